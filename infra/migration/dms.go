// Package migration holds the optional DMS tier for the SQL Server to
// Aurora cut-over.
package migration

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/dms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/carestack/carestack/infra/common"
)

// DmsArgs configures Dms.
type DmsArgs struct {
	Account common.Account

	InstanceClass      string
	AllocatedStorageGb int
	EngineVersion      string
	MultiAz            bool
	// SourceSecretArn holds the SQL Server host, port, username and password.
	SourceSecretArn string
	SourceDatabase  string
	// SourceCaCertificateArn and TargetCaCertificateArn (DMS certificates)
	// turn on verify-full; without them the endpoints still require TLS.
	SourceCaCertificateArn string
	TargetDatabase         string
	TargetCaCertificateArn string
	IncludeSchemas         []string
	ExcludeSchemas         []string
	// CreateServiceRoles makes the account-global dms-vpc-role and
	// dms-cloudwatch-logs-role, retained when the tier is deleted (other DMS
	// users in the account rely on them). Leave it off where they exist.
	CreateServiceRoles bool

	VpcId            pulumi.StringInput
	VpcCidrBlock     string
	PrivateSubnetIds pulumi.StringArrayInput
	// ClusterSecurityGroupId gets one more ingress rule: from the replication instance.
	ClusterSecurityGroupId pulumi.StringInput
	// TargetSecretArn is the Aurora master secret RDS manages.
	TargetSecretArn pulumi.StringInput
	DataKeyArn      pulumi.StringInput
	LogsKeyArn      pulumi.StringInput
	RetentionDays   int
	AlarmTopicArn   pulumi.StringInput
	CdcLatencySecs  int
}

// Dms is the replication tier for the migration window.
//
// It creates: with CreateServiceRoles, the account's DMS service roles
// (dms-vpc-role and dms-cloudwatch-logs-role, AWS-managed DMS policies only,
// retained on delete); a replication
// subnet group on the private subnets; a security group (out to SQL Server
// on 1433 inside the VPC and to Aurora on 3306) and an ingress rule on the
// cluster's group from it; the replication instance (private, set
// explicitly, data CMK, Multi-AZ as configured, minor upgrades on); an access
// role that may read exactly the two endpoint secrets; the SQL Server source
// and Aurora MySQL target endpoints (credentials from Secrets Manager only,
// TLS verify-full with a CA, else require); the task's KMS log group; a
// full-load-and-CDC task (schemas from config, validation and logging on,
// not started: operators start it in the window); an event subscription to
// the alarm topic; and alarms on CDC source and target latency.
type Dms struct {
	pulumi.ResourceState

	TaskArn pulumi.StringOutput `pulumi:"taskArn"`
	TaskId  string
}

// NewDms creates the tier, one named step after another.
func NewDms(ctx *pulumi.Context, name string, args *DmsArgs, opts ...pulumi.ResourceOption) (*Dms, error) {
	if args == nil || args.VpcId == nil || args.ClusterSecurityGroupId == nil || args.TargetSecretArn == nil || args.DataKeyArn == nil || args.AlarmTopicArn == nil {
		return nil, fmt.Errorf("migration.Dms %s: VpcId, ClusterSecurityGroupId, TargetSecretArn, DataKeyArn and AlarmTopicArn are required", name)
	}
	d := &Dms{TaskId: fmt.Sprintf("carestack-%s-sqlserver-to-aurora", ctx.Stack())}
	if err := ctx.RegisterComponentResourceV2("carestack:migration:Dms", name, pulumi.Map{
		"instanceClass": pulumi.String(args.InstanceClass), "multiAz": pulumi.Bool(args.MultiAz),
		"includeSchemas": pulumi.ToStringArray(args.IncludeSchemas),
	}, d, opts...); err != nil {
		return nil, err
	}
	t := &tier{ctx: ctx, name: name, args: args, component: d,
		instanceID: fmt.Sprintf("carestack-%s-dms", ctx.Stack())}
	for _, step := range []func() error{
		t.serviceRoles, t.network, t.replicationInstance, t.secretsAccess, t.endpoints, t.task, t.events, t.cdcAlarms,
	} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	d.TaskArn = t.replicationTask.ReplicationTaskArn
	return d, ctx.RegisterResourceOutputs(d, pulumi.Map{"taskArn": t.replicationTask.ReplicationTaskArn})
}

// tier carries what NewDms's steps share.
type tier struct {
	ctx        *pulumi.Context
	name       string
	args       *DmsArgs
	component  *Dms
	instanceID string

	roles           []pulumi.Resource
	subnets         *dms.ReplicationSubnetGroup
	sg              *ec2.SecurityGroup
	instance        *dms.ReplicationInstance
	access          *iam.Role
	source, target  *dms.Endpoint
	replicationTask *dms.ReplicationTask
}

func (t *tier) child(extra ...pulumi.ResourceOption) []pulumi.ResourceOption {
	return common.Child(t.component, extra...)
}

// serviceRoles: the account's DMS roles, only when asked.
func (t *tier) serviceRoles() error {
	var err error
	t.roles, err = newServiceRoles(t.ctx, t.name, t.args, t.child)
	return err
}

// network: a replication subnet group on the private subnets; a security
// group (out to SQL Server on 1433 inside the VPC, to Aurora on 3306, to
// AWS endpoints on 443) and an ingress rule on the cluster's group from it.
func (t *tier) network() error {
	ctx, name, args := t.ctx, t.name, t.args
	var err error
	t.subnets, err = dms.NewReplicationSubnetGroup(ctx, name, &dms.ReplicationSubnetGroupArgs{
		ReplicationSubnetGroupId:          pulumi.String(t.instanceID),
		ReplicationSubnetGroupDescription: pulumi.String("DMS on private subnets"),
		SubnetIds:                         args.PrivateSubnetIds,
		Tags:                              common.Tags(common.Internal),
	}, t.child(pulumi.DependsOn(t.roles))...)
	if err != nil {
		return err
	}
	t.sg, err = ec2.NewSecurityGroup(ctx, name, &ec2.SecurityGroupArgs{
		VpcId:       args.VpcId,
		Description: pulumi.String("DMS replication instance: SQL Server in, Aurora out"),
		Egress: ec2.SecurityGroupEgressArray{
			&ec2.SecurityGroupEgressArgs{Description: pulumi.String("SQL Server inside the VPC (over the VPN/peering route)"), Protocol: pulumi.String("tcp"),
				FromPort: pulumi.Int(1433), ToPort: pulumi.Int(1433), CidrBlocks: pulumi.StringArray{pulumi.String(args.VpcCidrBlock)}},
			&ec2.SecurityGroupEgressArgs{Description: pulumi.String("Aurora"), Protocol: pulumi.String("tcp"),
				FromPort: pulumi.Int(3306), ToPort: pulumi.Int(3306), SecurityGroups: pulumi.StringArray{args.ClusterSecurityGroupId}},
			&ec2.SecurityGroupEgressArgs{Description: pulumi.String("AWS endpoints"), Protocol: pulumi.String("tcp"),
				FromPort: pulumi.Int(443), ToPort: pulumi.Int(443), CidrBlocks: pulumi.StringArray{pulumi.String(args.VpcCidrBlock)}},
		},
		Tags: common.Tags(common.Internal),
	}, t.child()...)
	if err != nil {
		return err
	}
	_, err = vpc.NewSecurityGroupIngressRule(ctx, name+"-to-aurora", &vpc.SecurityGroupIngressRuleArgs{
		SecurityGroupId: args.ClusterSecurityGroupId, ReferencedSecurityGroupId: t.sg.ID(),
		IpProtocol: pulumi.String("tcp"), FromPort: pulumi.Int(3306), ToPort: pulumi.Int(3306),
		Description: pulumi.String("MySQL from the DMS replication instance"), Tags: common.Tags(common.Internal),
	}, t.child()...)
	return err
}

// replicationInstance: private (set explicitly), the data key, Multi-AZ as
// configured, minor upgrades on.
func (t *tier) replicationInstance() error {
	m := t.args
	var err error
	t.instance, err = dms.NewReplicationInstance(t.ctx, t.name, &dms.ReplicationInstanceArgs{
		ReplicationInstanceId:    pulumi.String(t.instanceID),
		ReplicationInstanceClass: pulumi.String(m.InstanceClass),
		AllocatedStorage:         pulumi.Int(m.AllocatedStorageGb),
		EngineVersion:            pulumi.String(m.EngineVersion),
		MultiAz:                  pulumi.Bool(m.MultiAz),
		// The DMS API defaults to public; say no explicitly.
		PubliclyAccessible:       pulumi.Bool(false),
		AutoMinorVersionUpgrade:  pulumi.Bool(true),
		KmsKeyArn:                m.DataKeyArn,
		ReplicationSubnetGroupId: t.subnets.ReplicationSubnetGroupId,
		VpcSecurityGroupIds:      pulumi.StringArray{t.sg.ID()},
		Tags:                     common.Tags(common.PHI),
	}, t.child()...)
	return err
}

// secretsAccess: the role DMS reads exactly the two endpoint secrets with.
func (t *tier) secretsAccess() error {
	m, acct := t.args, t.args.Account
	var err error
	t.access, err = iam.NewRole(t.ctx, t.name+"-secrets", &iam.RoleArgs{
		AssumeRolePolicy: pulumi.String(common.ServiceTrust(acct, fmt.Sprintf("dms.%s.amazonaws.com", acct.Region))),
		Tags:             common.Tags(common.Internal),
	}, t.child()...)
	if err != nil {
		return err
	}
	_, err = iam.NewRolePolicy(t.ctx, t.name+"-secrets", &iam.RolePolicyArgs{
		Role: t.access.ID(),
		Policy: pulumi.All(m.TargetSecretArn, m.DataKeyArn).ApplyT(func(in []any) string {
			return common.PolicyJSON(
				common.Statement{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": []string{m.SourceSecretArn, in[0].(string)}},
				// The source secret is encrypted with the data key too
				// (docs/operations.md); decryption only through Secrets
				// Manager and only for these two secrets.
				common.Statement{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": in[1],
					"Condition": map[string]any{"StringEquals": map[string]any{
						"kms:ViaService":                  fmt.Sprintf("secretsmanager.%s.amazonaws.com", acct.Region),
						"kms:EncryptionContext:SecretARN": []string{m.SourceSecretArn, in[0].(string)},
					}}},
			)
		}).(pulumi.StringOutput),
	}, t.child()...)
	return err
}

// endpoints: the SQL Server source and Aurora MySQL target, credentials
// from Secrets Manager only, TLS verify-full with a CA, else require.
func (t *tier) endpoints() error {
	m := t.args
	endpoint := func(suffix, typ, engine, database, ca string, secret pulumi.StringInput) (*dms.Endpoint, error) {
		e := &dms.EndpointArgs{
			EndpointId:                  pulumi.Sprintf("carestack-%s-%s", t.ctx.Stack(), suffix),
			EndpointType:                pulumi.String(typ),
			EngineName:                  pulumi.String(engine),
			DatabaseName:                pulumi.String(database),
			SecretsManagerArn:           secret,
			SecretsManagerAccessRoleArn: t.access.Arn,
			SslMode:                     pulumi.String(SslMode(ca)),
			KmsKeyArn:                   m.DataKeyArn,
			Tags:                        common.Tags(common.PHI),
		}
		if ca != "" {
			e.CertificateArn = pulumi.String(ca)
		}
		return dms.NewEndpoint(t.ctx, t.name+"-"+suffix, e, t.child()...)
	}
	var err error
	if t.source, err = endpoint("sqlserver", "source", "sqlserver", m.SourceDatabase, m.SourceCaCertificateArn, pulumi.String(m.SourceSecretArn)); err != nil {
		return err
	}
	t.target, err = endpoint("aurora", "target", "aurora", m.TargetDatabase, m.TargetCaCertificateArn, m.TargetSecretArn)
	return err
}

// task: the task's KMS log group (made first so DMS's logs are encrypted
// and expire), then the full-load-and-CDC task, created stopped.
func (t *tier) task() error {
	m := t.args
	logs, err := common.LogGroup(t.ctx, t.name+"-task-logs", common.LogGroupArgs{
		Name: pulumi.String("dms-tasks-" + t.instanceID), RetentionDays: m.RetentionDays, KmsKeyArn: m.LogsKeyArn, Classification: common.PHI,
	}, t.child()...)
	if err != nil {
		return err
	}
	mappings, err := TableMappings(m.IncludeSchemas, m.ExcludeSchemas)
	if err != nil {
		return err
	}
	t.replicationTask, err = dms.NewReplicationTask(t.ctx, t.name, &dms.ReplicationTaskArgs{
		ReplicationTaskId:       pulumi.String(t.component.TaskId),
		MigrationType:           pulumi.String("full-load-and-cdc"),
		ReplicationInstanceArn:  t.instance.ReplicationInstanceArn,
		SourceEndpointArn:       t.source.EndpointArn,
		TargetEndpointArn:       t.target.EndpointArn,
		TableMappings:           pulumi.String(mappings),
		ReplicationTaskSettings: pulumi.String(TaskSettings()),
		StartReplicationTask:    pulumi.Bool(false),
		Tags:                    common.Tags(common.PHI),
	}, t.child(pulumi.DependsOn([]pulumi.Resource{logs}))...)
	return err
}

// events: task failures and state changes go to the alarm topic.
func (t *tier) events() error {
	_, err := dms.NewEventSubscription(t.ctx, t.name, &dms.EventSubscriptionArgs{
		Name:            pulumi.String(t.instanceID),
		SnsTopicArn:     t.args.AlarmTopicArn,
		SourceType:      pulumi.String("replication-task"),
		SourceIds:       pulumi.StringArray{pulumi.String(t.component.TaskId)},
		EventCategories: pulumi.StringArray{pulumi.String("failure"), pulumi.String("state change")},
		Enabled:         pulumi.Bool(true),
		Tags:            common.Tags(common.Internal),
	}, t.child(pulumi.DependsOn([]pulumi.Resource{t.replicationTask}))...)
	return err
}

// cdcAlarms: source and target CDC latency above CdcLatencySecs.
func (t *tier) cdcAlarms() error {
	args := t.args
	for _, side := range []string{"Source", "Target"} {
		if _, err := cloudwatch.NewMetricAlarm(t.ctx, fmt.Sprintf("%s-cdc-latency-%s", t.name, side), &cloudwatch.MetricAlarmArgs{
			AlarmDescription: pulumi.Sprintf("DMS CDC %s latency above %d s: the cut-over would lose data", side, args.CdcLatencySecs),
			Namespace:        pulumi.String("AWS/DMS"), MetricName: pulumi.String("CDCLatency" + side), Statistic: pulumi.String("Maximum"),
			Dimensions: pulumi.StringMap{"ReplicationInstanceIdentifier": pulumi.String(t.instanceID), "ReplicationTaskIdentifier": t.replicationTask.ReplicationTaskId},
			Period:     pulumi.Int(60), EvaluationPeriods: pulumi.Int(5), DatapointsToAlarm: pulumi.Int(3),
			ComparisonOperator: pulumi.String("GreaterThanThreshold"), Threshold: pulumi.Float64(float64(args.CdcLatencySecs)),
			TreatMissingData: pulumi.String("notBreaching"),
			ActionsEnabled:   pulumi.Bool(true), AlarmActions: pulumi.Array{args.AlarmTopicArn}, OkActions: pulumi.Array{args.AlarmTopicArn},
			Tags: common.Tags(common.Internal),
		}, t.child()...); err != nil {
			return err
		}
	}
	return nil
}

// newServiceRoles makes dms-vpc-role and dms-cloudwatch-logs-role when asked.
// DMS looks them up by these exact, account-global names; they must exist
// before the subnet group. They outlive the tier (RetainOnDelete): deleting
// them would break every other DMS user in the account, and recreating them
// fails while they exist.
func newServiceRoles(ctx *pulumi.Context, name string, args *DmsArgs, child func(...pulumi.ResourceOption) []pulumi.ResourceOption) ([]pulumi.Resource, error) {
	if !args.CreateServiceRoles {
		return nil, nil
	}
	var out []pulumi.Resource
	for _, r := range []struct{ name, policy string }{
		{"dms-vpc-role", "AmazonDMSVPCManagementRole"},
		{"dms-cloudwatch-logs-role", "AmazonDMSCloudWatchLogsRole"},
	} {
		role, err := iam.NewRole(ctx, name+"-"+r.name, &iam.RoleArgs{
			Name:             pulumi.String(r.name),
			AssumeRolePolicy: pulumi.String(common.ServiceTrust(args.Account, "dms.amazonaws.com")),
			Tags:             common.Tags(common.Internal),
		}, child(pulumi.RetainOnDelete(true))...)
		if err != nil {
			return nil, err
		}
		attach, err := iam.NewRolePolicyAttachment(ctx, name+"-"+r.name, &iam.RolePolicyAttachmentArgs{
			Role: role.Name, PolicyArn: pulumi.Sprintf("arn:%s:iam::aws:policy/service-role/%s", args.Account.Partition, r.policy),
		}, child(pulumi.RetainOnDelete(true))...)
		if err != nil {
			return nil, err
		}
		out = append(out, attach)
	}
	return out, nil
}

// SslMode is verify-full when a CA certificate is given, else require: never none.
func SslMode(caCertificateArn string) string {
	if caCertificateArn != "" {
		return "verify-full"
	}
	return "require"
}

// TableMappings selects every table of the included schemas, minus the
// excluded ones (exclusions win, as DMS applies them after inclusions).
func TableMappings(include, exclude []string) (string, error) {
	var rules []map[string]any
	id := 0
	add := func(action, schema string) {
		id++
		rules = append(rules, map[string]any{
			"rule-type": "selection", "rule-id": fmt.Sprint(id), "rule-name": fmt.Sprintf("%s-%s", action, schema),
			"object-locator": map[string]string{"schema-name": schema, "table-name": "%"}, "rule-action": action,
		})
	}
	for _, s := range include {
		add("include", s)
	}
	for _, s := range exclude {
		add("exclude", s)
	}
	b, err := json.Marshal(map[string]any{"rules": rules})
	return string(b), err
}

// TaskSettings turns on validation and CloudWatch logging of every component
// the cut-over runbook reads.
func TaskSettings() string {
	component := func(id string) map[string]string {
		return map[string]string{"Id": id, "Severity": "LOGGER_SEVERITY_DEFAULT"}
	}
	settings := map[string]any{
		"TargetMetadata": map[string]any{"SupportLobs": true, "LimitedSizeLobMode": true, "LobMaxSize": 32},
		"FullLoadSettings": map[string]any{
			"TargetTablePrepMode": "DO_NOTHING", "StopTaskCachedChangesApplied": false, "StopTaskCachedChangesNotApplied": false,
		},
		"Logging": map[string]any{
			"EnableLogging": true,
			"LogComponents": []map[string]string{
				component("SOURCE_UNLOAD"), component("SOURCE_CAPTURE"), component("TARGET_LOAD"), component("TARGET_APPLY"), component("TASK_MANAGER"),
			},
		},
		"ValidationSettings": map[string]any{
			"EnableValidation": true, "ValidationMode": "ROW_LEVEL", "ThreadCount": 5, "FailureMaxCount": 10000, "HandleCollationDiff": true,
		},
		"ErrorBehavior": map[string]any{"DataErrorPolicy": "LOG_ERROR", "ApplyErrorInsertPolicy": "LOG_ERROR"},
	}
	b, _ := json.Marshal(settings)
	return string(b)
}
