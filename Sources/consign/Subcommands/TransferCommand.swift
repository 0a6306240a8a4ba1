import ArgumentParser
import ConsignCore
import ConsignWorkspace
import Foundation

struct TransferCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfer",
        abstract: "The transfers in the register: what went to whom, under which agreement.",
        subcommands: [List.self, Show.self, Record.self, ConfirmDeletion.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every transfer made on or before a date, oldest first, with its deletion status then.")

        @Option(help: DateArgument.help("The date to list as of")) var on: DateArgument?
        @Option(help: "Output style: text or json.") var format: OutputFormat = .text
        @OptionGroup var options: WorkspaceOptions

        func run() async throws {
            try await reporting {
                let views = try await transferViews(options, on: on)
                print(format == .json ? try jsonText(views) : TransferView.table(views))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one transfer as its event records it.")

        @Argument(help: ArgumentHelp("The transfer id (T-…).", valueName: "id")) var id: String
        @Option(help: DateArgument.help("The date its deletion status is shown for")) var on: DateArgument?
        @Option(help: "Output style: text or json.") var format: OutputFormat = .text
        @OptionGroup var options: WorkspaceOptions

        func run() async throws {
            try await reporting {
                let views = try await transferViews(options, on: on, including: id)
                guard let view = views.first(where: { $0.id == id }) else {
                    throw InputError(Message.unknown(.transfer, id: id, known: views.map(\.id)).text())
                }
                print(format == .json ? try jsonText(view) : view.text)
            }
        }
    }
}

extension TransferCommand {
    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a transfer made outside consign (on paper, from another system).",
            discussion: """
                The register takes the transfer as it happened, with the agreement in force for the task's purpose \
                on that date if there is one; the audit checks it like any other.
                """)

        @Option(help: ArgumentHelp("The contractor id.", valueName: "id")) var contractor: String
        @Option(help: ArgumentHelp("The task template id.", valueName: "id")) var task: String
        @Option(help: DateArgument.help("The date of the transfer", default: nil)) var on: DateArgument
        @Option(help: ArgumentHelp("The field forms sent: field or field:form, comma-separated.", valueName: "forms"))
        var fields: String
        @Option(help: ArgumentHelp("How many records were sent.", valueName: "n")) var rows: Int
        @Option(help: ArgumentHelp("A file handed over (its size and SHA-256 are recorded); repeatable.", valueName: "file"))
        var file: [String] = []
        @Option(help: ArgumentHelp("A sub-contractor that received the data; repeatable.", valueName: "id"))
        var subContractor: [String] = []
        @Option(help: "What was sent, how, and why it was made outside consign.") var note: String
        @OptionGroup var recording: RecordingOptions
        @OptionGroup var options: WorkspaceOptions

        func run() async throws {
            try await reporting {
                let forms = try fields.split(separator: ",").map { text throws(InputError) in
                    let trimmed = text.trimmingCharacters(in: .whitespaces)
                    guard let form = FieldForm(parsing: trimmed) else {
                        throw InputError("'\(trimmed)' is not a field or field:form (e.g. customer.id:hmac)")
                    }
                    return form
                }
                let workspace = try options.root
                let on = try self.on.resolve(workspace)
                let staff = Staff(workspace: workspace, store: try await workspace.openRegister(), clock: try WallClock.system())
                let recorded = try await staff.record(
                    TransferByHand(
                        contractor: contractor, task: task, on: on, forms: forms, rows: rows,
                        files: file.map { URL(fileURLWithPath: $0) }, subContractors: subContractor, note: note,
                        recordedBy: operatorName(recording.recordedBy)))
                let agreement = recorded.value.agreement.map { "\($0.id) v\($0.version)" } ?? "no agreement in force"
                print("recorded transfer \(recorded.value.id) on \(on) to \(contractor) (\(agreement)), event \(recorded.sequence)")
            }
        }
    }

    struct ConfirmDeletion: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "confirm-deletion",
            abstract: "Record the contractor's certificate that a transfer's data was deleted or returned.",
            discussion: "Appends an event with the certificate's SHA-256; the certificate itself is kept outside consign.")

        @Argument(help: ArgumentHelp("The transfer id (T-…).", valueName: "id")) var id: String
        @Option(help: DateArgument.help("The date of deletion or return the certificate states")) var on: DateArgument?
        @Option(help: ArgumentHelp("The certificate file (its SHA-256 is recorded).", valueName: "file"))
        var certificate: String
        @Option(help: "A note.") var note: String = ""
        @OptionGroup var recording: RecordingOptions
        @OptionGroup var options: WorkspaceOptions

        func run() async throws {
            try await reporting {
                let procurement = try await makeProcurement(options, recording)
                let recorded = try await procurement.confirmDeletion(
                    of: id, on: try on?.resolve(options.root), certificate: URL(fileURLWithPath: certificate), note: note)
                guard case .deletionConfirmed(let confirmation) = recorded.event.payload else { return }
                print(
                    "deletion of transfer \(id) confirmed on \(confirmation.on): certificate sha256 "
                        + "\(confirmation.certificate.sha256) (event \(recorded.sequence))")
            }
        }
    }
}

/// The transfers made on or before the date (and the one named, whatever its date), each with its deletion
/// status on that date.
private func transferViews(_ options: WorkspaceOptions, on: DateArgument?, including id: String? = nil) async throws
    -> [TransferView]
{
    let workspace = try options.root
    let register = try await workspace.openRegister().register()
    let today = try on.orToday(workspace)
    return register.transfers.filter { $0.value.on <= today || $0.value.id == id }.map { transfer in
        let deletion = register.deletions[transfer.value.id]?.value
        return TransferView(transfer, deletion: deletion.flatMap { $0.on <= today ? $0 : nil }, today: today)
    }
}
