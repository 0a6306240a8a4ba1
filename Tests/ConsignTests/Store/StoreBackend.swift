import ConsignCore
import ConsignKeys
import ConsignPostgres
import ConsignSQLite
import ConsignStore
import Foundation
import Testing

/// A database the register can live in, as the contract suite (`RegisterStoreContractTests`) sees it: how
/// to open a register in it, and how someone with write access to the database, but without the master
/// key, can change what it holds (`RegisterTamperer`). Every test of the contract suite runs once per case;
/// a backend joins by adding a case, its `open` and its tamperer, and no test.
enum StoreBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    /// A database of its own on the test server (`TestPostgres`), set up by `consign db setup`'s code; the
    /// case is left out when no server can start here, except on CI, where its tests then fail.
    case postgres

    static var allCases: [StoreBackend] {
        let server = ProcessInfo.processInfo.environment["CI"] == "true" || (try? TestPostgres.shared()) != nil
        return server ? [.sqlite, .postgres] : [.sqlite]
    }

    var testDescription: String { rawValue }

    /// Opens the register kept for `directory`, creating an empty one the first time. Each call is a
    /// connection of its own, as another process's would be: two stores opened on one directory are two
    /// writers of one register.
    func open(in directory: URL, chain: LedgerChain) async throws -> any RegisterStore {
        switch self {
        case .sqlite:
            return try SQLiteRegisterStore(url: directory.appending(path: "register.sqlite"), chain: chain)
        case .postgres:
            let database = try Self.database(for: directory)
            let location = try PostgresLocation(url: database.url)
            if database.isNew { _ = try await PostgresAdministration.setUp(location) }
            return try await PostgresRegisterStore.open(location, chain: chain)
        }
    }

    /// Raw access to the register kept for `directory`, past consign.
    func tamperer(in directory: URL) -> any RegisterTamperer {
        switch self {
        case .sqlite: SQLiteTamperer(path: directory.appending(path: "register.sqlite").path)
        case .postgres: PostgresTamperer(server: try! TestPostgres.shared()!, database: try! Self.database(for: directory).name)
        }
    }

    /// The database kept for `directory` (named in a file there), made the first time.
    private static func database(for directory: URL) throws -> (name: String, url: String, isNew: Bool) {
        guard let server = try TestPostgres.shared() else { throw TestPostgres.Failure(description: "no PostgreSQL server") }
        let file = directory.appending(path: "database")
        if let recorded = FileManager.default.contents(atPath: file.path) {
            let name = String(decoding: recorded, as: UTF8.self)
            return (name, server.url(database: name, sslmode: "disable"), false)
        }
        let name = try server.createDatabase()
        try Data(name.utf8).write(to: file)
        return (name, server.url(database: name, sslmode: "disable"), true)
    }
}

/// An event as a database holds it: the row `ledger verify` reads.
struct StoredEventRow: Sendable, Equatable {
    var sequence: Int
    var kind: String
    var contractor: String
    var body: [UInt8]
    /// Lowercase hex.
    var chainHash: String
}

/// The tables of rows derived from the events (`DerivedRows`), in the words of `LedgerText.DerivedTable`.
enum DerivedTable: String, CaseIterable, Sendable {
    case transfers
    case deletions
    case stopUse
    case subjectIndex

    /// Its name in every backend's schema.
    var name: String { StoredTable(rawValue: rawValue)!.name }
}

/// The tables a register keeps, whatever each backend calls them.
enum StoredTable: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case events, documents, subjectChunks, transfers, deletions, stopUse, subjectIndex

    var testDescription: String { rawValue }

    /// Its name in every backend's schema.
    var name: String {
        switch self {
        case .events: "event"
        case .documents: "document"
        case .subjectChunks: "transfer_subjects"
        case .transfers: "transfer_index"
        case .deletions: "deletion_index"
        case .stopUse: "stop_use_index"
        case .subjectIndex: "subject_index"
        }
    }
}

/// One change to a register's stored rows, in the register's words; each backend's tamperer does it in
/// its own SQL. With the append-only guards in place the database must refuse every one of them except an
/// event inserted right after the last one (what an append is); with them dropped, each goes through, and
/// the chain or the derived digests must tell.
enum Tampering: Sendable, CustomTestStringConvertible {
    /// Events.
    case changeBody(event: Int, to: [UInt8])
    case changeChainHash(event: Int, to: String)
    case deleteEvent(Int)
    case deleteAllEvents
    /// An insert of a new sequence number (refused by the guards unless it is the next one).
    case insertEvent(StoredEventRow)
    /// An insert over an event already stored, replacing it (SQLite's INSERT OR REPLACE; an upsert).
    case replaceEvent(StoredEventRow)
    /// Documents.
    case changeDocument(sha256: String, to: [UInt8])
    case deleteDocument(sha256: String)
    case replaceDocument(sha256: String, with: [UInt8])
    /// A transfer's subject set, stored in chunks beside its event.
    case deleteSubjectChunks(event: Int)
    /// The event's first chunk (the one holding its smallest hashes) made to hold `hashes` instead.
    case changeFirstSubjectChunk(event: Int, to: [UInt64])
    case insertSubjectChunk(event: Int, hashes: [UInt64])
    /// Derived rows.
    case deleteDerivedRows(DerivedTable, event: Int?)
    case insertSubjectIndexRow(subject: UInt64, event: Int)
    case insertStopUseRow(subject: UInt64, event: Int)
    case changeTransferRowSubjects(event: Int, to: Int)
    case changeDeletionRowEvent(transfer: String, to: Int)
    /// Schema.
    case dropTable(StoredTable)

    var testDescription: String {
        switch self {
        case .changeBody(let event, _): "change the body of event \(event)"
        case .changeChainHash(let event, _): "change the chain hash of event \(event)"
        case .deleteEvent(let event): "delete event \(event)"
        case .deleteAllEvents: "delete every event"
        case .insertEvent(let row): "insert event \(row.sequence)"
        case .replaceEvent(let row): "replace event \(row.sequence)"
        case .changeDocument: "change a document"
        case .deleteDocument: "delete a document"
        case .replaceDocument: "replace a document"
        case .deleteSubjectChunks(let event): "delete the subject chunks of event \(event)"
        case .changeFirstSubjectChunk(let event, _): "change a subject chunk of event \(event)"
        case .insertSubjectChunk(let event, _): "insert a subject chunk for event \(event)"
        case .deleteDerivedRows(let table, let event): "delete \(table) rows" + (event.map { " of event \($0)" } ?? "")
        case .insertSubjectIndexRow(_, let event): "insert a subject index row for event \(event)"
        case .insertStopUseRow(_, let event): "insert a stop-use row for event \(event)"
        case .changeTransferRowSubjects(let event, _): "change the subject count of transfer row \(event)"
        case .changeDeletionRowEvent(let transfer, _): "change the event of the deletion row of \(transfer)"
        case .dropTable(let table): "drop the \(table) table"
        }
    }
}

/// Raw access to one backend's register, past consign and its store, as someone with write access to the
/// database could have it (with its credentials, or the file), but not the workspace's master key.
protocol RegisterTamperer: Sendable {
    /// Drops what keeps the register append-only in the database (SQLite's triggers, PostgreSQL's rules or
    /// triggers), remembering it for `restoreGuards`.
    func dropGuards() async throws
    /// Puts back what `dropGuards` dropped, as it was (the guards of a table since dropped cannot be).
    func restoreGuards() async throws
    /// Does one change, with whatever guards are in place: throws when the database refuses it.
    func apply(_ change: Tampering) async throws
    /// The derived rows as stored, read past the store (what `derivedDigests` summarises).
    func storedDerivedRows() async throws -> DerivedRows
}

extension RegisterTamperer {
    /// Drops the guards, makes the changes, and puts the guards back, as someone who covers their tracks
    /// would (`restoringGuards: false` leaves them out: a damaged schema is a finding of its own).
    func tamper(_ changes: [Tampering], restoringGuards: Bool = true) async throws {
        try await dropGuards()
        for change in changes { try await apply(change) }
        if restoringGuards { try await restoreGuards() }
    }

    func tamper(_ changes: Tampering...) async throws { try await tamper(changes) }
}

extension DerivedRows {
    /// The rows in one order whatever order they were read in (for comparing two readings).
    var sorted: DerivedRows {
        var rows = self
        rows.transfers.sort { ($0.event, $0.id) < ($1.event, $1.id) }
        rows.deletions.sort { ($0.event, $0.transfer) < ($1.event, $1.transfer) }
        rows.stopUse.sort { ($0.subject, $0.event) < ($1.subject, $1.event) }
        rows.subjectIndex.sort { ($0.subject, $0.event) < ($1.subject, $1.event) }
        return rows
    }

    /// All the rows of a list of events' rows together.
    init(merging all: [DerivedRows]) {
        self.init()
        for rows in all {
            transfers += rows.transfers
            deletions += rows.deletions
            stopUse += rows.stopUse
            subjectIndex += rows.subjectIndex
        }
    }
}
