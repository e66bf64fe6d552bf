package rules

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

const groupNetwork = "network-exposure"

var exposureHIPAA = []string{"308(a)(3)(i)", "308(a)(4)(ii)(A)", "308(a)(4)(ii)(C)", "312(a)(1)", "312(e)(1)"}

// TagExposure marks a security group (or rule) that fronts the internet.
const TagExposure = "Exposure"

var networkRules = []*Rule{
	{
		ID: "NET-01", Name: "no-world-ingress-except-public-alb", Group: groupNetwork,
		Title:    "Security groups must not admit the internet, except 443 (and 80 for redirects) on the public ALB.",
		HIPAA:    []string{"308(a)(3)(i)", "308(a)(3)(ii)(B)", "308(a)(4)(i)", "308(a)(4)(ii)(A)", "308(a)(4)(ii)(B)", "308(a)(4)(ii)(C)", "312(a)(1)", "312(e)(1)"},
		SOC2:     []string{"CC6.6"},
		Severity: "critical", Scope: ScopeStack, Types: []string{SecurityGroup, SecurityGroupRule, SGIngressRule, LBLoadBalancer, ALBLoadBalancer}, Exceptable: true,
		Params:      map[string]any{"publicPorts": []any{443.0, 80.0}},
		Remediation: "Admit other security groups, not CIDRs; only the public ALB's group (used only by internet-facing load balancers, or tagged Exposure=public-alb) may take 443/80 from 0.0.0.0/0.",
		// A stack rule: whether a group is the public tier is decided by the
		// group a rule resource points to (its tags, and which load
		// balancers use it), which a resource policy cannot see.
		checkStack: func(s *Stack, c *Check) {
			for _, sg := range s.OfType(SecurityGroup) {
				sc := c.On(sg)
				tier := publicTier(s, sg)
				sc.Each("ingress", func(_ int, m property.Map, p string) {
					cidrs, st1 := getStrings(m, "cidrBlocks")
					v6, st2 := getStrings(m, "ipv6CidrBlocks")
					if st1 == computed || st2 == computed {
						sc.Defer(p)
						return
					}
					proto, _ := getString(m, "protocol")
					from, _ := getNumber(m, "fromPort")
					to, _ := getNumber(m, "toPort")
					judgeWorldIngress(sc, p, tier, proto, from, to, append(cidrs, v6...), secretAt(sg.Props, p+".fromPort") || secretAt(sg.Props, p+".toPort"))
				})
			}
			for _, r := range s.OfType(SecurityGroupRule, SGIngressRule) {
				rc := c.On(r)
				tier := tierPrivate
				if v, _ := getString(r.Props, "tags."+TagExposure); v == "public-alb" {
					tier = tierPublic
				}
				for _, g := range resolveRefs(s, r, "securityGroupId", SecurityGroup) {
					tier = max(tier, publicTier(s, g))
				}
				var cidrs []string
				var proto string
				if r.Type == SecurityGroupRule {
					if t, _ := getString(r.Props, "type"); t != "ingress" {
						continue
					}
					v4, st1 := getStrings(r.Props, "cidrBlocks")
					v6, st2 := getStrings(r.Props, "ipv6CidrBlocks")
					if st1 == computed || st2 == computed {
						rc.Defer("cidrBlocks")
						continue
					}
					cidrs = append(v4, v6...)
					proto, _ = getString(r.Props, "protocol")
				} else {
					deferred := false
					for _, k := range []string{"cidrIpv4", "cidrIpv6"} {
						v, st := getString(r.Props, k)
						if st == computed {
							rc.Defer(k)
							deferred = true
						}
						if st == present {
							cidrs = append(cidrs, v)
						}
					}
					if deferred {
						continue
					}
					proto, _ = getString(r.Props, "ipProtocol")
				}
				from, _ := getNumber(r.Props, "fromPort")
				to, _ := getNumber(r.Props, "toPort")
				judgeWorldIngress(rc, "the rule", tier, proto, from, to, cidrs, secretAt(r.Props, "fromPort") || secretAt(r.Props, "toPort"))
			}
		},
	},
	{
		ID: "NET-02", Name: "db-sg-from-app-only", Group: groupNetwork,
		Title: "The Aurora cluster's security groups must admit MySQL only from named security groups.",
		HIPAA: []string{"312(a)(1)", "312(e)(1)"}, SOC2: []string{"CC6.6"},
		Severity: "critical", Scope: ScopeStack, Types: []string{RDSCluster, SecurityGroup, SGIngressRule, SecurityGroupRule}, Exceptable: true,
		Remediation: "Admit the proxy's and the services' security groups by reference; no CIDR ingress on the database group.",
		checkStack: func(s *Stack, c *Check) {
			for _, cl := range s.OfType(RDSCluster) {
				for _, sg := range resolveRefs(s, cl, "vpcSecurityGroupIds", SecurityGroup) {
					sc := c.On(sg)
					sc.Each("ingress", func(_ int, m property.Map, p string) {
						if cidrs, _ := getStrings(m, "cidrBlocks"); len(cidrs) > 0 {
							sc.Fail(p+" admits CIDRs "+shownIf(sg.Props, p+".cidrBlocks", strings.Join(cidrs, ","))+" to the database", "Reference the client security groups instead")
						}
					})
					for _, r := range s.Linked(sg, "securityGroupId", SGIngressRule) {
						for _, k := range []string{"cidrIpv4", "cidrIpv6", "prefixListId"} {
							if _, st := lookup(r.Props, k); st != missing {
								c.On(r).Fail("a database ingress rule uses "+k, "Use referencedSecurityGroupId")
							}
						}
					}
					for _, r := range s.Linked(sg, "securityGroupId", SecurityGroupRule) {
						if t, _ := getString(r.Props, "type"); t == "ingress" {
							if cidrs, _ := getStrings(r.Props, "cidrBlocks"); len(cidrs) > 0 {
								c.On(r).Fail("a database ingress rule admits CIDRs", "Use sourceSecurityGroupId")
							}
						}
					}
				}
			}
		},
	},
	{
		ID: "NET-03", Name: "db-instances-private", Group: groupNetwork,
		Title: "Aurora instances must not be publicly accessible.",
		HIPAA: exposureHIPAA, SOC2: []string{"CC6.1", "CC6.2", "CC6.6"},
		Severity: "critical", Scope: ScopeResource, Types: []string{RDSClusterInstance}, Exceptable: false,
		Remediation: "Set publiclyAccessible: false.",
		check:       func(c *Check) { c.NotTrue("publiclyAccessible", "Set publiclyAccessible: false") },
	},
	{
		ID: "NET-04", Name: "ecs-tasks-private", Group: groupNetwork,
		Title: "ECS tasks must not get public IP addresses.",
		HIPAA: exposureHIPAA, SOC2: []string{"CC6.6"},
		Severity: "high", Scope: ScopeResource, Types: []string{ECSService}, Exceptable: true,
		Remediation: "Set networkConfiguration.assignPublicIp: false and place tasks in private subnets.",
		check: func(c *Check) {
			c.NotTrue("networkConfiguration.assignPublicIp", "Set assignPublicIp: false")
		},
	},
	{
		ID: "NET-05", Name: "public-tier-confined", Group: groupNetwork,
		Title: "Only subnets of the public tier may assign public IPs, and private subnets must not route to an internet gateway.",
		HIPAA: exposureHIPAA, SOC2: []string{"CC6.6"},
		Severity: "medium", Scope: ScopeStack, Types: []string{Subnet, Route, routeTableType, routeTableAssociationType, internetGatewayType}, Exceptable: true,
		Remediation: "Tag public subnets Tier=public (network.Network does; awsx tags them SubnetType=Public) and keep mapPublicIpOnLaunch off elsewhere; send private subnets' default route to a NAT gateway, never an internet gateway.",
		// A stack rule: a subnet is public by its tags (Tier=public, or
		// awsx's SubnetType=Public) or by its route table sending traffic
		// to an internet gateway, which only the stack's associations show.
		checkStack: func(s *Stack, c *Check) {
			net := indexRouting(s)
			for _, sn := range s.OfType(Subnet) {
				sc := c.On(sn)
				on, st := getBool(sn.Props, "mapPublicIpOnLaunch")
				switch {
				case st == computed:
					sc.Defer("mapPublicIpOnLaunch")
				case st == badShape:
					sc.shape("mapPublicIpOnLaunch", "a bool")
				case st == present && on && !net.publicTier(sn):
					sc.Fail("a subnet outside the public tier assigns public IPs", "Set mapPublicIpOnLaunch: false, or tag the subnet Tier=public")
				}
			}
			for _, rt := range s.OfType(routeTableType, defaultRouteTableType) {
				via := net.igwRoutes[rt]
				if via == nil {
					continue
				}
				if declared := declaredTier(rt); declared == tierDeclaredPrivate {
					c.On(via).Fail("a route table tagged private routes to an internet gateway", "Route the private tier's default route to a NAT gateway")
					continue
				}
				for _, sn := range net.subnetsOf[rt] {
					if declaredTier(sn) == tierDeclaredPrivate {
						c.On(via).Fail("the route table of private subnet "+sn.Name+" routes to an internet gateway", "Route the private tier's default route to a NAT gateway")
					}
				}
			}
			for _, via := range net.unsure {
				c.On(via).Defer("gatewayId")
			}
		},
	},
	{
		ID: "NET-06", Name: "default-sg-closed", Group: groupNetwork,
		Title: "Every VPC's default security group must have no rules.",
		HIPAA: []string{"312(e)(1)"}, SOC2: []string{"CC6.1", "CC6.6"},
		Severity: "medium", Scope: ScopeStack, Types: []string{VPC, DefaultSecurityGroup}, Exceptable: true,
		Remediation: "Adopt the default group with aws.ec2.DefaultSecurityGroup and no ingress or egress (network.Network does).",
		checkStack: func(s *Stack, c *Check) {
			for _, vpc := range s.OfType(VPC) {
				vc := c.On(vpc)
				groups := s.Linked(vpc, "vpcId", DefaultSecurityGroup)
				if len(groups) == 0 {
					vc.Fail("the VPC's default security group is not managed, so it keeps AWS's allow-all rules", "Add a DefaultSecurityGroup with no rules")
				}
				for _, g := range groups {
					for _, k := range []string{"ingress", "egress"} {
						switch arr, st := getArray(g.Props, k); {
						case st == computed:
							c.On(g).Defer(k)
						case st == present && len(arr) > 0:
							c.On(g).Fail("the default security group has "+k+" rules", "Remove them")
						}
					}
				}
			}
		},
	},
	{
		ID: "NET-07", Name: "s3-public-access-block", Group: groupNetwork,
		Title: "Every S3 bucket must block all four kinds of public access.",
		HIPAA: exposureHIPAA, SOC2: []string{"CC6.1", "CC6.6"},
		Severity: "critical", Scope: ScopeStack, Types: append(append([]string{}, bucketTypes...), S3PublicAccessBlock), Exceptable: false,
		Remediation: "Add a BucketPublicAccessBlock with all four settings true (storage.Bucket does).",
		checkStack: func(s *Stack, c *Check) {
			for _, b := range s.OfType(bucketTypes...) {
				pabs := s.Linked(b, "bucket", S3PublicAccessBlock)
				if len(pabs) == 0 {
					c.On(b).Fail("the bucket has no public access block", "Add a BucketPublicAccessBlock with all four settings true")
				}
				for _, p := range pabs {
					pc := c.On(p)
					for _, k := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
						pc.True(k, "Set "+k+": true")
					}
				}
			}
		},
	},
	{
		ID: "NET-08", Name: "s3-acls-disabled", Group: groupNetwork,
		Title: "S3 buckets must keep ACLs disabled: no canned ACL but private, no public grant, and no grant to another account while ownership controls let ACLs apply.",
		HIPAA: exposureHIPAA, SOC2: []string{"CC6.1", "CC6.6"},
		Severity: "high", Scope: ScopeStack, Types: append(append([]string{}, bucketTypes...), S3OwnershipControls, S3BucketAclV2), Exceptable: true,
		Remediation: "Leave object ownership at BucketOwnerEnforced (S3's default for new buckets since April 2023) and grant access with bucket policies; remove ACL resources and inline acl/grants.",
		// New buckets have had ACLs disabled (BucketOwnerEnforced) since
		// April 2023 (S3 User Guide, "Controlling ownership of objects and
		// disabling ACLs"), so a bucket without ownership controls is
		// compliant; an ACL is only live when one is granted, and only
		// applies when ownership is ObjectWriter or BucketOwnerPreferred.
		checkStack: func(s *Stack, c *Check) {
			for _, b := range s.OfType(bucketTypes...) {
				bc := c.On(b)
				var aclsApply *Resource // the ownership controls that let ACLs apply
				for _, o := range s.Linked(b, "bucket", S3OwnershipControls) {
					switch v, st := getString(o.Props, "rule.objectOwnership"); {
					case st == computed:
						c.On(o).Defer("rule.objectOwnership")
					case st == present && (v == "ObjectWriter" || v == "BucketOwnerPreferred"):
						aclsApply = o
					}
				}
				checkCannedACL(bc)
				checkACLGrants(bc, b.Props, "grants", "", aclsApply)
				for _, a := range s.Linked(b, "bucket", S3BucketAclV2) {
					ac := c.On(a)
					checkCannedACL(ac)
					owner, _ := getString(a.Props, "accessControlPolicy.owner.id")
					checkACLGrants(ac, a.Props, "accessControlPolicy.grants", owner, aclsApply)
				}
			}
		},
	},
	{
		ID: "NET-09", Name: "dms-private", Group: groupNetwork,
		Title: "DMS replication instances must be explicitly private, in a private subnet group.",
		HIPAA: exposureHIPAA, SOC2: []string{"CC6.6"},
		Severity: "critical", Scope: ScopeResource, Types: []string{DMSReplicationInstance}, Exceptable: false,
		Remediation: "Set publiclyAccessible: false (the DMS API defaults to true) and replicationSubnetGroupId to a private group.",
		check: func(c *Check) {
			c.ExplicitlyFalse("publiclyAccessible", "Set publiclyAccessible: false")
			c.Present("replicationSubnetGroupId", "Set replicationSubnetGroupId to a subnet group on private subnets")
		},
	},
	{
		ID: "NET-10", Name: "waf-in-front", Group: groupNetwork,
		Title: "Internet-facing ALBs and CloudFront distributions must sit behind a WAF web ACL with managed rules.",
		HIPAA: []string{"312(e)(1)", "312(a)(1)"}, SOC2: []string{"CC6.6"},
		Severity: "high", Scope: ScopeStack, Types: append(append([]string{}, lbTypes...), CloudFrontDist, WAFWebACL, WAFAssociation), Exceptable: true,
		Remediation: "Associate a WAFv2 web ACL (REGIONAL for the ALB, CLOUDFRONT for distributions) with AWS managed rule groups.",
		checkStack: func(s *Stack, c *Check) {
			for _, lb := range s.OfType(lbTypes...) {
				if internal, _ := getBool(lb.Props, "internal"); internal {
					continue
				}
				if len(s.Linked(lb, "resourceArn", WAFAssociation)) == 0 {
					c.On(lb).Fail("an internet-facing load balancer has no WAF web ACL association", "Add a WebAclAssociation")
				}
			}
			for _, d := range s.OfType(CloudFrontDist) {
				c.On(d).Present("webAclId", "Set webAclId to a CLOUDFRONT-scope web ACL")
			}
			for _, acl := range s.OfType(WAFWebACL) {
				ac := c.On(acl)
				rules, st := getArray(acl.Props, "rules")
				if st == computed {
					ac.Defer("rules")
					continue
				}
				managed := false
				for _, r := range rules {
					if r.IsMap() {
						_, st := lookup(r.AsMap(), "statement.managedRuleGroupStatement")
						managed = managed || st != missing
					}
				}
				if !managed {
					ac.Fail("the web ACL has no AWS managed rule group", "Add AWSManagedRulesCommonRuleSet and AWSManagedRulesKnownBadInputsRuleSet")
				}
			}
		},
	},
}

// tier is what a security group fronts: private, unsure (a load balancer
// that uses it is of unknown exposure at preview), or public (the public
// ALB's group).
type tier int

const (
	tierPrivate tier = iota
	tierUnsure
	tierPublic
)

// sgReferenceTypes name a security group without attaching it to anything:
// other groups and rules that admit it.
var sgReferenceTypes = []string{SecurityGroup, SecurityGroupRule, SGIngressRule,
	"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", DefaultSecurityGroup}

// publicTier decides whether sg is the public ALB's group: tagged
// Exposure=public-alb, or used only by internet-facing load balancers (their
// securityGroups input depends on it and no other AWS resource attaches it).
func publicTier(s *Stack, sg *Resource) tier {
	if v, _ := getString(sg.Props, "tags."+TagExposure); v == "public-alb" {
		return tierPublic
	}
	facing, unsure := 0, false
	for _, e := range sg.dependents {
		switch {
		case !strings.HasPrefix(e.from.Type, "aws:") || contains(sgReferenceTypes, e.from.Type):
			// Components pass the group on; groups and rules only admit it.
		case contains(lbTypes, e.from.Type) && e.prop == "securityGroups":
			switch internal, st := getBool(e.from.Props, "internal"); {
			case st == computed:
				unsure = true
			case st == present && internal:
				return tierPrivate
			default:
				facing++
			}
		default:
			return tierPrivate // attached to a workload, a database, an endpoint...
		}
	}
	switch {
	case facing == 0 && !unsure:
		return tierPrivate
	case unsure:
		return tierUnsure
	}
	return tierPublic
}

// judgeWorldIngress fails ingress from 0.0.0.0/0 or ::/0 unless the group is
// the public tier and the ports are the public ones.
func judgeWorldIngress(c *Check, where string, t tier, proto string, from, to float64, cidrs []string, secretPorts bool) {
	world := false
	for _, cidr := range cidrs {
		world = world || cidr == "0.0.0.0/0" || cidr == "::/0"
	}
	if !world {
		return
	}
	if proto == "-1" || proto == "all" {
		c.Fail(where+" admits all protocols from the internet", "Remove the rule; admit the ALB's security group instead")
		return
	}
	if to-from > 65535 {
		to = from + 65535
	}
	for p := from; p <= to; p++ {
		if containsNum(c.Param("publicPorts"), p) {
			switch t {
			case tierPublic:
				continue
			case tierUnsure:
				c.Defer(where + " (whether the load balancer using the group is internet-facing)")
				return
			}
		}
		port := strconv.FormatFloat(p, 'f', -1, 64)
		if secretPorts {
			port = "[secret]"
		}
		c.Fail(fmt.Sprintf("%s admits port %s from the internet", where, port),
			"Admit a security group instead; only the group used solely by internet-facing load balancers (or tagged Exposure=public-alb) may take 443/80")
		return
	}
}

const (
	routeTableType            = "aws:ec2/routeTable:RouteTable"
	defaultRouteTableType     = "aws:ec2/defaultRouteTable:DefaultRouteTable"
	routeTableAssociationType = "aws:ec2/routeTableAssociation:RouteTableAssociation"
	internetGatewayType       = "aws:ec2/internetGateway:InternetGateway"
)

// routing is the stack's route tables joined to their subnets and their
// routes to an internet gateway.
type routing struct {
	// igwRoutes maps a route table to the resource that routes it to an
	// internet gateway (an aws:ec2/route, or the table's inline routes).
	igwRoutes map[*Resource]*Resource
	subnetsOf map[*Resource][]*Resource // route table -> associated subnets
	tablesOf  map[*Resource][]*Resource // subnet -> associated route tables
	unsure    []*Resource               // routes whose gateway is unknown at preview
}

// toIGW reports whether a gateway id names an internet gateway: a known
// igw- id, or a value that came from an aws:ec2/internetGateway.
func toIGW(s *Stack, r *Resource, m property.Map, path, depKey string) (yes, unsure bool) {
	for _, u := range r.PropertyDependencies[depKey] {
		if d := s.ByURN(u); d != nil && d.Type == internetGatewayType {
			return true, false
		}
	}
	switch g, st := getString(m, path); st {
	case present:
		return strings.HasPrefix(g, "igw-"), false
	case computed:
		return false, len(r.PropertyDependencies[depKey]) == 0
	}
	return false, false
}

func indexRouting(s *Stack) *routing {
	n := &routing{igwRoutes: map[*Resource]*Resource{}, subnetsOf: map[*Resource][]*Resource{}, tablesOf: map[*Resource][]*Resource{}}
	tableTypes := []string{routeTableType, defaultRouteTableType}
	for _, r := range s.OfType(Route) {
		yes, unsure := toIGW(s, r, r.Props, "gatewayId", "gatewayId")
		for _, rt := range resolveRefs(s, r, "routeTableId", tableTypes...) {
			if yes {
				n.igwRoutes[rt] = r
			}
		}
		if unsure {
			n.unsure = append(n.unsure, r)
		}
	}
	for _, rt := range s.OfType(tableTypes...) {
		routes, _ := getArray(rt.Props, "routes")
		for _, v := range routes {
			if v.IsMap() {
				if yes, _ := toIGW(s, rt, v.AsMap(), "gatewayId", "routes"); yes {
					n.igwRoutes[rt] = rt
				}
			}
		}
	}
	for _, a := range s.OfType(routeTableAssociationType) {
		tables := resolveRefs(s, a, "routeTableId", tableTypes...)
		for _, sn := range resolveRefs(s, a, "subnetId", Subnet) {
			for _, rt := range tables {
				n.subnetsOf[rt] = append(n.subnetsOf[rt], sn)
				n.tablesOf[sn] = append(n.tablesOf[sn], rt)
			}
		}
	}
	return n
}

// publicTier: declared public by its tags, or routed to an internet
// gateway without being declared private.
func (n *routing) publicTier(sn *Resource) bool {
	switch declaredTier(sn) {
	case tierDeclaredPublic:
		return true
	case tierDeclaredPrivate:
		return false
	}
	for _, rt := range n.tablesOf[sn] {
		if n.igwRoutes[rt] != nil {
			return true
		}
	}
	return false
}

type declared int

const (
	tierUndeclared declared = iota
	tierDeclaredPublic
	tierDeclaredPrivate
)

// declaredTier reads a subnet's or route table's tier from its tags: Tier
// (network.Network) or SubnetType (awsx.ec2.Vpc tags its subnets and route
// tables SubnetType: Public, Private or Isolated).
func declaredTier(r *Resource) declared {
	tier, st1 := getString(r.Props, "tags.Tier")
	typ, st2 := getString(r.Props, "tags.SubnetType")
	switch {
	case st1 == present && strings.EqualFold(tier, "public"), st2 == present && typ == "Public":
		return tierDeclaredPublic
	case st1 == present, st2 == present:
		return tierDeclaredPrivate
	}
	return tierUndeclared
}

// checkCannedACL fails a canned ACL other than private: every other one
// grants a group or another principal.
func checkCannedACL(c *Check) {
	switch acl, st := getString(c.Props(), "acl"); {
	case st == computed:
		c.Defer("acl")
	case st == present && acl != "private":
		c.Fail("acl is "+shown(c.Props(), "acl")+", which grants access outside the bucket owner", "Remove acl (or set private) and grant access with a bucket policy")
	}
}

// checkACLGrants fails grants to everyone or any authenticated AWS user
// always, and grants to another principal when ownership controls let ACLs
// apply. A grant to the owner (the policy's owner id) changes nothing.
func checkACLGrants(c *Check, m property.Map, path, owner string, aclsApply *Resource) {
	grants, st := getArray(m, path)
	if st == computed {
		c.Defer(path)
		return
	}
	for i, g := range grants {
		p := fmt.Sprintf("%s[%d]", path, i)
		if g.IsComputed() {
			c.Defer(p)
			continue
		}
		if !g.IsMap() {
			continue
		}
		gm := g.AsMap()
		// BucketAclV2 nests the grantee; the inline grants of a bucket do not.
		grantee := gm
		if gg, st := getMap(gm, "grantee"); st == present {
			grantee = gg
		}
		uri, _ := getString(grantee, "uri")
		id, _ := getString(grantee, "id")
		switch {
		case strings.HasSuffix(uri, "/global/AllUsers") || strings.HasSuffix(uri, "/global/AuthenticatedUsers"):
			c.Fail(p+" grants access to "+shownIf(grantee, "uri", uri), "Remove the grant; S3 data must never be public")
		case aclsApply != nil && (uri != "" || id == "" || id != owner):
			c.Fail(fmt.Sprintf("%s grants access outside the bucket owner while %s sets objectOwnership %s, so ACLs apply", p, aclsApply.Name, shown(aclsApply.Props, "rule.objectOwnership")),
				"Set objectOwnership: BucketOwnerEnforced and grant access with a bucket policy")
		}
	}
}

func containsNum(list any, n float64) bool {
	switch l := list.(type) {
	case []any:
		for _, x := range l {
			if f, ok := x.(float64); ok && f == n {
				return true
			}
		}
	case []float64:
		for _, f := range l {
			if f == n {
				return true
			}
		}
	}
	return false
}
