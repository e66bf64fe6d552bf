// Package config is the typed stack configuration of the carestack estate.
//
// Every value a stack can set lives under the `carestack:` namespace in
// Pulumi.<stack>.yaml and is declared with its type in Pulumi.yaml. Load reads
// it, fills defaults and validates it; Validate reports every problem at once,
// each naming its key, the value, what is allowed and an example, so a bad
// config fails before any resource is registered.
package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	pconfig "github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

// Namespace is the config namespace of every key this package reads.
const Namespace = "carestack"

// Environments a stack can declare. Levels of the policy pack and the
// validation limits below depend on it; resources never branch on the stack name.
const (
	EnvDev     = "dev"
	EnvStaging = "staging"
	EnvProd    = "prod"
)

// Environments is the declared set, the same as the policy pack's
// (rules.Environments; a test keeps them equal).
var Environments = []string{EnvDev, EnvProd, EnvStaging}

// Config is the whole stack configuration.
type Config struct {
	Environment   string        `json:"environment"`
	Region        string        `json:"region"`
	Owner         string        `json:"owner"`
	Network       Network       `json:"network"`
	Database      Database      `json:"database"`
	Logging       Logging       `json:"logging"`
	Backup        Backup        `json:"backup"`
	Audit         Audit         `json:"audit"`
	Edge          Edge          `json:"edge"`
	Buckets       []DataBucket  `json:"buckets"`
	Topics        []string      `json:"topics"`
	Services      []Service     `json:"services"`
	Sites         []Site        `json:"sites"`
	Migration     Migration     `json:"migration"`
	Observability Observability `json:"observability"`
	DR            DR            `json:"dr"`
	// Stack is the stack's name (not a setting): physical names carry it,
	// so their AWS length limits depend on it (limits.go).
	Stack string `json:"-"`
}

// DR names the disaster-recovery region PHI buckets replicate to.
type DR struct {
	Region string `json:"region"`
}

// Network sizes the VPC.
type Network struct {
	CidrBlock         string   `json:"cidrBlock"`
	AvailabilityZones []string `json:"availabilityZones"`
	// NatGateways is "OnePerAz" or "Single"; prod needs OnePerAz so one AZ
	// outage does not cut every private subnet off.
	NatGateways string `json:"natGateways"`
}

// Database sizes and protects the Aurora MySQL cluster.
type Database struct {
	EngineVersion                    string `json:"engineVersion"`
	InstanceClass                    string `json:"instanceClass"`
	ReaderCount                      int    `json:"readerCount"`
	BiReplica                        bool   `json:"biReplica"`
	BiInstanceClass                  string `json:"biInstanceClass"`
	BackupRetentionDays              int    `json:"backupRetentionDays"`
	PreferredBackupWindow            string `json:"preferredBackupWindow"`
	BacktrackHours                   int    `json:"backtrackHours"`
	PerformanceInsightsRetentionDays int    `json:"performanceInsightsRetentionDays"`
	MonitoringIntervalSeconds        int    `json:"monitoringIntervalSeconds"`
	GeneralLog                       bool   `json:"generalLog"`
	// DeletionProtection and Protect default to true; a stack that turns them
	// off says so by name in its YAML.
	DeletionProtection *bool `json:"deletionProtection"`
	Protect            *bool `json:"protect"`
}

// Logging sets CloudWatch Logs retention for every log group the estate makes.
type Logging struct {
	RetentionDays int `json:"retentionDays"`
}

// Backup configures the AWS Backup plan and vault.
type Backup struct {
	RetentionDays int  `json:"retentionDays"`
	VaultLock     bool `json:"vaultLock"`
}

// Audit configures CloudTrail and its bucket.
type Audit struct {
	// ObjectLockDays > 0 turns on S3 object lock (compliance mode) for the
	// audit bucket with that default retention.
	ObjectLockDays int `json:"objectLockDays"`
	// LogBucketExpireDays is how long ALB/CloudFront access logs are kept.
	LogBucketExpireDays int `json:"logBucketExpireDays"`
}

// IsProd reports whether the stack is held to production's rules: prod, and
// staging, which the pack holds to prod's levels so what passes staging
// passes prod.
func (c *Config) IsProd() bool { return c.Environment != EnvDev }

// DeletionProtectionEnabled is the effective Aurora deletion protection.
func (d Database) DeletionProtectionEnabled() bool {
	return d.DeletionProtection == nil || *d.DeletionProtection
}

// ProtectEnabled is the effective Pulumi `protect` option for stateful resources.
func (d Database) ProtectEnabled() bool { return d.Protect == nil || *d.Protect }

// Defaults returns the secure defaults every stack starts from.
func Defaults() Config {
	return Config{
		Environment: EnvDev,
		Region:      "us-east-1",
		Owner:       "platform",
		Network: Network{
			CidrBlock:         "10.0.0.0/16",
			AvailabilityZones: []string{"us-east-1a", "us-east-1b", "us-east-1c"},
			NatGateways:       "OnePerAz",
		},
		Database: Database{
			EngineVersion:                    "8.0.mysql_aurora.3.08.2",
			InstanceClass:                    "db.r6g.large",
			ReaderCount:                      1,
			BiReplica:                        true,
			BiInstanceClass:                  "db.r6g.large",
			BackupRetentionDays:              35,
			PreferredBackupWindow:            "07:00-08:00",
			BacktrackHours:                   24,
			PerformanceInsightsRetentionDays: 7,
			MonitoringIntervalSeconds:        60,
		},
		Logging: Logging{RetentionDays: 365},
		// Vault lock and object lock are on unless a stack turns them off by
		// name (dev does): a new stack is held to prod's rules by default.
		// 2192 days is HIPAA's six-year documentation retention (164.316(b)(2)(i)).
		Backup:        Backup{RetentionDays: 35, VaultLock: true},
		Audit:         Audit{LogBucketExpireDays: 400, ObjectLockDays: 2192},
		Edge:          Edge{WafRateLimit: 2000, FargateWeight: 1},
		Migration:     defaultMigration(),
		Observability: defaultObservability(),
	}
}

// withServiceDefaults fills what a service entry may leave out, so adding an
// app is a few lines of YAML.
func (s Service) withDefaults() Service {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	def(&s.Cpu, 512)
	def(&s.Memory, 1024)
	def(&s.MinTasks, 2)
	def(&s.MaxTasks, 10)
	def(&s.CpuTarget, 60)
	def(&s.MemoryTarget, 70)
	def(&s.RequestsTarget, 1000)
	if s.HealthCheckPath == "" {
		s.HealthCheckPath = "/healthz"
	}
	return s
}

// Load reads the stack's `carestack:` config over the defaults and validates it.
// Unknown keys (typos) are errors, so a misspelt capacity setting never
// silently falls back to a default.
func Load(ctx *pulumi.Context) (*Config, error) {
	c := Defaults()
	c.Stack = ctx.Stack()
	raw := pconfig.New(ctx, Namespace)
	var problems Problems
	if keys, ok := configKeys(ctx.RootDirectory(), ctx.Stack()); ok {
		problems = append(problems, CheckKeys(keys)...)
	}
	decode := func(key string, into any) {
		s, err := raw.Try(key)
		if err != nil {
			return // not set: keep the default
		}
		if ps := checkShape(key, s, into); len(ps) > 0 {
			problems = append(problems, ps...)
			// Decode what is well-formed so the rest is validated too and
			// every problem is reported in one run.
			_ = json.Unmarshal([]byte(s), into)
			return
		}
		if p := decodeStrict(key, s, into); p != nil {
			problems = append(problems, *p)
		}
	}
	decode("environment", &c.Environment)
	decode("region", &c.Region)
	decode("owner", &c.Owner)
	decode("network", &c.Network)
	decode("database", &c.Database)
	decode("logging", &c.Logging)
	decode("backup", &c.Backup)
	decode("audit", &c.Audit)
	decode("edge", &c.Edge)
	decode("buckets", &c.Buckets)
	decode("topics", &c.Topics)
	decode("services", &c.Services)
	decode("sites", &c.Sites)
	decode("migration", &c.Migration)
	decode("observability", &c.Observability)
	decode("dr", &c.DR)
	for i := range c.Services {
		c.Services[i] = c.Services[i].withDefaults()
	}
	problems = append(problems, c.Validate()...)
	if len(problems) > 0 {
		return nil, problems
	}
	return &c, nil
}

// decodeStrict decodes one config value (JSON for objects, a bare string for
// strings) into into, rejecting unknown fields.
func decodeStrict(key, s string, into any) *Problem {
	if sp, ok := into.(*string); ok {
		*sp = s
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(into); err != nil {
		return &Problem{
			Key:     key,
			Value:   s,
			Allowed: "a value of the shape declared in Pulumi.yaml: " + jsonErrorText(err),
			Example: exampleFor(key),
		}
	}
	return nil
}

func jsonErrorText(err error) string {
	var ute *json.UnmarshalTypeError
	if errors.As(err, &ute) {
		return fmt.Sprintf("field %q must be a %s", ute.Field, ute.Type)
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

func exampleFor(key string) string {
	switch key {
	case "network":
		return `carestack:network: {cidrBlock: 10.0.0.0/16, availabilityZones: [us-east-1a, us-east-1b], natGateways: OnePerAz}`
	case "database":
		return `carestack:database: {instanceClass: db.r6g.large, readerCount: 1, backupRetentionDays: 35}`
	case "logging":
		return `carestack:logging: {retentionDays: 365}`
	case "backup":
		return `carestack:backup: {retentionDays: 35, vaultLock: true}`
	case "audit":
		return `carestack:audit: {objectLockDays: 365, logBucketExpireDays: 400}`
	case "migration":
		return `carestack:migration: {enabled: true, sourceSecretArn: arn:aws:secretsmanager:..., sourceDatabase: CareOps, includeSchemas: [dbo]}`
	case "observability":
		return `carestack:observability: {p99LatencyMs: 100, alb5xxPercent: 1}`
	case "dr":
		return `carestack:dr: {region: us-west-2}`
	case "services":
		return `carestack:services: [{name: scheduling-api, imageTag: 1.4.2, port: 8080, public: true, pathPattern: /api/scheduling/*}]`
	case "sites":
		return `carestack:sites: [{name: caregiver-portal, domain: portal.example.org, certificateArn: arn:aws:acm:us-east-1:..., priceClass: PriceClass_100, countries: [US]}]`
	}
	return "carestack:" + key + ": <value>"
}
