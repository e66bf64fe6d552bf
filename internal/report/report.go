// Package report turns an evaluation of a stack, offline (internal/compliance)
// or from the event log of a real `pulumi preview --policy-pack`, into the
// reviewers' report: totals, every HIPAA section and SOC 2 criterion with its
// rules' results, and every violation with its resource, message and fix.
// It renders Markdown and HTML for people, JSON and SARIF 2.1.0 for tools.
package report

import (
	"sort"
	"strings"

	"github.com/carestack/carestack/internal/compliance"
	"github.com/carestack/carestack/policy/rules"
)

// Status is a rule's result on a stack.
type Status string

const (
	Pass          Status = "pass"
	Violated      Status = "violation"
	Excepted      Status = "excepted"
	Deferred      Status = "deferred"
	NotApplicable Status = "not applicable"
)

// Statuses in the order the totals list them.
var Statuses = []Status{Pass, Violated, Excepted, Deferred, NotApplicable}

// Item is one violation (possibly excepted) on one resource.
type Item struct {
	Rule            string      `json:"rule"`
	ID              string      `json:"id"`
	Level           rules.Level `json:"level"`
	URN             string      `json:"urn"`
	Message         string      `json:"message"`
	Fix             string      `json:"fix"`
	ExceptionID     string      `json:"exceptionId,omitempty"`
	ExceptionReason string      `json:"exceptionReason,omitempty"`
}

// RuleResult is one rule's outcome on the stack.
type RuleResult struct {
	ID       string      `json:"id"`
	Name     string      `json:"name"`
	Title    string      `json:"title"`
	HIPAA    []string    `json:"hipaa"`
	SOC2     []string    `json:"soc2"`
	Severity string      `json:"severity"`
	Level    rules.Level `json:"level"`
	Status   Status      `json:"status"`
	// Deferred counts checks that waited for values unknown at preview.
	Deferred int `json:"deferred,omitempty"`
}

// Report is one stack's compliance report.
type Report struct {
	Stack  string    `json:"stack"`
	Env    rules.Env `json:"environment"`
	Source string    `json:"source"` // "offline evaluation" or "event log: FILE"
	// Resources is how many resources were evaluated (offline) or analysed.
	Resources  int            `json:"resources"`
	Totals     map[Status]int `json:"totals"`
	Rules      []RuleResult   `json:"rules"`
	Violations []Item         `json:"violations"`
	byName     map[string]*RuleResult
}

// FailsGate reports whether a mandatory, unexcepted violation exists.
func (r *Report) FailsGate() bool {
	for _, v := range r.Violations {
		if v.Level == rules.Mandatory && v.ExceptionID == "" {
			return true
		}
	}
	return false
}

// newReport lists every catalog rule as not applicable at its level.
func newReport(stack string, env rules.Env, source string, level func(*rules.Rule) rules.Level) *Report {
	r := &Report{Stack: stack, Env: env, Source: source, Totals: map[Status]int{}, byName: map[string]*RuleResult{}}
	for _, rl := range rules.Catalog {
		r.Rules = append(r.Rules, RuleResult{
			ID: rl.ID, Name: rl.Name, Title: rl.Title, HIPAA: rl.HIPAA, SOC2: rl.SOC2, Severity: rl.Severity,
			Level: level(rl), Status: NotApplicable,
		})
	}
	for i := range r.Rules {
		r.byName[r.Rules[i].Name] = &r.Rules[i]
	}
	return r
}

// raise moves a rule's status up: violation > excepted > deferred > pass.
func (r *Report) raise(name string, s Status) {
	rr := r.byName[name]
	if rr == nil {
		return
	}
	rank := map[Status]int{NotApplicable: 0, Pass: 1, Deferred: 2, Excepted: 3, Violated: 4}
	if rank[s] > rank[rr.Status] {
		rr.Status = s
	}
}

func (r *Report) addViolation(it Item) {
	if rl := rules.ByName(it.Rule); rl != nil {
		it.ID, it.Fix = rl.ID, rl.Remediation
	}
	r.Violations = append(r.Violations, it)
	if it.ExceptionID != "" {
		r.raise(it.Rule, Excepted)
	} else {
		r.raise(it.Rule, Violated)
	}
}

// finish counts the totals and orders the violations.
func (r *Report) finish() *Report {
	sort.SliceStable(r.Violations, func(i, j int) bool {
		a, b := r.Violations[i], r.Violations[j]
		if (a.ExceptionID == "") != (b.ExceptionID == "") {
			return a.ExceptionID == ""
		}
		if a.Level != b.Level {
			return a.Level == rules.Mandatory
		}
		if a.ID != b.ID {
			return a.ID < b.ID
		}
		return a.URN < b.URN
	})
	for _, rr := range r.Rules {
		r.Totals[rr.Status]++
	}
	return r
}

// FromCompliance builds the report of an offline evaluation.
func FromCompliance(c *compliance.Report, pc *compliance.PolicyConfig) *Report {
	r := newReport(c.Stack, c.Env, "offline evaluation (the program under Pulumi mocks)", func(rl *rules.Rule) rules.Level { return pc.Level(rl, c.Env) })
	r.Resources = c.Resources
	for name, applies := range c.Applicable {
		if applies {
			r.raise(name, Pass)
		}
	}
	for _, x := range c.Results {
		switch x.Outcome {
		case rules.Violation:
			r.addViolation(Item{Rule: x.Rule, Level: x.Level, URN: x.URN, Message: x.Message, ExceptionID: x.ExceptionID, ExceptionReason: x.ExceptionReason})
		case rules.Deferred:
			r.byName[x.Rule].Deferred++
			r.raise(x.Rule, Deferred)
		}
	}
	return r.finish()
}

// Controls groups rule results by control id for one framework.
func (r *Report) Controls(framework string) []Control {
	byID := map[string][]RuleResult{}
	for _, rr := range r.Rules {
		ids := rr.SOC2
		if framework == "HIPAA" {
			ids = rr.HIPAA
		}
		for _, id := range ids {
			byID[id] = append(byID[id], rr)
		}
	}
	out := make([]Control, 0, len(byID))
	for id, rs := range byID {
		c := Control{ID: id, Rules: rs, Status: NotApplicable}
		if framework == "HIPAA" {
			c.ID = "164." + id
		}
		for _, rr := range rs {
			c.Status = worse(c.Status, rr.Status)
		}
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Control is one HIPAA section or SOC 2 criterion with its rules.
type Control struct {
	ID     string
	Status Status
	Rules  []RuleResult
}

func worse(a, b Status) Status {
	rank := map[Status]int{NotApplicable: 0, Pass: 1, Deferred: 2, Excepted: 3, Violated: 4}
	if rank[b] > rank[a] {
		return b
	}
	return a
}

// shortURN is the part of a URN a reviewer recognises: type and name.
func shortURN(urn string) string {
	parts := strings.Split(urn, "::")
	if len(parts) < 4 {
		return urn
	}
	typ := parts[len(parts)-2]
	if i := strings.LastIndex(typ, "$"); i >= 0 {
		typ = typ[i+1:]
	}
	return typ + " " + parts[len(parts)-1]
}
