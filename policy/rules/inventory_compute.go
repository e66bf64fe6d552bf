package rules

// The anchor rules on EC2 hosts, launch templates and configurations, Auto
// Scaling, EBS, network ACLs, routes, EMR, Elastic Beanstalk, Transfer
// Family, WorkSpaces, Client VPN and transit gateways, read from:
//   - AWS Config: awslabs/aws-config-rules
//     aws-config-conformance-packs/Operational-Best-Practices-for-HIPAA-Security.yaml
//     at its January 2025 revision (unchanged at the repository's April 2026 head) and
//     each rule's page in the AWS Config guide; three rules on these types were in
//     the pack's 2021 revision only, which cdk-nag HIPAA.Security still enforces,
//     and are listed too and say so;
//   - cdk-nag: src/packs/hipaa-security.ts and src/rules/{ec2,autoscaling,vpc,emr,elasticbeanstalk}/*.ts;
//   - checkov: checkov/terraform/checks/resource/aws/*.py and graph_checks/aws/*.yaml;
//   - Prowler: prowler/providers/aws/services/{ec2,autoscaling,vpc,emr,elasticbeanstalk,transfer}/<check>/.
// Security-group rules of these anchors are listed here too, because the
// EC2 service carries them; no-world-ingress-except-public-alb (NET-01)
// enforces them on every security group shape.

func cmpMapped(anchor, id, text string, types []string, rules ...string) AnchorRule {
	return AnchorRule{Anchor: anchor, ID: id, Text: text, Types: types, Rules: rules}
}

func cmpReasoned(anchor, id, text string, types []string, reason string) AnchorRule {
	return AnchorRule{Anchor: anchor, ID: id, Text: text, Types: types, Reason: reason}
}

// Reasons shared by several anchors.
const (
	cmpWhyRuntime    = "runtime state of a running instance, which no resource definition shows"
	cmpWhySSM        = cmpWhyRuntime + " (Systems Manager registration, association and patch status); ec2-instance-profile gives every host the role the SSM agent needs"
	cmpWhyEBSDefault = "account state: EBS encryption by default is a per-region setting of the account, not of this program; when the program declares ebs.EncryptionByDefault, ebs-encrypted-cmk requires it on (checkov CKV_AWS_106), and ec2-block-devices-encrypted and ebs-encrypted-cmk require every volume the program makes to be encrypted whatever the default"
	cmpIn2021Pack    = " (in the HIPAA pack's 2021 revision only; cdk-nag HIPAA.Security still carries it)"
	cmpWhyUnusedACL  = "an ACL attached to no subnet filters no traffic and exposes nothing; nacl-no-world-admin-ports judges every ACL the program declares, attached or not"
)

func init() {
	inst := []string{EC2Instance}
	lt := []string{EC2LaunchTemplate}
	lc := []string{EC2LaunchConfiguration}
	hosts := cmpEc2HostTypes
	vol := []string{EBSVolume}
	asg := []string{ASGGroup}
	emr := []string{EMRCluster}
	emrSec := []string{EMRSecurityConfiguration}
	eb := []string{EBEnvironment}
	tfs := []string{TransferServer}
	sg := []string{SecurityGroup, SecurityGroupRule, SGIngressRule}
	instSG := []string{EC2Instance, SecurityGroup, SecurityGroupRule, SGIngressRule}
	acl := cmpEc2NACLTypes
	routes := cmpEc2RouteTypes
	const net01 = "no-world-ingress-except-public-alb"

	inventory = append(inventory,
		// AWS Config HIPAA conformance pack
		cmpMapped("CFG", "autoscaling-group-elb-healthcheck-required", "Auto Scaling groups associated with a load balancer must use Elastic Load Balancing health checks.", []string{ASGGroup, ASGAttachment}, "asg-elb-health-check"),
		cmpMapped("CFG", "autoscaling-launch-config-public-ip-disabled", "Auto Scaling launch configurations must not assign public IP addresses (AssociatePublicIpAddress true is NON_COMPLIANT).", lc, "ec2-no-public-ip"),
		cmpMapped("CFG", "ebs-in-backup-plan", "EBS volumes must be added to an AWS Backup plan.", vol, "ec2-in-backup-plan"),
		cmpMapped("CFG", "ebs-snapshot-public-restorable-check", "EBS snapshots must not be publicly restorable.", []string{EC2SnapshotVolumePerm, EBSSnapshotBlockPublic}, "images-not-public"),
		cmpReasoned("CFG", "ec2-ebs-encryption-by-default", "EBS encryption by default must be enabled in the account and region.", []string{EBSEncryptionByDefault}, cmpWhyEBSDefault),
		cmpMapped("CFG", "ec2-imdsv2-check", "EC2 instances must require Instance Metadata Service Version 2 (HttpTokens required).", []string{EC2Instance, EC2LaunchTemplate}, "ec2-imdsv2-required"),
		cmpReasoned("CFG", "ec2-instance-managed-by-systems-manager", "EC2 instances must be managed by AWS Systems Manager.", inst, cmpWhySSM),
		cmpMapped("CFG", "ec2-instance-no-public-ip", "EC2 instances must not have a public IP address.", inst, "ec2-no-public-ip"),
		cmpMapped("CFG", "ec2-instance-profile-attached", "EC2 instances must have an IAM instance profile attached.", inst, "ec2-instance-profile"),
		cmpMapped("CFG", "ec2-instances-in-vpc", "EC2 instances must belong to a VPC.", inst, "ec2-no-public-ip"),
		cmpReasoned("CFG", "ec2-managedinstance-association-compliance-status-check", "Systems Manager associations on managed instances must be COMPLIANT.", inst, cmpWhySSM),
		cmpReasoned("CFG", "ec2-managedinstance-patch-compliance-status-check", "Managed instances must be COMPLIANT with their Patch Manager baseline.", inst, cmpWhySSM),
		cmpMapped("CFG", "ec2-resources-protected-by-backup-plan", "EC2 instances must be protected by an AWS Backup plan.", inst, "ec2-in-backup-plan"),
		cmpReasoned("CFG", "ec2-stopped-instance", "No EC2 instance may stay stopped longer than the allowed number of days.", inst, cmpWhyRuntime),
		cmpMapped("CFG", "beanstalk-enhanced-health-reporting-enabled", "Elastic Beanstalk environments must have enhanced health reporting enabled"+cmpIn2021Pack+".", eb, "beanstalk-enhanced-health"),
		cmpMapped("CFG", "ebs-optimized-instance", "EC2 instances of types that support EBS optimization must have it enabled"+cmpIn2021Pack+".", inst, "ec2-ebs-optimized"),
		cmpMapped("CFG", "ec2-instance-detailed-monitoring-enabled", "EC2 instances must have detailed monitoring enabled"+cmpIn2021Pack+".", inst, "ec2-detailed-monitoring"),
		cmpMapped("CFG", "emr-kerberos-enabled", "EMR clusters must have Kerberos enabled.", emr, "emr-kerberos"),
		cmpMapped("CFG", "emr-master-no-public-ip", "EMR master nodes must not have a public IP.", []string{EMRCluster, Subnet}, "emr-private"),
		cmpMapped("CFG", "encrypted-volumes", "Attached EBS volumes must be encrypted.", []string{EBSVolume, EC2Instance}, "ebs-encrypted-cmk", "ec2-block-devices-encrypted"),
		cmpMapped("CFG", "elastic-beanstalk-managed-updates-enabled", "Elastic Beanstalk environments must have managed platform updates enabled (ManagedActionsEnabled true; UpdateLevel minor or patch when given).", eb, "beanstalk-managed-updates"),
		cmpReasoned("CFG", "internet-gateway-authorized-vpc-only", "Internet gateways may be attached only to authorized VPCs.", []string{EC2InternetGateway},
			"which VPCs may reach the internet is the account's parameter (AuthorizedVpcIds), not a property of the gateway; every gateway this program makes is attached in reviewed code to the program's own VPC, and public-tier-confined confines what may use it"),
		cmpMapped("CFG", "restricted-common-ports", "Security groups must not allow unrestricted incoming TCP traffic to the blocked ports (20, 21, 3389, 3306, 4333 by default).", sg, net01),
		cmpMapped("CFG", "restricted-ssh", "Security groups must not allow unrestricted incoming SSH traffic.", sg, net01),
		cmpMapped("CFG", "vpc-sg-open-only-to-authorized-ports", "Security groups open to 0.0.0.0/0 or ::/0 may admit only the authorized TCP/UDP ports.", sg, net01),

		// cdk-nag HIPAA.Security
		cmpMapped("CN", "HIPAA.Security-AutoScalingGroupELBHealthCheckRequired", "An Auto Scaling group with target groups or classic load balancers must set healthCheckType ELB.", asg, "asg-elb-health-check"),
		cmpMapped("CN", "HIPAA.Security-AutoScalingLaunchConfigPublicIpDisabled", "An Auto Scaling launch configuration must set associatePublicIpAddress false.", lc, "ec2-no-public-ip"),
		cmpMapped("CN", "HIPAA.Security-EC2EBSInBackupPlan", "An EBS volume must be in an AWS Backup selection.", vol, "ec2-in-backup-plan"),
		cmpMapped("CN", "HIPAA.Security-EC2EBSOptimizedInstance", "An instance whose type supports EBS optimization without defaulting to it must set ebsOptimized.", inst, "ec2-ebs-optimized"),
		cmpMapped("CN", "HIPAA.Security-EC2IMDSv2Enabled", "An instance, or the launch template or configuration of an instance or Auto Scaling group, must set metadataOptions.httpTokens required.", []string{EC2Instance, EC2LaunchTemplate, EC2LaunchConfiguration}, "ec2-imdsv2-required"),
		cmpMapped("CN", "HIPAA.Security-EC2InstanceDetailedMonitoringEnabled", "An instance must enable detailed monitoring; a launch configuration must not turn it off.", []string{EC2Instance, EC2LaunchConfiguration}, "ec2-detailed-monitoring"),
		cmpMapped("CN", "HIPAA.Security-EC2InstanceNoPublicIp", "An instance's network interfaces must not associate a public IP address.", inst, "ec2-no-public-ip"),
		cmpMapped("CN", "HIPAA.Security-EC2InstanceProfileAttached", "An instance must have an IAM instance profile.", inst, "ec2-instance-profile"),
		cmpMapped("CN", "HIPAA.Security-EC2InstancesInVPC", "An instance must be launched in a VPC subnet (subnetId).", inst, "ec2-no-public-ip"),
		cmpMapped("CN", "HIPAA.Security-EC2RestrictedCommonPorts", "Security groups must not allow unrestricted inbound IPv4 TCP traffic on common ports (20, 21, 3389, 3306, 4333).", sg, net01),
		cmpMapped("CN", "HIPAA.Security-EC2RestrictedSSH", "Security groups must not allow unrestricted SSH access.", sg, net01),
		cmpMapped("CN", "HIPAA.Security-EMRKerberosEnabled", "An EMR cluster must have kerberosAttributes.", emr, "emr-kerberos"),
		cmpMapped("CN", "HIPAA.Security-ElasticBeanstalkEnhancedHealthReportingEnabled", "An Elastic Beanstalk environment must set aws:elasticbeanstalk:healthreporting:system SystemType enhanced.", eb, "beanstalk-enhanced-health"),
		cmpMapped("CN", "HIPAA.Security-ElasticBeanstalkManagedUpdatesEnabled", "An Elastic Beanstalk environment must enable managed actions and set the platform UpdateLevel to minor or patch.", eb, "beanstalk-managed-updates"),

		// checkov
		cmpMapped("CK", "CKV_AWS_3", "Ensure all data stored in the EBS volume is securely encrypted.", vol, "ebs-encrypted-cmk"),
		cmpMapped("CK", "CKV_AWS_8", "Ensure all data stored in the launch configuration or instance EBS devices is securely encrypted (an omitted root_block_device fails).", []string{EC2Instance, EC2LaunchConfiguration}, "ec2-block-devices-encrypted"),
		cmpMapped("CK", "CKV_AWS_24", "Ensure no security groups allow ingress from 0.0.0.0/0 to port 22.", sg, net01),
		cmpMapped("CK", "CKV_AWS_25", "Ensure no security groups allow ingress from 0.0.0.0/0 to port 3389.", sg, net01),
		cmpMapped("CK", "CKV_AWS_260", "Ensure no security groups allow ingress from 0.0.0.0/0 to port 80 (the public ALB's group may, to redirect to HTTPS: TLS-01).", sg, net01),
		cmpMapped("CK", "CKV_AWS_277", "Ensure no security groups allow ingress from 0.0.0.0/0 to all ports (protocol -1).", sg, net01),
		cmpMapped("CK", "CKV_AWS_46", "Ensure no hard-coded secrets exist in EC2 user data.", hosts, "ec2-user-data-no-secrets"),
		cmpMapped("CK", "CKV_AWS_79", "Ensure Instance Metadata Service Version 1 is not enabled (http_tokens required, or the endpoint disabled).", hosts, "ec2-imdsv2-required"),
		cmpMapped("CK", "CKV_AWS_88", "EC2 instances and launch templates should not have a public IP.", []string{EC2Instance, EC2LaunchTemplate}, "ec2-no-public-ip"),
		cmpMapped("CK", "CKV_AWS_106", "Ensure EBS default encryption is enabled.", []string{EBSEncryptionByDefault}, "ebs-encrypted-cmk"),
		cmpMapped("CK", "CKV_AWS_114", "Ensure that EMR clusters with Kerberos have a Kerberos realm set.", emr, "emr-kerberos"),
		cmpMapped("CK", "CKV_AWS_126", "Ensure that detailed monitoring is enabled for EC2 instances.", inst, "ec2-detailed-monitoring"),
		cmpMapped("CK", "CKV_AWS_135", "Ensure that EC2 is EBS optimized.", inst, "ec2-ebs-optimized"),
		cmpMapped("CK", "CKV_AWS_153", "Auto Scaling groups should supply tags to launch configurations.", asg, "asg-tags-propagated"),
		cmpMapped("CK", "CKV_AWS_155", "Ensure that WorkSpace user volumes are encrypted.", []string{WorkSpace}, "ec2-block-devices-encrypted"),
		cmpMapped("CK", "CKV_AWS_156", "Ensure that WorkSpace root volumes are encrypted.", []string{WorkSpace}, "ec2-block-devices-encrypted"),
		cmpMapped("CK", "CKV_AWS_164", "Ensure the Transfer server is not exposed publicly (endpoint_type VPC or VPC_ENDPOINT).", tfs, "transfer-server-private"),
		cmpMapped("CK", "CKV_AWS_171", "Ensure the EMR security configuration encrypts with SSE-KMS.", emrSec, "emr-encryption-at-rest"),
		cmpMapped("CK", "CKV_AWS_183", "Ensure EBS snapshot copies are encrypted by KMS with a customer-managed key.", []string{EBSSnapshotCopy}, "ebs-encrypted-cmk"),
		cmpMapped("CK", "CKV_AWS_189", "Ensure EBS volumes are encrypted by KMS with a customer-managed key.", vol, "ebs-encrypted-cmk"),
		cmpMapped("CK", "CKV_AWS_204", "Ensure AMIs are encrypted (every ebs_block_device not from a snapshot sets encrypted).", []string{EC2AMI}, "ebs-encrypted-cmk"),
		cmpMapped("CK", "CKV_AWS_205", "Ensure AMI launch permissions are limited (any aws_ami_launch_permission fails).", []string{EC2AMILaunchPermission}, "images-not-public"),
		cmpMapped("CK", "CKV_AWS_229", "Ensure no NACL allows ingress from 0.0.0.0/0 to port 21.", acl, "nacl-no-world-admin-ports"),
		cmpMapped("CK", "CKV_AWS_230", "Ensure no NACL allows ingress from 0.0.0.0/0 to port 20.", acl, "nacl-no-world-admin-ports"),
		cmpMapped("CK", "CKV_AWS_231", "Ensure no NACL allows ingress from 0.0.0.0/0 to port 3389.", acl, "nacl-no-world-admin-ports"),
		cmpMapped("CK", "CKV_AWS_232", "Ensure no NACL allows ingress from 0.0.0.0/0 to port 22.", acl, "nacl-no-world-admin-ports"),
		cmpMapped("CK", "CKV_AWS_235", "Ensure that copied AMIs are encrypted.", []string{EC2AMICopy}, "ebs-encrypted-cmk"),
		cmpMapped("CK", "CKV_AWS_236", "Ensure AMI copying uses a customer-managed key.", []string{EC2AMICopy}, "ebs-encrypted-cmk"),
		cmpMapped("CK", "CKV_AWS_312", "Ensure Elastic Beanstalk environments have enhanced health reporting enabled.", eb, "beanstalk-enhanced-health"),
		cmpMapped("CK", "CKV_AWS_315", "Ensure EC2 Auto Scaling groups use EC2 launch templates.", asg, "asg-launch-template"),
		cmpMapped("CK", "CKV_AWS_331", "Ensure transit gateways do not automatically accept VPC attachment requests.", []string{TransitGateway}, "transit-gateway-manual-acceptance"),
		cmpMapped("CK", "CKV_AWS_340", "Ensure Elastic Beanstalk managed platform updates are enabled.", eb, "beanstalk-managed-updates"),
		cmpMapped("CK", "CKV_AWS_341", "Ensure launch templates and configurations do not have a metadata response hop limit greater than 1.", []string{EC2LaunchTemplate, EC2LaunchConfiguration}, "ec2-imdsv2-required"),
		cmpMapped("CK", "CKV_AWS_349", "Ensure the EMR security configuration encrypts local disks.", emrSec, "emr-encryption-at-rest"),
		cmpMapped("CK", "CKV_AWS_350", "Ensure the EMR security configuration encrypts EBS disks.", emrSec, "emr-encryption-at-rest"),
		cmpMapped("CK", "CKV_AWS_351", "Ensure the EMR security configuration encrypts in transit.", emrSec, "emr-encryption-in-transit"),
		cmpMapped("CK", "CKV_AWS_352", "Ensure NACL ingress does not allow all ports.", acl, "nacl-no-world-admin-ports"),
		cmpMapped("CK", "CKV_AWS_357", "Ensure the Transfer server allows only secure protocols (no FTP).", tfs, "transfer-secure-protocols"),
		cmpMapped("CK", "CKV_AWS_380", "Ensure the Transfer server uses a security policy no older than two years.", tfs, "transfer-secure-protocols"),
		cmpMapped("CK", "CKV_AWS_389", "Ensure Auto Scaling launch configurations do not assign public IP addresses.", lc, "ec2-no-public-ip"),
		cmpMapped("CK", "CKV_AWS_390", "Ensure EMR block public access is enabled.", []string{EMRBlockPublicAccess}, "emr-private"),
		cmpReasoned("CK", "CKV2_AWS_1", "Ensure that all NACLs are attached to subnets.", []string{EC2NetworkACL}, cmpWhyUnusedACL),
		cmpMapped("CK", "CKV2_AWS_2", "Ensure that only encrypted EBS volumes are attached to EC2 instances.", vol, "ebs-encrypted-cmk"),
		cmpMapped("CK", "CKV2_AWS_7", "Ensure that EMR clusters' security groups are not open to the world.", []string{EMRCluster, SecurityGroup}, net01, "emr-private"),
		cmpMapped("CK", "CKV2_AWS_9", "Ensure that EBS volumes are added to AWS Backup plans.", vol, "ec2-in-backup-plan"),
		cmpMapped("CK", "CKV2_AWS_15", "Ensure Auto Scaling groups associated with a load balancer use ELB health checks.", []string{ASGGroup, ASGAttachment}, "asg-elb-health-check"),
		cmpReasoned("CK", "CKV2_AWS_19", "Ensure that all Elastic IPs allocated to a VPC are attached to EC2 instances.", []string{EC2EIP},
			"an unattached Elastic IP holds no data and admits no traffic: a cost matter, not a HIPAA/SOC 2 one"),
		cmpMapped("CK", "CKV2_AWS_35", "NAT gateways should be used for the default route (no default route to an instance).", routes, "route-targets-scoped"),
		cmpMapped("CK", "CKV2_AWS_41", "Ensure an IAM role is attached to EC2 instances.", inst, "ec2-instance-profile"),
		cmpMapped("CK", "CKV2_AWS_44", "Ensure route tables with VPC peering do not route 0.0.0.0/0 or ::/0 to the peering connection.", routes, "route-targets-scoped"),
		cmpMapped("CK", "CKV2_AWS_55", "Ensure EMR clusters are configured with a security configuration.", emr, "emr-encryption-at-rest"),

		// Prowler: ec2
		cmpMapped("PR", "ec2_ami_account_block_public_access", "AMI block public access is enabled at the account level.", []string{EC2ImageBlockPublicAccess}, "images-not-public"),
		cmpMapped("PR", "ec2_ami_public", "EC2 AMIs owned by the account are not public.", []string{EC2AMILaunchPermission}, "images-not-public"),
		cmpMapped("PR", "ec2_client_vpn_endpoint_connection_logging_enabled", "Client VPN endpoints log client connections.", []string{ClientVPNEndpoint}, "client-vpn-connection-logs"),
		cmpMapped("PR", "ec2_confidential_workload_host_imdsv2_not_enforced", "Confidential-workload (Nitro Enclave) hosts enforce IMDSv2.", inst, "ec2-imdsv2-required"),
		cmpReasoned("PR", "ec2_confidential_workload_host_not_running", "Nitro Enclave parent instances are in the running state.", inst, cmpWhyRuntime),
		cmpMapped("PR", "ec2_confidential_workload_host_public_ip", "Confidential-workload hosts are not exposed to the internet.", inst, "ec2-no-public-ip"),
		cmpMapped("PR", "ec2_confidential_workload_host_unrestricted_ingress", "Confidential-workload hosts do not expose non-standard ports to the internet.", instSG, net01, "ec2-no-public-ip"),
		cmpMapped("PR", "ec2_confidential_workload_host_vsock_proxy_exposed", "Confidential-workload hosts do not expose vsock-proxy TCP ports to the internet.", instSG, net01, "ec2-no-public-ip"),
		cmpReasoned("PR", "ec2_ebs_default_encryption", "EBS default encryption is enabled.", []string{EBSEncryptionByDefault}, cmpWhyEBSDefault),
		cmpMapped("PR", "ec2_ebs_public_snapshot", "EBS snapshots are not public.", []string{EC2SnapshotVolumePerm}, "images-not-public"),
		cmpMapped("PR", "ec2_ebs_snapshot_account_block_public_access", "Block public access for EBS snapshots blocks all sharing.", []string{EBSSnapshotBlockPublic}, "images-not-public"),
		cmpMapped("PR", "ec2_ebs_snapshots_encrypted", "EBS snapshots are encrypted (a snapshot takes its volume's encryption; copies and imports set their own).", []string{EBSVolume, EBSSnapshotCopy, EBSSnapshotImport}, "ebs-encrypted-cmk"),
		cmpMapped("PR", "ec2_ebs_volume_encryption", "EBS volumes are encrypted.", vol, "ebs-encrypted-cmk"),
		cmpMapped("PR", "ec2_ebs_volume_protected_by_backup_plan", "EBS volumes are protected by a backup plan.", vol, "ec2-in-backup-plan"),
		cmpMapped("PR", "ec2_ebs_volume_snapshots_exists", "EBS volumes have at least one snapshot (a backup plan takes them).", vol, "ec2-in-backup-plan"),
		cmpReasoned("PR", "ec2_elastic_ip_shodan", "Elastic IP addresses are not listed in Shodan.", []string{EC2EIP}, "an external service's view of an address at run time, which no resource definition shows"),
		cmpReasoned("PR", "ec2_elastic_ip_unassigned", "Elastic IPs are associated with an instance or network interface.", []string{EC2EIP}, "an unattached Elastic IP holds no data and admits no traffic: a cost matter, not a HIPAA/SOC 2 one"),
		cmpMapped("PR", "ec2_instance_account_imdsv2_enabled", "IMDSv2 is required by default for EC2 instances at the account level.", []string{EC2MetadataDefaults}, "ec2-imdsv2-required"),
		cmpMapped("PR", "ec2_instance_detailed_monitoring_enabled", "EC2 instances have detailed monitoring enabled.", []string{EC2Instance, EC2LaunchTemplate}, "ec2-detailed-monitoring"),
		cmpMapped("PR", "ec2_instance_imdsv2_enabled", "EC2 instances require IMDSv2 or have the metadata service disabled.", inst, "ec2-imdsv2-required"),
		cmpMapped("PR", "ec2_instance_internet_facing_with_instance_profile", "EC2 instances are not internet-facing with an instance profile attached.", inst, "ec2-no-public-ip"),
		cmpReasoned("PR", "ec2_instance_managed_by_ssm", "EC2 instances are managed by Systems Manager.", inst, cmpWhySSM),
		cmpReasoned("PR", "ec2_instance_older_than_specific_days", "EC2 instances are not older than the configured maximum age.", inst, cmpWhyRuntime),
		cmpReasoned("PR", "ec2_instance_paravirtual_type", "EC2 instances use HVM virtualization.", inst, "the virtualization type is the AMI's, which the program names only by ID, and every current instance type accepts HVM AMIs only"),
		cmpMapped("PR", "ec2_instance_profile_attached", "EC2 instances are associated with an IAM instance profile.", inst, "ec2-instance-profile"),
		cmpMapped("PR", "ec2_instance_public_ip", "EC2 instances do not have a public IP address.", inst, "ec2-no-public-ip"),
		cmpMapped("PR", "ec2_instance_secrets_user_data", "EC2 instance user data contains no secrets.", inst, "ec2-user-data-no-secrets"),
		cmpReasoned("PR", "ec2_instance_stopped_older_than_specific_days", "EC2 instances have not been stopped longer than the configured days.", inst, cmpWhyRuntime),
		cmpReasoned("PR", "ec2_instance_uses_single_eni", "EC2 instances have no more than one network interface.", inst,
			"the number of interfaces is an architecture choice (appliances need several); what each interface admits is judged on its security groups by no-world-ingress-except-public-alb"),
		cmpReasoned("PR", "ec2_instance_with_outdated_ami", "EC2 instances use a non-deprecated Amazon AMI.", inst, "whether an AMI is deprecated is AWS's state at run time; the program names the AMI only by ID"),
		cmpMapped("PR", "ec2_launch_template_imdsv2_required", "Launch templates require IMDSv2 or disable the metadata service.", lt, "ec2-imdsv2-required"),
		cmpMapped("PR", "ec2_launch_template_no_public_ip", "Launch templates assign no public IP addresses on their network interfaces.", lt, "ec2-no-public-ip"),
		cmpMapped("PR", "ec2_launch_template_no_secrets", "Launch template user data contains no secrets in any version.", lt, "ec2-user-data-no-secrets"),
		cmpMapped("PR", "ec2_networkacl_allow_ingress_any_port", "Network ACLs do not allow ingress from 0.0.0.0/0 to every port.", acl, "nacl-no-world-admin-ports"),
		cmpMapped("PR", "ec2_networkacl_allow_ingress_tcp_port_22", "Network ACLs do not allow ingress from the internet to TCP port 22.", acl, "nacl-no-world-admin-ports"),
		cmpMapped("PR", "ec2_networkacl_allow_ingress_tcp_port_3389", "Network ACLs do not allow ingress from the internet to TCP port 3389.", acl, "nacl-no-world-admin-ports"),
		cmpReasoned("PR", "ec2_networkacl_unused", "Non-default network ACLs are associated with a subnet.", []string{EC2NetworkACL}, cmpWhyUnusedACL),
		cmpMapped("PR", "ec2_securitygroup_allow_ingress_from_internet_to_all_ports", "Security groups do not have all ports open to the internet.", sg, net01),
		cmpMapped("PR", "ec2_securitygroup_allow_ingress_from_internet_to_any_port", "Security groups have no 0.0.0.0/0 or ::/0 ingress to any port (unless attached only to allowed interfaces).", sg, net01),
		cmpReasoned("PR", "ec2_securitygroup_allow_ingress_from_internet_to_any_port_from_ip", "Security groups do not open any port to a specific public IP address.", sg,
			"admitting one named public address (a partner, a VPN's egress) is a reviewed decision in code; no-world-ingress-except-public-alb forbids the whole internet"),
		cmpMapped("PR", "ec2_securitygroup_allow_ingress_from_internet_to_high_risk_tcp_ports", "Security groups do not allow ingress from 0.0.0.0/0 or ::/0 to high-risk TCP ports.", sg, net01),
		cmpReasoned("PR", "ec2_securitygroup_allow_wide_open_public_ipv4", "Security groups have no rules with public IPv4 ranges from /1 to /23.", sg,
			"wide public ranges other than the whole internet are reviewed in code; no-world-ingress-except-public-alb judges 0.0.0.0/0 and ::/0 only"),
		cmpMapped("PR", "ec2_securitygroup_default_restrict_traffic", "The VPC default security group has no inbound or outbound rules.", []string{DefaultSecurityGroup, VPC}, "default-sg-closed"),
		cmpReasoned("PR", "ec2_securitygroup_from_launch_wizard", "Security groups were not created by the EC2 launch wizard.", []string{SecurityGroup},
			"launch-wizard groups are console artefacts a program never makes; any group's rules are judged by no-world-ingress-except-public-alb"),
		cmpReasoned("PR", "ec2_securitygroup_not_used", "Non-default security groups are in use.", []string{SecurityGroup}, "an unused group admits nothing: hygiene, not a HIPAA/SOC 2 concern"),
		cmpReasoned("PR", "ec2_securitygroup_with_many_ingress_egress_rules", "Security groups have 50 or fewer inbound and outbound rules.", []string{SecurityGroup}, "a rule count is hygiene; what the rules admit is judged by no-world-ingress-except-public-alb"),
		cmpMapped("PR", "ec2_transitgateway_auto_accept_vpc_attachments", "Transit gateways do not automatically accept shared VPC attachments.", []string{TransitGateway}, "transit-gateway-manual-acceptance"),

		// Prowler: autoscaling
		cmpMapped("PR", "autoscaling_find_secrets_ec2_launch_configuration", "Launch configuration user data contains no secrets.", lc, "ec2-user-data-no-secrets"),
		cmpReasoned("PR", "autoscaling_group_capacity_rebalance_enabled", "Auto Scaling groups have Capacity Rebalancing enabled.", asg,
			"it only replaces Spot instances at risk of interruption, a purchasing choice; asg-multi-az and asg-elb-health-check keep the group serving"),
		cmpMapped("PR", "autoscaling_group_elb_health_check_enabled", "Auto Scaling groups associated with a load balancer have ELB health checks enabled.", asg, "asg-elb-health-check"),
		cmpMapped("PR", "autoscaling_group_launch_configuration_no_public_ip", "The group's launch configuration does not assign a public IP address.", lc, "ec2-no-public-ip"),
		cmpMapped("PR", "autoscaling_group_launch_configuration_requires_imdsv2", "The group's launch configuration or template requires IMDSv2 or disables the metadata service.", []string{EC2LaunchConfiguration, EC2LaunchTemplate}, "ec2-imdsv2-required"),
		cmpMapped("PR", "autoscaling_group_multiple_az", "Auto Scaling groups use multiple Availability Zones.", []string{ASGGroup, Subnet}, "asg-multi-az"),
		cmpReasoned("PR", "autoscaling_group_multiple_instance_types", "Auto Scaling groups have multiple instance types in each Availability Zone.", asg,
			"several instance types hedge capacity shortages, a cost and capacity choice; asg-multi-az requires the zones that keep the group serving"),
		cmpMapped("PR", "autoscaling_group_using_ec2_launch_template", "Auto Scaling groups use an EC2 launch template.", asg, "asg-launch-template"),

		// Prowler: vpc (routes), emr, elasticbeanstalk, transfer
		cmpMapped("PR", "vpc_peering_routing_tables_with_least_privilege", "VPC peering route tables do not route 0.0.0.0/0 (or the whole peer VPC) over the peering connection.", routes, "route-targets-scoped"),
		cmpMapped("PR", "emr_cluster_account_public_block_enabled", "EMR block public access is enabled for the account.", []string{EMRBlockPublicAccess}, "emr-private"),
		cmpMapped("PR", "emr_cluster_master_nodes_no_public_ip", "EMR cluster master nodes have no public IP.", []string{EMRCluster, Subnet}, "emr-private"),
		cmpMapped("PR", "emr_cluster_publicly_accesible", "EMR clusters are not publicly accessible (public master and security groups open to the internet).", []string{EMRCluster, SecurityGroup}, "emr-private", net01),
		cmpMapped("PR", "elasticbeanstalk_environment_cloudwatch_logging_enabled", "Elastic Beanstalk environments stream logs to CloudWatch Logs.", eb, "beanstalk-logs-to-cloudwatch"),
		cmpMapped("PR", "elasticbeanstalk_environment_enhanced_health_reporting", "Elastic Beanstalk environments have enhanced health reporting enabled.", eb, "beanstalk-enhanced-health"),
		cmpMapped("PR", "elasticbeanstalk_environment_managed_updates_enabled", "Elastic Beanstalk environments have managed platform updates enabled.", eb, "beanstalk-managed-updates"),
		cmpMapped("PR", "transfer_server_in_transit_encryption_enabled", "Transfer Family servers do not offer unencrypted FTP.", tfs, "transfer-secure-protocols"),
		cmpReasoned("PR", "transfer_server_pqc_ssh_kex_enabled", "Transfer Family servers use a post-quantum hybrid SSH key exchange policy.", tfs,
			"post-quantum key exchange goes beyond what HIPAA 164.312(e) and SOC 2 CC6.7 ask today; transfer-secure-protocols requires a current security policy"),
	)

	// Prowler's per-port instance exposure checks: the port is open when a
	// security group of the instance admits the internet; NET-01 forbids
	// that on the group and NET-70 keeps the instance off the internet.
	for _, p := range []struct{ id, ports string }{
		{"cassandra", "Cassandra ports (TCP 7000, 7001, 7199, 9042, 9160)"}, {"cifs", "TCP ports 139 or 445 (CIFS)"},
		{"elasticsearch_kibana", "Elasticsearch and Kibana ports (TCP 9200, 9300, 5601)"}, {"ftp", "TCP ports 20 or 21 (FTP)"},
		{"kafka", "TCP port 9092 (Kafka)"}, {"kerberos", "TCP ports 88, 464, 749 or 750 (Kerberos)"}, {"ldap", "TCP ports 389 or 636 (LDAP/LDAPS)"},
		{"memcached", "TCP port 11211 (Memcached)"}, {"mongodb", "TCP ports 27017 or 27018 (MongoDB)"}, {"mysql", "TCP port 3306 (MySQL)"},
		{"oracle", "TCP ports 1521, 2483 or 2484 (Oracle)"}, {"postgresql", "TCP port 5432 (PostgreSQL)"}, {"rdp", "TCP port 3389 (RDP)"},
		{"redis", "TCP port 6379 (Redis)"}, {"sqlserver", "TCP ports 1433 or 1434 (SQL Server)"}, {"ssh", "TCP port 22 (SSH)"}, {"telnet", "TCP port 23 (Telnet)"},
	} {
		inventory = append(inventory, cmpMapped("PR", "ec2_instance_port_"+p.id+"_exposed_to_internet",
			"EC2 instances do not allow ingress from the internet to "+p.ports+".", instSG, net01, "ec2-no-public-ip"))
	}
	// Prowler's per-port security group checks.
	for _, p := range []struct{ id, ports string }{
		{"tcp_port_22", "TCP port 22 (SSH)"}, {"tcp_port_3389", "TCP port 3389 (RDP)"}, {"tcp_port_cassandra_7199_9160_8888", "Cassandra TCP ports 7199, 9160 or 8888"},
		{"tcp_port_elasticsearch_kibana_9200_9300_5601", "Elasticsearch/Kibana TCP ports 9200, 9300 and 5601"}, {"tcp_port_ftp_20_21", "FTP ports 20 or 21"},
		{"tcp_port_kafka_9092", "TCP port 9092 (Kafka)"}, {"tcp_port_memcached_11211", "Memcached TCP port 11211"}, {"tcp_port_mongodb_27017_27018", "MongoDB TCP ports 27017 and 27018"},
		{"tcp_port_mysql_3306", "MySQL port 3306"}, {"tcp_port_oracle_1521_2483", "Oracle TCP ports 1521 or 2483"}, {"tcp_port_postgres_5432", "Postgres TCP port 5432"},
		{"tcp_port_redis_6379", "Redis TCP port 6379"}, {"tcp_port_sql_server_1433_1434", "SQL Server ports 1433 and 1434"}, {"tcp_port_telnet_23", "TCP port 23 (Telnet)"},
	} {
		inventory = append(inventory, cmpMapped("PR", "ec2_securitygroup_allow_ingress_from_internet_to_"+p.id,
			"Security groups do not allow ingress from 0.0.0.0/0 or ::/0 to "+p.ports+".", sg, net01))
	}

	dataTypes = append(dataTypes,
		DataType{Type: EC2Instance}, DataType{Type: EC2SpotInstanceRequest}, DataType{Type: EC2LaunchTemplate}, DataType{Type: EC2LaunchConfiguration},
		DataType{Type: EBSVolume}, DataType{Type: EBSSnapshotCopy}, DataType{Type: EBSSnapshotImport}, DataType{Type: EC2AMI}, DataType{Type: EC2AMICopy},
		DataType{Type: EC2SnapshotVolumePerm}, DataType{Type: EC2AMILaunchPermission},
		DataType{Type: EMRCluster}, DataType{Type: EMRSecurityConfiguration}, DataType{Type: EBEnvironment}, DataType{Type: TransferServer}, DataType{Type: WorkSpace},
		DataType{Type: EBSSnapshot, Reason: "a snapshot is encrypted exactly when its volume is (ebs-encrypted-cmk judges the volume), and who may restore it is images-not-public's"},
		DataType{Type: EC2AMIFromInstance, Reason: "its snapshots take the instance's volume encryption, which ec2-block-devices-encrypted judges; sharing it is images-not-public's"},
		DataType{Type: EMRInstanceGroup, Reason: "its disks are encrypted by the cluster's security configuration (emr-encryption-at-rest), and no anchor has a rule for the group itself"},
		DataType{Type: EMRInstanceFleet, Reason: "its disks are encrypted by the cluster's security configuration (emr-encryption-at-rest), and no anchor has a rule for the fleet itself"},
		DataType{Type: EMRStudio, Reason: "notebooks live in the S3 location it names, which the bucket rules judge; no anchor has a rule for the studio"},
		DataType{Type: EBConfigurationTemplate, Reason: "a saved configuration's settings are judged by the same rules as an environment's (beanstalk-*); no anchor reads templates"},
		DataType{Type: EBApplicationVersion, Reason: "a source bundle lives in the S3 bucket it names, which the bucket rules judge"},
		DataType{Type: TransferUser, Reason: "a user's home directory is an S3 or EFS path those services' rules judge, and its role is judged by the IAM rules; no anchor reads the user"},
		DataType{Type: TransferAccess, Reason: "like a Transfer user: S3 or EFS paths and a role, judged by those services' and the IAM rules"},
		DataType{Type: TransferConnector, Reason: "it sends files out over AS2 or SFTP, both encrypted; no anchor has a rule for connectors"},
		DataType{Type: EC2SpotFleetRequest, Reason: "no anchor reads spot fleet requests; fleets built from launch templates are judged on the templates"},
		DataType{Type: EC2Fleet, Reason: "an EC2 Fleet launches only from launch templates, which the EC2 rules judge"},
	)
}
