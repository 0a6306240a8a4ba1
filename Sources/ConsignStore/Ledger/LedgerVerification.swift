import ConsignCore

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

    /// Recomputes the HMAC chain over `entries` (in stored order) with the workspace's ledger key, checks
    /// that every event decodes and that each transfer's stored subject hashes match the set its event
    /// records, and compares the chain with `anchors`. The first broken link is reported with the events
    /// involved; anchors are each checked.
    public static func verify(
        _ entries: [LedgerEntry], chain: LedgerChain, anchors: [LedgerAnchor], subjectSets: [Int: Transfer.SubjectSet]
    ) -> LedgerVerification {
        var breaks: [LedgerBreak] = []
        var previous = LedgerChain.genesis
        for (index, entry) in entries.enumerated() {
            let expected = index + 1
            if entry.sequence != expected {
                let message =
                    entry.sequence > expected
                    ? "events \(expected)…\(entry.sequence - 1) are missing: removed from the register"
                    : "event \(entry.sequence) appears out of place after event \(expected - 1): inserted or reordered"
                breaks.append(LedgerBreak(events: [expected - 1, entry.sequence].filter { $0 > 0 }, message: message))
                break
            }
            let hash = chain.hash(previous: previous, sequence: entry.sequence, body: entry.body).hex
            if hash != entry.chainHash {
                breaks.append(
                    LedgerBreak(
                        events: [entry.sequence],
                        message: "event \(entry.sequence) does not match its chain hash: it was edited, inserted or "
                            + "moved, or the chain from here on was recomputed without the workspace key"))
                break
            }
            guard let record = CanonicalRecord(bytes: entry.body), let event = RegisterEvent(record: record) else {
                breaks.append(LedgerBreak(events: [entry.sequence], message: "event \(entry.sequence) does not decode"))
                break
            }
            if case .transfer(let transfer) = event.payload,
                subjectSets[entry.sequence] ?? SubjectChunks.summary(of: []) != transfer.subjects
            {
                breaks.append(
                    LedgerBreak(
                        events: [entry.sequence],
                        message: "the subject hashes stored with transfer \(transfer.id) (event \(entry.sequence)) do "
                            + "not match the subject set its event records"))
            }
            previous = [UInt8](hex: entry.chainHash) ?? LedgerChain.genesis
        }
        for anchor in anchors {
            if anchor.count > entries.count {
                breaks.append(
                    LedgerBreak(
                        events: [entries.count, anchor.count],
                        message: "\(anchor.source) has event \(anchor.count) but the register ends at event "
                            + "\(entries.count): the newest events were removed"))
            } else if entries[anchor.count - 1].chainHash != anchor.hash {
                breaks.append(
                    LedgerBreak(
                        events: [anchor.count],
                        message: "event \(anchor.count) has another chain hash than \(anchor.source) records: the "
                            + "chain up to it was changed"))
            }
        }
        return LedgerVerification(count: entries.count, head: entries.last?.chainHash ?? LedgerChain.genesis.hex, breaks: breaks)
    }
}
