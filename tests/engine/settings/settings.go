// Package settings is the table of every security-relevant input the
// components in infra/ set in the prod estate: the resource type, the input,
// the value the components set, the insecure value it is changed to, and the
// policy rule that must fail the preview when it changes (or, where no rule
// does, the written reason). The engine test (tests/engine/settings_test.go)
// makes each change in the shipped prod estate through the real engine with a
// stack transform and asserts the preview fails naming exactly those rules;
// its offline twin (internal/compliance/settings_test.go) does the same under
// the recording mock in milliseconds; docs/estate-settings.md is generated
// from the table.
package settings

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/carestack/carestack/internal/offline"
)

// Row is one input and one insecure change to it.
type Row struct {
	Type string
	// Names are the logical names of the resources changed, one case each;
	// empty means every resource of Type in the prod estate.
	Names []string
	// Except leaves these resources out when Names is empty.
	Except []string
	// Path is the input (see path.go for the syntax).
	Path string
	// To is the insecure value (plain Go: bool, int, string, []any,
	// map[string]any), or Delete to remove the input.
	To any
	// Rules are the policy names that must fail, each with a mandatory
	// violation on the changed resource or on a subject in On.
	Rules []string
	// Reason says why no rule fails (required when Rules is empty).
	Reason string
	// On lists where else the rules may report: "type" (the changed
	// resource's sibling of that type whose name is the longest prefix of
	// the changed resource's name, e.g. the bucket of a bucket's public
	// access block), "type::name", or "*" (anywhere: a provider's default
	// tags reach every resource).
	On []string
	// Engine, when set, says why only the real engine can judge the change
	// (what it reads is made by the awsx provider, which the offline mock
	// never runs); the offline twin skips the row.
	Engine string
	// Note says what the change means (AWS's default when the input is
	// removed, what it exposes), for the generated table.
	Note string
}

// Case is one row applied to one resource.
type Case struct {
	Row  *Row
	Type string
	Name string
	// Set is the value the program sets there (nil when unset), rendered.
	Set string
	// Subjects are "type::name" of the resources a violation may name.
	Subjects []string
	Anywhere bool
	path     path
}

// ID names the case in test output.
func (c Case) ID() string {
	return fmt.Sprintf("%s::%s %s=%s", short(c.Type), c.Name, c.Row.Path, Render(c.Row.To, 40))
}

// short is a type token without its module path: aws:rds/proxy:Proxy -> rds.Proxy.
func short(typ string) string {
	parts := strings.Split(typ, ":")
	if len(parts) != 3 {
		return typ
	}
	mod := parts[1]
	if i := strings.IndexByte(mod, '/'); i >= 0 {
		mod = mod[:i]
	}
	return mod + "." + parts[2]
}

// Matches reports whether a violation on urn is on the changed resource or
// one of its subjects.
func (c Case) Matches(urn string) bool {
	if c.Anywhere {
		return true
	}
	for _, s := range append([]string{c.Type + "::" + c.Name}, c.Subjects...) {
		if i := len(urn) - len(s); i > 0 && strings.HasSuffix(urn, s) && (urn[i-1] == '$' || urn[i-1] == ':') {
			return true
		}
	}
	return false
}

// Cases expands the table over the prod estate recorded offline. Rows that
// name resources the offline run cannot see (awsx's children) must name
// them and set Engine.
func Cases(res *offline.Result) ([]Case, error) {
	var out []Case
	var errs []string
	for i := range Table {
		r := &Table[i]
		p, err := parsePath(r.Path)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		names := r.Names
		if len(names) == 0 {
			for _, x := range res.ByType(r.Type) {
				if !slices.Contains(r.Except, x.Name) {
					names = append(names, x.Name)
				}
			}
			// Registration order varies between runs; names do not.
			sort.Strings(names)
		}
		if len(names) == 0 {
			errs = append(errs, fmt.Sprintf("%s %s: the prod estate has no %s", r.Type, r.Path, r.Type))
		}
		for _, n := range names {
			c := Case{Row: r, Type: r.Type, Name: n, path: p}
			x, seen := res.Named(r.Type, n)
			switch {
			case !seen && r.Engine == "":
				errs = append(errs, fmt.Sprintf("%s::%s: not in the prod estate", r.Type, n))
				continue
			case seen:
				if p.option == "protect" {
					c.Set = fmt.Sprint(x.Protect)
				} else if v, ok := getPlain(x.Plain(), p); ok {
					c.Set = Render(v, 0)
				}
			}
			for _, on := range r.On {
				switch {
				case on == "*":
					c.Anywhere = true
				case strings.Contains(on, "::"):
					c.Subjects = append(c.Subjects, on)
				default:
					s, ok := sibling(res, x, on)
					if !ok {
						errs = append(errs, fmt.Sprintf("%s::%s: no sibling %s", r.Type, n, on))
					}
					c.Subjects = append(c.Subjects, s)
				}
			}
			out = append(out, c)
		}
	}
	if len(errs) > 0 {
		return out, fmt.Errorf("settings table:\n  %s", strings.Join(errs, "\n  "))
	}
	return out, nil
}

// Unreasoned lists the rows with neither rules nor a written reason, or
// with both.
func Unreasoned() []string {
	var out []string
	for _, r := range Table {
		if (len(r.Rules) == 0) == (r.Reason == "") {
			out = append(out, fmt.Sprintf("%s %s=%s", r.Type, r.Path, Render(r.To, 40)))
		}
	}
	return out
}

// sibling finds the resource of typ under the same parent whose name is the
// longest prefix of x's name.
func sibling(res *offline.Result, x offline.Resource, typ string) (string, bool) {
	best := ""
	for _, y := range res.ByType(typ) {
		if y.Parent == x.Parent && strings.HasPrefix(x.Name, y.Name) && len(y.Name) > len(best) {
			best = y.Name
		}
	}
	return typ + "::" + best, best != ""
}

// ApplyPlain makes the case's change to a recorded resource (offline).
func (c Case) ApplyPlain(r *offline.Resource) error {
	if c.path.option == "protect" {
		r.Protect = c.Row.To.(bool)
		return nil
	}
	m := r.Plain()
	if err := setPlain(m, c.path, c.Row.To); err != nil {
		return err
	}
	r.Inputs = newPropertyMap(m)
	return nil
}

// ApplyTransform makes the case's change to what a resource transform
// receives (the engine).
func (c Case) ApplyTransform(a *pulumi.ResourceTransformArgs) error {
	if c.path.option == "protect" {
		a.Opts.Protect = c.Row.To.(bool)
		return nil
	}
	if a.Props == nil {
		a.Props = pulumi.Map{}
	}
	return setInput(a.Props, c.path, c.Row.To)
}

// Render shows a value compactly (JSON), cut to max runes when max > 0.
func Render(v any, max int) string {
	var s string
	switch v := v.(type) {
	case deleteMarker:
		s = v.String()
	case string:
		s = v
	default:
		b, err := json.Marshal(plainValue(v))
		if err != nil {
			s = fmt.Sprint(v)
		} else {
			s = string(b)
		}
	}
	if r := []rune(s); max > 0 && len(r) > max {
		s = string(r[:max-1]) + "…"
	}
	return s
}

// Ignored is an input the components set that no row changes, and why it
// is not a security setting (or is judged elsewhere).
type Ignored struct {
	Type string
	// Inputs are top-level input names; "*" is every input of the type.
	Inputs []string
	Reason string
}

// Unlisted returns the inputs of the prod estate that neither a row nor
// an Ignored entry accounts for, as "type.input".
func Unlisted(res *offline.Result) []string {
	covered := map[string]bool{}
	for _, r := range Table {
		p, err := parsePath(r.Path)
		if err != nil || p.option != "" {
			continue
		}
		covered[r.Type+"."+p.prop[0].key] = true
	}
	for _, ig := range IgnoredInputs {
		for _, in := range ig.Inputs {
			covered[ig.Type+"."+in] = true
		}
	}
	seen := map[string]bool{}
	var out []string
	for _, x := range res.Resources {
		if covered[x.Type+".*"] {
			continue
		}
		for k := range x.Inputs {
			key := x.Type + "." + string(k)
			if !covered[key] && !seen[key] {
				seen[key] = true
				out = append(out, key)
			}
		}
	}
	sort.Strings(out)
	return out
}
