package rules

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// Guard rules: the settings the shipped estate relies on that the first
// catalog judged only by presence (docs/estate-settings.md, its gap rows).
// Each reads the value a reviewer could weaken in one change: the
// conditions on a service principal's grant, an AWS-managed key named
// outright, lock and retention lengths, the parameters that make the audit
// log record something, the selection that puts the cluster in a plan.

// KMSKeyPolicy is the side-by-side key policy resource.
const KMSKeyPolicy = "aws:kms/keyPolicy:KeyPolicy"

// gdScopingKeys are the condition keys AWS documents against the confused
// deputy for service principals (IAM User Guide, "The confused deputy
// problem"), plus the key-scoping keys of KMS (an encryption context pins
// the grant to this account's resources; kms:ViaService to one service).
var gdScopingKeys = []string{"aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID", "aws:SourceOrgPaths", "aws:SourceOwner", "kms:ViaService", "kms:CallerAccount"}

// gdScoped reports whether a statement's condition pins a service
// principal to this account's resources.
func gdScoped(cond map[string]any, kms bool) bool {
	if conditionUses(cond, gdScopingKeys) {
		return true
	}
	if !kms {
		return false
	}
	for _, block := range cond {
		if bm, ok := block.(map[string]any); ok {
			for k := range bm {
				if strings.HasPrefix(strings.ToLower(k), "kms:encryptioncontext:") || strings.EqualFold(k, "kms:EncryptionContextKeys") {
					return true
				}
			}
		}
	}
	return false
}

// gdServicePrincipals lists a statement's service principals.
func gdServicePrincipals(p any) []string {
	if m, ok := p.(map[string]any); ok {
		return strs(m["Service"])
	}
	return nil
}

// gdUnscopedServiceGrants names the Allow statements of a policy document
// that trust an AWS service principal with no condition pinning it to this
// account. only, when set, limits the statements judged to those whose
// actions match (e.g. s3:Put for write grants on a bucket).
func gdUnscopedServiceGrants(doc any, kms bool, only func(actions []string) bool) []string {
	var out []string
	for i, st := range statements(doc) {
		if st["Effect"] != "Allow" {
			continue
		}
		svc := gdServicePrincipals(st["Principal"])
		if len(svc) == 0 {
			continue
		}
		if only != nil && !only(strs(st["Action"])) {
			continue
		}
		cond, _ := st["Condition"].(map[string]any)
		if gdScoped(cond, kms) {
			continue
		}
		name := fmt.Sprintf("statement %d", i)
		if sid, ok := st["Sid"].(string); ok && sid != "" {
			name = "statement " + strconv.Quote(sid)
		}
		out = append(out, name+" ("+strings.Join(svc, ", ")+")")
	}
	return out
}

// gdAWSManagedKey reports an AWS-managed key named by alias (alias/aws/...,
// or its ARN form).
func gdAWSManagedKey(k string) bool {
	return strings.HasPrefix(k, "alias/aws/") || strings.Contains(k, ":alias/aws/")
}

// gdCheckCMK fails when path names an AWS-managed key.
func gdCheckCMK(c *Check, path, what, fix string) {
	// A value unknown at preview is another resource's output (a key this
	// stack makes); an AWS-managed alias is a literal, known at preview. So
	// an unknown value passes instead of deferring: a new stack's preview
	// decides this rule.
	switch k, st := getString(c.Props(), path); st {
	case computed:
	case badShape:
		c.shape(path, "a KMS key ARN, id or alias")
	case present:
		if gdAWSManagedKey(k) {
			c.Fail(fmt.Sprintf("%s is the AWS-managed key %s: %s", path, shown(c.Props(), path), what), fix)
		}
	}
}

// gdAuditBuckets are the buckets CloudTrail writes to: through the trail's
// dependency on the bucket (as DP-04 finds them), else by its name.
func gdAuditBuckets(s *Stack) []*Resource {
	var out []*Resource
	for _, t := range s.OfType(CloudTrail) {
		for _, b := range resolveRefs(s, t, "s3BucketName", bucketTypes...) {
			if !containsResource(out, b) {
				out = append(out, b)
			}
		}
		if v, st := getString(t.Props, "s3BucketName"); st == present {
			for _, b := range s.OfType(bucketTypes...) {
				if gdBucketNamed(b, v) && !containsResource(out, b) {
					out = append(out, b)
				}
			}
		}
	}
	return out
}

// gdBucketNamed reports whether a known bucket name can be this bucket's:
// its bucket input, its bucketPrefix followed by a suffix, or (neither set)
// Pulumi's auto-name, the resource name with a random suffix.
func gdBucketNamed(b *Resource, name string) bool {
	if v, st := getString(b.Props, "bucket"); st == present {
		return v == name
	} else if st == computed {
		return true
	}
	if p, st := getString(b.Props, "bucketPrefix"); st == present {
		return strings.HasPrefix(name, p)
	} else if st == computed {
		return true
	}
	for _, k := range []string{"id", "arn"} {
		if v, st := getString(b.Props, k); st == present && (v == name || v == "arn:aws:s3:::"+name) {
			return true
		}
	}
	return name == b.Name || strings.HasPrefix(name, b.Name+"-")
}

// gdBucketOf resolves the bucket a bucket-level configuration names.
func gdBucketOf(s *Stack, r *Resource) *Resource {
	if bs := resolveRefs(s, r, "bucket", bucketTypes...); len(bs) > 0 {
		return bs[0]
	}
	if v, st := getString(r.Props, "bucket"); st == present {
		for _, b := range s.OfType(bucketTypes...) {
			if gdBucketNamed(b, v) {
				return b
			}
		}
	}
	return nil
}

// gdParam reads a named parameter of a parameter group, with its path.
func gdParam(m property.Map, name string) (string, string, state) {
	params, st := getArray(m, "parameters")
	if st != present {
		return "", "", st
	}
	for i, p := range params {
		if p.IsComputed() {
			return "", "", computed
		}
		if !p.IsMap() {
			continue
		}
		if n, _ := getString(p.AsMap(), "name"); strings.EqualFold(n, name) {
			path := fmt.Sprintf("parameters[%d].value", i)
			v, st := getString(m, path)
			if st == badShape {
				if n, nst := getNumber(m, path); nst == present {
					return strconv.FormatFloat(n, 'f', -1, 64), path, present
				}
			}
			return v, path, st
		}
	}
	return "", "", missing
}

// gdClusterGroups returns the clusters of a parameter group (the rules
// report on the cluster, which is what uses the group), or the group
// itself when no cluster in the stack uses it.
func gdClusterGroups(s *Stack, g *Resource) []*Resource {
	var out []*Resource
	for _, cl := range s.OfType(RDSCluster) {
		for _, x := range resolveRefs(s, cl, "dbClusterParameterGroupName", RDSClusterParameterGroup) {
			if x == g {
				out = append(out, cl)
			}
		}
	}
	return out
}

// gdOnClusters reports on g's clusters, or on g itself.
func gdOnClusters(s *Stack, c *Check, g *Resource) []*Check {
	var out []*Check
	for _, cl := range gdClusterGroups(s, g) {
		out = append(out, c.On(cl))
	}
	if len(out) == 0 {
		out = append(out, c.On(g))
	}
	return out
}

// gdIsMySQLGroup reports a parameter group of a MySQL family (the audit
// plugin and general log parameters are MySQL's).
func gdIsMySQLGroup(m property.Map) bool {
	f, _ := getString(m, "family")
	return strings.HasPrefix(f, "aurora-mysql") || strings.HasPrefix(f, "mysql") || strings.HasPrefix(f, "aurora5")
}

// gdVaultOf resolves the vault a lock configuration names.
func gdVaultOf(s *Stack, r *Resource) *Resource {
	if vs := resolveRefs(s, r, "backupVaultName", BackupVault); len(vs) > 0 {
		return vs[0]
	}
	return nil
}

// gdIsOn reads an ON/OFF or 1/0 parameter value.
func gdIsOn(v string) bool {
	switch strings.ToUpper(strings.TrimSpace(v)) {
	case "1", "ON", "TRUE":
		return true
	}
	return false
}

var guardRules = []*Rule{
	// ---- encryption at rest ----
	{
		ID: "ENC-15", Name: "kms-service-grants-scoped", Group: groupEncryption,
		Title: "A KMS key policy statement that lets an AWS service use the key must pin it to this account (aws:SourceAccount, aws:SourceArn or an encryption context).",
		HIPAA: []string{"312(a)(1)", "312(a)(2)(iv)", "308(a)(4)(ii)(B)"}, SOC2: []string{"CC6.1", "CC6.3"},
		Severity: "high", Scope: ScopeResource, Types: []string{KMSKey, KMSKeyPolicy}, Exceptable: true,
		Remediation: "Add a condition to every statement whose Principal is an AWS service: aws:SourceAccount (or aws:SourceArn) with this account, or kms:EncryptionContext:<service context> naming this account's resources (AWS KMS Developer Guide, key policies for AWS services; the IAM User Guide's confused-deputy guidance).",
		check: func(c *Check) {
			if _, st := lookup(c.Props(), "policy"); st == missing {
				return // AWS's default key policy trusts the account only
			}
			doc, ok := c.JSON("policy")
			if !ok {
				return
			}
			for _, s := range gdUnscopedServiceGrants(doc, true, nil) {
				c.Fail("policy "+s+" lets the service use the key with no aws:SourceAccount, aws:SourceArn or encryption-context condition, so it acts for any account (the confused deputy)",
					"Add aws:SourceAccount (or aws:SourceArn) or a kms:EncryptionContext condition naming this account's resources")
			}
		},
	},
	{
		ID: "ENC-16", Name: "customer-managed-keys-named", Group: groupEncryption,
		Title: "Where the estate names a customer-managed key, an AWS-managed key (alias/aws/*) must not replace it: KMS buckets of Confidential or PHI data, topics, the Aurora master secret and Performance Insights.",
		HIPAA: []string{"312(a)(2)(iv)", "312(e)(2)(ii)"}, SOC2: []string{"CC6.1", "C1.1"},
		Severity: "high", Scope: ScopeStack, Types: []string{S3SSEConfigV2, S3SSEConfig, SNSTopic, RDSCluster, RDSClusterInstance}, Exceptable: true,
		Params:      map[string]any{"awsManagedAllowedFor": []string{"Public", "Internal"}},
		Remediation: "Name a security.Keys key: kmsMasterKeyId on the bucket's SSE configuration and on topics, masterUserSecretKmsKeyId and performanceInsightsKmsKeyId on Aurora. An AWS-managed key's policy cannot be restricted or shared (CloudWatch cannot publish to a topic under alias/aws/sns) and its use is not separable from every other principal's in the account.",
		checkStack: func(s *Stack, c *Check) {
			allowed := c.StringsParam("awsManagedAllowedFor")
			for _, cfg := range s.OfType(S3SSEConfigV2, S3SSEConfig) {
				b := gdBucketOf(s, cfg)
				on := c.On(cfg)
				if b != nil {
					if contains(allowed, b.Classification()) {
						continue
					}
					on = c.On(b)
				}
				cc := c.On(cfg)
				cc.Each("rules", func(_ int, _ property.Map, p string) {
					path := p + ".applyServerSideEncryptionByDefault.kmsMasterKeyId"
					switch k, st := getString(cfg.Props, path); st {
					case computed:
						// Another resource's output, not a literal alias (gdCheckCMK).
					case badShape:
						cc.shape(path, "a KMS key ARN")
					case present:
						if gdAWSManagedKey(k) {
							on.Fail(fmt.Sprintf("%s names the AWS-managed key %s for %s data (its key policy cannot be restricted, and no grant of yours separates this bucket's reads)", path, shown(cfg.Props, path), classificationOf(orBucket(b, cfg))),
								"Name the data CMK (storage.Bucket's KmsKeyArn)")
						}
					}
				})
			}
			for _, t := range s.OfType(SNSTopic) {
				if t.IsPHI() {
					continue // ENC-04 and TAG-02 judge PHI topics
				}
				gdCheckCMK(c.On(t), "kmsMasterKeyId", "CloudWatch alarms and EventBridge cannot publish to a topic under alias/aws/sns (its key policy cannot grant them), so notifications are lost", "Set kmsMasterKeyId to the messaging CMK")
			}
			for _, cl := range s.OfType(RDSCluster) {
				gdCheckCMK(c.On(cl), "masterUserSecretKmsKeyId", "the master password's secret sits under aws/secretsmanager, which every principal in the account with secret access can use", "Set masterUserSecretKmsKeyId to the data CMK")
				gdCheckCMK(c.On(cl), "performanceInsightsKmsKeyId", "Performance Insights keeps query text (PHI) under aws/rds", "Set performanceInsightsKmsKeyId to the data CMK")
			}
			for _, in := range s.OfType(RDSClusterInstance) {
				gdCheckCMK(c.On(in), "performanceInsightsKmsKeyId", "Performance Insights keeps query text (PHI) under aws/rds", "Set performanceInsightsKmsKeyId to the data CMK")
			}
		},
	},

	// ---- encryption in transit ----
	{
		ID: "TLS-15", Name: "aurora-tls-versions", Group: groupTransit,
		Title: "Aurora MySQL clusters must use a cluster parameter group of their own that admits TLS 1.2 or later only.",
		HIPAA: []string{"312(e)(1)", "312(e)(2)(ii)"}, SOC2: []string{"CC6.7"},
		Severity: "high", Scope: ScopeStack, Types: []string{RDSCluster, RDSClusterParameterGroup}, Exceptable: true,
		Remediation: "Keep dbClusterParameterGroupName on database.Aurora's group and its tls_version at TLSv1.2,TLSv1.3 (Aurora MySQL 3 accepts TLSv1.2 and TLSv1.3 by default; TLSv1 and TLSv1.1 fall short of NIST SP 800-52r2).",
		checkStack: func(s *Stack, c *Check) {
			for _, cl := range s.OfType(RDSCluster) {
				if e, _ := getString(cl.Props, "engine"); e != "aurora-mysql" {
					continue
				}
				// The default group (require_secure_transport OFF): the input
				// removed, even where the engine kept the dependency on the
				// old group. An empty name with a dependency is an output not
				// yet known.
				if _, st := lookup(cl.Props, "dbClusterParameterGroupName"); st == missing {
					c.On(cl).Fail("dbClusterParameterGroupName is unset: the cluster uses default.aurora-mysql8.0, where require_secure_transport is OFF (plaintext connections are accepted)",
						"Set dbClusterParameterGroupName to database.Aurora's parameter group")
				}
			}
			for _, g := range s.OfType(RDSClusterParameterGroup) {
				if !gdIsMySQLGroup(g.Props) {
					continue
				}
				v, path, st := gdParam(g.Props, "tls_version")
				switch st {
				case computed:
					c.On(g).Defer("parameters")
				case badShape:
					c.On(g).shape(path, "a string")
				case present:
					for _, p := range strings.Split(v, ",") {
						if p = strings.TrimSpace(p); strings.EqualFold(p, "TLSv1") || strings.EqualFold(p, "TLSv1.1") {
							for _, on := range gdOnClusters(s, c, g) {
								on.Fail(fmt.Sprintf("parameter group %s sets tls_version to %s, admitting %s", g.Name, shown(g.Props, path), p), "Set tls_version=TLSv1.2,TLSv1.3")
							}
							break
						}
					}
				}
			}
		},
	},
	{
		ID: "TLS-16", Name: "aurora-instance-current-ca", Group: groupTransit,
		Title: "Aurora DB instances must use a current certificate authority.",
		HIPAA: []string{"312(e)(1)", "312(e)(2)(i)"}, SOC2: []string{"CC6.7"},
		Severity: "medium", Scope: ScopeResource, Types: []string{RDSClusterInstance}, Exceptable: true,
		Params:      map[string]any{"allowedCAs": []string{"rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1"}},
		Remediation: "Leave caCertIdentifier unset (new instances get rds-ca-rsa2048-g1) or set a current CA; rds-ca-2019 expired in August 2024.",
		check: func(c *Check) {
			if _, st := lookup(c.Props(), "caCertIdentifier"); st != missing {
				c.OneOf("caCertIdentifier", c.StringsParam("allowedCAs"), "Set caCertIdentifier: rds-ca-rsa2048-g1")
			}
		},
	},

	// ---- identity ----
	{
		ID: "IAM-15", Name: "rds-cluster-default-username", Group: groupIdentity,
		Title: "RDS clusters must not use a well-known default master username.",
		HIPAA: []string{"308(a)(4)(ii)(B)", "312(a)(1)"}, SOC2: []string{"CC6.1"},
		Severity: "medium", Scope: ScopeResource, Types: []string{RDSCluster}, Exceptable: true,
		Params:      map[string]any{"forbiddenUsernames": []string{"admin", "administrator", "postgres", "root", "sa", "master"}},
		Remediation: "Pick a master username other than admin, administrator, postgres, root, sa or master (AWS Config rds-cluster-default-admin-check).",
		check: func(c *Check) {
			for _, k := range []string{"snapshotIdentifier", "replicationSourceIdentifier", "globalClusterIdentifier", "restoreToPointInTime", "s3Import"} {
				if _, st := lookup(c.Props(), k); st != missing {
					return // the username comes from the source
				}
			}
			dsForbidDefaultName(c, "masterUsername")
		},
	},
	{
		ID: "IAM-16", Name: "container-images-from-ecr", Group: groupIdentity,
		Title: "Task definitions must run images from a private ECR registry, where scanning and immutable tags apply.",
		HIPAA: []string{"308(a)(5)(ii)(B)", "312(c)(1)"}, SOC2: []string{"CC7.1", "CC8.1"},
		Severity: "high", Scope: ScopeResource, Types: []string{ECSTaskDefinition}, Exceptable: true,
		Remediation: "Push images to the service's ECR repository (compute.Service makes it, with scan on push and immutable tags) and reference <account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag> or @sha256 digest; a public registry's mutable tag runs code nobody scanned.",
		check: func(c *Check) {
			doc, ok := c.JSON("containerDefinitions")
			if !ok {
				return
			}
			list, _ := doc.([]any)
			if _, isList := doc.([]any); !isList {
				c.shape("containerDefinitions", "a JSON list of containers")
				return
			}
			for i, e := range list {
				m, ok := e.(map[string]any)
				if !ok {
					c.Fail(fmt.Sprintf("containerDefinitions[%d] has an unexpected shape, want a map", i), "Set it as the ECS task definition documents it")
					continue
				}
				img, ok := m["image"].(string)
				if !ok {
					if m["image"] != nil {
						c.Fail(fmt.Sprintf("containerDefinitions[%d].image has an unexpected shape, want a string", i), "Set image to an ECR image URI")
					}
					continue
				}
				if img == "" {
					// No image at all: ECS refuses the registration; an
					// interpolated URI that is not known yet renders empty
					// in some programs' mocks. Nothing to judge here.
					continue
				}
				host, _, _ := strings.Cut(img, "/")
				if strings.Contains(host, ".dkr.ecr.") && (strings.HasSuffix(host, ".amazonaws.com") || strings.HasSuffix(host, ".amazonaws.com.cn")) {
					continue
				}
				name := "the image"
				if n, ok := m["name"].(string); ok {
					name = "container " + strconv.Quote(n)
				}
				c.Fail(fmt.Sprintf("%s runs %s, which is not from a private ECR registry", name, shownIf(c.Props(), "containerDefinitions", strconv.Quote(img))),
					"Push the image to the service's ECR repository and reference it by its ECR URI")
			}
		},
	},

	// ---- network ----
	{
		ID: "NET-15", Name: "db-subnet-group-isolated", Group: groupNetwork,
		Title: "DB subnet groups must not include public-tier subnets.",
		HIPAA: []string{"312(a)(1)", "312(e)(1)"}, SOC2: []string{"CC6.1", "CC6.6"},
		Severity: "high", Scope: ScopeStack, Types: []string{RDSSubnetGroup, Subnet}, Exceptable: false,
		Remediation: "Pass the VPC's isolated (or private) subnet ids to the DB subnet group (network.Network does); a public subnet routes to the internet gateway, one setting away from a public database.",
		checkStack: func(s *Stack, c *Check) {
			public := map[string]bool{}
			for _, sn := range s.OfType(Subnet) {
				tier, _ := getString(sn.Props, "tags.Tier")
				typ, _ := getString(sn.Props, "tags.SubnetType")
				mapIP, _ := getBool(sn.Props, "mapPublicIpOnLaunch")
				if strings.EqualFold(tier, "public") || strings.EqualFold(typ, "public") || mapIP {
					public[sn.URN] = true
				}
			}
			for _, g := range s.OfType(RDSSubnetGroup) {
				gc := c.On(g)
				for _, u := range g.PropertyDependencies["subnetIds"] {
					if public[u] {
						gc.Fail("subnetIds include the public-tier subnet "+s.ByURN(u).Name, "Use the isolated subnets")
					}
				}
				ids, st := getArray(g.Props, "subnetIds")
				switch st {
				case computed:
					// Joined through the property dependencies above when
					// the subnets are this stack's; otherwise, check at up.
					if len(g.PropertyDependencies["subnetIds"]) == 0 {
						gc.Defer("subnetIds")
					}
					continue
				case badShape:
					gc.shape("subnetIds", "a list of subnet ids")
					continue
				}
				for i, v := range ids {
					if !v.IsString() {
						continue
					}
					if strings.Contains(strings.ToLower(v.AsString()), "public") {
						gc.Fail(fmt.Sprintf("subnetIds[%d] is %s, a public-tier subnet", i, shown(g.Props, fmt.Sprintf("subnetIds[%d]", i))), "Use the isolated subnets")
					}
				}
			}
		},
	},

	// ---- availability ----
	{
		ID: "AVL-15", Name: "backup-vault-lock-strength", Group: groupAvailability,
		Title: "Backup vault locks must hold recovery points at least as long as the plans keep them and become immutable within days.",
		HIPAA: []string{"308(a)(7)(ii)(A)", "308(a)(7)(ii)(B)", "312(c)(1)"}, SOC2: []string{"A1.2", "CC7.4"},
		Severity: "high", Scope: ScopeStack, Types: []string{BackupVaultLock, BackupVault}, Exceptable: true,
		Params:      map[string]any{"minRetentionDays": 35, "maxChangeableForDays": 7},
		Remediation: "Set the lock's minRetentionDays to the plan's retention (35 in prod) and changeableForDays to 3 (AWS's minimum cooling-off period): after it, the lock is in compliance mode and nobody, root included, can delete a recovery point early. Without changeableForDays the lock stays in governance mode and can be removed.",
		checkStack: func(s *Stack, c *Check) {
			for _, l := range s.OfType(BackupVaultLock) {
				on := c.On(l)
				if v := gdVaultOf(s, l); v != nil {
					on = c.On(v)
				}
				lc := c.On(l)
				switch n, st := getNumber(l.Props, "minRetentionDays"); st {
				case computed:
					lc.Defer("minRetentionDays")
				case badShape:
					lc.shape("minRetentionDays", "a number")
				case present:
					if n < c.NumParam("minRetentionDays") {
						on.Fail(fmt.Sprintf("vault lock %s has minRetentionDays %s, below the %v days the plans keep recovery points", l.Name, shown(l.Props, "minRetentionDays"), c.NumParam("minRetentionDays")),
							"Set minRetentionDays to the plan's retention")
					}
				}
				switch n, st := getNumber(l.Props, "changeableForDays"); st {
				case computed:
					lc.Defer("changeableForDays")
				case badShape:
					lc.shape("changeableForDays", "a number")
				case missing:
					on.Fail("vault lock "+l.Name+" has no changeableForDays, so it stays in governance mode: anyone with backup:DeleteBackupVaultLockConfiguration can remove it", "Set changeableForDays: 3")
				default:
					if n > c.NumParam("maxChangeableForDays") {
						on.Fail(fmt.Sprintf("vault lock %s stays removable for %s days (changeableForDays) before it becomes immutable", l.Name, shown(l.Props, "changeableForDays")),
							fmt.Sprintf("Set changeableForDays to at most %v (3 is AWS's minimum)", c.NumParam("maxChangeableForDays")))
					}
				}
			}
		},
	},
	{
		ID: "AVL-16", Name: "backup-copy-retention", Group: groupAvailability,
		Title: "Cross-region backup copies must be kept as long as the source recovery points.",
		HIPAA: []string{"308(a)(7)(ii)(A)", "308(a)(7)(ii)(B)"}, SOC2: []string{"A1.2", "CC7.4"},
		Severity: "medium", Scope: ScopeResource, Types: []string{BackupPlan}, Exceptable: true,
		Params:      map[string]any{"minDeleteAfterDays": 35},
		Remediation: "Set every copyActions[].lifecycle.deleteAfter to 35 or more days (unset, AWS keeps the copy indefinitely).",
		check: func(c *Check) {
			c.Each("rules", func(_ int, _ property.Map, p string) {
				c.Each(p+".copyActions", func(_ int, _ property.Map, cp string) {
					path := cp + ".lifecycle.deleteAfter"
					switch n, st := getNumber(c.Props(), path); st {
					case computed:
						c.Defer(path)
					case badShape:
						c.shape(path, "a number")
					case present:
						if n < c.NumParam("minDeleteAfterDays") {
							c.Fail(fmt.Sprintf("%s is %s: the DR copy goes before %v days", path, shown(c.Props(), path), c.NumParam("minDeleteAfterDays")), "Keep copies at least as long as the source recovery points")
						}
					}
				})
			})
		},
	},
	{
		ID: "AVL-17", Name: "backup-selection-names-cluster", Group: groupAvailability,
		Title: "A backup selection made for an Aurora cluster must name that cluster.",
		HIPAA: []string{"308(a)(7)(ii)(A)", "308(a)(7)(ii)(B)"}, SOC2: []string{"A1.2", "CC7.4"},
		Severity: "high", Scope: ScopeStack, Types: []string{RDSCluster, BackupSelection}, Exceptable: true,
		Remediation: "Keep the cluster's ARN (or a wildcard that matches it) in the selection's resources (database.Aurora passes cluster.Arn).",
		// AVL-03 finds the selection through its dependency on the cluster;
		// this reads what the selection actually selects.
		checkStack: func(s *Stack, c *Check) {
			for _, cl := range s.OfType(RDSCluster) {
				names := []string{cl.Name}
				if id, st := getString(cl.Props, "clusterIdentifier"); st == present {
					names = append(names, id)
				}
				for _, sel := range s.Linked(cl, "resources", BackupSelection) {
					vals, st := getArray(sel.Props, "resources")
					switch st {
					case computed:
						c.On(sel).Defer("resources")
						continue
					case badShape:
						c.On(sel).shape("resources", "a list of ARNs")
						continue
					}
					found := false
					for _, v := range vals {
						if v.IsComputed() {
							found = true
							break
						}
						if !v.IsString() {
							continue
						}
						// Only an RDS ARN naming another cluster counts as not
						// selecting this one; anything else (a wildcard, a
						// value this rule cannot read) gets the benefit of the
						// doubt.
						a := v.AsString()
						parts := strings.Split(a, ":")
						last := a[strings.LastIndexAny(a, ":/")+1:]
						if len(parts) < 6 || parts[2] != "rds" || strings.Contains(a, "*") || contains(names, last) {
							found = true
							break
						}
					}
					if !found {
						c.On(cl).Fail("backup selection "+sel.Name+" no longer names the cluster in resources, so AWS Backup does not back it up",
							"Put the cluster's ARN in the selection's resources")
					}
				}
			}
		},
	},
	{
		ID: "AVL-18", Name: "ecs-scaling-floor", Group: groupAvailability,
		Title: "Auto scaling must never take an ECS service below two tasks.",
		HIPAA: []string{"308(a)(7)(ii)(C)"}, SOC2: []string{"A1.2"},
		Severity: "medium", Scope: ScopeStack, Types: []string{AppScalingTarget, ECSService}, Exceptable: true,
		Params:      map[string]any{"minCapacity": 2},
		Remediation: "Set the scaling target's minCapacity to 2 or more for every ECS service (AVL-06 judges load-balanced services).",
		checkStack: func(s *Stack, c *Check) {
			for _, t := range s.OfType(AppScalingTarget) {
				if ns, _ := getString(t.Props, "serviceNamespace"); ns != "ecs" {
					continue
				}
				lb := false
				for _, svc := range resolveRefs(s, t, "resourceId", ECSService) {
					if lbs, _ := getArray(svc.Props, "loadBalancers"); len(lbs) > 0 {
						lb = true
					}
				}
				if lb {
					continue // AVL-06 judges it
				}
				c.On(t).AtLeast("minCapacity", c.NumParam("minCapacity"), "Raise minCapacity to 2 or more, as AVL-05 asks of desiredCount")
			}
		},
	},

	// ---- logging ----
	{
		ID: "LOG-15", Name: "access-log-retention", Group: groupLogging,
		Title: "Buckets that receive S3 server access logs must keep them at least a year.",
		HIPAA: []string{"312(b)", "316(b)(2)(i)"}, SOC2: []string{"CC7.2", "CC7.3"},
		Severity: "medium", Scope: ScopeStack, Types: []string{"aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2", S3LoggingV2, S3Logging}, Exceptable: true,
		Params: map[string]any{"minExpirationDays": 365},
		// Dev keeps 90 days of logs by design (Environments[Dev]), its
		// access logs too.
		DevLevel:    Advisory,
		Remediation: "Keep the log bucket's lifecycle expiration at 365 days or more (security.Audit keeps 400); LOG-05 asks the same year of CloudWatch log groups.",
		checkStack: func(s *Stack, c *Check) {
			targets := map[*Resource]bool{}
			for _, lg := range s.OfType(S3LoggingV2, S3Logging) {
				for _, b := range resolveRefs(s, lg, "targetBucket", bucketTypes...) {
					targets[b] = true
				}
			}
			for _, lc := range s.OfType("aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2") {
				b := gdBucketOf(s, lc)
				if b == nil || !targets[b] {
					continue
				}
				cc := c.On(lc)
				cc.Each("rules", func(_ int, r property.Map, p string) {
					if st, _ := getString(r, "status"); st == "Disabled" {
						return
					}
					path := p + ".expiration.days"
					switch n, st := getNumber(lc.Props, path); st {
					case computed:
						cc.Defer(path)
					case badShape:
						cc.shape(path, "a number")
					case present:
						if n < c.NumParam("minExpirationDays") {
							cc.Fail(fmt.Sprintf("%s is %s: the server access logs of the buckets that log into %s go before %v days", path, shown(lc.Props, path), b.Name, c.NumParam("minExpirationDays")),
								"Keep access logs at least a year")
						}
					}
				})
			}
		},
	},
	{
		ID: "LOG-16", Name: "trail-management-events", Group: groupLogging,
		Title: "CloudTrail trails must record management events.",
		HIPAA: []string{"308(a)(1)(ii)(D)", "312(b)"}, SOC2: []string{"CC7.2"},
		Severity: "high", Scope: ScopeResource, Types: []string{CloudTrail}, Exceptable: true,
		Remediation: "Keep an advanced event selector with eventCategory equals Management (or leave eventSelectors' includeManagementEvents at its default, true); a trail with only data-event selectors records no API calls.",
		check: func(c *Check) {
			if _, st := lookup(c.Props(), "advancedEventSelectors"); st != missing {
				mgmt, deferred := false, false
				c.Each("advancedEventSelectors", func(_ int, sel property.Map, p string) {
					fs, st := getArray(sel, "fieldSelectors")
					if st == computed {
						deferred = true
						return
					}
					for _, f := range fs {
						if f.IsComputed() {
							deferred = true
							continue
						}
						if !f.IsMap() {
							continue
						}
						name, _ := getString(f.AsMap(), "field")
						eq, est := getStrings(f.AsMap(), "equals")
						if est == computed {
							deferred = true
						}
						if name == "eventCategory" && contains(eq, "Management") {
							mgmt = true
						}
					}
				})
				if v, st := lookup(c.Props(), "advancedEventSelectors"); st == present && v.IsArray() && !mgmt && !deferred {
					c.Fail("no advanced event selector selects eventCategory Management, so the trail records no API calls", "Add an advanced event selector {fieldSelectors: [{field: eventCategory, equals: [Management]}]}")
				} else if deferred && !mgmt {
					c.Defer("advancedEventSelectors")
				}
				return
			}
			sels, st := getArray(c.Props(), "eventSelectors")
			if st != present || len(sels) == 0 {
				return // AWS's default: management events, read and write
			}
			mgmtOn := false
			c.Each("eventSelectors", func(_ int, sel property.Map, p string) {
				switch b, st := getBool(sel, "includeManagementEvents"); st {
				case missing:
					mgmtOn = true // AWS's default: true
				case computed:
					mgmtOn = true
					c.Defer(p + ".includeManagementEvents")
				case present:
					mgmtOn = mgmtOn || b
				case badShape:
					c.shape(p+".includeManagementEvents", "a bool")
					mgmtOn = true
				}
			})
			if !mgmtOn {
				c.Fail("every event selector sets includeManagementEvents false, so the trail records no API calls", "Set includeManagementEvents: true (AWS's default)")
			}
		},
	},
	{
		ID: "LOG-17", Name: "trail-bucket-in-stack", Group: groupLogging,
		Title: "A trail made to write to a bucket of this stack must still name that bucket, where its lock, encryption and policy are checked.",
		HIPAA: []string{"312(b)", "312(c)(1)"}, SOC2: []string{"CC7.2", "C1.1"},
		Severity: "medium", Scope: ScopeStack, Types: []string{CloudTrail, S3BucketV2, S3Bucket}, Exceptable: true,
		Remediation: "Point s3BucketName at the audit bucket (security.Audit does); when the organisation's central log archive receives the trail, add a reviewed exception for trail-bucket-in-stack on the trail naming that bucket.",
		checkStack: func(s *Stack, c *Check) {
			for _, t := range s.OfType(CloudTrail) {
				tc := c.On(t)
				v, st := getString(t.Props, "s3BucketName")
				switch st {
				case computed:
					if len(resolveRefs(s, t, "s3BucketName", bucketTypes...)) == 0 {
						tc.Defer("s3BucketName")
					}
					continue
				case badShape:
					tc.shape("s3BucketName", "a bucket name")
					continue
				case missing:
					continue // the provider requires it
				}
				// The trail was written against a bucket of the stack (its
				// input depends on one) but now names another: a literal
				// name for the organisation's central bucket, never tied to
				// a bucket here, is the organisation's to check (the anchors
				// accept it), so only a name that left its bucket fails.
				deps := resolveRefs(s, t, "s3BucketName", bucketTypes...)
				if len(t.PropertyDependencies["s3BucketName"]) == 0 {
					continue
				}
				ok := len(deps) == 0
				for _, b := range deps {
					if gdBucketNamed(b, v) {
						ok = true
					}
				}
				if !ok {
					tc.Fail("s3BucketName is "+shown(t.Props, "s3BucketName")+", not a bucket of this stack: its object lock, encryption and policy cannot be checked", "Write the trail to the stack's audit bucket, or record a reviewed exception naming the central log bucket")
				}
			}
		},
	},
	{
		ID: "LOG-18", Name: "aurora-audit-parameters", Group: groupLogging,
		Title: "Aurora MySQL parameter groups must keep the audit log on and recording connections, DCL and DDL.",
		HIPAA: []string{"308(a)(1)(ii)(D)", "308(a)(5)(ii)(C)", "312(b)"}, SOC2: []string{"CC7.2", "CC7.3"},
		Severity: "high", Scope: ScopeStack, Types: []string{RDSClusterParameterGroup, RDSCluster}, Exceptable: true,
		Params:      map[string]any{"requiredAuditEvents": []string{"CONNECT", "QUERY_DCL", "QUERY_DDL"}},
		Remediation: "Keep server_audit_logging=1 and server_audit_events including CONNECT,QUERY_DCL,QUERY_DDL (database.Aurora sets them); the exported audit log (LOG-01) is empty without them (server_audit_logging defaults to 0).",
		checkStack: func(s *Stack, c *Check) {
			for _, g := range s.OfType(RDSClusterParameterGroup) {
				if !gdIsMySQLGroup(g.Props) {
					continue
				}
				if v, path, st := gdParam(g.Props, "server_audit_logging"); st == computed {
					c.On(g).Defer("parameters")
				} else if st == badShape {
					c.On(g).shape(path, "1 or 0")
				} else if st == present && !gdIsOn(v) {
					for _, on := range gdOnClusters(s, c, g) {
						on.Fail(fmt.Sprintf("parameter group %s sets server_audit_logging to %s: the audit log records nothing", g.Name, shown(g.Props, path)), "Set server_audit_logging=1")
					}
				}
				if v, path, st := gdParam(g.Props, "server_audit_events"); st == present {
					have := map[string]bool{}
					for _, e := range strings.Split(v, ",") {
						have[strings.ToUpper(strings.TrimSpace(e))] = true
					}
					var lack []string
					for _, want := range c.StringsParam("requiredAuditEvents") {
						if !have[want] {
							lack = append(lack, want)
						}
					}
					if len(lack) > 0 {
						for _, on := range gdOnClusters(s, c, g) {
							on.Fail(fmt.Sprintf("parameter group %s sets server_audit_events to %s, without %s", g.Name, shown(g.Props, path), strings.Join(lack, ", ")), "Set server_audit_events=CONNECT,QUERY_DCL,QUERY_DDL")
						}
					}
				}
			}
		},
	},
	{
		ID: "LOG-19", Name: "ecs-exec-log-destination", Group: groupLogging,
		Title: "ECS exec logging that overrides the default must name an encrypted destination.",
		HIPAA: []string{"312(b)", "312(a)(2)(iv)"}, SOC2: []string{"CC7.2", "CC6.1"},
		Severity: "medium", Scope: ScopeResource, Types: []string{ECSCluster}, Exceptable: true,
		Remediation: "With logging OVERRIDE, set logConfiguration.cloudWatchLogGroupName with cloudWatchEncryptionEnabled: true (or s3BucketName with s3BucketEncryptionEnabled: true); unset, ECS does not require the destination to be encrypted (the SDK's default is false).",
		check: func(c *Check) {
			base := "configuration.executeCommandConfiguration"
			if l, st := getString(c.Props(), base+".logging"); st != present || l != "OVERRIDE" {
				if st == computed {
					c.Defer(base + ".logging")
				}
				return
			}
			lcp := base + ".logConfiguration"
			_, cw := lookup(c.Props(), lcp+".cloudWatchLogGroupName")
			_, s3 := lookup(c.Props(), lcp+".s3BucketName")
			if cw == missing && s3 == missing {
				c.Fail("logging is OVERRIDE with no cloudWatchLogGroupName or s3BucketName: exec sessions are logged nowhere", "Set logConfiguration.cloudWatchLogGroupName to the ecs-exec log group")
				return
			}
			if cw != missing {
				c.True(lcp+".cloudWatchEncryptionEnabled", "Set cloudWatchEncryptionEnabled: true")
			}
			if s3 != missing {
				c.True(lcp+".s3EncryptionEnabled", "Set s3EncryptionEnabled: true")
			}
		},
	},

	// ---- data protection ----
	{
		ID: "DP-15", Name: "audit-lock-retention", Group: groupDataProtection,
		Title: "The audit bucket's object lock must default to COMPLIANCE mode for at least six years.",
		HIPAA: []string{"316(b)(2)(i)", "312(c)(1)", "308(a)(1)(ii)(B)"}, SOC2: []string{"C1.1", "PI1.5"},
		Severity: "high", Scope: ScopeStack, Types: []string{CloudTrail, S3BucketV2, S3ObjectLockConfigV2}, Exceptable: true,
		Params:      map[string]any{"minRetentionDays": 2192},
		Remediation: "Keep the BucketObjectLockConfigurationV2 rule.defaultRetention {mode: COMPLIANCE, days: 2192} (carestack:audit.objectLockDays): HIPAA keeps documentation six years (164.316(b)(2)(i)); GOVERNANCE lets anyone with s3:BypassGovernanceRetention delete the logs.",
		checkStack: func(s *Stack, c *Check) {
			for _, b := range gdAuditBuckets(s) {
				for _, l := range s.Linked(b, "bucket", S3ObjectLockConfigV2) {
					bc := c.On(b)
					lc := c.On(l)
					switch _, st := lookup(l.Props, "rule.defaultRetention"); st {
					case computed:
						lc.Defer("rule.defaultRetention")
						continue
					case missing:
						bc.Fail("object lock configuration "+l.Name+" has no rule.defaultRetention, so new trail logs are not locked", "Set rule.defaultRetention {mode: COMPLIANCE, days: 2192}")
						continue
					}
					switch m, st := getString(l.Props, "rule.defaultRetention.mode"); st {
					case computed:
						lc.Defer("rule.defaultRetention.mode")
					case badShape:
						lc.shape("rule.defaultRetention.mode", "COMPLIANCE or GOVERNANCE")
					case missing:
						bc.Fail("rule.defaultRetention.mode is unset", "Set mode: COMPLIANCE")
					default:
						if m != "COMPLIANCE" {
							bc.Fail("the audit bucket's default retention is "+shown(l.Props, "rule.defaultRetention.mode")+" mode: anyone with s3:BypassGovernanceRetention can delete the logs", "Set mode: COMPLIANCE")
						}
					}
					days, dst := getNumber(l.Props, "rule.defaultRetention.days")
					years, yst := getNumber(l.Props, "rule.defaultRetention.years")
					switch {
					case dst == computed || yst == computed:
						lc.Defer("rule.defaultRetention")
					case dst == badShape:
						lc.shape("rule.defaultRetention.days", "a number")
					case yst == badShape:
						lc.shape("rule.defaultRetention.years", "a number")
					case dst == missing && yst == missing:
						bc.Fail("rule.defaultRetention sets neither days nor years", "Set days: 2192")
					default:
						got, path := days, "rule.defaultRetention.days"
						if dst == missing {
							got, path = years*365, "rule.defaultRetention.years"
						}
						if got < c.NumParam("minRetentionDays") {
							bc.Fail(fmt.Sprintf("the audit bucket locks trail logs for %s (%s), less than %v days: they can be deleted before HIPAA's six years", shown(l.Props, path), path, c.NumParam("minRetentionDays")),
								"Set days: 2192 (carestack:audit.objectLockDays)")
						}
					}
				}
			}
		},
	},
	{
		ID: "DP-16", Name: "service-writes-to-buckets-scoped", Group: groupDataProtection,
		Title: "A bucket policy that lets an AWS service write must pin it to this account's sources (aws:SourceArn or aws:SourceAccount).",
		HIPAA: []string{"312(c)(1)", "312(a)(1)"}, SOC2: []string{"CC6.1", "C1.1"},
		Severity: "high", Scope: ScopeResource, Types: []string{S3BucketPolicy}, Exceptable: true,
		Remediation: "Add aws:SourceArn (the trail's ARN) or aws:SourceAccount to every statement granting a service principal (cloudtrail, logging.s3, delivery.logs, config...) s3:PutObject: without it any account's trail or bucket can write into yours (the confused deputy; AWS CloudTrail User Guide, Amazon S3 bucket policy for CloudTrail).",
		check: func(c *Check) {
			doc, ok := c.JSON("policy")
			if !ok {
				return
			}
			writes := func(actions []string) bool {
				for _, a := range actions {
					if a == "*" || a == "s3:*" || strings.HasPrefix(a, "s3:Put") {
						return true
					}
				}
				return false
			}
			for _, s := range gdUnscopedServiceGrants(doc, false, writes) {
				c.Fail("policy "+s+" lets the service write with no aws:SourceArn or aws:SourceAccount condition, so any account's resources may write into the bucket", "Add aws:SourceArn or aws:SourceAccount")
			}
		},
	},
	{
		ID: "DP-17", Name: "kms-objects-replicated", Group: groupDataProtection,
		Title: "Replication of a bucket under SSE-KMS must replicate KMS-encrypted objects.",
		HIPAA: []string{"308(a)(7)(ii)(A)", "308(a)(7)(ii)(B)"}, SOC2: []string{"A1.2"},
		Severity: "high", Scope: ScopeStack, Types: []string{S3ReplicationConfig, S3SSEConfigV2}, Exceptable: true,
		Remediation: "Set sourceSelectionCriteria.sseKmsEncryptedObjects.status: Enabled (with destination.encryptionConfiguration.replicaKmsKeyId): S3 replicates no SSE-KMS object without it.",
		checkStack: func(s *Stack, c *Check) {
			for _, rc := range s.OfType(S3ReplicationConfig) {
				b := gdBucketOf(s, rc)
				if b == nil || !gdBucketUsesKMS(s, b) {
					continue
				}
				cc := c.On(rc)
				cc.Each("rules", func(_ int, r property.Map, p string) {
					if st, _ := getString(r, "status"); st != "Enabled" {
						return
					}
					path := p + ".sourceSelectionCriteria.sseKmsEncryptedObjects.status"
					switch v, st := getString(rc.Props, path); st {
					case computed:
						cc.Defer(path)
					case badShape:
						cc.shape(path, "Enabled or Disabled")
					case missing:
						// Unset is AWS's default (not replicated) too, but a rule
						// that names no replica key may predate SSE-KMS on the
						// bucket; one that names a replica key meant to copy
						// KMS objects and copies none.
						if _, kst := lookup(r, "destination.encryptionConfiguration.replicaKmsKeyId"); kst != missing {
							cc.Fail(path+" is unset although the rule names a replica KMS key: S3 replicates no SSE-KMS object without it (AWS's default), and "+b.Name+" encrypts every object with KMS, so the copy stays empty", "Set sseKmsEncryptedObjects.status: Enabled")
						}
					default:
						if v != "Enabled" {
							cc.Fail(path+" is "+shown(rc.Props, path)+": S3 replicates no SSE-KMS object, and "+b.Name+" encrypts every object with KMS, so the copy stays empty", "Set sseKmsEncryptedObjects.status: Enabled")
						}
					}
				})
			}
		},
	},
	{
		ID: "DP-18", Name: "no-statement-logging", Group: groupDataProtection,
		Title: "Database statements (with their PHI values) must not be written to logs: no RDS Proxy debug logging, no MySQL general log.",
		HIPAA: []string{"312(a)(1)", "312(c)(1)", "502(b)"}, SOC2: []string{"C1.1", "CC6.1"},
		Severity: "high", Scope: ScopeStack, Types: []string{RDSProxy, RDSClusterParameterGroup, RDSCluster}, Exceptable: true,
		DevLevel:    Mandatory,
		Remediation: "Keep debugLogging false on RDS proxies (AWS's default; it logs SQL statements) and general_log 0 on MySQL parameter groups (the engine's default; it records every statement with its values).",
		checkStack: func(s *Stack, c *Check) {
			for _, p := range s.OfType(RDSProxy) {
				c.On(p).NotTrue("debugLogging", "Set debugLogging: false (AWS's default)")
			}
			for _, g := range s.OfType(RDSClusterParameterGroup) {
				if !gdIsMySQLGroup(g.Props) {
					continue
				}
				if v, path, st := gdParam(g.Props, "general_log"); st == computed {
					c.On(g).Defer("parameters")
				} else if st == present && gdIsOn(v) {
					for _, on := range gdOnClusters(s, c, g) {
						on.Fail(fmt.Sprintf("parameter group %s sets general_log to %s: every statement, with its values, goes to the instances' logs", g.Name, shown(g.Props, path)), "Set general_log=0")
					}
				}
			}
		},
	},
}

// orBucket is the bucket when known, else the configuration.
func orBucket(b, cfg *Resource) *Resource {
	if b != nil {
		return b
	}
	return cfg
}

// gdBucketUsesKMS reports whether the bucket's default encryption is
// SSE-KMS (side-by-side configuration).
func gdBucketUsesKMS(s *Stack, b *Resource) bool {
	for _, cfg := range s.Linked(b, "bucket", S3SSEConfigV2, S3SSEConfig) {
		rs, _ := getArray(cfg.Props, "rules")
		for _, r := range rs {
			if !r.IsMap() {
				continue
			}
			if a, _ := getString(r.AsMap(), "applyServerSideEncryptionByDefault.sseAlgorithm"); strings.HasPrefix(a, "aws:kms") {
				return true
			}
		}
	}
	return false
}
