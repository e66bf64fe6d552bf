package report

import (
	"bytes"
	"fmt"
	"time"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/carestack/carestack/policy/rules"
)

// fingerprintKey names the partial fingerprint: rule and URN, hashed.
const fingerprintKey = "carestackRuleResource/v1"

// SARIF renders SARIF 2.1.0 with github.com/owenrumney/go-sarif: every rule
// as a reporting descriptor; one result per finding, located at the stack
// file line or program file that declares the resource, with the resource
// as the logical location and a stable partial fingerprint (rule + URN).
// Excepted findings carry an accepted external suppression with the
// exception's reason; a disabled rule's would-be findings have level "none".
// The invocation carries the evidence: time, the config's levels as rule
// configuration overrides, and the rest as properties;
// versionControlProvenance carries the commit and dirty flag.
func (r *Report) SARIF() ([]byte, error) {
	ev := r.Evidence
	run := sarif.NewRunWithInformationURI(rules.PackName, ev.InformationURI)
	driver := run.Tool.Driver.WithVersion(rules.PackVersion).WithSemanticVersion(rules.PackVersion).
		WithFullName(rules.PackName + " " + rules.PackVersion + " (carestack HIPAA / SOC 2 policy pack)")
	index := map[string]int{}
	for i, rl := range rules.Catalog {
		index[rl.Name] = i
		tags := append(append([]string{"HIPAA", "SOC2", rl.Group}, prefixAll("HIPAA 164.", rl.HIPAA)...), prefixAll("SOC2 ", rl.SOC2)...)
		run.AddRule(rl.Name).
			WithName(rl.ID).
			WithShortDescription(sarif.NewMultiformatMessageString().WithText(rl.Title)).
			WithFullDescription(sarif.NewMultiformatMessageString().WithText(rl.Description())).
			WithHelp(sarif.NewMultiformatMessageString().WithText(rl.Remediation)).
			WithHelpURI(ev.InformationURI).
			WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(sarifLevel(rl.Level(r.Env)))).
			WithProperties(sarif.NewPropertyBag().WithTags(tags).
				Add("security-severity", map[string]string{"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0"}[rl.Severity]).
				Add("status", string(r.byName[rl.Name].Status)))
	}
	_ = driver

	for _, v := range r.Violations {
		res := run.CreateResultForRule(v.Rule).
			WithRuleIndex(index[v.Rule]).
			WithLevel(sarifLevel(v.Level)).
			WithKind("fail").
			WithMessage(sarif.NewTextMessage(v.Message)).
			// WithPartialFingerprints, not AddPartialFingerprint: go-sarif
			// v3.3.1's Add writes into a nil map.
			WithPartialFingerprints(map[string]string{fingerprintKey: v.Fingerprint})
		loc := sarif.NewLocation().AddLogicalLocation(
			sarif.NewLogicalLocation().WithFullyQualifiedName(v.URN).WithName(v.Name).WithKind("resource"))
		file, line := "Pulumi."+r.Stack+".yaml", 1
		if v.Location != nil {
			file, line = v.Location.File, v.Location.Line
		}
		loc.WithPhysicalLocation(sarif.NewPhysicalLocation().
			WithArtifactLocation(sarif.NewArtifactLocation().WithURI(file).WithURIBaseID("%SRCROOT%")).
			WithRegion(sarif.NewRegion().WithStartLine(line)))
		res.AddLocation(loc)
		if v.ExceptionID != "" {
			res.AddSuppression(sarif.NewSuppression().WithKind("external").WithStatus("accepted").
				WithJustification(v.ExceptionID + ": " + v.ExceptionReason))
		}
		if v.Level == rules.Disabled {
			res.WithProperties(sarif.NewPropertyBag().Add("disabledByPolicyConfig", true))
		}
	}

	inv := sarif.NewInvocation().
		WithExecutionSuccessful(true).
		WithStartTimeUtc(ev.GeneratedAt.Format(time.RFC3339)).
		WithEndTimeUtc(ev.GeneratedAt.Format(time.RFC3339))
	for _, o := range ev.Overrides {
		if o.Setting != "level" {
			continue
		}
		cfg := sarif.NewReportingConfiguration().WithLevel(sarifLevel(rules.Level(o.Value)))
		if o.Value == string(rules.Disabled) {
			cfg.WithEnabled(false)
		}
		inv.AddRuleConfigurationOverride(sarif.NewConfigurationOverride().
			WithDescriptor(sarif.NewReportingDescriptorReference().WithID(o.Rule).WithIndex(index[o.Rule])).
			WithConfiguration(cfg))
	}
	inv.WithProperties(sarif.NewPropertyBag().
		Add("stack", r.Stack).
		Add("environment", string(r.Env)).
		Add("source", ev.Source).
		Add("pack", ev.Pack).
		Add("versions", ev.Versions).
		Add("goVersion", ev.GoVersion).
		Add("policyConfig", ev.PolicyConfig).
		Add("exceptions", ev.Exceptions).
		Add("overrides", ev.Overrides).
		Add("deferred", ev.Deferred).
		Add("resources", r.Resources).
		Add("totals", r.Totals).
		Add("gate", map[bool]string{true: "fail", false: "pass"}[r.FailsGate()]))
	run.AddInvocation(inv)

	vcs := sarif.NewVersionControlDetails().
		WithRepositoryURI(ev.Git.RepositoryURI).
		WithRevisionID(ev.Git.Commit).
		WithAsOfTimeUtc(ev.GeneratedAt.Format(time.RFC3339)).
		WithMappedTo(sarif.NewArtifactLocation().WithURIBaseID("%SRCROOT%"))
	if ev.Git.Branch != "" {
		vcs.WithBranch(ev.Git.Branch)
	}
	// SARIF has no field for uncommitted changes: a property says it.
	vcs.WithProperties(sarif.NewPropertyBag().Add("dirty", ev.Git.Dirty))
	run.AddVersionControlProvenance(vcs)
	run.WithAutomationDetails(sarif.NewRunAutomationDetails().WithID("carestack/" + r.Stack + "/"))
	run.WithProperties(sarif.NewPropertyBag().Add("stack", r.Stack).Add("environment", string(r.Env)).Add("source", ev.Source.String()))

	doc := sarif.NewReport()
	doc.AddRun(run)
	if err := doc.Validate(); err != nil {
		return nil, fmt.Errorf("SARIF for stack %s does not validate: %w", r.Stack, err)
	}
	var b bytes.Buffer
	if err := doc.PrettyWrite(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func sarifLevel(l rules.Level) string {
	switch l {
	case rules.Mandatory:
		return "error"
	case rules.Advisory:
		return "warning"
	case rules.Disabled:
		return "none"
	}
	return "note"
}

func prefixAll(p string, ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = p + id
	}
	return out
}
