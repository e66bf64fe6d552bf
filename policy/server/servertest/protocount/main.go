// Command protocount sends a pack process a preview's traffic for the prod
// estate grown to -n resources, for counting the pack's instructions with
// callgrind (scripts/bench-callgrind.sh). It starts the command given after
// its flags (the pack binary under valgrind), configures it for prod, sends
// an uncounted warm-up round over the first -warm resources (first calls
// initialise what later calls reuse), zeroes callgrind's counters
// (callgrind_control -z), sends -reps rounds, dumps the counters
// (callgrind_control -d) and stops the pack. Only the pack process is
// counted; the traffic is built here.
//
//	go run ./policy/server/servertest/protocount -n 1000 -reps 1 -- \
//	    valgrind --tool=callgrind --callgrind-out-file=/tmp/pack.%p ./carestack-policy
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strconv"

	"github.com/carestack/carestack/infra/estate"
	"github.com/carestack/carestack/policy/server/servertest"
)

func main() {
	n := flag.Int("n", 1000, "resources")
	reps := flag.Int("reps", 1, "counted rounds")
	warm := flag.Int("warm", 200, "resources in the warm-up round")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: protocount -n N -reps K -- valgrind --tool=callgrind ... PACK")
		os.Exit(2)
	}
	if err := run(*n, *reps, *warm, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "protocount:", err)
		os.Exit(1)
	}
}

func run(n, reps, warm int, argv []string) error {
	dir, err := servertest.ProjectDir()
	if err != nil {
		return err
	}
	rs, err := servertest.EstateOfSize(dir, "prod", estate.Program, n)
	if err != nil {
		return err
	}
	reqs := servertest.Prepare(rs)
	cfg, err := servertest.StackConfig(dir, "prod")
	if err != nil {
		return err
	}
	p, err := servertest.Start(append(argv, "127.0.0.1:0")...)
	if err != nil {
		return err
	}
	defer p.Stop()
	ctx := context.Background()
	if _, err := servertest.Configure(ctx, p.Client, servertest.Stack{Name: "prod", Config: cfg}); err != nil {
		return err
	}
	if warm > len(rs) {
		warm = len(rs)
	}
	if _, err := servertest.Replay(ctx, p.Client, servertest.Prepare(rs[:warm])); err != nil {
		return err
	}
	pid := strconv.Itoa(p.Cmd.Process.Pid)
	if out, err := exec.Command("callgrind_control", "-z", pid).CombinedOutput(); err != nil {
		return fmt.Errorf("callgrind_control -z: %v\n%s", err, out)
	}
	for i := 0; i < reps; i++ {
		if _, err := servertest.Replay(ctx, p.Client, reqs); err != nil {
			return err
		}
	}
	if out, err := exec.Command("callgrind_control", "-d", pid).CombinedOutput(); err != nil {
		return fmt.Errorf("callgrind_control -d: %v\n%s", err, out)
	}
	return nil
}
