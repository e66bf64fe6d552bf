package rules

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// unknown marks a value that is computed at preview.
var unknown = struct{ u int }{}

// secretOf marks a secret value.
type secretOf struct{ v any }

func val(v any) property.Value {
	switch v := v.(type) {
	case nil:
		return property.New(property.Null)
	case struct{ u int }:
		return property.New(property.Computed)
	case secretOf:
		return val(v.v).WithSecret(true)
	case bool:
		return property.New(v)
	case int:
		return property.New(float64(v))
	case float64:
		return property.New(v)
	case string:
		return property.New(v)
	case []any:
		arr := make([]property.Value, len(v))
		for i, e := range v {
			arr[i] = val(e)
		}
		return property.New(arr)
	case []string:
		arr := make([]property.Value, len(v))
		for i, e := range v {
			arr[i] = property.New(e)
		}
		return property.New(arr)
	case map[string]any:
		m := map[string]property.Value{}
		for k, e := range v {
			m[k] = val(e)
		}
		return property.New(m)
	}
	panic(fmt.Sprintf("fixture: unsupported %T", v))
}

type M = map[string]any

func res(typ string, props M) Resource {
	name := strings.ToLower(strings.Split(typ, ":")[2])
	return Resource{Type: typ, Name: name, URN: "urn:pulumi:prod::carestack::" + typ + "::" + name, Props: val(props).AsMap()}
}

// violations returns the sorted rule names a resource violates, over every
// resource rule, and whether any check deferred.
func verdict(t *testing.T, rule string, r Resource) (violated, deferred bool, msgs []string) {
	t.Helper()
	rl := ByName(rule)
	if rl == nil {
		t.Fatalf("no rule %s", rule)
	}
	var fs []Finding
	if rl.checkStack != nil {
		// A stack rule judged on a stack of this one resource.
		fs = RunStack(rl, NewStack([]Resource{r}), nil)
	} else {
		fs = RunResource(rl, &r, nil)
	}
	for _, f := range fs {
		if strings.Contains(f.Message, "could not evaluate") {
			t.Fatalf("%s panicked: %s", rule, f.Message)
		}
		if f.Outcome == Violation {
			violated = true
			msgs = append(msgs, f.Message)
		} else {
			deferred = true
		}
	}
	return violated, deferred, msgs
}

type ruleCase struct {
	rule                         string
	typ                          string
	compliant, violating, unsure M
}

var resourceCases = []ruleCase{
	{"kms-decrypt-scoped", iamGroupPolicy,
		M{"policy": `{"Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"kms:ViaService":"secretsmanager.us-east-1.amazonaws.com"}}}]}`},
		M{"policy": `{"Statement":[{"Effect":"Allow","Action":["kms:Decrypt","kms:GenerateDataKey"],"Resource":"*"}]}`}, M{"policy": unknown}},
	{"aurora-storage-encrypted-cmk", RDSCluster, M{"storageEncrypted": true, "kmsKeyId": "arn:k"}, M{"storageEncrypted": false, "kmsKeyId": "arn:k"}, M{"storageEncrypted": unknown, "kmsKeyId": unknown}},
	{"aurora-pi-cmk", RDSClusterInstance, M{"performanceInsightsEnabled": true, "performanceInsightsKmsKeyId": "arn:k"}, M{"performanceInsightsEnabled": true}, M{"performanceInsightsEnabled": unknown}},
	{"sns-kms", SNSTopic, M{"kmsMasterKeyId": "arn:k"}, M{"kmsMasterKeyId": "alias/aws/sns", "tags": M{"DataClassification": "PHI"}}, M{"kmsMasterKeyId": unknown}},
	{"log-group-kms", LogGroup, M{"kmsKeyId": "arn:k"}, M{"retentionInDays": 365}, M{"kmsKeyId": unknown}},
	{"secret-cmk", Secret, M{"kmsKeyId": "arn:k", "replicas": []any{M{"kmsKeyId": "arn:r"}}}, M{"kmsKeyId": "arn:k", "replicas": []any{M{"region": "us-west-2"}}}, M{"kmsKeyId": "arn:k", "replicas": unknown}},
	{"dms-kms", DMSReplicationInstance, M{"kmsKeyArn": "arn:k"}, M{}, M{"kmsKeyArn": unknown}},
	{"backup-vault-cmk", BackupVault, M{"kmsKeyArn": "arn:k"}, M{"name": "v"}, M{"kmsKeyArn": unknown}},
	{"kms-rotation", KMSKey, M{"enableKeyRotation": true, "rotationPeriodInDays": 365}, M{"enableKeyRotation": true, "rotationPeriodInDays": 730}, M{"enableKeyRotation": unknown}},
	{"kms-key-safety", KMSKey, M{"deletionWindowInDays": 30, "policy": `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::1:root"},"Action":"kms:*","Resource":"*"}]}`},
		M{"deletionWindowInDays": 7}, M{"deletionWindowInDays": 30, "policy": unknown}},
	{"alb-https-or-redirect", LBListener, M{"protocol": "HTTP", "defaultActions": []any{M{"type": "redirect", "redirect": M{"protocol": "HTTPS", "statusCode": "HTTP_301"}}}},
		M{"protocol": "HTTP", "defaultActions": []any{M{"type": "forward", "targetGroupArn": "arn:tg"}}}, M{"protocol": unknown}},
	{"alb-tls-policy-and-acm", ALBListener, M{"protocol": "HTTPS", "sslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06", "certificateArn": "arn:aws:acm:us-east-1:1:certificate/x"},
		M{"protocol": "HTTPS", "certificateArn": "arn:aws:acm:us-east-1:1:certificate/x"}, M{"protocol": "HTTPS", "sslPolicy": unknown, "certificateArn": unknown}},
	{"alb-header-hygiene", LBLoadBalancer, M{"dropInvalidHeaderFields": true, "desyncMitigationMode": "strictest"}, M{"dropInvalidHeaderFields": true, "desyncMitigationMode": "monitor"}, M{"dropInvalidHeaderFields": unknown}},
	{"cf-viewer-https", CloudFrontDist, M{"defaultCacheBehavior": M{"viewerProtocolPolicy": "redirect-to-https"}}, M{"defaultCacheBehavior": M{"viewerProtocolPolicy": "allow-all"}}, M{"defaultCacheBehavior": unknown}},
	{"cf-min-tls", CloudFrontDist, M{"viewerCertificate": M{"acmCertificateArn": "arn:aws:acm:us-east-1:1:certificate/x", "sslSupportMethod": "sni-only", "minimumProtocolVersion": "TLSv1.2_2021"}},
		M{"viewerCertificate": M{"cloudfrontDefaultCertificate": true}}, M{"viewerCertificate": M{"acmCertificateArn": unknown, "sslSupportMethod": "sni-only", "minimumProtocolVersion": unknown}}},
	{"cf-origin-tls-and-oac", CloudFrontDist, M{"origins": []any{M{"domainName": "b.s3.us-east-1.amazonaws.com", "originAccessControlId": "oac"}}},
		M{"origins": []any{M{"domainName": "api.example.org", "customOriginConfig": M{"originProtocolPolicy": "http-only", "originSslProtocols": []any{"TLSv1"}}}}}, M{"origins": unknown}},
	{"dms-endpoint-ssl", DMSEndpoint, M{"sslMode": "verify-full"}, M{"sslMode": "none"}, M{"sslMode": unknown}},
	{"no-iam-users", IAMUser, nil, M{"name": "alice"}, M{"name": unknown}},
	{"no-user-attached-policies", IAMPolicyAttachment, M{"roles": []any{"r"}}, M{"users": []any{"alice"}}, M{"users": unknown}},
	{"no-admin-or-wildcard-statements", IAMRolePolicy, M{"policy": `{"Statement":[{"Effect":"Allow","Action":"sns:Publish","Resource":"arn:aws:sns:us-east-1:1:t"}]}`},
		M{"policy": `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`}, M{"policy": unknown}},
	{"no-broad-managed-policies", IAMRolePolicyAttach, M{"policyArn": "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"},
		M{"policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}, M{"policyArn": unknown}},
	{"trust-policy-restricted", IAMRole, M{"assumeRolePolicy": `{"Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceAccount":"1"}}}]}`},
		M{"assumeRolePolicy": `{"Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}`}, M{"assumeRolePolicy": unknown}},
	{"no-plaintext-secrets-in-taskdef", ECSTaskDefinition, M{"containerDefinitions": `[{"name":"app","environment":[{"name":"LOG_LEVEL","value":"info"}],"secrets":[{"name":"DB_PASSWORD","valueFrom":"arn:s"}]}]`},
		M{"containerDefinitions": `[{"name":"app","environment":[{"name":"DB_PASSWORD","value":"hunter2"}]}]`}, M{"containerDefinitions": unknown}},
	{"managed-db-credentials", RDSCluster, M{"manageMasterUserPassword": true, "masterUserSecretKmsKeyId": "arn:k", "iamDatabaseAuthenticationEnabled": true},
		M{"masterPassword": secretOf{"hunter2"}, "iamDatabaseAuthenticationEnabled": true}, M{"manageMasterUserPassword": unknown, "masterUserSecretKmsKeyId": unknown, "iamDatabaseAuthenticationEnabled": true}},
	{"container-hardening", ECSTaskDefinition, M{"networkMode": "awsvpc", "containerDefinitions": `[{"name":"app","readonlyRootFilesystem":true,"user":"10001","privileged":false}]`},
		M{"networkMode": "awsvpc", "containerDefinitions": `[{"name":"app","privileged":true,"user":"10001","readonlyRootFilesystem":true}]`}, M{"networkMode": "awsvpc", "containerDefinitions": unknown}},
	{"resource-policies-not-public", S3BucketPolicy, M{"policy": `{"Statement":[{"Effect":"Allow","Principal":{"Service":"cloudfront.amazonaws.com"},"Action":"s3:GetObject","Resource":"arn:b/*","Condition":{"StringEquals":{"AWS:SourceArn":"arn:d"}}}]}`},
		M{"policy": `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:b/*"}]}`}, M{"policy": unknown}},
	{"no-world-ingress-except-public-alb", SecurityGroup, M{"ingress": []any{M{"protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrBlocks": []any{"0.0.0.0/0"}}}, "tags": M{"Exposure": "public-alb"}},
		M{"ingress": []any{M{"protocol": "-1", "fromPort": 0, "toPort": 0, "cidrBlocks": []any{"0.0.0.0/0"}}}}, M{"ingress": []any{M{"protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": unknown}}}},
	{"db-instances-private", RDSClusterInstance, M{"publiclyAccessible": false}, M{"publiclyAccessible": true}, M{"publiclyAccessible": unknown}},
	{"ecs-tasks-private", ECSService, M{"networkConfiguration": M{"assignPublicIp": false}}, M{"networkConfiguration": M{"assignPublicIp": true}}, M{"networkConfiguration": M{"assignPublicIp": unknown}}},
	{"public-tier-confined", Subnet, M{"mapPublicIpOnLaunch": true, "tags": M{"Tier": "public"}}, M{"mapPublicIpOnLaunch": true, "tags": M{"Tier": "private"}}, M{"mapPublicIpOnLaunch": unknown}},
	{"dms-private", DMSReplicationInstance, M{"publiclyAccessible": false, "replicationSubnetGroupId": "g"}, M{"replicationSubnetGroupId": "g"}, M{"publiclyAccessible": unknown, "replicationSubnetGroupId": unknown}},
	{"aurora-backup-retention", RDSCluster, M{"backupRetentionPeriod": 35, "preferredBackupWindow": "07:00-08:00"}, M{"backupRetentionPeriod": 1, "preferredBackupWindow": "07:00-08:00"}, M{"backupRetentionPeriod": unknown, "preferredBackupWindow": "07:00-08:00"}},
	{"ecs-service-ha", ECSService, M{"desiredCount": 2, "deploymentCircuitBreaker": M{"enable": true, "rollback": true}, "launchType": "FARGATE"},
		M{"desiredCount": 1, "deploymentCircuitBreaker": M{"enable": true}, "launchType": "FARGATE"}, M{"desiredCount": unknown, "deploymentCircuitBreaker": M{"enable": true}, "launchType": "FARGATE"}},
	{"auto-patching", DMSReplicationInstance, M{"autoMinorVersionUpgrade": true, "multiAz": true}, M{"autoMinorVersionUpgrade": false, "multiAz": true}, M{"autoMinorVersionUpgrade": unknown, "multiAz": true}},
	{"ecr-hardening", ECRRepository, M{"imageScanningConfiguration": M{"scanOnPush": true}, "imageTagMutability": "IMMUTABLE", "encryptionConfigurations": []any{M{"encryptionType": "KMS"}}},
		M{"imageScanningConfiguration": M{"scanOnPush": true}, "imageTagMutability": "MUTABLE", "encryptionConfigurations": []any{M{"encryptionType": "KMS"}}},
		M{"imageScanningConfiguration": M{"scanOnPush": true}, "imageTagMutability": unknown, "encryptionConfigurations": []any{M{"encryptionType": "KMS"}}}},
	{"aurora-observability", RDSCluster, M{"enabledCloudwatchLogsExports": []any{"audit", "error", "slowquery"}}, M{"enabledCloudwatchLogsExports": []any{"error"}}, M{"enabledCloudwatchLogsExports": unknown}},
	{"alb-access-logs", LBLoadBalancer, M{"accessLogs": M{"enabled": true, "bucket": "logs"}}, M{"accessLogs": M{"enabled": false, "bucket": "logs"}}, M{"accessLogs": M{"enabled": unknown, "bucket": unknown}}},
	{"log-retention", LogGroup, M{"retentionInDays": 365}, M{"retentionInDays": 30}, M{"retentionInDays": unknown}},
	{"workload-logging", ECSTaskDefinition, M{"containerDefinitions": `[{"name":"app","logConfiguration":{"logDriver":"awslogs"}}]`}, M{"containerDefinitions": `[{"name":"app"}]`}, M{"containerDefinitions": unknown}},
	{"ecs-cluster-monitoring", ECSCluster, M{"settings": []any{M{"name": "containerInsights", "value": "enabled"}}}, M{"settings": []any{M{"name": "containerInsights", "value": "disabled"}}}, M{"settings": unknown}},
	{"cloudtrail-baseline", CloudTrail, M{"isMultiRegionTrail": true, "enableLogFileValidation": true, "includeGlobalServiceEvents": true, "cloudWatchLogsGroupArn": "arn:g", "kmsKeyId": "arn:k"},
		M{"isMultiRegionTrail": false, "enableLogFileValidation": true, "includeGlobalServiceEvents": true, "cloudWatchLogsGroupArn": "arn:g", "kmsKeyId": "arn:k"},
		M{"isMultiRegionTrail": unknown, "enableLogFileValidation": true, "includeGlobalServiceEvents": true, "cloudWatchLogsGroupArn": unknown, "kmsKeyId": unknown}},
	{"aurora-deletion-safety", RDSCluster, M{"deletionProtection": true, "finalSnapshotIdentifier": "f", "copyTagsToSnapshot": true},
		M{"deletionProtection": true, "skipFinalSnapshot": true, "copyTagsToSnapshot": true}, M{"deletionProtection": unknown, "finalSnapshotIdentifier": unknown, "copyTagsToSnapshot": true}},
	{"alb-deletion-protection", ALBLoadBalancer, M{"enableDeletionProtection": true}, M{}, M{"enableDeletionProtection": unknown}},
	{"no-destroy-paths", ECRRepository, M{"forceDelete": false}, M{"forceDelete": true}, M{"forceDelete": unknown}},
	{"required-tags", SNSTopic, M{"tags": M{"DataClassification": "PHI", "Owner": "o", "Environment": "prod", "Service": "s"}},
		M{"tags": M{"DataClassification": "Secret-ish", "Owner": "o", "Environment": "prod", "Service": "s"}}, M{"tags": unknown}},
}

// presenceOnly rules only ask that a value be set; a computed value is set.
var presenceOnly = map[string]bool{"sns-kms": true, "log-group-kms": true, "dms-kms": true, "backup-vault-cmk": true}

func TestResourceRulesCompliantViolatingAndUnknown(t *testing.T) {
	for _, tc := range resourceCases {
		t.Run(tc.rule, func(t *testing.T) {
			if tc.compliant != nil {
				if v, d, msgs := verdict(t, tc.rule, res(tc.typ, tc.compliant)); v || d {
					t.Errorf("compliant: violated=%v deferred=%v %v", v, d, msgs)
				}
			}
			v, _, msgs := verdict(t, tc.rule, res(tc.typ, tc.violating))
			if !v {
				t.Errorf("violating: no violation")
			}
			for _, m := range msgs {
				r := ByName(tc.rule)
				if !strings.Contains(m, r.Controls()) || !strings.HasPrefix(m, tc.typ+" ") {
					t.Errorf("message %q lacks the resource or the controls %s", m, r.Controls())
				}
			}
			v, d, msgs := verdict(t, tc.rule, res(tc.typ, tc.unsure))
			switch {
			case presenceOnly[tc.rule] && (v || d):
				t.Errorf("unknown at preview: violated=%v deferred=%v %v; a presence check counts a computed value as present", v, d, msgs)
			case !presenceOnly[tc.rule] && (v || !d):
				t.Errorf("unknown at preview: violated=%v deferred=%v %v, want a deferral and no violation", v, d, msgs)
			}
		})
	}
}

func TestEveryResourceRuleHasACase(t *testing.T) {
	covered := map[string]bool{}
	for _, tc := range resourceCases {
		covered[tc.rule] = true
	}
	covered["no-access-keys"] = true // no compliant form; see TestAccessKeyAlwaysFails
	for rule := range violatingCases {
		covered[rule] = true // another catalog file's table (secrets_test.go)
	}
	var missing []string
	for _, r := range Catalog {
		if r.Scope == ScopeResource && !covered[r.Name] {
			missing = append(missing, r.Name)
		}
	}
	if len(missing) > 0 {
		t.Errorf("resource rules without a compliant/violating/unknown case: %v", missing)
	}
}

func TestAccessKeyAlwaysFailsAndNeverEchoesTheSecret(t *testing.T) {
	v, _, msgs := verdict(t, "no-access-keys", res(IAMAccessKey, M{"user": "ci", "secret": secretOf{"wJalrXUtnFEMI/K7MDENG"}}))
	if !v || strings.Contains(strings.Join(msgs, " "), "wJalr") {
		t.Errorf("violated=%v msgs=%v", v, msgs)
	}
}

func TestSecretsNeverAppearInMessages(t *testing.T) {
	tests := []struct {
		rule string
		r    Resource
	}{
		{"managed-db-credentials", res(RDSCluster, M{"masterPassword": secretOf{"hunter2-secret"}})},
		{"no-plaintext-secrets-in-taskdef", res(ECSTaskDefinition, M{"containerDefinitions": secretOf{`[{"name":"app","environment":[{"name":"API_KEY","value":"hunter2-secret"}]}]`}})},
		{"required-tags", res(SNSTopic, M{"tags": M{"DataClassification": secretOf{"hunter2-secret"}}})},
	}
	for _, tt := range tests {
		v, _, msgs := verdict(t, tt.rule, tt.r)
		if !v {
			t.Errorf("%s: want a violation", tt.rule)
		}
		if joined := strings.Join(msgs, " "); strings.Contains(joined, "hunter2") {
			t.Errorf("%s echoed a secret: %s", tt.rule, joined)
		}
	}
}

func TestWrongShapesAreViolationsNamingTheProperty(t *testing.T) {
	tests := []struct {
		rule, typ, prop string
		props           M
	}{
		{"aurora-storage-encrypted-cmk", RDSCluster, "storageEncrypted", M{"storageEncrypted": M{"nested": true}, "kmsKeyId": "k"}},
		{"alb-https-or-redirect", LBListener, "defaultActions", M{"protocol": "HTTP", "defaultActions": "redirect"}},
		{"no-admin-or-wildcard-statements", IAMPolicy, "policy", M{"policy": "{not json"}},
		{"log-retention", LogGroup, "retentionInDays", M{"retentionInDays": []any{1}}},
		{"no-world-ingress-except-public-alb", SecurityGroup, "ingress", M{"ingress": "0.0.0.0/0"}},
	}
	for _, tt := range tests {
		v, _, msgs := verdict(t, tt.rule, res(tt.typ, tt.props))
		if !v || !strings.Contains(strings.Join(msgs, " "), tt.prop) {
			t.Errorf("%s: violated=%v, messages %v should name %s", tt.rule, v, msgs, tt.prop)
		}
	}
}

// stack builds resources with property dependencies: deps maps a resource
// index to prop -> indexes it depends on.
func stack(rs []Resource, deps map[int]map[string][]int) []Resource {
	for i, d := range deps {
		rs[i].PropertyDependencies = map[string][]string{}
		for prop, js := range d {
			for _, j := range js {
				rs[i].PropertyDependencies[prop] = append(rs[i].PropertyDependencies[prop], rs[j].URN)
			}
		}
	}
	return rs
}

func named(r Resource, name string) Resource {
	r.Name = name
	r.URN = "urn:pulumi:prod::carestack::" + r.Type + "::" + name
	return r
}

func stackViolations(t *testing.T, rs []Resource) (map[string]bool, bool) {
	t.Helper()
	got := map[string]bool{}
	deferred := false
	s := NewStack(rs)
	for _, r := range Catalog {
		// Rules about the whole stack (a trail exists) are not about the
		// resources under test.
		if r.checkStack == nil || len(r.Types) == 0 {
			continue
		}
		for _, f := range RunStack(r, s, nil) {
			if strings.Contains(f.Message, "could not evaluate") {
				t.Fatalf("%s panicked: %s", r.Name, f.Message)
			}
			if f.Outcome == Violation {
				got[f.Rule] = true
			} else {
				deferred = true
			}
		}
	}
	return got, deferred
}

func TestStackRulesJoinBucketsToTheirSideBySideConfigs(t *testing.T) {
	bucket := func() Resource { return named(res(S3BucketV2, M{"tags": M{"DataClassification": "PHI"}}), "docs") }
	full := func(policy any) []Resource {
		return stack([]Resource{
			bucket(),
			named(res(S3SSEConfigV2, M{"bucket": "docs-id", "rules": []any{M{"applyServerSideEncryptionByDefault": M{"sseAlgorithm": "aws:kms", "kmsMasterKeyId": "arn:k"}, "bucketKeyEnabled": true}}}), "docs-sse"),
			named(res(S3PublicAccessBlock, M{"bucket": "docs-id", "blockPublicAcls": true, "blockPublicPolicy": true, "ignorePublicAcls": true, "restrictPublicBuckets": true}), "docs-pab"),
			named(res(S3OwnershipControls, M{"bucket": "docs-id", "rule": M{"objectOwnership": "BucketOwnerEnforced"}}), "docs-own"),
			named(res(S3VersioningV2, M{"bucket": "docs-id", "versioningConfiguration": M{"status": "Enabled"}}), "docs-ver"),
			named(res(S3BucketPolicy, M{"bucket": "docs-id", "policy": policy}), "docs-policy"),
			named(res(S3LoggingV2, M{"bucket": "docs-id", "targetBucket": "logs"}), "docs-logging"),
			named(res(S3ReplicationConfig, M{"bucket": "docs-id", "rules": []any{M{"status": "Enabled"}}}), "docs-repl"),
		}, map[int]map[string][]int{1: {"bucket": {0}}, 2: {"bucket": {0}}, 3: {"bucket": {0}}, 4: {"bucket": {0}}, 5: {"bucket": {0}}, 6: {"bucket": {0}}, 7: {"bucket": {0}}})
	}
	tlsDeny := `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:b","arn:b/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`

	got, _ := stackViolations(t, full(tlsDeny))
	if len(got) != 0 {
		t.Errorf("compliant bucket: violations %v", got)
	}
	got, deferred := stackViolations(t, full(unknown))
	if got["s3-deny-insecure-transport"] || !deferred {
		t.Errorf("unknown policy: violations %v deferred=%v, want a deferral", got, deferred)
	}
	bare := stack([]Resource{bucket()}, nil)
	got, _ = stackViolations(t, bare)
	// No ACL finding: a new bucket has ACLs disabled by default.
	want := []string{"s3-access-logging", "s3-deny-insecure-transport", "s3-public-access-block", "s3-replication-dr", "s3-sse-kms", "s3-versioning"}
	if keys := slices.Sorted(maps.Keys(got)); !reflect.DeepEqual(keys, want) {
		t.Errorf("bare PHI bucket violates %v, want %v", keys, want)
	}
}

func TestStackRulesJoinAuroraToParameterGroupInstancesAndBackups(t *testing.T) {
	build := func(tls string, instances int, selection bool) []Resource {
		rs := []Resource{
			named(res(RDSCluster, M{"engine": "aurora-mysql", "dbClusterParameterGroupName": "pg"}), "aurora"),
			named(res(RDSClusterParameterGroup, M{"name": "pg", "parameters": []any{M{"name": "require_secure_transport", "value": tls}}}), "pg"),
		}
		deps := map[int]map[string][]int{0: {"dbClusterParameterGroupName": {1}}}
		for i := 0; i < instances; i++ {
			rs = append(rs, named(res(RDSClusterInstance, M{"availabilityZone": fmt.Sprintf("us-east-1%c", 'a'+i)}), fmt.Sprintf("i%d", i)))
			deps[len(rs)-1] = map[string][]int{"clusterIdentifier": {0}}
		}
		if selection {
			rs = append(rs, named(res(BackupSelection, M{"resources": []any{"arn:c"}}), "sel"))
			deps[len(rs)-1] = map[string][]int{"resources": {0}}
		}
		return stack(rs, deps)
	}
	got, _ := stackViolations(t, build("ON", 2, true))
	if len(got) != 0 {
		t.Errorf("compliant cluster: %v", got)
	}
	got, _ = stackViolations(t, build("OFF", 1, false))
	if keys := slices.Sorted(maps.Keys(got)); !reflect.DeepEqual(keys, []string{"aurora-in-backup-plan", "aurora-multi-az", "aurora-require-tls"}) {
		t.Errorf("broken cluster violates %v", keys)
	}
	unsure := build("ON", 2, true)
	unsure[1].Props = val(M{"name": "pg", "parameters": unknown}).AsMap()
	got, deferred := stackViolations(t, unsure)
	if len(got) != 0 || !deferred {
		t.Errorf("unknown parameters: violations %v deferred=%v", got, deferred)
	}
}

func TestStackRulesSeeTheAwsxVpcChildThroughItsComponent(t *testing.T) {
	rs := []Resource{
		named(res("awsx:ec2:Vpc", M{}), "network"),
		named(res(VPC, M{"cidrBlock": "10.0.0.0/16"}), "network"),
		named(res(FlowLog, M{"vpcId": "vpc-1", "trafficType": "ALL"}), "flow"),
		named(res(DefaultSecurityGroup, M{"vpcId": "vpc-1", "ingress": []any{}, "egress": []any{}}), "default"),
	}
	rs[1].Parent = rs[0].URN
	rs = stack(rs, map[int]map[string][]int{2: {"vpcId": {0}}, 3: {"vpcId": {0}}})
	got, _ := stackViolations(t, rs)
	if got["vpc-flow-logs"] || got["default-sg-closed"] {
		t.Errorf("flow log and default group depend on the awsx component, so they count: %v", got)
	}
	got, _ = stackViolations(t, rs[:2])
	if !got["vpc-flow-logs"] || !got["default-sg-closed"] {
		t.Errorf("without them: %v, want vpc-flow-logs and default-sg-closed", got)
	}
}

func TestCloudFrontLoggingAcceptsLogDeliveryV2(t *testing.T) {
	dist := named(res(CloudFrontDist, M{}), "site")
	src := named(res(LogDeliverySource, M{"logType": "ACCESS_LOGS", "resourceArn": unknown}), "site-logs")
	got, _ := stackViolations(t, stack([]Resource{dist, src}, map[int]map[string][]int{1: {"resourceArn": {0}}}))
	if got["cloudfront-logging"] {
		t.Error("a log delivery source for the distribution (ARN unknown at preview) counts as logging")
	}
	got, _ = stackViolations(t, []Resource{dist})
	if !got["cloudfront-logging"] {
		t.Error("a distribution without logging passes")
	}
	legacy := named(res(CloudFrontDist, M{"loggingConfig": M{"bucket": "logs.s3.amazonaws.com"}}), "legacy")
	if got, _ = stackViolations(t, []Resource{legacy}); got["cloudfront-logging"] {
		t.Error("legacy loggingConfig.bucket counts as logging")
	}
}

func TestCoverageSummaryCountsDeferralsPerRule(t *testing.T) {
	fs := []Finding{
		{ID: "IAM-08", Outcome: Deferred, Message: "a"}, {ID: "ENC-10", Outcome: Deferred, Message: "b"},
		{ID: "IAM-08", Outcome: Deferred, Message: "c"}, {ID: "ENC-01", Outcome: Violation, Message: "v"},
	}
	want := "3 check(s) deferred to `pulumi up` (ENC-10 x1, IAM-08 x2). For example:\na\nb\nc"
	if got := CoverageSummary(fs); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := CoverageSummary(fs[3:]); got != "" {
		t.Errorf("no deferrals: got %q", got)
	}
}

func TestPackFlagsMigrationAndAlarmMisconfigurations(t *testing.T) {
	tests := []struct {
		rule string
		r    Resource
	}{
		{"dms-private", res(DMSReplicationInstance, M{"replicationSubnetGroupId": "g"})},
		{"dms-private", res(DMSReplicationInstance, M{"publiclyAccessible": true, "replicationSubnetGroupId": "g"})},
		{"dms-endpoint-ssl", res(DMSEndpoint, M{"sslMode": "none"})},
		{"managed-db-credentials", res(DMSEndpoint, M{"password": secretOf{"p"}, "secretsManagerArn": "arn:s", "secretsManagerAccessRoleArn": "arn:r"})},
	}
	for _, tt := range tests {
		if v, _, _ := verdict(t, tt.rule, tt.r); !v {
			t.Errorf("%s: %v passes", tt.rule, tt.r.Props)
		}
	}
	silent := named(res(MetricAlarm, M{"actionsEnabled": true, "alarmActions": []any{}}), "silent")
	disabled := named(res(MetricAlarm, M{"actionsEnabled": false, "alarmActions": []any{"arn:t"}}), "disabled")
	loud := named(res(MetricAlarm, M{"alarmActions": []any{"arn:t"}}), "loud")
	for _, tc := range []struct {
		r    Resource
		want bool
	}{{silent, true}, {disabled, true}, {loud, false}} {
		got, _ := stackViolations(t, []Resource{tc.r})
		if got["waf-logging-and-alarms"] != tc.want {
			t.Errorf("alarm %s: violation=%v, want %v", tc.r.Name, got["waf-logging-and-alarms"], tc.want)
		}
	}
}

// OIDC trusts pin sub to one repository and ref (or environment) and aud
// to sts.amazonaws.com (GitHub's guide to OIDC in AWS).
func TestWebIdentityTrustPinsSubAndAud(t *testing.T) {
	trust := func(cond any) M {
		st := M{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
			"Principal": M{"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}}
		if cond != nil {
			st["Condition"] = cond
		}
		doc, _ := json.Marshal(M{"Version": "2012-10-17", "Statement": []any{st}})
		return M{"assumeRolePolicy": string(doc)}
	}
	gh := func(op string, sub any) M {
		cond := M{"StringEquals": M{"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}
		if op == "StringEquals" {
			cond[op].(M)["token.actions.githubusercontent.com:sub"] = sub
		} else {
			cond[op] = M{"token.actions.githubusercontent.com:sub": sub}
		}
		return cond
	}
	for _, tc := range []struct {
		name string
		cond any
		want string // "" for a pass
	}{
		{"a branch of one repository passes", gh("StringEquals", "repo:carestack/infra:ref:refs/heads/main"), ""},
		{"an environment of one repository passes", gh("StringLike", "repo:carestack/infra:environment:prod"), ""},
		{"release tags of one repository pass", gh("StringLike", "repo:carestack/infra:ref:refs/tags/v*"), ""},
		{"every repository of an owner fails", gh("StringLike", "repo:carestack/*"), `"repo:carestack/*" does not name one repository`},
		{"every subject fails", gh("StringLike", "*"), `"*" matches every subject`},
		{"every branch fails", gh("StringLike", "repo:carestack/infra:ref:refs/heads/*"), "does not pin a ref"},
		{"any ref of one repository fails", gh("StringLike", "repo:carestack/infra:*"), "does not pin a ref or an environment"},
		{"pull requests fail", gh("StringLike", "repo:carestack/infra:pull_request"), "does not pin a ref or an environment"},
		{"no sub condition fails", M{"StringEquals": M{"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}, "does not pin the sub claim"},
		{"no condition at all fails", nil, "does not pin the sub claim"},
		{"an aud other than sts.amazonaws.com fails", M{"StringEquals": M{"token.actions.githubusercontent.com:aud": "*", "token.actions.githubusercontent.com:sub": "repo:carestack/infra:ref:refs/heads/main"}},
			"does not pin the aud claim to sts.amazonaws.com"},
		{"a negated operator pins nothing", M{"StringEquals": M{"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}, "StringNotEquals": M{"token.actions.githubusercontent.com:sub": "repo:evil/x:ref:refs/heads/main"}},
			"does not pin the sub claim"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, _, msgs := verdict(t, "trust-policy-restricted", res(IAMRole, trust(tc.cond)))
			if tc.want == "" {
				if v {
					t.Fatalf("want a pass, got %v", msgs)
				}
				return
			}
			if !v || !strings.Contains(strings.Join(msgs, "\n"), tc.want) {
				t.Fatalf("want a violation saying %q, got %v", tc.want, msgs)
			}
		})
	}
	eks := `{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRoleWithWebIdentity","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC"},` +
		`"Condition":{"StringEquals":{"oidc.eks.us-east-1.amazonaws.com/id/ABC:sub":"system:serviceaccount:app:api","oidc.eks.us-east-1.amazonaws.com/id/ABC:aud":"sts.amazonaws.com"}}}]}`
	if v, _, msgs := verdict(t, "trust-policy-restricted", res(IAMRole, M{"assumeRolePolicy": eks})); v {
		t.Errorf("an EKS service account trust pinned to one service account: %v", msgs)
	}
}

// Identity rules read every policy document AWS accepts (customer managed,
// inline on roles, groups and users) and every trust.
func TestIdentityRulesReadGroupsPoliciesAndTrusts(t *testing.T) {
	doc := func(stmts ...string) string {
		return `{"Version":"2012-10-17","Statement":[` + strings.Join(stmts, ",") + `]}`
	}
	trust := func(stmt string, provider M) Resource {
		r := res(IAMRole, M{"assumeRolePolicy": doc(stmt)})
		if provider != nil {
			r.ProviderProps = val(provider).AsMap()
		}
		return r
	}
	for rule, types := range map[string][]string{
		"no-admin-or-wildcard-statements": {IAMPolicy, IAMRolePolicy, IAMRole, "aws:iam/groupPolicy:GroupPolicy", IAMUserPolicy},
		"kms-decrypt-scoped":              {IAMPolicy, IAMRolePolicy, IAMRole, "aws:iam/groupPolicy:GroupPolicy", IAMUserPolicy},
		"no-broad-managed-policies":       {IAMRolePolicyAttach, IAMGroupPolicyAttach, IAMUserPolicyAttach, IAMPolicyAttachment, IAMRole},
	} {
		for _, typ := range types {
			if !ByName(rule).AppliesTo(typ) {
				t.Errorf("%s does not read %s", rule, typ)
			}
		}
	}
	foreign := `{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"arn:aws:iam::999988887777:root"}}`
	own := M{"allowedAccountIds": []any{"111122223333"}}
	for _, tc := range []struct {
		name, rule string
		r          Resource
		want       string // "" for a pass
	}{
		{"a group policy with s3:* on every resource fails", "no-admin-or-wildcard-statements",
			res(iamGroupPolicy, M{"group": "ops", "policy": doc(`{"Effect":"Allow","Action":"s3:*","Resource":"*"}`)}), "policy allows s3:* on every resource"},
		{"a customer managed policy with full access to any service fails", "no-admin-or-wildcard-statements",
			res(IAMPolicy, M{"policy": doc(`{"Effect":"Allow","Action":"sqs:*","Resource":"*"}`)}), "policy allows sqs:* on every resource"},
		{"full access to a service on one ARN still fails", "no-admin-or-wildcard-statements",
			res(IAMPolicy, M{"policy": doc(`{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::visits/*"}`)}), "policy allows s3:*, full access to the service"},
		{"a user policy with *:* fails", "no-admin-or-wildcard-statements",
			res(IAMUserPolicy, M{"user": "breakglass", "policy": doc(`{"Effect":"Allow","Action":"*:*","Resource":"*"}`)}), "policy allows Action *"},
		{"named actions on named ARNs pass", "no-admin-or-wildcard-statements",
			res(iamGroupPolicy, M{"policy": doc(`{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"arn:aws:s3:::visits/*"}`)}), ""},
		{"AdministratorAccess attached to a user fails", "no-broad-managed-policies",
			res(IAMUserPolicyAttach, M{"user": "breakglass", "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}), "attaches the AWS-managed policy AdministratorAccess"},

		{"kms:Decrypt on every key fails", "kms-decrypt-scoped",
			res(IAMPolicy, M{"policy": doc(`{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}`)}), "policy allows kms:Decrypt on every KMS key"},
		{"kms:* on every key of the account fails", "kms-decrypt-scoped",
			res(IAMRolePolicy, M{"policy": doc(`{"Effect":"Allow","Action":"kms:*","Resource":"arn:aws:kms:*:111122223333:key/*"}`)}), "allows kms:Decrypt and kms:ReEncryptFrom on every KMS key"},
		{"a role's inline kms:Decrypt on * fails", "kms-decrypt-scoped",
			res(IAMRole, M{"inlinePolicies": []any{M{"name": "app", "policy": doc(`{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}`)}}}), "inlinePolicies[0].policy allows kms:Decrypt"},
		{"an encryption-context condition scopes it", "kms-decrypt-scoped",
			res(IAMPolicy, M{"policy": doc(`{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"kms:EncryptionContext:aws:logs:arn":"arn:aws:logs:us-east-1:111122223333:log-group:app"}}}`)}), ""},
		{"a named key passes", "kms-decrypt-scoped",
			res(IAMPolicy, M{"policy": doc(`{"Effect":"Allow","Action":"kms:Decrypt","Resource":"arn:aws:kms:us-east-1:111122223333:key/abcd"}`)}), ""},
		{"encrypt-only on every key passes", "kms-decrypt-scoped",
			res(IAMPolicy, M{"policy": doc(`{"Effect":"Allow","Action":["kms:Encrypt","kms:GenerateDataKey"],"Resource":"*"}`)}), ""},

		{"a foreign account without ExternalId fails", "trust-policy-restricted", trust(foreign, own), "lets account 999988887777, not this stack's account, assume the role"},
		{"a foreign account of unknown ownership fails too", "trust-policy-restricted", trust(foreign, nil), "nothing shows it is this stack's account"},
		{"a foreign account with sts:ExternalId passes", "trust-policy-restricted",
			trust(`{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"999988887777"},"Condition":{"StringEquals":{"sts:ExternalId":"carestack-7f3a"}}}`, own), ""},
		{"the organisation's accounts with aws:PrincipalOrgID pass", "trust-policy-restricted",
			trust(`{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"arn:aws:iam::999988887777:role/ci"},"Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}}`, own), ""},
		{"the stack's own account passes", "trust-policy-restricted",
			trust(`{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"arn:aws:iam::111122223333:role/admin"}}`, own), ""},
		{"the account a provider assumes a role in is its own", "trust-policy-restricted",
			trust(`{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"arn:aws:iam::111122223333:root"}}`, M{"assumeRole": M{"roleArn": "arn:aws:iam::111122223333:role/deploy"}}), ""},
		{"a negated ExternalId condition does not count", "trust-policy-restricted",
			trust(`{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"999988887777"},"Condition":{"StringNotEquals":{"sts:ExternalId":"x"}}}`, own), "without sts:ExternalId"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, _, msgs := verdict(t, tc.rule, tc.r)
			if tc.want == "" {
				if v {
					t.Fatalf("want a pass, got %v", msgs)
				}
				return
			}
			if !v || !strings.Contains(strings.Join(msgs, "\n"), tc.want) {
				t.Fatalf("want a violation saying %q, got %v", tc.want, msgs)
			}
		})
	}
}
