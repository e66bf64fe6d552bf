package rules

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// Shared table of violating cases, by rule. Every catalog file's test table
// registers its violating stacks here, in an init():
//
//	func init() {
//		for _, tc := range myCases {
//			registerViolating(tc.rule, res(tc.typ, tc.violating))
//		}
//	}
//
// The secret-leak test below runs every rule of Catalog over these stacks
// with every string leaf marked secret, and the coverage checks
// (TestEveryResourceRuleHasACase, TestEveryStackRuleHasACase) count a rule
// registered here as covered by its own table's compliant, violating,
// unknown and wrong-shape cases.
var violatingCases = map[string][][]Resource{}

// registerViolating adds one stack (often a single resource) that
// violates rule.
func registerViolating(rule string, stack ...Resource) {
	violatingCases[rule] = append(violatingCases[rule], stack)
}

func init() {
	for _, tc := range resourceCases {
		registerViolating(tc.rule, res(tc.typ, tc.violating))
	}
	for _, tc := range stackCases {
		registerViolating(tc.rule, tc.violating.build()...)
	}
	// The stack rules rules_test.go judges through joined fixtures.
	bareBucket := []Resource{bucketNamed("docs", "PHI")}
	for _, r := range []string{"s3-sse-kms", "s3-deny-insecure-transport", "s3-public-access-block", "s3-access-logging", "s3-versioning", "s3-replication-dr"} {
		registerViolating(r, bareBucket...)
	}
	registerViolating("s3-sse-kms", phiBucket(S3BucketV2, M{"serverSideEncryptionConfigurations": []any{M{"rules": []any{M{
		"applyServerSideEncryptionByDefaults": []any{M{"sseAlgorithm": "AES256"}}}}}}}))
	registerViolating("s3-deny-insecure-transport", stack([]Resource{bucketNamed("docs", "PHI"),
		named(res(S3BucketPolicy, M{"bucket": "docs-id", "policy": `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::docs/*"}]}`}), "policy")},
		map[int]map[string][]int{1: {"bucket": {0}}})...)
	aurora := stack([]Resource{
		named(res(RDSCluster, M{"engine": "aurora-mysql", "dbClusterParameterGroupName": "pg", "availabilityZones": []any{"us-east-1a"}}), "aurora"),
		named(res(RDSClusterParameterGroup, M{"name": "pg", "parameters": []any{M{"name": "require_secure_transport", "value": "OFF"}}}), "pg"),
		named(res(RDSClusterInstance, M{"availabilityZone": "us-east-1a", "identifier": "aurora-bi", "promotionTier": 1, "tags": M{"Workload": "bi"}}), "bi"),
		named(res(RDSClusterEndpoint, M{"customEndpointType": "ANY", "tags": M{"Workload": "bi"}}), "bi-endpoint"),
		named(res(RDSClusterEndpoint, M{"customEndpointType": "READER", "staticMembers": []any{"aurora-bi"}}), "readers"),
	}, map[int]map[string][]int{0: {"dbClusterParameterGroupName": {1}}, 2: {"clusterIdentifier": {0}}})
	for _, r := range []string{"aurora-require-tls", "aurora-multi-az", "aurora-in-backup-plan", "bi-reader-endpoint"} {
		registerViolating(r, aurora...)
	}
	registerViolating("cloudfront-logging", named(res(CloudFrontDist, M{"comment": "portal"}), "site"))
	registerViolating("waf-logging-and-alarms",
		named(res(WAFWebACL, M{"name": "edge", "visibilityConfig": M{"cloudwatchMetricsEnabled": false, "metricName": "edge"}}), "acl"),
		named(res(MetricAlarm, M{"alarmName": "p99", "actionsEnabled": true, "alarmActions": []any{}}), "p99"))
}

// leaf is one scalar of a resource's inputs (or of a JSON document held in
// a string input): where it is and what it holds.
type leaf struct {
	path   string // as rules print it: "ingress[0].cidrBlocks[1]"; inside a document, "policy#3"
	value  property.Value
	inJSON bool
}

// rewrite rebuilds v bottom-up, giving every scalar (and every string or
// number inside a JSON document held in a string) to fn, which returns its
// replacement. A rewritten document is serialised again; marking it secret
// is fn's to decide through docSecret.
func rewrite(v property.Value, path string, fn func(leaf) property.Value, docSecret bool) property.Value {
	switch {
	case v.IsComputed() || v.IsNull():
		return v
	case v.IsMap():
		m := map[string]property.Value{}
		for k, e := range v.AsMap().All {
			m[k] = rewrite(e, joinPath(path, k), fn, docSecret)
		}
		return keepSecret(v, property.New(m))
	case v.IsArray():
		var arr []property.Value
		for i, e := range v.AsArray().All {
			arr = append(arr, rewrite(e, fmt.Sprintf("%s[%d]", path, i), fn, docSecret))
		}
		return keepSecret(v, property.New(arr))
	case v.IsString():
		var doc any
		if t := strings.TrimSpace(v.AsString()); (strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[")) && json.Unmarshal([]byte(t), &doc) == nil {
			n := 0
			doc = rewriteJSON(doc, func(x any) any {
				n++
				var pv property.Value
				switch x := x.(type) {
				case string:
					pv = property.New(x)
				case float64:
					pv = property.New(x)
				default:
					return x
				}
				out := fn(leaf{path: fmt.Sprintf("%s#%d", path, n), value: pv, inJSON: true})
				if out.IsString() {
					return out.AsString()
				}
				if out.IsNumber() {
					return out.AsNumber()
				}
				return x
			})
			b, _ := json.Marshal(doc)
			out := property.New(string(b))
			if docSecret {
				out = out.WithSecret(true)
			}
			return keepSecret(v, out)
		}
	}
	return fn(leaf{path: path, value: v})
}

func keepSecret(from, to property.Value) property.Value {
	if from.Secret() {
		return to.WithSecret(true)
	}
	return to
}

func rewriteJSON(doc any, fn func(any) any) any {
	switch d := doc.(type) {
	case map[string]any:
		out := map[string]any{}
		for _, k := range slices.Sorted(maps.Keys(d)) {
			out[k] = rewriteJSON(d[k], fn)
		}
		return out
	case []any:
		out := make([]any, len(d))
		for i, e := range d {
			out[i] = rewriteJSON(e, fn)
		}
		return out
	}
	return fn(doc)
}

func joinPath(p, k string) string {
	if p == "" {
		return k
	}
	return p + "." + k
}

// rewriteStack applies fn to every leaf of every resource (provider inputs
// untouched: the pack reads only region and default tags there).
func rewriteStack(stack []Resource, fn func(r int, l leaf) property.Value, docSecret bool) []Resource {
	out := make([]Resource, len(stack))
	for i, r := range stack {
		r.Props = rewrite(property.New(r.Props), "", func(l leaf) property.Value { return fn(i, l) }, docSecret).AsMap()
		r.PropertyDependencies = maps.Clone(r.PropertyDependencies)
		out[i] = r
	}
	return out
}

// canary is a text no rule's wording contains; canaryNum a number that
// prints the same through %v and strconv ('f', -1).
func canary(n int) string        { return fmt.Sprintf("zqx%04dsecret", n) }
func canaryNum(n int) float64    { return 100 + float64(n) + 0.4159 }
func canaryNumText(n int) string { return strconv.FormatFloat(canaryNum(n), 'f', -1, 64) }

// messagesOf evaluates every rule of Catalog over a stack and returns every
// finding's message.
func messagesOf(t *testing.T, stack []Resource) []string {
	t.Helper()
	var out []string
	for _, f := range Evaluate(stack, nil) {
		if strings.Contains(f.Message, "could not evaluate") {
			t.Fatalf("%s panicked: %s", f.Rule, f.Message)
		}
		out = append(out, f.Rule+": "+f.Message)
	}
	return out
}

// A value that arrives secret never appears in a message (issue 13, part
// 4): every rule of Catalog runs over every registered violating case with
// its scalars replaced by secret canaries (all at once, and one at a time
// with the rest of the case as it was, so each rule's own violation paths
// run), including the strings of JSON documents that are themselves secret.
func TestNoRulePrintsASecretValue(t *testing.T) {
	var missing []string
	for _, r := range Catalog {
		if len(violatingCases[r.Name]) == 0 && r.Name != "no-access-keys" && r.Name != "trail-exists" {
			missing = append(missing, r.Name)
		}
	}
	if len(missing) > 0 {
		t.Errorf("rules without a registered violating case (registerViolating in secrets_test.go): %v", missing)
	}
	rulesRun := map[string]bool{}
	for _, rule := range slices.Sorted(maps.Keys(violatingCases)) {
		for ci, stack := range violatingCases[rule] {
			name := fmt.Sprintf("%s/%d", rule, ci)
			plain := messagesOf(t, stack)
			for _, m := range plain {
				rulesRun[strings.SplitN(m, ":", 2)[0]] = true
			}
			// Every scalar a secret canary at once.
			n := 0
			all := rewriteStack(stack, func(_ int, l leaf) property.Value {
				n++
				switch {
				case l.value.IsString():
					return property.New(canary(n)).WithSecret(!l.inJSON)
				case l.value.IsNumber():
					return property.New(canaryNum(n)).WithSecret(!l.inJSON)
				}
				return l.value
			}, true)
			for _, m := range messagesOf(t, all) {
				for i := 1; i <= n; i++ {
					if strings.Contains(m, canary(i)) || strings.Contains(m, canaryNumText(i)) {
						t.Errorf("%s, every value secret: a secret is printed: %s", name, m)
						break
					}
				}
			}
			// One scalar at a time, the rest as it was. Booleans are left
			// out: a violation about a boolean tells its value by existing,
			// so masking the word would hide nothing.
			for k := 1; k <= n; k++ {
				i := 0
				var where string
				one := rewriteStack(stack, func(_ int, l leaf) property.Value {
					i++
					if i != k {
						return l.value
					}
					where = l.path
					switch {
					case l.value.IsString():
						return property.New(canary(k)).WithSecret(!l.inJSON)
					case l.value.IsNumber():
						return property.New(canaryNum(k)).WithSecret(!l.inJSON)
					}
					return l.value
				}, true)
				for _, m := range messagesOf(t, one) {
					if strings.Contains(m, canary(k)) || strings.Contains(m, canaryNumText(k)) {
						t.Errorf("%s, %s secret: printed: %s", name, where, m)
					}
				}
			}
		}
	}
	t.Logf("%d rules gave findings over %d registered violating cases", len(rulesRun), len(violatingCases))
}

// Marked secret with their own values, the cases' strings are never quoted
// in a message either (the rendering every verdict uses for a value).
func TestNoRuleQuotesASecretValue(t *testing.T) {
	for _, rule := range slices.Sorted(maps.Keys(violatingCases)) {
		for ci, stack := range violatingCases[rule] {
			var secrets []string
			marked := rewriteStack(stack, func(_ int, l leaf) property.Value {
				if l.value.IsString() && !l.inJSON {
					if len(l.value.AsString()) >= minSecretLen {
						secrets = append(secrets, l.value.AsString())
					}
					return l.value.WithSecret(true)
				}
				if l.value.IsString() && len(l.value.AsString()) >= minSecretLen {
					secrets = append(secrets, l.value.AsString())
				}
				return l.value
			}, true)
			for _, m := range messagesOf(t, marked) {
				for _, s := range secrets {
					if strings.Contains(m, strconv.Quote(s)) {
						t.Errorf("%s/%d: the secret %q is quoted: %s", rule, ci, s, m)
					}
				}
			}
		}
	}
}
