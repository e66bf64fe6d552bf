package report

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"github.com/carestack/carestack/internal/compliance"
	"github.com/carestack/carestack/policy/rules"
)

// Source kinds: where the resources and verdicts came from.
const (
	// SourceOffline: the program run under Pulumi's mock monitor. It never
	// sees the children of awsx components.
	SourceOffline = "offline"
	// SourceEventLog: the event log of a real preview with the pack.
	SourceEventLog = "event log"
	// SourceStackExport: a `pulumi stack export` of a deployed stack,
	// evaluated with compliance.EvaluateResources.
	SourceStackExport = "stack export"
)

// Source says what the report was made from.
type Source struct {
	Kind   string `json:"kind"`
	Detail string `json:"detail,omitempty"`
	// Path is the file read (event log, stack export), if any.
	Path string `json:"path,omitempty"`
}

func (s Source) String() string {
	out := s.Kind
	if s.Detail != "" {
		out += ": " + s.Detail
	}
	if s.Path != "" {
		out += " (" + s.Path + ")"
	}
	return out
}

// Inputs are what a report needs beyond the evaluation: the project
// directory (git state, go.mod, the stack file and infra/ for locations),
// the policy config file (its digest), the source, and the time.
type Inputs struct {
	Dir              string
	PolicyConfigPath string
	// PolicyConfigErrors are the offline check's refusals of the config,
	// if any: the report shows them and fails its gate.
	PolicyConfigErrors []string
	Source             Source
	// Now is the generation time; zero means time.Now().
	Now time.Time
}

// Evidence is what an auditor needs to trust and reproduce the report.
type Evidence struct {
	GeneratedAt time.Time `json:"generatedAt"`
	Git         Git       `json:"git"`
	Stack       string    `json:"stack"`
	Environment rules.Env `json:"environment"`
	Pack        Pack      `json:"pack"`
	// Versions are the Pulumi SDK and providers the program is built with.
	Versions     []Version     `json:"versions"`
	GoVersion    string        `json:"goVersion"`
	Source       Source        `json:"source"`
	PolicyConfig PolicyConfig  `json:"policyConfig"`
	Exceptions   []Exception   `json:"exceptions"`
	Overrides    []Override    `json:"overrides"`
	Deferred     []DeferredRef `json:"deferred"`
	// InformationURI is the controls documentation: the repository's
	// docs/controls.md on its remote, else the file on this machine.
	InformationURI string `json:"informationUri"`
}

// Git is the repository state the report was made from.
type Git struct {
	Commit string `json:"commit"`
	// Dirty: the work tree had uncommitted changes (tracked or untracked
	// files, outside .gitignore). Nil when it could not be told.
	Dirty  *bool  `json:"dirty"`
	Branch string `json:"branch,omitempty"`
	// Remote is the origin's URL, if the repository has one.
	Remote string `json:"remote,omitempty"`
	// RepositoryURI is the remote's web address, else the directory.
	RepositoryURI string `json:"repositoryUri"`
}

// Pack names the policy pack.
type Pack struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Version is one module's version and where it was read.
type Version struct {
	Module  string `json:"module"`
	Version string `json:"version"`
	From    string `json:"from"` // "build info" or "go.mod"
}

// PolicyConfig identifies the policy config the report was judged by.
type PolicyConfig struct {
	Path string `json:"path"`
	// Present is false when the stack has no config file: the
	// environment's levels and thresholds in the pack apply.
	Present bool   `json:"present"`
	SHA256  string `json:"sha256,omitempty"`
	// Refused lists the offline check's reasons for refusing the config.
	Refused []string `json:"refused,omitempty"`
}

// Exception is one configured exception and what it matched.
type Exception struct {
	ID       string   `json:"id"`
	Reason   string   `json:"reason"`
	Policies []string `json:"policies"`
	Targets  []string `json:"targets"`
	Matched  bool     `json:"matched"`
	// Findings are the "rule URN" pairs it covered.
	Findings []string `json:"findings"`
}

// Override is one threshold or level that differs from the catalog default.
type Override struct {
	Rule    string `json:"rule"`
	ID      string `json:"id"`
	Setting string `json:"setting"` // "level" or a threshold name
	Default string `json:"default"`
	Value   string `json:"value"`
	// By says where the value comes from: "policy config policies.<key>"
	// or "environment <env>" (rules.Environments).
	By string `json:"by"`
	// Weaker is set for a level below the default.
	Weaker bool `json:"weaker,omitempty"`
}

// DeferredRef is one resource whose check waited for `pulumi up`.
type DeferredRef struct {
	Rule string `json:"rule"`
	ID   string `json:"id"`
	URN  string `json:"urn"`
	Name string `json:"name"`
}

func collectEvidence(r *Report, o *observation, pc *compliance.PolicyConfig, in Inputs) Evidence {
	now := in.Now
	if now.IsZero() {
		now = time.Now()
	}
	ev := Evidence{
		GeneratedAt: now.UTC().Truncate(time.Second), Git: gitState(in.Dir), Stack: r.Stack, Environment: r.Env,
		Pack: Pack{rules.PackName, rules.PackVersion}, Versions: moduleVersions(in.Dir), GoVersion: runtime.Version(),
		Source: in.Source, PolicyConfig: policyConfigEvidence(in), Exceptions: []Exception{}, Overrides: overrides(pc, r.Env),
		Deferred: []DeferredRef{},
	}
	ev.InformationURI = informationURI(in.Dir, ev.Git)
	ids := make([]string, 0, len(pc.Exceptions))
	for id := range pc.Exceptions {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		e := pc.Exceptions[id]
		x := Exception{ID: id, Reason: e.Reason, Policies: []string{}, Targets: []string{}, Findings: nonNil(o.matched[id])}
		for _, m := range e.Match {
			x.Policies = append(x.Policies, m.Policies...)
			x.Targets = append(x.Targets, m.Targets...)
		}
		sort.Strings(x.Findings)
		x.Matched = len(x.Findings) > 0
		ev.Exceptions = append(ev.Exceptions, x)
	}
	for _, rr := range r.Rules {
		for _, u := range rr.DeferredResources {
			ev.Deferred = append(ev.Deferred, DeferredRef{Rule: rr.Name, ID: rr.ID, URN: u, Name: r.name(u)})
		}
	}
	return ev
}

func policyConfigEvidence(in Inputs) PolicyConfig {
	p := PolicyConfig{Path: relTo(in.Dir, in.PolicyConfigPath), Refused: in.PolicyConfigErrors}
	if in.PolicyConfigPath == "" {
		return p
	}
	data, err := os.ReadFile(in.PolicyConfigPath)
	if err != nil {
		return p
	}
	sum := sha256.Sum256(data)
	p.Present, p.SHA256 = true, hex.EncodeToString(sum[:])
	return p
}

// overrides lists every level and threshold that differs from the catalog
// default: levels the config sets, thresholds the environment or the config
// sets.
func overrides(pc *compliance.PolicyConfig, env rules.Env) []Override {
	out := []Override{}
	configured := pc.Params()
	for _, rl := range rules.Catalog {
		def, got := rl.Level(env), pc.Level(rl, env)
		if def != got {
			by := "policy config policies." + rl.Name
			if _, own := pc.Policies[rl.Name]; !own || levelOf(pc.Policies[rl.Name]) == "" {
				by = "policy config policies.all"
			}
			out = append(out, Override{Rule: rl.Name, ID: rl.ID, Setting: "level", Default: string(def), Value: string(got), By: by,
				Weaker: levelStrength(got) < levelStrength(def)})
		}
		inEnv := rl.ParamsIn(env)
		keys := make([]string, 0, len(rl.Params))
		for k := range rl.Params {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			def := jsonText(rl.Params[k])
			value, by := inEnv[k], "environment "+string(env)
			if v, ok := configured[rl.Name][k]; ok {
				value, by = v, "policy config policies."+rl.Name
			}
			if got := jsonText(value); got != def {
				out = append(out, Override{Rule: rl.Name, ID: rl.ID, Setting: k, Default: def, Value: got, By: by})
			}
		}
	}
	return out
}

func levelOf(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case map[string]any:
		s, _ := v["enforcementLevel"].(string)
		return s
	}
	return ""
}

// jsonText renders a setting the way the config file writes it, so []string
// and []any, or 30 and 30.0, compare equal.
func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// git runs git in dir; "" when it fails.
func git(dir string, args ...string) (string, bool) {
	if dir == "" {
		return "", false
	}
	out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).Output()
	if err != nil {
		return "", false
	}
	return strings.TrimSpace(string(out)), true
}

func gitState(dir string) Git {
	g := Git{Commit: "unknown"}
	if c, ok := git(dir, "rev-parse", "HEAD"); ok {
		g.Commit = c
		if st, ok := git(dir, "status", "--porcelain"); ok {
			dirty := st != ""
			g.Dirty = &dirty
		}
		if b, ok := git(dir, "rev-parse", "--abbrev-ref", "HEAD"); ok && b != "HEAD" {
			g.Branch = b
		}
		if remotes, ok := git(dir, "remote"); ok && remotes != "" {
			name := strings.Fields(remotes)[0]
			if strings.Contains(" "+strings.ReplaceAll(remotes, "\n", " ")+" ", " origin ") {
				name = "origin"
			}
			g.Remote, _ = git(dir, "remote", "get-url", name)
		}
	} else if bi, ok := debug.ReadBuildInfo(); ok {
		// A built binary outside its repository: the build's own stamp.
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				g.Commit = s.Value
			case "vcs.modified":
				dirty := s.Value == "true"
				g.Dirty = &dirty
			}
		}
	}
	g.RepositoryURI = webURL(g.Remote)
	if g.RepositoryURI == "" && dir != "" {
		abs, _ := filepath.Abs(dir)
		g.RepositoryURI = fileURI(abs) + "/"
	}
	return g
}

var scpLike = regexp.MustCompile(`^[\w.-]+@([\w.-]+):(.+?)(\.git)?$`)

// webURL turns a remote into its https address ("" for a local path).
func webURL(remote string) string {
	switch {
	case remote == "":
		return ""
	case strings.HasPrefix(remote, "https://"), strings.HasPrefix(remote, "http://"):
		return strings.TrimSuffix(remote, ".git")
	case strings.HasPrefix(remote, "ssh://"):
		rest := strings.TrimPrefix(remote, "ssh://")
		if i := strings.Index(rest, "@"); i >= 0 {
			rest = rest[i+1:]
		}
		return "https://" + strings.TrimSuffix(rest, ".git")
	}
	if m := scpLike.FindStringSubmatch(remote); m != nil {
		return "https://" + m[1] + "/" + m[2]
	}
	return ""
}

// informationURI is docs/controls.md on the remote (GitHub's blob path at
// the commit), else the file in the project directory.
func informationURI(dir string, g Git) string {
	if web := webURL(g.Remote); web != "" {
		ref := g.Commit
		if ref == "unknown" {
			ref = "HEAD"
		}
		if strings.Contains(web, "github.com/") {
			return web + "/blob/" + ref + "/docs/controls.md"
		}
		return web
	}
	abs, _ := filepath.Abs(filepath.Join(dir, "docs", "controls.md"))
	return fileURI(abs)
}

func fileURI(abs string) string {
	return "file://" + filepath.ToSlash(abs)
}

// versionModules are the modules whose versions a report names.
var versionModules = []string{
	"github.com/pulumi/pulumi/sdk/v3",
	"github.com/pulumi/pulumi-aws/sdk/v6",
	"github.com/pulumi/pulumi-awsx/sdk/v2",
}

// moduleVersions reads the build's own dependency list, and go.mod for
// modules the binary does not link (the report package alone links no
// provider SDK).
func moduleVersions(dir string) []Version {
	found := map[string]Version{}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Replace != nil {
				d = d.Replace
			}
			found[d.Path] = Version{Module: d.Path, Version: d.Version, From: "build info"}
		}
	}
	var fromMod map[string]string
	out := make([]Version, 0, len(versionModules))
	for _, m := range versionModules {
		v, ok := found[m]
		if !ok {
			if fromMod == nil {
				fromMod = goModRequires(filepath.Join(dir, "go.mod"))
			}
			v = Version{Module: m, Version: fromMod[m], From: "go.mod"}
			if v.Version == "" {
				v.Version, v.From = "unknown", "neither the build info nor go.mod"
			}
		}
		out = append(out, v)
	}
	return out
}

// goModRequires reads module versions from go.mod's require lines.
func goModRequires(path string) map[string]string {
	out := map[string]string{}
	f, err := os.Open(path)
	if err != nil {
		return out
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(sc.Text()), "require"))
		if i := strings.Index(line, "//"); i >= 0 {
			line = line[:i]
		}
		if fs := strings.Fields(line); len(fs) == 2 && strings.HasPrefix(fs[1], "v") {
			out[fs[0]] = fs[1]
		}
	}
	return out
}

func relTo(dir, path string) string {
	if path == "" || dir == "" {
		return path
	}
	absDir, err1 := filepath.Abs(dir)
	absPath, err2 := filepath.Abs(path)
	if err1 != nil || err2 != nil {
		return path
	}
	if rel, err := filepath.Rel(absDir, absPath); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return path
}

func fingerprint(rule, urn string) string {
	sum := sha256.Sum256([]byte(rule + "\x00" + urn))
	return hex.EncodeToString(sum[:16])
}
