package rules

import (
	"fmt"
	"sort"
	"strings"
)

// AnchorRule is one rule of an anchor (AWS Config's HIPAA conformance pack,
// cdk-nag HIPAA.Security, checkov, Prowler) that applies to a resource
// definition, with the carestack rules that enforce it, or the reason none
// does. The coverage inventory (docs/coverage.md) is generated from these
// rows and a test keeps it current.
type AnchorRule struct {
	// Anchor is the family: "CFG" (AWS Config HIPAA pack), "CN" (cdk-nag
	// HIPAA.Security), "CK" (checkov), "PR" (Prowler).
	Anchor string
	// ID is the anchor's own rule id: "rds-storage-encrypted",
	// "HIPAA.Security-RDSStorageEncrypted", "CKV_AWS_16", "rds_instance_storage_encrypted".
	ID string
	// Text is the anchor's requirement in one line.
	Text string
	// Types are the pulumi-aws v6 tokens it applies to.
	Types []string
	// Rules are the carestack rule names that enforce it.
	Rules []string
	// Reason says why no rule enforces it (not a HIPAA/SOC 2 concern of a
	// resource definition, runtime or account state, ...). Exactly one of
	// Rules and Reason is set.
	Reason string
}

// DataType is a pulumi-aws v6 type that stores, moves or grants access to
// data, with a one-line reason when no anchor rule applies to it (what
// covers it instead, or why it is not a HIPAA/SOC 2 concern).
type DataType struct {
	Type   string
	Reason string // set only when no anchor rule applies to it
}

// inventory and dataTypes are filled by the inventory_*.go files.
var (
	inventory []AnchorRule
	dataTypes []DataType
)

// Inventory returns every anchor rule row, sorted by anchor then id.
func Inventory() []AnchorRule {
	out := append([]AnchorRule(nil), inventory...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Anchor != out[j].Anchor {
			return out[i].Anchor < out[j].Anchor
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// DataTypes returns the data-bearing types, sorted.
func DataTypes() []DataType {
	out := append([]DataType(nil), dataTypes...)
	sort.Slice(out, func(i, j int) bool { return out[i].Type < out[j].Type })
	return out
}

var anchorNames = map[string]string{
	"CFG": "AWS Config HIPAA conformance pack",
	"CN":  "cdk-nag HIPAA.Security",
	"CK":  "checkov",
	"PR":  "Prowler",
}

// CoverageInventory renders docs/coverage.md.
func CoverageInventory() string {
	var b strings.Builder
	inv := Inventory()
	b.WriteString("# Coverage inventory (generated)\n\n")
	b.WriteString("Generated from `policy/rules/inventory*.go` by `CARESTACK_UPDATE=1 go test ./policy/rules -run CoverageInventory`; a test keeps it current.\n")
	b.WriteString("Every anchor rule that applies to a resource definition maps to a carestack rule or carries a reason.\n\n")
	b.WriteString("## Summary\n\n| Anchor | Applicable rules | Mapped to a carestack rule | With a reason |\n| --- | --- | --- | --- |\n")
	for _, a := range []string{"CFG", "CN", "CK", "PR"} {
		n, mapped, reasoned := 0, 0, 0
		for _, r := range inv {
			if r.Anchor != a {
				continue
			}
			n++
			if len(r.Rules) > 0 {
				mapped++
			} else {
				reasoned++
			}
		}
		fmt.Fprintf(&b, "| %s | %d | %d | %d |\n", anchorNames[a], n, mapped, reasoned)
	}
	b.WriteString("\n## Data-bearing types\n\n| Type | Anchor rules | carestack rules |\n| --- | --- | --- |\n")
	for _, dt := range DataTypes() {
		var anchors []string
		rs := map[string]bool{}
		for _, r := range inv {
			if contains(r.Types, dt.Type) {
				anchors = append(anchors, r.Anchor+" "+r.ID)
				for _, x := range r.Rules {
					rs[x] = true
				}
			}
		}
		for _, r := range Catalog {
			if contains(r.Types, dt.Type) {
				rs[r.Name] = true
			}
		}
		cell := strings.Join(anchors, ", ")
		if dt.Reason != "" {
			cell = "no anchor rule: " + dt.Reason
		}
		names := make([]string, 0, len(rs))
		for n := range rs {
			if n != "required-tags" {
				names = append(names, n)
			}
		}
		sort.Strings(names)
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", dt.Type, orDefault(cell, "–"), orDefault(strings.Join(names, ", "), "–"))
	}
	for _, a := range []string{"CFG", "CN", "CK", "PR"} {
		fmt.Fprintf(&b, "\n## %s\n\n| Rule | Requirement | Types | carestack rule or reason |\n| --- | --- | --- | --- |\n", anchorNames[a])
		for _, r := range inv {
			if r.Anchor != a {
				continue
			}
			cell := strings.Join(r.Rules, ", ")
			if cell == "" {
				cell = "reason: " + r.Reason
			}
			types := make([]string, len(r.Types))
			for i, t := range r.Types {
				types[i] = "`" + t + "`"
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", r.ID, strings.ReplaceAll(r.Text, "|", "\\|"), strings.Join(types, ", "), cell)
		}
	}
	return b.String()
}
