import ConsignCore
import Foundation

/// One event as the store holds it, before any decoding: what `ledger verify` checks.
public struct LedgerEntry: Sendable {
    public var sequence: Int
    public var body: [UInt8]
    public var chainHash: String

    public init(sequence: Int, body: [UInt8], chainHash: String) {
        self.sequence = sequence
        self.body = body
        self.chainHash = chainHash
    }
}

/// A point of the chain held outside the database: an auditor's anchor (`COUNT:HASH` from `consign ledger
/// head`) or a package manifest's `<ledger event=… chain-hash=…/>`.
public struct LedgerAnchor: Sendable, Equatable {
    public var count: Int
    public var hash: String
    /// Where it comes from, for messages ("the anchor", "out/T-…/manifest.xml").
    public var source: String

    public init(count: Int, hash: String, source: String) {
        self.count = count
        self.hash = hash
        self.source = source
    }

    /// Parses `COUNT:HASH`.
    public init?(_ text: String, source: String = "the anchor") {
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
}

/// What `ledger verify` found: the chain's length and head, and every break (empty when intact).
public struct LedgerVerification: Sendable {
    public var count: Int
    public var head: String
    public var breaks: [LedgerBreak]

    /// How many events are read and checked at a time.
    static let pageSize = 8_192

    /// Recomputes the HMAC chain over the store's events (in stored order) with the workspace's ledger
    /// key, checks that the events run 1, 2, 3, … without a gap, that each is a well-formed canonical
    /// record, and that each transfer's stored subject hashes match the set its event records, then
    /// compares the chain with `anchors`. The first broken link is reported with the events involved;
    /// anchors are each checked. Events are read a page at a time, the next page while this one is checked,
    /// and each page is checked on every core: each link depends only on stored values (the previous
    /// event's stored hash), so links are independent checks.
    public static func verify(_ store: some RegisterStore, chain: LedgerChain, anchors: [LedgerAnchor]) async throws
        -> LedgerVerification
    {
        async let storedSets = store.subjectSets()
        var breaks: [LedgerBreak] = []
        /// What each transfer's event says of its subject set, checked once the stored sets are read.
        var claims: [(sequence: Int, claim: SubjectClaim)] = []
        var previous = LedgerChain.genesis.hex
        var count = 0
        var anchored: [Int: String] = [:]
        let anchorCounts = Set(anchors.map(\.count))
        var next: Task<[LedgerEntry], Error>? = Task { try await store.ledger(after: 0, limit: pageSize) }
        reading: while let reading = next {
            let page = try await reading.value
            next = page.count < pageSize ? nil : Task { [after = page.last!.sequence] in try await store.ledger(after: after, limit: pageSize) }
            let links = check(page, previous: previous, chain: chain)
            for (entry, link) in zip(page, links) {
                let expected = count + 1
                if entry.sequence != expected {
                    let message =
                        entry.sequence > expected
                        ? "events \(expected)…\(entry.sequence - 1) are missing: removed from the register"
                        : "event \(entry.sequence) appears out of place after event \(expected - 1): inserted or reordered"
                    breaks.append(LedgerBreak(events: [expected - 1, entry.sequence].filter { $0 > 0 }, message: message))
                    break reading
                }
                count = expected
                switch link {
                case .intact:
                    break
                case .transfer(let claim):
                    claims.append((entry.sequence, claim))
                case .hashMismatch:
                    breaks.append(
                        LedgerBreak(
                            events: [entry.sequence],
                            message: "event \(entry.sequence) does not match its chain hash: it was edited, inserted or "
                                + "moved, or the chain from here on was recomputed without the workspace key"))
                    break reading
                case .malformed:
                    breaks.append(LedgerBreak(events: [entry.sequence], message: "event \(entry.sequence) does not decode"))
                    break reading
                }
                if anchorCounts.contains(entry.sequence) { anchored[entry.sequence] = entry.chainHash }
                previous = entry.chainHash
            }
        }
        next?.cancel()
        let stored = try await storedSets
        let empty = SubjectChunks.summary(of: [])
        let mismatches = claims.filter { sequence, claim in
            let set = stored[sequence] ?? empty
            return String(set.count) != claim.count || set.sha256 != claim.sha256
        }.map { sequence, claim in
            LedgerBreak(
                events: [sequence],
                message: "the subject hashes stored with transfer \(claim.transfer) (event \(sequence)) do not match "
                    + "the subject set its event records")
        }
        breaks = (mismatches + breaks).sorted { ($0.events.last ?? 0) < ($1.events.last ?? 0) }
        for anchor in anchors {
            if anchor.count > count {
                breaks.append(
                    LedgerBreak(
                        events: [count, anchor.count],
                        message: "\(anchor.source) has event \(anchor.count) but the register ends at event "
                            + "\(count): the newest events were removed"))
            } else if anchored[anchor.count] != anchor.hash {
                breaks.append(
                    LedgerBreak(
                        events: [anchor.count],
                        message: "event \(anchor.count) has another chain hash than \(anchor.source) records: the "
                            + "chain up to it was changed"))
            }
        }
        return LedgerVerification(count: count, head: count == 0 ? LedgerChain.genesis.hex : previous, breaks: breaks)
    }

    /// What a transfer's event records of its subject set.
    struct SubjectClaim: Sendable {
        var transfer: String
        var count: String
        var sha256: String
    }

    /// What one link of the chain says.
    enum Link: Sendable {
        case intact
        /// An intact transfer event, with what it records of its subject set.
        case transfer(SubjectClaim)
        case hashMismatch
        case malformed
    }

    /// Checks each entry of a page against the stored hash before it, in parallel.
    static func check(_ page: [LedgerEntry], previous: String, chain: LedgerChain) -> [Link] {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, page.count / 256))
        nonisolated(unsafe) var links = [Link](repeating: .intact, count: page.count)
        links.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                let range = (page.count * worker / workers)..<(page.count * (worker + 1) / workers)
                for index in range {
                    let before = index == 0 ? previous : page[index - 1].chainHash
                    out[index] = link(page[index], previous: before, chain: chain)
                }
            }
        }
        return links
    }

    static func link(_ entry: LedgerEntry, previous: String, chain: LedgerChain) -> Link {
        guard let previous = [UInt8](hex: previous) else { return .hashMismatch }
        let matches = previous.withUnsafeBytes { previous in
            entry.body.withUnsafeBytes { body in
                chain.hash(previous: previous, sequence: entry.sequence, body: body) { digest in
                    digest.count * 2 == entry.chainHash.utf8.count
                        && zip(digest, hexDigitPairs(entry.chainHash)).allSatisfy { Int($0) == $1 }
                }
            }
        }
        guard matches else { return .hashMismatch }
        // The fields the check needs, read without decoding the event into strings. The bytes are those the
        // key authenticated, so their framing is checked but not their UTF-8.
        return entry.body.withUnsafeBytes { raw -> Link in
            var kind: UnsafeRawBufferPointer?, transfer: UnsafeRawBufferPointer?
            var subjects: UnsafeRawBufferPointer?, subjectsSHA256: UnsafeRawBufferPointer?
            let wellFormed = CanonicalRecord.forEachPair(in: raw, validatingUTF8: false) { key, value in
                if kind == nil, CanonicalRecord.equal(key, "kind") {
                    kind = value
                } else if transfer == nil, CanonicalRecord.equal(key, "transfer") {
                    transfer = value
                } else if subjects == nil, CanonicalRecord.equal(key, "subjects") {
                    subjects = value
                } else if subjectsSHA256 == nil, CanonicalRecord.equal(key, "subjects-sha256") {
                    subjectsSHA256 = value
                }
            }
            guard wellFormed, let kind else { return .malformed }
            guard CanonicalRecord.equal(kind, "transfer") else { return .intact }
            func text(_ part: UnsafeRawBufferPointer?) -> String { part.map { String(decoding: $0, as: UTF8.self) } ?? "" }
            return .transfer(SubjectClaim(transfer: text(transfer), count: text(subjects), sha256: text(subjectsSHA256)))
        }
    }

    /// The bytes that the hex digits of `text` spell, pair by pair (a non-digit reads as an impossible 256).
    private static func hexDigitPairs(_ text: String) -> some Sequence<Int> {
        func digit(_ c: UInt8) -> Int {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(c - UInt8(ascii: "a") + 10)
            default: 4096
            }
        }
        let utf8 = Array(text.utf8)
        return stride(from: 0, to: utf8.count - 1, by: 2).lazy.map { min(256, digit(utf8[$0]) << 4 | digit(utf8[$0 + 1])) }
    }
}
