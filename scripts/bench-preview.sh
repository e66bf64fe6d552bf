#!/usr/bin/env bash
# Preview budget (README, Benchmarks): prod through the real CLI (stand-in
# providers), without a pack, with the floor pack and with the pack, in both
# engine modes, best of N. Budget: the pack's cost over the floor pack's at
# most 5% of the preview without a pack. Wall time is the budget; CPU time
# (the test process, which runs the program, plus the CLI and its plugins)
# is printed beside it because it varies far less on a shared machine.
#
# Usage: scripts/bench-preview.sh [rounds]     (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-5}"
out="$(go test ./tests/engine -run '^$' -bench '^BenchmarkPreview$' -benchtime "${rounds}x" -count 1 -timeout 60m)"
echo "$out" | grep '^Benchmark'
status=0
for mode in plain skip-checkpoints; do
  line="$(echo "$out" | grep "^BenchmarkPreview/$mode-")"
  m() { echo "$line" | awk -v m="$1" '{ for (i = 2; i < NF; i++) if ($(i+1) == m) print $i }'; }
  pct="$(m pack-over-floor-%)"
  ok="$(awk -v x="$pct" 'BEGIN { print (x <= 5) ? "met" : "NOT MET" }')"
  printf '%-16s none %.2f s, floor %.2f s, pack %.2f s: the pack adds %.1f%% over the floor (budget 5%%): %s; CPU %.2f / %.2f / %.2f s: %.1f%%; the pack under policyx %.2f s (CPU %.2f s)\n' \
    "$mode" "$(m none-s)" "$(m floor-s)" "$(m pack-s)" "$pct" "$ok" "$(m none-cpu-s)" "$(m floor-cpu-s)" "$(m pack-cpu-s)" "$(m pack-over-floor-cpu-%)" "$(m policyx-s)" "$(m policyx-cpu-s)"
  [[ "$ok" == met ]] || status=1
done
exit $status
