#!/usr/bin/env bash
# Lists the project's stacks: one per Pulumi.<stack>.yaml, sorted. Stacks are
# data, so the pipelines discover them here instead of naming dev and prod.
#
#   scripts/stacks.sh                 one name per line
#   scripts/stacks.sh --json          a JSON array (a GitHub Actions matrix)
#   scripts/stacks.sh --except prod   leave one stack out (repeatable)
set -euo pipefail
cd "$(dirname "$0")/.."
json=false
except=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --json) json=true; shift ;;
    --except) except+=("$2"); shift 2 ;;
    *) echo "stacks.sh: unknown argument $1 (use --json, --except NAME)" >&2; exit 2 ;;
  esac
done
names=()
for f in Pulumi.*.yaml; do
  [[ -e "$f" ]] || continue
  name="${f#Pulumi.}"; name="${name%.yaml}"
  [[ "$name" == *.* ]] && continue
  skip=false
  for e in "${except[@]+"${except[@]}"}"; do [[ "$name" == "$e" ]] && skip=true; done
  $skip || names+=("$name")
done
IFS=$'\n' sorted=($(printf '%s\n' "${names[@]+"${names[@]}"}" | LC_ALL=C sort)); unset IFS
if $json; then
  out="["
  for i in "${!sorted[@]}"; do
    [[ -z "${sorted[$i]}" ]] && continue
    [[ "$out" != "[" ]] && out+=","
    out+="\"${sorted[$i]}\""
  done
  echo "$out]"
else
  printf '%s\n' "${sorted[@]+"${sorted[@]}"}" | sed '/^$/d'
fi
