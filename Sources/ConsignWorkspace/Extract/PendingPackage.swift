import ConsignCore
import ConsignStore
import Foundation

/// An extract package on its way (DESIGN: Atomic packages). Its files are written into a hidden folder
/// inside `--out`; a marker in `.consign/pending/` names that folder and the package's final path, and
/// the running extract holds an exclusive lock on the marker. The manifest is written inside the append
/// that commits the transfer; after the commit the folder is renamed, and the marker goes.
///
/// When an extract dies (a crash, SIGKILL), the lock goes with it, and the next command that opens the
/// workspace finishes the job: a package whose event committed is completed and renamed into place (rolled
/// forward); a package whose event never committed is deleted. A marker whose lock is held belongs to an
/// extract still running and is left alone. A draft marker is created and locked while holding the folder's
/// claim lock, which the sweep of abandoned drafts takes too: no command sees a draft between its creation
/// and its lock (and takes it for an abandoned one).
struct PendingPackage {
    let marker: URL
    let temporary: URL
    let destination: URL
    private let lock: Int32

    static func directory(_ workspace: Workspace) -> URL { workspace.stateDirectory.appending(path: "pending") }

    /// Runs `body` holding the exclusive lock of the markers' folder's claim file (waiting for it).
    private static func claiming<T>(_ directory: URL, _ body: () throws -> T) throws -> T {
        let claim = directory.appending(path: ".claim")
        let descriptor = open(claim.path, O_RDWR | O_CREAT, 0o600)
        guard descriptor >= 0, flock(descriptor, LOCK_EX) == 0 else {
            throw InputError(ExtractText.cannotClaimMarker(reason: String(cString: strerror(errno))).text(), file: claim.path)
        }
        defer { close(descriptor) }
        return try body()
    }

    /// Claims a marker for `id` (a transfer's or a release's) and locks it. The marker is written under a hidden name, locked,
    /// and only then renamed into place, so that no other command ever sees it unlocked or half-written.
    /// `createdOut` is `--out` when this extract created it (recovery removes it again when empty).
    static func begin(
        _ workspace: Workspace, id: String, temporary: URL, destination: URL, createdOut: URL?
    ) throws -> PendingPackage {
        let directory = directory(workspace)
        try makeDirectory(directory, existing: true, what: .markers)
        let marker = directory.appending(path: id)
        let draft = directory.appending(path: ".\(id).new")
        let descriptor = try claiming(directory) {
            let descriptor = open(draft.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            FaultInjection.point("marker-draft-created")
            guard descriptor >= 0, flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
                throw InputError(ExtractText.cannotClaimMarker(reason: String(cString: strerror(errno))).text(), file: draft.path)
            }
            return descriptor
        }
        let text = Array(([temporary.path, destination.path] + (createdOut.map { [$0.path] } ?? [])).map { $0 + "\n" }.joined().utf8)
        guard write(descriptor, text, text.count) == text.count, fsync(descriptor) == 0,
            rename(draft.path, marker.path) == 0
        else {
            let reason = String(cString: strerror(errno))
            unlink(draft.path)
            close(descriptor)
            throw InputError(ExtractText.cannotWriteMarker(reason: reason).text(), file: marker.path)
        }
        return PendingPackage(marker: marker, temporary: temporary, destination: destination, lock: descriptor)
    }

    /// Removes the marker and releases the lock (the package is in place, or was abandoned).
    func end() {
        unlink(marker.path)
        close(lock)
    }

    /// A package or release whose command is no longer running, as its marker names it.
    struct Abandoned {
        /// The transfer's or the release's id.
        var id: String
        var marker: URL
        var temporary: URL
        var destination: URL
        /// `--out` when that extract created it.
        var createdOut: URL?
    }

    /// The markers whose extract is no longer running (their lock is free), each handed to `body` while
    /// this process holds its lock.
    static func forEachAbandoned(_ workspace: Workspace, _ body: (Abandoned) throws -> Void) rethrows {
        let directory = directory(workspace)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return }
        // A draft whose lock is free: its extract was killed before the marker was in place, having made nothing
        // else of the package.
        let drafts = names.filter { $0.hasPrefix(".") && $0.hasSuffix(".new") }
        if !drafts.isEmpty {
            try? claiming(directory) {
                for name in drafts {
                    let draft = directory.appending(path: name)
                    let descriptor = open(draft.path, O_RDWR)
                    guard descriptor >= 0 else { continue }
                    if flock(descriptor, LOCK_EX | LOCK_NB) == 0 { unlink(draft.path) }
                    close(descriptor)
                }
            }
        }
        for name in names.sorted() where !name.hasPrefix(".") {
            let marker = directory.appending(path: name)
            let descriptor = open(marker.path, O_RDWR)
            guard descriptor >= 0 else { continue }
            defer { close(descriptor) }
            // Held: that extract is still running.
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else { continue }
            let lines = (try? String(contentsOf: marker, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
            guard lines.count >= 2 else {
                unlink(marker.path)
                continue
            }
            try body(
                Abandoned(
                    id: name, marker: marker, temporary: URL(fileURLWithPath: lines[0]),
                    destination: URL(fileURLWithPath: lines[1]), createdOut: lines.count == 3 ? URL(fileURLWithPath: lines[2]) : nil))
        }
    }

    /// A committed package or release whose folder could not be put in place: every later command says so until it is.
    struct NotInPlace: Sendable {
        enum Kind: Sendable { case package, release }
        /// The transfer's or the release's id, what kind of folder it is, and the event that records it.
        var id: String
        var kind: Kind
        var event: Int
        var temporary: URL
        var destination: URL
        var reason: String

        /// What went wrong, in words (an input error's messages, without their location).
        static func reason(_ error: any Error) -> String {
            (error as? InputError)?.diagnostics.map(\.message).joined(separator: "; ") ?? "\(error)"
        }

        init(_ transfer: Recorded<Transfer>, temporary: URL, destination: URL, reason: String) {
            self.init(
                id: transfer.value.id, kind: .package, event: transfer.sequence, temporary: temporary, destination: destination,
                reason: reason)
        }

        init(id: String, kind: Kind, event: Int, temporary: URL, destination: URL, reason: String) {
            self.id = id
            self.kind = kind
            self.event = event
            self.temporary = temporary
            self.destination = destination
            self.reason = reason
        }

        var message: String {
            switch kind {
            case .package: Message.packageNotInPlace(transfer: id, event: event, reason: reason, waitsIn: temporary.path).text()
            case .release: Message.releaseNotInPlace(release: id, event: event, reason: reason, waitsIn: temporary.path).text()
            }
        }
    }

    /// Completes or deletes every package whose extract is no longer running, and returns those that are
    /// committed and still cannot be put in place (their destination taken, say): they keep their marker,
    /// and a later command tries again.
    static func recover(_ workspace: Workspace, store: some RegisterStore) async throws -> [NotInPlace] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory(workspace).path), !names.isEmpty
        else { return [] }
        let markers = names.filter { !$0.hasPrefix(".") }
        guard !markers.isEmpty else {
            // Only drafts, which need no register to clear.
            forEachAbandoned(workspace) { _ in }
            return []
        }
        // A marker is named by its transfer's or its release's id: the register reads those transfers, and the
        // releases (a few events).
        let register = try await store.standing(with: [.transfersNamed(markers), .kinds(Self.releaseKinds, after: 0)])
        var stuck: [NotInPlace] = []
        forEachAbandoned(workspace) { package in
            if let transfer = register.transfer(package.id) {
                do {
                    try rollForward(transfer, temporary: package.temporary, destination: package.destination)
                } catch {
                    stuck.append(
                        NotInPlace(transfer, temporary: package.temporary, destination: package.destination, reason: NotInPlace.reason(error)))
                    return
                }
            } else if let event = Self.releaseEvent(package.id, in: register) {
                // A release's manifest is written before it commits: its folder only needs its name.
                do {
                    try moveIntoPlace(temporary: package.temporary, destination: package.destination)
                } catch {
                    stuck.append(
                        NotInPlace(
                            id: package.id, kind: .release, event: event, temporary: package.temporary,
                            destination: package.destination, reason: NotInPlace.reason(error)))
                    return
                }
            } else {
                try? FileManager.default.removeItem(at: package.temporary)
                if let createdOut = package.createdOut { rmdir(createdOut.path) }
            }
            unlink(package.marker.path)
        }
        return stuck
    }

    /// The kinds of the events that record a release written through a marker.
    static let releaseKinds: Set<String> = ["statistics-release", "anonymised-release"]

    /// The event that records the release `id`, if one does.
    static func releaseEvent(_ id: String, in register: Register) -> Int? {
        register.statisticsReleases.first { $0.value.id == id }?.sequence
            ?? register.anonymisedReleases.first { $0.value.id == id }?.sequence
    }

    /// Writes the manifest of a committed transfer (unless it is there) and renames the folder into place. (A
    /// signed package's signature is written with its manifest, before its transfer commits.)
    static func rollForward(_ transfer: Recorded<Transfer>, temporary: URL, destination: URL) throws {
        guard FileManager.default.fileExists(atPath: temporary.path) else { return }
        let manifest = temporary.appending(path: PackageManifest.fileName)
        if !FileManager.default.fileExists(atPath: manifest.path) {
            try PackageManifest.write(transfer, to: manifest)
        }
        try moveIntoPlace(temporary: temporary, destination: destination)
    }

    /// Renames a committed folder into place (nothing to do when it is gone: it was put in place already).
    static func moveIntoPlace(temporary: URL, destination: URL) throws {
        guard FileManager.default.fileExists(atPath: temporary.path) else { return }
        guard rename(temporary.path, destination.path) == 0 else {
            let reason =
                errno == ENOTEMPTY || errno == EEXIST ? ExtractText.somethingElseThere.text() : String(cString: strerror(errno))
            throw InputError(ExtractText.cannotMoveIntoPlace(reason: reason).text(), file: destination.path)
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
        try create(in: out, id: transferID, hiddenName: ".consign-\(transferID).partial", workspace: workspace)
    }

    /// The folder `id` in `out` (a transfer's package or a release), made first under `hiddenName` beside it, with
    /// its marker; `out` is made when missing, and removed again when what was to go into it is abandoned.
    static func create(in out: URL, id: String, hiddenName: String, workspace: Workspace) throws -> PackageFolder {
        let temporary = out.appending(path: hiddenName)
        let destination = out.appending(path: id)
        // Another extract into the same new `--out` may create it at the same moment (then it simply
        // exists), or remove it again because it failed (then it is made again).
        for _ in 0..<16 {
            // Only the directory itself, so that an extract that fails can remove all it created.
            let createdOut = try makeDirectory(out, existing: true, what: .output) ? out : nil
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: out.path, isDirectory: &isDirectory) else { continue }
            guard isDirectory.boolValue else { throw InputError(ExtractText.outIsAFile.text(), file: out.path) }
            FaultInjection.point("out-ready")
            let pending: PendingPackage
            do {
                pending = try PendingPackage.begin(
                    workspace, id: id, temporary: temporary, destination: destination, createdOut: createdOut)
            } catch {
                if let createdOut { rmdir(createdOut.path) }
                throw error
            }
            do {
                try makeDirectory(temporary, existing: false, what: .package)
                return PackageFolder(pending: pending, createdOut: createdOut)
            } catch is MissingParent {
                pending.end()
            } catch {
                pending.end()
                if let createdOut { rmdir(createdOut.path) }
                throw error
            }
        }
        throw InputError(ExtractText.outKeepsDisappearing.text(), file: out.path)
    }

    /// After the transfer committed: the rename (and the manifest first, for a package whose extract wrote
    /// none before its commit, as releases before the manifest was part of the commit did).
    func complete(_ transfer: Recorded<Transfer>) throws {
        try PendingPackage.rollForward(transfer, temporary: pending.temporary, destination: pending.destination)
        pending.end()
    }

    /// The extract or release failed before its commit: nothing of it stays. `--out`, when this command created
    /// it, goes too unless another has put something there meanwhile.
    func abandon() {
        try? FileManager.default.removeItem(at: pending.temporary)
        pending.end()
        if let createdOut { rmdir(createdOut.path) }
    }
}

/// The directory a path names is gone (another extract removed the `--out` it had created).
struct MissingParent: Error {}

/// Makes a directory readable and writable by its owner only, whatever the umask (packages hold personal
/// data); true when it made it, false when it was there already and `existing` allows that.
@discardableResult
func makeDirectory(_ url: URL, existing: Bool, what: ExtractText.Folder) throws -> Bool {
    if mkdir(url.path, 0o700) == 0 {
        chmod(url.path, 0o700)
        return true
    }
    let code = errno
    if code == EEXIST && existing { return false }
    if code == ENOENT && !existing { throw MissingParent() }
    if code == ENOENT {
        throw InputError(ExtractText.cannotCreate(what, reason: String(cString: strerror(code))).text(), file: url.path)
    }
    throw InputError.cannotWrite(url.path, ExtractText.cannotCreateFolder(what).text(), code: code)
}

/// Flushes a directory's entries to the disk (its files are flushed on their own), so that what it holds
/// survives a crash once the record that names it commits.
func syncDirectory(_ url: URL) throws {
    let descriptor = open(url.path, O_RDONLY | O_DIRECTORY)
    guard descriptor >= 0 else { throw InputError.cannotWrite(url.path, ExtractText.cannotFlushPackage.text()) }
    defer { close(descriptor) }
    guard fsync(descriptor) == 0 else { throw InputError.cannotWrite(url.path, ExtractText.cannotFlushPackage.text()) }
}
