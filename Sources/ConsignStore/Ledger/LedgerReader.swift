/// What reads one stretch of the stored ledger as the store hands it over, in the order of its rows: where the
/// stretch begins, its events in sequence order, the subject chunks stored with them (by event, then first
/// hash), and its end. The store drives the reading — SQLite from its own row loop, a server's client from
/// its row sequence — and may read several stretches at once, each with a reader of its own, because each
/// link of the chain depends only on stored values. `ledger verify` checks each stretch this way, and the
/// replay decodes each. What a reader is handed is valid only inside the call that hands it over.
public protocol LedgerReader {
    associatedtype Result: Sendable

    /// Whether the reader wants the stretch's events, and its subject chunks (a replay wants no chunks, and
    /// the audit's stop-use check no events), so that the store reads nothing more.
    static var readsEvents: Bool { get }
    static var readsSubjectChunks: Bool { get }

    /// The stretch begins.
    mutating func begin(_ stretch: LedgerStretch) throws

    /// The stretch's next stored event; false to be handed no more events of this stretch.
    mutating func event(_ stored: StoredEvent) throws -> Bool

    /// A subject chunk stored with an event of the stretch: the first hash as stored beside the chunk (the
    /// key a lookup finds it by), and the hashes.
    mutating func subjectChunk(event: Int, firstHash: UnsafeRawBufferPointer, hashes: UnsafeRawBufferPointer) throws

    /// The stretch ends: what the reader made of it.
    mutating func end() throws -> Result
}

/// Where a stretch of the ledger lies in the stored chain.
public struct LedgerStretch: Sendable {
    /// The sequence numbers the stretch covers (some may be missing when events were removed).
    public var range: ClosedRange<Int>
    /// The chain hash stored with the event just before `range` (the genesis hash before the first event);
    /// nil when that event is missing.
    public var previousChainHash: [UInt8]?
    /// The first event stored after `range`, if any (where a gap at the end of the stretch ends).
    public var firstSequenceAfter: Int?

    public init(range: ClosedRange<Int>, previousChainHash: [UInt8]?, firstSequenceAfter: Int?) {
        self.range = range
        self.previousChainHash = previousChainHash
        self.firstSequenceAfter = firstSequenceAfter
    }
}

/// An event as the store holds it, seen in place: valid only inside the call that hands it over.
public struct StoredEvent {
    public var sequence: Int
    /// The event's canonical record.
    public var body: UnsafeRawBufferPointer
    /// The chain hash stored with it, as its lowercase hex text.
    public var chainHash: UnsafeRawBufferPointer
    /// The columns a store keeps beside the record for its queries (its kind, and its contractor or
    /// nothing): copies of what the record says, which `ledger verify` compares with it.
    public var kind: UnsafeRawBufferPointer
    public var contractor: UnsafeRawBufferPointer

    public init(
        sequence: Int, body: UnsafeRawBufferPointer, chainHash: UnsafeRawBufferPointer, kind: UnsafeRawBufferPointer,
        contractor: UnsafeRawBufferPointer
    ) {
        self.sequence = sequence
        self.body = body
        self.chainHash = chainHash
        self.kind = kind
        self.contractor = contractor
    }

    public var chainHashText: String { String(decoding: chainHash, as: UTF8.self) }
}

/// How a ledger is cut into stretches: one per core (at least two, so that joining stretches is done the
/// same way on every machine), none shorter than `minimumLength` events, so a small register is read as
/// one stretch.
public enum LedgerStretches {
    public static let minimumLength = 4_096

    /// Consecutive ranges covering `first...last` (empty when `last < first`).
    public static func ranges(_ first: Int, _ last: Int, cores: Int) -> [ClosedRange<Int>] {
        guard last >= first else { return [] }
        let length = last - first + 1
        let count = max(1, min(max(2, cores), length / minimumLength))
        return (0..<count).map { index in
            (first + length * index / count)...(first + length * (index + 1) / count - 1)
        }
    }
}
