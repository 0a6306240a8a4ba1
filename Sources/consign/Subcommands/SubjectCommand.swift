import ArgumentParser
import ConsignCore
import ConsignWorkspace
import Foundation

struct SubjectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subject",
        abstract: StaffHelp.Subject.abstract.text(),
        discussion: StaffHelp.Subject.discussion.text(),
        subcommands: [
            Show.self, StopUse.self, Erase.self, Stopped.self, Request.self, Requests.self, Answer.self, Notified.self,
            Disclose.self,
        ])

    struct StopUse: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stop-use",
            abstract: StaffHelp.Subject.stopUseAbstract.text())

        @Argument(help: ArgumentHelp(StaffHelp.Subject.id.text(), valueName: "id"))
        var id: String?
        @Option(help: ArgumentHelp(StaffHelp.Subject.file.text(), valueName: "file"))
        var file: String?
        @Option(help: ArgumentHelp(StaffHelp.Subject.reason.text())) var reason: String
        @OptionGroup var received: ReceivedRequestOptions
        @OptionGroup var options: WorkspaceOptions
        @OptionGroup var recording: RecordingOptions

        func validate() throws {
            switch (id, file) {
            case (nil, nil): throw ValidationError(SubjectText.giveIdOrFile.text())
            case (.some, .some): throw ValidationError(SubjectText.idOrFileNotBoth.text())
            default: break
            }
            if received.request != nil, file != nil { throw ValidationError(SubjectText.requestAnsweredAsRecorded.text()) }
        }

        func run() async throws {
            try await reporting {
                let office = try await privacyOffice(options, recordedBy: operatorName(recording.recordedBy))
                let on = try received.on?.resolve(options.root)
                var recorded: [RecordedEvent]
                if let file {
                    let listed = try SubjectList.read(URL(fileURLWithPath: file), name: file)
                    let batch = try await office.stopUse(listedIn: listed, reason: reason, on: on)
                    for skipped in batch.skipped { printError(skipped.description) }
                    recorded = batch.recorded
                } else {
                    recorded = try await office.stopUse(subjectKey: id!, reason: reason, on: on, entry: received.entry)
                }
                for recorded in recorded {
                    switch recorded.event.payload {
                    case .subjectRequested(let request):
                        print(RequestText.entered(id: request.id, kind: request.kind, event: recorded.sequence).text())
                    case .stopUse(let stop):
                        print(SubjectText.stopUseRecorded(from: stop.on, hash: stop.subject, event: recorded.sequence).text())
                    case .requestAnswered(let answer):
                        print(RequestText.answerRecorded(id: answer.request, on: answer.on, event: recorded.sequence).text())
                    default: continue
                    }
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
        @OptionGroup var received: ReceivedRequestOptions
        @Option(help: ArgumentHelp(WorkspaceHelp.format.text())) var format: OutputFormat = .text
        @OptionGroup var options: WorkspaceOptions
        @OptionGroup var recording: RecordingOptions

        func run() async throws {
            try await reporting {
                let office = try await privacyOffice(options, recordedBy: operatorName(recording.recordedBy))
                let view = try await office.erase(
                    subjectKey: id, reason: reason, on: try received.on?.resolve(options.root), entry: received.entry)
                print(format == .json ? try jsonText(view) : view.text)
            }
        }
    }
}

/// How `subject stop-use` and `subject erase` enter their request in the request register: received now (on a
/// date, with the proof of identity), or the answer to one recorded before.
struct ReceivedRequestOptions: ParsableArguments {
    @Option(help: DateArgument.help(StaffHelp.Subject.receivedOn.text())) var on: DateArgument?
    @Option(help: ArgumentHelp(StaffHelp.Subject.answersRequest.text(), valueName: "request")) var request: String?
    @Option(help: ArgumentHelp(StaffHelp.Subject.identityEvidence.text(), valueName: "file")) var identityEvidence: String?

    func validate() throws {
        if request != nil, on != nil || identityEvidence != nil {
            throw ValidationError(SubjectText.requestAnsweredAsRecorded.text())
        }
    }

    var entry: RequestEntry {
        request.map { .answering(request: $0) } ?? .received(identityEvidence: identityEvidence.map { URL(fileURLWithPath: $0) })
    }
}

extension SubjectCommand {
    struct Request: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: RequestHelp.requestAbstract.text(), discussion: RequestHelp.requestDiscussion.text())

        @Argument(help: ArgumentHelp(StaffHelp.Subject.id.text(), valueName: "id")) var id: String
        @Option(help: ArgumentHelp(RequestHelp.kind.text(), valueName: "kind")) var kind: SubjectRequest.Kind
        @Option(help: DateArgument.help(RequestHelp.received.text())) var received: DateArgument?
        @Option(help: ArgumentHelp(RequestHelp.identityEvidence.text(), valueName: "file")) var identityEvidence: String
        @Option(help: ArgumentHelp(RequestHelp.field.text(), valueName: "field")) var field: [String] = []
        @Option(help: ArgumentHelp(RequestHelp.note.text())) var note: String = ""
        @Option(help: ArgumentHelp(WorkspaceHelp.format.text())) var format: OutputFormat = .text
        @OptionGroup var options: WorkspaceOptions
        @OptionGroup var recording: RecordingOptions

        func run() async throws {
            try await reporting {
                let office = try await privacyOffice(options, recordedBy: operatorName(recording.recordedBy))
                let view = try await office.request(
                    RequestInput(
                        subjectKey: id, kind: kind, received: try received?.resolve(options.root),
                        identityEvidence: URL(fileURLWithPath: identityEvidence), fields: field, note: note))
                print(format == .json ? try jsonText(view) : view.recordedText)
            }
        }
    }

    struct Requests: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: RequestHelp.requestsAbstract.text())

        @Flag(help: ArgumentHelp(RequestHelp.openOnly.text())) var open = false
        @Flag(help: ArgumentHelp(RequestHelp.overdueOnly.text())) var overdue = false
        @Option(help: DateArgument.help(RequestHelp.listedOn.text())) var on: DateArgument?
        @Option(help: ArgumentHelp(WorkspaceHelp.format.text())) var format: OutputFormat = .text
        @OptionGroup var options: WorkspaceOptions

        func run() async throws {
            try await reporting {
                let office = try await privacyOffice(options, recordedBy: "")
                let views = try await office.requests(on: try on.orToday(options.root)).filter {
                    (!open || $0.answeredOn == nil) && (!overdue || $0.overdue)
                }
                print(format == .json ? try jsonText(views) : RequestView.table(views))
            }
        }
    }

    struct Answer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: RequestHelp.answerAbstract.text())

        @Argument(help: ArgumentHelp(RequestHelp.requestID.text(), valueName: "request")) var request: String
        @Option(help: DateArgument.help(RequestHelp.answeredOn.text())) var on: DateArgument?
        @Option(help: ArgumentHelp(RequestHelp.answerNote.text())) var note: String
        @Option(help: ArgumentHelp(RequestHelp.letter.text(), valueName: "file")) var letter: String?
        @OptionGroup var options: WorkspaceOptions
        @OptionGroup var recording: RecordingOptions

        func run() async throws {
            try await reporting {
                let office = try await privacyOffice(options, recordedBy: operatorName(recording.recordedBy))
                let answer = try await office.answer(
                    request: request, on: try on?.resolve(options.root), note: note, letter: letter.map { URL(fileURLWithPath: $0) })
                print(RequestText.answerRecorded(id: request, on: answer.value.on, event: answer.sequence).text())
            }
        }
    }

    struct Notified: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: RequestHelp.notifiedAbstract.text())

        @Argument(help: ArgumentHelp(RequestHelp.requestID.text(), valueName: "request")) var request: String
        @Option(help: ArgumentHelp(RequestHelp.contractor.text(), valueName: "id")) var contractor: String
        @Option(help: DateArgument.help(RequestHelp.notifiedOn.text())) var on: DateArgument?
        @Option(help: ArgumentHelp(RequestHelp.noticeNote.text())) var note: String = ""
        @OptionGroup var options: WorkspaceOptions
        @OptionGroup var recording: RecordingOptions

        func run() async throws {
            try await reporting {
                let office = try await privacyOffice(options, recordedBy: operatorName(recording.recordedBy))
                let notice = try await office.notified(
                    request: request, contractor: contractor, on: try on?.resolve(options.root), note: note)
                print(
                    RequestText.noticeRecorded(id: request, contractor: contractor, on: notice.value.on, event: notice.sequence).text())
            }
        }
    }
}

extension SubjectCommand {
    struct Disclose: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: RequestHelp.discloseAbstract.text())

        @Argument(help: ArgumentHelp(StaffHelp.Subject.id.text(), valueName: "id")) var id: String
        @Option(help: ArgumentHelp(RequestHelp.discloseOut.text(), valueName: "file")) var out: String
        @OptionGroup var options: WorkspaceOptions

        func run() async throws {
            try await reporting {
                let office = try await privacyOffice(options, recordedBy: "")
                let letter = try await office.disclosureLetter(subjectKey: id)
                try emit(Array(letter.html.utf8), to: out)
                print(LetterText.written(subject: letter.subject, transfers: letter.rows.count, to: out).text())
            }
        }
    }
}

extension SubjectRequest.Kind: ExpressibleByArgument {}

/// The privacy office on the workspace the options name, its register opened (and interrupted extracts
/// finished).
func privacyOffice(_ options: WorkspaceOptions, recordedBy: String) async throws -> PrivacyOffice {
    let workspace = try options.root
    return PrivacyOffice(
        workspace: workspace, store: try await workspace.openRegister(), clock: try WallClock.system(), recordedBy: recordedBy)
}
