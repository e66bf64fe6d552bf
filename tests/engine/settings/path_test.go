package settings

import (
	"reflect"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func TestPathsThatCannotBeFollowedAreRefused(t *testing.T) {
	tests := []struct{ path, want string }{
		{"@retainOnDelete", "the only option is @protect"},
		{"", "must start with an input name"},
		{"[0].x", "must start with an input name"},
		{"rules[0", "unclosed ["},
		{"rules[x]", "bad index [x]"},
		{"rules[-1]", "bad index [-1]"},
		{"policy#", "nothing after #"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			_, err := parsePath(tt.path)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("parsePath(%q) = %v, want an error containing %q", tt.path, err, tt.want)
			}
		})
	}
}

const doc = `{"Statement":[{"Sid":"A","Effect":"Deny"},{"Sid":"B","Effect":"Allow"}]}`

func inputs() map[string]any {
	return map[string]any{
		"requireTls": true,
		"auths":      []any{map[string]any{"iamAuth": "REQUIRED", "authScheme": "SECRETS"}},
		"parameters": []any{map[string]any{"name": "require_secure_transport", "value": "ON"}, map[string]any{"name": "tls_version", "value": "TLSv1.2"}},
		"tags":       map[string]any{"DataClassification": "PHI"},
		"policy":     doc,
	}
}

func TestAChangeReachesTheInputItsPathNames(t *testing.T) {
	tests := []struct {
		name, path string
		to         any
		check      string // path read back after the change
		want       any    // value read back; nil: the path is gone
	}{
		{"a top-level input", "requireTls", false, "requireTls", false},
		{"a list element's field", "auths[0].iamAuth", "DISABLED", "auths[0].iamAuth", "DISABLED"},
		{"an element chosen by a field", "parameters[name=tls_version].value", "TLSv1", "parameters[1].value", "TLSv1"},
		{"a new input, objects made on the way", "configuration.logging", "NONE", "configuration.logging", "NONE"},
		{"a list element appended", "auths[+]", map[string]any{"iamAuth": "DISABLED"}, "auths[1].iamAuth", "DISABLED"},
		{"a number, as the engine holds it", "tags.Days", 30, "tags.Days", 30.0},
		{"a top-level input removed", "requireTls", Delete, "requireTls", nil},
		{"a map key removed", "tags.DataClassification", Delete, "tags.DataClassification", nil},
		{"a list element removed", "parameters[name=require_secure_transport]", Delete, "parameters[0].name", "tls_version"},
		{"inside a JSON document", "policy#Statement[Sid=B].Effect", "Deny", "policy#Statement[1].Effect", "Deny"},
		{"a JSON statement removed", "policy#Statement[Sid=A]", Delete, "policy#Statement[0].Sid", "B"},
		{"a JSON statement appended", "policy#Statement[+]", map[string]any{"Sid": "C"}, "policy#Statement[2].Sid", "C"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := parsePath(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			check, _ := parsePath(tt.check)

			plain := inputs()
			if err := setPlain(plain, p, tt.to); err != nil {
				t.Fatalf("offline: %v", err)
			}
			got, ok := getPlain(plain, check)
			if tt.want == nil && ok || tt.want != nil && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("offline: %s = %#v (present %v), want %#v", tt.check, got, ok, tt.want)
			}

			engine := toInput(inputs()).(pulumi.Map)
			if err := setInput(engine, p, tt.to); err != nil {
				t.Fatalf("engine: %v", err)
			}
			got, ok = getPlain(plainOf(engine).(map[string]any), check)
			if tt.want == nil && ok || tt.want != nil && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("engine: %s = %#v (present %v), want %#v", tt.check, got, ok, tt.want)
			}
		})
	}
}

// plainOf reads back what a transform would hand the engine.
func plainOf(in pulumi.Input) any {
	switch v := in.(type) {
	case pulumi.Map:
		out := map[string]any{}
		for k, e := range v {
			out[k] = plainOf(e)
		}
		return out
	case pulumi.Array:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = plainOf(e)
		}
		return out
	case pulumi.String:
		return string(v)
	case pulumi.Bool:
		return bool(v)
	case pulumi.Float64:
		return float64(v)
	}
	return in
}

func TestAChangeThatCannotBeMadeSaysWhy(t *testing.T) {
	tests := []struct {
		name, path string
		to         any
		want       string
	}{
		{"a missing element", "auths[3].iamAuth", "DISABLED", "no such element"},
		{"no element with that field", "parameters[name=nope].value", "1", "[name=nope]: no such element"},
		{"a scalar walked into", "requireTls.x", true, "not an object"},
		{"a map indexed", "tags[0]", "x", "not a list"},
		{"nothing to remove", "tags.Owner", Delete, "nothing to remove"},
		{"JSON in a non-string", "tags#x", "y", "not a JSON string"},
		{"broken JSON", "tags.DataClassification#x", "y", "invalid character"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := parsePath(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			if err := setPlain(inputs(), p, tt.to); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("offline: %v, want an error containing %q", err, tt.want)
			}
			if err := setInput(toInput(inputs()).(pulumi.Map), p, tt.to); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("engine: %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestAValueUnknownAtPreviewIsNamedNotGuessed(t *testing.T) {
	for _, path := range []string{"policy#Statement[0].Effect", "configuration.logging"} {
		props := pulumi.Map{"policy": pulumi.UnsafeUnknownOutput(nil), "configuration": pulumi.UnsafeUnknownOutput(nil)}
		p, _ := parsePath(path)
		if err := setInput(props, p, "x"); err == nil || !strings.Contains(err.Error(), "unknown at preview") {
			t.Errorf("%s: %v, want an error saying the value is unknown at preview", path, err)
		}
	}
}

func TestRenderShowsValuesAsJSON(t *testing.T) {
	tests := []struct {
		v    any
		max  int
		want string
	}{
		{Delete, 0, "(removed)"},
		{"alias/aws/s3", 0, "alias/aws/s3"},
		{[]any{"a", 1}, 0, `["a",1]`},
		{map[string]any{"b": true, "a": 2}, 0, `{"a":2,"b":true}`},
		{"abcdefgh", 5, "abcd…"},
	}
	for _, tt := range tests {
		if got := Render(tt.v, tt.max); got != tt.want {
			t.Errorf("Render(%#v, %d) = %q, want %q", tt.v, tt.max, got, tt.want)
		}
	}
}
