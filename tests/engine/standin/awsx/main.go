// Command pulumi-resource-awsx is a STAND-IN for the awsx provider plugin, for
// the engine acceptance tests only. It never ships. It implements Construct
// for awsx:ec2:Vpc the way awsx v2 lays a VPC out, so the policy pack sees
// the same kind of children it sees in a real deployment: the aws:ec2/vpc:Vpc,
// an internet gateway, one subnet per AZ and subnet spec (public subnets map
// public IPs on launch, as awsx does), a route table and association per
// subnet, a default route to the internet gateway for public subnets, and an
// EIP + NAT gateway per AZ (OnePerAz) or one (Single) with private subnets
// routed through it. CIDRs are carved per AZ in spec order; awsx's exact
// "Auto" arithmetic may differ in the addresses, not in the shape.
// Children go through the (stand-in) aws provider the program passed.
package main

import (
	"context"
	"fmt"
	"math/bits"
	"net/netip"
	"os"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/provider"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"github.com/carestack/carestack/tests/engine/standin/base"
)

// Version is the pinned awsx version the program's SDK asks for.
const Version = "2.22.0"

type subnetSpec struct {
	kind string // public, private, isolated
	mask int
	tags map[string]string
}

type vpcSpec struct {
	cidr    netip.Prefix
	azs     []string
	subnets []subnetSpec
	nat     string
	tags    map[string]string
}

func str(m resource.PropertyMap, k string) string {
	if v, ok := m[resource.PropertyKey(k)]; ok && v.IsString() {
		return v.StringValue()
	}
	return ""
}

func strMap(v resource.PropertyValue) map[string]string {
	out := map[string]string{}
	if v.IsObject() {
		for k, e := range v.ObjectValue() {
			if e.IsString() {
				out[string(k)] = e.StringValue()
			}
		}
	}
	return out
}

// parseSpec reads the plain VPC arguments; the program passes them as
// literals, so an unknown here is a bug in the test setup, not a preview.
func parseSpec(in resource.PropertyMap) (*vpcSpec, error) {
	cidr, err := netip.ParsePrefix(str(in, "cidrBlock"))
	if err != nil {
		return nil, fmt.Errorf("stand-in awsx: cidrBlock: %w", err)
	}
	s := &vpcSpec{cidr: cidr, nat: "OnePerAz", tags: strMap(in["tags"])}
	if v := in["availabilityZoneNames"]; v.IsArray() {
		for _, az := range v.ArrayValue() {
			s.azs = append(s.azs, az.StringValue())
		}
	}
	if v := in["natGateways"]; v.IsObject() {
		if st := str(v.ObjectValue(), "strategy"); st != "" {
			s.nat = st
		}
	}
	if v := in["subnetSpecs"]; v.IsArray() {
		for _, e := range v.ArrayValue() {
			o := e.ObjectValue()
			mask := 24
			if m := o["cidrMask"]; m.IsNumber() {
				mask = int(m.NumberValue())
			}
			s.subnets = append(s.subnets, subnetSpec{kind: strings.ToLower(str(o, "type")), mask: mask, tags: strMap(o["tags"])})
		}
	}
	if len(s.azs) == 0 || len(s.subnets) == 0 {
		return nil, fmt.Errorf("stand-in awsx: availabilityZoneNames and subnetSpecs are required")
	}
	return s, nil
}

// carve returns the CIDR of each (AZ, spec): each AZ gets an equal block,
// specs are packed in order inside it.
func (s *vpcSpec) carve() [][]string {
	azBits := s.cidr.Bits() + bits.Len(uint(len(s.azs)-1))
	base := s.cidr.Masked().Addr().As4()
	start := uint32(base[0])<<24 | uint32(base[1])<<16 | uint32(base[2])<<8 | uint32(base[3])
	out := make([][]string, len(s.azs))
	for i := range s.azs {
		next := start + uint32(i)<<(32-azBits)
		for _, sp := range s.subnets {
			size := uint32(1) << (32 - sp.mask)
			next = (next + size - 1) / size * size
			a := netip.AddrFrom4([4]byte{byte(next >> 24), byte(next >> 16), byte(next >> 8), byte(next)})
			out[i] = append(out[i], netip.PrefixFrom(a, sp.mask).String())
			next += size
		}
	}
	return out
}

// Vpc mirrors the outputs of awsx.ec2.Vpc the program reads.
type Vpc struct {
	pulumi.ResourceState
	VpcId             pulumi.StringOutput      `pulumi:"vpcId"`
	PublicSubnetIds   pulumi.StringArrayOutput `pulumi:"publicSubnetIds"`
	PrivateSubnetIds  pulumi.StringArrayOutput `pulumi:"privateSubnetIds"`
	IsolatedSubnetIds pulumi.StringArrayOutput `pulumi:"isolatedSubnetIds"`
}

func construct(ctx *pulumi.Context, name string, spec *vpcSpec, options pulumi.ResourceOption) (*provider.ConstructResult, error) {
	c := &Vpc{}
	if err := ctx.RegisterComponentResource("awsx:ec2:Vpc", name, c, options); err != nil {
		return nil, err
	}
	child := pulumi.Parent(c)
	tags := func(extra map[string]string, n string) pulumi.StringMap {
		m := pulumi.StringMap{"Name": pulumi.String(n)}
		for k, v := range spec.tags {
			m[k] = pulumi.String(v)
		}
		for k, v := range extra {
			m[k] = pulumi.String(v)
		}
		return m
	}
	vpc, err := ec2.NewVpc(ctx, name, &ec2.VpcArgs{
		CidrBlock: pulumi.String(spec.cidr.String()), EnableDnsHostnames: pulumi.Bool(true), EnableDnsSupport: pulumi.Bool(true),
		Tags: tags(nil, name),
	}, child)
	if err != nil {
		return nil, err
	}
	igw, err := ec2.NewInternetGateway(ctx, name, &ec2.InternetGatewayArgs{VpcId: vpc.ID(), Tags: tags(nil, name)}, child)
	if err != nil {
		return nil, err
	}
	ids := map[string]pulumi.StringArray{}
	var nats []*ec2.NatGateway
	cidrs := spec.carve()
	for i, az := range spec.azs {
		for j, sp := range spec.subnets {
			n := fmt.Sprintf("%s-%s-%d", name, sp.kind, i+1)
			subnet, err := ec2.NewSubnet(ctx, n, &ec2.SubnetArgs{
				VpcId: vpc.ID(), AvailabilityZone: pulumi.String(az), CidrBlock: pulumi.String(cidrs[i][j]),
				MapPublicIpOnLaunch: pulumi.Bool(sp.kind == "public"),
				Tags:                tags(sp.tags, n),
			}, child)
			if err != nil {
				return nil, err
			}
			ids[sp.kind] = append(ids[sp.kind], subnet.ID().ToStringOutput())
			rt, err := ec2.NewRouteTable(ctx, n, &ec2.RouteTableArgs{VpcId: vpc.ID(), Tags: tags(nil, n)}, child)
			if err != nil {
				return nil, err
			}
			if _, err := ec2.NewRouteTableAssociation(ctx, n, &ec2.RouteTableAssociationArgs{SubnetId: subnet.ID(), RouteTableId: rt.ID()}, child); err != nil {
				return nil, err
			}
			switch sp.kind {
			case "public":
				if _, err := ec2.NewRoute(ctx, n, &ec2.RouteArgs{RouteTableId: rt.ID(), DestinationCidrBlock: pulumi.String("0.0.0.0/0"), GatewayId: igw.ID()}, child); err != nil {
					return nil, err
				}
				if spec.nat == "OnePerAz" || (spec.nat == "Single" && i == 0) {
					eip, err := ec2.NewEip(ctx, fmt.Sprintf("%s-%d", name, i+1), &ec2.EipArgs{Domain: pulumi.String("vpc"), Tags: tags(nil, n)}, child)
					if err != nil {
						return nil, err
					}
					nat, err := ec2.NewNatGateway(ctx, fmt.Sprintf("%s-%d", name, i+1), &ec2.NatGatewayArgs{SubnetId: subnet.ID(), AllocationId: eip.ID(), Tags: tags(nil, n)}, child)
					if err != nil {
						return nil, err
					}
					nats = append(nats, nat)
				}
			case "private":
				if len(nats) == 0 {
					break
				}
				nat := nats[len(nats)-1]
				if _, err := ec2.NewRoute(ctx, n, &ec2.RouteArgs{RouteTableId: rt.ID(), DestinationCidrBlock: pulumi.String("0.0.0.0/0"), NatGatewayId: nat.ID()}, child); err != nil {
					return nil, err
				}
			}
		}
	}
	c.VpcId = vpc.ID().ToStringOutput()
	c.PublicSubnetIds = ids["public"].ToStringArrayOutput()
	c.PrivateSubnetIds = ids["private"].ToStringArrayOutput()
	c.IsolatedSubnetIds = ids["isolated"].ToStringArrayOutput()
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"vpcId": c.VpcId, "publicSubnetIds": c.PublicSubnetIds, "privateSubnetIds": c.PrivateSubnetIds, "isolatedSubnetIds": c.IsolatedSubnetIds,
	}); err != nil {
		return nil, err
	}
	return provider.NewConstructResult(c)
}

type standIn struct {
	base.Provider
	host *provider.HostClient
}

func (s *standIn) Construct(ctx context.Context, req *pulumirpc.ConstructRequest) (*pulumirpc.ConstructResponse, error) {
	if req.GetType() != "awsx:ec2:Vpc" {
		return nil, fmt.Errorf("stand-in awsx: %s is not stood in (only awsx:ec2:Vpc)", req.GetType())
	}
	inputs, err := plugin.UnmarshalProperties(req.GetInputs(), plugin.MarshalOptions{KeepUnknowns: true, KeepSecrets: true})
	if err != nil {
		return nil, err
	}
	spec, err := parseSpec(inputs)
	if err != nil {
		return nil, err
	}
	return provider.Construct(ctx, req, s.host.EngineConn(), func(pctx *pulumi.Context, _, name string, _ provider.ConstructInputs, options pulumi.ResourceOption) (*provider.ConstructResult, error) {
		return construct(pctx, name, spec, options)
	})
}

func main() {
	if err := provider.Main("awsx", func(host *provider.HostClient) (pulumirpc.ResourceProviderServer, error) {
		return &standIn{Provider: base.Provider{Name: "awsx", Version: Version}, host: host}, nil
	}); err != nil {
		os.Exit(1)
	}
}
