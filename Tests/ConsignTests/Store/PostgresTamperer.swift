import ConsignStore
import Foundation

/// The PostgreSQL register's tamperer: raw SQL through psql as the server's superuser, past consign's
/// functions, in a session whose foreign keys are not checked (`session_replication_role = replica`, which
/// skips every trigger but those enabled ALWAYS: consign's guards still fire). Dropping the guards is what
/// the schema's owner can do: disable its triggers.
final class PostgresTamperer: RegisterTamperer, @unchecked Sendable {
    let server: TestPostgres
    let database: String
    /// The triggers `dropGuards` disabled (table, name), for `restoreGuards`.
    private var dropped: [(table: String, name: String)] = []
    private let lock = NSLock()

    init(server: TestPostgres, database: String) {
        self.server = server
        self.database = database
    }

    /// Runs SQL in one transaction as the superuser, foreign keys unchecked.
    func run(_ sql: String) throws -> String {
        try server.psql("SET session_replication_role = replica; \(sql)", database: database)
    }

    func dropGuards() async throws {
        let listed = try run(
            """
            SELECT c.relname || ' ' || t.tgname FROM pg_trigger AS t JOIN pg_class AS c ON t.tgrelid = c.oid
            JOIN pg_namespace AS n ON c.relnamespace = n.oid WHERE n.nspname = 'consign' AND NOT t.tgisinternal
            AND t.tgenabled <> 'D'
            """)
        let triggers = listed.split(separator: "\n").map { line in
            let parts = line.split(separator: " ")
            return (table: String(parts[0]), name: String(parts[1]))
        }
        _ = try run(triggers.map { "ALTER TABLE consign.\($0.table) DISABLE TRIGGER \($0.name);" }.joined(separator: " "))
        lock.withLock { dropped += triggers }
    }

    func restoreGuards() async throws {
        let triggers = lock.withLock { defer { dropped = [] }; return dropped }
        let tables = Set(try run("SELECT tablename FROM pg_tables WHERE schemaname = 'consign'").split(separator: "\n").map(String.init))
        let enable = triggers.filter { tables.contains($0.table) }
            .map { "ALTER TABLE consign.\($0.table) ENABLE ALWAYS TRIGGER \($0.name);" }
        if !enable.isEmpty { _ = try run(enable.joined(separator: " ")) }
    }

    /// Bytes as a bytea literal.
    private static func bytea(_ bytes: [UInt8]) -> String { "'\\x" + bytes.map { String(format: "%02x", $0) }.joined() + "'::bytea" }

    /// A subject hash as its key column holds it: 8 bytes, big-endian.
    private static func key(_ subject: UInt64) -> String { bytea(withUnsafeBytes(of: subject.bigEndian) { Array($0) }) }

    private static func chunk(_ hashes: [UInt64]) -> String {
        bytea(hashes.flatMap { hash in withUnsafeBytes(of: hash.bigEndian) { Array($0) } })
    }

    private static func text(_ value: String) -> String { "'" + value.replacingOccurrences(of: "'", with: "''") + "'" }

    func apply(_ change: Tampering) async throws {
        let sql: String
        switch change {
        case .changeBody(let event, let body):
            sql = "UPDATE consign.event SET body = \(Self.bytea(body)) WHERE sequence = \(event)"
        case .changeChainHash(let event, let hash):
            sql = "UPDATE consign.event SET chain_hash = \(Self.text(hash)) WHERE sequence = \(event)"
        case .deleteEvent(let event):
            sql = "DELETE FROM consign.event WHERE sequence = \(event)"
        case .deleteAllEvents:
            sql = "DELETE FROM consign.event"
        case .insertEvent(let row), .replaceEvent(let row):
            // The link to the event before it when there is one, else a link no event has.
            let previous = "COALESCE((SELECT chain_hash FROM consign.event WHERE sequence = \(row.sequence - 1)), 'forged-\(row.sequence)')"
            let upsert =
                if case .replaceEvent = change {
                    " ON CONFLICT (sequence) DO UPDATE SET kind = EXCLUDED.kind, contractor = EXCLUDED.contractor, "
                        + "body = EXCLUDED.body, chain_hash = EXCLUDED.chain_hash"
                } else { "" }
            sql = """
                INSERT INTO consign.event (sequence, kind, contractor, body, chain_hash, previous_hash)
                VALUES (\(row.sequence), \(Self.text(row.kind)), \(Self.text(row.contractor)), \(Self.bytea(row.body)),
                        \(Self.text(row.chainHash)), \(previous))\(upsert)
                """
        case .changeDocument(let sha256, let bytes):
            sql = "UPDATE consign.document SET bytes = \(Self.bytea(bytes)) WHERE sha256 = \(Self.text(sha256))"
        case .deleteDocument(let sha256):
            sql = "DELETE FROM consign.document WHERE sha256 = \(Self.text(sha256))"
        case .replaceDocument(let sha256, let bytes):
            sql = """
                INSERT INTO consign.document (sha256, bytes) VALUES (\(Self.text(sha256)), \(Self.bytea(bytes)))
                ON CONFLICT (sha256) DO UPDATE SET bytes = EXCLUDED.bytes
                """
        case .deleteSubjectChunks(let event):
            sql = "DELETE FROM consign.transfer_subjects WHERE event = \(event)"
        case .changeFirstSubjectChunk(let event, let hashes):
            sql = """
                UPDATE consign.transfer_subjects SET hashes = \(Self.chunk(hashes)) WHERE event = \(event)
                AND first_hash = (SELECT first_hash FROM consign.transfer_subjects WHERE event = \(event) ORDER BY first_hash LIMIT 1)
                """
        case .insertSubjectChunk(let event, let hashes):
            sql = """
                INSERT INTO consign.transfer_subjects (event, first_hash, hashes)
                VALUES (\(event), \(Self.key(hashes[0])), \(Self.chunk(hashes)))
                """
        case .deleteDerivedRows(let table, let event):
            sql = "DELETE FROM consign.\(table.name)" + (event.map { " WHERE event = \($0)" } ?? "")
        case .insertSubjectIndexRow(let subject, let event):
            sql = "INSERT INTO consign.subject_index (subject, event) VALUES (\(Self.key(subject)), \(event))"
        case .insertStopUseRow(let subject, let event):
            sql = "INSERT INTO consign.stop_use_index (subject, event) VALUES (\(Self.key(subject)), \(event))"
        case .changeTransferRowSubjects(let event, let subjects):
            sql = "UPDATE consign.transfer_index SET subjects = \(subjects) WHERE event = \(event)"
        case .changeDeletionRowEvent(let transfer, let event):
            sql = "UPDATE consign.deletion_index SET event = \(event) WHERE transfer = \(Self.text(transfer))"
        case .dropTable(let table):
            sql = "DROP TABLE consign.\(table.name) CASCADE"
        }
        _ = try run(sql)
    }

    func storedDerivedRows() async throws -> DerivedRows {
        func lines(_ sql: String) throws -> [[String]] {
            try run(sql).split(separator: "\n").map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
        }
        func subjects(_ table: String) throws -> [DerivedRows.Subject] {
            try lines("SELECT encode(subject, 'hex'), event FROM consign.\(table)").map { row in
                let subject = row[0].count == 16 ? UInt64(row[0], radix: 16)! : UInt64.max
                return DerivedRows.Subject(subject: subject, event: Int(row[1])!)
            }
        }
        var rows = DerivedRows()
        rows.transfers = try lines("SELECT id, event, subjects FROM consign.transfer_index").map {
            DerivedRows.Transfer(id: $0[0], event: Int($0[1])!, subjects: Int($0[2])!)
        }
        rows.deletions = try lines("SELECT transfer, event FROM consign.deletion_index").map {
            DerivedRows.Deletion(transfer: $0[0], event: Int($0[1])!)
        }
        rows.stopUse = try subjects("stop_use_index")
        rows.subjectIndex = try subjects("subject_index")
        return rows
    }
}
