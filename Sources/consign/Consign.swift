import ArgumentParser
import ConsignCore
import Foundation

/// The release; `--version` adds the commit it was built from.
let consignVersion = "0.20.0"

@main
struct Consign: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consign",
        abstract: WorkspaceHelp.consignAbstract.text(),
        discussion: WorkspaceHelp.consignDiscussion.text(),
        version: "consign \(consignVersion) (commit \(buildCommit))",
        subcommands: [
            DemoCommand.self, InitCommand.self, CheckCommand.self, ContractorCommand.self, AgreementCommand.self,
            PlanCommand.self, ExtractCommand.self, StatsCommand.self, AnonymiseCommand.self, SampleCommand.self, SubjectCommand.self, TransferCommand.self, LedgerCommand.self,
            IncidentCommand.self, AuditCommand.self, ReportCommand.self, DatabaseCommand.self, KeyCommand.self,
            KeygenCommand.self, ReceiveCommand.self, CompanyKeyCommand.self, ImportProfileCommand.self,
        ]
    )

    /// Parses and runs the command, mapping usage errors to exit status 2 (argument-parser's default is 64).
    static func main() async {
        do {
            var command = try parseAsRoot(Language.choose(from: Array(CommandLine.arguments.dropFirst())))
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

extension Language {
    /// Takes `--lang en|ja` (anywhere on the command line) out of the arguments and makes it the language of
    /// every sentence, before anything is said; returns the arguments left for the parser.
    static func choose(from arguments: [String]) -> [String] {
        var rest: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            var value: String?
            if argument == "--lang", index + 1 < arguments.count {
                value = arguments[index + 1]
                index += 1
            } else if argument.hasPrefix("--lang=") {
                value = String(argument.dropFirst(7))
            } else if argument == "--" {
                rest += arguments[index...]
                break
            } else {
                rest.append(argument)
            }
            index += 1
            guard let value else { continue }
            guard Language(rawValue: value) != nil else {
                printError(WorkspaceText.unknownLanguage(value).text())
                Foundation.exit(2)
            }
            setenv("CONSIGN_LANG", value, 1)
        }
        return rest
    }
}
