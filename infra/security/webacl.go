package security

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/wafv2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/carestack/carestack/infra/common"
)

// ManagedRuleGroups are the AWS managed rule groups every web ACL runs.
var ManagedRuleGroups = []string{"AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesSQLiRuleSet"}

// WebAclArgs configures WebAcl.
type WebAclArgs struct {
	// Scope is REGIONAL (ALB) or CLOUDFRONT; a CLOUDFRONT ACL must be
	// created through a us-east-1 provider.
	Scope string
	// RateLimit blocks a client IP above this many requests per 5 minutes.
	RateLimit int
	// LogsKeyArn encrypts the WAF log group (same region as the ACL).
	LogsKeyArn    pulumi.StringInput
	RetentionDays int
}

// WebAcl is a WAFv2 web ACL with AWS managed rules, a rate limit, metrics
// and logging.
//
// It creates: wafv2.WebAcl (default allow; ManagedRuleGroups; a rate-based
// block rule; CloudWatch metrics on every rule), a log group named
// aws-waf-logs-* (logs CMK, retention), and the WebAclLoggingConfiguration.
type WebAcl struct {
	pulumi.ResourceState

	Arn pulumi.StringOutput `pulumi:"arn"`
}

// NewWebAcl creates the web ACL.
func NewWebAcl(ctx *pulumi.Context, name string, args *WebAclArgs, opts ...pulumi.ResourceOption) (*WebAcl, error) {
	if args == nil || args.LogsKeyArn == nil || (args.Scope != "REGIONAL" && args.Scope != "CLOUDFRONT") || args.RateLimit < 100 {
		return nil, fmt.Errorf("security.WebAcl %s: Scope (REGIONAL or CLOUDFRONT), RateLimit >= 100 and LogsKeyArn are required", name)
	}
	w := &WebAcl{}
	if err := ctx.RegisterComponentResourceV2("carestack:security:WebAcl", name, pulumi.Map{
		"scope":     pulumi.String(args.Scope),
		"rateLimit": pulumi.Int(args.RateLimit),
	}, w, opts...); err != nil {
		return nil, err
	}
	metric := func(n string) *wafv2.WebAclRuleVisibilityConfigArgs {
		return &wafv2.WebAclRuleVisibilityConfigArgs{
			CloudwatchMetricsEnabled: pulumi.Bool(true), SampledRequestsEnabled: pulumi.Bool(true), MetricName: pulumi.String(n),
		}
	}
	var rules wafv2.WebAclRuleArray
	for i, g := range ManagedRuleGroups {
		rules = append(rules, &wafv2.WebAclRuleArgs{
			Name:           pulumi.String(g),
			Priority:       pulumi.Int(i),
			OverrideAction: &wafv2.WebAclRuleOverrideActionArgs{None: &wafv2.WebAclRuleOverrideActionNoneArgs{}},
			Statement: &wafv2.WebAclRuleStatementArgs{ManagedRuleGroupStatement: &wafv2.WebAclRuleStatementManagedRuleGroupStatementArgs{
				Name: pulumi.String(g), VendorName: pulumi.String("AWS"),
			}},
			VisibilityConfig: metric(g),
		})
	}
	rules = append(rules, &wafv2.WebAclRuleArgs{
		Name:     pulumi.String("rate-limit-per-ip"),
		Priority: pulumi.Int(len(ManagedRuleGroups)),
		Action:   &wafv2.WebAclRuleActionArgs{Block: &wafv2.WebAclRuleActionBlockArgs{}},
		Statement: &wafv2.WebAclRuleStatementArgs{RateBasedStatement: &wafv2.WebAclRuleStatementRateBasedStatementArgs{
			Limit: pulumi.Int(args.RateLimit), AggregateKeyType: pulumi.String("IP"),
		}},
		VisibilityConfig: metric("rate-limit-per-ip"),
	})
	acl, err := wafv2.NewWebAcl(ctx, name, &wafv2.WebAclArgs{
		Scope:            pulumi.String(args.Scope),
		Description:      pulumi.String("carestack: AWS managed rules and a per-IP rate limit"),
		DefaultAction:    &wafv2.WebAclDefaultActionArgs{Allow: &wafv2.WebAclDefaultActionAllowArgs{}},
		Rules:            rules,
		VisibilityConfig: &wafv2.WebAclVisibilityConfigArgs{CloudwatchMetricsEnabled: pulumi.Bool(true), SampledRequestsEnabled: pulumi.Bool(true), MetricName: pulumi.String(name)},
		Tags:             common.Tags(common.Internal),
	}, common.Child(w)...)
	if err != nil {
		return nil, err
	}
	// WAF only delivers to log groups whose name starts with aws-waf-logs-.
	group, err := common.LogGroup(ctx, name+"-logs", common.LogGroupArgs{
		Name:          pulumi.Sprintf("aws-waf-logs-carestack-%s-%s", ctx.Stack(), strings.ToLower(name)),
		RetentionDays: args.RetentionDays, KmsKeyArn: args.LogsKeyArn, Classification: common.Confidential,
	}, common.Child(w)...)
	if err != nil {
		return nil, err
	}
	if _, err := wafv2.NewWebAclLoggingConfiguration(ctx, name+"-logs", &wafv2.WebAclLoggingConfigurationArgs{
		ResourceArn:           acl.Arn,
		LogDestinationConfigs: pulumi.StringArray{group.Arn},
		// Credentials and session cookies never reach the logs.
		RedactedFields: wafv2.WebAclLoggingConfigurationRedactedFieldArray{
			&wafv2.WebAclLoggingConfigurationRedactedFieldArgs{SingleHeader: &wafv2.WebAclLoggingConfigurationRedactedFieldSingleHeaderArgs{Name: pulumi.String("authorization")}},
			&wafv2.WebAclLoggingConfigurationRedactedFieldArgs{SingleHeader: &wafv2.WebAclLoggingConfigurationRedactedFieldSingleHeaderArgs{Name: pulumi.String("cookie")}},
		},
	}, common.Child(w)...); err != nil {
		return nil, err
	}
	w.Arn = acl.Arn
	return w, ctx.RegisterResourceOutputs(w, pulumi.Map{"arn": acl.Arn})
}
