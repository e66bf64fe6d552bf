// Package database holds the estate's Aurora MySQL cluster.
package database

import (
	"errors"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/rds"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/carestack/carestack/infra/common"
	vocab "github.com/carestack/carestack/internal/tags"
)

// Port is the MySQL port the cluster and the proxy listen on.
const Port = 3306

// MasterUsername is the cluster's master user. Its RDS-managed secret is the
// only one registered with the proxy, and a client authenticating to the
// proxy with IAM must connect as a user the proxy holds a secret for.
const MasterUsername = "carestack_admin"

// BiPromotionTier puts the BI replica last in line for failover, so a
// promotion never lands the writer on the instance analysts are loading.
const BiPromotionTier = 15

// TagWorkload marks the BI replica and its endpoint (value
// tags.WorkloadBI); the policy pack's bi-reader-endpoint rule finds them by it.
const TagWorkload = vocab.Workload

// AuroraArgs configures Aurora.
type AuroraArgs struct {
	Account           common.Account
	VpcId             pulumi.StringInput
	DbSubnetGroupName pulumi.StringInput
	// ProxySubnetIds are where the RDS Proxy places its endpoints (private).
	ProxySubnetIds    pulumi.StringArrayInput
	AvailabilityZones []string

	EngineVersion                    string
	InstanceClass                    string
	ReaderCount                      int
	BiReplica                        bool
	BiInstanceClass                  string
	BackupRetentionDays              int
	PreferredBackupWindow            string
	BacktrackHours                   int
	PerformanceInsightsRetentionDays int
	MonitoringIntervalSeconds        int
	GeneralLog                       bool
	DeletionProtection               bool
	// Protect sets Pulumi's protect option on the cluster, its instances and
	// the backup vault.
	Protect bool

	DataKeyArn    pulumi.StringInput
	LogsKeyArn    pulumi.StringInput
	BackupsKeyArn pulumi.StringInput
	LogRetention  int

	BackupVaultRetentionDays int
	VaultLock                bool
	// BackupCopy, when set, copies every recovery point to a vault in the
	// DR region (HIPAA 164.308(a)(7)(ii)(B): recovery survives a region).
	BackupCopy *BackupCopyArgs

	// AllowedSourceSecurityGroupIds may reach the cluster directly on 3306
	// (the DMS replication instance); applications go through the proxy.
	AllowedSourceSecurityGroupIds []pulumi.StringInput
}

// BackupCopyArgs places the DR copy of the database's backups.
type BackupCopyArgs struct {
	// Provider is the DR region's AWS provider.
	Provider pulumi.ProviderResource
	// KmsKeyArn is a backups key in the DR region.
	KmsKeyArn pulumi.StringInput
}

// Aurora is the Aurora MySQL 3 cluster and everything that keeps it safe.
//
// It creates: security groups for the cluster, the proxy and its clients
// (the cluster admits 3306 only from the proxy's group and the named source
// groups; the proxy only from the clients' group); a cluster parameter group
// that requires TLS 1.2+ and turns on audit and slow-query logging; KMS
// encrypted log groups for every exported log (created before the cluster so
// RDS never creates unencrypted ones); the enhanced-monitoring role; the
// cluster (data key, RDS-managed master secret, IAM auth, backups, deletion
// protection, final snapshot, backtrack); a writer, ReaderCount readers and
// an optional BI replica (promotion tier 15) spread over the AZs with
// Performance Insights and enhanced monitoring; a BI READER endpoint with
// only the BI replica and an app READER endpoint without it; an RDS Proxy
// (TLS required, IAM auth) with its role, target group and target; and an
// AWS Backup vault (backups key, optional vault lock), plan and selection.
type Aurora struct {
	pulumi.ResourceState

	ClusterArn     pulumi.StringOutput `pulumi:"clusterArn"`
	WriterEndpoint pulumi.StringOutput `pulumi:"writerEndpoint"`
	// ReaderEndpoint serves application reads and never includes the BI replica.
	ReaderEndpoint pulumi.StringOutput `pulumi:"readerEndpoint"`
	// BiEndpoint is empty when the stack has no BI replica.
	BiEndpoint    pulumi.StringOutput `pulumi:"biEndpoint"`
	ProxyEndpoint pulumi.StringOutput `pulumi:"proxyEndpoint"`
	// ClientSecurityGroupId is the group a task joins to reach the proxy.
	ClientSecurityGroupId pulumi.StringOutput `pulumi:"clientSecurityGroupId"`
	// ClusterSecurityGroupId is the cluster's own group.
	ClusterSecurityGroupId pulumi.StringOutput `pulumi:"clusterSecurityGroupId"`
	// ProxyArn identifies the proxy.
	ProxyArn pulumi.StringOutput `pulumi:"proxyArn"`
	// ProxyUserArn is what a database client's role is granted
	// rds-db:connect on (ProxyDbUserArn of the proxy and MasterUsername).
	ProxyUserArn pulumi.StringOutput `pulumi:"proxyUserArn"`
	// MasterSecretArn is the RDS-managed master secret (DMS target credentials).
	MasterSecretArn pulumi.StringOutput `pulumi:"masterSecretArn"`

	// ClusterIdentifier and Instances are fixed names, for alarm dimensions.
	ClusterIdentifier string
	Instances         []InstanceRef
}

// InstanceRef names a cluster instance and its role: writer, reader or bi.
type InstanceRef struct {
	Identifier string
	Role       string
}

func (a *AuroraArgs) validate() error {
	var errs []error
	if a.VpcId == nil || a.DbSubnetGroupName == nil || a.ProxySubnetIds == nil {
		errs = append(errs, errors.New("VpcId, DbSubnetGroupName and ProxySubnetIds are required"))
	}
	if a.DataKeyArn == nil || a.LogsKeyArn == nil || a.BackupsKeyArn == nil {
		errs = append(errs, errors.New("DataKeyArn, LogsKeyArn and BackupsKeyArn are required (customer-managed keys only)"))
	}
	if len(a.AvailabilityZones) == 0 {
		errs = append(errs, errors.New("AvailabilityZones: at least one"))
	}
	if a.ReaderCount < 0 {
		errs = append(errs, fmt.Errorf("ReaderCount %d: must not be negative", a.ReaderCount))
	}
	if a.BackupRetentionDays < 1 || a.BackupRetentionDays > 35 {
		errs = append(errs, fmt.Errorf("BackupRetentionDays %d: must be 1 to 35", a.BackupRetentionDays))
	}
	if a.Account.ID == "" {
		errs = append(errs, errors.New("missing Account (the caller identity and region)"))
	}
	return errors.Join(errs...)
}

// LogExports are the logs the cluster exports to CloudWatch.
func (a *AuroraArgs) LogExports() []string {
	logs := []string{"audit", "error", "slowquery"}
	if a.GeneralLog {
		logs = append(logs, "general")
	}
	return logs
}

// instance is one planned cluster instance.
type instance struct {
	suffix        string
	class         string
	az            string
	promotionTier int
	// protect: readers hold no data of their own (the cluster volume does)
	// and come and go with ReaderCount, so only the writer and the BI
	// replica carry Pulumi's protect option.
	protect bool
}

// instances plans the writer, readers and BI replica. Every instance's AZ is
// a function of its own name only, never of how many others there are:
// availabilityZone is ForceNew, so an AZ that moved with the reader count
// would replace the instance. The writer takes the first AZ, reader-i the
// AZ at i (mod the AZ count), the BI replica the last AZ; with N AZs the
// writer and the first N-1 readers land in distinct AZs.
func (a *AuroraArgs) instances() []instance {
	azs := a.AvailabilityZones
	out := []instance{{suffix: "writer", class: a.InstanceClass, az: azs[0], promotionTier: 0, protect: a.Protect}}
	for i := 1; i <= a.ReaderCount; i++ {
		out = append(out, instance{suffix: fmt.Sprintf("reader-%d", i), class: a.InstanceClass, az: azs[i%len(azs)], promotionTier: 1})
	}
	if a.BiReplica {
		out = append(out, instance{suffix: "bi", class: a.BiInstanceClass, az: azs[len(azs)-1], promotionTier: BiPromotionTier, protect: a.Protect})
	}
	return out
}

// NewAurora creates the cluster.
func NewAurora(ctx *pulumi.Context, name string, args *AuroraArgs, opts ...pulumi.ResourceOption) (*Aurora, error) {
	if args == nil {
		return nil, fmt.Errorf("database.Aurora %s: args are required", name)
	}
	if err := args.validate(); err != nil {
		return nil, fmt.Errorf("database.Aurora %s: %w", name, err)
	}
	a := &Aurora{}
	if err := ctx.RegisterComponentResourceV2("carestack:database:Aurora", name, pulumi.Map{
		"engineVersion":       pulumi.String(args.EngineVersion),
		"instanceClass":       pulumi.String(args.InstanceClass),
		"readerCount":         pulumi.Int(args.ReaderCount),
		"biReplica":           pulumi.Bool(args.BiReplica),
		"backupRetentionDays": pulumi.Int(args.BackupRetentionDays),
		"deletionProtection":  pulumi.Bool(args.DeletionProtection),
	}, a, opts...); err != nil {
		return nil, err
	}
	child := childOpts(func(extra ...pulumi.ResourceOption) []pulumi.ResourceOption { return common.Child(a, extra...) })
	protected := childOpts(func(extra ...pulumi.ResourceOption) []pulumi.ResourceOption {
		return child(append(extra, pulumi.Protect(args.Protect))...)
	})
	clusterID := fmt.Sprintf("carestack-%s", ctx.Stack())

	sgs, err := newSecurityGroups(ctx, name, args, child)
	if err != nil {
		return nil, err
	}
	params, err := newParameterGroup(ctx, name, args, child)
	if err != nil {
		return nil, err
	}
	logGroups, err := newLogGroups(ctx, name, clusterID, args, child)
	if err != nil {
		return nil, err
	}
	monitoring, err := newMonitoringRole(ctx, name, args, child)
	if err != nil {
		return nil, err
	}
	cluster, err := newCluster(ctx, name, clusterID, args, sgs.cluster, params, logGroups, protected)
	if err != nil {
		return nil, err
	}
	members, err := newInstances(ctx, name, clusterID, args, cluster, monitoring, child)
	if err != nil {
		return nil, err
	}
	for _, m := range members {
		a.Instances = append(a.Instances, m.ref)
	}
	a.ReaderEndpoint, a.BiEndpoint, err = newCustomEndpoints(ctx, name, clusterID, cluster, members, child)
	if err != nil {
		return nil, err
	}
	proxy, err := newProxy(ctx, name, args, cluster, sgs.proxy, child)
	if err != nil {
		return nil, err
	}
	if err := newBackup(ctx, name, args, cluster, child, protected); err != nil {
		return nil, err
	}

	a.ClusterArn = cluster.Arn
	a.ClusterIdentifier = clusterID
	a.MasterSecretArn = cluster.MasterUserSecrets.Index(pulumi.Int(0)).SecretArn().Elem()
	a.WriterEndpoint = cluster.Endpoint
	a.ProxyEndpoint = proxy.Endpoint
	a.ClientSecurityGroupId = sgs.clients.ID().ToStringOutput()
	a.ClusterSecurityGroupId = sgs.cluster.ID().ToStringOutput()
	a.ProxyArn = proxy.Arn
	a.ProxyUserArn = proxy.Arn.ApplyT(func(arn string) (string, error) { return ProxyDbUserArn(arn, MasterUsername) }).(pulumi.StringOutput)
	return a, ctx.RegisterResourceOutputs(a, pulumi.Map{
		"clusterArn":     cluster.Arn,
		"writerEndpoint": cluster.Endpoint,
		"readerEndpoint": a.ReaderEndpoint,
		"biEndpoint":     a.BiEndpoint,
		"proxyEndpoint":  proxy.Endpoint,
	})
}

// newParameterGroup requires TLS 1.2+ and turns on audit and slow-query logs.
func newParameterGroup(ctx *pulumi.Context, name string, args *AuroraArgs, child childOpts) (*rds.ClusterParameterGroup, error) {
	return rds.NewClusterParameterGroup(ctx, name+"-params", &rds.ClusterParameterGroupArgs{
		Family:      pulumi.String("aurora-mysql8.0"),
		Description: pulumi.String("carestack: TLS 1.2+ only, audit and slow-query logging"),
		Parameters:  clusterParameters(args.GeneralLog),
		Tags:        common.Tags(common.Internal),
	}, child()...)
}

// newLogGroups makes the KMS-encrypted groups of every exported log before
// the cluster exists, so RDS never creates unencrypted ones.
func newLogGroups(ctx *pulumi.Context, name, clusterID string, args *AuroraArgs, child childOpts) ([]pulumi.Resource, error) {
	var out []pulumi.Resource
	for _, l := range args.LogExports() {
		g, err := common.LogGroup(ctx, fmt.Sprintf("%s-%s-log", name, l), common.LogGroupArgs{
			Name:          pulumi.Sprintf("/aws/rds/cluster/%s/%s", clusterID, l),
			RetentionDays: args.LogRetention, KmsKeyArn: args.LogsKeyArn, Classification: common.PHI,
		}, child()...)
		if err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, nil
}

// monitoringRole is the enhanced-monitoring role and the attachment
// instances wait for.
type monitoringRole struct {
	role   *iam.Role
	attach *iam.RolePolicyAttachment
}

func newMonitoringRole(ctx *pulumi.Context, name string, args *AuroraArgs, child childOpts) (*monitoringRole, error) {
	role, err := iam.NewRole(ctx, name+"-monitoring", &iam.RoleArgs{
		AssumeRolePolicy: pulumi.String(common.ServiceTrust(args.Account, "monitoring.rds.amazonaws.com")),
		Tags:             common.Tags(common.Internal),
	}, child()...)
	if err != nil {
		return nil, err
	}
	attach, err := iam.NewRolePolicyAttachment(ctx, name+"-monitoring", &iam.RolePolicyAttachmentArgs{
		Role:      role.Name,
		PolicyArn: pulumi.Sprintf("arn:%s:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole", args.Account.Partition),
	}, child()...)
	if err != nil {
		return nil, err
	}
	return &monitoringRole{role: role, attach: attach}, nil
}

// newCluster is the protected cluster: data key, RDS-managed master secret,
// IAM auth, backups, deletion protection, a final snapshot, backtrack.
func newCluster(ctx *pulumi.Context, name, clusterID string, args *AuroraArgs, sg *ec2.SecurityGroup, params *rds.ClusterParameterGroup, logGroups []pulumi.Resource, protected childOpts) (*rds.Cluster, error) {
	return rds.NewCluster(ctx, name, &rds.ClusterArgs{
		ClusterIdentifier:                pulumi.String(clusterID),
		Engine:                           pulumi.String("aurora-mysql"),
		EngineVersion:                    pulumi.String(args.EngineVersion),
		Port:                             pulumi.Int(Port),
		DbSubnetGroupName:                args.DbSubnetGroupName,
		VpcSecurityGroupIds:              pulumi.StringArray{sg.ID()},
		DbClusterParameterGroupName:      params.Name,
		StorageEncrypted:                 pulumi.Bool(true),
		KmsKeyId:                         args.DataKeyArn,
		MasterUsername:                   pulumi.String(MasterUsername),
		ManageMasterUserPassword:         pulumi.Bool(true),
		MasterUserSecretKmsKeyId:         args.DataKeyArn,
		IamDatabaseAuthenticationEnabled: pulumi.Bool(true),
		EnabledCloudwatchLogsExports:     pulumi.ToStringArray(args.LogExports()),
		BackupRetentionPeriod:            pulumi.Int(args.BackupRetentionDays),
		PreferredBackupWindow:            pulumi.String(args.PreferredBackupWindow),
		DeletionProtection:               pulumi.Bool(args.DeletionProtection),
		SkipFinalSnapshot:                pulumi.Bool(false),
		FinalSnapshotIdentifier:          finalSnapshotIdentifier(clusterID, args.DataKeyArn),
		CopyTagsToSnapshot:               pulumi.Bool(true),
		BacktrackWindow:                  pulumi.Int(args.BacktrackHours * 3600),
		Tags:                             common.Tags(common.PHI),
	}, protected(pulumi.DependsOn(logGroups),
		// Aurora applies minor versions itself (AutoMinorVersionUpgrade) and
		// the provider reads the new version back: an exact pin would have
		// the next `up` attempt a downgrade. EngineVersion is what a new
		// cluster starts at; upgrades are a runbook (docs/operations.md).
		pulumi.IgnoreChanges([]string{"engineVersion"}))...)
}

// member is one created instance and how alarms name it.
type member struct {
	suffix   string
	instance *rds.ClusterInstance
	ref      InstanceRef
}

// newInstances creates the writer, the readers and the BI replica as
// planned by instances(), with Performance Insights and enhanced monitoring.
func newInstances(ctx *pulumi.Context, name, clusterID string, args *AuroraArgs, cluster *rds.Cluster, monitoring *monitoringRole, child childOpts) ([]member, error) {
	var out []member
	var writer *rds.ClusterInstance
	for _, in := range args.instances() {
		tags := common.Tags(common.PHI)
		if in.suffix == "bi" {
			tags[TagWorkload] = pulumi.String(vocab.WorkloadBI)
		}
		deps := []pulumi.Resource{monitoring.attach}
		if writer != nil {
			// The first instance up becomes the writer; readers wait for it.
			deps = append(deps, writer)
		}
		inst, err := rds.NewClusterInstance(ctx, fmt.Sprintf("%s-%s", name, in.suffix), &rds.ClusterInstanceArgs{
			Identifier:        pulumi.Sprintf("%s-%s", clusterID, in.suffix),
			ClusterIdentifier: cluster.ID(),
			// No EngineVersion: an instance runs its cluster's version, which
			// only the cluster can change (pulumi-aws rds.ClusterInstance docs).
			Engine:                             pulumi.String("aurora-mysql"),
			InstanceClass:                      pulumi.String(in.class),
			AvailabilityZone:                   pulumi.String(in.az),
			PromotionTier:                      pulumi.Int(in.promotionTier),
			DbSubnetGroupName:                  args.DbSubnetGroupName,
			PubliclyAccessible:                 pulumi.Bool(false),
			AutoMinorVersionUpgrade:            pulumi.Bool(true),
			PerformanceInsightsEnabled:         pulumi.Bool(true),
			PerformanceInsightsKmsKeyId:        args.DataKeyArn,
			PerformanceInsightsRetentionPeriod: pulumi.Int(args.PerformanceInsightsRetentionDays),
			MonitoringInterval:                 pulumi.Int(args.MonitoringIntervalSeconds),
			MonitoringRoleArn:                  monitoring.role.Arn,
			CopyTagsToSnapshot:                 pulumi.Bool(true),
			Tags:                               tags,
		}, child(pulumi.DependsOn(deps), pulumi.Protect(in.protect))...)
		if err != nil {
			return nil, err
		}
		if writer == nil {
			writer = inst
		}
		role := "reader"
		switch in.suffix {
		case "writer", "bi":
			role = in.suffix
		}
		out = append(out, member{suffix: in.suffix, instance: inst, ref: InstanceRef{Identifier: fmt.Sprintf("%s-%s", clusterID, in.suffix), Role: role}})
	}
	return out, nil
}

// newCustomEndpoints gives the BI replica a READER endpoint of its own and
// applications one that excludes it; without a BI replica, applications use
// the cluster's reader endpoint and the BI endpoint is "".
func newCustomEndpoints(ctx *pulumi.Context, name, clusterID string, cluster *rds.Cluster, members []member, child childOpts) (reader, bi pulumi.StringOutput, err error) {
	reader, bi = cluster.ReaderEndpoint, pulumi.String("").ToStringOutput()
	var biInstance *rds.ClusterInstance
	for _, m := range members {
		if m.suffix == "bi" {
			biInstance = m.instance
		}
	}
	if biInstance == nil {
		return reader, bi, nil
	}
	biEndpoint, err := rds.NewClusterEndpoint(ctx, name+"-bi", &rds.ClusterEndpointArgs{
		ClusterIdentifier:         cluster.ID(),
		ClusterEndpointIdentifier: pulumi.String(clusterID + "-bi"),
		CustomEndpointType:        pulumi.String("READER"),
		StaticMembers:             pulumi.StringArray{biInstance.Identifier},
		Tags:                      pulumi.StringMap{common.TagDataClassification: pulumi.String(string(common.PHI)), TagWorkload: pulumi.String(vocab.WorkloadBI)},
	}, child()...)
	if err != nil {
		return reader, bi, err
	}
	appReaders, err := rds.NewClusterEndpoint(ctx, name+"-app-readers", &rds.ClusterEndpointArgs{
		ClusterIdentifier:         cluster.ID(),
		ClusterEndpointIdentifier: pulumi.String(clusterID + "-app-readers"),
		CustomEndpointType:        pulumi.String("READER"),
		ExcludedMembers:           pulumi.StringArray{biInstance.Identifier},
		Tags:                      common.Tags(common.PHI),
	}, child()...)
	if err != nil {
		return reader, bi, err
	}
	return appReaders.Endpoint, biEndpoint.Endpoint, nil
}

// finalSnapshotIdentifier names the snapshot RDS takes when the cluster is
// deleted. A fixed name fails the second teardown of a stack (the first
// one's snapshot still holds it), so the name carries the start of the data
// key's id: the key is created with the stack and scheduled for deletion
// with it, so each generation of the stack names its own snapshot, while an
// existing stack reads the same id from its state on every `up` (and in a
// saved plan). A timestamp would change on every run; a random suffix needs
// a provider the estate does not use.
func finalSnapshotIdentifier(clusterID string, dataKeyArn pulumi.StringInput) pulumi.StringOutput {
	return dataKeyArn.ToStringOutput().ApplyT(func(arn string) string {
		id := arn[strings.LastIndexAny(arn, "/:")+1:]
		var suffix []byte
		for _, r := range strings.ToLower(id) {
			if len(suffix) == 8 {
				break
			}
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
				suffix = append(suffix, byte(r))
			}
		}
		if len(suffix) == 0 {
			return clusterID + "-final"
		}
		return fmt.Sprintf("%s-final-%s", clusterID, suffix)
	}).(pulumi.StringOutput)
}

// clusterParameters makes TLS mandatory (TLS-08) and fills the audit log the
// cluster exports (LOG-01); without server_audit_logging it stays empty.
func clusterParameters(generalLog bool) rds.ClusterParameterGroupParameterArray {
	general := "0"
	if generalLog {
		general = "1"
	}
	p := func(name, value, apply string) *rds.ClusterParameterGroupParameterArgs {
		return &rds.ClusterParameterGroupParameterArgs{Name: pulumi.String(name), Value: pulumi.String(value), ApplyMethod: pulumi.String(apply)}
	}
	return rds.ClusterParameterGroupParameterArray{
		p("require_secure_transport", "ON", "immediate"),
		p("tls_version", "TLSv1.2,TLSv1.3", "pending-reboot"),
		p("server_audit_logging", "1", "immediate"),
		p("server_audit_events", "CONNECT,QUERY_DCL,QUERY_DDL", "immediate"),
		p("slow_query_log", "1", "immediate"),
		p("long_query_time", "1", "immediate"),
		p("general_log", general, "immediate"),
	}
}

type securityGroups struct{ cluster, proxy, clients *ec2.SecurityGroup }

// newSecurityGroups makes the three groups and their rules as separate rule
// resources, so adding a source never replaces a group in use.
func newSecurityGroups(ctx *pulumi.Context, name string, args *AuroraArgs, child func(...pulumi.ResourceOption) []pulumi.ResourceOption) (*securityGroups, error) {
	sg := func(suffix, description string) (*ec2.SecurityGroup, error) {
		return ec2.NewSecurityGroup(ctx, fmt.Sprintf("%s-%s", name, suffix), &ec2.SecurityGroupArgs{
			VpcId:       args.VpcId,
			Description: pulumi.String(description),
			Tags:        common.Tags(common.Internal),
		}, child()...)
	}
	var s securityGroups
	var err error
	if s.cluster, err = sg("cluster", "Aurora: MySQL from the proxy and named sources only"); err != nil {
		return nil, err
	}
	if s.proxy, err = sg("proxy", "RDS Proxy: MySQL from database clients only"); err != nil {
		return nil, err
	}
	if s.clients, err = sg("clients", "Database clients: join this group to reach the RDS Proxy"); err != nil {
		return nil, err
	}
	rule := func(suffix string, target, source pulumi.StringInput, ingress bool) error {
		if ingress {
			_, err := vpc.NewSecurityGroupIngressRule(ctx, fmt.Sprintf("%s-%s", name, suffix), &vpc.SecurityGroupIngressRuleArgs{
				SecurityGroupId: target, ReferencedSecurityGroupId: source,
				IpProtocol: pulumi.String("tcp"), FromPort: pulumi.Int(Port), ToPort: pulumi.Int(Port),
				Description: pulumi.String("MySQL"), Tags: common.Tags(common.Internal),
			}, child()...)
			return err
		}
		_, err := vpc.NewSecurityGroupEgressRule(ctx, fmt.Sprintf("%s-%s", name, suffix), &vpc.SecurityGroupEgressRuleArgs{
			SecurityGroupId: target, ReferencedSecurityGroupId: source,
			IpProtocol: pulumi.String("tcp"), FromPort: pulumi.Int(Port), ToPort: pulumi.Int(Port),
			Description: pulumi.String("MySQL"), Tags: common.Tags(common.Internal),
		}, child()...)
		return err
	}
	if err := rule("cluster-from-proxy", s.cluster.ID(), s.proxy.ID(), true); err != nil {
		return nil, err
	}
	for i, src := range args.AllowedSourceSecurityGroupIds {
		if err := rule(fmt.Sprintf("cluster-from-source-%d", i), s.cluster.ID(), src, true); err != nil {
			return nil, err
		}
	}
	if err := rule("proxy-from-clients", s.proxy.ID(), s.clients.ID(), true); err != nil {
		return nil, err
	}
	if err := rule("proxy-to-cluster", s.proxy.ID(), s.cluster.ID(), false); err != nil {
		return nil, err
	}
	if err := rule("clients-to-proxy", s.clients.ID(), s.proxy.ID(), false); err != nil {
		return nil, err
	}
	return &s, nil
}
