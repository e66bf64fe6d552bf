package engine_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"

	"github.com/carestack/carestack/infra/estate"
)

var (
	benchPacksOnce sync.Once
	benchPacks     struct{ floor, policyx string }
	benchPacksErr  error
)

// floorPack builds the floor pack (tests/engine/floorpack: policyx with one
// resource policy that reads nothing) and the pack as policyx served it
// (tests/engine/policyxpack) next to the pack.
func (e *env) floorPack(b testing.TB) (floor, policyx string) {
	benchPacksOnce.Do(func() {
		benchPacks.floor = filepath.Join(e.tmp, "floor", "floor-policy")
		benchPacks.policyx = filepath.Join(e.tmp, "policyx", "policyx-policy")
		for out, pkg := range map[string]string{benchPacks.floor: "./tests/engine/floorpack", benchPacks.policyx: "./tests/engine/policyxpack"} {
			cmd := exec.Command("go", "build", "-o", out, pkg)
			cmd.Dir = e.root
			if o, err := cmd.CombinedOutput(); err != nil {
				benchPacksErr = fmt.Errorf("go build %s: %v\n%s", pkg, err, o)
				return
			}
		}
	})
	if benchPacksErr != nil {
		b.Fatal(benchPacksErr)
	}
	return benchPacks.floor, benchPacks.policyx
}

// previewPack previews with one policy pack binary ("" for none), streaming
// events and progress the same way whatever the pack, so only the pack
// differs between timings.
func (e *env) previewPack(b testing.TB, s auto.Stack, pack, policyConfig string) outcome {
	b.Helper()
	return operate(b, func(ctx context.Context, ch chan<- events.EngineEvent, out io.Writer) error {
		opts := []optpreview.Option{optpreview.EventStreams(ch), optpreview.ProgressStreams(out), optpreview.ErrorProgressStreams(out)}
		if pack != "" {
			opts = append(opts, optpreview.PolicyPacks(pack), optpreview.PolicyPackConfigs(policyConfig))
		}
		_, err := s.Preview(ctx, opts...)
		return err
	})
}

// profilingCLI adds --profiling to the CLI's preview runs, so the engine
// writes <prefix>.<pid>.cpu (and .mem, .trace) for each preview.
type profilingCLI struct {
	auto.PulumiCommand
	prefix string
}

func (p profilingCLI) Run(ctx context.Context, workdir string, stdin io.Reader, out, errOut []io.Writer, env []string, args ...string) (string, string, int, error) {
	if len(args) > 0 && args[0] == "preview" {
		args = append([]string{args[0], "--profiling", p.prefix}, args[1:]...)
	}
	return p.PulumiCommand.Run(ctx, workdir, stdin, out, errOut, env, args...)
}

// cliOptions profiles the CLI when CARESTACK_CLI_PROFILE names a directory
// (see scripts/profile-preview.sh); the pack's own profile comes from
// CARESTACK_PACK_CPUPROFILE, which the CLI passes on to it.
func cliOptions(b testing.TB, name string) []auto.LocalWorkspaceOption {
	dir := os.Getenv("CARESTACK_CLI_PROFILE")
	if dir == "" {
		return nil
	}
	cmd, err := auto.NewPulumiCommand(nil)
	if err != nil {
		b.Fatal(err)
	}
	return []auto.LocalWorkspaceOption{auto.Pulumi(profilingCLI{cmd, filepath.Join(dir, name)})}
}

// cpuTime is the CPU time used so far by this process and by every child
// process it has waited for (the CLI, which waits for its plugins).
func cpuTime() time.Duration {
	var self, children syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &self)
	syscall.Getrusage(syscall.RUSAGE_CHILDREN, &children)
	total := time.Duration(0)
	for _, ru := range []syscall.Rusage{self, children} {
		total += time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	return total
}

// BenchmarkPreview is the preview budget of the README: a prod preview
// through the real CLI (the stand-in providers), without a pack, with the
// floor pack, with the pack, and (for comparison) with the pack as policyx
// served it, in both engine modes (a plain `pulumi
// preview`, and the pipelines' PULUMI_SKIP_CHECKPOINTS=true). Each iteration
// previews all three in turn; the best of the iterations counts (-benchtime
// 5x: best of 5). Budget: the pack's cost over the floor pack's, at most 5%
// of the preview without a pack (scripts/bench-preview.sh checks it).
//
//	go test ./tests/engine -run '^$' -bench '^BenchmarkPreview$' -benchtime 5x
func BenchmarkPreview(b *testing.B) {
	e := setup(b)
	floor, policyx := e.floorPack(b)
	config := e.policyConfig(b, "prod", "")
	for _, mode := range []struct{ name, skip string }{{"plain", "false"}, {"skip-checkpoints", "true"}} {
		b.Run(mode.name, func(b *testing.B) {
			os.Setenv("PULUMI_SKIP_CHECKPOINTS", mode.skip)
			defer os.Unsetenv("PULUMI_SKIP_CHECKPOINTS")
			packs := []struct{ name, bin string }{{"none", ""}, {"floor", floor}, {"pack", e.pack}, {"policyx", policyx}}
			best, bestCPU := map[string]time.Duration{}, map[string]time.Duration{}
			round := 0
			for b.Loop() {
				// Rotate the order so no side always runs first.
				for i := range packs {
					p := packs[(i+round)%len(packs)]
					s := e.workspace(b, "prod", estate.Program, nil, cliOptions(b, mode.name+"-"+p.name)...)
					start, startCPU := time.Now(), cpuTime()
					o := e.previewPack(b, s, p.bin, config)
					d, cpu := time.Since(start), cpuTime()-startCPU
					if o.err != nil {
						// A preview that finds violations still runs every
						// step and the stack analysis, so it times the same;
						// anything else is a broken benchmark.
						if len(o.mandatory()) == 0 {
							b.Fatalf("%s: %v\n%s", p.name, o.err, lastLines(o.output, 20))
						}
						b.Logf("%s: the preview found mandatory violations %v (timed all the same)", p.name, o.mandatory())
					}
					if old, ok := best[p.name]; !ok || d < old {
						best[p.name] = d
					}
					if old, ok := bestCPU[p.name]; !ok || cpu < old {
						bestCPU[p.name] = cpu
					}
				}
				round++
			}
			none, fl, pk := best["none"].Seconds(), best["floor"].Seconds(), best["pack"].Seconds()
			b.ReportMetric(none, "none-s")
			b.ReportMetric(fl, "floor-s")
			b.ReportMetric(pk, "pack-s")
			b.ReportMetric(100*(pk-fl)/none, "pack-over-floor-%")
			b.ReportMetric(best["policyx"].Seconds(), "policyx-s")
			// CPU time (this process, which runs the program, plus the CLI
			// and everything it started) varies far less than wall time on
			// a shared machine.
			noneC, flC, pkC := bestCPU["none"].Seconds(), bestCPU["floor"].Seconds(), bestCPU["pack"].Seconds()
			b.ReportMetric(noneC, "none-cpu-s")
			b.ReportMetric(flC, "floor-cpu-s")
			b.ReportMetric(pkC, "pack-cpu-s")
			b.ReportMetric(100*(pkC-flC)/noneC, "pack-over-floor-cpu-%")
			b.ReportMetric(bestCPU["policyx"].Seconds(), "policyx-cpu-s")
			b.ReportMetric(0, "ns/op")
		})
	}
}
