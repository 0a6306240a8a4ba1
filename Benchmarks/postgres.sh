#!/usr/bin/env bash
# The register on PostgreSQL against the same register on SQLite (issue 22). Builds the release `consign` and
# `register-benchmark` into .build-bench (or takes CONSIGN=path and BENCH=path), starts a throwaway PostgreSQL
# 15 cluster with .ci/postgres (stopped on exit, failure included), and measures, always over TLS verified
# against the cluster's CA on 127.0.0.1, each user a login of its own with a password (SCRAM):
#
#  1. appends: 1, 4 and 8 writers at once, each a process with one connection (one SQLite connection, or one
#     PostgreSQL login holding the privacy role), recording stop-use requests one per transaction through
#     the store (`register-benchmark append`: no process start-up per request) — APPENDS requests in all
#     per round, events/s from the common start to the last writer's end; then the same with a whole
#     `consign subject stop-use` process per request (CLI_APPENDS in all per round). SQLite and PostgreSQL
#     rounds alternate. On a demo workspace of its own; the register grows by every round.
#  2. per SIZE (default 100,000 and 1,000,000 events): the SQLite register of register.sh's generator, the
#     time and peak RSS of `consign db import` into an empty PostgreSQL database (as the superuser), then
#     `plan`, `contractor list`, `subject show`, `ledger verify` and `audit`, each a whole process, on
#     SQLite and on PostgreSQL (as a login holding the auditor role) in alternation: the median wall time of
#     RUNS runs (HEAVY_RUNS for ledger verify and audit on the largest; one when the first run takes more
#     than LONG seconds) and the largest peak RSS of the client process (/usr/bin/time -f %M; the server's
#     own memory is not in it).
#
# The cluster is .ci/postgres's with two settings changed for a benchmark: log_statement = none (the test
# cluster logs every statement, with its parameters) and fsync = on (the test cluster runs without it; an
# append on SQLite waits for its fsync, so one on PostgreSQL must too). Everything else is PostgreSQL 15's
# default (shared_buffers 128 MB).
#
# WORK=dir keeps the SQLite registers between runs (as register.sh: the same folder serves both scripts).
# CLUSTER=dir keeps the PostgreSQL cluster between runs (a folder the postgres user can reach, under /tmp;
# started again when it is there): a database already imported is not imported again. Delete it to
# import again (after changing the generator or the import).
#
# Usage: [CONSIGN=path] [BENCH=path] [WORK=dir] [CLUSTER=dir] [RUNS=5] [HEAVY_RUNS=3] [LONG=60]
#        [APPEND_RUNS=3] [APPENDS=400] [CLI_APPENDS=48] [WRITERS="1 4 8"] Benchmarks/postgres.sh [SIZE...]
#        (SIZE 0: the appends only; APPEND_RUNS=0: no appends; HEAVY_RUNS=0: no ledger verify and audit)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
[ "${sizes[*]}" != 0 ] || sizes=()
runs=${RUNS:-5}
heavy_runs=${HEAVY_RUNS:-3}
long=${LONG:-60}
append_runs=${APPEND_RUNS:-3}
appends=${APPENDS:-400}
cli_appends=${CLI_APPENDS:-48}
read -r -a writer_counts <<<"${WRITERS:-1 4 8}"
largest=$( (printf '%s\n' "${sizes[@]}" 0) | sort -n | tail -1)
max_writers=$(printf '%s\n' "${writer_counts[@]}" | sort -n | tail -1)
pgbin=${CONSIGN_POSTGRES_BIN:-/usr/lib/postgresql/15/bin}

. Benchmarks/common.sh
need_time
release_build CONSIGN=consign BENCH=register-benchmark
if [ -n "${WORK:-}" ]; then
    mkdir -p "$WORK"
    work=$(cd "$WORK" && pwd)
else
    work=$(mktemp -d)
fi
scratch=$(mktemp -d)
# The cluster's folder must be one the postgres user can enter (mktemp's are closed to others).
if [ -n "${CLUSTER:-}" ]; then cluster=$CLUSTER; else cluster=$(mktemp -d /tmp/consign-pg.XXXXXX); fi
cleanup() {
    bash "$repo/.ci/postgres" stop "$cluster" || true
    [ -n "${CLUSTER:-}" ] || rm -rf "$cluster"
    [ -n "${WORK:-}" ] || rm -rf "$work"
    rm -rf "$scratch"
}
trap cleanup EXIT
export CONSIGN_OPERATOR=benchmark
unset CONSIGN_DATABASE CONSIGN_WORKSPACE PGPASSWORD PGUSER PGSSLMODE PGSSLROOTCERT

as_server() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ -f "$cluster/env" ] && [ -f "$cluster/data/postgresql.conf" ]; then
    echo "== PostgreSQL: the cluster kept in $cluster"
    as_server "$pgbin/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w -t 120 start >/dev/null
else
    echo "== PostgreSQL: a new cluster in $cluster"
    bash .ci/postgres start "$cluster" >/dev/null
fi
# shellcheck disable=SC1091
. "$cluster/env"
port=$CONSIGN_TEST_POSTGRES_PORT
tls="sslmode=verify-full&sslrootcert=$CONSIGN_TEST_POSTGRES_CA"
url() { echo "postgresql://$1@127.0.0.1:$port/$2?$tls"; }
psql_admin() { PGOPTIONS="-c client_min_messages=warning" "$pgbin/psql" -X -q -At -h 127.0.0.1 -p "$port" -U postgres -d "${2:-postgres}" -v ON_ERROR_STOP=1 -c "$1"; }
psql_admin "ALTER SYSTEM SET log_statement = 'none'" >/dev/null
psql_admin "ALTER SYSTEM SET fsync = on" >/dev/null
psql_admin "SELECT pg_reload_conf()" >/dev/null
password=benchmark-password
# A new database with the schema (an older one of that name dropped).
database() {
    psql_admin "DROP DATABASE IF EXISTS $1" >/dev/null
    psql_admin "CREATE DATABASE $1" >/dev/null
    "$CONSIGN" db setup "$(url postgres "$1")" >/dev/null
}
# The head (`count:hash`, as `consign ledger head` prints it) of a PostgreSQL database's register; empty when there
# is no such database or register.
head_of() {
    [ -n "$(psql_admin "SELECT 1 FROM pg_database WHERE datname = '$1'")" ] || return 0
    psql_admin "SELECT sequence || ':' || chain_hash FROM consign.event ORDER BY sequence DESC LIMIT 1" "$1" 2>/dev/null || true
}
# A login with the benchmark's password and one consign role (granted by `consign db grant`).
login() {
    [ -n "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname = '$1'")" ] ||
        psql_admin "CREATE ROLE $1 LOGIN PASSWORD '$password'" >/dev/null
    "$CONSIGN" db grant "$2" "$1" --database "$(url postgres postgres)" >/dev/null
}

# measure KEY N COMMAND...: one run of COMMAND, timed (wall µs into times[KEY]) with its peak RSS (KiB, the
# largest kept in peak[KEY]); any exit status is accepted (the audit exits 1 when it finds errors). The first
# run's output is kept in $scratch/out.KEY for the report.
declare -A times peak ms rss
run_once() {
    local key=$1
    shift
    local start end kib out=$scratch/out.run
    start=$(date +%s%N)
    /usr/bin/time -f %M -o "$scratch/rss" "$@" >"$out" 2>&1 || true
    end=$(date +%s%N)
    times[$key]="${times[$key]:-} $(((end - start) / 1000))"
    kib=$(tail -1 "$scratch/rss")
    [ "$kib" -le "${peak[$key]:-0}" ] || peak[$key]=$kib
    [ -f "$scratch/out.$key" ] || cp "$out" "$scratch/out.$key"
}
# summarise KEY: the median of the runs into ms[KEY], the peak into rss[KEY].
summarise() {
    local key=$1 n sorted
    read -r -a sorted <<<"$(printf '%s\n' ${times[$key]} | sort -n | tr '\n' ' ')"
    n=${#sorted[@]}
    ms[$key]=$(awk "BEGIN { printf \"%.0f\", ${sorted[$(((n - 1) / 2))]} / 1000 }")
    rss[$key]=$(awk "BEGIN { printf \"%.1f\", ${peak[$key]} / 1024 }")
}
# pair NAME N ARGS...: `consign ARGS` on SQLite and on PostgreSQL (as the auditor's login), alternately, N
# times each (which goes first alternates too); one each when the first run took more than LONG seconds.
pair() {
    local name=$1 n=$2 i
    shift 2
    local sqlite=("$CONSIGN" "$@")
    local postgres=(env "CONSIGN_DATABASE=$pg_url" "PGPASSWORD=$password" "$CONSIGN" "$@")
    for ((i = 0; i < n; i++)); do
        if ((i % 2 == 0)); then
            run_once "$name|sqlite|$size" "${sqlite[@]}"
            run_once "$name|postgres|$size" "${postgres[@]}"
        else
            run_once "$name|postgres|$size" "${postgres[@]}"
            run_once "$name|sqlite|$size" "${sqlite[@]}"
        fi
        local first
        read -r first _ <<<"${times[$name|sqlite|$size]} ${times[$name|postgres|$size]}"
        if [ "$i" = 0 ] && [ "$first" -gt "$((long * 1000000))" ]; then break; fi
    done
    summarise "$name|sqlite|$size"
    summarise "$name|postgres|$size"
    printf "  %-16s SQLite %8s ms %7s MiB | PostgreSQL %8s ms %7s MiB   %s\n" "$name" \
        "${ms[$name|sqlite|$size]}" "${rss[$name|sqlite|$size]}" "${ms[$name|postgres|$size]}" "${rss[$name|postgres|$size]}" \
        "$(head -1 "$scratch/out.$name|postgres|$size" | cut -c1-70)"
    if [ "$(head -1 "$scratch/out.$name|sqlite|$size" | cut -c1-30)" != "$(head -1 "$scratch/out.$name|postgres|$size" | cut -c1-30)" ]; then
        echo "    note: the two first lines differ; SQLite: $(head -1 "$scratch/out.$name|sqlite|$size" | cut -c1-70)"
    fi
}

echo "== logins (password, SCRAM over verified TLS)"
database consign_appends
login bench_auditor auditor
for ((w = 1; w <= max_writers; w++)); do login "bench_privacy_$w" privacy; done

# ---- 1. appends
declare -A rate
if [ "${#writer_counts[@]}" -gt 0 ] && [ "$append_runs" -gt 0 ]; then
    echo "== appends: a demo workspace, its register imported into PostgreSQL"
    ws=$scratch/appends
    "$CONSIGN" demo "$ws" >/dev/null
    "$CONSIGN" db import "$(url postgres consign_appends)" --workspace "$ws" >/dev/null
    # writers BACKEND N ROUND: N writer processes at once, APPENDS requests in all; prints events/s.
    writers() {
        local backend=$1 n=$2 round=$3 each=$((appends / $2)) w start
        start=$(($(date +%s%N) + 3000000000))
        local pids=()
        for ((w = 1; w <= n; w++)); do
            if [ "$backend" = sqlite ]; then
                "$BENCH" append "$ws" "$each" "s$round-$n-$w" "$start" >"$scratch/writer.$w" &
            else
                CONSIGN_DATABASE=$(url "bench_privacy_$w" consign_appends) PGPASSWORD=$password \
                    "$BENCH" append "$ws" "$each" "p$round-$n-$w" "$start" >"$scratch/writer.$w" &
            fi
            pids+=($!)
        done
        for pid in "${pids[@]}"; do wait "$pid"; done
        cat "$scratch"/writer.* 2>/dev/null | awk -v start="$start" -v n="$n" '
            { if ($3 > last) last = $3; if ($2 > late) late = $2; events += $4; done++ }
            END {
                if (done != n) { print "error: " n - done " writers failed" > "/dev/stderr"; exit 1 }
                if (late - start > 50000000) print "warning: a writer began " (late - start) / 1e6 " ms late" > "/dev/stderr"
                printf "%.0f\n", events / ((last - start) / 1e9)
            }'
        rm -f "$scratch"/writer.*
    }
    # cli BACKEND N ROUND: N shells at once, each running `consign subject stop-use` CLI_APPENDS/N times.
    cli() {
        local backend=$1 n=$2 round=$3 each=$((cli_appends / $2)) w start end
        local pids=()
        start=$(date +%s%N)
        for ((w = 1; w <= n; w++)); do
            (
                if [ "$backend" = postgres ]; then
                    export CONSIGN_DATABASE PGPASSWORD=$password
                    CONSIGN_DATABASE=$(url "bench_privacy_$w" consign_appends)
                fi
                for ((i = 0; i < each; i++)); do
                    "$CONSIGN" subject stop-use "c$backend$round-$n-$w-$i" --reason x --workspace "$ws" >/dev/null
                done
            ) &
            pids+=($!)
        done
        for pid in "${pids[@]}"; do wait "$pid"; done
        end=$(date +%s%N)
        awk "BEGIN { printf \"%.0f\", $((each * n)) / (($end - $start) / 1e9) }"
    }
    for n in "${writer_counts[@]}"; do
        for ((round = 0; round < append_runs; round++)); do
            order=(sqlite postgres)
            ((round % 2 == 0)) || order=(postgres sqlite)
            for backend in "${order[@]}"; do
                rate[loop|$backend|$n]="${rate[loop|$backend|$n]:-} $(writers "$backend" "$n" "$round")"
                rate[cli|$backend|$n]="${rate[cli|$backend|$n]:-} $(cli "$backend" "$n" "$round")"
            done
        done
        echo "  $n writer(s), events/s per round: store loop SQLite${rate[loop|sqlite|$n]}, PostgreSQL${rate[loop|postgres|$n]};" \
            "consign processes SQLite${rate[cli|sqlite|$n]}, PostgreSQL${rate[cli|postgres|$n]}"
    done
    verify_pg=$(CONSIGN_DATABASE=$(url bench_auditor consign_appends) PGPASSWORD=$password "$CONSIGN" ledger verify --workspace "$ws" | head -1)
    echo "  after the appends: SQLite $("$CONSIGN" ledger verify --workspace "$ws" | head -1 | cut -c1-60); PostgreSQL ${verify_pg:0:60}"
fi

# ---- 2. the registers, imported; the commands on both
subject=C00000042
commands=(plan "contractor list" "subject show" "ledger verify" audit)
declare -A import
for size in "${sizes[@]}"; do
    ws=$work/r$size
    echo "== r$size"
    if [ -f "$ws/.consign/register.sqlite" ]; then
        echo "  SQLite: kept from an earlier run ($(du -m "$ws/.consign/register.sqlite" | cut -f1) MB)"
    else
        rm -rf "$ws"
        /usr/bin/time -f "  (whole generator: %e s, peak RSS %M KiB)" "$BENCH" "$ws" "$size"
    fi
    db=consign_r$size
    if [ "$(head_of "$db")" != "$("$CONSIGN" ledger head --workspace "$ws")" ]; then
        database "$db"
        start=$(date +%s%N)
        /usr/bin/time -f %M -o "$scratch/rss" "$CONSIGN" db import "$(url postgres "$db")" --workspace "$ws" >"$scratch/import" 2>&1 ||
            { cat "$scratch/import" >&2; exit 1; }
        end=$(date +%s%N)
        import[$size]="$(awk "BEGIN { printf \"%.1f s, %.1f MiB\", ($end - $start) / 1e9, $(tail -1 "$scratch/rss") / 1024 }")"
        echo "  db import: ${import[$size]}: $(head -1 "$scratch/import" | cut -c1-80)"
    else
        import[$size]="kept"
        echo "  PostgreSQL: kept from an earlier run"
    fi
    echo "  PostgreSQL database: $(psql_admin "SELECT pg_size_pretty(pg_database_size('$db'))"), SQLite file: $(du -m "$ws/.consign/register.sqlite" | cut -f1) MB"
    pg_url=$(url bench_auditor "$db")
    n=$runs
    heavy=$runs
    [ "$size" != "$largest" ] && [ "$heavy_runs" != 0 ] || heavy=$heavy_runs
    pair plan "$n" plan --task prize-shipping --contractor hayate-transport --workspace "$ws"
    pair "contractor list" "$n" contractor list --workspace "$ws"
    pair "subject show" "$n" subject show "$subject" --workspace "$ws"
    # HEAVY_RUNS=0: the reads only, e.g. again on a kept cluster.
    [ "$heavy" = 0 ] && continue
    pair "ledger verify" "$heavy" ledger verify --workspace "$ws"
    pair audit "$heavy" audit --workspace "$ws"
done

echo
if [ "${#writer_counts[@]}" -gt 0 ] && [ "$append_runs" -gt 0 ]; then
    median() { printf '%s\n' $1 | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
    echo "== appends, stop-use requests (each a request, its stop and its answer in one transaction), requests/s (median of $append_runs rounds; $appends per round through the store, $cli_appends as processes)"
    echo "writers | SQLite, store loop | PostgreSQL, store loop | SQLite, consign per request | PostgreSQL, consign per request"
    for n in "${writer_counts[@]}"; do
        echo "$n | $(median "${rate[loop|sqlite|$n]}") | $(median "${rate[loop|postgres|$n]}") | $(median "${rate[cli|sqlite|$n]}") | $(median "${rate[cli|postgres|$n]}")"
    done
fi
if [ "${#sizes[@]}" -gt 0 ]; then
    echo "== whole processes: median wall ms / peak RSS MiB of the client, SQLite against PostgreSQL ($runs runs, $heavy_runs for ledger verify and audit on the largest, one when over $long s)"
    printf "%-16s" command
    for size in "${sizes[@]}"; do printf " | %s SQLite | %s PostgreSQL" "$size" "$size"; done
    echo
    printf "%-16s" "db import"
    for size in "${sizes[@]}"; do printf " | %s | %s" "" "${import[$size]}"; done
    echo
    for c in "${commands[@]}"; do
        printf "%-16s" "$c"
        for size in "${sizes[@]}"; do
            printf " | %s / %s | %s / %s" "${ms[$c|sqlite|$size]:--}" "${rss[$c|sqlite|$size]:--}" "${ms[$c|postgres|$size]:--}" \
                "${rss[$c|postgres|$size]:--}"
        done
        echo
    done
fi
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg);" \
    "$("$CONSIGN" --version 2>&1 | head -1); $("$pgbin/postgres" --version)"
if command -v openssl >/dev/null; then
    echo "SHA-256 now (openssl, 1,536-byte blocks, one core): $(openssl speed -seconds 1 -bytes 1536 -evp sha256 2>/dev/null | awk '/^sha256/ { print $2 }')"
fi
