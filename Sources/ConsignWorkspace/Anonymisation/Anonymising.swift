import ConsignCore
import ConsignKeys
import ConsignPipeline
import ConsignStore
import Foundation

/// What staff ask `consign anonymise` for.
public struct AnonymiseRequest: Sendable {
    public var task: String
    /// The third party that receives the records; nil keeps them in the company.
    public var contractor: String?
    public var source: ExtractSource
    public var out: URL
    public var recordedBy: String

    public init(task: String, contractor: String?, source: ExtractSource, out: URL, recordedBy: String) {
        self.task = task
        self.contractor = contractor
        self.source = source
        self.out = out
        self.recordedBy = recordedBy
    }
}

/// Released anonymised records: the recorded release, its notices, where its folder is, and what was read.
public struct AnonymiseResult: Sendable {
    public var release: Recorded<AnonymisedRelease>
    public var notices: [Recorded<AnonymisedNotice>]
    public var folder: URL
    public var counts: AnonymisationCounts

    /// The one line `consign anonymise` ends with.
    public var summary: String {
        let r = release.value
        return AnonymisationText.released(
            id: r.id, published: thousands(counts.published), rows: thousands(counts.rows), records: thousands(counts.records),
            suppressed: thousands(counts.suppressed), k: r.achievedK, l: r.l == 0 ? nil : r.achievedL, folder: folder.path,
            event: release.sequence
        ).text()
    }
}

public enum AnonymiseOutcome: Sendable {
    case released(AnonymiseResult)
    /// The task may not make (or provide) its records today; nothing was read or written.
    case refused(task: String, contractor: String?, on: CalendarDate, reasons: [PlanReason])
}

extension Staff {
    /// Makes an anonymised-data task's records from the source (the row scope applied, people on the stop-use list
    /// left out; `Anonymiser`), writes them with their manifest and the notices APPI Art. 43 requires into a new
    /// folder under `out`, and records the notices and then the release in one append: the creation notice (Art.
    /// 43(3)) and, for a contractor, the public notice of the provision and the statement to the recipient (Art.
    /// 43(4)). A refusal or an input error leaves `out` and the register as they were.
    public func anonymise(_ request: AnonymiseRequest) async throws -> AnonymiseOutcome {
        let keys = try workspace.keys()
        let hasher = try keys.subjectHasher()
        let documents = WorkspaceDocuments.load(workspace)
        let catalog = try documents.catalog()
        let task = try documents.task(request.task, in: workspace)
        let errors = CrossReferences.diagnose(DocumentSet(catalog: catalog, tasks: [task])).filter { $0.severity == .error }
        if !errors.isEmpty { throw InputError(errors) }
        guard let anonymised = task.document.anonymised else {
            throw InputError(AnonymisationText.notAnAnonymisedTask(task.document.id).text(), file: task.file)
        }
        guard case .file(let url, let sourceName) = request.source else { throw InputError(StatisticsText.tableSourceNotRead.text()) }

        let on = try workspace.today(clock)
        let snapshot = try await RegisterSnapshot.read(store, today: on)
        let planRequest = PlanRequest(
            catalog: catalog.document, task: task.document,
            contractor: try request.contractor.map { id throws(InputError) in try snapshot.contractor(id) } ?? ContractorRecord(id: ""),
            agreements: request.contractor.map { snapshot.agreementHistories(of: $0) } ?? [], on: on)
        let (agreement, reasons) = Planner.releaseStanding(planRequest, published: request.contractor == nil)
        guard reasons.isEmpty else {
            return .refused(task: task.document.id, contractor: request.contractor, on: on, reasons: reasons)
        }

        // The fields read: the subject key, the row scope's and the columns'.
        var fieldIDs = [catalog.document.subjectKey]
        for id in RowFilter.fields(of: task.document.rowScope) + anonymised.columns.map(\.fieldForm.field) where !fieldIDs.contains(id) {
            fieldIDs.append(id)
        }
        let fields = fieldIDs.map { catalog.document.field($0)! }
        let position = Dictionary(uniqueKeysWithValues: fieldIDs.enumerated().map { ($1, $0) })
        let source: any RecordSource =
            url.pathExtension.lowercased() == "xml"
            ? try XMLRecordSource(url: url, displayName: sourceName, needed: fields)
            : try CSVRecordSource(url: url, displayName: sourceName, needed: fields)
        let anonymiser = Anonymiser(
            columns: anonymised.columns.map { column in
                Anonymiser.Column(
                    position: position[column.fieldForm.field]!, role: column.role,
                    ladder: (column.role == .quasiIdentifier ? column.ladder : [column.fieldForm.form]).map {
                        FieldTransform(form: $0, pseudonymKey: nil, asOf: on)
                    },
                    topCode: column.topCode, bottomCode: column.bottomCode, mergeBelow: column.mergeBelow)
            },
            k: anonymised.k, l: anonymised.l, maxSuppressedPercent: anonymised.maxSuppressedPercent,
            randomIDs: anonymised.randomID != nil,
            rowFilter: RowFilter(task.document.rowScope, dated: catalog.document.provisionConsentFields, on: on) { position[$0]! },
            subjectPosition: 0, hasher: hasher, stopUse: Set(try await store.stopUseSubjects()))
        let output: Anonymiser.Output
        do {
            output = try anonymiser.run(source)
        } catch let unreachable as Anonymiser.Unreachable {
            guard unreachable.rows > 0 else { throw InputError(AnonymisationText.nothingInScope.text(), file: sourceName) }
            throw InputError(
                AnonymisationText.cannotReach(
                    k: anonymised.k, l: anonymised.l, leastSuppressed: unreachable.leastSuppressed, rows: unreachable.rows,
                    percent: anonymised.maxSuppressedPercent
                ).text(), file: task.file, line: anonymised.line)
        }
        let items = anonymised.columns.enumerated().map { c, column in
            AnonymisedRelease.Item(name: column.name, fieldForm: FieldForm(column.fieldForm.field, column.ladder[output.steps[c]]))
        }

        // The folder is made under a hidden name and renamed into place once the release is recorded.
        let id = Staff.newID("A", on: on)
        let destination = request.out.appending(path: id)
        let temporary = request.out.appending(path: ".\(id).partial")
        if FileManager.default.fileExists(atPath: destination.path) {
            throw InputError(StatisticsText.releaseAlreadyThere.text(), file: destination.path)
        }
        do {
            try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        } catch {
            throw InputError("\(error.localizedDescription)", file: temporary.path)
        }
        do {
            func written(_ name: String, _ bytes: [UInt8]) throws -> StatisticsRelease.File {
                try AtomicFile.write(bytes, to: temporary.appending(path: name))
                return StatisticsRelease.File(name: name, sha256: sha256Hex(bytes))
            }
            let header = (anonymised.randomID.map { [$0] } ?? []) + anonymised.columns.map(\.name)
            let data = try written(AnonymisedFiles.dataName, AnonymisedFiles.csv(header: header, rows: output.rows))
            let company = catalog.document.company.name
            let contractor = request.contractor ?? ""
            func notice(_ kind: AnonymisedNotice.Kind) throws -> AnonymisedNotice {
                let file = try written(
                    AnonymisedFiles.noticeName(kind),
                    AnonymisedFiles.notice(kind, company: company, contractor: contractor, on: on, release: id, items: items))
                return AnonymisedNotice(
                    kind: kind, release: id, task: task.document.id, taskVersion: task.document.version,
                    contractor: kind == .creation ? "" : contractor, on: on, items: items, files: [file])
            }
            let notices = try [notice(.creation)] + (request.contractor == nil ? [] : [notice(.provision), notice(.recipient)])
            let release = AnonymisedRelease(
                id: id, task: task.document.id, taskVersion: task.document.version, taskSHA256: sha256Hex(documents.loaded(task).bytes),
                catalogSHA256: sha256Hex(documents.loaded(catalog).bytes), contractor: contractor,
                agreement: agreement?.id ?? "", agreementVersion: agreement?.version ?? 0, on: on, records: output.counts.records,
                rows: output.counts.rows, suppressed: output.counts.suppressed, k: anonymised.k, achievedK: output.achievedK,
                l: anonymised.l ?? 0, achievedL: output.achievedL, items: items, files: [data] + notices.flatMap(\.files), note: "")
            let readThrough = snapshot.register.eventCount
            let calendar = try WallClock.calendar(timeZone: catalog.document.company.timeZone)
            let manifest = temporary.appending(path: AnonymisedFiles.manifestName)
            let counts = output.counts
            let recorded = try await store.append(
                notices.map(RegisterEvent.Payload.anonymisedNotice) + [.anonymisedReleased(release)],
                by: Recorder(name: request.recordedBy, clock: clock),
                documents: [documents.loaded(catalog).bytes, documents.loaded(task).bytes],
                recheck: { register, time in
                    if let moved = register.releaseMoved(
                        to: contractor, request: planRequest, readThrough: readThrough, calendar: calendar, at: time)
                    {
                        throw Refusal(AnonymisationText.releaseMoved(release: id, readThrough: readThrough, moved).text())
                    }
                },
                beforeCommit: { recorded in
                    try AtomicFile.write(
                        AnonymisedFiles.manifest(Recorded(release, recorded.last!), notices: recorded.dropLast(), counts: counts),
                        to: manifest)
                    try syncDirectory(temporary)
                })
            try FileManager.default.moveItem(at: temporary, to: destination)
            return .released(
                AnonymiseResult(
                    release: Recorded(release, recorded.last!), notices: zip(notices, recorded).map { Recorded($0, $1) },
                    folder: destination, counts: counts))
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}
