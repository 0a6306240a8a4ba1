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
    /// The encoding of `data.csv` (`--encoding`).
    public var encoding: CSVEncoding

    public init(
        task: String, contractor: String?, source: ExtractSource, out: URL, recordedBy: String, encoding: CSVEncoding = .utf8
    ) {
        self.task = task
        self.contractor = contractor
        self.source = source
        self.out = out
        self.recordedBy = recordedBy
        self.encoding = encoding
    }
}

/// Released anonymised records: the recorded release, where its folder is, and what was read.
public struct AnonymiseResult: Sendable {
    public var release: Recorded<AnonymisedRelease>
    public var folder: URL
    public var counts: ScopeCounts

    /// The one line `consign anonymise` ends with.
    public var summary: String {
        let r = release.value
        return AnonymisationText.released(
            id: r.id, published: thousands(r.rows - r.suppressed), rows: thousands(r.rows), records: thousands(r.records),
            suppressed: thousands(r.suppressed), k: r.achievedK, l: r.l == 0 ? nil : r.achievedL, folder: folder.path,
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
        let basis = try await releaseBasis(task: request.task, contractor: request.contractor)
        let task = basis.task
        guard let anonymised = task.document.anonymised else {
            throw InputError(AnonymisationText.notAnAnonymisedTask(task.document.id).text(), file: task.file)
        }
        guard basis.reasons.isEmpty else {
            return .refused(task: task.document.id, contractor: request.contractor, on: basis.on, reasons: basis.reasons)
        }

        let (records, sourceName, position) = try basis.open(request.source, fields: anonymised.columns.map(\.fieldForm.field))
        let anonymiser = Anonymiser(
            columns: anonymised.columns.map { column in
                Anonymiser.Column(
                    position: position[column.fieldForm.field]!, role: column.role,
                    ladder: (column.role == .quasiIdentifier ? column.ladder : [column.fieldForm.form]).map {
                        FieldTransform(form: $0, pseudonymKey: nil, asOf: basis.on)
                    },
                    topCode: column.topCode, bottomCode: column.bottomCode, mergeBelow: column.mergeBelow)
            },
            k: anonymised.k, l: anonymised.l, maxSuppressedPercent: anonymised.maxSuppressedPercent,
            randomIDs: anonymised.randomID != nil,
            scope: RowScopeGate(
                rowFilter: basis.rowFilter(position), hasher: basis.hasher, stopUse: Set(try await store.stopUseSubjects())))
        let output: Anonymiser.Output
        do {
            output =
                switch records {
                case .file(let file): try anonymiser.run(file)
                case .table(let table, let query): try await anonymiser.run(table, query)
                }
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

        let id = Staff.newID("A", on: basis.on)
        let folder = try ReleaseFolder(out: request.out, id: id, workspace: workspace)
        return try await folder.publish {
            let header = (anonymised.randomID.map { [$0] } ?? []) + anonymised.columns.map(\.name)
            let data = try folder.write(
                AnonymisedFiles.dataName,
                CSVTable.bytes(
                    header: header, rows: output.rows, encoding: request.encoding, file: "\(id)/\(AnonymisedFiles.dataName)"))
            let company = basis.catalog.document.company.name
            let contractor = request.contractor ?? ""
            // The recipient by its registered legal name (the events name it by its id).
            let recipient = basis.snapshot.documents.latestProfiles[contractor]?.document.legalName ?? contractor
            func notice(_ kind: AnonymisedNotice.Kind) throws -> AnonymisedNotice {
                let file = try folder.write(
                    AnonymisedFiles.noticeName(kind),
                    AnonymisedFiles.notice(kind, company: company, recipient: recipient, on: basis.on, release: id, items: items))
                return AnonymisedNotice(
                    kind: kind, release: id, task: task.document.id, taskVersion: task.document.version,
                    contractor: kind == .creation ? "" : contractor, on: basis.on, items: items, files: [file])
            }
            let notices = try [notice(.creation)] + (request.contractor == nil ? [] : [notice(.provision), notice(.recipient)])
            let release = AnonymisedRelease(
                id: id, task: task.document.id, taskVersion: task.document.version, taskSHA256: basis.taskSHA256,
                catalogSHA256: basis.catalogSHA256, contractor: contractor, agreement: basis.agreement?.id ?? "",
                agreementVersion: basis.agreement?.version ?? 0, on: basis.on, records: output.counts.records,
                rows: output.counts.rows, suppressed: output.suppressed, k: anonymised.k, achievedK: output.achievedK,
                l: anonymised.l ?? 0, achievedL: output.achievedL, items: items, files: [data] + notices.flatMap(\.files), note: "",
                stopped: output.counts.stopped)
            let readThrough = basis.snapshot.register.eventCount
            let counts = output.counts
            FaultInjection.point("anonymised-before-commit")
            let recorded = try await store.append(
                notices.map(RegisterEvent.Payload.anonymisedNotice) + [.anonymisedReleased(release)],
                by: Recorder(name: request.recordedBy, clock: clock), documents: basis.documentBytes,
                recheck: try basis.recheck(contractor: contractor, readThrough: readThrough) {
                    AnonymisationText.releaseMoved(release: id, readThrough: readThrough, $0).text()
                },
                beforeCommit: { recorded in
                    try AtomicFile.write(
                        AnonymisedFiles.manifest(Recorded(release, recorded.last!), notices: recorded.dropLast(), counts: counts,
                            csvEncoding: request.encoding),
                        to: folder.temporary.appending(path: AnonymisedFiles.manifestName))
                    try syncDirectory(folder.temporary)
                })
            let result = AnonymiseResult(release: Recorded(release, recorded.last!), folder: folder.destination, counts: counts)
            return (.released(result), recorded.last!.sequence)
        }
    }
}
