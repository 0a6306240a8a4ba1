import ArgumentParser
import ConsignCore
import ConsignStore
import ConsignWorkspace
import Foundation

struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: AuditHelp.ledger.text(),
        subcommands: [Head.self, Verify.self])

    struct Head: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: AuditHelp.head.text(), discussion: AuditHelp.headDiscussion.text())

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
            abstract: AuditHelp.verify.text(), discussion: AuditHelp.verifyDiscussion.text())

        @Option(help: ArgumentHelp(AuditHelp.anchor.text(), valueName: "count:hash"))
        var anchor: String?
        @Option(help: ArgumentHelp(AuditHelp.packages.text(), valueName: "dir"))
        var packages: String?
        @Option(help: ArgumentHelp(DeliveryHelp.companyKey.text(), valueName: "file")) var companyKey: String?
        @OptionGroup var options: WorkspaceOptions

        func validate() throws {
            if let anchor, LedgerAnchor(anchor) == nil {
                throw ValidationError(LedgerText.anchorFormat.text())
            }
        }

        func run() async throws {
            try await reporting {
                let result = try await LedgerAudit(workspace: try options.root).verify(
                    anchor: anchor.flatMap { LedgerAnchor($0) },
                    packages: packages.map { URL(fileURLWithPath: $0, isDirectory: true) },
                    companyKey: companyKey.map { URL(fileURLWithPath: $0) })
                for broken in result.breaks { print(LedgerText.broken(events: broken.events, message: broken.message).text()) }
                if result.breaks.isEmpty {
                    print(LedgerText.intact(events: result.count, head: result.head).text())
                } else {
                    throw ExitCode(1)
                }
            }
        }
    }
}
