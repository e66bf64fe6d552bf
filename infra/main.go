// Command infra is the carestack Pulumi program (Pulumi.yaml main: infra/).
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/carestack/carestack/infra/estate"
)

func main() {
	pulumi.Run(estate.Program)
}
