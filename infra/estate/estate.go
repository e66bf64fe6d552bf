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

// Build registers the estate for a validated config.
func Build(ctx *pulumi.Context, cfg *config.Config) error {
	defaultTags := &aws.ProviderDefaultTagsArgs{Tags: pulumi.StringMap{
		tags.Environment: pulumi.String(cfg.Environment),
		tags.Owner:       pulumi.String(cfg.Owner),
		tags.Service:     pulumi.String("carestack"),
		tags.Stack:       pulumi.String(ctx.Stack()),
	}}
	provider, err := aws.NewProvider(ctx, ProviderName, &aws.ProviderArgs{Region: pulumi.String(cfg.Region), DefaultTags: defaultTags})
	if err != nil {
		return err
	}
	// CloudFront's certificates, CLOUDFRONT web ACLs and log sources live in us-east-1.
	usEast1, err := aws.NewProvider(ctx, ProviderName+"-us-east-1", &aws.ProviderArgs{Region: pulumi.String("us-east-1"), DefaultTags: defaultTags})
	if err != nil {
		return err
	}
	useProvider := pulumi.Providers(provider)

	caller, err := aws.GetCallerIdentity(ctx, nil, pulumi.Provider(provider))
	if err != nil {
		return err
	}
	partition, err := aws.GetPartition(ctx, nil, pulumi.Provider(provider))
	if err != nil {
		return err
	}
	acct := common.Account{ID: caller.AccountId, Region: cfg.Region, Partition: partition.Partition, DNSSuffix: partition.DnsSuffix}

	keys, err := security.NewKeys(ctx, "keys", &security.KeysArgs{
		Account: acct,
		Protect: cfg.Database.ProtectEnabled(),
	}, useProvider)
	if err != nil {
		return err
	}

	audit, err := security.NewAudit(ctx, "audit", &security.AuditArgs{
		Account:             acct,
		LogsKeyArn:          keys.Arn(security.Logs),
		RetentionDays:       cfg.Logging.RetentionDays,
		ObjectLockDays:      cfg.Audit.ObjectLockDays,
		LogBucketExpireDays: cfg.Audit.LogBucketExpireDays,
		// PHI buckets are named with this prefix so the trail records every
		// object access on them.
		DataEventBucketPrefix: PHIBucketPrefix(ctx.Stack()),
		Protect:               cfg.Database.ProtectEnabled(),
	}, useProvider)
	if err != nil {
		return err
	}

	net, err := network.NewNetwork(ctx, "network", &network.NetworkArgs{
		Account:           acct,
		CidrBlock:         cfg.Network.CidrBlock,
		AvailabilityZones: cfg.Network.AvailabilityZones,
		NatGateways:       cfg.Network.NatGateways,
		LogsKeyArn:        keys.Arn(security.Logs),
		RetentionDays:     cfg.Logging.RetentionDays,
	}, useProvider)
	if err != nil {
		return err
	}

	// The DR region (prod): PHI buckets replicate there and the database's
	// backups are copied there.
	var replica *storage.ReplicaArgs
	var backupCopy *database.BackupCopyArgs
	if cfg.DR.Region != "" {
		drProvider, err := aws.NewProvider(ctx, ProviderName+"-dr", &aws.ProviderArgs{Region: pulumi.String(cfg.DR.Region), DefaultTags: defaultTags})
		if err != nil {
			return err
		}
		drAcct := common.Account{ID: acct.ID, Region: cfg.DR.Region, Partition: acct.Partition, DNSSuffix: acct.DNSSuffix}
		dr, err := security.NewDisasterRecovery(ctx, "dr", &security.DisasterRecoveryArgs{
			Account: drAcct, LogBucketExpireDays: cfg.Audit.LogBucketExpireDays, Protect: cfg.Database.ProtectEnabled(),
		}, pulumi.Providers(drProvider))
		if err != nil {
			return err
		}
		replica = &storage.ReplicaArgs{
			Provider: drProvider, Account: drAcct, SourceKmsKeyArn: keys.Arn(security.Data), SourceRegion: cfg.Region,
			KmsKeyArn: dr.DataKeyArn, AccessLogBucket: dr.LogBucketName,
		}
		backupCopy = &database.BackupCopyArgs{Provider: drProvider, KmsKeyArn: dr.BackupsKeyArn}
	}

	d := cfg.Database
	db, err := database.NewAurora(ctx, "aurora", &database.AuroraArgs{
		Account:                          acct,
		VpcId:                            net.VpcId,
		DbSubnetGroupName:                net.DbSubnetGroupName,
		ProxySubnetIds:                   net.PrivateSubnetIds,
		AvailabilityZones:                cfg.Network.AvailabilityZones,
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
		DataKeyArn:                       keys.Arn(security.Data),
		LogsKeyArn:                       keys.Arn(security.Logs),
		BackupsKeyArn:                    keys.Arn(security.Backups),
		LogRetention:                     cfg.Logging.RetentionDays,
		BackupVaultRetentionDays:         cfg.Backup.RetentionDays,
		VaultLock:                        cfg.Backup.VaultLock,
		BackupCopy:                       backupCopy,
	}, useProvider)
	if err != nil {
		return err
	}

	type bucketRef struct{ arn, keyArn pulumi.StringOutput }
	buckets := map[string]bucketRef{}
	for _, b := range cfg.Buckets {
		class := common.Classification(b.Classification)
		// Each classification has its own key.
		keyArn := keys.Arn(security.ForData(class))
		args := &storage.BucketArgs{Classification: class, KmsKeyArn: keyArn, AccessLogBucket: audit.LogBucketName}
		if class == common.PHI {
			args.NamePrefix = PHIBucketPrefix(ctx.Stack()) + b.Name + "-"
			args.Replica = replica
		}
		bucket, err := storage.NewBucket(ctx, "data-"+b.Name, args, useProvider, pulumi.Protect(class == common.PHI && d.ProtectEnabled()))
		if err != nil {
			return err
		}
		buckets[b.Name] = bucketRef{arn: bucket.Arn, keyArn: keyArn}
	}
	topicArns := map[string]pulumi.StringOutput{}
	for _, t := range cfg.Topics {
		topic, err := messaging.NewTopic(ctx, "topic-"+t, &messaging.TopicArgs{KmsKeyArn: keys.Arn(security.Messaging)}, useProvider)
		if err != nil {
			return err
		}
		topicArns[t] = topic.Arn
	}

	alarmArgs := &observability.AlarmsArgs{
		Region: cfg.Region, Thresholds: thresholds(cfg.Observability), MessagingKeyArn: keys.Arn(security.Messaging),
		AlbArnSuffix: pulumi.String("").ToStringOutput(), ClusterName: pulumi.String("").ToStringOutput(),
		AuroraClusterId: db.ClusterIdentifier, AuroraInstances: db.Instances,
	}
	if len(cfg.Services) > 0 {
		cluster, err := compute.NewCluster(ctx, "ecs", &compute.ClusterArgs{
			VpcId:              net.VpcId,
			VpcCidrBlock:       net.CidrBlock,
			PublicSubnetIds:    net.PublicSubnetIds,
			CertificateArn:     cfg.Edge.CertificateArn,
			LogBucketName:      audit.LogBucketName,
			LogsKeyArn:         keys.Arn(security.Logs),
			RetentionDays:      cfg.Logging.RetentionDays,
			WafRateLimit:       cfg.Edge.WafRateLimit,
			DeletionProtection: cfg.Edge.DeletionProtectionEnabled(),
			FargateWeight:      cfg.Edge.FargateWeight,
			FargateSpotWeight:  cfg.Edge.FargateSpotWeight,
		}, useProvider)
		if err != nil {
			return err
		}
		ctx.Export("albDnsName", cluster.AlbDnsName)
		alarmArgs.AlbArnSuffix, alarmArgs.ClusterName = cluster.AlbArnSuffix, cluster.ClusterName
		repos, names := pulumi.StringMap{}, pulumi.StringMap{}
		for i, sc := range cfg.Services {
			args := &compute.ServiceArgs{
				Account: acct, Cluster: cluster,
				ImageTag: sc.ImageTag, Port: sc.Port, Cpu: sc.Cpu, Memory: sc.Memory, MinTasks: sc.MinTasks, MaxTasks: sc.MaxTasks,
				Public: sc.Public, PathPattern: sc.PathPattern, HostHeader: sc.HostHeader, HealthCheckPath: sc.HealthCheckPath,
				ListenerPriority: sc.ListenerPriority(i),
				CpuTarget:        sc.CpuTarget, MemoryTarget: sc.MemoryTarget, RequestsTarget: sc.RequestsTarget,
				Secrets: sc.Secrets, Environment: sc.Environment,
				VpcId: net.VpcId, PrivateSubnetIds: net.PrivateSubnetIds,
				ImageKeyArn: keys.Arn(security.Internal), SecretsKeyArn: keys.Arn(security.Confidential),
				MessagingKeyArn: keys.Arn(security.Messaging), LogsKeyArn: keys.Arn(security.Logs),
				RetentionDays: cfg.Logging.RetentionDays,
			}
			for _, t := range sc.Topics {
				args.TopicArns = append(args.TopicArns, topicArns[t])
			}
			for _, g := range sc.Buckets {
				args.Buckets = append(args.Buckets, compute.BucketAccess{BucketArn: buckets[g.Name].arn, KmsKeyArn: buckets[g.Name].keyArn, Prefix: g.Prefix, Access: g.Access})
			}
			if sc.Database {
				args.ExtraSecurityGroupIds = append(args.ExtraSecurityGroupIds, db.ClientSecurityGroupId)
				args.DatabaseUserArn = db.ProxyUserArn
			}
			svc, err := compute.NewService(ctx, sc.Name, args, useProvider)
			if err != nil {
				return err
			}
			repos[sc.Name] = svc.RepositoryUrl
			names[sc.Name] = svc.ServiceName
			alarmArgs.Services = append(alarmArgs.Services, observability.ServiceRef{
				Name: sc.Name, ServiceName: svc.ServiceName, TargetGroupArnSuffix: svc.TargetGroupArnSuffix, Public: sc.Public, MinTasks: svc.MinTasks,
			})
		}
		ctx.Export("ecrRepositoryUrls", repos)
		ctx.Export("serviceNames", names)
	}

	alarms, err := observability.NewAlarms(ctx, "alarms", alarmArgs, useProvider)
	if err != nil {
		return err
	}
	ctx.Export("alarmTopicArn", alarms.TopicArn)

	if cfg.Migration.Enabled {
		m := cfg.Migration
		tier, err := migration.NewDms(ctx, "dms", &migration.DmsArgs{
			Account:       acct,
			InstanceClass: m.InstanceClass, AllocatedStorageGb: m.AllocatedStorageGb, EngineVersion: m.EngineVersion, MultiAz: m.MultiAzEnabled(),
			SourceSecretArn: m.SourceSecretArn, SourceDatabase: m.SourceDatabase, SourceCaCertificateArn: m.SourceCaCertificateArn,
			TargetDatabase: m.TargetDatabase, TargetCaCertificateArn: m.TargetCaCertificateArn,
			IncludeSchemas: m.IncludeSchemas, ExcludeSchemas: m.ExcludeSchemas, CreateServiceRoles: m.CreateServiceRoles,
			VpcId: net.VpcId, VpcCidrBlock: net.CidrBlock, PrivateSubnetIds: net.PrivateSubnetIds,
			ClusterSecurityGroupId: db.ClusterSecurityGroupId, TargetSecretArn: db.MasterSecretArn,
			DataKeyArn: keys.Arn(security.Data), LogsKeyArn: keys.Arn(security.Logs), RetentionDays: cfg.Logging.RetentionDays,
			AlarmTopicArn: alarms.TopicArn, CdcLatencySecs: cfg.Observability.DmsCdcLatencySeconds,
		}, useProvider)
		if err != nil {
			return err
		}
		ctx.Export("dmsTaskArn", tier.TaskArn)
	}

	domains := pulumi.StringMap{}
	for _, site := range cfg.Sites {
		s, err := web.NewStaticSite(ctx, "site-"+site.Name, &web.StaticSiteArgs{
			Account: acct, Domain: site.Domain, CertificateArn: site.CertificateArn, PriceClass: site.PriceClass,
			Countries: site.Countries, SinglePageApp: site.SinglePageApp, UsEast1: usEast1,
			LogsKeyArn: keys.Arn(security.Logs), RetentionDays: cfg.Logging.RetentionDays, WafRateLimit: cfg.Edge.WafRateLimit,
			LogBucketName: audit.LogBucketName, LogBucketArn: audit.LogBucketArn,
		}, useProvider)
		if err != nil {
			return err
		}
		domains[site.Name] = s.DomainName
	}
	if len(cfg.Sites) > 0 {
		ctx.Export("cloudfrontDomainNames", domains)
	}

	ctx.Export("vpcId", net.VpcId)
	ctx.Export("publicSubnetIds", net.PublicSubnetIds)
	ctx.Export("privateSubnetIds", net.PrivateSubnetIds)
	ctx.Export("isolatedSubnetIds", net.IsolatedSubnetIds)
	ctx.Export("dbWriterEndpoint", db.WriterEndpoint)
	ctx.Export("dbReaderEndpoint", db.ReaderEndpoint)
	ctx.Export("dbBiEndpoint", db.BiEndpoint)
	ctx.Export("dbProxyEndpoint", db.ProxyEndpoint)
	for _, p := range security.Purposes {
		ctx.Export(string(p)+"KeyArn", keys.Arn(p))
	}
	ctx.Export("logBucketName", audit.LogBucketName)
	ctx.Export("auditBucketName", audit.AuditBucketName)
	return nil
}

// thresholds are the alarm thresholds of carestack:observability.
func thresholds(o config.Observability) observability.Thresholds {
	return observability.Thresholds{
		P99LatencyMs: o.P99LatencyMs, Alb5xxPercent: o.Alb5xxPercent, AuroraCpuPercent: o.AuroraCpuPercent,
		ReplicaLagMs: o.ReplicaLagMs, BiReplicaLagMs: o.BiReplicaLagMs, MaxConnections: o.MaxConnections,
		MinFreeableMemoryMb: o.MinFreeableMemoryMb, EcsCpuPercent: o.EcsCpuPercent, EcsMemoryPercent: o.EcsMemoryPercent,
	}
}
