import Foundation
import Testing

/// Two workspaces the report tests only read (today 2026-11-18): a copy of the demo's, and one built by hand
/// whose every report cell follows from what was recorded in it.
///
/// The hand-built one holds three contractors:
/// - `eq-courier`: a profile whose legal name starts with `=` and address with `@`, declaring `kita-delivery`;
///   agreement AG-2026-101 v1 (2026-01-01..2030-12-31) without clause e), approving `kita-delivery`; selected
///   2026-01-10, periodic evaluation 2026-06-15; transfers by hand on 2026-03-01 (7 rows, deletion confirmed
///   2026-04-02) and 2026-09-01 (12 rows, one field outside the agreement, to `kita-delivery`).
/// - `old-post`: agreement AG-2024-201 v1 ended 2025-12-31; selected 2023-12-01; one transfer on 2025-06-01
///   (5 rows) that also sent `person.name_kana`, which the agreement does not permit.
/// - `idle-mail`: a profile only.
/// - `twin-mail`: two agreements in force from 2026-10-01, AG-2026-301 v1 (surveys-prizes) and AG-2026-302 v1
///   (seminars); selected 2026-09-20; no transfer.
struct ReportsLab: Sendable {
    let demo: URL
    let hand: URL
    /// The hand-built workspace's transfers: eq-march, eq-september, old-june.
    let transfers: [String: String]

    @TaskLocal static var current: ReportsLab?

    static let formulaLegalName = "=HYPERLINK(\"http://evil.example/\",\"Equals Courier\")"
    static let formulaAddress = "@Kanda Tower 1-1-1, Chiyoda-ku, Tokyo"

    static func build() throws -> (value: ReportsLab, directory: URL) {
        let root = try temporaryDirectory("consign-reports-lab")
        do {
            let (demoRoot, demoCopy) = try demoWorkspace()
            let demo = root.appending(path: "demo")
            try FileManager.default.moveItem(at: demoCopy, to: demo)
            try? FileManager.default.removeItem(at: demoRoot)

            let hand = AuditWorkspace(root: root.appending(path: "hand"))
            try FileManager.default.createDirectory(at: hand.root, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: repositoryRoot.appending(path: "templates"), to: hand.root.appending(path: "templates"))
            try hand.run(["init"])
            var transfers: [String: String] = [:]

            let profile = profileXML("eq-courier", subContractors: [DeclaredSubContractor(id: "kita-delivery")])
                .replacingOccurrences(of: "<legal-name>eq-courier Co., Ltd.</legal-name>", with: "<legal-name>\(formulaLegalName)</legal-name>")
                .replacingOccurrences(of: ">1-1-1 Somewhere<", with: ">\(formulaAddress)<")
                .replacingOccurrences(
                    of: "<email>privacy@eq-courier.example</email>",
                    with: "<email>privacy@eq-courier.example</email>\n    <phone>+81-3-1234-5678</phone>")
            try hand.write("agreements/contractors/eq-courier-v1.xml", profile)
            try hand.run(["contractor", "add", "agreements/contractors/eq-courier-v1.xml"])
            try hand.addAgreement(
                AgreementDocument(
                    id: "AG-2026-101", contractor: "eq-courier",
                    permitted: [
                        "person.name", "address.postal_code", "address.prefecture", "address.city", "address.street",
                        "contact.phone", "customer.id:hmac",
                    ],
                    approved: [ApprovedSubContractor(id: "kita-delivery")], missingClauses: ["compliance-check"]))
            try hand.evaluate("eq-courier", on: "2026-01-10")
            try hand.evaluate("eq-courier", kind: "periodic", on: "2026-06-15")
            transfers["eq-march"] = try record(
                hand, "eq-courier", on: "2026-03-01", fields: "person.name,customer.id:hmac,address.postal_code", rows: 7)
            transfers["eq-september"] = try record(
                hand, "eq-courier", on: "2026-09-01", fields: "person.name,address.city,person.birth_date", rows: 12,
                subContractors: ["kita-delivery"])
            try hand.confirmDeletion(transfers["eq-march"]!, on: "2026-04-02")

            try hand.addContractor(
                "old-post", agreement: AgreementDocument(id: "AG-2024-201", contractor: "old-post", from: "2024-01-01", to: "2025-12-31"))
            try hand.evaluate("old-post", on: "2023-12-01")
            transfers["old-june"] = try record(
                hand, "old-post", on: "2025-06-01", fields: "person.name,person.name_kana,address.street", rows: 5)

            try hand.addContractor("idle-mail")

            try hand.addContractor("twin-mail")
            try hand.addAgreement(AgreementDocument(id: "AG-2026-301", contractor: "twin-mail", from: "2026-10-01"))
            try hand.addAgreement(
                AgreementDocument(id: "AG-2026-302", contractor: "twin-mail", from: "2026-10-01", to: "2029-12-31", purposes: "seminars"))
            try hand.evaluate("twin-mail", on: "2026-09-20")
            return (ReportsLab(demo: demo, hand: hand.root, transfers: transfers), root)
        } catch {
            try? FileManager.default.removeItem(at: root)
            throw error
        }
    }

    /// `consign transfer record` of a prize-shipping transfer; its id.
    static func record(
        _ ws: AuditWorkspace, _ contractor: String, on date: String, fields: String, rows: Int, subContractors: [String] = []
    ) throws -> String {
        let run = try ws.run(
            [
                "transfer", "record", "--contractor", contractor, "--task", "prize-shipping", "--on", date, "--fields", fields,
                "--rows", String(rows), "--note", "sent from the old system",
            ] + subContractors.flatMap { ["--sub-contractor", $0] })
        guard let match = run.stdout.firstMatch(of: #/recorded transfer (T-[0-9]{8}-[0-9a-f]+) /#) else {
            throw AuditSetUpError(description: "no transfer id in: \(run.stdout)")
        }
        return String(match.1)
    }
}

extension Trait where Self == SharedWorkspace<ReportsLab> {
    static var reportsLab: Self { SharedWorkspace(build: ReportsLab.build, local: ReportsLab.$current) }
}

// MARK: - What the reports print

struct CoverageJSON: Decodable {
    struct Cell: Decodable {
        var category: String
        var state: String
        var permittedFields: [String]
        var sentFields: [String]
    }

    struct Row: Decodable {
        var contractor: String
        var agreements: [String]
        var cells: [Cell]
    }

    var asOf: String
    var categories: [String]
    var rows: [Row]

    func cell(_ contractor: String, _ category: String) -> Cell? {
        rows.first { $0.contractor == contractor }?.cells.first { $0.category == category }
    }
}

struct ContractorRegisterJSON: Decodable {
    struct Row: Decodable {
        var contractor: String
        var legalName: String
        var address: String
        var status: String
        var tasks: [String]
        var dataItems: [String]
        var recordsSent: Int
        var transfers: Int
        var firstTransfer: String?
        var lastTransfer: String?
        var selectionEvaluation: String?
        var lastPeriodicEvaluation: String?
        var nextPeriodicEvaluation: String?
        var deletionsConfirmed: String
        var subContractors: [String]
    }

    var asOf: String
    var rows: [Row]
}

/// The three forms of `report recipients` as Python reads them (csv with `utf-8-sig`, xml.etree, json),
/// each recipient as the same keys with lists joined by "; ".
struct RecipientsFormats: Decodable {
    var root: String
    var attributes: [String: String]
    var jsonAsOf: String
    var jsonCompany: String
    var csvHeader: [String]
    var csv: [[String: String]]
    var xml: [[String: String]]
    var json: [[String: String]]

    static let script = """
        import csv, json, sys, xml.etree.ElementTree as ET
        keys = ['contractor', 'legal_name', 'address', 'country', 'representative', 'privacy_contact', 'relationship',
                'agreements', 'purposes', 'data_categories', 'special_care', 'channels', 'countries', 'legal_basis', 'retention',
                'transfers', 'first_transfer', 'last_transfer', 'disclosures']
        headers = {'legal_name': 'legal name', 'privacy_contact': 'privacy contact', 'agreements': 'agreements in force',
                   'data_categories': 'data categories', 'special_care': 'special-care data sent', 'legal_basis': 'legal basis', 'first_transfer': 'first transfer',
                   'last_transfer': 'last transfer', 'disclosures': 'disclosures without consent'}
        with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:
            rows = list(csv.reader(f, strict=True))
        from_csv = [{k: dict(zip(rows[0], r))[headers.get(k, k)] for k in keys} for r in rows[1:]]
        root = ET.parse(sys.argv[2]).getroot()
        def items(r, name):
            return '; '.join(c.text or '' for c in r.find(name))
        from_xml = [{'contractor': r.get('contractor'), 'legal_name': r.findtext('legal-name'), 'address': r.findtext('address'),
                     'country': r.findtext('country'), 'representative': r.findtext('representative'),
                     'privacy_contact': r.findtext('privacy-contact'), 'relationship': items(r, 'relationships'),
                     'agreements': items(r, 'agreements'), 'purposes': items(r, 'purposes'),
                     'data_categories': items(r, 'data-categories'), 'special_care': items(r, 'special-care'),
                     'channels': items(r, 'delivery'), 'countries': items(r, 'countries'),
                     'legal_basis': items(r, 'legal-bases'), 'retention': r.findtext('retention'),
                     'transfers': r.get('transfers'), 'first_transfer': r.get('first-transfer', ''),
                     'last_transfer': r.get('last-transfer', ''),
                     'disclosures': items(r, 'disclosures-without-consent')} for r in root.findall('recipient')]
        with open(sys.argv[3], encoding='utf-8') as f:
            document = json.load(f)
        def text(v):
            return '; '.join(v) if isinstance(v, list) else ('' if v is None else str(v))
        from_json = [{k: text(r.get(k)) for k in keys} for r in document['recipients']]
        json.dump({'root': root.tag, 'attributes': root.attrib, 'json_as_of': document['as_of'],
                   'json_company': document['company'], 'csv_header': rows[0], 'csv': from_csv, 'xml': from_xml,
                   'json': from_json}, sys.stdout)
        """

    /// Runs `report recipients` in the three formats (with `extra` options) and reads them back.
    static func read(_ ws: URL, _ extra: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) throws -> RecipientsFormats {
        let scratch = try temporaryDirectory("consign-recipients")
        defer { try? FileManager.default.removeItem(at: scratch) }
        var files: [String] = []
        for format in ["csv", "xml", "json"] {
            let run = try consign(["report", "recipients", "--format", format] + extra, in: ws)
            try #require(run.status == 0, "\(format): \(run.stderr)", sourceLocation: sourceLocation)
            let file = scratch.appending(path: "recipients.\(format)")
            try Data(run.stdout.utf8).write(to: file)
            files.append(file.path)
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(RecipientsFormats.self, from: try python(script, files, sourceLocation: sourceLocation))
    }
}

/// A CSV report as Python's csv module reads it with the BOM stripped (`utf-8-sig`), and its bytes.
struct CSVReport {
    var bytes: [UInt8]
    var header: [String]
    var rows: [[String]]

    /// The data rows by their first column, each as header → value.
    var byFirstColumn: [String: [String: String]] {
        Dictionary(rows.map { ($0[0], Dictionary(zip(header, $0), uniquingKeysWith: { a, _ in a })) }, uniquingKeysWith: { a, _ in a })
    }

    static func run(_ arguments: [String], in ws: URL, sourceLocation: SourceLocation = #_sourceLocation) throws -> CSVReport {
        let run = try consign(arguments, in: ws)
        try #require(run.status == 0, "\(run.stderr)", sourceLocation: sourceLocation)
        let scratch = try temporaryDirectory("consign-csv-report")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let file = scratch.appending(path: "report.csv")
        try Data(run.stdout.utf8).write(to: file)
        let script = """
            import csv, json, sys
            with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:
                json.dump(list(csv.reader(f, strict=True)), sys.stdout)
            """
        let records = try JSONDecoder().decode([[String]].self, from: try python(script, [file.path], sourceLocation: sourceLocation))
        try #require(!records.isEmpty, sourceLocation: sourceLocation)
        return CSVReport(bytes: Array(run.stdout.utf8), header: records[0], rows: Array(records.dropFirst()))
    }
}

/// The data categories of the catalog, in the order of their first field (Python's xml.etree).
func catalogCategories(_ ws: URL) throws -> [String] {
    let script = """
        import json, sys, xml.etree.ElementTree as ET
        seen = []
        for e in ET.parse(sys.argv[1]).getroot().iter():
            if e.tag.split('}')[-1] == 'field' and e.get('category') and e.get('category') not in seen:
                seen.append(e.get('category'))
        json.dump(seen, sys.stdout)
        """
    return try JSONDecoder().decode([String].self, from: try python(script, [ws.appending(path: "templates/catalog.xml").path]))
}

// MARK: - The tests

/// `consign report contractors`, `consign report recipients` and `consign audit coverage`, through the CLI.
@Suite(.reportsLab) struct ReportsCLITests {
    var lab: ReportsLab { get throws { try shared(ReportsLab.$current) } }

    // MARK: report contractors

    @Test func theDemosContractorRegisterHasOneRowPerContractorWithEveryColumnItsRecordsFill() throws {
        let ws = try lab.demo
        let report = try CSVReport.run(["report", "contractors"], in: ws)
        #expect(report.header.count == 26 && report.header.first == "contractor")
        #expect(report.rows.allSatisfy { $0.count == report.header.count })
        // One row per registered contractor, by id.
        let list = try consign(["contractor", "list", "--format", "json"], in: ws)
        let registered = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
            .compactMap { $0["id"] as? String }
        #expect(registered.count == 9)
        #expect(report.rows.map { $0[0] } == registered.sorted())

        let rows = report.byFirstColumn
        let sent = try packages(in: ws.appending(path: "extracts"))
        let profiles = try profileFacts(ws)
        for id in registered {
            let row = try #require(rows[id])
            let packages = sent.values.filter { $0.contractor == id }
            let profile = try #require(profiles[id])
            #expect(row["legal name"] == profile.legalName)
            #expect(row["address"] == profile.address)
            #expect(row["privacy contact"] == "\(profile.name) <\(profile.email)>" + (profile.phone.map { " \($0)" } ?? ""))
            #expect(row["transfers"] == String(packages.count), "\(id)")
            #expect(row["records sent"] == (packages.isEmpty ? "" : String(packages.map(\.rows).reduce(0, +))), "\(id)")
            #expect(row["tasks"] == Set(packages.map(\.task)).sorted().joined(separator: "; "), "\(id)")
            #expect(row["data items sent"] == Set(packages.flatMap(\.fields)).sorted().joined(separator: "; "), "\(id)")
            #expect(row["deletions confirmed"] == (packages.isEmpty ? "" : "0 of \(packages.count)"), "\(id)")
            #expect(row["selection result"] == "pass", "\(id)")
            // Every column is filled where the register has the data: the demo records no periodic
            // evaluation, no transfer for tsubame-print (gone).
            var empty = Set(report.header.filter { row[$0]!.isEmpty })
            let noTransfer = [
                "tasks", "data items sent", "records sent", "first transfer", "last transfer", "deletions confirmed", "transfers encrypted",
            ]
            if packages.isEmpty {
                #expect(empty.isSuperset(of: noTransfer))
                empty.subtract(noTransfer)
            } else {
                #expect(row["transfers encrypted"] == "0 of \(packages.count)", "\(id)")
                #expect(row["first transfer"] == "2026-11-18" && row["last transfer"] == "2026-11-18", "\(id)")
            }
            if id == "tsubame-print" { empty.remove("next periodic evaluation") }
            // Only the call centre receives data of special care.
            #expect(row["special-care data sent"] == (id == "kizuna-contact" ? "notes" : ""), "\(id)")
            empty.remove("special-care data sent")
            // The demo records no channel.
            #expect(row["channels"] == "", "\(id)")
            empty.remove("channels")
            #expect(empty == ["last periodic evaluation"], "\(id): \(empty.sorted())")
        }
        let hayate = try #require(rows["hayate-transport"])
        #expect(hayate["agreement"] == "AG-2024-011" && hayate["agreement version"] == "2")
        #expect(hayate["agreement period"]!.contains("2026-04-01") && hayate["agreement period"]!.contains("2032-03-31"))
        #expect(hayate["sub-contractors"] == "kita-delivery")
        #expect(hayate["selection evaluation"] == "2026-11-18" && hayate["next periodic evaluation"] == "2027-11-18")
        #expect(rows["kizuna-contact"]?["sub-contractors"] == "none")
        #expect(rows["nordstat"]?["country"] == "DE")
        // AG-2025-002 lacks clause e).
        let sakura = try #require(rows["sakura-mailing"]?["clauses a)-h)"])
        #expect(sakura.hasPrefix("a b c d - f g h") && sakura.contains("missing e"))
        #expect(rows["aozora-research"]?["clauses a)-h)"] == "a b c d e f g h")
        // The former contractor: terminated, its ended agreement, no next evaluation due.
        let tsubame = try #require(rows["tsubame-print"])
        #expect(tsubame["status"] == "terminated" && tsubame["agreement"] == "AG-2021-004")
        #expect(tsubame["selection evaluation"] == "2021-03-18" && tsubame["next periodic evaluation"] == "")
        #expect(rows["linkad-network"]?["transfers"] == "1" && rows["linkad-network"]?["relationship"] == "provision")
    }

    @Test func theContractorRegisterShowsWhatWasRecordedByHand() throws {
        let lab = try self.lab
        let report = try CSVReport.run(["report", "contractors"], in: lab.hand)
        #expect(report.rows.map { $0[0] } == ["eq-courier", "idle-mail", "old-post", "twin-mail"])
        let rows = report.byFirstColumn
        let eq = try #require(rows["eq-courier"])
        let expected: [String: String] = [
            // The formula guard on cells that start with = and @.
            "legal name": "'" + ReportsLab.formulaLegalName,
            "address": "'" + ReportsLab.formulaAddress,
            "country": "JP",
            "status": "active",
            "privacy contact": "Privacy Office <privacy@eq-courier.example> +81-3-1234-5678",
            "tasks": "prize-shipping",
            "data items sent": "address.city; address.postal_code; customer.id:hmac; person.birth_date; person.name",
            "records sent": "19",
            "transfers": "2",
            "first transfer": "2026-03-01",
            "last transfer": "2026-09-01",
            "selection evaluation": "2026-01-10",
            "selection result": "pass",
            "agreement": "AG-2026-101",
            "agreement version": "1",
            "relationship": "entrustment",
            "sub-contractors": "kita-delivery",
            "last periodic evaluation": "2026-06-15",
            "next periodic evaluation": "2027-06-15",
            "deletions confirmed": "1 of 2, last on 2026-04-02",
        ]
        for (column, value) in expected {
            #expect(eq[column] == value, "\(column)")
        }
        #expect(eq["agreement period"]!.contains("2026-01-01") && eq["agreement period"]!.contains("2030-12-31"))
        #expect(eq["clauses a)-h)"]!.hasPrefix("a b c d - f g h") && eq["clauses a)-h)"]!.contains("missing e"))

        // Its agreement ended, nothing evaluated since the selection: the next evaluation was due long ago.
        let old = try #require(rows["old-post"])
        #expect(old["agreement"] == "AG-2024-201" && old["agreement version"] == "1")
        #expect(old["agreement period"]!.contains("2024-01-01") && old["agreement period"]!.contains("2025-12-31"))
        #expect(old["records sent"] == "5" && old["transfers"] == "1" && old["deletions confirmed"] == "0 of 1")
        #expect(old["first transfer"] == "2025-06-01" && old["last transfer"] == "2025-06-01")
        #expect(old["data items sent"] == "address.street; person.name; person.name_kana")
        #expect(old["selection evaluation"] == "2023-12-01" && old["next periodic evaluation"] == "2024-12-01")
        #expect(old["sub-contractors"] == "none")

        // A profile only: its identity, and nothing it does not have.
        let idle = try #require(rows["idle-mail"])
        let filled = Set(report.header.filter { !idle[$0]!.isEmpty })
        #expect(filled == ["contractor", "legal name", "address", "country", "status", "privacy contact", "transfers", "sub-contractors"])
        #expect(idle["transfers"] == "0" && idle["sub-contractors"] == "none")

        // The JSON form carries the values themselves, without the guard.
        let json = try decodeJSON(ContractorRegisterJSON.self, from: try consign(["report", "contractors", "--format", "json"], in: lab.hand))
        let eqJSON = try #require(json.rows.first { $0.contractor == "eq-courier" })
        #expect(eqJSON.legalName == ReportsLab.formulaLegalName && eqJSON.address == ReportsLab.formulaAddress)
        #expect(eqJSON.recordsSent == 19 && eqJSON.transfers == 2)
        #expect(json.rows.map(\.contractor) == report.rows.map { $0[0] })
    }

    @Test func theContractorRegisterIsUTF8WithABOMAndCRLFAndHasJapaneseHeaders() throws {
        let ws = try lab.hand
        let en = try CSVReport.run(["report", "contractors"], in: ws)
        let ja = try CSVReport.run(["report", "contractors", "--lang", "ja"], in: ws)
        for report in [en, ja] {
            #expect(Array(report.bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
            #expect(!report.bytes.dropFirst(3).starts(with: [0xEF, 0xBB, 0xBF]))
            // Every line ends with CRLF (no value here holds a line break), the last one too.
            let lf = report.bytes.indices.filter { report.bytes[$0] == 0x0A }
            #expect(lf.count == report.rows.count + 1)
            #expect(lf.allSatisfy { $0 > 0 && report.bytes[$0 - 1] == 0x0D })
            #expect(Array(report.bytes.suffix(2)) == [0x0D, 0x0A])
        }
        #expect(ja.header.first == "委託先ID")
        #expect(ja.header.count == en.header.count)
        #expect(Set(ja.header).isDisjoint(with: en.header))
        #expect(ja.header.allSatisfy { $0.unicodeScalars.contains { $0.value > 0x7F } })
        // Ids, dates and counts are the same; the words a person reads are Japanese.
        let said = [
            "status", "selection result", "relationship", "clauses a)-h)", "sub-contractors", "deletions confirmed", "transfers encrypted",
        ]
        let english = en.byFirstColumn, japanese = ja.byFirstColumn
        #expect(Set(english.keys) == Set(japanese.keys))
        for (contractor, row) in english {
            let translated = Dictionary(uniqueKeysWithValues: zip(en.header, ja.header))
            for (column, value) in row where !said.contains(column) {
                #expect(japanese[contractor]?[translated[column]!] == value, "\(contractor) \(column)")
            }
        }
        let idle = try #require(japanese["idle-mail"]), eq = try #require(japanese["eq-courier"])
        #expect(idle["状態"] == "取引中" && idle["再委託先"] == "なし")
        #expect(eq["選定時評価結果"] == "合格" && eq["提供の形態"] == "委託")
        #expect(eq["削除・返却の確認"]?.hasPrefix("2 件中 ") == true, "\(eq)")
        #expect(try consign(["report", "contractors", "--lang", "fr"], in: ws).status == 2)
    }

    @Test func theRecipientsAndTheHTMLReportSpeakJapanese() throws {
        let ws = try lab.hand
        let recipients = try CSVReport.run(["report", "recipients", "--lang", "ja"], in: ws)
        #expect(recipients.header.prefix(3) == ["委託先ID", "委託先名称", "所在地"])
        #expect(recipients.header.contains("保存期間") && recipients.header.contains("有効な契約"))
        let retention = try #require(recipients.header.firstIndex(of: "保存期間"))
        #expect(recipients.rows.contains { $0[retention].contains("：最長 ") }, "\(recipients.rows)")
        let basis = try #require(recipients.header.firstIndex(of: "法的根拠"))
        #expect(recipients.rows.contains { $0[basis].hasPrefix("委託（個人情報保護法 27 条 5 項 1 号）") }, "\(recipients.rows)")

        let directory = try temporaryDirectory("consign-report-ja")
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appending(path: "report.html")
        let made = try consign(["report", "html", "--out", page.path], in: ws, environment: ["SOURCE_DATE_EPOCH": "1795000000", "CONSIGN_LANG": "ja"])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.hasPrefix("2026-11-18 時点の監査：") && made.stdout.hasSuffix("\(page.path) に書き出しました\n"), "\(made.stdout)")
        let html = try readText(page)
        #expect(html.contains("<html lang=\"ja\">"))
        #expect(html.contains("<h2 id=\"summary\">概要</h2>") && html.contains("<h2 id=\"findings\">指摘</h2>"))
        #expect(html.contains("<th>重大度</th><th>コード</th><th>指摘</th><th>根拠</th><th>記録</th>"))
        #expect(html.contains("<td class=\"severity\">エラー</td>") || html.contains("<td class=\"severity\">警告</td>"))
        #expect(html.contains("<p class=\"muted\">2026-11-18 時点。台帳の記録だけから作成しました。"))
    }

    @Test func theContractorRegisterAsOfAnEarlierDateCountsOnlyWhatHadHappened() throws {
        let json = try decodeJSON(
            ContractorRegisterJSON.self,
            from: try consign(["report", "contractors", "--format", "json", "--as-of", "2026-05-01"], in: try lab.hand))
        #expect(json.asOf == "2026-05-01")
        let eq = try #require(json.rows.first { $0.contractor == "eq-courier" })
        #expect(eq.transfers == 1 && eq.recordsSent == 7)
        #expect(eq.firstTransfer == "2026-03-01" && eq.lastTransfer == "2026-03-01")
        #expect(eq.dataItems == ["address.postal_code", "customer.id:hmac", "person.name"])
        #expect(eq.lastPeriodicEvaluation == nil)
        // The selection is the last evaluation then: the next one is due a year after it.
        #expect(eq.nextPeriodicEvaluation == "2027-01-10")
        #expect(eq.deletionsConfirmed == "1 of 1, last on 2026-04-02")
        #expect(eq.subContractors == ["kita-delivery"])
    }

    /// A contractor with two agreements in force: the register names both, with their periods and clauses.
    @Test func theContractorRegisterGivesTheVersionsOfTwoAgreementsInForce() throws {
        let report = try CSVReport.run(["report", "contractors"], in: try lab.hand)
        let twin = try #require(report.byFirstColumn["twin-mail"])
        #expect(twin["agreement"] == "AG-2026-301; AG-2026-302")
        #expect(twin["agreement period"] == "2026-10-01/2030-12-31; 2026-10-01/2029-12-31")
        #expect(twin["relationship"] == "entrustment; entrustment")
        #expect(twin["selection evaluation"] == "2026-09-20" && twin["next periodic evaluation"] == "2027-09-20")
        #expect(twin["agreement version"] == "1; 1")
    }

    // MARK: report recipients

    @Test func theRecipientsInCSVXMLAndJSONAgreeAndNameTheForeignBasis() throws {
        let ws = try lab.demo
        let formats = try RecipientsFormats.read(ws)
        #expect(formats.root == "recipients")
        #expect(formats.attributes == ["company": "Kumo Learning K.K.", "as-of": "2026-11-18"])
        #expect(formats.jsonAsOf == "2026-11-18" && formats.jsonCompany == "Kumo Learning K.K.")
        #expect(formats.csvHeader.count == 20)
        #expect(formats.csvHeader.contains("transfers encrypted"))
        #expect(formats.csv.first { $0["contractor"] == "kizuna-contact" }?["special_care"] == "notes")
        #expect(formats.csv == formats.xml)
        #expect(formats.csv == formats.json)
        // tsubame-print has neither an agreement in force nor a transfer; the police, a disclosure under law only.
        let byID = Dictionary(formats.json.map { ($0["contractor"]!, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(
            formats.json.map { $0["contractor"]! }
                == [
                    "aozora-research", "hayate-transport", "hikari-mail", "hoshizora-toys", "kizuna-contact", "linkad-network",
                    "nordstat", "sakura-mailing", "shibuya-police",
                ])
        #expect(byID["tsubame-print"] == nil)
        #expect(byID["linkad-network"]?["transfers"] == "1" && byID["linkad-network"]?["agreements"] == "AG-2025-015 v2")
        #expect(byID["linkad-network"]?["relationship"] == "provision" && byID["linkad-network"]?["disclosures"] == "")
        let police = try #require(byID["shibuya-police"])
        #expect(police["legal_name"] == "Shibuya Police Station (渋谷警察署)" && police["agreements"] == "")
        #expect(police["disclosures"]!.hasPrefix("2026-11-18 disclosure without consent under APPI Art. 27(1)(i) (law): Code of"))
        let nordstat = try #require(byID["nordstat"])
        #expect(nordstat["countries"] == "DE" && nordstat["country"] == "DE")
        #expect(nordstat["legal_basis"]!.contains("eu-uk-adequacy") && nordstat["legal_basis"]!.contains("Art. 28"))
        let hayate = try #require(byID["hayate-transport"])
        #expect(hayate["privacy_contact"]!.contains("privacy@hayate-transport.example"))
        #expect(hayate["transfers"] == "2" && hayate["first_transfer"] == "2026-11-18")
        #expect(hayate["purposes"] == "surveys-prizes")
        #expect(hayate["data_categories"] == "address; contact; identifier; name")
        #expect(hayate["retention"]!.contains("AG-2024-011"))
        #expect(byID["hikari-mail"]?["legal_basis"]?.contains("Art. 28") == false)
    }

    @Test func theRecipientsAreThoseWithAnAgreementInForceOrATransferOnTheDate() throws {
        let lab = try self.lab
        let today = try RecipientsFormats.read(lab.hand)
        // idle-mail has neither; old-post's agreement ended but it received data; twin-mail has agreements only.
        #expect(today.json.map { $0["contractor"]! } == ["eq-courier", "old-post", "twin-mail"])
        #expect(today.xml == today.json)
        // The CSV is the same but for the formula guard on eq-courier's legal name and address.
        var guarded = today.json
        guarded[0]["legal_name"] = "'" + ReportsLab.formulaLegalName
        guarded[0]["address"] = "'" + ReportsLab.formulaAddress
        #expect(today.csv == guarded)
        #expect(today.json[0]["legal_name"] == ReportsLab.formulaLegalName)
        let eq = today.json[0]
        #expect(eq["agreements"] == "AG-2026-101 v1" && eq["transfers"] == "2")
        #expect(eq["first_transfer"] == "2026-03-01" && eq["last_transfer"] == "2026-09-01")
        // What the agreement permits (contact.phone) and what was sent (person.birth_date, outside it).
        #expect(eq["data_categories"] == "address; contact; demographics; identifier; name")
        let old = today.json[1]
        #expect(old["agreements"] == "" && old["retention"] == "" && old["transfers"] == "1")
        #expect(old["data_categories"] == "address; name")
        let twin = today.json[2]
        #expect(twin["agreements"] == "AG-2026-301 v1; AG-2026-302 v1" && twin["transfers"] == "0")
        #expect(twin["purposes"] == "seminars; surveys-prizes")

        // On 2025-07-01 eq-courier had no agreement yet and no transfer; old-post's agreement was in force.
        let earlier = try RecipientsFormats.read(lab.hand, ["--as-of", "2025-07-01"])
        #expect(earlier.attributes["as-of"] == "2025-07-01")
        #expect(earlier.json.map { $0["contractor"]! } == ["old-post"])
        #expect(earlier.json.first?["agreements"] == "AG-2024-201 v1")
        #expect(earlier.csv == earlier.json)
        // On 2026-02-01 eq-courier's agreement was in force, before its first transfer.
        let agreementOnly = try RecipientsFormats.read(lab.hand, ["--as-of", "2026-02-01"])
        #expect(agreementOnly.json.map { $0["contractor"]! } == ["eq-courier", "old-post"])
        #expect(agreementOnly.json.first?["transfers"] == "0")
    }

    // MARK: audit coverage

    @Test func coverageTellsPermittedAndSentFromPermittedNeverSentSentNotPermittedAndNone() throws {
        let lab = try self.lab
        let coverage = try decodeJSON(CoverageJSON.self, from: try consign(["audit", "coverage", "--format", "json"], in: lab.hand))
        #expect(coverage.asOf == "2026-11-18")
        #expect(coverage.categories == (try catalogCategories(lab.hand)))
        #expect(coverage.rows.map(\.contractor) == ["eq-courier", "idle-mail", "old-post", "twin-mail"])
        #expect(coverage.rows.allSatisfy { $0.cells.map(\.category) == coverage.categories })

        // eq-courier: permitted and sent; permitted, never sent; sent outside the agreement; neither.
        let eq = try #require(coverage.rows.first { $0.contractor == "eq-courier" })
        #expect(eq.agreements == ["AG-2026-101 v1"])
        let identifier = try #require(coverage.cell("eq-courier", "identifier"))
        #expect(identifier.state == "permitted-sent" && identifier.permittedFields == ["customer.id"] && identifier.sentFields == ["customer.id"])
        let address = try #require(coverage.cell("eq-courier", "address"))
        #expect(address.state == "permitted-sent")
        #expect(address.permittedFields == ["address.city", "address.postal_code", "address.prefecture", "address.street"])
        #expect(address.sentFields == ["address.city", "address.postal_code"])
        let contact = try #require(coverage.cell("eq-courier", "contact"))
        #expect(contact.state == "permitted-never-sent" && contact.permittedFields == ["contact.phone"] && contact.sentFields.isEmpty)
        let demographics = try #require(coverage.cell("eq-courier", "demographics"))
        #expect(demographics.state == "sent-not-permitted")
        #expect(demographics.permittedFields.isEmpty && demographics.sentFields == ["person.birth_date"])
        for category in ["consent", "account", "free-text"] {
            let cell = try #require(coverage.cell("eq-courier", category))
            #expect(cell.state == "none" && cell.permittedFields.isEmpty && cell.sentFields.isEmpty, "\(category)")
        }
        // old-post: what it received while its agreement was in force is no longer permitted.
        let old = try #require(coverage.rows.first { $0.contractor == "old-post" })
        #expect(old.agreements.isEmpty)
        #expect(coverage.cell("old-post", "name")?.state == "sent-not-permitted")
        #expect(coverage.cell("old-post", "name")?.sentFields == ["person.name", "person.name_kana"])
        #expect(coverage.cell("old-post", "address")?.state == "sent-not-permitted")
        #expect(coverage.cell("old-post", "contact")?.state == "none")
        // idle-mail: nothing at all.
        let idle = try #require(coverage.rows.first { $0.contractor == "idle-mail" })
        #expect(idle.agreements.isEmpty && idle.cells.allSatisfy { $0.state == "none" })
        // twin-mail: two agreements in force, nothing sent.
        let twin = try #require(coverage.rows.first { $0.contractor == "twin-mail" })
        #expect(twin.agreements == ["AG-2026-301 v1", "AG-2026-302 v1"])
        #expect(twin.cells.allSatisfy { $0.sentFields.isEmpty && $0.state != "permitted-sent" && $0.state != "sent-not-permitted" })
        #expect(coverage.cell("twin-mail", "name")?.state == "permitted-never-sent")

        // As of 2025-07-01: old-post's agreement in force (the courier fields), eq-courier not yet.
        let earlier = try decodeJSON(
            CoverageJSON.self, from: try consign(["audit", "coverage", "--format", "json", "--as-of", "2025-07-01"], in: lab.hand))
        #expect(earlier.asOf == "2025-07-01")
        #expect(earlier.rows.first { $0.contractor == "old-post" }?.agreements == ["AG-2024-201 v1"])
        #expect(earlier.cell("old-post", "address")?.state == "permitted-sent")
        #expect(earlier.cell("old-post", "contact")?.state == "permitted-never-sent")
        #expect(earlier.cell("old-post", "contact")?.permittedFields == ["contact.email", "contact.phone"])
        #expect(earlier.cell("old-post", "demographics")?.state == "none")
        // eq-courier's transfers came later: nothing sent yet, nothing in force yet.
        #expect(earlier.rows.first { $0.contractor == "eq-courier" }?.cells.allSatisfy { $0.state == "none" } == true)

        // The text form: one line per contractor and the legend.
        let text = try consign(["audit", "coverage"], in: lab.hand)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("coverage as of 2026-11-18"))
        #expect(text.stdout.contains("legend:"))
        for symbol in ["\"P S\"", "\"P ·\"", "\"! S\"", "\"·\""] {
            #expect(text.stdout.contains(symbol), "\(symbol)")
        }
        let eqLine = try #require(text.stdout.split(separator: "\n").first { $0.hasPrefix("eq-courier") })
        #expect(eqLine.contains("AG-2026-101 v1") && eqLine.contains("! S") && eqLine.contains("P ·") && eqLine.contains("P S"))
    }

    @Test func coverageOfTheDemoCountsWhatTheExtractsSent() throws {
        let ws = try lab.demo
        let coverage = try decodeJSON(CoverageJSON.self, from: try consign(["audit", "coverage", "--format", "json"], in: ws))
        #expect(coverage.rows.count == 9)
        for package in try packages(in: ws.appending(path: "extracts")).values {
            let row = try #require(coverage.rows.first { $0.contractor == package.contractor })
            for field in package.fields.map({ String($0.split(separator: ":")[0]) }) {
                let cell = try #require(row.cells.first { $0.sentFields.contains(field) }, "\(package.contractor) \(field)")
                // The extracts send only what the agreement in force permits.
                #expect(cell.state == "permitted-sent", "\(package.contractor) \(field)")
                #expect(cell.permittedFields.contains(field), "\(package.contractor) \(field)")
            }
        }
        let tsubame = try #require(coverage.rows.first { $0.contractor == "tsubame-print" })
        #expect(tsubame.agreements.isEmpty && tsubame.cells.allSatisfy { $0.state == "none" })
        // The provision to the ad network sent its prefecture; the e-mail address it permits as a pseudonym, never.
        let linkad = try #require(coverage.rows.first { $0.contractor == "linkad-network" })
        #expect(linkad.cells.contains { $0.sentFields.contains("address.prefecture") && $0.state == "permitted-sent" })
        #expect(linkad.cells.contains { $0.state == "permitted-never-sent" })
    }

    /// A field the agreement does not permit, sent beside a permitted field of the same category.
    @Test func coverageFlagsAFieldSentOutsideTheAgreementBesideAPermittedFieldOfItsCategory() throws {
        let lab = try self.lab
        // As of 2025-07-01 AG-2024-201 permits person.name but not person.name_kana, which old-post received.
        let coverage = try decodeJSON(
            CoverageJSON.self, from: try consign(["audit", "coverage", "--format", "json", "--as-of", "2025-07-01"], in: lab.hand))
        let name = try #require(coverage.cell("old-post", "name"))
        #expect(name.permittedFields == ["person.name"])
        #expect(name.sentFields == ["person.name", "person.name_kana"])
        #expect(name.state == "sent-not-permitted")
    }

    // MARK: --out

    static let reportCommands: [[String]] = [
        ["report", "recipients"], ["report", "recipients", "--format", "xml"], ["report", "recipients", "--format", "json"],
        ["report", "contractors"], ["report", "contractors", "--lang", "ja"], ["report", "contractors", "--format", "json"],
    ]

    @Test(arguments: reportCommands)
    func outReplacesTheFileAtomicallyAndSaysWhere(_ command: [String]) throws {
        let ws = try lab.hand
        let directory = try temporaryDirectory("consign-report-out")
        defer { try? FileManager.default.removeItem(at: directory) }
        let printed = try consign(command, in: ws)
        #expect(printed.status == 0, "\(printed.stderr)")
        // A longer file already under that name.
        let out = directory.appending(path: "report")
        try Data(repeating: UInt8(ascii: "x"), count: printed.stdout.utf8.count + 4096).write(to: out)
        let before = try #require(try FileManager.default.attributesOfItem(atPath: out.path)[.systemFileNumber] as? Int)
        let written = try consign(command + ["--out", out.path], in: ws)
        #expect(written.status == 0, "\(written.stderr)")
        if command.contains("ja") {
            #expect(written.stdout.hasPrefix("2026-11-18 時点の委託先管理台帳：委託先 "), "\(written.stdout)")
            #expect(written.stdout.hasSuffix(" 件。\(out.path) に書き出しました\n"), "\(written.stdout)")
        } else {
            let what = command[1] == "recipients" ? "recipients" : "contractor register"
            #expect(written.stdout.hasPrefix("\(what) as of "), "\(written.stdout)")
            #expect(written.stdout.hasSuffix(" contractor(s); written to \(out.path)\n"), "\(written.stdout)")
        }
        #expect(written.stderr.isEmpty)
        #expect(try Data(contentsOf: out) == Data(printed.stdout.utf8))
        // Renamed into place, not rewritten where it was; nothing left beside it.
        let after = try #require(try FileManager.default.attributesOfItem(atPath: out.path)[.systemFileNumber] as? Int)
        #expect(after != before)
        #expect(entries(directory) == ["report"])
    }

    @Test(arguments: [["report", "recipients"], ["report", "recipients", "--format", "xml"], ["report", "contractors"]])
    func anOutThatCannotBeWrittenIsAnInputErrorAndLeavesNoFile(_ command: [String]) throws {
        let ws = try lab.hand
        let directory = try temporaryDirectory("consign-report-out")
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = try consign(command + ["--out", directory.appending(path: "missing/report.csv").path], in: ws)
        #expect(missing.status == 2)
        #expect(missing.stdout.isEmpty)
        #expect(missing.stderr.contains("missing/report.csv"), "\(missing.stderr)")
        #expect(entries(directory).isEmpty)
        // A directory in the way: the finished file cannot take its name, and no partial file is left.
        let inTheWay = directory.appending(path: "in-the-way")
        try FileManager.default.createDirectory(at: inTheWay, withIntermediateDirectories: false)
        let refused = try consign(command + ["--out", inTheWay.path], in: ws)
        #expect(refused.status == 2)
        #expect(refused.stdout.isEmpty && !refused.stderr.isEmpty)
        #expect(entries(directory) == ["in-the-way"])
        #expect(entries(inTheWay).isEmpty)
    }
}
