package rules

import (
	"os"
	"testing"
)

func TestInventoryRowsNameRealRulesOrAReason(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Inventory() {
		key := r.Anchor + " " + r.ID
		if seen[key] {
			t.Errorf("%s: listed twice", key)
		}
		seen[key] = true
		if anchorNames[r.Anchor] == "" {
			t.Errorf("%s: unknown anchor %q", key, r.Anchor)
		}
		if (len(r.Rules) == 0) == (r.Reason == "") {
			t.Errorf("%s: set exactly one of Rules and Reason", key)
		}
		if len(r.Types) == 0 || r.Text == "" {
			t.Errorf("%s: needs its types and text", key)
		}
		for _, n := range r.Rules {
			rule := ByName(n)
			if rule == nil {
				t.Errorf("%s: maps to %s, which is not a rule", key, n)
				continue
			}
			for _, typ := range r.Types {
				if rule.Scope == ScopeResource && !contains(rule.Types, typ) && len(r.Rules) == 1 {
					t.Errorf("%s: %s does not read %s", key, n, typ)
				}
			}
		}
	}
}

func TestEveryDataTypeHasAnAnchorRuleOrAReason(t *testing.T) {
	covered := map[string]bool{}
	for _, r := range Inventory() {
		for _, typ := range r.Types {
			covered[typ] = true
		}
	}
	seen := map[string]bool{}
	for _, dt := range DataTypes() {
		if seen[dt.Type] {
			t.Errorf("%s listed twice", dt.Type)
		}
		seen[dt.Type] = true
		if !covered[dt.Type] && dt.Reason == "" {
			t.Errorf("%s: no anchor rule applies and no reason is given", dt.Type)
		}
	}
}

func TestCoverageInventoryIsCurrent(t *testing.T) {
	const path = "../../docs/coverage.md"
	want := CoverageInventory()
	if os.Getenv("CARESTACK_UPDATE") == "1" {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Error("docs/coverage.md is stale; run: CARESTACK_UPDATE=1 go test ./policy/rules -run CoverageInventory")
	}
}
