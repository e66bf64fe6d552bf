// Package network holds the estate's VPC.
package network

import (
	"fmt"
	"math/bits"
	"net/netip"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/rds"
	awsxec2 "github.com/pulumi/pulumi-awsx/sdk/v2/go/awsx/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/carestack/carestack/infra/common"
)

// InterfaceEndpointServices are reached privately so tasks in private subnets
// pull images, write logs, read secrets and publish without crossing the NAT.
var InterfaceEndpointServices = []string{"ecr.api", "ecr.dkr", "logs", "secretsmanager", "sns", "kms", "sts"}

// NetworkArgs configures Network.
type NetworkArgs struct {
	Account           common.Account
	CidrBlock         string
	AvailabilityZones []string
	// NatGateways is "OnePerAz" or "Single".
	NatGateways string
	// LogsKeyArn encrypts the flow-log group.
	LogsKeyArn    pulumi.StringInput
	RetentionDays int
}

// Network is a three-tier VPC: public (ALB, NAT), private (tasks, proxy,
// endpoints) and isolated (Aurora, no route out).
//
// It creates: an awsx ec2.Vpc, whose children the mocks cannot see and the
// policy pack checks in the engine (aws:ec2/vpc:Vpc with LOG-10 and NET-06,
// aws:ec2/subnet:Subnet with NET-05 and the AZ spread of AVL-01/AVL-05, routes
// and NAT gateways); a VPC flow log of ALL traffic to a KMS-encrypted log
// group, with its IAM role; the default security group with every rule
// removed; an S3 gateway endpoint on every route table; interface endpoints
// for InterfaceEndpointServices behind a security group that admits 443 from
// the VPC only; and the DB subnet group on the isolated subnets.
type Network struct {
	pulumi.ResourceState

	VpcId             pulumi.StringOutput      `pulumi:"vpcId"`
	PublicSubnetIds   pulumi.StringArrayOutput `pulumi:"publicSubnetIds"`
	PrivateSubnetIds  pulumi.StringArrayOutput `pulumi:"privateSubnetIds"`
	IsolatedSubnetIds pulumi.StringArrayOutput `pulumi:"isolatedSubnetIds"`
	DbSubnetGroupName pulumi.StringOutput      `pulumi:"dbSubnetGroupName"`
	// CidrBlock is known before deployment, for security-group rules.
	CidrBlock string
}

// SubnetMasks returns the prefix lengths of the public, private and isolated
// subnets: each AZ gets an equal block, half of it private (tasks need the
// addresses), an eighth each for public and isolated.
func SubnetMasks(cidr string, azCount int) (public, private, isolated int, err error) {
	pfx, err := netip.ParsePrefix(cidr)
	if err != nil {
		return 0, 0, 0, fmt.Errorf("CidrBlock %q: %w", cidr, err)
	}
	if azCount < 1 {
		return 0, 0, 0, fmt.Errorf("AvailabilityZones: need at least one")
	}
	perAZ := pfx.Bits() + bits.Len(uint(azCount-1))
	public, private, isolated = perAZ+3, perAZ+1, perAZ+3
	if public > 28 {
		return 0, 0, 0, fmt.Errorf("CidrBlock %q is too small for %d AZs (subnets would be smaller than /28)", cidr, azCount)
	}
	return public, private, isolated, nil
}

// NewNetwork creates the VPC and its guard rails.
func NewNetwork(ctx *pulumi.Context, name string, args *NetworkArgs, opts ...pulumi.ResourceOption) (*Network, error) {
	if args == nil || args.LogsKeyArn == nil || args.Account.ID == "" {
		return nil, fmt.Errorf("network.Network %s: Account and LogsKeyArn are required", name)
	}
	publicMask, privateMask, isolatedMask, err := SubnetMasks(args.CidrBlock, len(args.AvailabilityZones))
	if err != nil {
		return nil, fmt.Errorf("network.Network %s: %w", name, err)
	}
	n := &Network{CidrBlock: args.CidrBlock}
	if err := ctx.RegisterComponentResourceV2("carestack:network:Network", name, pulumi.Map{
		"cidrBlock":         pulumi.String(args.CidrBlock),
		"availabilityZones": pulumi.ToStringArray(args.AvailabilityZones),
		"natGateways":       pulumi.String(args.NatGateways),
	}, n, opts...); err != nil {
		return nil, err
	}
	child := func(extra ...pulumi.ResourceOption) []pulumi.ResourceOption { return common.Child(n, extra...) }
	vpc, err := newVpc(ctx, name, args, publicMask, privateMask, isolatedMask, child)
	if err != nil {
		return nil, err
	}
	if err := newFlowLog(ctx, name, args, vpc, child); err != nil {
		return nil, err
	}
	if err := closeDefaultSecurityGroup(ctx, name, vpc, child); err != nil {
		return nil, err
	}
	if err := newEndpoints(ctx, name, args, vpc, n, child); err != nil {
		return nil, err
	}
	dbSubnets, err := newDbSubnetGroup(ctx, name, vpc, child)
	if err != nil {
		return nil, err
	}

	n.VpcId = vpc.VpcId
	n.PublicSubnetIds = vpc.PublicSubnetIds
	n.PrivateSubnetIds = vpc.PrivateSubnetIds
	n.IsolatedSubnetIds = vpc.IsolatedSubnetIds
	n.DbSubnetGroupName = dbSubnets.Name
	return n, ctx.RegisterResourceOutputs(n, pulumi.Map{
		"vpcId":             vpc.VpcId,
		"privateSubnetIds":  vpc.PrivateSubnetIds,
		"dbSubnetGroupName": dbSubnets.Name,
	})
}

type childOpts func(...pulumi.ResourceOption) []pulumi.ResourceOption

// newVpc is the awsx VPC: public, private and isolated subnets in every AZ,
// NAT gateways as configured.
func newVpc(ctx *pulumi.Context, name string, args *NetworkArgs, publicMask, privateMask, isolatedMask int, child childOpts) (*awsxec2.Vpc, error) {
	strategy := awsxec2.SubnetAllocationStrategyAuto
	return awsxec2.NewVpc(ctx, name, &awsxec2.VpcArgs{
		CidrBlock:             pulumi.StringRef(args.CidrBlock),
		AvailabilityZoneNames: args.AvailabilityZones,
		EnableDnsHostnames:    pulumi.Bool(true),
		EnableDnsSupport:      pulumi.Bool(true),
		SubnetStrategy:        &strategy,
		SubnetSpecs: []awsxec2.SubnetSpecArgs{
			{Type: awsxec2.SubnetTypePublic, CidrMask: pulumi.IntRef(publicMask), Tags: pulumi.StringMap{"Tier": pulumi.String("public")}},
			{Type: awsxec2.SubnetTypePrivate, CidrMask: pulumi.IntRef(privateMask), Tags: pulumi.StringMap{"Tier": pulumi.String("private")}},
			{Type: awsxec2.SubnetTypeIsolated, CidrMask: pulumi.IntRef(isolatedMask), Tags: pulumi.StringMap{"Tier": pulumi.String("isolated")}},
		},
		NatGateways: &awsxec2.NatGatewayConfigurationArgs{Strategy: awsxec2.NatGatewayStrategy(args.NatGateways)},
		Tags:        common.Tags(common.Internal),
	}, child()...)
}

// newFlowLog records ALL traffic of the VPC into a KMS-encrypted log group
// through a role that may write only that group.
func newFlowLog(ctx *pulumi.Context, name string, args *NetworkArgs, vpc *awsxec2.Vpc, child childOpts) error {
	flowGroupName := fmt.Sprintf("/carestack/%s/vpc-flow-logs", ctx.Stack())
	flowGroup, err := common.LogGroup(ctx, name+"-flow-logs", common.LogGroupArgs{
		Name:          pulumi.String(flowGroupName),
		RetentionDays: args.RetentionDays, KmsKeyArn: args.LogsKeyArn, Classification: common.Confidential,
	}, child()...)
	if err != nil {
		return err
	}
	flowRole, err := iam.NewRole(ctx, name+"-flow-logs", &iam.RoleArgs{
		AssumeRolePolicy: pulumi.String(common.ServiceTrust(args.Account, "vpc-flow-logs.amazonaws.com")),
		Tags:             common.Tags(common.Internal),
	}, child()...)
	if err != nil {
		return err
	}
	if _, err := iam.NewRolePolicy(ctx, name+"-flow-logs", &iam.RolePolicyArgs{
		Role: flowRole.ID(),
		// The group's ARN from its name, so the policy is known at preview.
		Policy: pulumi.String(common.PolicyJSON(common.Statement{
			"Effect":   "Allow",
			"Action":   []string{"logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"},
			"Resource": args.Account.ARN("logs", "log-group:"+flowGroupName) + ":*",
		})),
	}, child()...); err != nil {
		return err
	}
	_, err = ec2.NewFlowLog(ctx, name+"-flow-log", &ec2.FlowLogArgs{
		VpcId:              vpc.VpcId,
		TrafficType:        pulumi.String("ALL"),
		LogDestinationType: pulumi.String("cloud-watch-logs"),
		LogDestination:     flowGroup.Arn,
		IamRoleArn:         flowRole.Arn,
		Tags:               common.Tags(common.Confidential),
	}, child()...)
	return err
}

// closeDefaultSecurityGroup adopts the default group with no rules:
// nothing that lands in it by accident can talk to anything.
func closeDefaultSecurityGroup(ctx *pulumi.Context, name string, vpc *awsxec2.Vpc, child childOpts) error {
	_, err := ec2.NewDefaultSecurityGroup(ctx, name+"-default-sg", &ec2.DefaultSecurityGroupArgs{
		VpcId:   vpc.VpcId,
		Ingress: ec2.DefaultSecurityGroupIngressArray{},
		Egress:  ec2.DefaultSecurityGroupEgressArray{},
		Tags:    common.Tags(common.Internal),
	}, child()...)
	return err
}

// newEndpoints: an S3 gateway endpoint on every route table, and interface
// endpoints for InterfaceEndpointServices behind a group admitting 443 from
// the VPC only.
func newEndpoints(ctx *pulumi.Context, name string, args *NetworkArgs, vpc *awsxec2.Vpc, n *Network, child childOpts) error {
	routeTables := ec2.GetRouteTablesOutput(ctx, ec2.GetRouteTablesOutputArgs{VpcId: vpc.VpcId}, pulumi.Parent(n))
	if _, err := ec2.NewVpcEndpoint(ctx, name+"-s3", &ec2.VpcEndpointArgs{
		VpcId:           vpc.VpcId,
		ServiceName:     pulumi.Sprintf("com.amazonaws.%s.s3", args.Account.Region),
		VpcEndpointType: pulumi.String("Gateway"),
		RouteTableIds:   routeTables.Ids(),
		Tags:            common.Tags(common.Internal),
	}, child()...); err != nil {
		return err
	}

	endpointSG, err := ec2.NewSecurityGroup(ctx, name+"-endpoints", &ec2.SecurityGroupArgs{
		VpcId:       vpc.VpcId,
		Description: pulumi.String("HTTPS from inside the VPC to AWS interface endpoints"),
		Ingress: ec2.SecurityGroupIngressArray{&ec2.SecurityGroupIngressArgs{
			Description: pulumi.String("HTTPS from the VPC"),
			Protocol:    pulumi.String("tcp"),
			FromPort:    pulumi.Int(443),
			ToPort:      pulumi.Int(443),
			CidrBlocks:  pulumi.StringArray{pulumi.String(args.CidrBlock)},
		}},
		Tags: common.Tags(common.Internal),
	}, child()...)
	if err != nil {
		return err
	}
	for _, svc := range InterfaceEndpointServices {
		if _, err := ec2.NewVpcEndpoint(ctx, fmt.Sprintf("%s-%s", name, svc), &ec2.VpcEndpointArgs{
			VpcId:             vpc.VpcId,
			ServiceName:       pulumi.Sprintf("com.amazonaws.%s.%s", args.Account.Region, svc),
			VpcEndpointType:   pulumi.String("Interface"),
			PrivateDnsEnabled: pulumi.Bool(true),
			SubnetIds:         vpc.PrivateSubnetIds,
			SecurityGroupIds:  pulumi.StringArray{endpointSG.ID()},
			Tags:              common.Tags(common.Internal),
		}, child()...); err != nil {
			return err
		}
	}
	return nil
}

// newDbSubnetGroup puts Aurora on the isolated subnets.
func newDbSubnetGroup(ctx *pulumi.Context, name string, vpc *awsxec2.Vpc, child childOpts) (*rds.SubnetGroup, error) {
	return rds.NewSubnetGroup(ctx, name+"-db", &rds.SubnetGroupArgs{
		Description: pulumi.String("Aurora on isolated subnets (no route to the internet)"),
		SubnetIds:   vpc.IsolatedSubnetIds,
		Tags:        common.Tags(common.Internal),
	}, child()...)
}
