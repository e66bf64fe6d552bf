// Command report writes the compliance report of every stack, or of one.
//
//	go run ./cmd/report                                  # every Pulumi.<stack>.yaml, offline
//	go run ./cmd/report -stack prod                      # one stack, offline
//	go run ./cmd/report -stack prod -event-log ev.json   # from a real preview's event log
//	go run ./cmd/report -matrix docs/controls.md         # regenerate the controls matrix
//
// Offline, it runs the real program for the stack's config under Pulumi's
// mock monitor and evaluates it with the stack's policy config; no AWS
// account or Pulumi CLI is needed. With -event-log it reads what
// `PULUMI_DEBUG_COMMANDS=true pulumi preview --policy-pack <pack> --event-log FILE`
// recorded. Either way it writes <out>/<stack>.{md,html,json,sarif}.
//
// Exit status: 0 when every stack passes its gate, 1 when a stack has a
// mandatory violation without an exception, 2 on bad input.
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
	flag.Parse()
	err := run(os.Stdout, os.Stderr, *stack, *out, *eventLog, *matrix)
	switch {
	case errors.Is(err, errGate):
		os.Exit(1)
	case err != nil:
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(2)
	}
}

func run(stdout, progress io.Writer, only, out, eventLog, matrix string) error {
	if matrix != "" {
		return os.WriteFile(matrix, []byte(rules.ControlsMatrix()), 0o644)
	}
	dir, err := offline.ProjectDir()
	if err != nil {
		return err
	}
	if eventLog != "" && only == "" {
		return errors.New("-event-log needs -stack: the log does not say which stack's config to judge it by")
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
		var rep *report.Report
		if eventLog != "" {
			fmt.Fprintf(progress, "reading the event log %s for stack %s...\n", eventLog, s)
			rep, err = fromEventLog(dir, s, eventLog)
		} else {
			fmt.Fprintf(progress, "evaluating stack %s offline...\n", s)
			rep, err = fromProgram(dir, s)
		}
		if err != nil {
			return err
		}
		if err := write(rep, out, fmt.Sprintf("Pulumi.%s.yaml", s)); err != nil {
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

func fromProgram(dir, stack string) (*report.Report, error) {
	pc, err := compliance.LoadPolicyConfig(compliance.PolicyConfigPath(dir, stack))
	if err != nil {
		return nil, err
	}
	c, err := compliance.EvaluateStack(dir, stack, estate.Program)
	if err != nil {
		return nil, err
	}
	return report.FromCompliance(c, pc), nil
}

func fromEventLog(dir, stack, path string) (*report.Report, error) {
	cfg, err := offline.LoadStackConfig(dir, stack)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the event log: %w", err)
	}
	defer f.Close()
	return report.FromEventLog(stack, rules.EnvOf(cfg["carestack:environment"], stack), path, f)
}

func write(rep *report.Report, out, stackConfig string) error {
	html, err := rep.HTML()
	if err != nil {
		return err
	}
	js, err := rep.JSON()
	if err != nil {
		return err
	}
	sarif, err := rep.SARIF(stackConfig)
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
