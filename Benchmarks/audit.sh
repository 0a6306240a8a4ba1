#!/usr/bin/env bash
# Audit benchmark: builds the release `consign` and `audit-benchmark` into .build-bench (or takes
# CONSIGN=path and BENCH=path), builds a register of 100,000 transfers and one of 10,000,000 subject
# entries in 1,000 transfers (audit-benchmark prints its in-process timings), then times `consign
# audit`, `consign ledger verify` and `consign subject show` as whole processes, median of 5.
#
# Usage: Benchmarks/audit.sh [TRANSFERS] [LOOKUP-TRANSFERS] [SUBJECTS]
set -euo pipefail
cd "$(dirname "$0")/.."
transfers=${1:-100000}
lookup_transfers=${2:-1000}
subjects=${3:-10000}

. Benchmarks/common.sh
release_build CONSIGN=consign BENCH=audit-benchmark
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== building the registers and timing in process (median of 5; lookup median of 21)"
"$BENCH" "$work" "$transfers" "$lookup_transfers" "$subjects"

# Median wall time of 5 runs of a command, in seconds; any exit status is accepted (the audit exits 1
# when it has errors), but the first run's output is kept for the reader.
median() {
    local label=$1
    shift
    local times=()
    "$@" >"$work/out.txt" 2>&1 || true
    for _ in 1 2 3 4 5; do
        local start end
        start=$(date +%s%N)
        "$@" >/dev/null 2>&1 || true
        end=$(date +%s%N)
        times+=("$(( (end - start) / 1000 ))")
    done
    local sorted
    sorted=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
    printf "%-52s %8s s   (%s)\n" "$label" "$(awk "BEGIN { printf \"%.3f\", $sorted / 1000000 }")" "$(head -1 "$work/out.txt" | cut -c1-110)"
}

echo
echo "== whole processes (release consign, median of 5)"
export SOURCE_DATE_EPOCH=1795651200
median "consign audit --as-of 2026-11-27 ($transfers transfers)" "$CONSIGN" audit --as-of 2026-11-27 --workspace "$work/audit"
median "consign ledger verify ($transfers transfers)" "$CONSIGN" ledger verify --workspace "$work/audit"
median "consign subject show ($((lookup_transfers * subjects)) entries)" "$CONSIGN" subject show C-LOOKUP --workspace "$work/lookup"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
# The VM's speed drifts between runs; SHA-256 is a third of ledger verify's work, so its speed at the
# time of the run tells how fast the machine was (openssl, when installed).
if command -v openssl >/dev/null; then
    echo "SHA-256 now (openssl, 1,536-byte blocks, one core): $(openssl speed -seconds 1 -bytes 1536 -evp sha256 2>/dev/null | awk '/^sha256/ { print $2 }')"
fi
