import ArgumentParser
import ConsignCore
import ConsignWorkspace
import Foundation

struct AgreementCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agreement",
        abstract: ProcurementHelp.agreement.text(),
        subcommands: [Add.self, List.self, Show.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: ProcurementHelp.agreementAdd.text(), discussion: ProcurementHelp.agreementAddDiscussion.text())

        @Argument(help: ArgumentHelp(ProcurementHelp.agreementFile.text(), valueName: "file")) var file: String
        @OptionGroup var options: WorkspaceOptions
        @OptionGroup var recording: RecordingOptions

        func run() async throws {
            try await reporting {
                let procurement = try await makeProcurement(options, recording)
                report(try await procurement.addAgreement(file: URL(fileURLWithPath: file)))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: ProcurementHelp.agreementList.text())

        @Option(help: DateArgument.help(ProcurementHelp.listedOn.text())) var on: DateArgument?
        @Option(help: ArgumentHelp(ProcurementHelp.format.text())) var format: OutputFormat = .text
        @OptionGroup var options: WorkspaceOptions

        func run() async throws {
            try await reporting {
                let snapshot = try await readSnapshot(options, on: on)
                let views = snapshot.documents.agreements.map { AgreementView($0.document, in: snapshot) }
                print(format == .json ? try jsonText(views) : AgreementView.table(views))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: ProcurementHelp.agreementShow.text())

        @Argument(help: ArgumentHelp(ProcurementHelp.agreementID.text(), valueName: "id")) var id: String
        @Option(help: DateArgument.help(ProcurementHelp.agreementShownOn.text())) var on: DateArgument?
        @Option(help: ArgumentHelp(ProcurementHelp.format.text())) var format: OutputFormat = .text
        @OptionGroup var options: WorkspaceOptions

        func run() async throws {
            try await reporting {
                let snapshot = try await readSnapshot(options, on: on)
                let views = snapshot.documents.agreements.filter { $0.document.id == id }
                    .map { AgreementView($0.document, in: snapshot) }
                guard !views.isEmpty else {
                    throw InputError(
                        Message.unknown(.agreement, id: id, known: snapshot.register.agreements.keys.sorted()).text())
                }
                print(format == .json ? try jsonText(views) : views.map(\.text).joined(separator: "\n\n"))
            }
        }
    }
}
