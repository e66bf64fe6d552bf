package rules

import "testing"

// no-destroy-paths asks for Pulumi's protect option only where AWS itself
// would let `pulumi destroy` reach data: PHI resources, and a cluster
// whose deletionProtection is off. A key is only scheduled for deletion,
// a bucket or vault holding data is not deleted without forceDestroy.
func TestProtectIsAskedOnlyWhereAWSWouldLetDestroyReachData(t *testing.T) {
	phi := M{"DataClassification": "PHI"}
	internal := M{"DataClassification": "Internal"}
	rule := ByName("no-destroy-paths")
	cases := []struct {
		name    string
		r       Resource
		protect bool
		want    int
	}{
		{"internal key unprotected", res(KMSKey, M{"tags": internal}), false, 0},
		{"PHI key unprotected", res(KMSKey, M{"tags": phi}), false, 1},
		{"PHI key protected", res(KMSKey, M{"tags": phi}), true, 0},
		{"cluster with deletion protection, unprotected", res(RDSCluster, M{"deletionProtection": true, "tags": internal}), false, 0},
		{"cluster without deletion protection, unprotected", res(RDSCluster, M{"tags": internal}), false, 1},
		{"cluster deletion protection unknown", res(RDSCluster, M{"deletionProtection": unknown, "tags": internal}), false, 0},
		{"internal bucket unprotected", res(S3BucketV2, M{"tags": internal}), false, 0},
		{"internal bucket with forceDestroy", res(S3BucketV2, M{"forceDestroy": true, "tags": internal}), false, 1},
		{"PHI bucket unprotected", res(S3BucketV2, M{"tags": phi}), false, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.r
			r.Protect = tc.protect
			n := 0
			for _, f := range RunResource(rule, &r, nil) {
				if f.Outcome == Violation {
					n++
				}
			}
			if n != tc.want {
				t.Errorf("%d violations, want %d", n, tc.want)
			}
		})
	}
}
