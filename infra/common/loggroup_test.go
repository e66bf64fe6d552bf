package common_test

import (
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/carestack/carestack/infra/common"
)

type recordingMocks struct {
	mu     sync.Mutex
	inputs []resource.PropertyMap
}

func (m *recordingMocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.inputs = append(m.inputs, args.Inputs)
	return args.Name + "-id", args.Inputs, nil
}

func (m *recordingMocks) Call(pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return resource.PropertyMap{}, nil
}

func TestLogGroupIsEncryptedRetainedAndClassified(t *testing.T) {
	valid := common.LogGroupArgs{Name: pulumi.String("/carestack/prod/x"), RetentionDays: 365, KmsKeyArn: pulumi.String("arn:aws:kms:us-east-1:1:key/k"), Classification: common.PHI}
	for _, tc := range []struct {
		name    string
		mutate  func(*common.LogGroupArgs)
		wantErr bool
	}{
		{"complete args create the group", func(*common.LogGroupArgs) {}, false},
		{"no key is refused", func(a *common.LogGroupArgs) { a.KmsKeyArn = nil }, true},
		{"no retention is refused", func(a *common.LogGroupArgs) { a.RetentionDays = 0 }, true},
		{"no name is refused", func(a *common.LogGroupArgs) { a.Name = nil }, true},
		{"an unknown classification is refused", func(a *common.LogGroupArgs) { a.Classification = "Secret" }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := valid
			tc.mutate(&args)
			mocks := &recordingMocks{}
			err := pulumi.RunErr(func(ctx *pulumi.Context) error {
				_, err := common.LogGroup(ctx, "flow-logs", args)
				return err
			}, pulumi.WithMocks("carestack", "prod", mocks))
			if tc.wantErr {
				if err == nil || !strings.Contains(err.Error(), "log group flow-logs") || len(mocks.inputs) != 0 {
					t.Fatalf("err %v, %d resources registered; want an error naming flow-logs and nothing registered", err, len(mocks.inputs))
				}
				return
			}
			if err != nil || len(mocks.inputs) != 1 {
				t.Fatalf("err %v, %d resources registered", err, len(mocks.inputs))
			}
			got := mocks.inputs[0].Mappable()
			want := map[string]any{
				"name": "/carestack/prod/x", "retentionInDays": 365.0, "kmsKeyId": "arn:aws:kms:us-east-1:1:key/k",
				"tags": map[string]any{"DataClassification": "PHI"},
			}
			for k, w := range want {
				if g := got[k]; !reflect.DeepEqual(g, w) {
					t.Errorf("%s = %v, want %v", k, g, w)
				}
			}
		})
	}
}
