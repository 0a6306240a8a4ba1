import ConsignCore
import ConsignDelivery
import ConsignKeys
import ConsignStore
import Foundation

/// `ledger verify --packages DIR` beyond the chain: every package's files against what its transfer
/// recorded (missing, extra and changed files, by size and SHA-256), its manifest against what the record
/// writes, and the packages of this machine whose transfer committed but which are not in place. A release's
/// folder (`consign stats`, `consign anonymise`) the same way, against its release's event: its files by
/// SHA-256 (a release records no sizes), and what of its manifest the event decides.
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
        let releases = Releases(register)
        for package in found {
            let folder = package.manifest.deletingLastPathComponent()
            let name = workspace.displayPath(folder)
            if let (element, id) = releaseID(inManifest: package.text) {
                guard let recorded = releases[element, id] else {
                    breaks.append(
                        LedgerBreak(
                            events: [package.anchor.count],
                            message: Message.manifestUnknownRelease(manifest: "\(name)/\(ReleaseFiles.manifestName)", release: id).text()))
                    continue
                }
                breaks += releaseBreaks(recorded, package: package, name: name)
                continue
            }
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
                || destination.path == directory.standardizedFileURL.path
            else { return }
            let taken = FileManager.default.fileExists(atPath: destination.path)
            let reason = taken ? LedgerText.somethingElseAt(workspace.displayPath(destination)).text() : LedgerText.notYetInPlace.text()
            let notInPlace: PendingPackage.NotInPlace
            if let recorded = register.transfer(waiting.id) {
                notInPlace = PendingPackage.NotInPlace(recorded, temporary: waiting.temporary, destination: destination, reason: reason)
            } else if let event = PendingPackage.releaseEvent(waiting.id, in: register) {
                notInPlace = PendingPackage.NotInPlace(
                    id: waiting.id, kind: .release, event: event, temporary: waiting.temporary, destination: destination,
                    reason: reason)
            } else {
                return
            }
            breaks.append(LedgerBreak(events: [notInPlace.event], message: notInPlace.message))
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
        fileProblems(
            folder, files: files.map { Expected(name: $0.name, bytes: $0.bytes, sha256: $0.sha256) },
            besides: [PackageManifest.fileName, PackageSigning.fileName])
    }

    /// A file a folder should hold, as it was recorded: its name, its size (nil when none was recorded) and its SHA-256.
    struct Expected {
        var name: String
        var bytes: Int?
        var sha256: String
    }

    /// A folder against the files it should hold: each there with its SHA-256 (and its size, when recorded), and
    /// nothing else but the files named `besides`.
    static func fileProblems(_ folder: URL, files: [Expected], besides: [String]) -> [Message.PackageFileProblem] {
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
            if file.bytes.map({ $0 != found.bytes }) ?? false || found.sha256 != file.sha256 {
                problems.append(
                    .changed(file.name, bytes: found.bytes, sha256: found.sha256, recordedBytes: file.bytes, recordedSHA256: file.sha256))
            }
        }
        for extra in present.subtracting(files.map(\.name) + besides).sorted() { problems.append(.extra(extra)) }
        return problems
    }

    /// A release as its event records it, whichever its kind: what its folder is checked against.
    struct RecordedRelease {
        var id: String
        var event: Int
        var files: [StatisticsRelease.File]
        /// What of the manifest the event decides: how it begins, how it ends for each encoding its CSV may be in,
        /// and what lies between as far as the event records it.
        var head: String
        var tails: [String]
        var middle: ReleaseManifestMiddle

        init<Release>(
            _ recorded: Recorded<Release>, id: String, element: String, files: [StatisticsRelease.File], head: String,
            middle: ReleaseManifestMiddle
        ) {
            self.id = id
            event = recorded.sequence
            self.files = files
            self.head = head
            self.middle = middle
            tails = CSVEncoding.allCases.map {
                ReleaseFiles.manifestTail(element, files: files, csvEncoding: $0, recorded: recorded)
            }
        }

        /// Whether a manifest says what the event records.
        func agrees(with manifest: String) -> Bool {
            manifest.hasPrefix(head) && tails.contains { manifest.hasSuffix($0) } && middle.agrees(with: manifest)
        }
    }

    /// The releases the register holds, by the root element of their manifests and their ids.
    struct Releases {
        private let statistics: [String: Recorded<StatisticsRelease>]
        private let anonymised: [String: Recorded<AnonymisedRelease>]

        init(_ register: Register) {
            statistics = Dictionary(register.statisticsReleases.map { ($0.value.id, $0) }, uniquingKeysWith: { first, _ in first })
            anonymised = Dictionary(register.anonymisedReleases.map { ($0.value.id, $0) }, uniquingKeysWith: { first, _ in first })
        }

        subscript(element: String, id: String) -> RecordedRelease? {
            switch element {
            case ReleaseFiles.manifestElement:
                statistics[id].map {
                    RecordedRelease(
                        $0, id: id, element: element, files: $0.value.files, head: ReleaseFiles.manifestHead($0),
                        middle: ReleaseFiles.manifestMiddle($0.value))
                }
            case AnonymisedFiles.manifestElement:
                anonymised[id].map {
                    RecordedRelease(
                        $0, id: id, element: element, files: $0.value.files, head: AnonymisedFiles.manifestHead($0),
                        middle: AnonymisedFiles.manifestMiddle($0.value))
                }
            default: nil
            }
        }
    }

    /// A release's folder against its event: its files, each by its SHA-256, nothing else but the manifest, and the
    /// manifest as far as the event decides it.
    static func releaseBreaks(_ recorded: RecordedRelease, package: Found, name: String) -> [LedgerBreak] {
        let folder = package.manifest.deletingLastPathComponent()
        let files = recorded.files.map { Expected(name: $0.name, bytes: nil, sha256: $0.sha256) }
        var breaks = fileProblems(folder, files: files, besides: [ReleaseFiles.manifestName]).map { problem in
            LedgerBreak(
                events: [recorded.event],
                message: Message.releaseFile(folder: name, release: recorded.id, event: recorded.event, problem).text())
        }
        if !recorded.agrees(with: package.text) {
            breaks.append(
                LedgerBreak(
                    events: [recorded.event],
                    message: Message.releaseManifestChanged(
                        manifest: "\(name)/\(ReleaseFiles.manifestName)", release: recorded.id, event: recorded.event
                    ).text()))
        }
        return breaks
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

    /// The root element of a release's manifest and its `id` attribute; nil for a transfer's manifest.
    static func releaseID(inManifest text: String) -> (element: String, id: String)? {
        for element in [ReleaseFiles.manifestElement, AnonymisedFiles.manifestElement] {
            guard let start = text.range(of: "<\(element) id=\"")?.upperBound else { continue }
            return (element, String(text[start...].prefix { $0 != "\"" }))
        }
        return nil
    }

    /// The `transfer` attribute of the manifest element.
    static func transferID(inManifest text: String) -> String? {
        guard let start = text.range(of: "<manifest transfer=\"")?.upperBound else { return nil }
        let id = text[start...].prefix { $0 != "\"" }
        return id.isEmpty ? nil : String(id)
    }
}
