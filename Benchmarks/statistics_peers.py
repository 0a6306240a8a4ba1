"""The statistics benchmark's driver and its peer (polars).

  statistics_peers.py polars SOURCE ON          the peer's job: the table's interior counts, printed as a total
  statistics_peers.py bench CONSIGN WS SOURCE   5 runs of each, round-robin, wall medians and their ratios

Each job is timed as a whole child process (start-up, imports and, for consign, the register, the suppression
and the release's record included). The peer's counts are checked against the interior cells consign
published or suppressed: the same rows, the same categories.
"""
import csv
import glob
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

RUNS = 5
# The task's threshold, as statistics.sh wrote it into the task.
MINIMUM = int(os.environ.get("THRESHOLD", "456000"))


def polars_job(source, on):
    import polars as pl
    year, month, day = (int(x) for x in on.split("-"))
    born = pl.col("birth_date").str.slice(0, 10).str.to_date("%Y-%m-%d")
    # Age on the release's day, in completed years; bands of ten as consign's age_band(10) writes them.
    age = (pl.lit(year) - born.dt.year() - ((born.dt.month() * 100 + born.dt.day()) > month * 100 + day).cast(pl.Int32))
    low = (age.clip(lower_bound=0) // 10) * 10
    band = low.cast(pl.String) + "-" + (low + 9).cast(pl.String)
    counts = (
        pl.scan_csv(source, infer_schema=False)
        .filter(pl.col("lifetime_value").cast(pl.Int64) >= MINIMUM)
        .with_columns(band.alias("age_band"))
        .group_by(["prefecture", "gender", "age_band"])
        .len()
        .collect()
    )
    print(counts.height, counts["len"].sum())


def timed(argv, cwd=None):
    started = time.perf_counter()
    run = subprocess.run(argv, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if run.returncode != 0:
        sys.exit(f"FAILED ({run.returncode}): {' '.join(argv)}\n{run.stdout}{run.stderr}")
    return wall, run.stdout


def bench(consign, ws, source):
    def ours(out, *options):
        return [consign, "stats", "--task", "benchmark-statistics", "--source", source, "--out", out, *options]
    exact, greedy = os.path.join(ws, "tables"), os.path.join(ws, "tables-greedy")
    # A first release, untimed, gives the day consign tabulates on (the workspace's, in its time zone).
    timed(ours(exact), ws)
    on = re.search(r'<recorded at="[^"]*" operator="[^"]*" on="([0-9-]+)"/>',
                   open(glob.glob(os.path.join(exact, "S-*", "manifest.xml"))[0]).read()).group(1)
    jobs = {
        "consign stats": (ours(exact), exact),
        # The greedy pattern alone, audited, not searched for fewer cells: what the node limit trades.
        "consign stats --node-limit 0": (ours(greedy, "--node-limit", "0"), greedy),
        "polars group_by().len()": ([sys.executable, os.path.abspath(__file__), "polars", source, on], None),
    }
    times = {name: [] for name in jobs}
    outputs = {}
    for _ in range(RUNS):
        for name, (argv, out) in jobs.items():
            if out:
                shutil.rmtree(out, ignore_errors=True)
            wall, text = timed(argv, ws if out else None)
            times[name].append(wall)
            outputs[name] = text
    groups, total = (int(x) for x in outputs["polars group_by().len()"].split())
    for name, out in (("consign stats", exact), ("consign stats --node-limit 0", greedy)):
        # The same rows, the same categories: polars' groups are consign's interior cells with anyone in them.
        release = glob.glob(os.path.join(out, "S-*"))[0]
        with open(os.path.join(release, "table.csv"), newline="") as f:
            rows = list(csv.reader(f))[1:]
        interior = [r for r in rows if "(total)" not in r[:3]]
        grand = next(r for r in rows if r[:3] == ["(total)"] * 3)
        assert grand[3] == str(total), f"consign counted {grand[3]} rows, polars {total}"
        manifest = open(os.path.join(release, "manifest.xml")).read()
        cells = re.search(r'<cells total="(\d+)" suppressed-primary="(\d+)" suppressed-secondary="(\d+)" method="(\w+)"',
                          manifest)
        print(f"{name}: {len(rows)} cells ({len(interior)} interior, {groups} with anyone in them), {total:,} rows"
              f" counted; {cells.group(2)} suppressed by the rules ({int(cells.group(2)) / len(rows):.0%}),"
              f" {cells.group(3)} to protect them, {cells.group(4)}")
    for name, walls in times.items():
        print(f"{name:30} median {statistics.median(walls):6.2f} s  (runs: {', '.join(f'{w:.2f}' for w in walls)})")
    for name in ("consign stats", "consign stats --node-limit 0"):
        ratio = statistics.median(times[name]) / statistics.median(times["polars group_by().len()"])
        print(f"ratio {name} / polars: {ratio:.2f}x")


if __name__ == "__main__":
    if sys.argv[1] == "polars":
        polars_job(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "bench":
        bench(*sys.argv[2:5])
