package rules

import "fmt"

// edgeGuardRules close the last gap rows of docs/estate-settings.md at the
// edge and on messaging: a PHI topic's TLS-only policy, a load balancer
// that lets traffic through when its firewall fails, a web ACL without the
// known-bad-inputs group (or with it only counting), and HSTS on the sites'
// response headers. IDs 17-19 of their groups.
var edgeGuardRules = []*Rule{
	{
		ID: "TLS-17", Name: "sns-phi-topic-tls-only", Group: groupTransit,
		Title: "A PHI or Confidential topic's access policy must deny requests that do not use TLS.",
		HIPAA: []string{"312(e)(1)", "312(e)(2)(i)"}, SOC2: []string{"CC6.7"},
		Severity: "high", Scope: ScopeStack, Types: []string{SNSTopic, SNSTopicPolicy}, Exceptable: true,
		Remediation: "Keep a Deny statement with Condition Bool aws:SecureTransport false in the topic policy (messaging.Topic writes one). SNS accepts plain HTTP API calls unless the topic policy denies them (Amazon SNS security best practices, \"Enforce encryption of data in transit\").",
		checkStack: func(s *Stack, c *Check) {
			for _, t := range s.OfType(SNSTopic) {
				if cls := t.Classification(); cls != "PHI" && cls != "Confidential" {
					continue
				}
				policies := s.Linked(t, "arn", SNSTopicPolicy)
				for _, p := range s.OfType(SNSTopicPolicy) {
					for _, u := range p.PropertyDependencies["arn"] {
						if u == t.URN && !containsResource(policies, p) {
							policies = append(policies, p)
						}
					}
				}
				docs := []*Check{}
				if _, st := lookup(t.Props, "policy"); st != missing {
					docs = append(docs, c.On(t))
				}
				for _, p := range policies {
					docs = append(docs, c.On(p))
				}
				// A topic with no policy of its own is judged by the
				// resource-policy rules; here the policy a reviewer could
				// weaken is read.
				for _, pc := range docs {
					doc, ok := pc.JSON("policy")
					if ok && !deniesInsecureTransport(doc) {
						pc.Fail(fmt.Sprintf("the policy of %s topic %s has no Deny on aws:SecureTransport false, so SNS accepts its messages over plain HTTP", t.Classification(), t.Name),
							"Add a Deny statement for all principals with Condition Bool aws:SecureTransport false")
					}
				}
			}
		},
	},
	{
		ID: "NET-17", Name: "alb-waf-fail-closed", Group: groupNetwork,
		Title: "Load balancers must not forward requests their web ACL could not inspect.",
		HIPAA: []string{"312(a)(1)", "312(e)(1)"}, SOC2: []string{"CC6.6"},
		Severity: "high", Scope: ScopeResource, Types: lbTypes, Exceptable: true,
		Remediation: "Leave enableWafFailOpen unset or false (the AWS default): when AWS WAF cannot be reached the load balancer then refuses the request instead of forwarding it uninspected.",
		check: func(c *Check) {
			c.NotTrue("enableWafFailOpen", "Set enableWafFailOpen: false (the AWS default)")
		},
	},
	{
		ID: "NET-18", Name: "waf-rules-enforced", Group: groupNetwork,
		Title: "Web ACLs must hold rules, and their managed rule groups must block, not merely count.",
		HIPAA: []string{"308(a)(5)(ii)(B)", "312(e)(1)"}, SOC2: []string{"CC6.6", "CC6.8"},
		Severity: "high", Scope: ScopeResource, Types: []string{WAFWebACL}, Exceptable: true,
		Remediation: "Keep the managed rule groups (security.WebAcl: AWSManagedRulesCommonRuleSet, AWSManagedRulesKnownBadInputsRuleSet) with overrideAction {none: {}}; count mode is for trying a group out, and then nothing is blocked (AWS Config wafv2-webacl-not-empty; Prowler wafv2_webacl_with_rules).",
		check: func(c *Check) {
			rules, st := getArray(c.Props(), "rules")
			switch st {
			case computed:
				c.Defer("rules")
				return
			case badShape:
				c.shape("rules", "a list of rules")
				return
			case missing:
				c.Fail("the web ACL has no rules, so it only applies its default action", "Add the managed rule groups")
				return
			}
			if len(rules) == 0 {
				c.Fail("the web ACL has no rules, so it only applies its default action", "Add the managed rule groups")
				return
			}
			for i, r := range rules {
				if !r.IsMap() {
					continue
				}
				name, nst := getString(r.AsMap(), "statement.managedRuleGroupStatement.name")
				if nst != present {
					continue
				}
				if _, cst := lookup(r.AsMap(), "overrideAction.count"); cst == present {
					c.Fail(fmt.Sprintf("rules[%d] runs %s with overrideAction count, so it counts what it should block", i, shown(r.AsMap(), "statement.managedRuleGroupStatement.name")),
						"Set overrideAction {none: {}}")
				}
				_ = name
			}
		},
	},
	{
		ID: "TLS-18", Name: "cloudfront-hsts", Group: groupTransit,
		Title: "Response headers policies must send Strict-Transport-Security for at least a year.",
		HIPAA: []string{"312(e)(1)", "312(e)(2)(i)"}, SOC2: []string{"CC6.7"},
		Severity: "medium", Scope: ScopeResource, Types: []string{cloudFrontResponseHeadersPolicy}, Exceptable: true,
		Params:      map[string]any{"minMaxAgeSeconds": 31536000},
		Remediation: "Set securityHeadersConfig.strictTransportSecurity {accessControlMaxAgeSec: 63072000, includeSubdomains: true, preload: true, override: true} (web.StaticSite does): without it a browser may reach the site over plain HTTP first.",
		check: func(c *Check) {
			const p = "securityHeadersConfig.strictTransportSecurity"
			if _, st := lookup(c.Props(), p); st == missing {
				c.Fail(p+" is unset, so CloudFront adds no Strict-Transport-Security header (CloudFront sends none by default)", "Set "+p+" with accessControlMaxAgeSec of a year or more")
				return
			}
			c.AtLeast(p+".accessControlMaxAgeSec", c.NumParam("minMaxAgeSeconds"), "Set accessControlMaxAgeSec to a year (31536000) or more")
		},
	},
}

const cloudFrontResponseHeadersPolicy = "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy"
