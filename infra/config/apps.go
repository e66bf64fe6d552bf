package config

import (
	"fmt"
	"regexp"
	"strings"
)

// Edge configures the shared ALB, its WAF and the ECS capacity mix.
type Edge struct {
	// CertificateArn is the regional ACM certificate of the HTTPS listener.
	CertificateArn string `json:"certificateArn"`
	// WafRateLimit is requests per 5 minutes per client IP before blocking.
	WafRateLimit int `json:"wafRateLimit"`
	// DeletionProtection defaults to true; dev may turn it off by name.
	DeletionProtection *bool `json:"deletionProtection"`
	// FargateWeight and FargateSpotWeight split tasks between on-demand and
	// Spot capacity (the first task always runs on-demand).
	FargateWeight     int `json:"fargateWeight"`
	FargateSpotWeight int `json:"fargateSpotWeight"`
}

// DeletionProtectionEnabled is the effective ALB deletion protection.
func (e Edge) DeletionProtectionEnabled() bool {
	return e.DeletionProtection == nil || *e.DeletionProtection
}

// DataBucket is an application bucket apps may name.
type DataBucket struct {
	Name           string `json:"name"`
	Classification string `json:"classification"`
}

// Service is one containerised app (one ECS service).
type Service struct {
	Name        string `json:"name"`
	ImageTag    string `json:"imageTag"`
	Port        int    `json:"port"`
	Cpu         int    `json:"cpu"`
	Memory      int    `json:"memory"`
	MinTasks    int    `json:"minTasks"`
	MaxTasks    int    `json:"maxTasks"`
	Public      bool   `json:"public"`
	PathPattern string `json:"pathPattern"`
	// Priority orders the service's listener rule (1-50000, unique). Unset,
	// it is 10x the service's position, which moves if the list is reordered.
	Priority        int               `json:"priority"`
	HostHeader      string            `json:"hostHeader"`
	HealthCheckPath string            `json:"healthCheckPath"`
	Topics          []string          `json:"topics"`
	Buckets         []BucketGrant     `json:"buckets"`
	Secrets         map[string]string `json:"secrets"`
	Environment     map[string]string `json:"environment"`
	Database        bool              `json:"database"`
	CpuTarget       int               `json:"cpuTarget"`
	MemoryTarget    int               `json:"memoryTarget"`
	RequestsTarget  int               `json:"requestsPerTarget"`
}

// ListenerPriority is the service's listener rule priority: its own, or
// 10x its position in the list (index i).
func (s Service) ListenerPriority(i int) int {
	if s.Priority != 0 {
		return s.Priority
	}
	return 10 * (i + 1)
}

// BucketGrant is an app's access to a prefix of a data bucket.
type BucketGrant struct {
	Name   string `json:"name"`
	Prefix string `json:"prefix"`
	// Access is read, write or readwrite.
	Access string `json:"access"`
}

// Site is one static web app on S3 behind CloudFront.
type Site struct {
	Name string `json:"name"`
	// Domain is the site's host name; CertificateArn an ACM certificate for
	// it in us-east-1 (CloudFront only reads certificates there).
	Domain         string   `json:"domain"`
	CertificateArn string   `json:"certificateArn"`
	PriceClass     string   `json:"priceClass"`
	Countries      []string `json:"countries"`
	SinglePageApp  bool     `json:"singlePageApp"`
}

var (
	appName     = regexp.MustCompile(`^[a-z][a-z0-9-]{1,30}[a-z0-9]$`)
	acmArn      = regexp.MustCompile(`^arn:aws(-us-gov)?:acm:[a-z0-9-]+:[0-9]{12}:certificate/[0-9a-f-]{36}$`)
	secretArn   = regexp.MustCompile(`^arn:aws(-us-gov)?:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@!-]+$`)
	envName     = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)
	countryCode = regexp.MustCompile(`^[A-Z]{2}$`)
	domainName  = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$`)
)

// fargateMemory lists the memory sizes (MiB) Fargate accepts for each CPU size.
func fargateMemory(cpu int) []int {
	span := func(from, to, step int) []int {
		var out []int
		for m := from; m <= to; m += step {
			out = append(out, m)
		}
		return out
	}
	switch cpu {
	case 256:
		return []int{512, 1024, 2048}
	case 512:
		return span(1024, 4096, 1024)
	case 1024:
		return span(2048, 8192, 1024)
	case 2048:
		return span(4096, 16384, 1024)
	case 4096:
		return span(8192, 30720, 1024)
	case 8192:
		return span(16384, 61440, 4096)
	case 16384:
		return span(32768, 122880, 8192)
	}
	return nil
}

// validateApps checks the edge, buckets, topics, services and sites.
func (c *Config) validateApps(bad func(key string, value any, allowed, example string)) {
	prod := c.IsProd()
	if len(c.Services) > 0 && !acmArn.MatchString(c.Edge.CertificateArn) {
		bad("edge.certificateArn", c.Edge.CertificateArn, "an ACM certificate ARN in the stack's region (the HTTPS listener needs it)",
			"arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000")
	}
	if c.Edge.WafRateLimit < 100 || c.Edge.WafRateLimit > 2000000000 {
		bad("edge.wafRateLimit", c.Edge.WafRateLimit, "100 or more requests per 5 minutes per IP", "2000")
	}
	if c.Edge.FargateWeight < 1 || c.Edge.FargateSpotWeight < 0 {
		bad("edge.fargateWeight", fmt.Sprintf("%d/%d", c.Edge.FargateWeight, c.Edge.FargateSpotWeight), "fargateWeight >= 1, fargateSpotWeight >= 0", "fargateWeight: 1, fargateSpotWeight: 1")
	}
	if prod && !c.Edge.DeletionProtectionEnabled() {
		bad("edge.deletionProtection", false, "true in prod", "true")
	}

	switch {
	case c.DR.Region != "" && (!regionName.MatchString(c.DR.Region) || c.DR.Region == c.Region):
		bad("dr.region", c.DR.Region, "an AWS region other than the stack's ("+c.Region+")", "us-west-2")
	case prod && c.DR.Region == "":
		// The database always holds PHI: its backups must survive the region.
		bad("dr.region", "", "set in prod: the database's backups are copied there and PHI buckets replicate there", "us-west-2")
	}
	buckets := map[string]bool{}
	for i, b := range c.Buckets {
		key := fmt.Sprintf("buckets[%d]", i)
		if !appName.MatchString(b.Name) {
			bad(key+".name", b.Name, "lowercase letters, digits and dashes, 3-32 characters", "visit-documents")
		} else if buckets[b.Name] {
			bad(key+".name", b.Name, "a name not used by another bucket", "visit-documents-archive")
		}
		buckets[b.Name] = true
		switch b.Classification {
		case "PHI", "Confidential", "Internal":
		default:
			bad(key+".classification", b.Classification, "PHI, Confidential or Internal (Public data belongs in a site)", "PHI")
		}
	}
	topics := map[string]bool{}
	for i, t := range c.Topics {
		key := fmt.Sprintf("topics[%d]", i)
		if !appName.MatchString(t) {
			bad(key, t, "lowercase letters, digits and dashes, 3-32 characters", "visit-events")
		} else if topics[t] {
			bad(key, t, "a name not used by another topic", "visit-events")
		}
		topics[t] = true
	}

	services := map[string]bool{}
	priorities := map[int]string{}
	for i, s := range c.Services {
		key := fmt.Sprintf("services[%d]", i)
		if s.Name != "" {
			key = fmt.Sprintf("services[%s]", s.Name)
		}
		if !appName.MatchString(s.Name) {
			bad(key+".name", s.Name, "lowercase letters, digits and dashes, 3-32 characters", "scheduling-api")
		} else if services[s.Name] {
			bad(key+".name", s.Name, "a name not used by another service", "scheduling-api-v2")
		}
		services[s.Name] = true
		if s.ImageTag == "" || s.ImageTag == "latest" {
			bad(key+".imageTag", s.ImageTag, "an immutable tag (a version or git SHA; repositories refuse overwrites)", "1.4.2")
		}
		if s.Port < 1 || s.Port > 65535 {
			bad(key+".port", s.Port, "a container port from 1 to 65535", "8080")
		}
		if mem := fargateMemory(s.Cpu); mem == nil {
			bad(key+".cpu", s.Cpu, "a Fargate CPU size: 256, 512, 1024, 2048, 4096, 8192 or 16384", "512")
		} else if !containsInt(mem, s.Memory) {
			bad(key+".memory", s.Memory, fmt.Sprintf("a Fargate memory size for cpu %d: %d to %d MiB (%s)", s.Cpu, mem[0], mem[len(mem)-1], intsText(mem)), fmt.Sprint(mem[0]))
		}
		minTasks := 1
		if prod {
			minTasks = 2
		}
		if s.MinTasks < minTasks {
			bad(key+".minTasks", s.MinTasks, fmt.Sprintf("at least %d (prod keeps two tasks in two AZs)", minTasks), "2")
		}
		if s.MaxTasks < s.MinTasks || s.MaxTasks > 1000 {
			bad(key+".maxTasks", s.MaxTasks, fmt.Sprintf("from minTasks (%d) to 1000", s.MinTasks), "10")
		}
		if s.Public && s.PathPattern == "" && s.HostHeader == "" {
			bad(key+".pathPattern", "", "a path pattern or a hostHeader for a public service", "/api/scheduling/*")
		}
		if p := s.ListenerPriority(i); s.Public && (p < 1 || p > 50000) {
			bad(key+".priority", p, "1 to 50000", "100")
		} else if other, taken := priorities[p]; s.Public && taken {
			bad(key+".priority", p, "a priority no other public service uses ("+other+" has it)", fmt.Sprint(p+1))
		} else if s.Public {
			priorities[p] = s.Name
		}
		if !strings.HasPrefix(s.HealthCheckPath, "/") {
			bad(key+".healthCheckPath", s.HealthCheckPath, "a path starting with /", "/healthz")
		}
		for j, t := range s.Topics {
			if !topics[t] {
				bad(fmt.Sprintf("%s.topics[%d]", key, j), t, "a topic declared in carestack:topics ("+strings.Join(c.Topics, ", ")+")", "visit-events")
			}
		}
		for j, g := range s.Buckets {
			if !buckets[g.Name] {
				bad(fmt.Sprintf("%s.buckets[%d].name", key, j), g.Name, "a bucket declared in carestack:buckets", "visit-documents")
			}
			if g.Access != "read" && g.Access != "write" && g.Access != "readwrite" {
				bad(fmt.Sprintf("%s.buckets[%d].access", key, j), g.Access, "read, write or readwrite", "read")
			}
			if strings.Contains(g.Prefix, "*") {
				bad(fmt.Sprintf("%s.buckets[%d].prefix", key, j), g.Prefix, "a literal prefix without wildcards", "visits/")
			}
		}
		for name, arn := range s.Secrets {
			if !envName.MatchString(name) {
				bad(key+".secrets."+name, name, "an environment variable name (A-Z, 0-9, _)", "DB_PASSWORD")
			}
			if !secretArn.MatchString(arn) {
				bad(key+".secrets."+name, arn, "a Secrets Manager secret ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:scheduling/api-key-AbCdEf")
			}
		}
		for name := range s.Environment {
			if !envName.MatchString(name) {
				bad(key+".environment."+name, name, "an environment variable name (A-Z, 0-9, _)", "LOG_LEVEL")
			}
		}
		for _, t := range []struct {
			k string
			v int
		}{{"cpuTarget", s.CpuTarget}, {"memoryTarget", s.MemoryTarget}} {
			if t.v < 10 || t.v > 95 {
				bad(key+"."+t.k, t.v, "a utilisation target from 10 to 95 percent", "60")
			}
		}
		if s.Public && s.RequestsTarget < 1 {
			bad(key+".requestsPerTarget", s.RequestsTarget, "requests per task to scale on, at least 1", "1000")
		}
	}

	if len(c.Sites) > 0 && c.Region != "us-east-1" {
		bad("sites", c.Region, "a stack in us-east-1: the CloudFront web ACL logs with the stack's logs key, which must be in us-east-1", "carestack:region: us-east-1")
	}
	sites := map[string]bool{}
	for i, s := range c.Sites {
		key := fmt.Sprintf("sites[%d]", i)
		if !appName.MatchString(s.Name) || sites[s.Name] {
			bad(key+".name", s.Name, "a unique name: lowercase letters, digits and dashes", "caregiver-portal")
		}
		sites[s.Name] = true
		if !domainName.MatchString(s.Domain) {
			bad(key+".domain", s.Domain, "a DNS host name", "portal.example.org")
		}
		if !acmArn.MatchString(s.CertificateArn) || !strings.Contains(s.CertificateArn, ":us-east-1:") {
			bad(key+".certificateArn", s.CertificateArn, "an ACM certificate ARN in us-east-1 (CloudFront reads certificates only there)",
				"arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000")
		}
		switch s.PriceClass {
		case "PriceClass_100", "PriceClass_200", "PriceClass_All":
		default:
			bad(key+".priceClass", s.PriceClass, "PriceClass_100, PriceClass_200 or PriceClass_All", "PriceClass_100")
		}
		if len(s.Countries) == 0 {
			bad(key+".countries", "", "the ISO 3166 countries the operator serves (geo restriction)", "[US]")
		}
		for j, cc := range s.Countries {
			if !countryCode.MatchString(cc) {
				bad(fmt.Sprintf("%s.countries[%d]", key, j), cc, "a two-letter upper-case ISO 3166 code", "US")
			}
		}
	}
}

func matches(pattern, s string) bool { return regexp.MustCompile(pattern).MatchString(s) }

func containsInt(l []int, n int) bool {
	for _, x := range l {
		if x == n {
			return true
		}
	}
	return false
}

func intsText(l []int) string {
	if len(l) > 6 {
		return fmt.Sprintf("steps of %d", l[1]-l[0])
	}
	parts := make([]string, len(l))
	for i, n := range l {
		parts[i] = fmt.Sprint(n)
	}
	return strings.Join(parts, ", ")
}
