import ConsignCore
import ConsignKeys
import ConsignSQLite
import ConsignStore
import Crypto
import Foundation
import Testing

/// `consign anonymise` through the CLI on generated data: the k and l of every release computed independently by
/// pycanon from the published rows, what Rule 34 removes never published, the notices and their files as recorded,
/// bad tasks refused with their file and line, refusals that write nothing, and the audit of a release whose
/// notices were not recorded before it.
@Suite struct AnonymisationCLITests {
    /// k and l of a release's rows by pycanon, over the quasi-identifiers and sensitive columns named.
    static func pycanon(_ data: URL, quasi: [String], sensitive: [String]) throws -> (k: Int, l: Int?, rows: Int) {
        let script = """
            import json, sys
            import pandas as pd
            from pycanon import anonymity
            df = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
            quasi, sensitive = json.loads(sys.argv[2]), json.loads(sys.argv[3])
            k = int(anonymity.k_anonymity(df, quasi))
            l = int(anonymity.l_diversity(df, quasi, sensitive)) if sensitive else None
            print(json.dumps({"k": k, "l": l, "rows": len(df)}))
            """
        func json(_ names: [String]) -> String { "[" + names.map { "\"\($0)\"" }.joined(separator: ",") + "]" }
        let output = try JSONSerialization.jsonObject(with: try python(script, [data.path, json(quasi), json(sensitive)])) as? [String: Any]
        return (output?["k"] as? Int ?? -1, output?["l"] as? Int, output?["rows"] as? Int ?? -1)
    }

    /// An anonymised-data task in `ws`'s templates.
    static func writeTask(_ id: String, in ws: URL, attributes: String, columns: String) throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <task id="\(id)" version="1">
              <title>Anonymised records</title>
              <purpose>statistics</purpose>
              <anonymised \(attributes)>
            \(columns)
              </anonymised>
              <row-scope/>
            </task>

            """
        try xml.write(to: ws.appending(path: "templates/\(id).xml"), atomically: true, encoding: .utf8)
    }

    /// Checks a release folder: pycanon's k and l equal the manifest's, at least those asked, the rows as many as
    /// published, random ids unique, and every file's SHA-256 the one recorded.
    static func check(_ release: URL, quasi: [String], sensitive: [String], randomID: String?) throws {
        let (k, l, rows) = try pycanon(release.appending(path: "data.csv"), quasi: quasi, sensitive: sensitive)
        #expect(String(k) == (try StatisticsCLITests.manifestValue(release, "k", "achieved")))
        #expect(k >= Int(try StatisticsCLITests.manifestValue(release, "k", "required"))!)
        let manifest = try String(contentsOf: release.appending(path: "manifest.xml"), encoding: .utf8)
        if !sensitive.isEmpty, manifest.contains("<l required=") {
            #expect(l.map(String.init) == (try StatisticsCLITests.manifestValue(release, "l", "achieved")))
            #expect(l! >= Int(try StatisticsCLITests.manifestValue(release, "l", "required"))!)
        }
        #expect(String(rows) == (try StatisticsCLITests.manifestValue(release, "records", "published")))
        let data = try String(contentsOf: release.appending(path: "data.csv"), encoding: .utf8)
        let lines = data.split(separator: "\n")
        if let randomID {
            #expect(lines[0].hasPrefix(randomID + ","))
            let ids = lines.dropFirst().map { $0.prefix { $0 != "," } }
            #expect(Set(ids).count == ids.count && ids.allSatisfy { $0.count == 16 })
        }
        // Nothing Rule 34 removes: no customer number, name, e-mail or phone of the source.
        #expect(!data.contains("C0000") && !data.contains("@"))
        for file in try FileManager.default.contentsOfDirectory(atPath: release.path) where file != "manifest.xml" {
            let bytes = try Data(contentsOf: release.appending(path: file))
            #expect(try StatisticsCLITests.manifestValue(release, "file name=\"\(file)\"", "sha256") == hexString(Array(SHA256.hash(data: bytes))))
        }
    }

    @Test("the demo's anonymised records: k and l by pycanon as the manifest says, with the three notices recorded")
    func theDemoRecordsHoldUpToPycanon() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let releases = try FileManager.default.contentsOfDirectory(atPath: ws.appending(path: "anonymised").path)
        #expect(releases.count == 1)
        let release = ws.appending(path: "anonymised/\(releases[0])")
        try Self.check(release, quasi: ["age_band", "gender", "prefecture"], sensitive: ["paid"], randomID: "record")
        let files = try FileManager.default.contentsOfDirectory(atPath: release.path).sorted()
        #expect(files == ["NOTICE-creation.txt", "NOTICE-provision.txt", "NOTICE-recipient.txt", "data.csv", "manifest.xml"])
        let provision = try String(contentsOf: release.appending(path: "NOTICE-provision.txt"), encoding: .utf8)
        #expect(provision.contains("個人情報の保護に関する法律第43条第4項") && provision.contains("Art. 43(4)"))
        // Each item in words, in each language; a column the search withheld is no item.
        let creation = try String(contentsOf: release.appending(path: "NOTICE-creation.txt"), encoding: .utf8)
        for line in [
            "  - gender: person.gender, as recorded\n", "  - gender：person.gender（そのまま）\n",
            "  - registered: account.registered_at, the year only\n", "  - registered：account.registered_at（年のみ）\n",
        ] {
            #expect(creation.contains(line) && provision.contains(line), "\(line) in \(creation)")
        }
        let withheld = try StatisticsCLITests.manifestValue(release, "item name=\"age_band\"", "form") == "null"
        #expect(creation.contains("age_band") == !withheld, "\(creation)")
        let recipient = try String(contentsOf: release.appending(path: "NOTICE-recipient.txt"), encoding: .utf8)
        #expect(recipient.contains("To NordStat Analytics GmbH (ノルドスタット・アナリティクス有限会社):") && recipient.contains("匿名加工情報"), "\(recipient)")
        let audit = try consign(["audit", "--format", "json"], in: ws).stdout
        #expect(!audit.contains("anonymised-without-notice"), "\(audit)")
        #expect(try consign(["ledger", "verify"], in: ws).status == 0)
    }

    @Test("8,000 customers with k=10 and l=3: generalised and suppressed until pycanon finds both, nothing identifying published")
    func aLargerSourceReachesKAndL() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try StatisticsCLITests.succeed(["sample", "customers", "--rows", "8000", "--seed", "3", "--out", "data/more.csv"], in: ws)
        try Self.writeTask(
            "profiles", in: ws, attributes: "k=\"10\" l=\"3\" max-suppressed=\"10\"",
            columns: """
                    <column name="age_band" field="person.birth_date" form="age_band(10)" role="quasi-identifier">
                      <generalise form="null"/>
                    </column>
                    <column name="gender" field="person.gender" role="quasi-identifier"/>
                    <column name="prefecture" field="address.prefecture" role="quasi-identifier" merge-below="100">
                      <generalise form="null"/>
                    </column>
                    <column name="occupation" field="person.occupation" role="quasi-identifier"/>
                    <column name="paid" field="account.lifetime_value" form="bucket(10000)" role="sensitive" top-code="200000" bottom-code="9999"/>
                """)
        let run = try StatisticsCLITests.succeed(["anonymise", "--task", "profiles", "--source", "data/more.csv", "--out", "anon"], in: ws)
        let id = try #require(run.stdout.firstMatch(of: /released (A-[0-9]{8}-[0-9a-f]{8})/)?.output.1)
        let release = ws.appending(path: "anon/\(id)")
        try Self.check(release, quasi: ["age_band", "gender", "prefecture", "occupation"], sensitive: ["paid"], randomID: nil)
        let data = try String(contentsOf: release.appending(path: "data.csv"), encoding: .utf8)
        #expect(data.contains(">=200000") && data.contains("<=9999"), "top and bottom codes")
        // Published without a contractor: the creation notice only.
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: release.path).sorted()
                == ["NOTICE-creation.txt", "data.csv", "manifest.xml"])
    }

    /// Every combination of the ladders' steps tried in Python on the source: the fewest steps up, then the fewest rows
    /// suppressed, among those within max-suppressed; and the rows consign's choice suppresses. `columns` are
    /// [name, source column, role, [forms], top code or null, bottom code or null, merge-below or null].
    static let searchScript = """
        import csv, json, sys, datetime, itertools
        spec = json.load(open(sys.argv[1]))
        on = datetime.date.fromisoformat(spec["on"])
        def form(value, name, top, bottom):
            if value == "": return ""
            if top is not None or bottom is not None:
                n = int(value)
                if top is not None and n >= top: return f">={top}"
                if bottom is not None and n <= bottom: return f"<={bottom}"
            if name == "keep": return value
            if name == "null": return ""
            if name == "year": return value[:4]
            kind, width = name[:-1].split("(")
            width = int(width)
            if kind == "age_band":
                born = datetime.date.fromisoformat(value[:10])
                age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
                low = max(0, age) // width * width
                return f"{low}-{low + width - 1}"
            if kind == "bucket":
                low = int(value) // width * width
                return f"{low}-{low + width - 1}"
            raise ValueError(name)
        rows = [r for r in csv.DictReader(open(spec["source"], newline="")) if r["customer_id"] not in spec["stopped"]]
        columns = spec["columns"]
        values = []
        for name, column, role, ladder, top, bottom, merge in columns:
            steps = []
            for f in (ladder if role == "quasi-identifier" else ladder[:1]):
                vs = [form(r[column], f, top, bottom) for r in rows]
                if merge is not None:
                    counts = {}
                    for v in vs: counts[v] = counts.get(v, 0) + 1
                    vs = [v if counts[v] >= merge else "(other)" for v in vs]
                steps.append(vs)
            values.append(steps)
        quasi = [i for i, c in enumerate(columns) if c[2] == "quasi-identifier"]
        sensitive = [i for i, c in enumerate(columns) if c[2] == "sensitive"]
        k, l = spec["k"], spec["l"]
        def suppressed(choice):
            classes = {}
            for r in range(len(rows)):
                key = tuple(values[q][choice[q]][r] for q in quasi)
                classes.setdefault(key, []).append(r)
            bad = 0
            for members in classes.values():
                diverse = min((len({values[s][0][r] for r in members}) for s in sensitive), default=None)
                if len(members) < k or (l is not None and diverse < l): bad += len(members)
            return bad
        allowed = len(rows) * spec["max"] // 100
        best = None
        for steps in itertools.product(*[range(len(values[q])) for q in quasi]):
            choice = {q: s for q, s in zip(quasi, steps)}
            bad = suppressed(choice)
            if bad > allowed or bad == len(rows): continue
            cost = (sum(steps), bad)
            if best is None or cost < best: best = cost
        chosen = {q: columns[q][3].index(f) for q, f in zip(quasi, spec["chosen"])}
        print(json.dumps({"best": best, "chosen": [sum(chosen.values()), suppressed(chosen)]}))
        """

    @Test(
        "the combination of steps chosen is the least generalised within max-suppressed, by brute force in Python",
        arguments: [
            (5, 2, 5, "age_band(10) null", "keep null", 30),
            (10, 3, 10, "age_band(10) year null", "keep null", 100),
            (20, nil, 2, "year age_band(10) null", "keep null", 1),
        ] as [(Int, Int?, Int, String, String, Int)])
    func theChosenStepsAreTheLeast(k: Int, l: Int?, maxSuppressed: Int, ageLadder: String, prefectureLadder: String, merge: Int) throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try StatisticsCLITests.succeed(["sample", "customers", "--rows", "3000", "--seed", "5", "--out", "data/more.csv"], in: ws)
        func column(_ name: String, _ field: String, _ ladder: String) -> String {
            let forms = ladder.split(separator: " ")
            return "    <column name=\"\(name)\" field=\"\(field)\" form=\"\(forms[0])\" role=\"quasi-identifier\""
                + (name == "prefecture" ? " merge-below=\"\(merge)\"" : "") + ">"
                + forms.dropFirst().map { "<generalise form=\"\($0)\"/>" }.joined() + "</column>"
        }
        try Self.writeTask(
            "profiles", in: ws, attributes: "k=\"\(k)\"" + (l.map { " l=\"\($0)\"" } ?? "") + " max-suppressed=\"\(maxSuppressed)\"",
            columns: [
                column("age_band", "person.birth_date", ageLadder), column("gender", "person.gender", "keep"),
                column("prefecture", "address.prefecture", prefectureLadder),
                "    <column name=\"paid\" field=\"account.lifetime_value\" form=\"bucket(10000)\" role=\"sensitive\" top-code=\"150000\"/>",
            ].joined(separator: "\n"))
        let run = try StatisticsCLITests.succeed(["anonymise", "--task", "profiles", "--source", "data/more.csv", "--out", "anon"], in: ws)
        let id = try #require(run.stdout.firstMatch(of: /released (A-[0-9]{8}-[0-9a-f]{8})/)?.output.1)
        let release = ws.appending(path: "anon/\(id)")
        let chosen = try ["age_band", "gender", "prefecture"].map {
            try StatisticsCLITests.manifestValue(release, "item name=\"\($0)\"", "form")
        }
        let spec: [String: Any] = [
            "source": ws.appending(path: "data/more.csv").path, "on": "2026-11-18", "stopped": ["C00000002"], "k": k,
            "l": l ?? NSNull(), "max": maxSuppressed, "chosen": chosen,
            "columns": [
                ["age_band", "birth_date", "quasi-identifier", ageLadder.split(separator: " ").map(String.init), NSNull(), NSNull(), NSNull()],
                ["gender", "gender", "quasi-identifier", ["keep"], NSNull(), NSNull(), NSNull()],
                ["prefecture", "prefecture", "quasi-identifier", prefectureLadder.split(separator: " ").map(String.init), NSNull(), NSNull(), merge],
                ["paid", "lifetime_value", "sensitive", ["bucket(10000)"], 150000, NSNull(), NSNull()],
            ],
        ]
        let input = FileManager.default.temporaryDirectory.appending(path: "anonymise-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: spec).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        let output = try JSONSerialization.jsonObject(with: try python(Self.searchScript, [input.path])) as? [String: Any]
        let best = try #require(output?["best"] as? [Int], "\(String(describing: output))")
        let consigns = try #require(output?["chosen"] as? [Int])
        #expect(consigns == best, "consign's choice \(chosen) costs \(consigns), the least is \(best)")
        #expect(String(best[1]) == (try StatisticsCLITests.manifestValue(release, "records", "suppressed")))
        try Self.check(release, quasi: ["age_band", "gender", "prefecture"], sensitive: ["paid"], randomID: nil)
    }

    @Test(
        "a bad anonymised task is an input error naming its file and line",
        arguments: [
            ("k=\"5\"", "<column name=\"id\" field=\"customer.id\" role=\"quasi-identifier\"/>", 6, "PPC Rule 34(1)-(3)"),
            ("k=\"5\"", "<column name=\"id\" field=\"customer.id\" form=\"hmac\" role=\"quasi-identifier\"/>", 6, "PPC Rule 34(1)-(3)"),
            ("k=\"5\"", "<column name=\"g\" field=\"person.gender\" role=\"quasi-identifier\" top-code=\"3\"/>", 6, "need a numeric field"),
            ("k=\"5\" l=\"2\"", "<column name=\"g\" field=\"person.gender\" role=\"quasi-identifier\"/>", 5, "needs a sensitive column"),
            ("k=\"1\"", "<column name=\"g\" field=\"person.gender\" role=\"quasi-identifier\"/>", 5, "the attribute k of <anonymised> is 1, below the least allowed, 2"),
            (
                "k=\"2\" l=\"3\"",
                "<column name=\"g\" field=\"person.gender\" role=\"quasi-identifier\"/><column name=\"o\" field=\"person.occupation\" role=\"sensitive\"/>",
                5, "is above k"
            ),
            ("k=\"5\"", "<column name=\"o\" field=\"person.occupation\" role=\"sensitive\"/>", 5, "at least one quasi-identifier"),
            ("k=\"5\"", "<column name=\"a\" field=\"person.birth_date\" form=\"age_band(20)\" role=\"quasi-identifier\"/>", 6, "has no form 'age_band(20)'"),
            (
                "k=\"5\"",
                "<column name=\"g\" field=\"person.gender\" role=\"quasi-identifier\"/><column name=\"born\" field=\"person.birth_date\" role=\"attribute\"/>",
                6, "rates person.birth_date quasi-identifying"
            ),
            (
                "k=\"5\"",
                "<column name=\"a\" field=\"person.birth_date\" form=\"age_band(10)\" role=\"quasi-identifier\"/><column name=\"y\" field=\"person.birth_date\" form=\"year\" role=\"quasi-identifier\"/>",
                6, "is already in column 'a'"
            ),
        ])
    func aBadTaskIsAnInputError(attributes: String, column: String, line: Int, saying: String) throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.writeTask("bad-records", in: ws, attributes: attributes, columns: "    " + column)
        let before = try StatisticsRefusalTests.head(ws)
        let run = try consign(["anonymise", "--task", "bad-records", "--source", "data/customers.csv", "--out", "anon"], in: ws)
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("templates/bad-records.xml:\(line):"), "\(run.stderr)")
        #expect(run.stderr.contains(saying), "\(run.stderr)")
        #expect(try StatisticsRefusalTests.head(ws) == before)
        #expect(!FileManager.default.fileExists(atPath: ws.appending(path: "anon").path))
    }

    @Test("k out of reach within max-suppressed is an input error, and an anonymised task has no plan nor table")
    func unreachableAndMisdirected() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.writeTask(
            "too-fine", in: ws, attributes: "k=\"50\" max-suppressed=\"0\"",
            columns: "    <column name=\"born\" field=\"person.birth_date\" form=\"year\" role=\"quasi-identifier\"/>")
        let before = try StatisticsRefusalTests.head(ws)
        let run = try consign(["anonymise", "--task", "too-fine", "--source", "data/customers.csv", "--out", "anon"], in: ws)
        #expect(run.status == 2 && run.stderr.contains("templates/too-fine.xml:"), "\(run.stderr)")
        #expect(run.stderr.contains("no combination of the ladders reaches k=50"), "\(run.stderr)")
        #expect(try StatisticsRefusalTests.head(ws) == before)
        #expect(!FileManager.default.fileExists(atPath: ws.appending(path: "anon").path))
        let plan = try consign(["plan", "--task", "anonymised-customers", "--contractor", "nordstat"], in: ws)
        #expect(plan.status == 2 && plan.stderr.contains("use consign anonymise --task anonymised-customers"), "\(plan.stderr)")
        let stats = try consign(["stats", "--task", "anonymised-customers", "--source", "data/customers.csv", "--out", "t"], in: ws)
        #expect(stats.status == 2 && stats.stderr.contains("use consign anonymise"), "\(stats.stderr)")
        let records = try consign(["anonymise", "--task", "prize-shipping", "--source", "data/customers.csv", "--out", "t"], in: ws)
        #expect(records.status == 2 && records.stderr.contains("not an anonymised-data task"), "\(records.stderr)")
    }

    @Test("a contractor with no agreement for the purpose gets no records, and nothing is written or recorded")
    func aContractorWithoutAnAgreementIsRefused() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let before = try StatisticsRefusalTests.head(ws)
        let run = try consign(
            ["anonymise", "--task", "anonymised-customers", "--contractor", "hayate-transport", "--source", "data/customers.csv",
             "--out", "t"], in: ws)
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("may not be provided to hayate-transport"), "\(run.stdout)")
        #expect(try StatisticsRefusalTests.head(ws) == before)
        #expect(!FileManager.default.fileExists(atPath: ws.appending(path: "t").path))
    }

    @Test("a suspension recorded while the records are made refuses their provision at the commit, writing nothing")
    func aSuspensionBeforeTheCommitRefusesTheProvision() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let before = try StatisticsRefusalTests.head(ws)
        // `--out` is there before the command: it stays, as it was.
        try FileManager.default.createDirectory(at: ws.appending(path: "t"), withIntermediateDirectories: false)
        let run = try consign(
            ["anonymise", "--task", "anonymised-customers", "--contractor", "nordstat", "--source", "data/customers.csv",
             "--out", "t"],
            in: ws, pausingAt: "anonymised-before-commit"
        ) {
            let suspend = try consign(["contractor", "suspend", "nordstat", "--note", "review"], in: ws)
            try #require(suspend.status == 0, "\(suspend.stderr)")
        }
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("the register changed before it was recorded"), "\(run.stderr)")
        #expect(run.stderr.contains("contractor nordstat is suspended since 2026-11-18"), "\(run.stderr)")
        // The suspension only: no notice, no release.
        #expect(try StatisticsRefusalTests.head(ws) == before + 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: ws.appending(path: "t").path) == [])
    }

    @Test("the audit reports an anonymised provision recorded without its notices before it")
    func theAuditReportsAProvisionWithoutNotice() async throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let keys = try WorkspaceKeys.read(from: ws.appending(path: ".consign/master.key"))
        let store = try SQLiteRegisterStore(url: ws.appending(path: ".consign/register.sqlite"), chain: try LedgerChain(keys: keys))
        let demo = try #require(
            try await store.events().compactMap { recorded -> AnonymisedRelease? in
                guard case .anonymisedReleased(let release) = recorded.event.payload else { return nil }
                return release
            }.first)
        var copy = demo
        copy.id = "A-20261118-00000001"
        let on = CalendarDate(year: 2026, month: 11, day: 18)!
        // The creation notice only, recorded after the release: neither counts for the provision.
        let notice = AnonymisedNotice(
            kind: .creation, release: copy.id, task: copy.task, taskVersion: copy.taskVersion, contractor: "", on: on,
            items: copy.items, files: [])
        _ = try await store.append(
            [.anonymisedReleased(copy), .anonymisedNotice(notice)],
            by: Recorder(name: "by hand", clock: WallClock(fixed: Timestamp(secondsSinceEpoch: 1_795_000_000))))
        let audit = try consign(["audit", "--format", "json"], in: ws).stdout
        for missing in ["no public notice of its items (Art. 43(3))", "before the provision (Art. 43(4))", "that the records are anonymised"] {
            #expect(audit.contains(missing), "\(missing): \(audit)")
        }
        #expect(!audit.contains(demo.id + " ("), "the demo's own release has its notices")
    }
}
