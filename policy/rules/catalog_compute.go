package rules

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// Type tokens of the hosts, volumes and networks a team adds beyond the
// shipped estate (pulumi-aws v6.83.4).
const (
	EC2Instance               = "aws:ec2/instance:Instance"
	EC2SpotInstanceRequest    = "aws:ec2/spotInstanceRequest:SpotInstanceRequest"
	EC2LaunchTemplate         = "aws:ec2/launchTemplate:LaunchTemplate"
	EC2LaunchConfiguration    = "aws:ec2/launchConfiguration:LaunchConfiguration"
	EC2MetadataDefaults       = "aws:ec2/instanceMetadataDefaults:InstanceMetadataDefaults"
	EC2VolumeAttachment       = "aws:ec2/volumeAttachment:VolumeAttachment"
	EC2AMI                    = "aws:ec2/ami:Ami"
	EC2AMICopy                = "aws:ec2/amiCopy:AmiCopy"
	EC2AMIFromInstance        = "aws:ec2/amiFromInstance:AmiFromInstance"
	EC2AMILaunchPermission    = "aws:ec2/amiLaunchPermission:AmiLaunchPermission"
	EC2ImageBlockPublicAccess = "aws:ec2/imageBlockPublicAccess:ImageBlockPublicAccess"
	EC2SnapshotVolumePerm     = "aws:ec2/snapshotCreateVolumePermission:SnapshotCreateVolumePermission"
	EC2NetworkACL             = "aws:ec2/networkAcl:NetworkAcl"
	EC2NetworkACLRule         = "aws:ec2/networkAclRule:NetworkAclRule"
	EC2DefaultNetworkACL      = "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl"
	EC2RouteTable             = "aws:ec2/routeTable:RouteTable"
	EC2DefaultRouteTable      = "aws:ec2/defaultRouteTable:DefaultRouteTable"
	EC2InternetGateway        = "aws:ec2/internetGateway:InternetGateway"
	EC2EIP                    = "aws:ec2/eip:Eip"
	EC2SpotFleetRequest       = "aws:ec2/spotFleetRequest:SpotFleetRequest"
	EC2Fleet                  = "aws:ec2/fleet:Fleet"
	ClientVPNEndpoint         = "aws:ec2clientvpn/endpoint:Endpoint"
	TransitGateway            = "aws:ec2transitgateway/transitGateway:TransitGateway"

	EBSVolume              = "aws:ebs/volume:Volume"
	EBSSnapshot            = "aws:ebs/snapshot:Snapshot"
	EBSSnapshotCopy        = "aws:ebs/snapshotCopy:SnapshotCopy"
	EBSSnapshotImport      = "aws:ebs/snapshotImport:SnapshotImport"
	EBSEncryptionByDefault = "aws:ebs/encryptionByDefault:EncryptionByDefault"
	EBSDefaultKMSKey       = "aws:ebs/defaultKmsKey:DefaultKmsKey"
	EBSSnapshotBlockPublic = "aws:ebs/snapshotBlockPublicAccess:SnapshotBlockPublicAccess"

	ASGGroup                   = "aws:autoscaling/group:Group"
	ASGAttachment              = "aws:autoscaling/attachment:Attachment"
	ASGTrafficSourceAttachment = "aws:autoscaling/trafficSourceAttachment:TrafficSourceAttachment"

	EMRCluster               = "aws:emr/cluster:Cluster"
	EMRSecurityConfiguration = "aws:emr/securityConfiguration:SecurityConfiguration"
	EMRBlockPublicAccess     = "aws:emr/blockPublicAccessConfiguration:BlockPublicAccessConfiguration"
	EMRInstanceGroup         = "aws:emr/instanceGroup:InstanceGroup"
	EMRInstanceFleet         = "aws:emr/instanceFleet:InstanceFleet"
	EMRStudio                = "aws:emr/studio:Studio"

	EBEnvironment           = "aws:elasticbeanstalk/environment:Environment"
	EBConfigurationTemplate = "aws:elasticbeanstalk/configurationTemplate:ConfigurationTemplate"
	EBApplicationVersion    = "aws:elasticbeanstalk/applicationVersion:ApplicationVersion"

	TransferServer    = "aws:transfer/server:Server"
	TransferUser      = "aws:transfer/user:User"
	TransferConnector = "aws:transfer/connector:Connector"
	TransferAccess    = "aws:transfer/access:Access"

	WorkSpace = "aws:workspaces/workspace:Workspace"
)

var (
	// Instances and spot instance requests take the same launch inputs.
	cmpEc2InstanceTypes = []string{EC2Instance, EC2SpotInstanceRequest}
	// Everything that launches an EC2 host from its own inputs.
	cmpEc2HostTypes     = []string{EC2Instance, EC2SpotInstanceRequest, EC2LaunchTemplate, EC2LaunchConfiguration}
	cmpEc2NACLTypes     = []string{EC2NetworkACL, EC2NetworkACLRule, EC2DefaultNetworkACL}
	cmpEc2RouteTypes    = []string{Route, EC2RouteTable, EC2DefaultRouteTable}
	cmpEbSettingsTypes  = []string{EBEnvironment, EBConfigurationTemplate}
	cmpSgTypes          = []string{SecurityGroup, SecurityGroupRule, SGIngressRule}
	cmpBackupHostTypes  = []string{EBSVolume, EC2Instance}
	cmpImageShareTypes  = []string{EC2SnapshotVolumePerm, EBSSnapshotBlockPublic, EC2AMILaunchPermission, EC2ImageBlockPublicAccess}
	cmpVolumeCMKTypes   = []string{EBSVolume, EBSSnapshotCopy, EBSSnapshotImport, EBSEncryptionByDefault, EC2AMI, EC2AMICopy}
	cmpEmrEncryptTypes  = []string{EMRCluster, EMRSecurityConfiguration}
	cmpAsgTrafficTypes  = []string{ASGGroup, ASGAttachment, ASGTrafficSourceAttachment}
	cmpEc2RootProviders = "the AMI's snapshot or the account's EBS encryption by default, neither of which the program shows"
)

// computeRules cover the hosts, volumes and networks a team adds beyond the
// shipped estate (issue 14): EC2 instances, launch templates and
// configurations, Auto Scaling groups, EBS volumes and snapshots, network
// ACLs and routes, EMR, Elastic Beanstalk. IDs 70-89 in each group.
var computeRules = []*Rule{
	{
		ID: "ENC-70", Name: "ec2-block-devices-encrypted", Group: groupEncryption,
		Title: "EC2 hosts must encrypt their root and EBS block devices (with a customer-managed key on PHI hosts); WorkSpaces must encrypt both volumes.",
		HIPAA: []string{"312(a)(2)(iv)", "312(e)(2)(ii)"}, SOC2: []string{"CC6.1", "PI1.4"},
		Severity: "critical", Scope: ScopeResource, Types: append(append([]string{}, cmpEc2HostTypes...), WorkSpace), Exceptable: false,
		Remediation: "Set rootBlockDevice.encrypted and every ebsBlockDevices[].encrypted (launch templates: blockDeviceMappings[].ebs.encrypted \"true\"), with kmsKeyId on PHI hosts; WorkSpaces: rootVolumeEncryptionEnabled and userVolumeEncryptionEnabled.",
		check:       cmpCheckBlockDevices,
	},
	{
		ID: "ENC-71", Name: "ebs-encrypted-cmk", Group: groupEncryption,
		Title: "EBS volumes, snapshot copies and imports, and AMIs must be encrypted, volumes and copies with a customer-managed KMS key; EBS encryption by default stays on.",
		HIPAA: []string{"312(a)(2)(iv)", "312(e)(2)(ii)"}, SOC2: []string{"CC6.1", "PI1.4"},
		Severity: "critical", Scope: ScopeResource, Types: cmpVolumeCMKTypes, Exceptable: false,
		Remediation: "Set encrypted: true and kmsKeyId to the data CMK ARN on volumes, snapshot copies and imports and AMI copies; encrypt every AMI ebsBlockDevices entry; keep ebs.EncryptionByDefault enabled.",
		check:       cmpCheckEBSEncrypted,
	},
	{
		ID: "ENC-72", Name: "emr-encryption-at-rest", Group: groupEncryption,
		Title: "EMR clusters must use a security configuration that encrypts local disks, EBS volumes and EMRFS data in S3 with KMS.",
		HIPAA: []string{"312(a)(2)(iv)", "312(e)(2)(ii)"}, SOC2: []string{"CC6.1", "PI1.4"},
		Severity: "critical", Scope: ScopeResource, Types: cmpEmrEncryptTypes, Exceptable: false,
		Remediation: "Give the cluster securityConfiguration naming an emr.SecurityConfiguration with EnableAtRestEncryption, LocalDiskEncryptionConfiguration (EnableEbsEncryption: true) and S3EncryptionConfiguration SSE-KMS.",
		check:       cmpCheckEMRAtRest,
	},
	{
		ID: "TLS-70", Name: "emr-encryption-in-transit", Group: groupTransit,
		Title: "EMR security configurations must encrypt data in transit.",
		HIPAA: []string{"312(e)(1)", "312(e)(2)(i)", "312(e)(2)(ii)"}, SOC2: []string{"CC6.7"},
		Severity: "high", Scope: ScopeResource, Types: []string{EMRSecurityConfiguration}, Exceptable: false,
		Remediation: "Set EncryptionConfiguration.EnableInTransitEncryption: true with an InTransitEncryptionConfiguration (TLS certificates).",
		check:       cmpCheckEMRInTransit,
	},
	{
		ID: "TLS-71", Name: "transfer-secure-protocols", Group: groupTransit,
		Title: "Transfer Family servers must not offer plain FTP and must use a current security policy.",
		HIPAA: []string{"312(e)(1)", "312(e)(2)(i)", "312(e)(2)(ii)"}, SOC2: []string{"CC6.7"},
		Severity: "high", Scope: ScopeResource, Types: []string{TransferServer}, Exceptable: false,
		Params: map[string]any{"allowedSecurityPolicies": []string{
			"TransferSecurityPolicy-2024-01", "TransferSecurityPolicy-2025-03", "TransferSecurityPolicy-FIPS-2024-01",
			"TransferSecurityPolicy-FIPS-2024-05", "TransferSecurityPolicy-FIPS-2025-03", "TransferSecurityPolicy-Restricted-2024-06",
			"TransferSecurityPolicy-SshAuditCompliant-2025-02"}},
		Remediation: "Offer SFTP, FTPS or AS2 only and set securityPolicyName to a policy from the last two years (TransferSecurityPolicy-2024-01 or newer).",
		check:       cmpCheckTransferProtocols,
	},
	{
		// No anchor has this rule: an Elastic Beanstalk environment makes its
		// own load balancer, which alb-https-or-redirect never sees.
		ID: "TLS-72", Name: "beanstalk-https-only", Group: groupTransit,
		Title: "Load-balanced Elastic Beanstalk environments must serve HTTPS and turn the plain HTTP listener off.",
		HIPAA: []string{"312(a)(2)(iv)", "312(e)(1)", "312(e)(2)(i)", "312(e)(2)(ii)"}, SOC2: []string{"CC6.7"},
		Severity: "high", Scope: ScopeResource, Types: cmpEbSettingsTypes, Exceptable: true,
		Remediation: "Use LoadBalancerType application with aws:elbv2:listener:443 {Protocol: HTTPS, SSLCertificateArns} and aws:elbv2:listener:default ListenerEnabled false (classic: aws:elb:listener:443 ListenerProtocol HTTPS with SSLCertificateId, aws:elb:listener ListenerEnabled false).",
		check:       cmpCheckBeanstalkHTTPS,
	},
	{
		ID: "IAM-70", Name: "ec2-imdsv2-required", Group: groupIdentity,
		Title: "EC2 hosts must require IMDSv2 (session tokens) with a response hop limit of 1, or turn the metadata service off.",
		HIPAA: []string{"308(a)(3)(i)", "308(a)(4)(ii)(A)", "308(a)(4)(ii)(C)", "312(a)(1)"}, SOC2: []string{"CC6.1"},
		Severity: "high", Scope: ScopeResource, Types: append(append([]string{}, cmpEc2HostTypes...), EC2MetadataDefaults), Exceptable: true,
		Params:      map[string]any{"maxHopLimit": 1},
		Remediation: "Set metadataOptions {httpTokens: \"required\", httpPutResponseHopLimit: 1} (2 only for containers on the host, through the rule's maxHopLimit).",
		check:       cmpCheckIMDSv2,
	},
	{
		ID: "IAM-71", Name: "ec2-instance-profile", Group: groupIdentity,
		Title: "EC2 hosts must run with an IAM instance profile, so software on them never needs long-lived keys.",
		HIPAA: []string{"308(a)(3)(i)", "308(a)(3)(ii)(A)", "308(a)(4)(ii)(A)", "308(a)(4)(ii)(B)", "308(a)(4)(ii)(C)", "312(a)(1)"}, SOC2: []string{"CC6.1", "CC6.3"},
		Severity: "medium", Scope: ScopeResource, Types: cmpEc2HostTypes, Exceptable: true,
		Remediation: "Set iamInstanceProfile (launch templates: iamInstanceProfile.arn or .name) to a profile whose role has only what the host needs.",
		check:       cmpCheckInstanceProfile,
	},
	{
		ID: "IAM-72", Name: "ec2-user-data-no-secrets", Group: groupIdentity,
		Title: "EC2 user data must not carry credentials (AWS keys, private keys, passwords).",
		HIPAA: []string{"308(a)(3)(i)", "308(a)(4)(ii)(A)", "308(a)(4)(ii)(C)", "312(a)(1)"}, SOC2: []string{"CC6.1"},
		Severity: "critical", Scope: ScopeResource, Types: cmpEc2HostTypes, Exceptable: false,
		Remediation: "Fetch secrets at boot from Secrets Manager or SSM Parameter Store with the instance profile; user data is readable in plain text by anyone allowed ec2:DescribeInstanceAttribute, secret-marked or not.",
		check:       cmpCheckUserData,
	},
	{
		ID: "IAM-73", Name: "emr-kerberos", Group: groupIdentity,
		Title: "EMR clusters must authenticate with Kerberos.",
		HIPAA: []string{"308(a)(3)(i)", "308(a)(3)(ii)(A)", "308(a)(3)(ii)(B)", "308(a)(4)(i)", "308(a)(4)(ii)(A)", "308(a)(4)(ii)(B)", "308(a)(4)(ii)(C)", "312(a)(1)"}, SOC2: []string{"CC6.1"},
		Severity: "high", Scope: ScopeResource, Types: []string{EMRCluster}, Exceptable: true,
		Remediation: "Set kerberosAttributes {realm, kdcAdminPassword (secret)} and a security configuration with a KerberosConfiguration.",
		check: func(c *Check) {
			switch v, st := lookup(c.Props(), "kerberosAttributes"); {
			case st == missing:
				c.Fail("kerberosAttributes is unset, so the cluster's applications trust any caller that reaches them", "Set kerberosAttributes with the cluster's Kerberos realm")
			case st == present && !v.IsMap():
				c.shape("kerberosAttributes", "a map with realm and kdcAdminPassword")
			case st == present:
				cmpPresentString(c, "kerberosAttributes.realm", "Set kerberosAttributes.realm")
			}
		},
	},
	{
		ID: "NET-70", Name: "ec2-no-public-ip", Group: groupNetwork,
		Title: "EC2 hosts must launch in a named VPC subnet without a public IP address.",
		HIPAA: exposureHIPAA, SOC2: []string{"CC6.1", "CC6.6"},
		Severity: "critical", Scope: ScopeResource, Types: append(append([]string{}, cmpEc2HostTypes...), ASGGroup), Exceptable: false,
		Remediation: "Set subnetId to a private subnet and leave associatePublicIpAddress false (launch configurations: set it false explicitly; Auto Scaling groups: vpcZoneIdentifiers); reach hosts through SSM Session Manager or a load balancer.",
		check:       cmpCheckNoPublicIP,
	},
	{
		ID: "NET-71", Name: "nacl-no-world-admin-ports", Group: groupNetwork,
		Title:    "Network ACLs must not let the internet in on every port or on SSH, RDP or FTP (20, 21, 22, 3389).",
		HIPAA:    []string{"308(a)(3)(i)", "308(a)(3)(ii)(B)", "308(a)(4)(i)", "308(a)(4)(ii)(A)", "308(a)(4)(ii)(B)", "308(a)(4)(ii)(C)", "312(a)(1)", "312(e)(1)"},
		SOC2:     []string{"CC6.6"},
		Severity: "high", Scope: ScopeStack, Types: cmpEc2NACLTypes, Exceptable: true,
		Remediation: "Give ingress from 0.0.0.0/0 and ::/0 only the ports the subnet serves; put a lower-numbered deny for 20, 21, 22 and 3389 in front of any range that covers them (such as the ephemeral 1024-65535).",
		checkStack:  cmpCheckNACLs,
	},
	{
		ID: "NET-72", Name: "route-targets-scoped", Group: groupNetwork,
		Title: "Default routes (0.0.0.0/0, ::/0) must not go to a VPC peering connection or to a host's network interface.",
		HIPAA: []string{"312(e)(1)"}, SOC2: []string{"CC6.6"},
		Severity: "medium", Scope: ScopeResource, Types: cmpEc2RouteTypes, Exceptable: true,
		Remediation: "Route only the peer VPC's CIDR over a peering connection, and send the default route to a NAT gateway (or an internet gateway on the public tier), not an instance or its ENI.",
		check:       cmpCheckRouteTargets,
	},
	{
		ID: "NET-73", Name: "emr-private", Group: groupNetwork,
		Title: "EMR clusters must run in a private subnet, and the account's EMR block public access must stay on.",
		HIPAA: exposureHIPAA, SOC2: []string{"CC6.1", "CC6.6"},
		Severity: "critical", Scope: ScopeStack, Types: []string{EMRCluster, Subnet, EMRBlockPublicAccess}, Exceptable: false,
		Remediation: "Set ec2Attributes.subnetId (or subnetIds) to private subnets (mapPublicIpOnLaunch false, not Tier=public); keep blockPublicSecurityGroupRules: true.",
		checkStack:  cmpCheckEMRPrivate,
	},
	{
		ID: "NET-74", Name: "transfer-server-private", Group: groupNetwork,
		Title: "Transfer Family servers must use a VPC endpoint, where security groups apply, not the public endpoint.",
		HIPAA: exposureHIPAA, SOC2: []string{"CC6.1", "CC6.6"},
		Severity: "high", Scope: ScopeResource, Types: []string{TransferServer}, Exceptable: false,
		Remediation: "Set endpointType: VPC with endpointDetails (subnets and security groups; Elastic IPs only if partners connect over the internet).",
		check: func(c *Check) {
			v, st := getString(c.Props(), "endpointType")
			switch st {
			case computed:
				c.Defer("endpointType")
			case badShape:
				c.shape("endpointType", "a string")
			case missing:
				c.Fail("endpointType is unset (the provider default is PUBLIC, an endpoint no security group can restrict)", "Set endpointType: VPC")
			default:
				if v != "VPC" && v != "VPC_ENDPOINT" {
					c.Fail("endpointType is "+shown(c.Props(), "endpointType")+", an endpoint no security group can restrict", "Set endpointType: VPC")
				}
			}
		},
	},
	{
		ID: "NET-75", Name: "images-not-public", Group: groupNetwork,
		Title: "EBS snapshots and AMIs must never be public or shared outside trusted accounts; account-level block public access stays on.",
		HIPAA: exposureHIPAA, SOC2: []string{"CC6.1", "CC6.6"},
		Severity: "critical", Scope: ScopeResource, Types: cmpImageShareTypes, Exceptable: false,
		Params:      map[string]any{"trustedAccountIds": []string{}},
		Remediation: "Share snapshots and AMIs only with accounts (or organisation ARNs) listed in the rule's trustedAccountIds; set SnapshotBlockPublicAccess state block-all-sharing and ImageBlockPublicAccess state block-new-sharing.",
		check:       cmpCheckImageSharing,
	},
	{
		ID: "NET-76", Name: "transit-gateway-manual-acceptance", Group: groupNetwork,
		Title: "Transit gateways must not accept shared VPC attachments automatically.",
		HIPAA: []string{"312(e)(1)", "308(a)(4)(ii)(B)"}, SOC2: []string{"CC6.6"},
		Severity: "medium", Scope: ScopeResource, Types: []string{TransitGateway}, Exceptable: true,
		Remediation: "Leave autoAcceptSharedAttachments at disable and accept each attachment in code.",
		check: func(c *Check) {
			if v, st := getString(c.Props(), "autoAcceptSharedAttachments"); st == computed {
				c.Defer("autoAcceptSharedAttachments")
			} else if st == badShape {
				c.shape("autoAcceptSharedAttachments", "a string")
			} else if st == present && v == "enable" {
				c.Fail("autoAcceptSharedAttachments is enable, so any account the gateway is shared with joins the network unreviewed", "Set autoAcceptSharedAttachments: disable (the default)")
			}
		},
	},
	{
		ID: "AVL-70", Name: "asg-elb-health-check", Group: groupAvailability,
		Title: "Auto Scaling groups behind a load balancer must use ELB health checks.",
		HIPAA: []string{"308(a)(7)(ii)(C)", "312(b)"}, SOC2: []string{"A1.2"},
		Severity: "medium", Scope: ScopeStack, Types: cmpAsgTrafficTypes, Exceptable: true,
		Remediation: "Set healthCheckType: ELB (with healthCheckGracePeriod) on every group with targetGroupArns, loadBalancers, trafficSources or an autoscaling.Attachment.",
		checkStack:  cmpCheckASGHealthCheck,
	},
	{
		ID: "AVL-71", Name: "asg-multi-az", Group: groupAvailability,
		Title: "Auto Scaling groups must span at least two Availability Zones.",
		HIPAA: []string{"308(a)(7)(i)", "308(a)(7)(ii)(C)"}, SOC2: []string{"A1.2"},
		Severity: "medium", Scope: ScopeStack, Types: []string{ASGGroup, Subnet}, Exceptable: true,
		Remediation: "List private subnets in two or more Availability Zones in vpcZoneIdentifiers.",
		checkStack:  cmpCheckASGMultiAZ,
	},
	{
		ID: "AVL-72", Name: "asg-launch-template", Group: groupAvailability,
		Title: "Auto Scaling groups must launch from a launch template, not a launch configuration.",
		HIPAA: []string{"308(a)(5)(ii)(A)", "308(a)(7)(ii)(C)"}, SOC2: []string{"CC7.1", "CC8.1"},
		Severity: "medium", Scope: ScopeResource, Types: []string{ASGGroup}, Exceptable: true,
		Remediation: "Replace launchConfiguration with launchTemplate {id, version} (or mixedInstancesPolicy.launchTemplate); launch configurations get no new instance types or EC2 features.",
		check: func(c *Check) {
			ltv, lt := lookup(c.Props(), "launchTemplate")
			_, mixed := lookup(c.Props(), "mixedInstancesPolicy.launchTemplate")
			_, lc := lookup(c.Props(), "launchConfiguration")
			switch {
			case lt == present && !ltv.IsMap():
				c.shape("launchTemplate", "a map with id or name and version")
			case mixed == badShape:
				c.shape("mixedInstancesPolicy", "a map with launchTemplate")
			case lc != missing:
				c.Fail("the group launches from a launch configuration, which AWS no longer extends to new instance types or features", "Use a launch template")
			case lt == missing && mixed == missing:
				c.Fail("the group names no launch template", "Set launchTemplate {id, version}")
			}
		},
	},
	{
		ID: "AVL-73", Name: "ec2-in-backup-plan", Group: groupAvailability,
		Title: "EBS volumes and EC2 instances must be selected by an AWS Backup plan.",
		HIPAA: []string{"308(a)(7)(i)", "308(a)(7)(ii)(A)", "308(a)(7)(ii)(B)", "310(d)(2)(iv)", "312(a)(2)(ii)"}, SOC2: []string{"A1.2", "CC7.4"},
		Severity: "high", Scope: ScopeStack, Types: append(append([]string{}, cmpBackupHostTypes...), BackupSelection), Exceptable: true,
		Remediation: "Add a backup.Selection whose resources include the volume or instance ARN, or whose selectionTags match its tags.",
		checkStack:  cmpCheckEC2Backups,
	},
	{
		ID: "AVL-74", Name: "beanstalk-managed-updates", Group: groupAvailability,
		Title: "Elastic Beanstalk environments must take managed platform updates (minor or patch).",
		HIPAA: []string{"308(a)(5)(ii)(A)"}, SOC2: []string{"CC7.1"},
		Severity: "medium", Scope: ScopeResource, Types: cmpEbSettingsTypes, Exceptable: true,
		Remediation: "Add settings aws:elasticbeanstalk:managedactions ManagedActionsEnabled true (with PreferredStartTime) and aws:elasticbeanstalk:managedactions:platformupdate UpdateLevel minor or patch.",
		check: func(c *Check) {
			cmpEbRequire(c, "aws:elasticbeanstalk:managedactions", "ManagedActionsEnabled", "Elastic Beanstalk's default is false; only the console turns it on",
				func(v string) bool { return strings.EqualFold(v, "true") })
			cmpEbRequire(c, "aws:elasticbeanstalk:managedactions:platformupdate", "UpdateLevel", "no update level, so no update is applied",
				func(v string) bool { return v == "minor" || v == "patch" })
		},
	},
	{
		ID: "AVL-75", Name: "ec2-ebs-optimized", Group: groupAvailability,
		Title: "EC2 hosts must not turn EBS optimization off, and must turn it on where the instance type supports it but does not default to it.",
		HIPAA: []string{"308(a)(7)(i)"}, SOC2: []string{"A1.2"},
		Severity: "low", Scope: ScopeResource, Types: cmpEc2HostTypes, Exceptable: true,
		Remediation: "Remove ebsOptimized: false; set ebsOptimized: true on the previous-generation types that support it but default to off (c1, c3, g2, i2, m1, m2, m3, r3 sizes).",
		check:       cmpCheckEBSOptimized,
	},
	{
		ID: "LOG-70", Name: "ec2-detailed-monitoring", Group: groupLogging,
		Title: "EC2 hosts must send one-minute (detailed) CloudWatch metrics.",
		HIPAA: []string{"312(b)"}, SOC2: []string{"CC7.2"},
		Severity: "medium", Scope: ScopeResource, Types: cmpEc2HostTypes, Exceptable: true,
		Remediation: "Set monitoring: true (launch templates: monitoring.enabled true; launch configurations keep enableMonitoring, on by default).",
		check: func(c *Check) {
			switch c.Resource().Type {
			case EC2LaunchConfiguration:
				c.NotFalse("enableMonitoring", "Set enableMonitoring: true (the default)")
			case EC2LaunchTemplate:
				cmpEc2TrueOr(c, "monitoring.enabled", "the launched instances get five-minute metrics, the EC2 default", "Set monitoring {enabled: true}")
			default:
				if cmpLaunchedFromTemplate(c) && cmpAbsent(c, "monitoring") {
					return // the launch template decides, and is checked itself
				}
				cmpEc2TrueOr(c, "monitoring", "EC2 defaults to basic five-minute metrics", "Set monitoring: true")
			}
		},
	},
	{
		ID: "LOG-71", Name: "emr-logging", Group: groupLogging,
		Title: "EMR clusters must archive their logs to S3.",
		HIPAA: []string{"312(b)", "308(a)(1)(ii)(D)"}, SOC2: []string{"CC7.2", "CC7.3"},
		Severity: "medium", Scope: ScopeResource, Types: []string{EMRCluster}, Exceptable: true,
		Remediation: "Set logUri to the estate's log bucket (and logEncryptionKmsKeyId for PHI clusters).",
		check: func(c *Check) {
			cmpPresentString(c, "logUri", "Set logUri to an s3:// prefix in the log bucket (EMR keeps no logs once the cluster ends otherwise)")
		},
	},
	{
		ID: "LOG-72", Name: "beanstalk-enhanced-health", Group: groupLogging,
		Title: "Elastic Beanstalk environments must report enhanced health.",
		HIPAA: []string{"312(b)"}, SOC2: []string{"CC7.2"},
		Severity: "medium", Scope: ScopeResource, Types: cmpEbSettingsTypes, Exceptable: true,
		Remediation: "Add settings aws:elasticbeanstalk:healthreporting:system SystemType enhanced.",
		check: func(c *Check) {
			cmpEbRequire(c, "aws:elasticbeanstalk:healthreporting:system", "SystemType", "Elastic Beanstalk's default is basic",
				func(v string) bool { return v == "enhanced" })
		},
	},
	{
		ID: "LOG-73", Name: "beanstalk-logs-to-cloudwatch", Group: groupLogging,
		Title: "Elastic Beanstalk environments must stream instance logs to CloudWatch Logs and keep them for the log-retention period.",
		HIPAA: []string{"312(b)", "308(a)(1)(ii)(D)"}, SOC2: []string{"CC7.2", "CC7.3"},
		Severity: "medium", Scope: ScopeResource, Types: cmpEbSettingsTypes, Exceptable: true,
		Params:      map[string]any{"minRetentionDays": 365},
		Remediation: "Add settings aws:elasticbeanstalk:cloudwatch:logs StreamLogs true and RetentionInDays 365 (or more).",
		check: func(c *Check) {
			cmpEbRequire(c, "aws:elasticbeanstalk:cloudwatch:logs", "StreamLogs", "Elastic Beanstalk's default is false",
				func(v string) bool { return strings.EqualFold(v, "true") })
			min := c.NumParam("minRetentionDays")
			cmpEbRequire(c, "aws:elasticbeanstalk:cloudwatch:logs", "RetentionInDays", "Elastic Beanstalk's default is 7 days",
				func(v string) bool { n, err := strconv.ParseFloat(v, 64); return err == nil && n >= min })
		},
	},
	{
		ID: "LOG-74", Name: "client-vpn-connection-logs", Group: groupLogging,
		Title: "Client VPN endpoints must log every connection to CloudWatch Logs.",
		HIPAA: []string{"312(b)", "308(a)(3)(ii)(A)", "308(a)(5)(ii)(C)"}, SOC2: []string{"CC7.2", "CC6.1"},
		Severity: "medium", Scope: ScopeResource, Types: []string{ClientVPNEndpoint}, Exceptable: true,
		Remediation: "Set connectionLogOptions {enabled: true, cloudwatchLogGroup} to an encrypted, retained log group.",
		check: func(c *Check) {
			if c.True("connectionLogOptions.enabled", "Set connectionLogOptions.enabled: true") {
				cmpPresentString(c, "connectionLogOptions.cloudwatchLogGroup", "Name the log group")
			}
		},
	},
	{
		ID: "TAG-70", Name: "asg-tags-propagated", Group: "tagging",
		Title: "Auto Scaling groups must propagate DataClassification, Owner, Environment and Service tags to the instances they launch.",
		HIPAA: []string{"308(a)(1)(ii)(A)"}, SOC2: []string{"CC6.1", "C1.1"},
		Severity: "medium", Scope: ScopeResource, Types: []string{ASGGroup}, Exceptable: true,
		Params:      map[string]any{"requiredTags": []string{"Owner", "Environment", "Service"}},
		Remediation: "Add tags [{key, value, propagateAtLaunch: true}] for DataClassification, Owner, Environment and Service (the provider's defaultTags do not reach Auto Scaling groups or their instances).",
		check:       cmpCheckASGTags,
	},
}

// cmpAbsent reports a property unset (a computed value is set).
func cmpAbsent(c *Check, path string) bool {
	_, st := lookup(c.Props(), path)
	return st == missing
}

// cmpPresentString is Present for a string input: unknown counts as set,
// and a value that is not a string is a wrong shape, named.
func cmpPresentString(c *Check, path, fix string) bool {
	v, st := lookup(c.Props(), path)
	switch {
	case st == computed:
		return true
	case st == badShape || (st == present && !v.IsString()):
		c.shape(path, "a string")
		return false
	}
	return c.Present(path, fix)
}

// cmpCMK requires a customer-managed key: set, and not an alias/aws/* key.
func cmpCMK(c *Check, path, fix string) {
	if !cmpPresentString(c, path, fix) {
		return
	}
	if v, st := getString(c.Props(), path); st == present && strings.HasPrefix(v, "alias/aws/") {
		c.Fail(path+" is the AWS-managed key "+v+", which no key policy of yours governs", fix)
	}
}

// cmpLaunchedFromTemplate: an instance that names a launch template takes
// whatever it leaves unset from the template, and the template is judged on
// its own.
func cmpLaunchedFromTemplate(c *Check) bool {
	return contains(cmpEc2InstanceTypes, c.Resource().Type) && !cmpAbsent(c, "launchTemplate")
}

// cmpEc2TrueOr requires a boolean (or "true"/"false" string) to be true, with
// the real default named when it is unset.
func cmpEc2TrueOr(c *Check, path, unset, fix string) bool {
	return c.boolean(path, fix, true, unset)
}

// ---- ENC-70 -----------------------------------------------------------

func cmpCheckBlockDevices(c *Check) {
	p := c.Props()
	phi := c.Resource().IsPHI()
	switch c.Resource().Type {
	case WorkSpace:
		cmpEc2TrueOr(c, "rootVolumeEncryptionEnabled", "the WorkSpaces default is false", "Set rootVolumeEncryptionEnabled: true")
		cmpEc2TrueOr(c, "userVolumeEncryptionEnabled", "the WorkSpaces default is false", "Set userVolumeEncryptionEnabled: true")
		if phi {
			cmpCMK(c, "volumeEncryptionKey", "Encrypt a PHI WorkSpace with the data CMK (volumeEncryptionKey)")
		}
	case EC2LaunchTemplate:
		maps, st := getArray(p, "blockDeviceMappings")
		if st == missing || (st == present && len(maps) == 0) {
			c.Fail("blockDeviceMappings is unset, so the launched volumes are encrypted only by "+cmpEc2RootProviders, "Add blockDeviceMappings with ebs {encrypted: \"true\"} for the root device")
			return
		}
		ebs := 0
		for _, m := range maps {
			if m.IsComputed() {
				ebs++ // may be the root volume's mapping; deferred below
			}
		}
		c.Each("blockDeviceMappings", func(_ int, m property.Map, path string) {
			if _, st := lookup(m, "ebs"); st == missing {
				return // instance store or a suppressed device
			}
			ebs++
			cmpBlockDeviceEncrypted(c, path+".ebs", phi, true)
		})
		if st == present && ebs == 0 {
			c.Fail("no blockDeviceMappings entry configures an EBS volume, so the root volume is encrypted only by "+cmpEc2RootProviders, "Add an ebs {encrypted: \"true\"} mapping for the root device")
		}
	case EC2LaunchConfiguration:
		if cmpAbsent(c, "rootBlockDevice") {
			c.Fail("rootBlockDevice is unset, so the root volume is encrypted only by "+cmpEc2RootProviders, "Set rootBlockDevice {encrypted: true}")
		} else {
			cmpBlockDeviceEncrypted(c, "rootBlockDevice", false, false)
		}
		c.Each("ebsBlockDevices", func(_ int, m property.Map, path string) {
			if b, _ := getBool(m, "noDevice"); b {
				return
			}
			cmpBlockDeviceEncrypted(c, path, false, false)
		})
		// A launch configuration has no kmsKeyId: its volumes use the
		// account's default EBS key (ebs.DefaultKmsKey), so no CMK check.
	default: // instances and spot requests
		if cmpAbsent(c, "rootBlockDevice") {
			if !cmpLaunchedFromTemplate(c) {
				c.Fail("rootBlockDevice is unset, so the root volume is encrypted only by "+cmpEc2RootProviders+" (the provider's default is unencrypted)", "Set rootBlockDevice {encrypted: true}")
			}
		} else {
			cmpBlockDeviceEncrypted(c, "rootBlockDevice", phi, false)
		}
		c.Each("ebsBlockDevices", func(_ int, _ property.Map, path string) {
			cmpBlockDeviceEncrypted(c, path, phi, false)
		})
	}
}

// cmpBlockDeviceEncrypted judges one block device: encrypted true (a launch
// template writes it as the string "true"), unless the volume comes from a
// snapshot, whose encryption it inherits; a kmsKeyId on PHI hosts.
func cmpBlockDeviceEncrypted(c *Check, path string, phi, template bool) {
	p := c.Props()
	enc, st := getBool(p, path+".encrypted")
	_, snap := lookup(p, path+".snapshotId")
	switch {
	case st == computed:
		c.Defer(path + ".encrypted")
		return
	case st == badShape:
		c.shape(path+".encrypted", "a bool")
		return
	case st == missing && snap != missing:
		return // a volume from a snapshot is encrypted exactly when the snapshot is
	case st == missing:
		def := "the provider default is false"
		if template {
			def = "EC2 then encrypts only by " + cmpEc2RootProviders
		}
		c.Fail(path+".encrypted is unset ("+def+")", "Set "+path+".encrypted: true")
		return
	case !enc:
		c.Fail(path+".encrypted is false", "Set "+path+".encrypted: true")
		return
	}
	if phi {
		cmpCMK(c, path+".kmsKeyId", "Encrypt a PHI host's volumes with the data CMK ("+path+".kmsKeyId)")
	}
}

// ---- ENC-71 -----------------------------------------------------------

func cmpCheckEBSEncrypted(c *Check) {
	switch c.Resource().Type {
	case EBSEncryptionByDefault:
		c.NotFalse("enabled", "Set enabled: true (the resource's default)")
	case EC2AMI:
		c.Each("ebsBlockDevices", func(_ int, m property.Map, path string) {
			if _, st := lookup(m, "snapshotId"); st != missing {
				if _, st := lookup(m, "encrypted"); st == missing {
					return // registered from a snapshot: encrypted exactly when it is
				}
			}
			cmpEc2TrueOr(c, path+".encrypted", "the provider default is false", "Set "+path+".encrypted: true")
		})
	default: // volumes, snapshot copies and imports, AMI copies
		unset := "the provider default is false"
		if c.Resource().Type == EBSVolume {
			unset = "the provider default is false; the account's EBS encryption by default would encrypt it, but the program cannot show that it is on"
		}
		c.boolean("encrypted", "Set encrypted: true", true, unset)
		cmpCMK(c, "kmsKeyId", "Set kmsKeyId to the data CMK ARN (without it EBS uses the AWS-managed aws/ebs key)")
	}
}

// ---- ENC-72 / TLS-70 --------------------------------------------------

func cmpCheckEMRAtRest(c *Check) {
	if c.Resource().Type == EMRCluster {
		cmpPresentString(c, "securityConfiguration", "Name an emr.SecurityConfiguration that encrypts at rest and in transit (EMR encrypts nothing without one)")
		return
	}
	doc, ok := c.JSON("configuration")
	if !ok {
		return
	}
	enc := cmpJsonMap(cmpJsonMap(doc)["EncryptionConfiguration"])
	if !cmpJsonTrue(enc["EnableAtRestEncryption"]) {
		c.Fail("EncryptionConfiguration.EnableAtRestEncryption is not true", "Set EnableAtRestEncryption: true with an AtRestEncryptionConfiguration")
		return
	}
	at := cmpJsonMap(enc["AtRestEncryptionConfiguration"])
	local, hasLocal := at["LocalDiskEncryptionConfiguration"].(map[string]any)
	switch {
	case !hasLocal:
		c.Fail("AtRestEncryptionConfiguration has no LocalDiskEncryptionConfiguration, so instance-store and EBS disks are not encrypted", "Add LocalDiskEncryptionConfiguration {EncryptionKeyProviderType: AwsKms, AwsKmsKey, EnableEbsEncryption: true}")
	case !cmpJsonTrue(local["EnableEbsEncryption"]):
		c.Fail("LocalDiskEncryptionConfiguration.EnableEbsEncryption is not true, so EBS root and storage volumes are not encrypted", "Set EnableEbsEncryption: true")
	}
	s3 := cmpJsonMap(at["S3EncryptionConfiguration"])
	if mode, _ := s3["EncryptionMode"].(string); mode != "SSE-KMS" && mode != "CSE-KMS" {
		what := "AtRestEncryptionConfiguration has no S3EncryptionConfiguration"
		if mode != "" {
			what = "S3EncryptionConfiguration.EncryptionMode is " + strconv.Quote(mode)
		}
		c.Fail(what+", so EMRFS data in S3 is not encrypted with KMS", "Set S3EncryptionConfiguration {EncryptionMode: SSE-KMS, AwsKmsKey}")
	}
}

func cmpCheckEMRInTransit(c *Check) {
	doc, ok := c.JSON("configuration")
	if !ok {
		return
	}
	enc := cmpJsonMap(cmpJsonMap(doc)["EncryptionConfiguration"])
	if !cmpJsonTrue(enc["EnableInTransitEncryption"]) {
		c.Fail("EncryptionConfiguration.EnableInTransitEncryption is not true (EMR's default is false)", "Set EnableInTransitEncryption: true with InTransitEncryptionConfiguration.TLSCertificateConfiguration")
	}
}

func cmpJsonMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func cmpJsonTrue(v any) bool {
	switch v := v.(type) {
	case bool:
		return v
	case string:
		return strings.EqualFold(v, "true")
	}
	return false
}

// ---- TLS-71 -----------------------------------------------------------

func cmpCheckTransferProtocols(c *Check) {
	switch protos, st := getStrings(c.Props(), "protocols"); st {
	case computed:
		c.Defer("protocols")
	case badShape:
		c.shape("protocols", "a list of strings")
	case present:
		if contains(protos, "FTP") {
			c.Fail("protocols includes FTP, which sends credentials and files in clear text", "Offer SFTP, FTPS or AS2 only")
		}
	}
	allowed := c.StringsParam("allowedSecurityPolicies")
	switch v, st := getString(c.Props(), "securityPolicyName"); st {
	case computed:
		c.Defer("securityPolicyName")
	case badShape:
		c.shape("securityPolicyName", "a string")
	case missing:
		c.Fail("securityPolicyName is unset (the provider default is TransferSecurityPolicy-2018-11, which still offers SHA-1 and CBC ciphers)", "Set securityPolicyName: TransferSecurityPolicy-2024-01 or newer")
	default:
		if !contains(allowed, v) {
			c.Fail("securityPolicyName is "+shown(c.Props(), "securityPolicyName")+", older than the allowed policies ("+strings.Join(allowed, ", ")+")", "Set a current security policy")
		}
	}
}

// ---- IAM-70 -----------------------------------------------------------

var cmpImdsUnset = map[string]string{
	EC2Instance:            "EC2 then takes the AMI's setting (required only when its ImdsSupport is v2.0) or the account's instance metadata defaults, which the program does not show, and otherwise optional, so IMDSv1 answers",
	EC2SpotInstanceRequest: "EC2 then takes the AMI's setting (required only when its ImdsSupport is v2.0) or the account's instance metadata defaults, which the program does not show, and otherwise optional, so IMDSv1 answers",
	EC2LaunchTemplate:      "the provider default is optional, so IMDSv1 answers",
	EC2LaunchConfiguration: "the AWS default is optional, so IMDSv1 answers",
	EC2MetadataDefaults:    "the resource's default is no-preference, which leaves each launch at its AMI's setting or optional",
}

func cmpCheckIMDSv2(c *Check) {
	typ := c.Resource().Type
	prefix := "metadataOptions."
	if typ == EC2MetadataDefaults {
		prefix = ""
	} else if cmpLaunchedFromTemplate(c) && cmpAbsent(c, "metadataOptions") {
		return // the launch template decides, and is checked itself
	}
	switch ep, st := getString(c.Props(), prefix+"httpEndpoint"); {
	case st == computed:
		c.Defer(prefix + "httpEndpoint")
		return
	case st == present && ep == "disabled":
		return // no metadata service, no credentials to steal from it
	}
	path := prefix + "httpTokens"
	switch v, st := getString(c.Props(), path); st {
	case computed:
		c.Defer(path)
	case badShape:
		c.shape(path, "a string")
	case missing:
		c.Fail(path+" is unset ("+cmpImdsUnset[typ]+")", "Set "+path+": \"required\"")
	default:
		if v != "required" {
			c.Fail(path+" is "+shown(c.Props(), path)+", so IMDSv1 hands the instance role's credentials to any unauthenticated request (SSRF)", "Set "+path+": \"required\"")
		}
	}
	hop := prefix + "httpPutResponseHopLimit"
	max := c.NumParam("maxHopLimit")
	switch n, st := getNumber(c.Props(), hop); st {
	case computed:
		c.Defer(hop)
	case badShape:
		c.shape(hop, "a number")
	case present:
		if n > max {
			c.Fail(fmt.Sprintf("%s is %v, so metadata responses reach beyond the host (want at most %v)", hop, n, max), "Set "+hop+": 1")
		}
	}
}

// ---- IAM-71 -----------------------------------------------------------

func cmpCheckInstanceProfile(c *Check) {
	fix := "Attach an IAM instance profile with a least-privilege role"
	switch c.Resource().Type {
	case EC2LaunchTemplate:
		if cmpAbsent(c, "iamInstanceProfile") {
			c.Fail("iamInstanceProfile is unset, so the launched instances have no role", fix)
			return
		}
		_, a := lookup(c.Props(), "iamInstanceProfile.arn")
		_, n := lookup(c.Props(), "iamInstanceProfile.name")
		switch {
		case a == badShape || n == badShape:
			c.shape("iamInstanceProfile", "a map with arn or name")
		case a == missing && n == missing:
			c.Fail("iamInstanceProfile names neither arn nor name", fix)
		}
	case EC2LaunchConfiguration:
		cmpPresentString(c, "iamInstanceProfile", fix)
	default:
		if cmpLaunchedFromTemplate(c) && cmpAbsent(c, "iamInstanceProfile") {
			return
		}
		cmpPresentString(c, "iamInstanceProfile", fix)
	}
}

// ---- IAM-72 -----------------------------------------------------------

// cmpUserDataFinds are credential shapes in user data, each with what the
// message calls it. The value itself is never shown.
var cmpUserDataFinds = []struct {
	re   *regexp.Regexp
	what string
	// literal: the last group is the assigned value, which must not be a
	// boolean or null for the match to count.
	literal bool
}{
	{regexp.MustCompile(`\b(AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b`), "an AWS access key ID", false},
	{regexp.MustCompile(`(?i)aws_secret_access_key\s*[=:]\s*["']?[A-Za-z0-9/+]{40}`), "an AWS secret access key", false},
	{regexp.MustCompile(`-----BEGIN ([A-Z]+ )?PRIVATE KEY-----`), "a private key", false},
	// An assignment of a literal: `PASSWORD=$(aws secretsmanager ...)` and
	// `password: ${DB_PASSWORD}` read the secret at boot and pass.
	// The name must end in the keyword, so SECRET_ARN= and TOKEN_URL= pass;
	// a colon counts only with a space after it (YAML), not inside an ARN.
	// A value that is a boolean or null (cloud-init's lock_passwd: false) or
	// a command substitution (TOKEN=`curl ...` for IMDSv2) is no secret.
	{regexp.MustCompile(`(?i)\b[a-z0-9_]*(password|passwd|pwd|secret|secret_?key|api_?key|token)["']?\s*(=|:\s)\s*["']?` +
		`([^\s"'$<{(%\x60][^\s"']*)`), "a password or secret assignment", true},
}

func cmpCheckUserData(c *Check) {
	paths := []string{"userData", "userDataBase64"}
	if c.Resource().Type == EC2LaunchTemplate {
		paths = []string{"userData"}
	}
	for _, path := range paths {
		v, st := lookup(c.Props(), path)
		switch {
		case st == missing:
			continue
		case st == computed:
			c.Defer(path)
			continue
		case st == badShape || !v.IsString():
			c.shape(path, "a string")
			continue
		}
		// A launch template's and userDataBase64's data are base64; an
		// instance's userData is text. Both are read in every form they
		// may take, so a value passed in the other form is still seen.
		texts := cmpUserDataTexts(v.AsString())
		var found []string
		for _, f := range cmpUserDataFinds {
			for _, t := range texts {
				if cmpFinds(f.re, t, f.literal) {
					found = append(found, f.what)
					break
				}
			}
		}
		if len(found) > 0 {
			marked := ""
			if v.Secret() {
				marked = "; marking it secret does not help, since EC2 returns user data in plain text to anyone allowed ec2:DescribeInstanceAttribute"
			}
			c.Fail(path+" contains "+strings.Join(found, ", ")+" (not shown)"+marked, "Fetch the secret at boot from Secrets Manager or SSM Parameter Store with the instance profile")
		}
	}
}

// cmpFinds reports a match; for a literal pattern, one whose assigned
// value is not a boolean or null.
func cmpFinds(re *regexp.Regexp, text string, literal bool) bool {
	if !literal {
		return re.MatchString(text)
	}
	for _, m := range re.FindAllStringSubmatch(text, -1) {
		switch strings.ToLower(m[len(m)-1]) {
		case "true", "false", "yes", "no", "null", "none", "~":
			continue
		}
		return true
	}
	return false
}

// cmpUserDataTexts returns the data as written and, when it is base64 (and
// maybe gzip inside), decoded; decoding is bounded so odd input stays cheap.
func cmpUserDataTexts(s string) []string {
	out := []string{s}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil || len(raw) == 0 {
		return out
	}
	if len(raw) > 2 && raw[0] == 0x1f && raw[1] == 0x8b {
		if zr, err := gzip.NewReader(bytes.NewReader(raw)); err == nil {
			if dec, err := io.ReadAll(io.LimitReader(zr, 1<<20)); err == nil {
				raw = dec
			}
		}
	}
	return append(out, string(raw))
}

// ---- NET-70 -----------------------------------------------------------

func cmpCheckNoPublicIP(c *Check) {
	p := c.Props()
	switch c.Resource().Type {
	case ASGGroup:
		switch ids, st := getArray(p, "vpcZoneIdentifiers"); {
		case st == badShape:
			c.shape("vpcZoneIdentifiers", "a list of subnet IDs")
		case st == missing || (st == present && len(ids) == 0):
			c.Fail("vpcZoneIdentifiers is unset, so the group launches into the default VPC, whose subnets give every instance a public IP", "Set vpcZoneIdentifiers to private subnets")
		}
	case EC2LaunchTemplate:
		c.Each("networkInterfaces", func(_ int, _ property.Map, path string) {
			c.NotTrue(path+".associatePublicIpAddress", "Set "+path+".associatePublicIpAddress: \"false\"")
		})
	case EC2LaunchConfiguration:
		// In a default subnet AWS assigns a public IP unless this is false;
		// elsewhere the subnet decides. Say so explicitly.
		c.boolean("associatePublicIpAddress", "Set associatePublicIpAddress: false", false,
			"AWS then assigns a public IP in a default subnet and leaves it to the subnet's mapPublicIpOnLaunch elsewhere")
	default:
		c.NotTrue("associatePublicIpAddress", "Set associatePublicIpAddress: false")
		if cmpLaunchedFromTemplate(c) || !cmpAbsent(c, "networkInterfaces") {
			return // the subnet comes from the template or the attached interface
		}
		if cmpAbsent(c, "subnetId") {
			c.Fail("subnetId is unset, so EC2 launches the instance in the default VPC, whose subnets assign public IPs", "Set subnetId to a private subnet")
		} else {
			cmpPresentString(c, "subnetId", "Set subnetId to a private subnet")
		}
	}
}

// ---- NET-71 -----------------------------------------------------------

// cmpNaclEntry is one ingress entry of a network ACL, inline or a rule resource.
type cmpNaclEntry struct {
	res         *Resource
	path        string // "ingress[2]", or "" for an aws:ec2/networkAclRule
	ruleNo      float64
	allow       bool
	proto       string
	from, to    float64
	cidr, cidr6 string
	unknown     string // the property unknown at preview, if any
}

// cmpNaclAdminPorts are the TCP ports no ACL may open to the internet
// (checkov CKV_AWS_229-232, Prowler ec2_networkacl_allow_ingress_tcp_port_*).
var cmpNaclAdminPorts = []float64{20, 21, 22, 3389}

func cmpReadNACLEntry(r *Resource, m property.Map, path string, inline bool) cmpNaclEntry {
	e := cmpNaclEntry{res: r, path: path}
	num, action := "ruleNumber", "ruleAction"
	if inline {
		num, action = "ruleNo", "action"
	}
	str := func(k string) string {
		v, st := lookup(m, k)
		switch {
		case st == computed:
			e.unknown = k
		case st == present && v.IsString():
			return strings.ToLower(v.AsString())
		case st == present && v.IsNumber():
			return strconv.FormatFloat(v.AsNumber(), 'f', -1, 64)
		}
		return ""
	}
	n := func(k string) float64 {
		f, st := getNumber(m, k)
		if st == computed {
			e.unknown = k
		}
		return f
	}
	e.ruleNo, e.from, e.to = n(num), n("fromPort"), n("toPort")
	e.allow = str(action) == "allow"
	e.proto, e.cidr, e.cidr6 = str("protocol"), str("cidrBlock"), str("ipv6CidrBlock")
	return e
}

// covers reports whether the entry matches TCP traffic to port (port < 0:
// traffic of every protocol, as "all ports open" means).
func (e cmpNaclEntry) covers(port float64) bool {
	if e.proto == "-1" || e.proto == "all" {
		return true
	}
	return port >= 0 && (e.proto == "tcp" || e.proto == "6") && e.from <= port && port <= e.to
}

func (e cmpNaclEntry) where() string {
	if e.path == "" {
		return fmt.Sprintf("rule %v", e.ruleNo)
	}
	return fmt.Sprintf("%s (rule %v)", e.path, e.ruleNo)
}

func cmpCheckNACLs(s *Stack, c *Check) {
	groups := map[string][]cmpNaclEntry{}
	var order []string
	add := func(key string, e cmpNaclEntry) {
		if _, ok := groups[key]; !ok {
			order = append(order, key)
		}
		groups[key] = append(groups[key], e)
	}
	for _, acl := range s.OfType(EC2NetworkACL, EC2DefaultNetworkACL) {
		ac := c.On(acl)
		ac.Each("ingress", func(_ int, m property.Map, path string) {
			add(acl.URN, cmpReadNACLEntry(acl, m, path, true))
		})
	}
	for _, r := range s.OfType(EC2NetworkACLRule) {
		switch eg, st := getBool(r.Props, "egress"); {
		case st == computed:
			c.On(r).Defer("egress")
			continue
		case st == present && eg:
			continue
		}
		key := r.URN
		if acls := resolveRefs(s, r, "networkAclId", EC2NetworkACL, EC2DefaultNetworkACL); len(acls) > 0 {
			key = acls[0].URN
		} else if id, st := getString(r.Props, "networkAclId"); st == present {
			key = "id:" + id
		}
		add(key, cmpReadNACLEntry(r, r.Props, "", false))
	}
	for _, key := range order {
		entries := groups[key]
		sort.SliceStable(entries, func(i, j int) bool { return entries[i].ruleNo < entries[j].ruleNo })
		failed := map[*cmpNaclEntry][]string{}
		var failOrder []*cmpNaclEntry
		deferred := false
		targets := append([]float64{-1}, cmpNaclAdminPorts...)
		for _, world := range []string{"0.0.0.0/0", "::/0"} {
			for _, port := range targets {
				for i := range entries {
					e := &entries[i]
					if e.unknown != "" {
						// An entry we cannot read may decide the port.
						if !deferred {
							at := e.unknown
							if e.path != "" {
								at = e.path + "." + at
							}
							c.On(e.res).Defer(at)
							deferred = true
						}
						break
					}
					if (e.cidr != world && e.cidr6 != world) || !e.covers(port) {
						continue
					}
					if e.allow {
						if _, seen := failed[e]; !seen {
							failOrder = append(failOrder, e)
						}
						what := fmt.Sprintf("TCP port %v", port)
						if port < 0 {
							what = "every port and protocol"
						}
						if !contains(failed[e], what) {
							failed[e] = append(failed[e], what)
						}
					}
					break // the lowest-numbered matching entry decides
				}
			}
		}
		for _, e := range failOrder {
			c.On(e.res).Fail(fmt.Sprintf("ingress %s lets the internet in on %s", e.where(), strings.Join(failed[e], ", ")),
				"Narrow the entry's CIDR or ports, or put a lower-numbered deny for those ports in front of it")
		}
	}
}

// ---- NET-72 -----------------------------------------------------------

func cmpCheckRouteTargets(c *Check) {
	judge := func(m property.Map, at, dest4, dest6 string) {
		var dests []string
		for _, k := range []string{dest4, dest6} {
			v, st := lookup(m, k)
			if st == computed {
				// Only a route to a peering connection or an interface can fail.
				for _, t := range []string{"vpcPeeringConnectionId", "networkInterfaceId", "instanceId"} {
					if _, st := lookup(m, t); st != missing {
						c.Defer(at + k)
						return
					}
				}
				continue
			}
			if st == present && v.IsString() {
				dests = append(dests, v.AsString())
			}
		}
		deflt := contains(dests, "0.0.0.0/0") || contains(dests, "::/0")
		if !deflt {
			return
		}
		if _, st := lookup(m, "vpcPeeringConnectionId"); st != missing {
			c.Fail(at+"a default route goes to a VPC peering connection, so the peer can reach every address this table routes", "Route only the peer VPC's CIDR over the peering connection")
		}
		for _, t := range []string{"networkInterfaceId", "instanceId"} {
			if _, st := lookup(m, t); st != missing {
				c.Fail(at+"the default route goes to a host ("+t+"), a self-managed NAT or proxy in the path of all egress", "Send the default route to a NAT gateway")
			}
		}
	}
	if c.Resource().Type == Route {
		judge(c.Props(), "", "destinationCidrBlock", "destinationIpv6CidrBlock")
		return
	}
	c.Each("routes", func(_ int, m property.Map, path string) {
		judge(m, path+": ", "cidrBlock", "ipv6CidrBlock")
	})
}

// ---- NET-73 -----------------------------------------------------------

func cmpCheckEMRPrivate(s *Stack, c *Check) {
	for _, cl := range s.OfType(EMRCluster) {
		cc := c.On(cl)
		if v, st := lookup(cl.Props, "ec2Attributes"); st == present && !v.IsMap() {
			cc.shape("ec2Attributes", "a map")
			continue
		}
		var ids []string
		unknown := false
		if v, st := getString(cl.Props, "ec2Attributes.subnetId"); st == present {
			ids = append(ids, v)
		} else if st == computed {
			unknown = true
		}
		switch list, st := getStrings(cl.Props, "ec2Attributes.subnetIds"); st {
		case present:
			ids = append(ids, list...)
		case computed:
			unknown = true
		}
		if len(ids) == 0 && !unknown {
			cc.Fail("ec2Attributes names no subnet, so EMR launches the cluster in the default VPC, whose subnets give the master node a public IP", "Set ec2Attributes.subnetId to a private subnet")
			continue
		}
		for _, sn := range cmpEmrSubnets(s, cl, ids) {
			sc := c.On(sn)
			if tier, _ := getString(sn.Props, "tags.Tier"); tier == "public" {
				cc.Fail("the cluster runs in the public-tier subnet "+sn.Name, "Use a private subnet")
				continue
			}
			switch on, st := getBool(sn.Props, "mapPublicIpOnLaunch"); {
			case st == computed:
				sc.Defer("mapPublicIpOnLaunch")
			case st == present && on:
				cc.Fail("the cluster runs in subnet "+sn.Name+", which assigns public IPs, so the master node gets one", "Use a private subnet")
			}
		}
	}
	for _, b := range s.OfType(EMRBlockPublicAccess) {
		c.On(b).boolean("blockPublicSecurityGroupRules", "Set blockPublicSecurityGroupRules: true", true, "EMR then admits clusters whose security groups are open to the internet")
	}
}

// cmpEmrSubnets are the stack's subnets a cluster's ec2Attributes name, by
// property dependency or by a known ID.
func cmpEmrSubnets(s *Stack, cl *Resource, ids []string) []*Resource {
	var out []*Resource
	for _, u := range cl.PropertyDependencies["ec2Attributes"] {
		if r := s.ByURN(u); r != nil && r.Type == Subnet && !containsResource(out, r) {
			out = append(out, r)
		}
	}
	for _, sn := range s.OfType(Subnet) {
		if id, st := getString(sn.Props, "id"); st == present && contains(ids, id) && !containsResource(out, sn) {
			out = append(out, sn)
		}
	}
	return out
}

// ---- NET-75 -----------------------------------------------------------

func cmpCheckImageSharing(c *Check) {
	trusted := c.StringsParam("trustedAccountIds")
	p := c.Props()
	switch c.Resource().Type {
	case EBSSnapshotBlockPublic:
		c.OneOf("state", []string{"block-all-sharing"}, "Set state: block-all-sharing (block-new-sharing leaves existing public snapshots public)")
	case EC2ImageBlockPublicAccess:
		c.OneOf("state", []string{"block-new-sharing"}, "Set state: block-new-sharing")
	case EC2AMILaunchPermission:
		if g, st := getString(p, "group"); st == present && g == "all" {
			c.Fail("the launch permission makes the AMI public (group all)", "Remove the permission; share with named trusted accounts only")
			return
		} else if st == computed {
			c.Defer("group")
		}
		for _, k := range []string{"accountId", "organizationArn", "organizationalUnitArn"} {
			cmpImageShareTarget(c, k, trusted)
		}
	case EC2SnapshotVolumePerm:
		if id, st := getString(p, "accountId"); st == present && id == "all" {
			c.Fail("the create-volume permission makes the snapshot public", "Remove the permission; share with named trusted accounts only")
			return
		}
		cmpImageShareTarget(c, "accountId", trusted)
	}
}

func cmpImageShareTarget(c *Check, key string, trusted []string) {
	switch v, st := getString(c.Props(), key); st {
	case computed:
		c.Defer(key)
	case badShape:
		c.shape(key, "a string")
	case present:
		if !contains(trusted, v) {
			c.Fail("shares the image with "+shown(c.Props(), key)+", which is not in the rule's trustedAccountIds", "Add the account to trustedAccountIds in the stack's policy config (reviewed), or remove the share")
		}
	}
}

// ---- AVL-70 / AVL-71 / TAG-70 -----------------------------------------

func cmpCheckASGHealthCheck(s *Stack, c *Check) {
	attached := map[*Resource]bool{}
	for _, a := range s.OfType(ASGAttachment, ASGTrafficSourceAttachment) {
		for _, g := range resolveRefs(s, a, "autoscalingGroupName", ASGGroup) {
			attached[g] = true
		}
	}
	for _, g := range s.OfType(ASGGroup) {
		gc := c.On(g)
		behind, unsure := attached[g], false
		for _, k := range []string{"targetGroupArns", "loadBalancers", "trafficSources"} {
			switch arr, st := getArray(g.Props, k); st {
			case computed:
				unsure = true
			case present:
				behind = behind || len(arr) > 0
			}
		}
		if !behind && !unsure {
			continue
		}
		hc, st := getString(g.Props, "healthCheckType")
		switch {
		case st == computed:
			gc.Defer("healthCheckType")
		case st == badShape:
			gc.shape("healthCheckType", "a string")
		case st == present && (hc == "ELB" || hc == "VPC_LATTICE" || contains(strings.Split(hc, ","), "ELB")):
		case !behind:
			gc.Defer("targetGroupArns") // unknown whether the group has a load balancer
		case st == missing:
			gc.Fail("the group serves a load balancer but healthCheckType is unset (the default is EC2, which replaces only instances EC2 itself reports impaired)", "Set healthCheckType: ELB")
		default:
			gc.Fail("the group serves a load balancer but healthCheckType is "+shown(g.Props, "healthCheckType"), "Set healthCheckType: ELB")
		}
	}
}

func cmpCheckASGMultiAZ(s *Stack, c *Check) {
	for _, g := range s.OfType(ASGGroup) {
		gc := c.On(g)
		ids, st := getArray(g.Props, "vpcZoneIdentifiers")
		switch {
		case st == computed:
			gc.Defer("vpcZoneIdentifiers")
			continue
		case st == badShape:
			gc.shape("vpcZoneIdentifiers", "a list of subnet IDs")
			continue
		case st == missing:
			switch azs, st := getStrings(g.Props, "availabilityZones"); {
			case st == computed:
				gc.Defer("availabilityZones")
			case len(cmpDistinct(azs)) < 2:
				gc.Fail("the group spans fewer than two Availability Zones", "List subnets in two or more AZs in vpcZoneIdentifiers")
			}
			continue
		}
		if len(ids) < 2 {
			gc.Fail(fmt.Sprintf("vpcZoneIdentifiers lists %d subnet(s), so the group lives in one Availability Zone", len(ids)), "List subnets in two or more AZs")
			continue
		}
		// When every subnet is in the stack with a known AZ, count AZs.
		var zones []string
		known := 0
		for _, u := range g.PropertyDependencies["vpcZoneIdentifiers"] {
			if sn := s.ByURN(u); sn != nil && sn.Type == Subnet {
				az, st := getString(sn.Props, "availabilityZone")
				if st != present {
					az, st = getString(sn.Props, "availabilityZoneId")
				}
				if st == present {
					known++
					zones = append(zones, az)
				}
			}
		}
		if known == len(ids) && len(cmpDistinct(zones)) < 2 {
			gc.Fail("every subnet in vpcZoneIdentifiers is in "+zones[0]+", so the group lives in one Availability Zone", "List subnets in two or more AZs")
		}
	}
}

func cmpDistinct(xs []string) []string {
	var out []string
	for _, x := range xs {
		if !contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

func cmpCheckASGTags(c *Check) {
	tags, st := getArray(c.Props(), "tags")
	switch st {
	case computed:
		c.Defer("tags")
		return
	case badShape:
		c.shape("tags", "a list of {key, value, propagateAtLaunch}")
		return
	}
	propagated := map[string]string{}
	for i, t := range tags {
		if t.IsComputed() {
			c.Defer(fmt.Sprintf("tags[%d]", i))
			return
		}
		if !t.IsMap() {
			c.shape(fmt.Sprintf("tags[%d]", i), "a map")
			return
		}
		k, _ := getString(t.AsMap(), "key")
		v, _ := getString(t.AsMap(), "value")
		if on, st := getBool(t.AsMap(), "propagateAtLaunch"); st == present && on {
			propagated[k] = v
		}
	}
	want := append([]string{TagDataClassification}, c.StringsParam("requiredTags")...)
	var miss []string
	for _, k := range want {
		if _, ok := propagated[k]; !ok {
			miss = append(miss, k)
		}
	}
	if len(miss) > 0 {
		c.Fail("tags "+strings.Join(miss, ", ")+" do not reach the instances the group launches (no tag with propagateAtLaunch: true)", "Add them to tags with propagateAtLaunch: true")
	}
	if cls, ok := propagated[TagDataClassification]; ok && !contains([]string{"PHI", "Confidential", "Internal", "Public"}, cls) {
		c.Fail("DataClassification is "+strconv.Quote(cls)+", want PHI, Confidential, Internal or Public", "Tag the group with its data classification")
	}
}

// ---- AVL-73 -----------------------------------------------------------

func cmpCheckEC2Backups(s *Stack, c *Check) {
	// A selection whose tags are unknown at preview may still pick a
	// resource by tag.
	var unsure *Resource
	for _, sel := range s.OfType(BackupSelection) {
		for _, k := range []string{"resources", "selectionTags"} {
			if v, st := lookup(sel.Props, k); st == present && !v.IsArray() {
				c.On(sel).shape(k, "a list")
			}
		}
		if v, st := lookup(sel.Props, "selectionTags"); st == computed || (st == present && v.HasComputed()) {
			unsure = sel
		}
	}
	for _, r := range s.OfType(cmpBackupHostTypes...) {
		if len(s.Linked(r, "resources", BackupSelection)) > 0 || selectedByTags(s, r) || cmpSelectedByWildcard(s, r.Type) {
			continue
		}
		if unsure != nil {
			c.On(unsure).Defer("selectionTags")
			continue
		}
		what := "volume"
		if r.Type == EC2Instance {
			what = "instance"
		}
		c.On(r).Fail("no AWS Backup selection covers the "+what, "Add a backup.Selection with the "+what+"'s ARN or matching selectionTags")
	}
}

// cmpSelectedByWildcard reports a selection of every resource of the kind
// ("*", or an EC2 ARN ending in volume/* or instance/*).
func cmpSelectedByWildcard(s *Stack, typ string) bool {
	kind := "volume/*"
	if typ == EC2Instance {
		kind = "instance/*"
	}
	for _, sel := range s.OfType(BackupSelection) {
		arns, _ := getStrings(sel.Props, "resources")
		for _, a := range arns {
			if a == "*" || (strings.HasPrefix(a, "arn:aws:ec2:") && strings.HasSuffix(a, ":"+kind)) {
				return true
			}
		}
	}
	return false
}

// ---- AVL-75 -----------------------------------------------------------

// cmpEbsOptimizedOptIn are the instance types that support EBS optimization but
// do not turn it on by default (AWS's "previous generation" table, as
// cdk-nag's EC2EBSOptimizedInstance lists them). m1.small is the EC2 API's
// default type and does not support it.
var cmpEbsOptimizedOptIn = []string{"c1.xlarge", "c3.xlarge", "c3.2xlarge", "c3.4xlarge", "g2.2xlarge", "i2.xlarge", "i2.2xlarge", "i2.4xlarge",
	"m1.large", "m1.xlarge", "m2.2xlarge", "m2.4xlarge", "m3.xlarge", "m3.2xlarge", "r3.xlarge", "r3.2xlarge", "r3.4xlarge"}

func cmpCheckEBSOptimized(c *Check) {
	on, st := getBool(c.Props(), "ebsOptimized")
	switch st {
	case computed:
		c.Defer("ebsOptimized")
		return
	case badShape:
		c.shape("ebsOptimized", "a bool")
		return
	case present:
		if !on {
			c.Fail("ebsOptimized is false", "Remove ebsOptimized: false (types optimized by default ignore it) or set it true")
		}
		return
	}
	if cmpLaunchedFromTemplate(c) {
		return
	}
	switch typ, st := getString(c.Props(), "instanceType"); st {
	case computed:
		c.Defer("instanceType")
	case present:
		if contains(cmpEbsOptimizedOptIn, typ) {
			c.Fail("instance type "+typ+" supports EBS optimization but does not default to it, and ebsOptimized is unset", "Set ebsOptimized: true")
		}
	}
}

// ---- Elastic Beanstalk settings ---------------------------------------

// cmpEbSetting finds an option in settings (the last entry wins, as in the
// Elastic Beanstalk API): its value, where, and whether it is known.
func cmpEbSetting(c *Check, ns, name string) (string, string, state) {
	arr, st := getArray(c.Props(), "settings")
	if st != present {
		return "", "settings", st
	}
	val, at, res := "", "", missing
	unknown := ""
	for i, e := range arr {
		path := fmt.Sprintf("settings[%d]", i)
		if e.IsComputed() {
			unknown = path
			continue
		}
		if !e.IsMap() {
			continue
		}
		n, nst := getString(e.AsMap(), "namespace")
		o, ost := getString(e.AsMap(), "name")
		if nst == computed || ost == computed {
			unknown = path
			continue
		}
		if n != ns || o != name {
			continue
		}
		v, vst := lookup(e.AsMap(), "value")
		switch {
		case vst == computed:
			val, at, res = "", path+".value", computed
		case vst == present && v.IsString():
			val, at, res = v.AsString(), path+".value", present
		case vst == present && v.IsBool():
			val, at, res = strconv.FormatBool(v.AsBool()), path+".value", present
		case vst == present && v.IsNumber():
			val, at, res = strconv.FormatFloat(v.AsNumber(), 'f', -1, 64), path+".value", present
		default:
			val, at, res = "", path+".value", badShape
		}
	}
	if res == missing && unknown != "" {
		return "", unknown, computed
	}
	return val, at, res
}

// cmpEbRequire requires an option's value to pass ok. An environment built
// from a saved configuration (templateName) may take the option from it;
// a configuration template in the stack is judged on its own.
func cmpEbRequire(c *Check, ns, name, unsetWhy string, ok func(string) bool) {
	v, at, st := cmpEbSetting(c, ns, name)
	opt := ns + " " + name
	switch st {
	case computed:
		c.Defer(at)
	case badShape:
		c.shape(at, "a string, bool or number")
	case missing:
		if c.Resource().Type == EBEnvironment && !cmpAbsent(c, "templateName") {
			return
		}
		c.Fail(opt+" is unset ("+unsetWhy+")", "Add the setting {namespace: "+ns+", name: "+name+"}")
	default:
		if !ok(v) {
			c.Fail(opt+" is "+strconv.Quote(v), "Correct the setting at "+at)
		}
	}
}

// ---- TLS-72 -----------------------------------------------------------

// cmpCheckBeanstalkHTTPS: worker environments have no load balancer; a
// single instance serves HTTP itself unless .ebextensions (which the
// program does not show) set TLS up, so it fails and may be excepted.
func cmpCheckBeanstalkHTTPS(c *Check) {
	if c.Resource().Type == EBEnvironment {
		switch tier, st := getString(c.Props(), "tier"); {
		case st == computed:
			c.Defer("tier")
			return
		case st == present && tier == "Worker":
			return
		}
	}
	fromTemplate := c.Resource().Type == EBEnvironment && !cmpAbsent(c, "templateName")
	envType, at, st := cmpEbSetting(c, "aws:elasticbeanstalk:environment", "EnvironmentType")
	switch {
	case st == computed:
		c.Defer(at)
		return
	case st == present && envType == "SingleInstance":
		c.Fail("a single-instance environment serves HTTP from the instance; TLS there needs .ebextensions the program does not show", "Use a load-balanced environment with an HTTPS listener, or except this rule naming the TLS setup")
		return
	}
	lbType, at, st := cmpEbSetting(c, "aws:elasticbeanstalk:environment", "LoadBalancerType")
	switch {
	case st == computed:
		c.Defer(at)
		return
	case st == badShape:
		c.shape(at, "a string")
		return
	case st == missing && fromTemplate:
		return // the saved configuration decides, and is judged itself
	case st == missing:
		lbType = "classic" // Elastic Beanstalk's default
	}
	switch lbType {
	case "network":
		c.Fail("a network load balancer passes TCP through without TLS termination", "Use LoadBalancerType application with an HTTPS listener")
	case "application":
		cmpBeanstalkListeners(c, "aws:elbv2:listener:", "Protocol", "SSLCertificateArns", "aws:elbv2:listener:default")
	default:
		cmpBeanstalkListeners(c, "aws:elb:listener:", "ListenerProtocol", "SSLCertificateId", "aws:elb:listener")
	}
}

// cmpBeanstalkListeners requires one HTTPS listener with a certificate
// among the port namespaces (prefix + port) and the default HTTP listener
// (defaultNS, enabled unless ListenerEnabled is false) off.
func cmpBeanstalkListeners(c *Check, prefix, protoOpt, certOpt, defaultNS string) {
	arr, st := getArray(c.Props(), "settings")
	if st == computed {
		c.Defer("settings")
		return
	}
	https := false
	ports := map[string]map[string]string{}
	for _, e := range arr {
		if e.IsComputed() {
			c.Defer("settings")
			return
		}
		if !e.IsMap() {
			continue
		}
		ns, _ := getString(e.AsMap(), "namespace")
		name, _ := getString(e.AsMap(), "name")
		if port, ok := strings.CutPrefix(ns, prefix); ok && port != "default" {
			if ports[port] == nil {
				ports[port] = map[string]string{}
			}
			if v, st := getString(e.AsMap(), "value"); st == present {
				ports[port][name] = v
			} else if st == computed {
				ports[port][name] = "(unknown)"
			}
		}
	}
	for _, opts := range ports {
		if (opts[protoOpt] == "HTTPS" || opts[protoOpt] == "SSL") && opts[certOpt] != "" {
			https = true
		}
	}
	fromTemplate := c.Resource().Type == EBEnvironment && !cmpAbsent(c, "templateName")
	if !https && !fromTemplate {
		c.Fail("no "+prefix+"<port> listener serves HTTPS with a certificate", "Add "+prefix+"443 {"+protoOpt+": HTTPS, "+certOpt+"}")
	}
	switch v, at, st := cmpEbSetting(c, defaultNS, "ListenerEnabled"); {
	case st == computed:
		c.Defer(at)
	case st == missing && fromTemplate:
	case st == missing:
		c.Fail("the default HTTP listener stays on (ListenerEnabled defaults to true), serving the application in clear text", "Add the setting {namespace: "+defaultNS+", name: ListenerEnabled, value: false}")
	case st == present && !strings.EqualFold(v, "false"):
		c.Fail(defaultNS+" ListenerEnabled is "+strconv.Quote(v)+", so the application is served in clear text on port 80", "Set it false")
	}
}
