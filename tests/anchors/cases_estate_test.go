package anchors

import "github.com/carestack/carestack/policy/rules"

// Cases for the types the shipped estate's rules read (S3, CloudTrail, KMS,
// SNS, CloudWatch Logs and alarms, load balancers (Classic too), CloudFront,
// IAM, VPC networking, ECS clusters and services, ECR, AWS Backup, DMS, WAF
// and Secrets Manager), written from the anchors' rule texts: AWS Config's
// "Operational Best Practices for HIPAA Security" pack and each rule's page
// in the AWS Config guide, cdk-nag's HIPAA.Security pack
// (src/rules/<service>/*.ts), checkov's terraform checks
// (checkov/terraform/checks/resource/aws/*.py, graph_checks/aws/*.yaml) and
// Prowler's AWS checks (<check>.metadata.json). Each area has one compliant
// stack that does everything the anchors ask, cited by every anchor rule it
// answers, and violating stacks that differ from it in one requirement.
// Shapes are pulumi-aws v6.83.4's (the `pulumi:"..."` tags).

const (
	estAcct    = "111122223333"
	estKey     = "arn:aws:kms:us-east-1:111122223333:key/4e1b7c2d-8f3a-4d6e-9b0c-1a2b3c4d5e6f"
	estLogsKey = "arn:aws:kms:us-east-1:111122223333:key/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
	estCert    = "arn:aws:acm:us-east-1:111122223333:certificate/2f1e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b"
	estTLS13   = "ELBSecurityPolicy-TLS13-1-2-2021-06"
	estTrust   = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"}}}]}`
)

// eSet copies props and sets each key to its value (nil deletes it).
func eSet(props map[string]any, kv ...any) map[string]any {
	out := make(map[string]any, len(props))
	for k, v := range props {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == nil {
			delete(out, kv[i].(string))
			continue
		}
		out[kv[i].(string)] = kv[i+1]
	}
	return out
}

// eM builds a map from key/value pairs.
func eM(kv ...any) map[string]any { return eSet(nil, kv...) }

// eMod is the stack with one resource's inputs changed.
func eMod(stack []R, name string, kv ...any) []R {
	out := make([]R, len(stack))
	copy(out, stack)
	for i := range out {
		if out[i].Name == name {
			out[i].Props = eSet(out[i].Props, kv...)
		}
	}
	return out
}

// eDrop is the stack without the named resources.
func eDrop(stack []R, names ...string) []R {
	var out []R
	for _, r := range stack {
		keep := true
		for _, n := range names {
			keep = keep && r.Name != n
		}
		if keep {
			out = append(out, r)
		}
	}
	return out
}

func ePlus(stack []R, rs ...R) []R { return append(append([]R{}, stack...), rs...) }

func eOK(anchor, name string, stack []R) Case { return Case{Anchor: anchor, Name: name, Stack: stack} }

func eBad(anchor, name string, want string, stack []R) Case {
	return Case{Anchor: anchor, Name: name, Violating: true, Want: []string{want}, Stack: stack}
}

// dep says an input came from the named resources.
func dep(kv ...any) map[string][]string {
	out := map[string][]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i].(string)] = append(out[kv[i].(string)], kv[i+1].([]string)...)
	}
	return out
}

func names(n ...string) []string { return n }

// --- S3 ---

// eBucket is a bucket with everything the anchors ask of it, its
// side-by-side configurations named <name>-<config>: KMS default
// encryption, all four public access blocks, versioning, access logs to
// another bucket and a policy denying plaintext. class PHI adds the key
// (in the stack, protected), replication to the DR region and protection.
func eBucket(name, class string) []R {
	b := R{Type: rules.S3BucketV2, Name: name, Class: class, Props: eM("bucket", "carestack-"+name)}
	key := estKey
	var rs []R
	if class == "PHI" {
		rs = append(rs, R{Type: rules.KMSKey, Name: name + "-key", Class: "PHI", Protect: true,
			Props: eM("description", "PHI bucket key", "enableKeyRotation", true, "deletionWindowInDays", 30)})
		key = ""
		b.Protect = true
	}
	sse := eM("bucket", Unknown{}, "rules", []any{eM("applyServerSideEncryptionByDefault", eM("sseAlgorithm", "aws:kms", "kmsMasterKeyId", key), "bucketKeyEnabled", true)})
	sseDeps := dep("bucket", names(name))
	if key == "" {
		sse = eM("bucket", Unknown{}, "rules", []any{eM("applyServerSideEncryptionByDefault", eM("sseAlgorithm", "aws:kms", "kmsMasterKeyId", Unknown{}), "bucketKeyEnabled", true)})
		sseDeps = dep("bucket", names(name), "rules", names(name+"-key"))
	}
	rs = append(rs, b,
		R{Type: rules.S3SSEConfigV2, Name: name + "-sse", Props: sse, Deps: sseDeps},
		R{Type: rules.S3PublicAccessBlock, Name: name + "-pab", Props: eM("bucket", Unknown{}, "blockPublicAcls", true, "blockPublicPolicy", true, "ignorePublicAcls", true, "restrictPublicBuckets", true), Deps: dep("bucket", names(name))},
		R{Type: rules.S3VersioningV2, Name: name + "-versioning", Props: eM("bucket", Unknown{}, "versioningConfiguration", eM("status", "Enabled")), Deps: dep("bucket", names(name))},
		R{Type: rules.S3LoggingV2, Name: name + "-logging", Props: eM("bucket", Unknown{}, "targetBucket", "carestack-access-logs", "targetPrefix", name+"/"), Deps: dep("bucket", names(name))},
		R{Type: rules.S3BucketPolicy, Name: name + "-policy", Props: eM("bucket", Unknown{}, "policy", `{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::carestack-`+name+`","arn:aws:s3:::carestack-`+name+`/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`), Deps: dep("bucket", names(name))},
	)
	if class == "PHI" {
		rs = append(rs, R{Type: rules.S3ReplicationConfig, Name: name + "-replication", Props: eM("bucket", Unknown{}, "role", "arn:aws:iam::111122223333:role/replication",
			"rules", []any{eM("id", "all", "status", "Enabled", "filter", eM("prefix", ""), "deleteMarkerReplication", eM("status", "Enabled"),
				"destination", eM("bucket", "arn:aws:s3:::carestack-"+name+"-dr", "storageClass", "STANDARD"))}), Deps: dep("bucket", names(name))})
	}
	return rs
}

func init() {
	conf := eBucket("records", "Confidential")
	sse := "CFG s3-bucket-server-side-encryption-enabled; CFG s3-default-encryption-kms; CN HIPAA.Security-S3DefaultEncryptionKMS; CK CKV_AWS_19; CK CKV_AWS_145; PR s3_bucket_default_encryption; PR s3_bucket_kms_encryption"
	add(
		eOK(sse+"; CFG s3-bucket-logging-enabled; CN HIPAA.Security-S3BucketLoggingEnabled; CK CKV_AWS_18; PR s3_bucket_server_access_logging_enabled; CFG s3-bucket-versioning-enabled; CN HIPAA.Security-S3BucketVersioningEnabled; CK CKV_AWS_21; PR s3_bucket_object_versioning; CFG s3-bucket-ssl-requests-only; CN HIPAA.Security-S3BucketSSLRequestsOnly; PR s3_bucket_secure_transport_policy; CN HIPAA.Security-S3BucketLevelPublicAccessProhibited; CK CKV_AWS_53; CK CKV_AWS_54; CK CKV_AWS_55; CK CKV_AWS_56; CK CKV2_AWS_6; PR s3_bucket_level_public_access_block; CFG s3-bucket-acl-prohibited; CK CKV2_AWS_65; PR s3_bucket_acl_prohibited; "+
			"CFG s3-bucket-public-read-prohibited; CFG s3-bucket-public-write-prohibited; CN HIPAA.Security-S3BucketPublicReadProhibited; CN HIPAA.Security-S3BucketPublicWriteProhibited; CK CKV_AWS_20; CK CKV_AWS_57; CK CKV_AWS_70; PR s3_bucket_public_access; PR s3_bucket_public_list_acl; PR s3_bucket_public_write_acl; PR s3_bucket_policy_public_write_access",
			"confidential bucket with KMS default encryption, public access blocks, versioning, access logs and a TLS-only policy", conf),
		eBad(sse, "confidential bucket encrypted with SSE-S3 (AES256)", "s3-sse-kms",
			eMod(conf, "records-sse", "rules", []any{eM("applyServerSideEncryptionByDefault", eM("sseAlgorithm", "AES256"))})),
		eBad(sse, "confidential bucket without a default encryption configuration", "s3-sse-kms", eDrop(conf, "records-sse")),
		eOK(sse, "BucketV2 with the deprecated inline KMS encryption (plural lists)",
			eMod(eDrop(conf, "records-sse"), "records", "serverSideEncryptionConfigurations", []any{eM("rules", []any{eM(
				"applyServerSideEncryptionByDefaults", []any{eM("sseAlgorithm", "aws:kms", "kmsMasterKeyId", estKey)}, "bucketKeyEnabled", true)})})),
		eBad(sse, "BucketV2 with inline AES256 encryption", "s3-sse-kms",
			eMod(eDrop(conf, "records-sse"), "records", "serverSideEncryptionConfigurations", []any{eM("rules", []any{eM(
				"applyServerSideEncryptionByDefaults", []any{eM("sseAlgorithm", "AES256")})})})),
		eBad("CFG s3-bucket-ssl-requests-only; CN HIPAA.Security-S3BucketSSLRequestsOnly; PR s3_bucket_secure_transport_policy",
			"bucket policy without a deny on aws:SecureTransport false", "s3-deny-insecure-transport",
			eMod(conf, "records-policy", "policy", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/app"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::carestack-records/*"}]}`)),
		eBad("CFG s3-bucket-ssl-requests-only; CN HIPAA.Security-S3BucketSSLRequestsOnly; PR s3_bucket_secure_transport_policy",
			"bucket without a policy", "s3-deny-insecure-transport", eDrop(conf, "records-policy")),
		eBad("CN HIPAA.Security-S3BucketLevelPublicAccessProhibited; CK CKV_AWS_54; PR s3_bucket_level_public_access_block",
			"public access block that allows public policies", "s3-public-access-block", eMod(conf, "records-pab", "blockPublicPolicy", false)),
		eBad("CK CKV_AWS_53; CK CKV_AWS_55", "public access block that allows public ACLs", "s3-public-access-block", eMod(conf, "records-pab", "blockPublicAcls", false, "ignorePublicAcls", false)),
		eBad("CK CKV_AWS_56; CK CKV2_AWS_6", "bucket without a public access block", "s3-public-access-block", eDrop(conf, "records-pab")),
		eBad("CFG s3-bucket-public-read-prohibited; CN HIPAA.Security-S3BucketPublicReadProhibited; CK CKV_AWS_20; PR s3_bucket_public_access; PR s3_bucket_public_list_acl",
			"bucket ACL public-read", "s3-acls-disabled",
			ePlus(conf, R{Type: rules.S3BucketAclV2, Name: "records-acl", Props: eM("bucket", Unknown{}, "acl", "public-read"), Deps: dep("bucket", names("records"))})),
		eBad("CFG s3-bucket-public-write-prohibited; CN HIPAA.Security-S3BucketPublicWriteProhibited; CK CKV_AWS_57; PR s3_bucket_public_write_acl",
			"bucket ACL granting WRITE to all users", "s3-acls-disabled",
			ePlus(conf, R{Type: rules.S3BucketAclV2, Name: "records-acl", Props: eM("bucket", Unknown{}, "accessControlPolicy", eM(
				"owner", eM("id", "owner-canonical-id"),
				"grants", []any{eM("permission", "WRITE", "grantee", eM("type", "Group", "uri", "http://acs.amazonaws.com/groups/global/AllUsers"))})), Deps: dep("bucket", names("records"))})),
		eBad("CFG s3-bucket-acl-prohibited; CK CKV2_AWS_65; PR s3_bucket_acl_prohibited",
			"ObjectWriter ownership with a grant to another account", "s3-acls-disabled",
			ePlus(conf,
				R{Type: rules.S3OwnershipControls, Name: "records-ownership", Props: eM("bucket", Unknown{}, "rule", eM("objectOwnership", "ObjectWriter")), Deps: dep("bucket", names("records"))},
				R{Type: rules.S3BucketAclV2, Name: "records-acl", Props: eM("bucket", Unknown{}, "accessControlPolicy", eM("owner", eM("id", "owner-canonical-id"),
					"grants", []any{eM("permission", "FULL_CONTROL", "grantee", eM("type", "CanonicalUser", "id", "owner-canonical-id")),
						eM("permission", "READ", "grantee", eM("type", "CanonicalUser", "id", "partner-canonical-id"))})), Deps: dep("bucket", names("records"))})),
		eBad("CK CKV_AWS_70; PR s3_bucket_policy_public_write_access; PR s3_bucket_public_access",
			"bucket policy letting anyone put objects", "resource-policies-not-public",
			eMod(conf, "records-policy", "policy", `{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::carestack-records","arn:aws:s3:::carestack-records/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}},{"Effect":"Allow","Principal":"*","Action":["s3:PutObject","s3:GetObject"],"Resource":"arn:aws:s3:::carestack-records/*"}]}`)),
		eBad("CFG s3-bucket-logging-enabled; CN HIPAA.Security-S3BucketLoggingEnabled; CK CKV_AWS_18; PR s3_bucket_server_access_logging_enabled",
			"bucket without server access logging", "s3-access-logging", eDrop(conf, "records-logging")),
		eBad("CFG s3-bucket-versioning-enabled; CN HIPAA.Security-S3BucketVersioningEnabled; CK CKV_AWS_21; PR s3_bucket_object_versioning",
			"bucket with versioning suspended", "s3-versioning", eMod(conf, "records-versioning", "versioningConfiguration", eM("status", "Suspended"))),
		eBad("CFG s3-bucket-versioning-enabled; CK CKV_AWS_21", "bucket without versioning", "s3-versioning", eDrop(conf, "records-versioning")),
	)

	// The legacy aws:s3/bucket:Bucket keeps every setting inline, in single blocks.
	legacy := []R{{Type: rules.S3Bucket, Name: "archive", Class: "Confidential", Props: eM(
		"bucket", "carestack-archive",
		"serverSideEncryptionConfiguration", eM("rule", eM("applyServerSideEncryptionByDefault", eM("sseAlgorithm", "aws:kms", "kmsMasterKeyId", estKey), "bucketKeyEnabled", true)),
		"versioning", eM("enabled", true),
		"loggings", []any{eM("targetBucket", "carestack-access-logs", "targetPrefix", "archive/")},
		"policy", `{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::carestack-archive","arn:aws:s3:::carestack-archive/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`)},
		{Type: rules.S3PublicAccessBlock, Name: "archive-pab", Props: eM("bucket", Unknown{}, "blockPublicAcls", true, "blockPublicPolicy", true, "ignorePublicAcls", true, "restrictPublicBuckets", true), Deps: dep("bucket", names("archive"))},
	}
	add(
		eOK(sse+"; CFG s3-bucket-versioning-enabled; CFG s3-bucket-logging-enabled", "legacy bucket with inline KMS encryption, versioning and logging", legacy),
		eBad(sse, "legacy bucket with inline AES256", "s3-sse-kms", eMod(legacy, "archive", "serverSideEncryptionConfiguration", eM("rule", eM("applyServerSideEncryptionByDefault", eM("sseAlgorithm", "AES256"))))),
		eBad("CFG s3-bucket-versioning-enabled; CK CKV_AWS_21", "legacy bucket with inline versioning off", "s3-versioning", eMod(legacy, "archive", "versioning", eM("enabled", false))),
		eBad("CFG s3-bucket-logging-enabled; CK CKV_AWS_18", "legacy bucket without logging", "s3-access-logging", eMod(legacy, "archive", "loggings", nil)),
		eBad("CFG s3-bucket-public-read-prohibited; CK CKV_AWS_20", "legacy bucket with a public-read canned ACL", "s3-acls-disabled", eMod(legacy, "archive", "acl", "public-read")),
	)

	phi := eBucket("visits", "PHI")
	repl := "CFG s3-bucket-replication-enabled; CN HIPAA.Security-S3BucketReplicationEnabled; CK CKV_AWS_144; PR s3_bucket_cross_region_replication"
	add(
		eOK(repl, "PHI bucket replicating to the DR region", phi),
		eBad(repl, "PHI bucket without replication", "s3-replication-dr", eDrop(phi, "visits-replication")),
		eBad(repl, "PHI bucket whose replication rule is disabled", "s3-replication-dr",
			eMod(phi, "visits-replication", "rules", []any{eM("id", "all", "status", "Disabled", "destination", eM("bucket", "arn:aws:s3:::carestack-visits-dr"))})),
	)
}

// --- CloudTrail ---

func eTrail(kv ...any) R {
	return R{Type: rules.CloudTrail, Name: "trail", Class: "Confidential", Props: eSet(eM(
		"name", "carestack", "s3BucketName", "carestack-audit-logs", "isMultiRegionTrail", true, "includeGlobalServiceEvents", true,
		"enableLogFileValidation", true, "enableLogging", true, "kmsKeyId", estLogsKey,
		"cloudWatchLogsGroupArn", "arn:aws:logs:us-east-1:111122223333:log-group:cloudtrail:*", "cloudWatchLogsRoleArn", "arn:aws:iam::111122223333:role/trail-logs",
		"advancedEventSelectors", []any{
			eM("name", "management", "fieldSelectors", []any{eM("field", "eventCategory", "equals", []any{"Management"})}),
			eM("name", "PHI objects", "fieldSelectors", []any{eM("field", "eventCategory", "equals", []any{"Data"}), eM("field", "resources.type", "equals", []any{"AWS::S3::Object"})}),
		}), kv...)}
}

func init() {
	base := "CFG cloud-trail-cloud-watch-logs-enabled; CFG cloud-trail-encryption-enabled; CFG cloud-trail-log-file-validation-enabled; CFG multi-region-cloudtrail-enabled; " +
		"CN HIPAA.Security-CloudTrailCloudWatchLogsEnabled; CN HIPAA.Security-CloudTrailEncryptionEnabled; CN HIPAA.Security-CloudTrailLogFileValidationEnabled; " +
		"CK CKV_AWS_35; CK CKV_AWS_36; CK CKV_AWS_67; CK CKV2_AWS_10; PR cloudtrail_multi_region_enabled; PR cloudtrail_kms_encryption_enabled; PR cloudtrail_log_file_validation_enabled; PR cloudtrail_cloudwatch_logging_enabled; PR cloudtrail_multi_region_enabled_logging_management_events"
	ok := []R{eTrail()}
	add(
		eOK(base, "multi-region trail, validated, KMS-encrypted, sent to CloudWatch Logs", ok),
		eBad("CFG multi-region-cloudtrail-enabled; CK CKV_AWS_67; PR cloudtrail_multi_region_enabled", "single-region trail", "cloudtrail-baseline", []R{eTrail("isMultiRegionTrail", false)}),
		eBad("CFG multi-region-cloudtrail-enabled; CK CKV_AWS_67", "trail leaving isMultiRegionTrail at its default, false", "cloudtrail-baseline", []R{eTrail("isMultiRegionTrail", nil)}),
		eBad("CFG cloud-trail-log-file-validation-enabled; CN HIPAA.Security-CloudTrailLogFileValidationEnabled; CK CKV_AWS_36; PR cloudtrail_log_file_validation_enabled",
			"trail without log file validation", "cloudtrail-baseline", []R{eTrail("enableLogFileValidation", false)}),
		eBad("CFG cloud-trail-encryption-enabled; CN HIPAA.Security-CloudTrailEncryptionEnabled; CK CKV_AWS_35; PR cloudtrail_kms_encryption_enabled",
			"trail without a KMS key", "cloudtrail-baseline", []R{eTrail("kmsKeyId", nil)}),
		eBad("CFG cloud-trail-cloud-watch-logs-enabled; CN HIPAA.Security-CloudTrailCloudWatchLogsEnabled; CK CKV2_AWS_10; PR cloudtrail_cloudwatch_logging_enabled",
			"trail not sent to CloudWatch Logs", "cloudtrail-baseline", []R{eTrail("cloudWatchLogsGroupArn", nil, "cloudWatchLogsRoleArn", nil)}),
		eBad("PR cloudtrail_multi_region_enabled_logging_management_events", "trail with logging turned off", "cloudtrail-baseline", []R{eTrail("enableLogging", false)}),
	)

	data := "CFG cloudtrail-s3-dataevents-enabled; PR cloudtrail_s3_dataevents_read_enabled; PR cloudtrail_s3_dataevents_write_enabled"
	phi := eBucket("visits", "PHI")
	add(
		eOK(data, "trail recording object events on every bucket beside a PHI bucket", ePlus(phi, eTrail())),
		eOK(data, "trail recording object events on the PHI bucket's prefix (basic selector)", ePlus(phi, eTrail("advancedEventSelectors", nil,
			"eventSelectors", []any{eM("readWriteType", "All", "includeManagementEvents", true, "dataResources", []any{eM("type", "AWS::S3::Object", "values", []any{"arn:aws:s3:::carestack-visits/"})})}))),
		eBad(data, "trail recording management events only beside a PHI bucket", "cloudtrail-baseline", ePlus(phi, eTrail("advancedEventSelectors",
			[]any{eM("name", "management", "fieldSelectors", []any{eM("field", "eventCategory", "equals", []any{"Management"})})}))),
		eBad("PR cloudtrail_s3_dataevents_read_enabled", "trail recording object writes only", "cloudtrail-baseline", ePlus(phi, eTrail("advancedEventSelectors", nil,
			"eventSelectors", []any{eM("readWriteType", "WriteOnly", "dataResources", []any{eM("type", "AWS::S3::Object", "values", []any{"arn:aws:s3"})})}))),
		eBad("PR cloudtrail_s3_dataevents_write_enabled", "trail recording object reads only", "cloudtrail-baseline", ePlus(phi, eTrail("advancedEventSelectors", []any{
			eM("name", "reads", "fieldSelectors", []any{eM("field", "eventCategory", "equals", []any{"Data"}), eM("field", "resources.type", "equals", []any{"AWS::S3::Object"}), eM("field", "readOnly", "equals", []any{"true"})})}))),
	)

	// The trail's own bucket: object lock with a default retention, access
	// logs, and no public access.
	audit := eMod(eBucket("audit-logs", "Confidential"), "audit-logs", "objectLockEnabled", true)
	audit = ePlus(audit, R{Type: rules.S3ObjectLockConfigV2, Name: "audit-logs-lock", Props: eM("bucket", Unknown{},
		"rule", eM("defaultRetention", eM("mode", "COMPLIANCE", "days", 2192))), Deps: dep("bucket", names("audit-logs"))})
	auditTrail := eTrail("s3BucketName", Unknown{})
	auditTrail.Deps = dep("s3BucketName", names("audit-logs"))
	lock := "CFG s3-bucket-default-lock-enabled; CK CKV_AWS_143; PR s3_bucket_object_lock"
	add(
		eOK(lock+"; PR cloudtrail_logs_s3_bucket_access_logging_enabled; PR cloudtrail_logs_s3_bucket_is_not_publicly_accessible",
			"trail writing to a locked, logged, private bucket", ePlus(audit, auditTrail)),
		eBad(lock, "trail bucket without object lock", "audit-bucket-immutability",
			ePlus(eDrop(eMod(audit, "audit-logs", "objectLockEnabled", nil), "audit-logs-lock"), auditTrail)),
		eBad(lock, "trail bucket with object lock but no default retention", "audit-bucket-immutability", ePlus(eDrop(audit, "audit-logs-lock"), auditTrail)),
		eBad("PR cloudtrail_logs_s3_bucket_access_logging_enabled", "trail bucket without access logging", "s3-access-logging", ePlus(eDrop(audit, "audit-logs-logging"), auditTrail)),
		eBad("PR cloudtrail_logs_s3_bucket_is_not_publicly_accessible", "trail bucket without a public access block", "s3-public-access-block", ePlus(eDrop(audit, "audit-logs-pab"), auditTrail)),
	)

	detector := R{Type: "aws:guardduty/detector:Detector", Name: "guardduty", Props: eM("enable", true, "findingPublishingFrequency", "FIFTEEN_MINUTES")}
	add(
		eOK("CFG cloudtrail-enabled", "account baseline stack with GuardDuty and a trail", []R{detector, eTrail()}),
		eBad("CFG cloudtrail-enabled", "account baseline stack with GuardDuty and no trail", "trail-exists", []R{detector}),
	)
}

// --- KMS, SNS, CloudWatch Logs and alarms ---

func eKey(kv ...any) []R {
	return []R{{Type: rules.KMSKey, Name: "key", Protect: true, Props: eSet(eM("description", "visit documents", "enableKeyRotation", true, "rotationPeriodInDays", 365,
		"deletionWindowInDays", 30, "policy", `{"Version":"2012-10-17","Statement":[{"Sid":"Account","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}`), kv...)}}
}

func init() {
	add(
		eOK("CK CKV_AWS_7; PR kms_cmk_rotation_enabled; CK CKV_AWS_33; PR kms_key_not_publicly_accessible; CFG kms-cmk-not-scheduled-for-deletion; PR kms_cmk_not_deleted_unintentionally",
			"rotating key with a 30-day deletion window and an account-scoped policy", eKey()),
		eBad("CK CKV_AWS_7; PR kms_cmk_rotation_enabled", "key without rotation", "kms-rotation", eKey("enableKeyRotation", false)),
		eBad("CK CKV_AWS_7", "key leaving rotation at its default, off", "kms-rotation", eKey("enableKeyRotation", nil, "rotationPeriodInDays", nil)),
		eBad("CK CKV_AWS_33; PR kms_key_not_publicly_accessible", "key policy granting kms:* to any principal", "kms-key-safety",
			eKey("policy", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*"}]}`)),
		eBad("CFG kms-cmk-not-scheduled-for-deletion; PR kms_cmk_not_deleted_unintentionally", "key with a 7-day deletion window", "kms-key-safety", eKey("deletionWindowInDays", 7)),
	)

	topic := func(kv ...any) []R {
		return []R{{Type: rules.SNSTopic, Name: "visits", Props: eSet(eM("name", "visit-events", "kmsMasterKeyId", estKey), kv...)}}
	}
	add(
		eBad("CFG sns-encrypted-kms; CN HIPAA.Security-SNSEncryptedKMS; CK CKV_AWS_26; PR sns_topics_kms_encryption_at_rest_enabled",
			"topic with kmsMasterKeyId empty", "sns-kms", topic("kmsMasterKeyId", "")),
		eOK("CK CKV_AWS_169; PR sns_topics_not_publicly_accessible", "topic policy for one service, scoped by source ARN",
			ePlus(topic(), R{Type: rules.SNSTopicPolicy, Name: "visits-policy", Props: eM("arn", Unknown{}, "policy",
				`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sns:Publish","Resource":"arn:aws:sns:us-east-1:111122223333:visit-events","Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:events:us-east-1:111122223333:rule/visits"}}}]}`),
				Deps: dep("arn", names("visits"))})),
		eBad("CK CKV_AWS_169; PR sns_topics_not_publicly_accessible", "topic policy letting anyone publish", "resource-policies-not-public",
			ePlus(topic(), R{Type: rules.SNSTopicPolicy, Name: "visits-policy", Props: eM("arn", Unknown{}, "policy",
				`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":["sns:Publish","sns:Subscribe"],"Resource":"arn:aws:sns:us-east-1:111122223333:visit-events"}]}`),
				Deps: dep("arn", names("visits"))})),
	)

	group := func(kv ...any) []R {
		return []R{{Type: rules.LogGroup, Name: "app-logs", Props: eSet(eM("name", "/carestack/app", "kmsKeyId", estLogsKey, "retentionInDays", 2192), kv...)}}
	}
	enc := "CN HIPAA.Security-CloudWatchLogGroupEncrypted; CK CKV_AWS_158; PR cloudwatch_log_group_kms_encryption_enabled"
	ret := "CN HIPAA.Security-CloudWatchLogGroupRetentionPeriod; CK CKV_AWS_66; CK CKV_AWS_338; PR cloudwatch_log_group_retention_policy_specific_days_enabled"
	add(
		eOK(enc+"; "+ret, "log group under a KMS key keeping six years", group()),
		eBad(enc, "log group without a KMS key", "log-group-kms", group("kmsKeyId", nil)),
		eBad("CN HIPAA.Security-CloudWatchLogGroupRetentionPeriod; CK CKV_AWS_66", "log group without retention", "log-retention", group("retentionInDays", nil)),
		eBad("CK CKV_AWS_338; PR cloudwatch_log_group_retention_policy_specific_days_enabled", "log group keeping 30 days", "log-retention", group("retentionInDays", 30)),
	)

	alarm := func(kv ...any) []R {
		return []R{{Type: rules.MetricAlarm, Name: "p99", Props: eSet(eM("name", "api-p99", "comparisonOperator", "GreaterThanThreshold", "evaluationPeriods", 3,
			"metricName", "TargetResponseTime", "namespace", "AWS/ApplicationELB", "period", 60, "extendedStatistic", "p99", "threshold", 0.1,
			"alarmActions", []any{"arn:aws:sns:us-east-1:111122223333:alarms"}), kv...)}}
	}
	act := "CFG cloudwatch-alarm-action-check; CN HIPAA.Security-CloudWatchAlarmAction"
	add(
		eOK(act, "alarm notifying a topic", alarm()),
		eBad(act, "alarm without an action", "waf-logging-and-alarms", alarm("alarmActions", nil)),
		eBad(act, "alarm with actions disabled", "waf-logging-and-alarms", alarm("actionsEnabled", false)),
	)
}

// --- Load balancers and WAF ---

// eALB is an internet-facing ALB with everything the anchors ask: its own
// security group (443 and 80 from the internet, used by the ALB only), an
// HTTPS listener on TLS 1.2+/1.3 with an ACM certificate, an HTTP listener
// that only redirects, access logs, deletion protection, header hygiene,
// and a WAF web ACL with managed rules, metrics and logging.
func eALB() []R {
	world := []any{"0.0.0.0/0"}
	return []R{
		{Type: rules.SecurityGroup, Name: "alb-sg", Props: eM("vpcId", "vpc-0a1b2c", "description", "public ALB",
			"ingress", []any{eM("protocol", "tcp", "fromPort", 443, "toPort", 443, "cidrBlocks", world), eM("protocol", "tcp", "fromPort", 80, "toPort", 80, "cidrBlocks", world)},
			"egress", []any{eM("protocol", "tcp", "fromPort", 8080, "toPort", 8080, "cidrBlocks", []any{"10.20.0.0/16"})})},
		{Type: rules.LBLoadBalancer, Name: "alb", Props: eM("name", "carestack", "loadBalancerType", "application", "internal", false,
			"subnets", []any{"subnet-a", "subnet-b"}, "securityGroups", []any{Unknown{}}, "dropInvalidHeaderFields", true, "desyncMitigationMode", "defensive",
			"enableDeletionProtection", true, "accessLogs", eM("enabled", true, "bucket", "carestack-alb-logs", "prefix", "alb")),
			Deps: dep("securityGroups", names("alb-sg"))},
		{Type: rules.LBListener, Name: "https", Props: eM("loadBalancerArn", Unknown{}, "port", 443, "protocol", "HTTPS", "sslPolicy", estTLS13, "certificateArn", estCert,
			"defaultActions", []any{eM("type", "fixed-response", "fixedResponse", eM("contentType", "text/plain", "statusCode", "404"))}), Deps: dep("loadBalancerArn", names("alb"))},
		{Type: rules.LBListener, Name: "http", Props: eM("loadBalancerArn", Unknown{}, "port", 80, "protocol", "HTTP",
			"defaultActions", []any{eM("type", "redirect", "redirect", eM("protocol", "HTTPS", "port", "443", "statusCode", "HTTP_301"))}), Deps: dep("loadBalancerArn", names("alb"))},
		{Type: rules.WAFWebACL, Name: "acl", Props: eM("name", "carestack", "scope", "REGIONAL", "defaultAction", eM("allow", eM()),
			"rules", []any{eM("name", "common", "priority", 1, "overrideAction", eM("none", eM()), "statement", eM("managedRuleGroupStatement", eM("name", "AWSManagedRulesCommonRuleSet", "vendorName", "AWS")),
				"visibilityConfig", eM("cloudwatchMetricsEnabled", true, "metricName", "common", "sampledRequestsEnabled", true))},
			"visibilityConfig", eM("cloudwatchMetricsEnabled", true, "metricName", "carestack", "sampledRequestsEnabled", true))},
		{Type: rules.WAFAssociation, Name: "acl-alb", Props: eM("resourceArn", Unknown{}, "webAclArn", Unknown{}), Deps: dep("resourceArn", names("alb"), "webAclArn", names("acl"))},
		{Type: rules.WAFLoggingConfig, Name: "acl-logs", Props: eM("resourceArn", Unknown{}, "logDestinationConfigs", []any{"arn:aws:logs:us-east-1:111122223333:log-group:aws-waf-logs-carestack"}),
			Deps: dep("resourceArn", names("acl"))},
	}
}

func init() {
	alb := eALB()
	redirect := "CFG alb-http-to-https-redirection-check; CN HIPAA.Security-ALBHttpToHttpsRedirection; CK CKV_AWS_2; CK CKV2_AWS_20; PR elbv2_ssl_listeners"
	tls := "CFG elbv2-acm-certificate-required; CN HIPAA.Security-ELBv2ACMCertificateRequired; CK CKV_AWS_103; CK CKV2_AWS_74; PR elbv2_insecure_ssl_ciphers"
	hyg := "CN HIPAA.Security-ALBHttpDropInvalidHeaderEnabled; CK CKV_AWS_131; CK CKV_AWS_328; PR elbv2_desync_mitigation_mode"
	logs := "CFG elb-logging-enabled; CN HIPAA.Security-ELBLoggingEnabled; CK CKV_AWS_91; PR elbv2_logging_enabled"
	del := "CFG elb-deletion-protection-enabled; CN HIPAA.Security-ELBDeletionProtectionEnabled; CK CKV_AWS_150; PR elbv2_deletion_protection"
	waf := "CFG alb-waf-enabled; CK CKV2_AWS_28; PR elbv2_waf_acl_attached; PR wafv2_webacl_with_rules"
	wafLogs := "CFG wafv2-logging-enabled; CN HIPAA.Security-WAFv2LoggingEnabled; CK CKV2_AWS_31; PR wafv2_webacl_logging_enabled; PR wafv2_webacl_rule_logging_enabled"
	add(
		eOK(redirect+"; "+tls+"; "+hyg+"; "+logs+"; "+del+"; "+waf+"; "+wafLogs, "internet-facing ALB with HTTPS, a redirecting HTTP listener, logs, protection, header hygiene and a logging WAF", alb),
		eBad(redirect, "HTTP listener forwarding to targets", "alb-https-or-redirect",
			eMod(alb, "http", "defaultActions", []any{eM("type", "forward", "targetGroupArn", "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/api/0123456789abcdef")})),
		eBad(redirect, "HTTP listener redirecting to HTTP", "alb-https-or-redirect",
			eMod(alb, "http", "defaultActions", []any{eM("type", "redirect", "redirect", eM("protocol", "HTTP", "port", "8080", "statusCode", "HTTP_302"))})),
		eBad("CFG alb-http-to-https-redirection-check; CK CKV2_AWS_20; PR elbv2_ssl_listeners", "listener rule forwarding on the HTTP listener", "alb-https-or-redirect",
			ePlus(alb, R{Type: "aws:lb/listenerRule:ListenerRule", Name: "api-on-http", Props: eM("listenerArn", Unknown{}, "priority", 10,
				"actions", []any{eM("type", "forward", "targetGroupArn", "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/api/0123456789abcdef")},
				"conditions", []any{eM("pathPattern", eM("values", []any{"/api/*"}))}), Deps: dep("listenerArn", names("http"))})),
		eOK(redirect, "listener rule forwarding on the HTTPS listener", ePlus(alb, R{Type: "aws:lb/listenerRule:ListenerRule", Name: "api", Props: eM("listenerArn", Unknown{}, "priority", 10,
			"actions", []any{eM("type", "forward", "targetGroupArn", "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/api/0123456789abcdef")},
			"conditions", []any{eM("pathPattern", eM("values", []any{"/api/*"}))}), Deps: dep("listenerArn", names("https"))})),
		eBad("CK CKV_AWS_103; CK CKV2_AWS_74; PR elbv2_insecure_ssl_ciphers", "HTTPS listener on ELBSecurityPolicy-2016-08 (TLS 1.0)", "alb-tls-policy-and-acm",
			eMod(alb, "https", "sslPolicy", "ELBSecurityPolicy-2016-08")),
		eBad("CK CKV_AWS_103", "HTTPS listener leaving the SSL policy at the SDK default", "alb-tls-policy-and-acm", eMod(alb, "https", "sslPolicy", nil)),
		eBad("CFG elbv2-acm-certificate-required; CN HIPAA.Security-ELBv2ACMCertificateRequired", "HTTPS listener on an IAM server certificate", "alb-tls-policy-and-acm",
			eMod(alb, "https", "certificateArn", "arn:aws:iam::111122223333:server-certificate/portal")),
	)
	// A certificate made in the same program is unknown at preview: where it
	// came from decides.
	withIAMCert := eMod(alb, "https", "certificateArn", Unknown{})
	for i := range withIAMCert {
		if withIAMCert[i].Name == "https" {
			withIAMCert[i].Deps = dep("loadBalancerArn", names("alb"), "certificateArn", names("portal-cert"))
		}
	}
	withACMCert := eMod(alb, "https", "certificateArn", Unknown{})
	for i := range withACMCert {
		if withACMCert[i].Name == "https" {
			withACMCert[i].Deps = dep("loadBalancerArn", names("alb"), "certificateArn", names("portal-cert"))
		}
	}
	add(
		eBad("CFG elbv2-acm-certificate-required; CN HIPAA.Security-ELBv2ACMCertificateRequired", "HTTPS listener on an IAM server certificate made in the stack", "lb-certificate-from-acm",
			ePlus(withIAMCert, R{Type: "aws:iam/serverCertificate:ServerCertificate", Name: "portal-cert",
				Props: eM("name", "portal", "certificateBody", "-----BEGIN CERTIFICATE-----", "privateKey", Secret{"-----BEGIN PRIVATE KEY-----"})})),
		eOK("CFG elbv2-acm-certificate-required; CN HIPAA.Security-ELBv2ACMCertificateRequired", "HTTPS listener on an ACM certificate made in the stack",
			ePlus(withACMCert, R{Type: rules.ACMCertificate, Name: "portal-cert", Props: eM("domainName", "portal.carestack.example.org", "validationMethod", "DNS")})),
		eBad("CN HIPAA.Security-ALBHttpDropInvalidHeaderEnabled; CK CKV_AWS_131", "ALB routing invalid headers", "alb-header-hygiene", eMod(alb, "alb", "dropInvalidHeaderFields", false)),
		eBad("CK CKV_AWS_328; PR elbv2_desync_mitigation_mode", "ALB in desync monitor mode", "alb-header-hygiene", eMod(alb, "alb", "desyncMitigationMode", "monitor")),
		eBad(logs, "ALB without access logs", "alb-access-logs", eMod(alb, "alb", "accessLogs", nil)),
		eBad("CFG elb-logging-enabled; CK CKV_AWS_91", "ALB with access logs disabled", "alb-access-logs", eMod(alb, "alb", "accessLogs", eM("enabled", false, "bucket", "carestack-alb-logs"))),
		eBad(del, "ALB without deletion protection", "alb-deletion-protection", eMod(alb, "alb", "enableDeletionProtection", nil)),
		eBad("CFG alb-waf-enabled; CK CKV2_AWS_28; PR elbv2_waf_acl_attached", "internet-facing ALB without a WAF association", "waf-in-front", eDrop(alb, "acl-alb")),
		eBad("PR wafv2_webacl_with_rules", "web ACL without a managed rule group", "waf-in-front", eMod(alb, "acl", "rules", []any{})),
		eBad("CFG wafv2-logging-enabled; CN HIPAA.Security-WAFv2LoggingEnabled; CK CKV2_AWS_31; PR wafv2_webacl_logging_enabled", "web ACL without logging", "waf-logging-and-alarms", eDrop(alb, "acl-logs")),
		eBad("PR wafv2_webacl_rule_logging_enabled", "web ACL without CloudWatch metrics", "waf-logging-and-alarms",
			eMod(alb, "acl", "visibilityConfig", eM("cloudwatchMetricsEnabled", false, "metricName", "carestack", "sampledRequestsEnabled", false))),
	)

	classic := func(kv ...any) []R {
		return []R{{Type: "aws:elb/loadBalancer:LoadBalancer", Name: "legacy", Props: eSet(eM("name", "legacy-portal", "subnets", []any{"subnet-a", "subnet-b"},
			"securityGroups", []any{"sg-0legacy"}, "internal", false,
			"listeners", []any{eM("instancePort", 8443, "instanceProtocol", "HTTPS", "lbPort", 443, "lbProtocol", "HTTPS", "sslCertificateId", estCert)},
			"accessLogs", eM("bucket", "carestack-elb-logs", "bucketPrefix", "legacy", "interval", 60)), kv...)}}
	}
	add(
		eOK("CFG elb-tls-https-listeners-only; CN HIPAA.Security-ELBTlsHttpsListenersOnly; CFG elb-acm-certificate-required; CN HIPAA.Security-ELBACMCertificateRequired; CFG elb-logging-enabled; CN HIPAA.Security-ELBLoggingEnabled",
			"Classic Load Balancer listening HTTPS on an ACM certificate with access logs", classic()),
		eBad("CFG elb-tls-https-listeners-only; CN HIPAA.Security-ELBTlsHttpsListenersOnly", "Classic Load Balancer listening HTTP", "alb-https-or-redirect",
			classic("listeners", []any{eM("instancePort", 8080, "instanceProtocol", "HTTP", "lbPort", 80, "lbProtocol", "HTTP")})),
		eBad("CFG elb-acm-certificate-required; CN HIPAA.Security-ELBACMCertificateRequired", "Classic Load Balancer on an IAM certificate", "alb-tls-policy-and-acm",
			classic("listeners", []any{eM("instancePort", 8443, "instanceProtocol", "HTTPS", "lbPort", 443, "lbProtocol", "HTTPS", "sslCertificateId", "arn:aws:iam::111122223333:server-certificate/legacy")})),
		eBad("CFG elb-logging-enabled; CN HIPAA.Security-ELBLoggingEnabled", "Classic Load Balancer without access logs", "alb-access-logs", classic("accessLogs", nil)),
	)
}

// --- CloudFront ---

func eDist(kv ...any) []R {
	return []R{{Type: rules.CloudFrontDist, Name: "portal", Class: "Public", Props: eSet(eM(
		"enabled", true, "aliases", []any{"portal.carestack.example.org"}, "defaultRootObject", "index.html", "priceClass", "PriceClass_100",
		"origins", []any{eM("originId", "site", "domainName", "carestack-portal.s3.us-east-1.amazonaws.com", "originAccessControlId", "E2OAC0EXAMPLE")},
		"defaultCacheBehavior", eM("targetOriginId", "site", "viewerProtocolPolicy", "redirect-to-https", "allowedMethods", []any{"GET", "HEAD"}, "cachedMethods", []any{"GET", "HEAD"},
			"cachePolicyId", "658327ea-f89d-4fab-a63d-7e88639e58f6"),
		"viewerCertificate", eM("acmCertificateArn", estCert, "sslSupportMethod", "sni-only", "minimumProtocolVersion", "TLSv1.2_2021"),
		"restrictions", eM("geoRestriction", eM("restrictionType", "whitelist", "locations", []any{"US"})),
		"webAclId", "arn:aws:wafv2:us-east-1:111122223333:global/webacl/portal/0123",
		"loggingConfig", eM("bucket", "carestack-cf-logs.s3.amazonaws.com", "prefix", "portal/")), kv...)}}
}

func init() {
	all := "CK CKV_AWS_34; PR cloudfront_distributions_https_enabled; CK CKV_AWS_174; CK CKV2_AWS_42; PR cloudfront_distributions_custom_ssl_certificate; PR cloudfront_distributions_https_sni_enabled; " +
		"CK CKV2_AWS_46; PR cloudfront_distributions_s3_origin_access_control; CK CKV_AWS_86; PR cloudfront_distributions_logging_enabled; CK CKV_AWS_68; PR cloudfront_distributions_using_waf"
	custom := func(policy string, protos ...any) []R {
		return eDist("origins", []any{eM("originId", "api", "domainName", "api.carestack.example.org",
			"customOriginConfig", eM("httpPort", 80, "httpsPort", 443, "originProtocolPolicy", policy, "originSslProtocols", protos))},
			"defaultCacheBehavior", eM("targetOriginId", "api", "viewerProtocolPolicy", "https-only", "allowedMethods", []any{"GET", "HEAD"}, "cachedMethods", []any{"GET", "HEAD"}))
	}
	add(
		eOK(all, "distribution over HTTPS with its own certificate, OAC, logs and WAF", eDist()),
		eOK("CK CKV2_AWS_72; PR cloudfront_distributions_origin_traffic_encrypted; PR cloudfront_distributions_using_deprecated_ssl_protocols", "custom origin over TLS 1.2 only", custom("https-only", "TLSv1.2")),
		eBad("CK CKV_AWS_34; PR cloudfront_distributions_https_enabled", "default behaviour allowing HTTP", "cf-viewer-https",
			eDist("defaultCacheBehavior", eM("targetOriginId", "site", "viewerProtocolPolicy", "allow-all", "allowedMethods", []any{"GET", "HEAD"}, "cachedMethods", []any{"GET", "HEAD"}))),
		eBad("CK CKV_AWS_34", "ordered behaviour allowing HTTP", "cf-viewer-https",
			eDist("orderedCacheBehaviors", []any{eM("pathPattern", "/docs/*", "targetOriginId", "site", "viewerProtocolPolicy", "allow-all", "allowedMethods", []any{"GET", "HEAD"}, "cachedMethods", []any{"GET", "HEAD"})})),
		eBad("CK CKV2_AWS_42; PR cloudfront_distributions_custom_ssl_certificate", "distribution on the default CloudFront certificate", "cf-min-tls",
			eDist("viewerCertificate", eM("cloudfrontDefaultCertificate", true))),
		eBad("CK CKV_AWS_174", "viewer certificate allowing TLS 1.0", "cf-min-tls",
			eDist("viewerCertificate", eM("acmCertificateArn", estCert, "sslSupportMethod", "sni-only", "minimumProtocolVersion", "TLSv1"))),
		eBad("PR cloudfront_distributions_https_sni_enabled", "viewer certificate on dedicated IPs", "cf-min-tls",
			eDist("viewerCertificate", eM("acmCertificateArn", estCert, "sslSupportMethod", "vip", "minimumProtocolVersion", "TLSv1.2_2021"))),
		eBad("CK CKV2_AWS_46; PR cloudfront_distributions_s3_origin_access_control", "S3 origin without origin access control", "cf-origin-tls-and-oac",
			eDist("origins", []any{eM("originId", "site", "domainName", "carestack-portal.s3.us-east-1.amazonaws.com")})),
		eBad("CK CKV2_AWS_72; PR cloudfront_distributions_origin_traffic_encrypted", "custom origin over plain HTTP", "cf-origin-tls-and-oac", custom("http-only", "TLSv1.2")),
		eBad("PR cloudfront_distributions_using_deprecated_ssl_protocols", "custom origin allowing TLS 1.0", "cf-origin-tls-and-oac", custom("https-only", "TLSv1", "TLSv1.2")),
		eBad("CK CKV_AWS_86; PR cloudfront_distributions_logging_enabled", "distribution without logging", "cloudfront-logging", eDist("loggingConfig", nil)),
		eBad("CK CKV_AWS_68; PR cloudfront_distributions_using_waf", "distribution without a web ACL", "waf-in-front", eDist("webAclId", nil)),
	)
}

// --- IAM ---

func ePolicy(typ, name, doc string) []R {
	props := eM("policy", doc)
	switch typ {
	case rules.IAMRolePolicy:
		props["role"] = "app"
	case "aws:iam/groupPolicy:GroupPolicy":
		props["group"] = "ops"
	case rules.IAMPolicy:
		props["name"] = name
	}
	return []R{{Type: typ, Name: name, Props: props}}
}

func eDoc(stmts string) string { return `{"Version":"2012-10-17","Statement":[` + stmts + `]}` }

func eRole(name, trust string, kv ...any) R {
	return R{Type: rules.IAMRole, Name: name, Props: eSet(eM("name", name, "assumeRolePolicy", trust), kv...)}
}

func init() {
	scoped := eDoc(`{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::carestack-records/visits/*"},{"Effect":"Allow","Action":"sns:Publish","Resource":"arn:aws:sns:us-east-1:111122223333:visit-events"}`)
	admin := "CFG iam-policy-no-statements-with-admin-access; CN HIPAA.Security-IAMPolicyNoStatementsWithAdminAccess; CK CKV_AWS_62; CK CKV_AWS_63; PR iam_customer_attached_policy_no_administrative_privileges; PR iam_customer_unattached_policy_no_administrative_privileges"
	full := "CFG iam-policy-no-statements-with-full-access; CN HIPAA.Security-IAMPolicyNoStatementsWithFullAccess; CK CKV2_AWS_40; PR iam_policy_no_full_access_to_cloudtrail"
	inline := "PR iam_inline_policy_no_administrative_privileges; PR iam_inline_policy_no_full_access_to_cloudtrail"
	add(
		eOK(admin+"; "+full, "customer managed policy granting named actions on named ARNs", ePolicy(rules.IAMPolicy, "app-access", scoped)),
		eBad(admin, "customer managed policy allowing * on *", "no-admin-or-wildcard-statements", ePolicy(rules.IAMPolicy, "admin", eDoc(`{"Effect":"Allow","Action":"*","Resource":"*"}`))),
		eBad("CK CKV_AWS_63", "policy allowing everything but IAM (NotAction)", "no-admin-or-wildcard-statements", ePolicy(rules.IAMPolicy, "poweruser", eDoc(`{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}`))),
		eBad("CFG iam-policy-no-statements-with-full-access; CN HIPAA.Security-IAMPolicyNoStatementsWithFullAccess; PR iam_policy_no_full_access_to_cloudtrail",
			"customer managed policy allowing cloudtrail:*", "no-admin-or-wildcard-statements", ePolicy(rules.IAMPolicy, "trail-admin", eDoc(`{"Effect":"Allow","Action":"cloudtrail:*","Resource":"*"}`))),
		eBad("CFG iam-policy-no-statements-with-full-access; CN HIPAA.Security-IAMPolicyNoStatementsWithFullAccess", "policy allowing s3:* on one bucket", "no-admin-or-wildcard-statements",
			ePolicy(rules.IAMPolicy, "records-admin", eDoc(`{"Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::carestack-records","arn:aws:s3:::carestack-records/*"]}`))),
		eBad("CK CKV2_AWS_40", "policy allowing iam:*", "no-admin-or-wildcard-statements", ePolicy(rules.IAMPolicy, "iam-admin", eDoc(`{"Effect":"Allow","Action":"iam:*","Resource":"*"}`))),
		eOK(inline, "role inline policy granting named actions", ePolicy(rules.IAMRolePolicy, "app", scoped)),
		eBad(inline, "group inline policy allowing *:*", "no-admin-or-wildcard-statements", ePolicy("aws:iam/groupPolicy:GroupPolicy", "ops-admin", eDoc(`{"Effect":"Allow","Action":"*:*","Resource":"*"}`))),
		eBad("PR iam_inline_policy_no_full_access_to_cloudtrail", "role inline policy allowing cloudtrail:*", "no-admin-or-wildcard-statements",
			ePolicy(rules.IAMRolePolicy, "trail", eDoc(`{"Effect":"Allow","Action":"cloudtrail:*","Resource":"*"}`))),
	)

	kms := "CFG iam-customer-policy-blocked-kms-actions; PR iam_policy_no_full_access_to_kms"
	kmsInline := "CFG iam-inline-policy-blocked-kms-actions; PR iam_inline_policy_no_full_access_to_kms"
	add(
		eOK(kms, "customer managed policy decrypting through Secrets Manager only", ePolicy(rules.IAMPolicy, "read-secrets",
			eDoc(`{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"kms:ViaService":"secretsmanager.us-east-1.amazonaws.com"}}}`))),
		eOK(kmsInline, "role inline policy decrypting with one key", ePolicy(rules.IAMRolePolicy, "decrypt", eDoc(`{"Effect":"Allow","Action":["kms:Decrypt","kms:GenerateDataKey"],"Resource":"`+estKey+`"}`))),
		eBad(kms, "customer managed policy allowing kms:Decrypt on every key", "kms-decrypt-scoped", ePolicy(rules.IAMPolicy, "decrypt-all", eDoc(`{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}`))),
		eBad(kms, "customer managed policy allowing kms:ReEncryptFrom on every key", "kms-decrypt-scoped", ePolicy(rules.IAMPolicy, "reencrypt-all", eDoc(`{"Effect":"Allow","Action":"kms:ReEncrypt*","Resource":"*"}`))),
		eBad(kmsInline, "role inline policy allowing kms:* on every key", "kms-decrypt-scoped", ePolicy(rules.IAMRolePolicy, "kms-admin", eDoc(`{"Effect":"Allow","Action":"kms:*","Resource":"*"}`))),
		eBad("PR iam_inline_policy_no_full_access_to_kms", "group inline policy allowing kms:* on every key", "no-admin-or-wildcard-statements",
			ePolicy("aws:iam/groupPolicy:GroupPolicy", "ops-kms", eDoc(`{"Effect":"Allow","Action":"kms:*","Resource":"*"}`))),
	)

	noUserPolicies := "CFG iam-user-no-policies-check; CN HIPAA.Security-IAMUserNoPolicies; CK CKV_AWS_40; PR iam_policy_attached_only_to_group_or_roles"
	add(
		eOK(noUserPolicies+"; CK CKV_AWS_274; PR iam_aws_attached_policy_no_administrative_privileges; CK CKV2_AWS_56",
			"scoped managed policy attached to a role", []R{eRole("app", estTrust),
				{Type: rules.IAMRolePolicyAttach, Name: "app-read", Props: eM("role", Unknown{}, "policyArn", "arn:aws:iam::111122223333:policy/app-access"), Deps: dep("role", names("app"))}}),
		eBad(noUserPolicies, "policy attached to an IAM user", "no-user-attached-policies",
			[]R{{Type: rules.IAMUserPolicyAttach, Name: "alice-read", Props: eM("user", "alice", "policyArn", "arn:aws:iam::111122223333:policy/app-access")}}),
		eBad("CFG iam-user-no-policies-check; PR iam_policy_attached_only_to_group_or_roles", "inline policy on an IAM user", "no-user-attached-policies",
			[]R{{Type: rules.IAMUserPolicy, Name: "alice-inline", Props: eM("user", "alice", "policy", scoped)}}),
		eBad("CK CKV_AWS_274; PR iam_aws_attached_policy_no_administrative_privileges", "AdministratorAccess attached to a role", "no-broad-managed-policies",
			[]R{eRole("app", estTrust), {Type: rules.IAMRolePolicyAttach, Name: "app-admin", Props: eM("role", Unknown{}, "policyArn", "arn:aws:iam::aws:policy/AdministratorAccess"), Deps: dep("role", names("app"))}}),
		eBad("CK CKV2_AWS_56", "IAMFullAccess attached to a group", "no-broad-managed-policies",
			[]R{{Type: rules.IAMGroupPolicyAttach, Name: "ops-iam", Props: eM("group", "ops", "policyArn", "arn:aws:iam::aws:policy/IAMFullAccess")}}),
	)

	users := "CK CKV_AWS_273; CFG iam-user-mfa-enabled"
	add(
		eOK(users+"; CFG mfa-enabled-for-iam-console-access; CFG access-keys-rotated; CFG iam-user-unused-credentials-check; PR iam_user_no_setup_initial_access_key",
			"workload access through a role, people through SSO (no IAM users or keys)", []R{eRole("app", estTrust)}),
		eBad(users, "IAM user for a person", "no-iam-users", []R{{Type: rules.IAMUser, Name: "alice", Props: eM("name", "alice", "path", "/staff/")}}),
		eBad("CFG mfa-enabled-for-iam-console-access", "console password for an IAM user", "no-iam-users", []R{{Type: rules.IAMUserLogin, Name: "alice-login", Props: eM("user", "alice", "passwordResetRequired", true)}}),
		eBad("CFG access-keys-rotated; CFG iam-user-unused-credentials-check; PR iam_user_no_setup_initial_access_key", "long-lived access key", "no-access-keys",
			[]R{{Type: rules.IAMAccessKey, Name: "ci-key", Props: eM("user", "ci", "status", "Active")}}),
	)

	trust := "CK CKV_AWS_60; CK CKV_AWS_61"
	gh := func(sub string) string {
		return eDoc(`{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"},"StringLike":{"token.actions.githubusercontent.com:sub":"` + sub + `"}}}`)
	}
	add(
		eOK(trust, "role trusted by ECS tasks of this account", []R{eRole("app", estTrust)}),
		eBad(trust, "role any principal may assume", "trust-policy-restricted", []R{eRole("open", eDoc(`{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}`))}),
		eBad("CK CKV_AWS_60", "role trusted by everyone (Principal *)", "trust-policy-restricted", []R{eRole("open", eDoc(`{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}`))}),
		eOK("CK CKV_AWS_358", "GitHub Actions role pinned to one repository's main branch", []R{eRole("deploy", gh("repo:carestack/infra:ref:refs/heads/main"))}),
		eOK("CK CKV_AWS_358", "GitHub Actions role pinned to one repository's prod environment", []R{eRole("deploy", gh("repo:carestack/infra:environment:prod"))}),
		eBad("CK CKV_AWS_358", "GitHub Actions role open to every repository of the organisation", "trust-policy-restricted", []R{eRole("deploy", gh("repo:carestack/*"))}),
		eBad("CK CKV_AWS_358", "GitHub Actions role open to every subject", "trust-policy-restricted", []R{eRole("deploy", gh("*"))}),
		eBad("CK CKV_AWS_358", "GitHub Actions role without a sub condition", "trust-policy-restricted", []R{eRole("deploy",
			eDoc(`{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"}}}`))}),
	)
}

// --- VPC networking ---

func eVPC() []R {
	return []R{
		{Type: rules.VPC, Name: "vpc", Props: eM("cidrBlock", "10.20.0.0/16", "enableDnsHostnames", true, "enableDnsSupport", true)},
		{Type: rules.FlowLog, Name: "vpc-flow", Props: eM("vpcId", Unknown{}, "trafficType", "ALL", "logDestinationType", "cloud-watch-logs",
			"logDestination", "arn:aws:logs:us-east-1:111122223333:log-group:vpc-flow", "iamRoleArn", "arn:aws:iam::111122223333:role/flow-logs"), Deps: dep("vpcId", names("vpc"))},
		{Type: rules.DefaultSecurityGroup, Name: "vpc-default", Props: eM("vpcId", Unknown{}, "ingress", []any{}, "egress", []any{}), Deps: dep("vpcId", names("vpc"))},
		{Type: rules.Subnet, Name: "private-a", Props: eM("vpcId", Unknown{}, "cidrBlock", "10.20.32.0/19", "availabilityZone", "us-east-1a", "mapPublicIpOnLaunch", false,
			"tags", eM("DataClassification", "Internal", "Tier", "private")), Deps: dep("vpcId", names("vpc"))},
		{Type: "aws:ec2/routeTable:RouteTable", Name: "private-a-rt", Props: eM("vpcId", Unknown{}, "tags", eM("DataClassification", "Internal", "Tier", "private")), Deps: dep("vpcId", names("vpc"))},
		{Type: "aws:ec2/routeTableAssociation:RouteTableAssociation", Name: "private-a-assoc", Props: eM("subnetId", Unknown{}, "routeTableId", Unknown{}),
			Deps: dep("subnetId", names("private-a"), "routeTableId", names("private-a-rt"))},
		{Type: rules.Route, Name: "private-a-default", Props: eM("routeTableId", Unknown{}, "destinationCidrBlock", "0.0.0.0/0", "natGatewayId", "nat-0a1b2c3d4e5f"),
			Deps: dep("routeTableId", names("private-a-rt"))},
	}
}

func init() {
	v := eVPC()
	flow := "CFG vpc-flow-logs-enabled; CN HIPAA.Security-VPCFlowLogsEnabled; CK CKV2_AWS_11; PR vpc_flow_logs_enabled"
	dsg := "CFG vpc-default-security-group-closed; CN HIPAA.Security-VPCDefaultSecurityGroupClosed; CK CKV2_AWS_12"
	sub := "CFG subnet-auto-assign-public-ip-disabled; CN HIPAA.Security-VPCSubnetAutoAssignPublicIpDisabled; CK CKV_AWS_130; PR vpc_subnet_no_public_ip_by_default"
	igw := "CFG no-unrestricted-route-to-igw; CN HIPAA.Security-VPCNoUnrestrictedRouteToIGW"
	add(
		eOK(flow+"; "+dsg+"; "+sub+"; "+igw, "VPC with ALL-traffic flow logs, a closed default group and a private subnet routed through NAT", v),
		eBad(flow, "VPC without a flow log", "vpc-flow-logs", eDrop(v, "vpc-flow")),
		eBad("CFG vpc-flow-logs-enabled; CK CKV2_AWS_11", "flow log of rejected traffic only", "vpc-flow-logs", eMod(v, "vpc-flow", "trafficType", "REJECT")),
		eBad(dsg, "default security group admitting its own members", "default-sg-closed",
			eMod(v, "vpc-default", "ingress", []any{eM("protocol", "-1", "fromPort", 0, "toPort", 0, "self", true)})),
		eBad("CFG vpc-default-security-group-closed; CK CKV2_AWS_12", "default security group left unmanaged (AWS's allow-all rules)", "default-sg-closed", eDrop(v, "vpc-default")),
		eBad(sub, "private subnet assigning public IPs", "public-tier-confined", eMod(v, "private-a", "mapPublicIpOnLaunch", true)),
		eBad(igw, "private route table sending the default route to an internet gateway", "public-tier-confined",
			eMod(v, "private-a-default", "natGatewayId", nil, "gatewayId", "igw-0a1b2c3d")),
		eOK(sub, "awsx public subnet (SubnetType: Public) assigning public IPs",
			[]R{{Type: rules.Subnet, Name: "vpc-public-1", Props: eM("vpcId", "vpc-0a1b2c", "cidrBlock", "10.20.0.0/20", "availabilityZone", "us-east-1a", "mapPublicIpOnLaunch", true,
				"tags", eM("DataClassification", "Internal", "Name", "vpc-public-1", "SubnetType", "Public"))}}),
	)
}

// --- ECS, ECR ---

func init() {
	cluster := func(kv ...any) []R {
		return []R{{Type: rules.ECSCluster, Name: "apps", Props: eSet(eM("name", "carestack", "settings", []any{eM("name", "containerInsights", "value", "enabled")},
			"configuration", eM("executeCommandConfiguration", eM("kmsKeyId", estLogsKey, "logging", "OVERRIDE",
				"logConfiguration", eM("cloudWatchLogGroupName", "/carestack/exec", "cloudWatchEncryptionEnabled", true)))), kv...)}}
	}
	add(
		eOK("CK CKV_AWS_65; PR ecs_cluster_container_insights_enabled; CK CKV_AWS_224", "cluster with Container Insights and encrypted exec logging", cluster()),
		eBad("CK CKV_AWS_65; PR ecs_cluster_container_insights_enabled", "cluster with Container Insights off", "ecs-cluster-monitoring",
			cluster("settings", []any{eM("name", "containerInsights", "value", "disabled")})),
		eBad("CK CKV_AWS_224", "cluster logging exec sessions without a KMS key", "ecs-cluster-monitoring",
			cluster("configuration", eM("executeCommandConfiguration", eM("logging", "OVERRIDE", "logConfiguration", eM("cloudWatchLogGroupName", "/carestack/exec"))))),
	)

	service := func(kv ...any) []R {
		return []R{{Type: rules.ECSService, Name: "worker", Props: eSet(eM("name", "notification-worker", "cluster", "arn:aws:ecs:us-east-1:111122223333:cluster/carestack",
			"taskDefinition", "arn:aws:ecs:us-east-1:111122223333:task-definition/worker:7", "desiredCount", 3, "launchType", "FARGATE", "platformVersion", "LATEST",
			"deploymentCircuitBreaker", eM("enable", true, "rollback", true),
			"networkConfiguration", eM("subnets", []any{"subnet-a", "subnet-b"}, "securityGroups", []any{"sg-0worker"}, "assignPublicIp", false)), kv...)}}
	}
	add(
		eOK("CK CKV_AWS_333; PR ecs_service_no_assign_public_ip; CK CKV_AWS_332; PR ecs_service_fargate_latest_platform_version", "Fargate service on the latest platform without public IPs", service()),
		eBad("CK CKV_AWS_333; PR ecs_service_no_assign_public_ip", "service assigning public IPs", "ecs-tasks-private",
			service("networkConfiguration", eM("subnets", []any{"subnet-a"}, "securityGroups", []any{"sg-0worker"}, "assignPublicIp", true))),
		eBad("CK CKV_AWS_332; PR ecs_service_fargate_latest_platform_version", "service pinned to Fargate platform 1.3.0", "auto-patching", service("platformVersion", "1.3.0")),
	)

	repo := func(kv ...any) []R {
		return []R{{Type: rules.ECRRepository, Name: "api", Props: eSet(eM("name", "scheduling-api", "imageTagMutability", "IMMUTABLE",
			"imageScanningConfiguration", eM("scanOnPush", true), "encryptionConfigurations", []any{eM("encryptionType", "KMS", "kmsKey", estKey)}), kv...)}}
	}
	add(
		eOK("CK CKV_AWS_51; PR ecr_repositories_tag_immutability; CK CKV_AWS_136; CK CKV_AWS_163; PR ecr_repositories_scan_images_on_push_enabled", "repository with immutable tags, scan on push and KMS", repo()),
		eBad("CK CKV_AWS_51; PR ecr_repositories_tag_immutability", "repository with mutable tags", "ecr-hardening", repo("imageTagMutability", "MUTABLE")),
		eBad("CK CKV_AWS_136", "repository encrypted with AES256", "ecr-hardening", repo("encryptionConfigurations", []any{eM("encryptionType", "AES256")})),
		eBad("CK CKV_AWS_163; PR ecr_repositories_scan_images_on_push_enabled", "repository without scan on push", "ecr-hardening", repo("imageScanningConfiguration", eM("scanOnPush", false))),
		eOK("CK CKV_AWS_32; PR ecr_repositories_not_publicly_accessible", "repository policy for one account's CI role", ePlus(repo(), R{Type: rules.ECRRepoPolicy, Name: "api-policy",
			Props: eM("repository", "scheduling-api", "policy", eDoc(`{"Sid":"CI","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/ci"},"Action":["ecr:PutImage","ecr:UploadLayerPart"]}`))})),
		eBad("CK CKV_AWS_32; PR ecr_repositories_not_publicly_accessible", "repository policy letting anyone pull", "resource-policies-not-public", ePlus(repo(), R{Type: rules.ECRRepoPolicy, Name: "api-policy",
			Props: eM("repository", "scheduling-api", "policy", eDoc(`{"Effect":"Allow","Principal":"*","Action":["ecr:GetDownloadUrlForLayer","ecr:BatchGetImage"]}`))})),
	)
}

// --- AWS Backup, DMS, Secrets Manager ---

func init() {
	vault := func(kv ...any) []R {
		return []R{{Type: rules.BackupVault, Name: "vault", Protect: true, Props: eSet(eM("name", "carestack", "kmsKeyArn", estKey), kv...)}}
	}
	enc := "CFG backup-recovery-point-encrypted; CK CKV_AWS_166; PR backup_vaults_encrypted; PR backup_recovery_point_encrypted"
	add(
		eOK(enc, "vault under a customer managed key", vault()),
		eBad(enc, "vault on the default key", "backup-vault-cmk", vault("kmsKeyArn", nil)),
	)

	plan := func(rule map[string]any) []R {
		return []R{{Type: rules.BackupPlan, Name: "plan", Props: eM("name", "carestack-daily", "rules", []any{rule})}}
	}
	daily := eM("ruleName", "daily", "targetVaultName", "carestack", "schedule", "cron(0 5 * * ? *)", "lifecycle", eM("deleteAfter", 35),
		"copyActions", []any{eM("destinationVaultArn", "arn:aws:backup:us-west-2:111122223333:backup-vault:carestack-dr", "lifecycle", eM("deleteAfter", 35))})
	freq := "CFG backup-plan-min-frequency-and-min-retention-check"
	add(
		eOK(freq, "daily plan keeping 35 days and copying to the DR region", plan(daily)),
		eBad(freq, "plan keeping recovery points 7 days", "backup-plan-quality", plan(eSet(daily, "lifecycle", eM("deleteAfter", 7)))),
		eBad(freq, "weekly plan", "backup-plan-quality", plan(eSet(daily, "schedule", "cron(0 5 ? * SUN *)"))),
	)

	phiVault := []R{
		{Type: rules.KMSKey, Name: "backups-key", Class: "PHI", Protect: true, Props: eM("description", "backups", "enableKeyRotation", true, "deletionWindowInDays", 30)},
		{Type: rules.BackupVault, Name: "vault", Class: "PHI", Protect: true, Props: eM("name", "carestack-phi", "kmsKeyArn", Unknown{}), Deps: dep("kmsKeyArn", names("backups-key"))},
	}
	lock := R{Type: rules.BackupVaultLock, Name: "vault-lock", Props: eM("backupVaultName", Unknown{}, "minRetentionDays", 35, "maxRetentionDays", 2192, "changeableForDays", 3),
		Deps: dep("backupVaultName", names("vault"))}
	manual := "CFG backup-recovery-point-manual-deletion-disabled"
	add(
		eOK(manual, "PHI vault with a vault lock", ePlus(phiVault, lock)),
		eBad(manual, "PHI vault without a vault lock", "backup-plan-quality", phiVault),
	)

	inst := func(kv ...any) []R {
		return []R{{Type: rules.DMSReplicationInstance, Name: "dms", Props: eSet(eM("replicationInstanceId", "carestack-migration", "replicationInstanceClass", "dms.r5.large",
			"allocatedStorage", 100, "publiclyAccessible", false, "replicationSubnetGroupId", "carestack-private", "kmsKeyArn", estKey,
			"autoMinorVersionUpgrade", true, "multiAz", true, "vpcSecurityGroupIds", []any{"sg-0dms"}), kv...)}}
	}
	pub := "CFG dms-replication-not-public; CN HIPAA.Security-DMSReplicationNotPublic; CK CKV_AWS_89; PR dms_instance_no_public_access"
	add(
		eOK(pub+"; CK CKV_AWS_212; CK CKV_AWS_222; PR dms_instance_minor_version_upgrade_enabled; PR dms_instance_multi_az_enabled", "private Multi-AZ replication instance under a CMK", inst()),
		eBad(pub, "publicly accessible replication instance", "dms-private", inst("publiclyAccessible", true)),
		eBad("CFG dms-replication-not-public; CK CKV_AWS_89", "replication instance leaving publiclyAccessible at the API default, true", "dms-private", inst("publiclyAccessible", nil)),
		eBad("CK CKV_AWS_212", "replication instance without a CMK", "dms-kms", inst("kmsKeyArn", nil)),
		eBad("CK CKV_AWS_222; PR dms_instance_minor_version_upgrade_enabled", "replication instance without minor upgrades", "auto-patching", inst("autoMinorVersionUpgrade", false)),
		eBad("PR dms_instance_multi_az_enabled", "single-AZ replication instance", "auto-patching", inst("multiAz", false)),
	)

	endpoint := func(kv ...any) []R {
		return []R{{Type: rules.DMSEndpoint, Name: "source", Props: eSet(eM("endpointId", "sqlserver-source", "endpointType", "source", "engineName", "sqlserver",
			"databaseName", "care", "sslMode", "verify-full", "certificateArn", "arn:aws:dms:us-east-1:111122223333:cert:ABC", "kmsKeyArn", estKey,
			"secretsManagerArn", "arn:aws:secretsmanager:us-east-1:111122223333:secret:dms-source-AbCdEf", "secretsManagerAccessRoleArn", "arn:aws:iam::111122223333:role/dms-secrets"), kv...)}}
	}
	add(
		eOK("CK CKV2_AWS_49; PR dms_endpoint_ssl_enabled; CK CKV_AWS_296", "source endpoint verifying TLS, credentials in Secrets Manager, under a CMK", endpoint()),
		eBad("CK CKV2_AWS_49; PR dms_endpoint_ssl_enabled", "endpoint without TLS", "dms-endpoint-ssl", endpoint("sslMode", "none", "certificateArn", nil)),
		eBad("CK CKV2_AWS_49", "endpoint leaving sslMode unset", "dms-endpoint-ssl", endpoint("sslMode", nil, "certificateArn", nil)),
		eBad("CK CKV_AWS_296", "endpoint without a CMK", "dms-kms", endpoint("kmsKeyArn", nil)),
	)
	s3ep := func(kv ...any) []R {
		return []R{{Type: rules.DMSS3Endpoint, Name: "landing", Props: eSet(eM("endpointId", "landing", "endpointType", "target", "bucketName", "carestack-landing",
			"serviceAccessRoleArn", "arn:aws:iam::111122223333:role/dms-s3", "encryptionMode", "SSE_KMS", "serverSideEncryptionKmsKeyId", estKey), kv...)}}
	}
	add(
		eOK("CK CKV_AWS_298", "S3 target endpoint writing with SSE-KMS under a CMK", s3ep()),
		eBad("CK CKV_AWS_298", "S3 target endpoint writing with SSE-S3", "dms-kms", s3ep("encryptionMode", "SSE_S3", "serverSideEncryptionKmsKeyId", nil)),
	)

	secret := func(withRotation bool, kv ...any) []R {
		rs := []R{{Type: rules.Secret, Name: "partner-key", Props: eSet(eM("name", "carestack/prod/partner-api-key", "kmsKeyId", estKey, "recoveryWindowInDays", 30), kv...)}}
		if withRotation {
			rs = append(rs, R{Type: rules.SecretRotation, Name: "partner-key-rotation", Props: eM("secretId", Unknown{},
				"rotationLambdaArn", "arn:aws:lambda:us-east-1:111122223333:function:rotate-partner-key", "rotationRules", eM("automaticallyAfterDays", 30)),
				Deps: dep("secretId", names("partner-key"))})
		}
		return rs
	}
	cmk := "CFG secretsmanager-using-cmk; CN HIPAA.Security-SecretsManagerUsingKMSKey; CK CKV_AWS_149"
	rot := "CFG secretsmanager-rotation-enabled-check; CN HIPAA.Security-SecretsManagerRotationEnabled; CK CKV2_AWS_57; PR secretsmanager_automatic_rotation_enabled"
	add(
		eOK(cmk+"; "+rot, "secret under a CMK rotating every 30 days", secret(true)),
		eBad(cmk, "secret on the AWS managed key", "secret-cmk", secret(true, "kmsKeyId", nil)),
		eBad(rot, "secret without rotation", "secrets-rotated", secret(false)),
		eBad("CFG secretsmanager-rotation-enabled-check; CK CKV2_AWS_57", "secret rotating yearly", "secrets-rotated",
			eMod(secret(true), "partner-key-rotation", "rotationRules", eM("automaticallyAfterDays", 365))),
	)
}

// --- Aurora (the cluster-level rules of the shipped estate) ---

// eAurora is an Aurora PostgreSQL cluster with everything the anchors ask:
// encrypted under a CMK, RDS-managed master secret and IAM auth, its
// engine's log exported, TLS forced by its parameter group, two private
// instances in distinct zones with enhanced monitoring and encrypted
// Performance Insights, deletion protection, 35 days of backups and an AWS
// Backup selection.
func eAurora() []R {
	return []R{
		{Type: rules.RDSClusterParameterGroup, Name: "claims-params", Props: eM("name", "claims-pg16", "family", "aurora-postgresql16",
			"parameters", []any{eM("name", "rds.force_ssl", "value", "1"), eM("name", "log_connections", "value", "1")})},
		{Type: rules.RDSCluster, Name: "claims", Protect: true, Props: eM("clusterIdentifier", "claims", "engine", "aurora-postgresql", "engineVersion", "16.4",
			"databaseName", "claims", "masterUsername", "claims_owner", "manageMasterUserPassword", true, "masterUserSecretKmsKeyId", estKey,
			"storageEncrypted", true, "kmsKeyId", estKey, "iamDatabaseAuthenticationEnabled", true, "port", 5433,
			"enabledCloudwatchLogsExports", []any{"postgresql"}, "dbClusterParameterGroupName", "claims-pg16",
			"dbSubnetGroupName", "private-db", "vpcSecurityGroupIds", []any{"sg-0claims"},
			"backupRetentionPeriod", 35, "preferredBackupWindow", "07:00-08:00", "deletionProtection", true, "skipFinalSnapshot", false,
			"finalSnapshotIdentifier", "claims-final", "copyTagsToSnapshot", true), Deps: dep("dbClusterParameterGroupName", names("claims-params"))},
		{Type: rules.RDSClusterInstance, Name: "claims-1", Props: eM("clusterIdentifier", Unknown{}, "identifier", "claims-1", "instanceClass", "db.r6g.large",
			"engine", "aurora-postgresql", "availabilityZone", "us-east-1a", "publiclyAccessible", false, "autoMinorVersionUpgrade", true,
			"monitoringInterval", 15, "monitoringRoleArn", "arn:aws:iam::111122223333:role/rds-monitoring",
			"performanceInsightsEnabled", true, "performanceInsightsKmsKeyId", estKey), Deps: dep("clusterIdentifier", names("claims"))},
		{Type: rules.RDSClusterInstance, Name: "claims-2", Props: eM("clusterIdentifier", Unknown{}, "identifier", "claims-2", "instanceClass", "db.r6g.large",
			"engine", "aurora-postgresql", "availabilityZone", "us-east-1b", "publiclyAccessible", false, "autoMinorVersionUpgrade", true,
			"monitoringInterval", 15, "monitoringRoleArn", "arn:aws:iam::111122223333:role/rds-monitoring",
			"performanceInsightsEnabled", true, "performanceInsightsKmsKeyId", estKey), Deps: dep("clusterIdentifier", names("claims"))},
		{Type: rules.BackupSelection, Name: "claims-backup", Props: eM("name", "claims", "planId", Unknown{}, "iamRoleArn", "arn:aws:iam::111122223333:role/aws-backup",
			"resources", []any{Unknown{}}), Deps: dep("resources", names("claims"))},
	}
}

func init() {
	a := eAurora()
	iam := "PR rds_cluster_iam_authentication_enabled"
	logs := "PR rds_cluster_integration_cloudwatch_logs"
	backup := "CFG aurora-resources-protected-by-backup-plan; CK CKV2_AWS_8; PR rds_cluster_protected_by_backup_plan"
	add(
		eOK(iam+"; "+logs+"; "+backup, "Aurora PostgreSQL cluster exporting postgresql, forcing TLS, with IAM auth and a backup selection", a),
		eBad(iam, "cluster without IAM database authentication", "managed-db-credentials", eMod(a, "claims", "iamDatabaseAuthenticationEnabled", false)),
		eBad(logs, "Aurora PostgreSQL cluster exporting no log", "aurora-observability", eMod(a, "claims", "enabledCloudwatchLogsExports", nil)),
		eBad(backup, "cluster no backup plan selects", "aurora-in-backup-plan", eDrop(a, "claims-backup")),
	)
}
