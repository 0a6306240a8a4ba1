import ConsignCore
import ConsignWorkspace
import Foundation

/// One writer of the append benchmark (Benchmarks/postgres.sh runs several at once, each a process of its own
/// with a connection of its own): opens the workspace's register once (the embedded SQLite file, or the
/// PostgreSQL database `CONSIGN_DATABASE` names, as that database's login), reads the register of
/// contractors and agreements, waits for the common start, then records `count` stop-use requests one after
/// another through the privacy office, each in its own transaction, as `consign subject stop-use` does but
/// without a process and a connection per request. Prints `name start end count` (start and end in
/// nanoseconds since the epoch), so that the script divides every writer's requests by the time from the
/// common start to the last writer's end.
///
/// Usage: register-benchmark append WORKSPACE COUNT NAME START   (START: nanoseconds since the epoch)
enum Writer {
    static func run(_ arguments: [String]) async throws {
        guard arguments.count == 4, let count = Int(arguments[1]), count > 0, let start = UInt64(arguments[3]) else {
            FileHandle.standardError.write(Data("usage: register-benchmark append WORKSPACE COUNT NAME START\n".utf8))
            exit(2)
        }
        let name = arguments[2]
        let workspace = Workspace.locate(
            explicit: arguments[0], environment: ProcessInfo.processInfo.environment,
            from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true))
        let store = try await workspace.openRegister()
        // The contractor and agreement events replayed (and, on PostgreSQL, the connection made) before the
        // start: what every later append reads is only what is newer.
        _ = try await store.standing()
        let office = PrivacyOffice(workspace: workspace, store: store, clock: .real, recordedBy: name)
        let now = nanoseconds()
        if start > now { try await Task.sleep(nanoseconds: start - now) }
        let began = nanoseconds()
        for index in 0..<count {
            // A subject of this writer's own, never listed before (NAME is unique to the run).
            try await office.stopUse(subjectKey: "\(name)-\(index)", reason: "x", on: nil, entry: .received(identityEvidence: nil))
        }
        print("\(name) \(max(began, start)) \(nanoseconds()) \(count)")
    }

    static func nanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
