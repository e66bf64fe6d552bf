#!/usr/bin/env bash
# Builds the Pulumi CLI from the Go module proxy into .bin/ (git-ignored) when
# no `pulumi` is on PATH. No release binaries can be downloaded on our CI
# machines, so the CLI is compiled from github.com/pulumi/pulumi/pkg/v3.
#
# `go install pkg/v3/cmd/pulumi@v` refuses because pkg/go.mod carries replace
# directives, so this writes a throwaway wrapper module that repeats the one
# replace the build needs. The wrapper lives under .bin/ so the repository
# keeps a single go.mod.
#
# Usage: scripts/install-pulumi-cli.sh        prints the path of the pulumi binary
set -euo pipefail

PULUMI_VERSION="v3.274.1"
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/.bin"
want="$bin/pulumi"

if [[ -x "$want" ]] && "$want" version 2>/dev/null | grep -qx "$PULUMI_VERSION"; then
  echo "$want"; exit 0
fi
if command -v pulumi >/dev/null 2>&1 && [[ "$(pulumi version 2>/dev/null)" == "$PULUMI_VERSION" ]]; then
  command -v pulumi; exit 0
fi

src="$bin/pulumi-cli-src"
mkdir -p "$src"
cat > "$src/go.mod" <<MOD
module carestack.local/pulumicli

go 1.26

require github.com/pulumi/pulumi/pkg/v3 $PULUMI_VERSION

replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
MOD
cat > "$src/tools.go" <<'GO'
//go:build tools

package pulumicli

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
GO
echo "building the Pulumi CLI $PULUMI_VERSION from the module proxy (a few minutes)..." >&2
(
  cd "$src"
  GOFLAGS=-mod=mod go mod tidy >&2
  # The version must be set, or the Automation API rejects the CLI as too old.
  go build -trimpath -o "$want" \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION" \
    github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
)
echo "$want"
