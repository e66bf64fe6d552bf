#!/usr/bin/env bash
# The nightly audit's two sides of one stack: what was declared, and what AWS
# reports now. Both pipelines run it (docs/continuous-compliance.md).
#
#   scripts/nightly-state.sh STACK_REF OUT_DIR [PREVIOUS_DIR]
#
# 1. Exports the stack as the last operation left it: OUT_DIR/before.json.
# 2. Picks the declared side, the export whose inputs are what was reviewed:
#    a. the state the last `pulumi up` (or import, or destroy) wrote, even
#       one that failed part way, whose state holds what it applied (Pulumi
#       Cloud keeps every version: `stack history`, `stack export --version`),
#       else
#    b. the previous night's declared export (PREVIOUS_DIR/declared.json),
#       when nothing but that night's refresh has written the state since
#       (PREVIOUS_DIR/observed.json is byte for byte OUT_DIR/before.json;
#       the DIY backend has no `--version`), else
#    c. before.json.
#    Why not simply before.json: `pulumi refresh --yes` makes the AWS
#    provider rewrite every declared input to the value it read, so after one
#    night the state no longer holds what was declared, and drift seen once
#    would vanish from the next night's report.
# 3. `pulumi refresh --yes`: the state then holds what AWS reports. It writes
#    the state (the audit credentials may write the backend) but calls only
#    AWS's read APIs. Never with PULUMI_SKIP_CHECKPOINTS: this writes state.
# 4. Exports the refreshed state: OUT_DIR/observed.json.
#
# Writes OUT_DIR/declared.json (tomorrow's PREVIOUS_DIR/declared.json) and
# prints the declared export to pass to `cmd/report -declared`; its name says
# which of a, b, c it is (declared-update-<version>.json, declared-carried.json,
# before.json).
set -euo pipefail
if [[ $# -lt 2 || $# -gt 3 ]]; then
  echo "usage: nightly-state.sh STACK_REF OUT_DIR [PREVIOUS_DIR]" >&2
  exit 2
fi
ref="$1" out="$2" prev="${3:-}"
mkdir -p "$out"
pulumi stack export --stack "$ref" --file "$out/before.json"
declared="$out/before.json"
if command -v jq >/dev/null &&
  version=$(pulumi stack history --stack "$ref" --json --page-size 500 2>/dev/null |
    jq -er '[.[] | select((.kind == "update" or .kind == "import" or .kind == "destroy") and .result != "in-progress") | .version] | max') &&
  pulumi stack export --stack "$ref" --version "$version" --file "$out/declared-update-$version.json" 2>/dev/null; then
  declared="$out/declared-update-$version.json"
elif [[ -n "$prev" && -f "$prev/observed.json" && -f "$prev/declared.json" ]] && cmp -s "$prev/observed.json" "$out/before.json"; then
  cp "$prev/declared.json" "$out/declared-carried.json"
  declared="$out/declared-carried.json"
fi
cp "$declared" "$out/declared.json"
echo "declared side of $ref: $declared" >&2
pulumi refresh --yes --stack "$ref" --non-interactive --suppress-progress --message "nightly compliance audit" >&2
pulumi stack export --stack "$ref" --file "$out/observed.json"
echo "$declared"
