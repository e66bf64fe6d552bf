// Package estate wires the carestack components for one stack. It is the
// whole Pulumi program; infra/main.go runs it, and the tests, the report
// command and the engine acceptance tests run it inline.
package estate

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/carestack/carestack/infra/common"
	"github.com/carestack/carestack/infra/config"
	"github.com/carestack/carestack/infra/database"
	"github.com/carestack/carestack/infra/network"
	"github.com/carestack/carestack/infra/security"
)

// ProviderName is the logical name of the explicit AWS provider; every
// resource in the estate uses it (default providers are disabled).
const ProviderName = "aws"

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
	provider, err := aws.NewProvider(ctx, ProviderName, &aws.ProviderArgs{
		Region: pulumi.String(cfg.Region),
		DefaultTags: &aws.ProviderDefaultTagsArgs{Tags: pulumi.StringMap{
			"Environment": pulumi.String(cfg.Environment),
			"Owner":       pulumi.String(cfg.Owner),
			"Service":     pulumi.String("carestack"),
			"Stack":       pulumi.String(ctx.Stack()),
		}},
	})
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
	acct := common.Account{ID: caller.AccountId, Region: cfg.Region, Partition: partition.Partition}

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
		Protect:             cfg.Database.ProtectEnabled(),
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
	}, useProvider)
	if err != nil {
		return err
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
