// Command report writes the compliance report of every stack, or of one.
//
//	go run ./cmd/report                                  # every Pulumi.<stack>.yaml, offline
//	go run ./cmd/report -stack prod                      # one stack, offline
//	go run ./cmd/report -stack prod -event-log ev.json   # from a real preview's event log
//	go run ./cmd/report -stack prod -state after.json -declared before.json  # from the deployed state, with drift (docs/continuous-compliance.md)
//	go run ./cmd/report -stack dev -policy-config c.json  # judged by another policy config
//	go run ./cmd/report -matrix docs/controls.md         # regenerate the controls matrix
//
// Offline, it runs the real program for the stack's config under Pulumi's
// mock monitor and evaluates it with the stack's policy config; no AWS
// account or Pulumi CLI is needed. With -event-log it reads what
// `PULUMI_DEBUG_COMMANDS=true pulumi preview --policy-pack <pack> --event-log FILE`
// recorded. Either way it writes <out>/<stack>.{md,html,json,sarif}.
//
// Every report carries its evidence: time, commit and dirty flag, versions,
// the policy config's digest, its exceptions (matched or not), the levels
// and thresholds that differ from the catalog, what each rule checked.
//
// Exit status: 0 when every stack passes its gate, 1 when a stack has a
// mandatory violation without an exception or a policy config the offline
// check refuses (the reports are written and say why), 2 on bad input.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/carestack/carestack/infra/estate"
	"github.com/carestack/carestack/internal/compliance"
	"github.com/carestack/carestack/internal/offline"
	"github.com/carestack/carestack/internal/report"
	"github.com/carestack/carestack/policy/rules"
)

// errGate marks a run whose reports were written but a stack failed its gate.
var errGate = errors.New("a stack has a mandatory violation")

func main() {
	stack := flag.String("stack", "", "evaluate one stack (default: every Pulumi.<stack>.yaml)")
	out := flag.String("out", "reports", "directory for the reports")
	eventLog := flag.String("event-log", "", "build the report from this event log of a real preview (needs -stack)")
	matrix := flag.String("matrix", "", "write the controls matrix to this file and exit")
	policyConfig := flag.String("policy-config", "", "judge by this policy config instead of policy/config/<stack>.json (needs -stack)")
	stateFile := flag.String("state", "", "build the report from this `pulumi stack export` of the deployed stack, with drift (needs -stack)")
	declared := flag.String("declared", "", "with -state: the export taken before `pulumi refresh`, whose inputs are what was declared")
	flag.Parse()
	err := run(os.Stdout, os.Stderr, options{only: *stack, out: *out, eventLog: *eventLog, matrix: *matrix, policyConfig: *policyConfig, state: *stateFile, declared: *declared})
	switch {
	case errors.Is(err, errGate):
		os.Exit(1)
	case err != nil:
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(2)
	}
}

// options are the command's flags.
type options struct {
	only, out, eventLog, matrix, policyConfig string
	// state and declared: a stack export and the one before its refresh (state.go).
	state, declared string
	// now fixes the generation time (tests); zero means the clock.
	now time.Time
}

func run(stdout, progress io.Writer, opt options) error {
	only, out, eventLog := opt.only, opt.out, opt.eventLog
	if opt.matrix != "" {
		return os.WriteFile(opt.matrix, []byte(rules.ControlsMatrix()), 0o644)
	}
	dir, err := offline.ProjectDir()
	if err != nil {
		return err
	}
	if eventLog != "" && only == "" {
		return errors.New("-event-log needs -stack: the log does not say which stack's config to judge it by")
	}
	if (opt.state != "" || opt.declared != "") && (only == "" || opt.state == "" || eventLog != "") {
		return errors.New("-state needs -stack (an export is judged by its stack's config), -declared needs -state, and -event-log is another source")
	}
	if opt.policyConfig != "" && only == "" {
		return errors.New("-policy-config needs -stack: a policy config belongs to one stack")
	}
	stacks, err := stacksIn(dir, only)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	failed := false
	for _, s := range stacks {
		in := report.Inputs{Dir: dir, PolicyConfigPath: opt.policyConfig, Now: opt.now}
		if in.PolicyConfigPath == "" {
			in.PolicyConfigPath = compliance.PolicyConfigPath(dir, s)
		}
		pc, err := loadPolicyConfig(&in)
		if err != nil {
			return err
		}
		var rep *report.Report
		if eventLog != "" {
			fmt.Fprintf(progress, "reading the event log %s for stack %s...\n", eventLog, s)
			rep, err = fromEventLog(dir, s, eventLog, pc, in)
		} else if opt.state != "" {
			fmt.Fprintf(progress, "reading the stack export %s for stack %s...\n", opt.state, s)
			rep, err = fromState(dir, s, opt.state, opt.declared, pc, in)
		} else {
			fmt.Fprintf(progress, "evaluating stack %s offline...\n", s)
			rep, err = fromProgram(dir, s, pc, in)
		}
		if err != nil {
			return err
		}
		if err := write(rep, out); err != nil {
			return err
		}
		gate := "pass"
		if rep.FailsGate() {
			gate, failed = "FAIL", true
		}
		fmt.Fprintf(stdout, "%s: gate %s; %d resources; rules: %s -> %s\n", s, gate, rep.Resources, rep.TotalsLine(), filepath.Join(out, s+".md"))
	}
	if failed {
		return errGate
	}
	return nil
}

func stacksIn(dir, only string) ([]string, error) {
	if only != "" {
		if _, err := os.Stat(filepath.Join(dir, "Pulumi."+only+".yaml")); err != nil {
			return nil, fmt.Errorf("stack %q has no config: %s does not exist (stacks: %s)", only, "Pulumi."+only+".yaml", strings.Join(mustStacks(dir), ", "))
		}
		return []string{only}, nil
	}
	return mustStacks(dir), nil
}

func mustStacks(dir string) []string {
	files, _ := filepath.Glob(filepath.Join(dir, "Pulumi.*.yaml"))
	var out []string
	for _, f := range files {
		out = append(out, strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "Pulumi."), ".yaml"))
	}
	sort.Strings(out)
	return out
}

// loadPolicyConfig reads the stack's policy config. A config the offline
// check refuses (a weakened non-exceptable rule, an exception without a
// reason) is still applied as the engine would, and the refusal goes into
// the report, which then fails its gate; an unreadable one is bad input.
func loadPolicyConfig(in *report.Inputs) (*compliance.PolicyConfig, error) {
	pc, err := compliance.LoadPolicyConfig(in.PolicyConfigPath)
	if err != nil && pc == nil {
		return nil, err
	}
	if err != nil {
		in.PolicyConfigErrors = strings.Split(err.Error(), "\n")
	}
	return pc, nil
}

func fromProgram(dir, stack string, pc *compliance.PolicyConfig, in report.Inputs) (*report.Report, error) {
	cfg, err := offline.LoadStackConfig(dir, stack)
	if err != nil {
		return nil, err
	}
	res, err := offline.Run(stack, cfg, estate.Program)
	if err != nil {
		return nil, fmt.Errorf("stack %s: the program failed: %w", stack, err)
	}
	env := rules.EnvOf(cfg["carestack:environment"], stack)
	return report.FromCompliance(compliance.EvaluateResources(stack, env, compliance.ToRules(res), pc), pc, in), nil
}

func fromEventLog(dir, stack, path string, pc *compliance.PolicyConfig, in report.Inputs) (*report.Report, error) {
	cfg, err := offline.LoadStackConfig(dir, stack)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the event log: %w", err)
	}
	defer f.Close()
	in.Source = report.Source{Kind: report.SourceEventLog, Detail: "a real preview with the pack, read from its event log", Path: path}
	return report.FromEventLog(stack, rules.EnvOf(cfg["carestack:environment"], stack), f, pc, in)
}

func write(rep *report.Report, out string) error {
	html, err := rep.HTML()
	if err != nil {
		return err
	}
	js, err := rep.JSON()
	if err != nil {
		return err
	}
	sarif, err := rep.SARIF()
	if err != nil {
		return err
	}
	for ext, data := range map[string][]byte{"md": []byte(rep.Markdown()), "html": []byte(html), "json": js, "sarif": sarif} {
		if err := os.WriteFile(filepath.Join(out, rep.Stack+"."+ext), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
