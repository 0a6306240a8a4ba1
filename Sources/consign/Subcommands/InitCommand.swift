import ArgumentParser
import ConsignCore
import ConsignWorkspace
import Foundation

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: WorkspaceHelp.initAbstract.text(),
        discussion: WorkspaceHelp.initDiscussion.text())

    @Argument(help: ArgumentHelp(WorkspaceHelp.initDirectory.text(), valueName: "dir"))
    var directory: String = "."

    @Flag(help: ArgumentHelp(WorkspaceHelp.initExample.text()))
    var example = false

    @Option(help: ArgumentHelp(DatabaseHelp.database.text(), valueName: "url"))
    var database: String?

    @Option(help: ArgumentHelp(KeyHelp.initKey.text(), valueName: "file"))
    var key: String?

    func run() async throws {
        try await reporting {
            let workspace = Workspace(
                root: URL(fileURLWithPath: directory, isDirectory: true),
                databaseURL: database ?? ProcessInfo.processInfo.environment["CONSIGN_DATABASE"].flatMap { $0.isEmpty ? nil : $0 })
            for path in try await workspace.create(example: example, key: key.map { URL(fileURLWithPath: $0) }) {
                print(WorkspaceText.created(path: path).text())
            }
            print(WorkspaceText.initialized(root: workspace.root.path).text())
            print("")
            print(WorkspaceText.nextStepsHeading.text())
            for (number, step) in Workspace.nextSteps(after: directory, example: example).enumerated() {
                print("  \(number + 1). \(step.text())")
                if let command = step.command { print("       \(command)") }
            }
        }
    }
}
