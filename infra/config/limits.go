package config

import (
	"fmt"
	"regexp"
	"strings"
)

// NameRule is AWS's rule for one kind of physical name: its longest length
// and the characters it may hold, with where AWS (or the provider) says so.
type NameRule struct {
	Kind string
	Max  int
	// Pattern is the whole name's allowed form; nil means any characters.
	Pattern *regexp.Regexp
	Source  string
}

// Check returns why name breaks the rule ("" when it does not).
func (r NameRule) Check(name string) string {
	switch {
	case len(name) > r.Max:
		return fmt.Sprintf("%s %q is %d characters, at most %d allowed", r.Kind, name, len(name), r.Max)
	case r.Pattern != nil && !r.Pattern.MatchString(name):
		return fmt.Sprintf("%s %q has characters or a form AWS refuses (%s)", r.Kind, name, r.Pattern)
	}
	return ""
}

// AutoNameSuffix is what Pulumi's auto-naming appends to a logical name: a
// dash and seven random characters (https://www.pulumi.com/docs/iac/concepts/resources/names/#autonaming).
const AutoNameSuffix = len("-1234567")

var (
	lowerDNS     = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*$`)
	rdsID        = regexp.MustCompile(`^[a-zA-Z](-?[a-zA-Z0-9])*$`) // letter first, no "--", no trailing "-"
	lettersDash  = regexp.MustCompile(`^[a-zA-Z0-9-]+$`)
	lettersUnder = regexp.MustCompile(`^[a-zA-Z0-9_-]+$`)
	ecrName      = regexp.MustCompile(`^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$`)
	logGroupName = regexp.MustCompile(`^[.\-_/#A-Za-z0-9]+$`)
	kmsAlias     = regexp.MustCompile(`^alias/[a-zA-Z0-9/_-]+$`)
	stackName    = regexp.MustCompile(`^[a-z0-9](-?[a-z0-9])*$`)
)

// The name rules of every physical name the estate builds or that
// auto-naming derives from a logical name. Each cites its source.
var (
	RuleS3BucketPrefix = NameRule{"S3 bucket name prefix (bucketPrefix)", 37, lowerDNS,
		"pulumi-aws s3.BucketV2 bucketPrefix: lowercase, at most 37 characters (the provider appends a 26-character unique suffix to reach S3's 63: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html)"}
	RuleS3Bucket = NameRule{"S3 bucket name", 63, lowerDNS,
		"https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html: 3-63 lowercase letters, digits, dots and hyphens"}
	RuleTargetGroup = NameRule{"ALB target group name", 32, lettersDash,
		"https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html: at most 32 alphanumerics or hyphens (pulumi-aws lb.TargetGroup name; namePrefix at most 6)"}
	RuleLoadBalancer = NameRule{"load balancer name", 32, lettersDash,
		"https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html: at most 32 alphanumerics or hyphens"}
	RuleIAMRole = NameRule{"IAM role name", 64, regexp.MustCompile(`^[\w+=,.@-]+$`),
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html: role names at most 64 characters"}
	RuleIAMInlinePolicy = NameRule{"IAM inline policy name", 128, regexp.MustCompile(`^[\w+=,.@-]+$`),
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html: policy names at most 128 characters"}
	RuleLogGroup = NameRule{"CloudWatch log group name", 512, logGroupName,
		"https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html: 1-512 of [.-_/#A-Za-z0-9]"}
	RuleECRRepository = NameRule{"ECR repository name", 256, ecrName,
		"https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html: 2-256, lowercase, separators . _ - / never doubled"}
	RuleECSService = NameRule{"ECS service name", 255, lettersUnder,
		"https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html: up to 255 letters, numbers, underscores and hyphens"}
	RuleECSCluster = NameRule{"ECS cluster name", 255, lettersUnder,
		"https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCluster.html: up to 255 letters, numbers, underscores and hyphens"}
	RuleTaskFamily = NameRule{"ECS task definition family", 255, lettersUnder,
		"https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html: up to 255 letters, numbers, underscores and hyphens"}
	RuleKMSAlias = NameRule{"KMS alias", 256, kmsAlias,
		"https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html: alias/ and 1-256 of [a-zA-Z0-9/_-]"}
	RuleSNSTopic = NameRule{"SNS topic name", 256, lettersUnder,
		"https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html: 1-256 letters, numbers, underscores and hyphens"}
	RuleRDSIdentifier = NameRule{"RDS cluster, instance or endpoint identifier", 63, rdsID,
		"https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html (and CreateDBInstance, CreateDBClusterEndpoint): 1-63 letters, digits or hyphens, a letter first, no two hyphens in a row, no hyphen last"}
	RuleRDSSnapshot = NameRule{"RDS final snapshot identifier", 255, rdsID,
		"https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBCluster.html FinalDBSnapshotIdentifier: 1-255, a letter first, no two hyphens in a row, no hyphen last"}
	RuleRDSProxy = NameRule{"RDS Proxy name", 63, rdsID,
		"https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBProxy.html: a letter first, letters digits and hyphens, no two hyphens in a row, no hyphen last (63 as RDS identifiers)"}
	RuleDMSInstance = NameRule{"DMS replication instance identifier", 63, rdsID,
		"https://docs.aws.amazon.com/dms/latest/APIReference/API_CreateReplicationInstance.html: 1-63 letters, digits or hyphens, a letter first, no two hyphens in a row, no hyphen last"}
	RuleDMSIdentifier = NameRule{"DMS endpoint, task, subnet group or event subscription identifier", 255, rdsID,
		"https://docs.aws.amazon.com/dms/latest/APIReference/API_CreateEndpoint.html (and CreateReplicationTask, CreateReplicationSubnetGroup, CreateEventSubscription): up to 255, a letter first, no two hyphens in a row, no hyphen last"}
	RuleBackupVault = NameRule{"AWS Backup vault name", 50, regexp.MustCompile(`^[a-zA-Z0-9_-]{2,50}$`),
		"https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateBackupVault.html: 2-50 letters, digits, hyphens, underscores"}
	RuleBackupPlan = NameRule{"AWS Backup plan name", 200, regexp.MustCompile(`^[a-zA-Z0-9._-]+$`),
		"https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupPlan.html: 1-200 (API) alphanumerics or -_."}
	RuleBackupSelection = NameRule{"AWS Backup selection name", 50, regexp.MustCompile(`^[a-zA-Z0-9._-]{1,50}$`),
		"https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupSelection.html: 1-50 alphanumerics or -_."}
	RuleTrail = NameRule{"CloudTrail trail name", 128, regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9._-]{2,127}$`),
		"https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html: 3-128, letters, digits, . _ -, starting with a letter or digit"}
	RuleDashboard = NameRule{"CloudWatch dashboard name", 255, lettersUnder,
		"https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html: up to 255 alphanumerics, - and _"}
	RuleAlarm = NameRule{"CloudWatch alarm name", 255, nil,
		"https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html: 1-255 characters"}
	RuleOAC = NameRule{"CloudFront origin access control name", 64, nil,
		"https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_OriginAccessControlConfig.html: up to 64 characters"}
	RuleResponseHeadersPolicy = NameRule{"CloudFront response headers policy name", 128, lettersUnder,
		"https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_ResponseHeadersPolicyConfig.html: the policy's name (CloudFront quotas: 128 characters)"}
	RuleLogDelivery = NameRule{"CloudWatch Logs delivery source or destination name", 60, regexp.MustCompile(`^[\w-]+$`),
		"https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutDeliverySource.html: 1-60 of [\\w-]"}
	RuleWebACL = NameRule{"WAFv2 web ACL name", 128, regexp.MustCompile(`^[\w-]+$`),
		"https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html: 1-128 of [\\w-]"}
	RuleSecurityGroup = NameRule{"security group name", 255, nil,
		"https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html: up to 255 characters"}
)

// NameRules is the table above, for docs and tests.
var NameRules = []NameRule{
	RuleS3BucketPrefix, RuleS3Bucket, RuleTargetGroup, RuleLoadBalancer, RuleIAMRole, RuleIAMInlinePolicy, RuleLogGroup,
	RuleECRRepository, RuleECSService, RuleECSCluster, RuleTaskFamily, RuleKMSAlias, RuleSNSTopic, RuleRDSIdentifier,
	RuleRDSSnapshot, RuleRDSProxy, RuleDMSInstance, RuleDMSIdentifier, RuleBackupVault, RuleBackupPlan, RuleBackupSelection,
	RuleTrail, RuleDashboard, RuleAlarm, RuleOAC, RuleResponseHeadersPolicy, RuleLogDelivery, RuleWebACL, RuleSecurityGroup,
}

// PhysicalName is one name the program gives AWS (or auto-naming derives
// from a logical name, with AutoNameSuffix counted), the rule it must
// meet, and the config key whose value it carries ("stack" when only the
// stack name varies).
type PhysicalName struct {
	Key   string
	Value string
	Name  string
	Rule  NameRule
}

// auto is the longest name auto-naming makes from a logical name.
func auto(logical string) string { return logical + "-1234567" }

// PhysicalNames lists the names the estate builds for this config in
// stack. They mirror the components' formats; a test runs the program and
// finds each one among its inputs, so the two cannot drift apart.
func (c *Config) PhysicalNames(stack string) []PhysicalName {
	var out []PhysicalName
	add := func(key, value, name string, rule NameRule) {
		out = append(out, PhysicalName{Key: key, Value: value, Name: name, Rule: rule})
	}
	fromStack := func(name string, rule NameRule) { add("stack", stack, name, rule) }
	cs := "carestack-" + stack

	// Database (always).
	fromStack(cs, RuleRDSIdentifier)
	fromStack(cs, RuleRDSProxy)
	fromStack(cs+"-final-12345678", RuleRDSSnapshot)
	fromStack(cs+"-writer", RuleRDSIdentifier)
	for i := 1; i <= c.Database.ReaderCount; i++ {
		add("database.readerCount", fmt.Sprint(c.Database.ReaderCount), fmt.Sprintf("%s-reader-%d", cs, i), RuleRDSIdentifier)
	}
	if c.Database.BiReplica {
		fromStack(cs+"-bi", RuleRDSIdentifier)
		fromStack(cs+"-app-readers", RuleRDSIdentifier)
	}
	fromStack(cs, RuleBackupVault)
	if c.DR.Region != "" {
		fromStack(cs+"-dr", RuleBackupVault)
	}
	fromStack(cs+"-aurora", RuleBackupPlan)
	fromStack(cs+"-aurora", RuleBackupSelection)
	logs := []string{"audit", "error", "slowquery"}
	if c.Database.GeneralLog {
		logs = append(logs, "general")
	}
	for _, l := range logs {
		fromStack("/aws/rds/cluster/"+cs+"/"+l, RuleLogGroup)
	}
	// Keys, trail, logs, dashboard.
	for _, p := range []string{"data", "logs", "messaging", "backups", "confidential", "internal"} {
		fromStack("alias/"+cs+"-"+p, RuleKMSAlias)
	}
	fromStack(cs, RuleTrail)
	fromStack(cs, RuleDashboard)
	for _, g := range []string{"cloudtrail", "vpc-flow-logs", "ecs-exec"} {
		fromStack("/carestack/"+stack+"/"+g, RuleLogGroup)
	}

	for i, b := range c.Buckets {
		key := fmt.Sprintf("buckets[%d].name", i)
		if b.Classification == "PHI" {
			// PHI buckets are named by prefix so the trail selects them.
			add(key, b.Name, fmt.Sprintf("%s-phi-%s-", cs, b.Name), RuleS3BucketPrefix)
		} else {
			add(key, b.Name, auto("data-"+b.Name), RuleS3Bucket)
		}
		add(key, b.Name, auto("data-"+b.Name+"-replication"), RuleIAMRole)
	}
	for i, t := range c.Topics {
		add(fmt.Sprintf("topics[%d]", i), t, auto("topic-"+t), RuleSNSTopic)
	}
	if len(c.Services) > 0 {
		add("services", "", auto("ecs"), RuleECSCluster)
		add("services", "", auto("ecs"), RuleLoadBalancer)
		fromStack("aws-waf-logs-"+cs+"-ecs-waf", RuleLogGroup)
	}
	for _, s := range c.Services {
		key := fmt.Sprintf("services[%s].name", s.Name)
		add(key, s.Name, "carestack/"+stack+"/"+s.Name, RuleECRRepository)
		add(key, s.Name, "/carestack/"+stack+"/services/"+s.Name, RuleLogGroup)
		add(key, s.Name, cs+"-"+s.Name, RuleTaskFamily)
		add(key, s.Name, auto(s.Name), RuleECSService)
		add(key, s.Name, auto(s.Name+"-execution"), RuleIAMRole)
		add(key, s.Name, auto(s.Name+"-execution"), RuleIAMInlinePolicy)
		add(key, s.Name, auto(s.Name+"-task"), RuleIAMRole)
		add(key, s.Name, auto("alarms-"+s.Name+"-running-tasks"), RuleAlarm)
		if s.Public {
			add(key, s.Name, auto("alarms-"+s.Name+"-unhealthy-hosts"), RuleAlarm)
			// The target group is auto-named from the service's name.
			add(key, s.Name, auto(s.Name), RuleTargetGroup)
		}
	}
	for i, s := range c.Sites {
		key := fmt.Sprintf("sites[%d].name", i)
		add(key, s.Name, auto("site-"+s.Name), RuleS3Bucket)
		add(key, s.Name, cs+"-site-"+s.Name, RuleOAC)
		add(key, s.Name, cs+"-site-"+s.Name, RuleResponseHeadersPolicy)
		add(key, s.Name, cs+"-site-"+s.Name, RuleLogDelivery)
		add(key, s.Name, auto("site-"+s.Name+"-waf"), RuleWebACL)
		add(key, s.Name, "aws-waf-logs-"+cs+"-site-"+s.Name+"-waf", RuleLogGroup)
	}
	if c.Migration.Enabled {
		fromStack(cs+"-dms", RuleDMSInstance)
		fromStack(cs+"-dms", RuleDMSIdentifier) // subnet group and event subscription
		fromStack(cs+"-sqlserver", RuleDMSIdentifier)
		fromStack(cs+"-aurora", RuleDMSIdentifier)
		fromStack(cs+"-sqlserver-to-aurora", RuleDMSIdentifier)
		fromStack("dms-tasks-"+cs+"-dms", RuleLogGroup)
	}
	return out
}

// validateNames checks every physical name against its rule before anything
// is registered, naming the config key whose value makes it too long.
func (c *Config) validateNames(bad func(key string, value any, allowed, example string)) {
	if c.Stack == "" {
		return // Validate called without a stack (unit tests of other rules)
	}
	if !stackName.MatchString(c.Stack) {
		bad("stack", c.Stack, fmt.Sprintf("a stack name of lowercase letters, digits and single hyphens: it is part of S3 bucket and ECR repository names, which AWS refuses otherwise (%s; %s)",
			RuleS3Bucket.Source, RuleECRRepository.Source), strings.ToLower(c.Stack))
	}
	seen := map[string]bool{}
	for _, n := range c.PhysicalNames(c.Stack) {
		why := n.Rule.Check(n.Name)
		if why == "" || seen[n.Key+why] {
			continue
		}
		seen[n.Key+why] = true
		value := n.Value
		if n.Key == "stack" {
			value = c.Stack
		}
		bad(n.Key, value, fmt.Sprintf("a shorter value: %s in stack %q (%s)", why, c.Stack, n.Rule.Source), shorter(n))
	}
}

// shorter suggests a value that fits, for the error's example.
func shorter(n PhysicalName) string {
	over := len(n.Name) - n.Rule.Max
	if over <= 0 || over >= len(n.Value) {
		return "a name with lowercase letters, digits and single hyphens"
	}
	return strings.TrimRight(n.Value[:len(n.Value)-over], "-")
}
