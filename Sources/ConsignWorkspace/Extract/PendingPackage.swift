import ConsignCore
import ConsignStore
import Foundation

/// An extract package on its way (DESIGN: Atomic packages). Its files are written into a hidden folder
/// inside `--out`; a marker in `.consign/pending/` names that folder and the package's final path, and
/// the running extract holds an exclusive lock on the marker. After the transfer event commits, the
/// manifest is written and the folder renamed, and the marker goes.
///
/// When an extract dies (a crash, SIGKILL), the lock goes with it, and the next command that opens the
/// workspace finishes the job: a package whose event committed is completed and renamed into place (rolled
/// forward); a package whose event never committed is deleted. A marker whose lock is held belongs to an
/// extract still running and is left alone.
struct PendingPackage {
    let marker: URL
    let temporary: URL
    let destination: URL
    private let lock: Int32

    static func directory(_ workspace: Workspace) -> URL { workspace.stateDirectory.appending(path: "pending") }

    /// Claims a marker for `transferID` and locks it. The marker is written under a hidden name, locked,
    /// and only then renamed into place, so that no other command ever sees it unlocked or half-written.
    /// `createdOut` is `--out` when this extract created it (recovery removes it again when empty).
    static func begin(
        _ workspace: Workspace, transferID: String, temporary: URL, destination: URL, createdOut: URL?
    ) throws -> PendingPackage {
        let directory = directory(workspace)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let marker = directory.appending(path: transferID)
        let draft = directory.appending(path: ".\(transferID).new")
        let descriptor = open(draft.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0, flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            throw InputError("cannot claim the package marker: \(String(cString: strerror(errno)))", file: draft.path)
        }
        let text = Array(([temporary.path, destination.path] + (createdOut.map { [$0.path] } ?? [])).map { $0 + "\n" }.joined().utf8)
        guard write(descriptor, text, text.count) == text.count, fsync(descriptor) == 0,
            rename(draft.path, marker.path) == 0
        else {
            let reason = String(cString: strerror(errno))
            unlink(draft.path)
            close(descriptor)
            throw InputError("cannot write the package marker: \(reason)", file: marker.path)
        }
        return PendingPackage(marker: marker, temporary: temporary, destination: destination, lock: descriptor)
    }

    /// Removes the marker and releases the lock (the package is in place, or was abandoned).
    func end() {
        unlink(marker.path)
        close(lock)
    }

    /// Completes or deletes every package whose extract is no longer running. A package that cannot be put
    /// in place (its destination taken, say) keeps its marker, and a later command tries again.
    static func recover(_ workspace: Workspace, store: some RegisterStore) async throws {
        let directory = directory(workspace)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path),
            names.contains(where: { !$0.hasPrefix(".") })
        else { return }
        let register = try await store.register()
        for name in names.sorted() where !name.hasPrefix(".") {
            let marker = directory.appending(path: name)
            let descriptor = open(marker.path, O_RDWR)
            guard descriptor >= 0 else { continue }
            defer { close(descriptor) }
            // Held: that extract is still running.
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else { continue }
            let lines = (try? String(contentsOf: marker, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
            if lines.count >= 2 {
                let temporary = URL(fileURLWithPath: lines[0])
                let destination = URL(fileURLWithPath: lines[1])
                if let transfer = register.transfer(name) {
                    do {
                        try rollForward(transfer, store: store, temporary: temporary, destination: destination)
                    } catch {
                        continue
                    }
                } else {
                    try? FileManager.default.removeItem(at: temporary)
                    if lines.count == 3 { rmdir(lines[2]) }
                }
            }
            unlink(marker.path)
        }
    }

    /// Writes the manifest of a committed transfer (unless it is there) and renames the folder into place.
    static func rollForward(
        _ transfer: Recorded<Transfer>, store: some RegisterStore, temporary: URL, destination: URL
    ) throws {
        guard FileManager.default.fileExists(atPath: temporary.path) else { return }
        let manifest = temporary.appending(path: PackageManifest.fileName)
        if !FileManager.default.fileExists(atPath: manifest.path) {
            try PackageManifest.write(transfer, to: manifest)
        }
        guard rename(temporary.path, destination.path) == 0 else {
            throw InputError(
                "cannot move the finished package into place: \(String(cString: strerror(errno)))", file: destination.path)
        }
    }
}

/// The folder of one extract package, from its hidden temporary name to its place in `--out`.
struct PackageFolder {
    let pending: PendingPackage
    var destination: URL { pending.destination }
    /// Whether this extract created `--out` (and so removes it when abandoned, leaving it as it was).
    private let createdOut: URL?

    static func create(in out: URL, transferID: String, workspace: Workspace) throws -> PackageFolder {
        // Only the directory itself, so that an extract that fails can remove all it created. Another
        // extract may create it at the same moment: then it simply exists.
        var createdOut: URL?
        if mkdir(out.path, 0o755) == 0 {
            createdOut = out
        } else if errno != EEXIST {
            throw InputError(
                "cannot create the output directory: \(String(cString: strerror(errno))) "
                    + "(its parent directory must exist)", file: out.path)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: out.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError("--out must be a directory; this is a file", file: out.path)
        }
        let temporary = out.appending(path: ".consign-\(transferID).partial")
        let destination = out.appending(path: transferID)
        let pending: PendingPackage
        do {
            pending = try PendingPackage.begin(
                workspace, transferID: transferID, temporary: temporary, destination: destination, createdOut: createdOut)
            try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: false)
        } catch {
            if let createdOut { rmdir(createdOut.path) }
            throw error
        }
        return PackageFolder(pending: pending, createdOut: createdOut)
    }

    /// After the transfer committed: the manifest, then the rename.
    func complete(_ transfer: Recorded<Transfer>, store: some RegisterStore) throws {
        try PendingPackage.rollForward(
            transfer, store: store, temporary: pending.temporary, destination: pending.destination)
        pending.end()
    }

    /// The extract failed before its commit: nothing of it stays. `--out`, when this extract created it,
    /// goes too unless another extract has put a package there meanwhile.
    func abandon() {
        try? FileManager.default.removeItem(at: pending.temporary)
        pending.end()
        if let createdOut { rmdir(createdOut.path) }
    }
}

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
