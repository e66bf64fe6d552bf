package estate_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/carestack/carestack/infra/estate"
	"github.com/carestack/carestack/internal/compliance"
	"github.com/carestack/carestack/internal/offline"
)

const sourceSecret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:carestack/prod/sqlserver-AbCdEf"

// withMigration is prod's config with the DMS tier on.
func withMigration(t *testing.T, ca string) map[string]string {
	t.Helper()
	cfg := stackConfig(t, "prod")
	m := map[string]any{"enabled": true, "sourceSecretArn": sourceSecret, "sourceDatabase": "CareOps",
		"includeSchemas": []string{"dbo", "scheduling"}, "excludeSchemas": []string{"audit_tmp"}}
	if ca != "" {
		m["sourceCaCertificateArn"] = ca
	}
	b, _ := json.Marshal(m)
	cfg["carestack:migration"] = string(b)
	return cfg
}

func TestMigrationOffCreatesNoDMSResource(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		for _, r := range run(t, stack).Resources {
			if strings.HasPrefix(r.Type, "aws:dms/") || strings.HasPrefix(r.Type, "carestack:migration:") {
				t.Errorf("%s: %s exists with migration off", stack, r.URN)
			}
		}
	}
}

func TestMigrationOnIsPrivateTLSOnlyAndPasswordless(t *testing.T) {
	const ca = "arn:aws:dms:us-east-1:123456789012:cert:SQLSERVERCA"
	r, err := offline.Run("prod", withMigration(t, ca), estate.Program)
	if err != nil {
		t.Fatal(err)
	}
	expect(t, one(t, r, "aws:dms/replicationInstance:ReplicationInstance", "dms"), map[string]any{
		"publiclyAccessible": false, "multiAz": true, "autoMinorVersionUpgrade": true, "kmsKeyArn": dataKey,
		"replicationSubnetGroupId": "carestack-prod-dms",
	})
	expect(t, one(t, r, "aws:dms/endpoint:Endpoint", "dms-sqlserver"), map[string]any{
		"endpointType": "source", "engineName": "sqlserver", "sslMode": "verify-full", "certificateArn": ca,
		"secretsManagerArn": sourceSecret, "secretsManagerAccessRoleArn": "arn:aws:iam::123456789012:role/dms-secrets", "password": nil,
	})
	expect(t, one(t, r, "aws:dms/endpoint:Endpoint", "dms-aurora"), map[string]any{
		"endpointType": "target", "engineName": "aurora", "sslMode": "require", "password": nil,
		"secretsManagerArn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-carestack-prod",
	})
	for _, res := range r.Resources {
		if _, ok := res.Get("password"); ok {
			t.Errorf("%s has a password input", res.URN)
		}
	}
	task := one(t, r, "aws:dms/replicationTask:ReplicationTask", "dms")
	expect(t, task, map[string]any{"migrationType": "full-load-and-cdc", "startReplicationTask": false})
	raw, _ := task.Get("replicationTaskSettings")
	var settings struct {
		Logging            struct{ EnableLogging bool }
		ValidationSettings struct{ EnableValidation bool }
	}
	if err := json.Unmarshal([]byte(raw.(string)), &settings); err != nil || !settings.Logging.EnableLogging || !settings.ValidationSettings.EnableValidation {
		t.Errorf("task settings %s: want logging and validation on", raw)
	}
	raw, _ = task.Get("tableMappings")
	var mappings struct{ Rules []map[string]any }
	json.Unmarshal([]byte(raw.(string)), &mappings)
	var got []string
	for _, rule := range mappings.Rules {
		got = append(got, rule["rule-action"].(string)+":"+rule["object-locator"].(map[string]any)["schema-name"].(string))
	}
	if want := []string{"include:dbo", "include:scheduling", "exclude:audit_tmp"}; !reflect.DeepEqual(got, want) {
		t.Errorf("table mappings %v, want %v", got, want)
	}
	expect(t, one(t, r, "aws:dms/eventSubscription:EventSubscription", "dms"), map[string]any{
		"snsTopicArn": "arn:aws:sns:us-east-1:123456789012:sns/alarms-topic", "sourceType": "replication-task",
	})
	// Without a CA the endpoint still requires TLS.
	r, _ = offline.Run("prod", withMigration(t, ""), estate.Program)
	expect(t, one(t, r, "aws:dms/endpoint:Endpoint", "dms-sqlserver"), map[string]any{"sslMode": "require", "certificateArn": nil})
}

func TestProdWithMigrationOnPassesThePack(t *testing.T) {
	dir, _ := offline.ProjectDir()
	rep, err := compliance.Evaluate(dir, "prod", withMigration(t, ""), estate.Program)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range rep.Mandatory() {
		t.Errorf("%s", v.Message)
	}
	for _, rule := range []string{"dms-kms", "dms-endpoint-ssl", "dms-private", "workload-logging"} {
		if !rep.Applicable[rule] {
			t.Errorf("%s saw no DMS resource", rule)
		}
	}
}

func TestEveryAlarmNotifiesWithTheConfiguredThreshold(t *testing.T) {
	r := run(t, "prod")
	alarms := r.ByType("aws:cloudwatch/metricAlarm:MetricAlarm")
	if len(alarms) < 12 {
		t.Fatalf("%d alarms", len(alarms))
	}
	topic := []any{"arn:aws:sns:us-east-1:123456789012:sns/alarms-topic"}
	for _, a := range alarms {
		expect(t, a, map[string]any{"actionsEnabled": true, "alarmActions": topic, "okActions": topic})
	}
	expect(t, one(t, r, "aws:cloudwatch/metricAlarm:MetricAlarm", "alarms-alb-p99-latency"), map[string]any{
		"extendedStatistic": "p99", "statistic": nil, "threshold": 0.1, "metricName": "TargetResponseTime",
	})
	expect(t, one(t, r, "aws:cloudwatch/metricAlarm:MetricAlarm", "alarms-alb-5xx-rate"), map[string]any{
		"threshold": 1.0, "metricQueries[2].expression": "IF(requests > 0, 100 * errors / requests, 0)",
	})
	expect(t, one(t, r, "aws:cloudwatch/metricAlarm:MetricAlarm", "alarms-carestack-prod-bi-replica-lag"), map[string]any{"threshold": 60000.0})
	expect(t, one(t, r, "aws:cloudwatch/metricAlarm:MetricAlarm", "alarms-carestack-prod-reader-1-replica-lag"), map[string]any{"threshold": 1000.0})
	expect(t, one(t, r, "aws:cloudwatch/metricAlarm:MetricAlarm", "alarms-scheduling-api-running-tasks"), map[string]any{
		"threshold": 3.0, "comparisonOperator": "LessThanThreshold", "treatMissingData": "breaching",
	})
	if _, ok := r.Named("aws:cloudwatch/dashboard:Dashboard", "alarms-dashboard"); !ok {
		t.Error("no dashboard")
	}
}
