package estate_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// A fixed final snapshot name fails the second teardown of a stack (the
// first teardown's snapshot still holds the name). The name carries the data
// key's id: the key is made with the stack and scheduled for deletion with
// it, so each generation of the stack has its own; the id is in the state of
// an existing stack, so every `up` (and a saved plan) sees the same name.
func TestFinalSnapshotNameIsUniquePerStackGenerationAndStableAcrossUps(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		first := one(t, run(t, stack), "aws:rds/cluster:Cluster", "aurora")
		again := one(t, run(t, stack), "aws:rds/cluster:Cluster", "aurora")
		got, _ := first.Get("finalSnapshotIdentifier")
		// The mock's data key id is keys-data-key-id; an AWS one is a UUID.
		if want := "carestack-" + stack + "-final-keysdata"; got != want {
			t.Errorf("%s: finalSnapshotIdentifier = %v, want %s", stack, got, want)
		}
		if g2, _ := again.Get("finalSnapshotIdentifier"); g2 != got {
			t.Errorf("%s: finalSnapshotIdentifier changes between runs: %v, %v", stack, got, g2)
		}
		if deps := first.PropertyDependencies["finalSnapshotIdentifier"]; len(deps) != 1 || !strings.HasSuffix(deps[0], "::keys-data") {
			t.Errorf("%s: finalSnapshotIdentifier depends on %v, want the data key", stack, deps)
		}
	}
}

// dms-vpc-role and dms-cloudwatch-logs-role are account-global names DMS
// looks up. A stack that creates them fails where they exist and, deleting
// them with the migration tier, breaks every other DMS user in the account.
// They are made only when asked, and then never deleted.
func TestDMSServiceRolesAreOptInAndRetained(t *testing.T) {
	withRoles := func(create bool) map[string]string {
		cfg := withMigration(t, "")
		m := map[string]any{}
		json.Unmarshal([]byte(cfg["carestack:migration"]), &m)
		m["createServiceRoles"] = create
		b, _ := json.Marshal(m)
		cfg["carestack:migration"] = string(b)
		return cfg
	}
	serviceRoles := func(m *awsLike) []recordedReg {
		var out []recordedReg
		for _, role := range m.registrations() {
			if n, _ := role.Get("name"); role.Type == "aws:iam/role:Role" && (n == "dms-vpc-role" || n == "dms-cloudwatch-logs-role") {
				out = append(out, role)
			}
		}
		return out
	}
	m := runAWSLike(t, &awsLike{stack: "prod"}, withMigration(t, ""))
	if got := serviceRoles(m); len(got) != 0 {
		t.Errorf("migration on without createServiceRoles makes %d account-global DMS roles", len(got))
	}
	for _, dep := range one(t, m.result(), "aws:dms/replicationSubnetGroup:ReplicationSubnetGroup", "dms").Dependencies {
		if strings.Contains(dep, "dms-vpc-role") || strings.Contains(dep, "dms-cloudwatch-logs-role") {
			t.Errorf("the subnet group waits on %s, which the stack does not make", dep)
		}
	}
	got := serviceRoles(runAWSLike(t, &awsLike{stack: "prod"}, withRoles(true)))
	if len(got) != 2 {
		t.Fatalf("createServiceRoles: %d DMS service roles, want 2", len(got))
	}
	for _, role := range got {
		if !role.RetainOnDelete {
			t.Errorf("%s: retainOnDelete off, so disabling the migration deletes an account-global role", role.Name)
		}
	}
}
