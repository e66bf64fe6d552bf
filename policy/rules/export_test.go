package rules

import (
	"fmt"
	"math/rand"
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// RuleCaseStacks exposes this package's rule test cases as stacks, for the
// differential test (differential_test.go, package rules_test, which may
// import policy/server): every violating case every table registers
// (violatingCases), the compliant, violating and unknown cases of the
// resource and stack tables, and, per resource type a rule reads, seeded
// random property maps of every shape (the fuzz test's generator).
func RuleCaseStacks() map[string][]Resource {
	out := map[string][]Resource{}
	add := func(name string, rs []Resource) {
		cp := make([]Resource, len(rs))
		copy(cp, rs)
		out[name] = cp
	}
	rules := make([]string, 0, len(violatingCases))
	for r := range violatingCases {
		rules = append(rules, r)
	}
	sort.Strings(rules)
	for _, r := range rules {
		for i, st := range violatingCases[r] {
			add(fmt.Sprintf("%s/violating-%d", r, i), st)
		}
	}
	for _, tc := range resourceCases {
		if tc.compliant != nil {
			add(tc.rule+"/compliant", []Resource{res(tc.typ, tc.compliant)})
		}
		add(tc.rule+"/unknown", []Resource{res(tc.typ, tc.unsure)})
	}
	for _, tc := range stackCases {
		add(tc.rule+"/compliant", tc.compliant.build())
		add(tc.rule+"/unknown", tc.unsure.build())
	}
	r := rand.New(rand.NewSource(15))
	types := make([]string, 0, len(resourceRulesByType))
	for t := range resourceRulesByType {
		types = append(types, t)
	}
	sort.Strings(types)
	for _, typ := range types {
		for i := 0; i < 3; i++ {
			add(fmt.Sprintf("%s/random-%d", typ, i), []Resource{{Type: typ, Name: "r", URN: "urn:pulumi:prod::carestack::" + typ + "::r",
				Props: property.NewMap(randomMap(r, 0))}})
		}
	}
	return out
}
