// Package security holds the estate's KMS keys and its audit trail.
package security

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/carestack/carestack/infra/common"
)

// Purpose names one customer-managed key. Separate keys per purpose keep a
// grant on log encryption from ever decrypting patient data.
type Purpose string

const (
	// Data encrypts PHI at rest: PHI buckets, the database, DMS.
	Data Purpose = "data"
	// Logs, Messaging and Backups are the keys of one service each
	// (CloudWatch Logs and CloudTrail, SNS, AWS Backup); they hold PHI.
	Logs      Purpose = "logs"
	Messaging Purpose = "messaging"
	Backups   Purpose = "backups"
	// Confidential and Internal encrypt data of those classes at rest
	// (Confidential buckets and app secrets; Internal buckets and container
	// images), so a grant to read them never decrypts PHI.
	Confidential Purpose = "confidential"
	Internal     Purpose = "internal"
)

// Purposes is every key Keys creates, in creation order.
var Purposes = []Purpose{Data, Logs, Messaging, Backups, Confidential, Internal}

// ForData is the key for data at rest of a classification: each class has
// its own ("" for Public data, which needs no customer key).
func ForData(c common.Classification) Purpose {
	switch c {
	case common.PHI:
		return Data
	case common.Confidential:
		return Confidential
	case common.Internal:
		return Internal
	}
	return ""
}

// KeysArgs configures Keys.
type KeysArgs struct {
	Account common.Account
	// Protect sets Pulumi's protect option on every key, so `pulumi destroy`
	// cannot schedule a key (and all data under it) for deletion.
	Protect bool
	// Purposes limits the keys made; empty means all of Purposes.
	Purposes []Purpose
}

// Keys is one KMS customer-managed key per Purpose.
//
// It creates, per purpose: kms.Key (symmetric, rotation yearly, 30-day
// deletion window, a key policy that lets the account's IAM policies and the
// named AWS services use it) and kms.Alias alias/carestack-<stack>-<purpose>.
type Keys struct {
	pulumi.ResourceState

	Arns map[Purpose]pulumi.StringOutput
}

// Arn returns the ARN of the key for a purpose.
func (k *Keys) Arn(p Purpose) pulumi.StringOutput { return k.Arns[p] }

// NewKeys creates the estate's keys.
func NewKeys(ctx *pulumi.Context, name string, args *KeysArgs, opts ...pulumi.ResourceOption) (*Keys, error) {
	if args == nil || args.Account.ID == "" {
		return nil, fmt.Errorf("security.Keys %s: Account is required", name)
	}
	k := &Keys{Arns: map[Purpose]pulumi.StringOutput{}}
	if err := ctx.RegisterComponentResourceV2("carestack:security:Keys", name, pulumi.Map{
		"protect": pulumi.Bool(args.Protect),
	}, k, opts...); err != nil {
		return nil, err
	}
	outputs := pulumi.Map{}
	purposes := args.Purposes
	if len(purposes) == 0 {
		purposes = Purposes
	}
	for _, p := range purposes {
		key, err := kms.NewKey(ctx, fmt.Sprintf("%s-%s", name, p), &kms.KeyArgs{
			Description:           pulumi.Sprintf("carestack %s %s key", ctx.Stack(), p),
			KeyUsage:              pulumi.String("ENCRYPT_DECRYPT"),
			CustomerMasterKeySpec: pulumi.String("SYMMETRIC_DEFAULT"),
			EnableKeyRotation:     pulumi.Bool(true),
			RotationPeriodInDays:  pulumi.Int(365),
			DeletionWindowInDays:  pulumi.Int(30),
			Policy:                pulumi.String(keyPolicy(args.Account, p)),
			Tags:                  common.Tags(classificationOf(p)),
		}, common.Child(k, pulumi.Protect(args.Protect))...)
		if err != nil {
			return nil, err
		}
		if _, err := kms.NewAlias(ctx, fmt.Sprintf("%s-%s", name, p), &kms.AliasArgs{
			Name:        pulumi.Sprintf("alias/carestack-%s-%s", ctx.Stack(), p),
			TargetKeyId: key.KeyId,
		}, common.Child(k)...); err != nil {
			return nil, err
		}
		k.Arns[p] = key.Arn
		outputs[string(p)+"KeyArn"] = key.Arn
	}
	return k, ctx.RegisterResourceOutputs(k, outputs)
}

// classificationOf is the most sensitive data a purpose's key protects:
// logs, messages and backups carry PHI.
func classificationOf(p Purpose) common.Classification {
	switch p {
	case Confidential:
		return common.Confidential
	case Internal:
		return common.Internal
	}
	return common.PHI
}

// keyPolicy gives the account root full control (so IAM policies, not the key
// policy, decide who uses the key) and lets the AWS services that write with
// this purpose's key do so only on behalf of this account.
func keyPolicy(acct common.Account, p Purpose) string {
	stmts := []common.Statement{{
		"Sid":       "AccountAdministersKeyThroughIAM",
		"Effect":    "Allow",
		"Principal": map[string]any{"AWS": acct.RootARN()},
		"Action":    "kms:*",
		"Resource":  "*",
	}}
	use := []string{"kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"}
	switch p {
	case Logs:
		stmts = append(stmts, common.Statement{
			"Sid":       "CloudWatchLogsEncryptsThisAccountsGroups",
			"Effect":    "Allow",
			"Principal": map[string]any{"Service": fmt.Sprintf("logs.%s.amazonaws.com", acct.Region)},
			"Action":    use,
			"Resource":  "*",
			"Condition": map[string]any{"ArnLike": map[string]any{
				"kms:EncryptionContext:aws:logs:arn": acct.ARN("logs", "log-group:*"),
			}},
		}, common.Statement{
			"Sid":       "CloudTrailEncryptsThisAccountsTrails",
			"Effect":    "Allow",
			"Principal": map[string]any{"Service": "cloudtrail.amazonaws.com"},
			"Action":    []string{"kms:GenerateDataKey*", "kms:DescribeKey"},
			"Resource":  "*",
			"Condition": map[string]any{
				"StringEquals": map[string]any{"aws:SourceAccount": acct.ID},
				"StringLike": map[string]any{
					"kms:EncryptionContext:aws:cloudtrail:arn": fmt.Sprintf("arn:%s:cloudtrail:*:%s:trail/*", acct.Partition, acct.ID),
				},
			},
		})
	case Messaging:
		stmts = append(stmts, common.Statement{
			"Sid":       "AwsServicesPublishToEncryptedTopics",
			"Effect":    "Allow",
			"Principal": map[string]any{"Service": []string{"cloudwatch.amazonaws.com", "events.amazonaws.com", "dms.amazonaws.com"}},
			"Action":    []string{"kms:GenerateDataKey*", "kms:Decrypt"},
			"Resource":  "*",
			"Condition": map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": acct.ID}},
		})
	}
	return common.PolicyJSON(stmts...)
}
