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

    /// Recomputes the chain, and compares it with `anchor` and with every `manifest.xml` under `packages`.
    public func verify(anchor: LedgerAnchor?, packages: URL?) async throws -> LedgerVerification {
        let store = try workspace.openRegisterAsIs()
        var anchors = anchor.map { [$0] } ?? []
        if let packages { anchors += try LedgerAudit.manifestAnchors(under: packages, workspace: workspace) }
        return try await LedgerVerification.verify(
            store, chain: LedgerChain(masterKey: try MasterKey.load(from: workspace.keyFile)), anchors: anchors)
    }

    /// The `<ledger event=… chain-hash=…/>` of each package manifest in `directory` (a package, or a folder
    /// of packages such as an extract's `--out`).
    static func manifestAnchors(under directory: URL, workspace: Workspace) throws -> [LedgerAnchor] {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: directory.path) else {
            throw InputError("cannot read the packages directory", file: directory.path)
        }
        let candidates = [directory.appending(path: "manifest.xml")]
            + names.sorted().filter { !$0.hasPrefix(".") }.map { directory.appending(path: $0).appending(path: "manifest.xml") }
        var anchors: [LedgerAnchor] = []
        for manifest in candidates where manager.fileExists(atPath: manifest.path) {
            let name = workspace.displayPath(manifest)
            guard let text = try? String(contentsOf: manifest, encoding: .utf8),
                let anchor = ledgerAnchor(inManifest: text, source: name)
            else { throw InputError("no <ledger event=… chain-hash=…/> in this manifest", file: name) }
            anchors.append(anchor)
        }
        if anchors.isEmpty { throw InputError("no package manifest here", file: directory.path) }
        return anchors
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
