package engine_test

import (
	"context"
	"io"
	"os"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"

	"github.com/carestack/carestack/infra/estate"
)

func TestScratchProfile(t *testing.T) {
	e := setup(t)
	if os.Getenv("SKIP") != "" {
		os.Setenv("PULUMI_SKIP_CHECKPOINTS", "true")
	}
	for _, n := range []int{0, 10, 40} {
		for _, pack := range []bool{false, true} {
			best := time.Hour
			for i := 0; i < 3; i++ {
				var edit func(string) string
				if n > 0 {
					edit = withServices(n)
				}
				s := e.workspace(t, "prod", estate.Program, edit)
				start := time.Now()
				o := operate(t, func(ctx context.Context, ch chan<- events.EngineEvent, out io.Writer) error {
					opts := []optpreview.Option{optpreview.EventStreams(ch), optpreview.ProgressStreams(out), optpreview.ErrorProgressStreams(out)}
					if pack {
						opts = append(opts, optpreview.PolicyPacks(e.pack), optpreview.PolicyPackConfigs(e.policyConfig(t, "prod", "")))
					}
					_, err := s.Preview(ctx, opts...)
					return err
				})
				if o.err != nil {
					t.Fatal(o.err)
				}
				if d := time.Since(start); d < best {
					best = d
				}
			}
			t.Logf("services=%d pack=%v: %v", n, pack, best)
		}
	}
}
