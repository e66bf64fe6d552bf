package rules

import "fmt"

// Catalog is every rule, in catalog order. Built once at init.
var Catalog = buildCatalog(
	encryptionRules, transitRules, identityRules, networkRules,
	availabilityRules, loggingRules, dataProtectionRules, taggingRules,
	dataStoreRules, workloadRules, computeRules, guardRules, edgeGuardRules,
)

const (
	groupAvailability   = "availability"
	groupDataProtection = "data-protection"
)

func buildCatalog(groups ...[]*Rule) []*Rule {
	var all []*Rule
	seen := map[string]bool{}
	for _, g := range groups {
		for _, r := range g {
			if seen[r.Name] || seen[r.ID] {
				panic(fmt.Sprintf("rules: duplicate rule %s %s", r.ID, r.Name))
			}
			seen[r.Name], seen[r.ID] = true, true
			if r.check == nil && r.checkStack == nil {
				panic(fmt.Sprintf("rules: %s has no verdict", r.ID))
			}
			if r.ProdLevel == "" {
				r.ProdLevel = Mandatory
			}
			if r.DevLevel == "" {
				r.DevLevel = r.ProdLevel
				// A dev stack may run one AZ, no backups and no deletion
				// protection; it may never weaken encryption, identity or
				// exposure (Environments[Dev]).
				if contains(Environments[Dev].AdvisoryGroups, r.Group) {
					r.DevLevel = Advisory
				}
			}
			r.controls = r.Controls()
			all = append(all, r)
		}
	}
	return all
}

// ByName finds a rule.
func ByName(name string) *Rule {
	for _, r := range Catalog {
		if r.Name == name {
			return r
		}
	}
	return nil
}

// Taggable reports whether pulumi-aws v6.83.4 gives a type a tags input
// (the generated list TAG-01 reads).
func Taggable(typ string) bool { return taggableIndex[typ] }

var taggableIndex = func() map[string]bool {
	m := make(map[string]bool, len(taggableTypes))
	for _, t := range taggableTypes {
		m[t] = true
	}
	return m
}()
