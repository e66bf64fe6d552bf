package compliance

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/carestack/carestack/policy/rules"
)

func writeConfig(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "stack.json")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// Every way a policy config can lower a non-exceptable rule is refused,
// naming the rule; lowering an exceptable rule is the config's to decide.
func TestPolicyConfigRefusesWeakeningANonExceptableRule(t *testing.T) {
	cases := []struct {
		name, body string
		want       []string // substrings of the error; none means accepted
	}{
		{"level disabled by name", `{"version": 2, "policies": {"no-plaintext-secrets-in-taskdef": "disabled"}}`,
			[]string{`policies.no-plaintext-secrets-in-taskdef = "disabled" would make no-plaintext-secrets-in-taskdef (IAM-08) disabled, but it is non-exceptable`}},
		{"level advisory by name", `{"version": 2, "policies": {"no-access-keys": "advisory"}}`,
			[]string{`no-access-keys (IAM-01) advisory, but it is non-exceptable`}},
		{"level in an object", `{"version": 2, "policies": {"aurora-storage-encrypted-cmk": {"enforcementLevel": "disabled"}}}`,
			[]string{`aurora-storage-encrypted-cmk (ENC-01) disabled`}},
		{"all disabled", `{"version": 2, "policies": {"all": "disabled"}}`,
			[]string{`policies.all = "disabled" would make no-access-keys (IAM-01) disabled`, `aurora-storage-encrypted-cmk (ENC-01)`}},
		{"exception naming it", `{"version": 2, "exceptions": {"EXC-1": {"reason": "legacy", "match": [{"policies": ["no-access-keys"], "targets": ["urn:pulumi:dev::carestack::aws:iam/accessKey:AccessKey::k"]}]}}}`,
			[]string{`exception EXC-1: no-access-keys (IAM-01) may not be excepted`}},
		{"exceptable rule advisory", `{"version": 2, "policies": {"log-retention": "advisory"}}`, nil},
		{"mandatory is always fine", `{"version": 2, "policies": {"no-access-keys": "mandatory"}}`, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadPolicyConfig(writeConfig(t, tc.body))
			if len(tc.want) == 0 {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\nlacks %q", err, w)
				}
			}
		})
	}
}

// A stack needs no policy config: its environment's thresholds are the
// pack's, so dev's 90-day log retention passes without policy/config/dev.json.
func TestAStackWithoutPolicyConfigGetsItsEnvironmentsThresholds(t *testing.T) {
	pc, err := LoadPolicyConfig(filepath.Join(t.TempDir(), "missing.json"))
	if err != nil {
		t.Fatal(err)
	}
	lg := rules.Resource{Type: rules.LogGroup, URN: "urn:pulumi:dev::p::aws:cloudwatch/logGroup:LogGroup::app", Name: "app"}
	lg.Props = mustProps(t, map[string]any{"retentionInDays": 90.0, "kmsKeyId": "arn:aws:kms:us-east-1:1:key/k",
		"tags": map[string]any{"DataClassification": "Internal", "Owner": "o", "Environment": "dev", "Service": "s"}})
	for env, want := range map[rules.Env]int{rules.Dev: 0, rules.Staging: 1, rules.Prod: 1} {
		rep := EvaluateResources("s", env, []rules.Resource{lg}, pc)
		got := 0
		for _, r := range rep.Results {
			if r.Rule == "log-retention" && r.Outcome == rules.Violation {
				got++
			}
		}
		if got != want {
			t.Errorf("%s: %d log-retention violations, want %d", env, got, want)
		}
	}
}

func mustProps(t *testing.T, m map[string]any) property.Map {
	t.Helper()
	return resource.FromResourcePropertyMap(resource.NewPropertyMapFromMap(m))
}
