package tags_test

import (
	"testing"

	"github.com/carestack/carestack/internal/tags"
)

func TestClassificationsAreOrderedAndValidated(t *testing.T) {
	for _, tc := range []struct {
		c           tags.Classification
		sensitivity int
		valid, cmk  bool
	}{
		{tags.PHI, 3, true, true},
		{tags.Confidential, 2, true, true},
		{tags.Internal, 1, true, false},
		{tags.Public, 0, true, false},
		{"Secret", -1, false, false},
		{"", -1, false, false},
		{"phi", -1, false, false},
	} {
		if got := tc.c.Sensitivity(); got != tc.sensitivity {
			t.Errorf("%q.Sensitivity() = %d, want %d", tc.c, got, tc.sensitivity)
		}
		if got := tc.c.Valid(); got != tc.valid {
			t.Errorf("%q.Valid() = %v, want %v", tc.c, got, tc.valid)
		}
		if got := tc.c.NeedsCMK(); got != tc.cmk {
			t.Errorf("%q.NeedsCMK() = %v, want %v", tc.c, got, tc.cmk)
		}
	}
}
