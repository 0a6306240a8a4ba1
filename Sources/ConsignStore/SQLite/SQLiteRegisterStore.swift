import ConsignCore
import Foundation
import GRDB
import GRDBSQLite
import Synchronization

/// The register on SQLite (GRDB), the embedded default: `.consign/register.sqlite`. Append-only at the
/// database level: triggers refuse UPDATE and DELETE, and a BEFORE INSERT trigger refuses an insert whose
/// key already exists (SQLite's `INSERT OR REPLACE` deletes without firing DELETE triggers) or that does
/// not extend the chain by exactly one.
public final class SQLiteRegisterStore: RegisterStore {
    private let database: DatabaseQueue
    /// The database file, which the stretches of a ledger read are each read from on their own connection.
    private let path: String
    private let chain: LedgerChain
    /// The register as replayed so far, so that each later read or append replays only newer events.
    private let replayed = Mutex<Replay>(Replay())

    private struct Replay: Sendable {
        var register = Register()
        var last: RecordedEvent?
    }

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

    public func append(
        _ payload: RegisterEvent.Payload, by recorder: Recorder, documents: [[UInt8]], subjects: [UInt64],
        commit: TransferCommit?
    ) async throws -> AppendResult {
        if case .transfer(let transfer) = payload {
            let sortedAndRecorded =
                SubjectChunks.summary(of: subjects) == transfer.subjects && zip(subjects, subjects.dropFirst()).allSatisfy(<)
            precondition(sortedAndRecorded, "a transfer's subjects must be sorted, distinct and the ones its event records")
        } else {
            precondition(subjects.isEmpty && commit == nil, "only a transfer stores subjects and has a commit step")
        }
        return try await write { [chain, self] db in
            let (register, last) = try replay(db)
            switch try register.admit(payload) {
            case .alreadyRegistered(let existing):
                return .alreadyRegistered(existing)
            case .append:
                break
            }
            let event = try register.stamp(payload, by: recorder)
            if let commit, case .transfer(let transfer) = payload {
                try register.recheck(transfer, subjects: subjects, basis: commit.basis, at: event.recordedAt)
            }
            for bytes in documents {
                let sha256 = sha256Hex(bytes)
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM document WHERE sha256 = ?", arguments: [sha256]) == nil {
                    try db.execute(
                        sql: "INSERT INTO document (sha256, bytes) VALUES (?, ?)", arguments: [sha256, Data(bytes)])
                }
            }
            let recorded = try SQLiteRegisterStore.insert(event, after: last, subjects: subjects, db: db, chain: chain)
            try commit?.beforeCommit(recorded)
            return .appended(recorded)
        }
    }

    public func append(_ payloads: [RegisterEvent.Payload], by recorder: Recorder) async throws -> [RecordedEvent] {
        try await write { [self] db in
            // One time for the batch, read inside the transaction.
            let now = recorder.clock.now
            return try appendAll(
                payloads.map { RegisterEvent(recordedAt: now, recordedBy: recorder.name, payload: $0, clock: recorder.clock.source) },
                subjects: [], db: db)
        }
    }

    public func appendAsRecorded(_ events: [RegisterEvent], subjects: [[UInt64]]) async throws -> [RecordedEvent] {
        try await write { [self] db in try appendAll(events, subjects: subjects, db: db) }
    }

    /// Appends events that are never registrations, each admitted (its payload and its time) after the
    /// ones before it.
    private func appendAll(_ events: [RegisterEvent], subjects: [[UInt64]], db: Database) throws -> [RecordedEvent] {
        var (register, last) = try replay(db)
        var appended: [RecordedEvent] = []
        for (index, event) in events.enumerated() {
            guard case .append = try register.admit(event.payload) else { preconditionFailure("a batch holds no registrations") }
            try register.admitTime(of: event)
            let recorded = try SQLiteRegisterStore.insert(
                event, after: last, subjects: index < subjects.count ? subjects[index] : [], db: db, chain: chain)
            register.apply(recorded)
            appended.append(recorded)
            last = recorded
        }
        return appended
    }

    /// Chains and inserts one admitted event after `last`, with its subject chunks.
    private static func insert(
        _ event: RegisterEvent, after last: RecordedEvent?, subjects: [UInt64], db: Database, chain: LedgerChain
    ) throws -> RecordedEvent {
        let previous = last.flatMap { [UInt8](hex: $0.chainHash) } ?? LedgerChain.genesis
        let sequence = (last?.sequence ?? 0) + 1
        let body = event.record.bytes
        let hash = chain.hash(previous: previous, sequence: sequence, body: body).hex
        try db.execute(
            sql: "INSERT INTO event (sequence, kind, contractor, body, chain_hash) VALUES (?, ?, ?, ?, ?)",
            arguments: [sequence, event.kind, event.contractor, Data(body), hash])
        try SubjectChunks.forEachChunk(of: subjects) { chunk in
            try db.execute(
                sql: "INSERT INTO transfer_subjects (event, first_hash, hashes) VALUES (?, ?, ?)",
                arguments: [sequence, Data(chunk[0..<8]), Data(chunk)])
        }
        return RecordedEvent(sequence: sequence, event: event, chainHash: hash)
    }

    public func events() async throws -> [RecordedEvent] {
        try await read { db in try SQLiteRegisterStore.readEvents(db) }
    }

    public func register() async throws -> Register {
        try await read { [self] db in try replay(db).register }
    }

    /// The register with every event up to the last one in the database, replaying only those newer than
    /// the last replay: each stretch of them decoded on its own core, then applied in chain order.
    private func replay(_ db: Database) throws -> (register: Register, last: RecordedEvent?) {
        let state = replayed.withLock { $0 }
        let stretches = try readLedger(db, after: state.last?.sequence ?? 0) { segment in
            var decoder = StretchDecoder()
            try segment.forEachEvent { decoder.decode($0) }
            return try decoder.events()
        }
        let advanced = advance(state, by: stretches)
        return (advanced.register, advanced.last)
    }

    public func replay(verifying chain: LedgerChain, anchors: [LedgerAnchor]) async throws -> LedgerVerification {
        let anchorCounts = Set(anchors.map(\.count))
        return try await read { [self] db in
            let stretches = try readLedger(db, after: 0) { segment in
                var check = try LedgerVerification.StretchCheck(segment, anchorCounts: anchorCounts)
                var decoder = StretchDecoder()
                // Every event is decoded, past a break too: the audit checks the register as it stands.
                try segment.forEachEvent { stored in
                    let checking = check.check(stored, chain: chain)
                    return decoder.decode(stored) || checking
                }
                try check.finish(segment)
                return (check, try? decoder.events())
            }
            let decoded = stretches.compactMap(\.1)
            if decoded.count == stretches.count { _ = advance(Replay(), by: decoded) }
            return LedgerVerification(joining: stretches.map(\.0), anchors: anchors)
        }
    }

    /// `state` with the decoded stretches that follow it applied in chain order, kept for later reads
    /// when it is newer than what they have.
    private func advance(_ state: Replay, by stretches: [[RecordedEvent]]) -> Replay {
        var state = state
        for events in stretches {
            for event in events { state.register.apply(event) }
            state.last = events.last ?? state.last
        }
        replayed.withLock { if ($0.last?.sequence ?? 0) < (state.last?.sequence ?? 0) { $0 = state } }
        return state
    }

    /// Decodes a stretch's events in order, with one string table for the stretch (its events repeat the
    /// same hashes, bases and names), up to the first that does not decode.
    private struct StretchDecoder {
        private let strings = StringTable()
        private var decoded: [RecordedEvent] = []
        private var corrupt: Int?

        /// Decodes the stretch's next event; false once one did not decode.
        mutating func decode(_ stored: StoredEvent) -> Bool {
            guard corrupt == nil else { return false }
            guard let event = RegisterEvent(bytes: stored.body, strings: strings) else {
                corrupt = stored.sequence
                return false
            }
            decoded.append(RecordedEvent(sequence: stored.sequence, event: event, chainHash: stored.chainHashText))
            return true
        }

        func events() throws -> [RecordedEvent] {
            if let corrupt { throw CorruptRegister(description: RegisterText.eventDoesNotDecode(event: corrupt).text()) }
            return decoded
        }
    }

    public func readLedger<Result: Sendable>(
        after sequence: Int, _ read: @escaping @Sendable (any LedgerSegment) throws -> Result
    ) async throws -> [Result] {
        try await self.read { [self] db in try readLedger(db, after: sequence, read) }
    }

    /// `readLedger` inside a transaction of the store's own connection, which holds the database still
    /// (rollback journal: no writer commits while it reads) while other connections read the stretches
    /// after the first. Events numbered above the last one at the start are not read.
    private func readLedger<Result>(
        _ db: Database, after sequence: Int, _ read: @Sendable (any LedgerSegment) throws -> Result
    ) throws -> [Result] {
        let last = try Int.fetchOne(db, sql: "SELECT MAX(sequence) FROM event") ?? 0
        let ranges = LedgerSegments.ranges(sequence + 1, last, cores: ProcessInfo.processInfo.activeProcessorCount)
        guard ranges.count > 1 else { return try ranges.map { try read(SQLiteLedgerSegment(db: db, range: $0)) } }
        let readers = try ranges.dropFirst().map { _ in
            try DatabaseQueue(path: path, configuration: SQLiteRegisterStore.configuration(readonly: true))
        }
        // The first stretch on this connection, on this thread (a GRDB connection stays on its own); the
        // others on their own connections, on other threads.
        nonisolated(unsafe) var results = [Result?](repeating: nil, count: ranges.count)
        nonisolated(unsafe) var failure: Error?
        let lock = NSLock()
        let group = DispatchGroup()
        // The threads end before this returns (the group is waited for), so `read` does not escape.
        withoutActuallyEscaping(read) { read in
            results.withUnsafeMutableBufferPointer { out in
                nonisolated(unsafe) let out = out
                @Sendable func run(_ index: Int, _ body: () throws -> Result) {
                    do { out[index] = try body() } catch { lock.withLock { if failure == nil { failure = error } } }
                }
                for index in ranges.indices.dropFirst() {
                    DispatchQueue.global().async(group: group) {
                        run(index) { try readers[index - 1].read { try read(SQLiteLedgerSegment(db: $0, range: ranges[index])) } }
                    }
                }
                run(0) { try read(SQLiteLedgerSegment(db: db, range: ranges[0])) }
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

    public func transfers(holding subject: UInt64) async throws -> [Int] {
        try await read { [self] db in
            // The transfers that stored subjects, from the register (a scan of the chunks themselves would read
            // every page), then per transfer the one chunk whose range may hold the subject: the last whose
            // first hash is not above it, found through the primary key, so only that page is read.
            let events = try replay(db).register.transfers.filter { $0.value.subjects.count > 0 }.map(\.sequence)
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

    public func subjectMatches(_ subjects: [UInt64]) async throws -> [SubjectMatch] {
        let wanted = Array(Set(subjects)).sorted()
        guard !wanted.isEmpty else { return [] }
        // Every chunk is read, each stretch of the ledger's on its own core.
        return try await readLedger(after: 0) { segment in
            var matches: [SubjectMatch] = []
            try segment.forEachSubjectChunk { event, _, hashes in
                SubjectChunks.forEachMatch(in: hashes, of: wanted) { matches.append(SubjectMatch(event: event, subject: $0)) }
            }
            return matches
        }.flatMap { $0 }
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

    private static func readEvents(_ db: Database) throws -> [RecordedEvent] {
        var decoder = StretchDecoder()
        try SQLiteLedgerSegment(db: db, range: 1...Int.max).forEachEvent { decoder.decode($0) }
        return try decoder.events()
    }
}

/// A stretch of the SQLite ledger, read through one connection. Its rows are stepped through SQLite's own
/// API and seen in SQLite's buffers: GRDB's cursors wrap each blob in a `Data`, an allocation and a
/// release per column per row, for every event of the register.
private struct SQLiteLedgerSegment: LedgerSegment {
    let db: Database
    let range: ClosedRange<Int>

    func previousChainHash() throws -> [UInt8]? {
        guard range.lowerBound > 1 else { return LedgerChain.genesis }
        return try String.fetchOne(db, sql: "SELECT chain_hash FROM event WHERE sequence = ?", arguments: [range.lowerBound - 1])
            .flatMap { [UInt8](hex: $0) }
    }

    func firstSequence(after sequence: Int) throws -> Int? {
        try Int.fetchOne(db, sql: "SELECT MIN(sequence) FROM event WHERE sequence > ?", arguments: [sequence])
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
