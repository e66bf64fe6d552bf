package security

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/carestack/carestack/infra/common"
	"github.com/carestack/carestack/infra/storage"
)

// DisasterRecoveryArgs configures DisasterRecovery.
type DisasterRecoveryArgs struct {
	// Account is the DR region's view of the account.
	Account             common.Account
	LogBucketExpireDays int
	Protect             bool
}

// DisasterRecovery is what copies need in the DR region: customer keys and
// an access-log bucket there. The caller passes the DR region's provider as
// this component's provider.
//
// It creates: security.Keys with the data key (bucket replicas) and the
// backups key (the database's cross-region backup copies), and the DR
// access-log bucket (storage.Bucket, Internal, SSE-S3, S3 server access logs
// may write).
type DisasterRecovery struct {
	pulumi.ResourceState

	DataKeyArn    pulumi.StringOutput `pulumi:"dataKeyArn"`
	BackupsKeyArn pulumi.StringOutput `pulumi:"backupsKeyArn"`
	LogBucketName pulumi.StringOutput `pulumi:"logBucketName"`
}

// NewDisasterRecovery creates the DR region's key and log bucket.
func NewDisasterRecovery(ctx *pulumi.Context, name string, args *DisasterRecoveryArgs, opts ...pulumi.ResourceOption) (*DisasterRecovery, error) {
	if args == nil || args.Account.ID == "" || args.Account.Region == "" {
		return nil, fmt.Errorf("security.DisasterRecovery %s: Account (with the DR region) is required", name)
	}
	d := &DisasterRecovery{}
	if err := ctx.RegisterComponentResourceV2("carestack:security:DisasterRecovery", name, pulumi.Map{
		"region": pulumi.String(args.Account.Region),
	}, d, opts...); err != nil {
		return nil, err
	}
	keys, err := NewKeys(ctx, name+"-keys", &KeysArgs{Account: args.Account, Protect: args.Protect, Purposes: []Purpose{Data, Backups}}, common.Child(d)...)
	if err != nil {
		return nil, err
	}
	acct := args.Account
	logs, err := storage.NewBucket(ctx, name+"-access-logs", &storage.BucketArgs{
		Classification:    common.Internal,
		IsAccessLogTarget: true,
		ExpireDays:        args.LogBucketExpireDays,
		ExtraStatements: func(arn pulumi.StringOutput) pulumi.AnyOutput {
			return arn.ApplyT(func(arn string) any { return []any{s3AccessLogDelivery(acct, arn)} }).(pulumi.AnyOutput)
		},
	}, common.Child(d, pulumi.Protect(args.Protect))...)
	if err != nil {
		return nil, err
	}
	d.DataKeyArn = keys.Arn(Data)
	d.BackupsKeyArn = keys.Arn(Backups)
	d.LogBucketName = logs.BucketName
	return d, ctx.RegisterResourceOutputs(d, pulumi.Map{"dataKeyArn": d.DataKeyArn, "backupsKeyArn": d.BackupsKeyArn, "logBucketName": logs.BucketName})
}
