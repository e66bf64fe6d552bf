// Command policy is the carestack HIPAA / SOC 2 policy pack. The engine
// starts it (PulumiPolicy.yaml, runtime: go) or runs it as a built binary
// (`go build -o BIN ./policy`, then `pulumi preview --policy-pack /abs/BIN`).
// The rules live in policy/rules; policy/server serves them over the
// engine's analyzer protocol.
package main

import (
	"fmt"
	"os"

	"github.com/carestack/carestack/policy/server"
)

func main() {
	if err := server.Main(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
