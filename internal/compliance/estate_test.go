package compliance_test

import (
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/carestack/carestack/infra/estate"
	"github.com/carestack/carestack/internal/compliance"
	"github.com/carestack/carestack/internal/offline"
	"github.com/carestack/carestack/policy/rules"
)

func evaluate(t *testing.T, stack string) *compliance.Report {
	t.Helper()
	dir, err := offline.ProjectDir()
	if err != nil {
		t.Fatal(err)
	}
	rep, err := compliance.EvaluateStack(dir, stack, estate.Program)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestShippedStacksHaveNoMandatoryViolations(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		rep := evaluate(t, stack)
		for _, v := range rep.Mandatory() {
			t.Errorf("%s: %s", stack, v.Message)
		}
	}
}

func TestProdHasNoViolationAndDevOnlyAdvisoryOnes(t *testing.T) {
	for _, r := range evaluate(t, "prod").Results {
		t.Errorf("prod: %s %s", r.Outcome, r.Message)
	}
	got := map[string]bool{}
	for _, r := range evaluate(t, "dev").Results {
		if r.Level != rules.Advisory {
			t.Errorf("dev: %s at level %s", r.Message, r.Level)
		}
		got[r.Rule] = true
	}
	var names []string
	for n := range got {
		names = append(names, n)
	}
	sort.Strings(names)
	// access-log-retention: dev keeps access logs 90 days; ecs-scaling-floor:
	// dev's worker scales down to one task. Both advisory in dev by design.
	want := []string{"access-log-retention", "alb-deletion-protection", "audit-bucket-immutability", "aurora-deletion-safety", "aurora-multi-az", "backup-plan-quality",
		"ecs-autoscaling", "ecs-scaling-floor", "ecs-service-ha", "no-destroy-paths", "s3-replication-dr"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("dev advisory rules = %v, want %v", names, want)
	}
}

// Rules that see nothing in the mocked estate because of what it is: the
// DMS tier is off in prod, and the estate makes no IAM users, access keys or
// Secrets Manager secrets by design. Listed so none is skipped silently.
var notApplicableOffline = []string{
	"dms-kms", "dms-endpoint-ssl", "dms-private",
	"no-access-keys", "no-iam-users", "no-user-attached-policies", "secret-cmk", "secrets-rotated",
}

// Rules that judge the VPC and its subnets, which awsx makes in the engine:
// the mock never sees them, so offline they are not evaluated, never "not
// applicable" or "pass".
var notEvaluatedOffline = []string{"default-sg-closed", "public-tier-confined", "vpc-flow-logs"}

func TestRulesWithNothingToCheckOfflineAreListed(t *testing.T) {
	rep := evaluate(t, "prod")
	awsx := map[string]bool{}
	for _, typ := range compliance.ComponentChildren["awsx:ec2:Vpc"] {
		awsx[typ] = true
	}
	for _, r := range rules.Catalog {
		subjects := compliance.Subjects(r)
		onlyAwsx := len(subjects) > 0
		for _, typ := range subjects {
			onlyAwsx = onlyAwsx && awsx[typ]
		}
		_, notEvaluated := rep.NotEvaluated[r.Name]
		switch {
		case onlyAwsx && !notEvaluated:
			t.Errorf("%s judges only what awsx makes (%v) but is not reported as not evaluated", r.Name, subjects)
		case notEvaluated && rep.Applicable[r.Name]:
			t.Errorf("%s is both applicable and not evaluated", r.Name)
		case rep.Applicable[r.Name] != (len(rep.Checked[r.Name]) > 0 || len(subjects) == 0):
			t.Errorf("%s: applicable %v but checked %v", r.Name, rep.Applicable[r.Name], rep.Checked[r.Name])
		}
	}
	for _, name := range notEvaluatedOffline {
		if why := rep.NotEvaluated[name]; !strings.Contains(why, "inside awsx:ec2:Vpc network") {
			t.Errorf("%s: not evaluated because %q, want it to name the awsx VPC", name, why)
		}
	}
	for _, name := range notApplicableOffline {
		if rep.Applicable[name] || rep.NotEvaluated[name] != "" {
			t.Errorf("%s: applicable %v, not evaluated %q; want not applicable", name, rep.Applicable[name], rep.NotEvaluated[name])
		}
	}
	if !strings.Contains(rep.Unseen["required-tags"], rules.VPC) {
		t.Errorf("required-tags: unseen %q, want the awsx VPC's types", rep.Unseen["required-tags"])
	}
}

func TestEvaluationListsWhatEachRuleChecked(t *testing.T) {
	rep := evaluate(t, "prod")
	var keys, buckets []string
	for _, s := range rep.Inventory {
		switch s.Type {
		case rules.KMSKey:
			keys = append(keys, s.URN)
		case rules.S3BucketV2:
			buckets = append(buckets, s.URN)
		}
	}
	tests := []struct {
		rule string
		want []string
	}{
		{"kms-rotation", keys},              // a resource rule: every resource of its types
		{"s3-public-access-block", buckets}, // a stack rule: its subjects, the buckets
		{"trail-exists", nil},               // a stack rule without types: the stack as a whole
	}
	for _, tt := range tests {
		if got := rep.Checked[tt.rule]; !reflect.DeepEqual(got, tt.want) || !rep.Applicable[tt.rule] {
			t.Errorf("%s checked %v, want %v", tt.rule, got, tt.want)
		}
	}
	if len(keys) == 0 || len(buckets) == 0 || len(rep.Inventory) != rep.Resources {
		t.Errorf("inventory of %d resources, %d keys, %d buckets", len(rep.Inventory), len(keys), len(buckets))
	}
}

func TestADisabledRuleIsStillEvaluatedAtLevelDisabled(t *testing.T) {
	dir, _ := offline.ProjectDir()
	res, err := offline.RunStack(dir, "prod", estate.Program)
	if err != nil {
		t.Fatal(err)
	}
	p := t.TempDir() + "/prod.json"
	urn := ""
	for _, r := range res.Resources {
		if r.Type == rules.LogGroup && r.Name == "network-flow-logs" {
			urn = r.URN
		}
	}
	// The exception would match, but the engine never runs a disabled
	// policy, so nothing is excepted.
	os.WriteFile(p, []byte(`{"version":2,"policies":{"log-retention":"disabled"},"exceptions":{"EXC-1":{"reason":"r","match":[{"policies":["log-retention"],"targets":["`+urn+`"]}]}}}`), 0o644)
	pc, err := compliance.LoadPolicyConfig(p)
	if err != nil {
		t.Fatal(err)
	}
	broken := mutate(compliance.ToRules(res), rules.LogGroup, "network-flow-logs", "retentionInDays", property.New(30.0))
	rep := compliance.EvaluateResources("prod", rules.Prod, broken, pc)
	var got []compliance.Result
	for _, x := range rep.Results {
		if x.Rule == "log-retention" {
			got = append(got, x)
		}
	}
	if len(got) != 1 || got[0].Level != rules.Disabled || got[0].URN != urn || got[0].ExceptionID != "" || len(rep.Mandatory()) != 0 {
		t.Errorf("log-retention results %+v (mandatory %v), want one at level disabled, not excepted, failing nothing", got, rep.Mandatory())
	}
}

// mutate breaks one setting of one resource in the prod estate.
func mutate(rs []rules.Resource, typ, name, key string, v property.Value) []rules.Resource {
	out := append([]rules.Resource(nil), rs...)
	for i := range out {
		if out[i].Type == typ && out[i].Name == name {
			out[i].Props = out[i].Props.Set(key, v)
		}
	}
	return out
}

func TestEachBrokenSettingIsCaughtByExactlyItsRule(t *testing.T) {
	dir, _ := offline.ProjectDir()
	res, err := offline.RunStack(dir, "prod", estate.Program)
	if err != nil {
		t.Fatal(err)
	}
	pc, err := compliance.LoadPolicyConfig(compliance.PolicyConfigPath(dir, "prod"))
	if err != nil {
		t.Fatal(err)
	}
	base := compliance.ToRules(res)
	tests := []struct {
		typ, name, key string
		value          property.Value
		want           []string
	}{
		{rules.RDSCluster, "aurora", "storageEncrypted", property.New(false), []string{"aurora-storage-encrypted-cmk"}},
		{rules.RDSCluster, "aurora", "deletionProtection", property.New(false), []string{"aurora-deletion-safety"}},
		{rules.RDSCluster, "aurora", "backupRetentionPeriod", property.New(1.0), []string{"aurora-backup-retention"}},
		{rules.RDSClusterInstance, "aurora-writer", "publiclyAccessible", property.New(true), []string{"db-instances-private"}},
		{rules.KMSKey, "keys-data", "enableKeyRotation", property.New(false), []string{"kms-rotation"}},
		{rules.LogGroup, "network-flow-logs", "retentionInDays", property.New(30.0), []string{"log-retention"}},
		{rules.CloudTrail, "audit", "isMultiRegionTrail", property.New(false), []string{"cloudtrail-baseline"}},
		{rules.S3PublicAccessBlock, "audit-trail-pab", "blockPublicPolicy", property.New(false), []string{"s3-public-access-block"}},
		{rules.S3VersioningV2, "audit-trail-versioning", "versioningConfiguration", property.New(map[string]property.Value{"status": property.New("Suspended")}), []string{"s3-versioning"}},
		{rules.RDSClusterParameterGroup, "aurora-params", "parameters", property.New([]property.Value{}), []string{"aurora-require-tls"}},
	}
	for _, tt := range tests {
		t.Run(tt.typ+"."+tt.key, func(t *testing.T) {
			rep := compliance.EvaluateResources("prod", rules.Prod, mutate(base, tt.typ, tt.name, tt.key, tt.value), pc)
			got := map[string]bool{}
			for _, v := range rep.Mandatory() {
				got[v.Rule] = true
			}
			var names []string
			for n := range got {
				names = append(names, n)
			}
			sort.Strings(names)
			if !reflect.DeepEqual(names, tt.want) {
				t.Errorf("violations %v, want %v", names, tt.want)
			}
		})
	}
}

func TestPolicyConfigsRefuseBadExceptions(t *testing.T) {
	dir, _ := offline.ProjectDir()
	for _, stack := range []string{"dev", "prod"} {
		if _, err := compliance.LoadPolicyConfig(compliance.PolicyConfigPath(dir, stack)); err != nil {
			t.Errorf("%s: %v", stack, err)
		}
	}
}

func TestBIReplicaRuleSeesTheTaggedReplica(t *testing.T) {
	dir, _ := offline.ProjectDir()
	res, err := offline.RunStack(dir, "prod", estate.Program)
	if err != nil {
		t.Fatal(err)
	}
	pc, _ := compliance.LoadPolicyConfig(compliance.PolicyConfigPath(dir, "prod"))
	broken := mutate(compliance.ToRules(res), rules.RDSClusterInstance, "aurora-bi", "promotionTier", property.New(1.0))
	rep := compliance.EvaluateResources("prod", rules.Prod, broken, pc)
	if got := rep.Mandatory(); len(got) != 1 || got[0].Rule != "bi-reader-endpoint" {
		t.Errorf("BI replica at promotion tier 1: violations %v, want bi-reader-endpoint", got)
	}
}

func TestPolicyConfigRejectsSettingsTheEngineWouldIgnore(t *testing.T) {
	tests := []struct{ config, want string }{
		{`{"version":2,"policies":{"aurora-multi-az":{"minInstances":1}}}`, "AVL-01 is a stack rule and the engine gives stack policies no config"},
		{`{"version":2,"policies":{"log-retention":{"minRetentionDay":30}}}`, "policies.log-retention.minRetentionDay is not a setting of LOG-05 (settings: allowNeverExpire, minRetentionDays)"},
		{`{"version":2,"exceptions":{"X":{"reason":"r","match":[{"policies":["no-access-keys"],"targets":["urn:x"]}]}}}`, "no-access-keys (IAM-01) may not be excepted"},
		{`{"version":2,"exceptions":{"X":{"reason":" ","match":[{"policies":["log-retention"],"targets":["urn:x"]}]}}}`, "exception X has no reason"},
	}
	for _, tt := range tests {
		p := t.TempDir() + "/c.json"
		if err := os.WriteFile(p, []byte(tt.config), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := compliance.LoadPolicyConfig(p); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.config, err, tt.want)
		}
	}
}
