import ArgumentParser
import ConsignCore
import ConsignWorkspace
import Foundation

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: StaffHelp.Plan.abstract.text(),
        discussion: StaffHelp.Plan.discussion.text())

    @Option(help: ArgumentHelp(StaffHelp.task.text(), valueName: "id")) var task: String
    @Option(help: ArgumentHelp(StaffHelp.contractor.text(), valueName: "id")) var contractor: String
    @Option(help: DateArgument.help(StaffHelp.Plan.on.text())) var on: DateArgument?
    @Option(help: ArgumentHelp(WorkspaceHelp.format.text())) var format: OutputFormat = .text
    @OptionGroup var options: WorkspaceOptions

    func run() async throws {
        try await reporting {
            let workspace = try options.root
            let staff = Staff(workspace: workspace, store: try await workspace.openRegister(), clock: try WallClock.system())
            let view = PlanView(try await staff.plan(task: task, contractor: contractor, on: on?.resolve(workspace)))
            print(format == .json ? try jsonText(view) : view.text)
            if view.refused { throw ExitCode(1) }
        }
    }
}
