import ArgumentParser
import ConsignCore
import ConsignWorkspace
import Foundation

struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: StaffHelp.Stats.abstract.text(),
        discussion: StaffHelp.Stats.discussion.text())

    @Option(help: ArgumentHelp(StaffHelp.task.text(), valueName: "id")) var task: String
    @Option(help: ArgumentHelp(StaffHelp.Stats.contractor.text(), valueName: "id")) var contractor: String?
    @Option(help: ArgumentHelp(StaffHelp.Extract.source.text(), valueName: "file|url")) var source: String
    @Option(help: ArgumentHelp(StaffHelp.Stats.out.text(), valueName: "dir")) var out: String
    @Option(help: ArgumentHelp(StaffHelp.Extract.formats.text(), valueName: "formats")) var format: String = "csv"
    @Option(help: ArgumentHelp(StaffHelp.Stats.nodeLimit.text(), valueName: "n"))
    var nodeLimit: Int = StatsRequest.defaultNodeLimit
    @Option(help: ArgumentHelp(StaffHelp.Extract.encoding.text(), valueName: "encoding")) var encoding: CSVEncoding = .utf8
    @OptionGroup var recording: RecordingOptions
    @OptionGroup var options: WorkspaceOptions

    func validate() throws {
        _ = try ExtractFormat.list(format)
        guard nodeLimit >= 0 else { throw ValidationError(StatisticsText.badNodeLimit(nodeLimit).text()) }
    }

    func run() async throws {
        try await reporting {
            let workspace = try options.root
            let staff = Staff(workspace: workspace, store: try await workspace.openRegister(), clock: try WallClock.system())
            let request = StatsRequest(
                task: task, contractor: contractor, source: ExtractSource(source), out: URL(fileURLWithPath: out, isDirectory: true),
                formats: try ExtractFormat.list(format), recordedBy: operatorName(recording.recordedBy), nodeLimit: nodeLimit,
                encoding: encoding)
            switch try await staff.releaseStatistics(request) {
            case .refused(let task, let contractor, let on, let reasons):
                print(StatisticsText.refused(task: task, contractor: contractor, on: on).text())
                for reason in reasons { print("  - \(reason.code): \(reason.message)") }
                throw ExitCode(1)
            case .released(let result):
                print(result.summary)
            }
        }
    }
}
