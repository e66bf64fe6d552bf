// Package compute holds the ECS cluster, its shared load balancer and the
// services that run on it.
package compute

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecs"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lb"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/wafv2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/carestack/carestack/infra/common"
	"github.com/carestack/carestack/infra/security"
	"github.com/carestack/carestack/internal/tags"
)

// TLSPolicy is the HTTPS listener's security policy: TLS 1.3 and 1.2 with
// forward secrecy only (the SDK default, ELBSecurityPolicy-2016-08, allows TLS 1.0).
const TLSPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06"

// ClusterArgs configures Cluster.
type ClusterArgs struct {
	VpcId           pulumi.StringInput
	VpcCidrBlock    string
	PublicSubnetIds pulumi.StringArrayInput
	CertificateArn  string
	LogBucketName   pulumi.StringInput
	LogsKeyArn      pulumi.StringInput
	RetentionDays   int
	WafRateLimit    int
	// DeletionProtection guards the ALB (and its DNS name) from a destroy.
	DeletionProtection bool
	FargateWeight      int
	FargateSpotWeight  int
}

// Cluster is the ECS cluster and the internet-facing ALB every public
// service sits behind.
//
// It creates: an ECS cluster (Container Insights; execute-command sessions
// encrypted with the logs key and logged to their own KMS log group) with
// Fargate and Fargate Spot capacity providers; the ALB's security group
// (tagged Exposure=public-alb: 443 and 80 from the internet, out to the VPC
// only); the ALB (access logs to the log bucket, invalid headers dropped,
// strictest desync mitigation, deletion protection when asked); an HTTPS
// listener (TLSPolicy, the ACM certificate, 404 unless a service rule
// matches); an HTTP listener whose only action is a 301 to HTTPS; and a
// REGIONAL security.WebAcl associated with the ALB.
type Cluster struct {
	pulumi.ResourceState

	ClusterArn  pulumi.StringOutput `pulumi:"clusterArn"`
	ClusterName pulumi.StringOutput `pulumi:"clusterName"`
	AlbDnsName  pulumi.StringOutput `pulumi:"albDnsName"`

	// For services: where to attach rules and whom to admit.
	HttpsListenerArn   pulumi.StringOutput
	AlbSecurityGroupId pulumi.IDOutput
	AlbArnSuffix       pulumi.StringOutput
	FargateWeight      int
	FargateSpotWeight  int
}

// NewCluster creates the cluster and the ALB.
func NewCluster(ctx *pulumi.Context, name string, args *ClusterArgs, opts ...pulumi.ResourceOption) (*Cluster, error) {
	if args == nil || args.VpcId == nil || args.PublicSubnetIds == nil || args.LogsKeyArn == nil || args.LogBucketName == nil || args.CertificateArn == "" {
		return nil, fmt.Errorf("compute.Cluster %s: VpcId, PublicSubnetIds, CertificateArn, LogBucketName and LogsKeyArn are required", name)
	}
	c := &Cluster{FargateWeight: args.FargateWeight, FargateSpotWeight: args.FargateSpotWeight}
	if err := ctx.RegisterComponentResourceV2("carestack:compute:Cluster", name, pulumi.Map{
		"certificateArn":     pulumi.String(args.CertificateArn),
		"deletionProtection": pulumi.Bool(args.DeletionProtection),
		"wafRateLimit":       pulumi.Int(args.WafRateLimit),
	}, c, opts...); err != nil {
		return nil, err
	}
	child := func(extra ...pulumi.ResourceOption) []pulumi.ResourceOption { return common.Child(c, extra...) }
	cluster, err := newEcsCluster(ctx, name, args, child)
	if err != nil {
		return nil, err
	}
	albSG, err := newAlbSecurityGroup(ctx, name, args, child)
	if err != nil {
		return nil, err
	}
	alb, https, err := newLoadBalancer(ctx, name, args, albSG, child)
	if err != nil {
		return nil, err
	}
	if err := newAlbFirewall(ctx, name, args, alb, child); err != nil {
		return nil, err
	}

	c.ClusterArn = cluster.Arn
	c.ClusterName = cluster.Name
	c.AlbDnsName = alb.DnsName
	c.HttpsListenerArn = https.Arn
	c.AlbSecurityGroupId = albSG.ID()
	c.AlbArnSuffix = alb.ArnSuffix
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{
		"clusterArn":  cluster.Arn,
		"clusterName": cluster.Name,
		"albDnsName":  alb.DnsName,
	})
}

type childOpts func(...pulumi.ResourceOption) []pulumi.ResourceOption

// newEcsCluster is the cluster (Container Insights; execute-command
// sessions encrypted with the logs key and logged to their own KMS log
// group) with Fargate and Fargate Spot capacity providers.
func newEcsCluster(ctx *pulumi.Context, name string, args *ClusterArgs, child childOpts) (*ecs.Cluster, error) {
	execLogs, err := common.LogGroup(ctx, name+"-exec", common.LogGroupArgs{
		Name:          pulumi.Sprintf("/carestack/%s/ecs-exec", ctx.Stack()),
		RetentionDays: args.RetentionDays, KmsKeyArn: args.LogsKeyArn, Classification: common.PHI,
	}, child()...)
	if err != nil {
		return nil, err
	}
	cluster, err := ecs.NewCluster(ctx, name, &ecs.ClusterArgs{
		Settings: ecs.ClusterSettingArray{&ecs.ClusterSettingArgs{Name: pulumi.String("containerInsights"), Value: pulumi.String("enabled")}},
		Configuration: &ecs.ClusterConfigurationArgs{ExecuteCommandConfiguration: &ecs.ClusterConfigurationExecuteCommandConfigurationArgs{
			KmsKeyId: args.LogsKeyArn,
			Logging:  pulumi.String("OVERRIDE"),
			LogConfiguration: &ecs.ClusterConfigurationExecuteCommandConfigurationLogConfigurationArgs{
				CloudWatchLogGroupName:      execLogs.Name,
				CloudWatchEncryptionEnabled: pulumi.Bool(true),
			},
		}},
		Tags: common.Tags(common.Internal),
	}, child()...)
	if err != nil {
		return nil, err
	}
	strategies := ecs.ClusterCapacityProvidersDefaultCapacityProviderStrategyArray{
		&ecs.ClusterCapacityProvidersDefaultCapacityProviderStrategyArgs{CapacityProvider: pulumi.String("FARGATE"), Weight: pulumi.Int(args.FargateWeight), Base: pulumi.Int(1)},
	}
	if args.FargateSpotWeight > 0 {
		strategies = append(strategies, &ecs.ClusterCapacityProvidersDefaultCapacityProviderStrategyArgs{CapacityProvider: pulumi.String("FARGATE_SPOT"), Weight: pulumi.Int(args.FargateSpotWeight)})
	}
	if _, err := ecs.NewClusterCapacityProviders(ctx, name, &ecs.ClusterCapacityProvidersArgs{
		ClusterName:                       cluster.Name,
		CapacityProviders:                 pulumi.StringArray{pulumi.String("FARGATE"), pulumi.String("FARGATE_SPOT")},
		DefaultCapacityProviderStrategies: strategies,
	}, child()...); err != nil {
		return nil, err
	}
	return cluster, nil
}

// newAlbSecurityGroup is the ALB's group (tagged public-alb): 443 and 80
// from the internet, out to the VPC only.
func newAlbSecurityGroup(ctx *pulumi.Context, name string, args *ClusterArgs, child childOpts) (*ec2.SecurityGroup, error) {
	world := pulumi.StringArray{pulumi.String("0.0.0.0/0")}
	return ec2.NewSecurityGroup(ctx, name+"-alb", &ec2.SecurityGroupArgs{
		VpcId:       args.VpcId,
		Description: pulumi.String("Public ALB: HTTPS, and HTTP only to redirect"),
		Ingress: ec2.SecurityGroupIngressArray{
			&ec2.SecurityGroupIngressArgs{Description: pulumi.String("HTTPS"), Protocol: pulumi.String("tcp"), FromPort: pulumi.Int(443), ToPort: pulumi.Int(443), CidrBlocks: world},
			&ec2.SecurityGroupIngressArgs{Description: pulumi.String("HTTP, redirected to HTTPS"), Protocol: pulumi.String("tcp"), FromPort: pulumi.Int(80), ToPort: pulumi.Int(80), CidrBlocks: world},
		},
		Egress: ec2.SecurityGroupEgressArray{&ec2.SecurityGroupEgressArgs{
			Description: pulumi.String("To tasks inside the VPC"), Protocol: pulumi.String("tcp"), FromPort: pulumi.Int(1024), ToPort: pulumi.Int(65535),
			CidrBlocks: pulumi.StringArray{pulumi.String(args.VpcCidrBlock)},
		}},
		Tags: pulumi.StringMap{tags.DataClassification: pulumi.String(string(common.Internal)), tags.Exposure: pulumi.String(tags.ExposurePublicALB)},
	}, child()...)
}

// newLoadBalancer is the ALB (access logs, invalid headers dropped,
// strictest desync mitigation, deletion protection when asked), its HTTPS
// listener (TLSPolicy, 404 unless a service rule matches) and an HTTP
// listener that only redirects.
func newLoadBalancer(ctx *pulumi.Context, name string, args *ClusterArgs, albSG *ec2.SecurityGroup, child childOpts) (*lb.LoadBalancer, *lb.Listener, error) {
	alb, err := lb.NewLoadBalancer(ctx, name, &lb.LoadBalancerArgs{
		LoadBalancerType:         pulumi.String("application"),
		Internal:                 pulumi.Bool(false),
		Subnets:                  args.PublicSubnetIds,
		SecurityGroups:           pulumi.StringArray{albSG.ID()},
		DropInvalidHeaderFields:  pulumi.Bool(true),
		DesyncMitigationMode:     pulumi.String("strictest"),
		EnableDeletionProtection: pulumi.Bool(args.DeletionProtection),
		IdleTimeout:              pulumi.Int(60),
		AccessLogs: &lb.LoadBalancerAccessLogsArgs{
			Enabled: pulumi.Bool(true), Bucket: args.LogBucketName, Prefix: pulumi.String("alb"),
		},
		Tags: common.Tags(common.Internal),
	}, child()...)
	if err != nil {
		return nil, nil, err
	}
	https, err := lb.NewListener(ctx, name+"-https", &lb.ListenerArgs{
		LoadBalancerArn: alb.Arn,
		Port:            pulumi.Int(443),
		Protocol:        pulumi.String("HTTPS"),
		SslPolicy:       pulumi.String(TLSPolicy),
		CertificateArn:  pulumi.String(args.CertificateArn),
		DefaultActions: lb.ListenerDefaultActionArray{&lb.ListenerDefaultActionArgs{
			Type: pulumi.String("fixed-response"),
			FixedResponse: &lb.ListenerDefaultActionFixedResponseArgs{
				ContentType: pulumi.String("text/plain"), StatusCode: pulumi.String("404"), MessageBody: pulumi.String("not found"),
			},
		}},
		Tags: common.Tags(common.Internal),
	}, child()...)
	if err != nil {
		return nil, nil, err
	}
	if _, err := lb.NewListener(ctx, name+"-http", &lb.ListenerArgs{
		LoadBalancerArn: alb.Arn,
		Port:            pulumi.Int(80),
		Protocol:        pulumi.String("HTTP"),
		DefaultActions: lb.ListenerDefaultActionArray{&lb.ListenerDefaultActionArgs{
			Type: pulumi.String("redirect"),
			Redirect: &lb.ListenerDefaultActionRedirectArgs{
				Protocol: pulumi.String("HTTPS"), Port: pulumi.String("443"), StatusCode: pulumi.String("HTTP_301"),
			},
		}},
		Tags: common.Tags(common.Internal),
	}, child()...); err != nil {
		return nil, nil, err
	}
	return alb, https, nil
}

// newAlbFirewall is the REGIONAL web ACL and its association with the ALB.
func newAlbFirewall(ctx *pulumi.Context, name string, args *ClusterArgs, alb *lb.LoadBalancer, child childOpts) error {
	acl, err := security.NewWebAcl(ctx, name+"-waf", &security.WebAclArgs{
		Scope: "REGIONAL", RateLimit: args.WafRateLimit, LogsKeyArn: args.LogsKeyArn, RetentionDays: args.RetentionDays,
	}, child()...)
	if err != nil {
		return err
	}
	_, err = wafv2.NewWebAclAssociation(ctx, name+"-waf", &wafv2.WebAclAssociationArgs{
		ResourceArn: alb.Arn,
		WebAclArn:   acl.Arn,
	}, child()...)
	return err
}
