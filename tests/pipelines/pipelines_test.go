// Package pipelines_test checks the CI definitions users run: what runs on
// a pull request and on main, that every preview and update carries the
// policy pack with the stack's policy config, that prod is gated, and that
// no long-lived credential appears anywhere.
package pipelines_test

import (
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func load(t *testing.T, path string, into any) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", path))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, into); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return string(data)
}

type step struct {
	ID              string            `yaml:"id"`
	ContinueOnError bool              `yaml:"continue-on-error"`
	Uses            string            `yaml:"uses"`
	Run             string            `yaml:"run"`
	If              string            `yaml:"if"`
	With            map[string]string `yaml:"with"`
	Env             map[string]string `yaml:"env"`
}

type job struct {
	If          string         `yaml:"if"`
	Needs       any            `yaml:"needs"`
	Environment string         `yaml:"environment"`
	Concurrency string         `yaml:"concurrency"`
	Strategy    map[string]any `yaml:"strategy"`
	Steps       []step         `yaml:"steps"`
}

type workflow struct {
	On          map[string]any    `yaml:"on"`
	Permissions map[string]string `yaml:"permissions"`
	Jobs        map[string]job    `yaml:"jobs"`
}

func (j job) script() string {
	var b strings.Builder
	for _, s := range j.Steps {
		b.WriteString(s.Run + "\n")
	}
	return b.String()
}

// runEnv is the environment of the step whose script contains command.
func (j job) runEnv(command string) map[string]string {
	for _, s := range j.Steps {
		if strings.Contains(s.Run, command) {
			return s.Env
		}
	}
	return nil
}

func (j job) uses(action string) *step {
	for i, s := range j.Steps {
		if strings.HasPrefix(s.Uses, action+"@") {
			return &j.Steps[i]
		}
	}
	return nil
}

// packArgs: the built pack, then the stack's policy config when it has one
// (scripts/policy-config-args.sh prints the flag only for an existing file).
var packArgs = regexp.MustCompile(`--policy-pack "\$RUNNER_TEMP/carestack-policy"\s*\\\s*\n\s*"\$\{config_args\[@\]\}"`)

const configArgs = `mapfile -t config_args < <(bash scripts/policy-config-args.sh`

func TestGitHubActionsPreviewsEveryStackAndShowsTheReviewerEveryViolation(t *testing.T) {
	var wf workflow
	raw := load(t, ".github/workflows/carestack.yml", &wf)
	if _, ok := wf.On["pull_request"]; !ok {
		t.Error("the workflow does not run on pull requests")
	}
	if wf.Permissions["id-token"] != "write" || wf.Permissions["security-events"] != "write" || wf.Permissions["pull-requests"] != "write" {
		t.Errorf("permissions %v: want OIDC, SARIF upload and PR comments", wf.Permissions)
	}
	names := slices.Sorted(maps.Keys(wf.Jobs))
	if want := []string{"deploy", "deploy-prod", "plan-prod", "preview", "stacks", "test"}; !slices.Equal(names, want) {
		t.Errorf("jobs %v, want %v", names, want)
	}
	test := wf.Jobs["test"].script()
	for _, cmd := range []string{"go run ./cmd/policycheck", "go run ./cmd/report", "go test -timeout 30m ./..."} {
		if !strings.Contains(test, cmd) {
			t.Errorf("the test job does not run %s", cmd)
		}
	}
	if s := wf.Jobs["stacks"].script(); !strings.Contains(s, "scripts/stacks.sh --json") {
		t.Errorf("stacks are not discovered from the repository:\n%s", s)
	}

	preview := wf.Jobs["preview"]
	// The preview does not wait for the tests: a change whose offline
	// report fails must still get its real preview, SARIF and comment.
	if preview.If != "github.event_name == 'pull_request'" || !reflect.DeepEqual(preview.Needs, "stacks") {
		t.Errorf("preview: if=%q needs=%v, want every PR, after stack discovery only", preview.If, preview.Needs)
	}
	if stacks := preview.Strategy["matrix"].(map[string]any)["stack"]; stacks != "${{ fromJSON(needs.stacks.outputs.all) }}" {
		t.Errorf("preview matrix %v, want the discovered stacks", stacks)
	}
	if preview.Strategy["fail-fast"] != false {
		t.Error("one stack's violation must not cancel the other stacks' previews")
	}
	script := preview.script()
	if !strings.Contains(script, `go run ./cmd/policycheck -stack "${{ matrix.stack }}"`) || strings.Index(script, "cmd/policycheck") > strings.Index(script, "pulumi preview") {
		t.Error("the config check does not run before the preview")
	}
	if !strings.Contains(script, "pulumi preview") || !packArgs.MatchString(script) || !strings.Contains(script, configArgs+` "${{ matrix.stack }}")`) {
		t.Errorf("the preview does not run with the pack and the stack's policy config:\n%s", script)
	}
	var pv *step
	for i, s := range preview.Steps {
		if strings.Contains(s.Run, "pulumi preview --stack") {
			pv = &preview.Steps[i]
			break
		}
	}
	if pv == nil || pv.ID != "preview" || !pv.ContinueOnError {
		t.Fatal("the preview step must have id preview and continue-on-error, so the report, SARIF and comment follow a violation")
	}
	// Previews persist nothing, so skipping the engine's per-step snapshot
	// serialisation costs nothing and makes them linear in resources; an
	// update keeps its checkpoints.
	if pv.Env["PULUMI_SKIP_CHECKPOINTS"] != "true" {
		t.Errorf("the preview step's env %v: want PULUMI_SKIP_CHECKPOINTS true", pv.Env)
	}
	if strings.Count(raw, "PULUMI_SKIP_CHECKPOINTS:") != 1 {
		t.Error("PULUMI_SKIP_CHECKPOINTS must be set on the PR preview step only, never for `pulumi up`")
	}
	after := false
	for _, s := range preview.Steps {
		if s.ID == "preview" {
			after = true
			continue
		}
		if after && !strings.Contains(s.Run, "exit 1") && s.If != "always()" {
			t.Errorf("step %q after the preview must run always(), got if=%q", s.Uses+s.Run, s.If)
		}
	}
	last := preview.Steps[len(preview.Steps)-1]
	if last.If != "steps.preview.outcome != 'success'" || !strings.Contains(last.Run, "exit 1") {
		t.Errorf("the last step must fail the job when the preview failed, got if=%q run=%q", last.If, last.Run)
	}
	if s := preview.uses("github/codeql-action/upload-sarif"); s == nil || s.With["sarif_file"] != "reports/${{ matrix.stack }}.sarif" || s.With["category"] != "carestack-${{ matrix.stack }}" {
		t.Error("the SARIF report is not uploaded to code scanning per stack")
	}
	if !strings.Contains(script, `bash scripts/pr-comment.sh "${{ github.event.pull_request.number }}" "${{ matrix.stack }}"`) || !strings.Contains(script, "-event-log") {
		t.Error("the report is not built from the preview's event log and commented per stack")
	}
	if strings.Contains(raw, "--edit-last") {
		t.Error("--edit-last makes the stacks' comments overwrite each other")
	}

	deploy, plan, prod := wf.Jobs["deploy"], wf.Jobs["plan-prod"], wf.Jobs["deploy-prod"]
	if deploy.If != "github.event_name == 'push' && github.ref == 'refs/heads/main'" {
		t.Errorf("deploy runs on %q, want only pushes to main", deploy.If)
	}
	if stacks := deploy.Strategy["matrix"].(map[string]any)["stack"]; stacks != "${{ fromJSON(needs.stacks.outputs.pre-prod) }}" {
		t.Errorf("deploy matrix %v, want every discovered stack but prod", stacks)
	}
	if !reflect.DeepEqual(plan.Needs, "deploy") || !reflect.DeepEqual(prod.Needs, "plan-prod") || prod.Environment != "production" || prod.Concurrency == "" {
		t.Errorf("deploy-prod: needs=%v environment=%q concurrency=%q; want after prod's plan, behind the production environment, serialised", prod.Needs, prod.Environment, prod.Concurrency)
	}
	if !strings.Contains(plan.script(), "--save-plan plan/plan.json") || plan.uses("actions/upload-artifact") == nil {
		t.Error("plan-prod does not save and upload prod's plan")
	}
	if prod.uses("actions/download-artifact") == nil || !strings.Contains(prod.script(), "--plan plan/plan.json") {
		t.Error("deploy-prod does not apply exactly the reviewed plan")
	}
	for name, j := range map[string]job{"deploy": deploy, "deploy-prod": prod} {
		if !strings.Contains(j.script(), "pulumi up --yes") || !packArgs.MatchString(j.script()) {
			t.Errorf("%s does not run `pulumi up` with the pack and its policy config", name)
		}
		if j.uses("aws-actions/configure-aws-credentials") == nil || j.uses("aws-actions/configure-aws-credentials").With["role-to-assume"] == "" {
			t.Errorf("%s does not assume an AWS role through OIDC", name)
		}
	}
	noStoredKeys(t, raw)
}

// The discovery script finds a stack the moment its file exists, and the
// config argument appears only for a stack that has a policy config.
func TestStackDiscoveryFindsANewStackFromItsFile(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"scripts/stacks.sh", "scripts/policy-config-args.sh"} {
		data, err := os.ReadFile(filepath.Join("..", "..", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(dir, "scripts"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.prod.yaml", "Pulumi.staging.yaml", "policy/config/dev.json"} {
		_ = os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, f), []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run := func(args ...string) string {
		out, err := exec.Command("bash", append([]string{filepath.Join(dir, args[0])}, args[1:]...)...).Output()
		if err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		return string(out)
	}
	if got := run("scripts/stacks.sh", "--json"); got != `["dev","prod","staging"]`+"\n" {
		t.Errorf("stacks = %q", got)
	}
	if got := run("scripts/stacks.sh", "--json", "--except", "prod"); got != `["dev","staging"]`+"\n" {
		t.Errorf("pre-prod stacks = %q", got)
	}
	if got := run("scripts/policy-config-args.sh", "dev"); got != "--policy-pack-config\npolicy/config/dev.json\n" {
		t.Errorf("dev config args = %q", got)
	}
	if got := run("scripts/policy-config-args.sh", "staging"); got != "" {
		t.Errorf("staging has no policy config, got args %q", got)
	}
}

type concourse struct {
	Resources []struct {
		Name string `yaml:"name"`
		Type string `yaml:"type"`
	} `yaml:"resources"`
	Jobs []struct {
		Name         string           `yaml:"name"`
		Serial       bool             `yaml:"serial"`
		SerialGroups []string         `yaml:"serial_groups"`
		Plan         []map[string]any `yaml:"plan"`
	} `yaml:"jobs"`
}

func TestConcoursePreviewsEveryStackAndAppliesTheSavedPlanToProdByHand(t *testing.T) {
	var p concourse
	raw := load(t, "ci/concourse/pipeline.yml", &p)
	jobs := map[string]int{}
	for i, j := range p.Jobs {
		jobs[j.Name] = i
	}
	get := func(job, resource string) map[string]any {
		for _, s := range p.Jobs[jobs[job]].Plan {
			if s["get"] == resource {
				return s
			}
		}
		t.Fatalf("job %s does not get %s", job, resource)
		return nil
	}
	if get("preview", "repo")["trigger"] != true {
		t.Error("the preview does not run on every change")
	}
	// Every stack's reports are uploaded even when a preview failed.
	var task map[string]any
	for _, s := range p.Jobs[jobs["preview"]].Plan {
		if s["task"] == "test-and-preview" {
			task = s
		}
	}
	if ensure, _ := task["ensure"].(map[string]any); ensure == nil || ensure["put"] != "reports" {
		t.Errorf("the preview task must `ensure: put: reports`, got %v", task["ensure"])
	}
	if g := get("up-pre-prod", "repo"); g["trigger"] != true || !reflect.DeepEqual(g["passed"], []any{"preview"}) {
		t.Errorf("up-pre-prod: %v, want automatic after the preview", g)
	}
	prod := p.Jobs[jobs["up-prod"]]
	if g := get("up-prod", "repo"); g["trigger"] != false || !reflect.DeepEqual(g["passed"], []any{"up-pre-prod"}) {
		t.Errorf("up-prod repo: %v, want a manual trigger after up-pre-prod", g)
	}
	if g := get("up-prod", "prod-plan"); g["trigger"] != false || !reflect.DeepEqual(g["passed"], []any{"preview"}) {
		t.Errorf("up-prod must apply the plan the preview saved: %v", g)
	}
	if !prod.Serial || !reflect.DeepEqual(prod.SerialGroups, []string{"deploy"}) || !p.Jobs[jobs["up-pre-prod"]].Serial {
		t.Error("updates are not serial")
	}

	var previewTask, upTask struct {
		Params map[string]string `yaml:"params"`
		Run    struct {
			Args []string `yaml:"args"`
		} `yaml:"run"`
	}
	load(t, "ci/concourse/preview.yml", &previewTask)
	upRaw := load(t, "ci/concourse/up.yml", &upTask)
	preview := strings.Join(previewTask.Run.Args, " ")
	up := strings.Join(upTask.Run.Args, " ")
	if !strings.Contains(preview, "for STACK in $(bash scripts/stacks.sh)") || !strings.Contains(up, "bash scripts/stacks.sh --except prod") {
		t.Error("the Concourse tasks do not discover the stacks")
	}
	for name, script := range map[string]string{"preview": preview, "up": up} {
		if !strings.Contains(script, "--policy-pack /tmp/carestack-policy") || !strings.Contains(script, `"${config_args[@]}"`) || !strings.Contains(script, "go run ./cmd/policycheck -stack") {
			t.Errorf("the %s task does not check the config and pass the pack with the stack's policy config", name)
		}
	}
	// A violation in one stack must not hide the others' reports.
	if !strings.Contains(preview, `failed+=("$STACK")`) || !strings.Contains(preview, "-out ../reports || true") || !strings.HasSuffix(strings.TrimSpace(preview), "fi") {
		t.Error("the preview task stops at the first failing stack instead of reporting every stack and failing at the end")
	}
	if previewTask.Params["PULUMI_SKIP_CHECKPOINTS"] != "true" {
		t.Error("the preview task does not skip the engine's per-step snapshot serialisation")
	}
	if _, ok := upTask.Params["PULUMI_SKIP_CHECKPOINTS"]; ok || strings.Contains(upRaw, "PULUMI_SKIP_CHECKPOINTS") {
		t.Error("the up task must keep its checkpoints")
	}
	if !strings.Contains(preview, "--save-plan ../plan/plan.json") || !strings.Contains(up, "--plan /tmp/plan.json") {
		t.Error("the preview does not save a plan that up applies")
	}
	noStoredKeys(t, raw+upRaw)
}

// noStoredKeys fails on anything that looks like a long-lived credential.
func noStoredKeys(t *testing.T, text string) {
	t.Helper()
	for _, bad := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "PULUMI_ACCESS_TOKEN", "secrets.AWS", "AKIA"} {
		if strings.Contains(text, bad) {
			t.Errorf("a pipeline mentions %s; use OIDC or the worker's role", bad)
		}
	}
}
