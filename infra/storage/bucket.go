// Package storage holds the one way the estate makes an S3 bucket.
package storage

import (
	"errors"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/carestack/carestack/infra/common"
	"github.com/carestack/carestack/internal/tags"
)

// BucketArgs configures a Bucket. Everything not named here is fixed secure.
type BucketArgs struct {
	// Classification is required; PHI and Confidential buckets need KmsKeyArn.
	Classification common.Classification
	// KmsKeyArn selects SSE-KMS with a bucket key. Without it the bucket uses
	// SSE-S3, which only Internal and Public data may.
	KmsKeyArn pulumi.StringInput
	// AccessLogBucket receives this bucket's server access logs. Required
	// unless IsAccessLogTarget (a bucket cannot log into itself).
	AccessLogBucket pulumi.StringInput
	// IsAccessLogTarget marks the estate's log bucket: no self-logging, and
	// S3 log delivery may write to it.
	IsAccessLogTarget bool
	// ObjectLockDays > 0 turns on object lock in COMPLIANCE mode with that
	// default retention (audit buckets in prod).
	ObjectLockDays int
	// ExpireDays > 0 expires current objects after that many days (log
	// buckets). Noncurrent versions always expire after NoncurrentDays.
	ExpireDays     int
	NoncurrentDays int
	// NamePrefix, when set, prefixes the generated bucket name (the audit
	// trail selects PHI buckets' data events by prefix).
	NamePrefix string
	// Replica, when set, replicates every object version to a bucket in
	// another region (HIPAA 164.308(a)(7) contingency plan).
	Replica *ReplicaArgs
	// replicaOf is set on the replica a Bucket makes of itself.
	replicaOf string
	// ExtraStatements adds statements (service principals that deliver into
	// the bucket, CloudFront OAC) to the TLS-only policy. It receives the
	// bucket ARN and must resolve to []any of statements.
	ExtraStatements func(bucketArn pulumi.StringOutput) pulumi.AnyOutput
}

// ReplicaArgs places a bucket's replica in a disaster-recovery region.
type ReplicaArgs struct {
	// Provider is the explicit provider of the DR region.
	Provider *aws.Provider
	// Account is the DR region's account view (same account, other region).
	Account common.Account
	// SourceKmsKeyArn is the source bucket's key (replication decrypts with
	// it) and SourceRegion the source bucket's region.
	SourceKmsKeyArn pulumi.StringInput
	SourceRegion    string
	// KmsKeyArn is a customer key in the DR region; AccessLogBucket the DR
	// region's access-log bucket.
	KmsKeyArn       pulumi.StringInput
	AccessLogBucket pulumi.StringInput
}

// TagReplicaOf marks a replica with its source bucket's logical name, so
// the policy pack does not ask a replica to replicate again.
const TagReplicaOf = tags.ReplicaOf

// Bucket is a private, encrypted, versioned S3 bucket with a TLS-only policy.
//
// It creates: s3.BucketV2, BucketServerSideEncryptionConfigurationV2,
// BucketPublicAccessBlock (all four blocks), BucketOwnershipControls
// (BucketOwnerEnforced, so ACLs are off), BucketVersioningV2, BucketPolicy
// (deny non-TLS plus ExtraStatements), BucketLoggingV2 (unless it is the log
// target), BucketLifecycleConfigurationV2 and, with ObjectLockDays,
// BucketObjectLockConfigurationV2.
type Bucket struct {
	pulumi.ResourceState

	BucketName pulumi.StringOutput `pulumi:"bucketName"`
	Arn        pulumi.StringOutput `pulumi:"arn"`
	// RegionalDomainName is what CloudFront uses as an S3 origin.
	RegionalDomainName pulumi.StringOutput `pulumi:"regionalDomainName"`

	// Policy lets callers order resources after the policy exists.
	Policy *s3.BucketPolicy
}

func (a *BucketArgs) validate() error {
	var errs []error
	if !a.Classification.Valid() {
		errs = append(errs, fmt.Errorf("classification %q (Classification): must be PHI, Confidential, Internal or Public", a.Classification))
	}
	if a.Classification.NeedsCMK() && a.KmsKeyArn == nil {
		errs = append(errs, fmt.Errorf("KmsKeyArn: required for %s data (customer-managed key, HIPAA 164.312(a)(2)(iv))", a.Classification))
	}
	if a.AccessLogBucket == nil && !a.IsAccessLogTarget {
		errs = append(errs, errors.New("AccessLogBucket: required (every bucket logs access, HIPAA 164.312(b))"))
	}
	if a.ObjectLockDays < 0 || a.ExpireDays < 0 || a.NoncurrentDays < 0 {
		errs = append(errs, errors.New("ObjectLockDays, ExpireDays, NoncurrentDays: must not be negative"))
	}
	if r := a.Replica; r != nil && (r.Provider == nil || r.KmsKeyArn == nil || r.AccessLogBucket == nil || r.SourceKmsKeyArn == nil || r.SourceRegion == "") {
		errs = append(errs, errors.New("replica: Provider, KmsKeyArn, SourceKmsKeyArn, SourceRegion and AccessLogBucket are required"))
	}
	if a.ObjectLockDays > 0 && a.ExpireDays > 0 && a.ExpireDays < a.ObjectLockDays {
		errs = append(errs, fmt.Errorf("ExpireDays %d: must be at least ObjectLockDays %d", a.ExpireDays, a.ObjectLockDays))
	}
	return errors.Join(errs...)
}

// NewBucket makes a bucket under the component name: the bucket, then each
// of its configurations as a named step.
func NewBucket(ctx *pulumi.Context, name string, args *BucketArgs, opts ...pulumi.ResourceOption) (*Bucket, error) {
	if args == nil {
		return nil, fmt.Errorf("storage.Bucket %s: args are required", name)
	}
	if err := args.validate(); err != nil {
		return nil, fmt.Errorf("storage.Bucket %s: %w", name, err)
	}
	b := &Bucket{}
	inputs := pulumi.Map{
		"classification":    pulumi.String(string(args.Classification)),
		"isAccessLogTarget": pulumi.Bool(args.IsAccessLogTarget),
		"objectLockDays":    pulumi.Int(args.ObjectLockDays),
	}
	if err := ctx.RegisterComponentResourceV2("carestack:storage:Bucket", name, inputs, b, opts...); err != nil {
		return nil, err
	}
	s := &bucketSteps{ctx: ctx, name: name, args: args, component: b}
	if err := s.run(); err != nil {
		return nil, err
	}
	b.BucketName = s.bucket.Bucket
	b.Arn = s.bucket.Arn
	b.RegionalDomainName = s.bucket.BucketRegionalDomainName
	return b, ctx.RegisterResourceOutputs(b, pulumi.Map{
		"bucketName": s.bucket.Bucket,
		"arn":        s.bucket.Arn,
	})
}

// bucketSteps are NewBucket's steps and what they share.
type bucketSteps struct {
	ctx       *pulumi.Context
	name      string
	args      *BucketArgs
	component *Bucket

	bucket     *s3.BucketV2
	pab        *s3.BucketPublicAccessBlock
	versioning *s3.BucketVersioningV2
}

func (s *bucketSteps) child(extra ...pulumi.ResourceOption) []pulumi.ResourceOption {
	return common.Child(s.component, extra...)
}

func (s *bucketSteps) run() error {
	for _, step := range []func() error{
		s.createBucket, s.encryption, s.publicAccessBlock, s.ownership, s.versioningOn,
		s.policy, s.accessLogging, s.lifecycle, s.objectLock, s.replication,
	} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// createBucket makes the bucket: named by prefix when asked, tagged with its
// classification (and, for a replica, its source).
func (s *bucketSteps) createBucket() error {
	var prefix pulumi.StringPtrInput
	if s.args.NamePrefix != "" {
		prefix = pulumi.String(s.args.NamePrefix)
	}
	tags := common.Tags(s.args.Classification)
	if s.args.replicaOf != "" {
		tags[TagReplicaOf] = pulumi.String(s.args.replicaOf)
	}
	var err error
	s.bucket, err = s3.NewBucketV2(s.ctx, s.name, &s3.BucketV2Args{
		BucketPrefix:      prefix,
		ObjectLockEnabled: pulumi.Bool(s.args.ObjectLockDays > 0),
		Tags:              tags,
	}, s.child(
		// objectLockEnabled is ForceNew on the bucket, but S3 turns object
		// lock on for an existing versioned bucket through
		// PutObjectLockConfiguration, which BucketObjectLockConfigurationV2
		// below calls ("can be used enable Object Lock for new and existing
		// buckets", pulumi-aws docs). The flag only matters at creation, so
		// turning ObjectLockDays on later never replaces a bucket.
		pulumi.IgnoreChanges([]string{"objectLockEnabled"}))...)
	return err
}

// encryption is SSE-KMS with a bucket key under KmsKeyArn, else SSE-S3.
func (s *bucketSteps) encryption() error {
	sse := &s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
		SseAlgorithm: pulumi.String("AES256"),
	}
	if s.args.KmsKeyArn != nil {
		sse = &s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
			SseAlgorithm:   pulumi.String("aws:kms"),
			KmsMasterKeyId: s.args.KmsKeyArn,
		}
	}
	_, err := s3.NewBucketServerSideEncryptionConfigurationV2(s.ctx, s.name+"-sse", &s3.BucketServerSideEncryptionConfigurationV2Args{
		Bucket: s.bucket.ID(),
		Rules: s3.BucketServerSideEncryptionConfigurationV2RuleArray{&s3.BucketServerSideEncryptionConfigurationV2RuleArgs{
			ApplyServerSideEncryptionByDefault: sse,
			BucketKeyEnabled:                   pulumi.Bool(s.args.KmsKeyArn != nil),
		}},
	}, s.child()...)
	return err
}

// publicAccessBlock turns on all four blocks.
func (s *bucketSteps) publicAccessBlock() error {
	var err error
	s.pab, err = s3.NewBucketPublicAccessBlock(s.ctx, s.name+"-pab", &s3.BucketPublicAccessBlockArgs{
		Bucket:                s.bucket.ID(),
		BlockPublicAcls:       pulumi.Bool(true),
		BlockPublicPolicy:     pulumi.Bool(true),
		IgnorePublicAcls:      pulumi.Bool(true),
		RestrictPublicBuckets: pulumi.Bool(true),
	}, s.child()...)
	return err
}

// ownership enforces the bucket owner, so ACLs are off.
func (s *bucketSteps) ownership() error {
	_, err := s3.NewBucketOwnershipControls(s.ctx, s.name+"-ownership", &s3.BucketOwnershipControlsArgs{
		Bucket: s.bucket.ID(),
		Rule:   &s3.BucketOwnershipControlsRuleArgs{ObjectOwnership: pulumi.String("BucketOwnerEnforced")},
	}, s.child()...)
	return err
}

// versioningOn enables versioning (object lock and replication need it).
func (s *bucketSteps) versioningOn() error {
	var err error
	s.versioning, err = s3.NewBucketVersioningV2(s.ctx, s.name+"-versioning", &s3.BucketVersioningV2Args{
		Bucket:                  s.bucket.ID(),
		VersioningConfiguration: &s3.BucketVersioningV2VersioningConfigurationArgs{Status: pulumi.String("Enabled")},
	}, s.child()...)
	return err
}

// policy denies every request without TLS and adds ExtraStatements. It
// waits for the public access block so a statement granting a service
// principal is never evaluated against a half-configured bucket.
func (s *bucketSteps) policy() error {
	name := s.name
	extra := pulumi.Any([]any{})
	if s.args.ExtraStatements != nil {
		extra = s.args.ExtraStatements(s.bucket.Arn)
	}
	policyDoc := pulumi.All(s.bucket.Arn, extra).ApplyT(func(in []any) (string, error) {
		arn := in[0].(string)
		stmts := []common.Statement{common.DenyInsecureTransport(arn, arn+"/*")}
		more, ok := in[1].([]any)
		if !ok {
			return "", fmt.Errorf("storage.Bucket %s: ExtraStatements must resolve to []any, got %T", name, in[1])
		}
		for _, x := range more {
			st, ok := x.(common.Statement)
			if !ok {
				return "", fmt.Errorf("storage.Bucket %s: ExtraStatements element must be common.Statement, got %T", name, x)
			}
			stmts = append(stmts, st)
		}
		return common.PolicyJSON(stmts...), nil
	}).(pulumi.StringOutput)
	policy, err := s3.NewBucketPolicy(s.ctx, name+"-policy", &s3.BucketPolicyArgs{
		Bucket: s.bucket.ID(),
		Policy: policyDoc,
	}, s.child(pulumi.DependsOn([]pulumi.Resource{s.pab}))...)
	s.component.Policy = policy
	return err
}

// accessLogging sends server access logs to AccessLogBucket (not for the
// log bucket itself).
func (s *bucketSteps) accessLogging() error {
	if s.args.IsAccessLogTarget {
		return nil
	}
	_, err := s3.NewBucketLoggingV2(s.ctx, s.name+"-logging", &s3.BucketLoggingV2Args{
		Bucket:       s.bucket.ID(),
		TargetBucket: s.args.AccessLogBucket,
		TargetPrefix: pulumi.String("s3/" + s.name + "/"),
	}, s.child()...)
	return err
}

// lifecycle expires noncurrent versions (NoncurrentDays, 90 by default),
// current objects after ExpireDays when set, and stale multipart uploads.
func (s *bucketSteps) lifecycle() error {
	noncurrent := s.args.NoncurrentDays
	if noncurrent == 0 {
		noncurrent = 90
	}
	rule := &s3.BucketLifecycleConfigurationV2RuleArgs{
		Id:     pulumi.String("retention"),
		Status: pulumi.String("Enabled"),
		Filter: &s3.BucketLifecycleConfigurationV2RuleFilterArgs{Prefix: pulumi.String("")},
		AbortIncompleteMultipartUpload: &s3.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs{
			DaysAfterInitiation: pulumi.Int(7),
		},
		NoncurrentVersionExpiration: &s3.BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs{
			NoncurrentDays: pulumi.Int(noncurrent),
		},
	}
	if s.args.ExpireDays > 0 {
		rule.Expiration = &s3.BucketLifecycleConfigurationV2RuleExpirationArgs{Days: pulumi.Int(s.args.ExpireDays)}
	}
	_, err := s3.NewBucketLifecycleConfigurationV2(s.ctx, s.name+"-lifecycle", &s3.BucketLifecycleConfigurationV2Args{
		Bucket: s.bucket.ID(),
		Rules:  s3.BucketLifecycleConfigurationV2RuleArray{rule},
	}, s.child(pulumi.DependsOn([]pulumi.Resource{s.versioning}))...)
	return err
}

// objectLock sets COMPLIANCE retention of ObjectLockDays; on an existing
// bucket it also turns object lock on.
func (s *bucketSteps) objectLock() error {
	if s.args.ObjectLockDays <= 0 {
		return nil
	}
	_, err := s3.NewBucketObjectLockConfigurationV2(s.ctx, s.name+"-objectlock", &s3.BucketObjectLockConfigurationV2Args{
		Bucket: s.bucket.ID(),
		Rule: &s3.BucketObjectLockConfigurationV2RuleArgs{
			DefaultRetention: &s3.BucketObjectLockConfigurationV2RuleDefaultRetentionArgs{
				Mode: pulumi.String("COMPLIANCE"),
				Days: pulumi.Int(s.args.ObjectLockDays),
			},
		},
	}, s.child(pulumi.DependsOn([]pulumi.Resource{s.versioning}))...)
	return err
}

// replication, with Replica, replicates every version to the DR region.
func (s *bucketSteps) replication() error {
	if s.args.Replica == nil {
		return nil
	}
	return replicate(s.ctx, s.name, s.component, s.bucket, s.versioning, s.args)
}

// s3KeyCondition limits a KMS grant to S3 in region acting on bucketArn.
func s3KeyCondition(region, bucketArn string) map[string]any {
	return map[string]any{
		"StringEquals": map[string]any{"kms:ViaService": fmt.Sprintf("s3.%s.amazonaws.com", region)},
		"StringLike":   map[string]any{"kms:EncryptionContext:aws:s3:arn": []string{bucketArn, bucketArn + "/*"}},
	}
}

// replicate makes the replica (a Bucket of its own in the DR region: same
// classification, the DR key, DR access logs), the role S3 replicates with,
// scoped to these two buckets and keys, and the replication configuration:
// every object, delete markers too, KMS-encrypted objects re-encrypted with
// the DR key.
func replicate(ctx *pulumi.Context, name string, parent *Bucket, source *s3.BucketV2, versioning *s3.BucketVersioningV2, args *BucketArgs) error {
	r := args.Replica
	replica, err := NewBucket(ctx, name+"-replica", &BucketArgs{
		Classification:  args.Classification,
		KmsKeyArn:       r.KmsKeyArn,
		AccessLogBucket: r.AccessLogBucket,
		NamePrefix:      args.NamePrefix,
		NoncurrentDays:  args.NoncurrentDays,
		replicaOf:       name,
	}, pulumi.Parent(parent), pulumi.Providers(r.Provider))
	if err != nil {
		return err
	}
	role, err := iam.NewRole(ctx, name+"-replication", &iam.RoleArgs{
		AssumeRolePolicy: pulumi.String(common.ServiceTrust(r.Account, "s3.amazonaws.com")),
		Tags:             common.Tags(common.Internal),
	}, common.Child(parent)...)
	if err != nil {
		return err
	}
	policy, err := iam.NewRolePolicy(ctx, name+"-replication", &iam.RolePolicyArgs{
		Role: role.ID(),
		Policy: pulumi.All(source.Arn, replica.Arn, r.SourceKmsKeyArn, r.KmsKeyArn).ApplyT(func(in []any) string {
			src, dst := in[0].(string), in[1].(string)
			return common.PolicyJSON(
				common.Statement{"Effect": "Allow", "Action": []string{"s3:GetReplicationConfiguration", "s3:ListBucket"}, "Resource": src},
				common.Statement{"Effect": "Allow", "Action": []string{"s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"}, "Resource": src + "/*"},
				common.Statement{"Effect": "Allow", "Action": []string{"s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"}, "Resource": dst + "/*"},
				// Keys only through S3 in each bucket's region and only for
				// these buckets (S3's encryption context aws:s3:arn is the
				// bucket's ARN under Bucket Keys, the object's otherwise).
				common.Statement{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": in[2],
					"Condition": s3KeyCondition(r.SourceRegion, src)},
				common.Statement{"Effect": "Allow", "Action": []string{"kms:Encrypt", "kms:GenerateDataKey"}, "Resource": in[3],
					"Condition": s3KeyCondition(r.Account.Region, dst)},
			)
		}).(pulumi.StringOutput),
	}, common.Child(parent)...)
	if err != nil {
		return err
	}
	_, err = s3.NewBucketReplicationConfig(ctx, name+"-replication", &s3.BucketReplicationConfigArgs{
		Bucket: source.ID(),
		Role:   role.Arn,
		Rules: s3.BucketReplicationConfigRuleArray{&s3.BucketReplicationConfigRuleArgs{
			Id:                      pulumi.String("dr"),
			Status:                  pulumi.String("Enabled"),
			Filter:                  &s3.BucketReplicationConfigRuleFilterArgs{Prefix: pulumi.String("")},
			DeleteMarkerReplication: &s3.BucketReplicationConfigRuleDeleteMarkerReplicationArgs{Status: pulumi.String("Enabled")},
			SourceSelectionCriteria: &s3.BucketReplicationConfigRuleSourceSelectionCriteriaArgs{
				SseKmsEncryptedObjects: &s3.BucketReplicationConfigRuleSourceSelectionCriteriaSseKmsEncryptedObjectsArgs{Status: pulumi.String("Enabled")},
			},
			Destination: &s3.BucketReplicationConfigRuleDestinationArgs{
				Bucket:                  replica.Arn,
				StorageClass:            pulumi.String("STANDARD_IA"),
				EncryptionConfiguration: &s3.BucketReplicationConfigRuleDestinationEncryptionConfigurationArgs{ReplicaKmsKeyId: r.KmsKeyArn},
			},
		}},
	}, common.Child(parent, pulumi.DependsOn([]pulumi.Resource{versioning, replica, policy}))...)
	return err
}
