import ConsignCore
import ConsignDelivery
import ConsignKeys
import ConsignPipeline
import ConsignXML
import Foundation

/// The contractor's side of a package (`consign receive`): the manifest read against its schema, every file
/// the manifest names checked byte for byte (size and SHA-256 of what arrived), nothing else in the folder,
/// then each encrypted file opened with the contractor's age identity. All or nothing: the plaintext goes to
/// a hidden folder inside `out` and is moved into place only when every file opened; a failure removes it.
public enum PackageReceiver {
    /// What was received.
    public struct Received: Sendable {
        public var transfer: String
        public var event: Int
        public var chainHash: String
        /// The files written to `out`, with their plaintext sizes.
        public var files: [(name: String, bytes: Int)]
        /// The fingerprint of the key that signed the manifest; nil for a package made before manifests were signed.
        public var signer: String?
    }

    /// `companyKey`: a file holding the company's public key, which must have signed the manifest.
    public static func receive(package: URL, identity identityFile: URL, out: URL, companyKey: URL? = nil) throws -> Received {
        let identities = try readIdentities(identityFile)
        let company = try companyKey.map(CompanyKeyFile.read)
        let manifestURL = package.appending(path: PackageManifest.fileName)
        let manifestName = package.lastPathComponent + "/" + PackageManifest.fileName
        guard let bytes = FileManager.default.contents(atPath: manifestURL.path) else {
            throw InputError(DeliveryText.noManifest(package: package.path).text(), file: manifestURL.path)
        }
        // The signature first: nothing of a manifest someone changed is read.
        let signatureFile = package.appending(path: PackageSigning.fileName)
        var signer: String?
        if let armored = try? String(contentsOf: signatureFile, encoding: .utf8) {
            let site = DeliveryText.SignatureSite.file(package.lastPathComponent + "/" + PackageSigning.fileName)
            if let problem = PackageSigning.problem(armored, of: [UInt8](bytes), companyKey: company, site: site) {
                throw Refusal(DeliveryText.packageRefused(package: package.path, [problem.text()]).text())
            }
            signer = PackageSigning.signer(armored)?.fingerprint
        } else if company != nil {
            throw Refusal(DeliveryText.packageRefused(package: package.path, [DeliveryText.unsigned.text()]).text())
        }
        let root = try SafeXMLLoader.load([UInt8](bytes), file: manifestName, accepting: [.manifest]).root
        let files = root.child("files")?.children("file") ?? []
        let ledger = root.child("ledger")

        // Every byte as recorded: each file's size and SHA-256, and no file the manifest does not name.
        let recorded = files.map {
            Transfer.File(
                name: $0.attributes["name"] ?? "", bytes: Int($0.attributes["bytes"] ?? "") ?? -1, sha256: $0.attributes["sha256"] ?? "")
        }
        let problems = PackageCheck.fileProblems(package, files: recorded).map { DeliveryText.fileProblem($0).text() }
        if !problems.isEmpty { throw Refusal(DeliveryText.packageRefused(package: package.path, problems).text()) }

        let encryption = root.child("encryption")
        let encrypted = encryption?.token == AgeRecipient.format
        if encrypted, let fingerprint = encryption?.attributes["recipient-fingerprint"],
            !identities.contains(where: { $0.recipient.fingerprint == fingerprint })
        {
            throw Refusal(
                DeliveryText.notForThisIdentity(
                    encryptedTo: fingerprint, identities: identities.map(\.recipient.fingerprint)
                ).text())
        }

        // Open each file into a hidden folder inside `out`, then move the files into place.
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let staging = out.appending(path: ".consign-receive-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: staging) }
        var written: [(name: String, bytes: Int)] = []
        for file in files {
            let name = file.attributes["name"]!
            let plainName = encrypted && name.hasSuffix(PackageFileName.sealedSuffix)
                ? String(name.dropLast(PackageFileName.sealedSuffix.count)) : name
            if FileManager.default.fileExists(atPath: out.appending(path: plainName).path) {
                throw InputError(DeliveryText.outputExists.text(), file: out.appending(path: plainName).path)
            }
            let target = staging.appending(path: plainName)
            if encrypted && plainName != name {
                written.append((plainName, try open(package.appending(path: name), name: name, into: target, identities: identities)))
            } else {
                try FileManager.default.copyItem(at: package.appending(path: name), to: target)
                written.append((plainName, (try? FileManager.default.attributesOfItem(atPath: target.path)[.size] as? Int) ?? 0))
            }
        }
        for file in written {
            try FileManager.default.moveItem(at: staging.appending(path: file.name), to: out.appending(path: file.name))
        }
        return Received(
            transfer: root.attributes["transfer"] ?? "", event: Int(ledger?.attributes["event"] ?? "") ?? 0,
            chainHash: ledger?.attributes["chain-hash"] ?? "", files: written, signer: signer)
    }

    /// The identities of an age identity file (as age-keygen or consign keygen writes it).
    static func readIdentities(_ url: URL) throws(InputError) -> [AgeIdentity] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw InputError(InputText.cannotBeRead.text(), file: url.path)
        }
        do {
            let identities = try AgeIdentity.parseFile(String(decoding: data, as: UTF8.self))
            if !identities.isEmpty { return identities }
        } catch {
            throw InputError(DeliveryText.identityFileLine.text(), file: url.path, line: error.line)
        }
        throw InputError(DeliveryText.identityFileLine.text(), file: url.path, line: 1)
    }

    /// Decrypts `url` into a new file `target`, its plaintext size.
    private static func open(_ url: URL, name: String, into target: URL, identities: [AgeIdentity]) throws -> Int {
        let input = Glibc.open(url.path, O_RDONLY)
        guard input >= 0 else { throw InputError(InputText.cannotBeRead.text(), file: name) }
        defer { close(input) }
        let writer = try HashingFileWriter(target, displayName: target.lastPathComponent)
        do throws(AgeFailure) {
            try AgeOpener.open(
                identities: identities,
                read: { buffer in
                    let n = read(input, buffer.baseAddress, buffer.count)
                    if n < 0 { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
                    return n
                },
                write: { writer.append($0) })
        } catch {
            throw Refusal(DeliveryText.cannotOpen(file: name, error).text())
        }
        return try writer.finish().bytes
    }
}

