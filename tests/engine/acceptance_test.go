package engine_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	awsxec2 "github.com/pulumi/pulumi-awsx/sdk/v2/go/awsx/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/carestack/carestack/infra/estate"
)

// broken returns the program with one setting of one resource changed,
// through a stack transform (it reaches awsx children too).
func broken(typ, name, key string, value pulumi.Input) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		if err := ctx.RegisterResourceTransform(func(_ context.Context, a *pulumi.ResourceTransformArgs) *pulumi.ResourceTransformResult {
			if a.Type != typ || a.Name != name {
				return nil
			}
			a.Props[key] = value
			return &pulumi.ResourceTransformResult{Props: a.Props, Opts: a.Opts}
		}); err != nil {
			return err
		}
		return estate.Program(ctx)
	}
}

func TestShippedStacksPreviewWithoutMandatoryViolations(t *testing.T) {
	e := setup(t)
	for _, stack := range []string{"dev", "prod"} {
		t.Run(stack, func(t *testing.T) {
			o := e.preview(t, e.workspace(t, stack, estate.Program, nil), e.policyConfig(t, stack, ""))
			if o.err != nil {
				t.Fatalf("preview failed: %v\n%s", o.err, lastLines(o.output, 40))
			}
			if m := o.mandatory(); len(m) != 0 {
				t.Errorf("mandatory violations: %v", m)
			}
			// Every input the pack reads is known at preview (image URIs are
			// built from the account and region, not from a repository's
			// output), so the shipped stacks defer no check: no coverage report.
			if cov := o.named("preview-coverage"); len(cov) != 0 {
				t.Errorf("the preview deferred checks: %s", cov[0].Message)
			}
			if stack == "prod" {
				for _, p := range o.policy {
					if p.PolicyName != "preview-coverage" {
						t.Errorf("prod: %s %s on %s", p.EnforcementLevel, p.PolicyName, p.ResourceURN)
					}
				}
				// The DR vault's ARN is unknown at preview: AVL-04 decides the
				// copy is cross-region from the vault the plan depends on and
				// that vault's provider, so it must not defer.
				if cov := o.named("preview-coverage"); len(cov) == 1 && strings.Contains(cov[0].Message, "AVL-04") {
					t.Errorf("AVL-04 deferred at preview: %s", cov[0].Message)
				}
			}
		})
	}
}

func TestABackupPlanWithoutItsDRCopyFailsBackupPlanQuality(t *testing.T) {
	e := setup(t)
	rules := pulumi.Array{pulumi.Map{
		"ruleName":        pulumi.String("daily"),
		"targetVaultName": pulumi.String("carestack-prod"),
		"schedule":        pulumi.String("cron(0 5 * * ? *)"),
		"lifecycle":       pulumi.Map{"deleteAfter": pulumi.Int(35)},
	}}
	o := e.preview(t, e.workspace(t, "prod", broken("aws:backup/plan:Plan", "aurora-backup", "rules", rules), nil), e.policyConfig(t, "prod", ""))
	if o.err == nil {
		t.Fatal("preview passed; want it to fail on backup-plan-quality")
	}
	if got := slices.Sorted(maps.Keys(o.mandatory())); !reflect.DeepEqual(got, []string{"backup-plan-quality"}) {
		t.Fatalf("mandatory violations %v, want [backup-plan-quality]\n%s", got, lastLines(o.output, 30))
	}
	if msg := o.named("backup-plan-quality")[0].Message; !strings.Contains(msg, "rules[0] copies no recovery point to another region") {
		t.Errorf("message %q does not say the copy is missing", msg)
	}
}

var groupVariants = []struct {
	group, rule    string
	typ, name, key string
	value          pulumi.Input
}{
	{"encryption-at-rest", "aurora-storage-encrypted-cmk", "aws:rds/cluster:Cluster", "aurora", "storageEncrypted", pulumi.Bool(false)},
	{"encryption-in-transit", "alb-https-or-redirect", "aws:lb/listener:Listener", "ecs-http", "defaultActions", pulumi.Array{pulumi.Map{
		"type": pulumi.String("fixed-response"), "fixedResponse": pulumi.Map{"contentType": pulumi.String("text/plain"), "statusCode": pulumi.String("200")},
	}}},
	{"identity", "no-broad-managed-policies", "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "aurora-monitoring", "policyArn", pulumi.String("arn:aws:iam::aws:policy/AdministratorAccess")},
	{"network-exposure", "db-instances-private", "aws:rds/clusterInstance:ClusterInstance", "aurora-writer", "publiclyAccessible", pulumi.Bool(true)},
	{"availability", "aurora-backup-retention", "aws:rds/cluster:Cluster", "aurora", "backupRetentionPeriod", pulumi.Int(1)},
	// The rule walks the aws:ec2/vpc:Vpc that only the awsx provider
	// creates, joins it to the flow log through the awsx component, and
	// finds the flow log no longer records ALL traffic. (A stack transform
	// cannot delete the flow log, and keeps its property dependency.)
	{"logging", "vpc-flow-logs", "aws:ec2/flowLog:FlowLog", "network-flow-log", "trafficType", pulumi.String("REJECT")},
	{"data-protection", "aurora-deletion-safety", "aws:rds/cluster:Cluster", "aurora", "deletionProtection", pulumi.Bool(false)},
	{"tagging", "required-tags", "aws:sns/topic:Topic", "topic-visit-events", "tags", pulumi.StringMap{}},
}

func TestOneBrokenSettingPerRuleGroupFailsThePreviewNamingTheRule(t *testing.T) {
	e := setup(t)
	for _, v := range groupVariants {
		t.Run(v.group, func(t *testing.T) {
			o := e.preview(t, e.workspace(t, "prod", broken(v.typ, v.name, v.key, v.value), nil), e.policyConfig(t, "prod", ""))
			if o.err == nil {
				t.Fatalf("preview passed; want it to fail on %s", v.rule)
			}
			if got := slices.Sorted(maps.Keys(o.mandatory())); !reflect.DeepEqual(got, []string{v.rule}) {
				t.Errorf("mandatory violations %v, want [%s]\n%s", got, v.rule, lastLines(o.output, 30))
			}
			if !strings.Contains(o.output, v.rule) {
				t.Errorf("the preview output does not name %s", v.rule)
			}
		})
	}
}

func TestThePackSeesTheAwsxMadeSubnets(t *testing.T) {
	e := setup(t)
	// Public subnet specs tagged as the private tier: awsx still maps public
	// IPs on launch (and routes them to its internet gateway), so the
	// subnet rule must see those children contradict their declared tier.
	// (Untagged, awsx's SubnetType=Public tag makes them the public tier.)
	specs := pulumi.Array{
		pulumi.Map{"type": pulumi.String("Public"), "cidrMask": pulumi.Int(21), "tags": pulumi.StringMap{"Tier": pulumi.String("private")}},
		pulumi.Map{"type": pulumi.String("Private"), "cidrMask": pulumi.Int(19), "tags": pulumi.StringMap{"Tier": pulumi.String("private")}},
		pulumi.Map{"type": pulumi.String("Isolated"), "cidrMask": pulumi.Int(21), "tags": pulumi.StringMap{"Tier": pulumi.String("isolated")}},
	}
	o := e.preview(t, e.workspace(t, "prod", broken("awsx:ec2:Vpc", "network", "subnetSpecs", specs), nil), e.policyConfig(t, "prod", ""))
	// The subnets are judged for mapping public IPs; their route to the
	// internet gateway is reported too (on the route or its table).
	var got []apitype.PolicyEvent
	var urns []string
	for _, ev := range o.named("public-tier-confined") {
		urns = append(urns, ev.ResourceURN)
		if strings.Contains(ev.ResourceURN, "aws:ec2/subnet:Subnet::") {
			got = append(got, ev)
		}
	}
	sort.Slice(got, func(i, j int) bool { return got[i].ResourceURN < got[j].ResourceURN })
	if len(got) != 3 {
		t.Fatalf("public-tier-confined fired on %d subnets, want once per public subnet in 3 AZs; fired on %v", len(got), urns)
	}
	for i, ev := range got {
		want := fmt.Sprintf("aws:ec2/subnet:Subnet::network-public-%d", i+1)
		if !strings.HasSuffix(ev.ResourceURN, want) || !strings.Contains(ev.ResourceURN, "awsx:ec2:Vpc$") {
			t.Errorf("violation on %s, want the awsx child %s", ev.ResourceURN, want)
		}
	}
}

const backupURN = "urn:pulumi:prod::carestack::carestack:database:Aurora$aws:rds/cluster:Cluster::aurora"

func TestAnExceptionInTheStackPolicyConfigLetsTheBrokenVariantPass(t *testing.T) {
	e := setup(t)
	cfg := fmt.Sprintf(`{"version": 2, "exceptions": {
		"EXC-T1": {"reason": "restore drill on a copy; retention back to 35 on 2026-12-01", "match": [{"policies": ["aurora-backup-retention"], "targets": [%q]}]}}}`, backupURN)
	o := e.preview(t, e.workspace(t, "prod", broken("aws:rds/cluster:Cluster", "aurora", "backupRetentionPeriod", pulumi.Int(1)), nil), e.policyConfig(t, "prod", cfg))
	if o.err != nil {
		t.Fatalf("preview failed despite the exception: %v\n%s", o.err, lastLines(o.output, 30))
	}
	ev := o.named("aurora-backup-retention")
	if len(ev) != 1 || len(ev[0].Exceptions) != 1 || ev[0].Exceptions[0].ID != "EXC-T1" || ev[0].Exceptions[0].Reason != "restore drill on a copy; retention back to 35 on 2026-12-01" {
		t.Errorf("want the violation reported as excepted by EXC-T1 with its reason, got %+v", ev)
	}
}

func TestAPolicyConfigCanMakeARuleAdvisory(t *testing.T) {
	e := setup(t)
	cfg := `{"version": 2, "policies": {"aurora-backup-retention": "advisory"}}`
	o := e.preview(t, e.workspace(t, "prod", broken("aws:rds/cluster:Cluster", "aurora", "backupRetentionPeriod", pulumi.Int(1)), nil), e.policyConfig(t, "prod", cfg))
	if o.err != nil {
		t.Fatalf("preview failed: %v\n%s", o.err, lastLines(o.output, 30))
	}
	ev := o.named("aurora-backup-retention")
	if len(ev) != 1 || ev[0].EnforcementLevel != "advisory" {
		t.Errorf("want one advisory aurora-backup-retention, got %+v", ev)
	}
}

func TestInvalidStackConfigFailsThePreviewAndRegistersNothing(t *testing.T) {
	e := setup(t)
	os.Remove(e.logPath)
	s := e.workspace(t, "prod", estate.Program, func(y string) string {
		return strings.Replace(y, "readerCount: 1", "readerCount: -1", 1)
	})
	o := e.preview(t, s, e.policyConfig(t, "prod", ""))
	if o.err == nil || !strings.Contains(o.output, "carestack:database.readerCount") {
		t.Fatalf("want the preview to fail naming carestack:database.readerCount, got %v\n%s", o.err, lastLines(o.output, 20))
	}
	log, _ := os.ReadFile(e.logPath)
	if strings.Contains(string(log), `"op":"check"`) {
		t.Errorf("resources reached the provider before the config error:\n%s", lastLines(string(log), 5))
	}
}

func TestUpThenDestroyKeepsEveryProtectedResource(t *testing.T) {
	e := setup(t)
	s := e.workspace(t, "prod", estate.Program, nil)
	if o := e.up(t, s, e.policyConfig(t, "prod", "")); o.err != nil {
		t.Fatalf("up failed: %v\n%s", o.err, lastLines(o.output, 40))
	}
	protectedURNs := func() []string {
		dep, err := s.Export(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var state struct {
			Resources []struct {
				URN     string `json:"urn"`
				Protect bool   `json:"protect"`
			} `json:"resources"`
		}
		if err := json.Unmarshal(dep.Deployment, &state); err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range state.Resources {
			if r.Protect {
				out = append(out, r.URN)
			}
		}
		sort.Strings(out)
		return out
	}
	before := protectedURNs()
	if len(before) < 8 {
		t.Fatalf("only %d protected resources after up: %v", len(before), before)
	}
	o := e.destroy(t, s)
	if o.err == nil || !strings.Contains(o.output, "protected") {
		t.Errorf("destroy should stop at the protected resources, got err=%v\n%s", o.err, lastLines(o.output, 20))
	}
	if after := protectedURNs(); !reflect.DeepEqual(after, before) {
		t.Errorf("protected resources changed:\nbefore %v\nafter  %v", before, after)
	}
}

// A VPC made by awsx with nothing around it: no flow log, no adopted
// default security group. (The estate's own flow log cannot be removed by a
// transform: the engine keeps a transformed resource's original property
// dependencies, so this program stands in for "the flow log is removed".)
func bareAwsxVpc(ctx *pulumi.Context) error {
	provider, err := aws.NewProvider(ctx, "aws", &aws.ProviderArgs{Region: pulumi.String("us-east-1")})
	if err != nil {
		return err
	}
	strategy := awsxec2.SubnetAllocationStrategyAuto
	_, err = awsxec2.NewVpc(ctx, "bare", &awsxec2.VpcArgs{
		CidrBlock:             pulumi.StringRef("10.99.0.0/16"),
		AvailabilityZoneNames: []string{"us-east-1a", "us-east-1b"},
		SubnetStrategy:        &strategy,
		SubnetSpecs: []awsxec2.SubnetSpecArgs{
			{Type: awsxec2.SubnetTypePublic, CidrMask: pulumi.IntRef(20), Tags: pulumi.StringMap{"Tier": pulumi.String("public")}},
			{Type: awsxec2.SubnetTypePrivate, CidrMask: pulumi.IntRef(18)},
		},
		NatGateways: &awsxec2.NatGatewayConfigurationArgs{Strategy: awsxec2.NatGatewayStrategySingle},
		Tags:        pulumi.StringMap{"DataClassification": pulumi.String("Internal")},
	}, pulumi.Providers(provider))
	return err
}

func TestAnAwsxVpcWithoutAFlowLogFailsTheFlowLogRule(t *testing.T) {
	e := setup(t)
	o := e.preview(t, e.workspace(t, "prod", bareAwsxVpc, nil), e.policyConfig(t, "prod", ""))
	for _, rule := range []string{"vpc-flow-logs", "default-sg-closed"} {
		ev := o.named(rule)
		if len(ev) != 1 || !strings.HasSuffix(ev[0].ResourceURN, "awsx:ec2:Vpc$aws:ec2/vpc:Vpc::bare") {
			t.Errorf("%s: %+v, want one violation on the awsx-made aws:ec2/vpc:Vpc", rule, ev)
		}
	}
	if o.err == nil {
		t.Error("the preview passed without a flow log")
	}
}

// A new stack sets only what differs from the defaults: every optional key
// is declared with a default in Pulumi.yaml, so the CLI accepts it and the
// program fills the secure defaults.
func TestAStackWithOnlyItsEnvironmentPreviewsOnTheDefaults(t *testing.T) {
	e := setup(t)
	s := e.workspace(t, "dev", estate.Program, func(string) string {
		return "config:\n  carestack:environment: dev\n"
	})
	o := e.preview(t, s, e.policyConfig(t, "dev", ""))
	if o.err != nil {
		t.Fatalf("preview failed: %v\n%s", o.err, lastLines(o.output, 20))
	}
	if m := o.mandatory(); len(m) != 0 {
		t.Errorf("mandatory violations on the defaults: %v", m)
	}
}
