import ArgumentParser
import ConsignCore
import ConsignWorkspace
import Foundation

struct TransferCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfer",
        abstract: "The transfers in the register: what went to whom, under which agreement.",
        subcommands: [List.self, Show.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every transfer, oldest first.")

        @Option(help: "Output style: text or json.") var format: OutputFormat = .text
        @OptionGroup var options: WorkspaceOptions

        func run() async throws {
            try await reporting {
                let views = try await transferViews(options)
                print(format == .json ? try jsonText(views) : TransferView.table(views))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one transfer as its event records it.")

        @Argument(help: ArgumentHelp("The transfer id (T-…).", valueName: "id")) var id: String
        @Option(help: "Output style: text or json.") var format: OutputFormat = .text
        @OptionGroup var options: WorkspaceOptions

        func run() async throws {
            try await reporting {
                guard let view = try await transferViews(options).first(where: { $0.id == id }) else {
                    throw InputError("no transfer '\(id)' in the register (consign transfer list shows them)")
                }
                print(format == .json ? try jsonText(view) : view.text)
            }
        }
    }
}

private func transferViews(_ options: WorkspaceOptions) async throws -> [TransferView] {
    let workspace = options.root
    let register = try await workspace.openRegister().register()
    let today = try workspace.today(try Clock.system())
    return register.transfers.map { TransferView($0, today: today) }
}
