package offline

import (
	"fmt"
	"strconv"
	"strings"
)

// Plain returns a resource's inputs as plain Go values (map[string]any,
// []any, string, float64, bool), secrets unwrapped, for exact comparisons.
func (r Resource) Plain() map[string]any { return r.Inputs.Mappable() }

// Get reads a dotted path such as "rules[0].applyServerSideEncryptionByDefault.sseAlgorithm"
// from a resource's inputs; ok is false when any step is missing.
func (r Resource) Get(path string) (any, bool) {
	var cur any = r.Plain()
	for _, step := range strings.Split(path, ".") {
		name, idx := step, -1
		if i := strings.IndexByte(step, '['); i >= 0 && strings.HasSuffix(step, "]") {
			n, err := strconv.Atoi(step[i+1 : len(step)-1])
			if err != nil {
				panic(fmt.Sprintf("offline.Get: bad index in %q", path))
			}
			name, idx = step[:i], n
		}
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[name]; !ok {
			return nil, false
		}
		if idx >= 0 {
			arr, ok := cur.([]any)
			if !ok || idx >= len(arr) {
				return nil, false
			}
			cur = arr[idx]
		}
	}
	return cur, true
}
