// Package report turns an evaluation of a stack into the reviewers' and
// auditors' report: each rule's status (never better than what was seen),
// every HIPAA section and SOC 2 criterion with its title and its rules'
// results, every finding with its resource and where it is declared, and the
// evidence that makes the report reproducible (time, commit, versions, the
// policy config's digest, its exceptions and loosened settings, what each
// rule checked). It renders Markdown and HTML for people, JSON and SARIF
// 2.1.0 for tools.
//
// Sources: the program under Pulumi's mocks (internal/compliance), the event
// log of a real `pulumi preview --policy-pack` (FromEventLog), or any other
// list of resources evaluated with compliance.EvaluateResources, such as a
// stack export (FromCompliance with a SourceStackExport source).
package report

import (
	"sort"
	"strings"

	"github.com/carestack/carestack/internal/compliance"
	"github.com/carestack/carestack/policy/rules"
)

// Status is a rule's result on a stack. Each rule has exactly one.
type Status string

const (
	// Pass: judged at least one resource (or the stack) and found nothing.
	Pass Status = "pass"
	// Violated: a finding no exception covers.
	Violated Status = "violation"
	// Excepted: every finding is covered by a configured exception.
	Excepted Status = "excepted"
	// Deferred: a value the verdict needs is unknown at preview.
	Deferred Status = "deferred"
	// Disabled: the policy config turned the rule off (its would-be
	// findings are still listed when the source could evaluate it).
	Disabled Status = "disabled"
	// AdvisoryByConfig: the policy config lowered a mandatory rule to
	// advisory; its findings no longer fail the preview.
	AdvisoryByConfig Status = "advisory by config"
	// NotEvaluated: the source could not see what the rule judges (the
	// awsx VPC's children under mocks) or did not run it.
	NotEvaluated Status = "not evaluated"
	// NotApplicable: the stack has no resource of the types it judges.
	NotApplicable Status = "not applicable"
)

// Statuses in the order the totals list them.
var Statuses = []Status{Pass, Violated, Excepted, Deferred, Disabled, AdvisoryByConfig, NotEvaluated, NotApplicable}

// NotRun is a rule's outcome when the engine did not run it (disabled in a
// preview): there is nothing to say about what it would have found.
const NotRun Status = "not run"

// Control statuses beyond the rule statuses.
const (
	// Incomplete: no violation, but a rule is disabled, advisory by config
	// or not evaluated, so the control cannot be said to pass.
	Incomplete Status = "incomplete"
	// PassWhereApplicable: every rule with something to judge passed, and
	// the others had nothing of their types to judge.
	PassWhereApplicable Status = "pass where applicable"
)

// Item is one finding (violation, possibly excepted or of a disabled rule)
// on one resource.
type Item struct {
	Rule  string      `json:"rule"`
	ID    string      `json:"id"`
	Level rules.Level `json:"level"`
	URN   string      `json:"urn"`
	// Name is the resource's type and logical name.
	Name            string `json:"name"`
	Message         string `json:"message"`
	Fix             string `json:"fix"`
	ExceptionID     string `json:"exceptionId,omitempty"`
	ExceptionReason string `json:"exceptionReason,omitempty"`
	// Location is where the resource is declared, when that can be known.
	Location *Location `json:"location,omitempty"`
	// Fingerprint is stable across runs: a hash of the rule and the URN.
	Fingerprint string `json:"fingerprint"`
}

// RuleResult is one rule's outcome on the stack.
type RuleResult struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Title    string   `json:"title"`
	HIPAA    []string `json:"hipaa"`
	SOC2     []string `json:"soc2"`
	Severity string   `json:"severity"`
	// Level is the effective level; DefaultLevel the pack's for the
	// environment before the policy config.
	Level        rules.Level `json:"level"`
	DefaultLevel rules.Level `json:"defaultLevel"`
	Status       Status      `json:"status"`
	// Outcome is what the evaluation found whatever the level: a disabled
	// rule's outcome says whether it would have been violated.
	Outcome Status `json:"outcome"`
	// Why explains a status other than pass or not applicable, or what the
	// source could not see of a rule it did evaluate.
	Why string `json:"why,omitempty"`
	// StackWide: the rule judges the stack as a whole (no resource types).
	StackWide bool `json:"stackWide,omitempty"`
	// Checked are the URNs of the resources the rule judged; Passed those
	// with no finding of it.
	Checked []string `json:"checked"`
	Passed  []string `json:"passed"`
	// Deferred counts checks that waited for values unknown at preview;
	// DeferredResources names the resources (URNs).
	Deferred          int      `json:"deferred,omitempty"`
	DeferredResources []string `json:"deferredResources,omitempty"`
}

// Report is one stack's compliance report.
type Report struct {
	Stack  string    `json:"stack"`
	Env    rules.Env `json:"environment"`
	Source Source    `json:"source"`
	// Resources is how many resources were evaluated (offline) or analysed.
	Resources  int            `json:"resources"`
	Totals     map[Status]int `json:"totals"`
	Rules      []RuleResult   `json:"rules"`
	Violations []Item         `json:"violations"`
	Evidence   Evidence       `json:"evidence"`
	byName     map[string]*RuleResult
	// names maps URNs to the inventory's names for rendering.
	names map[string]string
}

// FailsGate reports whether the preview would fail: a mandatory, unexcepted
// violation, or a policy config the offline check refuses.
func (r *Report) FailsGate() bool {
	if len(r.Evidence.PolicyConfig.Refused) > 0 {
		return true
	}
	for _, v := range r.Violations {
		if v.Level == rules.Mandatory && v.ExceptionID == "" {
			return true
		}
	}
	return false
}

// Rule returns a rule's result by name (nil when it is not in the catalog).
func (r *Report) Rule(name string) *RuleResult { return r.byName[name] }

// observation is what a source saw, before statuses: every source fills
// one and build turns it into the report.
type observation struct {
	stack     string
	env       rules.Env
	resources int
	inventory []compliance.Seen
	// ran: rules the source ran (all, offline); the others read "not run".
	ran func(name string) bool
	// checked: URNs each rule judged.
	checked      map[string][]string
	notEvaluated map[string]string
	unseen       map[string]string
	items        []Item
	deferred     map[string][]string // rule -> URNs
	deferCount   map[string]int      // rule -> checks (several per resource possible)
	// deferNote explains deferred resources the source could not name.
	deferNote map[string]string
	// matched: exception id -> "rule URN" it covered, as the source saw it.
	matched map[string][]string
}

func newObservation(stack string, env rules.Env) *observation {
	return &observation{stack: stack, env: env, ran: func(string) bool { return true },
		checked: map[string][]string{}, notEvaluated: map[string]string{}, unseen: map[string]string{},
		deferred: map[string][]string{}, deferCount: map[string]int{}, deferNote: map[string]string{}, matched: map[string][]string{}}
}

// FromCompliance builds the report of an evaluation of resources: the
// program under mocks (the default source) or any other resource list
// evaluated with compliance.EvaluateResources. pc is the policy config the
// evaluation used.
func FromCompliance(c *compliance.Report, pc *compliance.PolicyConfig, in Inputs) *Report {
	if in.Source.Kind == "" {
		in.Source = Source{Kind: SourceOffline, Detail: "the program for the stack's config run under Pulumi's mock monitor"}
	}
	o := newObservation(c.Stack, c.Env)
	o.resources, o.inventory = c.Resources, c.Inventory
	for name, urns := range c.Checked {
		o.checked[name] = urns
	}
	for name, why := range c.NotEvaluated {
		o.notEvaluated[name] = why
	}
	for name, what := range c.Unseen {
		o.unseen[name] = what
	}
	for _, x := range c.Results {
		switch x.Outcome {
		case rules.Violation:
			o.items = append(o.items, Item{Rule: x.Rule, Level: x.Level, URN: x.URN, Message: x.Message, ExceptionID: x.ExceptionID, ExceptionReason: x.ExceptionReason})
		case rules.Deferred:
			o.deferCount[x.Rule]++
			if !contains(o.deferred[x.Rule], x.URN) {
				o.deferred[x.Rule] = append(o.deferred[x.Rule], x.URN)
			}
		}
	}
	// Offline, an exception matches what it covers among the enabled
	// rules' violations, as the engine would match it.
	for _, it := range o.items {
		if it.Level == rules.Disabled {
			continue
		}
		for _, id := range exceptionsCovering(pc, it.Rule, it.URN) {
			o.matched[id] = append(o.matched[id], it.Rule+" "+it.URN)
		}
	}
	return build(o, pc, in)
}

// exceptionsCovering lists every configured exception naming rule and urn.
func exceptionsCovering(pc *compliance.PolicyConfig, rule, urn string) []string {
	var out []string
	for id, e := range pc.Exceptions {
		for _, m := range e.Match {
			if contains(m.Policies, rule) && contains(m.Targets, urn) {
				out = append(out, id)
				break
			}
		}
	}
	sort.Strings(out)
	return out
}

// build derives every rule's status and the evidence from what a source saw.
func build(o *observation, pc *compliance.PolicyConfig, in Inputs) *Report {
	if pc == nil {
		pc = &compliance.PolicyConfig{Version: 2}
	}
	r := &Report{Stack: o.stack, Env: o.env, Source: in.Source, Resources: o.resources, Totals: map[Status]int{},
		byName: map[string]*RuleResult{}, names: map[string]string{}}
	for _, s := range o.inventory {
		r.names[s.URN] = s.Type + " " + s.Name
	}
	loc := newLocator(in.Dir, o.stack, o.inventory)
	for i := range o.items {
		it := &o.items[i]
		if rl := rules.ByName(it.Rule); rl != nil {
			it.ID, it.Fix = rl.ID, rl.Remediation
		}
		it.Name = r.name(it.URN)
		it.Fingerprint = fingerprint(it.Rule, it.URN)
		it.Location = loc.locate(it.URN)
		r.Violations = append(r.Violations, *it)
	}
	// A stack rule may report on a resource it joined rather than on its
	// subject (AVL-06 on a scaling target): that resource was checked too.
	for _, it := range r.Violations {
		if !contains(o.checked[it.Rule], it.URN) {
			o.checked[it.Rule] = append(o.checked[it.Rule], it.URN)
		}
	}
	for name, urns := range o.deferred {
		for _, u := range urns {
			if !contains(o.checked[name], u) {
				o.checked[name] = append(o.checked[name], u)
			}
		}
	}
	for _, rl := range rules.Catalog {
		rr := RuleResult{
			ID: rl.ID, Name: rl.Name, Title: rl.Title, HIPAA: rl.HIPAA, SOC2: rl.SOC2, Severity: rl.Severity,
			Level: pc.Level(rl, o.env), DefaultLevel: rl.Level(o.env),
			StackWide: len(compliance.Subjects(rl)) == 0,
			Checked:   nonNil(o.checked[rl.Name]), Deferred: o.deferCount[rl.Name], DeferredResources: o.deferred[rl.Name],
		}
		r.outcome(&rr, o)
		r.status(&rr, o)
		r.Rules = append(r.Rules, rr)
	}
	for i := range r.Rules {
		r.byName[r.Rules[i].Name] = &r.Rules[i]
		r.Totals[r.Rules[i].Status]++
	}
	sort.SliceStable(r.Violations, func(i, j int) bool {
		a, b := r.Violations[i], r.Violations[j]
		if ra, rb := levelRank(a), levelRank(b); ra != rb {
			return ra < rb
		}
		if a.ID != b.ID {
			return a.ID < b.ID
		}
		return a.URN < b.URN
	})
	r.Evidence = collectEvidence(r, o, pc, in)
	return r
}

// levelRank orders findings: what fails the gate, advisory, excepted, disabled.
func levelRank(it Item) int {
	switch {
	case it.Level == rules.Disabled:
		return 3
	case it.ExceptionID != "":
		return 2
	case it.Level == rules.Mandatory:
		return 0
	}
	return 1
}

// outcome is what the source found for the rule, whatever its level.
func (r *Report) outcome(rr *RuleResult, o *observation) {
	var violated, excepted bool
	failed := map[string]bool{}
	for _, it := range r.Violations {
		if it.Rule != rr.Name {
			continue
		}
		failed[it.URN] = true
		if it.ExceptionID != "" {
			excepted = true
		} else {
			violated = true
		}
	}
	for _, u := range rr.DeferredResources {
		failed[u] = true
	}
	rr.Passed = []string{}
	for _, u := range rr.Checked {
		if !failed[u] {
			rr.Passed = append(rr.Passed, u)
		}
	}
	switch {
	case violated:
		rr.Outcome = Violated
	case excepted:
		rr.Outcome = Excepted
	case rr.Deferred > 0:
		rr.Outcome = Deferred
	case !o.ran(rr.Name):
		rr.Outcome = NotRun
	case o.notEvaluated[rr.Name] != "":
		rr.Outcome, rr.Why = NotEvaluated, o.notEvaluated[rr.Name]
	case len(rr.Checked) > 0 || rr.StackWide:
		rr.Outcome = Pass
	default:
		rr.Outcome = NotApplicable
	}
	if rr.Why == "" && o.unseen[rr.Name] != "" {
		rr.Why = "partly evaluated: " + o.unseen[rr.Name]
	}
	if note := o.deferNote[rr.Name]; note != "" {
		rr.Why = strings.TrimPrefix(rr.Why+"; "+note, "; ")
	}
}

// status is the headline: a level the config lowered shows as such, never
// as pass; otherwise the outcome.
func (r *Report) status(rr *RuleResult, o *observation) {
	lowered := levelStrength(rr.Level) < levelStrength(rr.DefaultLevel)
	would := func() string {
		switch rr.Outcome {
		case NotRun:
			return "the engine does not run a disabled policy, so the preview cannot say what it would have found"
		case Violated, Excepted:
			return "it would have found the violations listed under Findings"
		case Pass:
			return "it would have passed"
		}
		return "its outcome would be: " + string(rr.Outcome)
	}
	switch {
	case lowered && rr.Level == rules.Disabled:
		rr.Status = Disabled
		rr.Why = join("the policy config disables it (pack default: "+string(rr.DefaultLevel)+"); "+would(), rr.Why)
	case lowered && rr.Level == rules.Advisory:
		rr.Status = AdvisoryByConfig
		rr.Why = join("the policy config lowers it to advisory (pack default: "+string(rr.DefaultLevel)+"); "+would(), rr.Why)
	case rr.Outcome == NotRun:
		rr.Status = NotEvaluated
		rr.Why = join("the source records no run of this policy", rr.Why)
	default:
		rr.Status = rr.Outcome
	}
}

func levelStrength(l rules.Level) int {
	switch l {
	case rules.Mandatory:
		return 2
	case rules.Advisory:
		return 1
	}
	return 0
}

func join(a, b string) string {
	if b == "" {
		return a
	}
	return a + "; " + b
}

// name is a URN's type and logical name, from the inventory when known.
func (r *Report) name(urn string) string {
	if n, ok := r.names[urn]; ok {
		return n
	}
	return shortURN(urn)
}

// Names renders URNs as names, for the templates.
func (r *Report) Names(urns []string) []string {
	out := make([]string, len(urns))
	for i, u := range urns {
		out[i] = r.name(u)
	}
	return out
}

// Control is one HIPAA section or SOC 2 criterion with its rules.
type Control struct {
	ID     string
	Title  string
	Status Status
	Rules  []RuleResult
}

// Controls groups rule results by control for one framework ("HIPAA" or
// "SOC2"). A control passes only when all its rules pass; any rule whose
// outcome is a violation (even one the config disabled) makes it violated;
// a disabled, advisory-by-config or not-evaluated rule makes it incomplete.
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
		c := Control{ID: id, Rules: rs, Status: controlStatus(rs)}
		if framework == "HIPAA" {
			c.ID, c.Title = "164."+id, HIPAATitle(id)
		} else {
			c.Title = SOC2Title(id)
		}
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return controlLess(out[i].ID, out[j].ID) })
	return out
}

func controlStatus(rs []RuleResult) Status {
	counts := map[Status]int{}
	for _, rr := range rs {
		if rr.Outcome == Violated {
			return Violated
		}
		counts[rr.Status]++
	}
	switch {
	case counts[Disabled]+counts[AdvisoryByConfig]+counts[NotEvaluated] > 0:
		return Incomplete
	case counts[Excepted] > 0:
		return Excepted
	case counts[Deferred] > 0:
		return Deferred
	case counts[Pass] == len(rs):
		return Pass
	case counts[Pass] > 0:
		return PassWhereApplicable
	}
	return NotApplicable
}

// controlLess orders control ids naturally: CC6.10 after CC6.9, 308 before 312.
func controlLess(a, b string) bool {
	ka, kb := naturalKey(a), naturalKey(b)
	for i := 0; i < len(ka) && i < len(kb); i++ {
		if ka[i] != kb[i] {
			if len(ka[i]) != len(kb[i]) && isDigits(ka[i]) && isDigits(kb[i]) {
				return len(ka[i]) < len(kb[i])
			}
			return ka[i] < kb[i]
		}
	}
	return len(ka) < len(kb)
}

func naturalKey(s string) []string {
	var out []string
	cur := ""
	digit := false
	for _, c := range s {
		d := c >= '0' && c <= '9'
		if cur != "" && d != digit {
			out = append(out, cur)
			cur = ""
		}
		cur += string(c)
		digit = d
	}
	return append(out, cur)
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// shortURN is the part of a URN a reviewer recognises: type and name.
func shortURN(urn string) string {
	parts := strings.Split(urn, "::")
	if len(parts) < 4 {
		return urn
	}
	return urnType(urn) + " " + parts[len(parts)-1]
}

// urnType is a URN's resource type (the last of its parent-type chain).
func urnType(urn string) string {
	parts := strings.Split(urn, "::")
	if len(parts) < 4 {
		return ""
	}
	typ := parts[len(parts)-2]
	if i := strings.LastIndex(typ, "$"); i >= 0 {
		typ = typ[i+1:]
	}
	return typ
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

func nonNil(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}
