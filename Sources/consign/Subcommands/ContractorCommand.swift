import ArgumentParser
import ConsignCore
import ConsignWorkspace
import Foundation

struct ContractorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contractor",
        abstract: ProcurementHelp.contractor.text(),
        subcommands: [Add.self, List.self, Show.self, Suspend.self, Reinstate.self, Terminate.self, Evaluate.self, Report.self,
            Key.self,
        ])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: ProcurementHelp.contractorAdd.text(), discussion: ProcurementHelp.contractorAddDiscussion.text())

        @Argument(help: ArgumentHelp(ProcurementHelp.profileFile.text(), valueName: "file")) var file: String
        @OptionGroup var options: WorkspaceOptions
        @OptionGroup var recording: RecordingOptions

        func run() async throws {
            try await reporting {
                let procurement = try await makeProcurement(options, recording)
                let done = try await procurement.addContractor(file: URL(fileURLWithPath: file))
                report(done)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: ProcurementHelp.contractorList.text())

        @Option(help: DateArgument.help(ProcurementHelp.listedOn.text())) var on: DateArgument?
        @Option(help: ArgumentHelp(ProcurementHelp.format.text())) var format: OutputFormat = .text
        @OptionGroup var options: WorkspaceOptions

        func run() async throws {
            try await reporting {
                let snapshot = try await readSnapshot(options, on: on)
                let views = snapshot.register.contractors.keys.sorted().compactMap { ContractorView($0, in: snapshot) }
                print(format == .json ? try jsonText(views) : ContractorView.table(views))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: ProcurementHelp.contractorShow.text())

        @Argument(help: ArgumentHelp(ProcurementHelp.contractorID.text(), valueName: "id")) var id: String
        @Option(help: DateArgument.help(ProcurementHelp.contractorShownOn.text())) var on: DateArgument?
        @Option(help: ArgumentHelp(ProcurementHelp.format.text())) var format: OutputFormat = .text
        @OptionGroup var options: WorkspaceOptions

        func run() async throws {
            try await reporting {
                let snapshot = try await readSnapshot(options, on: on)
                guard let view = ContractorView(id, in: snapshot) else { throw snapshot.register.unknownContractor(id) }
                print(format == .json ? try jsonText(view) : view.text)
            }
        }
    }

    struct Suspend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: ProcurementHelp.suspend.text())
        @OptionGroup var change: StatusChangeOptions

        func run() async throws { try await change.apply(.suspended) }
    }

    struct Reinstate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: ProcurementHelp.reinstate.text())
        @OptionGroup var change: StatusChangeOptions

        func run() async throws { try await change.apply(.active) }
    }

    struct Terminate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: ProcurementHelp.terminate.text())
        @OptionGroup var change: StatusChangeOptions

        func run() async throws { try await change.apply(.terminated) }
    }

    struct Evaluate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: ProcurementHelp.evaluate.text(), discussion: ProcurementHelp.evaluateDiscussion.text())

        @Argument(help: ArgumentHelp(ProcurementHelp.contractorID.text(), valueName: "id")) var id: String
        @Option(help: DateArgument.help(ProcurementHelp.evaluatedOn.text())) var on: DateArgument?
        @Option(help: ArgumentHelp(ProcurementHelp.evaluationKind.text())) var kind: Evaluation.Kind
        @Option(help: ArgumentHelp(ProcurementHelp.evaluationResult.text())) var result: Evaluation.Result
        @Option(help: ArgumentHelp(ProcurementHelp.evidence.text(), valueName: "file")) var evidence: String?
        @Option(help: ArgumentHelp(ProcurementHelp.evaluationNote.text())) var note: String
        @OptionGroup var options: WorkspaceOptions
        @OptionGroup var recording: RecordingOptions

        func run() async throws {
            try await reporting {
                let procurement = try await makeProcurement(options, recording)
                let recorded = try await procurement.evaluate(
                    id, kind: kind, result: result, on: try on?.resolve(options.root), evidence: evidence.map { URL(fileURLWithPath: $0) },
                    note: note)
                guard case .evaluated(let e) = recorded.event.payload else { return }
                let evaluated = ProcurementText.evaluated(
                    contractor: id, e.kind, e.result, on: e.on, evidenceSHA256: e.evidence?.sha256, event: recorded.sequence)
                print(evaluated.text())
            }
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: IncidentHelp.contractorReportAbstract.text())

        @Argument(help: ArgumentHelp(ProcurementHelp.contractorID.text(), valueName: "id")) var id: String
        @Option(help: DateArgument.help(IncidentHelp.receivedOn.text())) var on: DateArgument?
        @Option(help: ArgumentHelp(IncidentHelp.reportFile.text(), valueName: "file")) var evidence: String
        @Option(help: ArgumentHelp(IncidentHelp.note.text())) var note: String = ""
        @OptionGroup var options: WorkspaceOptions
        @OptionGroup var recording: RecordingOptions

        func run() async throws {
            try await reporting {
                let procurement = try await makeProcurement(options, recording)
                let recorded = try await procurement.recordReport(
                    of: id, on: try on?.resolve(options.root), file: URL(fileURLWithPath: evidence), note: note)
                guard case .contractorReported(let report) = recorded.event.payload else { return }
                print(
                    IncidentText.contractorReportRecorded(
                        contractor: id, on: report.on, sha256: report.evidence.sha256, event: recorded.sequence
                    ).text())
            }
        }
    }
}

extension ContractorCommand {
    struct Key: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: DeliveryHelp.contractorKey.text(), discussion: DeliveryHelp.contractorKeyDiscussion.text())

        @Argument(help: ArgumentHelp(ProcurementHelp.contractorID.text(), valueName: "id")) var id: String
        @Option(help: ArgumentHelp(DeliveryHelp.ageRecipient.text(), valueName: "age1...")) var ageRecipient: String?
        @Option(help: ArgumentHelp(DeliveryHelp.fromFile.text(), valueName: "file")) var fromFile: String?
        @Option(help: DateArgument.help(DeliveryHelp.keyOn.text())) var on: DateArgument?
        @Option(help: ArgumentHelp(DeliveryHelp.note.text())) var note: String = ""
        @OptionGroup var options: WorkspaceOptions
        @OptionGroup var recording: RecordingOptions

        func validate() throws {
            guard (ageRecipient == nil) != (fromFile == nil) else {
                throw ValidationError(DeliveryText.oneKeySource.text())
            }
        }

        func run() async throws {
            try await reporting {
                let recipient = try ageRecipient
                    ?? DeliveryKeyInput.recipient(inFile: URL(fileURLWithPath: fromFile!), name: fromFile!)
                let procurement = try await makeProcurement(options, recording)
                let (recorded, replaced) = try await procurement.registerKey(
                    of: id, recipient: recipient, on: try on?.resolve(options.root), note: note)
                guard case .contractorKey(let key) = recorded.event.payload else { return }
                print(
                    DeliveryText.keyRegistered(
                        contractor: id, recipient: key.recipient, fingerprint: DeliveryKeyInput.fingerprint(of: key.recipient),
                        on: key.on, event: recorded.sequence, replaced: replaced
                    ).text())
            }
        }
    }
}

extension Evaluation.Kind: ExpressibleByArgument {}
extension Evaluation.Result: ExpressibleByArgument {}

/// The arguments of suspend, reinstate and terminate.
struct StatusChangeOptions: ParsableArguments {
    @Argument(help: ArgumentHelp(ProcurementHelp.contractorID.text(), valueName: "id")) var id: String
    @Option(help: DateArgument.help(ProcurementHelp.statusChangeOn.text())) var on: DateArgument?
    @Option(help: ArgumentHelp(ProcurementHelp.statusChangeNote.text())) var note: String = ""
    @OptionGroup var options: WorkspaceOptions
    @OptionGroup var recording: RecordingOptions

    func apply(_ status: ContractorStatus) async throws {
        try await reporting {
            let procurement = try await makeProcurement(options, recording)
            let recorded = try await procurement.changeStatus(of: id, to: status, on: try on?.resolve(options.root), note: note)
            guard case .statusChanged(let change) = recorded.event.payload else { return }
            print(ProcurementText.statusChanged(contractor: id, to: status, on: change.on, event: recorded.sequence).text())
        }
    }
}

func makeProcurement(_ options: WorkspaceOptions, _ recording: RecordingOptions) async throws -> Procurement {
    let workspace = try options.root
    return Procurement(
        workspace: workspace, store: try await workspace.openRegister(), clock: try WallClock.system(),
        recordedBy: operatorName(recording.recordedBy))
}

/// The register read for a listing as of the date given (default today).
func readSnapshot(_ options: WorkspaceOptions, on: DateArgument?) async throws -> RegisterSnapshot {
    let workspace = try options.root
    let store = try await workspace.openRegister()
    return try await RegisterSnapshot.read(store, today: try on.orToday(workspace))
}

func report(_ done: Procurement.Registration) {
    for warning in done.warnings { printError(warning.description) }
    let r = done.registration
    if done.appended {
        let registered = ProcurementText.registered(
            document: r.documentID, version: r.version, file: r.file, sha256: r.sha256, event: done.event!.sequence)
        print(registered.text())
    } else {
        print(ProcurementText.alreadyRegistered(document: r.documentID, version: r.version, sha256: r.sha256).text())
    }
}
