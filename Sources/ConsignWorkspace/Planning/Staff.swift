import ConsignCore
import ConsignStore
import ConsignXML
import Foundation

/// Staff's work: the minimum necessary field set for a task, a contractor and a date.
public struct Staff: Sendable {
    public let workspace: Workspace
    public let store: any RegisterStore
    public let clock: WallClock

    public init(workspace: Workspace, store: any RegisterStore, clock: WallClock) {
        self.workspace = workspace
        self.store = store
        self.clock = clock
    }

    /// A plan or a refusal, with the SHA-256 of the registered agreement it rests on, and the exact catalog
    /// and task template it used.
    public struct Planned: Sendable {
        public var outcome: PlanOutcome
        public var agreementSHA256: String?
        public var catalog: LoadedDocument
        public var task: LoadedDocument
        public var snapshot: RegisterSnapshot
        /// What the planner was given, for the re-check when the transfer commits.
        public var request: PlanRequest
    }

    /// Plans `task` for `contractor` on `date` (default today). Unknown ids and documents with errors are
    /// input errors, as `consign check` reports them.
    /// `encrypted`: whether the transfer would go encrypted (an extract says; nil for a plan only looked at).
    public func plan(task taskID: String, contractor contractorID: String, on date: CalendarDate?, encrypted: Bool? = nil)
        async throws -> Planned
    {
        let documents = WorkspaceDocuments.load(workspace)
        let catalog = try documents.catalog()
        let task = try documents.task(taskID, in: workspace)
        if task.document.statistics != nil {
            throw InputError(StatisticsText.statisticsTaskHasNoPlan(taskID).text(), file: task.file)
        }
        if task.document.anonymised != nil {
            throw InputError(AnonymisationText.anonymisedTaskHasNoPlan(taskID).text(), file: task.file)
        }
        let errors = CrossReferences.diagnose(DocumentSet(catalog: catalog, tasks: [task]))
            .filter { $0.severity == .error }
        if !errors.isEmpty { throw InputError(errors) }
        let on = try date ?? workspace.today(clock)
        let snapshot = try await RegisterSnapshot.read(store, today: on)
        let contractor = try snapshot.contractor(contractorID)
        let request = PlanRequest(
            catalog: catalog.document, task: task.document, contractor: contractor,
            profile: snapshot.documents.latestProfiles[contractorID]?.document, agreements: snapshot.agreementHistories(of: contractorID), on: on,
            encrypted: encrypted)
        let outcome = Planner.plan(request)
        let agreement: Agreement? =
            switch outcome {
            case .plan(let plan): plan.agreement
            case .refused(let diagnosis): diagnosis.agreement
            }
        return Planned(
            outcome: outcome, agreementSHA256: agreement.flatMap { snapshot.registration(of: $0)?.registration.sha256 },
            catalog: documents.loaded(catalog),
            task: documents.loaded(task), snapshot: snapshot, request: request)
    }
}
