package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/carestack/carestack/internal/compliance"
	"github.com/carestack/carestack/policy/rules"
)

// deferredCount matches the preview-coverage summary's "ENC-10 x2".
var deferredCount = regexp.MustCompile(`([A-Z]+-[0-9]+) x([0-9]+)`)

// deferredExample matches one example line of that summary, which is a
// deferral's message: "<type> <name>: <path> is unknown at preview; <ID> is
// checked again at `pulumi up`".
var deferredExample = regexp.MustCompile(`(?m)^(\S+) (\S+): .* is unknown at preview; ([A-Z]+-[0-9]+) is checked again`)

// FromEventLog builds the report from the event log of a real preview or
// update with the carestack pack (`--event-log FILE`, which needs
// PULUMI_DEBUG_COMMANDS=true). pc is the policy config the preview was run
// with (levels, exceptions); in.Source.Path names the log.
//
// What the engine says is authoritative: the violations and their
// exceptions (policy events), which rules ran on which resources (the
// per-resource and stack analysis summaries: a resource rule counts as
// having checked a resource of its types that the summary lists it for),
// and how many checks were deferred (the preview-coverage summary). The
// engine names deferred resources only by example, so they are named by
// re-running the pack's checks on the inputs the log records (unknown
// values as the engine marks them); the report says so when those names do
// not account for every deferral the pack counted.
func FromEventLog(stack string, env rules.Env, log io.Reader, pc *compliance.PolicyConfig, in Inputs) (*Report, error) {
	if pc == nil {
		pc = &compliance.PolicyConfig{Version: 2}
	}
	if in.Source.Kind == "" {
		in.Source = Source{Kind: SourceEventLog, Detail: "a real preview with the pack, read from its event log"}
	}
	label := in.Source.Path
	if label == "" {
		label = "the event log"
	}
	o := newObservation(stack, env)
	ran := map[string]bool{}
	o.ran = func(name string) bool { return ran[name] }
	analysed := false
	seen := map[string]bool{}
	var inventory []compliance.Seen
	var inputs []rules.Resource
	// resourceRuns: rule -> resources the summaries list it for.
	resourceRuns := map[string][]string{}
	analysedURNs := map[string]bool{}
	var coverage string
	sc := bufio.NewScanner(log)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		var ev apitype.EngineEvent
		if err := json.Unmarshal([]byte(text), &ev); err != nil {
			return nil, fmt.Errorf("%s: line %d is not an engine event: %w", label, line, err)
		}
		switch {
		case ev.ResourcePreEvent != nil:
			md := ev.ResourcePreEvent.Metadata
			st := md.New
			if st == nil {
				st = md.Old
			}
			if st == nil || seen[st.URN] || strings.HasPrefix(st.Type, "pulumi:providers:") || st.Type == "pulumi:pulumi:Stack" {
				continue
			}
			seen[st.URN] = true
			name := st.URN[strings.LastIndex(st.URN, "::")+2:]
			inventory = append(inventory, compliance.Seen{URN: st.URN, Type: st.Type, Name: name, Parent: st.Parent})
			if st.Custom {
				inputs = append(inputs, rules.Resource{Type: st.Type, URN: st.URN, Name: name, Parent: st.Parent, Props: recorded(st.Inputs)})
			}
		case ev.PolicyAnalyzeSummaryEvent != nil:
			s := ev.PolicyAnalyzeSummaryEvent
			if s.PolicyPackName != rules.PackName {
				continue
			}
			analysed = true
			typ := urnType(s.ResourceURN)
			analysedURNs[s.ResourceURN] = true
			for _, p := range append(append([]string{}, s.Passed...), s.Failed...) {
				ran[p] = true
				// The engine lists a resource policy as passed on every
				// resource; it judged only those of its types.
				if rl := rules.ByName(p); rl != nil && rl.AppliesTo(typ) && !contains(resourceRuns[p], s.ResourceURN) {
					resourceRuns[p] = append(resourceRuns[p], s.ResourceURN)
				}
			}
		case ev.PolicyAnalyzeStackSummaryEvent != nil:
			s := ev.PolicyAnalyzeStackSummaryEvent
			if s.PolicyPackName != rules.PackName {
				continue
			}
			analysed = true
			for _, p := range append(append([]string{}, s.Passed...), s.Failed...) {
				ran[p] = true
			}
		case ev.PolicyEvent != nil:
			p := ev.PolicyEvent
			if p.PolicyPackName != rules.PackName {
				continue
			}
			analysed = true
			ran[p.PolicyName] = true
			if p.PolicyName == rules.CoveragePolicy {
				coverage += p.Message + "\n"
				continue
			}
			it := Item{Rule: p.PolicyName, Level: engineLevel(p.EnforcementLevel), URN: p.ResourceURN, Message: reviewerText(p.Message)}
			if len(p.Exceptions) > 0 {
				it.ExceptionID, it.ExceptionReason = p.Exceptions[0].ID, p.Exceptions[0].Reason
			}
			for _, x := range p.Exceptions {
				o.matched[x.ID] = append(o.matched[x.ID], p.PolicyName+" "+p.ResourceURN)
			}
			o.items = append(o.items, it)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", label, err)
	}
	if !analysed {
		return nil, fmt.Errorf("%s: no analysis by the %s pack; run `pulumi preview --policy-pack <pack> --event-log FILE` with PULUMI_DEBUG_COMMANDS=true", label, rules.PackName)
	}
	o.resources = len(analysedURNs)
	o.inventory = inventory
	// A stack rule judged the resources of its subject types the engine
	// analysed; a resource rule those the summaries list it for.
	analysedOfType := map[string][]string{}
	for _, s := range inventory {
		analysedOfType[s.Type] = append(analysedOfType[s.Type], s.URN)
	}
	for _, rl := range rules.Catalog {
		if !ran[rl.Name] {
			continue
		}
		if rl.Scope == rules.ScopeResource {
			o.checked[rl.Name] = resourceRuns[rl.Name]
			continue
		}
		for _, t := range compliance.Subjects(rl) {
			o.checked[rl.Name] = append(o.checked[rl.Name], analysedOfType[t]...)
		}
	}
	nameDeferrals(o, coverage, inputs, pc, env)
	return build(o, pc, in), nil
}

// nameDeferrals counts deferrals per rule from the pack's coverage summary
// and names the resources by re-running the checks on the recorded inputs.
func nameDeferrals(o *observation, coverage string, inputs []rules.Resource, pc *compliance.PolicyConfig, env rules.Env) {
	counts := map[string]int{}
	for _, m := range deferredCount.FindAllStringSubmatch(coverage, -1) {
		n, _ := strconv.Atoi(m[2])
		counts[m[1]] += n
	}
	if len(counts) == 0 {
		return
	}
	byID := map[string]*rules.Rule{}
	for _, rl := range rules.Catalog {
		byID[rl.ID] = rl
	}
	named := map[string][]string{}
	checks := map[string]int{}
	for _, f := range rules.Evaluate(inputs, rules.ParamsFor(env, pc.Params())) {
		if f.Outcome != rules.Deferred {
			continue
		}
		checks[f.ID]++
		if !contains(named[f.ID], f.URN) {
			named[f.ID] = append(named[f.ID], f.URN)
		}
	}
	// The examples the pack printed name resources too.
	for _, m := range deferredExample.FindAllStringSubmatch(coverage, -1) {
		for _, res := range inputs {
			if res.Type == m[1] && res.Name == m[2] && !contains(named[m[3]], res.URN) {
				named[m[3]] = append(named[m[3]], res.URN)
			}
		}
	}
	ids := make([]string, 0, len(counts))
	for id := range counts {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		rl := byID[id]
		if rl == nil {
			continue
		}
		o.deferCount[rl.Name] = counts[id]
		o.deferred[rl.Name] = named[id]
		if checks[id] != counts[id] {
			o.deferNote[rl.Name] = fmt.Sprintf("the pack counted %d deferred check(s); re-running them on the inputs the event log records found %d, on the resources named", counts[id], checks[id])
		}
	}
}

// recorded turns the inputs an event records into what the rules read:
// the engine writes an unknown value as plugin.UnknownStringValue.
func recorded(m map[string]any) property.Map {
	pm := resource.NewPropertyMapFromMapRepl(m, nil, func(v any) (resource.PropertyValue, bool) {
		if s, ok := v.(string); ok && s == plugin.UnknownStringValue {
			return resource.MakeComputed(resource.NewStringProperty("")), true
		}
		return resource.PropertyValue{}, false
	})
	return resource.FromResourcePropertyMap(pm)
}

// engineLevel maps an event's enforcement level to the pack's levels.
func engineLevel(l string) rules.Level {
	switch l {
	case "advisory", "warning":
		return rules.Advisory
	case "disabled", "none":
		return rules.Disabled
	}
	return rules.Mandatory
}

// reviewerText drops the rule description the engine puts before the
// pack's own message (the report shows the description per rule already).
func reviewerText(msg string) string {
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		return strings.TrimSpace(msg[i+1:])
	}
	return msg
}
