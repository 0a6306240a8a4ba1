import ConsignCore
import ConsignKeys
import ConsignStore
import ConsignXML
import Foundation

/// Procurement's work on the register: registering contractor profiles and agreement versions, changing
/// a contractor's status, and recording evaluations. Every act is an appended event.
public struct Procurement: Sendable {
    public let workspace: Workspace
    public let store: any RegisterStore
    public let clock: WallClock
    public let recordedBy: String

    public init(workspace: Workspace, store: any RegisterStore, clock: WallClock, recordedBy: String) {
        self.workspace = workspace
        self.store = store
        self.clock = clock
        self.recordedBy = recordedBy
    }

    /// What registering a document did.
    public struct Registration: Sendable {
        public var registration: DocumentRegistration
        /// False when the same bytes were already registered (nothing appended).
        public var appended: Bool
        public var event: RecordedEvent?
        /// Warnings about the document (e.g. a missing clause); registration went ahead.
        public var warnings: [Diagnostic]
    }

    /// Registers a contractor profile version from `file`.
    public func addContractor(file url: URL) async throws -> Registration {
        try await register(url, schema: .contractor)
    }

    /// Registers an agreement version from `file`; the contractor must be registered first.
    public func addAgreement(file url: URL) async throws -> Registration {
        try await register(url, schema: .agreement)
    }

    private func register(_ url: URL, schema: BuiltInSchema) async throws -> Registration {
        let candidate = try WorkspaceDocuments.load(url, in: workspace, accepting: [schema])
        guard let (kind, registration) = candidate.registrable else { fatalError("only profiles and agreements register") }
        let payload: RegisterEvent.Payload =
            kind == .contractor ? .contractorRegistered(registration) : .agreementRegistered(registration)
        let catalog = try WorkspaceDocuments.load(workspace).catalog()
        // The register's rules first (the store checks them again inside its write transaction), so that
        // a refusal is not hidden behind the cross-reference errors it causes.
        let register = try await store.standing()
        if case .alreadyRegistered(let existing) = try register.admit(payload) {
            return Registration(registration: existing.registration, appended: false, event: nil, warnings: [])
        }
        // The cross-reference rules, with the register as it would be after this registration.
        let registered = try await RegisteredDocuments.load(register, from: store)
        var set = DocumentSet(catalog: catalog)
        switch candidate.document {
        case .contractor(let profile):
            set.contractors = registered.latestProfiles.values.filter { $0.document.id != profile.id }
                + [Sourced(profile, file: candidate.file, line: candidate.line)]
            set.agreements = registered.agreements
        case .agreement(let agreement):
            set.contractors = Array(registered.latestProfiles.values)
            set.agreements = registered.agreements + [Sourced(agreement, file: candidate.file, line: candidate.line)]
        default:
            break
        }
        let diagnostics = CrossReferences.diagnose(set).filter { $0.file == candidate.file }
        let errors = diagnostics.filter { $0.severity == .error }
        if !errors.isEmpty { throw InputError(errors) }
        switch try await store.append(payload, by: recorder, documents: [candidate.bytes], subjects: [], commit: nil) {
        case .appended(let recorded):
            return Registration(registration: registration, appended: true, event: recorded, warnings: diagnostics)
        case .alreadyRegistered(let existing):
            return Registration(registration: existing.registration, appended: false, event: nil, warnings: diagnostics)
        }
    }

    /// Suspends, reinstates or terminates a contractor from `on` (default today).
    @discardableResult
    public func changeStatus(
        of contractor: String, to status: ContractorStatus, on date: CalendarDate?, note: String
    ) async throws -> RecordedEvent {
        let on = try date ?? today()
        let change = StatusChange(contractor: contractor, status: status, on: on, note: note)
        return try await store.record(.statusChanged(change), by: recorder)
    }

    /// Records an evaluation; with `evidence`, the SHA-256 of that file's bytes.
    @discardableResult
    public func evaluate(
        _ contractor: String, kind: Evaluation.Kind, result: Evaluation.Result, on date: CalendarDate?,
        evidence: URL?, note: String
    ) async throws -> RecordedEvent {
        let on = try date ?? today()
        let proof = try evidence.map { url throws(InputError) in try workspace.evidence(url) }
        let evaluation = Evaluation(contractor: contractor, kind: kind, result: result, on: on, evidence: proof, note: note)
        return try await store.record(.evaluated(evaluation), by: recorder)
    }

    /// Records the contractor's certificate that a transfer's data was deleted or returned on `on` (default
    /// today), with the SHA-256 of the certificate file.
    @discardableResult
    public func confirmDeletion(of transferID: String, on date: CalendarDate?, certificate: URL, note: String)
        async throws -> RecordedEvent
    {
        let register = try await store.standing(with: [.transfersNamed([transferID])])
        guard let transfer = register.transfer(transferID)?.value else {
            throw InputError(Message.unknown(.transfer, id: transferID, known: try await store.transferIDs()).text())
        }
        let proof = Evaluation.Evidence(
            file: workspace.displayPath(certificate), sha256: sha256Hex(try workspace.read(certificate)))
        let confirmation = DeletionConfirmation(
            transfer: transferID, contractor: transfer.contractor, on: try date ?? today(), certificate: proof, note: note)
        return try await store.record(.deletionConfirmed(confirmation), by: recorder)
    }

    /// Records a report received from a contractor on `on` (default today), with the SHA-256 of its file.
    @discardableResult
    public func recordReport(of contractor: String, on date: CalendarDate?, file: URL, note: String) async throws -> RecordedEvent {
        let evidence = try workspace.evidence(file)
        let report = ContractorReport(contractor: contractor, on: try date ?? today(), evidence: evidence, note: note)
        return try await store.record(.contractorReported(report), by: recorder)
    }

    /// Who records procurement's events, timed by its clock.
    var recorder: Recorder { Recorder(name: recordedBy, clock: clock) }

    /// Today in the workspace's time zone.
    public func today() throws -> CalendarDate { try workspace.today(clock) }
}
