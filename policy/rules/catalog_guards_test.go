package rules

import (
	"strings"
	"testing"
)

// gdCase is one exact verdict of a guard rule on a small stack: the first
// resource is judged by a resource rule; a stack rule sees them all. want
// is the outcome every finding has ("" for none), on the resource it names
// (default: the first), text a substring of one finding's message.
type gdCase struct {
	rule, name string
	rs         []Resource
	deps       map[int]map[string][]int
	want       Outcome
	on, text   string
}

func gdR(typ, name string, props M) Resource { return named(res(typ, props), name) }

const gdAcct = "111122223333"

func gdKeyPolicy(cond string) string {
	c := ""
	if cond != "" {
		c = `,"Condition":` + cond
	}
	return `{"Statement":[{"Sid":"Root","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + gdAcct + `:root"},"Action":"kms:*","Resource":"*"},` +
		`{"Sid":"Logs","Effect":"Allow","Principal":{"Service":"logs.us-east-1.amazonaws.com"},"Action":["kms:Encrypt*","kms:Decrypt*"],"Resource":"*"` + c + `}]}`
}

func gdBucketPolicy(cond string) string {
	c := ""
	if cond != "" {
		c = `,"Condition":` + cond
	}
	return `{"Statement":[{"Sid":"CloudTrailWrites","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::audit/AWSLogs/*"` + c + `}]}`
}

func gdContainers(image any) string {
	if image == nil {
		return `[{"name":"app","image":` + `{"repo":"x"}` + `}]`
	}
	return `[{"name":"app","image":"` + image.(string) + `"}]`
}

// gdAuditStack is a trail writing to a locked bucket, with lock lock.
func gdAuditStack(lock M, trailBucket any) ([]Resource, map[int]map[string][]int) {
	return []Resource{
			gdR(S3BucketV2, "audit", M{"objectLockEnabled": true}),
			gdR(S3ObjectLockConfigV2, "audit-lock", M{"bucket": "audit", "rule": lock}),
			gdR(CloudTrail, "trail", M{"s3BucketName": trailBucket}),
		},
		map[int]map[string][]int{1: {"bucket": {0}}, 2: {"s3BucketName": {0}}}
}

func gdAudit(rule, name string, lock M, want Outcome, text string) gdCase {
	rs, deps := gdAuditStack(lock, "audit")
	return gdCase{rule: rule, name: name, rs: rs, deps: deps, want: want, text: text}
}

func gdAurora(params any, cluster M) ([]Resource, map[int]map[string][]int) {
	cl := M{"engine": "aurora-mysql", "dbClusterParameterGroupName": "pg"}
	for k, v := range cluster {
		cl[k] = v
	}
	return []Resource{
		gdR(RDSCluster, "aurora", cl),
		gdR(RDSClusterParameterGroup, "pg", M{"name": "pg", "family": "aurora-mysql8.0", "parameters": params}),
	}, map[int]map[string][]int{0: {"dbClusterParameterGroupName": {1}}}
}

func gdParamCase(rule, name string, params any, want Outcome, text string) gdCase {
	rs, deps := gdAurora(params, nil)
	return gdCase{rule: rule, name: name, rs: rs, deps: deps, want: want, text: text}
}

func gdP(name string, value any) M { return M{"name": name, "value": value} }

func gdLockStack(lock M) gdCase {
	return gdCase{rs: []Resource{gdR(BackupVault, "vault", M{"name": "v"}), gdR(BackupVaultLock, "lock", lock)},
		deps: map[int]map[string][]int{1: {"backupVaultName": {0}}}}
}

func gdLock(name string, lock M, want Outcome, on, text string) gdCase {
	c := gdLockStack(lock)
	c.rule, c.name, c.want, c.on, c.text = "backup-vault-lock-strength", name, want, on, text
	return c
}

func gdSelection(resources any, want Outcome, on, text, name string) gdCase {
	return gdCase{rule: "backup-selection-names-cluster", name: name,
		rs:   []Resource{gdR(RDSCluster, "aurora", M{"clusterIdentifier": "carestack-prod"}), gdR(BackupSelection, "sel", M{"resources": resources})},
		deps: map[int]map[string][]int{1: {"resources": {0}}}, want: want, on: on, text: text}
}

func gdScaling(min any, lb bool, want Outcome, text, name string) gdCase {
	svc := M{"desiredCount": 2}
	if lb {
		svc["loadBalancers"] = []any{M{"targetGroupArn": "arn:tg"}}
	}
	return gdCase{rule: "ecs-scaling-floor", name: name,
		rs:   []Resource{gdR(AppScalingTarget, "worker", M{"serviceNamespace": "ecs", "minCapacity": min, "maxCapacity": 10}), gdR(ECSService, "svc", svc)},
		deps: map[int]map[string][]int{0: {"resourceId": {1}}}, want: want, text: text}
}

func gdLogTarget(days any, want Outcome, text, name string) gdCase {
	return gdCase{rule: "access-log-retention", name: name,
		rs: []Resource{
			gdR("aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2", "logs-lifecycle", M{"bucket": "logs", "rules": []any{M{"id": "retention", "status": "Enabled", "expiration": M{"days": days}}}}),
			gdR(S3BucketV2, "logs", M{}), gdR(S3BucketV2, "docs", M{}),
			gdR(S3LoggingV2, "docs-logging", M{"bucket": "docs", "targetBucket": "logs"}),
		},
		deps: map[int]map[string][]int{0: {"bucket": {1}}, 3: {"bucket": {2}, "targetBucket": {1}}}, want: want, text: text}
}

func gdReplication(sel any, want Outcome, text, name string) gdCase {
	rule := M{"status": "Enabled", "destination": M{"bucket": "arn:aws:s3:::replica", "encryptionConfiguration": M{"replicaKmsKeyId": "arn:k2"}}}
	if sel != nil {
		rule["sourceSelectionCriteria"] = M{"sseKmsEncryptedObjects": M{"status": sel}}
	}
	return gdCase{rule: "kms-objects-replicated", name: name,
		rs: []Resource{
			gdR(S3ReplicationConfig, "repl", M{"bucket": "docs", "rules": []any{rule}}),
			gdR(S3BucketV2, "docs", M{"tags": M{"DataClassification": "PHI"}}),
			gdR(S3SSEConfigV2, "docs-sse", M{"bucket": "docs", "rules": []any{M{"applyServerSideEncryptionByDefault": M{"sseAlgorithm": "aws:kms", "kmsMasterKeyId": "arn:k"}}}}),
		},
		deps: map[int]map[string][]int{0: {"bucket": {1}}, 2: {"bucket": {1}}}, want: want, text: text}
}

func gdSSE(class string, key any, want Outcome, on, text, name string) gdCase {
	return gdCase{rule: "customer-managed-keys-named", name: name,
		rs: []Resource{
			gdR(S3SSEConfigV2, "docs-sse", M{"bucket": "docs", "rules": []any{M{"applyServerSideEncryptionByDefault": M{"sseAlgorithm": "aws:kms", "kmsMasterKeyId": key}}}}),
			gdR(S3BucketV2, "docs", M{"tags": M{"DataClassification": class}}),
		},
		deps: map[int]map[string][]int{0: {"bucket": {1}}}, want: want, on: on, text: text}
}

func gdOne(rule, name string, r Resource, want Outcome, text string) gdCase {
	return gdCase{rule: rule, name: name, rs: []Resource{r}, want: want, text: text}
}

var guardCases = []gdCase{
	// ENC-15: the confused deputy on key policies.
	gdOne("kms-service-grants-scoped", "service grant pinned by encryption context", gdR(KMSKey, "k", M{"policy": gdKeyPolicy(`{"ArnLike":{"kms:EncryptionContext:aws:logs:arn":"arn:aws:logs:us-east-1:` + gdAcct + `:log-group:*"}}`)}), "", ""),
	gdOne("kms-service-grants-scoped", "service grant pinned by source account", gdR(KMSKey, "k", M{"policy": gdKeyPolicy(`{"StringEquals":{"aws:SourceAccount":"` + gdAcct + `"}}`)}), "", ""),
	gdOne("kms-service-grants-scoped", "no policy: AWS's default trusts the account", gdR(KMSKey, "k", M{"description": "k"}), "", ""),
	gdOne("kms-service-grants-scoped", "service grant without a condition", gdR(KMSKey, "k", M{"policy": gdKeyPolicy("")}), Violation, `statement "Logs" (logs.us-east-1.amazonaws.com)`),
	gdOne("kms-service-grants-scoped", "service grant with an unrelated condition", gdR(KMSKeyPolicy, "k", M{"policy": gdKeyPolicy(`{"Bool":{"aws:SecureTransport":"true"}}`)}), Violation, "confused deputy"),
	gdOne("kms-service-grants-scoped", "policy unknown", gdR(KMSKey, "k", M{"policy": unknown}), Deferred, "policy"),
	gdOne("kms-service-grants-scoped", "policy not JSON", gdR(KMSKey, "k", M{"policy": "{nope"}), Violation, "unexpected shape"),

	// ENC-16: AWS-managed keys named outright.
	gdSSE("PHI", "arn:aws:kms:us-east-1:"+gdAcct+":key/1", "", "", "", "PHI bucket under its CMK"),
	gdSSE("Internal", "alias/aws/s3", "", "", "", "Internal bucket may use aws/s3"),
	gdSSE("Confidential", "alias/aws/s3", Violation, "docs", `AWS-managed key "alias/aws/s3" for Confidential data`, "Confidential bucket on aws/s3"),
	gdSSE("PHI", "arn:aws:kms:us-east-1:"+gdAcct+":alias/aws/s3", Violation, "docs", "AWS-managed key", "PHI bucket on the aws/s3 alias ARN"),
	// Unknown at preview means another resource's output (a key of this
	// stack), never a literal alias: the rule passes instead of deferring.
	gdSSE("PHI", unknown, "", "", "", "key unknown passes"),
	gdSSE("PHI", []any{"alias/aws/s3"}, Violation, "docs-sse", "unexpected shape", "key as a list"),
	gdOne("customer-managed-keys-named", "Confidential topic on aws/sns", gdR(SNSTopic, "alarms", M{"kmsMasterKeyId": "alias/aws/sns", "tags": M{"DataClassification": "Confidential"}}), Violation, "CloudWatch alarms"),
	gdOne("customer-managed-keys-named", "PHI topic left to ENC-04", gdR(SNSTopic, "t", M{"kmsMasterKeyId": "alias/aws/sns", "tags": M{"DataClassification": "PHI"}}), "", ""),
	gdOne("customer-managed-keys-named", "master secret under aws/secretsmanager", gdR(RDSCluster, "aurora", M{"masterUserSecretKmsKeyId": "alias/aws/secretsmanager"}), Violation, "masterUserSecretKmsKeyId"),
	gdOne("customer-managed-keys-named", "Performance Insights under aws/rds", gdR(RDSClusterInstance, "w", M{"performanceInsightsKmsKeyId": "alias/aws/rds"}), Violation, "performanceInsightsKmsKeyId"),

	// TLS-15: TLS versions and the default group.
	gdParamCase("aurora-tls-versions", "TLS 1.2 and 1.3", []any{gdP("tls_version", "TLSv1.2,TLSv1.3")}, "", ""),
	gdParamCase("aurora-tls-versions", "TLS 1.0 admitted", []any{gdP("tls_version", "TLSv1,TLSv1.1,TLSv1.2")}, Violation, "admitting TLSv1"),
	func() gdCase {
		c := gdParamCase("aurora-tls-versions", "parameters unknown", unknown, Deferred, "parameters")
		c.on = "pg"
		return c
	}(),
	func() gdCase {
		c := gdParamCase("aurora-tls-versions", "tls_version a list", []any{gdP("tls_version", []any{"TLSv1"})}, Violation, "unexpected shape")
		c.on = "pg"
		return c
	}(),
	gdOne("aurora-tls-versions", "default parameter group", gdR(RDSCluster, "aurora", M{"engine": "aurora-mysql"}), Violation, "require_secure_transport is OFF"),

	// TLS-16: Aurora instances' CA.
	gdOne("aurora-instance-current-ca", "current CA", gdR(RDSClusterInstance, "w", M{"caCertIdentifier": "rds-ca-rsa2048-g1"}), "", ""),
	gdOne("aurora-instance-current-ca", "unset: AWS picks a current CA", gdR(RDSClusterInstance, "w", M{}), "", ""),
	gdOne("aurora-instance-current-ca", "expired CA", gdR(RDSClusterInstance, "w", M{"caCertIdentifier": "rds-ca-2019"}), Violation, `"rds-ca-2019"`),
	gdOne("aurora-instance-current-ca", "CA unknown", gdR(RDSClusterInstance, "w", M{"caCertIdentifier": unknown}), Deferred, "caCertIdentifier"),
	gdOne("aurora-instance-current-ca", "CA a number", gdR(RDSClusterInstance, "w", M{"caCertIdentifier": 2019}), Violation, "unexpected shape"),

	// IAM-15: default usernames on clusters.
	gdOne("rds-cluster-default-username", "own username", gdR(RDSCluster, "c", M{"masterUsername": "carestack_admin"}), "", ""),
	gdOne("rds-cluster-default-username", "admin", gdR(RDSCluster, "c", M{"masterUsername": "Admin"}), Violation, "well-known default"),
	gdOne("rds-cluster-default-username", "restored from a snapshot", gdR(RDSCluster, "c", M{"masterUsername": "admin", "snapshotIdentifier": "snap"}), "", ""),
	gdOne("rds-cluster-default-username", "username unknown", gdR(RDSCluster, "c", M{"masterUsername": unknown}), Deferred, "masterUsername"),
	gdOne("rds-cluster-default-username", "username a list", gdR(RDSCluster, "c", M{"masterUsername": []any{"admin"}}), Violation, "unexpected shape"),

	// IAM-16: images from ECR.
	gdOne("container-images-from-ecr", "ECR image", gdR(ECSTaskDefinition, "td", M{"containerDefinitions": gdContainers(gdAcct + ".dkr.ecr.us-east-1.amazonaws.com/app:1.0")}), "", ""),
	gdOne("container-images-from-ecr", "Docker Hub image", gdR(ECSTaskDefinition, "td", M{"containerDefinitions": gdContainers("docker.io/library/nginx:latest")}), Violation, `container "app" runs "docker.io/library/nginx:latest"`),
	gdOne("container-images-from-ecr", "public ECR gallery", gdR(ECSTaskDefinition, "td", M{"containerDefinitions": gdContainers("public.ecr.aws/nginx/nginx:1")}), Violation, "not from a private ECR registry"),
	gdOne("container-images-from-ecr", "definitions unknown", gdR(ECSTaskDefinition, "td", M{"containerDefinitions": unknown}), Deferred, "containerDefinitions"),
	gdOne("container-images-from-ecr", "image a map", gdR(ECSTaskDefinition, "td", M{"containerDefinitions": gdContainers(nil)}), Violation, "unexpected shape"),

	// NET-15: DB subnet groups off the public tier.
	gdOne("db-subnet-group-isolated", "isolated subnets", gdR(RDSSubnetGroup, "db", M{"subnetIds": []any{"subnet-isolated-1", "subnet-0abc"}}), "", ""),
	gdOne("db-subnet-group-isolated", "public subnets", gdR(RDSSubnetGroup, "db", M{"subnetIds": []any{"subnet-public-1"}}), Violation, "public-tier subnet"),
	{rule: "db-subnet-group-isolated", name: "a subnet tagged Tier=public", rs: []Resource{gdR(RDSSubnetGroup, "db", M{"subnetIds": []any{"subnet-0abc"}}), gdR(Subnet, "pub", M{"tags": M{"Tier": "public"}})},
		deps: map[int]map[string][]int{0: {"subnetIds": {1}}}, want: Violation, text: "public-tier subnet pub"},
	gdOne("db-subnet-group-isolated", "subnets unknown", gdR(RDSSubnetGroup, "db", M{"subnetIds": unknown}), Deferred, "subnetIds"),
	gdOne("db-subnet-group-isolated", "subnets a string", gdR(RDSSubnetGroup, "db", M{"subnetIds": "subnet-1"}), Violation, "unexpected shape"),

	// AVL-15: vault lock strength.
	gdLock("locked for the plan's 35 days, immutable after 3", M{"backupVaultName": "v", "minRetentionDays": 35, "changeableForDays": 3}, "", "", ""),
	gdLock("one day minimum", M{"backupVaultName": "v", "minRetentionDays": 1, "changeableForDays": 3}, Violation, "vault", "minRetentionDays 1"),
	gdLock("removable for a year", M{"backupVaultName": "v", "minRetentionDays": 35, "changeableForDays": 365}, Violation, "vault", "removable for 365 days"),
	gdLock("governance forever", M{"backupVaultName": "v", "minRetentionDays": 35}, Violation, "vault", "governance mode"),
	gdLock("unknown", M{"backupVaultName": "v", "minRetentionDays": unknown, "changeableForDays": unknown}, Deferred, "lock", "unknown"),
	gdLock("days a string", M{"backupVaultName": "v", "minRetentionDays": "many", "changeableForDays": 3}, Violation, "lock", "unexpected shape"),

	// AVL-16: copy retention.
	gdOne("backup-copy-retention", "copies kept 35 days", gdR(BackupPlan, "p", M{"rules": []any{M{"copyActions": []any{M{"lifecycle": M{"deleteAfter": 35}}}}}}), "", ""),
	gdOne("backup-copy-retention", "copies kept forever", gdR(BackupPlan, "p", M{"rules": []any{M{"copyActions": []any{M{"destinationVaultArn": "arn:v"}}}}}), "", ""),
	gdOne("backup-copy-retention", "copies kept a week", gdR(BackupPlan, "p", M{"rules": []any{M{"copyActions": []any{M{"lifecycle": M{"deleteAfter": 7}}}}}}), Violation, "deleteAfter is 7"),
	gdOne("backup-copy-retention", "copy lifecycle unknown", gdR(BackupPlan, "p", M{"rules": []any{M{"copyActions": []any{M{"lifecycle": M{"deleteAfter": unknown}}}}}}), Deferred, "deleteAfter"),
	gdOne("backup-copy-retention", "deleteAfter a map", gdR(BackupPlan, "p", M{"rules": []any{M{"copyActions": []any{M{"lifecycle": M{"deleteAfter": M{"d": 1}}}}}}}), Violation, "unexpected shape"),

	// AVL-17: the selection names the cluster.
	gdSelection([]any{"arn:aws:rds:us-east-1:" + gdAcct + ":cluster:carestack-prod"}, "", "", "", "the cluster's ARN"),
	gdSelection([]any{"arn:aws:rds:us-east-1:" + gdAcct + ":cluster:some-other-cluster"}, Violation, "aurora", "no longer names the cluster", "another cluster"),
	gdSelection([]any{}, Violation, "aurora", "no longer names the cluster", "empty"),
	gdSelection(unknown, Deferred, "sel", "resources", "unknown"),
	gdSelection("arn:aws:rds:x", Violation, "sel", "unexpected shape", "a string"),

	// AVL-18: every ECS scaling floor.
	gdScaling(3, false, "", "", "worker at three"),
	gdScaling(1, false, Violation, "minCapacity is 1", "worker at one"),
	gdScaling(1, true, "", "", "load-balanced: AVL-06 judges it"),
	gdScaling(unknown, false, Deferred, "minCapacity", "unknown"),
	gdScaling("two", false, Violation, "unexpected shape", "a word"),

	// LOG-15: access-log retention.
	gdLogTarget(400, "", "", "kept 400 days"),
	gdLogTarget(30, Violation, "expiration.days is 30", "kept 30 days"),
	gdLogTarget(unknown, Deferred, "expiration.days", "unknown"),
	gdLogTarget("long", Violation, "unexpected shape", "a word"),

	// LOG-16: management events.
	gdOne("trail-management-events", "management selector", gdR(CloudTrail, "t", M{"advancedEventSelectors": []any{M{"name": "m", "fieldSelectors": []any{M{"field": "eventCategory", "equals": []any{"Management"}}}}}}), "", ""),
	gdOne("trail-management-events", "no selectors: AWS's default", gdR(CloudTrail, "t", M{"s3BucketName": "b"}), "", ""),
	gdOne("trail-management-events", "data events only", gdR(CloudTrail, "t", M{"advancedEventSelectors": []any{M{"name": "d", "fieldSelectors": []any{M{"field": "eventCategory", "equals": []any{"Data"}}}}}}), Violation, "records no API calls"),
	gdOne("trail-management-events", "basic selectors without management", gdR(CloudTrail, "t", M{"eventSelectors": []any{M{"includeManagementEvents": false}}}), Violation, "includeManagementEvents false"),
	gdOne("trail-management-events", "selectors unknown", gdR(CloudTrail, "t", M{"advancedEventSelectors": unknown}), Deferred, "advancedEventSelectors"),
	gdOne("trail-management-events", "selectors a string", gdR(CloudTrail, "t", M{"advancedEventSelectors": "all"}), Violation, "unexpected shape"),

	// LOG-17: the trail's bucket.
	func() gdCase {
		rs, deps := gdAuditStack(M{"defaultRetention": M{"mode": "COMPLIANCE", "days": 2192}}, "audit")
		return gdCase{rule: "trail-bucket-in-stack", name: "the stack's bucket", rs: rs, deps: deps}
	}(),
	func() gdCase {
		rs, deps := gdAuditStack(M{"defaultRetention": M{"mode": "COMPLIANCE", "days": 2192}}, "some-other-bucket")
		return gdCase{rule: "trail-bucket-in-stack", name: "another bucket", rs: rs, deps: deps, want: Violation, on: "trail", text: `"some-other-bucket", not a bucket of this stack`}
	}(),
	gdOne("trail-bucket-in-stack", "a central bucket named outright", gdR(CloudTrail, "trail", M{"s3BucketName": "org-log-archive"}), "", ""),
	func() gdCase {
		rs, deps := gdAuditStack(M{"defaultRetention": M{"mode": "COMPLIANCE", "days": 2192}}, unknown)
		return gdCase{rule: "trail-bucket-in-stack", name: "unknown name of the stack's bucket", rs: rs, deps: deps}
	}(),
	gdOne("trail-bucket-in-stack", "unknown name of no bucket", gdR(CloudTrail, "trail", M{"s3BucketName": unknown}), Deferred, "s3BucketName"),
	gdOne("trail-bucket-in-stack", "name a list", gdR(CloudTrail, "trail", M{"s3BucketName": []any{"b"}}), Violation, "unexpected shape"),

	// LOG-18: audit parameters.
	gdParamCase("aurora-audit-parameters", "audit on", []any{gdP("server_audit_logging", "1"), gdP("server_audit_events", "CONNECT,QUERY_DCL,QUERY_DDL")}, "", ""),
	gdParamCase("aurora-audit-parameters", "audit off", []any{gdP("server_audit_logging", "0")}, Violation, "records nothing"),
	gdParamCase("aurora-audit-parameters", "DML only", []any{gdP("server_audit_events", "QUERY_DML")}, Violation, "without CONNECT, QUERY_DCL, QUERY_DDL"),
	func() gdCase {
		c := gdParamCase("aurora-audit-parameters", "parameters unknown", unknown, Deferred, "parameters")
		c.on = "pg"
		return c
	}(),
	func() gdCase {
		c := gdParamCase("aurora-audit-parameters", "audit flag a list", []any{gdP("server_audit_logging", []any{0})}, Violation, "unexpected shape")
		c.on = "pg"
		return c
	}(),

	// LOG-19: exec log destination.
	gdOne("ecs-exec-log-destination", "encrypted group", gdR(ECSCluster, "c", M{"configuration": M{"executeCommandConfiguration": M{"logging": "OVERRIDE", "logConfiguration": M{"cloudWatchLogGroupName": "/exec", "cloudWatchEncryptionEnabled": true}}}}), "", ""),
	gdOne("ecs-exec-log-destination", "no configuration", gdR(ECSCluster, "c", M{}), "", ""),
	gdOne("ecs-exec-log-destination", "group unencrypted", gdR(ECSCluster, "c", M{"configuration": M{"executeCommandConfiguration": M{"logging": "OVERRIDE", "logConfiguration": M{"cloudWatchLogGroupName": "/exec", "cloudWatchEncryptionEnabled": false}}}}), Violation, "cloudWatchEncryptionEnabled is false"),
	gdOne("ecs-exec-log-destination", "no destination", gdR(ECSCluster, "c", M{"configuration": M{"executeCommandConfiguration": M{"logging": "OVERRIDE"}}}), Violation, "logged nowhere"),
	gdOne("ecs-exec-log-destination", "encryption unknown", gdR(ECSCluster, "c", M{"configuration": M{"executeCommandConfiguration": M{"logging": "OVERRIDE", "logConfiguration": M{"cloudWatchLogGroupName": "/exec", "cloudWatchEncryptionEnabled": unknown}}}}), Deferred, "cloudWatchEncryptionEnabled"),
	gdOne("ecs-exec-log-destination", "encryption a map", gdR(ECSCluster, "c", M{"configuration": M{"executeCommandConfiguration": M{"logging": "OVERRIDE", "logConfiguration": M{"cloudWatchLogGroupName": "/exec", "cloudWatchEncryptionEnabled": M{"on": true}}}}}), Violation, "unexpected shape"),

	// DP-15: the audit lock.
	gdAudit("audit-lock-retention", "six years COMPLIANCE", M{"defaultRetention": M{"mode": "COMPLIANCE", "days": 2192}}, "", ""),
	gdAudit("audit-lock-retention", "six years as years", M{"defaultRetention": M{"mode": "COMPLIANCE", "years": 7}}, "", ""),
	gdAudit("audit-lock-retention", "30 days", M{"defaultRetention": M{"mode": "COMPLIANCE", "days": 30}}, Violation, "less than 2192 days"),
	gdAudit("audit-lock-retention", "GOVERNANCE", M{"defaultRetention": M{"mode": "GOVERNANCE", "days": 2192}}, Violation, `"GOVERNANCE" mode`),
	gdAudit("audit-lock-retention", "no default retention", M{}, Violation, "no rule.defaultRetention"),
	{rule: "audit-lock-retention", name: "retention unknown", rs: func() []Resource { rs, _ := gdAuditStack(M{"defaultRetention": unknown}, "audit"); return rs }(),
		deps: map[int]map[string][]int{1: {"bucket": {0}}, 2: {"s3BucketName": {0}}}, want: Deferred, on: "audit-lock", text: "defaultRetention"},
	{rule: "audit-lock-retention", name: "days a string", rs: func() []Resource {
		rs, _ := gdAuditStack(M{"defaultRetention": M{"mode": "COMPLIANCE", "days": "six years"}}, "audit")
		return rs
	}(), deps: map[int]map[string][]int{1: {"bucket": {0}}, 2: {"s3BucketName": {0}}}, want: Violation, on: "audit-lock", text: "unexpected shape"},

	// DP-16: service writes to buckets.
	gdOne("service-writes-to-buckets-scoped", "pinned to the trail", gdR(S3BucketPolicy, "p", M{"policy": gdBucketPolicy(`{"StringEquals":{"aws:SourceArn":"arn:aws:cloudtrail:us-east-1:` + gdAcct + `:trail/t"}}`)}), "", ""),
	gdOne("service-writes-to-buckets-scoped", "unpinned", gdR(S3BucketPolicy, "p", M{"policy": gdBucketPolicy("")}), Violation, `statement "CloudTrailWrites" (cloudtrail.amazonaws.com)`),
	gdOne("service-writes-to-buckets-scoped", "policy unknown", gdR(S3BucketPolicy, "p", M{"policy": unknown}), Deferred, "policy"),
	gdOne("service-writes-to-buckets-scoped", "policy a number", gdR(S3BucketPolicy, "p", M{"policy": 7}), Violation, "unexpected shape"),

	// DP-17: KMS objects replicated.
	gdReplication("Enabled", "", "", "KMS objects replicated"),
	gdReplication("Disabled", Violation, "the copy stays empty", "KMS objects left behind"),
	gdReplication(nil, Violation, "names a replica KMS key", "unset with a replica key"),
	gdReplication(unknown, Deferred, "sseKmsEncryptedObjects", "unknown"),
	gdReplication([]any{"Enabled"}, Violation, "unexpected shape", "a list"),

	// DP-18: statements kept out of logs.
	gdOne("no-statement-logging", "proxy without debug logging", gdR(RDSProxy, "px", M{"debugLogging": false}), "", ""),
	gdOne("no-statement-logging", "proxy debug logging", gdR(RDSProxy, "px", M{"debugLogging": true}), Violation, "debugLogging is true"),
	gdOne("no-statement-logging", "debug logging unknown", gdR(RDSProxy, "px", M{"debugLogging": unknown}), Deferred, "debugLogging"),
	gdOne("no-statement-logging", "debug logging a list", gdR(RDSProxy, "px", M{"debugLogging": []any{true}}), Violation, "unexpected shape"),
	gdParamCase("no-statement-logging", "general log on", []any{gdP("general_log", "1")}, Violation, "every statement"),
	gdParamCase("no-statement-logging", "general log off", []any{gdP("general_log", "0")}, "", ""),
}

func TestGuardRulesGiveExactVerdicts(t *testing.T) {
	for _, tc := range guardCases {
		t.Run(tc.rule+"/"+tc.name, func(t *testing.T) {
			r := ByName(tc.rule)
			if r == nil {
				t.Fatalf("no rule %s", tc.rule)
			}
			rs := stack(append([]Resource(nil), tc.rs...), tc.deps)
			var got []Finding
			if r.Scope == ScopeStack {
				got = RunStack(r, NewStack(rs), nil)
			} else {
				got = RunResource(r, &rs[0], nil)
			}
			if tc.want == "" {
				if len(got) != 0 {
					t.Fatalf("want no findings, got %+v", got)
				}
				return
			}
			on := tc.on
			if on == "" {
				on = tc.rs[0].Name
			}
			matched := false
			for _, f := range got {
				if f.Rule != tc.rule || f.Outcome != tc.want || f.Name != on {
					t.Errorf("finding %s %s on %s, want %s %s on %s: %s", f.Rule, f.Outcome, f.Name, tc.rule, tc.want, on, f.Message)
				}
				if strings.Contains(f.Message, "could not evaluate") {
					t.Fatalf("the rule panicked: %s", f.Message)
				}
				matched = matched || strings.Contains(f.Message, tc.text)
			}
			if len(got) == 0 || !matched {
				t.Fatalf("want a %s containing %q, got %+v", tc.want, tc.text, got)
			}
			if tc.want == Violation && !strings.Contains(got[0].Message, r.Controls()) {
				t.Errorf("message lacks the controls %s: %s", r.Controls(), got[0].Message)
			}
		})
	}
}

// Every guard rule has a compliant, a violating, an unknown and a
// wrong-shape case above.
func TestEveryGuardRuleHasItsFourCases(t *testing.T) {
	type kinds struct{ ok, bad, unknown, shape bool }
	seen := map[string]*kinds{}
	for _, tc := range guardCases {
		k := seen[tc.rule]
		if k == nil {
			k = &kinds{}
			seen[tc.rule] = k
		}
		switch {
		case tc.want == "" && strings.Contains(tc.name, "unknown"):
			k.unknown = true // a presence check: unknown counts as set
		case tc.want == "":
			k.ok = true
		case tc.want == Deferred:
			k.unknown = true
		case strings.Contains(tc.text, "unexpected shape"):
			k.shape = true
		default:
			k.bad = true
		}
	}
	for _, r := range guardRules {
		k := seen[r.Name]
		if k == nil || !k.ok || !k.bad || !k.unknown || !k.shape {
			t.Errorf("%s: cases compliant/violating/unknown/wrong-shape = %+v", r.Name, k)
		}
	}
}

func init() {
	for _, tc := range guardCases {
		if tc.want == Violation {
			registerViolating(tc.rule, stack(append([]Resource(nil), tc.rs...), tc.deps)...)
		}
	}
}
