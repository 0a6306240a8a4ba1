import ArgumentParser
import ConsignCore
import ConsignWorkspace
import Foundation

struct SampleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: WorkspaceHelp.sampleAbstract.text(),
        subcommands: [Customers.self])

    struct Customers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: WorkspaceHelp.customersAbstract.text(),
            discussion: WorkspaceHelp.customersDiscussion.text())

        @Option(help: ArgumentHelp(WorkspaceHelp.rows.text())) var rows: Int
        @Option(help: ArgumentHelp(WorkspaceHelp.out.text(), valueName: "file")) var out: String
        @Option(help: ArgumentHelp(WorkspaceHelp.seed.text())) var seed: UInt64 = 1
        @OptionGroup var options: WorkspaceOptions

        func run() async throws {
            try await reporting {
                let url = URL(fileURLWithPath: out)
                let workspace = options.located
                if FileManager.default.fileExists(atPath: workspace.templatesDirectory.path) {
                    let bytes = try workspace.writeSampleCustomers(rows: rows, to: url, seed: seed)
                    print(WorkspaceText.wroteSample(rows: rows, file: out, bytes: bytes, seed: seed, exampleCatalog: false).text())
                } else {
                    let bytes = try Workspace.writeSampleCustomers(
                        rows: rows, to: url, seed: seed, catalog: try ExampleWorkspace.catalog())
                    print(WorkspaceText.wroteSample(rows: rows, file: out, bytes: bytes, seed: seed, exampleCatalog: true).text())
                }
            }
        }
    }
}
