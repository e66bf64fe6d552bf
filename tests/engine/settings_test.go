package engine_test

import (
	"context"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/carestack/carestack/infra/estate"
	"github.com/carestack/carestack/internal/offline"
	"github.com/carestack/carestack/tests/engine/settings"
)

// Every row of the estate-settings table (tests/engine/settings), made in
// the shipped prod estate through the real engine: a stack transform changes
// one input (or the protect option) of one resource as the engine registers
// it (awsx's children included), and the CI preview
// (PULUMI_SKIP_CHECKPOINTS=true) with the pack must fail naming exactly the
// row's rules, each with a mandatory violation on the changed resource or its
// subject; a row with a written reason must pass. The unchanged estate must
// pass first.
//
// Previews are batched: changes to resources of different components (and
// different subjects) go into one preview, and every violation must then be
// owned by the change on its resource. A batch that is not exactly what its
// changes expect is run again one change per preview, and those runs decide.
func TestEverySettingTheEstateReliesOnIsGuarded(t *testing.T) {
	e := setup(t)
	t.Setenv("PULUMI_SKIP_CHECKPOINTS", "true")
	res, err := offline.RunStack(e.root, "prod", estate.Program)
	if err != nil {
		t.Fatal(err)
	}
	cases, err := settings.Cases(res)
	if err != nil {
		t.Fatal(err)
	}
	if only := os.Getenv("CARESTACK_SETTINGS_ONLY"); only != "" {
		cases = slices.DeleteFunc(cases, func(c settings.Case) bool { return !strings.Contains(c.ID(), only) })
	}

	var mu sync.Mutex
	var current []settings.Case
	applied := map[int]error{} // index in current -> the transform's error (nil: applied)
	program := func(ctx *pulumi.Context) error {
		err := ctx.RegisterResourceTransform(func(_ context.Context, a *pulumi.ResourceTransformArgs) *pulumi.ResourceTransformResult {
			mu.Lock()
			defer mu.Unlock()
			changed := false
			for i, c := range current {
				if a.Type != c.Type || a.Name != c.Name {
					continue
				}
				// A remote component is registered twice, by the
				// program and again inside its provider's Construct
				// (without inputs): the change counts once it is made.
				err := c.ApplyTransform(a)
				if prev, seen := applied[i]; !seen || prev != nil {
					applied[i] = err
				}
				changed = changed || err == nil
			}
			if !changed {
				return nil
			}
			return &pulumi.ResourceTransformResult{Props: a.Props, Opts: a.Opts}
		})
		if err != nil {
			return err
		}
		return estate.Program(ctx)
	}
	s := e.workspace(t, "prod", program, nil)
	cfg := e.policyConfig(t, "prod", "")
	previewOf := func(batch []settings.Case) (outcome, map[int]error) {
		mu.Lock()
		current, applied = batch, map[int]error{}
		mu.Unlock()
		o := e.preview(t, s, cfg)
		mu.Lock()
		defer mu.Unlock()
		return o, maps.Clone(applied)
	}

	start := time.Now()
	if o, _ := previewOf(nil); o.err != nil || len(o.mandatory()) != 0 {
		var msgs []string
		for _, p := range o.policy {
			if p.EnforcementLevel == "mandatory" {
				msgs = append(msgs, p.PolicyName+" on "+p.ResourceURN+": "+p.Message)
			}
		}
		t.Fatalf("the unchanged prod estate does not pass: %v\n%s", o.err, strings.Join(msgs, "\n"))
	}

	verdicts := map[string]string{} // case ID -> "" (as the table says) or what went wrong
	previews := 1
	for _, batch := range batches(cases, res) {
		o, ap := previewOf(batch)
		previews++
		if len(batch) > 1 && batchAsExpected(batch, o, ap) {
			for _, c := range batch {
				verdicts[c.ID()] = ""
			}
			continue
		}
		for _, c := range batch {
			if len(batch) > 1 {
				o, ap = previewOf([]settings.Case{c})
				previews++
			}
			err, ok := ap[0]
			if !ok {
				err = fmt.Errorf("the engine never registered %s::%s", c.Type, c.Name)
			}
			verdicts[c.ID()] = judgeAlone(c, o, err)
		}
	}

	caught, failed := 0, 0
	for _, c := range cases {
		if v := verdicts[c.ID()]; v != "" {
			failed++
			t.Errorf("%s: %s", c.ID(), v)
		} else if len(c.Row.Rules) > 0 {
			caught++
		}
	}
	t.Logf("engine: %d of %d changes caught by their rules, %d with a written reason passed as the table says, %d wrong; %d previews in %v",
		caught, len(cases), len(cases)-caught-failed, failed, previews, time.Since(start).Round(time.Second))
}

type violation struct{ rule, urn string }

func mandatoryViolations(o outcome) []violation {
	var out []violation
	for _, p := range o.policy {
		if p.EnforcementLevel == "mandatory" && len(p.Exceptions) == 0 {
			out = append(out, violation{p.PolicyName, p.ResourceURN})
		}
	}
	return out
}

// judgeAlone decides one change previewed on its own: "" when the preview
// failed with exactly the row's rules, each on the changed resource or its
// subject (or passed, for a row with a reason).
func judgeAlone(c settings.Case, o outcome, applyErr error) string {
	if applyErr != nil {
		return "the change could not be made: " + applyErr.Error()
	}
	vs := mandatoryViolations(o)
	got := map[string]bool{}
	for _, v := range vs {
		got[v.rule] = true
	}
	names := slices.Sorted(maps.Keys(got))
	want := slices.Sorted(slices.Values(c.Row.Rules))
	describe := func() string {
		var b strings.Builder
		for _, v := range vs {
			fmt.Fprintf(&b, "\n    %s on %s", v.rule, v.urn)
		}
		if o.err != nil && len(vs) == 0 {
			b.WriteString("\n" + lastLines(o.output, 15))
		}
		return b.String()
	}
	if !slices.Equal(names, want) {
		return fmt.Sprintf("mandatory violations %v, want %v%s", names, want, describe())
	}
	for _, r := range want {
		if !slices.ContainsFunc(vs, func(v violation) bool { return v.rule == r && c.Matches(v.urn) }) {
			return fmt.Sprintf("%s fired, but not on %s::%s or its subjects %v%s", r, c.Type, c.Name, c.Subjects, describe())
		}
	}
	switch {
	case len(want) > 0 && o.err == nil:
		return "the preview passed despite the mandatory violations"
	case len(want) == 0 && o.err != nil:
		return "the preview failed: " + lastLines(o.output, 10)
	}
	return ""
}

// batchAsExpected: every change applied, every violation owned by exactly
// the change whose resource (or subject) it names and among that change's
// rules, and every change's rules present.
func batchAsExpected(batch []settings.Case, o outcome, applied map[int]error) bool {
	for i := range batch {
		if err, ok := applied[i]; !ok || err != nil {
			return false
		}
	}
	vs := mandatoryViolations(o)
	for _, v := range vs {
		owners := 0
		for _, c := range batch {
			if c.Matches(v.urn) {
				owners++
				if !slices.Contains(c.Row.Rules, v.rule) {
					return false
				}
			}
		}
		if owners != 1 {
			return false
		}
	}
	expectFailure := false
	for _, c := range batch {
		for _, r := range c.Row.Rules {
			expectFailure = true
			if !slices.ContainsFunc(vs, func(v violation) bool { return v.rule == r && c.Matches(v.urn) }) {
				return false
			}
		}
	}
	return expectFailure == (o.err != nil)
}

// batches packs changes into previews: no two changes in a batch share a
// component (a parent), a resource or a subject, and a change that may
// report anywhere previews alone.
func batches(cases []settings.Case, res *offline.Result) [][]settings.Case {
	const size = 12
	parent := map[string]string{}
	for _, r := range res.Resources {
		parent[r.Type+"::"+r.Name] = r.Parent
	}
	type open struct {
		cases []settings.Case
		keys  map[string]bool
	}
	var bs []*open
	for _, c := range cases {
		self := c.Type + "::" + c.Name
		keys := append([]string{self, "parent:" + parent[self]}, c.Subjects...)
		if c.Row.Engine != "" {
			keys = append(keys, "awsx")
		}
		var home *open
		if !c.Anywhere {
			for _, b := range bs {
				if len(b.cases) >= size || b.keys["*"] {
					continue
				}
				if !slices.ContainsFunc(keys, func(k string) bool { return b.keys[k] }) {
					home = b
					break
				}
			}
		}
		if home == nil {
			home = &open{keys: map[string]bool{}}
			bs = append(bs, home)
		}
		home.cases = append(home.cases, c)
		for _, k := range keys {
			home.keys[k] = true
		}
		if c.Anywhere {
			home.keys["*"] = true
		}
	}
	out := make([][]settings.Case, len(bs))
	for i, b := range bs {
		out[i] = b.cases
	}
	return out
}
