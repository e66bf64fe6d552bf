#!/usr/bin/env bash
# Protocol budgets (README, Benchmarks): the pack and the floor pack (policyx
# with one resource policy that reads nothing), each a process of its own as
# the engine runs them, alternate over a preview's traffic (per resource a
# Remediate and an Analyze, then one AnalyzeStack) for the prod estate grown
# to 1,000 and 10,000 resources. Budgets: the pack at most 1.5x the floor's
# time at each size, and 10,000 resources at most 11x the time of 1,000.
#
# Usage: scripts/bench-protocol.sh [rounds]     (default 5; medians are used)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-5}"
out="$(go test ./policy/server -run '^$' -bench '^BenchmarkProtocol$' -benchtime "${rounds}x" -count 1)"
echo "$out" | grep '^Benchmark'
metric() { # size name
  echo "$out" | awk -v b="BenchmarkProtocol/$1-" -v m="$2" 'index($1, b) == 1 { for (i = 2; i < NF; i++) if ($(i+1) == m) print $i }'
}
status=0
for n in 1000 10000; do
  f="$(metric $n floor-ms)" p="$(metric $n pack-ms)" x="$(metric $n x-floor)"
  ok="$(awk -v x="$x" 'BEGIN { print (x <= 1.5) ? "met" : "NOT MET" }')"
  printf '%6d resources: floor %8.1f ms, pack %8.1f ms: %.2fx the floor (budget 1.5x): %s; the pack under policyx %8.1f ms\n' "$n" "$f" "$p" "$x" "$ok" "$(metric $n policyx-ms)"
  [[ "$ok" == met ]] || status=1
done
growth() { awk -v a="$(metric 1000 "$1")" -v b="$(metric 10000 "$1")" 'BEGIN { printf "%.2f", b / a }'; }
g="$(growth pack-ms)"
ok="$(awk -v g="$g" 'BEGIN { print (g <= 11) ? "met" : "NOT MET" }')"
echo "10x the resources: pack ${g}x the time, floor $(growth floor-ms)x (budget 11x): $ok"
[[ "$ok" == met ]] || status=1
exit $status
