import ArgumentParser
import ConsignCore
import ConsignWorkspace
import Foundation

struct TransferCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfer",
        abstract: StaffHelp.Transfer.abstract.text(),
        subcommands: [List.self, Show.self, Record.self, ConfirmDeletion.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: StaffHelp.Transfer.listAbstract.text())

        @Option(help: DateArgument.help(StaffHelp.Transfer.listOn.text())) var on: DateArgument?
        @Option(help: ArgumentHelp(WorkspaceHelp.format.text())) var format: OutputFormat = .text
        @OptionGroup var options: WorkspaceOptions

        func run() async throws {
            try await reporting {
                let views = try await transferViews(options, on: on)
                print(format == .json ? try jsonText(views) : TransferView.table(views))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: StaffHelp.Transfer.showAbstract.text())

        @Argument(help: ArgumentHelp(StaffHelp.Transfer.id.text(), valueName: "id")) var id: String
        @Option(help: DateArgument.help(StaffHelp.Transfer.showOn.text())) var on: DateArgument?
        @Option(help: ArgumentHelp(WorkspaceHelp.format.text())) var format: OutputFormat = .text
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
            abstract: StaffHelp.Transfer.recordAbstract.text(),
            discussion: StaffHelp.Transfer.recordDiscussion.text())

        @Option(help: ArgumentHelp(StaffHelp.contractor.text(), valueName: "id")) var contractor: String
        @Option(help: ArgumentHelp(StaffHelp.task.text(), valueName: "id")) var task: String
        @Option(help: DateArgument.help(StaffHelp.Transfer.recordOn.text(), default: nil)) var on: DateArgument
        @Option(help: ArgumentHelp(StaffHelp.Transfer.fields.text(), valueName: "forms"))
        var fields: String
        @Option(help: ArgumentHelp(StaffHelp.Transfer.rows.text(), valueName: "n")) var rows: Int
        @Option(help: ArgumentHelp(StaffHelp.Transfer.file.text(), valueName: "file"))
        var file: [String] = []
        @Option(help: ArgumentHelp(StaffHelp.Transfer.subjects.text(), valueName: "file")) var subjects: String?
        @Option(help: ArgumentHelp(StaffHelp.Transfer.subContractor.text(), valueName: "id"))
        var subContractor: [String] = []
        @Option(help: ArgumentHelp(StaffHelp.Transfer.note.text())) var note: String
        @Option(help: ArgumentHelp(DeliveryHelp.recordedChannel.text(), valueName: "channel")) var channel: DeliveryChannel?
        @Option(help: ArgumentHelp(DeliveryHelp.channelNote.text(), valueName: "text")) var channelNote: String = ""
        @Option(help: ArgumentHelp(StaffHelp.Transfer.basis.text(), valueName: "exception")) var basis: ProvisionException?
        @Option(help: ArgumentHelp(StaffHelp.Transfer.legalReference.text(), valueName: "text")) var legalReference: String = ""
        @Option(help: ArgumentHelp(StaffHelp.Transfer.recipientName.text(), valueName: "text")) var recipientName: String?
        @Option(help: ArgumentHelp(StaffHelp.Transfer.recipientAddress.text(), valueName: "text")) var recipientAddress: String = ""
        @Option(help: ArgumentHelp(StaffHelp.Transfer.recipientRepresentative.text(), valueName: "text"))
        var recipientRepresentative: String = ""
        @OptionGroup var recording: RecordingOptions
        @OptionGroup var options: WorkspaceOptions

        func run() async throws {
            try await reporting {
                if basis == nil, !legalReference.isEmpty { throw InputError(TransferText.referenceOnlyForException.text()) }
                let forms = try fields.split(separator: ",").map { text throws(InputError) in
                    let trimmed = text.trimmingCharacters(in: .whitespaces)
                    guard let form = FieldForm(parsing: trimmed) else {
                        throw InputError(TransferText.notAFieldForm(trimmed).text())
                    }
                    return form
                }
                let workspace = try options.root
                let on = try self.on.resolve(workspace)
                let staff = Staff(workspace: workspace, store: try await workspace.openRegister(), clock: try WallClock.system())
                var made = TransferByHand(
                    contractor: contractor, task: task, on: on, forms: forms, rows: rows,
                    files: file.map { URL(fileURLWithPath: $0) }, subjects: subjects.map { URL(fileURLWithPath: $0) },
                    subContractors: subContractor, note: note,
                    recordedBy: operatorName(recording.recordedBy), channel: channel, channelNote: channelNote)
                made.exception = basis.map { ($0, legalReference: legalReference) }
                made.recipient = recipientName.map { (name: $0, address: recipientAddress, representative: recipientRepresentative) }
                let recorded = try await staff.record(made)
                if let basis {
                    print(
                        TransferText.disclosureRecorded(
                            transfer: recorded.value.id, on: on, contractor: contractor, basis, event: recorded.sequence
                        ).text())
                } else {
                    print(
                        TransferText.recorded(
                            transfer: recorded.value.id, on: on, contractor: contractor, agreement: recorded.value.agreement,
                            event: recorded.sequence
                        ).text())
                }
                if subjects != nil { print(TransferText.subjectsRecorded(recorded.value.subjects.count).text()) }
            }
        }
    }

    struct ConfirmDeletion: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "confirm-deletion",
            abstract: StaffHelp.Transfer.confirmDeletionAbstract.text(),
            discussion: StaffHelp.Transfer.confirmDeletionDiscussion.text())

        @Argument(help: ArgumentHelp(StaffHelp.Transfer.id.text(), valueName: "id")) var id: String
        @Option(help: DateArgument.help(StaffHelp.Transfer.deletedOn.text())) var on: DateArgument?
        @Option(help: ArgumentHelp(StaffHelp.Transfer.certificate.text(), valueName: "file"))
        var certificate: String
        @Option(help: ArgumentHelp(StaffHelp.Transfer.confirmationNote.text())) var note: String = ""
        @OptionGroup var recording: RecordingOptions
        @OptionGroup var options: WorkspaceOptions

        func run() async throws {
            try await reporting {
                let procurement = try await makeProcurement(options, recording)
                let recorded = try await procurement.confirmDeletion(
                    of: id, on: try on?.resolve(options.root), certificate: URL(fileURLWithPath: certificate), note: note)
                guard case .deletionConfirmed(let confirmation) = recorded.event.payload else { return }
                print(
                    TransferText.deletionConfirmed(
                        transfer: id, on: confirmation.on, sha256: confirmation.certificate.sha256, event: recorded.sequence
                    ).text())
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
    let register = try await workspace.openRegister().register()  // every transfer: the whole register
    let today = try on.orToday(workspace)
    return register.transfers.filter { $0.value.on <= today || $0.value.id == id }.map { transfer in
        let deletion = register.deletions[transfer.value.id]?.value
        return TransferView(transfer, deletion: deletion.flatMap { $0.on <= today ? $0 : nil }, today: today)
    }
}

extension ProvisionException: ExpressibleByArgument {}
