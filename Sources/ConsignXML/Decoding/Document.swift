import ConsignCore

/// Any one of consign's documents, decoded from validated XML.
public enum Document: Sendable {
    case catalog(Catalog)
    case task(TaskTemplate)
    case contractor(ContractorProfile)
    case agreement(Agreement)

    /// Loads, validates and decodes `bytes`, read from `file`, as one of the document types `schemas`
    /// allows. Throws every problem found, naming the file and line.
    public static func load(
        _ bytes: [UInt8], file: String, accepting schemas: [BuiltInSchema]
    ) throws(InputError) -> (document: Document, line: Int) {
        let (schema, root) = try SafeXMLLoader.load(bytes, file: file, accepting: schemas)
        let document: Document
        switch schema {
        case .catalog: document = .catalog(try Catalog(root, file: file))
        case .task: document = .task(try TaskTemplate(root, file: file))
        case .contractor: document = .contractor(try ContractorProfile(root, file: file))
        default: document = .agreement(try Agreement(root, file: file))
        }
        return (document, root.line)
    }
}
