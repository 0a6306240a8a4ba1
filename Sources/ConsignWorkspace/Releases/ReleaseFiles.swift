import ConsignCore
import ConsignPipeline
import Foundation

/// The files of a statistics release: the table as CSV and XML, every cell on one row with its dimensions'
/// categories (`(total)` for a dimension's total) and its measures, a suppressed cell marked `x` in every measure
/// (CSV) or `suppressed="true"` with no measure (XML), never left blank; and `manifest.xml`, everything the
/// release's event records with the event's position and chain hash, and the legend in English and Japanese.
enum ReleaseFiles {
    static let manifestName = "manifest.xml"
    /// A dimension's total in the CSV.
    static let total = "(total)"
    /// A suppressed cell's measures in the CSV.
    static let suppressed = "x"
    /// The mean of a cell no row reaches: there is none.
    static let noMean = "."

    static func fileName(_ format: ExtractFormat) -> String { "table.\(format.rawValue)" }

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

    static func csv(_ table: StatisticalTable.Protected, categories: [[String]], statistics: StatisticsTable) -> [UInt8] {
        var bytes: [UInt8] = []
        CSVWriter.appendRecord(statistics.dimensions.map(\.name) + statistics.measures.map(\.name), to: &bytes)
        for cell in table.positions.indices {
            let labels = table.positions[cell].enumerated().map { d, p in p.map { FormulaGuard.guarded(categories[d][$0]) } ?? total }
            let measures =
                table.suppressed[cell]
                ? [String](repeating: suppressed, count: statistics.measures.count)
                : values(table, cell: cell, measures: statistics.measures, summed: statistics.summedFields)
            CSVWriter.appendRecord(labels + measures, to: &bytes)
        }
        return bytes
    }

    static func xml(_ table: StatisticalTable.Protected, categories: [[String]], statistics: StatisticsTable, release: String)
        -> [UInt8]
    {
        func e(_ text: String) -> String { XMLText.escaped(text) ?? "" }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<statistics-table release=\"\(e(release))\">\n"
        for cell in table.positions.indices {
            out += table.suppressed[cell] ? "  <cell suppressed=\"true\">" : "  <cell>"
            for (d, position) in table.positions[cell].enumerated() {
                let name = e(statistics.dimensions[d].name)
                out += position.map { "<dimension name=\"\(name)\">\(e(categories[d][$0]))</dimension>" }
                    ?? "<dimension name=\"\(name)\" total=\"true\"/>"
            }
            if !table.suppressed[cell] {
                let values = values(table, cell: cell, measures: statistics.measures, summed: statistics.summedFields)
                for (measure, value) in zip(statistics.measures, values) where value != noMean {
                    out += "<measure name=\"\(e(measure.name))\">\(value)</measure>"
                }
            }
            out += "</cell>\n"
        }
        out += "</statistics-table>\n"
        return Array(out.utf8)
    }

    static func manifest(_ recorded: Recorded<StatisticsRelease>, counts: ScopeCounts) -> [UInt8] {
        let r = recorded.value
        func e(_ text: String) -> String { XMLText.escaped(text) ?? "" }
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <statistics-release id="\(e(r.id))">
              <recorded at="\(recorded.recordedAt)" operator="\(e(recorded.recordedBy))" on="\(r.on)"/>
              <task id="\(e(r.task))" version="\(r.taskVersion)" sha256="\(r.taskSHA256)"/>
              <catalog sha256="\(r.catalogSHA256)"/>

            """
        if r.contractor.isEmpty {
            out += "  <published/>\n"
        } else {
            out += "  <contractor id=\"\(e(r.contractor))\"/>\n"
            out += "  <agreement id=\"\(e(r.agreement))\" version=\"\(r.agreementVersion)\"/>\n"
        }
        out += """
              <records read="\(counts.records)" out-of-scope="\(counts.outOfScope)" stopped="\(counts.stopped)" tabulated="\(r.rows)"/>
              <protection minimum-frequency="\(r.minimumFrequency)" dominance="\(e(r.dominance))"/>
              <cells total="\(r.cells)" suppressed-primary="\(r.primary)" suppressed-secondary="\(r.secondary)" method="\(r.method.rawValue)"/>
              <legend>

            """
        for language in Language.allCases {
            let legend = StatisticsText.legend(minimum: r.minimumFrequency, dominance: r.dominance).text(language)
            out += "    <text lang=\"\(language.rawValue)\">\(e(legend))</text>\n"
        }
        out += "  </legend>\n  <files>\n"
        for file in r.files {
            out += "    <file name=\"\(e(file.name))\" sha256=\"\(file.sha256)\"/>\n"
        }
        out += """
              </files>
              <ledger event="\(recorded.sequence)" chain-hash="\(recorded.chainHash)"/>
            </statistics-release>

            """
        return Array(out.utf8)
    }
}
