// Package state reads a deployed stack's state, as `pulumi stack export`
// writes it, into what the rule catalog evaluates, and finds drift: where
// what AWS reported at the last refresh (the outputs) contradicts what the
// program declared (the inputs) for a property a rule relies on.
//
// Secrets stay secret. A secret in the state is an object carrying Pulumi's
// signature key with either "ciphertext" (the normal export) or "plaintext"
// (an export made with --show-secrets). Neither is ever read: every secret
// becomes a secret-marked value whose text is "[secret]", so no rule
// message, drift finding or report can show it. Nothing here decrypts.
package state

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/carestack/carestack/policy/rules"
)

// Pulumi's serialized-value signatures (sdk/go/common/resource/sig).
const (
	sigKey       = "4dabf18193072939515e22adb298388d"
	sigSecret    = "1b47061264138c4ac30d75fd1eb44270"
	sigAsset     = "c44067f5952c0a294b673a41bacd8c17"
	sigArchive   = "0def7320c3a5731c473e5ecbe6d01bc7"
	sigResRef    = "5cf8f73096256a8f31e491e813e4eb8e"
	sigOutput    = "d0e6a833031e9bbcd3f4e8bde6ca49a4"
	unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
)

// Secret is the only text a secret value ever has once read.
const Secret = "[secret]"

// Deployment is one stack's state.
type Deployment struct {
	// Version is the export's schema version (3, or 4 with features).
	Version int
	// PulumiVersion is the CLI that wrote it (manifest.version).
	PulumiVersion string
	// Time is when it was written (manifest.time), as written.
	Time string
	// Resources in state order; resources pending deletion are left out
	// (PendingDelete counts them): they share their URN with the resource
	// that replaced them.
	Resources     []Resource
	PendingDelete int
	byURN         map[string]*Resource
}

// Resource is one resource of the state.
type Resource struct {
	URN, Type, Name, ID, Parent string
	// Provider is the provider reference, "<provider URN>::<provider id>".
	Provider string
	Custom   bool
	Protect  bool
	External bool
	// Inputs are what the program declared (as the engine last sent them);
	// Outputs what the provider last reported.
	Inputs, Outputs      property.Map
	PropertyDependencies map[string][]string
	Dependencies         []string
}

// export is the JSON of `pulumi stack export`.
type export struct {
	Version    int             `json:"version"`
	Deployment json.RawMessage `json:"deployment"`
}

type deployment struct {
	Manifest struct {
		Time    string `json:"time"`
		Version string `json:"version"`
	} `json:"manifest"`
	Resources []resourceJSON `json:"resources"`
}

type resourceJSON struct {
	URN                  string              `json:"urn"`
	Custom               bool                `json:"custom"`
	Delete               bool                `json:"delete"`
	ID                   string              `json:"id"`
	Type                 string              `json:"type"`
	Inputs               map[string]any      `json:"inputs"`
	Outputs              map[string]any      `json:"outputs"`
	Parent               string              `json:"parent"`
	Protect              bool                `json:"protect"`
	External             bool                `json:"external"`
	Dependencies         []string            `json:"dependencies"`
	Provider             string              `json:"provider"`
	PropertyDependencies map[string][]string `json:"propertyDependencies"`
}

// ReadFile reads a stack export from a file.
func ReadFile(path string) (*Deployment, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the stack export: %w", err)
	}
	defer f.Close()
	d, err := Parse(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return d, nil
}

// Parse reads the JSON `pulumi stack export` writes: {"version": 3,
// "deployment": {"manifest", "resources": [...]}}. Version 4 (the same
// shape with "features") is accepted too.
func Parse(r io.Reader) (*Deployment, error) {
	var ex export
	dec := json.NewDecoder(r)
	if err := dec.Decode(&ex); err != nil {
		return nil, fmt.Errorf("not a stack export (want the JSON `pulumi stack export` writes): %w", err)
	}
	switch {
	case ex.Version == 0 && len(ex.Deployment) == 0:
		return nil, errors.New(`not a stack export: no "version" and "deployment" (want the JSON ` + "`pulumi stack export`" + ` writes)`)
	case ex.Version != 3 && ex.Version != 4:
		return nil, fmt.Errorf("stack export version %d is not supported (want 3 or 4, as Pulumi v3 writes)", ex.Version)
	}
	var dep deployment
	if err := json.Unmarshal(ex.Deployment, &dep); err != nil {
		return nil, fmt.Errorf("the deployment is not in the version-%d shape: %w", ex.Version, err)
	}
	out := &Deployment{Version: ex.Version, PulumiVersion: dep.Manifest.Version, Time: dep.Manifest.Time, byURN: map[string]*Resource{}}
	seen := map[string]bool{}
	for i, r := range dep.Resources {
		if r.URN == "" || r.Type == "" {
			return nil, fmt.Errorf("resources[%d] has no urn or type", i)
		}
		if r.Delete {
			out.PendingDelete++
			continue
		}
		if seen[r.URN] {
			return nil, fmt.Errorf("resources[%d]: %s appears twice", i, r.URN)
		}
		seen[r.URN] = true
		out.Resources = append(out.Resources, Resource{
			URN: r.URN, Type: r.Type, Name: urnName(r.URN), ID: r.ID, Parent: r.Parent, Provider: r.Provider,
			Custom: r.Custom, Protect: r.Protect, External: r.External,
			Inputs: toMap(r.Inputs), Outputs: toMap(r.Outputs),
			PropertyDependencies: r.PropertyDependencies, Dependencies: r.Dependencies,
		})
	}
	for i := range out.Resources {
		out.byURN[out.Resources[i].URN] = &out.Resources[i]
	}
	return out, nil
}

// Resource returns the resource with urn, or nil.
func (d *Deployment) Resource(urn string) *Resource { return d.byURN[urn] }

// Stacks lists the stack names the resources' URNs name
// (urn:pulumi:<stack>::<project>::...), sorted: one for a sound export.
func (d *Deployment) Stacks() []string {
	seen := map[string]bool{}
	for _, r := range d.Resources {
		if s := urnStack(r.URN); s != "" {
			seen[s] = true
		}
	}
	out := make([]string, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// Rules converts the state into what the rule catalog evaluates. Each
// resource's properties are its inputs, with the properties the drift table
// watches taken from its outputs where the outputs have them: a rule then
// judges what AWS reported at the last refresh for every property drift can
// change, including one the program left to AWS's default. The rest are
// judged as the inputs hold them (after `pulumi refresh --yes` the AWS
// provider rewrites a declared input to the value it read, so those are
// observed too). ProviderProps are the inputs of the resource's provider.
func (d *Deployment) Rules() []rules.Resource {
	out := make([]rules.Resource, 0, len(d.Resources))
	for i := range d.Resources {
		r := &d.Resources[i]
		var pp property.Map
		if p := d.provider(r); p != nil {
			pp = p.Inputs
		}
		out = append(out, rules.Resource{
			Type: r.Type, URN: r.URN, Name: r.Name, Parent: r.Parent,
			Props: r.Observed(), PropertyDependencies: r.PropertyDependencies,
			Protect: r.Protect, ProviderProps: pp,
		})
	}
	return out
}

// Observed is the resource's inputs with each watched property (see
// Watches) replaced by its output, when the outputs carry that property.
func (r *Resource) Observed() property.Map {
	if r.Outputs.Len() == 0 {
		return r.Inputs
	}
	props := r.Inputs
	for _, w := range watchesByType[r.Type] {
		top, _, _ := strings.Cut(w.Path, ".")
		if v, ok := r.Outputs.GetOk(top); ok {
			props = props.Set(top, v)
		}
	}
	return props
}

func (d *Deployment) provider(r *Resource) *Resource {
	i := strings.LastIndex(r.Provider, "::")
	if i <= 0 {
		return nil
	}
	return d.byURN[r.Provider[:i]]
}

// urnName is a URN's last segment, the resource's logical name.
func urnName(urn string) string {
	if i := strings.LastIndex(urn, "::"); i >= 0 {
		return urn[i+2:]
	}
	return urn
}

// urnStack is the stack a URN names: urn:pulumi:<stack>::<project>::...
func urnStack(urn string) string {
	rest, ok := strings.CutPrefix(urn, "urn:pulumi:")
	if !ok {
		return ""
	}
	s, _, _ := strings.Cut(rest, "::")
	return s
}

// toMap converts decoded JSON into a property map.
func toMap(m map[string]any) property.Map {
	out := make(map[string]property.Value, len(m))
	for k, v := range m {
		out[k] = toValue(v)
	}
	return property.NewMap(out)
}

// toValue converts one decoded JSON value, recognising Pulumi's signed
// objects. A secret never has its ciphertext or plaintext read.
func toValue(v any) property.Value {
	switch v := v.(type) {
	case nil:
		return property.Value{}
	case bool:
		return property.New(v)
	case float64:
		return property.New(v)
	case string:
		if v == unknownValue {
			return property.New(property.Computed)
		}
		return property.New(v)
	case []any:
		out := make([]property.Value, len(v))
		for i, e := range v {
			out[i] = toValue(e)
		}
		return property.New(property.NewArray(out))
	case map[string]any:
		if sig, ok := v[sigKey].(string); ok {
			return signed(sig, v)
		}
		return property.New(toMap(v))
	}
	return property.New(fmt.Sprintf("[unsupported %T]", v))
}

// signed converts a signed object: secrets to "[secret]" marked secret,
// assets and archives to a placeholder (their contents are not evidence),
// a resource reference to its id (else its URN), an output value to its
// value.
func signed(sig string, m map[string]any) property.Value {
	switch sig {
	case sigSecret:
		return property.New(Secret).WithSecret(true)
	case sigAsset:
		return property.New("[asset]")
	case sigArchive:
		return property.New("[archive]")
	case sigResRef:
		if id, ok := m["id"].(string); ok && id != "" {
			return property.New(id)
		}
		urn, _ := m["urn"].(string)
		return property.New(urn)
	case sigOutput:
		val, known := m["value"]
		out := property.New(property.Computed)
		if known {
			out = toValue(val)
		}
		if s, _ := m["secret"].(bool); s {
			return property.New(Secret).WithSecret(true)
		}
		return out
	}
	return property.New("[unrecognised value " + sig + "]")
}
