package rules

import (
	"fmt"
	"strings"
)

// Stack indexes a stack's resources once so cross-resource rules join in
// time linear in the number of resources.
type Stack struct {
	Resources []*Resource
	byURN     map[string]*Resource
	byType    map[string][]*Resource
	// dependents[r] lists who reads which input from r. Keyed by pointer:
	// joins run once per resource, and hashing long URN strings there is
	// what made large stacks slow.
	dependents map[*Resource][]edge
	parentOf   map[*Resource]*Resource
	// byValue[v] lists who holds the string v in an input (fallback join).
	byValue map[string][]edge
}

type edge struct {
	from *Resource
	prop string
}

// linkProps are the inputs through which a child resource names its parent
// (S3 side-by-side configs, flow logs, default groups, selections...).
var linkProps = []string{"bucket", "vpcId", "securityGroupId", "resourceArn", "secretId", "clusterIdentifier", "role", "dbClusterParameterGroupName", "backupVaultName", "targetBucket", "resourceId"}

// NewStack indexes resources.
func NewStack(resources []Resource) *Stack {
	s := &Stack{
		Resources:  make([]*Resource, 0, len(resources)),
		byURN:      make(map[string]*Resource, len(resources)),
		byType:     map[string][]*Resource{},
		dependents: make(map[*Resource][]edge, len(resources)),
		parentOf:   make(map[*Resource]*Resource, len(resources)),
		byValue:    make(map[string][]edge, len(resources)),
	}
	for i := range resources {
		r := &resources[i]
		s.Resources = append(s.Resources, r)
		s.byURN[r.URN] = r
		s.byType[r.Type] = append(s.byType[r.Type], r)
	}
	for _, r := range s.Resources {
		if p := s.byURN[r.Parent]; p != nil {
			s.parentOf[r] = p
		}
		for prop, urns := range r.PropertyDependencies {
			for _, u := range urns {
				if target := s.byURN[u]; target != nil {
					s.dependents[target] = append(s.dependents[target], edge{r, prop})
				}
			}
		}
		for _, prop := range linkProps {
			// Link properties are top-level strings: no path walk needed.
			if v, ok := r.Props.GetOk(prop); ok && v.IsString() && v.AsString() != "" {
				s.byValue[v.AsString()] = append(s.byValue[v.AsString()], edge{r, prop})
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
		add(s.dependents[r])
		anc := s.parentOf[r]
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
	for _, res := range stack.Resources {
		for _, r := range resourceRulesByType[res.Type] {
			out = append(out, RunResource(r, res, params[r.Name])...)
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
func RunResource(r *Rule, res *Resource, params map[string]any) (out []Finding) {
	c := newCheck(r, res, params)
	defer guard(c, &out)
	r.check(c)
	return c.Findings()
}

// RunStack runs one stack rule over an indexed stack.
func RunStack(r *Rule, s *Stack, params map[string]any) (out []Finding) {
	root := &Resource{Type: "pulumi:pulumi:Stack", Name: "stack"}
	c := newCheck(r, root, params)
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
