// Command policycheck refuses, before any preview, a stack whose
// configuration weakens the gate: a policy config that disables, makes
// advisory or excepts a non-exceptable rule, names a rule the pack does not
// have, or an exception without a reason or targets; and a stack file with
// a key the program does not read. CI runs it before `pulumi preview`; it
// needs no cloud credentials.
//
//	go run ./cmd/policycheck              every stack (one per Pulumi.<stack>.yaml)
//	go run ./cmd/policycheck -stack dev   one stack
//
// Exit status: 0 when every stack passes, 1 when one does not, 2 on bad usage.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/carestack/carestack/infra/config"
	"github.com/carestack/carestack/internal/compliance"
	"github.com/carestack/carestack/internal/offline"
)

func main() {
	stack := flag.String("stack", "", "check only this stack")
	dir := flag.String("dir", ".", "the project directory (where Pulumi.yaml is)")
	flag.Parse()
	os.Exit(run(*dir, *stack))
}

func run(dir, only string) int {
	stacks, err := offline.Stacks(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "policycheck:", err)
		return 2
	}
	if only != "" {
		found := false
		for _, s := range stacks {
			found = found || s == only
		}
		if !found {
			fmt.Fprintf(os.Stderr, "policycheck: stack %q has no Pulumi.%s.yaml (stacks: %s)\n", only, only, strings.Join(stacks, ", "))
			return 2
		}
		stacks = []string{only}
	}
	failed := 0
	for _, s := range stacks {
		var problems []string
		keys, err := config.StackFileKeys(filepath.Join(dir, "Pulumi."+s+".yaml"))
		if err != nil {
			problems = append(problems, err.Error())
		}
		for _, p := range config.CheckKeys(keys) {
			problems = append(problems, p.String())
		}
		if _, err := compliance.LoadPolicyConfig(compliance.PolicyConfigPath(dir, s)); err != nil {
			problems = append(problems, strings.Split(err.Error(), "\n")...)
		}
		if len(problems) == 0 {
			fmt.Printf("%s: ok\n", s)
			continue
		}
		failed++
		fmt.Printf("%s: %d problem(s)\n", s, len(problems))
		for _, p := range problems {
			fmt.Println("  - " + p)
		}
	}
	if failed > 0 {
		return 1
	}
	return 0
}
