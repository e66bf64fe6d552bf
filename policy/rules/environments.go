package rules

import (
	"fmt"
	"sort"
	"strings"
)

// Staging is a pre-production environment: prod's levels and thresholds,
// so what passes staging passes prod.
const Staging Env = "staging"

// Environment is one declared environment: which rule groups are advisory
// there and which thresholds differ from the catalog's defaults. Because the
// pack carries them, `pulumi preview --stack <any> --policy-pack policy`
// gives the same verdict with or without policy/config/<stack>.json; that
// file only tightens a stack or records its reviewed exceptions.
type Environment struct {
	Name        Env
	Description string
	// AdvisoryGroups are the rule groups whose rules are advisory here
	// (every other rule keeps its prod level).
	AdvisoryGroups []string
	// Params override catalog thresholds, by rule name then setting.
	Params map[string]map[string]any
}

// Environments is the declared set. A stack declares one with
// carestack:environment; a stack that declares none is held to prod.
var Environments = map[Env]*Environment{
	Dev: {
		Name:           Dev,
		Description:    "disposable: one AZ, short retention; availability and data-protection rules advisory, encryption, identity, exposure and logging mandatory",
		AdvisoryGroups: []string{groupAvailability, groupDataProtection},
		// Dev keeps 90 days of logs: long enough to investigate an
		// incident in a stack that holds synthetic data only.
		Params: map[string]map[string]any{"log-retention": {"minRetentionDays": 90}},
	},
	Staging: {
		Name:        Staging,
		Description: "pre-production: every rule mandatory at prod's thresholds",
	},
	Prod: {
		Name:        Prod,
		Description: "production: every rule mandatory",
	},
}

// EnvNames lists the declared environments, sorted.
func EnvNames() []string {
	out := make([]string, 0, len(Environments))
	for e := range Environments {
		out = append(out, string(e))
	}
	sort.Strings(out)
	return out
}

// ParseEnv resolves a declared environment name, or says what is allowed.
func ParseEnv(name string) (Env, error) {
	if _, ok := Environments[Env(name)]; ok {
		return Env(name), nil
	}
	return Prod, fmt.Errorf("environment %q is not declared; declared: %s (policy/rules/environments.go)", name, strings.Join(EnvNames(), ", "))
}

// ParamsIn is a rule's thresholds in env: the catalog defaults with the
// environment's overrides on top.
func (r *Rule) ParamsIn(env Env) map[string]any {
	over := Environments[env]
	if over == nil || over.Params[r.Name] == nil {
		return r.Params
	}
	out := make(map[string]any, len(r.Params))
	for k, v := range r.Params {
		out[k] = v
	}
	for k, v := range over.Params[r.Name] {
		out[k] = v
	}
	return out
}

// ParamsFor merges configured thresholds over env's defaults for every
// rule, in the shape Evaluate takes.
func ParamsFor(env Env, configured map[string]map[string]any) map[string]map[string]any {
	out := map[string]map[string]any{}
	if e := Environments[env]; e != nil {
		for name, ps := range e.Params {
			out[name] = map[string]any{}
			for k, v := range ps {
				out[name][k] = v
			}
		}
	}
	for name, ps := range configured {
		if out[name] == nil {
			out[name] = map[string]any{}
		}
		for k, v := range ps {
			out[name][k] = v
		}
	}
	return out
}

// levelIn is a rule's default level in env.
func (r *Rule) levelIn(env Env) Level {
	e := Environments[env]
	if e == nil {
		return r.ProdLevel
	}
	if env == Dev {
		return r.DevLevel
	}
	for _, g := range e.AdvisoryGroups {
		if g == r.Group && r.ProdLevel == Mandatory {
			return Advisory
		}
	}
	return r.ProdLevel
}
