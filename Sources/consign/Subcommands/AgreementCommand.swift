import ArgumentParser
import ConsignCore
import ConsignWorkspace
import Foundation

struct AgreementCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agreement",
        abstract: "Register confidentiality agreement versions and list them.",
        subcommands: [Add.self, List.self, Show.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register an agreement version (its exact bytes and SHA-256).",
            discussion: """
                The agreement is validated against the built-in agreement schema, the catalog and the \
                register (its contractor must be registered; no other agreement of the contractor may cover \
                the same purpose on the same date). Registered versions never change: an amendment is a new \
                version, which supersedes the earlier ones from its own effective-from date.
                """)

        @Argument(help: ArgumentHelp("The agreement document.", valueName: "file")) var file: String
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
        static let configuration = CommandConfiguration(
            abstract: "List every registered agreement version and where it stands on a date.")

        @Option(help: DateArgument.help("The date to list as of")) var on: DateArgument?
        @Option(help: "Output style: text or json.") var format: OutputFormat = .text
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
        static let configuration = CommandConfiguration(
            abstract: "Show every registered version of an agreement, with its clauses a)-h).")

        @Argument(help: ArgumentHelp("The agreement id.", valueName: "id")) var id: String
        @Option(help: DateArgument.help("The date its standing is shown for")) var on: DateArgument?
        @Option(help: "Output style: text or json.") var format: OutputFormat = .text
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
