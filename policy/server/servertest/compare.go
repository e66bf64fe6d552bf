package servertest

import (
	"context"
	"fmt"
	"sync"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"golang.org/x/sync/errgroup"
	"google.golang.org/protobuf/proto"
)

// Comparer sends the same requests to two configured analyzers (the policyx
// pack and the pack's server) and reports every difference in what they
// answer. A resource's Analyze diagnostics depend on nothing but its
// request, so a request already compared is not sent again. Safe for
// concurrent use: the servers must take concurrent calls anyway, as the
// engine makes them.
type Comparer struct {
	old, pack pulumirpc.AnalyzerClient
	report    func(string)

	mu          sync.Mutex
	seen        map[string]bool
	diagnostics int
}

// NewComparer compares pack's answers with old's, calling report for each
// difference.
func NewComparer(old, pack pulumirpc.AnalyzerClient, report func(string)) *Comparer {
	return &Comparer{old: old, pack: pack, report: report, seen: map[string]bool{}}
}

// Diagnostics is how many diagnostics were compared.
func (c *Comparer) Diagnostics() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.diagnostics
}

// Distinct is how many distinct Analyze requests were compared.
func (c *Comparer) Distinct() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.seen)
}

func (c *Comparer) compare(where string, want, got []*pulumirpc.AnalyzeDiagnostic) {
	for _, d := range Diff(&Run{Stack: want}, &Run{Stack: got}) {
		c.report(where + ": " + d)
	}
	c.mu.Lock()
	c.diagnostics += len(got)
	c.mu.Unlock()
}

func (c *Comparer) firstSight(key []byte) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seen[string(key)] {
		return false
	}
	c.seen[string(key)] = true
	return true
}

// Stack compares each resource's Analyze and the stack's AnalyzeStack.
func (c *Comparer) Stack(ctx context.Context, where string, rs []Resource) error {
	for _, r := range rs {
		req := AnalyzeRequest(r)
		key, err := proto.MarshalOptions{Deterministic: true}.Marshal(req)
		if err != nil {
			return err
		}
		if !c.firstSight(key) {
			continue
		}
		want, err := c.old.Analyze(ctx, req)
		if err != nil {
			return fmt.Errorf("%s: policyx Analyze %s: %w", where, r.URN, err)
		}
		got, err := c.pack.Analyze(ctx, req)
		if err != nil {
			return fmt.Errorf("%s: server Analyze %s: %w", where, r.URN, err)
		}
		c.compare(where+" "+r.URN, want.GetDiagnostics(), got.GetDiagnostics())
	}
	req := StackRequest(rs)
	want, err := c.old.AnalyzeStack(ctx, req)
	if err != nil {
		return fmt.Errorf("%s: policyx AnalyzeStack: %w", where, err)
	}
	got, err := c.pack.AnalyzeStack(ctx, req)
	if err != nil {
		return fmt.Errorf("%s: server AnalyzeStack: %w", where, err)
	}
	c.compare(where+" AnalyzeStack", want.GetDiagnostics(), got.GetDiagnostics())
	return nil
}

// CaseStack is one stack to compare, named for the report.
type CaseStack struct {
	Where     string
	Resources []Resource
}

// Stacks compares many stacks with a few calls in flight, which hides the
// round trips' latency.
func (c *Comparer) Stacks(ctx context.Context, stacks []CaseStack) error {
	const workers = 4
	var g errgroup.Group
	for w := 0; w < workers; w++ {
		g.Go(func() error {
			for i := w; i < len(stacks); i += workers {
				if err := c.Stack(ctx, stacks[i].Where, stacks[i].Resources); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return g.Wait()
}
