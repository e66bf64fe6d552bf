package compliance

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/carestack/carestack/infra/estate"
	"github.com/carestack/carestack/internal/offline"
	"github.com/carestack/carestack/policy/rules"
)

// StagingStackFile is the stack file docs/operations.md ("Adding a stack")
// shows for a new staging stack: its environment, its DR region and its
// data; every other key has a secure default.
const StagingStackFile = `config:
  carestack:environment: staging
  carestack:dr:
    region: us-west-2
  carestack:buckets:
    - name: visit-docs
      classification: PHI
`

// A stack is data: one stack file, no policy config, and the stack is
// evaluated at its environment's levels with zero mandatory violations.
func TestANewStackAddedTheDocumentedWayIsEvaluated(t *testing.T) {
	root, err := offline.ProjectDir()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	project, err := os.ReadFile(filepath.Join(root, "Pulumi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{"Pulumi.yaml": string(project), "Pulumi.staging.yaml": StagingStackFile} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := EvaluateStack(dir, "staging", estate.Program)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Env != rules.Staging {
		t.Errorf("env = %s, want staging", rep.Env)
	}
	if rep.Resources == 0 {
		t.Error("no resources evaluated")
	}
	for _, m := range rep.Mandatory() {
		t.Errorf("mandatory violation: %s", m.Message)
	}
}
