import ConsignCore
import ConsignStore
import ConsignWorkspace
import Foundation
import Glibc
import Synchronization

/// The repository root (the example workspace lives there).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// A new empty temporary directory, removed by the caller's `defer` or, at the latest, when the test
/// process ends (a run makes about a thousand).
func temporaryDirectory(_ name: String = "consign-test") throws -> URL {
    let url = FileManager.default.temporaryDirectory.appending(path: "\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    // A PostgreSQL cluster's folder has its own end (its watchdog stops the server, then removes it).
    if name != "consign-postgres" {
        removedAtExit.withLock { $0.append(url.path) }
        _ = removingAtExit
    }
    return url
}

/// The directories `temporaryDirectory` made, and the handler that removes those still there at exit.
private let removedAtExit = Mutex<[String]>([])
private let removingAtExit: Void = {
    atexit {
        for path in removedAtExit.withLock({ $0 }) { try? FileManager.default.removeItem(atPath: path) }
    }
}()

/// A catalog field read from the column of its own name, with nothing said of it but how far it identifies a
/// person: all a test of a source's reading needs.
func sourceField(_ id: String, identifiability: Identifiability = .none) -> Field {
    Field(id: id, column: id, category: "c", description: "", weight: 1, identifiability: identifiability, collectedFor: [])
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
    /// The exit status, or the number of the signal that ended it.
    var status: Int32
    var stdout: String
    var stderr: String
    var endedBySignal = false
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
    // .ci/test's stdbuf (line-buffered test output) is the test process's, not the command's.
    for key in ["SOURCE_DATE_EPOCH", "CONSIGN_LANG", "LC_ALL", "LC_MESSAGES", "LD_PRELOAD", "_STDBUF_O", "_STDBUF_E"] {
        env.removeValue(forKey: key)
    }
    env["LANG"] = "C.UTF-8"
    for (key, value) in environment { env[key] = value }
    return env
}

/// Runs an executable to its end and returns what it printed and how it exited.
func run(_ executable: URL, _ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil) throws
    -> Run
{
    try ChildProcess(executable, arguments, in: directory, environment: environment).finish()
}

/// How long a test lets a child process run. One that runs longer is killed, with everything it started, and
/// fails its test: a child waiting for ever (for a lock, a server, a prompt) fails one test instead of
/// hanging the whole run until CI's limit ends it with nothing said.
let childTimeLimit: TimeInterval = 900

/// A child process a test started, with posix_spawn and waitpid rather than Foundation's `Process`: this
/// process starts thousands of children from many threads at once, and Foundation's `Process.run()` has
/// crashed under that (a bad pointer in its own copying), while its one manager thread, which learns of each
/// end through a socket the child inherits, waits for ever on a child whose descendants keep that socket.
/// Here the child's output is read by `poll` on the waiting thread and its end is waited for at most
/// `childTimeLimit`. Its standard input is /dev/null; it leads a process group of its own (what it starts
/// is killed with it); it starts with no signal blocked or ignored (this process ignores SIGPIPE).
final class ChildProcess: @unchecked Sendable {
    private let command: String
    private let pid: pid_t
    private let started = Date()
    // The pipes' read ends, -1 once read to their end; what was read from them; the wait status once reaped.
    private var output: (out: Int32, err: Int32)
    private var stdout: [UInt8] = [], stderr: [UInt8] = []
    private var status: Int32?

    /// Starts `executable`; with `keepingOutput` false its standard output goes to /dev/null.
    init(
        _ executable: URL, _ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil,
        keepingOutput: Bool = true
    ) throws {
        command = ([executable.path] + arguments).joined(separator: " ")
        var out: [Int32] = [-1, -1], err: [Int32] = [-1, -1]
        guard pipe(&err) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        if keepingOutput, pipe(&out) != 0 {
            close(err[0])
            close(err[1])
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        defer {
            close(err[1])
            if out[1] >= 0 { close(out[1]) }
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if keepingOutput {
            posix_spawn_file_actions_adddup2(&actions, out[1], 1)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, err[1], 2)
        if let directory { _ = Self.addChdir(&actions, directory.path) }
        // Nothing else of this process's: a pipe another thread is making at this moment would otherwise
        // stay open in this child, and its reader would wait for this child's end.
        _ = Self.addCloseFrom(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let envp = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable.path, &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            close(err[0])
            if out[0] >= 0 { close(out[0]) }
            throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO)
        }
        self.pid = pid
        output = (out[0], err[0])
    }

    deinit {
        if status == nil {
            kill(-pid, SIGKILL)
            reap(blocking: true)
        }
        if output.out >= 0 { close(output.out) }
        if output.err >= 0 { close(output.err) }
    }

    /// glibc's posix_spawn_file_actions_addchdir_np and _addclosefrom_np, which the Glibc module does not
    /// declare.
    private static let addChdir = unsafeBitCast(
        dlsym(nil, "posix_spawn_file_actions_addchdir_np")!,
        to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32).self)
    private static let addCloseFrom = unsafeBitCast(
        dlsym(nil, "posix_spawn_file_actions_addclosefrom_np")!,
        to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)

    var isRunning: Bool {
        reap(blocking: false)
        return status == nil
    }

    /// Sends it `signal` (SIGTERM unless told), if it is still running.
    func terminate(_ signal: Int32 = SIGTERM) { if isRunning { kill(pid, signal) } }

    /// Waits for its end and returns what it printed and how it exited; throws `ChildRanTooLong` (having
    /// killed it and what it started) when it runs past `limit`.
    func finish(within limit: TimeInterval = childTimeLimit) throws -> Run {
        let deadline = started.addingTimeInterval(limit)
        read(until: deadline)
        while status == nil && Date() < deadline {
            reap(blocking: false)
            if status == nil { usleep(1_000) }
        }
        guard status != nil else {
            kill(-pid, SIGKILL)
            read(until: Date().addingTimeInterval(10))
            reap(blocking: true)
            throw ChildRanTooLong(command: command, limit: limit, printed: run)
        }
        return run
    }

    /// Reads both pipes to their ends, or until `deadline`.
    private func read(until deadline: Date) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while output.out >= 0 || output.err >= 0 {
            let wait = deadline.timeIntervalSinceNow
            guard wait > 0 else { return }
            var fds = [pollfd(fd: output.out, events: Int16(POLLIN), revents: 0), pollfd(fd: output.err, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, 2, Int32(min(wait, 1) * 1000))
            guard ready > 0 else {
                if ready < 0 && errno != EINTR { return }
                continue
            }
            for index in fds.indices where fds[index].revents != 0 {
                let count = Glibc.read(fds[index].fd, &buffer, buffer.count)
                if count > 0 {
                    if index == 0 { stdout += buffer[..<count] } else { stderr += buffer[..<count] }
                } else if count == 0 || errno != EINTR && errno != EAGAIN {
                    close(fds[index].fd)
                    if index == 0 { output.out = -1 } else { output.err = -1 }
                }
            }
        }
    }

    private func reap(blocking: Bool) {
        guard status == nil else { return }
        var raw: Int32 = 0
        var reaped: pid_t
        repeat { reaped = waitpid(pid, &raw, blocking ? 0 : WNOHANG) } while reaped == -1 && errno == EINTR
        if reaped == pid { status = raw }
    }

    /// What it printed, and its exit status (or the signal that ended it, as Foundation's `Process` says).
    private var run: Run {
        let raw = status ?? 0
        let code = raw & 0x7f == 0 ? (raw >> 8) & 0xff : raw & 0x7f
        return Run(
            status: code, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self),
            endedBySignal: raw & 0x7f != 0)
    }
}

/// A child process that ran past its time limit, killed.
struct ChildRanTooLong: Error, CustomStringConvertible {
    var command: String
    var limit: TimeInterval
    var printed: Run

    var description: String {
        "\(command) still ran after \(Int(limit)) s and was killed; it printed:\n\(printed.stdout)\(printed.stderr)"
    }
}

/// 1795000000 seconds after the epoch: 2026-11-18T11:06:40Z, 2026-11-18 in Tokyo.
let fixedToday = CalendarDate("2026-11-18")!

/// A `consign` process started with `CONSIGN_PAUSE` at a point, where a debug build waits until it is let go:
/// a test acts from outside at that exact moment.
final class PausedCommand: @unchecked Sendable {
    let point: String
    private let child: ChildProcess
    private let signal = FileManager.default.temporaryDirectory.appending(path: "consign-pause-\(UUID().uuidString)")

    /// Starts the command and waits until it pauses (or ends first: `paused` is then false).
    init(
        _ arguments: [String], in directory: URL, pausingAt point: String,
        environment: [String: String] = ["SOURCE_DATE_EPOCH": "1795000000"]
    ) throws {
        self.point = point
        var env = consignEnvironment(environment)
        env["CONSIGN_PAUSE"] = "\(point):\(signal.path)"
        child = try ChildProcess(consignExecutable, arguments, in: directory, environment: env)
        let deadline = Date().addingTimeInterval(120)
        while !paused && child.isRunning && Date() < deadline { usleep(2_000) }
    }

    var paused: Bool { FileManager.default.fileExists(atPath: signal.path) }

    /// Lets it go on, and waits for its end.
    func finish() throws -> Run {
        try? FileManager.default.removeItem(at: signal)
        return try child.finish()
    }

    deinit {
        try? FileManager.default.removeItem(at: signal)
        child.terminate()
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
    let run = try command.finish()
    guard paused else { throw PauseNotReached(point: point, run: run) }
    return run
}

/// A command run to pause at a point ended without reaching it.
struct PauseNotReached: Error, CustomStringConvertible {
    var point: String
    var run: Run
    var description: String { "consign ended (status \(run.status)) before pausing at \(point): \(run.stdout)\(run.stderr)" }
}
