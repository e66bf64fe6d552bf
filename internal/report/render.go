package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"strings"

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

func ruleStatus(rr RuleResult) string {
	s := string(rr.Status)
	if rr.Status == Violated {
		s += " (" + string(rr.Level) + ")"
	}
	if rr.Deferred > 0 {
		s += fmt.Sprintf(", %d check(s) deferred to `up`", rr.Deferred)
	}
	return s
}

// Markdown renders the report for people reading a PR or an audit folder.
func (r *Report) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Compliance report: stack %s (%s)\n\nSource: %s. Resources: %d. Pack: %s %s.\n\n", r.Stack, r.Env, r.Source, r.Resources, rules.PackName, rules.PackVersion)
	b.WriteString("| Rules passed | violated | excepted | deferred | not applicable |\n| --- | --- | --- | --- | --- |\n")
	fmt.Fprintf(&b, "| %d | %d | %d | %d | %d |\n\n", r.Totals[Pass], r.Totals[Violated], r.Totals[Excepted], r.Totals[Deferred], r.Totals[NotApplicable])
	if r.FailsGate() {
		b.WriteString("**Gate: FAIL** (a mandatory rule is violated).\n\n")
	} else {
		b.WriteString("**Gate: pass** (no mandatory violation without an exception).\n\n")
	}
	for _, fw := range []struct{ name, title string }{{"HIPAA", "HIPAA Security Rule (45 CFR)"}, {"SOC2", "SOC 2 Trust Services Criteria"}} {
		fmt.Fprintf(&b, "## %s\n\n| Control | Result | Rules |\n| --- | --- | --- |\n", fw.title)
		for _, c := range r.Controls(fw.name) {
			var rs []string
			for _, rr := range c.Rules {
				rs = append(rs, fmt.Sprintf("%s `%s`: %s", rr.ID, rr.Name, ruleStatus(rr)))
			}
			fmt.Fprintf(&b, "| %s | %s | %s |\n", c.ID, c.Status, strings.Join(rs, "<br>"))
		}
		b.WriteString("\n")
	}
	b.WriteString("## Violations\n\n")
	if len(r.Violations) == 0 {
		b.WriteString("None.\n")
	}
	for _, v := range r.Violations {
		state := string(v.Level)
		if v.ExceptionID != "" {
			state = fmt.Sprintf("excepted by %s: %s", v.ExceptionID, v.ExceptionReason)
		}
		fmt.Fprintf(&b, "### %s `%s` on %s (%s)\n\n%s\n\nFix: %s\n\nResource: `%s`\n\n", v.ID, v.Rule, shortURN(v.URN), state, v.Message, v.Fix, v.URN)
	}
	return b.String()
}

var htmlPage = template.Must(template.New("report").Funcs(template.FuncMap{
	"short": shortURN, "status": ruleStatus,
}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Compliance report: {{.R.Stack}}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem;color:#1b1b1b}
table{border-collapse:collapse;margin:1rem 0;width:100%}th,td{border:1px solid #ccc;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}.violation{background:#fde2e1}.excepted{background:#fff4ce}.deferred{background:#e8f0fe}.pass{background:#e6f4ea}
.gate{font-weight:bold;padding:.5rem;display:inline-block}
</style></head><body>
<h1>Compliance report: stack {{.R.Stack}} ({{.R.Env}})</h1>
<p>Source: {{.R.Source}}. Resources: {{.R.Resources}}.</p>
<table><tr><th>Rules passed</th><th>violated</th><th>excepted</th><th>deferred</th><th>not applicable</th></tr>
<tr><td>{{.R.Total "pass"}}</td><td>{{.R.Total "violation"}}</td><td>{{.R.Total "excepted"}}</td><td>{{.R.Total "deferred"}}</td><td>{{.R.Total "not applicable"}}</td></tr></table>
<p class="gate {{if .R.FailsGate}}violation{{else}}pass{{end}}">Gate: {{if .R.FailsGate}}FAIL{{else}}pass{{end}}</p>
{{range .Frameworks}}<h2>{{.Title}}</h2><table><tr><th>Control</th><th>Result</th><th>Rules</th></tr>
{{range .Controls}}<tr class="{{.Status}}"><td>{{.ID}}</td><td>{{.Status}}</td><td>{{range .Rules}}{{.ID}} <code>{{.Name}}</code>: {{status .}}<br>{{end}}</td></tr>
{{end}}</table>{{end}}
<h2>Violations</h2>{{if not .R.Violations}}<p>None.</p>{{end}}
<table>{{range .R.Violations}}<tr class="{{if .ExceptionID}}excepted{{else}}violation{{end}}"><td>{{.ID}} <code>{{.Rule}}</code><br>{{.Level}}{{if .ExceptionID}}<br>excepted by {{.ExceptionID}}: {{.ExceptionReason}}{{end}}</td>
<td>{{short .URN}}<br><small><code>{{.URN}}</code></small></td><td>{{.Message}}<br><b>Fix:</b> {{.Fix}}</td></tr>
{{end}}</table></body></html>
`))

// HTML renders the same content as a standalone page.
func (r *Report) HTML() (string, error) {
	type fw struct {
		Title    string
		Controls []Control
	}
	var b bytes.Buffer
	err := htmlPage.Execute(&b, map[string]any{
		"R":          r,
		"Frameworks": []fw{{"HIPAA Security Rule (45 CFR)", r.Controls("HIPAA")}, {"SOC 2 Trust Services Criteria", r.Controls("SOC2")}},
	})
	return b.String(), err
}

// JSON renders the report for tools.
func (r *Report) JSON() ([]byte, error) { return json.MarshalIndent(r, "", "  ") }

// SARIF renders SARIF 2.1.0: every rule as a reporting descriptor, one
// result per violation (excepted ones carry an external suppression with the
// exception's reason). The location is the stack's config file, which is
// what a reviewer changes; the resource is the logical location.
func (r *Report) SARIF(stackConfigPath string) ([]byte, error) {
	type text struct {
		Text string `json:"text"`
	}
	var descriptors []map[string]any
	index := map[string]int{}
	for i, rl := range rules.Catalog {
		index[rl.Name] = i
		descriptors = append(descriptors, map[string]any{
			"id":               rl.Name,
			"name":             rl.ID,
			"shortDescription": text{rl.Title},
			"fullDescription":  text{rl.Description()},
			"help":             text{rl.Remediation},
			"defaultConfiguration": map[string]any{
				"level": sarifLevel(rl.Level(r.Env)),
			},
			"properties": map[string]any{
				"tags":              append(append([]string{"HIPAA", "SOC2", rl.Group}, prefixAll("HIPAA 164.", rl.HIPAA)...), prefixAll("SOC2 ", rl.SOC2)...),
				"security-severity": map[string]string{"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0"}[rl.Severity],
			},
		})
	}
	results := []map[string]any{}
	for _, v := range r.Violations {
		res := map[string]any{
			"ruleId":    v.Rule,
			"ruleIndex": index[v.Rule],
			"level":     sarifLevel(v.Level),
			"message":   text{v.Message},
			"locations": []map[string]any{{
				"physicalLocation": map[string]any{
					"artifactLocation": map[string]any{"uri": stackConfigPath},
					"region":           map[string]any{"startLine": 1},
				},
				"logicalLocations": []map[string]any{{"fullyQualifiedName": v.URN, "name": shortURN(v.URN), "kind": "resource"}},
			}},
			"partialFingerprints": map[string]string{"carestackRuleResource/v1": v.Rule + "|" + v.URN},
		}
		if v.ExceptionID != "" {
			res["suppressions"] = []map[string]any{{"kind": "external", "status": "accepted", "justification": v.ExceptionID + ": " + v.ExceptionReason}}
		}
		results = append(results, res)
	}
	doc := map[string]any{
		"$schema": "https://json.schemastore.org/sarif-2.1.0.json",
		"version": "2.1.0",
		"runs": []map[string]any{{
			"tool": map[string]any{"driver": map[string]any{
				"name": rules.PackName, "version": rules.PackVersion, "semanticVersion": rules.PackVersion,
				"informationUri": "https://example.org/carestack/docs/controls.md", "rules": descriptors,
			}},
			"automationDetails": map[string]any{"id": "carestack/" + r.Stack + "/"},
			"results":           results,
			"properties":        map[string]any{"stack": r.Stack, "environment": r.Env, "source": r.Source},
		}},
	}
	return json.MarshalIndent(doc, "", "  ")
}

func sarifLevel(l rules.Level) string {
	switch l {
	case rules.Mandatory:
		return "error"
	case rules.Advisory:
		return "warning"
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
