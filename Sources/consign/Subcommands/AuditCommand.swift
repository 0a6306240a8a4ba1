import ArgumentParser
import ConsignCore
import ConsignWorkspace
import Foundation

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check every transfer, contractor and agreement against the rules, from the records alone.",
        discussion: AuditOptions.discussion,
        subcommands: [Findings.self, Coverage.self])

    @OptionGroup var audit: AuditOptions

    func run() async throws { try await audit.run() }

    struct Findings: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "findings",
            abstract: "The findings of the audit (what `consign audit` prints; the same options).",
            discussion: AuditOptions.discussion)

        @OptionGroup var audit: AuditOptions

        func run() async throws { try await audit.run() }
    }

    struct Coverage: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Contractors × data categories: permitted by the agreement in force, actually sent, never sent.",
            discussion: """
                Takes the options of consign audit, before or after its name: --on DATE, --format text or json, \
                --out FILE, --workspace DIR (consign audit coverage --on 2027-04-01 --format json).
                """)

        @ParentCommand var audit: AuditCommand

        func validate() throws {
            guard [.text, .json].contains(audit.audit.format) else {
                throw ValidationError("consign audit coverage --format takes text or json")
            }
        }

        func run() async throws {
            try await reporting {
                let options = audit.audit
                let workspace = try options.options.root
                let matrix = try await Auditor(workspace: workspace).coverage(asOf: try options.on.orToday(workspace))
                let text = options.format == .json ? try jsonText(matrix) : matrix.text
                try emit(Array((text + "\n").utf8), to: options.out)
                if let out = options.out { print("coverage as of \(matrix.asOf); written to \(out)") }
            }
        }
    }
}

/// The options of `consign audit` (and `consign audit findings`, the same command by its old name).
struct AuditOptions: ParsableArguments {
    static let discussion = """
        Verifies the ledger chain, then checks each transfer against the agreement in force on its date \
        (purpose, fields and forms, mix or enrich, countries and basis, sub-contractors), the contractor's \
        status and selection evaluation, its deletion due date and the stop-use list; each contractor's \
        periodic evaluation and foreign-basis check; each agreement's clauses a)–h) and its end. Every \
        finding has a stable code, a severity, the rule it serves and the records involved.

        Codes: \(FindingCode.allCases.map(\.rawValue).joined(separator: ", ")).

        Exit status: 0 no errors (warnings allowed); 1 at least one error; 2 a usage or input error.
        """

    @Option(name: [.customLong("on"), .customLong("as-of")], help: DateArgument.help("The date to audit as of"))
    var on: DateArgument?
    @Option(help: "Output style: text, json, csv or html (the whole report, as `consign report html`).")
    var format: AuditFormat = .text
    @Option(help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "file"))
    var out: String?
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
                case .csv: try emit(report.csv, to: out)
                default: try emit(Array((report.text + "\n").utf8), to: out)
                }
            }
            if let out { print("\(report.summary); written to \(out)") }
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
