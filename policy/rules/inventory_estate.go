package rules

// The anchor rules on the types the shipped estate's rules read (S3,
// Aurora's cluster-level settings, load balancers, CloudFront, KMS, SNS,
// CloudWatch Logs, IAM, security groups and VPCs, ECS clusters and
// services, ECR, AWS Backup, DMS, CloudTrail, WAF, Secrets Manager), read
// from:
//   - AWS Config: awslabs/aws-config-rules
//     aws-config-conformance-packs/Operational-Best-Practices-for-HIPAA-Security.yaml
//     and each rule's page in the AWS Config developer guide;
//   - cdk-nag: src/packs/hipaa-security.ts and src/rules/*;
//   - checkov: checkov/terraform/checks/resource/aws/*.py and graph_checks/aws/*.yaml;
//   - Prowler: prowler/providers/aws/services/<service>/<check>/<check>.metadata.json.
// RDS rows (Aurora included) are inventory_datastores.go's, security-group
// port rows inventory_compute.go's and ECS task definition rows
// inventory_workloads.go's, so each anchor rule is listed once. Rules on
// account state alone (root MFA, GuardDuty, Security Hub, Config
// recorders, IAM credential reports) are not listed: no resource
// definition decides them.

func estMapped(anchor, id, text string, types []string, rules ...string) AnchorRule {
	return AnchorRule{Anchor: anchor, ID: id, Text: text, Types: types, Rules: rules}
}

func estReasoned(anchor, id, text string, types []string, reason string) AnchorRule {
	return AnchorRule{Anchor: anchor, ID: id, Text: text, Types: types, Reason: reason}
}

const (
	estWhyLifecycle = "retention and tiering of objects is a records-management decision, not a safeguard of the HIPAA Security Rule; versions are kept (s3-versioning) and PHI replicated (s3-replication-dr)"
	estWhyNotify    = "event notifications feed an application, not a safeguard; access to objects is logged (s3-access-logging) and PHI object reads and writes are trail data events (cloudtrail-baseline)"
	estWhyMFADelete = "MFA delete can only be set with the root user's credentials, which no deployment holds; objects stay recoverable through versioning (s3-versioning), replication (s3-replication-dr) and object lock on audit logs (audit-bucket-immutability)"
	estWhyRuntime   = "run-time state (when a certificate expires, whether a key or secret is used or was rotated recently, what logs contain), which no resource definition decides; AWS Config's HIPAA pack and Prowler check it against the account"
	estWhyIAMUsers  = "carestack allows no IAM users but the allowlisted break-glass user (no-iam-users), so group membership and a password policy have nobody to govern; people sign in through IAM Identity Center"
	estWhyPrivEsc   = "named escalation, exposure and write actions are judged by review: no-admin-or-wildcard-statements refuses *, NotAction and <service>:*, kms-decrypt-scoped refuses decryption on every key, and ecs-task-role-scoped confines task roles to exact ARNs"
	estWhyClassic   = "a Classic Load Balancer's TLS policy and cross-zone setting live in separate aws:elb policy resources or default on (crossZoneLoadBalancing defaults to true); the estate runs none, and alb-https-or-redirect and alb-tls-policy-and-acm require TLS listeners on ACM certificates"
)

func init() {
	buckets := bucketTypes
	pab := []string{S3PublicAccessBlock}
	bucketsAndPolicy := append(append([]string{}, bucketTypes...), S3BucketPolicy)
	bucketsAndACL := append(append([]string{}, bucketTypes...), S3OwnershipControls, S3BucketAclV2)
	trail := []string{CloudTrail}
	trailAndBuckets := []string{CloudTrail, S3BucketV2, S3Bucket}
	key := []string{KMSKey}
	topic := []string{SNSTopic}
	topicPolicies := []string{SNSTopic, SNSTopicPolicy}
	logs := []string{LogGroup}
	alarm := []string{MetricAlarm}
	albs := lbTypes
	elbs := append(append([]string{}, lbTypes...), classicELB)
	classic := []string{classicELB}
	listeners := listenerTypes
	listenersAndCerts := append(append([]string{}, listenerTypes...), listenerCertificateTypes...)
	dist := []string{CloudFrontDist}
	acl := []string{WAFWebACL}
	policies := policyDocTypes
	customer := []string{IAMPolicy}
	inline := []string{IAMRolePolicy, iamGroupPolicy, IAMUserPolicy, IAMRole}
	role := []string{IAMRole}
	userPolicies := []string{IAMUserPolicy, IAMUserPolicyAttach, IAMPolicyAttachment}
	attachments := []string{IAMRolePolicyAttach, IAMGroupPolicyAttach, IAMUserPolicyAttach, IAMPolicyAttachment, IAMRole}
	user := []string{IAMUser}
	login := []string{IAMUserLogin}
	accessKey := []string{IAMAccessKey}
	group := []string{iamGroup}
	pwPolicy := []string{"aws:iam/accountPasswordPolicy:AccountPasswordPolicy"}
	vpc := []string{VPC}
	defaultSG := []string{VPC, DefaultSecurityGroup}
	subnet := []string{Subnet}
	routes := []string{Route, routeTableType}
	ecsCluster := []string{ECSCluster}
	ecsService := []string{ECSService}
	repo := []string{ECRRepository}
	repoPolicy := []string{ECRRepoPolicy}
	vault := []string{BackupVault}
	plan := []string{BackupPlan}
	lock := []string{BackupVaultLock, BackupVault}
	dmsInst := []string{DMSReplicationInstance}
	dmsEndpoint := []string{DMSEndpoint}
	dmsS3 := []string{DMSS3Endpoint}
	secret := []string{Secret}
	secretRot := []string{Secret, SecretRotation}
	cert := []string{ACMCertificate}
	acctPAB := []string{"aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock"}

	inventory = append(inventory,
		// AWS Config HIPAA conformance pack
		estMapped("CFG", "access-keys-rotated", "IAM users' active access keys must be rotated within maxAccessKeyAge days (90).", accessKey, "no-access-keys"),
		estReasoned("CFG", "acm-certificate-expiration-check", "ACM certificates must not expire within daysToExpiration days (14).", cert, estWhyRuntime),
		estMapped("CFG", "alb-http-to-https-redirection-check", "HTTP listeners of Application Load Balancers must redirect HTTP to HTTPS.", listeners, "alb-https-or-redirect"),
		estMapped("CFG", "alb-waf-enabled", "Application Load Balancers must have AWS WAF enabled.", albs, "waf-in-front"),
		estMapped("CFG", "backup-plan-min-frequency-and-min-retention-check", "Backup plans must run at least daily and retain recovery points at least 35 days.", plan, "backup-plan-quality"),
		estMapped("CFG", "backup-recovery-point-encrypted", "Backup recovery points must be encrypted.", vault, "backup-vault-cmk"),
		estMapped("CFG", "backup-recovery-point-manual-deletion-disabled", "Backup vaults must have a policy preventing manual deletion of recovery points.", lock, "backup-plan-quality"),
		estMapped("CFG", "cloud-trail-cloud-watch-logs-enabled", "CloudTrail trails must send logs to CloudWatch Logs.", trail, "cloudtrail-baseline"),
		estMapped("CFG", "cloud-trail-encryption-enabled", "CloudTrail trails must use SSE-KMS encryption.", trail, "cloudtrail-baseline"),
		estMapped("CFG", "cloud-trail-log-file-validation-enabled", "CloudTrail trails must validate log files.", trail, "cloudtrail-baseline"),
		estMapped("CFG", "cloudtrail-enabled", "A CloudTrail trail must be enabled in the account.", trail, "trail-exists", "cloudtrail-baseline"),
		estMapped("CFG", "cloudtrail-s3-dataevents-enabled", "At least one trail must log S3 data events for all (or the listed) buckets.", trailAndBuckets, "cloudtrail-baseline"),
		estMapped("CFG", "cloudwatch-alarm-action-check", "CloudWatch alarms must have an action for the ALARM state.", alarm, "waf-logging-and-alarms"),
		estMapped("CFG", "dms-replication-not-public", "DMS replication instances must not be public.", dmsInst, "dms-private"),
		estMapped("CFG", "elb-acm-certificate-required", "Classic Load Balancers must use SSL certificates provided by ACM.", classic, "alb-tls-policy-and-acm"),
		estReasoned("CFG", "elb-cross-zone-load-balancing-enabled", "Classic Load Balancers must have cross-zone load balancing enabled.", classic, estWhyClassic),
		estMapped("CFG", "elb-deletion-protection-enabled", "Elastic Load Balancers must have deletion protection enabled.", albs, "alb-deletion-protection"),
		estMapped("CFG", "elb-logging-enabled", "Application, Network and Classic Load Balancers must have logging enabled.", elbs, "alb-access-logs"),
		estReasoned("CFG", "elb-predefined-security-policy-ssl-check", "Classic Load Balancer HTTPS/SSL listeners must use a predefined security policy.", classic, estWhyClassic),
		estMapped("CFG", "elb-tls-https-listeners-only", "Classic Load Balancer listeners must use HTTPS or SSL.", classic, "alb-https-or-redirect"),
		estMapped("CFG", "elbv2-acm-certificate-required", "Application and Network Load Balancers must use certificates provided by ACM.", listenersAndCerts, "alb-tls-policy-and-acm", "lb-certificate-from-acm"),
		estMapped("CFG", "iam-customer-policy-blocked-kms-actions", "Customer managed policies must not allow blocked KMS actions (kms:Decrypt, kms:ReEncryptFrom) on all KMS keys.", customer, "kms-decrypt-scoped"),
		estMapped("CFG", "iam-inline-policy-blocked-kms-actions", "Inline policies of users, roles and groups must not allow blocked KMS actions on all KMS keys.", inline, "kms-decrypt-scoped"),
		estReasoned("CFG", "iam-no-inline-policy-check", "IAM users, roles and groups must have no inline policies.", inline,
			"inline policies are judged statement by statement like managed ones (no-admin-or-wildcard-statements, kms-decrypt-scoped); the estate gives each workload role its own inline policy so it is deleted with the role and never shared"),
		estReasoned("CFG", "iam-password-policy", "The account's IAM password policy must meet length, complexity, reuse and age requirements.", pwPolicy, estWhyIAMUsers),
		estMapped("CFG", "iam-policy-no-statements-with-admin-access", "IAM policies must not allow Action * on Resource *.", policies, "no-admin-or-wildcard-statements"),
		estMapped("CFG", "iam-policy-no-statements-with-full-access", "Customer managed policies must not allow full access (<service>:*) to any AWS service.", policies, "no-admin-or-wildcard-statements"),
		estMapped("CFG", "iam-user-mfa-enabled", "IAM users must have MFA enabled.", user, "no-iam-users"),
		estMapped("CFG", "iam-user-no-policies-check", "IAM policies must not be attached to IAM users.", userPolicies, "no-user-attached-policies"),
		estMapped("CFG", "iam-user-unused-credentials-check", "IAM users' passwords and access keys must have been used within 90 days.", accessKey, "no-access-keys"),
		estMapped("CFG", "kms-cmk-not-scheduled-for-deletion", "KMS keys must not be scheduled for deletion.", key, "kms-key-safety"),
		estMapped("CFG", "mfa-enabled-for-iam-console-access", "IAM users with a console password must have MFA.", login, "no-iam-users"),
		estMapped("CFG", "multi-region-cloudtrail-enabled", "At least one multi-Region trail must exist.", trail, "cloudtrail-baseline"),
		estMapped("CFG", "no-unrestricted-route-to-igw", "Route tables must not route 0.0.0.0/0 or ::/0 to an internet gateway (except authorized ones).", routes, "public-tier-confined"),
		estReasoned("CFG", "s3-account-level-public-access-blocks-periodic", "The account's S3 Block Public Access settings must all be on.", acctPAB,
			"account state usually held by the organisation's baseline; every bucket must carry its own block of all four settings (s3-public-access-block), which holds whatever the account says"),
		estMapped("CFG", "s3-bucket-acl-prohibited", "S3 buckets must not allow ACLs for access control.", bucketsAndACL, "s3-acls-disabled"),
		estMapped("CFG", "s3-bucket-default-lock-enabled", "S3 buckets must have object lock enabled by default.", trailAndBuckets, "audit-bucket-immutability"),
		estMapped("CFG", "s3-bucket-logging-enabled", "S3 buckets must have server access logging enabled.", buckets, "s3-access-logging"),
		estMapped("CFG", "s3-bucket-public-read-prohibited", "S3 buckets must not allow public read access (block public access, bucket policy, ACL).", bucketsAndPolicy, "s3-public-access-block", "s3-acls-disabled", "resource-policies-not-public"),
		estMapped("CFG", "s3-bucket-public-write-prohibited", "S3 buckets must not allow public write access.", bucketsAndPolicy, "s3-public-access-block", "s3-acls-disabled", "resource-policies-not-public"),
		estMapped("CFG", "s3-bucket-replication-enabled", "S3 buckets must have replication enabled.", buckets, "s3-replication-dr"),
		estMapped("CFG", "s3-bucket-server-side-encryption-enabled", "S3 buckets must have default encryption enabled.", buckets, "s3-sse-kms"),
		estMapped("CFG", "s3-bucket-ssl-requests-only", "S3 bucket policies must deny requests without TLS (aws:SecureTransport false).", bucketsAndPolicy, "s3-deny-insecure-transport"),
		estMapped("CFG", "s3-bucket-versioning-enabled", "S3 buckets must have versioning enabled.", buckets, "s3-versioning"),
		estMapped("CFG", "s3-default-encryption-kms", "S3 buckets must be encrypted with AWS KMS by default.", buckets, "s3-sse-kms"),
		estReasoned("CFG", "s3-event-notifications-enabled", "S3 buckets must have event notifications.", buckets, estWhyNotify),
		estReasoned("CFG", "s3-version-lifecycle-policy-check", "Versioned S3 buckets must have a lifecycle policy.", buckets, estWhyLifecycle),
		estMapped("CFG", "secretsmanager-rotation-enabled-check", "Secrets Manager secrets must have rotation enabled.", secretRot, "secrets-rotated"),
		estMapped("CFG", "secretsmanager-using-cmk", "Secrets Manager secrets must be encrypted with a customer managed key.", secret, "secret-cmk"),
		estMapped("CFG", "sns-encrypted-kms", "SNS topics must be encrypted with AWS KMS.", topic, "sns-kms"),
		estMapped("CFG", "subnet-auto-assign-public-ip-disabled", "Subnets must not assign public IP addresses on launch.", subnet, "public-tier-confined"),
		estMapped("CFG", "vpc-default-security-group-closed", "Every VPC's default security group must allow no inbound or outbound traffic.", defaultSG, "default-sg-closed"),
		estMapped("CFG", "vpc-flow-logs-enabled", "Every VPC must have flow logs.", vpc, "vpc-flow-logs"),
		estMapped("CFG", "wafv2-logging-enabled", "WAFv2 web ACLs must have logging enabled.", acl, "waf-logging-and-alarms"),

		// cdk-nag HIPAA.Security
		estMapped("CN", "HIPAA.Security-ALBHttpDropInvalidHeaderEnabled", "Application Load Balancers must drop invalid HTTP headers.", albs, "alb-header-hygiene"),
		estMapped("CN", "HIPAA.Security-ALBHttpToHttpsRedirection", "HTTP listeners of Application Load Balancers must redirect to HTTPS.", listeners, "alb-https-or-redirect"),
		estMapped("CN", "HIPAA.Security-CloudTrailCloudWatchLogsEnabled", "CloudTrail trails must send logs to CloudWatch Logs.", trail, "cloudtrail-baseline"),
		estMapped("CN", "HIPAA.Security-CloudTrailEncryptionEnabled", "CloudTrail trails must use SSE-KMS.", trail, "cloudtrail-baseline"),
		estMapped("CN", "HIPAA.Security-CloudTrailLogFileValidationEnabled", "CloudTrail trails must validate log files.", trail, "cloudtrail-baseline"),
		estMapped("CN", "HIPAA.Security-CloudWatchAlarmAction", "CloudWatch alarms must have at least one alarm action.", alarm, "waf-logging-and-alarms"),
		estMapped("CN", "HIPAA.Security-CloudWatchLogGroupEncrypted", "CloudWatch log groups must be encrypted with a KMS key.", logs, "log-group-kms"),
		estMapped("CN", "HIPAA.Security-CloudWatchLogGroupRetentionPeriod", "CloudWatch log groups must set a retention period.", logs, "log-retention"),
		estMapped("CN", "HIPAA.Security-DMSReplicationNotPublic", "DMS replication instances must not be public.", dmsInst, "dms-private"),
		estMapped("CN", "HIPAA.Security-ELBACMCertificateRequired", "Classic Load Balancers must use ACM certificates.", classic, "alb-tls-policy-and-acm"),
		estReasoned("CN", "HIPAA.Security-ELBCrossZoneLoadBalancingEnabled", "Classic Load Balancers must balance across zones.", classic, estWhyClassic),
		estMapped("CN", "HIPAA.Security-ELBDeletionProtectionEnabled", "Load balancers must have deletion protection.", albs, "alb-deletion-protection"),
		estMapped("CN", "HIPAA.Security-ELBLoggingEnabled", "Load balancers must have access logs.", elbs, "alb-access-logs"),
		estMapped("CN", "HIPAA.Security-ELBTlsHttpsListenersOnly", "Classic Load Balancers must listen with HTTPS or SSL only.", classic, "alb-https-or-redirect"),
		estMapped("CN", "HIPAA.Security-ELBv2ACMCertificateRequired", "Application and Network Load Balancer listeners must use ACM certificates.", listenersAndCerts, "alb-tls-policy-and-acm", "lb-certificate-from-acm"),
		estReasoned("CN", "HIPAA.Security-IAMGroupHasUsers", "IAM groups must have at least one user.", group, estWhyIAMUsers),
		estReasoned("CN", "HIPAA.Security-IAMNoInlinePolicy", "IAM groups, users and roles must have no inline policies.", inline,
			"inline policies are judged statement by statement like managed ones (no-admin-or-wildcard-statements, kms-decrypt-scoped); the estate gives each workload role its own inline policy so it is deleted with the role and never shared"),
		estMapped("CN", "HIPAA.Security-IAMPolicyNoStatementsWithAdminAccess", "IAM policies must not grant admin access (Action * on Resource *).", policies, "no-admin-or-wildcard-statements"),
		estMapped("CN", "HIPAA.Security-IAMPolicyNoStatementsWithFullAccess", "IAM policies must not grant full access to a service (<service>:*).", policies, "no-admin-or-wildcard-statements"),
		estReasoned("CN", "HIPAA.Security-IAMUserGroupMembership", "IAM users must belong to a group.", user, estWhyIAMUsers),
		estMapped("CN", "HIPAA.Security-IAMUserNoPolicies", "IAM users must have no directly attached policies.", userPolicies, "no-user-attached-policies"),
		estMapped("CN", "HIPAA.Security-S3BucketLevelPublicAccessProhibited", "S3 buckets must block public access at bucket level.", pab, "s3-public-access-block"),
		estMapped("CN", "HIPAA.Security-S3BucketLoggingEnabled", "S3 buckets must have server access logging.", buckets, "s3-access-logging"),
		estMapped("CN", "HIPAA.Security-S3BucketPublicReadProhibited", "S3 buckets must not allow public read.", bucketsAndPolicy, "s3-public-access-block", "s3-acls-disabled", "resource-policies-not-public"),
		estMapped("CN", "HIPAA.Security-S3BucketPublicWriteProhibited", "S3 buckets must not allow public write.", bucketsAndPolicy, "s3-public-access-block", "s3-acls-disabled", "resource-policies-not-public"),
		estMapped("CN", "HIPAA.Security-S3BucketReplicationEnabled", "S3 buckets must have replication enabled.", buckets, "s3-replication-dr"),
		estMapped("CN", "HIPAA.Security-S3BucketSSLRequestsOnly", "S3 bucket policies must require requests over SSL.", bucketsAndPolicy, "s3-deny-insecure-transport"),
		estMapped("CN", "HIPAA.Security-S3BucketVersioningEnabled", "S3 buckets must have versioning enabled.", buckets, "s3-versioning"),
		estMapped("CN", "HIPAA.Security-S3DefaultEncryptionKMS", "S3 buckets must be encrypted with KMS by default.", buckets, "s3-sse-kms"),
		estMapped("CN", "HIPAA.Security-SecretsManagerRotationEnabled", "Secrets Manager secrets must have automatic rotation.", secretRot, "secrets-rotated"),
		estMapped("CN", "HIPAA.Security-SecretsManagerUsingKMSKey", "Secrets Manager secrets must use a customer managed KMS key.", secret, "secret-cmk"),
		estMapped("CN", "HIPAA.Security-SNSEncryptedKMS", "SNS topics must be encrypted with KMS.", topic, "sns-kms"),
		estMapped("CN", "HIPAA.Security-VPCDefaultSecurityGroupClosed", "Every VPC's default security group must be closed.", defaultSG, "default-sg-closed"),
		estMapped("CN", "HIPAA.Security-VPCFlowLogsEnabled", "Every VPC must have flow logs.", vpc, "vpc-flow-logs"),
		estMapped("CN", "HIPAA.Security-VPCNoUnrestrictedRouteToIGW", "Route tables must have no unrestricted route to an internet gateway.", routes, "public-tier-confined"),
		estMapped("CN", "HIPAA.Security-VPCSubnetAutoAssignPublicIpDisabled", "Subnets must not auto-assign public IP addresses.", subnet, "public-tier-confined"),
		estMapped("CN", "HIPAA.Security-WAFv2LoggingEnabled", "WAFv2 web ACLs must have logging enabled.", acl, "waf-logging-and-alarms"),

		// checkov
		estMapped("CK", "CKV_AWS_2", "ALB protocol must be HTTPS (or an HTTP listener only redirects).", listeners, "alb-https-or-redirect"),
		estMapped("CK", "CKV_AWS_7", "Rotation must be enabled for customer managed KMS keys.", key, "kms-rotation"),
		estMapped("CK", "CKV_AWS_18", "S3 buckets must have access logging enabled.", buckets, "s3-access-logging"),
		estMapped("CK", "CKV_AWS_19", "All data stored in S3 buckets must be encrypted at rest.", buckets, "s3-sse-kms"),
		estMapped("CK", "CKV_AWS_20", "S3 buckets must not have an ACL allowing public READ access.", bucketsAndACL, "s3-acls-disabled"),
		estMapped("CK", "CKV_AWS_21", "S3 buckets must have versioning enabled.", buckets, "s3-versioning"),
		estMapped("CK", "CKV_AWS_26", "SNS topics must be encrypted.", topic, "sns-kms"),
		estMapped("CK", "CKV_AWS_32", "ECR repository policies must not be public.", repoPolicy, "resource-policies-not-public"),
		estMapped("CK", "CKV_AWS_33", "KMS key policies must not contain a wildcard (*) principal.", key, "kms-key-safety"),
		estMapped("CK", "CKV_AWS_34", "CloudFront viewer protocol policy must be HTTPS.", dist, "cf-viewer-https"),
		estMapped("CK", "CKV_AWS_35", "CloudTrail logs must be encrypted with a KMS CMK.", trail, "cloudtrail-baseline"),
		estMapped("CK", "CKV_AWS_36", "CloudTrail log file validation must be enabled.", trail, "cloudtrail-baseline"),
		estMapped("CK", "CKV_AWS_40", "IAM policies must be attached only to groups or roles.", userPolicies, "no-user-attached-policies"),
		estMapped("CK", "CKV_AWS_51", "ECR image tags must be immutable.", repo, "ecr-hardening"),
		estMapped("CK", "CKV_AWS_53", "S3 buckets must block public ACLs.", pab, "s3-public-access-block"),
		estMapped("CK", "CKV_AWS_54", "S3 buckets must block public policies.", pab, "s3-public-access-block"),
		estMapped("CK", "CKV_AWS_55", "S3 buckets must ignore public ACLs.", pab, "s3-public-access-block"),
		estMapped("CK", "CKV_AWS_56", "S3 buckets must restrict public buckets.", pab, "s3-public-access-block"),
		estMapped("CK", "CKV_AWS_57", "S3 buckets must not have an ACL allowing public WRITE access.", bucketsAndACL, "s3-acls-disabled"),
		estMapped("CK", "CKV_AWS_60", "IAM roles must allow only specific services or principals to assume them.", role, "trust-policy-restricted"),
		estMapped("CK", "CKV_AWS_61", "IAM trust policies must not allow assume role across all services or principals.", role, "trust-policy-restricted"),
		estMapped("CK", "CKV_AWS_62", "IAM policies must not allow full *-* administrative privileges.", policies, "no-admin-or-wildcard-statements"),
		estMapped("CK", "CKV_AWS_63", "IAM policy documents must not allow * as a statement's actions.", policies, "no-admin-or-wildcard-statements"),
		estMapped("CK", "CKV_AWS_65", "ECS clusters must have Container Insights enabled.", ecsCluster, "ecs-cluster-monitoring"),
		estMapped("CK", "CKV_AWS_66", "CloudWatch log groups must specify retention days.", logs, "log-retention"),
		estMapped("CK", "CKV_AWS_67", "CloudTrail must be enabled in all Regions.", trail, "cloudtrail-baseline"),
		estMapped("CK", "CKV_AWS_68", "CloudFront distributions must have WAF enabled.", dist, "waf-in-front"),
		estMapped("CK", "CKV_AWS_70", "S3 bucket policies must not allow an action to any principal.", []string{S3BucketPolicy}, "resource-policies-not-public"),
		estMapped("CK", "CKV_AWS_86", "CloudFront distributions must have access logging.", dist, "cloudfront-logging"),
		estMapped("CK", "CKV_AWS_89", "DMS replication instances must not be publicly accessible.", dmsInst, "dms-private"),
		estMapped("CK", "CKV_AWS_91", "ELBv2 load balancers must have access logging.", albs, "alb-access-logs"),
		estReasoned("CK", "CKV_AWS_93", "S3 bucket policies must not lock out all but the root user.", bucketsAndPolicy,
			"an operability guard (a policy that only root can undo), not a HIPAA safeguard; bucket policies are judged for public access (resource-policies-not-public) and TLS (s3-deny-insecure-transport)"),
		estMapped("CK", "CKV_AWS_103", "Load balancer listeners must use at least TLS 1.2.", listeners, "alb-tls-policy-and-acm"),
		estReasoned("CK", "CKV_AWS_107", "IAM policies must not allow credentials exposure.", policies, estWhyPrivEsc),
		estReasoned("CK", "CKV_AWS_108", "IAM policies must not allow data exfiltration.", policies, estWhyPrivEsc),
		estReasoned("CK", "CKV_AWS_109", "IAM policies must not allow permissions management or resource exposure without constraints.", policies, estWhyPrivEsc),
		estReasoned("CK", "CKV_AWS_110", "IAM policies must not allow privilege escalation.", policies, estWhyPrivEsc),
		estReasoned("CK", "CKV_AWS_111", "IAM policies must not allow write access without constraints.", policies, estWhyPrivEsc),
		estMapped("CK", "CKV_AWS_131", "ALBs must drop invalid HTTP headers.", albs, "alb-header-hygiene"),
		estMapped("CK", "CKV_AWS_136", "ECR repositories must be encrypted with KMS.", repo, "ecr-hardening"),
		estMapped("CK", "CKV_AWS_143", "S3 buckets must have object lock configured by default.", trailAndBuckets, "audit-bucket-immutability"),
		estMapped("CK", "CKV_AWS_144", "S3 buckets must have cross-region replication.", buckets, "s3-replication-dr"),
		estMapped("CK", "CKV_AWS_145", "S3 buckets must be encrypted with KMS by default.", buckets, "s3-sse-kms"),
		estMapped("CK", "CKV_AWS_149", "Secrets Manager secrets must be encrypted with a KMS CMK.", secret, "secret-cmk"),
		estMapped("CK", "CKV_AWS_150", "Load balancers must have deletion protection.", albs, "alb-deletion-protection"),
		estReasoned("CK", "CKV_AWS_152", "Network and Gateway Load Balancers must balance across zones.", albs,
			"an availability setting of Network Load Balancers, which the estate does not run; ALBs always balance across zones"),
		estMapped("CK", "CKV_AWS_158", "CloudWatch log groups must be encrypted by KMS.", logs, "log-group-kms"),
		estMapped("CK", "CKV_AWS_163", "ECR image scanning on push must be enabled.", repo, "ecr-hardening"),
		estMapped("CK", "CKV_AWS_166", "Backup vaults must be encrypted at rest with a KMS CMK.", vault, "backup-vault-cmk"),
		estMapped("CK", "CKV_AWS_169", "SNS topic policies must not be public.", topicPolicies, "resource-policies-not-public"),
		estMapped("CK", "CKV_AWS_174", "CloudFront viewer certificates must use TLS 1.2 or higher.", dist, "cf-min-tls"),
		estReasoned("CK", "CKV_AWS_192", "WAF must block the Log4j JNDI lookup (CVE-2021-44228).", acl,
			"waf-in-front requires an AWS managed rule group on every web ACL; which groups (KnownBadInputs covers Log4j) is the WAF owner's choice, and the estate's ACL carries it"),
		estMapped("CK", "CKV_AWS_212", "DMS replication instances must be encrypted by a KMS CMK.", dmsInst, "dms-kms"),
		estMapped("CK", "CKV_AWS_222", "DMS replication instances must take minor upgrades automatically.", dmsInst, "auto-patching"),
		estMapped("CK", "CKV_AWS_224", "ECS cluster execute-command logging must be enabled and encrypted with a CMK.", ecsCluster, "ecs-cluster-monitoring"),
		estReasoned("CK", "CKV_AWS_227", "KMS keys must be enabled.", key,
			"a disabled key protects data as well as an enabled one (it only stops its use); kms-key-safety keeps keys from being deleted"),
		estReasoned("CK", "CKV_AWS_252", "CloudTrail trails must define an SNS topic.", trail,
			"notification of log delivery is optional; trails send logs to CloudWatch Logs (cloudtrail-baseline), where the estate's alarms read them"),
		estMapped("CK", "CKV_AWS_273", "Access must go through SSO, not IAM users.", user, "no-iam-users"),
		estMapped("CK", "CKV_AWS_274", "The AdministratorAccess policy must not be attached.", attachments, "no-broad-managed-policies"),
		estMapped("CK", "CKV_AWS_296", "DMS endpoints must use a customer managed key.", dmsEndpoint, "dms-kms"),
		estMapped("CK", "CKV_AWS_298", "DMS S3 endpoints must use a customer managed key.", dmsS3, "dms-kms"),
		estReasoned("CK", "CKV_AWS_305", "CloudFront distributions must have a default root object.", dist,
			"a static site's routing choice; S3 origins are reached only through origin access control (cf-origin-tls-and-oac), so no listing is exposed"),
		estReasoned("CK", "CKV_AWS_310", "CloudFront distributions must have origin failover.", dist,
			"the availability of a public static site, which holds no ePHI (static-sites-not-phi)"),
		estMapped("CK", "CKV_AWS_328", "ALBs must use defensive or strictest desync mitigation.", albs, "alb-header-hygiene"),
		estMapped("CK", "CKV_AWS_332", "ECS Fargate services must run the latest platform version.", ecsService, "auto-patching"),
		estMapped("CK", "CKV_AWS_333", "ECS services must not assign public IP addresses.", ecsService, "ecs-tasks-private"),
		estMapped("CK", "CKV_AWS_338", "CloudWatch log groups must retain logs at least a year.", logs, "log-retention"),
		estReasoned("CK", "CKV_AWS_355", "IAM policy documents must not allow * as the resource of restrictable actions.", policies, estWhyPrivEsc),
		estMapped("CK", "CKV_AWS_358", "GitHub Actions OIDC trust policies must only allow safe claims (sub pinned to a repository).", role, "trust-policy-restricted"),
		estReasoned("CK", "CKV2_AWS_5", "Security groups must be attached to a resource.", []string{SecurityGroup},
			"an unattached group admits nothing; hygiene, not a safeguard"),
		estMapped("CK", "CKV2_AWS_6", "S3 buckets must have a public access block.", buckets, "s3-public-access-block"),
		estMapped("CK", "CKV2_AWS_10", "CloudTrail trails must be integrated with CloudWatch Logs.", trail, "cloudtrail-baseline"),
		estMapped("CK", "CKV2_AWS_11", "VPC flow logging must be enabled in all VPCs.", vpc, "vpc-flow-logs"),
		estMapped("CK", "CKV2_AWS_12", "The default security group of every VPC must restrict all traffic.", defaultSG, "default-sg-closed"),
		estMapped("CK", "CKV2_AWS_20", "ALBs must redirect HTTP requests to HTTPS.", listeners, "alb-https-or-redirect"),
		estMapped("CK", "CKV2_AWS_28", "Public-facing ALBs must be protected by WAF.", albs, "waf-in-front"),
		estMapped("CK", "CKV2_AWS_31", "WAF2 web ACLs must have a logging configuration.", acl, "waf-logging-and-alarms"),
		estReasoned("CK", "CKV2_AWS_32", "CloudFront distributions must attach a response headers policy.", dist,
			"browser security headers of a public static site; no ePHI is served through CloudFront (static-sites-not-phi)"),
		estMapped("CK", "CKV2_AWS_40", "IAM policies must not allow full IAM privileges (iam:*).", policies, "no-admin-or-wildcard-statements"),
		estMapped("CK", "CKV2_AWS_42", "CloudFront distributions must use a custom SSL certificate.", dist, "cf-min-tls"),
		estMapped("CK", "CKV2_AWS_46", "CloudFront S3 origins must use origin access.", dist, "cf-origin-tls-and-oac"),
		estReasoned("CK", "CKV2_AWS_47", "CloudFront's WAFv2 web ACL must carry the AMR for the Log4j vulnerability.", dist,
			"waf-in-front requires an AWS managed rule group on every web ACL; which groups (KnownBadInputs covers Log4j) is the WAF owner's choice, and the estate's ACL carries it"),
		estMapped("CK", "CKV2_AWS_49", "DMS endpoints must have SSL configured.", dmsEndpoint, "dms-endpoint-ssl"),
		estMapped("CK", "CKV2_AWS_56", "The AWS managed IAMFullAccess policy must not be used.", attachments, "no-broad-managed-policies"),
		estMapped("CK", "CKV2_AWS_57", "Secrets Manager secrets must have automatic rotation.", secretRot, "secrets-rotated"),
		estReasoned("CK", "CKV2_AWS_61", "S3 buckets must have a lifecycle configuration.", buckets, estWhyLifecycle),
		estReasoned("CK", "CKV2_AWS_62", "S3 buckets must have event notifications.", buckets, estWhyNotify),
		estReasoned("CK", "CKV2_AWS_64", "KMS keys must define a key policy.", key,
			"without one AWS applies the default key policy, which delegates to IAM, where no-admin-or-wildcard-statements and kms-decrypt-scoped judge every grant; kms-key-safety judges a policy that is set"),
		estMapped("CK", "CKV2_AWS_65", "S3 bucket ACLs must be disabled.", bucketsAndACL, "s3-acls-disabled"),
		estMapped("CK", "CKV2_AWS_72", "CloudFront custom origins must be reached over HTTPS only.", dist, "cf-origin-tls-and-oac"),
		estMapped("CK", "CKV2_AWS_74", "Load balancers must use strong ciphers.", listeners, "alb-tls-policy-and-acm"),
		estReasoned("CK", "CKV2_AWS_76", "An ALB's WAFv2 web ACL must carry the AMR for the Log4j vulnerability.", albs,
			"waf-in-front requires an AWS managed rule group on every web ACL; which groups (KnownBadInputs covers Log4j) is the WAF owner's choice, and the estate's ACL carries it"),

		// Prowler
		estReasoned("PR", "backup_plans_exist", "At least one AWS Backup plan exists.", plan,
			"account state; every Aurora cluster must be selected by a plan (aurora-in-backup-plan) and every plan is judged (backup-plan-quality)"),
		estMapped("PR", "backup_recovery_point_encrypted", "Backup recovery points are encrypted at rest.", vault, "backup-vault-cmk"),
		estMapped("PR", "backup_vaults_encrypted", "Backup vaults are encrypted at rest.", vault, "backup-vault-cmk"),
		estMapped("PR", "cloudfront_distributions_custom_ssl_certificate", "CloudFront distributions use a custom SSL/TLS certificate.", dist, "cf-min-tls"),
		estReasoned("PR", "cloudfront_distributions_default_root_object", "CloudFront distributions have a default root object.", dist,
			"a static site's routing choice; S3 origins are reached only through origin access control (cf-origin-tls-and-oac), so no listing is exposed"),
		estReasoned("PR", "cloudfront_distributions_field_level_encryption_enabled", "CloudFront distributions have field-level encryption.", dist,
			"field-level encryption protects form fields sent to an origin; CloudFront serves only Public static sites here (static-sites-not-phi), and APIs carrying ePHI are behind the ALB over TLS"),
		estReasoned("PR", "cloudfront_distributions_geo_restrictions_enabled", "CloudFront distributions have geo restrictions.", dist,
			"a business choice for public content (the estate's sites restrict to their countries); not a safeguard of ePHI"),
		estMapped("PR", "cloudfront_distributions_https_enabled", "CloudFront distributions require HTTPS from viewers.", dist, "cf-viewer-https"),
		estMapped("PR", "cloudfront_distributions_https_sni_enabled", "CloudFront distributions serve HTTPS with SNI.", dist, "cf-min-tls"),
		estMapped("PR", "cloudfront_distributions_logging_enabled", "CloudFront distributions log requests.", dist, "cloudfront-logging"),
		estReasoned("PR", "cloudfront_distributions_multiple_origin_failover_configured", "CloudFront distributions have origin failover.", dist,
			"the availability of a public static site, which holds no ePHI (static-sites-not-phi)"),
		estMapped("PR", "cloudfront_distributions_origin_traffic_encrypted", "CloudFront distributions encrypt traffic to custom origins.", dist, "cf-origin-tls-and-oac"),
		estMapped("PR", "cloudfront_distributions_s3_origin_access_control", "CloudFront S3 origins use origin access control.", dist, "cf-origin-tls-and-oac"),
		estMapped("PR", "cloudfront_distributions_using_deprecated_ssl_protocols", "CloudFront distributions use no SSLv3, TLSv1 or TLSv1.1 to origins.", dist, "cf-origin-tls-and-oac"),
		estMapped("PR", "cloudfront_distributions_using_waf", "CloudFront distributions use an AWS WAF web ACL.", dist, "waf-in-front"),
		estReasoned("PR", "cloudtrail_bucket_requires_mfa_delete", "The CloudTrail bucket has MFA delete.", buckets, estWhyMFADelete),
		estMapped("PR", "cloudtrail_cloudwatch_logging_enabled", "CloudTrail trails deliver logs to CloudWatch Logs.", trail, "cloudtrail-baseline"),
		estReasoned("PR", "cloudtrail_insights_exist", "CloudTrail trails have Insights enabled.", trail,
			"anomaly detection on API call volume, an operational aid billed per event; trails and their CloudWatch delivery are required (cloudtrail-baseline)"),
		estMapped("PR", "cloudtrail_kms_encryption_enabled", "CloudTrail logs are encrypted with a KMS key.", trail, "cloudtrail-baseline"),
		estMapped("PR", "cloudtrail_log_file_validation_enabled", "CloudTrail trails validate log files.", trail, "cloudtrail-baseline"),
		estMapped("PR", "cloudtrail_logs_s3_bucket_access_logging_enabled", "The CloudTrail bucket has access logging.", buckets, "s3-access-logging"),
		estMapped("PR", "cloudtrail_logs_s3_bucket_is_not_publicly_accessible", "The CloudTrail bucket is not public.", bucketsAndPolicy, "s3-public-access-block", "resource-policies-not-public"),
		estMapped("PR", "cloudtrail_multi_region_enabled", "Every Region has a CloudTrail trail logging.", trail, "cloudtrail-baseline", "trail-exists"),
		estMapped("PR", "cloudtrail_multi_region_enabled_logging_management_events", "A trail logs read and write management events.", trail, "cloudtrail-baseline"),
		estMapped("PR", "cloudtrail_s3_dataevents_read_enabled", "A trail records S3 object-level read events for all buckets.", trailAndBuckets, "cloudtrail-baseline"),
		estMapped("PR", "cloudtrail_s3_dataevents_write_enabled", "A trail records S3 object-level write events for all buckets.", trailAndBuckets, "cloudtrail-baseline"),
		estMapped("PR", "cloudwatch_log_group_kms_encryption_enabled", "CloudWatch log groups are encrypted with KMS.", logs, "log-group-kms"),
		estReasoned("PR", "cloudwatch_log_group_no_secrets_in_logs", "CloudWatch log events contain no secrets.", logs, estWhyRuntime),
		estMapped("PR", "cloudwatch_log_group_retention_policy_specific_days_enabled", "CloudWatch log groups retain logs at least the configured days.", logs, "log-retention"),
		estMapped("PR", "dms_endpoint_ssl_enabled", "DMS endpoints use SSL.", dmsEndpoint, "dms-endpoint-ssl"),
		estMapped("PR", "dms_instance_minor_version_upgrade_enabled", "DMS replication instances upgrade minor versions automatically.", dmsInst, "auto-patching"),
		estMapped("PR", "dms_instance_multi_az_enabled", "DMS replication instances are Multi-AZ.", dmsInst, "auto-patching"),
		estMapped("PR", "dms_instance_no_public_access", "DMS replication instances are not public.", dmsInst, "dms-private"),
		estReasoned("PR", "ecr_repositories_lifecycle_policy_enabled", "ECR repositories have a lifecycle policy.", repo,
			"image retention is a cost and hygiene choice; images are scanned on push and immutable (ecr-hardening)"),
		estMapped("PR", "ecr_repositories_not_publicly_accessible", "ECR repositories are not public.", repoPolicy, "resource-policies-not-public"),
		estMapped("PR", "ecr_repositories_scan_images_on_push_enabled", "ECR repositories scan images on push.", repo, "ecr-hardening"),
		estReasoned("PR", "ecr_repositories_scan_vulnerabilities_in_latest_image", "ECR repositories' latest image has no findings at or above the minimum severity.", repo, estWhyRuntime),
		estMapped("PR", "ecr_repositories_tag_immutability", "ECR repositories have immutable tags.", repo, "ecr-hardening"),
		estMapped("PR", "ecs_cluster_container_insights_enabled", "ECS clusters have Container Insights.", ecsCluster, "ecs-cluster-monitoring"),
		estMapped("PR", "ecs_service_fargate_latest_platform_version", "ECS Fargate services run the latest platform version.", ecsService, "auto-patching"),
		estMapped("PR", "ecs_service_no_assign_public_ip", "ECS services do not assign public IPs.", ecsService, "ecs-tasks-private"),
		estMapped("PR", "elbv2_deletion_protection", "ELBv2 load balancers have deletion protection.", albs, "alb-deletion-protection"),
		estMapped("PR", "elbv2_desync_mitigation_mode", "ALBs mitigate desync (defensive or strictest) or drop invalid headers.", albs, "alb-header-hygiene"),
		estMapped("PR", "elbv2_insecure_ssl_ciphers", "ELBv2 HTTPS listeners use a secure SSL policy.", listeners, "alb-tls-policy-and-acm"),
		estReasoned("PR", "elbv2_internet_facing", "ALBs are not reachable from 0.0.0.0/0.", albs,
			"the public ALB is the estate's front door by design: it serves HTTPS only (alb-https-or-redirect), behind WAF (waf-in-front), and only its group may admit 443/80 from the internet (no-world-ingress-except-public-alb)"),
		estReasoned("PR", "elbv2_is_in_multiple_az", "ELBv2 load balancers span multiple Availability Zones.", albs,
			"the ELBv2 API requires subnets in at least two Availability Zones for an ALB"),
		estMapped("PR", "elbv2_logging_enabled", "ELBv2 load balancers write access logs to S3.", albs, "alb-access-logs"),
		estMapped("PR", "elbv2_ssl_listeners", "ALB listeners use HTTPS or redirect HTTP to HTTPS.", listeners, "alb-https-or-redirect"),
		estMapped("PR", "elbv2_waf_acl_attached", "ALBs have a WAF web ACL attached.", albs, "waf-in-front"),
		estMapped("PR", "iam_aws_attached_policy_no_administrative_privileges", "Attached AWS managed policies do not allow *:*.", attachments, "no-broad-managed-policies"),
		estMapped("PR", "iam_customer_attached_policy_no_administrative_privileges", "Attached customer managed policies do not allow *:*.", customer, "no-admin-or-wildcard-statements"),
		estMapped("PR", "iam_customer_unattached_policy_no_administrative_privileges", "Unattached customer managed policies do not allow *:*.", customer, "no-admin-or-wildcard-statements"),
		estMapped("PR", "iam_inline_policy_no_administrative_privileges", "Inline policies do not allow *:*.", inline, "no-admin-or-wildcard-statements"),
		estMapped("PR", "iam_inline_policy_no_full_access_to_cloudtrail", "Inline policies do not allow cloudtrail:*.", inline, "no-admin-or-wildcard-statements"),
		estMapped("PR", "iam_inline_policy_no_full_access_to_kms", "Inline policies do not allow kms:*.", inline, "no-admin-or-wildcard-statements", "kms-decrypt-scoped"),
		estReasoned("PR", "iam_inline_policy_allows_privilege_escalation", "Inline policies do not allow privilege escalation.", inline, estWhyPrivEsc),
		estReasoned("PR", "iam_no_custom_policy_permissive_role_assumption", "Custom policies do not allow sts:AssumeRole on *.", customer, estWhyPrivEsc),
		estMapped("PR", "iam_policy_attached_only_to_group_or_roles", "IAM users have no inline or attached policies.", userPolicies, "no-user-attached-policies"),
		estReasoned("PR", "iam_policy_allows_privilege_escalation", "Customer managed policies do not allow privilege escalation.", customer, estWhyPrivEsc),
		estMapped("PR", "iam_policy_no_full_access_to_cloudtrail", "Customer managed policies do not allow cloudtrail:*.", customer, "no-admin-or-wildcard-statements"),
		estMapped("PR", "iam_policy_no_full_access_to_kms", "Customer managed policies do not allow kms:*.", customer, "no-admin-or-wildcard-statements", "kms-decrypt-scoped"),
		estReasoned("PR", "iam_role_cross_account_readonlyaccess_policy", "Roles do not grant ReadOnlyAccess to other accounts.", role,
			"another account's principals must present sts:ExternalId or aws:PrincipalOrgID (trust-policy-restricted); ReadOnlyAccess reads configuration, not object or table data"),
		estReasoned("PR", "iam_role_cross_service_confused_deputy_prevention", "Service roles' trusts carry aws:SourceAccount or aws:SourceArn.", role,
			"trust-policy-restricted requires them of ecs-tasks.amazonaws.com, the estate's workload service; not every AWS service sets these keys when it assumes a role, so requiring them of every service would break working roles"),
		estMapped("PR", "iam_user_no_setup_initial_access_key", "IAM users have no unused initial access keys.", accessKey, "no-access-keys"),
		estMapped("PR", "kms_cmk_not_deleted_unintentionally", "KMS keys are not scheduled for deletion.", key, "kms-key-safety"),
		estMapped("PR", "kms_cmk_rotation_enabled", "Symmetric customer managed keys rotate automatically.", key, "kms-rotation"),
		estMapped("PR", "kms_key_not_publicly_accessible", "KMS key policies grant no one and everyone.", key, "kms-key-safety"),
		estMapped("PR", "s3_bucket_acl_prohibited", "S3 buckets have ACLs disabled.", bucketsAndACL, "s3-acls-disabled"),
		estReasoned("PR", "s3_bucket_cross_account_access", "S3 bucket policies do not allow other accounts.", bucketsAndPolicy,
			"sharing with a named account is a decision a bucket policy records and review approves; policies open to anyone are refused (resource-policies-not-public)"),
		estMapped("PR", "s3_bucket_cross_region_replication", "S3 buckets replicate to another Region.", buckets, "s3-replication-dr"),
		estMapped("PR", "s3_bucket_default_encryption", "S3 buckets have default encryption.", buckets, "s3-sse-kms"),
		estReasoned("PR", "s3_bucket_event_notifications_enabled", "S3 buckets have event notifications.", buckets, estWhyNotify),
		estMapped("PR", "s3_bucket_kms_encryption", "S3 buckets use SSE-KMS.", buckets, "s3-sse-kms"),
		estMapped("PR", "s3_bucket_level_public_access_block", "S3 buckets block public access.", pab, "s3-public-access-block"),
		estReasoned("PR", "s3_bucket_lifecycle_enabled", "S3 buckets have a lifecycle configuration.", buckets, estWhyLifecycle),
		estReasoned("PR", "s3_bucket_no_mfa_delete", "S3 buckets have MFA delete.", buckets, estWhyMFADelete),
		estMapped("PR", "s3_bucket_object_lock", "S3 buckets have object lock.", trailAndBuckets, "audit-bucket-immutability"),
		estMapped("PR", "s3_bucket_object_versioning", "S3 buckets keep object versions.", buckets, "s3-versioning"),
		estMapped("PR", "s3_bucket_policy_public_write_access", "S3 bucket policies allow no public write.", []string{S3BucketPolicy}, "resource-policies-not-public"),
		estMapped("PR", "s3_bucket_public_access", "S3 buckets are not public to everyone or authenticated users.", bucketsAndPolicy, "s3-public-access-block", "s3-acls-disabled", "resource-policies-not-public"),
		estMapped("PR", "s3_bucket_public_list_acl", "S3 bucket ACLs do not let everyone list.", bucketsAndACL, "s3-acls-disabled"),
		estMapped("PR", "s3_bucket_public_write_acl", "S3 bucket ACLs do not let everyone write.", bucketsAndACL, "s3-acls-disabled"),
		estMapped("PR", "s3_bucket_secure_transport_policy", "S3 bucket policies deny insecure transport.", bucketsAndPolicy, "s3-deny-insecure-transport"),
		estMapped("PR", "s3_bucket_server_access_logging_enabled", "S3 buckets log server access.", buckets, "s3-access-logging"),
		estMapped("PR", "secretsmanager_automatic_rotation_enabled", "Secrets Manager secrets rotate automatically.", secretRot, "secrets-rotated"),
		estReasoned("PR", "secretsmanager_secret_rotated_periodically", "Secrets Manager secrets were rotated within the maximum days.", secret, estWhyRuntime),
		estMapped("PR", "sns_topics_kms_encryption_at_rest_enabled", "SNS topics are encrypted with KMS.", topic, "sns-kms"),
		estMapped("PR", "sns_topics_not_publicly_accessible", "SNS topic policies are not public.", topicPolicies, "resource-policies-not-public"),
		estMapped("PR", "vpc_flow_logs_enabled", "VPCs have flow logs.", vpc, "vpc-flow-logs"),
		estMapped("PR", "vpc_subnet_no_public_ip_by_default", "Subnets do not assign public IPs by default.", subnet, "public-tier-confined"),
		estReasoned("PR", "vpc_subnet_separate_private_public", "VPCs have both public and private subnets.", vpc,
			"a topology of the account, not of one resource; public-tier-confined keeps public IPs and internet routes to the public tier"),
		estMapped("PR", "wafv2_webacl_logging_enabled", "WAFv2 web ACLs log.", acl, "waf-logging-and-alarms"),
		estMapped("PR", "wafv2_webacl_rule_logging_enabled", "WAFv2 web ACLs emit CloudWatch metrics.", acl, "waf-logging-and-alarms"),
		estMapped("PR", "wafv2_webacl_with_rules", "WAFv2 web ACLs have at least one rule or rule group.", acl, "waf-in-front"),
	)

	dataTypes = append(dataTypes,
		DataType{Type: S3BucketV2}, DataType{Type: S3Bucket},
		DataType{Type: "aws:s3/bucketObjectv2:BucketObjectv2", Reason: "an object is its bucket's data: its bucket's encryption, access, logging and replication rules protect it, and its own SSE inputs only override the bucket's default key"},
		DataType{Type: "aws:s3/bucketObject:BucketObject", Reason: "the legacy object type; an object is its bucket's data, protected by its bucket's rules"},
		DataType{Type: RDSCluster}, DataType{Type: SNSTopic}, DataType{Type: LogGroup}, DataType{Type: Secret},
		DataType{Type: KMSKey}, DataType{Type: CloudTrail}, DataType{Type: BackupVault},
		DataType{Type: DMSReplicationInstance}, DataType{Type: DMSEndpoint}, DataType{Type: DMSS3Endpoint},
		DataType{Type: LBLoadBalancer}, DataType{Type: ALBLoadBalancer}, DataType{Type: classicELB},
		DataType{Type: LBListener}, DataType{Type: ALBListener}, DataType{Type: CloudFrontDist}, DataType{Type: WAFWebACL},
		DataType{Type: ECRRepository}, DataType{Type: ECSCluster}, DataType{Type: ECSService},
		DataType{Type: IAMRole}, DataType{Type: IAMPolicy}, DataType{Type: IAMRolePolicy}, DataType{Type: iamGroupPolicy},
		DataType{Type: IAMUserPolicy}, DataType{Type: IAMUser}, DataType{Type: iamGroup}, DataType{Type: IAMAccessKey},
		DataType{Type: SecurityGroup}, DataType{Type: VPC}, DataType{Type: Subnet},
	)
}
