package rules

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// Type tokens of pulumi-aws v6.83.4 for the data stores a team may add
// beyond the shipped estate (each checked against RegisterResource in the
// SDK's go/aws/<svc>/*.go).
const (
	RDSInstance              = "aws:rds/instance:Instance"
	RDSGlobalCluster         = "aws:rds/globalCluster:GlobalCluster"
	RDSProxy                 = "aws:rds/proxy:Proxy"
	RDSProxyDefaultTarget    = "aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup"
	RDSProxyTarget           = "aws:rds/proxyTarget:ProxyTarget"
	RDSProxyEndpoint         = "aws:rds/proxyEndpoint:ProxyEndpoint"
	RDSParameterGroup        = "aws:rds/parameterGroup:ParameterGroup"
	RDSOptionGroup           = "aws:rds/optionGroup:OptionGroup"
	RDSSnapshot              = "aws:rds/snapshot:Snapshot"
	RDSSnapshotCopy          = "aws:rds/snapshotCopy:SnapshotCopy"
	RDSClusterSnapshot       = "aws:rds/clusterSnapshot:ClusterSnapshot"
	RDSBackupsReplication    = "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication"
	RDSEventSubscription     = "aws:rds/eventSubscription:EventSubscription"
	RDSActivityStream        = "aws:rds/clusterActivityStream:ClusterActivityStream"
	ElastiCacheReplication   = "aws:elasticache/replicationGroup:ReplicationGroup"
	ElastiCacheCluster       = "aws:elasticache/cluster:Cluster"
	ElastiCacheServerless    = "aws:elasticache/serverlessCache:ServerlessCache"
	ElastiCacheUser          = "aws:elasticache/user:User"
	ElastiCacheUserGroup     = "aws:elasticache/userGroup:UserGroup"
	ElastiCacheGlobalGroup   = "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup"
	EFSFileSystem            = "aws:efs/fileSystem:FileSystem"
	EFSAccessPoint           = "aws:efs/accessPoint:AccessPoint"
	EFSBackupPolicy          = "aws:efs/backupPolicy:BackupPolicy"
	EFSFileSystemPolicy      = "aws:efs/fileSystemPolicy:FileSystemPolicy"
	EFSMountTarget           = "aws:efs/mountTarget:MountTarget"
	EFSReplication           = "aws:efs/replicationConfiguration:ReplicationConfiguration"
	DynamoTable              = "aws:dynamodb/table:Table"
	DynamoGlobalTable        = "aws:dynamodb/globalTable:GlobalTable"
	DynamoTableReplica       = "aws:dynamodb/tableReplica:TableReplica"
	DynamoResourcePolicy     = "aws:dynamodb/resourcePolicy:ResourcePolicy"
	DAXCluster               = "aws:dax/cluster:Cluster"
	OpenSearchDomain         = "aws:opensearch/domain:Domain"
	OpenSearchDomainPolicy   = "aws:opensearch/domainPolicy:DomainPolicy"
	OpenSearchSamlOptions    = "aws:opensearch/domainSamlOptions:DomainSamlOptions"
	OpenSearchCollection     = "aws:opensearch/serverlessCollection:ServerlessCollection"
	OpenSearchSecurityPolicy = "aws:opensearch/serverlessSecurityPolicy:ServerlessSecurityPolicy"
	ElasticsearchDomain      = "aws:elasticsearch/domain:Domain"
	ElasticsearchPolicy      = "aws:elasticsearch/domainPolicy:DomainPolicy"
	ElasticsearchSaml        = "aws:elasticsearch/domainSamlOptions:DomainSamlOptions"
	RedshiftCluster          = "aws:redshift/cluster:Cluster"
	RedshiftParameterGroup   = "aws:redshift/parameterGroup:ParameterGroup"
	RedshiftLogging          = "aws:redshift/logging:Logging"
	RedshiftSnapshotGrant    = "aws:redshift/snapshotCopyGrant:SnapshotCopyGrant"
	RedshiftSnapshotSchedule = "aws:redshift/snapshotSchedule:SnapshotSchedule"
	RedshiftNamespace        = "aws:redshiftserverless/namespace:Namespace"
	RedshiftWorkgroup        = "aws:redshiftserverless/workgroup:Workgroup"
	DocDBCluster             = "aws:docdb/cluster:Cluster"
	DocDBClusterInstance     = "aws:docdb/clusterInstance:ClusterInstance"
	DocDBGlobalCluster       = "aws:docdb/globalCluster:GlobalCluster"
	DocDBParameterGroup      = "aws:docdb/clusterParameterGroup:ClusterParameterGroup"
	DocDBElasticCluster      = "aws:docdb/elasticCluster:ElasticCluster"
	DocDBClusterSnapshot     = "aws:docdb/clusterSnapshot:ClusterSnapshot"
	NeptuneCluster           = "aws:neptune/cluster:Cluster"
	NeptuneClusterInstance   = "aws:neptune/clusterInstance:ClusterInstance"
	NeptuneGlobalCluster     = "aws:neptune/globalCluster:GlobalCluster"
	NeptuneParameterGroup    = "aws:neptune/clusterParameterGroup:ClusterParameterGroup"
	NeptuneClusterSnapshot   = "aws:neptune/clusterSnapshot:ClusterSnapshot"
)

var (
	searchDomains = []string{OpenSearchDomain, ElasticsearchDomain}

	storeEncHIPAA   = []string{"312(a)(2)(iv)", "312(e)(2)(ii)"}
	storeTLSHIPAA   = []string{"312(a)(2)(iv)", "312(e)(1)", "312(e)(2)(i)", "312(e)(2)(ii)"}
	storeBackupHIPA = []string{"308(a)(7)(i)", "308(a)(7)(ii)(A)", "308(a)(7)(ii)(B)"}
	storeHAHIPAA    = []string{"308(a)(7)(i)", "308(a)(7)(ii)(C)"}
	storeLogHIPAA   = []string{"308(a)(3)(ii)(A)", "308(a)(5)(ii)(C)", "312(b)"}
	storeAuthHIPAA  = []string{"308(a)(4)(ii)(B)", "312(a)(1)", "312(d)"}
)

// dataStoreRules cover the data stores a team adds beyond the shipped
// estate (issue 14): RDS instances, global clusters, proxies and snapshots,
// ElastiCache, EFS, DynamoDB (and DAX), OpenSearch and legacy
// Elasticsearch, Redshift, DocumentDB and Neptune. IDs 20-49 in each group.
// Every default a message names is the one the pulumi-aws v6.83.4 SDK
// documents for that input (go/aws/<svc>/<resource>.go).
var dataStoreRules = []*Rule{
	// --- encryption at rest ---
	{
		ID: "ENC-20", Name: "rds-instance-encrypted", Group: groupEncryption,
		Title: "RDS DB instances must encrypt storage; PHI instances with a customer-managed KMS key.",
		HIPAA: storeEncHIPAA, SOC2: []string{"CC6.1", "PI1.5"},
		Severity: "critical", Scope: ScopeResource, Types: []string{RDSInstance}, Exceptable: false,
		Remediation: "Set storageEncrypted: true (the provider default is false) and, for PHI, kmsKeyId to the data CMK ARN; a cross-region read replica names kmsKeyId instead.",
		check: func(c *Check) {
			if dsAuroraInstance(c) {
				return // Aurora instances take the cluster's encryption (aurora-storage-encrypted-cmk)
			}
			if src, st := lookup(c.Props(), "replicateSourceDb"); st != missing {
				// The provider ignores storageEncrypted on a cross-region
				// replica (source given as an ARN); kmsKeyId decides.
				if st == present && src.IsString() && strings.HasPrefix(src.AsString(), "arn:") {
					dsPresent(c, "kmsKeyId", "A cross-region replica is encrypted only when kmsKeyId names a key in its region")
					return
				}
				if _, est := lookup(c.Props(), "storageEncrypted"); est == missing {
					dsPhiKey(c, "kmsKeyId", "RDS")
					return // a same-region replica inherits the source's encryption
				}
			}
			if c.True("storageEncrypted", "Set storageEncrypted: true (the provider default is false)") {
				dsPhiKey(c, "kmsKeyId", "RDS")
			}
		},
	},
	{
		ID: "ENC-21", Name: "rds-global-cluster-encrypted", Group: groupEncryption,
		Title: "RDS global clusters must be encrypted.",
		HIPAA: storeEncHIPAA, SOC2: []string{"CC6.1"},
		Severity: "critical", Scope: ScopeResource, Types: []string{RDSGlobalCluster}, Exceptable: false,
		Remediation: "Set storageEncrypted: true (the provider default is false unless sourceDbClusterIdentifier names an encrypted cluster).",
		check:       func(c *Check) { dsGlobalClusterEncrypted(c) },
	},
	{
		ID: "ENC-22", Name: "elasticache-encrypted", Group: groupEncryption,
		Title: "ElastiCache must encrypt at rest; PHI caches with a customer-managed KMS key; unencryptable caches must not hold PHI or Confidential data.",
		HIPAA: storeEncHIPAA, SOC2: []string{"CC6.1"},
		Severity: "critical", Scope: ScopeResource, Types: []string{ElastiCacheReplication, ElastiCacheCluster, ElastiCacheServerless}, Exceptable: false,
		Remediation: "Use a ReplicationGroup with atRestEncryptionEnabled: true (the provider default is false for redis) or a ServerlessCache, and kmsKeyId for PHI; a standalone aws:elasticache/cluster (and any memcached cluster) cannot encrypt at rest.",
		check: func(c *Check) {
			switch c.Resource().Type {
			case ElastiCacheReplication:
				eng, st := getString(c.Props(), "engine")
				if st == computed {
					c.Defer("engine")
					return
				}
				ok := false
				if eng == "valkey" {
					ok = c.boolean("atRestEncryptionEnabled", "Set atRestEncryptionEnabled: true", true, "")
				} else {
					ok = c.boolean("atRestEncryptionEnabled", "Set atRestEncryptionEnabled: true", true, "the provider default is false for redis")
				}
				if ok {
					dsPhiKey(c, "kmsKeyId", "ElastiCache")
				}
			case ElastiCacheServerless:
				dsPhiKey(c, "kmsKeyId", "ElastiCache") // serverless caches are always encrypted
			case ElastiCacheCluster:
				if _, st := lookup(c.Props(), "replicationGroupId"); st != missing {
					return // a member of a replication group: the group's settings apply
				}
				if _, st := lookup(c.Props(), "tags."+TagDataClassification); st == computed {
					c.Defer("tags." + TagDataClassification)
					return
				}
				if cls := c.Resource().Classification(); cls == "PHI" || cls == "Confidential" {
					c.Fail("a "+cls+" cache is a standalone aws:elasticache/cluster, which has no at-rest encryption setting (memcached has none at all)",
						"Hold it in a ReplicationGroup with atRestEncryptionEnabled or a ServerlessCache")
				}
			}
		},
	},
	{
		ID: "ENC-23", Name: "efs-encrypted", Group: groupEncryption,
		Title: "EFS file systems must be encrypted; PHI file systems with a customer-managed KMS key.",
		HIPAA: storeEncHIPAA, SOC2: []string{"CC6.1"},
		Severity: "critical", Scope: ScopeResource, Types: []string{EFSFileSystem}, Exceptable: false,
		Remediation: "Set encrypted: true (CreateFileSystem encrypts only when asked) and, for PHI, kmsKeyId to the data CMK ARN.",
		check: func(c *Check) {
			if c.boolean("encrypted", "Set encrypted: true", true, "the EFS API creates an unencrypted file system unless encrypted is true") {
				dsPhiKey(c, "kmsKeyId", "EFS")
			}
		},
	},
	{
		ID: "ENC-24", Name: "dynamodb-kms", Group: groupEncryption,
		Title: "DynamoDB tables must encrypt with KMS, PHI tables with a customer-managed key, and replicas with a key in their region.",
		HIPAA: storeEncHIPAA, SOC2: []string{"CC6.1"},
		Severity: "high", Scope: ScopeResource, Types: []string{DynamoTable}, Exceptable: true,
		Remediation: "Set serverSideEncryption {enabled: true, kmsKeyArn: the data CMK ARN}; without it DynamoDB uses an AWS-owned key that no key policy or CloudTrail entry governs. Give every replicas[] entry a kmsKeyArn.",
		check: func(c *Check) {
			if !c.boolean("serverSideEncryption.enabled", "Set serverSideEncryption.enabled: true with kmsKeyArn", true,
				"the table uses an AWS-owned key, invisible to key policies and CloudTrail") {
				return
			}
			dsPhiKey(c, "serverSideEncryption.kmsKeyArn", "DynamoDB")
			if _, st := lookup(c.Props(), "serverSideEncryption.kmsKeyArn"); st == missing {
				return // replicas then use the AWS-managed key of their region
			}
			c.Each("replicas", func(_ int, _ property.Map, p string) {
				dsPresent(c, p+".kmsKeyArn", "Give "+p+" a kmsKeyArn in the replica's region (a table with a CMK needs one per replica)")
			})
		},
	},
	{
		ID: "ENC-25", Name: "search-domain-encrypted", Group: groupEncryption,
		Title: "OpenSearch and Elasticsearch domains must encrypt at rest; PHI domains with a customer-managed KMS key.",
		HIPAA: storeEncHIPAA, SOC2: []string{"CC6.1"},
		Severity: "critical", Scope: ScopeResource, Types: searchDomains, Exceptable: false,
		Remediation: "Set encryptAtRest {enabled: true, kmsKeyId: the data CMK ARN} (without the block the provider default is false).",
		check: func(c *Check) {
			if c.boolean("encryptAtRest.enabled", "Set encryptAtRest.enabled: true", true, "without the encryptAtRest block the provider default is false") {
				dsPhiKey(c, "encryptAtRest.kmsKeyId", "OpenSearch")
			}
		},
	},
	{
		ID: "ENC-26", Name: "redshift-encrypted", Group: groupEncryption,
		Title: "Redshift clusters must be encrypted; PHI clusters and namespaces with a customer-managed KMS key.",
		HIPAA: []string{"312(a)(2)(iv)", "312(e)(2)(ii)", "312(b)"}, SOC2: []string{"CC6.1"},
		Severity: "critical", Scope: ScopeResource, Types: []string{RedshiftCluster, RedshiftNamespace}, Exceptable: false,
		Remediation: "Set encrypted: true and, for PHI, kmsKeyId to the data CMK ARN (serverless namespaces are always encrypted; set kmsKeyId for PHI).",
		check: func(c *Check) {
			if c.Resource().Type == RedshiftNamespace {
				dsPhiKey(c, "kmsKeyId", "Redshift")
				return
			}
			if c.boolean("encrypted", "Set encrypted: true", true, "the provider documents no default, so the plan does not show whether the cluster is encrypted") {
				dsPhiKey(c, "kmsKeyId", "Redshift")
			}
		},
	},
	{
		ID: "ENC-27", Name: "docdb-encrypted", Group: groupEncryption,
		Title: "DocumentDB clusters and global clusters must be encrypted; PHI clusters with a customer-managed KMS key.",
		HIPAA: storeEncHIPAA, SOC2: []string{"CC6.1"},
		Severity: "critical", Scope: ScopeResource, Types: []string{DocDBCluster, DocDBGlobalCluster, DocDBElasticCluster}, Exceptable: false,
		Remediation: "Set storageEncrypted: true (the provider default is false) and, for PHI, kmsKeyId to the data CMK ARN.",
		check: func(c *Check) {
			switch c.Resource().Type {
			case DocDBGlobalCluster:
				dsGlobalClusterEncrypted(c)
			case DocDBElasticCluster:
				dsPhiKey(c, "kmsKeyId", "DocumentDB") // elastic clusters are always encrypted
			default:
				if c.True("storageEncrypted", "Set storageEncrypted: true (the provider default is false)") {
					dsPhiKey(c, "kmsKeyId", "DocumentDB")
				}
			}
		},
	},
	{
		ID: "ENC-28", Name: "neptune-encrypted", Group: groupEncryption,
		Title: "Neptune clusters and global clusters must be encrypted; PHI clusters with a customer-managed KMS key.",
		HIPAA: storeEncHIPAA, SOC2: []string{"CC6.1"},
		Severity: "critical", Scope: ScopeResource, Types: []string{NeptuneCluster, NeptuneGlobalCluster}, Exceptable: false,
		Remediation: "Set storageEncrypted: true (the provider default is false) and, for PHI, kmsKeyArn to the data CMK ARN.",
		check: func(c *Check) {
			if c.Resource().Type == NeptuneGlobalCluster {
				dsGlobalClusterEncrypted(c)
				return
			}
			if c.True("storageEncrypted", "Set storageEncrypted: true (the provider default is false)") {
				dsPhiKey(c, "kmsKeyArn", "Neptune")
			}
		},
	},
	{
		ID: "ENC-29", Name: "datastore-cmk", Group: groupEncryption,
		Title: "Data stores, their replicas and snapshot copies must name a customer-managed KMS key.",
		HIPAA: storeEncHIPAA, SOC2: []string{"CC6.1", "PI1.5"},
		Severity: "medium", Scope: ScopeResource, Types: dsCmkTypes(), Exceptable: true,
		Remediation: "Name the data CMK ARN in the key input (kmsKeyId, kmsKeyArn, serverSideEncryption.kmsKeyArn, encryptAtRest.kmsKeyId); without it the service uses its AWS-managed key.",
		check: func(c *Check) {
			k, ok := dsCmkInputs[c.Resource().Type]
			if !ok {
				return
			}
			// The service's own encryption rule asks PHI for a CMK (not exceptable).
			if k.phiElsewhere && c.Resource().IsPHI() {
				return
			}
			// With encryption off the service's encryption rule is the finding.
			if k.on != "" {
				on, st := getBool(c.Props(), k.on)
				if eng, _ := getString(c.Props(), "engine"); st == missing && eng == "valkey" {
					on, st = true, present // valkey replication groups encrypt at rest by default
				}
				if st != present || !on {
					return
				}
			}
			dsPresent(c, k.path, "Set "+k.path+" to a customer-managed KMS key ARN (unset, "+k.fallback+")")
		},
	},
	{
		ID: "ENC-30", Name: "db-instance-pi-cmk", Group: groupEncryption,
		Title: "Performance Insights on RDS and DocumentDB instances must use a customer-managed KMS key.",
		HIPAA: []string{"312(a)(2)(iv)"}, SOC2: []string{"CC6.1"},
		Severity: "medium", Scope: ScopeResource, Types: []string{RDSInstance, DocDBClusterInstance}, Exceptable: true,
		Remediation: "Set performanceInsightsKmsKeyId to the data CMK ARN wherever Performance Insights is on (it can never be changed once set).",
		check: func(c *Check) {
			flag := "performanceInsightsEnabled"
			if c.Resource().Type == DocDBClusterInstance {
				flag = "enablePerformanceInsights"
			}
			on, st := getBool(c.Props(), flag)
			switch {
			case st == computed:
				c.Defer(flag)
			case st == badShape:
				c.shape(flag, "a bool")
			case st == present && on:
				dsPresent(c, "performanceInsightsKmsKeyId", "Set performanceInsightsKmsKeyId to the data CMK ARN (unset, the AWS-managed aws/rds key encrypts it)")
			}
		},
	},
	{
		ID: "ENC-31", Name: "dax-encrypted", Group: groupEncryption,
		Title: "DAX clusters must encrypt at rest.",
		HIPAA: storeEncHIPAA, SOC2: []string{"CC6.1"},
		Severity: "critical", Scope: ScopeResource, Types: []string{DAXCluster}, Exceptable: false,
		Remediation: "Set serverSideEncryption.enabled: true (the provider default is false).",
		check: func(c *Check) {
			c.boolean("serverSideEncryption.enabled", "Set serverSideEncryption.enabled: true", true, "the provider default is false")
		},
	},

	// --- encryption in transit ---
	{
		ID: "TLS-20", Name: "rds-instance-require-tls", Group: groupTransit,
		Title: "RDS DB instances must refuse plaintext connections (engine-aware parameter or option group).",
		HIPAA: storeTLSHIPAA, SOC2: []string{"CC6.7"},
		Severity: "high", Scope: ScopeStack, Types: []string{RDSInstance, RDSParameterGroup, RDSOptionGroup}, Exceptable: false,
		Remediation: "MySQL/MariaDB: parameterGroupName to a group with require_secure_transport=1. PostgreSQL before 15 and SQL Server: rds.force_ssl=1. Oracle: optionGroupName to a group with the SSL or NATIVE_NETWORK_ENCRYPTION option.",
		checkStack: func(s *Stack, c *Check) {
			for _, in := range s.OfType(RDSInstance) {
				dsInstanceRequiresTLS(s, c.On(in))
			}
		},
	},
	{
		ID: "TLS-21", Name: "rds-proxy-require-tls", Group: groupTransit,
		Title: "RDS proxies must require TLS from clients.",
		HIPAA: storeTLSHIPAA, SOC2: []string{"CC6.7"},
		Severity: "high", Scope: ScopeResource, Types: []string{RDSProxy}, Exceptable: false,
		Remediation: "Set requireTls: true (the AWS default is false).",
		check: func(c *Check) {
			c.boolean("requireTls", "Set requireTls: true", true, "the AWS default is false")
		},
	},
	{
		ID: "TLS-22", Name: "elasticache-in-transit", Group: groupTransit,
		Title: "ElastiCache replication groups and standalone clusters must require TLS.",
		HIPAA: storeTLSHIPAA, SOC2: []string{"CC6.7"},
		Severity: "high", Scope: ScopeResource, Types: []string{ElastiCacheReplication, ElastiCacheCluster}, Exceptable: false,
		Remediation: "Set transitEncryptionEnabled: true (the AWS default is false) and leave transitEncryptionMode unset or required (preferred still accepts plaintext).",
		check: func(c *Check) {
			if c.Resource().Type == ElastiCacheCluster {
				if _, st := lookup(c.Props(), "replicationGroupId"); st != missing {
					return
				}
			}
			if c.boolean("transitEncryptionEnabled", "Set transitEncryptionEnabled: true", true, "the AWS default is false") {
				if _, st := lookup(c.Props(), "transitEncryptionMode"); st != missing {
					c.OneOf("transitEncryptionMode", []string{"required"}, "Set transitEncryptionMode: required")
				}
			}
		},
	},
	{
		ID: "TLS-23", Name: "efs-require-tls", Group: groupTransit,
		Title: "EFS file systems must have a file system policy denying requests without TLS.",
		HIPAA: storeTLSHIPAA, SOC2: []string{"CC6.7"},
		Severity: "high", Scope: ScopeStack, Types: []string{EFSFileSystem, EFSFileSystemPolicy}, Exceptable: false,
		Remediation: "Add an efs.FileSystemPolicy with {Effect: Deny, Principal: *, Action: *, Condition: {Bool: {aws:SecureTransport: false}}}; without a policy EFS accepts plaintext NFS.",
		checkStack: func(s *Stack, c *Check) {
			policies := dsChildrenByRef(s, EFSFileSystemPolicy, "fileSystemId", EFSFileSystem)
			for _, fs := range s.OfType(EFSFileSystem) {
				fc := c.On(fs)
				ps := policies[fs]
				if len(ps) == 0 {
					fc.Fail("no file system policy denies aws:SecureTransport false, so clients may mount without TLS", "Add an efs.FileSystemPolicy that denies non-TLS access")
					continue
				}
				denies, deferred := false, false
				for _, p := range ps {
					doc, ok := c.On(p).JSON("policy")
					if !ok {
						deferred = true
						continue
					}
					denies = denies || deniesInsecureTransport(doc)
				}
				if !denies && !deferred {
					fc.Fail("its file system policy does not deny aws:SecureTransport false", "Add a Deny statement on aws:SecureTransport false")
				}
			}
		},
	},
	{
		ID: "TLS-24", Name: "search-domain-https", Group: groupTransit,
		Title: "OpenSearch and Elasticsearch domains must enforce HTTPS with a TLS 1.2+ policy.",
		HIPAA: storeTLSHIPAA, SOC2: []string{"CC6.7"},
		Severity: "high", Scope: ScopeResource, Types: searchDomains, Exceptable: false,
		Params:      map[string]any{"allowedTlsPolicies": []string{"Policy-Min-TLS-1-2-2019-07", "Policy-Min-TLS-1-2-PFS-2023-10"}},
		Remediation: "Set domainEndpointOptions {enforceHttps: true, tlsSecurityPolicy: Policy-Min-TLS-1-2-PFS-2023-10}.",
		check: func(c *Check) {
			c.NotFalse("domainEndpointOptions.enforceHttps", "Set domainEndpointOptions.enforceHttps: true")
			if _, st := lookup(c.Props(), "domainEndpointOptions.tlsSecurityPolicy"); st == missing {
				c.Fail("domainEndpointOptions.tlsSecurityPolicy is unset, so the plan does not pin TLS 1.2 (Policy-Min-TLS-1-0-2019-07 accepts TLS 1.0)",
					"Set tlsSecurityPolicy: Policy-Min-TLS-1-2-PFS-2023-10")
				return
			}
			c.OneOf("domainEndpointOptions.tlsSecurityPolicy", c.StringsParam("allowedTlsPolicies"), "Set tlsSecurityPolicy: Policy-Min-TLS-1-2-PFS-2023-10")
		},
	},
	{
		ID: "TLS-25", Name: "search-domain-node-to-node", Group: groupTransit,
		Title: "OpenSearch and Elasticsearch domains must encrypt node-to-node traffic.",
		HIPAA: storeTLSHIPAA, SOC2: []string{"CC6.7"},
		Severity: "high", Scope: ScopeResource, Types: searchDomains, Exceptable: false,
		Remediation: "Set nodeToNodeEncryption.enabled: true (without the block the provider default is false).",
		check: func(c *Check) {
			c.boolean("nodeToNodeEncryption.enabled", "Set nodeToNodeEncryption.enabled: true", true, "without the nodeToNodeEncryption block the provider default is false")
		},
	},
	{
		ID: "TLS-26", Name: "redshift-require-ssl", Group: groupTransit,
		Title: "Redshift clusters must use a parameter group with require_ssl true.",
		HIPAA: storeTLSHIPAA, SOC2: []string{"CC6.7"},
		Severity: "high", Scope: ScopeStack, Types: []string{RedshiftCluster, RedshiftParameterGroup}, Exceptable: false,
		Remediation: "Set clusterParameterGroupName to a redshift.ParameterGroup with {name: require_ssl, value: \"true\"}; the default parameter group sets require_ssl false.",
		checkStack: func(s *Stack, c *Check) {
			for _, cl := range s.OfType(RedshiftCluster) {
				dsRequireParam(s, c.On(cl), "clusterParameterGroupName", RedshiftParameterGroup, "require_ssl",
					func(v string) bool { return strings.EqualFold(v, "true") || v == "1" },
					"the engine default sets require_ssl false, so clients may connect without TLS", "Set require_ssl to true")
			}
		},
	},
	{
		ID: "TLS-27", Name: "docdb-tls", Group: groupTransit,
		Title: "DocumentDB cluster parameter groups must not disable TLS.",
		HIPAA: storeTLSHIPAA, SOC2: []string{"CC6.7"},
		Severity: "high", Scope: ScopeResource, Types: []string{DocDBParameterGroup}, Exceptable: false,
		Remediation: "Remove the tls parameter or set it to enabled (the default) or fips-140-3.",
		check: func(c *Check) {
			v, st := parameterValue(c.Props(), "tls")
			switch {
			case st == computed:
				c.Defer("parameters")
			case st == badShape:
				c.shape("parameters", "a list of {name, value}")
			case st == present && strings.EqualFold(v, "disabled"):
				c.Fail("parameter tls is disabled, so the cluster accepts plaintext connections", "Set tls to enabled")
			}
		},
	},
	{
		ID: "TLS-28", Name: "dax-tls", Group: groupTransit,
		Title: "DAX cluster endpoints must use TLS.",
		HIPAA: storeTLSHIPAA, SOC2: []string{"CC6.7"},
		Severity: "high", Scope: ScopeResource, Types: []string{DAXCluster}, Exceptable: false,
		Remediation: "Set clusterEndpointEncryptionType: TLS (the provider default is NONE).",
		check: func(c *Check) {
			if _, st := lookup(c.Props(), "clusterEndpointEncryptionType"); st == missing {
				c.Fail("clusterEndpointEncryptionType is unset (the provider default is NONE)", "Set clusterEndpointEncryptionType: TLS")
				return
			}
			c.OneOf("clusterEndpointEncryptionType", []string{"TLS"}, "Set clusterEndpointEncryptionType: TLS")
		},
	},
	{
		ID: "TLS-29", Name: "rds-instance-current-ca", Group: groupTransit,
		Title: "RDS DB instances must use a current certificate authority.",
		HIPAA: []string{"312(e)(1)", "312(e)(2)(i)"}, SOC2: []string{"CC6.7"},
		Severity: "medium", Scope: ScopeResource, Types: []string{RDSInstance}, Exceptable: true,
		Params:      map[string]any{"allowedCAs": []string{"rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1"}},
		Remediation: "Leave caCertIdentifier unset (new instances get rds-ca-rsa2048-g1) or set a current CA such as rds-ca-rsa2048-g1.",
		check: func(c *Check) {
			if _, st := lookup(c.Props(), "caCertIdentifier"); st != missing {
				c.OneOf("caCertIdentifier", c.StringsParam("allowedCAs"), "Set caCertIdentifier: rds-ca-rsa2048-g1")
			}
		},
	},

	// --- network exposure ---
	{
		ID: "NET-20", Name: "rds-instance-private", Group: groupNetwork,
		Title: "RDS DB instances must not be publicly accessible.",
		HIPAA: exposureHIPAA, SOC2: []string{"CC6.1", "CC6.6"},
		Severity: "critical", Scope: ScopeResource, Types: []string{RDSInstance}, Exceptable: false,
		Remediation: "Set publiclyAccessible: false (the provider default) and place the instance in private subnets.",
		check:       func(c *Check) { c.NotTrue("publiclyAccessible", "Set publiclyAccessible: false") },
	},
	{
		ID: "NET-21", Name: "redshift-private", Group: groupNetwork,
		Title: "Redshift clusters and serverless workgroups must not be publicly accessible and must run in a named subnet group.",
		HIPAA: exposureHIPAA, SOC2: []string{"CC6.1", "CC6.6"},
		Severity: "critical", Scope: ScopeResource, Types: []string{RedshiftCluster, RedshiftWorkgroup}, Exceptable: false,
		Remediation: "Set publiclyAccessible: false explicitly (the provider default for clusters is true) and clusterSubnetGroupName to a private subnet group.",
		check: func(c *Check) {
			if c.Resource().Type == RedshiftWorkgroup {
				c.NotTrue("publiclyAccessible", "Set publiclyAccessible: false")
				return
			}
			c.boolean("publiclyAccessible", "Set publiclyAccessible: false", false, "the provider default is true")
			dsPresent(c, "clusterSubnetGroupName", "Set clusterSubnetGroupName to a private subnet group (unset, the cluster lands in the default VPC)")
		},
	},
	{
		ID: "NET-22", Name: "search-domain-in-vpc", Group: groupNetwork,
		Title: "OpenSearch and Elasticsearch domains must run in a VPC with their own security groups.",
		HIPAA: exposureHIPAA, SOC2: []string{"CC6.1", "CC6.6"},
		Severity: "critical", Scope: ScopeResource, Types: searchDomains, Exceptable: false,
		Remediation: "Set vpcOptions {subnetIds: private subnets, securityGroupIds: the domain's group}; without vpcOptions the endpoint is on the internet, and without securityGroupIds it takes the VPC's default group.",
		check: func(c *Check) {
			dsNonEmptyList(c, "vpcOptions.subnetIds", "the domain has a public endpoint", "Set vpcOptions.subnetIds to private subnets")
			dsNonEmptyList(c, "vpcOptions.securityGroupIds", "the domain uses the VPC's default security group", "Set vpcOptions.securityGroupIds")
		},
	},
	{
		ID: "NET-23", Name: "neptune-instances-private", Group: groupNetwork,
		Title: "Neptune instances must not be publicly accessible.",
		HIPAA: exposureHIPAA, SOC2: []string{"CC6.1", "CC6.6"},
		Severity: "critical", Scope: ScopeResource, Types: []string{NeptuneClusterInstance}, Exceptable: false,
		Remediation: "Set publiclyAccessible: false (the provider default).",
		check:       func(c *Check) { c.NotTrue("publiclyAccessible", "Set publiclyAccessible: false") },
	},
	{
		ID: "NET-24", Name: "db-snapshots-not-public", Group: groupNetwork,
		Title: "RDS snapshots and snapshot copies must not be shared publicly.",
		HIPAA: exposureHIPAA, SOC2: []string{"CC6.1", "CC6.6"},
		Severity: "critical", Scope: ScopeResource, Types: []string{RDSSnapshot, RDSSnapshotCopy, RDSClusterSnapshot}, Exceptable: false,
		Remediation: "Remove \"all\" from sharedAccounts; share only with named account IDs.",
		check: func(c *Check) {
			accts, st := getStrings(c.Props(), "sharedAccounts")
			switch st {
			case computed:
				c.Defer("sharedAccounts")
			case badShape:
				c.shape("sharedAccounts", "a list of account IDs")
			case present:
				if contains(accts, "all") {
					c.Fail("sharedAccounts contains all, so anyone can restore the snapshot", "Share only with named account IDs")
				}
			}
		},
	},
	{
		ID: "NET-25", Name: "elasticache-subnet-group", Group: groupNetwork,
		Title: "ElastiCache replication groups and clusters must name their own subnet group.",
		HIPAA: exposureHIPAA, SOC2: []string{"CC6.6"},
		Severity: "medium", Scope: ScopeResource, Types: []string{ElastiCacheReplication, ElastiCacheCluster}, Exceptable: true,
		Remediation: "Set subnetGroupName to a private subnet group; unset, ElastiCache uses the default subnet group of the default VPC.",
		check: func(c *Check) {
			if c.Resource().Type == ElastiCacheCluster {
				if _, st := lookup(c.Props(), "replicationGroupId"); st != missing {
					return
				}
			}
			dsPresent(c, "subnetGroupName", "Set subnetGroupName to a private subnet group")
		},
	},
	{
		ID: "NET-26", Name: "rds-instance-non-default-port", Group: groupNetwork,
		Title: "RDS DB instances must listen on a non-default port.",
		HIPAA: []string{"308(a)(3)(i)", "312(a)(1)"}, SOC2: []string{"CC6.6"},
		Severity: "low", Scope: ScopeResource, Types: []string{RDSInstance}, Exceptable: true,
		Remediation: "Set port to something other than the engine default (3306 MySQL/MariaDB, 5432 PostgreSQL, 1521 Oracle, 1433 SQL Server, 50000 Db2).",
		check: func(c *Check) {
			eng, st := getString(c.Props(), "engine")
			if st == computed {
				c.Defer("engine")
				return
			}
			def := dsDefaultPort(eng)
			if def == 0 {
				return
			}
			p, pst := getNumber(c.Props(), "port")
			switch pst {
			case computed:
				c.Defer("port")
			case badShape:
				c.shape("port", "a number")
			case missing:
				c.Fail(fmt.Sprintf("port is unset, so %s listens on its default %d", eng, def), "Set port to a non-default value")
			default:
				if int(p) == def {
					c.Fail(fmt.Sprintf("port is the %s default %d", eng, def), "Set port to a non-default value")
				}
			}
		},
	},
	{
		ID: "NET-27", Name: "redshift-enhanced-vpc-routing", Group: groupNetwork,
		Title: "Redshift clusters and serverless workgroups must route COPY and UNLOAD traffic through the VPC.",
		HIPAA: []string{"312(e)(1)"}, SOC2: []string{"CC6.6", "CC6.7"},
		Severity: "medium", Scope: ScopeResource, Types: []string{RedshiftCluster, RedshiftWorkgroup}, Exceptable: true,
		Remediation: "Set enhancedVpcRouting: true (the AWS default is false).",
		check: func(c *Check) {
			c.boolean("enhancedVpcRouting", "Set enhancedVpcRouting: true", true, "the AWS default is false")
		},
	},

	// --- availability and backups ---
	{
		ID: "AVL-20", Name: "rds-instance-backup-retention", Group: groupAvailability,
		Title: "RDS DB instances must keep automated backups for at least 7 days.",
		HIPAA: append([]string{"312(a)(2)(ii)"}, storeBackupHIPA...), SOC2: []string{"A1.2", "CC7.4"},
		Severity: "high", Scope: ScopeResource, Types: []string{RDSInstance}, Exceptable: true,
		Params:      map[string]any{"minRetentionDays": 7},
		Remediation: "Set backupRetentionPeriod to 7-35 days (unset, the provider documents 0 and the RDS API applies 1) and backupWindow.",
		check: func(c *Check) {
			if dsAuroraInstance(c) || dsIsReplica(c) {
				return // Aurora backs up the cluster; a replica's source holds the backups
			}
			dsBackupDays(c, "backupRetentionPeriod", "the provider documents 0 and the RDS API applies 1 day when it is not sent")
		},
	},
	{
		ID: "AVL-21", Name: "rds-instance-multi-az", Group: groupAvailability,
		Title: "RDS DB instances must run Multi-AZ.",
		HIPAA: storeHAHIPAA, SOC2: []string{"A1.2"},
		Severity: "high", Scope: ScopeResource, Types: []string{RDSInstance}, Exceptable: true,
		Remediation: "Set multiAz: true (the AWS default is false).",
		check: func(c *Check) {
			if dsAuroraInstance(c) {
				return // Aurora availability is the cluster's instance count (aurora-multi-az)
			}
			c.boolean("multiAz", "Set multiAz: true", true, "the AWS default is false")
		},
	},
	{
		ID: "AVL-22", Name: "datastore-in-backup-plan", Group: groupAvailability,
		Title: "RDS instances, DynamoDB tables and EFS file systems must be selected by an AWS Backup plan.",
		HIPAA: append([]string{"310(d)(2)(iv)", "312(a)(2)(ii)"}, storeBackupHIPA...), SOC2: []string{"A1.2", "CC7.4"},
		Severity: "high", Scope: ScopeStack, Types: []string{RDSInstance, DynamoTable, EFSFileSystem, BackupSelection, EFSBackupPolicy}, Exceptable: true,
		Remediation: "Add a backup.Selection whose resources include the resource's ARN (or whose selectionTags match its tags); for EFS an efs.BackupPolicy with status ENABLED also puts it in the AWS Backup default plan.",
		checkStack: func(s *Stack, c *Check) {
			efsPolicies := dsChildrenByRef(s, EFSBackupPolicy, "fileSystemId", EFSFileSystem)
			for _, r := range s.OfType(RDSInstance, DynamoTable, EFSFileSystem) {
				if r.Type == RDSInstance {
					_, replica := r.Props.GetOk("replicateSourceDb")
					if e, _ := getString(r.Props, "engine"); strings.HasPrefix(e, "aurora") || replica {
						continue // Aurora backs up the cluster; a replica's source is backed up
					}
				}
				if len(s.Linked(r, "resources", BackupSelection)) > 0 || selectedByTags(s, r) || dsSelectedByWildcard(s, r.Type) {
					continue
				}
				if r.Type == EFSFileSystem && dsBackupPolicyEnabled(efsPolicies[r]) {
					continue
				}
				if dsUnknownSelection(s) {
					c.On(r).Defer("resources") // a selection not yet known may cover it
					continue
				}
				c.On(r).Fail("no AWS Backup selection covers it", "Add a backup.Selection with its ARN or matching selectionTags")
			}
		},
	},
	{
		ID: "AVL-23", Name: "elasticache-snapshot-retention", Group: groupAvailability,
		Title: "Redis and Valkey caches must keep automatic snapshots for at least 15 days.",
		HIPAA: storeBackupHIPA, SOC2: []string{"A1.2", "CC7.4"},
		Severity: "medium", Scope: ScopeResource, Types: []string{ElastiCacheReplication, ElastiCacheCluster, ElastiCacheServerless}, Exceptable: true,
		Params:      map[string]any{"minRetentionDays": 15},
		Remediation: "Set snapshotRetentionLimit to 15 or more (the AWS default is 0: no automatic snapshots) and a snapshotWindow.",
		check: func(c *Check) {
			if c.Resource().Type != ElastiCacheReplication {
				if _, st := lookup(c.Props(), "replicationGroupId"); st != missing {
					return
				}
				eng, st := getString(c.Props(), "engine")
				if st == computed {
					c.Defer("engine")
					return
				}
				if eng == "memcached" {
					return // memcached keeps no snapshots
				}
			}
			dsBackupDays(c, "snapshotRetentionLimit", "the AWS default is 0: no automatic snapshots")
		},
	},
	{
		ID: "AVL-24", Name: "elasticache-failover", Group: groupAvailability,
		Title: "ElastiCache replication groups must fail over automatically across availability zones.",
		HIPAA: storeHAHIPAA, SOC2: []string{"A1.2"},
		Severity: "medium", Scope: ScopeResource, Types: []string{ElastiCacheReplication}, Exceptable: true,
		Remediation: "Set automaticFailoverEnabled: true and multiAzEnabled: true (both default false) with at least two cache clusters.",
		check: func(c *Check) {
			c.boolean("automaticFailoverEnabled", "Set automaticFailoverEnabled: true", true, "the provider default is false")
			c.boolean("multiAzEnabled", "Set multiAzEnabled: true", true, "the provider default is false")
		},
	},
	{
		ID: "AVL-25", Name: "dynamodb-pitr", Group: groupAvailability,
		Title: "DynamoDB tables and replicas must have point-in-time recovery.",
		HIPAA: storeBackupHIPA, SOC2: []string{"A1.2", "CC7.4"},
		Severity: "high", Scope: ScopeResource, Types: []string{DynamoTable, DynamoTableReplica}, Exceptable: true,
		Remediation: "Set pointInTimeRecovery.enabled: true on the table and pointInTimeRecovery: true on every replica (both default false).",
		check: func(c *Check) {
			if c.Resource().Type == DynamoTableReplica {
				c.boolean("pointInTimeRecovery", "Set pointInTimeRecovery: true", true, "the provider default is false")
				return
			}
			c.boolean("pointInTimeRecovery.enabled", "Set pointInTimeRecovery.enabled: true", true, "without the block the provider default is false")
			c.Each("replicas", func(_ int, _ property.Map, p string) {
				c.boolean(p+".pointInTimeRecovery", "Set "+p+".pointInTimeRecovery: true", true, "the provider default for a replica is false")
			})
		},
	},
	{
		ID: "AVL-26", Name: "dynamodb-autoscaling", Group: groupAvailability,
		Title: "Provisioned DynamoDB tables must auto scale read and write capacity.",
		HIPAA: storeHAHIPAA, SOC2: []string{"A1.2"},
		Severity: "medium", Scope: ScopeStack, Types: []string{DynamoTable, AppScalingTarget}, Exceptable: true,
		Remediation: "Use billingMode PAY_PER_REQUEST, or add appautoscaling Targets (serviceNamespace dynamodb) for dynamodb:table:ReadCapacityUnits and WriteCapacityUnits, and for each global secondary index.",
		checkStack: func(s *Stack, c *Check) {
			for _, t := range s.OfType(DynamoTable) {
				dsTableAutoscaling(s, c.On(t))
			}
		},
	},
	{
		ID: "AVL-27", Name: "efs-backup-policy", Group: groupAvailability,
		Title: "EFS file systems must have automatic backups enabled.",
		HIPAA: storeBackupHIPA, SOC2: []string{"A1.2", "CC7.4"},
		Severity: "medium", Scope: ScopeStack, Types: []string{EFSFileSystem, EFSBackupPolicy}, Exceptable: true,
		Remediation: "Add an efs.BackupPolicy with backupPolicy.status ENABLED (file systems created through the API have automatic backups off).",
		checkStack: func(s *Stack, c *Check) {
			policies := dsChildrenByRef(s, EFSBackupPolicy, "fileSystemId", EFSFileSystem)
			for _, fs := range s.OfType(EFSFileSystem) {
				ps := policies[fs]
				if len(ps) == 0 {
					c.On(fs).Fail("no backup policy turns on automatic backups", "Add an efs.BackupPolicy with status ENABLED")
					continue
				}
				for _, p := range ps {
					c.On(p).OneOf("backupPolicy.status", []string{"ENABLED"}, "Set backupPolicy.status: ENABLED")
				}
			}
		},
	},
	{
		ID: "AVL-28", Name: "search-domain-fault-tolerant", Group: groupAvailability,
		Title: "OpenSearch and Elasticsearch domains must be zone-aware with three data nodes and three dedicated masters.",
		HIPAA: storeHAHIPAA, SOC2: []string{"A1.2"},
		Severity: "medium", Scope: ScopeResource, Types: searchDomains, Exceptable: true,
		Remediation: "Set clusterConfig {zoneAwarenessEnabled: true, instanceCount >= 3, dedicatedMasterEnabled: true, dedicatedMasterCount >= 3}.",
		check: func(c *Check) {
			c.boolean("clusterConfig.zoneAwarenessEnabled", "Set clusterConfig.zoneAwarenessEnabled: true", true, "the AWS default is false")
			c.AtLeast("clusterConfig.instanceCount", 3, "Run at least three data nodes (the AWS default is 1)")
			if c.boolean("clusterConfig.dedicatedMasterEnabled", "Set clusterConfig.dedicatedMasterEnabled: true", true, "the AWS default is false") {
				c.AtLeast("clusterConfig.dedicatedMasterCount", 3, "Run three dedicated master nodes")
			}
		},
	},
	{
		ID: "AVL-29", Name: "redshift-snapshot-retention", Group: groupAvailability,
		Title: "Redshift clusters must keep automated snapshots for at least 7 days.",
		HIPAA: storeBackupHIPA, SOC2: []string{"A1.2", "CC7.4"},
		Severity: "high", Scope: ScopeResource, Types: []string{RedshiftCluster}, Exceptable: true,
		Params:      map[string]any{"minRetentionDays": 7},
		Remediation: "Set automatedSnapshotRetentionPeriod to 7-35 (the provider default is 1; 0 turns automated snapshots off).",
		check: func(c *Check) {
			dsBackupDays(c, "automatedSnapshotRetentionPeriod", "the provider default is 1 day")
		},
	},
	{
		ID: "AVL-30", Name: "datastore-auto-upgrade", Group: groupAvailability,
		Title: "Data stores must take engine patches automatically in a set maintenance window.",
		HIPAA: []string{"308(a)(5)(ii)(A)", "308(a)(7)(ii)(A)"}, SOC2: []string{"CC7.1"},
		Severity: "medium", Scope: ScopeResource, Types: []string{RDSInstance, ElastiCacheReplication, ElastiCacheCluster, NeptuneClusterInstance, RedshiftCluster, OpenSearchDomain}, Exceptable: true,
		Remediation: "Leave autoMinorVersionUpgrade on (RDS, ElastiCache, Neptune); Redshift: allowVersionUpgrade true and preferredMaintenanceWindow; OpenSearch: softwareUpdateOptions.autoSoftwareUpdateEnabled true.",
		check: func(c *Check) {
			switch c.Resource().Type {
			case RedshiftCluster:
				c.NotFalse("allowVersionUpgrade", "Set allowVersionUpgrade: true")
				dsPresent(c, "preferredMaintenanceWindow", "Set preferredMaintenanceWindow, e.g. sun:05:00-sun:05:30")
			case OpenSearchDomain:
				c.boolean("softwareUpdateOptions.autoSoftwareUpdateEnabled", "Set softwareUpdateOptions.autoSoftwareUpdateEnabled: true", true, "the provider default is false")
			default:
				c.NotFalse("autoMinorVersionUpgrade", "Set autoMinorVersionUpgrade: true (the provider default)")
			}
		},
	},
	{
		ID: "AVL-31", Name: "redshift-multi-az", Group: groupAvailability,
		Title: "Redshift clusters must run Multi-AZ.",
		HIPAA: storeHAHIPAA, SOC2: []string{"A1.2"},
		Severity: "medium", Scope: ScopeResource, Types: []string{RedshiftCluster}, Exceptable: true,
		Remediation: "Set multiAz: true on an RA3 cluster (the AWS default is false).",
		check: func(c *Check) {
			c.boolean("multiAz", "Set multiAz: true", true, "the AWS default is false")
		},
	},
	{
		ID: "AVL-32", Name: "docdb-backup-retention", Group: groupAvailability,
		Title: "DocumentDB clusters must keep automated backups for at least 7 days.",
		HIPAA: storeBackupHIPA, SOC2: []string{"A1.2", "CC7.4"},
		Severity: "high", Scope: ScopeResource, Types: []string{DocDBCluster, DocDBElasticCluster}, Exceptable: true,
		Params:      map[string]any{"minRetentionDays": 7},
		Remediation: "Set backupRetentionPeriod to 7-35 (the provider default is 1).",
		check:       func(c *Check) { dsBackupDays(c, "backupRetentionPeriod", "the provider default is 1 day") },
	},
	{
		ID: "AVL-33", Name: "neptune-backup-retention", Group: groupAvailability,
		Title: "Neptune clusters must keep automated backups for at least 7 days.",
		HIPAA: storeBackupHIPA, SOC2: []string{"A1.2", "CC7.4"},
		Severity: "high", Scope: ScopeResource, Types: []string{NeptuneCluster}, Exceptable: true,
		Params:      map[string]any{"minRetentionDays": 7},
		Remediation: "Set backupRetentionPeriod to 7-35 (the provider default is 1).",
		check:       func(c *Check) { dsBackupDays(c, "backupRetentionPeriod", "the provider default is 1 day") },
	},
	{
		ID: "AVL-34", Name: "docdb-multi-az", Group: groupAvailability,
		Title: "DocumentDB clusters must run at least two instances in distinct availability zones.",
		HIPAA: storeHAHIPAA, SOC2: []string{"A1.2"},
		Severity: "medium", Scope: ScopeStack, Types: []string{DocDBCluster, DocDBClusterInstance}, Exceptable: true,
		Remediation: "Add a second docdb.ClusterInstance with the cluster's clusterIdentifier in another availability zone.",
		checkStack: func(s *Stack, c *Check) {
			for _, cl := range s.OfType(DocDBCluster) {
				dsClusterSpansAZs(s, c.On(cl), DocDBClusterInstance)
			}
		},
	},
	{
		ID: "AVL-35", Name: "neptune-multi-az", Group: groupAvailability,
		Title: "Neptune clusters must run at least two instances in distinct availability zones.",
		HIPAA: storeHAHIPAA, SOC2: []string{"A1.2"},
		Severity: "medium", Scope: ScopeStack, Types: []string{NeptuneCluster, NeptuneClusterInstance}, Exceptable: true,
		Remediation: "Add a second neptune.ClusterInstance with the cluster's clusterIdentifier in another availability zone.",
		checkStack: func(s *Stack, c *Check) {
			for _, cl := range s.OfType(NeptuneCluster) {
				dsClusterSpansAZs(s, c.On(cl), NeptuneClusterInstance)
			}
		},
	},
	{
		ID: "AVL-36", Name: "efs-multi-az", Group: groupAvailability,
		Title: "EFS file systems must use Regional storage with mount targets in at least two availability zones.",
		HIPAA: storeHAHIPAA, SOC2: []string{"A1.2"},
		Severity: "medium", Scope: ScopeStack, Types: []string{EFSFileSystem, EFSMountTarget}, Exceptable: true,
		Remediation: "Leave availabilityZoneName unset (One Zone storage lives in one AZ) and add an efs.MountTarget in a subnet of each of two or more AZs.",
		checkStack: func(s *Stack, c *Check) {
			targets := dsChildrenByRef(s, EFSMountTarget, "fileSystemId", EFSFileSystem)
			for _, fs := range s.OfType(EFSFileSystem) {
				fc := c.On(fs)
				if _, st := lookup(fs.Props, "availabilityZoneName"); st == computed {
					fc.Defer("availabilityZoneName")
					continue
				} else if st != missing {
					fc.Fail("availabilityZoneName is set, so the file system uses One Zone storage", "Remove availabilityZoneName to use Regional storage")
					continue
				}
				if n := len(targets[fs]); n < 2 {
					fc.Fail(fmt.Sprintf("the file system has %d mount target(s), so clients in one AZ lose it with that AZ", n), "Add a mount target in a second AZ")
				}
			}
		},
	},
	{
		ID: "AVL-37", Name: "dax-multi-az", Group: groupAvailability,
		Title: "DAX clusters must run at least three nodes.",
		HIPAA: storeHAHIPAA, SOC2: []string{"A1.2"},
		Severity: "medium", Scope: ScopeResource, Types: []string{DAXCluster}, Exceptable: true,
		Remediation: "Set replicationFactor to 3 or more; DAX spreads the nodes over availability zones.",
		check:       func(c *Check) { c.AtLeast("replicationFactor", 3, "Set replicationFactor: 3") },
	},

	// --- logging ---
	{
		ID: "LOG-20", Name: "rds-instance-log-exports", Group: groupLogging,
		Title: "RDS DB instances must export their engine's logs to CloudWatch.",
		HIPAA: storeLogHIPAA, SOC2: []string{"CC7.2", "CC7.3"},
		Severity: "high", Scope: ScopeResource, Types: []string{RDSInstance}, Exceptable: true,
		Remediation: "Set enabledCloudwatchLogsExports per engine: MySQL/MariaDB audit, error, general, slowquery; PostgreSQL postgresql, upgrade; Oracle alert, audit, listener, oemagent, trace; SQL Server agent, error; Db2 diag.log, notify.log (unset exports nothing).",
		check: func(c *Check) {
			eng, st := getString(c.Props(), "engine")
			if st == computed {
				c.Defer("engine")
				return
			}
			want := dsRdsLogExports(eng)
			if len(want) == 0 {
				return
			}
			got, gst := getStrings(c.Props(), "enabledCloudwatchLogsExports")
			switch gst {
			case computed:
				c.Defer("enabledCloudwatchLogsExports")
				return
			case badShape:
				c.shape("enabledCloudwatchLogsExports", "a list of log types")
				return
			}
			var missingLogs []string
			for _, w := range want {
				if !contains(got, w) {
					missingLogs = append(missingLogs, w)
				}
			}
			if len(missingLogs) > 0 {
				c.Fail(fmt.Sprintf("%s does not export the %s log(s) to CloudWatch", eng, strings.Join(missingLogs, ", ")),
					"Add "+strings.Join(missingLogs, ", ")+" to enabledCloudwatchLogsExports")
			}
		},
	},
	{
		ID: "LOG-21", Name: "rds-instance-monitoring", Group: groupLogging,
		Title: "RDS DB instances must run enhanced monitoring and Performance Insights.",
		HIPAA: []string{"312(b)", "308(a)(5)(ii)(C)"}, SOC2: []string{"CC7.2"},
		Severity: "medium", Scope: ScopeResource, Types: []string{RDSInstance}, Exceptable: true,
		Remediation: "Set monitoringInterval (1-60; the provider default 0 turns it off) with monitoringRoleArn, and performanceInsightsEnabled: true.",
		check: func(c *Check) {
			c.AtLeast("monitoringInterval", 1, "Set monitoringInterval to 60 or less (the provider default 0 turns enhanced monitoring off)")
			dsPresent(c, "monitoringRoleArn", "Set monitoringRoleArn to the enhanced monitoring role")
			c.boolean("performanceInsightsEnabled", "Set performanceInsightsEnabled: true", true, "the provider default is false")
		},
	},
	{
		ID: "LOG-22", Name: "search-domain-logs", Group: groupLogging,
		Title: "OpenSearch and Elasticsearch domains must publish error, audit and slow logs to CloudWatch.",
		HIPAA: storeLogHIPAA, SOC2: []string{"CC7.2", "CC7.3"},
		Severity: "high", Scope: ScopeResource, Types: searchDomains, Exceptable: true,
		Params:      map[string]any{"requiredLogTypes": []string{"ES_APPLICATION_LOGS", "AUDIT_LOGS", "INDEX_SLOW_LOGS", "SEARCH_SLOW_LOGS"}},
		Remediation: "Add a logPublishingOptions entry {logType, cloudwatchLogGroupArn, enabled: true} for ES_APPLICATION_LOGS, AUDIT_LOGS (needs fine-grained access control), INDEX_SLOW_LOGS and SEARCH_SLOW_LOGS.",
		check: func(c *Check) {
			if _, st := lookup(c.Props(), "logPublishingOptions"); st == computed {
				c.Defer("logPublishingOptions")
				return
			}
			on := map[string]bool{}
			c.Each("logPublishingOptions", func(_ int, m property.Map, p string) {
				t, tst := getString(m, "logType")
				en, est := getBool(m, "enabled")
				switch {
				case tst == computed || est == computed:
					c.Defer(p)
				case tst == present && (est == missing || en):
					if _, ast := lookup(m, "cloudwatchLogGroupArn"); ast != missing {
						on[t] = true
					}
				}
			})
			for _, want := range c.StringsParam("requiredLogTypes") {
				if !on[want] {
					c.Fail(want+" is not published to CloudWatch", "Add a logPublishingOptions entry for "+want+" with cloudwatchLogGroupArn")
				}
			}
		},
	},
	{
		ID: "LOG-23", Name: "redshift-audit-logging", Group: groupLogging,
		Title: "Redshift clusters and serverless namespaces must write audit logs (connection, user and user activity).",
		HIPAA: storeLogHIPAA, SOC2: []string{"CC7.2", "CC7.3"},
		Severity: "high", Scope: ScopeStack, Types: []string{RedshiftCluster, RedshiftLogging, RedshiftNamespace}, Exceptable: true,
		Remediation: "Add a redshift.Logging for the cluster (logDestinationType s3 with bucketName, or cloudwatch with logExports connectionlog, userlog, useractivitylog); serverless namespaces set logExports to all three.",
		checkStack: func(s *Stack, c *Check) {
			all := []string{"connectionlog", "userlog", "useractivitylog"}
			for _, cl := range s.OfType(RedshiftCluster) {
				cc := c.On(cl)
				if on, st := getBool(cl.Props, "logging.enable"); st == present && on {
					continue
				}
				logs := s.Linked(cl, "clusterIdentifier", RedshiftLogging)
				if len(logs) == 0 {
					cc.Fail("no redshift.Logging (or logging block) writes the cluster's audit logs", "Add a redshift.Logging for the cluster")
					continue
				}
				for _, l := range logs {
					lc := c.On(l)
					dest, st := getString(l.Props, "logDestinationType")
					switch {
					case st == computed:
						lc.Defer("logDestinationType")
					case dest == "cloudwatch":
						dsRequireAll(lc, "logExports", all)
					default:
						dsPresent(lc, "bucketName", "Set bucketName to the audit log bucket")
					}
				}
			}
			for _, ns := range s.OfType(RedshiftNamespace) {
				dsRequireAll(c.On(ns), "logExports", all)
			}
		},
	},
	{
		ID: "LOG-24", Name: "docdb-audit-logs", Group: groupLogging,
		Title: "DocumentDB clusters must export audit and profiler logs with audit logging on in their parameter group.",
		HIPAA: storeLogHIPAA, SOC2: []string{"CC7.2", "CC7.3"},
		Severity: "high", Scope: ScopeStack, Types: []string{DocDBCluster, DocDBParameterGroup}, Exceptable: true,
		Remediation: "Set enabledCloudwatchLogsExports [audit, profiler] and dbClusterParameterGroupName to a group with audit_logs enabled (the default group has it disabled, so the audit export stays empty).",
		checkStack: func(s *Stack, c *Check) {
			for _, cl := range s.OfType(DocDBCluster) {
				cc := c.On(cl)
				dsRequireAll(cc, "enabledCloudwatchLogsExports", []string{"audit", "profiler"})
				dsRequireParam(s, cc, "dbClusterParameterGroupName", DocDBParameterGroup, "audit_logs",
					func(v string) bool { v = strings.ToLower(v); return v != "" && v != "disabled" && v != "none" },
					"the engine default has audit_logs disabled", "Set audit_logs to enabled")
			}
		},
	},
	{
		ID: "LOG-25", Name: "neptune-audit-logs", Group: groupLogging,
		Title: "Neptune clusters must export audit logs to CloudWatch.",
		HIPAA: storeLogHIPAA, SOC2: []string{"CC7.2", "CC7.3"},
		Severity: "high", Scope: ScopeResource, Types: []string{NeptuneCluster}, Exceptable: true,
		Remediation: "Set enableCloudwatchLogsExports [audit, slowquery] (unset exports nothing) and neptune_enable_audit_log=1 in the cluster parameter group.",
		check:       func(c *Check) { dsRequireAll(c, "enableCloudwatchLogsExports", []string{"audit"}) },
	},

	// --- data protection ---
	{
		ID: "DP-20", Name: "rds-instance-deletion-protection", Group: groupDataProtection,
		Title: "RDS DB instances must have deletion protection and take a final snapshot.",
		HIPAA: storeHAHIPAA, SOC2: []string{"C1.1", "A1.2"},
		Severity: "high", Scope: ScopeResource, Types: []string{RDSInstance}, Exceptable: true,
		Remediation: "Set deletionProtection: true (the provider default is false), keep skipFinalSnapshot false and set finalSnapshotIdentifier.",
		check: func(c *Check) {
			if dsAuroraInstance(c) {
				return // the cluster carries deletion protection (aurora-deletion-safety)
			}
			c.boolean("deletionProtection", "Set deletionProtection: true", true, "the provider default is false")
			if c.boolean("skipFinalSnapshot", "Set skipFinalSnapshot: false", false, "") {
				dsPresent(c, "finalSnapshotIdentifier", "Set finalSnapshotIdentifier so deletion keeps a final snapshot")
			}
		},
	},
	{
		ID: "DP-21", Name: "datastore-copy-tags-to-snapshots", Group: groupDataProtection,
		Title: "RDS instances and Neptune clusters must copy their tags (DataClassification) to snapshots.",
		HIPAA: []string{"308(a)(7)(ii)(A)", "308(a)(1)(ii)(A)"}, SOC2: []string{"C1.1"},
		Severity: "low", Scope: ScopeResource, Types: []string{RDSInstance, NeptuneCluster}, Exceptable: true,
		Remediation: "Set copyTagsToSnapshot: true (the RDS provider default is false; Neptune documents none) so snapshots keep the data classification.",
		check: func(c *Check) {
			if c.Resource().Type == RDSInstance && dsAuroraInstance(c) {
				return
			}
			c.boolean("copyTagsToSnapshot", "Set copyTagsToSnapshot: true", true, "the AWS default is false")
		},
	},
	{
		ID: "DP-22", Name: "dynamodb-deletion-protection", Group: groupDataProtection,
		Title: "DynamoDB tables and replicas must have deletion protection.",
		HIPAA: storeHAHIPAA, SOC2: []string{"C1.1", "A1.2"},
		Severity: "high", Scope: ScopeResource, Types: []string{DynamoTable, DynamoTableReplica}, Exceptable: true,
		Remediation: "Set deletionProtectionEnabled: true (the provider default is false).",
		check: func(c *Check) {
			c.boolean("deletionProtectionEnabled", "Set deletionProtectionEnabled: true", true, "the provider default is false")
		},
	},
	{
		ID: "DP-23", Name: "docdb-deletion-protection", Group: groupDataProtection,
		Title: "DocumentDB clusters must have deletion protection.",
		HIPAA: storeHAHIPAA, SOC2: []string{"C1.1", "A1.2"},
		Severity: "high", Scope: ScopeResource, Types: []string{DocDBCluster}, Exceptable: true,
		Remediation: "Set deletionProtection: true (the provider default is false).",
		check: func(c *Check) {
			c.boolean("deletionProtection", "Set deletionProtection: true", true, "the provider default is false")
		},
	},
	{
		ID: "DP-24", Name: "neptune-deletion-protection", Group: groupDataProtection,
		Title: "Neptune clusters must have deletion protection.",
		HIPAA: storeHAHIPAA, SOC2: []string{"C1.1", "A1.2"},
		Severity: "high", Scope: ScopeResource, Types: []string{NeptuneCluster}, Exceptable: true,
		Remediation: "Set deletionProtection: true (the provider default is false).",
		check: func(c *Check) {
			c.boolean("deletionProtection", "Set deletionProtection: true", true, "the provider default is false")
		},
	},

	// --- identity and access ---
	{
		ID: "IAM-20", Name: "rds-instance-iam-auth", Group: groupIdentity,
		Title: "MySQL, MariaDB and PostgreSQL instances must allow IAM database authentication.",
		HIPAA: storeAuthHIPAA, SOC2: []string{"CC6.1", "CC6.2"},
		Severity: "medium", Scope: ScopeResource, Types: []string{RDSInstance}, Exceptable: true,
		Remediation: "Set iamDatabaseAuthenticationEnabled: true (the AWS default is false) and grant rds-db:connect to roles.",
		check: func(c *Check) {
			eng, st := getString(c.Props(), "engine")
			if st == computed {
				c.Defer("engine")
				return
			}
			if !strings.Contains(eng, "mysql") && !strings.Contains(eng, "mariadb") && !strings.Contains(eng, "postgres") || strings.HasPrefix(eng, "aurora") {
				return // RDS IAM authentication supports only these engines
			}
			c.boolean("iamDatabaseAuthenticationEnabled", "Set iamDatabaseAuthenticationEnabled: true", true, "the AWS default is false")
		},
	},
	{
		ID: "IAM-21", Name: "rds-instance-credentials", Group: groupIdentity,
		Title: "RDS DB instances must let RDS manage the master password in Secrets Manager, never take it as an input.",
		HIPAA: storeAuthHIPAA, SOC2: []string{"CC6.1"},
		Severity: "critical", Scope: ScopeResource, Types: []string{RDSInstance}, Exceptable: false,
		Remediation: "Set manageMasterUserPassword: true (PHI: masterUserSecretKmsKeyId to the data CMK) and remove password.",
		check: func(c *Check) {
			c.Absent("password", "Remove password; with manageMasterUserPassword RDS keeps it in Secrets Manager")
			if dsAuroraInstance(c) || dsIsReplica(c) || dsRestored(c, "snapshotIdentifier", "restoreToPointInTime") {
				return // the password and username come from the source
			}
			if c.True("manageMasterUserPassword", "Set manageMasterUserPassword: true") && c.Resource().IsPHI() {
				dsPresent(c, "masterUserSecretKmsKeyId", "Set masterUserSecretKmsKeyId to the data CMK ARN (unset, the secret uses aws/secretsmanager)")
			}
		},
	},
	{
		ID: "IAM-31", Name: "rds-instance-default-username", Group: groupIdentity,
		Title: "RDS DB instances must not use a well-known default master username.",
		HIPAA: []string{"308(a)(4)(ii)(B)", "312(a)(1)"}, SOC2: []string{"CC6.1"},
		Severity: "medium", Scope: ScopeResource, Types: []string{RDSInstance}, Exceptable: true,
		Params:      map[string]any{"forbiddenUsernames": []string{"admin", "postgres", "root", "sa", "master"}},
		Remediation: "Pick a master username other than admin, postgres, root, sa or master: a guessable name halves what an attacker must guess.",
		check: func(c *Check) {
			if dsAuroraInstance(c) || dsIsReplica(c) || dsRestored(c, "snapshotIdentifier", "restoreToPointInTime") {
				return // the username comes from the source
			}
			dsForbidDefaultName(c, "username")
		},
	},
	{
		ID: "IAM-22", Name: "rds-proxy-iam-auth", Group: groupIdentity,
		Title: "RDS proxies must require IAM authentication from clients.",
		HIPAA: storeAuthHIPAA, SOC2: []string{"CC6.1", "CC6.2"},
		Severity: "high", Scope: ScopeResource, Types: []string{RDSProxy}, Exceptable: true,
		Remediation: "Set iamAuth: REQUIRED on every auths entry (unset, AWS leaves IAM authentication DISABLED).",
		check: func(c *Check) {
			if _, st := lookup(c.Props(), "auths"); st == missing {
				c.Fail("auths is unset", "Add an auths entry with iamAuth: REQUIRED and the secret")
				return
			}
			c.Each("auths", func(_ int, _ property.Map, p string) {
				if _, st := lookup(c.Props(), p+".iamAuth"); st == missing {
					c.Fail(p+".iamAuth is unset (AWS leaves IAM authentication DISABLED)", "Set "+p+".iamAuth: REQUIRED")
					return
				}
				c.OneOf(p+".iamAuth", []string{"REQUIRED"}, "Set "+p+".iamAuth: REQUIRED")
			})
		},
	},
	{
		ID: "IAM-23", Name: "elasticache-auth", Group: groupIdentity,
		Title: "ElastiCache replication groups must authenticate clients (AUTH token or RBAC user group); users must have passwords.",
		HIPAA: storeAuthHIPAA, SOC2: []string{"CC6.1", "CC6.2"},
		Severity: "high", Scope: ScopeResource, Types: []string{ElastiCacheReplication, ElastiCacheUser}, Exceptable: true,
		Remediation: "Set userGroupIds to an RBAC user group (or authToken from a secret, with transit encryption on); never create users with noPasswordRequired.",
		check: func(c *Check) {
			if c.Resource().Type == ElastiCacheUser {
				c.NotTrue("noPasswordRequired", "Remove noPasswordRequired and give the user a password or IAM authentication")
				if t, st := getString(c.Props(), "authenticationMode.type"); st == present && t == "no-password-required" {
					c.Fail("authenticationMode.type is no-password-required", "Use type password or iam")
				}
				return
			}
			_, a := lookup(c.Props(), "authToken")
			g, gst := lookup(c.Props(), "userGroupIds")
			if gst == badShape || gst == present && !g.IsArray() {
				c.shape("userGroupIds", "a list of user group IDs")
				return
			}
			if a == missing && (gst == missing || gst == present && g.IsArray() && g.AsArray().Len() == 0) {
				c.Fail("neither authToken nor userGroupIds is set, so any client that reaches the port can read the cache", "Set userGroupIds to an RBAC user group")
			}
		},
	},
	{
		ID: "IAM-24", Name: "search-domain-access-control", Group: groupIdentity,
		Title: "OpenSearch and Elasticsearch domains must use fine-grained access control with IAM users, no internal user database and no anonymous access.",
		HIPAA: storeAuthHIPAA, SOC2: []string{"CC6.1", "CC6.3"},
		Severity: "high", Scope: ScopeResource, Types: searchDomains, Exceptable: true,
		Remediation: "Set advancedSecurityOptions {enabled: true, internalUserDatabaseEnabled: false, anonymousAuthEnabled: false, masterUserOptions.masterUserArn: a role}.",
		check: func(c *Check) {
			if c.boolean("advancedSecurityOptions.enabled", "Set advancedSecurityOptions.enabled: true", true, "without the block fine-grained access control is off") {
				c.NotTrue("advancedSecurityOptions.internalUserDatabaseEnabled", "Set internalUserDatabaseEnabled: false and map IAM roles instead")
				c.NotTrue("advancedSecurityOptions.anonymousAuthEnabled", "Set anonymousAuthEnabled: false")
			}
		},
	},
	{
		ID: "IAM-25", Name: "datastore-policies-not-public", Group: groupIdentity,
		Title: "Search domain, EFS and DynamoDB resource policies must not grant access to anyone without a scoping condition.",
		HIPAA: exposureHIPAA, SOC2: []string{"CC6.1", "CC6.6"},
		Severity: "critical", Scope: ScopeResource, Types: dsPolicyTypes(), Exceptable: false,
		Remediation: "Name the principals (roles of this account), or scope a * principal with aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID, aws:SourceVpce or elasticfilesystem:AccessedViaMountTarget.",
		check: func(c *Check) {
			path := dsPolicyInputs[c.Resource().Type]
			if _, st := lookup(c.Props(), path); st == missing {
				return
			}
			doc, ok := c.JSON(path)
			if !ok {
				return
			}
			scoping := []string{"aws:SourceArn", "aws:SourceAccount", "aws:PrincipalOrgID", "aws:PrincipalAccount", "aws:SourceVpc", "aws:SourceVpce",
				"aws:SourceIp", "elasticfilesystem:AccessedViaMountTarget"}
			for _, a := range publicAllows(doc, scoping) {
				c.Fail(path+" allows "+orDefault(a, "every action")+" to any principal without a scoping condition", "Name the principals or add a scoping condition")
			}
		},
	},
	{
		ID: "IAM-26", Name: "redshift-credentials", Group: groupIdentity,
		Title: "Redshift must let Secrets Manager manage the admin password and must not use the default admin user or database names.",
		HIPAA: storeAuthHIPAA, SOC2: []string{"CC6.1"},
		Severity: "high", Scope: ScopeResource, Types: []string{RedshiftCluster, RedshiftNamespace}, Exceptable: true,
		Params:      map[string]any{"forbiddenUsernames": []string{"awsuser", "admin"}},
		Remediation: "Cluster: manageMasterPassword true, no masterPassword, a masterUsername other than awsuser and a databaseName other than dev. Namespace: manageAdminPassword true, no adminUserPassword.",
		check: func(c *Check) {
			if c.Resource().Type == RedshiftNamespace {
				c.Absent("adminUserPassword", "Remove adminUserPassword; set manageAdminPassword")
				if _, st := lookup(c.Props(), "adminUsername"); st != missing {
					c.True("manageAdminPassword", "Set manageAdminPassword: true")
					dsForbidDefaultName(c, "adminUsername")
				}
				return
			}
			c.Absent("masterPassword", "Remove masterPassword; set manageMasterPassword")
			if dsRestored(c, "snapshotIdentifier", "snapshotArn") {
				return
			}
			c.True("manageMasterPassword", "Set manageMasterPassword: true")
			dsForbidDefaultName(c, "masterUsername")
			if n, st := getString(c.Props(), "databaseName"); st == missing {
				c.Fail("databaseName is unset, so Redshift creates the default database dev", "Set databaseName")
			} else if st == present && n == "dev" {
				c.Fail("databaseName is the default dev", "Set another databaseName")
			}
		},
	},
	{
		ID: "IAM-27", Name: "neptune-iam-auth", Group: groupIdentity,
		Title: "Neptune clusters must require IAM database authentication.",
		HIPAA: storeAuthHIPAA, SOC2: []string{"CC6.1", "CC6.2"},
		Severity: "high", Scope: ScopeResource, Types: []string{NeptuneCluster}, Exceptable: true,
		Remediation: "Set iamDatabaseAuthenticationEnabled: true (the AWS default is false); without it anyone who reaches the endpoint can query the graph.",
		check: func(c *Check) {
			c.boolean("iamDatabaseAuthenticationEnabled", "Set iamDatabaseAuthenticationEnabled: true", true, "the AWS default is false")
		},
	},
	{
		ID: "IAM-28", Name: "docdb-credentials", Group: groupIdentity,
		Title: "DocumentDB clusters must let DocumentDB manage the master password in Secrets Manager.",
		HIPAA: storeAuthHIPAA, SOC2: []string{"CC6.1"},
		Severity: "high", Scope: ScopeResource, Types: []string{DocDBCluster, DocDBElasticCluster}, Exceptable: true,
		Remediation: "Set manageMasterUserPassword: true and remove masterPassword; elastic clusters use authType SECRET_ARN with adminUserPassword the secret's ARN.",
		check: func(c *Check) {
			if c.Resource().Type == DocDBElasticCluster {
				c.OneOf("authType", []string{"SECRET_ARN"}, "Set authType: SECRET_ARN")
				return
			}
			c.Absent("masterPassword", "Remove masterPassword; set manageMasterUserPassword")
			if dsRestored(c, "snapshotIdentifier", "globalClusterIdentifier", "restoreToPointInTime") {
				return
			}
			c.True("manageMasterUserPassword", "Set manageMasterUserPassword: true")
		},
	},
	{
		ID: "IAM-29", Name: "efs-access-points-scoped", Group: groupIdentity,
		Title: "EFS access points must confine clients to a subdirectory as a named non-root POSIX user.",
		HIPAA: iamHIPAA, SOC2: []string{"CC6.1", "CC6.3"},
		Severity: "medium", Scope: ScopeResource, Types: []string{EFSAccessPoint}, Exceptable: true,
		Remediation: "Set rootDirectory.path to the workload's directory (not /) with creationInfo, and posixUser {uid, gid} other than 0.",
		check: func(c *Check) {
			if p, st := getString(c.Props(), "rootDirectory.path"); st == missing {
				c.Fail("rootDirectory.path is unset, so clients see the whole file system", "Set rootDirectory.path to the workload's directory")
			} else if st == computed {
				c.Defer("rootDirectory.path")
			} else if st == badShape {
				c.shape("rootDirectory.path", "a path")
			} else if strings.Trim(p, "/") == "" {
				c.Fail("rootDirectory.path is /, so clients see the whole file system", "Set rootDirectory.path to the workload's directory")
			}
			if _, st := lookup(c.Props(), "posixUser"); st == missing {
				c.Fail("posixUser is unset, so clients act with their own (possibly root) identity", "Set posixUser {uid, gid}")
				return
			}
			if uid, st := getNumber(c.Props(), "posixUser.uid"); st == computed {
				c.Defer("posixUser.uid")
			} else if st == present && uid == 0 {
				c.Fail("posixUser.uid is 0 (root)", "Use a non-root uid")
			}
		},
	},
	{
		ID: "IAM-30", Name: "search-dashboards-auth", Group: groupIdentity,
		Title: "OpenSearch and Elasticsearch dashboards must authenticate through Cognito or SAML.",
		HIPAA: storeAuthHIPAA, SOC2: []string{"CC6.1", "CC6.2"},
		Severity: "medium", Scope: ScopeStack, Types: []string{OpenSearchDomain, ElasticsearchDomain, OpenSearchSamlOptions, ElasticsearchSaml}, Exceptable: true,
		Remediation: "Set cognitoOptions {enabled: true, userPoolId, identityPoolId, roleArn}, or add a DomainSamlOptions for the domain with samlOptions.enabled true.",
		checkStack: func(s *Stack, c *Check) {
			saml := dsChildrenByRef(s, OpenSearchSamlOptions, "domainName", OpenSearchDomain)
			for k, v := range dsChildrenByRef(s, ElasticsearchSaml, "domainName", ElasticsearchDomain) {
				saml[k] = append(saml[k], v...)
			}
			for _, d := range s.OfType(searchDomains...) {
				dc := c.On(d)
				if on, st := getBool(d.Props, "cognitoOptions.enabled"); st == computed {
					dc.Defer("cognitoOptions.enabled")
					continue
				} else if st == badShape {
					dc.shape("cognitoOptions.enabled", "a bool")
					continue
				} else if st == present && on {
					continue
				}
				ok := false
				for _, so := range saml[d] {
					if on, st := getBool(so.Props, "samlOptions.enabled"); st == computed || (st == present && on) {
						ok = true
					}
				}
				if !ok {
					dc.Fail("dashboards authenticate with neither Cognito nor SAML", "Enable cognitoOptions or add a DomainSamlOptions")
				}
			}
		},
	},
}

// --- helpers shared by the data store rules ---

// dsPresent requires a string input (a key ARN, a name) to be set: a
// computed value counts as set, a value of another shape is a violation
// naming the input.
func dsPresent(c *Check, path, fix string) bool {
	v, st := lookup(c.Props(), path)
	switch {
	case st == computed:
		return true
	case st == missing:
		c.Fail(path+" is unset", fix)
	case st == badShape || !v.IsString():
		c.shape(path, "a string")
	case v.AsString() == "":
		c.Fail(path+" is empty", fix)
	default:
		return true
	}
	return false
}

// dsAuroraInstance: an aws:rds/instance with an Aurora engine belongs to a
// cluster whose rules already cover it.
func dsAuroraInstance(c *Check) bool {
	e, st := getString(c.Props(), "engine")
	return st == present && strings.HasPrefix(e, "aurora")
}

func dsIsReplica(c *Check) bool {
	_, st := lookup(c.Props(), "replicateSourceDb")
	return st != missing
}

// dsRestored reports whether any of the inputs that create a resource from
// another (snapshot, point in time, global secondary) is set.
func dsRestored(c *Check, paths ...string) bool {
	for _, p := range paths {
		if _, st := lookup(c.Props(), p); st != missing {
			return true
		}
	}
	return false
}

// dsPhiKey requires a customer-managed key on a PHI resource. Top-level key
// inputs naming an AWS-managed alias are TAG-02's finding; nested ones are
// checked here.
func dsPhiKey(c *Check, path, svc string) {
	if _, st := lookup(c.Props(), "tags."+TagDataClassification); st == computed {
		c.Defer("tags." + TagDataClassification)
		return
	}
	if !c.Resource().IsPHI() {
		return
	}
	if !dsPresent(c, path, "Set "+path+" to the data CMK ARN: PHI needs a customer-managed key (unset, "+svc+" uses its AWS-managed key)") {
		return
	}
	if k, st := getString(c.Props(), path); st == present && strings.Contains(path, ".") && strings.HasPrefix(k, "alias/aws/") {
		c.Fail(path+" is the AWS-managed key "+k+" on a PHI resource", "Use the data CMK")
	}
}

// dsGlobalClusterEncrypted: a global cluster built from an existing cluster
// inherits its encryption (which that cluster's rule checks); otherwise
// storageEncrypted must be true.
func dsGlobalClusterEncrypted(c *Check) {
	_, src := lookup(c.Props(), "sourceDbClusterIdentifier")
	if _, st := lookup(c.Props(), "storageEncrypted"); st == missing && src != missing {
		return
	}
	c.boolean("storageEncrypted", "Set storageEncrypted: true", true, "the provider default is false unless sourceDbClusterIdentifier names an encrypted cluster")
}

// dsBackupDays requires the rule's minRetentionDays of a retention input.
func dsBackupDays(c *Check, path, unset string) {
	min := c.NumParam("minRetentionDays")
	n, st := getNumber(c.Props(), path)
	switch st {
	case computed:
		c.Defer(path)
	case badShape:
		c.shape(path, "a number of days")
	case missing:
		c.Fail(fmt.Sprintf("%s is unset (%s), want at least %v", path, unset, min), fmt.Sprintf("Set %s to %v or more", path, min))
	default:
		if n < min {
			c.Fail(fmt.Sprintf("%s is %v, want at least %v", path, n, min), fmt.Sprintf("Set %s to %v or more", path, min))
		}
	}
}

// dsNonEmptyList requires a list input with at least one element.
func dsNonEmptyList(c *Check, path, why, fix string) {
	v, st := lookup(c.Props(), path)
	switch {
	case st == computed:
		return // a list of outputs counts as set
	case st == badShape || (st == present && !v.IsArray()):
		c.shape(path, "a list")
	case st == missing || v.AsArray().Len() == 0:
		c.Fail(path+" is empty, so "+why, fix)
	}
}

// dsRequireAll requires a string list input to contain every wanted value.
func dsRequireAll(c *Check, path string, want []string) {
	got, st := getStrings(c.Props(), path)
	switch st {
	case computed:
		c.Defer(path)
		return
	case badShape:
		c.shape(path, "a list of strings")
		return
	}
	var lacking []string
	for _, w := range want {
		if !contains(got, w) {
			lacking = append(lacking, w)
		}
	}
	if len(lacking) > 0 {
		what := path + " lacks " + strings.Join(lacking, ", ")
		if st == missing {
			what = path + " is unset, so nothing is exported"
		}
		c.Fail(what, "Set "+path+" to include "+strings.Join(want, ", "))
	}
}

// dsForbidDefaultName fails a well-known default admin username (shown()
// masks a secret one).
func dsForbidDefaultName(c *Check, path string) {
	u, st := getString(c.Props(), path)
	switch {
	case st == computed:
		c.Defer(path)
	case st == badShape:
		c.shape(path, "a string")
	case st == present && contains(c.StringsParam("forbiddenUsernames"), strings.ToLower(u)):
		c.Fail(path+" is the well-known default "+shown(c.Props(), path), "Pick a master username that is not a default")
	}
}

// dsRequireParam resolves a resource's parameter group and requires a
// parameter to satisfy ok; no group means the engine's default group, which
// fails with defaultWhy.
func dsRequireParam(s *Stack, c *Check, prop, groupType, param string, ok func(string) bool, defaultWhy, fix string) {
	groups := resolveRefs(s, c.Resource(), prop, groupType)
	if len(groups) == 0 {
		if _, st := lookup(c.Props(), prop); st == computed {
			c.Defer(prop)
			return
		}
		c.Fail(prop+" names no parameter group of this stack: "+defaultWhy, "Set "+prop+" to a group with "+param+" set ("+fix+")")
		return
	}
	for _, g := range groups {
		v, st := parameterValue(g.Props, param)
		switch {
		case st == computed:
			c.Defer(prop)
		case st == badShape:
			c.On(g).shape("parameters", "a list of {name, value}")
		case !ok(v):
			if v == "" {
				c.Fail(fmt.Sprintf("parameter group %s does not set %s (%s)", g.Name, param, defaultWhy), fix)
			} else {
				c.Fail(fmt.Sprintf("parameter group %s sets %s to %q", g.Name, param, v), fix)
			}
		}
	}
}

// dsChildrenByRef maps each parent to the children of childType whose input
// prop names it (by property dependency, or by a known value equal to the
// parent's name, id or ARN).
func dsChildrenByRef(s *Stack, childType, prop, parentType string) map[*Resource][]*Resource {
	out := map[*Resource][]*Resource{}
	for _, ch := range s.OfType(childType) {
		parents := resolveRefs(s, ch, prop, parentType)
		if len(parents) == 0 {
			// Names such as domainName match the parent's own name input.
			if v, st := getString(ch.Props, prop); st == present {
				for _, p := range s.OfType(parentType) {
					if pv, pst := getString(p.Props, prop); pst == present && pv == v {
						parents = append(parents, p)
					}
				}
			}
		}
		for _, p := range parents {
			out[p] = append(out[p], ch)
		}
	}
	return out
}

func dsBackupPolicyEnabled(ps []*Resource) bool {
	for _, p := range ps {
		if v, st := getString(p.Props, "backupPolicy.status"); st == present && v == "ENABLED" {
			return true
		}
	}
	return false
}

// dsSelectedByWildcard: a selection of "*" (or every resource of the
// service) covers every resource of the type.
func dsSelectedByWildcard(s *Stack, typ string) bool {
	prefix := map[string]string{RDSInstance: "arn:aws:rds:", DynamoTable: "arn:aws:dynamodb:", EFSFileSystem: "arn:aws:elasticfilesystem:"}[typ]
	for _, sel := range s.OfType(BackupSelection) {
		res, _ := getStrings(sel.Props, "resources")
		for _, r := range res {
			head, wild := strings.CutSuffix(r, "*")
			every := strings.HasSuffix(head, ":") || strings.HasSuffix(head, ":table/") || strings.HasSuffix(head, ":file-system/")
			if r == "*" || (wild && strings.HasPrefix(r, prefix) && every) {
				return true
			}
		}
	}
	return false
}

// unknownSelection reports a backup selection whose resources or tags are
// unknown at preview and that names nothing through a property dependency.
func dsUnknownSelection(s *Stack) bool {
	for _, sel := range s.OfType(BackupSelection) {
		if len(sel.PropertyDependencies["resources"]) > 0 {
			continue
		}
		for _, p := range []string{"resources", "selectionTags"} {
			if _, st := getStrings(sel.Props, p); st == computed {
				return true
			}
			if _, st := lookup(sel.Props, p); st == computed {
				return true
			}
		}
	}
	return false
}

// dsClusterSpansAZs requires two or more instances, in distinct AZs when set.
func dsClusterSpansAZs(s *Stack, c *Check, instType string) {
	insts := s.Linked(c.Resource(), "clusterIdentifier", instType)
	if len(insts) < 2 {
		c.Fail(fmt.Sprintf("the cluster has %d instance(s), so a failure of its AZ is an outage", len(insts)), "Add an instance in another AZ")
		return
	}
	azs := map[string]bool{}
	unset, unknownAZ := false, false
	for _, in := range insts {
		switch az, st := getString(in.Props, "availabilityZone"); st {
		case present:
			azs[az] = true
		case computed:
			unknownAZ = true
		case badShape:
			c.On(in).shape("availabilityZone", "an availability zone name")
			return
		default:
			unset = true // the service spreads instances it places itself
		}
	}
	switch {
	case unset || len(azs) >= 2:
	case unknownAZ:
		c.Defer("availabilityZone")
	default:
		c.Fail("every instance is in the same availability zone", "Place instances in distinct AZs")
	}
}

// dsTableAutoscaling: a provisioned table needs read and write scaling
// targets for itself and each global secondary index.
func dsTableAutoscaling(s *Stack, c *Check) {
	mode, st := getString(c.Props(), "billingMode")
	switch {
	case st == computed:
		c.Defer("billingMode")
		return
	case st == badShape:
		c.shape("billingMode", "PROVISIONED or PAY_PER_REQUEST")
		return
	case st == present && mode == "PAY_PER_REQUEST":
		return
	}
	have := map[string]int{}
	for _, t := range s.Linked(c.Resource(), "resourceId", AppScalingTarget) {
		if ns, _ := getString(t.Props, "serviceNamespace"); ns != "dynamodb" {
			continue
		}
		dim, _ := getString(t.Props, "scalableDimension")
		have[dim]++
	}
	gsis := 0
	if arr, st := getArray(c.Props(), "globalSecondaryIndexes"); st == present {
		gsis = len(arr)
	}
	for _, want := range []struct {
		dim string
		n   int
	}{
		{"dynamodb:table:ReadCapacityUnits", 1}, {"dynamodb:table:WriteCapacityUnits", 1},
		{"dynamodb:index:ReadCapacityUnits", gsis}, {"dynamodb:index:WriteCapacityUnits", gsis},
	} {
		if have[want.dim] < want.n {
			c.Fail(fmt.Sprintf("a provisioned table (billingMode %s) has %d of %d %s scaling target(s)", orDefault(mode, "PROVISIONED, the provider default"), have[want.dim], want.n, want.dim),
				"Use PAY_PER_REQUEST or add an appautoscaling Target for "+want.dim)
		}
	}
}

// dsInstanceRequiresTLS judges one RDS instance's plaintext refusal by engine.
func dsInstanceRequiresTLS(s *Stack, c *Check) {
	eng, st := getString(c.Props(), "engine")
	switch {
	case st == computed:
		c.Defer("engine")
		return
	case st != present || strings.HasPrefix(eng, "aurora"):
		return // replicas without an engine inherit; Aurora is aurora-require-tls
	}
	on := func(v string) bool { return v == "1" || strings.EqualFold(v, "ON") || strings.EqualFold(v, "true") }
	switch {
	case strings.Contains(eng, "mysql") || strings.Contains(eng, "mariadb"):
		dsRequireParam(s, c, "parameterGroupName", RDSParameterGroup, "require_secure_transport", on,
			"the engine default leaves require_secure_transport OFF", "Set require_secure_transport=1")
	case strings.Contains(eng, "postgres"):
		if _, pst := lookup(c.Props(), "parameterGroupName"); pst == missing && dsPostgresForcesSSL(c) {
			return // RDS for PostgreSQL 15 and later defaults rds.force_ssl to 1
		}
		dsRequireParam(s, c, "parameterGroupName", RDSParameterGroup, "rds.force_ssl", on,
			"before PostgreSQL 15 the engine default leaves rds.force_ssl 0", "Set rds.force_ssl=1")
	case strings.Contains(eng, "sqlserver"):
		dsRequireParam(s, c, "parameterGroupName", RDSParameterGroup, "rds.force_ssl", on,
			"the engine default leaves rds.force_ssl 0", "Set rds.force_ssl=1")
	case strings.Contains(eng, "oracle"):
		groups := resolveRefs(s, c.Resource(), "optionGroupName", RDSOptionGroup)
		if len(groups) == 0 {
			if _, ost := lookup(c.Props(), "optionGroupName"); ost == computed {
				c.Defer("optionGroupName")
				return
			}
			c.Fail("Oracle without an option group of this stack carrying SSL or NATIVE_NETWORK_ENCRYPTION accepts plaintext", "Set optionGroupName to a group with the SSL option")
			return
		}
		for _, g := range groups {
			found, deferred := false, false
			opts, ost := getArray(g.Props, "options")
			if ost == computed {
				deferred = true
			}
			for _, o := range opts {
				if o.IsComputed() {
					deferred = true
					continue
				}
				if o.IsMap() {
					if n, _ := getString(o.AsMap(), "optionName"); n == "SSL" || n == "NATIVE_NETWORK_ENCRYPTION" {
						found = true
					}
				}
			}
			if deferred && !found {
				c.Defer("optionGroupName")
			} else if !found {
				c.Fail("option group "+g.Name+" has neither the SSL nor the NATIVE_NETWORK_ENCRYPTION option", "Add the SSL option")
			}
		}
	}
}

// dsPostgresForcesSSL: unset or 15+ engine versions default rds.force_ssl to 1.
func dsPostgresForcesSSL(c *Check) bool {
	v, st := getString(c.Props(), "engineVersion")
	if st == missing {
		return true // RDS picks the current default major version, 15 or later
	}
	if st != present {
		return false
	}
	major, _, _ := strings.Cut(v, ".")
	n, err := strconv.Atoi(major)
	return err == nil && n >= 15
}

func dsDefaultPort(engine string) int {
	switch {
	case strings.HasPrefix(engine, "aurora"):
		return 0
	case strings.Contains(engine, "mysql") || strings.Contains(engine, "mariadb"):
		return 3306
	case strings.Contains(engine, "postgres"):
		return 5432
	case strings.Contains(engine, "oracle"):
		return 1521
	case strings.Contains(engine, "sqlserver"):
		return 1433
	case strings.Contains(engine, "db2"):
		return 50000
	}
	return 0
}

// dsRdsLogExports is what cdk-nag's RDSLoggingEnabled asks per engine (Db2
// from the RDS user guide).
func dsRdsLogExports(engine string) []string {
	switch {
	case strings.HasPrefix(engine, "aurora"):
		return nil
	case strings.Contains(engine, "mysql") || strings.Contains(engine, "mariadb"):
		return []string{"audit", "error", "general", "slowquery"}
	case strings.Contains(engine, "postgres"):
		return []string{"postgresql", "upgrade"}
	case strings.Contains(engine, "oracle"):
		return []string{"alert", "audit", "listener", "oemagent", "trace"}
	case strings.Contains(engine, "sqlserver"):
		return []string{"agent", "error"}
	case strings.Contains(engine, "db2"):
		return []string{"diag.log", "notify.log"}
	}
	return nil
}

// dsCmkInputs: where each type names its KMS key, what the service uses
// without one, and whether its own encryption rule already asks PHI for a
// CMK.
type dsCmkInput struct {
	path, fallback string
	phiElsewhere   bool
	on             string // the input that turns encryption on, where there is one
}

var dsCmkInputs = map[string]dsCmkInput{
	EFSFileSystem:          {"kmsKeyId", "EFS uses the AWS-managed aws/elasticfilesystem key", true, "encrypted"},
	ElastiCacheReplication: {"kmsKeyId", "ElastiCache uses a service-managed key", true, "atRestEncryptionEnabled"},
	DynamoTable:            {"serverSideEncryption.kmsKeyArn", "DynamoDB uses the AWS-managed aws/dynamodb key", true, "serverSideEncryption.enabled"},
	DynamoTableReplica:     {"kmsKeyArn", "the replica uses the AWS-managed aws/dynamodb key", false, ""},
	OpenSearchDomain:       {"encryptAtRest.kmsKeyId", "the domain uses the AWS-managed aws/es key", true, "encryptAtRest.enabled"},
	ElasticsearchDomain:    {"encryptAtRest.kmsKeyId", "the domain uses the AWS-managed aws/es key", true, "encryptAtRest.enabled"},
	RedshiftCluster:        {"kmsKeyId", "Redshift uses the AWS-managed aws/redshift key", true, "encrypted"},
	RedshiftNamespace:      {"kmsKeyId", "Redshift Serverless uses an AWS-owned key", true, ""},
	RedshiftSnapshotGrant:  {"kmsKeyId", "copied snapshots use the AWS-managed key of the destination region", false, ""},
	DocDBCluster:           {"kmsKeyId", "DocumentDB uses the AWS-managed aws/rds key", true, "storageEncrypted"},
	NeptuneCluster:         {"kmsKeyArn", "Neptune uses the AWS-managed aws/rds key", true, "storageEncrypted"},
	RDSSnapshotCopy:        {"kmsKeyId", "the copy keeps the source's key, or none", false, ""},
	RDSBackupsReplication:  {"kmsKeyId", "replicated backups of an encrypted instance cannot be created", false, ""},
}

func dsCmkTypes() []string {
	return []string{EFSFileSystem, ElastiCacheReplication, DynamoTable, DynamoTableReplica, OpenSearchDomain, ElasticsearchDomain,
		RedshiftCluster, RedshiftNamespace, RedshiftSnapshotGrant, DocDBCluster, NeptuneCluster, RDSSnapshotCopy, RDSBackupsReplication}
}

// dsPolicyInputs: where each type holds its resource policy document.
var dsPolicyInputs = map[string]string{
	OpenSearchDomain: "accessPolicies", ElasticsearchDomain: "accessPolicies",
	OpenSearchDomainPolicy: "accessPolicies", ElasticsearchPolicy: "accessPolicies",
	EFSFileSystemPolicy: "policy", DynamoResourcePolicy: "policy",
}

func dsPolicyTypes() []string {
	return []string{OpenSearchDomain, ElasticsearchDomain, OpenSearchDomainPolicy, ElasticsearchPolicy, EFSFileSystemPolicy, DynamoResourcePolicy}
}
