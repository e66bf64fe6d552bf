package rules

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// randomValue builds an arbitrary property value from a seed: every shape,
// computed and secret values included, nested a few levels.
func randomValue(r *rand.Rand, depth int) property.Value {
	var v property.Value
	switch k := r.Intn(9); {
	case k == 0:
		v = property.New(property.Computed)
	case k == 1:
		v = property.New(r.Intn(2) == 0)
	case k == 2:
		v = property.New(float64(r.Intn(1000) - 10))
	case k == 3:
		v = property.New(fuzzStrings[r.Intn(len(fuzzStrings))])
	case k <= 5 && depth < 3:
		n := r.Intn(4)
		arr := make([]property.Value, n)
		for i := range arr {
			arr[i] = randomValue(r, depth+1)
		}
		v = property.New(arr)
	case depth < 3:
		v = property.New(randomMap(r, depth+1))
	default:
		v = property.New(property.Null)
	}
	if r.Intn(10) == 0 {
		v = v.WithSecret(true)
	}
	return v
}

// fuzzStrings are values the rules branch on.
var fuzzStrings = []string{"", "true", "HTTPS", "HTTP", "aws:kms", "AES256", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*"}]}`,
	`[{"name":"x","privileged":true}]`, "{", "0.0.0.0/0", "igw-0abc", "aurora-postgresql", "aurora-mysql", "ObjectWriter", "public-read",
	"Data", "AWS::S3::Object", "arn:aws:s3", "arn:aws:iam::999988887777:root", "forward", "redirect", "Public", "PHI",
	`{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRoleWithWebIdentity","Principal":{"Federated":"arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com"},"Condition":{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:o/*"}}}]}`,
	`{"Statement":{"Effect":"Allow","Action":["kms:*"],"Resource":"*","NotResource":"x"}}`}

// keys are the property names the rules read, so random maps hit real paths.
var keys = []string{"storageEncrypted", "kmsKeyId", "protocol", "defaultActions", "redirect", "type", "policy", "rules",
	"applyServerSideEncryptionByDefault", "sseAlgorithm", "ingress", "cidrBlocks", "fromPort", "toPort", "tags",
	"DataClassification", "containerDefinitions", "assumeRolePolicy", "parameters", "name", "value", "origins",
	"viewerCertificate", "settings", "enabled", "bucket", "vpcId", "retentionInDays", "publiclyAccessible", "desiredCount",
	"schedule", "lifecycle", "deleteAfter", "copyActions", "destinationVaultArn", "region", "minRetentionDays", "backupVaultName",
	// Read by the joins and inline forms of the estate rules.
	"listenerArn", "actions", "certificateArn", "routes", "gatewayId", "routeTableId", "subnetId", "securityGroupId", "securityGroups",
	"internal", "eventSelectors", "advancedEventSelectors", "fieldSelectors", "field", "equals", "startsWiths", "dataResources", "values",
	"grants", "acl", "grantee", "uri", "accessControlPolicy", "engine", "globalClusterIdentifier", "mapPublicIpOnLaunch",
	"enabledCloudwatchLogsExports", "versionings", "versioning", "loggings", "targetBucket", "replicationConfiguration",
	"replicationConfigurations", "serverSideEncryptionConfigurations", "serverSideEncryptionConfiguration", "rule",
	"applyServerSideEncryptionByDefaults", "applyServerSideEncryptionByDefault", "status", "inlinePolicies", "bucketPrefix",
	"taskRoleArn", "rotationRules", "allowedAccountIds", "assumeRole", "roleArn", "objectOwnership"}

func randomMap(r *rand.Rand, depth int) map[string]property.Value {
	m := map[string]property.Value{}
	for i := r.Intn(6); i > 0; i-- {
		m[keys[r.Intn(len(keys))]] = randomValue(r, depth)
	}
	return m
}

func FuzzNoRulePanicsOnAnyPropertyMap(f *testing.F) {
	for _, seed := range []int64{1, 2, 3, 42, 1000} {
		f.Add(seed)
	}
	var types []string
	for _, r := range Catalog {
		types = append(types, r.Types...)
	}
	f.Fuzz(func(t *testing.T, seed int64) {
		r := rand.New(rand.NewSource(seed))
		var rs []Resource
		for i := 0; i < 8; i++ {
			typ := types[r.Intn(len(types))]
			res := Resource{Type: typ, Name: fmt.Sprint(i), URN: fmt.Sprintf("urn:pulumi:s::p::%s::%d", typ, i), Props: property.NewMap(randomMap(r, 0)),
				ProviderProps: property.NewMap(randomMap(r, 1))}
			if i > 0 && r.Intn(2) == 0 {
				res.PropertyDependencies = map[string][]string{keys[r.Intn(len(keys))]: {rs[r.Intn(i)].URN}}
			}
			rs = append(rs, res)
		}
		for _, f := range Evaluate(rs, nil) {
			if strings.Contains(f.Message, "could not evaluate") {
				t.Fatalf("rule %s panicked: %s", f.Rule, f.Message)
			}
		}
	})
}
