import ArgumentParser
import ConsignCore
import ConsignWorkspace
import Foundation

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Registers for people, generated from the records: recipients, contractors, the HTML report.",
        subcommands: [Recipients.self, Contractors.self, HTML.self])

    /// Options every report takes.
    struct ReportOptions: ParsableArguments {
        @Option(name: [.customLong("on"), .customLong("as-of")], help: DateArgument.help("The date the report is for"))
        var on: DateArgument?
        @Option(help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "file"))
        var out: String?
        @OptionGroup var workspace: WorkspaceOptions

        func date() throws -> CalendarDate { try on.orToday(try workspace.root) }
    }

    struct Recipients: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Per contractor: identity, purposes, data categories, countries and basis, retention.",
            discussion: """
                The recipients part of a record of processing (GDPR Art. 30(1)(d), (e)) and the items of an APPI \
                record of provision: every contractor with an agreement in force or a transfer up to the date.
                """)

        @Option(help: "Output style: csv (UTF-8 with a BOM), xml or json.") var format: RecipientsFormat = .csv
        @OptionGroup var report: ReportOptions

        func run() async throws {
            try await reporting {
                let record = try await Auditor(workspace: try report.workspace.root).recipients(asOf: try report.date())
                switch format {
                case .csv: try emit(record.csv, to: report.out)
                case .xml: try emit(Array(record.xml.utf8), to: report.out)
                case .json: try emit(Array((try jsonText(record) + "\n").utf8), to: report.out)
                }
                if let out = report.out {
                    print("recipients as of \(record.asOf): \(record.recipients.count) contractor(s); written to \(out)")
                }
            }
        }
    }

    struct Contractors: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The contractor register a Privacy Mark auditor asks for (委託先管理台帳).",
            discussion: """
                One row per contractor: tasks, data items and records sent, selection evaluation, agreement with \
                its period and clause coverage a)–h), sub-contractors, last and next periodic evaluation, deletion \
                confirmations. CSV in UTF-8 with a BOM, so that Excel opens it correctly; the headers are in the \
                language chosen (--lang ja for Japanese).
                """)

        @Option(help: "Output style: csv (UTF-8 with a BOM) or json.") var format: ContractorsFormat = .csv
        @OptionGroup var report: ReportOptions

        func run() async throws {
            try await reporting {
                let register = try await Auditor(workspace: try report.workspace.root).contractorRegister(asOf: try report.date())
                switch format {
                case .csv: try emit(register.csv(), to: report.out)
                case .json: try emit(Array((try jsonText(register) + "\n").utf8), to: report.out)
                }
                if let out = report.out {
                    print("contractor register as of \(register.asOf): \(register.rows.count) contractor(s); written to \(out)")
                }
            }
        }
    }
}

extension ReportCommand {
    struct HTML: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "html",
            abstract: "One self-contained HTML page for auditors: summary, findings, coverage, timeline, transfers.",
            discussion: """
                No network, no scripts, no external fonts or images: it opens from a USB stick or an e-mail \
                attachment. The agreement timeline and the monthly transfers are inline SVG.
                """)

        @OptionGroup var report: ReportOptions

        func validate() throws {
            guard report.out != nil else { throw ValidationError("give --out FILE (e.g. --out audit.html)") }
        }

        func run() async throws {
            try await reporting {
                let page = try await Auditor(workspace: try report.workspace.root).htmlReport(asOf: try report.date())
                try emit(Array(page.html.utf8), to: report.out)
                print("\(page.audit.summary); written to \(report.out!)")
            }
        }
    }
}

enum RecipientsFormat: String, ExpressibleByArgument, CaseIterable {
    case csv
    case xml
    case json
}

enum ContractorsFormat: String, ExpressibleByArgument, CaseIterable {
    case csv
    case json
}
