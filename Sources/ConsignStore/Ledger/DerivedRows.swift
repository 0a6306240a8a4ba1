import ConsignCore

/// The state commands read without replaying the register, kept beside the chain as rows derived from each
/// event and appended in the event's own transaction, never updated: every transfer by its id (with the
/// size of its subject set), every deletion confirmation by its transfer, every stop-use or erasure request
/// by its subject, and the subjects of every transfer of up to `SubjectIndex.maximumTransfer` subjects by
/// subject (a larger transfer's sorted chunks are an index of it already, read one chunk each). With the
/// `kind` column beside each event, this is what lets a command read only what it needs: the contractor and
/// agreement events, the one subject's requests and transfers, the one transfer. Derived data: `of` makes a
/// register's rows from its chain again, and `ledger verify` compares what is stored with what the chain
/// says (`DerivedDigest`).
public struct DerivedRows: Sendable, Equatable {
    public struct Transfer: Sendable, Equatable {
        public var id: String
        public var event: Int
        public var subjects: Int

        public init(id: String, event: Int, subjects: Int) {
            self.id = id
            self.event = event
            self.subjects = subjects
        }
    }

    public struct Deletion: Sendable, Equatable {
        public var transfer: String
        public var event: Int

        public init(transfer: String, event: Int) {
            self.transfer = transfer
            self.event = event
        }
    }

    /// A subject (its keyed hash) and an event: a request on the stop-use list, or a transfer that sent it.
    public struct Subject: Sendable, Equatable {
        public var subject: UInt64
        public var event: Int

        public init(subject: UInt64, event: Int) {
            self.subject = subject
            self.event = event
        }
    }

    public var transfers: [Transfer] = []
    public var deletions: [Deletion] = []
    public var stopUse: [Subject] = []
    public var subjectIndex: [Subject] = []

    public init() {}

    /// The rows an event adds; `subjects` is a transfer's sorted subject set.
    public static func of(_ event: RegisterEvent, sequence: Int, subjects: [UInt64]) -> DerivedRows {
        var rows = DerivedRows()
        switch event.payload {
        case .transfer(let transfer):
            rows.transfers.append(Transfer(id: transfer.id, event: sequence, subjects: subjects.count))
            if subjects.count <= SubjectIndex.maximumTransfer {
                rows.subjectIndex = subjects.map { Subject(subject: $0, event: sequence) }
            }
        case .deletionConfirmed(let confirmation):
            rows.deletions.append(Deletion(transfer: confirmation.transfer, event: sequence))
        case .stopUse(let request):
            if let subject = UInt64(request.subject, radix: 16) { rows.stopUse.append(Subject(subject: subject, event: sequence)) }
        case .contractorRegistered, .agreementRegistered, .statusChanged, .evaluated, .incident, .incidentReported,
            .contractorReported, .contractorKey, .pseudonymRotation, .packageSigned, .provisionRecorded, .subjectRequested,
            .requestAnswered, .recipientNotified, .statisticsReleased, .anonymisedReleased,
            .anonymisedNotice:
            break
        }
        return rows
    }

    public var isEmpty: Bool { transfers.isEmpty && deletions.isEmpty && stopUse.isEmpty && subjectIndex.isEmpty }
}

/// Makes the derived rows of a stretch of the ledger from its events and subject chunks: how a store fills
/// its derived tables for a register written before them, and how a test rebuilds them to compare. An
/// event that does not decode adds nothing (`ledger verify` reports it).
public struct DerivedRowsReader: LedgerReader {
    public static var readsEvents: Bool { true }
    public static var readsSubjectChunks: Bool { true }

    private var events: [(sequence: Int, event: RegisterEvent)] = []
    private var subjects: [Int: [UInt64]] = [:]

    public init() {}

    public mutating func begin(_ stretch: LedgerStretch) {}

    public mutating func event(_ stored: StoredEvent) -> Bool {
        if let event = RegisterEvent(bytes: stored.body) { events.append((stored.sequence, event)) }
        return true
    }

    public mutating func subjectChunk(event: Int, firstHash: UnsafeRawBufferPointer, hashes: UnsafeRawBufferPointer) {
        for offset in stride(from: 0, to: hashes.count - 7, by: 8) {
            subjects[event, default: []].append(hashes.loadUnaligned(fromByteOffset: offset, as: UInt64.self).bigEndian)
        }
    }

    public func end() -> [DerivedRows] {
        events.map { DerivedRows.of($0.event, sequence: $0.sequence, subjects: subjects[$0.sequence] ?? []) }.filter { !$0.isEmpty }
    }
}

/// Where "who received my data?" looks (DESIGN: Subjects): the merged index of subjects by subject for
/// every transfer up to `maximumTransfer` subjects, one row each, so a lookup reads one short range; and,
/// for each larger transfer, the one chunk of its own sorted set whose range may hold the subject. A
/// company's everyday transfers are small and many, its large ones few; so a lookup stays flat as the
/// register grows, and recording a transfer of half a million subjects adds no half million index rows.
public enum SubjectIndex {
    public static let maximumTransfer = 4_096
}

/// An order-independent digest of a set of derived rows: their count and the sum of a keyed 64-bit hash of
/// each (SipHash-2-4 under the register's own key, so that rows cannot be forged to balance it). `ledger
/// verify` sums the rows the chain implies and the rows the store holds, table by table, and reports a
/// table whose digests differ.
public struct DerivedDigest: Sendable, Equatable {
    public var count = 0
    public var sum: UInt64 = 0

    public init() {}

    public mutating func add(_ hash: UInt64) {
        count += 1
        sum &+= hash
    }

    public static func + (a: DerivedDigest, b: DerivedDigest) -> DerivedDigest {
        DerivedDigest(count: a.count + b.count, sum: a.sum &+ b.sum)
    }

    init(count: Int, sum: UInt64) {
        self.count = count
        self.sum = sum
    }
}

/// The digests of the derived tables, as the chain implies them or as a store holds them.
public struct DerivedDigests: Sendable, Equatable {
    public var transfers = DerivedDigest()
    public var deletions = DerivedDigest()
    public var stopUse = DerivedDigest()
    public var subjectIndex = DerivedDigest()

    public init() {}

    /// Adds the rows of one event.
    public mutating func add(_ rows: DerivedRows, hasher: SubjectHasher) {
        for row in rows.transfers { transfers.add(Self.hash(row, hasher)) }
        for row in rows.deletions { deletions.add(Self.hash(row, hasher)) }
        for row in rows.stopUse { stopUse.add(Self.hash(row, tag: 1, hasher)) }
        for row in rows.subjectIndex { subjectIndex.add(Self.hash(row, tag: 2, hasher)) }
    }

    public static func + (a: DerivedDigests, b: DerivedDigests) -> DerivedDigests {
        var sum = a
        sum.transfers = a.transfers + b.transfers
        sum.deletions = a.deletions + b.deletions
        sum.stopUse = a.stopUse + b.stopUse
        sum.subjectIndex = a.subjectIndex + b.subjectIndex
        return sum
    }

    /// The tables whose digests differ from `implied`'s, with the row counts of each side.
    public func differing(from implied: DerivedDigests) -> [(table: LedgerText.DerivedTable, stored: Int, implied: Int)] {
        let tables: [(LedgerText.DerivedTable, DerivedDigest, DerivedDigest)] = [
            (.transfers, transfers, implied.transfers), (.deletions, deletions, implied.deletions),
            (.stopUse, stopUse, implied.stopUse), (.subjectIndex, subjectIndex, implied.subjectIndex),
        ]
        return tables.filter { $0.1 != $0.2 }.map { ($0.0, $0.1.count, $0.2.count) }
    }

    public static func hash(_ row: DerivedRows.Transfer, _ hasher: SubjectHasher) -> UInt64 {
        hash(Array("t\(row.id)\u{0}\(row.event)\u{0}\(row.subjects)".utf8), hasher)
    }

    public static func hash(_ row: DerivedRows.Deletion, _ hasher: SubjectHasher) -> UInt64 {
        hash(Array("d\(row.transfer)\u{0}\(row.event)".utf8), hasher)
    }

    /// A subject row of table `tag`: 1 the stop-use list, 2 the subject index.
    public static func hash(_ row: DerivedRows.Subject, tag: UInt8, _ hasher: SubjectHasher) -> UInt64 {
        // Two words: the subject, and the event with the table's tag on top.
        hasher.hash(row.subject, UInt64(tag) << 56 | UInt64(row.event))
    }

    private static func hash(_ bytes: [UInt8], _ hasher: SubjectHasher) -> UInt64 {
        bytes.withUnsafeBytes { hasher.hash(bytes: $0) }
    }
}
