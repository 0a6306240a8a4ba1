import Foundation
import GRDB
import Testing

/// The SQLite file of a register written before the derived rows (transfers by id, deletions by transfer,
/// the stop-use list by subject, the merged subject index) gets them when it is opened: its migration, with
/// a demo register made by the CLI. That the rows are what the chain says, on every backend, is
/// `RegisterStoreContractTests.theDerivedRowsAreWhatTheChainSays`.
@Suite struct SQLiteDerivedStateTests {
    /// A demo register with a deletion confirmed and an erasure requested besides the demo's stop-use and
    /// transfers.
    static func register() throws -> (root: URL, ws: URL) {
        let root = try temporaryDirectory("consign-derived")
        #expect(try consign(["demo", "ws"], in: root).status == 0)
        let ws = root.appending(path: "ws")
        let transfer = try #require(
            try consign(["transfer", "list"], in: ws).stdout.split(separator: "\n").dropFirst().first?.split(separator: " ").first)
        try Data("certificate".utf8).write(to: ws.appending(path: "certificate.pdf"))
        let deletion = try consign(["transfer", "confirm-deletion", String(transfer), "--certificate", "certificate.pdf"], in: ws)
        #expect(deletion.status == 0, "\(deletion.stderr)")
        #expect(try consign(["subject", "erase", "C00000007", "--reason", "asked"], in: ws).status == 0)
        return (root, ws)
    }

    /// Every derived table's rows as stored, in key order, as text.
    static func storedRows(_ ws: URL) throws -> [String: [String]] {
        try DatabaseQueue(path: ws.appending(path: ".consign/register.sqlite").path).read { db in
            var tables: [String: [String]] = [:]
            for (table, columns) in [
                ("transfer_index", "id, event, subjects"), ("deletion_index", "transfer, event"),
                ("stop_use_index", "hex(subject), event"), ("subject_index", "hex(subject), event"),
            ] {
                tables[table] = try Row.fetchAll(db, sql: "SELECT \(columns) FROM \(table) ORDER BY 1, 2").map { row in
                    row.databaseValues.map(\.description).joined(separator: "|")
                }
            }
            return tables
        }
    }

    @Test func aRegisterWrittenBeforeTheDerivedRowsGetsThemWhenOpened() async throws {
        let (root, ws) = try Self.register()
        defer { try? FileManager.default.removeItem(at: root) }
        let expected = try Self.storedRows(ws)
        // The register as the release before them wrote it: no derived tables, no record of their migration.
        try await DatabaseQueue(path: ws.appending(path: ".consign/register.sqlite").path).write { db in
            for table in ["transfer_index", "deletion_index", "stop_use_index", "subject_index"] {
                try db.execute(sql: "DROP TABLE \(table)")
            }
            try db.execute(sql: "DROP INDEX event_by_kind")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v3-derived-state'")
        }
        let verify = try consign(["ledger", "verify"], in: ws)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(try Self.storedRows(ws) == expected)
    }
}
