import ConsignCore
import ConsignStore
import ConsignWorkspace
import Foundation

/// The repository root (the example workspace lives there).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// A new empty temporary directory, removed by the caller's `defer`.
func temporaryDirectory(_ name: String = "consign-test") throws -> URL {
    let url = FileManager.default.temporaryDirectory.appending(path: "\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A copy of the repository's example workspace (agreements/ and templates/) in a temporary directory.
func copyOfExampleWorkspace() throws -> URL {
    let root = try temporaryDirectory("consign-workspace")
    for folder in ["agreements", "templates"] {
        try FileManager.default.copyItem(at: repositoryRoot.appending(path: folder), to: root.appending(path: folder))
    }
    return root
}

/// Reads a workspace file as text.
func readText(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

/// Replaces `old` (which must occur) with `new` in a file.
func edit(_ url: URL, replacing old: String, with new: String) throws {
    let text = try readText(url)
    precondition(text.contains(old), "\(url.lastPathComponent) does not contain \(old)")
    try Data(text.replacingOccurrences(of: old, with: new).utf8).write(to: url)
}

/// What a run of the consign executable printed and how it exited.
struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// The built `consign` executable beside the test bundle (or `CONSIGN_EXECUTABLE`, to run the command-line
/// tests against another build, such as an earlier release).
let consignExecutable: URL = {
    if let path = ProcessInfo.processInfo.environment["CONSIGN_EXECUTABLE"] { return URL(fileURLWithPath: path) }
    let candidates = [
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
        Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent(),
        repositoryRoot.appending(path: ".build/debug"),
    ]
    for directory in candidates {
        let url = directory.appending(path: "consign")
        if FileManager.default.isExecutableFile(atPath: url.path) { return url }
    }
    fatalError("consign executable not found near \(CommandLine.arguments[0])")
}()

/// Runs `consign` with `arguments` in `directory`, with a fixed clock unless told otherwise.
func consign(
    _ arguments: [String], in directory: URL, environment: [String: String] = ["SOURCE_DATE_EPOCH": "1795000000"]
) throws -> Run {
    return try run(consignExecutable, arguments, in: directory, environment: consignEnvironment(environment))
}

/// This process's environment with a real clock and English sentences (whatever the machine's locale),
/// then `environment` on top.
func consignEnvironment(_ environment: [String: String]) -> [String: String] {
    var env = ProcessInfo.processInfo.environment
    for key in ["SOURCE_DATE_EPOCH", "CONSIGN_LANG", "LC_ALL", "LC_MESSAGES"] { env.removeValue(forKey: key) }
    env["LANG"] = "C.UTF-8"
    for (key, value) in environment { env[key] = value }
    return env
}

/// Runs an executable to its end and returns what it printed and how it exited.
func run(_ executable: URL, _ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil) throws
    -> Run
{
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    if let environment { process.environment = environment }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read both pipes before waiting, so a large output cannot fill a pipe and block the child.
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    return Run(
        status: exitStatus(of: process), stdout: String(decoding: stdout, as: UTF8.self),
        stderr: String(decoding: stderr, as: UTF8.self))
}

/// Waits for a child to end and returns its exit status (or the signal that ended it), reaping it here if
/// Foundation has not: Foundation learns of a child's end from SIGCHLD, which a thread that does not block
/// the signal (this test process's main thread does not) can take and drop, leaving `waitUntilExit` waiting
/// for ever beside a zombie.
func exitStatus(of process: Process) -> Int32 {
    var status: Int32 = 0
    while true {
        let reaped = waitpid(process.processIdentifier, &status, WNOHANG)
        if reaped == process.processIdentifier {
            // Exited: the code in the second byte; ended by a signal: its number in the low seven bits.
            return status & 0x7f == 0 ? (status >> 8) & 0xff : status & 0x7f
        }
        // Foundation reaped it first, or it is still running.
        if reaped == -1 || !process.isRunning {
            process.waitUntilExit()
            return process.terminationStatus
        }
        usleep(2_000)
    }
}

/// 1795000000 seconds after the epoch: 2026-11-18T11:06:40Z, 2026-11-18 in Tokyo.
let fixedToday = CalendarDate("2026-11-18")!

/// A `consign` process started with `CONSIGN_PAUSE` at a point, where a debug build waits until it is let go:
/// a test acts from outside at that exact moment.
final class PausedCommand: @unchecked Sendable {
    let point: String
    private let process = Process()
    private let signal = FileManager.default.temporaryDirectory.appending(path: "consign-pause-\(UUID().uuidString)")
    private let readers = DispatchGroup()
    // Written by the reader threads, read once `readers` has been waited for.
    private var stdout = Data(), stderr = Data()

    /// Starts the command and waits until it pauses (or ends first: `paused` is then false).
    init(
        _ arguments: [String], in directory: URL, pausingAt point: String,
        environment: [String: String] = ["SOURCE_DATE_EPOCH": "1795000000"]
    ) throws {
        self.point = point
        var env = consignEnvironment(environment)
        env["CONSIGN_PAUSE"] = "\(point):\(signal.path)"
        process.executableURL = consignExecutable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        // Read the pipes on their own threads, so that a chatty command cannot block on a full pipe.
        DispatchQueue.global().async(group: readers) { [self] in stdout = out.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: readers) { [self] in stderr = err.fileHandleForReading.readDataToEndOfFile() }
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while !paused && process.isRunning && Date() < deadline { usleep(2_000) }
    }

    var paused: Bool { FileManager.default.fileExists(atPath: signal.path) }

    /// Lets it go on, and waits for its end.
    func finish() -> Run {
        try? FileManager.default.removeItem(at: signal)
        process.waitUntilExit()
        readers.wait()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    deinit {
        try? FileManager.default.removeItem(at: signal)
        if process.isRunning { process.terminate() }
    }
}

/// Runs `consign` with a pause at `point`, runs `during` while it waits there, then lets it go on and
/// returns how it ended. Fails when the command ends before reaching the point.
func consign(
    _ arguments: [String], in directory: URL, pausingAt point: String,
    environment: [String: String] = ["SOURCE_DATE_EPOCH": "1795000000"], during: () throws -> Void
) throws -> Run {
    let command = try PausedCommand(arguments, in: directory, pausingAt: point, environment: environment)
    let paused = command.paused
    if paused { try during() }
    let run = command.finish()
    guard paused else { throw PauseNotReached(point: point, run: run) }
    return run
}

/// A command run to pause at a point ended without reaching it.
struct PauseNotReached: Error, CustomStringConvertible {
    var point: String
    var run: Run
    var description: String { "consign ended (status \(run.status)) before pausing at \(point): \(run.stdout)\(run.stderr)" }
}
