package config_test

import (
	"strings"
	"testing"

	"github.com/carestack/carestack/infra/config"
)

// name builds a name of length n that the rule's characters allow.
func name(r config.NameRule, n int) string {
	prefix := ""
	if r.Kind == config.RuleKMSAlias.Kind {
		prefix = "alias/"
	}
	return prefix + strings.Repeat("a", n-len(prefix))
}

func TestEveryNameRuleAcceptsItsLimitAndRefusesOnePast(t *testing.T) {
	for _, r := range config.NameRules {
		if r.Source == "" || !strings.Contains(r.Source, "http") && !strings.Contains(r.Source, "pulumi-aws") {
			t.Errorf("%s: no source", r.Kind)
		}
		if why := r.Check(name(r, r.Max)); why != "" {
			t.Errorf("%s at its limit %d: %s", r.Kind, r.Max, why)
		}
		if why := r.Check(name(r, r.Max+1)); !strings.Contains(why, "at most") {
			t.Errorf("%s one past its limit: %q, want a refusal", r.Kind, why)
		}
	}
}

func hasKey(ps config.Problems, key string) (config.Problem, bool) {
	for _, p := range ps {
		if p.Key == key {
			return p, true
		}
	}
	return config.Problem{}, false
}

func TestPhysicalNamesFitAWSLimitsOrNameTheKey(t *testing.T) {
	n := func(k int) string { return "a" + strings.Repeat("b", k-1) }
	tests := []struct {
		name    string
		stack   string
		mutate  func(*config.Config)
		key     string
		problem bool
	}{
		// carestack-prod-phi-<bucket>- must fit bucketPrefix's 37: 20 + 17.
		{"a PHI bucket name at the prefix limit", "prod", func(c *config.Config) { c.Buckets = []config.DataBucket{{Name: n(17), Classification: "PHI"}} }, "buckets[0].name", false},
		{"a PHI bucket name one past it", "prod", func(c *config.Config) { c.Buckets = []config.DataBucket{{Name: n(18), Classification: "PHI"}} }, "buckets[0].name", true},
		{"the validator's own example name", "prod", func(c *config.Config) {
			c.Buckets = []config.DataBucket{{Name: "visit-documents-archive", Classification: "PHI"}}
		}, "buckets[0].name", true},
		{"a non-PHI bucket of the longest name", "prod", func(c *config.Config) { c.Buckets = []config.DataBucket{{Name: n(32), Classification: "Internal"}} }, "buckets[0].name", false},
		// A public service's target group is auto-named: name + 8 <= 32.
		{"a public service name at the target group limit", "prod", func(c *config.Config) { c.Services = []config.Service{{Name: n(24), Public: true}} }, "services[" + n(24) + "].name", false},
		{"a public service name one past it", "prod", func(c *config.Config) { c.Services = []config.Service{{Name: n(25), Public: true}} }, "services[" + n(25) + "].name", true},
		{"a private service needs no target group", "prod", func(c *config.Config) { c.Services = []config.Service{{Name: n(32)}} }, "services[" + n(32) + "].name", false},
		{"a service name ECR refuses", "prod", func(c *config.Config) { c.Services = []config.Service{{Name: "visit--notes"}} }, "services[visit--notes].name", true},
		// carestack-<stack>-aurora is the backup selection's name: at most 50.
		{"a stack name at the tightest stack limit", n(33), func(*config.Config) {}, "stack", false},
		{"a stack name one past it", n(34), func(*config.Config) {}, "stack", true},
		{"an upper-case stack name S3 and ECR refuse", "Prod", func(*config.Config) {}, "stack", true},
		// carestack-<stack>-site-<site> is a log delivery source: at most 60.
		{"a site name at the log delivery limit", n(20), func(c *config.Config) { c.Sites = []config.Site{{Name: n(24)}} }, "sites[0].name", false},
		{"a site name one past it", n(20), func(c *config.Config) { c.Sites = []config.Site{{Name: n(25)}} }, "sites[0].name", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := config.Defaults()
			c.Stack = tc.stack
			tc.mutate(&c)
			p, found := hasKey(c.Validate(), tc.key)
			if found != tc.problem {
				t.Fatalf("problem on %s: %v (%v), want %v", tc.key, found, p, tc.problem)
			}
			if found && (!strings.Contains(p.Allowed, "https://") && !strings.Contains(p.Allowed, "pulumi-aws") || !strings.Contains(p.String(), tc.stack)) {
				t.Errorf("the problem does not cite its source and stack: %s", p)
			}
		})
	}
}
