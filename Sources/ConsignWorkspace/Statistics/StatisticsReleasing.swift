import ConsignCore
import ConsignKeys
import ConsignPipeline
import ConsignStore
import Foundation

/// What staff ask `consign stats` for.
public struct StatsRequest: Sendable {
    public var task: String
    /// The contractor that receives the table; nil publishes it.
    public var contractor: String?
    public var source: ExtractSource
    public var out: URL
    public var formats: [ExtractFormat]
    public var recordedBy: String
    /// The branch-and-cut nodes the exact suppression may visit before it settles for the best pattern found.
    public var nodeLimit: Int

    /// Enough for every table of up to about 400 cells the benchmark draws (`Benchmarks/SuppressionBenchmark`).
    public static let defaultNodeLimit = 2_000

    public init(
        task: String, contractor: String?, source: ExtractSource, out: URL, formats: [ExtractFormat], recordedBy: String,
        nodeLimit: Int = StatsRequest.defaultNodeLimit
    ) {
        self.task = task
        self.contractor = contractor
        self.source = source
        self.out = out
        self.formats = formats
        self.recordedBy = recordedBy
        self.nodeLimit = nodeLimit
    }
}

/// A released table: its recorded release, where its folder is, and what was read.
public struct StatsResult: Sendable {
    public var release: Recorded<StatisticsRelease>
    public var folder: URL
    public var counts: TabulationCounts

    /// The one line `consign stats` ends with.
    public var summary: String {
        let r = release.value
        return StatisticsText.released(
            id: r.id, cells: r.cells, primary: r.primary, secondary: r.secondary, method: r.method, rows: thousands(counts.rows),
            records: thousands(counts.records), outOfScope: thousands(counts.outOfScope), stopped: thousands(counts.stopped),
            folder: folder.path, event: release.sequence
        ).text()
    }
}

public enum StatsOutcome: Sendable {
    case released(StatsResult)
    /// The task may not release its table (to the contractor) today; nothing was read or written.
    case refused(task: String, contractor: String?, on: CalendarDate, reasons: [PlanReason])
}

extension Staff {
    /// Tabulates a statistics task's table from the source (the row scope applied, people on the stop-use list left
    /// out), suppresses every cell the protection finds sensitive and the fewest complementary cells that protect
    /// them, writes the table and its manifest into a new folder under `out`, and records the release. A refusal or
    /// an input error leaves `out` and the register as they were.
    public func releaseStatistics(_ request: StatsRequest) async throws -> StatsOutcome {
        let keys = try workspace.keys()
        let hasher = try keys.subjectHasher()
        let documents = WorkspaceDocuments.load(workspace)
        let catalog = try documents.catalog()
        let task = try documents.task(request.task, in: workspace)
        let errors = CrossReferences.diagnose(DocumentSet(catalog: catalog, tasks: [task])).filter { $0.severity == .error }
        if !errors.isEmpty { throw InputError(errors) }
        guard let table = task.document.statistics else {
            if task.document.anonymised != nil {
                throw InputError(AnonymisationText.anonymisedTaskHasNoPlan(task.document.id).text(), file: task.file)
            }
            throw InputError(StatisticsText.notAStatisticsTask(task.document.id).text(), file: task.file)
        }
        guard case .file(let url, let sourceName) = request.source else { throw InputError(StatisticsText.tableSourceNotRead.text()) }

        let on = try workspace.today(clock)
        let snapshot = try await RegisterSnapshot.read(store, today: on)
        let planRequest = PlanRequest(
            catalog: catalog.document, task: task.document,
            contractor: try request.contractor.map { id throws(InputError) in try snapshot.contractor(id) } ?? ContractorRecord(id: ""),
            agreements: request.contractor.map { snapshot.agreementHistories(of: $0) } ?? [], on: on)
        let published = request.contractor == nil
        let (agreement, reasons) = Planner.releaseStanding(planRequest, published: published)
        guard reasons.isEmpty else {
            return .refused(task: task.document.id, contractor: request.contractor, on: on, reasons: reasons)
        }

        // The fields read: the subject key, the row scope's, the dimensions' and the summed fields.
        var fieldIDs = [catalog.document.subjectKey]
        for id in RowFilter.fields(of: task.document.rowScope) + table.dimensions.map(\.fieldForm.field) + table.summedFields
        where !fieldIDs.contains(id) {
            fieldIDs.append(id)
        }
        let fields = fieldIDs.map { catalog.document.field($0)! }
        let position = Dictionary(uniqueKeysWithValues: fieldIDs.enumerated().map { ($1, $0) })
        let source: any RecordSource =
            url.pathExtension.lowercased() == "xml"
            ? try XMLRecordSource(url: url, displayName: sourceName, needed: fields)
            : try CSVRecordSource(url: url, displayName: sourceName, needed: fields)
        let tabulator = Tabulator(
            dimensions: table.dimensions.map {
                (position[$0.fieldForm.field]!, FieldTransform(form: $0.fieldForm.form, pseudonymKey: nil, asOf: on))
            },
            summed: table.summedFields.map { position[$0]! }, largest: table.protection.dominance?.largest ?? 0,
            rowFilter: RowFilter(task.document.rowScope, dated: catalog.document.provisionConsentFields, on: on) { position[$0]! },
            subjectPosition: 0, hasher: hasher, stopUse: Set(try await store.stopUseSubjects()))
        let (tabulated, counts) = try tabulator.run(source)
        guard counts.rows > 0 else { throw InputError(StatisticsText.nothingInScope.text(), file: sourceName) }
        let minimum = table.protection.minimumFrequency ?? catalog.document.company.statistics.minimumFrequency
        let protected = tabulated.protect(
            margins: table.margins, minimumFrequency: minimum, dominance: table.protection.dominance, nodeLimit: request.nodeLimit)

        // The folder is made under a hidden name and renamed into place once the release is recorded.
        let id = Staff.newID("S", on: on)
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
            var files: [StatisticsRelease.File] = []
            for format in request.formats {
                let bytes =
                    switch format {
                    case .csv: ReleaseFiles.csv(protected, categories: tabulated.categories, statistics: table)
                    case .xml: ReleaseFiles.xml(protected, categories: tabulated.categories, statistics: table, release: id)
                    }
                try AtomicFile.write(bytes, to: temporary.appending(path: ReleaseFiles.fileName(format)))
                files.append(StatisticsRelease.File(name: ReleaseFiles.fileName(format), sha256: sha256Hex(bytes)))
            }
            let release = StatisticsRelease(
                id: id, task: task.document.id, taskVersion: task.document.version, taskSHA256: sha256Hex(documents.loaded(task).bytes),
                catalogSHA256: sha256Hex(documents.loaded(catalog).bytes), contractor: request.contractor ?? "",
                agreement: agreement?.id ?? "", agreementVersion: agreement?.version ?? 0, on: on, records: counts.records,
                rows: counts.rows, minimumFrequency: minimum, dominance: table.protection.dominance?.description ?? "",
                method: protected.method, cells: protected.positions.count,
                primary: protected.primary, secondary: protected.secondary, files: files, note: "")
            let readThrough = snapshot.register.eventCount
            let calendar = try WallClock.calendar(timeZone: catalog.document.company.timeZone)
            let manifest = temporary.appending(path: ReleaseFiles.manifestName)
            FaultInjection.point("statistics-before-commit")
            let recorded = try await store.append(
                [.statisticsReleased(release)], by: Recorder(name: request.recordedBy, clock: clock),
                documents: [documents.loaded(catalog).bytes, documents.loaded(task).bytes],
                recheck: { register, time in
                    if let moved = register.releaseMoved(
                        to: release.contractor, request: planRequest, readThrough: readThrough, calendar: calendar, at: time)
                    {
                        throw Refusal(StatisticsText.releaseMoved(release: release.id, readThrough: readThrough, moved).text())
                    }
                },
                beforeCommit: { recorded in
                    try AtomicFile.write(ReleaseFiles.manifest(Recorded(release, recorded[0]), counts: counts), to: manifest)
                    try syncDirectory(temporary)
                })[0]
            try FileManager.default.moveItem(at: temporary, to: destination)
            return .released(StatsResult(release: Recorded(release, recorded), folder: destination, counts: counts))
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}
