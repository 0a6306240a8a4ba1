import ConsignCore
import ConsignStore
import Foundation

/// The auditor's view of the register's chain: its head (the anchor to keep outside the database) and a
/// full verification against the workspace key, an anchor and the package manifests.
public struct LedgerAudit: Sendable {
    public let workspace: Workspace

    public init(workspace: Workspace) { self.workspace = workspace }

    /// The number of events and the chain hash of the last one.
    public func head() async throws -> (count: Int, hash: String) {
        let head = try await workspace.openRegisterAsIs().ledgerHead()
        return (head.count, head.hash ?? LedgerChain.genesis.hex)
    }

    /// Recomputes the chain, and compares it with `anchor` and with every `manifest.xml` under `packages`;
    /// there, also each package's files against what its transfer recorded, each release's (statistics,
    /// anonymised) against what its release recorded, and the packages and releases of this machine whose
    /// event committed but which are not in place.
    /// Each package signature in the register, and in each package, is checked against the company's key:
    /// `companyKey` (a file holding it), else the one the workspace's master key derives, else the key of the
    /// first signature.
    public func verify(anchor: LedgerAnchor?, packages: URL?, companyKey: URL? = nil) async throws -> LedgerVerification {
        let store = try await workspace.openRegisterAsIs()
        let company = try companyKey.map(CompanyKeyFile.read) ?? PackageSigning.companyKey(try workspace.keys())
        let found = try packages.map { try LedgerAudit.manifests(under: $0, workspace: workspace) } ?? []
        let damage = try await store.schemaDamage()
        // Without its tables, there is no chain to read.
        if damage.contains(where: \.isTable) {
            return LedgerVerification(count: 0, head: LedgerChain.genesis.hex, breaks: LedgerAudit.breaks(damage))
        }
        var verification = try await LedgerVerification.verify(
            store, chain: store.chain, anchors: (anchor.map { [$0] } ?? []) + found.map(\.anchor))
        verification.breaks = LedgerAudit.breaks(damage) + verification.breaks
        verification.breaks += try await PackageSigning.breaks(in: store, companyKey: company)
        if let packages {
            verification.breaks += PackageCheck.breaks(
                found, under: packages, register: try await store.register(), workspace: workspace, companyKey: company)
        }
        return verification
    }

    /// A damaged schema as breaks of the ledger.
    static func breaks(_ damage: [SchemaDamage]) -> [LedgerBreak] {
        damage.map { LedgerBreak(events: [], message: $0.description) }
    }

    /// The manifest of each package or release in `directory` (one, or a folder of them such as an
    /// extract's, `stats`' or `anonymise`'s `--out`), with its `<ledger event=… chain-hash=…/>`.
    static func manifests(under directory: URL, workspace: Workspace) throws -> [PackageCheck.Found] {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: directory.path) else {
            throw InputError(LedgerText.unreadablePackages.text(), file: directory.path)
        }
        let candidates = [directory.appending(path: "manifest.xml")]
            + names.sorted().filter { !$0.hasPrefix(".") }.map { directory.appending(path: $0).appending(path: "manifest.xml") }
        var found: [PackageCheck.Found] = []
        for manifest in candidates where manager.fileExists(atPath: manifest.path) {
            let name = workspace.displayPath(manifest)
            guard let text = try? String(contentsOf: manifest, encoding: .utf8),
                let anchor = ledgerAnchor(inManifest: text, source: name)
            else { throw InputError(LedgerText.noLedgerElement.text(), file: name) }
            found.append(PackageCheck.Found(manifest: manifest, text: text, anchor: anchor))
        }
        // A package's hidden folder is `.consign-ID.partial`, a release's `.ID.partial`.
        let waiting = names.contains { $0.hasPrefix(".") && $0.hasSuffix(".partial") }
        if found.isEmpty && !waiting { throw InputError(LedgerText.noManifest.text(), file: directory.path) }
        return found
    }

    /// Reads the ledger element consign writes into every manifest.
    static func ledgerAnchor(inManifest text: String, source: String) -> LedgerAnchor? {
        guard let element = text.range(of: "<ledger event=\"") else { return nil }
        let rest = text[element.upperBound...]
        guard let quote = rest.firstIndex(of: "\""), let count = Int(rest[..<quote]),
            let hashStart = rest.range(of: "chain-hash=\"")?.upperBound
        else { return nil }
        let hash = rest[hashStart...].prefix { $0 != "\"" }
        return LedgerAnchor("\(count):\(hash)", source: source)
    }
}
