import ConsignCore
import Foundation
import Testing

/// Sagawa's e飛伝Ⅲ (`sagawa-ehiden`) and Japan Post's ゆうパックプリントR (`japanpost-yupri`) through `consign extract`:
/// each file has its published header and columns in CP932, each limit holds at its exact boundary (e飛伝 in
/// characters, ゆうプリR in bytes), dates are written `YYYYMMDD`, and the ゆうプリR file is the one consign's shipped
/// filter reads.
@Suite struct CourierLayoutTests {
    typealias Winner = ImportProfileTests.Winner

    static func extract(
        _ profile: String, _ winners: [Winner], values: [(String, String)] = [], in root: URL, ws: URL
    ) throws -> (run: Run, rows: [[String]]) {
        try ImportProfileTests.writeTask("prize-shipping-\(profile)", profile: profile, values: values, in: ws)
        return try ImportProfileTests.extractB2(winners, task: "prize-shipping-\(profile)", in: root, ws: ws)
    }

    static func column(_ rows: [[String]], _ header: String, row: Int = 1) -> String? {
        ImportProfileTests.column(rows, header, row: row)
    }

    /// The first row's columns as `expected`, the reference column holding the pseudonym's first `digits` hex digits,
    /// and the transfer recording the layout.
    static func expectRow(
        _ rows: [[String]], _ expected: [String: String], reference: (column: String, digits: Int), profile: String, ws: URL
    ) async throws {
        for (header, value) in expected { #expect(column(rows, header) == value, "\(header)") }
        let pseudonym = try #require(column(rows, reference.column))
        #expect(pseudonym.count == reference.digits && pseudonym.allSatisfy(\.isHexDigit), "\(pseudonym)")
        #expect(try await recordedTransfers(ws).last?.value.importProfile == profile)
    }

    @Test func anEHidenFileHasSagawasColumnsAndTheCatalogsCustomerCode() async throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let winner = Winner(street: "丸の内1-2-3 丸の内ビルディング 10F")
        let (run, rows) = try Self.extract("sagawa-ehiden", [winner], values: [("品名１", "懸賞賞品（書籍）"), ("配達日", "2026-11-20")], in: root, ws: ws)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(rows.first == (try ImportProfileTests.fixture("sagawa-ehiden")))
        #expect(rows.first?.count == 74 && rows.dropFirst().allSatisfy { $0.count == 74 })
        let expected: [String: String] = [
            "お届け先電話番号": "090-1234-5678", "お届け先郵便番号": "100-0001", "お届け先住所１": "東京都千代田区丸の内1-2-3",
            "お届け先住所２": "丸の内ビルディング 10F", "お届け先住所３": "", "お届け先名称１": "山田 太郎", "お客様コード": "123456780012",
            "ご依頼主電話番号": "03-5468-1234", "ご依頼主郵便番号": "150-0002", "ご依頼主住所１": "東京都渋谷区渋谷2-21-1",
            "ご依頼主住所２": "ヒカリエ 8F", "ご依頼主名称１": "株式会社クモラーニング", "品名１": "懸賞賞品（書籍）", "出荷個数": "1",
            "スピード指定": "000", "クール便指定": "001", "配達日": "20261120", "出荷日": "20261118", "お問い合せ送り状No.": "",
        ]
        try await Self.expectRow(rows, expected, reference: ("お客様管理番号", 16), profile: "sagawa-ehiden", ws: ws)
    }

    /// e飛伝 bills the account that logs in when the file names none: without a catalog account the column is empty.
    @Test func eHidenNeedsNoAccountInTheCatalog() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        try edit(
            ws.appending(path: "templates/catalog.xml"),
            replacing: "      <courier-account profile=\"sagawa-ehiden\" customer-code=\"123456780012\"/>\n", with: "")
        let (run, rows) = try Self.extract("sagawa-ehiden", [Winner()], in: root, ws: ws)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(Self.column(rows, "お客様コード") == "")
    }

    /// e飛伝 counts characters (16 a line, half-width counting one, as it writes them full-width); ゆうプリR bytes.
    @Test(arguments: [
        ("sagawa-ehiden", "お届け先名称１ 16 characters", Winner(name: String(repeating: "山", count: 15) + "A"), true),
        ("sagawa-ehiden", "お届け先名称１ 17 characters", Winner(name: String(repeating: "山", count: 16) + "A"), false),
        ("sagawa-ehiden", "an address of 48 characters over three lines",
         Winner(prefecture: "東京都", city: "千代田区", street: String(repeating: "丸", count: 9) + " " + String(repeating: "館", count: 16) + " " + String(repeating: "棟", count: 16)), true),
        ("sagawa-ehiden", "an address of 49 characters",
         Winner(prefecture: "東京都", city: "千代田区", street: String(repeating: "丸", count: 9) + " " + String(repeating: "館", count: 16) + " " + String(repeating: "棟", count: 16) + "A"), false),
        ("sagawa-ehiden", "a phone of 12 digits", Winner(phone: "090123456789"), false),
        ("japanpost-yupri", "お届け先 名称１ 50 bytes", Winner(name: String(repeating: "山", count: 25)), true),
        ("japanpost-yupri", "お届け先 名称１ 51 bytes", Winner(name: String(repeating: "山", count: 25) + "A"), false),
        ("japanpost-yupri", "an address of 150 bytes over three lines",
         Winner(prefecture: "東京都", city: "千代田区", street: String(repeating: "丸", count: 18) + " " + String(repeating: "館", count: 25) + " " + String(repeating: "棟", count: 25)), true),
        ("japanpost-yupri", "an address of 151 bytes",
         Winner(prefecture: "東京都", city: "千代田区", street: String(repeating: "丸", count: 18) + " " + String(repeating: "館", count: 25) + " " + String(repeating: "棟", count: 25) + "A"), false),
        ("mailing-barcode", "宛名 60 bytes", Winner(name: String(repeating: "山", count: 30)), true),
        ("mailing-barcode", "宛名 61 bytes", Winner(name: String(repeating: "山", count: 30) + "A"), false),
        ("mailing-barcode", "an address of 180 bytes over three lines",
         Winner(prefecture: "東京都", city: "千代田区", street: String(repeating: "丸", count: 23) + " " + String(repeating: "館", count: 30) + " " + String(repeating: "棟", count: 30)), true),
        ("mailing-barcode", "an address of 181 bytes",
         Winner(prefecture: "東京都", city: "千代田区", street: String(repeating: "丸", count: 23) + " " + String(repeating: "館", count: 30) + " " + String(repeating: "棟", count: 30) + "A"), false),
    ])
    func limitsHoldAtTheirBoundary(_ profile: String, _ name: String, _ winner: Winner, _ passes: Bool) throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let (run, rows) = try Self.extract(profile, [Winner(), winner], in: root, ws: ws)
        #expect((run.status == 0) == passes, "\(name): \(run.stderr)")
        if passes {
            #expect(rows.count == 3)
        } else {
            #expect(run.status == 2 && run.stderr.contains("../winners.csv:3: error:"), "\(name): \(run.stderr)")
        }
    }

    /// The sender comes from the catalog, checked against the layout's limits once, before any row is read: a
    /// name of 16 characters fits e飛伝's ご依頼主名称１, one of 17 is refused naming the catalog.
    @Test(arguments: [(16, true), (17, false)])
    func theSendersLimitsAreTheCatalogs(_ characters: Int, _ passes: Bool) throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        try edit(
            ws.appending(path: "templates/catalog.xml"), replacing: "<name>株式会社クモラーニング</name>",
            with: "<name>" + String(repeating: "雲", count: characters) + "</name>")
        let (run, rows) = try Self.extract("sagawa-ehiden", [Winner()], in: root, ws: ws)
        #expect((run.status == 0) == passes, "\(run.stderr)")
        if passes {
            #expect(Self.column(rows, "ご依頼主名称１") == String(repeating: "雲", count: 16))
        } else {
            #expect(run.status == 2 && run.stderr.contains("templates/catalog.xml: error: ご依頼主名称１ is 17 characters"), "\(run.stderr)")
        }
    }

    /// A task's value for a column the layout limits is checked at the task's line, before any row is read.
    @Test(arguments: [
        ("sagawa-ehiden", "品名１", String(repeating: "書", count: 16), true), ("sagawa-ehiden", "品名１", String(repeating: "書", count: 17), false),
        ("sagawa-ehiden", "配達日", "2026/11/20", true), ("sagawa-ehiden", "配達日", "20261120", true),
        ("sagawa-ehiden", "配達日", "2026-13-01", false), ("sagawa-ehiden", "配達日", "2026-1-20", false),
        ("yamato-b2", "品名１", String(repeating: "書", count: 25), true), ("yamato-b2", "品名１", String(repeating: "書", count: 25) + "A", false),
        ("yamato-b2", "お届け予定日", "2026-11-20", true),
    ])
    func aTasksValuesAreCheckedAtItsLine(_ profile: String, _ column: String, _ value: String, _ passes: Bool) throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        // (B2 requires 品名１.)
        let required = profile == "yamato-b2" && column != "品名１" ? [("品名１", "書籍")] : []
        let (run, rows) = try Self.extract(profile, [Winner()], values: [(column, value)] + required, in: root, ws: ws)
        #expect((run.status == 0) == passes, "\(column) \(value): \(run.stderr)")
        if passes {
            #expect(Self.column(rows, column)?.isEmpty == false)
        } else {
            #expect(run.stderr.contains("templates/prize-shipping-\(profile).xml:"), "\(run.stderr)")
            // `consign check` finds it too, before anyone extracts.
            let check = try consign(["check"], in: ws)
            #expect(check.status != 0 && (check.stdout + check.stderr).contains("prize-shipping-\(profile).xml:"), "\(check.stdout)")
        }
    }

    @Test func aYupriFileIsTheOneConsignsShippedFilterReads() async throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let (run, rows) = try Self.extract("japanpost-yupri", [Winner(street: "丸の内1-2-3")], in: root, ws: ws)
        #expect(run.status == 0, "\(run.stderr)")
        // The shipped filter is what the command writes, and names the file's columns by number.
        let filter = try readText(repositoryRoot.appending(path: "docs/japanpost-yupri-filter.tsv"))
        let show = try consign(["--lang", "ja", "import-profile", "show", "japanpost-yupri"], in: ws)
        #expect(show.status == 0 && show.stdout == filter)
        let items = filter.split(separator: "\n").compactMap { line -> (Int, String)? in
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard cells.count == 7, let number = Int(cells[0]) else { return nil }
            return (number, String(cells[1]))
        }
        #expect(items.map(\.0) == Array(1...117))
        #expect(rows.first == items.map(\.1))
        #expect(rows.first == (try ImportProfileTests.fixture("japanpost-yupri")))
        #expect(rows.dropFirst().allSatisfy { $0.count == 117 })
        let expected: [String: String] = [
            "発送予定日": "20261118", "郵便種別": "0", "保冷種別": "0", "元／着払／代引": "0", "お届け先 郵便番号": "100-0001",
            "お届け先 住所１": "東京都千代田区丸の内1-2-3", "お届け先 住所２": "", "お届け先 名称１": "山田 太郎",
            "お届け先 電話番号": "090-1234-5678", "ご依頼主 郵便番号": "150-0002", "ご依頼主 住所１": "東京都渋谷区渋谷2-21-1 ヒカリエ 8F",
            "ご依頼主 名称１": "株式会社クモラーニング", "ご依頼主 電話番号": "03-5468-1234",
        ]
        try await Self.expectRow(rows, expected, reference: ("お客様側管理番号", 15), profile: "japanpost-yupri", ws: ws)
    }

    @Test func anUnknownLayoutIsNamedWithTheOnesConsignShips() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try consign(["import-profile", "show", "fukuyama"], in: ws)
        #expect(run.status == 2 && run.stderr.contains("japanpost-yupri, mailing-barcode, sagawa-ehiden, yamato-b2"), "\(run.stderr)")
        let list = try consign(["import-profile", "list"], in: ws)
        #expect(list.stdout.split(separator: "\n").count == ImportProfile.all.count)
        // For scripts: the same columns with codes.
        let json = try consign(["import-profile", "show", "yamato-b2", "--format", "json"], in: ws)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let columns = try #require(object["columns"] as? [[String: Any]])
        #expect(columns.map { $0["header"] as? String } == (try ImportProfileTests.fixture("yamato-b2")))
        #expect(columns[8]["filled_from"] as? String == "input:phone" && columns[8]["limit_characters"] as? Int == 15)
    }
}
