package estate_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/carestack/carestack/infra/database"
)

// policyStatements decodes an IAM document recorded as a string input.
func policyStatements(t *testing.T, doc any) []map[string]any {
	t.Helper()
	s, ok := doc.(string)
	if !ok {
		t.Fatalf("policy is %T, want a JSON string", doc)
	}
	var d struct{ Statement []map[string]any }
	if err := json.Unmarshal([]byte(s), &d); err != nil {
		t.Fatalf("policy %q: %v", s, err)
	}
	return d.Statement
}

func statementBySid(t *testing.T, doc any, sid string) map[string]any {
	t.Helper()
	for _, st := range policyStatements(t, doc) {
		if st["Sid"] == sid {
			return st
		}
	}
	return nil
}

// The RDS Proxy requires IAM authentication, so a service with database:
// true can only connect with rds-db:connect on the proxy's db-user ARN
// (AWS RDS User Guide, "Connecting to a proxy using IAM authentication":
// arn:aws:rds-db:<region>:<account>:dbuser:prx-<id>/<user>).
func TestDatabaseServicesMayConnectThroughTheProxyAndOthersMayNot(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		r := run(t, stack)
		// The mock's proxy ARN ends in rds/aurora-proxy; a real one in db-proxy:prx-<id>.
		wantArn := "arn:aws:rds-db:us-east-1:123456789012:dbuser:rds/aurora-proxy/carestack_admin"
		policy, _ := one(t, r, "aws:iam/rolePolicy:RolePolicy", "scheduling-api-task").Get("policy")
		got := statementBySid(t, policy, "ConnectThroughProxy")
		want := map[string]any{"Sid": "ConnectThroughProxy", "Effect": "Allow", "Action": "rds-db:connect", "Resource": wantArn}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s scheduling-api task role: ConnectThroughProxy = %v, want %v", stack, got, want)
		}
		worker, _ := one(t, r, "aws:iam/rolePolicy:RolePolicy", "notification-worker-task").Get("policy")
		if st := statementBySid(t, worker, "ConnectThroughProxy"); st != nil {
			t.Errorf("%s notification-worker (database: false) may connect: %v", stack, st)
		}
	}
}

func TestProxyDbUserArnNamesTheProxyResourceID(t *testing.T) {
	for _, tc := range []struct{ proxyArn, want string }{
		{"arn:aws:rds:us-east-1:123456789012:db-proxy:prx-0123456789abcdef0", "arn:aws:rds-db:us-east-1:123456789012:dbuser:prx-0123456789abcdef0/app"},
		{"arn:aws-us-gov:rds:us-gov-west-1:123456789012:db-proxy:prx-0a", "arn:aws-us-gov:rds-db:us-gov-west-1:123456789012:dbuser:prx-0a/app"},
	} {
		got, err := database.ProxyDbUserArn(tc.proxyArn, "app")
		if err != nil || got != tc.want {
			t.Errorf("ProxyDbUserArn(%s) = %q, %v; want %q", tc.proxyArn, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "prx-1", "arn:aws:rds:us-east-1:123456789012"} {
		if got, err := database.ProxyDbUserArn(bad, "app"); err == nil {
			t.Errorf("ProxyDbUserArn(%q) = %q, want an error", bad, got)
		}
	}
}
