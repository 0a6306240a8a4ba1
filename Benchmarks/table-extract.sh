#!/usr/bin/env bash
# The table-extract benchmark (issue 22): consign extract (release build) reading a typed PostgreSQL table,
# against psql copying the very SELECT consign ran to /dev/null on the same server, and against consign extract
# reading the same data as a CSV file, in one run on one machine.
#
# For each size (100,000 and 1,000,000 rows unless given): consign's own generator writes the customers
# (deterministic, seed 1), psql `\copy … FROM` loads them into a table with a CRM's column types (boolean,
# date, timestamptz, integer, text), as Tests/ConsignTests/Extract/ExtractTableSourceTests.swift does, and
# VACUUM ANALYZE settles it. One untimed extract from the table warms the caches and leaves its SELECT in the
# server's statement log (log_statement = all; the bind parameters in the DETAIL line after it); that SELECT,
# with the parameters written in as literals, is the peer's query. Then RUNS rounds, each timing the three
# jobs as whole processes in a rotating order, so that the machine's drift slows every job alike:
#   table  consign extract --source 'postgresql://postgres@127.0.0.1:PORT/DB?table=customers&sslmode=disable'
#   psql   psql -c "\copy (THE SAME SELECT) TO '/dev/null' CSV"   (the real psql binary, not Debian's Perl
#          wrapper, with the TimeZone and DateStyle consign sets in its transaction)
#   csv    consign extract --source customers.csv
# Printed: the median wall time, the largest peak RSS (/usr/bin/time -f %M; the client's only, the server's
# backend is the same for table and psql) and the median client CPU (user + system) of each, the ratios
# table/psql (the issue's goal: at most 1.5) and table/csv, and each job's peak RSS from the smallest size to
# the largest (goal: flat). The row counts of consign and psql must agree, and the extract.csv from the table
# must be byte for byte the one from the CSV, or the script fails.
#
# The server is a throwaway cluster (.ci/postgres: PostgreSQL 15, fsync off, every statement logged), stopped
# and removed at the end. The register is the demo workspace's SQLite file; each extract appends a transfer
# to it, so it grows by one event a run.
#
# With BASELINE=path (an older consign), its extract from the table is a fourth job in every round, and the
# table lists it with its ratio to this build's.
#
# Usage: [CONSIGN=path] [BASELINE=path] [RUNS=5] [TASK=prize-shipping CONTRACTOR=hayate-transport] \
#        Benchmarks/table-extract.sh [ROWS...]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
runs=${RUNS:-5}
# The task whose SELECT names the most columns (8) and has a row scope (consent.prize); extract.sh's too.
task=${TASK:-prize-shipping}
contractor=${CONTRACTOR:-hayate-transport}

. Benchmarks/common.sh
need_time
release_build CONSIGN=consign
CONSIGN=$(realpath "$CONSIGN")
[ -z "${BASELINE:-}" ] || BASELINE=$(realpath "$BASELINE")
# Debian's /usr/bin/psql is a Perl wrapper that picks a version and execs the real client: timing it would add
# Perl's start-up to the peer.
psql_bin=${CONSIGN_POSTGRES_BIN:-/usr/lib/postgresql/15/bin}/psql
[ -x "$psql_bin" ] || psql_bin=$(command -v psql)

tmp=$(mktemp -d)
# The cluster's folder: short (its Unix socket lives there) and under /tmp, where the server's user can reach it.
pg=$(mktemp -d /tmp/consign-pg.XXXXXX)
trap 'bash "$root/.ci/postgres" stop "$pg" >/dev/null 2>&1 || true; rm -rf "$tmp" "$pg"' EXIT
eval "$(bash "$root/.ci/postgres" start "$pg")"
export PGHOST=127.0.0.1 PGPORT=$CONSIGN_TEST_POSTGRES_PORT PGUSER=postgres PGSSLMODE=disable
unset SOURCE_DATE_EPOCH
export CONSIGN_OPERATOR=benchmark
log=$pg/server.log
cd "$tmp"
sql() { "$psql_bin" -X -q -v ON_ERROR_STOP=1 "$@"; }

# An initialised workspace with registered contractors and passing evaluations (its register: SQLite).
"$CONSIGN" demo ws >/dev/null
mkdir out

declare -A ms rss cpu
# time_run KEY ROUND COMMAND...: one timed run, its wall time (µs), peak RSS (KiB) and client CPU (s) appended
# to KEY's lists; its output kept as KEY.out.
time_run() {
    local key=$1
    shift
    rm -rf out/*
    local start end
    start=$(date +%s%N)
    /usr/bin/time -f "%M %U %S" -o time.txt "$@" >"$key.out" 2>&1 || {
        echo "FAILED: $*" >&2
        cat "$key.out" >&2
        exit 1
    }
    end=$(date +%s%N)
    read -r kib user system <time.txt
    walls[$key]+="$(((end - start) / 1000)) "
    peaks[$key]+="$kib "
    cpus[$key]+="$(awk "BEGIN { print $user + $system }") "
}
median() { printf '%s\n' $1 | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
largest() { printf '%s\n' $1 | sort -n | tail -1; }
# extracted R of N records (…): "R N"
counts() { sed -nE 's/^extracted ([0-9,]+) of ([0-9,]+) records.*/\1 \2/p' "$1" | tr -d ,; }

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "   $("$psql_bin" --version), server $(sql -At -c 'SHOW server_version'); consign $("$CONSIGN" --version 2>&1 | head -1)"
echo "   $task for $contractor, $runs rounds per size"
for size in "${sizes[@]}"; do
    db=crm$size
    echo
    echo "== $size rows"
    "$CONSIGN" sample customers --workspace ws --rows "$size" --seed 1 --out "customers$size.csv" | sed 's/^/   /'
    sql -c "CREATE DATABASE $db"
    start=$(date +%s%N)
    sql -d "$db" -c "CREATE TABLE customers (
          customer_id text PRIMARY KEY, full_name text, full_name_kana text, email text, phone text, postal_code text,
          prefecture text, city text, street_address text, birth_date date, gender text, occupation text, company text,
          consent_newsletter boolean, consent_prize boolean, consent_survey boolean, consent_provision_linkad date,
      consent_provision_prize_sponsors date, registered_at timestamptz,
          last_login_at timestamptz, lifetime_value integer, notes text)" \
        -c "\\copy customers FROM 'customers$size.csv' WITH (FORMAT csv, HEADER)" \
        -c "VACUUM (ANALYZE) customers"
    end=$(date +%s%N)
    echo "   loaded by psql \\copy FROM and VACUUM ANALYZE in $(awk "BEGIN { printf \"%.1f\", ($end - $start) / 1e9 }") s;" \
        "table and index $(sql -d "$db" -At -c "SELECT pg_size_pretty(pg_total_relation_size('customers'))")"

    url="postgresql://postgres@127.0.0.1:$PGPORT/$db?table=customers&sslmode=disable"
    table=("$CONSIGN" extract --workspace ws --task "$task" --contractor "$contractor" --source "$url" --out out)
    csv=("$CONSIGN" extract --workspace ws --task "$task" --contractor "$contractor" --source "customers$size.csv" --out out)
    baseline=("${BASELINE:-}" extract --workspace ws --task "$task" --contractor "$contractor" --source "$url" --out out)

    # The untimed run whose SELECT the peer repeats: the last SELECT … FROM "public"."customers" the server
    # logged after this point, its parameters ($1 = '…' in the DETAIL line) written in as SQL literals.
    mark=$(stat -c %s "$log")
    "${table[@]}" >warm.out
    for _ in $(seq 50); do
        tail -c +"$((mark + 1))" "$log" | grep -q 'FROM "public"."customers"' && break
        sleep 0.1
    done
    tail -c +"$((mark + 1))" "$log" >statements.log
    select=$(
        python3 - statements.log <<'EOF'
import re, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
statement = re.compile(r'LOG:  execute [^:]*: (SELECT .* FROM "public"\."customers".*)$')
at = max(i for i, line in enumerate(lines) if statement.search(line))
sql = statement.search(lines[at]).group(1)
detail = lines[at + 1] if at + 1 < len(lines) else ""
values = {}
if "DETAIL:  parameters: " in detail:
    # $n = NULL, or $n = 'text' with its quotes doubled: SQL literals already.
    values = dict(re.findall(r"\$(\d+) = (NULL|'(?:[^']|'')*')", detail.split("parameters: ", 1)[1]))
# consign asks for each row as one array of the columns (one cell a row for PostgresNIO); the peer selects
# the columns themselves, as the issue's \copy (SELECT <same columns> FROM … WHERE …) does.
sql = re.sub(r"^SELECT ARRAY\[(.*)\] FROM ", r"SELECT \1 FROM ", sql)
print(re.sub(r"\$(\d+)\b", lambda m: values[m.group(1)], sql))
EOF
    )
    peer=(env PGOPTIONS="-c TimeZone=UTC -c DateStyle=ISO,YMD" "$psql_bin" -X -d "$db" -c "\\copy ($select) TO '/dev/null' CSV")
    echo "   peer: the SELECT consign ran, from the server's statement log, bind parameters substituted as literals"
    echo "   (and its columns selected as they are, not packed into one array a row as consign asks for them):"
    echo "   psql -c \"\\copy ($select) TO '/dev/null' CSV\""

    declare -A walls=() peaks=() cpus=()
    jobs=(table psql csv)
    [ -z "${BASELINE:-}" ] || jobs+=(baseline)
    for ((round = 0; round < runs; round++)); do
        for ((j = 0; j < ${#jobs[@]}; j++)); do
            job=${jobs[$(((round + j) % ${#jobs[@]}))]}
            case $job in
            table) time_run table "${table[@]}" ;;
            psql) time_run psql "${peer[@]}" ;;
            csv) time_run csv "${csv[@]}" ;;
            baseline) time_run baseline "${baseline[@]}" ;;
            esac
            # The first round's outputs are checked below.
            if [ "$round" = 0 ] && [ "$job" != psql ] && [ "$job" != baseline ]; then
                cp "$job.out" "first-$job.out"
                sha256sum out/*/extract.csv | cut -d' ' -f1 >"first-$job.sha256"
            fi
        done
    done

    # What was read and sent must agree: psql's COPY count is the rows the SELECT returned, which is every
    # record consign read from the table; the table's extract must be the CSV's, byte for byte.
    read -r sent records <<<"$(counts first-table.out)"
    read -r csv_sent csv_records <<<"$(counts first-csv.out)"
    copied=$(sed -n 's/^COPY \([0-9]*\)$/\1/p' psql.out)
    [ "$copied" = "$records" ] || { echo "ROW COUNT MISMATCH: psql copied $copied rows, consign read $records" >&2; exit 1; }
    [ "$csv_sent" = "$sent" ] || { echo "ROW COUNT MISMATCH: from the CSV $csv_sent rows sent, from the table $sent" >&2; exit 1; }
    cmp -s first-table.sha256 first-csv.sha256 || { echo "MISMATCH: extract.csv from the table differs from the CSV's" >&2; exit 1; }
    echo "   checked: psql copied $copied rows, the rows consign read from the table ($sent sent); from the CSV" \
        "consign read $csv_records and sent $csv_sent; extract.csv identical from both"
    for job in "${jobs[@]}"; do
        ms[$job|$size]=$(awk "BEGIN { printf \"%.0f\", $(median "${walls[$job]}") / 1000 }")
        rss[$job|$size]=$(awk "BEGIN { printf \"%.1f\", $(largest "${peaks[$job]}") / 1024 }")
        cpu[$job|$size]=$(awk "BEGIN { printf \"%.2f\", $(median "${cpus[$job]}") }")
        printf "   %-6s wall ms: %s\n" "$job" "$(for w in ${walls[$job]}; do printf '%d ' $((w / 1000)); done)"
    done
done

echo
echo "== $task for $contractor: median wall ms of $runs runs, largest peak RSS MiB, median client CPU s (user + system)"
printf "| %-38s" job
for size in "${sizes[@]}"; do printf " | %s rows: ms | MiB | CPU s" "$size"; done
echo " |"
printf "|%s" "$(printf -- '-%.0s' {1..40})"
for size in "${sizes[@]}"; do printf "|%s:|%s:|%s:" "$(printf -- '-%.0s' $(seq $((${#size} + 12))))" ------- ------; done
echo "|"
label() {
    case $1 in
    table) echo "consign extract from the table" ;;
    psql) echo "psql \\copy (same SELECT) TO /dev/null" ;;
    csv) echo "consign extract from the CSV file" ;;
    baseline) echo "baseline's extract from the table" ;;
    esac
}
for job in "${jobs[@]}"; do
    printf "| %-38s" "$(label "$job")"
    for size in "${sizes[@]}"; do printf " | %8s | %6s | %5s" "${ms[$job|$size]}" "${rss[$job|$size]}" "${cpu[$job|$size]}"; done
    echo " |"
done
echo
for size in "${sizes[@]}"; do
    versus=""
    [ -z "${BASELINE:-}" ] || versus=", table / baseline $(awk "BEGIN { printf \"%.2f\", ${ms[table|$size]} / ${ms[baseline|$size]} }")"
    echo "$size rows: table / psql $(awk "BEGIN { printf \"%.2f\", ${ms[table|$size]} / ${ms[psql|$size]} }") (goal ≤ 1.5)," \
        "table / csv $(awk "BEGIN { printf \"%.2f\", ${ms[table|$size]} / ${ms[csv|$size]} }")$versus"
done
if [ ${#sizes[@]} -gt 1 ]; then
    first=${sizes[0]}
    last=${sizes[${#sizes[@]} - 1]}
    for job in table csv; do
        echo "peak RSS of $(label "$job"): ${rss[$job|$first]} MiB at $first rows, ${rss[$job|$last]} MiB at $last" \
            "($(awk "BEGIN { printf \"%.2f\", ${rss[$job|$last]} / ${rss[$job|$first]} }")×; goal: flat)"
    done
fi
