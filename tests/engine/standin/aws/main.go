// Command pulumi-resource-aws is a STAND-IN for the AWS provider plugin, for
// the engine acceptance tests only. It never calls AWS and never ships: it
// answers the engine's provider protocol by echoing inputs, inventing ids and
// the outputs the program reads (internal/offline.StandInState), answering
// the program's invokes, and recording every call it gets.
//
// The real provider cannot be downloaded on our build machines; this lets the
// real Pulumi engine, the real program and the real policy pack run end to
// end. Set CARESTACK_STANDIN_LOG to a file to record the calls as JSON lines.
package main

import (
	"context"
	"encoding/json"
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

// Diff compares the new inputs with the old ones; every change is an
// in-place update (the stand-in never asks for replacement).
func (s *standIn) Diff(_ context.Context, req *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	olds, err := unmarshal(req.GetOldInputs())
	if err != nil {
		return nil, err
	}
	news, err := unmarshal(req.GetNews())
	if err != nil {
		return nil, err
	}
	var diffs []string
	for k, v := range news {
		if o, ok := olds[k]; !ok || !o.DeepEquals(v) {
			diffs = append(diffs, string(k))
		}
	}
	for k := range olds {
		if _, ok := news[k]; !ok {
			diffs = append(diffs, string(k))
		}
	}
	sort.Strings(diffs)
	changes := pulumirpc.DiffResponse_DIFF_NONE
	if len(diffs) > 0 {
		changes = pulumirpc.DiffResponse_DIFF_SOME
	}
	return &pulumirpc.DiffResponse{Changes: changes, Diffs: diffs}, nil
}

func (s *standIn) Create(_ context.Context, req *pulumirpc.CreateRequest) (*pulumirpc.CreateResponse, error) {
	s.record("create", req.GetUrn(), req.GetType())
	inputs, err := unmarshal(req.GetProperties())
	if err != nil {
		return nil, err
	}
	name := resource.URN(req.GetUrn()).Name()
	id, state := offline.StandInState(resource.URN(req.GetUrn()).Type().String(), name, s.region, inputs)
	out, err := marshal(state)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.CreateResponse{Id: id, Properties: out}, nil
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
