package engine_test

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/carestack/carestack/infra/estate"
	"github.com/carestack/carestack/internal/compliance"
	"github.com/carestack/carestack/internal/report"
	"github.com/carestack/carestack/policy/rules"
)

// `pulumi preview --stack dev --policy-pack policy`, the command users type:
// the pack alone, no --policy-pack-config. Dev's thresholds are the pack's
// (rules.Environments), so it passes like CI's preview with the config.
func TestDevPreviewsCleanWithThePackAndNoPolicyConfig(t *testing.T) {
	e := setup(t)
	o := e.preview(t, e.workspace(t, "dev", estate.Program, nil), noPolicyConfig)
	if o.err != nil {
		t.Fatalf("preview failed: %v\n%s", o.err, lastLines(o.output, 40))
	}
	if m := o.mandatory(); len(m) != 0 {
		t.Errorf("mandatory violations: %v", m)
	}
}

// documentedStagingStack is the stack file docs/stacks.md shows under
// "Adding a stack", read from the doc so the test follows what it says.
func documentedStagingStack(t *testing.T, root string) string {
	t.Helper()
	doc, err := os.ReadFile(filepath.Join(root, "docs", "stacks.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindSubmatch(doc)
	if m == nil {
		t.Fatal("docs/stacks.md shows no stack file")
	}
	// The doc indents the block inside a list item.
	return regexp.MustCompile(`(?m)^   `).ReplaceAllString(string(m[1]), "")
}

// A staging stack added the documented way (one file, no policy config)
// previews through the engine with the pack at staging's levels, and the
// report command's evaluation of it is clean too.
func TestAStagingStackAddedTheDocumentedWayPreviewsAndReports(t *testing.T) {
	e := setup(t)
	stackFile := documentedStagingStack(t, e.root)
	o := e.preview(t, e.workspace(t, "staging", estate.Program, func(string) string { return stackFile }), noPolicyConfig)
	if o.err != nil {
		t.Fatalf("preview failed: %v\n%s", o.err, lastLines(o.output, 40))
	}
	if m := o.mandatory(); len(m) != 0 {
		t.Errorf("mandatory violations: %v", m)
	}

	dir := t.TempDir()
	project, err := os.ReadFile(filepath.Join(e.root, "Pulumi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string][]byte{"Pulumi.yaml": project, "Pulumi.staging.yaml": []byte(stackFile)} {
		if err := os.WriteFile(filepath.Join(dir, name), body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, err := compliance.EvaluateStack(dir, "staging", estate.Program)
	if err != nil {
		t.Fatal(err)
	}
	if c.Env != rules.Staging || len(c.Mandatory()) != 0 {
		t.Errorf("offline: env %s, %d mandatory violations", c.Env, len(c.Mandatory()))
	}
	pc, err := compliance.LoadPolicyConfig(compliance.PolicyConfigPath(dir, "staging"))
	if err != nil {
		t.Fatal(err)
	}
	rep := report.FromCompliance(c, pc, report.Inputs{Dir: e.root, Source: report.Source{Kind: report.SourceOffline}})
	if rep == nil {
		t.Fatal("no report")
	}
}
