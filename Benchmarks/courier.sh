#!/usr/bin/env bash
# The courier-layout benchmark: consign extract (release build) of the prize shipment as Yamato B2クラウド's
# CP932 file (prize-shipping-b2: 95 columns, every value formatted and checked against its column) against the
# same winners as the plain UTF-8 extract (prize-shipping), run alternately in one run on one machine, and the
# ratio of their medians (the goal: at most 1.3). Each run's package is removed once it is timed, as a job's would
# be once delivered: on this VM, writing into memory the page cache has not used lately costs about 6 ms a MB
# (dd: 145 MB/s into fresh pages, 3-5 GB/s into a deleted file's), so keeping every run's output (KEEP=1) charges
# each run for the runs before it, and B2's file, twice the bytes, twice as much.
# Usage: [CONSIGN=/path/to/consign] [RUNS=5] [KEEP=1] Benchmarks/courier.sh [ROWS]   (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
. Benchmarks/common.sh
release_build CONSIGN=consign
CONSIGN=$(realpath "$CONSIGN")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
"$CONSIGN" demo ws >/dev/null
"$CONSIGN" sample customers --workspace ws --rows "$rows" --out customers.csv --seed 1
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $rows customers"
python3 - "$CONSIGN" "$tmp" "${RUNS:-5}" "${KEEP:-0}" <<'PY'
import shutil, statistics, subprocess, sys, time
consign, tmp, runs, keep = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1"
def extract(task, out):
    start = time.perf_counter()
    subprocess.run([consign, "extract", "--workspace", f"{tmp}/ws", "--task", task, "--contractor", "hayate-transport",
                    "--source", f"{tmp}/customers.csv", "--out", f"{tmp}/{out}", "--format", "csv"],
                   check=True, stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    if not keep:
        shutil.rmtree(f"{tmp}/{out}")
    return elapsed
times = {"prize-shipping": [], "prize-shipping-b2": []}
for run in range(runs):
    for task in times:
        times[task].append(extract(task, f"out-{task}-{run}"))
plain, b2 = statistics.median(times["prize-shipping"]), statistics.median(times["prize-shipping-b2"])
print(f"plain UTF-8 extract (prize-shipping): median {plain:.2f} s of {runs}")
print(f"B2クラウド CP932 extract (prize-shipping-b2): median {b2:.2f} s of {runs}")
print(f"ratio: {b2 / plain:.2f}x (goal <= 1.3x; each run's output {'kept' if keep else 'removed once timed'})")
PY
