package rules

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/carestack/carestack/internal/tags"
)

// TagDataClassification is the tag that decides which data rules apply.
const TagDataClassification = tags.DataClassification

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// classification is the resource's DataClassification tag ("" if unknown).
func classification(m property.Map) string {
	tags, _ := m.GetOk("tags")
	return tagValue(tags, TagDataClassification)
}

func classificationOrUnset(m property.Map) string {
	return orDefault(classification(m), "unclassified")
}

// classificationOf names a resource's classification for a message.
func classificationOf(r *Resource) string { return orDefault(r.Classification(), "unclassified") }

func isPHI(m property.Map) bool { return classification(m) == "PHI" }

// resolveRefs returns the resources of types that res's input prop names:
// through property dependencies, else by a known value equal to a
// candidate's name, id or ARN.
func resolveRefs(s *Stack, res *Resource, prop string, types ...string) []*Resource {
	var out []*Resource
	for _, u := range res.PropertyDependencies[prop] {
		if r := s.ByURN(u); r != nil && contains(types, r.Type) {
			out = append(out, r)
		}
	}
	if len(out) > 0 {
		return out
	}
	v, st := getString(res.Props, prop)
	if st != present {
		return nil
	}
	for _, cand := range s.OfType(types...) {
		for _, key := range []string{"name", "id", "arn"} {
			if cv, st := getString(cand.Props, key); st == present && cv == v {
				out = append(out, cand)
				break
			}
		}
	}
	return out
}

// statements returns an IAM document's statements (a single statement may
// be an object rather than a list).
func statements(doc any) []map[string]any {
	m, ok := doc.(map[string]any)
	if !ok {
		return nil
	}
	switch st := m["Statement"].(type) {
	case map[string]any:
		return []map[string]any{st}
	case []any:
		var out []map[string]any
		for _, s := range st {
			if sm, ok := s.(map[string]any); ok {
				out = append(out, sm)
			}
		}
		return out
	}
	return nil
}

// strs reads a string-or-list IAM field.
func strs(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, e := range v {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// principalIsAnyone reports Principal "*" or {"AWS": "*"}.
func principalIsAnyone(p any) bool {
	if s, ok := p.(string); ok {
		return s == "*"
	}
	if m, ok := p.(map[string]any); ok {
		return contains(strs(m["AWS"]), "*")
	}
	return false
}

// publicAllows lists the actions of Allow statements open to any principal
// whose condition does not use one of the scoping keys (nil: any condition).
func publicAllows(doc any, scopingKeys []string) []string {
	var out []string
	for _, s := range statements(doc) {
		if s["Effect"] != "Allow" || !principalIsAnyone(s["Principal"]) {
			continue
		}
		cond, _ := s["Condition"].(map[string]any)
		if len(cond) > 0 && (scopingKeys == nil || conditionUses(cond, scopingKeys)) {
			continue
		}
		out = append(out, strings.Join(strs(s["Action"]), ","))
	}
	return out
}

// conditionUses reports whether any operator block names one of the keys.
func conditionUses(cond map[string]any, keys []string) bool {
	for _, block := range cond {
		if bm, ok := block.(map[string]any); ok {
			for k := range bm {
				for _, want := range keys {
					if strings.EqualFold(k, want) {
						return true
					}
				}
			}
		}
	}
	return false
}

//go:generate go run ./internal/gentaggable
