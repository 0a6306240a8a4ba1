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
    /// The encoding of the CSV table (`--encoding`).
    public var encoding: CSVEncoding

    /// Enough to prove every two-dimensional table `Benchmarks/SuppressionBenchmark` draws (past 1,500 cells) and its
    /// three-dimensional ones up to 210 cells (2,300–6,700 nodes, under 30 s); a denser table gets the best pattern
    /// found, with the fewest cells the search proved a pattern needs.
    public static let defaultNodeLimit = 20_000

    public init(
        task: String, contractor: String?, source: ExtractSource, out: URL, formats: [ExtractFormat], recordedBy: String,
        nodeLimit: Int = StatsRequest.defaultNodeLimit, encoding: CSVEncoding = .utf8
    ) {
        self.task = task
        self.contractor = contractor
        self.source = source
        self.out = out
        self.formats = formats
        self.recordedBy = recordedBy
        self.nodeLimit = nodeLimit
        self.encoding = encoding
    }
}

/// A released table: its recorded release, where its folder is, and what was read.
public struct StatsResult: Sendable {
    public var release: Recorded<StatisticsRelease>
    public var folder: URL
    public var counts: ScopeCounts
    /// The fewest cells any protecting pattern suppresses, as the search proved (the release's own when exact).
    public var leastSuppressed: Int
    /// The cells with anyone in them (those published as zero say nothing of anyone).
    public var occupied: Int
    /// The dimension with the most categories, and how many it has.
    public var largestDimension: String
    public var largestCategories: Int

    /// What `consign stats` ends with: the release in one line, and what to change when its rules withheld half
    /// the cells with anyone in them or more.
    public var summary: String {
        let r = release.value
        let released = StatisticsText.released(
            id: r.id, cells: r.cells, primary: r.primary, secondary: r.secondary, method: r.method,
            leastSuppressed: leastSuppressed, rows: thousands(counts.rows),
            records: thousands(counts.records), outOfScope: thousands(counts.outOfScope), stopped: thousands(counts.stopped),
            folder: folder.path, event: release.sequence
        ).text()
        guard 2 * r.primary >= occupied else { return released }
        return released + "\n"
            + StatisticsText.mostlyWithheld(
                primary: thousands(r.primary), occupied: thousands(occupied), dimension: largestDimension,
                categories: thousands(largestCategories)
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
        let basis = try await releaseBasis(task: request.task, contractor: request.contractor)
        let task = basis.task
        guard let table = task.document.statistics else {
            if task.document.anonymised != nil {
                throw InputError(AnonymisationText.anonymisedTaskHasNoPlan(task.document.id).text(), file: task.file)
            }
            throw InputError(StatisticsText.notAStatisticsTask(task.document.id).text(), file: task.file)
        }
        guard basis.reasons.isEmpty else {
            return .refused(task: task.document.id, contractor: request.contractor, on: basis.on, reasons: basis.reasons)
        }

        let (records, sourceName, position) = try basis.open(
            request.source, fields: table.dimensions.map(\.fieldForm.field) + table.summedFields)
        let tabulator = Tabulator(
            dimensions: table.dimensions.map {
                (position[$0.fieldForm.field]!, FieldTransform(form: $0.fieldForm.form, pseudonymKey: nil, asOf: basis.on))
            },
            summed: table.summedFields.map { position[$0]! }, largest: table.protection.dominance?.largest ?? 0,
            scope: RowScopeGate(
                rowFilter: basis.rowFilter(position), hasher: basis.hasher, stopUse: Set(try await store.stopUseSubjects())))
        let (tabulated, counts) =
            switch records {
            case .file(let file): try tabulator.run(file)
            case .table(let table, let query): try await tabulator.run(table, query)
            }
        guard counts.rows > 0 else { throw InputError(StatisticsText.nothingInScope.text(), file: sourceName) }
        let minimum = table.protection.minimumFrequency ?? basis.catalog.document.company.statistics.minimumFrequency
        let largest = zip(table.dimensions, tabulated.categories).max { $0.1.count < $1.1.count }!
        let protected: StatisticalTable.Protected
        do {
            protected = try tabulated.protect(
                margins: table.margins, minimumFrequency: minimum, dominance: table.protection.dominance, nodeLimit: request.nodeLimit)
        } catch {
            throw InputError(
                StatisticsText.tooFineToProtect(
                    withheld: thousands(error.withheld), cells: thousands(error.cells), megabytes: thousands(error.bytes >> 20),
                    budget: thousands(CellSuppression.attackerBudget >> 20), dimension: largest.0.name,
                    categories: thousands(largest.1.count)
                ).text(), file: task.file, line: largest.0.line)
        }

        let id = Staff.newID("S", on: basis.on)
        let folder = try ReleaseFolder(out: request.out, id: id, workspace: workspace)
        return try await folder.publish {
            var files: [StatisticsRelease.File] = []
            for format in request.formats {
                let bytes =
                    switch format {
                    case .csv:
                        try ReleaseFiles.csv(
                            protected, categories: tabulated.categories, statistics: table, encoding: request.encoding,
                            file: "\(id)/\(ReleaseFiles.fileName(format))")
                    case .xml: ReleaseFiles.xml(protected, categories: tabulated.categories, statistics: table, release: id)
                    }
                files.append(try folder.write(ReleaseFiles.fileName(format), bytes))
            }
            let release = StatisticsRelease(
                id: id, task: task.document.id, taskVersion: task.document.version, taskSHA256: basis.taskSHA256,
                catalogSHA256: basis.catalogSHA256, contractor: request.contractor ?? "", agreement: basis.agreement?.id ?? "",
                agreementVersion: basis.agreement?.version ?? 0, on: basis.on, records: counts.records, rows: counts.rows,
                minimumFrequency: minimum, dominance: table.protection.dominance?.description ?? "", method: protected.method,
                cells: protected.positions.count, primary: protected.primary, secondary: protected.secondary, files: files,
                note: "", stopped: counts.stopped)
            let readThrough = basis.snapshot.register.eventCount
            FaultInjection.point("statistics-before-commit")
            let recorded = try await store.append(
                [.statisticsReleased(release)], by: Recorder(name: request.recordedBy, clock: clock),
                documents: basis.documentBytes,
                recheck: try basis.recheck(contractor: release.contractor, readThrough: readThrough) {
                    StatisticsText.releaseMoved(release: id, readThrough: readThrough, $0).text()
                },
                beforeCommit: { recorded in
                    try AtomicFile.write(
                        ReleaseFiles.manifest(
                            Recorded(release, recorded[0]), counts: counts, leastSuppressed: protected.leastSuppressed,
                            means: table.measures.contains { $0.kind == .mean }, csvEncoding: request.encoding),
                        to: folder.temporary.appending(path: ReleaseFiles.manifestName))
                    try syncDirectory(folder.temporary)
                })[0]
            let result = StatsResult(
                release: Recorded(release, recorded), folder: folder.destination, counts: counts,
                leastSuppressed: protected.leastSuppressed, occupied: protected.counts.filter { $0 > 0 }.count,
                largestDimension: largest.0.name, largestCategories: largest.1.count)
            return (.released(result), recorded.sequence)
        }
    }
}
