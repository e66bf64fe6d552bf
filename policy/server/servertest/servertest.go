// Package servertest drives analyzer servers over the engine's gRPC protocol
// in-process: the pack's own server (policy/server), the policyx pack it
// replaced (rules.NewPack under policyx.Main) and the floor pack the
// benchmarks measure against (policyx with one resource policy that reads
// nothing). It sends what the engine sends, in the engine's order: a
// handshake, the stack's config, the reconciled policy config, then for each
// resource a Remediate and an Analyze of its inputs, and one AnalyzeStack of
// every resource. Tests and benchmarks share it; the pack never links it.
package servertest

import (
	"bufio"
	"context"
	"fmt"
	"maps"
	"math"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/propertyrpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/carestack/carestack/policy/rules"
	"github.com/carestack/carestack/policy/server"
	"github.com/carestack/carestack/policy/server/servertest/floor"
)

// dial connects to a local analyzer without the 4 MB default receive limit
// (a 10,000-resource AnalyzeStack is larger), as the engine does.
func dial(port int) (pulumirpc.AnalyzerClient, error) {
	conn, err := grpc.NewClient("127.0.0.1:"+strconv.Itoa(port),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(math.MaxInt32), grpc.MaxCallSendMsgSize(math.MaxInt32)))
	if err != nil {
		return nil, err
	}
	return pulumirpc.NewAnalyzerClient(conn), nil
}

// Serve starts an analyzer server with the SDK's plugin serving helper, as
// server.Main does, and returns a client and a stop function.
func Serve(srv pulumirpc.AnalyzerServer) (pulumirpc.AnalyzerClient, func(), error) {
	cancel := make(chan bool)
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancel,
		Init: func(g *grpc.Server) error {
			pulumirpc.RegisterAnalyzerServer(g, srv)
			return nil
		},
	})
	if err != nil {
		return nil, nil, err
	}
	c, err := dial(handle.Port)
	if err != nil {
		close(cancel)
		return nil, nil, err
	}
	return c, func() { close(cancel); <-handle.Done }, nil
}

// Pack serves a fresh instance of the pack's own server.
func Pack() (pulumirpc.AnalyzerClient, func(), error) { return Serve(server.New()) }

var (
	stdoutMu sync.Mutex
	policyxs = map[string]pulumirpc.AnalyzerClient{}
)

// servePolicyx runs policyx.Main in this process. policyx serves until the
// process ends and only prints its port on stdout, so stdout is swapped for a
// pipe while it starts; one server per factory per process.
func servePolicyx(key string, factory func(*pulumi.Context) (policyx.PolicyPack, error)) (pulumirpc.AnalyzerClient, error) {
	stdoutMu.Lock()
	defer stdoutMu.Unlock()
	if c, ok := policyxs[key]; ok {
		return c, nil
	}
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	saved := os.Stdout
	os.Stdout = w
	failed := make(chan error, 1)
	go func() { failed <- policyx.Main(factory) }()
	line, err := bufio.NewReader(r).ReadString('\n')
	os.Stdout = saved
	w.Close()
	if err != nil {
		select {
		case e := <-failed:
			return nil, fmt.Errorf("policyx: %v", e)
		default:
			return nil, fmt.Errorf("policyx printed no port: %v", err)
		}
	}
	port, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil {
		return nil, fmt.Errorf("policyx printed %q, not a port", line)
	}
	c, err := dial(port)
	if err != nil {
		return nil, err
	}
	policyxs[key] = c
	return c, nil
}

// Policyx serves the pack as it was served before: rules.NewPack under
// policyx v3.274.1. The server is shared by the whole process; Drive
// reconfigures it for each run, so runs against it must not overlap.
func Policyx() (pulumirpc.AnalyzerClient, error) { return servePolicyx("pack", rules.NewPack) }

// Floor serves the floor pack (package floor: policyx with one resource
// policy that reads nothing), shared by the process like Policyx.
func Floor() (pulumirpc.AnalyzerClient, error) { return servePolicyx("floor", floor.Pack) }

// Resource is one resource as the engine describes it to an analyzer.
type Resource struct {
	rules.Resource
	// Provider is the URN of the resource's provider ("" for none); its
	// inputs are Resource.ProviderProps.
	Provider     string
	Dependencies []string
}

// FromRules gives resources without provider URNs one provider per distinct
// provider configuration, as a program's providers would be.
func FromRules(stack string, rs []rules.Resource) []Resource {
	out := make([]Resource, len(rs))
	var seen []property.Map
	for i, r := range rs {
		out[i].Resource = r
		if r.ProviderProps.Len() == 0 {
			continue
		}
		k := -1
		for j, m := range seen {
			if property.New(m).Equals(property.New(r.ProviderProps)) {
				k = j
				break
			}
		}
		if k < 0 {
			k = len(seen)
			seen = append(seen, r.ProviderProps)
		}
		out[i].Provider = fmt.Sprintf("urn:pulumi:%s::carestack::pulumi:providers:aws::p%d", stack, k)
	}
	return out
}

func provider(r Resource) *pulumirpc.AnalyzerProviderResource {
	if r.Provider == "" {
		return nil
	}
	name := r.Provider[strings.LastIndex(r.Provider, "::")+2:]
	typ := r.Provider[strings.Index(r.Provider, "pulumi:providers:"):]
	typ = typ[:strings.Index(typ, "::")]
	return &pulumirpc.AnalyzerProviderResource{Type: typ, Urn: r.Provider, Name: name, Properties: propertyrpc.Marshal(r.ProviderProps)}
}

// AnalyzeRequest is the engine's request for one resource's inputs
// (propertyrpc.Marshal, as the engine's analyzer client marshals them).
func AnalyzeRequest(r Resource) *pulumirpc.AnalyzeRequest {
	return &pulumirpc.AnalyzeRequest{
		Type: r.Type, Urn: r.URN, Name: r.Name,
		Properties: propertyrpc.Marshal(r.Props),
		Options:    &pulumirpc.AnalyzerResourceOptions{Protect: r.Protect, Parent: r.Parent},
		Provider:   provider(r),
	}
}

// StackRequest is the engine's AnalyzeStack request. At preview a new
// resource's outputs are its inputs, so the inputs stand in for them.
func StackRequest(rs []Resource) *pulumirpc.AnalyzeStackRequest {
	out := make([]*pulumirpc.AnalyzerResource, len(rs))
	for i, r := range rs {
		deps := map[string]*pulumirpc.AnalyzerPropertyDependencies{}
		for k, urns := range r.PropertyDependencies {
			deps[k] = &pulumirpc.AnalyzerPropertyDependencies{Urns: urns}
		}
		out[i] = &pulumirpc.AnalyzerResource{
			Type: r.Type, Urn: r.URN, Name: r.Name,
			Properties:           propertyrpc.Marshal(r.Props),
			Options:              &pulumirpc.AnalyzerResourceOptions{Protect: r.Protect, Parent: r.Parent},
			Provider:             provider(r),
			Parent:               r.Parent,
			Dependencies:         r.Dependencies,
			PropertyDependencies: deps,
		}
	}
	return &pulumirpc.AnalyzeStackRequest{Resources: out}
}

// Stack is what the engine knows of a stack before it analyses resources.
type Stack struct {
	Name, Project string
	// Config is the stack's config ("carestack:environment" picks the
	// environment).
	Config map[string]string
	// Policies is the "policies" block of a version-2 policy pack config
	// file (nil: no file).
	Policies map[string]any
}

// Reconcile turns a "policies" block into the per-policy config the engine
// sends to Configure: every policy's level and schema defaults, "all"
// applied, then each policy's own level and settings (as
// ReconcilePolicyPackConfig in pulumi/pkg v3.274.1 resource/analyzer).
func Reconcile(info *pulumirpc.AnalyzerInfo, policies map[string]any) (map[string]*pulumirpc.PolicyConfig, error) {
	type conf struct {
		level string
		props map[string]any
	}
	levelName := func(l pulumirpc.EnforcementLevel) string { return strings.ToLower(l.String()) }
	result := map[string]conf{}
	for _, p := range info.GetPolicies() {
		var props map[string]any
		for k, v := range p.GetConfigSchema().GetProperties().AsMap() {
			if d, ok := v.(map[string]any)["default"]; ok {
				if props == nil {
					props = map[string]any{}
				}
				props[k] = d
			}
		}
		result[p.GetName()] = conf{levelName(p.GetEnforcementLevel()), props}
	}
	given := map[string]conf{}
	for name, v := range policies {
		switch v := v.(type) {
		case string:
			given[name] = conf{level: v}
		case map[string]any:
			c := conf{props: map[string]any{}}
			for k, x := range v {
				if k == "enforcementLevel" {
					c.level, _ = x.(string)
					continue
				}
				c.props[k] = x
			}
			given[name] = c
		default:
			return nil, fmt.Errorf("policies.%s: %v is neither a level nor an object", name, v)
		}
	}
	if all, ok := given["all"]; ok && all.level != "" {
		for k, v := range result {
			result[k] = conf{all.level, v.props}
		}
	}
	for name, g := range given {
		c := result[name]
		if g.level != "" {
			c.level = g.level
		}
		if len(g.props) > 0 {
			if c.props == nil {
				c.props = map[string]any{}
			} else {
				c.props = maps.Clone(c.props)
			}
			maps.Copy(c.props, g.props)
		}
		result[name] = c
	}
	out := map[string]*pulumirpc.PolicyConfig{}
	for name, c := range result {
		lvl, ok := pulumirpc.EnforcementLevel_value[strings.ToUpper(c.level)]
		if !ok {
			return nil, fmt.Errorf("policies.%s: %q is not a level", name, c.level)
		}
		pc := &pulumirpc.PolicyConfig{EnforcementLevel: pulumirpc.EnforcementLevel(lvl)}
		if c.props != nil {
			s, err := structpb.NewStruct(c.props)
			if err != nil {
				return nil, err
			}
			pc.Properties = s
		}
		out[name] = pc
	}
	return out, nil
}

// Run is everything an analyzer answered for one stack.
type Run struct {
	Info *pulumirpc.AnalyzerInfo
	// Resource holds each resource's Analyze diagnostics, in order.
	Resource     [][]*pulumirpc.AnalyzeDiagnostic
	Remediations int
	Stack        []*pulumirpc.AnalyzeDiagnostic
}

// Configure hands an analyzer the stack and its policy config, as the engine
// does when it loads a pack, and returns its info.
func Configure(ctx context.Context, c pulumirpc.AnalyzerClient, st Stack) (*pulumirpc.AnalyzerInfo, error) {
	root := os.TempDir()
	if _, err := c.Handshake(ctx, &pulumirpc.AnalyzerHandshakeRequest{RootDirectory: &root, ProgramDirectory: &root}); err != nil {
		return nil, fmt.Errorf("Handshake: %w", err)
	}
	project := st.Project
	if project == "" {
		project = "carestack"
	}
	if _, err := c.ConfigureStack(ctx, &pulumirpc.AnalyzerStackConfigureRequest{Stack: st.Name, Project: project, Config: st.Config, DryRun: true}); err != nil {
		return nil, fmt.Errorf("ConfigureStack: %w", err)
	}
	info, err := c.GetAnalyzerInfo(ctx, &emptypb.Empty{})
	if err != nil {
		return nil, fmt.Errorf("GetAnalyzerInfo: %w", err)
	}
	pc, err := Reconcile(info, st.Policies)
	if err != nil {
		return nil, err
	}
	if _, err := c.Configure(ctx, &pulumirpc.ConfigureAnalyzerRequest{PolicyConfig: pc}); err != nil {
		return info, fmt.Errorf("Configure: %w", err)
	}
	return info, nil
}

// Drive configures an analyzer for st and sends it every resource's
// Remediate and Analyze, then one AnalyzeStack, as a preview does.
func Drive(ctx context.Context, c pulumirpc.AnalyzerClient, st Stack, rs []Resource) (*Run, error) {
	info, err := Configure(ctx, c, st)
	if err != nil {
		return nil, err
	}
	run, err := Analyze(ctx, c, rs)
	if err != nil {
		return nil, err
	}
	run.Info = info
	return run, nil
}

// Analyze sends an analyzer that is already configured every resource's
// Remediate and Analyze, then one AnalyzeStack (Run.Info is left nil).
func Analyze(ctx context.Context, c pulumirpc.AnalyzerClient, rs []Resource) (*Run, error) {
	run := &Run{Resource: make([][]*pulumirpc.AnalyzeDiagnostic, len(rs))}
	for i, r := range rs {
		req := AnalyzeRequest(r)
		rem, err := c.Remediate(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("Remediate %s: %w", r.URN, err)
		}
		run.Remediations += len(rem.GetRemediations())
		resp, err := c.Analyze(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("Analyze %s: %w", r.URN, err)
		}
		run.Resource[i] = resp.GetDiagnostics()
	}
	resp, err := c.AnalyzeStack(ctx, StackRequest(rs))
	if err != nil {
		return nil, fmt.Errorf("AnalyzeStack: %w", err)
	}
	run.Stack = resp.GetDiagnostics()
	return run, nil
}

// Requests is a preview's traffic prepared in advance, so a benchmark times
// the analyzer and the protocol, not building the requests.
type Requests struct {
	Analyze []*pulumirpc.AnalyzeRequest
	Stack   *pulumirpc.AnalyzeStackRequest
}

// Prepare builds the requests for rs.
func Prepare(rs []Resource) Requests {
	out := Requests{Analyze: make([]*pulumirpc.AnalyzeRequest, len(rs)), Stack: StackRequest(rs)}
	for i, r := range rs {
		out.Analyze[i] = AnalyzeRequest(r)
	}
	return out
}

// Replay sends prepared requests to a configured analyzer: per resource a
// Remediate then an Analyze, then one AnalyzeStack. It returns the number
// of diagnostics.
func Replay(ctx context.Context, c pulumirpc.AnalyzerClient, reqs Requests) (int, error) {
	n := 0
	for _, req := range reqs.Analyze {
		if _, err := c.Remediate(ctx, req); err != nil {
			return n, err
		}
		resp, err := c.Analyze(ctx, req)
		if err != nil {
			return n, err
		}
		n += len(resp.GetDiagnostics())
	}
	resp, err := c.AnalyzeStack(ctx, reqs.Stack)
	if err != nil {
		return n, err
	}
	return n + len(resp.GetDiagnostics()), nil
}

// Diff lists every difference between two runs in what the policyx pack
// told the engine: the analyzer info (names, descriptions, levels, schemas,
// initial config), and every diagnostic (policy, pack, level, URN,
// description, message), in order. Empty means identical. Two things the
// pack's server adds are left out, because policyx never sends them: each
// policy's type (resource or stack) and the policies not applicable to a
// resource; the server's own tests check those.
func Diff(want, got *Run) []string {
	var out []string
	switch {
	case want.Info == nil && got.Info == nil:
	case want.Info == nil || got.Info == nil:
		out = append(out, fmt.Sprintf("analyzer info: got %v, want %v", got.Info, want.Info))
	default:
		out = append(out, infoDiff(want.Info, got.Info)...)
	}
	if want.Remediations != got.Remediations {
		out = append(out, fmt.Sprintf("remediations: %d, want %d", got.Remediations, want.Remediations))
	}
	if len(want.Resource) != len(got.Resource) {
		return append(out, fmt.Sprintf("%d resources analysed, want %d", len(got.Resource), len(want.Resource)))
	}
	for i := range want.Resource {
		out = append(out, diagDiff(fmt.Sprintf("Analyze #%d", i), want.Resource[i], got.Resource[i])...)
	}
	return append(out, diagDiff("AnalyzeStack", want.Stack, got.Stack)...)
}

func infoDiff(want, got *pulumirpc.AnalyzerInfo) []string {
	var out []string
	w, g := proto.Clone(want).(*pulumirpc.AnalyzerInfo), proto.Clone(got).(*pulumirpc.AnalyzerInfo)
	wp, gp := w.Policies, g.Policies
	w.Policies, g.Policies = nil, nil
	if !proto.Equal(w, g) {
		out = append(out, fmt.Sprintf("analyzer info: got %v, want %v", g, w))
	}
	if len(wp) != len(gp) {
		return append(out, fmt.Sprintf("%d policies, want %d", len(gp), len(wp)))
	}
	for i := range wp {
		wp[i].PolicyType, gp[i].PolicyType = 0, 0
		if !proto.Equal(wp[i], gp[i]) {
			out = append(out, fmt.Sprintf("policy #%d: got %v, want %v", i, gp[i], wp[i]))
		}
	}
	return out
}

func diagDiff(where string, want, got []*pulumirpc.AnalyzeDiagnostic) []string {
	var out []string
	for i := 0; i < len(want) || i < len(got); i++ {
		switch {
		case i >= len(got):
			out = append(out, fmt.Sprintf("%s: missing %s", where, Show(want[i])))
		case i >= len(want):
			out = append(out, fmt.Sprintf("%s: extra %s", where, Show(got[i])))
		case !proto.Equal(want[i], got[i]):
			out = append(out, fmt.Sprintf("%s: got %s, want %s", where, Show(got[i]), Show(want[i])))
		}
	}
	return out
}

// Show renders a diagnostic on one line.
func Show(d *pulumirpc.AnalyzeDiagnostic) string {
	return fmt.Sprintf("[%s %s %s@%s %q]", d.GetEnforcementLevel(), d.GetPolicyName(), d.GetPolicyPackName(), d.GetUrn(), d.GetMessage())
}
