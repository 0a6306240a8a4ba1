import ArgumentParser
import ConsignCore
import ConsignPostgres
import Foundation

/// `consign db`: what a database administrator does for the shared register.
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: DatabaseHelp.db.text(), subcommands: [Setup.self, Grant.self])

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
                guard let role = PostgresSchema.Role(rawValue: role) else {
                    throw InputError(DatabaseText.unknownRole(role: role).text())
                }
                let url = database ?? ProcessInfo.processInfo.environment["CONSIGN_DATABASE"] ?? ""
                let location = try PostgresLocation(url: url)
                try await PostgresAdministration.grant(role, to: user, at: location)
                print(DatabaseText.granted(role: role.rawValue, user: user).text())
            }
        }
    }
}
