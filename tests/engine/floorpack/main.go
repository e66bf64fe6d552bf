// Command floorpack serves the floor pack (policy/server/servertest/floor)
// for the preview benchmarks: the cost of any Go policy pack, to measure the
// carestack pack against.
package main

import (
	"fmt"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/carestack/carestack/policy/server/servertest/floor"
)

func main() {
	if err := policyx.Main(floor.Pack); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
