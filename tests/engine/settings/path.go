package settings

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// A path names one input of a resource, in the SDK's property names:
//
//	requireTls                                   a top-level input
//	auths[0].iamAuth                             into objects and lists
//	parameters[name=require_secure_transport].value   a list element by a field's value
//	ingress[+]                                   a new element appended to a list
//	policy#Statement[Sid=DenyInsecureTransport]  into the JSON document a string input holds
//	containerDefinitions#[0].privileged          (the JSON path may start with an index)
//	@protect                                     the protect resource option
type path struct {
	raw    string
	option string // "protect" for @protect
	prop   []step
	json   []step // after '#': a path inside the JSON text at prop
	isJSON bool
}

type stepKind int

const (
	keyStep stepKind = iota
	indexStep
	selectStep
	appendStep
)

type step struct {
	kind       stepKind
	key        string // keyStep: the field; selectStep: the field compared
	value      string // selectStep: the value it must have
	index      int
	selectText string
}

func (s step) String() string {
	switch s.kind {
	case indexStep:
		return fmt.Sprintf("[%d]", s.index)
	case selectStep:
		return "[" + s.selectText + "]"
	case appendStep:
		return "[+]"
	}
	return s.key
}

func parsePath(raw string) (path, error) {
	p := path{raw: raw}
	if strings.HasPrefix(raw, "@") {
		if raw != "@protect" {
			return p, fmt.Errorf("path %q: the only option is @protect", raw)
		}
		p.option = "protect"
		return p, nil
	}
	propText, jsonText, isJSON := strings.Cut(raw, "#")
	var err error
	if p.prop, err = parseSteps(propText); err != nil {
		return p, fmt.Errorf("path %q: %w", raw, err)
	}
	if len(p.prop) == 0 || p.prop[0].kind != keyStep {
		return p, fmt.Errorf("path %q must start with an input name", raw)
	}
	if isJSON {
		p.isJSON = true
		if p.json, err = parseSteps(jsonText); err != nil {
			return p, fmt.Errorf("path %q: %w", raw, err)
		}
		if len(p.json) == 0 {
			return p, fmt.Errorf("path %q: nothing after #", raw)
		}
	}
	return p, nil
}

// parseSteps splits on dots outside brackets.
func parseSteps(s string) ([]step, error) {
	var out []step
	for len(s) > 0 {
		switch s[0] {
		case '.':
			s = s[1:]
		case '[':
			end := strings.IndexByte(s, ']')
			if end < 0 {
				return nil, fmt.Errorf("unclosed [ in %q", s)
			}
			in := s[1:end]
			s = s[end+1:]
			switch {
			case in == "+":
				out = append(out, step{kind: appendStep})
			case strings.Contains(in, "="):
				k, v, _ := strings.Cut(in, "=")
				out = append(out, step{kind: selectStep, key: k, value: v, selectText: in})
			default:
				n, err := strconv.Atoi(in)
				if err != nil || n < 0 {
					return nil, fmt.Errorf("bad index [%s]", in)
				}
				out = append(out, step{kind: indexStep, index: n})
			}
		default:
			end := strings.IndexAny(s, ".[")
			if end < 0 {
				end = len(s)
			}
			out = append(out, step{kind: keyStep, key: s[:end]})
			s = s[end:]
		}
	}
	return out, nil
}

// deleteMarker is the value of a mutation that removes the input.
type deleteMarker struct{}

func (deleteMarker) String() string { return "(removed)" }

// Delete as a row's To removes the input (or the list element) the path names.
var Delete = deleteMarker{}

// ---- plain Go values: the offline twin mutates the recorded inputs ----

// getPlain reads the value at p; ok is false when any step is missing.
func getPlain(root map[string]any, p path) (any, bool) {
	v, ok := walkPlain(root, p.prop)
	if !ok || !p.isJSON {
		return v, ok
	}
	s, isStr := v.(string)
	if !isStr {
		return nil, false
	}
	var doc any
	if json.Unmarshal([]byte(s), &doc) != nil {
		return nil, false
	}
	return walkPlain(doc, p.json)
}

func walkPlain(cur any, steps []step) (any, bool) {
	for _, s := range steps {
		switch s.kind {
		case keyStep:
			m, ok := cur.(map[string]any)
			if !ok {
				return nil, false
			}
			if cur, ok = m[s.key]; !ok {
				return nil, false
			}
		case appendStep:
			return nil, false
		default:
			arr, ok := cur.([]any)
			if !ok {
				return nil, false
			}
			i := findPlain(arr, s)
			if i < 0 {
				return nil, false
			}
			cur = arr[i]
		}
	}
	return cur, true
}

func findPlain(arr []any, s step) int {
	switch s.kind {
	case indexStep:
		if s.index < len(arr) {
			return s.index
		}
	case selectStep:
		for i, e := range arr {
			if m, ok := e.(map[string]any); ok && fmt.Sprint(m[s.key]) == s.value {
				return i
			}
		}
	}
	return -1
}

// setPlain applies the mutation to plain inputs in place.
func setPlain(root map[string]any, p path, to any) error {
	leaf := func(any) (any, error) { return plainValue(to), nil }
	if p.isJSON {
		leaf = func(cur any) (any, error) {
			s, ok := cur.(string)
			if !ok {
				return nil, fmt.Errorf("%s: not a JSON string but %T", p.raw, cur)
			}
			var doc any
			if err := json.Unmarshal([]byte(s), &doc); err != nil {
				return nil, fmt.Errorf("%s: %w", p.raw, err)
			}
			doc, err := applyPlain(doc, p.json, to, func(any) (any, error) { return plainValue(to), nil })
			if err != nil {
				return nil, fmt.Errorf("%s: %w", p.raw, err)
			}
			b, err := json.Marshal(doc)
			return string(b), err
		}
	}
	steps, del := p.prop, to == Delete && !p.isJSON
	if del {
		// Deleting a top-level input is removing its key.
		if len(steps) == 1 {
			delete(root, steps[0].key)
			return nil
		}
	}
	out, err := applyPlain(root, steps, pick(del, to), leaf)
	if err != nil {
		return fmt.Errorf("%s: %w", p.raw, err)
	}
	_ = out
	return nil
}

func pick(del bool, to any) any {
	if del {
		return Delete
	}
	return nil
}

// applyPlain returns cur with the value at steps replaced by leaf(old), or
// removed when to is Delete and this is the last step.
func applyPlain(cur any, steps []step, to any, leaf func(any) (any, error)) (any, error) {
	if len(steps) == 0 {
		return leaf(cur)
	}
	s, last := steps[0], len(steps) == 1
	del := last && to == Delete
	switch s.kind {
	case keyStep:
		m, ok := cur.(map[string]any)
		if cur == nil {
			m, ok = map[string]any{}, true
		}
		if !ok {
			return nil, fmt.Errorf("%s: not an object but %T", s, cur)
		}
		if del {
			if _, ok := m[s.key]; !ok {
				return nil, fmt.Errorf("%s: nothing to remove", s)
			}
			delete(m, s.key)
			return m, nil
		}
		v, err := applyPlain(m[s.key], steps[1:], to, leaf)
		if err != nil {
			return nil, err
		}
		m[s.key] = v
		return m, nil
	default:
		arr, ok := cur.([]any)
		if cur == nil && s.kind == appendStep {
			arr, ok = []any{}, true
		}
		if !ok {
			return nil, fmt.Errorf("%s: not a list but %T", s, cur)
		}
		i := len(arr)
		if s.kind == appendStep {
			arr = append(arr, nil)
		} else if i = findPlain(arr, s); i < 0 {
			return nil, fmt.Errorf("%s: no such element", s)
		}
		if del {
			return append(arr[:i:i], arr[i+1:]...), nil
		}
		v, err := applyPlain(arr[i], steps[1:], to, leaf)
		if err != nil {
			return nil, err
		}
		arr[i] = v
		return arr, nil
	}
}

// plainValue deep-copies a row's value into the shapes the recorded inputs
// use (numbers are float64).
func plainValue(v any) any {
	switch v := v.(type) {
	case int:
		return float64(v)
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = plainValue(e)
		}
		return out
	case []string:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = e
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = plainValue(e)
		}
		return out
	}
	return v
}

// ---- engine values: a stack transform mutates what the engine registers ----

// errUnknown: the engine does not know the value at preview, so a path
// through it cannot be followed.
type errUnknown struct{ at string }

func (e errUnknown) Error() string {
	return e.at + " is unknown at preview (an output of another resource), so the change cannot be made there"
}

// setInput applies the mutation to the inputs a resource transform receives.
func setInput(props pulumi.Map, p path, to any) error {
	leaf := func(pulumi.Input) (pulumi.Input, error) { return toInput(to), nil }
	if p.isJSON {
		leaf = func(cur pulumi.Input) (pulumi.Input, error) {
			s, ok := cur.(pulumi.String)
			if !ok {
				if _, out := cur.(pulumi.Output); out {
					return nil, errUnknown{p.raw[:strings.IndexByte(p.raw, '#')]}
				}
				return nil, fmt.Errorf("%s: not a JSON string but %T", p.raw, cur)
			}
			var doc any
			if err := json.Unmarshal([]byte(s), &doc); err != nil {
				return nil, fmt.Errorf("%s: %w", p.raw, err)
			}
			doc, err := applyPlain(doc, p.json, to, func(any) (any, error) { return plainValue(to), nil })
			if err != nil {
				return nil, fmt.Errorf("%s: %w", p.raw, err)
			}
			b, err := json.Marshal(doc)
			return pulumi.String(b), err
		}
	}
	del := to == Delete && !p.isJSON
	if del && len(p.prop) == 1 {
		if _, ok := props[p.prop[0].key]; !ok {
			return fmt.Errorf("%s: nothing to remove", p.raw)
		}
		delete(props, p.prop[0].key)
		return nil
	}
	_, err := applyInput(props, p.prop, pick(del, to), leaf, "")
	if err != nil {
		return fmt.Errorf("%s: %w", p.raw, err)
	}
	return nil
}

func applyInput(cur pulumi.Input, steps []step, to any, leaf func(pulumi.Input) (pulumi.Input, error), at string) (pulumi.Input, error) {
	if len(steps) == 0 {
		return leaf(cur)
	}
	s, last := steps[0], len(steps) == 1
	del := last && to == Delete
	here := at + s.String()
	if s.kind == keyStep && at != "" {
		here = at + "." + s.key
	}
	if _, ok := cur.(pulumi.Output); ok {
		return nil, errUnknown{at}
	}
	switch s.kind {
	case keyStep:
		m, ok := cur.(pulumi.Map)
		if cur == nil {
			m, ok = pulumi.Map{}, true
		}
		if !ok {
			return nil, fmt.Errorf("%s: not an object but %T", at, cur)
		}
		if del {
			if _, ok := m[s.key]; !ok {
				return nil, fmt.Errorf("%s: nothing to remove", here)
			}
			delete(m, s.key)
			return m, nil
		}
		v, err := applyInput(m[s.key], steps[1:], to, leaf, here)
		if err != nil {
			return nil, err
		}
		m[s.key] = v
		return m, nil
	default:
		arr, ok := cur.(pulumi.Array)
		if cur == nil && s.kind == appendStep {
			arr, ok = pulumi.Array{}, true
		}
		if !ok {
			return nil, fmt.Errorf("%s: not a list but %T", at, cur)
		}
		i := len(arr)
		switch s.kind {
		case appendStep:
			arr = append(arr, nil)
		case indexStep:
			if s.index >= len(arr) {
				return nil, fmt.Errorf("%s: no such element", here)
			}
			i = s.index
		case selectStep:
			i = -1
			for j, e := range arr {
				if m, ok := e.(pulumi.Map); ok {
					if v, ok := m[s.key].(pulumi.String); ok && string(v) == s.value {
						i = j
						break
					}
				}
			}
			if i < 0 {
				return nil, fmt.Errorf("%s: no such element", here)
			}
		}
		if del {
			return append(arr[:i:i], arr[i+1:]...), nil
		}
		v, err := applyInput(arr[i], steps[1:], to, leaf, here)
		if err != nil {
			return nil, err
		}
		arr[i] = v
		return arr, nil
	}
}

// toInput turns a row's plain value into what a transform hands back.
func toInput(v any) pulumi.Input {
	switch v := v.(type) {
	case nil:
		return nil
	case bool:
		return pulumi.Bool(v)
	case int:
		return pulumi.Float64(float64(v))
	case float64:
		return pulumi.Float64(v)
	case string:
		return pulumi.String(v)
	case []string:
		out := make(pulumi.Array, len(v))
		for i, e := range v {
			out[i] = pulumi.String(e)
		}
		return out
	case []any:
		out := make(pulumi.Array, len(v))
		for i, e := range v {
			out[i] = toInput(e)
		}
		return out
	case map[string]any:
		out := make(pulumi.Map, len(v))
		for k, e := range v {
			out[k] = toInput(e)
		}
		return out
	}
	panic(fmt.Sprintf("settings: no input for %T", v))
}
