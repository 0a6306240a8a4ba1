/// One stretch of the stored ledger, read on its own connection while other stretches are read on
/// others: the events numbered in `range` as stored (undecoded), and the subject chunks stored with them.
/// `ledger verify` checks the links of each stretch on its own core, and the replay decodes each stretch
/// on its own core, because each link depends only on stored values. Valid only inside the call that
/// hands it over.
public protocol LedgerSegment {
    /// The sequence numbers this stretch covers (some may be missing when events were removed).
    var range: ClosedRange<Int> { get }

    /// The stored chain hash of the event just before `range` (the genesis hash before the first event);
    /// nil when that event is missing.
    func previousChainHash() throws -> [UInt8]?

    /// The first stored event numbered above `sequence`, if any (where a gap in the stretch ends).
    func firstSequence(after sequence: Int) throws -> Int?

    /// The stored events numbered in `range`, in sequence order, until `body` returns false.
    func forEachEvent(_ body: (StoredEvent) throws -> Bool) throws

    /// The subject chunks stored with events numbered in `range`, by event, then first hash: the first
    /// hash as stored beside the chunk (the key a lookup finds it by), and the hashes.
    func forEachSubjectChunk(
        _ body: (_ event: Int, _ firstHash: UnsafeRawBufferPointer, _ hashes: UnsafeRawBufferPointer) throws -> Void
    ) throws
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
public enum LedgerSegments {
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
