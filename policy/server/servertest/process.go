package servertest

import (
	"bufio"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
	"time"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// Process is an analyzer plugin started the way the engine starts one: the
// binary runs with the engine's address as its argument and prints its port
// on the first line of stdout.
type Process struct {
	Client pulumirpc.AnalyzerClient
	Cmd    *exec.Cmd
}

// Start runs argv (a built pack binary, possibly behind a wrapper such as
// valgrind) and dials the port it prints.
func Start(argv ...string) (*Process, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	lines := make(chan string, 1)
	go func() {
		r := bufio.NewReader(out)
		line, _ := r.ReadString('\n')
		lines <- line
		io.Copy(io.Discard, r)
	}()
	var line string
	select {
	case line = <-lines:
	case <-time.After(5 * time.Minute):
	}
	port, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		return nil, fmt.Errorf("%s printed %q, not a port: %s", argv[0], line, stderr.String())
	}
	c, err := dial(port)
	if err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		return nil, err
	}
	return &Process{Client: c, Cmd: cmd}, nil
}

// Stop ends the plugin as the engine does when an operation finishes.
func (p *Process) Stop() {
	p.Cmd.Process.Kill()
	p.Cmd.Wait()
}
