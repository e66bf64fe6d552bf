package forcenew

import (
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Result is the stand-in's answer to the engine's Diff call.
type Result struct {
	// Diffs are the top-level input keys that changed.
	Diffs []string
	// Replaces are the top-level keys whose change forces a replacement.
	Replaces []string
	// Reasons name, for each replacing key, the ForceNew property path
	// that changed and its source, so a test can say why.
	Reasons []string
	// DeleteBeforeReplace is set when the real provider asks the engine to
	// delete the old resource first (see deleteBeforeReplace).
	DeleteBeforeReplace bool
}

// Diff compares a resource's old and new inputs the way pulumi-aws does:
// a change to a ForceNew property (Rows, Conditionals) replaces, any other
// change updates. Values unknown at preview on a ForceNew path replace, as
// Terraform plans "forces replacement" for a value known only after apply.
func Diff(typ string, olds, news resource.PropertyMap) Result {
	var r Result
	changed := map[string]bool{}
	for k, v := range news {
		if isMeta(string(k)) {
			continue
		}
		if !equal(olds[k], v) {
			changed[string(k)] = true
		}
	}
	for k, v := range olds {
		if isMeta(string(k)) {
			continue
		}
		if _, ok := news[k]; !ok && !v.IsNull() {
			changed[string(k)] = true
		}
	}
	for k := range changed {
		r.Diffs = append(r.Diffs, k)
	}
	sort.Strings(r.Diffs)
	if len(r.Diffs) == 0 {
		return r
	}

	replaces := map[string]bool{}
	for _, row := range rowsByType()[typ] {
		top := strings.SplitN(row.Property, ".", 2)[0]
		if !changed[top] {
			continue
		}
		o, n := project(olds, row.Property), project(news, row.Property)
		if !equal(o, n) || n.ContainsUnknowns() {
			replaces[top] = true
			r.Reasons = append(r.Reasons, row.Property+" ("+row.Source+")")
		}
	}
	for _, c := range Conditionals {
		if c.Type != typ || !changed[c.Property] {
			continue
		}
		if c.Replaces(olds, news) {
			replaces[c.Property] = true
			r.Reasons = append(r.Reasons, c.Property+" when "+c.When+" ("+c.Source+")")
		}
	}
	for k := range replaces {
		r.Replaces = append(r.Replaces, k)
	}
	sort.Strings(r.Replaces)
	sort.Strings(r.Reasons)
	r.DeleteBeforeReplace = len(r.Replaces) > 0 && deleteBeforeReplace(typ, news)
	return r
}

// deleteBeforeReplace follows pulumi-terraform-bridge's rule
// (pkg/tfbridge/schema.go nameRequiresDeleteBeforeReplace): a resource
// whose ResourceInfo sets DeleteBeforeReplace, or whose auto-nameable
// property was set by the program rather than generated, is deleted before
// its replacement is created, since both cannot hold the same name. The
// stand-in keeps auto-names out of the inputs (only the created state has
// them), so an auto-name property present in the inputs is one the program
// chose.
func deleteBeforeReplace(typ string, news resource.PropertyMap) bool {
	if _, ok := DeleteBeforeReplace[typ]; ok {
		return true
	}
	prop, ok := AutoNamed[typ]
	if !ok {
		return false
	}
	v, ok := news[resource.PropertyKey(prop)]
	return ok && !v.IsNull()
}

// isMeta reports keys the bridge keeps beside the inputs (__defaults,
// __meta), which are no property of the resource.
func isMeta(k string) bool { return strings.HasPrefix(k, "__") }

// project reads a dotted property path; through arrays it maps each
// element, so a nested ForceNew attribute of a list block compares element
// by element.
func project(m resource.PropertyMap, path string) resource.PropertyValue {
	steps := strings.Split(path, ".")
	v := resource.NewObjectProperty(m)
	for _, s := range steps {
		v = step(v, s)
	}
	return v
}

func step(v resource.PropertyValue, key string) resource.PropertyValue {
	switch {
	case v.IsSecret():
		return step(v.SecretValue().Element, key)
	case v.IsOutput():
		if !v.OutputValue().Known {
			return v
		}
		return step(v.OutputValue().Element, key)
	case v.IsComputed():
		return v
	case v.IsObject():
		return v.ObjectValue()[resource.PropertyKey(key)]
	case v.IsArray():
		var out []resource.PropertyValue
		for _, e := range v.ArrayValue() {
			out = append(out, step(e, key))
		}
		return resource.NewArrayProperty(out)
	}
	return resource.NewNullProperty()
}

// equal treats a missing value and null alike, and unwraps secrets, so a
// value that only became secret is no change of the property itself.
func equal(a, b resource.PropertyValue) bool {
	a, b = plain(a), plain(b)
	if a.IsNull() || b.IsNull() {
		return a.IsNull() && b.IsNull()
	}
	return a.DeepEquals(b)
}

func plain(v resource.PropertyValue) resource.PropertyValue {
	for v.IsSecret() {
		v = v.SecretValue().Element
	}
	if v.IsOutput() && v.OutputValue().Known {
		return plain(v.OutputValue().Element)
	}
	return v
}
