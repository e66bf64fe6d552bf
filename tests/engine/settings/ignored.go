package settings

// Reasons shared by several ignored inputs.
const (
	reference   = "A reference to another resource of the estate (its name, id or ARN): what it points at is judged by that resource's own rows and by the stack rules that follow the link"
	naming      = "A name or description: no control depends on it (AWS's name limits are checked by infra/config)"
	operational = "Capacity, scaling or deployment tuning: availability is judged by the rows on desiredCount, minCapacity, the circuit breaker and the instances' AZs"
)

// IgnoredInputs are the inputs the components set that no row changes, and
// why: each is either not a security setting, or one AWS would refuse to
// weaken, or judged through another input's row.
var IgnoredInputs = []Ignored{
	// Components carry no controls of their own: the rows change the
	// resources each component makes from these inputs.
	{Type: "carestack:compute:Cluster", Inputs: []string{"*"}, Reason: componentInputs},
	{Type: "carestack:compute:Service", Inputs: []string{"*"}, Reason: componentInputs},
	{Type: "carestack:database:Aurora", Inputs: []string{"*"}, Reason: componentInputs},
	{Type: "carestack:messaging:Topic", Inputs: []string{"*"}, Reason: componentInputs},
	{Type: "carestack:network:Network", Inputs: []string{"*"}, Reason: componentInputs},
	{Type: "carestack:observability:Alarms", Inputs: []string{"*"}, Reason: componentInputs},
	{Type: "carestack:security:Audit", Inputs: []string{"*"}, Reason: componentInputs},
	{Type: "carestack:security:DisasterRecovery", Inputs: []string{"*"}, Reason: componentInputs},
	{Type: "carestack:security:Keys", Inputs: []string{"*"}, Reason: componentInputs},
	{Type: "carestack:security:WebAcl", Inputs: []string{"*"}, Reason: componentInputs},
	{Type: "carestack:storage:Bucket", Inputs: []string{"*"}, Reason: componentInputs},
	{Type: "carestack:web:StaticSite", Inputs: []string{"*"}, Reason: componentInputs},
	{Type: awsxVpc, Inputs: []string{"availabilityZoneNames", "cidrBlock", "natGateways", "subnetStrategy", "enableDnsHostnames", "enableDnsSupport"},
		Reason: "The VPC's address plan, AZs and NAT layout: availability and addressing, not exposure (the flow log and default group are their own rows)"},
	{Type: awsxVpc, Inputs: []string{"subnetSpecs"},
		Reason: "The three tiers awsx lays out; each subnet's exposure is judged on the subnet awsx makes (the mapPublicIpOnLaunch row), since two specs of one type would collide in awsx's naming rather than weaken anything"},
	{Type: provider, Inputs: []string{"region", "skipCredentialsValidation", "skipRegionValidation"},
		Reason: "Where and how the provider calls AWS: the stack's region comes from validated config, and the DR provider's region from carestack:dr"},

	{Type: "aws:kms/alias:Alias", Inputs: []string{"*"}, Reason: "An alias only names a key; every resource is judged on the key it names in its own kmsKeyId/kmsMasterKeyId"},
	{Type: kmsKey, Inputs: []string{"customerMasterKeySpec", "keyUsage"},
		Reason: "An asymmetric or HMAC key cannot encrypt these services' data (AWS refuses it), so the spec cannot be weakened"},
	{Type: kmsKey, Inputs: []string{"description"}, Reason: naming},

	{Type: bucket, Inputs: []string{"bucketPrefix"}, Reason: naming},
	{Type: bucketSSE, Inputs: []string{"bucket"}, Reason: reference},
	{Type: bucketPAB, Inputs: []string{"bucket"}, Reason: reference},
	{Type: bucketOwner, Inputs: []string{"bucket"}, Reason: reference},
	{Type: bucketVers, Inputs: []string{"bucket"}, Reason: reference},
	{Type: bucketLock, Inputs: []string{"bucket"}, Reason: reference},
	{Type: bucketPolicy, Inputs: []string{"bucket"}, Reason: reference},
	{Type: bucketLife, Inputs: []string{"bucket"}, Reason: reference},
	{Type: bucketRepl, Inputs: []string{"bucket", "role"}, Reason: reference},
	{Type: bucketLogging, Inputs: []string{"bucket", "targetBucket", "targetPrefix"},
		Reason: "Where a bucket's access logs go: the estate's log bucket, whose own rows judge its protection; LOG-04 judges that each bucket has logging, through the link"},
	{Type: topicPolicy, Inputs: []string{"arn"}, Reason: reference},

	{Type: logGroup, Inputs: []string{"name"}, Reason: naming},
	{Type: rolePolicy, Inputs: []string{"role"}, Reason: reference},
	{Type: roleAttach, Inputs: []string{"role"}, Reason: reference},
	{Type: trail, Inputs: []string{"name"}, Reason: naming},

	{Type: flowLog, Inputs: []string{"iamRoleArn", "logDestination", "logDestinationType", "vpcId"},
		Reason: "Where the flow log delivers: the estate's encrypted, retained log group, whose rows judge it; LOG-10 judges the flow log's VPC and traffic type"},
	{Type: defaultSG, Inputs: []string{"vpcId"}, Reason: reference},
	{Type: sg, Inputs: []string{"description"}, Reason: naming},
	{Type: sg, Inputs: []string{"vpcId"}, Reason: reference},
	{Type: sgIngress, Inputs: []string{"description", "fromPort", "ipProtocol", "referencedSecurityGroupId", "securityGroupId"},
		Reason: "The rule admits one of the estate's own groups on MySQL's port; its exposure is the cidrIpv4 and toPort rows"},
	{Type: sgEgress, Inputs: []string{"description", "fromPort", "toPort", "ipProtocol", "referencedSecurityGroupId", "securityGroupId"},
		Reason: "Egress to one of the estate's own groups; no rule limits where a group may connect out"},
	{Type: vpcEndpoint, Inputs: []string{"privateDnsEnabled", "routeTableIds", "securityGroupIds", "serviceName", "subnetIds", "vpcEndpointType", "vpcId"},
		Reason: "Endpoints keep AWS API traffic inside the VPC; without one it goes out through the NAT gateways, still over TLS (every AWS API endpoint is HTTPS)"},
	{Type: subnetGroup, Inputs: []string{"description"}, Reason: naming},

	{Type: cluster, Inputs: []string{"clusterIdentifier", "engine", "engineVersion", "port"},
		Reason: "The engine and its version are validated config (infra/config); patching is the autoMinorVersionUpgrade row, and a port is not a control"},
	{Type: instance, Inputs: []string{"clusterIdentifier", "dbSubnetGroupName", "engine", "identifier", "instanceClass", "monitoringRoleArn"},
		Reason: "Instances follow their cluster's engine, subnets and identity; the class is capacity"},
	{Type: instance, Inputs: []string{"copyTagsToSnapshot"},
		Reason: "Aurora snapshots are the cluster's: the cluster's copyTagsToSnapshot row is the one that counts"},
	{Type: instance, Inputs: []string{"performanceInsightsRetentionPeriod"},
		Reason: "Performance Insights history (731 days in prod) is capacity evidence, not an audit record; AWS's free tier keeps 7 days"},
	{Type: endpoint, Inputs: []string{"clusterEndpointIdentifier", "clusterIdentifier", "staticMembers"},
		Reason: "Which instances serve BI: the customEndpointType and excludedMembers rows and the BI replica's promotion tier carry AVL-07"},
	{Type: paramGroup, Inputs: []string{"description", "family"}, Reason: naming},
	{Type: proxy, Inputs: []string{"engineFamily", "idleClientTimeout", "name", "roleArn"},
		Reason: "The proxy's engine, name and the role it reads the managed secret with; its TLS, IAM auth and logging are rows"},
	{Type: proxy, Inputs: []string{"vpcSecurityGroupIds"},
		Reason: "Without its group the proxy falls back to the VPC's default security group, which NET-06 keeps without rules: unreachable, not exposed"},
	{Type: "aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup", Inputs: []string{"*"}, Reason: "Connection pooling: capacity, not a control"},
	{Type: "aws:rds/proxyTarget:ProxyTarget", Inputs: []string{"*"}, Reason: reference},

	{Type: vault, Inputs: []string{"name"}, Reason: naming},
	{Type: vaultLock, Inputs: []string{"backupVaultName"}, Reason: reference},
	{Type: plan, Inputs: []string{"name"}, Reason: naming},
	{Type: selection, Inputs: []string{"iamRoleArn", "name", "planId"}, Reason: reference},

	{Type: "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", Inputs: []string{"*"}, Reason: operational},
	{Type: ecsService, Inputs: []string{"capacityProviderStrategies", "deploymentMaximumPercent", "deploymentMinimumHealthyPercent", "healthCheckGracePeriodSeconds", "waitForSteadyState"},
		Reason: operational},
	{Type: ecsService, Inputs: []string{"cluster", "loadBalancers", "taskDefinition"}, Reason: reference},
	{Type: ecsService, Inputs: []string{"propagateTags"},
		Reason: "Tags on the running tasks: tasks are not taggable resources of the stack and carry no data of their own; the service keeps its classification"},
	{Type: taskDef, Inputs: []string{"cpu", "memory", "runtimePlatform", "requiresCompatibilities"},
		Reason: "Size, CPU architecture and launch type: the estate runs on Fargate only (no container instances exist to run an EC2 task)"},
	{Type: taskDef, Inputs: []string{"executionRoleArn"}, Reason: reference},
	{Type: taskDef, Inputs: []string{"family"}, Reason: naming},
	{Type: taskDef, Inputs: []string{"volumes"},
		Reason: "The task's scratch volume for /tmp (ephemeral Fargate storage, encrypted by AWS), which the read-only root filesystem needs"},
	{Type: ecrRepo, Inputs: []string{"name"}, Reason: naming},
	{Type: scaling, Inputs: []string{"maxCapacity", "resourceId", "scalableDimension", "serviceNamespace"}, Reason: operational},
	{Type: "aws:appautoscaling/policy:Policy", Inputs: []string{"*"}, Reason: operational},

	{Type: alb, Inputs: []string{"internal", "loadBalancerType", "subnets"},
		Reason: "The one internet-facing application load balancer is the design: its exposure is judged on its group (NET-01), its listeners (TLS-01, TLS-02) and its web ACL (NET-10)"},
	{Type: alb, Inputs: []string{"securityGroups"},
		Reason: "Without its group the ALB falls back to the VPC's default security group, which NET-06 keeps without rules: unreachable, not exposed"},
	{Type: alb, Inputs: []string{"idleTimeout"}, Reason: operational},
	{Type: listener, Inputs: []string{"loadBalancerArn", "port"}, Reason: "The listener's load balancer and port: its protocol, certificate, TLS policy and actions are rows"},
	{Type: listenerRule, Inputs: []string{"actions", "conditions", "priority"},
		Reason: "Forwarding a path to the service's target group on the HTTPS listener is the design; the listenerArn row moves it to the HTTP listener"},
	{Type: targetGroup, Inputs: []string{"protocol", "port", "targetType", "vpcId"},
		Reason: "TLS ends at the ALB; the hop to the tasks stays inside the VPC on private subnets, reachable only from the ALB's group (docs/architecture.md)"},
	{Type: targetGroup, Inputs: []string{"deregistrationDelay", "healthCheck"}, Reason: operational},
	{Type: webACL, Inputs: []string{"defaultAction"},
		Reason: "Allow by default with AWS's managed rule groups and the rate limit blocking is the design; block by default would stop the site, exposing nothing"},
	{Type: webACL, Inputs: []string{"description", "scope"}, Reason: naming},
	{Type: webACLLogging, Inputs: []string{"logDestinationConfigs", "resourceArn"},
		Reason: "Where the WAF logs go: the estate's encrypted, retained aws-waf-logs-* group, whose rows judge it; LOG-11 judges that each web ACL logs"},
	{Type: "aws:wafv2/webAclAssociation:WebAclAssociation", Inputs: []string{"*"}, Reason: reference},

	{Type: distribution, Inputs: []string{"aliases", "customErrorResponses", "defaultRootObject", "enabled", "httpVersion", "isIpv6Enabled", "priceClass"},
		Reason: "The site's names, error pages, HTTP versions and edge locations: not controls"},
	{Type: oac, Inputs: []string{"name", "originAccessControlOriginType", "signingProtocol"},
		Reason: "s3 and sigv4 are the only values AWS accepts; signingBehavior is a row"},
	{Type: headers, Inputs: []string{"name"}, Reason: naming},
	{Type: "aws:cloudwatch/logDelivery:LogDelivery", Inputs: []string{"deliveryDestinationArn", "deliverySourceName"}, Reason: cloudFrontLogs},
	{Type: "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination", Inputs: []string{"deliveryDestinationConfiguration", "name", "outputFormat"}, Reason: cloudFrontLogs},
	{Type: "aws:cloudwatch/logDeliverySource:LogDeliverySource", Inputs: []string{"logType", "name", "resourceArn"}, Reason: cloudFrontLogs},

	{Type: alarm, Inputs: []string{"alarmDescription", "comparisonOperator", "datapointsToAlarm", "dimensions", "evaluationPeriods", "extendedStatistic",
		"metricName", "metricQueries", "namespace", "period", "statistic", "threshold", "treatMissingData", "okActions"},
		Reason: "What an alarm watches and when it fires is operations (infra/estate's tests keep the thresholds); LOG-11 judges that every alarm notifies (the actionsEnabled and alarmActions rows)"},
	{Type: "aws:cloudwatch/dashboard:Dashboard", Inputs: []string{"*"}, Reason: "A dashboard shows metrics; it holds no data and grants nothing"},
}

const (
	componentInputs = "A component's inputs are not controls: they become the inputs of the resources it makes, which the rows change"
	cloudFrontLogs  = "CloudFront standard logging (v2) from the distribution to the access-log bucket: LOG-03 judges that the distribution has a delivery source; the bucket's rows judge where the logs land"
)
