package database

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/backup"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/rds"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/carestack/carestack/infra/common"
)

type childOpts func(...pulumi.ResourceOption) []pulumi.ResourceOption

// ProxyDbUserArn is the resource a role names to connect through an RDS
// Proxy with IAM authentication as dbUser: rds-db:connect on
// arn:<partition>:rds-db:<region>:<account>:dbuser:<proxy resource id>/<dbUser>,
// where the proxy resource id (prx-...) is the last part of the proxy's ARN
// (arn:<partition>:rds:<region>:<account>:db-proxy:prx-...). See the RDS
// User Guide, "Connecting to a proxy using IAM authentication".
func ProxyDbUserArn(proxyArn, dbUser string) (string, error) {
	parts := strings.SplitN(proxyArn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "rds" || parts[5] == "" || dbUser == "" {
		return "", fmt.Errorf("proxy ARN %q: want arn:<partition>:rds:<region>:<account>:db-proxy:<proxy resource id>", proxyArn)
	}
	resource := parts[5]
	if i := strings.LastIndex(resource, ":"); i >= 0 {
		resource = resource[i+1:]
	}
	return fmt.Sprintf("arn:%s:rds-db:%s:%s:dbuser:%s/%s", parts[1], parts[3], parts[4], resource, dbUser), nil
}

// newProxy puts an RDS Proxy in front of the cluster: clients connect with
// IAM tokens over TLS, and failovers do not drop their pooled connections.
func newProxy(ctx *pulumi.Context, name string, args *AuroraArgs, cluster *rds.Cluster, sg *ec2.SecurityGroup, child childOpts) (*rds.Proxy, error) {
	secretArn := cluster.MasterUserSecrets.Index(pulumi.Int(0)).SecretArn().Elem()
	role, err := iam.NewRole(ctx, name+"-proxy", &iam.RoleArgs{
		AssumeRolePolicy: pulumi.String(common.ServiceTrust(args.Account, "rds.amazonaws.com")),
		Tags:             common.Tags(common.Internal),
	}, child()...)
	if err != nil {
		return nil, err
	}
	if _, err := iam.NewRolePolicy(ctx, name+"-proxy", &iam.RolePolicyArgs{
		Role: role.ID(),
		Policy: pulumi.All(secretArn, args.DataKeyArn).ApplyT(func(in []any) string {
			return common.PolicyJSON(
				common.Statement{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": in[0]},
				common.Statement{
					"Effect": "Allow", "Action": "kms:Decrypt", "Resource": in[1],
					// Only through Secrets Manager, only for this secret
					// (Secrets Manager sets the encryption context SecretARN).
					"Condition": map[string]any{"StringEquals": map[string]any{
						"kms:ViaService":                  fmt.Sprintf("secretsmanager.%s.amazonaws.com", args.Account.Region),
						"kms:EncryptionContext:SecretARN": in[0],
					}},
				},
			)
		}).(pulumi.StringOutput),
	}, child()...); err != nil {
		return nil, err
	}
	proxy, err := rds.NewProxy(ctx, name+"-proxy", &rds.ProxyArgs{
		Name:                pulumi.Sprintf("carestack-%s", ctx.Stack()),
		EngineFamily:        pulumi.String("MYSQL"),
		RequireTls:          pulumi.Bool(true),
		DebugLogging:        pulumi.Bool(false),
		IdleClientTimeout:   pulumi.Int(1800),
		RoleArn:             role.Arn,
		VpcSubnetIds:        args.ProxySubnetIds,
		VpcSecurityGroupIds: pulumi.StringArray{sg.ID()},
		Auths: rds.ProxyAuthArray{&rds.ProxyAuthArgs{
			AuthScheme: pulumi.String("SECRETS"),
			IamAuth:    pulumi.String("REQUIRED"),
			SecretArn:  secretArn,
		}},
		Tags: common.Tags(common.PHI),
	}, child()...)
	if err != nil {
		return nil, err
	}
	group, err := rds.NewProxyDefaultTargetGroup(ctx, name+"-proxy", &rds.ProxyDefaultTargetGroupArgs{
		DbProxyName: proxy.Name,
		ConnectionPoolConfig: &rds.ProxyDefaultTargetGroupConnectionPoolConfigArgs{
			MaxConnectionsPercent:     pulumi.Int(90),
			MaxIdleConnectionsPercent: pulumi.Int(50),
			ConnectionBorrowTimeout:   pulumi.Int(120),
		},
	}, child()...)
	if err != nil {
		return nil, err
	}
	if _, err := rds.NewProxyTarget(ctx, name+"-proxy", &rds.ProxyTargetArgs{
		DbProxyName:         proxy.Name,
		TargetGroupName:     group.Name,
		DbClusterIdentifier: cluster.ClusterIdentifier,
	}, child()...); err != nil {
		return nil, err
	}
	return proxy, nil
}

// newBackup adds the cluster to an AWS Backup plan: recovery points outside
// RDS's own retention, in a vault encrypted with the backups key and, with
// VaultLock, immune to deletion before their retention ends. With
// BackupCopy, each recovery point is also copied to a vault just like it in
// the DR region.
func newBackup(ctx *pulumi.Context, name string, args *AuroraArgs, cluster *rds.Cluster, child, protected childOpts) error {
	newVault := func(suffix string, keyArn pulumi.StringInput, opts ...pulumi.ResourceOption) (*backup.Vault, error) {
		vault, err := backup.NewVault(ctx, name+"-backup"+suffix, &backup.VaultArgs{
			Name:      pulumi.Sprintf("carestack-%s%s", ctx.Stack(), suffix),
			KmsKeyArn: keyArn,
			Tags:      common.Tags(common.PHI),
		}, protected(opts...)...)
		if err != nil || !args.VaultLock {
			return vault, err
		}
		_, err = backup.NewVaultLockConfiguration(ctx, name+"-backup"+suffix+"-lock", &backup.VaultLockConfigurationArgs{
			BackupVaultName:   vault.Name,
			MinRetentionDays:  pulumi.Int(args.BackupVaultRetentionDays),
			ChangeableForDays: pulumi.Int(3),
			// Every argument of a vault lock is ForceNew and a COMPLIANCE lock
			// is immutable 3 days after it is made, so a later retention
			// change must not touch it: the lock keeps the minimum it was made
			// with (config keeps prod at 35 days or more), the plan's lifecycle
			// takes the new retention in place.
		}, append(protected(opts...), pulumi.IgnoreChanges([]string{"minRetentionDays", "maxRetentionDays", "changeableForDays"}))...)
		return vault, err
	}
	vault, err := newVault("", args.BackupsKeyArn)
	if err != nil {
		return err
	}
	var copies backup.PlanRuleCopyActionArray
	if args.BackupCopy != nil {
		drVault, err := newVault("-dr", args.BackupCopy.KmsKeyArn, pulumi.Provider(args.BackupCopy.Provider))
		if err != nil {
			return err
		}
		copies = backup.PlanRuleCopyActionArray{&backup.PlanRuleCopyActionArgs{
			DestinationVaultArn: drVault.Arn,
			Lifecycle:           &backup.PlanRuleCopyActionLifecycleArgs{DeleteAfter: pulumi.Int(args.BackupVaultRetentionDays)},
		}}
	}
	plan, err := backup.NewPlan(ctx, name+"-backup", &backup.PlanArgs{
		Name: pulumi.Sprintf("carestack-%s-aurora", ctx.Stack()),
		Rules: backup.PlanRuleArray{&backup.PlanRuleArgs{
			RuleName:        pulumi.String("daily"),
			TargetVaultName: vault.Name,
			Schedule:        pulumi.String("cron(0 5 * * ? *)"),
			StartWindow:     pulumi.Int(60),
			Lifecycle:       &backup.PlanRuleLifecycleArgs{DeleteAfter: pulumi.Int(args.BackupVaultRetentionDays)},
			CopyActions:     copies,
		}},
		Tags: common.Tags(common.Internal),
	}, child()...)
	if err != nil {
		return err
	}
	role, err := iam.NewRole(ctx, name+"-backup", &iam.RoleArgs{
		AssumeRolePolicy: pulumi.String(common.ServiceTrust(args.Account, "backup.amazonaws.com")),
		Tags:             common.Tags(common.Internal),
	}, child()...)
	if err != nil {
		return err
	}
	attach, err := iam.NewRolePolicyAttachment(ctx, name+"-backup", &iam.RolePolicyAttachmentArgs{
		Role:      role.Name,
		PolicyArn: pulumi.Sprintf("arn:%s:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup", args.Account.Partition),
	}, child()...)
	if err != nil {
		return err
	}
	_, err = backup.NewSelection(ctx, name+"-backup", &backup.SelectionArgs{
		Name:       pulumi.Sprintf("carestack-%s-aurora", ctx.Stack()),
		PlanId:     plan.ID(),
		IamRoleArn: role.Arn,
		Resources:  pulumi.StringArray{cluster.Arn},
	}, child(pulumi.DependsOn([]pulumi.Resource{attach}))...)
	return err
}
