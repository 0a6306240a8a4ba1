import ConsignCore

/// Where the register lives. Async, because the PostgreSQL store (PostgresNIO) is async-only; the SQLite
/// store implements the same protocol, so nothing above it changes with the database.
public protocol RegisterStore: Sendable {
    /// Appends what `recorder` records if the register's rules admit it against the state inside the same
    /// write transaction (so concurrent writers keep one linear chain), storing `documents` (exact bytes,
    /// addressed by SHA-256) and a transfer's `subjects` (sorted, distinct keyed hashes, in chunks) in the
    /// same commit. The event's time is read from the recorder's clock inside the transaction and is never
    /// before the last event's. For a transfer, `commit` re-checks its basis against the register at that
    /// moment (`Register.recheck`) and runs its step before the commit, with the event's sequence and
    /// chain hash: a step that throws leaves nothing recorded.
    func append(
        _ payload: RegisterEvent.Payload, by recorder: Recorder, documents: [[UInt8]], subjects: [UInt64],
        commit: TransferCommit?
    ) async throws -> AppendResult

    /// Appends events that are never registrations (a list of stop-use requests) in one transaction, all
    /// timed at once: all of them, each admitted after the ones before it, or none.
    func append(_ payloads: [RegisterEvent.Payload], by recorder: Recorder) async throws -> [RecordedEvent]

    /// Appends events already made elsewhere (transfers imported from another system, a register copied),
    /// with the times they carry, in one transaction: all or none, each admitted after the ones before it
    /// and none timed before the event before it. `subjects[i]`, when present, is the subject set of
    /// `events[i]`; the documents the events refer to must already be stored.
    func appendAsRecorded(_ events: [RegisterEvent], subjects: [[UInt64]]) async throws -> [RecordedEvent]

    /// Reads the events stored after `sequence` (up to the last one stored when the call starts) in
    /// stretches at once, one per core, each on its own connection and thread, and returns what `read`
    /// makes of each stretch, in chain order (`ledger verify` checks the chain this way, and the replay
    /// decodes it).
    func readLedger<Result: Sendable>(
        after sequence: Int, _ read: @escaping @Sendable (any LedgerSegment) throws -> Result
    ) async throws -> [Result]

    /// Verifies the chain against `anchors` (what `LedgerVerification.verify` does) and replays the register
    /// in the same read of the ledger, each stretch checked and decoded on its own core: the audit needs
    /// both, and reading the register once is a third of its time. Later `register()` calls start from
    /// this replay; when an event does not decode, the replay is left undone and `register()` reports it.
    func replay(verifying chain: LedgerChain, anchors: [LedgerAnchor]) async throws -> LedgerVerification

    /// What is missing from the store's schema (its tables, and what keeps it append-only); empty when it
    /// is whole. `ledger verify` and the audit report it.
    func schemaDamage() async throws -> [SchemaDamage]

    /// How many events are stored, and the chain hash of the last one (nil when none).
    func ledgerHead() async throws -> (count: Int, hash: String?)

    /// The events of the transfers whose subject set holds `subject` (a keyed hash), in chain order: one
    /// small chunk read per transfer.
    func transfers(holding subject: UInt64) async throws -> [Int]

    /// Every (transfer event, subject) pair among `subjects` in the stored subject sets: one pass over all
    /// of them (what the audit needs to check the stop-use list against every transfer).
    func subjectMatches(_ subjects: [UInt64]) async throws -> [SubjectMatch]

    /// Every event, in chain order.
    func events() async throws -> [RecordedEvent]

    /// The register as its events describe it (what `Register(events: events())` gives, but a store may
    /// keep what it replayed and replay only newer events).
    func register() async throws -> Register

    /// The exact bytes stored under a SHA-256, if any.
    func document(sha256: String) async throws -> [UInt8]?
}

extension RegisterStore {
    /// Appends an event that is never a registration (a status change, an evaluation, a stop-use request),
    /// so it is either appended or refused.
    public func record(_ payload: RegisterEvent.Payload, by recorder: Recorder) async throws -> RecordedEvent {
        guard case .appended(let recorded) = try await append(payload, by: recorder, documents: [], subjects: [], commit: nil)
        else { preconditionFailure("only a registration can find itself already done") }
        return recorded
    }
}

/// What the append of a transfer does inside its write transaction besides the register's own rules.
public struct TransferCommit: Sendable {
    /// What the transfer rested on when it was prepared, re-checked against the register at the commit.
    public var basis: TransferBasis
    /// Runs after the event is inserted and before the commit, with the event as recorded (its sequence
    /// and chain hash exist only here): it writes and flushes what must be in place before the record
    /// commits (the package's manifest). When it throws, nothing is recorded.
    public var beforeCommit: @Sendable (RecordedEvent) throws -> Void

    public init(basis: TransferBasis, beforeCommit: @escaping @Sendable (RecordedEvent) throws -> Void = { _ in }) {
        self.basis = basis
        self.beforeCommit = beforeCommit
    }
}

public enum AppendResult: Equatable, Sendable {
    case appended(RecordedEvent)
    /// The same document version with the same bytes was already registered; nothing was appended.
    case alreadyRegistered(RegisteredDocument)
}

/// The register's stored state is not what consign wrote: an event that does not decode, or a document
/// whose bytes do not match their hash.
public struct CorruptRegister: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(description: String) { self.description = description }
}

/// A part of a store's schema that is missing.
public struct SchemaDamage: Sendable, CustomStringConvertible {
    /// A table holds the register's data: without it there is nothing to read. The rest (triggers, rules)
    /// keeps the register append-only in the database.
    public var isTable: Bool
    public var name: String

    public init(isTable: Bool, name: String) {
        self.isTable = isTable
        self.name = name
    }

    public var description: String { (isTable ? Message.tableMissing(name) : Message.triggerMissing(name)).text() }
}

/// A subject found in a transfer's stored subject set.
public struct SubjectMatch: Equatable, Sendable {
    public var event: Int
    public var subject: UInt64

    public init(event: Int, subject: UInt64) {
        self.event = event
        self.subject = subject
    }
}
