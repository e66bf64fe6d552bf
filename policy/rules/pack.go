package rules

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// PackName and PackVersion identify the pack to the engine.
const (
	PackName    = "carestack-hipaa-soc2"
	PackVersion = "1.0.0"
	// CoveragePolicy lists what a preview could not verify yet.
	CoveragePolicy = "preview-coverage"
)

// EnvFor picks the environment: the stack's carestack:environment config,
// else the stack name; anything not plainly dev is held to prod's levels.
func EnvFor(ctx *pulumi.Context) Env {
	return EnvOf(config.Get(ctx, "carestack:environment"), ctx.Stack())
}

// EnvOf maps a declared environment (or, when empty, a stack name) to Env:
// a declared environment (Environments) by name, a stack named dev or
// dev-* to dev, and anything else to prod, the strictest.
func EnvOf(declared, stack string) Env {
	v := declared
	if v == "" {
		v = stack
	}
	if _, ok := Environments[Env(v)]; ok {
		return Env(v)
	}
	if strings.HasPrefix(v, "dev-") {
		return Dev
	}
	return Prod
}

func engineLevel(l Level) policyx.EnforcementLevel {
	switch l {
	case Advisory:
		return policyx.EnforcementLevelAdvisory
	case Disabled:
		return policyx.EnforcementLevelDisabled
	}
	return policyx.EnforcementLevelMandatory
}

// Configurable reports whether --policy-pack-config can set a rule's
// thresholds: policyx v3.274.1 hands per-policy config to resource policies
// only (StackValidationArgs has no Config), so a stack rule's thresholds are
// its defaults in this table.
func (r *Rule) Configurable() bool { return r.Scope == ScopeResource && len(r.Params) > 0 }

// schemaFor declares a rule's thresholds so --policy-pack-config can set them.
// The defaults are env's (Environments), so the engine shows and applies the
// thresholds the stack's environment is held to.
func schemaFor(r *Rule, env Env) *policyx.ConfigSchema {
	props := SettingsSchema(r, env)
	if props == nil {
		return nil
	}
	return &policyx.ConfigSchema{Properties: props}
}

func toJSONish(v any) any {
	switch v := v.(type) {
	case []string:
		out := make([]any, len(v))
		for i, s := range v {
			out[i] = s
		}
		return out
	case int:
		return float64(v)
	}
	return v
}

// withDefaults lays configured settings over env's defaults: a setting the
// config leaves out keeps the environment's threshold, not the catalog's.
func withDefaults(defaults, configured map[string]any) map[string]any {
	if len(configured) == 0 {
		return defaults
	}
	out := make(map[string]any, len(defaults)+len(configured))
	for k, v := range defaults {
		out[k] = v
	}
	for k, v := range configured {
		out[k] = v
	}
	return out
}

// FromAnalyzer converts the engine's view of a resource.
func FromAnalyzer(a policyx.AnalyzerResource) Resource {
	return Resource{
		Type: a.Type, URN: a.URN, Name: a.Name, Parent: a.Parent,
		Props: a.Properties, PropertyDependencies: a.PropertyDependencies,
		Protect: a.Options.Protect, ProviderProps: a.Provider.Properties,
	}
}

// stackCache builds the stack index once per AnalyzeStack call: the server
// hands every stack policy the same resources slice.
type stackCache struct {
	mu    sync.Mutex
	key   *policyx.AnalyzerResource
	n     int
	stack *Stack
	res   []Resource
}

func (c *stackCache) get(rs []policyx.AnalyzerResource) (*Stack, []Resource) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var key *policyx.AnalyzerResource
	if len(rs) > 0 {
		key = &rs[0]
	}
	if c.stack == nil || key != c.key || len(rs) != c.n {
		c.res = make([]Resource, len(rs))
		for i := range rs {
			c.res[i] = FromAnalyzer(rs[i])
		}
		c.stack, c.key, c.n = NewStack(c.res), key, len(rs)
	}
	return c.stack, c.res
}

// CoverageSummary says how many checks a preview deferred, per rule, with a
// few examples; "" when none. Kept short: the engine prints it in full.
func CoverageSummary(findings []Finding) string {
	perRule := map[string]int{}
	var ids []string
	var examples []string
	total := 0
	for _, f := range findings {
		if f.Outcome != Deferred {
			continue
		}
		if perRule[f.ID] == 0 {
			ids = append(ids, f.ID)
		}
		perRule[f.ID]++
		total++
		if len(examples) < 5 {
			examples = append(examples, f.Message)
		}
	}
	if total == 0 {
		return ""
	}
	sort.Strings(ids)
	counts := make([]string, len(ids))
	for i, id := range ids {
		counts[i] = fmt.Sprintf("%s x%d", id, perRule[id])
	}
	return fmt.Sprintf("%d check(s) deferred to `pulumi up` (%s). For example:\n%s", total, strings.Join(counts, ", "), strings.Join(examples, "\n"))
}

// NewPack builds the policy pack for the stack the engine is analysing.
func NewPack(ctx *pulumi.Context) (policyx.PolicyPack, error) {
	return Pack(EnvFor(ctx))
}

// Pack builds the policies of every catalog rule at env's levels.
func Pack(env Env) (policyx.PolicyPack, error) {
	cache := &stackCache{}
	var policies []policyx.Policy
	for _, r := range Catalog {
		r := r
		if r.Scope == ScopeResource {
			policies = append(policies, policyx.NewResourceValidationPolicy(r.Name, policyx.ResourceValidationPolicyArgs{
				Description:      r.Description(),
				EnforcementLevel: engineLevel(r.Level(env)),
				ConfigSchema:     schemaFor(r, env),
				ValidateResource: func(_ context.Context, args policyx.ResourceValidationArgs) error {
					if !r.AppliesTo(args.Resource.Type) {
						return nil
					}
					res := FromAnalyzer(args.Resource)
					for _, f := range RunResource(r, &res, withDefaults(r.ParamsIn(env), args.Config)) {
						if f.Outcome == Violation {
							args.Manager.ReportViolation(f.Message, f.URN)
						}
					}
					return nil
				},
			}))
			continue
		}
		policies = append(policies, policyx.NewStackValidationPolicy(r.Name, policyx.StackValidationPolicyArgs{
			Description:      r.Description(),
			EnforcementLevel: engineLevel(r.Level(env)),
			ConfigSchema:     schemaFor(r, env),
			ValidateStack: func(_ context.Context, args policyx.StackValidationArgs) error {
				stack, _ := cache.get(args.Resources)
				for _, f := range RunStack(r, stack, nil) {
					if f.Outcome == Violation {
						args.Manager.ReportViolation(f.Message, f.URN)
					}
				}
				return nil
			},
		}))
	}
	policies = append(policies, policyx.NewStackValidationPolicy(CoveragePolicy, policyx.StackValidationPolicyArgs{
		Description:      CoverageDescription,
		EnforcementLevel: policyx.EnforcementLevelAdvisory,
		ValidateStack: func(_ context.Context, args policyx.StackValidationArgs) error {
			stack, _ := cache.get(args.Resources)
			if msg := CoverageSummary(EvaluateIndexed(stack, nil)); msg != "" {
				args.Manager.ReportViolation(msg, "")
			}
			return nil
		},
	}))
	return policyx.NewPolicyPack(PackName, semver.MustParse(PackVersion), policyx.EnforcementLevelMandatory, policies)
}
