import ConsignCore
import Crypto
import Foundation
import Testing

/// `consign stats` through the CLI on generated data: every released table checked independently — its cells
/// recomputed in Python from the source, and every sensitive cell's feasible interval found by HiGHS (scipy) from
/// the published cells and totals — bad tasks refused with their file and line, refusals that write nothing,
/// the re-check at the commit, and the audit of releases below the catalog's minimum.
@Suite struct StatisticsCLITests {
    static func succeed(_ arguments: [String], in ws: URL) throws -> Run {
        let run = try consign(arguments, in: ws)
        try #require(run.status == 0, "consign \(arguments.joined(separator: " ")): \(run.stdout)\(run.stderr)")
        return run
    }

    /// Releases `task`'s table from `source` into the folder `out`: the release's own folder there.
    static func release(_ task: String, from source: String, into out: String, in ws: URL) throws -> URL {
        let run = try succeed(["stats", "--task", task, "--source", source, "--out", out], in: ws)
        let id = try #require(run.stdout.firstMatch(of: /released (S-[0-9]{8}-[0-9a-f]{8})/)?.output.1)
        return ws.appending(path: "\(out)/\(id)")
    }

    /// Checks a released table against the source: `dimensions` are [column, form, width] (form keep, age_band or
    /// year), `sum` the [measure, column] of the summed measure if any. Returns the failures, and the number of
    /// sensitive cells found independently.
    static func independentCheck(
        release: URL, source: URL, on: String, stopped: [String], dimensions: [[Any]], count: String, sum: [String]?,
        minimum: Int, p: Int?, margins: Bool = true
    ) throws -> (failures: [String], sensitive: Int) {
        let spec: [String: Any] = [
            "table": release.appending(path: "table.csv").path, "source": source.path, "on": on, "stopped": stopped,
            "dimensions": dimensions, "count": count, "sum": sum ?? NSNull(), "minimum": minimum, "p": p ?? NSNull(),
            "margins": margins,
        ]
        let input = FileManager.default.temporaryDirectory.appending(path: "stats-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: spec).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        let output = try JSONSerialization.jsonObject(with: try python(Self.checkScript, [input.path])) as? [String: Any]
        return ((output?["failures"] as? [String]) ?? ["no output"], (output?["sensitive"] as? Int) ?? -1)
    }

    static let checkScript = """
        import csv, json, sys, datetime, itertools
        import numpy as np
        from scipy.optimize import linprog
        spec = json.load(open(sys.argv[1]))
        on = datetime.date.fromisoformat(spec["on"])
        def form(value, kind, width):
            if value == "": return ""
            if kind == "keep": return value
            if kind == "year": return value[:4]
            born = datetime.date.fromisoformat(value[:10])
            age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
            low = max(0, age) // width * width
            return f"{low}-{low + width - 1}"
        dims = spec["dimensions"]
        interior = {}
        for row in csv.DictReader(open(spec["source"], newline="")):
            if row["customer_id"] in spec["stopped"]: continue
            key = tuple(form(row[c], k, w) for c, k, w in dims)
            cell = interior.setdefault(key, [0, []])
            cell[0] += 1
            if spec["sum"]: cell[1].append(int(row[spec["sum"][1]]))
        table = list(csv.reader(open(spec["table"], newline="")))
        header, rows = table[0], table[1:]
        n = len(dims)
        failures = []
        labels = [tuple(r[:n]) for r in rows]
        index = {l: i for i, l in enumerate(labels)}
        def truth(label):
            count, values = 0, []
            for key, (c, v) in interior.items():
                if all(l == "(total)" or l == k for l, k in zip(label, key)):
                    count += c; values += v
            return count, values
        categories = [sorted({k[d] for k in interior}) for d in range(n)]
        expected = set(itertools.product(*[c + (["(total)"] if spec["margins"] else []) for c in categories]))
        if set(labels) != expected: failures.append(f"cells {sorted(set(labels) ^ expected)[:5]} differ")
        counts, sums, contributions, suppressed = [], [], [], []
        ci, si = header.index(spec["count"]), header.index(spec["sum"][0]) if spec["sum"] else None
        for r, label in zip(rows, labels):
            c, v = truth(label)
            counts.append(c); sums.append(sum(v)); contributions.append(sorted(v, reverse=True))
            hidden = r[ci] == "x"
            suppressed.append(hidden)
            if any(x == "" for x in r): failures.append(f"{label}: a blank cell")
            if hidden and any(x != "x" for x in r[n:]): failures.append(f"{label}: partly suppressed")
            if not hidden and int(r[ci]) != c: failures.append(f"{label}: count {r[ci]}, true {c}")
            if not hidden and si is not None and int(r[si]) != sum(v): failures.append(f"{label}: sum {r[si]}, true {sum(v)}")
        equations = []
        for i, label in enumerate(labels):
            for d in range(n):
                if label[d] != "(total)": continue
                terms = [index[label[:d] + (c,) + label[d + 1:]] for c in categories[d]]
                equations.append((i, terms))
        # What the labels show: every category is in the table because someone is, so the interior cells of each
        # category hold at least one person (for counts).
        slices = [[i for i, l in enumerate(labels) if "(total)" not in l and l[d] == c] for d in range(n) for c in categories[d]]
        def intervals(values, known=False, hidden=None):
            cells = [i for i, s in enumerate(hidden or suppressed) if s]
            position = {c: j for j, c in enumerate(cells)}
            upper, bound = [], []
            for members in slices if known else []:
                row = np.zeros(len(cells)); rhs = 1.0
                for t in members:
                    if t in position: row[position[t]] -= 1
                    else: rhs -= values[t]
                if rhs > 0 and row.any(): upper.append(row); bound.append(-rhs)
            ub = dict(A_ub=np.array(upper), b_ub=bound) if upper else {}
            A, b = [], []
            for total, terms in equations:
                row = np.zeros(len(cells)); rhs = 0.0
                for t in terms:
                    if t in position: row[position[t]] += 1
                    else: rhs -= values[t]
                if total in position: row[position[total]] -= 1
                else: rhs += values[total]
                if row.any(): A.append(row); b.append(rhs)
            result = {}
            for c in cells:
                objective = np.zeros(len(cells)); objective[position[c]] = 1
                if not A and not upper: result[c] = (0.0, float("inf")); continue
                eq = dict(A_eq=np.array(A), b_eq=b) if A else {}
                low = linprog(objective, **eq, **ub, bounds=[(0, None)] * len(cells), method="highs")
                high = linprog(-objective, **eq, **ub, bounds=[(0, None)] * len(cells), method="highs")
                result[c] = (low.fun, float("inf") if high.status == 3 else -high.fun)
            return result
        sensitive = set()
        count_intervals = intervals(counts, known=True)
        # The least each cell can hold with every cell suppressed: what the labels alone show (a category total
        # holds someone, a total at least what its cells must hold).
        implied = intervals(counts, known=True, hidden=[True] * len(counts))
        def floor(label): return implied[index[label]][0]
        for i, c in enumerate(counts):
            if 0 < c < spec["minimum"]:
                sensitive.add(i)
                if not suppressed[i]: failures.append(f"{labels[i]}: {c} people published"); continue
                low, high = count_intervals[i]
                if low > floor(labels[i]) + 1e-6 or high < spec["minimum"] - 1e-6:
                    failures.append(f"{labels[i]}: {c} people narrowed to [{low}, {high}]")
        if spec["p"] and si is not None:
            sum_intervals = intervals(sums)
            for i, total in enumerate(sums):
                top = contributions[i] + [0, 0]
                level = spec["p"] / 100 * top[0] - (total - top[0] - top[1])
                if total <= 0 or level <= 1e-9: continue
                sensitive.add(i)
                if not suppressed[i]: failures.append(f"{labels[i]}: dominated sum {total} published"); continue
                low, high = sum_intervals[i]
                if low > total - level + 1e-6 or high < total + level - 1e-6:
                    failures.append(f"{labels[i]}: sum {total} narrowed to [{low}, {high}], protection {level}")
        print(json.dumps({"failures": failures, "sensitive": len(sensitive)}))
        """

    /// The manifest's attribute `name` of element `element`.
    static func manifestValue(_ release: URL, _ element: String, _ name: String) throws -> String {
        let text = try String(contentsOf: release.appending(path: "manifest.xml"), encoding: .utf8)
        let pattern = try Regex("<\(element) [^>]*\(name)=\"([^\"]*)\"")
        let match = try #require(text.firstMatch(of: pattern), "\(element) \(name)")
        return try #require(match.output[1].substring.map(String.init))
    }

    @Test("the demo's tables: every cell as the source says, every sensitive cell protected against HiGHS, as recorded")
    func theDemoTablesHoldUpToAnIndependentAttacker() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let releases = try FileManager.default.contentsOfDirectory(atPath: ws.appending(path: "statistics").path).sorted()
        #expect(releases.count == 2)
        for name in releases {
            let release = ws.appending(path: "statistics/\(name)")
            let (failures, sensitive) = try Self.independentCheck(
                release: release, source: ws.appending(path: "data/customers.csv"), on: "2026-11-18", stopped: ["C00000002"],
                dimensions: [["birth_date", "age_band", 10], ["gender", "keep", 0]], count: "customers",
                sum: ["paid_total", "lifetime_value"], minimum: 10, p: 10)
            #expect(failures == [], "\(name): \(failures)")
            #expect(sensitive > 0, "the demo's table has cells to protect")
            #expect(try Self.manifestValue(release, "cells", "suppressed-primary") == String(sensitive))
            #expect(try Self.manifestValue(release, "cells", "method") == "exact")
            // Every file's SHA-256 is the one recorded.
            for file in ["table.csv", "table.xml"] {
                let bytes = try Data(contentsOf: release.appending(path: file))
                #expect(try Self.manifestValue(release, "file name=\"\(file)\"", "sha256") == hexString(Array(SHA256.hash(data: bytes))))
            }
        }
        #expect(try consign(["ledger", "verify"], in: ws).status == 0)
    }

    @Test(
        "a dimension of one category: each cell is its category's total, which the labels show holds someone, and is protected down to one",
        arguments: [true, false])
    func aDimensionOfOneCategoryIsProtectedDownToOne(margins: Bool) throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        // The first forty women: the gender dimension has one category, and each prefecture's women are its total.
        let lines = try String(contentsOf: ws.appending(path: "data/customers.csv"), encoding: .utf8).components(separatedBy: "\r\n")
        let women = [lines[0]] + lines.filter { $0.contains(",female,") }.prefix(40)
        try (women.joined(separator: "\r\n") + "\r\n").write(to: ws.appending(path: "data/women.csv"), atomically: true, encoding: .utf8)
        try Self.writeTask(
            "women-table", in: ws,
            dimensions: "    <dimension name=\"prefecture\" field=\"address.prefecture\"/>\n"
                + "    <dimension name=\"gender\" field=\"person.gender\"/>",
            measures: "    <measure name=\"customers\" of=\"count\"/>", margins: margins)
        let release = try Self.release("women-table", from: "data/women.csv", into: "tables", in: ws)
        let table = try String(contentsOf: release.appending(path: "table.csv"), encoding: .utf8)
        #expect(!table.contains(",male,") && table.contains(",female,"), "\(table)")
        let (failures, sensitive) = try Self.independentCheck(
            release: release, source: ws.appending(path: "data/women.csv"), on: "2026-11-18", stopped: ["C00000002"],
            dimensions: [["prefecture", "keep", 0], ["gender", "keep", 0]], count: "customers", sum: nil, minimum: 10,
            p: nil, margins: margins)
        #expect(failures == [], "\(failures)\n\(table)")
        #expect(sensitive > 0)
    }

    @Test(
        "a category of one person: the labels show someone is in it, and its cell's interval still reaches zero",
        arguments: [true, false])
    func aCategoryOfOnePersonDoesNotGiveItsCellAway(margins: Bool) throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        // The only customer in their nineties; the other genders of that age band are zero.
        let source = ws.appending(path: "data/customers.csv")
        var lines = try String(contentsOf: source, encoding: .utf8).components(separatedBy: "\r\n")
        let column = try #require(lines[0].split(separator: ",").firstIndex(of: "birth_date"))
        var fields = lines[20].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[column] = "1930-05-05"
        lines[20] = fields.joined(separator: ",")
        try lines.joined(separator: "\r\n").write(to: ws.appending(path: "data/old.csv"), atomically: true, encoding: .utf8)
        try Self.writeTask(
            "age-table", in: ws,
            dimensions: "    <dimension name=\"age_band\" field=\"person.birth_date\" form=\"age_band(10)\"/>\n"
                + "    <dimension name=\"gender\" field=\"person.gender\"/>",
            measures: "    <measure name=\"customers\" of=\"count\"/>", margins: margins)
        let release = try Self.release("age-table", from: "data/old.csv", into: "tables", in: ws)
        let table = try String(contentsOf: release.appending(path: "table.csv"), encoding: .utf8)
        #expect(table.contains("90-99,"), "\(table)")
        let (failures, sensitive) = try Self.independentCheck(
            release: release, source: ws.appending(path: "data/old.csv"), on: "2026-11-18", stopped: ["C00000002"],
            dimensions: [["birth_date", "age_band", 10], ["gender", "keep", 0]], count: "customers", sum: nil, minimum: 10,
            p: nil, margins: margins)
        #expect(failures == [], "\(failures)\n\(table)")
        #expect(sensitive > 0)
    }

    @Test("a table whose rules withhold half of it or more says so, and which dimension a coarser form would help")
    func aMostlyWithheldTableNamesItsLargestDimension() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let lines = try String(contentsOf: ws.appending(path: "data/customers.csv"), encoding: .utf8).components(separatedBy: "\r\n")
        try (lines.prefix(61).joined(separator: "\r\n") + "\r\n").write(
            to: ws.appending(path: "data/few.csv"), atomically: true, encoding: .utf8)
        // A raw birth date: nearly every category holds one person.
        try Self.writeTask(
            "birth-table", in: ws,
            dimensions: "    <dimension name=\"birth_date\" field=\"person.birth_date\"/>\n"
                + "    <dimension name=\"gender\" field=\"person.gender\"/>",
            measures: "    <measure name=\"customers\" of=\"count\"/>")
        let run = try Self.succeed(["stats", "--task", "birth-table", "--source", "data/few.csv", "--out", "tables"], in: ws)
        let said = try #require(
            run.stdout.firstMatch(
                of: /most of the table is withheld by its rules \(([0-9,]+) of the ([0-9,]+) cells with anyone in them\): its largest dimension, birth_date, has ([0-9]+) categories/),
            "\(run.stdout)")
        let (primary, occupied, categories) = (Int(said.1.filter(\.isNumber))!, Int(said.2.filter(\.isNumber))!, Int(said.3)!)
        #expect(2 * primary >= occupied && categories > 40 && run.stdout.contains("\((categories + 1) * 4) cells"), "\(run.stdout)")
        let japanese = try Self.succeed(
            ["stats", "--task", "birth-table", "--source", "data/few.csv", "--out", "tables-ja", "--lang", "ja"], in: ws)
        #expect(japanese.stdout.contains("最も大きい分類軸 birth_date の区分は \(categories) 個です"), "\(japanese.stdout)")
        expectEnglishAndJapanese(StatisticsText.mostlyWithheld(primary: "119", occupied: "59", dimension: "birth_date", categories: "59"))
        // The demo's table, most of it published, says nothing of it.
        let demo = try Self.succeed(["stats", "--task", "usage-statistics", "--source", "data/customers.csv", "--out", "demo"], in: ws)
        #expect(!demo.stdout.contains("withheld by its rules"), "\(demo.stdout)")
    }

    @Test("a table whose rules withhold too many cells to protect in consign's memory is an input error at its largest dimension")
    func aTableTooFineToProtectIsAnInputErrorAtItsLargestDimension() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        // 5,000 people, each born on a day of their own: 10,000 cells of one person, and 5,000 equations naming them.
        let first = try #require(Calendar(identifier: .gregorian).date(from: DateComponents(timeZone: .gmt, year: 1940, month: 1, day: 1)))
        let day = Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day()
        var rows = ["customer_id,birth_date,gender"]
        for i in 0..<5_000 {
            let gender = ["female", "male", "other"][i % 3]
            rows.append("C9\(String(format: "%07d", i)),\(first.addingTimeInterval(Double(i) * 86_400).formatted(day)),\(gender)")
        }
        try (rows.joined(separator: "\r\n") + "\r\n").write(to: ws.appending(path: "data/days.csv"), atomically: true, encoding: .utf8)
        try Self.writeTask(
            "birth-days", in: ws,
            dimensions: "    <dimension name=\"gender\" field=\"person.gender\"/>\n"
                + "    <dimension name=\"birth_date\" field=\"person.birth_date\"/>",
            measures: "    <measure name=\"customers\" of=\"count\"/>")
        let task = try String(contentsOf: ws.appending(path: "templates/birth-days.xml"), encoding: .utf8).components(separatedBy: "\n")
        let line = try #require(task.firstIndex { $0.contains("name=\"birth_date\"") }) + 1
        let before = try StatisticsRefusalTests.head(ws)
        let run = try consign(["stats", "--task", "birth-days", "--source", "data/days.csv", "--out", "tables"], in: ws)
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(
            run.stderr.contains("templates/birth-days.xml:\(line):")
                && run.stderr.contains("more than the 256 MB consign allows; nothing was written: give the largest dimension, birth_date (5,000 categories), a coarser form"),
            "\(run.stderr)")
        let said = try #require(run.stderr.firstMatch(of: /withhold ([0-9,]+) of its ([0-9,]+) cells/), "\(run.stderr)")
        #expect(Int(said.1.filter(\.isNumber))! >= 10_000 && said.2 == "20,004", "\(run.stderr)")
        #expect(try StatisticsRefusalTests.head(ws) == before)
        #expect(!FileManager.default.fileExists(atPath: ws.appending(path: "tables").path))
        let japanese = try consign(["stats", "--task", "birth-days", "--source", "data/days.csv", "--out", "tables", "--lang", "ja"], in: ws)
        #expect(japanese.status == 2 && japanese.stderr.contains("最も大きい分類軸 birth_date（区分 5,000 個）"), "\(japanese.stderr)")
        expectEnglishAndJapanese(
            StatisticsText.tooFineToProtect(
                withheld: "15,004", cells: "20,004", megabytes: "1,144", budget: "256", dimension: "birth_date", categories: "5,000"))
    }

    @Test(
        "a category that reads as a dimension's total, or an amount below zero, is an input error at its record",
        arguments: [("gender", "(total)", "'(total)', which the published table writes"), ("lifetime_value", "-5", "'-5' is below zero")])
    func aBadValueIsAnInputErrorAtItsRecord(column name: String, value: String, saying: String) throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let source = ws.appending(path: "data/customers.csv")
        var lines = try String(contentsOf: source, encoding: .utf8).components(separatedBy: "\r\n")
        let column = try #require(lines[0].split(separator: ",").firstIndex { $0 == name })
        var fields = lines[5].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[column] = value
        lines[5] = fields.joined(separator: ",")
        try lines.joined(separator: "\r\n").write(to: ws.appending(path: "data/odd.csv"), atomically: true, encoding: .utf8)
        let before = try StatisticsRefusalTests.head(ws)
        let run = try consign(["stats", "--task", "usage-statistics", "--source", "data/odd.csv", "--out", "tables"], in: ws)
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("data/odd.csv:6:") && run.stderr.contains(saying), "\(run.stderr)")
        #expect(try StatisticsRefusalTests.head(ws) == before)
        #expect(!FileManager.default.fileExists(atPath: ws.appending(path: "tables").path))
    }

    /// A statistics task in `ws`'s templates.
    static func writeTask(
        _ id: String, in ws: URL, dimensions: String, measures: String, protection: String = "<protection/>",
        purpose: String = "statistics", margins: Bool = true
    ) throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <task id="\(id)" version="1">
              <title>A table</title>
              <purpose>\(purpose)</purpose>
              <statistics>
            \(dimensions)
            \(measures)
                <margins>\(margins)</margins>
                \(protection)
              </statistics>
              <row-scope/>
            </task>

            """
        try xml.write(to: ws.appending(path: "templates/\(id).xml"), atomically: true, encoding: .utf8)
    }

    @Test("a three-dimension table of 324 cells: released exactly, and protected against HiGHS")
    func aThreeDimensionTableIsProtected() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try Self.succeed(["sample", "customers", "--rows", "8000", "--seed", "2", "--out", "data/more.csv"], in: ws)
        try Self.writeTask(
            "region-statistics", in: ws,
            dimensions: """
                    <dimension name="prefecture" field="address.prefecture"/>
                    <dimension name="gender" field="person.gender"/>
                    <dimension name="age_band" field="person.birth_date" form="age_band(10)"/>
                """,
            measures: "    <measure name=\"customers\" of=\"count\"/>")
        let release = try Self.release("region-statistics", from: "data/more.csv", into: "regional", in: ws)
        let (failures, sensitive) = try Self.independentCheck(
            release: release, source: ws.appending(path: "data/more.csv"), on: "2026-11-18", stopped: ["C00000002"],
            dimensions: [["prefecture", "keep", 0], ["gender", "keep", 0], ["birth_date", "age_band", 10]], count: "customers",
            sum: nil, minimum: 10, p: nil)
        #expect(failures == [], "\(failures)")
        #expect(sensitive > 5)
        #expect(try Self.manifestValue(release, "cells", "total") == "324")
        #expect(try Self.manifestValue(release, "cells", "suppressed-primary") == String(sensitive))
        #expect(try Self.manifestValue(release, "cells", "method") == "exact")
        let fewest = try Int(Self.manifestValue(release, "cells", "suppressed-secondary"))! + sensitive

        // With no node to search: the greedy pattern, said not to be proved fewest, with the fewest cells the search
        // proved any pattern needs (the primary ones, here), no more than the optimum's.
        let stopped = try Self.succeed(
            ["stats", "--task", "region-statistics", "--source", "data/more.csv", "--out", "regional", "--node-limit", "0"], in: ws)
        let said = try #require(stopped.stdout.firstMatch(of: /released (S-[0-9]{8}-[0-9a-f]{8}).*not proved fewest within the node limit; at least ([0-9]+) cells suppressed in all are needed; a larger --node-limit searches further\)/))
        let heuristic = ws.appending(path: "regional/\(said.output.1)")
        #expect(try Self.manifestValue(heuristic, "cells", "method") == "heuristic")
        #expect(try Self.manifestValue(heuristic, "cells", "least-suppressed") == String(said.output.2))
        let least = try #require(Int(said.output.2))
        #expect(least >= sensitive && least <= fewest, "\(least) against \(sensitive) and \(fewest)")
        let found = try Int(Self.manifestValue(heuristic, "cells", "suppressed-secondary"))! + sensitive
        #expect(found >= fewest)
        #expect(try Self.independentCheck(
            release: heuristic, source: ws.appending(path: "data/more.csv"), on: "2026-11-18", stopped: ["C00000002"],
            dimensions: [["prefecture", "keep", 0], ["gender", "keep", 0], ["birth_date", "age_band", 10]], count: "customers",
            sum: nil, minimum: 10, p: nil).failures == [])
    }
}

/// What `consign stats` refuses: bad tasks (exit 2, their file and line), a contractor without standing (exit 1),
/// a register that changed before the commit (exit 1); each writing and recording nothing.
@Suite struct StatisticsRefusalTests {
    /// The number of events in the register.
    static func head(_ ws: URL) throws -> Int {
        Int(try consign(["ledger", "head"], in: ws).stdout.split(separator: ":")[0])!
    }

    @Test(
        "a bad statistics task is an input error naming its file and line",
        arguments: [
            (
                "<dimension name=\"age\" field=\"person.birth_date\" form=\"age_band(20)\"/>", "<measure name=\"n\" of=\"count\"/>",
                "<protection/>", 6, "has no form 'age_band(20)'"
            ),
            (
                "<dimension name=\"gender\" field=\"person.gender\"/>", "<measure name=\"total\" of=\"sum\" field=\"person.gender\"/>",
                "<protection/>", 7, "field 'person.gender' is not numeric"
            ),
            (
                "<dimension name=\"gender\" field=\"person.gender\"/>", "<measure name=\"n\" of=\"count\"/>",
                "<protection minimum-frequency=\"1\"/>", 9, "minimum-frequency"
            ),
            (
                "<dimension name=\"gender\" field=\"person.gender\"/>", "<measure name=\"n\" of=\"count\"/>",
                "<protection minimum-frequency=\"5\"/>", 9, "minimum-frequency 5 is below the catalog's 10"
            ),
            (
                "<dimension name=\"who\" field=\"customer.id\" form=\"hmac\"/>", "<measure name=\"n\" of=\"count\"/>",
                "<protection/>", 6, "tells people apart"
            ),
            (
                "<dimension name=\"gender\" field=\"person.gender\"/>", "<measure name=\"paid\" of=\"mean\"/>",
                "<protection/>", 7, "needs the numeric field it is of"
            ),
            (
                "<dimension name=\"gender\" field=\"person.gender\"/>", "<measure name=\"n\" of=\"count\"/>",
                "<protection><p-percent p=\"10\"/></protection>", 9, "the table has no sum or mean measure"
            ),
        ])
    func aBadTaskIsAnInputError(dimension: String, measure: String, protection: String, line: Int, saying: String) throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        try StatisticsCLITests.writeTask("bad-table", in: ws, dimensions: "    " + dimension, measures: "    " + measure, protection: protection)
        let before = try Self.head(ws)
        let run = try consign(["stats", "--task", "bad-table", "--source", "data/customers.csv", "--out", "tables"], in: ws)
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("templates/bad-table.xml:\(line):"), "\(run.stderr)")
        #expect(run.stderr.contains(saying), "\(run.stderr)")
        // An invalid template is named by its own errors, not also as a task that is not there.
        #expect(!run.stderr.contains("unknown task"), "\(run.stderr)")
        #expect(try Self.head(ws) == before)
        #expect(!FileManager.default.fileExists(atPath: ws.appending(path: "tables").path))
    }

    @Test("a table published for a purpose other than statistics is an input error at its purpose")
    func aTableNeedsTheStatisticsPurpose() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        try StatisticsCLITests.writeTask(
            "improvement-table", in: ws, dimensions: "    <dimension name=\"gender\" field=\"person.gender\"/>",
            measures: "    <measure name=\"n\" of=\"count\"/>", purpose: "service-improvement")
        let before = try Self.head(ws)
        let run = try consign(["stats", "--task", "improvement-table", "--source", "data/customers.csv", "--out", "tables"], in: ws)
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("templates/improvement-table.xml:4:"), "\(run.stderr)")
        #expect(run.stderr.contains("not 'service-improvement'"), "\(run.stderr)")
        #expect(try Self.head(ws) == before)
        #expect(!FileManager.default.fileExists(atPath: ws.appending(path: "tables").path))
    }

    @Test("a statistics task has no plan, and a task that sends records no table")
    func eachTaskToItsCommand() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let plan = try consign(["plan", "--task", "usage-statistics", "--contractor", "nordstat"], in: ws)
        #expect(plan.status == 2 && plan.stderr.contains("use consign stats --task usage-statistics"), "\(plan.stderr)")
        let stats = try consign(["stats", "--task", "prize-shipping", "--source", "data/customers.csv", "--out", "t"], in: ws)
        #expect(stats.status == 2 && stats.stderr.contains("use consign extract --task prize-shipping"), "\(stats.stderr)")
    }

    @Test("a contractor with no agreement for statistics gets no table, and nothing is written or recorded")
    func aContractorWithoutAnAgreementIsRefused() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let before = try Self.head(ws)
        let run = try consign(
            ["stats", "--task", "usage-statistics", "--contractor", "hayate-transport", "--source", "data/customers.csv", "--out", "t"],
            in: ws)
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("refused: task usage-statistics's table may not be released to hayate-transport"), "\(run.stdout)")
        #expect(run.stdout.contains("purpose-not-covered") || run.stdout.contains("no-agreement-in-force"), "\(run.stdout)")
        #expect(try Self.head(ws) == before)
        #expect(!FileManager.default.fileExists(atPath: ws.appending(path: "t").path))
    }

    @Test("a suspension recorded while the table is made refuses its release at the commit")
    func aSuspensionBeforeTheCommitRefusesTheRelease() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let before = try Self.head(ws)
        let run = try consign(
            ["stats", "--task", "usage-statistics", "--contractor", "nordstat", "--source", "data/customers.csv", "--out", "t"],
            in: ws, pausingAt: "statistics-before-commit"
        ) {
            let suspend = try consign(["contractor", "suspend", "nordstat", "--note", "review"], in: ws)
            try #require(suspend.status == 0, "\(suspend.stderr)")
        }
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("the register changed before it was recorded"), "\(run.stderr)")
        #expect(run.stderr.contains("contractor nordstat is suspended since 2026-11-18"), "\(run.stderr)")
        #expect(try Self.head(ws) == before + 1)
        // `--out` was made by the command, and goes with the release.
        #expect(!FileManager.default.fileExists(atPath: ws.appending(path: "t").path))
    }

    @Test("the audit reports a release below the catalog's minimum frequency, once the floor is above it")
    func theAuditReportsAReleaseBelowTheFloor() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let catalog = ws.appending(path: "templates/catalog.xml")
        let original = try String(contentsOf: catalog, encoding: .utf8)
        try original.replacingOccurrences(of: "minimum-frequency=\"10\"", with: "minimum-frequency=\"5\"")
            .write(to: catalog, atomically: true, encoding: .utf8)
        let released = try StatisticsCLITests.succeed(
            ["stats", "--task", "usage-statistics", "--source", "data/customers.csv", "--out", "t"], in: ws)
        let id = try #require(released.stdout.firstMatch(of: /released (S-[0-9]{8}-[0-9a-f]{8})/)?.output.1)
        func findings() throws -> String {
            try consign(["audit", "--format", "json"], in: ws).stdout
        }
        #expect(!(try findings()).contains("statistics-below-minimum"))
        try original.write(to: catalog, atomically: true, encoding: .utf8)
        let audit = try findings()
        #expect(audit.contains("statistics-below-minimum"), "\(audit)")
        #expect(audit.contains("statistics release \(id) (task usage-statistics, 2026-11-18) protected cells of fewer than 5 people"), "\(audit)")
    }
}
