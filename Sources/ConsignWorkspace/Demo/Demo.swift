import ConsignCore
import ConsignPipeline
import ConsignPostgres
import ConsignStore
import Foundation

/// `consign demo`: the main job end to end on the example workspace, in a new directory, on the embedded
/// SQLite register or a shared one (`database`): procurement's registrations and evaluations, staff's plans
/// and a refusal, and an extract for every example task that has a plan, from generated customers, with a
/// stop-use request honoured. On PostgreSQL each part runs as the login `logins` names for its role (else
/// as the URL's user), as the people who do it would.
public struct Demo: Sendable {
    public let workspace: Workspace
    public let clock: WallClock
    public let recordedBy: String
    package let logins: [Role: String]

    package init(
        directory: URL, clock: WallClock, recordedBy: String, database: String? = nil, logins: [Role: String] = [:]
    ) {
        workspace = Workspace(root: directory, databaseURL: database)
        self.clock = clock
        self.recordedBy = recordedBy
        self.logins = logins
    }

    /// The register as the role's login opens it: the workspace's own store, unless the register is on a
    /// server and the role has a login of its own.
    private func store(_ role: Role, else store: any RegisterStore) async throws -> any RegisterStore {
        guard let login = logins[role], case .postgres(var location) = try workspace.registerDatabase() else { return store }
        location.user = login
        return try await Workspace(root: workspace.root, databaseURL: location.url).openRegister()
    }

    /// Runs the demo, printing what it does through `say`.
    public func run(say: (String) -> Void) async throws {
        let root = workspace.root
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: root.path), !entries.isEmpty {
            throw InputError(DemoText.notEmpty.text(), file: root.path)
        }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try ExampleWorkspace.write(to: root) { _ in true }
        let (opened, _) = try await workspace.initialize()
        say(DemoText.workspace(directory: root.path).text())
        let store = try await self.store(.procurement, else: opened)

        let check = try await WorkspaceCheck.run(workspace, store: store)
        say("")
        say(DemoText.checked(documents: check.documentCount).text())
        for diagnostic in check.diagnostics { say(diagnostic.description) }
        say(
            DemoText.checkCounts(
                errors: check.errors.count, warnings: check.warnings.count, unregistered: check.unregistered.count
            ).text())
        guard check.errors.isEmpty else { throw InputError(check.errors) }

        let procurement = Procurement(workspace: workspace, store: store, clock: clock, recordedBy: recordedBy)
        say("")
        say(DemoText.registrationsHeading.text())
        for file in check.unregistered.sorted(by: { ($0.kind == .contractor ? 0 : 1, $0.file) < ($1.kind == .contractor ? 0 : 1, $1.file) }) {
            let url = root.appending(path: file.file)
            let done = file.kind == .contractor
                ? try await procurement.addContractor(file: url) : try await procurement.addAgreement(file: url)
            let r = done.registration
            say(
                DemoText.registered(
                    file.kind, id: r.documentID, version: r.version, sha256: r.sha256, event: done.event?.sequence ?? 0
                ).text())
        }

        let today = try procurement.today()
        let home = try WorkspaceDocuments.load(workspace).catalog().document.company.homeCountry
        let registered = try await RegisterSnapshot.read(store, today: today)
        say("")
        say(DemoText.evaluationsHeading.text())
        for id in registered.register.contractors.keys.sorted() {
            let histories = registered.agreementHistories(of: id)
            let inForce = histories.compactMap { $0.inForce(on: today) }
            if !inForce.isEmpty {
                try await procurement.evaluate(
                    id, kind: .selection, result: .pass, on: today, evidence: nil,
                    note: DemoText.selectionNote.text())
                say(DemoText.passed(contractor: id, .selection, on: today).text())
                if inForce.contains(where: { !$0.foreignCountries(home: home).isEmpty }) {
                    try await procurement.evaluate(
                        id, kind: .foreignBasis, result: .pass, on: today, evidence: nil,
                        note: DemoText.foreignBasisNote.text())
                    say(DemoText.passed(contractor: id, .foreignBasis, on: today).text())
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
                note: DemoText.selectedBeforeFirstAgreement.text())
            try await procurement.changeStatus(
                of: id, to: .terminated, on: end, note: DemoText.contractEnded.text())
            say(DemoText.former(contractor: id, selectedOn: start.adding(days: -14), terminatedOn: end).text())
        }

        let snapshot = try await RegisterSnapshot.read(store, today: today)
        let contractors = snapshot.register.contractors.keys.sorted().compactMap { ContractorView($0, in: snapshot) }
        say("")
        say(DemoText.contractorList(on: today).text())
        say(ContractorView.table(contractors))
        say("")
        say(DemoText.agreementList.text())
        say(AgreementView.table(snapshot.documents.agreements.map { AgreementView($0.document, in: snapshot) }))

        let staff = Staff(workspace: workspace, store: try await self.store(.staff, else: opened), clock: clock)
        say("")
        say(DemoText.planning(task: "prize-shipping", contractor: "hayate-transport").text())
        say(PlanView(try await staff.plan(task: "prize-shipping", contractor: "hayate-transport", on: nil)).text)
        say("")
        say(DemoText.provision(task: "ad-audience-matching", contractor: "linkad-network").text())
        say(PlanView(try await staff.plan(task: "ad-audience-matching", contractor: "linkad-network", on: nil)).text)
        say("")
        say(DemoText.refusal(task: "prize-shipping", contractor: "hoshizora-toys").text())
        say(PlanView(try await staff.plan(task: "prize-shipping", contractor: "hoshizora-toys", on: nil)).text)
        try await extractEveryPlannableTask(staff: staff, privacy: try await self.store(.privacy, else: opened), today: today, say: say)
        try await recordDisclosureUnderLaw(staff: staff, today: today, say: say)
        try await recordRequests(privacy: try await self.store(.privacy, else: opened), say: say)
        say("")
        say(DemoText.ready(directory: root.path).text())
    }

    /// Records three people's requests, each answered the same day: a disclosure, with its letter; a correction,
    /// told to every recipient; and a request to stop providing the data to third parties.
    private func recordRequests(privacy: any RegisterStore, say: (String) -> Void) async throws {
        let office = PrivacyOffice(workspace: workspace, store: privacy, clock: clock, recordedBy: recordedBy)
        let letters = workspace.root.appending(path: "letters")
        try FileManager.default.createDirectory(at: letters, withIntermediateDirectories: true)
        say("")
        say(DemoText.requests.text())
        for (subject, kind, fields) in [
            ("C00000005", SubjectRequest.Kind.disclose, [String]()), ("C00000008", .correct, ["address.street"]),
            ("C00000011", .stopProvision, []),
        ] {
            let proof = letters.appending(path: "identity-\(subject).txt")
            try Data(DemoText.identityProof(subject: subject).text().utf8).write(to: proof)
            let request = try await office.request(
                RequestInput(subjectKey: subject, kind: kind, received: nil, identityEvidence: proof, fields: fields, note: ""))
            say(request.recordedText)
            for recipient in request.recipients {
                let notice = try await office.notified(request: request.id, contractor: recipient.contractor, on: nil, note: "")
                say(RequestText.noticeRecorded(id: request.id, contractor: recipient.contractor, on: notice.value.on, event: notice.sequence).text())
            }
            var letter: URL?
            if kind == .disclose {
                letter = letters.appending(path: "disclosure-\(subject).html")
                try AtomicFile.write(Array(try await office.disclosureLetter(subjectKey: subject).html.utf8), to: letter!)
            }
            let answer = try await office.answer(request: request.id, on: nil, note: DemoText.answered(kind).text(), letter: letter)
            say(RequestText.answerRecorded(id: request.id, on: answer.value.on, event: answer.sequence).text())
        }
    }

    /// Records by hand a disclosure to the police under law (APPI Art. 27(1)(i)) of one customer's contact details.
    private func recordDisclosureUnderLaw(staff: Staff, today: CalendarDate, say: (String) -> Void) async throws {
        let subjects = workspace.root.appending(path: "data/police-inquiry-subjects.txt")
        try Data("C00000007\n".utf8).write(to: subjects)
        let reference = DemoText.disclosureReference.text()
        var made = TransferByHand(
            contractor: "shibuya-police", task: "legal-disclosure", on: today,
            forms: ["customer.id", "person.name", "contact.email", "contact.phone"].map { FieldForm($0, .keep) }, rows: 1,
            files: [], subjects: subjects, subContractors: [], note: DemoText.disclosureNote.text(), recordedBy: recordedBy,
            channel: .handDelivery)
        made.exception = (.law, legalReference: reference)
        made.recipient = (name: "Shibuya Police Station (渋谷警察署)", address: "2-4-2 Shibuya, Shibuya-ku, Tokyo 150-0002", representative: DemoText.disclosureOfficer.text())
        say("")
        say(DemoText.disclosure(contractor: "shibuya-police", subjectsFile: "data/police-inquiry-subjects.txt").text())
        let recorded = try await staff.record(made)
        say(DemoText.disclosed(transfer: recorded.value.id, event: recorded.sequence + 1, reference: reference).text())
    }

    /// Generates sample customers, records one stop-use request, and extracts every example task for the
    /// first contractor (by id) that has a plan for it.
    private func extractEveryPlannableTask(
        staff: Staff, privacy: any RegisterStore, today: CalendarDate, say: (String) -> Void
    ) async throws {
        let data = workspace.root.appending(path: "data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let customers = data.appending(path: "customers.csv")
        let bytes = try workspace.writeSampleCustomers(rows: 1000, to: customers, seed: 1)
        say("")
        say(DemoText.sampleCustomers(rows: 1000, file: "data/customers.csv", bytes: thousands(bytes)).text())
        let office = PrivacyOffice(workspace: workspace, store: privacy, clock: clock, recordedBy: recordedBy)
        let recorded = try await office.stopUse(
            subjectKey: "C00000002", reason: DemoText.stopUseReason.text(), on: today, entry: .received(identityEvidence: nil))
        let stop = recorded.first { $0.event.kind == "subject-stop-use" }!
        say(DemoText.stoppedUse(subject: "C00000002", event: stop.sequence).text())
        say("")
        say(DemoText.extracting(source: "data/customers.csv", out: "extracts").text())
        let snapshot = try await RegisterSnapshot.read(staff.store, today: today)
        let tasks = WorkspaceDocuments.load(workspace).tasks.map(\.document)
        for task in tasks.filter({ $0.statistics == nil && $0.anonymised == nil }).sorted(by: { $0.id < $1.id }) {
            for contractor in snapshot.register.contractors.keys.sorted() {
                // A refusal writes nothing: the first contractor with a plan gets the extract (a courier's layout: CSV).
                let request = ExtractRequest(
                    task: task.id, contractor: contractor, source: .file(customers, name: "data/customers.csv"),
                    out: workspace.root.appending(path: "extracts"), formats: task.importProfile == nil ? [.csv, .xml] : [.csv],
                    recordedBy: recordedBy)
                guard case .extracted(let result) = try await staff.extract(request) else { continue }
                say(
                    DemoText.extracted(
                        task: task.id, contractor: contractor, rows: thousands(result.counts.scope.rows),
                        records: thousands(result.counts.scope.records), stopped: thousands(result.counts.scope.stopped),
                        sent: result.transfer.value.forms.map(\.description),
                        package: "extracts/\(result.transfer.value.id)", event: result.transfer.sequence
                    ).text())
                break
            }
        }
        say("")
        say(DemoText.releasingStatistics(source: "data/customers.csv", out: "statistics").text())
        for task in tasks.filter({ $0.statistics != nil }).map(\.id).sorted() {
            // Once to the statistics vendor that computes these figures from records today, once published.
            for contractor in ["nordstat", nil] as [String?] {
                let request = StatsRequest(
                    task: task, contractor: contractor, source: .file(customers, name: "data/customers.csv"),
                    out: workspace.root.appending(path: "statistics"), formats: [.csv, .xml], recordedBy: recordedBy)
                guard case .released(let result) = try await staff.releaseStatistics(request) else { continue }
                say(DemoText.released(task: task, contractor: contractor, summary: result.summary).text())
            }
        }
        say("")
        say(DemoText.anonymising(source: "data/customers.csv", out: "anonymised").text())
        for task in tasks.filter({ $0.anonymised != nil }).map(\.id).sorted() {
            let request = AnonymiseRequest(
                task: task, contractor: "nordstat", source: .file(customers, name: "data/customers.csv"),
                out: workspace.root.appending(path: "anonymised"), recordedBy: recordedBy)
            guard case .released(let result) = try await staff.anonymise(request) else { continue }
            say(DemoText.released(task: task, contractor: "nordstat", summary: result.summary).text())
        }
    }
}
