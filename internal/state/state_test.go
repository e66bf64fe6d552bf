package state

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/carestack/carestack/policy/rules"
)

func TestParseRejectsWhatIsNotAVersion3Or4Export(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"not JSON", `{"version": 3,`, "not a stack export (want the JSON `pulumi stack export` writes): unexpected EOF"},
		{"an empty object", `{}`, `not a stack export: no "version" and "deployment" (want the JSON ` + "`pulumi stack export`" + ` writes)`},
		{"a checkpoint file", `{"version": 1, "checkpoint": {}}`, "stack export version 1 is not supported (want 3 or 4, as Pulumi v3 writes)"},
		{"resources of the wrong shape", `{"version": 3, "deployment": {"resources": {"urn": "x"}}}`,
			"the deployment is not in the version-3 shape: json: cannot unmarshal object into Go struct field deployment.resources of type []state.resourceJSON"},
		{"inputs of the wrong shape", `{"version": 3, "deployment": {"resources": [{"urn": "u", "type": "t", "inputs": "x"}]}}`,
			"the deployment is not in the version-3 shape: json: cannot unmarshal string into Go struct field resourceJSON.resources.inputs of type map[string]interface {}"},
		{"a resource without a type", `{"version": 3, "deployment": {"resources": [{"urn": "u"}]}}`, "resources[0] has no urn or type"},
		{"a URN twice", `{"version": 3, "deployment": {"resources": [{"urn": "u", "type": "t"}, {"urn": "u", "type": "t"}]}}`, "resources[1]: u appears twice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tc.in))
			if err == nil || err.Error() != tc.want {
				t.Fatalf("got %v\nwant %s", err, tc.want)
			}
		})
	}
}

func TestParseReadsTheManifestAndLeavesOutPendingDeletes(t *testing.T) {
	d := parse(t, fixture())
	if d.Version != 3 || d.PulumiVersion != "v3.274.1" || d.Time != "2025-06-01T02:00:00Z" {
		t.Errorf("manifest: got %d %q %q", d.Version, d.PulumiVersion, d.Time)
	}
	if len(d.Resources) != 13 || d.PendingDelete != 1 {
		t.Errorf("got %d resources, %d pending delete; want 13 and 1", len(d.Resources), d.PendingDelete)
	}
	if got := d.Resource(logURN).ID; got != "/carestack/app" {
		t.Errorf("the log group is the live one, got id %q", got)
	}
	if got := d.Stacks(); !reflect.DeepEqual(got, []string{"prod"}) {
		t.Errorf("stacks: %v", got)
	}
}

func TestSecretsBecomeSecretMarkedPlaceholdersWhicheverWayTheyWereExported(t *testing.T) {
	d := parse(t, fixture())
	for _, tc := range []struct {
		name string
		v    property.Value
	}{
		{"ciphertext in outputs", d.Resource(secretURN).Outputs.Get("secretString")},
		{"plaintext (--show-secrets) in inputs", d.Resource(secretURN).Inputs.Get("secretString")},
		{"the stack's secret output", d.Resource(stackURN).Outputs.Get("apiToken")},
		{"an output value marked secret", toValue(map[string]any{sigKey: sigOutput, "value": plaintext, "secret": true})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !tc.v.Secret() || !tc.v.IsString() || tc.v.AsString() != Secret {
				t.Fatalf("got %v (secret %v), want %q marked secret", tc.v, tc.v.Secret(), Secret)
			}
		})
	}
	// Nothing read from the state holds a secret's text.
	var all strings.Builder
	for _, r := range d.Resources {
		fmt.Fprintf(&all, "%v %v\n", r.Inputs, r.Outputs)
	}
	for _, s := range []string{plaintext, ciphertext} {
		if strings.Contains(all.String(), s) {
			t.Errorf("the parsed state holds %q", s)
		}
	}
}

func TestSignedValuesOtherThanSecrets(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   map[string]any
		want property.Value
	}{
		{"asset", map[string]any{sigKey: sigAsset, "text": "body"}, property.New("[asset]")},
		{"archive", map[string]any{sigKey: sigArchive, "assets": map[string]any{}}, property.New("[archive]")},
		{"resource reference with id", map[string]any{sigKey: sigResRef, "urn": bucketURN, "id": "phi"}, property.New("phi")},
		{"resource reference without id", map[string]any{sigKey: sigResRef, "urn": bucketURN}, property.New(bucketURN)},
		{"known output value", map[string]any{sigKey: sigOutput, "value": 30.0}, property.New(30.0)},
		{"unknown output value", map[string]any{sigKey: sigOutput}, property.New(property.Computed)},
		{"unrecognised signature", map[string]any{sigKey: "abc"}, property.New("[unrecognised value abc]")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := toValue(tc.in); !got.Equals(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
	if got := toValue(unknownValue); !got.IsComputed() {
		t.Errorf("the unknown sentinel: got %v", got)
	}
}

func TestRulesSeeInputsWithWatchedPropertiesFromOutputs(t *testing.T) {
	// The program left publiclyAccessible to AWS's default; AWS reports it
	// true. The rule must judge what AWS reported.
	d := parse(t, edit(instURN, func(r res) { outputs(r)["publiclyAccessible"] = true }))
	got := map[string]rules.Resource{}
	for _, r := range d.Rules() {
		got[r.URN] = r
	}
	if len(got) != 13 {
		t.Fatalf("got %d resources", len(got))
	}
	sse := got[sseURN]
	if sse.Type != rules.S3SSEConfigV2 || sse.Name != "phi" || sse.Parent != bucketComp ||
		!reflect.DeepEqual(sse.PropertyDependencies, map[string][]string{"bucket": {bucketURN}}) {
		t.Errorf("sse config: %+v", sse)
	}
	if !got[bucketURN].Protect {
		t.Error("protect was lost")
	}
	if tags := got[bucketURN].ProviderProps.Get("defaultTags"); !tags.IsMap() {
		t.Errorf("provider props: %v", got[bucketURN].ProviderProps)
	}
	if v := got[instURN].Props.Get("publiclyAccessible"); !v.IsBool() || !v.AsBool() {
		t.Errorf("publiclyAccessible: got %v, want the observed true", v)
	}
	// An output that is not watched does not replace or join the inputs.
	if _, ok := got[bucketURN].Props.GetOk("arn"); ok {
		t.Error("the bucket's unwatched output arn reached the rules")
	}
	findings := rules.Evaluate(d.Rules(), nil)
	var exposed []string
	for _, f := range findings {
		if f.Rule == "db-instances-private" {
			exposed = append(exposed, f.Message)
		}
	}
	want := []string{"aws:rds/clusterInstance:ClusterInstance reader-0: publiclyAccessible is true. Set publiclyAccessible: false. " + rules.ByName("db-instances-private").Controls()}
	if !reflect.DeepEqual(exposed, want) {
		t.Errorf("got %q\nwant %q", exposed, want)
	}
}

func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		name string
		rs   []res
		want []Drift
	}{
		{name: "the state as up left it", rs: fixture()},
		{
			name: "bucket encryption removed in the console (S3 falls back to SSE-S3)",
			rs: edit(sseURN, func(r res) {
				outputs(r)["rules"] = []any{map[string]any{"applyServerSideEncryptionByDefault": map[string]any{"sseAlgorithm": "AES256"}, "bucketKeyEnabled": true}}
			}),
			want: []Drift{
				{URN: sseURN, Type: rules.S3SSEConfigV2, Name: "phi", Property: "rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId", Declared: `"` + keyARN + `"`, Observed: "unset", Rule: "s3-sse-kms"},
				{URN: sseURN, Type: rules.S3SSEConfigV2, Name: "phi", Property: "rules[0].applyServerSideEncryptionByDefault.sseAlgorithm", Declared: `"aws:kms"`, Observed: `"AES256"`, Rule: "s3-sse-kms"},
			},
		},
		{
			name: "AWS fills in defaults the program never set: not drift",
			rs: edit(sseURN, func(r res) {
				outputs(r)["rules"] = []any{map[string]any{"applyServerSideEncryptionByDefault": map[string]any{"sseAlgorithm": "aws:kms", "kmsMasterKeyId": keyARN}, "bucketKeyEnabled": true, "id": "x"}}
			}),
		},
		{
			name: "listener TLS policy changed",
			rs:   edit(listenerURN, func(r res) { outputs(r)["sslPolicy"] = "ELBSecurityPolicy-2016-08" }),
			want: []Drift{{URN: listenerURN, Type: rules.LBListener, Name: "https", Property: "sslPolicy", Declared: `"ELBSecurityPolicy-TLS13-1-2-2021-06"`, Observed: `"ELBSecurityPolicy-2016-08"`, Rule: "alb-tls-policy-and-acm"}},
		},
		{
			name: "listener switched to plain HTTP forwarding",
			rs: edit(listenerURN, func(r res) {
				outputs(r)["protocol"] = "HTTP"
				outputs(r)["sslPolicy"] = ""
			}),
			want: []Drift{
				{URN: listenerURN, Type: rules.LBListener, Name: "https", Property: "protocol", Declared: `"HTTPS"`, Observed: `"HTTP"`, Rule: "alb-https-or-redirect"},
				{URN: listenerURN, Type: rules.LBListener, Name: "https", Property: "sslPolicy", Declared: `"ELBSecurityPolicy-TLS13-1-2-2021-06"`, Observed: "unset", Rule: "alb-tls-policy-and-acm"},
			},
		},
		{
			name: "public access block loosened",
			rs:   edit(pabURN, func(r res) { outputs(r)["blockPublicPolicy"] = false }),
			want: []Drift{{URN: pabURN, Type: rules.S3PublicAccessBlock, Name: "phi", Property: "blockPublicPolicy", Declared: "true", Observed: "false", Rule: "s3-public-access-block"}},
		},
		{
			name: "an undeclared property AWS reports away from its default",
			rs:   edit(instURN, func(r res) { outputs(r)["publiclyAccessible"] = true }),
			want: []Drift{{URN: instURN, Type: rules.RDSClusterInstance, Name: "reader-0", Property: "publiclyAccessible", Declared: "unset (AWS default false)", Observed: "true", Rule: "db-instances-private"}},
		},
		{
			name: "log group key removed and retention shortened",
			rs: edit(logURN, func(r res) {
				outputs(r)["kmsKeyId"] = ""
				outputs(r)["retentionInDays"] = 30.0
			}),
			want: []Drift{
				{URN: logURN, Type: rules.LogGroup, Name: "app", Property: "kmsKeyId", Declared: `"` + keyARN + `"`, Observed: "unset", Rule: "log-group-kms"},
				{URN: logURN, Type: rules.LogGroup, Name: "app", Property: "retentionInDays", Declared: "365", Observed: "30", Rule: "log-retention"},
			},
		},
		{
			name: "Aurora: deletion protection off, backups shortened, encryption still on",
			rs: edit(clusterURN, func(r res) {
				outputs(r)["deletionProtection"] = false
				outputs(r)["backupRetentionPeriod"] = 1.0
			}),
			want: []Drift{
				{URN: clusterURN, Type: rules.RDSCluster, Name: "aurora", Property: "backupRetentionPeriod", Declared: "35", Observed: "1", Rule: "aurora-backup-retention"},
				{URN: clusterURN, Type: rules.RDSCluster, Name: "aurora", Property: "deletionProtection", Declared: "true", Observed: "false", Rule: "aurora-deletion-safety"},
			},
		},
		{
			name: "ingress reordered by AWS: not drift",
			rs: edit(sgURN, func(r res) {
				outputs(r)["ingress"] = []any{
					map[string]any{"protocol": "tcp", "fromPort": 3306.0, "toPort": 3306.0, "securityGroups": []any{"sg-proxy"}, "cidrBlocks": []any{}, "self": false, "description": ""},
					map[string]any{"protocol": "tcp", "fromPort": 3306.0, "toPort": 3306.0, "securityGroups": []any{"sg-app"}, "cidrBlocks": []any{}, "self": false, "description": ""},
				}
			}),
		},
		{
			name: "ingress from the internet added in the console",
			rs: edit(sgURN, func(r res) {
				outputs(r)["ingress"] = []any{
					map[string]any{"protocol": "tcp", "fromPort": 3306.0, "toPort": 3306.0, "securityGroups": []any{"sg-app"}},
					map[string]any{"protocol": "tcp", "fromPort": 3306.0, "toPort": 3306.0, "securityGroups": []any{"sg-proxy"}},
					map[string]any{"protocol": "tcp", "fromPort": 3306.0, "toPort": 3306.0, "cidrBlocks": []any{"0.0.0.0/0"}},
				}
			}),
			want: []Drift{{URN: sgURN, Type: rules.SecurityGroup, Name: "db", Property: "ingress (observed element 2)", Declared: "no such element",
				Observed: `{"cidrBlocks":["0.0.0.0/0"],"fromPort":3306,"protocol":"tcp","toPort":3306}`, Rule: "no-world-ingress-except-public-alb"}},
		},
		{
			name: "a CIDR added to a declared ingress rule",
			rs: edit(sgURN, func(r res) {
				outputs(r)["ingress"] = []any{
					map[string]any{"protocol": "tcp", "fromPort": 3306.0, "toPort": 3306.0, "securityGroups": []any{"sg-app"}, "cidrBlocks": []any{"0.0.0.0/0"}},
					map[string]any{"protocol": "tcp", "fromPort": 3306.0, "toPort": 3306.0, "securityGroups": []any{"sg-proxy"}},
				}
			}),
			want: []Drift{
				{URN: sgURN, Type: rules.SecurityGroup, Name: "db", Property: "ingress (observed element 0)", Declared: "no such element",
					Observed: `{"cidrBlocks":["0.0.0.0/0"],"fromPort":3306,"protocol":"tcp","securityGroups":["sg-app"],"toPort":3306}`, Rule: "no-world-ingress-except-public-alb"},
				{URN: sgURN, Type: rules.SecurityGroup, Name: "db", Property: "ingress[0]", Declared: `{"fromPort":3306,"protocol":"tcp","securityGroups":["sg-app"],"toPort":3306}`,
					Observed: "no such element", Rule: "no-world-ingress-except-public-alb"},
			},
		},
		{
			name: "bucket policy reformatted by AWS: not drift",
			rs: edit(policyURN, func(r res) {
				outputs(r)["policy"] = `{"Statement":[{"Action":"s3:*","Condition":{"Bool":{"aws:SecureTransport":"false"}},"Effect":"Deny","Principal":"*","Resource":["arn:aws:s3:::phi","arn:aws:s3:::phi/*"],"Sid":"DenyInsecureTransport"}],
				  "Version":"2012-10-17"}`
			}),
		},
		{
			name: "bucket policy replaced in the console",
			rs:   edit(policyURN, func(r res) { outputs(r)["policy"] = `{"Version":"2012-10-17","Statement":[]}` }),
			want: []Drift{{URN: policyURN, Type: rules.S3BucketPolicy, Name: "phi", Property: "policy", Declared: fmt.Sprintf("%q", cut(bucketPolicyJSON)),
				Observed: `"{\"Version\":\"2012-10-17\",\"Statement\":[]}"`, Rule: "resource-policies-not-public"}},
		},
		{
			name: "a declared false reported unset is the default, not drift",
			rs: edit(pabURN, func(r res) {
				r["inputs"].(map[string]any)["ignorePublicAcls"] = false
				delete(outputs(r), "ignorePublicAcls")
			}),
		},
		{
			name: "secrets are never compared; declared and observed secret: not drift",
			rs: edit(sseURN, func(r res) {
				outputs(r)["rules"] = []any{secretCipher()}
				r["inputs"].(map[string]any)["rules"] = []any{secretPlain()}
			}),
		},
		{
			name: "a secret that vanished is drift, shown as [secret]",
			rs: edit(sseURN, func(r res) {
				r["inputs"].(map[string]any)["rules"] = []any{secretPlain()}
				outputs(r)["rules"] = []any{}
			}),
			want: []Drift{{URN: sseURN, Type: rules.S3SSEConfigV2, Name: "phi", Property: "rules", Declared: `["[secret]"]`, Observed: "unset", Rule: "s3-sse-kms"}},
		},
		{
			name: "a watched property of an unexpected shape is left to the rule",
			rs:   edit(listenerURN, func(r res) { outputs(r)["sslPolicy"] = map[string]any{"x": 1.0} }),
			want: []Drift{{URN: listenerURN, Type: rules.LBListener, Name: "https", Property: "sslPolicy", Declared: `"ELBSecurityPolicy-TLS13-1-2-2021-06"`, Observed: `{"x":1}`, Rule: "alb-tls-policy-and-acm"}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := parse(t, tc.rs)
			got := Detect(d, d)
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got  %#v\nwant %#v", got, tc.want)
			}
		})
	}
}

func TestDetectAcrossTwoExportsFindsDeletedResourcesAndRewrittenInputs(t *testing.T) {
	// Before the refresh: the state as `up` left it.
	before := parse(t, fixture())
	// After `pulumi refresh --yes`: the public access block is gone (deleted
	// in the console), and the provider rewrote the listener's declared
	// sslPolicy input to what it read, so this export alone shows no drift.
	var rs []res
	for _, r := range edit(listenerURN, func(r res) {
		r["inputs"].(map[string]any)["sslPolicy"] = "ELBSecurityPolicy-2016-08"
		outputs(r)["sslPolicy"] = "ELBSecurityPolicy-2016-08"
	}) {
		if r["urn"] != pabURN {
			rs = append(rs, r)
		}
	}
	after := parse(t, rs)
	if got := Detect(after, after); len(got) != 0 {
		t.Fatalf("the refreshed export alone: %v", got)
	}
	got := Detect(before, after)
	want := []Drift{
		{URN: listenerURN, Type: rules.LBListener, Name: "https", Property: "sslPolicy", Declared: `"ELBSecurityPolicy-TLS13-1-2-2021-06"`, Observed: `"ELBSecurityPolicy-2016-08"`, Rule: "alb-tls-policy-and-acm"},
		{URN: pabURN, Type: rules.S3PublicAccessBlock, Name: "phi", Declared: "exists", Observed: "deleted", Rule: "s3-public-access-block"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %#v\nwant %#v", got, want)
	}
	if msg := got[1].Message(); msg != "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock phi: drift: the resource was deleted outside Pulumi (in the declared state, gone from AWS at the last refresh)" {
		t.Errorf("message: %s", msg)
	}
	if msg := got[0].Message(); msg != `aws:lb/listener:Listener https: drift: sslPolicy is declared "ELBSecurityPolicy-TLS13-1-2-2021-06" but AWS reported "ELBSecurityPolicy-2016-08" at the last refresh` {
		t.Errorf("message: %s", msg)
	}
}

func TestEveryWatchNamesARuleThatJudgesItsTypes(t *testing.T) {
	for _, w := range Watches {
		r := rules.ByName(w.Rule)
		if r == nil {
			t.Errorf("%s %s: no rule %q", w.Types, w.Path, w.Rule)
			continue
		}
		for _, typ := range w.Types {
			// A stack rule also reads what it joins to its types (the
			// bucket rule reads the buckets' encryption configs).
			if r.Scope == rules.ScopeResource && !r.AppliesTo(typ) {
				t.Errorf("%s %s: %s (%s) does not read %s", w.Types, w.Path, r.ID, r.Name, typ)
			}
		}
	}
}

func TestDriftAndFindingsNeverShowASecret(t *testing.T) {
	// Secrets in watched properties, in rule-read properties and in
	// properties no rule reads, in both export forms.
	rs := edit(listenerURN, func(r res) {
		outputs(r)["sslPolicy"] = secretCipher()
		r["inputs"].(map[string]any)["certificateArn"] = secretPlain()
	})
	for _, r := range rs {
		if r["urn"] == logURN && r["delete"] == nil {
			outputs(r)["kmsKeyId"] = secretPlain()
		}
	}
	d := parse(t, rs)
	var text strings.Builder
	for _, x := range Detect(d, d) {
		fmt.Fprintln(&text, x.Message(), x.Declared, x.Observed)
	}
	for _, f := range rules.Evaluate(d.Rules(), nil) {
		fmt.Fprintln(&text, f.Message)
	}
	for _, s := range []string{plaintext, ciphertext} {
		if strings.Contains(text.String(), s) {
			t.Errorf("%q shown:\n%s", s, text.String())
		}
	}
	if !strings.Contains(text.String(), "sslPolicy is "+Secret) {
		t.Errorf("the TLS rule should judge the secret-marked policy as %s:\n%s", Secret, text.String())
	}
}

func FuzzParseNeverPanics(f *testing.F) {
	f.Add(`{"version":3,"deployment":{"resources":[{"urn":"urn:pulumi:s::p::t::n","type":"t","inputs":{"a":{"4dabf18193072939515e22adb298388d":"1b47061264138c4ac30d75fd1eb44270","ciphertext":"x"}}}]}}`)
	f.Add(`{"version":3,"deployment":{"resources":[{"urn":"u","type":"aws:lb/listener:Listener","custom":true,"inputs":{"sslPolicy":[1]},"outputs":{"sslPolicy":{"a":null}}}]}}`)
	f.Add(`{"version":4,"deployment":{"resources":[{"urn":"u","type":"aws:ec2/securityGroup:SecurityGroup","custom":true,"inputs":{"ingress":[{"x":[]}]},"outputs":{"ingress":"s"}}]}}`)
	f.Fuzz(func(t *testing.T, in string) {
		d, err := Parse(strings.NewReader(in))
		if err != nil {
			return
		}
		_ = Detect(d, d)
		_ = rules.Evaluate(d.Rules(), nil)
		_ = d.Stacks()
	})
}

// docs/continuous-compliance.md lists the drift table for reviewers; it must
// say what the code does.
func TestTheDocsListEveryWatchAsTheCodeHasIt(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "docs", "continuous-compliance.md"))
	if err != nil {
		t.Fatal(err)
	}
	rows := 0
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "| `aws:") {
			rows++
		}
	}
	if rows != len(Watches) {
		t.Errorf("the docs' drift table has %d rows, the code %d watches", rows, len(Watches))
	}
	for _, w := range Watches {
		r := rules.ByName(w.Rule)
		def := ""
		if w.Default != nil {
			def = fmt.Sprintf("`%v`", w.Default)
		}
		row := fmt.Sprintf("| `%s` | `%s` | %s `%s` | %s |", strings.Join(w.Types, "`, `"), w.Path, r.ID, r.Name, def)
		if !strings.Contains(string(data), row+"\n") {
			t.Errorf("docs/continuous-compliance.md lacks the row\n%s", row)
		}
	}
}
