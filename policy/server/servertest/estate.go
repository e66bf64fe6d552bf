package servertest

import (
	"encoding/json"
	"fmt"
	"maps"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/carestack/carestack/internal/offline"
	"github.com/carestack/carestack/policy/rules"
)

// FromOffline is what the engine would send for an offline run's
// registrations: the root stack resource, then every registration with its
// provider's inputs (a provider reference is "<urn>::<id>").
func FromOffline(res *offline.Result) []Resource {
	providers := map[string]resource.PropertyMap{}
	for _, r := range res.Resources {
		if strings.HasPrefix(r.Type, "pulumi:providers:") {
			providers[r.URN] = r.Inputs
		}
	}
	root := fmt.Sprintf("urn:pulumi:%s::%s::pulumi:pulumi:Stack::%s-%s", res.Stack, offline.Project, offline.Project, res.Stack)
	out := []Resource{{Resource: rules.Resource{Type: "pulumi:pulumi:Stack", URN: root, Name: offline.Project + "-" + res.Stack}}}
	for _, r := range res.Resources {
		x := Resource{
			Resource: rules.Resource{
				Type: r.Type, URN: r.URN, Name: r.Name, Parent: r.Parent,
				Props: resource.FromResourcePropertyMap(r.Inputs), PropertyDependencies: r.PropertyDependencies,
				Protect: r.Protect,
			},
			Dependencies: r.Dependencies,
		}
		if i := strings.LastIndex(r.Provider, "::"); i > 0 {
			x.Provider = r.Provider[:i]
			x.ProviderProps = resource.FromResourcePropertyMap(providers[x.Provider])
		}
		out = append(out, x)
	}
	return out
}

// WithServices returns a stack config whose carestack:services list has n
// more public services, shaped like the estate's own (each adds about
// sixteen resources: service, task definition, roles, log group, target
// group, listener rule, alarms, scaling), the way the estate actually grows.
func WithServices(cfg map[string]string, n int) (map[string]string, error) {
	type svc struct {
		Name        string `json:"name"`
		ImageTag    string `json:"imageTag"`
		Port        int    `json:"port"`
		MinTasks    int    `json:"minTasks"`
		MaxTasks    int    `json:"maxTasks"`
		Public      bool   `json:"public"`
		PathPattern string `json:"pathPattern"`
	}
	var list []any
	if own := cfg["carestack:services"]; own != "" {
		if err := json.Unmarshal([]byte(own), &list); err != nil {
			return nil, fmt.Errorf("carestack:services: %w", err)
		}
	}
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("app-%04d", i)
		list = append(list, svc{Name: name, ImageTag: "1.0.0", Port: 8080, MinTasks: 3, MaxTasks: 10, Public: true, PathPattern: "/" + name + "/*"})
	}
	data, err := json.Marshal(list)
	if err != nil {
		return nil, err
	}
	out := maps.Clone(cfg)
	out["carestack:services"] = string(data)
	return out, nil
}

// Estate runs program offline for stack with cfg and returns what the
// engine would send, cut to at most limit resources (0: all).
func Estate(stack string, cfg map[string]string, program pulumi.RunFunc, limit int) ([]Resource, error) {
	res, err := offline.Run(stack, cfg, program)
	if err != nil {
		return nil, err
	}
	rs := FromOffline(res)
	if limit > 0 && len(rs) > limit {
		rs = rs[:limit]
	}
	return rs, nil
}

// EstateOfSize is the estate for stack grown by services until it has at
// least n resources, cut to exactly n.
func EstateOfSize(dir, stack string, program pulumi.RunFunc, n int) ([]Resource, error) {
	cfg, err := offline.LoadStackConfig(dir, stack)
	if err != nil {
		return nil, err
	}
	base, err := Estate(stack, cfg, program, 0)
	if err != nil {
		return nil, err
	}
	if n <= len(base) {
		return base[:n], nil
	}
	services := (n-len(base))/16 + 1
	for {
		scaled, err := WithServices(cfg, services)
		if err != nil {
			return nil, err
		}
		rs, err := Estate(stack, scaled, program, n)
		if err != nil {
			return nil, err
		}
		if len(rs) >= n {
			return rs, nil
		}
		services += (n-len(rs))/16 + 1
	}
}

// ProjectDir is the repository root (where Pulumi.yaml is).
func ProjectDir() (string, error) { return offline.ProjectDir() }

// StackConfig is a stack's config as the engine hands it over.
func StackConfig(dir, stack string) (map[string]string, error) {
	return offline.LoadStackConfig(dir, stack)
}
