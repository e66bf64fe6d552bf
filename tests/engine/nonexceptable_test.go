package engine_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const auroraURN = "urn:pulumi:prod::carestack::carestack:database:Aurora$aws:rds/cluster:Cluster::aurora"

// Every way a policy config can weaken a non-exceptable rule, tried through
// the real CLI on a prod stack whose Aurora cluster is unencrypted
// (aurora-storage-encrypted-cmk, ENC-01, non-exceptable): the pack refuses
// the config when the engine configures it, before any step, naming the
// rule; the preview fails.
func TestEveryWayToWeakenANonExceptableRuleFailsThePreviewNamingIt(t *testing.T) {
	e := setup(t)
	const rule = "aurora-storage-encrypted-cmk"
	tests := []struct {
		name, config, want string
	}{
		{"disabled by name", fmt.Sprintf(`{"version": 2, "policies": {%q: "disabled"}}`, rule), rule + ` (ENC-01) to "disabled"`},
		{"advisory by name", fmt.Sprintf(`{"version": 2, "policies": {%q: {"enforcementLevel": "advisory"}}}`, rule), rule + ` (ENC-01) to "advisory"`},
		{"all disabled", `{"version": 2, "policies": {"all": "disabled"}}`, `"all" to "disabled"`},
		{"all advisory", `{"version": 2, "policies": {"all": "advisory"}}`, `"all" to "advisory"`},
		{"an engine exception", fmt.Sprintf(`{"version": 2, "exceptions": {"EXC-9": {"reason": "key migration", "match": [{"policies": [%q], "targets": [%q]}]}}}`, rule, auroraURN),
			`policy exception "EXC-9" in `},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			os.Remove(e.logPath)
			s := e.workspace(t, "prod", broken("aws:rds/cluster:Cluster", "aurora", "storageEncrypted", pulumi.Bool(false)), nil)
			o := e.preview(t, s, e.policyConfig(t, "prod", tt.config))
			if o.err == nil {
				t.Fatalf("the preview passed\n%s", lastLines(o.output, 20))
			}
			flat := strings.Join(strings.Fields(o.output), " ")
			for _, w := range []string{tt.want, rule, "non-exceptable"} {
				if !strings.Contains(flat, w) {
					t.Errorf("the output does not say %q:\n%s", w, lastLines(o.output, 20))
				}
			}
			if log, _ := os.ReadFile(e.logPath); strings.Contains(string(log), `"op":"check"`) {
				t.Errorf("resources reached the provider before the refusal")
			}
		})
	}
}
