#!/usr/bin/env bash
# The secure-delivery benchmark, in one run on one machine:
#   1. consign extract with and without --encrypt on the same generated customers (default 1,000,000 rows),
#      run alternately RUNS times each (the VM drifts 20-30%): median wall time and peak RSS of each, and
#      the extra time encryption costs (goal: under 15%, RSS flat);
#   2. with more than 100,000 rows, the encrypted extract's peak RSS at 100,000 rows too (flat in the input);
#   3. consign's age encryption against age's own (Debian's age), on the generated CSV file: seal and open,
#      alternately, in MB/s of plaintext.
# Usage: [CONSIGN=... DELIVERY=...] [RUNS=5] Benchmarks/delivery.sh [ROWS]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
runs=${RUNS:-5}
. Benchmarks/common.sh
need_time
command -v age >/dev/null || { echo "delivery.sh: needs Debian's age (apt-get install age)" >&2; exit 2; }
release_build CONSIGN=consign DELIVERY=delivery-benchmark
CONSIGN=$(realpath "$CONSIGN")
DELIVERY=$(realpath "$DELIVERY")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
"$CONSIGN" demo ws >/dev/null
"$CONSIGN" sample customers --workspace ws --rows "$rows" --out customers.csv --seed 1 >/dev/null
"$CONSIGN" keygen --out hayate.key >/dev/null
"$CONSIGN" contractor key hayate-transport --from-file hayate.key.pub --workspace ws >/dev/null
recipient=$(cat hayate.key.pub)
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(age --version 2>&1 | head -1)"
echo "== $rows rows, $(du -m customers.csv | cut -f1) MB of CSV; prize-shipping for hayate-transport, CSV; $runs runs each, alternating"

# One timed run: "seconds peak-KiB" on stdout.
timed() { /usr/bin/time -f '%e %M' -o "$tmp/time" "$@" >/dev/null && cat "$tmp/time"; }
median() { python3 -c 'import statistics, sys; print(statistics.median(float(x) for x in sys.argv[1:]))' "$@"; }

plain_s=() plain_kb=() sealed_s=() sealed_kb=()
for i in $(seq "$runs"); do
    rm -rf out-plain out-sealed
    read -r s kb < <(timed "$CONSIGN" extract --workspace ws --task prize-shipping --contractor hayate-transport \
        --source customers.csv --out out-plain)
    plain_s+=("$s") plain_kb+=("$kb")
    read -r s kb < <(timed "$CONSIGN" extract --workspace ws --task prize-shipping --contractor hayate-transport \
        --source customers.csv --out out-sealed --encrypt)
    sealed_s+=("$s") sealed_kb+=("$kb")
done
ps=$(median "${plain_s[@]}") ss=$(median "${sealed_s[@]}")
pk=$(median "${plain_kb[@]}") sk=$(median "${sealed_kb[@]}")
plain_file=customers.csv
mb=$(python3 -c "import os; print(os.path.getsize('$plain_file') / 1e6)")
printf 'extract, plain      %6.2f s   %7.0f MB peak RSS   (runs: %s)\n' "$ps" "$(python3 -c "print($pk/1024)")" "${plain_s[*]}"
printf 'extract, --encrypt  %6.2f s   %7.0f MB peak RSS   (runs: %s)\n' "$ss" "$(python3 -c "print($sk/1024)")" "${sealed_s[*]}"
python3 -c "print(f'encryption costs {($ss / $ps - 1) * 100:+.1f}% wall time and {($sk / $pk - 1) * 100:+.1f}% peak RSS (goal: under 15% extra, RSS flat)')"
if [ "$rows" -gt 100000 ]; then
    head -n 100001 customers.csv >small.csv
    rm -rf out-small
    read -r s kb < <(timed "$CONSIGN" extract --workspace ws --task prize-shipping --contractor hayate-transport \
        --source small.csv --out out-small --encrypt)
    printf 'extract, --encrypt, 100,000 rows: %.2f s, %.0f MB peak RSS (1,000,000 rows: %.0f MB)\n' "$s" \
        "$(python3 -c "print($kb/1024)")" "$(python3 -c "print($sk/1024)")"
fi

# Seal and open the plain extract file with consign's age and with age itself, alternately.
cs=() as=() co=() ao=()
for i in $(seq "$runs"); do
    read -r s _ < <(timed "$DELIVERY" seal "$recipient" "$plain_file" sealed-consign.age); cs+=("$s")
    read -r s _ < <(timed age -r "$recipient" -o sealed-age.age "$plain_file"); as+=("$s")
    read -r s _ < <(timed "$DELIVERY" open hayate.key sealed-age.age opened-consign); co+=("$s")
    read -r s _ < <(timed age -d -i hayate.key -o opened-age sealed-consign.age); ao+=("$s")
done
cmp -s opened-consign "$plain_file" && cmp -s opened-age "$plain_file" || { echo "a round trip differs" >&2; exit 1; }
rate() { python3 -c "print(f'{$mb / max($1, 0.001):.0f}')"; }
echo "on the generated CSV file ($(printf '%.0f' "$mb") MB; each opens what the other sealed):"
echo "  seal: consign $(rate "$(median "${cs[@]}")") MB/s, age $(rate "$(median "${as[@]}")") MB/s"
echo "  open: consign $(rate "$(median "${co[@]}")") MB/s, age $(rate "$(median "${ao[@]}")") MB/s"
