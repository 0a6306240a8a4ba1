#!/usr/bin/env bash
# The statistics benchmark: consign stats (release build) on generated customers — a three-dimension count
# table with margins (prefecture x gender x age band, 324 cells) of the customers who paid at least THRESHOLD yen
# (default 456,000, so that a tenth of its cells are below the minimum frequency) — against polars computing the same counts
# (group_by().len()) from the same file, in one run on one machine. Ours includes reading the register,
# the suppression and recording the release.
# Usage: [CONSIGN=/path/to/consign] [THRESHOLD=yen] Benchmarks/statistics.sh [ROWS]   (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
export THRESHOLD=${THRESHOLD:-456000}
python3 -c 'import polars' 2>/dev/null || python3 -m pip install --quiet polars
. Benchmarks/common.sh
release_build CONSIGN=consign
CONSIGN=$(realpath "$CONSIGN")
driver=$PWD/Benchmarks/statistics_peers.py
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
"$CONSIGN" demo ws >/dev/null
cat >ws/templates/benchmark-statistics.xml <<TASK
<?xml version="1.0" encoding="UTF-8"?>
<task id="benchmark-statistics" version="1">
  <title>Customers who paid at least $THRESHOLD yen, by prefecture, gender and age</title>
  <purpose>statistics</purpose>
  <statistics>
    <dimension name="prefecture" field="address.prefecture"/>
    <dimension name="gender" field="person.gender"/>
    <dimension name="age_band" field="person.birth_date" form="age_band(10)"/>
    <measure name="customers" of="count"/>
    <margins>true</margins>
    <protection/>
  </statistics>
  <row-scope>
    <condition field="account.lifetime_value" operator="at-least" value="$THRESHOLD"/>
  </row-scope>
</task>
TASK
"$CONSIGN" sample customers --workspace ws --rows "$rows" --out customers.csv --seed 1
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs);" \
    "polars $(python3 -c 'import polars; print(polars.__version__)')"
python3 "$driver" bench "$CONSIGN" "$tmp/ws" "$tmp/customers.csv"
