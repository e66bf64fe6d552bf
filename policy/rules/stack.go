package rules

import (
	"fmt"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// Stack indexes a stack's resources once so cross-resource rules join in
// time linear in the number of resources.
type Stack struct {
	Resources []*Resource
	byURN     map[string]*Resource
	byType    map[string][]*Resource
	// Each resource's parent and dependents (who reads which input from it)
	// live on the resource itself: a pointer-keyed map cost a cache miss per
	// join on large stacks.
	// byValue[v] lists who holds the string v in an input (fallback join).
	byValue map[string][]edge
	// Every secret text of the stack, collected on the first violation.
	secretsOnce sync.Once
	secrets     []string
}

// secretTexts is every resource's secretTexts, for stack rules' messages.
func (s *Stack) secretTexts() []string {
	s.secretsOnce.Do(func() {
		var all []string
		for _, r := range s.Resources {
			if r.Props.Len() > 0 {
				all = collectSecrets(property.New(r.Props), false, all)
			}
		}
		s.secrets = sortSecrets(all)
	})
	return s.secrets
}

type edge struct {
	from *Resource
	prop string
}

// isLinkProp reports the inputs through which a child resource names its
// parent (S3 side-by-side configs, flow logs, default groups, selections...).
func isLinkProp(k string) bool {
	switch k {
	case "bucket", "vpcId", "securityGroupId", "resourceArn", "secretId", "clusterIdentifier", "role",
		"dbClusterParameterGroupName", "backupVaultName", "targetBucket", "resourceId":
		return true
	}
	return false
}

// tagValue reads one tag from a known tags map ("" otherwise).
func tagValue(tags property.Value, key string) string {
	if !tags.IsMap() {
		return ""
	}
	if v, ok := tags.AsMap().GetOk(key); ok && v.IsString() {
		return v.AsString()
	}
	return ""
}

// NewStack indexes resources.
func NewStack(resources []Resource) *Stack {
	s := &Stack{
		Resources: make([]*Resource, 0, len(resources)),
		byURN:     make(map[string]*Resource, len(resources)),
		byType:    map[string][]*Resource{},
		byValue:   make(map[string][]edge, len(resources)),
	}
	for i := range resources {
		r := &resources[i]
		r.indexed, r.class, r.parent, r.dependents = true, "", nil, nil
		r.secrets, r.secretsDone = nil, false
		s.Resources = append(s.Resources, r)
		s.byURN[r.URN] = r
		s.byType[r.Type] = append(s.byType[r.Type], r)
	}
	for _, r := range s.Resources {
		r.parent = s.byURN[r.Parent]
		for prop, urns := range r.PropertyDependencies {
			for _, u := range urns {
				if target := s.byURN[u]; target != nil {
					target.dependents = append(target.dependents, edge{r, prop})
				}
			}
		}
		// One walk over the inputs finds the classification and the link
		// properties: the first touch of a resource's map is what costs on
		// a large stack, and separate lookups each paid it again.
		for k, v := range r.Props.All {
			if k == "tags" {
				r.class = tagValue(v, TagDataClassification)
			} else if isLinkProp(k) && v.IsString() && v.AsString() != "" {
				s.byValue[v.AsString()] = append(s.byValue[v.AsString()], edge{r, k})
			}
		}
	}
	return s
}

// OfType returns the resources of any of the types.
func (s *Stack) OfType(types ...string) []*Resource {
	if len(types) == 1 {
		return s.byType[types[0]]
	}
	var out []*Resource
	for _, t := range types {
		out = append(out, s.byType[t]...)
	}
	return out
}

// ByURN finds a resource.
func (s *Stack) ByURN(urn string) *Resource { return s.byURN[urn] }

// Linked returns the resources of childTypes whose input prop refers to
// parent: through a property dependency on parent (or on the awsx component
// that made parent, whose outputs are what programs pass on), or, for
// resources imported or made elsewhere, through a known value equal to
// parent's name, id or ARN.
func (s *Stack) Linked(parent *Resource, prop string, childTypes ...string) []*Resource {
	var out []*Resource
	add := func(es []edge) {
		for _, e := range es {
			if e.prop == prop && contains(childTypes, e.from.Type) && !containsResource(out, e.from) {
				out = append(out, e.from)
			}
		}
	}
	for r := parent; r != nil; {
		add(r.dependents)
		anc := r.parent
		if anc == nil || !strings.HasPrefix(anc.Type, "awsx:") {
			break
		}
		r = anc
	}
	for _, key := range []string{"bucket", "id", "name", "arn", "clusterIdentifier"} {
		if v, ok := parent.Props.GetOk(key); ok && v.IsString() && v.AsString() != "" {
			add(s.byValue[v.AsString()])
		}
	}
	return out
}

// containsResource is a linear scan: Linked returns a handful of resources.
func containsResource(rs []*Resource, r *Resource) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// Evaluate runs every rule over resources for env: resource rules on each
// resource of their types, stack rules once. params overrides rule Params
// by rule name. It never panics: a rule that does is reported as a
// violation naming the rule, because a policy error fails the whole preview.
func Evaluate(resources []Resource, params map[string]map[string]any) []Finding {
	return EvaluateIndexed(NewStack(resources), params)
}

// EvaluateIndexed is Evaluate over a stack already indexed.
func EvaluateIndexed(stack *Stack, params map[string]map[string]any) []Finding {
	var out []Finding
	// One check and one findings buffer serve every resource: two
	// allocations per rule and resource were most of a large stack's garbage.
	c := newCheck(nil, nil, nil)
	for _, res := range stack.Resources {
		for _, r := range resourceRulesByType[res.Type] {
			c.rule, c.res, c.params, *c.sink = r, res, params[r.Name], (*c.sink)[:0]
			out = append(out, runResource(c)...)
		}
	}
	for _, r := range Catalog {
		if r.checkStack != nil {
			out = append(out, RunStack(r, stack, params[r.Name])...)
		}
	}
	return out
}

// resourceRulesByType indexes the resource rules once, so evaluating a
// resource costs the rules of its type, not a scan of the catalog.
var resourceRulesByType = func() map[string][]*Rule {
	idx := map[string][]*Rule{}
	for _, r := range Catalog {
		if r.check == nil {
			continue
		}
		for _, t := range r.Types {
			idx[t] = append(idx[t], r)
		}
	}
	return idx
}()

// RunResource runs one resource rule on one resource.
func RunResource(r *Rule, res *Resource, params map[string]any) []Finding {
	return runResource(newCheck(r, res, params))
}

// runResource returns findings in c's buffer: copy them before reusing c.
func runResource(c *Check) (out []Finding) {
	defer guard(c, &out)
	c.rule.check(c)
	return c.collected()
}

// RunStack runs one stack rule over an indexed stack.
func RunStack(r *Rule, s *Stack, params map[string]any) (out []Finding) {
	root := &Resource{Type: "pulumi:pulumi:Stack", Name: "stack"}
	c := newCheck(r, root, params)
	c.stack = s
	defer guard(c, &out)
	r.checkStack(s, c)
	return c.collected()
}

func guard(c *Check, out *[]Finding) {
	if p := recover(); p != nil {
		c.Fail(fmt.Sprintf("rule %s could not evaluate this resource (%v)", c.rule.Name, p),
			"Report this to the platform team with the resource's properties")
		*out = c.collected()
	}
}
