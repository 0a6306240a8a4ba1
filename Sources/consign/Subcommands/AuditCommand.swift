import ArgumentParser
import ConsignCore
import ConsignWorkspace
import Foundation

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: AuditHelp.audit.text(),
        discussion: AuditOptions.discussion,
        subcommands: [Findings.self, Coverage.self])

    @OptionGroup var audit: AuditOptions

    func run() async throws { try await audit.run() }

    struct Findings: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "findings",
            abstract: AuditHelp.findings.text(),
            discussion: AuditOptions.discussion)

        @OptionGroup var audit: AuditOptions

        func run() async throws { try await audit.run() }
    }

    struct Coverage: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: AuditHelp.coverage.text(), discussion: AuditHelp.coverageDiscussion.text())

        @ParentCommand var audit: AuditCommand

        func validate() throws {
            guard [.text, .json].contains(audit.audit.format) else {
                throw ValidationError(AuditText.coverageFormat.text())
            }
        }

        func run() async throws {
            try await reporting {
                let options = audit.audit
                let workspace = try options.options.root
                let matrix = try await Auditor(workspace: workspace).coverage(asOf: try options.on.orToday(workspace))
                let text = options.format == .json ? try jsonText(matrix) : matrix.text
                try emit(Array((text + "\n").utf8), to: options.out)
                if let out = options.out { print(AuditText.coverageWritten(asOf: matrix.asOf, to: out).text()) }
            }
        }
    }
}

/// The options of `consign audit` (and `consign audit findings`, the same command by its old name).
struct AuditOptions: ParsableArguments {
    static let discussion = AuditHelp.auditDiscussion(codes: FindingCode.allCases.map(\.rawValue)).text()

    @Option(name: [.customLong("on"), .customLong("as-of")], help: DateArgument.help(AuditHelp.auditOn.text()))
    var on: DateArgument?
    @Option(help: ArgumentHelp(AuditHelp.auditFormat.text()))
    var format: AuditFormat = .text
    @Option(help: ArgumentHelp(AuditHelp.out.text(), valueName: "file"))
    var out: String?
    @Option(help: ArgumentHelp(AuditHelp.csvEncoding.text(), valueName: "encoding")) var encoding: CSVEncoding = .utf8BOM
    @OptionGroup var options: WorkspaceOptions

    func run() async throws {
        try await reporting {
            let workspace = try options.root
            let asOf = try on.orToday(workspace)
            let auditor = Auditor(workspace: workspace)
            let report: AuditReport
            switch format {
            case .html:
                let page = try await auditor.htmlReport(asOf: asOf)
                report = page.audit
                try emit(Array(page.html.utf8), to: out)
            default:
                report = try await auditor.audit(asOf: asOf)
                switch format {
                case .json: try emit(Array((try jsonText(report) + "\n").utf8), to: out)
                case .csv: try emit(report.csv(encoding, file: out ?? "-"), to: out)
                default: try emit(Array((report.text + "\n").utf8), to: out)
                }
            }
            if let out { print(ReportText.written(report.summary, to: out).text()) }
            if report.errors > 0 { throw ExitCode(1) }
        }
    }
}

enum AuditFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
    case csv
    case html
}
