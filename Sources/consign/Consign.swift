import ArgumentParser
import ConsignCore
import Foundation

@main
struct Consign: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consign",
        abstract: "Send contractors only the personal data their task needs, under an agreement, on the record.",
        discussion: """
            A workspace holds the confidentiality agreements (agreements/), the contractor profiles \
            (agreements/contractors/), the catalog of personal data and the task templates (templates/), and \
            the register in .consign/: an append-only, hash-chained log of every registration, status change, \
            evaluation, stop-use request and transfer.

            Exit status: 0 success; 1 a finding or a refused operation; 2 a usage or input error \
            (diagnostics on stderr as file:line:col: error: message).
            """,
        subcommands: [
            DemoCommand.self, InitCommand.self, CheckCommand.self, ContractorCommand.self, AgreementCommand.self,
            PlanCommand.self, ExtractCommand.self, SampleCommand.self, SubjectCommand.self, TransferCommand.self, LedgerCommand.self,
            AuditCommand.self, ReportCommand.self,
        ]
    )

    /// Parses and runs the command, mapping usage errors to exit status 2 (argument-parser's default is 64).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
