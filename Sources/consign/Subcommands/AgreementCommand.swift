import ArgumentParser
import ConsignCore
import ConsignWorkspace
import Foundation

struct AgreementCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agreement",
        abstract: ProcurementHelp.agreement.text(),
        subcommands: [Add.self, List.self, Show.self, VerifyDocument.self])

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

    struct VerifyDocument: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify-document", abstract: ProcurementHelp.verifyDocument.text(),
            discussion: ProcurementHelp.verifyDocumentDiscussion.text())

        @Argument(help: ArgumentHelp(ProcurementHelp.agreementID.text(), valueName: "id")) var id: String
        @Argument(help: ArgumentHelp(ProcurementHelp.signedDocumentFile.text(), valueName: "file")) var file: String
        @Option(help: ArgumentHelp(ProcurementHelp.agreementVersion.text(), valueName: "n")) var version: Int?
        @OptionGroup var options: WorkspaceOptions

        func run() async throws {
            try await reporting {
                let snapshot = try await readSnapshot(options, on: nil)
                let verdict = try SignedDocuments.verify(
                    URL(fileURLWithPath: file), agreement: id, version: version, in: snapshot, workspace: try options.root)
                let agreement = verdict.agreement
                guard verdict.matches else {
                    print(
                        "\(file): "
                            + DocumentText.signedDocumentDiffers(
                            agreement: agreement.id, version: agreement.version, sha256: verdict.sha256, recorded: agreement.signedDocument.sha256
                        ).text())
                    throw ExitCode(1)
                }
                print(
                    ProcurementText.signedDocumentMatches(
                        file: file, agreement: agreement.id, version: agreement.version, reference: agreement.signedDocument.reference,
                        sha256: verdict.sha256
                    ).text())
            }
        }
    }
}
