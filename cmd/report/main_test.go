package main

import (
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

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

func TestOfflineReportsForEveryStackWithValidSARIF(t *testing.T) {
	out := t.TempDir()
	if err := run(io.Discard, io.Discard, "", out, "", ""); err != nil {
		t.Fatalf("run: %v", err)
	}
	for _, stack := range []string{"dev", "prod"} {
		for _, ext := range []string{"md", "html", "json", "sarif"} {
			if _, err := os.Stat(filepath.Join(out, stack+"."+ext)); err != nil {
				t.Errorf("%s.%s not written", stack, ext)
			}
		}
		doc := validateSARIF(t, filepath.Join(out, stack+".sarif"))
		var rep struct {
			Violations []struct{ Rule, URN string }
		}
		data, _ := os.ReadFile(filepath.Join(out, stack+".json"))
		if err := json.Unmarshal(data, &rep); err != nil {
			t.Fatal(err)
		}
		var want []resultKey
		for _, v := range rep.Violations {
			want = append(want, resultKey{v.Rule, v.URN})
		}
		sort.Slice(want, func(i, j int) bool { return want[i].rule+want[i].urn < want[j].rule+want[j].urn })
		if got := sarifResults(doc); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: SARIF results %v, want one per violation %v", stack, got, want)
		}
	}
	md, _ := os.ReadFile(filepath.Join(out, "prod.md"))
	for _, want := range []string{"| 59 | 0 | 0 | 0 | 11 |", "**Gate: pass**", "## HIPAA Security Rule", "| 164.312(e)(1) | pass |", "## SOC 2 Trust Services Criteria", "## Violations\n\nNone."} {
		if !strings.Contains(string(md), want) {
			t.Errorf("prod.md lacks %q", want)
		}
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
	err := run(io.Discard, io.Discard, "prod", out, log, "")
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
	if want := map[string]int{"pass": 1, "violation": 1, "deferred": 2, "not applicable": 66}; !reflect.DeepEqual(rep.Totals, want) {
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
	tests := []struct {
		name, stack, log, want string
	}{
		{"missing stack config", "staging", "", `stack "staging" has no config: Pulumi.staging.yaml does not exist (stacks: dev, prod)`},
		{"unreadable event log", "prod", "/nonexistent/events.json", "cannot read the event log: open /nonexistent/events.json: no such file or directory"},
		{"malformed event log", "prod", garbage, garbage + ": line 2 is not an engine event"},
		{"log without the pack", "prod", empty, "no analysis by the carestack-hipaa-soc2 pack"},
		{"event log without a stack", "", empty, "-event-log needs -stack"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := run(io.Discard, io.Discard, tt.stack, t.TempDir(), tt.log, "")
			if err == nil || errors.Is(err, errGate) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}
