package estate_test

import (
	"slices"
	"testing"
)

// Aurora applies minor versions itself (autoMinorVersionUpgrade is on, as
// policy OPS rules require). The provider then reads the newer
// engineVersion back, and an exact pin would make the next `up` try a
// downgrade. The cluster's engineVersion is the version a new cluster starts
// at and ignored afterwards; instances take the cluster's version (the
// provider documents that an instance's version can only change through the
// cluster), so they do not set one.
func TestEngineVersionIsNotPinnedWhileMinorUpgradesAreAutomatic(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		r := run(t, stack)
		cluster := one(t, r, "aws:rds/cluster:Cluster", "aurora")
		if !slices.Contains(cluster.IgnoreChanges, "engineVersion") {
			t.Errorf("%s cluster: ignoreChanges %v, want engineVersion in it", stack, cluster.IgnoreChanges)
		}
		expect(t, cluster, map[string]any{"engineVersion": "8.0.mysql_aurora.3.08.2"})
		for _, in := range r.ByType("aws:rds/clusterInstance:ClusterInstance") {
			expect(t, in, map[string]any{"engineVersion": nil, "autoMinorVersionUpgrade": true})
		}
	}
}
