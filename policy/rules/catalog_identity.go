package rules

import (
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

const groupIdentity = "identity"

var iamHIPAA = []string{"308(a)(3)(i)", "308(a)(3)(ii)(A)", "308(a)(3)(ii)(B)", "308(a)(4)(i)", "308(a)(4)(ii)(A)", "308(a)(4)(ii)(B)", "308(a)(4)(ii)(C)", "312(a)(1)"}

var (
	secretEnvName  = regexp.MustCompile(`(?i)pass(word)?|secret|token|api[_-]?key|private[_-]?key|AWS_(SECRET_)?ACCESS_KEY(_ID)?`)
	accessKeyValue = regexp.MustCompile(`AKIA[0-9A-Z]{16}`)
	// Services whose wildcard actions on "*" amount to administering PHI.
	sensitiveServices = []string{"iam", "kms", "s3", "sns", "rds", "secretsmanager"}
)

var identityRules = []*Rule{
	{
		ID: "IAM-01", Name: "no-access-keys", Group: groupIdentity,
		Title: "IAM access keys must not be created; use roles, OIDC or SSO.",
		HIPAA: []string{"308(a)(3)(ii)(C)", "308(a)(4)(ii)(C)", "308(a)(5)(ii)(D)", "312(a)(2)(i)"}, SOC2: []string{"CC6.1", "CC6.2"},
		Severity: "critical", Scope: ScopeResource, Types: []string{IAMAccessKey}, Exceptable: false,
		Remediation: "Delete the access key; give workloads a role and people IAM Identity Center.",
		check: func(c *Check) {
			c.Fail("a long-lived access key is declared", "Remove it and use a role (workloads) or IAM Identity Center (people)")
		},
	},
	{
		ID: "IAM-02", Name: "no-iam-users", Group: groupIdentity,
		Title: "IAM users and console logins must not be created, except the break-glass user.",
		HIPAA: []string{"312(a)(2)(i)", "312(d)"}, SOC2: []string{"CC6.2"},
		Severity: "high", Scope: ScopeResource, Types: []string{IAMUser, IAMUserLogin}, Exceptable: true,
		Params:      map[string]any{"breakGlassUsers": []string{}},
		Remediation: "Use IAM Identity Center for people; list a break-glass user in the rule's breakGlassUsers config.",
		check: func(c *Check) {
			key := "name"
			if c.Resource().Type == IAMUserLogin {
				key = "user"
			}
			name, st := getString(c.Props(), key)
			if st == computed {
				c.Defer("name")
				return
			}
			if !contains(c.StringsParam("breakGlassUsers"), name) {
				c.Fail(fmt.Sprintf("IAM user %s is not the allowlisted break-glass user", shown(c.Props(), key)), "Use IAM Identity Center")
			}
		},
	},
	{
		ID: "IAM-03", Name: "no-user-attached-policies", Group: groupIdentity,
		Title: "Policies must not be attached to IAM users.",
		HIPAA: iamHIPAA, SOC2: []string{"CC6.3", "CC1.3"},
		Severity: "medium", Scope: ScopeResource, Types: []string{IAMUserPolicy, IAMUserPolicyAttach, IAMPolicyAttachment}, Exceptable: true,
		Remediation: "Attach policies to roles (or groups), never to users.",
		check: func(c *Check) {
			if c.Resource().Type == IAMPolicyAttachment {
				users, st := getArray(c.Props(), "users")
				if st == computed {
					c.Defer("users")
				}
				if len(users) == 0 {
					return
				}
			}
			c.Fail("a policy is attached to a user", "Attach it to a role")
		},
	},
	{
		ID: "IAM-04", Name: "no-admin-or-wildcard-statements", Group: groupIdentity,
		Title: "IAM policies (customer managed, and inline on roles, groups and users) must not allow *, NotAction, or full access to a service (<service>:*).",
		HIPAA: iamHIPAA, SOC2: []string{"CC6.3"},
		Severity: "critical", Scope: ScopeResource, Types: policyDocTypes, Exceptable: true,
		Remediation: "Grant named actions on named ARNs; never Action * or NotAction, never <service>:* (iam:*, kms:*, s3:*...), least of all on Resource *.",
		check:       func(c *Check) { eachPolicyDoc(c, func(path string) { checkStatements(c, path) }) },
	},
	{
		ID: "IAM-05", Name: "no-broad-managed-policies", Group: groupIdentity,
		Title: "Broad AWS-managed policies must not be attached.",
		HIPAA: iamHIPAA, SOC2: []string{"CC6.3"},
		Severity: "high", Scope: ScopeResource, Types: []string{IAMRolePolicyAttach, IAMPolicyAttachment, IAMGroupPolicyAttach, IAMUserPolicyAttach, IAMRole}, Exceptable: true,
		Params: map[string]any{"deniedPolicies": []string{"AdministratorAccess", "PowerUserAccess", "IAMFullAccess", "AmazonS3FullAccess",
			"AmazonSNSFullAccess", "AmazonRDSFullAccess", "SecretsManagerReadWrite"}},
		Remediation: "Write a scoped policy for what the role does instead.",
		check: func(c *Check) {
			var arns []string
			if c.Resource().Type == IAMRole {
				list, st := getStrings(c.Props(), "managedPolicyArns")
				if st == computed {
					c.Defer("managedPolicyArns")
				}
				arns = list
			} else if a, st := getString(c.Props(), "policyArn"); st == present {
				arns = []string{a}
			} else if st == computed {
				c.Defer("policyArn")
			}
			for _, a := range arns {
				for _, d := range c.StringsParam("deniedPolicies") {
					if strings.HasSuffix(a, ":policy/"+d) {
						c.Fail("attaches the AWS-managed policy "+d, "Replace it with a scoped policy")
					}
				}
			}
		},
	},
	{
		ID: "IAM-06", Name: "ecs-task-role-scoped", Group: groupIdentity,
		Title: "An ECS task's role must be its own (not the execution role) and scoped to exact S3 and SNS ARNs.",
		HIPAA: []string{"308(a)(4)(ii)(B)", "312(a)(1)"}, SOC2: []string{"CC6.3"},
		Severity: "high", Scope: ScopeStack, Types: []string{ECSTaskDefinition, IAMRole, IAMRolePolicy}, Exceptable: true,
		Remediation: "Give a task that calls AWS a taskRoleArn distinct from the execution role whose policies name exact topic and bucket ARNs (compute.Service does); a task that calls nothing needs no task role.",
		checkStack: func(s *Stack, c *Check) {
			for _, td := range s.OfType(ECSTaskDefinition) {
				tc := c.On(td)
				// A task without a task role has no AWS credentials at all,
				// which is the least privilege there is; the rule judges
				// the role a task does get.
				if _, st := lookup(td.Props, "taskRoleArn"); st == missing {
					continue
				}
				task, st1 := getString(td.Props, "taskRoleArn")
				exec, st2 := getString(td.Props, "executionRoleArn")
				if st1 == present && st2 == present && task == exec {
					tc.Fail("taskRoleArn equals executionRoleArn, so the app can pull images and read every secret", "Use separate task and execution roles")
				}
				for _, role := range resolveRefs(s, td, "taskRoleArn", IAMRole) {
					for _, rp := range s.Linked(role, "role", IAMRolePolicy) {
						pc := c.On(rp)
						doc, ok := pc.JSON("policy")
						if !ok {
							continue
						}
						for _, st := range statements(doc) {
							if st["Effect"] != "Allow" {
								continue
							}
							for _, a := range strs(st["Action"]) {
								if (strings.HasPrefix(a, "s3:") || strings.HasPrefix(a, "sns:")) && contains(strs(st["Resource"]), "*") {
									pc.Fail("the task role allows "+a+" on every resource", "Name the exact bucket and topic ARNs")
								}
							}
						}
					}
				}
			}
		},
	},
	{
		ID: "IAM-07", Name: "trust-policy-restricted", Group: groupIdentity,
		Title: "Role trust policies must name principals; service trusts must pin the source account, other accounts need sts:ExternalId or aws:PrincipalOrgID, and OIDC trusts must pin sub and aud.",
		HIPAA: []string{"312(a)(1)"}, SOC2: []string{"CC6.1", "CC6.3"},
		Severity: "high", Scope: ScopeResource, Types: []string{IAMRole}, Exceptable: true,
		Params:      map[string]any{"trustedAccountIds": []string{}},
		Remediation: "Never trust *; add aws:SourceAccount or aws:SourceArn to service trusts (confused deputy); give another account's principals an sts:ExternalId (third parties) or aws:PrincipalOrgID (your organisation) condition; pin OIDC sub and aud claims. List your own accounts in the provider's allowedAccountIds or in trustedAccountIds.",
		check: func(c *Check) {
			doc, ok := c.JSON("assumeRolePolicy")
			if !ok {
				return
			}
			own := ownAccounts(c, doc)
			for _, st := range statements(doc) {
				if st["Effect"] != "Allow" {
					continue
				}
				if principalIsAnyone(st["Principal"]) {
					c.Fail("the trust policy lets any principal assume the role", "Name the trusted principals")
					continue
				}
				p, _ := st["Principal"].(map[string]any)
				cond, _ := st["Condition"].(map[string]any)
				if contains(strs(p["Service"]), "ecs-tasks.amazonaws.com") && !conditionUses(cond, []string{"aws:SourceAccount", "aws:SourceArn"}) {
					c.Fail("ecs-tasks.amazonaws.com is trusted without aws:SourceAccount or aws:SourceArn", "Add a StringEquals aws:SourceAccount condition")
				}
				if !conditionUsesPositive(cond, []string{"sts:ExternalId", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths"}) {
					for _, acct := range principalAccounts(p["AWS"]) {
						switch {
						case own[acct]:
						case len(own) > 0:
							c.Fail(fmt.Sprintf("the trust policy lets account %s, not this stack's account, assume the role without sts:ExternalId or aws:PrincipalOrgID", acct),
								"Add an sts:ExternalId condition (a third party) or aws:PrincipalOrgID (your organisation)")
						default:
							c.Fail(fmt.Sprintf("the trust policy lets account %s assume the role without sts:ExternalId or aws:PrincipalOrgID, and nothing shows it is this stack's account", acct),
								"Add an sts:ExternalId (a third party) or aws:PrincipalOrgID (your organisation) condition; if it is your own account, set the provider's allowedAccountIds or trust-policy-restricted's trustedAccountIds")
						}
					}
				}
				if p["Federated"] != nil && allowsAction(st, "sts:AssumeRoleWithWebIdentity") {
					for _, fed := range strs(p["Federated"]) {
						for _, problem := range webIdentityProblems(oidcHost(fed), cond) {
							c.Fail(problem, "Pin <provider>:sub to one repository and ref or environment (repo:org/repo:ref:refs/heads/main, repo:org/repo:environment:prod) and <provider>:aud to sts.amazonaws.com with StringEquals")
						}
					}
				}
			}
		},
	},
	{
		ID: "IAM-08", Name: "no-plaintext-secrets-in-taskdef", Group: groupIdentity,
		Title: "Task definitions must not carry secrets in plaintext environment variables.",
		HIPAA: []string{"308(a)(3)(i)", "308(a)(4)(ii)(A)", "308(a)(4)(ii)(C)", "312(a)(1)"}, SOC2: []string{"CC6.1"},
		Severity: "critical", Scope: ScopeResource, Types: []string{ECSTaskDefinition}, Exceptable: false,
		Remediation: "Move the value to Secrets Manager and reference it from secrets[].valueFrom.",
		check: func(c *Check) {
			doc, ok := c.JSON("containerDefinitions")
			if !ok {
				return
			}
			for _, cont := range containers(doc) {
				env, _ := cont["environment"].([]any)
				for _, e := range env {
					kv, _ := e.(map[string]any)
					name, _ := kv["name"].(string)
					value, _ := kv["value"].(string)
					if secretEnvName.MatchString(name) || accessKeyValue.MatchString(value) {
						// The variable's name only: its value may be the secret.
						c.Fail(fmt.Sprintf("container %v sets environment variable %s in plaintext", cont["name"], name),
							"Move it to secrets[] with valueFrom a Secrets Manager ARN")
					}
				}
			}
		},
	},
	{
		ID: "IAM-09", Name: "managed-db-credentials", Group: groupIdentity,
		Title: "Database credentials must be managed by Secrets Manager, never passed as inputs.",
		HIPAA: []string{"308(a)(4)(ii)(B)", "312(d)"}, SOC2: []string{"CC6.1"},
		Severity: "critical", Scope: ScopeResource, Types: []string{RDSCluster, DMSEndpoint}, Exceptable: false,
		Remediation: "Aurora: manageMasterUserPassword true with masterUserSecretKmsKeyId, IAM auth on, no masterPassword (global-database members, Serverless v1 and cross-Region replicas, where RDS cannot manage it, keep IAM auth on). DMS: secretsManagerArn and secretsManagerAccessRoleArn, no password.",
		check: func(c *Check) {
			if c.Resource().Type == DMSEndpoint {
				c.Absent("password", "Remove password; use secretsManagerArn")
				c.Present("secretsManagerArn", "Set secretsManagerArn")
				c.Present("secretsManagerAccessRoleArn", "Set secretsManagerAccessRoleArn")
				return
			}
			c.True("iamDatabaseAuthenticationEnabled", "Set iamDatabaseAuthenticationEnabled: true")
			// RDS cannot manage the master password in Secrets Manager for
			// members of an Aurora global database, Aurora Serverless v1 or
			// cross-Region read replicas (Aurora User Guide, "Limitations for
			// Secrets Manager integration with Amazon Aurora"). Such a
			// cluster gets its password from the program (Pulumi marks
			// masterPassword secret) or from the global primary.
			for _, k := range []string{"globalClusterIdentifier", "replicationSourceIdentifier"} {
				if _, st := lookup(c.Props(), k); st != missing {
					return
				}
			}
			if m, st := getString(c.Props(), "engineMode"); st == present && m == "serverless" {
				return
			}
			c.True("manageMasterUserPassword", "Set manageMasterUserPassword: true")
			c.Absent("masterPassword", "Remove masterPassword; RDS keeps it in Secrets Manager")
			c.Present("masterUserSecretKmsKeyId", "Set masterUserSecretKmsKeyId to the data CMK ARN")
		},
	},
	{
		ID: "IAM-10", Name: "secrets-rotated", Group: groupIdentity,
		Title: "Secrets must rotate at least every 90 days.",
		HIPAA: []string{"308(a)(4)(ii)(B)", "308(a)(4)(ii)(C)"}, SOC2: []string{"CC6.1"},
		Severity: "medium", Scope: ScopeStack, Types: []string{Secret, SecretRotation}, Exceptable: true,
		Params:      map[string]any{"maxRotationDays": 90},
		Remediation: "Add a SecretRotation with rotationRules.automaticallyAfterDays at most 90 (RDS-managed master secrets rotate themselves).",
		checkStack: func(s *Stack, c *Check) {
			for _, sec := range s.OfType(Secret) {
				sc := c.On(sec)
				rots := s.Linked(sec, "secretId", SecretRotation)
				if len(rots) == 0 {
					sc.Fail("the secret has no rotation", "Add a SecretRotation")
					continue
				}
				for _, r := range rots {
					rc := c.On(r)
					if _, st := lookup(r.Props, "rotationRules.scheduleExpression"); st != missing {
						continue
					}
					rc.AtLeast("rotationRules.automaticallyAfterDays", 1, "Set automaticallyAfterDays")
					if n, st := getNumber(r.Props, "rotationRules.automaticallyAfterDays"); st == present && n > c.NumParam("maxRotationDays") {
						rc.Fail(fmt.Sprintf("rotation every %s days", shown(r.Props, "rotationRules.automaticallyAfterDays")), fmt.Sprintf("Rotate at least every %v days", c.NumParam("maxRotationDays")))
					}
				}
			}
		},
	},
	{
		ID: "IAM-11", Name: "container-hardening", Group: groupIdentity,
		Title: "Containers must run unprivileged, non-root, with a read-only root filesystem, in awsvpc mode.",
		HIPAA: []string{"308(a)(3)(i)", "308(a)(3)(ii)(A)", "308(a)(4)(ii)(A)", "308(a)(4)(ii)(C)", "312(a)(1)"}, SOC2: []string{"CC6.1", "CC6.8"},
		Severity: "high", Scope: ScopeResource, Types: []string{ECSTaskDefinition}, Exceptable: true,
		Remediation: "Set privileged false, readonlyRootFilesystem true and a non-root user per container; networkMode awsvpc; never host pid or ipc.",
		check: func(c *Check) {
			c.OneOf("networkMode", []string{"awsvpc"}, "Set networkMode: awsvpc")
			for _, m := range []string{"pidMode", "ipcMode"} {
				if v, st := getString(c.Props(), m); st == present && v == "host" {
					c.Fail(m+" is host", "Remove "+m)
				}
			}
			doc, ok := c.JSON("containerDefinitions")
			if !ok {
				return
			}
			for _, cont := range containers(doc) {
				name := cont["name"]
				if cont["privileged"] == true {
					c.Fail(fmt.Sprintf("container %v is privileged", name), "Set privileged: false")
				}
				if cont["readonlyRootFilesystem"] != true {
					c.Fail(fmt.Sprintf("container %v has a writable root filesystem", name), "Set readonlyRootFilesystem: true and mount a volume for scratch space")
				}
				if u, _ := cont["user"].(string); u == "" || u == "root" || u == "0" || strings.HasPrefix(u, "0:") {
					c.Fail(fmt.Sprintf("container %v runs as root", name), "Set user to a non-root UID, e.g. 10001")
				}
			}
		},
	},
	{
		ID: "IAM-12", Name: "resource-policies-not-public", Group: groupIdentity,
		Title: "Resource policies must not grant access to anyone without a source condition.",
		HIPAA: []string{"308(a)(3)(i)", "308(a)(4)(ii)(A)", "308(a)(4)(ii)(C)", "312(a)(1)", "312(e)(1)"}, SOC2: []string{"CC6.1", "CC6.6"},
		Severity: "critical", Scope: ScopeResource, Types: []string{SNSTopic, SNSTopicPolicy, S3BucketPolicy, Secret, ECRRepoPolicy}, Exceptable: false,
		Remediation: "Name the principals, or scope a * principal with aws:SourceArn, aws:SourceAccount or aws:PrincipalOrgID.",
		check: func(c *Check) {
			if _, st := lookup(c.Props(), "policy"); st == missing {
				return
			}
			doc, ok := c.JSON("policy")
			if !ok {
				return
			}
			for _, a := range publicAllows(doc, []string{"aws:SourceArn", "aws:SourceAccount", "aws:PrincipalOrgID", "aws:SourceOwner"}) {
				c.Fail("the policy allows "+a+" to anyone", "Scope the statement with aws:SourceArn, aws:SourceAccount or aws:PrincipalOrgID")
			}
		},
	},
	{
		ID: "IAM-13", Name: "kms-decrypt-scoped", Group: groupIdentity,
		Title: "IAM policies must not allow kms:Decrypt or kms:ReEncryptFrom on every key without a kms:ViaService or encryption-context condition.",
		HIPAA: []string{"308(a)(3)(i)", "308(a)(4)(ii)(B)", "312(a)(1)", "312(a)(2)(iv)"}, SOC2: []string{"CC6.1", "CC6.3"},
		Severity: "high", Scope: ScopeResource, Types: policyDocTypes, Exceptable: true,
		Remediation: "Name the key ARNs the workload decrypts with, or confine the grant with kms:ViaService (e.g. secretsmanager.us-east-1.amazonaws.com) or a kms:EncryptionContext condition.",
		// A key policy decides who may use each key; an identity policy
		// allowing Decrypt on every key makes every key whose policy
		// delegates to IAM (the default key policy does) readable, PHI keys
		// included (AWS Config's iam-customer-policy-blocked-kms-actions and
		// iam-inline-policy-blocked-kms-actions; Prowler's
		// iam_policy_no_full_access_to_kms).
		check: func(c *Check) { eachPolicyDoc(c, func(path string) { checkKMSDecrypt(c, path) }) },
	},
}

// checkStatements applies IAM-04 to the policy document at path.
func checkStatements(c *Check, path string) {
	doc, ok := c.JSON(path)
	if !ok {
		return
	}
	for _, st := range statements(doc) {
		if st["Effect"] != "Allow" {
			continue
		}
		if st["NotAction"] != nil {
			c.Fail(path+" allows NotAction, which grants everything not listed", "List the allowed actions instead")
		}
		everywhere := contains(strs(st["Resource"]), "*") || st["NotResource"] != nil
		for _, a := range strs(st["Action"]) {
			if a == "*" || a == "*:*" {
				c.Fail(path+" allows Action *", "Grant named actions")
				continue
			}
			// Full access to a service, wherever it applies (AWS Config's
			// iam-policy-no-statements-with-full-access, cdk-nag's
			// IAMPolicyNoStatementsWithFullAccess).
			if svc, verb, _ := strings.Cut(a, ":"); verb == "*" && svc != "" {
				if everywhere {
					c.Fail(fmt.Sprintf("%s allows %s on every resource", path, a), "Grant named actions on named ARNs")
				} else {
					c.Fail(fmt.Sprintf("%s allows %s, full access to the service", path, a), "Grant the named actions the workload calls")
				}
			}
		}
	}
}

// policyDocTypes hold IAM policy documents: customer managed policies and
// the inline policies of roles (inlinePolicies[].policy), groups and users.
var policyDocTypes = []string{IAMPolicy, IAMRolePolicy, IAMRole, iamGroupPolicy, IAMUserPolicy}

const (
	iamGroupPolicy = "aws:iam/groupPolicy:GroupPolicy"
	iamGroup       = "aws:iam/group:Group"
)

// eachPolicyDoc runs fn on every policy document of a policyDocTypes
// resource, by path.
func eachPolicyDoc(c *Check, fn func(path string)) {
	if c.Resource().Type == IAMRole {
		c.Each("inlinePolicies", func(_ int, p property.Map, path string) {
			if _, st := lookup(p, "policy"); st != missing {
				fn(path + ".policy")
			}
		})
		return
	}
	fn("policy")
}

// kmsDecryptActions are what reads data under any key: decrypting, and
// re-encrypting from it.
var kmsDecryptActions = []string{"kms:Decrypt", "kms:ReEncryptFrom"}

// kmsScopingKeys confine a KMS grant to one service's use or one context.
var kmsScopingKeys = []string{"kms:ViaService", "kms:EncryptionContextKeys", "kms:EncryptionContext:", "kms:GrantIsForAWSResource"}

// checkKMSDecrypt is IAM-13 on the document at path.
func checkKMSDecrypt(c *Check, path string) {
	doc, ok := c.JSON(path)
	if !ok {
		return
	}
	for _, st := range statements(doc) {
		if st["Effect"] != "Allow" {
			continue
		}
		allKeys := st["NotResource"] != nil
		for _, r := range strs(st["Resource"]) {
			allKeys = allKeys || r == "*" || anyKey(r)
		}
		if !allKeys {
			continue
		}
		var granted []string
		for _, a := range kmsDecryptActions {
			if allowsAction(st, a) {
				granted = append(granted, a)
			}
		}
		if len(granted) == 0 {
			continue
		}
		cond, _ := st["Condition"].(map[string]any)
		if conditionKeyPrefixed(cond, kmsScopingKeys) {
			continue
		}
		c.Fail(fmt.Sprintf("%s allows %s on every KMS key without a kms:ViaService or encryption-context condition", path, strings.Join(granted, " and ")),
			"Name the key ARNs, or add a kms:ViaService (or kms:EncryptionContext) condition")
	}
}

// anyKey reports a KMS ARN pattern that matches every key of an account or
// region (arn:aws:kms:*:111122223333:key/*).
func anyKey(arn string) bool {
	parts := strings.SplitN(arn, ":", 6)
	return len(parts) == 6 && parts[2] == "kms" && (parts[5] == "*" || parts[5] == "key/*")
}

// conditionKeyPrefixed reports whether any operator block names a key
// starting with one of the prefixes (case-insensitive).
func conditionKeyPrefixed(cond map[string]any, prefixes []string) bool {
	for _, block := range cond {
		if bm, ok := block.(map[string]any); ok {
			for k := range bm {
				for _, p := range prefixes {
					if len(k) >= len(p) && strings.EqualFold(k[:len(p)], p) {
						return true
					}
				}
			}
		}
	}
	return false
}

// containers returns the container definitions of a parsed document.
func containers(doc any) []map[string]any {
	arr, _ := doc.([]any)
	var out []map[string]any
	for _, e := range arr {
		if m, ok := e.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// accountID matches an AWS account id.
var accountID = regexp.MustCompile(`^[0-9]{12}$`)

// principalAccounts lists the accounts an AWS principal names: a bare id,
// an account root, or an IAM role, user or session ARN.
func principalAccounts(p any) []string {
	var out []string
	for _, v := range strs(p) {
		if accountID.MatchString(v) {
			out = append(out, v)
			continue
		}
		if parts := strings.SplitN(v, ":", 6); len(parts) == 6 && parts[0] == "arn" && (parts[2] == "iam" || parts[2] == "sts") && accountID.MatchString(parts[4]) {
			out = append(out, parts[4])
		}
	}
	return out
}

// principalArnAccount is the account field of an ARN ("" when it has none).
func principalArnAccount(arn string) string {
	if parts := strings.SplitN(arn, ":", 6); len(parts) == 6 && parts[0] == "arn" && accountID.MatchString(parts[4]) {
		return parts[4]
	}
	return ""
}

// ownAccounts gathers what shows which account the role lives in: the
// trustedAccountIds setting, the provider's allowedAccountIds and assumed
// role, the role's own policy ARNs and permissions boundary, the identity
// providers its trust names (an IAM OIDC or SAML provider lives in the
// role's account) and the source accounts its service trusts pin.
func ownAccounts(c *Check, doc any) map[string]bool {
	own := map[string]bool{}
	for _, a := range c.StringsParam("trustedAccountIds") {
		own[a] = true
	}
	pp := c.Resource().ProviderProps
	if ids, st := getStrings(pp, "allowedAccountIds"); st == present {
		for _, a := range ids {
			own[a] = true
		}
	}
	var arns []string
	if a, st := getString(pp, "assumeRole.roleArn"); st == present {
		arns = append(arns, a)
	}
	roles, _ := getArray(pp, "assumeRoles")
	for i := range roles {
		if a, st := getString(pp, fmt.Sprintf("assumeRoles[%d].roleArn", i)); st == present {
			arns = append(arns, a)
		}
	}
	if a, st := getString(c.Props(), "permissionsBoundary"); st == present {
		arns = append(arns, a)
	}
	if list, st := getStrings(c.Props(), "managedPolicyArns"); st == present {
		arns = append(arns, list...)
	}
	for _, st := range statements(doc) {
		p, _ := st["Principal"].(map[string]any)
		arns = append(arns, strs(p["Federated"])...)
		cond, _ := st["Condition"].(map[string]any)
		for _, block := range cond {
			bm, _ := block.(map[string]any)
			for k, v := range bm {
				if strings.EqualFold(k, "aws:SourceAccount") || strings.EqualFold(k, "aws:SourceOwner") {
					for _, a := range strs(v) {
						own[a] = true
					}
				}
			}
		}
	}
	for _, a := range arns {
		if acct := principalArnAccount(a); acct != "" {
			own[acct] = true
		}
	}
	return own
}

// conditionUsesPositive reports whether a positive operator (not a
// Not...Equals, not Null) names one of the keys.
func conditionUsesPositive(cond map[string]any, keys []string) bool {
	for op, block := range cond {
		if strings.Contains(op, "Not") || strings.HasPrefix(op, "Null") {
			continue
		}
		if bm, ok := block.(map[string]any); ok {
			for k := range bm {
				for _, want := range keys {
					if strings.EqualFold(k, want) {
						return true
					}
				}
			}
		}
	}
	return false
}

// allowsAction reports whether a statement's Action grants action, itself
// or through a wildcard (sts:*, sts:AssumeRole*, *).
func allowsAction(st map[string]any, action string) bool {
	for _, a := range strs(st["Action"]) {
		if actionMatches(a, action) {
			return true
		}
	}
	return false
}

// actionMatches matches an IAM action pattern (* and ?, case-insensitive)
// against an action.
func actionMatches(pattern, action string) bool {
	ok, err := path.Match(strings.ToLower(pattern), strings.ToLower(action))
	return err == nil && ok
}

// oidcHost is the issuer a Federated principal names: the part after
// oidc-provider/ in an IAM OIDC provider ARN, or the principal itself
// (cognito-identity.amazonaws.com, accounts.google.com).
func oidcHost(fed string) string {
	if _, host, ok := strings.Cut(fed, ":oidc-provider/"); ok {
		return host
	}
	return fed
}

const githubOIDC = "token.actions.githubusercontent.com"

// conditionValues returns the values a positive string condition
// (StringEquals, StringLike and their ForAnyValue/ForAllValues forms) sets
// on key (matched case-insensitively); ok is false when none does.
func conditionValues(cond map[string]any, key string) (vals []string, ok bool) {
	for op, block := range cond {
		base := op
		if _, after, found := strings.Cut(op, ":"); found {
			base = after // ForAnyValue:StringLike
		}
		base = strings.TrimSuffix(base, "IfExists")
		if base != "StringEquals" && base != "StringLike" && base != "StringEqualsIgnoreCase" {
			continue
		}
		bm, _ := block.(map[string]any)
		for k, v := range bm {
			if strings.EqualFold(k, key) {
				vals, ok = append(vals, strs(v)...), true
			}
		}
	}
	return vals, ok
}

// onlyWildcards reports a pattern that matches anything ("*", "**", "?*").
func onlyWildcards(s string) bool { return strings.Trim(s, "*?") == "" }

// webIdentityProblems lists what a web-identity trust on an issuer leaves
// open. Every OIDC issuer's sub must be pinned and its aud named; GitHub's
// sub must name one repository and one ref or environment, and its aud be
// sts.amazonaws.com (GitHub's OIDC guide for AWS). A Cognito identity pool
// is pinned by its aud, the pool id.
func webIdentityProblems(host string, cond map[string]any) []string {
	var out []string
	aud, hasAud := conditionValues(cond, host+":aud")
	audOK := hasAud && len(aud) > 0
	for _, a := range aud {
		audOK = audOK && !onlyWildcards(a) && (host != githubOIDC || a == "sts.amazonaws.com")
	}
	if host == "cognito-identity.amazonaws.com" {
		if !audOK {
			out = append(out, "a web-identity trust on "+host+" does not pin the aud claim to the identity pool")
		}
		return out
	}
	subs, hasSub := conditionValues(cond, host+":sub")
	switch {
	case !hasSub || len(subs) == 0:
		out = append(out, "a web-identity trust on "+host+" does not pin the sub claim, so any identity the issuer signs can assume the role")
	default:
		for _, v := range subs {
			if why := subProblem(host, v); why != "" {
				out = append(out, fmt.Sprintf("the trust's %s:sub condition %q %s", host, v, why))
			}
		}
	}
	if !audOK {
		want := "a named audience"
		if host == githubOIDC {
			want = "sts.amazonaws.com"
		}
		out = append(out, fmt.Sprintf("a web-identity trust on %s does not pin the aud claim to %s", host, want))
	}
	return out
}

// subProblem says why a sub pattern is too broad ("" when it is pinned).
func subProblem(host, v string) string {
	if onlyWildcards(v) {
		return "matches every subject"
	}
	if host != githubOIDC {
		return ""
	}
	// GitHub's default subject: repo:<owner>/<repo>:<qualifier>.
	rest, ok := strings.CutPrefix(v, "repo:")
	if !ok {
		return "is not a repository subject (repo:<owner>/<repo>:...)"
	}
	repo, qual, _ := strings.Cut(rest, ":")
	owner, name, _ := strings.Cut(repo, "/")
	if owner == "" || name == "" || strings.ContainsAny(repo, "*?") {
		return "does not name one repository"
	}
	kind, what, _ := strings.Cut(qual, ":")
	switch kind {
	case "ref":
		for _, p := range []string{"refs/heads/", "refs/tags/", "refs/pull/"} {
			what = strings.TrimPrefix(what, p)
		}
		if onlyWildcards(what) {
			return "does not pin a ref"
		}
	case "environment":
		if onlyWildcards(what) {
			return "does not pin an environment"
		}
	default:
		return "does not pin a ref or an environment"
	}
	return ""
}
