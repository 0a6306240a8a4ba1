import ArgumentParser
import ConsignCore
import ConsignKeys
import ConsignWorkspace
import Foundation

/// `consign key`: the keys each role holds (`DerivedKey` draws the hierarchy).
struct KeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "key", abstract: KeyHelp.key.text(), subcommands: [Export.self])

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: KeyHelp.export.text(), discussion: KeyHelp.exportDiscussion.text())

        @Option(help: ArgumentHelp(KeyHelp.role.text(), valueName: "role")) var role: Role
        @Option(help: ArgumentHelp(KeyHelp.out.text(), valueName: "file")) var out: String
        @OptionGroup var options: WorkspaceOptions

        func run() async throws {
            try await reporting {
                let written = try options.root.keys().export(role, to: URL(fileURLWithPath: out))
                print(KeyText.exported(role: role.rawValue, file: out, keys: written.keyNames).text())
            }
        }
    }
}

extension Role: ExpressibleByArgument {
    /// The roles a key file is exported for; `staff` is still parsed, to be refused with the reason.
    package static var allValueStrings: [String] { allCases.filter { $0.derivedKeys != nil }.map(\.rawValue) }
}
