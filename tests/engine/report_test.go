package engine_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/carestack/carestack/internal/compliance"
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

// goneURN names a resource the estate does not have: an exception for it
// matches nothing, and the report must say so.
const goneURN = "urn:pulumi:prod::carestack::carestack:storage:Bucket$aws:s3/bucketV2:BucketV2::data-retired"

func TestReportFromARealBrokenPreviewMatchesThePacksFindings(t *testing.T) {
	e := setup(t)
	// Two broken settings, one mandatory violation and one excepted, and a
	// value unknown at preview.
	program := func(ctx *pulumi.Context) error {
		if err := ctx.RegisterResourceTransform(func(_ context.Context, a *pulumi.ResourceTransformArgs) *pulumi.ResourceTransformResult {
			switch {
			case a.Type == "aws:rds/cluster:Cluster" && a.Name == "aurora":
				a.Props["backupRetentionPeriod"] = pulumi.Int(1)
			case a.Type == rules.KMSKey && a.Name == "keys-data":
				// Unknown until apply: kms-rotation defers to `pulumi up`.
				a.Props["enableKeyRotation"] = pulumi.UnsafeUnknownOutput(nil).ApplyT(func(any) bool { return true }).(pulumi.BoolOutput)
			default:
				return nil
			}
			return &pulumi.ResourceTransformResult{Props: a.Props, Opts: a.Opts}
		}); err != nil {
			return err
		}
		return broken("aws:rds/cluster:Cluster", "aurora", "storageEncrypted", pulumi.Bool(false))(ctx)
	}
	// log-retention (exceptable) disabled; EXC-T3 names a resource that
	// does not exist.
	cfg := fmt.Sprintf(`{"version": 2, "policies": {"log-retention": "disabled"}, "exceptions": {
		"EXC-T2": {"reason": "restore drill", "match": [{"policies": ["aurora-backup-retention"], "targets": [%q]}]},
		"EXC-T3": {"reason": "bucket retired in 2025", "match": [{"policies": ["s3-versioning"], "targets": [%q]}]}}}`, backupURN, goneURN)
	configPath := e.policyConfig(t, "prod", cfg)
	o := e.preview(t, e.workspace(t, "prod", program, nil), configPath)
	if o.err == nil {
		t.Fatal("the broken preview passed")
	}
	logPath := writeEventLog(t, o)
	f, err := os.Open(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	pc, err := compliance.LoadPolicyConfig(configPath)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)
	rep, err := report.FromEventLog("prod", rules.Prod, f, pc, report.Inputs{
		Dir: e.root, PolicyConfigPath: configPath, Now: now,
		Source: report.Source{Kind: report.SourceEventLog, Detail: "a real preview with the pack", Path: logPath},
	})
	if err != nil {
		t.Fatal(err)
	}
	type key struct{ rule, urn, exception string }
	var fromPack, fromReport []key
	violated := map[string]bool{}
	deferredByPack := 0
	for _, p := range o.policy {
		if p.PolicyName == rules.CoveragePolicy {
			for _, m := range regexp.MustCompile(`([A-Z]+-[0-9]+) x([0-9]+)`).FindAllStringSubmatch(p.Message, -1) {
				n, _ := strconv.Atoi(m[2])
				deferredByPack += n
			}
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

	t.Run("statuses", func(t *testing.T) {
		// What awsx makes, which the offline run cannot see, the preview
		// judged: the VPC, its default security group and its subnets.
		for _, name := range []string{"vpc-flow-logs", "default-sg-closed", "public-tier-confined"} {
			rr := rep.Rule(name)
			if rr.Status != report.Pass || len(rr.Checked) == 0 || !reflect.DeepEqual(rr.Checked, rr.Passed) {
				t.Errorf("%s: %s (%s), checked %v passed %v; want pass on the awsx-made resources", name, rr.Status, rr.Why, rr.Checked, rr.Passed)
			}
		}
		if got := typesOf(rep.Rule("vpc-flow-logs").Checked); !reflect.DeepEqual(got, []string{rules.VPC}) {
			t.Errorf("vpc-flow-logs checked types %v, want the VPC", got)
		}
		if got := len(rep.Rule("public-tier-confined").Checked); got != 9 {
			t.Errorf("public-tier-confined checked %d subnets, want 9 (3 AZs x 3 tiers)", got)
		}
		// The engine does not run a disabled policy: disabled, never pass.
		if rr := rep.Rule("log-retention"); rr.Status != report.Disabled || rr.Outcome != report.NotRun || len(rr.Checked) != 0 {
			t.Errorf("log-retention: %s / %s, checked %d; want disabled, not run", rr.Status, rr.Outcome, len(rr.Checked))
		}
		// The key whose rotation is unknown at preview is deferred, by name.
		if rr := rep.Rule("kms-rotation"); rr.Status != report.Deferred || rr.Deferred != 1 || len(rr.DeferredResources) != 1 ||
			!strings.HasSuffix(rr.DeferredResources[0], "::keys-data") || slices.Contains(rr.Passed, rr.DeferredResources[0]) {
			t.Errorf("kms-rotation: %s, %d deferred on %v, passed %v; want keys-data deferred", rr.Status, rr.Deferred, rr.DeferredResources, rr.Passed)
		}
		// The broken cluster is checked and not passed.
		if rr := rep.Rule("aurora-storage-encrypted-cmk"); !reflect.DeepEqual(rr.Checked, []string{backupURN}) || len(rr.Passed) != 0 || rr.Status != report.Violated {
			t.Errorf("aurora-storage-encrypted-cmk: %s checked %v passed %v", rr.Status, rr.Checked, rr.Passed)
		}
		for _, c := range append(rep.Controls("HIPAA"), rep.Controls("SOC2")...) {
			if c.Title == "" {
				t.Errorf("control %s has no title", c.ID)
			}
		}
	})

	t.Run("evidence", func(t *testing.T) {
		ev := rep.Evidence
		head, err := exec.Command("git", "-C", e.root, "rev-parse", "HEAD").Output()
		if err != nil {
			t.Fatal(err)
		}
		if !ev.GeneratedAt.Equal(now) || ev.Git.Commit != strings.TrimSpace(string(head)) || ev.Git.Dirty == nil || ev.Git.RepositoryURI == "" {
			t.Errorf("time %v, git %+v; want %v and commit %s with a dirty flag", ev.GeneratedAt, ev.Git, now, head)
		}
		if ev.Stack != "prod" || ev.Environment != rules.Prod || ev.Pack != (report.Pack{Name: rules.PackName, Version: rules.PackVersion}) {
			t.Errorf("stack %s env %s pack %+v", ev.Stack, ev.Environment, ev.Pack)
		}
		want := map[string]string{"github.com/pulumi/pulumi/sdk/v3": "v3.274.1", "github.com/pulumi/pulumi-aws/sdk/v6": "v6.83.4", "github.com/pulumi/pulumi-awsx/sdk/v2": "v2.22.0"}
		for _, v := range ev.Versions {
			if want[v.Module] != v.Version {
				t.Errorf("version %+v, want %s", v, want[v.Module])
			}
			delete(want, v.Module)
		}
		if len(want) > 0 {
			t.Errorf("versions missing %v", want)
		}
		if ev.Source.Kind != report.SourceEventLog || ev.Source.Path != logPath {
			t.Errorf("source %+v", ev.Source)
		}
		data, _ := os.ReadFile(configPath)
		if sum := sha256.Sum256(data); ev.PolicyConfig.SHA256 != hex.EncodeToString(sum[:]) || !ev.PolicyConfig.Present || len(ev.PolicyConfig.Refused) != 0 {
			t.Errorf("policy config %+v, want sha256 %x", ev.PolicyConfig, sum)
		}
		wantExceptions := []report.Exception{
			{ID: "EXC-T2", Reason: "restore drill", Policies: []string{"aurora-backup-retention"}, Targets: []string{backupURN}, Matched: true, Findings: []string{"aurora-backup-retention " + backupURN}},
			{ID: "EXC-T3", Reason: "bucket retired in 2025", Policies: []string{"s3-versioning"}, Targets: []string{goneURN}, Matched: false, Findings: []string{}},
		}
		if !reflect.DeepEqual(ev.Exceptions, wantExceptions) {
			t.Errorf("exceptions\n%+v\nwant\n%+v", ev.Exceptions, wantExceptions)
		}
		wantOverride := report.Override{Rule: "log-retention", ID: "LOG-05", Setting: "level", Default: "mandatory", Value: "disabled", By: "policy config policies.log-retention", Weaker: true}
		if !slices.Contains(ev.Overrides, wantOverride) {
			t.Errorf("overrides %+v lack %+v", ev.Overrides, wantOverride)
		}
		// Deferred checks: as many as the pack counted, each resource named.
		counted, named := 0, 0
		for _, rr := range rep.Rules {
			counted += rr.Deferred
			if rr.Deferred > 0 && (len(rr.DeferredResources) == 0 || strings.Contains(rr.Why, "re-running them")) {
				t.Errorf("%s: %d deferred, named %v (%s)", rr.Name, rr.Deferred, rr.DeferredResources, rr.Why)
			}
		}
		for _, d := range ev.Deferred {
			if d.Name == "" || !strings.HasPrefix(d.URN, "urn:pulumi:prod::") {
				t.Errorf("deferred entry %+v", d)
			}
			named++
		}
		t.Logf("the pack deferred %d check(s); the report names %d resource(s): %+v", deferredByPack, named, ev.Deferred)
		if counted != deferredByPack || deferredByPack == 0 || named == 0 {
			t.Errorf("deferred checks %d, named resources %d; the pack counted %d", counted, named, deferredByPack)
		}
		if rep.Resources == 0 || !strings.HasPrefix(ev.InformationURI, "https://") && !fileExists(strings.TrimPrefix(ev.InformationURI, "file://")) {
			t.Errorf("resources %d, informationUri %s", rep.Resources, ev.InformationURI)
		}
		// The broken cluster's finding is located at its constructor.
		for _, v := range rep.Violations {
			if v.URN == backupURN && (v.Location == nil || v.Location.File != "infra/database/aurora.go" || len(v.Fingerprint) != 32) {
				t.Errorf("%s on the cluster: location %+v fingerprint %q", v.Rule, v.Location, v.Fingerprint)
			}
		}
		// Every rendering carries it.
		md := rep.Markdown()
		html, err := rep.HTML()
		if err != nil {
			t.Fatal(err)
		}
		sarif, err := rep.SARIF()
		if err != nil {
			t.Fatal(err)
		}
		js, _ := rep.JSON()
		for name, doc := range map[string]string{"markdown": md, "html": html, "sarif": string(sarif), "json": string(js)} {
			for _, want := range []string{ev.Git.Commit, ev.PolicyConfig.SHA256, "EXC-T3", "v3.274.1", "v6.83.4", "v2.22.0", "2026-05-06T07:08:09Z", rules.PackVersion} {
				if !strings.Contains(doc, want) {
					t.Errorf("%s report lacks %q", name, want)
				}
			}
		}
	})
}

func typesOf(urns []string) []string {
	var out []string
	for _, u := range urns {
		parts := strings.Split(u, "::")
		typ := parts[len(parts)-2]
		typ = typ[strings.LastIndex(typ, "$")+1:]
		if !slices.Contains(out, typ) {
			out = append(out, typ)
		}
	}
	return out
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
