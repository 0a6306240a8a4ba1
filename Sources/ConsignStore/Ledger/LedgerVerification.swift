import ConsignCore
import ConsignKeys

/// A point of the chain held outside the database: an auditor's anchor (`COUNT:HASH` from `consign ledger
/// head`) or a package manifest's `<ledger event=… chain-hash=…/>`.
public struct LedgerAnchor: Sendable, Equatable {
    public var count: Int
    public var hash: String
    /// Where it comes from, for messages (`LedgerText.anchor`, "out/T-…/manifest.xml").
    public var source: String

    public init(count: Int, hash: String, source: String) {
        self.count = count
        self.hash = hash
        self.source = source
    }

    /// Parses `COUNT:HASH`.
    public init?(_ text: String, source: String = LedgerText.anchor.text()) {
        let parts = text.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let count = Int(parts[0]), count >= 1, parts[1].count == 64,
            parts[1].allSatisfy({ $0.isHexDigit && !$0.isUppercase })
        else { return nil }
        self.init(count: count, hash: String(parts[1]), source: source)
    }
}

/// A broken link of the chain: what is wrong, and the events involved.
public struct LedgerBreak: Sendable, Equatable, Codable {
    public var events: [Int]
    public var message: String

    public init(events: [Int], message: String) {
        self.events = events
        self.message = message
    }
}

/// What `ledger verify` found: the chain's length and head, and every break (empty when intact).
public struct LedgerVerification: Sendable {
    public var count: Int
    public var head: String
    public var breaks: [LedgerBreak]

    public init(count: Int, head: String, breaks: [LedgerBreak]) {
        self.count = count
        self.head = head
        self.breaks = breaks
    }

    /// Recomputes the HMAC chain over the store's events (in stored order) with the workspace's ledger
    /// key, checks that the events run 1, 2, 3, … without a gap, that each is a well-formed canonical
    /// record, and that each transfer's stored subject hashes match the set its event records (and that no
    /// other event has any), then compares the chain with `anchors`. The first broken link is reported
    /// with the events involved; anchors are each checked. The ledger is read in stretches, each checked
    /// on its own core: each link depends only on stored values (the previous event's stored hash), so
    /// links are independent checks.
    public static func verify(_ store: any RegisterStore, chain: LedgerChain, anchors: [LedgerAnchor]) async throws
        -> LedgerVerification
    {
        let anchorCounts = Set(anchors.map(\.count))
        let stretches = try await store.readLedger(after: 0) { Verifier(chain: chain, anchorCounts: anchorCounts) }
        var verification = LedgerVerification(joining: stretches, anchors: anchors)
        try await verification.compareDerivedRows(implied: stretches, in: store, hasher: chain.derivedHasher)
        return verification
    }

    /// Checks one stretch as the store hands it over.
    private struct Verifier: LedgerReader {
        static var readsEvents: Bool { true }
        static var readsSubjectChunks: Bool { true }

        let chain: LedgerChain
        var check: StretchCheck

        init(chain: LedgerChain, anchorCounts: Set<Int>) {
            self.chain = chain
            check = StretchCheck(anchorCounts: anchorCounts)
        }

        mutating func begin(_ stretch: LedgerStretch) { check.begin(stretch) }
        mutating func event(_ stored: StoredEvent) -> Bool { check.event(stored, chain: chain) }
        mutating func subjectChunk(event: Int, firstHash: UnsafeRawBufferPointer, hashes: UnsafeRawBufferPointer) {
            check.subjectChunk(event: event, firstHash: firstHash, hashes: hashes)
        }
        mutating func end() -> StretchCheck { check.end() }
    }

    /// The verification of a whole ledger from the checks of its stretches, in chain order, up to the first
    /// that is broken (what comes after a break is not checked: its links rest on a chain that is already
    /// wrong), compared with `anchors`.
    public init(joining stretches: [StretchCheck], anchors: [LedgerAnchor]) {
        var count = 0
        var head = LedgerChain.genesis.hex
        var breaks: [LedgerBreak] = []
        var mismatches: [LedgerBreak] = []
        var anchored: [Int: String] = [:]
        var lastTime: Timestamp?
        for stretch in stretches {
            count = stretch.count
            head = stretch.head ?? head
            mismatches += stretch.subjectMismatches + stretch.recordBreaks
            if let last = lastTime, let first = stretch.firstTime, first.at < last {
                mismatches.append(StretchCheck.timeWentBack(first.sequence, at: first.at, previous: last))
            }
            lastTime = stretch.lastTime ?? lastTime
            anchored.merge(stretch.anchored) { first, _ in first }
            if let broken = stretch.broken {
                breaks.append(broken)
                break
            }
        }
        breaks = (mismatches + breaks).sorted { ($0.events.last ?? 0) < ($1.events.last ?? 0) }
        for anchor in anchors {
            if anchor.count > count {
                breaks.append(
                    LedgerBreak(
                        events: [count, anchor.count],
                        message: LedgerText.newestEventsRemoved(anchor: anchor.source, anchorEvent: anchor.count, lastEvent: count).text()))
            } else if anchored[anchor.count] != anchor.hash {
                breaks.append(
                    LedgerBreak(
                        events: [anchor.count], message: LedgerText.anchorDisagrees(event: anchor.count, anchor: anchor.source).text()))
            }
        }
        self.count = count
        self.head = head
        self.breaks = breaks
    }

    /// When the chain is intact, compares the derived rows the store holds for its events (rows of events
    /// appended since it was read are left out, so that a register in use is not found broken) with those
    /// the chain implies, table by table.
    mutating func compareDerivedRows(implied stretches: [StretchCheck], in store: any RegisterStore, hasher: SubjectHasher)
        async throws
    {
        guard breaks.isEmpty else { return }
        let implied = stretches.reduce(DerivedDigests()) { $0 + $1.derived }
        let stored = try await store.derivedDigests(hasher, through: count)
        for (table, stored, implied) in stored.differing(from: implied) {
            breaks.append(LedgerBreak(events: [], message: LedgerText.derivedDiffers(table: table, stored: stored, implied: implied).text()))
        }
    }

    /// The check of one stretch of the ledger, as the store hands it over: its links in order up to the first
    /// broken one (`event`, an event at a time, so that a reader can do more with each event as it passes),
    /// then the subject sets stored with its events against what the events record (`subjectChunk`), then
    /// (`end`) a gap at the end of the stretch.
    public struct StretchCheck: Sendable {
        /// The last event whose link was checked (the one before the stretch when none was).
        var count: Int
        /// The chain hash of the last intact event of the stretch (nil when none was).
        var head: String?
        var broken: LedgerBreak?
        var subjectMismatches: [LedgerBreak] = []
        /// Breaks that leave the chain itself intact: an event timed before the one before it, a stored
        /// column that says something else than the record.
        var recordBreaks: [LedgerBreak] = []
        /// The first intact event's sequence and time, and the last intact event's time (the stretch before
        /// is compared with the first).
        var firstTime: (sequence: Int, at: Timestamp)?
        var lastTime: Timestamp?
        var anchored: [Int: String] = [:]
        private var stretch = LedgerStretch(range: 1...1, previousChainHash: nil, firstSequenceAfter: nil)
        private var range: ClosedRange<Int> { stretch.range }
        private let anchorCounts: Set<Int>
        /// The stored hash the next link starts from.
        private var previous = SIMD32<UInt8>()
        /// What each intact transfer event records of its subject set, in chain order.
        private var claims: [(event: Int, claim: SubjectClaim)] = []
        private var intact = false
        /// The first claim not yet compared with stored chunks (chunks and claims both come in event order).
        private var nextClaim = 0
        /// The subject set being read from its chunks: its event, and the count and SHA-256 so far.
        private var currentSet: (event: Int, count: Int, sha: SHA256State)?
        /// The rows the stretch's intact events imply in the derived tables (`DerivedRows`), as digests.
        var derived = DerivedDigests()
        /// The intact transfers whose subjects the merged subject index holds.
        private var indexedTransfers: Set<Int> = []
        private var derivedHasher: SubjectHasher?

        public init(anchorCounts: Set<Int>) {
            self.anchorCounts = anchorCounts
            count = 0
        }

        public mutating func begin(_ stretch: LedgerStretch) {
            self.stretch = stretch
            count = range.lowerBound - 1
            guard let before = stretch.previousChainHash, before.count == 32 else {
                // The stretch before ends with that event and reports it missing or broken: this one is not used.
                broken = LedgerBreak(events: [range.lowerBound - 1], message: LedgerText.eventMissing(range.lowerBound - 1).text())
                return
            }
            previous = before.withUnsafeBytes { $0.loadUnaligned(as: SIMD32<UInt8>.self) }
        }

        /// Checks the stretch's next stored event; false once the stretch is broken.
        public mutating func event(_ event: StoredEvent, chain: LedgerChain) -> Bool {
            guard broken == nil else { return false }
            let expected = count + 1
            if event.sequence != expected {
                broken = StretchCheck.gap(expected: expected, found: event.sequence)
                return false
            }
            count = expected
            switch link(event, previous: &previous, chain: chain) {
            case .intact(let fields):
                checkTime(fields.recordedAt, of: event.sequence)
                checkColumns(event, fields)
                if let claim = fields.subjects { claims.append((event.sequence, claim)) }
                addDerivedRows(of: fields, event: event.sequence, hasher: chain.derivedHasher)
            case .hashMismatch:
                broken = LedgerBreak(events: [event.sequence], message: LedgerText.hashMismatch(event: event.sequence).text())
                return false
            case .malformed:
                broken = LedgerBreak(events: [event.sequence], message: LedgerText.doesNotDecode(event: event.sequence).text())
                return false
            }
            intact = true
            if anchorCounts.contains(event.sequence) { anchored[event.sequence] = event.chainHashText }
            return true
        }

        /// The derived rows an intact event implies: a transfer's by its id (and its subjects, from its chunks,
        /// when the merged index holds them), a deletion's by its transfer, a stop-use request's by its subject.
        private mutating func addDerivedRows(of fields: RecordFields, event: Int, hasher: SubjectHasher) {
            derivedHasher = hasher
            if let claim = fields.subjects {
                let count = claim.count ?? -1
                derived.transfers.add(DerivedDigests.hash(DerivedRows.Transfer(id: claim.transfer, event: event, subjects: count), hasher))
                if (0...SubjectIndex.maximumTransfer).contains(count) { indexedTransfers.insert(event) }
            } else if let transfer = fields.deletionOf {
                derived.deletions.add(DerivedDigests.hash(DerivedRows.Deletion(transfer: transfer, event: event), hasher))
            } else if let subject = fields.stopUseOf {
                derived.stopUse.add(DerivedDigests.hash(DerivedRows.Subject(subject: subject, event: event), tag: 1, hasher))
            }
        }

        /// An intact event must not be timed before the event before it.
        private mutating func checkTime(_ at: Timestamp, of sequence: Int) {
            if let last = lastTime, at < last {
                recordBreaks.append(StretchCheck.timeWentBack(sequence, at: at, previous: last))
            }
            if firstTime == nil { firstTime = (sequence, at) }
            lastTime = at
        }

        /// The stored kind and contractor columns must say what the record says.
        private mutating func checkColumns(_ event: StoredEvent, _ fields: RecordFields) {
            let recordContractor = fields.contractor ?? UnsafeRawBufferPointer(start: nil, count: 0)
            guard !(event.kind.elementsEqual(fields.kind) && event.contractor.elementsEqual(recordContractor)) else {
                return
            }
            func text(_ bytes: UnsafeRawBufferPointer) -> String { String(decoding: bytes, as: UTF8.self) }
            recordBreaks.append(
                LedgerBreak(
                    events: [event.sequence],
                    message: Message.columnDisagrees(
                        event: event.sequence, kind: text(event.kind), contractor: text(event.contractor),
                        recordKind: text(fields.kind), recordContractor: text(recordContractor)
                    ).text()))
        }

        static func timeWentBack(_ sequence: Int, at: Timestamp, previous: Timestamp) -> LedgerBreak {
            LedgerBreak(
                events: [sequence - 1, sequence],
                message: Message.timeWentBack(event: sequence, at: at, previous: previous).text())
        }

        /// A subject chunk stored with one of the stretch's events (they come after the events, by event, then
        /// first hash): added to its event's set, which is compared with what its event records once the next
        /// event's chunks begin.
        public mutating func subjectChunk(event: Int, firstHash: UnsafeRawBufferPointer, hashes: UnsafeRawBufferPointer) {
            if currentSet?.event != event {
                compareCurrentSet()
                currentSet = (event, 0, SHA256State())
            }
            // The key a lookup finds the chunk by is a copy of its first hash: one that says otherwise hides the
            // chunk's subjects from "who received my data?".
            if hashes.count % 8 != 0 || hashes.count == 0 || !firstHash.elementsEqual(hashes.prefix(8)) {
                subjectMismatches.append(LedgerBreak(events: [event], message: Message.subjectChunkMisfiled(event: event).text()))
            }
            currentSet!.count += hashes.count / 8
            currentSet!.sha.update(hashes)
            if indexedTransfers.contains(event), let hasher = derivedHasher {
                for offset in stride(from: 0, to: hashes.count - 7, by: 8) {
                    let subject = hashes.loadUnaligned(fromByteOffset: offset, as: UInt64.self).bigEndian
                    derived.subjectIndex.add(DerivedDigests.hash(DerivedRows.Subject(subject: subject, event: event), tag: 2, hasher))
                }
            }
        }

        /// After the stretch's rows: the last subject set, the transfers with none stored, and a gap at the end.
        public mutating func end() -> StretchCheck {
            compareCurrentSet()
            claimsWithoutChunks(before: .max)
            if broken == nil, count < range.upperBound {
                broken = StretchCheck.gap(expected: count + 1, found: stretch.firstSequenceAfter ?? range.upperBound + 1)
            }
            head = intact ? withUnsafeBytes(of: previous) { Array($0) }.hex : nil
            return self
        }

        /// Compares the set just read from its chunks with what its event records: a transfer's count and
        /// SHA-256, and none for any other event (only events up to the last intact link are compared).
        private mutating func compareCurrentSet() {
            guard let (event, setCount, sha) = currentSet, event <= count else { return }
            claimsWithoutChunks(before: event)
            if nextClaim < claims.count, claims[nextClaim].event == event {
                let claim = claims[nextClaim].claim
                nextClaim += 1
                if !claim.matches(count: setCount, sha256: sha.finalize()) {
                    subjectMismatches.append(StretchCheck.mismatch(event, claim))
                }
            } else {
                subjectMismatches.append(LedgerBreak(events: [event], message: LedgerText.subjectsWithoutTransfer(event: event).text()))
            }
        }

        /// The claims of transfers before `event`, which have no chunks stored: each must record no subject.
        private mutating func claimsWithoutChunks(before event: Int) {
            let nothing = SHA256State().finalize()
            while nextClaim < claims.count, claims[nextClaim].event < event {
                let (event, claim) = claims[nextClaim]
                if !claim.matches(count: 0, sha256: nothing) { subjectMismatches.append(StretchCheck.mismatch(event, claim)) }
                nextClaim += 1
            }
        }

        static func mismatch(_ event: Int, _ claim: SubjectClaim) -> LedgerBreak {
            LedgerBreak(events: [event], message: LedgerText.subjectsDisagree(transfer: claim.transfer, event: event).text())
        }

        static func gap(expected: Int, found: Int) -> LedgerBreak {
            LedgerBreak(
                events: [expected - 1, found].filter { $0 > 0 },
                message: found > expected
                    ? LedgerText.eventsMissing(from: expected, through: found - 1).text()
                    : LedgerText.outOfPlace(event: found, after: expected - 1).text())
        }
    }

    /// What a transfer's event records of its subject set.
    struct SubjectClaim: Sendable {
        var transfer: String
        /// Nil when the recorded count is not a number.
        var count: Int?
        /// Nil when the recorded SHA-256 is not 64 lowercase hex digits.
        var sha256: SIMD32<UInt8>?

        /// Whether a stored set of `count` hashes with this SHA-256 is the one recorded.
        func matches(count: Int, sha256 digest: SIMD32<UInt8>) -> Bool {
            count == self.count && digest == sha256
        }
    }

    /// What one link of the chain says.
    enum Link {
        /// An intact event, with the fields the check reads from its record.
        case intact(RecordFields)
        case hashMismatch
        case malformed
    }

    /// The fields of an intact record that the check reads, seen in the record's bytes.
    struct RecordFields {
        var kind: UnsafeRawBufferPointer
        var contractor: UnsafeRawBufferPointer?
        var recordedAt: Timestamp
        /// For a transfer, what it records of its subject set.
        var subjects: SubjectClaim?
        /// For a deletion confirmation, its transfer; for a stop-use request, its subject.
        var deletionOf: String?
        var stopUseOf: UInt64?
    }

    /// Checks one event against the chain hash stored before it (`previous`, which becomes the event's own
    /// when the link is intact).
    static func link(_ event: StoredEvent, previous: inout SIMD32<UInt8>, chain: LedgerChain) -> Link {
        let digest = withUnsafeBytes(of: previous) { before in
            chain.hash(previous: before, sequence: event.sequence, body: event.body) { digest in
                event.chainHash.count == 64 && isLowercaseHex(event.chainHash, of: digest)
                    ? digest.loadUnaligned(as: SIMD32<UInt8>.self) : nil
            }
        }
        guard let digest else { return .hashMismatch }
        previous = digest
        return fields(of: event.body).map(Link.intact) ?? .malformed
    }

    /// Walks an authenticated record against the shape of its kind (`RecordShape`: what the decoder
    /// accepts, so that verify and the audit find the same breaks), and takes the fields the check needs
    /// straight from its bytes: its kind, contractor and time and, for a transfer, what it records of its
    /// subject set. Nil when it is not a record of its kind.
    static func fields(of raw: UnsafeRawBufferPointer) -> RecordFields? {
        guard let shaped = RecordShape.walk(raw), let at = Timestamp(bytes: shaped.recordedAt) else { return nil }
        var fields = RecordFields(kind: shaped.kind, contractor: shaped.contractor, recordedAt: at)
        if CanonicalRecord.spells(shaped.kind, "transfer") {
            fields.subjects = SubjectClaim(
                transfer: shaped.transfer.map { String(decoding: $0, as: UTF8.self) } ?? "",
                count: shaped.subjects.flatMap { Int(String(decoding: $0, as: UTF8.self)) },
                sha256: shaped.subjectsSHA256.flatMap(bytes(ofLowercaseHex:)))
        } else if CanonicalRecord.spells(shaped.kind, "deletion-confirmed") {
            fields.deletionOf = shaped.transfer.map { String(decoding: $0, as: UTF8.self) }
        } else if CanonicalRecord.spells(shaped.kind, "subject-stop-use") {
            fields.stopUseOf = shaped.subject.flatMap { UInt64(String(decoding: $0, as: UTF8.self), radix: 16) }
        }
        return fields
    }

    private static let hexDigits: StaticString = "0123456789abcdef"

    /// Whether `text` is the lowercase hex of `bytes`.
    @inline(__always)
    private static func isLowercaseHex(_ text: UnsafeRawBufferPointer, of bytes: UnsafeRawBufferPointer) -> Bool {
        let digits = hexDigits.utf8Start
        var index = 0
        for byte in bytes {
            guard text[index] == digits[Int(byte >> 4)], text[index + 1] == digits[Int(byte & 0xf)] else { return false }
            index += 2
        }
        return true
    }

    /// The 32 bytes that 64 lowercase hex digits spell; nil for any other text.
    private static func bytes(ofLowercaseHex text: UnsafeRawBufferPointer) -> SIMD32<UInt8>? {
        guard text.count == 64 else { return nil }
        var bytes = SIMD32<UInt8>()
        let valid = withUnsafeMutableBytes(of: &bytes) { out in
            nibbles.withUnsafeBufferPointer { nibbles in
                var invalid: UInt8 = 0
                for index in 0..<32 {
                    let high = nibbles[Int(text[2 * index])], low = nibbles[Int(text[2 * index + 1])]
                    invalid |= (high | low) & 0xF0
                    out[index] = high << 4 | low & 0x0F
                }
                return invalid == 0
            }
        }
        return valid ? bytes : nil
    }

    /// The value of each lowercase hex digit by its byte; 0xFF for any other byte.
    private static let nibbles: [UInt8] = (0...255).map { byte in
        switch UInt8(byte) {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt8(byte) - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt8(byte) - UInt8(ascii: "a") + 10
        default: 0xFF
        }
    }
}
