package estate_test

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/carestack/carestack/infra/estate"
	"github.com/carestack/carestack/internal/offline"
)

// awsLike is a recording mock closer to what the engine and the AWS
// provider do than internal/offline's, for the tests that need it:
//
//   - it records every registration option tests assert (retainOnDelete too);
//   - autoNamed emulates Pulumi auto-naming (logical name, a dash and seven
//     hex characters) on the types whose physical names the estate reads
//     back (ECS clusters and services, load balancer and target group ARN
//     suffixes), so a test can tell a logical name from a physical one;
//   - preview runs the program as `pulumi preview` does (DryRun): a
//     resource that does not exist yet (isNew) echoes its inputs and leaves
//     every computed output unknown, as the provider's preview of a create
//     does, and inputs built from unknowns are recorded as unknown (the
//     standard mock drops them).
//
// Outputs of resources that exist come from offline.StandInState.
type awsLike struct {
	stack     string
	preview   bool
	autoNamed bool
	// isNew decides, in preview, which resources are being created; nil
	// means all of them (a new stack).
	isNew func(typ, name string) bool

	mu      sync.Mutex
	seq     int
	res     []recordedReg
	regions map[string]string
}

type recordedReg struct {
	seq int
	offline.Resource
	RetainOnDelete bool
}

func (m *awsLike) urn(parent, typ, name string) string {
	parentType := tokens.Type("")
	if p := resource.URN(parent); p != "" && p.QualifiedType() != resource.RootStackType {
		parentType = p.QualifiedType()
	}
	return string(resource.NewURN(tokens.QName(m.stack), tokens.PackageName(offline.Project), parentType, tokens.Type(typ), name))
}

// physicalName is the auto-name Pulumi would give a logical name: the name,
// a dash and seven hex characters (stable per URN, so runs compare equal).
func physicalName(urn, name string) string {
	sum := sha256.Sum256([]byte(urn))
	return name + "-" + hex.EncodeToString(sum[:])[:7]
}

func (m *awsLike) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	rpc := args.RegisterRPC
	inputs := args.Inputs
	if m.preview && rpc != nil {
		// The standard mock drops unknown inputs; keep them as unknown.
		withUnknowns, err := plugin.UnmarshalProperties(rpc.GetObject(), plugin.MarshalOptions{KeepUnknowns: true, KeepSecrets: true, KeepResources: true})
		if err != nil {
			return "", nil, err
		}
		inputs = withUnknowns
	}
	res := offline.Resource{Type: args.TypeToken, Name: args.Name, Provider: args.Provider, Custom: args.Custom, Inputs: inputs}
	retain := false
	if rpc != nil {
		res.Parent = rpc.GetParent()
		res.Protect = rpc.GetProtect()
		res.Dependencies = rpc.GetDependencies()
		res.IgnoreChanges = rpc.GetIgnoreChanges()
		res.PropertyDependencies = map[string][]string{}
		for k, v := range rpc.GetPropertyDependencies() {
			if len(v.GetUrns()) > 0 {
				res.PropertyDependencies[k] = v.GetUrns()
			}
		}
		retain = rpc.GetRetainOnDelete()
	}
	res.URN = m.urn(res.Parent, res.Type, res.Name)

	m.mu.Lock()
	m.seq++
	m.res = append(m.res, recordedReg{seq: m.seq, Resource: res, RetainOnDelete: retain})
	if args.TypeToken == "pulumi:providers:aws" {
		if m.regions == nil {
			m.regions = map[string]string{}
		}
		if v, ok := inputs["region"]; ok && v.IsString() {
			m.regions[res.URN] = v.StringValue()
		}
	}
	providerURN := args.Provider
	if i := strings.LastIndex(providerURN, "::"); i >= 0 {
		providerURN = providerURN[:i]
	}
	region := m.regions[providerURN]
	m.mu.Unlock()

	autoName := func(state resource.PropertyMap) {
		if !m.autoNamed {
			return
		}
		physical := physicalName(res.URN, res.Name)
		setIfAbsent := func(k, v string) {
			if _, ok := inputs[resource.PropertyKey(k)]; !ok {
				state[resource.PropertyKey(k)] = resource.NewProperty(v)
			}
		}
		switch res.Type {
		case "aws:ecs/service:Service", "aws:ecs/cluster:Cluster":
			setIfAbsent("name", physical)
		case "aws:lb/loadBalancer:LoadBalancer":
			setIfAbsent("name", physical)
			state["arnSuffix"] = resource.NewProperty("app/" + physical + "/50dc6c495c0c9188")
		case "aws:lb/targetGroup:TargetGroup":
			setIfAbsent("name", physical)
			state["arnSuffix"] = resource.NewProperty("targetgroup/" + physical + "/6d0ecf831eec9f09")
		}
	}

	if m.preview && (m.isNew == nil || m.isNew(res.Type, res.Name)) {
		// A create in preview: the inputs (and the auto-name the provider's
		// Check adds) are known, nothing the cloud computes is.
		state := inputs.Copy()
		if m.autoNamed {
			switch res.Type {
			case "aws:ecs/service:Service", "aws:ecs/cluster:Cluster", "aws:lb/loadBalancer:LoadBalancer", "aws:lb/targetGroup:TargetGroup":
				if _, ok := inputs["name"]; !ok {
					state["name"] = resource.NewProperty(physicalName(res.URN, res.Name))
				}
			}
		}
		return "", state, nil
	}
	id, state := offline.StandInState(args.TypeToken, args.Name, region, inputs)
	autoName(state)
	return id, state, nil
}

func (m *awsLike) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return offline.StandInInvoke(args.Token)
}

// registrations returns what was registered, in order.
func (m *awsLike) registrations() []recordedReg {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := append([]recordedReg(nil), m.res...)
	sort.Slice(out, func(i, j int) bool { return out[i].seq < out[j].seq })
	return out
}

// result is the registrations as an offline.Result (for compliance.ToRules).
func (m *awsLike) result() *offline.Result {
	r := &offline.Result{Stack: m.stack}
	for _, x := range m.registrations() {
		r.Resources = append(r.Resources, x.Resource)
	}
	return r
}

// runAWSLike runs the program for stack with cfg under m.
func runAWSLike(t *testing.T, m *awsLike, cfg map[string]string) *awsLike {
	t.Helper()
	opts := func(info *pulumi.RunInfo) {
		info.Config = cfg
		info.DryRun = m.preview
	}
	if err := pulumi.RunErr(estate.Program, pulumi.WithMocks(offline.Project, m.stack, m), opts); err != nil {
		t.Fatalf("stack %s: %v", m.stack, err)
	}
	return m
}
