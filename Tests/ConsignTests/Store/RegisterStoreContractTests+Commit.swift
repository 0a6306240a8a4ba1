import ConsignCore
import ConsignKeys
import ConsignStore
import ConsignWorkspace
import Foundation
import Testing

/// The commit-time re-check of a transfer, on every backend: a plan is made on one connection, another
/// connection (another process) appends an event, and the transfer's append on the first re-checks the plan
/// against the register as it stands inside its own write transaction. (`CommitRecheckTests` drives the
/// same through the CLI, pausing a real extract.)
extension RegisterStoreContractTests {
    /// The example workspace's documents: what a plan for prize-shipping by hayate-transport rests on.
    struct PlanningDocuments {
        let catalog: Catalog
        let task: TaskTemplate
        let documents: [LoadedDocument]
        let agreements: [Agreement]

        init() throws {
            let contents = WorkspaceDocuments.load(Workspace(root: repositoryRoot))
            catalog = try contents.catalog().document
            task = try #require(contents.tasks.map(\.document).first { $0.id == "prize-shipping" })
            documents = contents.documents
            agreements = contents.agreements.map(\.document).filter { $0.contractor == "hayate-transport" }
        }

        /// The profiles of hayate-transport and sakura-mailing and hayate-transport's agreements, as registered.
        var registrations: [(payload: RegisterEvent.Payload, bytes: [UInt8])] {
            // Profiles first: an agreement names a contractor already registered.
            documents.sorted { ($0.registrable?.kind == .contractor ? 0 : 1) < ($1.registrable?.kind == .contractor ? 0 : 1) }
            .compactMap { document in
                guard let (kind, registration) = document.registrable,
                    ["hayate-transport", "sakura-mailing"].contains(registration.contractor),
                    kind == .contractor || registration.contractor == "hayate-transport"
                else { return nil }
                return (kind == .contractor ? .contractorRegistered(registration) : .agreementRegistered(registration), document.bytes)
            }
        }
    }

    /// Something another writer records between the plan and the commit.
    enum Intervening: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case aStopUseRequestOfASubjectSent, anErasureRequestOfASubjectSent, aSuspension, aTermination, aFailedEvaluation,
            aNewAgreementVersion, aNewProfileVersion
        case aSuspensionOfAnotherContractor, aStopUseRequestOfASubjectNotSent, aPassedEvaluation

        var testDescription: String { rawValue }

        static let refusing: [Intervening] = [
            .aStopUseRequestOfASubjectSent, .anErasureRequestOfASubjectSent, .aSuspension, .aTermination, .aFailedEvaluation,
            .aNewAgreementVersion, .aNewProfileVersion,
        ]
        static let unrelated: [Intervening] = [.aSuspensionOfAnotherContractor, .aStopUseRequestOfASubjectNotSent, .aPassedEvaluation]

        var payload: RegisterEvent.Payload {
            let r = RegisterStoreContractTests.self
            let today = r.today
            return switch self {
            case .aStopUseRequestOfASubjectSent:
                .stopUse(StopUse(subject: r.hex(r.smallSubjects[2]), on: today, reason: "asked by phone"))
            case .anErasureRequestOfASubjectSent:
                .stopUse(StopUse(subject: r.hex(r.smallSubjects[2]), on: today, reason: "asked by e-mail", request: .erasure))
            case .aSuspension:
                .statusChanged(StatusChange(contractor: "hayate-transport", status: .suspended, on: today, note: "report overdue"))
            case .aTermination:
                .statusChanged(StatusChange(contractor: "hayate-transport", status: .terminated, on: today, note: "breach"))
            case .aFailedEvaluation:
                .evaluated(Evaluation(contractor: "hayate-transport", kind: .periodic, result: .fail, on: today, note: "audit failed"))
            case .aNewAgreementVersion:
                .agreementRegistered(r.registration("hayate-transport", "AG-2024-011", version: 3, bytes: Array("<v3/>".utf8)))
            case .aNewProfileVersion:
                .contractorRegistered(r.registration("hayate-transport", "hayate-transport", version: 2, bytes: Array("<v2/>".utf8)))
            case .aSuspensionOfAnotherContractor:
                .statusChanged(StatusChange(contractor: "sakura-mailing", status: .suspended, on: today, note: "report overdue"))
            case .aStopUseRequestOfASubjectNotSent:
                .stopUse(StopUse(subject: r.hex(r.largeSubjects[0]), on: today, reason: "asked"))
            case .aPassedEvaluation:
                .evaluated(Evaluation(contractor: "hayate-transport", kind: .periodic, result: .pass, on: today, note: "fine"))
            }
        }

        /// What the refusal says.
        var reason: String {
            switch self {
            case .aStopUseRequestOfASubjectSent, .anErasureRequestOfASubjectSent:
                "since then 1 of the subjects it sends asked to stop the use of their data (event 6"
            case .aSuspension: "contractor hayate-transport is suspended since \(RegisterStoreContractTests.today)"
            case .aTermination: "contractor hayate-transport is terminated since \(RegisterStoreContractTests.today)"
            case .aFailedEvaluation:
                "the latest evaluation of contractor hayate-transport (periodic on \(RegisterStoreContractTests.today)) failed"
            case .aNewAgreementVersion: "agreement AG-2024-011 version 3 was registered since (event 6"
            case .aNewProfileVersion: "version 2 of the profile of contractor hayate-transport was registered since (event 6"
            case .aSuspensionOfAnotherContractor, .aStopUseRequestOfASubjectNotSent, .aPassedEvaluation: ""
            }
        }
    }

    /// A register on `backend` with hayate-transport selected under AG-2024-011 (events 1–5), and a plan
    /// for prize-shipping by it read through event 5.
    static func planned(_ backend: StoreBackend) async throws -> (register: TestRegister, transfer: Transfer, basis: TransferBasis) {
        let register = try await TestRegister(backend)
        let documents = try PlanningDocuments()
        for (payload, bytes) in documents.registrations {
            _ = try await register.store.append(payload, by: recorder, documents: [bytes], subjects: [], commit: nil)
        }
        _ = try await register.store.record(
            .evaluated(Evaluation(contractor: "hayate-transport", kind: .selection, result: .pass, on: CalendarDate("2024-03-01")!, note: "")),
            by: recorder)
        let standing = try await register.store.standing()
        try #require(standing.eventCount == 5)
        let request = PlanRequest(
            catalog: documents.catalog, task: documents.task, contractor: try #require(standing.contractors["hayate-transport"]),
            agreements: [AgreementHistory(versions: documents.agreements)], on: today)
        guard case .plan(let plan) = Planner.plan(request) else {
            Issue.record("no plan for prize-shipping by hayate-transport: \(Planner.plan(request))")
            throw CancellationError()
        }
        let agreement = plan.agreement
        let planned = transfer(
            "T-20261118-0000000a", subjects: smallSubjects,
            agreement: .init(id: agreement.id, version: agreement.version, sha256: String(repeating: "4", count: 64)))
        let basis = TransferBasis.plan(
            PlanBasis(
                request: request, agreement: (agreement.id, agreement.version), readThrough: standing.eventCount,
                calendar: try WallClock.calendar(timeZone: documents.catalog.company.timeZone)))
        return (register, planned, basis)
    }

    @Test(arguments: StoreBackend.allCases, Intervening.refusing)
    func anEventAnotherWriterAppendsSinceThePlanRefusesTheTransferAtItsCommit(
        _ backend: StoreBackend, _ intervening: Intervening
    ) async throws {
        let (register, transfer, basis) = try await Self.planned(backend)
        defer { register.remove() }
        _ = try await register.another().append(intervening.payload, by: Self.recorder, documents: [], subjects: [], commit: nil)
        let ran = Flag()
        let error = await #expect(throws: Refusal.self) {
            try await register.store.append(
                .transfer(transfer), by: Self.recorder, documents: [Array("<catalog/>".utf8)], subjects: Self.smallSubjects,
                commit: TransferCommit(basis: basis) { _ in ran.set() })
        }
        #expect(error?.reason.contains(intervening.reason) == true, "\(String(describing: error))")
        #expect(!ran.isSet, "the step before the commit ran for a refused transfer")
        // The register holds the intervening event and nothing of the transfer.
        let store = try await register.another()
        #expect(try await store.ledgerHead().count == 6)
        #expect(try await store.transferIDs().isEmpty)
        #expect(try await store.document(sha256: sha256Hex(Array("<catalog/>".utf8))) == nil)
        #expect(try await store.readEvents([.transfersHolding(Self.smallSubjects[0])]) { RowReader() }.events.isEmpty)
    }

    @Test(arguments: StoreBackend.allCases, Intervening.unrelated)
    func anEventThatTakesNothingFromThePlanLeavesTheTransferToCommit(_ backend: StoreBackend, _ intervening: Intervening) async throws {
        let (register, transfer, basis) = try await Self.planned(backend)
        defer { register.remove() }
        _ = try await register.another().append(intervening.payload, by: Self.recorder, documents: [], subjects: [], commit: nil)
        let seen = Box<RecordedEvent>()
        guard
            case .appended(let recorded) = try await register.store.append(
                .transfer(transfer), by: Self.recorder, documents: [], subjects: Self.smallSubjects,
                commit: TransferCommit(basis: basis) { seen.set($0) })
        else {
            Issue.record("transfer not appended")
            return
        }
        // The step before the commit saw the event as recorded, after the other writer's.
        #expect(recorded.sequence == 7)
        #expect(seen.value == recorded)
        let store = try await register.another()
        #expect(try await store.ledgerHead().hash == recorded.chainHash)
        #expect(try await store.transferIDs() == [transfer.id])
    }

    /// The step before the commit (writing the package's manifest) failing leaves nothing recorded.
    @Test(arguments: StoreBackend.allCases)
    func aStepBeforeTheCommitThatFailsLeavesNothingRecorded(_ backend: StoreBackend) async throws {
        let (register, transfer, basis) = try await Self.planned(backend)
        defer { register.remove() }
        struct ManifestNotWritten: Error {}
        let seen = Box<RecordedEvent>()
        await #expect(throws: ManifestNotWritten.self) {
            try await register.store.append(
                .transfer(transfer), by: Self.recorder, documents: [], subjects: Self.smallSubjects,
                commit: TransferCommit(basis: basis) { event in
                    seen.set(event)
                    throw ManifestNotWritten()
                })
        }
        #expect(seen.value?.sequence == 6)
        let store = try await register.another()
        #expect(try await store.ledgerHead().count == 5)
        #expect(try await store.transferIDs().isEmpty)
        #expect(try await LedgerVerification.verify(store, chain: store.chain, anchors: []).breaks.isEmpty)
        // The same transfer commits afterwards, as event 6.
        guard
            case .appended(let recorded) = try await register.store.append(
                .transfer(transfer), by: Self.recorder, documents: [], subjects: Self.smallSubjects, commit: TransferCommit(basis: basis))
        else {
            Issue.record("transfer not appended")
            return
        }
        #expect(recorded.sequence == 6)
    }

    /// A transfer recorded by hand is never refused for a violation, but one derived from agreements that
    /// another writer has since amended is stale: derived again from the register as it now stands.
    @Test(arguments: StoreBackend.allCases)
    func aTransferRecordedByHandIsStaleWhenAnAgreementWasRegisteredSince(_ backend: StoreBackend) async throws {
        let (register, transfer, _) = try await Self.planned(backend)
        defer { register.remove() }
        var byHand = transfer
        byHand.origin = .recorded
        let basis = TransferBasis.recordedByHand(contractor: "hayate-transport", readThrough: 5)
        _ = try await register.another().append(Intervening.aSuspension.payload, by: Self.recorder, documents: [], subjects: [], commit: nil)
        // A suspension is no reason to refuse a record of what happened.
        guard
            case .appended(let recorded) = try await register.store.append(
                .transfer(byHand), by: Self.recorder, documents: [], subjects: Self.smallSubjects, commit: TransferCommit(basis: basis))
        else {
            Issue.record("transfer not appended")
            return
        }
        #expect(recorded.sequence == 7)
        _ = try await register.another().append(
            Intervening.aNewAgreementVersion.payload, by: Self.recorder, documents: [], subjects: [], commit: nil)
        byHand.id = "T-20261118-0000000b"
        let stale = await #expect(throws: StaleTransferBasis.self) {
            try await register.store.append(
                .transfer(byHand), by: Self.recorder, documents: [], subjects: Self.smallSubjects, commit: TransferCommit(basis: basis))
        }
        #expect(stale?.event == 8)
        #expect(try await register.another().ledgerHead().count == 8)
    }
}

/// Set once by a step that runs inside a store's transaction, read by the test after it.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}

/// A value handed out of a step that runs inside a store's transaction.
final class Box<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value?
    func set(_ value: Value) { lock.withLock { stored = value } }
    var value: Value? { lock.withLock { stored } }
}

extension RegisterStoreContractTests {
    /// Signs a transfer's package as the extract does, with a placeholder signature over its chain hash.
    static func signer(of transfer: Transfer) -> @Sendable (RecordedEvent) throws -> PackageSignature {
        { recorded in
            PackageSignature(
                transfer: transfer.id, contractor: transfer.contractor, manifestSHA256: recorded.chainHash,
                signature: "-----BEGIN SSH SIGNATURE-----\n-----END SSH SIGNATURE-----\n")
        }
    }

    /// A package's signature is the next event, in the same transaction as its transfer: both, one after the
    /// other with one time and operator, or neither when the step before the commit fails; on its own it is
    /// refused.
    @Test(arguments: StoreBackend.allCases)
    func aTransferAndItsSignatureCommitTogetherOrNotAtAll(_ backend: StoreBackend) async throws {
        let (register, transfer, basis) = try await Self.planned(backend)
        defer { register.remove() }
        let sign = Self.signer(of: transfer)
        struct ManifestNotWritten: Error {}
        await #expect(throws: ManifestNotWritten.self) {
            try await register.store.append(
                .transfer(transfer), by: Self.recorder, documents: [], subjects: Self.smallSubjects,
                commit: TransferCommit(basis: basis, beforeCommit: { _ in throw ManifestNotWritten() }, sign: sign))
        }
        #expect(try await register.another().ledgerHead().count == 5)
        let seen = Box<RecordedEvent>()
        guard
            case .appended(let recorded) = try await register.store.append(
                .transfer(transfer), by: Self.recorder, documents: [], subjects: Self.smallSubjects,
                commit: TransferCommit(basis: basis, beforeCommit: { seen.set($0) }, sign: sign))
        else {
            Issue.record("transfer not appended")
            return
        }
        // The step before the commit and the result are the transfer; its signature follows it.
        #expect(recorded.sequence == 6 && seen.value == recorded)
        let store = try await register.another()
        let events = try await store.events()
        #expect(events.map(\.event.kind).suffix(2) == ["transfer", "package-signature"])
        #expect(events.last?.event.recordedAt == recorded.event.recordedAt && events.last?.event.recordedBy == recorded.event.recordedBy)
        guard case .packageSigned(let signature) = events.last?.event.payload else { return }
        #expect(signature.manifestSHA256 == recorded.chainHash)
        #expect(try await LedgerVerification.verify(store, chain: store.chain, anchors: []).breaks.isEmpty)
        // A signature on its own is not the transfer's: refused.
        await #expect(throws: Refusal.self) {
            try await register.store.record(.packageSigned(signature), by: Self.recorder)
        }
    }
}

extension RegisterStoreContractTests {
    /// The record of a provision (APPI Art. 29) is appended after its transfer and its package's signature, in the
    /// same transaction: all three or none; on its own, or a second one, it is refused.
    @Test(arguments: StoreBackend.allCases)
    func aProvisionAndItsRecordCommitTogetherOrNotAtAll(_ backend: StoreBackend) async throws {
        let (register, transfer, basis) = try await Self.planned(backend)
        defer { register.remove() }
        let sign = Self.signer(of: transfer)
        let provision = ProvisionRecord(
            transfer: transfer.id, contractor: transfer.contractor, basis: .consent, consentField: "consent.prize",
            recipientName: "Recipient Co.", recipientAddress: "Tokyo", recipientRepresentative: "CEO", recipientPurposes: "its own")
        struct ManifestNotWritten: Error {}
        await #expect(throws: ManifestNotWritten.self) {
            try await register.store.append(
                .transfer(transfer), by: Self.recorder, documents: [], subjects: Self.smallSubjects,
                commit: TransferCommit(basis: basis, beforeCommit: { _ in throw ManifestNotWritten() }, sign: sign, provision: provision))
        }
        #expect(try await register.another().ledgerHead().count == 5)
        guard
            case .appended(let recorded) = try await register.store.append(
                .transfer(transfer), by: Self.recorder, documents: [], subjects: Self.smallSubjects,
                commit: TransferCommit(basis: basis, sign: sign, provision: provision))
        else {
            Issue.record("transfer not appended")
            return
        }
        #expect(recorded.sequence == 6)
        let store = try await register.another()
        let events = try await store.events()
        #expect(events.map(\.event.kind).suffix(3) == ["transfer", "package-signature", "provision-record"])
        #expect(events.last?.event.recordedAt == recorded.event.recordedAt)
        guard case .provisionRecorded(let stored) = events.last?.event.payload else { return }
        #expect(stored == provision)
        #expect(try await LedgerVerification.verify(store, chain: store.chain, anchors: []).breaks.isEmpty)
        #expect(try await store.register().provisionRecords[transfer.id]?.value == provision)
        // Not on its own, and not twice.
        await #expect(throws: Refusal.self) {
            try await register.store.record(.provisionRecorded(provision), by: Self.recorder)
        }
    }
}
