// Package floor is the floor pack the benchmarks measure the policy pack
// against: a policyx v3.274.1 pack with one resource policy that reads
// nothing. What it costs is the analyzer protocol and the Go policy SDK's own
// work per resource, whatever the rules; nothing else is linked in, so it
// starts as fast as a Go pack can.
package floor

import (
	"context"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// Pack builds the floor pack.
func Pack(*pulumi.Context) (policyx.PolicyPack, error) {
	return policyx.NewPolicyPack("floor", semver.MustParse("1.0.0"), policyx.EnforcementLevelMandatory, []policyx.Policy{
		policyx.NewResourceValidationPolicy("reads-nothing", policyx.ResourceValidationPolicyArgs{
			Description:      "A resource policy that reads nothing.",
			EnforcementLevel: policyx.EnforcementLevelMandatory,
			ValidateResource: func(context.Context, policyx.ResourceValidationArgs) error { return nil },
		}),
	})
}
