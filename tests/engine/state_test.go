package engine_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/carestack/carestack/infra/estate"
	"github.com/carestack/carestack/policy/rules"
)

// The nightly job's sequence through the real CLI: `up` prod (stand-in
// providers), `pulumi stack export` before and after `pulumi refresh --yes`,
// then `cmd/report -state` over the exports as they are and over copies
// edited the way console drift looks in a refreshed state.

// partnerToken is a secret the program puts in the state; no report may
// show it or its ciphertext.
const partnerToken = "partner-token-PLAINTEXT-7f3a"

// withSecrets is the estate plus two secrets: a stack output, and the ECS
// exec log group's kmsKeyId (a property the drift table watches and a rule
// reads).
//
// It also names each bucket as AWS would from its bucketPrefix: the stand-in
// provider (internal/offline.StandInState) names a bucket after its resource
// and ignores bucketPrefix, and at `up` the pack's cloudtrail-baseline judges
// that name against the trail's data-event selector on the PHI prefix.
func withSecrets(ctx *pulumi.Context) error {
	if err := ctx.RegisterResourceTransform(func(_ context.Context, a *pulumi.ResourceTransformArgs) *pulumi.ResourceTransformResult {
		switch {
		case a.Type == rules.LogGroup && a.Name == "ecs-exec":
			a.Props["kmsKeyId"] = pulumi.ToSecret(a.Props["kmsKeyId"])
		case a.Type == rules.S3BucketV2 && a.Props["bucketPrefix"] != nil:
			prefix, ok := a.Props["bucketPrefix"].(pulumi.String)
			if !ok {
				return nil
			}
			a.Props["bucket"] = pulumi.String(string(prefix) + a.Name)
			delete(a.Props, "bucketPrefix")
		default:
			return nil
		}
		return &pulumi.ResourceTransformResult{Props: a.Props, Opts: a.Opts}
	}); err != nil {
		return err
	}
	ctx.Export("partnerToken", pulumi.ToSecret(pulumi.String(partnerToken)))
	return estate.Program(ctx)
}

// cli runs the pulumi CLI in the stack's work directory and backend.
func cli(t *testing.T, s auto.Stack, args ...string) string {
	t.Helper()
	dir := s.Workspace().WorkDir()
	cmd := exec.Command("pulumi", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PULUMI_BACKEND_URL=file://"+filepath.Join(dir, "state"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("pulumi %s: %v\n%s", strings.Join(args, " "), err, lastLines(string(out), 30))
	}
	return string(out)
}

// reportRun is one run of the report command.
type reportRun struct {
	exit  int
	out   string
	json  stateReport
	files map[string]string // extension -> content
}

type stateReport struct {
	Totals     map[string]int
	Violations []struct{ Rule, URN, Message, Level string }
	Rules      []struct{ Name, Status string }
	Evidence   struct {
		Source struct{ Kind, Detail, Path string }
	}
}

type found struct{ Rule, URN, Message string }

func (r reportRun) findings() []found {
	var out []found
	for _, v := range r.json.Violations {
		out = append(out, found{v.Rule, v.URN, v.Message})
	}
	sort.Slice(out, func(i, j int) bool { return fmt.Sprint(out[i]) < fmt.Sprint(out[j]) })
	return out
}

// runReport runs the report command built from the repository over exports.
func runReport(t *testing.T, bin, root string, args ...string) reportRun {
	t.Helper()
	out := t.TempDir()
	cmd := exec.Command(bin, append([]string{"-stack", "prod", "-out", out}, args...)...)
	cmd.Dir = root
	text, err := cmd.CombinedOutput()
	r := reportRun{out: string(text), files: map[string]string{}}
	if ee, ok := err.(*exec.ExitError); ok {
		r.exit = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if r.exit == 2 {
		t.Fatalf("report: bad input: %s", text)
	}
	for _, ext := range []string{"md", "html", "json", "sarif"} {
		data, err := os.ReadFile(filepath.Join(out, "prod."+ext))
		if err != nil {
			t.Fatal(err)
		}
		r.files[ext] = string(data)
	}
	if err := json.Unmarshal([]byte(r.files["json"]), &r.json); err != nil {
		t.Fatal(err)
	}
	return r
}

// exportFile is an export's JSON, decoded for editing.
type exportFile struct {
	Version    int `json:"version"`
	Deployment struct {
		Manifest         json.RawMessage  `json:"manifest"`
		SecretsProviders json.RawMessage  `json:"secrets_providers,omitempty"`
		Resources        []map[string]any `json:"resources"`
	} `json:"deployment"`
}

func readExport(t *testing.T, path string) *exportFile {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var ex exportFile
	if err := json.Unmarshal(data, &ex); err != nil {
		t.Fatal(err)
	}
	return &ex
}

func (ex *exportFile) write(t *testing.T) string {
	t.Helper()
	data, err := json.Marshal(ex)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "export.json")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func (ex *exportFile) find(t *testing.T, typ, name string) map[string]any {
	t.Helper()
	for _, r := range ex.Deployment.Resources {
		if r["type"] == typ && strings.HasSuffix(r["urn"].(string), "::"+name) {
			return r
		}
	}
	t.Fatalf("no %s %s in the export", typ, name)
	return nil
}

func (ex *exportFile) without(urn string) {
	var kept []map[string]any
	for _, r := range ex.Deployment.Resources {
		if r["urn"] != urn {
			kept = append(kept, r)
		}
	}
	ex.Deployment.Resources = kept
}

func props(r map[string]any, side string) map[string]any { return r[side].(map[string]any) }

// ciphertexts lists every secret's ciphertext in an export.
func ciphertexts(path string) []string {
	data, _ := os.ReadFile(path)
	var out []string
	for _, m := range regexp.MustCompile(`"ciphertext":\s*"([^"]+)"`).FindAllStringSubmatch(string(data), -1) {
		out = append(out, m[1])
	}
	return out
}

func TestTheNightlyReportOverARealStackExport(t *testing.T) {
	e := setup(t)
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "report")
	if out, err := run(e.root, "go", "build", "-o", bin, "./cmd/report"); err != nil {
		t.Fatalf("go build ./cmd/report: %v\n%s", err, out)
	}
	s := e.workspace(t, "prod", withSecrets, nil)
	if o := e.up(t, s, e.policyConfig(t, "prod", "")); o.err != nil {
		t.Fatalf("up failed: %v\n%s", o.err, lastLines(o.output, 40))
	}
	before, after := filepath.Join(tmp, "before.json"), filepath.Join(tmp, "after.json")
	// The nightly: export, refresh writing the observed state, export.
	cli(t, s, "stack", "export", "--stack", "prod", "--file", before)
	cli(t, s, "refresh", "--yes", "--stack", "prod", "--non-interactive", "--suppress-progress")
	cli(t, s, "stack", "export", "--stack", "prod", "--file", after)
	// And the form an export made with --show-secrets takes (plaintext).
	plain, err := s.Export(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	plainPath := filepath.Join(tmp, "plain.json")
	if data, err := json.Marshal(plain); err != nil || os.WriteFile(plainPath, data, 0o644) != nil {
		t.Fatal("cannot write the --show-secrets export", err)
	}
	if data, _ := os.ReadFile(plainPath); !strings.Contains(string(data), partnerToken) {
		t.Fatal("the --show-secrets export does not hold the secret in plaintext, so that form goes untested")
	}
	if secrets := ciphertexts(after); len(secrets) < 2 {
		t.Fatalf("want the two secrets encrypted in the export, got %d", len(secrets))
	}
	secretsShown := func(t *testing.T, r reportRun) {
		t.Helper()
		for ext, content := range r.files {
			for _, s := range append(ciphertexts(after), partnerToken) {
				if strings.Contains(content, s) {
					t.Errorf("prod.%s shows a secret (%q)", ext, s)
				}
			}
		}
	}

	t.Run("the deployed estate is compliant and has not drifted", func(t *testing.T) {
		for _, tc := range []struct{ name, export, declared string }{
			{"after the refresh", after, ""},
			{"against the export before the refresh", after, before},
			{"from an export with --show-secrets", plainPath, ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				args := []string{"-state", tc.export}
				if tc.declared != "" {
					args = append(args, "-declared", tc.declared)
				}
				r := runReport(t, bin, e.root, args...)
				if r.exit != 0 || len(r.json.Violations) != 0 {
					t.Fatalf("exit %d, findings %+v\n%s", r.exit, r.findings(), r.out)
				}
				// Unlike the offline run, the state holds what awsx made:
				// nothing is left "not evaluated".
				if r.json.Totals["not evaluated"] != 0 || r.json.Totals["violation"] != 0 {
					t.Errorf("totals %v", r.json.Totals)
				}
				if src := r.json.Evidence.Source; src.Kind != "stack export" || src.Path != tc.export || !strings.Contains(src.Detail, "stack export "+tc.export) {
					t.Errorf("source %+v", src)
				}
				secretsShown(t, r)
			})
		}
	})

	t.Run("console drift", func(t *testing.T) {
		ex := readExport(t, after)
		// The PHI bucket's default encryption removed (S3 falls back to
		// SSE-S3, no bucket key) and the HTTPS listener's TLS policy
		// weakened, both in AWS, as `refresh --yes` would write them.
		sse := ex.find(t, rules.S3SSEConfigV2, "data-visit-documents-sse")
		declaredKey := props(sse, "inputs")["rules"].([]any)[0].(map[string]any)["applyServerSideEncryptionByDefault"].(map[string]any)["kmsMasterKeyId"]
		props(sse, "outputs")["rules"] = []any{map[string]any{"applyServerSideEncryptionByDefault": map[string]any{"sseAlgorithm": "AES256"}, "bucketKeyEnabled": false}}
		lst := ex.find(t, rules.LBListener, "ecs-https")
		props(lst, "outputs")["sslPolicy"] = "ELBSecurityPolicy-2016-08"
		bucket := ex.find(t, rules.S3BucketV2, "data-visit-documents")
		r := runReport(t, bin, e.root, "-state", ex.write(t))
		if r.exit != 1 {
			t.Fatalf("exit %d, want 1 (gate failed)\n%s", r.exit, r.out)
		}
		enc, tls := rules.ByName("s3-sse-kms"), rules.ByName("alb-tls-policy-and-acm")
		restore := ". Run `pulumi up` to restore what was reviewed, or change the program and have it reviewed. "
		sseName := "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2 data-visit-documents-sse: drift: "
		want := []found{
			{"alb-tls-policy-and-acm", lst["urn"].(string), `aws:lb/listener:Listener ecs-https: drift: sslPolicy is declared "ELBSecurityPolicy-TLS13-1-2-2021-06" but AWS reported "ELBSecurityPolicy-2016-08" at the last refresh` + restore + tls.Controls()},
			{"alb-tls-policy-and-acm", lst["urn"].(string), fmt.Sprintf(`aws:lb/listener:Listener ecs-https: sslPolicy is "ELBSecurityPolicy-2016-08", want one of %s. Set sslPolicy to ELBSecurityPolicy-TLS13-1-2-2021-06. %s`,
				strings.Join(tls.Params["allowedSslPolicies"].([]string), ", "), tls.Controls())},
			{"s3-sse-kms", bucket["urn"].(string), `aws:s3/bucketV2:BucketV2 data-visit-documents: sseAlgorithm is "AES256" on a PHI bucket. Use sseAlgorithm aws:kms with the data CMK. ` + enc.Controls()},
			{"s3-sse-kms", sse["urn"].(string), sseName + fmt.Sprintf("rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId is declared %q but AWS reported unset at the last refresh", declaredKey) + restore + enc.Controls()},
			{"s3-sse-kms", sse["urn"].(string), sseName + `rules[0].applyServerSideEncryptionByDefault.sseAlgorithm is declared "aws:kms" but AWS reported "AES256" at the last refresh` + restore + enc.Controls()},
			{"s3-sse-kms", sse["urn"].(string), sseName + "rules[0].bucketKeyEnabled is declared true but AWS reported false at the last refresh" + restore + enc.Controls()},
		}
		sort.Slice(want, func(i, j int) bool { return fmt.Sprint(want[i]) < fmt.Sprint(want[j]) })
		if got := r.findings(); !reflect.DeepEqual(got, want) {
			t.Errorf("findings\n got %+v\nwant %+v", got, want)
		}
		for _, v := range r.json.Violations {
			if v.Level != "mandatory" {
				t.Errorf("%s on %s is %s, want mandatory in prod", v.Rule, v.URN, v.Level)
			}
		}
		if !strings.Contains(r.files["sarif"], "alb-tls-policy-and-acm") || !strings.Contains(r.files["md"], "drift: sslPolicy is declared") {
			t.Error("the drift is missing from the SARIF or Markdown report")
		}
		secretsShown(t, r)
	})

	t.Run("drift the refresh wrote into the inputs, and a deleted resource", func(t *testing.T) {
		// pulumi-aws rewrites a declared input to what it read during
		// `refresh --yes`; a resource AWS no longer has leaves the state.
		ex := readExport(t, after)
		lst := ex.find(t, rules.LBListener, "ecs-https")
		props(lst, "inputs")["sslPolicy"] = "ELBSecurityPolicy-TLS13-1-3-2021-06"
		props(lst, "outputs")["sslPolicy"] = "ELBSecurityPolicy-TLS13-1-3-2021-06"
		pab := ex.find(t, rules.S3PublicAccessBlock, "data-visit-documents-pab")
		ex.without(pab["urn"].(string))
		edited := ex.write(t)
		if r := runReport(t, bin, e.root, "-state", edited); countDrift(r) != 0 {
			t.Errorf("the refreshed export alone should show no drift, got %+v", r.findings())
		}
		r := runReport(t, bin, e.root, "-state", edited, "-declared", before)
		if r.exit != 1 {
			t.Fatalf("exit %d, want 1\n%s", r.exit, r.out)
		}
		bucket := ex.find(t, rules.S3BucketV2, "data-visit-documents")
		var got []found
		for _, f := range r.findings() {
			got = append(got, found{f.Rule, f.URN, f.Message[:strings.Index(f.Message, ". ")]})
		}
		want := []found{
			{"alb-tls-policy-and-acm", lst["urn"].(string), `aws:lb/listener:Listener ecs-https: drift: sslPolicy is declared "ELBSecurityPolicy-TLS13-1-2-2021-06" but AWS reported "ELBSecurityPolicy-TLS13-1-3-2021-06" at the last refresh`},
			{"s3-public-access-block", pab["urn"].(string), "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock data-visit-documents-pab: drift: the resource was deleted outside Pulumi (in the declared state, gone from AWS at the last refresh)"},
			{"s3-public-access-block", bucket["urn"].(string), "aws:s3/bucketV2:BucketV2 data-visit-documents: the bucket has no public access block"},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("findings\n got %+v\nwant %+v", got, want)
		}
	})
}

func countDrift(r reportRun) int {
	n := 0
	for _, v := range r.json.Violations {
		if strings.Contains(v.Message, ": drift: ") {
			n++
		}
	}
	return n
}
