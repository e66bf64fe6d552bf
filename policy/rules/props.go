package rules

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// state is what a lookup found. Verdicts switch on it instead of calling
// property.Value.As*() blindly: As*() on a computed value panics, and a panic
// (or an error) in a policy fails the whole preview.
type state int

const (
	missing  state = iota // absent or null
	computed              // unknown until apply
	present               // known, of the asked shape
	badShape              // known, but not the asked shape
)

// lookup walks a path such as "rules[0].applyServerSideEncryptionByDefault.sseAlgorithm".
// A computed value anywhere on the path makes the result computed.
func lookup(m property.Map, path string) (property.Value, state) {
	cur := property.New(m)
	// Walk the path segment by segment without allocating: property reads
	// are the hot loop of every rule.
	for rest := path; rest != ""; {
		var step string
		step, rest, _ = strings.Cut(rest, ".")
		name, idx := step, -1
		if i := strings.IndexByte(step, '['); i >= 0 && strings.HasSuffix(step, "]") {
			n, err := strconv.Atoi(step[i+1 : len(step)-1])
			if err != nil {
				return property.Value{}, badShape
			}
			name, idx = step[:i], n
		}
		if cur.IsComputed() {
			return cur, computed
		}
		if !cur.IsMap() {
			return cur, badShape
		}
		next, ok := cur.AsMap().GetOk(name)
		if !ok || next.IsNull() {
			return property.Value{}, missing
		}
		cur = next
		if idx >= 0 {
			if cur.IsComputed() {
				return cur, computed
			}
			if !cur.IsArray() {
				return cur, badShape
			}
			arr := cur.AsArray()
			if idx >= arr.Len() {
				return property.Value{}, missing
			}
			cur = arr.Get(idx)
			if cur.IsNull() {
				return property.Value{}, missing
			}
		}
	}
	if cur.IsComputed() {
		return cur, computed
	}
	return cur, present
}

func getBool(m property.Map, path string) (bool, state) {
	v, st := lookup(m, path)
	if st != present {
		return false, st
	}
	switch {
	case v.IsBool():
		return v.AsBool(), present
	case v.IsString() && (v.AsString() == "true" || v.AsString() == "false"):
		return v.AsString() == "true", present
	}
	return false, badShape
}

func getString(m property.Map, path string) (string, state) {
	v, st := lookup(m, path)
	if st != present {
		return "", st
	}
	if !v.IsString() {
		return "", badShape
	}
	if v.AsString() == "" {
		return "", missing
	}
	return v.AsString(), present
}

func getNumber(m property.Map, path string) (float64, state) {
	v, st := lookup(m, path)
	if st != present {
		return 0, st
	}
	switch {
	case v.IsNumber():
		return v.AsNumber(), present
	case v.IsString():
		if f, err := strconv.ParseFloat(v.AsString(), 64); err == nil {
			return f, present
		}
	}
	return 0, badShape
}

// getArray returns the elements; an element may itself be computed.
func getArray(m property.Map, path string) ([]property.Value, state) {
	v, st := lookup(m, path)
	if st != present {
		return nil, st
	}
	if !v.IsArray() {
		return nil, badShape
	}
	return v.AsArray().AsSlice(), present
}

// getStrings returns a string array; computed if any element is computed.
func getStrings(m property.Map, path string) ([]string, state) {
	vals, st := getArray(m, path)
	if st != present {
		return nil, st
	}
	out := make([]string, 0, len(vals))
	for _, v := range vals {
		switch {
		case v.IsComputed():
			return nil, computed
		case v.IsString():
			out = append(out, v.AsString())
		default:
			return nil, badShape
		}
	}
	return out, present
}

func getMap(m property.Map, path string) (property.Map, state) {
	v, st := lookup(m, path)
	if st != present {
		return property.Map{}, st
	}
	if !v.IsMap() {
		return property.Map{}, badShape
	}
	return v.AsMap(), present
}

// getJSON parses a JSON-string property (IAM policies, container
// definitions). The whole string is unknown when any interpolated output is.
func getJSON(m property.Map, path string) (any, state) {
	v, st := lookup(m, path)
	if st != present {
		return nil, st
	}
	if v.IsMap() || v.IsArray() {
		// Some programs pass documents as objects; accept them as parsed.
		return plain(v), present
	}
	if !v.IsString() {
		return nil, badShape
	}
	var doc any
	if err := json.Unmarshal([]byte(v.AsString()), &doc); err != nil {
		return nil, badShape
	}
	return doc, present
}

// plain turns a fully known value into Go values (map[string]any, []any, ...).
func plain(v property.Value) any {
	switch {
	case v.IsMap():
		out := map[string]any{}
		for k, e := range v.AsMap().All {
			out[k] = plain(e)
		}
		return out
	case v.IsArray():
		var out []any
		for _, e := range v.AsArray().All {
			out = append(out, plain(e))
		}
		return out
	case v.IsString():
		return v.AsString()
	case v.IsNumber():
		return v.AsNumber()
	case v.IsBool():
		return v.AsBool()
	}
	return nil
}

// secretAt reports whether the value at path is secret, or sits inside a
// secret map or list: a secret marker is on the value the program made
// secret, not on what it contains.
func secretAt(m property.Map, path string) bool {
	cur := property.New(m)
	for rest := path; rest != ""; {
		if cur.Secret() {
			return true
		}
		var step string
		step, rest, _ = strings.Cut(rest, ".")
		name, idx := step, -1
		if i := strings.IndexByte(step, '['); i >= 0 && strings.HasSuffix(step, "]") {
			n, err := strconv.Atoi(step[i+1 : len(step)-1])
			if err != nil {
				return false
			}
			name, idx = step[:i], n
		}
		if !cur.IsMap() {
			return false
		}
		next, ok := cur.AsMap().GetOk(name)
		if !ok {
			return false
		}
		cur = next
		if idx >= 0 {
			if cur.Secret() {
				return true
			}
			if !cur.IsArray() || idx >= cur.AsArray().Len() {
				return false
			}
			cur = cur.AsArray().Get(idx)
		}
	}
	return cur.HasSecrets()
}

// shownIf is s as read from path, or [secret] when that value is secret.
func shownIf(m property.Map, path, s string) string {
	if s != "" && secretAt(m, path) {
		return "[secret]"
	}
	return s
}

// minSecretLen is the shortest secret text Check.mask replaces.
const minSecretLen = 3

// collectSecrets appends the texts inside v that are secret (v itself is
// when inSecret): strings, numbers as a message prints them, and the string
// and number leaves of a JSON document held in a secret string.
func collectSecrets(v property.Value, inSecret bool, out []string) []string {
	inSecret = inSecret || v.Secret()
	if !inSecret && !v.HasSecrets() {
		return out
	}
	switch {
	case v.IsString():
		if inSecret {
			out = append(out, v.AsString())
			var doc any
			if t := strings.TrimSpace(v.AsString()); (strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[")) && json.Unmarshal([]byte(t), &doc) == nil {
				out = jsonLeaves(doc, out)
			}
		}
	case v.IsNumber():
		if inSecret {
			out = append(out, strconv.FormatFloat(v.AsNumber(), 'f', -1, 64))
		}
	case v.IsArray():
		for _, e := range v.AsArray().All {
			out = collectSecrets(e, inSecret, out)
		}
	case v.IsMap():
		for _, e := range v.AsMap().All {
			out = collectSecrets(e, inSecret, out)
		}
	}
	return out
}

// jsonLeaves appends a parsed JSON document's string and number leaves.
func jsonLeaves(doc any, out []string) []string {
	switch d := doc.(type) {
	case string:
		out = append(out, d)
	case float64:
		out = append(out, strconv.FormatFloat(d, 'f', -1, 64))
	case []any:
		for _, e := range d {
			out = jsonLeaves(e, out)
		}
	case map[string]any:
		for _, e := range d {
			out = jsonLeaves(e, out)
		}
	}
	return out
}

// sortSecrets drops texts too short to mask and duplicates, longest first.
func sortSecrets(in []string) []string {
	seen := map[string]bool{}
	out := in[:0]
	for _, s := range in {
		if len(s) >= minSecretLen && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if len(out[i]) != len(out[j]) {
			return len(out[i]) > len(out[j])
		}
		return out[i] < out[j]
	})
	return out
}

// shown renders a value for a message; secrets never appear.
func shown(m property.Map, path string) string {
	v, st := lookup(m, path)
	switch {
	case st == missing:
		return "unset"
	case st == computed:
		return "unknown until apply"
	case v.HasSecrets() || secretAt(m, path):
		return "[secret]"
	case v.IsString():
		return strconv.Quote(v.AsString())
	case v.IsBool():
		return strconv.FormatBool(v.AsBool())
	case v.IsNumber():
		return strconv.FormatFloat(v.AsNumber(), 'f', -1, 64)
	}
	return fmt.Sprintf("a %s", kind(v))
}

func kind(v property.Value) string {
	switch {
	case v.IsMap():
		return "map"
	case v.IsArray():
		return "list"
	case v.IsString():
		return "string"
	case v.IsNumber():
		return "number"
	case v.IsBool():
		return "bool"
	}
	return "value"
}
