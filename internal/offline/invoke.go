package offline

import (
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// RunWithInvokes runs program like Run, answering its invokes with invoke:
// programs nobody here wrote (tests/public) look up AMIs, VPCs and zones
// that the estate never asks for.
func RunWithInvokes(project, stack string, config map[string]string, program pulumi.RunFunc,
	invoke func(pulumi.MockCallArgs) (resource.PropertyMap, error)) (*Result, error) {
	rec := &recorder{stack: stack, project: project, invoke: invoke}
	withConfig := func(info *pulumi.RunInfo) { info.Config = config }
	if err := pulumi.RunErr(program, pulumi.WithMocks(project, stack, rec), withConfig); err != nil {
		return nil, err
	}
	return &Result{Stack: stack, Resources: rec.sorted()}, nil
}
