import ArgumentParser
import ConsignCore
import ConsignWorkspace
import Foundation

struct AnonymiseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "anonymise",
        abstract: StaffHelp.Anonymise.abstract.text(),
        discussion: StaffHelp.Anonymise.discussion.text())

    @Option(help: ArgumentHelp(StaffHelp.task.text(), valueName: "id")) var task: String
    @Option(help: ArgumentHelp(StaffHelp.Anonymise.contractor.text(), valueName: "id")) var contractor: String?
    @Option(help: ArgumentHelp(StaffHelp.Extract.source.text(), valueName: "file|url")) var source: String
    @Option(help: ArgumentHelp(StaffHelp.Anonymise.out.text(), valueName: "dir")) var out: String
    @Option(help: ArgumentHelp(StaffHelp.Extract.encoding.text(), valueName: "encoding")) var encoding: CSVEncoding = .utf8
    @OptionGroup var recording: RecordingOptions
    @OptionGroup var options: WorkspaceOptions

    func run() async throws {
        try await reporting {
            let workspace = try options.root
            let staff = Staff(workspace: workspace, store: try await workspace.openRegister(), clock: try WallClock.system())
            let request = AnonymiseRequest(
                task: task, contractor: contractor, source: ExtractSource(source), out: URL(fileURLWithPath: out, isDirectory: true),
                recordedBy: operatorName(recording.recordedBy), encoding: encoding)
            switch try await staff.anonymise(request) {
            case .refused(let task, let contractor, let on, let reasons):
                print(AnonymisationText.refused(task: task, contractor: contractor, on: on).text())
                for reason in reasons { print("  - \(reason.code): \(reason.message)") }
                throw ExitCode(1)
            case .released(let result):
                print(result.summary)
            }
        }
    }
}
