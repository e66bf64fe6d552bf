package config_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/carestack/carestack/infra/config"
	"github.com/carestack/carestack/infra/estate"
	"github.com/carestack/carestack/internal/offline"
	"github.com/carestack/carestack/policy/rules"
)

// loadWith runs the program on prod's config with edits, the way a language
// host starts it (PULUMI_CONFIG carries every key the stack set), and
// returns the config problems.
func loadWith(t *testing.T, edit func(cfg map[string]string)) config.Problems {
	t.Helper()
	dir, err := offline.ProjectDir()
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := offline.LoadStackConfig(dir, "prod")
	if err != nil {
		t.Fatal(err)
	}
	edit(cfg)
	raw, _ := json.Marshal(cfg)
	t.Setenv("PULUMI_CONFIG", string(raw))
	rec := &recorder{}
	err = pulumi.RunErr(estate.Program, pulumi.WithMocks("carestack", "prod", rec), func(i *pulumi.RunInfo) { i.Config = cfg })
	if rec.registered != 0 {
		t.Errorf("%d resources registered before the config error, want 0", rec.registered)
	}
	var ps config.Problems
	if err != nil && !errors.As(err, &ps) {
		t.Fatalf("err = %v, want config.Problems", err)
	}
	return ps
}

func TestConfigThatCannotBeMisread(t *testing.T) {
	tests := []struct {
		name string
		edit func(cfg map[string]string)
		key  string
		want string // the whole problem line
	}{
		{"misspelt top-level key", func(cfg map[string]string) { cfg["carestack:databse"] = `{"readerCount":2}` },
			"databse", `carestack:databse = "(set)": not a carestack setting; did you mean carestack:database? (settings: audit, backup, buckets, database, dr, edge, environment, logging, migration, network, observability, owner, region, services, sites, topics) (example: carestack:database: {instanceClass: db.r6g.large, readerCount: 1, backupRetentionDays: 35})`},
		{"path key set without --path", func(cfg map[string]string) { cfg["carestack:database.readerCount"] = "2" },
			"database.readerCount", `carestack:database.readerCount = "(set)": not a key: "readerCount" is a setting inside carestack:database; set it with ` + "`pulumi config set --path 'carestack:database.readerCount' <value>`" + ` (nested under carestack:database in Pulumi.<stack>.yaml) (example: carestack:database: {instanceClass: db.r6g.large, readerCount: 1, backupRetentionDays: 35})`},
		{"misspelt nested key", func(cfg map[string]string) {
			cfg["carestack:database"] = strings.Replace(cfg["carestack:database"], `"readerCount"`, `"readerCont"`, 1)
		}, "database.readerCont", `carestack:database.readerCont = "1": not a setting of database; did you mean readerCount?`},
		{"wrong type in a list entry", func(cfg map[string]string) {
			cfg["carestack:services"] = strings.Replace(cfg["carestack:services"], `"maxTasks":10`, `"maxTasks":"lots"`, 1)
		}, "services[notification-worker].maxTasks", `carestack:services[notification-worker].maxTasks = "lots": a whole number (got a string) (example: maxTasks: 10)`},
		{"misspelt key in a list entry", func(cfg map[string]string) {
			cfg["carestack:services"] = strings.Replace(cfg["carestack:services"], `"maxTasks"`, `"maxTask"`, 1)
		}, "services[scheduling-api].maxTask", `not a setting of services[scheduling-api]; did you mean maxTasks?`},
		{"an object where a list belongs", func(cfg map[string]string) { cfg["carestack:topics"] = `{"a":1}` },
			"topics", `carestack:topics = "{an object with 1 key(s)}": a list (got an object)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ps := loadWith(t, tc.edit)
			if !slices.Contains(ps.Keys(), tc.key) {
				t.Fatalf("keys %v lack %s:\n%v", ps.Keys(), tc.key, ps)
			}
			if !strings.Contains(ps.Error(), tc.want) {
				t.Errorf("problems:\n%v\nwant a line containing:\n%s", ps, tc.want)
			}
		})
	}
}

// Keys of other namespaces belong to their owners (aws:region, pulumi:tags).
func TestOtherNamespacesAreNotOurs(t *testing.T) {
	dir, err := offline.ProjectDir()
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := offline.LoadStackConfig(dir, "prod")
	if err != nil {
		t.Fatal(err)
	}
	cfg["aws:region"], cfg["pulumi:tags"] = "us-east-1", "{}"
	raw, _ := json.Marshal(cfg)
	t.Setenv("PULUMI_CONFIG", string(raw))
	if _, err := offline.Run("prod", cfg, estate.Program); err != nil {
		t.Errorf("the program failed: %v", err)
	}
}

// The program and the pack declare the same environments.
func TestEnvironmentsAreThePacks(t *testing.T) {
	got := slices.Sorted(slices.Values(config.Environments))
	if want := rules.EnvNames(); !slices.Equal(got, want) {
		t.Errorf("config.Environments = %v, the pack declares %v", got, want)
	}
}

// Every stack file in the repository sets only known keys.
func TestShippedStackFilesSetOnlyKnownKeys(t *testing.T) {
	dir, err := offline.ProjectDir()
	if err != nil {
		t.Fatal(err)
	}
	stacks, err := offline.Stacks(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(stacks) < 2 {
		t.Fatalf("stacks = %v, want at least dev and prod", stacks)
	}
	for _, s := range stacks {
		keys, err := config.StackFileKeys(dir + "/Pulumi." + s + ".yaml")
		if err != nil {
			t.Fatal(err)
		}
		if ps := config.CheckKeys(keys); len(ps) > 0 {
			t.Errorf("%s: %v", s, ps)
		}
	}
}
