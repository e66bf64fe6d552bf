package rules

import (
	"fmt"
	"sort"
	"strings"
)

// ControlsMatrix renders docs/controls.md: each HIPAA section and SOC 2
// criterion, the rules that enforce it and the resource types they read.
func ControlsMatrix() string {
	var b strings.Builder
	b.WriteString("# Controls matrix\n\nGenerated from policy/rules by `go run ./cmd/report -matrix docs/controls.md`; a test keeps it current. Do not edit by hand.\n\n")
	section := func(title, prefix string, ids func(*Rule) []string) {
		byControl := map[string][]*Rule{}
		for _, r := range Catalog {
			for _, c := range ids(r) {
				byControl[c] = append(byControl[c], r)
			}
		}
		controls := make([]string, 0, len(byControl))
		for c := range byControl {
			controls = append(controls, c)
		}
		sort.Strings(controls)
		fmt.Fprintf(&b, "## %s\n\n| Control | Rules | Resource types |\n| --- | --- | --- |\n", title)
		for _, c := range controls {
			var names []string
			types := map[string]bool{}
			for _, r := range byControl[c] {
				names = append(names, fmt.Sprintf("%s `%s`", r.ID, r.Name))
				if len(r.Types) > 20 {
					types[fmt.Sprintf("every taggable aws type (%d, generated from the SDK)", len(r.Types))] = true
					continue
				}
				for _, t := range r.Types {
					types["`"+t+"`"] = true
				}
			}
			tl := make([]string, 0, len(types))
			for t := range types {
				tl = append(tl, t)
			}
			sort.Strings(tl)
			if len(tl) == 0 {
				tl = []string{"the whole stack"}
			}
			fmt.Fprintf(&b, "| %s%s | %s | %s |\n", prefix, c, strings.Join(names, "<br>"), strings.Join(tl, ", "))
		}
		b.WriteString("\n")
	}
	section("HIPAA Security Rule (45 CFR)", "164.", func(r *Rule) []string { return r.HIPAA })
	section("SOC 2 Trust Services Criteria (2017)", "", func(r *Rule) []string { return r.SOC2 })
	return b.String()
}
