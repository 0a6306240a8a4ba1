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
        @Option(help: ArgumentHelp("The date the request was received (YYYY-MM-DD; default today).", valueName: "date"))
        var on: CalendarDate?
        @OptionGroup var options: WorkspaceOptions
        @OptionGroup var recording: RecordingOptions

        func validate() throws {
            guard (id == nil) != (file == nil) else { throw ValidationError("give a subject id or --file, not both") }
        }

        func run() async throws {
            try await reporting {
                let office = try await privacyOffice(options, recordedBy: operatorName(recording.recordedBy))
                var ids = id.map { [$0] } ?? []
                if let file { ids += try PrivacyOffice.subjectKeys(listedIn: URL(fileURLWithPath: file), name: file) }
                for recorded in try await office.stopUse(subjectKeys: ids, reason: reason, on: on) {
                    guard case .stopUse(let stop) = recorded.event.payload else { continue }
                    print("stop-use from \(stop.on): subject \(stop.subject) (event \(recorded.sequence))")
                }
            }
        }
    }

    struct Stopped: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the stop-use list.")

        @OptionGroup var options: WorkspaceOptions
        @Option(help: "Output style: text or json.") var format: OutputFormat = .text

        func run() async throws {
            try await reporting {
                let office = try await privacyOffice(options, recordedBy: "")
                let views = try await office.stopped()
                print(format == .json ? try jsonText(views) : StopUseView.table(views))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every transfer that included a data subject: when, to whom, under which agreement, what.")

        @Argument(help: ArgumentHelp("The subject's id (the catalog's subject key, e.g. a customer id).", valueName: "id"))
        var id: String
        @Option(help: "Output style: text or json.") var format: OutputFormat = .text
        @OptionGroup var options: WorkspaceOptions

        func run() async throws {
            try await reporting {
                let office = try await privacyOffice(options, recordedBy: "")
                let view = try await office.show(subjectKey: id)
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
        @Option(help: ArgumentHelp("The date the request was received (YYYY-MM-DD; default today).", valueName: "date"))
        var on: CalendarDate?
        @Option(help: "Output style: text or json.") var format: OutputFormat = .text
        @OptionGroup var options: WorkspaceOptions
        @OptionGroup var recording: RecordingOptions

        func run() async throws {
            try await reporting {
                let office = try await privacyOffice(options, recordedBy: operatorName(recording.recordedBy))
                let view = try await office.erase(subjectKey: id, reason: reason, on: on)
                print(format == .json ? try jsonText(view) : view.text)
            }
        }
    }
}

/// The privacy office on the workspace the options name, its register opened (and interrupted extracts
/// finished).
private func privacyOffice(_ options: WorkspaceOptions, recordedBy: String) async throws -> PrivacyOffice {
    let workspace = options.root
    return PrivacyOffice(
        workspace: workspace, store: try await workspace.openRegister(), clock: try WallClock.system(), recordedBy: recordedBy)
}
