package estate_test

import (
	"encoding/json"
	"reflect"
	"testing"
)

// ECS publishes CPUUtilization and MemoryUtilization under the physical
// cluster and service names, which Pulumi auto-generates (ecs-1a2b3c4,
// scheduling-api-5d6e7f8): a widget keyed by the logical name shows no data.
// The mock here auto-names as Pulumi does, so logical and physical differ.
func TestDashboardECSWidgetsNameThePhysicalClusterAndServices(t *testing.T) {
	m := runAWSLike(t, &awsLike{stack: "prod", autoNamed: true}, stackConfig(t, "prod"))
	r := m.result()
	physical := func(typ, name string) string {
		res := one(t, r, typ, name)
		return physicalName(res.URN, res.Name)
	}
	cluster := physical("aws:ecs/cluster:Cluster", "ecs")
	body, _ := one(t, r, "aws:cloudwatch/dashboard:Dashboard", "alarms-dashboard").Get("dashboardBody")
	var doc struct {
		Widgets []struct {
			Properties struct {
				Title   string
				Metrics [][]any
			}
		}
	}
	if err := json.Unmarshal([]byte(body.(string)), &doc); err != nil {
		t.Fatal(err)
	}
	got := map[string][][]any{}
	for _, w := range doc.Widgets {
		got[w.Properties.Title] = w.Properties.Metrics
	}
	for _, svc := range []string{"scheduling-api", "notification-worker"} {
		name := physical("aws:ecs/service:Service", svc)
		want := [][]any{
			{"AWS/ECS", "CPUUtilization", "ClusterName", cluster, "ServiceName", name},
			{"AWS/ECS", "MemoryUtilization", "ClusterName", cluster, "ServiceName", name},
		}
		if title := svc + ": CPU and memory (%)"; !reflect.DeepEqual(got[title], want) {
			t.Errorf("%s widget metrics = %v, want %v", svc, got[title], want)
		}
		// The alarms use the same physical names.
		expect(t, one(t, r, "aws:cloudwatch/metricAlarm:MetricAlarm", "alarms-"+svc+"-cpu"), map[string]any{
			"dimensions": map[string]any{"ClusterName": cluster, "ServiceName": name},
		})
	}
	alb := one(t, r, "aws:lb/loadBalancer:LoadBalancer", "ecs")
	albSuffix := "app/" + physicalName(alb.URN, alb.Name) + "/50dc6c495c0c9188"
	if want := [][]any{{"AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", albSuffix, map[string]any{"stat": "p99"}}}; !reflect.DeepEqual(got["p99 target response time (s)"], want) {
		t.Errorf("p99 widget = %v, want %v", got["p99 target response time (s)"], want)
	}
}
