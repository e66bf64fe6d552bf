package state

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/carestack/carestack/policy/rules"
)

// Watch is one property a rule relies on that a change outside Pulumi (the
// console, the CLI, another tool) can alter: where the state's outputs
// contradict its inputs there, the report shows drift mapped to Rule's
// controls.
type Watch struct {
	Types []string
	// Path is a property, or a dotted path into map properties
	// ("defaultCacheBehavior.viewerProtocolPolicy").
	Path string
	// Rule is the name of the rule that relies on the property.
	Rule string
	// Default is AWS's (the provider's documented) value when the program
	// leaves the property unset, so an undeclared property observed at
	// another value is drift. Nil: an undeclared property is AWS's choice,
	// and only a declared one is compared.
	Default any
	// Set: the list is unordered (AWS returns it in its own order), so
	// elements are matched, not compared by index.
	Set bool
	// JSON: the property is a JSON document compared by content (AWS
	// normalises whitespace and key order).
	JSON bool
}

// Watches is the drift table: (type, property) -> the rule that relies on
// it. Defaults are the pulumi-aws v6.83.4 SDK's documented ones
// (go/aws/<service>/<resource>.go).
var Watches = []Watch{
	// S3: default encryption, public access, ACLs, versioning, logging, policy.
	{Types: []string{rules.S3SSEConfigV2, rules.S3SSEConfig}, Path: "rules", Rule: "s3-sse-kms"},
	{Types: []string{rules.S3PublicAccessBlock}, Path: "blockPublicAcls", Rule: "s3-public-access-block", Default: false},
	{Types: []string{rules.S3PublicAccessBlock}, Path: "blockPublicPolicy", Rule: "s3-public-access-block", Default: false},
	{Types: []string{rules.S3PublicAccessBlock}, Path: "ignorePublicAcls", Rule: "s3-public-access-block", Default: false},
	{Types: []string{rules.S3PublicAccessBlock}, Path: "restrictPublicBuckets", Rule: "s3-public-access-block", Default: false},
	{Types: []string{rules.S3OwnershipControls}, Path: "rule.objectOwnership", Rule: "s3-acls-disabled"},
	{Types: []string{rules.S3VersioningV2}, Path: "versioningConfiguration.status", Rule: "s3-versioning"},
	{Types: []string{rules.S3LoggingV2}, Path: "targetBucket", Rule: "s3-access-logging"},
	{Types: []string{rules.S3BucketPolicy}, Path: "policy", Rule: "resource-policies-not-public", JSON: true},
	// Load balancers: listener protocol, actions, TLS policy, certificate;
	// header hygiene, access logs, deletion protection.
	{Types: []string{rules.LBListener, rules.ALBListener}, Path: "protocol", Rule: "alb-https-or-redirect", Default: "HTTP"},
	{Types: []string{rules.LBListener, rules.ALBListener}, Path: "defaultActions", Rule: "alb-https-or-redirect"},
	{Types: []string{rules.LBListener, rules.ALBListener}, Path: "sslPolicy", Rule: "alb-tls-policy-and-acm"},
	{Types: []string{rules.LBListener, rules.ALBListener}, Path: "certificateArn", Rule: "alb-tls-policy-and-acm"},
	{Types: []string{rules.LBLoadBalancer, rules.ALBLoadBalancer}, Path: "dropInvalidHeaderFields", Rule: "alb-header-hygiene", Default: false},
	{Types: []string{rules.LBLoadBalancer, rules.ALBLoadBalancer}, Path: "accessLogs.enabled", Rule: "alb-access-logs"},
	{Types: []string{rules.LBLoadBalancer, rules.ALBLoadBalancer}, Path: "accessLogs.bucket", Rule: "alb-access-logs"},
	{Types: []string{rules.LBLoadBalancer, rules.ALBLoadBalancer}, Path: "enableDeletionProtection", Rule: "alb-deletion-protection", Default: false},
	// Log groups: retention and key.
	{Types: []string{rules.LogGroup}, Path: "retentionInDays", Rule: "log-retention"},
	{Types: []string{rules.LogGroup}, Path: "kmsKeyId", Rule: "log-group-kms"},
	// Aurora and RDS: encryption, exposure, backups, deletion protection, TLS.
	{Types: []string{rules.RDSCluster}, Path: "storageEncrypted", Rule: "aurora-storage-encrypted-cmk", Default: false},
	{Types: []string{rules.RDSCluster}, Path: "kmsKeyId", Rule: "aurora-storage-encrypted-cmk"},
	{Types: []string{rules.RDSCluster}, Path: "backupRetentionPeriod", Rule: "aurora-backup-retention", Default: 1.0},
	{Types: []string{rules.RDSCluster}, Path: "deletionProtection", Rule: "aurora-deletion-safety", Default: false},
	{Types: []string{rules.RDSClusterInstance}, Path: "publiclyAccessible", Rule: "db-instances-private", Default: false},
	{Types: []string{rules.RDSClusterParameterGroup}, Path: "parameters", Rule: "aurora-require-tls", Set: true},
	{Types: []string{rules.RDSProxy}, Path: "requireTls", Rule: "rds-proxy-require-tls", Default: false},
	{Types: []string{rules.RDSInstance}, Path: "storageEncrypted", Rule: "rds-instance-encrypted", Default: false},
	{Types: []string{rules.RDSInstance}, Path: "kmsKeyId", Rule: "rds-instance-encrypted"},
	{Types: []string{rules.RDSInstance}, Path: "publiclyAccessible", Rule: "rds-instance-private", Default: false},
	{Types: []string{rules.RDSInstance}, Path: "deletionProtection", Rule: "rds-instance-deletion-protection", Default: false},
	{Types: []string{rules.RDSInstance}, Path: "backupRetentionPeriod", Rule: "rds-instance-backup-retention"},
	// Network: who may reach what.
	{Types: []string{rules.SecurityGroup}, Path: "ingress", Rule: "no-world-ingress-except-public-alb", Set: true},
	{Types: []string{rules.SGIngressRule}, Path: "cidrIpv4", Rule: "no-world-ingress-except-public-alb"},
	{Types: []string{rules.SGIngressRule}, Path: "cidrIpv6", Rule: "no-world-ingress-except-public-alb"},
	{Types: []string{rules.SGIngressRule}, Path: "fromPort", Rule: "no-world-ingress-except-public-alb"},
	{Types: []string{rules.SGIngressRule}, Path: "toPort", Rule: "no-world-ingress-except-public-alb"},
	{Types: []string{rules.SecurityGroupRule}, Path: "cidrBlocks", Rule: "no-world-ingress-except-public-alb", Set: true},
	{Types: []string{rules.SecurityGroupRule}, Path: "ipv6CidrBlocks", Rule: "no-world-ingress-except-public-alb", Set: true},
	{Types: []string{rules.ECSService}, Path: "networkConfiguration.assignPublicIp", Rule: "ecs-tasks-private", Default: false},
	// Keys, topics, secrets, trails, clusters, CDN.
	{Types: []string{rules.KMSKey}, Path: "enableKeyRotation", Rule: "kms-rotation", Default: false},
	{Types: []string{rules.KMSKey}, Path: "rotationPeriodInDays", Rule: "kms-rotation"},
	{Types: []string{rules.SNSTopic}, Path: "kmsMasterKeyId", Rule: "sns-kms"},
	{Types: []string{rules.Secret}, Path: "kmsKeyId", Rule: "secret-cmk"},
	{Types: []string{rules.CloudTrail}, Path: "enableLogging", Rule: "cloudtrail-baseline", Default: true},
	{Types: []string{rules.CloudTrail}, Path: "isMultiRegionTrail", Rule: "cloudtrail-baseline", Default: false},
	{Types: []string{rules.CloudTrail}, Path: "enableLogFileValidation", Rule: "cloudtrail-baseline", Default: false},
	{Types: []string{rules.CloudTrail}, Path: "kmsKeyId", Rule: "cloudtrail-baseline"},
	{Types: []string{rules.ECSCluster}, Path: "settings", Rule: "ecs-cluster-monitoring", Set: true},
	{Types: []string{rules.CloudFrontDist}, Path: "defaultCacheBehavior.viewerProtocolPolicy", Rule: "cf-viewer-https"},
	{Types: []string{rules.CloudFrontDist}, Path: "viewerCertificate.minimumProtocolVersion", Rule: "cf-min-tls"},
}

// watchesByType indexes Watches by type.
var watchesByType = func() map[string][]Watch {
	idx := map[string][]Watch{}
	for _, w := range Watches {
		for _, t := range w.Types {
			idx[t] = append(idx[t], w)
		}
	}
	return idx
}()

// Drift is one watched property whose observed value contradicts the
// declared one, or a watched resource that is gone.
type Drift struct {
	URN, Type, Name string
	// Property is the path that differs, e.g.
	// "rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId"; empty
	// when the whole resource is gone.
	Property string
	// Declared and Observed are shown values: strings quoted, "unset",
	// "[secret]" for any secret; never a secret's text.
	Declared, Observed string
	// Rule is the rule that relies on the property (its controls apply).
	Rule string
}

// Message is the finding's text: the resource, the property, both values.
func (d Drift) Message() string {
	if d.Property == "" {
		return fmt.Sprintf("%s %s: drift: the resource was deleted outside Pulumi (in the declared state, gone from AWS at the last refresh)", d.Type, d.Name)
	}
	return fmt.Sprintf("%s %s: drift: %s is declared %s but AWS reported %s at the last refresh", d.Type, d.Name, d.Property, d.Declared, d.Observed)
}

// Detect compares what declared holds in its inputs with what observed
// holds in its outputs for every watched property. With one export
// (declared == observed) that is each resource's inputs against its
// outputs. The AWS provider rewrites a declared input to the value it read
// when `pulumi refresh --yes` runs, so after a real refresh the declared
// side must be the export taken before the refresh: that is what two
// exports are for. A watched resource in declared but not in observed was
// deleted outside Pulumi (refresh drops what AWS no longer has).
// Findings are sorted by URN, property and rule.
func Detect(declared, observed *Deployment) []Drift {
	var out []Drift
	for i := range declared.Resources {
		d := &declared.Resources[i]
		ws := watchesByType[d.Type]
		if len(ws) == 0 || !d.Custom || d.External {
			continue
		}
		o := observed.Resource(d.URN)
		if o == nil {
			out = append(out, Drift{URN: d.URN, Type: d.Type, Name: d.Name, Declared: "exists", Observed: "deleted", Rule: ws[0].Rule})
			continue
		}
		if o.Outputs.Len() == 0 {
			continue // nothing was observed (a resource whose creation failed)
		}
		for _, w := range ws {
			dv, dst := at(d.Inputs, w.Path)
			ov, ost := at(o.Outputs, w.Path)
			if dst == shapeless || ost == shapeless {
				continue // a path through a non-map: the rule reports the shape
			}
			c := comparer{w: w}
			c.top(w.Path, dv, ov)
			for _, l := range c.out {
				out = append(out, Drift{URN: d.URN, Type: d.Type, Name: d.Name, Property: l.path, Declared: l.declared, Observed: l.observed, Rule: w.Rule})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.URN != b.URN {
			return a.URN < b.URN
		}
		if a.Property != b.Property {
			return a.Property < b.Property
		}
		return a.Rule < b.Rule
	})
	return out
}

const shapeless = -1

// at follows a dotted path through maps: the value (null when absent) and
// 0, or shapeless when a step is not a map.
func at(m property.Map, path string) (property.Value, int) {
	cur := property.New(m)
	for _, step := range strings.Split(path, ".") {
		if cur.IsNull() {
			return cur, 0
		}
		if !cur.IsMap() || cur.Secret() {
			return cur, shapeless
		}
		cur = cur.AsMap().Get(step)
	}
	return cur, 0
}

type leaf struct{ path, declared, observed string }

type comparer struct {
	w   Watch
	out []leaf
}

func (c *comparer) add(path string, d, o property.Value) {
	c.out = append(c.out, leaf{path, show(d), show(o)})
}

// top compares the watched property itself: an undeclared one against
// AWS's default, a declared one in full.
func (c *comparer) top(path string, d, o property.Value) {
	def := defaultValue(c.w.Default)
	switch {
	case empty(d) && (c.w.Default == nil || empty(o)):
		return
	case empty(o) && c.w.Default != nil && sameScalar(d, def):
		return // declared at AWS's default, reported unset: the same thing
	}
	if empty(d) {
		if !sameScalar(def, o) {
			c.out = append(c.out, leaf{path, "unset (AWS default " + show(def) + ")", show(o)})
		}
		return
	}
	if c.w.JSON {
		c.json(path, d, o)
		return
	}
	c.compare(path, d, o)
}

// compare finds where o contradicts d below a watched property. Only what
// was declared is compared: AWS fills in defaults the program never set
// (a redirect's host "#{host}", a rule's bucketKeyEnabled false), and those
// are not drift. One exception: a non-empty list AWS reports where the
// program declared none (a CIDR added to an ingress rule) is.
func (c *comparer) compare(path string, d, o property.Value) {
	switch {
	case empty(d):
		if o.IsArray() && o.AsArray().Len() > 0 && !o.Secret() {
			c.add(path, d, o)
		}
	case d.IsComputed() || o.IsComputed():
		// unknown in the state: nothing to compare
	case d.Secret() || o.Secret():
		// never decrypted, so never compared; only a secret that vanished is drift
		if empty(o) {
			c.add(path, d, o)
		}
	case empty(o):
		c.add(path, d, o)
	case d.IsMap() && o.IsMap():
		om := o.AsMap()
		for _, k := range sortedKeys(d.AsMap()) {
			c.compare(path+"."+k, d.AsMap().Get(k), om.Get(k))
		}
		for _, k := range sortedKeys(om) {
			if _, ok := d.AsMap().GetOk(k); !ok {
				c.compare(path+"."+k, property.Value{}, om.Get(k))
			}
		}
	case d.IsArray() && o.IsArray():
		if c.w.Set {
			c.set(path, d.AsArray().AsSlice(), o.AsArray().AsSlice())
			return
		}
		ds, os := d.AsArray().AsSlice(), o.AsArray().AsSlice()
		for i := 0; i < len(ds) || i < len(os); i++ {
			p := fmt.Sprintf("%s[%d]", path, i)
			switch {
			case i >= len(os):
				c.add(p, ds[i], property.Value{})
			case i >= len(ds):
				c.add(p, property.Value{}, os[i])
			default:
				c.compare(p, ds[i], os[i])
			}
		}
	case d.IsMap() || d.IsArray() || o.IsMap() || o.IsArray():
		c.add(path, d, o)
	case !sameScalar(d, o):
		c.add(path, d, o)
	}
}

// set matches each declared element with an observed one that holds every
// declared value; what stays unmatched on either side is drift.
func (c *comparer) set(path string, ds, os []property.Value) {
	used := make([]bool, len(os))
	var missing []int
	for i, d := range ds {
		found := false
		for j, o := range os {
			if used[j] {
				continue
			}
			probe := comparer{w: c.w}
			probe.compare(path, d, o)
			if len(probe.out) == 0 {
				used[j], found = true, true
				break
			}
		}
		if !found {
			missing = append(missing, i)
		}
	}
	for _, i := range missing {
		c.out = append(c.out, leaf{fmt.Sprintf("%s[%d]", path, i), show(ds[i]), "no such element"})
	}
	for j, o := range os {
		if !used[j] {
			c.out = append(c.out, leaf{fmt.Sprintf("%s (observed element %d)", path, j), "no such element", show(o)})
		}
	}
}

// json compares two JSON documents by content.
func (c *comparer) json(path string, d, o property.Value) {
	if d.Secret() || o.Secret() || !d.IsString() || !o.IsString() {
		c.compare(path, d, o)
		return
	}
	var dj, oj any
	if json.Unmarshal([]byte(d.AsString()), &dj) != nil || json.Unmarshal([]byte(o.AsString()), &oj) != nil {
		c.compare(path, d, o)
		return
	}
	if !reflect.DeepEqual(dj, oj) {
		c.add(path, d, o)
	}
}

// empty: null, "", or an empty list or map, as AWS reports an unset value.
func empty(v property.Value) bool {
	switch {
	case v.IsNull():
		return true
	case v.Secret():
		return false
	case v.IsString():
		return v.AsString() == ""
	case v.IsArray():
		return v.AsArray().Len() == 0
	case v.IsMap():
		return v.AsMap().Len() == 0
	}
	return false
}

// sameScalar compares scalars, reading "true" as true and "30" as 30 (a
// program may pass a string the provider stores typed).
func sameScalar(a, b property.Value) bool {
	as, aok := scalar(a)
	bs, bok := scalar(b)
	return aok && bok && as == bs
}

func scalar(v property.Value) (string, bool) {
	switch {
	case v.IsBool():
		return strconv.FormatBool(v.AsBool()), true
	case v.IsNumber():
		return strconv.FormatFloat(v.AsNumber(), 'f', -1, 64), true
	case v.IsString():
		s := v.AsString()
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return strconv.FormatFloat(f, 'f', -1, 64), true
		}
		return s, true
	}
	return "", false
}

func defaultValue(d any) property.Value {
	switch d := d.(type) {
	case bool:
		return property.New(d)
	case float64:
		return property.New(d)
	case string:
		return property.New(d)
	}
	return property.Value{}
}

func sortedKeys(m property.Map) []string {
	keys := make([]string, 0, m.Len())
	for k := range m.All {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// show renders a value for a finding; any secret, at any depth, shows as
// "[secret]", an empty value as "unset" (AWS reports an unset value as
// null, "" or an empty list), and long values are cut.
func show(v property.Value) string {
	switch {
	case empty(v):
		return "unset"
	case v.Secret():
		return Secret
	case v.IsComputed():
		return "unknown"
	case v.IsString():
		return strconv.Quote(cut(v.AsString()))
	case v.IsBool(), v.IsNumber():
		s, _ := scalar(v)
		return s
	}
	b, err := json.Marshal(plain(v))
	if err != nil {
		return "a value that cannot be shown"
	}
	return cut(string(b))
}

const maxShown = 240

func cut(s string) string {
	if len(s) <= maxShown {
		return s
	}
	i := maxShown
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

// plain turns a value into Go values for rendering, secrets masked.
func plain(v property.Value) any {
	switch {
	case v.Secret():
		return Secret
	case v.IsMap():
		out := map[string]any{}
		for k, e := range v.AsMap().All {
			out[k] = plain(e)
		}
		return out
	case v.IsArray():
		out := []any{}
		for _, e := range v.AsArray().All {
			out = append(out, plain(e))
		}
		return out
	case v.IsString():
		return v.AsString()
	case v.IsNumber():
		return v.AsNumber()
	case v.IsBool():
		return v.AsBool()
	case v.IsComputed():
		return "unknown"
	}
	return nil
}
