import ArgumentParser
import ConsignCore
import ConsignStore
import ConsignWorkspace
import Foundation

struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "The register's HMAC chain: its head, and a verification of every link.",
        subcommands: [Head.self, Verify.self])

    struct Head: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the number of events and the head hash: the anchor to keep outside the database.",
            discussion: "Prints COUNT:HASH; give it to `consign ledger verify --anchor` later to detect removed events.")

        @OptionGroup var options: WorkspaceOptions

        func run() async throws {
            try await reporting {
                let head = try await LedgerAudit(workspace: try options.root).head()
                print("\(head.count):\(head.hash)")
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the HMAC chain and report the first broken link.",
            discussion: """
                Recomputes every event's chain hash with the workspace key and checks that the events run 1, 2, \
                3, … without a gap, that each is a well-formed canonical record, and that each transfer's stored subject hashes match the \
                set its event records. Detects an edited, removed, inserted or reordered event (also when the \
                database's triggers were bypassed) and a chain recomputed without the key. Against an anchor \
                (COUNT:HASH from `consign ledger head`) or the manifests of extract packages, it also detects \
                the removal of the newest events.

                Exit status: 0 intact; 1 a break (each on stdout); 2 a usage or input error.
                """)

        @Option(help: ArgumentHelp("COUNT:HASH printed earlier by `consign ledger head`.", valueName: "count:hash"))
        var anchor: String?
        @Option(help: ArgumentHelp("A package, or a directory of packages, whose manifests to check.", valueName: "dir"))
        var packages: String?
        @OptionGroup var options: WorkspaceOptions

        func validate() throws {
            if let anchor, LedgerAnchor(anchor) == nil {
                throw ValidationError("--anchor must be COUNT:HASH as `consign ledger head` prints it")
            }
        }

        func run() async throws {
            try await reporting {
                let result = try await LedgerAudit(workspace: try options.root).verify(
                    anchor: anchor.flatMap { LedgerAnchor($0) },
                    packages: packages.map { URL(fileURLWithPath: $0, isDirectory: true) })
                for broken in result.breaks {
                    let events = broken.events.isEmpty ? "" : " (events \(broken.events.map(String.init).joined(separator: ", ")))"
                    print("BROKEN\(events): \(broken.message)")
                }
                if result.breaks.isEmpty {
                    print("intact: \(result.count) events, head \(result.count):\(result.head)")
                } else {
                    throw ExitCode(1)
                }
            }
        }
    }
}
