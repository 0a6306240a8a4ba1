import ArgumentParser
import ConsignWorkspace
import Foundation

struct SampleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Generate realistic sample data, so that nobody needs real personal data to try consign.",
        subcommands: [Customers.self])

    struct Customers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write generated customers for the catalog's source columns as CSV.",
            discussion: """
                One row per customer with a value for every source column of the workspace's catalog: \
                Japanese names with kana, addresses, e-mail addresses and phone numbers, consent flags, \
                dates, and the awkward cases of a real export (commas, quotes and newlines inside fields, \
                cells that look like spreadsheet formulas). RFC 4180, UTF-8, CRLF. The same seed always \
                gives the same bytes. Outside a workspace, the columns are those of the example catalog built \
                into consign.
                """)

        @Option(help: "How many customers.") var rows: Int
        @Option(help: ArgumentHelp("The CSV file to write.", valueName: "file")) var out: String
        @Option(help: "The generator's seed.") var seed: UInt64 = 1
        @OptionGroup var options: WorkspaceOptions

        func run() async throws {
            try await reporting {
                let url = URL(fileURLWithPath: out)
                let workspace = options.located
                if FileManager.default.fileExists(atPath: workspace.templatesDirectory.path) {
                    let bytes = try workspace.writeSampleCustomers(rows: rows, to: url, seed: seed)
                    print("wrote \(rows) customers to \(out) (\(bytes) bytes, seed \(seed))")
                } else {
                    let bytes = try Workspace.writeSampleCustomers(
                        rows: rows, to: url, seed: seed, catalog: try ExampleWorkspace.catalog())
                    print("wrote \(rows) customers to \(out) (\(bytes) bytes, seed \(seed); the example catalog's columns: no workspace here)")
                }
            }
        }
    }
}
