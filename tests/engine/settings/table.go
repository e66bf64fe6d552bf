package settings

import (
	"maps"
	"slices"
	"strings"
)

// Resource types, spelled as the engine registers them.
const (
	kmsKey        = "aws:kms/key:Key"
	bucket        = "aws:s3/bucketV2:BucketV2"
	bucketSSE     = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"
	bucketPAB     = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
	bucketOwner   = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
	bucketVers    = "aws:s3/bucketVersioningV2:BucketVersioningV2"
	bucketLock    = "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2"
	bucketPolicy  = "aws:s3/bucketPolicy:BucketPolicy"
	bucketLogging = "aws:s3/bucketLoggingV2:BucketLoggingV2"
	bucketLife    = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"
	bucketRepl    = "aws:s3/bucketReplicationConfig:BucketReplicationConfig"
	topic         = "aws:sns/topic:Topic"
	topicPolicy   = "aws:sns/topicPolicy:TopicPolicy"
	logGroup      = "aws:cloudwatch/logGroup:LogGroup"
	role          = "aws:iam/role:Role"
	rolePolicy    = "aws:iam/rolePolicy:RolePolicy"
	roleAttach    = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	trail         = "aws:cloudtrail/trail:Trail"
	flowLog       = "aws:ec2/flowLog:FlowLog"
	defaultSG     = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
	sg            = "aws:ec2/securityGroup:SecurityGroup"
	sgIngress     = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	sgEgress      = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
	vpcEndpoint   = "aws:ec2/vpcEndpoint:VpcEndpoint"
	subnetGroup   = "aws:rds/subnetGroup:SubnetGroup"
	cluster       = "aws:rds/cluster:Cluster"
	instance      = "aws:rds/clusterInstance:ClusterInstance"
	endpoint      = "aws:rds/clusterEndpoint:ClusterEndpoint"
	paramGroup    = "aws:rds/clusterParameterGroup:ClusterParameterGroup"
	proxy         = "aws:rds/proxy:Proxy"
	vault         = "aws:backup/vault:Vault"
	vaultLock     = "aws:backup/vaultLockConfiguration:VaultLockConfiguration"
	plan          = "aws:backup/plan:Plan"
	selection     = "aws:backup/selection:Selection"
	ecsCluster    = "aws:ecs/cluster:Cluster"
	ecsService    = "aws:ecs/service:Service"
	taskDef       = "aws:ecs/taskDefinition:TaskDefinition"
	ecrRepo       = "aws:ecr/repository:Repository"
	alb           = "aws:lb/loadBalancer:LoadBalancer"
	listener      = "aws:lb/listener:Listener"
	listenerRule  = "aws:lb/listenerRule:ListenerRule"
	targetGroup   = "aws:lb/targetGroup:TargetGroup"
	webACL        = "aws:wafv2/webAcl:WebAcl"
	webACLLogging = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"
	distribution  = "aws:cloudfront/distribution:Distribution"
	oac           = "aws:cloudfront/originAccessControl:OriginAccessControl"
	headers       = "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy"
	alarm         = "aws:cloudwatch/metricAlarm:MetricAlarm"
	scaling       = "aws:appautoscaling/target:Target"
	provider      = "pulumi:providers:aws"
	vpc           = "aws:ec2/vpc:Vpc"
	subnet        = "aws:ec2/subnet:Subnet"
	awsxVpc       = "awsx:ec2:Vpc"
)

// Rule names, as the pack reports them.
const (
	encAurora      = "aurora-storage-encrypted-cmk"
	encPI          = "aurora-pi-cmk"
	encS3          = "s3-sse-kms"
	encSNS         = "sns-kms"
	encLogs        = "log-group-kms"
	encVault       = "backup-vault-cmk"
	kmsRotation    = "kms-rotation"
	kmsSafety      = "kms-key-safety"
	tlsALB         = "alb-https-or-redirect"
	tlsPolicy      = "alb-tls-policy-and-acm"
	albHeaders     = "alb-header-hygiene"
	cfHTTPS        = "cf-viewer-https"
	cfTLS          = "cf-min-tls"
	cfOrigin       = "cf-origin-tls-and-oac"
	s3TLS          = "s3-deny-insecure-transport"
	auroraTLS      = "aurora-require-tls"
	lbACM          = "lb-certificate-from-acm"
	proxyTLS       = "rds-proxy-require-tls"
	proxyIAM       = "rds-proxy-iam-auth"
	iamWildcard    = "no-admin-or-wildcard-statements"
	iamManaged     = "no-broad-managed-policies"
	taskRole       = "ecs-task-role-scoped"
	trust          = "trust-policy-restricted"
	taskSecrets    = "no-plaintext-secrets-in-taskdef"
	dbCreds        = "managed-db-credentials"
	hardening      = "container-hardening"
	notPublic      = "resource-policies-not-public"
	worldIngress   = "no-world-ingress-except-public-alb"
	dbSG           = "db-sg-from-app-only"
	dbPrivate      = "db-instances-private"
	tasksPrivate   = "ecs-tasks-private"
	publicTier     = "public-tier-confined"
	defaultSGRule  = "default-sg-closed"
	s3PAB          = "s3-public-access-block"
	s3ACLs         = "s3-acls-disabled"
	wafInFront     = "waf-in-front"
	multiAZ        = "aurora-multi-az"
	backupRet      = "aurora-backup-retention"
	inBackupPlan   = "aurora-in-backup-plan"
	planQuality    = "backup-plan-quality"
	serviceHA      = "ecs-service-ha"
	autoscaling    = "ecs-autoscaling"
	biEndpoint     = "bi-reader-endpoint"
	patching       = "auto-patching"
	ecrHardening   = "ecr-hardening"
	auroraLogs     = "aurora-observability"
	albLogs        = "alb-access-logs"
	cfLogs         = "cloudfront-logging"
	s3Logs         = "s3-access-logging"
	logRetention   = "log-retention"
	workloadLogs   = "workload-logging"
	ecsMonitoring  = "ecs-cluster-monitoring"
	trailBaseline  = "cloudtrail-baseline"
	flowLogs       = "vpc-flow-logs"
	wafLogs        = "waf-logging-and-alarms"
	auroraDeletion = "aurora-deletion-safety"
	albDeletion    = "alb-deletion-protection"
	s3Versioning   = "s3-versioning"
	immutability   = "audit-bucket-immutability"
	replication    = "s3-replication-dr"
	destroyPaths   = "no-destroy-paths"
	requiredTags   = "required-tags"
	phiCMK         = "phi-needs-cmk"
	sitesNotPHI    = "static-sites-not-phi"
	hostIsolation  = "ecs-container-host-isolation"
	kmsDecrypt     = "kms-decrypt-scoped"

	// The guards added for issue 13 part 2 (policy/rules/catalog_guards.go).
	kmsGrants             = "kms-service-grants-scoped"
	cmkNamed              = "customer-managed-keys-named"
	auroraTLSVersions     = "aurora-tls-versions"
	instanceCA            = "aurora-instance-current-ca"
	clusterUsername       = "rds-cluster-default-username"
	imagesFromECR         = "container-images-from-ecr"
	dbSubnetIsolated      = "db-subnet-group-isolated"
	lockStrength          = "backup-vault-lock-strength"
	copyRetention         = "backup-copy-retention"
	selectionNamesCluster = "backup-selection-names-cluster"
	scalingFloor          = "ecs-scaling-floor"
	accessLogRetention    = "access-log-retention"
	trailMgmt             = "trail-management-events"
	trailBucket           = "trail-bucket-in-stack"
	auditParams           = "aurora-audit-parameters"
	execLogDestination    = "ecs-exec-log-destination"
	lockRetention         = "audit-lock-retention"
	serviceWrites         = "service-writes-to-buckets-scoped"
	kmsReplicated         = "kms-objects-replicated"
	statementLogging      = "no-statement-logging"
)

// The resources the estate makes more than one of, by role.
var (
	phiBuckets      = []string{"data-visit-documents", "data-visit-documents-replica"}
	kmsBuckets      = []string{"audit-trail", "data-visit-documents", "data-visit-documents-replica"}
	kmsBucketSSE    = []string{"audit-trail-sse", "data-visit-documents-sse", "data-visit-documents-replica-sse"}
	aesBucketSSE    = []string{"audit-access-logs-sse", "dr-access-logs-sse", "site-caregiver-portal-sse"}
	phiTopics       = []string{"topic-visit-events", "topic-caregiver-notifications"}
	services        = []string{"scheduling-api", "notification-worker"}
	taskRoles       = []string{"scheduling-api-task", "notification-worker-task"}
	taskRolePolices = []string{"scheduling-api-task", "notification-worker-task"}
	instances       = []string{"aurora-writer", "aurora-reader-1", "aurora-bi"}
	vaults          = []string{"aurora-backup", "aurora-backup-dr"}
	vaultLocks      = []string{"aurora-backup-lock", "aurora-backup-dr-lock"}
	webACLs         = []string{"ecs-waf", "site-caregiver-portal-waf"}
	repos           = []string{"scheduling-api-repo", "notification-worker-repo"}
)

const awsxChildren = "the awsx provider makes the VPC and its subnets in the engine; the offline mock never runs it"

// publicStatement grants anyone read access: what a resource policy must
// never carry.
func publicStatement(action string) map[string]any {
	return map[string]any{"Sid": "Public", "Effect": "Allow", "Principal": "*", "Action": action, "Resource": "*"}
}

var worldRule = map[string]any{"protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": []any{"0.0.0.0/0"}, "description": "ssh"}

// Table is every security-relevant input the components set in prod, each
// with an insecure change and the rule that must fail (or why none does).
var Table = []Row{
	// ---- KMS keys (security.Keys) ----
	{Type: kmsKey, Path: "enableKeyRotation", To: false, Rules: []string{kmsRotation}, Note: "AWS's default: no rotation"},
	{Type: kmsKey, Path: "rotationPeriodInDays", To: 730, Rules: []string{kmsRotation}, Note: "rotate every two years"},
	{Type: kmsKey, Path: "deletionWindowInDays", To: 7, Rules: []string{kmsSafety}, Note: "the shortest window AWS allows"},
	{Type: kmsKey, Path: "bypassPolicyLockoutSafetyCheck", To: true, Rules: []string{kmsSafety}},
	{Type: kmsKey, Path: "policy#Statement[Sid=AccountAdministersKeyThroughIAM].Principal", To: "*", Rules: []string{kmsSafety}, Note: "anyone may use and administer the key"},
	{Type: kmsKey, Names: []string{"keys-logs"}, Path: "policy#Statement[Sid=CloudWatchLogsEncryptsThisAccountsGroups].Condition", To: Delete,
		Note: "CloudWatch Logs may use the key for any log group, not only this account's", Rules: []string{kmsGrants}},
	{Type: kmsKey, Names: []string{"keys-logs"}, Path: "policy#Statement[Sid=CloudTrailEncryptsThisAccountsTrails].Condition", To: Delete,
		Note: "any account's trail may encrypt with the key", Rules: []string{kmsGrants}},
	{Type: kmsKey, Names: []string{"keys-messaging"}, Path: "policy#Statement[Sid=AwsServicesPublishToEncryptedTopics].Condition", To: Delete,
		Note: "CloudWatch, EventBridge and DMS may use the key for any account", Rules: []string{kmsGrants}},
	{Type: kmsKey, Except: []string{"keys-confidential", "keys-internal"}, Path: "@protect", To: false, Rules: []string{destroyPaths}, Note: "`pulumi destroy` schedules the key's deletion"},
	{Type: kmsKey, Names: []string{"keys-confidential", "keys-internal"}, Path: "@protect", To: false,
		Reason: "DP-06 asks Pulumi's protect of PHI keys only: `pulumi destroy` merely schedules a key's deletion, cancellable for the 30-day window kms-key-safety keeps"},

	// ---- S3 buckets (storage.Bucket) ----
	{Type: bucket, Names: []string{"audit-trail"}, Path: "objectLockEnabled", To: false, Rules: []string{immutability}},
	{Type: bucket, Names: []string{"site-caregiver-portal"}, Path: "tags.DataClassification", To: "PHI",
		Rules: []string{sitesNotPHI, encS3, replication, trailBaseline, destroyPaths}, Note: "PHI behind CloudFront: every PHI duty applies"},
	{Type: bucket, Names: []string{"audit-access-logs"}, Path: "tags.DataClassification", To: "PHI",
		Rules: []string{encS3, replication, trailBaseline}, Note: "a PHI bucket under SSE-S3, unreplicated, without data events"},
	{Type: bucket, Names: phiBuckets, Path: "tags.DataClassification", To: "Internal",
		Reason: "A classification is the owner's declaration, reviewed in code (carestack:buckets); the pack cannot see what data a bucket holds, and the bucket keeps its data key, replication and data events"},
	{Type: bucket, Path: "forceDestroy", To: true, Rules: []string{destroyPaths}, Note: "`pulumi destroy` empties the bucket first"},
	{Type: bucket, Path: "acl", To: "public-read", Rules: []string{s3ACLs}},
	{Type: bucket, Names: phiBuckets, Path: "@protect", To: false, Rules: []string{destroyPaths}},
	{Type: bucket, Names: []string{"audit-trail", "audit-access-logs", "dr-access-logs"}, Path: "@protect", To: false,
		Reason: "DP-06 asks protect of PHI stores, keys, vaults and the cluster; an unprotected log bucket still refuses deletion while it holds objects (forceDestroy is false, and forceDestroy is judged), and the trail's objects are under COMPLIANCE object lock"},

	{Type: bucketSSE, Names: kmsBucketSSE, Path: "rules[0].applyServerSideEncryptionByDefault.sseAlgorithm", To: "AES256", Rules: []string{encS3}, On: []string{bucket}, Note: "SSE-S3: no key of yours"},
	{Type: bucketSSE, Names: kmsBucketSSE, Path: "rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId", To: Delete, Rules: []string{encS3}, On: []string{bucket}, Note: "aws:kms without a key: the AWS-managed aws/s3 key"},
	{Type: bucketSSE, Names: kmsBucketSSE, Path: "rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId", To: "alias/aws/s3", On: []string{bucket}, Rules: []string{cmkNamed}, Note: "the AWS-managed key named outright"},

	{Type: bucketPAB, Path: "blockPublicAcls", To: false, Rules: []string{s3PAB}, On: []string{bucket}},
	{Type: bucketPAB, Path: "blockPublicPolicy", To: false, Rules: []string{s3PAB}, On: []string{bucket}},
	{Type: bucketPAB, Path: "ignorePublicAcls", To: false, Rules: []string{s3PAB}, On: []string{bucket}},
	{Type: bucketPAB, Path: "restrictPublicBuckets", To: false, Rules: []string{s3PAB}, On: []string{bucket}},
	{Type: bucketOwner, Path: "rule.objectOwnership", To: "ObjectWriter",
		Reason: "NET-08 fails live ACLs only (a canned ACL but private, a public grant): ObjectWriter re-enables ACLs but grants nothing by itself, and S3 has disabled ACLs on new buckets since April 2023 (issue 13 part 3); a public ACL is caught (the acl row)"},
	{Type: bucketVers, Path: "versioningConfiguration.status", To: "Suspended", Rules: []string{s3Versioning}, On: []string{bucket}},
	{Type: bucketLock, Path: "rule.defaultRetention.days", To: 30, On: []string{bucket}, Rules: []string{lockRetention}, Note: "the trail's logs deletable after 30 days; HIPAA keeps records six years (164.316(b)(2)(i))"},
	{Type: bucketLock, Path: "rule.defaultRetention.mode", To: "GOVERNANCE", On: []string{bucket}, Rules: []string{lockRetention}, Note: "anyone with s3:BypassGovernanceRetention may delete the trail's logs"},
	{Type: bucketLock, Path: "rule.defaultRetention", To: Delete, On: []string{bucket}, Rules: []string{lockRetention}, Note: "new objects are not locked at all"},
	{Type: bucketPolicy, Path: "policy#Statement[Sid=DenyInsecureTransport]", To: Delete, Rules: []string{s3TLS}, On: []string{bucket}},
	{Type: bucketPolicy, Path: "policy#Statement[+]", To: publicStatement("s3:GetObject"), Rules: []string{notPublic}, On: []string{bucket}, Note: "anyone may read every object"},
	{Type: bucketPolicy, Names: []string{"audit-access-logs-policy"}, Path: "policy#Statement[Sid=AlbAccessLogs].Principal", To: "*", Rules: []string{notPublic}, On: []string{bucket}, Note: "anyone may write into the log bucket"},
	{Type: bucketPolicy, Names: []string{"audit-trail-policy"}, Path: "policy#Statement[Sid=CloudTrailWrites].Condition", To: Delete,
		Note: "any account's trail may write into the audit bucket", Rules: []string{serviceWrites}},
	{Type: bucketPolicy, Names: []string{"site-caregiver-portal-policy"}, Path: "policy#Statement[Sid=CloudFrontReadsThroughOAC].Condition", To: Delete,
		Reason: "The site bucket holds Public data (TAG-03 keeps it so) that CloudFront serves to anyone; another distribution reading it exposes nothing more"},
	{Type: bucketLife, Names: []string{"audit-access-logs-lifecycle", "dr-access-logs-lifecycle"}, Path: "rules[0].expiration.days", To: 30, Rules: []string{accessLogRetention}, Note: "access logs kept a month"},
	{Type: bucketLife, Names: []string{"audit-trail-lifecycle"}, Path: "rules[0].expiration", To: map[string]any{"days": 30},
		Reason: "The trail's objects are under a COMPLIANCE object lock of 2,192 days (DP-04): expiration only adds delete markers until the lock ends"},
	{Type: bucketRepl, Path: "rules[0].status", To: "Disabled", Rules: []string{replication}, On: []string{"aws:s3/bucketV2:BucketV2::data-visit-documents"}},
	{Type: bucketRepl, Path: "rules[0].sourceSelectionCriteria.sseKmsEncryptedObjects.status", To: "Disabled", Rules: []string{kmsReplicated}, Note: "no SSE-KMS object replicates: the DR copy stays empty"},
	{Type: bucketRepl, Path: "rules[0].destination.encryptionConfiguration", To: Delete,
		Reason: "AWS refuses it: with sseKmsEncryptedObjects Enabled a replication rule must name replicaKmsKeyId (S3 PutBucketReplication)"},

	// ---- SNS (messaging.Topic) ----
	{Type: topic, Path: "kmsMasterKeyId", To: Delete, Rules: []string{encSNS}, Note: "AWS's default: no server-side encryption"},
	{Type: topic, Names: phiTopics, Path: "kmsMasterKeyId", To: "alias/aws/sns", Rules: []string{encSNS, phiCMK}},
	{Type: topic, Names: []string{"alarms-topic"}, Path: "kmsMasterKeyId", To: "alias/aws/sns", Rules: []string{cmkNamed}, Note: "CloudWatch cannot use the AWS-managed key: every alarm goes silent"},
	{Type: topicPolicy, Path: "policy#Statement[Sid=DenyInsecureTransport]", To: Delete, Rules: []string{"sns-phi-topic-tls-only"}, Note: "SNS accepts HTTP requests unless the topic policy denies them"},
	{Type: topicPolicy, Path: "policy#Statement[+]", To: publicStatement("sns:Publish"), Rules: []string{notPublic}, Note: "anyone may publish"},

	// ---- Log groups (common.LogGroup) ----
	{Type: logGroup, Path: "kmsKeyId", To: Delete, Rules: []string{encLogs}, Note: "AWS's default: CloudWatch Logs' own encryption, no key of yours"},
	{Type: logGroup, Path: "retentionInDays", To: 30, Rules: []string{logRetention}},
	{Type: logGroup, Path: "retentionInDays", To: Delete, Rules: []string{logRetention}, Note: "AWS's default: never expire"},

	// ---- IAM ----
	{Type: role, Names: []string{"scheduling-api-execution", "scheduling-api-task", "notification-worker-execution", "notification-worker-task"},
		Path: "assumeRolePolicy#Statement[0].Condition", To: Delete, Rules: []string{trust}, Note: "ecs-tasks.amazonaws.com trusted for any account's tasks"},
	{Type: role, Names: []string{"audit-trail-logs", "network-flow-logs", "aurora-monitoring", "aurora-proxy", "aurora-backup", "data-visit-documents-replication"},
		Path: "assumeRolePolicy#Statement[0].Condition", To: Delete,
		Reason: "Gap: IAM-07's title asks every service trust to pin the source account, but it checks ecs-tasks.amazonaws.com only; CloudTrail, VPC Flow Logs, RDS monitoring, RDS, AWS Backup and S3 all honour aws:SourceAccount"},
	{Type: role, Path: "assumeRolePolicy#Statement[0].Principal", To: map[string]any{"AWS": "*"}, Rules: []string{trust}, Note: "anyone may assume the role"},
	{Type: role, Path: "managedPolicyArns", To: []any{"arn:aws:iam::aws:policy/AdministratorAccess"}, Rules: []string{iamManaged}},
	{Type: role, Path: "inlinePolicies", To: []any{map[string]any{"name": "admin", "policy": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`}}, Rules: []string{iamWildcard, kmsDecrypt}, Note: "an inline admin policy"},
	{Type: rolePolicy, Path: "policy#Statement[0].Action", To: "*", Rules: []string{iamWildcard}},
	{Type: rolePolicy, Names: taskRolePolices, Path: "policy#Statement[0].Action", To: "sns:*", Rules: []string{iamWildcard}, Note: "every SNS action"},
	{Type: rolePolicy, Names: taskRolePolices, Path: "policy#Statement[0].Resource", To: "*", Rules: []string{taskRole}},
	{Type: rolePolicy, Names: []string{"audit-trail-logs", "network-flow-logs", "aurora-proxy", "data-visit-documents-replication", "scheduling-api-execution", "notification-worker-execution"},
		Path: "policy#Statement[0].Resource", To: "*",
		Reason: "Gap: IAM-04 fails wildcard actions, not a named action on every resource; only task roles are held to exact ARNs (IAM-06), and the estate's own least-privilege test (infra/estate) is not in the pack"},
	{Type: rolePolicy, Names: taskRolePolices, Path: "policy#Statement[Sid=UseTopicKey].Condition", To: Delete,
		Reason: "Gap: no rule asks a role's KMS grant for kms:ViaService and an encryption context; without them the task may decrypt anything under the messaging key (infra/estate's least-privilege test checks it, the pack does not)"},
	{Type: roleAttach, Path: "policyArn", To: "arn:aws:iam::aws:policy/AdministratorAccess", Rules: []string{iamManaged}},

	// ---- CloudTrail (security.Audit) ----
	{Type: trail, Path: "isMultiRegionTrail", To: false, Rules: []string{trailBaseline}},
	{Type: trail, Path: "enableLogFileValidation", To: false, Rules: []string{trailBaseline}},
	{Type: trail, Path: "kmsKeyId", To: Delete, Rules: []string{trailBaseline}, Note: "AWS's default: SSE-S3"},
	{Type: trail, Path: "cloudWatchLogsGroupArn", To: Delete, Rules: []string{trailBaseline}},
	{Type: trail, Path: "cloudWatchLogsRoleArn", To: Delete,
		Reason: "AWS refuses it: CloudTrail needs cloudWatchLogsRoleArn with cloudWatchLogsGroupArn (InvalidCloudWatchLogsRoleArnException); removing the group is caught"},
	{Type: trail, Path: "enableLogging", To: false, Rules: []string{trailBaseline}},
	{Type: trail, Path: "includeGlobalServiceEvents", To: false, Rules: []string{trailBaseline}},
	{Type: trail, Path: "advancedEventSelectors[name=PHI object access]", To: Delete, Rules: []string{trailBaseline},
		On: []string{bucket + "::data-visit-documents", bucket + "::data-visit-documents-replica"}, Note: "no S3 data events: PHI object reads unrecorded"},
	{Type: trail, Path: "advancedEventSelectors[name=PHI object access].fieldSelectors[field=resources.ARN].startsWiths", To: []any{"arn:aws:s3:::carestack-prod-other-"}, Rules: []string{trailBaseline},
		On: []string{bucket + "::data-visit-documents", bucket + "::data-visit-documents-replica"}},
	{Type: trail, Path: "advancedEventSelectors[name=management events]", To: Delete, Rules: []string{trailMgmt}, Note: "no API call is recorded"},
	{Type: trail, Path: "s3BucketName", To: "some-other-bucket", Rules: []string{trailBucket}, Note: "the trail writes to a bucket outside the stack"},

	// ---- Network (network.Network) ----
	{Type: flowLog, Path: "trafficType", To: "REJECT", Rules: []string{flowLogs}, On: []string{vpc + "::network"}, Engine: awsxChildren},
	{Type: flowLog, Path: "trafficType", To: "ACCEPT", Rules: []string{flowLogs}, On: []string{vpc + "::network"}, Engine: awsxChildren},
	{Type: defaultSG, Path: "ingress", To: []any{map[string]any{"protocol": "-1", "fromPort": 0, "toPort": 0, "self": true}}, Rules: []string{defaultSGRule}, On: []string{vpc + "::network"}, Engine: awsxChildren},
	{Type: defaultSG, Path: "egress", To: []any{map[string]any{"protocol": "-1", "fromPort": 0, "toPort": 0, "cidrBlocks": []any{"0.0.0.0/0"}}}, Rules: []string{defaultSGRule}, On: []string{vpc + "::network"}, Engine: awsxChildren},
	{Type: sg, Names: []string{"network-endpoints"}, Path: "ingress[0].cidrBlocks", To: []any{"0.0.0.0/0"}, Rules: []string{worldIngress}},
	{Type: sg, Names: []string{"ecs-alb"}, Path: "ingress[+]", To: worldRule, Rules: []string{worldIngress}, Note: "SSH from anywhere"},
	{Type: sg, Names: []string{"ecs-alb"}, Path: "ingress[0].fromPort", To: 0, Rules: []string{worldIngress}, Note: "ports 0-443 from anywhere"},
	{Type: sg, Names: services, Path: "ingress", To: []any{map[string]any{"protocol": "tcp", "fromPort": 8080, "toPort": 8080, "ipv6CidrBlocks": []any{"::/0"}}}, Rules: []string{worldIngress}, Note: "the whole IPv6 internet"},
	{Type: sg, Names: []string{"ecs-alb"}, Path: "tags.Exposure", To: Delete,
		Reason: "NET-01 recognises the ALB's group by its use (only the internet-facing ALB uses it, issue 13 part 3), and 443 and 80 from anywhere to a public ALB are the design"},
	{Type: sg, Names: []string{"ecs-alb"}, Path: "egress[0].cidrBlocks", To: []any{"0.0.0.0/0"},
		Reason: "Egress: no rule limits where a group may connect out (AWS's own default egress is all traffic to 0.0.0.0/0); the tasks accept only the ALB's group"},
	{Type: sg, Names: services, Path: "ingress", To: []any{map[string]any{"protocol": "tcp", "fromPort": 8080, "toPort": 8080, "cidrBlocks": []any{"0.0.0.0/0"}}}, Rules: []string{worldIngress}},
	{Type: sg, Names: []string{"aurora-cluster"}, Path: "ingress", To: []any{map[string]any{"protocol": "tcp", "fromPort": 3306, "toPort": 3306, "cidrBlocks": []any{"0.0.0.0/0"}}}, Rules: []string{worldIngress, dbSG}},
	{Type: sg, Names: []string{"aurora-cluster"}, Path: "ingress", To: []any{map[string]any{"protocol": "tcp", "fromPort": 3306, "toPort": 3306, "cidrBlocks": []any{"10.20.0.0/16"}}}, Rules: []string{dbSG}, Note: "the whole VPC may reach the database"},
	{Type: sg, Names: []string{"aurora-proxy", "aurora-clients"}, Path: "ingress", To: []any{map[string]any{"protocol": "tcp", "fromPort": 3306, "toPort": 3306, "cidrBlocks": []any{"0.0.0.0/0"}}}, Rules: []string{worldIngress}},
	{Type: sgIngress, Names: []string{"aurora-cluster-from-proxy"}, Path: "cidrIpv4", To: "0.0.0.0/0", Rules: []string{worldIngress, dbSG}},
	{Type: sgIngress, Names: []string{"aurora-proxy-from-clients"}, Path: "cidrIpv4", To: "0.0.0.0/0", Rules: []string{worldIngress}},
	{Type: sgIngress, Names: []string{"aurora-cluster-from-proxy"}, Path: "cidrIpv6", To: "::/0", Rules: []string{worldIngress, dbSG}},
	{Type: sgIngress, Names: []string{"aurora-cluster-from-proxy"}, Path: "toPort", To: 65535,
		Reason: "The source is still only the proxy's group, and the cluster listens on 3306 alone"},
	{Type: sgEgress, Path: "cidrIpv4", To: "0.0.0.0/0",
		Reason: "Egress: no rule limits where a group may connect out (AWS's own default egress is all traffic to 0.0.0.0/0)"},
	{Type: subnetGroup, Path: "subnetIds", To: []any{"subnet-public-1", "subnet-public-2"}, Rules: []string{dbSubnetIsolated}, Note: "the database on the public tier"},
	{Type: awsxVpc, Path: "tags.DataClassification", To: Delete, Rules: []string{requiredTags}, On: []string{"*"}, Engine: awsxChildren, Note: "the VPC and its subnets lose their classification"},
	{Type: subnet, Names: []string{"network-private-1"}, Path: "mapPublicIpOnLaunch", To: true, Rules: []string{publicTier}, Engine: awsxChildren,
		Note: "what launches in the private tier gets a public address"},
	{Type: subnet, Names: []string{"network-isolated-1"}, Path: "mapPublicIpOnLaunch", To: true, Rules: []string{publicTier, dbSubnetIsolated}, On: []string{subnetGroup + "::network-db"}, Engine: awsxChildren,
		Note: "the database's tier hands out public addresses"},

	// ---- Aurora (database.Aurora) ----
	{Type: cluster, Path: "storageEncrypted", To: false, Rules: []string{encAurora}, Note: "AWS's default for a provisioned cluster: unencrypted"},
	{Type: cluster, Path: "kmsKeyId", To: Delete, Rules: []string{encAurora}, Note: "the AWS-managed aws/rds key"},
	{Type: cluster, Path: "kmsKeyId", To: "alias/aws/rds", Rules: []string{phiCMK}, Note: "ENC-01 alone accepts any key named; TAG-02 refuses AWS-managed keys on PHI"},
	{Type: cluster, Path: "backupRetentionPeriod", To: 1, Rules: []string{backupRet}, Note: "AWS's default: 1 day"},
	{Type: cluster, Path: "preferredBackupWindow", To: Delete, Rules: []string{backupRet}},
	{Type: cluster, Path: "deletionProtection", To: false, Rules: []string{auroraDeletion}},
	{Type: cluster, Path: "skipFinalSnapshot", To: true, Rules: []string{auroraDeletion}},
	{Type: cluster, Path: "finalSnapshotIdentifier", To: Delete, Rules: []string{auroraDeletion}},
	{Type: cluster, Path: "copyTagsToSnapshot", To: false, Rules: []string{auroraDeletion}},
	{Type: cluster, Path: "backtrackWindow", To: 0, Rules: []string{auroraDeletion}},
	{Type: cluster, Path: "enabledCloudwatchLogsExports", To: []any{"error", "slowquery"}, Rules: []string{auroraLogs}, Note: "no audit log export"},
	{Type: cluster, Path: "iamDatabaseAuthenticationEnabled", To: false, Rules: []string{dbCreds}},
	{Type: cluster, Path: "manageMasterUserPassword", To: false, Rules: []string{dbCreds}},
	{Type: cluster, Path: "masterPassword", To: "not-a-real-password-1", Rules: []string{dbCreds}},
	{Type: cluster, Path: "masterUserSecretKmsKeyId", To: Delete, Rules: []string{dbCreds}, Note: "the secret under the AWS-managed aws/secretsmanager key"},
	{Type: cluster, Path: "masterUserSecretKmsKeyId", To: "alias/aws/secretsmanager", Rules: []string{cmkNamed}, Note: "the master password under the AWS-managed key"},
	{Type: cluster, Path: "masterUsername", To: "admin", Rules: []string{clusterUsername}, Note: "AWS Config's rds-cluster-default-admin-check"},
	{Type: cluster, Path: "vpcSecurityGroupIds", To: Delete,
		Reason: "The cluster falls back to the VPC's default security group, which NET-06 keeps without rules: unreachable, not exposed"},
	{Type: cluster, Path: "dbSubnetGroupName", To: Delete,
		Reason: "AWS refuses it: without a subnet group the cluster goes to the default VPC, where the estate's security groups do not exist (InvalidParameterCombination)"},
	{Type: cluster, Path: "dbClusterParameterGroupName", To: Delete,
		Note: "the default cluster parameter group", Rules: []string{auroraTLSVersions}},
	{Type: cluster, Path: "@protect", To: false, Rules: []string{destroyPaths}},

	{Type: instance, Path: "publiclyAccessible", To: true, Rules: []string{dbPrivate}},
	{Type: instance, Path: "performanceInsightsEnabled", To: false, Rules: []string{auroraLogs}},
	{Type: instance, Path: "performanceInsightsKmsKeyId", To: Delete, Rules: []string{encPI}},
	{Type: instance, Path: "performanceInsightsKmsKeyId", To: "alias/aws/rds", Rules: []string{cmkNamed}, Note: "query text (PHI) under the AWS-managed key"},
	{Type: instance, Path: "monitoringInterval", To: 0, Rules: []string{auroraLogs}, Note: "AWS's default: no enhanced monitoring"},
	{Type: instance, Path: "autoMinorVersionUpgrade", To: false, Rules: []string{patching}},
	{Type: instance, Names: []string{"aurora-bi"}, Path: "promotionTier", To: 1, Rules: []string{biEndpoint}},
	{Type: instance, Names: []string{"aurora-reader-1"}, Path: "availabilityZone", To: "us-east-1a", Rules: []string{multiAZ}, On: []string{cluster}, Note: "the reader beside the writer"},
	{Type: instance, Path: "caCertIdentifier", To: "rds-ca-2019", Rules: []string{instanceCA}, Note: "the CA that expired in August 2024"},
	{Type: endpoint, Names: []string{"aurora-bi"}, Path: "customEndpointType", To: "ANY", Rules: []string{biEndpoint}},
	{Type: endpoint, Names: []string{"aurora-app-readers"}, Path: "excludedMembers", To: Delete, Rules: []string{biEndpoint}},

	{Type: paramGroup, Path: "parameters[name=require_secure_transport].value", To: "OFF", Rules: []string{auroraTLS}, On: []string{cluster}},
	{Type: paramGroup, Path: "parameters[name=require_secure_transport]", To: Delete, Rules: []string{auroraTLS}, On: []string{cluster}, Note: "the engine's default: OFF"},
	{Type: paramGroup, Path: "parameters[name=tls_version].value", To: "TLSv1,TLSv1.1,TLSv1.2", On: []string{cluster}, Rules: []string{auroraTLSVersions}, Note: "TLS 1.0 and 1.1 accepted again"},
	{Type: paramGroup, Path: "parameters[name=server_audit_logging].value", To: "0", On: []string{cluster}, Rules: []string{auditParams}, Note: "the exported audit log stays empty"},
	{Type: paramGroup, Path: "parameters[name=server_audit_events].value", To: "QUERY_DML", On: []string{cluster}, Rules: []string{auditParams}, Note: "logins go unrecorded"},
	{Type: paramGroup, Path: "parameters[name=general_log].value", To: "1", On: []string{cluster}, Rules: []string{statementLogging}, Note: "every statement, with its values (PHI), in the instances' logs"},
	{Type: paramGroup, Path: "parameters[name=slow_query_log].value", To: "0", On: []string{cluster},
		Reason: "Performance evidence, not a security control: the slow-query export stays on (LOG-01) and carries nothing"},

	{Type: proxy, Path: "requireTls", To: false, Rules: []string{proxyTLS}, Note: "AWS's default: TLS optional"},
	{Type: proxy, Path: "auths[0].iamAuth", To: "DISABLED", Rules: []string{proxyIAM}, Note: "AWS's default: DISABLED"},
	{Type: proxy, Path: "debugLogging", To: true, Rules: []string{statementLogging}, Note: "SQL text (PHI) in the proxy's logs"},
	{Type: proxy, Path: "vpcSubnetIds", To: []any{"subnet-public-1", "subnet-public-2"},
		Reason: "An RDS Proxy is never publicly accessible (AWS: its endpoints resolve only inside the VPC), whatever subnets it uses"},

	{Type: vault, Path: "kmsKeyArn", To: Delete, Rules: []string{encVault}, Note: "the AWS-managed aws/backup key"},
	{Type: vault, Path: "kmsKeyArn", To: "alias/aws/backup", Rules: []string{phiCMK}, Note: "ENC-08 alone accepts any key named; TAG-02 refuses AWS-managed keys on PHI"},
	{Type: vault, Path: "forceDestroy", To: true, Rules: []string{destroyPaths}},
	{Type: vault, Path: "@protect", To: false, Rules: []string{destroyPaths}},
	{Type: vaultLock, Path: "minRetentionDays", To: 1, On: []string{vault}, Rules: []string{lockStrength}, Note: "recovery points deletable after a day"},
	{Type: vaultLock, Path: "changeableForDays", To: 365, On: []string{vault}, Rules: []string{lockStrength}, Note: "the lock stays removable for a year"},
	{Type: plan, Path: "rules[0].lifecycle.deleteAfter", To: 7, Rules: []string{planQuality}},
	{Type: plan, Path: "rules[0].schedule", To: "cron(0 5 ? * SUN *)", Rules: []string{planQuality}, Note: "weekly"},
	{Type: plan, Path: "rules[0].copyActions", To: Delete, Rules: []string{planQuality}},
	{Type: plan, Path: "rules[0].copyActions[0].lifecycle.deleteAfter", To: 7, Rules: []string{copyRetention}, Note: "the DR copy kept a week"},
	{Type: selection, Path: "resources", To: []any{"arn:aws:rds:us-east-1:123456789012:cluster:some-other-cluster"}, On: []string{cluster}, Rules: []string{selectionNamesCluster}, Note: "the cluster drops out of the backup plan"},
	{Type: selection, Path: "resources", To: []any{}, On: []string{cluster}, Rules: []string{selectionNamesCluster}, Note: "the plan backs up nothing"},

	// ---- ECS (compute.Cluster, compute.Service) ----
	{Type: ecsCluster, Path: "settings[name=containerInsights].value", To: "disabled", Rules: []string{ecsMonitoring}},
	{Type: ecsCluster, Path: "configuration.executeCommandConfiguration.logging", To: "NONE", Rules: []string{ecsMonitoring}, Note: "exec sessions unlogged"},
	{Type: ecsCluster, Path: "configuration.executeCommandConfiguration.kmsKeyId", To: Delete, Rules: []string{ecsMonitoring}},
	{Type: ecsCluster, Path: "configuration.executeCommandConfiguration.logConfiguration.cloudWatchEncryptionEnabled", To: false, Rules: []string{execLogDestination}, Note: "ECS no longer requires the exec log group to be encrypted"},
	{Type: ecsCluster, Path: "configuration.executeCommandConfiguration.logConfiguration.cloudWatchLogGroupName", To: Delete, Rules: []string{execLogDestination}, Note: "exec output goes nowhere"},
	{Type: ecsCluster, Path: "configuration", To: Delete,
		Reason: "Gap: LOG-07 judges executeCommandConfiguration only when it is present; without it exec sessions are not logged (no service enables exec today: see enableExecuteCommand)"},
	{Type: ecsService, Path: "networkConfiguration.assignPublicIp", To: true, Rules: []string{tasksPrivate}},
	{Type: ecsService, Path: "enableExecuteCommand", To: true,
		Reason: "The cluster logs every exec session, KMS-encrypted, to the retained ecs-exec group (LOG-07 and LOG-19 guard that side); exec itself is an operator's break-glass, granted through IAM (ecs:ExecuteCommand)"},
	{Type: ecsService, Path: "platformVersion", To: "1.3.0", Rules: []string{patching}},
	{Type: ecsService, Path: "deploymentCircuitBreaker.enable", To: false, Rules: []string{serviceHA}},
	{Type: ecsService, Path: "desiredCount", To: 1, Rules: []string{serviceHA}},
	{Type: ecsService, Path: "networkConfiguration.subnets", To: []any{"subnet-public-1", "subnet-public-2"},
		Reason: "Without a public IP (NET-04 keeps assignPublicIp false) a task in a public subnet is unreachable from the internet"},
	{Type: scaling, Names: []string{"scheduling-api"}, Path: "minCapacity", To: 1, Rules: []string{autoscaling}},
	{Type: scaling, Names: []string{"notification-worker"}, Path: "minCapacity", To: 1, Rules: []string{scalingFloor}, Note: "scaling may take the worker to one task"},
	{Type: taskDef, Path: "containerDefinitions#[0].privileged", To: true, Rules: []string{hardening}},
	{Type: taskDef, Path: "containerDefinitions#[0].readonlyRootFilesystem", To: false, Rules: []string{hardening}},
	{Type: taskDef, Path: "containerDefinitions#[0].user", To: "root", Rules: []string{hardening}},
	{Type: taskDef, Path: "containerDefinitions#[0].user", To: Delete, Rules: []string{hardening}, Note: "the image's user, root for most images"},
	{Type: taskDef, Path: "containerDefinitions#[0].linuxParameters.capabilities.drop", To: Delete,
		Reason: "Gap (defence in depth): IAM-11 does not ask for capabilities.drop ALL; the container keeps Docker's default capabilities (CAP_NET_RAW among them)"},
	{Type: taskDef, Path: "containerDefinitions#[0].linuxParameters.capabilities.add", To: []any{"SYS_ADMIN"}, Rules: []string{hostIsolation}, Note: "Fargate itself accepts only SYS_PTRACE here"},
	{Type: taskDef, Path: "containerDefinitions#[0].logConfiguration", To: Delete, Rules: []string{workloadLogs}},
	{Type: taskDef, Path: "containerDefinitions#[0].environment[+]", To: map[string]any{"name": "DB_PASSWORD", "value": "s3cr3t-value"}, Rules: []string{taskSecrets}},
	{Type: taskDef, Path: "containerDefinitions#[0].environment[+]", To: map[string]any{"name": "PARTNER_ID", "value": "AKIAIOSFODNN7EXAMPLE"}, Rules: []string{taskSecrets}, Note: "an access key id under an innocent name"},
	{Type: taskDef, Path: "containerDefinitions#[0].image", To: "docker.io/library/nginx:latest", Rules: []string{imagesFromECR}, Note: "a public registry's mutable tag, never scanned"},
	{Type: taskDef, Path: "networkMode", To: "bridge", Rules: []string{hardening}},
	{Type: taskDef, Path: "pidMode", To: "host", Rules: []string{hardening}},
	{Type: taskDef, Path: "taskRoleArn", To: Delete,
		Reason: "A task without a task role has no AWS credentials at all: less access, not more (issue 13 part 3)"},
	{Type: ecrRepo, Path: "imageScanningConfiguration.scanOnPush", To: false, Rules: []string{ecrHardening}},
	{Type: ecrRepo, Path: "imageTagMutability", To: "MUTABLE", Rules: []string{ecrHardening}},
	{Type: ecrRepo, Path: "encryptionConfigurations", To: Delete, Rules: []string{ecrHardening}, Note: "AWS's default: AES256"},
	{Type: ecrRepo, Path: "encryptionConfigurations[0].encryptionType", To: "AES256", Rules: []string{ecrHardening}},
	{Type: ecrRepo, Path: "encryptionConfigurations[0].kmsKey", To: Delete, Note: "KMS under the AWS-managed aws/ecr key",
		Reason: "Images are Internal data: AVL-09 asks for KMS, and the catalog lets Internal data use an AWS-managed key (as it lets Internal buckets use SSE-S3)"},
	{Type: ecrRepo, Path: "forceDelete", To: true, Rules: []string{destroyPaths}},

	// ---- Load balancer and WAF (compute.Cluster, security.WebAcl) ----
	{Type: alb, Path: "dropInvalidHeaderFields", To: false, Rules: []string{albHeaders}, Note: "AWS's default: false"},
	{Type: alb, Path: "desyncMitigationMode", To: "monitor", Rules: []string{albHeaders}},
	{Type: alb, Path: "accessLogs.enabled", To: false, Rules: []string{albLogs}},
	{Type: alb, Path: "accessLogs", To: Delete, Rules: []string{albLogs}},
	{Type: alb, Path: "enableDeletionProtection", To: false, Rules: []string{albDeletion}},
	{Type: alb, Path: "enableWafFailOpen", To: true, Rules: []string{"alb-waf-fail-closed"}, Note: "requests skip the WAF whenever it cannot be reached"},
	{Type: listener, Names: []string{"ecs-https"}, Path: "sslPolicy", To: "ELBSecurityPolicy-2016-08", Rules: []string{tlsPolicy}, Note: "AWS's default policy: TLS 1.0+"},
	{Type: listener, Names: []string{"ecs-https"}, Path: "sslPolicy", To: "ELBSecurityPolicy-TLS13-1-0-2021-06", Rules: []string{tlsPolicy}, Note: "TLS 1.3 and also TLS 1.0"},
	{Type: listener, Names: []string{"ecs-https"}, Path: "protocol", To: "HTTP", Rules: []string{tlsALB}},
	{Type: listener, Names: []string{"ecs-https"}, Path: "certificateArn", To: "arn:aws:iam::123456789012:server-certificate/legacy", Rules: []string{tlsPolicy}},
	{Type: listener, Names: []string{"ecs-http"}, Path: "defaultActions[0]", To: map[string]any{"type": "fixed-response", "fixedResponse": map[string]any{"contentType": "text/plain", "statusCode": "200"}}, Rules: []string{tlsALB}},
	{Type: listener, Names: []string{"ecs-http"}, Path: "defaultActions[0].redirect.protocol", To: "HTTP", Rules: []string{tlsALB}},
	{Type: listenerRule, Path: "listenerArn", To: "arn:aws:lb:us-east-1:123456789012:lb/ecs-http", Note: "the service forwarded on the plaintext listener",
		Reason: "Gap: TLS-01 finds a listener rule's listener through the engine's property dependency, which a stack transform keeps, so the rule still counts as on the HTTPS listener"},
	{Type: webACL, Path: "rules[name=AWSManagedRulesKnownBadInputsRuleSet]", To: Delete,
		Reason: "Gap: NET-10 asks that a web ACL is associated, not what it runs; NET-52 asks the known-bad-inputs group (Log4j and similar) of API Gateway stages only"},
	{Type: webACL, Path: "rules[name=AWSManagedRulesCommonRuleSet]", To: Delete,
		Reason: "Gap: NET-10 asks that a web ACL is associated, not what it runs"},
	{Type: webACL, Path: "rules[name=AWSManagedRulesCommonRuleSet].overrideAction", To: map[string]any{"count": map[string]any{}}, Rules: []string{"waf-rules-enforced"}, Note: "count only observes"},
	{Type: webACL, Path: "rules[name=rate-limit-per-ip]", To: Delete,
		Reason: "Gap (availability): no rule asks for a rate-based rule"},
	{Type: webACL, Path: "visibilityConfig.cloudwatchMetricsEnabled", To: false, Rules: []string{wafLogs}},
	{Type: webACLLogging, Path: "redactedFields", To: Delete,
		Reason: "Gap: no rule reads redactedFields; the WAF logs would then keep Authorization headers and session cookies (credentials) for six years"},

	// ---- CloudFront (web.StaticSite) ----
	{Type: distribution, Path: "defaultCacheBehavior.viewerProtocolPolicy", To: "allow-all", Rules: []string{cfHTTPS}},
	{Type: distribution, Path: "orderedCacheBehaviors", To: []any{map[string]any{"pathPattern": "/api/*", "targetOriginId": "s3-site-caregiver-portal", "viewerProtocolPolicy": "allow-all",
		"allowedMethods": []any{"GET", "HEAD"}, "cachedMethods": []any{"GET", "HEAD"}, "cachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"}}, Rules: []string{cfHTTPS}, Note: "a second behaviour served over plain HTTP"},
	{Type: distribution, Path: "viewerCertificate.minimumProtocolVersion", To: "TLSv1", Rules: []string{cfTLS}},
	{Type: distribution, Path: "viewerCertificate", To: map[string]any{"cloudfrontDefaultCertificate": true}, Rules: []string{cfTLS}, Note: "the *.cloudfront.net certificate: TLSv1 minimum"},
	{Type: distribution, Path: "origins[0].originAccessControlId", To: Delete, Rules: []string{cfOrigin}},
	{Type: distribution, Path: "webAclId", To: Delete, Rules: []string{wafInFront}},
	{Type: distribution, Path: "restrictions.geoRestriction.restrictionType", To: "none",
		Reason: "Serving only the US is a business choice, not a HIPAA or SOC 2 control"},
	{Type: distribution, Path: "defaultCacheBehavior.responseHeadersPolicyId", To: Delete,
		Reason: "Gap (defence in depth): no rule asks for security headers (HSTS, CSP, frame options); cf-viewer-https still redirects HTTP"},
	{Type: oac, Path: "signingBehavior", To: "never",
		Reason: "Fails closed: the bucket policy admits only signed CloudFront requests, so the site stops serving; nothing is exposed"},
	{Type: headers, Path: "securityHeadersConfig.strictTransportSecurity", To: Delete, Rules: []string{"cloudfront-hsts"}},

	// ---- Alarms (observability.Alarms) ----
	{Type: alarm, Path: "actionsEnabled", To: false, Rules: []string{wafLogs}},
	{Type: alarm, Path: "alarmActions", To: Delete, Rules: []string{wafLogs}},

	// ---- Provider default tags (infra/estate) ----
	{Type: provider, Names: []string{"aws"}, Path: "defaultTags.tags.Owner", To: Delete, Rules: []string{requiredTags}, On: []string{"*"}},
}

// Classification tags: every tagged resource loses its DataClassification
// (TAG-01), which also drives the classification-dependent rules.
func init() {
	extra := map[string][]string{
		// An unclassified bucket is held to PHI's encryption.
		bucket + "::audit-access-logs":     {encS3},
		bucket + "::dr-access-logs":        {encS3},
		bucket + "::site-caregiver-portal": {encS3, sitesNotPHI},
	}
	for _, typ := range taggedTypes {
		var plain []string
		for _, name := range slices.Sorted(maps.Keys(extra)) {
			more := extra[name]
			if t, n, _ := strings.Cut(name, "::"); t == typ {
				Table = append(Table, Row{Type: typ, Names: []string{n}, Path: "tags.DataClassification", To: Delete, Rules: append([]string{requiredTags}, more...)})
				plain = append(plain, n)
			}
		}
		if plain == nil {
			Table = append(Table, Row{Type: typ, Path: "tags.DataClassification", To: Delete, Rules: []string{requiredTags}})
			continue
		}
		Table = append(Table, Row{Type: typ, Except: plain, Path: "tags.DataClassification", To: Delete, Rules: []string{requiredTags}})
	}
}

var taggedTypes = []string{
	kmsKey, bucket, topic, logGroup, role, trail, flowLog, defaultSG, sg, sgIngress, sgEgress, vpcEndpoint, subnetGroup,
	cluster, instance, endpoint, paramGroup, proxy, vault, plan, ecsCluster, ecsService, taskDef, ecrRepo, scaling,
	alb, listener, listenerRule, targetGroup, webACL, distribution, alarm,
	"aws:cloudwatch/logDelivery:LogDelivery", "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination", "aws:cloudwatch/logDeliverySource:LogDeliverySource",
}
