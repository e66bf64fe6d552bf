package compliance_test

import (
	"maps"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/carestack/carestack/infra/estate"
	"github.com/carestack/carestack/internal/compliance"
	"github.com/carestack/carestack/internal/offline"
	"github.com/carestack/carestack/policy/rules"
	"github.com/carestack/carestack/tests/engine/settings"
)

// The offline twin of tests/engine/settings_test.go: every row of the
// estate-settings table applied to the prod estate recorded under the mock,
// evaluated with the prod policy config. A row with rules must fail exactly
// those rules, each on the changed resource or its subject; a row with a
// reason must fail nothing (so a rule that starts catching it is noticed and
// the row moved to that rule). Rows that need awsx's children (Engine) are
// left to the engine test.
func TestEverySettingTheEstateReliesOnIsGuardedOffline(t *testing.T) {
	dir, err := offline.ProjectDir()
	if err != nil {
		t.Fatal(err)
	}
	res, err := offline.RunStack(dir, "prod", estate.Program)
	if err != nil {
		t.Fatal(err)
	}
	pc, err := compliance.LoadPolicyConfig(compliance.PolicyConfigPath(dir, "prod"))
	if err != nil {
		t.Fatal(err)
	}
	if m := compliance.EvaluateResources("prod", rules.Prod, compliance.ToRules(res), pc).Mandatory(); len(m) != 0 {
		t.Fatalf("the unchanged prod estate has mandatory violations: %v", m)
	}
	cases, err := settings.Cases(res)
	if err != nil {
		t.Error(err)
	}
	caught, total := 0, 0
	var lines []string
	for _, c := range cases {
		if c.Row.Engine != "" {
			continue
		}
		total++
		changed := &offline.Result{Stack: res.Stack, Resources: slices.Clone(res.Resources)}
		applied := false
		for i, r := range changed.Resources {
			if r.Type == c.Type && r.Name == c.Name {
				r.Inputs = r.Inputs.Copy()
				if err := c.ApplyPlain(&r); err != nil {
					t.Errorf("%s: %v", c.ID(), err)
				}
				changed.Resources[i], applied = r, true
			}
		}
		if !applied {
			t.Errorf("%s: no such resource", c.ID())
			continue
		}
		got := map[string][]compliance.Result{}
		for _, v := range compliance.EvaluateResources("prod", rules.Prod, compliance.ToRules(changed), pc).Mandatory() {
			got[v.Rule] = append(got[v.Rule], v)
		}
		names := slices.Sorted(maps.Keys(got))
		ok := slices.Equal(names, sortedCopy(c.Row.Rules))
		for _, rule := range c.Row.Rules {
			if !slices.ContainsFunc(got[rule], func(v compliance.Result) bool { return c.Matches(v.URN) }) {
				ok = false
			}
		}
		if ok && len(c.Row.Rules) > 0 {
			caught++
		}
		lines = append(lines, outcomeLine(c, names, got, ok))
		if !ok {
			t.Errorf("%s", outcomeLine(c, names, got, ok))
		}
	}
	if os.Getenv("CARESTACK_SETTINGS_LOG") != "" {
		t.Logf("\n%s", strings.Join(lines, "\n"))
	}
	t.Logf("offline: %d of %d changes caught by their rules; %d rows judged only by the engine", caught, total, len(cases)-total)
}

func sortedCopy(s []string) []string {
	out := slices.Clone(s)
	sort.Strings(out)
	return out
}

func outcomeLine(c settings.Case, names []string, got map[string][]compliance.Result, ok bool) string {
	status := "ok  "
	if !ok {
		status = "FAIL"
	}
	var b strings.Builder
	b.WriteString(status + " " + c.ID() + " want " + strings.Join(c.Row.Rules, ",") + " got " + strings.Join(names, ","))
	if !ok {
		for _, n := range names {
			for _, v := range got[n] {
				b.WriteString("\n        " + n + " on " + v.URN + ": " + v.Message)
			}
		}
	}
	return b.String()
}
