package estate_test

import (
	"testing"

	"github.com/carestack/carestack/infra/common"
	"github.com/carestack/carestack/infra/database"
	"github.com/carestack/carestack/infra/storage"
	"github.com/carestack/carestack/internal/tags"
	"github.com/carestack/carestack/policy/rules"
)

// The estate tags with the words the pack reads: one vocabulary.
func TestEstateAndPackShareOneTagVocabulary(t *testing.T) {
	for _, tc := range []struct{ what, infra, pack, shared string }{
		{"classification key", common.TagDataClassification, rules.TagDataClassification, tags.DataClassification},
		{"workload key", database.TagWorkload, rules.TagWorkload, tags.Workload},
		{"replica key", storage.TagReplicaOf, rules.TagReplicaOf, tags.ReplicaOf},
		{"exposure key", tags.Exposure, rules.TagExposure, tags.Exposure},
	} {
		if tc.infra != tc.shared || tc.pack != tc.shared {
			t.Errorf("%s: infra %q, pack %q, shared %q", tc.what, tc.infra, tc.pack, tc.shared)
		}
	}
}
