package estate_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/carestack/carestack/internal/offline"
)

// estates are the shipped stacks plus prod with the migration tier on, so
// every IAM document the program can make is read.
func estates(t *testing.T) map[string]*offline.Result {
	t.Helper()
	return map[string]*offline.Result{
		"dev":            run(t, "dev"),
		"prod":           run(t, "prod"),
		"prod+migration": runConfig(t, "prod", withMigration(t, "")),
	}
}

func document(t *testing.T, where string, raw any) []map[string]any {
	t.Helper()
	s, ok := raw.(string)
	if !ok {
		t.Fatalf("%s: document is %T, want a JSON string", where, raw)
	}
	var doc struct{ Statement []map[string]any }
	if err := json.Unmarshal([]byte(s), &doc); err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	return doc.Statement
}

func list(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, x := range v {
			s, _ := x.(string)
			out = append(out, s)
		}
		return out
	}
	return nil
}

// conditionValue finds key under any condition operator.
func conditionValue(st map[string]any, key string) (any, bool) {
	cond, _ := st["Condition"].(map[string]any)
	for _, ops := range cond {
		if m, ok := ops.(map[string]any); ok {
			if v, ok := m[key]; ok {
				return v, true
			}
		}
	}
	return nil, false
}

// encryptionContext is the context each service sets on the keys it uses
// for a caller, which a grant to that caller must pin: Secrets Manager
// SecretARN, S3 aws:s3:arn, SNS aws:sns:topicArn (AWS KMS developer guide,
// "Encryption context" per service). ECR and the others grant nothing to
// roles here.
var encryptionContext = map[string]string{
	"secretsmanager": "kms:EncryptionContext:SecretARN",
	"s3":             "kms:EncryptionContext:aws:s3:arn",
	"sns":            "kms:EncryptionContext:aws:sns:topicArn",
}

// Every KMS permission a role gets works only through the AWS service that
// uses the key on its behalf, in the stack's (or the DR) region, and where
// that service sets an encryption context, only for the named resources.
func TestEveryKMSGrantToARoleIsViaAServiceAndPinsItsEncryptionContext(t *testing.T) {
	regions := []string{"us-east-1", "us-west-2"}
	for stack, r := range estates(t) {
		grants := 0
		for _, rp := range r.ByType("aws:iam/rolePolicy:RolePolicy") {
			raw, _ := rp.Get("policy")
			for i, st := range document(t, rp.Name, raw) {
				where := fmt.Sprintf("%s %s statement %d", stack, rp.Name, i)
				kms := false
				for _, a := range list(st["Action"]) {
					kms = kms || strings.HasPrefix(a, "kms:")
				}
				if !kms || st["Effect"] != "Allow" {
					continue
				}
				grants++
				if slices.Contains(list(st["Resource"]), "*") {
					t.Errorf("%s: KMS on every key", where)
				}
				via, ok := conditionValue(st, "kms:ViaService")
				service, region, _ := strings.Cut(fmt.Sprint(via), ".")
				if !ok || !slices.Contains(regions, strings.TrimSuffix(region, ".amazonaws.com")) || !strings.HasSuffix(region, ".amazonaws.com") {
					t.Errorf("%s: kms:ViaService is %v, want <service>.<region>.amazonaws.com: %v", where, via, st)
					continue
				}
				if key, pinned := encryptionContext[service]; pinned {
					if v, ok := conditionValue(st, key); !ok || len(list(v)) == 0 || slices.Contains(list(v), "*") {
						t.Errorf("%s: %s sets %s, the grant does not pin it: %v", where, service, key, st)
					}
				}
			}
		}
		if grants < 4 {
			t.Errorf("%s: only %d KMS grants to roles seen; the test reads the wrong documents", stack, grants)
		}
	}
}

// Trust policies name a service and pin this account (confused deputy).
func TestEveryRoleTrustsOneServiceFromThisAccount(t *testing.T) {
	for stack, r := range estates(t) {
		for _, role := range r.ByType("aws:iam/role:Role") {
			raw, _ := role.Get("assumeRolePolicy")
			for _, st := range document(t, role.Name, raw) {
				principal, _ := st["Principal"].(map[string]any)
				if len(list(principal["Service"])) != 1 || len(principal) != 1 {
					t.Errorf("%s %s: principal %v, want exactly one service", stack, role.Name, st["Principal"])
				}
				if v, ok := conditionValue(st, "aws:SourceAccount"); !ok || v != offline.MockAccountID {
					t.Errorf("%s %s: aws:SourceAccount %v, want %s", stack, role.Name, v, offline.MockAccountID)
				}
			}
		}
	}
}

// A key policy gives the account root the key (so IAM policies, read above,
// decide who uses it); every other statement is a service principal pinned
// by account or encryption context.
func TestKeyPoliciesGrantServicesOnlyWithConditions(t *testing.T) {
	for stack, r := range estates(t) {
		for _, key := range r.ByType("aws:kms/key:Key") {
			raw, _ := key.Get("policy")
			for _, st := range document(t, key.Name, raw) {
				if st["Sid"] == "AccountAdministersKeyThroughIAM" {
					if p, _ := st["Principal"].(map[string]any); !reflect.DeepEqual(p, map[string]any{"AWS": "arn:aws:iam::" + offline.MockAccountID + ":root"}) {
						t.Errorf("%s %s: the admin statement names %v", stack, key.Name, st["Principal"])
					}
					continue
				}
				p, _ := st["Principal"].(map[string]any)
				if _, ok := p["Service"]; !ok || len(p) != 1 || st["Condition"] == nil {
					t.Errorf("%s %s: statement %v is not a service principal with conditions", stack, key.Name, st["Sid"])
				}
			}
		}
	}
}

var sensitivity = map[string]int{"Public": 0, "Internal": 1, "Confidential": 2, "PHI": 3}

// Each classification has its own key, so a grant to read Internal images or
// Confidential secrets never decrypts PHI. The class keys (data, confidential,
// internal) encrypt only data of their class; the service keys (logs,
// messaging, backups) carry the most sensitive data they hold (PHI); no
// resource uses a key less sensitive than its data.
func TestEachClassificationUsesItsOwnKey(t *testing.T) {
	classKeys := map[string]string{"keys-data": "PHI", "keys-confidential": "Confidential", "keys-internal": "Internal", "dr-keys-data": "PHI"}
	for stack, r := range estates(t) {
		keyClass := map[string]string{}
		for _, k := range r.ByType("aws:kms/key:Key") {
			c, _ := k.Get("tags.DataClassification")
			keyClass[k.URN] = fmt.Sprint(c)
			if want, ok := classKeys[k.Name]; ok && c != want {
				t.Errorf("%s %s is classified %v, want %s", stack, k.Name, c, want)
			}
		}
		byURN := map[string]offline.Resource{}
		for _, res := range r.Resources {
			byURN[res.URN] = res
		}
		classOf := func(res offline.Resource) string {
			if c, ok := res.Get("tags.DataClassification"); ok {
				return fmt.Sprint(c)
			}
			// Bucket configurations carry their bucket's classification.
			for _, u := range res.PropertyDependencies["bucket"] {
				if c, ok := byURN[u].Get("tags.DataClassification"); ok {
					return fmt.Sprint(c)
				}
			}
			return ""
		}
		used := map[string][]string{} // class key -> classes of what it encrypts
		for _, res := range r.Resources {
			if strings.HasPrefix(res.Type, "aws:iam/") || res.Type == "aws:kms/alias:Alias" || !res.Custom {
				continue
			}
			class := classOf(res)
			for prop, deps := range res.PropertyDependencies {
				for _, u := range deps {
					kc, isKey := keyClass[u]
					if !isKey || strings.Contains(prop, "policy") || prop == "finalSnapshotIdentifier" {
						continue
					}
					key := byURN[u].Name
					if class == "" {
						t.Errorf("%s %s %s: encrypted with %s but not classified", stack, res.Type, res.Name, key)
						continue
					}
					if sensitivity[kc] < sensitivity[class] {
						t.Errorf("%s %s %s (%s) is encrypted with %s, a %s key", stack, res.Type, res.Name, class, key, kc)
					}
					if _, ok := classKeys[key]; ok {
						used[key] = append(used[key], class+" "+res.Type+" "+res.Name)
						if class != kc {
							t.Errorf("%s %s %s (%s) uses the %s key %s", stack, res.Type, res.Name, class, kc, key)
						}
					}
				}
			}
		}
		for _, k := range []string{"keys-data", "keys-internal"} {
			if len(used[k]) == 0 {
				t.Errorf("%s: nothing uses %s; the test reads the wrong inputs", stack, k)
			}
		}
		for _, repo := range r.ByType("aws:ecr/repository:Repository") {
			if deps := repo.PropertyDependencies["encryptionConfigurations"]; len(deps) != 1 || byURN[deps[0]].Name != "keys-internal" {
				t.Errorf("%s %s: images encrypted with %v, want keys-internal", stack, repo.Name, deps)
			}
		}
	}
}

// Roles that use AWS managed policies instead of inline documents: the
// policies are AWS's, named here so a new one is reviewed.
func TestOnlyKnownAWSManagedPoliciesAreAttached(t *testing.T) {
	for stack, r := range estates(t) {
		var got []string
		for _, a := range r.ByType("aws:iam/rolePolicyAttachment:RolePolicyAttachment") {
			arn, _ := a.Get("policyArn")
			got = append(got, fmt.Sprint(arn))
		}
		sort.Strings(got)
		want := []string{
			"arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
			"arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: managed policies %v, want %v", stack, got, want)
		}
	}
}
