// Package observability holds the estate's alarms and dashboard.
package observability

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/carestack/carestack/infra/common"
	"github.com/carestack/carestack/infra/database"
	"github.com/carestack/carestack/infra/messaging"
)

// Thresholds are the alarm thresholds (carestack:observability).
type Thresholds struct {
	// P99LatencyMs is the response time the migration promised (100 ms).
	P99LatencyMs        int
	Alb5xxPercent       float64
	AuroraCpuPercent    int
	ReplicaLagMs        int
	BiReplicaLagMs      int
	MaxConnections      int
	MinFreeableMemoryMb int
	EcsCpuPercent       int
	EcsMemoryPercent    int
}

// ServiceRef is what the alarms need of a compute.Service.
type ServiceRef struct {
	// Name is the service's name in config (alarm and widget titles);
	// ServiceName its physical ECS name (metric dimensions).
	Name                 string
	ServiceName          pulumi.StringOutput
	TargetGroupArnSuffix pulumi.StringOutput // zero for private services
	Public               bool
	MinTasks             int
}

// AlarmsArgs configures Alarms.
type AlarmsArgs struct {
	Region          string
	Thresholds      Thresholds
	MessagingKeyArn pulumi.StringInput
	// Edge, set when the stack runs services.
	AlbArnSuffix pulumi.StringOutput
	ClusterName  pulumi.StringOutput
	Services     []ServiceRef
	// Database.
	AuroraClusterId string
	AuroraInstances []database.InstanceRef
}

// Alarms is the alarm topic, the alarms on the response-time and
// availability targets, and a dashboard per stack.
//
// It creates: a messaging.Topic for alarms (messaging CMK); alarms with
// alarm and OK actions on the topic for ALB 5xx rate (metric math) and p99
// target response time (extended statistic p99, the migration's 100 ms
// target), per public service unhealthy hosts, per service ECS CPU, memory
// and running tasks below its minimum, Aurora writer CPU, connections,
// per-instance freeable memory and replica lag (the BI replica against its
// own threshold); and a CloudWatch dashboard.
type Alarms struct {
	pulumi.ResourceState

	TopicArn pulumi.StringOutput `pulumi:"topicArn"`
	// Names lists the alarms created, for tests and runbooks.
	Names []string
}

// NewAlarms creates the alarm topic, then the edge, service and database
// alarms and the dashboard, each a named step.
func NewAlarms(ctx *pulumi.Context, name string, args *AlarmsArgs, opts ...pulumi.ResourceOption) (*Alarms, error) {
	if args == nil || args.MessagingKeyArn == nil || args.AuroraClusterId == "" {
		return nil, fmt.Errorf("observability.Alarms %s: MessagingKeyArn and AuroraClusterId are required", name)
	}
	a := &Alarms{}
	th := args.Thresholds
	if err := ctx.RegisterComponentResourceV2("carestack:observability:Alarms", name, pulumi.Map{
		"p99LatencyMs": pulumi.Int(th.P99LatencyMs), "alb5xxPercent": pulumi.Float64(th.Alb5xxPercent),
	}, a, opts...); err != nil {
		return nil, err
	}
	topic, err := messaging.NewTopic(ctx, name+"-topic", &messaging.TopicArgs{KmsKeyArn: args.MessagingKeyArn, Classification: common.Confidential}, common.Child(a)...)
	if err != nil {
		return nil, err
	}
	b := &alarmSteps{ctx: ctx, name: name, args: args, component: a, actions: pulumi.Array{topic.Arn}}
	for _, step := range []func() error{b.edgeAlarms, b.serviceAlarms, b.databaseAlarms, b.dashboard} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	a.TopicArn = topic.Arn
	return a, ctx.RegisterResourceOutputs(a, pulumi.Map{"topicArn": topic.Arn})
}

// alarmSteps carries what NewAlarms's steps share.
type alarmSteps struct {
	ctx       *pulumi.Context
	name      string
	args      *AlarmsArgs
	component *Alarms
	actions   pulumi.Array
}

// alarm registers one alarm notifying the topic on ALARM and OK (5
// periods, 3 breaching, missing data not breaching unless m says otherwise).
func (b *alarmSteps) alarm(suffix, description string, m *cloudwatch.MetricAlarmArgs) error {
	m.AlarmDescription = pulumi.String(description)
	m.ActionsEnabled = pulumi.Bool(true)
	m.AlarmActions = b.actions
	m.OkActions = b.actions
	if m.EvaluationPeriods == nil {
		m.EvaluationPeriods = pulumi.Int(5)
		m.DatapointsToAlarm = pulumi.Int(3)
	}
	if m.TreatMissingData == nil {
		m.TreatMissingData = pulumi.String("notBreaching")
	}
	m.Tags = common.Tags(common.Internal)
	n := fmt.Sprintf("%s-%s", b.name, suffix)
	_, err := cloudwatch.NewMetricAlarm(b.ctx, n, m, common.Child(b.component)...)
	b.component.Names = append(b.component.Names, n)
	return err
}

// simple is a one-metric alarm over 60-second periods.
func simple(ns, metric, stat string, dims pulumi.StringMap, op string, threshold float64) *cloudwatch.MetricAlarmArgs {
	return &cloudwatch.MetricAlarmArgs{
		Namespace: pulumi.String(ns), MetricName: pulumi.String(metric), Statistic: pulumi.String(stat),
		Dimensions: dims, Period: pulumi.Int(60), ComparisonOperator: pulumi.String(op), Threshold: pulumi.Float64(threshold),
	}
}

// edgeAlarms: the ALB's target 5xx rate (metric math) and p99 response time
// (the migration's 100 ms promise), when the stack runs services.
func (b *alarmSteps) edgeAlarms() error {
	args, th := b.args, b.args.Thresholds
	if len(args.Services) == 0 {
		return nil
	}
	lb := pulumi.StringMap{"LoadBalancer": args.AlbArnSuffix}
	metric := func(id, m string) *cloudwatch.MetricAlarmMetricQueryArgs {
		return &cloudwatch.MetricAlarmMetricQueryArgs{Id: pulumi.String(id), Metric: &cloudwatch.MetricAlarmMetricQueryMetricArgs{
			Namespace: pulumi.String("AWS/ApplicationELB"), MetricName: pulumi.String(m), Dimensions: lb, Period: pulumi.Int(60), Stat: pulumi.String("Sum"),
		}}
	}
	if err := b.alarm("alb-5xx-rate", fmt.Sprintf("More than %.1f%% of requests end in a 5xx from the targets", th.Alb5xxPercent), &cloudwatch.MetricAlarmArgs{
		ComparisonOperator: pulumi.String("GreaterThanThreshold"), Threshold: pulumi.Float64(th.Alb5xxPercent),
		MetricQueries: cloudwatch.MetricAlarmMetricQueryArray{
			metric("errors", "HTTPCode_Target_5XX_Count"), metric("requests", "RequestCount"),
			&cloudwatch.MetricAlarmMetricQueryArgs{Id: pulumi.String("rate"), Expression: pulumi.String("IF(requests > 0, 100 * errors / requests, 0)"),
				Label: pulumi.String("5xx %"), ReturnData: pulumi.Bool(true)},
		},
	}); err != nil {
		return err
	}
	p99 := simple("AWS/ApplicationELB", "TargetResponseTime", "", lb, "GreaterThanThreshold", float64(th.P99LatencyMs)/1000)
	p99.Statistic = nil
	p99.ExtendedStatistic = pulumi.String("p99")
	return b.alarm("alb-p99-latency", fmt.Sprintf("p99 target response time above %d ms (the migration's promise)", th.P99LatencyMs), p99)
}

// serviceAlarms: per service, unhealthy targets (public ones), CPU, memory
// and running tasks below its minimum (no data is the outage).
func (b *alarmSteps) serviceAlarms() error {
	args, th := b.args, b.args.Thresholds
	for _, s := range args.Services {
		svc := pulumi.StringMap{"ClusterName": args.ClusterName, "ServiceName": s.ServiceName}
		if s.Public {
			if err := b.alarm(s.Name+"-unhealthy-hosts", s.Name+": a target is failing health checks",
				simple("AWS/ApplicationELB", "UnHealthyHostCount", "Maximum", pulumi.StringMap{"LoadBalancer": args.AlbArnSuffix, "TargetGroup": s.TargetGroupArnSuffix}, "GreaterThanThreshold", 0)); err != nil {
				return err
			}
		}
		if err := b.alarm(s.Name+"-cpu", fmt.Sprintf("%s: CPU above %d%% (scaling is not keeping up)", s.Name, th.EcsCpuPercent),
			simple("AWS/ECS", "CPUUtilization", "Average", svc, "GreaterThanThreshold", float64(th.EcsCpuPercent))); err != nil {
			return err
		}
		if err := b.alarm(s.Name+"-memory", fmt.Sprintf("%s: memory above %d%%", s.Name, th.EcsMemoryPercent),
			simple("AWS/ECS", "MemoryUtilization", "Average", svc, "GreaterThanThreshold", float64(th.EcsMemoryPercent))); err != nil {
			return err
		}
		running := simple("ECS/ContainerInsights", "RunningTaskCount", "Minimum", svc, "LessThanThreshold", float64(s.MinTasks))
		// No data means no tasks report: that is the outage.
		running.TreatMissingData = pulumi.String("breaching")
		if err := b.alarm(s.Name+"-running-tasks", fmt.Sprintf("%s: fewer than %d running tasks", s.Name, s.MinTasks), running); err != nil {
			return err
		}
	}
	return nil
}

// databaseAlarms: writer CPU, connections, and per instance freeable
// memory and replica lag (the BI replica against its own threshold).
func (b *alarmSteps) databaseAlarms() error {
	args, th := b.args, b.args.Thresholds
	cluster := pulumi.StringMap{"DBClusterIdentifier": pulumi.String(args.AuroraClusterId)}
	writerCPU := pulumi.StringMap{"DBClusterIdentifier": pulumi.String(args.AuroraClusterId), "Role": pulumi.String("WRITER")}
	if err := b.alarm("aurora-writer-cpu", fmt.Sprintf("Aurora writer CPU above %d%%", th.AuroraCpuPercent),
		simple("AWS/RDS", "CPUUtilization", "Average", writerCPU, "GreaterThanThreshold", float64(th.AuroraCpuPercent))); err != nil {
		return err
	}
	if err := b.alarm("aurora-connections", fmt.Sprintf("More than %d database connections", th.MaxConnections),
		simple("AWS/RDS", "DatabaseConnections", "Maximum", cluster, "GreaterThanThreshold", float64(th.MaxConnections))); err != nil {
		return err
	}
	for _, in := range args.AuroraInstances {
		dims := pulumi.StringMap{"DBInstanceIdentifier": pulumi.String(in.Identifier)}
		if err := b.alarm(in.Identifier+"-freeable-memory", fmt.Sprintf("%s: less than %d MB freeable memory", in.Identifier, th.MinFreeableMemoryMb),
			simple("AWS/RDS", "FreeableMemory", "Minimum", dims, "LessThanThreshold", float64(th.MinFreeableMemoryMb)*1024*1024)); err != nil {
			return err
		}
		lag := th.ReplicaLagMs
		switch in.Role {
		case "writer":
			continue
		case "bi":
			lag = th.BiReplicaLagMs
		}
		if err := b.alarm(in.Identifier+"-replica-lag", fmt.Sprintf("%s: replica lag above %d ms", in.Identifier, lag),
			simple("AWS/RDS", "AuroraReplicaLag", "Maximum", dims, "GreaterThanThreshold", float64(lag))); err != nil {
			return err
		}
	}
	return nil
}

// dashboard: the same metrics on one dashboard. Metrics are published under
// physical names, which Pulumi generates for the cluster and the services:
// the widgets wait for them.
func (b *alarmSteps) dashboard() error {
	args := b.args
	dims := []any{args.AlbArnSuffix, args.ClusterName}
	for _, s := range args.Services {
		dims = append(dims, s.ServiceName)
	}
	body := pulumi.All(dims...).ApplyT(func(in []any) (string, error) {
		services := make([]DashboardService, len(args.Services))
		for i, s := range args.Services {
			services[i] = DashboardService{Title: s.Name, ServiceName: str(in[2+i])}
		}
		return Dashboard(args.Region, str(in[0]), str(in[1]), args.AuroraClusterId, services, args.AuroraInstances, args.Thresholds)
	}).(pulumi.StringOutput)
	_, err := cloudwatch.NewDashboard(b.ctx, b.name+"-dashboard", &cloudwatch.DashboardArgs{
		DashboardName: pulumi.Sprintf("carestack-%s", b.ctx.Stack()),
		DashboardBody: body,
	}, common.Child(b.component)...)
	return err
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// DashboardService is a service's widget: its title and the physical ECS
// service name its metrics are published under.
type DashboardService struct {
	Title, ServiceName string
}

// Dashboard renders the stack's dashboard: the response-time target first,
// then the services, then the database. alb, cluster and the services'
// names are physical (the ALB's ARN suffix, the generated ECS names).
func Dashboard(region, alb, cluster, auroraID string, services []DashboardService, instances []database.InstanceRef, th Thresholds) (string, error) {
	var widgets []map[string]any
	add := func(title string, metrics [][]any, annotation float64) {
		props := map[string]any{"title": title, "region": region, "metrics": metrics, "view": "timeSeries", "period": 60}
		if annotation > 0 {
			props["annotations"] = map[string]any{"horizontal": []map[string]any{{"value": annotation, "label": "alarm"}}}
		}
		widgets = append(widgets, map[string]any{"type": "metric", "width": 12, "height": 6, "properties": props})
	}
	if alb != "" {
		add("p99 target response time (s)", [][]any{{"AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", alb, map[string]any{"stat": "p99"}}}, float64(th.P99LatencyMs)/1000)
		add("Requests and target 5xx", [][]any{
			{"AWS/ApplicationELB", "RequestCount", "LoadBalancer", alb, map[string]any{"stat": "Sum"}},
			{"AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "LoadBalancer", alb, map[string]any{"stat": "Sum"}},
		}, 0)
	}
	for _, s := range services {
		add(s.Title+": CPU and memory (%)", [][]any{
			{"AWS/ECS", "CPUUtilization", "ClusterName", cluster, "ServiceName", s.ServiceName},
			{"AWS/ECS", "MemoryUtilization", "ClusterName", cluster, "ServiceName", s.ServiceName},
		}, 0)
	}
	add("Aurora writer CPU (%)", [][]any{{"AWS/RDS", "CPUUtilization", "DBClusterIdentifier", auroraID, "Role", "WRITER"}}, float64(th.AuroraCpuPercent))
	var lag [][]any
	for _, in := range instances {
		if in.Role != "writer" {
			lag = append(lag, []any{"AWS/RDS", "AuroraReplicaLag", "DBInstanceIdentifier", in.Identifier})
		}
	}
	if len(lag) > 0 {
		add("Replica lag (ms)", lag, float64(th.ReplicaLagMs))
	}
	add("Database connections", [][]any{{"AWS/RDS", "DatabaseConnections", "DBClusterIdentifier", auroraID}}, float64(th.MaxConnections))
	b, err := json.Marshal(map[string]any{"widgets": widgets})
	return string(b), err
}
