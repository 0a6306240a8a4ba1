import ArgumentParser
import ConsignCore
import ConsignKeys
import ConsignWorkspace
import Foundation

/// `consign key`: the keys each role holds (`DerivedKey` draws the hierarchy).
struct KeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "key", abstract: KeyHelp.key.text(), subcommands: [Export.self, Rotate.self])

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

extension KeyCommand {
    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: KeyHelp.rotate.text(), discussion: KeyHelp.rotateDiscussion.text())

        @Option(help: ArgumentHelp(DeliveryHelp.note.text())) var note: String = ""
        @OptionGroup var options: WorkspaceOptions
        @OptionGroup var recording: RecordingOptions

        func run() async throws {
            try await reporting {
                let workspace = try options.root
                let staff = Staff(workspace: workspace, store: try await workspace.openRegister(), clock: try WallClock.system())
                let (recorded, generation) = try await staff.rotatePseudonymKeys(
                    note: note, recordedBy: operatorName(recording.recordedBy))
                print(KeyText.rotated(generation: generation, event: recorded.sequence).text())
            }
        }
    }
}

extension Role: ExpressibleByArgument {
    /// The roles a key file is exported for; `staff` is still parsed, to be refused with the reason.
    package static var allValueStrings: [String] { allCases.filter { $0.derivedKeys != nil }.map(\.rawValue) }
}
