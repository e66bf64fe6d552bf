package engine_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"gopkg.in/yaml.v3"

	"github.com/carestack/carestack/infra/estate"
)

// The change-safety suite: each shipped stack is brought up once through
// the real engine (stand-in providers whose Diff replaces exactly where
// pulumi-aws v6.83.4 would, package standin/aws/forcenew), then every
// day-2 change docs/operations.md documents is applied as a config edit and
// previewed against that state. No change may replace or delete a protected
// resource or one that holds data, and each plan must be the one the docs
// describe (docs/operations.md, "Day-2 changes").

// statefulTypes hold data: replacing or deleting one loses it.
var statefulTypes = map[string]bool{
	"aws:rds/cluster:Cluster":                 true,
	"aws:rds/clusterInstance:ClusterInstance": true,
	"aws:s3/bucketV2:BucketV2":                true,
	"aws:kms/key:Key":                         true,
	"aws:backup/vault:Vault":                  true,
	"aws:cloudwatch/logGroup:LogGroup":        true,
	"aws:ecr/repository:Repository":           true,
}

// plan is what a preview would do: op -> short type -> count.
type plan map[string]map[string]int

func shortType(typ string) string {
	typ = strings.TrimPrefix(typ, "aws:")
	if i := strings.LastIndex(typ, ":"); i >= 0 {
		typ = typ[:i]
	}
	return typ
}

// stepsOf reads the resource steps of a preview's event stream: URN -> the
// step. "same" steps and the halves of a replacement (create-replacement,
// delete-replaced, which come with the "replace" step) are left out.
func stepsOf(o outcome) map[string]apitype.StepEventMetadata {
	steps := map[string]apitype.StepEventMetadata{}
	for _, ev := range o.events {
		if ev.ResourcePreEvent == nil {
			continue
		}
		m := ev.ResourcePreEvent.Metadata
		switch m.Op {
		case "create", "update", "replace", "delete":
			steps[m.URN] = m
		}
	}
	return steps
}

func planOf(steps map[string]apitype.StepEventMetadata) plan {
	p := plan{}
	for _, m := range steps {
		if !strings.HasPrefix(m.Type, "aws:") {
			continue // components: no cloud resource of their own
		}
		op := string(m.Op)
		if p[op] == nil {
			p[op] = map[string]int{}
		}
		p[op][shortType(m.Type)]++
	}
	return p
}

func (p plan) cell(op string) string {
	var parts []string
	for typ, n := range p[op] {
		parts = append(parts, fmt.Sprintf("%s ×%d", typ, n))
	}
	sort.Strings(parts)
	if len(parts) == 0 {
		return "–"
	}
	return strings.Join(parts, ", ")
}

func (p plan) String() string {
	var parts []string
	for _, op := range []string{"create", "replace", "update", "delete"} {
		if len(p[op]) > 0 {
			parts = append(parts, op+": "+p.cell(op))
		}
	}
	if len(parts) == 0 {
		return "no change"
	}
	return strings.Join(parts, "; ")
}

// stackConfig is a stack's Pulumi.<stack>.yaml in its work directory
// (with the encryption salt the engine wrote), edited per change.
type stackConfig struct {
	path string
	base []byte
}

func (c stackConfig) apply(t *testing.T, edit func(cfg map[string]any)) {
	t.Helper()
	var doc map[string]any
	if err := yaml.Unmarshal(c.base, &doc); err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(doc["config"].(map[string]any))
	}
	out, err := yaml.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(c.path, out, 0o644); err != nil {
		t.Fatal(err)
	}
}

func section(cfg map[string]any, key string) map[string]any {
	m, _ := cfg["carestack:"+key].(map[string]any)
	if m == nil {
		m = map[string]any{}
		cfg["carestack:"+key] = m
	}
	return m
}

func list(cfg map[string]any, key string) []any {
	l, _ := cfg["carestack:"+key].([]any)
	return l
}

func service(cfg map[string]any, name string) map[string]any {
	for _, s := range list(cfg, "services") {
		if m := s.(map[string]any); m["name"] == name {
			return m
		}
	}
	panic("no service " + name)
}

func asInt(v any) int {
	switch v := v.(type) {
	case int:
		return v
	case float64:
		return int(v)
	}
	return 0
}

// day2Change is one documented change.
type day2Change struct {
	name string
	// edit changes the stack's config (the `config:` map of its
	// Pulumi.<stack>.yaml) from the deployed one to the changed one.
	edit func(stack string, cfg map[string]any)
	// upFirst, when set, is a change brought up for real before the
	// preview (with edit undoing it): reader count down needs a reader more
	// than prod's floor of one.
	upFirst func(stack string, cfg map[string]any)
	// deletable says which stateful deletions the change means to make.
	deletable func(m apitype.StepEventMetadata) bool
	// want is the plan docs/operations.md gives for the change, per stack
	// ("*" for both).
	want map[string]string
	// wantErr, per stack, is what a preview the engine refuses must say.
	wantErr map[string]string
}

func readerCount(delta int) func(string, map[string]any) {
	return func(_ string, cfg map[string]any) {
		db := section(cfg, "database")
		db["readerCount"] = asInt(db["readerCount"]) + delta
	}
}

// The plans below are what docs/operations.md ("Day-2 changes") says each
// change does; components (carestack:*) are left out, they hold nothing.
const (
	noChange      = "no change"
	readerUpPlan  = "create: cloudwatch/metricAlarm ×2, rds/clusterInstance ×1; update: cloudwatch/dashboard ×1"
	newRevision   = "replace: ecs/taskDefinition ×1; update: ecs/service ×1"
	bucketCreates = "s3/bucketLifecycleConfigurationV2 ×1, s3/bucketLoggingV2 ×1, s3/bucketOwnershipControls ×1, s3/bucketPolicy ×1, s3/bucketPublicAccessBlock ×1, s3/bucketServerSideEncryptionConfigurationV2 ×1, s3/bucketV2 ×1, s3/bucketVersioningV2 ×1"
)

var day2Changes = []day2Change{
	// A preview with the config as deployed must plan nothing: anything it
	// planned would show up in every change below.
	{name: "no change", edit: func(string, map[string]any) {}, want: map[string]string{"*": noChange}},
	{name: "reader count up", edit: readerCount(+1), want: map[string]string{"*": readerUpPlan}},
	{name: "instance class", edit: func(_ string, cfg map[string]any) {
		db := section(cfg, "database")
		if strings.HasPrefix(db["instanceClass"].(string), "db.t4g.") {
			db["instanceClass"] = "db.t4g.large"
		} else {
			db["instanceClass"] = "db.r6g.2xlarge"
		}
	}, want: map[string]string{
		"dev":  "update: rds/clusterInstance ×1",
		"prod": "update: rds/clusterInstance ×2", // writer and app reader; the BI replica has its own class
	}},
	{name: "add a service", edit: func(_ string, cfg map[string]any) {
		cfg["carestack:services"] = append(list(cfg, "services"), map[string]any{
			"name": "visit-notes-api", "imageTag": "1.0.0", "port": 8080, "public": true,
			"pathPattern": "/api/visit-notes/*", "database": true, "topics": []any{"visit-events"},
		})
	}, want: map[string]string{"*": "create: appautoscaling/policy ×3, appautoscaling/target ×1, cloudwatch/logGroup ×1, cloudwatch/metricAlarm ×4, ec2/securityGroup ×1, ecr/repository ×1, ecs/service ×1, ecs/taskDefinition ×1, iam/role ×2, iam/rolePolicy ×2, lb/listenerRule ×1, lb/targetGroup ×1; update: cloudwatch/dashboard ×1"}},
	{name: "remove a service", edit: func(_ string, cfg map[string]any) {
		var kept []any
		for _, s := range list(cfg, "services") {
			if s.(map[string]any)["name"] != "notification-worker" {
				kept = append(kept, s)
			}
		}
		cfg["carestack:services"] = kept
	}, want: map[string]string{"*": "update: cloudwatch/dashboard ×1; delete: appautoscaling/policy ×2, appautoscaling/target ×1, cloudwatch/logGroup ×1, cloudwatch/metricAlarm ×3, ec2/securityGroup ×1, ecr/repository ×1, ecs/service ×1, ecs/taskDefinition ×1, iam/role ×2, iam/rolePolicy ×2"}},
	{name: "image tag", edit: func(_ string, cfg map[string]any) {
		service(cfg, "scheduling-api")["imageTag"] = "1.15.0"
	}, want: map[string]string{"*": newRevision}},
	{name: "cpu and memory", edit: func(_ string, cfg map[string]any) {
		s := service(cfg, "scheduling-api")
		s["cpu"], s["memory"] = asInt(s["cpu"])*2, asInt(s["memory"])*2
	}, want: map[string]string{"*": newRevision}},
	{name: "scaling limits", edit: func(_ string, cfg map[string]any) {
		s := service(cfg, "scheduling-api")
		s["minTasks"], s["maxTasks"] = asInt(s["minTasks"])+1, asInt(s["maxTasks"])+10
	}, want: map[string]string{"*": "update: appautoscaling/target ×1, cloudwatch/metricAlarm ×1"}},
	{name: "spot share", edit: func(_ string, cfg map[string]any) {
		e := section(cfg, "edge")
		e["fargateSpotWeight"] = asInt(e["fargateSpotWeight"]) + 1
	}, want: map[string]string{"*": "replace: ecs/service ×2; update: ecs/clusterCapacityProviders ×1"}},
	{name: "add a site", edit: func(stack string, cfg map[string]any) {
		cfg["carestack:sites"] = append(list(cfg, "sites"), map[string]any{
			"name": "family-portal", "domain": stack + ".family.carestack.example.org",
			"certificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/55555555-5555-5555-5555-555555555555",
			"priceClass":     "PriceClass_100", "countries": []any{"US"}, "singlePageApp": true,
		})
	}, want: map[string]string{"*": "create: cloudfront/distribution ×1, cloudfront/originAccessControl ×1, cloudfront/responseHeadersPolicy ×1, cloudwatch/logDelivery ×1, cloudwatch/logDeliveryDestination ×1, cloudwatch/logDeliverySource ×1, cloudwatch/logGroup ×1, " + bucketCreates + ", wafv2/webAcl ×1, wafv2/webAclLoggingConfiguration ×1"}},
	{name: "add a bucket", edit: func(_ string, cfg map[string]any) {
		cfg["carestack:buckets"] = append(list(cfg, "buckets"), map[string]any{"name": "care-plans", "classification": "PHI"})
	}, want: map[string]string{
		"dev": "create: " + bucketCreates,
		// prod replicates every PHI bucket to a replica in the DR region.
		"prod": "create: iam/role ×1, iam/rolePolicy ×1, s3/bucketLifecycleConfigurationV2 ×2, s3/bucketLoggingV2 ×2, s3/bucketOwnershipControls ×2, s3/bucketPolicy ×2, s3/bucketPublicAccessBlock ×2, s3/bucketReplicationConfig ×1, s3/bucketServerSideEncryptionConfigurationV2 ×2, s3/bucketV2 ×2, s3/bucketVersioningV2 ×2",
	}},
	{name: "enable migration", edit: func(stack string, cfg map[string]any) {
		cfg["carestack:migration"] = map[string]any{
			"enabled":         true,
			"sourceSecretArn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:carestack/" + stack + "/sqlserver-AbCdEf",
			"sourceDatabase":  "CareOps", "includeSchemas": []any{"dbo", "scheduling"}, "excludeSchemas": []any{"audit_tmp"},
		}
	}, want: map[string]string{"*": "create: cloudwatch/logGroup ×1, cloudwatch/metricAlarm ×2, dms/endpoint ×2, dms/eventSubscription ×1, dms/replicationInstance ×1, dms/replicationSubnetGroup ×1, dms/replicationTask ×1, ec2/securityGroup ×1, iam/role ×1, iam/rolePolicy ×1, vpc/securityGroupIngressRule ×1"}},
	{name: "object lock", edit: func(_ string, cfg map[string]any) {
		a := section(cfg, "audit")
		if asInt(a["objectLockDays"]) == 0 {
			a["objectLockDays"] = 365
		} else {
			a["objectLockDays"] = 2557
		}
	}, want: map[string]string{
		"dev":  "create: s3/bucketObjectLockConfigurationV2 ×1", // 0 -> 365: the lock is turned on, the bucket stays
		"prod": "update: s3/bucketObjectLockConfigurationV2 ×1", // 2192 -> 2557: a longer default retention
	}},
	{name: "log retention", edit: func(_ string, cfg map[string]any) {
		l := section(cfg, "logging")
		if asInt(l["retentionDays"]) < 365 {
			l["retentionDays"] = 365
		} else {
			l["retentionDays"] = 2557
		}
	}, want: map[string]string{"*": "update: cloudwatch/logGroup ×10"}},
	{name: "backup retention", edit: func(_ string, cfg map[string]any) {
		b := section(cfg, "backup")
		b["retentionDays"] = asInt(b["retentionDays"]) + 7
		// The vault locks ignore later retention changes (every argument is
		// ForceNew and a COMPLIANCE lock becomes immutable), so only the plan
		// changes, in place, in both stacks.
	}, want: map[string]string{"*": "update: backup/plan ×1"}},
	// Last: it leaves the stack with one reader more.
	{name: "reader count down", upFirst: readerCount(+1), edit: func(string, map[string]any) {},
		// The highest app reader goes (instances are placed by name).
		deletable: func(m apitype.StepEventMetadata) bool {
			return m.Type == "aws:rds/clusterInstance:ClusterInstance" && strings.Contains(m.URN, "reader-")
		},
		want: map[string]string{"*": "update: cloudwatch/dashboard ×1; delete: cloudwatch/metricAlarm ×2, rds/clusterInstance ×1"}},
}

// resourceState is what the suite needs of a deployed resource.
type resourceState struct{ protect, retainOnDelete bool }

// deployed reads the stack's state after `up`.
func deployed(t *testing.T, s auto.Stack) map[string]resourceState {
	t.Helper()
	ex, err := s.Export(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var d apitype.DeploymentV3
	if err := json.Unmarshal(ex.Deployment, &d); err != nil {
		t.Fatal(err)
	}
	out := map[string]resourceState{}
	for _, r := range d.Resources {
		out[string(r.URN)] = resourceState{protect: r.Protect, retainOnDelete: r.RetainOnDelete}
	}
	return out
}

// upWithoutPack brings the stack up through the engine. The pack is left
// out: this suite judges what changes do to the deployed estate, and the
// pack's verdicts have their own engine tests.
func upWithoutPack(t *testing.T, s auto.Stack) outcome {
	t.Helper()
	return operate(t, func(ctx context.Context, ch chan<- events.EngineEvent, out io.Writer) error {
		_, err := s.Up(ctx, optup.EventStreams(ch), optup.ProgressStreams(out), optup.ErrorProgressStreams(out))
		return err
	})
}

type observed struct {
	change, stack string
	plan          plan
}

func TestChangeSafety(t *testing.T) {
	e := setup(t)
	var table []observed
	for _, stack := range []string{"dev", "prod"} {
		t.Run(stack, func(t *testing.T) {
			s := e.workspace(t, stack, estate.Program, nil)
			if o := upWithoutPack(t, s); o.err != nil {
				t.Fatalf("up %s: %v\n%s", stack, o.err, lastLines(o.output, 40))
			}
			state := deployed(t, s)
			// Previews persist nothing: skip the per-step snapshot (README,
			// Benchmarks); `up` above kept its checkpoints.
			s.Workspace().SetEnvVar("PULUMI_SKIP_CHECKPOINTS", "true")
			path := filepath.Join(s.Workspace().WorkDir(), "Pulumi."+stack+".yaml")
			base, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			cfgFile := stackConfig{path: path, base: base}
			defer cfgFile.apply(t, nil)

			for _, c := range day2Changes {
				c := c
				t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
					if c.upFirst != nil {
						cfgFile.apply(t, func(cfg map[string]any) { c.upFirst(stack, cfg) })
						s.Workspace().UnsetEnvVar("PULUMI_SKIP_CHECKPOINTS")
						o := upWithoutPack(t, s)
						s.Workspace().SetEnvVar("PULUMI_SKIP_CHECKPOINTS", "true")
						if o.err != nil {
							t.Fatalf("up before %s: %v\n%s", c.name, o.err, lastLines(o.output, 30))
						}
						state = deployed(t, s)
					}
					cfgFile.apply(t, func(cfg map[string]any) { c.edit(stack, cfg) })
					o := e.previewWith(t, s, false, "")
					if msg := c.wantErr[stack]; msg != "" {
						if o.err == nil || !strings.Contains(o.output, msg) {
							t.Errorf("%s on %s: want the preview refused with %q, got err %v\n%s", c.name, stack, msg, o.err, lastLines(o.output, 20))
						}
						table = append(table, observed{c.name, stack, plan{"refused": {"preview": 1}}})
						return
					}
					if o.err != nil {
						t.Fatalf("preview: %v\n%s", o.err, lastLines(o.output, 30))
					}
					steps := stepsOf(o)
					for urn, m := range steps {
						if m.Op != "replace" && m.Op != "delete" {
							continue
						}
						st := state[urn]
						if st.protect {
							t.Errorf("%s: %s of the protected %s (keys %v)", c.name, m.Op, urn, m.Keys)
						}
						kept := m.Op == "delete" && st.retainOnDelete
						meant := m.Op == "delete" && c.deletable != nil && c.deletable(m)
						if statefulTypes[m.Type] && !kept && !meant {
							t.Errorf("%s: %s of %s, which holds data (keys %v)", c.name, m.Op, urn, m.Keys)
						}
					}
					if os.Getenv("CARESTACK_CHANGESAFETY_DEBUG") != "" {
						for urn, m := range steps {
							t.Logf("%s %s keys=%v diffs=%v", m.Op, urn, m.Keys, m.Diffs)
						}
					}
					p := planOf(steps)
					table = append(table, observed{c.name, stack, p})
					want, ok := c.want[stack]
					if !ok {
						want = c.want["*"]
					}
					if got := p.String(); got != want {
						t.Errorf("%s on %s plans\n  %s\nwant (docs/operations.md)\n  %s", c.name, stack, got, want)
					}
				})
			}
		})
	}
	var b strings.Builder
	b.WriteString("\n| Change | Stack | Creates | Updates | Replaces | Deletes |\n| --- | --- | --- | --- | --- | --- |\n")
	for _, r := range table {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", r.change, r.stack,
			r.plan.cell("create"), r.plan.cell("update"), r.plan.cell("replace"), r.plan.cell("delete"))
	}
	t.Log(b.String())
}
