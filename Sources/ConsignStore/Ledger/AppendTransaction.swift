import ConsignCore
import ConsignKeys

/// One append as the code above a store makes it, the same on every database: inside the store's write
/// transaction it replays the events stored since the replay it starts from (`newer`), then admits what is
/// to be recorded against the register as it now stands — the register's rules, the event's time, a
/// transfer's re-check of what its plan relied on — and makes the rows: each event with its sequence,
/// canonical record and chain hash, its subject chunks, the documents it refers to (`rows()`). Its step
/// before the commit (`beforeCommit()`) runs with the events as recorded. Used by one transaction at a time,
/// on whatever thread the store runs it.
public final class AppendTransaction: @unchecked Sendable {
    /// The last event of the replay it starts from: the store hands over every event stored after it.
    public let after: Int
    private var replay: RegisterReplay.State
    private var newerEvents = ReplayReader()
    private let chain: LedgerChain
    private let admit: (inout Batch) throws -> Void
    private let commitStep: ((RecordedEvent) throws -> Void)?
    private var batch: Batch?

    /// What an append admits and records, against the register as it stands inside the transaction.
    struct Batch {
        /// The register with every event stored and appended so far.
        var state: RegisterReplay.State
        let chain: LedgerChain
        var rows = AppendRows()
        var recorded: [RecordedEvent] = []
        /// The document version was registered before with the same bytes: nothing is appended.
        var alreadyRegistered: RegisteredDocument?

        var register: Register { state.register }

        /// Stores a document's exact bytes with the append (a store keeps one copy per SHA-256).
        mutating func store(_ document: [UInt8]) {
            rows.documents.append((sha256Hex(document), document))
        }

        /// Chains an admitted event after the last one, with a transfer's subject chunks, and applies it.
        mutating func append(_ event: RegisterEvent, subjects: [UInt64]) {
            let previous = state.last.flatMap { [UInt8](hex: $0.chainHash) } ?? LedgerChain.genesis
            let sequence = state.through + 1
            let body = event.record.bytes
            let hash = chain.hash(previous: previous, sequence: sequence, body: body).hex
            rows.events.append(
                AppendRows.Event(sequence: sequence, kind: event.kind, contractor: event.contractor, body: body, chainHash: hash))
            SubjectChunks.forEachChunk(of: subjects) { chunk in
                rows.subjectChunks.append(AppendRows.SubjectChunk(event: sequence, hashes: Array(chunk)))
            }
            let recorded = RecordedEvent(sequence: sequence, event: event, chainHash: hash)
            state.apply([recorded])
            self.recorded.append(recorded)
        }
    }

    init(
        from replay: RegisterReplay.State, chain: LedgerChain, beforeCommit: ((RecordedEvent) throws -> Void)? = nil,
        admit: @escaping (inout Batch) throws -> Void
    ) {
        after = replay.through
        self.replay = replay
        self.chain = chain
        self.admit = admit
        commitStep = beforeCommit
    }

    /// The next event stored after `after`, in order.
    public func newer(_ stored: StoredEvent) throws {
        if !newerEvents.event(stored) { _ = try newerEvents.end() }
    }

    /// What to insert: the register is brought up to date with the newer events, then the append is admitted
    /// against it. Throws a `Refusal` or an `InputError` when the register's rules refuse it.
    public func rows() throws -> AppendRows {
        replay.apply(try newerEvents.end())
        var batch = Batch(state: replay, chain: chain)
        try admit(&batch)
        self.batch = batch
        return batch.rows
    }

    /// The append's own step before the commit, with the event as recorded (its sequence and chain hash
    /// exist only now): what must be in place before the record commits.
    public func beforeCommit() throws {
        if let commitStep, let recorded = batch?.recorded.last { try commitStep(recorded) }
    }

    /// The register with the newer events (read even when the append was refused).
    var replayedBefore: RegisterReplay.State { replay }
    /// What was admitted and recorded, once `rows()` has run.
    var admitted: Batch? { batch }
}
