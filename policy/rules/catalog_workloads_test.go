package rules

import (
	"encoding/base64"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// workloadCase is one resource rule of catalog_workloads.go judged four
// ways: compliant (no finding at all), violating (a violation whose message
// says want), unknown at preview (a deferral and no violation, or nothing
// when the rule only asks that a value be set) and of the wrong shape (a
// violation naming shapePath).
type workloadCase struct {
	rule, typ                                 string
	compliant, violating, unknown, wrongShape M
	want, shapePath                           string
	presence                                  bool
}

// workloadStackCase is the same for a stack rule.
type workloadStackCase struct {
	rule                                      string
	compliant, violating, unknown, wrongShape fixture
	want, shapePath                           string
}

const (
	wlAccount = "111122223333"
	wlCMK     = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	wlRole    = "arn:aws:iam::111122223333:role/app"
)

var workloadCases = slices.Concat(lambdaCases, apiGatewayCases, streamCases, sageMakerCases, codeBuildCases, grantAndContainerCases)

var lambdaCases = []workloadCase{
	{rule: "lambda-env-cmk", typ: LambdaFunction,
		compliant:  M{"environment": M{"variables": M{"LOG_LEVEL": "info"}}, "kmsKeyArn": wlCMK},
		violating:  M{"environment": M{"variables": M{"LOG_LEVEL": "info"}}},
		unknown:    M{"environment": M{"variables": unknown}},
		wrongShape: M{"environment": M{"variables": "LOG_LEVEL=info"}},
		want:       "kmsKeyArn is unset while environment.variables holds 1 variable(s): the SDK documents that Lambda then encrypts them with its default service key", shapePath: "environment.variables"},
	{rule: "lambda-no-env-secrets", typ: LambdaFunction,
		compliant: M{"environment": M{"variables": M{"DB_SECRET_ARN": "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf",
			"LOG_LEVEL": "info", "TOKEN_TTL": "3600", "PASSTHROUGH_MODE": "strict"}}},
		violating:  M{"environment": M{"variables": M{"DB_PASSWORD": "hunter2-prod"}}},
		unknown:    M{"environment": M{"variables": M{"API_TOKEN": unknown}}},
		wrongShape: M{"environment": M{"variables": M{"PORT": 8080}}},
		want:       "environment.variables.DB_PASSWORD holds a literal value under a secret's name in plaintext", shapePath: "environment.variables.PORT"},
	{rule: "lambda-in-vpc", typ: LambdaFunction,
		compliant:  M{"vpcConfig": M{"subnetIds": []any{"subnet-a", "subnet-b"}, "securityGroupIds": []any{"sg-1"}}},
		violating:  M{"runtime": "python3.13"},
		unknown:    M{"vpcConfig": M{"subnetIds": unknown, "securityGroupIds": unknown}},
		wrongShape: M{"vpcConfig": "subnet-a"},
		want:       "vpcConfig is unset, so Lambda runs the function outside the VPC", shapePath: "vpcConfig", presence: true},
	{rule: "lambda-reserved-concurrency", typ: LambdaFunction,
		compliant:  M{"reservedConcurrentExecutions": 10},
		violating:  M{},
		unknown:    M{"reservedConcurrentExecutions": unknown},
		wrongShape: M{"reservedConcurrentExecutions": []any{10}},
		want:       "reservedConcurrentExecutions is unset: the SDK's default -1 leaves the function unreserved", shapePath: "reservedConcurrentExecutions"},
	{rule: "lambda-supported-runtime", typ: LambdaFunction,
		compliant:  M{"runtime": "python3.13"},
		violating:  M{"runtime": "python3.8"},
		unknown:    M{"runtime": unknown},
		wrongShape: M{"runtime": M{"name": "python3.8"}},
		want:       "runtime python3.8 is deprecated", shapePath: "runtime"},
	{rule: "lambda-tracing", typ: LambdaFunction,
		compliant:  M{"tracingConfig": M{"mode": "Active"}},
		violating:  M{},
		unknown:    M{"tracingConfig": M{"mode": unknown}},
		wrongShape: M{"tracingConfig": M{"mode": true}},
		want:       "tracingConfig.mode is unset: Lambda's default is PassThrough", shapePath: "tracingConfig.mode"},
	{rule: "lambda-permission-not-public", typ: LambdaPermission,
		compliant:  M{"action": "lambda:InvokeFunction", "principal": "s3.amazonaws.com", "sourceArn": "arn:aws:s3:::intake", "sourceAccount": wlAccount},
		violating:  M{"action": "lambda:InvokeFunction", "principal": "*"},
		unknown:    M{"action": "lambda:InvokeFunction", "principal": unknown},
		wrongShape: M{"action": "lambda:InvokeFunction", "principal": []any{"*"}},
		want:       "principal is * with no sourceArn, sourceAccount, principalOrgId", shapePath: "principal"},
	{rule: "lambda-service-permission-scoped", typ: LambdaPermission,
		compliant:  M{"action": "lambda:InvokeFunction", "principal": "events.amazonaws.com", "sourceArn": "arn:aws:events:us-east-1:111122223333:rule/nightly"},
		violating:  M{"action": "lambda:InvokeFunction", "principal": "s3.amazonaws.com"},
		unknown:    M{"action": "lambda:InvokeFunction", "principal": unknown},
		wrongShape: M{"action": "lambda:InvokeFunction", "principal": 42},
		want:       "principal s3.amazonaws.com has no sourceArn or sourceAccount", shapePath: "principal"},
	{rule: "lambda-url-auth", typ: LambdaFunctionURL,
		compliant:  M{"functionName": "intake", "authorizationType": "AWS_IAM"},
		violating:  M{"functionName": "intake", "authorizationType": "NONE"},
		unknown:    M{"functionName": "intake", "authorizationType": unknown},
		wrongShape: M{"functionName": "intake", "authorizationType": false},
		want:       "authorizationType is NONE, so the function URL is a public endpoint", shapePath: "authorizationType"},
	{rule: "lambda-url-cors", typ: LambdaFunctionURL,
		compliant:  M{"authorizationType": "AWS_IAM", "cors": M{"allowOrigins": []any{"https://app.example.org"}}},
		violating:  M{"authorizationType": "AWS_IAM", "cors": M{"allowOrigins": []any{"*"}}},
		unknown:    M{"authorizationType": "AWS_IAM", "cors": M{"allowOrigins": unknown}},
		wrongShape: M{"authorizationType": "AWS_IAM", "cors": M{"allowOrigins": "*"}},
		want:       "cors.allowOrigins allows *", shapePath: "cors.allowOrigins"},
	{rule: "lambda-code-signing", typ: LambdaFunction,
		compliant:  M{"codeSigningConfigArn": "arn:aws:lambda:us-east-1:111122223333:code-signing-config:csc-0abc"},
		violating:  M{"runtime": "python3.13"},
		unknown:    M{"codeSigningConfigArn": unknown},
		wrongShape: M{"packageType": []any{"Zip"}},
		want:       "codeSigningConfigArn is unset, so Lambda deploys any code package", shapePath: "packageType", presence: true},
	{rule: "lambda-layers-same-account", typ: LambdaFunction,
		compliant:  M{"role": wlRole, "layers": []any{"arn:aws:lambda:us-east-1:111122223333:layer:shared:3"}},
		violating:  M{"role": wlRole, "layers": []any{"arn:aws:lambda:us-east-1:999988887777:layer:metrics:1"}},
		unknown:    M{"role": unknown, "layers": []any{"arn:aws:lambda:us-east-1:999988887777:layer:metrics:1"}},
		wrongShape: M{"role": wlRole, "layers": "arn:aws:lambda:us-east-1:111122223333:layer:shared:3"},
		want:       "layers[0] is published by account 999988887777, not the function's account 111122223333", shapePath: "layers"},
}

func wlFn(name string, props M) Resource { return named(res(LambdaFunction, props), name) }

var workloadStackCases = slices.Concat(lambdaStackCases, apiGatewayStackCases, codeBuildStackCases)

var lambdaStackCases = []workloadStackCase{
	{rule: "lambda-failure-destination",
		compliant: fixture{rs: []Resource{
			wlFn("intake", M{"deadLetterConfig": M{"targetArn": "arn:aws:sqs:us-east-1:111122223333:intake-dlq"}}),
			wlFn("notify", M{"name": "notify"}),
			named(res(LambdaEventInvokeConfig, M{"functionName": "notify", "destinationConfig": M{"onFailure": M{"destination": "arn:aws:sqs:us-east-1:111122223333:notify-failed"}}}), "notify"),
		}},
		violating: fixture{rs: []Resource{wlFn("intake", M{"runtime": "python3.13"})}},
		unknown: fixture{rs: []Resource{
			wlFn("intake", M{}),
			named(res(LambdaEventInvokeConfig, M{"functionName": unknown, "destinationConfig": M{"onFailure": M{"destination": "arn:aws:sqs:us-east-1:111122223333:q"}}}), "cfg"),
		}},
		wrongShape: fixture{rs: []Resource{wlFn("intake", M{"deadLetterConfig": "arn:aws:sqs:us-east-1:111122223333:intake-dlq"})}},
		want:       "no dead-letter queue (deadLetterConfig.targetArn) and no on-failure destination", shapePath: "deadLetterConfig.targetArn"},
	{rule: "lambda-vpc-multi-az",
		compliant: fixture{rs: []Resource{
			wlFn("intake", M{"vpcConfig": M{"subnetIds": []any{"subnet-a", "subnet-b"}, "securityGroupIds": []any{"sg-1"}}}),
			named(res(Subnet, M{"availabilityZone": "us-east-1a"}), "a"),
			named(res(Subnet, M{"availabilityZone": "us-east-1b"}), "b"),
		}, deps: map[int]map[string][]int{0: {"vpcConfig": {1, 2}}}},
		violating: fixture{rs: []Resource{
			wlFn("intake", M{"vpcConfig": M{"subnetIds": []any{"subnet-a", "subnet-b"}, "securityGroupIds": []any{"sg-1"}}}),
			named(res(Subnet, M{"availabilityZone": "us-east-1a"}), "a"),
			named(res(Subnet, M{"availabilityZone": "us-east-1a"}), "b"),
		}, deps: map[int]map[string][]int{0: {"vpcConfig": {1, 2}}}},
		unknown:    fixture{rs: []Resource{wlFn("intake", M{"vpcConfig": M{"subnetIds": unknown}})}},
		wrongShape: fixture{rs: []Resource{wlFn("intake", M{"vpcConfig": M{"subnetIds": "subnet-a"}})}},
		want:       "all 2 subnets in vpcConfig.subnetIds are in us-east-1a", shapePath: "vpcConfig.subnetIds"},
	{rule: "lambda-invocations-audited",
		compliant: fixture{rs: []Resource{wlFn("intake", M{}), named(res(CloudTrail, M{"advancedEventSelectors": []any{
			M{"fieldSelectors": []any{M{"field": "eventCategory", "equals": []any{"Data"}}, M{"field": "resources.type", "equals": []any{"AWS::Lambda::Function"}}}},
		}}), "audit")}},
		violating: fixture{rs: []Resource{wlFn("intake", M{}), named(res(CloudTrail, M{"advancedEventSelectors": []any{
			M{"fieldSelectors": []any{M{"field": "eventCategory", "equals": []any{"Management"}}}},
		}}), "audit")}},
		unknown:    fixture{rs: []Resource{wlFn("intake", M{}), named(res(CloudTrail, M{"advancedEventSelectors": unknown}), "audit")}},
		wrongShape: fixture{rs: []Resource{wlFn("intake", M{}), named(res(CloudTrail, M{"eventSelectors": "all"}), "audit")}},
		want:       "no trail in this stack records Lambda data events", shapePath: "eventSelectors"},
}

// The workload rules join the catalog's own tables, so the catalog-wide
// tests (every rule has a case, messages carry the controls) cover them.
func init() {
	for _, tc := range workloadCases {
		resourceCases = append(resourceCases, ruleCase{tc.rule, tc.typ, tc.compliant, tc.violating, tc.unknown})
		if tc.presence {
			presenceOnly[tc.rule] = true
		}
	}
	for _, tc := range workloadStackCases {
		stackCases = append(stackCases, stackCase{tc.rule, tc.compliant, tc.violating, tc.unknown})
	}
}

// wlFindings runs one rule (resource or stack) and returns its findings,
// failing the test if it panicked or reported for another rule.
func wlFindings(t *testing.T, rule string, rs []Resource) (violations, deferrals []Finding) {
	t.Helper()
	r := ByName(rule)
	if r == nil {
		t.Fatalf("no rule %s", rule)
	}
	var fs []Finding
	if r.Scope == ScopeStack {
		fs = RunStack(r, NewStack(rs), nil)
	} else {
		for i := range rs {
			if r.AppliesTo(rs[i].Type) {
				fs = append(fs, RunResource(r, &rs[i], nil)...)
			}
		}
	}
	for _, f := range fs {
		if strings.Contains(f.Message, "could not evaluate") {
			t.Fatalf("%s panicked: %s", rule, f.Message)
		}
		if f.Rule != rule {
			t.Fatalf("finding for %s from %s", f.Rule, rule)
		}
		if f.Outcome == Violation {
			violations = append(violations, f)
		} else {
			deferrals = append(deferrals, f)
		}
	}
	return violations, deferrals
}

func wlMessages(fs []Finding) string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Message)
	}
	return strings.Join(out, "\n")
}

// judge asserts the four verdicts of one rule.
func wlJudge(t *testing.T, rule string, compliant, violating, unknown, wrongShape []Resource, want, shapePath string, presence bool) {
	t.Helper()
	if v, d := wlFindings(t, rule, compliant); len(v)+len(d) > 0 {
		t.Errorf("compliant: %s", wlMessages(append(v, d...)))
	}
	v, _ := wlFindings(t, rule, violating)
	if len(v) == 0 {
		t.Errorf("violating: no violation")
	} else if !strings.Contains(wlMessages(v), want) {
		t.Errorf("violating: messages\n%s\nlack %q", wlMessages(v), want)
	}
	v, d := wlFindings(t, rule, unknown)
	switch {
	case len(v) > 0:
		t.Errorf("unknown at preview: violation %s", wlMessages(v))
	case presence && len(d) > 0:
		t.Errorf("unknown at preview: a presence check deferred: %s", wlMessages(d))
	case !presence && len(d) == 0:
		t.Errorf("unknown at preview: no deferral")
	}
	v, _ = wlFindings(t, rule, wrongShape)
	if !strings.Contains(wlMessages(v), shapePath) || !strings.Contains(wlMessages(v), "unexpected shape") {
		t.Errorf("wrong shape: messages\n%s\nshould name %s as an unexpected shape", wlMessages(v), shapePath)
	}
}

func TestWorkloadResourceRulesJudgeCompliantViolatingUnknownAndWrongShapes(t *testing.T) {
	for _, tc := range workloadCases {
		t.Run(tc.rule, func(t *testing.T) {
			one := func(p M) []Resource { return []Resource{res(tc.typ, p)} }
			wlJudge(t, tc.rule, one(tc.compliant), one(tc.violating), one(tc.unknown), one(tc.wrongShape), tc.want, tc.shapePath, tc.presence)
		})
	}
}

func TestWorkloadStackRulesJudgeCompliantViolatingUnknownAndWrongShapes(t *testing.T) {
	for _, tc := range workloadStackCases {
		t.Run(tc.rule, func(t *testing.T) {
			wlJudge(t, tc.rule, tc.compliant.build(), tc.violating.build(), tc.unknown.build(), tc.wrongShape.build(), tc.want, tc.shapePath, false)
		})
	}
}

func TestEveryWorkloadRuleHasAFourWayCase(t *testing.T) {
	covered := map[string]bool{}
	for _, tc := range workloadCases {
		covered[tc.rule] = true
	}
	for _, tc := range workloadStackCases {
		covered[tc.rule] = true
	}
	for _, r := range workloadRules {
		if !covered[r.Name] {
			t.Errorf("%s %s has no compliant/violating/unknown/wrong-shape case", r.ID, r.Name)
		}
		if n := r.ID[strings.Index(r.ID, "-")+1:]; n < "50" || n > "69" {
			t.Errorf("%s: workload rules take IDs 50-69", r.ID)
		}
	}
}

func TestPlaintextCredentialsAreRecognisedByValueOrNameNeverByReference(t *testing.T) {
	tests := []struct {
		name, value string
		marked      bool
		want        string
	}{
		{"ANYTHING", "AKIAIOSFODNN7EXAMPLE", false, "an AWS access key ID"},
		{"DATABASE_URL", "postgres://app:s3cr3t-pw@db.internal:5432/care", false, "credentials in a URL"},
		{"DATABASE_URL", "postgres://app@db.internal:5432/care", false, ""},
		{"DATABASE_URL", "postgres://app:${DB_PASSWORD}@db.internal:5432/care", false, ""},
		{"TLS_KEY", "-----BEGIN RSA PRIVATE KEY-----\nMIIE", false, "a private key"},
		{"GH", "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB", false, "a GitHub token"},
		{"AWS_SECRET_ACCESS_KEY", "arn:looks-like-a-reference", false, "AWS credentials"},
		{"DB_PASSWORD", "hunter2-prod", false, "a literal value under a secret's name"},
		{"dbPassword", "hunter2-prod", false, "a literal value under a secret's name"},
		{"DB_PASSWORD", "/carestack/prod/db-password", false, ""},
		{"DB_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:111122223333:secret:db", false, ""},
		{"TOKEN_TTL", "3600", false, ""},
		{"PASSTHROUGH", "enabled", false, ""},
		{"BYPASS_CACHE", "yes", false, ""},
		{"GREETING", "hello", true, "a value the program marked secret"},
	}
	for _, tt := range tests {
		if got := plaintextCredential(tt.name, tt.value, tt.marked); got != tt.want {
			t.Errorf("%s=%q (marked %v): got %q, want %q", tt.name, tt.value, tt.marked, got, tt.want)
		}
	}
}

func TestWorkloadMessagesNeverEchoSecrets(t *testing.T) {
	const s = "hunter2-s3cr3t"
	tests := []struct {
		rule string
		r    Resource
	}{
		{"lambda-no-env-secrets", res(LambdaFunction, M{"environment": M{"variables": M{"DB_PASSWORD": s}}})},
		{"lambda-no-env-secrets", res(LambdaFunction, M{"environment": M{"variables": M{"GREETING": secretOf{s}}}})},
		{"lambda-no-env-secrets", res(LambdaFunction, M{"environment": secretOf{M{"variables": M{"URL": "https://u:" + s + "@h"}}}})},
		{"lambda-no-env-secrets", res(LambdaFunction, M{"environment": M{"variables": secretOf{M{"DB_PASSWORD": s}}}})},
	}
	for _, tt := range tests {
		v, _ := wlFindings(t, tt.rule, []Resource{tt.r})
		if len(v) == 0 {
			t.Errorf("%s: want a violation", tt.rule)
		}
		if m := wlMessages(v); strings.Contains(m, "hunter2") {
			t.Errorf("%s echoed a secret: %s", tt.rule, m)
		}
	}
}

func TestLambdaRulesOnEdgeShapes(t *testing.T) {
	tests := []struct {
		name, rule string
		r          Resource
		violated   bool
		want       string
	}{
		{"a PHI function's environment under the AWS-managed key", "lambda-env-cmk",
			res(LambdaFunction, M{"environment": M{"variables": M{"A": "b"}}, "kmsKeyArn": "alias/aws/lambda", "tags": M{"DataClassification": "PHI"}}), true, "AWS-managed key alias/aws/lambda on a PHI resource"},
		{"no variables need no key", "lambda-env-cmk", res(LambdaFunction, M{"environment": M{"variables": M{}}}), false, ""},
		{"a whole environment marked secret is a secret in plaintext", "lambda-no-env-secrets",
			res(LambdaFunction, M{"environment": M{"variables": secretOf{M{"FEATURE": "on"}}}}), true, "environment.variables.FEATURE holds a value the program marked secret"},
		{"an unknown secret value is still a secret", "lambda-no-env-secrets",
			res(LambdaFunction, M{"environment": M{"variables": M{"DB": secretOf{unknown}}}}), true, "environment.variables.DB holds a value the program marked secret"},
		{"an empty subnet list is not a VPC", "lambda-in-vpc",
			res(LambdaFunction, M{"vpcConfig": M{"subnetIds": []any{}, "securityGroupIds": []any{"sg-1"}}}), true, "vpcConfig.subnetIds is empty"},
		{"zero concurrency throttles everything", "lambda-reserved-concurrency", res(LambdaFunction, M{"reservedConcurrentExecutions": 0}), true, "throttles every invocation"},
		{"explicit -1 is unreserved", "lambda-reserved-concurrency", res(LambdaFunction, M{"reservedConcurrentExecutions": -1}), true, "reservedConcurrentExecutions is -1"},
		{"container images have no runtime to judge", "lambda-supported-runtime", res(LambdaFunction, M{"packageType": "Image", "runtime": "python3.8"}), false, ""},
		{"container images cannot be code-signed", "lambda-code-signing", res(LambdaFunction, M{"packageType": "Image"}), false, ""},
		{"PassThrough is not tracing", "lambda-tracing", res(LambdaFunction, M{"tracingConfig": M{"mode": "PassThrough"}}), true, "mode is PassThrough"},
		{"a public layer version", "lambda-permission-not-public",
			res(LambdaLayerPermission, M{"principal": "*", "action": "lambda:GetLayerVersion", "layerName": "shared", "versionNumber": 3}), true, "no organizationId"},
		{"a layer shared with the organisation", "lambda-permission-not-public",
			res(LambdaLayerPermission, M{"principal": "*", "organizationId": "o-abc123", "action": "lambda:GetLayerVersion"}), false, ""},
		{"principal * scoped to the organisation", "lambda-permission-not-public",
			res(LambdaPermission, M{"principal": "*", "principalOrgId": "o-abc123", "action": "lambda:InvokeFunction"}), false, ""},
		{"an account principal is not a service", "lambda-service-permission-scoped", res(LambdaPermission, M{"principal": wlAccount}), false, ""},
		{"a layer that is not an ARN", "lambda-layers-same-account", res(LambdaFunction, M{"role": wlRole, "layers": []any{"shared:3"}}), true, "layers[0] has an unexpected shape"},
		{"an allowlisted publisher is not asked about", "lambda-layers-same-account", res(LambdaFunction, M{"role": wlRole, "layers": []any{"arn:aws:lambda:us-east-1:111122223333:layer:a:1"}}), false, ""},
	}
	for _, tt := range tests {
		v, _ := wlFindings(t, tt.rule, []Resource{tt.r})
		if (len(v) > 0) != tt.violated || !strings.Contains(wlMessages(v), tt.want) {
			t.Errorf("%s: violations\n%s\nwant violated=%v with %q", tt.name, wlMessages(v), tt.violated, tt.want)
		}
	}
}

// --- API Gateway ---

const logGroupArn = "arn:aws:logs:us-east-1:111122223333:log-group:api-access"

var apiGatewayCases = []workloadCase{
	{rule: "apigw-domain-tls", typ: APIGWDomainName,
		compliant:  M{"domainName": "api.care.example", "regionalCertificateArn": "arn:aws:acm:us-east-1:111122223333:certificate/abc", "securityPolicy": "TLS_1_2"},
		violating:  M{"domainName": "api.care.example", "securityPolicy": "TLS_1_0"},
		unknown:    M{"domainName": "api.care.example", "securityPolicy": unknown},
		wrongShape: M{"domainName": "api.care.example", "securityPolicy": 12},
		want:       `securityPolicy is "TLS_1_0", which accepts TLS 1.0`, shapePath: "securityPolicy"},
	{rule: "apigw-method-authorized", typ: APIGWMethod,
		compliant:  M{"httpMethod": "POST", "authorization": "AWS_IAM", "resourceId": "r1", "restApi": "api"},
		violating:  M{"httpMethod": "GET", "authorization": "NONE", "apiKeyRequired": true},
		unknown:    M{"httpMethod": "GET", "authorization": unknown},
		wrongShape: M{"httpMethod": "GET", "authorization": M{"type": "NONE"}},
		want:       "authorization is NONE, so anyone who reaches the API can call GET (apiKeyRequired identifies a client", shapePath: "authorization"},
	{rule: "apigw-no-secrets-in-stage-variables", typ: APIGWStage,
		compliant:  M{"variables": M{"backendHost": "visits.internal", "secretArn": "arn:aws:secretsmanager:us-east-1:111122223333:secret:partner"}},
		violating:  M{"variables": M{"partnerPassword": "hunter2-prod"}},
		unknown:    M{"variables": unknown},
		wrongShape: M{"variables": []any{"partnerPassword"}},
		want:       "variables.partnerPassword holds a literal value under a secret's name in plaintext", shapePath: "variables"},
	{rule: "apigw-access-logging", typ: APIGWStage,
		compliant:  M{"accessLogSettings": M{"destinationArn": logGroupArn, "format": `{"requestId":"$context.requestId"}`}},
		violating:  M{"stageName": "prod"},
		unknown:    M{"accessLogSettings": M{"destinationArn": unknown, "format": unknown}},
		wrongShape: M{"accessLogSettings": logGroupArn},
		want:       "accessLogSettings is unset, so API Gateway writes no access log", shapePath: "accessLogSettings", presence: true},
	{rule: "apigw-no-data-trace", typ: APIGWMethodSettings,
		compliant:  M{"methodPath": "*/*", "settings": M{"loggingLevel": "INFO", "dataTraceEnabled": false}},
		violating:  M{"methodPath": "*/*", "settings": M{"dataTraceEnabled": true}},
		unknown:    M{"methodPath": "*/*", "settings": M{"dataTraceEnabled": unknown}},
		wrongShape: M{"methodPath": "*/*", "settings": M{"dataTraceEnabled": "yes please"}},
		want:       "settings.dataTraceEnabled is true, so API Gateway writes full request and response bodies", shapePath: "settings.dataTraceEnabled"},
	{rule: "apigw-xray", typ: APIGWStage,
		compliant:  M{"xrayTracingEnabled": true},
		violating:  M{"stageName": "prod"},
		unknown:    M{"xrayTracingEnabled": unknown},
		wrongShape: M{"xrayTracingEnabled": "on"},
		want:       "xrayTracingEnabled is unset (the AWS default is false)", shapePath: "xrayTracingEnabled"},
	{rule: "apigw-request-validation", typ: APIGWMethod,
		compliant:  M{"httpMethod": "POST", "requestValidatorId": "rv-1"},
		violating:  M{"httpMethod": "POST"},
		unknown:    M{"httpMethod": "POST", "requestValidatorId": unknown},
		wrongShape: M{"httpMethod": 5},
		want:       "requestValidatorId is unset, so API Gateway passes requests to the backend without validating", shapePath: "httpMethod", presence: true},
}

func restAPI(types any) Resource {
	return named(res(APIGWRestAPI, M{"name": "visits", "endpointConfiguration": M{"types": types}}), "visits")
}

func stage(props M) Resource { return named(res(APIGWStage, props), "prod") }

// settingsFor is a MethodSettings whose stageName comes from the stage at
// index 1 of its fixture.
func settingsFor(path string, settings M) Resource {
	return named(res(APIGWMethodSettings, M{"methodPath": path, "stageName": "prod", "settings": settings}), "prod-"+strings.ReplaceAll(path, "/", "-"))
}

func httpAPI(protocol any) Resource {
	return named(res(APIGWv2API, M{"name": "visits", "protocolType": protocol}), "visits")
}

func route(props M) Resource { return named(res(APIGWv2Route, props), "get-visits") }

func webACL(groups ...string) Resource {
	var rules []any
	for i, g := range groups {
		rules = append(rules, M{"name": g, "priority": i, "statement": M{"managedRuleGroupStatement": M{"name": g, "vendorName": "AWS"}}})
	}
	return named(res(WAFWebACL, M{"scope": "REGIONAL", "rules": rules}), "api-acl")
}

var apiGatewayStackCases = []workloadStackCase{
	{rule: "apigw-cache-encrypted",
		compliant: fixture{rs: []Resource{restAPI("REGIONAL"), stage(M{"cacheClusterEnabled": true}),
			settingsFor("*/*", M{"cachingEnabled": true, "cacheDataEncrypted": true})}, deps: map[int]map[string][]int{2: {"stageName": {1}}}},
		violating: fixture{rs: []Resource{restAPI("REGIONAL"), stage(M{"cacheClusterEnabled": true}),
			settingsFor("*/*", M{"cachingEnabled": true})}, deps: map[int]map[string][]int{2: {"stageName": {1}}}},
		unknown:    fixture{rs: []Resource{stage(M{"cacheClusterEnabled": unknown})}},
		wrongShape: fixture{rs: []Resource{stage(M{"cacheClusterEnabled": "yes"})}},
		want:       "cacheClusterEnabled is true but no method setting for */* sets cacheDataEncrypted (its default is false)", shapePath: "cacheClusterEnabled"},
	{rule: "apigw-client-certificate",
		compliant: fixture{rs: []Resource{stage(M{"clientCertificateId": "cc-1"}), httpAPI("HTTP"),
			named(res(APIGWv2Stage, M{"name": "prod"}), "v2")}, deps: map[int]map[string][]int{2: {"apiId": {1}}}},
		violating: fixture{rs: []Resource{stage(M{"stageName": "prod"})}},
		unknown: fixture{rs: []Resource{httpAPI(unknown), named(res(APIGWv2Stage, M{"name": "prod"}), "v2")},
			deps: map[int]map[string][]int{1: {"apiId": {0}}}},
		wrongShape: fixture{rs: []Resource{stage(M{"clientCertificateId": 42})}},
		want:       "clientCertificateId is unset, so the backend cannot tell API Gateway's requests", shapePath: "clientCertificateId"},
	{rule: "apigw-route-authorized",
		compliant: fixture{rs: []Resource{httpAPI("HTTP"), route(M{"routeKey": "GET /visits", "authorizationType": "JWT", "authorizerId": "auth-1"}),
			named(res(APIGWv2Route, M{"routeKey": "OPTIONS /visits"}), "preflight")},
			deps: map[int]map[string][]int{1: {"apiId": {0}}, 2: {"apiId": {0}}}},
		violating: fixture{rs: []Resource{httpAPI("HTTP"), route(M{"routeKey": "GET /visits"})}, deps: map[int]map[string][]int{1: {"apiId": {0}}}},
		unknown:   fixture{rs: []Resource{httpAPI("HTTP"), route(M{"routeKey": "GET /visits", "authorizationType": unknown})}, deps: map[int]map[string][]int{1: {"apiId": {0}}}},
		wrongShape: fixture{rs: []Resource{httpAPI("HTTP"), route(M{"routeKey": 7})},
			deps: map[int]map[string][]int{1: {"apiId": {0}}}},
		want: "authorizationType is unset (the SDK's default is NONE), so anyone can call GET /visits", shapePath: "routeKey"},
	{rule: "apigw-waf",
		compliant: fixture{rs: []Resource{restAPI("REGIONAL"), stage(M{}), webACL("AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"),
			named(res(WAFAssociation, M{"resourceArn": unknown, "webAclArn": unknown}), "api-acl")},
			deps: map[int]map[string][]int{1: {"restApi": {0}}, 3: {"resourceArn": {1}, "webAclArn": {2}}}},
		violating: fixture{rs: []Resource{restAPI("REGIONAL"), stage(M{})}, deps: map[int]map[string][]int{1: {"restApi": {0}}}},
		unknown:   fixture{rs: []Resource{restAPI(unknown), stage(M{})}, deps: map[int]map[string][]int{1: {"restApi": {0}}}},
		wrongShape: fixture{rs: []Resource{restAPI(M{"type": "EDGE"}), stage(M{})},
			deps: map[int]map[string][]int{1: {"restApi": {0}}}},
		want: "no WAF web ACL is associated with the stage", shapePath: "endpointConfiguration.types"},
	{rule: "apigw-execution-logging",
		compliant: fixture{rs: []Resource{restAPI("REGIONAL"), stage(M{}), settingsFor("*/*", M{"loggingLevel": "INFO", "metricsEnabled": true})},
			deps: map[int]map[string][]int{2: {"stageName": {1}}}},
		violating: fixture{rs: []Resource{restAPI("REGIONAL"), stage(M{})}},
		unknown: fixture{rs: []Resource{stage(M{"stageName": "prod"}),
			named(res(APIGWMethodSettings, M{"methodPath": "*/*", "stageName": unknown, "settings": M{"loggingLevel": "INFO", "metricsEnabled": true}}), "s")}},
		wrongShape: fixture{rs: []Resource{stage(M{}), settingsFor("*/*", M{"loggingLevel": 3, "metricsEnabled": true})},
			deps: map[int]map[string][]int{1: {"stageName": {0}}}},
		want: "no method setting for */* turns on execution logging, and API Gateway's default loggingLevel is OFF", shapePath: "settings.loggingLevel"},
}

func TestAPIGatewayRulesOnEdgeShapes(t *testing.T) {
	ws := func(extra ...Resource) []Resource {
		rs := append([]Resource{httpAPI("WEBSOCKET")}, extra...)
		deps := map[int]map[string][]int{}
		for i := range extra {
			deps[i+1] = map[string][]int{"apiId": {0}}
		}
		return stack(rs, deps)
	}
	tests := []struct {
		name, rule string
		rs         []Resource
		violated   bool
		want       string
	}{
		{"the CORS preflight may stay open", "apigw-method-authorized", []Resource{res(APIGWMethod, M{"httpMethod": "OPTIONS", "authorization": "NONE"})}, false, ""},
		{"a Lambda authorizer authorizes", "apigw-method-authorized", []Resource{res(APIGWMethod, M{"httpMethod": "GET", "authorization": "CUSTOM", "authorizerId": "a1"})}, false, ""},
		{"an enhanced TLS 1.3 policy", "apigw-domain-tls", []Resource{res(APIGWDomainName, M{"securityPolicy": "SecurityPolicy_TLS13_1_3_2025_09"})}, false, ""},
		{"an unset security policy says what API Gateway does", "apigw-domain-tls", []Resource{res(APIGWDomainName, M{"domainName": "a"})}, true, "API Gateway's edge-optimized and Regional default is TLS_1_0"},
		{"a canary's stage variable overrides", "apigw-no-secrets-in-stage-variables",
			[]Resource{res(APIGWStage, M{"canarySettings": M{"stageVariableOverrides": M{"token": "xoxb-1234567890-abcdefghij"}}})}, true, "canarySettings.stageVariableOverrides.token holds a Slack token"},
		{"v2 stage variables", "apigw-no-secrets-in-stage-variables",
			[]Resource{res(APIGWv2Stage, M{"stageVariables": M{"apiKey": "sk_live_0123456789abcdefghijklmn"}})}, true, "stageVariables.apiKey holds a Stripe live key"},
		{"a WebSocket route other than $connect takes no authorizer", "apigw-route-authorized", ws(route(M{"routeKey": "sendMessage"})), false, ""},
		{"a WebSocket $connect must be authorized", "apigw-route-authorized", ws(route(M{"routeKey": "$connect", "authorizationType": "NONE"})), true, "authorizationType is NONE, so anyone can call $connect"},
		{"a quick-create HTTP API", "apigw-route-authorized", []Resource{named(res(APIGWv2API, M{"protocolType": "HTTP", "target": "arn:aws:lambda:us-east-1:1:function:f"}), "quick")}, true, "quick-creates a route"},
		{"a WebSocket stage needs a client certificate", "apigw-client-certificate", ws(named(res(APIGWv2Stage, M{"name": "prod"}), "v2")), true, "clientCertificateId is unset"},
		{"a WebSocket stage logs its routes", "apigw-execution-logging", ws(named(res(APIGWv2Stage, M{"name": "prod"}), "v2")), true, "defaultRouteSettings.loggingLevel is unset (the SDK's default is OFF)"},
		{"a WebSocket stage logging at INFO", "apigw-execution-logging", ws(named(res(APIGWv2Stage, M{"defaultRouteSettings": M{"loggingLevel": "INFO"}}), "v2")), false, ""},
		{"a method override turning logging off", "apigw-execution-logging", stack([]Resource{stage(M{}),
			settingsFor("*/*", M{"loggingLevel": "ERROR", "metricsEnabled": true}), settingsFor("visits/GET", M{"loggingLevel": "OFF"})},
			map[int]map[string][]int{1: {"stageName": {0}}, 2: {"stageName": {0}}}), true, "settings.loggingLevel is OFF for visits/GET"},
		{"metrics off on the stage-wide setting", "apigw-execution-logging", stack([]Resource{stage(M{}), settingsFor("*/*", M{"loggingLevel": "ERROR"})},
			map[int]map[string][]int{1: {"stageName": {0}}}), true, "settings.metricsEnabled is unset (its default is false)"},
		{"settings joined by stage name and API", "apigw-execution-logging", stack([]Resource{restAPI("REGIONAL"), named(res(APIGWStage, M{"stageName": "prod", "restApi": "api-1"}), "prod"),
			named(res(APIGWMethodSettings, M{"methodPath": "*/*", "stageName": "prod", "restApi": "api-1", "settings": M{"loggingLevel": "INFO", "metricsEnabled": true}}), "ms")}, nil), false, ""},
		{"a private API needs no WAF", "apigw-waf", stack([]Resource{restAPI("PRIVATE"), stage(M{})}, map[int]map[string][]int{1: {"restApi": {0}}}), false, ""},
		{"a private API in the list form", "apigw-waf", stack([]Resource{restAPI([]any{"PRIVATE"}), stage(M{})}, map[int]map[string][]int{1: {"restApi": {0}}}), false, ""},
		{"a WAF without the known-bad-inputs rules", "apigw-waf", stack([]Resource{restAPI("EDGE"), stage(M{}), webACL("AWSManagedRulesCommonRuleSet"),
			named(res(WAFAssociation, M{"resourceArn": unknown, "webAclArn": unknown}), "assoc")},
			map[int]map[string][]int{1: {"restApi": {0}}, 3: {"resourceArn": {1}, "webAclArn": {2}}}), true, "lacks AWSManagedRulesKnownBadInputsRuleSet"},
		{"a method setting caching unencrypted", "apigw-cache-encrypted", []Resource{settingsFor("visits/GET", M{"cachingEnabled": true})}, true, "settings.cacheDataEncrypted is unset"},
		{"a stage without a cache", "apigw-cache-encrypted", []Resource{stage(M{"cacheClusterEnabled": false})}, false, ""},
		{"v2 route settings with data trace", "apigw-no-data-trace", []Resource{res(APIGWv2Stage, M{"routeSettings": []any{M{"routeKey": "$connect", "dataTraceEnabled": true}}})}, true, "routeSettings[0].dataTraceEnabled is true"},
	}
	for _, tt := range tests {
		v, _ := wlFindings(t, tt.rule, tt.rs)
		if (len(v) > 0) != tt.violated || !strings.Contains(wlMessages(v), tt.want) {
			t.Errorf("%s: violations\n%s\nwant violated=%v with %q", tt.name, wlMessages(v), tt.violated, tt.want)
		}
	}
}

// allSecret marks every string leaf secret and collects the strings.
func allSecret(v property.Value, leaves map[string]bool) property.Value {
	switch {
	case v.IsString():
		leaves[v.AsString()] = true
		return v.WithSecret(true)
	case v.IsMap():
		m := map[string]property.Value{}
		for k, e := range v.AsMap().All {
			m[k] = allSecret(e, leaves)
		}
		return property.New(m).WithSecret(v.Secret())
	case v.IsArray():
		var arr []property.Value
		for _, e := range v.AsArray().All {
			arr = append(arr, allSecret(e, leaves))
		}
		return property.New(arr).WithSecret(v.Secret())
	}
	return v
}

// printed reports leaf in msg other than as the start of a camelCase name.
func printed(msg, leaf string) bool {
	for i := strings.Index(msg, leaf); i >= 0; {
		end := i + len(leaf)
		if end >= len(msg) || !(msg[end] >= 'A' && msg[end] <= 'Z') {
			return true
		}
		j := strings.Index(msg[end:], leaf)
		if j < 0 {
			return false
		}
		i = end + j
	}
	return false
}

func TestWorkloadRulesNeverPrintAValueMarkedSecret(t *testing.T) {
	check := func(rule string, rs []Resource) {
		leaves := map[string]bool{}
		for i := range rs {
			rs[i].Props = allSecret(property.New(rs[i].Props), leaves).AsMap()
		}
		v, _ := wlFindings(t, rule, rs)
		for _, f := range v {
			// What follows "<type> <name>: " is the rule's own text.
			_, msg, _ := strings.Cut(f.Message, ": ")
			for leaf := range leaves {
				// Leaves of a few letters ("*/*", "GET") are words any message
				// may use, and a leaf inside a property name (splunk in
				// splunkConfiguration) is not the value.
				if len(leaf) >= 4 && printed(msg, leaf) {
					t.Errorf("%s printed %q, which was marked secret: %s", rule, leaf, f.Message)
				}
			}
		}
	}
	for _, tc := range workloadCases {
		check(tc.rule, []Resource{res(tc.typ, tc.violating)})
	}
	for _, tc := range workloadStackCases {
		check(tc.rule, tc.violating.build())
	}
}

// --- SQS, Kinesis, Firehose ---

const publicQueuePolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:111122223333:intake"}]}`

var (
	phi      = M{"DataClassification": "PHI"}
	internal = M{"DataClassification": "Internal"}
)

var streamCases = []workloadCase{
	{rule: "sqs-sse", typ: SQSQueue,
		compliant:  M{"kmsMasterKeyId": wlCMK, "tags": phi},
		violating:  M{"tags": phi},
		unknown:    M{"sqsManagedSseEnabled": unknown, "tags": internal},
		wrongShape: M{"kmsMasterKeyId": []any{wlCMK}},
		want:       "kmsMasterKeyId is unset on a PHI queue, so SQS encrypts with its own SQS-owned key (SSE-SQS)", shapePath: "kmsMasterKeyId"},
	{rule: "sqs-policy-not-public", typ: SQSQueuePolicy,
		compliant: M{"queueUrl": "https://sqs.us-east-1.amazonaws.com/111122223333/intake", "policy": `{"Statement":[{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"*",` +
			`"Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:111122223333:visits"}}}]}`},
		violating:  M{"policy": publicQueuePolicy},
		unknown:    M{"policy": unknown},
		wrongShape: M{"policy": "{not json"},
		want:       "the policy allows sqs:SendMessage to anyone, with no source condition", shapePath: "policy"},
	{rule: "sqs-policy-no-wildcard-actions", typ: SQSQueue,
		compliant:  M{"policy": `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/app"},"Action":["sqs:ReceiveMessage","sqs:DeleteMessage"],"Resource":"*"}]}`},
		violating:  M{"policy": `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/app"},"Action":"SQS:*","Resource":"*"}]}`},
		unknown:    M{"policy": unknown},
		wrongShape: M{"policy": 42},
		want:       "statement 0 allows every SQS action", shapePath: "policy"},
	{rule: "kinesis-kms", typ: KinesisStream,
		compliant:  M{"encryptionType": "KMS", "kmsKeyId": "alias/aws/kinesis", "tags": internal},
		violating:  M{"shardCount": 1},
		unknown:    M{"encryptionType": unknown},
		wrongShape: M{"encryptionType": true},
		want:       "encryptionType is unset (the SDK's default is NONE), so records are stored unencrypted", shapePath: "encryptionType"},
	{rule: "kinesis-stream-retention", typ: KinesisStream,
		compliant:  M{"retentionPeriod": 168},
		violating:  M{"shardCount": 1},
		unknown:    M{"retentionPeriod": unknown},
		wrongShape: M{"retentionPeriod": "a week"},
		want:       "retentionPeriod is unset (the SDK's default is 24 hours), want at least 168", shapePath: "retentionPeriod"},
	{rule: "firehose-sse", typ: FirehoseStream,
		compliant:  M{"destination": "extended_s3", "serverSideEncryption": M{"enabled": true, "keyType": "CUSTOMER_MANAGED_CMK", "keyArn": wlCMK}, "tags": phi},
		violating:  M{"destination": "extended_s3", "tags": phi},
		unknown:    M{"destination": "extended_s3", "serverSideEncryption": M{"enabled": unknown}},
		wrongShape: M{"destination": "extended_s3", "serverSideEncryption": M{"enabled": "yes"}},
		want:       "serverSideEncryption.enabled is unset (the SDK's default is false), so Firehose buffers records unencrypted", shapePath: "serverSideEncryption.enabled"},
	{rule: "firehose-destination-encryption", typ: FirehoseStream,
		compliant:  M{"destination": "extended_s3", "extendedS3Configuration": M{"bucketArn": "arn:aws:s3:::lake", "kmsKeyArn": wlCMK}, "tags": phi},
		violating:  M{"destination": "extended_s3", "extendedS3Configuration": M{"bucketArn": "arn:aws:s3:::lake"}, "tags": phi},
		unknown:    M{"destination": "extended_s3", "extendedS3Configuration": M{"bucketArn": "arn:aws:s3:::lake", "kmsKeyArn": unknown}, "tags": phi},
		wrongShape: M{"destination": "extended_s3", "extendedS3Configuration": "arn:aws:s3:::lake", "tags": phi},
		want:       "extendedS3Configuration.kmsKeyArn is unset: the SDK documents that Firehose then applies no encryption of its own", shapePath: "extendedS3Configuration", presence: true},
	{rule: "firehose-destination-tls", typ: FirehoseStream,
		compliant:  M{"destination": "http_endpoint", "httpEndpointConfiguration": M{"url": "https://intake.partner.example/firehose"}},
		violating:  M{"destination": "http_endpoint", "httpEndpointConfiguration": M{"url": "http://intake.partner.example/firehose"}},
		unknown:    M{"destination": "http_endpoint", "httpEndpointConfiguration": M{"url": unknown}},
		wrongShape: M{"destination": "http_endpoint", "httpEndpointConfiguration": M{"url": []any{"https://x"}}},
		want:       "httpEndpointConfiguration.url is a plain http:// URL", shapePath: "httpEndpointConfiguration.url"},
	{rule: "firehose-destination-credentials", typ: FirehoseStream,
		compliant: M{"destination": "splunk", "splunkConfiguration": M{"hecEndpoint": "https://splunk.example:8088",
			"secretsManagerConfiguration": M{"enabled": true, "secretArn": "arn:aws:secretsmanager:us-east-1:111122223333:secret:hec"}}},
		violating:  M{"destination": "splunk", "splunkConfiguration": M{"hecEndpoint": "https://splunk.example:8088", "hecToken": secretOf{"51D4DA16-C61B-4F5F-8EC7-ED4301342A4A"}}},
		unknown:    M{"destination": "splunk", "splunkConfiguration": unknown},
		wrongShape: M{"destination": "splunk", "splunkConfiguration": "hec"},
		want:       "splunkConfiguration.hecToken is set: the credential is an input of the stream", shapePath: "splunkConfiguration"},
}

func TestQueueAndStreamRulesOnEdgeShapes(t *testing.T) {
	tests := []struct {
		name, rule string
		r          Resource
		violated   bool
		want       string
	}{
		{"an Internal queue keeps SQS-managed SSE by default", "sqs-sse", res(SQSQueue, M{"tags": internal}), false, ""},
		{"an Internal queue with SSE switched off", "sqs-sse", res(SQSQueue, M{"sqsManagedSseEnabled": false, "tags": internal}), true, "sqsManagedSseEnabled is false and kmsMasterKeyId is unset"},
		{"an unclassified queue is held to PHI's standard", "sqs-sse", res(SQSQueue, M{}), true, "kmsMasterKeyId is unset on an unclassified queue"},
		{"the AWS-managed SQS key on any queue", "sqs-sse", res(SQSQueue, M{"kmsMasterKeyId": "alias/aws/sqs"}), true, "kmsMasterKeyId is alias/aws/sqs, the AWS-managed key"},
		{"principal * scoped to the organisation", "sqs-policy-not-public", res(SQSQueue, M{"policy": `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sqs:*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc"}}}]}`}), false, ""},
		{"a condition that does not scope the caller", "sqs-policy-not-public", res(SQSQueue, M{"policy": `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:ReceiveMessage","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}`}), true, "allows sqs:ReceiveMessage to anyone"},
		{"a policy given as an object", "sqs-policy-not-public", res(SQSQueuePolicy, M{"policy": M{"Statement": []any{M{"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage"}}}}), true, "allows sqs:SendMessage to anyone"},
		{"a secret policy is not quoted", "sqs-policy-not-public", res(SQSQueuePolicy, M{"policy": secretOf{publicQueuePolicy}}), true, "the policy allows an action to anyone"},
		{"NotAction", "sqs-policy-no-wildcard-actions", res(SQSQueuePolicy, M{"policy": `{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::1:root"},"NotAction":"sqs:DeleteQueue","Resource":"*"}}`}), true, "statement 0 allows NotAction"},
		{"a PHI stream on the AWS-managed key", "kinesis-kms", res(KinesisStream, M{"encryptionType": "KMS", "kmsKeyId": "alias/aws/kinesis", "tags": phi}), true, "kmsKeyId is the AWS-managed key alias/aws/kinesis on a PHI resource"},
		{"a PHI stream on a CMK", "kinesis-kms", res(KinesisStream, M{"encryptionType": "KMS", "kmsKeyId": wlCMK, "tags": phi}), false, ""},
		{"a video stream on the default key", "kinesis-kms", res(KinesisVideoStream, M{"dataRetentionInHours": 24}), true, "kmsKeyId is unset, so Kinesis Video Streams encrypts with the AWS-managed aws/kinesisvideo key"},
		{"a video stream on a CMK", "kinesis-kms", res(KinesisVideoStream, M{"kmsKeyId": wlCMK}), false, ""},
		{"a stream reading a Kinesis stream inherits its encryption", "firehose-sse", res(FirehoseStream, M{"kinesisSourceConfiguration": M{"kinesisStreamArn": "arn:aws:kinesis:us-east-1:1:stream/s", "roleArn": "arn:r"}}), false, ""},
		{"an Internal stream may use the AWS-owned key", "firehose-sse", res(FirehoseStream, M{"serverSideEncryption": M{"enabled": true}, "tags": internal}), false, ""},
		{"a PHI stream on the AWS-owned key", "firehose-sse", res(FirehoseStream, M{"serverSideEncryption": M{"enabled": true, "keyType": "AWS_OWNED_CMK"}, "tags": phi}), true, "keyType is AWS_OWNED_CMK on a PHI stream"},
		{"a PHI stream's CMK without its ARN", "firehose-sse", res(FirehoseStream, M{"serverSideEncryption": M{"enabled": true, "keyType": "CUSTOMER_MANAGED_CMK"}, "tags": phi}), true, "serverSideEncryption.keyArn is unset"},
		{"SSE switched off", "firehose-sse", res(FirehoseStream, M{"serverSideEncryption": M{"enabled": false}}), true, "serverSideEncryption.enabled is false"},
		{"an Internal stream's destinations are not asked for a key", "firehose-destination-encryption", res(FirehoseStream, M{"extendedS3Configuration": M{"bucketArn": "arn:aws:s3:::lake"}, "tags": internal}), false, ""},
		{"a PHI Redshift stream's S3 staging", "firehose-destination-encryption", res(FirehoseStream, M{"redshiftConfiguration": M{"s3Configuration": M{"bucketArn": "arn:aws:s3:::stage"}}, "tags": phi}), true, "redshiftConfiguration.s3Configuration.kmsKeyArn is unset"},
		{"a Splunk endpoint over http", "firehose-destination-tls", res(FirehoseStream, M{"splunkConfiguration": M{"hecEndpoint": "HTTP://splunk:8088"}}), true, "splunkConfiguration.hecEndpoint is a plain http:// URL"},
		{"a Redshift password", "firehose-destination-credentials", res(FirehoseStream, M{"redshiftConfiguration": M{"username": "loader", "password": unknown}}), true, "redshiftConfiguration.password is set"},
	}
	for _, tt := range tests {
		v, _ := wlFindings(t, tt.rule, []Resource{tt.r})
		if (len(v) > 0) != tt.violated || !strings.Contains(wlMessages(v), tt.want) {
			t.Errorf("%s: violations\n%s\nwant violated=%v with %q", tt.name, wlMessages(v), tt.violated, tt.want)
		}
	}
}

// --- SageMaker ---

func b64(script string) string { return base64.StdEncoding.EncodeToString([]byte(script)) }

var notebookOK = M{"instanceType": "ml.t3.medium", "roleArn": wlRole, "kmsKeyId": wlCMK, "subnetId": "subnet-a", "securityGroups": []any{"sg-1"},
	"directInternetAccess": "Disabled", "rootAccess": "Disabled", "instanceMetadataServiceConfiguration": M{"minimumInstanceMetadataServiceVersion": "2"}}

var sageMakerCases = []workloadCase{
	{rule: "sagemaker-notebook-domain-kms", typ: SageMakerNotebook,
		compliant: notebookOK, violating: M{"instanceType": "ml.t3.medium"},
		unknown:    M{"kmsKeyId": unknown},
		wrongShape: M{"kmsKeyId": []any{wlCMK}},
		want:       "kmsKeyId is unset, so SageMaker encrypts the notebook's ML storage volume with an AWS-managed key", shapePath: "kmsKeyId", presence: true},
	{rule: "sagemaker-endpoint-kms", typ: SageMakerEndpointConfig,
		compliant:  M{"kmsKeyArn": wlCMK, "dataCaptureConfig": M{"enableCapture": true, "kmsKeyId": wlCMK, "destinationS3Uri": "s3://capture/"}},
		violating:  M{"productionVariants": []any{M{"modelName": "triage", "initialInstanceCount": 2}}},
		unknown:    M{"kmsKeyArn": unknown},
		wrongShape: M{"kmsKeyArn": M{"arn": wlCMK}},
		want:       "kmsKeyArn is unset, so SageMaker encrypts the endpoint's storage volumes with an AWS-managed key", shapePath: "kmsKeyArn", presence: true},
	{rule: "sagemaker-jobs-kms", typ: SageMakerDataQualityJob,
		compliant:  M{"dataQualityJobOutputConfig": M{"kmsKeyId": wlCMK}, "jobResources": M{"clusterConfig": M{"volumeKmsKeyId": wlCMK, "instanceCount": 1}}},
		violating:  M{"dataQualityJobOutputConfig": M{"monitoringOutputs": M{}}, "jobResources": M{"clusterConfig": M{"volumeKmsKeyId": wlCMK}}},
		unknown:    M{"dataQualityJobOutputConfig": unknown, "jobResources": M{"clusterConfig": M{"volumeKmsKeyId": unknown}}},
		wrongShape: M{"dataQualityJobOutputConfig": M{"kmsKeyId": 3}, "jobResources": M{"clusterConfig": M{"volumeKmsKeyId": wlCMK}}},
		want:       "dataQualityJobOutputConfig.kmsKeyId is unset, so the job's reports land in S3 under the bucket's default encryption only", shapePath: "dataQualityJobOutputConfig.kmsKeyId", presence: true},
	{rule: "sagemaker-job-intercontainer-tls", typ: SageMakerDataQualityJob,
		compliant:  M{"networkConfig": M{"enableInterContainerTrafficEncryption": true}},
		violating:  M{"roleArn": wlRole},
		unknown:    M{"networkConfig": M{"enableInterContainerTrafficEncryption": unknown}},
		wrongShape: M{"networkConfig": M{"enableInterContainerTrafficEncryption": "true-ish"}},
		want:       "networkConfig.enableInterContainerTrafficEncryption is unset (SageMaker's default is false)", shapePath: "networkConfig.enableInterContainerTrafficEncryption"},
	{rule: "sagemaker-no-direct-internet", typ: SageMakerNotebook,
		compliant: notebookOK, violating: M{"instanceType": "ml.t3.medium"},
		unknown:    M{"directInternetAccess": unknown},
		wrongShape: M{"directInternetAccess": false},
		want:       "directInternetAccess is unset (the SDK's default is Enabled)", shapePath: "directInternetAccess"},
	{rule: "sagemaker-notebook-in-vpc", typ: SageMakerNotebook,
		compliant: notebookOK, violating: M{"instanceType": "ml.t3.medium"},
		unknown:    M{"subnetId": unknown, "securityGroups": unknown},
		wrongShape: M{"subnetId": []any{"subnet-a"}},
		want:       "subnetId is unset, so the notebook runs in SageMaker's own network", shapePath: "subnetId", presence: true},
	{rule: "sagemaker-model-network-isolation", typ: SageMakerModel,
		compliant:  M{"executionRoleArn": wlRole, "enableNetworkIsolation": true},
		violating:  M{"executionRoleArn": wlRole},
		unknown:    M{"enableNetworkIsolation": unknown},
		wrongShape: M{"enableNetworkIsolation": "yes"},
		want:       "enableNetworkIsolation is unset (the AWS default is false)", shapePath: "enableNetworkIsolation"},
	{rule: "sagemaker-model-in-vpc", typ: SageMakerModel,
		compliant:  M{"vpcConfig": M{"subnets": []any{"subnet-a", "subnet-b"}, "securityGroupIds": []any{"sg-1"}}},
		violating:  M{"executionRoleArn": wlRole},
		unknown:    M{"vpcConfig": M{"subnets": unknown, "securityGroupIds": unknown}},
		wrongShape: M{"vpcConfig": []any{"subnet-a"}},
		want:       "vpcConfig is unset, so the model's containers run in SageMaker's own network", shapePath: "vpcConfig", presence: true},
	{rule: "sagemaker-notebook-root-disabled", typ: SageMakerNotebook,
		compliant: notebookOK, violating: M{"instanceType": "ml.t3.medium"},
		unknown:    M{"rootAccess": unknown},
		wrongShape: M{"rootAccess": true},
		want:       "rootAccess is unset (the SDK's default is Enabled), so every notebook user is root", shapePath: "rootAccess"},
	{rule: "sagemaker-notebook-imdsv2", typ: SageMakerNotebook,
		compliant: notebookOK, violating: M{"instanceMetadataServiceConfiguration": M{"minimumInstanceMetadataServiceVersion": "1"}},
		unknown:    M{"instanceMetadataServiceConfiguration": M{"minimumInstanceMetadataServiceVersion": unknown}},
		wrongShape: M{"instanceMetadataServiceConfiguration": M{"minimumInstanceMetadataServiceVersion": 2}},
		want:       `minimumInstanceMetadataServiceVersion is "1", want one of 2`, shapePath: "instanceMetadataServiceConfiguration.minimumInstanceMetadataServiceVersion"},
	{rule: "sagemaker-lifecycle-no-secrets", typ: SageMakerLifecycleConfig,
		compliant:  M{"onStart": b64("#!/bin/bash\nset -e\nexport DB_PASSWORD=$(aws secretsmanager get-secret-value --secret-id db --query SecretString --output text)\npip install pandas\n")},
		violating:  M{"onStart": b64("#!/bin/bash\nexport DB_PASSWORD='Winter2024!care'\n")},
		unknown:    M{"onStart": unknown},
		wrongShape: M{"onStart": "#!/bin/bash not base64"},
		want:       "onStart line 2 sets DB_PASSWORD to a literal value", shapePath: "onStart"},
	{rule: "sagemaker-endpoint-multi-instance", typ: SageMakerEndpointConfig,
		compliant:  M{"productionVariants": []any{M{"modelName": "triage", "instanceType": "ml.m5.large", "initialInstanceCount": 2}, M{"modelName": "small", "serverlessConfig": M{"maxConcurrency": 5, "memorySizeInMb": 2048}}}},
		violating:  M{"productionVariants": []any{M{"modelName": "triage", "instanceType": "ml.m5.large", "initialInstanceCount": 1}}},
		unknown:    M{"productionVariants": unknown},
		wrongShape: M{"productionVariants": M{"modelName": "triage"}},
		want:       "productionVariants[0].initialInstanceCount is 1, want at least 2", shapePath: "productionVariants"},
}

func TestSageMakerRulesOnEdgeShapes(t *testing.T) {
	tests := []struct {
		name, rule string
		r          Resource
		violated   bool
		want       string
	}{
		{"a Studio domain on the public internet", "sagemaker-no-direct-internet", res(SageMakerDomain, M{"authMode": "SSO"}), true, "appNetworkAccessType is unset (the SDK's default is PublicInternetOnly)"},
		{"a Studio domain in VPC-only mode", "sagemaker-no-direct-internet", res(SageMakerDomain, M{"appNetworkAccessType": "VpcOnly"}), false, ""},
		{"a Studio domain without its own key", "sagemaker-notebook-domain-kms", res(SageMakerDomain, M{"authMode": "SSO"}), true, "the domain's EFS home directories"},
		{"a PHI notebook on the AWS-managed key", "sagemaker-notebook-domain-kms", res(SageMakerNotebook, M{"kmsKeyId": "alias/aws/sagemaker", "tags": phi}), true, "the AWS-managed key alias/aws/sagemaker on a PHI resource"},
		{"data capture without its key", "sagemaker-endpoint-kms", res(SageMakerEndpointConfig, M{"kmsKeyArn": wlCMK, "dataCaptureConfig": M{"destinationS3Uri": "s3://c/"}}), true, "dataCaptureConfig.kmsKeyId is unset, so the captured requests and responses (PHI)"},
		{"data capture switched off", "sagemaker-endpoint-kms", res(SageMakerEndpointConfig, M{"kmsKeyArn": wlCMK, "dataCaptureConfig": M{"enableCapture": false}}), false, ""},
		{"async output without its key", "sagemaker-endpoint-kms", res(SageMakerEndpointConfig, M{"kmsKeyArn": wlCMK, "asyncInferenceConfig": M{"outputConfig": M{"s3OutputPath": "s3://o/"}}}), true, "asyncInferenceConfig.outputConfig.kmsKeyId is unset"},
		{"a flow definition without its key", "sagemaker-jobs-kms", res(SageMakerFlowDefinition, M{"outputConfig": M{"s3OutputPath": "s3://review/"}}), true, "outputConfig.kmsKeyId is unset"},
		{"a notebook without security groups", "sagemaker-notebook-in-vpc", res(SageMakerNotebook, M{"subnetId": "subnet-a"}), true, "securityGroups is unset"},
		{"a lifecycle script holding an AWS key", "sagemaker-lifecycle-no-secrets", res(SageMakerLifecycleConfig, M{"onCreate": b64("aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE\n")}), true, "onCreate line 1 holds an AWS access key ID"},
		{"a commented-out example is not a secret", "sagemaker-lifecycle-no-secrets", res(SageMakerLifecycleConfig, M{"onCreate": b64("# export API_TOKEN=example-token-here\n")}), false, ""},
		{"a variable naming the secret's file", "sagemaker-lifecycle-no-secrets", res(SageMakerLifecycleConfig, M{"onCreate": b64("export TOKEN_FILE=/home/ec2-user/.token\n")}), false, ""},
		{"a variant without an instance count", "sagemaker-endpoint-multi-instance", res(SageMakerEndpointConfig, M{"productionVariants": []any{M{"modelName": "m"}}}), true, "productionVariants[0].initialInstanceCount is unset, want at least 2"},
	}
	for _, tt := range tests {
		v, _ := wlFindings(t, tt.rule, []Resource{tt.r})
		if (len(v) > 0) != tt.violated || !strings.Contains(wlMessages(v), tt.want) {
			t.Errorf("%s: violations\n%s\nwant violated=%v with %q", tt.name, wlMessages(v), tt.violated, tt.want)
		}
	}
}

// --- CodeBuild ---

func project(props M) M {
	base := M{"serviceRole": wlRole, "artifacts": M{"type": "NO_ARTIFACTS"},
		"environment": M{"computeType": "BUILD_GENERAL1_SMALL", "image": "aws/codebuild/amazonlinux2-x86_64-standard:5.0", "type": "LINUX_CONTAINER"},
		"source":      M{"type": "GITHUB", "location": "https://github.com/carestack/intake.git"}}
	for k, v := range props {
		base[k] = v
	}
	return base
}

var codeBuildCases = []workloadCase{
	{rule: "codebuild-encryption", typ: CodeBuildProject,
		compliant:  project(M{"artifacts": M{"type": "S3", "location": "carestack-build-output"}, "encryptionKey": wlCMK}),
		violating:  project(M{"artifacts": M{"type": "S3", "location": "carestack-build-output", "encryptionDisabled": true}, "encryptionKey": wlCMK}),
		unknown:    project(M{"artifacts": M{"type": unknown}}),
		wrongShape: project(M{"artifacts": M{"type": []any{"S3"}}}),
		want:       "artifacts.encryptionDisabled is true, so CodeBuild writes it to S3 unencrypted", shapePath: "artifacts.type"},
	{rule: "codebuild-source-tls", typ: CodeBuildProject,
		compliant:  project(nil),
		violating:  project(M{"source": M{"type": "GITHUB_ENTERPRISE", "location": "https://git.care.example/intake.git", "insecureSsl": true}}),
		unknown:    project(M{"source": M{"type": "GITHUB", "insecureSsl": unknown}}),
		wrongShape: project(M{"source": M{"type": "GITHUB", "insecureSsl": "no"}}),
		want:       "source.insecureSsl is true, so CodeBuild accepts any certificate", shapePath: "source.insecureSsl"},
	{rule: "codebuild-no-plaintext-credentials", typ: CodeBuildProject,
		compliant: project(M{"environment": M{"environmentVariables": []any{
			M{"name": "STAGE", "value": "prod"},
			M{"name": "NPM_TOKEN", "type": "SECRETS_MANAGER", "value": "ci/npm-token"},
			M{"name": "SONAR_TOKEN_PARAM", "value": "/ci/sonar"}}}}),
		violating:  project(M{"environment": M{"environmentVariables": []any{M{"name": "AWS_SECRET_ACCESS_KEY", "value": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}}}}),
		unknown:    project(M{"environment": M{"environmentVariables": []any{M{"name": "NPM_TOKEN", "value": unknown}}}}),
		wrongShape: project(M{"environment": M{"environmentVariables": M{"NPM_TOKEN": "x"}}}),
		want:       "environment.environmentVariables[0] (AWS_SECRET_ACCESS_KEY) holds AWS credentials as a PLAINTEXT variable", shapePath: "environment.environmentVariables"},
	{rule: "codebuild-source-url-no-credentials", typ: CodeBuildProject,
		compliant:  project(M{"source": M{"type": "BITBUCKET", "location": "https://ci-bot@bitbucket.org/carestack/intake.git"}}),
		violating:  project(M{"source": M{"type": "BITBUCKET", "location": "https://x-token-auth:S3cr3tT0ken@bitbucket.org/carestack/intake.git"}}),
		unknown:    project(M{"source": M{"type": "BITBUCKET", "location": unknown}}),
		wrongShape: project(M{"source": M{"type": "BITBUCKET", "location": 7}}),
		want:       "source.location embeds credentials in the repository URL", shapePath: "source.location"},
	{rule: "codebuild-privileged-mode", typ: CodeBuildProject,
		compliant:  project(nil),
		violating:  project(M{"environment": M{"type": "LINUX_CONTAINER", "privilegedMode": true}}),
		unknown:    project(M{"environment": M{"privilegedMode": unknown}}),
		wrongShape: project(M{"environment": M{"privilegedMode": "true-ish"}}),
		want:       "environment.privilegedMode is true, so build commands get root", shapePath: "environment.privilegedMode"},
	{rule: "codebuild-project-private", typ: CodeBuildProject,
		compliant:  project(M{"projectVisibility": "PRIVATE"}),
		violating:  project(M{"projectVisibility": "PUBLIC_READ"}),
		unknown:    project(M{"projectVisibility": unknown}),
		wrongShape: project(M{"projectVisibility": true}),
		want:       "projectVisibility is PUBLIC_READ, so anyone on the internet can read", shapePath: "projectVisibility"},
	{rule: "codebuild-logging", typ: CodeBuildProject,
		compliant:  project(M{"logsConfig": M{"cloudwatchLogs": M{"groupName": "/carestack/ci/intake"}}}),
		violating:  project(nil),
		unknown:    project(M{"logsConfig": M{"cloudwatchLogs": M{"status": unknown}}}),
		wrongShape: project(M{"logsConfig": "cloudwatch"}),
		want:       "logsConfig is unset, so CodeBuild logs to /aws/codebuild/<project>, a log group it creates itself with no KMS key and no retention", shapePath: "logsConfig"},
	{rule: "codebuild-buildspec-pinned", typ: CodeBuildProject,
		compliant:  project(M{"source": M{"type": "GITHUB", "buildspec": "version: 0.2\nphases:\n  build:\n    commands:\n      - make test\n"}}),
		violating:  project(M{"source": M{"type": "GITHUB", "buildspec": "ci/buildspec.yml"}}),
		unknown:    project(M{"source": M{"type": "GITHUB", "buildspec": unknown}}),
		wrongShape: project(M{"source": M{"type": "GITHUB", "buildspec": M{"version": 0.2}}}),
		want:       "source.buildspec names a file in the repository (ci/buildspec.yml)", shapePath: "source.buildspec"},
	{rule: "codebuild-webhook-filters-anchored", typ: CodeBuildWebhook,
		compliant: M{"projectName": "intake", "filterGroups": []any{M{"filters": []any{M{"type": "EVENT", "pattern": "PULL_REQUEST_CREATED"},
			M{"type": "ACTOR_ACCOUNT_ID", "pattern": "^(1234567|7654321)$"}, M{"type": "HEAD_REF", "pattern": "^refs/heads/main$|^refs/heads/release$"}}}}},
		violating:  M{"projectName": "intake", "filterGroups": []any{M{"filters": []any{M{"type": "EVENT", "pattern": "PUSH"}, M{"type": "ACTOR_ACCOUNT_ID", "pattern": "1234567|7654321"}}}}},
		unknown:    M{"projectName": "intake", "filterGroups": []any{M{"filters": []any{M{"type": "ACTOR_ACCOUNT_ID", "pattern": unknown}}}}},
		wrongShape: M{"projectName": "intake", "filterGroups": []any{M{"filters": M{"type": "ACTOR_ACCOUNT_ID"}}}},
		want:       "filterGroups[0].filters[1].pattern 1234567|7654321 for ACTOR_ACCOUNT_ID is not anchored", shapePath: "filterGroups[0].filters"},
}

func credential(props M) Resource { return named(res(CodeBuildSourceCredential, props), "github") }

var codeBuildStackCases = []workloadStackCase{
	{rule: "codebuild-source-auth",
		compliant: fixture{rs: []Resource{named(res(CodeBuildProject, project(M{"source": M{"type": "GITHUB", "location": "https://github.com/carestack/intake.git",
			"auth": M{"type": "CODECONNECTIONS", "resource": "arn:aws:codeconnections:us-east-1:111122223333:connection/abc"}}})), "intake")}},
		violating: fixture{rs: []Resource{named(res(CodeBuildProject, project(nil)), "intake")}},
		unknown: fixture{rs: []Resource{named(res(CodeBuildProject, project(nil)), "intake"),
			credential(M{"authType": unknown, "serverType": "GITHUB", "token": unknown})}},
		wrongShape: fixture{rs: []Resource{named(res(CodeBuildProject, project(M{"source": M{"type": "GITHUB", "auth": "CODECONNECTIONS"}})), "intake")}},
		want:       "source.auth is unset and this stack declares no CODECONNECTIONS or SECRETS_MANAGER source credential for GITHUB", shapePath: "source.auth"},
}

func TestCodeBuildRulesOnEdgeShapes(t *testing.T) {
	tests := []struct {
		name, rule string
		rs         []Resource
		violated   bool
		want       string
	}{
		{"a CodeConnections source credential covers the project", "codebuild-source-auth", []Resource{named(res(CodeBuildProject, project(nil)), "intake"),
			credential(M{"authType": "CODECONNECTIONS", "serverType": "GITHUB", "token": "arn:aws:codeconnections:us-east-1:1:connection/abc"})}, false, ""},
		{"a personal access token credential", "codebuild-source-auth", []Resource{credential(M{"authType": "PERSONAL_ACCESS_TOKEN", "serverType": "GITHUB", "token": secretOf{"ghp_x"}})}, true, "authType is PERSONAL_ACCESS_TOKEN"},
		{"CodeCommit needs no source credential", "codebuild-source-auth", []Resource{named(res(CodeBuildProject, project(M{"source": M{"type": "CODECOMMIT", "location": "https://git-codecommit.us-east-1.amazonaws.com/v1/repos/intake"}})), "cc")}, false, ""},
		{"a secondary GitLab source without auth", "codebuild-source-auth", []Resource{named(res(CodeBuildProject, project(M{
			"source":           M{"type": "CODEPIPELINE"},
			"secondarySources": []any{M{"type": "GITLAB", "sourceIdentifier": "lib", "location": "https://gitlab.com/care/lib.git"}}})), "p")}, true, "secondarySources[0].auth is unset"},
		{"a token as the URL's user", "codebuild-source-url-no-credentials", []Resource{res(CodeBuildProject, project(M{"source": M{"type": "GITHUB", "location": "https://ghp_0123456789abcdefghijklmnopqrstuvwxyzAB@github.com/c/i.git"}}))}, true, "embeds credentials"},
		{"a plain http source", "codebuild-source-tls", []Resource{res(CodeBuildProject, project(M{"source": M{"type": "GITHUB_ENTERPRISE", "location": "http://git.internal/i.git"}}))}, true, "source.location is a plain http:// URL"},
		{"artifacts need a key of yours", "codebuild-encryption", []Resource{res(CodeBuildProject, project(M{"artifacts": M{"type": "S3", "location": "a"}}))}, true, "encryptionKey is unset, so CodeBuild encrypts build output with the AWS-managed key for S3"},
		{"S3 logs unencrypted", "codebuild-encryption", []Resource{res(CodeBuildProject, project(M{"logsConfig": M{"s3Logs": M{"status": "ENABLED", "location": "b/l", "encryptionDisabled": true}}}))}, true, "logsConfig.s3Logs.encryptionDisabled is true"},
		{"a report group exporting unencrypted", "codebuild-encryption", []Resource{res(CodeBuildReportGroup, M{"type": "TEST", "exportConfig": M{"type": "S3",
			"s3Destination": M{"bucket": "reports", "encryptionKey": wlCMK, "encryptionDisabled": true}}})}, true, "exportConfig.s3Destination.encryptionDisabled is true"},
		{"a report group that does not export", "codebuild-encryption", []Resource{res(CodeBuildReportGroup, M{"type": "TEST", "exportConfig": M{"type": "NO_EXPORT"}})}, false, ""},
		{"a PARAMETER_STORE variable names its parameter", "codebuild-no-plaintext-credentials", []Resource{res(CodeBuildProject, project(M{"environment": M{"environmentVariables": []any{
			M{"name": "DB_PASSWORD", "type": "PARAMETER_STORE", "value": "/ci/db-password"}}}}))}, false, ""},
		{"a value marked secret in a PLAINTEXT variable", "codebuild-no-plaintext-credentials", []Resource{res(CodeBuildProject, project(M{"environment": M{"environmentVariables": []any{
			M{"name": "GREETING", "value": secretOf{"hello"}}}}}))}, true, "holds a value the program marked secret"},
		{"S3 logs only", "codebuild-logging", []Resource{res(CodeBuildProject, project(M{"logsConfig": M{"cloudwatchLogs": M{"status": "DISABLED"}, "s3Logs": M{"status": "ENABLED", "location": "logs/ci"}}}))}, false, ""},
		{"both log destinations off", "codebuild-logging", []Resource{res(CodeBuildProject, project(M{"logsConfig": M{"cloudwatchLogs": M{"status": "DISABLED"}}}))}, true, "builds leave no log"},
		{"CloudWatch logs to CodeBuild's own group", "codebuild-logging", []Resource{res(CodeBuildProject, project(M{"logsConfig": M{"cloudwatchLogs": M{"status": "ENABLED"}}}))}, true, "logsConfig.cloudwatchLogs.groupName is unset"},
		{"an unset buildspec (Prowler passes it)", "codebuild-buildspec-pinned", []Resource{res(CodeBuildProject, project(nil))}, false, ""},
		{"a group's alternatives are anchored by the group", "codebuild-webhook-filters-anchored", []Resource{res(CodeBuildWebhook, M{"filterGroups": []any{M{"filters": []any{M{"type": "ACTOR_ACCOUNT_ID", "pattern": "^(123|456)$"}}}}})}, false, ""},
		{"an escaped bar does not split", "codebuild-webhook-filters-anchored", []Resource{res(CodeBuildWebhook, M{"filterGroups": []any{M{"filters": []any{M{"type": "HEAD_REF", "pattern": `^refs/heads/a\|b$`}}}}})}, false, ""},
		{"an unanchored branch alternative", "codebuild-webhook-filters-anchored", []Resource{res(CodeBuildWebhook, M{"filterGroups": []any{M{"filters": []any{M{"type": "HEAD_REF", "pattern": "^refs/heads/main$|release"}}}}})}, true, "for HEAD_REF is not anchored"},
		{"file paths may be unanchored", "codebuild-webhook-filters-anchored", []Resource{res(CodeBuildWebhook, M{"filterGroups": []any{M{"filters": []any{M{"type": "FILE_PATH", "pattern": "src/"}}}}})}, false, ""},
	}
	for _, tt := range tests {
		v, _ := wlFindings(t, tt.rule, tt.rs)
		if (len(v) > 0) != tt.violated || !strings.Contains(wlMessages(v), tt.want) {
			t.Errorf("%s: violations\n%s\nwant violated=%v with %q", tt.name, wlMessages(v), tt.violated, tt.want)
		}
	}
}

// --- SNS subscriptions, secret policies, ECS task definitions ---

var grantAndContainerCases = []workloadCase{
	{rule: "sns-subscription-https", typ: SNSTopicSubscription,
		compliant:  M{"topic": "arn:aws:sns:us-east-1:111122223333:visits", "protocol": "https", "endpoint": "https://hooks.partner.example/visits"},
		violating:  M{"topic": "arn:aws:sns:us-east-1:111122223333:visits", "protocol": "http", "endpoint": "http://hooks.partner.example/visits"},
		unknown:    M{"protocol": unknown},
		wrongShape: M{"protocol": []any{"https"}},
		want:       "protocol is http, so SNS delivers each message, PHI included, in plaintext", shapePath: "protocol"},
	{rule: "secret-policy-not-public", typ: SecretPolicy,
		compliant:  M{"secretArn": "arn:aws:secretsmanager:us-east-1:111122223333:secret:db", "policy": `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/app"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`},
		violating:  M{"secretArn": "arn:aws:secretsmanager:us-east-1:111122223333:secret:db", "policy": `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`},
		unknown:    M{"policy": unknown},
		wrongShape: M{"policy": "{"},
		want:       "the policy allows secretsmanager:GetSecretValue on the secret to anyone", shapePath: "policy"},
	{rule: "ecs-efs-transit-encryption", typ: ECSTaskDefinition,
		compliant:  M{"volumes": []any{M{"name": "shared", "efsVolumeConfiguration": M{"fileSystemId": "fs-1", "transitEncryption": "ENABLED", "authorizationConfig": M{"iam": "ENABLED", "accessPointId": "fsap-1"}}}, M{"name": "tmp"}}},
		violating:  M{"volumes": []any{M{"name": "shared", "efsVolumeConfiguration": M{"fileSystemId": "fs-1"}}}},
		unknown:    M{"volumes": []any{M{"name": "shared", "efsVolumeConfiguration": M{"fileSystemId": "fs-1", "transitEncryption": unknown}}}},
		wrongShape: M{"volumes": M{"name": "shared"}},
		want:       "volumes[0].efsVolumeConfiguration.transitEncryption is unset (the SDK's default is DISABLED)", shapePath: "volumes"},
	{rule: "ecs-taskdef-secret-values", typ: ECSTaskDefinition,
		compliant:  M{"containerDefinitions": `[{"name":"app","environment":[{"name":"DATABASE_HOST","value":"db.internal"},{"name":"LOG_LEVEL","value":"info"}],"command":["serve","--port=8080"],"dockerLabels":{"team":"care"}}]`},
		violating:  M{"containerDefinitions": `[{"name":"app","environment":[{"name":"DATABASE_URL","value":"postgres://app:Xk9-pw-2024@db.internal:5432/care"}]}]`},
		unknown:    M{"containerDefinitions": unknown},
		wrongShape: M{"containerDefinitions": `{"name":"app"}`},
		want:       "container app environment[0] holds credentials in a URL", shapePath: "containerDefinitions"},
	{rule: "ecs-container-host-isolation", typ: ECSTaskDefinition,
		compliant:  M{"containerDefinitions": `[{"name":"app","user":"10001","linuxParameters":{"capabilities":{"drop":["ALL"]}}}]`, "volumes": []any{M{"name": "tmp"}}},
		violating:  M{"containerDefinitions": `[{"name":"app","user":"10001","pidMode":"host"}]`},
		unknown:    M{"containerDefinitions": unknown},
		wrongShape: M{"containerDefinitions": `"app"`},
		want:       "container app sets pidMode host", shapePath: "containerDefinitions"},
}

func TestGrantAndContainerRulesOnEdgeShapes(t *testing.T) {
	td := func(defs string) Resource { return res(ECSTaskDefinition, M{"containerDefinitions": defs}) }
	tests := []struct {
		name, rule string
		r          Resource
		violated   bool
		want       string
	}{
		{"an https subscription to an http URL", "sns-subscription-https", res(SNSTopicSubscription, M{"protocol": "https", "endpoint": "http://hooks.example/x"}), true, "endpoint is a plain http:// URL"},
		{"an SQS subscription", "sns-subscription-https", res(SNSTopicSubscription, M{"protocol": "sqs", "endpoint": "arn:aws:sqs:us-east-1:1:q"}), false, ""},
		{"a secret shared with the organisation", "secret-policy-not-public", res(SecretPolicy, M{"policy": `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"secretsmanager:GetSecretValue","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc"}}}]}`}), false, ""},
		{"an EFS volume mounted without TLS", "ecs-efs-transit-encryption", res(ECSTaskDefinition, M{"volumes": []any{M{"name": "v", "efsVolumeConfiguration": M{"fileSystemId": "fs-1", "transitEncryption": "DISABLED"}}}}), true, `transitEncryption is "DISABLED"`},
		{"a secret-named variable is no-plaintext-secrets-in-taskdef's", "ecs-taskdef-secret-values", td(`[{"name":"app","environment":[{"name":"DB_PASSWORD","value":"postgres://a:b@h"}]}]`), false, ""},
		{"an environment given as a map", "ecs-taskdef-secret-values", td(`[{"name":"app","environment":{"A":"b"}}]`), true, "container app environment has an unexpected shape"},
		{"a token in a docker label", "ecs-taskdef-secret-values", td(`[{"name":"app","dockerLabels":{"ci":"glpat-0123456789abcdefghij"}}]`), true, "container app dockerLabels hold a GitLab token"},
		{"a password flag with its value", "ecs-taskdef-secret-values", td(`[{"name":"app","command":["worker","--password","Winter2024!care"]}]`), true, "container app command[1] passes a literal secret on the command line"},
		{"a password flag reading a variable", "ecs-taskdef-secret-values", td(`[{"name":"app","command":["worker","--password=${DB_PASSWORD}"]}]`), false, ""},
		{"a private key in the entry point", "ecs-taskdef-secret-values", td(`[{"name":"app","entryPoint":["sh","-c","echo '-----BEGIN PRIVATE KEY-----' > /k"]}]`), true, "entryPoint[2] holds a private key"},
		{"a secret document is not quoted", "ecs-taskdef-secret-values", res(ECSTaskDefinition, M{"containerDefinitions": secretOf{`[{"name":"billing","environment":[{"name":"URL","value":"https://u:pw12345@h"}]}]`}}), true, "container #0 environment[0]"},
		{"a container that is not an object", "ecs-taskdef-secret-values", td(`["app"]`), true, "containerDefinitions[0] has an unexpected shape"},
		{"SYS_ADMIN", "ecs-container-host-isolation", td(`[{"name":"app","linuxParameters":{"capabilities":{"add":["SYS_ADMIN"]}}}]`), true, "adds capability SYS_ADMIN"},
		{"the Docker socket", "ecs-container-host-isolation", res(ECSTaskDefinition, M{"volumes": []any{M{"name": "docker", "hostPath": "/var/run/docker.sock"}}}), true, "volumes[0] mounts the host's /var/run/docker.sock"},
		{"a host data directory", "ecs-container-host-isolation", res(ECSTaskDefinition, M{"volumes": []any{M{"name": "data", "hostPath": "/data/app"}}}), false, ""},
		{"root:root", "ecs-container-host-isolation", td(`[{"name":"app","user":"root:root"}]`), true, "container app runs as root (user root:root)"},
		{"plain root is container-hardening's", "ecs-container-host-isolation", td(`[{"name":"app","user":"root"}]`), false, ""},
	}
	for _, tt := range tests {
		v, _ := wlFindings(t, tt.rule, []Resource{tt.r})
		if (len(v) > 0) != tt.violated || !strings.Contains(wlMessages(v), tt.want) {
			t.Errorf("%s: violations\n%s\nwant violated=%v with %q", tt.name, wlMessages(v), tt.violated, tt.want)
		}
	}
}

// replaceEach calls fn with copies of v where one node (a map entry or list
// element, at any depth) is replaced by alt.
func replaceEach(v any, alt any, fn func(any)) {
	switch v := v.(type) {
	case M:
		for k, e := range v {
			c := M{}
			for k2, e2 := range v {
				c[k2] = e2
			}
			c[k] = alt
			fn(c)
			replaceEach(e, alt, func(inner any) {
				c2 := M{}
				for k2, e2 := range v {
					c2[k2] = e2
				}
				c2[k] = inner
				fn(c2)
			})
		}
	case []any:
		for i, e := range v {
			c := slices.Clone(v)
			c[i] = alt
			fn(c)
			replaceEach(e, alt, func(inner any) {
				c2 := slices.Clone(v)
				c2[i] = inner
				fn(c2)
			})
		}
	}
}

// Every node of every case, replaced by every shape a program (or a bad
// import) can produce, must draw findings, never a panic.
func TestWorkloadRulesNeverPanicOnAnyShapeAtAnyPath(t *testing.T) {
	alts := []any{nil, unknown, secretOf{"x"}, secretOf{unknown}, true, 3, "", "{not json", []any{}, []any{1, "a"}, M{}, M{"a": []any{unknown}}}
	run := func(rule string, rs []Resource) {
		r := ByName(rule)
		var fs []Finding
		if r.Scope == ScopeStack {
			fs = RunStack(r, NewStack(rs), nil)
		} else {
			fs = RunResource(r, &rs[0], nil)
		}
		for _, f := range fs {
			if strings.Contains(f.Message, "could not evaluate") {
				t.Fatalf("%s panicked: %s", rule, f.Message)
			}
		}
	}
	n := 0
	for _, tc := range workloadCases {
		for _, props := range []M{tc.compliant, tc.violating} {
			for _, alt := range alts {
				replaceEach(props, alt, func(v any) {
					n++
					run(tc.rule, []Resource{res(tc.typ, v.(M))})
				})
			}
		}
	}
	for _, tc := range workloadStackCases {
		for _, f := range []fixture{tc.compliant, tc.violating} {
			for i := range f.rs {
				props := plain(property.New(f.rs[i].Props)).(map[string]any)
				for _, alt := range alts {
					replaceEach(M(props), alt, func(v any) {
						n++
						rs := f.build()
						rs[i].Props = val(v).AsMap()
						run(tc.rule, rs)
					})
				}
			}
		}
	}
	t.Logf("%d variants", n)
}
