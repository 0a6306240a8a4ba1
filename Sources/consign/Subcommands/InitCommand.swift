import ArgumentParser
import ConsignWorkspace
import Foundation

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a workspace: folders, schemas, starter documents to copy, the register and a master key.",
        discussion: """
            Writes the schemas (agreements/agreement.xsd, agreements/contractors/contractor.xsd, \
            templates/catalog.xsd, templates/task.xsd) and, into folders that hold no document yet, a neutral \
            catalog and one commented example of a contractor profile, its agreement and a task template, valid \
            as they stand; existing files are kept. Then .consign/ with the register (SQLite) and the workspace \
            master key (32 random bytes, mode 0600), and prints the next steps, which lead to a first plan and \
            extract. With --example, the whole example workspace of the README instead (nothing registered). \
            Keep .consign/ out of git; back the key up: every pseudonym and the ledger chain derive from it.
            """)

    @Argument(help: ArgumentHelp("The workspace directory (created if missing).", valueName: "dir"))
    var directory: String = "."

    @Flag(help: "Lay out the README's example workspace (Kumo Learning K.K., eight contractors) instead.")
    var example = false

    func run() async throws {
        try await reporting {
            let workspace = Workspace(root: URL(fileURLWithPath: directory, isDirectory: true))
            for path in try workspace.create(example: example) { print("created \(path)") }
            print("initialized a consign workspace in \(workspace.root.path)")
            print("")
            print("next steps:")
            for (number, step) in Workspace.nextSteps(after: directory, example: example).enumerated() {
                print("  \(number + 1). \(step.what)")
                if let command = step.command { print("       \(command)") }
            }
        }
    }
}
