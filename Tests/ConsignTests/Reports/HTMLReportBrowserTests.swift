import Foundation
import Testing

/// `consign report html` in a real browser: headless Chromium renders the page to a DOM dump and to a
/// PNG. The DOM must hold one row per finding of `consign audit --format json` and one bar per month with
/// transfers (from `consign transfer list --format json`), and the PNG must have the charts drawn where
/// the browser laid them out, and nothing where nothing belongs.
@Suite struct HTMLReportBrowserTests {
    /// A hostile company name: the report must show it as text, never as markup.
    static let company = #"Kumo & <Learning> "K.K." </title><script>alert(1)</script>"#

    @Test func aWorkspaceWithFindingsAndTransfersInSeveralMonthsRendersInChromium() throws {
        let root = try temporaryDirectory("html-report-browser")
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try consign(["demo", "ws"], in: root).status == 0)
        let ws = root.appending(path: "ws")
        try edit(
            ws.appending(path: "templates/catalog.xml"), replacing: "<name>Kumo Learning K.K.</name>",
            with: "<name>Kumo &amp; &lt;Learning&gt; \"K.K.\" &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</name>")

        // Transfers made outside consign in May, July and September (none in June, August or October), on
        // top of the demo's extracts of 2026-11-18: one to a terminated contractor without an agreement
        // (errors), and the demo's agreements give warnings (an expired one, a missing clause).
        let recorded: [(contractor: String, task: String, on: String)] = [
            ("hayate-transport", "prize-shipping", "2026-05-12"), ("hayate-transport", "prize-shipping", "2026-05-20"),
            ("tsubame-print", "seminar-invitation-mailing", "2026-07-03"), ("kizuna-contact", "inquiry-call-centre", "2026-09-20"),
        ]
        for transfer in recorded {
            let run = try consign(
                [
                    "transfer", "record", "--contractor", transfer.contractor, "--task", transfer.task, "--on", transfer.on,
                    "--fields", "person.name", "--rows", "5", "--note", "sent outside consign",
                ], in: ws)
            #expect(run.status == 0, "\(run.stderr)")
        }
        let asOf = "2026-11-30"
        let expected = try ExpectedReport(workspace: ws, asOf: asOf, company: Self.company)
        #expect(expected.findings.contains { $0.severity == "error" } && expected.findings.contains { $0.severity == "warning" })
        #expect(Set(expected.transfersByMonth.keys) == ["2026-05", "2026-07", "2026-09", "2026-11"])
        #expect(expected.transfersByMonth["2026-05"] == ["hayate-transport", "hayate-transport"])

        let report = root.appending(path: "report.html")
        let made = try consign(["report", "html", "--out", report.path, "--as-of", asOf], in: ws)
        #expect(made.status == 0, "\(made.stderr)")
        let outcome = try renderAndCheck(report, expecting: expected, scratch: root)
        // Months without transfers between two with transfers draw no bar.
        #expect(outcome.gapsChecked >= 3)
    }

    @Test func theDemoWorkspacesReportRendersInChromium() throws {
        let root = try temporaryDirectory("html-report-browser-demo")
        defer { try? FileManager.default.removeItem(at: root) }
        let clock = ["SOURCE_DATE_EPOCH": "1795651200"]
        #expect(try consign(["demo", "ws"], in: root, environment: clock).status == 0)
        let ws = root.appending(path: "ws")
        let report = root.appending(path: "report.html")
        let made = try consign(["report", "html", "--out", report.path, "--workspace", ws.path], in: root, environment: clock)
        #expect(made.status == 0, "\(made.stderr)")
        // 1795651200 seconds after the epoch: 2026-11-26T00:00:00Z, 2026-11-26 in Tokyo, the report's default date.
        let asOf = "2026-11-26"
        #expect(try readText(report).contains("As of \(asOf)."))
        let expected = try ExpectedReport(workspace: ws, asOf: asOf, company: "Kumo Learning K.K.", environment: clock)
        #expect(!expected.findings.isEmpty && !expected.transfersByMonth.isEmpty)
        _ = try renderAndCheck(report, expecting: expected, scratch: root)
    }
}

extension HTMLReportBrowserTests {
    @Test func theDemoWorkspacesReportInJapaneseRendersInChromium() throws {
        let root = try temporaryDirectory("html-report-browser-ja")
        defer { try? FileManager.default.removeItem(at: root) }
        let environment = ["SOURCE_DATE_EPOCH": "1795651200", "CONSIGN_LANG": "ja"]
        #expect(try consign(["demo", "ws"], in: root, environment: environment).status == 0)
        let ws = root.appending(path: "ws")
        let report = root.appending(path: "report.html")
        let made = try consign(["report", "html", "--out", report.path, "--workspace", ws.path], in: root, environment: environment)
        #expect(made.status == 0, "\(made.stderr)")
        let html = try readText(report)
        #expect(html.contains("<html lang=\"ja\">") && html.contains("2026-11-26 時点。"))
        // The findings' sentences in the page are the audit's, in Japanese.
        let expected = try ExpectedReport(workspace: ws, asOf: "2026-11-26", company: "Kumo Learning K.K.", environment: environment)
        #expect(expected.findings.allSatisfy { $0.message.unicodeScalars.contains { (0x3040...0x30FF).contains($0.value) } })
        _ = try renderAndCheck(report, expecting: expected, scratch: root)
    }
}

/// What the report must show, from the records alone (the audit's JSON and the transfer list).
struct ExpectedReport {
    var findings: [ReportGeometry.Finding]
    /// For each month (YYYY-MM) with transfers up to the audit date, the contractor of each transfer.
    var transfersByMonth: [String: [String]]
    var company: String

    init(workspace: URL, asOf: String, company: String, environment: [String: String] = ["SOURCE_DATE_EPOCH": "1795000000"]) throws {
        func cli(_ arguments: [String]) throws -> Run { try consign(arguments, in: workspace, environment: environment) }
        struct Audit: Decodable { var findings: [ReportGeometry.Finding] }
        let audit = try cli(["audit", "--as-of", asOf, "--format", "json"])
        #expect(audit.status == 0 || audit.status == 1, "\(audit.stderr)")
        findings = try JSONDecoder().decode(Audit.self, from: Data(audit.stdout.utf8)).findings

        struct Transfer: Decodable { var on: String; var contractor: String }
        let list = try cli(["transfer", "list", "--format", "json"])
        #expect(list.status == 0, "\(list.stderr)")
        let transfers = try JSONDecoder().decode([Transfer].self, from: Data(list.stdout.utf8)).filter { $0.on <= asOf }
        transfersByMonth = Dictionary(grouping: transfers, by: { String($0.on.prefix(7)) }).mapValues { $0.map(\.contractor) }
        // The chart shows at least the twelve months up to the audit date; these transfers all fall in them.
        let earliest = String(format: "%04d-%02d", Int(asOf.prefix(4))! - 1, Int(asOf.dropFirst(5).prefix(2))!)
        #expect(transfersByMonth.keys.allSatisfy { $0 > earliest }, "\(transfersByMonth.keys.sorted())")
        self.company = company
    }
}

/// What `renderAndCheck` looked at.
struct BrowserOutcome {
    var screenshot: URL
    var gapsChecked: Int
}

/// Renders `report` with headless Chromium to a DOM dump and to a PNG and checks both against `expected`.
@discardableResult
func renderAndCheck(_ report: URL, expecting expected: ExpectedReport, scratch: URL) throws -> BrowserOutcome {
    let chromium = HeadlessChromium(scratch: scratch)

    // The file itself: no script, nothing fetched from anywhere (only the SVG namespace is a URL).
    let html = try readText(report)
    #expect(html.range(of: "<script", options: .caseInsensitive) == nil)
    let urls = html.matches(of: #/(?i)https?://[^\s"'<>)]*/#).map { String($0.0) }
    #expect(Set(urls) == ["http://www.w3.org/2000/svg"], "\(urls)")

    // The DOM as the browser built it: one row per finding, in the audit's order and severities, one bar per
    // month with transfers, with that month's count.
    let dom = try chromium.dumpDOM(of: report)
    let rows = dom.matches(of: #/<tr class="finding (error|warning)" data-code="([a-z-]+)">/#).map { (String($0.1), String($0.2)) }
    #expect(rows.count == expected.findings.count)
    #expect(rows.map(\.1) == expected.findings.map(\.code))
    #expect(rows.map(\.0) == expected.findings.map(\.severity))
    let bars = dom.matches(of: #/<g class="bar" data-month="([0-9]{4}-[0-9]{2})" data-transfers="([0-9]+)">/#)
        .map { (String($0.1), Int($0.2)!) }
    #expect(bars.count == expected.transfersByMonth.count)
    #expect(Dictionary(bars, uniquingKeysWith: +) == expected.transfersByMonth.mapValues(\.count))
    #expect(bars.map(\.0) == bars.map(\.0).sorted())
    #expect(dom.matches(of: #/<svg class="chart" id="(timeline|monthly)-chart"/#).count == 2)

    // Where the browser put things, from a copy with a script that writes the layout into the DOM.
    let instrumented = scratch.appending(path: "instrumented.html")
    try ReportGeometry.instrumentedCopy(of: report, to: instrumented)
    let geometry = try ReportGeometry.read(fromDOM: try chromium.dumpDOM(of: instrumented))
    #expect(geometry.findings == expected.findings, "the browser reads each finding's text as the audit wrote it")
    #expect(geometry.heading.contains(expected.company) && geometry.title.contains(expected.company))
    #expect(geometry.scripts == 1, "only the instrumenting script runs")
    #expect(geometry.page.width <= Double(chromium.width), "the page is \(geometry.page.width) px wide")
    #expect(geometry.bars.map(\.month) == bars.map(\.0))
    let charts = Dictionary(geometry.charts.map { ($0.id, $0.box) }, uniquingKeysWith: { a, _ in a })
    let timeline = try #require(charts["timeline-chart"]), monthly = try #require(charts["monthly-chart"])

    // The original page, to a PNG tall enough to hold all of it and a blank strip below.
    let height = Int(geometry.page.height.rounded(.up)) + 120
    let png = scratch.appending(path: "report.png")
    try chromium.screenshot(of: report, height: height, to: png)
    let image = try Screenshot.decode(png: png, scratch: scratch)
    #expect(image.width == chromium.width && image.height == height)
    let white = Screenshot.Colour.white
    func drawn(_ counts: [Screenshot.Colour: Int]) -> Int { counts.filter { $0.key != white }.values.reduce(0, +) }

    // Both charts are drawn, in several colours, and nothing is drawn to their right.
    for (id, box) in charts {
        let counts = image.colours(in: box.pixels())
        #expect(drawn(counts) * 100 >= box.pixels().area, "\(id): \(drawn(counts)) drawn pixels in \(box)")
        #expect(counts.filter { $0.key != white && $0.value >= 50 }.count >= 2, "\(id): \(counts.count) colours")
        let right = PixelRect(x0: box.pixels().x1 + 4, y0: box.pixels().y0, x1: image.width, y1: box.pixels().y1)
        #expect(right.area >= 20 * box.pixels().height, "\(id): no margin to its right (\(right))")
        #expect(drawn(image.colours(in: right)) == 0, "\(id): drawn pixels right of the chart, in \(right)")
    }
    let below = PixelRect(x0: 0, y0: Int(geometry.page.height.rounded(.up)) + 4, x1: image.width, y1: image.height)
    #expect(below.area > 0 && drawn(image.colours(in: below)) == 0, "drawn pixels below the page, in \(below)")

    // Each bar is inside the monthly chart and filled, with one colour per contractor of its transfers.
    for bar in geometry.bars {
        let inner = bar.box.pixels(inset: 1)
        #expect(
            bar.box.x >= monthly.x && bar.box.maxX <= monthly.maxX && bar.box.y >= monthly.y && bar.box.maxY <= monthly.maxY,
            "\(bar.month): \(bar.box) outside \(monthly)")
        let counts = image.colours(in: inner)
        #expect(inner.area > 0 && drawn(counts) * 100 >= inner.area * 95, "\(bar.month): \(counts) in \(inner)")
        let contractors = Set(expected.transfersByMonth[bar.month] ?? [])
        #expect(counts.filter { $0.key != white && $0.value >= 20 }.count >= contractors.count, "\(bar.month): \(counts)")
    }
    // Between two bars (a month without transfers, or the space between neighbours), above the axis: blank.
    let sortedBars = geometry.bars.sorted { $0.box.x < $1.box.x }
    var gaps = 0
    if let top = sortedBars.map(\.box.y).min(), let bottom = sortedBars.map(\.box.maxY).max() {
        for (left, right) in zip(sortedBars, sortedBars.dropFirst()) {
            let gap = PixelRect(
                x0: Int(left.box.maxX.rounded(.up)) + 2, y0: Int(top.rounded(.up)), x1: Int(right.box.x.rounded(.down)) - 2,
                y1: Int(bottom.rounded(.down)) - 2)
            guard gap.area > 0 else { continue }
            gaps += 1
            #expect(drawn(image.colours(in: gap)) == 0, "drawn pixels between \(left.month) and \(right.month), in \(gap)")
        }
    }

    // The timeline: each version's bar inside the chart and filled with one colour, one colour per state.
    var colourOfState: [String: Set<Screenshot.Colour>] = [:]
    for version in geometry.versions where version.box.width >= 10 {
        #expect(version.box.x >= timeline.x && version.box.maxX <= timeline.maxX + 0.5, "\(version.box) outside \(timeline)")
        let inner = version.box.pixels(inset: 2)
        let counts = image.colours(in: inner)
        let main = try #require(counts.max { $0.value < $1.value })
        #expect(main.key != white && main.value * 100 >= inner.area * 85, "\(version.state) \(version.box): \(counts)")
        colourOfState[version.state, default: []].insert(main.key)
    }
    #expect(!colourOfState.isEmpty && colourOfState.values.allSatisfy { $0.count == 1 }, "\(colourOfState)")
    #expect(Set(colourOfState.values.compactMap(\.first)).count == colourOfState.count, "\(colourOfState)")
    for expiry in geometry.expiries {
        #expect(drawn(image.colours(in: expiry.pixels())) >= 20, "the agreement end marked at \(expiry)")
    }
    return BrowserOutcome(screenshot: png, gapsChecked: gaps)
}
