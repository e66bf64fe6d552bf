// Package forcenew is what the STAND-IN aws provider (test code only, never
// shipped) knows of replacements: for every resource type the estate
// registers, the input properties whose change makes pulumi-aws v6.83.4
// replace the resource instead of updating it in place, one row per
// property with the file it was read from.
//
// pulumi-aws v6 bridges terraform-provider-aws v5: a property replaces when
// the Terraform schema marks it ForceNew (SDKv2) or RequiresReplace
// (plugin framework), or a CustomizeDiff forces new (Conditionals). The
// pulumi-aws Go SDK does not carry this (its doc comments say "trigger
// replacement" only for two Lambda properties), so each row cites the
// Terraform schema it comes from: repository, path, and the commit of the
// stored version that was read (or the search index id where the index
// gave no commit). HashiCorp treats adding ForceNew to an attribute as a
// breaking change, made only in major versions, so the v5 files read stand
// for v5.100 that pulumi-aws v6.83 is built from.
//
// Property paths are Pulumi names (camelCase, lists pluralised as the SDK's
// `pulumi:"..."` tags spell them); nested steps are joined by ".". A row on
// a block means any change inside it replaces. forcenew_test.go checks every
// path against the SDK's types and that every registered type has rows or
// a reason for having none.
package forcenew

import (
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Row is one property that forces replacement.
type Row struct {
	Type     string
	Property string
	Source   string
	Note     string
}

// Conditional is a replacement a Terraform CustomizeDiff or DiffSuppressFunc
// decides from the values, not the schema alone.
type Conditional struct {
	Type, Property, Source string
	// When says in words when Replaces is true.
	When     string
	Replaces func(olds, news resource.PropertyMap) bool
}

func tf(path, commit string) string {
	return "hashicorp/terraform-provider-aws internal/service/" + path + "@" + commit[:12]
}

// tfIndexed cites a version the search index served without a commit.
func tfIndexed(path, id string) string {
	return "hashicorp/terraform-provider-aws internal/service/" + path + " (v5 version, search index id " + id + ")"
}

var (
	srcRDSCluster         = tf("rds/cluster.go", "0168cf6844f393420326f1426bf18ed357b56a77")
	srcRDSClusterInstance = tf("rds/cluster_instance.go", "01606926a0c0ab9174aec440f976a48b0baee722")
	srcRDSClusterEndpoint = tf("rds/cluster_endpoint.go", "0413c661ec1b94f3033c98f3fbd1e8c1b2725589")
	srcKMSKey             = tf("kms/key.go", "00a35305dc1b297a6fcdecdfbba33f1e63c3da39")
	srcKMSAlias           = tf("kms/alias.go", "01c08000ddb14181b5bd19201d8fca311dc570e4")
	srcBackupVault        = tf("backup/vault.go", "050ac11163cab8cdae5936a7f40b0e528ff780df")
	srcLogGroup           = tf("logs/group.go", "0073593e7d6993ba482409f4dc35438daaa79bb3")
	srcECRRepository      = tf("ecr/repository.go", "0072eea2d6046230a1fb7717741c17fd2122175e")
	srcS3Bucket           = tfIndexed("s3/bucket.go", "4217687162")
	srcTaskDefinition     = tf("ecs/task_definition.go", "04fc21d56d73cb67a9bbef2aedcffe8fbfd07286")
	srcTaskDefinitionV5   = tfIndexed("ecs/task_definition.go", "4453944302")
	srcECSService         = tf("ecs/service.go", "00a919d1548eb437816d4838f320502ad34183ff")
	srcECSServiceV5       = tfIndexed("ecs/service.go", "6687224974")
	srcScalingTarget      = tf("appautoscaling/target.go", "0105d2191ae7e43ba37ba011b916843eddf361ed")
	srcScalingPolicy      = tf("appautoscaling/policy.go", "048320e88399c508ae6481be5d8ef6fd6f71a9f6")
	srcIAMRole            = tf("iam/role.go", "0040ea6911af00bea2cca6dbb14e86829826ad8e")
	srcIAMRolePolicy      = tf("iam/role_policy.go", "02f97af85f89a04e8ed89f5e8b64a9a67f3cfe07")
	srcIAMRoleAttachment  = tf("iam/role_policy_attachment.go", "04c79849dbe7fbe76c3054b364357bcdaade9ac5")
	srcTargetGroup        = tf("elbv2/target_group.go", "013cfb4cddc9c44a28f34abad0c11768bcdb9b85")
	srcListenerRule       = tf("elbv2/listener_rule.go", "032c4f076a6cb8e54a85cb60f237cb80ab18b36b")
	srcLoadBalancer       = tf("elbv2/load_balancer.go", "00edc94be7a89c4c485415cdec27094875f61bfc")
	srcListener           = tf("elbv2/listener.go", "01c08000ddb14181b5bd19201d8fca311dc570e4")
	srcMetricAlarm        = tf("cloudwatch/metric_alarm.go", "055611a654738da73e7b1e2b5d2b7672c6d4d531")
	srcDashboard          = tf("cloudwatch/dashboard.go", "0620f2a6a126dfcbc4aecbc9a117b0fbea1656ff")
	srcSNSTopic           = tfIndexed("sns/topic.go", "1224120052")
	srcSNSTopicPolicy     = tf("sns/topic_policy.go", "00a35305dc1b297a6fcdecdfbba33f1e63c3da39")
	srcS3Versioning       = tf("s3/bucket_versioning.go", "01c08000ddb14181b5bd19201d8fca311dc570e4")
	srcS3Encryption       = tf("s3/bucket_server_side_encryption_configuration.go", "01606926a0c0ab9174aec440f976a48b0baee722")
	srcS3PublicAccess     = tf("s3/bucket_public_access_block.go", "01606926a0c0ab9174aec440f976a48b0baee722")
	srcS3Ownership        = tf("s3/bucket_ownership_controls.go", "01c08000ddb14181b5bd19201d8fca311dc570e4")
	srcS3Policy           = tf("s3/bucket_policy.go", "0073593e7d6993ba482409f4dc35438daaa79bb3")
	srcS3Logging          = tf("s3/bucket_logging.go", "01f431114674c27cf790fafb67ac274bf8f765e1")
	srcS3ObjectLock       = tf("s3/bucket_object_lock_configuration.go", "01c08000ddb14181b5bd19201d8fca311dc570e4")
	srcS3Lifecycle        = tfIndexed("s3/bucket_lifecycle_configuration.go", "3708929483")
	srcS3Replication      = tfIndexed("s3/bucket_replication_configuration.go", "1738952665")

	srcECSCluster        = tfIndexed("ecs/cluster.go", "2908830392")
	srcCapacityProviders = tf("ecs/cluster_capacity_providers.go", "0619e62a2f25aefdfc36b5c74a98d9f6dcc6d794")
	srcBackupSelection   = tf("backup/selection.go", "00a35305dc1b297a6fcdecdfbba33f1e63c3da39")
	srcBackupVaultLock   = tf("backup/vault_lock_configuration.go", "01606926a0c0ab9174aec440f976a48b0baee722")
	srcBackupPlan        = tf("backup/plan.go", "01f431114674c27cf790fafb67ac274bf8f765e1")
	srcRDSSubnetGroup    = tf("rds/subnet_group.go", "01c08000ddb14181b5bd19201d8fca311dc570e4")
	srcRDSProxyTarget    = tf("rds/proxy_target.go", "04a2e6e5bc625ec85ea8c678219b483fc674877e")
	srcRDSProxyDefaultTG = tf("rds/proxy_default_target_group.go", "0aa0d338dafe65943bca03c295f5e248b74f29b7")
	srcRDSProxy          = tf("rds/proxy.go", "013f1736b90439e5a19567a87d3e5cd11858c420")
	srcRDSParameterGroup = tf("rds/cluster_parameter_group.go", "01e5fd8f048e919760263fed00bb5a7120439a4f")
	srcSecurityGroup     = tf("ec2/vpc_security_group.go", "01606926a0c0ab9174aec440f976a48b0baee722")
	srcIngressRule       = tf("ec2/vpc_security_group_ingress_rule.go", "00a322094b4b9ade8a81b244345dbcf4b52ee8d6")
	srcWAFAssociation    = tf("wafv2/web_acl_association.go", "011a8eed43ed7763ef9de18cbb776eb29c762452")
	srcWAFLogging        = tf("wafv2/web_acl_logging_configuration.go", "012f18cf44eca0a93072002dafc5e45823fc281e")
	srcFlowLog           = tf("ec2/vpc_flow_log.go", "00a35305dc1b297a6fcdecdfbba33f1e63c3da39")
	srcDefaultSG         = tf("ec2/vpc_default_security_group.go", "01f431114674c27cf790fafb67ac274bf8f765e1")
	srcLogDelivery       = tf("logs/delivery.go", "009ebbba773eb7f1e3b286e30033836f4d115bd9")
	srcLogDeliverySource = tf("logs/delivery_source.go", "00a35305dc1b297a6fcdecdfbba33f1e63c3da39")
	srcLogDeliveryDest   = tf("logs/delivery_destination.go", "1e67cc5d48a621fe85585ada9c1cfb26802a4da7")
	srcTrail             = tf("cloudtrail/trail.go", "0a9af16a978467b3f82b89fa32e83c06ca152652")

	// srcBridgeDBR is pulumi-aws's provider/resources.go, where a
	// ResourceInfo may set DeleteBeforeReplace.
	srcBridgeDBR = "pulumi/pulumi-aws provider/resources.go@00ba5ea53c25"
)

const (
	tRDSCluster         = "aws:rds/cluster:Cluster"
	tRDSClusterInstance = "aws:rds/clusterInstance:ClusterInstance"
	tRDSClusterEndpoint = "aws:rds/clusterEndpoint:ClusterEndpoint"
	tKMSKey             = "aws:kms/key:Key"
	tKMSAlias           = "aws:kms/alias:Alias"
	tBackupVault        = "aws:backup/vault:Vault"
	tLogGroup           = "aws:cloudwatch/logGroup:LogGroup"
	tECRRepository      = "aws:ecr/repository:Repository"
	tS3Bucket           = "aws:s3/bucketV2:BucketV2"
	tTaskDefinition     = "aws:ecs/taskDefinition:TaskDefinition"
	tECSService         = "aws:ecs/service:Service"
	tScalingTarget      = "aws:appautoscaling/target:Target"
	tScalingPolicy      = "aws:appautoscaling/policy:Policy"
	tIAMRole            = "aws:iam/role:Role"
	tIAMRolePolicy      = "aws:iam/rolePolicy:RolePolicy"
	tIAMRoleAttachment  = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	tTargetGroup        = "aws:lb/targetGroup:TargetGroup"
	tListenerRule       = "aws:lb/listenerRule:ListenerRule"
	tLoadBalancer       = "aws:lb/loadBalancer:LoadBalancer"
	tListener           = "aws:lb/listener:Listener"
	tMetricAlarm        = "aws:cloudwatch/metricAlarm:MetricAlarm"
	tDashboard          = "aws:cloudwatch/dashboard:Dashboard"
	tSNSTopic           = "aws:sns/topic:Topic"
	tSNSTopicPolicy     = "aws:sns/topicPolicy:TopicPolicy"
	tS3Versioning       = "aws:s3/bucketVersioningV2:BucketVersioningV2"
	tS3Encryption       = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"
	tS3PublicAccess     = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
	tS3Ownership        = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
	tS3Policy           = "aws:s3/bucketPolicy:BucketPolicy"
	tS3Logging          = "aws:s3/bucketLoggingV2:BucketLoggingV2"
	tS3ObjectLock       = "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2"
	tS3Lifecycle        = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"
	tS3Replication      = "aws:s3/bucketReplicationConfig:BucketReplicationConfig"
)

// Rows are the ForceNew properties, one per line, grouped by type.
var Rows = []Row{
	// Aurora: everything an operator changes day to day (instanceClass,
	// backups, windows, monitoring, parameter groups) is ModifyDBCluster /
	// ModifyDBInstance; identity, engine, encryption and placement are not.
	{tRDSCluster, "availabilityZones", srcRDSCluster, ""},
	{tRDSCluster, "clusterIdentifier", srcRDSCluster, ""},
	{tRDSCluster, "clusterIdentifierPrefix", srcRDSCluster, ""},
	{tRDSCluster, "clusterScalabilityType", srcRDSCluster, ""},
	{tRDSCluster, "databaseName", srcRDSCluster, ""},
	{tRDSCluster, "dbSubnetGroupName", srcRDSCluster, ""},
	{tRDSCluster, "dbSystemId", srcRDSCluster, ""},
	{tRDSCluster, "engine", srcRDSCluster, ""},
	{tRDSCluster, "engineMode", srcRDSCluster, ""},
	{tRDSCluster, "kmsKeyId", srcRDSCluster, ""},
	{tRDSCluster, "masterUsername", srcRDSCluster, ""},
	{tRDSCluster, "restoreToPointInTime", srcRDSCluster, "block and every nested attribute"},
	{tRDSCluster, "s3Import.bucketName", srcRDSCluster, ""},
	{tRDSCluster, "s3Import.bucketPrefix", srcRDSCluster, ""},
	{tRDSCluster, "s3Import.ingestionRole", srcRDSCluster, ""},
	{tRDSCluster, "s3Import.sourceEngine", srcRDSCluster, ""},
	{tRDSCluster, "s3Import.sourceEngineVersion", srcRDSCluster, ""},
	{tRDSCluster, "sourceRegion", srcRDSCluster, ""},
	{tRDSCluster, "storageEncrypted", srcRDSCluster, ""},
	{tRDSClusterInstance, "availabilityZone", srcRDSClusterInstance, ""},
	{tRDSClusterInstance, "clusterIdentifier", srcRDSClusterInstance, ""},
	{tRDSClusterInstance, "customIamInstanceProfile", srcRDSClusterInstance, ""},
	{tRDSClusterInstance, "dbSubnetGroupName", srcRDSClusterInstance, ""},
	{tRDSClusterInstance, "engine", srcRDSClusterInstance, ""},
	{tRDSClusterInstance, "identifier", srcRDSClusterInstance, ""},
	{tRDSClusterInstance, "identifierPrefix", srcRDSClusterInstance, ""},
	{tRDSClusterEndpoint, "clusterEndpointIdentifier", srcRDSClusterEndpoint, ""},
	{tRDSClusterEndpoint, "clusterIdentifier", srcRDSClusterEndpoint, ""},

	{tKMSKey, "customKeyStoreId", srcKMSKey, ""},
	{tKMSKey, "customerMasterKeySpec", srcKMSKey, ""},
	{tKMSKey, "keyUsage", srcKMSKey, ""},
	{tKMSKey, "multiRegion", srcKMSKey, ""},
	{tKMSKey, "xksKeyId", srcKMSKey, ""},
	{tKMSAlias, "name", srcKMSAlias, ""},
	{tKMSAlias, "namePrefix", srcKMSAlias, ""},

	{tBackupVault, "kmsKeyArn", srcBackupVault, ""},
	{tBackupVault, "name", srcBackupVault, ""},

	{tLogGroup, "logGroupClass", srcLogGroup, ""},
	{tLogGroup, "name", srcLogGroup, ""},
	{tLogGroup, "namePrefix", srcLogGroup, ""},

	{tECRRepository, "encryptionConfigurations", srcECRRepository, "block and every nested attribute"},
	{tECRRepository, "name", srcECRRepository, ""},

	{tS3Bucket, "bucket", srcS3Bucket, ""},
	{tS3Bucket, "bucketPrefix", srcS3Bucket, ""},
	{tS3Bucket, "objectLockEnabled", srcS3Bucket, "object lock is set at creation; aws_s3_bucket_object_lock_configuration turns it on later"},
	{tS3Bucket, "objectLockConfiguration.objectLockEnabled", srcS3Bucket, "deprecated inline block"},
	{tS3Versioning, "bucket", srcS3Versioning, ""},
	{tS3Versioning, "expectedBucketOwner", srcS3Versioning, ""},
	{tS3Encryption, "bucket", srcS3Encryption, ""},
	{tS3Encryption, "expectedBucketOwner", srcS3Encryption, ""},
	{tS3PublicAccess, "bucket", srcS3PublicAccess, ""},
	{tS3Ownership, "bucket", srcS3Ownership, ""},
	{tS3Policy, "bucket", srcS3Policy, ""},
	{tS3Logging, "bucket", srcS3Logging, ""},
	{tS3Logging, "expectedBucketOwner", srcS3Logging, ""},
	{tS3ObjectLock, "bucket", srcS3ObjectLock, ""},
	{tS3ObjectLock, "expectedBucketOwner", srcS3ObjectLock, ""},
	{tS3ObjectLock, "objectLockEnabled", srcS3ObjectLock, ""},
	{tS3Lifecycle, "bucket", srcS3Lifecycle, "RequiresReplace plan modifier (plugin framework)"},
	{tS3Lifecycle, "expectedBucketOwner", srcS3Lifecycle, "RequiresReplace plan modifier (plugin framework)"},
	{tS3Replication, "bucket", srcS3Replication, ""},

	// A task definition revision is immutable: every input but tags and
	// skipDestroy/trackLatest registers a new revision.
	{tTaskDefinition, "containerDefinitions", srcTaskDefinition, "a new image tag is a new revision"},
	{tTaskDefinition, "cpu", srcTaskDefinition, ""},
	{tTaskDefinition, "enableFaultInjection", srcTaskDefinitionV5, ""},
	{tTaskDefinition, "ephemeralStorage", srcTaskDefinition, "block and every nested attribute"},
	{tTaskDefinition, "executionRoleArn", srcTaskDefinition, ""},
	{tTaskDefinition, "family", srcTaskDefinition, ""},
	{tTaskDefinition, "inferenceAccelerators", srcTaskDefinition, "block and every nested attribute"},
	{tTaskDefinition, "ipcMode", srcTaskDefinition, ""},
	{tTaskDefinition, "memory", srcTaskDefinition, ""},
	{tTaskDefinition, "networkMode", srcTaskDefinition, ""},
	{tTaskDefinition, "pidMode", srcTaskDefinition, ""},
	{tTaskDefinition, "placementConstraints", srcTaskDefinition, "block and every nested attribute"},
	{tTaskDefinition, "proxyConfiguration", srcTaskDefinition, "block and every nested attribute"},
	{tTaskDefinition, "requiresCompatibilities", srcTaskDefinition, ""},
	{tTaskDefinition, "runtimePlatform", srcTaskDefinition, "block and every nested attribute"},
	{tTaskDefinition, "taskRoleArn", srcTaskDefinition, ""},
	{tTaskDefinition, "volumes", srcTaskDefinition, "block and every nested attribute"},
	{tECSService, "cluster", srcECSService, ""},
	{tECSService, "deploymentController.type", srcECSService, ""},
	{tECSService, "iamRole", srcECSService, ""},
	{tECSService, "launchType", srcECSService, ""},
	{tECSService, "name", srcECSService, ""},
	{tECSService, "schedulingStrategy", srcECSService, ""},
	{tScalingTarget, "resourceId", srcScalingTarget, ""},
	{tScalingTarget, "scalableDimension", srcScalingTarget, ""},
	{tScalingTarget, "serviceNamespace", srcScalingTarget, ""},
	{tScalingPolicy, "name", srcScalingPolicy, ""},
	{tScalingPolicy, "resourceId", srcScalingPolicy, ""},
	{tScalingPolicy, "scalableDimension", srcScalingPolicy, ""},
	{tScalingPolicy, "serviceNamespace", srcScalingPolicy, ""},

	{tIAMRole, "name", srcIAMRole, ""},
	{tIAMRole, "namePrefix", srcIAMRole, ""},
	{tIAMRole, "path", srcIAMRole, ""},
	{tIAMRolePolicy, "name", srcIAMRolePolicy, ""},
	{tIAMRolePolicy, "namePrefix", srcIAMRolePolicy, ""},
	{tIAMRolePolicy, "role", srcIAMRolePolicy, ""},
	{tIAMRoleAttachment, "policyArn", srcIAMRoleAttachment, "no Update function: every argument is ForceNew"},
	{tIAMRoleAttachment, "role", srcIAMRoleAttachment, "no Update function: every argument is ForceNew"},

	{tTargetGroup, "ipAddressType", srcTargetGroup, ""},
	{tTargetGroup, "name", srcTargetGroup, ""},
	{tTargetGroup, "namePrefix", srcTargetGroup, ""},
	{tTargetGroup, "port", srcTargetGroup, "a service's port change replaces its target group"},
	{tTargetGroup, "protocol", srcTargetGroup, ""},
	{tTargetGroup, "protocolVersion", srcTargetGroup, ""},
	{tTargetGroup, "targetType", srcTargetGroup, ""},
	{tTargetGroup, "vpcId", srcTargetGroup, ""},
	{tListenerRule, "listenerArn", srcListenerRule, "priority is explicitly ForceNew: false"},
	{tLoadBalancer, "customerOwnedIpv4Pool", srcLoadBalancer, ""},
	{tLoadBalancer, "internal", srcLoadBalancer, ""},
	{tLoadBalancer, "loadBalancerType", srcLoadBalancer, ""},
	{tLoadBalancer, "name", srcLoadBalancer, ""},
	{tLoadBalancer, "namePrefix", srcLoadBalancer, ""},
	{tListener, "loadBalancerArn", srcListener, ""},

	{"aws:ecs/cluster:Cluster", "name", srcECSCluster, ""},
	{"aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", "clusterName", srcCapacityProviders, "the Spot share (defaultCapacityProviderStrategies) changes in place"},

	// A backup selection and a vault lock cannot be updated: every
	// argument replaces them.
	{"aws:backup/selection:Selection", "conditions", srcBackupSelection, "no Update function"},
	{"aws:backup/selection:Selection", "iamRoleArn", srcBackupSelection, "no Update function"},
	{"aws:backup/selection:Selection", "name", srcBackupSelection, "no Update function"},
	{"aws:backup/selection:Selection", "notResources", srcBackupSelection, "no Update function"},
	{"aws:backup/selection:Selection", "planId", srcBackupSelection, "no Update function"},
	{"aws:backup/selection:Selection", "resources", srcBackupSelection, "no Update function"},
	{"aws:backup/selection:Selection", "selectionTags", srcBackupSelection, "no Update function"},
	{"aws:backup/vaultLockConfiguration:VaultLockConfiguration", "backupVaultName", srcBackupVaultLock, "no Update function"},
	{"aws:backup/vaultLockConfiguration:VaultLockConfiguration", "changeableForDays", srcBackupVaultLock, "no Update function"},
	{"aws:backup/vaultLockConfiguration:VaultLockConfiguration", "maxRetentionDays", srcBackupVaultLock, "no Update function"},
	{"aws:backup/vaultLockConfiguration:VaultLockConfiguration", "minRetentionDays", srcBackupVaultLock, "no Update function; the estate sets it from backup.retentionDays, and a compliance-mode lock past changeableForDays cannot be deleted"},
	{"aws:backup/plan:Plan", "name", srcBackupPlan, "rules are UpdateBackupPlan"},

	{"aws:rds/subnetGroup:SubnetGroup", "name", srcRDSSubnetGroup, ""},
	{"aws:rds/subnetGroup:SubnetGroup", "namePrefix", srcRDSSubnetGroup, ""},
	{"aws:rds/proxyTarget:ProxyTarget", "dbClusterIdentifier", srcRDSProxyTarget, "no Update function"},
	{"aws:rds/proxyTarget:ProxyTarget", "dbInstanceIdentifier", srcRDSProxyTarget, "no Update function"},
	{"aws:rds/proxyTarget:ProxyTarget", "dbProxyName", srcRDSProxyTarget, "no Update function"},
	{"aws:rds/proxyTarget:ProxyTarget", "targetGroupName", srcRDSProxyTarget, "no Update function"},
	{"aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup", "dbProxyName", srcRDSProxyDefaultTG, "the resource id; connectionPoolConfig is ModifyDBProxyTargetGroup"},
	{"aws:rds/proxy:Proxy", "engineFamily", srcRDSProxy, "name is renamed in place (ModifyDBProxy NewDBProxyName)"},
	{"aws:rds/proxy:Proxy", "vpcSubnetIds", srcRDSProxy, "the file read is newer: its endpoint/targetConnection network types are not in the v6.83.4 SDK"},
	{"aws:rds/clusterParameterGroup:ClusterParameterGroup", "description", srcRDSParameterGroup, ""},
	{"aws:rds/clusterParameterGroup:ClusterParameterGroup", "family", srcRDSParameterGroup, "a major engine upgrade needs a new group"},
	{"aws:rds/clusterParameterGroup:ClusterParameterGroup", "name", srcRDSParameterGroup, ""},
	{"aws:rds/clusterParameterGroup:ClusterParameterGroup", "namePrefix", srcRDSParameterGroup, ""},

	{"aws:ec2/securityGroup:SecurityGroup", "description", srcSecurityGroup, "ingress and egress change in place"},
	{"aws:ec2/securityGroup:SecurityGroup", "name", srcSecurityGroup, ""},
	{"aws:ec2/securityGroup:SecurityGroup", "namePrefix", srcSecurityGroup, ""},
	{"aws:ec2/securityGroup:SecurityGroup", "vpcId", srcSecurityGroup, ""},

	{"aws:cloudtrail/trail:Trail", "name", srcTrail, "selectors, bucket, key and log group are UpdateTrail / Put*Selectors"},

	{"aws:wafv2/webAclAssociation:WebAclAssociation", "resourceArn", srcWAFAssociation, "no Update function"},
	{"aws:wafv2/webAclAssociation:WebAclAssociation", "webAclArn", srcWAFAssociation, "no Update function"},

	{"aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration", "logDestinationConfigs", srcWAFLogging, ""},
	{"aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration", "resourceArn", srcWAFLogging, "loggingFilter and redactedFields are PutLoggingConfiguration"},

	{"aws:ec2/flowLog:FlowLog", "deliverCrossAccountRole", srcFlowLog, "Update changes tags only"},
	{"aws:ec2/flowLog:FlowLog", "destinationOptions", srcFlowLog, "Update changes tags only"},
	{"aws:ec2/flowLog:FlowLog", "eniId", srcFlowLog, "Update changes tags only"},
	{"aws:ec2/flowLog:FlowLog", "iamRoleArn", srcFlowLog, "Update changes tags only"},
	{"aws:ec2/flowLog:FlowLog", "logDestination", srcFlowLog, "Update changes tags only"},
	{"aws:ec2/flowLog:FlowLog", "logDestinationType", srcFlowLog, "Update changes tags only"},
	{"aws:ec2/flowLog:FlowLog", "logFormat", srcFlowLog, "Update changes tags only"},
	{"aws:ec2/flowLog:FlowLog", "maxAggregationInterval", srcFlowLog, "Update changes tags only"},
	{"aws:ec2/flowLog:FlowLog", "subnetId", srcFlowLog, "Update changes tags only"},
	{"aws:ec2/flowLog:FlowLog", "trafficType", srcFlowLog, "Update changes tags only"},
	{"aws:ec2/flowLog:FlowLog", "transitGatewayAttachmentId", srcFlowLog, "Update changes tags only"},
	{"aws:ec2/flowLog:FlowLog", "transitGatewayId", srcFlowLog, "Update changes tags only"},
	{"aws:ec2/flowLog:FlowLog", "vpcId", srcFlowLog, "Update changes tags only"},

	{"aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "vpcId", srcDefaultSG, "adopts the VPC's default group; ingress and egress change in place"},

	{"aws:cloudwatch/logDelivery:LogDelivery", "deliveryDestinationArn", srcLogDelivery, "RequiresReplace plan modifier (plugin framework)"},
	{"aws:cloudwatch/logDelivery:LogDelivery", "deliverySourceName", srcLogDelivery, "RequiresReplace; fieldDelimiter, recordFields and s3DeliveryConfiguration are UpdateDeliveryConfiguration"},

	{"aws:cloudwatch/logDeliverySource:LogDeliverySource", "logType", srcLogDeliverySource, "RequiresReplace; no Update"},
	{"aws:cloudwatch/logDeliverySource:LogDeliverySource", "name", srcLogDeliverySource, "RequiresReplace; no Update"},
	{"aws:cloudwatch/logDeliverySource:LogDeliverySource", "resourceArn", srcLogDeliverySource, "RequiresReplace; no Update"},

	{"aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination", "name", srcLogDeliveryDest, "RequiresReplace"},
	{"aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination", "outputFormat", srcLogDeliveryDest, "RequiresReplace"},

	{tMetricAlarm, "name", srcMetricAlarm, "Terraform alarm_name"},
	{tDashboard, "dashboardName", srcDashboard, ""},
	{tSNSTopic, "fifoTopic", srcSNSTopic, ""},
	{tSNSTopic, "name", srcSNSTopic, ""},
	{tSNSTopic, "namePrefix", srcSNSTopic, ""},
	{tSNSTopicPolicy, "arn", srcSNSTopicPolicy, ""},
}

// Conditionals are the replacements a CustomizeDiff or DiffSuppressFunc
// decides.
var Conditionals = []Conditional{
	{
		Type: tRDSCluster, Property: "storageType", Source: srcRDSCluster,
		When: "the engine is not aurora* (CustomizeDiff ForceNewIf; Aurora changes storage in place)",
		Replaces: func(_, news resource.PropertyMap) bool {
			e := news["engine"]
			return !(e.IsString() && len(e.StringValue()) >= 6 && e.StringValue()[:6] == "aurora")
		},
	},
	{
		Type: tRDSCluster, Property: "snapshotIdentifier", Source: srcRDSCluster,
		When: "the new value is not empty (DiffSuppressFunc lets a snapshot identifier be removed)",
		Replaces: func(_, news resource.PropertyMap) bool {
			v := news["snapshotIdentifier"]
			return !(v.IsNull() || (v.IsString() && v.StringValue() == ""))
		},
	},
	{
		Type: tECSService, Property: "capacityProviderStrategies", Source: srcECSServiceV5,
		When: "forceNewDeployment is not true, or the list goes from or to empty (CustomizeDiff capacityProviderStrategyCustomizeDiff)",
		Replaces: func(olds, news resource.PropertyMap) bool {
			fnd := news["forceNewDeployment"]
			if !(fnd.IsBool() && fnd.BoolValue()) {
				return true
			}
			o, n := olds["capacityProviderStrategies"], news["capacityProviderStrategies"]
			empty := func(v resource.PropertyValue) bool { return !v.IsArray() || len(v.ArrayValue()) == 0 }
			return empty(o) != empty(n)
		},
	},
}

// ruleSourceKinds are the mutually exclusive sources of a VPC security group
// rule; ModifyPlan replaces the rule when the kind of source changes.
var ruleSourceKinds = []string{"cidrIpv4", "cidrIpv6", "prefixListId", "referencedSecurityGroupId"}

func ruleSourceKind(m resource.PropertyMap) string {
	for _, k := range ruleSourceKinds {
		if v := m[resource.PropertyKey(k)]; !v.IsNull() {
			return k
		}
	}
	return ""
}

func init() {
	for _, typ := range []string{"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"} {
		note := ""
		if typ != "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule" {
			note = " (the egress rule is the same framework resource; its own file was not read)"
		}
		for _, k := range ruleSourceKinds {
			Conditionals = append(Conditionals, Conditional{
				Type: typ, Property: k, Source: srcIngressRule,
				When: "the kind of source changes (ModifyPlan RequiresReplace); ports, protocol, description and the source value itself are ModifySecurityGroupRules" + note,
				Replaces: func(olds, news resource.PropertyMap) bool {
					return ruleSourceKind(olds) != ruleSourceKind(news)
				},
			})
		}
	}
}

func init() {
	Conditionals = append(Conditionals, Conditional{
		Type: "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination", Property: "deliveryDestinationConfiguration", Source: srcLogDeliveryDest,
		When: "the destination ARN names another service, or is unknown (RequiresReplaceIf requiresReplaceIfARNServiceChanges)",
		Replaces: func(olds, news resource.PropertyMap) bool {
			o, n := project(olds, "deliveryDestinationConfiguration.destinationResourceArn"), project(news, "deliveryDestinationConfiguration.destinationResourceArn")
			if n.ContainsUnknowns() {
				return true
			}
			return arnService(o) != arnService(n)
		},
	})
}

// arnService is the service part of an ARN (arn:partition:service:...).
func arnService(v resource.PropertyValue) string {
	v = plain(v)
	if v.IsArray() && len(v.ArrayValue()) > 0 {
		v = plain(v.ArrayValue()[0])
	}
	if !v.IsString() {
		return ""
	}
	parts := strings.SplitN(v.StringValue(), ":", 4)
	if len(parts) < 3 {
		return ""
	}
	return parts[2]
}

// NoForceNew lists the types whose schema has no ForceNew input, each with
// the reason (what was read).
var NoForceNew = map[string]string{
	"aws:cloudfront/originAccessControl:OriginAccessControl": tf("cloudfront/origin_access_control.go", "01c08000ddb14181b5bd19201d8fca311dc570e4") +
		": no ForceNew attribute; name, description, origin type and signing are UpdateOriginAccessControl",
	"aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy": tf("cloudfront/response_headers_policy.go", "0015017ad4056c21b70ab87f24a39c720202878f") +
		": no ForceNew attribute in the schema read (from the CORS block on); UpdateResponseHeadersPolicy replaces the whole policy config in place",
}

// NotRead are the estate's types whose Terraform schema this table has not
// been checked against yet: the stand-in updates them in place on any
// change. None of them changes in a documented day-2 change (each is only
// created or deleted there, changesafety_test.go's plans show it), so the
// suite's verdicts do not rest on them; a row or a NoForceNew reason
// replaces the entry once the schema is read.
var NotRead = map[string]string{
	"aws:cloudfront/distribution:Distribution":              "internal/service/cloudfront/distribution.go",
	"aws:wafv2/webAcl:WebAcl":                               "internal/service/wafv2/web_acl.go",
	"aws:ec2/vpcEndpoint:VpcEndpoint":                       "internal/service/ec2/vpc_endpoint.go",
	"aws:dms/endpoint:Endpoint":                             "internal/service/dms/endpoint.go",
	"aws:dms/eventSubscription:EventSubscription":           "internal/service/dms/event_subscription.go",
	"aws:dms/replicationInstance:ReplicationInstance":       "internal/service/dms/replication_instance.go",
	"aws:dms/replicationSubnetGroup:ReplicationSubnetGroup": "internal/service/dms/replication_subnet_group.go",
	"aws:dms/replicationTask:ReplicationTask":               "internal/service/dms/replication_task.go",
	"aws:ec2/vpc:Vpc":                                       "internal/service/ec2/vpc_.go (made by awsx)",
	"aws:ec2/subnet:Subnet":                                 "internal/service/ec2/vpc_subnet.go (made by awsx)",
	"aws:ec2/internetGateway:InternetGateway":               "internal/service/ec2/vpc_internet_gateway.go (made by awsx)",
	"aws:ec2/routeTable:RouteTable":                         "internal/service/ec2/vpc_route_table.go (made by awsx)",
	"aws:ec2/routeTableAssociation:RouteTableAssociation":   "internal/service/ec2/vpc_route_table_association.go (made by awsx)",
	"aws:ec2/route:Route":                                   "internal/service/ec2/vpc_route.go (made by awsx)",
	"aws:ec2/eip:Eip":                                       "internal/service/ec2/ec2_eip.go (made by awsx)",
	"aws:ec2/natGateway:NatGateway":                         "internal/service/ec2/vpc_nat_gateway.go (made by awsx)",
}

// srcAutoNaming is where pulumi-aws gives every resource with a `name`
// input (Optional or Required in the Terraform schema) Pulumi's auto-name.
const srcAutoNaming = "pulumi/pulumi-aws provider/autonaming.go@0c5f6583ebfb"

// AutoNamed are the estate's types pulumi-aws auto-names when the program
// sets no name, with the property that carries the name. The stand-in puts
// the auto-name in the created resource's outputs, as the real provider's
// state has it (forcenew_test.go checks the list against the SDK).
var AutoNamed = map[string]string{
	"aws:appautoscaling/policy:Policy":                             "name",
	"aws:backup/plan:Plan":                                         "name",
	"aws:backup/selection:Selection":                               "name",
	tBackupVault:                                                   "name",
	"aws:cloudfront/originAccessControl:OriginAccessControl":       "name",
	"aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy":   "name",
	"aws:cloudtrail/trail:Trail":                                   "name",
	"aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination": "name",
	"aws:cloudwatch/logDeliverySource:LogDeliverySource":           "name",
	tLogGroup:                             "name",
	tMetricAlarm:                          "name",
	"aws:ec2/securityGroup:SecurityGroup": "name",
	tECRRepository:                        "name",
	"aws:ecs/cluster:Cluster":             "name",
	tECSService:                           "name",
	tIAMRole:                              "name",
	tIAMRolePolicy:                        "name",
	tKMSAlias:                             "name",
	tLoadBalancer:                         "name",
	tTargetGroup:                          "name",
	"aws:rds/clusterParameterGroup:ClusterParameterGroup": "name",
	tRDSClusterInstance:               "identifier",
	"aws:rds/proxy:Proxy":             "name",
	"aws:rds/subnetGroup:SubnetGroup": "name",
	tS3Bucket:                         "bucket",
	tSNSTopic:                         "name",
	"aws:wafv2/webAcl:WebAcl":         "name",
}

// DeleteBeforeReplace are the types pulumi-aws always deletes first.
var DeleteBeforeReplace = map[string]string{
	tIAMRoleAttachment: srcBridgeDBR + ": \"a create followed by a delete actually deletes the same attachment we just created\"",
}

var (
	byType     map[string][]Row
	byTypeOnce sync.Once
)

// rowsByType indexes Rows once; the plugin answers Diff calls concurrently.
func rowsByType() map[string][]Row {
	byTypeOnce.Do(func() {
		byType = map[string][]Row{}
		for _, r := range Rows {
			byType[r.Type] = append(byType[r.Type], r)
		}
	})
	return byType
}
