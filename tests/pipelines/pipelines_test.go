// Package pipelines_test checks the CI definitions users run: what runs on
// a pull request and on main, that every preview and update carries the
// policy pack with the stack's policy config, that prod is gated, and that
// no long-lived credential appears anywhere.
package pipelines_test

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
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
	Uses string            `yaml:"uses"`
	Run  string            `yaml:"run"`
	If   string            `yaml:"if"`
	With map[string]string `yaml:"with"`
	Env  map[string]string `yaml:"env"`
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

var packArgs = regexp.MustCompile(`--policy-pack "\$RUNNER_TEMP/carestack-policy"\s*\\\s*\n\s*--policy-pack-config "?policy/config/(\$\{\{ matrix\.stack \}\}|dev|prod)\.json`)

func TestGitHubActionsPreviewsPullRequestsAndGatesProd(t *testing.T) {
	var wf workflow
	raw := load(t, ".github/workflows/carestack.yml", &wf)
	if _, ok := wf.On["pull_request"]; !ok {
		t.Error("the workflow does not run on pull requests")
	}
	if wf.Permissions["id-token"] != "write" || wf.Permissions["security-events"] != "write" || wf.Permissions["pull-requests"] != "write" {
		t.Errorf("permissions %v: want OIDC, SARIF upload and PR comments", wf.Permissions)
	}
	var names []string
	for n := range wf.Jobs {
		names = append(names, n)
	}
	if len(names) != 4 {
		t.Errorf("jobs %v, want test, preview, deploy-dev, deploy-prod", names)
	}
	if !strings.Contains(wf.Jobs["test"].script(), "go test -timeout 30m ./...") {
		t.Error("the test job does not run the tests")
	}

	preview := wf.Jobs["preview"]
	if preview.If != "github.event_name == 'pull_request'" || !reflect.DeepEqual(preview.Needs, "test") {
		t.Errorf("preview: if=%q needs=%v", preview.If, preview.Needs)
	}
	if stacks := preview.Strategy["matrix"].(map[string]any)["stack"]; !reflect.DeepEqual(stacks, []any{"dev", "prod"}) {
		t.Errorf("preview matrix %v, want dev and prod", stacks)
	}
	script := preview.script()
	if !strings.Contains(script, "pulumi preview") || !packArgs.MatchString(script) {
		t.Errorf("the preview does not run with the pack and the stack's policy config:\n%s", script)
	}
	// Previews persist nothing, so skipping the engine's per-step snapshot
	// serialisation costs nothing and makes them linear in resources; an
	// update keeps its checkpoints.
	if env := preview.runEnv("pulumi preview"); env["PULUMI_SKIP_CHECKPOINTS"] != "true" {
		t.Errorf("the preview step's env %v: want PULUMI_SKIP_CHECKPOINTS true", env)
	}
	if strings.Count(raw, "PULUMI_SKIP_CHECKPOINTS") != 1 {
		t.Error("PULUMI_SKIP_CHECKPOINTS must be set on the preview step only, never for `pulumi up`")
	}
	if s := preview.uses("github/codeql-action/upload-sarif"); s == nil || s.With["sarif_file"] != "reports/${{ matrix.stack }}.sarif" {
		t.Error("the SARIF report is not uploaded to code scanning")
	}
	if !strings.Contains(script, "gh pr comment") || !strings.Contains(script, "-event-log") {
		t.Error("the report is not built from the preview's event log and commented on the PR")
	}

	dev, prod := wf.Jobs["deploy-dev"], wf.Jobs["deploy-prod"]
	if dev.If != "github.event_name == 'push' && github.ref == 'refs/heads/main'" {
		t.Errorf("deploy-dev runs on %q, want only pushes to main", dev.If)
	}
	if !reflect.DeepEqual(prod.Needs, "deploy-dev") || prod.Environment != "production" || prod.Concurrency == "" {
		t.Errorf("deploy-prod: needs=%v environment=%q concurrency=%q; want after dev, behind the production environment, serialised", prod.Needs, prod.Environment, prod.Concurrency)
	}
	for name, j := range map[string]job{"deploy-dev": dev, "deploy-prod": prod} {
		if !strings.Contains(j.script(), "pulumi up --yes") || !packArgs.MatchString(j.script()) {
			t.Errorf("%s does not run `pulumi up` with the pack and its policy config", name)
		}
		if j.uses("aws-actions/configure-aws-credentials") == nil || j.uses("aws-actions/configure-aws-credentials").With["role-to-assume"] == "" {
			t.Errorf("%s does not assume an AWS role through OIDC", name)
		}
	}
	noStoredKeys(t, raw)
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

func TestConcoursePreviewsEveryChangeAndAppliesTheSavedPlanToProdByHand(t *testing.T) {
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
	if g := get("up-dev", "repo"); g["trigger"] != true || !reflect.DeepEqual(g["passed"], []any{"preview"}) {
		t.Errorf("up-dev: %v, want automatic after the preview", g)
	}
	prod := p.Jobs[jobs["up-prod"]]
	if g := get("up-prod", "repo"); g["trigger"] != false || !reflect.DeepEqual(g["passed"], []any{"up-dev"}) {
		t.Errorf("up-prod repo: %v, want a manual trigger after up-dev", g)
	}
	if g := get("up-prod", "prod-plan"); g["trigger"] != false || !reflect.DeepEqual(g["passed"], []any{"preview"}) {
		t.Errorf("up-prod must apply the plan the preview saved: %v", g)
	}
	if !prod.Serial || !reflect.DeepEqual(prod.SerialGroups, []string{"deploy"}) || !p.Jobs[jobs["up-dev"]].Serial {
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
	for name, script := range map[string]string{"preview": preview, "up": up} {
		if !strings.Contains(script, "--policy-pack /tmp/carestack-policy") || !strings.Contains(script, `--policy-pack-config "policy/config/$STACK.json"`) {
			t.Errorf("the %s task does not pass the pack and the stack's policy config", name)
		}
	}
	if previewTask.Params["PULUMI_SKIP_CHECKPOINTS"] != "true" {
		t.Error("the preview task does not skip the engine's per-step snapshot serialisation")
	}
	if _, ok := upTask.Params["PULUMI_SKIP_CHECKPOINTS"]; ok || strings.Contains(upRaw, "PULUMI_SKIP_CHECKPOINTS") {
		t.Error("the up task must keep its checkpoints")
	}
	if !strings.Contains(preview, "--save-plan") || !strings.Contains(up, "--plan /tmp/plan.json") {
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
