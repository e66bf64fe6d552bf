package engine_test

import (
	"fmt"
	"os"
	"regexp"
	"testing"
	"time"

	"github.com/carestack/carestack/infra/estate"
)

// withServices rewrites the stack's services list to n public services.
func withServices(n int) func(string) string {
	return func(y string) string {
		var lines []string
		for i := 0; i < n; i++ {
			lines = append(lines, fmt.Sprintf(`{"name": "app-%02d", "imageTag": "1.0.0", "port": 8080, "minTasks": 3, "maxTasks": 10, "public": true, "pathPattern": "/app-%02d/*"}`, i, i))
		}
		list := "["
		for i, l := range lines {
			if i > 0 {
				list += ", "
			}
			list += l
		}
		list += "]"
		re := regexp.MustCompile(`(?s)  carestack:services:\n.*?\n  carestack:sites:`)
		return re.ReplaceAllString(y, "  carestack:services: "+list+"\n  carestack:sites:")
	}
}

// The preview-cost numbers of the README; minutes of work, so opt-in.
// Both sides of every comparison stream events and progress the same way,
// so only the pack differs. Two engine modes: a plain `pulumi preview`, and
// the CI pipelines' preview with PULUMI_SKIP_CHECKPOINTS=true (the engine
// then serialises its in-memory snapshot once instead of after every step).
func TestPreviewCost(t *testing.T) {
	if os.Getenv("CARESTACK_BUDGETS") == "" {
		t.Skip("timing test: CARESTACK_BUDGETS=1 go test ./tests/engine -run PreviewCost -v")
	}
	e := setup(t)
	best := func(edit func(string) string, withPack bool) time.Duration {
		min := time.Hour
		for i := 0; i < 5; i++ {
			s := e.workspace(t, "prod", estate.Program, edit)
			start := time.Now()
			o := e.previewWith(t, s, withPack, e.policyConfig(t, "prod", ""))
			if o.err != nil {
				t.Fatal(o.err, o.output)
			}
			if d := time.Since(start); d < min {
				min = d
			}
		}
		return min
	}
	for _, mode := range []struct {
		name, skip string
	}{{"plain preview", "false"}, {"CI preview (PULUMI_SKIP_CHECKPOINTS)", "true"}} {
		t.Run(mode.name, func(t *testing.T) {
			t.Setenv("PULUMI_SKIP_CHECKPOINTS", mode.skip)
			without, with := best(nil, false), best(nil, true)
			t.Logf("prod preview: %v without the pack, %v with it (+%.0f%%)", without, with, 100*(float64(with)/float64(without)-1))
			s10, s40 := best(withServices(10), true), best(withServices(40), true)
			n10, n40 := best(withServices(10), false), best(withServices(40), false)
			t.Logf("with the pack: 10 services %v, 40 services %v (x%.2f for 4x the services)", s10, s40, float64(s40)/float64(s10))
			t.Logf("without the pack: 10 services %v, 40 services %v (x%.2f)", n10, n40, float64(n40)/float64(n10))
			if with > without*115/100 {
				t.Errorf("the pack adds more than 15%%: %v vs %v", with, without)
			}
			if s40 > 4*s10 {
				t.Errorf("40 services took more than 4x 10 services: %v vs %v", s40, s10)
			}
		})
	}
}
