import CLibXML2
import ConsignCore
import Foundation

/// The XSDs compiled into consign (from the repository's `templates/` and `agreements/`). Documents are
/// validated against these, never against the copies in a workspace: libxml2's schema parser expands
/// entities and may follow imports, so a workspace XSD is not trusted input.
public struct BuiltInSchema: Sendable, Hashable {
    /// The root element of the documents this schema describes.
    public let rootElement: String
    /// Where the XSD sits in a workspace (and in this repository).
    public let workspacePath: String

    public static let catalog = BuiltInSchema(rootElement: "catalog", workspacePath: "templates/catalog.xsd")
    public static let task = BuiltInSchema(rootElement: "task", workspacePath: "templates/task.xsd")
    public static let contractor = BuiltInSchema(
        rootElement: "contractor", workspacePath: "agreements/contractors/contractor.xsd")
    public static let agreement = BuiltInSchema(rootElement: "agreement", workspacePath: "agreements/agreement.xsd")

    /// An extract package's `manifest.xml`, which `consign receive` reads.
    public static let manifest = BuiltInSchema(rootElement: "manifest", workspacePath: "templates/manifest.xsd")

    public static let all: [BuiltInSchema] = [.catalog, .task, .contractor, .agreement, .manifest]

    /// The exact bytes of the built-in XSD.
    public var bytes: [UInt8] { ParsedSchemas.shared.bytes[self]! }

    /// Validates the parsed document; its errors are restated (`SchemaError`) with columns found in `source`.
    func validate(_ document: xmlDocPtr, source: [UInt8], file: String) throws(InputError) {
        let errors = ErrorCollector(file: file)
        let result: Int32 = errors.capturing {
            guard let context = xmlSchemaNewValidCtxt(ParsedSchemas.shared.schemas[self]!) else { return -1 }
            defer { xmlSchemaFreeValidCtxt(context) }
            xmlSchemaSetValidStructuredErrors(context, ErrorCollector.handler, errors.context)
            return xmlSchemaValidateDoc(context, document)
        }
        if result != 0 {
            throw InputError(
                errors.diagnostics.isEmpty
                    ? [.error(DocumentText.schemaMismatch(root: rootElement).text(), file: file)]
                    : errors.diagnostics.map { SchemaError.restate($0, source: source) })
        }
    }
}

/// The built-in XSDs, parsed once.
final class ParsedSchemas: @unchecked Sendable {
    // libxml2 schemas are immutable once parsed; validation contexts are made per use.
    static let shared = ParsedSchemas()

    let bytes: [BuiltInSchema: [UInt8]]
    let schemas: [BuiltInSchema: xmlSchemaPtr]

    private init() {
        LibXML.initialize()
        var bytes: [BuiltInSchema: [UInt8]] = [:]
        var schemas: [BuiltInSchema: xmlSchemaPtr] = [:]
        let embedded = Dictionary(uniqueKeysWithValues: EmbeddedSchemas.files.map { ($0.path, $0.base64) })
        for schema in BuiltInSchema.all {
            guard let base64 = embedded[schema.workspacePath], let data = Data(base64Encoded: base64) else {
                fatalError("consign was built without \(schema.workspacePath)")
            }
            let xsd = [UInt8](data)
            bytes[schema] = xsd
            let parsed: xmlSchemaPtr? = xsd.withUnsafeBufferPointer { buffer in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                    guard let context = xmlSchemaNewMemParserCtxt(pointer, Int32(buffer.count)) else { return nil }
                    defer { xmlSchemaFreeParserCtxt(context) }
                    return xmlSchemaParse(context)
                }
            }
            guard let parsed else { fatalError("the built-in \(schema.workspacePath) does not parse") }
            schemas[schema] = parsed
        }
        self.bytes = bytes
        self.schemas = schemas
    }
}
