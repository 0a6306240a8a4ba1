import ArgumentParser
import ConsignCore
import ConsignPostgres
import ConsignWorkspace
import Foundation

/// `consign db`: what a database administrator does for the shared register.
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: DatabaseHelp.db.text(), subcommands: [Setup.self, Grant.self, Import.self])

    struct Setup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: DatabaseHelp.setup.text(), discussion: DatabaseHelp.setupDiscussion.text())

        @Argument(help: ArgumentHelp(DatabaseHelp.setupURL.text(), valueName: "url"))
        var url: String

        func run() async throws {
            try await reporting {
                let location = try PostgresLocation(url: url)
                let applied = try await PostgresAdministration.setUp(location)
                print(DatabaseText.setUpDone(database: location.database, applied: applied).text())
            }
        }
    }

    struct Grant: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: DatabaseHelp.grant.text(), discussion: DatabaseHelp.grantDiscussion.text())

        @Argument(help: ArgumentHelp(DatabaseHelp.role.text(), valueName: "role"))
        var role: String
        @Argument(help: ArgumentHelp(DatabaseHelp.user.text(), valueName: "user"))
        var user: String
        @Option(help: ArgumentHelp(DatabaseHelp.database.text(), valueName: "url"))
        var database: String?

        func run() async throws {
            try await reporting {
                guard let role = Role(rawValue: role) else {
                    throw InputError(DatabaseText.unknownRole(role: role).text())
                }
                let url = database ?? ProcessInfo.processInfo.environment["CONSIGN_DATABASE"] ?? ""
                let location = try PostgresLocation(url: url)
                try await PostgresAdministration.grant(role, to: user, at: location)
                print(DatabaseText.granted(role: role.rawValue, user: user).text())
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", abstract: DatabaseHelp.importAbstract.text(), discussion: DatabaseHelp.importDiscussion.text())

        @Argument(help: ArgumentHelp(DatabaseHelp.setupURL.text(), valueName: "url"))
        var url: String
        @Option(help: ArgumentHelp(WorkspaceHelp.workspace.text(), valueName: "dir"))
        var workspace: String?

        func run() async throws {
            try await reporting {
                let location = try PostgresLocation(url: url)
                let found = Workspace.locate(
                    explicit: workspace, environment: ProcessInfo.processInfo.environment,
                    from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true))
                let copied = try await RegisterCopy.copy(found, to: location)
                print(DatabaseText.imported(events: copied.events, head: "\(copied.events):\(copied.head)").text())
            }
        }
    }
}
