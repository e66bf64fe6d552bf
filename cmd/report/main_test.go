package main

import (
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/carestack/carestack/internal/offline"
	"github.com/carestack/carestack/policy/rules"
)

// sarifSchema is the official SARIF 2.1.0 schema, taken from the npm
// package @microsoft/jest-sarif 1.0.0-beta.0 (MIT): testdata/README.md.
func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	if err := c.AddResource("sarif.json", readJSON(t, "testdata/sarif-2.1.0-rtm.5.json")); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("sarif.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// readJSON reads a JSON file the way the schema validator wants it.
func readJSON(t *testing.T, path string) any {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func validateSARIF(t *testing.T, path string) map[string]any {
	t.Helper()
	doc := readJSON(t, path)
	if err := sarifSchema(t).Validate(doc); err != nil {
		t.Fatalf("%s does not validate against SARIF 2.1.0: %v", path, err)
	}
	return doc.(map[string]any)
}

type resultKey struct{ rule, urn string }

func sarifResults(doc map[string]any) []resultKey {
	var out []resultKey
	run := doc["runs"].([]any)[0].(map[string]any)
	for _, r := range run["results"].([]any) {
		m := r.(map[string]any)
		loc := m["locations"].([]any)[0].(map[string]any)["logicalLocations"].([]any)[0].(map[string]any)
		out = append(out, resultKey{m["ruleId"].(string), loc["fullyQualifiedName"].(string)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].rule+out[i].urn < out[j].rule+out[j].urn })
	return out
}

// stacks are the repository's stacks, as the command finds them.
func stacks(t *testing.T) []string {
	t.Helper()
	dir, err := offline.ProjectDir()
	if err != nil {
		t.Fatal(err)
	}
	return mustStacks(dir)
}

func readReport(t *testing.T, path string) reportJSON {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var rep reportJSON
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	return rep
}

// reportJSON is the part of the JSON report the tests read.
type reportJSON struct {
	Totals     map[string]int
	Violations []struct {
		Rule, URN, Message, Level, Fingerprint string
		Location                               *struct {
			File string
			Line int
		}
	}
	Rules []struct {
		Name, Status, Outcome, Why string
		HIPAA, SOC2                []string
		Deferred                   int
		DeferredResources          []string
		Checked, Passed            []string
	}
	Evidence struct {
		GeneratedAt string
		Git         struct {
			Commit, RepositoryURI string
			Dirty                 *bool
		}
		Stack, Environment string
		Pack               struct{ Name, Version string }
		Versions           []struct{ Module, Version string }
		Source             struct{ Kind, Path string }
		PolicyConfig       struct {
			Path, SHA256 string
			Present      bool
			Refused      []string
		}
		Exceptions []struct {
			ID      string
			Matched bool
		}
		Overrides      []struct{ Rule, Setting, Value string }
		Deferred       []struct{ Rule, URN, Name string }
		InformationURI string
	}
}

func (r reportJSON) status(rule string) string {
	for _, rr := range r.Rules {
		if rr.Name == rule {
			return rr.Status
		}
	}
	return ""
}

func TestOfflineReportsForEveryStackWithValidSARIF(t *testing.T) {
	out := t.TempDir()
	if err := run(io.Discard, io.Discard, options{out: out}); err != nil {
		t.Fatalf("run: %v", err)
	}
	head, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, stack := range stacks(t) {
		for _, ext := range []string{"md", "html", "json", "sarif"} {
			if _, err := os.Stat(filepath.Join(out, stack+"."+ext)); err != nil {
				t.Errorf("%s.%s not written", stack, ext)
			}
		}
		doc := validateSARIF(t, filepath.Join(out, stack+".sarif"))
		rep := readReport(t, filepath.Join(out, stack+".json"))
		var want []resultKey
		for _, v := range rep.Violations {
			want = append(want, resultKey{v.Rule, v.URN})
		}
		sort.Slice(want, func(i, j int) bool { return want[i].rule+want[i].urn < want[j].rule+want[j].urn })
		if got := sarifResults(doc); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: SARIF results %v, want one per violation %v", stack, got, want)
		}
		checkSARIFEvidence(t, stack, doc, strings.TrimSpace(string(head)))
		for _, rule := range []string{"vpc-flow-logs", "default-sg-closed", "public-tier-confined"} {
			if got := rep.status(rule); got != "not evaluated" {
				t.Errorf("%s: %s reads %q offline, want not evaluated (the awsx VPC's children are not seen)", stack, rule, got)
			}
		}
	}
	md, _ := os.ReadFile(filepath.Join(out, "prod.md"))
	for _, want := range []string{"**Gate: pass**", "## Evidence", "| Policy pack | carestack-hipaa-soc2 1.0.0 |",
		"## HIPAA Security Rule", "| 164.312(b) | Audit controls | incomplete |", "| 164.312(e)(1) | Transmission security | incomplete |",
		"## SOC 2 Trust Services Criteria", "| CC6.1 | Logical access security software, infrastructure and architectures |", "## Findings\n\nNone."} {
		if !strings.Contains(string(md), want) {
			t.Errorf("prod.md lacks %q", want)
		}
	}
}

// checkSARIFEvidence checks what the SARIF run carries besides results:
// the docs link, the commit, the invocation's evidence, and each result's
// fingerprint and location.
func checkSARIFEvidence(t *testing.T, stack string, doc map[string]any, head string) {
	t.Helper()
	run := doc["runs"].([]any)[0].(map[string]any)
	info := run["tool"].(map[string]any)["driver"].(map[string]any)["informationUri"].(string)
	if !strings.HasPrefix(info, "https://") {
		if _, err := os.Stat(strings.TrimPrefix(info, "file://")); err != nil {
			t.Errorf("%s: informationUri %s is neither the remote's page nor a file that exists: %v", stack, info, err)
		}
	}
	vcs := run["versionControlProvenance"].([]any)[0].(map[string]any)
	if vcs["revisionId"] != head || vcs["repositoryUri"] == "" || vcs["properties"].(map[string]any)["dirty"] == nil {
		t.Errorf("%s: versionControlProvenance %v, want revision %s and a dirty flag", stack, vcs, head)
	}
	inv := run["invocations"].([]any)[0].(map[string]any)
	props := inv["properties"].(map[string]any)
	for _, k := range []string{"stack", "environment", "source", "pack", "versions", "policyConfig", "exceptions", "overrides", "deferred"} {
		if _, ok := props[k]; !ok {
			t.Errorf("%s: invocation properties lack %s", stack, k)
		}
	}
	if inv["startTimeUtc"] == nil || props["stack"] != stack {
		t.Errorf("%s: invocation %v", stack, inv)
	}
	for _, r := range run["results"].([]any) {
		m := r.(map[string]any)
		fp, _ := m["partialFingerprints"].(map[string]any)["carestackRuleResource/v1"].(string)
		if len(fp) != 32 {
			t.Errorf("%s: result %v has no fingerprint", stack, m["ruleId"])
		}
		phys := m["locations"].([]any)[0].(map[string]any)["physicalLocation"].(map[string]any)
		uri := phys["artifactLocation"].(map[string]any)["uri"].(string)
		line, _ := strconv.Atoi(phys["region"].(map[string]any)["startLine"].(json.Number).String())
		data, err := os.ReadFile(filepath.Join("../..", uri))
		if err != nil || line < 1 || line > strings.Count(string(data), "\n")+1 {
			t.Errorf("%s: result %v located at %s:%d, which does not exist", stack, m["ruleId"], uri, line)
		}
	}
}

func TestFingerprintsAreStableAcrossRuns(t *testing.T) {
	fingerprints := func() map[string]string {
		out := t.TempDir()
		if err := run(io.Discard, io.Discard, options{only: "dev", out: out}); err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, v := range readReport(t, filepath.Join(out, "dev.json")).Violations {
			got[v.Rule+" "+v.URN] = v.Fingerprint
		}
		return got
	}
	a, b := fingerprints(), fingerprints()
	if len(a) == 0 || !reflect.DeepEqual(a, b) {
		t.Errorf("fingerprints differ between runs or are missing:\n%v\n%v", a, b)
	}
}

// devConfig writes a copy of dev's policy config with policies set.
func devConfig(t *testing.T, policies string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "dev.json")
	if err := os.WriteFile(p, []byte(`{"version": 2, "policies": `+policies+`, "exceptions": {}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestADisabledRuleIsReportedDisabledNeverPass(t *testing.T) {
	tests := []struct {
		name, policies, rule, status string
		// gateFails: the offline check refuses weakening a non-exceptable
		// rule; the report is still written and says so.
		gateFails bool
	}{
		{"non-exceptable rule disabled", `{"no-plaintext-secrets-in-taskdef": "disabled"}`, "no-plaintext-secrets-in-taskdef", "disabled", true},
		{"every rule disabled", `{"all": "disabled"}`, "log-retention", "disabled", true},
		{"exceptable rule disabled", `{"log-retention": "disabled"}`, "log-retention", "disabled", false},
		{"exceptable rule advisory", `{"log-retention": "advisory"}`, "log-retention", "advisory by config", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := t.TempDir()
			err := run(io.Discard, io.Discard, options{only: "dev", out: out, policyConfig: devConfig(t, tt.policies)})
			if tt.gateFails != errors.Is(err, errGate) || (err != nil && !errors.Is(err, errGate)) {
				t.Fatalf("err = %v, want gate failing %v", err, tt.gateFails)
			}
			validateSARIF(t, filepath.Join(out, "dev.sarif"))
			rep := readReport(t, filepath.Join(out, "dev.json"))
			if got := rep.status(tt.rule); got != tt.status {
				t.Errorf("%s = %q, want %q", tt.rule, got, tt.status)
			}
			if tt.policies == `{"all": "disabled"}` {
				for _, rr := range rep.Rules {
					if rr.Status == "pass" {
						t.Errorf("%s reads pass with every rule disabled", rr.Name)
					}
				}
			}
			if got := len(rep.Evidence.PolicyConfig.Refused) > 0; got != tt.gateFails {
				t.Errorf("refusal recorded %v, want %v: %v", got, tt.gateFails, rep.Evidence.PolicyConfig.Refused)
			}
			md, _ := os.ReadFile(filepath.Join(out, "dev.md"))
			if tt.gateFails && !strings.Contains(string(md), "**Gate: FAIL** (the offline check refuses the policy config: ") {
				t.Errorf("dev.md does not say the config is refused")
			}
		})
	}
}

func TestAnUnmatchedExceptionIsReported(t *testing.T) {
	p := filepath.Join(t.TempDir(), "dev.json")
	const lb = "urn:pulumi:dev::carestack::carestack:compute:Cluster$aws:lb/loadBalancer:LoadBalancer::ecs"
	os.WriteFile(p, []byte(`{"version": 2, "exceptions": {
		"EXC-1": {"reason": "dev ALB is recreated nightly", "match": [{"policies": ["alb-deletion-protection"], "targets": ["`+lb+`"]}]},
		"EXC-9": {"reason": "bucket removed in 2025", "match": [{"policies": ["s3-versioning"], "targets": ["urn:pulumi:dev::carestack::aws:s3/bucketV2:BucketV2::gone"]}]}}}`), 0o644)
	out := t.TempDir()
	if err := run(io.Discard, io.Discard, options{only: "dev", out: out, policyConfig: p}); err != nil {
		t.Fatal(err)
	}
	rep := readReport(t, filepath.Join(out, "dev.json"))
	if ex := rep.Evidence.Exceptions; len(ex) != 2 || ex[0].ID != "EXC-1" || !ex[0].Matched || ex[1].ID != "EXC-9" || ex[1].Matched {
		t.Errorf("exceptions %+v, want EXC-1 matched and EXC-9 unmatched", ex)
	}
	for ext, want := range map[string]string{"md": "**no: matches no finding**", "html": "no: matches no finding"} {
		data, _ := os.ReadFile(filepath.Join(out, "dev."+ext))
		if !strings.Contains(string(data), want) {
			t.Errorf("dev.%s does not report EXC-9 as unmatched", ext)
		}
	}
	doc := validateSARIF(t, filepath.Join(out, "dev.sarif"))
	suppressed := 0
	for _, r := range doc["runs"].([]any)[0].(map[string]any)["results"].([]any) {
		sups, _ := r.(map[string]any)["suppressions"].([]any)
		for _, s := range sups {
			if s.(map[string]any)["justification"] == "EXC-1: dev ALB is recreated nightly" {
				suppressed++
			}
		}
	}
	if suppressed != 1 {
		t.Errorf("dev.sarif: %d results suppressed by EXC-1, want 1", suppressed)
	}
	sarif, _ := os.ReadFile(filepath.Join(out, "dev.sarif"))
	if !strings.Contains(string(sarif), `"matched": false`) {
		t.Errorf("dev.sarif does not carry EXC-9 as unmatched")
	}
}

// eventLog writes JSON lines the way `pulumi preview --event-log` does.
func eventLog(t *testing.T, events ...map[string]any) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "events.json")
	var b strings.Builder
	for i, e := range events {
		e["sequence"] = i
		e["timestamp"] = 1764100000 + i
		line, _ := json.Marshal(e)
		b.Write(line)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const clusterURN = "urn:pulumi:prod::carestack::carestack:database:Aurora$aws:rds/cluster:Cluster::aurora"

func TestEventLogReportFailsTheGateOnAMandatoryViolation(t *testing.T) {
	log := eventLog(t,
		map[string]any{"policyAnalyzeSummaryEvent": map[string]any{"resourceUrn": clusterURN, "policyPackName": rules.PackName, "passed": []string{"aurora-backup-retention"}, "failed": []string{"aurora-storage-encrypted-cmk"}}},
		map[string]any{"policyEvent": map[string]any{"resourceUrn": clusterURN, "policyPackName": rules.PackName, "policyName": "aurora-storage-encrypted-cmk", "enforcementLevel": "mandatory",
			"message": "[ENC-01] description\naws:rds/cluster:Cluster aurora: storageEncrypted is false. Set it. [HIPAA 164.312(a)(2)(iv)]"}},
		map[string]any{"policyEvent": map[string]any{"policyPackName": rules.PackName, "policyName": "preview-coverage", "enforcementLevel": "advisory",
			"message": "[COVERAGE] ...\n3 check(s) deferred to `pulumi up` (IAM-08 x2, LOG-06 x1). For example:\n..."}},
	)
	out := t.TempDir()
	err := run(io.Discard, io.Discard, options{only: "prod", out: out, eventLog: log})
	if !errors.Is(err, errGate) {
		t.Fatalf("err = %v, want the gate to fail", err)
	}
	var rep struct {
		Totals     map[string]int
		Violations []struct{ Rule, URN, Message string }
		Rules      []struct {
			Name, Status string
			Deferred     int
		}
	}
	data, _ := os.ReadFile(filepath.Join(out, "prod.json"))
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	// The log records runs of three policies only: every other rule reads
	// "not evaluated", never "not applicable" or "pass".
	if want := map[string]int{"pass": 1, "violation": 1, "deferred": 2, "not evaluated": len(rules.Catalog) - 4}; !reflect.DeepEqual(rep.Totals, want) {
		t.Errorf("totals %v, want %v", rep.Totals, want)
	}
	if len(rep.Violations) != 1 || rep.Violations[0].Rule != "aurora-storage-encrypted-cmk" || rep.Violations[0].URN != clusterURN ||
		rep.Violations[0].Message != "aws:rds/cluster:Cluster aurora: storageEncrypted is false. Set it. [HIPAA 164.312(a)(2)(iv)]" {
		t.Errorf("violations %+v", rep.Violations)
	}
	validateSARIF(t, filepath.Join(out, "prod.sarif"))
}

func TestBadInputGetsAClearError(t *testing.T) {
	garbage := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(garbage, []byte("{\"sequence\": 1}\nnot json\n"), 0o644)
	empty := eventLog(t, map[string]any{"preludeEvent": map[string]any{"config": map[string]string{}}})
	notJSON := filepath.Join(t.TempDir(), "dev.json")
	os.WriteFile(notJSON, []byte("{version: 2"), 0o644)
	tests := []struct {
		name, stack, log, config, want string
	}{
		{"missing stack config", "nosuch", "", "", `stack "nosuch" has no config: Pulumi.nosuch.yaml does not exist (stacks: dev, `},
		{"policy config not JSON", "dev", "", notJSON, "not valid JSON"},
		{"policy config without a stack", "", "", notJSON, "-policy-config needs -stack"},
		{"unreadable event log", "prod", "/nonexistent/events.json", "", "cannot read the event log: open /nonexistent/events.json: no such file or directory"},
		{"malformed event log", "prod", garbage, "", garbage + ": line 2 is not an engine event"},
		{"log without the pack", "prod", empty, "", "no analysis by the carestack-hipaa-soc2 pack"},
		{"event log without a stack", "", empty, "", "-event-log needs -stack"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := run(io.Discard, io.Discard, options{only: tt.stack, out: t.TempDir(), eventLog: tt.log, policyConfig: tt.config})
			if err == nil || errors.Is(err, errGate) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}
