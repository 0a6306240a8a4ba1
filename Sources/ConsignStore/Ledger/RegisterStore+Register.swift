import ConsignCore
import ConsignKeys

/// What everything above storage asks of the register, written once for every store on top of the protocol:
/// appends, the register of contractors and agreements, a subject's and a transfer's events, the whole
/// replayed register, and the audit's matches of subjects.
extension RegisterStore {
    /// Appends what `recorder` records if the register's rules admit it against the state inside the same
    /// write transaction (so concurrent writers keep one linear chain), storing `documents` (exact bytes,
    /// addressed by SHA-256) and a transfer's `subjects` (sorted, distinct keyed hashes, in chunks) in the
    /// same commit. The event's time is read from the recorder's clock inside the transaction and is never
    /// before the last event's. For a transfer, `commit` re-checks its basis against the register at that
    /// moment (`Register.recheck`) and runs its step before the commit, with the event's sequence and
    /// chain hash: a step that throws leaves nothing recorded.
    public func append(
        _ payload: RegisterEvent.Payload, by recorder: Recorder, documents: [[UInt8]], subjects: [UInt64],
        commit: TransferCommit?
    ) async throws -> AppendResult {
        if case .transfer(let transfer) = payload {
            precondition(SubjectChunks.summary(of: subjects) == transfer.subjects && zip(subjects, subjects.dropFirst()).allSatisfy(<))
        } else {
            precondition(subjects.isEmpty && commit == nil)
        }
        var concerns = Self.concerns(of: payload)
        if case .plan(let plan) = commit?.basis { concerns.append(.stopUseAfter(plan.readThrough)) }
        let append = AppendTransaction(
            from: replayed.standingState, concerns: concerns, chain: chain,
            beforeCommit: commit.map { commit in { recorded in try commit.beforeCommit(recorded[0]) } }
        ) { batch in
            if case .alreadyRegistered(let existing) = try batch.register.admit(payload) {
                batch.alreadyRegistered = existing
                return
            }
            let event = try batch.stamp(payload, by: recorder)
            if let commit, case .transfer(let transfer) = payload {
                try batch.register.recheck(transfer, subjects: subjects, basis: commit.basis, at: event.recordedAt)
            }
            for document in documents { batch.store(document) }
            batch.append(event, subjects: subjects)
            if let sign = commit?.sign, let transfer = batch.recorded.last {
                try batch.admitEvent(try batch.stamp(.packageSigned(try sign(transfer)), by: recorder, at: event.recordedAt))
            }
            if let provision = commit?.provision {
                try batch.admitEvent(try batch.stamp(.provisionRecorded(provision), by: recorder, at: event.recordedAt))
            }
        }
        let batch = try await run(append)
        if let existing = batch.alreadyRegistered { return .alreadyRegistered(existing) }
        return .appended(batch.recorded[0])
    }

    /// Appends events, timed at once, whose basis the register must still allow when they commit (a statistical
    /// table's release, anonymised records and their notices): `recheck` runs inside the write transaction against the
    /// register as it then stands, with the events' time, and `beforeCommit` with the events as recorded (their
    /// sequences and chain hashes), after which the commit follows; either throwing leaves nothing recorded.
    /// `documents` are stored with them.
    public func append(
        _ payloads: [RegisterEvent.Payload], by recorder: Recorder, documents: [[UInt8]],
        recheck: @escaping @Sendable (Register, Timestamp) throws -> Void,
        beforeCommit: @escaping @Sendable ([RecordedEvent]) throws -> Void
    ) async throws -> [RecordedEvent] {
        let append = AppendTransaction(
            from: replayed.standingState, concerns: payloads.flatMap(Self.concerns), chain: chain, beforeCommit: beforeCommit
        ) { batch in
            let first = try batch.stamp(payloads[0], by: recorder)
            try recheck(batch.register, first.recordedAt)
            for document in documents { batch.store(document) }
            try batch.admitEvent(first)
            for payload in payloads.dropFirst() {
                try batch.admitEvent(try batch.stamp(payload, by: recorder, at: first.recordedAt))
            }
        }
        return try await run(append).recorded
    }

    /// Appends events that are never registrations (a list of stop-use requests) in one transaction, all
    /// timed at once: all of them, each admitted after the ones before it, or none.
    public func append(_ payloads: [RegisterEvent.Payload], by recorder: Recorder) async throws -> [RecordedEvent] {
        let append = AppendTransaction(from: replayed.standingState, concerns: payloads.flatMap(Self.concerns), chain: chain) {
            batch in
            // One time for the batch, read inside the transaction.
            let now = recorder.clock.now
            for payload in payloads {
                try batch.admitEvent(try batch.stamp(payload, by: recorder, at: now))
            }
        }
        return try await run(append).recorded
    }

    /// Appends events already made elsewhere (transfers imported from another system, a register copied),
    /// with the times they carry, in one transaction: all or none, each admitted after the ones before it
    /// and none timed before the event before it. `subjects[i]`, when present, is the subject set of
    /// `events[i]`; `documents` are stored with them (those the events refer to and the store does not hold).
    public func appendAsRecorded(
        _ events: [RegisterEvent], subjects: [[UInt64]], documents: [[UInt8]] = []
    ) async throws -> [RecordedEvent] {
        let concerns = events.flatMap { Self.concerns(of: $0.payload) }
        let append = AppendTransaction(from: replayed.standingState, concerns: concerns, chain: chain, keepsRecordedStamps: true) {
            batch in
            for document in documents { batch.store(document) }
            for (index, event) in events.enumerated() {
                try batch.admitEvent(event, subjects: index < subjects.count ? subjects[index] : [])
            }
        }
        return try await run(append).recorded
    }

    /// Appends an event that is never a registration (a status change, an evaluation, a stop-use request),
    /// so it is either appended or refused.
    public func record(_ payload: RegisterEvent.Payload, by recorder: Recorder) async throws -> RecordedEvent {
        guard case .appended(let recorded) = try await append(payload, by: recorder, documents: [], subjects: [], commit: nil)
        else { preconditionFailure("only a registration can find itself already done") }
        return recorded
    }

    /// What reading the register for an append of `payload` must include besides its contractors and
    /// agreements: the subject's requests, the transfer with that id (and its deletion), the transfers an
    /// incident names.
    private static func concerns(of payload: RegisterEvent.Payload) -> [EventQuery] {
        switch payload {
        case .stopUse(let request): [.stopUse(of: UInt64(request.subject, radix: 16).map { [$0] } ?? [])]
        case .transfer(let transfer): [.transfersNamed([transfer.id])]
        case .deletionConfirmed(let confirmation): [.transfersNamed([confirmation.transfer])]
        case .incident(let incident): incident.transfers.isEmpty ? [] : [.transfersNamed(incident.transfers)]
        case .packageSigned(let signature): [.transfersNamed([signature.transfer])]
        case .provisionRecorded(let provision): [.transfersNamed([provision.transfer])]
        case .contractorRegistered, .agreementRegistered, .statusChanged, .evaluated, .incidentReported, .contractorReported,
            .contractorKey, .pseudonymRotation, .subjectRequested, .requestAnswered, .recipientNotified, .statisticsReleased,
            .anonymisedReleased, .anonymisedNotice:
            []
        }
    }

    /// Runs an append in the store's write transaction and keeps what it read and recorded.
    private func run(_ append: AppendTransaction) async throws -> AppendTransaction.Batch {
        do {
            try await write(append)
        } catch {
            if let before = append.standingBefore { replayed.keep(standing: before) }
            throw error
        }
        let batch = append.admitted!
        if let before = append.standingBefore { replayed.appended(batch.recorded, after: before) }
        return batch
    }

    /// The register of contractors and agreements (their registrations, status changes and evaluations)
    /// with the whole register's count and last time — what planning, procurement and their listings read,
    /// without reading a transfer or a stop-use request — and the events of the subjects and transfers
    /// `concerns` selects (what a command about one subject or one transfer reads besides).
    public func standing(with concerns: [EventQuery] = []) async throws -> Register {
        var state = replayed.standingState
        // The newest event first: every event up to it is stored by then, so the read after it sees them all;
        // what it sees beyond it (appended in between) is left for the next read.
        let newest = try await readEvents([.newest]) { ReplayReader() }.last
        let events = try await readEvents([.kinds(RegisterEvent.standingKinds, after: state.through)] + concerns) { ReplayReader() }
            .filter { $0.sequence <= newest?.sequence ?? 0 }
        state.advanceStanding(events, newest: newest)
        replayed.keep(standing: state)
        var register = state.register
        for event in events where !RegisterEvent.standingKinds.contains(event.event.kind) { register.apply(event) }
        register.extend(toNewest: newest)
        return register
    }

    /// The whole register as its events describe it, replaying only the events stored since the last replay:
    /// each stretch of them decoded on its own core, then applied in chain order.
    public func register() async throws -> Register {
        var state = replayed.wholeState
        state.apply(try await readLedger(after: state.through) { ReplayReader() }.flatMap { $0 })
        replayed.keep(whole: state)
        return state.register
    }

    /// The events `queries` select, in chain order.
    public func events(_ queries: [EventQuery]) async throws -> [RecordedEvent] {
        try await readEvents(queries) { ReplayReader() }
    }

    /// Every event, in chain order.
    public func events() async throws -> [RecordedEvent] {
        try await readLedger(after: 0) { ReplayReader() }.flatMap { $0 }
    }

    /// Verifies the chain against `anchors` (what `LedgerVerification.verify` does) and replays the register
    /// in the same read of the ledger, each stretch checked and decoded on its own core: the audit needs
    /// both, and reading the register once is a third of its time. Later `register()` calls start from this
    /// replay; when an event does not decode, the replay is left undone and `register()` reports it.
    public func replay(verifying chain: LedgerChain, anchors: [LedgerAnchor]) async throws -> LedgerVerification {
        let anchorCounts = Set(anchors.map(\.count))
        let stretches = try await readLedger(after: 0) { VerifyingReplay(chain: chain, anchorCounts: anchorCounts) }
        let decoded = stretches.compactMap(\.events)
        if decoded.count == stretches.count {
            var state = RegisterReplay.State()
            state.apply(decoded.flatMap { $0 })
            replayed.keep(whole: state)
        }
        var verification = LedgerVerification(joining: stretches.map(\.check), anchors: anchors)
        try await verification.compareDerivedRows(implied: stretches.map(\.check), in: self, hasher: chain.derivedHasher)
        return verification
    }

    /// The stored subject sets of the transfers recorded as `events`, by event: one pass over the subject
    /// chunks (what counts the people an incident affects).
    public func subjectSets(ofEvents events: Set<Int>) async throws -> [Int: [UInt64]] {
        guard !events.isEmpty else { return [:] }
        return try await readLedger(after: 0) { SubjectSetReader(wanted: events) }
            .reduce(into: [:]) { all, stretch in all.merge(stretch) { a, b in a + b } }
    }

    /// Every (transfer event, subject) pair among `subjects` in the stored subject sets: one pass over all
    /// of them, each stretch of the ledger on its own core (what the audit needs to check the stop-use list
    /// against every transfer).
    public func subjectMatches(_ subjects: [UInt64]) async throws -> [SubjectMatch] {
        let wanted = Array(Set(subjects)).sorted()
        guard !wanted.isEmpty else { return [] }
        return try await readLedger(after: 0) { SubjectMatchReader(wanted: wanted) }.flatMap { $0 }
    }
}

extension AppendTransaction.Batch {
    /// Admits and appends an event that is never a registration, with its own time, after the ones before it.
    mutating func admitEvent(_ event: RegisterEvent, subjects: [UInt64] = []) throws {
        guard case .append = try register.admit(event.payload) else { preconditionFailure("a batch holds no registrations") }
        try register.admitTime(of: event)
        append(event, subjects: subjects)
    }
}

/// The ledger check and the replay of one stretch in one read of it.
private struct VerifyingReplay: LedgerReader {
    static var readsEvents: Bool { true }
    static var readsSubjectChunks: Bool { true }

    var check: LedgerVerification.StretchCheck
    var decoder = ReplayReader()
    let chain: LedgerChain

    init(chain: LedgerChain, anchorCounts: Set<Int>) {
        self.chain = chain
        check = LedgerVerification.StretchCheck(anchorCounts: anchorCounts)
    }

    mutating func begin(_ stretch: LedgerStretch) throws { try check.begin(stretch) }

    /// Every event is decoded, past a break too: the audit checks the register as it stands.
    mutating func event(_ stored: StoredEvent) throws -> Bool {
        let checking = check.event(stored, chain: chain)
        return decoder.event(stored) || checking
    }

    mutating func subjectChunk(event: Int, firstHash: UnsafeRawBufferPointer, hashes: UnsafeRawBufferPointer) {
        check.subjectChunk(event: event, firstHash: firstHash, hashes: hashes)
    }

    mutating func end() throws -> (check: LedgerVerification.StretchCheck, events: [RecordedEvent]?) {
        (try check.end(), try? decoder.end())
    }
}

/// The stop-use list's subjects found in the subject chunks of one stretch.
private struct SubjectMatchReader: LedgerReader {
    static var readsEvents: Bool { false }
    static var readsSubjectChunks: Bool { true }

    let wanted: [UInt64]
    var matches: [SubjectMatch] = []

    mutating func begin(_ stretch: LedgerStretch) {}
    mutating func event(_ stored: StoredEvent) -> Bool { false }

    mutating func subjectChunk(event: Int, firstHash: UnsafeRawBufferPointer, hashes: UnsafeRawBufferPointer) {
        SubjectChunks.forEachMatch(in: hashes, of: wanted) { matches.append(SubjectMatch(event: event, subject: $0)) }
    }

    func end() -> [SubjectMatch] { matches }
}

/// The subject sets of some transfer events in one stretch.
private struct SubjectSetReader: LedgerReader {
    static var readsEvents: Bool { false }
    static var readsSubjectChunks: Bool { true }

    let wanted: Set<Int>
    var sets: [Int: [UInt64]] = [:]

    mutating func begin(_ stretch: LedgerStretch) {}
    func event(_ stored: StoredEvent) -> Bool { false }

    mutating func subjectChunk(event: Int, firstHash: UnsafeRawBufferPointer, hashes: UnsafeRawBufferPointer) {
        guard wanted.contains(event) else { return }
        for offset in stride(from: 0, to: hashes.count - 7, by: 8) {
            sets[event, default: []].append(hashes.loadUnaligned(fromByteOffset: offset, as: UInt64.self).bigEndian)
        }
    }

    func end() -> [Int: [UInt64]] { sets }
}

/// What the append of a transfer does inside its write transaction besides the register's own rules.
public struct TransferCommit: Sendable {
    /// What the transfer rested on when it was prepared, re-checked against the register at the commit.
    public var basis: TransferBasis
    /// Runs after the event is inserted and before the commit, with the event as recorded (its sequence
    /// and chain hash exist only here): it writes and flushes what must be in place before the record
    /// commits (the package's manifest). When it throws, nothing is recorded.
    public var beforeCommit: @Sendable (RecordedEvent) throws -> Void
    /// Makes the signature of the package from the transfer's event as recorded, appended as the next event
    /// in the same transaction (`PackageSignature`); nil for a transfer recorded by hand, which has no package.
    public var sign: (@Sendable (RecordedEvent) throws -> PackageSignature)?
    /// The record of the provision the transfer is (APPI Art. 29), appended after it (and its signature) in the
    /// same transaction; nil for a transfer that is no provision.
    public var provision: ProvisionRecord?

    public init(
        basis: TransferBasis, beforeCommit: @escaping @Sendable (RecordedEvent) throws -> Void = { _ in },
        sign: (@Sendable (RecordedEvent) throws -> PackageSignature)? = nil, provision: ProvisionRecord? = nil
    ) {
        self.basis = basis
        self.beforeCommit = beforeCommit
        self.sign = sign
        self.provision = provision
    }
}

public enum AppendResult: Equatable, Sendable {
    case appended(RecordedEvent)
    /// The same document version with the same bytes was already registered; nothing was appended.
    case alreadyRegistered(RegisteredDocument)
}
