// Package messaging holds the estate's SNS topics.
package messaging

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/carestack/carestack/infra/common"
)

// TopicArgs configures Topic.
type TopicArgs struct {
	// KmsKeyArn is the messaging CMK; required (PHI may travel in messages).
	KmsKeyArn pulumi.StringInput
	// Classification defaults to PHI.
	Classification common.Classification
}

// Topic is an SNS topic encrypted with the messaging key whose policy denies
// publishing or subscribing without TLS.
//
// It creates: sns.Topic (messaging CMK) and sns.TopicPolicy (deny non-TLS;
// apps get sns:Publish through their task roles, not the topic policy).
type Topic struct {
	pulumi.ResourceState

	Arn pulumi.StringOutput `pulumi:"arn"`
}

// NewTopic creates a topic.
func NewTopic(ctx *pulumi.Context, name string, args *TopicArgs, opts ...pulumi.ResourceOption) (*Topic, error) {
	if args == nil || args.KmsKeyArn == nil {
		return nil, fmt.Errorf("messaging.Topic %s: KmsKeyArn is required", name)
	}
	class := args.Classification
	if class == "" {
		class = common.PHI
	}
	t := &Topic{}
	if err := ctx.RegisterComponentResourceV2("carestack:messaging:Topic", name, pulumi.Map{
		"classification": pulumi.String(string(class)),
	}, t, opts...); err != nil {
		return nil, err
	}
	topic, err := sns.NewTopic(ctx, name, &sns.TopicArgs{
		KmsMasterKeyId: args.KmsKeyArn,
		Tags:           common.Tags(class),
	}, common.Child(t)...)
	if err != nil {
		return nil, err
	}
	if _, err := sns.NewTopicPolicy(ctx, name, &sns.TopicPolicyArgs{
		Arn: topic.Arn,
		Policy: topic.Arn.ApplyT(func(arn string) string {
			return common.PolicyJSON(common.DenyInsecureTransport(arn))
		}).(pulumi.StringOutput),
	}, common.Child(t)...); err != nil {
		return nil, err
	}
	t.Arn = topic.Arn
	return t, ctx.RegisterResourceOutputs(t, pulumi.Map{"arn": topic.Arn})
}
