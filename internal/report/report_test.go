package report_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/carestack/carestack/infra/estate"
	"github.com/carestack/carestack/internal/compliance"
	"github.com/carestack/carestack/internal/offline"
	"github.com/carestack/carestack/internal/report"
	"github.com/carestack/carestack/policy/rules"
)

var fixedNow = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

// estateOf runs the program for a shipped stack under mocks.
func estateOf(t *testing.T, stack string) (string, []rules.Resource) {
	t.Helper()
	dir, err := offline.ProjectDir()
	if err != nil {
		t.Fatal(err)
	}
	res, err := offline.RunStack(dir, stack, estate.Program)
	if err != nil {
		t.Fatal(err)
	}
	return dir, compliance.ToRules(res)
}

// configFile writes a policy config and loads it as the report command
// does: a config the offline check refuses is still applied, its refusal
// recorded.
func configFile(t *testing.T, body string) (string, *compliance.PolicyConfig, []string) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "dev.json")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	pc, err := compliance.LoadPolicyConfig(p)
	if pc == nil {
		t.Fatalf("config %s unreadable: %v", body, err)
	}
	var refused []string
	if err != nil {
		refused = strings.Split(err.Error(), "\n")
	}
	return p, pc, refused
}

func reportFor(t *testing.T, stack string, env rules.Env, rs []rules.Resource, body string) *report.Report {
	t.Helper()
	dir, _ := offline.ProjectDir()
	path, pc, refused := configFile(t, body)
	c := compliance.EvaluateResources(stack, env, rs, pc)
	return report.FromCompliance(c, pc, report.Inputs{Dir: dir, PolicyConfigPath: path, PolicyConfigErrors: refused, Now: fixedNow})
}

// withPlaintextSecret gives the scheduling-api task definition a password
// in a plaintext environment variable.
func withPlaintextSecret(rs []rules.Resource) []rules.Resource {
	out := append([]rules.Resource(nil), rs...)
	for i := range out {
		if out[i].Type == rules.ECSTaskDefinition && out[i].Name == "scheduling-api" {
			out[i].Props = out[i].Props.Set("containerDefinitions",
				property.New(`[{"name":"app","image":"app:1","environment":[{"name":"DB_PASSWORD","value":"hunter2"}]}]`))
		}
	}
	return out
}

func TestADisabledOrLoweredRuleIsNeverReportedAsPass(t *testing.T) {
	_, dev := estateOf(t, "dev")
	leaky := withPlaintextSecret(dev)
	const iam08 = "no-plaintext-secrets-in-taskdef"
	tests := []struct {
		name, config string
		resources    []rules.Resource
		rule         string
		status       report.Status
		outcome      report.Status
		// refused: the offline check refuses the config (a non-exceptable
		// rule weakened), so the gate fails whatever the findings.
		refused bool
	}{
		{"non-exceptable rule disabled by name, would be violated", `{"version":2,"policies":{"` + iam08 + `":"disabled"}}`, leaky, iam08, report.Disabled, report.Violated, true},
		{"non-exceptable rule disabled by name, would pass", `{"version":2,"policies":{"` + iam08 + `":"disabled"}}`, dev, iam08, report.Disabled, report.Pass, true},
		{"every rule disabled through all", `{"version":2,"policies":{"all":"disabled"}}`, leaky, iam08, report.Disabled, report.Violated, true},
		{"exceptable rule disabled", `{"version":2,"policies":{"log-retention":"disabled"}}`, dev, "log-retention", report.Disabled, report.Pass, false},
		{"exceptable rule lowered to advisory", `{"version":2,"policies":{"log-retention":{"enforcementLevel":"advisory"}}}`, dev, "log-retention", report.AdvisoryByConfig, report.Pass, false},
		{"shipped config", `{"version":2}`, leaky, iam08, report.Violated, report.Violated, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := reportFor(t, "dev", rules.Dev, tt.resources, tt.config)
			rr := rep.Rule(tt.rule)
			if rr.Status != tt.status || rr.Outcome != tt.outcome {
				t.Errorf("%s: status %q outcome %q, want %q and %q (why: %s)", tt.rule, rr.Status, rr.Outcome, tt.status, tt.outcome, rr.Why)
			}
			if got := len(rep.Evidence.PolicyConfig.Refused) > 0; got != tt.refused || (tt.refused && !rep.FailsGate()) {
				t.Errorf("refused %v (gate fails %v), want refused %v", got, rep.FailsGate(), tt.refused)
			}
			if strings.Contains(tt.config, `"all"`) {
				for _, rr := range rep.Rules {
					if rr.Status == report.Pass {
						t.Errorf("%s reads pass with every rule disabled", rr.Name)
					}
				}
			}
			// A lowered rule's findings stay visible at its effective level.
			var items []report.Item
			for _, it := range rep.Violations {
				if it.Rule == tt.rule {
					items = append(items, it)
				}
			}
			if tt.outcome == report.Violated {
				if len(items) != 1 || items[0].Level != rr.Level || items[0].Name != "aws:ecs/taskDefinition:TaskDefinition scheduling-api" {
					t.Errorf("findings of %s: %+v, want the task definition at level %s", tt.rule, items, rr.Level)
				}
			}
			md := rep.Markdown()
			md = md[strings.Index(md, "\n## Rules\n"):]
			row := regexp.MustCompile("(?m)^\\| " + rr.ID + " `" + tt.rule + "` \\| ([^|]*) \\|").FindStringSubmatch(md)
			if row == nil || !strings.HasPrefix(row[1], string(tt.status)) {
				t.Errorf("Markdown rules row for %s = %v, want status %q", tt.rule, row, tt.status)
			}
		})
	}
}

func TestDisabledRulesMakeTheirControlsIncompleteOrViolated(t *testing.T) {
	_, dev := estateOf(t, "dev")
	rep := reportFor(t, "dev", rules.Dev, withPlaintextSecret(dev), `{"version":2,"policies":{"no-plaintext-secrets-in-taskdef":"disabled","log-retention":"disabled"}}`)
	byID := map[string]report.Control{}
	for _, c := range rep.Controls("HIPAA") {
		byID[c.ID] = c
	}
	// IAM-08 would be violated: 164.312(a)(1) names it.
	if got := byID["164.312(a)(1)"].Status; got != report.Violated {
		t.Errorf("164.312(a)(1) = %s, want violation (IAM-08's would-be violation)", got)
	}
	// LOG-05 would pass but is disabled: its controls cannot pass.
	for _, id := range rules.ByName("log-retention").HIPAA {
		if got := byID["164."+id].Status; got == report.Pass || got == report.PassWhereApplicable {
			t.Errorf("164.%s = %s with log-retention disabled", id, got)
		}
	}
}

func TestAwsxChildRulesReadNotEvaluatedOffline(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		_, rs := estateOf(t, stack)
		rep := reportFor(t, stack, rules.EnvOf(stack, stack), rs, `{"version":2}`)
		for _, name := range []string{"vpc-flow-logs", "default-sg-closed", "public-tier-confined"} {
			rr := rep.Rule(name)
			if rr.Status != report.NotEvaluated || !strings.Contains(rr.Why, "awsx:ec2:Vpc network") {
				t.Errorf("%s %s: %s (%s), want not evaluated naming the awsx VPC", stack, name, rr.Status, rr.Why)
			}
		}
		if why := rep.Rule("required-tags").Why; !strings.Contains(why, "partly evaluated: ") || !strings.Contains(why, rules.VPC) {
			t.Errorf("%s required-tags: why %q, want it to say the awsx VPC's children were not seen", stack, why)
		}
		for _, c := range rep.Controls("HIPAA") {
			if c.ID == "164.312(b)" && (c.Status == report.Pass || c.Status == report.PassWhereApplicable) {
				t.Errorf("%s 164.312(b) reads %s with vpc-flow-logs not evaluated", stack, c.Status)
			}
		}
	}
}

func TestExceptionsAreReportedWithWhetherTheyMatched(t *testing.T) {
	_, dev := estateOf(t, "dev")
	var lb string
	for _, r := range dev {
		if r.Type == rules.LBLoadBalancer {
			lb = r.URN
		}
	}
	config := `{"version":2,"exceptions":{
		"EXC-1":{"reason":"dev ALB is recreated nightly","match":[{"policies":["alb-deletion-protection"],"targets":["` + lb + `"]}]},
		"EXC-2":{"reason":"old bucket, removed since","match":[{"policies":["log-retention"],"targets":["urn:pulumi:dev::carestack::aws:cloudwatch/logGroup:LogGroup::gone"]}]}}}`
	rep := reportFor(t, "dev", rules.Dev, dev, config)
	want := []report.Exception{
		{ID: "EXC-1", Reason: "dev ALB is recreated nightly", Policies: []string{"alb-deletion-protection"}, Targets: []string{lb}, Matched: true, Findings: []string{"alb-deletion-protection " + lb}},
		{ID: "EXC-2", Reason: "old bucket, removed since", Policies: []string{"log-retention"}, Targets: []string{"urn:pulumi:dev::carestack::aws:cloudwatch/logGroup:LogGroup::gone"}, Matched: false, Findings: []string{}},
	}
	if !reflect.DeepEqual(rep.Evidence.Exceptions, want) {
		t.Errorf("exceptions\n%+v\nwant\n%+v", rep.Evidence.Exceptions, want)
	}
	if got := rep.Rule("alb-deletion-protection").Status; got != report.Excepted {
		t.Errorf("alb-deletion-protection = %s, want excepted", got)
	}
	md := rep.Markdown()
	if !strings.Contains(md, "| EXC-2 | old bucket, removed since | log-retention | `urn:pulumi:dev::carestack::aws:cloudwatch/logGroup:LogGroup::gone` | **no: matches no finding** |") {
		t.Errorf("Markdown does not report EXC-2 as unmatched:\n%s", md[:min(len(md), 3000)])
	}
}

func TestEvidenceCarriesEveryField(t *testing.T) {
	_, dev := estateOf(t, "dev")
	rep := reportFor(t, "dev", rules.Dev, dev, `{"version":2,"policies":{"log-retention":{"minRetentionDays":30},"alb-deletion-protection":"disabled"}}`)
	ev := rep.Evidence
	if !ev.GeneratedAt.Equal(fixedNow) || ev.Stack != "dev" || ev.Environment != rules.Dev || ev.Pack != (report.Pack{Name: rules.PackName, Version: rules.PackVersion}) {
		t.Errorf("time/stack/env/pack: %v %s %s %+v", ev.GeneratedAt, ev.Stack, ev.Environment, ev.Pack)
	}
	if !regexp.MustCompile(`^[0-9a-f]{40}$`).MatchString(ev.Git.Commit) || ev.Git.Dirty == nil {
		t.Errorf("git: %+v, want the commit and a dirty flag", ev.Git)
	}
	wantVersions := map[string]string{"github.com/pulumi/pulumi/sdk/v3": "v3.274.1", "github.com/pulumi/pulumi-aws/sdk/v6": "v6.83.4", "github.com/pulumi/pulumi-awsx/sdk/v2": "v2.22.0"}
	for _, v := range ev.Versions {
		if wantVersions[v.Module] != v.Version {
			t.Errorf("version %+v, want %s", v, wantVersions[v.Module])
		}
		delete(wantVersions, v.Module)
	}
	if len(wantVersions) != 0 {
		t.Errorf("versions missing: %v", wantVersions)
	}
	if ev.Source.Kind != report.SourceOffline || !ev.PolicyConfig.Present || len(ev.PolicyConfig.SHA256) != 64 {
		t.Errorf("source %+v, policy config %+v", ev.Source, ev.PolicyConfig)
	}
	// In catalog order.
	wantOverrides := []report.Override{
		{Rule: "log-retention", ID: "LOG-05", Setting: "minRetentionDays", Default: "365", Value: "30", By: "policy config policies.log-retention"},
		{Rule: "alb-deletion-protection", ID: "DP-02", Setting: "level", Default: "advisory", Value: "disabled", By: "policy config policies.alb-deletion-protection", Weaker: true},
	}
	if !reflect.DeepEqual(ev.Overrides, wantOverrides) {
		t.Errorf("overrides\n%+v\nwant\n%+v", ev.Overrides, wantOverrides)
	}
	if !strings.HasPrefix(ev.InformationURI, "https://") {
		if _, err := os.Stat(strings.TrimPrefix(ev.InformationURI, "file://")); err != nil {
			t.Errorf("informationUri %s: %v", ev.InformationURI, err)
		}
	}
	// Per rule, the resources checked and passed, by URN.
	kms := rep.Rule("kms-rotation")
	var keys []string
	for _, r := range dev {
		if r.Type == rules.KMSKey {
			keys = append(keys, r.URN)
		}
	}
	if !reflect.DeepEqual(kms.Checked, keys) || !reflect.DeepEqual(kms.Passed, keys) {
		t.Errorf("kms-rotation checked %v passed %v, want %v", kms.Checked, kms.Passed, keys)
	}
}

func TestTheEnvironmentsThresholdsAreListedAsDifferingFromTheCatalog(t *testing.T) {
	_, dev := estateOf(t, "dev")
	rep := reportFor(t, "dev", rules.Dev, dev, `{"version":2}`)
	var got []report.Override
	for _, o := range rep.Evidence.Overrides {
		if o.Rule == "log-retention" {
			got = append(got, o)
		}
	}
	want := []report.Override{{Rule: "log-retention", ID: "LOG-05", Setting: "minRetentionDays", Default: "365", Value: "90", By: "environment dev"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("log-retention overrides %+v, want %+v", got, want)
	}
}

func TestDeferredResourcesAreNamed(t *testing.T) {
	_, prod := estateOf(t, "prod")
	out := append([]rules.Resource(nil), prod...)
	var key, name string
	for i := range out {
		if out[i].Type == rules.KMSKey && key == "" {
			key, name = out[i].URN, out[i].Name
			out[i].Props = out[i].Props.Set("enableKeyRotation", property.New(property.Computed))
		}
	}
	rep := reportFor(t, "prod", rules.Prod, out, `{"version":2}`)
	rr := rep.Rule("kms-rotation")
	if rr.Status != report.Deferred || !reflect.DeepEqual(rr.DeferredResources, []string{key}) || contains(rr.Passed, key) {
		t.Errorf("kms-rotation: %s deferred %v passed %v", rr.Status, rr.DeferredResources, rr.Passed)
	}
	want := []report.DeferredRef{{Rule: "kms-rotation", ID: "ENC-09", URN: key, Name: "aws:kms/key:Key " + name}}
	if !reflect.DeepEqual(rep.Evidence.Deferred, want) {
		t.Errorf("evidence deferred %+v, want %+v", rep.Evidence.Deferred, want)
	}
}

func TestEveryControlTheCatalogNamesHasATitle(t *testing.T) {
	for _, r := range rules.Catalog {
		for _, s := range r.HIPAA {
			if report.HIPAATitle(s) == "" {
				t.Errorf("%s names HIPAA 164.%s, which has no title", r.ID, s)
			}
		}
		for _, c := range r.SOC2 {
			if report.SOC2Title(c) == "" {
				t.Errorf("%s names SOC 2 %s, which has no title", r.ID, c)
			}
		}
	}
}

func TestFindingsAreLocatedWhereTheResourceIsDeclared(t *testing.T) {
	_, dev := estateOf(t, "dev")
	rep := reportFor(t, "dev", rules.Dev, withPlaintextSecret(dev), `{"version":2}`)
	got := map[string]report.Location{}
	for _, it := range rep.Violations {
		if it.Location == nil {
			t.Errorf("%s on %s: no location", it.Rule, it.URN)
			continue
		}
		got[it.Rule+" "+it.Name] = *it.Location
	}
	stackLine := func(prefix string) int {
		data, _ := os.ReadFile("../../Pulumi.dev.yaml")
		for i, l := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(l, prefix) {
				return i + 1
			}
		}
		return -1
	}
	want := map[string]report.Location{
		"no-plaintext-secrets-in-taskdef aws:ecs/taskDefinition:TaskDefinition scheduling-api": {File: "Pulumi.dev.yaml", Line: stackLine("    - name: scheduling-api"), By: "carestack:services[scheduling-api]"},
		"s3-replication-dr aws:s3/bucketV2:BucketV2 data-visit-documents":                      {File: "Pulumi.dev.yaml", Line: stackLine("    - name: visit-documents"), By: "carestack:buckets[visit-documents]"},
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s at %+v, want %+v", k, got[k], w)
		}
	}
	// Resources outside the stack file's lists: the component's file.
	if loc := got["aurora-deletion-safety aws:rds/cluster:Cluster aurora"]; loc.File != "infra/database/aurora.go" || !lineHas(t, loc, "rds.NewCluster(") {
		t.Errorf("aurora cluster at %+v, want its rds.NewCluster line in infra/database/aurora.go", loc)
	}
}

func lineHas(t *testing.T, loc report.Location, s string) bool {
	data, err := os.ReadFile(filepath.Join("../..", loc.File))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	return loc.Line >= 1 && loc.Line <= len(lines) && strings.Contains(lines[loc.Line-1], s)
}

func TestJSONCarriesStatusesAndEvidence(t *testing.T) {
	_, dev := estateOf(t, "dev")
	rep := reportFor(t, "dev", rules.Dev, dev, `{"version":2,"policies":{"log-retention":"disabled"}}`)
	data, err := rep.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Totals   map[string]int
		Rules    []struct{ Name, Status, Outcome string }
		Evidence struct {
			Git struct {
				Commit string
				Dirty  *bool
			}
			PolicyConfig struct{ SHA256 string }
		}
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	sum := 0
	for _, n := range doc.Totals {
		sum += n
	}
	statuses := map[string]string{}
	for _, r := range doc.Rules {
		statuses[r.Name] = r.Status + "/" + r.Outcome
	}
	if sum != len(rules.Catalog) || statuses["log-retention"] != "disabled/pass" || doc.Evidence.Git.Dirty == nil || doc.Evidence.PolicyConfig.SHA256 == "" {
		t.Errorf("totals %v (sum %d of %d), log-retention %s, evidence %+v", doc.Totals, sum, len(rules.Catalog), statuses["log-retention"], doc.Evidence)
	}
	var names []string
	for s := range doc.Totals {
		names = append(names, s)
	}
	sort.Strings(names)
	for _, s := range names {
		if !contains(statusNames(), s) {
			t.Errorf("unknown status %q in totals", s)
		}
	}
}

func statusNames() []string {
	var out []string
	for _, s := range report.Statuses {
		out = append(out, string(s))
	}
	return out
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}
