package pipelines_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// The nightly compliance audit (docs/continuous-compliance.md) in both
// pipelines, and the script they share.

func TestGitHubNightlyAuditsEveryStackReadOnlyAndAlerts(t *testing.T) {
	var wf workflow
	raw := load(t, ".github/workflows/nightly.yml", &wf)
	schedule, _ := wf.On["schedule"].([]any)
	if len(schedule) != 1 || schedule[0].(map[string]any)["cron"] != "17 3 * * *" {
		t.Errorf("schedule %v, want one nightly cron", wf.On["schedule"])
	}
	if _, ok := wf.On["workflow_dispatch"]; !ok {
		t.Error("the audit cannot be run by hand (workflow_dispatch)")
	}
	if _, ok := wf.On["push"]; ok {
		t.Error("the nightly audit must not run on pushes")
	}
	want := map[string]string{"contents": "read", "id-token": "write", "security-events": "write", "issues": "write"}
	if !reflect.DeepEqual(wf.Permissions, want) {
		t.Errorf("permissions %v, want exactly %v (read the code, OIDC, SARIF, the alert issue)", wf.Permissions, want)
	}
	if s := wf.Jobs["stacks"].script(); !strings.Contains(s, "bash scripts/stacks.sh --json") {
		t.Errorf("stacks are not discovered from the repository:\n%s", s)
	}
	audit := wf.Jobs["audit"]
	if !reflect.DeepEqual(audit.Needs, "stacks") || audit.Strategy["fail-fast"] != false ||
		audit.Strategy["matrix"].(map[string]any)["stack"] != "${{ fromJSON(needs.stacks.outputs.all) }}" {
		t.Errorf("audit: needs=%v strategy=%v; want every discovered stack, none cancelling the others", audit.Needs, audit.Strategy)
	}
	// The deploy jobs' group is carestack-<stack>: joining it would cancel a
	// prod deploy waiting for approval.
	if audit.Concurrency != "carestack-nightly-${{ matrix.stack }}" {
		t.Errorf("audit concurrency %q", audit.Concurrency)
	}
	if aws := audit.uses("aws-actions/configure-aws-credentials"); aws == nil || aws.With["role-to-assume"] != "${{ vars[format('AWS_AUDIT_ROLE_{0}', matrix.stack)] }}" {
		t.Error("the audit does not assume the stack's read-only AWS_AUDIT_ROLE_<stack> through OIDC")
	}
	if p := audit.uses("pulumi/auth-actions"); p == nil || p.With["requested-token-type"] != "urn:pulumi:token-type:access_token:team" || p.With["scope"] != "team:${{ vars.PULUMI_AUDIT_TEAM }}" {
		t.Error("the audit does not log in to Pulumi Cloud as the audit team")
	}

	// Export, refresh, export (the shared script), then the report over the
	// exports, then SARIF, artifacts and the alert whatever happened.
	idx := func(pred func(step) bool) int {
		return slices.IndexFunc(audit.Steps, pred)
	}
	state := idx(func(s step) bool {
		return strings.Contains(s.Run, `bash scripts/nightly-state.sh "$PULUMI_ORG/carestack/$STACK" state`)
	})
	report := idx(func(s step) bool {
		return strings.Contains(s.Run, `go run ./cmd/report -stack "$STACK" -state state/observed.json -declared "${{ steps.state.outputs.declared }}" -out reports`)
	})
	sarif := idx(func(s step) bool { return strings.HasPrefix(s.Uses, "github/codeql-action/upload-sarif@") })
	artifact := idx(func(s step) bool { return strings.HasPrefix(s.Uses, "actions/upload-artifact@") })
	alert := idx(func(s step) bool { return strings.Contains(s.Run, "gh issue create") })
	if state < 0 || report < state || sarif < report || artifact < report || alert < artifact {
		t.Fatalf("steps out of order or missing: state %d, report %d, sarif %d, artifact %d, alert %d", state, report, sarif, artifact, alert)
	}
	if audit.Steps[state].ID != "state" || audit.Steps[report].ID != "report" || !audit.Steps[report].ContinueOnError {
		t.Error("the report step must follow the state step's output and continue on a finding")
	}
	for _, i := range []int{sarif, artifact, alert} {
		if !strings.HasPrefix(audit.Steps[i].If, "always()") {
			t.Errorf("step %q must run always(), got if=%q", audit.Steps[i].Uses+audit.Steps[i].Run, audit.Steps[i].If)
		}
	}
	if w := audit.Steps[sarif].With; w["sarif_file"] != "reports/${{ matrix.stack }}.sarif" || w["category"] != "carestack-nightly-${{ matrix.stack }}" {
		t.Errorf("SARIF upload %v: want each stack's report in its own nightly category", w)
	}
	if w := audit.Steps[artifact].With; w["name"] != "nightly-${{ matrix.stack }}" || !strings.Contains(w["path"], "reports/") || !strings.Contains(w["path"], "state/") || w["retention-days"] != "90" {
		t.Errorf("artifact %v: want the report and both exports, kept 90 days", w)
	}
	// The refresh writes state: it keeps its checkpoints, and the audit
	// never settles for a preview-only refresh.
	code := uncommented(raw)
	if strings.Contains(code, "PULUMI_SKIP_CHECKPOINTS") || strings.Contains(code, "--preview-only") {
		t.Error("the nightly must refresh with --yes (scripts/nightly-state.sh) and keep checkpoints")
	}
	if strings.Contains(code, "pulumi up") || strings.Contains(code, "pulumi destroy") {
		t.Error("the nightly audit must never change AWS")
	}
	noStoredKeys(t, raw)
}

// uncommented drops YAML comment lines.
func uncommented(text string) string {
	var b strings.Builder
	for _, l := range strings.Split(text, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "#") {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}

// The alert step as written in the workflow, run with a fake gh over
// report fixtures.
func TestTheNightlyAlertOpensOrUpdatesTheStacksIssueOnAMandatoryFindingOrDrift(t *testing.T) {
	var wf workflow
	load(t, ".github/workflows/nightly.yml", &wf)
	var script string
	for _, s := range wf.Jobs["audit"].Steps {
		if strings.Contains(s.Run, "gh issue create") {
			script = s.Run
		}
	}
	clean := `{"violations": [], "evidence": {"git": {"commit": "abc123"}}}`
	advisory := `{"violations": [{"id": "AVL-04", "rule": "backup-plan-quality", "name": "aws:backup/plan:Plan p", "level": "advisory", "message": "no copy"}], "evidence": {"git": {"commit": "abc123"}}}`
	excepted := `{"violations": [{"id": "AVL-02", "rule": "aurora-backup-retention", "name": "c", "level": "mandatory", "exceptionId": "EXC-1", "message": "1 day"}], "evidence": {"git": {"commit": "abc123"}}}`
	drift := `{"violations": [{"id": "TLS-02", "rule": "alb-tls-policy-and-acm", "name": "aws:lb/listener:Listener ecs-https", "level": "advisory",
		"message": "aws:lb/listener:Listener ecs-https: drift: sslPolicy is declared \"A\" but AWS reported \"B\" at the last refresh. Run it."}], "evidence": {"git": {"commit": "abc123"}}}`
	mandatory := `{"violations": [{"id": "ENC-03", "rule": "s3-sse-kms", "name": "aws:s3/bucketV2:BucketV2 phi", "level": "mandatory", "message": "sseAlgorithm is \"AES256\""}], "evidence": {"git": {"commit": "abc123"}}}`
	for _, tc := range []struct {
		name, report, stateOutcome, openIssue string
		// reportFailed: the report exited non-zero on a clean JSON (a
		// policy config the offline check refuses).
		reportFailed bool
		wantExit     int
		wantGH       []string
		wantBody     []string
	}{
		{name: "clean", report: clean, stateOutcome: "success", wantGH: []string{"issue list"}},
		{name: "clean, closing the open issue", report: clean, stateOutcome: "success", openIssue: "42",
			wantGH: []string{"issue list", "issue close 42 --comment Clean on "}},
		{name: "advisory only", report: advisory, stateOutcome: "success", wantGH: []string{"issue list"}},
		{name: "excepted mandatory", report: excepted, stateOutcome: "success", wantGH: []string{"issue list"}},
		{name: "drift on an advisory rule", report: drift, stateOutcome: "success", wantExit: 1,
			wantGH: []string{"label create compliance-nightly", "issue list", "issue create --title Nightly compliance: prod --label compliance-nightly --body-file alert.md"},
			wantBody: []string{"commit `abc123`: 0 mandatory finding(s), 1 drift finding(s)",
				"- TLS-02 `alb-tls-policy-and-acm` aws:lb/listener:Listener ecs-https: aws:lb/listener:Listener ecs-https: drift: sslPolicy"}},
		{name: "a mandatory finding, the issue already open", report: mandatory, stateOutcome: "success", openIssue: "42", wantExit: 1,
			wantGH:   []string{"label create compliance-nightly", "issue list", "issue comment 42 --body-file alert.md"},
			wantBody: []string{"1 mandatory finding(s), 0 drift finding(s)", "- ENC-03 `s3-sse-kms` aws:s3/bucketV2:BucketV2 phi"}},
		{name: "a refused policy config", report: clean, stateOutcome: "success", reportFailed: true, wantExit: 1,
			wantGH:   []string{"label create compliance-nightly", "issue list", "issue create --title Nightly compliance: prod"},
			wantBody: []string{"0 mandatory finding(s), 0 drift finding(s)", "its evidence lists the policy config's refusals"}},
		{name: "the audit could not run", stateOutcome: "failure", wantExit: 1,
			wantGH:   []string{"label create compliance-nightly", "issue list", "issue create --title Nightly compliance: prod --label compliance-nightly --body-file alert.md"},
			wantBody: []string{"unknown mandatory finding(s)", "The audit could not run"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			bin := filepath.Join(dir, "bin")
			os.MkdirAll(bin, 0o755)
			os.MkdirAll(filepath.Join(dir, "reports"), 0o755)
			if tc.report != "" {
				os.WriteFile(filepath.Join(dir, "reports", "prod.json"), []byte(tc.report), 0o644)
			}
			// gh: log the arguments; `issue list` answers the open issue.
			fake := "#!/usr/bin/env bash\necho \"$*\" >> \"$GH_LOG\"\n[[ \"$1 $2\" == \"issue list\" ]] && echo \"$OPEN_ISSUE\"\nexit 0\n"
			os.WriteFile(filepath.Join(bin, "gh"), []byte(fake), 0o755)
			reportOutcome := "success"
			if tc.wantExit != 0 || tc.reportFailed {
				reportOutcome = "failure"
			}
			script := strings.NewReplacer("${{ steps.state.outcome }}", tc.stateOutcome, "${{ steps.report.outcome }}", reportOutcome).Replace(script)
			cmd := exec.Command("bash", "-e", "-c", script)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "STACK=prod", "RUN_URL=https://ci/run/1",
				"GITHUB_SHA=def456", "GH_LOG="+filepath.Join(dir, "gh.log"), "OPEN_ISSUE="+tc.openIssue)
			out, err := cmd.CombinedOutput()
			exit := 0
			if ee, ok := err.(*exec.ExitError); ok {
				exit = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if exit != tc.wantExit {
				t.Fatalf("exit %d, want %d\n%s", exit, tc.wantExit, out)
			}
			log, _ := os.ReadFile(filepath.Join(dir, "gh.log"))
			var calls []string
			for _, l := range strings.Split(strings.TrimSpace(string(log)), "\n") {
				if l != "" {
					calls = append(calls, l)
				}
			}
			for i, w := range tc.wantGH {
				if i >= len(calls) || !strings.HasPrefix(calls[i], w) {
					t.Errorf("gh calls %q, want %q", calls, tc.wantGH)
					break
				}
			}
			if len(calls) != len(tc.wantGH) {
				t.Errorf("gh calls %q, want %q", calls, tc.wantGH)
			}
			body, _ := os.ReadFile(filepath.Join(dir, "alert.md"))
			for _, w := range tc.wantBody {
				if !strings.Contains(string(body), w) {
					t.Errorf("the alert does not say %q:\n%s", w, body)
				}
			}
		})
	}
}

func TestConcourseNightlyAuditsEveryStackOnATimerAndArchivesEveryNight(t *testing.T) {
	var p struct {
		Resources []struct {
			Name   string         `yaml:"name"`
			Type   string         `yaml:"type"`
			Source map[string]any `yaml:"source"`
		} `yaml:"resources"`
		Jobs []struct {
			Name      string           `yaml:"name"`
			Serial    bool             `yaml:"serial"`
			Plan      []map[string]any `yaml:"plan"`
			OnFailure map[string]any   `yaml:"on_failure"`
		} `yaml:"jobs"`
	}
	raw := load(t, "ci/concourse/nightly.yml", &p)
	types := map[string]string{}
	sources := map[string]map[string]any{}
	for _, r := range p.Resources {
		types[r.Name], sources[r.Name] = r.Type, r.Source
	}
	if types["nightly"] != "time" || sources["nightly"]["location"] != "UTC" || sources["nightly"]["start"] == nil {
		t.Errorf("the nightly timer: %s %v", types["nightly"], sources["nightly"])
	}
	if types["audit-archive"] != "s3" || sources["audit-archive"]["server_side_encryption"] != "aws:kms" || sources["audit-archive"]["initial_path"] == nil {
		t.Errorf("the archive: %s %v; want KMS-encrypted S3 with an initial version for the first night", types["audit-archive"], sources["audit-archive"])
	}
	if len(p.Jobs) != 1 || p.Jobs[0].Name != "nightly-audit" || !p.Jobs[0].Serial {
		t.Fatalf("jobs %+v, want one serial nightly-audit", p.Jobs)
	}
	job := p.Jobs[0]
	var gets []string
	var task map[string]any
	for _, s := range job.Plan {
		if g, ok := s["get"].(string); ok {
			gets = append(gets, g)
			if (g == "nightly") != (s["trigger"] == true) {
				t.Errorf("get %s trigger=%v: only the timer triggers", g, s["trigger"])
			}
		}
		if s["task"] == "audit" {
			task = s
		}
	}
	if !slices.Equal(gets, []string{"nightly", "repo", "audit-archive"}) || task == nil {
		t.Fatalf("plan gets %v, task %v", gets, task)
	}
	if task["file"] != "repo/ci/concourse/audit.yml" || !reflect.DeepEqual(task["input_mapping"], map[string]any{"previous": "audit-archive"}) {
		t.Errorf("audit task %v", task)
	}
	if ensure, _ := task["ensure"].(map[string]any); ensure == nil || ensure["put"] != "audit-archive" {
		t.Errorf("every night must be archived (ensure: put: audit-archive), got %v", task["ensure"])
	}
	if params, _ := task["params"].(map[string]any); params["AWS_AUDIT_ROLE_PATTERN"] != "((aws-audit-role-pattern))" || params["PULUMI_BACKEND_URL"] != "((pulumi-backend-url))" {
		t.Errorf("audit params %v", task["params"])
	}
	if job.OnFailure == nil || !strings.Contains(raw, "((nightly-alert-webhook))") {
		t.Error("a failing night does not alert")
	}

	var audit struct {
		Params map[string]any `yaml:"params"`
		Inputs []struct {
			Name     string `yaml:"name"`
			Optional bool   `yaml:"optional"`
		} `yaml:"inputs"`
		Run struct {
			Args []string `yaml:"args"`
		} `yaml:"run"`
	}
	auditRaw := load(t, "ci/concourse/audit.yml", &audit)
	script := strings.Join(audit.Run.Args, " ")
	for _, want := range []string{
		"for STACK in $(bash scripts/stacks.sh)",
		`"${AWS_AUDIT_ROLE_PATTERN//\{stack\}/$STACK}"`,
		`bash scripts/nightly-state.sh "$STACK" "$out/state" "/tmp/previous/$STACK/state"`,
		`go run ./cmd/report -stack "$STACK" -state "$out/state/observed.json" -declared "$declared" -out "$out/reports" || status=$?`,
		`tar czf "../audit/audit-$stamp.tgz"`,
	} {
		if !strings.Contains(script, want) {
			t.Errorf("the audit task does not run %s", want)
		}
	}
	// Every stack is audited and archived before the task fails.
	if strings.Index(script, "tar czf") > strings.LastIndex(script, "exit 1") || !strings.HasSuffix(strings.TrimSpace(script), "fi") {
		t.Error("the audit task must archive every stack, then fail")
	}
	if strings.Contains(uncommented(auditRaw), "PULUMI_SKIP_CHECKPOINTS") || strings.Contains(script, "pulumi up") || strings.Contains(script, "--preview-only") {
		t.Error("the audit refreshes with checkpoints and never updates")
	}
	noStoredKeys(t, raw+auditRaw)
}

// nightlyState runs scripts/nightly-state.sh with a fake pulumi that logs
// its calls and writes what each export would.
type fakePulumi struct {
	history   string // `stack history --json` output; "" fails
	versioned bool   // `stack export --version` works (Pulumi Cloud)
}

func runNightlyState(t *testing.T, f fakePulumi, prev string) (declared string, calls []string, out string) {
	t.Helper()
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	os.MkdirAll(bin, 0o755)
	script := `#!/usr/bin/env bash
echo "$* SKIP=${PULUMI_SKIP_CHECKPOINTS:-}" >> "$LOG"
file=""
for ((i = 1; i <= $#; i++)); do [[ "${!i}" == --file ]] && { j=$((i + 1)); file="${!j}"; }; done
case "$1 $2" in
  "stack history") [[ -n "$HISTORY" ]] || exit 1; echo "$HISTORY" ;;
  "stack export")
    if [[ "$*" == *--version* ]]; then [[ "$VERSIONED" == yes ]] || exit 255; echo "state of $*" > "$file"
    elif grep -q "^refresh" "$LOG"; then echo "refreshed" > "$file"; else echo "as left" > "$file"; fi ;;
esac
`
	os.WriteFile(filepath.Join(bin, "pulumi"), []byte(script), 0o755)
	versioned := "no"
	if f.versioned {
		versioned = "yes"
	}
	out = filepath.Join(dir, "out")
	args := []string{filepath.Join("..", "..", "scripts", "nightly-state.sh"), "org/carestack/prod", out}
	if prev != "" {
		args = append(args, prev)
	}
	cmd := exec.Command("bash", args...)
	cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "LOG="+filepath.Join(dir, "log"),
		"HISTORY="+f.history, "VERSIONED="+versioned, "PULUMI_SKIP_CHECKPOINTS=")
	stdout, err := cmd.Output()
	if err != nil {
		t.Fatalf("nightly-state.sh: %v", err)
	}
	log, _ := os.ReadFile(filepath.Join(dir, "log"))
	for _, l := range strings.Split(strings.TrimSpace(string(log)), "\n") {
		calls = append(calls, strings.ReplaceAll(l, out, "OUT"))
	}
	return strings.ReplaceAll(strings.TrimSpace(string(stdout)), out, "OUT"), calls, out
}

func TestNightlyStateTakesTheDeclaredSideFromTheLastUpNotFromARefresh(t *testing.T) {
	if _, err := exec.LookPath("jq"); err != nil {
		t.Skip("jq is not installed (GitHub's runners have it)")
	}
	history := `[{"version": 9, "kind": "refresh", "result": "succeeded"}, {"version": 8, "kind": "update", "result": "failed"},
		{"version": 7, "kind": "update", "result": "succeeded"}, {"version": 10, "kind": "update", "result": "in-progress"}]`
	prevDir := func(observed string) string {
		d := t.TempDir()
		os.WriteFile(filepath.Join(d, "observed.json"), []byte(observed), 0o644)
		os.WriteFile(filepath.Join(d, "declared.json"), []byte("declared by the up before\n"), 0o644)
		return d
	}
	for _, tc := range []struct {
		name         string
		f            fakePulumi
		prev         string
		wantDeclared string
		wantCalls    []string
		wantContent  string
	}{
		{
			name: "Pulumi Cloud: the last update's version, even a failed one", f: fakePulumi{history: history, versioned: true},
			wantDeclared: "OUT/declared-update-8.json",
			wantCalls: []string{
				"stack export --stack org/carestack/prod --file OUT/before.json SKIP=",
				"stack history --stack org/carestack/prod --json --page-size 500 SKIP=",
				"stack export --stack org/carestack/prod --version 8 --file OUT/declared-update-8.json SKIP=",
				"refresh --yes --stack org/carestack/prod --non-interactive --suppress-progress --message nightly compliance audit SKIP=",
				"stack export --stack org/carestack/prod --file OUT/observed.json SKIP=",
			},
			wantContent: "state of stack export --stack org/carestack/prod --version 8 --file " + "OUT/declared-update-8.json\n",
		},
		{
			name: "DIY backend, nothing but last night's refresh wrote the state: carried", f: fakePulumi{history: history},
			prev: prevDir("as left\n"), wantDeclared: "OUT/declared-carried.json", wantContent: "declared by the up before\n",
		},
		{
			name: "DIY backend, an up ran since last night: the state as it left it", f: fakePulumi{history: history},
			prev: prevDir("something else\n"), wantDeclared: "OUT/before.json", wantContent: "as left\n",
		},
		{name: "the first night", f: fakePulumi{}, wantDeclared: "OUT/before.json", wantContent: "as left\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			declared, calls, out := runNightlyState(t, tc.f, tc.prev)
			if declared != tc.wantDeclared {
				t.Errorf("declared %q, want %q", declared, tc.wantDeclared)
			}
			if tc.wantCalls != nil && !reflect.DeepEqual(calls, tc.wantCalls) {
				t.Errorf("calls\n got %q\nwant %q", calls, tc.wantCalls)
			}
			// Always: export first, then one refresh --yes, then the export.
			if len(calls) < 3 || !strings.HasPrefix(calls[0], "stack export --stack org/carestack/prod --file OUT/before.json") ||
				!strings.HasPrefix(calls[len(calls)-2], "refresh --yes ") || !strings.HasPrefix(calls[len(calls)-1], "stack export --stack org/carestack/prod --file OUT/observed.json") {
				t.Errorf("calls %q", calls)
			}
			got, _ := os.ReadFile(filepath.Join(out, "declared.json"))
			if strings.ReplaceAll(string(got), out, "OUT") != tc.wantContent {
				t.Errorf("declared.json %q, want %q", got, tc.wantContent)
			}
			if observed, _ := os.ReadFile(filepath.Join(out, "observed.json")); string(observed) != "refreshed\n" {
				t.Errorf("observed.json %q, want the export after the refresh", observed)
			}
		})
	}
}
