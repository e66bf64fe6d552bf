package config

import (
	"fmt"
	"strings"
)

// Migration configures the optional DMS tier that moves the SQL Server
// database into Aurora during the cut-over window. Off unless Enabled.
type Migration struct {
	Enabled            bool   `json:"enabled"`
	InstanceClass      string `json:"instanceClass"`
	AllocatedStorageGb int    `json:"allocatedStorageGb"`
	EngineVersion      string `json:"engineVersion"`
	// MultiAz defaults to true; prod may not turn it off.
	MultiAz *bool `json:"multiAz"`
	// SourceSecretArn holds the SQL Server host, port, username and password
	// (DMS reads it through its access role; no password in config).
	SourceSecretArn string `json:"sourceSecretArn"`
	SourceDatabase  string `json:"sourceDatabase"`
	// SourceCaCertificateArn (a DMS certificate) turns on verify-full;
	// without it the source endpoint still requires TLS.
	SourceCaCertificateArn string   `json:"sourceCaCertificateArn"`
	TargetDatabase         string   `json:"targetDatabase"`
	TargetCaCertificateArn string   `json:"targetCaCertificateArn"`
	IncludeSchemas         []string `json:"includeSchemas"`
	ExcludeSchemas         []string `json:"excludeSchemas"`
	// CreateServiceRoles makes the account-global dms-vpc-role and
	// dms-cloudwatch-logs-role (retained when the tier goes). Off: most
	// accounts that ever used DMS have them, and creating them again fails.
	CreateServiceRoles bool `json:"createServiceRoles"`
}

// MultiAzEnabled is the effective DMS Multi-AZ setting.
func (m Migration) MultiAzEnabled() bool { return m.MultiAz == nil || *m.MultiAz }

// Observability sets the alarm thresholds.
type Observability struct {
	// P99LatencyMs is the response time the migration promised (100 ms).
	P99LatencyMs         int     `json:"p99LatencyMs"`
	Alb5xxPercent        float64 `json:"alb5xxPercent"`
	AuroraCpuPercent     int     `json:"auroraCpuPercent"`
	ReplicaLagMs         int     `json:"replicaLagMs"`
	BiReplicaLagMs       int     `json:"biReplicaLagMs"`
	MaxConnections       int     `json:"maxConnections"`
	MinFreeableMemoryMb  int     `json:"minFreeableMemoryMb"`
	EcsCpuPercent        int     `json:"ecsCpuPercent"`
	EcsMemoryPercent     int     `json:"ecsMemoryPercent"`
	DmsCdcLatencySeconds int     `json:"dmsCdcLatencySeconds"`
}

func defaultObservability() Observability {
	return Observability{
		P99LatencyMs: 100, Alb5xxPercent: 1, AuroraCpuPercent: 80, ReplicaLagMs: 1000, BiReplicaLagMs: 60000,
		MaxConnections: 1500, MinFreeableMemoryMb: 1024, EcsCpuPercent: 85, EcsMemoryPercent: 85, DmsCdcLatencySeconds: 300,
	}
}

func defaultMigration() Migration {
	return Migration{InstanceClass: "dms.r6i.large", AllocatedStorageGb: 100, EngineVersion: "3.5.4", TargetDatabase: "carestack"}
}

var dmsCertificateArn = `^arn:aws(-us-gov)?:dms:[a-z0-9-]+:[0-9]{12}:cert:[A-Za-z0-9-]+$`

func (c *Config) validateOperations(bad func(key string, value any, allowed, example string)) {
	m := c.Migration
	if m.Enabled {
		if !strings.HasPrefix(m.InstanceClass, "dms.") {
			bad("migration.instanceClass", m.InstanceClass, "a DMS replication instance class", "dms.r6i.large")
		}
		if m.AllocatedStorageGb < 50 || m.AllocatedStorageGb > 6144 {
			bad("migration.allocatedStorageGb", m.AllocatedStorageGb, "50 to 6144 GB", "100")
		}
		if c.IsProd() && !m.MultiAzEnabled() {
			bad("migration.multiAz", false, "true in prod (a failed replication instance must not end the window)", "true")
		}
		if !secretArn.MatchString(m.SourceSecretArn) {
			bad("migration.sourceSecretArn", m.SourceSecretArn, "the Secrets Manager ARN holding the SQL Server connection (host, port, username, password)",
				"arn:aws:secretsmanager:us-east-1:123456789012:secret:carestack/prod/sqlserver-AbCdEf")
		}
		if m.SourceDatabase == "" {
			bad("migration.sourceDatabase", "", "the SQL Server database to migrate", "CareOps")
		}
		for _, k := range []struct{ key, v string }{{"sourceCaCertificateArn", m.SourceCaCertificateArn}, {"targetCaCertificateArn", m.TargetCaCertificateArn}} {
			if k.v != "" && !matches(dmsCertificateArn, k.v) {
				bad("migration."+k.key, k.v, "a DMS certificate ARN (or leave empty for sslMode require)", "arn:aws:dms:us-east-1:123456789012:cert:ABCDEF")
			}
		}
		if len(m.IncludeSchemas) == 0 {
			bad("migration.includeSchemas", "", "the schemas to migrate, at least one", "[dbo]")
		}
		for i, s := range append(append([]string{}, m.IncludeSchemas...), m.ExcludeSchemas...) {
			if s == "" || strings.ContainsAny(s, "%'\"") {
				bad(fmt.Sprintf("migration.schemas[%d]", i), s, "a schema name without wildcards or quotes", "dbo")
			}
		}
	}
	o := c.Observability
	for _, t := range []struct {
		key string
		v   float64
	}{
		{"p99LatencyMs", float64(o.P99LatencyMs)}, {"alb5xxPercent", o.Alb5xxPercent}, {"auroraCpuPercent", float64(o.AuroraCpuPercent)},
		{"replicaLagMs", float64(o.ReplicaLagMs)}, {"biReplicaLagMs", float64(o.BiReplicaLagMs)}, {"maxConnections", float64(o.MaxConnections)},
		{"minFreeableMemoryMb", float64(o.MinFreeableMemoryMb)}, {"ecsCpuPercent", float64(o.EcsCpuPercent)},
		{"ecsMemoryPercent", float64(o.EcsMemoryPercent)}, {"dmsCdcLatencySeconds", float64(o.DmsCdcLatencySeconds)},
	} {
		if t.v <= 0 {
			bad("observability."+t.key, t.v, "a positive threshold", fmt.Sprint(defaultObservability()))
		}
	}
	for _, t := range []struct {
		key string
		v   int
	}{{"auroraCpuPercent", o.AuroraCpuPercent}, {"ecsCpuPercent", o.EcsCpuPercent}, {"ecsMemoryPercent", o.EcsMemoryPercent}} {
		if t.v > 100 {
			bad("observability."+t.key, t.v, "a percentage up to 100", "80")
		}
	}
}
