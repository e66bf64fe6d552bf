package main

import (
	"fmt"
	"strings"

	"github.com/carestack/carestack/internal/compliance"
	"github.com/carestack/carestack/internal/offline"
	"github.com/carestack/carestack/internal/report"
	"github.com/carestack/carestack/internal/state"
	"github.com/carestack/carestack/policy/rules"
)

// fromState builds a stack's report from its deployed state: the export at
// path (`pulumi stack export`, taken after `pulumi refresh --yes`) evaluated
// through the same compliance path as the program, with the stack's policy
// config and environment, plus drift: each watched property whose observed
// value (the export's outputs) contradicts the declared one. The declared
// side is the inputs of declaredPath when given (the export taken before the
// refresh: the AWS provider rewrites declared inputs to what it read during
// `refresh --yes`), else the export's own inputs.
//
// The report model has no kind for drift, so a drift finding is added as a
// violation of the rule that relies on the property, at that rule's level,
// with a message that starts "drift:" after the resource's name; it carries
// the rule's controls like any other finding. No exception covers drift:
// an exception waives a reviewed setting, and drift is an unreviewed change.
func fromState(dir, stack, path, declaredPath string, pc *compliance.PolicyConfig, in report.Inputs) (*report.Report, error) {
	cfg, err := offline.LoadStackConfig(dir, stack)
	if err != nil {
		return nil, err
	}
	observed, err := readExport(path, stack)
	if err != nil {
		return nil, err
	}
	declared, against := observed, "its own inputs"
	if declaredPath != "" {
		if declared, err = readExport(declaredPath, stack); err != nil {
			return nil, err
		}
		against = "the inputs of " + declaredPath
	}
	env := rules.EnvOf(cfg["carestack:environment"], stack)
	c := compliance.EvaluateResources(stack, env, observed.Rules(), pc)
	drifts := state.Detect(declared, observed)
	for _, d := range drifts {
		c.Results = append(c.Results, driftResult(d, pc, env))
	}
	in.Source = report.Source{Kind: report.SourceStackExport, Path: path, Detail: fmt.Sprintf(
		"stack export %s (written by Pulumi %s at %s; %d resources); drift: watched outputs against %s, %d found",
		path, orUnknown(observed.PulumiVersion), orUnknown(observed.Time), len(observed.Resources), against, len(drifts))}
	return report.FromCompliance(c, pc, in), nil
}

// readExport reads an export and checks it is of stack: a report judged by
// one stack's config over another stack's state would mislead.
func readExport(path, stack string) (*state.Deployment, error) {
	d, err := state.ReadFile(path)
	if err != nil {
		return nil, err
	}
	switch got := d.Stacks(); {
	case len(got) == 0:
		return nil, fmt.Errorf("%s: the export has no resources; was the stack ever deployed?", path)
	case len(got) > 1 || got[0] != stack:
		return nil, fmt.Errorf("%s is an export of stack %s, not %s", path, strings.Join(got, ", "), stack)
	}
	return d, nil
}

// driftResult is a drift finding as a finding of the rule relying on the
// property.
func driftResult(d state.Drift, pc *compliance.PolicyConfig, env rules.Env) compliance.Result {
	r := rules.ByName(d.Rule)
	return compliance.Result{
		Finding: rules.Finding{
			Rule: r.Name, ID: r.ID, URN: d.URN, Type: d.Type, Name: d.Name, Outcome: rules.Violation,
			Message: d.Message() + ". Run `pulumi up` to restore what was reviewed, or change the program and have it reviewed. " + r.Controls(),
		},
		Level: pc.Level(r, env),
	}
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
