package rules

// Type tokens of pulumi-aws v6, spelled once. Where v6 has two tokens for the
// same AWS resource (aws:lb and aws:alb; legacy and V2 S3), rules match both.
const (
	RDSCluster               = "aws:rds/cluster:Cluster"
	RDSClusterInstance       = "aws:rds/clusterInstance:ClusterInstance"
	RDSClusterParameterGroup = "aws:rds/clusterParameterGroup:ClusterParameterGroup"
	RDSClusterEndpoint       = "aws:rds/clusterEndpoint:ClusterEndpoint"
	RDSSubnetGroup           = "aws:rds/subnetGroup:SubnetGroup"

	S3Bucket             = "aws:s3/bucket:Bucket"
	S3BucketV2           = "aws:s3/bucketV2:BucketV2"
	S3SSEConfigV2        = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"
	S3SSEConfig          = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"
	S3PublicAccessBlock  = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
	S3OwnershipControls  = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
	S3VersioningV2       = "aws:s3/bucketVersioningV2:BucketVersioningV2"
	S3Versioning         = "aws:s3/bucketVersioning:BucketVersioning"
	S3LoggingV2          = "aws:s3/bucketLoggingV2:BucketLoggingV2"
	S3Logging            = "aws:s3/bucketLogging:BucketLogging"
	S3BucketPolicy       = "aws:s3/bucketPolicy:BucketPolicy"
	S3BucketAclV2        = "aws:s3/bucketAclV2:BucketAclV2"
	S3ObjectLockConfigV2 = "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2"
	S3ReplicationConfig  = "aws:s3/bucketReplicationConfig:BucketReplicationConfig"
	S3WebsiteConfigV2    = "aws:s3/bucketWebsiteConfigurationV2:BucketWebsiteConfigurationV2"

	SNSTopic       = "aws:sns/topic:Topic"
	SNSTopicPolicy = "aws:sns/topicPolicy:TopicPolicy"

	LogGroup          = "aws:cloudwatch/logGroup:LogGroup"
	LogDeliverySource = "aws:cloudwatch/logDeliverySource:LogDeliverySource"
	MetricAlarm       = "aws:cloudwatch/metricAlarm:MetricAlarm"

	Secret         = "aws:secretsmanager/secret:Secret"
	SecretRotation = "aws:secretsmanager/secretRotation:SecretRotation"

	DMSReplicationInstance = "aws:dms/replicationInstance:ReplicationInstance"
	DMSEndpoint            = "aws:dms/endpoint:Endpoint"
	DMSS3Endpoint          = "aws:dms/s3Endpoint:S3Endpoint"
	DMSReplicationTask     = "aws:dms/replicationTask:ReplicationTask"

	BackupVault     = "aws:backup/vault:Vault"
	BackupVaultLock = "aws:backup/vaultLockConfiguration:VaultLockConfiguration"
	BackupPlan      = "aws:backup/plan:Plan"
	BackupSelection = "aws:backup/selection:Selection"

	KMSKey = "aws:kms/key:Key"

	LBListener           = "aws:lb/listener:Listener"
	ALBListener          = "aws:alb/listener:Listener"
	LBLoadBalancer       = "aws:lb/loadBalancer:LoadBalancer"
	ALBLoadBalancer      = "aws:alb/loadBalancer:LoadBalancer"
	ACMCertificate       = "aws:acm/certificate:Certificate"
	CloudFrontDist       = "aws:cloudfront/distribution:Distribution"
	WAFWebACL            = "aws:wafv2/webAcl:WebAcl"
	WAFAssociation       = "aws:wafv2/webAclAssociation:WebAclAssociation"
	WAFLoggingConfig     = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"
	IAMAccessKey         = "aws:iam/accessKey:AccessKey"
	IAMUser              = "aws:iam/user:User"
	IAMUserLogin         = "aws:iam/userLoginProfile:UserLoginProfile"
	IAMUserPolicy        = "aws:iam/userPolicy:UserPolicy"
	IAMUserPolicyAttach  = "aws:iam/userPolicyAttachment:UserPolicyAttachment"
	IAMPolicyAttachment  = "aws:iam/policyAttachment:PolicyAttachment"
	IAMGroupPolicyAttach = "aws:iam/groupPolicyAttachment:GroupPolicyAttachment"
	IAMRolePolicyAttach  = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	IAMPolicy            = "aws:iam/policy:Policy"
	IAMRolePolicy        = "aws:iam/rolePolicy:RolePolicy"
	IAMRole              = "aws:iam/role:Role"

	ECSTaskDefinition = "aws:ecs/taskDefinition:TaskDefinition"
	ECSService        = "aws:ecs/service:Service"
	ECSCluster        = "aws:ecs/cluster:Cluster"
	ECRRepository     = "aws:ecr/repository:Repository"
	ECRRepoPolicy     = "aws:ecr/repositoryPolicy:RepositoryPolicy"
	AppScalingTarget  = "aws:appautoscaling/target:Target"
	AppScalingPolicy  = "aws:appautoscaling/policy:Policy"

	SecurityGroup        = "aws:ec2/securityGroup:SecurityGroup"
	SecurityGroupRule    = "aws:ec2/securityGroupRule:SecurityGroupRule"
	SGIngressRule        = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	Subnet               = "aws:ec2/subnet:Subnet"
	Route                = "aws:ec2/route:Route"
	VPC                  = "aws:ec2/vpc:Vpc"
	FlowLog              = "aws:ec2/flowLog:FlowLog"
	DefaultSecurityGroup = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
	CloudTrail           = "aws:cloudtrail/trail:Trail"
)

var (
	listenerTypes = []string{LBListener, ALBListener}
	lbTypes       = []string{LBLoadBalancer, ALBLoadBalancer}
	bucketTypes   = []string{S3BucketV2, S3Bucket}
)
