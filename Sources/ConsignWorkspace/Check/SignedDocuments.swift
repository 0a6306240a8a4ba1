import ConsignCore
import ConsignKeys
import Foundation

/// The signed documents agreements refer to, against the SHA-256 each agreement version records
/// (`<signed-document reference=… sha256=…>`): one file (`agreement verify-document`) or a folder of them
/// (`check --signed-documents`).
public enum SignedDocuments {
    /// What `file` is to an agreement version: its SHA-256, and whether it is that version's signed document.
    public struct Verdict: Sendable {
        public var agreement: Agreement
        public var sha256: String
        public var matches: Bool { sha256 == agreement.signedDocument.sha256 }
    }

    /// `file` against version `version` (default: the newest registered) of agreement `id`; an unknown
    /// agreement or version, or a file that cannot be read, is an input error.
    public static func verify(
        _ file: URL, agreement id: String, version: Int?, in snapshot: RegisterSnapshot, workspace: Workspace
    ) throws(InputError) -> Verdict {
        let versions = snapshot.documents.agreements.map(\.document).filter { $0.id == id }
        guard let newest = versions.max(by: { $0.version < $1.version }) else {
            throw InputError(Message.unknown(.agreement, id: id, known: snapshot.register.agreements.keys.sorted()).text())
        }
        guard let agreement = version.map({ v in versions.first { $0.version == v } }) ?? newest else {
            throw InputError(
                Message.unknown(.agreement, id: "\(id) v\(version ?? 0)", known: versions.map { "\(id) v\($0.version)" }).text())
        }
        return Verdict(agreement: agreement, sha256: sha256Hex(try workspace.read(file)))
    }

    /// Each agreement version's signed document, found in `directory` by the reference it records: missing
    /// is a warning (it may be kept elsewhere), different bytes an error. A version in the workspace and in
    /// the register is looked at once.
    static func diagnostics(_ agreements: [Sourced<Agreement>], in directory: URL, named name: String, workspace: Workspace)
        -> [Diagnostic]
    {
        var seen: Set<String> = []
        return agreements.compactMap { sourced -> Diagnostic? in
            let agreement = sourced.document
            guard seen.insert("\(agreement.id)#\(agreement.version)").inserted else { return nil }
            let url = directory.appending(path: agreement.signedDocument.reference)
            guard let (_, sha256) = sha256Hex(ofFile: url) else {
                return .warning(
                    DocumentText.signedDocumentMissing(
                        agreement: agreement.id, version: agreement.version, reference: agreement.signedDocument.reference,
                        directory: name
                    ).text(),
                    file: sourced.file, line: sourced.line)
            }
            guard sha256 != agreement.signedDocument.sha256 else { return nil }
            return .error(
                DocumentText.signedDocumentDiffers(
                    agreement: agreement.id, version: agreement.version, sha256: sha256, recorded: agreement.signedDocument.sha256
                ).text(),
                file: workspace.displayPath(url))
        }
    }
}
