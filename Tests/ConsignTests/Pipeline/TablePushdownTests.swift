import ConsignCore
import ConsignPipeline
import ConsignSQLite
import Foundation
import GRDB
import Testing

/// The row scope a table source says in SQL (`TableQuery`) never leaves out a row the extract's own filter
/// (`RowFilter`) would admit, and leaves out every row it would not, except for the tests SQL cannot say as
/// Swift does (`at-least`, `at-most`), which reach the filter.
@Suite struct TablePushdownTests {
    static let fields = ["id", "consent", "kind", "region", "company", "value", "dated"].map { sourceField($0) }

    /// Values that sit on the edges of each test: spellings of consent, case, spaces, NULL and empty.
    static let values: [String: [String?]] = [
        "consent": ["true", "TRUE", "True", "1", "yes", "YES", "Yes", "t", "on", "true ", " 1", "0", "false", "", nil, "ｙｅｓ"],
        "kind": ["a", "A", "b", "", nil, "a "],
        "region": ["東京都", "大阪府", "北海道", "東京都 大阪府", "", nil],
        "company": ["x", "", nil, " "],
        "value": ["5", "10", "10.0", "1e1", "abc", "", nil, "11"],
        // A consent to a provision, read as of 2026-11-18: dates either side, not dates, ten bytes that are no date.
        "dated": [
            "2026-11-18", "2026-11-17", "2026-11-19", "2025-02-28", "2027-01-01", "2026-02-30", "2026-11-1", "2026-11-18 ",
            "2026/11/18", "20261118XX", "0000-00-00", "true", "", nil,
        ],
    ]

    @Test func thePushedDownScopeKeepsExactlyTheRowsTheFilterAdmits() async throws {
        let root = try temporaryDirectory("consign-pushdown")
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appending(path: "t.sqlite")
        let database = try DatabaseQueue(path: file.path)
        var rows: [[String?]] = []
        var generator = SystemRandomNumberGenerator()
        for n in 0..<3_000 {
            rows.append(
                ["C\(n)"] + ["consent", "kind", "region", "company", "value", "dated"].map { Self.values[$0]!.randomElement(using: &generator)! })
        }
        try await database.write { [rows] db in
            try db.execute(sql: "CREATE TABLE t (id TEXT, consent TEXT, kind TEXT, region TEXT, company TEXT, value TEXT, dated TEXT)")
            for row in rows { try db.execute(sql: "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?)", arguments: StatementArguments(row)) }
        }
        try database.close()

        // The dated consent is pushed down as a superset (ten bytes, no later than the date): the filter decides.
        let scopes: [(RowScope, pushesAll: Bool)] = [
            (RowScope(consents: [Located("dated")]), false),
            (RowScope(consents: [Located("consent"), Located("dated")]), false),
            (RowScope(consents: [Located("consent")]), true),
            (RowScope(conditions: [Located(Condition(field: "kind", op: .equals, value: "a"))]), true),
            (RowScope(conditions: [Located(Condition(field: "kind", op: .notEquals, value: "a"))]), true),
            (RowScope(conditions: [Located(Condition(field: "region", op: .oneOf, value: "東京都 大阪府"))]), true),
            (RowScope(conditions: [Located(Condition(field: "company", op: .notEmpty))]), true),
            (
                RowScope(
                    consents: [Located("consent")],
                    conditions: [
                        Located(Condition(field: "value", op: .atLeast, value: "10")),
                        Located(Condition(field: "kind", op: .notEquals, value: "")),
                    ]), false
            ),
        ]
        let table = try SQLiteTable(url: "sqlite:\(file.path)?table=t")
        for (scope, pushesAll) in scopes {
            let on = CalendarDate("2026-11-18")!
            let filter = RowFilter(scope, dated: ["dated"], on: on) { id in Self.fields.firstIndex { $0.id == id }! }
            let query = TableQuery(fields: Self.fields, scope: scope, dated: ["dated"], on: on)
            let datedOnly = scope.consents.contains { $0.value == "dated" }
            #expect((query.scope.count == scope.consents.count + scope.conditions.count && !datedOnly) == pushesAll)
            var handed: [String] = []
            var admitted: [String] = []
            let name = try await table.read(query) { (row: TableRow) throws(InputError) in
                let id = String(decoding: row.value(0), as: UTF8.self)
                handed.append(id)
                if filter.admits({ row.value($0) }) { admitted.append(id) }
            }
            #expect(name == "sqlite:\(file.path)?table=t")
            let expected = rows.filter { row in
                let cells = row.map { Array(($0 ?? "").utf8) }
                return filter.admits { position in cells[position].withUnsafeBytes { $0 } }
            }.map { $0[0]! }
            if scope.consents.map(\.value) == ["dated"] {
                // Said independently: a real date, written as one, on or before the day.
                let given: Set<String?> = ["2026-11-18", "2026-11-17", "2025-02-28"]
                #expect(Set(expected) == Set(rows.filter { given.contains($0[6]) }.map { $0[0]! }))
            }
            // The table hands its rows over in key order.
            let filtered = admitted.sorted() == expected.sorted(), exact = handed.sorted() == expected.sorted()
            #expect(handed == handed.sorted())
            #expect(filtered, "\(scope): \(admitted.count) rows admitted of those read, \(expected.count) expected")
            if pushesAll { #expect(exact, "\(scope): SQL handed \(handed.count) rows, the filter admits \(expected.count)") }
            #expect(!expected.isEmpty && expected.count < rows.count, "\(scope) tests something")
        }
    }
}
