package state

import (
	"encoding/json"
	"strings"
	"testing"
)

// The fixture is a small prod-shaped state, as `pulumi stack export` writes
// it after `pulumi up`: inputs as the program declared them, outputs as the
// provider reported them (here equal, plus what the provider computes).
const (
	stackURN    = "urn:pulumi:prod::carestack::pulumi:pulumi:Stack::carestack-prod"
	providerURN = "urn:pulumi:prod::carestack::pulumi:providers:aws::aws"
	bucketComp  = "urn:pulumi:prod::carestack::carestack:storage:Bucket::phi"
	bucketURN   = "urn:pulumi:prod::carestack::carestack:storage:Bucket$aws:s3/bucketV2:BucketV2::phi"
	sseURN      = "urn:pulumi:prod::carestack::carestack:storage:Bucket$aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2::phi"
	pabURN      = "urn:pulumi:prod::carestack::carestack:storage:Bucket$aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock::phi"
	policyURN   = "urn:pulumi:prod::carestack::carestack:storage:Bucket$aws:s3/bucketPolicy:BucketPolicy::phi"
	listenerURN = "urn:pulumi:prod::carestack::aws:lb/listener:Listener::https"
	logURN      = "urn:pulumi:prod::carestack::aws:cloudwatch/logGroup:LogGroup::app"
	instURN     = "urn:pulumi:prod::carestack::aws:rds/clusterInstance:ClusterInstance::reader-0"
	clusterURN  = "urn:pulumi:prod::carestack::aws:rds/cluster:Cluster::aurora"
	sgURN       = "urn:pulumi:prod::carestack::aws:ec2/securityGroup:SecurityGroup::db"
	secretURN   = "urn:pulumi:prod::carestack::aws:secretsmanager/secretVersion:SecretVersion::api-token"
	keyARN      = "arn:aws:kms:us-east-1:111122223333:key/data"
	plaintext   = "hunter2-PLAINTEXT-never-shown"
	ciphertext  = "v1:CIPHERTEXT-never-shown"
)

var bucketPolicyJSON = `{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::phi","arn:aws:s3:::phi/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`

func secretCipher() map[string]any {
	return map[string]any{sigKey: sigSecret, "ciphertext": ciphertext}
}

func secretPlain() map[string]any {
	return map[string]any{sigKey: sigSecret, "plaintext": `"` + plaintext + `"`}
}

type res = map[string]any

// fixture returns the resources of the export; tests edit them.
func fixture() []res {
	tags := map[string]any{"DataClassification": "PHI"}
	sseRules := []any{map[string]any{"applyServerSideEncryptionByDefault": map[string]any{"sseAlgorithm": "aws:kms", "kmsMasterKeyId": keyARN}, "bucketKeyEnabled": true}}
	ingress := []any{
		map[string]any{"protocol": "tcp", "fromPort": 3306.0, "toPort": 3306.0, "securityGroups": []any{"sg-app"}},
		map[string]any{"protocol": "tcp", "fromPort": 3306.0, "toPort": 3306.0, "securityGroups": []any{"sg-proxy"}},
	}
	actions := []any{map[string]any{"type": "forward", "targetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/app/1"}}
	return []res{
		{"urn": stackURN, "custom": false, "type": "pulumi:pulumi:Stack", "outputs": map[string]any{"apiToken": secretCipher()}},
		{"urn": providerURN, "custom": true, "id": "prov-1", "type": "pulumi:providers:aws", "parent": stackURN,
			"inputs": map[string]any{"region": "us-east-1", "defaultTags": map[string]any{"tags": map[string]any{"Owner": "platform"}}}},
		{"urn": bucketComp, "custom": false, "type": "carestack:storage:Bucket", "parent": stackURN},
		{"urn": bucketURN, "custom": true, "id": "phi", "type": "aws:s3/bucketV2:BucketV2", "parent": bucketComp, "provider": providerURN + "::prov-1",
			"protect": true, "inputs": map[string]any{"bucket": "phi", "tags": tags}, "outputs": map[string]any{"bucket": "phi", "arn": "arn:aws:s3:::phi", "tags": tags}},
		{"urn": sseURN, "custom": true, "id": "phi", "type": "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2", "parent": bucketComp,
			"provider": providerURN + "::prov-1", "inputs": map[string]any{"bucket": "phi", "rules": sseRules}, "outputs": map[string]any{"bucket": "phi", "rules": sseRules, "id": "phi"},
			"propertyDependencies": map[string]any{"bucket": []any{bucketURN}}, "dependencies": []any{bucketURN}},
		{"urn": pabURN, "custom": true, "id": "phi", "type": "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "parent": bucketComp, "provider": providerURN + "::prov-1",
			"inputs":               map[string]any{"bucket": "phi", "blockPublicAcls": true, "blockPublicPolicy": true, "ignorePublicAcls": true, "restrictPublicBuckets": true},
			"outputs":              map[string]any{"bucket": "phi", "blockPublicAcls": true, "blockPublicPolicy": true, "ignorePublicAcls": true, "restrictPublicBuckets": true},
			"propertyDependencies": map[string]any{"bucket": []any{bucketURN}}},
		{"urn": policyURN, "custom": true, "id": "phi", "type": "aws:s3/bucketPolicy:BucketPolicy", "parent": bucketComp, "provider": providerURN + "::prov-1",
			"inputs": map[string]any{"bucket": "phi", "policy": bucketPolicyJSON}, "outputs": map[string]any{"bucket": "phi", "policy": bucketPolicyJSON}},
		{"urn": listenerURN, "custom": true, "id": "lst-1", "type": "aws:lb/listener:Listener", "provider": providerURN + "::prov-1",
			"inputs":  map[string]any{"protocol": "HTTPS", "port": 443.0, "sslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06", "certificateArn": "arn:aws:acm:us-east-1:111122223333:certificate/c", "defaultActions": actions},
			"outputs": map[string]any{"protocol": "HTTPS", "port": 443.0, "sslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06", "certificateArn": "arn:aws:acm:us-east-1:111122223333:certificate/c", "defaultActions": actions, "arn": "arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/app/1"}},
		{"urn": logURN, "custom": true, "id": "/carestack/app", "type": "aws:cloudwatch/logGroup:LogGroup", "provider": providerURN + "::prov-1",
			"inputs":  map[string]any{"name": "/carestack/app", "retentionInDays": 365.0, "kmsKeyId": keyARN},
			"outputs": map[string]any{"name": "/carestack/app", "retentionInDays": 365.0, "kmsKeyId": keyARN}},
		{"urn": clusterURN, "custom": true, "id": "aurora", "type": "aws:rds/cluster:Cluster", "provider": providerURN + "::prov-1",
			"inputs":  map[string]any{"storageEncrypted": true, "kmsKeyId": keyARN, "backupRetentionPeriod": 35.0, "deletionProtection": true, "masterPassword": secretPlain()},
			"outputs": map[string]any{"storageEncrypted": true, "kmsKeyId": keyARN, "backupRetentionPeriod": 35.0, "deletionProtection": true, "masterPassword": secretCipher()}},
		{"urn": instURN, "custom": true, "id": "reader-0", "type": "aws:rds/clusterInstance:ClusterInstance", "provider": providerURN + "::prov-1",
			"inputs": map[string]any{"clusterIdentifier": "aurora"}, "outputs": map[string]any{"clusterIdentifier": "aurora", "publiclyAccessible": false}},
		{"urn": sgURN, "custom": true, "id": "sg-db", "type": "aws:ec2/securityGroup:SecurityGroup", "provider": providerURN + "::prov-1",
			"inputs": map[string]any{"ingress": ingress}, "outputs": map[string]any{"ingress": ingress}},
		{"urn": secretURN, "custom": true, "id": "token|v1", "type": "aws:secretsmanager/secretVersion:SecretVersion", "provider": providerURN + "::prov-1",
			"inputs": map[string]any{"secretString": secretPlain()}, "outputs": map[string]any{"secretString": secretCipher()}},
		// An old copy awaiting deletion after a replacement: not evaluated.
		{"urn": logURN, "custom": true, "id": "/carestack/app-old", "type": "aws:cloudwatch/logGroup:LogGroup", "delete": true},
	}
}

// exportJSON renders resources as `pulumi stack export` does.
func exportJSON(t *testing.T, rs []res) string {
	t.Helper()
	b, err := json.Marshal(map[string]any{"version": 3, "deployment": map[string]any{
		"manifest":          map[string]any{"time": "2025-06-01T02:00:00Z", "magic": "x", "version": "v3.274.1"},
		"secrets_providers": map[string]any{"type": "passphrase", "state": map[string]any{"salt": "v1:salt"}},
		"resources":         rs,
	}})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func parse(t *testing.T, rs []res) *Deployment {
	t.Helper()
	d, err := Parse(strings.NewReader(exportJSON(t, rs)))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// edit returns the fixture with fn applied to the resource with urn.
func edit(urn string, fn func(r res)) []res {
	rs := fixture()
	for _, r := range rs {
		if r["urn"] == urn && r["delete"] == nil {
			fn(r)
		}
	}
	return rs
}

func outputs(r res) map[string]any { return r["outputs"].(map[string]any) }
