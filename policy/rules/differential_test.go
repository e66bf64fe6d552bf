package rules_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/carestack/carestack/policy/rules"
	"github.com/carestack/carestack/policy/server/servertest"
)

// variants derives from one case stack what the engine may also send for
// it (with shifts > 0): every string secret; and, on every resource at once,
// one input unknown at preview, or one input of the wrong shape (a
// different input per resource and per shift).
func variants(rs []rules.Resource, shifts int) map[string][]rules.Resource {
	out := map[string][]rules.Resource{"as written": rs}
	if shifts == 0 {
		return out
	}
	edit := func(f func(i int, keys []string, m map[string]property.Value)) []rules.Resource {
		cp := slices.Clone(rs)
		for i, r := range rs {
			m := r.Props.AsMap()
			f(i, slices.Sorted(maps.Keys(m)), m)
			cp[i].Props = property.NewMap(m)
		}
		return cp
	}
	out["strings secret"] = edit(func(_ int, _ []string, m map[string]property.Value) {
		for k, v := range m {
			if v.IsString() {
				m[k] = v.WithSecret(true)
			}
		}
	})
	for s := 0; s < shifts; s++ {
		out[fmt.Sprintf("unknown #%d", s)] = edit(func(i int, keys []string, m map[string]property.Value) {
			if len(keys) > 0 {
				m[keys[(i+s)%len(keys)]] = property.New(property.Computed)
			}
		})
		out[fmt.Sprintf("wrong shape #%d", s)] = edit(func(i int, keys []string, m map[string]property.Value) {
			if len(keys) == 0 {
				return
			}
			k := keys[(i+s)%len(keys)]
			if v := m[k]; v.IsString() {
				m[k] = property.New([]property.Value{v})
			} else {
				m[k] = property.New("wrong-shape")
			}
		})
	}
	return out
}

// Every rule test case this package has, with variants in prod, as written
// in dev, draws the same analyzer info and the same diagnostics from the
// pack's server as from the policyx pack, over gRPC.
func TestEveryRuleCaseAnswersAlikeFromBothServers(t *testing.T) {
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
	cases := rules.RuleCaseStacks()
	names := slices.Sorted(maps.Keys(cases))
	for _, env := range []struct {
		name   string
		shifts int
	}{{"prod", 1}, {"dev", 0}} {
		st := servertest.Stack{Name: env.name, Config: map[string]string{"carestack:environment": env.name}}
		want, err := servertest.Configure(ctx, old, st)
		if err != nil {
			t.Fatal(err)
		}
		got, err := servertest.Configure(ctx, pack, st)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range servertest.Diff(&servertest.Run{Info: want}, &servertest.Run{Info: got}) {
			t.Errorf("%s: %s", env.name, d)
		}
		c := servertest.NewComparer(old, pack, func(s string) { t.Error(s) })
		var stacks []servertest.CaseStack
		for _, name := range names {
			vs := variants(cases[name], env.shifts)
			for _, v := range slices.Sorted(maps.Keys(vs)) {
				stacks = append(stacks, servertest.CaseStack{Where: env.name + " " + name + " " + v, Resources: servertest.FromRules(env.name, vs[v])})
			}
		}
		if err := c.Stacks(ctx, stacks); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d case stacks (%d with variants, %d distinct resources), %d diagnostics compared", env.name, len(cases), len(stacks), c.Distinct(), c.Diagnostics())
		if c.Diagnostics() < len(cases) {
			t.Errorf("%s: only %d diagnostics over %d cases", env.name, c.Diagnostics(), len(cases))
		}
	}
}
