import ArgumentParser
import ConsignCore
import ConsignWorkspace
import Foundation

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: AuditHelp.report.text(),
        subcommands: [Recipients.self, Contractors.self, Provisions.self, HTML.self])

    /// Options every report takes.
    struct ReportOptions: ParsableArguments {
        @Option(name: [.customLong("on"), .customLong("as-of")], help: DateArgument.help(AuditHelp.reportOn.text()))
        var on: DateArgument?
        @Option(help: ArgumentHelp(AuditHelp.out.text(), valueName: "file"))
        var out: String?
        @Option(help: ArgumentHelp(AuditHelp.csvEncoding.text(), valueName: "encoding")) var encoding: CSVEncoding = .utf8BOM
        @OptionGroup var workspace: WorkspaceOptions

        func date() throws -> CalendarDate { try on.orToday(try workspace.root) }

        /// Where the report goes, as an error names it.
        var destination: String { out ?? "-" }
    }

    struct Recipients: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: AuditHelp.recipients.text(), discussion: AuditHelp.recipientsDiscussion.text())

        @Option(help: ArgumentHelp(AuditHelp.recipientsFormat.text())) var format: RecipientsFormat = .csv
        @OptionGroup var report: ReportOptions

        func run() async throws {
            try await reporting {
                let record = try await Auditor(workspace: try report.workspace.root).recipients(asOf: try report.date())
                try format.emit(
                    record, csv: { try record.csv(report.encoding, file: report.destination) }, xml: record.xml, to: report.out)
                if let out = report.out {
                    print(ReportText.recipientsWritten(asOf: record.asOf, contractors: record.recipients.count, to: out).text())
                }
            }
        }
    }

    struct Contractors: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: AuditHelp.contractors.text(), discussion: AuditHelp.contractorsDiscussion.text())

        @Option(help: ArgumentHelp(AuditHelp.contractorsFormat.text())) var format: ContractorsFormat = .csv
        @OptionGroup var report: ReportOptions

        func run() async throws {
            try await reporting {
                let register = try await Auditor(workspace: try report.workspace.root).contractorRegister(asOf: try report.date())
                switch format {
                case .csv: try emit(register.csv(report.encoding, file: report.destination), to: report.out)
                case .json: try emit(Array((try jsonText(register) + "\n").utf8), to: report.out)
                }
                if let out = report.out {
                    print(
                        ReportText.contractorRegisterWritten(asOf: register.asOf, contractors: register.rows.count, to: out).text())
                }
            }
        }
    }
}

extension ReportCommand {
    struct Provisions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: AuditHelp.provisions.text(), discussion: AuditHelp.provisionsDiscussion.text())

        @Option(help: ArgumentHelp(AuditHelp.recipientsFormat.text())) var format: RecipientsFormat = .csv
        @Option(help: DateArgument.help(AuditHelp.provisionsFrom.text(), default: nil)) var from: DateArgument?
        @Option(help: DateArgument.help(AuditHelp.provisionsTo.text(), default: nil)) var to: DateArgument?
        @OptionGroup var report: ReportOptions

        func run() async throws {
            try await reporting {
                let workspace = try report.workspace.root
                let records = try await Auditor(workspace: workspace).provisions(
                    asOf: try report.date(), from: try from?.resolve(workspace), to: try to?.resolve(workspace))
                try format.emit(
                    records, csv: { try records.csv(report.encoding, file: report.destination) }, xml: records.xml,
                    to: report.out)
                if let out = report.out {
                    print(ReportText.provisionsWritten(asOf: records.asOf, provisions: records.provisions.count, to: out).text())
                }
            }
        }
    }

    struct HTML: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "html",
            abstract: AuditHelp.html.text(), discussion: AuditHelp.htmlDiscussion.text())

        @OptionGroup var report: ReportOptions

        func validate() throws {
            guard report.out != nil else { throw ValidationError(ReportText.htmlFormatNeedsOut.text()) }
        }

        func run() async throws {
            try await reporting {
                let page = try await Auditor(workspace: try report.workspace.root).htmlReport(asOf: try report.date())
                try emit(Array(page.html.utf8), to: report.out)
                print(ReportText.written(page.audit.summary, to: report.out!).text())
            }
        }
    }
}

/// The formats of a record-keeping report (`report recipients`, `report provisions`).
enum RecipientsFormat: String, ExpressibleByArgument, CaseIterable {
    case csv
    case xml
    case json

    /// Writes `report` in this format to `out` (stdout when nil).
    func emit(_ report: some Encodable, csv: () throws -> [UInt8], xml: String, to out: String?) throws {
        switch self {
        case .csv: try ConsignWorkspace.emit(try csv(), to: out)
        case .xml: try ConsignWorkspace.emit(Array(xml.utf8), to: out)
        case .json: try ConsignWorkspace.emit(Array((try jsonText(report) + "\n").utf8), to: out)
        }
    }
}

enum ContractorsFormat: String, ExpressibleByArgument, CaseIterable {
    case csv
    case json
}
