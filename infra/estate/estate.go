// Package estate wires the carestack components for one stack. It is the
// whole Pulumi program; infra/main.go runs it, and the tests, the report
// command and the engine acceptance tests run it inline.
package estate

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/carestack/carestack/infra/common"
	"github.com/carestack/carestack/infra/compute"
	"github.com/carestack/carestack/infra/config"
	"github.com/carestack/carestack/infra/database"
	"github.com/carestack/carestack/infra/messaging"
	"github.com/carestack/carestack/infra/migration"
	"github.com/carestack/carestack/infra/network"
	"github.com/carestack/carestack/infra/observability"
	"github.com/carestack/carestack/infra/security"
	"github.com/carestack/carestack/infra/storage"
	"github.com/carestack/carestack/infra/web"
	"github.com/carestack/carestack/internal/tags"
)

// ProviderName is the logical name of the explicit AWS provider; every
// resource in the estate uses it (default providers are disabled).
const ProviderName = "aws"

// PHIBucketPrefix is the name prefix of every PHI bucket of a stack.
func PHIBucketPrefix(stack string) string { return fmt.Sprintf("carestack-%s-phi-", stack) }

// Program is the Pulumi program: it loads and validates the stack config
// before registering anything, then builds the estate.
func Program(ctx *pulumi.Context) error {
	cfg, err := config.Load(ctx)
	if err != nil {
		return err
	}
	return Build(ctx, cfg)
}

// Build registers the estate for a validated config, one named step after
// another; each step reads what the earlier ones made.
func Build(ctx *pulumi.Context, cfg *config.Config) error {
	e := &builder{ctx: ctx, cfg: cfg}
	for _, step := range []func() error{
		e.providers,
		e.account,
		e.keysAndAudit,
		e.network,
		e.disasterRecovery,
		e.database,
		e.bucketsAndTopics,
		e.services,
		e.alarms,
		e.migration,
		e.sites,
	} {
		if err := step(); err != nil {
			return err
		}
	}
	e.exports()
	return nil
}

// builder carries what Build's steps share.
type builder struct {
	ctx *pulumi.Context
	cfg *config.Config

	defaultTags         *aws.ProviderDefaultTagsArgs
	provider, usEast1   *aws.Provider
	useProvider         pulumi.ResourceOption
	acct                common.Account
	keys                *security.Keys
	audit               *security.Audit
	net                 *network.Network
	replica             *storage.ReplicaArgs
	backupCopy          *database.BackupCopyArgs
	db                  *database.Aurora
	buckets             map[string]bucketRef
	topicArns           map[string]pulumi.StringOutput
	alarmArgs           *observability.AlarmsArgs
	alarmTopicArn       pulumi.StringOutput
	repos, serviceNames pulumi.StringMap
	domains             pulumi.StringMap
}

type bucketRef struct{ arn, keyArn pulumi.StringOutput }

// providers: the stack's region, us-east-1 (CloudFront's certificates,
// CLOUDFRONT web ACLs and log sources live there), both with the default
// tags every resource carries.
func (e *builder) providers() error {
	e.defaultTags = &aws.ProviderDefaultTagsArgs{Tags: pulumi.StringMap{
		tags.Environment: pulumi.String(e.cfg.Environment),
		tags.Owner:       pulumi.String(e.cfg.Owner),
		tags.Service:     pulumi.String("carestack"),
		tags.Stack:       pulumi.String(e.ctx.Stack()),
	}}
	var err error
	if e.provider, err = aws.NewProvider(e.ctx, ProviderName, &aws.ProviderArgs{Region: pulumi.String(e.cfg.Region), DefaultTags: e.defaultTags}); err != nil {
		return err
	}
	if e.usEast1, err = aws.NewProvider(e.ctx, ProviderName+"-us-east-1", &aws.ProviderArgs{Region: pulumi.String("us-east-1"), DefaultTags: e.defaultTags}); err != nil {
		return err
	}
	e.useProvider = pulumi.Providers(e.provider)
	return nil
}

// account: the caller's account and partition (invokes, known at preview).
func (e *builder) account() error {
	caller, err := aws.GetCallerIdentity(e.ctx, nil, pulumi.Provider(e.provider))
	if err != nil {
		return err
	}
	partition, err := aws.GetPartition(e.ctx, nil, pulumi.Provider(e.provider))
	if err != nil {
		return err
	}
	e.acct = common.Account{ID: caller.AccountId, Region: e.cfg.Region, Partition: partition.Partition, DNSSuffix: partition.DnsSuffix}
	return nil
}

// keysAndAudit: the customer keys, then the trail and the log buckets.
func (e *builder) keysAndAudit() error {
	var err error
	if e.keys, err = security.NewKeys(e.ctx, "keys", &security.KeysArgs{
		Account: e.acct,
		Protect: e.cfg.Database.ProtectEnabled(),
	}, e.useProvider); err != nil {
		return err
	}
	e.audit, err = security.NewAudit(e.ctx, "audit", &security.AuditArgs{
		Account:             e.acct,
		LogsKeyArn:          e.keys.Arn(security.Logs),
		RetentionDays:       e.cfg.Logging.RetentionDays,
		ObjectLockDays:      e.cfg.Audit.ObjectLockDays,
		LogBucketExpireDays: e.cfg.Audit.LogBucketExpireDays,
		// PHI buckets are named with this prefix so the trail records every
		// object access on them.
		DataEventBucketPrefix: PHIBucketPrefix(e.ctx.Stack()),
		Protect:               e.cfg.Database.ProtectEnabled(),
	}, e.useProvider)
	return err
}

// network: the VPC and its guard rails.
func (e *builder) network() error {
	var err error
	e.net, err = network.NewNetwork(e.ctx, "network", &network.NetworkArgs{
		Account:           e.acct,
		CidrBlock:         e.cfg.Network.CidrBlock,
		AvailabilityZones: e.cfg.Network.AvailabilityZones,
		NatGateways:       e.cfg.Network.NatGateways,
		LogsKeyArn:        e.keys.Arn(security.Logs),
		RetentionDays:     e.cfg.Logging.RetentionDays,
	}, e.useProvider)
	return err
}

// disasterRecovery: with a DR region (prod), its provider, keys and
// access-log bucket; PHI buckets replicate there and the database's backups
// are copied there.
func (e *builder) disasterRecovery() error {
	if e.cfg.DR.Region == "" {
		return nil
	}
	drProvider, err := aws.NewProvider(e.ctx, ProviderName+"-dr", &aws.ProviderArgs{Region: pulumi.String(e.cfg.DR.Region), DefaultTags: e.defaultTags})
	if err != nil {
		return err
	}
	drAcct := common.Account{ID: e.acct.ID, Region: e.cfg.DR.Region, Partition: e.acct.Partition, DNSSuffix: e.acct.DNSSuffix}
	dr, err := security.NewDisasterRecovery(e.ctx, "dr", &security.DisasterRecoveryArgs{
		Account: drAcct, LogBucketExpireDays: e.cfg.Audit.LogBucketExpireDays, Protect: e.cfg.Database.ProtectEnabled(),
	}, pulumi.Providers(drProvider))
	if err != nil {
		return err
	}
	e.replica = &storage.ReplicaArgs{
		Provider: drProvider, Account: drAcct, SourceKmsKeyArn: e.keys.Arn(security.Data), SourceRegion: e.cfg.Region,
		KmsKeyArn: dr.DataKeyArn, AccessLogBucket: dr.LogBucketName,
	}
	e.backupCopy = &database.BackupCopyArgs{Provider: drProvider, KmsKeyArn: dr.BackupsKeyArn}
	return nil
}

// database: the Aurora cluster, its proxy and its backups.
func (e *builder) database() error {
	d := e.cfg.Database
	var err error
	e.db, err = database.NewAurora(e.ctx, "aurora", &database.AuroraArgs{
		Account:                          e.acct,
		VpcId:                            e.net.VpcId,
		DbSubnetGroupName:                e.net.DbSubnetGroupName,
		ProxySubnetIds:                   e.net.PrivateSubnetIds,
		AvailabilityZones:                e.cfg.Network.AvailabilityZones,
		EngineVersion:                    d.EngineVersion,
		InstanceClass:                    d.InstanceClass,
		ReaderCount:                      d.ReaderCount,
		BiReplica:                        d.BiReplica,
		BiInstanceClass:                  d.BiInstanceClass,
		BackupRetentionDays:              d.BackupRetentionDays,
		PreferredBackupWindow:            d.PreferredBackupWindow,
		BacktrackHours:                   d.BacktrackHours,
		PerformanceInsightsRetentionDays: d.PerformanceInsightsRetentionDays,
		MonitoringIntervalSeconds:        d.MonitoringIntervalSeconds,
		GeneralLog:                       d.GeneralLog,
		DeletionProtection:               d.DeletionProtectionEnabled(),
		Protect:                          d.ProtectEnabled(),
		DataKeyArn:                       e.keys.Arn(security.Data),
		LogsKeyArn:                       e.keys.Arn(security.Logs),
		BackupsKeyArn:                    e.keys.Arn(security.Backups),
		LogRetention:                     e.cfg.Logging.RetentionDays,
		BackupVaultRetentionDays:         e.cfg.Backup.RetentionDays,
		VaultLock:                        e.cfg.Backup.VaultLock,
		BackupCopy:                       e.backupCopy,
	}, e.useProvider)
	return err
}

// bucketsAndTopics: the application buckets (each with its class's key; PHI
// ones named for the trail and replicated) and topics.
func (e *builder) bucketsAndTopics() error {
	e.buckets = map[string]bucketRef{}
	for _, b := range e.cfg.Buckets {
		class := common.Classification(b.Classification)
		keyArn := e.keys.Arn(security.ForData(class))
		args := &storage.BucketArgs{Classification: class, KmsKeyArn: keyArn, AccessLogBucket: e.audit.LogBucketName}
		if class == common.PHI {
			args.NamePrefix = PHIBucketPrefix(e.ctx.Stack()) + b.Name + "-"
			args.Replica = e.replica
		}
		bucket, err := storage.NewBucket(e.ctx, "data-"+b.Name, args, e.useProvider, pulumi.Protect(class == common.PHI && e.cfg.Database.ProtectEnabled()))
		if err != nil {
			return err
		}
		e.buckets[b.Name] = bucketRef{arn: bucket.Arn, keyArn: keyArn}
	}
	e.topicArns = map[string]pulumi.StringOutput{}
	for _, t := range e.cfg.Topics {
		topic, err := messaging.NewTopic(e.ctx, "topic-"+t, &messaging.TopicArgs{KmsKeyArn: e.keys.Arn(security.Messaging)}, e.useProvider)
		if err != nil {
			return err
		}
		e.topicArns[t] = topic.Arn
	}
	return nil
}

// services: the ECS cluster and ALB, then one compute.Service per entry,
// each granted exactly the topics, buckets and database it names.
func (e *builder) services() error {
	e.alarmArgs = &observability.AlarmsArgs{
		Region: e.cfg.Region, Thresholds: thresholds(e.cfg.Observability), MessagingKeyArn: e.keys.Arn(security.Messaging),
		AlbArnSuffix: pulumi.String("").ToStringOutput(), ClusterName: pulumi.String("").ToStringOutput(),
		AuroraClusterId: e.db.ClusterIdentifier, AuroraInstances: e.db.Instances,
	}
	if len(e.cfg.Services) == 0 {
		return nil
	}
	cfg := e.cfg
	cluster, err := compute.NewCluster(e.ctx, "ecs", &compute.ClusterArgs{
		VpcId:              e.net.VpcId,
		VpcCidrBlock:       e.net.CidrBlock,
		PublicSubnetIds:    e.net.PublicSubnetIds,
		CertificateArn:     cfg.Edge.CertificateArn,
		LogBucketName:      e.audit.LogBucketName,
		LogsKeyArn:         e.keys.Arn(security.Logs),
		RetentionDays:      cfg.Logging.RetentionDays,
		WafRateLimit:       cfg.Edge.WafRateLimit,
		DeletionProtection: cfg.Edge.DeletionProtectionEnabled(),
		FargateWeight:      cfg.Edge.FargateWeight,
		FargateSpotWeight:  cfg.Edge.FargateSpotWeight,
	}, e.useProvider)
	if err != nil {
		return err
	}
	e.ctx.Export("albDnsName", cluster.AlbDnsName)
	e.alarmArgs.AlbArnSuffix, e.alarmArgs.ClusterName = cluster.AlbArnSuffix, cluster.ClusterName
	e.repos, e.serviceNames = pulumi.StringMap{}, pulumi.StringMap{}
	for i, sc := range cfg.Services {
		svc, err := compute.NewService(e.ctx, sc.Name, e.serviceArgs(cluster, i, sc), e.useProvider)
		if err != nil {
			return err
		}
		e.repos[sc.Name] = svc.RepositoryUrl
		e.serviceNames[sc.Name] = svc.ServiceName
		e.alarmArgs.Services = append(e.alarmArgs.Services, observability.ServiceRef{
			Name: sc.Name, ServiceName: svc.ServiceName, TargetGroupArnSuffix: svc.TargetGroupArnSuffix, Public: sc.Public, MinTasks: svc.MinTasks,
		})
	}
	return nil
}

// serviceArgs translates one carestack:services entry.
func (e *builder) serviceArgs(cluster *compute.Cluster, i int, sc config.Service) *compute.ServiceArgs {
	args := &compute.ServiceArgs{
		Account: e.acct, Cluster: cluster,
		ImageTag: sc.ImageTag, Port: sc.Port, Cpu: sc.Cpu, Memory: sc.Memory, MinTasks: sc.MinTasks, MaxTasks: sc.MaxTasks,
		Public: sc.Public, PathPattern: sc.PathPattern, HostHeader: sc.HostHeader, HealthCheckPath: sc.HealthCheckPath,
		ListenerPriority: sc.ListenerPriority(i),
		CpuTarget:        sc.CpuTarget, MemoryTarget: sc.MemoryTarget, RequestsTarget: sc.RequestsTarget,
		Secrets: sc.Secrets, Environment: sc.Environment,
		VpcId: e.net.VpcId, PrivateSubnetIds: e.net.PrivateSubnetIds,
		ImageKeyArn: e.keys.Arn(security.Internal), SecretsKeyArn: e.keys.Arn(security.Confidential),
		MessagingKeyArn: e.keys.Arn(security.Messaging), LogsKeyArn: e.keys.Arn(security.Logs),
		RetentionDays: e.cfg.Logging.RetentionDays,
	}
	for _, t := range sc.Topics {
		args.TopicArns = append(args.TopicArns, e.topicArns[t])
	}
	for _, g := range sc.Buckets {
		b := e.buckets[g.Name]
		args.Buckets = append(args.Buckets, compute.BucketAccess{BucketArn: b.arn, KmsKeyArn: b.keyArn, Prefix: g.Prefix, Access: g.Access})
	}
	if sc.Database {
		args.ExtraSecurityGroupIds = append(args.ExtraSecurityGroupIds, e.db.ClientSecurityGroupId)
		args.DatabaseUserArn = e.db.ProxyUserArn
	}
	return args
}

// alarms: the alarm topic, the alarms and the dashboard.
func (e *builder) alarms() error {
	alarms, err := observability.NewAlarms(e.ctx, "alarms", e.alarmArgs, e.useProvider)
	if err != nil {
		return err
	}
	e.alarmTopicArn = alarms.TopicArn
	return nil
}

// migration: the DMS tier, only while carestack:migration.enabled.
func (e *builder) migration() error {
	m := e.cfg.Migration
	if !m.Enabled {
		return nil
	}
	tier, err := migration.NewDms(e.ctx, "dms", &migration.DmsArgs{
		Account:       e.acct,
		InstanceClass: m.InstanceClass, AllocatedStorageGb: m.AllocatedStorageGb, EngineVersion: m.EngineVersion, MultiAz: m.MultiAzEnabled(),
		SourceSecretArn: m.SourceSecretArn, SourceDatabase: m.SourceDatabase, SourceCaCertificateArn: m.SourceCaCertificateArn,
		TargetDatabase: m.TargetDatabase, TargetCaCertificateArn: m.TargetCaCertificateArn,
		IncludeSchemas: m.IncludeSchemas, ExcludeSchemas: m.ExcludeSchemas, CreateServiceRoles: m.CreateServiceRoles,
		VpcId: e.net.VpcId, VpcCidrBlock: e.net.CidrBlock, PrivateSubnetIds: e.net.PrivateSubnetIds,
		ClusterSecurityGroupId: e.db.ClusterSecurityGroupId, TargetSecretArn: e.db.MasterSecretArn,
		DataKeyArn: e.keys.Arn(security.Data), LogsKeyArn: e.keys.Arn(security.Logs), RetentionDays: e.cfg.Logging.RetentionDays,
		AlarmTopicArn: e.alarmTopicArn, CdcLatencySecs: e.cfg.Observability.DmsCdcLatencySeconds,
	}, e.useProvider)
	if err != nil {
		return err
	}
	e.ctx.Export("dmsTaskArn", tier.TaskArn)
	return nil
}

// sites: one static site per entry.
func (e *builder) sites() error {
	e.domains = pulumi.StringMap{}
	for _, site := range e.cfg.Sites {
		s, err := web.NewStaticSite(e.ctx, "site-"+site.Name, &web.StaticSiteArgs{
			Account: e.acct, Domain: site.Domain, CertificateArn: site.CertificateArn, PriceClass: site.PriceClass,
			Countries: site.Countries, SinglePageApp: site.SinglePageApp, UsEast1: e.usEast1,
			LogsKeyArn: e.keys.Arn(security.Logs), RetentionDays: e.cfg.Logging.RetentionDays, WafRateLimit: e.cfg.Edge.WafRateLimit,
			LogBucketName: e.audit.LogBucketName, LogBucketArn: e.audit.LogBucketArn,
		}, e.useProvider)
		if err != nil {
			return err
		}
		e.domains[site.Name] = s.DomainName
	}
	return nil
}

// exports: what operators and pipelines read from the stack.
func (e *builder) exports() {
	ctx := e.ctx
	if e.repos != nil {
		ctx.Export("ecrRepositoryUrls", e.repos)
		ctx.Export("serviceNames", e.serviceNames)
	}
	ctx.Export("alarmTopicArn", e.alarmTopicArn)
	if len(e.cfg.Sites) > 0 {
		ctx.Export("cloudfrontDomainNames", e.domains)
	}
	ctx.Export("vpcId", e.net.VpcId)
	ctx.Export("publicSubnetIds", e.net.PublicSubnetIds)
	ctx.Export("privateSubnetIds", e.net.PrivateSubnetIds)
	ctx.Export("isolatedSubnetIds", e.net.IsolatedSubnetIds)
	ctx.Export("dbWriterEndpoint", e.db.WriterEndpoint)
	ctx.Export("dbReaderEndpoint", e.db.ReaderEndpoint)
	ctx.Export("dbBiEndpoint", e.db.BiEndpoint)
	ctx.Export("dbProxyEndpoint", e.db.ProxyEndpoint)
	for _, p := range security.Purposes {
		ctx.Export(string(p)+"KeyArn", e.keys.Arn(p))
	}
	ctx.Export("logBucketName", e.audit.LogBucketName)
	ctx.Export("auditBucketName", e.audit.AuditBucketName)
}

// thresholds are the alarm thresholds of carestack:observability.
func thresholds(o config.Observability) observability.Thresholds {
	return observability.Thresholds{
		P99LatencyMs: o.P99LatencyMs, Alb5xxPercent: o.Alb5xxPercent, AuroraCpuPercent: o.AuroraCpuPercent,
		ReplicaLagMs: o.ReplicaLagMs, BiReplicaLagMs: o.BiReplicaLagMs, MaxConnections: o.MaxConnections,
		MinFreeableMemoryMb: o.MinFreeableMemoryMb, EcsCpuPercent: o.EcsCpuPercent, EcsMemoryPercent: o.EcsMemoryPercent,
	}
}
