// Command report evaluates every stack offline (the real program under the
// recording mock, with the stack's Pulumi.<stack>.yaml and policy config)
// and writes, per stack, reports/<stack>.md and reports/<stack>.json. It
// exits 1 when a stack has a mandatory violation, so CI can gate on it.
//
//	go run ./cmd/report                 # every stack with a Pulumi.<stack>.yaml
//	go run ./cmd/report -stack prod     # one stack
//	go run ./cmd/report -matrix docs/controls.md
//
// Not yet: HTML and SARIF output, and reading a real preview's --event-log
// (issue 6).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/carestack/carestack/infra/estate"
	"github.com/carestack/carestack/internal/compliance"
	"github.com/carestack/carestack/internal/offline"
	"github.com/carestack/carestack/policy/rules"
)

func main() {
	stack := flag.String("stack", "", "evaluate one stack (default: every Pulumi.<stack>.yaml)")
	out := flag.String("out", "reports", "directory for the reports")
	matrix := flag.String("matrix", "", "write the controls matrix to this file and exit")
	flag.Parse()
	if err := run(*stack, *out, *matrix); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(2)
	}
}

func run(only, out, matrix string) error {
	if matrix != "" {
		return os.WriteFile(matrix, []byte(rules.ControlsMatrix()), 0o644)
	}
	dir, err := offline.ProjectDir()
	if err != nil {
		return err
	}
	stacks := []string{only}
	if only == "" {
		files, _ := filepath.Glob(filepath.Join(dir, "Pulumi.*.yaml"))
		stacks = nil
		for _, f := range files {
			stacks = append(stacks, strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "Pulumi."), ".yaml"))
		}
		sort.Strings(stacks)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	failed := false
	for _, s := range stacks {
		fmt.Fprintf(os.Stderr, "evaluating stack %s...\n", s)
		rep, err := compliance.EvaluateStack(dir, s, estate.Program)
		if err != nil {
			return err
		}
		md := markdown(rep)
		if err := os.WriteFile(filepath.Join(out, s+".md"), []byte(md), 0o644); err != nil {
			return err
		}
		js, _ := json.MarshalIndent(rep, "", "  ")
		if err := os.WriteFile(filepath.Join(out, s+".json"), js, 0o644); err != nil {
			return err
		}
		m := len(rep.Mandatory())
		fmt.Printf("%s: %d resources, %d mandatory violation(s) -> %s\n", s, rep.Resources, m, filepath.Join(out, s+".md"))
		failed = failed || m > 0
	}
	if failed {
		os.Exit(1)
	}
	return nil
}

// markdown opens with the totals, then every rule with its result.
func markdown(rep *compliance.Report) string {
	byRule := map[string][]compliance.Result{}
	for _, r := range rep.Results {
		byRule[r.Rule] = append(byRule[r.Rule], r)
	}
	counts := map[string]int{}
	status := func(r *rules.Rule) string {
		res := byRule[r.Name]
		switch {
		case !rep.Applicable[r.Name]:
			return "not applicable"
		case len(res) == 0:
			return "pass"
		}
		st := "deferred"
		for _, x := range res {
			if x.Outcome == rules.Violation {
				if x.ExceptionID != "" {
					st = "excepted (" + x.ExceptionID + ": " + x.ExceptionReason + ")"
				} else {
					return "violation (" + string(x.Level) + ")"
				}
			}
		}
		return st
	}
	var rows []string
	for _, r := range rules.Catalog {
		s := status(r)
		counts[strings.SplitN(s, " ", 2)[0]]++
		rows = append(rows, fmt.Sprintf("| %s | `%s` | %s | HIPAA %s; SOC 2 %s |", r.ID, r.Name, s,
			strings.Join(r.HIPAA, ", "), strings.Join(r.SOC2, ", ")))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# Compliance report: stack %s (%s)\n\nOffline evaluation of %d resources.\n\n", rep.Stack, rep.Env, rep.Resources)
	fmt.Fprintf(&b, "| pass | violation | excepted | deferred | not applicable |\n| --- | --- | --- | --- | --- |\n| %d | %d | %d | %d | %d |\n\n",
		counts["pass"], counts["violation"], counts["excepted"], counts["deferred"], counts["not"])
	b.WriteString("| Rule | Name | Result | Controls |\n| --- | --- | --- | --- |\n")
	b.WriteString(strings.Join(rows, "\n"))
	b.WriteString("\n\n## Violations\n\n")
	n := 0
	for _, x := range rep.Results {
		if x.Outcome == rules.Violation {
			n++
			fmt.Fprintf(&b, "- **%s** (%s): %s\n", x.Rule, x.Level, x.Message)
		}
	}
	if n == 0 {
		b.WriteString("None.\n")
	}
	return b.String()
}
