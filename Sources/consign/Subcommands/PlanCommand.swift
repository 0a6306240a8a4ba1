import ArgumentParser
import ConsignCore
import ConsignWorkspace
import Foundation

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "The minimum necessary field set for a task and a contractor, or why there is none.",
        discussion: """
            Chooses one option for every need of the task so that every field form sent is permitted by \
            the contractor's agreement in force for the task's purpose, every field was collected for that \
            purpose, and the total weight is minimal (exactly, not greedily). Prints each form sent with the \
            weight it adds and the needs it serves, and each catalog field withheld with why. Refuses, with \
            every reason, when the contractor is suspended or terminated or not evaluated, when no agreement \
            covers the purpose, when a need cannot be met, when a task that mixes or enriches data would go \
            under an entrustment, when a transfer abroad lacks its basis, or when pseudonymised information \
            would include a direct identifier or contact the person.

            Exit status: 0 a plan; 1 refused (the diagnosis is on stdout); 2 a usage or input error.
            """)

    @Option(help: ArgumentHelp("The task template id.", valueName: "id")) var task: String
    @Option(help: ArgumentHelp("The contractor id.", valueName: "id")) var contractor: String
    @Option(help: DateArgument.help("The date to plan for")) var on: DateArgument?
    @Option(help: "Output style: text or json.") var format: OutputFormat = .text
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
