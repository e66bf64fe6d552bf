package anchors

import (
	"encoding/base64"
	"fmt"

	"github.com/carestack/carestack/policy/rules"
)

// Cases for EC2 hosts, launch templates and configurations, Auto Scaling,
// EBS, network ACLs, routes, EMR, Elastic Beanstalk, Transfer Family,
// WorkSpaces, Client VPN, transit gateways and the EC2 security-group
// anchors, each written from its anchor rule's text (inventory_compute.go
// lists the rules and where they were read). A compliant stack is the
// anchor's passing configuration made complete, so that no rule of the pack
// objects to it; a violating stack breaks what the anchor rule names.

const (
	cmpAccount = "111122223333"
	cmpKey     = "arn:aws:kms:us-east-1:" + cmpAccount + ":key/6f1c2a7e-9b1d-4c55-8e0a-2b7d9c0e1f3a"
)

// cmpWith copies props and sets (or, with nil, deletes) keys.
func cmpWith(props map[string]any, kv ...any) map[string]any {
	out := make(map[string]any, len(props)+len(kv)/2)
	for k, v := range props {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == nil {
			delete(out, kv[i].(string))
		} else {
			out[kv[i].(string)] = kv[i+1]
		}
	}
	return out
}

// cmpPair is a compliant and a violating stack for the same anchor rules.
func cmpPair(anchor, good, bad string, want []string, compliant, violating []R) []Case {
	return []Case{
		{Anchor: anchor, Name: good, Stack: compliant},
		{Anchor: anchor, Name: bad, Violating: true, Want: want, Stack: violating},
	}
}

func cmpB64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

const cmpBoot = "#!/bin/bash\nset -euo pipefail\ndnf install -y amazon-cloudwatch-agent\n" +
	"DB_PASSWORD=$(aws secretsmanager get-secret-value --secret-id claims/db --query SecretString --output text)\n"

var cmpMetadata = map[string]any{"httpEndpoint": "enabled", "httpTokens": "required", "httpPutResponseHopLimit": 1}

// cmpInstance is an instance every EC2 anchor accepts: a private subnet, no
// public IP, IMDSv2, an instance profile, an encrypted root volume,
// detailed monitoring, user data that reads its secret at boot.
var cmpInstance = map[string]any{
	"ami": "ami-0abcdef1234567890", "instanceType": "m6i.large",
	"subnetId": "subnet-0private1a", "vpcSecurityGroupIds": []any{"sg-0claimsworker"}, "associatePublicIpAddress": false,
	"iamInstanceProfile": "claims-worker",
	"metadataOptions":    cmpMetadata,
	"rootBlockDevice":    map[string]any{"encrypted": true, "kmsKeyId": cmpKey, "volumeType": "gp3", "volumeSize": 30},
	"monitoring":         true,
	"userData":           cmpBoot,
}

// cmpBackup selects the named resources for AWS Backup.
func cmpBackup(names ...string) R {
	arns := make([]any, len(names))
	for i := range names {
		arns[i] = Unknown{}
	}
	return R{Type: rules.BackupSelection, Name: "ec2-backup", Props: map[string]any{
		"name": "ec2-daily", "planId": "plan-0abc", "iamRoleArn": "arn:aws:iam::" + cmpAccount + ":role/backup", "resources": arns,
	}, Deps: map[string][]string{"resources": names}}
}

// cmpHost is the instance with changes, in a backup plan.
func cmpHost(kv ...any) []R {
	return []R{{Type: rules.EC2Instance, Name: "worker", Props: cmpWith(cmpInstance, kv...)}, cmpBackup("worker")}
}

var cmpTemplate = map[string]any{
	"name": "claims-worker", "imageId": "ami-0abcdef1234567890", "instanceType": "m6i.large",
	"iamInstanceProfile": map[string]any{"arn": "arn:aws:iam::" + cmpAccount + ":instance-profile/claims-worker"},
	"metadataOptions":    cmpMetadata,
	"monitoring":         map[string]any{"enabled": true},
	"blockDeviceMappings": []any{map[string]any{"deviceName": "/dev/xvda", "ebs": map[string]any{
		"encrypted": "true", "kmsKeyId": cmpKey, "volumeSize": 30, "volumeType": "gp3", "deleteOnTermination": "true"}}},
	"networkInterfaces": []any{map[string]any{"deviceIndex": 0, "associatePublicIpAddress": "false", "securityGroups": []any{"sg-0claimsworker"}}},
	"userData":          cmpB64(cmpBoot),
}

func cmpLT(kv ...any) []R {
	return []R{{Type: rules.EC2LaunchTemplate, Name: "worker-lt", Props: cmpWith(cmpTemplate, kv...)}}
}

var cmpLaunchConfig = map[string]any{
	"name": "claims-worker-lc", "imageId": "ami-0abcdef1234567890", "instanceType": "m6i.large",
	"iamInstanceProfile": "claims-worker", "associatePublicIpAddress": false, "enableMonitoring": true,
	"securityGroups":  []any{"sg-0claimsworker"},
	"metadataOptions": cmpMetadata,
	"rootBlockDevice": map[string]any{"encrypted": true, "volumeType": "gp3", "volumeSize": 30},
	"userData":        cmpBoot,
}

func cmpLC(kv ...any) []R {
	return []R{{Type: rules.EC2LaunchConfiguration, Name: "worker-lc", Props: cmpWith(cmpLaunchConfig, kv...)}}
}

func cmpASGTags() []any {
	var out []any
	for _, kv := range [][2]string{{"DataClassification", "Internal"}, {"Owner", "platform"}, {"Environment", "prod"}, {"Service", "claims"}} {
		out = append(out, map[string]any{"key": kv[0], "value": kv[1], "propagateAtLaunch": true})
	}
	return out
}

// cmpGroup is an Auto Scaling group every anchor accepts (two AZs, ELB
// checks behind a target group, launch template, tags propagated), and its
// launch template.
var cmpGroupProps = map[string]any{
	"name": "claims-workers", "minSize": 2, "maxSize": 6, "desiredCapacity": 2,
	"vpcZoneIdentifiers": []any{"subnet-0private1a", "subnet-0private1b"},
	"launchTemplate":     map[string]any{"id": Unknown{}, "version": "$Latest"},
	"targetGroupArns":    []any{"arn:aws:elasticloadbalancing:us-east-1:" + cmpAccount + ":targetgroup/claims/0123456789abcdef"},
	"healthCheckType":    "ELB", "healthCheckGracePeriod": 300,
	"tags": cmpASGTags(),
}

func cmpGroup(kv ...any) []R {
	return append(cmpLT(), R{Type: rules.ASGGroup, Name: "workers", Props: cmpWith(cmpGroupProps, kv...), Deps: map[string][]string{"launchTemplate": {"worker-lt"}}})
}

func cmpVolume(kv ...any) []R {
	return []R{
		{Type: rules.EBSVolume, Name: "scans", Props: cmpWith(map[string]any{"availabilityZone": "us-east-1a", "size": 200, "type": "gp3", "encrypted": true, "kmsKeyId": cmpKey}, kv...)},
		{Type: rules.EC2VolumeAttachment, Name: "scans-attach", Props: map[string]any{"deviceName": "/dev/sdf", "volumeId": Unknown{}, "instanceId": Unknown{}},
			Deps: map[string][]string{"volumeId": {"scans"}, "instanceId": {"worker"}}},
		{Type: rules.EC2Instance, Name: "worker", Props: cmpInstance},
		cmpBackup("scans", "worker"),
	}
}

// --- EC2 instances, launch templates and configurations ---

func init() {
	add(cmpPair("CFG ec2-imdsv2-check; CN HIPAA.Security-EC2IMDSv2Enabled; CK CKV_AWS_79; PR ec2_instance_imdsv2_enabled",
		"instance requiring IMDSv2 tokens", "instance with httpTokens optional",
		[]string{"ec2-imdsv2-required"}, cmpHost(), cmpHost("metadataOptions", map[string]any{"httpEndpoint": "enabled", "httpTokens": "optional"}))...)
	add(Case{Anchor: "CFG ec2-imdsv2-check; CN HIPAA.Security-EC2IMDSv2Enabled; CK CKV_AWS_79", Name: "instance with no metadataOptions (IMDSv1 left on)",
		Violating: true, Want: []string{"ec2-imdsv2-required"}, Stack: cmpHost("metadataOptions", nil)})
	add(Case{Anchor: "CK CKV_AWS_79; PR ec2_instance_imdsv2_enabled", Name: "instance with the metadata service disabled",
		Stack: cmpHost("metadataOptions", map[string]any{"httpEndpoint": "disabled"})})
	add(cmpPair("PR ec2_confidential_workload_host_imdsv2_not_enforced", "Nitro Enclave host requiring IMDSv2", "Nitro Enclave host with IMDSv1",
		[]string{"ec2-imdsv2-required"}, cmpHost("enclaveOptions", map[string]any{"enabled": true}),
		cmpHost("enclaveOptions", map[string]any{"enabled": true}, "metadataOptions", map[string]any{"httpTokens": "optional"}))...)
	add(cmpPair("CFG ec2-imdsv2-check; CN HIPAA.Security-EC2IMDSv2Enabled; CK CKV_AWS_79; PR ec2_launch_template_imdsv2_required; PR autoscaling_group_launch_configuration_requires_imdsv2",
		"launch template requiring IMDSv2", "launch template without metadataOptions",
		[]string{"ec2-imdsv2-required"}, cmpLT(), cmpLT("metadataOptions", nil))...)
	add(cmpPair("CN HIPAA.Security-EC2IMDSv2Enabled; CK CKV_AWS_79; PR autoscaling_group_launch_configuration_requires_imdsv2",
		"launch configuration requiring IMDSv2", "launch configuration with httpTokens optional",
		[]string{"ec2-imdsv2-required"}, cmpLC(), cmpLC("metadataOptions", map[string]any{"httpTokens": "optional"}))...)
	add(cmpPair("CK CKV_AWS_341", "launch template with a hop limit of 1", "launch template with a hop limit of 3",
		[]string{"ec2-imdsv2-required"}, cmpLT(), cmpLT("metadataOptions", map[string]any{"httpTokens": "required", "httpPutResponseHopLimit": 3}))...)
	add(Case{Anchor: "CK CKV_AWS_341", Name: "launch configuration with a hop limit of 2", Violating: true, Want: []string{"ec2-imdsv2-required"},
		Stack: cmpLC("metadataOptions", map[string]any{"httpTokens": "required", "httpPutResponseHopLimit": 2})})
	add(cmpPair("PR ec2_instance_account_imdsv2_enabled", "account metadata defaults requiring IMDSv2", "account metadata defaults with httpTokens optional",
		[]string{"ec2-imdsv2-required"},
		[]R{{Type: rules.EC2MetadataDefaults, Name: "imds-defaults", Props: map[string]any{"httpTokens": "required", "httpPutResponseHopLimit": 1}}},
		[]R{{Type: rules.EC2MetadataDefaults, Name: "imds-defaults", Props: map[string]any{"httpTokens": "optional"}}})...)

	add(cmpPair("CFG ec2-instance-no-public-ip; CN HIPAA.Security-EC2InstanceNoPublicIp; CK CKV_AWS_88; PR ec2_instance_public_ip; PR ec2_instance_internet_facing_with_instance_profile",
		"instance in a private subnet without a public IP", "instance associating a public IP",
		[]string{"ec2-no-public-ip"}, cmpHost(), cmpHost("associatePublicIpAddress", true))...)
	add(cmpPair("PR ec2_confidential_workload_host_public_ip", "Nitro Enclave host without a public IP", "Nitro Enclave host with a public IP",
		[]string{"ec2-no-public-ip"}, cmpHost("enclaveOptions", map[string]any{"enabled": true}),
		cmpHost("enclaveOptions", map[string]any{"enabled": true}, "associatePublicIpAddress", true))...)
	add(cmpPair("CFG ec2-instances-in-vpc; CN HIPAA.Security-EC2InstancesInVPC", "instance launched in a VPC subnet", "instance with no subnet (default VPC)",
		[]string{"ec2-no-public-ip"}, cmpHost(), cmpHost("subnetId", nil))...)
	add(cmpPair("CK CKV_AWS_88; PR ec2_launch_template_no_public_ip", "launch template interface without a public IP", "launch template interface associating a public IP",
		[]string{"ec2-no-public-ip"}, cmpLT(),
		cmpLT("networkInterfaces", []any{map[string]any{"deviceIndex": 0, "associatePublicIpAddress": "true", "securityGroups": []any{"sg-0claimsworker"}}}))...)
	add(cmpPair("CFG autoscaling-launch-config-public-ip-disabled; CN HIPAA.Security-AutoScalingLaunchConfigPublicIpDisabled; CK CKV_AWS_389; PR autoscaling_group_launch_configuration_no_public_ip",
		"launch configuration with public IPs off", "launch configuration assigning public IPs",
		[]string{"ec2-no-public-ip"}, cmpLC(), cmpLC("associatePublicIpAddress", true))...)
	add(Case{Anchor: "CN HIPAA.Security-AutoScalingLaunchConfigPublicIpDisabled", Name: "launch configuration that leaves public IPs to the subnet",
		Violating: true, Want: []string{"ec2-no-public-ip"}, Stack: cmpLC("associatePublicIpAddress", nil)})

	add(cmpPair("CFG ec2-instance-profile-attached; CN HIPAA.Security-EC2InstanceProfileAttached; CK CKV2_AWS_41; PR ec2_instance_profile_attached",
		"instance with an instance profile", "instance without an instance profile",
		[]string{"ec2-instance-profile"}, cmpHost(), cmpHost("iamInstanceProfile", nil))...)

	add(cmpPair("CK CKV_AWS_46; PR ec2_instance_secrets_user_data", "user data reading its password from Secrets Manager", "user data with an AWS access key",
		[]string{"ec2-user-data-no-secrets"}, cmpHost(),
		cmpHost("userData", "#!/bin/bash\nexport AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nexport AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"))...)
	add(cmpPair("CK CKV_AWS_46; PR ec2_launch_template_no_secrets", "launch template user data without secrets", "launch template user data with a database password",
		[]string{"ec2-user-data-no-secrets"}, cmpLT(), cmpLT("userData", cmpB64("#!/bin/bash\necho 'DB_PASSWORD=Hunter2-claims' >> /etc/claims.env\n")))...)
	add(cmpPair("CK CKV_AWS_46; PR autoscaling_find_secrets_ec2_launch_configuration", "launch configuration user data without secrets", "launch configuration user data with a private key",
		[]string{"ec2-user-data-no-secrets"}, cmpLC(),
		cmpLC("userData", "#!/bin/bash\ncat > /etc/ssl/claims.key <<'EOF'\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\nEOF\n"))...)

	add(cmpPair("CFG ec2-instance-detailed-monitoring-enabled; CN HIPAA.Security-EC2InstanceDetailedMonitoringEnabled; CK CKV_AWS_126; PR ec2_instance_detailed_monitoring_enabled",
		"instance with detailed monitoring", "instance with basic monitoring",
		[]string{"ec2-detailed-monitoring"}, cmpHost(), cmpHost("monitoring", nil))...)
	add(cmpPair("CN HIPAA.Security-EC2InstanceDetailedMonitoringEnabled", "launch configuration keeping detailed monitoring", "launch configuration turning monitoring off",
		[]string{"ec2-detailed-monitoring"}, cmpLC(), cmpLC("enableMonitoring", false))...)
	add(cmpPair("PR ec2_instance_detailed_monitoring_enabled", "launch template with detailed monitoring", "launch template without monitoring",
		[]string{"ec2-detailed-monitoring"}, cmpLT(), cmpLT("monitoring", nil))...)

	add(cmpPair("CFG ebs-optimized-instance; CN HIPAA.Security-EC2EBSOptimizedInstance", "m3.xlarge with EBS optimization on", "m3.xlarge without EBS optimization",
		[]string{"ec2-ebs-optimized"}, cmpHost("instanceType", "m3.xlarge", "ebsOptimized", true), cmpHost("instanceType", "m3.xlarge"))...)
	add(cmpPair("CK CKV_AWS_135", "instance with ebsOptimized true", "instance with ebsOptimized false",
		[]string{"ec2-ebs-optimized"}, cmpHost("ebsOptimized", true), cmpHost("ebsOptimized", false))...)

	add(cmpPair("CK CKV_AWS_8; CFG encrypted-volumes", "instance with encrypted root and data volumes", "instance without a root_block_device block",
		[]string{"ec2-block-devices-encrypted"},
		cmpHost("ebsBlockDevices", []any{map[string]any{"deviceName": "/dev/sdf", "encrypted": true, "kmsKeyId": cmpKey, "volumeSize": 100}}),
		cmpHost("rootBlockDevice", nil))...)
	add(Case{Anchor: "CK CKV_AWS_8; CFG encrypted-volumes", Name: "instance with an unencrypted data volume", Violating: true, Want: []string{"ec2-block-devices-encrypted"},
		Stack: cmpHost("ebsBlockDevices", []any{map[string]any{"deviceName": "/dev/sdf", "encrypted": false, "volumeSize": 100}})})
	add(cmpPair("CK CKV_AWS_8", "launch configuration with an encrypted root", "launch configuration without root_block_device",
		[]string{"ec2-block-devices-encrypted"}, cmpLC(), cmpLC("rootBlockDevice", nil))...)
	workspace := map[string]any{"bundleId": "wsb-0abc1234", "directoryId": "d-90670a1b2c", "userName": "care.coordinator",
		"rootVolumeEncryptionEnabled": true, "userVolumeEncryptionEnabled": true, "volumeEncryptionKey": cmpKey,
		"workspaceProperties": map[string]any{"runningMode": "AUTO_STOP", "runningModeAutoStopTimeoutInMinutes": 60}}
	add(cmpPair("CK CKV_AWS_155", "WorkSpace with an encrypted user volume", "WorkSpace with an unencrypted user volume",
		[]string{"ec2-block-devices-encrypted"}, []R{{Type: rules.WorkSpace, Name: "desk", Props: workspace}},
		[]R{{Type: rules.WorkSpace, Name: "desk", Props: cmpWith(workspace, "userVolumeEncryptionEnabled", false)}})...)
	add(cmpPair("CK CKV_AWS_156", "WorkSpace with an encrypted root volume", "WorkSpace with an unencrypted root volume",
		[]string{"ec2-block-devices-encrypted"}, []R{{Type: rules.WorkSpace, Name: "desk", Props: workspace}},
		[]R{{Type: rules.WorkSpace, Name: "desk", Props: cmpWith(workspace, "rootVolumeEncryptionEnabled", nil)}})...)
}

// --- EBS volumes, snapshots, images ---

func init() {
	add(cmpPair("CFG encrypted-volumes; CK CKV_AWS_3; CK CKV2_AWS_2; PR ec2_ebs_volume_encryption; PR ec2_ebs_snapshots_encrypted",
		"attached volume encrypted with a CMK", "attached volume with encryption off",
		[]string{"ebs-encrypted-cmk"}, cmpVolume(), cmpVolume("encrypted", false))...)
	add(cmpPair("CK CKV_AWS_189", "volume encrypted with a customer-managed key", "volume on the AWS-managed aws/ebs key",
		[]string{"ebs-encrypted-cmk"}, cmpVolume(), cmpVolume("kmsKeyId", nil))...)
	copyProps := map[string]any{"sourceSnapshotId": "snap-0abc", "sourceRegion": "us-west-2", "encrypted": true, "kmsKeyId": cmpKey, "description": "claims DR copy"}
	add(cmpPair("CK CKV_AWS_183; PR ec2_ebs_snapshots_encrypted", "snapshot copy encrypted with a CMK", "snapshot copy without a CMK",
		[]string{"ebs-encrypted-cmk"}, []R{{Type: rules.EBSSnapshotCopy, Name: "scans-dr", Props: copyProps}},
		[]R{{Type: rules.EBSSnapshotCopy, Name: "scans-dr", Props: cmpWith(copyProps, "kmsKeyId", nil, "encrypted", nil)}})...)
	importProps := map[string]any{"diskContainer": map[string]any{"format": "VHD", "userBucket": map[string]any{"s3Bucket": "carestack-imports", "s3Key": "legacy/claims.vhd"}},
		"roleName": "vmimport", "encrypted": true, "kmsKeyId": cmpKey}
	add(cmpPair("PR ec2_ebs_snapshots_encrypted", "imported snapshot encrypted with a CMK", "imported snapshot left unencrypted",
		[]string{"ebs-encrypted-cmk"}, []R{{Type: rules.EBSSnapshotImport, Name: "legacy-disk", Props: importProps}},
		[]R{{Type: rules.EBSSnapshotImport, Name: "legacy-disk", Props: cmpWith(importProps, "encrypted", nil)}})...)
	add(cmpPair("CK CKV_AWS_106", "EBS encryption by default enabled", "EBS encryption by default disabled",
		[]string{"ebs-encrypted-cmk"}, []R{{Type: rules.EBSEncryptionByDefault, Name: "ebs-default", Props: map[string]any{"enabled": true}}},
		[]R{{Type: rules.EBSEncryptionByDefault, Name: "ebs-default", Props: map[string]any{"enabled": false}}})...)
	ami := map[string]any{"name": "claims-worker-2026-11", "rootDeviceName": "/dev/xvda", "virtualizationType": "hvm", "imdsSupport": "v2.0",
		"ebsBlockDevices": []any{map[string]any{"deviceName": "/dev/xvda", "encrypted": true, "volumeSize": 30, "volumeType": "gp3"}}}
	add(cmpPair("CK CKV_AWS_204", "AMI whose block devices are encrypted", "AMI with an unencrypted block device",
		[]string{"ebs-encrypted-cmk"}, []R{{Type: rules.EC2AMI, Name: "worker-ami", Props: ami}},
		[]R{{Type: rules.EC2AMI, Name: "worker-ami", Props: cmpWith(ami, "ebsBlockDevices", []any{map[string]any{"deviceName": "/dev/xvda", "volumeSize": 30}})}})...)
	amiCopy := map[string]any{"name": "claims-worker-dr", "sourceAmiId": "ami-0abcdef1234567890", "sourceAmiRegion": "us-east-1", "encrypted": true, "kmsKeyId": cmpKey}
	add(cmpPair("CK CKV_AWS_235", "AMI copy encrypted", "AMI copy unencrypted",
		[]string{"ebs-encrypted-cmk"}, []R{{Type: rules.EC2AMICopy, Name: "worker-ami-dr", Props: amiCopy}},
		[]R{{Type: rules.EC2AMICopy, Name: "worker-ami-dr", Props: cmpWith(amiCopy, "encrypted", nil, "kmsKeyId", nil)}})...)
	add(cmpPair("CK CKV_AWS_236", "AMI copy under a CMK", "AMI copy encrypted with the default key",
		[]string{"ebs-encrypted-cmk"}, []R{{Type: rules.EC2AMICopy, Name: "worker-ami-dr", Props: amiCopy}},
		[]R{{Type: rules.EC2AMICopy, Name: "worker-ami-dr", Props: cmpWith(amiCopy, "kmsKeyId", nil)}})...)

	add(cmpPair("CFG ebs-in-backup-plan; CN HIPAA.Security-EC2EBSInBackupPlan; CK CKV2_AWS_9; PR ec2_ebs_volume_protected_by_backup_plan; PR ec2_ebs_volume_snapshots_exists",
		"volume selected by an AWS Backup plan", "volume no backup selection covers",
		[]string{"ec2-in-backup-plan"}, cmpVolume(), cmpVolume()[:3])...)
	add(cmpPair("CFG ec2-resources-protected-by-backup-plan", "instance selected by an AWS Backup plan", "instance no backup selection covers",
		[]string{"ec2-in-backup-plan"}, cmpHost(), cmpHost()[:1])...)
	add(Case{Anchor: "CFG ec2-resources-protected-by-backup-plan; CFG ebs-in-backup-plan", Name: "instances and volumes selected by tag",
		Stack: []R{
			{Type: rules.EC2Instance, Name: "worker", Props: cmpWith(cmpInstance, "tags", map[string]any{"DataClassification": "Internal", "Backup": "daily"})},
			{Type: rules.BackupSelection, Name: "by-tag", Props: map[string]any{"name": "tagged", "planId": "plan-0abc", "iamRoleArn": "arn:aws:iam::" + cmpAccount + ":role/backup",
				"selectionTags": []any{map[string]any{"type": "STRINGEQUALS", "key": "Backup", "value": "daily"}}}},
		}})

	snapshot := R{Type: rules.EBSSnapshot, Name: "scans-snap", Props: map[string]any{"volumeId": "vol-0abc", "description": "claims scans"}}
	bpa := func(state string) R {
		return R{Type: rules.EBSSnapshotBlockPublic, Name: "snapshot-bpa", Props: map[string]any{"state": state}}
	}
	add(cmpPair("CFG ebs-snapshot-public-restorable-check; PR ec2_ebs_public_snapshot", "snapshot shared with no one", "snapshot restorable by anyone (create-volume permission for all)",
		[]string{"images-not-public"}, []R{snapshot, bpa("block-all-sharing")},
		[]R{snapshot, {Type: rules.EC2SnapshotVolumePerm, Name: "scans-public", Props: map[string]any{"snapshotId": "snap-0abc", "accountId": "all"}}})...)
	add(cmpPair("CFG ebs-snapshot-public-restorable-check; PR ec2_ebs_snapshot_account_block_public_access", "block public access for all snapshot sharing", "block public access for new sharing only",
		[]string{"images-not-public"}, []R{bpa("block-all-sharing")}, []R{bpa("block-new-sharing")})...)
	image := R{Type: rules.EC2AMI, Name: "worker-ami", Props: ami}
	add(cmpPair("PR ec2_ami_public", "AMI with no launch permission", "AMI launchable by all",
		[]string{"images-not-public"}, []R{image},
		[]R{image, {Type: rules.EC2AMILaunchPermission, Name: "worker-ami-public", Props: map[string]any{"imageId": "ami-0abc", "group": "all"}}})...)
	add(cmpPair("CK CKV_AWS_205", "AMI kept to this account", "AMI launch permission for another account",
		[]string{"images-not-public"}, []R{image},
		[]R{image, {Type: rules.EC2AMILaunchPermission, Name: "worker-ami-share", Props: map[string]any{"imageId": "ami-0abc", "accountId": "444455556666"}}})...)
	add(cmpPair("PR ec2_ami_account_block_public_access", "AMI block public access on", "AMI block public access off",
		[]string{"images-not-public"}, []R{{Type: rules.EC2ImageBlockPublicAccess, Name: "ami-bpa", Props: map[string]any{"state": "block-new-sharing"}}},
		[]R{{Type: rules.EC2ImageBlockPublicAccess, Name: "ami-bpa", Props: map[string]any{"state": "unblocked"}}})...)
}

// --- Auto Scaling ---

func init() {
	add(cmpPair("CFG autoscaling-group-elb-healthcheck-required; CN HIPAA.Security-AutoScalingGroupELBHealthCheckRequired; PR autoscaling_group_elb_health_check_enabled",
		"group behind a target group with ELB health checks", "group behind a target group on EC2 health checks",
		[]string{"asg-elb-health-check"}, cmpGroup(), cmpGroup("healthCheckType", nil))...)
	attached := func(check string) []R {
		rs := cmpGroup("targetGroupArns", nil, "healthCheckType", check)
		return append(rs, R{Type: rules.ASGAttachment, Name: "workers-tg", Props: map[string]any{"autoscalingGroupName": Unknown{},
			"lbTargetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:" + cmpAccount + ":targetgroup/claims/0123456789abcdef"},
			Deps: map[string][]string{"autoscalingGroupName": {"workers"}}})
	}
	add(cmpPair("CK CKV2_AWS_15; CFG autoscaling-group-elb-healthcheck-required", "group attached to a target group, ELB checks", "group attached to a target group, EC2 checks",
		[]string{"asg-elb-health-check"}, attached("ELB"), attached("EC2"))...)
	add(cmpPair("PR autoscaling_group_multiple_az", "group on subnets in two AZs", "group on one subnet",
		[]string{"asg-multi-az"}, cmpGroup(), cmpGroup("vpcZoneIdentifiers", []any{"subnet-0private1a"}))...)
	add(cmpPair("CK CKV_AWS_315; PR autoscaling_group_using_ec2_launch_template", "group launching from a launch template", "group launching from a launch configuration",
		[]string{"asg-launch-template"}, cmpGroup(),
		append(cmpLC(), R{Type: rules.ASGGroup, Name: "workers", Props: cmpWith(cmpGroupProps, "launchTemplate", nil, "launchConfiguration", Unknown{}),
			Deps: map[string][]string{"launchConfiguration": {"worker-lc"}}}))...)
	add(cmpPair("CK CKV_AWS_153", "group propagating its tags to instances", "group with no tags",
		[]string{"asg-tags-propagated"}, cmpGroup(), cmpGroup("tags", nil))...)
}

// --- Network ACLs and routes ---

func cmpEntry(no int, action, proto string, from, to int, cidr string) map[string]any {
	return map[string]any{"ruleNo": no, "action": action, "protocol": proto, "fromPort": from, "toPort": to, "cidrBlock": cidr}
}

// cmpACL is a public-tier ACL: HTTPS and return traffic from the internet,
// with the admin ports denied ahead of the ephemeral range.
func cmpACL(ingress ...any) []R {
	if len(ingress) == 0 {
		ingress = []any{
			cmpEntry(100, "allow", "tcp", 443, 443, "0.0.0.0/0"),
			cmpEntry(110, "deny", "tcp", 20, 22, "0.0.0.0/0"),
			cmpEntry(120, "deny", "tcp", 3389, 3389, "0.0.0.0/0"),
			cmpEntry(130, "allow", "tcp", 1024, 65535, "0.0.0.0/0"),
			cmpEntry(140, "allow", "tcp", 22, 22, "10.20.0.0/16"),
		}
	}
	return []R{{Type: rules.EC2NetworkACL, Name: "public-acl", Props: map[string]any{
		"vpcId": "vpc-0care", "subnetIds": []any{"subnet-0public1a", "subnet-0public1b"}, "ingress": ingress,
		"egress": []any{cmpEntry(100, "allow", "-1", 0, 0, "0.0.0.0/0")},
	}}}
}

// cmpNoInlineACL is the ACL with its entries as separate rule resources.
func cmpNoInlineACL() []R {
	rs := cmpACL()
	rs[0].Props = cmpWith(rs[0].Props, "ingress", nil, "egress", nil)
	return rs
}

func cmpACLRule(name string, no int, action, proto string, from, to int) R {
	return R{Type: rules.EC2NetworkACLRule, Name: name, Props: map[string]any{"networkAclId": Unknown{}, "ruleNumber": no, "ruleAction": action,
		"protocol": proto, "fromPort": from, "toPort": to, "cidrBlock": "0.0.0.0/0", "egress": false}, Deps: map[string][]string{"networkAclId": {"public-acl"}}}
}

func init() {
	const nacl = "nacl-no-world-admin-ports"
	add(cmpPair("CK CKV_AWS_352; PR ec2_networkacl_allow_ingress_any_port", "ACL admitting HTTPS and return traffic only", "ACL admitting every protocol from 0.0.0.0/0",
		[]string{nacl}, cmpACL(), cmpACL(cmpEntry(100, "allow", "-1", 0, 0, "0.0.0.0/0")))...)
	add(Case{Anchor: "CK CKV_AWS_352", Name: "ACL rule resource with no port range (all traffic)", Violating: true, Want: []string{nacl},
		Stack: append(cmpNoInlineACL(), cmpACLRule("all-in", 100, "allow", "all", 0, 0))})
	add(cmpPair("CK CKV_AWS_232; PR ec2_networkacl_allow_ingress_tcp_port_22", "ACL denying SSH from the internet ahead of the ephemeral range", "ACL admitting SSH from 0.0.0.0/0",
		[]string{nacl}, cmpACL(), cmpACL(cmpEntry(100, "allow", "tcp", 22, 22, "0.0.0.0/0")))...)
	add(Case{Anchor: "PR ec2_networkacl_allow_ingress_tcp_port_22", Name: "ACL admitting SSH from ::/0", Violating: true, Want: []string{nacl},
		Stack: cmpACL(map[string]any{"ruleNo": 100, "action": "allow", "protocol": "tcp", "fromPort": 22, "toPort": 22, "ipv6CidrBlock": "::/0"})})
	add(cmpPair("CK CKV_AWS_231; PR ec2_networkacl_allow_ingress_tcp_port_3389", "ACL denying RDP ahead of the ephemeral range", "ACL whose ephemeral range admits RDP",
		[]string{nacl}, cmpACL(), cmpACL(cmpEntry(100, "allow", "tcp", 443, 443, "0.0.0.0/0"), cmpEntry(130, "allow", "tcp", 1024, 65535, "0.0.0.0/0")))...)
	add(cmpPair("CK CKV_AWS_231; PR ec2_networkacl_allow_ingress_tcp_port_3389", "ACL rule resources: deny RDP (90) before the ephemeral allow (100)", "ACL rule resources: ephemeral allow with no deny",
		[]string{nacl},
		append(cmpNoInlineACL(), cmpACLRule("deny-rdp", 90, "deny", "tcp", 3389, 3389), cmpACLRule("ephemeral", 100, "allow", "tcp", 1024, 65535)),
		append(cmpNoInlineACL(), cmpACLRule("ephemeral", 100, "allow", "tcp", 1024, 65535)))...)
	add(cmpPair("CK CKV_AWS_229; CK CKV_AWS_230", "ACL denying FTP from the internet", "ACL admitting FTP (20-21) from 0.0.0.0/0",
		[]string{nacl}, cmpACL(), cmpACL(cmpEntry(100, "allow", "tcp", 20, 21, "0.0.0.0/0")))...)

	const routes = "route-targets-scoped"
	route := func(kv ...any) []R {
		return []R{{Type: rules.Route, Name: "claims-route", Props: cmpWith(map[string]any{"routeTableId": "rtb-0private1a"}, kv...)}}
	}
	add(cmpPair("CK CKV2_AWS_44; PR vpc_peering_routing_tables_with_least_privilege", "peering route to the peer VPC's CIDR", "default route over a peering connection",
		[]string{routes}, route("destinationCidrBlock", "10.30.0.0/16", "vpcPeeringConnectionId", "pcx-0partner"),
		route("destinationCidrBlock", "0.0.0.0/0", "vpcPeeringConnectionId", "pcx-0partner"))...)
	table := func(rts ...any) []R {
		return []R{{Type: rules.EC2RouteTable, Name: "private-rt", Props: map[string]any{"vpcId": "vpc-0care", "routes": rts}}}
	}
	add(cmpPair("CK CKV2_AWS_44", "route table peering only the partner's CIDR", "route table sending ::/0 over peering",
		[]string{routes}, table(map[string]any{"cidrBlock": "10.30.0.0/16", "vpcPeeringConnectionId": "pcx-0partner"}),
		table(map[string]any{"ipv6CidrBlock": "::/0", "vpcPeeringConnectionId": "pcx-0partner"}))...)
	add(cmpPair("CK CKV2_AWS_35", "default route to a NAT gateway", "default route to a NAT instance's interface",
		[]string{routes}, route("destinationCidrBlock", "0.0.0.0/0", "natGatewayId", "nat-0a1"),
		route("destinationCidrBlock", "0.0.0.0/0", "networkInterfaceId", "eni-0natinstance"))...)
	add(Case{Anchor: "CK CKV2_AWS_35", Name: "default route table sending 0.0.0.0/0 to an instance", Violating: true, Want: []string{routes},
		Stack: []R{{Type: rules.EC2DefaultRouteTable, Name: "default-rt", Props: map[string]any{"defaultRouteTableId": "rtb-0main",
			"routes": []any{map[string]any{"cidrBlock": "0.0.0.0/0", "instanceId": "i-0natbox"}}}}}})
}

// --- EMR ---

func cmpEMRSecurity(atRest, transit bool, s3Mode string, local bool) string {
	localDisk := ""
	if local {
		localDisk = `,"LocalDiskEncryptionConfiguration":{"EncryptionKeyProviderType":"AwsKms","AwsKmsKey":"` + cmpKey + `","EnableEbsEncryption":true}`
	}
	return fmt.Sprintf(`{"EncryptionConfiguration":{"EnableAtRestEncryption":%t,"EnableInTransitEncryption":%t,`+
		`"InTransitEncryptionConfiguration":{"TLSCertificateConfiguration":{"CertificateProviderType":"PEM","S3Object":"s3://carestack-pki/emr/certs.zip"}},`+
		`"AtRestEncryptionConfiguration":{"S3EncryptionConfiguration":{"EncryptionMode":%q,"AwsKmsKey":"%s"}%s}},`+
		`"AuthenticationConfiguration":{"KerberosConfiguration":{"Provider":"ClusterDedicatedKdc","ClusterDedicatedKdcConfiguration":{"TicketLifetimeInHours":24}}}}`,
		atRest, transit, s3Mode, cmpKey, localDisk)
}

var cmpCluster = map[string]any{
	"name": "claims-analytics", "releaseLabel": "emr-7.2.0", "applications": []any{"Spark", "Hadoop"},
	"serviceRole":           "arn:aws:iam::" + cmpAccount + ":role/emr-service",
	"securityConfiguration": Unknown{},
	"kerberosAttributes":    map[string]any{"realm": "EC2.INTERNAL", "kdcAdminPassword": Secret{"kdc-admin-from-config"}},
	"logUri":                "s3://carestack-logs/emr/", "logEncryptionKmsKeyId": cmpKey,
	"ec2Attributes": map[string]any{"subnetId": Unknown{}, "instanceProfile": "arn:aws:iam::" + cmpAccount + ":instance-profile/emr-nodes",
		"emrManagedMasterSecurityGroup": "sg-0emrmaster", "emrManagedSlaveSecurityGroup": "sg-0emrcore", "serviceAccessSecurityGroup": "sg-0emrservice"},
	"masterInstanceGroup": map[string]any{"instanceType": "m6g.xlarge"},
	"coreInstanceGroup":   map[string]any{"instanceType": "r6g.xlarge", "instanceCount": 2},
}

// cmpEMR is the cluster with changes, its security configuration and a
// private subnet.
func cmpEMR(config string, subnet map[string]any, kv ...any) []R {
	return []R{
		{Type: rules.EMRCluster, Name: "analytics", Props: cmpWith(cmpCluster, kv...),
			Deps: map[string][]string{"ec2Attributes": {"analytics-a"}, "securityConfiguration": {"analytics-security"}}},
		{Type: rules.EMRSecurityConfiguration, Name: "analytics-security", Props: map[string]any{"name": "claims-analytics", "configuration": config}},
		{Type: rules.Subnet, Name: "analytics-a", Props: subnet},
	}
}

var (
	cmpPrivateSubnet = map[string]any{"vpcId": "vpc-0care", "cidrBlock": "10.20.40.0/24", "availabilityZone": "us-east-1a", "mapPublicIpOnLaunch": false,
		"tags": map[string]any{"Tier": "private", "DataClassification": "Internal"}}
	cmpPublicSubnet = map[string]any{"vpcId": "vpc-0care", "cidrBlock": "10.20.0.0/24", "availabilityZone": "us-east-1a", "mapPublicIpOnLaunch": true,
		"tags": map[string]any{"Tier": "public", "DataClassification": "Internal"}}
	cmpGoodEMRSec = cmpEMRSecurity(true, true, "SSE-KMS", true)
)

func init() {
	add(cmpPair("CFG emr-kerberos-enabled; CN HIPAA.Security-EMRKerberosEnabled", "cluster with Kerberos attributes", "cluster without Kerberos",
		[]string{"emr-kerberos"}, cmpEMR(cmpGoodEMRSec, cmpPrivateSubnet), cmpEMR(cmpGoodEMRSec, cmpPrivateSubnet, "kerberosAttributes", nil))...)
	add(cmpPair("CK CKV_AWS_114", "Kerberos attributes with a realm", "Kerberos attributes without a realm",
		[]string{"emr-kerberos"}, cmpEMR(cmpGoodEMRSec, cmpPrivateSubnet),
		cmpEMR(cmpGoodEMRSec, cmpPrivateSubnet, "kerberosAttributes", map[string]any{"kdcAdminPassword": Secret{"kdc-admin-from-config"}}))...)
	add(cmpPair("CFG emr-master-no-public-ip; PR emr_cluster_master_nodes_no_public_ip; PR emr_cluster_publicly_accesible", "cluster in a private subnet", "cluster in a public subnet",
		[]string{"emr-private"}, cmpEMR(cmpGoodEMRSec, cmpPrivateSubnet), cmpEMR(cmpGoodEMRSec, cmpPublicSubnet))...)
	openMaster := R{Type: rules.SecurityGroup, Name: "emr-master", Props: map[string]any{"vpcId": "vpc-0care", "description": "EMR master",
		"ingress": []any{map[string]any{"protocol": "tcp", "fromPort": 8443, "toPort": 8443, "cidrBlocks": []any{"0.0.0.0/0"}}}}}
	closedMaster := R{Type: rules.SecurityGroup, Name: "emr-master", Props: map[string]any{"vpcId": "vpc-0care", "description": "EMR master",
		"ingress": []any{map[string]any{"protocol": "tcp", "fromPort": 8443, "toPort": 8443, "cidrBlocks": []any{"10.20.0.0/16"}}}}}
	withSG := func(sg R) []R {
		rs := cmpEMR(cmpGoodEMRSec, cmpPrivateSubnet)
		rs[0].Deps = map[string][]string{"ec2Attributes": {"analytics-a", "emr-master"}, "securityConfiguration": {"analytics-security"}}
		return append(rs, sg)
	}
	add(cmpPair("CK CKV2_AWS_7; PR emr_cluster_publicly_accesible", "master security group admitting the VPC only", "master security group open to 0.0.0.0/0",
		[]string{"no-world-ingress-except-public-alb"}, withSG(closedMaster), withSG(openMaster))...)
	add(cmpPair("CK CKV_AWS_390; PR emr_cluster_account_public_block_enabled", "EMR block public access on", "EMR block public access off",
		[]string{"emr-private"}, []R{{Type: rules.EMRBlockPublicAccess, Name: "emr-bpa", Props: map[string]any{"blockPublicSecurityGroupRules": true}}},
		[]R{{Type: rules.EMRBlockPublicAccess, Name: "emr-bpa", Props: map[string]any{"blockPublicSecurityGroupRules": false}}})...)
	add(cmpPair("CK CKV2_AWS_55", "cluster with a security configuration", "cluster without a security configuration",
		[]string{"emr-encryption-at-rest"}, cmpEMR(cmpGoodEMRSec, cmpPrivateSubnet), cmpEMR(cmpGoodEMRSec, cmpPrivateSubnet, "securityConfiguration", nil))...)
	add(cmpPair("CK CKV_AWS_171", "EMRFS encrypted with SSE-KMS", "EMRFS encrypted with SSE-S3",
		[]string{"emr-encryption-at-rest"}, cmpEMR(cmpGoodEMRSec, cmpPrivateSubnet), cmpEMR(cmpEMRSecurity(true, true, "SSE-S3", true), cmpPrivateSubnet))...)
	add(cmpPair("CK CKV_AWS_349", "local disks encrypted", "at-rest configuration without local disk encryption",
		[]string{"emr-encryption-at-rest"}, cmpEMR(cmpGoodEMRSec, cmpPrivateSubnet), cmpEMR(cmpEMRSecurity(true, true, "SSE-KMS", false), cmpPrivateSubnet))...)
	add(cmpPair("CK CKV_AWS_350", "EBS disks encrypted", "at-rest encryption turned off",
		[]string{"emr-encryption-at-rest"}, cmpEMR(cmpGoodEMRSec, cmpPrivateSubnet), cmpEMR(cmpEMRSecurity(false, true, "SSE-KMS", true), cmpPrivateSubnet))...)
	add(cmpPair("CK CKV_AWS_351", "in-transit encryption on", "in-transit encryption off",
		[]string{"emr-encryption-in-transit"}, cmpEMR(cmpGoodEMRSec, cmpPrivateSubnet), cmpEMR(cmpEMRSecurity(true, false, "SSE-KMS", true), cmpPrivateSubnet))...)
}

// --- Elastic Beanstalk ---

func cmpSetting(ns, name, value string) map[string]any {
	return map[string]any{"namespace": ns, "name": name, "value": value}
}

// cmpEB is a load-balanced environment in private subnets with every
// setting the anchors ask for, minus the options named in drop, plus extra.
func cmpEB(drop []string, extra ...any) []R {
	all := []map[string]any{
		cmpSetting("aws:ec2:vpc", "VPCId", "vpc-0care"),
		cmpSetting("aws:ec2:vpc", "Subnets", "subnet-0private1a,subnet-0private1b"),
		cmpSetting("aws:ec2:vpc", "ELBSubnets", "subnet-0public1a,subnet-0public1b"),
		cmpSetting("aws:ec2:vpc", "AssociatePublicIpAddress", "false"),
		cmpSetting("aws:elasticbeanstalk:environment", "LoadBalancerType", "application"),
		cmpSetting("aws:elbv2:listener:443", "Protocol", "HTTPS"),
		cmpSetting("aws:elbv2:listener:443", "SSLCertificateArns", "arn:aws:acm:us-east-1:"+cmpAccount+":certificate/portal"),
		cmpSetting("aws:elbv2:listener:default", "ListenerEnabled", "false"),
		cmpSetting("aws:elasticbeanstalk:managedactions", "ManagedActionsEnabled", "true"),
		cmpSetting("aws:elasticbeanstalk:managedactions", "PreferredStartTime", "Sun:05:00"),
		cmpSetting("aws:elasticbeanstalk:managedactions:platformupdate", "UpdateLevel", "minor"),
		cmpSetting("aws:elasticbeanstalk:healthreporting:system", "SystemType", "enhanced"),
		cmpSetting("aws:elasticbeanstalk:cloudwatch:logs", "StreamLogs", "true"),
		cmpSetting("aws:elasticbeanstalk:cloudwatch:logs", "RetentionInDays", "365"),
		cmpSetting("aws:elasticbeanstalk:cloudwatch:logs", "DeleteOnTerminate", "false"),
	}
	var settings []any
	for _, s := range all {
		keep := true
		for _, d := range drop {
			keep = keep && s["name"] != d
		}
		if keep {
			settings = append(settings, s)
		}
	}
	settings = append(settings, extra...)
	return []R{{Type: rules.EBEnvironment, Name: "portal", Props: map[string]any{
		"name": "patient-portal-prod", "application": "patient-portal", "tier": "WebServer",
		"solutionStackName": "64bit Amazon Linux 2023 v4.3.0 running Python 3.12", "settings": settings,
	}}}
}

func init() {
	add(cmpPair("CFG elastic-beanstalk-managed-updates-enabled; CN HIPAA.Security-ElasticBeanstalkManagedUpdatesEnabled; CK CKV_AWS_340; PR elasticbeanstalk_environment_managed_updates_enabled",
		"environment with managed platform updates (minor)", "environment without managed updates",
		[]string{"beanstalk-managed-updates"}, cmpEB(nil), cmpEB([]string{"ManagedActionsEnabled", "PreferredStartTime"}))...)
	add(Case{Anchor: "CFG elastic-beanstalk-managed-updates-enabled; CK CKV_AWS_340", Name: "environment turning managed updates off", Violating: true,
		Want:  []string{"beanstalk-managed-updates"},
		Stack: cmpEB([]string{"ManagedActionsEnabled"}, cmpSetting("aws:elasticbeanstalk:managedactions", "ManagedActionsEnabled", "false"))})
	add(Case{Anchor: "CN HIPAA.Security-ElasticBeanstalkManagedUpdatesEnabled", Name: "managed updates on without an update level", Violating: true,
		Want: []string{"beanstalk-managed-updates"}, Stack: cmpEB([]string{"UpdateLevel"})})
	add(cmpPair("CFG beanstalk-enhanced-health-reporting-enabled; CN HIPAA.Security-ElasticBeanstalkEnhancedHealthReportingEnabled; CK CKV_AWS_312; PR elasticbeanstalk_environment_enhanced_health_reporting",
		"environment with enhanced health reporting", "environment on basic health reporting",
		[]string{"beanstalk-enhanced-health"}, cmpEB(nil), cmpEB([]string{"SystemType"}, cmpSetting("aws:elasticbeanstalk:healthreporting:system", "SystemType", "basic")))...)
	add(cmpPair("PR elasticbeanstalk_environment_cloudwatch_logging_enabled", "environment streaming logs to CloudWatch", "environment not streaming logs",
		[]string{"beanstalk-logs-to-cloudwatch"}, cmpEB(nil), cmpEB([]string{"StreamLogs"}))...)
}

// --- Transfer Family, Client VPN, transit gateways ---

func init() {
	server := map[string]any{
		"endpointType": "VPC", "endpointDetails": map[string]any{"vpcId": "vpc-0care", "subnetIds": []any{"subnet-0private1a", "subnet-0private1b"},
			"securityGroupIds": []any{"sg-0sftp"}},
		"protocols": []any{"SFTP"}, "securityPolicyName": "TransferSecurityPolicy-2024-01",
		"identityProviderType": "SERVICE_MANAGED", "domain": "S3",
		"loggingRole": "arn:aws:iam::" + cmpAccount + ":role/transfer-logging",
	}
	sftp := func(kv ...any) []R {
		return []R{{Type: rules.TransferServer, Name: "partner-sftp", Props: cmpWith(server, kv...)}}
	}
	add(cmpPair("CK CKV_AWS_164", "SFTP server on a VPC endpoint", "SFTP server on the public endpoint",
		[]string{"transfer-server-private"}, sftp(), sftp("endpointType", "PUBLIC", "endpointDetails", nil))...)
	add(Case{Anchor: "CK CKV_AWS_164", Name: "server with no endpoint type (defaults to PUBLIC)", Violating: true, Want: []string{"transfer-server-private"},
		Stack: sftp("endpointType", nil, "endpointDetails", nil)})
	add(cmpPair("CK CKV_AWS_357; PR transfer_server_in_transit_encryption_enabled", "server offering SFTP only", "server offering FTP",
		[]string{"transfer-secure-protocols"}, sftp(), sftp("protocols", []any{"SFTP", "FTP"}))...)
	add(cmpPair("CK CKV_AWS_380", "server on TransferSecurityPolicy-2024-01", "server on the 2018-11 default policy",
		[]string{"transfer-secure-protocols"}, sftp(), sftp("securityPolicyName", nil))...)

	vpn := map[string]any{
		"description": "clinician remote access", "serverCertificateArn": "arn:aws:acm:us-east-1:" + cmpAccount + ":certificate/vpn",
		"clientCidrBlock": "10.100.0.0/22", "vpcId": "vpc-0care", "securityGroupIds": []any{"sg-0vpn"}, "splitTunnel": true,
		"authenticationOptions": []any{map[string]any{"type": "federated-authentication", "samlProviderArn": "arn:aws:iam::" + cmpAccount + ":saml-provider/okta"}},
		"connectionLogOptions":  map[string]any{"enabled": true, "cloudwatchLogGroup": "client-vpn", "cloudwatchLogStream": "connections"},
	}
	add(cmpPair("PR ec2_client_vpn_endpoint_connection_logging_enabled", "endpoint logging connections", "endpoint not logging connections",
		[]string{"client-vpn-connection-logs"}, []R{{Type: rules.ClientVPNEndpoint, Name: "clinician-vpn", Props: vpn}},
		[]R{{Type: rules.ClientVPNEndpoint, Name: "clinician-vpn", Props: cmpWith(vpn, "connectionLogOptions", map[string]any{"enabled": false})}})...)

	tgw := map[string]any{"description": "care network hub", "autoAcceptSharedAttachments": "disable", "defaultRouteTableAssociation": "disable", "defaultRouteTablePropagation": "disable"}
	add(cmpPair("CK CKV_AWS_331; PR ec2_transitgateway_auto_accept_vpc_attachments", "transit gateway accepting attachments by hand", "transit gateway auto-accepting attachments",
		[]string{"transit-gateway-manual-acceptance"}, []R{{Type: rules.TransitGateway, Name: "hub", Props: tgw}},
		[]R{{Type: rules.TransitGateway, Name: "hub", Props: cmpWith(tgw, "autoAcceptSharedAttachments", "enable")}})...)
}

// --- Security groups (EC2 anchors enforced by NET-01) ---

func cmpSG(proto string, from, to int, cidr string) []R {
	return []R{{Type: rules.SecurityGroup, Name: "claims-hosts", Props: map[string]any{"vpcId": "vpc-0care", "description": "claims hosts",
		"ingress": []any{map[string]any{"protocol": proto, "fromPort": from, "toPort": to, "cidrBlocks": []any{cidr}}},
		"egress":  []any{map[string]any{"protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrBlocks": []any{"0.0.0.0/0"}}}}}}
}

// cmpExposed is the compliant instance behind a group admitting port from
// cidr.
func cmpExposed(port int, cidr string) []R {
	rs := cmpHost("vpcSecurityGroupIds", []any{Unknown{}})
	rs[0].Deps = map[string][]string{"vpcSecurityGroupIds": {"claims-hosts"}}
	return append(rs, cmpSG("tcp", port, port, cidr)...)
}

func init() {
	const net01 = "no-world-ingress-except-public-alb"
	for _, c := range []struct {
		anchor string
		port   int
		what   string
	}{
		{"CFG restricted-ssh; CN HIPAA.Security-EC2RestrictedSSH; CK CKV_AWS_24; PR ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22", 22, "SSH"},
		{"CFG restricted-common-ports; CN HIPAA.Security-EC2RestrictedCommonPorts; CK CKV_AWS_25; PR ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_3389", 3389, "RDP"},
		{"CFG restricted-common-ports; CN HIPAA.Security-EC2RestrictedCommonPorts; PR ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_ftp_20_21", 21, "FTP"},
		{"CFG restricted-common-ports; CN HIPAA.Security-EC2RestrictedCommonPorts; PR ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_mysql_3306", 3306, "MySQL"},
		{"CN HIPAA.Security-EC2RestrictedCommonPorts; CFG restricted-common-ports", 4333, "mSQL"},
		{"CFG vpc-sg-open-only-to-authorized-ports; PR ec2_securitygroup_allow_ingress_from_internet_to_any_port", 8080, "an unauthorized app port"},
		{"CK CKV_AWS_260", 80, "HTTP on a group that is not the public ALB's"},
		{"PR ec2_securitygroup_allow_ingress_from_internet_to_high_risk_tcp_ports", 445, "CIFS"},
		{"PR ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_cassandra_7199_9160_8888", 9160, "Cassandra"},
		{"PR ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_elasticsearch_kibana_9200_9300_5601", 9200, "Elasticsearch"},
		{"PR ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_kafka_9092", 9092, "Kafka"},
		{"PR ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_memcached_11211", 11211, "Memcached"},
		{"PR ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_mongodb_27017_27018", 27017, "MongoDB"},
		{"PR ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_oracle_1521_2483", 1521, "Oracle"},
		{"PR ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_postgres_5432", 5432, "PostgreSQL"},
		{"PR ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_redis_6379", 6379, "Redis"},
		{"PR ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_sql_server_1433_1434", 1433, "SQL Server"},
		{"PR ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_telnet_23", 23, "Telnet"},
	} {
		add(cmpPair(c.anchor, fmt.Sprintf("group admitting %s (%d) from the VPC only", c.what, c.port), fmt.Sprintf("group admitting %s (%d) from 0.0.0.0/0", c.what, c.port),
			[]string{net01}, cmpSG("tcp", c.port, c.port, "10.20.0.0/16"), cmpSG("tcp", c.port, c.port, "0.0.0.0/0"))...)
	}
	add(cmpPair("CK CKV_AWS_277; PR ec2_securitygroup_allow_ingress_from_internet_to_all_ports", "group admitting all traffic from the VPC", "group admitting all traffic from 0.0.0.0/0",
		[]string{net01}, cmpSG("-1", 0, 0, "10.20.0.0/16"), cmpSG("-1", 0, 0, "0.0.0.0/0"))...)
	for _, c := range []struct {
		id   string
		port int
	}{
		{"cassandra", 9042}, {"cifs", 139}, {"elasticsearch_kibana", 5601}, {"ftp", 20}, {"kafka", 9092}, {"kerberos", 88}, {"ldap", 636},
		{"memcached", 11211}, {"mongodb", 27018}, {"mysql", 3306}, {"oracle", 2484}, {"postgresql", 5432}, {"rdp", 3389}, {"redis", 6379},
		{"sqlserver", 1434}, {"ssh", 22}, {"telnet", 23},
	} {
		add(cmpPair("PR ec2_instance_port_"+c.id+"_exposed_to_internet",
			fmt.Sprintf("instance whose group admits port %d from the VPC only", c.port), fmt.Sprintf("instance whose group admits port %d from the internet", c.port),
			[]string{net01}, cmpExposed(c.port, "10.20.0.0/16"), cmpExposed(c.port, "0.0.0.0/0"))...)
	}
	enclave := func(port int, cidr string) []R {
		rs := cmpExposed(port, cidr)
		rs[0].Props = cmpWith(rs[0].Props, "enclaveOptions", map[string]any{"enabled": true})
		return rs
	}
	add(cmpPair("PR ec2_confidential_workload_host_unrestricted_ingress", "enclave host admitting its service port from the VPC", "enclave host admitting a non-standard port from the internet",
		[]string{net01}, enclave(8443, "10.20.0.0/16"), enclave(8443, "0.0.0.0/0"))...)
	add(cmpPair("PR ec2_confidential_workload_host_vsock_proxy_exposed", "enclave host keeping the vsock proxy port inside", "enclave host exposing the vsock proxy port 8000",
		[]string{net01}, enclave(8000, "10.20.0.0/16"), enclave(8000, "0.0.0.0/0"))...)

	vpc := R{Type: rules.VPC, Name: "care", Props: map[string]any{"cidrBlock": "10.20.0.0/16", "enableDnsHostnames": true, "enableDnsSupport": true}}
	flow := R{Type: rules.FlowLog, Name: "care-flow", Props: map[string]any{"vpcId": Unknown{}, "trafficType": "ALL", "logDestinationType": "cloud-watch-logs",
		"logDestination": "arn:aws:logs:us-east-1:" + cmpAccount + ":log-group:vpc-flow", "iamRoleArn": "arn:aws:iam::" + cmpAccount + ":role/flow-logs"},
		Deps: map[string][]string{"vpcId": {"care"}}}
	defaultSG := func(ingress []any) R {
		return R{Type: rules.DefaultSecurityGroup, Name: "care-default", Props: map[string]any{"vpcId": Unknown{}, "ingress": ingress, "egress": []any{}},
			Deps: map[string][]string{"vpcId": {"care"}}}
	}
	add(cmpPair("PR ec2_securitygroup_default_restrict_traffic", "VPC whose default group has no rules", "VPC whose default group admits its own members",
		[]string{"default-sg-closed"}, []R{vpc, flow, defaultSG([]any{})},
		[]R{vpc, flow, defaultSG([]any{map[string]any{"protocol": "-1", "fromPort": 0, "toPort": 0, "self": true}})})...)
}
