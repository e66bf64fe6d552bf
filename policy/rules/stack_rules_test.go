package rules

import (
	"strings"
	"testing"
)

// fixture is a small stack: resources and who depends on whom through
// which input (index of the dependent -> input -> indexes depended on).
type fixture struct {
	rs   []Resource
	deps map[int]map[string][]int
}

func (f fixture) build() []Resource {
	rs := make([]Resource, len(f.rs))
	copy(rs, f.rs)
	return stack(rs, f.deps)
}

type stackCase struct {
	rule                         string
	compliant, violating, unsure fixture
}

func bucketNamed(name, class string) Resource {
	return named(res(S3BucketV2, M{"tags": M{"DataClassification": class}}), name)
}

// awsxVpc is the awsx component and the aws:ec2/vpc:Vpc it makes, plus extra
// resources that name the component in input prop.
func awsxVpc(prop string, extra ...Resource) fixture {
	vpcComponent := named(res("awsx:ec2:Vpc", M{}), "network")
	vpc := named(res(VPC, M{}), "network")
	vpc.Parent = vpcComponent.URN
	deps := map[int]map[string][]int{}
	for i := range extra {
		deps[2+i] = map[string][]int{prop: {0}}
	}
	return fixture{append([]Resource{vpcComponent, vpc}, extra...), deps}
}

func inRegion(r Resource, region string) Resource {
	r.ProviderProps = val(M{"region": region}).AsMap()
	return r
}

// backupPlan is a plan in us-east-1 with one rule, its home vault and a
// vault in us-west-2, both named by the rules (as a copy action's
// destination is, through its ARN output).
func backupPlan(rule M) fixture {
	return fixture{[]Resource{
		inRegion(named(res(BackupPlan, M{"rules": []any{rule}}), "plan"), "us-east-1"),
		inRegion(named(res(BackupVault, M{}), "vault"), "us-east-1"),
		inRegion(named(res(BackupVault, M{}), "vault-dr"), "us-west-2"),
	}, map[int]map[string][]int{0: {"rules": {1, 2}}}}
}

var stackCases = []stackCase{
	{"s3-acls-disabled",
		fixture{[]Resource{bucketNamed("docs", "PHI"), named(res(S3OwnershipControls, M{"bucket": "docs-id", "rule": M{"objectOwnership": "BucketOwnerEnforced"}}), "own")}, map[int]map[string][]int{1: {"bucket": {0}}}},
		fixture{[]Resource{bucketNamed("docs", "PHI"), named(res(S3BucketAclV2, M{"bucket": "docs-id", "acl": "public-read"}), "acl")}, map[int]map[string][]int{1: {"bucket": {0}}}},
		fixture{[]Resource{bucketNamed("docs", "PHI"), named(res(S3BucketAclV2, M{"bucket": "docs-id", "acl": unknown}), "acl")}, map[int]map[string][]int{1: {"bucket": {0}}}}},
	{"lb-certificate-from-acm",
		fixture{[]Resource{named(res(LBListener, M{"protocol": "HTTPS", "certificateArn": unknown}), "https"), named(res(ACMCertificate, M{}), "cert")},
			map[int]map[string][]int{0: {"certificateArn": {1}}}},
		fixture{[]Resource{named(res(LBListener, M{"protocol": "HTTPS", "certificateArn": unknown}), "https"), named(res("aws:iam/serverCertificate:ServerCertificate", M{}), "cert")},
			map[int]map[string][]int{0: {"certificateArn": {1}}}},
		fixture{rs: []Resource{named(res(LBListener, M{"protocol": "HTTPS", "certificateArn": unknown}), "https")}}},
	{"default-sg-closed",
		awsxVpc("vpcId", named(res(DefaultSecurityGroup, M{"ingress": []any{}, "egress": []any{}}), "default")),
		awsxVpc("vpcId", named(res(DefaultSecurityGroup, M{"ingress": []any{M{"protocol": "-1"}}, "egress": []any{}}), "default")),
		awsxVpc("vpcId", named(res(DefaultSecurityGroup, M{"ingress": unknown, "egress": []any{}}), "default"))},
	{"vpc-flow-logs",
		awsxVpc("vpcId", named(res(FlowLog, M{"trafficType": "ALL"}), "flow")),
		awsxVpc("vpcId"),
		awsxVpc("vpcId", named(res(FlowLog, M{"trafficType": unknown}), "flow"))},
	{"ecs-task-role-scoped",
		fixture{[]Resource{
			named(res(ECSTaskDefinition, M{"taskRoleArn": "arn:task", "executionRoleArn": "arn:exec"}), "td"),
			named(res(IAMRole, M{}), "task"),
			named(res(IAMRolePolicy, M{"policy": `{"Statement":[{"Effect":"Allow","Action":"sns:Publish","Resource":["arn:aws:sns:us-east-1:1:t"]}]}`}), "task"),
		}, map[int]map[string][]int{0: {"taskRoleArn": {1}}, 2: {"role": {1}}}},
		fixture{[]Resource{
			named(res(ECSTaskDefinition, M{"taskRoleArn": "arn:task", "executionRoleArn": "arn:exec"}), "td"),
			named(res(IAMRole, M{}), "task"),
			named(res(IAMRolePolicy, M{"policy": `{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`}), "task"),
		}, map[int]map[string][]int{0: {"taskRoleArn": {1}}, 2: {"role": {1}}}},
		fixture{[]Resource{
			named(res(ECSTaskDefinition, M{"taskRoleArn": unknown, "executionRoleArn": unknown}), "td"),
			named(res(IAMRole, M{}), "task"),
			named(res(IAMRolePolicy, M{"policy": unknown}), "task"),
		}, map[int]map[string][]int{0: {"taskRoleArn": {1}}, 2: {"role": {1}}}}},
	{"secrets-rotated",
		fixture{[]Resource{named(res(Secret, M{}), "s"), named(res(SecretRotation, M{"rotationRules": M{"automaticallyAfterDays": 30}}), "r")}, map[int]map[string][]int{1: {"secretId": {0}}}},
		fixture{[]Resource{named(res(Secret, M{}), "s"), named(res(SecretRotation, M{"rotationRules": M{"automaticallyAfterDays": 365}}), "r")}, map[int]map[string][]int{1: {"secretId": {0}}}},
		fixture{[]Resource{named(res(Secret, M{}), "s"), named(res(SecretRotation, M{"rotationRules": M{"automaticallyAfterDays": unknown}}), "r")}, map[int]map[string][]int{1: {"secretId": {0}}}}},
	{"db-sg-from-app-only",
		fixture{[]Resource{named(res(RDSCluster, M{}), "c"), named(res(SecurityGroup, M{}), "db"), named(res(SGIngressRule, M{"referencedSecurityGroupId": "sg-app", "fromPort": 3306}), "r")},
			map[int]map[string][]int{0: {"vpcSecurityGroupIds": {1}}, 2: {"securityGroupId": {1}}}},
		fixture{[]Resource{named(res(RDSCluster, M{}), "c"), named(res(SecurityGroup, M{}), "db"), named(res(SGIngressRule, M{"cidrIpv4": "10.0.0.0/8", "fromPort": 3306}), "r")},
			map[int]map[string][]int{0: {"vpcSecurityGroupIds": {1}}, 2: {"securityGroupId": {1}}}},
		fixture{[]Resource{named(res(RDSCluster, M{}), "c"), named(res(SecurityGroup, M{"ingress": unknown}), "db")},
			map[int]map[string][]int{0: {"vpcSecurityGroupIds": {1}}}}},
	{"waf-in-front",
		fixture{[]Resource{named(res(LBLoadBalancer, M{"internal": false}), "alb"), named(res(WAFAssociation, M{"resourceArn": "arn:alb"}), "a"),
			named(res(WAFWebACL, M{"rules": []any{M{"statement": M{"managedRuleGroupStatement": M{"name": "AWSManagedRulesCommonRuleSet"}}}}}), "acl")},
			map[int]map[string][]int{1: {"resourceArn": {0}}}},
		fixture{[]Resource{named(res(LBLoadBalancer, M{"internal": false}), "alb")}, nil},
		fixture{[]Resource{named(res(LBLoadBalancer, M{"internal": false}), "alb"), named(res(WAFAssociation, M{"resourceArn": unknown}), "a"),
			named(res(WAFWebACL, M{"rules": unknown}), "acl")}, map[int]map[string][]int{1: {"resourceArn": {0}}}}},
	{"backup-plan-quality",
		backupPlan(M{"schedule": "cron(0 5 * * ? *)", "lifecycle": M{"deleteAfter": 35}, "copyActions": []any{M{"destinationVaultArn": unknown}}}),
		backupPlan(M{"schedule": "cron(0 5 * * ? *)", "lifecycle": M{"deleteAfter": 7}, "copyActions": []any{M{"destinationVaultArn": unknown}}}),
		backupPlan(M{"schedule": "cron(0 5 * * ? *)", "lifecycle": M{"deleteAfter": unknown}, "copyActions": []any{M{"destinationVaultArn": unknown}}})},
	{"ecs-autoscaling",
		fixture{[]Resource{named(res(ECSService, M{"loadBalancers": []any{M{}}}), "svc"), named(res(AppScalingTarget, M{"minCapacity": 2}), "t"), named(res(AppScalingPolicy, M{}), "p")},
			map[int]map[string][]int{1: {"resourceId": {0}}, 2: {"resourceId": {1}}}},
		fixture{[]Resource{named(res(ECSService, M{"loadBalancers": []any{M{}}}), "svc")}, nil},
		fixture{[]Resource{named(res(ECSService, M{"loadBalancers": []any{M{}}}), "svc"), named(res(AppScalingTarget, M{"minCapacity": unknown}), "t"), named(res(AppScalingPolicy, M{}), "p")},
			map[int]map[string][]int{1: {"resourceId": {0}}, 2: {"resourceId": {1}}}}},
	{"audit-bucket-immutability",
		fixture{[]Resource{named(res(CloudTrail, M{}), "trail"), named(res(S3BucketV2, M{"objectLockEnabled": true}), "audit"), named(res(S3ObjectLockConfigV2, M{}), "lock")},
			map[int]map[string][]int{0: {"s3BucketName": {1}}, 2: {"bucket": {1}}}},
		fixture{[]Resource{named(res(CloudTrail, M{}), "trail"), named(res(S3BucketV2, M{"objectLockEnabled": false}), "audit")}, map[int]map[string][]int{0: {"s3BucketName": {1}}}},
		fixture{[]Resource{named(res(CloudTrail, M{}), "trail"), named(res(S3BucketV2, M{"objectLockEnabled": unknown}), "audit")}, map[int]map[string][]int{0: {"s3BucketName": {1}}}}},
	{"phi-needs-cmk",
		fixture{[]Resource{named(res(KMSKey, M{}), "k"), named(res(LogGroup, M{"kmsKeyId": "arn:k", "tags": M{"DataClassification": "PHI"}}), "lg")}, map[int]map[string][]int{1: {"kmsKeyId": {0}}}},
		fixture{[]Resource{named(res(SNSTopic, M{"kmsMasterKeyId": "alias/aws/sns", "tags": M{"DataClassification": "PHI"}}), "t")}, nil},
		fixture{[]Resource{named(res(KMSKey, M{}), "k"), named(res(LogGroup, M{"kmsKeyId": unknown, "tags": M{"DataClassification": "PHI"}}), "lg")}, map[int]map[string][]int{1: {"kmsKeyId": {0}}}}},
	{"static-sites-not-phi",
		fixture{[]Resource{bucketNamed("site", "Public"), named(res(CloudFrontDist, M{}), "d")}, map[int]map[string][]int{1: {"origins": {0}}}},
		fixture{[]Resource{bucketNamed("docs", "PHI"), named(res(CloudFrontDist, M{}), "d")}, map[int]map[string][]int{1: {"origins": {0}}}},
		fixture{[]Resource{named(res(S3BucketV2, M{"tags": unknown}), "site"), named(res(CloudFrontDist, M{"origins": unknown}), "d")}, map[int]map[string][]int{1: {"origins": {0}}}}},
}

func TestStackRulesCompliantViolatingAndUnknown(t *testing.T) {
	for _, tc := range stackCases {
		t.Run(tc.rule, func(t *testing.T) {
			r := ByName(tc.rule)
			verdicts := func(f fixture) (violated, deferred bool) {
				for _, x := range RunStack(r, NewStack(f.build()), nil) {
					if x.Outcome == Violation {
						violated = true
					} else {
						deferred = true
					}
				}
				return
			}
			if v, _ := verdicts(tc.compliant); v {
				t.Error("compliant stack violates")
			}
			if v, _ := verdicts(tc.violating); !v {
				t.Error("violating stack passes")
			}
			v, d := verdicts(tc.unsure)
			if v {
				t.Error("a value unknown at preview caused a violation")
			}
			// phi-needs-cmk only asks that a key be named: a computed key is named.
			if !d && tc.rule != "phi-needs-cmk" {
				t.Error("a value unknown at preview was not deferred")
			}
		})
	}
}

func TestTrailExistsAsksTheAccountBaselineStackForATrail(t *testing.T) {
	r := ByName("trail-exists")
	phi := named(res(SNSTopic, M{"tags": M{"DataClassification": "PHI"}}), "visits")
	detector := named(res("aws:guardduty/detector:Detector", M{"enable": true}), "guardduty")
	for _, tc := range []struct {
		name string
		rs   []Resource
		want int
	}{
		{"an empty stack", nil, 0},
		{"a workload stack holding PHI (the trail is the organisation's)", []Resource{phi}, 0},
		{"the account baseline stack without a trail", []Resource{detector, phi}, 1},
		{"the account baseline stack with a trail", []Resource{detector, named(res(CloudTrail, M{}), "t")}, 0},
	} {
		got := RunStack(r, NewStack(tc.rs), nil)
		if len(got) != tc.want {
			t.Errorf("%s: %d findings, want %d: %v", tc.name, len(got), tc.want, got)
		}
		if tc.want == 1 && !strings.Contains(got[0].Message, "add an exception for trail-exists on the stack's root URN naming that trail") {
			t.Errorf("%s: the message does not say how to record the organisation trail: %s", tc.name, got[0].Message)
		}
	}
}

func TestEveryStackRuleHasACase(t *testing.T) {
	covered := map[string]bool{"trail-exists": true} // TestTrailExistsAsksTheAccountBaselineStackForATrail
	for _, tc := range stackCases {
		covered[tc.rule] = true
	}
	for rule := range violatingCases {
		covered[rule] = true // another catalog file's table (secrets_test.go)
	}
	// Stack rules judged on one resource in rules_test.go's table.
	for _, tc := range resourceCases {
		covered[tc.rule] = true
	}
	// Covered by the bucket, Aurora, VPC, CloudFront and alarm tests in rules_test.go.
	for _, n := range []string{"s3-sse-kms", "s3-deny-insecure-transport", "aurora-require-tls", "s3-public-access-block",
		"s3-acls-disabled", "aurora-multi-az", "aurora-in-backup-plan", "cloudfront-logging", "s3-access-logging",
		"waf-logging-and-alarms", "s3-versioning", "s3-replication-dr", "bi-reader-endpoint"} {
		covered[n] = true
	}
	for _, r := range Catalog {
		if r.Scope == ScopeStack && !covered[r.Name] {
			t.Errorf("stack rule %s has no test case", r.Name)
		}
	}
}

func TestBackupScheduleMustRunAtLeastDaily(t *testing.T) {
	for expr, daily := range map[string]bool{
		"cron(0 5 * * ? *)":   true,
		"cron(0 */6 ? * * *)": true,
		"rate(12 hours)":      true,
		"rate(1 day)":         true,
		"rate(90 minutes)":    true,
		"cron(0 5 ? * SUN *)": false,
		"cron(0 5 1 * ? *)":   false,
		"cron(0 5 * JAN ? *)": false,
		"rate(2 days)":        false,
		"rate(7 days)":        false,
		"daily":               false,
		"cron(0 5 * * ?)":     false,
		"rate(zero hours)":    false,
	} {
		if got := runsDaily(expr); got != daily {
			t.Errorf("runsDaily(%q) = %v, want %v", expr, got, daily)
		}
	}
}

func TestBackupCopiesMustLeaveThePlansRegion(t *testing.T) {
	rule := func(copies any) M {
		m := M{"schedule": "cron(0 5 * * ? *)", "lifecycle": M{"deleteAfter": 35}}
		if copies != nil {
			m["copyActions"] = copies
		}
		return m
	}
	onlyHome := func(f fixture) fixture { f.deps = map[int]map[string][]int{0: {"rules": {1}}}; return f }
	unknownRegion := func(f fixture) fixture { f.rs[2].ProviderProps = val(M{"region": unknown}).AsMap(); return f }
	for _, tc := range []struct {
		name     string
		stack    fixture
		want     Outcome // "" for a pass
		wantText string
	}{
		{"a copy to the DR vault (by dependency) passes", backupPlan(rule([]any{M{"destinationVaultArn": unknown}})), "", ""},
		{"a known ARN in another region passes", backupPlan(rule([]any{M{"destinationVaultArn": "arn:aws:backup:us-west-2:1:backup-vault:dr"}})), "", ""},
		{"no copy action fails", backupPlan(rule(nil)), Violation, "copies no recovery point to another region"},
		{"an empty copy list fails", backupPlan(rule([]any{})), Violation, "copies no recovery point to another region"},
		{"a known ARN in the same region fails", backupPlan(rule([]any{M{"destinationVaultArn": "arn:aws:backup:us-east-1:1:backup-vault:x"}})), Violation, "copies recovery points only within us-east-1"},
		{"a copy to a vault in the same region fails", onlyHome(backupPlan(rule([]any{M{"destinationVaultArn": unknown}}))), Violation, "copies recovery points only within us-east-1"},
		{"a destination vault of unknown region defers", unknownRegion(backupPlan(rule([]any{M{"destinationVaultArn": unknown}}))), Deferred, "copyActions is unknown at preview"},
		{"a missing destination fails", backupPlan(rule([]any{M{}})), Violation, "destinationVaultArn is unset"},
		{"a wrong shape names the property", backupPlan(rule("copy")), Violation, "rules[0].copyActions has an unexpected shape"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := RunStack(ByName("backup-plan-quality"), NewStack(tc.stack.build()), nil)
			if tc.want == "" {
				if len(got) != 0 {
					t.Fatalf("want no findings, got %v", got)
				}
				return
			}
			if len(got) != 1 || got[0].Outcome != tc.want || !strings.Contains(got[0].Message, tc.wantText) || got[0].Name != "plan" {
				t.Fatalf("want one %s on plan containing %q, got %+v", tc.want, tc.wantText, got)
			}
		})
	}
}

func TestPHIVaultLockNeedsMinimumRetention(t *testing.T) {
	vault := named(res(BackupVault, M{"name": "carestack-prod", "tags": M{"DataClassification": "PHI"}}), "vault")
	for _, tc := range []struct {
		name string
		lock M
		want int
	}{
		{"a lock with minRetentionDays passes", M{"backupVaultName": "carestack-prod", "minRetentionDays": 35}, 0},
		{"a lock without minRetentionDays fails", M{"backupVaultName": "carestack-prod"}, 1},
		{"an unknown minRetentionDays counts as set", M{"backupVaultName": "carestack-prod", "minRetentionDays": unknown}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rs := []Resource{vault, named(res(BackupVaultLock, tc.lock), "lock")}
			got := RunStack(ByName("backup-plan-quality"), NewStack(rs), nil)
			if len(got) != tc.want {
				t.Fatalf("want %d findings, got %+v", tc.want, got)
			}
			if tc.want == 1 && (got[0].Name != "lock" || !strings.Contains(got[0].Message, "minRetentionDays is unset")) {
				t.Errorf("finding %+v, want minRetentionDays unset on the lock", got[0])
			}
		})
	}
}

// outcomeOf summarises one rule's findings on a stack: "violation" when any
// violation, else "deferred" when any deferral, else "pass"; and the
// messages.
func outcomeOf(t *testing.T, rule string, rs []Resource) (string, []string) {
	t.Helper()
	r := ByName(rule)
	if r == nil {
		t.Fatalf("no rule %s", rule)
	}
	var fs []Finding
	if r.checkStack != nil {
		fs = RunStack(r, NewStack(rs), nil)
	} else {
		for i := range rs {
			if r.AppliesTo(rs[i].Type) {
				fs = append(fs, RunResource(r, &rs[i], nil)...)
			}
		}
	}
	got := "pass"
	var msgs []string
	for _, f := range fs {
		if strings.Contains(f.Message, "could not evaluate") {
			t.Fatalf("%s panicked: %s", rule, f.Message)
		}
		msgs = append(msgs, f.Message)
		if f.Outcome == Violation {
			got = "violation"
		} else if got == "pass" {
			got = "deferred"
		}
	}
	return got, msgs
}

type outcomeCase struct {
	name, rule string
	stack      fixture
	want       string // pass, violation or deferred
	text       string // a violation's message must contain it
}

func runOutcomeCases(t *testing.T, cases []outcomeCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, msgs := outcomeOf(t, tc.rule, tc.stack.build())
			if got != tc.want {
				t.Fatalf("%s: %s, want %s: %v", tc.rule, got, tc.want, msgs)
			}
			if tc.text != "" && !strings.Contains(strings.Join(msgs, "\n"), tc.text) {
				t.Errorf("messages %v do not say %q", msgs, tc.text)
			}
		})
	}
}

func one(r Resource) fixture { return fixture{rs: []Resource{r}} }

func phiBucket(typ string, props M) Resource {
	props["tags"] = M{"DataClassification": "PHI"}
	return named(res(typ, props), "docs")
}

// The deprecated inline forms the catalog accepts, in the shapes
// pulumi-aws v6.83.4 gives them (s3/pulumiTypes.go): BucketV2 has lists at
// every level, the legacy Bucket single blocks.
func TestInlineBucketFormsAreReadAsTheSDKShapesThem(t *testing.T) {
	v2SSE := func(alg any) M {
		return M{"serverSideEncryptionConfigurations": []any{M{"rules": []any{M{
			"applyServerSideEncryptionByDefaults": []any{M{"sseAlgorithm": alg, "kmsMasterKeyId": "arn:aws:kms:us-east-1:111122223333:key/k"}}}}}}}
	}
	legacySSE := func(alg any) M {
		return M{"serverSideEncryptionConfiguration": M{"rule": M{
			"applyServerSideEncryptionByDefault": M{"sseAlgorithm": alg, "kmsMasterKeyId": "arn:aws:kms:us-east-1:111122223333:key/k"}}}}
	}
	runOutcomeCases(t, []outcomeCase{
		{"BucketV2 inline KMS encryption passes", "s3-sse-kms", one(phiBucket(S3BucketV2, v2SSE("aws:kms"))), "pass", ""},
		{"BucketV2 inline AES256 on PHI fails", "s3-sse-kms", one(phiBucket(S3BucketV2, v2SSE("AES256"))), "violation", `sseAlgorithm is "AES256" on a PHI bucket`},
		{"BucketV2 inline algorithm unknown defers", "s3-sse-kms", one(phiBucket(S3BucketV2, v2SSE(unknown))), "deferred", ""},
		{"BucketV2 inline rule without a default fails", "s3-sse-kms",
			one(phiBucket(S3BucketV2, M{"serverSideEncryptionConfigurations": []any{M{"rules": []any{M{"bucketKeyEnabled": true}}}}})), "violation", "sseAlgorithm is unset"},
		{"legacy Bucket inline KMS encryption passes", "s3-sse-kms", one(phiBucket(S3Bucket, legacySSE("aws:kms"))), "pass", ""},
		{"legacy Bucket inline AES256 on PHI fails", "s3-sse-kms", one(phiBucket(S3Bucket, legacySSE("AES256"))), "violation", `sseAlgorithm is "AES256"`},
		{"legacy Bucket without encryption fails for PHI", "s3-sse-kms", one(phiBucket(S3Bucket, M{})), "violation", "S3 applies SSE-S3"},

		{"legacy Bucket inline replication passes", "s3-replication-dr",
			one(phiBucket(S3Bucket, M{"replicationConfiguration": M{"role": "arn:r", "rules": []any{M{"status": "Enabled", "destination": M{"bucket": "arn:aws:s3:::dr"}}}}})), "pass", ""},
		{"legacy Bucket inline replication disabled fails", "s3-replication-dr",
			one(phiBucket(S3Bucket, M{"replicationConfiguration": M{"role": "arn:r", "rules": []any{M{"status": "Disabled", "destination": M{"bucket": "arn:aws:s3:::dr"}}}}})), "violation", "does not replicate"},
		{"BucketV2 inline replication passes", "s3-replication-dr",
			one(phiBucket(S3BucketV2, M{"replicationConfigurations": []any{M{"role": "arn:r", "rules": []any{M{"status": "Enabled", "destinations": []any{M{"bucket": "arn:aws:s3:::dr"}}}}}}})), "pass", ""},
		{"BucketV2 inline replication status unknown defers", "s3-replication-dr",
			one(phiBucket(S3BucketV2, M{"replicationConfigurations": []any{M{"role": "arn:r", "rules": []any{M{"status": unknown}}}}})), "deferred", ""},
		{"a second enabled rule of a side-by-side config counts", "s3-replication-dr",
			fixture{[]Resource{phiBucket(S3BucketV2, M{}), named(res(S3ReplicationConfig, M{"rules": []any{M{"status": "Disabled"}, M{"status": "Enabled"}}}), "repl")},
				map[int]map[string][]int{1: {"bucket": {0}}}}, "pass", ""},

		{"legacy Bucket inline versioning passes", "s3-versioning", one(phiBucket(S3Bucket, M{"versioning": M{"enabled": true}})), "pass", ""},
		{"legacy Bucket inline versioning off fails", "s3-versioning", one(phiBucket(S3Bucket, M{"versioning": M{"enabled": false}})), "violation", "inline versioning is not enabled"},
		{"BucketV2 inline versioning passes", "s3-versioning", one(phiBucket(S3BucketV2, M{"versionings": []any{M{"enabled": true}}})), "pass", ""},
		{"BucketV2 inline versioning unknown defers", "s3-versioning", one(phiBucket(S3BucketV2, M{"versionings": []any{M{"enabled": unknown}}})), "deferred", ""},

		{"inline logging to another bucket passes", "s3-access-logging", one(phiBucket(S3BucketV2, M{"loggings": []any{M{"targetBucket": "logs"}}})), "pass", ""},
		{"inline logging without a target fails", "s3-access-logging", one(phiBucket(S3Bucket, M{"loggings": []any{M{"targetPrefix": "docs/"}}})), "violation", "targetBucket is unset"},
		{"the target of another bucket's inline logging is the log bucket", "s3-access-logging",
			fixture{[]Resource{named(res(S3BucketV2, M{"bucket": "logs", "tags": M{"DataClassification": "Internal"}}), "logs"),
				phiBucket(S3BucketV2, M{"loggings": []any{M{"targetBucket": "logs"}}})}, nil}, "pass", ""},
	})
}

// A group is the public tier by its tag, or by its use: only internet-facing
// load balancers attach it. Rule resources are judged by the group they
// point to.
func TestWorldIngressIsJudgedByTheGroupARulePointsToAndItsUse(t *testing.T) {
	https := M{"protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrBlocks": []any{"0.0.0.0/0"}}
	group := func(tags M, ingress ...any) Resource {
		props := M{"vpcId": "vpc-1"}
		if tags != nil {
			props["tags"] = tags
		}
		if len(ingress) > 0 {
			props["ingress"] = ingress
		}
		return named(res(SecurityGroup, props), "alb-sg")
	}
	tagged := M{"Exposure": "public-alb"}
	alb := func(internal any) Resource {
		return named(res(LBLoadBalancer, M{"internal": internal, "loadBalancerType": "application"}), "alb")
	}
	sgRule := named(res(SecurityGroupRule, M{"type": "ingress", "protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrBlocks": []any{"0.0.0.0/0"}, "securityGroupId": "sg-1"}), "https")
	ingressRule := named(res(SGIngressRule, M{"ipProtocol": "tcp", "fromPort": 443, "toPort": 443, "cidrIpv4": "0.0.0.0/0", "securityGroupId": "sg-1"}), "https")
	ssh := named(res(SGIngressRule, M{"ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "cidrIpv4": "0.0.0.0/0", "securityGroupId": "sg-1"}), "ssh")
	service := named(res(ECSService, M{"networkConfiguration": M{"securityGroups": []any{"sg-1"}}}), "svc")
	rule := "no-world-ingress-except-public-alb"
	runOutcomeCases(t, []outcomeCase{
		{"an ec2 SecurityGroupRule on the tagged group passes", rule, fixture{[]Resource{group(tagged), sgRule}, map[int]map[string][]int{1: {"securityGroupId": {0}}}}, "pass", ""},
		{"a vpc SecurityGroupIngressRule on the tagged group passes", rule, fixture{[]Resource{group(tagged), ingressRule}, map[int]map[string][]int{1: {"securityGroupId": {0}}}}, "pass", ""},
		{"the same rule on an untagged group used by nothing fails", rule, fixture{[]Resource{group(nil), ingressRule}, map[int]map[string][]int{1: {"securityGroupId": {0}}}}, "violation", "admits port 443 from the internet"},
		{"a group used only by an internet-facing ALB is the public tier", rule,
			fixture{[]Resource{group(nil, https), alb(false)}, map[int]map[string][]int{1: {"securityGroups": {0}}}}, "pass", ""},
		{"a rule on a group used only by an internet-facing ALB passes", rule,
			fixture{[]Resource{group(nil), alb(false), sgRule}, map[int]map[string][]int{1: {"securityGroups": {0}}, 2: {"securityGroupId": {0}}}}, "pass", ""},
		{"a group an ALB and a service share is not the public tier", rule,
			fixture{[]Resource{group(nil, https), alb(false), service}, map[int]map[string][]int{1: {"securityGroups": {0}}, 2: {"networkConfiguration": {0}}}}, "violation", "admits port 443"},
		{"a group of an internal ALB is not the public tier", rule,
			fixture{[]Resource{group(nil, https), alb(true)}, map[int]map[string][]int{1: {"securityGroups": {0}}}}, "violation", "admits port 443"},
		{"a group of an ALB whose exposure is unknown defers", rule,
			fixture{[]Resource{group(nil, https), alb(unknown)}, map[int]map[string][]int{1: {"securityGroups": {0}}}}, "deferred", ""},
		{"ssh from the internet fails even on the public ALB's group", rule,
			fixture{[]Resource{group(tagged), alb(false), ssh}, map[int]map[string][]int{1: {"securityGroups": {0}}, 2: {"securityGroupId": {0}}}}, "violation", "admits port 22"},
	})
}

// Engine-specific rules ask each engine for what it has: Aurora PostgreSQL
// exports one log (postgresql) and refuses plaintext with rds.force_ssl;
// global-database members cannot have RDS-managed master passwords.
func TestEngineSpecificRulesKnowTheEngine(t *testing.T) {
	cluster := func(props M) Resource { return named(res(RDSCluster, props), "db") }
	withGroup := func(engine, param, value string) fixture {
		return fixture{[]Resource{
			cluster(M{"engine": engine, "dbClusterParameterGroupName": "pg"}),
			named(res(RDSClusterParameterGroup, M{"name": "pg", "parameters": []any{M{"name": param, "value": value}}}), "pg"),
		}, map[int]map[string][]int{0: {"dbClusterParameterGroupName": {1}}}}
	}
	managed := M{"manageMasterUserPassword": true, "masterUserSecretKmsKeyId": "arn:k", "iamDatabaseAuthenticationEnabled": true}
	runOutcomeCases(t, []outcomeCase{
		{"Aurora PostgreSQL exporting postgresql passes", "aurora-observability",
			one(cluster(M{"engine": "aurora-postgresql", "enabledCloudwatchLogsExports": []any{"postgresql"}})), "pass", ""},
		{"Aurora PostgreSQL exporting nothing fails for postgresql", "aurora-observability",
			one(cluster(M{"engine": "aurora-postgresql"})), "violation", "the postgresql log is not exported"},
		{"Aurora MySQL exporting postgresql fails for its own logs", "aurora-observability",
			one(cluster(M{"engine": "aurora-mysql", "enabledCloudwatchLogsExports": []any{"postgresql"}})), "violation", "the audit log is not exported"},
		{"a Multi-AZ MySQL cluster is not asked for the audit log it cannot have", "aurora-observability",
			one(cluster(M{"engine": "mysql", "enabledCloudwatchLogsExports": []any{"error", "slowquery"}})), "pass", ""},
		{"an engine unknown at preview defers", "aurora-observability",
			one(cluster(M{"engine": unknown, "enabledCloudwatchLogsExports": []any{"postgresql"}})), "deferred", ""},

		{"Aurora PostgreSQL with rds.force_ssl=1 passes", "aurora-require-tls", withGroup("aurora-postgresql", "rds.force_ssl", "1"), "pass", ""},
		{"Aurora PostgreSQL with rds.force_ssl=0 fails", "aurora-require-tls", withGroup("aurora-postgresql", "rds.force_ssl", "0"), "violation", `sets rds.force_ssl to "0"`},
		{"Aurora PostgreSQL on the default group fails with AWS's default", "aurora-require-tls",
			one(cluster(M{"engine": "aurora-postgresql"})), "violation", "rds.force_ssl is 0"},
		{"Aurora PostgreSQL is not asked for MySQL's parameter", "aurora-require-tls", withGroup("aurora-postgresql", "require_secure_transport", "ON"), "violation", "leaves rds.force_ssl at its default, 0"},
		{"Aurora MySQL with require_secure_transport ON passes", "aurora-require-tls", withGroup("aurora-mysql", "require_secure_transport", "ON"), "pass", ""},
		{"Aurora MySQL on the default group fails with AWS's default", "aurora-require-tls",
			one(cluster(M{"engine": "aurora-mysql"})), "violation", "require_secure_transport is OFF"},

		{"a global-database member with IAM auth passes without a managed password", "managed-db-credentials",
			one(cluster(M{"engine": "aurora-postgresql", "globalClusterIdentifier": "carestack-global", "masterPassword": secretOf{"p"}, "iamDatabaseAuthenticationEnabled": true})), "pass", ""},
		{"a global-database member named by an unknown id is still a member", "managed-db-credentials",
			one(cluster(M{"engine": "aurora-mysql", "globalClusterIdentifier": unknown, "iamDatabaseAuthenticationEnabled": true})), "pass", ""},
		{"a global-database member still needs IAM auth", "managed-db-credentials",
			one(cluster(M{"engine": "aurora-mysql", "globalClusterIdentifier": "carestack-global"})), "violation", "iamDatabaseAuthenticationEnabled is unset"},
		{"a standalone cluster must let RDS manage the password", "managed-db-credentials",
			one(cluster(M{"engine": "aurora-mysql", "masterPassword": secretOf{"p"}, "iamDatabaseAuthenticationEnabled": true})), "violation", "manageMasterUserPassword is unset"},
		{"a standalone cluster with a managed password passes", "managed-db-credentials", one(cluster(managed)), "pass", ""},
	})
}

// LOG-08 asks the stack's trails to record object reads and writes on
// every PHI bucket (S3 data events are off unless selected).
func TestTrailsRecordDataEventsOnPHIBuckets(t *testing.T) {
	baseline := func(extra M) M {
		m := M{"isMultiRegionTrail": true, "enableLogFileValidation": true, "cloudWatchLogsGroupArn": "arn:g", "kmsKeyId": "arn:k"}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	field := func(f string, op string, vals ...any) M { return M{"field": f, op: vals} }
	advanced := func(fields ...any) M {
		return M{"advancedEventSelectors": []any{M{"name": "data", "fieldSelectors": fields}}}
	}
	phiNamed := named(res(S3BucketV2, M{"bucket": "carestack-prod-phi-docs", "tags": M{"DataClassification": "PHI"}}), "docs")
	phiPrefixed := named(res(S3BucketV2, M{"bucketPrefix": "carestack-prod-phi-docs-", "tags": M{"DataClassification": "PHI"}}), "docs")
	internal := named(res(S3BucketV2, M{"bucket": "carestack-prod-logs", "tags": M{"DataClassification": "Internal"}}), "logs")
	trailWith := func(b Resource, sel M) fixture {
		return fixture{rs: []Resource{named(res(CloudTrail, baseline(sel)), "trail"), b}}
	}
	prefixSel := advanced(field("eventCategory", "equals", "Data"), field("resources.type", "equals", "AWS::S3::Object"),
		field("resources.ARN", "startsWiths", "arn:aws:s3:::carestack-prod-phi-"))
	rule := "cloudtrail-baseline"
	runOutcomeCases(t, []outcomeCase{
		{"an advanced selector on the PHI prefix covers a prefixed bucket", rule, trailWith(phiPrefixed, prefixSel), "pass", ""},
		{"an advanced selector on the PHI prefix covers a named bucket", rule, trailWith(phiNamed, prefixSel), "pass", ""},
		{"an advanced selector on every object covers it", rule,
			trailWith(phiNamed, advanced(field("eventCategory", "equals", "Data"), field("resources.type", "equals", "AWS::S3::Object"))), "pass", ""},
		{"a basic selector on every bucket covers it", rule,
			trailWith(phiNamed, M{"eventSelectors": []any{M{"readWriteType": "All", "dataResources": []any{M{"type": "AWS::S3::Object", "values": []any{"arn:aws:s3"}}}}}}), "pass", ""},
		{"a basic selector on the bucket's objects covers it", rule,
			trailWith(phiNamed, M{"eventSelectors": []any{M{"dataResources": []any{M{"type": "AWS::S3::Object", "values": []any{"arn:aws:s3:::carestack-prod-phi-docs/"}}}}}}), "pass", ""},
		{"management events only fail", rule, trailWith(phiNamed, advanced(field("eventCategory", "equals", "Management"))), "violation", "records object reads or writes of this PHI bucket"},
		{"no selector fails", rule, trailWith(phiNamed, M{}), "violation", "S3 data events are off unless selected"},
		{"writes only fail for the reads", rule,
			trailWith(phiNamed, M{"eventSelectors": []any{M{"readWriteType": "WriteOnly", "dataResources": []any{M{"type": "AWS::S3::Object", "values": []any{"arn:aws:s3"}}}}}}), "violation", "records object reads of this PHI bucket"},
		{"another bucket's objects do not cover it", rule,
			trailWith(phiNamed, M{"eventSelectors": []any{M{"dataResources": []any{M{"type": "AWS::S3::Object", "values": []any{"arn:aws:s3:::carestack-prod-logs/"}}}}}}), "violation", "records object reads or writes"},
		{"a prefix longer than a generated name's known part does not cover it", rule,
			trailWith(phiPrefixed, advanced(field("eventCategory", "equals", "Data"), field("resources.type", "equals", "AWS::S3::Object"),
				field("resources.ARN", "startsWiths", "arn:aws:s3:::carestack-prod-phi-docs-1234/"))), "violation", "records object reads or writes"},
		{"an excluded bucket is not covered", rule,
			trailWith(phiNamed, advanced(field("eventCategory", "equals", "Data"), field("resources.type", "equals", "AWS::S3::Object"),
				field("resources.ARN", "notStartsWiths", "arn:aws:s3:::carestack-prod-phi-docs/"))), "violation", "records object reads or writes"},
		{"selectors unknown at preview defer", rule, trailWith(phiNamed, M{"advancedEventSelectors": unknown}), "deferred", ""},
		{"an unknown selector built from the bucket covers it", rule,
			fixture{[]Resource{named(res(CloudTrail, baseline(advanced(field("eventCategory", "equals", "Data"), field("resources.type", "equals", "AWS::S3::Object"),
				M{"field": "resources.ARN", "startsWiths": []any{unknown}}))), "trail"), phiNamed}, map[int]map[string][]int{0: {"advancedEventSelectors": {1}}}}, "pass", ""},
		{"buckets that are not PHI need no data events", rule, trailWith(internal, M{}), "pass", ""},
		{"a stack without a trail leaves it to trail-exists", rule, one(phiNamed), "pass", ""},
	})
}

// A listener rule is as plaintext as its listener; a certificate must come
// from ACM, decided from its ARN when known and from the resource it came
// from when not.
func TestListenerRulesAndCertificates(t *testing.T) {
	listener := func(proto any) Resource {
		return named(res(LBListener, M{"protocol": proto, "port": 80, "defaultActions": []any{M{"type": "redirect", "redirect": M{"protocol": "HTTPS", "statusCode": "HTTP_301"}}}}), "http")
	}
	rule := func(typ string, actions ...any) Resource {
		return named(res(typ, M{"listenerArn": "arn:l", "priority": 10, "actions": actions, "conditions": []any{M{"pathPattern": M{"values": []any{"/api/*"}}}}}), "api")
	}
	forward := M{"type": "forward", "targetGroupArn": "arn:tg"}
	fixed := M{"type": "fixed-response", "fixedResponse": M{"contentType": "text/plain", "statusCode": "404"}}
	redirect := M{"type": "redirect", "redirect": M{"protocol": "HTTPS", "statusCode": "HTTP_301"}}
	on := func(l, r Resource) fixture {
		return fixture{[]Resource{l, r}, map[int]map[string][]int{1: {"listenerArn": {0}}}}
	}
	https := named(res(ALBListener, M{"protocol": "HTTPS", "sslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06", "certificateArn": unknown}), "https")
	cert := func(typ string) Resource { return named(res(typ, M{"domainName": "api.example.org"}), "cert") }
	withCert := func(l Resource, c Resource) fixture {
		return fixture{[]Resource{l, c}, map[int]map[string][]int{0: {"certificateArn": {1}}}}
	}
	extraCert := func(arn any) Resource {
		return named(res("aws:lb/listenerCertificate:ListenerCertificate", M{"listenerArn": "arn:l", "certificateArn": arn}), "extra")
	}
	runOutcomeCases(t, []outcomeCase{
		{"a forwarding rule on the HTTP listener fails", "alb-https-or-redirect", on(listener("HTTP"), rule("aws:lb/listenerRule:ListenerRule", forward)), "violation", `a rule on the HTTP listener http forwards plaintext (actions[0] is a "forward" action)`},
		{"an aws:alb forwarding rule on a listener of default protocol fails", "alb-https-or-redirect",
			on(named(res(ALBListener, M{"defaultActions": []any{redirect}}), "http"), rule("aws:alb/listenerRule:ListenerRule", forward)), "violation", "forwards plaintext"},
		{"a fixed response on the HTTP listener passes", "alb-https-or-redirect", on(listener("HTTP"), rule("aws:lb/listenerRule:ListenerRule", fixed)), "pass", ""},
		{"a redirect to HTTPS on the HTTP listener passes", "alb-https-or-redirect", on(listener("HTTP"), rule("aws:lb/listenerRule:ListenerRule", redirect)), "pass", ""},
		{"a forwarding rule on the HTTPS listener passes", "alb-https-or-redirect", on(listener("HTTPS"), rule("aws:lb/listenerRule:ListenerRule", forward)), "pass", ""},
		{"a listener protocol unknown at preview defers", "alb-https-or-redirect", on(listener(unknown), rule("aws:lb/listenerRule:ListenerRule", forward)), "deferred", ""},

		{"an ACM certificate made in the stack passes", "lb-certificate-from-acm", withCert(https, cert(ACMCertificate)), "pass", ""},
		{"an IAM server certificate made in the stack fails", "lb-certificate-from-acm", withCert(https, cert("aws:iam/serverCertificate:ServerCertificate")), "violation", "comes from an IAM server certificate"},
		{"a listener certificate from IAM fails", "lb-certificate-from-acm", withCert(extraCert(unknown), cert("aws:iam/serverCertificate:ServerCertificate")), "violation", "IAM server certificate"},
		{"a certificate of unknown origin defers", "lb-certificate-from-acm", one(https), "deferred", ""},
		{"a known IAM certificate ARN on a listener certificate fails", "alb-tls-policy-and-acm",
			one(extraCert("arn:aws:iam::111122223333:server-certificate/portal")), "violation", "certificateArn is an IAM server certificate"},
		{"a known ACM ARN in GovCloud passes", "alb-tls-policy-and-acm",
			one(extraCert("arn:aws-us-gov:acm:us-gov-west-1:111122223333:certificate/x")), "pass", ""},
	})
}

// The public tier is what the tags declare (Tier=public, awsx's
// SubnetType=Public) or what routes to an internet gateway; a subnet
// declared private must not route there.
func TestPublicTierIsDeclaredOrRoutedToAnInternetGateway(t *testing.T) {
	subnet := func(tags M) Resource {
		props := M{"vpcId": "vpc-1", "mapPublicIpOnLaunch": true}
		if tags != nil {
			props["tags"] = tags
		}
		return named(res(Subnet, props), "subnet")
	}
	igw := named(res("aws:ec2/internetGateway:InternetGateway", M{"vpcId": "vpc-1"}), "igw")
	nat := named(res("aws:ec2/natGateway:NatGateway", M{"subnetId": "subnet-pub"}), "nat")
	table := func(tags M) Resource {
		props := M{"vpcId": "vpc-1"}
		if tags != nil {
			props["tags"] = tags
		}
		return named(res("aws:ec2/routeTable:RouteTable", props), "rt")
	}
	route := func(gw string) Resource {
		props := M{"routeTableId": unknown, "destinationCidrBlock": "0.0.0.0/0"}
		props[gw] = unknown
		return named(res(Route, props), "default")
	}
	assoc := named(res("aws:ec2/routeTableAssociation:RouteTableAssociation", M{"subnetId": unknown, "routeTableId": unknown}), "assoc")
	// subnet 0, gateway 1, table 2, route 3, association 4
	routed := func(sn Resource, gateway Resource, gw string, rt Resource) fixture {
		return fixture{[]Resource{sn, gateway, rt, route(gw), assoc}, map[int]map[string][]int{
			3: {"routeTableId": {2}, gw: {1}}, 4: {"subnetId": {0}, "routeTableId": {2}}}}
	}
	inline := func(sn Resource) fixture {
		rt := table(nil)
		rt.Props = val(M{"vpcId": "vpc-1", "routes": []any{M{"cidrBlock": "0.0.0.0/0", "gatewayId": unknown}}}).AsMap()
		return fixture{[]Resource{sn, igw, rt, assoc}, map[int]map[string][]int{2: {"routes": {1}}, 3: {"subnetId": {0}, "routeTableId": {2}}}}
	}
	rule := "public-tier-confined"
	runOutcomeCases(t, []outcomeCase{
		{"awsx's SubnetType=Public tag is the public tier", rule, one(subnet(M{"SubnetType": "Public", "Name": "vpc-public-1"})), "pass", ""},
		{"Tier=public is the public tier", rule, one(subnet(M{"Tier": "public"})), "pass", ""},
		{"an untagged subnet routed to an internet gateway is the public tier", rule, routed(subnet(nil), igw, "gatewayId", table(nil)), "pass", ""},
		{"inline routes to an internet gateway make the public tier too", rule, inline(subnet(nil)), "pass", ""},
		{"a known igw- id is an internet gateway", rule,
			fixture{[]Resource{subnet(nil), table(nil), named(res(Route, M{"routeTableId": unknown, "gatewayId": "igw-0abc"}), "default"), assoc},
				map[int]map[string][]int{2: {"routeTableId": {1}}, 3: {"subnetId": {0}, "routeTableId": {1}}}}, "pass", ""},
		{"an untagged subnet routed through a NAT gateway is private", rule, routed(subnet(nil), nat, "natGatewayId", table(nil)), "violation", "outside the public tier assigns public IPs"},
		{"awsx's SubnetType=Private is private", rule, one(subnet(M{"SubnetType": "Private"})), "violation", "outside the public tier"},
		{"a subnet declared private routed to an internet gateway fails", rule,
			routed(named(res(Subnet, M{"vpcId": "vpc-1", "tags": M{"Tier": "private"}}), "app"), igw, "gatewayId", table(nil)), "violation", "the route table of private subnet app routes to an internet gateway"},
		{"a route table tagged private routing to an internet gateway fails", rule,
			fixture{[]Resource{igw, table(M{"SubnetType": "Isolated"}), route("gatewayId")}, map[int]map[string][]int{2: {"routeTableId": {1}, "gatewayId": {0}}}}, "violation", "a route table tagged private routes to an internet gateway"},
		{"a gateway unknown at preview with no origin defers", rule,
			fixture{[]Resource{table(nil), named(res(Route, M{"routeTableId": unknown, "gatewayId": unknown}), "default")}, map[int]map[string][]int{1: {"routeTableId": {0}}}}, "deferred", ""},
		{"mapPublicIpOnLaunch unknown at preview defers", rule, one(named(res(Subnet, M{"mapPublicIpOnLaunch": unknown}), "s")), "deferred", ""},
	})
}

// Findings no correct stack could avoid, or that contradict what AWS
// already guarantees, are gone (issue 13, part 3).
func TestNoFindingsOnWhatAWSAlreadyGuarantees(t *testing.T) {
	bucket := bucketNamed("docs", "Internal")
	withOwnership := func(mode string, extra ...Resource) fixture {
		rs := []Resource{bucket, named(res(S3OwnershipControls, M{"bucket": "docs-id", "rule": M{"objectOwnership": mode}}), "own")}
		deps := map[int]map[string][]int{1: {"bucket": {0}}}
		for i, r := range extra {
			rs = append(rs, r)
			deps[2+i] = map[string][]int{"bucket": {0}}
		}
		return fixture{rs, deps}
	}
	grant := func(grantee M) Resource {
		return named(res(S3BucketAclV2, M{"bucket": "docs-id", "accessControlPolicy": M{"owner": M{"id": "owner-id"},
			"grants": []any{M{"permission": "FULL_CONTROL", "grantee": M{"type": "CanonicalUser", "id": "owner-id"}}, M{"permission": "READ", "grantee": grantee}}}}), "acl")
	}
	partner := M{"type": "CanonicalUser", "id": "partner-id"}
	trail := func(props M) Resource {
		m := M{"isMultiRegionTrail": true, "enableLogFileValidation": true, "cloudWatchLogsGroupArn": "arn:g", "kmsKeyId": "arn:k"}
		for k, v := range props {
			m[k] = v
		}
		return named(res(CloudTrail, m), "trail")
	}
	runOutcomeCases(t, []outcomeCase{
		{"a task definition without a task role has no credentials to scope", "ecs-task-role-scoped",
			one(named(res(ECSTaskDefinition, M{"executionRoleArn": "arn:exec", "containerDefinitions": "[]"}), "td")), "pass", ""},
		{"a task role equal to the execution role still fails", "ecs-task-role-scoped",
			one(named(res(ECSTaskDefinition, M{"taskRoleArn": "arn:r", "executionRoleArn": "arn:r"}), "td")), "violation", "taskRoleArn equals executionRoleArn"},

		{"a new bucket without ownership controls has ACLs disabled", "s3-acls-disabled", one(bucket), "pass", ""},
		{"ObjectWriter ownership alone grants nothing", "s3-acls-disabled", withOwnership("ObjectWriter"), "pass", ""},
		{"ObjectWriter ownership with a grant to another account fails", "s3-acls-disabled", withOwnership("ObjectWriter", grant(partner)), "violation",
			"accessControlPolicy.grants[1] grants access outside the bucket owner while own sets objectOwnership \"ObjectWriter\""},
		{"BucketOwnerPreferred with a log-delivery grant fails", "s3-acls-disabled",
			withOwnership("BucketOwnerPreferred", grant(M{"type": "Group", "uri": "http://acs.amazonaws.com/groups/s3/LogDelivery"})), "violation", "so ACLs apply"},
		{"a grant to everyone fails whatever the ownership", "s3-acls-disabled",
			withOwnership("BucketOwnerEnforced", grant(M{"type": "Group", "uri": "http://acs.amazonaws.com/groups/global/AllUsers"})), "violation", "grants access to http://acs.amazonaws.com/groups/global/AllUsers"},
		{"a canned public ACL inline fails", "s3-acls-disabled", one(named(res(S3Bucket, M{"acl": "public-read", "tags": M{"DataClassification": "Public"}}), "site")), "violation", `acl is "public-read"`},
		{"the private canned ACL passes", "s3-acls-disabled", one(named(res(S3Bucket, M{"acl": "private", "tags": M{"DataClassification": "Internal"}}), "site")), "pass", ""},

		{"an unset includeGlobalServiceEvents is AWS's default, true", "cloudtrail-baseline", one(trail(M{})), "pass", ""},
		{"includeGlobalServiceEvents false fails", "cloudtrail-baseline", one(trail(M{"includeGlobalServiceEvents": false})), "violation", "includeGlobalServiceEvents is false"},
		{"an unset storageEncrypted on a serverless v1 cluster is AWS's default, true", "aurora-storage-encrypted-cmk",
			one(named(res(RDSCluster, M{"engineMode": "serverless", "kmsKeyId": "arn:k"}), "db")), "pass", ""},
	})
	for _, typ := range []string{"aws:s3/bucketObject:BucketObject", "aws:s3/bucketObjectv2:BucketObjectv2", "aws:s3/objectCopy:ObjectCopy"} {
		if ByName("required-tags").AppliesTo(typ) {
			t.Errorf("required-tags applies to S3 objects (%s)", typ)
		}
	}
	if !ByName("required-tags").AppliesTo(S3BucketV2) {
		t.Error("required-tags no longer applies to buckets")
	}
}

// Classic Load Balancers (aws:elb) are read by the listener, certificate
// and access-log rules, as cdk-nag's ELB* and AWS Config's elb-* rules do.
func TestClassicLoadBalancers(t *testing.T) {
	elb := func(props M) Resource { return named(res("aws:elb/loadBalancer:LoadBalancer", props), "legacy") }
	https := M{"instancePort": 8443, "instanceProtocol": "HTTPS", "lbPort": 443, "lbProtocol": "HTTPS", "sslCertificateId": "arn:aws:acm:us-east-1:111122223333:certificate/x"}
	runOutcomeCases(t, []outcomeCase{
		{"an HTTPS listener passes", "alb-https-or-redirect", one(elb(M{"listeners": []any{https}})), "pass", ""},
		{"an HTTP listener fails", "alb-https-or-redirect",
			one(elb(M{"listeners": []any{M{"instancePort": 80, "instanceProtocol": "HTTP", "lbPort": 80, "lbProtocol": "HTTP"}}})), "violation", `listeners[0] listens with "HTTP", in plaintext`},
		{"an ACM certificate passes", "alb-tls-policy-and-acm", one(elb(M{"listeners": []any{https}})), "pass", ""},
		{"an IAM certificate fails", "alb-tls-policy-and-acm",
			one(elb(M{"listeners": []any{M{"lbPort": 443, "lbProtocol": "SSL", "instancePort": 8443, "instanceProtocol": "SSL", "sslCertificateId": "arn:aws:iam::111122223333:server-certificate/x"}}})), "violation", "sslCertificateId is not an ACM certificate"},
		{"access logs with a bucket are on by default", "alb-access-logs", one(elb(M{"accessLogs": M{"bucket": "logs"}})), "pass", ""},
		{"no access logs fail", "alb-access-logs", one(elb(M{})), "violation", "accessLogs is unset"},
		{"access logs turned off fail", "alb-access-logs", one(elb(M{"accessLogs": M{"bucket": "logs", "enabled": false}})), "violation", "accessLogs.enabled is false"},
	})
}
