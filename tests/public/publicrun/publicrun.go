// Package publicrun runs public Pulumi Go programs that nobody here wrote
// (pulumi/examples' aws-go-*, fetched and retargeted to the pinned SDKs by
// scripts/public-programs.sh, never committed) under Pulumi's mocks and
// feeds every resource they register to the pack at prod levels. The
// findings and the verdict on each (true, or a false positive that was
// fixed) are in docs/public-programs.md.
package publicrun

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/carestack/carestack/internal/compliance"
	"github.com/carestack/carestack/internal/offline"
	"github.com/carestack/carestack/policy/rules"
)

// Finding is one violation the pack reports on a public program.
type Finding struct {
	Program string `json:"program"`
	Rule    string `json:"rule"`
	ID      string `json:"id"`
	Type    string `json:"type"`
	Name    string `json:"name"`
	Message string `json:"message"`
}

// Evaluate runs program (of project, with extra config) and returns the
// pack's violations, sorted.
func Evaluate(name, project string, extra map[string]string, program pulumi.RunFunc) ([]Finding, int, error) {
	cfg := map[string]string{"aws:region": "us-east-1"}
	for k, v := range extra {
		cfg[k] = v
	}
	res, err := offline.RunWithInvokes(project, "public", cfg, program, Invoke)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: the program failed under mocks: %w", name, err)
	}
	rs := compliance.ToRules(res)
	var out []Finding
	for _, f := range rules.Evaluate(rs, nil) {
		if f.Outcome != rules.Violation {
			continue
		}
		out = append(out, Finding{Program: name, Rule: f.Rule, ID: f.ID, Type: f.Type, Name: f.Name, Message: f.Message})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].ID != out[j].ID {
			return out[i].ID < out[j].ID
		}
		return out[i].Name < out[j].Name
	})
	return out, len(rs), nil
}

// JSONLines renders findings one per line, for the script to collect.
func JSONLines(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		line, _ := json.Marshal(f)
		b.WriteString("PUBLIC-FINDING " + string(line) + "\n")
	}
	return b.String()
}

// Invoke answers the lookups public programs make, the way AWS would for
// a default VPC in us-east-1; anything else gets an empty answer, so a
// program goes on as far as it can.
func Invoke(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	m := map[string]any{}
	switch args.Token {
	case "aws:ec2/getAmi:getAmi":
		m = map[string]any{"id": "ami-0abcdef1234567890", "imageId": "ami-0abcdef1234567890", "architecture": "x86_64"}
	case "aws:index/getAvailabilityZones:getAvailabilityZones":
		m = map[string]any{"names": []any{"us-east-1a", "us-east-1b", "us-east-1c"}, "zoneIds": []any{"use1-az1", "use1-az2", "use1-az4"}, "id": "us-east-1"}
	case "aws:index/getRegions:getRegions":
		m = map[string]any{"names": []any{"us-east-1"}, "id": "regions"}
	case "aws:index/getRegion:getRegion":
		m = map[string]any{"name": "us-east-1", "id": "us-east-1", "endpoint": "ec2.us-east-1.amazonaws.com"}
	case "aws:ec2/getVpc:getVpc":
		m = map[string]any{"id": "vpc-0default", "cidrBlock": "172.31.0.0/16", "default": true, "arn": "arn:aws:ec2:us-east-1:" + offline.MockAccountID + ":vpc/vpc-0default"}
	case "aws:ec2/getSubnets:getSubnets", "aws:ec2/getSubnetIds:getSubnetIds":
		m = map[string]any{"ids": []any{"subnet-0a", "subnet-0b"}, "id": "subnets"}
	case "aws:iam/getPolicyDocument:getPolicyDocument":
		m = map[string]any{"json": `{"Version":"2012-10-17","Statement":[]}`, "id": "doc"}
	default:
		if pm, err := offline.StandInInvoke(args.Token); err == nil {
			return pm, nil
		}
	}
	return resource.NewPropertyMapFromMap(m), nil
}
