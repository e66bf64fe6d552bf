package rules

import (
	"os"
	"testing"
)

func TestCatalogHasEveryRuleOfTheCatalogWithItsMetadata(t *testing.T) {
	want := map[string]int{"encryption-at-rest": 10, "encryption-in-transit": 9, "identity": 12, "network-exposure": 10,
		"availability": 9, "logging": 11, "data-protection": 6, "tagging": 3}
	got := map[string]int{}
	stack := 0
	for _, r := range Catalog {
		got[r.Group]++
		if r.Scope == ScopeStack {
			stack++
		}
		if r.Title == "" || r.Remediation == "" || len(r.HIPAA) == 0 || len(r.SOC2) == 0 || r.Severity == "" {
			t.Errorf("%s lacks metadata", r.ID)
		}
		if (r.Scope == ScopeStack) != (r.checkStack != nil) || (r.Scope == ScopeResource) != (r.check != nil) {
			t.Errorf("%s: scope %s does not match its verdict", r.ID, r.Scope)
		}
	}
	for g, n := range want {
		if got[g] != n {
			t.Errorf("group %s has %d rules, want %d", g, got[g], n)
		}
	}
	if len(Catalog) != 70 {
		t.Errorf("%d rules, want 70", len(Catalog))
	}
	t.Logf("%d stack rules", stack)
}

func TestControlsMatrixIsCurrent(t *testing.T) {
	got, err := os.ReadFile("../../docs/controls.md")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != ControlsMatrix() {
		t.Error("docs/controls.md is stale; run: go run ./cmd/report -matrix docs/controls.md")
	}
}
