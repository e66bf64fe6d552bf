// Package anchors is carestack's anchor-derived corpus: for every anchor
// rule that applies to a resource definition (AWS Config's HIPAA
// conformance pack, cdk-nag HIPAA.Security, checkov, Prowler), a violating
// stack and a compliant stack in realistic pulumi-aws v6 input shapes,
// written from the anchor's rule text, not from this pack's code. Each case
// cites its anchor rule. The runner feeds the stack to the pack the way the
// engine does (every resource to the resource rules of its type, the whole
// stack to the stack rules) at prod levels with no policy config.
package anchors

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/carestack/carestack/policy/rules"
)

// Case is one anchor-derived stack.
type Case struct {
	// Anchor cites the rule: "CFG rds-storage-encrypted", "CN HIPAA.Security-RDSStorageEncrypted",
	// "CK CKV_AWS_16", "PR rds_instance_storage_encrypted". Several may share a case.
	Anchor string
	// Name says what the stack does, e.g. "mysql instance without storage encryption".
	Name string
	// Violating cases must be caught by every rule in Want (on any resource of
	// the stack); compliant cases must draw no violation from any rule.
	Violating bool
	Want      []string
	Stack     []R
}

// R is one resource of a case's stack.
type R struct {
	Type  string
	Name  string
	Props map[string]any
	// Deps maps an input to the names (R.Name) of the resources in this
	// stack its value came from, as the engine's property dependencies do.
	Deps map[string][]string
	// Class is the DataClassification tag the runner adds to a taggable
	// resource that sets no tags ("" means Internal).
	Class string
	// Protect is the resource's `protect` option (a stateful resource in a
	// compliant stack is protected from deletion).
	Protect bool
}

// Unknown stands for a value unknown at preview.
type Unknown struct{}

// Secret wraps a value the program marked secret.
type Secret struct{ V any }

// corpus collects every case file's cases (each file appends in init).
var corpus []Case

func add(cs ...Case) { corpus = append(corpus, cs...) }

const project = "anchors"

func urn(typ, name string) string {
	return "urn:pulumi:corpus::" + project + "::" + typ + "::" + name
}

func toValue(v any) resource.PropertyValue {
	switch v := v.(type) {
	case Unknown:
		return resource.MakeComputed(resource.NewStringProperty(""))
	case Secret:
		return resource.MakeSecret(toValue(v.V))
	case map[string]any:
		return resource.NewObjectProperty(toMap(v))
	case []any:
		arr := make([]resource.PropertyValue, len(v))
		for i, e := range v {
			arr[i] = toValue(e)
		}
		return resource.NewArrayProperty(arr)
	case []string:
		arr := make([]resource.PropertyValue, len(v))
		for i, e := range v {
			arr[i] = resource.NewStringProperty(e)
		}
		return resource.NewArrayProperty(arr)
	case int:
		return resource.NewNumberProperty(float64(v))
	}
	return resource.NewPropertyValue(v)
}

func toMap(m map[string]any) resource.PropertyMap {
	out := resource.PropertyMap{}
	for k, v := range m {
		out[resource.PropertyKey(k)] = toValue(v)
	}
	return out
}

// Build turns a case's stack into what the pack reads.
func Build(c Case) ([]rules.Resource, error) {
	byName := map[string]string{}
	for _, r := range c.Stack {
		if _, dup := byName[r.Name]; dup {
			return nil, fmt.Errorf("%s: two resources named %s", c.Name, r.Name)
		}
		byName[r.Name] = urn(r.Type, r.Name)
	}
	provider := toMap(map[string]any{"region": "us-east-1", "defaultTags": map[string]any{"tags": map[string]any{
		"Owner": "platform", "Environment": "prod", "Service": "corpus"}}})
	out := make([]rules.Resource, 0, len(c.Stack))
	for _, r := range c.Stack {
		props := map[string]any{}
		for k, v := range r.Props {
			props[k] = v
		}
		if _, ok := props["tags"]; !ok && rules.Taggable(r.Type) {
			props["tags"] = map[string]any{rules.TagDataClassification: orDefault(r.Class, "Internal")}
		}
		deps := map[string][]string{}
		for k, names := range r.Deps {
			for _, n := range names {
				u, ok := byName[n]
				if !ok {
					return nil, fmt.Errorf("%s: %s.%s depends on unknown resource %s", c.Name, r.Name, k, n)
				}
				deps[k] = append(deps[k], u)
			}
		}
		out = append(out, rules.Resource{
			Type: r.Type, URN: urn(r.Type, r.Name), Name: r.Name,
			Props:                resource.FromResourcePropertyMap(toMap(props)),
			PropertyDependencies: deps,
			Protect:              r.Protect,
			ProviderProps:        resource.FromResourcePropertyMap(provider),
		})
	}
	return out, nil
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// Outcome of one case.
type Outcome struct {
	Case       Case
	Violations []rules.Finding
	Missed     []string // violating: wanted rules that did not fire
	FalsePos   bool     // compliant: something fired
	Err        error
}

// Run evaluates one case at prod levels.
func Run(c Case) Outcome {
	o := Outcome{Case: c}
	rs, err := Build(c)
	if err != nil {
		o.Err = err
		return o
	}
	fired := map[string]bool{}
	for _, f := range rules.Evaluate(rs, nil) {
		if f.Outcome == rules.Violation && f.Rule != "" {
			o.Violations = append(o.Violations, f)
			fired[f.Rule] = true
		}
	}
	if c.Violating {
		for _, w := range c.Want {
			if !fired[w] {
				o.Missed = append(o.Missed, w)
			}
		}
	} else {
		o.FalsePos = len(o.Violations) > 0
	}
	return o
}

// anchorOf is the anchor family of a citation ("CFG", "CN", "CK", "PR").
func anchorOf(cite string) string {
	f, _, _ := strings.Cut(cite, " ")
	return f
}

func TestAnchorCorpus(t *testing.T) {
	type tally struct{ violating, caught, compliant, quiet int }
	per := map[string]*tally{}
	for _, c := range corpus {
		o := Run(c)
		name := c.Anchor + ": " + c.Name
		if o.Err != nil {
			t.Errorf("%s: %v", name, o.Err)
			continue
		}
		for _, cite := range strings.Split(c.Anchor, ";") {
			fam := anchorOf(strings.TrimSpace(cite))
			if per[fam] == nil {
				per[fam] = &tally{}
			}
			tl := per[fam]
			if c.Violating {
				tl.violating++
				if len(o.Missed) == 0 {
					tl.caught++
				}
			} else {
				tl.compliant++
				if !o.FalsePos {
					tl.quiet++
				}
			}
		}
		switch {
		case c.Violating && len(c.Want) == 0:
			t.Errorf("%s: a violating case names no rule it wants", name)
		case c.Violating && len(o.Missed) > 0:
			t.Errorf("%s: missed, want %s to fire; fired: %s", name, strings.Join(o.Missed, ", "), firedRules(o))
		case !c.Violating && o.FalsePos:
			t.Errorf("%s: false positive: %s", name, messages(o))
		}
	}
	fams := make([]string, 0, len(per))
	for f := range per {
		fams = append(fams, f)
	}
	sort.Strings(fams)
	for _, f := range fams {
		tl := per[f]
		t.Logf("%s: %d/%d violating caught, %d/%d compliant quiet", f, tl.caught, tl.violating, tl.quiet, tl.compliant)
	}
}

func firedRules(o Outcome) string {
	seen := map[string]bool{}
	var out []string
	for _, f := range o.Violations {
		if !seen[f.Rule] {
			seen[f.Rule] = true
			out = append(out, f.Rule)
		}
	}
	sort.Strings(out)
	if len(out) == 0 {
		return "nothing"
	}
	return strings.Join(out, ", ")
}

func messages(o Outcome) string {
	var out []string
	for _, f := range o.Violations {
		out = append(out, f.Rule+": "+f.Message)
	}
	return strings.Join(out, "\n  ")
}
