"""The extract benchmark's driver and its peers (polars, DuckDB, Python's csv module).

  extract_peers.py ids SOURCE ROWS COUNT          COUNT customer_ids, one a line: every (ROWS // COUNT)th row
  extract_peers.py job NAME SOURCE IDS OUT        one peer job (what the driver times as a child process)
  extract_peers.py bench CONSIGN WS TMP SOURCE IDS HEADER_ONLY [SMALL_SOURCE]

Every job, ours included, is timed as a whole child process (start-up, imports, planning and the register
included), 5 runs taken round-robin over the jobs, wall median; its peak RSS comes from os.wait4, which
returns that one child's rusage.
Outputs are deleted between runs, outside the timed region. Row counts are checked against ours.
"""
import csv
import hashlib
import hmac
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

RUNS = 5
# The prize-shipping layout as `consign plan --task prize-shipping --contractor hayate-transport` sends it:
# layout column <- catalog source column. customer_ref is hmac(customer_id); phone is withheld (email wins).
LAYOUT = [("customer_ref", "customer_id"), ("recipient_name", "full_name"), ("postal_code", "postal_code"),
          ("prefecture", "prefecture"), ("city", "city"), ("street_address", "street_address"), ("email", "email")]
CONSENT = "consent_prize"  # the task's row scope: <consent field="consent.prize"/>
KEY = bytes(range(32))     # the peers' HMAC key; consign derives its own per contractor


def mac(value):
    return hmac.new(KEY, value.encode(), hashlib.sha256).hexdigest()


def polars_job(name, source, ids, out):
    import polars as pl
    # The consent column may be inferred as Boolean or read as String; as a string it is "true" either way.
    scan = pl.scan_csv(source).filter(pl.col(CONSENT).cast(pl.String) == "true")
    if name == "polars-filter":
        scan = scan.select([pl.col(src).alias(col) for col, src in LAYOUT])
    else:
        stop = pl.scan_csv(ids, has_header=False, new_columns=["customer_id"], schema={"customer_id": pl.String})
        ref = pl.col("customer_id").map_batches(
            lambda s: pl.Series([mac(v) for v in s], dtype=pl.String), return_dtype=pl.String, is_elementwise=True)
        scan = scan.join(stop, on="customer_id", how="anti").select(
            [ref.alias("customer_ref")] + [pl.col(src).alias(col) for col, src in LAYOUT[1:]])
    scan.sink_csv(out)


def duckdb_job(source, ids, out):
    import duckdb
    # DuckDB has sha256() but no HMAC: customer_ref goes out as the clear customer_id.
    columns = ", ".join(f"{src} AS {col}" for col, src in LAYOUT)
    duckdb.sql(f"""COPY (SELECT {columns} FROM read_csv('{source}')
                         WHERE {CONSENT}::VARCHAR = 'true'
                           AND customer_id NOT IN (SELECT id FROM read_csv('{ids}', header = false,
                                                                           columns = {{'id': 'VARCHAR'}})))
                   TO '{out}' (HEADER)""")


def csv_job(source, ids, out):
    stop = set(open(ids, encoding="utf-8").read().split())
    with open(source, newline="", encoding="utf-8") as f, open(out, "w", newline="", encoding="utf-8") as o:
        rows = csv.reader(f)
        header = next(rows)
        at = [header.index(src) for _, src in LAYOUT]
        consent, ident = header.index(CONSENT), header.index("customer_id")
        writer = csv.writer(o)
        writer.writerow([col for col, _ in LAYOUT])
        for row in rows:
            if row[consent] == "true" and row[ident] not in stop:
                writer.writerow([mac(row[ident])] + [row[i] for i in at[1:]])


def run(argv, out, cwd=None):
    """One timed child process: (wall seconds, peak RSS in KiB, stdout)."""
    if os.path.isdir(out):
        shutil.rmtree(out)  # a fresh package directory per run, removed outside the timed region
    elif os.path.exists(out):
        os.remove(out)
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    with open(out + ".log", "w+") as log:
        started = time.perf_counter()
        child = subprocess.Popen(argv, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        text = log.read()
    if child.returncode != 0:
        sys.exit(f"FAILED ({child.returncode}): {' '.join(argv)}\n{text}")
    return wall, usage.ru_maxrss, text


def data_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return sum(1 for _ in csv.reader(f)) - 1


def bench(consign, ws, tmp, source, ids, header_only, small=None):
    out = os.path.join(tmp, "out")
    me = os.path.abspath(__file__)

    def ours(src, fmt):
        return [consign, "extract", "--task", "prize-shipping", "--contractor", "hayate-transport",
                "--source", src, "--out", out, "--format", fmt], out, ws, src

    def peer(name):
        return [sys.executable, me, "job", name, source, ids, out + ".csv"], out + ".csv", None, source

    small_label = small and f"ours --format csv at {data_rows(small):,} rows"
    jobs = {"ours --format csv": ours(source, "csv"),
            "ours --format xml": ours(source, "xml"),
            "ours --format csv,xml": ours(source, "csv,xml"),
            "ours csv, header-only source: fixed cost (plan + register + record)": ours(header_only, "csv"),
            **({small_label: ours(small, "csv")} if small else {}),
            "polars filter+select (no anti-join, no HMAC)": peer("polars-filter"),
            "polars full job (anti-join, HMAC via map_batches)": peer("polars-full"),
            "duckdb filter+select+anti-join (no HMAC)": peer("duckdb"),
            "Python csv module, full job": peer("csv")}
    # Round-robin rather than job after job: a burst of other work on the machine then slows every job's
    # runs alike instead of one job's five.
    load = os.getloadavg()[0]
    runs = {label: [] for label in jobs}
    for _ in range(RUNS):
        for label, (argv, path, cwd, _) in jobs.items():
            runs[label].append(run(argv, path, cwd))
            if not label.startswith("ours"):
                runs[label][-1] += (data_rows(path),)
    print(f"load average (1 min) before the timed runs {load:.2f}, after {os.getloadavg()[0]:.2f}")

    # Row counts: ours from the summary line, which every run must repeat; the peers' from their output.
    summary = re.compile(r"extracted ([\d,]+) of ([\d,]+) records .* ([\d,]+) on the stop-use list")
    headline = ["ours --format csv", "ours --format xml", "ours --format csv,xml"]
    counts = {tuple(int(n.replace(",", "")) for n in summary.search(r[2]).groups())
              for label in headline for r in runs[label]}
    assert len(counts) == 1, f"our runs disagree: {counts}"
    sent, records, stopped = counts.pop()
    print(f"ours: extracted {sent:,} of {records:,} records, {stopped:,} on the stop-use list")
    for label, rs in runs.items():
        expected = sent + stopped if label.startswith("polars filter") else sent
        if not label.startswith("ours") and {r[3] for r in rs} != {expected}:
            sys.exit(f"ROW COUNT MISMATCH: {label} wrote {sorted({r[3] for r in rs})} rows, expected {expected:,}")
    print(f"row counts agree: every anti-joining peer wrote {sent:,} rows; polars filter+select {sent + stopped:,}")

    wall = {label: statistics.median(r[0] for r in rs) for label, rs in runs.items()}
    rss = {label: max(r[1] for r in rs) / 1024 for label, rs in runs.items()}
    base = wall["polars filter+select (no anti-join, no HMAC)"]
    print(f"\ninput: {records:,} rows, {os.path.getsize(source) / 1e6:.1f} MB\n")
    print("| job | wall s (median of 5) | MB/s | peak RSS MiB | ratio vs polars filter+select |")
    print("|---|---:|---:|---:|---:|")
    for label, (_, _, _, src) in jobs.items():
        rate = "" if src == header_only else f"{os.path.getsize(src) / 1e6 / wall[label]:.0f}"
        print(f"| {label} | {wall[label]:.3f} | {rate} | {rss[label]:.1f} | {wall[label] / base:.2f} |")

    def goal(value, limit):
        return f"{value:.2f} (goal <= {limit}: {'met' if value <= limit else 'MISSED'})"

    csv_wall = wall["ours --format csv"]
    print(f"\nour CSV / polars filter-and-select: {goal(csv_wall / base, 1.0)}")
    print(f"our CSV / polars full job: {goal(csv_wall / wall['polars full job (anti-join, HMAC via map_batches)'], 0.4)}")
    print(f"our XML / our CSV: {goal(wall['ours --format xml'] / csv_wall, 1.5)}")
    ours_rss = max(r for label, r in rss.items() if label.startswith("ours"))
    print(f"our peak RSS: at most {ours_rss:.1f} MiB over our jobs "
          f"(goal < 64 MB: {'met' if ours_rss * 1.048576 < 64 else 'MISSED'})")
    if small:
        print(f"our CSV peak RSS: {rss[small_label]:.1f} MiB at {data_rows(small):,} rows, "
              f"{rss['ours --format csv']:.1f} MiB at {records:,} rows "
              f"(the subject set of {sent:,} sent subjects is {sent * 8 / 2**20:.1f} MiB at 8 bytes each)")
    print("notes: every time is the whole process (Python start-up and imports for the peers); DuckDB sends the "
          "clear customer_id, having no HMAC; the peers test consent == 'true' only (the sample has only "
          "true/false), and do not guard formulas or record the transfer")


def ab(baseline, consign, ws, tmp, source, runs):
    """The same extract by two builds of consign, run alternately (old, new, old, new, ...), so that the
    machine's drift falls on both alike: the median of each and their ratio."""
    out = os.path.join(tmp, "out")
    job = ["extract", "--task", "prize-shipping", "--contractor", "hayate-transport", "--source", source, "--out", out,
           "--format", "csv"]
    times = {"baseline": [], "candidate": []}
    for i in range(int(runs)):
        for label, binary in (("baseline", baseline), ("candidate", consign)):
            times[label].append(run([binary] + job, out, ws))
    summary = re.compile(r"extracted ([\d,]+) of ([\d,]+) records")
    counts = {summary.search(r[2]).groups() for rs in times.values() for r in rs}
    assert len(counts) == 1, f"the two builds disagree: {counts}"
    print(f"both builds: extracted {counts.pop()[0]} records in every run")
    print("| run | " + " | ".join(f"{label} s" for label in times) + " |")
    print("|---:|---:|---:|")
    for i in range(int(runs)):
        print(f"| {i + 1} | {times['baseline'][i][0]:.3f} | {times['candidate'][i][0]:.3f} |")
    old = statistics.median(r[0] for r in times["baseline"])
    new = statistics.median(r[0] for r in times["candidate"])
    rss = {label: max(r[1] for r in rs) / 1024 for label, rs in times.items()}
    print(f"median: baseline {old:.3f} s, candidate {new:.3f} s; candidate / baseline {new / old:.3f} "
          f"(goal <= 1.05: {'met' if new / old <= 1.05 else 'MISSED'}); peak RSS {rss['baseline']:.1f} / "
          f"{rss['candidate']:.1f} MiB")


def main(argv):
    if argv[0] == "ab":
        ab(*argv[1:])
    elif argv[0] == "ids":
        source, rows, count = argv[1], int(argv[2]), int(argv[3])
        step = max(rows // count, 1)
        with open(source, newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            ident = next(reader).index("customer_id")
            picked = [row[ident] for i, row in enumerate(reader) if i % step == 0][:count]
        assert len(set(picked)) == count, f"need {count} distinct ids, got {len(set(picked))}"
        print("\n".join(picked))
    elif argv[0] == "job":
        name, source, ids, out = argv[1:5]
        if name.startswith("polars"):
            polars_job(name, source, ids, out)
        elif name == "duckdb":
            duckdb_job(source, ids, out)
        else:
            csv_job(source, ids, out)
    else:
        bench(*argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
