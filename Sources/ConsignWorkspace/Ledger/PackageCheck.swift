import ConsignCore
import ConsignDelivery
import ConsignKeys
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

    static func breaks(
        _ found: [Found], under directory: URL, register: Register, workspace: Workspace, companyKey: SSHPublicKey?
    ) -> [LedgerBreak] {
        var breaks: [LedgerBreak] = []
        for package in found {
            let folder = package.manifest.deletingLastPathComponent()
            let name = workspace.displayPath(folder)
            guard let id = transferID(inManifest: package.text), let recorded = register.transfer(id) else {
                breaks.append(
                    LedgerBreak(events: [package.anchor.count], message: Message.manifestUnknownTransfer(manifest: "\(name)/manifest.xml").text()))
                continue
            }
            breaks += fileBreaks(recorded, folder: folder, name: name)
            breaks += signatureBreaks(recorded, package: package, name: name, register: register, companyKey: companyKey)
            if package.text != PackageManifest.xml(recorded) {
                breaks.append(
                    LedgerBreak(
                        events: [recorded.sequence],
                        message: Message.manifestChanged(manifest: "\(name)/manifest.xml", transfer: id, event: recorded.sequence).text()))
            }
        }
        PendingPackage.forEachAbandoned(workspace) { waiting in
            let destination = waiting.destination.standardizedFileURL
            guard destination.deletingLastPathComponent().path == directory.standardizedFileURL.path
                || destination.path == directory.standardizedFileURL.path,
                let recorded = register.transfer(waiting.id)
            else { return }
            let taken = FileManager.default.fileExists(atPath: destination.path)
            let reason = taken ? LedgerText.somethingElseAt(workspace.displayPath(destination)).text() : LedgerText.notYetInPlace.text()
            breaks.append(
                LedgerBreak(
                    events: [recorded.sequence],
                    message: PendingPackage.NotInPlace(
                        recorded, temporary: waiting.temporary, destination: destination, reason: reason
                    ).message))
        }
        return breaks
    }

    /// The package's files against the transfer's record: each recorded file there with its size and
    /// SHA-256, and nothing else but the manifest.
    static func fileBreaks(_ recorded: Recorded<Transfer>, folder: URL, name: String) -> [LedgerBreak] {
        let t = recorded.value
        return fileProblems(folder, files: t.files).map { problem in
            LedgerBreak(
                events: [recorded.sequence],
                message: Message.packageFile(package: name, transfer: t.id, event: recorded.sequence, problem).text())
        }
    }

    /// A package folder against the files it should hold: each there with its size and SHA-256, and nothing
    /// else but the manifest and its signature (what `ledger verify --packages` and `consign receive` check).
    static func fileProblems(_ folder: URL, files: [Transfer.File]) -> [Message.PackageFileProblem] {
        let present = Set((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
        var problems: [Message.PackageFileProblem] = []
        for file in files {
            guard present.contains(file.name) else {
                problems.append(.missing(file.name))
                continue
            }
            guard let found = sha256Hex(ofFile: folder.appending(path: file.name)) else {
                problems.append(.unreadable(file.name))
                continue
            }
            if found.bytes != file.bytes || found.sha256 != file.sha256 {
                problems.append(
                    .changed(file.name, bytes: found.bytes, sha256: found.sha256, recordedBytes: file.bytes, recordedSHA256: file.sha256))
            }
        }
        let expected = files.map(\.name) + [PackageManifest.fileName, PackageSigning.fileName]
        for extra in present.subtracting(expected).sorted() { problems.append(.extra(extra)) }
        return problems
    }

    /// The package's `manifest.xml.sig` against the manifest it holds, by the company's key (`companyKey`, else
    /// the key that signed the transfer in the register); a signed transfer's package without one.
    static func signatureBreaks(
        _ recorded: Recorded<Transfer>, package: Found, name: String, register: Register, companyKey: SSHPublicKey?
    ) -> [LedgerBreak] {
        let file = package.manifest.deletingLastPathComponent().appending(path: PackageSigning.fileName)
        let inRegister = register.packageSignatures[recorded.value.id]
        guard let armored = try? String(contentsOf: file, encoding: .utf8) else {
            guard inRegister != nil else { return [] }
            return [LedgerBreak(events: [recorded.sequence], message: DeliveryText.signatureMissing(package: name).text())]
        }
        let key = companyKey ?? inRegister.flatMap { PackageSigning.signer($0.value.signature) }
        let site = DeliveryText.SignatureSite.file("\(name)/\(PackageSigning.fileName)")
        guard let problem = PackageSigning.problem(armored, of: Array(package.text.utf8), companyKey: key, site: site) else {
            return []
        }
        return [LedgerBreak(events: [recorded.sequence], message: problem.text())]
    }

    /// The `transfer` attribute of the manifest element.
    static func transferID(inManifest text: String) -> String? {
        guard let start = text.range(of: "<manifest transfer=\"")?.upperBound else { return nil }
        let id = text[start...].prefix { $0 != "\"" }
        return id.isEmpty ? nil : String(id)
    }
}
