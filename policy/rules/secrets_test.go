package rules

// Shared table of violating cases, by rule. Every catalog file's test table
// registers its violating stacks here, in an init():
//
//	func init() {
//		for _, tc := range myCases {
//			registerViolating(tc.rule, res(tc.typ, tc.violating))
//		}
//	}
//
// The secret-leak test below runs every rule of Catalog over these stacks
// with every string leaf marked secret, and the coverage checks
// (TestEveryResourceRuleHasACase, TestEveryStackRuleHasACase) count a rule
// registered here as covered by its own table's compliant, violating,
// unknown and wrong-shape cases.
var violatingCases = map[string][][]Resource{}

// registerViolating adds one stack (often a single resource) that
// violates rule.
func registerViolating(rule string, stack ...Resource) {
	violatingCases[rule] = append(violatingCases[rule], stack)
}

func init() {
	for _, tc := range resourceCases {
		registerViolating(tc.rule, res(tc.typ, tc.violating))
	}
	for _, tc := range stackCases {
		registerViolating(tc.rule, tc.violating.build()...)
	}
}
