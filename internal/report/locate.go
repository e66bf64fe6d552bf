package report

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/carestack/carestack/internal/compliance"
)

// Location is where a resource is declared: a line of Pulumi.<stack>.yaml
// for what the stack file lists by name (services, sites, buckets, topics),
// else the program file that constructs it.
type Location struct {
	File string `json:"file"` // relative to the repository root
	Line int    `json:"line"`
	// By says how it was found, e.g. "carestack:services[scheduling-api]"
	// or "infra/database: rds.NewCluster".
	By string `json:"by"`
}

// keyedComponents are the components the stack file declares by name: the
// component's type, the stack-file key, and the prefix the program puts
// before the entry's name (estate.go).
var keyedComponents = map[string]struct{ key, prefix string }{
	"carestack:compute:Service": {"carestack:services", ""},
	"carestack:web:StaticSite":  {"carestack:sites", "site-"},
	"carestack:storage:Bucket":  {"carestack:buckets", "data-"},
	"carestack:messaging:Topic": {"carestack:topics", "topic-"},
}

type goFile struct {
	path    string            // relative, slash-separated
	aliases map[string]string // import path -> name used in the file
	lines   []string
}

type locator struct {
	dir, stack, stackFile string
	parents, names        map[string]string
	types                 map[string]string
	stackItems            map[string]map[string]int // key -> entry name -> line
	files                 []goFile
}

func newLocator(dir, stack string, inventory []compliance.Seen) *locator {
	l := &locator{dir: dir, stack: stack, stackFile: "Pulumi." + stack + ".yaml",
		parents: map[string]string{}, names: map[string]string{}, types: map[string]string{}, stackItems: map[string]map[string]int{}}
	for _, s := range inventory {
		l.parents[s.URN], l.names[s.URN], l.types[s.URN] = s.Parent, s.Name, s.Type
	}
	if dir == "" {
		return l
	}
	l.readStackFile()
	l.readProgram()
	return l
}

// readStackFile indexes the entries of the by-name lists of the stack file.
func (l *locator) readStackFile() {
	data, err := os.ReadFile(filepath.Join(l.dir, l.stackFile))
	if err != nil {
		return
	}
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return
	}
	config := mapValue(doc.Content[0], "config")
	if config == nil {
		return
	}
	for _, kc := range keyedComponents {
		seq := mapValue(config, kc.key)
		if seq == nil || seq.Kind != yaml.SequenceNode {
			continue
		}
		l.stackItems[kc.key] = map[string]int{}
		for _, item := range seq.Content {
			switch item.Kind {
			case yaml.ScalarNode:
				l.stackItems[kc.key][item.Value] = item.Line
			case yaml.MappingNode:
				if n := mapValue(item, "name"); n != nil {
					l.stackItems[kc.key][n.Value] = item.Line
				}
			}
		}
	}
}

func mapValue(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// readProgram reads infra/'s Go files (not tests) with their imports.
func (l *locator) readProgram() {
	root := filepath.Join(l.dir, "infra")
	_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, src, parser.ImportsOnly)
		if err != nil {
			return nil
		}
		gf := goFile{path: filepath.ToSlash(relTo(l.dir, path)), aliases: map[string]string{}, lines: strings.Split(string(src), "\n")}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			name := p[strings.LastIndex(p, "/")+1:]
			if imp.Name != nil {
				name = imp.Name.Name
			}
			gf.aliases[p] = name
		}
		l.files = append(l.files, gf)
		return nil
	})
	sort.Slice(l.files, func(i, j int) bool { return l.files[i].path < l.files[j].path })
}

// ancestors lists a resource's URN and its parents', innermost first.
func (l *locator) ancestors(urn string) []string {
	var out []string
	seen := map[string]bool{}
	for u := urn; u != "" && !seen[u]; u = l.parents[u] {
		seen[u] = true
		out = append(out, u)
	}
	return out
}

// chain is a URN's type chain, innermost first: the resource's type, then
// its parents' types as the URN records them.
func chain(urn string) []string {
	parts := strings.Split(urn, "::")
	if len(parts) < 4 {
		return nil
	}
	ts := strings.Split(parts[len(parts)-2], "$")
	for i, j := 0, len(ts)-1; i < j; i, j = i+1, j-1 {
		ts[i], ts[j] = ts[j], ts[i]
	}
	return ts
}

func (l *locator) locate(urn string) *Location {
	if l.dir == "" {
		return nil
	}
	// A stack-file entry that declares the resource's component by name.
	for _, a := range l.ancestors(urn) {
		kc, ok := keyedComponents[l.types[a]]
		if !ok {
			continue
		}
		entry := strings.TrimPrefix(l.names[a], kc.prefix)
		if line, ok := l.stackItems[kc.key][entry]; ok {
			return &Location{File: l.stackFile, Line: line, By: kc.key + "[" + entry + "]"}
		}
	}
	types := chain(urn)
	if len(types) == 0 {
		return &Location{File: l.stackFile, Line: 1, By: "the stack"}
	}
	// The innermost carestack component says which package declares it.
	dir, component := "infra/estate", ""
	for _, t := range types[1:] {
		if p := strings.Split(t, ":"); len(p) == 3 && p[0] == "carestack" {
			dir, component = "infra/"+p[1], t
			break
		}
	}
	suffix := l.nameSuffix(urn)
	// The constructor of the resource, or of the provider component that
	// makes it (awsx), in the component's package; then anywhere in infra/.
	for _, scope := range []string{dir + "/", "infra/"} {
		for _, t := range types {
			if strings.HasPrefix(t, "carestack:") {
				break
			}
			if loc := l.constructor(scope, t, suffix); loc != nil {
				return loc
			}
		}
		if scope == dir+"/" && suffix != "" {
			if loc := l.quoted(scope, suffix); loc != nil {
				return loc
			}
		}
	}
	if component != "" {
		if loc := l.registration(component); loc != nil {
			return loc
		}
	}
	return &Location{File: l.stackFile, Line: 1, By: "the stack"}
}

// nameSuffix is what the resource's name adds to its parent's, e.g.
// "-flow-logs" for "main-flow-logs" under "main": the program writes it as
// a literal next to the constructor.
func (l *locator) nameSuffix(urn string) string {
	name, parent := l.names[urn], l.names[l.parents[urn]]
	if name == "" {
		parts := strings.Split(urn, "::")
		name = parts[len(parts)-1]
	}
	if parent != "" && strings.HasPrefix(name, parent) && len(name) > len(parent) {
		return name[len(parent):]
	}
	return ""
}

// constructor finds `alias.New<Name>(` for a type token such as
// aws:rds/cluster:Cluster (package .../go/aws/rds) or awsx:ec2:Vpc
// (.../go/awsx/ec2), preferring the line that writes the name's suffix.
func (l *locator) constructor(scope, typ, suffix string) *Location {
	p := strings.Split(typ, ":")
	if len(p) != 3 {
		return nil
	}
	mod := p[1]
	if i := strings.Index(mod, "/"); i >= 0 {
		mod = mod[:i]
	}
	pkgSuffix := "/go/" + p[0] + "/" + mod
	if mod == "index" {
		pkgSuffix = "/go/" + p[0]
	}
	var first *Location
	for _, f := range l.files {
		if !strings.HasPrefix(f.path, scope) {
			continue
		}
		alias := ""
		for path, name := range f.aliases {
			if strings.HasSuffix(path, pkgSuffix) {
				alias = name
			}
		}
		if alias == "" {
			continue
		}
		call := regexp.MustCompile(`\b` + regexp.QuoteMeta(alias) + `\.New` + regexp.QuoteMeta(p[2]) + `\(`)
		for i, line := range f.lines {
			if !call.MatchString(line) {
				continue
			}
			loc := &Location{File: f.path, Line: i + 1, By: strings.TrimSuffix(scope, "/") + ": " + alias + ".New" + p[2]}
			if suffix != "" && strings.Contains(line, strconv.Quote(suffix)) {
				return loc
			}
			if first == nil {
				first = loc
			}
		}
	}
	return first
}

// quoted finds the line writing a name suffix as a literal (a helper such
// as common.LogGroup(ctx, name+"-flow-logs", ...) makes the resource).
func (l *locator) quoted(scope, suffix string) *Location {
	lit := strconv.Quote(suffix)
	for _, f := range l.files {
		if !strings.HasPrefix(f.path, scope) {
			continue
		}
		for i, line := range f.lines {
			if strings.Contains(line, lit) && strings.Contains(line, "ctx") {
				return &Location{File: f.path, Line: i + 1, By: strings.TrimSuffix(scope, "/") + ": " + lit}
			}
		}
	}
	return nil
}

// registration finds where a carestack component registers itself.
func (l *locator) registration(component string) *Location {
	lit := strconv.Quote(component)
	for _, f := range l.files {
		for i, line := range f.lines {
			if strings.Contains(line, "RegisterComponentResource") && strings.Contains(line, lit) {
				return &Location{File: f.path, Line: i + 1, By: component}
			}
		}
	}
	return nil
}
