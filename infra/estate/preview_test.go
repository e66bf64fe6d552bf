package estate_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/carestack/carestack/internal/compliance"
	"github.com/carestack/carestack/internal/offline"
	"github.com/carestack/carestack/policy/rules"
)

// evaluatePreview runs the pack's rules over a preview's registrations at
// the stack's levels and returns the deferred findings, by URN.
func evaluatePreview(t *testing.T, m *awsLike, cfg map[string]string) map[string][]string {
	t.Helper()
	dir, err := offline.ProjectDir()
	if err != nil {
		t.Fatal(err)
	}
	pc, err := compliance.LoadPolicyConfig(compliance.PolicyConfigPath(dir, m.stack))
	if err != nil {
		t.Fatal(err)
	}
	rep := compliance.EvaluateResources(m.stack, rules.EnvOf(cfg["carestack:environment"], m.stack), compliance.ToRules(m.result()), pc)
	deferred := map[string][]string{}
	for _, f := range rep.Results {
		if f.Outcome == rules.Deferred {
			deferred[f.URN] = append(deferred[f.URN], f.Rule)
		}
	}
	return deferred
}

// Container checks (plaintext secrets, privileged, root user, read-only
// root, logging) read containerDefinitions. Built from the repository URL
// (an output of a repository not yet created), it was unknown at every
// preview, so the checks ran only at `pulumi up`. The image URL is now made
// of what a preview knows: the account (an invoke), the region (config) and
// the repository name the program chooses.
func TestContainerDefinitionsAreKnownAtPreviewOfANewStack(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		cfg := stackConfig(t, stack)
		m := runAWSLike(t, &awsLike{stack: stack, preview: true, autoNamed: true}, cfg)
		tds := m.result().ByType("aws:ecs/taskDefinition:TaskDefinition")
		if len(tds) != 2 {
			t.Fatalf("%s: %d task definitions", stack, len(tds))
		}
		for _, td := range tds {
			v := td.Inputs[resource.PropertyKey("containerDefinitions")]
			if !v.IsString() {
				t.Errorf("%s %s: containerDefinitions is %v at preview, want a known string", stack, td.Name, v)
				continue
			}
			var defs []map[string]any
			if err := json.Unmarshal([]byte(v.StringValue()), &defs); err != nil {
				t.Fatal(err)
			}
			tag := map[string]string{"scheduling-api": "1.14.2", "notification-worker": "2.3.0"}[td.Name]
			want := fmt.Sprintf("123456789012.dkr.ecr.us-east-1.amazonaws.com/carestack/%s/%s:%s", stack, td.Name, tag)
			if defs[0]["image"] != want {
				t.Errorf("%s %s: image %v, want %s", stack, td.Name, defs[0]["image"], want)
			}
			group := defs[0]["logConfiguration"].(map[string]any)["options"].(map[string]any)["awslogs-group"]
			if want := "/carestack/" + stack + "/services/" + td.Name; group != want {
				t.Errorf("%s %s: log group %v, want %s", stack, td.Name, group, want)
			}
		}
		for urn, rs := range evaluatePreview(t, m, cfg) {
			if strings.Contains(urn, "aws:ecs/taskDefinition:TaskDefinition") {
				t.Errorf("%s: the pack defers %v on %s at preview", stack, rs, urn)
			}
		}
	}
}

// newServiceConfig is prod's config with one more service, using every
// kind of grant (database, topic, bucket, secret).
func newServiceConfig(t *testing.T) map[string]string {
	t.Helper()
	cfg := stackConfig(t, "prod")
	var services []map[string]any
	if err := json.Unmarshal([]byte(cfg["carestack:services"]), &services); err != nil {
		t.Fatal(err)
	}
	services = append(services, map[string]any{
		"name": "visit-notes-api", "imageTag": "1.0.0", "port": 8080, "public": true, "pathPattern": "/api/visit-notes/*", "priority": 30,
		"database": true, "topics": []string{"visit-events"},
		"buckets": []map[string]any{{"name": "visit-documents", "prefix": "notes/", "access": "read"}},
		"secrets": map[string]string{"PARTNER_TOKEN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:carestack/prod/partner-token-AbCdEf"},
	})
	b, _ := json.Marshal(services)
	cfg["carestack:services"] = string(b)
	return cfg
}

// A new service on an existing stack: everything else exists (its outputs
// are in the state), the service's resources are being created. Every
// input the pack checks for them is known at preview, so the preview
// defers nothing: what it passes, `up` passes.
func TestANewServiceOnAnExistingStackDefersNothingAtPreview(t *testing.T) {
	cfg := newServiceConfig(t)
	isNew := func(typ, name string) bool { return strings.Contains(name, "visit-notes-api") }
	m := runAWSLike(t, &awsLike{stack: "prod", preview: true, autoNamed: true, isNew: isNew}, cfg)
	created := 0
	for _, r := range m.registrations() {
		if r.Custom && isNew(r.Type, r.Name) {
			created++
		}
	}
	if created < 15 {
		t.Fatalf("only %d resources of the new service registered", created)
	}
	deferred := evaluatePreview(t, m, cfg)
	var got []string
	for urn, rs := range deferred {
		got = append(got, fmt.Sprintf("%s: %v", urn, rs))
	}
	sort.Strings(got)
	for _, g := range got {
		t.Errorf("deferred at preview: %s", g)
	}
}

// What a preview of a brand-new stack still cannot check, because the cloud
// names it when the resource is created: the ARNs of KMS keys (a UUID),
// of auto-named buckets and topics, of the RDS Proxy and of the master
// secret RDS creates. Only documents that embed those are deferred, and the
// pack checks them again at `up`. Everything else (every container, every
// log group, every setting) is decided at preview. On an existing stack all
// of these ARNs are in the state (see the new-service test above).
func TestANewStackPreviewDefersOnlyDocumentsNamingCloudGeneratedARNs(t *testing.T) {
	cfg := stackConfig(t, "prod")
	m := runAWSLike(t, &awsLike{stack: "prod", preview: true, autoNamed: true}, cfg)
	documents := []string{"aws:iam/rolePolicy:RolePolicy", "aws:s3/bucketPolicy:BucketPolicy", "aws:sns/topicPolicy:TopicPolicy"}
	var got []string
	for urn := range evaluatePreview(t, m, cfg) {
		typ := urn[strings.LastIndex(urn, "$")+1 : strings.LastIndex(urn, "::")]
		if !slices.Contains(documents, typ) {
			t.Errorf("a new stack's preview defers a check on %s, which is not a policy document", urn)
		}
		got = append(got, urn[strings.LastIndex(urn, "::")+2:])
	}
	sort.Strings(got)
	want := []string{
		// Key ARNs (and topic, bucket, proxy and secret ARNs) in role policies.
		"aurora-proxy", "data-visit-documents-replication", "notification-worker-execution", "notification-worker-task",
		"scheduling-api-execution", "scheduling-api-task",
		// Auto-named topics and buckets in their own policies.
		"alarms-topic", "audit-access-logs-policy", "audit-trail-policy", "data-visit-documents-policy",
		"data-visit-documents-replica-policy", "dr-access-logs-policy", "site-caregiver-portal-policy",
		"topic-caregiver-notifications", "topic-visit-events",
	}
	sort.Strings(want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("a new stack's preview defers checks on\n%v\nwant\n%v", got, want)
	}
}
