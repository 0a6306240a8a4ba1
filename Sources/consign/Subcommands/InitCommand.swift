import ArgumentParser
import ConsignWorkspace
import Foundation

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a workspace: folders, schemas, a starter catalog, the register and a master key.",
        discussion: """
            Writes agreements/agreement.xsd, agreements/contractors/contractor.xsd, templates/catalog.xsd, \
            templates/task.xsd and a starter templates/catalog.xml where they are missing (existing files are \
            kept), then .consign/ with the register (SQLite) and the workspace master key (32 random bytes, \
            mode 0600). Keep .consign/ out of git; back the key up: every pseudonym and the ledger chain \
            derive from it.
            """)

    @Argument(help: ArgumentHelp("The workspace directory.", valueName: "dir"))
    var directory: String = "."

    func run() async throws {
        try await reporting {
            let workspace = Workspace(root: URL(fileURLWithPath: directory, isDirectory: true))
            for path in try workspace.create() { print("created \(path)") }
            print("initialized a consign workspace in \(workspace.root.path)")
        }
    }
}
