import ArgumentParser
import ConsignCore
import ConsignWorkspace
import Foundation

struct SubjectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subject",
        abstract: StaffHelp.Subject.abstract.text(),
        discussion: StaffHelp.Subject.discussion.text(),
        subcommands: [Show.self, StopUse.self, Erase.self, Stopped.self])

    struct StopUse: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stop-use",
            abstract: StaffHelp.Subject.stopUseAbstract.text())

        @Argument(help: ArgumentHelp(StaffHelp.Subject.id.text(), valueName: "id"))
        var id: String?
        @Option(help: ArgumentHelp(StaffHelp.Subject.file.text(), valueName: "file"))
        var file: String?
        @Option(help: ArgumentHelp(StaffHelp.Subject.reason.text())) var reason: String
        @Option(help: DateArgument.help(StaffHelp.Subject.receivedOn.text())) var on: DateArgument?
        @OptionGroup var options: WorkspaceOptions
        @OptionGroup var recording: RecordingOptions

        func validate() throws {
            switch (id, file) {
            case (nil, nil): throw ValidationError(SubjectText.giveIdOrFile.text())
            case (.some, .some): throw ValidationError(SubjectText.idOrFileNotBoth.text())
            default: break
            }
        }

        func run() async throws {
            try await reporting {
                let office = try await privacyOffice(options, recordedBy: operatorName(recording.recordedBy))
                let on = try self.on?.resolve(options.root)
                var recorded: [RecordedEvent]
                if let file {
                    let listed = try SubjectList.read(URL(fileURLWithPath: file), name: file)
                    let batch = try await office.stopUse(listedIn: listed, reason: reason, on: on)
                    for skipped in batch.skipped { printError(skipped.description) }
                    recorded = batch.recorded
                } else {
                    recorded = try await office.stopUse(subjectKeys: [id!], reason: reason, on: on)
                }
                for recorded in recorded {
                    guard case .stopUse(let stop) = recorded.event.payload else { continue }
                    print(SubjectText.stopUseRecorded(from: stop.on, hash: stop.subject, event: recorded.sequence).text())
                }
                if let file, recorded.isEmpty { print(SubjectText.nothingRecorded(file: file).text()) }
            }
        }
    }

    struct Stopped: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: StaffHelp.Subject.stoppedAbstract.text())

        @Option(help: DateArgument.help(StaffHelp.Subject.stoppedOn.text())) var on: DateArgument?
        @Option(help: ArgumentHelp(WorkspaceHelp.format.text())) var format: OutputFormat = .text
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
            abstract: StaffHelp.Subject.showAbstract.text())

        @Argument(help: ArgumentHelp(StaffHelp.Subject.id.text(), valueName: "id"))
        var id: String
        @Option(help: DateArgument.help(StaffHelp.Subject.showOn.text())) var on: DateArgument?
        @Option(help: ArgumentHelp(WorkspaceHelp.format.text())) var format: OutputFormat = .text
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
            abstract: StaffHelp.Subject.eraseAbstract.text(),
            discussion: StaffHelp.Subject.eraseDiscussion.text())

        @Argument(help: ArgumentHelp(StaffHelp.Subject.id.text(), valueName: "id"))
        var id: String
        @Option(help: ArgumentHelp(StaffHelp.Subject.reason.text())) var reason: String
        @Option(help: DateArgument.help(StaffHelp.Subject.receivedOn.text())) var on: DateArgument?
        @Option(help: ArgumentHelp(WorkspaceHelp.format.text())) var format: OutputFormat = .text
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
func privacyOffice(_ options: WorkspaceOptions, recordedBy: String) async throws -> PrivacyOffice {
    let workspace = try options.root
    return PrivacyOffice(
        workspace: workspace, store: try await workspace.openRegister(), clock: try WallClock.system(), recordedBy: recordedBy)
}
