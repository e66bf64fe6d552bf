package estate_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/carestack/carestack/infra/config"
	"github.com/carestack/carestack/infra/estate"
	"github.com/carestack/carestack/internal/offline"
)

func TestHTTPListenerOnlyRedirectsAndHTTPSUsesTLS13Policy(t *testing.T) {
	r := run(t, "prod")
	http := one(t, r, "aws:lb/listener:Listener", "ecs-http")
	expect(t, http, map[string]any{
		"protocol": "HTTP", "port": 80.0,
		"defaultActions": []any{map[string]any{"type": "redirect", "redirect": map[string]any{"protocol": "HTTPS", "port": "443", "statusCode": "HTTP_301"}}},
	})
	expect(t, one(t, r, "aws:lb/listener:Listener", "ecs-https"), map[string]any{
		"protocol": "HTTPS", "port": 443.0, "sslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
		"certificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/33333333-3333-3333-3333-333333333333",
	})
	expect(t, one(t, r, "aws:lb/loadBalancer:LoadBalancer", "ecs"), map[string]any{
		"internal": false, "dropInvalidHeaderFields": true, "desyncMitigationMode": "strictest", "enableDeletionProtection": true,
		"accessLogs.enabled": true, "accessLogs.bucket": "audit-access-logs", "accessLogs.prefix": "alb",
	})
	sg := one(t, r, "aws:ec2/securityGroup:SecurityGroup", "ecs-alb")
	var ports []float64
	ingress, _ := sg.Get("ingress")
	for _, rule := range ingress.([]any) {
		ports = append(ports, rule.(map[string]any)["fromPort"].(float64))
	}
	if !reflect.DeepEqual(ports, []float64{443, 80}) {
		t.Errorf("ALB ingress ports %v, want [443 80]", ports)
	}
}

func TestTaskRolesGrantExactlyTheNamedTopicAndBucketARNs(t *testing.T) {
	r := run(t, "prod")
	policy, _ := one(t, r, "aws:iam/rolePolicy:RolePolicy", "scheduling-api-task").Get("policy")
	var doc struct {
		Statement []struct {
			Sid      string
			Action   any
			Resource any
		}
	}
	if err := json.Unmarshal([]byte(policy.(string)), &doc); err != nil {
		t.Fatal(err)
	}
	got := map[string]any{}
	for _, s := range doc.Statement {
		got[s.Sid] = s.Resource
	}
	want := map[string]any{
		"PublishOwnTopics":    []any{"arn:aws:sns:us-east-1:123456789012:sns/topic-visit-events"},
		"Objects0":            "arn:aws:s3:::data-visit-documents/visits/*",
		"ConnectThroughProxy": "arn:aws:rds-db:us-east-1:123456789012:dbuser:rds/aurora-proxy/carestack_admin",
		// Each key only for the topic or bucket it encrypts, through its service.
		"UseTopicKey":   "arn:aws:kms:us-east-1:123456789012:kms/keys-messaging",
		"UseBucketKey0": dataKey,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("task role resources = %v, want %v", got, want)
	}
	worker, _ := one(t, r, "aws:iam/rolePolicy:RolePolicy", "notification-worker-task").Get("policy")
	if strings.Contains(worker.(string), "s3:") || !strings.Contains(worker.(string), "topic-caregiver-notifications") {
		t.Errorf("notification-worker task role: %s", worker)
	}
}

func TestTaskDefinitionsAreHardenedWithSecretsByReference(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		r := run(t, stack)
		for _, td := range r.ByType("aws:ecs/taskDefinition:TaskDefinition") {
			raw, _ := td.Get("containerDefinitions")
			var defs []map[string]any
			if err := json.Unmarshal([]byte(raw.(string)), &defs); err != nil {
				t.Fatalf("%s: %v", td.Name, err)
			}
			c := defs[0]
			if c["readonlyRootFilesystem"] != true || c["privileged"] != false || c["user"] != "10001" {
				t.Errorf("%s %s: readonly=%v privileged=%v user=%v", stack, td.Name, c["readonlyRootFilesystem"], c["privileged"], c["user"])
			}
			for _, e := range c["environment"].([]any) {
				if name := e.(map[string]any)["name"].(string); name != "LOG_LEVEL" {
					t.Errorf("%s %s: unexpected plaintext variable %s", stack, td.Name, name)
				}
			}
			if td.Name == "scheduling-api" {
				want := []any{map[string]any{"name": "PARTNER_API_KEY", "valueFrom": "arn:aws:secretsmanager:us-east-1:123456789012:secret:carestack/" + stack + "/partner-api-key-AbCdEf"}}
				if !reflect.DeepEqual(c["secrets"], want) {
					t.Errorf("%s secrets = %v, want %v", stack, c["secrets"], want)
				}
			}
			expect(t, td, map[string]any{"networkMode": "awsvpc", "requiresCompatibilities": []any{"FARGATE"}})
		}
	}
}

func TestServicesScaleFromConfigAndLeaveDesiredCountToAutoScaling(t *testing.T) {
	tests := []struct {
		stack    string
		min, max map[string]float64
	}{
		{"prod", map[string]float64{"scheduling-api": 3, "notification-worker": 3}, map[string]float64{"scheduling-api": 30, "notification-worker": 10}},
		{"dev", map[string]float64{"scheduling-api": 1, "notification-worker": 1}, map[string]float64{"scheduling-api": 3, "notification-worker": 2}},
	}
	for _, tt := range tests {
		r := run(t, tt.stack)
		for _, svc := range r.ByType("aws:ecs/service:Service") {
			if !reflect.DeepEqual(svc.IgnoreChanges, []string{"desiredCount"}) {
				t.Errorf("%s %s: ignoreChanges %v, want [desiredCount]", tt.stack, svc.Name, svc.IgnoreChanges)
			}
			expect(t, svc, map[string]any{
				"desiredCount": tt.min[svc.Name], "networkConfiguration.assignPublicIp": false,
				"deploymentCircuitBreaker.enable": true, "deploymentCircuitBreaker.rollback": true,
			})
			expect(t, one(t, r, "aws:appautoscaling/target:Target", svc.Name), map[string]any{
				"minCapacity": tt.min[svc.Name], "maxCapacity": tt.max[svc.Name],
			})
		}
	}
}

func TestOnlyPublicServicesGetATargetGroupAndListenerRule(t *testing.T) {
	r := run(t, "prod")
	for _, typ := range []string{"aws:lb/targetGroup:TargetGroup", "aws:lb/listenerRule:ListenerRule"} {
		var names []string
		for _, x := range r.ByType(typ) {
			names = append(names, x.Name)
		}
		if !reflect.DeepEqual(names, []string{"scheduling-api"}) {
			t.Errorf("%s: %v, want only scheduling-api", typ, names)
		}
	}
	var policies []string
	for _, p := range r.ByType("aws:appautoscaling/policy:Policy") {
		policies = append(policies, p.Name)
	}
	sort.Strings(policies)
	want := []string{"notification-worker-cpu", "notification-worker-memory", "scheduling-api-cpu", "scheduling-api-memory", "scheduling-api-requests"}
	if !reflect.DeepEqual(policies, want) {
		t.Errorf("scaling policies %v, want %v", policies, want)
	}
}

func TestStaticSiteIsPrivateOriginBehindHardenedCloudFront(t *testing.T) {
	r := run(t, "prod")
	d := one(t, r, "aws:cloudfront/distribution:Distribution", "site-caregiver-portal")
	expect(t, d, map[string]any{
		"defaultCacheBehavior.viewerProtocolPolicy":   "redirect-to-https",
		"viewerCertificate.minimumProtocolVersion":    "TLSv1.2_2021",
		"viewerCertificate.sslSupportMethod":          "sni-only",
		"restrictions.geoRestriction.restrictionType": "whitelist",
		"restrictions.geoRestriction.locations":       []any{"US"},
		"priceClass":                                  "PriceClass_100",
		"origins[0].domainName":                       "site-caregiver-portal.s3.us-east-1.amazonaws.com",
		"origins[0].originAccessControlId":            "site-caregiver-portal-id",
		"customErrorResponses[0].responsePagePath":    "/index.html",
	})
	policy, _ := one(t, r, "aws:s3/bucketPolicy:BucketPolicy", "site-caregiver-portal-policy").Get("policy")
	if !strings.Contains(policy.(string), `"AWS:SourceArn":"arn:aws:cloudfront:us-east-1:123456789012:cloudfront/site-caregiver-portal"`) {
		t.Errorf("site bucket policy is not scoped to its distribution: %s", policy)
	}
	expect(t, one(t, r, "aws:wafv2/webAcl:WebAcl", "site-caregiver-portal-waf"), map[string]any{"scope": "CLOUDFRONT"})
	expect(t, one(t, r, "aws:s3/bucketV2:BucketV2", "site-caregiver-portal"), map[string]any{"tags.DataClassification": "Public"})
}

// servicesConfig returns prod's config with n copies of scheduling-api.
func servicesConfig(t *testing.T, n int) map[string]string {
	cfg := stackConfig(t, "prod")
	var svcs []map[string]any
	for i := 0; i < n; i++ {
		svcs = append(svcs, map[string]any{
			"name": fmt.Sprintf("app-%02d", i), "imageTag": "1.0.0", "port": 8080, "public": true,
			"pathPattern": fmt.Sprintf("/app-%02d/*", i), "topics": []string{"visit-events"},
		})
	}
	b, _ := json.Marshal(svcs)
	cfg["carestack:services"] = string(b)
	return cfg
}

func TestFortyServicesEvaluateQuicklyAndGrowLinearly(t *testing.T) {
	count := func(n int) (int, time.Duration) {
		start := time.Now()
		res, err := offline.Run("prod", servicesConfig(t, n), estate.Program)
		if err != nil {
			t.Fatal(err)
		}
		return len(res.Resources), time.Since(start)
	}
	n10, _ := count(10)
	n20, _ := count(20)
	n40, d40 := count(40)
	perService := n20 - n10
	if n40-n20 != 2*perService {
		t.Errorf("registrations: 10->%d, 20->%d, 40->%d; not linear", n10, n20, n40)
	}
	t.Logf("40 services: %d registrations (%d per service) in %v", n40, perService/10, d40)
	if d40 > 10*time.Second {
		t.Errorf("40 services took %v under mocks", d40)
	}
}

func TestBadServiceEntriesFailBeforeRegistrationNamingEntryAndKey(t *testing.T) {
	cfg := stackConfig(t, "prod")
	cfg["carestack:services"] = `[
		{"name":"billing","imageTag":"1.0.0","port":0,"cpu":512,"memory":1024,"public":false},
		{"name":"billing","imageTag":"1.0.0","port":8080,"cpu":256,"memory":4096,"public":false},
		{"name":"reports","imageTag":"1.0.0","port":8080,"public":false,"topics":["no-such-topic"],"buckets":[{"name":"no-such-bucket","access":"read"}]}
	]`
	_, err := offline.Run("prod", cfg, estate.Program)
	var ps config.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("err = %v, want config problems", err)
	}
	want := []string{"services[billing].port", "services[billing].name", "services[billing].memory", "services[reports].topics[0]", "services[reports].buckets[0].name"}
	if !reflect.DeepEqual(ps.Keys(), want) {
		t.Errorf("keys %v, want %v\n%v", ps.Keys(), want, ps)
	}
}
