import ConsignStore
import Foundation
import GRDB

/// The SQLite register's tamperer: raw SQL on the file through a connection of its own, with foreign keys
/// off (a chunk may outlive its event), as anyone who can write the file could.
final class SQLiteTamperer: RegisterTamperer, @unchecked Sendable {
    let path: String
    /// The triggers `dropGuards` dropped (name, table, SQL), for `restoreGuards`.
    private var dropped: [(name: String, table: String, sql: String)] = []
    private let lock = NSLock()

    init(path: String) { self.path = path }

    /// The register of a workspace made by the CLI.
    convenience init(workspace: URL) { self.init(path: workspace.appending(path: ".consign/register.sqlite").path) }

    /// Runs raw SQL on the file in one transaction with the append-only triggers dropped, and puts them back
    /// after it unless `restoring` is false: what the CLI tests of a workspace's register tamper with
    /// (`tamper(_:dropTriggers:_:)`), where the change is SQLite's own (a table dropped, a column set).
    func withoutGuards(restoring: Bool = true, _ change: (Database) throws -> Void) throws {
        try database().write { db in
            let triggers = try Self.dropTriggers(db)
            try change(db)
            if restoring {
                for trigger in triggers { try db.execute(sql: trigger.sql) }
            }
        }
    }

    /// Drops every trigger (the register's append-only guards), returning what recreates them.
    private static func dropTriggers(_ db: Database) throws -> [(name: String, table: String, sql: String)] {
        let triggers = try Row.fetchAll(db, sql: "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'").map {
            (name: $0["name"] as String, table: $0["tbl_name"] as String, sql: $0["sql"] as String)
        }
        for trigger in triggers { try db.execute(sql: "DROP TRIGGER \(trigger.name)") }
        return triggers
    }

    private func database() throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    func dropGuards() async throws {
        let triggers = try await database().write { db in try Self.dropTriggers(db) }
        lock.withLock { dropped += triggers }
    }

    func restoreGuards() async throws {
        let triggers = lock.withLock { defer { dropped = [] }; return dropped }
        try await database().write { db in
            let tables = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"))
            for trigger in triggers where tables.contains(trigger.table) { try db.execute(sql: trigger.sql) }
        }
    }

    /// A subject hash as its key column holds it: 8 bytes, big-endian.
    private static func key(_ subject: UInt64) -> Data { withUnsafeBytes(of: subject.bigEndian) { Data($0) } }

    private static func chunk(_ hashes: [UInt64]) -> Data { hashes.reduce(into: Data()) { $0 += key($1) } }

    func apply(_ change: Tampering) async throws {
        try await database().write { db in
            switch change {
            case .changeBody(let event, let body):
                try db.execute(sql: "UPDATE event SET body = ? WHERE sequence = ?", arguments: [Data(body), event])
            case .changeChainHash(let event, let hash):
                try db.execute(sql: "UPDATE event SET chain_hash = ? WHERE sequence = ?", arguments: [hash, event])
            case .deleteEvent(let event):
                try db.execute(sql: "DELETE FROM event WHERE sequence = ?", arguments: [event])
            case .deleteAllEvents:
                try db.execute(sql: "DELETE FROM event")
            case .insertEvent(let row), .replaceEvent(let row):
                let verb = if case .replaceEvent = change { "INSERT OR REPLACE" } else { "INSERT" }
                try db.execute(
                    sql: "\(verb) INTO event (sequence, kind, contractor, body, chain_hash) VALUES (?, ?, ?, ?, ?)",
                    arguments: [row.sequence, row.kind, row.contractor, Data(row.body), row.chainHash])
            case .changeDocument(let sha256, let bytes):
                try db.execute(sql: "UPDATE document SET bytes = ? WHERE sha256 = ?", arguments: [Data(bytes), sha256])
            case .deleteDocument(let sha256):
                try db.execute(sql: "DELETE FROM document WHERE sha256 = ?", arguments: [sha256])
            case .replaceDocument(let sha256, let bytes):
                try db.execute(
                    sql: "INSERT OR REPLACE INTO document (sha256, bytes) VALUES (?, ?)", arguments: [sha256, Data(bytes)])
            case .deleteSubjectChunks(let event):
                try db.execute(sql: "DELETE FROM transfer_subjects WHERE event = ?", arguments: [event])
            case .changeFirstSubjectChunk(let event, let hashes):
                try db.execute(
                    sql: """
                        UPDATE transfer_subjects SET hashes = ? WHERE event = ?
                        AND first_hash = (SELECT MIN(first_hash) FROM transfer_subjects WHERE event = ?)
                        """,
                    arguments: [Self.chunk(hashes), event, event])
            case .insertSubjectChunk(let event, let hashes):
                try db.execute(
                    sql: "INSERT INTO transfer_subjects (event, first_hash, hashes) VALUES (?, ?, ?)",
                    arguments: [event, Self.key(hashes[0]), Self.chunk(hashes)])
            case .deleteDerivedRows(let table, let event):
                if let event {
                    try db.execute(sql: "DELETE FROM \(table.name) WHERE event = ?", arguments: [event])
                } else {
                    try db.execute(sql: "DELETE FROM \(table.name)")
                }
            case .insertSubjectIndexRow(let subject, let event):
                try db.execute(sql: "INSERT INTO subject_index (subject, event) VALUES (?, ?)", arguments: [Self.key(subject), event])
            case .insertStopUseRow(let subject, let event):
                try db.execute(sql: "INSERT INTO stop_use_index (subject, event) VALUES (?, ?)", arguments: [Self.key(subject), event])
            case .changeTransferRowSubjects(let event, let subjects):
                try db.execute(sql: "UPDATE transfer_index SET subjects = ? WHERE event = ?", arguments: [subjects, event])
            case .changeDeletionRowEvent(let transfer, let event):
                try db.execute(sql: "UPDATE deletion_index SET event = ? WHERE transfer = ?", arguments: [event, transfer])
            case .dropTable(let table):
                try db.execute(sql: "DROP TABLE \(table.name)")
            }
        }
    }

    func storedDerivedRows() async throws -> DerivedRows {
        try await database().read { db in
            func subjects(_ table: String) throws -> [DerivedRows.Subject] {
                try Row.fetchAll(db, sql: "SELECT subject, event FROM \(table)").map { row in
                    let data = row["subject"] as Data
                    let subject = data.count == 8 ? data.reduce(UInt64(0)) { $0 << 8 | UInt64($1) } : UInt64.max
                    return DerivedRows.Subject(subject: subject, event: row["event"])
                }
            }
            var rows = DerivedRows()
            rows.transfers = try Row.fetchAll(db, sql: "SELECT id, event, subjects FROM transfer_index").map {
                DerivedRows.Transfer(id: $0["id"], event: $0["event"], subjects: $0["subjects"])
            }
            rows.deletions = try Row.fetchAll(db, sql: "SELECT transfer, event FROM deletion_index").map {
                DerivedRows.Deletion(transfer: $0["transfer"], event: $0["event"])
            }
            rows.stopUse = try subjects("stop_use_index")
            rows.subjectIndex = try subjects("subject_index")
            return rows
        }
    }
}
