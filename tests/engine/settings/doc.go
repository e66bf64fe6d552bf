package settings

import (
	"fmt"
	"slices"
	"strings"

	"github.com/carestack/carestack/internal/offline"
	"github.com/carestack/carestack/policy/rules"
)

// DocPath is the generated table, relative to the repository root.
const DocPath = "docs/estate-settings.md"

// Markdown renders the table, with the values the prod estate sets.
func Markdown(res *offline.Result) (string, error) {
	cases, err := Cases(res)
	if err != nil {
		return "", err
	}
	byRow := map[*Row][]Case{}
	for _, c := range cases {
		byRow[c.Row] = append(byRow[c.Row], c)
	}
	withRule, gaps, reasoned, engineOnly := 0, 0, 0, 0
	for _, r := range Table {
		switch {
		case len(r.Rules) > 0:
			withRule++
		case strings.HasPrefix(r.Reason, "Gap"):
			gaps++
		default:
			reasoned++
		}
		if r.Engine != "" {
			engineOnly++
		}
	}
	var b strings.Builder
	b.WriteString("# Estate settings\n\n")
	b.WriteString("Generated from `tests/engine/settings` by `CARESTACK_UPDATE=1 go test ./tests/engine/settings -run Doc`; a test keeps it current.\n\n")
	b.WriteString("Every security-relevant input the components in `infra/` set in the prod estate, the value they set, an insecure change to it, " +
		"and the policy rule that fails the preview when it is made. `go test ./tests/engine -run EverySettingTheEstate` makes each change in " +
		"the shipped prod estate through the real engine (a stack transform on the one resource, awsx's children included) and asserts the " +
		"preview fails naming exactly those rules, each with a mandatory violation on the changed resource or on the resource it reports on " +
		"(*reported on*); a row with a reason must pass. `go test ./internal/compliance -run EverySetting` is its offline twin under the " +
		"recording mock (rows marked *engine only* need what awsx makes). A row without a rule says why: either the change is not a " +
		"weakening (or AWS refuses it), or it is a **gap** no rule covers yet.\n\n")
	fmt.Fprintf(&b, "%d rows, %d changes (a row applies to every resource it names): %d rows fail a rule, %d are gaps, %d need no rule; %d are engine only. "+
		"%d further inputs are not security settings (listed last).\n\n", len(Table), len(cases), withRule, gaps, reasoned, engineOnly, ignoredCount())
	b.WriteString("| Type | Resources | Input | Set | Changed to | Fails | Reason or note |\n| --- | --- | --- | --- | --- | --- | --- |\n")
	for i := range Table {
		r := &Table[i]
		cs := byRow[r]
		var names []string
		for _, c := range cs {
			names = append(names, c.Name)
		}
		var fails []string
		for _, n := range r.Rules {
			fails = append(fails, ruleRef(n))
		}
		notes := []string{}
		switch {
		case strings.HasPrefix(r.Reason, "Gap"):
			notes = append(notes, "**gap** (see below)")
		case r.Reason != "":
			notes = append(notes, "no rule needed (see below)")
		}
		if r.Note != "" {
			notes = append(notes, r.Note)
		}
		if len(r.On) > 0 {
			notes = append(notes, "reported on "+strings.Join(shortOn(r.On), ", "))
		}
		if r.Engine != "" {
			notes = append(notes, "engine only: "+r.Engine)
		}
		fmt.Fprintf(&b, "| `%s` | %s | `%s` | %s | %s | %s | %s |\n", short(r.Type), cell(strings.Join(names, ", ")), cell(r.Path),
			setCell(cs), code(Render(r.To, 70)), cell(strings.Join(fails, ", ")), cell(strings.Join(notes, "; ")))
	}
	b.WriteString("\n## Rows without a rule\n\n")
	for _, gap := range []bool{true, false} {
		if gap {
			b.WriteString("Gaps (a change that weakens the estate and that no rule catches yet):\n\n")
		} else {
			b.WriteString("\nNo rule needed (not a weakening, or AWS refuses the change):\n\n")
		}
		for i := range Table {
			r := &Table[i]
			if len(r.Rules) == 0 && strings.HasPrefix(r.Reason, "Gap") == gap {
				var names []string
				for _, c := range byRow[r] {
					names = append(names, c.Name)
				}
				fmt.Fprintf(&b, "- `%s` %s `%s` = %s: %s\n", short(r.Type), strings.Join(names, ", "), r.Path, code(Render(r.To, 70)), r.Reason)
			}
		}
	}
	b.WriteString("\n## Inputs that are not security settings\n\n| Type | Inputs | Why no row |\n| --- | --- | --- |\n")
	for _, ig := range IgnoredInputs {
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", short(ig.Type), cell("`"+strings.Join(ig.Inputs, "`, `")+"`"), cell(ig.Reason))
	}
	return b.String(), nil
}

func ignoredCount() int {
	n := 0
	for _, ig := range IgnoredInputs {
		n += len(ig.Inputs)
	}
	return n
}

func ruleRef(name string) string {
	if r := rules.ByName(name); r != nil {
		return fmt.Sprintf("%s (%s)", name, r.ID)
	}
	return name + " (not in the catalog)"
}

func shortOn(on []string) []string {
	var out []string
	for _, o := range on {
		switch t, n, named := strings.Cut(o, "::"); {
		case o == "*":
			out = append(out, "every resource")
		case named:
			out = append(out, short(t)+" "+n)
		default:
			out = append(out, "its "+short(o))
		}
	}
	return out
}

// setCell shows the value the estate sets: once when every resource sets
// the same, else per resource.
func setCell(cs []Case) string {
	var vals []string
	for _, c := range cs {
		vals = append(vals, c.Set)
	}
	if len(slices.Compact(slices.Clone(vals))) <= 1 {
		if len(vals) == 0 || vals[0] == "" {
			return "(unset)"
		}
		return code(cut(vals[0], 70))
	}
	var parts []string
	for _, c := range cs {
		v := "(unset)"
		if c.Set != "" {
			v = code(cut(c.Set, 40))
		}
		parts = append(parts, c.Name+": "+v)
	}
	return strings.Join(parts, "<br>")
}

func cut(s string, max int) string {
	if r := []rune(s); len(r) > max {
		return string(r[:max-1]) + "…"
	}
	return s
}

func code(s string) string { return "`" + strings.ReplaceAll(s, "|", "\\|") + "`" }

func cell(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, "|", "\\|"), "\n", " ") }
