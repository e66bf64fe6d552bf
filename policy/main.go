// Command policy is the carestack HIPAA / SOC 2 policy pack. The engine
// starts it (PulumiPolicy.yaml, runtime: go) or runs it as a built binary
// (`go build -o BIN ./policy`, then `pulumi preview --policy-pack /abs/BIN`).
// The rules live in policy/rules; this only serves them.
package main

import (
	"fmt"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/carestack/carestack/policy/rules"
)

func main() {
	if err := policyx.Main(rules.NewPack); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
