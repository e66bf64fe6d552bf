// Package offline runs the carestack program for a stack without AWS and
// without the Pulumi engine: the real program, under Pulumi's mock monitor,
// with the stack's Pulumi.<stack>.yaml as config. A recording mock keeps every
// registration (inputs, parent, provider, protect, property dependencies) so
// tests can assert exact inputs and the policy rules can evaluate the estate.
//
// The mock never sees the children of awsx components (the awsx provider
// builds them in the engine); the engine acceptance tests cover those.
package offline

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"gopkg.in/yaml.v3"
)

// Project is the Pulumi project name (Pulumi.yaml name).
const Project = "carestack"

// Resource is one registration the program made.
type Resource struct {
	Type     string
	Name     string
	URN      string
	Parent   string
	Provider string
	Custom   bool
	Protect  bool
	Inputs   resource.PropertyMap
	// PropertyDependencies maps an input name to the URNs its value came from.
	PropertyDependencies map[string][]string
	Dependencies         []string
	IgnoreChanges        []string
}

// Result is what one run registered, in registration order.
type Result struct {
	Stack     string
	Resources []Resource
}

// ByType returns the resources of one type token.
func (r *Result) ByType(typ string) []Resource {
	var out []Resource
	for _, res := range r.Resources {
		if res.Type == typ {
			out = append(out, res)
		}
	}
	return out
}

// Named returns the resource of a type with a logical name.
func (r *Result) Named(typ, name string) (Resource, bool) {
	for _, res := range r.Resources {
		if res.Type == typ && res.Name == name {
			return res, true
		}
	}
	return Resource{}, false
}

// LoadStackConfig reads Pulumi.<stack>.yaml in dir as the engine would hand it
// to the program: "namespace:key" to a string, objects and arrays as JSON.
func LoadStackConfig(dir, stack string) (map[string]string, error) {
	path := filepath.Join(dir, fmt.Sprintf("Pulumi.%s.yaml", stack))
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("stack %q: read its config: %w (is there a Pulumi.%s.yaml?)", stack, err, stack)
	}
	var doc struct {
		Config map[string]any `yaml:"config"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: not valid YAML: %w", path, err)
	}
	out := make(map[string]string, len(doc.Config))
	for k, v := range doc.Config {
		switch v := v.(type) {
		case string:
			out[k] = v
		case map[string]any, []any:
			b, err := json.Marshal(v)
			if err != nil {
				return nil, fmt.Errorf("%s: key %s: %w", path, k, err)
			}
			out[k] = string(b)
		default:
			out[k] = fmt.Sprint(v)
		}
	}
	return out, nil
}

// Run runs program for stack with config under the recording mock.
func Run(stack string, config map[string]string, program pulumi.RunFunc) (*Result, error) {
	rec := &recorder{stack: stack}
	withConfig := func(info *pulumi.RunInfo) { info.Config = config }
	err := pulumi.RunErr(program, pulumi.WithMocks(Project, stack, rec), withConfig)
	if err != nil {
		return nil, err
	}
	return &Result{Stack: stack, Resources: rec.sorted()}, nil
}

// RunStack runs program with the stack's config file from dir.
func RunStack(dir, stack string, program pulumi.RunFunc) (*Result, error) {
	cfg, err := LoadStackConfig(dir, stack)
	if err != nil {
		return nil, err
	}
	return Run(stack, cfg, program)
}

// ProjectDir finds the directory holding Pulumi.yaml from the working
// directory upwards, so tests and commands work from any package folder.
func ProjectDir() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "Pulumi.yaml")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no Pulumi.yaml in the working directory or above; run from the carestack checkout")
		}
		dir = parent
	}
}

type recorder struct {
	stack string
	mu    sync.Mutex
	seq   int
	res   []recorded
	// regions maps an aws provider's URN to its region, so outputs carry
	// the region of the provider that made them, as AWS's would.
	regions map[string]string
	// project names the URNs (Project when empty).
	project string
	// invoke, when set, answers invokes instead of StandInInvoke.
	invoke func(pulumi.MockCallArgs) (resource.PropertyMap, error)
}

type recorded struct {
	seq int
	Resource
}

func (r *recorder) sorted() []Resource {
	r.mu.Lock()
	defer r.mu.Unlock()
	sort.Slice(r.res, func(i, j int) bool { return r.res[i].seq < r.res[j].seq })
	out := make([]Resource, len(r.res))
	for i, x := range r.res {
		out[i] = x.Resource
	}
	return out
}

func (r *recorder) urn(parent, typ, name string) string {
	parentType := tokens.Type("")
	if p := resource.URN(parent); p != "" && p.QualifiedType() != resource.RootStackType {
		parentType = p.QualifiedType()
	}
	project := Project
	if r.project != "" {
		project = r.project
	}
	return string(resource.NewURN(tokens.QName(r.stack), tokens.PackageName(project), parentType, tokens.Type(typ), name))
}

func (r *recorder) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	res := Resource{Type: args.TypeToken, Name: args.Name, Provider: args.Provider, Custom: args.Custom, Inputs: args.Inputs}
	if rpc := args.RegisterRPC; rpc != nil {
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
	}
	res.URN = r.urn(res.Parent, res.Type, res.Name)
	r.mu.Lock()
	r.seq++
	r.res = append(r.res, recorded{seq: r.seq, Resource: res})
	if args.TypeToken == "pulumi:providers:aws" {
		if r.regions == nil {
			r.regions = map[string]string{}
		}
		if v, ok := args.Inputs["region"]; ok && v.IsString() {
			r.regions[res.URN] = v.StringValue()
		}
	}
	// A provider reference is "<urn>::<id>".
	providerURN := args.Provider
	if i := strings.LastIndex(args.Provider, "::"); i >= 0 {
		providerURN = args.Provider[:i]
	}
	region := r.regions[providerURN]
	r.mu.Unlock()
	id, state := StandInState(args.TypeToken, args.Name, region, args.Inputs)
	return id, state, nil
}

func (r *recorder) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	if r.invoke != nil {
		return r.invoke(args)
	}
	return StandInInvoke(args.Token)
}

// StandInInvoke answers the invokes the program makes, as AWS would for
// MockAccountID in us-east-1. The mock and the engine tests' stand-in aws
// provider share it.
func StandInInvoke(token string) (resource.PropertyMap, error) {
	switch token {
	case "aws:index/getCallerIdentity:getCallerIdentity":
		return resource.NewPropertyMapFromMap(map[string]any{
			"accountId": MockAccountID, "arn": "arn:aws:iam::" + MockAccountID + ":role/ci", "userId": "AIDEXAMPLE", "id": MockAccountID,
		}), nil
	case "aws:index/getPartition:getPartition":
		return resource.NewPropertyMapFromMap(map[string]any{"partition": "aws", "dnsSuffix": "amazonaws.com", "id": "aws"}), nil
	case "aws:ec2/getRouteTables:getRouteTables":
		return resource.NewPropertyMapFromMap(map[string]any{"ids": []any{"rtb-public", "rtb-private-1", "rtb-isolated-1"}, "id": "rtbs"}), nil
	}
	return nil, fmt.Errorf("offline stand-in: no answer for invoke %s; add it to internal/offline", token)
}

// MockAccountID is the account every offline run deploys into.
const MockAccountID = "123456789012"

// StandInState returns the id and outputs a create hands back: the inputs
// plus the computed outputs the program reads, shaped like AWS's, in region
// (us-east-1 when ""). The mock and the engine tests' stand-in aws provider
// share it.
func StandInState(typ, name, region string, inputs resource.PropertyMap) (string, resource.PropertyMap) {
	if region == "" {
		region = "us-east-1"
	}
	state := inputs.Copy()
	set := func(k string, v any) {
		if _, ok := state[resource.PropertyKey(k)]; !ok {
			state[resource.PropertyKey(k)] = resource.NewPropertyValue(v)
		}
	}
	str := func(k string) string {
		if v, ok := inputs[resource.PropertyKey(k)]; ok && v.IsString() {
			return v.StringValue()
		}
		return ""
	}
	service := "unknown"
	if parts := strings.SplitN(typ, ":", 3); len(parts) == 3 {
		service = strings.SplitN(parts[1], "/", 2)[0]
	}
	id := name + "-id"
	switch typ {
	case "aws:s3/bucketV2:BucketV2":
		id = name
		set("bucket", name)
		set("arn", "arn:aws:s3:::"+name)
		set("bucketRegionalDomainName", name+".s3."+region+".amazonaws.com")
	case "aws:kms/key:Key":
		set("keyId", name+"-key-id")
	case "aws:iam/role:Role":
		set("name", name)
		set("arn", fmt.Sprintf("arn:aws:iam::%s:role/%s", MockAccountID, name))
	case "aws:cloudwatch/logGroup:LogGroup":
		set("arn", fmt.Sprintf("arn:aws:logs:%s:%s:log-group:%s", region, MockAccountID, str("name")))
	case "aws:rds/cluster:Cluster":
		id = str("clusterIdentifier")
		set("endpoint", id+".cluster-abc."+region+".rds.amazonaws.com")
		set("readerEndpoint", id+".cluster-ro-abc."+region+".rds.amazonaws.com")
		set("masterUserSecrets", []any{map[string]any{
			"secretArn": fmt.Sprintf("arn:aws:secretsmanager:%s:%s:secret:rds!cluster-%s", region, MockAccountID, id),
		}})
	case "aws:rds/clusterInstance:ClusterInstance":
		id = str("identifier")
	case "aws:rds/clusterEndpoint:ClusterEndpoint":
		set("endpoint", str("clusterEndpointIdentifier")+".cluster-custom-abc."+region+".rds.amazonaws.com")
	case "aws:rds/proxy:Proxy":
		set("endpoint", str("name")+".proxy-abc."+region+".rds.amazonaws.com")
	case "aws:rds/subnetGroup:SubnetGroup", "aws:backup/vault:Vault":
		set("name", name)
	case "awsx:ec2:Vpc":
		set("vpcId", "vpc-"+name)
		set("publicSubnetIds", []any{"subnet-public-1", "subnet-public-2"})
		set("privateSubnetIds", []any{"subnet-private-1", "subnet-private-2"})
		set("isolatedSubnetIds", []any{"subnet-isolated-1", "subnet-isolated-2"})
	}
	set("arn", fmt.Sprintf("arn:aws:%s:%s:%s:%s/%s", service, region, MockAccountID, service, name))
	return id, state
}

// Stacks lists the stacks of the project in dir: one per Pulumi.<stack>.yaml,
// sorted. Stacks are data: adding one is adding its file.
func Stacks(dir string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "Pulumi.*.yaml"))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, f := range files {
		name := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "Pulumi."), ".yaml")
		if name != "" && !strings.Contains(name, ".") {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out, nil
}
