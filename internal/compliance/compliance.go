// Package compliance evaluates a stack offline: the real program for the
// stack's config under the recording mock, every registered resource fed to
// the rule catalog at the stack's levels, with the stack's policy config
// (policy/config/<stack>.json: thresholds, levels, exceptions) applied the
// way the engine applies it. Tests and the report command share it.
package compliance

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/carestack/carestack/internal/offline"
	"github.com/carestack/carestack/policy/rules"
)

// PolicyConfig is a version-2 --policy-pack-config file.
type PolicyConfig struct {
	Version    int                  `json:"version"`
	Policies   map[string]any       `json:"policies"`
	Exceptions map[string]Exception `json:"exceptions"`
}

// Exception waives named policies on named URNs, with a reason.
type Exception struct {
	Reason string  `json:"reason"`
	Match  []Match `json:"match"`
}

// Match is one exception matcher.
type Match struct {
	Policies []string `json:"policies"`
	Targets  []string `json:"targets"`
}

// PolicyConfigPath is where a stack's policy config lives.
func PolicyConfigPath(dir, stack string) string {
	return filepath.Join(dir, "policy", "config", stack+".json")
}

// LoadPolicyConfig reads and validates a stack's policy config: every policy
// and exception must name a real rule, every exception needs a reason, and
// rules marked non-exceptable refuse exceptions.
func LoadPolicyConfig(path string) (*PolicyConfig, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		// A stack needs no policy config: its environment's levels and
		// thresholds live in the pack (rules.Environments).
		return &PolicyConfig{Version: 2}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("policy config: %w", err)
	}
	var pc PolicyConfig
	if err := json.Unmarshal(data, &pc); err != nil {
		return nil, fmt.Errorf("policy config %s: not valid JSON: %w", path, err)
	}
	var errs []error
	if pc.Version != 2 {
		errs = append(errs, fmt.Errorf(`%s: "version" must be 2`, path))
	}
	for name, v := range pc.Policies {
		if rules.ByName(name) == nil && name != "all" && name != rules.CoveragePolicy {
			errs = append(errs, fmt.Errorf("%s: policies.%s is not a rule of the pack", path, name))
		}
		if s, ok := v.(string); ok && s != "mandatory" && s != "advisory" && s != "disabled" {
			errs = append(errs, fmt.Errorf("%s: policies.%s = %q, want mandatory, advisory or disabled", path, name, s))
		}
		errs = append(errs, weakensNonExceptable(path, name, v)...)
		if m, ok := v.(map[string]any); ok {
			r := rules.ByName(name)
			for k := range m {
				switch {
				case k == "enforcementLevel" || r == nil:
				case !r.Configurable():
					errs = append(errs, fmt.Errorf("%s: policies.%s.%s: %s is a stack rule and the engine gives stack policies no config; change its default in policy/rules instead", path, name, k, r.ID))
				case r.Params[k] == nil:
					errs = append(errs, fmt.Errorf("%s: policies.%s.%s is not a setting of %s (settings: %s)", path, name, k, r.ID, paramNames(r)))
				}
			}
		}
	}
	for id, e := range pc.Exceptions {
		if strings.TrimSpace(e.Reason) == "" {
			errs = append(errs, fmt.Errorf("%s: exception %s has no reason", path, id))
		}
		for _, m := range e.Match {
			for _, p := range m.Policies {
				r := rules.ByName(p)
				switch {
				case r == nil:
					errs = append(errs, fmt.Errorf("%s: exception %s names unknown policy %q", path, id, p))
				case !r.Exceptable:
					errs = append(errs, fmt.Errorf("%s: exception %s: %s (%s) may not be excepted", path, id, r.Name, r.ID))
				}
			}
			if len(m.Targets) == 0 {
				errs = append(errs, fmt.Errorf("%s: exception %s matches no targets; name exact URNs", path, id))
			}
		}
	}
	return &pc, errors.Join(errs...)
}

// weakensNonExceptable refuses a level below mandatory on a rule no
// exception may waive, set by name or through "all": lowering its level
// would waive it for every resource at once.
func weakensNonExceptable(path, name string, v any) []error {
	level := ""
	switch v := v.(type) {
	case string:
		level = v
	case map[string]any:
		level, _ = v["enforcementLevel"].(string)
	}
	if level == "" || level == string(rules.Mandatory) {
		return nil
	}
	var targets []*rules.Rule
	if name == "all" {
		for _, r := range rules.Catalog {
			if !r.Exceptable {
				targets = append(targets, r)
			}
		}
	} else if r := rules.ByName(name); r != nil && !r.Exceptable {
		targets = append(targets, r)
	}
	var errs []error
	for _, r := range targets {
		errs = append(errs, fmt.Errorf("%s: policies.%s = %q would make %s (%s) %s, but it is non-exceptable: it must stay mandatory in every environment; remove the setting (for \"all\", set levels rule by rule instead)", path, name, level, r.Name, r.ID, level))
	}
	return errs
}

func paramNames(r *rules.Rule) string {
	var names []string
	for k := range r.Params {
		names = append(names, k)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// Level returns a rule's effective level for env under this config.
func (pc *PolicyConfig) Level(r *rules.Rule, env rules.Env) rules.Level {
	level := r.Level(env)
	for _, key := range []string{"all", r.Name} {
		switch v := pc.Policies[key].(type) {
		case string:
			level = rules.Level(v)
		case map[string]any:
			if s, ok := v["enforcementLevel"].(string); ok {
				level = rules.Level(s)
			}
		}
	}
	return level
}

// Params returns per-rule thresholds from the config.
func (pc *PolicyConfig) Params() map[string]map[string]any {
	out := map[string]map[string]any{}
	for name, v := range pc.Policies {
		if m, ok := v.(map[string]any); ok {
			out[name] = m
		}
	}
	return out
}

// exceptionFor returns the id and reason of an exception covering f.
func (pc *PolicyConfig) exceptionFor(f rules.Finding) (string, string) {
	ids := make([]string, 0, len(pc.Exceptions))
	for id := range pc.Exceptions {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		e := pc.Exceptions[id]
		for _, m := range e.Match {
			if contains(m.Policies, f.Rule) && contains(m.Targets, f.URN) {
				return id, e.Reason
			}
		}
	}
	return "", ""
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// Result is a finding with its level and any exception.
type Result struct {
	rules.Finding
	Level           rules.Level
	ExceptionID     string
	ExceptionReason string
}

// Report is one stack's evaluation.
type Report struct {
	Stack     string
	Env       rules.Env
	Resources int
	Results   []Result
	// Applicable lists the rules that saw at least one resource they judge
	// (stack rules without types always apply).
	Applicable map[string]bool
	// Checked lists, per rule, the URNs of the resources it judged: a
	// resource rule's resources of its types, a stack rule's subjects (its
	// first type, e.g. every VPC for vpc-flow-logs). A stack rule without
	// types judges the stack as a whole and lists none.
	Checked map[string][]string
	// NotEvaluated says, per rule, why this evaluation could not judge it:
	// what it judges is made inside a component whose children the run
	// cannot see (an awsx VPC under Pulumi's mocks). Such a rule is neither
	// passed nor "not applicable".
	NotEvaluated map[string]string
	// Unseen says, per rule that judged something, which of its types the
	// run could not see (TAG-01 on the VPC and subnets awsx makes).
	Unseen map[string]string
	// Inventory is every resource evaluated, for the report's names and
	// locations.
	Inventory []Seen
}

// Seen is one evaluated resource: what the report names and locates.
type Seen struct {
	URN, Type, Name, Parent string
}

// ComponentChildren lists, per component type whose children a run under
// Pulumi's mocks never sees (the provider builds them in the engine), the
// resource types it makes. awsx:ec2:Vpc as awsx v2 lays it out
// (awsx/ec2/vpc.ts): the VPC, subnets, route tables and their associations,
// routes, the internet gateway, EIPs and NAT gateways. It makes VPC endpoints
// only for vpcEndpointSpecs, which the estate does not use (network.Network
// makes its own, visible ones).
var ComponentChildren = map[string][]string{
	"awsx:ec2:Vpc": {
		rules.VPC, rules.Subnet, "aws:ec2/routeTable:RouteTable", "aws:ec2/routeTableAssociation:RouteTableAssociation",
		rules.Route, "aws:ec2/internetGateway:InternetGateway", "aws:ec2/eip:Eip", "aws:ec2/natGateway:NatGateway",
	},
}

// subjectAliases are types a stack rule judges alike: its first type
// stands for the group (a bucket rule judges v1 and v2 buckets).
var subjectAliases = [][]string{
	{rules.S3BucketV2, rules.S3Bucket},
	{rules.LBLoadBalancer, rules.ALBLoadBalancer},
	{rules.LBListener, rules.ALBListener},
}

// Subjects are the types whose resources a rule judges: every type of a
// resource rule; a stack rule's first type (with its aliases), which it
// joins the others to; none for a stack rule without types.
func Subjects(r *rules.Rule) []string {
	if r.Scope != rules.ScopeStack || len(r.Types) == 0 {
		return r.Types
	}
	for _, g := range subjectAliases {
		if g[0] == r.Types[0] || g[1] == r.Types[0] {
			return g
		}
	}
	return r.Types[:1]
}

// Mandatory returns the violations that would fail the preview.
func (r *Report) Mandatory() []Result {
	var out []Result
	for _, x := range r.Results {
		if x.Outcome == rules.Violation && x.Level == rules.Mandatory && x.ExceptionID == "" {
			out = append(out, x)
		}
	}
	return out
}

// ToRules converts recorded registrations into what the rules read. Custom
// resources only: components are not sent to resource policies' verdicts
// in any way the rules use, and providers carry no controls themselves.
func ToRules(res *offline.Result) []rules.Resource {
	providers := map[string]resource.PropertyMap{}
	for _, r := range res.Resources {
		if strings.HasPrefix(r.Type, "pulumi:providers:") {
			providers[r.URN] = r.Inputs
		}
	}
	out := make([]rules.Resource, 0, len(res.Resources))
	for _, r := range res.Resources {
		var pp resource.PropertyMap
		if i := strings.LastIndex(r.Provider, "::"); i > 0 {
			pp = providers[r.Provider[:i]]
		}
		out = append(out, rules.Resource{
			Type: r.Type, URN: r.URN, Name: r.Name, Parent: r.Parent,
			Props: resource.FromResourcePropertyMap(r.Inputs), PropertyDependencies: r.PropertyDependencies,
			Protect: r.Protect, ProviderProps: resource.FromResourcePropertyMap(pp),
		})
	}
	return out
}

// EvaluateStack runs the program for stack from dir and evaluates it.
func EvaluateStack(dir, stack string, program pulumi.RunFunc) (*Report, error) {
	cfg, err := offline.LoadStackConfig(dir, stack)
	if err != nil {
		return nil, err
	}
	return Evaluate(dir, stack, cfg, program)
}

// Evaluate runs program with an explicit stack config and evaluates it.
func Evaluate(dir, stack string, cfg map[string]string, program pulumi.RunFunc) (*Report, error) {
	pc, err := LoadPolicyConfig(PolicyConfigPath(dir, stack))
	if err != nil {
		return nil, err
	}
	res, err := offline.Run(stack, cfg, program)
	if err != nil {
		return nil, fmt.Errorf("stack %s: the program failed: %w", stack, err)
	}
	return EvaluateResources(stack, rules.EnvOf(cfg["carestack:environment"], stack), ToRules(res), pc), nil
}

// EvaluateResources evaluates resources under a policy config. A rule the
// config disables is still evaluated, its findings kept at level disabled
// (never excepted, as the engine never runs it), so the report can show what
// it would have found.
func EvaluateResources(stack string, env rules.Env, rs []rules.Resource, pc *PolicyConfig) *Report {
	rep := &Report{Stack: stack, Env: env, Resources: len(rs), Applicable: map[string]bool{},
		Checked: map[string][]string{}, NotEvaluated: map[string]string{}, Unseen: map[string]string{}}
	byType := map[string][]string{}
	hasChildren := map[string]bool{}
	for _, r := range rs {
		byType[r.Type] = append(byType[r.Type], r.URN)
		hasChildren[r.Parent] = true
		rep.Inventory = append(rep.Inventory, Seen{URN: r.URN, Type: r.Type, Name: r.Name, Parent: r.Parent})
	}
	// hidden: types made inside components whose children this run did not
	// see, with the components that make them.
	hidden := map[string][]string{}
	for _, r := range rs {
		if kids, ok := ComponentChildren[r.Type]; ok && !hasChildren[r.URN] {
			for _, t := range kids {
				hidden[t] = append(hidden[t], r.Type+" "+r.Name)
			}
		}
	}
	for _, r := range rules.Catalog {
		subjects := Subjects(r)
		applies := len(subjects) == 0
		for _, t := range subjects {
			applies = applies || len(byType[t]) > 0
			rep.Checked[r.Name] = append(rep.Checked[r.Name], byType[t]...)
		}
		rep.Applicable[r.Name] = applies
		var unseen []string
		for _, t := range r.Types {
			if hidden[t] != nil {
				unseen = append(unseen, t)
			}
		}
		switch {
		case len(unseen) == 0:
		case !applies && anyHidden(subjects, hidden):
			rep.NotEvaluated[r.Name] = fmt.Sprintf("what it judges (%s) is made inside %s by the component's provider, which this run does not execute, so none of it could be seen; a preview's event log or a stack export evaluates it",
				strings.Join(subjects, ", "), strings.Join(hidden[firstHidden(subjects, hidden)], ", "))
		default:
			rep.Unseen[r.Name] = fmt.Sprintf("%s made inside %s not seen by this run", strings.Join(unseen, ", "), strings.Join(hidden[unseen[0]], ", "))
		}
	}
	for _, f := range rules.Evaluate(rs, rules.ParamsFor(env, pc.Params())) {
		r := rules.ByName(f.Rule)
		x := Result{Finding: f, Level: pc.Level(r, env)}
		if f.Outcome == rules.Violation && x.Level != rules.Disabled {
			x.ExceptionID, x.ExceptionReason = pc.exceptionFor(f)
		}
		rep.Results = append(rep.Results, x)
	}
	return rep
}

func anyHidden(types []string, hidden map[string][]string) bool {
	return firstHidden(types, hidden) != ""
}

func firstHidden(types []string, hidden map[string][]string) string {
	for _, t := range types {
		if hidden[t] != nil {
			return t
		}
	}
	return ""
}
