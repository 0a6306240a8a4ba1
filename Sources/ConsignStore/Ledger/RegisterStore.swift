import ConsignCore

/// Where the register lives. Async, because the PostgreSQL store (PostgresNIO) is async-only; the SQLite
/// store implements the same protocol, so nothing above it changes with the database.
public protocol RegisterStore: Sendable {
    /// Appends `event` if the register's rules admit it against the state inside the same write
    /// transaction (so concurrent writers keep one linear chain), storing `documents` (exact bytes,
    /// addressed by SHA-256) and a transfer's `subjects` (sorted, distinct keyed hashes, in chunks) in the
    /// same commit.
    func append(_ event: RegisterEvent, documents: [[UInt8]], subjects: [UInt64]) async throws -> AppendResult

    /// Appends events that are never registrations (a list of stop-use requests, transfers imported from
    /// another system) in one transaction: all of them, each admitted after the ones before it, or none.
    /// `subjects[i]`, when present, is the subject set of `events[i]`; the documents the events refer to
    /// must already be stored.
    func append(_ events: [RegisterEvent], subjects: [[UInt64]]) async throws -> [RecordedEvent]

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
    /// Appends events without subjects in one transaction, all or none.
    public func append(_ events: [RegisterEvent]) async throws -> [RecordedEvent] {
        try await append(events, subjects: [])
    }

    /// Appends an event that is never a registration (a status change, an evaluation, a stop-use request),
    /// so it is either appended or refused.
    public func record(_ payload: RegisterEvent.Payload, at time: Timestamp, by operatorName: String) async throws
        -> RecordedEvent
    {
        let event = RegisterEvent(recordedAt: time, recordedBy: operatorName, payload: payload)
        guard case .appended(let recorded) = try await append(event, documents: [], subjects: []) else {
            preconditionFailure("only a registration can find itself already done")
        }
        return recorded
    }

    /// Appends several such events at once, all or none.
    public func record(_ payloads: [RegisterEvent.Payload], at time: Timestamp, by operatorName: String) async throws
        -> [RecordedEvent]
    {
        try await append(payloads.map { RegisterEvent(recordedAt: time, recordedBy: operatorName, payload: $0) })
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

/// A subject found in a transfer's stored subject set.
public struct SubjectMatch: Equatable, Sendable {
    public var event: Int
    public var subject: UInt64

    public init(event: Int, subject: UInt64) {
        self.event = event
        self.subject = subject
    }
}
