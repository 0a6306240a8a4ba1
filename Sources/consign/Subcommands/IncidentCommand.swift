import ArgumentParser
import ConsignCore
import ConsignWorkspace
import Foundation

struct IncidentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incident", abstract: IncidentHelp.abstract.text(), discussion: IncidentHelp.discussion.text(),
        subcommands: [Record.self, Report.self, List.self, Show.self])

    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: IncidentHelp.recordAbstract.text())

        @Option(help: ArgumentHelp(StaffHelp.contractor.text(), valueName: "id")) var contractor: String
        @Option(help: ArgumentHelp(IncidentHelp.kind.text())) var kind: Incident.Kind
        @Option(help: ArgumentHelp(IncidentHelp.discovered.text(), valueName: "datetime")) var discovered: DateTimeArgument
        @Option(
            name: .customLong("notified-by-contractor"), help: ArgumentHelp(IncidentHelp.notified.text(), valueName: "datetime"))
        var notified: DateTimeArgument
        @Option(help: ArgumentHelp(IncidentHelp.transfer.text(), valueName: "id")) var transfer: [String] = []
        @Option(help: ArgumentHelp(IncidentHelp.note.text())) var note: String
        @OptionGroup var options: WorkspaceOptions
        @OptionGroup var recording: RecordingOptions

        func run() async throws {
            try await reporting {
                let office = try await privacyOffice(options, recordedBy: operatorName(recording.recordedBy))
                let workspace = try options.root
                let view = try await office.recordIncident(
                    contractor: contractor, kind: kind, discovered: try discovered.resolve(workspace),
                    notified: try notified.resolve(workspace), transfers: transfer, note: note)
                print(IncidentText.recorded(id: view.id, contractor: view.contractor, event: view.event).text())
                print(view.text)
            }
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: IncidentHelp.reportAbstract.text())

        @Argument(help: ArgumentHelp(IncidentHelp.id.text(), valueName: "id")) var id: String
        @Option(help: ArgumentHelp(IncidentHelp.stage.text())) var stage: IncidentReport.Stage
        @Option(help: DateArgument.help(IncidentHelp.reportedOn.text())) var on: DateArgument?
        @Option(help: ArgumentHelp(IncidentHelp.note.text())) var note: String = ""
        @OptionGroup var options: WorkspaceOptions
        @OptionGroup var recording: RecordingOptions

        func run() async throws {
            try await reporting {
                let office = try await privacyOffice(options, recordedBy: operatorName(recording.recordedBy))
                let recorded = try await office.reportIncident(id, stage: stage, on: try on?.resolve(options.root), note: note)
                guard case .incidentReported(let report) = recorded.event.payload else { return }
                print(IncidentText.reported(incident: id, stage: report.stage, on: report.on, event: recorded.sequence).text())
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: IncidentHelp.listAbstract.text())

        @OptionGroup var listing: IncidentListing

        func run() async throws {
            try await reporting {
                let views = try await listing.views()
                if listing.format == .json {
                    print(try jsonText(views))
                } else {
                    print(views.isEmpty ? IncidentText.none.text() : IncidentView.table(views))
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: IncidentHelp.showAbstract.text())

        @Argument(help: ArgumentHelp(IncidentHelp.id.text(), valueName: "id")) var id: String
        @OptionGroup var listing: IncidentListing

        func run() async throws {
            try await reporting {
                let views = try await listing.views()
                guard let view = views.first(where: { $0.id == id }) else {
                    throw InputError(Message.unknown(.incident, id: id, known: views.map(\.id)).text())
                }
                print(listing.format == .json ? try jsonText(view) : view.text)
            }
        }
    }
}

/// The options of `incident list` and `incident show`.
struct IncidentListing: ParsableArguments {
    @Option(help: DateArgument.help(ProcurementHelp.listedOn.text())) var on: DateArgument?
    @Option(help: ArgumentHelp(ProcurementHelp.format.text())) var format: OutputFormat = .text
    @OptionGroup var options: WorkspaceOptions

    /// The incidents the company had learned of by the date.
    func views() async throws -> [IncidentView] {
        try await privacyOffice(options, recordedBy: "").incidents(asOf: try on.orToday(options.root))
    }
}

extension Incident.Kind: ExpressibleByArgument {}
extension IncidentReport.Stage: ExpressibleByArgument {}

/// A date and time on the command line: `YYYY-MM-DDTHH:MM[:SS]`, in the catalog's time zone, or followed by
/// `Z` or an offset (`+09:00`).
struct DateTimeArgument: ExpressibleByArgument, Sendable {
    let text: String

    init?(argument: String) { text = argument }

    func resolve(_ workspace: Workspace) throws -> Timestamp {
        let pattern = #/^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?$/#
        guard let match = text.wholeMatch(of: pattern), let date = CalendarDate(String(match.1)),
            let hour = Int(match.2), let minute = Int(match.3), hour < 24, minute < 60
        else { throw InputError(IncidentText.notADateTime(text).text()) }
        let second = match.4.flatMap { Int($0) } ?? 0
        guard second < 60 else { throw InputError(IncidentText.notADateTime(text).text()) }
        let local = Int64(date.dayNumber) * 86_400 + Int64(hour * 3_600 + minute * 60 + second)
        switch match.5.map(String.init) {
        case "Z":
            return Timestamp(secondsSinceEpoch: local)
        case .some(let offset):
            let sign: Int64 = offset.hasPrefix("-") ? -1 : 1
            let hours = Int64(offset.dropFirst().prefix(2))!, minutes = Int64(offset.suffix(2))!
            return Timestamp(secondsSinceEpoch: local - sign * (hours * 3_600 + minutes * 60))
        case nil:
            let name = try workspace.timeZone()
            guard let zone = TimeZone(identifier: name) else { throw InputError(InputText.unknownTimeZone(name).text()) }
            let guess = Date(timeIntervalSince1970: TimeInterval(local))
            let offset = Int64(zone.secondsFromGMT(for: guess.addingTimeInterval(-TimeInterval(zone.secondsFromGMT(for: guess)))))
            return Timestamp(secondsSinceEpoch: local - offset)
        }
    }
}
