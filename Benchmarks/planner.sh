#!/usr/bin/env bash
# The planner benchmark: consign's exact planner (release build) against the MILP solver HiGHS on the same
# random instances, plus the example workspace's tasks. Usage: Benchmarks/planner.sh [INSTANCES-PER-SIZE]
set -euo pipefail
cd "$(dirname "$0")/.."
per_size=${1:-25}
python3 -c 'import highspy' 2>/dev/null || pip install --quiet highspy
swift build -c release --product planner-benchmark
instances=$(mktemp)
trap 'rm -f "$instances"' EXIT
echo "== consign (machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"
"$(swift build -c release --show-bin-path)/planner-benchmark" "$instances" "$per_size" .
echo
echo "== the same instances with HiGHS $(python3 -c 'import highspy; h = highspy.Highs(); print(h.version())' 2>/dev/null | tail -n 1)"
python3 Benchmarks/planner_highs.py "$instances" | grep -v '^Running HiGHS\|^Includes third-party'
