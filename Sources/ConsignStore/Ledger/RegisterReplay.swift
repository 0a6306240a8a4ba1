import ConsignCore
import Synchronization

/// The register as last replayed from a store, and the last event it has applied: a store keeps one, so
/// that each read or append after the first replays only the events stored since.
public final class RegisterReplay: Sendable {
    public struct State: Sendable {
        public var register = Register()
        public var last: RecordedEvent?

        /// The last sequence applied (0 when none).
        var through: Int { last?.sequence ?? 0 }

        mutating func apply(_ events: [RecordedEvent]) {
            for event in events { register.apply(event) }
            last = events.last ?? last
        }
    }

    private let state = Mutex(State())

    public init() {}

    var current: State { state.withLock { $0 } }

    /// Keeps `newer` when it has applied more events than what is kept (another task may have gone further).
    func keep(_ newer: State) {
        state.withLock { if $0.through < newer.through { $0 = newer } }
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
