package config_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/carestack/carestack/infra/config"
	"github.com/carestack/carestack/infra/estate"
	"github.com/carestack/carestack/internal/offline"
)

func prod() config.Config {
	c := config.Defaults()
	c.Environment = config.EnvProd
	c.DR.Region = "us-west-2"
	return c
}

func TestValidateNamesTheKeyOfEachBadValue(t *testing.T) {
	tests := []struct {
		name    string
		mutate  func(*config.Config)
		wantKey string
	}{
		{"cidr that does not parse", func(c *config.Config) { c.Network.CidrBlock = "10.0.0.0/33" }, "network.cidrBlock"},
		{"public cidr", func(c *config.Config) { c.Network.CidrBlock = "8.8.0.0/16" }, "network.cidrBlock"},
		{"one AZ in prod", func(c *config.Config) { c.Network.AvailabilityZones = []string{"us-east-1a"} }, "network.availabilityZones"},
		{"AZ of another region", func(c *config.Config) { c.Network.AvailabilityZones[1] = "eu-west-1b" }, "network.availabilityZones[1]"},
		{"duplicate AZ", func(c *config.Config) { c.Network.AvailabilityZones[2] = "us-east-1a" }, "network.availabilityZones[2]"},
		{"single NAT in prod", func(c *config.Config) { c.Network.NatGateways = "Single" }, "network.natGateways"},
		{"backup retention 0", func(c *config.Config) { c.Database.BackupRetentionDays = 0 }, "database.backupRetentionDays"},
		{"backup retention short of 35 in prod", func(c *config.Config) { c.Database.BackupRetentionDays = 14 }, "database.backupRetentionDays"},
		{"unknown instance class family", func(c *config.Config) { c.Database.InstanceClass = "db.m1.small" }, "database.instanceClass"},
		{"burstable class in prod", func(c *config.Config) { c.Database.InstanceClass = "db.t4g.medium" }, "database.instanceClass"},
		{"negative reader count", func(c *config.Config) { c.Database.ReaderCount = -1 }, "database.readerCount"},
		{"no reader in prod", func(c *config.Config) { c.Database.ReaderCount = 0 }, "database.readerCount"},
		{"unsupported monitoring interval", func(c *config.Config) { c.Database.MonitoringIntervalSeconds = 0 }, "database.monitoringIntervalSeconds"},
		{"deletion protection off in prod", func(c *config.Config) { f := false; c.Database.DeletionProtection = &f }, "database.deletionProtection"},
		{"log retention not a CloudWatch value", func(c *config.Config) { c.Logging.RetentionDays = 100 }, "logging.retentionDays"},
		{"undeclared environment", func(c *config.Config) { c.Environment = "qa" }, "environment"},
		{"malformed backup window", func(c *config.Config) { c.Database.PreferredBackupWindow = "7-8" }, "database.preferredBackupWindow"},
		{"prod without a DR region", func(c *config.Config) {
			c.DR.Region = ""
			c.Buckets = []config.DataBucket{{Name: "visit-documents", Classification: "PHI"}}
		}, "dr.region"},
		{"DR region equal to the stack's", func(c *config.Config) { c.DR.Region = c.Region }, "dr.region"},
		{"two public services with one listener priority", func(c *config.Config) {
			svc := config.Service{ImageTag: "1.0.0", Port: 8080, Cpu: 512, Memory: 1024, MinTasks: 2, MaxTasks: 4, Public: true,
				PathPattern: "/a/*", HealthCheckPath: "/healthz", CpuTarget: 60, MemoryTarget: 70, RequestsTarget: 100, Priority: 20}
			a, b := svc, svc
			a.Name, b.Name = "alpha-api", "beta-api"
			c.Edge.CertificateArn = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
			c.Services = []config.Service{a, b}
		}, "services[beta-api].priority"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := prod()
			c.Network.AvailabilityZones = append([]string(nil), c.Network.AvailabilityZones...)
			tt.mutate(&c)
			ps := c.Validate()
			if !reflect.DeepEqual(ps.Keys(), []string{tt.wantKey}) {
				t.Fatalf("problems at %v, want exactly [%s]:\n%v", ps.Keys(), tt.wantKey, ps)
			}
			p := ps[0]
			if p.Allowed == "" || p.Example == "" {
				t.Errorf("problem %+v lacks what is allowed or an example", p)
			}
			if !strings.Contains(ps.Error(), "carestack:"+tt.wantKey) {
				t.Errorf("error text %q does not name carestack:%s", ps.Error(), tt.wantKey)
			}
		})
	}
}

func TestValidateReportsEveryProblemAtOnce(t *testing.T) {
	c := prod()
	c.Network.CidrBlock = "not-a-cidr"
	c.Database.ReaderCount = -2
	c.Database.BackupRetentionDays = 0
	c.Database.InstanceClass = "db.m1.small"
	want := []string{"network.cidrBlock", "database.instanceClass", "database.readerCount", "database.backupRetentionDays"}
	if got := c.Validate().Keys(); !reflect.DeepEqual(got, want) {
		t.Errorf("keys = %v, want %v", got, want)
	}
}

func TestDefaultsAreValidAsDevAndAsProd(t *testing.T) {
	d := config.Defaults()
	if ps := d.Validate(); ps != nil {
		t.Errorf("defaults: %v", ps)
	}
	p := prod()
	if ps := p.Validate(); ps != nil {
		t.Errorf("defaults as prod: %v", ps)
	}
}

// recorder counts registrations, to prove invalid config registers nothing.
type recorder struct{ registered int }

func (r *recorder) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	r.registered++
	return args.Name, args.Inputs, nil
}

func (r *recorder) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return resource.PropertyMap{}, nil
}

func TestInvalidStackConfigFailsBeforeAnyResourceIsRegistered(t *testing.T) {
	dir, err := offline.ProjectDir()
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := offline.LoadStackConfig(dir, "prod")
	if err != nil {
		t.Fatal(err)
	}
	cfg["carestack:database"] = `{"instanceClass":"db.m1.small","readerCount":-1,"backupRetentionDays":0}`
	cfg["carestack:network"] = `{"cidrBlock":"10.20.0.0/16","availabilityZones":["us-east-1a"],"natGateways":"OnePerAz","typo":1}`
	rec := &recorder{}
	err = pulumi.RunErr(estate.Program, pulumi.WithMocks("carestack", "prod", rec), func(i *pulumi.RunInfo) { i.Config = cfg })
	var ps config.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("err = %v, want config.Problems", err)
	}
	want := []string{"network.typo", "network.availabilityZones", "database.instanceClass", "database.readerCount", "database.backupRetentionDays"}
	if !reflect.DeepEqual(ps.Keys(), want) {
		t.Errorf("keys = %v, want %v\n%v", ps.Keys(), want, ps)
	}
	if !strings.Contains(ps.Error(), `carestack:network.typo = "1": not a setting of network; (settings: availabilityZones, cidrBlock, natGateways)`) {
		t.Errorf("a misspelt key must be named: %v", ps)
	}
	if rec.registered != 0 {
		t.Errorf("%d resources registered before the config error, want 0", rec.registered)
	}
}
