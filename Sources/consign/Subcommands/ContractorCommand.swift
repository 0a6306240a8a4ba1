import ArgumentParser
import ConsignCore
import ConsignWorkspace
import Foundation

struct ContractorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contractor",
        abstract: "Register contractors, change their status and record their evaluations.",
        subcommands: [Add.self, List.self, Show.self, Suspend.self, Reinstate.self, Terminate.self, Evaluate.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a contractor profile version (its exact bytes and SHA-256).",
            discussion: """
                The profile is validated against the built-in contractor schema and the catalog. Registering \
                the same bytes again does nothing; different bytes under a registered id and version are \
                refused: a changed profile is a new version.
                """)

        @Argument(help: ArgumentHelp("The profile document.", valueName: "file")) var file: String
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
        static let configuration = CommandConfiguration(
            abstract: "List the registered contractors, with their status and agreements in force on a date.")

        @Option(help: DateArgument.help("The date to list as of")) var on: DateArgument?
        @Option(help: "Output style: text or json.") var format: OutputFormat = .text
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
        static let configuration = CommandConfiguration(
            abstract: "Show a contractor: profile, status history, evaluations and agreements.")

        @Argument(help: ArgumentHelp("The contractor id.", valueName: "id")) var id: String
        @Option(help: DateArgument.help("The date its status and agreements are shown for")) var on: DateArgument?
        @Option(help: "Output style: text or json.") var format: OutputFormat = .text
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
        static let configuration = CommandConfiguration(
            abstract: "Suspend a contractor from a date: it receives nothing until reinstated.")
        @OptionGroup var change: StatusChangeOptions

        func run() async throws { try await change.apply(.suspended, verb: "suspended") }
    }

    struct Reinstate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reinstate a suspended contractor from a date.")
        @OptionGroup var change: StatusChangeOptions

        func run() async throws { try await change.apply(.active, verb: "reinstated") }
    }

    struct Terminate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Terminate a contractor from a date. Termination is final.")
        @OptionGroup var change: StatusChangeOptions

        func run() async throws { try await change.apply(.terminated, verb: "terminated") }
    }

    struct Evaluate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record an evaluation: selection, periodic, or the yearly foreign-basis check.",
            discussion: """
                A passing selection evaluation must precede a contractor's first transfer (PPC guideline \
                3-4-4); periodic re-evaluations follow it (yearly by custom). With --evidence, the SHA-256 \
                of that file's bytes is recorded.
                """)

        @Argument(help: ArgumentHelp("The contractor id.", valueName: "id")) var id: String
        @Option(help: DateArgument.help("The evaluation date")) var on: DateArgument?
        @Option(help: "selection, periodic or foreign-basis.") var kind: Evaluation.Kind
        @Option(help: "pass or fail.") var result: Evaluation.Result
        @Option(help: ArgumentHelp("A file documenting the evaluation.", valueName: "file")) var evidence: String?
        @Option(help: "What was evaluated and how.") var note: String
        @OptionGroup var options: WorkspaceOptions
        @OptionGroup var recording: RecordingOptions

        func run() async throws {
            try await reporting {
                let procurement = try await makeProcurement(options, recording)
                let recorded = try await procurement.evaluate(
                    id, kind: kind, result: result, on: try on?.resolve(options.root), evidence: evidence.map { URL(fileURLWithPath: $0) },
                    note: note)
                guard case .evaluated(let e) = recorded.event.payload else { return }
                let evidence = e.evidence.map { ", evidence sha256 \($0.sha256)" } ?? ""
                print("recorded \(e.kind.rawValue) evaluation of \(id): \(e.result.rawValue) on \(e.on)\(evidence) (event \(recorded.sequence))")
            }
        }
    }
}

extension Evaluation.Kind: ExpressibleByArgument {}
extension Evaluation.Result: ExpressibleByArgument {}

/// The arguments of suspend, reinstate and terminate.
struct StatusChangeOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The contractor id.", valueName: "id")) var id: String
    @Option(help: DateArgument.help("From when")) var on: DateArgument?
    @Option(help: "Why.") var note: String = ""
    @OptionGroup var options: WorkspaceOptions
    @OptionGroup var recording: RecordingOptions

    func apply(_ status: ContractorStatus, verb: String) async throws {
        try await reporting {
            let procurement = try await makeProcurement(options, recording)
            let recorded = try await procurement.changeStatus(of: id, to: status, on: try on?.resolve(options.root), note: note)
            guard case .statusChanged(let change) = recorded.event.payload else { return }
            print("\(verb) \(id) on \(change.on) (event \(recorded.sequence))")
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
        print("registered \(r.documentID) version \(r.version) from \(r.file)  sha256 \(r.sha256)  (event \(done.event!.sequence))")
    } else {
        print("already registered: \(r.documentID) version \(r.version) with the same bytes (sha256 \(r.sha256))")
    }
}
