#!/usr/bin/env bash
# Register benchmark (issue 21): builds the release `consign` and `register-benchmark` into .build-bench (or
# takes CONSIGN=path and BENCH=path, so that a build of another commit can be measured on the same registers),
# generates registers of 10,000, 100,000 and 1,000,000 events (90% stop-use requests, 10% transfers of 100
# subjects each, after the demo's workspace), then times whole `consign` processes on each: plan, contractor
# list, subject show, extract of a fixed 1,000-row source, ledger verify and audit. Median wall time of RUNS
# runs (HEAVY_RUNS for ledger verify and audit on the largest register; one run when the first takes more than
# LONG seconds, 60 by default) and the largest peak RSS of those runs (/usr/bin/time -f %M), printed as one table.
#
# The extract appends a transfer, so each of its runs is on a fresh copy of the register (the copy is not
# timed). Keep the registers between runs with WORK=dir: a register already there is not generated again
# (delete the folder to regenerate it, e.g. after changing the generator).
#
# Usage: [CONSIGN=path] [BENCH=path] [WORK=dir] [RUNS=5] [HEAVY_RUNS=3] [LONG=60] Benchmarks/register.sh [SIZE...]
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
runs=${RUNS:-5}
heavy_runs=${HEAVY_RUNS:-3}
long=${LONG:-60}
largest=$(printf '%s\n' "${sizes[@]}" | sort -n | tail -1)

. Benchmarks/common.sh
need_time
release_build CONSIGN=consign BENCH=register-benchmark
if [ -n "${WORK:-}" ]; then
    mkdir -p "$WORK"
    work=$(cd "$WORK" && pwd)
    scratch=$(mktemp -d)
else
    work=$(mktemp -d)
    scratch=$work
fi
trap 'rm -rf "$scratch"' EXIT
# After the generated events (the last is timed 2026-11-25): the appends of the extract are admitted.
export SOURCE_DATE_EPOCH=1795651200
export CONSIGN_OPERATOR=benchmark
subject=C00000042

echo "== registers (register-benchmark: demo, then the batch append of the generated events)"
for size in "${sizes[@]}"; do
    if [ -f "$work/r$size/.consign/register.sqlite" ]; then
        echo "r$size: kept from an earlier run ($(du -m "$work/r$size/.consign/register.sqlite" | cut -f1) MB)"
    else
        rm -rf "$work/r$size"
        /usr/bin/time -f "  (whole generator: %e s, peak RSS %M KiB)" "$BENCH" "$work/r$size" "$size"
    fi
done
"$CONSIGN" sample customers --rows 1000 --out "$scratch/customers.csv" --workspace "$work/r${sizes[0]}" >/dev/null

declare -A ms rss
# measure KEY N COMMAND...: the median wall time (ms) of N runs and the largest peak RSS (MiB); any exit status
# is accepted (the audit exits 1 when it finds errors). The first run's output is kept for the check below.
# For the extract, a fresh copy of the register before every run (not timed).
measure() {
    local key=$1 n=$2
    shift 2
    local times=() peak=0 i
    for ((i = 0; i < n; i++)); do
        [ "${key%%|*}" != extract ] || fresh_copy
        local start end
        start=$(date +%s%N)
        /usr/bin/time -f %M -o "$scratch/rss" "$@" >"$scratch/out.$i" 2>&1 || true
        end=$(date +%s%N)
        times+=("$(((end - start) / 1000))")
        local kib
        kib=$(tail -1 "$scratch/rss")
        [ "$kib" -le "$peak" ] || peak=$kib
        [ "$i" = 0 ] || rm -f "$scratch/out.$i"
        # A command that takes minutes (the audit of the largest register) is timed once.
        if [ "$i" = 0 ] && [ "${times[0]}" -gt "$((long * 1000000))" ]; then
            n=1
            break
        fi
    done
    local median
    median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((n + 1) / 2))p")
    ms[$key]=$(awk "BEGIN { printf \"%.0f\", $median / 1000 }")
    rss[$key]=$(awk "BEGIN { printf \"%.1f\", $peak / 1024 }")
    printf "  %-16s %8s ms %7s MiB   %s\n" "${key%%|*}" "${ms[$key]}" "${rss[$key]}" "$(head -c 300 "$scratch/out.0" | head -1 | cut -c1-90)"
}
fresh_copy() {
    rm -rf "$copy/.consign" "$scratch/extracts"
    cp -r "$ws/.consign" "$copy/.consign"
}

commands=(plan "contractor list" "subject show" extract "ledger verify" audit)
for size in "${sizes[@]}"; do
    ws=$work/r$size
    copy=$scratch/copy$size
    rm -rf "$copy"
    mkdir -p "$copy"
    (cd "$ws" && tar --exclude=.consign -cf - .) | (cd "$copy" && tar -xf -)
    n=$runs
    [ "$size" != "$largest" ] || n=$heavy_runs
    echo "== r$size ($("$CONSIGN" ledger head --workspace "$ws" 2>&1 | head -1 | cut -c1-60)...)"
    measure "plan|$size" "$runs" "$CONSIGN" plan --task prize-shipping --contractor hayate-transport --workspace "$ws"
    measure "contractor list|$size" "$runs" "$CONSIGN" contractor list --workspace "$ws"
    measure "subject show|$size" "$runs" "$CONSIGN" subject show "$subject" --workspace "$ws"
    echo "    (subject show printed $(wc -l <"$scratch/out.0") lines)"
    measure "extract|$size" "$runs" "$CONSIGN" extract --task prize-shipping --contractor hayate-transport \
        --source "$scratch/customers.csv" --out "$scratch/extracts" --format csv --workspace "$copy"
    measure "ledger verify|$size" "$n" "$CONSIGN" ledger verify --workspace "$ws"
    measure "audit|$size" "$n" "$CONSIGN" audit --workspace "$ws"
    rm -rf "$copy"
done

echo
echo "== whole processes: median wall ms of $runs runs ($heavy_runs for ledger verify and audit on the largest, one when over $long s), peak RSS MiB"
printf "%-16s" command
for size in "${sizes[@]}"; do printf " | %9s ms %9s MiB" "$size" "$size"; done
echo
for c in "${commands[@]}"; do
    printf "%-16s" "$c"
    for size in "${sizes[@]}"; do printf " | %12s %13s" "${ms[$c|$size]}" "${rss[$c|$size]}"; done
    echo
done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); consign $("$CONSIGN" --version 2>&1 | head -1)"
if command -v openssl >/dev/null; then
    echo "SHA-256 now (openssl, 1,536-byte blocks, one core): $(openssl speed -seconds 1 -bytes 1536 -evp sha256 2>/dev/null | awk '/^sha256/ { print $2 }')"
fi
