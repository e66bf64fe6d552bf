package server

import (
	"fmt"
	"os"
	"runtime/pprof"
	"strconv"
	"sync"

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
//
// CARESTACK_PACK_CPUPROFILE=<file> writes a CPU profile of the pack from its
// start to the end of its Nth AnalyzeStack (CARESTACK_PACK_CPUPROFILE_STACKS,
// default 1: one whole preview). The engine kills the plugin when it is
// done, so the profile cannot wait for the process to exit.
func Main() error {
	srv := New()
	if path := os.Getenv("CARESTACK_PACK_CPUPROFILE"); path != "" {
		stop, err := profileUntil(path, os.Getenv("CARESTACK_PACK_CPUPROFILE_STACKS"))
		if err != nil {
			return err
		}
		srv.afterStack = stop
	}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(g *grpc.Server) error {
			pulumirpc.RegisterAnalyzerServer(g, srv)
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

// profileUntil starts a CPU profile and returns a function to call after
// each AnalyzeStack; the profile is written after the nth.
func profileUntil(path, stacks string) (func(), error) {
	n := 1
	if stacks != "" {
		v, err := strconv.Atoi(stacks)
		if err != nil || v < 1 {
			return nil, fmt.Errorf("CARESTACK_PACK_CPUPROFILE_STACKS=%q: want a positive number", stacks)
		}
		n = v
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		return nil, err
	}
	var mu sync.Mutex
	seen := 0
	return func() {
		mu.Lock()
		defer mu.Unlock()
		if seen++; seen == n {
			pprof.StopCPUProfile()
			f.Close()
		}
	}, nil
}
