package rules

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// computeCase is cmpOne verdict of a compute rule: for a resource rule the
// first resource is judged; for a stack rule, the whole fixture.
type computeCase struct {
	rule string
	name string
	rs   []Resource
	deps map[int]map[string][]int
	// want is the outcome every finding must have ("" for none); text is a
	// substring cmpOne finding's message must contain; on is the resource the
	// findings must name (default: the first resource).
	want   Outcome
	text   string
	on     string
	params map[string]any
}

func cmpNr(typ, name string, props M) Resource { return named(res(typ, props), name) }

func cmpOne(rule, name string, r Resource, want Outcome, text string) computeCase {
	return computeCase{rule: rule, name: name, rs: []Resource{r}, want: want, text: text}
}

func cmpB64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func cmpGzipB64(s string) string {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	_, _ = w.Write([]byte(s))
	_ = w.Close()
	return base64.StdEncoding.EncodeToString(b.Bytes())
}

// Shapes a compliant host takes, reused across the cases.
var (
	cmpOkRoot     = M{"encrypted": true, "volumeType": "gp3"}
	cmpOkMetadata = M{"httpTokens": "required", "httpPutResponseHopLimit": 1}
	cmpOkInstance = func(extra M) M {
		m := M{"ami": "ami-0abc", "instanceType": "m6i.large", "subnetId": "subnet-private-a", "iamInstanceProfile": "app-host",
			"metadataOptions": cmpOkMetadata, "rootBlockDevice": cmpOkRoot, "monitoring": true}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	cmpOkTemplate = func(extra M) M {
		m := M{"imageId": "ami-0abc", "instanceType": "m6i.large", "iamInstanceProfile": M{"arn": "arn:aws:iam::111122223333:instance-profile/app"},
			"metadataOptions": cmpOkMetadata, "monitoring": M{"enabled": true},
			"blockDeviceMappings": []any{M{"deviceName": "/dev/xvda", "ebs": M{"encrypted": "true", "volumeSize": 30}}}}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	cmpOkLaunchConfig = func(extra M) M {
		m := M{"imageId": "ami-0abc", "instanceType": "m6i.large", "iamInstanceProfile": "app-host", "associatePublicIpAddress": false,
			"metadataOptions": cmpOkMetadata, "rootBlockDevice": M{"encrypted": true}}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	cmpEmrSecurity = func(atRest, transit, s3 string) string {
		return `{"EncryptionConfiguration":{"EnableInTransitEncryption":` + transit + `,"EnableAtRestEncryption":` + atRest + `,
			"InTransitEncryptionConfiguration":{"TLSCertificateConfiguration":{"CertificateProviderType":"PEM","S3Object":"s3://certs/emr.zip"}},
			"AtRestEncryptionConfiguration":{"S3EncryptionConfiguration":{"EncryptionMode":"` + s3 + `","AwsKmsKey":"arn:aws:kms:us-east-1:111122223333:key/k"},
			"LocalDiskEncryptionConfiguration":{"EncryptionKeyProviderType":"AwsKms","AwsKmsKey":"arn:aws:kms:us-east-1:111122223333:key/k","EnableEbsEncryption":true}}}}`
	}
	cmpEbSet = func(ns, name string, value any) M { return M{"namespace": ns, "name": name, "value": value} }
	cmpEbOK  = []any{
		cmpEbSet("aws:elasticbeanstalk:managedactions", "ManagedActionsEnabled", "true"),
		cmpEbSet("aws:elasticbeanstalk:managedactions", "PreferredStartTime", "Sun:05:00"),
		cmpEbSet("aws:elasticbeanstalk:managedactions:platformupdate", "UpdateLevel", "minor"),
		cmpEbSet("aws:elasticbeanstalk:healthreporting:system", "SystemType", "enhanced"),
		cmpEbSet("aws:elasticbeanstalk:cloudwatch:logs", "StreamLogs", "true"),
		cmpEbSet("aws:elasticbeanstalk:cloudwatch:logs", "RetentionInDays", "365"),
	}
	cmpEbHTTPS = []any{
		cmpEbSet("aws:elasticbeanstalk:environment", "LoadBalancerType", "application"),
		cmpEbSet("aws:elbv2:listener:443", "Protocol", "HTTPS"),
		cmpEbSet("aws:elbv2:listener:443", "SSLCertificateArns", "arn:aws:acm:us-east-1:1:certificate/x"),
		cmpEbSet("aws:elbv2:listener:default", "ListenerEnabled", "false"),
	}
	cmpNacl = func(ingress ...any) Resource {
		return cmpNr(EC2NetworkACL, "acl", M{"vpcId": "vpc-1", "ingress": ingress})
	}
	// cmpNaclIn is an inline ingress entry.
	cmpNaclIn = func(no int, action, proto string, from, to int, cidr string) M {
		m := M{"ruleNo": no, "action": action, "protocol": proto, "fromPort": from, "toPort": to}
		if strings.Contains(cidr, ":") {
			m["ipv6CidrBlock"] = cidr
		} else {
			m["cidrBlock"] = cidr
		}
		return m
	}
	cmpNaclRule = func(name string, no int, action, proto string, from, to int, cidr string) Resource {
		return cmpNr(EC2NetworkACLRule, name, M{"networkAclId": "acl-1", "ruleNumber": no, "ruleAction": action, "protocol": proto,
			"fromPort": from, "toPort": to, "cidrBlock": cidr, "egress": false})
	}
	cmpAsgTags = func(propagate bool, keys ...string) []any {
		var out []any
		for _, k := range keys {
			v := "platform"
			if k == "DataClassification" {
				v = "PHI"
			}
			out = append(out, M{"key": k, "value": v, "propagateAtLaunch": propagate})
		}
		return out
	}
	cmpAllASGTags = []string{"DataClassification", "Owner", "Environment", "Service"}
)

var computeCases = []computeCase{
	// ENC-70 ec2-block-devices-encrypted
	cmpOne("ec2-block-devices-encrypted", "an instance with encrypted root and data volumes passes",
		cmpNr(EC2Instance, "web", cmpOkInstance(M{"ebsBlockDevices": []any{M{"deviceName": "/dev/sdf", "encrypted": true}}})), "", ""),
	cmpOne("ec2-block-devices-encrypted", "an instance without rootBlockDevice fails, naming the account default it cannot see",
		cmpNr(EC2Instance, "web", cmpOkInstance(M{"rootBlockDevice": nil})), Violation, "rootBlockDevice is unset, so the root volume is encrypted only by the AMI's snapshot or the account's EBS encryption by default"),
	cmpOne("ec2-block-devices-encrypted", "an unencrypted data volume fails",
		cmpNr(EC2Instance, "web", cmpOkInstance(M{"ebsBlockDevices": []any{M{"deviceName": "/dev/sdf", "encrypted": false}}})), Violation, "ebsBlockDevices[0].encrypted is false"),
	cmpOne("ec2-block-devices-encrypted", "a root device with encrypted unset fails stating the provider default",
		cmpNr(EC2Instance, "web", cmpOkInstance(M{"rootBlockDevice": M{"volumeSize": 30}})), Violation, "rootBlockDevice.encrypted is unset (the provider default is false)"),
	cmpOne("ec2-block-devices-encrypted", "a data volume restored from a snapshot takes the snapshot's encryption",
		cmpNr(EC2Instance, "web", cmpOkInstance(M{"ebsBlockDevices": []any{M{"deviceName": "/dev/sdf", "snapshotId": "snap-1"}}})), "", ""),
	cmpOne("ec2-block-devices-encrypted", "a PHI instance needs a customer-managed key",
		cmpNr(EC2Instance, "web", cmpOkInstance(M{"tags": M{"DataClassification": "PHI"}})), Violation, "rootBlockDevice.kmsKeyId is unset"),
	cmpOne("ec2-block-devices-encrypted", "a PHI instance with a CMK passes",
		cmpNr(EC2Instance, "web", cmpOkInstance(M{"tags": M{"DataClassification": "PHI"}, "rootBlockDevice": M{"encrypted": true, "kmsKeyId": "arn:k"}})), "", ""),
	cmpOne("ec2-block-devices-encrypted", "an instance from a launch template leaves the root device to the template",
		cmpNr(EC2Instance, "web", M{"launchTemplate": M{"id": "lt-1", "version": "$Latest"}}), "", ""),
	cmpOne("ec2-block-devices-encrypted", "an unknown encrypted flag defers",
		cmpNr(EC2Instance, "web", cmpOkInstance(M{"rootBlockDevice": M{"encrypted": unknown}})), Deferred, "rootBlockDevice.encrypted is unknown at preview"),
	cmpOne("ec2-block-devices-encrypted", "a rootBlockDevice that is not a map is a wrong shape",
		cmpNr(EC2Instance, "web", cmpOkInstance(M{"rootBlockDevice": "encrypted"})), Violation, "rootBlockDevice.encrypted has an unexpected shape"),
	cmpOne("ec2-block-devices-encrypted", "a launch template with an encrypted root mapping passes",
		cmpNr(EC2LaunchTemplate, "lt", cmpOkTemplate(nil)), "", ""),
	cmpOne("ec2-block-devices-encrypted", "a launch template without block device mappings fails",
		cmpNr(EC2LaunchTemplate, "lt", cmpOkTemplate(M{"blockDeviceMappings": nil})), Violation, "blockDeviceMappings is unset"),
	cmpOne("ec2-block-devices-encrypted", "a launch template mapping with encrypted \"false\" fails",
		cmpNr(EC2LaunchTemplate, "lt", cmpOkTemplate(M{"blockDeviceMappings": []any{M{"deviceName": "/dev/xvda", "ebs": M{"encrypted": "false"}}}})), Violation, "blockDeviceMappings[0].ebs.encrypted is false"),
	cmpOne("ec2-block-devices-encrypted", "a launch template with only instance-store mappings fails",
		cmpNr(EC2LaunchTemplate, "lt", cmpOkTemplate(M{"blockDeviceMappings": []any{M{"deviceName": "/dev/sdb", "virtualName": "ephemeral0"}}})), Violation, "no blockDeviceMappings entry configures an EBS volume"),
	cmpOne("ec2-block-devices-encrypted", "unknown launch template mappings defer",
		cmpNr(EC2LaunchTemplate, "lt", cmpOkTemplate(M{"blockDeviceMappings": unknown})), Deferred, "blockDeviceMappings is unknown"),
	cmpOne("ec2-block-devices-encrypted", "a launch configuration with an encrypted root passes",
		cmpNr(EC2LaunchConfiguration, "lc", cmpOkLaunchConfig(nil)), "", ""),
	cmpOne("ec2-block-devices-encrypted", "a launch configuration without rootBlockDevice fails",
		cmpNr(EC2LaunchConfiguration, "lc", cmpOkLaunchConfig(M{"rootBlockDevice": nil})), Violation, "rootBlockDevice is unset"),
	cmpOne("ec2-block-devices-encrypted", "launch configuration ebsBlockDevices that are not a list are a wrong shape",
		cmpNr(EC2LaunchConfiguration, "lc", cmpOkLaunchConfig(M{"ebsBlockDevices": "sdf"})), Violation, "ebsBlockDevices has an unexpected shape"),
	cmpOne("ec2-block-devices-encrypted", "a WorkSpace with both volumes encrypted passes",
		cmpNr(WorkSpace, "desk", M{"rootVolumeEncryptionEnabled": true, "userVolumeEncryptionEnabled": true}), "", ""),
	cmpOne("ec2-block-devices-encrypted", "a WorkSpace with an unencrypted user volume fails",
		cmpNr(WorkSpace, "desk", M{"rootVolumeEncryptionEnabled": true}), Violation, "userVolumeEncryptionEnabled is unset (the WorkSpaces default is false)"),

	// ENC-71 ebs-encrypted-cmk
	cmpOne("ebs-encrypted-cmk", "a volume encrypted with a CMK passes",
		cmpNr(EBSVolume, "data", M{"availabilityZone": "us-east-1a", "size": 100, "encrypted": true, "kmsKeyId": "arn:k"}), "", ""),
	cmpOne("ebs-encrypted-cmk", "an unencrypted volume fails, saying the account default is invisible",
		cmpNr(EBSVolume, "data", M{"availabilityZone": "us-east-1a", "size": 100, "kmsKeyId": "arn:k"}), Violation, "the program cannot show that it is on"),
	cmpOne("ebs-encrypted-cmk", "a volume on the AWS-managed key fails",
		cmpNr(EBSVolume, "data", M{"availabilityZone": "us-east-1a", "size": 100, "encrypted": true}), Violation, "kmsKeyId is unset"),
	cmpOne("ebs-encrypted-cmk", "the AWS-managed alias/aws/ebs key fails",
		cmpNr(EBSVolume, "data", M{"encrypted": true, "kmsKeyId": "alias/aws/ebs"}), Violation, "kmsKeyId is the AWS-managed key alias/aws/ebs"),
	cmpOne("ebs-encrypted-cmk", "a kmsKeyId that is a map is a wrong shape",
		cmpNr(EBSVolume, "data", M{"encrypted": true, "kmsKeyId": M{"arn": "arn:k"}}), Violation, "kmsKeyId has an unexpected shape"),
	cmpOne("ebs-encrypted-cmk", "an unknown encrypted flag defers",
		cmpNr(EBSVolume, "data", M{"encrypted": unknown, "kmsKeyId": "arn:k"}), Deferred, "encrypted is unknown"),
	cmpOne("ebs-encrypted-cmk", "an encrypted flag that is not a bool is a wrong shape",
		cmpNr(EBSVolume, "data", M{"encrypted": "yes", "kmsKeyId": "arn:k"}), Violation, "encrypted has an unexpected shape"),
	cmpOne("ebs-encrypted-cmk", "a snapshot copy with a CMK passes",
		cmpNr(EBSSnapshotCopy, "copy", M{"sourceSnapshotId": "snap-1", "sourceRegion": "us-east-1", "encrypted": true, "kmsKeyId": "arn:k"}), "", ""),
	cmpOne("ebs-encrypted-cmk", "a snapshot copy without a key fails",
		cmpNr(EBSSnapshotCopy, "copy", M{"sourceSnapshotId": "snap-1", "sourceRegion": "us-east-1", "encrypted": true}), Violation, "kmsKeyId is unset"),
	cmpOne("ebs-encrypted-cmk", "EBS encryption by default turned off fails",
		cmpNr(EBSEncryptionByDefault, "ebs-default", M{"enabled": false}), Violation, "enabled is false"),
	cmpOne("ebs-encrypted-cmk", "EBS encryption by default left at its default passes",
		cmpNr(EBSEncryptionByDefault, "ebs-default", M{}), "", ""),
	cmpOne("ebs-encrypted-cmk", "an AMI with an unencrypted block device fails",
		cmpNr(EC2AMI, "image", M{"ebsBlockDevices": []any{M{"deviceName": "/dev/xvda", "volumeSize": 8}}}), Violation, "ebsBlockDevices[0].encrypted is unset"),
	cmpOne("ebs-encrypted-cmk", "an AMI registered from a snapshot takes its encryption",
		cmpNr(EC2AMI, "image", M{"ebsBlockDevices": []any{M{"deviceName": "/dev/xvda", "snapshotId": "snap-1"}}}), "", ""),
	cmpOne("ebs-encrypted-cmk", "an unencrypted AMI copy fails",
		cmpNr(EC2AMICopy, "image-copy", M{"sourceAmiId": "ami-1", "sourceAmiRegion": "us-west-2"}), Violation, "encrypted is unset"),

	// ENC-72 emr-encryption-at-rest
	cmpOne("emr-encryption-at-rest", "a cluster with a security configuration passes",
		cmpNr(EMRCluster, "emr", M{"securityConfiguration": "phi-at-rest"}), "", ""),
	cmpOne("emr-encryption-at-rest", "a cluster without a security configuration fails",
		cmpNr(EMRCluster, "emr", M{"releaseLabel": "emr-7.1.0"}), Violation, "securityConfiguration is unset"),
	cmpOne("emr-encryption-at-rest", "a security configuration name unknown at preview counts as set",
		cmpNr(EMRCluster, "emr", M{"securityConfiguration": unknown}), "", ""),
	cmpOne("emr-encryption-at-rest", "a security configuration name that is not a string is a wrong shape",
		cmpNr(EMRCluster, "emr", M{"securityConfiguration": M{"name": "x"}}), Violation, "securityConfiguration has an unexpected shape"),
	cmpOne("emr-encryption-at-rest", "a configuration encrypting disks, EBS and S3 with KMS passes",
		cmpNr(EMRSecurityConfiguration, "sec", M{"configuration": cmpEmrSecurity("true", "true", "SSE-KMS")}), "", ""),
	cmpOne("emr-encryption-at-rest", "at-rest encryption off fails",
		cmpNr(EMRSecurityConfiguration, "sec", M{"configuration": cmpEmrSecurity("false", "true", "SSE-KMS")}), Violation, "EnableAtRestEncryption is not true"),
	cmpOne("emr-encryption-at-rest", "SSE-S3 for EMRFS fails",
		cmpNr(EMRSecurityConfiguration, "sec", M{"configuration": cmpEmrSecurity("true", "true", "SSE-S3")}), Violation, `EncryptionMode is "SSE-S3"`),
	cmpOne("emr-encryption-at-rest", "no local disk encryption fails",
		cmpNr(EMRSecurityConfiguration, "sec", M{"configuration": `{"EncryptionConfiguration":{"EnableAtRestEncryption":true,"EnableInTransitEncryption":true,"AtRestEncryptionConfiguration":{"S3EncryptionConfiguration":{"EncryptionMode":"SSE-KMS"}}}}`}),
		Violation, "no LocalDiskEncryptionConfiguration"),
	cmpOne("emr-encryption-at-rest", "an unknown configuration defers",
		cmpNr(EMRSecurityConfiguration, "sec", M{"configuration": unknown}), Deferred, "configuration is unknown"),
	cmpOne("emr-encryption-at-rest", "a configuration that is not JSON is a wrong shape",
		cmpNr(EMRSecurityConfiguration, "sec", M{"configuration": "{EncryptionConfiguration"}), Violation, "configuration has an unexpected shape"),

	// TLS-70 emr-encryption-in-transit
	cmpOne("emr-encryption-in-transit", "in-transit encryption on passes",
		cmpNr(EMRSecurityConfiguration, "sec", M{"configuration": cmpEmrSecurity("true", "true", "SSE-KMS")}), "", ""),
	cmpOne("emr-encryption-in-transit", "in-transit encryption off fails stating EMR's default",
		cmpNr(EMRSecurityConfiguration, "sec", M{"configuration": cmpEmrSecurity("true", "false", "SSE-KMS")}), Violation, "EnableInTransitEncryption is not true (EMR's default is false)"),
	cmpOne("emr-encryption-in-transit", "an unknown configuration defers",
		cmpNr(EMRSecurityConfiguration, "sec", M{"configuration": unknown}), Deferred, "configuration is unknown"),
	cmpOne("emr-encryption-in-transit", "a configuration that is a number is a wrong shape",
		cmpNr(EMRSecurityConfiguration, "sec", M{"configuration": 7}), Violation, "configuration has an unexpected shape"),

	// TLS-71 transfer-secure-protocols
	cmpOne("transfer-secure-protocols", "SFTP with a current policy passes",
		cmpNr(TransferServer, "sftp", M{"protocols": []any{"SFTP"}, "securityPolicyName": "TransferSecurityPolicy-2024-01", "endpointType": "VPC"}), "", ""),
	cmpOne("transfer-secure-protocols", "plain FTP fails",
		cmpNr(TransferServer, "sftp", M{"protocols": []any{"SFTP", "FTP"}, "securityPolicyName": "TransferSecurityPolicy-2024-01"}), Violation, "protocols includes FTP"),
	cmpOne("transfer-secure-protocols", "an unset security policy fails stating the provider default",
		cmpNr(TransferServer, "sftp", M{"protocols": []any{"SFTP"}}), Violation, "the provider default is TransferSecurityPolicy-2018-11"),
	cmpOne("transfer-secure-protocols", "an old security policy fails",
		cmpNr(TransferServer, "sftp", M{"securityPolicyName": "TransferSecurityPolicy-2020-06"}), Violation, `securityPolicyName is "TransferSecurityPolicy-2020-06"`),
	cmpOne("transfer-secure-protocols", "an unknown security policy defers",
		cmpNr(TransferServer, "sftp", M{"securityPolicyName": unknown}), Deferred, "securityPolicyName is unknown"),
	cmpOne("transfer-secure-protocols", "protocols given as a string is a wrong shape",
		cmpNr(TransferServer, "sftp", M{"protocols": "SFTP", "securityPolicyName": "TransferSecurityPolicy-2024-01"}), Violation, "protocols has an unexpected shape"),

	// IAM-70 ec2-imdsv2-required
	cmpOne("ec2-imdsv2-required", "an instance requiring IMDSv2 passes", cmpNr(EC2Instance, "web", cmpOkInstance(nil)), "", ""),
	cmpOne("ec2-imdsv2-required", "an instance without metadataOptions fails, naming the AMI and account defaults",
		cmpNr(EC2Instance, "web", cmpOkInstance(M{"metadataOptions": nil})), Violation, "EC2 then takes the AMI's setting (required only when its ImdsSupport is v2.0) or the account's instance metadata defaults"),
	cmpOne("ec2-imdsv2-required", "httpTokens optional fails",
		cmpNr(EC2Instance, "web", cmpOkInstance(M{"metadataOptions": M{"httpTokens": "optional"}})), Violation, `metadataOptions.httpTokens is "optional"`),
	cmpOne("ec2-imdsv2-required", "a disabled metadata service passes",
		cmpNr(EC2Instance, "web", cmpOkInstance(M{"metadataOptions": M{"httpEndpoint": "disabled"}})), "", ""),
	cmpOne("ec2-imdsv2-required", "an instance from a launch template leaves IMDS to it",
		cmpNr(EC2Instance, "web", M{"launchTemplate": M{"name": "app"}}), "", ""),
	cmpOne("ec2-imdsv2-required", "unknown httpTokens defers",
		cmpNr(EC2Instance, "web", cmpOkInstance(M{"metadataOptions": M{"httpTokens": unknown}})), Deferred, "metadataOptions.httpTokens is unknown"),
	cmpOne("ec2-imdsv2-required", "metadataOptions that is not a map is a wrong shape",
		cmpNr(EC2Instance, "web", cmpOkInstance(M{"metadataOptions": "required"})), Violation, "metadataOptions.httpTokens has an unexpected shape"),
	cmpOne("ec2-imdsv2-required", "a launch template without httpTokens fails stating the provider default",
		cmpNr(EC2LaunchTemplate, "lt", cmpOkTemplate(M{"metadataOptions": M{"httpEndpoint": "enabled"}})), Violation, "the provider default is optional"),
	cmpOne("ec2-imdsv2-required", "a hop limit above 1 fails",
		cmpNr(EC2LaunchTemplate, "lt", cmpOkTemplate(M{"metadataOptions": M{"httpTokens": "required", "httpPutResponseHopLimit": 3}})), Violation, "httpPutResponseHopLimit is 3"),
	{rule: "ec2-imdsv2-required", name: "a hop limit of 2 passes when the stack allows it for container hosts",
		rs: []Resource{cmpNr(EC2LaunchTemplate, "lt", cmpOkTemplate(M{"metadataOptions": M{"httpTokens": "required", "httpPutResponseHopLimit": 2}}))}, params: map[string]any{"maxHopLimit": 2}},
	cmpOne("ec2-imdsv2-required", "a launch configuration without httpTokens fails",
		cmpNr(EC2LaunchConfiguration, "lc", cmpOkLaunchConfig(M{"metadataOptions": nil})), Violation, "the AWS default is optional"),
	cmpOne("ec2-imdsv2-required", "account metadata defaults requiring IMDSv2 pass",
		cmpNr(EC2MetadataDefaults, "imds", M{"httpTokens": "required"}), "", ""),
	cmpOne("ec2-imdsv2-required", "account metadata defaults left at no-preference fail",
		cmpNr(EC2MetadataDefaults, "imds", M{"httpEndpoint": "enabled"}), Violation, "the resource's default is no-preference"),

	// IAM-71 ec2-instance-profile
	cmpOne("ec2-instance-profile", "an instance with a profile passes", cmpNr(EC2Instance, "web", cmpOkInstance(nil)), "", ""),
	cmpOne("ec2-instance-profile", "an instance without a profile fails",
		cmpNr(EC2Instance, "web", cmpOkInstance(M{"iamInstanceProfile": nil})), Violation, "iamInstanceProfile is unset"),
	cmpOne("ec2-instance-profile", "a profile unknown at preview counts as set",
		cmpNr(EC2Instance, "web", cmpOkInstance(M{"iamInstanceProfile": unknown})), "", ""),
	cmpOne("ec2-instance-profile", "a profile that is a list is a wrong shape",
		cmpNr(EC2Instance, "web", cmpOkInstance(M{"iamInstanceProfile": []any{"a"}})), Violation, "iamInstanceProfile has an unexpected shape"),
	cmpOne("ec2-instance-profile", "a launch template profile naming neither arn nor name fails",
		cmpNr(EC2LaunchTemplate, "lt", cmpOkTemplate(M{"iamInstanceProfile": M{}})), Violation, "names neither arn nor name"),
	cmpOne("ec2-instance-profile", "a launch template profile given as a string is a wrong shape",
		cmpNr(EC2LaunchTemplate, "lt", cmpOkTemplate(M{"iamInstanceProfile": "app"})), Violation, "iamInstanceProfile has an unexpected shape"),
	cmpOne("ec2-instance-profile", "a launch configuration without a profile fails",
		cmpNr(EC2LaunchConfiguration, "lc", cmpOkLaunchConfig(M{"iamInstanceProfile": nil})), Violation, "iamInstanceProfile is unset"),

	// IAM-72 ec2-user-data-no-secrets
	cmpOne("ec2-user-data-no-secrets", "user data that fetches its secret at boot passes",
		cmpNr(EC2Instance, "web", cmpOkInstance(M{"userData": "#!/bin/bash\nexport DB_PASSWORD=$(aws secretsmanager get-secret-value --secret-id db --query SecretString --output text)\nSECRET_ARN=arn:aws:secretsmanager:us-east-1:1:secret:db\n"})), "", ""),
	cmpOne("ec2-user-data-no-secrets", "cloud-init booleans and an IMDSv2 token fetch are not secrets",
		cmpNr(EC2Instance, "web", cmpOkInstance(M{"userData": "#cloud-config\nusers:\n  - name: svc\n    lock_passwd: true\nssh_pwauth: false\nruncmd:\n  - TOKEN=`curl -X PUT http://169.254.169.254/latest/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 60'`\n"})), "", ""),
	cmpOne("ec2-user-data-no-secrets", "an AWS access key in user data fails without showing it",
		cmpNr(EC2Instance, "web", cmpOkInstance(M{"userData": "#!/bin/bash\nexport AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n"})), Violation, "userData contains an AWS access key ID (not shown)"),
	cmpOne("ec2-user-data-no-secrets", "a literal password fails",
		cmpNr(EC2Instance, "web", cmpOkInstance(M{"userData": "#!/bin/bash\necho 'DB_PASSWORD=hunter2' >> /etc/app.env\n"})), Violation, "a password or secret assignment"),
	cmpOne("ec2-user-data-no-secrets", "a base64 launch template carrying a private key fails",
		cmpNr(EC2LaunchTemplate, "lt", cmpOkTemplate(M{"userData": cmpB64("#!/bin/bash\ncat > /root/.ssh/id_rsa <<EOF\n-----BEGIN RSA PRIVATE KEY-----\nMIIE\nEOF\n")})), Violation, "a private key"),
	cmpOne("ec2-user-data-no-secrets", "gzip'd base64 user data is read too",
		cmpNr(EC2LaunchConfiguration, "lc", cmpOkLaunchConfig(M{"userDataBase64": cmpGzipB64("aws_secret_access_key = wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY12\n")})), Violation, "userDataBase64 contains an AWS secret access key"),
	cmpOne("ec2-user-data-no-secrets", "secret-marked user data with a key still fails, and says why",
		cmpNr(EC2Instance, "web", cmpOkInstance(M{"userData": secretOf{"export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE"}})), Violation, "marking it secret does not help"),
	cmpOne("ec2-user-data-no-secrets", "unknown user data defers",
		cmpNr(EC2Instance, "web", cmpOkInstance(M{"userData": unknown})), Deferred, "userData is unknown"),
	cmpOne("ec2-user-data-no-secrets", "user data that is not a string is a wrong shape",
		cmpNr(EC2Instance, "web", cmpOkInstance(M{"userData": 42})), Violation, "userData has an unexpected shape"),

	// IAM-73 emr-kerberos
	cmpOne("emr-kerberos", "a Kerberos cluster passes", cmpNr(EMRCluster, "emr", M{"kerberosAttributes": M{"realm": "EC2.INTERNAL", "kdcAdminPassword": secretOf{"p"}}}), "", ""),
	cmpOne("emr-kerberos", "a cluster without Kerberos fails", cmpNr(EMRCluster, "emr", M{"releaseLabel": "emr-7.1.0"}), Violation, "kerberosAttributes is unset"),
	cmpOne("emr-kerberos", "Kerberos attributes unknown at preview count as set", cmpNr(EMRCluster, "emr", M{"kerberosAttributes": unknown}), "", ""),
	cmpOne("emr-kerberos", "Kerberos attributes that are a string are a wrong shape", cmpNr(EMRCluster, "emr", M{"kerberosAttributes": "EC2.INTERNAL"}), Violation, "kerberosAttributes has an unexpected shape"),

	// NET-70 ec2-no-public-ip
	cmpOne("ec2-no-public-ip", "an instance in a private subnet passes", cmpNr(EC2Instance, "web", cmpOkInstance(nil)), "", ""),
	cmpOne("ec2-no-public-ip", "an instance asking for a public IP fails",
		cmpNr(EC2Instance, "web", cmpOkInstance(M{"associatePublicIpAddress": true})), Violation, "associatePublicIpAddress is true"),
	cmpOne("ec2-no-public-ip", "an instance without a subnet fails: the default VPC assigns public IPs",
		cmpNr(EC2Instance, "web", cmpOkInstance(M{"subnetId": nil})), Violation, "subnetId is unset, so EC2 launches the instance in the default VPC"),
	cmpOne("ec2-no-public-ip", "an unknown public IP flag defers",
		cmpNr(EC2Instance, "web", cmpOkInstance(M{"associatePublicIpAddress": unknown})), Deferred, "associatePublicIpAddress is unknown"),
	cmpOne("ec2-no-public-ip", "a public IP flag that is a list is a wrong shape",
		cmpNr(EC2Instance, "web", cmpOkInstance(M{"associatePublicIpAddress": []any{true}})), Violation, "associatePublicIpAddress has an unexpected shape"),
	cmpOne("ec2-no-public-ip", "a launch template interface with a public IP fails",
		cmpNr(EC2LaunchTemplate, "lt", cmpOkTemplate(M{"networkInterfaces": []any{M{"deviceIndex": 0, "associatePublicIpAddress": "true"}}})), Violation, "networkInterfaces[0].associatePublicIpAddress is true"),
	cmpOne("ec2-no-public-ip", "a launch template interface without cmpOne passes",
		cmpNr(EC2LaunchTemplate, "lt", cmpOkTemplate(M{"networkInterfaces": []any{M{"deviceIndex": 0, "associatePublicIpAddress": "false"}}})), "", ""),
	cmpOne("ec2-no-public-ip", "a launch configuration that does not turn public IPs off fails",
		cmpNr(EC2LaunchConfiguration, "lc", cmpOkLaunchConfig(M{"associatePublicIpAddress": nil})), Violation, "AWS then assigns a public IP in a default subnet"),
	cmpOne("ec2-no-public-ip", "an Auto Scaling group without subnets fails",
		cmpNr(ASGGroup, "asg", M{"minSize": 2, "maxSize": 4, "availabilityZones": []any{"us-east-1a", "us-east-1b"}}), Violation, "vpcZoneIdentifiers is unset"),
	cmpOne("ec2-no-public-ip", "an Auto Scaling group in subnets passes",
		cmpNr(ASGGroup, "asg", M{"minSize": 2, "maxSize": 4, "vpcZoneIdentifiers": []any{"subnet-a", "subnet-b"}}), "", ""),

	// NET-72 route-targets-scoped
	cmpOne("route-targets-scoped", "a default route to a NAT gateway passes",
		cmpNr(Route, "default", M{"routeTableId": "rtb-1", "destinationCidrBlock": "0.0.0.0/0", "natGatewayId": "nat-1"}), "", ""),
	cmpOne("route-targets-scoped", "a default route over a peering connection fails",
		cmpNr(Route, "peer", M{"routeTableId": "rtb-1", "destinationCidrBlock": "0.0.0.0/0", "vpcPeeringConnectionId": "pcx-1"}), Violation, "a default route goes to a VPC peering connection"),
	cmpOne("route-targets-scoped", "the peer's CIDR over a peering connection passes",
		cmpNr(Route, "peer", M{"routeTableId": "rtb-1", "destinationCidrBlock": "10.1.0.0/16", "vpcPeeringConnectionId": "pcx-1"}), "", ""),
	cmpOne("route-targets-scoped", "an IPv6 default route to an instance's interface fails",
		cmpNr(Route, "nat-instance", M{"routeTableId": "rtb-1", "destinationIpv6CidrBlock": "::/0", "networkInterfaceId": "eni-1"}), Violation, "the default route goes to a host (networkInterfaceId)"),
	cmpOne("route-targets-scoped", "an unknown destination to a peering connection defers",
		cmpNr(Route, "peer", M{"routeTableId": "rtb-1", "destinationCidrBlock": unknown, "vpcPeeringConnectionId": "pcx-1"}), Deferred, "destinationCidrBlock is unknown"),
	cmpOne("route-targets-scoped", "an inline default route over peering fails naming the route",
		cmpNr(EC2RouteTable, "rt", M{"vpcId": "vpc-1", "routes": []any{M{"cidrBlock": "10.0.0.0/8", "transitGatewayId": "tgw-1"}, M{"cidrBlock": "0.0.0.0/0", "vpcPeeringConnectionId": "pcx-1"}}}), Violation, "routes[1]: a default route goes to a VPC peering connection"),
	cmpOne("route-targets-scoped", "routes that are not a list are a wrong shape",
		cmpNr(EC2DefaultRouteTable, "rt", M{"defaultRouteTableId": "rtb-1", "routes": "0.0.0.0/0"}), Violation, "routes has an unexpected shape"),

	// NET-74 transfer-server-private
	cmpOne("transfer-server-private", "a VPC endpoint passes", cmpNr(TransferServer, "sftp", M{"endpointType": "VPC"}), "", ""),
	cmpOne("transfer-server-private", "an unset endpoint type fails stating the PUBLIC default", cmpNr(TransferServer, "sftp", M{}), Violation, "the provider default is PUBLIC"),
	cmpOne("transfer-server-private", "an unknown endpoint type defers", cmpNr(TransferServer, "sftp", M{"endpointType": unknown}), Deferred, "endpointType is unknown"),
	cmpOne("transfer-server-private", "an endpoint type that is a number is a wrong shape", cmpNr(TransferServer, "sftp", M{"endpointType": 1}), Violation, "endpointType has an unexpected shape"),

	// NET-75 images-not-public
	cmpOne("images-not-public", "snapshot block public access on for all sharing passes", cmpNr(EBSSnapshotBlockPublic, "bpa", M{"state": "block-all-sharing"}), "", ""),
	cmpOne("images-not-public", "blocking only new snapshot sharing fails", cmpNr(EBSSnapshotBlockPublic, "bpa", M{"state": "block-new-sharing"}), Violation, `state is "block-new-sharing"`),
	cmpOne("images-not-public", "an unknown block public access state defers", cmpNr(EBSSnapshotBlockPublic, "bpa", M{"state": unknown}), Deferred, "state is unknown"),
	cmpOne("images-not-public", "a public snapshot permission fails", cmpNr(EC2SnapshotVolumePerm, "share", M{"snapshotId": "snap-1", "accountId": "all"}), Violation, "makes the snapshot public"),
	cmpOne("images-not-public", "sharing a snapshot with an untrusted account fails", cmpNr(EC2SnapshotVolumePerm, "share", M{"snapshotId": "snap-1", "accountId": "444455556666"}), Violation, `"444455556666", which is not in the rule's trustedAccountIds`),
	{rule: "images-not-public", name: "sharing with a trusted account passes",
		rs: []Resource{cmpNr(EC2SnapshotVolumePerm, "share", M{"snapshotId": "snap-1", "accountId": "444455556666"})}, params: map[string]any{"trustedAccountIds": []any{"444455556666"}}},
	cmpOne("images-not-public", "a public AMI launch permission fails", cmpNr(EC2AMILaunchPermission, "ami-share", M{"imageId": "ami-1", "group": "all"}), Violation, "makes the AMI public (group all)"),
	cmpOne("images-not-public", "AMI block public access turned off fails", cmpNr(EC2ImageBlockPublicAccess, "ami-bpa", M{"state": "unblocked"}), Violation, `state is "unblocked"`),
	cmpOne("images-not-public", "an unknown share target defers", cmpNr(EC2SnapshotVolumePerm, "share", M{"snapshotId": "snap-1", "accountId": unknown}), Deferred, "accountId is unknown"),
	cmpOne("images-not-public", "an account ID that is a number is a wrong shape", cmpNr(EC2SnapshotVolumePerm, "share", M{"snapshotId": "snap-1", "accountId": 444455556666}), Violation, "accountId has an unexpected shape"),

	// NET-76 transit-gateway-manual-acceptance
	cmpOne("transit-gateway-manual-acceptance", "the default (disable) passes", cmpNr(TransitGateway, "tgw", M{"autoAcceptSharedAttachments": "disable"}), "", ""),
	cmpOne("transit-gateway-manual-acceptance", "auto-accepting attachments fails", cmpNr(TransitGateway, "tgw", M{"autoAcceptSharedAttachments": "enable"}), Violation, "autoAcceptSharedAttachments is enable"),
	cmpOne("transit-gateway-manual-acceptance", "an unknown setting defers", cmpNr(TransitGateway, "tgw", M{"autoAcceptSharedAttachments": unknown}), Deferred, "autoAcceptSharedAttachments is unknown"),
	cmpOne("transit-gateway-manual-acceptance", "a bool is a wrong shape", cmpNr(TransitGateway, "tgw", M{"autoAcceptSharedAttachments": true}), Violation, "autoAcceptSharedAttachments has an unexpected shape"),

	// AVL-72 asg-launch-template
	cmpOne("asg-launch-template", "a launch template passes", cmpNr(ASGGroup, "asg", M{"launchTemplate": M{"id": "lt-1", "version": "$Latest"}}), "", ""),
	cmpOne("asg-launch-template", "a mixed instances policy's template passes",
		cmpNr(ASGGroup, "asg", M{"mixedInstancesPolicy": M{"launchTemplate": M{"launchTemplateSpecification": M{"launchTemplateId": "lt-1"}}}}), "", ""),
	cmpOne("asg-launch-template", "a launch configuration fails", cmpNr(ASGGroup, "asg", M{"launchConfiguration": "lc-1"}), Violation, "launches from a launch configuration"),
	cmpOne("asg-launch-template", "a launch template unknown at preview counts as set", cmpNr(ASGGroup, "asg", M{"launchTemplate": unknown}), "", ""),
	cmpOne("asg-launch-template", "a launch template given as a string is a wrong shape", cmpNr(ASGGroup, "asg", M{"launchTemplate": "lt-1"}), Violation, "launchTemplate has an unexpected shape"),

	// AVL-74 beanstalk-managed-updates
	cmpOne("beanstalk-managed-updates", "managed updates at the minor level pass", cmpNr(EBEnvironment, "eb", M{"application": "app", "settings": cmpEbOK}), "", ""),
	cmpOne("beanstalk-managed-updates", "no managed-updates setting fails stating the default",
		cmpNr(EBEnvironment, "eb", M{"application": "app", "settings": []any{cmpEbSet("aws:elasticbeanstalk:managedactions:platformupdate", "UpdateLevel", "minor")}}), Violation, "ManagedActionsEnabled is unset (Elastic Beanstalk's default is false"),
	cmpOne("beanstalk-managed-updates", "managed updates turned off fail",
		cmpNr(EBEnvironment, "eb", M{"application": "app", "settings": append([]any{}, append(cmpEbOK, cmpEbSet("aws:elasticbeanstalk:managedactions", "ManagedActionsEnabled", "false"))...)}), Violation, `ManagedActionsEnabled is "false"`),
	cmpOne("beanstalk-managed-updates", "an environment built from a saved configuration leaves unset options to it",
		cmpNr(EBEnvironment, "eb", M{"application": "app", "templateName": "hardened"}), "", ""),
	cmpOne("beanstalk-managed-updates", "a configuration template without managed updates fails",
		cmpNr(EBConfigurationTemplate, "tpl", M{"application": "app", "settings": []any{}}), Violation, "ManagedActionsEnabled is unset"),
	cmpOne("beanstalk-managed-updates", "an unknown setting value defers",
		cmpNr(EBEnvironment, "eb", M{"application": "app", "settings": []any{cmpEbSet("aws:elasticbeanstalk:managedactions", "ManagedActionsEnabled", unknown), cmpEbSet("aws:elasticbeanstalk:managedactions:platformupdate", "UpdateLevel", "patch")}}), Deferred, "settings[0].value is unknown"),
	cmpOne("beanstalk-managed-updates", "settings that are not a list are a wrong shape",
		cmpNr(EBEnvironment, "eb", M{"application": "app", "settings": "managed"}), Violation, "settings has an unexpected shape"),

	// TLS-72 beanstalk-https-only
	cmpOne("beanstalk-https-only", "an ALB with an HTTPS listener and port 80 off passes", cmpNr(EBEnvironment, "eb", M{"settings": cmpEbHTTPS}), "", ""),
	cmpOne("beanstalk-https-only", "an ALB without an HTTPS listener fails",
		cmpNr(EBEnvironment, "eb", M{"settings": cmpEbHTTPS[:1]}), Violation, "no aws:elbv2:listener:<port> listener serves HTTPS with a certificate"),
	cmpOne("beanstalk-https-only", "leaving the default HTTP listener on fails stating the default",
		cmpNr(EBEnvironment, "eb", M{"settings": cmpEbHTTPS[:3]}), Violation, "ListenerEnabled defaults to true"),
	cmpOne("beanstalk-https-only", "the classic default (no LoadBalancerType) needs an HTTPS classic listener",
		cmpNr(EBEnvironment, "eb", M{"settings": []any{}}), Violation, "no aws:elb:listener:<port> listener serves HTTPS"),
	cmpOne("beanstalk-https-only", "a network load balancer fails", cmpNr(EBEnvironment, "eb", M{"settings": []any{cmpEbSet("aws:elasticbeanstalk:environment", "LoadBalancerType", "network")}}), Violation, "passes TCP through without TLS termination"),
	cmpOne("beanstalk-https-only", "a single instance fails: its TLS is not in the program", cmpNr(EBEnvironment, "eb", M{"settings": []any{cmpEbSet("aws:elasticbeanstalk:environment", "EnvironmentType", "SingleInstance")}}), Violation, "single-instance environment serves HTTP"),
	cmpOne("beanstalk-https-only", "a worker environment has no listener to judge", cmpNr(EBEnvironment, "eb", M{"tier": "Worker", "settings": []any{}}), "", ""),
	cmpOne("beanstalk-https-only", "unknown settings defer", cmpNr(EBEnvironment, "eb", M{"settings": unknown}), Deferred, "settings is unknown"),
	cmpOne("beanstalk-https-only", "settings that are a string are a wrong shape", cmpNr(EBEnvironment, "eb", M{"settings": "https"}), Violation, "settings has an unexpected shape"),

	// AVL-75 ec2-ebs-optimized
	cmpOne("ec2-ebs-optimized", "a current type left at its default passes", cmpNr(EC2Instance, "web", cmpOkInstance(nil)), "", ""),
	cmpOne("ec2-ebs-optimized", "turning EBS optimization off fails", cmpNr(EC2Instance, "web", cmpOkInstance(M{"ebsOptimized": false})), Violation, "ebsOptimized is false"),
	cmpOne("ec2-ebs-optimized", "an opt-in type without it fails", cmpNr(EC2Instance, "web", cmpOkInstance(M{"instanceType": "m3.xlarge"})), Violation, "instance type m3.xlarge supports EBS optimization but does not default to it"),
	cmpOne("ec2-ebs-optimized", "a launch template's string \"false\" fails", cmpNr(EC2LaunchTemplate, "lt", cmpOkTemplate(M{"ebsOptimized": "false"})), Violation, "ebsOptimized is false"),
	cmpOne("ec2-ebs-optimized", "an unknown flag defers", cmpNr(EC2Instance, "web", cmpOkInstance(M{"ebsOptimized": unknown})), Deferred, "ebsOptimized is unknown"),
	cmpOne("ec2-ebs-optimized", "a flag that is a map is a wrong shape", cmpNr(EC2Instance, "web", cmpOkInstance(M{"ebsOptimized": M{}})), Violation, "ebsOptimized has an unexpected shape"),

	// LOG-70 ec2-detailed-monitoring
	cmpOne("ec2-detailed-monitoring", "monitoring on passes", cmpNr(EC2Instance, "web", cmpOkInstance(nil)), "", ""),
	cmpOne("ec2-detailed-monitoring", "monitoring unset fails stating the EC2 default",
		cmpNr(EC2Instance, "web", cmpOkInstance(M{"monitoring": nil})), Violation, "monitoring is unset (EC2 defaults to basic five-minute metrics)"),
	cmpOne("ec2-detailed-monitoring", "unknown monitoring defers", cmpNr(EC2Instance, "web", cmpOkInstance(M{"monitoring": unknown})), Deferred, "monitoring is unknown"),
	cmpOne("ec2-detailed-monitoring", "monitoring given as a list is a wrong shape", cmpNr(EC2Instance, "web", cmpOkInstance(M{"monitoring": []any{}})), Violation, "monitoring has an unexpected shape"),
	cmpOne("ec2-detailed-monitoring", "a launch template without monitoring fails", cmpNr(EC2LaunchTemplate, "lt", cmpOkTemplate(M{"monitoring": nil})), Violation, "monitoring.enabled is unset"),
	cmpOne("ec2-detailed-monitoring", "a launch configuration turning monitoring off fails", cmpNr(EC2LaunchConfiguration, "lc", cmpOkLaunchConfig(M{"enableMonitoring": false})), Violation, "enableMonitoring is false"),
	cmpOne("ec2-detailed-monitoring", "a launch configuration keeps monitoring by default", cmpNr(EC2LaunchConfiguration, "lc", cmpOkLaunchConfig(nil)), "", ""),

	// LOG-71 emr-logging
	cmpOne("emr-logging", "a log URI passes", cmpNr(EMRCluster, "emr", M{"logUri": "s3://logs/emr/"}), "", ""),
	cmpOne("emr-logging", "no log URI fails", cmpNr(EMRCluster, "emr", M{}), Violation, "logUri is unset"),
	cmpOne("emr-logging", "an unknown log URI counts as set", cmpNr(EMRCluster, "emr", M{"logUri": unknown}), "", ""),
	cmpOne("emr-logging", "a log URI that is a number is a wrong shape", cmpNr(EMRCluster, "emr", M{"logUri": 3}), Violation, "logUri has an unexpected shape"),

	// LOG-72 beanstalk-enhanced-health
	cmpOne("beanstalk-enhanced-health", "enhanced health passes", cmpNr(EBEnvironment, "eb", M{"settings": cmpEbOK}), "", ""),
	cmpOne("beanstalk-enhanced-health", "no health setting fails stating the basic default", cmpNr(EBEnvironment, "eb", M{"settings": []any{}}), Violation, "SystemType is unset (Elastic Beanstalk's default is basic)"),
	cmpOne("beanstalk-enhanced-health", "basic health fails", cmpNr(EBEnvironment, "eb", M{"settings": []any{cmpEbSet("aws:elasticbeanstalk:healthreporting:system", "SystemType", "basic")}}), Violation, `SystemType is "basic"`),
	cmpOne("beanstalk-enhanced-health", "unknown settings defer", cmpNr(EBEnvironment, "eb", M{"settings": unknown}), Deferred, "settings is unknown"),
	cmpOne("beanstalk-enhanced-health", "a setting value that is a map is a wrong shape",
		cmpNr(EBEnvironment, "eb", M{"settings": []any{cmpEbSet("aws:elasticbeanstalk:healthreporting:system", "SystemType", M{})}}), Violation, "settings[0].value has an unexpected shape"),

	// LOG-73 beanstalk-logs-to-cloudwatch
	cmpOne("beanstalk-logs-to-cloudwatch", "streamed logs kept a year pass", cmpNr(EBEnvironment, "eb", M{"settings": cmpEbOK}), "", ""),
	cmpOne("beanstalk-logs-to-cloudwatch", "no streaming fails stating the default", cmpNr(EBEnvironment, "eb", M{"settings": []any{cmpEbSet("aws:elasticbeanstalk:cloudwatch:logs", "RetentionInDays", "365")}}), Violation, "StreamLogs is unset (Elastic Beanstalk's default is false)"),
	cmpOne("beanstalk-logs-to-cloudwatch", "the 7-day default retention fails",
		cmpNr(EBEnvironment, "eb", M{"settings": []any{cmpEbSet("aws:elasticbeanstalk:cloudwatch:logs", "StreamLogs", true)}}), Violation, "RetentionInDays is unset (Elastic Beanstalk's default is 7 days)"),
	cmpOne("beanstalk-logs-to-cloudwatch", "a short retention fails",
		cmpNr(EBEnvironment, "eb", M{"settings": []any{cmpEbSet("aws:elasticbeanstalk:cloudwatch:logs", "StreamLogs", "true"), cmpEbSet("aws:elasticbeanstalk:cloudwatch:logs", "RetentionInDays", 30)}}), Violation, `RetentionInDays is "30"`),
	cmpOne("beanstalk-logs-to-cloudwatch", "an unknown setting entry defers",
		cmpNr(EBEnvironment, "eb", M{"settings": []any{unknown}}), Deferred, "settings[0] is unknown"),
	cmpOne("beanstalk-logs-to-cloudwatch", "settings that are a map are a wrong shape", cmpNr(EBEnvironment, "eb", M{"settings": M{"StreamLogs": "true"}}), Violation, "settings has an unexpected shape"),

	// LOG-74 client-vpn-connection-logs
	cmpOne("client-vpn-connection-logs", "connection logging passes",
		cmpNr(ClientVPNEndpoint, "vpn", M{"connectionLogOptions": M{"enabled": true, "cloudwatchLogGroup": "vpn-connections"}}), "", ""),
	cmpOne("client-vpn-connection-logs", "connection logging off fails", cmpNr(ClientVPNEndpoint, "vpn", M{"connectionLogOptions": M{"enabled": false}}), Violation, "connectionLogOptions.enabled is false"),
	cmpOne("client-vpn-connection-logs", "unknown logging defers", cmpNr(ClientVPNEndpoint, "vpn", M{"connectionLogOptions": M{"enabled": unknown}}), Deferred, "connectionLogOptions.enabled is unknown"),
	cmpOne("client-vpn-connection-logs", "options that are a string are a wrong shape", cmpNr(ClientVPNEndpoint, "vpn", M{"connectionLogOptions": "on"}), Violation, "connectionLogOptions.enabled has an unexpected shape"),

	// TAG-70 asg-tags-propagated
	cmpOne("asg-tags-propagated", "all four tags propagated pass", cmpNr(ASGGroup, "asg", M{"tags": cmpAsgTags(true, cmpAllASGTags...)}), "", ""),
	cmpOne("asg-tags-propagated", "tags not propagated fail", cmpNr(ASGGroup, "asg", M{"tags": cmpAsgTags(false, cmpAllASGTags...)}), Violation, "tags DataClassification, Owner, Environment, Service do not reach the instances"),
	cmpOne("asg-tags-propagated", "a missing classification fails", cmpNr(ASGGroup, "asg", M{"tags": cmpAsgTags(true, "Owner", "Environment", "Service")}), Violation, "tags DataClassification do not reach"),
	cmpOne("asg-tags-propagated", "unknown tags defer", cmpNr(ASGGroup, "asg", M{"tags": unknown}), Deferred, "tags is unknown"),
	cmpOne("asg-tags-propagated", "tags as a map are a wrong shape", cmpNr(ASGGroup, "asg", M{"tags": M{"DataClassification": "PHI"}}), Violation, "tags has an unexpected shape"),

	// NET-71 nacl-no-world-admin-ports (stack)
	{rule: "nacl-no-world-admin-ports", name: "a public-tier ACL that denies admin ports before the ephemeral range passes",
		rs: []Resource{cmpNacl(cmpNaclIn(100, "allow", "tcp", 443, 443, "0.0.0.0/0"), cmpNaclIn(105, "deny", "tcp", 20, 22, "0.0.0.0/0"), cmpNaclIn(110, "deny", "tcp", 3389, 3389, "0.0.0.0/0"),
			cmpNaclIn(120, "allow", "tcp", 1024, 65535, "0.0.0.0/0"), cmpNaclIn(130, "allow", "tcp", 22, 22, "10.0.0.0/8"))}},
	{rule: "nacl-no-world-admin-ports", name: "an allow-all entry fails", rs: []Resource{cmpNacl(cmpNaclIn(100, "allow", "-1", 0, 0, "0.0.0.0/0"))},
		want: Violation, text: "ingress ingress[0] (rule 100) lets the internet in on every port and protocol, TCP port 20, TCP port 21, TCP port 22, TCP port 3389"},
	{rule: "nacl-no-world-admin-ports", name: "an ephemeral range with no deny in front exposes RDP", rs: []Resource{cmpNacl(cmpNaclIn(120, "allow", "6", 1024, 65535, "0.0.0.0/0"))},
		want: Violation, text: "lets the internet in on TCP port 3389"},
	{rule: "nacl-no-world-admin-ports", name: "SSH from ::/0 fails", rs: []Resource{cmpNacl(cmpNaclIn(100, "allow", "tcp", 22, 22, "::/0"))},
		want: Violation, text: "TCP port 22"},
	{rule: "nacl-no-world-admin-ports", name: "a default ACL keeping AWS's allow-all fails",
		rs:   []Resource{cmpNr(EC2DefaultNetworkACL, "default-acl", M{"defaultNetworkAclId": "acl-0", "ingress": []any{cmpNaclIn(100, "allow", "all", 0, 0, "0.0.0.0/0")}})},
		want: Violation, text: "every port and protocol"},
	{rule: "nacl-no-world-admin-ports", name: "separate rules are ordered by rule number across resources",
		rs:   []Resource{cmpNacl(), cmpNaclRule("deny-rdp", 90, "deny", "tcp", 3389, 3389, "0.0.0.0/0"), cmpNaclRule("ephemeral", 100, "allow", "tcp", 1024, 65535, "0.0.0.0/0")},
		deps: map[int]map[string][]int{1: {"networkAclId": {0}}, 2: {"networkAclId": {0}}}},
	{rule: "nacl-no-world-admin-ports", name: "a separate rule without the deny fails on the rule",
		rs:   []Resource{cmpNacl(), cmpNaclRule("ephemeral", 100, "allow", "tcp", 1024, 65535, "0.0.0.0/0")},
		deps: map[int]map[string][]int{1: {"networkAclId": {0}}}, want: Violation, text: "ingress rule 100 lets the internet in on TCP port 3389", on: "ephemeral"},
	{rule: "nacl-no-world-admin-ports", name: "egress rules are not ingress",
		rs: []Resource{cmpNr(EC2NetworkACLRule, "out", M{"networkAclId": "acl-1", "ruleNumber": 100, "ruleAction": "allow", "protocol": "-1", "cidrBlock": "0.0.0.0/0", "egress": true})}},
	{rule: "nacl-no-world-admin-ports", name: "an unknown CIDR ahead of the decision defers",
		rs:   []Resource{cmpNacl(M{"ruleNo": 100, "action": "allow", "protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlock": unknown})},
		want: Deferred, text: "ingress[0].cidrBlock is unknown"},
	{rule: "nacl-no-world-admin-ports", name: "ingress that is not a list is a wrong shape",
		rs: []Resource{cmpNr(EC2NetworkACL, "acl", M{"vpcId": "vpc-1", "ingress": "0.0.0.0/0"})}, want: Violation, text: "ingress has an unexpected shape"},

	// NET-73 emr-private (stack)
	{rule: "emr-private", name: "a cluster in a private subnet passes",
		rs:   []Resource{cmpNr(EMRCluster, "emr", M{"ec2Attributes": M{"subnetId": unknown, "instanceProfile": "emr"}}), cmpNr(Subnet, "private-a", M{"mapPublicIpOnLaunch": false, "tags": M{"Tier": "private"}})},
		deps: map[int]map[string][]int{0: {"ec2Attributes": {1}}}},
	{rule: "emr-private", name: "a cluster in a subnet that assigns public IPs fails",
		rs:   []Resource{cmpNr(EMRCluster, "emr", M{"ec2Attributes": M{"subnetId": "subnet-pub", "instanceProfile": "emr"}}), cmpNr(Subnet, "public-a", M{"mapPublicIpOnLaunch": true, "id": "subnet-pub"})},
		want: Violation, text: "which assigns public IPs, so the master node gets one"},
	{rule: "emr-private", name: "a cluster in the public tier fails",
		rs:   []Resource{cmpNr(EMRCluster, "emr", M{"ec2Attributes": M{"subnetIds": []any{"subnet-pub"}}}), cmpNr(Subnet, "public-a", M{"tags": M{"Tier": "public"}, "id": "subnet-pub"})},
		want: Violation, text: "runs in the public-tier subnet public-a"},
	{rule: "emr-private", name: "a cluster without a subnet fails: the default VPC is public",
		rs: []Resource{cmpNr(EMRCluster, "emr", M{"ec2Attributes": M{"instanceProfile": "emr"}})}, want: Violation, text: "names no subnet"},
	{rule: "emr-private", name: "a subnet whose public IP setting is unknown defers",
		rs:   []Resource{cmpNr(EMRCluster, "emr", M{"ec2Attributes": M{"subnetId": unknown}}), cmpNr(Subnet, "a", M{"mapPublicIpOnLaunch": unknown})},
		deps: map[int]map[string][]int{0: {"ec2Attributes": {1}}}, want: Deferred, text: "mapPublicIpOnLaunch is unknown", on: "a"},
	{rule: "emr-private", name: "ec2Attributes that are a list are a wrong shape",
		rs: []Resource{cmpNr(EMRCluster, "emr", M{"ec2Attributes": []any{"subnet-1"}})}, want: Violation, text: "ec2Attributes has an unexpected shape"},
	{rule: "emr-private", name: "block public access turned off fails",
		rs: []Resource{cmpNr(EMRBlockPublicAccess, "emr-bpa", M{"blockPublicSecurityGroupRules": false})}, want: Violation, text: "blockPublicSecurityGroupRules is false"},

	// AVL-70 asg-elb-health-check (stack)
	{rule: "asg-elb-health-check", name: "a group behind a target group with ELB checks passes",
		rs: []Resource{cmpNr(ASGGroup, "asg", M{"targetGroupArns": []any{"arn:tg"}, "healthCheckType": "ELB"})}},
	{rule: "asg-elb-health-check", name: "a group behind a target group on EC2 checks fails stating the default",
		rs: []Resource{cmpNr(ASGGroup, "asg", M{"targetGroupArns": []any{"arn:tg"}})}, want: Violation, text: "healthCheckType is unset (the default is EC2"},
	{rule: "asg-elb-health-check", name: "a group attached through an autoscaling.Attachment fails on EC2 checks",
		rs:   []Resource{cmpNr(ASGGroup, "asg", M{"healthCheckType": "EC2"}), cmpNr(ASGAttachment, "att", M{"autoscalingGroupName": unknown, "lbTargetGroupArn": "arn:tg"})},
		deps: map[int]map[string][]int{1: {"autoscalingGroupName": {0}}}, want: Violation, text: `healthCheckType is "EC2"`, on: "asg"},
	{rule: "asg-elb-health-check", name: "a group with no load balancer is not judged", rs: []Resource{cmpNr(ASGGroup, "asg", M{"minSize": 1})}},
	{rule: "asg-elb-health-check", name: "an unknown health check type defers",
		rs: []Resource{cmpNr(ASGGroup, "asg", M{"targetGroupArns": []any{"arn:tg"}, "healthCheckType": unknown})}, want: Deferred, text: "healthCheckType is unknown"},
	{rule: "asg-elb-health-check", name: "a health check type that is a bool is a wrong shape",
		rs: []Resource{cmpNr(ASGGroup, "asg", M{"loadBalancers": []any{"clb"}, "healthCheckType": true})}, want: Violation, text: "healthCheckType has an unexpected shape"},

	// AVL-71 asg-multi-az (stack)
	{rule: "asg-multi-az", name: "subnets in two AZs pass",
		rs:   []Resource{cmpNr(ASGGroup, "asg", M{"vpcZoneIdentifiers": []any{unknown, unknown}}), cmpNr(Subnet, "a", M{"availabilityZone": "us-east-1a"}), cmpNr(Subnet, "b", M{"availabilityZone": "us-east-1b"})},
		deps: map[int]map[string][]int{0: {"vpcZoneIdentifiers": {1, 2}}}},
	{rule: "asg-multi-az", name: "cmpOne subnet fails", rs: []Resource{cmpNr(ASGGroup, "asg", M{"vpcZoneIdentifiers": []any{"subnet-a"}})}, want: Violation, text: "lists 1 subnet(s)"},
	{rule: "asg-multi-az", name: "two subnets in one AZ fail",
		rs:   []Resource{cmpNr(ASGGroup, "asg", M{"vpcZoneIdentifiers": []any{unknown, unknown}}), cmpNr(Subnet, "a", M{"availabilityZone": "us-east-1a"}), cmpNr(Subnet, "a2", M{"availabilityZone": "us-east-1a"})},
		deps: map[int]map[string][]int{0: {"vpcZoneIdentifiers": {1, 2}}}, want: Violation, text: "every subnet in vpcZoneIdentifiers is in us-east-1a"},
	{rule: "asg-multi-az", name: "subnets unknown at preview defer", rs: []Resource{cmpNr(ASGGroup, "asg", M{"vpcZoneIdentifiers": unknown})}, want: Deferred, text: "vpcZoneIdentifiers is unknown"},
	{rule: "asg-multi-az", name: "subnets as a string are a wrong shape", rs: []Resource{cmpNr(ASGGroup, "asg", M{"vpcZoneIdentifiers": "subnet-a,subnet-b"})}, want: Violation, text: "vpcZoneIdentifiers has an unexpected shape"},

	// AVL-73 ec2-in-backup-plan (stack)
	{rule: "ec2-in-backup-plan", name: "a volume and an instance named by a selection pass",
		rs:   []Resource{cmpNr(EBSVolume, "data", M{}), cmpNr(EC2Instance, "web", M{}), cmpNr(BackupSelection, "sel", M{"resources": []any{unknown, unknown}})},
		deps: map[int]map[string][]int{2: {"resources": {0, 1}}}},
	{rule: "ec2-in-backup-plan", name: "an unselected volume fails",
		rs: []Resource{cmpNr(EBSVolume, "data", M{})}, want: Violation, text: "no AWS Backup selection covers the volume"},
	{rule: "ec2-in-backup-plan", name: "an instance selected by tag passes",
		rs: []Resource{cmpNr(EC2Instance, "web", M{"tags": M{"Backup": "daily"}}), cmpNr(BackupSelection, "sel", M{"selectionTags": []any{M{"type": "STRINGEQUALS", "key": "Backup", "value": "daily"}}})}},
	{rule: "ec2-in-backup-plan", name: "a selection of every volume covers them",
		rs: []Resource{cmpNr(EBSVolume, "data", M{}), cmpNr(BackupSelection, "sel", M{"resources": []any{"arn:aws:ec2:*:*:volume/*"}})}},
	{rule: "ec2-in-backup-plan", name: "selection resources given as a string are a wrong shape",
		rs:   []Resource{cmpNr(EBSVolume, "data", M{}), cmpNr(BackupSelection, "sel", M{"resources": "arn:aws:ec2:us-east-1:1:volume/vol-1"})},
		deps: map[int]map[string][]int{1: {"resources": {0}}}, want: Violation, text: "resources has an unexpected shape", on: "sel"},
	{rule: "ec2-in-backup-plan", name: "selection tags unknown at preview defer",
		rs: []Resource{cmpNr(EC2Instance, "web", M{}), cmpNr(BackupSelection, "sel", M{"selectionTags": unknown})}, want: Deferred, text: "selectionTags is unknown", on: "sel"},
}

// computeRuleNames are the rules this file tests.
func computeRuleNames() []string {
	var out []string
	for _, r := range computeRules {
		out = append(out, r.Name)
	}
	return out
}

func TestComputeRulesGiveExactVerdicts(t *testing.T) {
	for _, tc := range computeCases {
		t.Run(tc.rule+"/"+tc.name, func(t *testing.T) {
			r := ByName(tc.rule)
			if r == nil {
				t.Fatalf("no rule %s", tc.rule)
			}
			rs := stack(append([]Resource(nil), tc.rs...), tc.deps)
			var got []Finding
			if r.Scope == ScopeStack {
				got = RunStack(r, NewStack(rs), tc.params)
			} else {
				got = RunResource(r, &rs[0], tc.params)
			}
			if tc.want == "" {
				if len(got) != 0 {
					t.Fatalf("want no findings, got %+v", got)
				}
				return
			}
			on := tc.on
			if on == "" {
				on = tc.rs[0].Name
			}
			matched := false
			for _, f := range got {
				if f.Rule != tc.rule || f.Outcome != tc.want || f.Name != on {
					t.Errorf("finding %s %s on %s, want %s %s on %s: %s", f.Rule, f.Outcome, f.Name, tc.rule, tc.want, on, f.Message)
				}
				if strings.Contains(f.Message, "could not evaluate") {
					t.Fatalf("the rule panicked: %s", f.Message)
				}
				matched = matched || strings.Contains(f.Message, tc.text)
			}
			if len(got) == 0 || !matched {
				t.Fatalf("want a %s containing %q, got %+v", tc.want, tc.text, got)
			}
			if tc.want == Violation && !strings.Contains(got[0].Message, r.Controls()) {
				t.Errorf("message lacks the controls %s: %s", r.Controls(), got[0].Message)
			}
		})
	}
}

// Every compute rule has a compliant, a violating, an unknown and a
// wrong-shape case above.
func TestEveryComputeRuleHasItsFourCases(t *testing.T) {
	type kinds struct{ ok, bad, unknown, shape bool }
	seen := map[string]*kinds{}
	for _, tc := range computeCases {
		k := seen[tc.rule]
		if k == nil {
			k = &kinds{}
			seen[tc.rule] = k
		}
		switch {
		case tc.want == "" && strings.Contains(tc.name, "unknown"):
			k.unknown = true // a presence check: unknown counts as set
		case tc.want == "":
			k.ok = true
		case tc.want == Deferred:
			k.unknown = true
		case strings.Contains(tc.text, "unexpected shape"):
			k.shape = true
		default:
			k.bad = true
		}
	}
	for _, n := range computeRuleNames() {
		k := seen[n]
		if k == nil || !k.ok || !k.bad || !k.unknown || !k.shape {
			t.Errorf("%s: cases compliant/violating/unknown/wrong-shape = %+v", n, k)
		}
	}
}

func TestUserDataSecretsAreNeverShown(t *testing.T) {
	for _, data := range []any{
		"export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
		secretOf{"DB_PASSWORD=hunter2-very-secret"},
		cmpB64("aws_secret_access_key=wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY12"),
	} {
		r := cmpNr(EC2LaunchTemplate, "lt", M{"userData": data})
		got := RunResource(ByName("ec2-user-data-no-secrets"), &r, nil)
		if len(got) != 1 || got[0].Outcome != Violation {
			t.Fatalf("%v: want one violation, got %+v", data, got)
		}
		for _, leak := range []string{"AKIAIOSFODNN7EXAMPLE", "hunter2", "wJalrXUtnFEMI"} {
			if strings.Contains(got[0].Message, leak) {
				t.Errorf("the message shows the secret: %s", got[0].Message)
			}
		}
	}
}

// The compute rules join the generic tables, so the catalog-wide tests
// (every rule has a case; unknown values defer or count as present) run
// over them too: per rule, the first resource type with a compliant, a
// violating and an unknown case.
func init() {
	for _, n := range []string{"ec2-instance-profile", "emr-kerberos", "emr-logging", "asg-launch-template", "emr-encryption-at-rest"} {
		presenceOnly[n] = true
	}
	for _, tc := range computeCases {
		if tc.want == Violation {
			registerViolating(tc.rule, stack(append([]Resource(nil), tc.rs...), tc.deps)...)
		}
	}
	type picked struct{ ok, bad, unsure *computeCase }
	picks := map[string]*picked{} // rule + type
	var keys []string
	for i := range computeCases {
		tc := &computeCases[i]
		if tc.params != nil {
			continue
		}
		stackRule := ByName(tc.rule).Scope == ScopeStack
		key := tc.rule + "|" + tc.rs[0].Type
		if stackRule {
			key = tc.rule + "|"
		}
		p := picks[key]
		if p == nil {
			p = &picked{}
			picks[key] = p
			keys = append(keys, key)
		}
		if !stackRule && (len(tc.rs) != 1 || tc.deps != nil) {
			continue
		}
		unknownOK := tc.want == "" && strings.Contains(tc.name, "unknown")
		switch {
		case tc.want == "" && !unknownOK && p.ok == nil:
			p.ok = tc
		case tc.want == Violation && !strings.Contains(tc.text, "unexpected shape") && p.bad == nil:
			p.bad = tc
		case (tc.want == Deferred || unknownOK) && p.unsure == nil:
			p.unsure = tc
		}
	}
	done := map[string]bool{}
	for _, key := range keys {
		rule, typ, _ := strings.Cut(key, "|")
		p := picks[key]
		if done[rule] || p.ok == nil || p.bad == nil || p.unsure == nil {
			continue // TestEveryComputeRuleHasItsFourCases reports a rule with none
		}
		done[rule] = true
		if typ == "" {
			stackCases = append(stackCases, stackCase{rule, fixture{p.ok.rs, p.ok.deps}, fixture{p.bad.rs, p.bad.deps}, fixture{p.unsure.rs, p.unsure.deps}})
			continue
		}
		resourceCases = append(resourceCases, ruleCase{rule, typ, cmpPropsOf(p.ok.rs[0].Props), cmpPropsOf(p.bad.rs[0].Props), cmpPropsOf(p.unsure.rs[0].Props)})
	}
}

// cmpPropsOf turns a property map back into the fixture form val() reads.
func cmpPropsOf(m property.Map) M {
	out := M{}
	for k, v := range m.All {
		out[k] = cmpPlainFixture(v)
	}
	return out
}

func cmpPlainFixture(v property.Value) any {
	var out any
	switch {
	case v.IsComputed():
		return unknown
	case v.IsMap():
		out = cmpPropsOf(v.AsMap())
	case v.IsArray():
		arr := []any{}
		for _, e := range v.AsArray().All {
			arr = append(arr, cmpPlainFixture(e))
		}
		out = arr
	case v.IsString():
		out = v.AsString()
	case v.IsNumber():
		out = v.AsNumber()
	case v.IsBool():
		out = v.AsBool()
	}
	if v.Secret() {
		return secretOf{out}
	}
	return out
}

// cmpKeys are the inputs the compute rules read, so random maps reach them.
var cmpKeys = []string{"metadataOptions", "httpTokens", "httpEndpoint", "httpPutResponseHopLimit", "rootBlockDevice", "ebsBlockDevices",
	"encrypted", "kmsKeyId", "snapshotId", "blockDeviceMappings", "ebs", "networkInterfaces", "associatePublicIpAddress", "subnetId",
	"launchTemplate", "iamInstanceProfile", "arn", "userData", "userDataBase64", "monitoring", "enabled", "ebsOptimized", "instanceType",
	"ingress", "ruleNo", "ruleNumber", "action", "ruleAction", "protocol", "fromPort", "toPort", "cidrBlock", "ipv6CidrBlock", "egress",
	"networkAclId", "routes", "destinationCidrBlock", "vpcPeeringConnectionId", "networkInterfaceId", "ec2Attributes", "subnetIds",
	"mapPublicIpOnLaunch", "tags", "Tier", "configuration", "securityConfiguration", "kerberosAttributes", "realm", "logUri", "settings",
	"namespace", "name", "value", "templateName", "vpcZoneIdentifiers", "targetGroupArns", "healthCheckType", "autoscalingGroupName",
	"key", "propagateAtLaunch", "resources", "selectionTags", "accountId", "group", "state", "protocols", "securityPolicyName", "endpointType"}

func cmpRandomMap(r *rand.Rand, depth int) property.Map {
	m := map[string]property.Value{}
	for i := r.Intn(7); i > 0; i-- {
		v := randomValue(r, depth)
		if depth < 2 && r.Intn(3) == 0 {
			v = property.New(cmpRandomMap(r, depth+1))
		}
		m[cmpKeys[r.Intn(len(cmpKeys))]] = v
	}
	return property.NewMap(m)
}

func TestComputeRulesNeverPanicOnArbitraryInputs(t *testing.T) {
	var types []string
	for _, rl := range computeRules {
		types = append(types, rl.Types...)
	}
	for seed := int64(0); seed < 400; seed++ {
		r := rand.New(rand.NewSource(seed))
		var rs []Resource
		for i := 0; i < 8; i++ {
			typ := types[r.Intn(len(types))]
			res := Resource{Type: typ, Name: fmt.Sprint(i), URN: fmt.Sprintf("urn:pulumi:s::p::%s::%d", typ, i), Props: cmpRandomMap(r, 0)}
			if i > 0 && r.Intn(2) == 0 {
				res.PropertyDependencies = map[string][]string{cmpKeys[r.Intn(len(cmpKeys))]: {rs[r.Intn(i)].URN}}
			}
			rs = append(rs, res)
		}
		for _, f := range Evaluate(rs, nil) {
			if strings.Contains(f.Message, "could not evaluate") {
				t.Fatalf("seed %d: rule %s panicked: %s", seed, f.Rule, f.Message)
			}
		}
	}
}
