// Package tags is the tag vocabulary the estate writes and the policy pack
// reads: the tag keys, the data classifications and the tag values rules
// look for. infra/ and policy/ both import it, so a key spelt once cannot
// drift between what is tagged and what is checked. It imports nothing.
package tags

// Tag keys.
const (
	// DataClassification holds a Classification; it decides which data
	// rules apply (PHI needs a customer-managed key, for example).
	DataClassification = "DataClassification"
	// Workload marks what a resource serves; WorkloadBI marks the BI
	// replica and its endpoint (policy bi-reader-endpoint).
	Workload = "Workload"
	// ReplicaOf marks a DR replica bucket with its source's logical name,
	// so it is not asked to replicate again.
	ReplicaOf = "ReplicaOf"
	// Exposure marks how a resource faces the network; ExposurePublicALB
	// marks the internet-facing load balancer's security group.
	Exposure = "Exposure"
	// Environment, Owner, Service and Stack come from the provider's
	// default tags on every resource.
	Environment = "Environment"
	Owner       = "Owner"
	Service     = "Service"
	Stack       = "Stack"
)

// Tag values.
const (
	WorkloadBI        = "bi"
	ExposurePublicALB = "public-alb"
)

// Classification is a DataClassification tag value.
type Classification string

// The four classes, most sensitive first.
const (
	PHI          Classification = "PHI"
	Confidential Classification = "Confidential"
	Internal     Classification = "Internal"
	Public       Classification = "Public"
)

// Classifications is every class, most sensitive first.
var Classifications = []Classification{PHI, Confidential, Internal, Public}

// Valid reports whether c is one of the four classes.
func (c Classification) Valid() bool { return c.Sensitivity() >= 0 }

// Sensitivity orders the classes: PHI 3, Confidential 2, Internal 1,
// Public 0; -1 for anything else.
func (c Classification) Sensitivity() int {
	for i, x := range Classifications {
		if c == x {
			return len(Classifications) - 1 - i
		}
	}
	return -1
}

// NeedsCMK reports whether data of this class must be encrypted with a
// customer-managed KMS key (HIPAA 164.312(a)(2)(iv)).
func (c Classification) NeedsCMK() bool { return c == PHI || c == Confidential }
