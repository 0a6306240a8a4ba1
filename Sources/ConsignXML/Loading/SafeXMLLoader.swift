import CLibXML2
import ConsignCore

/// Loads consign's XML documents with libxml2, safely by construction: a document with a DOCTYPE is
/// refused before libxml2 sees it (so no entity can be declared, expanded or fetched); the parser runs
/// with `XML_PARSE_NONET` and without `NOENT`, `DTDLOAD`, `DTDATTR`, `DTDVALID`, `XINCLUDE` or `HUGE`;
/// the process-wide external entity loader refuses everything; XInclude elements are refused; and every
/// document is validated against a schema built into consign, never one from the workspace. Every
/// problem comes back as diagnostics naming the file and line; nothing half-valid is returned.
public enum SafeXMLLoader {
    /// Larger documents are refused: consign's documents are a few kilobytes, and below this size no
    /// single text node can reach libxml2's own limit (10,000,000 bytes without `XML_PARSE_HUGE`).
    public static let maximumBytes = 8 << 20

    /// Parses `bytes` (read from `file`, used in messages) and validates them against the one of
    /// `schemas` whose root element the document has. Returns the schema used and the root element.
    public static func load(
        _ bytes: [UInt8], file: String, accepting schemas: [BuiltInSchema]
    ) throws(InputError) -> (schema: BuiltInSchema, root: XMLElement) {
        LibXML.initialize()
        if bytes.count > maximumBytes {
            throw InputError(DocumentText.tooLarge(bytes: bytes.count, maximum: maximumBytes).text(), file: file, line: 1)
        }
        if let encoding = nonUTF8Encoding(bytes) {
            throw InputError(DocumentText.notUTF8(encoding).text(), file: file, line: 1)
        }
        if let line = doctypeLine(bytes) {
            throw InputError(DocumentText.doctype.text(), file: file, line: line)
        }
        let errors = ErrorCollector(file: file)
        let document: xmlDocPtr? = errors.capturing {
            bytes.withUnsafeBufferPointer { buffer in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                    xmlReadMemory(pointer, Int32(buffer.count), file, nil, LibXML.parseOptions)
                }
            }
        }
        guard let document else {
            throw InputError(errors.diagnostics.isEmpty ? [.error(DocumentText.notWellFormed.text(), file: file)] : errors.diagnostics)
        }
        defer { xmlFreeDoc(document) }
        if !errors.diagnostics.isEmpty { throw InputError(errors.diagnostics) }
        if document.pointee.intSubset != nil || document.pointee.extSubset != nil {
            throw InputError(DocumentText.doctypeInDocument.text(), file: file, line: 1)
        }
        guard let root = xmlDocGetRootElement(document) else {
            throw InputError(DocumentText.noRootElement.text(), file: file)
        }
        var unsafe: [Diagnostic] = []
        let element = copy(root, file: file, problems: &unsafe)
        if !unsafe.isEmpty { throw InputError(unsafe) }
        guard let schema = schemas.first(where: { $0.rootElement == element.name }) else {
            throw InputError(
                DocumentText.unexpectedRoot(expected: schemas.map(\.rootElement), found: element.name).text(), file: file,
                line: element.line)
        }
        try schema.validate(document, source: bytes, file: file)
        return (schema, element)
    }

    /// The encoding of a document that is not UTF-8, recognised by its byte-order mark, its first bytes
    /// or its XML declaration; nil for UTF-8 (with or without a BOM). Refusing the others keeps the
    /// DOCTYPE scan, which reads ASCII bytes, in front of every document libxml2 sees.
    static func nonUTF8Encoding(_ bytes: [UInt8]) -> DocumentText.Encoding? {
        let head = Array(bytes.prefix(4))
        if head.starts(with: [0x00, 0x00, 0xFE, 0xFF]) || head.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return .utf32 }
        if head.starts(with: [0xFE, 0xFF]) || head.starts(with: [0xFF, 0xFE]) { return .utf16WithByteOrderMark }
        if head.count >= 2, head[0] == 0 || head[1] == 0 { return .utf16OrUTF32 }
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        guard bytes[start...].starts(with: Array("<?xml".utf8)),
            let end = bytes[start...].firstIndex(of: UInt8(ascii: ">"))
        else { return nil }
        let declaration = String(decoding: bytes[start..<end], as: UTF8.self)
        guard let range = declaration.range(of: "encoding") else { return nil }
        let value = declaration[range.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "'" }
            .prefix { $0 != "\"" && $0 != "'" && $0 != " " && $0 != "?" }
        return ["utf-8", "utf8"].contains(value.lowercased()) ? nil : .declared(String(value))
    }

    /// The line of a `<!DOCTYPE` in the prolog (before the root element), or nil.
    static func doctypeLine(_ bytes: [UInt8]) -> Int? {
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1
        func startsWith(_ text: String) -> Bool {
            let utf8 = Array(text.utf8)
            return bytes.count - i >= utf8.count && bytes[i..<i + utf8.count].elementsEqual(utf8)
        }
        func skip(past terminator: String) {
            let utf8 = Array(terminator.utf8)
            while i < bytes.count, !startsWith(terminator) {
                if bytes[i] == UInt8(ascii: "\n") { line += 1 }
                i += 1
            }
            i = min(bytes.count, i + utf8.count)
        }
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\n"):
                line += 1
                i += 1
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                i += 1
            case UInt8(ascii: "<"):
                if startsWith("<?") {
                    skip(past: "?>")
                } else if startsWith("<!--") {
                    skip(past: "-->")
                } else if startsWith("<!") {
                    return line
                } else {
                    return nil
                }
            default:
                return nil
            }
        }
        return nil
    }

    private static let xincludeNamespaces: Set<String> = [
        "http://www.w3.org/2001/XInclude", "http://www.w3.org/2003/XInclude",
    ]

    /// Copies libxml2's element into plain values, refusing what a safe document cannot contain.
    private static func copy(_ node: xmlNodePtr, file: String, problems: inout [Diagnostic]) -> XMLElement {
        let line = Int(xmlGetLineNo(node))
        var element = XMLElement(name: String(cString: node.pointee.name), line: line)
        if let ns = node.pointee.ns, let href = ns.pointee.href, xincludeNamespaces.contains(String(cString: href)) {
            problems.append(
                .error(DocumentText.xinclude.text(), file: file, line: line))
        }
        var attribute = node.pointee.properties
        while let a = attribute {
            if let value = xmlNodeListGetString(node.pointee.doc, a.pointee.children, 1) {
                element.attributes[String(cString: a.pointee.name)] = String(cString: value)
                consign_xmlFree(value)
            } else {
                element.attributes[String(cString: a.pointee.name)] = ""
            }
            attribute = a.pointee.next
        }
        var child = node.pointee.children
        while let c = child {
            switch c.pointee.type {
            case XML_ELEMENT_NODE:
                element.children.append(copy(c, file: file, problems: &problems))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = c.pointee.content { element.text += String(cString: content) }
            case XML_ENTITY_REF_NODE, XML_ENTITY_NODE, XML_XINCLUDE_START, XML_XINCLUDE_END:
                problems.append(.error(DocumentText.entityReference.text(), file: file, line: Int(xmlGetLineNo(c))))
            default:
                break
            }
            child = c.pointee.next
        }
        return element
    }
}
