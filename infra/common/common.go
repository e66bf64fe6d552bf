// Package common holds what every carestack component shares: data
// classification tags, the account/region a stack deploys into, and IAM policy
// documents built as data rather than string templates.
package common

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/carestack/carestack/internal/tags"
)

// Classification is the DataClassification tag value (the shared
// vocabulary in internal/tags, which the policy pack reads too).
type Classification = tags.Classification

// The four classes.
const (
	PHI          = tags.PHI
	Confidential = tags.Confidential
	Internal     = tags.Internal
	Public       = tags.Public
)

// TagDataClassification is the tag key the policy pack reads.
const TagDataClassification = tags.DataClassification

// Tags returns the per-resource tags; Environment, Owner and Service come from
// the provider's default tags.
func Tags(c Classification) pulumi.StringMap {
	return pulumi.StringMap{TagDataClassification: pulumi.String(string(c))}
}

// Account is where a stack deploys: the caller's account and the region.
type Account struct {
	ID        string
	Region    string
	Partition string
	// DNSSuffix is the partition's domain (amazonaws.com; "" means that).
	DNSSuffix string
}

// DNSSuffixOrDefault is the partition's domain, amazonaws.com by default.
func (a Account) DNSSuffixOrDefault() string {
	if a.DNSSuffix == "" {
		return "amazonaws.com"
	}
	return a.DNSSuffix
}

// ARN builds an ARN in this account and region.
func (a Account) ARN(service, resource string) string {
	return fmt.Sprintf("arn:%s:%s:%s:%s:%s", a.Partition, service, a.Region, a.ID, resource)
}

// RootARN is the account root principal, which key and bucket policies name so
// IAM policies in the account can grant access.
func (a Account) RootARN() string { return fmt.Sprintf("arn:%s:iam::%s:root", a.Partition, a.ID) }

// Statement is one IAM policy statement.
type Statement map[string]any

// PolicyJSON renders statements as an IAM policy document.
func PolicyJSON(statements ...Statement) string {
	b, err := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": statements})
	if err != nil {
		// Statements are built from strings, slices and maps only; a marshal
		// failure is a programming error, not bad input.
		panic(fmt.Sprintf("render IAM policy: %v", err))
	}
	return string(b)
}

// ServiceTrust is the assume-role policy for an AWS service principal, pinned
// to this account against confused-deputy use (policy rule IAM-07).
func ServiceTrust(acct Account, service string) string {
	return PolicyJSON(Statement{
		"Effect":    "Allow",
		"Principal": map[string]any{"Service": service},
		"Action":    "sts:AssumeRole",
		"Condition": map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": acct.ID}},
	})
}

// DenyInsecureTransport is the statement every bucket and topic policy carries.
func DenyInsecureTransport(resources ...string) Statement {
	return Statement{
		"Sid":       "DenyInsecureTransport",
		"Effect":    "Deny",
		"Principal": "*",
		"Action":    "*",
		"Resource":  resources,
		"Condition": map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}},
	}
}

// Child returns the options for a component's child: parented to the
// component (so it inherits the component's explicit provider) plus extras.
func Child(parent pulumi.Resource, extra ...pulumi.ResourceOption) []pulumi.ResourceOption {
	return append([]pulumi.ResourceOption{pulumi.Parent(parent)}, extra...)
}
