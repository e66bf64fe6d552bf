package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/carestack/carestack/infra/estate"
	"github.com/carestack/carestack/internal/offline"
	"github.com/carestack/carestack/policy/server/servertest"
)

// differential serves the same stack and policy config to the pack's server
// and to the policyx pack it replaced, over gRPC, and fails on any
// difference the engine could see.
func differential(t *testing.T, st servertest.Stack, rs []servertest.Resource) *servertest.Run {
	t.Helper()
	ctx := context.Background()
	old, err := servertest.Policyx()
	if err != nil {
		t.Fatal(err)
	}
	pack, stop, err := servertest.Pack()
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	want, err := servertest.Drive(ctx, old, st, rs)
	if err != nil {
		t.Fatalf("policyx: %v", err)
	}
	got, err := servertest.Drive(ctx, pack, st, rs)
	if err != nil {
		t.Fatalf("server: %v", err)
	}
	for _, d := range servertest.Diff(want, got) {
		t.Error(d)
	}
	return got
}

func projectDir(t *testing.T) string {
	t.Helper()
	dir, err := offline.ProjectDir()
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func stackConfig(t *testing.T, stack string) map[string]string {
	t.Helper()
	cfg, err := offline.LoadStackConfig(projectDir(t), stack)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// policies reads the "policies" block of a shipped policy config (nil when
// the stack has none).
func policies(t *testing.T, stack string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(projectDir(t), "policy", "config", stack+".json"))
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Policies map[string]any `json:"policies"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Policies
}

func estateOf(t *testing.T, stack string, cfg map[string]string) []servertest.Resource {
	t.Helper()
	rs, err := servertest.Estate(stack, cfg, estate.Program, 0)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func count(run *servertest.Run) int {
	n := len(run.Stack)
	for _, ds := range run.Resource {
		n += len(ds)
	}
	return n
}

func TestTheServerAnswersLikePolicyxForTheShippedEstates(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		t.Run(stack, func(t *testing.T) {
			cfg := stackConfig(t, stack)
			differential(t, servertest.Stack{Name: stack, Config: cfg, Policies: policies(t, stack)}, estateOf(t, stack, cfg))
		})
	}
}

// Levels and thresholds from --policy-pack-config, and each environment's
// defaults, reach both servers the same way.
func TestTheServerAppliesPolicyConfigLikePolicyx(t *testing.T) {
	prod := stackConfig(t, "prod")
	staging := maps.Clone(prod)
	staging["carestack:environment"] = "staging"
	dev := stackConfig(t, "dev")
	tests := []struct {
		name     string
		stack    string
		cfg      map[string]string
		policies map[string]any
	}{
		{"prod without a config file", "prod", prod, nil},
		{"staging declared by config", "prod", staging, nil},
		{"dev without its config file", "dev", dev, nil},
		{"prod with exceptable rules advisory, disabled and a stricter threshold", "prod", prod, map[string]any{
			"aurora-backup-retention": "advisory",
			"alb-deletion-protection": "disabled",
			"required-tags":           map[string]any{"enforcementLevel": "advisory"},
			"log-retention":           map[string]any{"minRetentionDays": 3653},
		}},
		{"dev with everything mandatory", "dev", dev, map[string]any{"all": "mandatory"}},
		{"prod with the coverage advisory disabled", "prod", prod, map[string]any{"preview-coverage": "disabled"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			differential(t, servertest.Stack{Name: tt.stack, Config: tt.cfg, Policies: tt.policies}, estateOf(t, tt.stack, tt.cfg))
		})
	}
}

// mutate changes every resource of the estate in one of several ways, chosen
// by its position and shift, so across the shifts each resource meets each
// change: booleans flipped, a property unknown at preview, a property
// removed, strings made secret, a property of the wrong shape, tags dropped.
func mutate(rs []servertest.Resource, shift int) []servertest.Resource {
	out := make([]servertest.Resource, len(rs))
	for i, r := range rs {
		out[i] = r
		m := map[string]property.Value{}
		for k, v := range r.Props.All {
			m[k] = v
		}
		keys := slices.Sorted(maps.Keys(m))
		first := ""
		if len(keys) > 0 {
			first = keys[(i+shift)%len(keys)]
		}
		switch (i + shift) % 7 {
		case 1:
			for k, v := range m {
				if v.IsBool() {
					m[k] = property.New(!v.AsBool())
				}
			}
		case 2:
			if first != "" {
				m[first] = property.New(property.Computed)
			}
		case 3:
			delete(m, first)
		case 4:
			for k, v := range m {
				if v.IsString() {
					m[k] = v.WithSecret(true)
				}
			}
		case 5:
			if first != "" {
				m[first] = property.New(42.0)
			}
		case 6:
			delete(m, "tags")
		}
		out[i].Props = property.NewMap(m)
	}
	return out
}

func TestTheServerAnswersLikePolicyxForBrokenEstates(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		cfg := stackConfig(t, stack)
		base := estateOf(t, stack, cfg)
		total := 0
		for shift := 0; shift < 7; shift++ {
			t.Run(fmt.Sprintf("%s/shift-%d", stack, shift), func(t *testing.T) {
				total += count(differential(t, servertest.Stack{Name: stack, Config: cfg, Policies: policies(t, stack)}, mutate(base, shift)))
			})
		}
		// The point is to compare violations, so there must be many.
		if total < 100 {
			t.Errorf("%s: only %d diagnostics over the broken estates", stack, total)
		}
	}
}

func TestTheServerAnswersLikePolicyxForAnEstateOf40Services(t *testing.T) {
	cfg, err := servertest.WithServices(stackConfig(t, "prod"), 40)
	if err != nil {
		t.Fatal(err)
	}
	rs := estateOf(t, "prod", cfg)
	if len(rs) < 800 {
		t.Fatalf("only %d resources", len(rs))
	}
	differential(t, servertest.Stack{Name: "prod", Config: cfg}, rs)
}
