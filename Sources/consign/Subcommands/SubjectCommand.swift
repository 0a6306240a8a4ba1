import ArgumentParser
import ConsignCore
import ConsignWorkspace
import Foundation

struct SubjectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subject",
        abstract: "Data subjects: who received their data, and their stop-use and erasure requests.",
        discussion: """
            The register knows a data subject only by a keyed hash of the catalog's subject key (SipHash-2-4 \
            with a key derived from the workspace master key), never by the id itself.
            """,
        subcommands: [Show.self, StopUse.self, Erase.self, Stopped.self])

    struct StopUse: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stop-use",
            abstract: "Put a data subject on the stop-use list: every later extract leaves them out.")

        @Argument(help: ArgumentHelp("The subject's id (the catalog's subject key, e.g. a customer id).", valueName: "id"))
        var id: String?
        @Option(help: ArgumentHelp("A file of subject ids, one per line, for requests received together.", valueName: "file"))
        var file: String?
        @Option(help: "The request, as the person made it.") var reason: String
        @Option(help: DateArgument.help("The date the request was received")) var on: DateArgument?
        @OptionGroup var options: WorkspaceOptions
        @OptionGroup var recording: RecordingOptions

        func validate() throws {
            switch (id, file) {
            case (nil, nil): throw ValidationError("give the subject's id, or --file FILE with one id per line")
            case (.some, .some): throw ValidationError("give the subject's id or --file FILE, not both")
            default: break
            }
        }

        func run() async throws {
            try await reporting {
                let office = try await privacyOffice(options, recordedBy: operatorName(recording.recordedBy))
                let on = try self.on?.resolve(options.root)
                var recorded: [RecordedEvent]
                if let file {
                    let listed = try PrivacyOffice.subjectKeys(listedIn: URL(fileURLWithPath: file), name: file)
                    let batch = try await office.stopUse(listedIn: listed, reason: reason, on: on)
                    for skipped in batch.skipped { printError(skipped.description) }
                    recorded = batch.recorded
                } else {
                    recorded = try await office.stopUse(subjectKeys: [id!], reason: reason, on: on)
                }
                for recorded in recorded {
                    guard case .stopUse(let stop) = recorded.event.payload else { continue }
                    print("stop-use from \(stop.on): subject \(stop.subject) (event \(recorded.sequence))")
                }
                if file != nil && recorded.isEmpty { print("nothing recorded: every subject in \(file!) is already on the list") }
            }
        }
    }

    struct Stopped: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the stop-use list: every request received on or before a date, oldest first.")

        @Option(help: DateArgument.help("The date to list as of")) var on: DateArgument?
        @Option(help: "Output style: text or json.") var format: OutputFormat = .text
        @OptionGroup var options: WorkspaceOptions

        func run() async throws {
            try await reporting {
                let office = try await privacyOffice(options, recordedBy: "")
                let on = try self.on.orToday(options.root)
                let views = try await office.stopped().filter { $0.on <= on }
                print(format == .json ? try jsonText(views) : StopUseView.table(views))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every transfer that included a data subject: when, to whom, under which agreement, what.")

        @Argument(help: ArgumentHelp("The subject's id (the catalog's subject key, e.g. a customer id).", valueName: "id"))
        var id: String
        @Option(help: DateArgument.help("The date the deletion status of each transfer is shown for")) var on: DateArgument?
        @Option(help: "Output style: text or json.") var format: OutputFormat = .text
        @OptionGroup var options: WorkspaceOptions

        func run() async throws {
            try await reporting {
                let office = try await privacyOffice(options, recordedBy: "")
                let view = try await office.show(subjectKey: id, on: try on?.resolve(options.root))
                print(format == .json ? try jsonText(view) : view.text)
            }
        }
    }

    struct Erase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record an erasure request, put the subject on the stop-use list, and list the recipients to tell.",
            discussion: """
                consign never held the person's data itself: it records the request (a chained event), leaves the \
                person out of every later extract, and lists each contractor that received their data, with its \
                privacy contact, the transfers and the sub-contractors, so that each can be told to erase it.
                """)

        @Argument(help: ArgumentHelp("The subject's id (the catalog's subject key, e.g. a customer id).", valueName: "id"))
        var id: String
        @Option(help: "The request, as the person made it.") var reason: String
        @Option(help: DateArgument.help("The date the request was received")) var on: DateArgument?
        @Option(help: "Output style: text or json.") var format: OutputFormat = .text
        @OptionGroup var options: WorkspaceOptions
        @OptionGroup var recording: RecordingOptions

        func run() async throws {
            try await reporting {
                let office = try await privacyOffice(options, recordedBy: operatorName(recording.recordedBy))
                let view = try await office.erase(subjectKey: id, reason: reason, on: try on?.resolve(options.root))
                print(format == .json ? try jsonText(view) : view.text)
            }
        }
    }
}

/// The privacy office on the workspace the options name, its register opened (and interrupted extracts
/// finished).
private func privacyOffice(_ options: WorkspaceOptions, recordedBy: String) async throws -> PrivacyOffice {
    let workspace = try options.root
    return PrivacyOffice(
        workspace: workspace, store: try await workspace.openRegister(), clock: try WallClock.system(), recordedBy: recordedBy)
}
