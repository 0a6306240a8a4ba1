import ConsignCore
import ConsignKeys
import ConsignStore
import ConsignXML
import Foundation

/// One document read from a workspace file: its exact bytes and what they decode to.
public struct LoadedDocument: Sendable {
    /// The path relative to the workspace.
    public var file: String
    public var bytes: [UInt8]
    public var sha256: String
    public var document: Document
    /// Line of the root element.
    public var line: Int

    /// Contractor profile or agreement: the documents that are registered.
    public var registrable: (kind: DocumentKind, registration: DocumentRegistration)? {
        switch document {
        case .contractor(let c):
            (.contractor, DocumentRegistration(contractor: c.id, documentID: c.id, version: c.version, sha256: sha256, file: file))
        case .agreement(let a):
            (.agreement, DocumentRegistration(contractor: a.contractor, documentID: a.id, version: a.version, sha256: sha256, file: file))
        default: nil
        }
    }
}

/// Every document of a workspace's `templates/`, `agreements/` and `agreements/contractors/`, and every
/// problem met while reading them (all of them, not just the first).
public struct WorkspaceDocuments: Sendable {
    public var documents: [LoadedDocument] = []
    /// The files that could not be read as a document (each has its errors in `diagnostics`).
    public var invalidFiles: [String] = []
    /// The id the root element of each invalid file under `templates/` declares, where it can be read: which task an
    /// invalid template would have been.
    var invalidTemplateIDs: [String: String] = [:]
    public var diagnostics: [Diagnostic] = []

    /// The folders consign reads, and the document types each may hold.
    static func folders(_ workspace: Workspace) -> [(URL, [BuiltInSchema])] {
        [
            (workspace.templatesDirectory, [.catalog, .task]),
            (workspace.agreementsDirectory, [.agreement]),
            (workspace.contractorsDirectory, [.contractor]),
        ]
    }

    public static func load(_ workspace: Workspace) -> WorkspaceDocuments {
        var contents = WorkspaceDocuments()
        for (folder, schemas) in folders(workspace) {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for name in names.sorted() where name.hasSuffix(".xml") && !name.hasPrefix(".") {
                let url = folder.appending(path: name)
                do {
                    contents.documents.append(try load(url, in: workspace, accepting: schemas))
                } catch {
                    let file = workspace.displayPath(url)
                    contents.invalidFiles.append(file)
                    contents.diagnostics += error.diagnostics
                    if folder == workspace.templatesDirectory, let bytes = try? workspace.read(url) {
                        contents.invalidTemplateIDs[file] = rootID(bytes)
                    }
                }
            }
        }
        if !FileManager.default.fileExists(atPath: workspace.templatesDirectory.path) {
            contents.diagnostics.append(
                .error(DocumentText.noTemplatesFolder.text(), file: workspace.displayPath(workspace.templatesDirectory)))
        }
        return contents
    }

    /// Loads and validates one file as one of `schemas`.
    public static func load(
        _ url: URL, in workspace: Workspace, accepting schemas: [BuiltInSchema]
    ) throws(InputError) -> LoadedDocument {
        let file = workspace.displayPath(url)
        let bytes = try workspace.read(url)
        let (document, line) = try Document.load(bytes, file: file, accepting: schemas)
        return LoadedDocument(file: file, bytes: bytes, sha256: sha256Hex(bytes), document: document, line: line)
    }

    public var catalogs: [Sourced<Catalog>] {
        documents.compactMap { if case .catalog(let c) = $0.document { Sourced(c, file: $0.file, line: $0.line) } else { nil } }
    }

    public var tasks: [Sourced<TaskTemplate>] {
        documents.compactMap { if case .task(let t) = $0.document { Sourced(t, file: $0.file, line: $0.line) } else { nil } }
    }

    public var contractors: [Sourced<ContractorProfile>] {
        documents.compactMap {
            if case .contractor(let c) = $0.document { Sourced(c, file: $0.file, line: $0.line) } else { nil }
        }
    }

    public var agreements: [Sourced<Agreement>] {
        documents.compactMap { if case .agreement(let a) = $0.document { Sourced(a, file: $0.file, line: $0.line) } else { nil } }
    }

    /// The loaded document (exact bytes and SHA-256) a decoded one came from.
    public func loaded<Document>(_ sourced: Sourced<Document>) -> LoadedDocument {
        documents.first { $0.file == sourced.file }!
    }

    /// The task template with this id, or the error that names the ones there are (and any broken file).
    public func task(_ id: String, in workspace: Workspace) throws(InputError) -> Sourced<TaskTemplate> {
        if let task = tasks.first(where: { $0.document.id == id }) { return task }
        // The task's own template is there but not valid: its errors say what to fix.
        let own = invalidTemplateIDs.filter { $0.value == id }.keys
        if !own.isEmpty { throw InputError(diagnostics.filter { $0.severity == .error && own.contains($0.file ?? "") }) }
        let known = tasks.map(\.document.id).sorted()
        throw InputError(
            diagnostics.filter { $0.severity == .error } + [
                .error(
                    Message.unknown(.task, id: id, known: known).text(),
                    file: workspace.displayPath(workspace.templatesDirectory))
            ])
    }

    /// The `id` attribute of a document's root element, read from its bytes without parsing them (they did not
    /// validate): the first start tag that is not a declaration, comment or processing instruction.
    static func rootID(_ bytes: [UInt8]) -> String? {
        guard let text = String(bytes: bytes, encoding: .utf8) else { return nil }
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "<") {
            rest = rest[rest.index(after: open)...]
            guard let first = rest.first, first != "?", first != "!" else { continue }
            var tag = rest.prefix { $0 != ">" }.drop { !$0.isWhitespace }
            // Each attribute in turn: its name, `=`, and a value in either quote.
            while let name = tag.firstIndex(where: { !$0.isWhitespace }) {
                tag = tag[name...]
                let attribute = tag.prefix { $0 != "=" && !$0.isWhitespace }.trimmingCharacters(in: .whitespaces)
                tag = tag.drop { $0 != "=" }.dropFirst().drop(while: \.isWhitespace)
                guard let quote = tag.first, quote == "\"" || quote == "'" else { return nil }
                let value = tag.dropFirst().prefix { $0 != quote }
                if attribute == "id" { return String(value) }
                tag = tag.dropFirst(value.count + 2)
            }
            return nil
        }
        return nil
    }

    /// The workspace's one catalog, or the error that says why there is none to use.
    public func catalog() throws(InputError) -> Sourced<Catalog> {
        let catalogs = catalogs
        guard catalogs.count == 1 else {
            if catalogs.isEmpty {
                let own = diagnostics.filter { $0.file?.hasPrefix("templates/") == true }
                throw InputError(own + [.error(DocumentText.noValidCatalog.text(), file: "templates")])
            }
            throw InputError(
                catalogs.dropFirst().map {
                    .error(DocumentText.secondCatalog(first: catalogs[0].file).text(), file: $0.file, line: $0.line)
                })
        }
        return catalogs[0]
    }
}

/// The registered documents, decoded from the exact bytes the register keeps.
public struct RegisteredDocuments: Sendable {
    public var contractors: [Sourced<ContractorProfile>] = []
    public var agreements: [Sourced<Agreement>] = []

    /// Decodes every registered profile and agreement version.
    public static func load(_ register: Register, from store: some RegisterStore) async throws -> RegisteredDocuments {
        var out = RegisteredDocuments()
        for record in register.contractors.values.sorted(by: { $0.id < $1.id }) {
            for profile in record.profiles {
                if case .contractor(let c) = try await decode(profile, from: store, as: .contractor) {
                    out.contractors.append(Sourced(c, file: profile.registration.file, line: 0))
                }
            }
        }
        for versions in register.agreements.sorted(by: { $0.key < $1.key }).map(\.value) {
            for version in versions {
                if case .agreement(let a) = try await decode(version, from: store, as: .agreement) {
                    out.agreements.append(Sourced(a, file: version.registration.file, line: 0))
                }
            }
        }
        return out
    }

    /// The exact registered bytes of a document and what they decode to.
    public static func decode(
        _ registered: RegisteredDocument, from store: some RegisterStore, as schema: BuiltInSchema
    ) async throws -> Document {
        guard let bytes = try await store.document(sha256: registered.registration.sha256) else {
            throw CorruptRegister(
                description: DocumentText.registerHoldsNoBytes(
                    id: registered.registration.documentID, version: registered.registration.version,
                    sha256: registered.registration.sha256
                ).text())
        }
        return try Document.load(bytes, file: registered.registration.file, accepting: [schema]).document
    }

    /// The latest registered profile of each contractor.
    public var latestProfiles: [String: Sourced<ContractorProfile>] { DocumentSet(contractors: contractors).latestProfiles }
}
