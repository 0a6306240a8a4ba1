import Foundation

/// Crash and pause points for the fault tests, compiled into debug builds only. With
/// `CONSIGN_FAULT=<point>` in the environment, the process dies there at once, as in a crash. With
/// `CONSIGN_PAUSE=<point>:<file>`, it creates `<file>` there and waits until the file is removed (at most a
/// minute), once per process, so that a test can act at that exact moment from another process: append an
/// event, truncate the source, fill the disk.
enum FaultInjection {
    static func point(_ name: String) {
        #if DEBUG
        let environment = ProcessInfo.processInfo.environment
        if environment["CONSIGN_FAULT"] == name { _exit(86) }
        if let pause = environment["CONSIGN_PAUSE"], pause.hasPrefix(name + ":") {
            let file = String(pause.dropFirst(name.count + 1))
            unsetenv("CONSIGN_PAUSE")
            guard FileManager.default.createFile(atPath: file, contents: nil) else { return }
            for _ in 0..<12_000 where FileManager.default.fileExists(atPath: file) { usleep(5_000) }
        }
        #endif
    }
}
