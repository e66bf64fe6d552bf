package rules

import (
	"os"
	"reflect"
	"testing"

	"github.com/carestack/carestack/policy/rules/internal/taggable"
)

func TestCatalogHasEveryRuleOfTheCatalogWithItsMetadata(t *testing.T) {
	want := map[string]int{"encryption-at-rest": 10, "encryption-in-transit": 9, "identity": 12, "network-exposure": 10,
		"availability": 9, "logging": 11, "data-protection": 6, "tagging": 3}
	got := map[string]int{}
	stack := 0
	for _, r := range Catalog {
		got[r.Group]++
		if r.Scope == ScopeStack {
			stack++
		}
		if r.Title == "" || r.Remediation == "" || len(r.HIPAA) == 0 || len(r.SOC2) == 0 || r.Severity == "" {
			t.Errorf("%s lacks metadata", r.ID)
		}
		if (r.Scope == ScopeStack) != (r.checkStack != nil) || (r.Scope == ScopeResource) != (r.check != nil) {
			t.Errorf("%s: scope %s does not match its verdict", r.ID, r.Scope)
		}
	}
	for g, n := range want {
		if got[g] < n {
			t.Errorf("group %s has %d rules, want at least the catalog's %d", g, got[g], n)
		}
	}
	if len(Catalog) < 70 {
		t.Errorf("%d rules, want at least the catalog's 70", len(Catalog))
	}
	t.Logf("%d stack rules", stack)
}

func TestControlsMatrixIsCurrent(t *testing.T) {
	got, err := os.ReadFile("../../docs/controls.md")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != ControlsMatrix() {
		t.Error("docs/controls.md is stale; run: go run ./cmd/report -matrix docs/controls.md")
	}
}

func TestTaggableTypesAreGeneratedFromThePinnedSDK(t *testing.T) {
	want, err := taggable.Types()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(taggableTypes, want) {
		t.Errorf("taggable_gen.go is stale (%d types, the SDK has %d); run: go generate ./policy/rules", len(taggableTypes), len(want))
	}
	// Firehose's Args aligns its Tags field with padding (gofmt), which an
	// exact-text scan missed along with about 80 other types.
	for _, typ := range []string{RDSCluster, S3BucketV2, AppScalingTarget, SGIngressRule, "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream"} {
		if !contains(taggableTypes, typ) {
			t.Errorf("%s is taggable in pulumi-aws v6 but missing", typ)
		}
	}
	for _, typ := range []string{S3BucketPolicy, IAMRolePolicy, "aws:kms/alias:Alias"} {
		if contains(taggableTypes, typ) {
			t.Errorf("%s takes no tags but is listed", typ)
		}
	}
}
