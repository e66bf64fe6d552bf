package rules

// The anchor rules on the workload services (Lambda, API Gateway, SQS,
// Kinesis, Firehose, SageMaker, CodeBuild, SNS subscriptions, Secrets
// Manager secret policies, ECS task definitions), read from:
//   - AWS Config: awslabs/aws-config-rules Operational-Best-Practices-for-HIPAA-Security.yaml
//     at its January 2025 revision; rules it carried until its 2022 revision, which
//     cdk-nag HIPAA.Security still enforces, are listed too and say so;
//   - cdk-nag: src/packs/hipaa-security.ts and src/rules/<service>/*.ts;
//   - checkov: checkov/terraform/checks/resource/aws/*.py and graph_checks/aws/*.yaml;
//   - Prowler: prowler/providers/aws/services/<service>/<check>/.

// mapped is an anchor rule some carestack rules enforce.
func mapped(anchor, id, text string, types []string, rules ...string) AnchorRule {
	return AnchorRule{Anchor: anchor, ID: id, Text: text, Types: types, Rules: rules}
}

// reasoned is an anchor rule no carestack rule enforces, and why.
func reasoned(anchor, id, text string, types []string, reason string) AnchorRule {
	return AnchorRule{Anchor: anchor, ID: id, Text: text, Types: types, Reason: reason}
}

const inPack2021 = " (in the HIPAA pack until its 2022 revision; cdk-nag HIPAA.Security still carries it)"

func init() {
	fnT := []string{LambdaFunction}
	dlqT := []string{LambdaFunction, LambdaEventInvokeConfig}
	permT := []string{LambdaPermission}
	urlT := []string{LambdaFunctionURL}
	inventory = append(inventory,
		// Lambda
		mapped("CFG", "lambda-function-public-access-prohibited", "The Lambda function's resource-based policy must not allow public access.", permT, "lambda-permission-not-public"),
		mapped("CFG", "lambda-concurrency-check", "Lambda functions must configure function-level concurrent execution limits"+inPack2021+".", fnT, "lambda-reserved-concurrency"),
		mapped("CFG", "lambda-dlq-check", "Lambda functions must be configured with a dead-letter queue"+inPack2021+".", dlqT, "lambda-failure-destination"),
		mapped("CFG", "lambda-inside-vpc", "Lambda functions must be in a VPC"+inPack2021+".", fnT, "lambda-in-vpc"),
		mapped("CN", "HIPAA.Security-LambdaConcurrency", "The Lambda function is configured with function-level concurrent execution limits (not unset, not 0).", fnT, "lambda-reserved-concurrency"),
		mapped("CN", "HIPAA.Security-LambdaDLQ", "The Lambda function has a dead-letter configuration (deadLetterConfig.targetArn).", dlqT, "lambda-failure-destination"),
		mapped("CN", "HIPAA.Security-LambdaFunctionPublicAccessProhibited", "A Lambda permission must not grant principal * without principalOrgId, sourceAccount or sourceArn.", permT, "lambda-permission-not-public"),
		mapped("CN", "HIPAA.Security-LambdaInsideVPC", "The Lambda function is VPC enabled (vpcConfig with subnets or security groups).", fnT, "lambda-in-vpc"),
		mapped("CK", "CKV_AWS_45", "No hard-coded secrets in the Lambda environment variables.", fnT, "lambda-no-env-secrets"),
		mapped("CK", "CKV_AWS_50", "X-Ray tracing is enabled for Lambda (checkov accepts PassThrough or Active; carestack requires Active, the mode that traces every invocation).", fnT, "lambda-tracing"),
		mapped("CK", "CKV_AWS_115", "The Lambda function has a function-level concurrent execution limit (reservedConcurrentExecutions set, not -1).", fnT, "lambda-reserved-concurrency"),
		mapped("CK", "CKV_AWS_116", "The Lambda function is configured with a dead-letter queue.", dlqT, "lambda-failure-destination"),
		mapped("CK", "CKV_AWS_117", "The Lambda function is configured inside a VPC.", fnT, "lambda-in-vpc"),
		mapped("CK", "CKV_AWS_173", "Lambda environment variables are encrypted with a KMS key (kmsKeyArn) when there are variables.", fnT, "lambda-env-cmk"),
		mapped("CK", "CKV_AWS_258", "Lambda function URLs do not use authorization type NONE.", urlT, "lambda-url-auth"),
		mapped("CK", "CKV_AWS_272", "The Lambda function validates code signing (codeSigningConfigArn).", fnT, "lambda-code-signing"),
		mapped("CK", "CKV_AWS_301", "A Lambda permission does not grant principal *.", permT, "lambda-permission-not-public"),
		mapped("CK", "CKV_AWS_363", "The Lambda runtime is not deprecated.", fnT, "lambda-supported-runtime"),
		mapped("CK", "CKV_AWS_364", "Lambda permissions delegated to AWS services are limited by sourceArn or sourceAccount.", permT, "lambda-service-permission-scoped"),
		mapped("CK", "CKV2_AWS_75", "A Lambda function URL has no open CORS policy (allowOrigins *).", urlT, "lambda-url-cors"),
		mapped("PR", "awslambda_function_env_vars_not_encrypted_with_cmk", "Lambda environment variables are encrypted with a customer-managed KMS key.", fnT, "lambda-env-cmk"),
		mapped("PR", "awslambda_function_inside_vpc", "The Lambda function is deployed inside a VPC.", fnT, "lambda-in-vpc"),
		mapped("PR", "awslambda_function_invoke_api_operations_cloudtrail_logging_enabled", "Lambda Invoke calls are recorded by a CloudTrail trail's data events.", []string{LambdaFunction, CloudTrail}, "lambda-invocations-audited"),
		mapped("PR", "awslambda_function_no_dead_letter_queue", "The Lambda function has a dead-letter queue configured.", dlqT, "lambda-failure-destination"),
		reasoned("PR", "awslambda_function_no_secrets_in_code", "The Lambda function's code contains no hard-coded secrets.", fnT,
			"the code is an archive or image the definition only names (code, s3Key, imageUri); scanning it for secrets belongs to the build's secret scanner, not to a preview of the resource"),
		mapped("PR", "awslambda_function_no_secrets_in_variables", "Lambda environment variables contain no secrets.", fnT, "lambda-no-env-secrets"),
		mapped("PR", "awslambda_function_not_publicly_accessible", "The Lambda function's resource-based policy does not allow public access.", permT, "lambda-permission-not-public"),
		mapped("PR", "awslambda_function_url_cors_policy", "A Lambda function URL's CORS does not allow origin *.", urlT, "lambda-url-cors"),
		mapped("PR", "awslambda_function_url_public", "A Lambda function URL requires AWS_IAM authentication.", urlT, "lambda-url-auth"),
		mapped("PR", "awslambda_function_using_cross_account_layers", "The Lambda function uses no layers from other accounts.", fnT, "lambda-layers-same-account"),
		mapped("PR", "awslambda_function_using_supported_runtimes", "The Lambda function uses a supported (not obsolete) runtime.", fnT, "lambda-supported-runtime"),
		mapped("PR", "awslambda_function_vpc_multi_az", "A VPC Lambda function has subnets in at least two Availability Zones.", []string{LambdaFunction, Subnet}, "lambda-vpc-multi-az"),
		reasoned("PR", "awslambda_layer_no_secrets_in_content", "Lambda layer content contains no hard-coded secrets.", []string{LambdaLayerVersion},
			"the layer's content is an archive the definition only names (code, s3Key); scanning it belongs to the build's secret scanner"),
	)
	stageT := []string{APIGWStage}
	settingsT := []string{APIGWStage, APIGWMethodSettings}
	methodT := []string{APIGWMethod}
	inventory = append(inventory,
		// API Gateway
		mapped("CFG", "api-gw-associated-with-waf", "API Gateway REST stages are associated with a WAF web ACL (carestack exempts PRIVATE APIs, as checkov CKV2_AWS_29 does).", []string{APIGWStage, WAFAssociation}, "apigw-waf"),
		mapped("CFG", "api-gw-execution-logging-enabled", "Every method of API Gateway REST and v2 stages logs at ERROR or INFO.", []string{APIGWStage, APIGWMethodSettings, APIGWv2Stage}, "apigw-execution-logging"),
		mapped("CFG", "api-gw-ssl-enabled", "API Gateway REST stages have a client certificate (clientCertificateId).", stageT, "apigw-client-certificate"),
		mapped("CFG", "api-gw-cache-enabled-and-encrypted", "API Gateway stages cache every method, encrypted"+inPack2021+"; carestack requires encryption wherever a cache exists and leaves caching itself to performance.", settingsT, "apigw-cache-encrypted"),
		mapped("CFG", "api-gw-xray-enabled", "API Gateway REST stages have X-Ray tracing enabled"+inPack2021+".", stageT, "apigw-xray"),
		mapped("CN", "HIPAA.Security-APIGWCacheEnabledAndEncrypted", "The stage's method settings for */* enable caching and cacheDataEncrypted; carestack requires encryption wherever a cache exists and leaves caching itself to performance.", settingsT, "apigw-cache-encrypted"),
		mapped("CN", "HIPAA.Security-APIGWExecutionLoggingEnabled", "The stage's method settings for */* set loggingLevel ERROR or INFO.", settingsT, "apigw-execution-logging"),
		mapped("CN", "HIPAA.Security-APIGWSSLEnabled", "The REST API stage is configured with a client certificate.", stageT, "apigw-client-certificate"),
		mapped("CN", "HIPAA.Security-APIGWXrayEnabled", "The REST API stage has X-Ray tracing enabled.", stageT, "apigw-xray"),
		mapped("CK", "CKV_AWS_59", "No open access to back-end resources: a method other than OPTIONS has authorization other than NONE (checkov also accepts an API key; carestack does not, as AWS does not authenticate with API keys).", methodT, "apigw-method-authorized"),
		reasoned("CK", "CKV2_AWS_70", "An OPTIONS method with authorization NONE and no API key is allowed only on a PRIVATE API or one whose resource policy does not let anyone invoke it.", methodT,
			"OPTIONS is the CORS preflight, which browsers send without credentials, so it must stay unauthorized on a public API; it reaches a MOCK integration, and every other method must be authorized (apigw-method-authorized)"),
		mapped("CK", "CKV_AWS_73", "API Gateway stages have X-Ray tracing enabled.", stageT, "apigw-xray"),
		mapped("CK", "CKV_AWS_76", "API Gateway REST and v2 stages have access logging (accessLogSettings.destinationArn).", []string{APIGWStage, APIGWv2Stage}, "apigw-access-logging"),
		reasoned("CK", "CKV_AWS_120", "API Gateway stages have caching enabled (cacheClusterEnabled).", stageT,
			"a cache is a performance choice, not a safeguard; what HIPAA asks of a cache is that it be encrypted, which apigw-cache-encrypted requires"),
		mapped("CK", "CKV_AWS_206", "API Gateway custom domains use a modern security policy (TLS_1_2 or an enhanced TLS 1.2/1.3 policy).", []string{APIGWDomainName}, "apigw-domain-tls"),
		reasoned("CK", "CKV_AWS_217", "API Gateway deployments are created before they are destroyed (Terraform lifecycle create_before_destroy).", []string{APIGWDeployment},
			"a Terraform lifecycle setting with no Pulumi input: Pulumi creates a replacement before deleting the old resource unless deleteBeforeReplace is set"),
		reasoned("CK", "CKV_AWS_225", "API Gateway method settings enable caching.", []string{APIGWMethodSettings},
			"a cache is a performance choice, not a safeguard; any cache must be encrypted (apigw-cache-encrypted)"),
		reasoned("CK", "CKV_AWS_237", "API Gateway REST APIs are created before they are destroyed (Terraform lifecycle create_before_destroy).", []string{APIGWRestAPI},
			"a Terraform lifecycle setting with no Pulumi input: Pulumi creates a replacement before deleting the old resource unless deleteBeforeReplace is set"),
		mapped("CK", "CKV_AWS_276", "API Gateway method settings do not enable data trace.", []string{APIGWMethodSettings}, "apigw-no-data-trace"),
		mapped("CK", "CKV_AWS_308", "API Gateway method settings that cache encrypt the cache (cacheDataEncrypted).", []string{APIGWMethodSettings}, "apigw-cache-encrypted"),
		mapped("CK", "CKV_AWS_309", "API Gateway v2 routes specify an authorization type (AWS_IAM, CUSTOM or JWT).", []string{APIGWv2Route}, "apigw-route-authorized"),
		mapped("CK", "CKV2_AWS_4", "API Gateway stages have method settings with loggingLevel ERROR or INFO and metricsEnabled.", settingsT, "apigw-execution-logging"),
		mapped("CK", "CKV2_AWS_29", "Public (EDGE or REGIONAL) API Gateway REST APIs are protected by a WAF web ACL association on their stages.", []string{APIGWStage, APIGWRestAPI, WAFAssociation}, "apigw-waf"),
		mapped("CK", "CKV2_AWS_51", "API Gateway REST stages and WebSocket stages use a client certificate.", []string{APIGWStage, APIGWv2Stage}, "apigw-client-certificate"),
		mapped("CK", "CKV2_AWS_53", "API Gateway methods validate requests (requestValidatorId).", methodT, "apigw-request-validation"),
		mapped("CK", "CKV2_AWS_77", "The WAF web ACL attached to an API Gateway REST stage has the Log4j managed rules (carestack requires AWSManagedRulesKnownBadInputsRuleSet; the anonymous-IP list is a business choice for patients' traffic; HTTP APIs cannot take a web ACL).", []string{APIGWStage, WAFWebACL}, "apigw-waf"),
		reasoned("PR", "apigateway_domain_name_pqc_tls_enabled", "API Gateway custom domains use a post-quantum TLS security policy.", []string{APIGWDomainName},
			"post-quantum key exchange is not a HIPAA or SOC 2 requirement; TLS 1.2 or later is, which apigw-domain-tls requires"),
		mapped("PR", "apigateway_restapi_authorizers_enabled", "The REST API has an authorizer, or every method is authorized.", methodT, "apigw-method-authorized"),
		mapped("PR", "apigateway_restapi_cache_encrypted", "A REST stage with a cache encrypts it.", settingsT, "apigw-cache-encrypted"),
		mapped("PR", "apigateway_restapi_client_certificate_enabled", "The REST stage has a client certificate.", stageT, "apigw-client-certificate"),
		mapped("PR", "apigateway_restapi_logging_enabled", "The REST stage logs (method settings loggingLevel other than OFF).", settingsT, "apigw-execution-logging"),
		mapped("PR", "apigateway_restapi_no_secrets_in_stage_variables", "REST stage variables contain no secrets.", stageT, "apigw-no-secrets-in-stage-variables"),
		reasoned("PR", "apigateway_restapi_public", "The REST API endpoint is PRIVATE, not internet-facing.", []string{APIGWRestAPI},
			"an internet-facing API is a design decision (patients' apps call it); what makes it safe is enforced instead: authorization on every method (apigw-method-authorized), a WAF (apigw-waf), TLS 1.2 (apigw-domain-tls) and logs"),
		mapped("PR", "apigateway_restapi_public_with_authorizer", "A REST API with a public endpoint has an authorizer.", methodT, "apigw-method-authorized"),
		mapped("PR", "apigateway_restapi_tracing_enabled", "The REST stage has X-Ray tracing enabled.", stageT, "apigw-xray"),
		mapped("PR", "apigateway_restapi_waf_acl_attached", "The REST stage has a WAF web ACL attached.", []string{APIGWStage, WAFAssociation}, "apigw-waf"),
		mapped("PR", "apigatewayv2_api_access_logging_enabled", "Every v2 (HTTP or WebSocket) stage has access logging.", []string{APIGWv2Stage}, "apigw-access-logging"),
		mapped("PR", "apigatewayv2_api_authorizers_enabled", "The v2 API has an authorizer.", []string{APIGWv2API, APIGWv2Route}, "apigw-route-authorized"),
	)
	queueT := []string{SQSQueue}
	queuePolicyT := []string{SQSQueue, SQSQueuePolicy}
	streamT := []string{KinesisStream}
	firehoseT := []string{FirehoseStream}
	inventory = append(inventory,
		// SQS, Kinesis, Firehose
		mapped("CFG", "kinesis-stream-encrypted", "Kinesis data streams are encrypted with KMS.", streamT, "kinesis-kms"),
		mapped("CK", "CKV_AWS_27", "All data stored in the SQS queue is encrypted (sqsManagedSseEnabled or kmsMasterKeyId).", queueT, "sqs-sse"),
		mapped("CK", "CKV_AWS_72", "The SQS policy does not allow all (*) actions.", queuePolicyT, "sqs-policy-no-wildcard-actions"),
		mapped("CK", "CKV_AWS_168", "The SQS queue policy is not public: it allows only specific services or principals.", queuePolicyT, "sqs-policy-not-public"),
		mapped("CK", "CKV_AWS_387", "The SQS policy does not allow public access through a * principal without a condition.", queuePolicyT, "sqs-policy-not-public"),
		mapped("CK", "CKV2_AWS_73", "SQS queues do not use the AWS-managed key alias/aws/sqs.", queueT, "sqs-sse"),
		mapped("CK", "CKV_AWS_43", "Kinesis streams are securely encrypted (encryptionType KMS).", streamT, "kinesis-kms"),
		mapped("CK", "CKV_AWS_185", "Kinesis streams are encrypted by KMS with a key set (kmsKeyId).", streamT, "kinesis-kms"),
		mapped("CK", "CKV_AWS_177", "Kinesis video streams are encrypted by KMS with a customer-managed key (kmsKeyId).", []string{KinesisVideoStream}, "kinesis-kms"),
		mapped("CK", "CKV_AWS_240", "Firehose delivery streams are encrypted (serverSideEncryption.enabled), except those reading a Kinesis stream.", firehoseT, "firehose-sse"),
		mapped("CK", "CKV_AWS_241", "Firehose delivery streams are encrypted with a customer-managed key (carestack requires it for PHI and Confidential streams; Internal and Public ones may use the AWS-owned key).", firehoseT, "firehose-sse"),
		mapped("PR", "sqs_queues_not_publicly_accessible", "The SQS queue policy does not allow public access.", queuePolicyT, "sqs-policy-not-public"),
		mapped("PR", "sqs_queues_server_side_encryption_enabled", "The SQS queue has server-side encryption (SSE-SQS or KMS).", queueT, "sqs-sse"),
		mapped("PR", "kinesis_stream_data_retention_period", "Kinesis streams retain data at least the required hours (Prowler's default 168).", streamT, "kinesis-stream-retention"),
		mapped("PR", "kinesis_stream_encrypted_at_rest", "Kinesis streams are encrypted at rest with KMS.", streamT, "kinesis-kms"),
		mapped("PR", "firehose_stream_encrypted_at_rest", "Firehose delivery streams are encrypted at rest (Prowler fails Kinesis-sourced streams too; carestack judges those by the source stream's encryption, as SSE cannot be enabled on them).", firehoseT, "firehose-sse"),
	)
	nbT := []string{SageMakerNotebook}
	epT := []string{SageMakerEndpointConfig}
	modelT := []string{SageMakerModel}
	dqT := []string{SageMakerDataQualityJob}
	trainingReason := "training jobs are started by API calls or pipeline executions: pulumi-aws defines no training-job resource, and a pipeline's definition is JSON this pack does not read; models served from them are held to sagemaker-model-network-isolation and sagemaker-model-in-vpc"
	inventory = append(inventory,
		// SageMaker
		mapped("CFG", "sagemaker-endpoint-configuration-kms-key-configured", "SageMaker endpoint configurations name a KMS key (kmsKeyArn).", epT, "sagemaker-endpoint-kms"),
		mapped("CFG", "sagemaker-notebook-instance-kms-key-configured", "SageMaker notebook instances name a KMS key (kmsKeyId).", nbT, "sagemaker-notebook-domain-kms"),
		mapped("CFG", "sagemaker-notebook-no-direct-internet-access", "SageMaker notebook instances have direct internet access disabled.", nbT, "sagemaker-no-direct-internet"),
		mapped("CN", "HIPAA.Security-SageMakerEndpointConfigurationKMSKeyConfigured", "The SageMaker endpoint is encrypted with a KMS key.", epT, "sagemaker-endpoint-kms"),
		mapped("CN", "HIPAA.Security-SageMakerNotebookInstanceKMSKeyConfigured", "The SageMaker notebook is encrypted with a KMS key.", nbT, "sagemaker-notebook-domain-kms"),
		mapped("CN", "HIPAA.Security-SageMakerNotebookNoDirectInternetAccess", "The SageMaker notebook disables direct internet access (directInternetAccess Disabled).", nbT, "sagemaker-no-direct-internet"),
		mapped("CK", "CKV_AWS_22", "SageMaker notebooks are encrypted at rest with a KMS CMK (kmsKeyId).", nbT, "sagemaker-notebook-domain-kms"),
		mapped("CK", "CKV_AWS_98", "All data stored in the SageMaker endpoint is encrypted at rest (kmsKeyArn).", epT, "sagemaker-endpoint-kms"),
		mapped("CK", "CKV_AWS_122", "Direct internet access is disabled for SageMaker notebook instances (checkov passes an unset value; the SDK's default is Enabled, so carestack does not).", nbT, "sagemaker-no-direct-internet"),
		mapped("CK", "CKV_AWS_187", "SageMaker domains and notebook instances are encrypted with a customer-managed KMS key.", []string{SageMakerDomain, SageMakerNotebook}, "sagemaker-notebook-domain-kms"),
		mapped("CK", "CKV_AWS_306", "SageMaker notebook instances are launched into a custom VPC (subnetId).", nbT, "sagemaker-notebook-in-vpc"),
		mapped("CK", "CKV_AWS_307", "SageMaker users have no root access to notebook instances (rootAccess Disabled).", nbT, "sagemaker-notebook-root-disabled"),
		mapped("CK", "CKV_AWS_367", "SageMaker data-quality jobs encrypt their output with KMS.", dqT, "sagemaker-jobs-kms"),
		mapped("CK", "CKV_AWS_368", "SageMaker data-quality jobs encrypt their instance volumes with KMS.", dqT, "sagemaker-jobs-kms"),
		mapped("CK", "CKV_AWS_369", "SageMaker data-quality jobs encrypt traffic between their instances.", dqT, "sagemaker-job-intercontainer-tls"),
		mapped("CK", "CKV_AWS_370", "SageMaker models use network isolation.", modelT, "sagemaker-model-network-isolation"),
		mapped("CK", "CKV_AWS_371", "SageMaker notebook instances allow only IMDSv2.", nbT, "sagemaker-notebook-imdsv2"),
		mapped("CK", "CKV_AWS_372", "SageMaker flow definitions encrypt their output with KMS.", []string{SageMakerFlowDefinition}, "sagemaker-jobs-kms"),
		mapped("CK", "CKV2_AWS_68", "The IAM role of a SageMaker notebook instance does not allow Action *.", []string{IAMRole, IAMRolePolicy}, "no-admin-or-wildcard-statements"),
		reasoned("PR", "sagemaker_clarify_exists", "SageMaker Clarify processing jobs exist in the region.", modelT,
			"whether bias and explainability jobs have run is account activity, not a property of a resource definition, and model fairness is not a HIPAA or SOC 2 control"),
		reasoned("PR", "sagemaker_domain_sso_configured", "SageMaker domains use SSO authentication instead of IAM mode.", []string{SageMakerDomain},
			"IAM mode authenticates the same people through the roles they assume: this pack forbids IAM users (no-iam-users), so IAM-mode users already come through IAM Identity Center federation"),
		mapped("PR", "sagemaker_endpoint_config_kms_encryption_enabled", "SageMaker endpoint configurations are encrypted with a KMS key.", epT, "sagemaker-endpoint-kms"),
		mapped("PR", "sagemaker_endpoint_config_prod_variant_instances", "Every production variant of an endpoint configuration starts with at least two instances.", epT, "sagemaker-endpoint-multi-instance"),
		reasoned("PR", "sagemaker_models_monitor_enabled", "The account has a SageMaker model monitoring schedule.", []string{SageMakerMonitoring},
			"whether any monitoring schedule exists is account state; model-quality monitoring is an ML practice, not a HIPAA or SOC 2 control; the jobs a schedule runs are held to sagemaker-jobs-kms"),
		mapped("PR", "sagemaker_models_network_isolation_enabled", "SageMaker models have network isolation enabled.", modelT, "sagemaker-model-network-isolation"),
		reasoned("PR", "sagemaker_models_registry_in_use", "The SageMaker model registry has at least one approved model package.", []string{SageMakerPackageGroup},
			"using the model registry is an MLOps practice and account state, not a property of a resource definition or a HIPAA or SOC 2 control"),
		mapped("PR", "sagemaker_models_vpc_settings_configured", "SageMaker models have VPC settings.", modelT, "sagemaker-model-in-vpc"),
		mapped("PR", "sagemaker_notebook_instance_encryption_enabled", "SageMaker notebook instances are encrypted with a KMS key.", nbT, "sagemaker-notebook-domain-kms"),
		mapped("PR", "sagemaker_notebook_instance_no_secrets", "SageMaker notebook lifecycle configurations contain no hard-coded secrets.", []string{SageMakerLifecycleConfig}, "sagemaker-lifecycle-no-secrets"),
		mapped("PR", "sagemaker_notebook_instance_root_access_disabled", "SageMaker notebook instances have root access disabled.", nbT, "sagemaker-notebook-root-disabled"),
		mapped("PR", "sagemaker_notebook_instance_vpc_settings_configured", "SageMaker notebook instances have VPC settings (a subnet).", nbT, "sagemaker-notebook-in-vpc"),
		mapped("PR", "sagemaker_notebook_instance_without_direct_internet_access_configured", "SageMaker notebook instances have direct internet access disabled.", nbT, "sagemaker-no-direct-internet"),
		reasoned("PR", "sagemaker_training_jobs_intercontainer_encryption_enabled", "SageMaker training jobs encrypt inter-container traffic.", []string{SageMakerPipeline}, trainingReason),
		reasoned("PR", "sagemaker_training_jobs_network_isolation_enabled", "SageMaker training jobs have network isolation.", []string{SageMakerPipeline}, trainingReason),
		reasoned("PR", "sagemaker_training_jobs_volume_and_output_encryption_enabled", "SageMaker training jobs encrypt their volumes and output with KMS.", []string{SageMakerPipeline}, trainingReason),
		reasoned("PR", "sagemaker_training_jobs_vpc_settings_configured", "SageMaker training jobs run in a VPC.", []string{SageMakerPipeline}, trainingReason),
	)
	cbT := []string{CodeBuildProject}
	inventory = append(inventory,
		// CodeBuild
		mapped("CFG", "codebuild-project-envvar-awscred-check", "CodeBuild projects do not hold AWS_ACCESS_KEY_ID or AWS_SECRET_ACCESS_KEY as plaintext environment variables.", cbT, "codebuild-no-plaintext-credentials"),
		mapped("CFG", "codebuild-project-source-repo-url-check", "Bitbucket source repository URLs of CodeBuild projects contain no sign-in credentials.", cbT, "codebuild-source-url-no-credentials"),
		mapped("CN", "HIPAA.Security-CodeBuildProjectEnvVarAwsCred", "The CodeBuild environment does not store AWS credentials as plaintext environment variables.", cbT, "codebuild-no-plaintext-credentials"),
		mapped("CN", "HIPAA.Security-CodeBuildProjectSourceRepoUrl", "A CodeBuild project with a GitHub or Bitbucket source uses OAuth (source.auth), not personal access tokens or passwords; in pulumi-aws v6 that is source.auth CODECONNECTIONS (the API no longer takes OAUTH) or a SECRETS_MANAGER secret.", []string{CodeBuildProject, CodeBuildSourceCredential}, "codebuild-source-auth"),
		mapped("CK", "CKV_AWS_78", "CodeBuild project encryption is not disabled (artifacts.encryptionDisabled).", cbT, "codebuild-encryption"),
		mapped("CK", "CKV_AWS_147", "CodeBuild projects that produce artifacts are encrypted with a CMK (encryptionKey).", cbT, "codebuild-encryption"),
		mapped("CK", "CKV_AWS_311", "CodeBuild S3 logs are encrypted (logsConfig.s3Logs.encryptionDisabled not true).", cbT, "codebuild-encryption"),
		mapped("CK", "CKV_AWS_314", "CodeBuild projects have a logging configuration (carestack also asks for the log group's name, as the group CodeBuild creates has no key or retention).", cbT, "codebuild-logging"),
		mapped("CK", "CKV_AWS_316", "CodeBuild project environments do not have privileged mode enabled.", cbT, "codebuild-privileged-mode"),
		mapped("PR", "codebuild_project_logging_enabled", "The CodeBuild project logs to CloudWatch Logs or S3.", cbT, "codebuild-logging"),
		mapped("PR", "codebuild_project_no_secrets_in_variables", "The CodeBuild project has no credentials in plaintext environment variables.", cbT, "codebuild-no-plaintext-credentials"),
		mapped("PR", "codebuild_project_not_publicly_accessible", "The CodeBuild project's visibility is private.", cbT, "codebuild-project-private"),
		reasoned("PR", "codebuild_project_older_90_days", "The CodeBuild project has been invoked in the last 90 days.", cbT,
			"when a project last ran is runtime state, not a property of its definition"),
		mapped("PR", "codebuild_project_s3_logs_encrypted", "The CodeBuild project's S3 logs are encrypted.", cbT, "codebuild-encryption"),
		mapped("PR", "codebuild_project_source_repo_url_no_sensitive_credentials", "Bitbucket source URLs contain no token (x-token-auth) or user:password.", cbT, "codebuild-source-url-no-credentials"),
		mapped("PR", "codebuild_project_user_controlled_buildspec", "The CodeBuild project does not run a buildspec file (*.yml, *.yaml) from the repository.", cbT, "codebuild-buildspec-pinned"),
		reasoned("PR", "codebuild_project_uses_allowed_github_organizations", "A CodeBuild project building from GitHub uses an organisation on the configured allowlist.", cbT,
			"the allowlist is the auditor's configuration (empty by default, when every project fails); this pack requires CodeConnections instead (codebuild-source-auth), whose GitHub app is installed only in the organisations the account trusts"),
		mapped("PR", "codebuild_project_webhook_filters_use_anchored_patterns", "CodeBuild webhook filters on ACTOR_ACCOUNT_ID, HEAD_REF and BASE_REF anchor every alternative with ^ and $ (carestack splits only top-level alternatives, so ^(a|b)$ is anchored).", []string{CodeBuildWebhook}, "codebuild-webhook-filters-anchored"),
		mapped("PR", "codebuild_report_group_export_encrypted", "CodeBuild report groups exporting to S3 encrypt the export.", []string{CodeBuildReportGroup}, "codebuild-encryption"),
	)
	tdT := []string{ECSTaskDefinition}
	inventory = append(inventory,
		// SNS subscriptions, Secrets Manager secret policies, ECS task definitions
		mapped("PR", "sns_subscription_not_using_http_endpoints", "SNS subscriptions use HTTPS, not HTTP, endpoints.", []string{SNSTopicSubscription}, "sns-subscription-https"),
		mapped("PR", "secretsmanager_not_publicly_accessible", "The secret's resource policy does not allow public access.", []string{SecretPolicy, Secret}, "secret-policy-not-public", "resource-policies-not-public"),
		reasoned("PR", "secretsmanager_has_restrictive_resource_policy", "Every secret has a resource policy that explicitly denies all principals but the allowed roles and services, and no cross-account principal.", []string{SecretPolicy, Secret},
			"a deny-all-but policy on every secret repeats what IAM already enforces here: only identity policies in this account grant secretsmanager:GetSecretValue (no-admin-or-wildcard-statements, ecs-task-role-scoped) and the secret's own key decrypts it (secret-cmk); a policy that opens a secret to anyone is caught (secret-policy-not-public, resource-policies-not-public)"),
		mapped("CFG", "ecs-containers-readonly-access", "ECS containers have read-only root filesystems.", tdT, "container-hardening"),
		mapped("CFG", "ecs-task-definition-user-for-host-mode-check", "A task definition in host network mode runs its containers privileged or as a non-root user.", tdT, "container-hardening"),
		mapped("CN", "HIPAA.Security-ECSTaskDefinitionUserForHostMode", "A task definition in host network mode has no container that is unprivileged and root (or without a user); carestack requires awsvpc mode, non-root users and no privilege outright.", tdT, "container-hardening"),
		mapped("CK", "CKV_AWS_97", "EFS volumes in ECS task definitions have encryption in transit (transitEncryption ENABLED).", tdT, "ecs-efs-transit-encryption"),
		mapped("CK", "CKV_AWS_249", "The execution role ARN and the task role ARN of a task definition differ.", []string{ECSTaskDefinition, IAMRole}, "ecs-task-role-scoped"),
		mapped("CK", "CKV_AWS_334", "ECS containers run unprivileged.", tdT, "container-hardening"),
		mapped("CK", "CKV_AWS_335", "ECS task definitions do not share the host's process namespace (checkov reads pidMode inside the container definitions; container-hardening reads the task's pidMode and ecs-container-host-isolation the containers').", tdT, "container-hardening", "ecs-container-host-isolation"),
		mapped("CK", "CKV_AWS_336", "ECS containers have read-only root filesystems.", tdT, "container-hardening"),
		mapped("PR", "ecs_task_definitions_containers_readonly_access", "Every container of the task definition has a read-only root filesystem.", tdT, "container-hardening"),
		mapped("PR", "ecs_task_definitions_host_namespace_not_shared", "The task definition does not share the host's process namespace (pidMode host).", tdT, "container-hardening"),
		mapped("PR", "ecs_task_definitions_host_networking_mode_users", "A task definition in host network mode has no unprivileged container running as root or without a user.", tdT, "container-hardening"),
		reasoned("PR", "ecs_task_definitions_logging_block_mode", "Containers with a log driver log in non-blocking mode.", tdT,
			"blocking or non-blocking trades complete audit logs against availability, a choice per workload rather than a HIPAA or SOC 2 control; since June 2025 ECS defaults to non-blocking unless the account's defaultLogDriverMode says otherwise"),
		mapped("PR", "ecs_task_definitions_logging_enabled", "Every container of the task definition has a log configuration.", tdT, "workload-logging"),
		mapped("PR", "ecs_task_definitions_no_environment_secrets", "Container environment variables hold no secrets (detected by value, whatever the variable's name).", tdT, "no-plaintext-secrets-in-taskdef", "ecs-taskdef-secret-values"),
		mapped("PR", "ecs_task_definitions_no_privileged_containers", "The task definition has no privileged containers.", tdT, "container-hardening"),
	)
	dataTypes = append(dataTypes,
		DataType{Type: SNSTopicSubscription},
		DataType{Type: SecretPolicy},
		DataType{Type: ECSTaskDefinition},
	)
	dataTypes = append(dataTypes,
		DataType{Type: CodeBuildProject},
		DataType{Type: CodeBuildReportGroup},
		DataType{Type: CodeBuildSourceCredential},
		DataType{Type: CodeBuildWebhook},
	)
	dataTypes = append(dataTypes,
		DataType{Type: SageMakerNotebook},
		DataType{Type: SageMakerLifecycleConfig},
		DataType{Type: SageMakerEndpointConfig},
		DataType{Type: SageMakerEndpoint, Reason: "it serves an endpoint configuration, which holds every data setting (sagemaker-endpoint-kms, sagemaker-endpoint-multi-instance); no anchor rule reads the endpoint"},
		DataType{Type: SageMakerModel},
		DataType{Type: SageMakerDomain},
		DataType{Type: SageMakerDataQualityJob},
		DataType{Type: SageMakerFlowDefinition},
		DataType{Type: SageMakerPipeline},
	)
	dataTypes = append(dataTypes,
		DataType{Type: SQSQueue},
		DataType{Type: SQSQueuePolicy},
		DataType{Type: KinesisStream},
		DataType{Type: KinesisVideoStream},
		DataType{Type: FirehoseStream},
	)
	dataTypes = append(dataTypes,
		DataType{Type: APIGWRestAPI},
		DataType{Type: APIGWStage},
		DataType{Type: APIGWMethodSettings},
		DataType{Type: APIGWMethod},
		DataType{Type: APIGWDomainName},
		DataType{Type: APIGWDeployment},
		DataType{Type: APIGWRestAPIPolicy, Reason: "it grants execute-api:Invoke; a public API's policy lets anyone reach it by design, and who may call a method is decided by the method's authorization (apigw-method-authorized); no anchor rule reads it"},
		DataType{Type: APIGWv2API},
		DataType{Type: APIGWv2Stage},
		DataType{Type: APIGWv2Route},
		DataType{Type: APIGWv2DomainName, Reason: "its securityPolicy accepts TLS_1_2 only (the SDK's one valid value), so no definition can weaken it; no anchor rule reads it"},
	)
	dataTypes = append(dataTypes,
		DataType{Type: LambdaFunction},
		DataType{Type: LambdaPermission},
		DataType{Type: LambdaFunctionURL},
		DataType{Type: LambdaEventInvokeConfig},
		DataType{Type: LambdaLayerVersion},
		DataType{Type: LambdaEventSource, Reason: "it moves records from a queue or stream into a function: the records stay encrypted where they live (sqs-sse, kinesis-stream-kms) and what the function may read is its role's; no anchor rule reads the mapping"},
	)
}
