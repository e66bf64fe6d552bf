package rules

import (
	"strings"
	"testing"
)

func edgeTopicStack(class string, policy any) []Resource {
	topic := named(res(SNSTopic, M{"kmsMasterKeyId": "arn:aws:kms:us-east-1:123456789012:key/k", "tags": M{"DataClassification": class}}), "events")
	pol := named(res(SNSTopicPolicy, M{"arn": "arn:aws:sns:us-east-1:123456789012:events", "policy": policy}), "events-policy")
	return stack([]Resource{topic, pol}, map[int]map[string][]int{1: {"arn": {0}}})
}

const tlsDeny = `{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"sns:Publish","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`
const allowOnly = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"cloudwatch.amazonaws.com"},"Action":"sns:Publish","Resource":"*","Condition":{"StringEquals":{"aws:SourceAccount":"123456789012"}}}]}`

func TestEdgeGuardRulesGiveExactVerdicts(t *testing.T) {
	waf := func(rules any) []Resource { return []Resource{named(res(WAFWebACL, M{"rules": rules}), "acl")} }
	group := func(name string, override M) M {
		return M{"name": name, "statement": M{"managedRuleGroupStatement": M{"vendorName": "AWS", "name": name}}, "overrideAction": override}
	}
	hsts := func(v any) []Resource {
		return []Resource{named(res(cloudFrontResponseHeadersPolicy, M{"securityHeadersConfig": v}), "headers")}
	}
	lb := func(v any) []Resource {
		p := M{"loadBalancerType": "application"}
		if v != nil {
			p["enableWafFailOpen"] = v
		}
		return []Resource{named(res(LBLoadBalancer, p), "alb")}
	}
	cases := []struct {
		name, rule string
		rs         []Resource
		want       Outcome // "" for no finding
		text       string
	}{
		{"PHI topic policy with the TLS deny", "sns-phi-topic-tls-only", edgeTopicStack("PHI", tlsDeny), "", ""},
		{"PHI topic policy without it", "sns-phi-topic-tls-only", edgeTopicStack("PHI", allowOnly), Violation, "the policy of PHI topic events has no Deny on aws:SecureTransport false"},
		{"Internal topic policy without it is not judged", "sns-phi-topic-tls-only", edgeTopicStack("Internal", allowOnly), "", ""},
		{"PHI topic policy unknown", "sns-phi-topic-tls-only", edgeTopicStack("PHI", unknown), Deferred, "policy"},
		{"PHI topic policy of the wrong shape", "sns-phi-topic-tls-only", edgeTopicStack("PHI", 42), Violation, "unexpected shape"},

		{"fail-open unset (AWS default false)", "alb-waf-fail-closed", lb(nil), "", ""},
		{"fail-open true", "alb-waf-fail-closed", lb(true), Violation, "enableWafFailOpen is true"},
		{"fail-open unknown", "alb-waf-fail-closed", lb(unknown), Deferred, "enableWafFailOpen"},
		{"fail-open of the wrong shape", "alb-waf-fail-closed", lb("yes"), Violation, "unexpected shape"},

		{"managed groups blocking", "waf-rules-enforced", waf([]any{group("AWSManagedRulesCommonRuleSet", M{"none": M{}})}), "", ""},
		{"a managed group counting", "waf-rules-enforced", waf([]any{group("AWSManagedRulesCommonRuleSet", M{"count": M{}})}), Violation, `runs "AWSManagedRulesCommonRuleSet" with overrideAction count`},
		{"no rules", "waf-rules-enforced", waf([]any{}), Violation, "the web ACL has no rules"},
		{"rules unknown", "waf-rules-enforced", waf(unknown), Deferred, "rules"},
		{"rules of the wrong shape", "waf-rules-enforced", waf("all"), Violation, "unexpected shape"},

		{"HSTS for two years", "cloudfront-hsts", hsts(M{"strictTransportSecurity": M{"accessControlMaxAgeSec": 63072000, "override": true}}), "", ""},
		{"HSTS for a day", "cloudfront-hsts", hsts(M{"strictTransportSecurity": M{"accessControlMaxAgeSec": 86400}}), Violation, "accessControlMaxAgeSec is 86400, want at least 3.1536e+07"},
		{"no HSTS", "cloudfront-hsts", hsts(M{}), Violation, "strictTransportSecurity is unset"},
		{"HSTS max age unknown", "cloudfront-hsts", hsts(M{"strictTransportSecurity": M{"accessControlMaxAgeSec": unknown}}), Deferred, "accessControlMaxAgeSec"},
		{"HSTS max age of the wrong shape", "cloudfront-hsts", hsts(M{"strictTransportSecurity": M{"accessControlMaxAgeSec": "forever"}}), Violation, "unexpected shape"},
	}
	for _, tc := range cases {
		t.Run(tc.rule+"/"+tc.name, func(t *testing.T) {
			var got []Finding
			for _, f := range Evaluate(tc.rs, nil) {
				if f.Rule == tc.rule {
					got = append(got, f)
				}
			}
			if tc.want == "" {
				if len(got) != 0 {
					t.Fatalf("want nothing, got %v", got)
				}
				return
			}
			for _, f := range got {
				if f.Outcome == tc.want && strings.Contains(f.Message, tc.text) {
					return
				}
			}
			t.Errorf("want a %s containing %q, got %v", tc.want, tc.text, got)
		})
		if tc.want == Violation {
			registerViolating(tc.rule, tc.rs...)
		}
	}
}
