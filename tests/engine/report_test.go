package engine_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/carestack/carestack/internal/report"
	"github.com/carestack/carestack/policy/rules"
)

// writeEventLog writes the run's events as JSON lines, the format of
// `pulumi preview --event-log FILE`.
func writeEventLog(t *testing.T, o outcome) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "events.json")
	var b strings.Builder
	for _, ev := range o.events {
		line, err := json.Marshal(ev)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReportFromARealBrokenPreviewMatchesThePacksFindings(t *testing.T) {
	e := setup(t)
	// Two broken settings: one mandatory violation and one excepted.
	program := func(ctx *pulumi.Context) error {
		if err := ctx.RegisterResourceTransform(func(_ context.Context, a *pulumi.ResourceTransformArgs) *pulumi.ResourceTransformResult {
			if a.Type == "aws:rds/cluster:Cluster" && a.Name == "aurora" {
				a.Props["backupRetentionPeriod"] = pulumi.Int(1)
				return &pulumi.ResourceTransformResult{Props: a.Props, Opts: a.Opts}
			}
			return nil
		}); err != nil {
			return err
		}
		return broken("aws:rds/cluster:Cluster", "aurora", "storageEncrypted", pulumi.Bool(false))(ctx)
	}
	cfg := fmt.Sprintf(`{"version": 2, "exceptions": {"EXC-T2": {"reason": "restore drill", "match": [{"policies": ["aurora-backup-retention"], "targets": [%q]}]}}}`, backupURN)
	o := e.preview(t, e.workspace(t, "prod", program, nil), e.policyConfig(t, "prod", cfg))
	if o.err == nil {
		t.Fatal("the broken preview passed")
	}
	f, err := os.Open(writeEventLog(t, o))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rep, err := report.FromEventLog("prod", rules.Prod, "events.json", f)
	if err != nil {
		t.Fatal(err)
	}
	type key struct{ rule, urn, exception string }
	var fromPack, fromReport []key
	violated := map[string]bool{}
	for _, p := range o.policy {
		if p.PolicyName == rules.CoveragePolicy {
			continue
		}
		k := key{p.PolicyName, p.ResourceURN, ""}
		if len(p.Exceptions) > 0 {
			k.exception = p.Exceptions[0].ID
		} else {
			violated[p.PolicyName] = true
		}
		fromPack = append(fromPack, k)
	}
	for _, v := range rep.Violations {
		fromReport = append(fromReport, key{v.Rule, v.URN, v.ExceptionID})
	}
	less := func(ks []key) func(i, j int) bool {
		return func(i, j int) bool { return ks[i].rule+ks[i].urn < ks[j].rule+ks[j].urn }
	}
	sort.Slice(fromPack, less(fromPack))
	sort.Slice(fromReport, less(fromReport))
	if !reflect.DeepEqual(fromReport, fromPack) {
		t.Errorf("report violations %v\npack findings      %v", fromReport, fromPack)
	}
	if rep.Totals[report.Violated] != len(violated) || rep.Totals[report.Excepted] != 1 || !rep.FailsGate() {
		t.Errorf("totals %v, want %d violated rules and 1 excepted (EXC-T2), gate failing", rep.Totals, len(violated))
	}
	if !violated["aurora-storage-encrypted-cmk"] {
		t.Errorf("the pack did not report the broken setting: %v", violated)
	}
}
