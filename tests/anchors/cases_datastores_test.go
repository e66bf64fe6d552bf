package anchors

import "github.com/carestack/carestack/policy/rules"

// Data store cases (issue 14), written from the anchors' rule texts: AWS
// Config's "Operational Best Practices for HIPAA Security" pack (and each
// rule's page in the AWS Config guide), cdk-nag's HIPAA.Security pack
// (src/rules/<service>/*.ts), checkov's terraform checks and Prowler's AWS
// checks. Each service has one compliant stack that sets everything the
// anchors ask for, cited by every anchor rule it answers, and one violating
// stack per requirement, which differs from the compliant one in that
// requirement only. Resources are Internal unless a case says otherwise, so
// KMS keys are named by ARN as a key from another stack would be.

const (
	dsKey     = "arn:aws:kms:us-east-1:111122223333:key/0d3c1c1e-5c2e-4b8a-9d55-6f1c8a2b7e10"
	dsRole    = "arn:aws:iam::111122223333:role/"
	dsLogsARN = "arn:aws:logs:us-east-1:111122223333:log-group:/aws/"
)

// dsSet copies props and sets each key to its value (nil deletes it).
func dsSet(props map[string]any, kv ...any) map[string]any {
	out := make(map[string]any, len(props))
	for k, v := range props {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		k := kv[i].(string)
		if kv[i+1] == nil {
			delete(out, k)
			continue
		}
		out[k] = kv[i+1]
	}
	return out
}

// dsViolating is one requirement broken, caught by the rules in want.
func dsViolating(anchor, name string, want []string, stack []R) Case {
	return Case{Anchor: anchor, Name: name, Violating: true, Want: want, Stack: stack}
}

func dsCompliant(anchor, name string, stack []R) Case {
	return Case{Anchor: anchor, Name: name, Stack: stack}
}

// --- RDS for MySQL and PostgreSQL instances ---

var dsMySQL = map[string]any{
	"identifier": "visits", "allocatedStorage": 100, "maxAllocatedStorage": 500, "storageType": "gp3",
	"engine": "mysql", "engineVersion": "8.0", "instanceClass": "db.m6g.large",
	"username": "visits_owner", "manageMasterUserPassword": true,
	"storageEncrypted": true, "kmsKeyId": dsKey,
	"publiclyAccessible": false, "dbSubnetGroupName": "private-db", "vpcSecurityGroupIds": []any{"sg-0db1"}, "port": 3307,
	"multiAz": true, "backupRetentionPeriod": 35, "backupWindow": "03:00-04:00", "maintenanceWindow": "sun:05:00-sun:06:00",
	"deletionProtection": true, "skipFinalSnapshot": false, "finalSnapshotIdentifier": "visits-final", "copyTagsToSnapshot": true,
	"iamDatabaseAuthenticationEnabled": true, "autoMinorVersionUpgrade": true, "caCertIdentifier": "rds-ca-rsa2048-g1",
	"enabledCloudwatchLogsExports": []any{"audit", "error", "general", "slowquery"},
	"monitoringInterval":           60, "monitoringRoleArn": dsRole + "rds-enhanced-monitoring",
	"performanceInsightsEnabled": true, "performanceInsightsKmsKeyId": dsKey, "performanceInsightsRetentionPeriod": 7,
	"parameterGroupName": "visits-mysql80",
}

func dsMySQLStack(kv ...any) []R {
	return dsMySQLWith(true, []any{M("name", "require_secure_transport", "value", "1")}, kv...)
}

// M builds a small map from key/value pairs.
func M(kv ...any) map[string]any { return dsSet(nil, kv...) }

func dsMySQLWith(selected bool, params []any, kv ...any) []R {
	rs := []R{
		{Type: rules.RDSParameterGroup, Name: "visits-mysql80", Props: M("name", "visits-mysql80", "family", "mysql8.0", "parameters", params)},
		{Type: rules.RDSInstance, Name: "visits", Props: dsSet(dsMySQL, kv...), Deps: map[string][]string{"parameterGroupName": {"visits-mysql80"}}},
	}
	if selected {
		rs = append(rs, R{Type: rules.BackupSelection, Name: "visits-backup",
			Props: M("name", "visits", "planId", Unknown{}, "iamRoleArn", dsRole+"aws-backup", "resources", []any{Unknown{}}),
			Deps:  map[string][]string{"resources": {"visits"}}})
	}
	return rs
}

var dsPostgres = dsSet(dsMySQL, "identifier", "claims", "engine", "postgres", "engineVersion", "16.3", "port", 5433,
	"enabledCloudwatchLogsExports", []any{"postgresql", "upgrade"}, "parameterGroupName", nil, "finalSnapshotIdentifier", "claims-final")

func dsPostgresStack(kv ...any) []R {
	return []R{
		{Type: rules.RDSInstance, Name: "claims", Props: dsSet(dsPostgres, kv...)},
		{Type: rules.BackupSelection, Name: "claims-backup", Props: M("name", "claims", "planId", Unknown{}, "iamRoleArn", dsRole+"aws-backup", "resources", []any{Unknown{}}),
			Deps: map[string][]string{"resources": {"claims"}}},
	}
}

func init() {
	const (
		enc    = "CFG rds-storage-encrypted; CN HIPAA.Security-RDSStorageEncrypted; CK CKV_AWS_16; PR rds_instance_storage_encrypted"
		public = "CFG rds-instance-public-access-check; CN HIPAA.Security-RDSInstancePublicAccess; CK CKV_AWS_17; PR rds_instance_no_public_access"
		backup = "CFG db-instance-backup-enabled; CN HIPAA.Security-RDSInstanceBackupEnabled; CK CKV_AWS_133; PR rds_instance_backup_enabled"
		plan   = "CFG rds-in-backup-plan; CN HIPAA.Security-RDSInBackupPlan; PR rds_instance_protected_by_backup_plan"
		del    = "CN HIPAA.Security-RDSInstanceDeletionProtectionEnabled; CK CKV_AWS_293; PR rds_instance_deletion_protection"
		multi  = "CFG rds-multi-az-support; CN HIPAA.Security-RDSMultiAZSupport; CK CKV_AWS_157; PR rds_instance_multi_az"
		logs   = "CFG rds-logging-enabled; CN HIPAA.Security-RDSLoggingEnabled; CK CKV_AWS_129; PR rds_instance_integration_cloudwatch_logs"
		mon    = "CFG rds-enhanced-monitoring-enabled; CN HIPAA.Security-RDSEnhancedMonitoringEnabled; CK CKV_AWS_118; PR rds_instance_enhanced_monitoring_enabled"
		minor  = "CFG rds-automatic-minor-version-upgrade-enabled; CN HIPAA.Security-RDSAutomaticMinorVersionUpgradeEnabled; CK CKV_AWS_226; PR rds_instance_minor_version_upgrade_enabled"
		iam    = "CK CKV_AWS_161; PR rds_instance_iam_authentication_enabled"
		tls    = "CK CKV2_AWS_69; PR rds_instance_transport_encrypted"
		tags   = "CK CKV2_AWS_60; PR rds_instance_copy_tags_to_snapshots"
		pi     = "CK CKV_AWS_353"
		piKey  = "CK CKV_AWS_354"
		ca     = "CK CKV_AWS_211"
		admin  = "PR rds_instance_default_admin"
		port   = "PR rds_instance_non_default_port"
	)
	all := enc + "; " + public + "; " + backup + "; " + plan + "; " + del + "; " + multi + "; " + logs + "; " + mon + "; " + minor + "; " +
		iam + "; " + tls + "; " + tags + "; " + pi + "; " + piKey + "; " + ca + "; " + admin + "; " + port
	add(
		dsCompliant(all, "MySQL 8.0 instance: encrypted with a CMK, private, Multi-AZ, 35-day backups in an AWS Backup selection, deletion protection, every log exported, enhanced monitoring, TLS required, IAM auth, managed password", dsMySQLStack()),
		dsCompliant("CN HIPAA.Security-RDSLoggingEnabled; CK CKV2_AWS_69; PR rds_instance_transport_encrypted",
			"PostgreSQL 16 instance exporting postgresql and upgrade logs (rds.force_ssl defaults to 1 from 15)", dsPostgresStack()),
		dsViolating(enc, "MySQL instance with storageEncrypted false", []string{"rds-instance-encrypted"}, dsMySQLStack("storageEncrypted", false, "kmsKeyId", nil)),
		dsViolating(enc, "MySQL instance leaving storageEncrypted unset (provider default false)", []string{"rds-instance-encrypted"}, dsMySQLStack("storageEncrypted", nil, "kmsKeyId", nil)),
		dsViolating(public, "MySQL instance with publiclyAccessible true", []string{"rds-instance-private"}, dsMySQLStack("publiclyAccessible", true)),
		dsViolating(backup, "MySQL instance with backupRetentionPeriod 0", []string{"rds-instance-backup-retention"}, dsMySQLStack("backupRetentionPeriod", 0)),
		dsViolating(plan, "MySQL instance no AWS Backup selection names", []string{"datastore-in-backup-plan"},
			dsMySQLWith(false, []any{M("name", "require_secure_transport", "value", "1")})),
		dsViolating(del, "MySQL instance with deletionProtection false", []string{"rds-instance-deletion-protection"}, dsMySQLStack("deletionProtection", false)),
		dsViolating(multi, "MySQL instance with multiAz false", []string{"rds-instance-multi-az"}, dsMySQLStack("multiAz", false)),
		dsViolating(logs, "MySQL instance exporting no logs", []string{"rds-instance-log-exports"}, dsMySQLStack("enabledCloudwatchLogsExports", nil)),
		dsViolating("CN HIPAA.Security-RDSLoggingEnabled", "PostgreSQL instance exporting postgresql but not upgrade", []string{"rds-instance-log-exports"},
			dsPostgresStack("enabledCloudwatchLogsExports", []any{"postgresql"})),
		dsViolating(mon, "MySQL instance with monitoringInterval 0", []string{"rds-instance-monitoring"}, dsMySQLStack("monitoringInterval", 0, "monitoringRoleArn", nil)),
		dsViolating(pi, "MySQL instance without Performance Insights", []string{"rds-instance-monitoring"},
			dsMySQLStack("performanceInsightsEnabled", false, "performanceInsightsKmsKeyId", nil, "performanceInsightsRetentionPeriod", nil)),
		dsViolating(piKey, "Performance Insights on the AWS-managed key", []string{"db-instance-pi-cmk"}, dsMySQLStack("performanceInsightsKmsKeyId", nil)),
		dsViolating(minor, "MySQL instance with autoMinorVersionUpgrade false", []string{"datastore-auto-upgrade"}, dsMySQLStack("autoMinorVersionUpgrade", false)),
		dsViolating(iam, "MySQL instance without IAM database authentication", []string{"rds-instance-iam-auth"}, dsMySQLStack("iamDatabaseAuthenticationEnabled", false)),
		dsViolating(tls, "MySQL instance whose parameter group leaves require_secure_transport OFF", []string{"rds-instance-require-tls"},
			dsMySQLWith(true, []any{M("name", "max_connections", "value", "500")})),
		dsViolating(tls, "PostgreSQL 14 instance on the default parameter group (rds.force_ssl 0)", []string{"rds-instance-require-tls"},
			dsPostgresStack("engineVersion", "14.12")),
		dsViolating(tags, "MySQL instance with copyTagsToSnapshot false", []string{"datastore-copy-tags-to-snapshots"}, dsMySQLStack("copyTagsToSnapshot", false)),
		dsViolating(ca, "MySQL instance on the retired rds-ca-2019 CA", []string{"rds-instance-current-ca"}, dsMySQLStack("caCertIdentifier", "rds-ca-2019")),
		dsViolating(admin, "MySQL instance with master username admin", []string{"rds-instance-default-username"}, dsMySQLStack("username", "admin")),
		dsViolating(port, "MySQL instance on port 3306", []string{"rds-instance-non-default-port"}, dsMySQLStack("port", 3306)),

		// Snapshots, copies, replicated backups and global clusters.
		dsCompliant("CFG rds-snapshots-public-prohibited; CK CKV_AWS_302; PR rds_snapshots_public_access; CK CKV_AWS_266; CK CKV_AWS_245",
			"snapshot shared with one named account, a copy and replicated backups under a CMK", []R{
				{Type: rules.RDSSnapshot, Name: "visits-monthly", Props: M("dbInstanceIdentifier", "visits", "dbSnapshotIdentifier", "visits-2026-11", "sharedAccounts", []any{"222233334444"})},
				{Type: rules.RDSSnapshotCopy, Name: "visits-dr", Props: M("sourceDbSnapshotIdentifier", Unknown{}, "targetDbSnapshotIdentifier", "visits-dr", "kmsKeyId", dsKey, "copyTags", true)},
				{Type: rules.RDSBackupsReplication, Name: "visits-backups-dr", Props: M("sourceDbInstanceArn", Unknown{}, "kmsKeyId", dsKey, "retentionPeriod", 14)},
			}),
		dsViolating("CFG rds-snapshots-public-prohibited; CK CKV_AWS_302; PR rds_snapshots_public_access", "snapshot shared with all", []string{"db-snapshots-not-public"},
			[]R{{Type: rules.RDSSnapshot, Name: "visits-monthly", Props: M("dbInstanceIdentifier", "visits", "dbSnapshotIdentifier", "visits-2026-11", "sharedAccounts", []any{"all"})}}),
		dsViolating("CFG rds-snapshots-public-prohibited; PR rds_snapshots_public_access", "cluster snapshot shared with all", []string{"db-snapshots-not-public"},
			[]R{{Type: rules.RDSClusterSnapshot, Name: "aurora-monthly", Props: M("dbClusterIdentifier", "aurora", "dbClusterSnapshotIdentifier", "aurora-2026-11", "sharedAccounts", []any{"all"})}}),
		dsViolating("CK CKV_AWS_266", "snapshot copy without kmsKeyId", []string{"datastore-cmk"},
			[]R{{Type: rules.RDSSnapshotCopy, Name: "visits-dr", Props: M("sourceDbSnapshotIdentifier", Unknown{}, "targetDbSnapshotIdentifier", "visits-dr")}}),
		dsViolating("CK CKV_AWS_245", "replicated automated backups without kmsKeyId", []string{"datastore-cmk"},
			[]R{{Type: rules.RDSBackupsReplication, Name: "visits-backups-dr", Props: M("sourceDbInstanceArn", Unknown{}, "retentionPeriod", 14)}}),
		dsCompliant("CK CKV_AWS_140", "encrypted Aurora PostgreSQL global cluster",
			[]R{{Type: rules.RDSGlobalCluster, Name: "claims-global", Props: M("globalClusterIdentifier", "claims", "engine", "aurora-postgresql", "engineVersion", "15.4", "storageEncrypted", true, "deletionProtection", true)}}),
		dsViolating("CK CKV_AWS_140", "global cluster leaving storageEncrypted unset", []string{"rds-global-cluster-encrypted"},
			[]R{{Type: rules.RDSGlobalCluster, Name: "claims-global", Props: M("globalClusterIdentifier", "claims", "engine", "aurora-postgresql", "engineVersion", "15.4")}}),
	)
}

// --- ElastiCache ---

var dsRedisGroup = map[string]any{
	"replicationGroupId": "sessions", "description": "session cache", "engine": "redis", "engineVersion": "7.1", "nodeType": "cache.r7g.large",
	"port": 6380, "numCacheClusters": 2, "automaticFailoverEnabled": true, "multiAzEnabled": true,
	"atRestEncryptionEnabled": true, "kmsKeyId": dsKey, "transitEncryptionEnabled": true, "transitEncryptionMode": "required",
	"userGroupIds": []any{"sessions-users"}, "snapshotRetentionLimit": 15, "snapshotWindow": "05:00-06:00",
	"subnetGroupName": "cache-private", "securityGroupIds": []any{"sg-0cache"}, "autoMinorVersionUpgrade": true, "maintenanceWindow": "sun:06:00-sun:07:00",
}

func dsRedisStack(kv ...any) []R {
	return []R{
		{Type: rules.ElastiCacheUser, Name: "sessions-app", Props: M("userId", "sessions-app", "userName", "sessions-app", "engine", "redis",
			"accessString", "on ~session:* +@read +@write", "authenticationMode", M("type", "iam"))},
		{Type: rules.ElastiCacheUserGroup, Name: "sessions-users", Props: M("userGroupId", "sessions-users", "engine", "redis", "userIds", []any{"default-disabled", "sessions-app"})},
		{Type: rules.ElastiCacheReplication, Name: "sessions", Props: dsSet(dsRedisGroup, kv...)},
	}
}

var dsRedisNode = map[string]any{
	"clusterId": "rate-limits", "engine": "redis", "engineVersion": "7.1", "nodeType": "cache.t4g.small", "numCacheNodes": 1, "port": 6380,
	"snapshotRetentionLimit": 15, "snapshotWindow": "05:00-06:00", "subnetGroupName": "cache-private", "securityGroupIds": []any{"sg-0cache"},
	"transitEncryptionEnabled": true, "autoMinorVersionUpgrade": true,
}

func init() {
	const (
		rest    = "CK CKV_AWS_29; PR elasticache_redis_cluster_rest_encryption_enabled"
		transit = "CK CKV_AWS_30; PR elasticache_redis_cluster_in_transit_encryption_enabled"
		auth    = "CK CKV_AWS_31; PR elasticache_redis_replication_group_auth_enabled"
		backup  = "CFG elasticache-redis-cluster-automatic-backup-check; CN HIPAA.Security-ElastiCacheRedisClusterAutomaticBackup; PR elasticache_redis_cluster_backup_enabled"
		fail    = "CK CKV2_AWS_50; PR elasticache_redis_cluster_automatic_failover_enabled; PR elasticache_redis_cluster_multi_az_enabled"
		cmk     = "CK CKV_AWS_191"
		minor   = "PR elasticache_redis_cluster_auto_minor_version_upgrades"
		node    = "CK CKV_AWS_134; CK CKV_AWS_322; CK CKV_AWS_323"
	)
	node1 := func(kv ...any) []R {
		return []R{{Type: rules.ElastiCacheCluster, Name: "rate-limits", Props: dsSet(dsRedisNode, kv...)}}
	}
	add(
		dsCompliant(rest+"; "+transit+"; "+auth+"; "+backup+"; "+fail+"; "+cmk+"; "+minor,
			"Redis replication group: encrypted at rest with a CMK and in transit (required), RBAC user group, 15-day snapshots, Multi-AZ failover", dsRedisStack()),
		dsCompliant("CFG elasticache-redis-cluster-automatic-backup-check; CN HIPAA.Security-ElastiCacheRedisClusterAutomaticBackup; "+node+"; "+minor,
			"standalone Redis node holding Internal counters: 15-day snapshots, own subnet group, TLS, minor upgrades", node1()),
		dsViolating(rest, "replication group leaving atRestEncryptionEnabled unset (false for redis)", []string{"elasticache-encrypted"},
			dsRedisStack("atRestEncryptionEnabled", nil, "kmsKeyId", nil)),
		dsViolating(transit, "replication group without transit encryption", []string{"elasticache-in-transit"},
			dsRedisStack("transitEncryptionEnabled", false, "transitEncryptionMode", nil)),
		dsViolating(transit, "replication group in transitEncryptionMode preferred", []string{"elasticache-in-transit"}, dsRedisStack("transitEncryptionMode", "preferred")),
		dsViolating(auth, "replication group with neither auth token nor user group", []string{"elasticache-auth"}, dsRedisStack("userGroupIds", nil)),
		dsViolating(backup, "replication group keeping snapshots 5 days", []string{"elasticache-snapshot-retention"}, dsRedisStack("snapshotRetentionLimit", 5)),
		dsViolating(fail, "replication group without automatic failover or Multi-AZ", []string{"elasticache-failover"},
			dsRedisStack("automaticFailoverEnabled", false, "multiAzEnabled", false)),
		dsViolating(cmk, "replication group on the service-managed key", []string{"datastore-cmk"}, dsRedisStack("kmsKeyId", nil)),
		dsViolating(minor, "replication group with autoMinorVersionUpgrade false", []string{"datastore-auto-upgrade"}, dsRedisStack("autoMinorVersionUpgrade", false)),
		dsViolating("CFG elasticache-redis-cluster-automatic-backup-check; CN HIPAA.Security-ElastiCacheRedisClusterAutomaticBackup; CK CKV_AWS_134",
			"standalone Redis node without snapshots", []string{"elasticache-snapshot-retention"}, node1("snapshotRetentionLimit", 0, "snapshotWindow", nil)),
		dsViolating("CK CKV_AWS_322", "standalone Redis node with autoMinorVersionUpgrade false", []string{"datastore-auto-upgrade"}, node1("autoMinorVersionUpgrade", false)),
		dsViolating("CK CKV_AWS_323", "standalone Redis node in the default subnet group", []string{"elasticache-subnet-group"}, node1("subnetGroupName", nil)),
	)
}

// --- EFS ---

var dsFS = map[string]any{
	"creationToken": "visit-notes", "encrypted": true, "kmsKeyId": dsKey, "performanceMode": "generalPurpose", "throughputMode": "elastic",
	"lifecyclePolicies": []any{M("transitionToIa", "AFTER_30_DAYS")},
}

const dsEFSTLSPolicy = `{"Version":"2012-10-17","Statement":[` +
	`{"Sid":"DenyPlaintext","Effect":"Deny","Principal":{"AWS":"*"},"Action":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}},` +
	`{"Sid":"AppMount","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/visit-notes"},"Action":["elasticfilesystem:ClientMount","elasticfilesystem:ClientWrite"],` +
	`"Condition":{"Bool":{"elasticfilesystem:AccessedViaMountTarget":"true"}}}]}`

type dsEFSOpts struct {
	fs                   []any
	policy               any // nil: no file system policy
	backup               string
	mountTargets         int
	rootPath             string
	posix                bool
	noBackupPolicyOrPlan bool
}

func dsEFSStack(o dsEFSOpts) []R {
	fs := "notes"
	rs := []R{{Type: rules.EFSFileSystem, Name: fs, Props: dsSet(dsFS, o.fs...)}}
	dep := map[string][]string{"fileSystemId": {fs}}
	if !o.noBackupPolicyOrPlan {
		rs = append(rs, R{Type: rules.EFSBackupPolicy, Name: "notes-backup", Props: M("fileSystemId", Unknown{}, "backupPolicy", M("status", o.backup)), Deps: dep})
	}
	if o.policy != nil {
		rs = append(rs, R{Type: rules.EFSFileSystemPolicy, Name: "notes-policy", Props: M("fileSystemId", Unknown{}, "policy", o.policy), Deps: dep})
	}
	for i, sub := range []string{"subnet-0a", "subnet-0b", "subnet-0c"}[:o.mountTargets] {
		rs = append(rs, R{Type: rules.EFSMountTarget, Name: "notes-mt-" + string(rune('a'+i)),
			Props: M("fileSystemId", Unknown{}, "subnetId", sub, "securityGroups", []any{"sg-0nfs"}), Deps: dep})
	}
	ap := M("fileSystemId", Unknown{}, "rootDirectory", M("path", o.rootPath, "creationInfo", M("ownerUid", 10001, "ownerGid", 10001, "permissions", "750")))
	if o.rootPath == "" {
		ap = dsSet(ap, "rootDirectory", nil)
	}
	if o.posix {
		ap = dsSet(ap, "posixUser", M("uid", 10001, "gid", 10001))
	}
	return append(rs, R{Type: rules.EFSAccessPoint, Name: "notes-app", Props: ap, Deps: dep})
}

func dsEFSOK() dsEFSOpts {
	return dsEFSOpts{policy: dsEFSTLSPolicy, backup: "ENABLED", mountTargets: 2, rootPath: "/visit-notes", posix: true}
}

func init() {
	const (
		enc    = "CFG efs-encrypted-check; CN HIPAA.Security-EFSEncrypted; CK CKV_AWS_42; PR efs_encryption_at_rest_enabled"
		backup = "CFG efs-in-backup-plan; CN HIPAA.Security-EFSInBackupPlan; CK CKV2_AWS_18; PR efs_have_backup_enabled"
		cmk    = "CK CKV_AWS_184"
		root   = "CK CKV_AWS_329; PR efs_access_point_enforce_root_directory"
		user   = "CK CKV_AWS_330; PR efs_access_point_enforce_user_identity"
		public = "PR efs_not_publicly_accessible"
		multi  = "PR efs_multi_az_enabled"
	)
	with := func(f func(*dsEFSOpts)) []R { o := dsEFSOK(); f(&o); return dsEFSStack(o) }
	add(
		dsCompliant(enc+"; "+backup+"; "+cmk+"; "+root+"; "+user+"; "+public+"; "+multi,
			"EFS file system encrypted with a CMK, automatic backups on, a TLS-only policy for one role, mount targets in two AZs, a scoped access point", dsEFSStack(dsEFSOK())),
		dsViolating(enc, "file system with encrypted false", []string{"efs-encrypted"}, with(func(o *dsEFSOpts) { o.fs = []any{"encrypted", false, "kmsKeyId", nil} })),
		dsViolating(cmk, "encrypted file system on the AWS-managed key", []string{"datastore-cmk"}, with(func(o *dsEFSOpts) { o.fs = []any{"kmsKeyId", nil} })),
		dsViolating(backup, "file system with no backup policy and no AWS Backup selection", []string{"datastore-in-backup-plan", "efs-backup-policy"},
			with(func(o *dsEFSOpts) { o.noBackupPolicyOrPlan = true })),
		dsViolating("PR efs_have_backup_enabled; CFG efs-in-backup-plan", "file system with its backup policy DISABLED and no AWS Backup selection", []string{"efs-backup-policy", "datastore-in-backup-plan"}, with(func(o *dsEFSOpts) { o.backup = "DISABLED" })),
		dsViolating(root, "access point exposing the root directory", []string{"efs-access-points-scoped"}, with(func(o *dsEFSOpts) { o.rootPath = "/" })),
		dsViolating(root, "access point without a root directory", []string{"efs-access-points-scoped"}, with(func(o *dsEFSOpts) { o.rootPath = "" })),
		dsViolating(user, "access point without a POSIX user", []string{"efs-access-points-scoped"}, with(func(o *dsEFSOpts) { o.posix = false })),
		dsViolating(public, "file system policy allowing any principal to mount", []string{"datastore-policies-not-public"}, with(func(o *dsEFSOpts) {
			o.policy = `{"Statement":[{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}},` +
				`{"Effect":"Allow","Principal":{"AWS":"*"},"Action":["elasticfilesystem:ClientMount","elasticfilesystem:ClientWrite"]}]}`
		})),
		dsViolating(multi, "file system with one mount target", []string{"efs-multi-az"}, with(func(o *dsEFSOpts) { o.mountTargets = 1 })),
		dsViolating(multi, "One Zone file system", []string{"efs-multi-az"}, with(func(o *dsEFSOpts) { o.fs = []any{"availabilityZoneName", "us-east-1a"} })),
	)
}

// --- DynamoDB and DAX ---

var dsTable = map[string]any{
	"name": "visit-events", "billingMode": "PAY_PER_REQUEST", "hashKey": "visitId", "rangeKey": "at",
	"attributes":                []any{M("name", "visitId", "type", "S"), M("name", "at", "type", "N")},
	"pointInTimeRecovery":       M("enabled", true),
	"serverSideEncryption":      M("enabled", true, "kmsKeyArn", dsKey),
	"deletionProtectionEnabled": true, "ttl": M("attributeName", "expiresAt", "enabled", true),
}

func dsTableStack(kv ...any) []R {
	return []R{
		{Type: rules.DynamoTable, Name: "visit-events", Props: dsSet(dsTable, kv...)},
		{Type: rules.BackupSelection, Name: "visit-events-backup", Props: M("name", "visit-events", "planId", Unknown{}, "iamRoleArn", dsRole+"aws-backup", "resources", []any{Unknown{}}),
			Deps: map[string][]string{"resources": {"visit-events"}}},
	}
}

func dsProvisionedStack(scaled bool) []R {
	rs := dsTableStack("billingMode", "PROVISIONED", "readCapacity", 20, "writeCapacity", 10)
	if !scaled {
		return rs
	}
	for _, dim := range []string{"Read", "Write"} {
		rs = append(rs, R{Type: rules.AppScalingTarget, Name: "visit-events-" + dim,
			Props: M("serviceNamespace", "dynamodb", "resourceId", "table/visit-events", "scalableDimension", "dynamodb:table:"+dim+"CapacityUnits", "minCapacity", 5, "maxCapacity", 200),
			Deps:  map[string][]string{"resourceId": {"visit-events"}}})
	}
	return rs
}

var dsDAX = map[string]any{
	"clusterName": "visit-cache", "nodeType": "dax.r5.large", "replicationFactor": 3, "iamRoleArn": dsRole + "dax",
	"serverSideEncryption": M("enabled", true), "clusterEndpointEncryptionType": "TLS", "subnetGroupName": "dax-private", "securityGroupIds": []any{"sg-0dax"},
}

func init() {
	const (
		pitr   = "CFG dynamodb-pitr-enabled; CN HIPAA.Security-DynamoDBPITREnabled; CK CKV_AWS_28; PR dynamodb_tables_pitr_enabled"
		plan   = "CFG dynamodb-in-backup-plan; CN HIPAA.Security-DynamoDBInBackupPlan; PR dynamodb_table_protected_by_backup_plan"
		scale  = "CFG dynamodb-autoscaling-enabled; CN HIPAA.Security-DynamoDBAutoScalingEnabled; CK CKV2_AWS_16; PR dynamodb_table_autoscaling_enabled"
		kms    = "CK CKV_AWS_119; PR dynamodb_tables_kms_cmk_encryption_enabled"
		del    = "PR dynamodb_table_deletion_protection_enabled"
		policy = "PR dynamodb_table_cross_account_access"
		dax    = "CK CKV_AWS_47; PR dynamodb_accelerator_cluster_encryption_enabled; CK CKV_AWS_239; PR dynamodb_accelerator_cluster_in_transit_encryption_enabled; PR dynamodb_accelerator_cluster_multi_az"
	)
	replica := func(kv ...any) []R {
		return []R{{Type: rules.DynamoTableReplica, Name: "visit-events-west", Props: dsSet(M("globalTableArn", Unknown{}, "kmsKeyArn", dsKey,
			"pointInTimeRecovery", true, "deletionProtectionEnabled", true), kv...)}}
	}
	resourcePolicy := func(principal string) []R {
		return []R{{Type: rules.DynamoResourcePolicy, Name: "visit-events-policy", Props: M("resourceArn", Unknown{},
			"policy", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"`+principal+`"},"Action":["dynamodb:GetItem","dynamodb:Query"],"Resource":"*"}]}`)}}
	}
	daxOf := func(kv ...any) []R {
		return []R{{Type: rules.DAXCluster, Name: "visit-cache", Props: dsSet(dsDAX, kv...)}}
	}
	add(
		dsCompliant(pitr+"; "+plan+"; "+scale+"; "+kms+"; "+del, "on-demand table: PITR, CMK, deletion protection, in an AWS Backup selection", dsTableStack()),
		dsCompliant(scale, "provisioned table with read and write scaling targets", dsProvisionedStack(true)),
		dsCompliant("CK CKV_AWS_271", "table replica with a CMK, PITR and deletion protection", replica()),
		dsCompliant(policy, "resource policy granting one role of the account", resourcePolicy("arn:aws:iam::111122223333:role/visits-api")),
		dsCompliant(dax, "DAX cluster encrypted at rest, TLS endpoint, three nodes", daxOf()),
		dsViolating(pitr, "table without point-in-time recovery", []string{"dynamodb-pitr"}, dsTableStack("pointInTimeRecovery", nil)),
		dsViolating(pitr, "table replica without point-in-time recovery", []string{"dynamodb-pitr"}, replica("pointInTimeRecovery", false)),
		dsViolating(plan, "table no AWS Backup selection names", []string{"datastore-in-backup-plan"}, dsTableStack()[:1]),
		dsViolating(scale, "provisioned table without auto scaling", []string{"dynamodb-autoscaling"}, dsProvisionedStack(false)),
		dsViolating(kms, "table on the AWS-owned key", []string{"dynamodb-kms"}, dsTableStack("serverSideEncryption", nil)),
		dsViolating("CK CKV_AWS_119", "table on the AWS-managed aws/dynamodb key", []string{"datastore-cmk"}, dsTableStack("serverSideEncryption", M("enabled", true))),
		dsViolating("CK CKV_AWS_271", "table replica without a CMK", []string{"datastore-cmk"}, replica("kmsKeyArn", nil)),
		dsViolating(del, "table without deletion protection", []string{"dynamodb-deletion-protection"}, dsTableStack("deletionProtectionEnabled", false)),
		dsViolating(policy, "resource policy open to any principal", []string{"datastore-policies-not-public"}, resourcePolicy("*")),
		dsViolating("CK CKV_AWS_47; PR dynamodb_accelerator_cluster_encryption_enabled", "DAX cluster without encryption at rest", []string{"dax-encrypted"}, daxOf("serverSideEncryption", nil)),
		dsViolating("CK CKV_AWS_239; PR dynamodb_accelerator_cluster_in_transit_encryption_enabled", "DAX cluster endpoint without TLS", []string{"dax-tls"}, daxOf("clusterEndpointEncryptionType", "NONE")),
		dsViolating("PR dynamodb_accelerator_cluster_multi_az", "single-node DAX cluster", []string{"dax-multi-az"}, daxOf("replicationFactor", 1)),
	)
}

// --- OpenSearch and legacy Elasticsearch ---

func dsLogs(types ...string) []any {
	out := make([]any, len(types))
	for i, t := range types {
		out[i] = M("logType", t, "cloudwatchLogGroupArn", dsLogsARN+"opensearch/search/"+t, "enabled", true)
	}
	return out
}

var dsAllSearchLogs = []string{"ES_APPLICATION_LOGS", "AUDIT_LOGS", "INDEX_SLOW_LOGS", "SEARCH_SLOW_LOGS"}

var dsDomain = map[string]any{
	"domainName": "search", "engineVersion": "OpenSearch_2.13",
	"clusterConfig": M("instanceType", "r6g.large.search", "instanceCount", 3, "zoneAwarenessEnabled", true, "zoneAwarenessConfig", M("availabilityZoneCount", 3),
		"dedicatedMasterEnabled", true, "dedicatedMasterCount", 3, "dedicatedMasterType", "m6g.large.search"),
	"ebsOptions":            M("ebsEnabled", true, "volumeSize", 100, "volumeType", "gp3"),
	"encryptAtRest":         M("enabled", true, "kmsKeyId", dsKey),
	"nodeToNodeEncryption":  M("enabled", true),
	"domainEndpointOptions": M("enforceHttps", true, "tlsSecurityPolicy", "Policy-Min-TLS-1-2-PFS-2023-10"),
	"vpcOptions":            M("subnetIds", []any{"subnet-0a", "subnet-0b", "subnet-0c"}, "securityGroupIds", []any{"sg-0search"}),
	"advancedSecurityOptions": M("enabled", true, "internalUserDatabaseEnabled", false, "anonymousAuthEnabled", false,
		"masterUserOptions", M("masterUserArn", dsRole+"search-admin")),
	"cognitoOptions":        M("enabled", true, "userPoolId", "us-east-1_Abc123", "identityPoolId", "us-east-1:0000-1111", "roleArn", dsRole+"search-cognito"),
	"logPublishingOptions":  dsLogs(dsAllSearchLogs...),
	"softwareUpdateOptions": M("autoSoftwareUpdateEnabled", true),
	"accessPolicies": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/search-api"},` +
		`"Action":["es:ESHttpGet","es:ESHttpPost"],"Resource":"arn:aws:es:us-east-1:111122223333:domain/search/*"}]}`,
}

// The legacy domain has no softwareUpdateOptions or engineVersion.
var dsESDomain = dsSet(dsDomain, "softwareUpdateOptions", nil, "engineVersion", nil, "elasticsearchVersion", "7.10", "domainName", "legacy-search")

func dsOS(kv ...any) []R {
	return []R{{Type: rules.OpenSearchDomain, Name: "search", Props: dsSet(dsDomain, kv...)}}
}
func dsES(kv ...any) []R {
	return []R{{Type: rules.ElasticsearchDomain, Name: "legacy-search", Props: dsSet(dsESDomain, kv...)}}
}

func dsWithCluster(kv ...any) map[string]any {
	return dsSet(dsDomain["clusterConfig"].(map[string]any), kv...)
}

func init() {
	const (
		enc     = "CFG opensearch-encrypted-at-rest; CN HIPAA.Security-OpenSearchEncryptedAtRest; CK CKV_AWS_5; PR opensearch_service_domains_encryption_at_rest_enabled"
		n2n     = "CFG opensearch-node-to-node-encryption-check; CN HIPAA.Security-OpenSearchNodeToNodeEncryption; CK CKV_AWS_6; PR opensearch_service_domains_node_to_node_encryption_enabled"
		https   = "CFG opensearch-https-required; CK CKV_AWS_83; PR opensearch_service_domains_https_communications_enforced"
		tlsPol  = "CK CKV_AWS_228"
		vpc     = "CFG opensearch-in-vpc-only; CN HIPAA.Security-OpenSearchInVPCOnly; CK CKV_AWS_137; PR opensearch_service_domains_not_publicly_accessible"
		sg      = "CK CKV_AWS_248"
		errLogs = "CFG opensearch-logs-to-cloudwatch; CN HIPAA.Security-OpenSearchErrorLogsToCloudWatch; CK CKV_AWS_84"
		audit   = "CK CKV_AWS_317; PR opensearch_service_domains_audit_logging_enabled"
		slow    = "PR opensearch_service_domains_cloudwatch_logging_enabled"
		fgac    = "CK CKV2_AWS_52; PR opensearch_service_domains_access_control_enabled"
		intDB   = "PR opensearch_service_domains_internal_user_database_enabled"
		masters = "CK CKV_AWS_318; CK CKV2_AWS_59; PR opensearch_service_domains_fault_tolerant_master_nodes"
		data    = "PR opensearch_service_domains_fault_tolerant_data_nodes"
		update  = "PR opensearch_service_domains_updated_to_the_latest_service_software_version"
		cognito = "PR opensearch_service_domains_use_cognito_authentication_for_kibana"
		cmk     = "CK CKV_AWS_247"
		esAll   = "CFG elasticsearch-encrypted-at-rest; CFG elasticsearch-in-vpc-only; CFG elasticsearch-logs-to-cloudwatch; CFG elasticsearch-node-to-node-encryption-check"
	)
	add(
		dsCompliant(enc+"; "+n2n+"; "+https+"; "+tlsPol+"; "+vpc+"; "+sg+"; "+errLogs+"; "+audit+"; "+slow+"; "+fgac+"; "+intDB+"; "+masters+"; "+data+"; "+update+"; "+cognito+"; "+cmk,
			"OpenSearch 2.13 domain: CMK, node-to-node, HTTPS with TLS 1.2 PFS, VPC with its own group, fine-grained access control, all logs, 3 zone-aware data nodes and 3 masters, Cognito dashboards",
			dsOS()),
		dsCompliant(esAll, "legacy Elasticsearch 7.10 domain configured like the OpenSearch one", dsES()),
		dsViolating(enc, "domain without encryption at rest", []string{"search-domain-encrypted"}, dsOS("encryptAtRest", nil)),
		dsViolating("CFG elasticsearch-encrypted-at-rest", "legacy domain without encryption at rest", []string{"search-domain-encrypted"}, dsES("encryptAtRest", M("enabled", false))),
		dsViolating(cmk, "domain on the AWS-managed aws/es key", []string{"datastore-cmk"}, dsOS("encryptAtRest", M("enabled", true))),
		dsViolating(n2n, "domain without node-to-node encryption", []string{"search-domain-node-to-node"}, dsOS("nodeToNodeEncryption", M("enabled", false))),
		dsViolating("CFG elasticsearch-node-to-node-encryption-check", "legacy domain without node-to-node encryption", []string{"search-domain-node-to-node"}, dsES("nodeToNodeEncryption", nil)),
		dsViolating(https, "domain with enforceHttps false", []string{"search-domain-https"},
			dsOS("domainEndpointOptions", M("enforceHttps", false, "tlsSecurityPolicy", "Policy-Min-TLS-1-2-PFS-2023-10"))),
		dsViolating(tlsPol, "domain accepting TLS 1.0", []string{"search-domain-https"}, dsOS("domainEndpointOptions", M("enforceHttps", true, "tlsSecurityPolicy", "Policy-Min-TLS-1-0-2019-07"))),
		dsViolating(vpc, "domain on a public endpoint", []string{"search-domain-in-vpc"}, dsOS("vpcOptions", nil)),
		dsViolating("CFG elasticsearch-in-vpc-only", "legacy domain on a public endpoint", []string{"search-domain-in-vpc"}, dsES("vpcOptions", nil)),
		dsViolating(sg, "domain on the VPC's default security group", []string{"search-domain-in-vpc"},
			dsOS("vpcOptions", M("subnetIds", []any{"subnet-0a", "subnet-0b", "subnet-0c"}))),
		dsViolating(errLogs, "domain not publishing error logs", []string{"search-domain-logs"}, dsOS("logPublishingOptions", dsLogs("AUDIT_LOGS", "INDEX_SLOW_LOGS", "SEARCH_SLOW_LOGS"))),
		dsViolating("CFG elasticsearch-logs-to-cloudwatch", "legacy domain publishing no logs", []string{"search-domain-logs"}, dsES("logPublishingOptions", nil)),
		dsViolating(audit, "domain not publishing audit logs", []string{"search-domain-logs"}, dsOS("logPublishingOptions", dsLogs("ES_APPLICATION_LOGS", "INDEX_SLOW_LOGS", "SEARCH_SLOW_LOGS"))),
		dsViolating(slow, "domain not publishing slow logs", []string{"search-domain-logs"}, dsOS("logPublishingOptions", dsLogs("ES_APPLICATION_LOGS", "AUDIT_LOGS"))),
		dsViolating(fgac, "domain without fine-grained access control", []string{"search-domain-access-control"}, dsOS("advancedSecurityOptions", nil, "logPublishingOptions", dsLogs(dsAllSearchLogs...))),
		dsViolating(intDB, "domain with the internal user database", []string{"search-domain-access-control"},
			dsOS("advancedSecurityOptions", M("enabled", true, "internalUserDatabaseEnabled", true, "masterUserOptions", M("masterUserName", "admin", "masterUserPassword", Secret{"hunter2-secret"})))),
		dsViolating(masters, "domain without dedicated masters", []string{"search-domain-fault-tolerant"},
			dsOS("clusterConfig", dsWithCluster("dedicatedMasterEnabled", false, "dedicatedMasterCount", nil, "dedicatedMasterType", nil))),
		dsViolating(data, "domain with one data node and no zone awareness", []string{"search-domain-fault-tolerant"},
			dsOS("clusterConfig", dsWithCluster("instanceCount", 1, "zoneAwarenessEnabled", false, "zoneAwarenessConfig", nil))),
		dsViolating(update, "domain without automatic software updates", []string{"datastore-auto-upgrade"}, dsOS("softwareUpdateOptions", nil)),
		dsViolating(cognito, "domain whose dashboards use neither Cognito nor SAML", []string{"search-dashboards-auth"}, dsOS("cognitoOptions", nil)),
		dsCompliant(cognito, "domain whose dashboards use SAML", append(dsOS("cognitoOptions", nil),
			R{Type: rules.OpenSearchSamlOptions, Name: "search-saml", Props: M("domainName", "search", "samlOptions", M("enabled", true,
				"idp", M("entityId", "https://idp.example.org", "metadataContent", "<EntityDescriptor/>"), "masterBackendRole", "search-admins")),
				Deps: map[string][]string{"domainName": {"search"}}})),
		dsViolating("PR opensearch_service_domains_not_publicly_accessible", "domain policy open to any principal", []string{"datastore-policies-not-public"},
			dsOS("accessPolicies", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"es:*","Resource":"arn:aws:es:us-east-1:111122223333:domain/search/*"}]}`)),
	)
}

// --- Redshift ---

var dsWarehouse = map[string]any{
	"clusterIdentifier": "warehouse", "nodeType": "ra3.xlplus", "clusterType": "multi-node", "numberOfNodes": 2,
	"databaseName": "analytics", "masterUsername": "warehouse_owner", "manageMasterPassword": true,
	"encrypted": true, "kmsKeyId": dsKey, "publiclyAccessible": false, "clusterSubnetGroupName": "warehouse-private",
	"vpcSecurityGroupIds": []any{"sg-0wh"}, "enhancedVpcRouting": true, "port": 5439,
	"automatedSnapshotRetentionPeriod": 7, "preferredMaintenanceWindow": "sun:05:00-sun:05:30", "allowVersionUpgrade": true, "multiAz": true,
	"clusterParameterGroupName": "warehouse", "skipFinalSnapshot": false, "finalSnapshotIdentifier": "warehouse-final",
}

type dsWarehouseOpts struct {
	cluster  []any
	ssl      string
	noLogs   bool
	logTypes []any
}

func dsWarehouseStack(o dsWarehouseOpts) []R {
	ssl := o.ssl
	if ssl == "" {
		ssl = "true"
	}
	rs := []R{
		{Type: rules.RedshiftParameterGroup, Name: "warehouse-params", Props: M("name", "warehouse", "family", "redshift-1.0",
			"parameters", []any{M("name", "require_ssl", "value", ssl), M("name", "enable_user_activity_logging", "value", "true")})},
		{Type: rules.RedshiftCluster, Name: "warehouse", Props: dsSet(dsWarehouse, o.cluster...), Deps: map[string][]string{"clusterParameterGroupName": {"warehouse-params"}}},
	}
	if o.noLogs {
		return rs
	}
	types := o.logTypes
	if types == nil {
		types = []any{"connectionlog", "userlog", "useractivitylog"}
	}
	return append(rs, R{Type: rules.RedshiftLogging, Name: "warehouse-audit", Props: M("clusterIdentifier", Unknown{}, "logDestinationType", "cloudwatch", "logExports", types),
		Deps: map[string][]string{"clusterIdentifier": {"warehouse"}}})
}

func init() {
	const (
		backup = "CFG redshift-backup-enabled; CN HIPAA.Security-RedshiftBackupEnabled; CK CKV_AWS_343; PR redshift_cluster_automated_snapshot"
		config = "CFG redshift-cluster-configuration-check; CN HIPAA.Security-RedshiftClusterConfiguration"
		enc    = "CK CKV_AWS_64; PR redshift_cluster_encrypted_at_rest"
		logs   = "CK CKV_AWS_71; PR redshift_cluster_audit_logging"
		maint  = "CFG redshift-cluster-maintenancesettings-check; CN HIPAA.Security-RedshiftClusterMaintenanceSettings; CK CKV_AWS_141; PR redshift_cluster_automatic_upgrades"
		public = "CFG redshift-cluster-public-access-check; CN HIPAA.Security-RedshiftClusterPublicAccess; CK CKV_AWS_87; PR redshift_cluster_public_access"
		tls    = "CFG redshift-require-tls-ssl; CN HIPAA.Security-RedshiftRequireTlsSSL; CK CKV_AWS_105; PR redshift_cluster_in_transit_encryption_enabled"
		evr    = "CN HIPAA.Security-RedshiftEnhancedVPCRoutingEnabled; CK CKV_AWS_321; PR redshift_cluster_enhanced_vpc_routing"
		cmk    = "CK CKV_AWS_142"
		vpc    = "CK CKV_AWS_154"
		dbName = "CK CKV_AWS_320; PR redshift_cluster_non_default_database_name"
		user   = "PR redshift_cluster_non_default_username; CK CKV_AWS_391"
		multi  = "PR redshift_cluster_multi_az_enabled"
	)
	c := func(kv ...any) []R { return dsWarehouseStack(dsWarehouseOpts{cluster: kv}) }
	namespace := func(kv ...any) []R {
		return []R{{Type: rules.RedshiftNamespace, Name: "lake", Props: dsSet(M("namespaceName", "lake", "dbName", "lake", "adminUsername", "lake_owner",
			"manageAdminPassword", true, "kmsKeyId", dsKey, "logExports", []any{"connectionlog", "userlog", "useractivitylog"}), kv...)}}
	}
	grant := func(kv ...any) []R {
		return []R{{Type: rules.RedshiftSnapshotGrant, Name: "warehouse-dr", Props: dsSet(M("snapshotCopyGrantName", "warehouse-dr", "kmsKeyId", dsKey), kv...)}}
	}
	add(
		dsCompliant(backup+"; "+config+"; "+enc+"; "+logs+"; "+maint+"; "+public+"; "+tls+"; "+evr+"; "+cmk+"; "+vpc+"; "+dbName+"; "+user+"; "+multi,
			"RA3 cluster: CMK, private subnet group, enhanced VPC routing, require_ssl, audit logs to CloudWatch, 7-day snapshots, maintenance window, Multi-AZ, managed admin password",
			dsWarehouseStack(dsWarehouseOpts{})),
		dsCompliant("CK CKV_AWS_282", "serverless namespace with a CMK, managed admin password and all audit logs", namespace()),
		dsCompliant("CK CKV_AWS_281", "snapshot copy grant on a CMK", grant()),
		dsViolating(backup, "cluster with automated snapshots off", []string{"redshift-snapshot-retention"}, c("automatedSnapshotRetentionPeriod", 0)),
		dsViolating(config+"; "+enc, "unencrypted cluster", []string{"redshift-encrypted"}, c("encrypted", false, "kmsKeyId", nil)),
		dsViolating(config+"; "+logs, "cluster without audit logging", []string{"redshift-audit-logging"}, dsWarehouseStack(dsWarehouseOpts{noLogs: true})),
		dsViolating("PR redshift_cluster_audit_logging", "cluster logging connections only", []string{"redshift-audit-logging"},
			dsWarehouseStack(dsWarehouseOpts{logTypes: []any{"connectionlog"}})),
		dsViolating(maint, "cluster refusing version upgrades", []string{"datastore-auto-upgrade"}, c("allowVersionUpgrade", false)),
		dsViolating("CFG redshift-cluster-maintenancesettings-check; CN HIPAA.Security-RedshiftClusterMaintenanceSettings", "cluster without a maintenance window",
			[]string{"datastore-auto-upgrade"}, c("preferredMaintenanceWindow", nil)),
		dsViolating(public, "publicly accessible cluster", []string{"redshift-private"}, c("publiclyAccessible", true)),
		dsViolating(public, "cluster leaving publiclyAccessible unset (provider default true)", []string{"redshift-private"}, c("publiclyAccessible", nil)),
		dsViolating(tls, "cluster whose parameter group sets require_ssl false", []string{"redshift-require-ssl"}, dsWarehouseStack(dsWarehouseOpts{ssl: "false"})),
		dsViolating(evr, "cluster without enhanced VPC routing", []string{"redshift-enhanced-vpc-routing"}, c("enhancedVpcRouting", false)),
		dsViolating(cmk, "cluster on the AWS-managed key", []string{"datastore-cmk"}, c("kmsKeyId", nil)),
		dsViolating(vpc, "cluster without a subnet group", []string{"redshift-private"}, c("clusterSubnetGroupName", nil)),
		dsViolating(dbName, "cluster on the default database dev", []string{"redshift-credentials"}, c("databaseName", "dev")),
		dsViolating(user, "cluster with master username awsuser", []string{"redshift-credentials"}, c("masterUsername", "awsuser")),
		dsViolating(multi, "single-AZ cluster", []string{"redshift-multi-az"}, c("multiAz", false)),
		dsViolating("CK CKV_AWS_282", "serverless namespace on an AWS-owned key", []string{"datastore-cmk"}, namespace("kmsKeyId", nil)),
		dsViolating("CK CKV_AWS_281", "snapshot copy grant on the default key", []string{"datastore-cmk"}, grant("kmsKeyId", nil)),
	)
}

// --- DocumentDB and Neptune ---

var dsDocs = map[string]any{
	"clusterIdentifier": "care-plans", "engine": "docdb", "engineVersion": "5.0.0", "masterUsername": "careplans_owner", "manageMasterUserPassword": true,
	"storageEncrypted": true, "kmsKeyId": dsKey, "backupRetentionPeriod": 7, "preferredBackupWindow": "03:00-04:00",
	"preferredMaintenanceWindow": "sun:05:00-sun:06:00", "deletionProtection": true, "finalSnapshotIdentifier": "care-plans-final",
	"enabledCloudwatchLogsExports": []any{"audit", "profiler"}, "dbClusterParameterGroupName": "care-plans",
	"dbSubnetGroupName": "docdb-private", "vpcSecurityGroupIds": []any{"sg-0docdb"}, "port": 27018,
}

func dsDocsStack(instances int, params []any, kv ...any) []R {
	rs := []R{
		{Type: rules.DocDBParameterGroup, Name: "care-plans-params", Props: M("name", "care-plans", "family", "docdb5.0", "parameters", params)},
		{Type: rules.DocDBCluster, Name: "care-plans", Props: dsSet(dsDocs, kv...), Deps: map[string][]string{"dbClusterParameterGroupName": {"care-plans-params"}}},
	}
	for i, az := range []string{"us-east-1a", "us-east-1b", "us-east-1c"}[:instances] {
		rs = append(rs, R{Type: rules.DocDBClusterInstance, Name: "care-plans-" + az[len(az)-1:],
			Props: M("clusterIdentifier", Unknown{}, "instanceClass", "db.r6g.large", "availabilityZone", az, "identifier", "care-plans-"+string(rune('1'+i))),
			Deps:  map[string][]string{"clusterIdentifier": {"care-plans"}}})
	}
	return rs
}

var dsDocsParams = []any{M("name", "tls", "value", "enabled"), M("name", "audit_logs", "value", "enabled")}

var dsGraph = map[string]any{
	"clusterIdentifier": "referrals", "engine": "neptune", "engineVersion": "1.3.2.0", "storageEncrypted": true, "kmsKeyArn": dsKey,
	"backupRetentionPeriod": 7, "preferredBackupWindow": "03:00-04:00", "deletionProtection": true, "finalSnapshotIdentifier": "referrals-final",
	"iamDatabaseAuthenticationEnabled": true, "enableCloudwatchLogsExports": []any{"audit", "slowquery"}, "copyTagsToSnapshot": true,
	"neptuneSubnetGroupName": "neptune-private", "vpcSecurityGroupIds": []any{"sg-0graph"},
}

func dsGraphStack(instances int, public bool, kv ...any) []R {
	rs := []R{{Type: rules.NeptuneCluster, Name: "referrals", Props: dsSet(dsGraph, kv...)}}
	for _, az := range []string{"us-east-1a", "us-east-1b"}[:instances] {
		rs = append(rs, R{Type: rules.NeptuneClusterInstance, Name: "referrals-" + az[len(az)-1:],
			Props: M("clusterIdentifier", Unknown{}, "instanceClass", "db.r6g.large", "availabilityZone", az, "publiclyAccessible", public),
			Deps:  map[string][]string{"clusterIdentifier": {"referrals"}}})
	}
	return rs
}

func init() {
	const (
		dEnc   = "CK CKV_AWS_74; PR documentdb_cluster_storage_encrypted"
		dCMK   = "CK CKV_AWS_182"
		dLogs  = "CK CKV_AWS_85; PR documentdb_cluster_cloudwatch_log_export"
		dAudit = "CK CKV_AWS_104"
		dTLS   = "CK CKV_AWS_90"
		dBack  = "CK CKV_AWS_360; PR documentdb_cluster_backup_enabled"
		dDel   = "CFG rds-cluster-deletion-protection-enabled; PR documentdb_cluster_deletion_protection"
		dMulti = "CFG rds-cluster-multi-az-enabled; PR documentdb_cluster_multi_az_enabled"
		nEnc   = "CK CKV_AWS_44; PR neptune_cluster_storage_encrypted"
		nCMK   = "CK CKV_AWS_347"
		nLogs  = "CK CKV_AWS_101; PR neptune_cluster_integration_cloudwatch_logs"
		nPub   = "CK CKV_AWS_102"
		nBack  = "CK CKV_AWS_361; PR neptune_cluster_backup_enabled"
		nTags  = "CK CKV_AWS_362; PR neptune_cluster_copy_tags_to_snapshots"
		nIAM   = "CK CKV_AWS_359; PR neptune_cluster_iam_authentication_enabled"
		nDel   = "CK CKV2_AWS_58; PR neptune_cluster_deletion_protection; CFG rds-cluster-deletion-protection-enabled"
		nMulti = "PR neptune_cluster_multi_az; CFG rds-cluster-multi-az-enabled"
	)
	docs := func(kv ...any) []R { return dsDocsStack(2, dsDocsParams, kv...) }
	graph := func(kv ...any) []R { return dsGraphStack(2, false, kv...) }
	add(
		dsCompliant(dEnc+"; "+dCMK+"; "+dLogs+"; "+dAudit+"; "+dTLS+"; "+dBack+"; "+dDel+"; "+dMulti,
			"DocumentDB 5.0 cluster: CMK, TLS and audit_logs on, audit and profiler exported, 7-day backups, deletion protection, two instances in two AZs", docs()),
		dsCompliant("CK CKV_AWS_292", "encrypted DocumentDB global cluster",
			[]R{{Type: rules.DocDBGlobalCluster, Name: "care-plans-global", Props: M("globalClusterIdentifier", "care-plans", "engine", "docdb", "engineVersion", "5.0.0", "storageEncrypted", true)}}),
		dsViolating(dEnc, "unencrypted DocumentDB cluster", []string{"docdb-encrypted"}, docs("storageEncrypted", nil, "kmsKeyId", nil)),
		dsViolating(dCMK, "DocumentDB cluster on the AWS-managed key", []string{"datastore-cmk"}, docs("kmsKeyId", nil)),
		dsViolating(dLogs, "DocumentDB cluster exporting audit but not profiler logs", []string{"docdb-audit-logs"}, docs("enabledCloudwatchLogsExports", []any{"audit"})),
		dsViolating(dAudit, "DocumentDB parameter group without audit_logs", []string{"docdb-audit-logs"}, dsDocsStack(2, []any{M("name", "tls", "value", "enabled")})),
		dsViolating(dTLS, "DocumentDB parameter group disabling TLS", []string{"docdb-tls"},
			dsDocsStack(2, []any{M("name", "tls", "value", "disabled"), M("name", "audit_logs", "value", "enabled")})),
		dsViolating(dBack, "DocumentDB cluster keeping backups 1 day", []string{"docdb-backup-retention"}, docs("backupRetentionPeriod", 1)),
		dsViolating(dDel, "DocumentDB cluster without deletion protection", []string{"docdb-deletion-protection"}, docs("deletionProtection", false)),
		dsViolating(dMulti, "DocumentDB cluster with one instance", []string{"docdb-multi-az"}, dsDocsStack(1, dsDocsParams)),
		dsViolating("CK CKV_AWS_292", "DocumentDB global cluster leaving storageEncrypted unset", []string{"docdb-encrypted"},
			[]R{{Type: rules.DocDBGlobalCluster, Name: "care-plans-global", Props: M("globalClusterIdentifier", "care-plans", "engine", "docdb", "engineVersion", "5.0.0")}}),

		dsCompliant(nEnc+"; "+nCMK+"; "+nLogs+"; "+nPub+"; "+nBack+"; "+nTags+"; "+nIAM+"; "+nDel+"; "+nMulti,
			"Neptune cluster: CMK, IAM auth, audit logs, 7-day backups, tags on snapshots, deletion protection, two private instances in two AZs", graph()),
		dsViolating(nEnc, "unencrypted Neptune cluster", []string{"neptune-encrypted"}, graph("storageEncrypted", false, "kmsKeyArn", nil)),
		dsViolating(nCMK, "Neptune cluster on the AWS-managed key", []string{"datastore-cmk"}, graph("kmsKeyArn", nil)),
		dsViolating(nLogs, "Neptune cluster exporting slow queries only", []string{"neptune-audit-logs"}, graph("enableCloudwatchLogsExports", []any{"slowquery"})),
		dsViolating(nPub, "publicly accessible Neptune instances", []string{"neptune-instances-private"}, dsGraphStack(2, true)),
		dsViolating(nBack, "Neptune cluster on the 1-day backup default", []string{"neptune-backup-retention"}, graph("backupRetentionPeriod", nil)),
		dsViolating(nTags, "Neptune cluster not copying tags to snapshots", []string{"datastore-copy-tags-to-snapshots"}, graph("copyTagsToSnapshot", false)),
		dsViolating(nIAM, "Neptune cluster without IAM authentication", []string{"neptune-iam-auth"}, graph("iamDatabaseAuthenticationEnabled", nil)),
		dsViolating(nDel, "Neptune cluster without deletion protection", []string{"neptune-deletion-protection"}, graph("deletionProtection", false)),
		dsViolating(nMulti, "Neptune cluster with one instance", []string{"neptune-multi-az"}, dsGraphStack(1, false)),
	)
}
