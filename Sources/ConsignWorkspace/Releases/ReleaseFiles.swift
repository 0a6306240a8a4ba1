import ConsignCore
import ConsignPipeline
import Foundation

/// The files of a statistics release: the table as CSV and XML, every cell on one row with its dimensions'
/// categories (`(total)` for a dimension's total) and its measures, a suppressed cell marked `x` in every measure
/// (CSV) or `suppressed="true"` with no measure (XML), never left blank; and `manifest.xml`, everything the
/// release's event records with the event's position and chain hash, and the legend in English and Japanese.
enum ReleaseFiles {
    static let manifestName = "manifest.xml"
    /// The root element of the manifest, which says what kind of release the folder is.
    static let manifestElement = "statistics-release"
    /// A suppressed cell's measures in the CSV.
    static let suppressed = "x"
    /// The mean of a cell no row reaches: there is none.
    static let noMean = "."

    static func fileName(_ format: ExtractFormat) -> String { "table.\(format.rawValue)" }

    /// A text as the release's XML files write it, escaped (empty for a text XML 1.0 cannot carry).
    static func escaped(_ text: String) -> String { XMLText.escaped(text) ?? "" }

    /// The measures of a published cell, as the files write them.
    private static func values(_ table: StatisticalTable.Protected, cell: Int, measures: [StatisticsTable.Measure], summed: [String])
        -> [String]
    {
        measures.map { measure in
            let count = table.counts[cell]
            switch measure.kind {
            case .count:
                return String(Int(count))
            case .sum:
                return String(Int(table.sums[summed.firstIndex(of: measure.field!)!][cell]))
            case .mean:
                guard count > 0 else { return noMean }
                return String(format: "%.2f", table.sums[summed.firstIndex(of: measure.field!)!][cell] / count)
            }
        }
    }

    static func csv(
        _ table: StatisticalTable.Protected, categories: [[String]], statistics: StatisticsTable, encoding: CSVEncoding,
        file: String
    ) throws(InputError) -> [UInt8] {
        let rows = table.positions.indices.map { cell in
            let labels = table.positions[cell].enumerated().map { d, p in p.map { categories[d][$0] } ?? StatisticsTable.totalLabel }
            let measures =
                table.suppressed[cell]
                ? [String](repeating: suppressed, count: statistics.measures.count)
                : values(table, cell: cell, measures: statistics.measures, summed: statistics.summedFields)
            return labels + measures
        }
        return try CSVTable.bytes(
            header: statistics.dimensions.map(\.name) + statistics.measures.map(\.name), rows: rows, encoding: encoding,
            file: file)
    }

    static func xml(_ table: StatisticalTable.Protected, categories: [[String]], statistics: StatisticsTable, release: String)
        -> [UInt8]
    {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<statistics-table release=\"\(escaped(release))\">\n"
        for cell in table.positions.indices {
            out += table.suppressed[cell] ? "  <cell suppressed=\"true\">" : "  <cell>"
            for (d, position) in table.positions[cell].enumerated() {
                let name = escaped(statistics.dimensions[d].name)
                out += position.map { "<dimension name=\"\(name)\">\(escaped(categories[d][$0]))</dimension>" }
                    ?? "<dimension name=\"\(name)\" total=\"true\"/>"
            }
            if !table.suppressed[cell] {
                let values = values(table, cell: cell, measures: statistics.measures, summed: statistics.summedFields)
                for (measure, value) in zip(statistics.measures, values) where value != noMean {
                    out += "<measure name=\"\(escaped(measure.name))\">\(value)</measure>"
                }
            }
            out += "</cell>\n"
        }
        out += "</statistics-table>\n"
        return Array(out.utf8)
    }

    /// A release's manifest; `leastSuppressed`, the fewest cells the search proved any protecting pattern suppresses,
    /// is said when the pattern is not proved fewest.
    static func manifest(
        _ recorded: Recorded<StatisticsRelease>, counts: ScopeCounts, leastSuppressed: Int, means: Bool, csvEncoding: CSVEncoding
    ) -> [UInt8] {
        let r = recorded.value
        var out = manifestHead(recorded)
        if r.contractor.isEmpty { out += "  <published/>\n" }
        out += recordsLine(counts, then: recordsTail(r)) + "\n"
        out += protectionLine(r) + "\n"
        out += cellsOpening(r) + (r.method == .heuristic ? " least-suppressed=\"\(leastSuppressed)\"" : "") + "/>\n"
        out += "  <legend>\n"
        for language in Language.allCases {
            let legend = StatisticsText.legend(minimum: r.minimumFrequency, dominance: r.dominance, means: means).text(language)
            out += "    <text lang=\"\(language.rawValue)\">\(escaped(legend))</text>\n"
        }
        out += "  </legend>\n"
        return Array((out + manifestTail(manifestElement, files: r.files, csvEncoding: csvEncoding, recorded: recorded)).utf8)
    }

    /// A release's line of records: those read, out of scope and stopped (what its command counted), then what the
    /// event records of the rest (`then`).
    static func recordsLine(_ counts: ScopeCounts, then rest: String) -> String {
        "  <records read=\"\(counts.records)\" out-of-scope=\"\(counts.outOfScope)\" stopped=\"\(counts.stopped)\" \(rest)/>"
    }

    /// The attributes of a statistics release's line of records after those its command counted.
    static func recordsTail(_ r: StatisticsRelease) -> String { "tabulated=\"\(r.rows)\"" }

    static func protectionLine(_ r: StatisticsRelease) -> String {
        "  <protection minimum-frequency=\"\(r.minimumFrequency)\" dominance=\"\(escaped(r.dominance))\"/>"
    }

    /// The line of cells up to what only the command knew (the fewest cells proved necessary, for a heuristic pattern).
    static func cellsOpening(_ r: StatisticsRelease) -> String {
        "  <cells total=\"\(r.cells)\" suppressed-primary=\"\(r.primary)\" suppressed-secondary=\"\(r.secondary)\" method=\"\(r.method.rawValue)\""
    }

    /// What of a statistics release's manifest, between its head and its tail, the event decides.
    static func manifestMiddle(_ r: StatisticsRelease) -> ReleaseManifestMiddle {
        ReleaseManifestMiddle(
            records: r.records, taken: r.rows, stopped: r.stopped, recordsTail: recordsTail(r),
            lines: (r.contractor.isEmpty ? ["  <published/>"] : []) + [protectionLine(r)]
                + (r.method == .exact ? [cellsOpening(r) + "/>"] : []),
            openings: r.method == .heuristic ? [cellsOpening(r) + " least-suppressed=\""] : [])
    }

    /// The start of a statistics release's manifest, all of it from the release's event.
    static func manifestHead(_ recorded: Recorded<StatisticsRelease>) -> String {
        let r = recorded.value
        return manifestHead(
            manifestElement, id: r.id, recorded: recorded, on: r.on, task: (r.task, r.taskVersion, r.taskSHA256),
            catalogSHA256: r.catalogSHA256, contractor: r.contractor, agreement: (r.agreement, r.agreementVersion))
    }

    /// The start of a release's manifest, the same for every kind: the release, when and by whom it was recorded,
    /// the exact task and catalog, and the contractor and agreement it went to, if any.
    static func manifestHead<Release>(
        _ element: String, id: String, recorded: Recorded<Release>, on: CalendarDate, task: (id: String, version: Int, sha256: String),
        catalogSHA256: String, contractor: String, agreement: (id: String, version: Int)
    ) -> String {
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <\(element) id="\(escaped(id))">
              <recorded at="\(recorded.recordedAt)" operator="\(escaped(recorded.recordedBy))" on="\(on)"/>
              <task id="\(escaped(task.id))" version="\(task.version)" sha256="\(task.sha256)"/>
              <catalog sha256="\(catalogSHA256)"/>

            """
        if !contractor.isEmpty {
            out += "  <contractor id=\"\(escaped(contractor))\"/>\n"
            out += "  <agreement id=\"\(escaped(agreement.id))\" version=\"\(agreement.version)\"/>\n"
        }
        return out
    }

    /// The end of a release's manifest: its files' SHA-256 (a CSV's encoding too, when it is not UTF-8) and
    /// the event's position and chain hash.
    static func manifestTail<Release>(
        _ element: String, files: [StatisticsRelease.File], csvEncoding: CSVEncoding, recorded: Recorded<Release>
    ) -> String {
        var out = "  <files>\n"
        for file in files {
            let encoding = file.name.hasSuffix(".csv") && csvEncoding != .utf8 ? " encoding=\"\(csvEncoding.rawValue)\"" : ""
            out += "    <file name=\"\(escaped(file.name))\" sha256=\"\(file.sha256)\"\(encoding)/>\n"
        }
        out += """
              </files>
              <ledger event="\(recorded.sequence)" chain-hash="\(recorded.chainHash)"/>
            </\(element)>

            """
        return out
    }
}

/// What of a release's manifest between its head and its tail the event decides: its line of records (those read,
/// and those taken in, which those out of scope and stopped make up to the read; those stopped themselves where the
/// event holds them), lines it holds as they are, and lines it opens (what follows there only the command knew). The
/// legend's words are not checked: they are the catalogue's, which a later release may word better.
struct ReleaseManifestMiddle {
    var records: Int
    var taken: Int
    /// Nil for a release recorded before its event held them.
    var stopped: Int?
    var recordsTail: String
    var lines: [String]
    var openings: [String]

    func agrees(with manifest: String) -> Bool {
        let manifestLines = manifest.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let said = Set(manifestLines)
        guard lines.allSatisfy(said.contains),
            openings.allSatisfy({ opening in manifestLines.contains { $0.hasPrefix(opening) && $0.hasSuffix("\"/>") } })
        else { return false }
        // The one line of records, its counts out of scope and stopped making up the difference.
        let opening = "  <records read=\"\(records)\" out-of-scope=\""
        let records = manifestLines.filter { $0.hasPrefix("  <records ") }
        guard records.count == 1, records[0].hasPrefix(opening), records[0].hasSuffix("\" \(recordsTail)/>") else { return false }
        let counts = records[0].dropFirst(opening.count).dropLast(recordsTail.count + 3).split(separator: "\"")
        guard counts.count == 3, counts[1] == " stopped=", let outOfScope = Int(counts[0]), let stopped = Int(counts[2]) else {
            return false
        }
        return outOfScope >= 0 && stopped >= 0 && outOfScope + stopped + taken == self.records
            && (self.stopped ?? stopped) == stopped
    }
}
