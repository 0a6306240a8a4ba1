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
    static func field(_ id: String, _ column: String) -> Field {
        Field(id: id, column: column, category: "c", description: "", weight: 1, identifiability: .none, collectedFor: [])
    }

    static let fields = [
        field("id", "id"), field("consent", "consent"), field("kind", "kind"), field("region", "region"),
        field("company", "company"), field("value", "value"),
    ]

    /// Values that sit on the edges of each test: spellings of consent, case, spaces, NULL and empty.
    static let values: [String: [String?]] = [
        "consent": ["true", "TRUE", "True", "1", "yes", "YES", "Yes", "t", "on", "true ", " 1", "0", "false", "", nil, "ｙｅｓ"],
        "kind": ["a", "A", "b", "", nil, "a "],
        "region": ["東京都", "大阪府", "北海道", "東京都 大阪府", "", nil],
        "company": ["x", "", nil, " "],
        "value": ["5", "10", "10.0", "1e1", "abc", "", nil, "11"],
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
                ["C\(n)"] + ["consent", "kind", "region", "company", "value"].map { Self.values[$0]!.randomElement(using: &generator)! })
        }
        try await database.write { [rows] db in
            try db.execute(sql: "CREATE TABLE t (id TEXT, consent TEXT, kind TEXT, region TEXT, company TEXT, value TEXT)")
            for row in rows { try db.execute(sql: "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)", arguments: StatementArguments(row)) }
        }
        try database.close()

        let scopes: [(RowScope, pushesAll: Bool)] = [
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
            let filter = RowFilter(scope) { id in Self.fields.firstIndex { $0.id == id }! }
            let query = TableQuery(fields: Self.fields, scope: scope)
            #expect((query.scope.count == scope.consents.count + scope.conditions.count) == pushesAll)
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
            // The table hands its rows over in key order.
            let filtered = admitted.sorted() == expected.sorted(), exact = handed.sorted() == expected.sorted()
            #expect(handed == handed.sorted())
            #expect(filtered, "\(scope): \(admitted.count) rows admitted of those read, \(expected.count) expected")
            if pushesAll { #expect(exact, "\(scope): SQL handed \(handed.count) rows, the filter admits \(expected.count)") }
            #expect(!expected.isEmpty && expected.count < rows.count, "\(scope) tests something")
        }
    }
}
