import ConsignCore
import ConsignKeys
import ConsignStore
import Foundation
import GRDB
import GRDBSQLite

/// The register on SQLite (GRDB), the embedded default: `.consign/register.sqlite`. Append-only at the
/// database level: triggers refuse UPDATE and DELETE, and a BEFORE INSERT trigger refuses an insert whose
/// key already exists (SQLite's `INSERT OR REPLACE` deletes without firing DELETE triggers) or that does
/// not extend the chain by exactly one.
public final class SQLiteRegisterStore: RegisterStore {
    private let database: DatabaseQueue
    /// The database file, which the stretches of a ledger read are each read from on their own connection.
    private let path: String
    public let chain: LedgerChain
    public let replayed = RegisterReplay()

    /// Opens (creating and migrating when needed) the register at `url`.
    public init(url: URL, masterKey: MasterKey) throws {
        path = url.path
        chain = LedgerChain(masterKey: masterKey)
        do {
            database = try DatabaseQueue(path: url.path, configuration: SQLiteRegisterStore.configuration(readonly: false))
            try SQLiteRegisterStore.migrator.migrate(database)
        } catch {
            throw SQLiteRegisterStore.explained(error, path: url.path)
        }
    }

    private func write<T: Sendable>(_ updates: @Sendable (Database) throws -> T) async throws -> T {
        do { return try await database.write(updates) } catch { throw SQLiteRegisterStore.explained(error, path: path) }
    }

    private func read<T: Sendable>(_ value: @Sendable (Database) throws -> T) async throws -> T {
        do { return try await database.read(value) } catch { throw SQLiteRegisterStore.explained(error, path: path) }
    }

    /// SQLite's failures in words that say what happened and what to do; any other error as it is. Nothing
    /// of a failed write is recorded: SQLite rolls the transaction back.
    static func explained(_ error: any Error, path: String) -> any Error {
        guard let error = error as? DatabaseError else { return error }
        switch error.resultCode.primaryResultCode {
        case .SQLITE_FULL:
            return InputError(RegisterText.diskFull.text(), file: path)
        case .SQLITE_READONLY:
            return InputError(RegisterText.readOnly.text(), file: path)
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH:
            return InputError(RegisterText.cannotOpen(sqlite: error.message).text(), file: path)
        case .SQLITE_IOERR:
            return InputError(RegisterText.ioError(sqlite: error.message).text(), file: path)
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return InputError(RegisterText.busy.text(), file: path)
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return CorruptRegister(description: RegisterText.damagedFile(path: path, sqlite: error.message).text())
        case .SQLITE_ERROR where error.message?.hasPrefix("no such table") == true:
            return CorruptRegister(description: RegisterText.damagedSchema(path: path, sqlite: error.message!).text())
        default:
            return error
        }
    }

    /// What is missing from the register's schema: its tables, and the triggers that keep it append-only
    /// in the database (empty when whole).
    public func schemaDamage() async throws -> [SchemaDamage] {
        try await read { db in
            let present = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')"))
            return SQLiteRegisterStore.tables.filter { !present.contains($0) }.map { SchemaDamage(isTable: true, name: $0) }
                + SQLiteRegisterStore.triggers.filter { !present.contains($0) }.map { SchemaDamage(isTable: false, name: $0) }
        }
    }

    /// The tables and triggers the migrations make.
    private static let tables = ["event", "document", "transfer_subjects"]
    private static let triggers = [
        "event_refuses_update", "event_refuses_delete", "event_refuses_existing_or_gap", "document_refuses_update",
        "document_refuses_delete", "document_refuses_existing", "transfer_subjects_refuse_update",
        "transfer_subjects_refuse_delete", "transfer_subjects_refuse_existing_or_old",
    ]

    /// How every connection to the register is opened: waiting up to 10 s for a writer, and reading
    /// through a memory map instead of one pread(2) per page (a subject lookup touches a few pages in each
    /// of a thousand transfers; SQLite still writes with write(2)).
    private static func configuration(readonly: Bool) -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.readonly = readonly
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA mmap_size = 1073741824") }
        return configuration
    }

    /// Named, append-only migrations: a released migration never changes; new ones are added below it.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-event-log") { db in
            try db.execute(
                sql: """
                    CREATE TABLE event (
                        sequence INTEGER PRIMARY KEY NOT NULL CHECK (sequence >= 1),
                        kind TEXT NOT NULL,
                        contractor TEXT NOT NULL,
                        body BLOB NOT NULL,
                        chain_hash TEXT NOT NULL
                    );
                    CREATE TABLE document (
                        sha256 TEXT PRIMARY KEY NOT NULL,
                        bytes BLOB NOT NULL
                    );
                    CREATE TRIGGER event_refuses_update BEFORE UPDATE ON event
                    BEGIN SELECT RAISE(ABORT, 'the register is append-only: an event cannot be changed'); END;
                    CREATE TRIGGER event_refuses_delete BEFORE DELETE ON event
                    BEGIN SELECT RAISE(ABORT, 'the register is append-only: an event cannot be deleted'); END;
                    CREATE TRIGGER event_refuses_existing_or_gap BEFORE INSERT ON event
                    WHEN EXISTS (SELECT 1 FROM event WHERE sequence = NEW.sequence)
                        OR NEW.sequence <> (SELECT COALESCE(MAX(sequence), 0) + 1 FROM event)
                    BEGIN SELECT RAISE(ABORT, 'the register is append-only: an event must extend the chain by one'); END;
                    CREATE TRIGGER document_refuses_update BEFORE UPDATE ON document
                    BEGIN SELECT RAISE(ABORT, 'the register is append-only: a document cannot be changed'); END;
                    CREATE TRIGGER document_refuses_delete BEFORE DELETE ON document
                    BEGIN SELECT RAISE(ABORT, 'the register is append-only: a document cannot be deleted'); END;
                    CREATE TRIGGER document_refuses_existing BEFORE INSERT ON document
                    WHEN EXISTS (SELECT 1 FROM document WHERE sha256 = NEW.sha256)
                    BEGIN SELECT RAISE(ABORT, 'the register is append-only: a document cannot be replaced'); END;
                    """)
        }
        migrator.registerMigration("v2-transfer-subjects") { db in
            try db.execute(
                sql: """
                    CREATE TABLE transfer_subjects (
                        event INTEGER NOT NULL REFERENCES event (sequence),
                        first_hash BLOB NOT NULL,
                        hashes BLOB NOT NULL,
                        PRIMARY KEY (event, first_hash)
                    ) WITHOUT ROWID;
                    CREATE TRIGGER transfer_subjects_refuse_update BEFORE UPDATE ON transfer_subjects
                    BEGIN SELECT RAISE(ABORT, 'the register is append-only: a subject chunk cannot be changed'); END;
                    CREATE TRIGGER transfer_subjects_refuse_delete BEFORE DELETE ON transfer_subjects
                    BEGIN SELECT RAISE(ABORT, 'the register is append-only: a subject chunk cannot be deleted'); END;
                    CREATE TRIGGER transfer_subjects_refuse_existing_or_old BEFORE INSERT ON transfer_subjects
                    WHEN EXISTS (SELECT 1 FROM transfer_subjects WHERE event = NEW.event AND first_hash = NEW.first_hash)
                        OR NEW.event <> (SELECT MAX(sequence) FROM event)
                    BEGIN SELECT RAISE(ABORT, 'the register is append-only: subjects belong to the event being appended'); END;
                    """)
        }
        return migrator
    }

    public func write(_ append: AppendTransaction) async throws {
        try await write { db in
            try SQLiteLedgerStretch(db: db, range: (append.after + 1)...Int.max).forEachEvent { stored in
                try append.newer(stored)
                return true
            }
            let rows = try append.rows()
            for document in rows.documents
            where try Bool.fetchOne(db, sql: "SELECT 1 FROM document WHERE sha256 = ?", arguments: [document.sha256]) == nil {
                try db.execute(
                    sql: "INSERT INTO document (sha256, bytes) VALUES (?, ?)", arguments: [document.sha256, Data(document.bytes)])
            }
            for event in rows.events {
                try db.execute(
                    sql: "INSERT INTO event (sequence, kind, contractor, body, chain_hash) VALUES (?, ?, ?, ?, ?)",
                    arguments: [event.sequence, event.kind, event.contractor, Data(event.body), event.chainHash])
            }
            for chunk in rows.subjectChunks {
                try db.execute(
                    sql: "INSERT INTO transfer_subjects (event, first_hash, hashes) VALUES (?, ?, ?)",
                    arguments: [chunk.event, Data(chunk.firstHash), Data(chunk.hashes)])
            }
            try append.beforeCommit()
        }
    }

    public func readLedger<Reader: LedgerReader>(
        after sequence: Int, _ makeReader: @escaping @Sendable () -> Reader
    ) async throws -> [Reader.Result] {
        try await read { [path] db in try SQLiteRegisterStore.readLedger(db, path: path, after: sequence, makeReader) }
    }

    /// `readLedger` inside a transaction of the store's own connection, which holds the database still
    /// (rollback journal: no writer commits while it reads) while other connections read the stretches
    /// after the first, each on its own thread. Events numbered above the last one at the start are not read.
    private static func readLedger<Reader: LedgerReader>(
        _ db: Database, path: String, after sequence: Int, _ makeReader: @Sendable () -> Reader
    ) throws -> [Reader.Result] {
        let last = try Int.fetchOne(db, sql: "SELECT MAX(sequence) FROM event") ?? 0
        let ranges = LedgerStretches.ranges(sequence + 1, last, cores: ProcessInfo.processInfo.activeProcessorCount)
        guard ranges.count > 1 else {
            return try ranges.map { try SQLiteLedgerStretch(db: db, range: $0).read(into: makeReader()) }
        }
        let readers = try ranges.dropFirst().map { _ in
            try DatabaseQueue(path: path, configuration: SQLiteRegisterStore.configuration(readonly: true))
        }
        // The first stretch on this connection, on this thread (a GRDB connection stays on its own); the
        // others on their own connections, on other threads.
        nonisolated(unsafe) var results = [Reader.Result?](repeating: nil, count: ranges.count)
        nonisolated(unsafe) var failure: Error?
        let lock = NSLock()
        let group = DispatchGroup()
        // The threads end before this returns (the group is waited for), so `makeReader` does not escape.
        withoutActuallyEscaping(makeReader) { makeReader in
            results.withUnsafeMutableBufferPointer { out in
                nonisolated(unsafe) let out = out
                @Sendable func run(_ index: Int, _ body: () throws -> Reader.Result) {
                    do { out[index] = try body() } catch { lock.withLock { if failure == nil { failure = error } } }
                }
                for index in ranges.indices.dropFirst() {
                    DispatchQueue.global().async(group: group) {
                        run(index) {
                            try readers[index - 1].read { try SQLiteLedgerStretch(db: $0, range: ranges[index]).read(into: makeReader()) }
                        }
                    }
                }
                run(0) { try SQLiteLedgerStretch(db: db, range: ranges[0]).read(into: makeReader()) }
                group.wait()
            }
        }
        if let failure { throw failure }
        return results.map { $0! }
    }

    public func ledgerHead() async throws -> (count: Int, hash: String?) {
        try await read { db in
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event") ?? 0
            let hash = try String.fetchOne(db, sql: "SELECT chain_hash FROM event ORDER BY sequence DESC LIMIT 1")
            return (count, hash)
        }
    }

    public func transfers(_ events: [Int], holding subject: UInt64) async throws -> [Int] {
        try await read { db in
            // Per transfer the one chunk whose range may hold the subject: the last whose first hash is not
            // above it, found through the primary key, so only that page is read.
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT e.value, (SELECT hashes FROM transfer_subjects
                                     WHERE event = e.value AND first_hash <= ?2 ORDER BY first_hash DESC LIMIT 1)
                    FROM json_each(?1) AS e
                    """,
                arguments: ["[" + events.map(String.init).joined(separator: ",") + "]", SubjectChunks.key(subject)])
            var holding: [Int] = []
            while let row = try rows.next() {
                if try row.withUnsafeData(atIndex: 1, { $0?.withUnsafeBytes { SubjectChunks.contains($0, subject) } ?? false }) {
                    holding.append(row[0])
                }
            }
            return holding
        }
    }

    public func document(sha256: String) async throws -> [UInt8]? {
        let data = try await read { db in
            try Data.fetchOne(db, sql: "SELECT bytes FROM document WHERE sha256 = ?", arguments: [sha256])
        }
        guard let data else { return nil }
        let bytes = [UInt8](data)
        guard sha256Hex(bytes) == sha256 else {
            throw CorruptRegister(description: RegisterText.documentDoesNotMatchHash(sha256: sha256).text())
        }
        return bytes
    }
}

/// A stretch of the SQLite ledger, read through one connection. Its rows are stepped through SQLite's own
/// API and seen in SQLite's buffers: GRDB's cursors wrap each blob in a `Data`, an allocation and a
/// release per column per row, for every event of the register.
private struct SQLiteLedgerStretch {
    let db: Database
    let range: ClosedRange<Int>

    /// Hands the stretch to `reader`: where it lies, its events, its subject chunks, its end.
    func read<Reader: LedgerReader>(into reader: Reader) throws -> Reader.Result {
        var reader = reader
        let previous: [UInt8]? =
            range.lowerBound > 1
            ? try String.fetchOne(db, sql: "SELECT chain_hash FROM event WHERE sequence = ?", arguments: [range.lowerBound - 1])
                .flatMap { [UInt8](hex: $0) }
            : LedgerChain.genesis
        let after =
            range.upperBound == .max
            ? nil : try Int.fetchOne(db, sql: "SELECT MIN(sequence) FROM event WHERE sequence > ?", arguments: [range.upperBound])
        try reader.begin(LedgerStretch(range: range, previousChainHash: previous, firstSequenceAfter: after))
        if Reader.readsEvents { try forEachEvent { try reader.event($0) } }
        if Reader.readsSubjectChunks { try forEachSubjectChunk { try reader.subjectChunk(event: $0, firstHash: $1, hashes: $2) } }
        return try reader.end()
    }

    func forEachEvent(_ body: (StoredEvent) throws -> Bool) throws {
        try forEachRow(
            "SELECT sequence, body, chain_hash, kind, contractor FROM event WHERE sequence BETWEEN ? AND ? ORDER BY sequence"
        ) { row in
            try body(
                StoredEvent(
                    sequence: Int(sqlite3_column_int64(row, 0)), body: bytes(row, 1), chainHash: bytes(row, 2),
                    kind: bytes(row, 3), contractor: bytes(row, 4)))
        }
    }

    func forEachSubjectChunk(_ body: (Int, UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Void) throws {
        try forEachRow(
            "SELECT event, first_hash, hashes FROM transfer_subjects WHERE event BETWEEN ? AND ? ORDER BY event, first_hash"
        ) { row in
            try body(Int(sqlite3_column_int64(row, 0)), bytes(row, 1), bytes(row, 2))
            return true
        }
    }

    /// Steps a query over the stretch (its two parameters are the range's bounds) until `body` returns false.
    private func forEachRow(_ sql: String, _ body: (OpaquePointer) throws -> Bool) throws {
        let statement = try db.makeStatement(sql: sql)
        try statement.setArguments([range.lowerBound, range.upperBound])
        let row = statement.sqliteStatement
        defer { sqlite3_reset(row) }
        while true {
            switch sqlite3_step(row) {
            case SQLITE_ROW:
                if try !body(row) { return }
            case SQLITE_DONE:
                return
            case let code:
                throw DatabaseError(
                    resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                    sql: sql)
            }
        }
    }

    /// A blob or text column where SQLite holds it (valid until the next step).
    private func bytes(_ row: OpaquePointer, _ column: Int32) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: sqlite3_column_blob(row, column), count: Int(sqlite3_column_bytes(row, column)))
    }
}
