// Package web holds the static web apps served from S3 through CloudFront.
package web

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudfront"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/carestack/carestack/infra/common"
	"github.com/carestack/carestack/infra/security"
	"github.com/carestack/carestack/infra/storage"
)

// ContentSecurityPolicy is the CSP every site sends; apps load only from
// their own origin.
const ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; upgrade-insecure-requests"

// MinimumProtocolVersion is the oldest TLS viewers may use.
const MinimumProtocolVersion = "TLSv1.2_2021"

// cachingOptimized is AWS's managed CachingOptimized cache policy.
const cachingOptimized = "658327ea-f89d-4fab-a63d-7e88639e58f6"

// StaticSiteArgs configures StaticSite.
type StaticSiteArgs struct {
	Account        common.Account
	Domain         string
	CertificateArn string // ACM, us-east-1
	PriceClass     string
	Countries      []string
	SinglePageApp  bool
	// UsEast1 is the provider for what CloudFront requires in us-east-1
	// (the CLOUDFRONT web ACL, its logs, the log delivery source).
	UsEast1 *aws.Provider
	// LogsKeyArn must be a key usable in us-east-1 (the WAF log group).
	LogsKeyArn    pulumi.StringInput
	RetentionDays int
	WafRateLimit  int
	// LogBucketName/LogBucketArn receive the bucket's and CloudFront's access logs.
	LogBucketName pulumi.StringInput
	LogBucketArn  pulumi.StringInput
}

// StaticSite is a single-page or static web app.
//
// It creates: a storage.Bucket (classification Public, private, reachable
// only by this distribution through origin access control), the origin
// access control, a response-headers policy (HSTS two years with preload,
// CSP, frame DENY, nosniff, strict referrer), a CLOUDFRONT security.WebAcl
// in us-east-1, the distribution (redirect-to-https, the site's ACM
// certificate over SNI with MinimumProtocolVersion, geo restriction to the
// configured countries, SPA error responses, the price class), and
// CloudFront standard logging v2 (delivery source, destination and delivery)
// into the log bucket, which works with ACL-less buckets.
type StaticSite struct {
	pulumi.ResourceState

	DomainName pulumi.StringOutput `pulumi:"domainName"`
	BucketName pulumi.StringOutput `pulumi:"bucketName"`
}

// NewStaticSite creates a site.
func NewStaticSite(ctx *pulumi.Context, name string, args *StaticSiteArgs, opts ...pulumi.ResourceOption) (*StaticSite, error) {
	if args == nil || args.UsEast1 == nil || args.LogsKeyArn == nil || args.LogBucketName == nil || args.LogBucketArn == nil || args.CertificateArn == "" || len(args.Countries) == 0 {
		return nil, fmt.Errorf("web.StaticSite %s: UsEast1, LogsKeyArn, LogBucketName, LogBucketArn, CertificateArn and Countries are required", name)
	}
	site := &StaticSite{}
	if err := ctx.RegisterComponentResourceV2("carestack:web:StaticSite", name, pulumi.Map{
		"domain": pulumi.String(args.Domain), "priceClass": pulumi.String(args.PriceClass), "countries": pulumi.ToStringArray(args.Countries),
	}, site, opts...); err != nil {
		return nil, err
	}
	st := &siteSteps{ctx: ctx, name: name, args: args, component: site}
	// The bucket policy names the distribution, which needs the bucket:
	// the distribution's ARN is resolved after it exists.
	distArn, resolveDistArn := pulumi.DeferredOutput[string](ctx.Context())
	for _, step := range []func() error{
		func() error { return st.originBucket(distArn) }, st.edgePolicies, st.firewall, st.distribution,
	} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	resolveDistArn(st.dist.Arn)
	if err := st.accessLogs(); err != nil {
		return nil, err
	}

	site.DomainName = st.dist.DomainName
	site.BucketName = st.bucket.BucketName
	return site, ctx.RegisterResourceOutputs(site, pulumi.Map{"domainName": st.dist.DomainName, "bucketName": st.bucket.BucketName})
}

// siteSteps carries what NewStaticSite's steps share.
type siteSteps struct {
	ctx       *pulumi.Context
	name      string
	args      *StaticSiteArgs
	component *StaticSite

	bucket  *storage.Bucket
	oac     *cloudfront.OriginAccessControl
	headers *cloudfront.ResponseHeadersPolicy
	acl     *security.WebAcl
	dist    *cloudfront.Distribution
}

func (st *siteSteps) child(extra ...pulumi.ResourceOption) []pulumi.ResourceOption {
	return common.Child(st.component, extra...)
}

func (st *siteSteps) inUsEast1(extra ...pulumi.ResourceOption) []pulumi.ResourceOption {
	return st.child(append(extra, pulumi.Provider(st.args.UsEast1))...)
}

// originBucket is the private bucket only this distribution reads (origin
// access control, by the distribution's ARN).
func (st *siteSteps) originBucket(distArn pulumi.Output) error {
	ctx, name, args, child := st.ctx, st.name, st.args, st.child
	var err error
	st.bucket, err = storage.NewBucket(ctx, name, &storage.BucketArgs{
		Classification:  common.Public,
		AccessLogBucket: args.LogBucketName,
		ExtraStatements: func(bucketArn pulumi.StringOutput) pulumi.AnyOutput {
			return pulumi.All(bucketArn, distArn).ApplyT(func(in []any) any {
				return []any{common.Statement{
					"Sid": "CloudFrontReadsThroughOAC", "Effect": "Allow",
					"Principal": map[string]any{"Service": "cloudfront.amazonaws.com"},
					"Action":    "s3:GetObject", "Resource": in[0].(string) + "/*",
					"Condition": map[string]any{"StringEquals": map[string]any{"AWS:SourceArn": in[1]}},
				}}
			}).(pulumi.AnyOutput)
		},
	}, child()...)
	return err
}

// edgePolicies: the origin access control and the response-headers policy
// (HSTS two years with preload, CSP, frame DENY, nosniff, strict referrer).
func (st *siteSteps) edgePolicies() error {
	ctx, name, child := st.ctx, st.name, st.child
	var err error
	st.oac, err = cloudfront.NewOriginAccessControl(ctx, name, &cloudfront.OriginAccessControlArgs{
		Name:                          pulumi.Sprintf("carestack-%s-%s", ctx.Stack(), name),
		OriginAccessControlOriginType: pulumi.String("s3"),
		SigningBehavior:               pulumi.String("always"),
		SigningProtocol:               pulumi.String("sigv4"),
	}, child()...)
	if err != nil {
		return err
	}
	st.headers, err = cloudfront.NewResponseHeadersPolicy(ctx, name, &cloudfront.ResponseHeadersPolicyArgs{
		Name: pulumi.Sprintf("carestack-%s-%s", ctx.Stack(), name),
		SecurityHeadersConfig: &cloudfront.ResponseHeadersPolicySecurityHeadersConfigArgs{
			StrictTransportSecurity: &cloudfront.ResponseHeadersPolicySecurityHeadersConfigStrictTransportSecurityArgs{
				AccessControlMaxAgeSec: pulumi.Int(63072000), IncludeSubdomains: pulumi.Bool(true), Preload: pulumi.Bool(true), Override: pulumi.Bool(true),
			},
			ContentSecurityPolicy: &cloudfront.ResponseHeadersPolicySecurityHeadersConfigContentSecurityPolicyArgs{
				ContentSecurityPolicy: pulumi.String(ContentSecurityPolicy), Override: pulumi.Bool(true),
			},
			FrameOptions:       &cloudfront.ResponseHeadersPolicySecurityHeadersConfigFrameOptionsArgs{FrameOption: pulumi.String("DENY"), Override: pulumi.Bool(true)},
			ContentTypeOptions: &cloudfront.ResponseHeadersPolicySecurityHeadersConfigContentTypeOptionsArgs{Override: pulumi.Bool(true)},
			ReferrerPolicy: &cloudfront.ResponseHeadersPolicySecurityHeadersConfigReferrerPolicyArgs{
				ReferrerPolicy: pulumi.String("strict-origin-when-cross-origin"), Override: pulumi.Bool(true),
			},
		},
	}, child()...)
	return err
}

// firewall is the CLOUDFRONT web ACL, made in us-east-1.
func (st *siteSteps) firewall() error {
	ctx, name, args, child := st.ctx, st.name, st.args, st.child
	var err error
	st.acl, err = security.NewWebAcl(ctx, name+"-waf", &security.WebAclArgs{
		Scope: "CLOUDFRONT", RateLimit: args.WafRateLimit, LogsKeyArn: args.LogsKeyArn, RetentionDays: args.RetentionDays,
	}, child(pulumi.Providers(args.UsEast1))...)
	return err
}

// distribution: redirect-to-https, the site's certificate over SNI with
// MinimumProtocolVersion, geo restriction, SPA error responses.
func (st *siteSteps) distribution() error {
	ctx, name, args, child := st.ctx, st.name, st.args, st.child
	bucket, oac, headers, acl := st.bucket, st.oac, st.headers, st.acl
	var err error
	var errorResponses cloudfront.DistributionCustomErrorResponseArray
	if args.SinglePageApp {
		// Deep links in a single-page app are client routes: serve the app.
		for _, code := range []int{403, 404} {
			errorResponses = append(errorResponses, &cloudfront.DistributionCustomErrorResponseArgs{
				ErrorCode: pulumi.Int(code), ResponseCode: pulumi.Int(200), ResponsePagePath: pulumi.String("/index.html"), ErrorCachingMinTtl: pulumi.Int(10),
			})
		}
	}
	originID := "s3-" + name
	st.dist, err = cloudfront.NewDistribution(ctx, name, &cloudfront.DistributionArgs{
		Enabled:           pulumi.Bool(true),
		IsIpv6Enabled:     pulumi.Bool(true),
		HttpVersion:       pulumi.String("http2and3"),
		Aliases:           pulumi.StringArray{pulumi.String(args.Domain)},
		DefaultRootObject: pulumi.String("index.html"),
		PriceClass:        pulumi.String(args.PriceClass),
		WebAclId:          acl.Arn,
		Origins: cloudfront.DistributionOriginArray{&cloudfront.DistributionOriginArgs{
			OriginId:              pulumi.String(originID),
			DomainName:            bucket.RegionalDomainName,
			OriginAccessControlId: oac.ID(),
		}},
		DefaultCacheBehavior: &cloudfront.DistributionDefaultCacheBehaviorArgs{
			TargetOriginId:          pulumi.String(originID),
			ViewerProtocolPolicy:    pulumi.String("redirect-to-https"),
			AllowedMethods:          pulumi.StringArray{pulumi.String("GET"), pulumi.String("HEAD"), pulumi.String("OPTIONS")},
			CachedMethods:           pulumi.StringArray{pulumi.String("GET"), pulumi.String("HEAD")},
			CachePolicyId:           pulumi.String(cachingOptimized),
			ResponseHeadersPolicyId: headers.ID(),
			Compress:                pulumi.Bool(true),
		},
		CustomErrorResponses: errorResponses,
		Restrictions: &cloudfront.DistributionRestrictionsArgs{GeoRestriction: &cloudfront.DistributionRestrictionsGeoRestrictionArgs{
			RestrictionType: pulumi.String("whitelist"), Locations: pulumi.ToStringArray(args.Countries),
		}},
		ViewerCertificate: &cloudfront.DistributionViewerCertificateArgs{
			AcmCertificateArn:      pulumi.String(args.CertificateArn),
			SslSupportMethod:       pulumi.String("sni-only"),
			MinimumProtocolVersion: pulumi.String(MinimumProtocolVersion),
		},
		Tags: common.Tags(common.Public),
	}, child()...)
	return err
}

// accessLogs is CloudFront standard logging v2 into the log bucket (it
// works with ACL-less buckets), made in us-east-1.
func (st *siteSteps) accessLogs() error {
	ctx, name, args, inUsEast1, dist := st.ctx, st.name, st.args, st.inUsEast1, st.dist
	source, err := cloudwatch.NewLogDeliverySource(ctx, name+"-logs", &cloudwatch.LogDeliverySourceArgs{
		Name: pulumi.Sprintf("carestack-%s-%s", ctx.Stack(), name), LogType: pulumi.String("ACCESS_LOGS"), ResourceArn: dist.Arn,
		Tags: common.Tags(common.Internal),
	}, inUsEast1()...)
	if err != nil {
		return err
	}
	dest, err := cloudwatch.NewLogDeliveryDestination(ctx, name+"-logs", &cloudwatch.LogDeliveryDestinationArgs{
		Name:         pulumi.Sprintf("carestack-%s-%s", ctx.Stack(), name),
		OutputFormat: pulumi.String("parquet"),
		DeliveryDestinationConfiguration: &cloudwatch.LogDeliveryDestinationDeliveryDestinationConfigurationArgs{
			DestinationResourceArn: pulumi.Sprintf("%s/cloudfront/%s", args.LogBucketArn, name),
		},
		Tags: common.Tags(common.Internal),
	}, inUsEast1()...)
	if err != nil {
		return err
	}
	if _, err := cloudwatch.NewLogDelivery(ctx, name+"-logs", &cloudwatch.LogDeliveryArgs{
		DeliverySourceName: source.Name, DeliveryDestinationArn: dest.Arn,
		Tags: common.Tags(common.Internal),
	}, inUsEast1()...); err != nil {
		return err
	}
	return nil
}
