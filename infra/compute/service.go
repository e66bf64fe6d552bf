package compute

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/appautoscaling"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecr"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecs"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lb"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/carestack/carestack/infra/common"
)

// TaskUser is the UID every container runs as; images must not need root.
const TaskUser = "10001"

// BucketAccess is an app's grant on a prefix of a data bucket.
type BucketAccess struct {
	BucketArn pulumi.StringInput
	// KmsKeyArn is the key of the bucket's classification.
	KmsKeyArn pulumi.StringInput
	Prefix    string
	// Access is read, write or readwrite.
	Access string
}

// ServiceArgs configures Service.
type ServiceArgs struct {
	Account common.Account
	Cluster *Cluster

	ImageTag        string
	Port            int
	Cpu, Memory     int
	MinTasks        int
	MaxTasks        int
	Public          bool
	PathPattern     string
	HostHeader      string
	HealthCheckPath string
	// ListenerPriority orders the service's rule on the HTTPS listener.
	ListenerPriority int
	CpuTarget        int
	MemoryTarget     int
	RequestsTarget   int

	// TopicArns the app publishes to; Buckets it reads or writes.
	TopicArns []pulumi.StringInput
	Buckets   []BucketAccess
	// Secrets maps environment variable names to Secrets Manager ARNs.
	Secrets     map[string]string
	Environment map[string]string

	VpcId            pulumi.StringInput
	PrivateSubnetIds pulumi.StringArrayInput
	// ExtraSecurityGroupIds are joined by the tasks (the database clients' group).
	ExtraSecurityGroupIds []pulumi.StringInput
	// DatabaseUserArn, when set, is the RDS Proxy db-user ARN the task role
	// may rds-db:connect to (the proxy requires IAM authentication).
	DatabaseUserArn pulumi.StringInput

	// ImageKeyArn encrypts the ECR repository (the Internal key: images
	// are Internal data, and a grant to pull them must not reach PHI).
	ImageKeyArn pulumi.StringInput
	// SecretsKeyArn is the key the app's secrets are encrypted with (the
	// Confidential key); the execution role may decrypt with it only
	// through Secrets Manager and only for those secrets.
	SecretsKeyArn   pulumi.StringInput
	MessagingKeyArn pulumi.StringInput
	LogsKeyArn      pulumi.StringInput
	RetentionDays   int
}

// Service is one app on Fargate.
//
// It creates: an ECR repository (scan on push, immutable tags, data CMK);
// a log group (logs CMK, retention); an execution role that may pull only
// from its repository, write only its log group and read only its named
// secrets; a task role granting exactly sns:Publish on the named topics and
// the named object actions on the named bucket prefixes; a task definition
// (awsvpc, Fargate, read-only root filesystem with a /tmp volume, UID
// TaskUser, not privileged, secrets by valueFrom, container health check,
// awslogs); a security group (the ALB's group on the container port, HTTPS
// out); for public services a target group and a listener rule; the ECS
// service (private subnets, no public IP, circuit breaker with rollback,
// desiredCount left to auto scaling after creation); and an auto scaling
// target with target tracking on CPU, memory and, when public, ALB requests
// per target.
type Service struct {
	pulumi.ResourceState

	ServiceName   pulumi.StringOutput `pulumi:"serviceName"`
	RepositoryUrl pulumi.StringOutput `pulumi:"repositoryUrl"`

	// TargetGroupArnSuffix is set for public services (alarm dimensions).
	TargetGroupArnSuffix pulumi.StringOutput
	MinTasks             int
}

func (a *ServiceArgs) validate() error {
	switch {
	case a.Cluster == nil || a.VpcId == nil || a.PrivateSubnetIds == nil:
		return fmt.Errorf("Cluster, VpcId and PrivateSubnetIds are required")
	case a.ImageKeyArn == nil || a.SecretsKeyArn == nil || a.LogsKeyArn == nil || a.MessagingKeyArn == nil:
		return fmt.Errorf("ImageKeyArn, SecretsKeyArn, MessagingKeyArn and LogsKeyArn are required")
	case a.MinTasks < 1 || a.MaxTasks < a.MinTasks:
		return fmt.Errorf("MinTasks %d / MaxTasks %d: need 1 <= min <= max", a.MinTasks, a.MaxTasks)
	case a.Port < 1 || a.Port > 65535:
		return fmt.Errorf("port %d (Port): out of range 1-65535", a.Port)
	case a.Public && a.PathPattern == "" && a.HostHeader == "":
		return fmt.Errorf("a public service needs PathPattern or HostHeader")
	}
	for _, b := range a.Buckets {
		if b.Access != "read" && b.Access != "write" && b.Access != "readwrite" {
			return fmt.Errorf("bucket access %q: want read, write or readwrite", b.Access)
		}
		if b.BucketArn == nil || b.KmsKeyArn == nil {
			return fmt.Errorf("bucket access: BucketArn and KmsKeyArn are required")
		}
	}
	return nil
}

// NewService creates one app: the repository and log group its tasks use,
// its two roles, the task definition, its network access, the ECS service
// and its scaling. Every input a policy check reads is known at preview for
// a new service (see RepositoryName).
func NewService(ctx *pulumi.Context, name string, args *ServiceArgs, opts ...pulumi.ResourceOption) (*Service, error) {
	if args == nil {
		return nil, fmt.Errorf("compute.Service %s: args are required", name)
	}
	if err := args.validate(); err != nil {
		return nil, fmt.Errorf("compute.Service %s: %w", name, err)
	}
	s := &Service{MinTasks: args.MinTasks}
	if err := ctx.RegisterComponentResourceV2("carestack:compute:Service", name, pulumi.Map{
		"imageTag": pulumi.String(args.ImageTag), "port": pulumi.Int(args.Port), "cpu": pulumi.Int(args.Cpu), "memory": pulumi.Int(args.Memory),
		"minTasks": pulumi.Int(args.MinTasks), "maxTasks": pulumi.Int(args.MaxTasks), "public": pulumi.Bool(args.Public),
	}, s, opts...); err != nil {
		return nil, err
	}
	b := &serviceBuilder{ctx: ctx, name: name, args: args, component: s,
		repoName: RepositoryName(ctx.Stack(), name), logGroupName: LogGroupName(ctx.Stack(), name)}

	repo, err := b.repository()
	if err != nil {
		return nil, err
	}
	logs, err := b.logGroup()
	if err != nil {
		return nil, err
	}
	execRole, err := b.executionRole()
	if err != nil {
		return nil, err
	}
	taskRole, err := b.taskRole()
	if err != nil {
		return nil, err
	}
	taskDef, err := b.taskDefinition(execRole, taskRole, repo, logs)
	if err != nil {
		return nil, err
	}
	groups, err := b.securityGroups()
	if err != nil {
		return nil, err
	}
	lb, err := b.loadBalancing()
	if err != nil {
		return nil, err
	}
	svc, err := b.ecsService(taskDef, groups, lb)
	if err != nil {
		return nil, err
	}
	if err := b.autoScaling(svc, lb); err != nil {
		return nil, err
	}

	s.ServiceName = svc.Name
	s.RepositoryUrl = pulumi.String(b.repositoryUrl()).ToStringOutput()
	if lb != nil {
		s.TargetGroupArnSuffix = lb.targetGroup.ArnSuffix
	}
	return s, ctx.RegisterResourceOutputs(s, pulumi.Map{"serviceName": svc.Name, "repositoryUrl": s.RepositoryUrl})
}

// RepositoryName is the ECR repository of a stack's service. The program
// chooses it (instead of letting Pulumi generate one) so the image URL, and
// with it the task definition, is known at preview.
func RepositoryName(stack, service string) string {
	return fmt.Sprintf("carestack/%s/%s", stack, service)
}

// LogGroupName is the log group of a stack's service.
func LogGroupName(stack, service string) string {
	return fmt.Sprintf("/carestack/%s/services/%s", stack, service)
}

// serviceBuilder holds what NewService's steps share.
type serviceBuilder struct {
	ctx          *pulumi.Context
	name         string
	args         *ServiceArgs
	component    *Service
	repoName     string
	logGroupName string
}

func (b *serviceBuilder) child(extra ...pulumi.ResourceOption) []pulumi.ResourceOption {
	return common.Child(b.component, extra...)
}

// repositoryUrl is <account>.dkr.ecr.<region>.<dns suffix>/<repository>:
// every part is known before the repository exists.
func (b *serviceBuilder) repositoryUrl() string {
	a := b.args.Account
	return fmt.Sprintf("%s.dkr.ecr.%s.%s/%s", a.ID, a.Region, a.DNSSuffixOrDefault(), b.repoName)
}

// repository is the app's ECR repository: scan on push, immutable tags, the
// image key. It outlives the service (RetainOnDelete): removing a service
// must not delete the images a rollback or an audit needs, and ECR refuses
// to delete a repository that holds images anyway.
func (b *serviceBuilder) repository() (*ecr.Repository, error) {
	return ecr.NewRepository(b.ctx, b.name+"-repo", &ecr.RepositoryArgs{
		Name:                       pulumi.String(b.repoName),
		ImageTagMutability:         pulumi.String("IMMUTABLE"),
		ImageScanningConfiguration: &ecr.RepositoryImageScanningConfigurationArgs{ScanOnPush: pulumi.Bool(true)},
		EncryptionConfigurations: ecr.RepositoryEncryptionConfigurationArray{&ecr.RepositoryEncryptionConfigurationArgs{
			EncryptionType: pulumi.String("KMS"), KmsKey: b.args.ImageKeyArn,
		}},
		Tags: common.Tags(common.Internal),
	}, b.child(pulumi.RetainOnDelete(true))...)
}

// logGroup is the app's log group (logs key, retention). It outlives the
// service (RetainOnDelete): its logs are evidence kept for the retention
// period, which removing the service must not cut short.
func (b *serviceBuilder) logGroup() (*cloudwatch.LogGroup, error) {
	return common.LogGroup(b.ctx, b.name, common.LogGroupArgs{
		Name:          pulumi.String(b.logGroupName),
		RetentionDays: b.args.RetentionDays, KmsKeyArn: b.args.LogsKeyArn, Classification: common.PHI,
	}, b.child(pulumi.RetainOnDelete(true))...)
}

// executionRole may pull only from the app's repository, write only its log
// group and read only its named secrets. The ARNs are built from names, so
// the policy is known at preview.
func (b *serviceBuilder) executionRole() (*iam.Role, error) {
	acct := b.args.Account
	role, err := iam.NewRole(b.ctx, b.name+"-execution", &iam.RoleArgs{
		AssumeRolePolicy: pulumi.String(common.ServiceTrust(acct, "ecs-tasks.amazonaws.com")),
		Tags:             common.Tags(common.Internal),
	}, b.child()...)
	if err != nil {
		return nil, err
	}
	secretArns := slices.Sorted(maps.Values(b.args.Secrets))
	_, err = iam.NewRolePolicy(b.ctx, b.name+"-execution", &iam.RolePolicyArgs{
		Role: role.ID(),
		Policy: pulumi.All(b.args.ImageKeyArn, b.args.SecretsKeyArn).ApplyT(func(in []any) string {
			return ExecutionPolicy(ExecutionGrants{
				Region:        acct.Region,
				RepositoryArn: acct.ARN("ecr", "repository/"+b.repoName),
				LogGroupArn:   acct.ARN("logs", "log-group:"+b.logGroupName),
				ImageKeyArn:   in[0].(string), SecretsKeyArn: in[1].(string), SecretArns: secretArns,
			})
		}).(pulumi.StringOutput),
	}, b.child()...)
	return role, err
}

// taskRole grants exactly sns:Publish on the named topics, the named object
// actions on the named bucket prefixes and rds-db:connect as the proxy user.
func (b *serviceBuilder) taskRole() (*iam.Role, error) {
	args := b.args
	role, err := iam.NewRole(b.ctx, b.name+"-task", &iam.RoleArgs{
		AssumeRolePolicy: pulumi.String(common.ServiceTrust(args.Account, "ecs-tasks.amazonaws.com")),
		Tags:             common.Tags(common.Internal),
	}, b.child()...)
	if err != nil || len(args.TopicArns)+len(args.Buckets) == 0 && args.DatabaseUserArn == nil {
		return role, err
	}
	dbUser := pulumi.StringInput(pulumi.String(""))
	if args.DatabaseUserArn != nil {
		dbUser = args.DatabaseUserArn
	}
	grantInputs := []any{args.MessagingKeyArn, dbUser}
	for _, t := range args.TopicArns {
		grantInputs = append(grantInputs, t)
	}
	for _, bucket := range args.Buckets {
		grantInputs = append(grantInputs, bucket.BucketArn, bucket.KmsKeyArn)
	}
	_, err = iam.NewRolePolicy(b.ctx, b.name+"-task", &iam.RolePolicyArgs{
		Role: role.ID(),
		Policy: pulumi.All(grantInputs...).ApplyT(func(in []any) string {
			g := TaskGrants{Region: args.Account.Region, MessagingKeyArn: in[0].(string), DatabaseUserArn: in[1].(string)}
			const first = 2
			for i := range args.TopicArns {
				g.TopicArns = append(g.TopicArns, in[first+i].(string))
			}
			for i, bucket := range args.Buckets {
				at := first + len(args.TopicArns) + 2*i
				g.Buckets = append(g.Buckets, ResolvedBucketAccess{Arn: in[at].(string), KmsKeyArn: in[at+1].(string), Prefix: bucket.Prefix, Access: bucket.Access})
			}
			return TaskPolicy(g)
		}).(pulumi.StringOutput),
	}, b.child()...)
	return role, err
}

// taskDefinition is the hardened Fargate task. Its container definitions
// are a plain string (image URL and log group by name), known at preview;
// it waits for the repository and log group it names.
func (b *serviceBuilder) taskDefinition(execRole, taskRole *iam.Role, repo *ecr.Repository, logs *cloudwatch.LogGroup) (*ecs.TaskDefinition, error) {
	args := b.args
	containers, err := ContainerDefinitions(b.name, b.repositoryUrl()+":"+args.ImageTag, b.logGroupName, args.Account.Region, args)
	if err != nil {
		return nil, err
	}
	return ecs.NewTaskDefinition(b.ctx, b.name, &ecs.TaskDefinitionArgs{
		Family:                  pulumi.Sprintf("carestack-%s-%s", b.ctx.Stack(), b.name),
		NetworkMode:             pulumi.String("awsvpc"),
		RequiresCompatibilities: pulumi.StringArray{pulumi.String("FARGATE")},
		Cpu:                     pulumi.String(fmt.Sprint(args.Cpu)),
		Memory:                  pulumi.String(fmt.Sprint(args.Memory)),
		ExecutionRoleArn:        execRole.Arn,
		TaskRoleArn:             taskRole.Arn,
		ContainerDefinitions:    pulumi.String(containers),
		Volumes:                 ecs.TaskDefinitionVolumeArray{&ecs.TaskDefinitionVolumeArgs{Name: pulumi.String("tmp")}},
		RuntimePlatform: &ecs.TaskDefinitionRuntimePlatformArgs{
			OperatingSystemFamily: pulumi.String("LINUX"), CpuArchitecture: pulumi.String("ARM64"),
		},
		Tags: common.Tags(common.Internal),
	}, b.child(pulumi.DependsOn([]pulumi.Resource{repo, logs}))...)
}

// securityGroups are the tasks' own group (the ALB's group on the container
// port for a public service, HTTPS out) and the groups args name.
func (b *serviceBuilder) securityGroups() (pulumi.StringArray, error) {
	args := b.args
	sgArgs := &ec2.SecurityGroupArgs{
		VpcId:       args.VpcId,
		Description: pulumi.Sprintf("%s tasks", b.name),
		Egress: ec2.SecurityGroupEgressArray{&ec2.SecurityGroupEgressArgs{
			Description: pulumi.String("HTTPS to AWS endpoints and partners"), Protocol: pulumi.String("tcp"),
			FromPort: pulumi.Int(443), ToPort: pulumi.Int(443), CidrBlocks: pulumi.StringArray{pulumi.String("0.0.0.0/0")},
		}},
		Tags: common.Tags(common.Internal),
	}
	if args.Public {
		sgArgs.Ingress = ec2.SecurityGroupIngressArray{&ec2.SecurityGroupIngressArgs{
			Description: pulumi.String("From the ALB only"), Protocol: pulumi.String("tcp"),
			FromPort: pulumi.Int(args.Port), ToPort: pulumi.Int(args.Port),
			SecurityGroups: pulumi.StringArray{args.Cluster.AlbSecurityGroupId.ToStringOutput()},
		}}
	}
	sg, err := ec2.NewSecurityGroup(b.ctx, b.name, sgArgs, b.child()...)
	if err != nil {
		return nil, err
	}
	groups := pulumi.StringArray{sg.ID()}
	for _, g := range args.ExtraSecurityGroupIds {
		groups = append(groups, g)
	}
	return groups, nil
}

// loadBalancing is a public service's target group and listener rule.
type loadBalancing struct {
	targetGroup *lb.TargetGroup
	rule        *lb.ListenerRule
}

// loadBalancing makes the target group and the listener rule (nil for a
// private service).
func (b *serviceBuilder) loadBalancing() (*loadBalancing, error) {
	args := b.args
	if !args.Public {
		return nil, nil
	}
	targetGroup, err := lb.NewTargetGroup(b.ctx, b.name, &lb.TargetGroupArgs{
		VpcId: args.VpcId, TargetType: pulumi.String("ip"), Port: pulumi.Int(args.Port), Protocol: pulumi.String("HTTP"),
		DeregistrationDelay: pulumi.Int(30),
		HealthCheck: &lb.TargetGroupHealthCheckArgs{
			Path: pulumi.String(args.HealthCheckPath), Matcher: pulumi.String("200-299"),
			HealthyThreshold: pulumi.Int(2), UnhealthyThreshold: pulumi.Int(3), Interval: pulumi.Int(15),
		},
		Tags: common.Tags(common.Internal),
	}, b.child()...)
	if err != nil {
		return nil, err
	}
	var conditions lb.ListenerRuleConditionArray
	if args.PathPattern != "" {
		conditions = append(conditions, &lb.ListenerRuleConditionArgs{PathPattern: &lb.ListenerRuleConditionPathPatternArgs{Values: pulumi.StringArray{pulumi.String(args.PathPattern)}}})
	}
	if args.HostHeader != "" {
		conditions = append(conditions, &lb.ListenerRuleConditionArgs{HostHeader: &lb.ListenerRuleConditionHostHeaderArgs{Values: pulumi.StringArray{pulumi.String(args.HostHeader)}}})
	}
	rule, err := lb.NewListenerRule(b.ctx, b.name, &lb.ListenerRuleArgs{
		ListenerArn: args.Cluster.HttpsListenerArn,
		Priority:    pulumi.Int(args.ListenerPriority),
		Actions:     lb.ListenerRuleActionArray{&lb.ListenerRuleActionArgs{Type: pulumi.String("forward"), TargetGroupArn: targetGroup.Arn}},
		Conditions:  conditions,
		Tags:        common.Tags(common.Internal),
	}, b.child()...)
	if err != nil {
		return nil, err
	}
	return &loadBalancing{targetGroup: targetGroup, rule: rule}, nil
}

// ecsService runs the tasks: private subnets, no public IP, circuit breaker
// with rollback, and `pulumi up` waits for the deployment to settle.
func (b *serviceBuilder) ecsService(taskDef *ecs.TaskDefinition, groups pulumi.StringArray, balancing *loadBalancing) (*ecs.Service, error) {
	args := b.args
	svcArgs := &ecs.ServiceArgs{
		Cluster:                    args.Cluster.ClusterArn,
		TaskDefinition:             taskDef.Arn,
		DesiredCount:               pulumi.Int(args.MinTasks),
		CapacityProviderStrategies: capacity(args.Cluster),
		PlatformVersion:            pulumi.String("LATEST"),
		NetworkConfiguration: &ecs.ServiceNetworkConfigurationArgs{
			Subnets: args.PrivateSubnetIds, SecurityGroups: groups, AssignPublicIp: pulumi.Bool(false),
		},
		DeploymentCircuitBreaker: &ecs.ServiceDeploymentCircuitBreakerArgs{Enable: pulumi.Bool(true), Rollback: pulumi.Bool(true)},
		// `pulumi up` waits for the deployment to finish, so a deployment the
		// circuit breaker rolls back fails the update instead of passing it.
		WaitForSteadyState:              pulumi.Bool(true),
		DeploymentMinimumHealthyPercent: pulumi.Int(100),
		DeploymentMaximumPercent:        pulumi.Int(200),
		EnableExecuteCommand:            pulumi.Bool(false),
		PropagateTags:                   pulumi.String("SERVICE"),
		Tags:                            common.Tags(common.PHI),
	}
	var deps []pulumi.Resource
	if balancing != nil {
		deps = append(deps, balancing.rule)
		svcArgs.LoadBalancers = ecs.ServiceLoadBalancerArray{&ecs.ServiceLoadBalancerArgs{
			TargetGroupArn: balancing.targetGroup.Arn, ContainerName: pulumi.String(b.name), ContainerPort: pulumi.Int(args.Port),
		}}
		svcArgs.HealthCheckGracePeriodSeconds = pulumi.Int(60)
	}
	// Auto scaling owns the task count after creation; without ignoring it
	// every `pulumi up` would reset a scaled-out service to MinTasks.
	return ecs.NewService(b.ctx, b.name, svcArgs, b.child(pulumi.IgnoreChanges([]string{"desiredCount"}), pulumi.DependsOn(deps))...)
}

// autoScaling is the scaling target (MinTasks to MaxTasks) with target
// tracking on CPU, memory and, when public, ALB requests per target.
func (b *serviceBuilder) autoScaling(svc *ecs.Service, balancing *loadBalancing) error {
	args := b.args
	target, err := appautoscaling.NewTarget(b.ctx, b.name, &appautoscaling.TargetArgs{
		ServiceNamespace:  pulumi.String("ecs"),
		ScalableDimension: pulumi.String("ecs:service:DesiredCount"),
		ResourceId:        pulumi.Sprintf("service/%s/%s", args.Cluster.ClusterName, svc.Name),
		MinCapacity:       pulumi.Int(args.MinTasks),
		MaxCapacity:       pulumi.Int(args.MaxTasks),
		Tags:              common.Tags(common.Internal),
	}, b.child()...)
	if err != nil {
		return err
	}
	track := func(suffix string, value int, spec *appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecificationArgs) error {
		_, err := appautoscaling.NewPolicy(b.ctx, b.name+"-"+suffix, &appautoscaling.PolicyArgs{
			PolicyType:        pulumi.String("TargetTrackingScaling"),
			ResourceId:        target.ResourceId,
			ScalableDimension: target.ScalableDimension,
			ServiceNamespace:  target.ServiceNamespace,
			TargetTrackingScalingPolicyConfiguration: &appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationArgs{
				TargetValue:                   pulumi.Float64(float64(value)),
				PredefinedMetricSpecification: spec,
				ScaleInCooldown:               pulumi.Int(300),
				ScaleOutCooldown:              pulumi.Int(60),
			},
		}, b.child()...)
		return err
	}
	metric := func(t string) *appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecificationArgs {
		return &appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecificationArgs{PredefinedMetricType: pulumi.String(t)}
	}
	if err := track("cpu", args.CpuTarget, metric("ECSServiceAverageCPUUtilization")); err != nil {
		return err
	}
	if err := track("memory", args.MemoryTarget, metric("ECSServiceAverageMemoryUtilization")); err != nil {
		return err
	}
	if balancing == nil {
		return nil
	}
	requests := metric("ALBRequestCountPerTarget")
	requests.ResourceLabel = pulumi.Sprintf("%s/%s", args.Cluster.AlbArnSuffix, balancing.targetGroup.ArnSuffix)
	return track("requests", args.RequestsTarget, requests)
}

func capacity(c *Cluster) ecs.ServiceCapacityProviderStrategyArray {
	out := ecs.ServiceCapacityProviderStrategyArray{&ecs.ServiceCapacityProviderStrategyArgs{
		CapacityProvider: pulumi.String("FARGATE"), Weight: pulumi.Int(c.FargateWeight), Base: pulumi.Int(1),
	}}
	if c.FargateSpotWeight > 0 {
		out = append(out, &ecs.ServiceCapacityProviderStrategyArgs{CapacityProvider: pulumi.String("FARGATE_SPOT"), Weight: pulumi.Int(c.FargateSpotWeight)})
	}
	return out
}

// ExecutionGrants is what an execution role is granted, ARNs resolved.
type ExecutionGrants struct {
	Region                     string
	RepositoryArn, LogGroupArn string
	ImageKeyArn, SecretsKeyArn string
	SecretArns                 []string
}

// viaService limits a KMS grant to requests a service makes on the
// principal's behalf in region (kms:ViaService), and where the service sets
// an encryption context, to the resources named (contextKey in values).
func viaService(service, region, contextKey string, values []string, like bool) map[string]any {
	via := map[string]any{"kms:ViaService": fmt.Sprintf("%s.%s.amazonaws.com", service, region)}
	if contextKey == "" {
		return map[string]any{"StringEquals": via}
	}
	if like {
		return map[string]any{"StringEquals": via, "StringLike": map[string]any{"kms:EncryptionContext:" + contextKey: values}}
	}
	via["kms:EncryptionContext:"+contextKey] = values
	return map[string]any{"StringEquals": via}
}

// ExecutionPolicy lets ECS pull the app's image, write its log group and
// read exactly the app's secrets. Its KMS grants work only through ECR (the
// image key) and Secrets Manager for those secrets (Secrets Manager sets
// the encryption context SecretARN).
func ExecutionPolicy(g ExecutionGrants) string {
	stmts := []common.Statement{
		{"Sid": "PullOwnImage", "Effect": "Allow", "Action": []string{"ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"}, "Resource": g.RepositoryArn},
		// GetAuthorizationToken has no resource-level permissions.
		{"Sid": "EcrLogin", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
		{"Sid": "WriteOwnLogs", "Effect": "Allow", "Action": []string{"logs:CreateLogStream", "logs:PutLogEvents"}, "Resource": g.LogGroupArn + ":log-stream:*"},
		// ECR decrypts layers under the grant it holds on the key; this
		// covers the pull should a grant be retired, and only through ECR.
		{"Sid": "DecryptImageLayers", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": g.ImageKeyArn, "Condition": viaService("ecr", g.Region, "", nil, false)},
	}
	if len(g.SecretArns) > 0 {
		stmts = append(stmts,
			common.Statement{"Sid": "ReadOwnSecrets", "Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": g.SecretArns},
			common.Statement{"Sid": "DecryptOwnSecrets", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": g.SecretsKeyArn,
				"Condition": viaService("secretsmanager", g.Region, "SecretARN", g.SecretArns, false)},
		)
	}
	return common.PolicyJSON(stmts...)
}

// ResolvedBucketAccess is a BucketAccess with its ARNs known.
type ResolvedBucketAccess struct {
	Arn, KmsKeyArn, Prefix, Access string
}

// TaskGrants is what a task role is granted, with every ARN resolved.
type TaskGrants struct {
	Region          string
	MessagingKeyArn string
	TopicArns       []string
	Buckets         []ResolvedBucketAccess
	// DatabaseUserArn is the RDS Proxy db-user ARN ("" for no database).
	DatabaseUserArn string
}

// TaskPolicy grants the app exactly sns:Publish on its topics, the object
// actions its access level needs on its bucket prefixes and rds-db:connect
// as its proxy user; no wildcard resources (policy rule IAM-06). The keys
// those are encrypted with are usable only through SNS for those topics
// (context aws:sns:topicArn) and S3 for those buckets (context aws:s3:arn:
// the bucket's ARN under S3 Bucket Keys, the object's without).
func TaskPolicy(g TaskGrants) string {
	var stmts []common.Statement
	if len(g.TopicArns) > 0 {
		stmts = append(stmts,
			common.Statement{"Sid": "PublishOwnTopics", "Effect": "Allow", "Action": "sns:Publish", "Resource": g.TopicArns},
			common.Statement{"Sid": "UseTopicKey", "Effect": "Allow", "Action": []string{"kms:GenerateDataKey", "kms:Decrypt"}, "Resource": g.MessagingKeyArn,
				"Condition": viaService("sns", g.Region, "aws:sns:topicArn", g.TopicArns, false)},
		)
	}
	for i, b := range g.Buckets {
		var actions []string
		if b.Access == "read" || b.Access == "readwrite" {
			actions = append(actions, "s3:GetObject", "s3:GetObjectVersion")
		}
		if b.Access == "write" || b.Access == "readwrite" {
			actions = append(actions, "s3:PutObject")
		}
		objects := b.Arn + "/" + b.Prefix + "*"
		stmts = append(stmts,
			common.Statement{"Sid": fmt.Sprintf("Objects%d", i), "Effect": "Allow", "Action": actions, "Resource": objects},
			common.Statement{"Sid": fmt.Sprintf("UseBucketKey%d", i), "Effect": "Allow", "Action": []string{"kms:GenerateDataKey", "kms:Decrypt"}, "Resource": b.KmsKeyArn,
				"Condition": viaService("s3", g.Region, "aws:s3:arn", []string{b.Arn, objects}, true)},
		)
	}
	if g.DatabaseUserArn != "" {
		stmts = append(stmts, common.Statement{"Sid": "ConnectThroughProxy", "Effect": "Allow", "Action": "rds-db:connect", "Resource": g.DatabaseUserArn})
	}
	return common.PolicyJSON(stmts...)
}

// ContainerDefinitions renders the hardened container definition.
func ContainerDefinitions(name, image, logGroup, region string, a *ServiceArgs) (string, error) {
	env := []map[string]string{}
	for _, k := range slices.Sorted(maps.Keys(a.Environment)) {
		env = append(env, map[string]string{"name": k, "value": a.Environment[k]})
	}
	secrets := []map[string]string{}
	for _, k := range slices.Sorted(maps.Keys(a.Secrets)) {
		secrets = append(secrets, map[string]string{"name": k, "valueFrom": a.Secrets[k]})
	}
	def := []map[string]any{{
		"name":                   name,
		"image":                  image,
		"essential":              true,
		"user":                   TaskUser,
		"privileged":             false,
		"readonlyRootFilesystem": true,
		"portMappings":           []map[string]any{{"containerPort": a.Port, "protocol": "tcp"}},
		"environment":            env,
		"secrets":                secrets,
		"mountPoints":            []map[string]any{{"sourceVolume": "tmp", "containerPath": "/tmp", "readOnly": false}},
		"linuxParameters":        map[string]any{"initProcessEnabled": true, "capabilities": map[string]any{"drop": []string{"ALL"}}},
		"healthCheck": map[string]any{
			"command":  []string{"CMD-SHELL", fmt.Sprintf("wget -q -O /dev/null http://127.0.0.1:%d%s || exit 1", a.Port, a.HealthCheckPath)},
			"interval": 15, "timeout": 5, "retries": 3, "startPeriod": 30,
		},
		"logConfiguration": map[string]any{"logDriver": "awslogs", "options": map[string]string{
			"awslogs-group": logGroup, "awslogs-region": region, "awslogs-stream-prefix": name,
		}},
	}}
	b, err := json.Marshal(def)
	return string(b), err
}
