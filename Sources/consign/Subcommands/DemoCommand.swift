import ArgumentParser
import ConsignCore
import ConsignPostgres
import ConsignWorkspace
import Foundation

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: StaffHelp.Demo.abstract.text(),
        discussion: StaffHelp.Demo.discussion.text())

    @Argument(help: ArgumentHelp(StaffHelp.Demo.directory.text(), valueName: "dir"))
    var directory: String = "consign-demo"

    @OptionGroup var recording: RecordingOptions

    @Option(help: ArgumentHelp(DatabaseHelp.database.text(), valueName: "url"))
    var database: String?

    @Option(name: .customLong("as"), help: ArgumentHelp(DatabaseHelp.demoLogin.text(), valueName: "role=login"))
    var logins: [String] = []

    /// `role=login` for each part of the demo that runs as a login of its own.
    private func roleLogins() throws -> [Role: String] {
        var logins: [Role: String] = [:]
        for given in self.logins {
            let parts = given.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let role = Role(rawValue: parts[0]), !parts[1].isEmpty else {
                throw InputError(DatabaseText.unknownRole(role: given).text())
            }
            logins[role] = parts[1]
        }
        return logins
    }

    func run() async throws {
        try await reporting {
            let demo = Demo(
                directory: URL(fileURLWithPath: directory, isDirectory: true), clock: try WallClock.system(),
                recordedBy: operatorName(recording.recordedBy),
                database: database ?? ProcessInfo.processInfo.environment["CONSIGN_DATABASE"].flatMap { $0.isEmpty ? nil : $0 },
                logins: try roleLogins())
            try await demo.run { print($0) }
        }
    }
}
