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
	want := []string{"alb-deletion-protection", "audit-bucket-immutability", "aurora-deletion-safety", "aurora-multi-az", "backup-plan-quality",
		"ecs-autoscaling", "ecs-service-ha", "no-destroy-paths", "s3-replication-dr"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("dev advisory rules = %v, want %v", names, want)
	}
}

// Rules that cannot see anything in the mocked estate: the DMS tier is
// still to be built (issue 7); the VPC and its subnets are awsx children,
// which only the engine sees; the estate makes no IAM users, access keys or
// Secrets Manager secrets by design. Listed so none is skipped silently.
var notApplicableOffline = []string{
	"dms-kms", "dms-endpoint-ssl", "dms-private", "default-sg-closed", "vpc-flow-logs", "public-tier-confined",
	"no-access-keys", "no-iam-users", "no-user-attached-policies", "secret-cmk", "secrets-rotated",
}

func TestRulesWithNothingToCheckOfflineAreListed(t *testing.T) {
	rep := evaluate(t, "prod")
	var got []string
	for _, r := range rules.Catalog {
		if !rep.Applicable[r.Name] {
			got = append(got, r.Name)
		}
	}
	sort.Strings(got)
	want := append([]string(nil), notApplicableOffline...)
	sort.Strings(want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rules not applicable offline = %v\nwant %v", got, want)
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
