package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/carestack/carestack/policy/rules"
)

// Total is the number of rules with a status (for templates).
func (r *Report) Total(status string) int { return r.Totals[Status(status)] }

// TotalsLine is the totals in one line, in Statuses order.
func (r *Report) TotalsLine() string {
	parts := make([]string, len(Statuses))
	for i, s := range Statuses {
		parts[i] = fmt.Sprintf("%d %s", r.Totals[s], s)
	}
	return strings.Join(parts, ", ")
}

// ruleStatus is a rule's status with what qualifies it, for control rows.
func ruleStatus(rr RuleResult) string {
	s := string(rr.Status)
	if rr.Status == Violated {
		s += " (" + string(rr.Level) + ")"
	}
	if (rr.Status == Disabled || rr.Status == AdvisoryByConfig) && rr.Outcome != NotRun {
		s += ", would be " + string(rr.Outcome)
	}
	if rr.Deferred > 0 {
		s += fmt.Sprintf(", %d check(s) deferred to `up`", rr.Deferred)
	}
	return s
}

func yesNo(b *bool) string {
	switch {
	case b == nil:
		return "unknown"
	case *b:
		return "yes"
	}
	return "no"
}

func (ev Evidence) versionsLine() string {
	parts := make([]string, len(ev.Versions))
	for i, v := range ev.Versions {
		parts[i] = fmt.Sprintf("%s %s (%s)", v.Module, v.Version, v.From)
	}
	return strings.Join(parts, ", ")
}

func (ev Evidence) configLine() string {
	switch {
	case ev.PolicyConfig.Path == "":
		return "none given: the environment's levels and thresholds in the pack"
	case !ev.PolicyConfig.Present:
		return ev.PolicyConfig.Path + " (absent: the environment's levels and thresholds in the pack apply)"
	}
	return ev.PolicyConfig.Path + ", sha256 " + ev.PolicyConfig.SHA256
}

func (r *Report) gateLine() string {
	switch {
	case len(r.Evidence.PolicyConfig.Refused) > 0:
		return "**Gate: FAIL** (the offline check refuses the policy config: " + strings.Join(r.Evidence.PolicyConfig.Refused, "; ") + ")."
	case r.FailsGate():
		return "**Gate: FAIL** (a mandatory rule is violated)."
	}
	return "**Gate: pass** (no mandatory violation without an exception)."
}

func mdCell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}

func code(urns []string) string {
	parts := make([]string, len(urns))
	for i, u := range urns {
		parts[i] = "`" + u + "`"
	}
	return strings.Join(parts, ", ")
}

// Markdown renders the report for people reading a PR or an audit folder.
func (r *Report) Markdown() string {
	var b strings.Builder
	ev := r.Evidence
	fmt.Fprintf(&b, "# Compliance report: stack %s (%s)\n\n%s\n\n", r.Stack, r.Env, r.gateLine())
	b.WriteString("| Rules: pass | violation | excepted | deferred | disabled | advisory by config | not evaluated | not applicable |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n|")
	for _, s := range Statuses {
		fmt.Fprintf(&b, " %d |", r.Totals[s])
	}
	b.WriteString("\n\n## Evidence\n\n| | |\n| --- | --- |\n")
	rows := [][2]string{
		{"Generated", ev.GeneratedAt.Format(time.RFC3339)},
		{"Commit", fmt.Sprintf("`%s` (uncommitted changes: %s)", ev.Git.Commit, yesNo(ev.Git.Dirty))},
		{"Repository", ev.Git.RepositoryURI},
		{"Stack / environment", fmt.Sprintf("%s / %s", ev.Stack, ev.Environment)},
		{"Policy pack", ev.Pack.Name + " " + ev.Pack.Version},
		{"Pulumi SDK and providers", ev.versionsLine()},
		{"Go", ev.GoVersion},
		{"Source", ev.Source.String()},
		{"Resources", fmt.Sprint(r.Resources)},
		{"Policy config", ev.configLine()},
		{"Controls documentation", ev.InformationURI},
	}
	for _, row := range rows {
		fmt.Fprintf(&b, "| %s | %s |\n", row[0], mdCell(row[1]))
	}
	b.WriteString("\n### Exceptions configured\n\n")
	if len(ev.Exceptions) == 0 {
		b.WriteString("None.\n")
	} else {
		b.WriteString("| ID | Reason | Policies | Targets | Matched |\n| --- | --- | --- | --- | --- |\n")
		for _, e := range ev.Exceptions {
			m := "**no: matches no finding**"
			if e.Matched {
				m = fmt.Sprintf("yes: %d finding(s)", len(e.Findings))
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", e.ID, mdCell(e.Reason), strings.Join(e.Policies, ", "), code(e.Targets), m)
		}
	}
	b.WriteString("\n### Levels and thresholds that differ from the catalog\n\n")
	if len(ev.Overrides) == 0 {
		b.WriteString("None.\n")
	} else {
		b.WriteString("| Rule | Setting | Catalog default | Value | Set by |\n| --- | --- | --- | --- | --- |\n")
		for _, o := range ev.Overrides {
			v := o.Value
			if o.Weaker {
				v = "**" + v + "** (weaker)"
			}
			fmt.Fprintf(&b, "| %s `%s` | %s | %s | %s | %s |\n", o.ID, o.Rule, o.Setting, mdCell(o.Default), mdCell(v), o.By)
		}
	}
	b.WriteString("\n### Deferred to `pulumi up`\n\n")
	if len(ev.Deferred) == 0 {
		b.WriteString("None.\n")
	} else {
		for _, d := range ev.Deferred {
			fmt.Fprintf(&b, "- %s `%s`: %s\n", d.ID, d.Rule, d.Name)
		}
	}
	for _, fw := range frameworks {
		fmt.Fprintf(&b, "\n## %s\n\n| %s | Title | Result | Rules |\n| --- | --- | --- | --- |\n", fw.title, fw.column)
		for _, c := range r.Controls(fw.name) {
			var rs, na []string
			for _, rr := range c.Rules {
				if rr.Status == NotApplicable {
					na = append(na, rr.ID)
					continue
				}
				rs = append(rs, fmt.Sprintf("%s `%s`: %s", rr.ID, rr.Name, ruleStatus(rr)))
			}
			if len(na) > 0 {
				rs = append(rs, "not applicable: "+strings.Join(na, ", "))
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", c.ID, c.Title, c.Status, strings.Join(rs, "<br>"))
		}
	}
	b.WriteString("\n## Rules\n\n| Rule | Status | Level (default) | Checked | Passed | Notes |\n| --- | --- | --- | --- | --- | --- |\n")
	var na []string
	for _, rr := range r.Rules {
		if rr.Status == NotApplicable {
			na = append(na, rr.ID)
			continue
		}
		checked, passed := fmt.Sprint(len(rr.Checked)), fmt.Sprint(len(rr.Passed))
		if rr.StackWide {
			checked, passed = "the stack", "-"
			if rr.Outcome == Pass {
				passed = "the stack"
			}
		}
		fmt.Fprintf(&b, "| %s `%s` | %s | %s (%s) | %s | %s | %s |\n", rr.ID, rr.Name, ruleStatus(rr), rr.Level, rr.DefaultLevel, checked, passed, mdCell(rr.Why))
	}
	if len(na) > 0 {
		fmt.Fprintf(&b, "\nNot applicable (the stack has no resource of their types): %s.\n", strings.Join(na, ", "))
	}
	b.WriteString("\n<details><summary>Resources each rule checked (✓ passed)</summary>\n\n")
	for _, rr := range r.Rules {
		if len(rr.Checked) == 0 {
			continue
		}
		fmt.Fprintf(&b, "- %s `%s` (%d checked, %d passed): %s\n", rr.ID, rr.Name, len(rr.Checked), len(rr.Passed), r.checkedByType(rr))
	}
	b.WriteString("\n</details>\n\n## Findings\n\n")
	if len(r.Violations) == 0 {
		b.WriteString("None.\n")
	}
	for _, v := range r.Violations {
		fmt.Fprintf(&b, "### %s `%s` on %s (%s)\n\n%s\n\nFix: %s\n\nResource: `%s`", v.ID, v.Rule, v.Name, itemState(v), v.Message, v.Fix, v.URN)
		if v.Location != nil {
			fmt.Fprintf(&b, ", declared at `%s:%d` (%s)", v.Location.File, v.Location.Line, v.Location.By)
		}
		b.WriteString("\n\n")
	}
	return b.String()
}

// checkedByType names the resources a rule checked, grouped by type, each
// marked ✓ when it passed: "aws:kms/key:Key: logs ✓, data ✓".
func (r *Report) checkedByType(rr RuleResult) string {
	passed := map[string]bool{}
	for _, u := range rr.Passed {
		passed[u] = true
	}
	var types []string
	byType := map[string][]string{}
	for _, u := range rr.Checked {
		n := r.name(u)
		typ, name, _ := strings.Cut(n, " ")
		if passed[u] {
			name += " ✓"
		}
		if byType[typ] == nil {
			types = append(types, typ)
		}
		byType[typ] = append(byType[typ], name)
	}
	parts := make([]string, len(types))
	for i, t := range types {
		parts[i] = t + ": " + strings.Join(byType[t], ", ")
	}
	return strings.Join(parts, "; ")
}

func itemState(v Item) string {
	switch {
	case v.Level == rules.Disabled:
		return "rule disabled by the policy config: would be a violation"
	case v.ExceptionID != "":
		return fmt.Sprintf("excepted by %s: %s", v.ExceptionID, v.ExceptionReason)
	}
	return string(v.Level)
}

var frameworks = []struct{ name, title, column string }{
	{"HIPAA", "HIPAA Security Rule (45 CFR Part 164)", "Section"},
	{"SOC2", "SOC 2 Trust Services Criteria (AICPA 2017)", "Criterion"},
}

var htmlPage = template.Must(template.New("report").Funcs(template.FuncMap{
	"status": ruleStatus, "state": itemState, "yesno": yesNo, "cls": func(s Status) string { return strings.ReplaceAll(string(s), " ", "-") },
	"time": func(t time.Time) string { return t.Format(time.RFC3339) }, "join": strings.Join,
}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Compliance report: {{.R.Stack}}</title>
<link rel="icon" href="data:,">
<style>
body{font-family:system-ui,sans-serif;margin:2rem;max-width:80rem;color:#1b1b1b}
table{border-collapse:collapse;margin:1rem 0;width:100%}th,td{border:1px solid #ccc;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}.violation{background:#fde2e1}.excepted{background:#fff4ce}.deferred{background:#e8f0fe}.pass{background:#e6f4ea}
.disabled,.advisory-by-config,.not-evaluated,.incomplete{background:#f3e8fd}.pass-where-applicable{background:#eef7f0}
.gate{font-weight:bold;padding:.5rem;display:inline-block}code{font-size:.9em}
</style></head><body>
<h1>Compliance report: stack {{.R.Stack}} ({{.R.Env}})</h1>
<p id="gate" class="gate {{if .R.FailsGate}}violation{{else}}pass{{end}}">Gate: {{if .R.FailsGate}}FAIL{{else}}pass{{end}}</p>
{{with .R.Evidence.PolicyConfig.Refused}}<p class="violation">The offline check refuses the policy config: {{join . "; "}}</p>{{end}}
<table id="totals"><tr>{{range .Statuses}}<th>{{.}}</th>{{end}}</tr><tr>{{range .Statuses}}<td>{{$.R.Total (print .)}}</td>{{end}}</tr></table>
<section id="evidence"><h2>Evidence</h2>
{{with .R.Evidence}}<table>
<tr><th>Generated</th><td>{{time .GeneratedAt}}</td></tr>
<tr><th>Commit</th><td><code>{{.Git.Commit}}</code> (uncommitted changes: {{yesno .Git.Dirty}})</td></tr>
<tr><th>Repository</th><td>{{.Git.RepositoryURI}}</td></tr>
<tr><th>Stack / environment</th><td>{{.Stack}} / {{.Environment}}</td></tr>
<tr><th>Policy pack</th><td>{{.Pack.Name}} {{.Pack.Version}}</td></tr>
<tr><th>Pulumi SDK and providers</th><td>{{range .Versions}}{{.Module}} {{.Version}} ({{.From}})<br>{{end}}</td></tr>
<tr><th>Go</th><td>{{.GoVersion}}</td></tr>
<tr><th>Source</th><td>{{.Source}}</td></tr>
<tr><th>Resources</th><td>{{$.R.Resources}}</td></tr>
<tr><th>Policy config</th><td>{{.PolicyConfig.Path}}{{if .PolicyConfig.Present}}, sha256 <code>{{.PolicyConfig.SHA256}}</code>{{else}} (absent: the environment's levels and thresholds apply){{end}}</td></tr>
<tr><th>Controls documentation</th><td>{{.InformationURI}}</td></tr>
</table>
<h3>Exceptions configured</h3>{{if not .Exceptions}}<p>None.</p>{{else}}<table id="exceptions"><tr><th>ID</th><th>Reason</th><th>Policies</th><th>Targets</th><th>Matched</th></tr>
{{range .Exceptions}}<tr class="{{if .Matched}}excepted{{else}}violation{{end}}"><td>{{.ID}}</td><td>{{.Reason}}</td><td>{{join .Policies ", "}}</td><td>{{range .Targets}}<code>{{.}}</code><br>{{end}}</td><td>{{if .Matched}}yes: {{len .Findings}} finding(s){{else}}no: matches no finding{{end}}</td></tr>
{{end}}</table>{{end}}
<h3>Levels and thresholds that differ from the catalog</h3>{{if not .Overrides}}<p>None.</p>{{else}}<table id="overrides"><tr><th>Rule</th><th>Setting</th><th>Catalog default</th><th>Value</th><th>Set by</th></tr>
{{range .Overrides}}<tr{{if .Weaker}} class="disabled"{{end}}><td>{{.ID}} <code>{{.Rule}}</code></td><td>{{.Setting}}</td><td>{{.Default}}</td><td>{{.Value}}{{if .Weaker}} (weaker){{end}}</td><td>{{.By}}</td></tr>
{{end}}</table>{{end}}
<h3>Deferred to <code>pulumi up</code></h3>{{if not .Deferred}}<p>None.</p>{{else}}<ul id="deferred">{{range .Deferred}}<li>{{.ID}} <code>{{.Rule}}</code>: {{.Name}}</li>{{end}}</ul>{{end}}
{{end}}</section>
{{range .Frameworks}}<section id="controls-{{.ID}}" class="controls"><h2>{{.Title}}</h2><table><tr><th>{{.Column}}</th><th>Title</th><th>Result</th><th>Rules</th></tr>
{{range .Controls}}<tr class="control {{cls .Status}}"><td>{{.ID}}</td><td>{{.Title}}</td><td>{{.Status}}</td><td>{{range .Rules}}{{.ID}} <code>{{.Name}}</code>: {{status .}}<br>{{end}}</td></tr>
{{end}}</table></section>{{end}}
<section id="rules"><h2>Rules</h2><table><tr><th>Rule</th><th>Status</th><th>Level (default)</th><th>Checked</th><th>Passed</th><th>Notes</th></tr>
{{range .R.Rules}}<tr class="{{cls .Status}}"><td>{{.ID}} <code>{{.Name}}</code></td><td>{{status .}}</td><td>{{.Level}} ({{.DefaultLevel}})</td>
<td>{{if .StackWide}}the stack{{else}}{{len .Checked}}{{with .Checked}}<details><summary>names</summary>{{join ($.R.Names .) ", "}}</details>{{end}}{{end}}</td>
<td>{{if .StackWide}}{{if eq (print .Outcome) "pass"}}the stack{{else}}-{{end}}{{else}}{{len .Passed}}{{end}}</td><td>{{.Why}}</td></tr>
{{end}}</table></section>
<section id="findings"><h2>Findings</h2>{{if not .R.Violations}}<p>None.</p>{{else}}
<table>{{range .R.Violations}}<tr class="finding {{if eq (print .Level) "disabled"}}disabled{{else if .ExceptionID}}excepted{{else}}violation{{end}}"><td>{{.ID}} <code>{{.Rule}}</code><br>{{state .}}</td>
<td>{{.Name}}<br><small><code>{{.URN}}</code></small>{{with .Location}}<br><small>declared at <code>{{.File}}:{{.Line}}</code></small>{{end}}</td><td>{{.Message}}<br><b>Fix:</b> {{.Fix}}</td></tr>
{{end}}</table>{{end}}</section>
</body></html>
`))

// HTML renders the same content as a standalone page: no script and no
// request beyond the page (the empty icon keeps browsers from asking for
// /favicon.ico).
func (r *Report) HTML() (string, error) {
	type fw struct {
		ID, Title, Column string
		Controls          []Control
	}
	var fws []fw
	for _, f := range frameworks {
		fws = append(fws, fw{strings.ToLower(f.name), f.title, f.column, r.Controls(f.name)})
	}
	var b bytes.Buffer
	err := htmlPage.Execute(&b, map[string]any{"R": r, "Frameworks": fws, "Statuses": Statuses})
	return b.String(), err
}

// JSON renders the report for tools.
func (r *Report) JSON() ([]byte, error) { return json.MarshalIndent(r, "", "  ") }
