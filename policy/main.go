// Command policy is the carestack HIPAA / SOC 2 policy pack. The engine
// starts it (PulumiPolicy.yaml, runtime: go) or runs it as a built binary
// (`go build -o BIN ./policy`, then `pulumi preview --policy-pack /abs/BIN`).
// The rules live in policy/rules; this only serves them.
package main

import (
	"fmt"
	"os"
	"runtime/debug"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/carestack/carestack/policy/rules"
)

// gcPercent: the policyx server unmarshals each resource once per resource
// policy, so the pack allocates about a megabyte per resource over a live
// heap of a few. At Go's default of 100 it collects every few resources, on
// the engine's critical path (the engine waits for each Analyze); at 400 a
// prod preview is about 0.1 s faster (README, Benchmarks). GOGC set in the
// environment still wins.
const gcPercent = 400

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if err := policyx.Main(rules.NewPack); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
