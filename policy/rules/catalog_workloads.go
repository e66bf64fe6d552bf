package rules

import (
	"encoding/base64"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// workloadRules cover the workloads, APIs, streams and grants a team adds
// beyond the shipped estate (issue 14): Lambda, API Gateway, SQS, Kinesis,
// Firehose, SageMaker, CodeBuild,
// Secrets Manager policies, SNS subscriptions, ECS
// task definition extras. IDs 50-69 in each group.
//
// Each rule cites the anchor rules it enforces in inventory_workloads.go.
// Defaults quoted in messages are the pulumi-aws v6.83.4 SDK's documented
// ones (go/aws/<service>/*.go doc comments) unless the message names the
// AWS documentation instead.
var workloadRules = slices.Concat(lambdaRules, apiGatewayRules, queueAndStreamRules, sageMakerRules, codeBuildRules, grantAndContainerRules)

// Type tokens of pulumi-aws v6 for the workload services.
const (
	LambdaFunction          = "aws:lambda/function:Function"
	LambdaPermission        = "aws:lambda/permission:Permission"
	LambdaFunctionURL       = "aws:lambda/functionUrl:FunctionUrl"
	LambdaEventSource       = "aws:lambda/eventSourceMapping:EventSourceMapping"
	LambdaEventInvokeConfig = "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig"
	LambdaLayerVersion      = "aws:lambda/layerVersion:LayerVersion"
	LambdaLayerPermission   = "aws:lambda/layerVersionPermission:LayerVersionPermission"

	APIGWRestAPI        = "aws:apigateway/restApi:RestApi"
	APIGWRestAPIPolicy  = "aws:apigateway/restApiPolicy:RestApiPolicy"
	APIGWStage          = "aws:apigateway/stage:Stage"
	APIGWMethodSettings = "aws:apigateway/methodSettings:MethodSettings"
	APIGWMethod         = "aws:apigateway/method:Method"
	APIGWDeployment     = "aws:apigateway/deployment:Deployment"
	APIGWDomainName     = "aws:apigateway/domainName:DomainName"
	APIGWv2API          = "aws:apigatewayv2/api:Api"
	APIGWv2Stage        = "aws:apigatewayv2/stage:Stage"
	APIGWv2Route        = "aws:apigatewayv2/route:Route"
	APIGWv2DomainName   = "aws:apigatewayv2/domainName:DomainName"

	SQSQueue       = "aws:sqs/queue:Queue"
	SQSQueuePolicy = "aws:sqs/queuePolicy:QueuePolicy"

	KinesisStream      = "aws:kinesis/stream:Stream"
	KinesisVideoStream = "aws:kinesis/videoStream:VideoStream"
	FirehoseStream     = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream"

	SageMakerNotebook        = "aws:sagemaker/notebookInstance:NotebookInstance"
	SageMakerLifecycleConfig = "aws:sagemaker/notebookInstanceLifecycleConfiguration:NotebookInstanceLifecycleConfiguration"
	SageMakerEndpointConfig  = "aws:sagemaker/endpointConfiguration:EndpointConfiguration"
	SageMakerModel           = "aws:sagemaker/model:Model"
	SageMakerDomain          = "aws:sagemaker/domain:Domain"
	SageMakerDataQualityJob  = "aws:sagemaker/dataQualityJobDefinition:DataQualityJobDefinition"
	SageMakerFlowDefinition  = "aws:sagemaker/flowDefinition:FlowDefinition"
	SageMakerEndpoint        = "aws:sagemaker/endpoint:Endpoint"
	SageMakerPipeline        = "aws:sagemaker/pipeline:Pipeline"
	SageMakerMonitoring      = "aws:sagemaker/monitoringSchedule:MonitoringSchedule"
	SageMakerPackageGroup    = "aws:sagemaker/modelPackageGroup:ModelPackageGroup"

	CodeBuildProject          = "aws:codebuild/project:Project"
	CodeBuildReportGroup      = "aws:codebuild/reportGroup:ReportGroup"
	CodeBuildSourceCredential = "aws:codebuild/sourceCredential:SourceCredential"
	CodeBuildWebhook          = "aws:codebuild/webhook:Webhook"

	SNSTopicSubscription = "aws:sns/topicSubscription:TopicSubscription"
	SecretPolicy         = "aws:secretsmanager/secretPolicy:SecretPolicy"
)

// Control mappings shared by the workload rules. They follow the anchors'
// own mappings (cdk-nag's info strings, Prowler's hipaa_aws.json and
// soc2_aws.json); † in a comment marks one of ours.
var (
	atRestHIPAA  = []string{"312(a)(2)(iv)", "312(e)(2)(ii)"}
	transitHIPAA = []string{"312(a)(2)(iv)", "312(e)(1)", "312(e)(2)(i)", "312(e)(2)(ii)"}
	// cdk-nag's mapping for plaintext credentials (CodeBuild env vars).
	credentialHIPAA = []string{"308(a)(3)(i)", "308(a)(4)(ii)(A)", "308(a)(4)(ii)(C)", "312(a)(1)"}
	auditHIPAA      = []string{"308(a)(1)(ii)(D)", "312(b)"}
	// † integrity of what runs: protection from malicious software, integrity.
	integrityHIPAA = []string{"308(a)(5)(ii)(B)", "312(c)(1)"}
	// cdk-nag maps Lambda concurrency and DLQ to 312(b); † contingency.
	resilienceHIPAA = []string{"308(a)(7)(i)", "312(b)"}
)

// --- Credentials in plaintext -------------------------------------------

// credentialPatterns recognise credentials by their value, whatever the
// variable is called (the formats detect-secrets and Kingfisher, which
// Prowler runs, report). The kind is what a message names; the value never
// appears in one.
var credentialPatterns = []struct {
	kind string
	re   *regexp.Regexp
}{
	{"an AWS access key ID", regexp.MustCompile(`\b(AKIA|ASIA)[0-9A-Z]{16}\b`)},
	{"a private key", regexp.MustCompile(`-----BEGIN ([A-Z]+ )?PRIVATE KEY`)},
	{"a GitHub token", regexp.MustCompile(`\b(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,})`)},
	{"a GitLab token", regexp.MustCompile(`\bglpat-[A-Za-z0-9_-]{20,}`)},
	{"a Slack token", regexp.MustCompile(`\bxox[abposr]-[A-Za-z0-9-]{10,}`)},
	{"a Stripe live key", regexp.MustCompile(`\b[rs]k_live_[A-Za-z0-9]{20,}`)},
	{"a Google API key", regexp.MustCompile(`\bAIza[0-9A-Za-z_-]{35}`)},
	{"a SendGrid key", regexp.MustCompile(`\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}`)},
	{"a JSON web token", regexp.MustCompile(`\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}`)},
	{"credentials in a URL", regexp.MustCompile(`(?i)[a-z][a-z0-9+.-]*://[^/\s:@]+:([^/\s@$<{%*][^/\s@]*)@`)},
}

// credentialKind names the credential a string holds, "" when none.
func credentialKind(s string) string {
	for _, p := range credentialPatterns {
		if p.re.MatchString(s) {
			return p.kind
		}
	}
	return ""
}

var (
	// secretName: a variable named for a secret. Narrower than IAM-08's
	// pattern: "pass" only as a whole word, so PASSTHROUGH or BYPASS are
	// not secrets.
	secretName = regexp.MustCompile(`(?i)(password|passwd|passphrase|secret|token|api[_-]?key|private[_-]?key|credential|client[_-]?key|(^|[_-])(pass|pwd)($|[_-]))`)
	// referenceName: a secret-named variable that holds where the secret
	// lives or how it behaves, not the secret (DB_SECRET_ARN, TOKEN_TTL).
	referenceName = regexp.MustCompile(`(?i)[_-](arn|name|id|path|param|parameter|ref|ttl|length|len|seconds|minutes|hours|days|enabled|file|header|url|uri|endpoint|region|version|type|mode|policy|source|location|key_id)$`)
	// awsCredentialName: the variables the AWS SDKs read as credentials
	// (cdk-nag CodeBuildProjectEnvVarAwsCred, Config codebuild-project-envvar-awscred-check).
	awsCredentialName = regexp.MustCompile(`(?i)^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN)$`)
)

// isReference reports a value that points at a secret instead of holding
// one: an ARN, a Parameter Store path, a dynamic reference, a template.
func isReference(v string) bool {
	for _, p := range []string{"arn:", "/", "{{resolve:", "${", "$(", "ssm:", "secretsmanager:"} {
		if strings.HasPrefix(v, p) {
			return true
		}
	}
	return false
}

// isLiteralSecret reports a value that could itself be a secret: not
// empty, not a reference, not a number or a boolean.
func isLiteralSecret(v string) bool {
	v = strings.TrimSpace(v)
	if len(v) < 4 || isReference(v) || v == "true" || v == "false" {
		return false
	}
	return strings.Trim(v, "0123456789.") != ""
}

// plaintextCredential says why a plaintext variable holds a credential, ""
// when it does not. marked: the program marked the value secret, so it is a
// secret stored where anyone who can read the configuration reads it.
func plaintextCredential(name, value string, marked bool) string {
	switch {
	case marked:
		return "a value the program marked secret"
	case awsCredentialName.MatchString(name) && value != "":
		return "AWS credentials"
	}
	if k := credentialKind(value); k != "" {
		return k
	}
	if secretName.MatchString(name) && !referenceName.MatchString(name) && isLiteralSecret(value) {
		return "a literal value under a secret's name"
	}
	return ""
}

// checkCredentialMap fails every entry of a name -> value map input that
// holds a credential in plaintext (Lambda environment variables, API Gateway
// stage variables). A value is secret when it or anything above it is
// marked secret; only names appear in messages.
func checkCredentialMap(c *Check, path, where, fix string) {
	v, st := lookup(c.Props(), path)
	switch st {
	case missing:
		return
	case computed:
		if v.Secret() {
			c.Fail(path+" is marked secret, so its values are secrets stored in plaintext "+where, fix)
			return
		}
		c.Defer(path)
		return
	case badShape:
		c.shape(path, "a map of strings")
		return
	}
	if !v.IsMap() {
		c.shape(path, "a map of strings")
		return
	}
	inherited := v.Secret()
	for name, e := range v.AsMap().AllStable {
		marked := inherited || e.Secret()
		switch {
		case e.IsNull():
			continue
		case e.IsComputed():
			if marked {
				c.Fail(fmt.Sprintf("%s.%s holds a value the program marked secret, stored in plaintext %s", path, name, where), fix)
			} else if secretName.MatchString(name) && !referenceName.MatchString(name) {
				c.Defer(path + "." + name)
			}
			continue
		case !e.IsString():
			c.Fail(fmt.Sprintf("%s.%s has an unexpected shape (a %s), want a string", path, name, kind(e)), "Set "+path+" as a map of strings")
			continue
		}
		if why := plaintextCredential(name, e.AsString(), marked); why != "" {
			c.Fail(fmt.Sprintf("%s.%s holds %s in plaintext %s", path, name, why, where), fix)
		}
	}
}

// --- Small readers the workload rules share --------------------------------

// listLen reads a list input: its length, or computed / missing / badShape.
func listLen(m property.Map, path string) (int, state) {
	vals, st := getArray(m, path)
	if st != present {
		return 0, st
	}
	return len(vals), present
}

// requireNonEmptyList is a presence check on a list: unknown counts as set,
// an empty list fails.
func requireNonEmptyList(c *Check, path, unset, fix string) bool {
	n, st := listLen(c.Props(), path)
	switch {
	case st == computed:
		return true
	case st == badShape:
		c.shape(path, "a list")
	case st == missing:
		c.Fail(path+" is unset"+unset, fix)
	case n == 0:
		c.Fail(path+" is empty"+unset, fix)
	default:
		return true
	}
	return false
}

// presentString is a presence check on a string input with the message an
// unset value deserves (what AWS then does): unknown counts as set, a
// value that is not a string is a wrong shape.
func presentString(c *Check, path, unset, fix string) bool {
	v, st := lookup(c.Props(), path)
	switch {
	case st == missing:
		c.Fail(path+" is unset"+unset, fix)
	case st == computed:
		return true
	case st == badShape || !v.IsString():
		c.shape(path, "a string")
	case v.AsString() == "":
		c.Fail(path+" is empty"+unset, fix)
	default:
		return true
	}
	return false
}

// valueText renders an input for a message: a string as it is, anything else
// as shown() does, and "[secret]" when the value, or anything above it on
// its path, is marked secret.
func valueText(m property.Map, path string) string {
	if secretAt(m, path) {
		return "[secret]"
	}
	if v, st := lookup(m, path); st == present && v.IsString() {
		return v.AsString()
	}
	return shown(m, path)
}

// needsOwnKey reports whether the resource's classification requires a
// customer-managed key, given the classes a rule allows AWS-managed or
// AWS-owned keys for (default Public and Internal).
func needsOwnKey(c *Check, res *Resource) bool {
	allowed := c.StringsParam("awsManagedKeyAllowedFor")
	if allowed == nil {
		allowed = []string{"Public", "Internal"}
	}
	return !contains(allowed, res.Classification())
}

// aClass is "a PHI", "an Internal", "an unclassified"...: the resource's
// classification with its article, for messages.
func aClass(m property.Map) string {
	c := classificationOrUnset(m)
	if strings.ContainsRune("AEIOUaeiou", rune(c[0])) {
		return "an " + c
	}
	return "a " + c
}

// awsManagedKey reports an AWS-managed key alias (alias/aws/<service>).
func awsManagedKey(k string) bool { return strings.HasPrefix(k, "alias/aws/") }

// checkCMK is a presence check on a KMS key input, and, for data that needs
// a customer-managed key, a check that it is not an AWS-managed alias.
func checkCMK(c *Check, path, fix string) {
	if !presentString(c, path, "", fix) {
		return
	}
	if k, st := getString(c.Props(), path); st == present && awsManagedKey(k) && needsOwnKey(c, c.Resource()) {
		c.Fail(fmt.Sprintf("%s is the AWS-managed key %s on %s resource", path, valueText(c.Props(), path), aClass(c.Props())), "Use a customer-managed key")
	}
}

// arnAccountOf is an ARN's account field ("" when it is not an ARN).
func arnAccountOf(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 || parts[0] != "arn" {
		return ""
	}
	return parts[4]
}

// sameInput reports whether two resources name the same thing through an
// input: a shared property dependency, or equal known values.
func sameInput(a, b *Resource, propA, propB string) (same, unsure bool) {
	for _, u := range a.PropertyDependencies[propA] {
		if contains(b.PropertyDependencies[propB], u) {
			return true, false
		}
	}
	va, sa := getString(a.Props, propA)
	vb, sb := getString(b.Props, propB)
	if sa == present && sb == present {
		return va == vb, false
	}
	return false, sa == computed || sb == computed
}

// mapSize reads a map input's size, or computed / missing / badShape.
func mapSize(m property.Map, path string) (int, state) {
	v, st := getMap(m, path)
	if st != present {
		return 0, st
	}
	return v.Len(), present
}

// zipFunction reports whether a function deploys a zip package (a runtime
// and a package to sign); a container image has neither. done: the check
// deferred or failed on packageType and has nothing more to do.
func zipFunction(c *Check) (zip, done bool) {
	pt, st := getString(c.Props(), "packageType")
	switch st {
	case computed:
		c.Defer("packageType")
		return false, true
	case badShape:
		c.shape("packageType", "Zip or Image")
		return false, true
	}
	return pt != "Image", false
}

// --- Lambda ---------------------------------------------------------------

// deprecatedLambdaRuntimes: runtimes Lambda no longer patches. The union of
// checkov CKV_AWS_363's list, Prowler's obsolete_lambda_runtimes and the
// SDK's deprecated lambda.Runtime values, plus the runtimes whose
// deprecation dates checkov records and which have passed (nodejs18.x
// 2025-09-01, provided.al2 2026-06-30). A stack may extend it.
var deprecatedLambdaRuntimes = []string{
	"dotnetcore1.0", "dotnetcore2.0", "dotnetcore2.1", "dotnetcore3.1", "dotnet5.0", "dotnet6", "dotnet7",
	"go1.x", "java8", "nodejs", "nodejs4.3", "nodejs4.3-edge", "nodejs6.10", "nodejs8.10", "nodejs10.x",
	"nodejs12.x", "nodejs14.x", "nodejs16.x", "nodejs18.x", "provided", "provided.al2", "python2.7",
	"python3.6", "python3.7", "python3.8", "python3.9", "ruby2.5", "ruby2.7",
}

var lambdaRules = []*Rule{
	{
		ID: "ENC-50", Name: "lambda-env-cmk", Group: groupEncryption,
		Title: "Lambda functions with environment variables must encrypt them with a customer-managed KMS key.",
		HIPAA: atRestHIPAA, SOC2: []string{"CC6.1"},
		Severity: "medium", Scope: ScopeResource, Types: []string{LambdaFunction}, Exceptable: true,
		Remediation: "Set kmsKeyArn to a customer-managed key whenever environment.variables is set.",
		check: func(c *Check) {
			n, st := mapSize(c.Props(), "environment.variables")
			switch {
			case st == computed:
				c.Defer("environment.variables")
				return
			case st == badShape:
				c.shape("environment.variables", "a map of strings")
				return
			case n == 0:
				return
			}
			if _, st := lookup(c.Props(), "kmsKeyArn"); st == missing {
				c.Fail(fmt.Sprintf("kmsKeyArn is unset while environment.variables holds %d variable(s): the SDK documents that Lambda then encrypts them with its default service key (the AWS-managed aws/lambda)", n),
					"Set kmsKeyArn to a customer-managed KMS key ARN")
				return
			}
			checkCMK(c, "kmsKeyArn", "Set kmsKeyArn to a customer-managed KMS key ARN")
		},
	},
	{
		ID: "IAM-50", Name: "lambda-no-env-secrets", Group: groupIdentity,
		Title: "Lambda environment variables must not hold secrets.",
		HIPAA: credentialHIPAA, SOC2: []string{"CC6.1"},
		Severity: "critical", Scope: ScopeResource, Types: []string{LambdaFunction}, Exceptable: false,
		Remediation: "Keep the secret in Secrets Manager, pass its ARN (e.g. DB_SECRET_ARN) and read it at runtime.",
		check: func(c *Check) {
			checkCredentialMap(c, "environment.variables", "in the function's configuration, which lambda:GetFunctionConfiguration returns",
				"Move the value to Secrets Manager and pass its ARN instead")
		},
	},
	{
		ID: "NET-50", Name: "lambda-in-vpc", Group: groupNetwork,
		Title: "Lambda functions must run in the VPC, on subnets with security groups.",
		HIPAA: exposureHIPAA, SOC2: []string{"CC6.6"},
		Severity: "high", Scope: ScopeResource, Types: []string{LambdaFunction}, Exceptable: true,
		Remediation: "Set vpcConfig {subnetIds: private subnets, securityGroupIds: a group that allows only the egress the function needs}.",
		check: func(c *Check) {
			switch _, st := getMap(c.Props(), "vpcConfig"); st {
			case missing:
				c.Fail("vpcConfig is unset, so Lambda runs the function outside the VPC, with internet egress no security group or flow log governs",
					"Set vpcConfig with private subnetIds and securityGroupIds")
				return
			case badShape:
				c.shape("vpcConfig", "a map with subnetIds and securityGroupIds")
				return
			case computed:
				return
			}
			requireNonEmptyList(c, "vpcConfig.subnetIds", "", "Set vpcConfig.subnetIds to private subnets")
			requireNonEmptyList(c, "vpcConfig.securityGroupIds", "", "Set vpcConfig.securityGroupIds")
		},
	},
	{
		ID: "AVL-50", Name: "lambda-failure-destination", Group: groupAvailability,
		Title: "Lambda functions must keep failed events: a dead-letter queue or an on-failure destination.",
		HIPAA: resilienceHIPAA, SOC2: []string{"A1.2"},
		Severity: "medium", Scope: ScopeStack, Types: []string{LambdaFunction, LambdaEventInvokeConfig}, Exceptable: true,
		Remediation: "Set deadLetterConfig.targetArn to an encrypted SQS queue or SNS topic, or add a FunctionEventInvokeConfig with destinationConfig.onFailure.",
		checkStack: func(s *Stack, c *Check) {
			fns := s.OfType(LambdaFunction)
			if len(fns) == 0 {
				return
			}
			kept := map[*Resource]bool{}
			// An invoke config whose function is unknown at preview may be
			// any function's: decide at `pulumi up`.
			var unresolved *Resource
			for _, cfg := range s.OfType(LambdaEventInvokeConfig) {
				if _, st := lookup(cfg.Props, "destinationConfig.onFailure.destination"); st == missing || st == badShape {
					continue
				}
				targets := resolveRefs(s, cfg, "functionName", LambdaFunction)
				for _, f := range targets {
					kept[f] = true
				}
				if _, st := lookup(cfg.Props, "functionName"); len(targets) == 0 && st == computed {
					unresolved = cfg
				}
			}
			for _, f := range fns {
				if kept[f] {
					continue
				}
				fc := c.On(f)
				if unresolved != nil {
					c.On(unresolved).Defer("functionName")
					continue
				}
				switch v, st := lookup(f.Props, "deadLetterConfig.targetArn"); {
				case st == computed || st == present && v.IsString() && v.AsString() != "":
					continue
				case st == badShape || st == present:
					fc.shape("deadLetterConfig.targetArn", "an SQS queue or SNS topic ARN")
					continue
				}
				fc.Fail("the function has no dead-letter queue (deadLetterConfig.targetArn) and no on-failure destination, so Lambda drops an asynchronous event after its retries (the SDK's default maximumRetryAttempts is 2)",
					"Set deadLetterConfig.targetArn, or add a FunctionEventInvokeConfig with destinationConfig.onFailure")
			}
		},
	},
	{
		ID: "AVL-51", Name: "lambda-reserved-concurrency", Group: groupAvailability,
		Title: "Lambda functions must reserve their concurrency.",
		HIPAA: resilienceHIPAA, SOC2: []string{"A1.1"},
		Severity: "low", Scope: ScopeResource, Types: []string{LambdaFunction}, Exceptable: true,
		Remediation: "Set reservedConcurrentExecutions to the function's peak concurrency.",
		check: func(c *Check) {
			n, st := getNumber(c.Props(), "reservedConcurrentExecutions")
			switch {
			case st == computed:
				c.Defer("reservedConcurrentExecutions")
			case st == badShape:
				c.shape("reservedConcurrentExecutions", "a number")
			case st == missing || n < 0:
				c.Fail(fmt.Sprintf("reservedConcurrentExecutions is %s: the SDK's default -1 leaves the function unreserved, so it competes for (and can exhaust) the account's shared concurrency",
					shown(c.Props(), "reservedConcurrentExecutions")), "Set reservedConcurrentExecutions to the function's peak concurrency")
			case n == 0:
				c.Fail("reservedConcurrentExecutions is 0, which throttles every invocation", "Reserve the concurrency the function needs, or remove the function")
			}
		},
	},
	{
		ID: "AVL-52", Name: "lambda-supported-runtime", Group: groupAvailability,
		Title: "Lambda functions must use a runtime Lambda still patches.",
		HIPAA: []string{"308(a)(5)(ii)(B)"}, SOC2: []string{"CC7.1", "CC8.1"},
		Severity: "medium", Scope: ScopeResource, Types: []string{LambdaFunction}, Exceptable: true,
		Params:      map[string]any{"deprecatedRuntimes": deprecatedLambdaRuntimes},
		Remediation: "Move to a supported runtime (e.g. nodejs22.x, python3.13, java21, provided.al2023).",
		check: func(c *Check) {
			if zip, done := zipFunction(c); !zip || done {
				return
			}
			rt, st := getString(c.Props(), "runtime")
			switch st {
			case computed:
				c.Defer("runtime")
			case badShape:
				c.shape("runtime", "a runtime identifier")
			case present:
				if contains(c.StringsParam("deprecatedRuntimes"), rt) {
					c.Fail(fmt.Sprintf("runtime %s is deprecated: Lambda no longer applies security patches to it", valueText(c.Props(), "runtime")), "Move to a supported runtime")
				}
			}
		},
	},
	{
		ID: "AVL-53", Name: "lambda-vpc-multi-az", Group: groupAvailability,
		Title: "VPC Lambda functions must have subnets in at least two Availability Zones.",
		HIPAA: []string{"308(a)(7)(i)"}, SOC2: []string{"A1.2"},
		Severity: "medium", Scope: ScopeStack, Types: []string{LambdaFunction, Subnet}, Exceptable: true,
		Remediation: "List a private subnet in each of two or more Availability Zones in vpcConfig.subnetIds.",
		checkStack: func(s *Stack, c *Check) {
			for _, f := range s.OfType(LambdaFunction) {
				fc := c.On(f)
				ids, st := getArray(f.Props, "vpcConfig.subnetIds")
				switch {
				case st == missing:
					continue // not in a VPC: lambda-in-vpc reports it
				case st == computed:
					fc.Defer("vpcConfig.subnetIds")
					continue
				case st == badShape:
					fc.shape("vpcConfig.subnetIds", "a list of subnet IDs")
					continue
				case len(ids) == 0:
					continue
				case len(ids) < 2:
					fc.Fail("vpcConfig.subnetIds names one subnet, so the function stops if its Availability Zone does", "List subnets in two or more Availability Zones")
					continue
				}
				// The subnets this stack declares, through the function's
				// dependencies; judge only when every subnet is known.
				var azs []string
				var subnets int
				shownAZ := ""
				for _, u := range f.PropertyDependencies["vpcConfig"] {
					sn := s.ByURN(u)
					if sn == nil || sn.Type != Subnet {
						continue
					}
					subnets++
					az, st := getString(sn.Props, "availabilityZone")
					if st != present {
						az, st = getString(sn.Props, "availabilityZoneId")
					}
					if st == present && !contains(azs, az) {
						azs = append(azs, az)
						shownAZ = valueText(sn.Props, "availabilityZone")
						if _, st := lookup(sn.Props, "availabilityZone"); st != present {
							shownAZ = valueText(sn.Props, "availabilityZoneId")
						}
					}
				}
				if subnets == len(ids) && len(azs) == 1 {
					fc.Fail(fmt.Sprintf("all %d subnets in vpcConfig.subnetIds are in %s", len(ids), shownAZ), "List subnets in two or more Availability Zones")
				}
			}
		},
	},
	{
		ID: "LOG-54", Name: "lambda-tracing", Group: groupLogging,
		Title: "Lambda functions must trace every invocation with X-Ray (mode Active).",
		HIPAA: []string{"312(b)"}, SOC2: []string{"CC7.2"},
		Severity: "low", Scope: ScopeResource, Types: []string{LambdaFunction}, Exceptable: true,
		Remediation: "Set tracingConfig {mode: Active} and let the role write to X-Ray.",
		check: func(c *Check) {
			m, st := getString(c.Props(), "tracingConfig.mode")
			switch {
			case st == missing:
				c.Fail("tracingConfig.mode is unset: Lambda's default is PassThrough, which records a trace only when the caller sent one", "Set tracingConfig.mode: Active")
			case st == present && m == "PassThrough":
				c.Fail("tracingConfig.mode is "+valueText(c.Props(), "tracingConfig.mode")+", which records a trace only when the caller sent one", "Set tracingConfig.mode: Active")
			default:
				c.OneOf("tracingConfig.mode", []string{"Active"}, "Set tracingConfig.mode: Active")
			}
		},
	},
	{
		ID: "LOG-55", Name: "lambda-invocations-audited", Group: groupLogging,
		Title: "A stack that declares a trail must record Lambda data events (Invoke).",
		HIPAA: auditHIPAA, SOC2: []string{"A1.1", "CC7.2"},
		Severity: "low", Scope: ScopeStack, Types: []string{LambdaFunction, CloudTrail}, Exceptable: true,
		Remediation: "Give the trail an advanced event selector {eventCategory: Data, resources.type: AWS::Lambda::Function}.",
		checkStack: func(s *Stack, c *Check) {
			fns, trails := s.OfType(LambdaFunction), s.OfType(CloudTrail)
			// Without a trail here, trail-exists reports the stack (or the
			// organisation trail covers it, which a stack cannot see).
			if len(fns) == 0 || len(trails) == 0 {
				return
			}
			unsure := false
			for _, t := range trails {
				logs, st := trailRecordsLambda(t)
				if logs {
					return
				}
				tc := c.On(t)
				switch st {
				case computed:
					tc.Defer("advancedEventSelectors")
					unsure = true
				case badShape:
					for _, p := range []string{"eventSelectors", "advancedEventSelectors"} {
						if _, st := getArray(t.Props, p); st == badShape {
							tc.shape(p, "a list of selectors")
						}
					}
					unsure = true
				}
			}
			if unsure {
				return
			}
			for _, f := range fns {
				c.On(f).Fail("no trail in this stack records Lambda data events, so the function's invocations leave no audit record",
					"Add an advanced event selector with resources.type AWS::Lambda::Function to the trail")
			}
		},
	},
	{
		ID: "IAM-51", Name: "lambda-permission-not-public", Group: groupIdentity,
		Title: "Lambda function and layer permissions must not grant access to anyone.",
		HIPAA: exposureHIPAA, SOC2: []string{"CC6.1", "CC6.6"},
		Severity: "critical", Scope: ScopeResource, Types: []string{LambdaPermission, LambdaLayerPermission}, Exceptable: false,
		Remediation: "Name the principal (an account, role or service), or scope principal * with sourceArn, sourceAccount or principalOrgId (layers: organizationId).",
		check: func(c *Check) {
			p, st := getString(c.Props(), "principal")
			switch st {
			case computed:
				c.Defer("principal")
				return
			case badShape:
				c.shape("principal", "a principal string")
				return
			}
			if p != "*" {
				return
			}
			scopes := []string{"sourceArn", "sourceAccount", "principalOrgId"}
			what := "the function"
			if c.Resource().Type == LambdaLayerPermission {
				scopes, what = []string{"organizationId"}, "the layer version"
			}
			for _, k := range scopes {
				if _, st := lookup(c.Props(), k); st != missing {
					return
				}
			}
			c.Fail(fmt.Sprintf("principal is * with no %s, so any AWS account (or, for a function URL, anyone) can use %s", strings.Join(scopes, ", "), what),
				"Name the principal, or add "+strings.Join(scopes, " or "))
		},
	},
	{
		ID: "IAM-52", Name: "lambda-service-permission-scoped", Group: groupIdentity,
		Title: "Lambda permissions for AWS services must name the source resource or account.",
		HIPAA: []string{"308(a)(4)(ii)(B)", "312(a)(1)"}, SOC2: []string{"CC6.1", "CC6.3"},
		Severity: "high", Scope: ScopeResource, Types: []string{LambdaPermission}, Exceptable: true,
		Remediation: "Set sourceArn to the invoking resource (bucket, rule, topic, API) and, for S3, sourceAccount too.",
		check: func(c *Check) {
			p, st := getString(c.Props(), "principal")
			switch st {
			case computed:
				c.Defer("principal")
				return
			case badShape:
				c.shape("principal", "a principal string")
				return
			}
			if st != present || !(strings.HasSuffix(p, ".amazonaws.com") || strings.HasSuffix(p, ".amazonaws.com.cn")) {
				return
			}
			for _, k := range []string{"sourceArn", "sourceAccount"} {
				if _, st := lookup(c.Props(), k); st != missing {
					return
				}
			}
			c.Fail(fmt.Sprintf("principal %s has no sourceArn or sourceAccount, so that service may invoke the function on behalf of any account's resource (confused deputy)", valueText(c.Props(), "principal")),
				"Set sourceArn to the invoking resource's ARN (and sourceAccount for S3)")
		},
	},
	{
		ID: "IAM-53", Name: "lambda-url-auth", Group: groupIdentity,
		Title: "Lambda function URLs must require IAM authentication.",
		HIPAA: exposureHIPAA, SOC2: []string{"CC6.1", "CC6.6"},
		Severity: "critical", Scope: ScopeResource, Types: []string{LambdaFunctionURL}, Exceptable: false,
		Remediation: "Set authorizationType: AWS_IAM, or put the function behind API Gateway with an authorizer.",
		check: func(c *Check) {
			if a, st := getString(c.Props(), "authorizationType"); st == present && a == "NONE" {
				c.Fail("authorizationType is "+valueText(c.Props(), "authorizationType")+", so the function URL is a public endpoint anyone can call", "Set authorizationType: AWS_IAM")
				return
			}
			c.OneOf("authorizationType", []string{"AWS_IAM"}, "Set authorizationType: AWS_IAM")
		},
	},
	{
		ID: "NET-51", Name: "lambda-url-cors", Group: groupNetwork,
		Title: "Lambda function URLs must not allow every origin (CORS *).",
		HIPAA: []string{"312(a)(1)", "312(e)(1)"}, SOC2: []string{"CC6.6"},
		Severity: "medium", Scope: ScopeResource, Types: []string{LambdaFunctionURL}, Exceptable: true,
		Remediation: "List the exact origins (https://app.example.org) in cors.allowOrigins.",
		check: func(c *Check) {
			origins, st := getStrings(c.Props(), "cors.allowOrigins")
			switch st {
			case computed:
				c.Defer("cors.allowOrigins")
			case badShape:
				c.shape("cors.allowOrigins", "a list of origins")
			case present:
				if contains(origins, "*") {
					c.Fail("cors.allowOrigins allows *, so any website can call the URL from its visitors' browsers", "List the exact origins")
				}
			}
		},
	},
	{
		ID: "DP-50", Name: "lambda-code-signing", Group: groupDataProtection,
		Title: "Lambda functions deployed from zip packages must validate code signatures.",
		HIPAA: integrityHIPAA, SOC2: []string{"CC8.1", "CC7.1"},
		Severity: "medium", Scope: ScopeResource, Types: []string{LambdaFunction}, Exceptable: true,
		Remediation: "Attach a lambda.CodeSigningConfig (untrustedArtifactOnDeployment: Enforce) through codeSigningConfigArn.",
		check: func(c *Check) {
			if zip, done := zipFunction(c); !zip || done {
				return
			}
			presentString(c, "codeSigningConfigArn", ", so Lambda deploys any code package without checking who signed it",
				"Set codeSigningConfigArn to a code-signing config that enforces your signing profile")
		},
	},
	{
		ID: "DP-51", Name: "lambda-layers-same-account", Group: groupDataProtection,
		Title: "Lambda functions must use layers published in their own account (or a reviewed publisher's).",
		HIPAA: integrityHIPAA, SOC2: []string{"CC8.1", "CC9.2"},
		Severity: "medium", Scope: ScopeResource, Types: []string{LambdaFunction}, Exceptable: true,
		Params:      map[string]any{"allowedLayerAccounts": []string{}},
		Remediation: "Publish the layer in this account, or list its reviewed publisher (e.g. the AWS account of an AWS-published extension in your region) in allowedLayerAccounts.",
		check: func(c *Check) {
			layers, st := getStrings(c.Props(), "layers")
			switch st {
			case computed:
				c.Defer("layers")
				return
			case badShape:
				c.shape("layers", "a list of layer version ARNs")
				return
			case missing:
				return
			}
			own := ""
			role, rst := getString(c.Props(), "role")
			if rst == present {
				own = arnAccountOf(role)
			}
			for i, l := range layers {
				acct := arnAccountOf(l)
				switch {
				case acct == "":
					c.shape(fmt.Sprintf("layers[%d]", i), "a layer version ARN")
				case contains(c.StringsParam("allowedLayerAccounts"), acct):
				case own == "" && rst == computed:
					c.Defer("role")
				case own != "" && acct != own:
					shownAcct, shownOwn := acct, own
					if valueText(c.Props(), fmt.Sprintf("layers[%d]", i)) == "[secret]" {
						shownAcct = "[secret]"
					}
					if valueText(c.Props(), "role") == "[secret]" {
						shownOwn = "[secret]"
					}
					c.Fail(fmt.Sprintf("layers[%d] is published by account %s, not the function's account %s, so that account's code runs with the function's role", i, shownAcct, shownOwn),
						"Publish the layer in this account, or list its publisher in allowedLayerAccounts after review")
				}
			}
		},
	},
}

// trailRecordsLambda reports whether a trail's selectors record Lambda data
// events (classic dataResources or an advanced resources.type selector).
func trailRecordsLambda(t *Resource) (bool, state) {
	unsure := false
	if sels, st := getArray(t.Props, "eventSelectors"); st == computed {
		unsure = true
	} else {
		for _, sel := range sels {
			if !sel.IsMap() {
				unsure = unsure || sel.IsComputed()
				continue
			}
			drs, st := getArray(sel.AsMap(), "dataResources")
			unsure = unsure || st == computed
			for _, dr := range drs {
				if dr.IsMap() {
					if typ, _ := getString(dr.AsMap(), "type"); typ == "AWS::Lambda::Function" {
						return true, present
					}
				}
			}
		}
	}
	if sels, st := getArray(t.Props, "advancedEventSelectors"); st == computed {
		unsure = true
	} else {
		for _, sel := range sels {
			if !sel.IsMap() {
				unsure = unsure || sel.IsComputed()
				continue
			}
			fss, st := getArray(sel.AsMap(), "fieldSelectors")
			unsure = unsure || st == computed
			for _, fs := range fss {
				if !fs.IsMap() {
					continue
				}
				field, _ := getString(fs.AsMap(), "field")
				eq, est := getStrings(fs.AsMap(), "equals")
				unsure = unsure || est == computed
				if field == "resources.type" && contains(eq, "AWS::Lambda::Function") {
					return true, present
				}
			}
		}
	}
	if unsure {
		return false, computed
	}
	for _, p := range []string{"eventSelectors", "advancedEventSelectors"} {
		if _, st := getArray(t.Props, p); st == badShape {
			return false, badShape
		}
	}
	return false, missing
}

// --- API Gateway ------------------------------------------------------------

// restAPIPrivate reports whether a REST API's endpoint is PRIVATE (reached
// only through VPC endpoints). endpointConfiguration.types is a string in
// v6.83.4 (one value) and a list in older and newer SDKs; both are read.
func restAPIPrivate(api *Resource) (bool, state) {
	v, st := lookup(api.Props, "endpointConfiguration.types")
	switch {
	case st != present:
		return false, st // unset: the SDK's default is EDGE
	case v.IsString():
		return v.AsString() == "PRIVATE", present
	case v.IsArray():
		types, st := getStrings(api.Props, "endpointConfiguration.types")
		return st == present && len(types) > 0 && !slices.ContainsFunc(types, func(t string) bool { return t != "PRIVATE" }), st
	}
	return false, badShape
}

// stageSettings returns the method settings of a REST stage: those whose
// stageName comes from the stage, or names it on the same REST API. unsure:
// a setting's stage is unknown at preview.
func stageSettings(s *Stack, stage *Resource) (out []*Resource, unsure bool) {
	for _, ms := range s.OfType(APIGWMethodSettings) {
		if contains(ms.PropertyDependencies["stageName"], stage.URN) {
			out = append(out, ms)
			continue
		}
		sameName, u1 := sameInput(ms, stage, "stageName", "stageName")
		sameAPI, u2 := sameInput(ms, stage, "restApi", "restApi")
		if sameName && sameAPI {
			out = append(out, ms)
		}
		unsure = unsure || (u1 && len(ms.PropertyDependencies["stageName"]) == 0) || (sameName && u2)
	}
	return out, unsure
}

// allMethods reports a method setting that applies to every method.
func allMethods(ms *Resource) bool {
	p, _ := getString(ms.Props, "methodPath")
	return p == "*/*"
}

// unknownProtocol: the API's protocolType is unknown until apply.
const unknownProtocol = "(unknown)"

// v2Protocol is the protocol of a v2 stage's or route's API: "" when the
// API is not in this stack, unknownProtocol when it is unknown at preview.
func v2Protocol(s *Stack, r *Resource) string {
	out := ""
	for _, api := range resolveRefs(s, r, "apiId", APIGWv2API) {
		switch p, st := getString(api.Props, "protocolType"); st {
		case present:
			return p
		case computed:
			out = unknownProtocol
		}
	}
	return out
}

var apiGatewayRules = []*Rule{
	{
		ID: "ENC-51", Name: "apigw-cache-encrypted", Group: groupEncryption,
		Title: "API Gateway stage caches must be encrypted.",
		HIPAA: atRestHIPAA, SOC2: []string{"CC6.1"},
		Severity: "high", Scope: ScopeStack, Types: []string{APIGWStage, APIGWMethodSettings}, Exceptable: false,
		Remediation: "Give every stage with cacheClusterEnabled a MethodSettings for */* with cachingEnabled and cacheDataEncrypted true; never cache unencrypted.",
		checkStack: func(s *Stack, c *Check) {
			for _, ms := range s.OfType(APIGWMethodSettings) {
				mc := c.On(ms)
				on, st := getBool(ms.Props, "settings.cachingEnabled")
				switch {
				case st == computed:
					mc.Defer("settings.cachingEnabled")
					continue
				case st == badShape:
					mc.shape("settings.cachingEnabled", "a bool")
					continue
				case !on:
					continue
				}
				mc.True("settings.cacheDataEncrypted", "Set settings.cacheDataEncrypted: true")
			}
			for _, stage := range s.OfType(APIGWStage) {
				sc := c.On(stage)
				on, st := getBool(stage.Props, "cacheClusterEnabled")
				switch {
				case st == computed:
					sc.Defer("cacheClusterEnabled")
					continue
				case st == badShape:
					sc.shape("cacheClusterEnabled", "a bool")
					continue
				case !on:
					continue
				}
				settings, unsure := stageSettings(s, stage)
				encrypted := false
				for _, ms := range settings {
					if !allMethods(ms) {
						continue
					}
					switch b, st := getBool(ms.Props, "settings.cacheDataEncrypted"); {
					case st == computed:
						unsure = true
					case st == present && b:
						encrypted = true
					}
				}
				switch {
				case encrypted:
				case unsure:
					sc.Defer("methodSettings")
				default:
					sc.Fail("cacheClusterEnabled is true but no method setting for */* sets cacheDataEncrypted (its default is false), and API Gateway caches GET responses as soon as the stage has a cache",
						"Add a MethodSettings for */* with cacheDataEncrypted: true")
				}
			}
		},
	},
	{
		ID: "TLS-50", Name: "apigw-client-certificate", Group: groupTransit,
		Title: "API Gateway REST and WebSocket stages must present a client certificate to their backends.",
		HIPAA: transitHIPAA, SOC2: []string{"CC6.7"},
		Severity: "medium", Scope: ScopeStack, Types: []string{APIGWStage, APIGWv2Stage, APIGWv2API}, Exceptable: true,
		Remediation: "Create an apigateway.ClientCertificate and set clientCertificateId on the stage; have the backend verify it.",
		checkStack: func(s *Stack, c *Check) {
			need := func(sc *Check) {
				presentString(sc, "clientCertificateId", ", so the backend cannot tell API Gateway's requests from anyone else's",
					"Set clientCertificateId to an API Gateway client certificate")
			}
			for _, stage := range s.OfType(APIGWStage) {
				need(c.On(stage))
			}
			for _, stage := range s.OfType(APIGWv2Stage) {
				// HTTP APIs have no client certificates; WebSocket APIs do.
				switch v2Protocol(s, stage) {
				case "WEBSOCKET":
					need(c.On(stage))
				case unknownProtocol:
					c.On(stage).Defer("apiId")
				}
			}
		},
	},
	{
		ID: "TLS-51", Name: "apigw-domain-tls", Group: groupTransit,
		Title: "API Gateway custom domains must accept TLS 1.2 or later only.",
		HIPAA: transitHIPAA, SOC2: []string{"CC6.7"},
		Severity: "high", Scope: ScopeResource, Types: []string{APIGWDomainName}, Exceptable: false,
		Remediation: "Set securityPolicy: TLS_1_2 (or an enhanced SecurityPolicy_TLS13_* policy).",
		check: func(c *Check) {
			p, st := getString(c.Props(), "securityPolicy")
			switch {
			case st == missing:
				c.Fail("securityPolicy is unset: the provider sets none, and API Gateway's edge-optimized and Regional default is TLS_1_0, which accepts TLS 1.0", "Set securityPolicy: TLS_1_2")
			case st == computed:
				c.Defer("securityPolicy")
			case st == badShape:
				c.shape("securityPolicy", "a security policy name")
			case p == "TLS_1_2" || strings.HasPrefix(p, "SecurityPolicy_TLS12") || strings.HasPrefix(p, "SecurityPolicy_TLS13"):
			default:
				c.Fail(fmt.Sprintf("securityPolicy is %s, which accepts TLS 1.0", shown(c.Props(), "securityPolicy")), "Set securityPolicy: TLS_1_2")
			}
		},
	},
	{
		ID: "IAM-54", Name: "apigw-method-authorized", Group: groupIdentity,
		Title: "API Gateway REST methods must require authorization (IAM, a Lambda authorizer or Cognito).",
		HIPAA: []string{"308(a)(4)(ii)(B)", "312(a)(1)", "312(d)"}, SOC2: []string{"CC6.1", "CC6.6"},
		Severity: "high", Scope: ScopeResource, Types: []string{APIGWMethod}, Exceptable: true,
		Remediation: "Set authorization to AWS_IAM, CUSTOM (with authorizerId) or COGNITO_USER_POOLS; only the CORS preflight OPTIONS method may stay NONE.",
		check: func(c *Check) {
			m, st := getString(c.Props(), "httpMethod")
			if st == computed {
				c.Defer("httpMethod")
				return
			}
			if st == present && m == "OPTIONS" {
				return // the CORS preflight, which browsers send without credentials
			}
			a, st := getString(c.Props(), "authorization")
			switch {
			case st == computed:
				c.Defer("authorization")
			case st == badShape:
				c.shape("authorization", "NONE, CUSTOM, AWS_IAM or COGNITO_USER_POOLS")
			case st == missing || a == "NONE":
				method := "the method"
				if m != "" {
					method = valueText(c.Props(), "httpMethod")
				}
				what := fmt.Sprintf("authorization is %s, so anyone who reaches the API can call %s", orDefault(valueText(c.Props(), "authorization"), "unset"), method)
				if k, _ := getBool(c.Props(), "apiKeyRequired"); k {
					what += " (apiKeyRequired identifies a client for usage plans; AWS does not authenticate with API keys)"
				}
				c.Fail(what, "Set authorization to AWS_IAM, CUSTOM or COGNITO_USER_POOLS")
			}
		},
	},
	{
		ID: "IAM-55", Name: "apigw-route-authorized", Group: groupIdentity,
		Title: "API Gateway HTTP routes (and WebSocket $connect) must require authorization.",
		HIPAA: []string{"308(a)(4)(ii)(B)", "312(a)(1)", "312(d)"}, SOC2: []string{"CC6.1", "CC6.6"},
		Severity: "high", Scope: ScopeStack, Types: []string{APIGWv2Route, APIGWv2API}, Exceptable: true,
		Remediation: "Set authorizationType to AWS_IAM, JWT or CUSTOM with an authorizerId (WebSocket: on $connect); do not quick-create routes with target on the API.",
		checkStack: func(s *Stack, c *Check) {
			for _, api := range s.OfType(APIGWv2API) {
				ac := c.On(api)
				p, _ := getString(api.Props, "protocolType")
				if _, st := lookup(api.Props, "target"); st != missing && p != "WEBSOCKET" {
					ac.Fail("target is set, so API Gateway quick-creates a route (routeKey, default $default) with authorizationType NONE",
						"Remove target and declare the route with an authorizer")
				}
			}
			for _, r := range s.OfType(APIGWv2Route) {
				rc := c.On(r)
				key, st := getString(r.Props, "routeKey")
				switch st {
				case computed:
					rc.Defer("routeKey")
					continue
				case badShape:
					rc.shape("routeKey", "a route key")
					continue
				}
				proto := v2Protocol(s, r)
				if proto == unknownProtocol {
					rc.Defer("apiId")
					continue
				}
				ws := proto == "WEBSOCKET" || proto == "" && key != "$default" && !strings.Contains(key, " ")
				if ws && key != "$connect" {
					continue // WebSocket APIs authorize on $connect only
				}
				if !ws && strings.HasPrefix(key, "OPTIONS ") {
					continue // the CORS preflight
				}
				a, st := getString(r.Props, "authorizationType")
				switch {
				case st == computed:
					rc.Defer("authorizationType")
				case st == badShape:
					rc.shape("authorizationType", "NONE, AWS_IAM, JWT or CUSTOM")
				case st == missing:
					rc.Fail(fmt.Sprintf("authorizationType is unset (the SDK's default is NONE), so anyone can call %s", valueText(r.Props, "routeKey")), "Set authorizationType to AWS_IAM, JWT or CUSTOM")
				case a == "NONE":
					rc.Fail(fmt.Sprintf("authorizationType is %s, so anyone can call %s", valueText(r.Props, "authorizationType"), valueText(r.Props, "routeKey")), "Set authorizationType to AWS_IAM, JWT or CUSTOM")
				}
			}
		},
	},
	{
		ID: "IAM-56", Name: "apigw-no-secrets-in-stage-variables", Group: groupIdentity,
		Title: "API Gateway stage variables must not hold secrets.",
		HIPAA: credentialHIPAA, SOC2: []string{"CC6.1"},
		Severity: "critical", Scope: ScopeResource, Types: []string{APIGWStage, APIGWv2Stage}, Exceptable: false,
		Remediation: "Keep secrets in Secrets Manager; stage variables may name the secret, never hold it.",
		check: func(c *Check) {
			where := "in the stage's configuration, which anyone allowed apigateway:GET on the stage reads"
			fix := "Move the value to Secrets Manager and have the integration read it there"
			if c.Resource().Type == APIGWv2Stage {
				checkCredentialMap(c, "stageVariables", where, fix)
				return
			}
			checkCredentialMap(c, "variables", where, fix)
			checkCredentialMap(c, "canarySettings.stageVariableOverrides", where, fix)
		},
	},
	{
		ID: "NET-52", Name: "apigw-waf", Group: groupNetwork,
		Title: "Public API Gateway REST stages must sit behind a WAF web ACL with the known-bad-inputs rules.",
		HIPAA: []string{"312(a)(1)", "312(e)(1)"}, SOC2: []string{"CC6.6"},
		Severity: "high", Scope: ScopeStack, Types: []string{APIGWStage, APIGWRestAPI, WAFAssociation, WAFWebACL}, Exceptable: true,
		Remediation: "Associate a REGIONAL web ACL (WebAclAssociation with resourceArn the stage ARN) that includes AWSManagedRulesKnownBadInputsRuleSet.",
		checkStack: func(s *Stack, c *Check) {
			for _, stage := range s.OfType(APIGWStage) {
				sc := c.On(stage)
				private, unsure := false, false
				for _, api := range resolveRefs(s, stage, "restApi", APIGWRestAPI) {
					p, st := restAPIPrivate(api)
					private = private || p
					unsure = unsure || st == computed
					if st == badShape {
						c.On(api).shape("endpointConfiguration.types", "EDGE, REGIONAL or PRIVATE")
						unsure = true
					}
				}
				if private {
					continue
				}
				assocs := s.Linked(stage, "resourceArn", WAFAssociation)
				if len(assocs) == 0 {
					if unsure {
						sc.Defer("restApi")
					} else {
						sc.Fail("no WAF web ACL is associated with the stage, so nothing filters requests before they reach the API", "Add a wafv2.WebAclAssociation with resourceArn the stage's ARN")
					}
					continue
				}
				for _, a := range assocs {
					for _, acl := range resolveRefs(s, a, "webAclArn", WAFWebACL) {
						has, st := aclHasManagedGroup(acl, "AWSManagedRulesKnownBadInputsRuleSet")
						switch {
						case st == computed:
							c.On(acl).Defer("rules")
						case !has:
							c.On(acl).Fail(fmt.Sprintf("the web ACL guarding API stage %s lacks AWSManagedRulesKnownBadInputsRuleSet (Log4j and other known-bad inputs)", stage.Name),
								"Add the AWSManagedRulesKnownBadInputsRuleSet managed rule group")
						}
					}
				}
			}
		},
	},
	{
		ID: "LOG-50", Name: "apigw-access-logging", Group: groupLogging,
		Title: "API Gateway stages must write access logs.",
		HIPAA: auditHIPAA, SOC2: []string{"CC7.2", "CC7.3", "A1.1"},
		Severity: "medium", Scope: ScopeResource, Types: []string{APIGWStage, APIGWv2Stage}, Exceptable: true,
		Remediation: "Set accessLogSettings {destinationArn: an encrypted, retained log group, format: a JSON line with requestId, identity and status}.",
		check: func(c *Check) {
			switch _, st := getMap(c.Props(), "accessLogSettings"); st {
			case missing:
				c.Fail("accessLogSettings is unset, so API Gateway writes no access log for the stage", "Set accessLogSettings with destinationArn and format")
				return
			case badShape:
				c.shape("accessLogSettings", "a map with destinationArn and format")
				return
			case computed:
				return
			}
			c.Present("accessLogSettings.destinationArn", "Set accessLogSettings.destinationArn to a log group ARN")
			c.Present("accessLogSettings.format", "Set accessLogSettings.format")
		},
	},
	{
		ID: "LOG-51", Name: "apigw-execution-logging", Group: groupLogging,
		Title: "API Gateway REST and WebSocket stages must log every method's execution (ERROR or INFO) with metrics.",
		HIPAA: auditHIPAA, SOC2: []string{"CC7.2", "CC7.3", "A1.1", "PI1.2"},
		Severity: "medium", Scope: ScopeStack, Types: []string{APIGWStage, APIGWMethodSettings, APIGWv2Stage, APIGWv2API}, Exceptable: true,
		Remediation: "REST: a MethodSettings for */* with loggingLevel ERROR or INFO and metricsEnabled true. WebSocket: defaultRouteSettings.loggingLevel ERROR or INFO.",
		checkStack: func(s *Stack, c *Check) {
			levels := []string{"ERROR", "INFO"}
			for _, stage := range s.OfType(APIGWStage) {
				settings, unsure := stageSettings(s, stage)
				all := false
				for _, ms := range settings {
					mc := c.On(ms)
					lvl, st := getString(ms.Props, "settings.loggingLevel")
					if !allMethods(ms) {
						if st == present && lvl == "OFF" {
							mc.Fail("settings.loggingLevel is "+valueText(ms.Props, "settings.loggingLevel")+" for "+valueText(ms.Props, "methodPath")+", so those calls are not logged", "Remove the override or set ERROR or INFO")
						}
						continue
					}
					all = true
					if st == missing {
						mc.Fail("settings.loggingLevel is unset (API Gateway's default is OFF)", "Set settings.loggingLevel: ERROR or INFO")
					} else {
						mc.OneOf("settings.loggingLevel", levels, "Set settings.loggingLevel: ERROR or INFO")
					}
					if _, st := lookup(ms.Props, "settings.metricsEnabled"); st == missing {
						mc.Fail("settings.metricsEnabled is unset (its default is false), so the stage publishes no per-method CloudWatch metrics", "Set settings.metricsEnabled: true")
					} else {
						mc.True("settings.metricsEnabled", "Set settings.metricsEnabled: true")
					}
				}
				switch {
				case all:
				case unsure:
					c.On(stage).Defer("methodSettings")
				default:
					c.On(stage).Fail("no method setting for */* turns on execution logging, and API Gateway's default loggingLevel is OFF", "Add a MethodSettings for */* with loggingLevel ERROR or INFO and metricsEnabled true")
				}
			}
			for _, stage := range s.OfType(APIGWv2Stage) {
				// HTTP APIs have access logs only (apigw-access-logging).
				sc := c.On(stage)
				switch v2Protocol(s, stage) {
				case unknownProtocol:
					sc.Defer("apiId")
					continue
				case "WEBSOCKET":
				default:
					continue
				}
				if _, st := lookup(stage.Props, "defaultRouteSettings.loggingLevel"); st == missing {
					sc.Fail("defaultRouteSettings.loggingLevel is unset (the SDK's default is OFF)", "Set defaultRouteSettings.loggingLevel: ERROR or INFO")
				} else {
					sc.OneOf("defaultRouteSettings.loggingLevel", levels, "Set defaultRouteSettings.loggingLevel: ERROR or INFO")
				}
				sc.Each("routeSettings", func(_ int, m property.Map, p string) {
					if lvl, st := getString(m, "loggingLevel"); st == present && lvl == "OFF" {
						sc.Fail(p+".loggingLevel is "+valueText(stage.Props, p+".loggingLevel"), "Remove the override or set ERROR or INFO")
					}
				})
			}
		},
	},
	{
		ID: "LOG-52", Name: "apigw-no-data-trace", Group: groupLogging,
		Title: "API Gateway must not log full request and response bodies (data trace).",
		HIPAA: []string{"312(a)(1)", "312(b)"}, SOC2: []string{"CC6.1", "C1.1"},
		Severity: "high", Scope: ScopeResource, Types: []string{APIGWMethodSettings, APIGWv2Stage}, Exceptable: true,
		Remediation: "Leave dataTraceEnabled unset or false; use execution logging at ERROR or INFO.",
		check: func(c *Check) {
			off := func(path string) {
				on, st := getBool(c.Props(), path)
				switch {
				case st == computed:
					c.Defer(path)
				case st == badShape:
					c.shape(path, "a bool")
				case on:
					c.Fail(path+" is true, so API Gateway writes full request and response bodies, PHI included, to CloudWatch Logs", "Set "+path+": false")
				}
			}
			if c.Resource().Type == APIGWMethodSettings {
				off("settings.dataTraceEnabled")
				return
			}
			off("defaultRouteSettings.dataTraceEnabled")
			c.Each("routeSettings", func(i int, _ property.Map, p string) { off(p + ".dataTraceEnabled") })
		},
	},
	{
		ID: "LOG-53", Name: "apigw-xray", Group: groupLogging,
		Title: "API Gateway REST stages must trace requests with X-Ray.",
		HIPAA: []string{"312(b)"}, SOC2: []string{"CC7.2"},
		Severity: "low", Scope: ScopeResource, Types: []string{APIGWStage}, Exceptable: true,
		Remediation: "Set xrayTracingEnabled: true.",
		check: func(c *Check) {
			c.True("xrayTracingEnabled", "Set xrayTracingEnabled: true")
		},
	},
	{
		ID: "DP-54", Name: "apigw-request-validation", Group: groupDataProtection,
		Title: "API Gateway REST methods must validate requests before they reach the backend.",
		HIPAA: []string{"312(c)(1)"}, SOC2: []string{"PI1.2"},
		Severity: "low", Scope: ScopeResource, Types: []string{APIGWMethod}, Exceptable: true,
		Remediation: "Create an apigateway.RequestValidator (validateRequestParameters and validateRequestBody) and set requestValidatorId with requestModels or requestParameters.",
		check: func(c *Check) {
			m, st := getString(c.Props(), "httpMethod")
			switch {
			case st == computed:
				c.Defer("httpMethod")
				return
			case st == badShape:
				c.shape("httpMethod", "an HTTP method")
				return
			case m == "OPTIONS":
				return
			}
			presentString(c, "requestValidatorId", ", so API Gateway passes requests to the backend without validating their parameters or body", "Set requestValidatorId")
		},
	},
}

// aclHasManagedGroup reports whether a web ACL's rules use a managed rule
// group by name.
func aclHasManagedGroup(acl *Resource, name string) (bool, state) {
	rs, st := getArray(acl.Props, "rules")
	if st == computed {
		return false, computed
	}
	for _, r := range rs {
		if !r.IsMap() {
			continue
		}
		if n, st := getString(r.AsMap(), "statement.managedRuleGroupStatement.name"); st == computed {
			return false, computed
		} else if n == name {
			return true, present
		}
	}
	return false, missing
}

// --- SQS, Kinesis, Firehose ----------------------------------------------

// policyScopes are the condition keys that narrow a statement for any
// principal to known callers (as resource-policies-not-public reads them,
// plus the VPC endpoint and VPC keys a queue policy may use).
var policyScopes = []string{"aws:SourceArn", "aws:SourceAccount", "aws:PrincipalOrgID", "aws:SourceOwner", "aws:SourceVpce", "aws:SourceVpc", "aws:PrincipalAccount"}

// firehoseS3Paths are where a delivery stream writes to S3: the extended S3
// destination, every destination's S3 configuration (backup or failed
// records) and the backup configurations.
var firehoseS3Paths = []string{
	"extendedS3Configuration", "extendedS3Configuration.s3BackupConfiguration",
	"redshiftConfiguration.s3Configuration", "redshiftConfiguration.s3BackupConfiguration",
	"elasticsearchConfiguration.s3Configuration", "opensearchConfiguration.s3Configuration",
	"opensearchserverlessConfiguration.s3Configuration", "splunkConfiguration.s3Configuration",
	"httpEndpointConfiguration.s3Configuration", "snowflakeConfiguration.s3Configuration",
	"icebergConfiguration.s3Configuration",
}

// firehoseSourced reports a stream reading from a Kinesis stream or MSK:
// Firehose then keeps no copy of its own, the source's encryption applies,
// and SSE cannot be enabled on the delivery stream.
func firehoseSourced(c *Check) bool {
	for _, p := range []string{"kinesisSourceConfiguration", "mskSourceConfiguration"} {
		if _, st := lookup(c.Props(), p); st != missing {
			return true
		}
	}
	return false
}

var queueAndStreamRules = []*Rule{
	{
		ID: "ENC-52", Name: "sqs-sse", Group: groupEncryption,
		Title: "SQS queues must be encrypted at rest; PHI and Confidential queues with a customer-managed KMS key.",
		HIPAA: atRestHIPAA, SOC2: []string{"CC6.1", "PI1.4"},
		Severity: "high", Scope: ScopeResource, Types: []string{SQSQueue}, Exceptable: false,
		Params:      map[string]any{"awsManagedKeyAllowedFor": []string{"Public", "Internal"}},
		Remediation: "Set kmsMasterKeyId to a customer-managed key (required for PHI and Confidential); other queues may keep SQS-managed SSE, never sqsManagedSseEnabled false without a key.",
		check: func(c *Check) {
			key, st := getString(c.Props(), "kmsMasterKeyId")
			switch st {
			case computed:
				return // a key is named
			case badShape:
				c.shape("kmsMasterKeyId", "a KMS key ID or ARN")
				return
			case present:
				if key == "alias/aws/sqs" {
					c.Fail("kmsMasterKeyId is "+valueText(c.Props(), "kmsMasterKeyId")+", the AWS-managed key, whose policy you cannot scope", "Use a customer-managed key")
				}
				return
			}
			if needsOwnKey(c, c.Resource()) {
				c.Fail(fmt.Sprintf("kmsMasterKeyId is unset on %s queue, so SQS encrypts with its own SQS-owned key (SSE-SQS), which no key policy of yours governs", aClass(c.Props())),
					"Set kmsMasterKeyId to a customer-managed key")
				return
			}
			switch on, st := getBool(c.Props(), "sqsManagedSseEnabled"); {
			case st == computed:
				c.Defer("sqsManagedSseEnabled")
			case st == badShape:
				c.shape("sqsManagedSseEnabled", "a bool")
			case st == present && !on:
				c.Fail("sqsManagedSseEnabled is false and kmsMasterKeyId is unset, so messages are stored unencrypted", "Remove sqsManagedSseEnabled: false or set kmsMasterKeyId")
			}
			// Unset: AWS encrypts every queue created over HTTPS with SSE-SQS
			// (the default since October 2022; the provider always uses HTTPS).
		},
	},
	{
		ID: "IAM-57", Name: "sqs-policy-not-public", Group: groupIdentity,
		Title: "SQS queue policies must not grant access to anyone without a source condition.",
		HIPAA: exposureHIPAA, SOC2: []string{"CC6.1", "CC6.6"},
		Severity: "critical", Scope: ScopeResource, Types: []string{SQSQueue, SQSQueuePolicy}, Exceptable: false,
		Remediation: "Name the principals, or scope a * principal with aws:SourceArn, aws:SourceAccount or aws:PrincipalOrgID.",
		check: func(c *Check) {
			if _, st := lookup(c.Props(), "policy"); st == missing {
				return
			}
			doc, ok := c.JSON("policy")
			if !ok {
				return
			}
			hidden := valueText(c.Props(), "policy") == "[secret]"
			for _, a := range publicAllows(doc, policyScopes) {
				if hidden {
					a = "an action"
				}
				c.Fail("the policy allows "+orDefault(a, "every action")+" to anyone, with no source condition", "Scope the statement with aws:SourceArn, aws:SourceAccount or aws:PrincipalOrgID")
			}
		},
	},
	{
		ID: "IAM-58", Name: "sqs-policy-no-wildcard-actions", Group: groupIdentity,
		Title: "SQS queue policies must grant named actions, never * or sqs:*.",
		HIPAA: []string{"308(a)(4)(ii)(B)", "312(a)(1)"}, SOC2: []string{"CC6.3"},
		Severity: "high", Scope: ScopeResource, Types: []string{SQSQueue, SQSQueuePolicy}, Exceptable: true,
		Remediation: "List the actions each principal needs (sqs:SendMessage for producers; ReceiveMessage, DeleteMessage, ChangeMessageVisibility, GetQueueAttributes for consumers).",
		check: func(c *Check) {
			if _, st := lookup(c.Props(), "policy"); st == missing {
				return
			}
			doc, ok := c.JSON("policy")
			if !ok {
				return
			}
			for i, st := range statements(doc) {
				if st["Effect"] != "Allow" {
					continue
				}
				if st["NotAction"] != nil {
					c.Fail(fmt.Sprintf("statement %d allows NotAction, which grants every action not listed", i), "List the allowed actions instead")
				}
				for _, a := range strs(st["Action"]) {
					if a == "*" || strings.EqualFold(a, "sqs:*") {
						c.Fail(fmt.Sprintf("statement %d allows every SQS action", i), "Grant the named actions the principal needs")
						break
					}
				}
			}
		},
	},
	{
		ID: "ENC-53", Name: "kinesis-kms", Group: groupEncryption,
		Title: "Kinesis data and video streams must be encrypted with KMS; PHI and Confidential streams with a customer-managed key.",
		HIPAA: atRestHIPAA, SOC2: []string{"CC6.1", "PI1.4"},
		Severity: "high", Scope: ScopeResource, Types: []string{KinesisStream, KinesisVideoStream}, Exceptable: false,
		Params:      map[string]any{"awsManagedKeyAllowedFor": []string{"Public", "Internal"}},
		Remediation: "Data streams: encryptionType KMS with kmsKeyId. Video streams: kmsKeyId. A customer-managed key for PHI and Confidential data.",
		check: func(c *Check) {
			fix := "Set kmsKeyId to a customer-managed KMS key"
			if c.Resource().Type == KinesisVideoStream {
				if _, st := lookup(c.Props(), "kmsKeyId"); st == missing {
					c.Fail("kmsKeyId is unset, so Kinesis Video Streams encrypts with the AWS-managed aws/kinesisvideo key", fix)
					return
				}
				checkCMK(c, "kmsKeyId", fix)
				return
			}
			t, st := getString(c.Props(), "encryptionType")
			switch {
			case st == computed:
				c.Defer("encryptionType")
			case st == badShape:
				c.shape("encryptionType", "NONE or KMS")
			case st == missing:
				c.Fail("encryptionType is unset (the SDK's default is NONE), so records are stored unencrypted", "Set encryptionType: KMS and kmsKeyId")
			case t != "KMS":
				c.Fail("encryptionType is "+valueText(c.Props(), "encryptionType")+", so records are stored unencrypted", "Set encryptionType: KMS and kmsKeyId")
			default:
				checkCMK(c, "kmsKeyId", fix)
			}
		},
	},
	{
		ID: "AVL-54", Name: "kinesis-stream-retention", Group: groupAvailability,
		Title: "Kinesis data streams must keep records at least a week, so consumers can replay after an outage.",
		HIPAA: []string{"308(a)(7)(ii)(A)", "308(a)(7)(ii)(B)"}, SOC2: []string{"C1.2", "A1.2"},
		Severity: "medium", Scope: ScopeResource, Types: []string{KinesisStream}, Exceptable: true,
		Params:      map[string]any{"minRetentionHours": 168},
		Remediation: "Set retentionPeriod to 168 hours or more.",
		check: func(c *Check) {
			min := c.NumParam("minRetentionHours")
			if _, st := lookup(c.Props(), "retentionPeriod"); st == missing {
				c.Fail(fmt.Sprintf("retentionPeriod is unset (the SDK's default is 24 hours), want at least %v", min), "Set retentionPeriod")
				return
			}
			c.AtLeast("retentionPeriod", min, "Set retentionPeriod")
		},
	},
	{
		ID: "ENC-54", Name: "firehose-sse", Group: groupEncryption,
		Title: "Firehose delivery streams must encrypt buffered records; PHI and Confidential streams with a customer-managed key.",
		HIPAA: atRestHIPAA, SOC2: []string{"CC6.1", "PI1.4"},
		Severity: "high", Scope: ScopeResource, Types: []string{FirehoseStream}, Exceptable: false,
		Params:      map[string]any{"awsManagedKeyAllowedFor": []string{"Public", "Internal"}},
		Remediation: "Set serverSideEncryption {enabled: true, keyType: CUSTOMER_MANAGED_CMK, keyArn} (streams reading a Kinesis stream or MSK inherit its encryption).",
		check: func(c *Check) {
			if firehoseSourced(c) {
				return
			}
			if _, st := lookup(c.Props(), "serverSideEncryption.enabled"); st == missing {
				c.Fail("serverSideEncryption.enabled is unset (the SDK's default is false), so Firehose buffers records unencrypted", "Set serverSideEncryption.enabled: true")
				return
			}
			if !c.True("serverSideEncryption.enabled", "Set serverSideEncryption.enabled: true") {
				return
			}
			if !needsOwnKey(c, c.Resource()) {
				return
			}
			kt, st := getString(c.Props(), "serverSideEncryption.keyType")
			switch {
			case st == missing:
				c.Fail(fmt.Sprintf("serverSideEncryption.keyType is unset (the SDK's default is AWS_OWNED_CMK) on %s stream", aClass(c.Props())), "Set keyType: CUSTOMER_MANAGED_CMK and keyArn")
			case st == present && kt != "CUSTOMER_MANAGED_CMK":
				c.Fail(fmt.Sprintf("serverSideEncryption.keyType is %s on %s stream", valueText(c.Props(), "serverSideEncryption.keyType"), aClass(c.Props())), "Set keyType: CUSTOMER_MANAGED_CMK and keyArn")
			default:
				if c.OneOf("serverSideEncryption.keyType", []string{"CUSTOMER_MANAGED_CMK"}, "Set keyType: CUSTOMER_MANAGED_CMK") {
					c.Present("serverSideEncryption.keyArn", "Set serverSideEncryption.keyArn to the customer-managed key")
				}
			}
		},
	},
	{
		ID: "ENC-55", Name: "firehose-destination-encryption", Group: groupEncryption,
		Title: "PHI and Confidential delivery streams must encrypt what they write to S3 with a KMS key.",
		HIPAA: atRestHIPAA, SOC2: []string{"CC6.1", "PI1.4"},
		Severity: "high", Scope: ScopeResource, Types: []string{FirehoseStream}, Exceptable: false,
		Params:      map[string]any{"awsManagedKeyAllowedFor": []string{"Public", "Internal"}},
		Remediation: "Set kmsKeyArn on extendedS3Configuration and on every destination's s3Configuration and s3BackupConfiguration.",
		check: func(c *Check) {
			if !needsOwnKey(c, c.Resource()) {
				return
			}
			for _, p := range firehoseS3Paths {
				switch _, st := getMap(c.Props(), p); st {
				case present:
					presentString(c, p+".kmsKeyArn", ": the SDK documents that Firehose then applies no encryption of its own to the objects it writes",
						"Set "+p+".kmsKeyArn to a customer-managed key")
				case badShape:
					c.shape(p, "a map")
				}
			}
		},
	},
	{
		ID: "TLS-52", Name: "firehose-destination-tls", Group: groupTransit,
		Title: "Firehose must deliver to HTTP and Splunk endpoints over HTTPS.",
		HIPAA: transitHIPAA, SOC2: []string{"CC6.7"},
		Severity: "high", Scope: ScopeResource, Types: []string{FirehoseStream}, Exceptable: false,
		Remediation: "Use an https:// URL for httpEndpointConfiguration.url and splunkConfiguration.hecEndpoint.",
		check: func(c *Check) {
			for _, p := range []string{"httpEndpointConfiguration.url", "splunkConfiguration.hecEndpoint"} {
				u, st := getString(c.Props(), p)
				switch {
				case st == computed:
					c.Defer(p)
				case st == badShape:
					c.shape(p, "a URL")
				case st == present && strings.HasPrefix(strings.ToLower(u), "http://"):
					c.Fail(p+" is a plain http:// URL, so records leave AWS unencrypted", "Use the endpoint's https:// URL")
				}
			}
		},
	},
	{
		ID: "IAM-59", Name: "firehose-destination-credentials", Group: groupIdentity,
		Title: "Firehose destinations must authenticate through Secrets Manager, never with credentials passed as inputs.",
		HIPAA: credentialHIPAA, SOC2: []string{"CC6.1"},
		Severity: "critical", Scope: ScopeResource, Types: []string{FirehoseStream}, Exceptable: false,
		Remediation: "Remove password, hecToken, accessKey or privateKey and set the destination's secretsManagerConfiguration {enabled: true, secretArn, roleArn}.",
		check: func(c *Check) {
			for _, p := range []string{"redshiftConfiguration.password", "splunkConfiguration.hecToken", "httpEndpointConfiguration.accessKey",
				"snowflakeConfiguration.privateKey", "snowflakeConfiguration.keyPassphrase"} {
				block, _, _ := strings.Cut(p, ".")
				switch _, st := lookup(c.Props(), block); st {
				case computed:
					c.Defer(block)
					continue
				case missing:
					continue
				}
				switch _, st := lookup(c.Props(), p); st {
				case badShape:
					c.shape(block, "a map")
				case present, computed:
					// Unknown at preview is still a credential passed as an input.
					c.Fail(p+" is set: the credential is an input of the stream, kept in Pulumi state and returned by firehose:DescribeDeliveryStream",
						"Keep it in Secrets Manager and set the destination's secretsManagerConfiguration")
				}
			}
		},
	},
}

// --- SageMaker ----------------------------------------------------------

// scriptSecret: a shell assignment of a literal to a secret-named variable
// (export DB_PASSWORD='...'); a value from a variable, a command or a
// file is not a literal.
var scriptSecret = regexp.MustCompile(`(?i)\b([A-Z0-9_]*(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY)[A-Z0-9_]*)=(["']?)([^\s"'$` + "`" + `(]{4,})`)

// checkScript scans a base64-encoded shell script input for credentials,
// naming the line and the variable, never the value.
func checkScript(c *Check, path string) {
	v, st := lookup(c.Props(), path)
	switch {
	case st == missing:
		return
	case st == computed:
		c.Defer(path)
		return
	case st == badShape || !v.IsString():
		c.shape(path, "a base64-encoded shell script")
		return
	}
	src, err := base64.StdEncoding.DecodeString(strings.TrimSpace(v.AsString()))
	if err != nil {
		c.shape(path, "a base64-encoded shell script")
		return
	}
	for i, line := range strings.Split(string(src), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		if k := credentialKind(line); k != "" {
			c.Fail(fmt.Sprintf("%s line %d holds %s", path, i+1, k), "Read the secret from Secrets Manager at start-up (aws secretsmanager get-secret-value)")
			continue
		}
		if m := scriptSecret.FindStringSubmatch(line); m != nil && !referenceName.MatchString(m[1]) && !isReference(m[4]) {
			c.Fail(fmt.Sprintf("%s line %d sets %s to a literal value", path, i+1, m[1]), "Read the secret from Secrets Manager at start-up (aws secretsmanager get-secret-value)")
		}
	}
}

// oneOfOrUnset fails an unset input with what AWS then does; otherwise it
// requires one of allowed (a value check: unknown defers).
func oneOfOrUnset(c *Check, path, unset string, allowed []string, fix string) bool {
	if _, st := lookup(c.Props(), path); st == missing {
		c.Fail(path+" is unset"+unset, fix)
		return false
	}
	return c.OneOf(path, allowed, fix)
}

var sageMakerRules = []*Rule{
	{
		ID: "ENC-56", Name: "sagemaker-notebook-domain-kms", Group: groupEncryption,
		Title: "SageMaker notebook instances and Studio domains must encrypt their storage with a KMS key of yours.",
		HIPAA: atRestHIPAA, SOC2: []string{"CC6.1", "PI1.4"},
		Severity: "high", Scope: ScopeResource, Types: []string{SageMakerNotebook, SageMakerDomain}, Exceptable: false,
		Params:      map[string]any{"awsManagedKeyAllowedFor": []string{"Public", "Internal"}},
		Remediation: "Set kmsKeyId to a customer-managed KMS key.",
		check: func(c *Check) {
			what := "the notebook's ML storage volume"
			if c.Resource().Type == SageMakerDomain {
				what = "the domain's EFS home directories"
			}
			if _, st := lookup(c.Props(), "kmsKeyId"); st == missing {
				c.Fail("kmsKeyId is unset, so SageMaker encrypts "+what+" with an AWS-managed key no key policy of yours governs", "Set kmsKeyId to a customer-managed KMS key")
				return
			}
			checkCMK(c, "kmsKeyId", "Set kmsKeyId to a customer-managed KMS key")
		},
	},
	{
		ID: "ENC-57", Name: "sagemaker-endpoint-kms", Group: groupEncryption,
		Title: "SageMaker endpoint configurations must encrypt instance storage, captured data and async output with a KMS key of yours.",
		HIPAA: atRestHIPAA, SOC2: []string{"CC6.1", "PI1.4"},
		Severity: "high", Scope: ScopeResource, Types: []string{SageMakerEndpointConfig}, Exceptable: true,
		Remediation: "Set kmsKeyArn, dataCaptureConfig.kmsKeyId and asyncInferenceConfig.outputConfig.kmsKeyId to a customer-managed key (instance types with local NVMe storage take no kmsKeyArn: record an exception).",
		check: func(c *Check) {
			presentString(c, "kmsKeyArn", ", so SageMaker encrypts the endpoint's storage volumes with an AWS-managed key no key policy of yours governs",
				"Set kmsKeyArn to a customer-managed KMS key")
			if _, st := getMap(c.Props(), "dataCaptureConfig"); st == present {
				if on, st := getBool(c.Props(), "dataCaptureConfig.enableCapture"); !(st == present && !on) {
					presentString(c, "dataCaptureConfig.kmsKeyId", ", so the captured requests and responses (PHI) land in S3 under the bucket's default encryption only",
						"Set dataCaptureConfig.kmsKeyId to a customer-managed KMS key")
				}
			}
			if _, st := getMap(c.Props(), "asyncInferenceConfig.outputConfig"); st == present {
				presentString(c, "asyncInferenceConfig.outputConfig.kmsKeyId", ", so asynchronous inference results land in S3 under the bucket's default encryption only",
					"Set asyncInferenceConfig.outputConfig.kmsKeyId to a customer-managed KMS key")
			}
		},
	},
	{
		ID: "ENC-58", Name: "sagemaker-jobs-kms", Group: groupEncryption,
		Title: "SageMaker monitoring jobs and human-review flows must encrypt their output and volumes with KMS.",
		HIPAA: atRestHIPAA, SOC2: []string{"CC6.1", "PI1.4"},
		Severity: "high", Scope: ScopeResource, Types: []string{SageMakerDataQualityJob, SageMakerFlowDefinition}, Exceptable: true,
		Remediation: "Data-quality jobs: dataQualityJobOutputConfig.kmsKeyId and jobResources.clusterConfig.volumeKmsKeyId. Flow definitions: outputConfig.kmsKeyId.",
		check: func(c *Check) {
			if c.Resource().Type == SageMakerFlowDefinition {
				presentString(c, "outputConfig.kmsKeyId", ", so the human reviewers' output lands in S3 under the bucket's default encryption only", "Set outputConfig.kmsKeyId")
				return
			}
			presentString(c, "dataQualityJobOutputConfig.kmsKeyId", ", so the job's reports land in S3 under the bucket's default encryption only", "Set dataQualityJobOutputConfig.kmsKeyId")
			presentString(c, "jobResources.clusterConfig.volumeKmsKeyId", ", so the job's instance volumes use an AWS-managed key", "Set jobResources.clusterConfig.volumeKmsKeyId")
		},
	},
	{
		ID: "TLS-53", Name: "sagemaker-job-intercontainer-tls", Group: groupTransit,
		Title: "SageMaker monitoring jobs must encrypt traffic between their instances.",
		HIPAA: transitHIPAA, SOC2: []string{"CC6.7"},
		Severity: "medium", Scope: ScopeResource, Types: []string{SageMakerDataQualityJob}, Exceptable: true,
		Remediation: "Set networkConfig.enableInterContainerTrafficEncryption: true.",
		check: func(c *Check) {
			if _, st := lookup(c.Props(), "networkConfig.enableInterContainerTrafficEncryption"); st == missing {
				c.Fail("networkConfig.enableInterContainerTrafficEncryption is unset (SageMaker's default is false), so data moves between the job's instances in plaintext",
					"Set networkConfig.enableInterContainerTrafficEncryption: true")
				return
			}
			c.True("networkConfig.enableInterContainerTrafficEncryption", "Set networkConfig.enableInterContainerTrafficEncryption: true")
		},
	},
	{
		ID: "NET-53", Name: "sagemaker-no-direct-internet", Group: groupNetwork,
		Title: "SageMaker notebook instances and Studio domains must reach the internet only through the VPC.",
		HIPAA: exposureHIPAA, SOC2: []string{"CC6.6"},
		Severity: "high", Scope: ScopeResource, Types: []string{SageMakerNotebook, SageMakerDomain}, Exceptable: false,
		Remediation: "Notebooks: directInternetAccess Disabled (with subnetId and securityGroups). Domains: appNetworkAccessType VpcOnly.",
		check: func(c *Check) {
			if c.Resource().Type == SageMakerDomain {
				oneOfOrUnset(c, "appNetworkAccessType", " (the SDK's default is PublicInternetOnly), so Studio apps reach the internet directly, around the VPC's controls",
					[]string{"VpcOnly"}, "Set appNetworkAccessType: VpcOnly")
				return
			}
			oneOfOrUnset(c, "directInternetAccess", " (the SDK's default is Enabled), so the notebook reaches the internet directly, around the VPC's controls",
				[]string{"Disabled"}, "Set directInternetAccess: Disabled")
		},
	},
	{
		ID: "NET-54", Name: "sagemaker-notebook-in-vpc", Group: groupNetwork,
		Title: "SageMaker notebook instances must run in a VPC subnet with security groups.",
		HIPAA: exposureHIPAA, SOC2: []string{"CC6.6"},
		Severity: "high", Scope: ScopeResource, Types: []string{SageMakerNotebook}, Exceptable: true,
		Remediation: "Set subnetId to a private subnet and securityGroups.",
		check: func(c *Check) {
			if presentString(c, "subnetId", ", so the notebook runs in SageMaker's own network, outside your VPC", "Set subnetId to a private subnet") {
				requireNonEmptyList(c, "securityGroups", "", "Set securityGroups")
			}
		},
	},
	{
		ID: "NET-55", Name: "sagemaker-model-network-isolation", Group: groupNetwork,
		Title: "SageMaker models must run with network isolation.",
		HIPAA: exposureHIPAA, SOC2: []string{"CC6.6"},
		Severity: "high", Scope: ScopeResource, Types: []string{SageMakerModel}, Exceptable: true,
		Remediation: "Set enableNetworkIsolation: true (the container then gets no network access).",
		check: func(c *Check) {
			c.True("enableNetworkIsolation", "Set enableNetworkIsolation: true")
		},
	},
	{
		ID: "NET-56", Name: "sagemaker-model-in-vpc", Group: groupNetwork,
		Title: "SageMaker models must run in VPC subnets with security groups.",
		HIPAA: exposureHIPAA, SOC2: []string{"CC6.6"},
		Severity: "medium", Scope: ScopeResource, Types: []string{SageMakerModel}, Exceptable: true,
		Remediation: "Set vpcConfig {subnets: private subnets, securityGroupIds}.",
		check: func(c *Check) {
			switch _, st := getMap(c.Props(), "vpcConfig"); st {
			case missing:
				c.Fail("vpcConfig is unset, so the model's containers run in SageMaker's own network, outside your VPC", "Set vpcConfig with subnets and securityGroupIds")
				return
			case badShape:
				c.shape("vpcConfig", "a map with subnets and securityGroupIds")
				return
			case computed:
				return
			}
			requireNonEmptyList(c, "vpcConfig.subnets", "", "Set vpcConfig.subnets")
			requireNonEmptyList(c, "vpcConfig.securityGroupIds", "", "Set vpcConfig.securityGroupIds")
		},
	},
	{
		ID: "IAM-60", Name: "sagemaker-notebook-root-disabled", Group: groupIdentity,
		Title: "SageMaker notebook users must not have root access.",
		HIPAA: []string{"308(a)(3)(i)", "308(a)(4)(ii)(A)", "312(a)(1)"}, SOC2: []string{"CC6.1", "CC6.3"},
		Severity: "medium", Scope: ScopeResource, Types: []string{SageMakerNotebook}, Exceptable: true,
		Remediation: "Set rootAccess: Disabled; install packages in a lifecycle configuration.",
		check: func(c *Check) {
			oneOfOrUnset(c, "rootAccess", " (the SDK's default is Enabled), so every notebook user is root on the instance", []string{"Disabled"}, "Set rootAccess: Disabled")
		},
	},
	{
		ID: "IAM-61", Name: "sagemaker-notebook-imdsv2", Group: groupIdentity,
		Title: "SageMaker notebook instances must allow only IMDSv2.",
		HIPAA: []string{"308(a)(4)(ii)(A)", "312(a)(1)"}, SOC2: []string{"CC6.1", "CC6.6"},
		Severity: "medium", Scope: ScopeResource, Types: []string{SageMakerNotebook}, Exceptable: true,
		Remediation: "Set instanceMetadataServiceConfiguration.minimumInstanceMetadataServiceVersion: \"2\".",
		check: func(c *Check) {
			oneOfOrUnset(c, "instanceMetadataServiceConfiguration.minimumInstanceMetadataServiceVersion",
				" (CreateNotebookInstance then defaults to 1, which also answers IMDSv1), so a request forged through the notebook can read the role's credentials",
				[]string{"2"}, "Set minimumInstanceMetadataServiceVersion: \"2\"")
		},
	},
	{
		ID: "IAM-62", Name: "sagemaker-lifecycle-no-secrets", Group: groupIdentity,
		Title: "SageMaker notebook lifecycle scripts must not hold secrets.",
		HIPAA: credentialHIPAA, SOC2: []string{"CC6.1"},
		Severity: "critical", Scope: ScopeResource, Types: []string{SageMakerLifecycleConfig}, Exceptable: false,
		Remediation: "Read secrets from Secrets Manager in the script with the notebook's role; never write them into onCreate or onStart.",
		check: func(c *Check) {
			checkScript(c, "onCreate")
			checkScript(c, "onStart")
		},
	},
	{
		ID: "AVL-55", Name: "sagemaker-endpoint-multi-instance", Group: groupAvailability,
		Title: "SageMaker production variants must start with at least two instances.",
		HIPAA: []string{"308(a)(7)(i)"}, SOC2: []string{"A1.2"},
		Severity: "medium", Scope: ScopeResource, Types: []string{SageMakerEndpointConfig}, Exceptable: true,
		Params:      map[string]any{"minInstances": 2},
		Remediation: "Set initialInstanceCount to 2 or more on every instance-based production variant (SageMaker spreads them across Availability Zones).",
		check: func(c *Check) {
			min := c.NumParam("minInstances")
			c.Each("productionVariants", func(_ int, v property.Map, p string) {
				if _, st := lookup(v, "serverlessConfig"); st != missing {
					return // serverless variants have no instances to count
				}
				if _, st := lookup(v, "initialInstanceCount"); st == missing {
					c.Fail(fmt.Sprintf("%s.initialInstanceCount is unset, want at least %v", p, min), "Set initialInstanceCount")
					return
				}
				c.AtLeast(p+".initialInstanceCount", min, "Set initialInstanceCount to 2 or more")
			})
		},
	},
}

// --- CodeBuild --------------------------------------------------------------

// gitHosts are the source types CodeBuild authenticates to.
var gitHosts = []string{"GITHUB", "GITHUB_ENTERPRISE", "BITBUCKET", "GITLAB", "GITLAB_SELF_MANAGED"}

// managedSourceAuth: authentication CodeBuild does not hold itself (a
// CodeConnections connection, a Secrets Manager secret).
var managedSourceAuth = []string{"CODECONNECTIONS", "SECRETS_MANAGER"}

// eachSource runs fn over a project's primary and secondary sources.
func eachSource(c *Check, fn func(src property.Map, path string)) {
	switch m, st := getMap(c.Props(), "source"); st {
	case present:
		fn(m, "source")
	case badShape:
		c.shape("source", "a map")
	}
	c.Each("secondarySources", func(_ int, m property.Map, p string) { fn(m, p) })
}

// urlCredentials reports a URL that carries a secret in its user info
// (user:password@, a token as the user) or anywhere in it.
func urlCredentials(u string) bool {
	if credentialKind(u) != "" {
		return true
	}
	scheme, rest, ok := strings.Cut(u, "://")
	if !ok || scheme == "" {
		return false
	}
	host, _, _ := strings.Cut(rest, "/")
	user, _, found := strings.Cut(host, "@")
	if !found {
		return false
	}
	_, pass, hasPass := strings.Cut(user, ":")
	return hasPass && pass != "" || strings.HasPrefix(user, "x-token-auth") || strings.HasPrefix(user, "x-access-token") || strings.HasPrefix(user, "oauth2")
}

// anchoredPattern: every top-level alternative starts with ^ and ends with
// $. Alternatives inside a group (^(a|b)$) are anchored by the group's
// anchors, so only | outside parentheses and brackets splits.
func anchoredPattern(p string) bool {
	var alts []string
	depth, start, class, esc := 0, 0, false, false
	for i, r := range p {
		switch {
		case esc:
			esc = false
		case r == '\\':
			esc = true
		case class:
			class = r != ']'
		case r == '[':
			class = true
		case r == '(':
			depth++
		case r == ')':
			depth--
		case r == '|' && depth == 0:
			alts = append(alts, p[start:i])
			start = i + 1
		}
	}
	for _, alt := range append(alts, p[start:]) {
		alt = strings.TrimSpace(alt)
		if alt != "" && !(strings.HasPrefix(alt, "^") && strings.HasSuffix(alt, "$")) {
			return false
		}
	}
	return true
}

var codeBuildRules = []*Rule{
	{
		ID: "ENC-59", Name: "codebuild-encryption", Group: groupEncryption,
		Title: "CodeBuild artifacts, S3 logs and report exports must be encrypted, artifacts with a KMS key of yours.",
		HIPAA: atRestHIPAA, SOC2: []string{"CC6.1"},
		Severity: "medium", Scope: ScopeResource, Types: []string{CodeBuildProject, CodeBuildReportGroup}, Exceptable: true,
		Remediation: "Set encryptionKey to a customer-managed key; never set encryptionDisabled on artifacts, S3 logs or report exports.",
		check: func(c *Check) {
			off := func(path string) {
				on, st := getBool(c.Props(), path)
				switch {
				case st == computed:
					c.Defer(path)
				case st == badShape:
					c.shape(path, "a bool")
				case on:
					c.Fail(path+" is true, so CodeBuild writes it to S3 unencrypted", "Remove "+path)
				}
			}
			if c.Resource().Type == CodeBuildReportGroup {
				t, st := getString(c.Props(), "exportConfig.type")
				switch {
				case st == computed:
					c.Defer("exportConfig.type")
				case st == badShape:
					c.shape("exportConfig.type", "S3 or NO_EXPORT")
				case t == "S3":
					off("exportConfig.s3Destination.encryptionDisabled")
					presentString(c, "exportConfig.s3Destination.encryptionKey", "", "Set exportConfig.s3Destination.encryptionKey to a customer-managed key")
				}
				return
			}
			t, st := getString(c.Props(), "artifacts.type")
			if st == computed {
				c.Defer("artifacts.type")
				return
			}
			if st == badShape {
				c.shape("artifacts.type", "CODEPIPELINE, NO_ARTIFACTS or S3")
				return
			}
			n, _ := listLen(c.Props(), "secondaryArtifacts")
			if t != "NO_ARTIFACTS" || n > 0 {
				presentString(c, "encryptionKey", ", so CodeBuild encrypts build output with the AWS-managed key for S3 (aws/s3)", "Set encryptionKey to a customer-managed KMS key")
			}
			off("artifacts.encryptionDisabled")
			c.Each("secondaryArtifacts", func(_ int, _ property.Map, p string) { off(p + ".encryptionDisabled") })
			off("logsConfig.s3Logs.encryptionDisabled")
		},
	},
	{
		ID: "TLS-54", Name: "codebuild-source-tls", Group: groupTransit,
		Title: "CodeBuild must fetch source over verified TLS.",
		HIPAA: transitHIPAA, SOC2: []string{"CC6.7", "CC8.1"},
		Severity: "high", Scope: ScopeResource, Types: []string{CodeBuildProject}, Exceptable: true,
		Remediation: "Remove insecureSsl and use https:// source locations.",
		check: func(c *Check) {
			eachSource(c, func(src property.Map, p string) {
				switch on, st := getBool(src, "insecureSsl"); {
				case st == computed:
					c.Defer(p + ".insecureSsl")
				case st == badShape:
					c.shape(p+".insecureSsl", "a bool")
				case on:
					c.Fail(p+".insecureSsl is true, so CodeBuild accepts any certificate when it fetches source", "Remove insecureSsl")
				}
				if u, st := getString(src, "location"); st == present && strings.HasPrefix(strings.ToLower(u), "http://") {
					c.Fail(p+".location is a plain http:// URL", "Use the repository's https:// URL")
				}
			})
		},
	},
	{
		ID: "IAM-63", Name: "codebuild-no-plaintext-credentials", Group: groupIdentity,
		Title: "CodeBuild environment variables must not hold credentials in plaintext.",
		HIPAA: credentialHIPAA, SOC2: []string{"CC6.1"},
		Severity: "critical", Scope: ScopeResource, Types: []string{CodeBuildProject}, Exceptable: false,
		Remediation: "Give the build a service role instead of AWS keys; pass other secrets as type SECRETS_MANAGER or PARAMETER_STORE with the secret's name as value.",
		check: func(c *Check) {
			c.Each("environment.environmentVariables", func(_ int, e property.Map, p string) {
				name, _ := getString(e, "name")
				suspect := awsCredentialName.MatchString(name) || secretName.MatchString(name) && !referenceName.MatchString(name)
				switch t, st := getString(e, "type"); {
				case st == computed:
					if suspect {
						c.Defer(p + ".type")
					}
					return
				case st == badShape:
					c.shape(p+".type", "PLAINTEXT, PARAMETER_STORE or SECRETS_MANAGER")
					return
				case st == present && t != "PLAINTEXT":
					return // the value names a secret; CodeBuild resolves it
				}
				v, st := lookup(e, "value")
				marked := secretAt(c.Props(), p+".value")
				why := ""
				switch {
				case st == missing:
					return
				case st == computed:
					if marked {
						why = "a value the program marked secret"
					} else if suspect {
						c.Defer(p + ".value")
					}
				case !v.IsString():
					c.shape(p+".value", "a string")
					return
				default:
					why = plaintextCredential(name, v.AsString(), marked)
				}
				if why != "" {
					c.Fail(fmt.Sprintf("%s (%s) holds %s as a PLAINTEXT variable, which anyone allowed codebuild:BatchGetProjects reads", p, valueText(c.Props(), p+".name"), why),
						"Use the build's service role for AWS access, or make it a SECRETS_MANAGER variable naming the secret")
				}
			})
		},
	},
	{
		ID: "IAM-64", Name: "codebuild-source-url-no-credentials", Group: groupIdentity,
		Title: "CodeBuild source URLs must not embed credentials.",
		HIPAA: credentialHIPAA, SOC2: []string{"CC6.1"},
		Severity: "critical", Scope: ScopeResource, Types: []string{CodeBuildProject}, Exceptable: false,
		Remediation: "Use the plain repository URL and authenticate with source.auth (CODECONNECTIONS) or a source credential.",
		check: func(c *Check) {
			eachSource(c, func(src property.Map, p string) {
				u, st := getString(src, "location")
				switch {
				case st == computed:
					c.Defer(p + ".location")
				case st == badShape:
					c.shape(p+".location", "a URL")
				case st == present && urlCredentials(u):
					c.Fail(p+".location embeds credentials in the repository URL, which CodeBuild shows to anyone who can read the project",
						"Use the plain repository URL and a CODECONNECTIONS connection")
				}
			})
		},
	},
	{
		ID: "IAM-65", Name: "codebuild-source-auth", Group: groupIdentity,
		Title: "CodeBuild must reach GitHub, GitLab and Bitbucket through CodeConnections or a Secrets Manager secret, not a stored token.",
		HIPAA: credentialHIPAA, SOC2: []string{"CC6.1", "CC8.1"},
		Severity: "high", Scope: ScopeStack, Types: []string{CodeBuildProject, CodeBuildSourceCredential}, Exceptable: true,
		Remediation: "Set source.auth {type: CODECONNECTIONS, resource: the connection ARN}, or declare a CodeBuild SourceCredential with authType CODECONNECTIONS or SECRETS_MANAGER.",
		checkStack: func(s *Stack, c *Check) {
			managed := map[string]bool{}
			unsure := false
			for _, sc := range s.OfType(CodeBuildSourceCredential) {
				cc := c.On(sc)
				at, st := getString(sc.Props, "authType")
				switch {
				case st == computed:
					cc.Defer("authType")
					unsure = true
					continue
				case st == badShape:
					cc.shape("authType", "an authentication type")
					continue
				case contains(managedSourceAuth, at):
					if server, st := getString(sc.Props, "serverType"); st == present {
						managed[server] = true
					} else {
						unsure = true
					}
				case st == present:
					cc.Fail("authType is "+valueText(sc.Props, "authType")+": CodeBuild keeps the token itself, outside Secrets Manager's rotation, and cdk-nag and AWS Config expect OAuth-based access",
						"Use authType CODECONNECTIONS (or SECRETS_MANAGER)")
				}
			}
			for _, pr := range s.OfType(CodeBuildProject) {
				pc := c.On(pr)
				eachSource(pc, func(src property.Map, p string) {
					t, st := getString(src, "type")
					if st == computed {
						pc.Defer(p + ".type")
						return
					}
					if !contains(gitHosts, t) {
						return
					}
					at, st := getString(src, "auth.type")
					switch {
					case st == computed:
						pc.Defer(p + ".auth.type")
					case st == badShape:
						pc.shape(p+".auth", "a map with type and resource")
					case st == present && !contains(managedSourceAuth, at):
						pc.Fail(p+".auth.type is "+valueText(src, "auth.type"), "Set "+p+".auth.type: CODECONNECTIONS")
					case st == missing && !managed[t]:
						if unsure {
							pc.Defer(p + ".auth")
							return
						}
						pc.Fail(fmt.Sprintf("%s.auth is unset and this stack declares no CODECONNECTIONS or SECRETS_MANAGER source credential for %s, so CodeBuild uses whatever credential the account holds (often a personal access token)", p, valueText(src, "type")),
							"Set "+p+".auth to a CodeConnections connection")
					}
				})
			}
		},
	},
	{
		ID: "IAM-66", Name: "codebuild-privileged-mode", Group: groupIdentity,
		Title: "CodeBuild projects must not run builds in privileged mode.",
		HIPAA: []string{"308(a)(3)(i)", "308(a)(4)(ii)(A)", "312(a)(1)"}, SOC2: []string{"CC6.1", "CC6.8"},
		Severity: "high", Scope: ScopeResource, Types: []string{CodeBuildProject}, Exceptable: true,
		Remediation: "Remove privilegedMode; build images with a builder that needs no Docker daemon (e.g. buildah or kaniko), or record an exception for the image-building project.",
		check: func(c *Check) {
			on, st := getBool(c.Props(), "environment.privilegedMode")
			switch {
			case st == computed:
				c.Defer("environment.privilegedMode")
			case st == badShape:
				c.shape("environment.privilegedMode", "a bool")
			case on:
				c.Fail("environment.privilegedMode is true, so build commands get root on the build host's Docker daemon", "Remove privilegedMode")
			}
		},
	},
	{
		ID: "NET-57", Name: "codebuild-project-private", Group: groupNetwork,
		Title: "CodeBuild projects must keep their builds private.",
		HIPAA: exposureHIPAA, SOC2: []string{"CC6.1", "CC6.6"},
		Severity: "high", Scope: ScopeResource, Types: []string{CodeBuildProject}, Exceptable: false,
		Remediation: "Leave projectVisibility unset (PRIVATE, the SDK's default).",
		check: func(c *Check) {
			v, st := getString(c.Props(), "projectVisibility")
			switch {
			case st == computed:
				c.Defer("projectVisibility")
			case st == badShape:
				c.shape("projectVisibility", "PRIVATE or PUBLIC_READ")
			case st == present && v != "PRIVATE":
				c.Fail("projectVisibility is "+valueText(c.Props(), "projectVisibility")+", so anyone on the internet can read the builds' logs and artifacts", "Set projectVisibility: PRIVATE")
			}
		},
	},
	{
		ID: "LOG-56", Name: "codebuild-logging", Group: groupLogging,
		Title: "CodeBuild projects must log builds to a log group (or bucket) the stack governs.",
		HIPAA: []string{"312(b)"}, SOC2: []string{"A1.1", "CC7.2"},
		Severity: "medium", Scope: ScopeResource, Types: []string{CodeBuildProject}, Exceptable: true,
		Remediation: "Set logsConfig.cloudwatchLogs {status: ENABLED, groupName: an encrypted, retained log group} (or s3Logs ENABLED with a location).",
		check: func(c *Check) {
			switch _, st := getMap(c.Props(), "logsConfig"); st {
			case missing:
				c.Fail("logsConfig is unset, so CodeBuild logs to /aws/codebuild/<project>, a log group it creates itself with no KMS key and no retention",
					"Set logsConfig.cloudwatchLogs.groupName to a log group made with common.LogGroup")
				return
			case badShape:
				c.shape("logsConfig", "a map")
				return
			case computed:
				c.Defer("logsConfig")
				return
			}
			cw, cst := getString(c.Props(), "logsConfig.cloudwatchLogs.status")
			s3, sst := getString(c.Props(), "logsConfig.s3Logs.status")
			if cst == computed || sst == computed {
				c.Defer("logsConfig")
				return
			}
			if sst == present && s3 == "ENABLED" {
				presentString(c, "logsConfig.s3Logs.location", "", "Set logsConfig.s3Logs.location")
				return
			}
			if cst == present && cw == "DISABLED" {
				c.Fail("logsConfig.cloudwatchLogs.status is DISABLED and S3 logs are off (their default), so builds leave no log", "Enable CloudWatch Logs or S3 logs")
				return
			}
			presentString(c, "logsConfig.cloudwatchLogs.groupName", ", so CodeBuild logs to /aws/codebuild/<project>, a log group it creates itself with no KMS key and no retention",
				"Set logsConfig.cloudwatchLogs.groupName to a log group made with common.LogGroup")
		},
	},
	{
		ID: "DP-52", Name: "codebuild-buildspec-pinned", Group: groupDataProtection,
		Title: "CodeBuild projects must not run a buildspec file that anyone who can push to the repository controls.",
		HIPAA: integrityHIPAA, SOC2: []string{"CC8.1"},
		Severity: "medium", Scope: ScopeResource, Types: []string{CodeBuildProject}, Exceptable: true,
		Remediation: "Put the buildspec inline in source.buildspec (or in an S3 object only the pipeline writes).",
		check: func(c *Check) {
			eachSource(c, func(src property.Map, p string) {
				b, st := getString(src, "buildspec")
				switch {
				case st == computed:
					c.Defer(p + ".buildspec")
				case st == badShape:
					c.shape(p+".buildspec", "a buildspec or its path")
				case st == present && !strings.Contains(b, "\n") && (strings.HasSuffix(b, ".yml") || strings.HasSuffix(b, ".yaml")):
					c.Fail(p+".buildspec names a file in the repository ("+valueText(src, "buildspec")+"), so whoever can push to the repository decides what the build runs with the project's role",
						"Put the buildspec inline")
				}
			})
		},
	},
	{
		ID: "DP-53", Name: "codebuild-webhook-filters-anchored", Group: groupDataProtection,
		Title: "CodeBuild webhook filters on actors and branches must be anchored regular expressions.",
		HIPAA: integrityHIPAA, SOC2: []string{"CC8.1", "CC6.1"},
		Severity: "high", Scope: ScopeResource, Types: []string{CodeBuildWebhook}, Exceptable: true,
		Remediation: "Write ACTOR_ACCOUNT_ID, HEAD_REF and BASE_REF patterns as ^...$ (each alternative), e.g. ^(12345|67890)$.",
		check: func(c *Check) {
			c.Each("filterGroups", func(_ int, _ property.Map, g string) {
				c.Each(g+".filters", func(_ int, f property.Map, p string) {
					t, _ := getString(f, "type")
					if t != "ACTOR_ACCOUNT_ID" && t != "HEAD_REF" && t != "BASE_REF" {
						return
					}
					pat, st := getString(f, "pattern")
					switch {
					case st == computed:
						c.Defer(p + ".pattern")
					case st == badShape:
						c.shape(p+".pattern", "a regular expression")
					case st == present && !anchoredPattern(pat):
						c.Fail(fmt.Sprintf("%s.pattern %s for %s is not anchored with ^ and $, so an actor or branch that merely contains the text also triggers builds", p, valueText(f, "pattern"), valueText(f, "type")),
							"Anchor every alternative: ^...$")
					}
				})
			})
		},
	},
}

// --- SNS subscriptions, Secrets Manager secret policies, ECS task definitions ---

// argSecret: a command-line flag given a literal secret (--password=...).
var argSecret = regexp.MustCompile(`(?i)^--?(password|passwd|pass|pwd|token|secret|api-?key|client-secret)(=|$)`)

// dangerousCapabilities are Linux capabilities that give a container
// control of the host (SYS_ADMIN, SYS_MODULE) or its network (NET_ADMIN).
var dangerousCapabilities = []string{"ALL", "SYS_ADMIN", "SYS_MODULE", "SYS_RAWIO", "NET_ADMIN", "DAC_READ_SEARCH", "SYS_PTRACE"}

// hostPaths that hand a container the host: its root, the container
// runtime's socket, kernel and system state.
var hostPaths = []string{"/", "/var/run/docker.sock", "/run/docker.sock", "/run/containerd/containerd.sock", "/proc", "/sys", "/etc", "/root", "/var/run", "/run"}

// containerList parses containerDefinitions and reports a document that is
// not a list of container objects (ECS rejects it, and the identity rules
// would read nothing from it). name gives a container's label for
// messages, by index when the document is secret.
func containerList(c *Check) (list []map[string]any, name func(i int) string, ok bool) {
	doc, ok := c.JSON("containerDefinitions")
	if !ok {
		return nil, nil, false
	}
	arr, isList := doc.([]any)
	if !isList {
		c.shape("containerDefinitions", "a JSON list of container definitions")
		return nil, nil, false
	}
	hidden := secretAt(c.Props(), "containerDefinitions")
	for i, e := range arr {
		m, isMap := e.(map[string]any)
		if !isMap {
			c.Fail(fmt.Sprintf("containerDefinitions[%d] has an unexpected shape (a %T), want a container definition object", i, e), "Set containerDefinitions as ECS documents it")
			continue
		}
		list = append(list, m)
	}
	name = func(i int) string {
		if n, isString := list[i]["name"].(string); isString && !hidden {
			return n
		}
		return fmt.Sprintf("#%d", i)
	}
	return list, name, true
}

var grantAndContainerRules = []*Rule{
	{
		ID: "TLS-55", Name: "sns-subscription-https", Group: groupTransit,
		Title: "SNS subscriptions must not deliver to plain HTTP endpoints.",
		HIPAA: transitHIPAA, SOC2: []string{"CC6.7"},
		Severity: "high", Scope: ScopeResource, Types: []string{SNSTopicSubscription}, Exceptable: false,
		Remediation: "Use protocol https with an https:// endpoint (or deliver to SQS or Lambda).",
		check: func(c *Check) {
			p, st := getString(c.Props(), "protocol")
			switch {
			case st == computed:
				c.Defer("protocol")
				return
			case st == badShape:
				c.shape("protocol", "a protocol name")
				return
			case p == "http":
				c.Fail("protocol is "+valueText(c.Props(), "protocol")+", so SNS delivers each message, PHI included, in plaintext", "Use protocol https with an https:// endpoint")
				return
			case p != "https":
				return
			}
			if e, st := getString(c.Props(), "endpoint"); st == present && strings.HasPrefix(strings.ToLower(e), "http://") {
				c.Fail("endpoint is a plain http:// URL under protocol https", "Use the endpoint's https:// URL")
			}
		},
	},
	{
		ID: "IAM-67", Name: "secret-policy-not-public", Group: groupIdentity,
		Title: "Secrets Manager secret policies must not grant access to anyone without a source condition.",
		HIPAA: exposureHIPAA, SOC2: []string{"CC6.1", "CC6.6"},
		Severity: "critical", Scope: ScopeResource, Types: []string{SecretPolicy}, Exceptable: false,
		Remediation: "Name the principals (the roles that read the secret), or scope a * principal with aws:PrincipalOrgID or aws:SourceAccount.",
		check: func(c *Check) {
			doc, ok := c.JSON("policy")
			if !ok {
				return
			}
			hidden := secretAt(c.Props(), "policy")
			for _, a := range publicAllows(doc, policyScopes) {
				if hidden {
					a = "an action"
				}
				c.Fail("the policy allows "+orDefault(a, "every action")+" on the secret to anyone, with no source condition", "Name the principals that read the secret")
			}
		},
	},
	{
		ID: "TLS-56", Name: "ecs-efs-transit-encryption", Group: groupTransit,
		Title: "ECS tasks must mount EFS volumes with encryption in transit.",
		HIPAA: transitHIPAA, SOC2: []string{"CC6.7"},
		Severity: "high", Scope: ScopeResource, Types: []string{ECSTaskDefinition}, Exceptable: false,
		Remediation: "Set volumes[].efsVolumeConfiguration.transitEncryption: ENABLED (and authorizationConfig.iam: ENABLED with an access point).",
		check: func(c *Check) {
			c.Each("volumes", func(_ int, v property.Map, p string) {
				switch _, st := getMap(v, "efsVolumeConfiguration"); st {
				case missing:
					return
				case badShape:
					c.shape(p+".efsVolumeConfiguration", "a map")
					return
				case computed:
					c.Defer(p + ".efsVolumeConfiguration")
					return
				}
				oneOfOrUnset(c, p+".efsVolumeConfiguration.transitEncryption", " (the SDK's default is DISABLED), so the task reads and writes the file system over plain NFS",
					[]string{"ENABLED"}, "Set transitEncryption: ENABLED")
			})
		},
	},
	{
		ID: "IAM-68", Name: "ecs-taskdef-secret-values", Group: groupIdentity,
		Title: "Task definitions must not carry credentials in environment values, labels or commands.",
		HIPAA: credentialHIPAA, SOC2: []string{"CC6.1"},
		Severity: "critical", Scope: ScopeResource, Types: []string{ECSTaskDefinition}, Exceptable: false,
		Remediation: "Move the credential to Secrets Manager and reference it from secrets[].valueFrom; keep URLs, labels and commands free of credentials.",
		check: func(c *Check) {
			list, name, ok := containerList(c)
			if !ok {
				return
			}
			fix := "Move it to secrets[] with valueFrom a Secrets Manager ARN"
			for i, cont := range list {
				switch env := cont["environment"].(type) {
				case nil:
				case []any:
					for j, e := range env {
						kv, _ := e.(map[string]any)
						n, _ := kv["name"].(string)
						v, _ := kv["value"].(string)
						// Names and access keys no-plaintext-secrets-in-taskdef reports.
						if secretEnvName.MatchString(n) || accessKeyValue.MatchString(v) {
							continue
						}
						if k := credentialKind(v); k != "" {
							c.Fail(fmt.Sprintf("container %s environment[%d] holds %s", name(i), j, k), fix)
						}
					}
				default:
					c.Fail(fmt.Sprintf("container %s environment has an unexpected shape (%T), want a list of {name, value}", name(i), env), "Set environment as a list of {name, value}")
				}
				if labels, isMap := cont["dockerLabels"].(map[string]any); isMap {
					for _, k := range slices.Sorted(func(yield func(string) bool) {
						for k := range labels {
							if !yield(k) {
								return
							}
						}
					}) {
						if v, _ := labels[k].(string); credentialKind(v) != "" {
							c.Fail(fmt.Sprintf("container %s dockerLabels hold %s", name(i), credentialKind(v)), "Remove the credential from the label")
						}
					}
				}
				for _, key := range []string{"command", "entryPoint"} {
					args, _ := cont[key].([]any)
					for j, a := range args {
						s, _ := a.(string)
						switch {
						case credentialKind(s) != "":
							c.Fail(fmt.Sprintf("container %s %s[%d] holds %s", name(i), key, j, credentialKind(s)), "Read the credential from a secrets[] variable at start-up")
						case argSecret.MatchString(s) && (strings.Contains(s, "=") && isLiteralSecret(s[strings.Index(s, "=")+1:]) ||
							!strings.Contains(s, "=") && j+1 < len(args) && isLiteralArg(args[j+1])):
							c.Fail(fmt.Sprintf("container %s %s[%d] passes a literal secret on the command line", name(i), key, j), "Read the credential from a secrets[] variable at start-up")
						}
					}
				}
			}
		},
	},
	{
		ID: "IAM-69", Name: "ecs-container-host-isolation", Group: groupIdentity,
		Title: "Containers must not share the host's namespaces, gain host-level capabilities, mount the host or run as root under another spelling.",
		HIPAA: []string{"308(a)(3)(i)", "308(a)(4)(ii)(A)", "312(a)(1)"}, SOC2: []string{"CC6.1", "CC6.8"},
		Severity: "high", Scope: ScopeResource, Types: []string{ECSTaskDefinition}, Exceptable: true,
		Remediation: "Remove container-level pidMode/ipcMode host, dangerous linuxParameters.capabilities.add, host volumes of /, /proc, /etc or the Docker socket; run as a non-root UID.",
		check: func(c *Check) {
			c.Each("volumes", func(_ int, v property.Map, p string) {
				hp, st := getString(v, "hostPath")
				switch {
				case st == computed:
					c.Defer(p + ".hostPath")
				case st == badShape:
					c.shape(p+".hostPath", "a path")
				case st == present && (hp == "/" || contains(hostPaths, strings.TrimSuffix(hp, "/"))):
					c.Fail(fmt.Sprintf("%s mounts the host's %s into the task", p, valueText(v, "hostPath")), "Use a task-scoped volume")
				}
			})
			list, name, ok := containerList(c)
			if !ok {
				return
			}
			for i, cont := range list {
				// checkov reads pidMode where containers have none; ECS ignores it
				// there, but a definition that asks for the host's namespaces is
				// a mistake to stop (the task-level modes are container-hardening's).
				for _, k := range []string{"pidMode", "ipcMode"} {
					if v, _ := cont[k].(string); v == "host" {
						c.Fail(fmt.Sprintf("container %s sets %s host", name(i), k), "Remove "+k)
					}
				}
				lp, _ := cont["linuxParameters"].(map[string]any)
				caps, _ := lp["capabilities"].(map[string]any)
				for _, a := range strs(caps["add"]) {
					if contains(dangerousCapabilities, strings.ToUpper(strings.TrimPrefix(a, "CAP_"))) {
						if secretAt(c.Props(), "containerDefinitions") {
							a = "[secret]"
						}
						c.Fail(fmt.Sprintf("container %s adds capability %s, which reaches past the container", name(i), a), "Drop the capability")
					}
				}
				// container-hardening reads root, 0 and 0:<gid>; the other spellings here.
				if u, _ := cont["user"].(string); u != "" && u != "root" && u != "0" && !strings.HasPrefix(u, "0:") {
					if uid, _, _ := strings.Cut(u, ":"); strings.EqualFold(uid, "root") || uid == "0" {
						if secretAt(c.Props(), "containerDefinitions") {
							u = "[secret]"
						}
						c.Fail(fmt.Sprintf("container %s runs as root (user %s)", name(i), u), "Set user to a non-root UID, e.g. 10001")
					}
				}
			}
		},
	},
}

// isLiteralArg: the argument after a secret flag is a literal, not a
// variable the shell or ECS expands.
func isLiteralArg(a any) bool {
	s, _ := a.(string)
	return isLiteralSecret(s) && !strings.HasPrefix(s, "-")
}
