import ConsignCore
import ConsignKeys
import ConsignPipeline
import ConsignStore
import Foundation

/// What a release of data that names nobody — a statistical table (`consign stats`), anonymised records (`consign
/// anonymise`) — starts from: the workspace's documents with the task checked against the catalog, the day, the
/// register as read, and whether the task may release to the contractor (or publish) on that day.
struct ReleaseBasis {
    let hasher: SubjectHasher
    let documents: WorkspaceDocuments
    let catalog: Sourced<Catalog>
    let task: Sourced<TaskTemplate>
    let on: CalendarDate
    let snapshot: RegisterSnapshot
    let planRequest: PlanRequest
    /// The agreement the release goes under (nil when published), and why it may not go, if it may not.
    let agreement: Agreement?
    let reasons: [PlanReason]

    /// The exact bytes of the catalog and the task, stored with the release.
    var documentBytes: [[UInt8]] { [documents.loaded(catalog).bytes, documents.loaded(task).bytes] }
    var taskSHA256: String { sha256Hex(documents.loaded(task).bytes) }
    var catalogSHA256: String { sha256Hex(documents.loaded(catalog).bytes) }

    /// Opens what a release reads — a CSV or XML file (by its extension), or a database table — for the subject key,
    /// the row scope's fields and `fields`, each once: the records, the name messages give the source, and each
    /// field's position in what is read.
    func open(_ source: ExtractSource, fields: [String]) throws -> (records: ReleaseRecords, name: String, position: [String: Int]) {
        let catalog = catalog.document
        var ids = [catalog.subjectKey]
        for id in RowFilter.fields(of: task.document.rowScope) + fields where !ids.contains(id) { ids.append(id) }
        let needed = ids.map { catalog.field($0)! }
        let position = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        switch source {
        case .file(let url, let name):
            let file = try openRecordFile(url, displayName: name, needed: needed)
            FaultInjection.point("release-source-opened")
            return (.file(file), name, position)
        case .table(let text):
            let query = TableQuery(fields: needed, scope: task.document.rowScope, dated: catalog.provisionConsentFields, on: on)
            return (.table(try source.table(text), query), text, position)
        }
    }

    /// The task's row scope over a source opened by `open`.
    func rowFilter(_ position: [String: Int]) -> RowFilter {
        RowFilter(task.document.rowScope, dated: catalog.document.provisionConsentFields, on: on) { position[$0]! }
    }

    /// The re-check at the commit (`Register.releaseMoved`) as the append runs it: a refusal saying what moved.
    func recheck(
        contractor: String, readThrough: Int, refusal: @escaping @Sendable (StatisticsText.Moved) -> String
    ) throws -> @Sendable (Register, Timestamp) throws -> Void {
        let calendar = try WallClock.calendar(timeZone: catalog.document.company.timeZone)
        let request = planRequest
        return { register, time in
            if let moved = register.releaseMoved(
                to: contractor, request: request, readThrough: readThrough, calendar: calendar, at: time)
            {
                throw Refusal(refusal(moved))
            }
        }
    }
}

extension Staff {
    /// Reads what a release of `task` to `contractor` (nil: published, or kept in the company) starts from; a task
    /// the catalog refuses is an input error naming its file and line.
    func releaseBasis(task id: String, contractor: String?) async throws -> ReleaseBasis {
        let hasher = try workspace.keys().subjectHasher()
        let documents = WorkspaceDocuments.load(workspace)
        let catalog = try documents.catalog()
        let task = try documents.task(id, in: workspace)
        let errors = CrossReferences.diagnose(DocumentSet(catalog: catalog, tasks: [task])).filter { $0.severity == .error }
        if !errors.isEmpty { throw InputError(errors) }
        let on = try workspace.today(clock)
        let snapshot = try await RegisterSnapshot.read(store, today: on)
        let planRequest = PlanRequest(
            catalog: catalog.document, task: task.document,
            contractor: try contractor.map { id throws(InputError) in try snapshot.contractor(id) } ?? ContractorRecord(id: ""),
            agreements: contractor.map { snapshot.agreementHistories(of: $0) } ?? [], on: on)
        let (agreement, reasons) = Planner.releaseStanding(planRequest, published: contractor == nil)
        return ReleaseBasis(
            hasher: hasher, documents: documents, catalog: catalog, task: task, on: on, snapshot: snapshot,
            planRequest: planRequest, agreement: agreement, reasons: reasons)
    }
}

/// What a release reads, opened: a file with its header read, or a database table with the query of the fields the
/// release needs, looked at when it is read (before anything is written).
enum ReleaseRecords {
    case file(any RecordSource)
    case table(any TableSource, TableQuery)
}

/// The folder a release is written into: made under a hidden name (`.<id>.partial`) beside where it goes, and
/// renamed into place once the release is recorded, so that a folder under its id is always one the register holds;
/// `--out` is made when missing and removed again when the release fails.
/// A marker in `.consign/pending/` names it while it is on its way (`PendingPackage`): when the command dies, the
/// next one renames a recorded release's folder into place and removes one that was never recorded.
struct ReleaseFolder {
    let folder: PackageFolder
    var pending: PendingPackage { folder.pending }
    var destination: URL { pending.destination }
    var temporary: URL { pending.temporary }

    init(out: URL, id: String, workspace: Workspace) throws {
        let destination = out.appending(path: id)
        if FileManager.default.fileExists(atPath: destination.path) {
            throw InputError(StatisticsText.releaseAlreadyThere.text(), file: destination.path)
        }
        folder = try PackageFolder.create(in: out, id: id, hiddenName: ".\(id).partial", workspace: workspace)
    }

    /// Writes one file of the release and says what it holds.
    func write(_ name: String, _ bytes: [UInt8]) throws -> StatisticsRelease.File {
        try AtomicFile.write(bytes, to: temporary.appending(path: name))
        return StatisticsRelease.File(name: name, sha256: sha256Hex(bytes))
    }

    /// Runs `body`, which writes the files and records the release (returning its event's number), then renames
    /// the folder into place. If `body` throws, nothing of the release stays. Once it is recorded, a folder that
    /// cannot be renamed stays, with its marker, for the next command, and the error says so.
    func publish<T>(_ body: () async throws -> (result: T, event: Int)) async throws -> T {
        let recorded: (result: T, event: Int)
        do {
            recorded = try await body()
        } catch {
            folder.abandon()
            throw error
        }
        FaultInjection.point("release-after-commit")
        do {
            try PendingPackage.moveIntoPlace(temporary: temporary, destination: destination)
        } catch {
            throw InputError(
                PendingPackage.NotInPlace(
                    id: pending.marker.lastPathComponent, kind: .release, event: recorded.event, temporary: temporary,
                    destination: destination, reason: PendingPackage.NotInPlace.reason(error)
                ).message)
        }
        pending.end()
        return recorded.result
    }
}
