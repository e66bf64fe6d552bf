package common

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// LogGroupArgs configures LogGroup. Every field is required: an unencrypted
// or never-expiring log group is not something a component may ask for.
type LogGroupArgs struct {
	Name           pulumi.StringInput
	RetentionDays  int
	KmsKeyArn      pulumi.StringInput
	Classification Classification
}

// LogGroup is the one way components create CloudWatch log groups: encrypted
// with the stack's logs key, retained for the stack's period and tagged with
// its classification (policies LOG-05 and LOG-06).
func LogGroup(ctx *pulumi.Context, resourceName string, args LogGroupArgs, opts ...pulumi.ResourceOption) (*cloudwatch.LogGroup, error) {
	if args.Name == nil || args.KmsKeyArn == nil || args.RetentionDays <= 0 || !args.Classification.Valid() {
		return nil, fmt.Errorf("log group %s: Name, KmsKeyArn, a positive RetentionDays and a Classification are required", resourceName)
	}
	return cloudwatch.NewLogGroup(ctx, resourceName, &cloudwatch.LogGroupArgs{
		Name:            args.Name,
		RetentionInDays: pulumi.Int(args.RetentionDays),
		KmsKeyId:        args.KmsKeyArn,
		Tags:            Tags(args.Classification),
	}, opts...)
}
