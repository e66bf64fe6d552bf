package settings

import "github.com/pulumi/pulumi/sdk/v3/go/common/resource"

func newPropertyMap(m map[string]any) resource.PropertyMap { return resource.NewPropertyMapFromMap(m) }
