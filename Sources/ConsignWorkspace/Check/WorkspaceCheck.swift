import ConsignCore
import ConsignStore
import ConsignXML
import Foundation

/// `consign check`: every document validated, every cross-reference resolved, every file compared with
/// its registered version, and the workspace's XSD copies compared with the built-in ones.
public struct WorkspaceCheck: Sendable {
    /// A contractor profile or agreement file and where it stands in the register.
    public struct FileStatus: Sendable, Codable {
        public enum Registration: String, Sendable, Codable {
            case registered
            case notRegistered = "not-registered"
            /// The register holds different bytes for the same id and version: an error.
            case differs
        }

        public var file: String
        public var kind: DocumentKind
        public var id: String
        public var version: Int
        public var sha256: String
        public var registration: Registration
    }

    public var diagnostics: [Diagnostic]
    public var files: [FileStatus]
    /// The files read as documents, valid or not.
    public var documentCount: Int
    /// The files that are not valid documents, so neither cross-checked nor compared with the register.
    public var invalidFiles: [String]

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
    public var unregistered: [FileStatus] { files.filter { $0.registration == .notRegistered } }

    /// With `signedDocuments` (a folder, and its name as given), also each agreement version's signed document
    /// in that folder (by the reference it records) against the SHA-256 it records.
    public static func run(
        _ workspace: Workspace, store: (any RegisterStore)?, signedDocuments: (folder: URL, name: String)? = nil
    ) async throws
        -> WorkspaceCheck
    {
        let contents = WorkspaceDocuments.load(workspace)
        var diagnostics = contents.diagnostics
        var set = DocumentSet(
            catalog: nil, tasks: contents.tasks, contractors: contents.contractors, agreements: contents.agreements)
        let catalogs = contents.catalogs
        set.catalog = catalogs.first
        for extra in catalogs.dropFirst() {
            diagnostics.append(
                .error(
                    DocumentText.secondCatalog(first: catalogs[0].file).text(), file: extra.file, line: extra.line))
        }
        var files: [FileStatus] = []
        if let store {
            let register = try await store.standing()
            let registered = try await RegisteredDocuments.load(register, from: store)
            // Registered versions count even when their file is gone from the workspace.
            let present = Set(contents.documents.compactMap { $0.registrable.map { "\($0.kind):\($0.registration.documentID)#\($0.registration.version)" } })
            set.contractors += registered.contractors.filter { !present.contains("contractor:\($0.document.id)#\($0.document.version)") }
            set.agreements += registered.agreements.filter { !present.contains("agreement:\($0.document.id)#\($0.document.version)") }
            for document in contents.documents {
                guard let (kind, registration) = document.registrable else { continue }
                var status = FileStatus.Registration.notRegistered
                if let existing = register.registered(kind, id: registration.documentID, version: registration.version) {
                    if existing.registration.sha256 == registration.sha256 {
                        status = .registered
                    } else {
                        status = .differs
                        diagnostics.append(
                            .error(
                                DocumentText.differsFromRegistered(
                                    kind, id: registration.documentID, version: registration.version,
                                    sha256: existing.registration.sha256, registeredAt: existing.registeredAt,
                                    registeredBy: existing.registeredBy
                                ).text(),
                                file: document.file, line: document.line))
                    }
                }
                files.append(
                    FileStatus(
                        file: document.file, kind: kind, id: registration.documentID, version: registration.version,
                        sha256: registration.sha256, registration: status))
            }
        }
        diagnostics += CrossReferences.diagnose(set)
        diagnostics += schemaCopies(workspace)
        if let signedDocuments {
            diagnostics += SignedDocuments.diagnostics(
                set.agreements, in: signedDocuments.folder, named: signedDocuments.name, workspace: workspace)
        }
        return WorkspaceCheck(
            diagnostics: diagnostics, files: files, documentCount: contents.documents.count + contents.invalidFiles.count,
            invalidFiles: contents.invalidFiles)
    }

    /// The workspace's XSDs are for people and editors; warn when they differ from the built-in ones.
    static func schemaCopies(_ workspace: Workspace) -> [Diagnostic] {
        BuiltInSchema.all.compactMap { schema in
            let url = workspace.root.appending(path: schema.workspacePath)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                return .warning(DocumentText.schemaCopyMissing.text(), file: schema.workspacePath)
            }
            guard [UInt8](data) != schema.bytes else { return nil }
            return .warning(DocumentText.schemaCopyDiffers.text(), file: schema.workspacePath)
        }
    }
}
