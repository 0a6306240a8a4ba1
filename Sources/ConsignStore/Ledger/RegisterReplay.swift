import ConsignCore
import Synchronization

/// What a store has read of its register so far, so that each later read or append reads only what was
/// stored since: the whole register as last replayed (for the audit, the reports, verify), and the
/// register of its contractor and agreement events with the newest event's count and time (what nearly
/// every other command needs, read by kind, never by replaying the rest).
public final class RegisterReplay: Sendable {
    public struct State: Sendable {
        public var register = Register()
        /// The newest event read.
        public var last: RecordedEvent?

        /// The last sequence read (0 when none).
        var through: Int { last?.sequence ?? 0 }

        /// Applies the events that follow, in chain order.
        mutating func apply(_ events: [RecordedEvent]) {
            for event in events { register.apply(event) }
            last = events.last ?? last
        }

        /// For the contractor and agreement state: applies the events of those kinds after `through` and takes
        /// the count and time of `newest`.
        mutating func advanceStanding(_ events: [RecordedEvent], newest: RecordedEvent?) {
            for event in events where event.sequence > through && RegisterEvent.standingKinds.contains(event.event.kind) {
                register.apply(event)
            }
            register.extend(toNewest: newest)
            last = newest ?? last
        }
    }

    private let whole = Mutex(State())
    private let standing = Mutex(State())

    public init() {}

    var wholeState: State { whole.withLock { $0 } }
    var standingState: State { standing.withLock { $0 } }

    /// Keeps what was read when it goes further than what is kept (another task may have gone further).
    func keep(whole newer: State) {
        whole.withLock { if $0.through < newer.through { $0 = newer } }
    }

    func keep(standing newer: State) {
        standing.withLock { if $0.through < newer.through { $0 = newer } }
    }

    /// After an append that read the register as `before` (its contractor and agreement state up to the
    /// event before it) and recorded `appended`: both states move on with them, the whole one only when it
    /// had read everything before them.
    func appended(_ appended: [RecordedEvent], after before: State) {
        var standing = before
        standing.advanceStanding(appended, newest: appended.last)
        keep(standing: standing)
        var whole = wholeState
        if whole.through == before.through {
            whole.apply(appended)
            keep(whole: whole)
        }
    }
}

/// Decodes a stretch's events in order, with one string table for the stretch (its events repeat the
/// same hashes, bases and names), up to the first that does not decode.
struct ReplayReader: LedgerReader {
    static var readsEvents: Bool { true }
    static var readsSubjectChunks: Bool { false }

    private let strings = StringTable()
    private var decoded: [RecordedEvent] = []
    private var corrupt: Int?

    mutating func begin(_ stretch: LedgerStretch) {}

    /// Decodes the stretch's next event; false once one did not decode.
    mutating func event(_ stored: StoredEvent) -> Bool {
        guard corrupt == nil else { return false }
        guard let event = RegisterEvent(bytes: stored.body, strings: strings) else {
            corrupt = stored.sequence
            return false
        }
        decoded.append(RecordedEvent(sequence: stored.sequence, event: event, chainHash: stored.chainHashText))
        return true
    }

    mutating func subjectChunk(event: Int, firstHash: UnsafeRawBufferPointer, hashes: UnsafeRawBufferPointer) {}

    /// The stretch's events, decoded.
    func end() throws -> [RecordedEvent] {
        if let corrupt { throw CorruptRegister(description: RegisterText.eventDoesNotDecode(event: corrupt).text()) }
        return decoded
    }
}
