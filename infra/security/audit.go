package security

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudtrail"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/carestack/carestack/infra/common"
	"github.com/carestack/carestack/infra/storage"
)

// AuditArgs configures Audit.
type AuditArgs struct {
	Account common.Account
	// LogsKeyArn encrypts the trail, its log group and the audit bucket.
	LogsKeyArn pulumi.StringInput
	// RetentionDays is the CloudWatch Logs retention of the trail's group.
	RetentionDays int
	// ObjectLockDays > 0 makes the audit bucket immutable for that long.
	ObjectLockDays int
	// LogBucketExpireDays is how long access logs stay in the log bucket.
	LogBucketExpireDays int
	// DataEventBucketPrefix selects the buckets whose object reads and
	// writes the trail records (HIPAA 164.312(b)): every PHI bucket is named
	// with it, so a PHI bucket added later is covered without a change here.
	DataEventBucketPrefix string
	// Protect keeps `pulumi destroy` away from the audit evidence.
	Protect bool
}

// Audit is the estate's audit trail and the buckets logs land in.
//
// It creates: the access-log bucket (storage.Bucket, Internal, SSE-S3 because
// ALB log delivery cannot use a customer key; S3 server-access-log and ELB log
// delivery may write to it), the audit bucket (storage.Bucket, Confidential,
// logs key, object lock when configured, CloudTrail may write to it), a
// CloudWatch log group for the trail (logs key, retention), the IAM role that
// lets CloudTrail write to it, and a multi-region CloudTrail trail with log
// file validation, the logs key, global service events and S3 data events on
// the PHI buckets.
type Audit struct {
	pulumi.ResourceState

	LogBucketName   pulumi.StringOutput `pulumi:"logBucketName"`
	LogBucketArn    pulumi.StringOutput `pulumi:"logBucketArn"`
	AuditBucketName pulumi.StringOutput `pulumi:"auditBucketName"`
	TrailArn        pulumi.StringOutput `pulumi:"trailArn"`
}

// elbLogAccounts are the ELB service accounts of regions that predate the
// logdelivery.elasticloadbalancing service principal; newer regions use it.
var elbLogAccounts = map[string]string{
	"us-east-1": "127311923021", "us-east-2": "033677994240",
	"us-west-1": "027434742980", "us-west-2": "797873946194",
	"ca-central-1": "985666609251", "eu-west-1": "156460612806",
}

// NewAudit creates the trail and the log buckets.
func NewAudit(ctx *pulumi.Context, name string, args *AuditArgs, opts ...pulumi.ResourceOption) (*Audit, error) {
	if args == nil || args.LogsKeyArn == nil || args.Account.ID == "" {
		return nil, fmt.Errorf("security.Audit %s: Account and LogsKeyArn are required", name)
	}
	a := &Audit{}
	if err := ctx.RegisterComponentResourceV2("carestack:security:Audit", name, pulumi.Map{
		"retentionDays":  pulumi.Int(args.RetentionDays),
		"objectLockDays": pulumi.Int(args.ObjectLockDays),
	}, a, opts...); err != nil {
		return nil, err
	}
	acct := args.Account
	trailName := fmt.Sprintf("carestack-%s", ctx.Stack())
	trailArn := fmt.Sprintf("arn:%s:cloudtrail:%s:%s:trail/%s", acct.Partition, acct.Region, acct.ID, trailName)

	logBucket, err := newAccessLogBucket(ctx, name, args, a)
	if err != nil {
		return nil, err
	}
	auditBucket, err := newAuditBucket(ctx, name, args, a, logBucket, trailArn)
	if err != nil {
		return nil, err
	}
	group, role, err := newTrailLogs(ctx, name, args, a)
	if err != nil {
		return nil, err
	}
	trail, err := newTrail(ctx, name, args, a, trailName, auditBucket, group, role)
	if err != nil {
		return nil, err
	}

	a.LogBucketName = logBucket.BucketName
	a.LogBucketArn = logBucket.Arn
	a.AuditBucketName = auditBucket.BucketName
	a.TrailArn = trail.Arn
	return a, ctx.RegisterResourceOutputs(a, pulumi.Map{
		"logBucketName":   logBucket.BucketName,
		"auditBucketName": auditBucket.BucketName,
		"trailArn":        trail.Arn,
	})
}

// newAccessLogBucket is the access-log bucket (Internal, SSE-S3 because ALB
// log delivery cannot use a customer key); S3 server access logs,
// CloudFront and the ALB may write to it.
func newAccessLogBucket(ctx *pulumi.Context, name string, args *AuditArgs, a *Audit) (*storage.Bucket, error) {
	acct := args.Account
	return storage.NewBucket(ctx, name+"-access-logs", &storage.BucketArgs{
		Classification:    common.Internal,
		IsAccessLogTarget: true,
		ExpireDays:        args.LogBucketExpireDays,
		ExtraStatements: func(arn pulumi.StringOutput) pulumi.AnyOutput {
			return arn.ApplyT(func(arn string) any { return logDeliveryStatements(acct, arn) }).(pulumi.AnyOutput)
		},
	}, common.Child(a, pulumi.Protect(args.Protect))...)
}

// newAuditBucket is the trail's bucket (Confidential, the logs key, object
// lock when configured); only this trail may write to it.
func newAuditBucket(ctx *pulumi.Context, name string, args *AuditArgs, a *Audit, logBucket *storage.Bucket, trailArn string) (*storage.Bucket, error) {
	acct := args.Account
	return storage.NewBucket(ctx, name+"-trail", &storage.BucketArgs{
		Classification:  common.Confidential,
		KmsKeyArn:       args.LogsKeyArn,
		AccessLogBucket: logBucket.BucketName,
		ObjectLockDays:  args.ObjectLockDays,
		ExtraStatements: func(arn pulumi.StringOutput) pulumi.AnyOutput {
			return arn.ApplyT(func(arn string) any {
				onlyThisTrail := map[string]any{"StringEquals": map[string]any{"aws:SourceArn": trailArn}}
				return []any{
					common.Statement{
						"Sid": "CloudTrailChecksAcl", "Effect": "Allow",
						"Principal": map[string]any{"Service": "cloudtrail.amazonaws.com"},
						"Action":    "s3:GetBucketAcl", "Resource": arn, "Condition": onlyThisTrail,
					},
					common.Statement{
						"Sid": "CloudTrailWrites", "Effect": "Allow",
						"Principal": map[string]any{"Service": "cloudtrail.amazonaws.com"},
						"Action":    "s3:PutObject",
						"Resource":  fmt.Sprintf("%s/AWSLogs/%s/*", arn, acct.ID),
						"Condition": onlyThisTrail,
					},
				}
			}).(pulumi.AnyOutput)
		},
	}, common.Child(a, pulumi.Protect(args.Protect))...)
}

// newTrailLogs is the trail's CloudWatch log group (logs key, retention)
// and the role CloudTrail writes it with.
func newTrailLogs(ctx *pulumi.Context, name string, args *AuditArgs, a *Audit) (*cloudwatch.LogGroup, *iam.Role, error) {
	acct := args.Account
	groupName := fmt.Sprintf("/carestack/%s/cloudtrail", ctx.Stack())
	group, err := common.LogGroup(ctx, name+"-trail", common.LogGroupArgs{
		Name:          pulumi.String(groupName),
		RetentionDays: args.RetentionDays, KmsKeyArn: args.LogsKeyArn, Classification: common.Confidential,
	}, common.Child(a)...)
	if err != nil {
		return nil, nil, err
	}

	role, err := iam.NewRole(ctx, name+"-trail-logs", &iam.RoleArgs{
		AssumeRolePolicy: pulumi.String(common.ServiceTrust(acct, "cloudtrail.amazonaws.com")),
		Tags:             common.Tags(common.Internal),
	}, common.Child(a)...)
	if err != nil {
		return nil, nil, err
	}
	if _, err := iam.NewRolePolicy(ctx, name+"-trail-logs", &iam.RolePolicyArgs{
		Role: role.ID(),
		// The group's ARN from its name, so the policy is known at preview.
		Policy: pulumi.String(common.PolicyJSON(common.Statement{
			"Effect":   "Allow",
			"Action":   []string{"logs:CreateLogStream", "logs:PutLogEvents"},
			"Resource": acct.ARN("logs", "log-group:"+groupName) + ":log-stream:*",
		})),
	}, common.Child(a)...); err != nil {
		return nil, nil, err
	}
	return group, role, nil
}

// newTrail is the multi-region trail: log file validation, the logs key,
// global service events, and S3 data events on the PHI buckets.
func newTrail(ctx *pulumi.Context, name string, args *AuditArgs, a *Audit, trailName string, auditBucket *storage.Bucket, group *cloudwatch.LogGroup, role *iam.Role) (*cloudtrail.Trail, error) {
	acct := args.Account
	var selectors cloudtrail.TrailAdvancedEventSelectorArray
	if args.DataEventBucketPrefix != "" {
		field := func(f string, equals ...string) *cloudtrail.TrailAdvancedEventSelectorFieldSelectorArgs {
			return &cloudtrail.TrailAdvancedEventSelectorFieldSelectorArgs{Field: pulumi.String(f), Equals: pulumi.ToStringArray(equals)}
		}
		selectors = cloudtrail.TrailAdvancedEventSelectorArray{
			&cloudtrail.TrailAdvancedEventSelectorArgs{
				Name:           pulumi.String("management events"),
				FieldSelectors: cloudtrail.TrailAdvancedEventSelectorFieldSelectorArray{field("eventCategory", "Management")},
			},
			&cloudtrail.TrailAdvancedEventSelectorArgs{
				Name: pulumi.String("PHI object access"),
				FieldSelectors: cloudtrail.TrailAdvancedEventSelectorFieldSelectorArray{
					field("eventCategory", "Data"),
					field("resources.type", "AWS::S3::Object"),
					&cloudtrail.TrailAdvancedEventSelectorFieldSelectorArgs{
						Field:       pulumi.String("resources.ARN"),
						StartsWiths: pulumi.StringArray{pulumi.Sprintf("arn:%s:s3:::%s", acct.Partition, args.DataEventBucketPrefix)},
					},
				},
			},
		}
	}
	return cloudtrail.NewTrail(ctx, name, &cloudtrail.TrailArgs{
		Name:                       pulumi.String(trailName),
		S3BucketName:               auditBucket.BucketName,
		IsMultiRegionTrail:         pulumi.Bool(true),
		IncludeGlobalServiceEvents: pulumi.Bool(true),
		EnableLogFileValidation:    pulumi.Bool(true),
		EnableLogging:              pulumi.Bool(true),
		KmsKeyId:                   args.LogsKeyArn,
		CloudWatchLogsGroupArn:     pulumi.Sprintf("%s:*", group.Arn),
		CloudWatchLogsRoleArn:      role.Arn,
		AdvancedEventSelectors:     selectors,
		Tags:                       common.Tags(common.Confidential),
	}, common.Child(a, pulumi.DependsOn([]pulumi.Resource{auditBucket.Policy}))...)
}

// s3AccessLogDelivery lets S3 server access logging write into a log
// bucket, only for this account.
func s3AccessLogDelivery(acct common.Account, bucketArn string) common.Statement {
	return common.Statement{
		"Sid": "S3ServerAccessLogs", "Effect": "Allow",
		"Principal": map[string]any{"Service": "logging.s3.amazonaws.com"},
		"Action":    "s3:PutObject", "Resource": bucketArn + "/s3/*",
		"Condition": map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": acct.ID}},
	}
}

// logDeliveryStatements let S3 server access logging, CloudFront and ALB
// access logging write into the log bucket, only for this account.
func logDeliveryStatements(acct common.Account, bucketArn string) []any {
	fromThisAccount := map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": acct.ID}}
	elbPrincipal := map[string]any{"Service": "logdelivery.elasticloadbalancing.amazonaws.com"}
	if id, ok := elbLogAccounts[acct.Region]; ok {
		elbPrincipal = map[string]any{"AWS": fmt.Sprintf("arn:%s:iam::%s:root", acct.Partition, id)}
	}
	return []any{
		s3AccessLogDelivery(acct, bucketArn),
		common.Statement{
			"Sid": "CloudFrontStandardLogsV2", "Effect": "Allow",
			"Principal": map[string]any{"Service": "delivery.logs.amazonaws.com"},
			"Action":    "s3:PutObject", "Resource": bucketArn + "/cloudfront/*", "Condition": fromThisAccount,
		},
		common.Statement{
			"Sid": "AlbAccessLogs", "Effect": "Allow", "Principal": elbPrincipal,
			"Action": "s3:PutObject", "Resource": fmt.Sprintf("%s/alb/AWSLogs/%s/*", bucketArn, acct.ID),
		},
	}
}
