import ConsignCore
import ConsignKeys

/// One append as the code above a store makes it, the same on every database. Inside the store's write
/// transaction it reads what it needs and no more (`queries`: the contractor and agreement events since
/// those it has, the newest event, and the events of the subjects and transfers the append concerns, found
/// through the derived rows), then admits what is to be recorded against that register — the register's
/// rules, the event's time, a transfer's re-check of what its plan relied on — and makes the rows: each
/// event with its sequence, canonical record and chain hash, its subject chunks and derived rows, and the
/// documents it refers to (`rows()`). Its step before the commit (`beforeCommit()`) runs with the events as
/// recorded. Used by one transaction at a time, on whatever thread the store runs it.
public final class AppendTransaction: @unchecked Sendable {
    /// What the store reads for the append, inside its transaction.
    public let queries: [EventQuery]
    /// The contractor and agreement state it starts from (read before the transaction, brought up to date in it).
    private let start: RegisterReplay.State
    private var reader = ReplayReader()
    private let chain: LedgerChain
    private let admit: (inout Batch) throws -> Void
    private let commitStep: (([RecordedEvent]) throws -> Void)?
    private var batch: Batch?
    /// The contractor and agreement state up to the newest event before the append, once read.
    private(set) var standingBefore: RegisterReplay.State?
    /// The events keep the times and operators they were made with (a register copied, events imported):
    /// a store that stamps appends itself leaves them as they are, and only the schema's owner may write them.
    public let keepsRecordedStamps: Bool
    /// The operator and time a server handed out for this append (`stamp`), which its events carry instead of
    /// the recorder's.
    private var serverStamp: ServerStamp?

    /// Who appends and when, as a database server says it inside the append's transaction.
    public struct ServerStamp: Sendable {
        public var recordedBy: String
        public var recordedAt: Timestamp

        public init(recordedBy: String, recordedAt: Timestamp) {
            self.recordedBy = recordedBy
            self.recordedAt = recordedAt
        }
    }

    /// What an append admits and records, against the register as it stands inside the transaction.
    struct Batch {
        /// The register of what the append concerns, with every event appended so far.
        var state: RegisterReplay.State
        let chain: LedgerChain
        var rows = AppendRows()
        var recorded: [RecordedEvent] = []
        /// The server's operator and time, when the store's server stamps appends.
        let serverStamp: ServerStamp?
        /// The document version was registered before with the same bytes: nothing is appended.
        var alreadyRegistered: RegisteredDocument?

        var register: Register { state.register }

        /// `payload` as an event of this append: timed and signed by the server when it stamps appends, else by
        /// the recorder's name and its clock (read now, or at `time` when the caller read it once for several
        /// events), and never before the register's last event.
        func stamp(_ payload: RegisterEvent.Payload, by recorder: Recorder, at time: Timestamp? = nil) throws -> RegisterEvent {
            let event =
                serverStamp.map { RegisterEvent(recordedAt: $0.recordedAt, recordedBy: $0.recordedBy, payload: payload) }
                ?? RegisterEvent(
                    recordedAt: time ?? recorder.clock.now, recordedBy: recorder.name, payload: payload, clock: recorder.clock.source)
            try register.admitTime(of: event)
            return event
        }

        /// Stores a document's exact bytes with the append (a store keeps one copy per SHA-256).
        mutating func store(_ document: [UInt8]) {
            rows.documents.append((sha256Hex(document), document))
        }

        /// Chains an admitted event after the last one, with a transfer's subject chunks and the rows derived
        /// from it, and applies it.
        mutating func append(_ event: RegisterEvent, subjects: [UInt64]) {
            let previous = state.last.flatMap { [UInt8](hex: $0.chainHash) } ?? LedgerChain.genesis
            let sequence = state.through + 1
            let body = event.record.bytes
            let hash = chain.hash(previous: previous, sequence: sequence, body: body).hex
            var chunks: [[UInt8]] = []
            SubjectChunks.forEachChunk(of: subjects) { chunks.append(Array($0)) }
            rows.events.append(
                AppendRows.Event(
                    sequence: sequence, kind: event.kind, contractor: event.contractor, body: body, chainHash: hash,
                    subjectChunks: chunks, derived: .of(event, sequence: sequence, subjects: subjects)))
            let recorded = RecordedEvent(sequence: sequence, event: event, chainHash: hash)
            state.apply([recorded])
            self.recorded.append(recorded)
        }
    }

    /// An append that starts from the contractor and agreement state `standing` and also reads `concerns`.
    init(
        from standing: RegisterReplay.State, concerns: [EventQuery], chain: LedgerChain, keepsRecordedStamps: Bool = false,
        beforeCommit: (([RecordedEvent]) throws -> Void)? = nil, admit: @escaping (inout Batch) throws -> Void
    ) {
        queries = [.kinds(RegisterEvent.standingKinds, after: standing.through)] + concerns
        start = standing
        self.chain = chain
        self.keepsRecordedStamps = keepsRecordedStamps
        self.admit = admit
        commitStep = beforeCommit
    }

    /// The operator and time the store's server handed out inside the transaction (after taking its lock, so
    /// that no later-timed event can commit before this one), which the append's events carry.
    public func stamp(_ stamp: ServerStamp) {
        precondition(!keepsRecordedStamps)
        serverStamp = stamp
    }

    /// The next event the queries select, in chain order.
    public func read(_ stored: StoredEvent) throws {
        if !reader.event(stored) { _ = try reader.end() }
    }

    /// The newest event stored, whatever its kind: the register's count, last time and chain hash.
    public func newest(_ stored: StoredEvent) throws {
        var newestReader = ReplayReader()
        _ = newestReader.event(stored)
        newestEvent = try newestReader.end().first
    }

    private var newestEvent: RecordedEvent?

    /// What to insert: the register of what the append concerns is made from the events read, then the
    /// append is admitted against it. Throws a `Refusal` or an `InputError` when the register's rules refuse
    /// it.
    public func rows() throws -> AppendRows {
        let events = try reader.end()
        let newest = newestEvent
        var standing = start
        standing.advanceStanding(events, newest: newest)
        standingBefore = standing
        let concerned = events.filter { !RegisterEvent.standingKinds.contains($0.event.kind) }
        var register = standing.register
        for event in concerned { register.apply(event) }
        register.extend(toNewest: newest)
        var batch = Batch(state: RegisterReplay.State(register: register, last: newest), chain: chain, serverStamp: serverStamp)
        try admit(&batch)
        self.batch = batch
        return batch.rows
    }

    /// The append's own step before the commit, with its events as recorded (their sequences and chain hashes
    /// exist only now): what must be in place before the record commits.
    public func beforeCommit() throws {
        if let commitStep, let recorded = batch?.recorded, !recorded.isEmpty { try commitStep(recorded) }
    }

    /// What was admitted and recorded, once `rows()` has run.
    var admitted: Batch? { batch }
}
