import ConsignCore
import Foundation

/// The auditor's report as one self-contained HTML file: no network, no scripts, no external fonts or
/// images. A summary, the findings, the coverage matrix, a timeline of the agreements (inline SVG, with
/// each end marked) and the transfers per month per contractor (an inline SVG stacked bar chart).
public struct HTMLReport: Sendable {
    public var company: String
    public var audit: AuditReport
    public var coverage: CoverageMatrix
    public var histories: [AgreementHistory]
    public var transfers: [Transfer]

    /// The page.
    public var html: String {
        let asOf = audit.asOf
        var page = """
            <!DOCTYPE html>
            <html lang="\(Language.current.rawValue)">
            <head>
            <meta charset="utf-8">
            <title>\(escape(ReportText.title(company: company, asOf: asOf).text()))</title>
            <style>
            body { font-family: sans-serif; margin: 24px; color: #1b1f24; max-width: 1100px; }
            h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 32px; border-bottom: solid 1px #ccd; }
            table { border-collapse: collapse; font-size: 13px; }
            th, td { border: solid 1px #ccd; padding: 4px 6px; text-align: left; vertical-align: top; }
            th { background: #eef1f5; }
            td.code, td.records { white-space: nowrap; }
            svg.chart { max-width: 100%; height: auto; font-family: sans-serif; font-size: 11px; }
            .error > td.severity { color: #fff; background: #c62828; font-weight: bold; }
            .warning > td.severity { background: #ffd54f; font-weight: bold; }
            .summary { font-variant-numeric: tabular-nums; }
            td.permitted-sent { background: #66bb6a; } td.permitted-never-sent { background: #c8e6c9; }
            td.sent-not-permitted { background: #ef5350; color: #fff; } td.none { color: #99a; }
            .muted { color: #667; font-size: 12px; }
            </style>
            </head>
            <body>
            <h1>\(escape(ReportText.heading(company: company).text()))</h1>
            <p class="muted">\(escape(ReportText.asOf(asOf, ledgerHead: audit.scope.ledgerHead, events: audit.scope.events).text()))</p>

            """
        page += summary + findings + coverageTable + timeline + monthlyChart
        page += "</body>\n</html>\n"
        return page
    }

    var summary: String {
        let records = transfers.reduce(0) { $0 + $1.rows }
        let inForce = histories.filter { $0.inForce(on: audit.asOf) != nil }.count
        let ledger = audit.findings.contains { $0.code == .ledgerBroken } ? ReportText.Page.ledgerBroken : ReportText.Page.ledgerIntact
        let rows: [(Sentence, String)] = [
            (ReportText.Page.errors, String(audit.errors)), (ReportText.Page.warnings, String(audit.warnings)),
            (ReportText.Page.contractors, String(audit.scope.contractors)),
            (ReportText.Page.agreementsInForce, "\(audit.scope.agreements) (\(inForce))"),
            (ReportText.Page.transfers, thousands(audit.scope.transfers)), (ReportText.Page.recordsSent, thousands(records)),
            (ReportText.Page.ledger, ledger.text()),
        ]
        return "<h2 id=\"summary\">\(ReportText.Page.summary)</h2>\n<table class=\"summary\">\n"
            + rows.map { "<tr><th>\(escape($0.0.text()))</th><td>\(escape($0.1))</td></tr>" }.joined(separator: "\n")
            + "\n</table>\n"
    }

    var findings: String {
        var out = "<h2 id=\"findings\">\(ReportText.Page.findings)</h2>\n"
        guard !audit.findings.isEmpty else { return out + "<p>\(ReportText.Page.noFindings)</p>\n" }
        let headings = [ReportText.Page.severity, ReportText.Page.code, ReportText.Page.finding, ReportText.Page.rule, ReportText.Page.records]
        out += "<table class=\"findings\">\n<tr>" + headings.map { "<th>\($0)</th>" }.joined() + "</tr>\n"
        for f in audit.findings {
            out += "<tr class=\"finding \(f.severity.rawValue)\" data-code=\"\(f.code.rawValue)\">"
                + "<td class=\"severity\">\(f.severity.word)</td><td class=\"code\">\(f.code.rawValue)</td><td>\(escape(f.message))</td>"
                + "<td>\(escape(f.rule))</td><td class=\"records\">\(f.records.map { escape($0.text()) }.joined(separator: "<br>"))</td></tr>\n"
        }
        return out + "</table>\n"
    }

    var coverageTable: String {
        var out = "<h2 id=\"coverage\">\(ReportText.Page.coverage)</h2>\n<table class=\"coverage\">\n"
            + "<tr><th>\(ReportText.Page.contractor)</th><th>\(ReportText.Page.agreementsInForceColumn)</th>"
        out += coverage.categories.map { "<th>\(escape($0))</th>" }.joined() + "</tr>\n"
        let words: [CoverageMatrix.State: String] = [
            .permittedSent: ReportText.Page.sent.text(), .permittedNeverSent: ReportText.Page.permitted.text(),
            .sentNotPermitted: ReportText.Page.sentNotPermitted.text(), .none: "—",
        ]
        for row in coverage.rows {
            out += "<tr><th>\(escape(row.contractor))</th><td>\(escape(row.agreements.joined(separator: ", ")))</td>"
            for cell in row.cells {
                let title = ReportText.coverageCellTitle(permitted: cell.permittedFields, sent: cell.sentFields, notPermitted: cell.notPermitted)
                out += "<td class=\"\(cell.state.rawValue)\" title=\"\(escape(title.text()))\">\(words[cell.state]!)</td>"
            }
            out += "</tr>\n"
        }
        return out + "</table>\n<p class=\"muted\">\(ReportText.Page.coverageLegend)</p>\n"
    }

    // MARK: Charts

    static let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f", "#d62728"]

    /// One row per agreement, one bar per version from its first to its last day, the audit date as a
    /// dashed line, and each agreement's end marked in red when it has passed or falls within 30 days.
    var timeline: String {
        var out = "<h2 id=\"timeline\">\(ReportText.Page.timeline)</h2>\n"
        let sorted = histories.sorted { ($0.contractor, $0.id) < ($1.contractor, $1.id) }
        guard !sorted.isEmpty else { return out + "<p>\(ReportText.Page.noAgreements)</p>\n" }
        let asOf = audit.asOf
        let first = sorted.flatMap(\.versions).map(\.effectiveFrom).min()!
        let last = max(sorted.flatMap(\.versions).map(\.effectiveTo).max()!, asOf)
        let startYear = first.year, endYear = last.year + 1
        let start = CalendarDate(year: startYear, month: 1, day: 1)!, end = CalendarDate(year: endYear, month: 1, day: 1)!
        let left = 230.0, width = 1000.0, rowHeight = 24.0, top = 24.0
        let height = top + rowHeight * Double(sorted.count) + 10
        func x(_ date: CalendarDate) -> Double {
            left + (width - left - 10) * Double(date.days(since: start)) / Double(end.days(since: start))
        }
        out += "<svg class=\"chart\" id=\"timeline-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">\n"
        for year in startYear..<endYear {
            let date = CalendarDate(year: year, month: 1, day: 1)!
            out += "<line x1=\"\(f(x(date)))\" y1=\"\(f(top - 6))\" x2=\"\(f(x(date)))\" y2=\"\(f(height))\" stroke=\"#dde\"/>"
            out += "<text x=\"\(f(x(date) + 2))\" y=\"12\">\(year)</text>\n"
        }
        for (row, history) in sorted.enumerated() {
            let y = top + rowHeight * Double(row)
            out += "<text x=\"4\" y=\"\(f(y + 15))\">\(escape("\(history.id) (\(history.contractor))"))</text>\n"
            for (index, version) in history.versions.enumerated() {
                // A version ends where the next one takes effect, or on its own last day.
                let next = history.versions.dropFirst(index + 1).first?.effectiveFrom
                let to = min(version.effectiveTo.adding(days: 1), next ?? version.effectiveTo.adding(days: 1))
                guard version.effectiveFrom < to else { continue }
                let state = to <= asOf ? "ended" : (version.effectiveFrom > asOf ? "upcoming" : "in-force")
                let fill = ["ended": "#b0b7c3", "upcoming": "#90caf9", "in-force": "#43a047"][state]!
                let span = ReportText.versionSpan(
                    agreement: version.id, version: version.version, from: version.effectiveFrom, to: version.effectiveTo)
                out += "<rect class=\"version \(state)\" x=\"\(f(x(version.effectiveFrom)))\" y=\"\(f(y + 4))\" "
                    + "width=\"\(f(max(1, x(to) - x(version.effectiveFrom))))\" height=\"\(f(rowHeight - 8))\" fill=\"\(fill)\" stroke=\"#fff\">"
                    + "<title>\(escape(span.text()))</title></rect>\n"
            }
            let lastVersion = history.versions.max { $0.effectiveFrom < $1.effectiveFrom }!
            if lastVersion.effectiveTo < asOf.adding(days: AuditRules.expiryNoticeDays) {
                let ex = x(lastVersion.effectiveTo.adding(days: 1))
                let end = ReportText.agreementEnd(agreement: history.id, on: lastVersion.effectiveTo, passed: lastVersion.effectiveTo < asOf)
                out += "<path class=\"expiry\" d=\"M\(f(ex)) \(f(y + 2)) L\(f(ex + 6)) \(f(y + 12)) L\(f(ex)) \(f(y + 22)) L\(f(ex - 6)) \(f(y + 12)) Z\" fill=\"#d32f2f\">"
                    + "<title>\(escape(end.text()))</title></path>\n"
            }
        }
        out += "<line class=\"as-of\" x1=\"\(f(x(asOf)))\" y1=\"\(f(top - 6))\" x2=\"\(f(x(asOf)))\" y2=\"\(f(height))\" stroke=\"#d32f2f\" stroke-dasharray=\"4 3\"/>\n"
        out += "</svg>\n<p class=\"muted\">\(escape(ReportText.timelineLegend(asOf: asOf, noticeDays: AuditRules.expiryNoticeDays).text()))</p>\n"
        return out
    }

    /// Transfers per month, stacked by contractor: one bar per month that has transfers.
    var monthlyChart: String {
        var out = "<h2 id=\"transfers\">\(ReportText.Page.monthly)</h2>\n"
        guard let firstDate = transfers.map(\.on).min() else { return out + "<p>\(ReportText.Page.noTransfers)</p>\n" }
        func month(_ d: CalendarDate) -> Int { d.year * 12 + d.month - 1 }
        let lastMonth = max(month(audit.asOf), month(transfers.map(\.on).max()!))
        // At least a year, at most three, ending with the audit's month.
        let firstMonth = max(min(month(firstDate), lastMonth - 11), lastMonth - 35)
        let counts = Dictionary(grouping: transfers.filter { month($0.on) >= firstMonth && month($0.on) <= lastMonth }, by: { month($0.on) })
            .mapValues { Dictionary(grouping: $0, by: \.contractor).mapValues(\.count) }
        let shown = transfers.filter { month($0.on) >= firstMonth }
        let contractors = Array(Set(shown.map(\.contractor))).sorted()
        let color = Dictionary(uniqueKeysWithValues: contractors.enumerated().map { ($1, HTMLReport.palette[$0 % HTMLReport.palette.count]) })
        let maxCount = counts.values.map { $0.values.reduce(0, +) }.max() ?? 1
        let left = 40.0, width = 1000.0, plotTop = 10.0, plotHeight = 200.0
        let months = lastMonth - firstMonth + 1
        let slot = (width - left - 10) / Double(months)
        let legendRows = (contractors.count + 3) / 4
        let height = plotTop + plotHeight + 40 + 18 * Double(legendRows)
        out += "<svg class=\"chart\" id=\"monthly-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">\n"
        let base = plotTop + plotHeight
        out += "<line x1=\"\(f(left))\" y1=\"\(f(base))\" x2=\"\(f(width - 10))\" y2=\"\(f(base))\" stroke=\"#445\"/>"
        out += "<text x=\"4\" y=\"\(f(plotTop + 4))\">\(maxCount)</text><text x=\"4\" y=\"\(f(base))\">0</text>\n"
        for index in 0..<months {
            let m = firstMonth + index
            let label = String(format: "%04d-%02d", m / 12, m % 12 + 1)
            let x = left + slot * Double(index)
            if months <= 12 || index % 3 == 0 {
                out += "<text x=\"\(f(x + 2))\" y=\"\(f(base + 14))\">\(label)</text>\n"
            }
            guard let byContractor = counts[m] else { continue }
            let total = byContractor.values.reduce(0, +)
            out += "<g class=\"bar\" data-month=\"\(label)\" data-transfers=\"\(total)\">"
            var y = base
            for contractor in contractors {
                guard let count = byContractor[contractor] else { continue }
                let h = plotHeight * Double(count) / Double(maxCount)
                y -= h
                out += "<rect x=\"\(f(x + slot * 0.15))\" y=\"\(f(y))\" width=\"\(f(min(40, max(1, slot * 0.7))))\" height=\"\(f(h))\" fill=\"\(color[contractor]!)\">"
                    + "<title>\(escape(ReportText.monthlyBar(month: label, contractor: contractor, transfers: count).text()))</title></rect>"
            }
            out += "</g>\n"
        }
        for (index, contractor) in contractors.enumerated() {
            let lx = left + Double(index % 4) * 240, ly = base + 30 + 18 * Double(index / 4)
            out += "<rect x=\"\(f(lx))\" y=\"\(f(ly - 10))\" width=\"12\" height=\"12\" fill=\"\(color[contractor]!)\"/>"
                + "<text x=\"\(f(lx + 16))\" y=\"\(f(ly))\">\(escape(contractor))</text>\n"
        }
        out += "</svg>\n"
        let older = transfers.count - shown.count
        if older > 0 {
            let before = String(format: "%04d-%02d", firstMonth / 12, firstMonth % 12 + 1)
            out += "<p class=\"muted\">\(ReportText.olderTransfers(older, before: before))</p>\n"
        }
        return out
    }

    private func f(_ value: Double) -> String { String(format: "%.1f", value) }
}

/// Text for HTML element content and attribute values.
func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for character in text {
        switch character {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(character)
        }
    }
    return out
}
