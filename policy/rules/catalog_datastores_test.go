package rules

import (
	"slices"
	"strings"
	"testing"
)

// dsCase is dsOne data store resource rule judged four ways: a compliant
// resource draws nothing; a violating dsOne draws a violation whose text
// (after "<type> <name>: ") starts with want; a value unknown at preview
// defers (presence checks count it as set and stay quiet); a value of the
// wrong shape is a violation naming the input.
type dsCase struct {
	rule, typ   string
	ok, bad     M
	want        string
	unsure      M
	presence    bool
	shape       M
	shapedInput string
}

const dsPhiTag = "PHI"

func dsTagged(class string, m M) M {
	out := M{"tags": M{"DataClassification": class}}
	for k, v := range m {
		out[k] = v
	}
	return out
}

var dsCases = []dsCase{
	{rule: "rds-instance-encrypted", typ: RDSInstance,
		ok: dsTagged(dsPhiTag, M{"engine": "mysql", "storageEncrypted": true, "kmsKeyId": "arn:k"}), bad: M{"engine": "mysql"},
		want:   "storageEncrypted is unset (the AWS default is false)",
		unsure: M{"engine": "mysql", "storageEncrypted": unknown}, shape: M{"storageEncrypted": "yes"}, shapedInput: "storageEncrypted"},
	{rule: "rds-global-cluster-encrypted", typ: RDSGlobalCluster,
		ok: M{"storageEncrypted": true}, bad: M{"engine": "aurora-postgresql"},
		want:   "storageEncrypted is unset (the provider default is false unless sourceDbClusterIdentifier names an encrypted cluster)",
		unsure: M{"storageEncrypted": unknown}, shape: M{"storageEncrypted": []any{true}}, shapedInput: "storageEncrypted"},
	{rule: "elasticache-encrypted", typ: ElastiCacheReplication,
		ok: M{"atRestEncryptionEnabled": true}, bad: M{"engine": "redis"},
		want:   "atRestEncryptionEnabled is unset (the provider default is false for redis)",
		unsure: M{"atRestEncryptionEnabled": unknown}, shape: M{"atRestEncryptionEnabled": 1}, shapedInput: "atRestEncryptionEnabled"},
	{rule: "efs-encrypted", typ: EFSFileSystem,
		ok: dsTagged(dsPhiTag, M{"encrypted": true, "kmsKeyId": "arn:k"}), bad: M{"encrypted": false}, want: "encrypted is false",
		unsure: M{"encrypted": unknown}, shape: M{"encrypted": "maybe"}, shapedInput: "encrypted"},
	{rule: "dynamodb-kms", typ: DynamoTable,
		ok:     M{"serverSideEncryption": M{"enabled": true, "kmsKeyArn": "arn:k"}, "replicas": []any{M{"regionName": "us-west-2", "kmsKeyArn": "arn:k2"}}},
		bad:    M{"name": "visits"},
		want:   "serverSideEncryption.enabled is unset (the table uses an AWS-owned key, invisible to key policies and CloudTrail)",
		unsure: M{"serverSideEncryption": M{"enabled": unknown}}, shape: M{"serverSideEncryption": "on"}, shapedInput: "serverSideEncryption.enabled"},
	{rule: "search-domain-encrypted", typ: OpenSearchDomain,
		ok: M{"encryptAtRest": M{"enabled": true}}, bad: M{},
		want:   "encryptAtRest.enabled is unset (without the encryptAtRest block the provider default is false)",
		unsure: M{"encryptAtRest": unknown}, shape: M{"encryptAtRest": M{"enabled": "on"}}, shapedInput: "encryptAtRest.enabled"},
	{rule: "redshift-encrypted", typ: RedshiftCluster,
		ok: M{"encrypted": true}, bad: M{"encrypted": false}, want: "encrypted is false",
		unsure: M{"encrypted": unknown}, shape: M{"encrypted": 0}, shapedInput: "encrypted"},
	{rule: "docdb-encrypted", typ: DocDBCluster,
		ok: M{"storageEncrypted": true}, bad: M{}, want: "storageEncrypted is unset (the AWS default is false)",
		unsure: M{"storageEncrypted": unknown}, shape: M{"storageEncrypted": "true-ish"}, shapedInput: "storageEncrypted"},
	{rule: "neptune-encrypted", typ: NeptuneCluster,
		ok: dsTagged(dsPhiTag, M{"storageEncrypted": true, "kmsKeyArn": "arn:k"}), bad: dsTagged(dsPhiTag, M{"storageEncrypted": true}),
		want:   "kmsKeyArn is unset",
		unsure: M{"storageEncrypted": unknown}, shape: M{"storageEncrypted": M{}}, shapedInput: "storageEncrypted"},
	{rule: "datastore-cmk", typ: EFSFileSystem,
		ok: M{"encrypted": true, "kmsKeyId": "arn:k"}, bad: M{"encrypted": true}, want: "kmsKeyId is unset",
		unsure: M{"encrypted": true, "kmsKeyId": unknown}, presence: true, shape: M{"encrypted": true, "kmsKeyId": 5}, shapedInput: "kmsKeyId"},
	{rule: "db-instance-pi-cmk", typ: RDSInstance,
		ok: M{"performanceInsightsEnabled": true, "performanceInsightsKmsKeyId": "arn:k"}, bad: M{"performanceInsightsEnabled": true},
		want:   "performanceInsightsKmsKeyId is unset",
		unsure: M{"performanceInsightsEnabled": unknown}, shape: M{"performanceInsightsEnabled": "on"}, shapedInput: "performanceInsightsEnabled"},
	{rule: "dax-encrypted", typ: DAXCluster,
		ok: M{"serverSideEncryption": M{"enabled": true}}, bad: M{}, want: "serverSideEncryption.enabled is unset (the provider default is false)",
		unsure: M{"serverSideEncryption": M{"enabled": unknown}}, shape: M{"serverSideEncryption": []any{}}, shapedInput: "serverSideEncryption.enabled"},

	{rule: "rds-proxy-require-tls", typ: RDSProxy,
		ok: M{"requireTls": true}, bad: M{"engineFamily": "MYSQL"}, want: "requireTls is unset (the AWS default is false)",
		unsure: M{"requireTls": unknown}, shape: M{"requireTls": "yes"}, shapedInput: "requireTls"},
	{rule: "elasticache-in-transit", typ: ElastiCacheReplication,
		ok: M{"transitEncryptionEnabled": true, "transitEncryptionMode": "required"}, bad: M{"transitEncryptionEnabled": true, "transitEncryptionMode": "preferred"},
		want:   `transitEncryptionMode is "preferred", want one of required`,
		unsure: M{"transitEncryptionEnabled": unknown}, shape: M{"transitEncryptionEnabled": true, "transitEncryptionMode": 2}, shapedInput: "transitEncryptionMode"},
	{rule: "search-domain-https", typ: OpenSearchDomain,
		ok:     M{"domainEndpointOptions": M{"enforceHttps": true, "tlsSecurityPolicy": "Policy-Min-TLS-1-2-PFS-2023-10"}},
		bad:    M{"domainEndpointOptions": M{"tlsSecurityPolicy": "Policy-Min-TLS-1-0-2019-07"}},
		want:   `domainEndpointOptions.tlsSecurityPolicy is "Policy-Min-TLS-1-0-2019-07", want one of Policy-Min-TLS-1-2-2019-07, Policy-Min-TLS-1-2-PFS-2023-10`,
		unsure: M{"domainEndpointOptions": M{"tlsSecurityPolicy": unknown}}, shape: M{"domainEndpointOptions": M{"enforceHttps": "yes", "tlsSecurityPolicy": "Policy-Min-TLS-1-2-2019-07"}},
		shapedInput: "domainEndpointOptions.enforceHttps"},
	{rule: "search-domain-node-to-node", typ: ElasticsearchDomain,
		ok: M{"nodeToNodeEncryption": M{"enabled": true}}, bad: M{"nodeToNodeEncryption": M{"enabled": false}}, want: "nodeToNodeEncryption.enabled is false",
		unsure: M{"nodeToNodeEncryption": M{"enabled": unknown}}, shape: M{"nodeToNodeEncryption": true}, shapedInput: "nodeToNodeEncryption.enabled"},
	{rule: "docdb-tls", typ: DocDBParameterGroup,
		ok: M{"parameters": []any{M{"name": "tls", "value": "enabled"}}}, bad: M{"parameters": []any{M{"name": "tls", "value": "disabled"}}},
		want:   "parameter tls is disabled, so the cluster accepts plaintext connections",
		unsure: M{"parameters": unknown}, shape: M{"parameters": "tls=disabled"}, shapedInput: "parameters"},
	{rule: "dax-tls", typ: DAXCluster,
		ok: M{"clusterEndpointEncryptionType": "TLS"}, bad: M{}, want: "clusterEndpointEncryptionType is unset (the provider default is NONE)",
		unsure: M{"clusterEndpointEncryptionType": unknown}, shape: M{"clusterEndpointEncryptionType": true}, shapedInput: "clusterEndpointEncryptionType"},
	{rule: "rds-instance-current-ca", typ: RDSInstance,
		ok: M{"caCertIdentifier": "rds-ca-rsa2048-g1"}, bad: M{"caCertIdentifier": "rds-ca-2019"},
		want:   `caCertIdentifier is "rds-ca-2019", want one of rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1`,
		unsure: M{"caCertIdentifier": unknown}, shape: M{"caCertIdentifier": 2019}, shapedInput: "caCertIdentifier"},

	{rule: "rds-instance-private", typ: RDSInstance,
		ok: M{"publiclyAccessible": false}, bad: M{"publiclyAccessible": true}, want: "publiclyAccessible is true",
		unsure: M{"publiclyAccessible": unknown}, shape: M{"publiclyAccessible": "no"}, shapedInput: "publiclyAccessible"},
	{rule: "redshift-private", typ: RedshiftCluster,
		ok: M{"publiclyAccessible": false, "clusterSubnetGroupName": "private"}, bad: M{"clusterSubnetGroupName": "private"},
		want:   "publiclyAccessible is unset (the provider default is true)",
		unsure: M{"publiclyAccessible": unknown, "clusterSubnetGroupName": unknown}, shape: M{"publiclyAccessible": false, "clusterSubnetGroupName": []any{"a"}}, shapedInput: "clusterSubnetGroupName"},
	{rule: "search-domain-in-vpc", typ: OpenSearchDomain,
		ok: M{"vpcOptions": M{"subnetIds": []any{"subnet-1"}, "securityGroupIds": []any{"sg-1"}}}, bad: M{},
		want:   "vpcOptions.subnetIds is empty, so the domain has a public endpoint",
		unsure: M{"vpcOptions": M{"subnetIds": unknown, "securityGroupIds": unknown}}, presence: true,
		shape: M{"vpcOptions": M{"subnetIds": "subnet-1", "securityGroupIds": []any{"sg-1"}}}, shapedInput: "vpcOptions.subnetIds"},
	{rule: "neptune-instances-private", typ: NeptuneClusterInstance,
		ok: M{"publiclyAccessible": false}, bad: M{"publiclyAccessible": true}, want: "publiclyAccessible is true",
		unsure: M{"publiclyAccessible": unknown}, shape: M{"publiclyAccessible": 1}, shapedInput: "publiclyAccessible"},
	{rule: "db-snapshots-not-public", typ: RDSSnapshot,
		ok: M{"sharedAccounts": []any{"111122223333"}}, bad: M{"sharedAccounts": []any{"all"}}, want: "sharedAccounts contains all, so anyone can restore the snapshot",
		unsure: M{"sharedAccounts": unknown}, shape: M{"sharedAccounts": "all"}, shapedInput: "sharedAccounts"},
	{rule: "elasticache-subnet-group", typ: ElastiCacheReplication,
		ok: M{"subnetGroupName": "cache"}, bad: M{}, want: "subnetGroupName is unset",
		unsure: M{"subnetGroupName": unknown}, presence: true, shape: M{"subnetGroupName": 3}, shapedInput: "subnetGroupName"},
	{rule: "rds-instance-non-default-port", typ: RDSInstance,
		ok: M{"engine": "mysql", "port": 3307}, bad: M{"engine": "mysql"}, want: "port is unset, so mysql listens on its default 3306",
		unsure: M{"engine": "mysql", "port": unknown}, shape: M{"engine": "mysql", "port": "abc"}, shapedInput: "port"},
	{rule: "redshift-enhanced-vpc-routing", typ: RedshiftCluster,
		ok: M{"enhancedVpcRouting": true}, bad: M{}, want: "enhancedVpcRouting is unset (the AWS default is false)",
		unsure: M{"enhancedVpcRouting": unknown}, shape: M{"enhancedVpcRouting": "on"}, shapedInput: "enhancedVpcRouting"},

	{rule: "rds-instance-backup-retention", typ: RDSInstance,
		ok: M{"backupRetentionPeriod": 35}, bad: M{"engine": "postgres"},
		want:   "backupRetentionPeriod is unset (the provider documents 0 and the RDS API applies 1 day when it is not sent), want at least 7",
		unsure: M{"backupRetentionPeriod": unknown}, shape: M{"backupRetentionPeriod": "seven"}, shapedInput: "backupRetentionPeriod"},
	{rule: "rds-instance-multi-az", typ: RDSInstance,
		ok: M{"multiAz": true}, bad: M{}, want: "multiAz is unset (the AWS default is false)",
		unsure: M{"multiAz": unknown}, shape: M{"multiAz": "yes"}, shapedInput: "multiAz"},
	{rule: "elasticache-snapshot-retention", typ: ElastiCacheReplication,
		ok: M{"snapshotRetentionLimit": 15}, bad: M{"snapshotRetentionLimit": 7}, want: "snapshotRetentionLimit is 7, want at least 15",
		unsure: M{"snapshotRetentionLimit": unknown}, shape: M{"snapshotRetentionLimit": []any{15}}, shapedInput: "snapshotRetentionLimit"},
	{rule: "elasticache-failover", typ: ElastiCacheReplication,
		ok: M{"automaticFailoverEnabled": true, "multiAzEnabled": true}, bad: M{"automaticFailoverEnabled": true},
		want:   "multiAzEnabled is unset (the provider default is false)",
		unsure: M{"automaticFailoverEnabled": unknown, "multiAzEnabled": true}, shape: M{"automaticFailoverEnabled": true, "multiAzEnabled": "true-ish"}, shapedInput: "multiAzEnabled"},
	{rule: "dynamodb-pitr", typ: DynamoTable,
		ok: M{"pointInTimeRecovery": M{"enabled": true}}, bad: M{},
		want:   "pointInTimeRecovery.enabled is unset (without the block the provider default is false)",
		unsure: M{"pointInTimeRecovery": M{"enabled": unknown}}, shape: M{"pointInTimeRecovery": true}, shapedInput: "pointInTimeRecovery.enabled"},
	{rule: "search-domain-fault-tolerant", typ: OpenSearchDomain,
		ok:     M{"clusterConfig": M{"zoneAwarenessEnabled": true, "instanceCount": 3, "dedicatedMasterEnabled": true, "dedicatedMasterCount": 3}},
		bad:    M{"clusterConfig": M{"zoneAwarenessEnabled": true, "instanceCount": 2, "dedicatedMasterEnabled": true, "dedicatedMasterCount": 3}},
		want:   "clusterConfig.instanceCount is 2, want at least 3",
		unsure: M{"clusterConfig": unknown}, shape: M{"clusterConfig": M{"zoneAwarenessEnabled": true, "instanceCount": "three", "dedicatedMasterEnabled": true, "dedicatedMasterCount": 3}},
		shapedInput: "clusterConfig.instanceCount"},
	{rule: "redshift-snapshot-retention", typ: RedshiftCluster,
		ok: M{"automatedSnapshotRetentionPeriod": 7}, bad: M{},
		want:   "automatedSnapshotRetentionPeriod is unset (the provider default is 1 day), want at least 7",
		unsure: M{"automatedSnapshotRetentionPeriod": unknown}, shape: M{"automatedSnapshotRetentionPeriod": M{}}, shapedInput: "automatedSnapshotRetentionPeriod"},
	{rule: "datastore-auto-upgrade", typ: RDSInstance,
		ok: M{"autoMinorVersionUpgrade": true}, bad: M{"autoMinorVersionUpgrade": false}, want: "autoMinorVersionUpgrade is false",
		unsure: M{"autoMinorVersionUpgrade": unknown}, shape: M{"autoMinorVersionUpgrade": "auto"}, shapedInput: "autoMinorVersionUpgrade"},
	{rule: "redshift-multi-az", typ: RedshiftCluster,
		ok: M{"multiAz": true}, bad: M{"multiAz": false}, want: "multiAz is false",
		unsure: M{"multiAz": unknown}, shape: M{"multiAz": 2}, shapedInput: "multiAz"},
	{rule: "docdb-backup-retention", typ: DocDBCluster,
		ok: M{"backupRetentionPeriod": 7}, bad: M{"backupRetentionPeriod": 1}, want: "backupRetentionPeriod is 1, want at least 7",
		unsure: M{"backupRetentionPeriod": unknown}, shape: M{"backupRetentionPeriod": "week"}, shapedInput: "backupRetentionPeriod"},
	{rule: "neptune-backup-retention", typ: NeptuneCluster,
		ok: M{"backupRetentionPeriod": 14}, bad: M{}, want: "backupRetentionPeriod is unset (the provider default is 1 day), want at least 7",
		unsure: M{"backupRetentionPeriod": unknown}, shape: M{"backupRetentionPeriod": true}, shapedInput: "backupRetentionPeriod"},
	{rule: "dax-multi-az", typ: DAXCluster,
		ok: M{"replicationFactor": 3}, bad: M{"replicationFactor": 1}, want: "replicationFactor is 1, want at least 3",
		unsure: M{"replicationFactor": unknown}, shape: M{"replicationFactor": "three"}, shapedInput: "replicationFactor"},

	{rule: "rds-instance-log-exports", typ: RDSInstance,
		ok: M{"engine": "postgres", "enabledCloudwatchLogsExports": []any{"postgresql", "upgrade"}}, bad: M{"engine": "mysql", "enabledCloudwatchLogsExports": []any{"error"}},
		want:   "mysql does not export the audit, general, slowquery log(s) to CloudWatch",
		unsure: M{"engine": "mysql", "enabledCloudwatchLogsExports": unknown}, shape: M{"engine": "mysql", "enabledCloudwatchLogsExports": "audit"}, shapedInput: "enabledCloudwatchLogsExports"},
	{rule: "rds-instance-monitoring", typ: RDSInstance,
		ok:     M{"monitoringInterval": 60, "monitoringRoleArn": "arn:r", "performanceInsightsEnabled": true},
		bad:    M{"monitoringInterval": 0, "monitoringRoleArn": "arn:r", "performanceInsightsEnabled": true},
		want:   "monitoringInterval is 0, want at least 1",
		unsure: M{"monitoringInterval": unknown, "monitoringRoleArn": unknown, "performanceInsightsEnabled": true},
		shape:  M{"monitoringInterval": 60, "monitoringRoleArn": M{"arn": "r"}, "performanceInsightsEnabled": true}, shapedInput: "monitoringRoleArn"},
	{rule: "search-domain-logs", typ: OpenSearchDomain,
		ok: M{"logPublishingOptions": []any{
			M{"logType": "ES_APPLICATION_LOGS", "cloudwatchLogGroupArn": "arn:lg"}, M{"logType": "AUDIT_LOGS", "cloudwatchLogGroupArn": "arn:lg"},
			M{"logType": "INDEX_SLOW_LOGS", "cloudwatchLogGroupArn": "arn:lg"}, M{"logType": "SEARCH_SLOW_LOGS", "cloudwatchLogGroupArn": "arn:lg", "enabled": true}}},
		bad:    M{"logPublishingOptions": []any{M{"logType": "ES_APPLICATION_LOGS", "cloudwatchLogGroupArn": "arn:lg"}}},
		want:   "AUDIT_LOGS is not published to CloudWatch",
		unsure: M{"logPublishingOptions": unknown}, shape: M{"logPublishingOptions": "all"}, shapedInput: "logPublishingOptions"},
	{rule: "neptune-audit-logs", typ: NeptuneCluster,
		ok: M{"enableCloudwatchLogsExports": []any{"audit", "slowquery"}}, bad: M{}, want: "enableCloudwatchLogsExports is unset, so nothing is exported",
		unsure: M{"enableCloudwatchLogsExports": unknown}, shape: M{"enableCloudwatchLogsExports": "audit"}, shapedInput: "enableCloudwatchLogsExports"},

	{rule: "rds-instance-deletion-protection", typ: RDSInstance,
		ok: M{"deletionProtection": true, "finalSnapshotIdentifier": "visits-final"}, bad: M{"deletionProtection": true, "skipFinalSnapshot": true},
		want:   "skipFinalSnapshot is true",
		unsure: M{"deletionProtection": unknown, "finalSnapshotIdentifier": "f"}, shape: M{"deletionProtection": "on", "finalSnapshotIdentifier": "f"}, shapedInput: "deletionProtection"},
	{rule: "datastore-copy-tags-to-snapshots", typ: NeptuneCluster,
		ok: M{"copyTagsToSnapshot": true}, bad: M{}, want: "copyTagsToSnapshot is unset (the AWS default is false)",
		unsure: M{"copyTagsToSnapshot": unknown}, shape: M{"copyTagsToSnapshot": "yes"}, shapedInput: "copyTagsToSnapshot"},
	{rule: "dynamodb-deletion-protection", typ: DynamoTable,
		ok: M{"deletionProtectionEnabled": true}, bad: M{}, want: "deletionProtectionEnabled is unset (the provider default is false)",
		unsure: M{"deletionProtectionEnabled": unknown}, shape: M{"deletionProtectionEnabled": 1}, shapedInput: "deletionProtectionEnabled"},
	{rule: "docdb-deletion-protection", typ: DocDBCluster,
		ok: M{"deletionProtection": true}, bad: M{"deletionProtection": false}, want: "deletionProtection is false",
		unsure: M{"deletionProtection": unknown}, shape: M{"deletionProtection": "yes"}, shapedInput: "deletionProtection"},
	{rule: "neptune-deletion-protection", typ: NeptuneCluster,
		ok: M{"deletionProtection": true}, bad: M{}, want: "deletionProtection is unset (the provider default is false)",
		unsure: M{"deletionProtection": unknown}, shape: M{"deletionProtection": []any{}}, shapedInput: "deletionProtection"},

	{rule: "rds-instance-iam-auth", typ: RDSInstance,
		ok: M{"engine": "mysql", "iamDatabaseAuthenticationEnabled": true}, bad: M{"engine": "postgres"},
		want:   "iamDatabaseAuthenticationEnabled is unset (the AWS default is false)",
		unsure: M{"engine": unknown}, shape: M{"engine": "mysql", "iamDatabaseAuthenticationEnabled": "sure"}, shapedInput: "iamDatabaseAuthenticationEnabled"},
	{rule: "rds-instance-default-username", typ: RDSInstance,
		ok: M{"username": "visits_owner"}, bad: M{"username": "postgres"}, want: `username is the well-known default "postgres"`,
		unsure: M{"username": unknown}, shape: M{"username": 42}, shapedInput: "username"},
	{rule: "rds-instance-credentials", typ: RDSInstance,
		ok: M{"manageMasterUserPassword": true, "username": "visits_owner"}, bad: M{"password": secretOf{"hunter2-secret"}, "username": "admin"},
		want:   "password is set",
		unsure: M{"manageMasterUserPassword": unknown, "username": "visits_owner"}, shape: M{"manageMasterUserPassword": "yes", "username": "visits_owner"}, shapedInput: "manageMasterUserPassword"},
	{rule: "rds-proxy-iam-auth", typ: RDSProxy,
		ok: M{"auths": []any{M{"authScheme": "SECRETS", "iamAuth": "REQUIRED"}}}, bad: M{"auths": []any{M{"authScheme": "SECRETS"}}},
		want:   "auths[0].iamAuth is unset (AWS leaves IAM authentication DISABLED)",
		unsure: M{"auths": unknown}, shape: M{"auths": "iam"}, shapedInput: "auths"},
	{rule: "elasticache-auth", typ: ElastiCacheReplication,
		ok: M{"userGroupIds": []any{"visits-users"}}, bad: M{},
		want:   "neither authToken nor userGroupIds is set, so any client that reaches the port can read the cache",
		unsure: M{"userGroupIds": unknown}, presence: true, shape: M{"userGroupIds": "visits-users"}, shapedInput: "userGroupIds"},
	{rule: "search-domain-access-control", typ: OpenSearchDomain,
		ok: M{"advancedSecurityOptions": M{"enabled": true, "internalUserDatabaseEnabled": false}}, bad: M{"advancedSecurityOptions": M{"enabled": true, "internalUserDatabaseEnabled": true}},
		want:   "advancedSecurityOptions.internalUserDatabaseEnabled is true",
		unsure: M{"advancedSecurityOptions": M{"enabled": unknown}}, shape: M{"advancedSecurityOptions": "fgac"}, shapedInput: "advancedSecurityOptions.enabled"},
	{rule: "datastore-policies-not-public", typ: EFSFileSystemPolicy,
		ok:     M{"policy": `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/visits"},"Action":"elasticfilesystem:ClientMount","Resource":"*"}]}`},
		bad:    M{"policy": `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"elasticfilesystem:ClientMount","Resource":"*"}]}`},
		want:   "policy allows elasticfilesystem:ClientMount to any principal without a scoping condition",
		unsure: M{"policy": unknown}, shape: M{"policy": "{not json"}, shapedInput: "policy"},
	{rule: "redshift-credentials", typ: RedshiftCluster,
		ok:     M{"manageMasterPassword": true, "masterUsername": "warehouse_owner", "databaseName": "analytics"},
		bad:    M{"manageMasterPassword": true, "masterUsername": "awsuser", "databaseName": "analytics"},
		want:   `masterUsername is the well-known default "awsuser"`,
		unsure: M{"manageMasterPassword": unknown, "masterUsername": unknown, "databaseName": "analytics"},
		shape:  M{"manageMasterPassword": true, "masterUsername": 7, "databaseName": "analytics"}, shapedInput: "masterUsername"},
	{rule: "neptune-iam-auth", typ: NeptuneCluster,
		ok: M{"iamDatabaseAuthenticationEnabled": true}, bad: M{}, want: "iamDatabaseAuthenticationEnabled is unset (the AWS default is false)",
		unsure: M{"iamDatabaseAuthenticationEnabled": unknown}, shape: M{"iamDatabaseAuthenticationEnabled": "iam"}, shapedInput: "iamDatabaseAuthenticationEnabled"},
	{rule: "docdb-credentials", typ: DocDBCluster,
		ok: M{"manageMasterUserPassword": true}, bad: M{"masterPassword": secretOf{"hunter2-secret"}}, want: "masterPassword is set",
		unsure: M{"manageMasterUserPassword": unknown}, shape: M{"manageMasterUserPassword": "yes"}, shapedInput: "manageMasterUserPassword"},
	{rule: "efs-access-points-scoped", typ: EFSAccessPoint,
		ok: M{"rootDirectory": M{"path": "/visits"}, "posixUser": M{"uid": 10001, "gid": 10001}}, bad: M{"rootDirectory": M{"path": "/"}, "posixUser": M{"uid": 10001, "gid": 10001}},
		want:   "rootDirectory.path is /, so clients see the whole file system",
		unsure: M{"rootDirectory": M{"path": unknown}, "posixUser": M{"uid": unknown, "gid": 1}}, shape: M{"rootDirectory": M{"path": 5}, "posixUser": M{"uid": 1, "gid": 1}}, shapedInput: "rootDirectory.path"},
}

// The catalog-wide tables in rules_test.go see these cases too, so the
// "every rule has a case" tests count them.
func init() {
	for _, tc := range dsCases {
		resourceCases = append(resourceCases, ruleCase{tc.rule, tc.typ, tc.ok, tc.bad, tc.unsure})
		if tc.presence {
			presenceOnly[tc.rule] = true
		}
	}
	for _, tc := range dsStackCases {
		stackCases = append(stackCases, stackCase{tc.rule, tc.ok, tc.bad, tc.unsure})
	}
}

func TestDataStoreRulesCompliantViolatingUnknownAndWrongShape(t *testing.T) {
	for _, tc := range dsCases {
		t.Run(tc.rule, func(t *testing.T) {
			r := res(tc.typ, tc.ok)
			if v, d, msgs := verdict(t, tc.rule, r); v || d {
				t.Errorf("compliant: violated=%v deferred=%v %v", v, d, msgs)
			}
			r = res(tc.typ, tc.bad)
			v, _, msgs := verdict(t, tc.rule, r)
			prefix := tc.typ + " " + r.Name + ": " + tc.want + ". "
			if !v || !slices.ContainsFunc(msgs, func(m string) bool {
				return strings.HasPrefix(m, prefix) && strings.HasSuffix(m, ByName(tc.rule).Controls())
			}) {
				t.Errorf("violating: want a message starting %q, got %q", prefix, msgs)
			}
			v, d, msgs := verdict(t, tc.rule, res(tc.typ, tc.unsure))
			switch {
			case tc.presence && (v || d):
				t.Errorf("unknown: violated=%v deferred=%v %v; a presence check counts a computed value as set", v, d, msgs)
			case !tc.presence && (v || !d):
				t.Errorf("unknown: violated=%v deferred=%v %v, want only a deferral", v, d, msgs)
			}
			v, _, msgs = verdict(t, tc.rule, res(tc.typ, tc.shape))
			if !v || !slices.ContainsFunc(msgs, func(m string) bool {
				return strings.Contains(m, ": "+tc.shapedInput+" has an unexpected shape")
			}) {
				t.Errorf("wrong shape: want a violation naming %s, got %q", tc.shapedInput, msgs)
			}
		})
	}
}

func TestEveryDataStoreResourceRuleHasAFourWayCase(t *testing.T) {
	covered := map[string]bool{}
	for _, tc := range dsCases {
		covered[tc.rule] = true
	}
	for _, r := range dataStoreRules {
		if r.Scope == ScopeResource && !covered[r.Name] {
			t.Errorf("%s has no compliant/violating/unknown/wrong-shape case", r.Name)
		}
	}
}

// dsMessages runs dsOne resource rule and returns its violation texts
// without the "<type> <name>: " prefix and the fix.
func dsWhat(t *testing.T, rule string, r Resource) []string {
	t.Helper()
	_, _, msgs := verdict(t, rule, r)
	out := make([]string, len(msgs))
	for i, m := range msgs {
		m = strings.TrimPrefix(m, r.Type+" "+r.Name+": ")
		what, _, _ := strings.Cut(m, ". ")
		out[i] = what
	}
	return out
}

func TestDataStoreRulesFollowTheServiceSemantics(t *testing.T) {
	tests := []struct {
		name, rule, typ string
		props           M
		want            []string
	}{
		{"an Aurora-engine instance is judged by its cluster", "rds-instance-encrypted", RDSInstance, M{"engine": "aurora-mysql"}, nil},
		{"a same-region replica inherits encryption", "rds-instance-encrypted", RDSInstance, M{"replicateSourceDb": "visits"}, nil},
		{"a cross-region replica needs kmsKeyId", "rds-instance-encrypted", RDSInstance,
			M{"replicateSourceDb": "arn:aws:rds:us-east-1:1:db:visits", "storageEncrypted": true}, []string{"kmsKeyId is unset"}},
		{"a PHI instance needs a CMK", "rds-instance-encrypted", RDSInstance, dsTagged(dsPhiTag, M{"storageEncrypted": true}), []string{"kmsKeyId is unset"}},
		{"a global cluster from an existing cluster inherits", "rds-global-cluster-encrypted", RDSGlobalCluster, M{"sourceDbClusterIdentifier": "arn:c"}, nil},
		{"a global cluster may not turn encryption off", "rds-global-cluster-encrypted", RDSGlobalCluster,
			M{"sourceDbClusterIdentifier": "arn:c", "storageEncrypted": false}, []string{"storageEncrypted is false"}},
		{"valkey encrypts at rest by default", "elasticache-encrypted", ElastiCacheReplication, M{"engine": "valkey"}, nil},
		{"a PHI standalone cluster cannot be encrypted", "elasticache-encrypted", ElastiCacheCluster, dsTagged(dsPhiTag, M{"engine": "memcached"}),
			[]string{"a PHI cache is a standalone aws:elasticache/cluster, which has no at-rest encryption setting (memcached has none at all)"}},
		{"an Internal standalone cluster may stay unencrypted", "elasticache-encrypted", ElastiCacheCluster, M{"engine": "memcached"}, nil},
		{"a replication group member follows its group", "elasticache-in-transit", ElastiCacheCluster, M{"replicationGroupId": "rg"}, nil},
		{"a standalone cluster needs TLS", "elasticache-in-transit", ElastiCacheCluster, M{"engine": "memcached"}, []string{"transitEncryptionEnabled is unset (the AWS default is false)"}},
		{"a PHI serverless cache needs a CMK", "elasticache-encrypted", ElastiCacheServerless, dsTagged(dsPhiTag, M{"engine": "valkey"}), []string{"kmsKeyId is unset"}},
		{"a nested AWS-managed key on PHI is refused", "search-domain-encrypted", OpenSearchDomain,
			dsTagged(dsPhiTag, M{"encryptAtRest": M{"enabled": true, "kmsKeyId": "alias/aws/es"}}), []string{"encryptAtRest.kmsKeyId is the AWS-managed key alias/aws/es on a PHI resource"}},
		{"a table with a CMK needs one per replica", "dynamodb-kms", DynamoTable,
			M{"serverSideEncryption": M{"enabled": true, "kmsKeyArn": "arn:k"}, "replicas": []any{M{"regionName": "us-west-2"}}}, []string{"replicas[0].kmsKeyArn is unset"}},
		{"datastore-cmk leaves PHI to the service rule", "datastore-cmk", EFSFileSystem, dsTagged(dsPhiTag, M{"encrypted": true}), nil},
		{"datastore-cmk leaves unencrypted stores to the encryption rule", "datastore-cmk", RedshiftCluster, M{"encrypted": false}, nil},
		{"a valkey group encrypts by default, so it needs a key", "datastore-cmk", ElastiCacheReplication, M{"engine": "valkey"}, []string{"kmsKeyId is unset"}},
		{"datastore-cmk covers replicas of every class", "datastore-cmk", DynamoTableReplica, dsTagged(dsPhiTag, M{}), []string{"kmsKeyArn is unset"}},
		{"serverless namespaces are always encrypted", "redshift-encrypted", RedshiftNamespace, M{}, nil},
		{"elastic DocumentDB clusters are always encrypted", "docdb-encrypted", DocDBElasticCluster, M{}, nil},
		{"postgres 16 forces TLS by default", "rds-instance-non-default-port", RDSInstance, M{"engine": "postgres", "port": 5432}, []string{"port is the postgres default 5432"}},
		{"Aurora instances have no port rule here", "rds-instance-non-default-port", RDSInstance, M{"engine": "aurora-mysql"}, nil},
		{"a read replica keeps its source's backups", "rds-instance-backup-retention", RDSInstance, M{"replicateSourceDb": "visits"}, nil},
		{"memcached keeps no snapshots", "elasticache-snapshot-retention", ElastiCacheCluster, M{"engine": "memcached"}, nil},
		{"a serverless redis cache keeps snapshots", "elasticache-snapshot-retention", ElastiCacheServerless, M{"engine": "redis"},
			[]string{"snapshotRetentionLimit is unset (the AWS default is 0: no automatic snapshots), want at least 15"}},
		{"a table replica needs PITR", "dynamodb-pitr", DynamoTableReplica, M{}, []string{"pointInTimeRecovery is unset (the provider default is false)"}},
		{"replicas of a table need PITR", "dynamodb-pitr", DynamoTable, M{"pointInTimeRecovery": M{"enabled": true}, "replicas": []any{M{"regionName": "us-west-2"}}},
			[]string{"replicas[0].pointInTimeRecovery is unset (the provider default for a replica is false)"}},
		{"Redshift needs a maintenance window", "datastore-auto-upgrade", RedshiftCluster, M{"allowVersionUpgrade": true}, []string{"preferredMaintenanceWindow is unset"}},
		{"OpenSearch needs automatic software updates", "datastore-auto-upgrade", OpenSearchDomain, M{},
			[]string{"softwareUpdateOptions.autoSoftwareUpdateEnabled is unset (the provider default is false)"}},
		{"SQL Server exports agent and error logs", "rds-instance-log-exports", RDSInstance, M{"engine": "sqlserver-se"}, []string{"sqlserver-se does not export the agent, error log(s) to CloudWatch"}},
		{"Oracle needs no IAM auth (unsupported)", "rds-instance-iam-auth", RDSInstance, M{"engine": "oracle-ee"}, nil},
		{"a snapshot restore takes the source's credentials", "rds-instance-credentials", RDSInstance, M{"snapshotIdentifier": "snap"}, nil},
		{"a PHI instance's managed secret needs a CMK", "rds-instance-credentials", RDSInstance, dsTagged(dsPhiTag, M{"manageMasterUserPassword": true, "username": "owner"}),
			[]string{"masterUserSecretKmsKeyId is unset"}},
		{"a proxy without auths", "rds-proxy-iam-auth", RDSProxy, M{}, []string{"auths is unset"}},
		{"a passwordless cache user", "elasticache-auth", ElastiCacheUser, M{"noPasswordRequired": true}, []string{"noPasswordRequired is true"}},
		{"an EFS policy scoped to mount targets is not public", "datastore-policies-not-public", EFSFileSystemPolicy,
			M{"policy": `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"elasticfilesystem:ClientMount","Condition":{"Bool":{"elasticfilesystem:AccessedViaMountTarget":"true"}}}]}`}, nil},
		{"an open domain access policy", "datastore-policies-not-public", OpenSearchDomain,
			M{"accessPolicies": `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"es:*","Resource":"*"}]}`},
			[]string{"accessPolicies allows es:* to any principal without a scoping condition"}},
		{"the default Redshift database name", "redshift-credentials", RedshiftCluster, M{"manageMasterPassword": true, "masterUsername": "owner"},
			[]string{"databaseName is unset, so Redshift creates the default database dev"}},
		{"a namespace with a plain password", "redshift-credentials", RedshiftNamespace, M{"adminUsername": "owner", "adminUserPassword": secretOf{"hunter2-secret"}},
			[]string{"adminUserPassword is set", "manageAdminPassword is unset (the AWS default is false)"}},
		{"an elastic cluster with a plain-text password", "docdb-credentials", DocDBElasticCluster, M{"authType": "PLAIN_TEXT"},
			[]string{`authType is "PLAIN_TEXT", want one of SECRET_ARN`}},
		{"an access point running as root", "efs-access-points-scoped", EFSAccessPoint, M{"rootDirectory": M{"path": "/visits"}, "posixUser": M{"uid": 0, "gid": 0}},
			[]string{"posixUser.uid is 0 (root)"}},
		{"a workgroup is private by default", "redshift-private", RedshiftWorkgroup, M{}, nil},
		{"a public workgroup", "redshift-private", RedshiftWorkgroup, M{"publiclyAccessible": true}, []string{"publiclyAccessible is true"}},
		{"a snapshot copy shared with everyone", "db-snapshots-not-public", RDSSnapshotCopy, M{"sharedAccounts": []any{"all"}},
			[]string{"sharedAccounts contains all, so anyone can restore the snapshot"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := dsWhat(t, tt.rule, res(tt.typ, tt.props))
			if !slices.Equal(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDataStoreMessagesNeverEchoSecrets(t *testing.T) {
	for _, tc := range []struct {
		rule, typ string
		props     M
	}{
		{"rds-instance-credentials", RDSInstance, M{"password": secretOf{"hunter2-secret"}, "username": secretOf{"admin"}}},
		{"rds-instance-default-username", RDSInstance, M{"username": secretOf{"admin"}}},
		{"redshift-credentials", RedshiftCluster, M{"masterPassword": secretOf{"hunter2-secret"}, "masterUsername": secretOf{"awsuser"}}},
		{"docdb-credentials", DocDBCluster, M{"masterPassword": secretOf{"hunter2-secret"}}},
		{"elasticache-auth", ElastiCacheReplication, M{"authToken": secretOf{"hunter2-secret"}, "userGroupIds": secretOf{"hunter2-secret"}}},
	} {
		v, _, msgs := verdict(t, tc.rule, res(tc.typ, tc.props))
		if !v {
			t.Errorf("%s: want a violation", tc.rule)
		}
		if j := strings.Join(msgs, " "); strings.Contains(j, "hunter2") || strings.Contains(j, `"admin"`) || strings.Contains(j, `"awsuser"`) {
			t.Errorf("%s echoed a secret: %s", tc.rule, j)
		}
	}
}

// dsStackCase is dsOne data store stack rule: compliant, violating (with
// the first violation's text), unknown at preview.
type dsStackCase struct {
	rule            string
	ok, bad, unsure fixture
	want            string
	shape           fixture
	shapedInput     string
}

func dsOne(r Resource) fixture { return fixture{[]Resource{r}, nil} }

var (
	dsMysqlInstance = func(props M) Resource {
		m := M{"engine": "mysql", "parameterGroupName": "visits-params"}
		for k, v := range props {
			m[k] = v
		}
		return named(res(RDSInstance, m), "visits")
	}
	dsMysqlParams = func(params any) Resource {
		return named(res(RDSParameterGroup, M{"name": "visits-params", "family": "mysql8.0", "parameters": params}), "visits-params")
	}
	dsEfs        = named(res(EFSFileSystem, M{"encrypted": true}), "files")
	dsTlsDeny    = `{"Statement":[{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`
	dsEfsChild   = func(typ, name string, props M) Resource { return named(res(typ, props), name) }
	dsByFS       = func(rs ...Resource) fixture { return dsWithDeps(append([]Resource{dsEfs}, rs...), "fileSystemId") }
	dsRedshiftCl = func(props M) Resource {
		m := M{"clusterParameterGroupName": "wh-params"}
		for k, v := range props {
			m[k] = v
		}
		return named(res(RedshiftCluster, m), "warehouse")
	}
)

// dsWithDeps makes every resource after the first depend on the first through prop.
func dsWithDeps(rs []Resource, prop string) fixture {
	deps := map[int]map[string][]int{}
	for i := 1; i < len(rs); i++ {
		deps[i] = map[string][]int{prop: {0}}
	}
	return fixture{rs, deps}
}

var dsStackCases = []dsStackCase{
	{rule: "rds-instance-require-tls",
		ok:     fixture{[]Resource{dsMysqlInstance(nil), dsMysqlParams([]any{M{"name": "require_secure_transport", "value": "1"}})}, nil},
		bad:    fixture{[]Resource{dsMysqlInstance(nil), dsMysqlParams([]any{M{"name": "require_secure_transport", "value": "0"}})}, nil},
		want:   `parameter group visits-params sets require_secure_transport to "0"`,
		unsure: fixture{[]Resource{dsMysqlInstance(nil), dsMysqlParams(unknown)}, nil},
		shape:  fixture{[]Resource{dsMysqlInstance(nil), dsMysqlParams("require_secure_transport=1")}, nil}, shapedInput: "parameters"},
	{rule: "efs-require-tls",
		ok:     dsByFS(dsEfsChild(EFSFileSystemPolicy, "files-policy", M{"policy": dsTlsDeny})),
		bad:    dsByFS(),
		want:   "no file system policy denies aws:SecureTransport false, so clients may mount without TLS",
		unsure: dsByFS(dsEfsChild(EFSFileSystemPolicy, "files-policy", M{"policy": unknown})),
		shape:  dsByFS(dsEfsChild(EFSFileSystemPolicy, "files-policy", M{"policy": 42})), shapedInput: "policy"},
	{rule: "redshift-require-ssl",
		ok:     fixture{[]Resource{dsRedshiftCl(nil), named(res(RedshiftParameterGroup, M{"name": "wh-params", "parameters": []any{M{"name": "require_ssl", "value": "true"}}}), "wh-params")}, nil},
		bad:    dsOne(dsRedshiftCl(M{"clusterParameterGroupName": nil})),
		want:   "clusterParameterGroupName names no parameter group of this stack: the engine default sets require_ssl false, so clients may connect without TLS",
		unsure: dsOne(dsRedshiftCl(M{"clusterParameterGroupName": unknown})),
		shape:  fixture{[]Resource{dsRedshiftCl(nil), named(res(RedshiftParameterGroup, M{"name": "wh-params", "parameters": M{"require_ssl": "true"}}), "wh-params")}, nil}, shapedInput: "parameters"},
	{rule: "datastore-in-backup-plan",
		ok:   dsWithDeps([]Resource{named(res(DynamoTable, M{"name": "visits"}), "visits"), named(res(BackupSelection, M{"resources": []any{unknown}}), "sel")}, "resources"),
		bad:  dsOne(named(res(DynamoTable, M{"name": "visits"}), "visits")),
		want: "no AWS Backup selection covers it",
		// A selection whose resources are unknown and that depends on
		// nothing known may still name the table: defer.
		unsure: dsOne2(named(res(DynamoTable, M{"name": "visits"}), "visits"), named(res(BackupSelection, M{"resources": unknown}), "sel"))},
	{rule: "dynamodb-autoscaling",
		ok: dsWithDeps([]Resource{named(res(DynamoTable, M{"billingMode": "PROVISIONED"}), "visits"),
			named(res(AppScalingTarget, M{"serviceNamespace": "dynamodb", "scalableDimension": "dynamodb:table:ReadCapacityUnits"}), "read"),
			named(res(AppScalingTarget, M{"serviceNamespace": "dynamodb", "scalableDimension": "dynamodb:table:WriteCapacityUnits"}), "write")}, "resourceId"),
		bad:    dsOne(named(res(DynamoTable, M{}), "visits")),
		want:   "a provisioned table (billingMode PROVISIONED, the provider default) has 0 of 1 dynamodb:table:ReadCapacityUnits scaling target(s)",
		unsure: dsOne(named(res(DynamoTable, M{"billingMode": unknown}), "visits")),
		shape:  dsOne(named(res(DynamoTable, M{"billingMode": []any{"PAY_PER_REQUEST"}}), "visits")), shapedInput: "billingMode"},
	{rule: "efs-backup-policy",
		ok:     dsByFS(dsEfsChild(EFSBackupPolicy, "files-backup", M{"backupPolicy": M{"status": "ENABLED"}})),
		bad:    dsByFS(dsEfsChild(EFSBackupPolicy, "files-backup", M{"backupPolicy": M{"status": "DISABLED"}})),
		want:   `backupPolicy.status is "DISABLED", want one of ENABLED`,
		unsure: dsByFS(dsEfsChild(EFSBackupPolicy, "files-backup", M{"backupPolicy": M{"status": unknown}})),
		shape:  dsByFS(dsEfsChild(EFSBackupPolicy, "files-backup", M{"backupPolicy": M{"status": true}})), shapedInput: "backupPolicy.status"},
	{rule: "docdb-multi-az",
		ok: dsWithDeps([]Resource{named(res(DocDBCluster, M{}), "docs"), named(res(DocDBClusterInstance, M{"availabilityZone": "us-east-1a"}), "docs-1"),
			named(res(DocDBClusterInstance, M{"availabilityZone": "us-east-1b"}), "docs-2")}, "clusterIdentifier"),
		bad:  dsWithDeps([]Resource{named(res(DocDBCluster, M{}), "docs"), named(res(DocDBClusterInstance, M{}), "docs-1")}, "clusterIdentifier"),
		want: "the cluster has 1 instance(s), so a failure of its AZ is an outage",
		unsure: dsWithDeps([]Resource{named(res(DocDBCluster, M{}), "docs"), named(res(DocDBClusterInstance, M{"availabilityZone": unknown}), "docs-1"),
			named(res(DocDBClusterInstance, M{"availabilityZone": "us-east-1a"}), "docs-2")}, "clusterIdentifier"),
		shape: dsWithDeps([]Resource{named(res(DocDBCluster, M{}), "docs"), named(res(DocDBClusterInstance, M{"availabilityZone": 1}), "docs-1"),
			named(res(DocDBClusterInstance, M{"availabilityZone": "us-east-1a"}), "docs-2")}, "clusterIdentifier"), shapedInput: "availabilityZone"},
	{rule: "neptune-multi-az",
		ok: dsWithDeps([]Resource{named(res(NeptuneCluster, M{}), "graph"), named(res(NeptuneClusterInstance, M{}), "graph-1"),
			named(res(NeptuneClusterInstance, M{}), "graph-2")}, "clusterIdentifier"),
		bad: dsWithDeps([]Resource{named(res(NeptuneCluster, M{}), "graph"), named(res(NeptuneClusterInstance, M{"availabilityZone": "us-east-1a"}), "graph-1"),
			named(res(NeptuneClusterInstance, M{"availabilityZone": "us-east-1a"}), "graph-2")}, "clusterIdentifier"),
		want: "every instance is in the same availability zone",
		unsure: dsWithDeps([]Resource{named(res(NeptuneCluster, M{}), "graph"), named(res(NeptuneClusterInstance, M{"availabilityZone": unknown}), "graph-1"),
			named(res(NeptuneClusterInstance, M{"availabilityZone": "us-east-1a"}), "graph-2")}, "clusterIdentifier")},
	{rule: "efs-multi-az",
		ok:     dsByFS(dsEfsChild(EFSMountTarget, "mt-a", M{"subnetId": "subnet-a"}), dsEfsChild(EFSMountTarget, "mt-b", M{"subnetId": "subnet-b"})),
		bad:    dsByFS(dsEfsChild(EFSMountTarget, "mt-a", M{"subnetId": "subnet-a"})),
		want:   "the file system has 1 mount target(s), so clients in one AZ lose it with that AZ",
		unsure: dsByFS2(M{"availabilityZoneName": unknown}, dsEfsChild(EFSMountTarget, "mt-a", M{}), dsEfsChild(EFSMountTarget, "mt-b", M{}))},
	{rule: "redshift-audit-logging",
		ok: dsWithDeps([]Resource{dsRedshiftCl(nil), named(res(RedshiftLogging, M{"logDestinationType": "cloudwatch",
			"logExports": []any{"connectionlog", "userlog", "useractivitylog"}}), "wh-logs")}, "clusterIdentifier"),
		bad:    dsWithDeps([]Resource{dsRedshiftCl(nil), named(res(RedshiftLogging, M{"logDestinationType": "cloudwatch", "logExports": []any{"connectionlog"}}), "wh-logs")}, "clusterIdentifier"),
		want:   "logExports lacks userlog, useractivitylog",
		unsure: dsWithDeps([]Resource{dsRedshiftCl(nil), named(res(RedshiftLogging, M{"logDestinationType": unknown}), "wh-logs")}, "clusterIdentifier"),
		shape:  dsWithDeps([]Resource{dsRedshiftCl(nil), named(res(RedshiftLogging, M{"logDestinationType": "cloudwatch", "logExports": "all"}), "wh-logs")}, "clusterIdentifier"), shapedInput: "logExports"},
	{rule: "docdb-audit-logs",
		ok: fixture{[]Resource{named(res(DocDBCluster, M{"enabledCloudwatchLogsExports": []any{"audit", "profiler"}, "dbClusterParameterGroupName": "docs-params"}), "docs"),
			named(res(DocDBParameterGroup, M{"name": "docs-params", "parameters": []any{M{"name": "audit_logs", "value": "enabled"}}}), "docs-params")}, nil},
		bad: fixture{[]Resource{named(res(DocDBCluster, M{"enabledCloudwatchLogsExports": []any{"audit"}, "dbClusterParameterGroupName": "docs-params"}), "docs"),
			named(res(DocDBParameterGroup, M{"name": "docs-params", "parameters": []any{M{"name": "audit_logs", "value": "enabled"}}}), "docs-params")}, nil},
		want:   "enabledCloudwatchLogsExports lacks profiler",
		unsure: dsOne(named(res(DocDBCluster, M{"enabledCloudwatchLogsExports": unknown, "dbClusterParameterGroupName": unknown}), "docs")),
		shape: fixture{[]Resource{named(res(DocDBCluster, M{"enabledCloudwatchLogsExports": "audit", "dbClusterParameterGroupName": "docs-params"}), "docs"),
			named(res(DocDBParameterGroup, M{"name": "docs-params", "parameters": []any{M{"name": "audit_logs", "value": "enabled"}}}), "docs-params")}, nil},
		shapedInput: "enabledCloudwatchLogsExports"},
	{rule: "search-dashboards-auth",
		ok: dsWithDeps([]Resource{named(res(OpenSearchDomain, M{"domainName": "search"}), "search"),
			named(res(OpenSearchSamlOptions, M{"domainName": "search", "samlOptions": M{"enabled": true}}), "search-saml")}, "domainName"),
		bad:    dsOne(named(res(OpenSearchDomain, M{"domainName": "search"}), "search")),
		want:   "dashboards authenticate with neither Cognito nor SAML",
		unsure: dsOne(named(res(OpenSearchDomain, M{"domainName": "search", "cognitoOptions": M{"enabled": unknown}}), "search")),
		shape:  dsOne(named(res(OpenSearchDomain, M{"domainName": "search", "cognitoOptions": "cognito"}), "search")), shapedInput: "cognitoOptions.enabled"},
}

func TestDataStoreStackRulesCompliantViolatingUnknownAndWrongShape(t *testing.T) {
	run := func(t *testing.T, rule string, f fixture) (viol []Finding, deferred bool) {
		t.Helper()
		for _, x := range RunStack(ByName(rule), NewStack(f.build()), nil) {
			if strings.Contains(x.Message, "could not evaluate") {
				t.Fatalf("%s panicked: %s", rule, x.Message)
			}
			if x.Outcome == Violation {
				viol = append(viol, x)
			} else {
				deferred = true
			}
		}
		return viol, deferred
	}
	for _, tc := range dsStackCases {
		t.Run(tc.rule, func(t *testing.T) {
			if v, d := run(t, tc.rule, tc.ok); len(v) > 0 || d {
				t.Errorf("compliant: violations %v deferred=%v", v, d)
			}
			v, _ := run(t, tc.rule, tc.bad)
			if len(v) == 0 || !strings.HasPrefix(v[0].Message, v[0].Type+" "+v[0].Name+": "+tc.want+". ") {
				t.Errorf("violating: want %q first, got %v", tc.want, v)
			}
			v, d := run(t, tc.rule, tc.unsure)
			if len(v) > 0 || !d {
				t.Errorf("unknown: violations %v deferred=%v", v, d)
			}
			if tc.shapedInput != "" {
				v, _ = run(t, tc.rule, tc.shape)
				if !slices.ContainsFunc(v, func(f Finding) bool {
					return strings.Contains(f.Message, ": "+tc.shapedInput+" has an unexpected shape")
				}) {
					t.Errorf("wrong shape: want a violation naming %s, got %v", tc.shapedInput, v)
				}
			}
		})
	}
}

func TestDataStoreStackRulesJoinByValueAndAcceptAlternatives(t *testing.T) {
	table := func() Resource {
		return named(res(DynamoTable, M{"name": "visits", "tags": M{"Backup": "daily"}}), "visits")
	}
	fs := func() Resource { return named(res(EFSFileSystem, M{"creationToken": "files"}), "files") }
	tests := []struct {
		name, rule string
		rs         fixture
		violated   bool
	}{
		{"a selection by tag covers a table", "datastore-in-backup-plan",
			dsOne2(table(), named(res(BackupSelection, M{"selectionTags": []any{M{"type": "STRINGEQUALS", "key": "Backup", "value": "daily"}}}), "sel")), false},
		{"a selection of every DynamoDB table covers it", "datastore-in-backup-plan",
			dsOne2(table(), named(res(BackupSelection, M{"resources": []any{"arn:aws:dynamodb:*:*:table/*"}}), "sel")), false},
		{"an EFS backup policy is the AWS Backup default plan", "datastore-in-backup-plan",
			dsWithDeps([]Resource{fs(), named(res(EFSBackupPolicy, M{"backupPolicy": M{"status": "ENABLED"}}), "bp")}, "fileSystemId"), false},
		{"an Aurora-engine instance is the cluster's business", "datastore-in-backup-plan", dsOne(named(res(RDSInstance, M{"engine": "aurora-mysql"}), "i")), false},
		{"an on-demand table needs no scaling", "dynamodb-autoscaling", dsOne(named(res(DynamoTable, M{"billingMode": "PAY_PER_REQUEST"}), "t")), false},
		{"global secondary indexes need scaling too", "dynamodb-autoscaling",
			dsWithDeps([]Resource{named(res(DynamoTable, M{"billingMode": "PROVISIONED", "globalSecondaryIndexes": []any{M{"name": "byPatient"}}}), "t"),
				named(res(AppScalingTarget, M{"serviceNamespace": "dynamodb", "scalableDimension": "dynamodb:table:ReadCapacityUnits"}), "r"),
				named(res(AppScalingTarget, M{"serviceNamespace": "dynamodb", "scalableDimension": "dynamodb:table:WriteCapacityUnits"}), "w")}, "resourceId"), true},
		{"a file system policy named by value", "efs-require-tls",
			fixture{[]Resource{named(res(EFSFileSystem, M{"arn": "arn:aws:elasticfilesystem:us-east-1:1:file-system/fs-1"}), "files"),
				named(res(EFSFileSystemPolicy, M{"fileSystemId": "arn:aws:elasticfilesystem:us-east-1:1:file-system/fs-1", "policy": dsTlsDeny}), "p")}, nil}, false},
		{"One Zone storage", "efs-multi-az",
			dsByFS2(M{"availabilityZoneName": "us-east-1a"}, dsEfsChild(EFSMountTarget, "a", M{}), dsEfsChild(EFSMountTarget, "b", M{})), true},
		{"PostgreSQL 16 without a parameter group forces TLS", "rds-instance-require-tls",
			dsOne(named(res(RDSInstance, M{"engine": "postgres", "engineVersion": "16.3"}), "pg")), false},
		{"PostgreSQL 14 without a parameter group accepts plaintext", "rds-instance-require-tls",
			dsOne(named(res(RDSInstance, M{"engine": "postgres", "engineVersion": "14.12"}), "pg")), true},
		{"Oracle with the SSL option", "rds-instance-require-tls",
			fixture{[]Resource{named(res(RDSInstance, M{"engine": "oracle-ee", "optionGroupName": "ora"}), "ora"),
				named(res(RDSOptionGroup, M{"name": "ora", "options": []any{M{"optionName": "SSL"}}}), "ora-opts")}, nil}, false},
		{"Oracle without an option group", "rds-instance-require-tls", dsOne(named(res(RDSInstance, M{"engine": "oracle-ee"}), "ora")), true},
		{"SQL Server without rds.force_ssl", "rds-instance-require-tls", dsOne(named(res(RDSInstance, M{"engine": "sqlserver-ee"}), "mssql")), true},
		{"Redshift logging block on the cluster", "redshift-audit-logging", dsOne(dsRedshiftCl(M{"logging": M{"enable": true, "bucketName": "logs"}})), false},
		{"a serverless namespace without logs", "redshift-audit-logging", dsOne(named(res(RedshiftNamespace, M{}), "ns")), true},
		{"DocumentDB's default group keeps audit logs off", "docdb-audit-logs",
			dsOne(named(res(DocDBCluster, M{"enabledCloudwatchLogsExports": []any{"audit", "profiler"}}), "docs")), true},
		{"Cognito dashboards", "search-dashboards-auth", dsOne(named(res(ElasticsearchDomain, M{"cognitoOptions": M{"enabled": true}}), "es")), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var viol []string
			for _, x := range RunStack(ByName(tt.rule), NewStack(tt.rs.build()), nil) {
				if x.Outcome == Violation {
					viol = append(viol, x.Message)
				}
			}
			if (len(viol) > 0) != tt.violated {
				t.Errorf("violations %q, want violated=%v", viol, tt.violated)
			}
		})
	}
}

func dsOne2(a, b Resource) fixture { return fixture{[]Resource{a, b}, nil} }

func dsByFS2(props M, rs ...Resource) fixture {
	fs := named(res(EFSFileSystem, props), "files")
	return dsWithDeps(append([]Resource{fs}, rs...), "fileSystemId")
}
