package settings

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/carestack/carestack/infra/estate"
	"github.com/carestack/carestack/internal/offline"
	"github.com/carestack/carestack/policy/rules"
)

func prod(t *testing.T) *offline.Result {
	t.Helper()
	dir, err := offline.ProjectDir()
	if err != nil {
		t.Fatal(err)
	}
	res, err := offline.RunStack(dir, "prod", estate.Program)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestEveryInputOfTheProdEstateIsARowOrIgnoredWithAReason(t *testing.T) {
	for _, in := range Unlisted(prod(t)) {
		t.Errorf("%s: the components set it, but no row changes it and IgnoredInputs does not say why", in)
	}
}

func TestEveryRowHasRulesOrAWrittenReason(t *testing.T) {
	for _, r := range Unreasoned() {
		t.Errorf("%s: a row needs the rules that catch it or, without any, a written reason (not both)", r)
	}
	for _, ig := range IgnoredInputs {
		if ig.Reason == "" {
			t.Errorf("ignored %s %v: no reason", ig.Type, ig.Inputs)
		}
	}
}

func TestEveryRowNamesResourcesAndInputsOfTheProdEstate(t *testing.T) {
	if _, err := Cases(prod(t)); err != nil {
		t.Error(err)
	}
}

func TestEveryRuleATableRowNamesIsInTheCatalog(t *testing.T) {
	for _, r := range Table {
		for _, n := range r.Rules {
			if rules.ByName(n) == nil {
				t.Errorf("%s %s: %s is not a rule of the pack", r.Type, r.Path, n)
			}
		}
	}
}

func TestDocIsCurrent(t *testing.T) {
	got, err := Markdown(prod(t))
	if err != nil {
		t.Fatal(err)
	}
	dir, _ := offline.ProjectDir()
	path := filepath.Join(dir, DocPath)
	if os.Getenv("CARESTACK_UPDATE") == "1" {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil || string(want) != got {
		t.Errorf("%s is stale; run: CARESTACK_UPDATE=1 go test ./tests/engine/settings -run Doc", DocPath)
	}
}
