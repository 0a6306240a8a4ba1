import ConsignCore

/// Where the register lives: what a database does for consign, and no more. A store locks, reads the rows
/// stored after a sequence, and inserts; everything else — the replay, the append step (admission, the
/// event's time, the chain hash, the subject chunks, the re-check of a transfer at its commit) and the
/// ledger's verification — is the same for every database and lives above this protocol, in this module
/// (`RegisterStore+Register.swift`, `AppendTransaction`, `LedgerVerification`). Everything above storage
/// holds an `any RegisterStore`. Async, because a server's client (PostgresNIO) is async-only.
public protocol RegisterStore: Sendable {
    /// The register as it was last replayed from this store: kept with the store (one per open register)
    /// and advanced by the code above it, so that each later read or append replays only newer events.
    var replayed: RegisterReplay { get }

    /// The chain of this register (its key derived from the workspace master key the store was opened with).
    var chain: LedgerChain { get }

    /// Runs one append in a write transaction that holds the register's write lock, so that concurrent
    /// writers keep one linear chain: hands `append` the events its queries select (`append.queries`, read
    /// inside the transaction) in chain order (`read`), then the newest event stored (`newest`), if any,
    /// inserts the rows it then makes (`rows()`: documents
    /// not yet stored, then each event with its subject chunks and derived rows), runs its step before the
    /// commit (`beforeCommit()`), and commits. When any of these throws, nothing is stored.
    func write(_ append: AppendTransaction) async throws

    /// The events `queries` select, each once, in chain order, handed to `reader` as one stretch: what a
    /// command reads instead of the whole register.
    func readEvents<Reader: LedgerReader>(
        _ queries: [EventQuery], _ makeReader: @escaping @Sendable () -> Reader
    ) async throws -> Reader.Result

    /// Every subject on the stop-use list (keyed hashes, as the derived rows hold them): what an extract
    /// leaves out.
    func stopUseSubjects() async throws -> [UInt64]

    /// Every transfer's id (as the derived rows hold them), to name them when one asked for is not there.
    func transferIDs() async throws -> [String]

    /// Reads the stored ledger after `sequence`, up to the last event stored when the call starts, in
    /// stretches the store chooses (one, or one per core read at once), handing each stretch's rows in
    /// order to a reader of its own; returns what each reader made of its stretch, in chain order.
    func readLedger<Reader: LedgerReader>(
        after sequence: Int, _ makeReader: @escaping @Sendable () -> Reader
    ) async throws -> [Reader.Result]

    /// What is missing from the store's schema (its tables, and what keeps it append-only); empty when it
    /// is whole. `ledger verify` and the audit report it.
    func schemaDamage() async throws -> [SchemaDamage]

    /// How many events are stored, and the chain hash of the last one (nil when none).
    func ledgerHead() async throws -> (count: Int, hash: String?)

    /// The exact bytes stored under a SHA-256, if any (a `CorruptRegister` when they no longer match it).
    func document(sha256: String) async throws -> [UInt8]?

    /// The digests of the derived rows the store holds for events numbered up to `through`, table by table
    /// (`DerivedDigests.add`'s hashes).
    func derivedDigests(_ hasher: SubjectHasher, through: Int) async throws -> DerivedDigests
}

/// Which events a command or an append reads, by the `kind` column and the derived rows rather than by
/// replaying the register.
public enum EventQuery: Sendable, Equatable {
    /// The events of these kinds numbered after `after`.
    case kinds(Set<String>, after: Int)
    /// The newest event, whatever its kind (the register's count and last time).
    case newest
    /// The stop-use and erasure requests of these subjects (keyed hashes).
    case stopUse(of: [UInt64])
    /// The stop-use and erasure requests recorded after event `after`.
    case stopUseAfter(Int)
    /// The transfers with these ids, and their deletion confirmations.
    case transfersNamed([String])
    /// The transfers whose subject set holds a subject, and their deletion confirmations: the merged index for
    /// transfers of up to `SubjectIndex.maximumTransfer` subjects, and for each larger one the one chunk whose
    /// range may hold it.
    case transfersHolding(UInt64)
}

/// What one append inserts, in its transaction: the documents it refers to (a store inserts those it does
/// not hold yet), then each event in order, each with its subject chunks and the rows derived from it (a
/// store inserts an event's chunks and derived rows after the event and before the next one).
public struct AppendRows: Sendable {
    public struct Event: Sendable {
        public var sequence: Int
        /// Copies of what the record says, kept beside it for queries (`ledger verify` compares them).
        public var kind: String
        public var contractor: String
        /// The canonical record.
        public var body: [UInt8]
        /// Lowercase hex.
        public var chainHash: String
        /// A transfer's subject set in chunks of 8-byte big-endian hashes; a chunk's first eight bytes are the
        /// key a lookup finds it by.
        public var subjectChunks: [[UInt8]]
        public var derived: DerivedRows
    }

    public var documents: [(sha256: String, bytes: [UInt8])] = []
    public var events: [Event] = []
}

/// The register's stored state is not what consign wrote: an event that does not decode, or a document
/// whose bytes do not match their hash.
public struct CorruptRegister: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(description: String) { self.description = description }
}

/// A part of a store's schema that is missing.
public struct SchemaDamage: Sendable, CustomStringConvertible {
    /// A table holds the register's data: without it there is nothing to read. The rest (triggers, rules)
    /// keeps the register append-only in the database.
    public var isTable: Bool
    public var name: String

    public init(isTable: Bool, name: String) {
        self.isTable = isTable
        self.name = name
    }

    public var description: String { (isTable ? Message.tableMissing(name) : Message.triggerMissing(name)).text() }
}

/// A subject found in a transfer's stored subject set.
public struct SubjectMatch: Equatable, Sendable {
    public var event: Int
    public var subject: UInt64

    public init(event: Int, subject: UInt64) {
        self.event = event
        self.subject = subject
    }
}
