// Package rules is the carestack HIPAA / SOC 2 rule catalog as data: one
// table of rules, each with its controls, levels, remediation and a pure
// verdict function over Pulumi property maps. The policy pack (policy/), the
// tests and the report command all evaluate the same table. It must not
// import infra/, so the pack never links the AWS provider SDK.
package rules

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// Resource is one resource as the analyzer sees it.
type Resource struct {
	Type   string
	URN    string
	Name   string
	Parent string
	Props  property.Map
	// PropertyDependencies maps an input to the URNs its value came from.
	// Only stack policies receive them from the engine.
	PropertyDependencies map[string][]string
	Protect              bool
	// ProviderProps are the inputs of the resource's provider (defaultTags).
	ProviderProps property.Map

	// Set by NewStack: stack rules revisit every resource, and on a large
	// stack each revisit of a property map is a cache miss, so what they
	// share is kept here, next to the resource.
	indexed    bool
	class      string
	parent     *Resource
	dependents []edge
	// The last JSON document parsed from this resource: a bucket policy is
	// read by a resource rule and a stack rule, and parsing is the
	// costliest read there is.
	docPath, docSrc string
	doc             any
	// The resource's secret texts, collected on its first violation.
	secrets     []string
	secretsDone bool
}

// secretTexts lists the texts a message must never show: every string and
// number inside a secret value, and the strings of JSON documents held in
// secret strings, longest first (so a secret is masked before any secret
// it contains). Texts shorter than minSecretLen are left to the verdicts'
// own masking: replacing them would garble the message around them.
func (r *Resource) secretTexts() []string {
	if !r.secretsDone {
		r.secrets, r.secretsDone = sortSecrets(collectSecrets(property.New(r.Props), false, nil)), true
	}
	return r.secrets
}

// Classification is the resource's DataClassification tag ("" when unset).
func (r *Resource) Classification() string {
	if r.indexed {
		return r.class
	}
	return classification(r.Props)
}

// json is getJSON remembering the last document parsed, keyed by path and
// source text so a changed input is parsed afresh. Verdicts only read the
// parsed document, so sharing it between rules is safe.
func (r *Resource) json(path string) (any, state) {
	v, st := lookup(r.Props, path)
	if st != present || !v.IsString() {
		return getJSON(r.Props, path)
	}
	if src := v.AsString(); r.docPath != path || r.docSrc != src {
		r.doc, st = getJSON(r.Props, path)
		if st != present {
			return nil, st
		}
		r.docPath, r.docSrc = path, src
	}
	return r.doc, present
}

// IsPHI reports whether the resource is tagged DataClassification=PHI.
func (r *Resource) IsPHI() bool { return r.Classification() == "PHI" }

// Level is how the engine treats a violation.
type Level string

const (
	Mandatory Level = "mandatory"
	Advisory  Level = "advisory"
	Disabled  Level = "disabled"
)

// Scope says whether a rule sees one resource or the whole stack.
type Scope string

const (
	ScopeResource Scope = "resource"
	ScopeStack    Scope = "stack"
)

// Env is the environment a stack declares (carestack:environment).
type Env string

const (
	Dev  Env = "dev"
	Prod Env = "prod"
)

// Rule is one row of the catalog.
type Rule struct {
	ID          string // catalog id, e.g. ENC-01
	Name        string // policy name, the catalog slug, e.g. aurora-storage-encrypted-cmk
	Group       string // encryption-at-rest, ...
	Title       string // one line: what must hold
	HIPAA       []string
	SOC2        []string
	Severity    string // critical, high, medium, low
	Scope       Scope
	Types       []string // resource types it reads; empty for stack-only rules
	ProdLevel   Level
	DevLevel    Level
	Remediation string
	// Exceptable is false for rules no exception may waive (access keys,
	// unencrypted PHI): the pack refuses such exceptions.
	Exceptable bool
	// Params are the rule's thresholds and allowlists with their defaults;
	// --policy-pack-config may override them.
	Params map[string]any

	check      func(c *Check)
	checkStack func(s *Stack, c *Check)
	// controls caches Controls(); every violation message carries it.
	controls string
}

// Description is what the engine shows with every violation; the Go SDK sends
// no severity or control metadata, so they ride in the text.
func (r *Rule) Description() string {
	return fmt.Sprintf("[%s] %s %s", r.ID, r.Title, r.Controls())
}

// Controls renders the control mapping, e.g. "[HIPAA 164.312(a)(2)(iv); SOC 2 CC6.1]".
func (r *Rule) Controls() string {
	if r.controls != "" {
		return r.controls
	}
	h := make([]string, len(r.HIPAA))
	for i, s := range r.HIPAA {
		h[i] = "164." + s
	}
	return fmt.Sprintf("[HIPAA %s; SOC 2 %s]", strings.Join(h, ", "), strings.Join(r.SOC2, ", "))
}

// Level returns the rule's default level in an environment.
func (r *Rule) Level(env Env) Level { return r.levelIn(env) }

// AppliesTo reports whether a resource rule reads this type.
func (r *Rule) AppliesTo(typ string) bool {
	for _, t := range r.Types {
		if t == typ {
			return true
		}
	}
	return false
}

// Outcome of one check on one resource.
type Outcome string

const (
	Violation Outcome = "violation"
	// Deferred: a value the verdict needs is unknown at preview; the same
	// resource policy enforces it at `pulumi up`.
	Deferred Outcome = "deferred"
)

// Finding is one violation or deferral.
type Finding struct {
	Rule    string // rule name
	ID      string // rule id
	URN     string
	Type    string
	Name    string
	Outcome Outcome
	// Message is the reviewer's text: what is wrong, how to fix it, controls.
	Message string
}

// Check is the context a verdict writes into. Its helpers encode the
// evaluation conventions once: presence checks count a computed value as
// present; value checks defer on a computed value; a value of an unexpected
// shape is a violation naming the property.
type Check struct {
	rule   *Rule
	res    *Resource
	params map[string]any
	sink   *[]Finding
	// stack is set for stack rules: a message may quote a value read from
	// another resource of the stack, so all of its secrets are masked.
	stack *Stack
}

func newCheck(r *Rule, res *Resource, params map[string]any) *Check {
	return &Check{rule: r, res: res, params: params, sink: &[]Finding{}}
}

// On retargets the check at another resource (stack rules report on the
// resource that is wrong, e.g. the bucket, not its policy).
func (c *Check) On(res *Resource) *Check {
	return &Check{rule: c.rule, res: res, params: c.params, sink: c.sink, stack: c.stack}
}

// Props is the properties of the resource under check.
func (c *Check) Props() property.Map { return c.res.Props }

// Resource is the resource under check.
func (c *Check) Resource() *Resource { return c.res }

// Fail records a violation: what is wrong, then the fix.
func (c *Check) Fail(what, fix string) {
	*c.sink = append(*c.sink, Finding{
		Rule: c.rule.Name, ID: c.rule.ID, URN: c.res.URN, Type: c.res.Type, Name: c.res.Name,
		Outcome: Violation,
		Message: c.res.Type + " " + c.res.Name + ": " + c.mask(what) + ". " + c.mask(fix) + ". " + c.rule.Controls(),
	})
}

// mask replaces every secret text of the resource (or, for a stack rule,
// of the stack) in a message part with [secret]: the backstop behind the
// verdicts' own masking (shown, shownIf), so that a value that arrived
// secret, at any depth and inside any JSON document, is never printed,
// whichever rule quotes it.
func (c *Check) mask(text string) string {
	var secrets []string
	if c.stack != nil {
		secrets = c.stack.secretTexts()
	} else {
		secrets = c.res.secretTexts()
	}
	for _, sec := range secrets {
		if strings.Contains(text, sec) {
			text = strings.ReplaceAll(text, sec, "[secret]")
		}
	}
	return text
}

// Defer records that a value check could not run at preview.
func (c *Check) Defer(path string) {
	*c.sink = append(*c.sink, Finding{
		Rule: c.rule.Name, ID: c.rule.ID, URN: c.res.URN, Type: c.res.Type, Name: c.res.Name,
		Outcome: Deferred,
		Message: fmt.Sprintf("%s %s: %s is unknown at preview; %s is checked again at `pulumi up`", c.res.Type, c.res.Name, path, c.rule.ID),
	})
}

func (c *Check) shape(path, want string) {
	c.Fail(fmt.Sprintf("%s has an unexpected shape (%s), want %s", path, shown(c.res.Props, path), want), "Set "+path+" as the AWS provider documents it")
}

// boolean checks a boolean property against want. unsetFails says why an
// unset value fails (the AWS default is the insecure side); empty means an
// unset value passes (the AWS default is the secure side).
func (c *Check) boolean(path, fix string, want bool, unsetFails string) bool {
	b, st := getBool(c.res.Props, path)
	switch st {
	case computed:
		c.Defer(path)
	case badShape:
		c.shape(path, "a bool")
	case missing:
		if unsetFails == "" {
			return true
		}
		c.Fail(path+" is unset ("+unsetFails+")", fix)
	default:
		if b == want {
			return true
		}
		c.Fail(path+" is "+shownIf(c.res.Props, path, strconv.FormatBool(b)), fix)
	}
	return false
}

// True requires a boolean property to be true; unset fails.
func (c *Check) True(path, fix string) bool {
	return c.boolean(path, fix, true, "the AWS default is false")
}

// NotTrue forbids true; unset passes.
func (c *Check) NotTrue(path, fix string) { c.boolean(path, fix, false, "") }

// NotFalse forbids false; unset passes (AWS defaults it on).
func (c *Check) NotFalse(path, fix string) { c.boolean(path, fix, true, "") }

// ExplicitlyFalse requires false set explicitly (AWS defaults it to true).
func (c *Check) ExplicitlyFalse(path, fix string) {
	c.boolean(path, fix, false, "the AWS default is true")
}

// Present requires a property to be set; a computed value counts as set.
func (c *Check) Present(path, fix string) bool {
	_, st := lookup(c.res.Props, path)
	if st == missing {
		c.Fail(path+" is unset", fix)
		return false
	}
	if v, st := lookup(c.res.Props, path); st == present && v.IsString() && v.AsString() == "" {
		c.Fail(path+" is empty", fix)
		return false
	}
	return true
}

// Absent requires a property to be unset (secrets in plain inputs).
func (c *Check) Absent(path, fix string) {
	if _, st := lookup(c.res.Props, path); st != missing {
		c.Fail(path+" is set", fix)
	}
}

// OneOf requires a string property to be in allowed.
func (c *Check) OneOf(path string, allowed []string, fix string) bool {
	s, st := getString(c.res.Props, path)
	switch st {
	case computed:
		c.Defer(path)
	case badShape:
		c.shape(path, "a string")
	case missing:
		c.Fail(fmt.Sprintf("%s is unset, want one of %s", path, strings.Join(allowed, ", ")), fix)
	default:
		for _, a := range allowed {
			if s == a {
				return true
			}
		}
		c.Fail(fmt.Sprintf("%s is %s, want one of %s", path, shown(c.res.Props, path), strings.Join(allowed, ", ")), fix)
	}
	return false
}

// AtLeast requires a number property >= min; unset fails.
func (c *Check) AtLeast(path string, min float64, fix string) {
	n, st := getNumber(c.res.Props, path)
	switch st {
	case computed:
		c.Defer(path)
	case badShape:
		c.shape(path, "a number")
	case missing:
		c.Fail(fmt.Sprintf("%s is unset, want at least %v", path, min), fix)
	default:
		if n < min {
			c.Fail(fmt.Sprintf("%s is %s, want at least %v", path, shownIf(c.res.Props, path, strconv.FormatFloat(n, 'f', -1, 64)), min), fix)
		}
	}
}

// Each runs fn over the elements of an array property that are maps.
// A computed array defers; a wrong shape fails.
func (c *Check) Each(path string, fn func(i int, elem property.Map, elemPath string)) {
	vals, st := getArray(c.res.Props, path)
	switch st {
	case computed:
		c.Defer(path)
		return
	case badShape:
		c.shape(path, "a list")
		return
	case missing:
		return
	}
	for i, v := range vals {
		p := fmt.Sprintf("%s[%d]", path, i)
		switch {
		case v.IsComputed():
			c.Defer(p)
		case v.IsMap():
			fn(i, v.AsMap(), p)
		default:
			c.shape(p, "a map")
		}
	}
}

// JSON parses a JSON-string property; ok is false when it deferred or failed.
func (c *Check) JSON(path string) (any, bool) {
	doc, st := c.res.json(path)
	switch st {
	case computed:
		c.Defer(path)
	case badShape:
		c.shape(path, "a JSON document")
	case present:
		return doc, true
	}
	return nil, false
}

// Param returns a configured threshold, or its default.
func (c *Check) Param(name string) any {
	if v, ok := c.params[name]; ok {
		return v
	}
	return c.rule.Params[name]
}

// NumParam returns a numeric threshold.
func (c *Check) NumParam(name string) float64 {
	switch v := c.Param(name).(type) {
	case float64:
		return v
	case int:
		return float64(v)
	}
	return 0
}

// StringsParam returns an allowlist.
func (c *Check) StringsParam(name string) []string {
	switch v := c.Param(name).(type) {
	case []string:
		return v
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// Findings returns what the check recorded, violations first.
func (c *Check) Findings() []Finding { return c.collected() }

func (c *Check) collected() []Finding {
	out := *c.sink
	sort.SliceStable(out, func(i, j int) bool {
		return out[i].Outcome == Violation && out[j].Outcome != Violation
	})
	return out
}
