import ConsignCore
import ConsignKeys
import ConsignStore
import Foundation
import PostgresNIO

/// The register on a PostgreSQL server, shared by a team: the same events, canonical records and chain as
/// the embedded SQLite register, in the schema `consign db setup` makes (`PostgresSchema`). The server holds
/// each user to their role: an append begins with `consign.begin_append()`, which takes the chain lock and
/// hands out the operator (the session's login) and the server's time; the events are made with them here,
/// chained with the key this process holds, and stored through `consign.append_event`, which checks them.
public final class PostgresRegisterStore: RegisterStore {
    public let chain: LedgerChain
    public let replayed = RegisterReplay()
    private let connections: PostgresConnections

    public var location: PostgresLocation { connections.location }

    private init(connections: PostgresConnections, chain: LedgerChain) {
        self.connections = connections
        self.chain = chain
    }

    /// Connects to the register at `location`, which `consign db setup` has made with every migration this
    /// release knows.
    public static func open(_ location: PostgresLocation, chain: LedgerChain) async throws -> PostgresRegisterStore {
        let store = PostgresRegisterStore(connections: try PostgresConnections(location), chain: chain)
        let applied = try await PostgresAdministration.appliedMigrations(store.connections)
        guard let applied else { throw InputError(DatabaseText.notSetUp(database: location.database).text()) }
        let missing = PostgresSchema.migrations.map(\.name).filter { !applied.contains($0) }
        if !missing.isEmpty {
            throw InputError(DatabaseText.setUpByOlderRelease(database: location.database, missing: missing).text())
        }
        return store
    }

    public func write(_ append: AppendTransaction) async throws {
        try await connections.with { connection in
            try await connection.execute("BEGIN")
            do {
                try await Self.append(append, on: connection)
                try await connection.execute("COMMIT")
            } catch {
                _ = try? await connection.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// The append inside its transaction: the lock and the server's stamp, the reads, the rows.
    private static func append(_ append: AppendTransaction, on connection: PostgresConnection) async throws {
        let logger = PostgresConnections.logger
        if append.keepsRecordedStamps {
            // Events as they were recorded (a register copied in): the schema's owner's own step.
            try await connection.execute("SET LOCAL ROLE \(unescaped: PostgresSchema.owner)")
            try await connection.execute("SELECT pg_advisory_xact_lock(\(PostgresSchema.chainLock))")
        } else {
            let rows = try await connection.query("SELECT operator, recorded_at FROM consign.begin_append()", logger: logger)
            for try await (recordedBy, recordedAt) in rows.decode((String, String).self) {
                guard let time = Timestamp(recordedAt) else {
                    throw InputError(DatabaseText.serverTime(handedOut: recordedAt).text())
                }
                append.stamp(AppendTransaction.ServerStamp(recordedBy: recordedBy, recordedAt: time))
            }
        }
        try await forEachEvent(selectedBy: append.queries, on: connection) { try append.read($0) }
        try await forEachEvent(selectedBy: [.newest], on: connection) { try append.newest($0) }
        let rows = try append.rows()
        for document in rows.documents {
            let bytes = ByteBuffer(bytes: document.bytes)
            if append.keepsRecordedStamps {
                try await connection.execute(
                    "INSERT INTO consign.document (sha256, bytes) VALUES (\(document.sha256), \(bytes)) ON CONFLICT DO NOTHING")
            } else {
                try await connection.execute("SELECT consign.store_document(\(document.sha256), \(bytes))")
            }
        }
        let function = append.keepsRecordedStamps ? "insert_event" : "append_event"
        for first in stride(from: 0, to: rows.events.count, by: eventsPerStatement) {
            try await connection.execute(
                insert(rows.events[first..<min(first + eventsPerStatement, rows.events.count)], through: function))
        }
        try append.beforeCommit()
    }

    /// How many events one statement stores: a register copied in (`consign db import`) is every event in one
    /// append, and a round trip per event made the copy of a million events take minutes more.
    package static let eventsPerStatement = 100

    /// One statement that stores `events` in chain order: `SELECT consign.f(…), consign.f(…), …`, one call per
    /// event. PostgreSQL evaluates a select list's calls one after another, in order; were it ever not to, the
    /// chain trigger (`event_extends_chain`) refuses an event that does not follow the one stored before it,
    /// so the append fails rather than commit another order.
    static func insert(_ events: ArraySlice<AppendRows.Event>, through function: String) -> PostgresQuery {
        var binds = PostgresBindings(capacity: events.count * 10)
        var calls: [String] = []
        for event in events {
            let transfer = event.derived.transfers.first
            binds.append(Int64(event.sequence))
            binds.append(event.contractor)
            binds.append(ByteBuffer(bytes: event.body))
            binds.append(event.chainHash)
            binds.append(event.subjectChunks.map { ByteBuffer(bytes: $0) })
            binds.append(transfer?.id)
            binds.append(transfer.map { Int32($0.subjects) })
            binds.append(event.derived.deletions.first?.transfer)
            binds.append(event.derived.stopUse.first.map { ByteBuffer(bytes: SubjectChunks.key($0.subject)) })
            binds.append(event.derived.subjectIndex.map { ByteBuffer(bytes: SubjectChunks.key($0.subject)) })
            let p = calls.count * 10
            calls.append(
                "consign.\(function)($\(p + 1), $\(p + 2), $\(p + 3), $\(p + 4), $\(p + 5)::bytea[], $\(p + 6), $\(p + 7), "
                    + "$\(p + 8), $\(p + 9), $\(p + 10)::bytea[])")
        }
        return PostgresQuery(unsafeSQL: "SELECT " + calls.joined(separator: ", "), binds: binds)
    }

    /// Hands `body` the events `queries` select, each once, in chain order.
    private static func forEachEvent(
        selectedBy queries: [EventQuery], on connection: PostgresConnection, _ body: (StoredEvent) throws -> Void
    ) async throws {
        var sequences = Set<Int64>()
        for query in merged(queries) { sequences.formUnion(try await self.sequences(query, on: connection)) }
        guard !sequences.isEmpty else { return }
        let rows = try await connection.query(
            """
            SELECT sequence, body, chain_hash, kind, contractor FROM consign.event
            WHERE sequence = ANY(\(Array(sequences))::bigint[]) ORDER BY sequence
            """, logger: PostgresConnections.logger)
        for try await row in rows { try StoredRow.withEvent(row, body) }
    }

    /// The same selection in fewer statements: every subject's stop-use requests in one query, every named
    /// transfer in one. An append of many events concerns each of them (a register copied in, 900,000 stop-use
    /// requests of a million events, was 900,000 round trips before its first insert).
    static func merged(_ queries: [EventQuery]) -> [EventQuery] {
        var subjects: [UInt64] = [], ids: [String] = [], others: [EventQuery] = []
        for query in queries {
            switch query {
            case .stopUse(let of): subjects += of
            case .transfersNamed(let named): ids += named
            default: others.append(query)
            }
        }
        if !subjects.isEmpty { others.append(.stopUse(of: Array(Set(subjects)))) }
        if !ids.isEmpty { others.append(.transfersNamed(Array(Set(ids)))) }
        return others
    }

    /// The sequences of the events one query selects.
    private static func sequences(_ query: EventQuery, on connection: PostgresConnection) async throws -> [Int64] {
        let logger = PostgresConnections.logger
        func all(_ query: PostgresQuery) async throws -> [Int64] {
            var sequences: [Int64] = []
            for try await sequence in try await connection.query(query, logger: logger).decode(Int64.self) {
                sequences.append(sequence)
            }
            return sequences
        }
        switch query {
        case .kinds(let kinds, let after):
            return try await all("SELECT sequence FROM consign.event WHERE kind = ANY(\(kinds.sorted())::text[]) AND sequence > \(Int64(after))")
        case .newest:
            return try await all("SELECT max(sequence) FROM consign.event HAVING max(sequence) IS NOT NULL")
        case .stopUse(let subjects):
            let keys = subjects.map { ByteBuffer(bytes: SubjectChunks.key($0)) }
            return try await all("SELECT event FROM consign.stop_use_index WHERE subject = ANY(\(keys)::bytea[])")
        case .stopUseAfter(let after):
            return try await all("SELECT event FROM consign.stop_use_index WHERE event > \(Int64(after))")
        case .transfersNamed(let ids):
            return try await all(
                """
                SELECT event FROM consign.transfer_index WHERE id = ANY(\(ids)::text[])
                UNION ALL SELECT event FROM consign.deletion_index WHERE transfer = ANY(\(ids)::text[])
                """)
        case .transfersHolding(let subject):
            // The merged index, then per larger transfer the one chunk whose range may hold the subject: the last
            // whose first hash is not above it, found through the primary key.
            let key = ByteBuffer(bytes: SubjectChunks.key(subject))
            var events = try await all("SELECT event FROM consign.subject_index WHERE subject = \(key)")
            let rows = try await connection.query(
                """
                SELECT t.event, (SELECT hashes FROM consign.transfer_subjects
                                 WHERE event = t.event AND first_hash <= \(key) ORDER BY first_hash DESC LIMIT 1)
                FROM consign.transfer_index AS t WHERE t.subjects > \(Int32(SubjectIndex.maximumTransfer))
                """, logger: logger)
            for try await (event, hashes) in rows.decode((Int64, ByteBuffer?).self) {
                if hashes?.withUnsafeReadableBytes({ SubjectChunks.contains($0, subject) }) == true { events.append(event) }
            }
            guard !events.isEmpty else { return [] }
            return try await events
                + all(
                    """
                    SELECT d.event FROM consign.deletion_index AS d JOIN consign.transfer_index AS t ON d.transfer = t.id
                    WHERE t.event = ANY(\(events)::bigint[])
                    """)
        }
    }

    public func readEvents<Reader: LedgerReader>(
        _ queries: [EventQuery], _ makeReader: @escaping @Sendable () -> Reader
    ) async throws -> Reader.Result {
        try await connections.with { connection in
            var reader = makeReader()
            try reader.begin(LedgerStretch(range: 1...Int.max, previousChainHash: nil, firstSequenceAfter: nil))
            // One snapshot for the several statements, so that they agree on what is stored.
            try await connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            do {
                try await Self.forEachEvent(selectedBy: queries, on: connection) { _ = try reader.event($0) }
                try await connection.execute("COMMIT")
            } catch {
                _ = try? await connection.execute("ROLLBACK")
                throw error
            }
            return try reader.end()
        }
    }

    public func stopUseSubjects() async throws -> [UInt64] {
        try await connections.with { connection in
            // In key order: a subject's requests are next to each other.
            var subjects: [UInt64] = []
            let rows = try await connection.query(
                "SELECT subject FROM consign.stop_use_index ORDER BY subject", logger: PostgresConnections.logger)
            for try await key in rows.decode(ByteBuffer.self) {
                if let subject = SubjectKey.subject(key), subject != subjects.last { subjects.append(subject) }
            }
            return subjects
        }
    }

    public func transferIDs() async throws -> [String] {
        try await connections.with { connection in
            var ids: [String] = []
            let rows = try await connection.query(
                "SELECT id FROM consign.transfer_index ORDER BY event", logger: PostgresConnections.logger)
            for try await id in rows.decode(String.self) { ids.append(id) }
            return ids
        }
    }

    public func readLedger<Reader: LedgerReader>(
        after sequence: Int, _ makeReader: @escaping @Sendable () -> Reader
    ) async throws -> [Reader.Result] {
        let last = try await ledgerHead().count
        let ranges = LedgerStretches.ranges(sequence + 1, last, cores: ProcessInfo.processInfo.activeProcessorCount)
        // Stored rows never change, so stretches read on connections of their own agree with each other.
        return try await PostgresConnections.all(
            ranges.map { range in
                { try await self.connections.with { try await Self.readStretch(range, on: $0, into: makeReader()) } }
            })
    }

    /// Hands one stretch to `reader`: where it lies, its events, its subject chunks, its end.
    private static func readStretch<Reader: LedgerReader>(
        _ range: ClosedRange<Int>, on connection: PostgresConnection, into reader: Reader
    ) async throws -> Reader.Result {
        let logger = PostgresConnections.logger
        var reader = reader
        let lower = Int64(range.lowerBound), upper = Int64(range.upperBound)
        var previous: [UInt8]? = range.lowerBound > 1 ? nil : LedgerChain.genesis
        if range.lowerBound > 1 {
            for try await hash in try await connection.query(
                "SELECT chain_hash FROM consign.event WHERE sequence = \(lower - 1)", logger: logger
            ).decode(String.self) {
                previous = [UInt8](hex: hash)
            }
        }
        var after: Int?
        for try await first in try await connection.query(
            "SELECT min(sequence) FROM consign.event WHERE sequence > \(upper)", logger: logger
        ).decode(Int64?.self) {
            after = first.map(Int.init)
        }
        try reader.begin(LedgerStretch(range: range, previousChainHash: previous, firstSequenceAfter: after))
        if Reader.readsEvents {
            var wanted = true
            let rows = try await connection.query(
                """
                SELECT sequence, body, chain_hash, kind, contractor FROM consign.event
                WHERE sequence BETWEEN \(lower) AND \(upper) ORDER BY sequence
                """, logger: logger)
            // Read to the end even when the reader wants no more, so the connection is left ready.
            for try await row in rows where wanted { try StoredRow.withEvent(row) { wanted = try reader.event($0) } }
        }
        if Reader.readsSubjectChunks {
            let rows = try await connection.query(
                """
                SELECT event, first_hash, hashes FROM consign.transfer_subjects
                WHERE event BETWEEN \(lower) AND \(upper) ORDER BY event, first_hash
                """, logger: logger)
            for try await (event, first, hashes) in rows.decode((Int64, ByteBuffer, ByteBuffer).self) {
                try first.withUnsafeReadableBytes { first in
                    try hashes.withUnsafeReadableBytes { try reader.subjectChunk(event: Int(event), firstHash: first, hashes: $0) }
                }
            }
        }
        return try reader.end()
    }

    public func schemaDamage() async throws -> [SchemaDamage] {
        try await connections.with { connection in
            var tables = Set<String>(), triggers = Set<String>()
            for try await name in try await connection.query(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'consign'", logger: PostgresConnections.logger
            ).decode(String.self) {
                tables.insert(name)
            }
            // A trigger disabled, or enabled only for origin sessions, no longer keeps the register append-only.
            for try await name in try await connection.query(
                """
                SELECT t.tgname FROM pg_trigger AS t JOIN pg_class AS c ON t.tgrelid = c.oid
                JOIN pg_namespace AS n ON c.relnamespace = n.oid WHERE n.nspname = 'consign' AND t.tgenabled = 'A'
                """, logger: PostgresConnections.logger
            ).decode(String.self) {
                triggers.insert(name)
            }
            return PostgresSchema.tables.filter { !tables.contains($0) }.map { SchemaDamage(isTable: true, name: $0) }
                + PostgresSchema.triggers.filter { !triggers.contains($0) }.map { SchemaDamage(isTable: false, name: $0) }
        }
    }

    public func ledgerHead() async throws -> (count: Int, hash: String?) {
        try await connections.with { connection in
            // The newest event's sequence is the count: the append function admits only the next one.
            var head: (count: Int, hash: String?) = (0, nil)
            for try await (sequence, hash) in try await connection.query(
                "SELECT sequence, chain_hash FROM consign.event ORDER BY sequence DESC LIMIT 1", logger: PostgresConnections.logger
            ).decode((Int64, String).self) {
                head = (Int(sequence), hash)
            }
            return head
        }
    }

    public func document(sha256: String) async throws -> [UInt8]? {
        let bytes = try await connections.with { connection -> [UInt8]? in
            var bytes: [UInt8]?
            for try await stored in try await connection.query(
                "SELECT bytes FROM consign.document WHERE sha256 = \(sha256)", logger: PostgresConnections.logger
            ).decode(ByteBuffer.self) {
                bytes = Array(buffer: stored)
            }
            return bytes
        }
        guard let bytes else { return nil }
        guard sha256Hex(bytes) == sha256 else {
            throw CorruptRegister(description: RegisterText.documentDoesNotMatchHash(sha256: sha256).text())
        }
        return bytes
    }

    public func derivedDigests(_ hasher: SubjectHasher, through: Int) async throws -> DerivedDigests {
        let through = Int64(through)
        // The three reads side by side, each filling its part of the digests.
        let reads: [@Sendable () async throws -> DerivedDigests] = [
            { try await self.indexDigests(through: through, hasher) },
            {
                var part = DerivedDigests()
                part.stopUse = try await self.subjectDigest(table: "stop_use_index", tag: 1, through: through, hasher)
                return part
            },
            {
                var part = DerivedDigests()
                part.subjectIndex = try await self.subjectDigest(table: "subject_index", tag: 2, through: through, hasher)
                return part
            },
        ]
        let parts = try await PostgresConnections.all(reads)
        var digests = parts[0]
        digests.stopUse = parts[1].stopUse
        digests.subjectIndex = parts[2].subjectIndex
        return digests
    }

    /// The digests of the transfer and deletion indexes, on a connection of their own.
    private func indexDigests(through: Int64, _ hasher: SubjectHasher) async throws -> DerivedDigests {
        try await connections.with { connection in
            var digests = DerivedDigests()
            for try await (id, event, subjects) in try await connection.query(
                "SELECT id, event, subjects FROM consign.transfer_index WHERE event <= \(through)", logger: PostgresConnections.logger
            ).decode((String, Int64, Int32).self) {
                digests.transfers.add(
                    DerivedDigests.hash(DerivedRows.Transfer(id: id, event: Int(event), subjects: Int(subjects)), hasher))
            }
            for try await (transfer, event) in try await connection.query(
                "SELECT transfer, event FROM consign.deletion_index WHERE event <= \(through)", logger: PostgresConnections.logger
            ).decode((String, Int64).self) {
                digests.deletions.add(DerivedDigests.hash(DerivedRows.Deletion(transfer: transfer, event: Int(event)), hasher))
            }
            return digests
        }
    }

    /// The digest of a subject table's rows, on a connection of its own.
    private func subjectDigest(table: String, tag: UInt8, through: Int64, _ hasher: SubjectHasher) async throws -> DerivedDigest {
        try await connections.with { connection in
            var digest = DerivedDigest()
            for try await (key, event) in try await connection.query(
                "SELECT subject, event FROM consign.\(unescaped: table) WHERE event <= \(through)", logger: PostgresConnections.logger
            ).decode((ByteBuffer, Int64).self) {
                // A key that is not 8 bytes is no subject: it counts, under a hash no real row has.
                digest.add(
                    SubjectKey.subject(key).map {
                        DerivedDigests.hash(DerivedRows.Subject(subject: $0, event: Int(event)), tag: tag, hasher)
                    } ?? 0)
            }
            return digest
        }
    }
}

/// A subject's keyed hash read back from the key the derived tables hold (`SubjectChunks.key`).
enum SubjectKey {
    static func subject(_ key: ByteBuffer) -> UInt64? {
        key.readableBytes == 8 ? key.getInteger(at: key.readerIndex, endianness: .big, as: UInt64.self) : nil
    }
}

/// An event row (`sequence, body, chain_hash, kind, contractor`) seen in the buffers PostgresNIO read it into.
enum StoredRow {
    static func withEvent(_ row: PostgresRow, _ body: (StoredEvent) throws -> Void) throws {
        let (sequence, record, hash, kind, contractor) = try row.decode((Int64, ByteBuffer, ByteBuffer, ByteBuffer, ByteBuffer).self)
        try record.withUnsafeReadableBytes { record in
            try hash.withUnsafeReadableBytes { hash in
                try kind.withUnsafeReadableBytes { kind in
                    try contractor.withUnsafeReadableBytes { contractor in
                        try body(StoredEvent(sequence: Int(sequence), body: record, chainHash: hash, kind: kind, contractor: contractor))
                    }
                }
            }
        }
    }
}
