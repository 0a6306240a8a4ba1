import ConsignCore
import ConsignStore
import Foundation

/// `ledger verify --packages DIR` beyond the chain: every package's files against what its transfer
/// recorded (missing, extra and changed files, by size and SHA-256), its manifest against what the record
/// writes, and the packages of this machine whose transfer committed but which are not in place.
enum PackageCheck {
    /// A package manifest found under the directory.
    struct Found {
        var manifest: URL
        var text: String
        var anchor: LedgerAnchor
    }

    static func breaks(_ found: [Found], under directory: URL, register: Register, workspace: Workspace) -> [LedgerBreak] {
        var breaks: [LedgerBreak] = []
        for package in found {
            let folder = package.manifest.deletingLastPathComponent()
            let name = workspace.displayPath(folder)
            guard let id = transferID(inManifest: package.text), let recorded = register.transfer(id) else {
                breaks.append(
                    LedgerBreak(
                        events: [package.anchor.count],
                        message: "\(name)/manifest.xml names a transfer the register does not hold"))
                continue
            }
            breaks += fileBreaks(recorded, folder: folder, name: name)
            if package.text != PackageManifest.xml(recorded) {
                breaks.append(
                    LedgerBreak(
                        events: [recorded.sequence],
                        message: "\(name)/manifest.xml says something else than transfer \(id) records (event "
                            + "\(recorded.sequence)): the manifest was changed"))
            }
        }
        PendingPackage.forEachAbandoned(workspace) { waiting in
            let destination = waiting.destination.standardizedFileURL
            guard destination.deletingLastPathComponent().path == directory.standardizedFileURL.path
                || destination.path == directory.standardizedFileURL.path,
                let recorded = register.transfer(waiting.transferID)
            else { return }
            let taken = FileManager.default.fileExists(atPath: destination.path)
            let reason = taken ? "something else is at \(workspace.displayPath(destination))" : "it was not yet moved into place"
            breaks.append(
                LedgerBreak(
                    events: [recorded.sequence],
                    message: PendingPackage.NotInPlace(
                        transfer: recorded, temporary: waiting.temporary, destination: destination, reason: reason
                    ).message))
        }
        return breaks
    }

    /// The package's files against the transfer's record: each recorded file there with its size and
    /// SHA-256, and nothing else but the manifest.
    static func fileBreaks(_ recorded: Recorded<Transfer>, folder: URL, name: String) -> [LedgerBreak] {
        let t = recorded.value
        let present = Set((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
        var problems: [String] = []
        for file in t.files {
            guard present.contains(file.name) else {
                problems.append("\(file.name), which the transfer recorded, is missing")
                continue
            }
            guard let found = sha256Hex(ofFile: folder.appending(path: file.name)) else {
                problems.append("\(file.name) cannot be read")
                continue
            }
            if found.bytes != file.bytes || found.sha256 != file.sha256 {
                problems.append(
                    "\(file.name) has \(found.bytes) bytes and SHA-256 \(found.sha256.prefix(16))…, but the transfer recorded "
                        + "\(file.bytes) bytes and \(file.sha256.prefix(16))…: it was changed")
            }
        }
        let recordedNames = Set(t.files.map(\.name) + [PackageManifest.fileName])
        for extra in present.subtracting(recordedNames).sorted() {
            problems.append("\(extra) is in the package, but the transfer did not record it")
        }
        return problems.map { problem in
            LedgerBreak(events: [recorded.sequence], message: "\(name) (transfer \(t.id), event \(recorded.sequence)): \(problem)")
        }
    }

    /// The `transfer` attribute of the manifest element.
    static func transferID(inManifest text: String) -> String? {
        guard let start = text.range(of: "<manifest transfer=\"")?.upperBound else { return nil }
        let id = text[start...].prefix { $0 != "\"" }
        return id.isEmpty ? nil : String(id)
    }
}
