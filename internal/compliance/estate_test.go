package compliance_test

import (
	"testing"

	"github.com/carestack/carestack/infra/estate"
	"github.com/carestack/carestack/internal/compliance"
	"github.com/carestack/carestack/internal/offline"
)

func TestDump(t *testing.T) {
	dir, _ := offline.ProjectDir()
	for _, s := range []string{"prod", "dev"} {
		rep, err := compliance.EvaluateStack(dir, s, estate.Program)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rep.Results {
			t.Logf("%s %s %s %s", s, r.Level, r.Outcome, r.Message)
		}
	}
}
