package rules

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

const groupLogging = "logging"

// TagReplicaOf marks a bucket that is another bucket's DR replica.
const TagReplicaOf = "ReplicaOf"

// TagWorkload marks the BI replica and its endpoint (Workload=bi).
const TagWorkload = "Workload"

var availabilityRules = []*Rule{
	{
		ID: "AVL-01", Name: "aurora-multi-az", Group: groupAvailability,
		Title: "Aurora clusters must run at least two instances in distinct availability zones.",
		HIPAA: []string{"308(a)(7)(i)", "308(a)(7)(ii)(C)"}, SOC2: []string{"A1.2"},
		Severity: "high", Scope: ScopeStack, Types: []string{RDSCluster, RDSClusterInstance}, Exceptable: true,
		Params:      map[string]any{"minInstances": 2},
		Remediation: "Set database.readerCount to at least 1; database.Aurora spreads instances over the configured AZs.",
		checkStack: func(s *Stack, c *Check) {
			for _, cl := range s.OfType(RDSCluster) {
				insts := s.Linked(cl, "clusterIdentifier", RDSClusterInstance)
				cc := c.On(cl)
				if float64(len(insts)) < c.NumParam("minInstances") {
					cc.Fail(fmt.Sprintf("the cluster has %d instance(s), so a failure of its AZ is an outage", len(insts)), "Add a reader in another AZ")
					continue
				}
				azs := map[string]string{}
				for _, in := range insts {
					az, st := getString(in.Props, "availabilityZone")
					if st == present {
						if other, dup := azs[az]; dup && len(insts) <= 3 {
							cc.Fail(fmt.Sprintf("instances %s and %s share %s", other, in.Name, shown(in.Props, "availabilityZone")), "Place instances in distinct AZs")
						}
						azs[az] = in.Name
					}
				}
			}
		},
	},
	{
		ID: "AVL-02", Name: "aurora-backup-retention", Group: groupAvailability,
		Title: "Aurora must keep automated backups for at least 7 days in a set window.",
		HIPAA: []string{"308(a)(7)(i)", "308(a)(7)(ii)(A)", "308(a)(7)(ii)(B)", "312(a)(2)(ii)"}, SOC2: []string{"A1.2", "CC7.4"},
		Severity: "high", Scope: ScopeResource, Types: []string{RDSCluster}, Exceptable: true,
		Params:      map[string]any{"minRetentionDays": 7},
		Remediation: "Set backupRetentionPeriod (database.backupRetentionDays; 35 in prod) and preferredBackupWindow.",
		check: func(c *Check) {
			c.AtLeast("backupRetentionPeriod", c.NumParam("minRetentionDays"), "Raise database.backupRetentionDays (the SDK default is 1)")
			c.Present("preferredBackupWindow", "Set preferredBackupWindow")
		},
	},
	{
		ID: "AVL-03", Name: "aurora-in-backup-plan", Group: groupAvailability,
		Title: "Aurora clusters must be selected by an AWS Backup plan.",
		HIPAA: []string{"308(a)(7)(i)", "308(a)(7)(ii)(A)", "308(a)(7)(ii)(B)", "310(d)(2)(iv)", "312(a)(2)(ii)"}, SOC2: []string{"A1.2", "CC7.4"},
		Severity: "high", Scope: ScopeStack, Types: []string{RDSCluster, BackupSelection}, Exceptable: true,
		Remediation: "Add a backup.Selection whose resources include the cluster ARN (database.Aurora does).",
		checkStack: func(s *Stack, c *Check) {
			for _, cl := range s.OfType(RDSCluster) {
				if len(s.Linked(cl, "resources", BackupSelection)) > 0 || selectedByTags(s, cl) {
					continue
				}
				c.On(cl).Fail("no AWS Backup selection covers the cluster", "Add a backup.Selection with the cluster ARN")
			}
		},
	},
	{
		ID: "AVL-04", Name: "backup-plan-quality", Group: groupAvailability,
		Title: "Backup plans must run daily, keep recovery points 35 days and copy them to another region; PHI vaults must be locked.",
		HIPAA: []string{"308(a)(7)(ii)(A)", "308(a)(7)(ii)(B)", "310(d)(2)(iv)"}, SOC2: []string{"A1.2", "CC7.4"},
		Severity: "medium", Scope: ScopeStack, Types: []string{BackupPlan, BackupVault, BackupVaultLock}, Exceptable: true,
		Params:      map[string]any{"minDeleteAfterDays": 35},
		Remediation: "Give every plan rule a daily schedule, lifecycle.deleteAfter of 35+ days and a copy action to a vault in carestack:dr.region; set backup.vaultLock in the stack config.",
		checkStack: func(s *Stack, c *Check) {
			for _, p := range s.OfType(BackupPlan) {
				pc := c.On(p)
				pc.Each("rules", func(_ int, rule property.Map, path string) {
					checkDailySchedule(pc, path+".schedule")
					pc.AtLeast(path+".lifecycle.deleteAfter", c.NumParam("minDeleteAfterDays"), "Keep recovery points longer")
					checkCrossRegionCopy(s, pc, p, rule, path)
				})
			}
			for _, v := range s.OfType(BackupVault) {
				if !v.IsPHI() {
					continue
				}
				locks := s.Linked(v, "backupVaultName", BackupVaultLock)
				if len(locks) == 0 {
					c.On(v).Fail("a PHI backup vault has no vault lock, so recovery points can be deleted early", "Set carestack:backup.vaultLock: true")
				}
				for _, l := range locks {
					c.On(l).Present("minRetentionDays", "Set the lock's minRetentionDays to the plan's retention")
				}
			}
		},
	},
	{
		ID: "AVL-05", Name: "ecs-service-ha", Group: groupAvailability,
		Title: "ECS services must run at least two Fargate tasks with a deployment circuit breaker.",
		HIPAA: []string{"308(a)(7)(ii)(C)"}, SOC2: []string{"A1.2"},
		Severity: "high", Scope: ScopeResource, Types: []string{ECSService}, Exceptable: true,
		Params:      map[string]any{"minDesiredCount": 2},
		Remediation: "Set desiredCount >= 2 (auto scaling owns it later), deploymentCircuitBreaker {enable, rollback} and Fargate.",
		check: func(c *Check) {
			c.AtLeast("desiredCount", c.NumParam("minDesiredCount"), "Set the service's minimum tasks to 2 or more")
			c.True("deploymentCircuitBreaker.enable", "Enable the deployment circuit breaker with rollback")
			if lt, st := getString(c.Props(), "launchType"); st == present && lt != "FARGATE" {
				c.Fail("launchType is "+shown(c.Props(), "launchType"), "Run on Fargate")
			} else if st == missing {
				if _, st := lookup(c.Props(), "capacityProviderStrategies"); st == missing {
					c.Fail("neither launchType FARGATE nor a capacity provider strategy is set", "Set launchType: FARGATE or Fargate capacity providers")
				}
			}
		},
	},
	{
		ID: "AVL-06", Name: "ecs-autoscaling", Group: groupAvailability,
		Title: "Load-balanced ECS services must auto scale with a minimum of two tasks.",
		HIPAA: []string{"308(a)(7)(i)", "308(a)(7)(ii)(C)"}, SOC2: []string{"A1.2"},
		Severity: "high", Scope: ScopeStack, Types: []string{ECSService, AppScalingTarget, AppScalingPolicy}, Exceptable: true,
		Params:      map[string]any{"minCapacity": 2},
		Remediation: "Add an appautoscaling Target (minCapacity >= 2) and target-tracking policies for the service (compute.Service does).",
		checkStack: func(s *Stack, c *Check) {
			for _, svc := range s.OfType(ECSService) {
				if lbs, _ := getArray(svc.Props, "loadBalancers"); len(lbs) == 0 {
					continue
				}
				targets := s.Linked(svc, "resourceId", AppScalingTarget)
				if len(targets) == 0 {
					c.On(svc).Fail("the service has no auto scaling target", "Add an appautoscaling Target and policies")
					continue
				}
				for _, t := range targets {
					tc := c.On(t)
					tc.AtLeast("minCapacity", c.NumParam("minCapacity"), "Raise minCapacity")
					if len(s.Linked(t, "resourceId", AppScalingPolicy)) == 0 {
						tc.Fail("the scaling target has no scaling policy", "Add target-tracking policies on CPU, memory and requests per target")
					}
				}
			}
		},
	},
	{
		ID: "AVL-07", Name: "bi-reader-endpoint", Group: groupAvailability,
		Title: "The BI replica must be last in failover order and reachable only through its own READER endpoint.",
		HIPAA: []string{"308(a)(7)(ii)(C)"}, SOC2: []string{"A1.2"},
		Severity: "medium", Scope: ScopeStack, Types: []string{RDSClusterEndpoint, RDSClusterInstance}, Exceptable: true,
		Params:      map[string]any{"minPromotionTier": 15},
		Remediation: "Tag the BI instance and endpoint Workload=bi; give the instance promotionTier 15; the BI endpoint lists it in staticMembers and every other custom endpoint excludes it.",
		checkStack: func(s *Stack, c *Check) {
			biIDs := map[string]bool{}
			for _, in := range s.OfType(RDSClusterInstance) {
				if w, _ := getString(in.Props, "tags."+TagWorkload); w != "bi" {
					continue
				}
				c.On(in).AtLeast("promotionTier", c.NumParam("minPromotionTier"), "Set promotionTier: 15 so failover never promotes the BI replica first")
				if id, st := getString(in.Props, "identifier"); st == present {
					biIDs[id] = true
				}
			}
			for _, ep := range s.OfType(RDSClusterEndpoint) {
				ec := c.On(ep)
				w, _ := getString(ep.Props, "tags."+TagWorkload)
				static, _ := getStrings(ep.Props, "staticMembers")
				excluded, _ := getStrings(ep.Props, "excludedMembers")
				if w == "bi" {
					ec.OneOf("customEndpointType", []string{"READER"}, "Set customEndpointType: READER")
					if len(static) == 0 {
						ec.Fail("the BI endpoint has no static members, so it can route to any reader", "List the BI replica in staticMembers")
					}
					continue
				}
				for id := range biIDs {
					if contains(static, id) || (len(static) == 0 && !contains(excluded, id)) {
						ec.Fail("an application endpoint can route to the BI replica "+id, "Add it to excludedMembers")
					}
				}
			}
		},
	},
	{
		ID: "AVL-08", Name: "auto-patching", Group: groupAvailability,
		Title: "Managed engines must take minor-version patches; Fargate must run a current platform.",
		HIPAA: []string{"308(a)(5)(ii)(A)"}, SOC2: []string{"CC7.1"},
		Severity: "medium", Scope: ScopeResource, Types: []string{RDSClusterInstance, DMSReplicationInstance, ECSService}, Exceptable: true,
		Remediation: "Leave autoMinorVersionUpgrade on; DMS multiAz true; Fargate platformVersion LATEST or 1.4.0+.",
		check: func(c *Check) {
			switch c.Resource().Type {
			case ECSService:
				if v, st := getString(c.Props(), "platformVersion"); st == present && v != "LATEST" && v < "1.4.0" {
					c.Fail("platformVersion "+shown(c.Props(), "platformVersion")+" is unpatched", "Use LATEST")
				}
			case DMSReplicationInstance:
				c.NotFalse("autoMinorVersionUpgrade", "Turn autoMinorVersionUpgrade on")
				c.True("multiAz", "Set multiAz: true")
			default:
				c.NotFalse("autoMinorVersionUpgrade", "Turn autoMinorVersionUpgrade on")
			}
		},
	},
	{
		ID: "AVL-09", Name: "ecr-hardening", Group: groupAvailability,
		Title: "ECR repositories must scan on push, keep tags immutable and encrypt with KMS.",
		HIPAA: []string{"308(a)(5)(ii)(B)", "312(a)(2)(iv)"}, SOC2: []string{"CC7.1", "CC6.8"},
		Severity: "medium", Scope: ScopeResource, Types: []string{ECRRepository}, Exceptable: true,
		Remediation: "Set imageScanningConfiguration.scanOnPush, imageTagMutability IMMUTABLE and encryptionConfigurations [{encryptionType: KMS}].",
		check: func(c *Check) {
			c.True("imageScanningConfiguration.scanOnPush", "Set scanOnPush: true")
			c.OneOf("imageTagMutability", []string{"IMMUTABLE"}, "Set imageTagMutability: IMMUTABLE")
			c.OneOf("encryptionConfigurations[0].encryptionType", []string{"KMS"}, "Set encryptionType: KMS")
		},
	},
}

var loggingRules = []*Rule{
	{
		ID: "LOG-01", Name: "aurora-observability", Group: groupLogging,
		Title: "Aurora must export its engine's audit, error and slow-query logs (postgresql for PostgreSQL) and run enhanced monitoring and Performance Insights.",
		HIPAA: []string{"308(a)(3)(ii)(A)", "308(a)(5)(ii)(C)", "312(b)"}, SOC2: []string{"CC7.2", "CC7.3", "PI1.3"},
		Severity: "high", Scope: ScopeResource, Types: []string{RDSCluster, RDSClusterInstance}, Exceptable: true,
		Params:      map[string]any{"requiredLogExports": []string{"audit", "error", "slowquery"}, "requiredPostgresLogExports": []string{"postgresql"}},
		Remediation: "Cluster: enabledCloudwatchLogsExports [audit, error, slowquery] for Aurora MySQL, [postgresql] for Aurora PostgreSQL. Instances: monitoringInterval > 0 with monitoringRoleArn, performanceInsightsEnabled.",
		check: func(c *Check) {
			if c.Resource().Type == RDSCluster {
				// The engine decides which logs exist: Aurora PostgreSQL
				// exports one log, postgresql; audit, error, general and
				// slowquery are MySQL's (the SDK's enabledCloudwatchLogsExports
				// doc; Aurora User Guide, "Publishing database logs to
				// CloudWatch Logs").
				fam, est := engineFamily(c.Props())
				got, st := getStrings(c.Props(), "enabledCloudwatchLogsExports")
				if st == computed || est == computed {
					c.Defer("enabledCloudwatchLogsExports")
					return
				}
				if st == badShape {
					c.shape("enabledCloudwatchLogsExports", "a list of log types")
					return
				}
				param := "requiredLogExports"
				switch fam {
				case "postgres":
					param = "requiredPostgresLogExports"
				case "mysql":
				default:
					return // an engine this rule does not know
				}
				engine, _ := getString(c.Props(), "engine")
				for _, want := range c.StringsParam(param) {
					// Multi-AZ DB clusters of RDS for MySQL take no option
					// group, so they have no audit plugin and no audit log.
					if engine == "mysql" && want == "audit" {
						continue
					}
					if !contains(got, want) {
						c.Fail("the "+want+" log is not exported to CloudWatch (RDS exports no log unless listed)", "Add "+want+" to enabledCloudwatchLogsExports")
					}
				}
				return
			}
			c.AtLeast("monitoringInterval", 1, "Set monitoringInterval (enhanced monitoring)")
			c.Present("monitoringRoleArn", "Set monitoringRoleArn")
			c.True("performanceInsightsEnabled", "Set performanceInsightsEnabled: true")
		},
	},
	{
		ID: "LOG-02", Name: "alb-access-logs", Group: groupLogging,
		Title: "Load balancers must write access logs.",
		HIPAA: []string{"312(b)", "308(a)(1)(ii)(D)", "308(a)(3)(ii)(A)", "308(a)(6)(ii)"}, SOC2: []string{"CC7.2", "CC7.3", "A1.2", "PI1.2"},
		Severity: "high", Scope: ScopeResource, Types: append(append([]string{}, lbTypes...), classicELB), Exceptable: true,
		Remediation: "Set accessLogs {enabled: true, bucket: the log bucket}.",
		check: func(c *Check) {
			if c.Resource().Type == classicELB {
				// A Classic Load Balancer's access logs are on once the
				// block is set: the SDK documents enabled as true by default.
				if !c.Present("accessLogs", "Set accessLogs {bucket: the log bucket}") {
					return
				}
				c.NotFalse("accessLogs.enabled", "Set accessLogs.enabled: true")
				c.Present("accessLogs.bucket", "Set accessLogs.bucket to the log bucket")
				return
			}
			c.True("accessLogs.enabled", "Set accessLogs.enabled: true (the SDK default is false, even with a bucket)")
			c.Present("accessLogs.bucket", "Set accessLogs.bucket to the log bucket")
		},
	},
	{
		ID: "LOG-03", Name: "cloudfront-logging", Group: groupLogging,
		Title: "CloudFront distributions must log requests (legacy logging or standard logging v2).",
		HIPAA: []string{"308(a)(1)(ii)(D)"}, SOC2: []string{"A1.2", "PI1.2"},
		Severity: "medium", Scope: ScopeStack, Types: []string{CloudFrontDist, LogDeliverySource}, Exceptable: true,
		Remediation: "Add a CloudWatch log delivery source (ACCESS_LOGS) for the distribution with a delivery to the log bucket (web.StaticSite does), or set loggingConfig.bucket.",
		checkStack: func(s *Stack, c *Check) {
			for _, d := range s.OfType(CloudFrontDist) {
				if _, st := lookup(d.Props, "loggingConfig.bucket"); st != missing {
					continue
				}
				if len(s.Linked(d, "resourceArn", LogDeliverySource)) > 0 {
					continue
				}
				c.On(d).Fail("the distribution does not log requests", "Add a log delivery source and delivery, or loggingConfig.bucket")
			}
		},
	},
	{
		ID: "LOG-04", Name: "s3-access-logging", Group: groupLogging,
		Title: "S3 buckets must log access to another bucket; the log bucket itself is exempt.",
		HIPAA: []string{"308(a)(3)(ii)(A)", "312(b)"}, SOC2: []string{"CC7.2", "CC7.3", "A1.2"},
		Severity: "high", Scope: ScopeStack, Types: append(append([]string{}, bucketTypes...), S3LoggingV2, S3Logging), Exceptable: true,
		Remediation: "Add a BucketLoggingV2 targeting the estate's access-log bucket (storage.Bucket does).",
		checkStack: func(s *Stack, c *Check) {
			targets := inlineLogTargets(s)
			for _, b := range s.OfType(bucketTypes...) {
				// A bucket others log into is the log target.
				if len(s.Linked(b, "targetBucket", S3LoggingV2, S3Logging)) > 0 || inlineLogTarget(b, targets) {
					continue
				}
				logs := s.Linked(b, "bucket", S3LoggingV2, S3Logging)
				if len(logs) == 0 {
					// The deprecated inline form, loggings[] on both bucket
					// types (s3/pulumiTypes.go).
					bc := c.On(b)
					switch vals, st := getArray(b.Props, "loggings"); {
					case st == computed:
						bc.Defer("loggings")
					case st == badShape:
						bc.shape("loggings", "a list")
					case len(vals) == 0:
						bc.Fail("the bucket does not log access", "Add a BucketLoggingV2 to the access-log bucket")
					default:
						bc.Each("loggings", func(_ int, _ property.Map, p string) {
							bc.Present(p+".targetBucket", "Set targetBucket to the access-log bucket")
						})
					}
					continue
				}
				for _, l := range logs {
					lc := c.On(l)
					lc.Present("targetBucket", "Set targetBucket to the access-log bucket")
					for _, u := range l.PropertyDependencies["targetBucket"] {
						if u == b.URN {
							lc.Fail("the bucket logs into itself", "Target the access-log bucket")
						}
					}
				}
			}
		},
	},
	{
		ID: "LOG-05", Name: "log-retention", Group: groupLogging,
		Title: "Log groups must set a retention of at least a year.",
		HIPAA: []string{"312(b)"}, SOC2: []string{"CC7.2", "CC7.3", "C1.2"},
		Severity: "medium", Scope: ScopeResource, Types: []string{LogGroup}, Exceptable: true,
		Params:      map[string]any{"minRetentionDays": 365, "allowNeverExpire": false},
		Remediation: "Set retentionInDays from carestack:logging.retentionDays (365+ in prod).",
		check: func(c *Check) {
			n, st := getNumber(c.Props(), "retentionInDays")
			if st == present && n == 0 && c.Param("allowNeverExpire") == true {
				return
			}
			c.AtLeast("retentionInDays", c.NumParam("minRetentionDays"), "Set retentionInDays (unset keeps logs forever without a decision)")
		},
	},
	{
		ID: "LOG-06", Name: "workload-logging", Group: groupLogging,
		Title: "Containers and DMS tasks must ship their logs.",
		HIPAA: []string{"312(b)"}, SOC2: []string{"A1.2"},
		Severity: "medium", Scope: ScopeResource, Types: []string{ECSTaskDefinition, DMSReplicationTask}, Exceptable: true,
		Remediation: "Give every container logConfiguration with awslogs (or awsfirelens); set Logging.EnableLogging in DMS task settings.",
		check: func(c *Check) {
			if c.Resource().Type == DMSReplicationTask {
				doc, ok := c.JSON("replicationTaskSettings")
				if !ok {
					return
				}
				m, _ := doc.(map[string]any)
				logging, _ := m["Logging"].(map[string]any)
				if logging["EnableLogging"] != true {
					c.Fail("Logging.EnableLogging is not true in replicationTaskSettings", "Enable task logging")
				}
				return
			}
			doc, ok := c.JSON("containerDefinitions")
			if !ok {
				return
			}
			for _, cont := range containers(doc) {
				lc, _ := cont["logConfiguration"].(map[string]any)
				if d, _ := lc["logDriver"].(string); d != "awslogs" && d != "awsfirelens" {
					c.Fail(fmt.Sprintf("container %v has no awslogs/awsfirelens log driver", cont["name"]), "Set logConfiguration.logDriver: awslogs")
				}
			}
		},
	},
	{
		ID: "LOG-07", Name: "ecs-cluster-monitoring", Group: groupLogging,
		Title: "ECS clusters must run Container Insights and log execute-command sessions encrypted.",
		HIPAA: []string{"312(b)"}, SOC2: []string{"CC7.2"},
		Severity: "medium", Scope: ScopeResource, Types: []string{ECSCluster}, Exceptable: true,
		Remediation: "Set settings [{name: containerInsights, value: enabled}] and configuration.executeCommandConfiguration {kmsKeyId, logging: OVERRIDE}.",
		check: func(c *Check) {
			if _, st := lookup(c.Props(), "settings"); st == computed {
				c.Defer("settings")
				return
			}
			on := false
			c.Each("settings", func(_ int, m property.Map, _ string) {
				n, _ := getString(m, "name")
				v, _ := getString(m, "value")
				on = on || (n == "containerInsights" && (v == "enabled" || v == "enhanced"))
			})
			if !on {
				c.Fail("Container Insights is off", "Add settings {name: containerInsights, value: enabled}")
			}
			if _, st := lookup(c.Props(), "configuration.executeCommandConfiguration"); st != missing {
				c.Present("configuration.executeCommandConfiguration.kmsKeyId", "Encrypt exec sessions with the logs CMK")
				c.OneOf("configuration.executeCommandConfiguration.logging", []string{"OVERRIDE", "DEFAULT"}, "Set logging: OVERRIDE to an encrypted group")
			}
		},
	},
	{
		ID: "LOG-08", Name: "cloudtrail-baseline", Group: groupLogging,
		Title: "CloudTrail trails must be multi-region, validated, encrypted, sent to CloudWatch Logs, and record S3 data events on PHI buckets.",
		HIPAA: []string{"308(a)(3)(ii)(A)", "312(b)", "312(c)(1)", "312(c)(2)", "312(a)(2)(iv)", "312(e)(2)(ii)"}, SOC2: []string{"CC7.2", "CC7.3", "CC2.1"},
		Severity: "high", Scope: ScopeStack, Types: []string{CloudTrail, S3BucketV2, S3Bucket}, Exceptable: true,
		Remediation: "Set isMultiRegionTrail, enableLogFileValidation, kmsKeyId and cloudWatchLogsGroupArn, and select S3 object (data) events for every PHI bucket: advancedEventSelectors with eventCategory Data, resources.type AWS::S3::Object and resources.ARN startsWith the buckets' ARN (security.Audit does).",
		// A stack rule: whether object reads and writes on the PHI buckets
		// are recorded depends on the buckets, which a resource policy on
		// the trail cannot see.
		checkStack: func(s *Stack, c *Check) {
			trails := s.OfType(CloudTrail)
			for _, t := range trails {
				tc := c.On(t)
				for _, k := range []string{"isMultiRegionTrail", "enableLogFileValidation"} {
					tc.True(k, "Set "+k+": true")
				}
				tc.NotFalse("includeGlobalServiceEvents", "Set includeGlobalServiceEvents: true (the AWS default)")
				tc.NotFalse("enableLogging", "Set enableLogging: true (the AWS default)")
				tc.Present("cloudWatchLogsGroupArn", "Send the trail to a CloudWatch log group")
				tc.Present("kmsKeyId", "Encrypt the trail with the logs CMK")
			}
			if len(trails) == 0 {
				return // trail-exists speaks for a stack without a trail
			}
			for _, b := range s.OfType(bucketTypes...) {
				if !b.IsPHI() {
					continue
				}
				switch cov := phiDataEventCoverage(trails, b); cov {
				case coverageFull:
				case coverageUnknown:
					c.On(b).Defer("the trails' event selectors")
				default:
					c.On(b).Fail("no trail in the stack records "+string(cov)+" of this PHI bucket (S3 data events are off unless selected)",
						"Add an advanced event selector {eventCategory: Data, resources.type: AWS::S3::Object, resources.ARN startsWith arn:aws:s3:::<bucket>/} (or dataResources type AWS::S3::Object) to the trail")
				}
			}
		},
	},
	{
		ID: "LOG-09", Name: "trail-exists", Group: groupLogging,
		Title: "A stack that manages the account's security baseline must declare a CloudTrail trail, or record (as a reviewed exception) the organisation trail that covers the account.",
		HIPAA: []string{"312(b)"}, SOC2: []string{"CC7.2"},
		Severity: "high", Scope: ScopeStack, Exceptable: true,
		// Whether CloudTrail records an account is account state (AWS
		// Config's cloudtrail-enabled and Prowler's
		// cloudtrail_multi_region_enabled judge the account, not a stack),
		// usually an organisation trail in the management account that no
		// workload stack can see; asking every stack for a trail failed
		// every correct workload stack. The rule asks the stack that
		// manages the account's security baseline (GuardDuty, Security Hub,
		// AWS Config, Organizations, the IAM password policy, Access
		// Analyzer, Macie): that is where the trail belongs, unless the
		// organisation trail records the account, which an exception
		// names (docs/exceptions.md). The runtime backstop (AWS Config's
		// HIPAA pack) checks every account. Workload stacks are judged on
		// the trails they do declare (LOG-08).
		Remediation: "Keep security.Audit (or an aws.cloudtrail.Trail) in the stack that manages the account baseline; when an organisation trail records the account instead, add a reviewed exception for trail-exists on the stack's root URN (urn:pulumi:<stack>::<project>::pulumi:pulumi:Stack::<project>-<stack>) whose reason names that trail.",
		checkStack: func(s *Stack, c *Check) {
			if len(s.OfType(CloudTrail)) > 0 {
				return
			}
			if baseline := s.OfType(accountBaselineTypes...); len(baseline) > 0 {
				c.Fail("the stack manages the account's security baseline ("+baseline[0].Type+" "+baseline[0].Name+") but declares no CloudTrail trail",
					"Add a multi-region trail (security.Audit), or, when the organisation trail records this account, add an exception for trail-exists on the stack's root URN naming that trail (docs/exceptions.md)")
			}
		},
	},
	{
		ID: "LOG-10", Name: "vpc-flow-logs", Group: groupLogging,
		Title: "Every VPC must log ALL traffic with a flow log.",
		HIPAA: []string{"308(a)(3)(ii)(A)", "312(b)", "312(c)(2)"}, SOC2: []string{"CC7.2", "CC7.3", "CC6.6"},
		Severity: "high", Scope: ScopeStack, Types: []string{VPC, FlowLog}, Exceptable: true,
		Remediation: "Add an ec2.FlowLog with trafficType ALL to a KMS-encrypted log group (network.Network does; awsx adds none).",
		checkStack: func(s *Stack, c *Check) {
			for _, vpc := range s.OfType(VPC) {
				logs := s.Linked(vpc, "vpcId", FlowLog)
				if len(logs) == 0 {
					c.On(vpc).Fail("the VPC has no flow log", "Add a FlowLog with trafficType ALL")
				}
				for _, l := range logs {
					c.On(l).OneOf("trafficType", []string{"ALL"}, "Set trafficType: ALL")
				}
			}
		},
	},
	{
		ID: "LOG-11", Name: "waf-logging-and-alarms", Group: groupLogging,
		Title: "Web ACLs must log and emit metrics; every alarm must notify someone.",
		HIPAA: []string{"312(b)"}, SOC2: []string{"CC7.2", "CC7.3", "CC7.4", "PI1.2"},
		Severity: "medium", Scope: ScopeStack, Types: []string{WAFWebACL, WAFLoggingConfig, MetricAlarm}, Exceptable: true,
		Remediation: "Add a WebAclLoggingConfiguration per web ACL with cloudwatchMetricsEnabled; give every alarm alarmActions.",
		checkStack: func(s *Stack, c *Check) {
			for _, acl := range s.OfType(WAFWebACL) {
				ac := c.On(acl)
				if len(s.Linked(acl, "resourceArn", WAFLoggingConfig)) == 0 {
					ac.Fail("the web ACL does not log", "Add a WebAclLoggingConfiguration")
				}
				ac.True("visibilityConfig.cloudwatchMetricsEnabled", "Set cloudwatchMetricsEnabled: true")
			}
			for _, al := range s.OfType(MetricAlarm) {
				alc := c.On(al)
				alc.NotFalse("actionsEnabled", "Enable the alarm's actions")
				if acts, st := getArray(al.Props, "alarmActions"); st == present && len(acts) == 0 || st == missing {
					alc.Fail("the alarm has no alarmActions, so nobody is told", "Send it to the alarm topic")
				}
			}
		},
	},
}

var dataProtectionRules = []*Rule{
	{
		ID: "DP-01", Name: "aurora-deletion-safety", Group: groupDataProtection,
		Title: "Aurora must keep deletion protection, a final snapshot, tags on snapshots and backtrack.",
		HIPAA: []string{"308(a)(7)(i)", "308(a)(7)(ii)(C)"}, SOC2: []string{"C1.1", "A1.2"},
		Severity: "high", Scope: ScopeResource, Types: []string{RDSCluster}, Exceptable: true,
		Remediation: "Set deletionProtection, finalSnapshotIdentifier (skipFinalSnapshot false), copyTagsToSnapshot and backtrackWindow.",
		check: func(c *Check) {
			c.True("deletionProtection", "Set database.deletionProtection: true")
			c.NotTrue("skipFinalSnapshot", "Set skipFinalSnapshot: false")
			c.Present("finalSnapshotIdentifier", "Set finalSnapshotIdentifier")
			c.True("copyTagsToSnapshot", "Set copyTagsToSnapshot: true")
			if e, _ := getString(c.Props(), "engine"); e == "aurora-mysql" {
				c.AtLeast("backtrackWindow", 1, "Set database.backtrackHours")
			}
		},
	},
	{
		ID: "DP-02", Name: "alb-deletion-protection", Group: groupDataProtection,
		Title: "Load balancers must have deletion protection.",
		HIPAA: []string{"308(a)(7)(i)", "308(a)(7)(ii)(C)"}, SOC2: []string{"A1.2"},
		Severity: "low", Scope: ScopeResource, Types: lbTypes, Exceptable: true,
		Remediation: "Set enableDeletionProtection: true.",
		check:       func(c *Check) { c.True("enableDeletionProtection", "Set enableDeletionProtection: true") },
	},
	{
		ID: "DP-03", Name: "s3-versioning", Group: groupDataProtection,
		Title: "S3 buckets must keep object versions.",
		HIPAA: []string{"308(a)(7)(i)", "308(a)(7)(ii)(A)", "308(a)(7)(ii)(B)", "312(c)(1)", "312(c)(2)"}, SOC2: []string{"A1.2", "CC7.4", "C1.2", "PI1.5"},
		Severity: "high", Scope: ScopeStack, Types: append(append([]string{}, bucketTypes...), S3VersioningV2, S3Versioning), Exceptable: true,
		Remediation: "Add a BucketVersioningV2 with status Enabled (storage.Bucket does).",
		checkStack: func(s *Stack, c *Check) {
			for _, b := range s.OfType(bucketTypes...) {
				vs := s.Linked(b, "bucket", S3VersioningV2, S3Versioning)
				if len(vs) == 0 {
					bc := c.On(b)
					switch on, st := inlineVersioning(b); st {
					case computed:
						bc.Defer("versioning")
					case badShape:
						bc.shape("versioning", "the provider's inline versioning block")
					case present:
						if !on {
							bc.Fail("the bucket's inline versioning is not enabled", "Set enabled: true, or add a BucketVersioningV2 with status Enabled")
						}
					default:
						bc.Fail("the bucket is not versioned", "Add a BucketVersioningV2 with status Enabled")
					}
				}
				for _, v := range vs {
					c.On(v).OneOf("versioningConfiguration.status", []string{"Enabled"}, "Set status: Enabled")
				}
			}
		},
	},
	{
		ID: "DP-04", Name: "audit-bucket-immutability", Group: groupDataProtection,
		Title: "Buckets that receive CloudTrail logs must use object lock with a default retention.",
		HIPAA: []string{"308(a)(1)(ii)(B)", "312(c)(1)"}, SOC2: []string{"C1.1", "PI1.5"},
		Severity: "medium", Scope: ScopeStack, Types: []string{CloudTrail, S3BucketV2, S3ObjectLockConfigV2}, Exceptable: true,
		Remediation: "Set carestack:audit.objectLockDays (security.Audit turns on object lock in COMPLIANCE mode).",
		checkStack: func(s *Stack, c *Check) {
			for _, t := range s.OfType(CloudTrail) {
				for _, u := range t.PropertyDependencies["s3BucketName"] {
					b := s.ByURN(u)
					if b == nil || !contains(bucketTypes, b.Type) {
						continue
					}
					bc := c.On(b)
					if !bc.True("objectLockEnabled", "Create the audit bucket with object lock") {
						continue
					}
					if len(s.Linked(b, "bucket", S3ObjectLockConfigV2)) == 0 {
						bc.Fail("object lock has no default retention", "Add a BucketObjectLockConfigurationV2 with a default retention")
					}
				}
			}
		},
	},
	{
		ID: "DP-05", Name: "s3-replication-dr", Group: groupDataProtection,
		Title: "PHI buckets must replicate to another region.",
		HIPAA: []string{"308(a)(7)(i)", "308(a)(7)(ii)(A)", "308(a)(7)(ii)(B)"}, SOC2: []string{"A1.2"},
		Severity: "medium", Scope: ScopeStack, Types: []string{S3BucketV2, S3Bucket, S3ReplicationConfig}, Exceptable: true,
		Remediation: "Add a BucketReplicationConfig with an Enabled rule to a bucket in the DR region.",
		checkStack: func(s *Stack, c *Check) {
			for _, b := range s.OfType(bucketTypes...) {
				// A replica is the copy; it does not replicate again.
				if _, st := lookup(b.Props, "tags."+TagReplicaOf); !b.IsPHI() || st != missing {
					continue
				}
				var rules []property.Value
				deferred := false
				collect := func(vals []property.Value, st state) {
					switch st {
					case computed:
						deferred = true
					case present:
						rules = append(rules, vals...)
					}
				}
				for _, r := range s.Linked(b, "bucket", S3ReplicationConfig) {
					collect(getArray(r.Props, "rules"))
				}
				// The deprecated inline forms: the legacy bucket's
				// replicationConfiguration.rules[] and BucketV2's
				// replicationConfigurations[].rules[] (s3/pulumiTypes.go).
				collect(getArray(b.Props, "replicationConfiguration.rules"))
				if cfgs, st := getArray(b.Props, "replicationConfigurations"); st == computed {
					deferred = true
				} else {
					for _, cfg := range cfgs {
						if cfg.IsComputed() {
							deferred = true
						} else if cfg.IsMap() {
							collect(getArray(cfg.AsMap(), "rules"))
						}
					}
				}
				enabled := false
				for _, r := range rules {
					switch {
					case r.IsComputed():
						deferred = true
					case r.IsMap():
						switch st, got := getString(r.AsMap(), "status"); {
						case got == computed:
							deferred = true
						case got == present && st == "Enabled":
							enabled = true
						}
					}
				}
				switch {
				case enabled:
				case deferred:
					c.On(b).Defer("replication rules")
				default:
					c.On(b).Fail("a PHI bucket does not replicate to another region", "Add a BucketReplicationConfig with an Enabled rule to a bucket in the DR region")
				}
			}
		},
	},
	{
		ID: "DP-06", Name: "no-destroy-paths", Group: groupDataProtection,
		Title: "Stateful PHI resources must be protected from deletion paths.",
		HIPAA: []string{"308(a)(7)(ii)(A)", "312(c)(1)"}, SOC2: []string{"C1.1", "A1.2"},
		Severity: "high", Scope: ScopeResource, Types: []string{RDSCluster, KMSKey, S3BucketV2, S3Bucket, BackupVault, ECRRepository, Secret}, Exceptable: true,
		Remediation: "Set database.protect (Pulumi protect) and never forceDestroy/forceDelete PHI; keep secret recovery windows of 7+ days.",
		check: func(c *Check) {
			res := c.Resource()
			switch res.Type {
			case ECRRepository:
				c.NotTrue("forceDelete", "Remove forceDelete")
				return
			case Secret:
				if n, st := getNumber(res.Props, "recoveryWindowInDays"); st == present && n < 7 {
					c.Fail("recoveryWindowInDays is "+shown(res.Props, "recoveryWindowInDays"), "Keep a recovery window of 7+ days")
				}
				return
			}
			c.NotTrue("forceDestroy", "Remove forceDestroy")
			// Pulumi's protect option (carestack:database.protect) keeps
			// `pulumi destroy` and replacements away from PHI. Elsewhere
			// AWS's own guards stand in the path: a key is only scheduled
			// for deletion (ENC-10 keeps a 30-day window), a bucket or a
			// vault holding data is not deleted (forceDestroy is refused
			// above), so only a PHI resource, or a cluster whose own
			// deletionProtection is off, must also be protected.
			unguardedCluster := false
			if res.Type == RDSCluster {
				on, st := getBool(res.Props, "deletionProtection")
				unguardedCluster = st != computed && !(st == present && on)
			}
			needProtect := unguardedCluster || res.IsPHI()
			if needProtect && !res.Protect {
				what := "`pulumi destroy` (or a replacement) deletes it"
				if res.Type == KMSKey {
					what = "`pulumi destroy` (or a replacement) schedules its deletion"
				}
				c.Fail("the resource is not protected (Pulumi's protect option), so "+what, "Set the protect option (carestack:database.protect: true)")
			}
		},
	},
}

var taggingRules = []*Rule{
	{
		ID: "TAG-01", Name: "required-tags", Group: "tagging",
		Title: "Taggable resources must carry DataClassification, Owner, Environment and Service tags.",
		HIPAA: []string{"308(a)(1)(ii)(A)"}, SOC2: []string{"CC6.1", "C1.1"},
		Severity: "medium", Scope: ScopeResource, Types: tagRuleTypes, Exceptable: true,
		Params:      map[string]any{"requiredTags": []string{"Owner", "Environment", "Service"}},
		Remediation: "Pass common.Tags(classification) on the resource; Owner, Environment and Service come from the provider's defaultTags.",
		check: func(c *Check) {
			cls, st := getString(c.Props(), "tags."+TagDataClassification)
			switch {
			case st == computed:
				c.Defer("tags")
			case !contains([]string{"PHI", "Confidential", "Internal", "Public"}, cls):
				c.Fail(fmt.Sprintf("DataClassification is %s, want PHI, Confidential, Internal or Public", shown(c.Props(), "tags."+TagDataClassification)),
					"Tag the resource with its data classification")
			}
			for _, k := range c.StringsParam("requiredTags") {
				if !hasTag(c, k) {
					c.Fail("tag "+k+" is missing", "Set it in the provider's defaultTags or on the resource")
				}
			}
		},
	},
	{
		ID: "TAG-02", Name: "phi-needs-cmk", Group: "tagging",
		Title: "PHI resources must name a customer-managed KMS key from this stack or the allowlist.",
		HIPAA: []string{"312(a)(2)(iv)"}, SOC2: []string{"CC6.1", "C1.1"},
		Severity: "critical", Scope: ScopeStack, Types: []string{KMSKey}, Exceptable: false,
		Params:      map[string]any{"allowedKeyArns": []string{}},
		Remediation: "Point kmsKeyId/kmsMasterKeyId/kmsKeyArn at a security.Keys key; never alias/aws/*.",
		checkStack: func(s *Stack, c *Check) {
			keyProps := []string{"kmsKeyId", "kmsMasterKeyId", "kmsKeyArn", "serverSideEncryptionKmsKeyId"}
			for _, r := range s.Resources {
				if !r.IsPHI() || r.Type == KMSKey {
					continue
				}
				for _, p := range keyProps {
					v, st := getString(r.Props, p)
					if st == missing {
						continue
					}
					rc := c.On(r)
					if st == present && strings.HasPrefix(v, "alias/aws/") {
						rc.Fail(p+" is the AWS-managed key "+shown(r.Props, p), "Use a customer-managed key")
						continue
					}
					if len(resolveRefs(s, r, p, KMSKey)) == 0 && !contains(c.StringsParam("allowedKeyArns"), v) && st == present {
						rc.Fail(p+" names a key that is neither in this stack nor allowlisted", "Use a security.Keys key or add it to allowedKeyArns")
					}
				}
			}
		},
	},
	{
		ID: "TAG-03", Name: "static-sites-not-phi", Group: "tagging",
		Title: "CloudFront origin buckets must be Public data; PHI buckets must never be website origins.",
		HIPAA: []string{"312(a)(1)", "312(e)(1)"}, SOC2: []string{"C1.1", "CC6.6"},
		Severity: "critical", Scope: ScopeStack, Types: []string{CloudFrontDist, S3BucketV2, S3WebsiteConfigV2}, Exceptable: false,
		Remediation: "Serve only DataClassification=Public buckets through CloudFront (web.StaticSite does).",
		checkStack: func(s *Stack, c *Check) {
			for _, d := range s.OfType(CloudFrontDist) {
				for key, urns := range d.PropertyDependencies {
					if !strings.HasPrefix(key, "origins") {
						continue
					}
					for _, u := range urns {
						b := s.ByURN(u)
						if b == nil || !contains(bucketTypes, b.Type) {
							continue
						}
						if _, st := lookup(b.Props, "tags."+TagDataClassification); st == computed {
							c.On(b).Defer("tags." + TagDataClassification)
						} else if b.Classification() != "Public" {
							c.On(b).Fail("a "+classificationOrUnset(b.Props)+" bucket is a CloudFront origin", "Serve only Public buckets")
						}
					}
				}
			}
			for _, b := range s.OfType(bucketTypes...) {
				if b.IsPHI() && len(s.Linked(b, "bucket", S3WebsiteConfigV2)) > 0 {
					c.On(b).Fail("a PHI bucket has a website configuration", "Remove the website configuration")
				}
			}
		},
	},
}

// inlineVersioning reads the deprecated inline versioning of either bucket
// type: the legacy bucket's versioning.enabled, BucketV2's
// versionings[].enabled (s3/pulumiTypes.go). missing when neither is set.
func inlineVersioning(b *Resource) (bool, state) {
	if on, st := getBool(b.Props, "versioning.enabled"); st != missing {
		return on, st
	}
	vals, st := getArray(b.Props, "versionings")
	if st != present || len(vals) == 0 {
		return false, st
	}
	on := false
	for i := range vals {
		e, st := getBool(b.Props, fmt.Sprintf("versionings[%d].enabled", i))
		if st == computed || st == badShape {
			return false, st
		}
		on = on || e
	}
	return on, present
}

// inlineLogTargets are the bucket names other buckets' inline loggings[]
// name as targetBucket (collected once: a per-bucket scan is quadratic).
func inlineLogTargets(s *Stack) map[string][]*Resource {
	out := map[string][]*Resource{}
	for _, b := range s.OfType(bucketTypes...) {
		vals, _ := getArray(b.Props, "loggings")
		for _, v := range vals {
			if v.IsMap() {
				if t, st := getString(v.AsMap(), "targetBucket"); st == present {
					out[t] = append(out[t], b)
				}
			}
		}
	}
	return out
}

// inlineLogTarget reports whether another bucket's inline loggings[] names
// b as its target, by property dependency or by b's name.
func inlineLogTarget(b *Resource, targets map[string][]*Resource) bool {
	for _, e := range b.dependents {
		if e.prop == "loggings" && e.from != b && contains(bucketTypes, e.from.Type) {
			return true
		}
	}
	name, st := getString(b.Props, "bucket")
	if st != present {
		return false
	}
	for _, from := range targets[name] {
		if from != b {
			return true
		}
	}
	return false
}

// coverage is how much of a PHI bucket's object access the trails record.
type coverage string

const (
	coverageFull    coverage = ""
	coverageUnknown coverage = "unknown"
	coverageNone    coverage = "object reads or writes"
	coverageWrites  coverage = "object reads"  // writes only are recorded
	coverageReads   coverage = "object writes" // reads only are recorded
)

// phiDataEventCoverage says whether the trails record both object reads
// and object writes on bucket b, through basic event selectors
// (eventSelectors[].dataResources[] of type AWS::S3::Object) or advanced
// ones (eventCategory Data, resources.type AWS::S3::Object). A selector
// whose values are unknown at preview counts when it was built from b (a
// property dependency on it), else the verdict waits for `pulumi up`.
func phiDataEventCoverage(trails []*Resource, b *Resource) coverage {
	arn, prefix, known := bucketObjectARN(b)
	reads, writes, unsure := false, false, false
	for _, t := range trails {
		if on, st := getBool(t.Props, "enableLogging"); st == present && !on {
			continue
		}
		if multi, _ := getBool(t.Props, "isMultiRegionTrail"); !multi {
			if tr, br := regionOf(t.ProviderProps), regionOf(b.ProviderProps); tr != "" && br != "" && tr != br {
				continue
			}
		}
		builtFromB := false
		for _, k := range []string{"advancedEventSelectors", "eventSelectors"} {
			for _, u := range t.PropertyDependencies[k] {
				builtFromB = builtFromB || u == b.URN
			}
		}
		judge := func(r, w bool, st state) {
			switch {
			case st == computed && builtFromB:
				reads, writes = true, true
			case st == computed:
				unsure = true
			default:
				reads, writes = reads || r, writes || w
			}
		}
		sels, st := getArray(t.Props, "eventSelectors")
		if st == computed {
			judge(false, false, computed)
		}
		for _, sel := range sels {
			judge(basicSelectorCovers(sel, arn, prefix, known))
		}
		adv, st := getArray(t.Props, "advancedEventSelectors")
		if st == computed {
			judge(false, false, computed)
		}
		for _, sel := range adv {
			judge(advancedSelectorCovers(sel, arn, prefix, known))
		}
	}
	switch {
	case reads && writes:
		return coverageFull
	case unsure:
		return coverageUnknown
	case writes:
		return coverageWrites
	case reads:
		return coverageReads
	}
	return coverageNone
}

// bucketObjectARN is the prefix every object ARN of b starts with, without
// the partition ("s3:::name/"), or, for a bucket named by bucketPrefix,
// what the generated name starts with ("s3:::prefix", prefix true). known
// is false when neither name is known.
func bucketObjectARN(b *Resource) (arn string, prefix, known bool) {
	if n, st := getString(b.Props, "bucket"); st == present {
		return "s3:::" + n + "/", false, true
	}
	if p, st := getString(b.Props, "bucketPrefix"); st == present {
		return "s3:::" + p, true, true
	}
	return "", false, false
}

// arnCovers reports whether every object ARN of the bucket starts with the
// selector value v ("arn:aws:s3" and "arn:aws:s3:::" select every bucket).
func arnCovers(v, arn string, prefix, known bool) bool {
	if i := strings.Index(v, ":s3"); strings.HasPrefix(v, "arn:") && i > 0 {
		v = v[i+1:]
	} else {
		return false
	}
	if v == "s3" || v == "s3:::" {
		return true
	}
	if !known {
		return false
	}
	// For a generated name only its prefix is known: v must not reach
	// past it.
	return strings.HasPrefix(arn, v) && (!prefix || len(v) <= len(arn))
}

// basicSelectorCovers judges one eventSelectors[] entry: reads and writes
// it records for the bucket (readWriteType All by default).
func basicSelectorCovers(sel property.Value, arn string, prefix, known bool) (bool, bool, state) {
	if sel.IsComputed() {
		return false, false, computed
	}
	if !sel.IsMap() {
		return false, false, badShape
	}
	m := sel.AsMap()
	rw, st := getString(m, "readWriteType")
	if st == computed {
		return false, false, computed
	}
	covered := false
	res, st := getArray(m, "dataResources")
	if st == computed {
		return false, false, computed
	}
	for _, dr := range res {
		if dr.IsComputed() {
			return false, false, computed
		}
		if !dr.IsMap() {
			continue
		}
		if typ, _ := getString(dr.AsMap(), "type"); typ != "AWS::S3::Object" {
			continue
		}
		vals, st := getStrings(dr.AsMap(), "values")
		if st == computed {
			return false, false, computed
		}
		for _, v := range vals {
			covered = covered || arnCovers(v, arn, prefix, known)
		}
	}
	if !covered {
		return false, false, present
	}
	switch rw {
	case "ReadOnly":
		return true, false, present
	case "WriteOnly":
		return false, true, present
	}
	return true, true, present
}

// advancedSelectorCovers judges one advancedEventSelectors[] entry: its
// field selectors all hold at once.
func advancedSelectorCovers(sel property.Value, arn string, prefix, known bool) (bool, bool, state) {
	if sel.IsComputed() {
		return false, false, computed
	}
	if !sel.IsMap() {
		return false, false, badShape
	}
	fields, st := getArray(sel.AsMap(), "fieldSelectors")
	if st != present {
		return false, false, st
	}
	data, object, arnOK := false, false, true
	reads, writes := true, true
	for _, f := range fields {
		if f.IsComputed() {
			return false, false, computed
		}
		if !f.IsMap() {
			continue
		}
		fm := f.AsMap()
		name, _ := getString(fm, "field")
		ops := map[string][]string{}
		for _, op := range []string{"equals", "startsWiths", "endsWiths", "notEquals", "notStartsWiths", "notEndsWiths"} {
			vals, st := getStrings(fm, op)
			if st == computed {
				return false, false, computed
			}
			if len(vals) > 0 {
				ops[op] = vals
			}
		}
		switch name {
		case "eventCategory":
			data = contains(ops["equals"], "Data")
		case "resources.type":
			object = contains(ops["equals"], "AWS::S3::Object")
		case "readOnly":
			if eq := ops["equals"]; len(eq) == 1 {
				reads, writes = eq[0] == "true", eq[0] == "false"
			}
		case "resources.ARN":
			// Only startsWith (or nothing) selects whole buckets; any
			// exclusion or exact match leaves objects unrecorded.
			covered := false
			for _, v := range ops["startsWiths"] {
				covered = covered || arnCovers(v, arn, prefix, known)
			}
			arnOK = covered && len(ops) == 1
		case "eventName", "eventSource", "eventType", "userIdentity.arn", "errorCode", "sessionCredentialFromConsole":
			// A selector narrowed to some calls or callers records part
			// of the bucket's access only.
			if name != "eventSource" || !(len(ops) == 1 && contains(ops["equals"], "s3.amazonaws.com")) {
				arnOK = false
			}
		}
	}
	if !data || !object || !arnOK {
		return false, false, present
	}
	return reads, writes, present
}

// accountBaselineTypes are the account-level security services whose stack
// is where the account's trail belongs (LOG-09).
var accountBaselineTypes = []string{
	"aws:guardduty/detector:Detector", "aws:securityhub/account:Account", "aws:cfg/recorder:Recorder",
	"aws:organizations/organization:Organization", "aws:iam/accountPasswordPolicy:AccountPasswordPolicy",
	"aws:accessanalyzer/analyzer:Analyzer", "aws:macie2/account:Account",
}

// untaggedData are taggable types TAG-01 leaves alone: S3 objects are data,
// not infrastructure; S3 keeps at most 10 tags on an object, which the
// operator's set plus the provider's default tags can exceed, and an
// object's classification is its bucket's.
var untaggedData = []string{"aws:s3/bucketObject:BucketObject", "aws:s3/bucketObjectv2:BucketObjectv2", "aws:s3/objectCopy:ObjectCopy"}

// tagRuleTypes are the types TAG-01 reads: every taggable type of the
// pinned SDK but untaggedData.
var tagRuleTypes = func() []string {
	out := make([]string, 0, len(taggableTypes))
	for _, t := range taggableTypes {
		if !contains(untaggedData, t) {
			out = append(out, t)
		}
	}
	return out
}()

// hasTag looks in tags, known tagsAll, then the provider's default tags.
func hasTag(c *Check, key string) bool {
	for _, p := range []string{"tags.", "tagsAll."} {
		if _, st := lookup(c.Props(), p+key); st == present || st == computed {
			return true
		}
	}
	_, st := lookup(c.Resource().ProviderProps, "defaultTags.tags."+key)
	return st == present || st == computed
}

// selectedByTags reports whether a backup selection picks the cluster by tag.
func selectedByTags(s *Stack, cl *Resource) bool {
	for _, sel := range s.OfType(BackupSelection) {
		tags, _ := getArray(sel.Props, "selectionTags")
		for _, t := range tags {
			if !t.IsMap() {
				continue
			}
			k, _ := getString(t.AsMap(), "key")
			v, _ := getString(t.AsMap(), "value")
			if got, st := getString(cl.Props, "tags."+k); st == present && got == v {
				return true
			}
		}
	}
	return false
}

// checkDailySchedule: an AWS Backup schedule runs at least daily when it is
// a cron expression with no day-of-month, month or day-of-week restriction,
// or a rate of at most a day.
func checkDailySchedule(c *Check, path string) {
	v, st := getString(c.Props(), path)
	switch st {
	case computed:
		c.Defer(path)
		return
	case missing:
		c.Fail(path+" is unset", "Set a daily schedule such as cron(0 5 * * ? *)")
		return
	case badShape:
		c.shape(path, "a schedule expression")
		return
	}
	if !runsDaily(v) {
		c.Fail(fmt.Sprintf("%s %s runs less often than daily", path, shown(c.Props(), path)), "Set a daily schedule such as cron(0 5 * * ? *)")
	}
}

func runsDaily(expr string) bool {
	if inner, ok := strings.CutPrefix(expr, "rate("); ok {
		n, unit, _ := strings.Cut(strings.TrimSuffix(inner, ")"), " ")
		count, err := strconv.Atoi(n)
		if err != nil || count < 1 {
			return false
		}
		switch strings.TrimSuffix(unit, "s") {
		case "minute":
			return count <= 24*60
		case "hour":
			return count <= 24
		case "day":
			return count == 1
		}
		return false
	}
	inner, ok := strings.CutPrefix(expr, "cron(")
	if !ok {
		return false
	}
	fields := strings.Fields(strings.TrimSuffix(inner, ")"))
	if len(fields) != 6 {
		return false
	}
	every := func(f string) bool { return f == "*" || f == "?" }
	return every(fields[2]) && every(fields[3]) && every(fields[4])
}

// checkCrossRegionCopy: the rule must copy its recovery points to a vault in
// another region than the plan's. The destination is known from its ARN, or
// (usually, at preview) from the vault the plan's rules depend on and that
// vault's provider region.
func checkCrossRegionCopy(s *Stack, c *Check, plan *Resource, rule property.Map, path string) {
	copies, st := getArray(rule, "copyActions")
	switch {
	case st == computed:
		c.Defer(path + ".copyActions")
		return
	case st == badShape:
		c.shape(path+".copyActions", "a list")
		return
	case len(copies) == 0:
		c.Fail(path+" copies no recovery point to another region", "Add a copyActions entry to a backup vault in carestack:dr.region")
		return
	}
	home := regionOf(plan.ProviderProps)
	unsure := home == ""
	for i, cp := range copies {
		dest := fmt.Sprintf("%s.copyActions[%d].destinationVaultArn", path, i)
		if cp.IsComputed() || !cp.IsMap() {
			unsure = true
			continue
		}
		arn, st := getString(cp.AsMap(), "destinationVaultArn")
		switch st {
		case present:
			if r := arnRegion(arn); r != "" && home != "" && r != home {
				return
			}
		case computed:
			vaults := resolveRefs(s, plan, "rules", BackupVault)
			if len(vaults) == 0 {
				unsure = true
			}
			for _, v := range vaults {
				switch r := regionOf(v.ProviderProps); {
				case r == "":
					unsure = true
				case home != "" && r != home:
					return
				}
			}
		default:
			c.Fail(dest+" is unset", "Name the DR region's backup vault")
			return
		}
	}
	if unsure {
		c.Defer(path + ".copyActions")
		return
	}
	c.Fail(path+" copies recovery points only within "+home, "Copy to a backup vault in carestack:dr.region")
}

// regionOf is a provider's region ("" when unknown or unset).
func regionOf(provider property.Map) string {
	r, st := getString(provider, "region")
	if st != present {
		return ""
	}
	return r
}

// arnRegion is an ARN's region field ("" when it is not an ARN).
func arnRegion(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 || parts[0] != "arn" {
		return ""
	}
	return parts[3]
}
