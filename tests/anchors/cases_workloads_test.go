package anchors

import (
	"encoding/base64"
	"encoding/json"

	"github.com/carestack/carestack/policy/rules"
)

// Cases for the workload services (Lambda, API Gateway, SQS, Kinesis,
// Firehose, SageMaker, CodeBuild, SNS subscriptions, Secrets Manager secret
// policies, ECS task definitions), each written from its anchor rule's text
// (inventory_workloads.go lists the rules and where they were read). A
// compliant stack is the anchor's passing configuration made complete, so
// that no rule of the pack objects to it; a violating stack breaks exactly
// what the anchor rule names.

const (
	account = "111122223333"
	// An account that is not this stack's.
	stranger = "999988887777"
)

// with copies props and sets (or, with nil, deletes) keys.
func with(props map[string]any, kv ...any) map[string]any {
	out := make(map[string]any, len(props)+len(kv)/2)
	for k, v := range props {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		k := kv[i].(string)
		if kv[i+1] == nil {
			delete(out, k)
		} else {
			out[k] = kv[i+1]
		}
	}
	return out
}

// pair is a compliant and a violating stack for the same anchor rules.
func pair(anchor, good, bad string, want []string, compliant, violating []R) []Case {
	return []Case{
		{Anchor: anchor, Name: good, Stack: compliant},
		{Anchor: anchor, Name: bad, Violating: true, Want: want, Stack: violating},
	}
}

// --- Lambda ---

// lambdaFn is a function every Lambda anchor accepts: in the VPC on two
// subnets, a dead-letter queue, reserved concurrency, active tracing, a
// supported runtime, signed code.
var lambdaFn = map[string]any{
	"role":    "arn:aws:iam::" + account + ":role/intake-fn",
	"runtime": "python3.13", "handler": "app.handler",
	"s3Bucket": "carestack-artifacts", "s3Key": "intake/1.4.2.zip",
	"vpcConfig":                    map[string]any{"subnetIds": []any{"subnet-0a1", "subnet-0b2"}, "securityGroupIds": []any{"sg-0fn"}},
	"deadLetterConfig":             map[string]any{"targetArn": "arn:aws:sqs:us-east-1:" + account + ":intake-dlq"},
	"reservedConcurrentExecutions": 20,
	"tracingConfig":                map[string]any{"mode": "Active"},
	"codeSigningConfigArn":         "arn:aws:lambda:us-east-1:" + account + ":code-signing-config:csc-0abc1234",
}

func function(props map[string]any) R {
	return R{Type: rules.LambdaFunction, Name: "intake", Props: props}
}

// fnWith is one function: lambdaFn with changes.
func fnWith(kv ...any) []R { return []R{function(with(lambdaFn, kv...))} }

// withFunction is the compliant function plus the resources under test.
func withFunction(rs ...R) []R { return append([]R{function(lambdaFn)}, rs...) }

func permission(props map[string]any) R {
	return R{Type: rules.LambdaPermission, Name: "invoke", Props: with(map[string]any{"action": "lambda:InvokeFunction", "function": "intake"}, flatten(props)...), Deps: map[string][]string{"function": {"intake"}}}
}

func functionURL(props map[string]any) R {
	return R{Type: rules.LambdaFunctionURL, Name: "intake-url", Props: with(map[string]any{"functionName": "intake"}, flatten(props)...), Deps: map[string][]string{"functionName": {"intake"}}}
}

// flatten turns a map into with's key/value list.
func flatten(m map[string]any) []any {
	var out []any
	for k, v := range m {
		out = append(out, k, v)
	}
	return out
}

// trail is a trail the CloudTrail anchors accept, with the given selectors.
func trail(selectors []any) R {
	return R{Type: rules.CloudTrail, Name: "audit", Props: map[string]any{
		"s3BucketName": "carestack-audit", "isMultiRegionTrail": true, "enableLogFileValidation": true,
		"includeGlobalServiceEvents": true, "kmsKeyId": "arn:aws:kms:us-east-1:" + account + ":key/logs",
		"cloudWatchLogsGroupArn": "arn:aws:logs:us-east-1:" + account + ":log-group:trail:*", "cloudWatchLogsRoleArn": "arn:aws:iam::" + account + ":role/trail",
		"advancedEventSelectors": selectors,
	}}
}

// auditTrail is the trail a stack holding PHI declares (trail-exists),
// recording management events and Lambda invocations.
func auditTrail() R {
	return trail([]any{
		selector("management", field("eventCategory", "Management")),
		selector("lambda-invokes", field("eventCategory", "Data"), field("resources.type", "AWS::Lambda::Function")),
	})
}

func selector(name string, fields ...map[string]any) map[string]any {
	fs := make([]any, len(fields))
	for i, f := range fields {
		fs[i] = f
	}
	return map[string]any{"name": name, "fieldSelectors": fs}
}

func field(f string, equals ...string) map[string]any {
	return map[string]any{"field": f, "equals": equals}
}

func subnet(name, az, cidr string) R {
	return R{Type: rules.Subnet, Name: name, Props: map[string]any{"vpcId": "vpc-0care", "cidrBlock": cidr, "availabilityZone": az}}
}

func init() {
	add(pair("CFG lambda-concurrency-check; CN HIPAA.Security-LambdaConcurrency; CK CKV_AWS_115",
		"function with 20 reserved concurrent executions", "function without a concurrency limit",
		[]string{"lambda-reserved-concurrency"}, fnWith(), fnWith("reservedConcurrentExecutions", nil))...)
	add(
		Case{Anchor: "CN HIPAA.Security-LambdaConcurrency", Name: "function reserving 0 executions", Violating: true,
			Want: []string{"lambda-reserved-concurrency"}, Stack: fnWith("reservedConcurrentExecutions", 0)},
		Case{Anchor: "CK CKV_AWS_115", Name: "function with reservedConcurrentExecutions -1 (unreserved)", Violating: true,
			Want: []string{"lambda-reserved-concurrency"}, Stack: fnWith("reservedConcurrentExecutions", -1)},
	)
	add(pair("CFG lambda-dlq-check; CN HIPAA.Security-LambdaDLQ; CK CKV_AWS_116; PR awslambda_function_no_dead_letter_queue",
		"function with an SQS dead-letter queue", "function without a dead-letter queue",
		[]string{"lambda-failure-destination"}, fnWith(), fnWith("deadLetterConfig", nil))...)
	add(Case{Anchor: "PR awslambda_function_no_dead_letter_queue", Name: "function whose failed async events go to an on-failure destination",
		Stack: append(fnWith("deadLetterConfig", nil, "name", "intake"), R{Type: rules.LambdaEventInvokeConfig, Name: "intake-async", Props: map[string]any{
			"functionName": "intake", "maximumRetryAttempts": 2,
			"destinationConfig": map[string]any{"onFailure": map[string]any{"destination": "arn:aws:sqs:us-east-1:" + account + ":intake-failed"}},
		}, Deps: map[string][]string{"functionName": {"intake"}}})})
	add(pair("CFG lambda-inside-vpc; CN HIPAA.Security-LambdaInsideVPC; CK CKV_AWS_117; PR awslambda_function_inside_vpc",
		"function on two private subnets with a security group", "function outside any VPC",
		[]string{"lambda-in-vpc"}, fnWith(), fnWith("vpcConfig", nil))...)
	add(pair("CFG lambda-function-public-access-prohibited; CN HIPAA.Security-LambdaFunctionPublicAccessProhibited; CK CKV_AWS_301; PR awslambda_function_not_publicly_accessible",
		"permission for S3 scoped to the bucket and account", "permission granting principal * with no source condition",
		[]string{"lambda-permission-not-public"},
		withFunction(permission(map[string]any{"principal": "s3.amazonaws.com", "sourceArn": "arn:aws:s3:::carestack-intake", "sourceAccount": account})),
		withFunction(permission(map[string]any{"principal": "*"})))...)
	add(Case{Anchor: "CN HIPAA.Security-LambdaFunctionPublicAccessProhibited", Name: "principal * limited to the organisation",
		Stack: withFunction(permission(map[string]any{"principal": "*", "principalOrgId": "o-a1b2c3d4e5"}))})
	add(pair("CK CKV_AWS_364", "EventBridge permission limited to its rule", "EventBridge permission with no sourceArn or sourceAccount",
		[]string{"lambda-service-permission-scoped"},
		withFunction(permission(map[string]any{"principal": "events.amazonaws.com", "sourceArn": "arn:aws:events:us-east-1:" + account + ":rule/nightly-export"})),
		withFunction(permission(map[string]any{"principal": "events.amazonaws.com"})))...)
	add(pair("CK CKV_AWS_45; PR awslambda_function_no_secrets_in_variables",
		"environment naming its secret by ARN", "environment holding an AWS secret access key",
		[]string{"lambda-no-env-secrets"},
		fnWith("environment", map[string]any{"variables": map[string]any{"DB_SECRET_ARN": "arn:aws:secretsmanager:us-east-1:" + account + ":secret:intake-db-AbCdEf", "LOG_LEVEL": "info"}},
			"kmsKeyArn", "arn:aws:kms:us-east-1:"+account+":key/lambda"),
		fnWith("environment", map[string]any{"variables": map[string]any{"AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}},
			"kmsKeyArn", "arn:aws:kms:us-east-1:"+account+":key/lambda"))...)
	add(Case{Anchor: "PR awslambda_function_no_secrets_in_variables", Name: "environment holding a database URL with its password", Violating: true,
		Want: []string{"lambda-no-env-secrets"}, Stack: fnWith("environment", map[string]any{"variables": map[string]any{"DATABASE_URL": "postgres://intake:Xk9-pw-2024@db.internal:5432/care"}},
			"kmsKeyArn", "arn:aws:kms:us-east-1:"+account+":key/lambda")})
	add(pair("CK CKV_AWS_173; PR awslambda_function_env_vars_not_encrypted_with_cmk",
		"environment variables under a customer-managed key", "environment variables under Lambda's default key",
		[]string{"lambda-env-cmk"},
		fnWith("environment", map[string]any{"variables": map[string]any{"LOG_LEVEL": "info"}}, "kmsKeyArn", "arn:aws:kms:us-east-1:"+account+":key/lambda"),
		fnWith("environment", map[string]any{"variables": map[string]any{"LOG_LEVEL": "info"}}))...)
	add(Case{Anchor: "PR awslambda_function_env_vars_not_encrypted_with_cmk", Name: "PHI function whose key is unknown until apply", Stack: []R{{
		Type: rules.LambdaFunction, Name: "intake", Class: "PHI",
		Props: with(lambdaFn, "environment", map[string]any{"variables": map[string]any{"LOG_LEVEL": "info"}}, "kmsKeyArn", Unknown{})}, auditTrail()}})
	add(pair("CK CKV_AWS_50", "function tracing every invocation", "function without tracing",
		[]string{"lambda-tracing"}, fnWith(), fnWith("tracingConfig", nil))...)
	add(pair("CK CKV_AWS_258; PR awslambda_function_url_public", "function URL requiring IAM", "function URL with authorization NONE",
		[]string{"lambda-url-auth"},
		withFunction(functionURL(map[string]any{"authorizationType": "AWS_IAM"})),
		withFunction(functionURL(map[string]any{"authorizationType": "NONE"})))...)
	add(pair("CK CKV2_AWS_75; PR awslambda_function_url_cors_policy", "function URL allowing one origin", "function URL allowing every origin and method",
		[]string{"lambda-url-cors"},
		withFunction(functionURL(map[string]any{"authorizationType": "AWS_IAM", "cors": map[string]any{"allowOrigins": []any{"https://app.carestack.example"}, "allowMethods": []any{"GET", "POST"}}})),
		withFunction(functionURL(map[string]any{"authorizationType": "AWS_IAM", "cors": map[string]any{"allowOrigins": []any{"*"}, "allowMethods": []any{"*"}}})))...)
	add(pair("CK CKV_AWS_272", "function validating code signatures", "function without a code-signing config",
		[]string{"lambda-code-signing"}, fnWith(), fnWith("codeSigningConfigArn", nil))...)
	add(pair("CK CKV_AWS_363", "function on python3.13", "function on nodejs16.x",
		[]string{"lambda-supported-runtime"}, fnWith(), fnWith("runtime", "nodejs16.x", "handler", "index.handler"))...)
	add(pair("PR awslambda_function_using_supported_runtimes", "function on java21", "function on python3.8",
		[]string{"lambda-supported-runtime"}, fnWith("runtime", "java21", "handler", "care.Handler"), fnWith("runtime", "python3.8"))...)
	add(pair("PR awslambda_function_using_cross_account_layers", "function using a layer from its own account", "function using another account's layer",
		[]string{"lambda-layers-same-account"},
		fnWith("layers", []any{"arn:aws:lambda:us-east-1:" + account + ":layer:care-common:7"}),
		fnWith("layers", []any{"arn:aws:lambda:us-east-1:" + stranger + ":layer:metrics-agent:1"}))...)
	add(pair("PR awslambda_function_vpc_multi_az", "function on subnets in two Availability Zones", "function on one subnet",
		[]string{"lambda-vpc-multi-az"},
		[]R{
			{Type: rules.LambdaFunction, Name: "intake", Props: lambdaFn, Deps: map[string][]string{"vpcConfig": {"private-a", "private-b"}}},
			subnet("private-a", "us-east-1a", "10.0.1.0/24"), subnet("private-b", "us-east-1b", "10.0.2.0/24"),
		},
		fnWith("vpcConfig", map[string]any{"subnetIds": []any{"subnet-0a1"}, "securityGroupIds": []any{"sg-0fn"}}))...)
	add(pair("PR awslambda_function_invoke_api_operations_cloudtrail_logging_enabled",
		"trail recording Lambda data events", "trail recording management events only",
		[]string{"lambda-invocations-audited"},
		withFunction(trail([]any{
			selector("management", field("eventCategory", "Management")),
			selector("lambda-invokes", field("eventCategory", "Data"), field("resources.type", "AWS::Lambda::Function")),
		})),
		withFunction(trail([]any{selector("management", field("eventCategory", "Management"))})))...)
}

// --- API Gateway ---

// restOpts changes the compliant REST API: props set (or, with nil,
// deleted) on the stage, the */* method settings and the method; the WAF
// association dropped; other managed rule groups on the web ACL.
type restOpts struct {
	stage, settings, method []any
	noSettings, noWAF       bool
	aclGroups               []string
}

var restStage = map[string]any{
	"stageName": "prod", "restApi": Unknown{}, "deployment": Unknown{},
	"accessLogSettings":  map[string]any{"destinationArn": "arn:aws:logs:us-east-1:" + account + ":log-group:visits-api-access", "format": `{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","status":"$context.status"}`},
	"xrayTracingEnabled": true, "clientCertificateId": "cc-0a1b2c",
}

var restSettings = map[string]any{
	"restApi": Unknown{}, "stageName": "prod", "methodPath": "*/*",
	"settings": map[string]any{"loggingLevel": "INFO", "metricsEnabled": true, "dataTraceEnabled": false},
}

var restMethod = map[string]any{
	"restApi": Unknown{}, "resourceId": Unknown{}, "httpMethod": "POST", "authorization": "AWS_IAM", "requestValidatorId": Unknown{},
}

// webACLRules are managed rule groups in a web ACL's rules shape.
func webACLRules(groups ...string) []any {
	var out []any
	for i, g := range groups {
		out = append(out, map[string]any{"name": g, "priority": i, "overrideAction": map[string]any{"none": map[string]any{}},
			"statement":        map[string]any{"managedRuleGroupStatement": map[string]any{"name": g, "vendorName": "AWS"}},
			"visibilityConfig": map[string]any{"cloudwatchMetricsEnabled": true, "metricName": g, "sampledRequestsEnabled": true}})
	}
	return out
}

// restAPIStack is a REST API every API Gateway anchor accepts, changed by o.
func restAPIStack(o restOpts) []R {
	groups := o.aclGroups
	if groups == nil {
		groups = []string{"AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"}
	}
	rs := []R{
		{Type: rules.APIGWRestAPI, Name: "visits", Props: map[string]any{"name": "visits", "endpointConfiguration": map[string]any{"types": "REGIONAL"}}},
		{Type: rules.APIGWStage, Name: "prod", Props: with(restStage, o.stage...), Deps: map[string][]string{"restApi": {"visits"}}},
		{Type: rules.APIGWMethod, Name: "visits-post", Props: with(restMethod, o.method...), Deps: map[string][]string{"restApi": {"visits"}}},
		{Type: rules.WAFWebACL, Name: "api-acl", Props: map[string]any{"scope": "REGIONAL", "defaultAction": map[string]any{"allow": map[string]any{}},
			"rules":            webACLRules(groups...),
			"visibilityConfig": map[string]any{"cloudwatchMetricsEnabled": true, "metricName": "api-acl", "sampledRequestsEnabled": true}}},
		{Type: rules.WAFLoggingConfig, Name: "api-acl-logs", Props: map[string]any{"resourceArn": Unknown{},
			"logDestinationConfigs": []any{"arn:aws:logs:us-east-1:" + account + ":log-group:aws-waf-logs-api"}}, Deps: map[string][]string{"resourceArn": {"api-acl"}}},
	}
	if !o.noSettings {
		rs = append(rs, R{Type: rules.APIGWMethodSettings, Name: "prod-all", Props: with(restSettings, o.settings...),
			Deps: map[string][]string{"restApi": {"visits"}, "stageName": {"prod"}}})
	}
	if !o.noWAF {
		rs = append(rs, R{Type: rules.WAFAssociation, Name: "prod-acl", Props: map[string]any{"resourceArn": Unknown{}, "webAclArn": Unknown{}},
			Deps: map[string][]string{"resourceArn": {"prod"}, "webAclArn": {"api-acl"}}})
	}
	return rs
}

// httpAPIStack is an HTTP (or WebSocket) API every anchor accepts: access
// logs on its stage, an authorizer on its route; WebSocket stages also log
// execution and present a client certificate.
func httpAPIStack(protocol string, stage, route []any) []R {
	key, auth := "GET /visits", "JWT"
	base := map[string]any{"apiId": Unknown{}, "name": "$default", "autoDeploy": true,
		"accessLogSettings": map[string]any{"destinationArn": "arn:aws:logs:us-east-1:" + account + ":log-group:visits-http-access", "format": `{"requestId":"$context.requestId","status":"$context.status"}`}}
	if protocol == "WEBSOCKET" {
		key, auth = "$connect", "AWS_IAM"
		base = with(base, "name", "prod", "clientCertificateId", "cc-0a1b2c", "defaultRouteSettings", map[string]any{"loggingLevel": "ERROR", "dataTraceEnabled": false})
	}
	return []R{
		{Type: rules.APIGWv2API, Name: "visits-" + protocol, Props: map[string]any{"name": "visits", "protocolType": protocol}},
		{Type: rules.APIGWv2Stage, Name: "stage", Props: with(base, stage...), Deps: map[string][]string{"apiId": {"visits-" + protocol}}},
		{Type: rules.APIGWv2Route, Name: "route", Props: with(map[string]any{"apiId": Unknown{}, "routeKey": key, "authorizationType": auth, "authorizerId": Unknown{}}, route...),
			Deps: map[string][]string{"apiId": {"visits-" + protocol}}},
	}
}

func init() {
	ok := restAPIStack(restOpts{})
	add(pair("CFG api-gw-associated-with-waf; CK CKV2_AWS_29; PR apigateway_restapi_waf_acl_attached",
		"Regional API whose stage has a web ACL", "Regional API whose stage has no web ACL",
		[]string{"apigw-waf"}, ok, restAPIStack(restOpts{noWAF: true}))...)
	add(pair("CK CKV2_AWS_77", "stage web ACL with the known-bad-inputs (Log4j) rules", "stage web ACL with the common rule set only",
		[]string{"apigw-waf"}, ok, restAPIStack(restOpts{aclGroups: []string{"AWSManagedRulesCommonRuleSet"}}))...)
	add(pair("CFG api-gw-execution-logging-enabled; CN HIPAA.Security-APIGWExecutionLoggingEnabled; CK CKV2_AWS_4; PR apigateway_restapi_logging_enabled",
		"stage logging every method at INFO with metrics", "stage without method settings (logging OFF)",
		[]string{"apigw-execution-logging"}, ok, restAPIStack(restOpts{noSettings: true}))...)
	add(
		Case{Anchor: "CN HIPAA.Security-APIGWExecutionLoggingEnabled; PR apigateway_restapi_logging_enabled", Name: "method settings with loggingLevel OFF", Violating: true,
			Want: []string{"apigw-execution-logging"}, Stack: restAPIStack(restOpts{settings: []any{"settings", map[string]any{"loggingLevel": "OFF", "metricsEnabled": true}}})},
		Case{Anchor: "CK CKV2_AWS_4", Name: "method settings logging ERROR without metrics", Violating: true,
			Want: []string{"apigw-execution-logging"}, Stack: restAPIStack(restOpts{settings: []any{"settings", map[string]any{"loggingLevel": "ERROR", "metricsEnabled": false}}})},
	)
	add(pair("CFG api-gw-execution-logging-enabled", "WebSocket stage logging its routes at ERROR", "WebSocket stage with route logging unset",
		[]string{"apigw-execution-logging"}, httpAPIStack("WEBSOCKET", nil, nil), httpAPIStack("WEBSOCKET", []any{"defaultRouteSettings", nil}, nil))...)
	add(pair("CFG api-gw-ssl-enabled; CN HIPAA.Security-APIGWSSLEnabled; CK CKV2_AWS_51; PR apigateway_restapi_client_certificate_enabled",
		"stage presenting a client certificate", "stage without a client certificate",
		[]string{"apigw-client-certificate"}, ok, restAPIStack(restOpts{stage: []any{"clientCertificateId", nil}}))...)
	add(pair("CK CKV2_AWS_51", "WebSocket stage presenting a client certificate", "WebSocket stage without a client certificate",
		[]string{"apigw-client-certificate"}, httpAPIStack("WEBSOCKET", nil, nil), httpAPIStack("WEBSOCKET", []any{"clientCertificateId", nil}, nil))...)
	cached := []any{"cacheClusterEnabled", true, "cacheClusterSize", "0.5"}
	add(pair("CFG api-gw-cache-enabled-and-encrypted; CN HIPAA.Security-APIGWCacheEnabledAndEncrypted; CK CKV_AWS_308; PR apigateway_restapi_cache_encrypted",
		"stage caching every method, encrypted", "stage caching every method unencrypted",
		[]string{"apigw-cache-encrypted"},
		restAPIStack(restOpts{stage: cached, settings: []any{"settings", map[string]any{"loggingLevel": "INFO", "metricsEnabled": true, "cachingEnabled": true, "cacheDataEncrypted": true, "cacheTtlInSeconds": 300}}}),
		restAPIStack(restOpts{stage: cached, settings: []any{"settings", map[string]any{"loggingLevel": "INFO", "metricsEnabled": true, "cachingEnabled": true}}}))...)
	add(Case{Anchor: "PR apigateway_restapi_cache_encrypted", Name: "stage cache cluster with no method setting encrypting it", Violating: true,
		Want: []string{"apigw-cache-encrypted"}, Stack: restAPIStack(restOpts{stage: cached})})
	add(pair("CFG api-gw-xray-enabled; CN HIPAA.Security-APIGWXrayEnabled; CK CKV_AWS_73; PR apigateway_restapi_tracing_enabled",
		"stage tracing with X-Ray", "stage with X-Ray off",
		[]string{"apigw-xray"}, ok, restAPIStack(restOpts{stage: []any{"xrayTracingEnabled", false}}))...)
	add(pair("CK CKV_AWS_59; PR apigateway_restapi_authorizers_enabled; PR apigateway_restapi_public_with_authorizer",
		"public API whose methods require IAM", "public API with a GET method open to anyone",
		[]string{"apigw-method-authorized"}, ok, restAPIStack(restOpts{method: []any{"httpMethod", "GET", "authorization", "NONE"}}))...)
	add(Case{Anchor: "CK CKV_AWS_59", Name: "OPTIONS preflight without authorization", Stack: restAPIStack(restOpts{method: []any{"httpMethod", "OPTIONS", "authorization", "NONE"}})})
	add(pair("CK CKV_AWS_76", "REST stage writing access logs", "REST stage without access logs",
		[]string{"apigw-access-logging"}, ok, restAPIStack(restOpts{stage: []any{"accessLogSettings", nil}}))...)
	add(pair("CK CKV_AWS_76; PR apigatewayv2_api_access_logging_enabled", "HTTP API stage writing access logs", "HTTP API stage without access logs",
		[]string{"apigw-access-logging"}, httpAPIStack("HTTP", nil, nil), httpAPIStack("HTTP", []any{"accessLogSettings", nil}, nil))...)
	domain := func(policy any) []R {
		return []R{{Type: rules.APIGWDomainName, Name: "api-domain", Props: map[string]any{"domainName": "api.carestack.example",
			"regionalCertificateArn": "arn:aws:acm:us-east-1:" + account + ":certificate/0a1b2c3d", "endpointConfiguration": map[string]any{"types": "REGIONAL"}, "securityPolicy": policy}}}
	}
	add(pair("CK CKV_AWS_206", "custom domain on TLS_1_2", "custom domain on TLS_1_0",
		[]string{"apigw-domain-tls"}, domain("TLS_1_2"), domain("TLS_1_0"))...)
	add(pair("CK CKV_AWS_276", "method settings without data trace", "method settings with data trace",
		[]string{"apigw-no-data-trace"}, ok,
		restAPIStack(restOpts{settings: []any{"settings", map[string]any{"loggingLevel": "INFO", "metricsEnabled": true, "dataTraceEnabled": true}}}))...)
	add(pair("CK CKV_AWS_309; PR apigatewayv2_api_authorizers_enabled", "HTTP route with a JWT authorizer", "HTTP route with authorizationType NONE",
		[]string{"apigw-route-authorized"}, httpAPIStack("HTTP", nil, nil), httpAPIStack("HTTP", nil, []any{"authorizationType", "NONE", "authorizerId", nil}))...)
	add(pair("CK CKV2_AWS_53", "method with a request validator", "method without a request validator",
		[]string{"apigw-request-validation"}, ok, restAPIStack(restOpts{method: []any{"requestValidatorId", nil}}))...)
	add(pair("PR apigateway_restapi_no_secrets_in_stage_variables", "stage variables naming a secret's ARN", "stage variables holding a partner API key",
		[]string{"apigw-no-secrets-in-stage-variables"},
		restAPIStack(restOpts{stage: []any{"variables", map[string]any{"partnerSecretArn": "arn:aws:secretsmanager:us-east-1:" + account + ":secret:partner-AbCdEf", "backendHost": "visits.internal"}}}),
		restAPIStack(restOpts{stage: []any{"variables", map[string]any{"partnerApiKey": "pk-live-7f3a9c21e0b44d8e"}}}))...)
}

// --- SQS, Kinesis, Firehose ---

func queue(class string, props map[string]any) R {
	return R{Type: rules.SQSQueue, Name: "visits", Class: class, Props: with(map[string]any{"name": "visits", "visibilityTimeoutSeconds": 60}, flatten(props)...)}
}

func queuePolicy(statement string) R {
	return R{Type: rules.SQSQueuePolicy, Name: "visits-policy", Props: map[string]any{"queueUrl": Unknown{},
		"policy": `{"Version":"2012-10-17","Statement":[` + statement + `]}`}, Deps: map[string][]string{"queueUrl": {"visits"}}}
}

const queueArn = "arn:aws:sqs:us-east-1:" + account + ":visits"

func kinesisStream(props map[string]any) []R {
	return []R{{Type: rules.KinesisStream, Name: "vitals", Props: with(map[string]any{"name": "vitals", "shardCount": 2, "retentionPeriod": 168,
		"encryptionType": "KMS", "kmsKeyId": "alias/aws/kinesis"}, flatten(props)...)}}
}

// firehose is an Internal delivery stream to S3 with the AWS-owned key;
// class PHI streams name customer-managed keys (unknown until apply, as a
// key made in the same program is).
func firehose(class string, props map[string]any) []R {
	base := map[string]any{"name": "vitals-archive", "destination": "extended_s3",
		"extendedS3Configuration": map[string]any{"roleArn": "arn:aws:iam::" + account + ":role/firehose", "bucketArn": "arn:aws:s3:::carestack-vitals-archive"},
		"serverSideEncryption":    map[string]any{"enabled": true, "keyType": "AWS_OWNED_CMK"}}
	if class == "PHI" {
		base = with(base, "serverSideEncryption", map[string]any{"enabled": true, "keyType": "CUSTOMER_MANAGED_CMK", "keyArn": Unknown{}},
			"extendedS3Configuration", map[string]any{"roleArn": "arn:aws:iam::" + account + ":role/firehose", "bucketArn": "arn:aws:s3:::carestack-vitals-archive", "kmsKeyArn": Unknown{}})
	}
	// Tagged here: the generated taggable list misses this type (its Args
	// struct aligns "Tags      pulumi.StringMapInput"), so the runner would not.
	base["tags"] = map[string]any{rules.TagDataClassification: orDefault(class, "Internal")}
	return []R{{Type: rules.FirehoseStream, Name: "vitals-archive", Class: class, Props: with(base, flatten(props)...)}}
}

func init() {
	add(pair("CK CKV_AWS_27; PR sqs_queues_server_side_encryption_enabled", "queue with SQS-managed encryption", "queue with SSE switched off and no key",
		[]string{"sqs-sse"}, []R{queue("", map[string]any{"sqsManagedSseEnabled": true})}, []R{queue("", map[string]any{"sqsManagedSseEnabled": false})})...)
	add(Case{Anchor: "PR sqs_queues_server_side_encryption_enabled", Name: "PHI queue under a customer-managed key",
		Stack: []R{queue("PHI", map[string]any{"kmsMasterKeyId": Unknown{}, "kmsDataKeyReusePeriodSeconds": 300}), auditTrail()}})
	add(pair("CK CKV2_AWS_73", "queue under a customer-managed key", "queue under the AWS-managed alias/aws/sqs",
		[]string{"sqs-sse"}, []R{queue("", map[string]any{"kmsMasterKeyId": "arn:aws:kms:us-east-1:" + account + ":key/queues"})},
		[]R{queue("", map[string]any{"kmsMasterKeyId": "alias/aws/sqs"})})...)
	add(pair("CK CKV_AWS_168; CK CKV_AWS_387; PR sqs_queues_not_publicly_accessible",
		"queue policy letting one SNS topic send", "queue policy letting anyone send",
		[]string{"sqs-policy-not-public"},
		[]R{queue("", nil), queuePolicy(`{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"` + queueArn + `","Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:` + account + `:visit-events"}}}`)},
		[]R{queue("", nil), queuePolicy(`{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"` + queueArn + `"}`)})...)
	add(Case{Anchor: "CK CKV_AWS_168; PR sqs_queues_not_publicly_accessible", Name: "inline queue policy open to AWS:*", Violating: true, Want: []string{"sqs-policy-not-public"},
		Stack: []R{queue("", map[string]any{"policy": `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":["sqs:ReceiveMessage","sqs:DeleteMessage"],"Resource":"` + queueArn + `"}]}`})}})
	add(pair("CK CKV_AWS_72", "queue policy granting a role the consumer actions", "queue policy granting Action *",
		[]string{"sqs-policy-no-wildcard-actions"},
		[]R{queue("", nil), queuePolicy(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + account + `:role/visits-worker"},"Action":["sqs:ReceiveMessage","sqs:DeleteMessage","sqs:ChangeMessageVisibility"],"Resource":"` + queueArn + `"}`)},
		[]R{queue("", nil), queuePolicy(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + account + `:role/visits-worker"},"Action":"*","Resource":"` + queueArn + `"}`)})...)
	add(pair("CFG kinesis-stream-encrypted; CK CKV_AWS_43; PR kinesis_stream_encrypted_at_rest", "stream encrypted with KMS", "stream with encryptionType NONE",
		[]string{"kinesis-kms"}, kinesisStream(nil), kinesisStream(map[string]any{"encryptionType": "NONE", "kmsKeyId": nil}))...)
	add(pair("CK CKV_AWS_185", "stream naming its KMS key", "stream with encryption KMS and no key",
		[]string{"kinesis-kms"}, kinesisStream(map[string]any{"kmsKeyId": "arn:aws:kms:us-east-1:" + account + ":key/streams"}), kinesisStream(map[string]any{"kmsKeyId": nil}))...)
	video := func(props map[string]any) []R {
		return []R{{Type: rules.KinesisVideoStream, Name: "visit-video", Props: with(map[string]any{"name": "visit-video", "dataRetentionInHours": 24, "mediaType": "video/h264"}, flatten(props)...)}}
	}
	add(pair("CK CKV_AWS_177", "video stream under a customer-managed key", "video stream under the default aws/kinesisvideo key",
		[]string{"kinesis-kms"}, video(map[string]any{"kmsKeyId": "arn:aws:kms:us-east-1:" + account + ":key/video"}), video(nil))...)
	add(pair("PR kinesis_stream_data_retention_period", "stream keeping records 7 days", "stream keeping the default 24 hours",
		[]string{"kinesis-stream-retention"}, kinesisStream(nil), kinesisStream(map[string]any{"retentionPeriod": nil}))...)
	add(pair("CK CKV_AWS_240; PR firehose_stream_encrypted_at_rest", "delivery stream encrypting its buffer", "delivery stream without server-side encryption",
		[]string{"firehose-sse"}, firehose("", nil), firehose("", map[string]any{"serverSideEncryption": nil}))...)
	add(Case{Anchor: "CK CKV_AWS_240; PR firehose_stream_encrypted_at_rest", Name: "delivery stream reading an encrypted Kinesis stream",
		Stack: append(kinesisStream(nil), firehose("", map[string]any{"serverSideEncryption": nil, "destination": "extended_s3",
			"kinesisSourceConfiguration": map[string]any{"kinesisStreamArn": Unknown{}, "roleArn": "arn:aws:iam::" + account + ":role/firehose"}})...)})
	add(pair("CK CKV_AWS_241", "PHI delivery stream under a customer-managed key", "PHI delivery stream under the AWS-owned key",
		[]string{"firehose-sse"}, append(firehose("PHI", nil), auditTrail()), firehose("PHI", map[string]any{"serverSideEncryption": map[string]any{"enabled": true, "keyType": "AWS_OWNED_CMK"}}))...)
}

// --- SageMaker ---

var notebook = map[string]any{
	"name": "triage-research", "instanceType": "ml.t3.medium", "roleArn": "arn:aws:iam::" + account + ":role/sagemaker-notebook",
	"kmsKeyId": "arn:aws:kms:us-east-1:" + account + ":key/sagemaker", "subnetId": "subnet-0a1", "securityGroups": []any{"sg-0nb"},
	"directInternetAccess": "Disabled", "rootAccess": "Disabled", "platformIdentifier": "notebook-al2-v3",
	"instanceMetadataServiceConfiguration": map[string]any{"minimumInstanceMetadataServiceVersion": "2"},
}

func notebookWith(kv ...any) []R {
	return []R{{Type: rules.SageMakerNotebook, Name: "triage-research", Props: with(notebook, kv...)}}
}

var endpointConfig = map[string]any{
	"name": "triage", "kmsKeyArn": "arn:aws:kms:us-east-1:" + account + ":key/sagemaker",
	"productionVariants": []any{map[string]any{"variantName": "primary", "modelName": "triage", "instanceType": "ml.m5.large", "initialInstanceCount": 2}},
}

var sageMakerModel = map[string]any{
	"name": "triage", "executionRoleArn": "arn:aws:iam::" + account + ":role/sagemaker-model",
	"primaryContainer":       map[string]any{"image": account + ".dkr.ecr.us-east-1.amazonaws.com/triage:1.2.0", "modelDataUrl": "s3://carestack-models/triage/model.tar.gz"},
	"enableNetworkIsolation": true,
	"vpcConfig":              map[string]any{"subnets": []any{"subnet-0a1", "subnet-0b2"}, "securityGroupIds": []any{"sg-0model"}},
}

var dataQualityJob = map[string]any{
	"name": "triage-data-quality", "roleArn": "arn:aws:iam::" + account + ":role/sagemaker-monitor",
	"dataQualityAppSpecification": map[string]any{"imageUri": "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer"},
	"dataQualityJobInput":         map[string]any{"endpointInput": map[string]any{"endpointName": "triage"}},
	"dataQualityJobOutputConfig": map[string]any{"kmsKeyId": "arn:aws:kms:us-east-1:" + account + ":key/sagemaker",
		"monitoringOutputs": map[string]any{"s3Output": map[string]any{"s3Uri": "s3://carestack-monitoring/triage/"}}},
	"jobResources": map[string]any{"clusterConfig": map[string]any{"instanceCount": 2, "instanceType": "ml.m5.large", "volumeSizeInGb": 20,
		"volumeKmsKeyId": "arn:aws:kms:us-east-1:" + account + ":key/sagemaker"}},
	"networkConfig": map[string]any{"enableInterContainerTrafficEncryption": true, "enableNetworkIsolation": true},
}

func init() {
	add(pair("CFG sagemaker-notebook-instance-kms-key-configured; CN HIPAA.Security-SageMakerNotebookInstanceKMSKeyConfigured; CK CKV_AWS_22; CK CKV_AWS_187; PR sagemaker_notebook_instance_encryption_enabled",
		"notebook under a KMS key", "notebook without a KMS key",
		[]string{"sagemaker-notebook-domain-kms"}, notebookWith(), notebookWith("kmsKeyId", nil))...)
	add(pair("CFG sagemaker-notebook-no-direct-internet-access; CN HIPAA.Security-SageMakerNotebookNoDirectInternetAccess; CK CKV_AWS_122; PR sagemaker_notebook_instance_without_direct_internet_access_configured",
		"notebook reaching the internet only through its VPC", "notebook with direct internet access enabled",
		[]string{"sagemaker-no-direct-internet"}, notebookWith(), notebookWith("directInternetAccess", "Enabled"))...)
	domain := func(kv ...any) []R {
		return []R{{Type: rules.SageMakerDomain, Name: "studio", Props: with(map[string]any{"domainName": "care-studio", "authMode": "SSO",
			"vpcId": "vpc-0care", "subnetIds": []any{"subnet-0a1", "subnet-0b2"}, "appNetworkAccessType": "VpcOnly",
			"kmsKeyId":            "arn:aws:kms:us-east-1:" + account + ":key/sagemaker",
			"defaultUserSettings": map[string]any{"executionRole": "arn:aws:iam::" + account + ":role/studio-user"}}, kv...)}}
	}
	add(pair("CK CKV_AWS_187", "Studio domain under a customer-managed key", "Studio domain without a KMS key",
		[]string{"sagemaker-notebook-domain-kms"}, domain(), domain("kmsKeyId", nil))...)
	add(pair("CK CKV_AWS_306; PR sagemaker_notebook_instance_vpc_settings_configured", "notebook in a private subnet", "notebook with no subnet",
		[]string{"sagemaker-notebook-in-vpc"}, notebookWith(), notebookWith("subnetId", nil, "securityGroups", nil, "directInternetAccess", "Enabled"))...)
	add(pair("CK CKV_AWS_307; PR sagemaker_notebook_instance_root_access_disabled", "notebook without root access", "notebook giving users root",
		[]string{"sagemaker-notebook-root-disabled"}, notebookWith(), notebookWith("rootAccess", "Enabled"))...)
	add(pair("CK CKV_AWS_371", "notebook answering IMDSv2 only", "notebook answering IMDSv1",
		[]string{"sagemaker-notebook-imdsv2"}, notebookWith(), notebookWith("instanceMetadataServiceConfiguration", map[string]any{"minimumInstanceMetadataServiceVersion": "1"}))...)
	ep := func(kv ...any) []R {
		return []R{{Type: rules.SageMakerEndpointConfig, Name: "triage", Props: with(endpointConfig, kv...)}}
	}
	add(pair("CFG sagemaker-endpoint-configuration-kms-key-configured; CN HIPAA.Security-SageMakerEndpointConfigurationKMSKeyConfigured; CK CKV_AWS_98; PR sagemaker_endpoint_config_kms_encryption_enabled",
		"endpoint configuration under a KMS key", "endpoint configuration without a KMS key",
		[]string{"sagemaker-endpoint-kms"}, ep(), ep("kmsKeyArn", nil))...)
	add(pair("PR sagemaker_endpoint_config_prod_variant_instances", "production variant with two instances", "production variant with one instance",
		[]string{"sagemaker-endpoint-multi-instance"}, ep(),
		ep("productionVariants", []any{map[string]any{"variantName": "primary", "modelName": "triage", "instanceType": "ml.m5.large", "initialInstanceCount": 1}}))...)
	model := func(kv ...any) []R {
		return []R{{Type: rules.SageMakerModel, Name: "triage", Props: with(sageMakerModel, kv...)}}
	}
	add(pair("CK CKV_AWS_370; PR sagemaker_models_network_isolation_enabled", "model with network isolation", "model without network isolation",
		[]string{"sagemaker-model-network-isolation"}, model(), model("enableNetworkIsolation", false))...)
	add(pair("PR sagemaker_models_vpc_settings_configured", "model in VPC subnets", "model without VPC settings",
		[]string{"sagemaker-model-in-vpc"}, model(), model("vpcConfig", nil))...)
	dq := func(kv ...any) []R {
		return []R{{Type: rules.SageMakerDataQualityJob, Name: "triage-data-quality", Props: with(dataQualityJob, kv...)}}
	}
	add(pair("CK CKV_AWS_367", "data-quality job encrypting its reports", "data-quality job without an output key",
		[]string{"sagemaker-jobs-kms"}, dq(), dq("dataQualityJobOutputConfig", map[string]any{"monitoringOutputs": map[string]any{"s3Output": map[string]any{"s3Uri": "s3://carestack-monitoring/triage/"}}}))...)
	add(pair("CK CKV_AWS_368", "data-quality job encrypting its volumes", "data-quality job without a volume key",
		[]string{"sagemaker-jobs-kms"}, dq(), dq("jobResources", map[string]any{"clusterConfig": map[string]any{"instanceCount": 2, "instanceType": "ml.m5.large", "volumeSizeInGb": 20}}))...)
	add(pair("CK CKV_AWS_369", "data-quality job encrypting traffic between instances", "data-quality job with inter-container encryption off",
		[]string{"sagemaker-job-intercontainer-tls"}, dq(), dq("networkConfig", map[string]any{"enableInterContainerTrafficEncryption": false}))...)
	flow := func(output map[string]any) []R {
		return []R{{Type: rules.SageMakerFlowDefinition, Name: "triage-review", Props: map[string]any{"flowDefinitionName": "triage-review",
			"roleArn": "arn:aws:iam::" + account + ":role/a2i", "outputConfig": output,
			"humanLoopConfig": map[string]any{"humanTaskUiArn": "arn:aws:sagemaker:us-east-1:" + account + ":human-task-ui/triage", "taskCount": 1,
				"taskDescription": "Review triage", "taskTitle": "Triage", "workteamArn": "arn:aws:sagemaker:us-east-1:" + account + ":workteam/private-crowd/nurses"}}}}
	}
	add(pair("CK CKV_AWS_372", "flow definition encrypting reviewers' output", "flow definition without an output key",
		[]string{"sagemaker-jobs-kms"},
		flow(map[string]any{"s3OutputPath": "s3://carestack-reviews/", "kmsKeyId": "arn:aws:kms:us-east-1:" + account + ":key/sagemaker"}),
		flow(map[string]any{"s3OutputPath": "s3://carestack-reviews/"}))...)
	lifecycle := func(script string) []R {
		return []R{{Type: rules.SageMakerLifecycleConfig, Name: "triage-setup", Props: map[string]any{"name": "triage-setup",
			"onStart": base64.StdEncoding.EncodeToString([]byte(script))}}}
	}
	add(pair("PR sagemaker_notebook_instance_no_secrets", "lifecycle script reading its secret from Secrets Manager", "lifecycle script exporting a database password",
		[]string{"sagemaker-lifecycle-no-secrets"},
		lifecycle("#!/bin/bash\nset -e\nexport DB_PASSWORD=$(aws secretsmanager get-secret-value --secret-id triage-db --query SecretString --output text)\n"),
		lifecycle("#!/bin/bash\nset -e\nexport DB_PASSWORD='Tr1age-2024!'\n"))...)
	role := func(action string) R {
		return R{Type: rules.IAMRole, Name: "sagemaker-notebook", Props: map[string]any{
			"assumeRolePolicy": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sagemaker.amazonaws.com"},"Action":"sts:AssumeRole"}]}`,
			"inlinePolicies":   []any{map[string]any{"name": "data", "policy": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"` + action + `","Resource":"arn:aws:s3:::carestack-research/*"}]}`}},
		}}
	}
	withRole := func(action string) []R {
		rs := notebookWith("roleArn", Unknown{})
		rs[0].Deps = map[string][]string{"roleArn": {"sagemaker-notebook"}}
		return append(rs, role(action))
	}
	add(pair("CK CKV2_AWS_68", "notebook whose role reads one bucket", "notebook whose role allows Action *",
		[]string{"no-admin-or-wildcard-statements"}, withRole("s3:GetObject"), withRole("*"))...)
}

// --- CodeBuild ---

const connectionArn = "arn:aws:codeconnections:us-east-1:" + account + ":connection/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab"

var buildSource = map[string]any{"type": "GITHUB", "location": "https://github.com/carestack/intake.git",
	"auth":      map[string]any{"type": "CODECONNECTIONS", "resource": connectionArn},
	"buildspec": "version: 0.2\nphases:\n  build:\n    commands:\n      - make test package\nartifacts:\n  files:\n    - dist/**\n"}

var buildEnv = map[string]any{"computeType": "BUILD_GENERAL1_SMALL", "image": "aws/codebuild/amazonlinux2-x86_64-standard:5.0", "type": "LINUX_CONTAINER",
	"privilegedMode": false, "environmentVariables": []any{
		map[string]any{"name": "STAGE", "value": "prod"},
		map[string]any{"name": "NPM_TOKEN", "type": "SECRETS_MANAGER", "value": "ci/npm-token"},
	}}

var buildProject = map[string]any{
	"name": "intake-build", "serviceRole": "arn:aws:iam::" + account + ":role/codebuild-intake",
	"artifacts":     map[string]any{"type": "S3", "location": "carestack-build-artifacts", "packaging": "ZIP"},
	"encryptionKey": "arn:aws:kms:us-east-1:" + account + ":key/ci",
	"environment":   buildEnv, "source": buildSource,
	"logsConfig":        map[string]any{"cloudwatchLogs": map[string]any{"status": "ENABLED", "groupName": "/carestack/ci/intake-build"}},
	"projectVisibility": "PRIVATE",
}

func build(kv ...any) []R {
	return []R{{Type: rules.CodeBuildProject, Name: "intake-build", Props: with(buildProject, kv...)}}
}

func buildVars(vars ...map[string]any) []any {
	env := with(buildEnv)
	list := make([]any, len(vars))
	for i, v := range vars {
		list[i] = v
	}
	env["environmentVariables"] = list
	return []any{"environment", env}
}

func init() {
	add(pair("CFG codebuild-project-envvar-awscred-check; CN HIPAA.Security-CodeBuildProjectEnvVarAwsCred; PR codebuild_project_no_secrets_in_variables",
		"project using its service role and a Secrets Manager variable", "project with AWS keys in plaintext variables",
		[]string{"codebuild-no-plaintext-credentials"}, build(),
		build(buildVars(map[string]any{"name": "AWS_ACCESS_KEY_ID", "value": "AKIAIOSFODNN7EXAMPLE"},
			map[string]any{"name": "AWS_SECRET_ACCESS_KEY", "type": "PLAINTEXT", "value": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"})...))...)
	add(Case{Anchor: "PR codebuild_project_no_secrets_in_variables", Name: "project with a GitHub token in a plaintext variable", Violating: true,
		Want: []string{"codebuild-no-plaintext-credentials"}, Stack: build(buildVars(map[string]any{"name": "RELEASE_TOKEN", "value": "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB"})...)})
	bitbucket := func(location string) []any {
		return []any{"source", with(buildSource, "type", "BITBUCKET", "location", location)}
	}
	add(pair("CFG codebuild-project-source-repo-url-check; PR codebuild_project_source_repo_url_no_sensitive_credentials",
		"Bitbucket source by its plain URL over CodeConnections", "Bitbucket source URL carrying an x-token-auth token",
		[]string{"codebuild-source-url-no-credentials"},
		build(bitbucket("https://bitbucket.org/carestack/intake.git")...),
		build(bitbucket("https://x-token-auth:ATBBx9Yq2mPzR7kLd0Fh@bitbucket.org/carestack/intake.git")...))...)
	add(Case{Anchor: "CFG codebuild-project-source-repo-url-check; PR codebuild_project_source_repo_url_no_sensitive_credentials",
		Name: "Bitbucket source URL carrying a user name and app password", Violating: true, Want: []string{"codebuild-source-url-no-credentials"},
		Stack: build(bitbucket("https://ci-bot:Wq7pLz2Rk9Tf@bitbucket.org/carestack/intake.git")...)})
	sourceCredential := func(authType string, token any) R {
		return R{Type: rules.CodeBuildSourceCredential, Name: "github", Props: map[string]any{"authType": authType, "serverType": "GITHUB", "token": token}}
	}
	add(pair("CN HIPAA.Security-CodeBuildProjectSourceRepoUrl", "GitHub source through a CodeConnections connection", "GitHub source with no authentication declared",
		[]string{"codebuild-source-auth"}, build(), build("source", with(buildSource, "auth", nil)))...)
	add(
		Case{Anchor: "CN HIPAA.Security-CodeBuildProjectSourceRepoUrl", Name: "GitHub source through the account's CodeConnections source credential",
			Stack: append(build("source", with(buildSource, "auth", nil)), sourceCredential("CODECONNECTIONS", connectionArn))},
		Case{Anchor: "CN HIPAA.Security-CodeBuildProjectSourceRepoUrl", Name: "GitHub source through a personal access token", Violating: true, Want: []string{"codebuild-source-auth"},
			Stack: append(build("source", with(buildSource, "auth", nil)), sourceCredential("PERSONAL_ACCESS_TOKEN", Secret{"ghp_0123456789abcdefghijklmnopqrstuvwxyzAB"}))},
	)
	add(pair("CK CKV_AWS_78", "project encrypting its artifacts", "project with artifact encryption disabled",
		[]string{"codebuild-encryption"}, build(),
		build("artifacts", map[string]any{"type": "S3", "location": "carestack-build-artifacts", "encryptionDisabled": true}))...)
	add(pair("CK CKV_AWS_147", "project with a customer-managed encryption key", "project without an encryption key",
		[]string{"codebuild-encryption"}, build(), build("encryptionKey", nil))...)
	s3Logs := func(disabled bool) []any {
		return []any{"logsConfig", map[string]any{"cloudwatchLogs": map[string]any{"status": "DISABLED"},
			"s3Logs": map[string]any{"status": "ENABLED", "location": "carestack-build-logs/intake", "encryptionDisabled": disabled}}}
	}
	add(pair("CK CKV_AWS_311; PR codebuild_project_s3_logs_encrypted", "project writing encrypted S3 logs", "project writing unencrypted S3 logs",
		[]string{"codebuild-encryption"}, build(s3Logs(false)...), build(s3Logs(true)...))...)
	add(pair("CK CKV_AWS_314", "project logging to its own log group", "project without a logging configuration",
		[]string{"codebuild-logging"}, build(), build("logsConfig", nil))...)
	add(pair("PR codebuild_project_logging_enabled", "project logging to S3", "project with CloudWatch logs disabled and S3 logs off",
		[]string{"codebuild-logging"}, build(s3Logs(false)...), build("logsConfig", map[string]any{"cloudwatchLogs": map[string]any{"status": "DISABLED"}}))...)
	add(pair("CK CKV_AWS_316", "project building unprivileged", "project building in privileged mode",
		[]string{"codebuild-privileged-mode"}, build(), build("environment", with(buildEnv, "privilegedMode", true)))...)
	add(pair("PR codebuild_project_not_publicly_accessible", "private project", "project with public builds",
		[]string{"codebuild-project-private"}, build(), build("projectVisibility", "PUBLIC_READ", "resourceAccessRole", "arn:aws:iam::"+account+":role/codebuild-public"))...)
	add(pair("PR codebuild_project_user_controlled_buildspec", "project with an inline buildspec", "project running the repository's buildspec.yml",
		[]string{"codebuild-buildspec-pinned"}, build(), build("source", with(buildSource, "buildspec", "buildspec.yml")))...)
	webhook := func(pattern string) []R {
		return append(build(), R{Type: rules.CodeBuildWebhook, Name: "intake-build-webhook", Props: map[string]any{"projectName": "intake-build", "buildType": "BUILD",
			"filterGroups": []any{map[string]any{"filters": []any{
				map[string]any{"type": "EVENT", "pattern": "PULL_REQUEST_CREATED,PULL_REQUEST_UPDATED"},
				map[string]any{"type": "ACTOR_ACCOUNT_ID", "pattern": pattern}}}}}, Deps: map[string][]string{"projectName": {"intake-build"}}})
	}
	add(pair("PR codebuild_project_webhook_filters_use_anchored_patterns", "webhook admitting two anchored actor IDs", "webhook admitting any actor ID containing the digits",
		[]string{"codebuild-webhook-filters-anchored"}, webhook("^1234567$|^7654321$"), webhook("1234567|7654321"))...)
	reportGroup := func(dest map[string]any) []R {
		return []R{{Type: rules.CodeBuildReportGroup, Name: "intake-tests", Props: map[string]any{"name": "intake-tests", "type": "TEST",
			"exportConfig": map[string]any{"type": "S3", "s3Destination": dest}}}}
	}
	add(pair("PR codebuild_report_group_export_encrypted", "report group exporting under a KMS key", "report group exporting unencrypted",
		[]string{"codebuild-encryption"},
		reportGroup(map[string]any{"bucket": "carestack-test-reports", "encryptionKey": "arn:aws:kms:us-east-1:" + account + ":key/ci", "packaging": "NONE"}),
		reportGroup(map[string]any{"bucket": "carestack-test-reports", "encryptionKey": "arn:aws:kms:us-east-1:" + account + ":key/ci", "encryptionDisabled": true}))...)
}

// --- SNS subscriptions, Secrets Manager secret policies, ECS task definitions ---

// container is a container definition every ECS anchor accepts, changed by kv.
func container(kv ...any) map[string]any {
	return with(map[string]any{
		"name": "intake", "image": account + ".dkr.ecr.us-east-1.amazonaws.com/intake:1.4.2", "essential": true,
		"user": "10001", "readonlyRootFilesystem": true, "privileged": false,
		"portMappings": []any{map[string]any{"containerPort": 8080, "protocol": "tcp"}},
		"environment":  []any{map[string]any{"name": "LOG_LEVEL", "value": "info"}, map[string]any{"name": "DATABASE_HOST", "value": "intake-db.internal"}},
		"secrets":      []any{map[string]any{"name": "DB_PASSWORD", "valueFrom": "arn:aws:secretsmanager:us-east-1:" + account + ":secret:intake-db-AbCdEf"}},
		"logConfiguration": map[string]any{"logDriver": "awslogs", "options": map[string]any{
			"awslogs-group": "/carestack/intake", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "intake"}},
		"mountPoints": []any{map[string]any{"sourceVolume": "tmp", "containerPath": "/tmp"}},
	}, kv...)
}

// taskDef is a Fargate task definition of the given containers, changed by kv.
func taskDef(containers []map[string]any, kv ...any) []R {
	list := make([]any, len(containers))
	for i, c := range containers {
		list[i] = c
	}
	return []R{{Type: rules.ECSTaskDefinition, Name: "intake", Props: with(map[string]any{
		"family": "carestack-prod-intake", "networkMode": "awsvpc", "requiresCompatibilities": []any{"FARGATE"}, "cpu": "512", "memory": "1024",
		"executionRoleArn": "arn:aws:iam::" + account + ":role/intake-execution", "taskRoleArn": "arn:aws:iam::" + account + ":role/intake-task",
		"containerDefinitions": jsonText(list), "volumes": []any{map[string]any{"name": "tmp"}},
		"runtimePlatform": map[string]any{"operatingSystemFamily": "LINUX", "cpuArchitecture": "ARM64"},
	}, kv...)}}
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func init() {
	subscription := func(protocol, endpoint string) []R {
		return []R{{Type: rules.SNSTopicSubscription, Name: "partner-hook", Props: map[string]any{
			"topic": "arn:aws:sns:us-east-1:" + account + ":visit-events", "protocol": protocol, "endpoint": endpoint, "endpointAutoConfirms": false}}}
	}
	add(pair("PR sns_subscription_not_using_http_endpoints", "subscription delivering to an https endpoint", "subscription delivering to an http endpoint",
		[]string{"sns-subscription-https"}, subscription("https", "https://hooks.partner.example/visits"), subscription("http", "http://hooks.partner.example/visits"))...)
	secretPolicy := func(statement string) []R {
		return []R{{Type: rules.SecretPolicy, Name: "intake-db-policy", Props: map[string]any{
			"secretArn": "arn:aws:secretsmanager:us-east-1:" + account + ":secret:intake-db-AbCdEf",
			"policy":    `{"Version":"2012-10-17","Statement":[` + statement + `]}`}}}
	}
	add(pair("PR secretsmanager_not_publicly_accessible", "secret policy naming the task role", "secret policy letting anyone read the secret",
		[]string{"secret-policy-not-public"},
		secretPolicy(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::`+account+`:role/intake-task"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}`),
		secretPolicy(`{"Effect":"Allow","Principal":"*","Action":"secretsmanager:GetSecretValue","Resource":"*"}`))...)
	ok := taskDef([]map[string]any{container()})
	efs := func(encryption string) []any {
		cfg := map[string]any{"fileSystemId": "fs-0a1b2c3d", "rootDirectory": "/"}
		if encryption != "" {
			cfg = map[string]any{"fileSystemId": "fs-0a1b2c3d", "transitEncryption": encryption,
				"authorizationConfig": map[string]any{"accessPointId": "fsap-0a1b2c3d", "iam": "ENABLED"}}
		}
		return []any{"volumes", []any{map[string]any{"name": "tmp"}, map[string]any{"name": "shared", "efsVolumeConfiguration": cfg}}}
	}
	add(pair("CK CKV_AWS_97", "task mounting EFS with transit encryption", "task mounting EFS over plain NFS",
		[]string{"ecs-efs-transit-encryption"}, taskDef([]map[string]any{container()}, efs("ENABLED")...), taskDef([]map[string]any{container()}, efs("")...))...)
	add(pair("PR ecs_task_definitions_no_environment_secrets", "container taking its password from secrets", "container with credentials inside a database URL",
		[]string{"ecs-taskdef-secret-values"}, ok,
		taskDef([]map[string]any{container("environment", []any{map[string]any{"name": "DATABASE_URL", "value": "postgres://intake:Xk9-pw-2024@intake-db.internal:5432/care"}})}))...)
	add(Case{Anchor: "PR ecs_task_definitions_no_environment_secrets", Name: "container with an AWS access key in its environment", Violating: true,
		Want:  []string{"no-plaintext-secrets-in-taskdef"},
		Stack: taskDef([]map[string]any{container("environment", []any{map[string]any{"name": "UPLOAD_KEY", "value": "AKIAIOSFODNN7EXAMPLE"}})})})
	add(pair("CK CKV_AWS_335", "containers keeping their own process namespace", "container definition asking for the host's process namespace",
		[]string{"ecs-container-host-isolation"}, ok, taskDef([]map[string]any{container("pidMode", "host")}))...)
	add(Case{Anchor: "CK CKV_AWS_335; PR ecs_task_definitions_host_namespace_not_shared", Name: "task sharing the host's process namespace", Violating: true,
		Want: []string{"container-hardening"}, Stack: taskDef([]map[string]any{container()}, "pidMode", "host", "requiresCompatibilities", []any{"EC2"})})
	add(pair("CFG ecs-containers-readonly-access; CK CKV_AWS_336; PR ecs_task_definitions_containers_readonly_access",
		"container with a read-only root filesystem", "container with a writable root filesystem",
		[]string{"container-hardening"}, ok, taskDef([]map[string]any{container("readonlyRootFilesystem", false)}))...)
	add(pair("CFG ecs-task-definition-user-for-host-mode-check; CN HIPAA.Security-ECSTaskDefinitionUserForHostMode; PR ecs_task_definitions_host_networking_mode_users",
		"task in awsvpc mode with a non-root user", "task in host network mode with an unprivileged container running as root",
		[]string{"container-hardening"}, ok,
		taskDef([]map[string]any{container("user", "root")}, "networkMode", "host", "requiresCompatibilities", []any{"EC2"}))...)
	add(pair("CK CKV_AWS_334; PR ecs_task_definitions_no_privileged_containers", "unprivileged container", "privileged container",
		[]string{"container-hardening"}, ok, taskDef([]map[string]any{container("privileged", true)}))...)
	add(pair("PR ecs_task_definitions_logging_enabled", "container logging through awslogs", "container without a log configuration",
		[]string{"workload-logging"}, ok, taskDef([]map[string]any{container("logConfiguration", nil)}))...)
	add(pair("CK CKV_AWS_249", "task with separate task and execution roles", "task whose task role is its execution role",
		[]string{"ecs-task-role-scoped"}, ok, taskDef([]map[string]any{container()}, "taskRoleArn", "arn:aws:iam::"+account+":role/intake-execution"))...)
}
