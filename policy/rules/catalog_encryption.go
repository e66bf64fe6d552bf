package rules

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

const (
	groupEncryption = "encryption-at-rest"
	groupTransit    = "encryption-in-transit"
)

var encryptionRules = []*Rule{
	{
		ID: "ENC-01", Name: "aurora-storage-encrypted-cmk", Group: groupEncryption,
		Title: "Aurora storage must be encrypted with a customer-managed KMS key.",
		HIPAA: []string{"312(a)(2)(iv)", "312(e)(2)(ii)"}, SOC2: []string{"CC6.1", "PI1.5"},
		Severity: "critical", Scope: ScopeResource, Types: []string{RDSCluster}, Exceptable: false,
		Remediation: "Set storageEncrypted: true and kmsKeyId to the data CMK ARN (database.Aurora does both).",
		check: func(c *Check) {
			// The SDK documents storageEncrypted as false by default for
			// provisioned clusters and true for serverless (v1) ones.
			if m, st := getString(c.Props(), "engineMode"); st == present && m == "serverless" {
				c.NotFalse("storageEncrypted", "Set storageEncrypted: true")
			} else {
				c.True("storageEncrypted", "Set storageEncrypted: true (the SDK default is false for provisioned clusters)")
			}
			c.Present("kmsKeyId", "Set kmsKeyId to the data CMK ARN")
		},
	},
	{
		ID: "ENC-02", Name: "aurora-pi-cmk", Group: groupEncryption,
		Title: "Performance Insights data must be encrypted with a customer-managed KMS key.",
		HIPAA: []string{"312(a)(2)(iv)"}, SOC2: []string{"CC6.1"},
		Severity: "medium", Scope: ScopeResource, Types: []string{RDSClusterInstance, RDSCluster}, Exceptable: true,
		Remediation: "Set performanceInsightsKmsKeyId to the data CMK ARN wherever performanceInsightsEnabled is true.",
		check: func(c *Check) {
			on, st := getBool(c.Props(), "performanceInsightsEnabled")
			if st == computed {
				c.Defer("performanceInsightsEnabled")
			}
			if st == present && on {
				c.Present("performanceInsightsKmsKeyId", "Set performanceInsightsKmsKeyId to the data CMK ARN")
			}
		},
	},
	{
		ID: "ENC-03", Name: "s3-sse-kms", Group: groupEncryption,
		Title: "S3 buckets must have default encryption; PHI and Confidential buckets with a KMS key.",
		HIPAA: []string{"312(a)(2)(iv)", "312(e)(2)(ii)", "312(c)(1)", "312(c)(2)"}, SOC2: []string{"CC6.1", "PI1.4"},
		Severity: "critical", Scope: ScopeStack, Types: bucketTypes, Exceptable: false,
		Params:      map[string]any{"sseS3AllowedFor": []string{"Public", "Internal"}},
		Remediation: "Create buckets with storage.Bucket and pass KmsKeyArn for PHI or Confidential data.",
		checkStack: func(s *Stack, c *Check) {
			for _, b := range s.OfType(bucketTypes...) {
				checkBucketEncryption(s, c.On(b))
			}
		},
	},
	{
		ID: "ENC-04", Name: "sns-kms", Group: groupEncryption,
		Title: "SNS topics must be encrypted with KMS; PHI topics with a customer-managed key.",
		HIPAA: []string{"312(a)(2)(iv)", "312(e)(2)(ii)"}, SOC2: []string{"CC6.1", "PI1.4"},
		Severity: "high", Scope: ScopeResource, Types: []string{SNSTopic}, Exceptable: true,
		Remediation: "Set kmsMasterKeyId to the messaging CMK ARN (messaging.Topic does).",
		check: func(c *Check) {
			if !c.Present("kmsMasterKeyId", "Set kmsMasterKeyId to the messaging CMK ARN") {
				return
			}
			if k, st := getString(c.Props(), "kmsMasterKeyId"); st == present && isPHI(c.Props()) && strings.HasPrefix(k, "alias/aws/") {
				c.Fail("kmsMasterKeyId is the AWS-managed key "+shown(c.Props(), "kmsMasterKeyId")+" on a PHI topic", "Use the messaging CMK")
			}
		},
	},
	{
		ID: "ENC-05", Name: "log-group-kms", Group: groupEncryption,
		Title: "CloudWatch log groups must be encrypted with a customer-managed KMS key.",
		HIPAA: []string{"312(a)(2)(iv)", "312(e)(2)(ii)"}, SOC2: []string{"CC6.1", "CC7.3", "PI1.4"},
		Severity: "high", Scope: ScopeResource, Types: []string{LogGroup}, Exceptable: false,
		Remediation: "Set kmsKeyId to the logs CMK ARN; for awsx task definitions pass logGroup args with kmsKeyId.",
		check:       func(c *Check) { c.Present("kmsKeyId", "Set kmsKeyId to the logs CMK ARN") },
	},
	{
		ID: "ENC-06", Name: "secret-cmk", Group: groupEncryption,
		Title: "Secrets Manager secrets and their replicas must use a customer-managed KMS key.",
		HIPAA: []string{"312(a)(2)(iv)", "312(e)(2)(ii)"}, SOC2: []string{"CC6.1"},
		Severity: "high", Scope: ScopeResource, Types: []string{Secret}, Exceptable: false,
		Remediation: "Set kmsKeyId (and every replicas[].kmsKeyId) to the data CMK ARN.",
		check: func(c *Check) {
			c.Present("kmsKeyId", "Set kmsKeyId to the data CMK ARN")
			c.Each("replicas", func(_ int, _ property.Map, p string) {
				c.Present(p+".kmsKeyId", "Set "+p+".kmsKeyId to a CMK in the replica region")
			})
		},
	},
	{
		ID: "ENC-07", Name: "dms-kms", Group: groupEncryption,
		Title: "DMS replication instances and endpoints must encrypt with a customer-managed KMS key.",
		HIPAA: []string{"312(a)(2)(iv)"}, SOC2: []string{"CC6.1"},
		Severity: "high", Scope: ScopeResource, Types: []string{DMSReplicationInstance, DMSEndpoint, DMSS3Endpoint}, Exceptable: false,
		Remediation: "Set kmsKeyArn on instances and endpoints; S3 endpoints use encryptionMode SSE_KMS with serverSideEncryptionKmsKeyId.",
		check: func(c *Check) {
			if c.Resource().Type == DMSS3Endpoint {
				c.OneOf("encryptionMode", []string{"SSE_KMS"}, "Set encryptionMode: SSE_KMS")
				c.Present("serverSideEncryptionKmsKeyId", "Set serverSideEncryptionKmsKeyId to the data CMK ARN")
				return
			}
			c.Present("kmsKeyArn", "Set kmsKeyArn to the data CMK ARN")
		},
	},
	{
		ID: "ENC-08", Name: "backup-vault-cmk", Group: groupEncryption,
		Title: "Backup vaults must be encrypted with a customer-managed KMS key.",
		HIPAA: []string{"312(a)(2)(iv)", "308(a)(7)"}, SOC2: []string{"A1.2", "CC7.4", "PI1.5"},
		Severity: "high", Scope: ScopeResource, Types: []string{BackupVault}, Exceptable: false,
		Remediation: "Set kmsKeyArn to the backups CMK ARN.",
		check:       func(c *Check) { c.Present("kmsKeyArn", "Set kmsKeyArn to the backups CMK ARN") },
	},
	{
		ID: "ENC-09", Name: "kms-rotation", Group: groupEncryption,
		Title: "Symmetric KMS keys must rotate at least yearly.",
		HIPAA: []string{"312(a)(2)(iv)"}, SOC2: []string{"CC6.1", "PI1.5"},
		Severity: "high", Scope: ScopeResource, Types: []string{KMSKey}, Exceptable: true,
		Remediation: "Set enableKeyRotation: true and rotationPeriodInDays at most 365.",
		check: func(c *Check) {
			usage, ust := getString(c.Props(), "keyUsage")
			spec, sst := getString(c.Props(), "customerMasterKeySpec")
			if s2, st := getString(c.Props(), "keySpec"); st == present {
				spec, sst = s2, st
			}
			if ust == computed || sst == computed {
				c.Defer("keyUsage")
				return
			}
			if (ust == present && usage != "ENCRYPT_DECRYPT") || (sst == present && spec != "SYMMETRIC_DEFAULT") {
				return // asymmetric and HMAC keys cannot rotate
			}
			c.True("enableKeyRotation", "Set enableKeyRotation: true")
			if n, st := getNumber(c.Props(), "rotationPeriodInDays"); st == present && n > 365 {
				c.Fail(fmt.Sprintf("rotationPeriodInDays is %s, more than a year", shown(c.Props(), "rotationPeriodInDays")), "Set rotationPeriodInDays to 365 or less")
			}
		},
	},
	{
		ID: "ENC-10", Name: "kms-key-safety", Group: groupEncryption,
		Title: "KMS keys must keep a deletion window, the policy lockout check, and a non-public key policy.",
		HIPAA: []string{"308(a)(1)(ii)(B)"}, SOC2: []string{"CC6.1"},
		Severity: "high", Scope: ScopeResource, Types: []string{KMSKey}, Exceptable: true,
		Params:      map[string]any{"minDeletionWindowDays": 30},
		Remediation: "Set deletionWindowInDays to 30, never bypass the lockout check, and grant only named principals in the key policy.",
		check: func(c *Check) {
			if n, st := getNumber(c.Props(), "deletionWindowInDays"); st == computed {
				c.Defer("deletionWindowInDays")
			} else if st == present && n < c.NumParam("minDeletionWindowDays") {
				c.Fail(fmt.Sprintf("deletionWindowInDays is %s, want at least %v", shown(c.Props(), "deletionWindowInDays"), c.NumParam("minDeletionWindowDays")),
					"Raise deletionWindowInDays so a mistaken deletion can be cancelled")
			}
			c.NotTrue("bypassPolicyLockoutSafetyCheck", "Remove bypassPolicyLockoutSafetyCheck")
			if _, st := lookup(c.Props(), "policy"); st != missing {
				if doc, ok := c.JSON("policy"); ok {
					for _, s := range publicAllows(doc, nil) {
						c.Fail("the key policy allows "+s+" to any principal without a condition", "Name the principals in the key policy")
					}
				}
			}
		},
	},
}

// sseRule is one default-encryption entry of a bucket: its map and path.
type sseRule struct {
	m property.Map
	p string
}

// checkBucketEncryption accepts the side-by-side SSE config (v6 V2 and v7
// names) and the deprecated inline forms, whose shapes differ
// (s3/pulumiTypes.go, v6.83.4): BucketV2 has lists at every level,
// serverSideEncryptionConfigurations[].rules[].applyServerSideEncryptionByDefaults[];
// the legacy Bucket has single blocks,
// serverSideEncryptionConfiguration.rule.applyServerSideEncryptionByDefault.
func checkBucketEncryption(s *Stack, c *Check) {
	b := c.Resource()
	needKMS := !contains(c.StringsParam("sseS3AllowedFor"), b.Classification())
	var rules []sseRule
	for _, cfg := range s.Linked(b, "bucket", S3SSEConfigV2, S3SSEConfig) {
		cc := c.On(cfg)
		cc.Each("rules", func(_ int, m property.Map, p string) { rules = append(rules, sseRule{m, p}) })
	}
	c.Each("serverSideEncryptionConfigurations", func(_ int, _ property.Map, p string) {
		c.Each(p+".rules", func(_ int, m property.Map, rp string) { rules = append(rules, sseRule{m, rp}) })
	})
	switch m, st := getMap(b.Props, "serverSideEncryptionConfiguration.rule"); st {
	case present:
		rules = append(rules, sseRule{m, "serverSideEncryptionConfiguration.rule"})
	case computed:
		c.Defer("serverSideEncryptionConfiguration.rule")
		return
	case badShape:
		c.shape("serverSideEncryptionConfiguration.rule", "a map")
		return
	}
	if len(rules) == 0 {
		if _, st := lookup(b.Props, "serverSideEncryptionConfigurations"); st == computed {
			return // deferred by Each
		}
		if needKMS {
			c.Fail(fmt.Sprintf("a %s bucket has no server-side encryption configuration (since January 2023 S3 applies SSE-S3, AES256 with S3-managed keys, by default)", classificationOf(b)),
				"Add a BucketServerSideEncryptionConfigurationV2 with sseAlgorithm aws:kms and the data CMK")
		}
		return
	}
	for _, r := range rules {
		for _, d := range sseDefaults(c, r) {
			checkSSEDefault(c, b, d, needKMS)
		}
	}
}

// sseDefaults returns the rule's applyServerSideEncryptionByDefault entries:
// the single block of the side-by-side config and the legacy bucket, or the
// list BucketV2's inline form has. A rule without one fails.
func sseDefaults(c *Check, r sseRule) []sseRule {
	var out []sseRule
	if vals, st := getArray(r.m, "applyServerSideEncryptionByDefaults"); st == present {
		for i, v := range vals {
			p := fmt.Sprintf("%s.applyServerSideEncryptionByDefaults[%d]", r.p, i)
			switch {
			case v.IsComputed():
				c.Defer(p)
			case v.IsMap():
				out = append(out, sseRule{v.AsMap(), p})
			default:
				c.Fail(p+" has an unexpected shape, want a map", "Set it as the AWS provider documents it")
			}
		}
		if len(vals) == 0 {
			c.Fail(r.p+".applyServerSideEncryptionByDefaults is empty", "Set sseAlgorithm to aws:kms")
		}
		return out
	} else if st == computed {
		c.Defer(r.p + ".applyServerSideEncryptionByDefaults")
		return nil
	}
	switch m, st := getMap(r.m, "applyServerSideEncryptionByDefault"); st {
	case present:
		return []sseRule{{m, r.p + ".applyServerSideEncryptionByDefault"}}
	case computed:
		c.Defer(r.p + ".applyServerSideEncryptionByDefault")
		return nil
	}
	c.Fail(r.p+".applyServerSideEncryptionByDefault.sseAlgorithm is unset", "Set sseAlgorithm to aws:kms")
	return nil
}

// checkSSEDefault judges one default-encryption entry d. S3 Bucket Keys
// (bucketKeyEnabled) only cut KMS request costs; they change nothing about
// how the data is protected, so they are not a finding of this rule.
func checkSSEDefault(c *Check, b *Resource, d sseRule, needKMS bool) {
	alg, st := getString(d.m, "sseAlgorithm")
	switch {
	case st == computed:
		c.Defer(d.p + ".sseAlgorithm")
	case st != present:
		c.Fail(d.p+".sseAlgorithm is unset", "Set sseAlgorithm to aws:kms")
	case needKMS && alg != "aws:kms" && alg != "aws:kms:dsse":
		c.Fail(fmt.Sprintf("sseAlgorithm is %s on a %s bucket", shown(d.m, "sseAlgorithm"), classificationOf(b)), "Use sseAlgorithm aws:kms with the data CMK")
	case needKMS:
		if _, st := lookup(d.m, "kmsMasterKeyId"); st == missing {
			c.Fail("kmsMasterKeyId is unset, so S3 uses the AWS-managed key aws/s3", "Set kmsMasterKeyId to the data CMK ARN")
		}
	}
}

var transitRules = []*Rule{
	{
		ID: "TLS-01", Name: "alb-https-or-redirect", Group: groupTransit,
		Title: "Load balancer listeners must serve HTTPS/TLS or only redirect HTTP to HTTPS; rules on a plaintext listener must not forward.",
		HIPAA: []string{"312(a)(2)(iv)", "312(e)(1)", "312(e)(2)(i)", "312(e)(2)(ii)"}, SOC2: []string{"CC6.7"},
		Severity: "critical", Scope: ScopeStack, Types: append(append(append([]string{}, listenerTypes...), listenerRuleTypes...), classicELB), Exceptable: false,
		Remediation: "Use protocol HTTPS, or give the HTTP listener a single redirect action to HTTPS (compute.Cluster does); listener rules on an HTTP listener may only redirect to HTTPS or return a fixed response.",
		// A stack rule: a listener rule is plaintext when the listener it
		// names (listenerArn) is, which a resource policy cannot see.
		checkStack: func(s *Stack, c *Check) {
			for _, l := range s.OfType(listenerTypes...) {
				checkListenerPlaintext(c.On(l))
			}
			// A Classic Load Balancer cannot redirect: every listener must
			// terminate TLS (HTTPS or SSL).
			for _, lb := range s.OfType(classicELB) {
				lc := c.On(lb)
				lc.Each("listeners", func(_ int, l property.Map, p string) {
					switch proto, st := getString(l, "lbProtocol"); {
					case st == computed:
						lc.Defer(p + ".lbProtocol")
					case !strings.EqualFold(proto, "HTTPS") && !strings.EqualFold(proto, "SSL"):
						lc.Fail(fmt.Sprintf("%s listens with %s, in plaintext (a Classic Load Balancer cannot redirect to HTTPS)", p, shown(l, "lbProtocol")),
							"Listen with HTTPS or SSL, or move to an Application Load Balancer with an HTTP-to-HTTPS redirect")
					}
				})
			}
			for _, r := range s.OfType(listenerRuleTypes...) {
				rc := c.On(r)
				for _, l := range resolveRefs(s, r, "listenerArn", listenerTypes...) {
					proto, st := getString(l.Props, "protocol")
					switch {
					case st == computed:
						rc.Defer("the listener's protocol")
						continue
					case proto == "HTTPS" || proto == "TLS":
						continue
					}
					rc.Each("actions", func(_ int, a property.Map, p string) {
						typ, tst := getString(a, "type")
						rp, rst := getString(a, "redirect.protocol")
						switch {
						case tst == computed || typ == "redirect" && rst == computed:
							rc.Defer(p)
						case typ == "fixed-response" || typ == "redirect" && rp == "HTTPS":
						default:
							rc.Fail(fmt.Sprintf("a rule on the %s listener %s forwards plaintext (%s is a %s action)", orDefault(shownIf(l.Props, "protocol", proto), "HTTP"), l.Name, p, shown(a, "type")),
								"Attach the rule to the HTTPS listener; on HTTP only redirect to HTTPS or return a fixed response")
						}
					})
				}
			}
		},
	},
	{
		ID: "TLS-02", Name: "alb-tls-policy-and-acm", Group: groupTransit,
		Title: "HTTPS listeners must use a TLS 1.2+/1.3 security policy and an ACM certificate; so must listener certificates.",
		HIPAA: []string{"312(a)(2)(iv)", "312(e)(2)(ii)", "312(e)(1)"}, SOC2: []string{"CC6.7"},
		Severity: "high", Scope: ScopeResource, Types: append(append(append([]string{}, listenerTypes...), listenerCertificateTypes...), classicELB), Exceptable: true,
		Params: map[string]any{"allowedSslPolicies": []string{
			"ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-TLS13-1-2-Res-2021-06", "ELBSecurityPolicy-TLS13-1-3-2021-06",
			"ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04", "ELBSecurityPolicy-FS-1-2-Res-2020-10",
		}},
		Remediation: "Set sslPolicy to ELBSecurityPolicy-TLS13-1-2-2021-06 (the SDK default ELBSecurityPolicy-2016-08 allows TLS 1.0) and certificateArn (on listeners and listener certificates) to an ACM certificate, never an IAM server certificate.",
		check: func(c *Check) {
			if contains(listenerCertificateTypes, c.Resource().Type) {
				checkACMCertificate(c)
				return
			}
			if c.Resource().Type == classicELB {
				// Its TLS listeners name their certificate in
				// sslCertificateId (the SDK says "uploaded to AWS IAM", but
				// ACM certificates are accepted and are the only ones ACM
				// renews).
				c.Each("listeners", func(_ int, l property.Map, p string) {
					if proto, _ := getString(l, "lbProtocol"); !strings.EqualFold(proto, "HTTPS") && !strings.EqualFold(proto, "SSL") {
						return
					}
					switch arn, st := getString(l, "sslCertificateId"); {
					case st == missing:
						c.Fail(p+".sslCertificateId is unset", "Set sslCertificateId to an ACM certificate ARN")
					case st == present && !acmARN.MatchString(arn):
						c.Fail(p+".sslCertificateId is not an ACM certificate", "Issue or import the certificate in ACM")
					}
				})
				return
			}
			proto, st := getString(c.Props(), "protocol")
			if st == computed {
				c.Defer("protocol")
				return
			}
			if proto != "HTTPS" && proto != "TLS" {
				return
			}
			c.OneOf("sslPolicy", c.StringsParam("allowedSslPolicies"), "Set sslPolicy to ELBSecurityPolicy-TLS13-1-2-2021-06")
			checkACMCertificate(c)
		},
	},
	{
		ID: "TLS-03", Name: "alb-header-hygiene", Group: groupTransit,
		Title: "Application load balancers must drop invalid headers and mitigate HTTP desync.",
		HIPAA: []string{"312(a)(2)(iv)", "312(e)(1)", "312(e)(2)(i)", "312(e)(2)(ii)"}, SOC2: []string{"CC6.7", "CC6.1"},
		Severity: "medium", Scope: ScopeResource, Types: lbTypes, Exceptable: true,
		Remediation: "Set dropInvalidHeaderFields: true and desyncMitigationMode defensive or strictest.",
		check: func(c *Check) {
			if t, st := getString(c.Props(), "loadBalancerType"); st == present && t != "application" {
				return
			}
			c.True("dropInvalidHeaderFields", "Set dropInvalidHeaderFields: true")
			if _, st := lookup(c.Props(), "desyncMitigationMode"); st != missing {
				c.OneOf("desyncMitigationMode", []string{"defensive", "strictest"}, "Set desyncMitigationMode: defensive")
			}
		},
	},
	{
		ID: "TLS-04", Name: "cf-viewer-https", Group: groupTransit,
		Title: "CloudFront must serve viewers over HTTPS only.",
		HIPAA: []string{"312(e)(1)", "308(a)(4)(ii)(A)"}, SOC2: []string{"CC6.7"},
		Severity: "high", Scope: ScopeResource, Types: []string{CloudFrontDist}, Exceptable: false,
		Remediation: "Set viewerProtocolPolicy: redirect-to-https on every cache behavior.",
		check: func(c *Check) {
			allowed := []string{"redirect-to-https", "https-only"}
			c.OneOf("defaultCacheBehavior.viewerProtocolPolicy", allowed, "Set viewerProtocolPolicy: redirect-to-https")
			c.Each("orderedCacheBehaviors", func(_ int, _ property.Map, p string) {
				c.OneOf(p+".viewerProtocolPolicy", allowed, "Set viewerProtocolPolicy: redirect-to-https")
			})
		},
	},
	{
		ID: "TLS-05", Name: "cf-min-tls", Group: groupTransit,
		Title: "CloudFront must use its own ACM certificate over SNI with TLS 1.2 (2021) minimum.",
		HIPAA: []string{"312(e)(1)", "312(e)(2)(ii)"}, SOC2: []string{"CC6.7"},
		Severity: "high", Scope: ScopeResource, Types: []string{CloudFrontDist}, Exceptable: true,
		Params:      map[string]any{"allowedMinimumProtocolVersions": []string{"TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"}},
		Remediation: "Set viewerCertificate {acmCertificateArn, sslSupportMethod: sni-only, minimumProtocolVersion: TLSv1.2_2021}.",
		check: func(c *Check) {
			c.NotTrue("viewerCertificate.cloudfrontDefaultCertificate", "Use the site's ACM certificate (the default certificate allows TLSv1)")
			c.Present("viewerCertificate.acmCertificateArn", "Set viewerCertificate.acmCertificateArn")
			c.OneOf("viewerCertificate.sslSupportMethod", []string{"sni-only"}, "Set sslSupportMethod: sni-only")
			c.OneOf("viewerCertificate.minimumProtocolVersion", c.StringsParam("allowedMinimumProtocolVersions"), "Set minimumProtocolVersion: TLSv1.2_2021")
		},
	},
	{
		ID: "TLS-06", Name: "cf-origin-tls-and-oac", Group: groupTransit,
		Title: "CloudFront must reach custom origins over TLS 1.2 and S3 origins through origin access control.",
		HIPAA: []string{"312(e)(1)"}, SOC2: []string{"CC6.7", "CC6.6"},
		Severity: "high", Scope: ScopeResource, Types: []string{CloudFrontDist}, Exceptable: true,
		Remediation: "Custom origins: originProtocolPolicy https-only with originSslProtocols [TLSv1.2]. S3 origins: originAccessControlId, the REST endpoint, never the website endpoint.",
		check: func(c *Check) {
			c.Each("origins", func(_ int, o property.Map, p string) {
				if _, st := lookup(o, "customOriginConfig"); st != missing {
					c.OneOf(p+".customOriginConfig.originProtocolPolicy", []string{"https-only"}, "Set originProtocolPolicy: https-only")
					if protos, st := getStrings(o, "customOriginConfig.originSslProtocols"); st == computed {
						c.Defer(p + ".customOriginConfig.originSslProtocols")
					} else {
						for _, pr := range protos {
							if pr != "TLSv1.2" {
								c.Fail(p+".customOriginConfig.originSslProtocols allows "+pr, "Set originSslProtocols: [TLSv1.2]")
							}
						}
					}
					return
				}
				if d, st := getString(o, "domainName"); st == present && strings.Contains(d, "s3-website") {
					c.Fail(p+" is an S3 website endpoint (plain HTTP, public bucket)", "Use the bucket's regional REST domain with origin access control")
				}
				c.Present(p+".originAccessControlId", "Attach an origin access control to the S3 origin")
			})
		},
	},
	{
		ID: "TLS-07", Name: "s3-deny-insecure-transport", Group: groupTransit,
		Title: "Every S3 bucket policy must deny requests that do not use TLS.",
		HIPAA: []string{"312(a)(2)(iv)", "312(c)(2)", "312(e)(1)", "312(e)(2)(i)", "312(e)(2)(ii)"}, SOC2: []string{"CC6.1", "CC6.7"},
		Severity: "high", Scope: ScopeStack, Types: bucketTypes, Exceptable: false,
		Remediation: "Attach a bucket policy with Deny on aws:SecureTransport false for the bucket and its objects (storage.Bucket does).",
		checkStack: func(s *Stack, c *Check) {
			for _, b := range s.OfType(bucketTypes...) {
				bc := c.On(b)
				policies := s.Linked(b, "bucket", S3BucketPolicy)
				if len(policies) == 0 {
					if _, st := lookup(b.Props, "policy"); st == missing {
						bc.Fail("the bucket has no policy denying non-TLS requests", "Add a BucketPolicy with a Deny on aws:SecureTransport false")
						continue
					}
					policies = []*Resource{b}
				}
				denies := false
				deferred := false
				for _, p := range policies {
					pc := c.On(p)
					doc, st := p.json("policy")
					switch st {
					case computed:
						deferred = true
						pc.Defer("policy")
					case present:
						denies = denies || deniesInsecureTransport(doc)
					default:
						pc.shape("policy", "a JSON policy document")
						deferred = true
					}
				}
				if !denies && !deferred {
					bc.Fail("no bucket policy statement denies aws:SecureTransport false", "Add {Effect: Deny, Principal: *, Action: s3:*, Condition: {Bool: {aws:SecureTransport: false}}}")
				}
			}
		},
	},
	{
		ID: "TLS-08", Name: "aurora-require-tls", Group: groupTransit,
		Title: "Aurora and Multi-AZ DB clusters must refuse plaintext connections: require_secure_transport ON (MySQL) or rds.force_ssl 1 (PostgreSQL).",
		HIPAA: []string{"312(e)(1)", "312(e)(2)(ii)"}, SOC2: []string{"CC6.7"},
		Severity: "high", Scope: ScopeStack, Types: []string{RDSCluster, RDSClusterParameterGroup}, Exceptable: false,
		Remediation: "Set dbClusterParameterGroupName to a group with require_secure_transport=ON (aurora-mysql, mysql) or rds.force_ssl=1 (aurora-postgresql, postgres); database.Aurora makes one.",
		checkStack: func(s *Stack, c *Check) {
			for _, cl := range s.OfType(RDSCluster) {
				cc := c.On(cl)
				fam, st := engineFamily(cl.Props)
				if st == computed {
					cc.Defer("engine")
					continue
				}
				tls, ok := tlsParameters[fam]
				if !ok {
					continue
				}
				groups := resolveRefs(s, cl, "dbClusterParameterGroupName", RDSClusterParameterGroup)
				if len(groups) == 0 {
					if _, st := lookup(cl.Props, "dbClusterParameterGroupName"); st == computed {
						cc.Defer("dbClusterParameterGroupName")
					} else {
						cc.Fail(fmt.Sprintf("the cluster uses the default parameter group, where %s is %s (plaintext connections are accepted)", tls.name, tls.awsDefault),
							fmt.Sprintf("Set dbClusterParameterGroupName to a group with %s=%s", tls.name, tls.want[0]))
					}
					continue
				}
				for _, g := range groups {
					switch v, st := parameterValue(g.Props, tls.name); {
					case st == computed:
						cc.Defer("parameters")
					case st == missing:
						cc.Fail(fmt.Sprintf("parameter group %s leaves %s at its default, %s", g.Name, tls.name, tls.awsDefault), fmt.Sprintf("Set %s=%s", tls.name, tls.want[0]))
					case !containsFold(tls.want, v):
						cc.Fail(fmt.Sprintf("parameter group %s sets %s to %s", g.Name, tls.name, shownParameter(g.Props, tls.name)), fmt.Sprintf("Set %s=%s", tls.name, tls.want[0]))
					}
				}
			}
		},
	},
	{
		ID: "TLS-09", Name: "dms-endpoint-ssl", Group: groupTransit,
		Title: "DMS endpoints must require TLS.",
		HIPAA: []string{"312(e)(1)"}, SOC2: []string{"CC6.7"},
		Severity: "high", Scope: ScopeResource, Types: []string{DMSEndpoint}, Exceptable: false,
		Remediation: "Set sslMode: verify-full with certificateArn, or require.",
		check: func(c *Check) {
			c.OneOf("sslMode", []string{"require", "verify-ca", "verify-full"}, "Set sslMode: verify-full (with certificateArn) or require")
		},
	},
	{
		ID: "TLS-11", Name: "lb-certificate-from-acm", Group: groupTransit,
		Title: "Load balancer certificates unknown at preview must come from ACM, not IAM server certificates.",
		HIPAA: []string{"312(a)(2)(iv)", "312(e)(2)(ii)", "312(e)(1)"}, SOC2: []string{"CC6.7"},
		Severity: "high", Scope: ScopeStack, Types: append(append([]string{}, listenerTypes...), listenerCertificateTypes...), Exceptable: true,
		Remediation: "Issue or import the certificate in ACM (aws.acm.Certificate) and pass its ARN; IAM server certificates are neither renewed nor audited by ACM.",
		// TLS-02 judges an ARN known at preview; an ARN made in the same
		// program is unknown then, and only the stack's property
		// dependencies say whether it comes from ACM or from IAM.
		checkStack: func(s *Stack, c *Check) {
			for _, l := range s.OfType(append(append([]string{}, listenerTypes...), listenerCertificateTypes...)...) {
				if contains(listenerTypes, l.Type) {
					if proto, _ := getString(l.Props, "protocol"); proto != "HTTPS" && proto != "TLS" {
						continue
					}
				}
				if _, st := lookup(l.Props, "certificateArn"); st != computed {
					continue
				}
				lc := c.On(l)
				fromACM, fromIAM := false, false
				for _, u := range l.PropertyDependencies["certificateArn"] {
					if d := s.ByURN(u); d != nil {
						fromACM = fromACM || d.Type == ACMCertificate || d.Type == acmCertificateValidation
						fromIAM = fromIAM || d.Type == iamServerCertificate
					}
				}
				switch {
				case fromIAM:
					lc.Fail("certificateArn comes from an IAM server certificate", "Issue or import the certificate in ACM and pass its ARN")
				case !fromACM:
					lc.Defer("certificateArn")
				}
			}
		},
	},
}

// Load balancer types the listener rules read (aws:lb and aws:alb are
// separate tokens in pulumi-aws v6).
const (
	classicELB               = "aws:elb/loadBalancer:LoadBalancer"
	iamServerCertificate     = "aws:iam/serverCertificate:ServerCertificate"
	acmCertificateValidation = "aws:acm/certificateValidation:CertificateValidation"
)

var (
	listenerRuleTypes        = []string{"aws:lb/listenerRule:ListenerRule", "aws:alb/listenerRule:ListenerRule"}
	listenerCertificateTypes = []string{"aws:lb/listenerCertificate:ListenerCertificate", "aws:alb/listenerCertificate:ListenerCertificate"}
	acmARN                   = regexp.MustCompile(`^arn:aws(-[a-z]+)*:acm:`)
)

// checkListenerPlaintext is TLS-01 on one listener: HTTPS or TLS, or every
// default action a redirect to HTTPS.
func checkListenerPlaintext(c *Check) {
	proto, st := getString(c.Props(), "protocol")
	switch {
	case st == computed:
		c.Defer("protocol")
		return
	case st == badShape:
		c.shape("protocol", "a string")
		return
	case proto == "HTTPS" || proto == "TLS":
		return
	}
	actions, ast := getArray(c.Props(), "defaultActions")
	switch ast {
	case computed:
		c.Defer("defaultActions")
		return
	case badShape:
		c.shape("defaultActions", "a list of actions")
		return
	}
	if len(actions) == 0 {
		c.Fail("an HTTP listener has no default action", "Add a redirect to HTTPS")
		return
	}
	c.Each("defaultActions", func(_ int, a property.Map, p string) {
		typ, _ := getString(a, "type")
		rp, st := getString(a, "redirect.protocol")
		if st == computed {
			c.Defer(p + ".redirect.protocol")
			return
		}
		if typ != "redirect" || rp != "HTTPS" {
			c.Fail(fmt.Sprintf("listener protocol %s forwards plaintext (%s is a %s action)", orDefault(shownIf(c.Props(), "protocol", proto), "HTTP"), p, shown(a, "type")),
				"Make the only action a redirect with protocol HTTPS, status HTTP_301")
		}
	})
}

// checkACMCertificate requires certificateArn, and a known one to be an
// ACM certificate's ARN (any partition); an unknown one is TLS-11's.
func checkACMCertificate(c *Check) {
	if !c.Present("certificateArn", "Set certificateArn to an ACM certificate ARN") {
		return
	}
	if arn, st := getString(c.Props(), "certificateArn"); st == present && !acmARN.MatchString(arn) {
		what := "certificateArn is not an ACM certificate"
		if strings.Contains(arn, ":server-certificate/") {
			what = "certificateArn is an IAM server certificate"
		}
		c.Fail(what, "Issue or import the certificate in ACM")
	}
}

// tlsParameter is the cluster parameter that refuses plaintext connections
// for an engine family, the values that turn it on and AWS's default.
type tlsParameter struct {
	name       string
	want       []string
	awsDefault string
}

// tlsParameters by engine family. Aurora MySQL's require_secure_transport
// is OFF by default (Aurora User Guide, "TLS connections to Aurora MySQL DB
// clusters"); Aurora PostgreSQL's rds.force_ssl is 0 by default (Aurora
// User Guide, "Securing Aurora PostgreSQL data with SSL/TLS").
var tlsParameters = map[string]tlsParameter{
	"mysql":    {"require_secure_transport", []string{"ON", "1"}, "OFF"},
	"postgres": {"rds.force_ssl", []string{"1"}, "0"},
}

// engineFamily maps a cluster's engine to mysql or postgres. pulumi-aws v6
// accepts aurora-mysql, aurora-postgresql, mysql and postgres (the last two
// are Multi-AZ DB clusters) and, from older programs, aurora (MySQL 5.6
// compatible); an unset engine is read as Aurora MySQL, RDS's historic
// default.
func engineFamily(m property.Map) (string, state) {
	e, st := getString(m, "engine")
	switch {
	case st == computed:
		return "", computed
	case st == missing:
		return "mysql", missing
	case st != present:
		return "", st
	}
	switch e {
	case "aurora", "aurora-mysql", "mysql":
		return "mysql", present
	case "aurora-postgresql", "postgres":
		return "postgres", present
	}
	return "", present
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// shownParameter renders a parameter's value for a message (masked when
// the value, or the list holding it, is secret).
func shownParameter(m property.Map, name string) string {
	params, _ := getArray(m, "parameters")
	for i, p := range params {
		if p.IsMap() {
			if n, _ := getString(p.AsMap(), "name"); n == name {
				return shown(m, fmt.Sprintf("parameters[%d].value", i))
			}
		}
	}
	return "unset"
}

// parameterValue finds a named parameter in a parameter group.
func parameterValue(m property.Map, name string) (string, state) {
	params, st := getArray(m, "parameters")
	if st != present {
		return "", st
	}
	for _, p := range params {
		if p.IsComputed() {
			return "", computed
		}
		if !p.IsMap() {
			continue
		}
		if n, _ := getString(p.AsMap(), "name"); n == name {
			v, st := getString(p.AsMap(), "value")
			return v, st
		}
	}
	return "", missing
}

// deniesInsecureTransport looks for a Deny on aws:SecureTransport false.
func deniesInsecureTransport(doc any) bool {
	for _, s := range statements(doc) {
		if s["Effect"] != "Deny" {
			continue
		}
		cond, _ := s["Condition"].(map[string]any)
		b, _ := cond["Bool"].(map[string]any)
		if v := fmt.Sprint(b["aws:SecureTransport"]); v == "false" {
			return true
		}
	}
	return false
}
