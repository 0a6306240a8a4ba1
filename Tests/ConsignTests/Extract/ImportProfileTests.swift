import ConsignCore
import Foundation
import Testing

/// A task in a courier's import layout (`<import-profile name="yamato-b2">`): the file has the published
/// header and columns, in CP932; the courier's required columns are needs of the plan; every limit holds at its
/// exact boundary; characters outside JIS level 1 and 2 are refused or substituted; an address is split over the
/// courier's lines without breaking a number; and every row the courier would not take is listed in one error.
@Suite struct ImportProfileTests {
    static let clock = ["SOURCE_DATE_EPOCH": "1795000000"]
    static let header = "customer_id,full_name,full_name_kana,phone,postal_code,prefecture,city,street_address,consent_prize"

    /// One winner of the B2 task's source.
    struct Winner {
        var name = "山田 太郎"
        var kana = "ヤマダ タロウ"
        var phone = "090-1234-5678"
        var postalCode = "100-0001"
        var prefecture = "東京都"
        var city = "千代田区"
        var street = "1-1-1"
    }

    static func source(_ winners: [Winner]) -> [UInt8] {
        let rows = winners.enumerated().map { index, w in
            [String(format: "C%08d", index + 100), w.name, w.kana, w.phone, w.postalCode, w.prefecture, w.city, w.street, "true"]
                .map { $0.contains(",") ? "\"\($0)\"" : $0 }.joined(separator: ",")
        }
        return Array(([header] + rows + [""]).joined(separator: "\r\n").utf8)
    }

    /// `consign extract` of the B2 task (or `task`) over `winners`; the decoded rows (header first) when it succeeds.
    static func extractB2(
        _ winners: [Winner], task: String = "prize-shipping-b2", extra: [String] = [], in root: URL, ws: URL
    ) throws -> (run: Run, rows: [[String]]) {
        try Data(source(winners)).write(to: root.appending(path: "winners.csv"))
        let out = root.appending(path: "out")
        try? FileManager.default.removeItem(at: out)
        let run = try consign(
            ["extract", "--task", task, "--contractor", "hayate-transport", "--source", "../winners.csv",
             "--out", out.path] + extra, in: ws, environment: clock)
        guard run.status == 0 else {
            #expect(listing(out) ?? [] == [], "nothing written")
            return (run, [])
        }
        let package = try onlyPackage(in: out)
        let rows = try pythonRows(csv: package.appending(path: "extract.csv"), encoding: "cp932")
        return (run, rows)
    }

    /// Writes task `id`: the B2 task's needs in `profile`'s layout with the `<value>`s given.
    static func writeTask(_ id: String, profile: String, values: [(String, String)], in ws: URL) throws {
        let b2 = try readText(ws.appending(path: "templates/prize-shipping-b2.xml"))
        let start = try #require(b2.range(of: "<import-profile")), end = try #require(b2.range(of: "</import-profile>"))
        let profileElement =
            "<import-profile name=\"\(profile)\">\n" + values.map { "    <value column=\"\($0)\">\($1)</value>\n" }.joined() + "  </import-profile>"
        let task = (b2[..<start.lowerBound] + profileElement + b2[end.upperBound...])
            .replacingOccurrences(of: "id=\"prize-shipping-b2\"", with: "id=\"\(id)\"")
        try task.write(to: ws.appending(path: "templates/\(id).xml"), atomically: true, encoding: .utf8)
    }

    /// The headers of a layout's fixture (number, TAB, header; `#` comments).
    static func fixture(_ name: String) throws -> [String] {
        try readText(repositoryRoot.appending(path: "Tests/ConsignTests/Fixtures/couriers/\(name).tsv"))
            .split(separator: "\n").filter { !$0.hasPrefix("#") }.map { String($0.split(separator: "\t")[1]) }
    }

    static func column(_ rows: [[String]], _ header: String, row: Int = 1) -> String? {
        guard let index = rows.first?.firstIndex(of: header), rows.indices.contains(row) else { return nil }
        return rows[row][index]
    }

    @Test func theHeaderAndColumnsAreYamatosPublishedLayout() async throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let (run, rows) = try Self.extractB2([Winner()], in: root, ws: ws)
        #expect(run.status == 0, "\(run.stderr)")
        let fixture = try Self.fixture("yamato-b2")
        #expect(fixture.count == 95)
        #expect(rows.first == fixture)
        #expect(rows.dropFirst().allSatisfy { $0.count == 95 })
        let expected: [String: String] = [
            "送り状種類": "0", "出荷予定日": "2026/11/18", "お届け先電話番号": "090-1234-5678", "お届け先郵便番号": "100-0001",
            "お届け先住所": "東京都千代田区1-1-1", "お届け先名": "山田 太郎", "ご依頼主名": "株式会社クモラーニング",
            "ご依頼主郵便番号": "150-0002", "ご依頼主電話番号": "03-5468-1234", "品名１": "懸賞賞品（書籍）",
            "請求先顧客コード": "0312345678", "運賃管理番号": "01", "お届け先名(ｶﾅ)": "",
        ]
        for (header, value) in expected { #expect(Self.column(rows, header) == value, "\(header)") }
        let manifest = try onlyPackage(in: root.appending(path: "out")).appending(path: "manifest.xml")
        #expect(try readText(manifest).contains("<csv encoding=\"cp932\" layout=\"yamato-b2\"/>"))
        #expect(try schemaProblems(manifest, schema: repositoryRoot.appending(path: "templates/manifest.xsd")) == 0)
        #expect(try await recordedTransfers(ws).last?.value.importProfile == "yamato-b2")
        // The reference is the pseudonym's first 50 hex digits; the plan sends no kana, so its column is empty.
        #expect(Self.column(rows, "お客様管理番号")?.wholeMatch(of: /[0-9a-f]{50}/) != nil)
    }

    /// B2 requires the phone number: the plan sends it for the courier's reason, and refuses when it may not.
    @Test func theCouriersRequiredColumnIsANeedOfThePlan() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let plan = try consign(["plan", "--task", "prize-shipping-b2", "--contractor", "hayate-transport"], in: ws, environment: Self.clock)
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("contact.phone        keep  7       yamato-b2.phone"), "\(plan.stdout)")
        // With the phone not collected for the purpose, the plan is refused for the courier's reason.
        try edit(
            ws.appending(path: "templates/catalog.xml"),
            replacing: "<collected-for>seminars surveys-prizes inquiries identity-confirmation legal-obligations</collected-for>",
            with: "<collected-for>seminars inquiries identity-confirmation legal-obligations</collected-for>")
        let refused = try consign(["plan", "--task", "prize-shipping-b2", "--contractor", "hayate-transport"], in: ws, environment: Self.clock)
        #expect(refused.status == 1)
        #expect(
            refused.stdout.contains(
                "need yamato-b2.phone cannot be met (ヤマト運輸 B2クラウド requires お届け先電話番号: it issues no label without it):\n"
                    + "      option yamato-b2: contact.phone not collected for purpose surveys-prizes"), "\(refused.stdout)")
    }

    /// Each limit holds at its exact boundary: the limit passes, one byte or character more is refused.
    @Test(arguments: [
        ("お届け先名 32 bytes", Winner(name: String(repeating: "山", count: 16)), true),
        ("お届け先名 33 bytes", Winner(name: String(repeating: "山", count: 16) + "A"), false),
        ("お届け先電話番号 15 characters", Winner(phone: "03-1234-5678"), true),
        ("a phone of 12 digits", Winner(phone: "090123456789"), false),
        ("a postcode of 6 digits", Winner(postalCode: "100-001"), false),
        ("a postcode in full width", Winner(postalCode: "１００－０００１"), true),
        ("お届け先住所 64 bytes", Winner(prefecture: "東京都", city: "千代田区", street: String(repeating: "丸", count: 25)), true),
        ("an address of 96 bytes over two lines", Winner(street: String(repeating: "丸", count: 25) + " " + String(repeating: "館", count: 16)), true),
        ("an address of 97 bytes", Winner(street: String(repeating: "丸", count: 25) + " " + String(repeating: "館", count: 16) + "A"), false),
    ])
    func limitsHoldAtTheirBoundary(_ name: String, _ winner: Winner, _ passes: Bool) throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let (run, rows) = try Self.extractB2([Winner(), winner], in: root, ws: ws)
        #expect((run.status == 0) == passes, "\(name): \(run.stderr)")
        if passes {
            #expect(rows.count == 3)
        } else {
            #expect(run.status == 2 && run.stderr.contains("../winners.csv:3: error:"), "\(name): \(run.stderr)")
        }
    }

    @Test func anAddressIsSplitAtTheLinesLimitWithoutBreakingANumber() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        // 東京都千代田区 (14 bytes) + 丸の内 ×7 (42) = 56 bytes, then the number 1-2-345 (7 bytes): it would fit up to
        // 63 bytes whole, but 2 bytes of kana first push it over, so it moves whole to the second line.
        let street = String(repeating: "丸の内", count: 7) + "あい" + "1-2-345"
        let (run, rows) = try Self.extractB2([Winner(street: street)], in: root, ws: ws)
        #expect(run.status == 0, "\(run.stderr)")
        let first = try #require(Self.column(rows, "お届け先住所"))
        let second = try #require(Self.column(rows, "お届け先アパートマンション名"))
        #expect(first + second == "東京都千代田区" + street)
        #expect(second == "1-2-345", "\(first) | \(second)")
        #expect(LabelText.width(first) <= 64 && LabelText.width(second) <= 32)
    }

    /// Characters outside JIS level 1 and 2 are refused, every offending row listed in one error; a substitution
    /// table replaces them; full-width kana is written half-width where the column takes kana.
    @Test func theCharacterCheckListsEveryRowAndSubstitutionsMendThem() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        var winners = (0..<30).map { _ in Winner() }
        winners[3].name = "髙橋 一郎"
        winners[7].name = "佐藤 ①"
        winners[9].name = "ｻﾄｳ ﾊﾅｺ"
        for index in 10..<30 { winners[index].name = "髙木 \(index)" }
        let (refused, _) = try Self.extractB2(winners, in: root, ws: ws)
        #expect(refused.status == 2)
        let lines = refused.stderr.split(separator: "\n")
        #expect(lines.count == 21, "20 rows listed, then how many more: \(refused.stderr)")
        #expect(lines[0].hasPrefix("../winners.csv:5: error: お届け先名 holds U+9AD9 '髙'"), "\(lines[0])")
        #expect(lines[1].hasPrefix("../winners.csv:9: error: お届け先名 holds U+2460 '①'"), "\(lines[1])")
        #expect(lines[2].hasPrefix("../winners.csv:11: error: お届け先名 holds U+FF7B 'ｻ'"), "\(lines[2])")
        #expect(lines[20].contains("and 3 more row(s)"), "\(lines[20])")

        try "髙 高\n① 1\n".write(to: root.appending(path: "table.txt"), atomically: true, encoding: .utf8)
        winners[9].name = "佐藤 花子"
        let (mended, rows) = try Self.extractB2(winners, extra: ["--substitute", "../table.txt"], in: root, ws: ws)
        #expect(mended.status == 0, "\(mended.stderr)")
        #expect(Self.column(rows, "お届け先名", row: 4) == "高橋 一郎" && Self.column(rows, "お届け先名", row: 8) == "佐藤 1")
        #expect(mended.stdout.hasPrefix("substituted 22 value(s): 髙 → 高 21, ① → 1 1\n"), "\(mended.stdout)")
    }

    @Test func aB2FileIsCSVInCP932Only() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let (xml, _) = try Self.extractB2([Winner()], extra: ["--format", "csv,xml"], in: root, ws: ws)
        #expect(xml.status == 2 && xml.stderr.contains("extracted as CSV only"), "\(xml.stderr)")
        let (utf8, _) = try Self.extractB2([Winner()], extra: ["--encoding", "utf-8"], in: root, ws: ws)
        #expect(utf8.status == 2 && utf8.stderr.contains("imports cp932, not utf-8"), "\(utf8.stderr)")
    }

    // MARK: - The text rules

    @Test(arguments: [
        ("090-1234-5678", "090-1234-5678"), ("09012345678", "090-1234-5678"), ("０９０１２３４５６７８", "090-1234-5678"),
        ("03(5468)1234", "03-5468-1234"), ("+81 90 1234 5678", "090-1234-5678"), ("0120123456", "0120-123-456"),
        ("0354681234", "0354681234"), ("12345", nil), ("090-1234-56789", nil),
    ] as [(String, String?)])
    func phoneNumbers(_ text: String, _ expected: String?) {
        #expect(LabelText.phoneNumber(text) == expected)
    }

    @Test func kanaIsWrittenHalfWidthWithItsVoicedMarks() {
        #expect(LabelText.halfWidthKana("ヤマダ　タロウ") == "ﾔﾏﾀﾞ ﾀﾛｳ")
        #expect(LabelText.halfWidthKana("ぱーてぃー・ヴァン") == "ﾊﾟｰﾃｨｰ･ｳﾞｧﾝ")
        #expect(LabelText.width("ﾔﾏﾀﾞ") == 4 && LabelText.width("山田") == 4)
    }
}

/// The mailing house's layout with Japan Post's customer barcode (`mailing-barcode`), through `consign extract`.
@Suite struct MailingBarcodeProfileTests {
    static let header = "customer_id,full_name,postal_code,prefecture,city,street_address,consent_newsletter"

    @Test func theSeminarMailingCarriesTheAddressNumberAndTheBarcodeTheManualDerives() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let rows = [
            "C00000101,郵便 太郎,263-0023,千葉県,千葉市稲毛区,緑町3丁目30-8　郵便ビル403号,true",
            "C00000102,郵便 花子,0640804,北海道,札幌市中央区,南四条西29丁目1524-23　第2郵便ハウス501,true",
        ]
        try Data(([Self.header] + rows + [""]).joined(separator: "\r\n").utf8).write(to: root.appending(path: "guests.csv"))
        let run = try consign(
            ["extract", "--task", "seminar-invitation-barcode", "--contractor", "sakura-mailing", "--source", "../guests.csv",
             "--out", "../out"], in: ws, environment: ImportProfileTests.clock)
        #expect(run.status == 0, "\(run.stderr)")
        let package = try onlyPackage(in: root.appending(path: "out"))
        let decoded = try pythonRows(csv: package.appending(path: "extract.csv"), encoding: "cp932")
        let fixture = try ImportProfileTests.fixture("mailing-barcode")
        #expect(decoded.first == fixture)
        #expect(Array(decoded[1].prefix(8)) == [
            "263-0023", "千葉県千葉市稲毛区緑町3丁目30-8　郵便ビル403号", "", "", "郵便 太郎", "様", "3-30-8-403",
            "26300233-30-8-403CC4CC4CC45",
        ])
        // Cut at 13 bar characters; check digit 3 (the manual's example).
        #expect(decoded[2][6] == "29-1524-23-2-501" && decoded[2][7] == "064080429-1524-23-2-3")
    }
}
