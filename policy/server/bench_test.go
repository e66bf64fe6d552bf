package server_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/carestack/carestack/infra/estate"
	"github.com/carestack/carestack/policy/server/servertest"
)

// The protocol budgets (README, Benchmarks): the pack and the floor pack (a
// policyx pack with one resource policy that reads nothing) each run as the
// engine runs a pack, a process of its own, and get a preview's traffic for
// an estate-shaped prod stack of 1,000 and 10,000 resources (the real
// program offline, grown by services): per resource a Remediate and an
// Analyze of its inputs, then one AnalyzeStack. Floor and pack alternate in
// the same run. The pack may take at most 1.5x the floor's time, and 10x the
// resources at most 11x the time; scripts/bench-protocol.sh checks both.
//
//	go test ./policy/server -run '^$' -bench '^BenchmarkProtocol$' -benchtime 5x

var (
	binsOnce sync.Once
	bins     struct{ dir, pack, floor, policyx string }
	binsErr  error

	estatesMu sync.Mutex
	estates   = map[int]servertest.Requests{}
)

// packBinaries builds the pack, the floor pack and the pack as policyx
// served it, as the engine tests do.
func packBinaries(b *testing.B) (pack, floor, policyx string) {
	binsOnce.Do(func() {
		dir, err := os.MkdirTemp("", "carestack-bench-")
		if err != nil {
			binsErr = err
			return
		}
		bins.dir = dir
		root := projectDirB(b)
		bins.pack, bins.floor, bins.policyx = filepath.Join(dir, "carestack-policy"), filepath.Join(dir, "floor-policy"), filepath.Join(dir, "policyx-policy")
		for out, pkg := range map[string]string{bins.pack: "./policy", bins.floor: "./tests/engine/floorpack", bins.policyx: "./tests/engine/policyxpack"} {
			cmd := exec.Command("go", "build", "-o", out, pkg)
			cmd.Dir = root
			if o, err := cmd.CombinedOutput(); err != nil {
				binsErr = fmt.Errorf("go build %s: %v\n%s", pkg, err, o)
				return
			}
		}
	})
	if binsErr != nil {
		b.Fatal(binsErr)
	}
	return bins.pack, bins.floor, bins.policyx
}

// TestMain removes the benchmarks' binaries when the run ends.
func TestMain(m *testing.M) {
	code := m.Run()
	if bins.dir != "" {
		os.RemoveAll(bins.dir)
	}
	os.Exit(code)
}

func projectDirB(b *testing.B) string {
	b.Helper()
	dir, err := servertest.ProjectDir()
	if err != nil {
		b.Fatal(err)
	}
	return dir
}

// preview is the traffic of a preview of the prod estate grown to n
// resources, prepared once per process.
func preview(b *testing.B, n int) servertest.Requests {
	estatesMu.Lock()
	defer estatesMu.Unlock()
	if r, ok := estates[n]; ok {
		return r
	}
	rs, err := servertest.EstateOfSize(projectDirB(b), "prod", estate.Program, n)
	if err != nil {
		b.Fatal(err)
	}
	estates[n] = servertest.Prepare(rs)
	return estates[n]
}

// started runs a pack binary as a process and configures it for prod.
func started(b *testing.B, bin string) *servertest.Process {
	p, err := servertest.Start(bin, "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(p.Stop)
	cfg, err := servertest.StackConfig(projectDirB(b), "prod")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := servertest.Configure(context.Background(), p.Client, servertest.Stack{Name: "prod", Config: cfg}); err != nil {
		b.Fatal(err)
	}
	return p
}

func replay(b *testing.B, p *servertest.Process, reqs servertest.Requests) time.Duration {
	start := time.Now()
	if _, err := servertest.Replay(context.Background(), p.Client, reqs); err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// BenchmarkProtocol takes turns between the floor pack, the pack and (for
// comparison) the pack as policyx served it, over the same traffic, and
// reports each one's median time per preview and the pack's ratio to the
// floor.
func BenchmarkProtocol(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			packBin, floorBin, policyxBin := packBinaries(b)
			reqs := preview(b, n)
			servers := []*servertest.Process{started(b, floorBin), started(b, packBin), started(b, policyxBin)}
			times := make([][]time.Duration, len(servers))
			// One untimed round each: connections, caches, heaps.
			for _, s := range servers {
				replay(b, s, reqs)
			}
			round := 0
			for b.Loop() {
				// Rotate who goes first, so none always follows another's
				// garbage collection.
				for k := range servers {
					i := (k + round) % len(servers)
					times[i] = append(times[i], replay(b, servers[i], reqs))
				}
				round++
			}
			f, p, x := median(times[0]), median(times[1]), median(times[2])
			b.ReportMetric(ms(f), "floor-ms")
			b.ReportMetric(ms(p), "pack-ms")
			b.ReportMetric(float64(p)/float64(f), "x-floor")
			b.ReportMetric(ms(x), "policyx-ms")
			b.ReportMetric(0, "ns/op")
		})
	}
}

// BenchmarkProtocolPackOnly is the pack alone, for a CPU profile of the
// benchmark process (the client side). The pack's own profile comes from
// the pack process: see scripts/profile-protocol.sh.
func BenchmarkProtocolPackOnly(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			packBin, _, _ := packBinaries(b)
			reqs := preview(b, n)
			pack := started(b, packBin)
			replay(b, pack, reqs)
			for b.Loop() {
				replay(b, pack, reqs)
			}
		})
	}
}
