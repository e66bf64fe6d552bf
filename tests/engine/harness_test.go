// Package engine_test runs the real Pulumi engine over the real program and
// the real policy pack. The AWS and awsx provider plugins are STAND-INS
// (tests/engine/standin) that record calls instead of calling AWS; no AWS
// account is used. The Pulumi CLI is built from the Go module proxy by
// scripts/install-pulumi-cli.sh when none is on PATH; if it cannot be built
// the tests skip, saying why.
package engine_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/carestack/carestack/infra/estate"
	"github.com/carestack/carestack/internal/offline"
)

// env is what every engine test shares: built once per test binary.
type env struct {
	root    string // repository root
	tmp     string
	pack    string // absolute path of the built policy pack binary
	logPath string // stand-in call log
	skip    string
}

var (
	shared   env
	setupErr error
	once     sync.Once
)

func run(dir, name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func setup(t testing.TB) *env {
	t.Helper()
	once.Do(func() {
		root, err := offline.ProjectDir()
		if err != nil {
			setupErr = err
			return
		}
		tmp, err := os.MkdirTemp("", "carestack-engine-")
		if err != nil {
			setupErr = err
			return
		}
		shared = env{root: root, tmp: tmp, logPath: filepath.Join(tmp, "standin.log")}
		// The script reuses a pulumi of the pinned version (on PATH or in
		// .bin/) and builds one otherwise.
		out, err := run(root, "bash", "scripts/install-pulumi-cli.sh")
		if err != nil {
			shared.skip = "the Pulumi CLI v3.274.1 could not be built from the module proxy: " + lastLines(out, 5)
			return
		}
		cli := strings.TrimSpace(lastLines(out, 1))
		bin := filepath.Join(tmp, "bin")
		for _, p := range []struct{ out, pkg string }{
			{filepath.Join(bin, "pulumi-resource-aws"), "./tests/engine/standin/aws"},
			{filepath.Join(bin, "pulumi-resource-awsx"), "./tests/engine/standin/awsx"},
			{filepath.Join(tmp, "pack", "carestack-policy"), "./policy"},
		} {
			if out, err := run(root, "go", "build", "-o", p.out, p.pkg); err != nil {
				setupErr = fmt.Errorf("go build %s: %v\n%s", p.pkg, err, out)
				return
			}
		}
		shared.pack = filepath.Join(tmp, "pack", "carestack-policy")
		// Stand-ins first on PATH: the engine uses ambient plugins (with a
		// warning) and never downloads any.
		os.Setenv("PATH", bin+string(os.PathListSeparator)+filepath.Dir(cli)+string(os.PathListSeparator)+os.Getenv("PATH"))
		os.Setenv("PULUMI_HOME", filepath.Join(tmp, "home"))
		os.Setenv("PULUMI_CONFIG_PASSPHRASE", "stand-in-tests-only")
		os.Setenv("PULUMI_SKIP_UPDATE_CHECK", "true")
		os.Setenv("PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION", "true")
		os.Setenv("CARESTACK_STANDIN_LOG", shared.logPath)
	})
	if setupErr != nil {
		t.Fatal(setupErr)
	}
	if shared.skip != "" {
		t.Skip(shared.skip)
	}
	return &shared
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// workspace copies the project and the stack's config into a fresh work
// directory (the engine writes the stack's encryption salt there) with a
// fresh file backend, and returns the stack. opts add workspace options
// (the preview benchmark's profiling CLI).
func (e *env) workspace(t testing.TB, stack string, program pulumi.RunFunc, edit func(stackYAML string) string, opts ...auto.LocalWorkspaceOption) auto.Stack {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{"Pulumi.yaml", "Pulumi." + stack + ".yaml"} {
		data, err := os.ReadFile(filepath.Join(e.root, f))
		if err != nil && !(os.IsNotExist(err) && edit != nil && f != "Pulumi.yaml") {
			t.Fatal(err)
		}
		// A stack the repository does not have yet is written whole by edit.
		if edit != nil && f != "Pulumi.yaml" {
			data = []byte(edit(string(data)))
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Pulumi.yaml's main: infra/ must exist; the inline program ignores it.
	if err := os.MkdirAll(filepath.Join(dir, "infra"), 0o755); err != nil {
		t.Fatal(err)
	}
	backend := filepath.Join(dir, "state")
	if err := os.MkdirAll(backend, 0o755); err != nil {
		t.Fatal(err)
	}
	s, err := auto.UpsertStackInlineSource(context.Background(), stack, "carestack", program,
		append([]auto.LocalWorkspaceOption{auto.WorkDir(dir), auto.EnvVars(map[string]string{"PULUMI_BACKEND_URL": "file://" + backend})}, opts...)...)
	if err != nil {
		t.Fatalf("stack %s: %v", stack, err)
	}
	return s
}

// noPolicyConfig previews with the pack and no --policy-pack-config.
const noPolicyConfig = "<none>"

// policyConfig writes a policy config file and returns its path; "" uses
// the stack's own file from the repository.
func (e *env) policyConfig(t testing.TB, stack, content string) string {
	if content == "" {
		return filepath.Join(e.root, "policy", "config", stack+".json")
	}
	p := filepath.Join(t.TempDir(), stack+"-policy.json")
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// collect drains engine events, keeping the policy events and all events,
// and hands them over when the stream closes.
func collect(ch <-chan events.EngineEvent, done chan<- outcome) {
	var o outcome
	for ev := range ch {
		o.events = append(o.events, ev.EngineEvent)
		if ev.PolicyEvent != nil {
			o.policy = append(o.policy, *ev.PolicyEvent)
		}
	}
	done <- o
}

type outcome struct {
	policy []apitype.PolicyEvent
	// events is every engine event, as `--event-log` would write them.
	events []apitype.EngineEvent
	err    error
	output string
}

// operate runs one engine operation with the event stream and output captured.
func operate(t testing.TB, op func(ctx context.Context, events chan<- events.EngineEvent, out io.Writer) error) outcome {
	t.Helper()
	ch := make(chan events.EngineEvent)
	done := make(chan outcome, 1)
	go collect(ch, done)
	var buf strings.Builder
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	err := op(ctx, ch, &buf)
	var o outcome
	select {
	case o = <-done:
	case <-time.After(10 * time.Second):
		// When the CLI fails before the engine starts (bad project or stack
		// config), the Automation API never closes the event stream.
		if err == nil {
			t.Fatal("the operation succeeded but its event stream never closed")
		}
	}
	o.err, o.output = err, buf.String()
	return o
}

func (e *env) preview(t *testing.T, s auto.Stack, policyConfig string) outcome {
	t.Helper()
	return e.previewWith(t, s, true, policyConfig)
}

// previewWith previews with or without the pack, streaming events and
// progress either way, so timings compare like with like.
func (e *env) previewWith(t *testing.T, s auto.Stack, withPack bool, policyConfig string) outcome {
	t.Helper()
	return operate(t, func(ctx context.Context, ch chan<- events.EngineEvent, out io.Writer) error {
		opts := []optpreview.Option{optpreview.EventStreams(ch), optpreview.ProgressStreams(out), optpreview.ErrorProgressStreams(out)}
		if withPack {
			opts = append(opts, optpreview.PolicyPacks(e.pack))
			// noPolicyConfig: the pack alone, as `pulumi preview --policy-pack policy`.
			if policyConfig != noPolicyConfig {
				opts = append(opts, optpreview.PolicyPackConfigs(policyConfig))
			}
		}
		_, err := s.Preview(ctx, opts...)
		return err
	})
}

func (e *env) up(t *testing.T, s auto.Stack, policyConfig string) outcome {
	t.Helper()
	return operate(t, func(ctx context.Context, ch chan<- events.EngineEvent, out io.Writer) error {
		_, err := s.Up(ctx, optup.PolicyPacks(e.pack), optup.PolicyPackConfigs(policyConfig),
			optup.EventStreams(ch), optup.ProgressStreams(out), optup.ErrorProgressStreams(out))
		return err
	})
}

func (e *env) destroy(t *testing.T, s auto.Stack) outcome {
	t.Helper()
	var buf strings.Builder
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	_, err := s.Destroy(ctx, optdestroy.ProgressStreams(&buf), optdestroy.ErrorProgressStreams(&buf))
	return outcome{err: err, output: buf.String()}
}

// mandatory returns the names of mandatory, unexcepted policy violations.
func (o outcome) mandatory() map[string]int {
	got := map[string]int{}
	for _, p := range o.policy {
		if p.EnforcementLevel == "mandatory" && len(p.Exceptions) == 0 {
			got[p.PolicyName]++
		}
	}
	return got
}

func (o outcome) named(policy string) []apitype.PolicyEvent {
	var out []apitype.PolicyEvent
	for _, p := range o.policy {
		if p.PolicyName == policy {
			out = append(out, p)
		}
	}
	return out
}

var _ = estate.Program
