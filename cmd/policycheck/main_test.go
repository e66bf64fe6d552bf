package main

import (
	"os"
	"path/filepath"
	"testing"
)

func project(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestPolicycheckRefusesAWeakenedGateBeforeThePreview(t *testing.T) {
	const stackFile = "config:\n  carestack:environment: dev\n"
	tests := []struct {
		name  string
		files map[string]string
		stack string
		want  int
	}{
		{"the shipped stacks pass", nil, "", 0},
		{"a stack without policy config passes", map[string]string{"Pulumi.qa.yaml": stackFile}, "qa", 0},
		{"a non-exceptable rule disabled", map[string]string{"Pulumi.qa.yaml": stackFile,
			"policy/config/qa.json": `{"version": 2, "policies": {"no-plaintext-secrets-in-taskdef": "disabled"}}`}, "qa", 1},
		{"every rule disabled through all", map[string]string{"Pulumi.qa.yaml": stackFile,
			"policy/config/qa.json": `{"version": 2, "policies": {"all": "disabled"}}`}, "qa", 1},
		{"a misspelt stack key", map[string]string{"Pulumi.qa.yaml": stackFile + "  carestack:databse: {readerCount: 2}\n"}, "qa", 1},
		{"an unknown stack", map[string]string{"Pulumi.qa.yaml": stackFile}, "staging", 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := "../.."
			if tc.files != nil {
				dir = project(t, tc.files)
			}
			if got := run(dir, tc.stack); got != tc.want {
				t.Errorf("exit %d, want %d", got, tc.want)
			}
		})
	}
}
