package anchors

import "github.com/carestack/carestack/policy/rules"

// The shape every case file follows: one init that adds compliant and
// violating stacks, each citing its anchor rule.
func init() {
	topic := func(props map[string]any) []R {
		return []R{{Type: rules.SNSTopic, Name: "events", Props: props}}
	}
	add(
		Case{Anchor: "CFG sns-encrypted-kms; CN HIPAA.Security-SNSEncryptedKMS; CK CKV_AWS_26; PR sns_topics_kms_encryption_at_rest_enabled",
			Name: "topic with a KMS key", Stack: topic(map[string]any{"kmsMasterKeyId": "arn:aws:kms:us-east-1:111122223333:key/abcd"})},
		Case{Anchor: "CFG sns-encrypted-kms; CN HIPAA.Security-SNSEncryptedKMS; CK CKV_AWS_26; PR sns_topics_kms_encryption_at_rest_enabled",
			Name: "topic without a KMS key", Violating: true, Want: []string{"sns-kms"}, Stack: topic(map[string]any{})},
	)
}
