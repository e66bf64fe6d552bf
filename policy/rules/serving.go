package rules

// What the pack's own analyzer server (policy/server) needs from the table.
// The policyx pack (Pack, in pack.go) is built from the same pieces, so the
// two serve identical policies; a differential test holds them to it.

// CoverageDescription is the preview-coverage policy's description.
const CoverageDescription = "[COVERAGE] Lists the checks a preview deferred because a value is unknown until apply; they run again at `pulumi up`."

// ResourceRules returns the resource rules that read typ, in catalog order
// (the per-type index Evaluate uses). The slice is shared: do not modify it.
func ResourceRules(typ string) []*Rule { return resourceRulesByType[typ] }

// ReadsType reports whether any resource rule reads typ: a server need not
// even decode the properties of a resource no rule reads.
func ReadsType(typ string) bool { return len(resourceRulesByType[typ]) > 0 }

// SettingsSchema is a rule's thresholds as JSON-schema properties, with env's
// defaults, the way --policy-pack-config sets them; nil when the rule takes
// no settings (see Configurable).
func SettingsSchema(r *Rule, env Env) map[string]map[string]any {
	if !r.Configurable() {
		return nil
	}
	props := map[string]map[string]any{}
	for k, v := range r.ParamsIn(env) {
		s := map[string]any{"default": toJSONish(v)}
		switch v.(type) {
		case int, float64:
			s["type"] = "number"
		case bool:
			s["type"] = "boolean"
		case []string, []any:
			s["type"] = "array"
		}
		props[k] = s
	}
	return props
}

// Settings is what a resource rule evaluates with: the configured settings
// over env's defaults.
func Settings(r *Rule, env Env, configured map[string]any) map[string]any {
	return withDefaults(r.ParamsIn(env), configured)
}

// Runner evaluates resource rules one after another with a single reused
// check, so a resource costs no allocation per rule. Not safe for
// concurrent use; a server keeps one per request (or a pool).
type Runner struct{ c *Check }

// NewRunner returns a Runner.
func NewRunner() *Runner { return &Runner{c: newCheck(nil, nil, nil)} }

// Run runs one resource rule on res with params (see Settings), like
// RunResource. The findings are valid until the next Run.
func (x *Runner) Run(r *Rule, res *Resource, params map[string]any) []Finding {
	c := x.c
	c.rule, c.res, c.params, *c.sink = r, res, params, (*c.sink)[:0]
	return runResource(c)
}
