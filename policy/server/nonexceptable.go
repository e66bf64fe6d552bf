package server

// Non-exceptable rules (rules.Rule.Exceptable false) stay mandatory, and no
// exception waives them. What the engine lets a pack enforce, read from
// pulumi/pkg v3.274.1:
//
//   - Levels. The engine folds "all" and each policy's level from
//     --policy-pack-config into one level per policy (plus an "all" entry)
//     and passes them to Configure (engine/update.go, resource/analyzer
//     config.go ReconcilePolicyPackConfig). An error from Configure fails the
//     operation before any step ("configuring policy pack ..."). So the pack
//     refuses any level below mandatory on such a rule, set by name or
//     through "all".
//   - Exceptions. The engine keeps a v2 config file's "exceptions" to itself:
//     it matches them against each diagnostic's policy name and resource URN
//     (resource/analyzer/exceptions.go) and never sends them to the pack;
//     nothing in the protocol carries them or the file's path. A stack-level
//     diagnostic does not escape them either: one without a URN is attributed
//     to the root stack resource, which an exception can target. The pack can
//     still read the file the engine read: the CLI that starts it (directly,
//     or through the Go language host for `runtime: go`) carries
//     --policy-pack / --policy-pack-config pairs on its command line, and on
//     Linux /proc shows it. Configure reads the file paired with this pack and
//     refuses an exception that names a non-exceptable rule.
//
// What this cannot see: exceptions from Pulumi Cloud policy groups (they come
// from the service) and, off Linux, the CLI's command line. There the offline
// check and CI (internal/compliance) are the enforcement; docs/exceptions.md
// says where each check runs.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"github.com/carestack/carestack/policy/rules"
)

const docsHint = "see docs/exceptions.md"

func levelName(l pulumirpc.EnforcementLevel) string { return strings.ToLower(l.String()) }

func weak(l pulumirpc.EnforcementLevel) bool {
	return l == pulumirpc.EnforcementLevel_ADVISORY || l == pulumirpc.EnforcementLevel_DISABLED
}

func nonExceptable() []*rules.Rule {
	var out []*rules.Rule
	for _, r := range rules.Catalog {
		if !r.Exceptable {
			out = append(out, r)
		}
	}
	return out
}

// weakenedLevels refuses levels below mandatory on non-exceptable rules.
// "all" set to advisory or disabled is refused outright, like the offline
// check does, even where a rule's own entry restores it: the config would
// read as "everything advisory".
func weakenedLevels(conf map[string]policyConfig) []string {
	var out []string
	all, hasAll := conf["all"]
	viaAll := hasAll && weak(all.level)
	if viaAll {
		var names []string
		for _, r := range nonExceptable() {
			names = append(names, fmt.Sprintf("%s (%s)", r.Name, r.ID))
		}
		out = append(out, fmt.Sprintf(`the policy config sets "all" to %q, which would make the non-exceptable rules %s; they must stay mandatory in every environment. Set levels rule by rule instead of through "all" (%s)`,
			levelName(all.level), levelName(all.level)+": "+strings.Join(names, ", "), docsHint))
	}
	for _, r := range nonExceptable() {
		c, ok := conf[r.Name]
		if !ok || !weak(c.level) || (viaAll && c.level == all.level) {
			continue
		}
		out = append(out, fmt.Sprintf(`the policy config sets %s (%s) to %q, but %s is non-exceptable: it must stay mandatory in every environment. Remove %q from "policies" in the policy pack config and fix the resources it reports (%s)`,
			r.Name, r.ID, levelName(c.level), r.ID, r.Name, docsHint))
	}
	return out
}

// configSearch is what the pack could learn about the engine's policy pack
// config files.
type configSearch struct {
	// found: the pulumi CLI that started the pack was found.
	found bool
	// files are the config files for this pack (all of them when it cannot
	// tell which --policy-pack it is).
	files []string
}

// exceptedNonExceptable reads the exceptions of the config files and
// refuses each that names a non-exceptable rule.
func exceptedNonExceptable(cs configSearch) []string {
	var out []string
	for _, f := range cs.files {
		data, err := os.ReadFile(f)
		if err != nil {
			// The engine read it a moment ago; if it is gone, the engine's
			// copy is what counts and we cannot check it.
			continue
		}
		out = append(out, exceptionRefusals(f, data)...)
	}
	return out
}

// exceptionRefusals lists the exceptions in a v2 policy pack config that
// name a non-exceptable rule.
func exceptionRefusals(file string, data []byte) []string {
	var doc struct {
		Exceptions map[string]struct {
			Match []struct {
				Policies []string `json:"policies"`
			} `json:"match"`
		} `json:"exceptions"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		// The engine parsed it, so this is a shape the engine rejects
		// elsewhere or a race; nothing to check.
		return nil
	}
	ids := make([]string, 0, len(doc.Exceptions))
	for id := range doc.Exceptions {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var out []string
	for _, id := range ids {
		seen := map[string]bool{}
		for _, m := range doc.Exceptions[id].Match {
			for _, p := range m.Policies {
				r := rules.ByName(p)
				if r == nil || r.Exceptable || seen[p] {
					continue
				}
				seen[p] = true
				out = append(out, fmt.Sprintf(`policy exception %q in %s names %s (%s), which is non-exceptable: no exception may waive it. Remove the exception and fix the resource (%s)`,
					id, file, r.Name, r.ID, docsHint))
			}
		}
	}
	return out
}

func joinRefusals(errs []string) string {
	if len(errs) == 1 {
		return errs[0]
	}
	return fmt.Sprintf("%d settings weaken non-exceptable rules:\n  - %s", len(errs), strings.Join(errs, "\n  - "))
}

// engineConfigFiles finds the pulumi CLI among this process's ancestors (the
// CLI starts a binary pack itself and a `runtime: go` pack through the Go
// language host) and returns the --policy-pack-config file paired with this
// pack's --policy-pack. rootDir is the pack directory from the handshake.
func engineConfigFiles(rootDir string) configSearch {
	self, _ := os.Executable()
	if p, err := filepath.EvalSymlinks(self); err == nil {
		self = p
	}
	pid := os.Getppid()
	for depth := 0; depth < 6 && pid > 1; depth++ {
		args := procArgs(pid)
		cwd, _ := os.Readlink(fmt.Sprintf("/proc/%d/cwd", pid))
		if packs, configs, ok := policyFlags(args); ok {
			return configSearch{found: true, files: pairConfig(packs, configs, cwd, self, rootDir)}
		}
		pid = parentOf(pid)
	}
	return configSearch{}
}

func procArgs(pid int) []string {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil || len(data) == 0 {
		return nil
	}
	return strings.Split(string(bytes.TrimRight(data, "\x00")), "\x00")
}

func parentOf(pid int) int {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// pid (comm) state ppid ...; comm may hold spaces and parentheses.
	s := string(data)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 2 {
		return 0
	}
	n, _ := strconv.Atoi(f[1])
	return n
}

// policyFlags reads the --policy-pack and --policy-pack-config values of a
// pulumi command line, in order (pflag's "--flag v" and "--flag=v" forms).
// ok is false when the command line names no policy pack.
func policyFlags(args []string) (packs, configs []string, ok bool) {
	value := func(i int, name string) (string, int, bool) {
		switch a := args[i]; {
		case a == name && i+1 < len(args):
			return args[i+1], i + 1, true
		case strings.HasPrefix(a, name+"="):
			return strings.TrimPrefix(a, name+"="), i, true
		}
		return "", i, false
	}
	for i := 0; i < len(args) && args[i] != "--"; i++ {
		if v, next, ok := value(i, "--policy-pack"); ok {
			packs, i = append(packs, v), next
		} else if v, next, ok := value(i, "--policy-pack-config"); ok {
			configs, i = append(configs, v), next
		}
	}
	return packs, configs, len(packs) > 0
}

// pairConfig returns the config paired with this pack: the engine pairs the
// i-th --policy-pack-config with the i-th --policy-pack. A pack is this one
// when it is this executable (a binary pack) or the handshake's directory (a
// `runtime: go` pack). When that is ambiguous, every config is returned.
func pairConfig(packs, configs []string, cwd, self, rootDir string) []string {
	abs := func(p string) string {
		if !filepath.IsAbs(p) && cwd != "" {
			p = filepath.Join(cwd, p)
		}
		if r, err := filepath.EvalSymlinks(p); err == nil {
			p = r
		}
		return filepath.Clean(p)
	}
	for i := range configs {
		configs[i] = abs(configs[i])
	}
	if len(configs) == 0 {
		return nil
	}
	root := ""
	if rootDir != "" {
		root = abs(rootDir)
	}
	match := -1
	for i, p := range packs {
		p = abs(p)
		st, err := os.Stat(p)
		mine := err == nil && ((!st.IsDir() && p == self) || (st.IsDir() && p == root))
		if !mine {
			continue
		}
		if match >= 0 {
			return configs
		}
		match = i
	}
	if match < 0 || match >= len(configs) || len(configs) != len(packs) {
		return configs
	}
	return []string{configs[match]}
}
