package estate_test

import (
	"reflect"
	"slices"
	"testing"

	"github.com/carestack/carestack/internal/offline"
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

// A deployment the circuit breaker rolls back must fail `pulumi up`:
// without waitForSteadyState the provider returns as soon as ECS accepts the
// new task definition (pulumi-aws ecs.Service: "If true, this provider will
// wait for the service to reach a steady state ... before continuing").
func TestServicesWaitForSteadyStateSoARollbackFailsTheUpdate(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		for _, svc := range run(t, stack).ByType("aws:ecs/service:Service") {
			expect(t, svc, map[string]any{"waitForSteadyState": true, "deploymentCircuitBreaker.rollback": true})
		}
	}
}

// Turning object lock on must not replace the audit bucket: objectLockEnabled
// on aws:s3/bucketV2 is ForceNew, while S3 now enables object lock on an
// existing (versioned) bucket through PutObjectLockConfiguration, which
// aws:s3/bucketObjectLockConfigurationV2 calls ("This resource can be used
// enable Object Lock for new and existing buckets", pulumi-aws docs). So the
// bucket's flag is only ever used at creation, and the lock configuration
// resource turns object lock on.
func TestEnablingObjectLockAddsTheLockConfigurationAndReplacesNoBucket(t *testing.T) {
	before := run(t, "dev") // audit.objectLockDays: 0
	after := runConfig(t, "dev", withSetting(t, "dev", "audit", "objectLockDays", 365))
	for _, r := range []struct {
		name string
		res  []offline.Resource
	}{{"before", before.ByType("aws:s3/bucketV2:BucketV2")}, {"after", after.ByType("aws:s3/bucketV2:BucketV2")}} {
		for _, b := range r.res {
			if !slices.Contains(b.IgnoreChanges, "objectLockEnabled") {
				t.Errorf("%s: bucket %s ignoreChanges %v, want objectLockEnabled (ForceNew) in it", r.name, b.Name, b.IgnoreChanges)
			}
		}
	}
	for _, b := range before.ByType("aws:s3/bucketV2:BucketV2") {
		a := one(t, after, b.Type, b.Name)
		for k, v := range a.Plain() {
			if k == "objectLockEnabled" {
				continue // ignored after creation
			}
			if !reflect.DeepEqual(b.Plain()[k], v) {
				t.Errorf("bucket %s: %s changes from %v to %v", b.Name, k, b.Plain()[k], v)
			}
		}
	}
	if got := before.ByType("aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2"); len(got) != 0 {
		t.Errorf("dev with objectLockDays 0 has %d lock configurations", len(got))
	}
	lock := one(t, after, "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2", "audit-trail-objectlock")
	expect(t, lock, map[string]any{"bucket": "audit-trail", "rule.defaultRetention.mode": "COMPLIANCE", "rule.defaultRetention.days": 365.0})
	expect(t, one(t, after, "aws:s3/bucketV2:BucketV2", "audit-trail"), map[string]any{"objectLockEnabled": true})
}
