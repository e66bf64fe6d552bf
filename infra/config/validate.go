package config

import (
	"fmt"
	"net/netip"
	"regexp"
	"strings"
)

// Problem is one invalid config value: which key, what it was, what is
// allowed and an example a platform engineer can paste.
type Problem struct {
	Key     string
	Value   string
	Allowed string
	Example string
}

func (p Problem) String() string {
	return fmt.Sprintf("%s:%s = %q: %s (example: %s)", Namespace, p.Key, p.Value, p.Allowed, p.Example)
}

// Problems is every invalid value of a config, reported together.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, 0, len(ps)+1)
	lines = append(lines, fmt.Sprintf("invalid stack config (%d problem(s)); fix Pulumi.<stack>.yaml:", len(ps)))
	for _, p := range ps {
		lines = append(lines, "  - "+p.String())
	}
	return strings.Join(lines, "\n")
}

// Keys lists the keys with problems, in order, for tests and tooling.
func (ps Problems) Keys() []string {
	keys := make([]string, len(ps))
	for i, p := range ps {
		keys[i] = p.Key
	}
	return keys
}

// Aurora MySQL 3 runs on these instance families (db.serverless is Aurora
// Serverless v2). Anything else fails at create time, so it fails here first.
var auroraInstanceClass = regexp.MustCompile(`^db\.(r5|r6g|r6gd|r6i|r7g|r7i|r8g|x2g|t3|t4g)\.(medium|large|xlarge|[0-9]+xlarge)$|^db\.serverless$`)

var regionName = regexp.MustCompile(`^[a-z]{2}(-gov)?-[a-z]+-[0-9]$`)

var backupWindow = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$`)

// Validate returns every problem in c; nil means valid.
func (c *Config) Validate() Problems {
	var ps Problems
	bad := func(key string, value any, allowed, example string) {
		ps = append(ps, Problem{Key: key, Value: fmt.Sprint(value), Allowed: allowed, Example: example})
	}
	prod := c.IsProd()

	if !contains(Environments, c.Environment) {
		bad("environment", c.Environment, `one of "dev", "staging", "prod" (the environments the policy pack declares)`, "carestack:environment: staging")
	}
	if !regionName.MatchString(c.Region) {
		bad("region", c.Region, "an AWS region name", "carestack:region: us-east-1")
	}
	if strings.TrimSpace(c.Owner) == "" {
		bad("owner", c.Owner, "the team that owns the stack (the Owner tag)", "carestack:owner: platform")
	}

	n := c.Network
	if pfx, err := netip.ParsePrefix(n.CidrBlock); err != nil || !pfx.Addr().Is4() {
		bad("network.cidrBlock", n.CidrBlock, "an IPv4 CIDR block", "10.0.0.0/16")
	} else if pfx.Bits() < 16 || pfx.Bits() > 22 {
		bad("network.cidrBlock", n.CidrBlock, "a prefix length from /16 to /22 (room for three tiers per AZ)", "10.0.0.0/16")
	} else if !pfx.Addr().IsPrivate() {
		bad("network.cidrBlock", n.CidrBlock, "a private (RFC 1918) range", "10.0.0.0/16")
	}
	minAZ := 1
	if prod {
		minAZ = 2
	}
	if len(n.AvailabilityZones) < minAZ || len(n.AvailabilityZones) > 6 {
		bad("network.availabilityZones", strings.Join(n.AvailabilityZones, ","),
			fmt.Sprintf("%d to 6 availability zones in %s (prod needs at least 2 for failover)", minAZ, c.Region),
			fmt.Sprintf("[%sa, %sb, %sc]", c.Region, c.Region, c.Region))
	}
	seen := map[string]bool{}
	for i, az := range n.AvailabilityZones {
		key := fmt.Sprintf("network.availabilityZones[%d]", i)
		if !strings.HasPrefix(az, c.Region) || len(az) != len(c.Region)+1 {
			bad(key, az, "an availability zone of region "+c.Region, c.Region+"a")
		} else if seen[az] {
			bad(key, az, "each availability zone once", c.Region+"b")
		}
		seen[az] = true
	}
	switch {
	case n.NatGateways != "OnePerAz" && n.NatGateways != "Single":
		bad("network.natGateways", n.NatGateways, `"OnePerAz" or "Single"`, "OnePerAz")
	case prod && n.NatGateways != "OnePerAz":
		bad("network.natGateways", n.NatGateways, `"OnePerAz" in prod (one NAT per AZ survives an AZ outage)`, "OnePerAz")
	}

	d := c.Database
	if !strings.HasPrefix(d.EngineVersion, "8.0.mysql_aurora.3.") {
		bad("database.engineVersion", d.EngineVersion, "a pinned Aurora MySQL 3 (MySQL 8.0) version", "8.0.mysql_aurora.3.08.2")
	}
	if !auroraInstanceClass.MatchString(d.InstanceClass) {
		bad("database.instanceClass", d.InstanceClass, "an Aurora MySQL instance class (families r5, r6g, r6gd, r6i, r7g, r7i, r8g, x2g, t3, t4g, or db.serverless)", "db.r6g.large")
	} else if prod && strings.HasPrefix(d.InstanceClass, "db.t") {
		bad("database.instanceClass", d.InstanceClass, "a memory-optimised class in prod (burstable db.t* classes throttle under load)", "db.r6g.large")
	}
	if d.BiReplica && !auroraInstanceClass.MatchString(d.BiInstanceClass) {
		bad("database.biInstanceClass", d.BiInstanceClass, "an Aurora MySQL instance class", "db.r6g.large")
	}
	switch {
	case d.ReaderCount < 0 || d.ReaderCount > 14:
		bad("database.readerCount", d.ReaderCount, "0 to 14 app readers (Aurora allows 15 replicas, one is the BI replica)", "1")
	case prod && d.ReaderCount < 1:
		bad("database.readerCount", d.ReaderCount, "at least 1 in prod, so the writer can fail over to another AZ", "1")
	}
	minBackup := 1
	if prod {
		minBackup = 35
	}
	if d.BackupRetentionDays < minBackup || d.BackupRetentionDays > 35 {
		bad("database.backupRetentionDays", d.BackupRetentionDays, fmt.Sprintf("%d to 35 days (prod keeps 35)", minBackup), "35")
	}
	if !backupWindow.MatchString(d.PreferredBackupWindow) {
		bad("database.preferredBackupWindow", d.PreferredBackupWindow, "hh:mm-hh:mm in UTC", "07:00-08:00")
	}
	if d.BacktrackHours < 1 || d.BacktrackHours > 72 {
		bad("database.backtrackHours", d.BacktrackHours, "1 to 72 hours", "24")
	}
	if pi := d.PerformanceInsightsRetentionDays; pi != 7 && pi != 731 && (pi%31 != 0 || pi < 31 || pi > 713) {
		bad("database.performanceInsightsRetentionDays", pi, "7, 731, or a multiple of 31 up to 713", "7")
	}
	switch d.MonitoringIntervalSeconds {
	case 1, 5, 10, 15, 30, 60:
	default:
		bad("database.monitoringIntervalSeconds", d.MonitoringIntervalSeconds, "one of 1, 5, 10, 15, 30, 60 (enhanced monitoring is required)", "60")
	}
	if prod && !d.DeletionProtectionEnabled() {
		bad("database.deletionProtection", false, "true in prod", "true")
	}
	if prod && !d.ProtectEnabled() {
		bad("database.protect", false, "true in prod", "true")
	}

	if !validRetention(c.Logging.RetentionDays) || (prod && c.Logging.RetentionDays < 365) {
		bad("logging.retentionDays", c.Logging.RetentionDays, "a CloudWatch Logs retention of at least 365 days in prod (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)", "365")
	}
	minVault := 7
	if prod {
		minVault = 35
	}
	if c.Backup.RetentionDays < minVault {
		bad("backup.retentionDays", c.Backup.RetentionDays, fmt.Sprintf("at least %d days", minVault), "35")
	}
	if c.Audit.ObjectLockDays < 0 {
		bad("audit.objectLockDays", c.Audit.ObjectLockDays, "0 (off) or a number of days", "365")
	}
	c.validateApps(bad)
	c.validateOperations(bad)
	c.validateNames(bad)
	if c.Audit.LogBucketExpireDays < 90 {
		bad("audit.logBucketExpireDays", c.Audit.LogBucketExpireDays, "at least 90 days", "400")
	}
	return ps
}

func validRetention(days int) bool {
	switch days {
	case 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653:
		return true
	}
	return false
}
