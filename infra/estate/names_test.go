package estate_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/carestack/carestack/infra/config"
	"github.com/carestack/carestack/infra/estate"
	"github.com/carestack/carestack/internal/offline"
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

// configOf decodes a stack config map as config.Load does (over Defaults).
func configOf(t *testing.T, stack string, cfg map[string]string) config.Config {
	t.Helper()
	c := config.Defaults()
	c.Stack = stack
	fields := map[string]any{
		"environment": &c.Environment, "region": &c.Region, "network": &c.Network, "database": &c.Database,
		"buckets": &c.Buckets, "topics": &c.Topics, "services": &c.Services, "sites": &c.Sites, "migration": &c.Migration, "dr": &c.DR,
	}
	for k, into := range fields {
		raw, ok := cfg["carestack:"+k]
		if !ok {
			continue
		}
		if s, isString := into.(*string); isString {
			*s = raw
			continue
		}
		if err := json.Unmarshal([]byte(raw), into); err != nil {
			t.Fatalf("%s: %v", k, err)
		}
	}
	return c
}

// inputStrings collects every string in a resource's inputs.
func inputStrings(v any, into map[string]bool) {
	switch v := v.(type) {
	case string:
		into[v] = true
	case map[string]any:
		for _, x := range v {
			inputStrings(x, into)
		}
	case []any:
		for _, x := range v {
			inputStrings(x, into)
		}
	}
}

// The limits table (config.PhysicalNames) mirrors the components' name
// formats. Every name it checks is one the program really builds: a fixed
// name appears among the registered inputs, an auto-named one's logical
// name is a registered resource's.
func TestNameLimitsCheckTheNamesTheProgramBuilds(t *testing.T) {
	cfg := withMigration(t, "")
	r := runConfig(t, "prod", cfg)
	strs, logical := map[string]bool{}, map[string]bool{}
	for _, res := range r.Resources {
		inputStrings(res.Plain(), strs)
		logical[res.Name] = true
	}
	c := configOf(t, "prod", cfg)
	checked := 0
	for _, n := range c.PhysicalNames("prod") {
		switch {
		case strings.HasSuffix(n.Name, "-1234567"):
			if l := strings.TrimSuffix(n.Name, "-1234567"); !logical[l] {
				t.Errorf("%s: no resource has the logical name %q", n.Rule.Kind, l)
			}
		case strings.HasSuffix(n.Name, "-final-12345678"):
			if !strs[strings.TrimSuffix(n.Name, "12345678")+"keysdata"] {
				t.Errorf("%s %q not built", n.Rule.Kind, n.Name)
			}
		case !strs[n.Name]:
			t.Errorf("%s %q: the program builds no such name", n.Rule.Kind, n.Name)
		}
		checked++
	}
	if checked < 60 {
		t.Errorf("only %d names checked", checked)
	}
}

// A name AWS would refuse fails the program before anything is registered,
// naming the key (here the validator's own example bucket name, which made
// a PHI bucket prefix longer than S3 allows).
func TestTooLongANameFailsBeforeRegistrationNamingTheKey(t *testing.T) {
	cfg := stackConfig(t, "prod")
	cfg["carestack:buckets"] = `[{"name":"visit-documents","classification":"PHI"},{"name":"visit-documents-archive","classification":"PHI"}]`
	m := &awsLike{stack: "prod"}
	err := pulumi.RunErr(estate.Program, pulumi.WithMocks(offline.Project, "prod", m), func(info *pulumi.RunInfo) { info.Config = cfg })
	if err == nil || !strings.Contains(err.Error(), `carestack:buckets[1].name = "visit-documents-archive"`) || !strings.Contains(err.Error(), "at most 37") {
		t.Fatalf("err = %v, want the bucket's key, value and limit", err)
	}
	if n := len(m.registrations()); n != 0 {
		t.Errorf("%d resources registered before the config failed", n)
	}
}

// Removing a service deletes what runs it, never what it leaves behind: its
// images (ECR also refuses to delete a repository that holds any) and its
// logs, kept for the retention period as evidence.
func TestRemovingAServiceKeepsItsImagesAndLogs(t *testing.T) {
	m := runAWSLike(t, &awsLike{stack: "prod"}, stackConfig(t, "prod"))
	retained := map[string]bool{}
	for _, r := range m.registrations() {
		if strings.Contains(r.URN, "carestack:compute:Service$") && r.RetainOnDelete {
			retained[r.Type+" "+r.Name] = true
		}
	}
	want := map[string]bool{
		"aws:ecr/repository:Repository scheduling-api-repo": true, "aws:cloudwatch/logGroup:LogGroup scheduling-api": true,
		"aws:ecr/repository:Repository notification-worker-repo": true, "aws:cloudwatch/logGroup:LogGroup notification-worker": true,
	}
	if !reflect.DeepEqual(retained, want) {
		t.Errorf("retained on delete: %v, want %v", retained, want)
	}
}
