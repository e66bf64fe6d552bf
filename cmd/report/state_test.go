package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/carestack/carestack/infra/estate"
	"github.com/carestack/carestack/internal/offline"
	"github.com/carestack/carestack/policy/rules"
)

// The tests here build the stack export offline: the prod program's
// registrations as inputs and, as outputs, what the engine tests' stand-in
// provider returns for them (offline.StandInState). tests/engine/state_test.go
// runs the same report over an export of a real `pulumi up`.

const (
	sigKey    = "4dabf18193072939515e22adb298388d"
	sigSecret = "1b47061264138c4ac30d75fd1eb44270"
)

type exported = map[string]any

// prodExport returns prod's resources as `pulumi stack export` lists them.
func prodExport(t *testing.T) []exported {
	t.Helper()
	dir, err := offline.ProjectDir()
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := offline.LoadStackConfig(dir, "prod")
	if err != nil {
		t.Fatal(err)
	}
	res, err := offline.Run("prod", cfg, estate.Program)
	if err != nil {
		t.Fatal(err)
	}
	var out []exported
	for _, r := range res.Resources {
		e := exported{"urn": r.URN, "type": r.Type, "custom": r.Custom, "parent": r.Parent, "protect": r.Protect, "provider": r.Provider,
			"inputs": jsonMap(r.Inputs), "propertyDependencies": r.PropertyDependencies, "dependencies": r.Dependencies}
		if r.Custom {
			id, outs := offline.StandInState(r.Type, r.Name, "", r.Inputs)
			e["id"], e["outputs"] = id, jsonMap(outs)
		}
		out = append(out, e)
	}
	return out
}

func jsonMap(m resource.PropertyMap) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[string(k)] = jsonValue(v)
	}
	return out
}

func jsonValue(v resource.PropertyValue) any {
	switch {
	case v.IsSecret():
		return map[string]any{sigKey: sigSecret, "ciphertext": "v1:c2VjcmV0"}
	case v.IsComputed() || v.IsOutput():
		return "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
	case v.IsObject():
		return jsonMap(v.ObjectValue())
	case v.IsArray():
		out := []any{}
		for _, e := range v.ArrayValue() {
			out = append(out, jsonValue(e))
		}
		return out
	}
	return v.V
}

func writeExport(t *testing.T, rs []exported) string {
	t.Helper()
	b, err := json.Marshal(exported{"version": 3, "deployment": exported{
		"manifest":  exported{"time": "2025-06-01T02:00:00Z", "magic": "m", "version": "v3.274.1"},
		"resources": rs,
	}})
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "prod-export.json")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// byName finds an exported resource by type and name.
func byName(t *testing.T, rs []exported, typ, name string) exported {
	t.Helper()
	for _, r := range rs {
		if r["type"] == typ && strings.HasSuffix(r["urn"].(string), "::"+name) {
			return r
		}
	}
	t.Fatalf("no %s %s in the export", typ, name)
	return nil
}

type finding struct{ Rule, URN, Message string }

func findings(rep reportJSON) []finding {
	var out []finding
	for _, v := range rep.Violations {
		out = append(out, finding{v.Rule, v.URN, v.Message})
	}
	sort.Slice(out, func(i, j int) bool { return fmt.Sprint(out[i]) < fmt.Sprint(out[j]) })
	return out
}

func TestAStateReportOfTheDeployedEstateMatchesTheProgramsAndNamesItsSource(t *testing.T) {
	offlineOut, stateOut := t.TempDir(), t.TempDir()
	if err := run(io.Discard, io.Discard, options{only: "prod", out: offlineOut}); err != nil {
		t.Fatalf("offline: %v", err)
	}
	export := writeExport(t, prodExport(t))
	if err := run(io.Discard, io.Discard, options{only: "prod", out: stateOut, state: export}); err != nil {
		t.Fatalf("from the export: %v", err)
	}
	want, got := readReport(t, filepath.Join(offlineOut, "prod.json")), readReport(t, filepath.Join(stateOut, "prod.json"))
	if !reflect.DeepEqual(findings(got), findings(want)) {
		t.Errorf("findings differ from the program's\n got %+v\nwant %+v", findings(got), findings(want))
	}
	if !reflect.DeepEqual(got.Totals, want.Totals) {
		t.Errorf("totals %v, want the program's %v", got.Totals, want.Totals)
	}
	if got.Evidence.Source.Kind != "stack export" || got.Evidence.Source.Path != export {
		t.Errorf("source %+v", got.Evidence.Source)
	}
	data, _ := os.ReadFile(filepath.Join(stateOut, "prod.md"))
	if !strings.Contains(string(data), "stack export "+export+" (written by Pulumi v3.274.1 at 2025-06-01T02:00:00Z; ") ||
		!strings.Contains(string(data), "drift: watched outputs against its own inputs, 0 found") {
		t.Errorf("the Markdown report does not name the export and its drift check:\n%s", data)
	}
	validateSARIF(t, filepath.Join(stateOut, "prod.sarif"))
}

func TestConsoleDriftIsReportedWithTheRulesControlsAndFailsTheGate(t *testing.T) {
	rs := prodExport(t)
	// Someone removes the PHI bucket's default encryption in the console
	// (S3 falls back to SSE-S3 without a bucket key) and weakens the HTTPS
	// listener's TLS policy.
	sse := byName(t, rs, rules.S3SSEConfigV2, "data-visit-documents-sse")
	sse["outputs"].(map[string]any)["rules"] = []any{map[string]any{"applyServerSideEncryptionByDefault": map[string]any{"sseAlgorithm": "AES256"}, "bucketKeyEnabled": false}}
	lst := byName(t, rs, rules.LBListener, "ecs-https")
	lst["outputs"].(map[string]any)["sslPolicy"] = "ELBSecurityPolicy-2016-08"
	out := t.TempDir()
	err := run(io.Discard, io.Discard, options{only: "prod", out: out, state: writeExport(t, rs)})
	if !errors.Is(err, errGate) {
		t.Fatalf("err = %v, want the gate to fail", err)
	}
	rep := readReport(t, filepath.Join(out, "prod.json"))
	declaredKey := sse["inputs"].(map[string]any)["rules"].([]any)[0].(map[string]any)["applyServerSideEncryptionByDefault"].(map[string]any)["kmsMasterKeyId"]
	enc, tls := rules.ByName("s3-sse-kms"), rules.ByName("alb-tls-policy-and-acm")
	phi := byName(t, rs, rules.S3BucketV2, "data-visit-documents")
	want := []finding{
		{"alb-tls-policy-and-acm", lst["urn"].(string), fmt.Sprintf(`aws:lb/listener:Listener ecs-https: drift: sslPolicy is declared "ELBSecurityPolicy-TLS13-1-2-2021-06" but AWS reported "ELBSecurityPolicy-2016-08" at the last refresh. Run `+"`pulumi up`"+` to restore what was reviewed, or change the program and have it reviewed. %s`, tls.Controls())},
		{"alb-tls-policy-and-acm", lst["urn"].(string), fmt.Sprintf(`aws:lb/listener:Listener ecs-https: sslPolicy is "ELBSecurityPolicy-2016-08", want one of %s. Set sslPolicy to ELBSecurityPolicy-TLS13-1-2-2021-06. %s`, strings.Join(tls.Params["allowedSslPolicies"].([]string), ", "), tls.Controls())},
		{"s3-sse-kms", phi["urn"].(string), fmt.Sprintf(`aws:s3/bucketV2:BucketV2 data-visit-documents: sseAlgorithm is "AES256" on a PHI bucket. Use sseAlgorithm aws:kms with the data CMK. %s`, enc.Controls())},
		{"s3-sse-kms", sse["urn"].(string), fmt.Sprintf(`aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2 data-visit-documents-sse: drift: rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId is declared %q but AWS reported unset at the last refresh. Run `+"`pulumi up`"+` to restore what was reviewed, or change the program and have it reviewed. %s`, declaredKey, enc.Controls())},
		{"s3-sse-kms", sse["urn"].(string), fmt.Sprintf(`aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2 data-visit-documents-sse: drift: rules[0].bucketKeyEnabled is declared true but AWS reported false at the last refresh. Run `+"`pulumi up`"+` to restore what was reviewed, or change the program and have it reviewed. %s`, enc.Controls())},
		{"s3-sse-kms", sse["urn"].(string), fmt.Sprintf(`aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2 data-visit-documents-sse: drift: rules[0].applyServerSideEncryptionByDefault.sseAlgorithm is declared "aws:kms" but AWS reported "AES256" at the last refresh. Run `+"`pulumi up`"+` to restore what was reviewed, or change the program and have it reviewed. %s`, enc.Controls())},
	}
	sort.Slice(want, func(i, j int) bool { return fmt.Sprint(want[i]) < fmt.Sprint(want[j]) })
	if got := findings(rep); !reflect.DeepEqual(got, want) {
		t.Errorf("findings\n got %+v\nwant %+v", got, want)
	}
	for _, r := range []string{"s3-sse-kms", "alb-tls-policy-and-acm"} {
		if s := rep.status(r); s != "violation" {
			t.Errorf("%s: status %q", r, s)
		}
	}
	validateSARIF(t, filepath.Join(out, "prod.sarif"))
}

func TestDriftAgainstTheExportBeforeTheRefresh(t *testing.T) {
	before := prodExport(t)
	// After `pulumi refresh --yes` the provider has rewritten the listener's
	// declared input to the value it read, and the public access block
	// deleted in the console is gone from the state.
	after := prodExport(t)
	lst := byName(t, after, rules.LBListener, "ecs-https")
	lst["inputs"].(map[string]any)["sslPolicy"] = "ELBSecurityPolicy-TLS13-1-3-2021-06"
	lst["outputs"].(map[string]any)["sslPolicy"] = "ELBSecurityPolicy-TLS13-1-3-2021-06"
	pab := byName(t, after, rules.S3PublicAccessBlock, "data-visit-documents-pab")
	var kept []exported
	for _, r := range after {
		if r["urn"] != pab["urn"] {
			kept = append(kept, r)
		}
	}
	out := t.TempDir()
	err := run(io.Discard, io.Discard, options{only: "prod", out: out, state: writeExport(t, kept), declared: writeExport(t, before)})
	if !errors.Is(err, errGate) {
		t.Fatalf("err = %v, want the gate to fail", err)
	}
	rep := readReport(t, filepath.Join(out, "prod.json"))
	var drift []finding
	for _, f := range findings(rep) {
		if strings.Contains(f.Message, ": drift: ") || strings.Contains(f.Message, "no public access block") {
			drift = append(drift, finding{f.Rule, f.URN, f.Message[:strings.Index(f.Message, ". ")]})
		}
	}
	phi := byName(t, after, rules.S3BucketV2, "data-visit-documents")
	want := []finding{
		// Still compliant (another allowed TLS 1.3 policy), but changed outside Pulumi.
		{"alb-tls-policy-and-acm", lst["urn"].(string), `aws:lb/listener:Listener ecs-https: drift: sslPolicy is declared "ELBSecurityPolicy-TLS13-1-2-2021-06" but AWS reported "ELBSecurityPolicy-TLS13-1-3-2021-06" at the last refresh`},
		{"s3-public-access-block", pab["urn"].(string), "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock data-visit-documents-pab: drift: the resource was deleted outside Pulumi (in the declared state, gone from AWS at the last refresh)"},
		{"s3-public-access-block", phi["urn"].(string), "aws:s3/bucketV2:BucketV2 data-visit-documents: the bucket has no public access block"},
	}
	if !reflect.DeepEqual(drift, want) {
		t.Errorf("got  %+v\nwant %+v", drift, want)
	}
}

func TestASecretInTheStateAppearsInNoReport(t *testing.T) {
	const plain, cipher = "s3cr3t-PLAINTEXT-partner-key", "v1:CIPHERTEXT-partner-key"
	rs := prodExport(t)
	// Both export forms (ciphertext, and plaintext from --show-secrets), in
	// a watched property a rule reads, one no rule reads, and the outputs.
	lst := byName(t, rs, rules.LBListener, "ecs-https")
	lst["inputs"].(map[string]any)["sslPolicy"] = map[string]any{sigKey: sigSecret, "plaintext": `"` + plain + `"`}
	lst["outputs"].(map[string]any)["sslPolicy"] = map[string]any{sigKey: sigSecret, "ciphertext": cipher}
	lst["outputs"].(map[string]any)["partnerKey"] = map[string]any{sigKey: sigSecret, "plaintext": `"` + plain + `"`}
	out := t.TempDir()
	err := run(io.Discard, io.Discard, options{only: "prod", out: out, state: writeExport(t, rs)})
	if !errors.Is(err, errGate) {
		t.Fatalf("err = %v, want the gate to fail on the listener's unjudgeable TLS policy", err)
	}
	shown := false
	for _, ext := range []string{"md", "html", "json", "sarif"} {
		data, err := os.ReadFile(filepath.Join(out, "prod."+ext))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{plain, cipher, "CIPHERTEXT", "PLAINTEXT"} {
			if strings.Contains(string(data), s) {
				t.Errorf("prod.%s contains %q", ext, s)
			}
		}
		shown = shown || strings.Contains(string(data), "sslPolicy is [secret]")
	}
	if !shown {
		t.Error("the TLS rule's finding should show the secret-marked policy as [secret]")
	}
}

func TestBadStateInputGetsAClearError(t *testing.T) {
	notExport := filepath.Join(t.TempDir(), "x.json")
	os.WriteFile(notExport, []byte(`{"version": 1, "checkpoint": {}}`), 0o644)
	rs := prodExport(t)
	for _, r := range rs {
		r["urn"] = strings.Replace(r["urn"].(string), "urn:pulumi:prod::", "urn:pulumi:dev::", 1)
	}
	devExport := writeExport(t, rs)
	empty := writeExport(t, nil)
	for _, tc := range []struct {
		name string
		opt  options
		want string
	}{
		{"no stack", options{state: notExport}, "-state needs -stack"},
		{"declared without state", options{only: "prod", declared: notExport}, "-declared needs -state"},
		{"with an event log", options{only: "prod", state: notExport, eventLog: notExport}, "-event-log is another source"},
		{"unreadable", options{only: "prod", state: "/nonexistent/export.json"}, "cannot read the stack export: open /nonexistent/export.json: no such file or directory"},
		{"not an export", options{only: "prod", state: notExport}, notExport + ": stack export version 1 is not supported (want 3 or 4, as Pulumi v3 writes)"},
		{"another stack's export", options{only: "prod", state: devExport}, devExport + " is an export of stack dev, not prod"},
		{"another stack's declared export", options{only: "prod", state: writeExport(t, prodExport(t)), declared: devExport}, devExport + " is an export of stack dev, not prod"},
		{"an empty state", options{only: "prod", state: empty}, empty + ": the export has no resources; was the stack ever deployed?"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.opt.out = t.TempDir()
			err := run(io.Discard, io.Discard, tc.opt)
			if err == nil || errors.Is(err, errGate) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

// Made again from the archived exports at the same commit, a night's
// report differs only in when it was generated.
func TestAStateReportMadeAgainFromTheSameExportsIsTheSameButForItsTime(t *testing.T) {
	rs := prodExport(t)
	lst := byName(t, rs, rules.LBListener, "ecs-https")
	lst["outputs"].(map[string]any)["sslPolicy"] = "ELBSecurityPolicy-2016-08"
	observed, declared := writeExport(t, rs), writeExport(t, prodExport(t))
	var runs [2]map[string]any
	for i, now := range []time.Time{time.Date(2026, 6, 1, 3, 17, 0, 0, time.UTC), time.Date(2026, 9, 1, 12, 0, 0, 0, time.UTC)} {
		out := t.TempDir()
		if err := run(io.Discard, io.Discard, options{only: "prod", out: out, state: observed, declared: declared, now: now}); !errors.Is(err, errGate) {
			t.Fatalf("err = %v", err)
		}
		data, _ := os.ReadFile(filepath.Join(out, "prod.json"))
		if err := json.Unmarshal(data, &runs[i]); err != nil {
			t.Fatal(err)
		}
		ev := runs[i]["evidence"].(map[string]any)
		if got := ev["generatedAt"]; got != now.Format(time.RFC3339) {
			t.Errorf("generatedAt %v, want %v", got, now.Format(time.RFC3339))
		}
		delete(ev, "generatedAt")
	}
	if !reflect.DeepEqual(runs[0], runs[1]) {
		t.Error("two reports from the same exports differ beyond generatedAt")
	}
}
