"""Solve the planner benchmark's instances with the MILP solver HiGHS and compare with consign.

Reads the JSON lines written by planner-benchmark. Each instance becomes a MILP: x[n,o] chooses option o
for need n (exactly one per need), y[f] sends form f (y[f] >= x[n,o] for every f in o, and y[f] <= the
sum of x over the options containing f, so only chosen options' forms are sent), and a derived
form's cost z[d] >= y[d] - y[keep of its field] (a derived form is free when its field is sent as keep).
Minimise the sum of keep weights * y plus derived weights * z (derived forms without a keep form in the
instance cost their weight * y). The time reported is HiGHS's own run time for the solve (model building
excluded), single-threaded, from the same run as consign's figures.
"""
import json
import statistics
import sys

import highspy


def solve(instance):
    forms = instance["forms"]
    index = {f["id"]: i for i, f in enumerate(forms)}
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    inf = highspy.kHighsInf
    # Columns: y (forms), then z (derived with a keep form present), then x (options).
    y = list(range(len(forms)))
    for f in forms:
        derived_with_keep = f["keep"] is not None and f["keep"] in index
        h.addVar(0, 1)
        h.changeColCost(h.getNumCol() - 1, 0 if derived_with_keep else f["weight"])
    z = {}
    for i, f in enumerate(forms):
        if f["keep"] is not None and f["keep"] in index:
            h.addVar(0, 1)
            z[i] = h.getNumCol() - 1
            h.changeColCost(z[i], f["weight"])
            # z >= y[d] - y[keep]  <=>  z - y[d] + y[keep] >= 0
            h.addRow(0, inf, 3, [z[i], i, index[f["keep"]]], [1.0, -1.0, 1.0])
    chosen_by = {i: [] for i in range(len(forms))}
    for need in instance["needs"]:
        xs = []
        for option in need:
            h.addVar(0, 1)
            x = h.getNumCol() - 1
            xs.append(x)
            for form in option:
                # y[f] - x >= 0
                h.addRow(0, inf, 2, [index[form], x], [1.0, -1.0])
                chosen_by[index[form]].append(x)
        h.addRow(1, 1, len(xs), xs, [1.0] * len(xs))
    # A form is sent only as part of a chosen option: y[f] <= sum of the x of options that contain it
    # (otherwise the solver could "send" a keep form no need asked for, just to make derived forms free).
    for f, xs in chosen_by.items():
        h.addRow(-inf, 0, 1 + len(xs), [f] + xs, [1.0] + [-1.0] * len(xs))
    h.changeColsIntegrality(h.getNumCol(), list(range(h.getNumCol())),
                            [highspy.HighsVarType.kInteger] * h.getNumCol())
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal, h.getModelStatus()
    return round(h.getInfo().objective_function_value), h.getRunTime() * 1000.0


def main(path):
    by_size = {}
    mismatches = 0
    for line in open(path):
        instance = json.loads(line)
        cost, ms = solve(instance)
        if cost != instance["consign_cost"]:
            mismatches += 1
            print(f"MISMATCH seed {instance['seed']}: consign {instance['consign_cost']}, HiGHS {cost}")
        by_size.setdefault(instance["size"], []).append((instance["consign_ms"], ms, instance["consign_nodes"]))
    print(f"{'needs':>5}  {'n':>3}  {'consign median ms':>17}  {'consign max ms':>14}  {'median nodes':>12}  "
          f"{'max nodes':>9}  {'HiGHS median ms':>15}  {'HiGHS max ms':>12}  {'speed-up (median)':>17}")
    for size in sorted(by_size):
        rows = by_size[size]
        c = [r[0] for r in rows]
        hs = [r[1] for r in rows]
        nodes = [r[2] for r in rows]
        print(f"{size:>5}  {len(rows):>3}  {statistics.median(c):>17.3f}  {max(c):>14.3f}  "
              f"{int(statistics.median(nodes)):>12}  {max(nodes):>9}  {statistics.median(hs):>15.3f}  "
              f"{max(hs):>12.3f}  {statistics.median(hs) / statistics.median(c):>16.1f}x")
    print("same optimal cost on every instance" if mismatches == 0 else f"{mismatches} COST MISMATCHES")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
