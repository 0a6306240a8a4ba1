import ArgumentParser
import ConsignCore
import ConsignPipeline
import ConsignWorkspace
import Foundation

struct ExtractCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Write the minimum necessary extract for a task and a contractor, and record the transfer.",
        discussion: """
            Plans first (as consign plan) and refuses when the planner refuses. Then streams the source (CSV \
            with a header row, or XML with one element per record, by its .xml extension) through the task's \
            row scope and the stop-use list, puts each column of the task's layout that the plan sends into \
            its form (hmac pseudonyms keyed per contractor, prefix, mask, year, age_band, bucket, null), and \
            writes the package DIR/<transfer id>/: extract.csv and/or extract.xml (with extract.xsd), and \
            manifest.xml. The transfer, with the exact catalog and task template used and the keyed hashes of \
            the subjects sent, is appended to the register before the package becomes visible; a refused or \
            failed extract leaves DIR and the register as they were.

            Exit status: 0 extracted; 1 refused (the planner's diagnosis is on stdout); 2 a usage or input \
            error (file:line: error: message on stderr, nothing written).
            """)

    @Option(help: ArgumentHelp("The task template id.", valueName: "id")) var task: String
    @Option(help: ArgumentHelp("The contractor id.", valueName: "id")) var contractor: String
    @Option(help: ArgumentHelp("The customer data: a CSV file, or an XML file (.xml).", valueName: "file"))
    var source: String
    @Option(help: ArgumentHelp("The directory the package is written into.", valueName: "dir")) var out: String
    @Option(help: ArgumentHelp("The files to write: csv, xml or csv,xml.", valueName: "formats"))
    var format: String = "csv"
    @OptionGroup var recording: RecordingOptions
    @OptionGroup var options: WorkspaceOptions

    func validate() throws {
        _ = try formats()
    }

    private func formats() throws -> [ExtractFormat] {
        let names = format.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let formats = names.compactMap(ExtractFormat.init(rawValue:))
        guard !names.isEmpty, formats.count == names.count, Set(formats).count == formats.count else {
            throw ValidationError("--format must be csv, xml or csv,xml (not '\(format)')")
        }
        return formats
    }

    func run() async throws {
        try await reporting {
            let workspace = try options.root
            let started = Date()
            let staff = Staff(workspace: workspace, store: try await workspace.openRegister(), clock: try WallClock.system())
            let request = ExtractRequest(
                task: task, contractor: contractor, source: URL(fileURLWithPath: source), sourceName: source,
                out: URL(fileURLWithPath: out, isDirectory: true), formats: try formats(),
                recordedBy: operatorName(recording.recordedBy))
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
        let line = String(
            format: "\r%@ records  %.0f MB/s  ETA %.0f s ", thousands(progress.records), rate / 1e6, max(left, 0))
        FileHandle.standardError.write(Data(line.utf8))
    }

    func clear() { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
}
