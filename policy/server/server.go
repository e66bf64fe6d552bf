// Package server is the carestack pack's analyzer server: the engine's
// analyzer protocol (pulumirpc.AnalyzerServer) served straight from the rule
// table in policy/rules.
//
// It is written for this pack rather than through policyx because policyx
// v3.274.1 decodes every resource's properties and provider once per
// resource policy (about fifty times per resource here), whatever the
// policy's types, and once more for Remediate. This server decodes a
// resource once per Analyze, and only when a rule reads its type; it runs
// just those rules.
//
// What the engine sees is what it saw from the policyx pack (rules.Pack): the
// same policy names, descriptions, enforcement levels, per-policy config
// schemas with the environment's defaults, the same diagnostics in the same
// order, no remediations, and the same stack policies and preview-coverage
// advisory. A differential test serves both over gRPC and compares them.
//
// Deliberate differences. A rule marked non-exceptable (Rule.Exceptable
// false) cannot be weakened: Configure refuses a config that makes such a
// rule advisory or disabled (by name or through "all") and a policy pack
// config file whose exceptions name one (see nonexceptable.go and
// docs/exceptions.md), so the engine fails before any step. And the server
// fills in two fields of the protocol that policyx leaves empty: each
// policy's type (resource or stack), and, in every Analyze and Remediate
// answer, the resource policies that do not apply to the resource. The
// engine uses them only for its per-resource summaries of passed policies,
// which otherwise listed every policy of the pack as passed on every
// resource, twice.
package server

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/carestack/carestack/policy/rules"
)

// policy is one policy of the pack as the engine knows it: a catalog rule,
// or the preview-coverage advisory (rule nil).
type policy struct {
	name, description string
	rule              *rules.Rule
	stack             bool
}

// policies is the pack in the order the engine has always seen it: the
// catalog, then preview-coverage.
var policies = func() []policy {
	out := make([]policy, 0, len(rules.Catalog)+1)
	for _, r := range rules.Catalog {
		out = append(out, policy{name: r.Name, description: r.Description(), rule: r, stack: r.Scope != rules.ScopeResource})
	}
	return append(out, policy{name: rules.CoveragePolicy, description: rules.CoverageDescription, stack: true})
}()

// defaultLevel is a policy's level in env before any config.
func (p policy) defaultLevel(env rules.Env) pulumirpc.EnforcementLevel {
	if p.rule == nil {
		return pulumirpc.EnforcementLevel_ADVISORY
	}
	return rpcLevel(p.rule.Level(env))
}

func rpcLevel(l rules.Level) pulumirpc.EnforcementLevel {
	switch l {
	case rules.Advisory:
		return pulumirpc.EnforcementLevel_ADVISORY
	case rules.Disabled:
		return pulumirpc.EnforcementLevel_DISABLED
	}
	return pulumirpc.EnforcementLevel_MANDATORY
}

// packVersion is PackVersion as the engine receives it (semver-normalised).
var packVersion = semver.MustParse(rules.PackVersion).String()

// Server serves the pack. The zero value is not ready; use New.
type Server struct {
	pulumirpc.UnimplementedAnalyzerServer

	mu        sync.Mutex
	handshake *pulumirpc.AnalyzerHandshakeRequest
	env       rules.Env
	// configured is the last Configure request's per-policy config.
	configured map[string]policyConfig

	// settings is what Analyze and AnalyzeStack read: replaced whole by
	// ConfigureStack and Configure, never modified, so requests read it
	// without a lock.
	settings atomic.Pointer[settings]

	runners sync.Pool

	// configFiles finds the policy pack config files the engine was given
	// for this pack (nonexceptable.go); a test may replace it.
	configFiles func(rootDir string) configSearch
	// afterStack, when set, runs after each AnalyzeStack (profiling).
	afterStack func()
}

type policyConfig struct {
	level pulumirpc.EnforcementLevel
	props map[string]any
}

// settings is the resolved state for one environment and config.
type settings struct {
	env rules.Env
	// level and params are indexed like policies.
	level  []pulumirpc.EnforcementLevel
	params []map[string]any
	// anyStack reports whether any stack policy is enabled.
	anyStack bool
	// byType lists, per resource type, the indexes of the enabled resource
	// policies that read it, in catalog order.
	byType map[string][]int
	// notApplicable caches, per resource type, the resource policies that do
	// not run on it (not of its type, or disabled); noneApply is the list
	// for a type no enabled policy reads: every resource policy.
	notApplicable sync.Map
	noneApply     []*pulumirpc.PolicyNotApplicable
	// stackOff lists the stack policies the config disabled.
	stackOff []*pulumirpc.PolicyNotApplicable
}

// New returns a server at prod's levels (the strictest) until the engine
// says which stack it analyses.
func New() *Server {
	s := &Server{env: rules.Prod, configFiles: engineConfigFiles}
	s.runners.New = func() any { return rules.NewRunner() }
	s.settings.Store(resolve(rules.Prod, nil))
	return s
}

// resolve computes levels and settings for env under the configured
// per-policy config: a configured level replaces the default, as policyx
// does; a resource rule's settings lie over env's defaults.
func resolve(env rules.Env, configured map[string]policyConfig) *settings {
	st := &settings{
		env:    env,
		level:  make([]pulumirpc.EnforcementLevel, len(policies)),
		params: make([]map[string]any, len(policies)),
		byType: map[string][]int{},
	}
	for i, p := range policies {
		st.level[i] = p.defaultLevel(env)
		c, ok := configured[p.name]
		if ok {
			st.level[i] = c.level
		}
		if p.rule != nil && !p.stack {
			st.params[i] = rules.Settings(p.rule, env, c.props)
		}
		if st.level[i] == pulumirpc.EnforcementLevel_DISABLED {
			if p.stack {
				st.stackOff = append(st.stackOff, notApplicableMsg[i])
			}
			continue
		}
		if p.stack {
			st.anyStack = true
			continue
		}
		for _, t := range p.rule.Types {
			st.byType[t] = append(st.byType[t], i)
		}
	}
	st.noneApply = notRunning(nil)
	return st
}

// notApplicableTo lists the resource policies that do not run on typ. The
// engine counts every resource policy that reports neither a violation nor
// "not applicable" as passed, and says so in two summary events per
// resource (Remediate and Analyze); with hundreds of policies those lists
// were most of a preview's events. Built on first use per type.
func (st *settings) notApplicableTo(typ string) []*pulumirpc.PolicyNotApplicable {
	idx := st.byType[typ]
	if len(idx) == 0 {
		return st.noneApply
	}
	if v, ok := st.notApplicable.Load(typ); ok {
		return v.([]*pulumirpc.PolicyNotApplicable)
	}
	v, _ := st.notApplicable.LoadOrStore(typ, notRunning(idx))
	return v.([]*pulumirpc.PolicyNotApplicable)
}

// notApplicableMsg holds one message per policy, shared by every response
// (gRPC only reads them).
var notApplicableMsg = func() []*pulumirpc.PolicyNotApplicable {
	out := make([]*pulumirpc.PolicyNotApplicable, len(policies))
	for i, p := range policies {
		out[i] = &pulumirpc.PolicyNotApplicable{PolicyName: p.name}
	}
	return out
}()

// notRunning lists the resource policies not in runs (ascending policy
// indexes), in catalog order.
func notRunning(runs []int) []*pulumirpc.PolicyNotApplicable {
	var out []*pulumirpc.PolicyNotApplicable
	for i, p := range policies {
		if len(runs) > 0 && runs[0] == i {
			runs = runs[1:]
			continue
		}
		if !p.stack {
			out = append(out, notApplicableMsg[i])
		}
	}
	return out
}

// policyType tells the engine which summary a policy belongs in.
func (p policy) policyType() pulumirpc.PolicyType {
	if p.stack {
		return pulumirpc.PolicyType_POLICY_TYPE_STACK
	}
	return pulumirpc.PolicyType_POLICY_TYPE_RESOURCE
}

// Handshake records the engine's address and the pack's directory.
func (s *Server) Handshake(_ context.Context, req *pulumirpc.AnalyzerHandshakeRequest) (*pulumirpc.AnalyzerHandshakeResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handshake = req
	return &pulumirpc.AnalyzerHandshakeResponse{}, nil
}

// ConfigureStack picks the environment from the stack's
// carestack:environment config, else its name (rules.EnvOf), as the
// policyx pack did through its pulumi.Context. (No rule reads the stack's
// tags, which policyx passed on to resource policies.)
func (s *Server) ConfigureStack(_ context.Context, req *pulumirpc.AnalyzerStackConfigureRequest) (*pulumirpc.AnalyzerStackConfigureResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.env = rules.EnvOf(req.GetConfig()["carestack:environment"], req.GetStack())
	s.settings.Store(resolve(s.env, s.configured))
	return &pulumirpc.AnalyzerStackConfigureResponse{}, nil
}

// GetPluginInfo returns the pack's version.
func (s *Server) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: packVersion}, nil
}

// GetAnalyzerInfo describes every policy at the environment's levels, with
// a config schema for each rule that takes settings.
func (s *Server) GetAnalyzerInfo(context.Context, *emptypb.Empty) (*pulumirpc.AnalyzerInfo, error) {
	env := s.settings.Load().env
	out := make([]*pulumirpc.PolicyInfo, 0, len(policies))
	for _, p := range policies {
		info := &pulumirpc.PolicyInfo{Name: p.name, Description: p.description, EnforcementLevel: p.defaultLevel(env), PolicyType: p.policyType()}
		if p.rule != nil {
			if props := rules.SettingsSchema(p.rule, env); props != nil {
				m := make(map[string]any, len(props))
				for k, v := range props {
					m[k] = v
				}
				pb, err := structpb.NewStruct(m)
				if err != nil {
					return nil, fmt.Errorf("config schema of %s: %w", p.name, err)
				}
				info.ConfigSchema = &pulumirpc.PolicyConfigSchema{Properties: pb}
			}
		}
		out = append(out, info)
	}
	return &pulumirpc.AnalyzerInfo{
		Name:           rules.PackName,
		Version:        packVersion,
		Policies:       out,
		SupportsConfig: true,
	}, nil
}

// Configure takes the engine's reconciled per-policy config: every policy's
// level (the engine has already applied "all") and a resource rule's
// settings. It refuses any config that weakens a non-exceptable rule, and
// any exception in the engine's policy pack config file that names one.
func (s *Server) Configure(_ context.Context, req *pulumirpc.ConfigureAnalyzerRequest) (*emptypb.Empty, error) {
	conf := make(map[string]policyConfig, len(req.GetPolicyConfig()))
	for name, c := range req.GetPolicyConfig() {
		conf[name] = policyConfig{level: c.GetEnforcementLevel(), props: c.GetProperties().AsMap()}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	errs := weakenedLevels(conf)
	root := ""
	if s.handshake != nil {
		root = s.handshake.GetRootDirectory()
	}
	errs = append(errs, exceptedNonExceptable(s.configFiles(root))...)
	if len(errs) > 0 {
		return nil, status.Error(codes.InvalidArgument, joinRefusals(errs))
	}
	s.configured = conf
	s.settings.Store(resolve(s.env, conf))
	return &emptypb.Empty{}, nil
}

// unmarshal decodes properties the way the policy SDK hands them to
// policies: unknowns, secrets, resource references and output values kept.
func unmarshal(props *structpb.Struct, label string) (property.Map, error) {
	pm, err := plugin.UnmarshalProperties(props, plugin.MarshalOptions{
		Label:            label,
		KeepUnknowns:     true,
		KeepSecrets:      true,
		KeepResources:    true,
		KeepOutputValues: true,
	})
	if err != nil {
		return property.Map{}, err
	}
	return resource.FromResourcePropertyMap(pm), nil
}

func providerProps(p *pulumirpc.AnalyzerProviderResource, label string) (property.Map, error) {
	if p == nil {
		return property.Map{}, nil
	}
	return unmarshal(p.GetProperties(), label)
}

func (s *Server) diagnostic(i int, level pulumirpc.EnforcementLevel, message, urn string) *pulumirpc.AnalyzeDiagnostic {
	p := policies[i]
	text := p.description
	if message != "" {
		text += "\n" + message
	}
	return &pulumirpc.AnalyzeDiagnostic{
		PolicyName:        p.name,
		PolicyPackName:    rules.PackName,
		PolicyPackVersion: packVersion,
		Description:       p.description,
		Message:           text,
		EnforcementLevel:  level,
		Urn:               urn,
	}
}

// Analyze runs the enabled resource rules of the resource's type on its
// inputs, decoded once. A violation without a URN of its own is the
// resource's.
func (s *Server) Analyze(_ context.Context, req *pulumirpc.AnalyzeRequest) (*pulumirpc.AnalyzeResponse, error) {
	st := s.settings.Load()
	idx := st.byType[req.GetType()]
	if len(idx) == 0 {
		return &pulumirpc.AnalyzeResponse{NotApplicable: st.noneApply}, nil
	}
	props, err := unmarshal(req.GetProperties(), rules.PackName+".analyze")
	if err != nil {
		return nil, fmt.Errorf("failed to unmarshal properties of %q: %w", req.GetUrn(), err)
	}
	prov, err := providerProps(req.GetProvider(), rules.PackName+".analyze.provider")
	if err != nil {
		return nil, fmt.Errorf("failed to unmarshal the provider of %q: %w", req.GetUrn(), err)
	}
	res := rules.Resource{
		Type: req.GetType(), URN: req.GetUrn(), Name: req.GetName(), Parent: req.GetOptions().GetParent(),
		Props: props, Protect: req.GetOptions().GetProtect(), ProviderProps: prov,
	}
	runner := s.runners.Get().(*rules.Runner)
	defer s.runners.Put(runner)
	var ds []*pulumirpc.AnalyzeDiagnostic
	for _, i := range idx {
		for _, f := range runner.Run(policies[i].rule, &res, st.params[i]) {
			if f.Outcome != rules.Violation {
				continue
			}
			urn := f.URN
			if urn == "" {
				urn = req.GetUrn()
			}
			ds = append(ds, s.diagnostic(i, st.level[i], f.Message, urn))
		}
	}
	return &pulumirpc.AnalyzeResponse{Diagnostics: ds, NotApplicable: st.notApplicableTo(req.GetType())}, nil
}

// Remediate: the pack remediates nothing, so no policy applies; saying so
// keeps the engine from listing every resource policy as a passed
// remediation for every resource. The engine still calls it for every
// resource, so it answers without decoding anything.
func (s *Server) Remediate(context.Context, *pulumirpc.AnalyzeRequest) (*pulumirpc.RemediateResponse, error) {
	return &pulumirpc.RemediateResponse{NotApplicable: s.settings.Load().noneApply}, nil
}

// AnalyzeStack indexes the stack's resources once (each decoded once, each
// provider once) and runs the enabled stack rules over the index, then the
// preview-coverage advisory. Stack violations keep their own URN, which is
// empty for whole-stack findings: the engine attributes those to the stack.
func (s *Server) AnalyzeStack(_ context.Context, req *pulumirpc.AnalyzeStackRequest) (*pulumirpc.AnalyzeResponse, error) {
	if s.afterStack != nil {
		defer s.afterStack()
	}
	st := s.settings.Load()
	if !st.anyStack {
		return &pulumirpc.AnalyzeResponse{NotApplicable: st.stackOff}, nil
	}
	in := req.GetResources()
	resources := make([]rules.Resource, len(in))
	// A stack has a handful of providers; each is decoded once.
	providers := map[string]property.Map{}
	for i, r := range in {
		props, err := unmarshal(r.GetProperties(), rules.PackName+".analyzeStack")
		if err != nil {
			return nil, fmt.Errorf("failed to unmarshal properties for resource %q: %w", r.GetUrn(), err)
		}
		var prov property.Map
		if p := r.GetProvider(); p != nil {
			var ok bool
			if prov, ok = providers[p.GetUrn()]; !ok {
				if prov, err = providerProps(p, rules.PackName+".analyzeStack.provider"); err != nil {
					return nil, fmt.Errorf("failed to unmarshal provider for resource %q: %w", r.GetUrn(), err)
				}
				providers[p.GetUrn()] = prov
			}
		}
		var deps map[string][]string
		for k, d := range r.GetPropertyDependencies() {
			if urns := d.GetUrns(); len(urns) > 0 {
				if deps == nil {
					deps = make(map[string][]string, len(r.GetPropertyDependencies()))
				}
				deps[k] = urns
			}
		}
		resources[i] = rules.Resource{
			Type: r.GetType(), URN: r.GetUrn(), Name: r.GetName(), Parent: r.GetParent(),
			Props: props, PropertyDependencies: deps, Protect: r.GetOptions().GetProtect(), ProviderProps: prov,
		}
	}
	stack := rules.NewStack(resources)
	var ds []*pulumirpc.AnalyzeDiagnostic
	for i, p := range policies {
		if !p.stack || st.level[i] == pulumirpc.EnforcementLevel_DISABLED {
			continue
		}
		if p.rule == nil {
			// Deferrals are found at the catalog's settings, as before.
			if msg := rules.CoverageSummary(rules.EvaluateIndexed(stack, nil)); msg != "" {
				ds = append(ds, s.diagnostic(i, st.level[i], msg, ""))
			}
			continue
		}
		// Stack rules take no settings (see rules.Rule.Configurable).
		for _, f := range rules.RunStack(p.rule, stack, nil) {
			if f.Outcome == rules.Violation {
				ds = append(ds, s.diagnostic(i, st.level[i], f.Message, f.URN))
			}
		}
	}
	return &pulumirpc.AnalyzeResponse{Diagnostics: ds, NotApplicable: st.stackOff}, nil
}

// Cancel: every call finishes on its own in milliseconds.
func (s *Server) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}
