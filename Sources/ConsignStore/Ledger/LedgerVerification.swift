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
    /// anchors are each checked. Events are read a page at a time and each page is checked on every core:
    /// each link depends only on stored values (the previous event's stored hash), so links are
    /// independent checks.
    public static func verify(_ store: some RegisterStore, chain: LedgerChain, anchors: [LedgerAnchor]) async throws
        -> LedgerVerification
    {
        let subjectSets = try await store.subjectSets()
        var breaks: [LedgerBreak] = []
        var previous = LedgerChain.genesis.hex
        var count = 0
        var anchored: [Int: String] = [:]
        let anchorCounts = Set(anchors.map(\.count))
        reading: while true {
            let page = try await store.ledger(after: count, limit: pageSize)
            if page.isEmpty { break }
            let links = check(page, previous: previous, chain: chain, subjectSets: subjectSets)
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
                case .subjectsMismatch(let transfer):
                    breaks.append(
                        LedgerBreak(
                            events: [entry.sequence],
                            message: "the subject hashes stored with transfer \(transfer) (event \(entry.sequence)) do "
                                + "not match the subject set its event records"))
                }
                if anchorCounts.contains(entry.sequence) { anchored[entry.sequence] = entry.chainHash }
                previous = entry.chainHash
            }
            if page.count < pageSize { break }
        }
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

    /// What one link of the chain says.
    enum Link: Sendable {
        case intact
        case hashMismatch
        case malformed
        case subjectsMismatch(transfer: String)
    }

    /// Checks each entry of a page against the stored hash before it, in parallel.
    static func check(
        _ page: [LedgerEntry], previous: String, chain: LedgerChain, subjectSets: [Int: Transfer.SubjectSet]
    ) -> [Link] {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, page.count / 256))
        nonisolated(unsafe) var links = [Link](repeating: .intact, count: page.count)
        links.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                let range = (page.count * worker / workers)..<(page.count * (worker + 1) / workers)
                for index in range {
                    let before = index == 0 ? previous : page[index - 1].chainHash
                    out[index] = link(page[index], previous: before, chain: chain, subjectSets: subjectSets)
                }
            }
        }
        return links
    }

    static func link(_ entry: LedgerEntry, previous: String, chain: LedgerChain, subjectSets: [Int: Transfer.SubjectSet]) -> Link {
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
        // The fields the check needs, read without decoding the event into strings.
        return entry.body.withUnsafeBytes { raw -> Link in
            var kind: UnsafeRawBufferPointer?, transfer: UnsafeRawBufferPointer?
            var subjects: UnsafeRawBufferPointer?, subjectsSHA256: UnsafeRawBufferPointer?
            let wellFormed = CanonicalRecord.forEachPair(in: raw) { key, value in
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
            guard kind.elementsEqual("transfer".utf8) else { return .intact }
            let stored = subjectSets[entry.sequence] ?? SubjectChunks.summary(of: [])
            guard let subjects, subjects.elementsEqual(String(stored.count).utf8), let subjectsSHA256,
                subjectsSHA256.elementsEqual(stored.sha256.utf8)
            else {
                return .subjectsMismatch(transfer: transfer.map { String(decoding: $0, as: UTF8.self) } ?? "?")
            }
            return .intact
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
