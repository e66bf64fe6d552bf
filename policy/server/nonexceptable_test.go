package server

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/carestack/carestack/policy/rules"
)

// configure runs the engine's loading sequence for stack (environment env)
// with levels, as the engine would send them after folding "all" in.
func configure(t *testing.T, s *Server, env string, levels map[string]string) error {
	t.Helper()
	ctx := context.Background()
	if _, err := s.ConfigureStack(ctx, &pulumirpc.AnalyzerStackConfigureRequest{Stack: env, Config: map[string]string{"carestack:environment": env}}); err != nil {
		t.Fatal(err)
	}
	info, err := s.GetAnalyzerInfo(ctx, &emptypb.Empty{})
	if err != nil {
		t.Fatal(err)
	}
	conf := map[string]*pulumirpc.PolicyConfig{}
	for _, p := range info.Policies {
		conf[p.Name] = &pulumirpc.PolicyConfig{EnforcementLevel: p.EnforcementLevel}
	}
	if all, ok := levels["all"]; ok {
		for _, c := range conf {
			c.EnforcementLevel = level(t, all)
		}
	}
	for name, l := range levels {
		conf[name] = &pulumirpc.PolicyConfig{EnforcementLevel: level(t, l)}
	}
	_, err = s.Configure(ctx, &pulumirpc.ConfigureAnalyzerRequest{PolicyConfig: conf})
	return err
}

func level(t *testing.T, s string) pulumirpc.EnforcementLevel {
	l, ok := pulumirpc.EnforcementLevel_value[strings.ToUpper(s)]
	if !ok {
		t.Fatalf("no level %q", s)
	}
	return pulumirpc.EnforcementLevel(l)
}

func noConfigFiles(string) configSearch { return configSearch{found: true} }

func TestConfigureRefusesEveryLevelThatWeakensANonExceptableRule(t *testing.T) {
	var all []string
	for _, r := range nonExceptable() {
		all = append(all, r.Name)
	}
	tests := []struct {
		name   string
		levels map[string]string
		want   []string // every rule the refusal must name
	}{
		{"disabled by name", map[string]string{"no-plaintext-secrets-in-taskdef": "disabled"}, []string{`no-plaintext-secrets-in-taskdef (IAM-08) to "disabled"`}},
		{"advisory by name", map[string]string{"no-access-keys": "advisory"}, []string{`no-access-keys (IAM-01) to "advisory"`}},
		{"a stack rule advisory", map[string]string{"s3-sse-kms": "advisory"}, []string{`s3-sse-kms (ENC-03) to "advisory"`}},
		{"all disabled", map[string]string{"all": "disabled"}, append([]string{`"all" to "disabled"`}, all...)},
		{"all advisory with the rule restored by name", map[string]string{"all": "advisory", "no-access-keys": "mandatory"}, append([]string{`"all" to "advisory"`}, all...)},
	}
	for _, env := range []string{"dev", "staging", "prod"} {
		for _, tt := range tests {
			t.Run(env+"/"+tt.name, func(t *testing.T) {
				s := New()
				s.configFiles = noConfigFiles
				err := configure(t, s, env, tt.levels)
				if err == nil {
					t.Fatal("Configure accepted it")
				}
				for _, w := range tt.want {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("refusal does not name %s:\n%v", w, err)
					}
				}
				if !strings.Contains(err.Error(), "must stay mandatory in every environment") || !strings.Contains(err.Error(), "docs/exceptions.md") {
					t.Errorf("refusal gives no reason or fix:\n%v", err)
				}
			})
		}
	}
}

func TestConfigureAcceptsWhatLeavesNonExceptableRulesMandatory(t *testing.T) {
	for _, levels := range []map[string]string{
		nil,
		{"aurora-backup-retention": "advisory", "alb-deletion-protection": "disabled"},
		{"all": "mandatory"},
		{"no-access-keys": "mandatory"},
		{"preview-coverage": "disabled"},
	} {
		s := New()
		s.configFiles = noConfigFiles
		if err := configure(t, s, "prod", levels); err != nil {
			t.Errorf("%v: %v", levels, err)
		}
	}
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const exceptionsConfig = `{"version": 2, "exceptions": {
  "EXC-1": {"reason": "r", "match": [{"policies": ["aurora-backup-retention"], "targets": ["urn:pulumi:prod::carestack::aws:rds/cluster:Cluster::aurora"]}]},
  "EXC-2": {"reason": "r", "match": [{"policies": ["alb-deletion-protection", "no-access-keys"], "targets": ["urn:pulumi:prod::carestack::aws:iam/accessKey:AccessKey::ci"]}]}}}`

func TestConfigureRefusesAnExceptionThatNamesANonExceptableRule(t *testing.T) {
	file := writeFile(t, t.TempDir(), "prod.json", exceptionsConfig)
	s := New()
	s.configFiles = func(string) configSearch { return configSearch{found: true, files: []string{file}} }
	err := configure(t, s, "prod", nil)
	if err == nil {
		t.Fatal("Configure accepted an exception for no-access-keys")
	}
	want := `policy exception "EXC-2" in ` + file + ` names no-access-keys (IAM-01), which is non-exceptable: no exception may waive it. Remove the exception and fix the resource (see docs/exceptions.md)`
	if !strings.Contains(err.Error(), want) {
		t.Errorf("got %v\nwant it to contain %s", err, want)
	}
	for _, exceptable := range []string{"aurora-backup-retention", "alb-deletion-protection", "EXC-1"} {
		if strings.Contains(err.Error(), exceptable) {
			t.Errorf("refusal names %s, which may be excepted: %v", exceptable, err)
		}
	}
}

func TestPolicyFlagsReadBothFlagForms(t *testing.T) {
	packs, configs, ok := policyFlags([]string{"pulumi", "preview", "--stack", "prod", "--policy-pack=/p/bin", "--policy-pack", "policy",
		"--policy-pack-config", "a.json", "--policy-pack-config=b.json", "--", "--policy-pack=ignored"})
	if !ok || !reflect.DeepEqual(packs, []string{"/p/bin", "policy"}) || !reflect.DeepEqual(configs, []string{"a.json", "b.json"}) {
		t.Errorf("packs %v configs %v ok %v", packs, configs, ok)
	}
	if _, _, ok := policyFlags([]string{"pulumi", "preview", "--stack", "prod"}); ok {
		t.Error("a command line without --policy-pack reads as a policy run")
	}
}

func TestPairConfigPicksThisPacksConfig(t *testing.T) {
	dir := t.TempDir()
	bin := writeFile(t, dir, "pack", "")
	other := writeFile(t, dir, "other-pack", "")
	packDir := filepath.Join(dir, "policy")
	if err := os.Mkdir(packDir, 0o755); err != nil {
		t.Fatal(err)
	}
	abs := func(ps ...string) []string {
		for i, p := range ps {
			ps[i] = filepath.Join(dir, p)
		}
		return ps
	}
	tests := []struct {
		name          string
		packs         []string
		self, rootDir string
		want          []string
	}{
		{"the binary, second of two", []string{other, bin}, bin, dir, abs("b.json")},
		{"the runtime: go directory, relative", []string{"policy", other}, "/tmp/go-build/exe", packDir, abs("a.json")},
		{"not identifiable: every config", []string{other, other}, bin, "", abs("a.json", "b.json")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := pairConfig(tt.packs, []string{"a.json", "b.json"}, dir, tt.self, tt.rootDir)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// The search through real processes: a shell stands in for the pulumi CLI,
// with the CLI's flags on its command line and a relative config path, and
// starts this test binary as the pack.
func TestEngineConfigFilesFindsTheCLIsConfigAmongTheAncestors(t *testing.T) {
	if os.Getenv("CARESTACK_PACK_CHILD") != "" {
		cs := engineConfigFiles("")
		os.Stdout.WriteString(strings.Join(cs.files, "\n") + "\n")
		if !cs.found {
			os.Stdout.WriteString("not found\n")
		}
		return
	}
	if _, err := os.Stat("/proc/self/cmdline"); err != nil {
		t.Skip("no /proc: the pack cannot see the CLI's flags here")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	writeFile(t, dir, "prod.json", exceptionsConfig)
	// "; true" keeps the shell alive as the child's parent.
	script := `"$0" -test.run=TestEngineConfigFilesFindsTheCLIsConfigAmongTheAncestors; true`
	cmd := exec.Command("bash", "-c", script, self, "--policy-pack="+self, "--policy-pack-config=prod.json")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CARESTACK_PACK_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	want, _ := filepath.EvalSymlinks(filepath.Join(dir, "prod.json"))
	if !strings.Contains(string(out), want+"\n") || strings.Contains(string(out), "not found") {
		t.Errorf("child found:\n%s\nwant %s", out, want)
	}
}

func TestRemediateAndUnreadTypesDecodeNothing(t *testing.T) {
	s := New()
	ctx := context.Background()
	// A value with an unknown signature: decoding it fails.
	bad, err := structpb.NewStruct(map[string]any{"x": map[string]any{"4dabf18193072939515e22adb298388d": "no-such-signature"}})
	if err != nil {
		t.Fatal(err)
	}
	unread := &pulumirpc.AnalyzeRequest{Type: "random:index/randomId:RandomId", Urn: "urn:pulumi:prod::p::random:index/randomId:RandomId::x", Properties: bad}
	if rules.ReadsType(unread.Type) {
		t.Fatalf("a rule reads %s", unread.Type)
	}
	if resp, err := s.Analyze(ctx, unread); err != nil || len(resp.Diagnostics) != 0 {
		t.Errorf("Analyze of a type no rule reads decoded it: %v %v", resp, err)
	}
	read := &pulumirpc.AnalyzeRequest{Type: rules.SNSTopic, Urn: "urn:pulumi:prod::p::aws:sns/topic:Topic::t", Properties: bad}
	if _, err := s.Analyze(ctx, read); err == nil {
		t.Error("Analyze of a type a rule reads did not decode it")
	}
	if resp, err := s.Remediate(ctx, read); err != nil || len(resp.Remediations) != 0 {
		t.Errorf("Remediate decoded the resource or remediated: %v %v", resp, err)
	}
}

// passed is the engine's summary of one response (pulumi/pkg v3.274.1
// resource/analyzer summary.go): the policies of the call's type that are
// not disabled by default, minus those that failed or do not apply.
func passed(info *pulumirpc.AnalyzerInfo, typ pulumirpc.PolicyType, failed []*pulumirpc.AnalyzeDiagnostic, na []*pulumirpc.PolicyNotApplicable) []string {
	skip := map[string]bool{}
	for _, d := range failed {
		skip[d.PolicyName] = true
	}
	for _, n := range na {
		skip[n.PolicyName] = true
	}
	var out []string
	for _, p := range info.Policies {
		if (p.PolicyType == typ || p.PolicyType == pulumirpc.PolicyType_POLICY_TYPE_UNKNOWN) &&
			p.EnforcementLevel != pulumirpc.EnforcementLevel_DISABLED && !skip[p.Name] {
			out = append(out, p.Name)
		}
	}
	return out
}

// The engine's per-resource summaries list as passed only the rules that
// ran on the resource: each policy says whether it is a resource or a stack
// policy, and every resource policy that does not read the resource's type
// (or is disabled) says it does not apply. Remediate applies no policy.
func TestSummariesListOnlyTheRulesThatRan(t *testing.T) {
	s := New()
	s.configFiles = noConfigFiles
	if err := configure(t, s, "prod", map[string]string{"sns-kms": "disabled", "trail-exists": "disabled"}); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	info, err := s.GetAnalyzerInfo(ctx, &emptypb.Empty{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range info.Policies {
		want := pulumirpc.PolicyType_POLICY_TYPE_STACK
		if r := rules.ByName(p.Name); r != nil && r.Scope == rules.ScopeResource {
			want = pulumirpc.PolicyType_POLICY_TYPE_RESOURCE
		}
		if p.PolicyType != want {
			t.Errorf("%s: type %v, want %v", p.Name, p.PolicyType, want)
		}
	}
	topic := &pulumirpc.AnalyzeRequest{Type: rules.SNSTopic, Urn: "urn:pulumi:prod::carestack::aws:sns/topic:Topic::t", Name: "t"}
	resp, err := s.Analyze(ctx, topic)
	if err != nil {
		t.Fatal(err)
	}
	var ran []string
	for _, r := range rules.ResourceRules(rules.SNSTopic) {
		if r.Name != "sns-kms" {
			ran = append(ran, r.Name)
		}
	}
	failed := map[string]bool{}
	for _, d := range resp.Diagnostics {
		failed[d.PolicyName] = true
	}
	var want []string
	for _, n := range ran {
		if !failed[n] {
			want = append(want, n)
		}
	}
	if got := passed(info, pulumirpc.PolicyType_POLICY_TYPE_RESOURCE, resp.Diagnostics, resp.NotApplicable); !reflect.DeepEqual(got, want) {
		t.Errorf("a topic's summary passes %v, want the topic rules that ran and found nothing: %v", got, want)
	}
	rem, err := s.Remediate(ctx, topic)
	if err != nil {
		t.Fatal(err)
	}
	if got := passed(info, pulumirpc.PolicyType_POLICY_TYPE_RESOURCE, nil, rem.NotApplicable); len(got) != 0 || len(rem.Remediations) != 0 {
		t.Errorf("Remediate remediates %v and its summary passes %v; the pack remediates nothing", rem.Remediations, got)
	}
	st, err := s.AnalyzeStack(ctx, &pulumirpc.AnalyzeStackRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range passed(info, pulumirpc.PolicyType_POLICY_TYPE_STACK, st.Diagnostics, st.NotApplicable) {
		if r := rules.ByName(name); name == "trail-exists" || (r != nil && r.Scope == rules.ScopeResource) {
			t.Errorf("the stack summary passes %s", name)
		}
	}
}
