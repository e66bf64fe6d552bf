// Command pulumi-resource-aws is a STAND-IN for the AWS provider plugin, for
// the engine acceptance tests only. It never calls AWS and never ships: it
// answers the engine's provider protocol by echoing inputs, inventing ids and
// the outputs the program reads (internal/offline.StandInState), answering
// the program's invokes, and recording every call it gets. Its Diff asks for
// a replacement exactly where the real provider would (package forcenew).
//
// The real provider cannot be downloaded on our build machines; this lets the
// real Pulumi engine, the real program and the real policy pack run end to
// end. Set CARESTACK_STANDIN_LOG to a file to record the calls as JSON lines.
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/provider"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/carestack/carestack/internal/offline"
	"github.com/carestack/carestack/tests/engine/standin/aws/forcenew"
	"github.com/carestack/carestack/tests/engine/standin/base"
)

// Version is the pinned pulumi-aws version the program's SDK asks for.
const Version = "6.83.4"

var opts = plugin.MarshalOptions{KeepUnknowns: true, KeepSecrets: true, KeepResources: true}

type standIn struct {
	base.Provider
	mu sync.Mutex
	// region is this provider instance's region (the engine runs one
	// plugin per provider resource), so ARNs name it as AWS's would.
	region string
}

// Configure records the provider's region, then answers as every stand-in does.
func (s *standIn) Configure(ctx context.Context, req *pulumirpc.ConfigureRequest) (*pulumirpc.ConfigureResponse, error) {
	s.region = req.GetArgs().GetFields()["region"].GetStringValue()
	return s.Provider.Configure(ctx, req)
}

func (s *standIn) record(op, urn, typ string) {
	path := os.Getenv("CARESTACK_STANDIN_LOG")
	if path == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return
	}
	defer f.Close()
	line, _ := json.Marshal(map[string]string{"provider": "aws", "op": op, "urn": urn, "type": typ})
	_, _ = f.Write(append(line, '\n'))
}

// recordReplace logs why a Diff asked for a replacement.
func (s *standIn) recordReplace(urn, typ string, reasons []string) {
	path := os.Getenv("CARESTACK_STANDIN_LOG")
	if path == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return
	}
	defer f.Close()
	line, _ := json.Marshal(map[string]any{"provider": "aws", "op": "diff-replace", "urn": urn, "type": typ, "reasons": reasons})
	_, _ = f.Write(append(line, '\n'))
}

func unmarshal(s *structpb.Struct) (resource.PropertyMap, error) {
	return plugin.UnmarshalProperties(s, opts)
}
func marshal(m resource.PropertyMap) (*structpb.Struct, error) {
	return plugin.MarshalProperties(m, opts)
}

func (s *standIn) Check(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	s.record("check", req.GetUrn(), req.GetType())
	return &pulumirpc.CheckResponse{Inputs: req.GetNews()}, nil
}

// Diff answers as pulumi-aws v6.83.4 would: a change to a property the
// Terraform schema marks ForceNew replaces the resource (deleting it first
// where the real provider does), any other change updates it in place, no
// change is no change. The table and its sources are in package forcenew.
func (s *standIn) Diff(_ context.Context, req *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	olds, err := unmarshal(req.GetOldInputs())
	if err != nil {
		return nil, err
	}
	news, err := unmarshal(req.GetNews())
	if err != nil {
		return nil, err
	}
	typ := req.GetType()
	if typ == "" {
		typ = resource.URN(req.GetUrn()).Type().String()
	}
	r := forcenew.Diff(typ, olds, news)
	changes := pulumirpc.DiffResponse_DIFF_NONE
	if len(r.Diffs) > 0 {
		changes = pulumirpc.DiffResponse_DIFF_SOME
	}
	if len(r.Replaces) > 0 {
		s.recordReplace(req.GetUrn(), typ, r.Reasons)
	}
	return &pulumirpc.DiffResponse{
		Changes: changes, Diffs: r.Diffs, Replaces: r.Replaces, DeleteBeforeReplace: r.DeleteBeforeReplace,
	}, nil
}

func (s *standIn) Create(_ context.Context, req *pulumirpc.CreateRequest) (*pulumirpc.CreateResponse, error) {
	s.record("create", req.GetUrn(), req.GetType())
	inputs, err := unmarshal(req.GetProperties())
	if err != nil {
		return nil, err
	}
	name := resource.URN(req.GetUrn()).Name()
	typ := resource.URN(req.GetUrn()).Type().String()
	if n, ok := prefixedName(typ, req.GetUrn(), inputs); ok {
		// The physical name is the resource's name in its ID and ARN too.
		name = n
	}
	id, state := offline.StandInState(typ, name, s.region, inputs)
	physicalNames(typ, req.GetUrn(), name, state)
	if typ == "aws:ecs/taskDefinition:TaskDefinition" {
		taskDefinitionRevision(s.region, inputs, state)
	}
	out, err := marshal(state)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.CreateResponse{Id: id, Properties: out}, nil
}

// physicalNames adds the names AWS or pulumi-aws give a resource the
// program did not name: the auto-name (logical name, a dash, seven hex
// characters, stable per URN) of the types pulumi-aws auto-names, the ARN
// suffix of load balancers and target groups, and the RDS Proxy's default
// target group's fixed name. Outputs missing from the state would read as
// unknown in every later preview, and every resource built from them would
// show a change that a real stack does not have.
func physicalNames(typ, urn, name string, state resource.PropertyMap) {
	if prop, ok := forcenew.AutoNamed[typ]; ok {
		if v, set := state[resource.PropertyKey(prop)]; !set || v.IsNull() {
			state[resource.PropertyKey(prop)] = resource.NewStringProperty(name + "-" + urnHex(urn)[:7])
		}
	}
	str := func(k string) string {
		if v := state[resource.PropertyKey(k)]; v.IsString() {
			return v.StringValue()
		}
		return ""
	}
	switch typ {
	case "aws:lb/loadBalancer:LoadBalancer":
		state["arnSuffix"] = resource.NewStringProperty("app/" + str("name") + "/50dc6c495c0c9188")
	case "aws:lb/targetGroup:TargetGroup":
		state["arnSuffix"] = resource.NewStringProperty("targetgroup/" + str("name") + "/73e2d6bc24d8a067")
	case "aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup":
		state["name"] = resource.NewStringProperty("default")
	}
}

// prefixedName is the name the provider generates for a resource the
// program named by prefix (bucketPrefix, namePrefix): the prefix and a
// 26-character unique suffix (stable per URN here), added to the created
// resource's properties, as AWS's name is in a real state. Rules that
// match names by prefix (the trail's PHI data events select buckets by
// their name prefix) see the name a real stack has.
func prefixedName(typ, urn string, inputs resource.PropertyMap) (string, bool) {
	prop, ok := forcenew.AutoNamed[typ]
	if !ok {
		return "", false
	}
	if v, set := inputs[resource.PropertyKey(prop)]; set && !v.IsNull() {
		return "", false
	}
	p := inputs[resource.PropertyKey(prop+"Prefix")]
	if !p.IsString() || p.StringValue() == "" {
		return "", false
	}
	n := p.StringValue() + urnHex(urn)[:26]
	inputs[resource.PropertyKey(prop)] = resource.NewStringProperty(n)
	return n, true
}

// urnHex is the hex SHA-256 of a URN: the stable "random" part of the
// names the stand-in generates.
func urnHex(urn string) string {
	sum := sha256.Sum256([]byte(urn))
	return hex.EncodeToString(sum[:])
}

// taskDefinitionRevision gives a task definition the ARN of its revision:
// a revision is immutable, so different inputs are a different revision
// with a different ARN (derived from the inputs here, stable across runs),
// and a preview of a new image shows the service moving to it, as it does
// on AWS.
func taskDefinitionRevision(region string, inputs, state resource.PropertyMap) {
	if region == "" {
		region = "us-east-1"
	}
	family := ""
	if v := inputs["family"]; v.IsString() {
		family = v.StringValue()
	}
	var keys []string
	for k := range inputs {
		if k != "tags" && k != "tagsAll" {
			keys = append(keys, string(k))
		}
	}
	sort.Strings(keys)
	h := sha256.New()
	for _, k := range keys {
		fmt.Fprintf(h, "%s=%v;", k, inputs[resource.PropertyKey(k)])
	}
	sum := h.Sum(nil)
	rev := 1 + (int(sum[0])<<8|int(sum[1]))%9999
	base := fmt.Sprintf("arn:aws:ecs:%s:%s:task-definition/%s", region, offline.MockAccountID, family)
	state["arn"] = resource.NewStringProperty(fmt.Sprintf("%s:%d", base, rev))
	state["arnWithoutRevision"] = resource.NewStringProperty(base)
	state["revision"] = resource.NewNumberProperty(float64(rev))
}

func (s *standIn) Read(_ context.Context, req *pulumirpc.ReadRequest) (*pulumirpc.ReadResponse, error) {
	s.record("read", req.GetUrn(), "")
	return &pulumirpc.ReadResponse{Id: req.GetId(), Properties: req.GetProperties(), Inputs: req.GetInputs()}, nil
}

func (s *standIn) Update(_ context.Context, req *pulumirpc.UpdateRequest) (*pulumirpc.UpdateResponse, error) {
	s.record("update", req.GetUrn(), req.GetType())
	olds, err := unmarshal(req.GetOlds())
	if err != nil {
		return nil, err
	}
	news, err := unmarshal(req.GetNews())
	if err != nil {
		return nil, err
	}
	for k, v := range news {
		olds[k] = v
	}
	out, err := marshal(olds)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.UpdateResponse{Properties: out}, nil
}

func (s *standIn) Delete(_ context.Context, req *pulumirpc.DeleteRequest) (*emptypb.Empty, error) {
	s.record("delete", req.GetUrn(), req.GetType())
	return &emptypb.Empty{}, nil
}

func (s *standIn) Invoke(_ context.Context, req *pulumirpc.InvokeRequest) (*pulumirpc.InvokeResponse, error) {
	s.record("invoke", "", req.GetTok())
	result, err := offline.StandInInvoke(req.GetTok())
	if err != nil {
		return nil, err
	}
	out, err := marshal(result)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.InvokeResponse{Return: out}, nil
}

func main() {
	if err := provider.Main("aws", func(*provider.HostClient) (pulumirpc.ResourceProviderServer, error) {
		return &standIn{Provider: base.Provider{Name: "aws", Version: Version}}, nil
	}); err != nil {
		os.Exit(1)
	}
}
