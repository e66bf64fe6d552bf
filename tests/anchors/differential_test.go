package anchors

import (
	"context"
	"testing"

	"github.com/carestack/carestack/policy/server/servertest"
)

// Every stack of the anchor corpus, compliant and violating, draws the same
// analyzer info and diagnostics from the pack's server as from the policyx
// pack it replaced, at prod levels with no policy config, over gRPC.
func TestTheCorpusAnswersAlikeFromBothServers(t *testing.T) {
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
	st := servertest.Stack{Name: "corpus", Config: map[string]string{"carestack:environment": "prod"}}
	want, err := servertest.Configure(ctx, old, st)
	if err != nil {
		t.Fatal(err)
	}
	got, err := servertest.Configure(ctx, pack, st)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range servertest.Diff(&servertest.Run{Info: want}, &servertest.Run{Info: got}) {
		t.Error(d)
	}
	var stacks []servertest.CaseStack
	for _, c := range corpus {
		rs, err := Build(c)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		stacks = append(stacks, servertest.CaseStack{Where: c.Anchor + ": " + c.Name, Resources: servertest.FromRules("corpus", rs)})
	}
	cmp := servertest.NewComparer(old, pack, func(s string) { t.Error(s) })
	if err := cmp.Stacks(ctx, stacks); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d corpus stacks, %d diagnostics compared", len(stacks), cmp.Diagnostics())
	if len(stacks) > 0 && cmp.Diagnostics() == 0 {
		t.Error("no diagnostics compared: the corpus has violating cases")
	}
}
