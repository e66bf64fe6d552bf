package estate_test

import (
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/carestack/carestack/infra/estate"
	"github.com/carestack/carestack/internal/offline"
)

func run(t *testing.T, stack string) *offline.Result {
	t.Helper()
	dir, err := offline.ProjectDir()
	if err != nil {
		t.Fatal(err)
	}
	res, err := offline.RunStack(dir, stack, estate.Program)
	if err != nil {
		t.Fatalf("stack %s: %v", stack, err)
	}
	return res
}

// stackConfig is a stack's Pulumi.<stack>.yaml as the engine passes it, for
// tests that change one key before running the program.
func stackConfig(t *testing.T, stack string) map[string]string {
	t.Helper()
	dir, err := offline.ProjectDir()
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := offline.LoadStackConfig(dir, stack)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func one(t *testing.T, r *offline.Result, typ, name string) offline.Resource {
	t.Helper()
	res, ok := r.Named(typ, name)
	if !ok {
		t.Fatalf("%s: no %s named %q", r.Stack, typ, name)
	}
	return res
}

// expect asserts exact input values by path.
func expect(t *testing.T, res offline.Resource, want map[string]any) {
	t.Helper()
	for path, w := range want {
		got, ok := res.Get(path)
		if w == nil {
			if ok {
				t.Errorf("%s %s: %s = %v, want it unset", res.Type, res.Name, path, got)
			}
			continue
		}
		if !ok {
			t.Errorf("%s %s: %s is unset, want %v", res.Type, res.Name, path, w)
			continue
		}
		if !reflect.DeepEqual(got, w) {
			t.Errorf("%s %s: %s = %#v, want %#v", res.Type, res.Name, path, got, w)
		}
	}
}

const (
	dataKey    = "arn:aws:kms:us-east-1:123456789012:kms/keys-data"
	logsKey    = "arn:aws:kms:us-east-1:123456789012:kms/keys-logs"
	backupsKey = "arn:aws:kms:us-east-1:123456789012:kms/keys-backups"
	// The mock's ARNs name the region of the provider that made them.
	drDataKey = "arn:aws:kms:us-west-2:123456789012:kms/dr-keys-data"
)

func TestEveryResourceIsParentedAndUsesTheExplicitProvider(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		r := run(t, stack)
		root := "urn:pulumi:" + stack + "::carestack::pulumi:pulumi:Stack::carestack-" + stack
		provider := "urn:pulumi:" + stack + "::carestack::pulumi:providers:aws::aws::"
		usEast1 := "urn:pulumi:" + stack + "::carestack::pulumi:providers:aws::aws-us-east-1::"
		dr := "urn:pulumi:" + stack + "::carestack::pulumi:providers:aws::aws-dr::"
		for _, res := range r.Resources {
			if strings.HasPrefix(res.Type, "pulumi:providers:") {
				continue
			}
			// CloudFront's web ACL and log delivery must live in us-east-1.
			want := provider
			switch {
			case strings.Contains(res.URN, "carestack:web:StaticSite$carestack:security:WebAcl$") || strings.Contains(res.URN, "$aws:cloudwatch/logDelivery"):
				want = usEast1
			// The DR region's keys, log bucket, the replicas and the
			// database's backup copies live there.
			case strings.Contains(res.URN, "carestack:security:DisasterRecovery$") || strings.Contains(res.URN, "carestack:storage:Bucket$carestack:storage:Bucket$") ||
				strings.Contains(res.URN, "::aurora-backup-dr"):
				want = dr
			}
			if res.Custom && !strings.HasPrefix(res.Provider, want) {
				t.Errorf("%s: %s uses provider %q, want the explicit %q", stack, res.URN, res.Provider, want)
			}
			componentAtTop := strings.HasPrefix(res.Type, "carestack:") && res.Parent == root
			if !componentAtTop && (res.Parent == "" || res.Parent == root) {
				t.Errorf("%s: %s is not parented to a component (parent %q)", stack, res.URN, res.Parent)
			}
		}
	}
}

func TestProdAuroraClusterIsEncryptedProtectedAndManagedSecret(t *testing.T) {
	r := run(t, "prod")
	cluster := one(t, r, "aws:rds/cluster:Cluster", "aurora")
	expect(t, cluster, map[string]any{
		"clusterIdentifier":                "carestack-prod",
		"engine":                           "aurora-mysql",
		"engineVersion":                    "8.0.mysql_aurora.3.08.2",
		"storageEncrypted":                 true,
		"kmsKeyId":                         dataKey,
		"manageMasterUserPassword":         true,
		"masterUserSecretKmsKeyId":         dataKey,
		"masterPassword":                   nil,
		"iamDatabaseAuthenticationEnabled": true,
		"backupRetentionPeriod":            35.0,
		"deletionProtection":               true,
		"skipFinalSnapshot":                false,
		"finalSnapshotIdentifier":          "carestack-prod-final-keysdata",
		"copyTagsToSnapshot":               true,
		"backtrackWindow":                  72.0 * 3600,
		"enabledCloudwatchLogsExports":     []any{"audit", "error", "slowquery"},
		"tags.DataClassification":          "PHI",
	})
	if !cluster.Protect {
		t.Error("prod cluster: protect is off")
	}
	if got := cluster.PropertyDependencies["dbClusterParameterGroupName"]; len(got) != 1 || !strings.HasSuffix(got[0], "::aurora-params") {
		t.Errorf("prod cluster: parameter group dependency = %v, want the aurora-params group", got)
	}
}

func TestAuroraInstancesSpreadOverDistinctAZsWithBIReplicaLast(t *testing.T) {
	tests := []struct {
		stack     string
		wantAZs   map[string]string
		wantTiers map[string]float64
		protect   bool
	}{
		{"prod",
			map[string]string{"aurora-writer": "us-east-1a", "aurora-reader-1": "us-east-1b", "aurora-bi": "us-east-1c"},
			map[string]float64{"aurora-writer": 0, "aurora-reader-1": 1, "aurora-bi": 15}, true},
		{"dev",
			map[string]string{"aurora-writer": "us-east-1a"},
			map[string]float64{"aurora-writer": 0}, false},
	}
	for _, tt := range tests {
		t.Run(tt.stack, func(t *testing.T) {
			r := run(t, tt.stack)
			instances := r.ByType("aws:rds/clusterInstance:ClusterInstance")
			if len(instances) != len(tt.wantAZs) {
				t.Fatalf("%d instances, want %d", len(instances), len(tt.wantAZs))
			}
			for _, in := range instances {
				expect(t, in, map[string]any{
					"availabilityZone":            tt.wantAZs[in.Name],
					"promotionTier":               tt.wantTiers[in.Name],
					"publiclyAccessible":          false,
					"autoMinorVersionUpgrade":     true,
					"performanceInsightsEnabled":  true,
					"performanceInsightsKmsKeyId": dataKey,
					"monitoringRoleArn":           "arn:aws:iam::123456789012:role/aurora-monitoring",
				})
				// App readers come and go with readerCount and are never protected.
				if want := tt.protect && in.Name != "aurora-reader-1"; in.Protect != want {
					t.Errorf("%s: protect = %v, want %v", in.Name, in.Protect, want)
				}
			}
		})
	}
}

func TestBIEndpointHoldsOnlyTheBIReplicaAndAppReadersExcludeIt(t *testing.T) {
	r := run(t, "prod")
	expect(t, one(t, r, "aws:rds/clusterEndpoint:ClusterEndpoint", "aurora-bi"), map[string]any{
		"customEndpointType": "READER",
		"staticMembers":      []any{"carestack-prod-bi"},
		"excludedMembers":    nil,
	})
	expect(t, one(t, r, "aws:rds/clusterEndpoint:ClusterEndpoint", "aurora-app-readers"), map[string]any{
		"customEndpointType": "READER",
		"excludedMembers":    []any{"carestack-prod-bi"},
		"staticMembers":      nil,
	})
	if got := run(t, "dev").ByType("aws:rds/clusterEndpoint:ClusterEndpoint"); len(got) != 0 {
		t.Errorf("dev has no BI replica, so no custom endpoints; got %d", len(got))
	}
}

func TestClusterParameterGroupRequiresTLSAndAudits(t *testing.T) {
	params := map[string]string{}
	raw, _ := one(t, run(t, "prod"), "aws:rds/clusterParameterGroup:ClusterParameterGroup", "aurora-params").Get("parameters")
	for _, p := range raw.([]any) {
		m := p.(map[string]any)
		params[m["name"].(string)] = m["value"].(string)
	}
	for name, want := range map[string]string{
		"require_secure_transport": "ON", "tls_version": "TLSv1.2,TLSv1.3", "server_audit_logging": "1", "general_log": "0",
	} {
		if params[name] != want {
			t.Errorf("parameter %s = %q, want %q", name, params[name], want)
		}
	}
}

func TestDatabaseSecurityGroupsAdmitOnlyNamedGroups(t *testing.T) {
	r := run(t, "prod")
	for _, rule := range r.ByType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule") {
		if _, ok := rule.Get("cidrIpv4"); ok {
			t.Errorf("%s admits a CIDR; database rules must reference groups", rule.Name)
		}
		expect(t, rule, map[string]any{"fromPort": 3306.0, "toPort": 3306.0, "ipProtocol": "tcp"})
	}
	sources := map[string]string{}
	for _, rule := range r.ByType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule") {
		target, _ := rule.Get("securityGroupId")
		source, _ := rule.Get("referencedSecurityGroupId")
		sources[target.(string)] = source.(string)
	}
	want := map[string]string{"aurora-cluster-id": "aurora-proxy-id", "aurora-proxy-id": "aurora-clients-id"}
	if !reflect.DeepEqual(sources, want) {
		t.Errorf("ingress target->source = %v, want %v", sources, want)
	}
}

func TestRDSProxyRequiresTLSAndIAM(t *testing.T) {
	expect(t, one(t, run(t, "prod"), "aws:rds/proxy:Proxy", "aurora-proxy"), map[string]any{
		"requireTls":          true,
		"engineFamily":        "MYSQL",
		"auths[0].iamAuth":    "REQUIRED",
		"auths[0].authScheme": "SECRETS",
		"auths[0].secretArn":  "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-carestack-prod",
		"vpcSubnetIds":        []any{"subnet-private-1", "subnet-private-2"},
	})
}

func TestBackupVaultLockAndSelection(t *testing.T) {
	tests := []struct {
		stack    string
		lockDays any
	}{{"prod", 35.0}, {"dev", nil}}
	for _, tt := range tests {
		t.Run(tt.stack, func(t *testing.T) {
			r := run(t, tt.stack)
			expect(t, one(t, r, "aws:backup/vault:Vault", "aurora-backup"), map[string]any{"kmsKeyArn": backupsKey})
			expect(t, one(t, r, "aws:backup/selection:Selection", "aurora-backup"), map[string]any{
				"resources": []any{"arn:aws:rds:us-east-1:123456789012:rds/aurora"},
			})
			lock, ok := r.Named("aws:backup/vaultLockConfiguration:VaultLockConfiguration", "aurora-backup-lock")
			if tt.lockDays == nil {
				if ok {
					t.Error("vault lock present, want none")
				}
				return
			}
			expect(t, lock, map[string]any{"minRetentionDays": tt.lockDays})
		})
	}
}

// Prod copies every database recovery point to a locked vault in the DR
// region, under the DR region's backups key; dev has no DR region and so no
// copy (AVL-04 reports that as advisory there).
func TestProdCopiesDatabaseBackupsToTheDRRegion(t *testing.T) {
	r := run(t, "prod")
	drVault := one(t, r, "aws:backup/vault:Vault", "aurora-backup-dr")
	expect(t, drVault, map[string]any{
		"name":                    "carestack-prod-dr",
		"kmsKeyArn":               "arn:aws:kms:us-west-2:123456789012:kms/dr-keys-backups",
		"tags.DataClassification": "PHI",
	})
	if !drVault.Protect {
		t.Error("the DR backup vault is not protected")
	}
	expect(t, one(t, r, "aws:backup/vaultLockConfiguration:VaultLockConfiguration", "aurora-backup-dr-lock"), map[string]any{
		"backupVaultName":  "carestack-prod-dr",
		"minRetentionDays": 35.0,
	})
	expect(t, one(t, r, "aws:backup/plan:Plan", "aurora-backup"), map[string]any{
		"rules[0].copyActions": []any{map[string]any{
			"destinationVaultArn": "arn:aws:backup:us-west-2:123456789012:backup/aurora-backup-dr",
			"lifecycle":           map[string]any{"deleteAfter": 35.0},
		}},
	})

	dev := run(t, "dev")
	if _, ok := dev.Named("aws:backup/vault:Vault", "aurora-backup-dr"); ok {
		t.Error("dev has a DR backup vault, but no DR region")
	}
	if got, ok := one(t, dev, "aws:backup/plan:Plan", "aurora-backup").Get("rules[0].copyActions"); ok && got != nil {
		t.Errorf("dev copies backups to %v, want no copy", got)
	}
}

func TestEveryBucketIsPrivateEncryptedVersionedAndTLSOnly(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		r := run(t, stack)
		buckets := r.ByType("aws:s3/bucketV2:BucketV2")
		var names []string
		for _, b := range buckets {
			names = append(names, b.Name)
		}
		sort.Strings(names)
		want := []string{"audit-access-logs", "audit-trail", "data-visit-documents", "site-caregiver-portal"}
		if stack == "prod" {
			want = []string{"audit-access-logs", "audit-trail", "data-visit-documents", "data-visit-documents-replica", "dr-access-logs", "site-caregiver-portal"}
		}
		if !reflect.DeepEqual(names, want) {
			t.Fatalf("%s: buckets %v, want %v", stack, names, want)
		}
		for _, b := range buckets {
			n := b.Name
			// The log bucket and public site content use SSE-S3 (ALB log
			// delivery and public data); everything else a customer key.
			alg := "AES256"
			keys := map[string]string{"audit-trail": logsKey, "data-visit-documents": dataKey, "data-visit-documents-replica": drDataKey}
			if key := keys[n]; key != "" {
				alg = "aws:kms"
				expect(t, one(t, r, "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2", n+"-sse"),
					map[string]any{"rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId": key, "rules[0].bucketKeyEnabled": true})
			}
			expect(t, one(t, r, "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2", n+"-sse"),
				map[string]any{"bucket": n, "rules[0].applyServerSideEncryptionByDefault.sseAlgorithm": alg})
			expect(t, one(t, r, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", n+"-pab"), map[string]any{
				"bucket": n, "blockPublicAcls": true, "blockPublicPolicy": true, "ignorePublicAcls": true, "restrictPublicBuckets": true,
			})
			expect(t, one(t, r, "aws:s3/bucketOwnershipControls:BucketOwnershipControls", n+"-ownership"),
				map[string]any{"rule.objectOwnership": "BucketOwnerEnforced"})
			expect(t, one(t, r, "aws:s3/bucketVersioningV2:BucketVersioningV2", n+"-versioning"),
				map[string]any{"versioningConfiguration.status": "Enabled"})
			policy, _ := one(t, r, "aws:s3/bucketPolicy:BucketPolicy", n+"-policy").Get("policy")
			var doc struct{ Statement []map[string]any }
			if err := json.Unmarshal([]byte(policy.(string)), &doc); err != nil {
				t.Fatalf("%s policy: %v", n, err)
			}
			deny := doc.Statement[0]
			if deny["Effect"] != "Deny" || !reflect.DeepEqual(deny["Resource"], []any{"arn:aws:s3:::" + n, "arn:aws:s3:::" + n + "/*"}) ||
				!reflect.DeepEqual(deny["Condition"], map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}}) {
				t.Errorf("%s: first statement %v is not the TLS-only deny", n, deny)
			}
		}
		expect(t, one(t, r, "aws:s3/bucketLoggingV2:BucketLoggingV2", "audit-trail-logging"),
			map[string]any{"targetBucket": "audit-access-logs", "targetPrefix": "s3/audit-trail/"})
		if _, ok := r.Named("aws:s3/bucketLoggingV2:BucketLoggingV2", "audit-access-logs-logging"); ok {
			t.Errorf("%s: the access-log bucket logs into itself", stack)
		}
	}
}

func TestAuditBucketObjectLockOnlyWhereConfigured(t *testing.T) {
	prod := run(t, "prod")
	expect(t, one(t, prod, "aws:s3/bucketV2:BucketV2", "audit-trail"), map[string]any{"objectLockEnabled": true})
	expect(t, one(t, prod, "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2", "audit-trail-objectlock"),
		map[string]any{"rule.defaultRetention.mode": "COMPLIANCE", "rule.defaultRetention.days": 2192.0})
	dev := run(t, "dev")
	expect(t, one(t, dev, "aws:s3/bucketV2:BucketV2", "audit-trail"), map[string]any{"objectLockEnabled": false})
	if got := dev.ByType("aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2"); len(got) != 0 {
		t.Errorf("dev: %d object lock configs, want 0", len(got))
	}
}

func TestKMSKeysRotateYearlyWithThirtyDayDeletionWindow(t *testing.T) {
	r := run(t, "prod")
	keys := r.ByType("aws:kms/key:Key")
	var names []string
	for _, k := range keys {
		names = append(names, k.Name)
		expect(t, k, map[string]any{"enableKeyRotation": true, "rotationPeriodInDays": 365.0, "deletionWindowInDays": 30.0})
		if !k.Protect {
			t.Errorf("%s: prod keys must be protected", k.Name)
		}
		policy, _ := k.Get("policy")
		if strings.Contains(policy.(string), `"Principal":"*"`) {
			t.Errorf("%s: key policy names Principal *", k.Name)
		}
	}
	sort.Strings(names)
	if want := []string{"dr-keys-backups", "dr-keys-data", "keys-backups", "keys-confidential", "keys-data", "keys-internal", "keys-logs", "keys-messaging"}; !reflect.DeepEqual(names, want) {
		t.Errorf("keys = %v, want %v", names, want)
	}
}

func TestCloudTrailIsMultiRegionValidatedAndEncrypted(t *testing.T) {
	expect(t, one(t, run(t, "prod"), "aws:cloudtrail/trail:Trail", "audit"), map[string]any{
		"name":                       "carestack-prod",
		"isMultiRegionTrail":         true,
		"includeGlobalServiceEvents": true,
		"enableLogFileValidation":    true,
		"enableLogging":              true,
		"kmsKeyId":                   logsKey,
		"s3BucketName":               "audit-trail",
		"cloudWatchLogsGroupArn":     "arn:aws:logs:us-east-1:123456789012:log-group:/carestack/prod/cloudtrail:*",
	})
}

func TestNetworkLayoutFollowsStackConfig(t *testing.T) {
	tests := []struct {
		stack string
		azs   []any
		nat   string
		masks []any
	}{
		{"prod", []any{"us-east-1a", "us-east-1b", "us-east-1c"}, "OnePerAz", []any{21.0, 19.0, 21.0}},
		{"dev", []any{"us-east-1a", "us-east-1b"}, "Single", []any{20.0, 18.0, 20.0}},
	}
	for _, tt := range tests {
		t.Run(tt.stack, func(t *testing.T) {
			r := run(t, tt.stack)
			vpc := one(t, r, "awsx:ec2:Vpc", "network")
			expect(t, vpc, map[string]any{
				"availabilityZoneNames":   tt.azs,
				"natGateways.strategy":    tt.nat,
				"subnetStrategy":          "Auto",
				"subnetSpecs[0].type":     "Public",
				"subnetSpecs[1].type":     "Private",
				"subnetSpecs[2].type":     "Isolated",
				"subnetSpecs[0].cidrMask": tt.masks[0],
				"subnetSpecs[1].cidrMask": tt.masks[1],
				"subnetSpecs[2].cidrMask": tt.masks[2],
			})
			expect(t, one(t, r, "aws:ec2/flowLog:FlowLog", "network-flow-log"), map[string]any{
				"vpcId": "vpc-network", "trafficType": "ALL", "logDestinationType": "cloud-watch-logs",
			})
			expect(t, one(t, r, "aws:cloudwatch/logGroup:LogGroup", "network-flow-logs"), map[string]any{"kmsKeyId": logsKey})
			expect(t, one(t, r, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "network-default-sg"), map[string]any{
				"vpcId": "vpc-network", "ingress": []any{}, "egress": []any{},
			})
			expect(t, one(t, r, "aws:ec2/vpcEndpoint:VpcEndpoint", "network-s3"), map[string]any{
				"vpcEndpointType": "Gateway", "routeTableIds": []any{"rtb-public", "rtb-private-1", "rtb-isolated-1"},
			})
			var services []string
			for _, ep := range r.ByType("aws:ec2/vpcEndpoint:VpcEndpoint") {
				if typ, _ := ep.Get("vpcEndpointType"); typ == "Interface" {
					svc, _ := ep.Get("serviceName")
					services = append(services, strings.TrimPrefix(svc.(string), "com.amazonaws.us-east-1."))
					expect(t, ep, map[string]any{"privateDnsEnabled": true, "subnetIds": []any{"subnet-private-1", "subnet-private-2"}})
				}
			}
			sort.Strings(services)
			if want := []string{"ecr.api", "ecr.dkr", "kms", "logs", "secretsmanager", "sns", "sts"}; !reflect.DeepEqual(services, want) {
				t.Errorf("interface endpoints = %v, want %v", services, want)
			}
			expect(t, one(t, r, "aws:rds/subnetGroup:SubnetGroup", "network-db"), map[string]any{
				"subnetIds": []any{"subnet-isolated-1", "subnet-isolated-2"},
			})
		})
	}
}

func TestEveryLogGroupIsEncryptedWithRetention(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		r := run(t, stack)
		want := map[string]float64{"dev": 90, "prod": 2192}[stack]
		for _, g := range r.ByType("aws:cloudwatch/logGroup:LogGroup") {
			expect(t, g, map[string]any{"kmsKeyId": logsKey, "retentionInDays": want})
		}
	}
}

func TestProdPHIBucketsReplicateToTheDRRegionWithItsKey(t *testing.T) {
	r := run(t, "prod")
	repl := one(t, r, "aws:s3/bucketReplicationConfig:BucketReplicationConfig", "data-visit-documents-replication")
	expect(t, repl, map[string]any{
		"bucket":          "data-visit-documents",
		"role":            "arn:aws:iam::123456789012:role/data-visit-documents-replication",
		"rules[0].status": "Enabled",
		"rules[0].deleteMarkerReplication.status":                        "Enabled",
		"rules[0].sourceSelectionCriteria.sseKmsEncryptedObjects.status": "Enabled",
		"rules[0].destination.bucket":                                    "arn:aws:s3:::data-visit-documents-replica",
		"rules[0].destination.encryptionConfiguration.replicaKmsKeyId":   drDataKey,
	})
	replica := one(t, r, "aws:s3/bucketV2:BucketV2", "data-visit-documents-replica")
	expect(t, replica, map[string]any{"tags.DataClassification": "PHI", "tags.ReplicaOf": "data-visit-documents", "bucketPrefix": "carestack-prod-phi-visit-documents-"})
	expect(t, one(t, r, "aws:s3/bucketLoggingV2:BucketLoggingV2", "data-visit-documents-replica-logging"), map[string]any{"targetBucket": "dr-access-logs"})
	policy, _ := one(t, r, "aws:iam/rolePolicy:RolePolicy", "data-visit-documents-replication").Get("policy")
	for _, want := range []string{`"Resource":"arn:aws:s3:::data-visit-documents-replica/*"`, `"Resource":"arn:aws:s3:::data-visit-documents/*"`,
		`{"Action":"kms:Decrypt","Condition":{"StringEquals":{"kms:ViaService":"s3.us-east-1.amazonaws.com"},"StringLike":{"kms:EncryptionContext:aws:s3:arn":["arn:aws:s3:::data-visit-documents","arn:aws:s3:::data-visit-documents/*"]}},"Effect":"Allow","Resource":"` + dataKey + `"}`,
		`{"Action":["kms:Encrypt","kms:GenerateDataKey"],"Condition":{"StringEquals":{"kms:ViaService":"s3.us-west-2.amazonaws.com"},"StringLike":{"kms:EncryptionContext:aws:s3:arn":["arn:aws:s3:::data-visit-documents-replica","arn:aws:s3:::data-visit-documents-replica/*"]}},"Effect":"Allow","Resource":"` + drDataKey + `"}`} {
		if !strings.Contains(policy.(string), want) {
			t.Errorf("replication role policy lacks %s: %s", want, policy)
		}
	}
	if strings.Contains(policy.(string), `"Resource":"*"`) {
		t.Errorf("replication role policy grants *: %s", policy)
	}
	if got := run(t, "dev").ByType("aws:s3/bucketReplicationConfig:BucketReplicationConfig"); len(got) != 0 {
		t.Errorf("dev has no DR region, so no replication; got %d", len(got))
	}
}
