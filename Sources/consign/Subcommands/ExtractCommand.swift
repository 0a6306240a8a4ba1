import ArgumentParser
import ConsignCore
import ConsignPipeline
import ConsignWorkspace
import Foundation

struct ExtractCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: StaffHelp.Extract.abstract.text(),
        discussion: StaffHelp.Extract.discussion.text())

    @Option(help: ArgumentHelp(StaffHelp.task.text(), valueName: "id")) var task: String
    @Option(help: ArgumentHelp(StaffHelp.contractor.text(), valueName: "id")) var contractor: String
    @Option(help: ArgumentHelp(StaffHelp.Extract.source.text(), valueName: "file|url"))
    var source: String
    @Option(help: ArgumentHelp(StaffHelp.Extract.out.text(), valueName: "dir")) var out: String
    @Option(help: ArgumentHelp(StaffHelp.Extract.formats.text(), valueName: "formats"))
    var format: String = "csv"
    @Option(help: ArgumentHelp(StaffHelp.Extract.encoding.text(), valueName: "encoding")) var encoding: CSVEncoding?
    @Option(help: ArgumentHelp(StaffHelp.Extract.substitute.text(), valueName: "file")) var substitute: String?
    @Flag(help: ArgumentHelp(DeliveryHelp.encrypt.text())) var encrypt = false
    @Option(help: ArgumentHelp(DeliveryHelp.channel.text(), valueName: "channel")) var channel: DeliveryChannel?
    @Option(help: ArgumentHelp(DeliveryHelp.channelNote.text(), valueName: "text")) var channelNote: String = ""
    @OptionGroup var recording: RecordingOptions
    @OptionGroup var options: WorkspaceOptions

    func validate() throws {
        _ = try ExtractFormat.list(format)
    }

    func run() async throws {
        try await reporting {
            let workspace = try options.root
            let started = Date()
            let staff = Staff(workspace: workspace, store: try await workspace.openRegister(), clock: try WallClock.system())
            let request = ExtractRequest(
                task: task, contractor: contractor, source: ExtractSource(source),
                out: URL(fileURLWithPath: out, isDirectory: true), formats: try ExtractFormat.list(format),
                recordedBy: operatorName(recording.recordedBy), encrypt: encrypt, channel: channel,
                channelNote: channelNote, encoding: encoding,
                substitutions: substitute.map { URL(fileURLWithPath: $0) })
            let meter = isatty(2) == 1 ? ProgressMeter(started: started) : nil
            switch try await staff.extract(request, progress: meter.map { meter in { meter.show($0) } }) {
            case .refused(let planned):
                print(PlanView(planned).text)
                throw ExitCode(1)
            case .extracted(let result):
                meter?.clear()
                print(result.summary(seconds: Date().timeIntervalSince(started)))
            }
        }
    }
}

/// `rows, MB/s, ETA` on one rewritten stderr line, for a terminal.
final class ProgressMeter: Sendable {
    let started: Date

    init(started: Date) { self.started = started }

    func show(_ progress: ExtractProgress) {
        let seconds = max(Date().timeIntervalSince(started), 0.001)
        let rate = Double(progress.bytesRead) / seconds
        let left = rate > 0 ? Double(progress.totalBytes - progress.bytesRead) / rate : 0
        let line = "\r" + ExtractText.progress(
            records: thousands(progress.records), megabytesPerSecond: rate / 1e6, secondsLeft: max(left, 0)
        ).text()
        FileHandle.standardError.write(Data(line.utf8))
    }

    func clear() { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
}

extension DeliveryChannel: ExpressibleByArgument {}

extension CSVEncoding: ExpressibleByArgument {}

extension ExtractFormat {
    /// `--format` as given: csv, xml or both, comma-separated, each once.
    static func list(_ text: String) throws -> [ExtractFormat] {
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let formats = names.compactMap(ExtractFormat.init(rawValue:))
        guard !names.isEmpty, formats.count == names.count, Set(formats).count == formats.count else {
            throw ValidationError(ExtractText.badFormat(text).text())
        }
        return formats
    }
}
