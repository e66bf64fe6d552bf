package rules

import (
	"fmt"
	"os"
	"testing"
	"time"
)

// syntheticStack is n resources shaped like the estate: buckets with their
// side-by-side configs, clusters with instances, log groups and roles.
func syntheticStack(n int) []Resource {
	var rs []Resource
	for i := 0; len(rs) < n; i++ {
		b := named(res(S3BucketV2, M{"tags": M{"DataClassification": "PHI", "Owner": "o", "Environment": "prod", "Service": "s"}}), fmt.Sprintf("b%d", i))
		rs = append(rs, b)
		for _, c := range []Resource{
			named(res(S3SSEConfigV2, M{"bucket": b.Name, "rules": []any{M{"applyServerSideEncryptionByDefault": M{"sseAlgorithm": "aws:kms", "kmsMasterKeyId": "arn:k"}, "bucketKeyEnabled": true}}}), fmt.Sprintf("b%d-sse", i)),
			named(res(S3PublicAccessBlock, M{"bucket": b.Name, "blockPublicAcls": true, "blockPublicPolicy": true, "ignorePublicAcls": true, "restrictPublicBuckets": true}), fmt.Sprintf("b%d-pab", i)),
			named(res(S3BucketPolicy, M{"bucket": b.Name, "policy": `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`}), fmt.Sprintf("b%d-policy", i)),
			named(res(LogGroup, M{"kmsKeyId": "arn:k", "retentionInDays": 365, "tags": M{"DataClassification": "PHI"}}), fmt.Sprintf("lg%d", i)),
			named(res(RDSClusterInstance, M{"publiclyAccessible": false, "performanceInsightsEnabled": true, "performanceInsightsKmsKeyId": "k", "monitoringInterval": 60, "monitoringRoleArn": "r"}), fmt.Sprintf("i%d", i)),
		} {
			c.PropertyDependencies = map[string][]string{"bucket": {b.URN}}
			rs = append(rs, c)
		}
	}
	return rs[:n]
}

func benchEvaluate(b *testing.B, n int) {
	rs := syntheticStack(n)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Evaluate(rs, nil)
	}
}

func BenchmarkOneResourceAllRules(b *testing.B) { benchEvaluate(b, 1) }
func BenchmarkStack1000(b *testing.B)           { benchEvaluate(b, 1000) }
func BenchmarkStack10000(b *testing.B)          { benchEvaluate(b, 10000) }

// The budgets of issue 4: a 1,000-resource estate under a second on this
// 2-core machine, and 10x the resources at most 12x the time.
func TestEvaluationBudgets(t *testing.T) {
	if os.Getenv("CARESTACK_BUDGETS") == "" {
		t.Skip("timing test: run with CARESTACK_BUDGETS=1 on an idle machine (numbers in the README)")
	}
	measure := func(n int) time.Duration {
		rs := syntheticStack(n)
		best := time.Hour
		for i := 0; i < 3; i++ {
			start := time.Now()
			Evaluate(rs, nil)
			if d := time.Since(start); d < best {
				best = d
			}
		}
		return best
	}
	t1k, t10k := measure(1000), measure(10000)
	t.Logf("1,000 resources: %v; 10,000: %v (x%.1f)", t1k, t10k, float64(t10k)/float64(t1k))
	if t1k > time.Second {
		t.Errorf("1,000 resources took %v, budget 1s", t1k)
	}
	if t10k > 12*t1k {
		t.Errorf("10,000 resources took %v, more than 12x the %v of 1,000", t10k, t1k)
	}
}
