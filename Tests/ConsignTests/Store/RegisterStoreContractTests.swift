import ConsignCore
import ConsignKeys
import ConsignStore
import ConsignWorkspace
import Foundation
import Testing

/// What every backend of the register owes consign, checked through `any RegisterStore` alone (and, for
/// tampering, the backend's `RegisterTamperer`), once per `StoreBackend`: appends read back in chain order
/// with their documents; the queries commands read instead of a replay; the register's rules refused inside
/// the append, leaving nothing; one linear chain from concurrent writers; the chain as DESIGN defines it;
/// the database refusing every change but an append; every kind of tampering found by
/// `LedgerVerification.verify` and by `replay(verifying:anchors:)`; the derived rows what the chain says;
/// and the commit-time re-check of a transfer against what another writer appended since its plan.
@Suite struct RegisterStoreContractTests {
    // MARK: - The register every test starts from

    /// Now, when the suite starts: the time its events are recorded at. A PostgreSQL server times an append
    /// itself, by its own clock, which is never before this; the dates the events carry are today's in the
    /// example catalog's time zone, where a plan's date is read.
    static let at = WallClock.real.now
    static let recorder = Recorder(name: "test", clock: WallClock(fixed: at))
    static let today = try! Workspace(root: repositoryRoot).today(WallClock(fixed: at))

    /// Distinct keyed hashes, sorted.
    static func subjects(_ count: Int, seed: UInt64) -> [UInt64] {
        (1...UInt64(count)).map { ($0 &+ seed &* 1_000_003) &* 0x9E37_79B9_7F4A_7C15 }.sorted()
    }

    static let smallSubjects = subjects(10, seed: 1)
    /// More than the merged subject index takes: looked up in its chunks.
    static let largeSubjects = subjects(SubjectIndex.maximumTransfer + 904, seed: 2)
    static let stoppedSubject = smallSubjects[3]
    static let erasedSubject = largeSubjects[100]

    static func hex(_ subject: UInt64) -> String { String(format: "%016llx", subject) }

    static func registration(_ contractor: String, _ document: String, version: Int = 1, bytes: [UInt8]) -> DocumentRegistration {
        DocumentRegistration(contractor: contractor, documentID: document, version: version, sha256: sha256Hex(bytes), file: "\(document).xml")
    }

    static let hayateProfile = Array("<contractor id='hayate-transport'/>".utf8)
    static let sakuraProfile = Array("<contractor id='sakura-mailing'/>".utf8)
    static let agreementBytes = Array("<agreement id='AG-1'/>".utf8)

    static func transfer(
        _ id: String, contractor: String = "hayate-transport", subjects: [UInt64],
        agreement: Transfer.DocumentReference? = .init(id: "AG-1", version: 1, sha256: sha256Hex(agreementBytes))
    ) -> Transfer {
        Transfer(
            id: id, origin: .extract, on: today, contractor: contractor, agreement: agreement, relationship: .entrustment,
            legalBasis: "entrustment", countries: ["JP"], approvedSubContractors: [], receivingSubContractors: [],
            task: .init(id: "prize-shipping", version: 1, sha256: String(repeating: "1", count: 64)),
            catalog: .init(id: "catalog", version: 1, sha256: String(repeating: "2", count: 64)), purpose: "surveys-prizes",
            forms: [], rows: subjects.count, files: [], package: "", retentionDue: today.adding(days: 30), encryption: "none",
            subjects: SubjectChunks.summary(of: subjects), note: "")
    }

    /// A register in a directory of its own, on one backend.
    struct TestRegister {
        let backend: StoreBackend
        let directory: URL
        let chain: LedgerChain
        let store: any RegisterStore

        init(_ backend: StoreBackend) async throws {
            self.backend = backend
            directory = try temporaryDirectory("consign-contract-\(backend.rawValue)")
            let key = directory.appending(path: "master.key")
            chain = try LedgerChain(keys: WorkspaceKeys(master: try MasterKey.create(at: key), file: key.path))
            store = try await backend.open(in: directory, chain: chain)
        }

        /// Another connection to the same register, as another process would open it.
        func another() async throws -> any RegisterStore { try await backend.open(in: directory, chain: chain) }

        var tamperer: any RegisterTamperer { backend.tamperer(in: directory) }

        func remove() { try? FileManager.default.removeItem(at: directory) }

        /// Eleven events, one of every kind: 1–2 contractors, 3 an agreement, 4 a selection, 5 a suspension,
        /// 6 a transfer of 10 subjects, 7 one of 5,000, 8 the first's deletion, 9 a stop-use request of one
        /// of its subjects, 10 an erasure request of one of the second's, 11 an evaluation.
        func appendEveryKind() async throws {
            let r = RegisterStoreContractTests.self
            for (contractor, bytes) in [("hayate-transport", r.hayateProfile), ("sakura-mailing", r.sakuraProfile)] {
                _ = try await store.append(
                    .contractorRegistered(r.registration(contractor, contractor, bytes: bytes)), by: r.recorder, documents: [bytes],
                    subjects: [], commit: nil)
            }
            _ = try await store.append(
                .agreementRegistered(r.registration("hayate-transport", "AG-1", bytes: r.agreementBytes)), by: r.recorder,
                documents: [r.agreementBytes], subjects: [], commit: nil)
            _ = try await store.record(
                .evaluated(Evaluation(contractor: "hayate-transport", kind: .selection, result: .pass, on: r.today, note: "")),
                by: r.recorder)
            _ = try await store.record(
                .statusChanged(StatusChange(contractor: "sakura-mailing", status: .suspended, on: r.today, note: "x")), by: r.recorder)
            for (id, subjects) in [("T-small", r.smallSubjects), ("T-large", r.largeSubjects)] {
                _ = try await store.append(
                    .transfer(r.transfer(id, subjects: subjects)), by: r.recorder, documents: [], subjects: subjects, commit: nil)
            }
            let certificate = Evaluation.Evidence(file: "certificate.pdf", sha256: String(repeating: "3", count: 64))
            _ = try await store.record(
                .deletionConfirmed(
                    DeletionConfirmation(transfer: "T-small", contractor: "hayate-transport", on: r.today, certificate: certificate, note: "")),
                by: r.recorder)
            _ = try await store.record(.stopUse(StopUse(subject: r.hex(r.stoppedSubject), on: r.today, reason: "asked")), by: r.recorder)
            _ = try await store.record(
                .stopUse(StopUse(subject: r.hex(r.erasedSubject), on: r.today, reason: "asked", request: .erasure)), by: r.recorder)
            _ = try await store.record(
                .evaluated(Evaluation(contractor: "hayate-transport", kind: .periodic, result: .pass, on: r.today, note: "")),
                by: r.recorder)
        }
    }

    static let kinds = [
        "contractor-registered", "contractor-registered", "agreement-registered", "contractor-evaluated", "contractor-status",
        "transfer", "transfer", "deletion-confirmed", "subject-stop-use", "subject-stop-use", "contractor-evaluated",
    ]

    /// Everything a store holds, read through the store: each event's row, each subject chunk, the derived
    /// digests and the documents.
    struct Snapshot: Equatable {
        var events: [StoredEventRow]
        var chunks: [StoredChunk]
        var derived: DerivedDigests
        var documents: [[UInt8]?]
        var head: String?
    }

    struct StoredChunk: Equatable, Sendable {
        var event: Int
        var firstHash: [UInt8]
        var hashes: [UInt8]
    }

    /// The stored rows of a stretch as they are, decoded or not.
    struct RowReader: LedgerReader {
        static var readsEvents: Bool { true }
        static var readsSubjectChunks: Bool { true }
        var events: [StoredEventRow] = []
        var chunks: [StoredChunk] = []

        mutating func begin(_ stretch: LedgerStretch) {}
        mutating func event(_ stored: StoredEvent) -> Bool {
            events.append(
                StoredEventRow(
                    sequence: stored.sequence, kind: String(decoding: stored.kind, as: UTF8.self),
                    contractor: String(decoding: stored.contractor, as: UTF8.self), body: Array(stored.body),
                    chainHash: String(decoding: stored.chainHash, as: UTF8.self)))
            return true
        }
        mutating func subjectChunk(event: Int, firstHash: UnsafeRawBufferPointer, hashes: UnsafeRawBufferPointer) {
            chunks.append(StoredChunk(event: event, firstHash: Array(firstHash), hashes: Array(hashes)))
        }
        func end() -> (events: [StoredEventRow], chunks: [StoredChunk]) { (events, chunks) }
    }

    static func rows(_ store: any RegisterStore) async throws -> [StoredEventRow] {
        try await store.readLedger(after: 0) { RowReader() }.flatMap(\.events)
    }

    static func snapshot(_ store: any RegisterStore) async throws -> Snapshot {
        let stretches = try await store.readLedger(after: 0) { RowReader() }
        var documents: [[UInt8]?] = []
        for bytes in [hayateProfile, sakuraProfile, agreementBytes] {
            documents.append(try? await store.document(sha256: sha256Hex(bytes)))
        }
        return Snapshot(
            events: stretches.flatMap(\.events), chunks: stretches.flatMap(\.chunks),
            derived: try await store.derivedDigests(store.chain.derivedHasher, through: .max), documents: documents,
            head: try await store.ledgerHead().hash)
    }

    // MARK: - Appends and reads

    @Test(arguments: StoreBackend.allCases)
    func eventsComeBackInChainOrderWithTheirDocumentsAndHead(_ backend: StoreBackend) async throws {
        let register = try await TestRegister(backend)
        defer { register.remove() }
        try await register.appendEveryKind()
        let events = try await register.store.events()
        #expect(events.map(\.sequence) == Array(1...11))
        #expect(events.map(\.event.kind) == Self.kinds)
        let head = try await register.store.ledgerHead()
        #expect(head.count == 11 && head.hash == events.last?.chainHash)
        #expect(try await register.store.document(sha256: sha256Hex(Self.agreementBytes)) == Self.agreementBytes)
        #expect(try await register.store.document(sha256: String(repeating: "0", count: 64)) == nil)
        // The whole register, replayed from a store opened afresh, is what was appended.
        let replayed = try await register.another().register()
        #expect(replayed.eventCount == 11)
        #expect(replayed.transfers.map(\.value.id) == ["T-small", "T-large"])
        #expect(replayed.deletions["T-small"]?.sequence == 8)
        #expect(replayed.stopUse[Self.hex(Self.stoppedSubject)]?.sequence == 9)
        #expect(replayed.erasures[Self.hex(Self.erasedSubject)]?.sequence == 10)
    }

    @Test(arguments: StoreBackend.allCases)
    func anEmptyRegisterHasNoEventsNoHeadAndAWholeSchema(_ backend: StoreBackend) async throws {
        let register = try await TestRegister(backend)
        defer { register.remove() }
        let head = try await register.store.ledgerHead()
        #expect(head.count == 0 && head.hash == nil)
        #expect(try await register.store.events().isEmpty)
        #expect(try await register.store.schemaDamage().isEmpty)
        #expect(try await register.store.transferIDs().isEmpty)
        #expect(try await register.store.stopUseSubjects().isEmpty)
    }

    /// The queries that commands read instead of a replay select exactly the events their rows name.
    @Test(arguments: StoreBackend.allCases)
    func eachQuerySelectsTheEventsItNames(_ backend: StoreBackend) async throws {
        let register = try await TestRegister(backend)
        defer { register.remove() }
        try await register.appendEveryKind()
        let store = register.store
        func sequences(_ queries: [EventQuery]) async throws -> [Int] {
            try await store.readEvents(queries) { RowReader() }.events.map(\.sequence)
        }
        #expect(try await sequences([.kinds(["transfer"], after: 0)]) == [6, 7])
        #expect(try await sequences([.kinds(["contractor-evaluated", "contractor-status"], after: 4)]) == [5, 11])
        #expect(try await sequences([.newest]) == [11])
        #expect(try await sequences([.stopUse(of: [Self.stoppedSubject, Self.erasedSubject, 1])]) == [9, 10])
        #expect(try await sequences([.stopUseAfter(9)]) == [10])
        #expect(try await sequences([.transfersNamed(["T-small"])]) == [6, 8])
        #expect(try await sequences([.transfersNamed(["T-large", "T-none"])]) == [7])
        // A small transfer through the merged index, a large one through its chunks, each with its deletion.
        #expect(try await sequences([.transfersHolding(Self.smallSubjects[0])]) == [6, 8])
        #expect(try await sequences([.transfersHolding(Self.largeSubjects[4_000])]) == [7])
        #expect(try await sequences([.transfersHolding(Self.largeSubjects.last!)]) == [7])
        #expect(try await sequences([.transfersHolding(Self.largeSubjects[0] &- 1)]) == [])
        // Queries together: each event once, in chain order.
        #expect(try await sequences([.newest, .transfersNamed(["T-small"]), .kinds(["transfer"], after: 0)]) == [6, 7, 8, 11])
        #expect(try await store.transferIDs() == ["T-small", "T-large"])
        #expect(Set(try await store.stopUseSubjects()) == [Self.stoppedSubject, Self.erasedSubject])
        let matches = try await store.subjectMatches([Self.stoppedSubject, Self.erasedSubject, 42])
        #expect(Set(matches.map { "\($0.event):\($0.subject)" }) == ["6:\(Self.stoppedSubject)", "7:\(Self.erasedSubject)"])
    }

    /// A store opened on a register another connection writes to reads what that connection appended.
    @Test(arguments: StoreBackend.allCases)
    func aSecondConnectionReadsWhatTheFirstAppended(_ backend: StoreBackend) async throws {
        let register = try await TestRegister(backend)
        defer { register.remove() }
        let other = try await register.another()
        #expect(try await other.register().eventCount == 0)
        try await register.appendEveryKind()
        #expect(try await other.register().eventCount == 11)
        #expect(try await other.standing().contractors["sakura-mailing"]?.currentStatus == .suspended)
        #expect(try await other.transferIDs() == ["T-small", "T-large"])
    }

    // MARK: - The register's rules, inside the append

    @Test(arguments: StoreBackend.allCases)
    func theSameRegistrationTwiceAppendsOnceAndDifferentBytesAreRefused(_ backend: StoreBackend) async throws {
        let register = try await TestRegister(backend)
        defer { register.remove() }
        func registerHayate(_ bytes: [UInt8]) async throws -> AppendResult {
            try await register.store.append(
                .contractorRegistered(Self.registration("hayate-transport", "hayate-transport", bytes: bytes)), by: Self.recorder,
                documents: [bytes], subjects: [], commit: nil)
        }
        guard case .appended(let first) = try await registerHayate(Self.hayateProfile) else {
            Issue.record("first registration not appended")
            return
        }
        guard case .alreadyRegistered(let existing) = try await registerHayate(Self.hayateProfile) else {
            Issue.record("second registration appended")
            return
        }
        #expect(existing.sequence == first.sequence)
        await #expect(throws: Refusal.self) { try await registerHayate(Array("<other/>".utf8)) }
        #expect(try await register.store.ledgerHead().count == 1)
        #expect(try await register.store.document(sha256: sha256Hex(Array("<other/>".utf8))) == nil)
    }

    /// Each rule the register enforces is checked inside the append's transaction, and a refused append
    /// stores nothing: not its event, its documents, its subject chunks or its derived rows.
    @Test(arguments: StoreBackend.allCases)
    func aRefusedAppendStoresNothing(_ backend: StoreBackend) async throws {
        let register = try await TestRegister(backend)
        defer { register.remove() }
        try await register.appendEveryKind()
        let store = register.store
        let before = try await Self.snapshot(store)
        let other = Array("<agreement id='AG-9'/>".utf8)
        // An agreement of a contractor never registered.
        await #expect(throws: Refusal.self) {
            try await store.append(
                .agreementRegistered(Self.registration("nobody", "AG-9", bytes: other)), by: Self.recorder, documents: [other],
                subjects: [], commit: nil)
        }
        // A transfer id already recorded, with subjects of its own.
        await #expect(throws: Refusal.self) {
            try await store.append(
                .transfer(Self.transfer("T-small", subjects: [1, 2, 3])), by: Self.recorder, documents: [other], subjects: [1, 2, 3],
                commit: nil)
        }
        // A subject already on the stop-use list.
        await #expect(throws: Refusal.self) {
            try await store.record(.stopUse(StopUse(subject: Self.hex(Self.stoppedSubject), on: Self.today, reason: "again")), by: Self.recorder)
        }
        // A status change before the last one, a clock behind the last event.
        await #expect(throws: Refusal.self) {
            try await store.record(
                .statusChanged(StatusChange(contractor: "sakura-mailing", status: .active, on: CalendarDate("2026-01-01")!, note: "")),
                by: Self.recorder)
        }
        // (A server that times appends by its own clock takes no time from the client.)
        if backend != .postgres {
            await #expect(throws: Refusal.self) {
                try await store.record(
                    .evaluated(Evaluation(contractor: "hayate-transport", kind: .periodic, result: .pass, on: Self.today, note: "")),
                    by: Recorder(name: "late", clock: WallClock(fixed: Timestamp(secondsSinceEpoch: Self.at.secondsSinceEpoch - 400))))
            }
        }
        // A batch whose second request is refused: neither is recorded.
        await #expect(throws: Refusal.self) {
            try await store.append(
                [
                    .stopUse(StopUse(subject: Self.hex(5), on: Self.today, reason: "new")),
                    .stopUse(StopUse(subject: Self.hex(Self.erasedSubject), on: Self.today, reason: "again")),
                ], by: Self.recorder)
        }
        #expect(try await Self.snapshot(store) == before)
        #expect(try await Self.snapshot(register.another()) == before)
        // And the store goes on appending after them.
        _ = try await store.record(.stopUse(StopUse(subject: Self.hex(5), on: Self.today, reason: "new")), by: Self.recorder)
        #expect(try await store.ledgerHead().count == 12)
    }

    /// Events made elsewhere keep their own times, all or none.
    @Test(arguments: StoreBackend.allCases)
    func eventsAppendedAsRecordedKeepTheirTimesAllOrNone(_ backend: StoreBackend) async throws {
        let register = try await TestRegister(backend)
        defer { register.remove() }
        try await register.appendEveryKind()
        let store = register.store
        // Hours after the suite's start, so after every event appended so far, by any clock.
        func time(hours: Int64) -> Timestamp { Timestamp(secondsSinceEpoch: Self.at.secondsSinceEpoch + hours * 3600) }
        func event(_ time: Timestamp, _ id: String) -> RegisterEvent {
            RegisterEvent(recordedAt: time, recordedBy: "import", payload: .transfer(Self.transfer(id, subjects: [7, 8])))
        }
        await #expect(throws: Refusal.self) {
            try await store.appendAsRecorded(
                [event(time(hours: 24), "T-a"), event(time(hours: 12), "T-b")], subjects: [[7, 8], [7, 8]])
        }
        #expect(try await store.ledgerHead().count == 11)
        let recorded = try await store.appendAsRecorded(
            [event(time(hours: 24), "T-a"), event(time(hours: 25), "T-b")], subjects: [[7, 8], [7, 8]])
        #expect(recorded.map(\.sequence) == [12, 13])
        #expect(try await store.events().suffix(2).map(\.event.recordedAt) == [time(hours: 24), time(hours: 25)])
        #expect(try await store.readEvents([.transfersHolding(8)]) { RowReader() }.events.map(\.sequence) == [12, 13])
    }

    /// Appends from many tasks on two connections at once keep one linear chain, intact.
    @Test(arguments: StoreBackend.allCases)
    func concurrentAppendsFromTwoConnectionsKeepOneLinearChain(_ backend: StoreBackend) async throws {
        let register = try await TestRegister(backend)
        defer { register.remove() }
        try await register.appendEveryKind()
        let stores = [register.store, try await register.another()]
        // Every append runs to its end, whatever the others do (a failed one does not cancel the rest).
        let failures = await withTaskGroup(of: String?.self) { group in
            for i in 0..<20 {
                let store = stores[i % 2]
                group.addTask {
                    do {
                        _ = try await store.record(
                            .evaluated(Evaluation(contractor: "hayate-transport", kind: .periodic, result: .pass, on: Self.today, note: "\(i)")),
                            by: Recorder(name: "t\(i)", clock: WallClock(fixed: Self.at)))
                        return nil
                    } catch {
                        return "append \(i): \(error)"
                    }
                }
            }
            return await group.compactMap { $0 }.reduce(into: []) { $0.append($1) }
        }
        #expect(failures.isEmpty, "\(failures)")
        #expect(try await register.store.events().map(\.sequence) == Array(1...31))
        let verification = try await LedgerVerification.verify(register.store, chain: register.store.chain, anchors: [])
        #expect(verification.breaks.isEmpty && verification.count == 31, "\(verification.breaks)")
    }

    // MARK: - The chain

    /// The chain, recomputed here from the key file with an independent HKDF (RFC 5869) and HMAC, equals
    /// the stored hashes, and the subject chunks are the transfers' sorted hashes, 120 to a chunk.
    @Test(arguments: StoreBackend.allCases)
    func theChainIsHMACOverThePreviousHashSequenceAndBodyWithTheDerivedLedgerKey(_ backend: StoreBackend) async throws {
        let register = try await TestRegister(backend)
        defer { register.remove() }
        try await register.appendEveryKind()
        let master = try #require(FileManager.default.contents(atPath: register.directory.appending(path: "master.key").path))
        let ledgerKey = rfc5869(ikm: [UInt8](master), salt: Array("consign/v1".utf8), info: Array("ledger".utf8), length: 32)
        let stretches = try await register.store.readLedger(after: 0) { RowReader() }
        let rows = stretches.flatMap(\.events)
        #expect(rows.map(\.sequence) == Array(1...11))
        var previous = [UInt8](repeating: 0, count: 32)
        for row in rows {
            let message = previous + (0..<8).map { UInt8(truncatingIfNeeded: UInt64(row.sequence) >> (56 - 8 * $0)) } + row.body
            let expected = hmacSHA256(key: ledgerKey, message: message)
            #expect(row.chainHash == hexString(expected), "event \(row.sequence)")
            let event = try #require(RegisterEvent(bytes: row.body))
            #expect(row.kind == event.kind && row.contractor == event.contractor)
            previous = expected
        }
        let chunks = stretches.flatMap(\.chunks)
        func big(_ hashes: ArraySlice<UInt64>) -> [UInt8] { hashes.flatMap { withUnsafeBytes(of: $0.bigEndian) { Array($0) } } }
        #expect(chunks.filter { $0.event == 6 }.map(\.hashes) == [big(Self.smallSubjects[...])])
        let large = chunks.filter { $0.event == 7 }
        #expect(large.count == (Self.largeSubjects.count + 119) / 120)
        #expect(large.flatMap(\.hashes) == big(Self.largeSubjects[...]))
        #expect(large.allSatisfy { $0.firstHash == Array($0.hashes.prefix(8)) })
        #expect(Set(chunks.map(\.event)) == [6, 7])
    }

    // MARK: - Append-only in the database

    /// Changes the database must refuse while its guards are in place.
    enum ForbiddenChange: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case editAnEventsBody, editAChainHash, deleteTheNewestEvent, deleteEveryEvent, replaceAnEvent, insertAnEventPastAGap,
            editADocument, deleteADocument, replaceADocument, deleteASubjectChunk,
            editASubjectChunk, addASubjectChunkToAnOldEvent, deleteTheStopUseRows, deleteTheSubjectIndexRowsOfATransfer,
            addASubjectIndexRowToAnOldEvent, addAStopUseRowToAnOldEvent, editATransferRow, editADeletionRow

        var testDescription: String { rawValue }

        func tampering(_ rows: [StoredEventRow]) -> Tampering {
            let r = RegisterStoreContractTests.self
            let last = rows.last!
            switch self {
            case .editAnEventsBody: return .changeBody(event: 2, to: [0])
            case .editAChainHash: return .changeChainHash(event: 1, to: String(repeating: "f", count: 64))
            case .deleteTheNewestEvent: return .deleteEvent(last.sequence)
            case .deleteEveryEvent: return .deleteAllEvents
            case .replaceAnEvent:
                return .replaceEvent(StoredEventRow(sequence: 2, kind: "x", contractor: "y", body: [1], chainHash: "z"))
            case .insertAnEventPastAGap:
                var row = last
                row.sequence += 2
                return .insertEvent(row)
            case .editADocument: return .changeDocument(sha256: sha256Hex(r.agreementBytes), to: [0])
            case .deleteADocument: return .deleteDocument(sha256: sha256Hex(r.agreementBytes))
            case .replaceADocument: return .replaceDocument(sha256: sha256Hex(r.agreementBytes), with: [0])
            case .deleteASubjectChunk: return .deleteSubjectChunks(event: 7)
            case .editASubjectChunk: return .changeFirstSubjectChunk(event: 6, to: [1, 2, 3])
            case .addASubjectChunkToAnOldEvent: return .insertSubjectChunk(event: 6, hashes: [UInt64.max])
            case .deleteTheStopUseRows: return .deleteDerivedRows(.stopUse, event: nil)
            case .deleteTheSubjectIndexRowsOfATransfer: return .deleteDerivedRows(.subjectIndex, event: 6)
            case .addASubjectIndexRowToAnOldEvent: return .insertSubjectIndexRow(subject: 42, event: 6)
            case .addAStopUseRowToAnOldEvent: return .insertStopUseRow(subject: 42, event: 9)
            case .editATransferRow: return .changeTransferRowSubjects(event: 7, to: 1)
            case .editADeletionRow: return .changeDeletionRowEvent(transfer: "T-small", to: 9)
            }
        }
    }

    @Test(arguments: StoreBackend.allCases, ForbiddenChange.allCases)
    func theDatabaseRefusesEveryChangeButAnAppend(_ backend: StoreBackend, _ change: ForbiddenChange) async throws {
        let register = try await TestRegister(backend)
        defer { register.remove() }
        try await register.appendEveryKind()
        let before = try await Self.snapshot(register.store)
        let tampering = change.tampering(before.events)
        await #expect(throws: (any Error).self, "\(tampering.testDescription)") { try await register.tamperer.apply(tampering) }
        #expect(try await Self.snapshot(register.another()) == before)
        #expect(try await register.store.schemaDamage().isEmpty)
        // The guards refused it, not the change itself: without them it goes through.
        try await register.tamperer.tamper([tampering])
        #expect(try await Self.snapshot(register.another()) != before)
    }

    /// Guards dropped are reported as damage to the schema (not to a table), and are gone once put back.
    @Test(arguments: StoreBackend.allCases)
    func droppedGuardsAreSchemaDamageUntilPutBack(_ backend: StoreBackend) async throws {
        let register = try await TestRegister(backend)
        defer { register.remove() }
        try await register.appendEveryKind()
        let tamperer = register.tamperer
        try await tamperer.dropGuards()
        let damage = try await register.store.schemaDamage()
        #expect(!damage.isEmpty)
        #expect(damage.allSatisfy { !$0.isTable })
        // Without them, the change goes through.
        try await tamperer.apply(.changeChainHash(event: 1, to: String(repeating: "f", count: 64)))
        try await tamperer.restoreGuards()
        #expect(try await register.store.schemaDamage().isEmpty)
        await #expect(throws: (any Error).self) {
            try await tamperer.apply(.changeChainHash(event: 2, to: String(repeating: "f", count: 64)))
        }
        let verification = try await LedgerVerification.verify(register.store, chain: register.store.chain, anchors: [])
        #expect(verification.breaks.first?.events == [1], "\(verification.breaks)")
    }

    /// A table dropped is damage to the schema naming a table, and what needs it is refused as a corrupt
    /// register rather than answered from what is left.
    @Test(arguments: StoreBackend.allCases, StoredTable.allCases)
    func aMissingTableIsSchemaDamageAndItsReadsAreRefused(_ backend: StoreBackend, _ table: StoredTable) async throws {
        let register = try await TestRegister(backend)
        defer { register.remove() }
        try await register.appendEveryKind()
        try await register.tamperer.tamper(.dropTable(table))
        let store = try await register.another()
        let damage = try await store.schemaDamage()
        #expect(damage.filter(\.isTable).count == 1, "\(damage)")
        if table == .documents {
            await #expect(throws: CorruptRegister.self) { try await store.document(sha256: sha256Hex(Self.agreementBytes)) }
        } else {
            await #expect(throws: CorruptRegister.self) {
                try await LedgerVerification.verify(store, chain: store.chain, anchors: [])
            }
        }
    }

    // MARK: - Tampering found

    /// What someone without the key can do with the guards dropped (and put back), and the break
    /// `ledger verify` and the audit's replay must report: the events named, and a phrase of the message.
    enum Damage: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case anEditedEvent, aRemovedEvent, swappedEvents, anEventAppendedWithoutTheKey, anEventChainedWithTheKeyThatIsNotARecord,
            aChainRecomputedWithAnotherKey, aTransfersSubjectChunkRemoved, aTransfersSubjectChunkChanged,
            aSubjectChunkAddedToAnEventThatIsNoTransfer, anEventsKindColumnChanged

        var testDescription: String { rawValue }

        func tampering(_ rows: [StoredEventRow], chain: LedgerChain) -> [Tampering] {
            let last = rows.last!
            switch self {
            case .anEditedEvent:
                // The last letter of the operator's name in event 5 made the next one ("test" made "tesu"): still a
                // record, no longer the chained one.
                let body = rows[4].body
                let name = Array(RegisterEvent(bytes: body)!.recordedBy.utf8)
                let at = body.indices.first { Array(body[$0...].prefix(name.count)) == name }!
                var edited = body
                edited[at + name.count - 1] += 1
                return [.changeBody(event: 5, to: edited)]
            case .aRemovedEvent:
                return [.deleteEvent(5)]
            case .swappedEvents:
                return [.changeBody(event: 3, to: rows[3].body), .changeBody(event: 4, to: rows[2].body)]
            case .anEventAppendedWithoutTheKey:
                var row = last
                row.sequence += 1
                row.chainHash = String(repeating: "ab", count: 32)
                return [.insertEvent(row)]
            case .anEventChainedWithTheKeyThatIsNotARecord:
                // The magic line, then a key whose length prefix runs past the end, chained with the register's key.
                let body = Array("consign/event/v1\n".utf8) + [0, 0, 0, 4] + Array("kind".utf8) + [0, 0, 1, 0] + Array("trans".utf8)
                let hash = chain.hash(previous: [UInt8](hex: last.chainHash)!, sequence: last.sequence + 1, body: body)
                return [
                    .insertEvent(
                        StoredEventRow(sequence: last.sequence + 1, kind: "transfer", contractor: "x", body: body, chainHash: hash.hex))
                ]
            case .aChainRecomputedWithAnotherKey:
                var previous = [UInt8](repeating: 0, count: 32)
                return rows.map { row in
                    let message = previous + (0..<8).map { UInt8(truncatingIfNeeded: UInt64(row.sequence) >> (56 - 8 * $0)) } + row.body
                    previous = hmacSHA256(key: [UInt8](repeating: 7, count: 32), message: message)
                    return .changeChainHash(event: row.sequence, to: hexString(previous))
                }
            case .aTransfersSubjectChunkRemoved:
                return [.deleteSubjectChunks(event: 7)]
            case .aTransfersSubjectChunkChanged:
                var hashes = RegisterStoreContractTests.smallSubjects
                hashes[9] &+= 1
                return [.changeFirstSubjectChunk(event: 6, to: hashes)]
            case .aSubjectChunkAddedToAnEventThatIsNoTransfer:
                return [.insertSubjectChunk(event: 5, hashes: [1, 2])]
            case .anEventsKindColumnChanged:
                var row = rows[4]
                row.kind = "contractor-evaluated"
                return [.deleteEvent(5), .insertEvent(row)]
            }
        }

        /// The events of the first break, and a phrase of its message.
        var expected: (events: [Int], saying: String) {
            switch self {
            case .anEditedEvent: ([5], "event 5 does not match its chain hash")
            case .aRemovedEvent: ([4, 6], "events 5…5 are missing")
            case .swappedEvents: ([3], "event 3 does not match")
            case .anEventAppendedWithoutTheKey: ([12], "event 12 does not match")
            case .anEventChainedWithTheKeyThatIsNotARecord: ([12], "event 12 does not decode")
            case .aChainRecomputedWithAnotherKey: ([1], "event 1 does not match")
            case .aTransfersSubjectChunkRemoved: ([7], "the subject hashes stored with transfer")
            case .aTransfersSubjectChunkChanged: ([6], "the subject hashes stored with transfer")
            case .aSubjectChunkAddedToAnEventThatIsNoTransfer: ([5], "subject hashes are stored with event 5, which records no transfer")
            case .anEventsKindColumnChanged: ([5], "a column beside the record was changed")
            }
        }
    }

    @Test(arguments: StoreBackend.allCases, Damage.allCases)
    func tamperingIsFoundByTheVerificationAndByTheAuditsReplay(_ backend: StoreBackend, _ damage: Damage) async throws {
        let register = try await TestRegister(backend)
        defer { register.remove() }
        try await register.appendEveryKind()
        let rows = try await Self.rows(register.store)
        try await register.tamperer.tamper(damage.tampering(rows, chain: register.store.chain))
        #expect(try await register.store.schemaDamage().isEmpty)
        let store = try await register.another()
        let (events, saying) = damage.expected
        let verified = try await LedgerVerification.verify(store, chain: store.chain, anchors: [])
        let replayed = try await store.replay(verifying: store.chain, anchors: [])
        for verification in [verified, replayed] {
            let found = verification.breaks.first
            #expect(found?.events == events, "\(verification.breaks)")
            #expect(found?.message.contains(saying) == true, "\(verification.breaks)")
        }
        #expect(verified.breaks == replayed.breaks)
    }

    @Test(arguments: StoreBackend.allCases)
    func anUntouchedRegisterIsIntactAgainstItsAnchor(_ backend: StoreBackend) async throws {
        let register = try await TestRegister(backend)
        defer { register.remove() }
        try await register.appendEveryKind()
        let head = try await register.store.ledgerHead()
        let anchor = LedgerAnchor(count: head.count, hash: try #require(head.hash), source: "the anchor")
        let store = try await register.another()
        for verification in [
            try await LedgerVerification.verify(store, chain: store.chain, anchors: [anchor]),
            try await store.replay(verifying: store.chain, anchors: [anchor]),
        ] {
            #expect(verification.breaks.isEmpty, "\(verification.breaks)")
            #expect(verification.count == 11 && verification.head == head.hash)
        }
        // The replay that verified is the register the next command reads.
        #expect(try await store.register().eventCount == 11)
    }

    /// The newest events removed with every row beside them leave a valid chain: only an anchor (or a
    /// package's manifest) taken before tells.
    @Test(arguments: StoreBackend.allCases)
    func removingTheNewestEventsIsCaughtByTheAnchor(_ backend: StoreBackend) async throws {
        let register = try await TestRegister(backend)
        defer { register.remove() }
        try await register.appendEveryKind()
        let head = try await register.store.ledgerHead()
        let anchor = LedgerAnchor(count: head.count, hash: try #require(head.hash), source: "the anchor")
        var removal: [Tampering] = []
        for event in [11, 10] {
            removal += DerivedTable.allCases.map { .deleteDerivedRows($0, event: event) }
            removal += [.deleteSubjectChunks(event: event), .deleteEvent(event)]
        }
        try await register.tamperer.tamper(removal)
        let store = try await register.another()
        let alone = try await LedgerVerification.verify(store, chain: store.chain, anchors: [])
        #expect(alone.breaks.isEmpty && alone.count == 9, "\(alone.breaks)")
        for verification in [
            try await LedgerVerification.verify(store, chain: store.chain, anchors: [anchor]),
            try await store.replay(verifying: store.chain, anchors: [anchor]),
        ] {
            #expect(verification.breaks.map(\.events) == [[9, 11]], "\(verification.breaks)")
            #expect(verification.breaks.first?.message.contains("the newest events were removed") == true, "\(verification.breaks)")
        }
    }

    // MARK: - Derived rows

    /// The rows commands read instead of replaying the chain, made from the chain again, are the stored
    /// rows, row for row, and their digests are the store's.
    @Test(arguments: StoreBackend.allCases)
    func theDerivedRowsAreWhatTheChainSays(_ backend: StoreBackend) async throws {
        let register = try await TestRegister(backend)
        defer { register.remove() }
        try await register.appendEveryKind()
        let store = register.store
        let rebuilt = DerivedRows(merging: try await store.readLedger(after: 0) { DerivedRowsReader() }.flatMap { $0 })
        let stored = try await register.tamperer.storedDerivedRows()
        #expect(stored.sorted == rebuilt.sorted)
        #expect(stored.transfers.count == 2 && stored.deletions.count == 1 && stored.stopUse.count == 2)
        #expect(stored.subjectIndex.count == Self.smallSubjects.count)
        var digests = DerivedDigests()
        digests.add(rebuilt, hasher: store.chain.derivedHasher)
        #expect(try await store.derivedDigests(store.chain.derivedHasher, through: .max) == digests)
    }

    /// A derived row removed, added or changed beside the chain is a break, named by its table.
    enum DerivedDamage: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case stopUseRowsRemoved, subjectIndexRowAdded, transferRowChanged, deletionRowMoved, subjectIndexRowsOfATransferRemoved

        var testDescription: String { rawValue }

        var tampering: Tampering {
            switch self {
            case .stopUseRowsRemoved: .deleteDerivedRows(.stopUse, event: nil)
            case .subjectIndexRowAdded: .insertSubjectIndexRow(subject: 0x0011_2233_4455_6677, event: 6)
            case .transferRowChanged: .changeTransferRowSubjects(event: 7, to: 4_999)
            case .deletionRowMoved: .changeDeletionRowEvent(transfer: "T-small", to: 9)
            case .subjectIndexRowsOfATransferRemoved: .deleteDerivedRows(.subjectIndex, event: 6)
            }
        }

        var table: String {
            switch self {
            case .stopUseRowsRemoved: "stop-use"
            case .subjectIndexRowAdded, .subjectIndexRowsOfATransferRemoved: "subject index"
            case .transferRowChanged: "transfers"
            case .deletionRowMoved: "deletion"
            }
        }
    }

    @Test(arguments: StoreBackend.allCases, DerivedDamage.allCases)
    func aDerivedRowChangedBesideTheChainIsABreak(_ backend: StoreBackend, _ damage: DerivedDamage) async throws {
        let register = try await TestRegister(backend)
        defer { register.remove() }
        try await register.appendEveryKind()
        try await register.tamperer.tamper(damage.tampering)
        let store = try await register.another()
        for verification in [
            try await LedgerVerification.verify(store, chain: store.chain, anchors: []),
            try await store.replay(verifying: store.chain, anchors: []),
        ] {
            #expect(verification.breaks.count == 1, "\(verification.breaks)")
            #expect(
                verification.breaks.first?.message.contains(
                    "the register's \(damage.table) rows, which commands read instead of replaying the chain, are not what the chain says"
                ) == true, "\(verification.breaks)")
        }
    }
}
