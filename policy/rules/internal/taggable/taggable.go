// Package taggable finds the taggable resource types of the pinned
// pulumi-aws SDK by reading its source (the SDK has no "is taggable"
// helper in v6): a resource is taggable when its Args struct has a Tags
// input. Reading source keeps the provider SDK out of the pack's binary.
package taggable

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// Module is the pulumi-aws SDK module the estate pins.
const Module = "github.com/pulumi/pulumi-aws/sdk/v6"

var token = regexp.MustCompile(`ctx\.RegisterResource\("(aws:[^"]+)"`)

// Types lists the taggable type tokens of the SDK in the module cache.
func Types() ([]string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", Module).Output()
	if err != nil {
		return nil, fmt.Errorf("locate %s (run `go mod download`): %w", Module, err)
	}
	dir := strings.TrimSpace(string(out))
	files, err := filepath.Glob(filepath.Join(dir, "go", "aws", "*", "*.go"))
	if err != nil {
		return nil, err
	}
	var types []string
	for _, f := range files {
		tok, tags, err := scan(f)
		if err != nil {
			return nil, err
		}
		if tok != "" && tags {
			types = append(types, tok)
		}
	}
	sort.Strings(types)
	return types, nil
}

// scan returns the resource token a file registers and whether its Args
// struct takes tags.
func scan(path string) (string, bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", false, err
	}
	defer f.Close()
	var tok string
	tags, inArgs := false, false
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 1<<24)
	for sc.Scan() {
		line := sc.Text()
		if m := token.FindStringSubmatch(line); m != nil && tok == "" {
			tok = m[1]
		}
		switch {
		case strings.HasPrefix(line, "type ") && strings.HasSuffix(line, "Args struct {") && !strings.HasPrefix(line, "type Get"):
			inArgs = true
		case inArgs && line == "}":
			inArgs = false
		case inArgs && isTagsField(line):
			tags = true
		}
	}
	return tok, tags, sc.Err()
}

// isTagsField matches the Args field `Tags pulumi.StringMapInput` however
// gofmt aligned it (a struct with longer field names pads the gap).
func isTagsField(line string) bool {
	f := strings.Fields(line)
	return len(f) == 2 && f[0] == "Tags" && f[1] == "pulumi.StringMapInput"
}
