#!/usr/bin/env bash
# Runs public Pulumi Go programs that nobody here wrote through the pack.
#
#   scripts/public-programs.sh EXAMPLES_CHECKOUT [program ...]
#
# EXAMPLES_CHECKOUT is a work tree of pulumi/examples at a commit whose
# aws-go-* programs use pulumi-aws v6 (27b2b9945^, the last before their v7
# migration). Each program's top-level .go files are copied (never
# committed: tests/public/_programs is git-ignored) into a package of this
# module, so they build against the pinned SDKs; `pulumi.Run` is captured
# and the program runs under mocks (tests/public/publicrun). Prints one
# PUBLIC-FINDING line per violation; docs/public-programs.md records the
# verdict on each.
set -euo pipefail
src="${1:?usage: public-programs.sh EXAMPLES_CHECKOUT [program ...]}"; shift
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/tests/public/_programs"
mkdir -p "$out"
programs=("$@")
if [[ ${#programs[@]} -eq 0 ]]; then
  mapfile -t programs < <(cd "$src" && ls -d aws-go-* | sort)
fi
for p in "${programs[@]}"; do
  pkg="$(echo "$p" | tr -c 'a-z0-9\n' '_')"
  dst="$out/$pkg"
  rm -rf "$dst"; mkdir -p "$dst"
  # Data files the program reads (www/, handler archives) come along.
  (cd "$src/$p" && find . -maxdepth 1 -mindepth 1 ! -name '*.go' ! -name 'go.mod' ! -name 'go.sum' -exec cp -r {} "$dst/" \;)
  shopt -s nullglob
  gofiles=("$src/$p"/*.go)
  shopt -u nullglob
  if [[ ${#gofiles[@]} -eq 0 ]]; then echo "SKIP $p: no Go files at its top level"; continue; fi
  for f in "${gofiles[@]}"; do
    sed -e 's/^package main$/package prog/' \
        -e 's#pulumi-aws/sdk/v[57]/#pulumi-aws/sdk/v6/#' \
        -e 's/aws\.GetCallerIdentity(ctx)/aws.GetCallerIdentity(ctx, nil)/' \
        -e 's/pulumi\.Run(/capture(/' "$f" > "$dst/$(basename "$f")"
  done
  cat > "$dst/zz_capture.go" <<'GO'
package prog

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

var captured pulumi.RunFunc

func capture(f pulumi.RunFunc, _ ...pulumi.RunOption) { captured = f }

// Program returns the program's body without running it.
func Program() pulumi.RunFunc { main(); return captured }
GO
  project="$(sed -n 's/^name: *//p' "$src/$p/Pulumi.yaml" 2>/dev/null | head -1)"
  project="${project:-$p}"
  # Required config the programs read (placeholders, never real values).
  extra='map[string]string{"mentionbot:slackToken": "placeholder", "mentionbot:verificationToken": "placeholder", "'"$project"':slackWebhookURL": "https://hooks.example.invalid/placeholder"}'
  cat > "$dst/zz_eval_test.go" <<GO
package prog

import (
	"fmt"
	"testing"

	"github.com/carestack/carestack/tests/public/publicrun"
)

func TestPublicProgram(t *testing.T) {
	fs, n, err := publicrun.Evaluate("$p", "$project", $extra, Program())
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("PUBLIC-PROGRAM $p: %d resources, %d violations\n", n, len(fs))
	fmt.Print(publicrun.JSONLines(fs))
}
GO
  echo "== $p"
  (cd "$root" && go test -count=1 -v "./tests/public/_programs/$pkg/" 2>&1 | grep -E 'PUBLIC-|FAIL|cannot|undefined|error' || true)
done
