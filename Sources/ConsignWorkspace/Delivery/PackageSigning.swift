import ConsignCore
import ConsignDelivery
import ConsignKeys
import ConsignPipeline
import ConsignStore
import Crypto
import Foundation

/// The company's signature of every package's manifest: an SSH signature (OpenSSH `PROTOCOL.sshsig`,
/// namespace `consign`) by the company's Ed25519 key, whose seed is the master key's `signing` key. The
/// package holds it as `manifest.xml.sig`, which `ssh-keygen -Y verify` checks with the `allowed_signers`
/// line `consign company-key` prints; the register holds it as the `package-signature` event appended with
/// the transfer, which `ledger verify` checks against the manifest the transfer's event writes.
public enum PackageSigning {
    static let namespace = "consign"
    static let fileName = "manifest.xml.sig"

    /// The company's signing key: the staff's, who hold the master key.
    static func signingKey(_ keys: WorkspaceKeys) throws(InputError) -> SSHSigningKey {
        let seed = try keys.key(.signing).withUnsafeBytes { [UInt8]($0) }
        guard let key = try? SSHSigningKey(seed: seed) else { preconditionFailure("32 bytes are an Ed25519 seed") }
        return key
    }

    /// The company's public key, when the workspace's keys derive it (the master key); nil for a role's key file.
    static func companyKey(_ keys: WorkspaceKeys) -> SSHPublicKey? {
        guard keys.role == .staff else { return nil }
        return try? signingKey(keys).publicKey
    }

    /// The principal `allowed_signers` names the company by: its name in lower case, words joined by `-`.
    public static func principal(of company: Company) -> String {
        let kept = company.name.lowercased().unicodeScalars.map { scalar -> Character in
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || ".-_".unicodeScalars.contains(scalar)
                ? Character(scalar) : "-"
        }
        let words = String(kept).split(separator: "-", omittingEmptySubsequences: true)
        return words.isEmpty ? "company" : words.joined(separator: "-")
    }

    /// The manifest's bytes and their signature, for a transfer as recorded (Ed25519 signs deterministically,
    /// so the package's file and the register's event hold the same signature).
    static func sign(_ recorded: Recorded<Transfer>, with key: SSHSigningKey) -> PackageSignature {
        let manifest = Array(PackageManifest.xml(recorded).utf8)
        let signature = SSHSignature(signing: manifest, namespace: namespace, with: key)
        return PackageSignature(
            transfer: recorded.value.id, contractor: recorded.value.contractor, manifestSHA256: sha256Hex(manifest),
            signature: signature.armored)
    }

    /// What is wrong with a signature of `manifest`: unreadable, of another namespace, not valid, or by a key
    /// other than `companyKey` (when known); nil when it holds. `site` names it in the message.
    static func problem(
        _ armored: String, of manifest: [UInt8], companyKey: SSHPublicKey?, site: DeliveryText.SignatureSite
    ) -> DeliveryText? {
        guard let signature = try? SSHSignature(armored: armored) else { return .signatureUnreadable(site) }
        guard signature.namespace == namespace, signature.isValid(for: manifest) else { return .signatureInvalid(site) }
        if let companyKey, signature.publicKey != companyKey {
            return .signedByAnotherKey(site, signer: signature.publicKey.fingerprint, company: companyKey.fingerprint)
        }
        return nil
    }

    /// Writes `manifest.xml.sig`.
    static func write(_ signature: PackageSignature, to url: URL) throws {
        try AtomicFile.write(signature.signature.utf8, to: url)
    }

    /// The signer of an armored signature, if it reads.
    static func signer(_ armored: String) -> SSHPublicKey? { (try? SSHSignature(armored: armored))?.publicKey }

    /// The register's package signatures checked (`ledger verify`): each against the manifest its transfer's
    /// event writes, by the company's key (`companyKey`, else the one key all of them share).
    static func breaks(in store: any RegisterStore, companyKey: SSHPublicKey?) async throws -> [LedgerBreak] {
        let signatures = try await store.events([.kinds(["package-signature"], after: 0)])
        guard !signatures.isEmpty else { return [] }
        let ids = signatures.compactMap { event -> String? in
            if case .packageSigned(let s) = event.event.payload { s.transfer } else { nil }
        }
        var transfers: [String: Recorded<Transfer>] = [:]
        for event in try await store.events([.transfersNamed(ids)]) {
            if case .transfer(let t) = event.event.payload { transfers[t.id] = Recorded(t, event) }
        }
        let pinned = companyKey ?? signatures.lazy.compactMap { event -> SSHPublicKey? in
            if case .packageSigned(let s) = event.event.payload { signer(s.signature) } else { nil }
        }.first
        var breaks: [LedgerBreak] = []
        for event in signatures {
            guard case .packageSigned(let signature) = event.event.payload else { continue }
            guard let transfer = transfers[signature.transfer] else {
                let missing = DeliveryText.signedTransferMissing(event: event.sequence, transfer: signature.transfer)
                breaks.append(LedgerBreak(events: [event.sequence], message: missing.text()))
                continue
            }
            let manifest = Array(PackageManifest.xml(transfer).utf8)
            var problems: [DeliveryText] = []
            if sha256Hex(manifest) != signature.manifestSHA256 {
                problems.append(.manifestDigestDiffers(event: event.sequence, transfer: signature.transfer))
            }
            if let problem = problem(signature.signature, of: manifest, companyKey: pinned, site: .event(event.sequence)) {
                problems.append(problem)
            }
            breaks += problems.map { LedgerBreak(events: [transfer.sequence, event.sequence], message: $0.text()) }
        }
        return breaks
    }
}

/// A file holding the company's public key, as `consign company-key` prints it: a line of `allowed_signers`
/// or of a `.pub` file (the first `ssh-ed25519` key in it).
public enum CompanyKeyFile {
    static func read(_ url: URL) throws(InputError) -> SSHPublicKey {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw InputError(InputText.cannotBeRead.text(), file: url.path)
        }
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where !line.hasPrefix("#") {
            if let key = SSHPublicKey(line: String(line)) { return key }
        }
        throw InputError(DeliveryText.notACompanyKey.text(), file: url.path)
    }
}

/// The company's public signing key as contractors are given it (`consign company-key`).
public struct CompanyPublicKey: Sendable {
    public let principal: String
    /// `ssh-ed25519 AAAA… principal`, as in a `.pub` file.
    public let line: String
    /// `principal namespaces="consign" ssh-ed25519 AAAA…`, for `allowed_signers`.
    public let allowedSigner: String
    public let fingerprint: String

    /// The key the workspace's master key derives, named after the catalog's company.
    public init(workspace: Workspace) throws {
        let key = try PackageSigning.signingKey(try workspace.keys()).publicKey
        principal = PackageSigning.principal(of: try WorkspaceDocuments.load(workspace).catalog().document.company)
        line = key.line(comment: principal)
        allowedSigner = key.allowedSigner(principal: principal, namespace: PackageSigning.namespace)
        fingerprint = key.fingerprint
    }
}
