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

    /// Opens (creating and migrating when needed) the register at `url`, chained with `chain`.
    public init(url: URL, chain: LedgerChain) throws {
        path = url.path
        self.chain = chain
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
    private static let tables = ["event", "document", "transfer_subjects"] + derivedTables.map(\.name)
    private static let triggers =
        [
            "event_refuses_update", "event_refuses_delete", "event_refuses_existing_or_gap", "document_refuses_update",
            "document_refuses_delete", "document_refuses_existing", "transfer_subjects_refuse_update",
            "transfer_subjects_refuse_delete", "transfer_subjects_refuse_existing_or_old",
        ] + derivedTables.flatMap { ["\($0.name)_refuse_update", "\($0.name)_refuse_delete", "\($0.name)_refuse_existing_or_old"] }

    /// The tables of the rows derived from each event (`DerivedRows`): name, columns, primary key.
    private static let derivedTables: [(name: String, columns: String, key: String)] = [
        ("transfer_index", "id TEXT NOT NULL, event INTEGER NOT NULL, subjects INTEGER NOT NULL", "id"),
        ("deletion_index", "transfer TEXT NOT NULL, event INTEGER NOT NULL", "transfer"),
        ("stop_use_index", "subject BLOB NOT NULL, event INTEGER NOT NULL", "subject, event"),
        ("subject_index", "subject BLOB NOT NULL, event INTEGER NOT NULL", "subject, event"),
    ]

    /// How every connection to the register is opened: waiting up to 10 s for a writer. Pages are read with
    /// pread(2) into SQLite's own cache, not through a memory map: the derived rows' pages lie among the
    /// events' in the file, and each page touched through a map brought its neighbours into the process's
    /// memory with it (`subject show` took 71 MB and `ledger verify` 900 MB on a million events, against 40
    /// and 50 MB read page by page, in the same time).
    private static func configuration(readonly: Bool) -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.readonly = readonly
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
        migrator.registerMigration("v3-derived-state") { db in
            // The tables, filled from the events already stored (a register written before them), then the
            // triggers that keep them append-only and tied to the event being appended.
            for table in derivedTables {
                try db.execute(sql: "CREATE TABLE \(table.name) (\(table.columns), PRIMARY KEY (\(table.key))) WITHOUT ROWID")
            }
            try db.execute(
                sql: """
                    CREATE INDEX event_by_kind ON event (kind, sequence);
                    CREATE INDEX stop_use_by_event ON stop_use_index (event);
                    CREATE INDEX transfer_by_size ON transfer_index (subjects);
                    """)
            for rows in try SQLiteLedgerStretch(db: db, range: 1...Int.max).read(into: DerivedRowsReader()) {
                try insert(rows, db: db)
            }
            for table in derivedTables {
                let keyMatch = table.key.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                    .map { "\($0) = NEW.\($0)" }.joined(separator: " AND ")
                try db.execute(
                    sql: """
                        CREATE TRIGGER \(table.name)_refuse_update BEFORE UPDATE ON \(table.name)
                        BEGIN SELECT RAISE(ABORT, 'the register is append-only: a derived row cannot be changed'); END;
                        CREATE TRIGGER \(table.name)_refuse_delete BEFORE DELETE ON \(table.name)
                        BEGIN SELECT RAISE(ABORT, 'the register is append-only: a derived row cannot be deleted'); END;
                        CREATE TRIGGER \(table.name)_refuse_existing_or_old BEFORE INSERT ON \(table.name)
                        WHEN EXISTS (SELECT 1 FROM \(table.name) WHERE \(keyMatch))
                            OR NEW.event <> (SELECT MAX(sequence) FROM event)
                        BEGIN SELECT RAISE(ABORT, 'the register is append-only: derived rows belong to the event being appended'); END;
                        """)
            }
        }
        return migrator
    }

    /// Inserts the rows derived from one event.
    private static func insert(_ rows: DerivedRows, db: Database) throws {
        try insertEach(rows.transfers, "INSERT INTO transfer_index (id, event, subjects) VALUES (?, ?, ?)", db: db) {
            [$0.id, $0.event, $0.subjects]
        }
        try insertEach(rows.deletions, "INSERT INTO deletion_index (transfer, event) VALUES (?, ?)", db: db) {
            [$0.transfer, $0.event]
        }
        try insertEach(rows.stopUse, "INSERT INTO stop_use_index (subject, event) VALUES (?, ?)", db: db) {
            [SubjectChunks.key($0.subject), $0.event]
        }
        try insertEach(rows.subjectIndex, "INSERT INTO subject_index (subject, event) VALUES (?, ?)", db: db) {
            [SubjectChunks.key($0.subject), $0.event]
        }
    }

    /// Inserts each of `rows` by one statement, prepared once: prepared anew for every row (its triggers
    /// coded in each time), a large transfer's thousands of subject chunks took about a fifth of an extract's
    /// time after its rows, and a stop-use event may list as many subjects.
    private static func insertEach<Row>(
        _ rows: some Collection<Row>, _ sql: String, db: Database, _ arguments: (Row) -> StatementArguments
    ) throws {
        guard !rows.isEmpty else { return }
        let statement = try db.cachedStatement(sql: sql)
        for row in rows { try statement.execute(arguments: arguments(row)) }
    }

    public func write(_ append: AppendTransaction) async throws {
        try await write { db in
            try SQLiteRegisterStore.forEachEvent(selectedBy: append.queries, db: db) { try append.read($0) }
            try SQLiteRegisterStore.forEachEvent(selectedBy: [.newest], db: db) { try append.newest($0) }
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
                try SQLiteRegisterStore.insertEach(
                    event.subjectChunks, "INSERT INTO transfer_subjects (event, first_hash, hashes) VALUES (?, ?, ?)", db: db
                ) { [event.sequence, Data($0[0..<8]), Data($0)] }
                try SQLiteRegisterStore.insert(event.derived, db: db)
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
            // The newest event's sequence is the count: the log's trigger admits only the next one (a gap made
            // beside it is `ledger verify`'s to find), and counting every row would read the whole table.
            let newest = try Row.fetchOne(db, sql: "SELECT sequence, chain_hash FROM event ORDER BY sequence DESC LIMIT 1")
            return (newest?[0] ?? 0, newest?[1])
        }
    }

    public func readEvents<Reader: LedgerReader>(
        _ queries: [EventQuery], _ makeReader: @escaping @Sendable () -> Reader
    ) async throws -> Reader.Result {
        try await read { db in
            var reader = makeReader()
            try reader.begin(LedgerStretch(range: 1...Int.max, previousChainHash: nil, firstSequenceAfter: nil))
            try SQLiteRegisterStore.forEachEvent(selectedBy: queries, db: db) { _ = try reader.event($0) }
            return try reader.end()
        }
    }

    public func stopUseSubjects() async throws -> [UInt64] {
        try await read { db in
            // In key order: a subject's requests are next to each other.
            var subjects: [UInt64] = []
            try SQLiteLedgerStretch.step(try db.makeStatement(sql: "SELECT subject FROM stop_use_index"), db: db) { row in
                if let subject = SQLiteLedgerStretch.subject(row, 0), subject != subjects.last { subjects.append(subject) }
                return true
            }
            return subjects
        }
    }

    public func transferIDs() async throws -> [String] {
        try await read { db in try String.fetchAll(db, sql: "SELECT id FROM transfer_index ORDER BY event") }
    }

    /// Hands `body` the events `queries` select, each once, in chain order: the sequences from the `kind`
    /// column's index and the derived rows, then each event by its sequence.
    private static func forEachEvent(selectedBy queries: [EventQuery], db: Database, _ body: (StoredEvent) throws -> Void) throws {
        var sequences = Set<Int>()
        for query in queries { sequences.formUnion(try self.sequences(query, db: db)) }
        let statement = try db.cachedStatement(sql: "SELECT sequence, body, chain_hash, kind, contractor FROM event WHERE sequence = ?")
        for sequence in sequences.sorted() {
            try statement.setArguments([sequence])
            try SQLiteLedgerStretch.step(statement, db: db) { row in
                try body(SQLiteLedgerStretch.storedEvent(row))
                return true
            }
        }
    }

    /// The sequences of the events one query selects.
    private static func sequences(_ query: EventQuery, db: Database) throws -> [Int] {
        switch query {
        case .kinds(let kinds, let after):
            let marks = Array(repeating: "?", count: kinds.count).joined(separator: ", ")
            return try Int.fetchAll(
                db, sql: "SELECT sequence FROM event WHERE kind IN (\(marks)) AND sequence > ?",
                arguments: StatementArguments(kinds.sorted() + [String(after)]))
        case .newest:
            return try Int.fetchOne(db, sql: "SELECT MAX(sequence) FROM event").map { [$0] } ?? []
        case .stopUse(let subjects):
            let statement = try db.cachedStatement(sql: "SELECT event FROM stop_use_index WHERE subject = ?")
            return try subjects.flatMap { try Int.fetchAll(statement, arguments: [SubjectChunks.key($0)]) }
        case .stopUseAfter(let after):
            return try Int.fetchAll(db, sql: "SELECT event FROM stop_use_index WHERE event > ?", arguments: [after])
        case .transfersNamed(let ids):
            let transfer = try db.cachedStatement(sql: "SELECT event FROM transfer_index WHERE id = ?")
            let deletion = try db.cachedStatement(sql: "SELECT event FROM deletion_index WHERE transfer = ?")
            return try ids.flatMap { try Int.fetchAll(transfer, arguments: [$0]) + Int.fetchAll(deletion, arguments: [$0]) }
        case .transfersHolding(let subject):
            // The merged index, then per larger transfer the one chunk whose range may hold the subject: the
            // last whose first hash is not above it, found through the primary key, so only that page is read.
            let key = SubjectChunks.key(subject)
            var events = try Int.fetchAll(db, sql: "SELECT event FROM subject_index WHERE subject = ?", arguments: [key])
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT t.event, (SELECT hashes FROM transfer_subjects
                                     WHERE event = t.event AND first_hash <= ? ORDER BY first_hash DESC LIMIT 1)
                    FROM transfer_index AS t WHERE t.subjects > ?
                    """,
                arguments: [key, SubjectIndex.maximumTransfer])
            while let row = try rows.next() {
                if try row.withUnsafeData(atIndex: 1, { $0?.withUnsafeBytes { SubjectChunks.contains($0, subject) } ?? false }) {
                    events.append(row[0])
                }
            }
            let deletion = try db.cachedStatement(
                sql: "SELECT d.event FROM deletion_index AS d JOIN transfer_index AS t ON d.transfer = t.id WHERE t.event = ?")
            return try events + events.flatMap { try Int.fetchAll(deletion, arguments: [$0]) }
        }
    }

    public func derivedDigests(_ hasher: SubjectHasher, through: Int) async throws -> DerivedDigests {
        // The subject index holds a row per subject of every small transfer (ten million on the benchmark's
        // register): its two halves by key are read at once, each on a connection of its own. Only rows of
        // events up to `through` count, so reading them apart from the chain is consistent.
        let middle = SubjectChunks.key(1 << 63)
        async let low = subjectDigest(table: "subject_index", tag: 2, where: "subject < ?", middle, through: through, hasher)
        async let high = subjectDigest(table: "subject_index", tag: 2, where: "subject >= ?", middle, through: through, hasher)
        var digests = try await read { db in
            var digests = DerivedDigests()
            let transfers = try Row.fetchCursor(
                db, sql: "SELECT id, event, subjects FROM transfer_index WHERE event <= ?", arguments: [through])
            while let row = try transfers.next() {
                digests.transfers.add(DerivedDigests.hash(DerivedRows.Transfer(id: row[0], event: row[1], subjects: row[2]), hasher))
            }
            let deletions = try Row.fetchCursor(
                db, sql: "SELECT transfer, event FROM deletion_index WHERE event <= ?", arguments: [through])
            while let row = try deletions.next() {
                digests.deletions.add(DerivedDigests.hash(DerivedRows.Deletion(transfer: row[0], event: row[1]), hasher))
            }
            return digests
        }
        digests.stopUse = try await subjectDigest(table: "stop_use_index", tag: 1, where: "1", nil, through: through, hasher)
        digests.subjectIndex = try await low + high
        return digests
    }

    /// The digest of a subject table's rows that `condition` selects (with `argument`), on a connection of its own.
    private func subjectDigest(
        table: String, tag: UInt8, where condition: String, _ argument: Data?, through: Int, _ hasher: SubjectHasher
    ) async throws -> DerivedDigest {
        let connection = try DatabaseQueue(path: path, configuration: SQLiteRegisterStore.configuration(readonly: true))
        do {
            return try await connection.read { db in
                var digest = DerivedDigest()
                let rows = try db.makeStatement(sql: "SELECT subject, event FROM \(table) WHERE \(condition) AND event <= ?")
                try rows.setArguments(argument.map { [$0, through] } ?? [through])
                // Stepped in place; a key that is not 8 bytes is no subject: it counts, under a hash no real row has.
                try SQLiteLedgerStretch.step(rows, db: db) { row in
                    let event = Int(sqlite3_column_int64(row, 1))
                    digest.add(
                        SQLiteLedgerStretch.subject(row, 0).map {
                            DerivedDigests.hash(DerivedRows.Subject(subject: $0, event: event), tag: tag, hasher)
                        } ?? 0)
                    return true
                }
                return digest
            }
        } catch {
            throw SQLiteRegisterStore.explained(error, path: path)
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
        ) { try body(Self.storedEvent($0)) }
    }

    func forEachSubjectChunk(_ body: (Int, UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Void) throws {
        try forEachRow(
            "SELECT event, first_hash, hashes FROM transfer_subjects WHERE event BETWEEN ? AND ? ORDER BY event, first_hash"
        ) { row in
            try body(Int(sqlite3_column_int64(row, 0)), Self.bytes(row, 1), Self.bytes(row, 2))
            return true
        }
    }

    /// Steps a query over the stretch (its two parameters are the range's bounds) until `body` returns false.
    private func forEachRow(_ sql: String, _ body: (OpaquePointer) throws -> Bool) throws {
        let statement = try db.makeStatement(sql: sql)
        try statement.setArguments([range.lowerBound, range.upperBound])
        try Self.step(statement, db: db, body)
    }

    /// Steps a statement whose arguments are set until `body` returns false.
    static func step(_ statement: Statement, db: Database, _ body: (OpaquePointer) throws -> Bool) throws {
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
                    sql: statement.sql)
            }
        }
    }

    /// The event in a row of `sequence, body, chain_hash, kind, contractor`, seen where SQLite holds it.
    static func storedEvent(_ row: OpaquePointer) -> StoredEvent {
        StoredEvent(
            sequence: Int(sqlite3_column_int64(row, 0)), body: bytes(row, 1), chainHash: bytes(row, 2), kind: bytes(row, 3),
            contractor: bytes(row, 4))
    }

    /// A column of 8 big-endian bytes as a subject's hash; nil for anything else.
    static func subject(_ row: OpaquePointer, _ column: Int32) -> UInt64? {
        let bytes = bytes(row, column)
        return bytes.count == 8 ? bytes.loadUnaligned(as: UInt64.self).bigEndian : nil
    }

    /// A blob or text column where SQLite holds it (valid until the next step).
    private static func bytes(_ row: OpaquePointer, _ column: Int32) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: sqlite3_column_blob(row, column), count: Int(sqlite3_column_bytes(row, column)))
    }
}
