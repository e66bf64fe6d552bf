package estate_test

import (
	"encoding/json"
	"reflect"
	"sort"
	"testing"

	"github.com/carestack/carestack/infra/estate"
	"github.com/carestack/carestack/internal/offline"
)

// withSetting returns stack's config with one object key's field changed,
// as `pulumi config set --path carestack:<key>.<field>` would.
func withSetting(t *testing.T, stack, key, field string, value any) map[string]string {
	t.Helper()
	cfg := stackConfig(t, stack)
	obj := map[string]any{}
	if raw, ok := cfg["carestack:"+key]; ok {
		if err := json.Unmarshal([]byte(raw), &obj); err != nil {
			t.Fatalf("carestack:%s: %v", key, err)
		}
	}
	obj[field] = value
	b, err := json.Marshal(obj)
	if err != nil {
		t.Fatal(err)
	}
	cfg["carestack:"+key] = string(b)
	return cfg
}

func runConfig(t *testing.T, stack string, cfg map[string]string) *offline.Result {
	t.Helper()
	r, err := offline.Run(stack, cfg, estate.Program)
	if err != nil {
		t.Fatalf("stack %s: %v", stack, err)
	}
	return r
}

func instancesByName(r *offline.Result) map[string]offline.Resource {
	out := map[string]offline.Resource{}
	for _, in := range r.ByType("aws:rds/clusterInstance:ClusterInstance") {
		out[in.Name] = in
	}
	return out
}

func names(m map[string]offline.Resource) []string {
	var out []string
	for n := range m {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Capacity is one line: changing readerCount adds or removes the
// highest-numbered reader and leaves every other instance exactly as it was
// (availabilityZone is ForceNew on aws:rds/clusterInstance, so an instance
// that moved AZ would be replaced, and the protected BI replica with a fixed
// identifier cannot be).
func TestReaderCountChangesTouchOnlyTheReaderAddedOrRemoved(t *testing.T) {
	base := instancesByName(run(t, "prod")) // readerCount: 1
	for _, tc := range []struct {
		readers      int
		added        []string
		removed      []string
		wantReaderAZ map[string]string
	}{
		{2, []string{"aurora-reader-2"}, nil, map[string]string{"aurora-reader-2": "us-east-1c"}},
		{3, []string{"aurora-reader-2", "aurora-reader-3"}, nil, map[string]string{"aurora-reader-2": "us-east-1c", "aurora-reader-3": "us-east-1a"}},
	} {
		changed := instancesByName(runConfig(t, "prod", withSetting(t, "prod", "database", "readerCount", tc.readers)))
		var added []string
		for n, in := range changed {
			old, existed := base[n]
			if !existed {
				added = append(added, n)
				if az, _ := in.Get("availabilityZone"); az != tc.wantReaderAZ[n] {
					t.Errorf("readerCount %d: %s in %v, want %s", tc.readers, n, az, tc.wantReaderAZ[n])
				}
				continue
			}
			if !reflect.DeepEqual(old.Plain(), in.Plain()) || old.Protect != in.Protect {
				t.Errorf("readerCount 1 -> %d changes %s:\n before %v (protect %v)\n after  %v (protect %v)", tc.readers, n, old.Plain(), old.Protect, in.Plain(), in.Protect)
			}
		}
		sort.Strings(added)
		if !reflect.DeepEqual(added, tc.added) {
			t.Errorf("readerCount 1 -> %d adds %v, want %v", tc.readers, added, tc.added)
		}
		// And back down: only the readers added go, and nothing protects them.
		for _, n := range tc.added {
			if changed[n].Protect {
				t.Errorf("%s is protected, so readerCount %d -> 1 cannot delete it", n, tc.readers)
			}
		}
	}
	// Readers hold no data of their own (the cluster volume does), so they
	// are not protected; the writer and the BI replica are.
	for n, in := range base {
		if want := n != "aurora-reader-1"; in.Protect != want {
			t.Errorf("prod %s: protect = %v, want %v", n, in.Protect, want)
		}
	}
	if got := names(base); !reflect.DeepEqual(got, []string{"aurora-bi", "aurora-reader-1", "aurora-writer"}) {
		t.Errorf("prod instances %v", got)
	}
}

// The BI replica keeps its AZ (the last one) whatever the reader count.
func TestBIReplicaAZDoesNotDependOnTheReaderCount(t *testing.T) {
	for readers := 1; readers <= 4; readers++ {
		in := instancesByName(runConfig(t, "prod", withSetting(t, "prod", "database", "readerCount", readers)))
		if az, _ := in["aurora-bi"].Get("availabilityZone"); az != "us-east-1c" {
			t.Errorf("readerCount %d: BI replica in %v, want us-east-1c", readers, az)
		}
	}
}
