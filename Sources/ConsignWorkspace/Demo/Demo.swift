import ConsignCore
import ConsignStore
import Foundation

/// `consign demo`: the main job end to end on the example workspace, in a new directory, on the embedded
/// SQLite register. It grows with each capability; today it shows procurement's work.
public struct Demo: Sendable {
    public let workspace: Workspace
    public let clock: Clock
    public let recordedBy: String

    public init(directory: URL, clock: Clock, recordedBy: String) {
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
        say("")
        say("== Procurement records the selection evaluations, the yearly foreign-basis check and a termination")
        for id in ["aozora-research", "hayate-transport", "hikari-mail", "kizuna-contact", "linkad-network", "nordstat", "sakura-mailing"] {
            try await procurement.evaluate(
                id, kind: .selection, result: .pass, on: today, evidence: nil,
                note: "selection checklist: security measures, Privacy Mark/ISMS, data handling")
            say("evaluated \(id): selection pass on \(today)")
        }
        try await procurement.evaluate(
            "nordstat", kind: .foreignBasis, result: .pass, on: today, evidence: nil,
            note: "yearly check: EU adequacy decision still in force; processing stays in DE")
        say("evaluated nordstat: foreign-basis pass on \(today)")
        try await procurement.evaluate(
            "tsubame-print", kind: .selection, result: .pass, on: CalendarDate("2021-03-15")!, evidence: nil,
            note: "selected before the 2021 mailing contract")
        try await procurement.changeStatus(
            of: "tsubame-print", to: .terminated, on: CalendarDate("2025-03-31")!,
            note: "mailing contract ended; all data returned")
        say("terminated tsubame-print on 2025-03-31 (its agreement AG-2021-004 expired that day)")

        let snapshot = try await RegisterSnapshot.read(store, today: today)
        let contractors = snapshot.register.contractors.keys.sorted().compactMap { ContractorView($0, in: snapshot) }
        say("")
        say("== consign contractor list (on \(today))")
        say(ContractorView.table(contractors))
        say("")
        say("== consign agreement list")
        say(AgreementView.table(snapshot.documents.agreements.map { AgreementView($0.document, in: snapshot) }))
        say("")
        say("The workspace is registered and ready. Try, in \(root.path):")
        say("  consign check")
        say("  consign contractor show hayate-transport")
        say("  consign agreement show AG-2024-011 --format json")
        say("  consign contractor suspend sakura-mailing --note \"pending re-evaluation\"")
        say("  consign contractor evaluate kizuna-contact --kind periodic --result pass --evidence FILE --note \"yearly review\"")
    }
}
