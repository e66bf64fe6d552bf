package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// TopLevelKeys are the `carestack:` keys a stack may set, from Config's
// fields: one list, so a new setting is known the moment it is declared.
func TopLevelKeys() []string { return fieldNames(reflect.TypeOf(Config{})) }

func fieldNames(t reflect.Type) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		if name := jsonName(t.Field(i)); name != "" {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

func jsonName(f reflect.StructField) string {
	tag := f.Tag.Get("json")
	name, _, _ := strings.Cut(tag, ",")
	if name == "-" || !f.IsExported() {
		return ""
	}
	if name == "" {
		return f.Name
	}
	return name
}

// CheckKeys reports every `carestack:` key that is not a setting, with the
// nearest valid key. keys are full config keys ("carestack:database");
// other namespaces (aws:, pulumi:) are not ours and pass.
func CheckKeys(keys []string) Problems {
	known := TopLevelKeys()
	var ps Problems
	sorted := append([]string(nil), keys...)
	sort.Strings(sorted)
	for _, full := range sorted {
		ns, key, ok := strings.Cut(full, ":")
		if !ok || ns != Namespace || contains(known, key) {
			continue
		}
		p := Problem{Key: key, Value: "(set)", Example: exampleFor(nearest(key, known))}
		if head, rest, nested := strings.Cut(key, "."); nested && contains(known, head) {
			// `pulumi config set carestack:database.readerCount 2` without
			// --path makes a top-level key with a dot in it, which nothing reads.
			p.Allowed = fmt.Sprintf("not a key: %q is a setting inside carestack:%s; set it with `pulumi config set --path 'carestack:%s.%s' <value>` (nested under carestack:%s in Pulumi.<stack>.yaml)", rest, head, head, rest, head)
		} else {
			p.Allowed = fmt.Sprintf("not a carestack setting; %s(settings: %s)", suggest(key, known, "carestack:"), strings.Join(known, ", "))
		}
		ps = append(ps, p)
	}
	return ps
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// nearest is the candidate with the smallest edit distance to s.
func nearest(s string, candidates []string) string {
	best, bestD := "", 1<<30
	for _, c := range candidates {
		if d := editDistance(strings.ToLower(s), strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// suggest is "did you mean X? " when X is close enough to be a typo of s.
func suggest(s string, candidates []string, prefix string) string {
	n := nearest(s, candidates)
	if n == "" || editDistance(strings.ToLower(s), strings.ToLower(n)) > max(2, len(s)/3) {
		return ""
	}
	return "did you mean " + prefix + n + "? "
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// configKeys finds the keys the stack set: the engine's PULUMI_CONFIG when
// a language host started the program (exactly what `pulumi up` passes),
// else the stack file beside Pulumi.yaml (the program's root directory, or
// the working directory for inline and offline runs). ok is false when
// neither can be read, and then no key is checked.
func configKeys(rootDir, stack string) (keys []string, ok bool) {
	if raw := os.Getenv("PULUMI_CONFIG"); raw != "" {
		var m map[string]any
		if json.Unmarshal([]byte(raw), &m) == nil {
			for k := range m {
				keys = append(keys, k)
			}
			return keys, true
		}
	}
	for _, dir := range []string{rootDir, "."} {
		if dir == "" && rootDir == "" && dir != "." {
			continue
		}
		keys, err := StackFileKeys(filepath.Join(dir, "Pulumi."+stack+".yaml"))
		if err == nil {
			return keys, true
		}
	}
	return nil, false
}

// StackFileKeys lists the config keys a Pulumi.<stack>.yaml sets.
func StackFileKeys(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Config map[string]yaml.Node `yaml:"config"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: not valid YAML: %w", path, err)
	}
	keys := make([]string, 0, len(doc.Config))
	for k := range doc.Config {
		keys = append(keys, k)
	}
	return keys, nil
}

// checkShape walks a config value against the Go type it decodes into and
// reports each unknown field and each value of the wrong type where it is,
// naming list entries by their name (services[scheduling-api].maxTasks),
// so a reviewer is never handed the whole object.
func checkShape(key, raw string, into any) Problems {
	t := reflect.TypeOf(into).Elem()
	if t.Kind() == reflect.String {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(raw)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return Problems{{Key: key, Value: raw, Allowed: "a value of the shape declared in Pulumi.yaml (" + err.Error() + ")", Example: exampleFor(key)}}
	}
	var ps Problems
	walkShape(key, key, v, t, &ps)
	return ps
}

func walkShape(top, path string, v any, t reflect.Type, ps *Problems) {
	bad := func(want, example string) {
		*ps = append(*ps, Problem{Key: path, Value: showValue(v), Allowed: fmt.Sprintf("%s (got %s)", want, kindOf(v)), Example: example})
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	leaf := path[strings.LastIndexAny(path, ".]")+1:]
	switch t.Kind() {
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			bad("an object", exampleFor(top))
			return
		}
		fields := map[string]reflect.StructField{}
		for i := 0; i < t.NumField(); i++ {
			if name := jsonName(t.Field(i)); name != "" {
				fields[name] = t.Field(i)
			}
		}
		names := fieldNames(t)
		for _, k := range sortedKeys(m) {
			f, ok := fields[k]
			if !ok {
				*ps = append(*ps, Problem{Key: path + "." + k, Value: showValue(m[k]),
					Allowed: fmt.Sprintf("not a setting of %s; %s(settings: %s)", path, suggest(k, names, ""), strings.Join(names, ", ")),
					Example: exampleFor(top)})
				continue
			}
			walkShape(top, path+"."+k, m[k], f.Type, ps)
		}
	case reflect.Slice:
		arr, ok := v.([]any)
		if !ok {
			bad("a list", exampleFor(top))
			return
		}
		for i, e := range arr {
			label := fmt.Sprint(i)
			if m, ok := e.(map[string]any); ok {
				if n, ok := m["name"].(string); ok && n != "" {
					label = n
				}
			}
			walkShape(top, fmt.Sprintf("%s[%s]", path, label), e, t.Elem(), ps)
		}
	case reflect.Map:
		m, ok := v.(map[string]any)
		if !ok {
			bad("a map of names to values", leaf+": {NAME: value}")
			return
		}
		for _, k := range sortedKeys(m) {
			walkShape(top, path+"."+k, m[k], t.Elem(), ps)
		}
	case reflect.String:
		if _, ok := v.(string); !ok {
			bad("a string", leaf+`: "text"`)
		}
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			bad("true or false", leaf+": true")
		}
	case reflect.Int, reflect.Int64, reflect.Int32:
		n, ok := v.(json.Number)
		if _, err := n.Int64(); !ok || err != nil {
			bad("a whole number", leaf+": 10")
		}
	}
}

func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func kindOf(v any) string {
	switch v := v.(type) {
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case json.Number:
		if _, err := v.Int64(); err == nil {
			return "a whole number"
		}
		return "a number"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	case nil:
		return "nothing"
	}
	return fmt.Sprintf("%T", v)
}

// showValue prints a scalar; objects and lists are summarised, never dumped.
func showValue(v any) string {
	switch v := v.(type) {
	case map[string]any:
		return fmt.Sprintf("{an object with %d key(s)}", len(v))
	case []any:
		return fmt.Sprintf("[a list of %d]", len(v))
	case nil:
		return "null"
	}
	return fmt.Sprint(v)
}
