package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"

	"github.com/carestack/carestack/policy/rules"
)

// deferredCount matches the preview-coverage summary's "ENC-10 x2".
var deferredCount = regexp.MustCompile(`([A-Z]+-[0-9]+) x([0-9]+)`)

// FromEventLog builds the report from the event log of a real preview or
// update run with the carestack pack (`--event-log FILE`, which needs
// PULUMI_DEBUG_COMMANDS=true). source names the log in the report.
func FromEventLog(stack string, env rules.Env, source string, log io.Reader) (*Report, error) {
	r := newReport(stack, env, "event log: "+source, func(rl *rules.Rule) rules.Level { return rl.Level(env) })
	resources := map[string]bool{}
	analysed := false
	sc := bufio.NewScanner(log)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		var ev apitype.EngineEvent
		if err := json.Unmarshal([]byte(text), &ev); err != nil {
			return nil, fmt.Errorf("%s: line %d is not an engine event: %w", source, line, err)
		}
		switch {
		case ev.PolicyAnalyzeSummaryEvent != nil:
			s := ev.PolicyAnalyzeSummaryEvent
			if s.PolicyPackName != rules.PackName {
				continue
			}
			analysed = true
			resources[s.ResourceURN] = true
			for _, p := range append(append([]string{}, s.Passed...), s.Failed...) {
				r.raise(p, Pass)
			}
		case ev.PolicyAnalyzeStackSummaryEvent != nil:
			s := ev.PolicyAnalyzeStackSummaryEvent
			if s.PolicyPackName != rules.PackName {
				continue
			}
			analysed = true
			for _, p := range append(append([]string{}, s.Passed...), s.Failed...) {
				r.raise(p, Pass)
			}
		case ev.PolicyEvent != nil:
			p := ev.PolicyEvent
			if p.PolicyPackName != rules.PackName {
				continue
			}
			analysed = true
			if p.PolicyName == rules.CoveragePolicy {
				for _, m := range deferredCount.FindAllStringSubmatch(p.Message, -1) {
					for i := range r.Rules {
						if r.Rules[i].ID == m[1] {
							n, _ := strconv.Atoi(m[2])
							r.Rules[i].Deferred += n
							r.raise(r.Rules[i].Name, Deferred)
						}
					}
				}
				continue
			}
			it := Item{Rule: p.PolicyName, Level: rules.Level(p.EnforcementLevel), URN: p.ResourceURN, Message: reviewerText(p.Message)}
			if len(p.Exceptions) > 0 {
				it.ExceptionID, it.ExceptionReason = p.Exceptions[0].ID, p.Exceptions[0].Reason
			}
			if rr := r.byName[p.PolicyName]; rr != nil {
				rr.Level = it.Level
			}
			r.addViolation(it)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", source, err)
	}
	if !analysed {
		return nil, fmt.Errorf("%s: no analysis by the %s pack; run `pulumi preview --policy-pack <pack> --event-log FILE` with PULUMI_DEBUG_COMMANDS=true", source, rules.PackName)
	}
	r.Resources = len(resources)
	return r.finish(), nil
}

// reviewerText drops the rule description the engine puts before the
// pack's own message (the report shows the description per rule already).
func reviewerText(msg string) string {
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		return strings.TrimSpace(msg[i+1:])
	}
	return msg
}
