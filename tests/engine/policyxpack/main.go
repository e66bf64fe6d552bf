// Command policyxpack serves the carestack pack the way it was served before
// policy/server: the same rule table (rules.NewPack) under policyx v3.274.1.
// The benchmarks run it beside the pack to show what the server changed; the
// differential tests hold the two to the same answers.
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
