#!/usr/bin/env bash
# The extract benchmark: consign extract (release build) on generated customers, against polars, DuckDB and
# Python's csv module doing the same job (or part of it), in one run on one machine.
# Usage: [CONSIGN=/path/to/consign] Benchmarks/extract.sh [ROWS]   (default 1000000; try 100000 first)
#        BASELINE=/path/to/older/consign [RUNS=9] Benchmarks/extract.sh [ROWS]: instead of the peers, the same
#        extract by the older build and this one, run alternately RUNS times each, and their medians.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
python3 -c 'import polars, duckdb' 2>/dev/null || python3 -m pip install --quiet polars duckdb
. Benchmarks/common.sh
release_build CONSIGN=consign
CONSIGN=$(realpath "$CONSIGN")
peers=$PWD/Benchmarks/extract_peers.py
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
# An initialised workspace with registered contractors and passing evaluations.
"$CONSIGN" demo ws >/dev/null
# consign's own generator, deterministic: the same seed gives the same bytes.
"$CONSIGN" sample customers --workspace ws --rows "$rows" --out customers.csv --seed 1
head -n 1 customers.csv >header-only.csv
small=()
if [ "$rows" -gt 100000 ]; then
    # The same data at 100,000 rows, to show our peak RSS is flat in the input's size.
    "$CONSIGN" sample customers --workspace ws --rows 100000 --out small.csv --seed 1
    small=("$tmp/small.csv")
fi
# 10,000 distinct customer ids spread evenly over the file go onto the stop-use list.
python3 "$peers" ids customers.csv "$rows" 10000 >stop-ids.txt
echo "stop-use: $("$CONSIGN" subject stop-use --workspace ws --file stop-ids.txt --reason benchmark | grep -c "^stop-use from") subjects"
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs);" \
    "polars $(python3 -c 'import polars; print(polars.__version__)'), duckdb $(python3 -c 'import duckdb; print(duckdb.__version__)')"
if [ -n "${BASELINE:-}" ]; then
    python3 "$peers" ab "$(realpath "$BASELINE")" "$CONSIGN" "$tmp/ws" "$tmp" "$tmp/customers.csv" "${RUNS:-9}"
    exit 0
fi
python3 "$peers" bench "$CONSIGN" "$tmp/ws" "$tmp" "$tmp/customers.csv" "$tmp/stop-ids.txt" "$tmp/header-only.csv" \
    ${small[@]+"${small[@]}"}
