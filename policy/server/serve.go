package server

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
)

// Main serves the pack the way every analyzer plugin is served: a gRPC
// server on a free local port (the SDK's rpcutil, with its health and
// reflection services and message limit), the port printed on stdout for
// the engine to dial, then serving until the engine stops the plugin. The
// engine passes its own address as the first argument and again in
// Handshake; the pack never calls back, so it only records the latter.
func Main() error {
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterAnalyzerServer(srv, New())
			return nil
		},
	})
	if err != nil {
		return fmt.Errorf("fatal: %w", err)
	}
	// The analyzer protocol: the first line on stdout is the port.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		return fmt.Errorf("fatal: %w", err)
	}
	return nil
}
