#!/usr/bin/env bash
# Prints the --policy-pack-config argument for a stack when it has a policy
# config file (policy/config/<stack>.json), and nothing otherwise: a stack's
# levels and thresholds are its environment's, in the pack, so the file is
# optional (it tightens a stack or records reviewed exceptions).
set -euo pipefail
stack="${1:?usage: policy-config-args.sh STACK}"
cd "$(dirname "$0")/.."
if [[ -f "policy/config/$stack.json" ]]; then
  printf -- '--policy-pack-config\npolicy/config/%s.json\n' "$stack"
fi
