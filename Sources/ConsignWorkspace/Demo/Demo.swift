import ConsignCore
import ConsignStore
import Foundation

/// `consign demo`: the main job end to end on the example workspace, in a new directory, on the embedded
/// SQLite register: procurement's registrations and evaluations, staff's plans and a refusal, and an extract
/// for every example task that has a plan, from generated customers, with a stop-use request honoured.
public struct Demo: Sendable {
    public let workspace: Workspace
    public let clock: WallClock
    public let recordedBy: String

    public init(directory: URL, clock: WallClock, recordedBy: String) {
        workspace = Workspace(root: directory)
        self.clock = clock
        self.recordedBy = recordedBy
    }

    /// Runs the demo, printing what it does through `say`.
    public func run(say: (String) -> Void) async throws {
        let root = workspace.root
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: root.path), !entries.isEmpty {
            throw InputError(
                "the demo needs a new or empty directory; this one is not empty (choose another: consign demo DIR)",
                file: root.path)
        }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try ExampleWorkspace.write(to: root) { _ in true }
        let (_, store) = try workspace.initialize()
        say("== A workspace: the example's documents in \(root.path), a new master key and register in .consign/")

        let check = try await WorkspaceCheck.run(workspace, store: store)
        say("")
        say("== consign check: \(check.documentCount) documents validated against the built-in schemas")
        for diagnostic in check.diagnostics { say(diagnostic.description) }
        say(
            "\(counted(check.errors.count, "error")), \(counted(check.warnings.count, "warning")); "
                + "\(counted(check.unregistered.count, "file")) not yet registered")
        guard check.errors.isEmpty else { throw InputError(check.errors) }

        let procurement = Procurement(workspace: workspace, store: store, clock: clock, recordedBy: recordedBy)
        say("")
        say("== Procurement registers the contractors' profiles and their agreements (exact bytes, SHA-256)")
        for file in check.unregistered.sorted(by: { ($0.kind == .contractor ? 0 : 1, $0.file) < ($1.kind == .contractor ? 0 : 1, $1.file) }) {
            let url = root.appending(path: file.file)
            let done = file.kind == .contractor
                ? try await procurement.addContractor(file: url) : try await procurement.addAgreement(file: url)
            let r = done.registration
            say("registered \(file.kind.rawValue) \(r.documentID) v\(r.version)  sha256 \(r.sha256.prefix(16))…  event \(done.event?.sequence ?? 0)")
        }

        let today = try procurement.today()
        let home = try WorkspaceDocuments.load(workspace).catalog().document.company.homeCountry
        let registered = try await RegisterSnapshot.read(store, today: today)
        say("")
        say("== Procurement records the selection evaluations, the yearly foreign-basis checks and terminations")
        for id in registered.register.contractors.keys.sorted() {
            let histories = registered.agreementHistories(of: id)
            let inForce = histories.compactMap { $0.inForce(on: today) }
            if !inForce.isEmpty {
                try await procurement.evaluate(
                    id, kind: .selection, result: .pass, on: today, evidence: nil,
                    note: "selection checklist: security measures, certification, handling rules")
                say("evaluated \(id): selection pass on \(today)")
                if inForce.contains(where: { !$0.foreignCountries(home: home).isEmpty }) {
                    try await procurement.evaluate(
                        id, kind: .foreignBasis, result: .pass, on: today, evidence: nil,
                        note: "yearly check of the basis for the transfer abroad (APPI Art. 28)")
                    say("evaluated \(id): foreign-basis pass on \(today)")
                }
                continue
            }
            // A former contractor: selected before its first agreement, terminated when the last one ended.
            let versions = histories.flatMap(\.versions)
            guard let start = versions.map(\.effectiveFrom).min(), let end = versions.map(\.effectiveTo).max(),
                end < today
            else { continue }
            try await procurement.evaluate(
                id, kind: .selection, result: .pass, on: start.adding(days: -14), evidence: nil,
                note: "selected before its first agreement")
            try await procurement.changeStatus(
                of: id, to: .terminated, on: end, note: "contract ended; data returned")
            say("evaluated \(id): selection pass on \(start.adding(days: -14)); terminated on \(end), when its last agreement ended")
        }

        let snapshot = try await RegisterSnapshot.read(store, today: today)
        let contractors = snapshot.register.contractors.keys.sorted().compactMap { ContractorView($0, in: snapshot) }
        say("")
        say("== consign contractor list (on \(today))")
        say(ContractorView.table(contractors))
        say("")
        say("== consign agreement list")
        say(AgreementView.table(snapshot.documents.agreements.map { AgreementView($0.document, in: snapshot) }))

        let staff = Staff(workspace: workspace, store: store, clock: clock)
        say("")
        say("== Staff asks for the minimum necessary field set: consign plan --task prize-shipping --contractor hayate-transport")
        say(PlanView(try await staff.plan(task: "prize-shipping", contractor: "hayate-transport", on: nil)).text)
        say("")
        say("== A refusal: consign plan --task ad-audience-matching --contractor linkad-network")
        say(PlanView(try await staff.plan(task: "ad-audience-matching", contractor: "linkad-network", on: nil)).text)
        try await extractEveryPlannableTask(staff: staff, store: store, today: today, say: say)
        say("")
        say("The workspace is registered and ready. Try, in \(root.path):")
        say("  consign check")
        say("  consign extract --task seminar-invitation-mailing --contractor sakura-mailing --source data/customers.csv --out extracts --format csv,xml")
        say("  consign ledger verify --anchor \"$(consign ledger head)\" --packages extracts")
        say("  consign plan --task statistics-abroad --contractor nordstat --format json")
        say("  consign plan --task prize-shipping --contractor hayate-transport --on 2025-06-01")
        say("  consign contractor show hayate-transport")
        say("  consign agreement show AG-2024-011 --format json")
        say("  consign contractor suspend sakura-mailing --note \"pending re-evaluation\"")
        say("  consign contractor evaluate kizuna-contact --kind periodic --result pass --evidence FILE --note \"yearly review\"")
    }

    /// Generates sample customers, records one stop-use request, and extracts every example task for the
    /// first contractor (by id) that has a plan for it.
    private func extractEveryPlannableTask(
        staff: Staff, store: SQLiteRegisterStore, today: CalendarDate, say: (String) -> Void
    ) async throws {
        let data = workspace.root.appending(path: "data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let customers = data.appending(path: "customers.csv")
        let bytes = try workspace.writeSampleCustomers(rows: 1000, to: customers, seed: 1)
        say("")
        say("== Sample customers: consign sample customers --rows 1000 --out data/customers.csv (\(thousands(bytes)) bytes)")
        let office = PrivacyOffice(workspace: workspace, store: store, clock: clock, recordedBy: recordedBy)
        let stop = try await office.stopUse(subjectKey: "C00000002", reason: "asked us to stop using their data", on: today)
        say("consign subject stop-use C00000002: recorded as event \(stop.sequence); every later extract leaves them out")
        say("")
        say("== Staff extracts every task that has a plan: consign extract --task T --contractor C --source data/customers.csv --out extracts --format csv,xml")
        let snapshot = try await RegisterSnapshot.read(store, today: today)
        for task in WorkspaceDocuments.load(workspace).tasks.map(\.document.id).sorted() {
            for contractor in snapshot.register.contractors.keys.sorted() {
                // A refusal writes nothing: the first contractor with a plan gets the extract.
                let request = ExtractRequest(
                    task: task, contractor: contractor, source: customers, sourceName: "data/customers.csv",
                    out: workspace.root.appending(path: "extracts"), formats: [.csv, .xml], recordedBy: recordedBy)
                guard case .extracted(let result) = try await staff.extract(request) else { continue }
                let sent = result.transfer.value.forms.map(\.description).joined(separator: ", ")
                say(
                    "\(task) → \(contractor): \(thousands(result.counts.rows)) of \(thousands(result.counts.records)) "
                        + "customers (\(result.counts.stopped) stopped), sending \(sent); "
                        + "package extracts/\(result.transfer.value.id)/, event \(result.transfer.sequence)")
                break
            }
        }
    }
}
