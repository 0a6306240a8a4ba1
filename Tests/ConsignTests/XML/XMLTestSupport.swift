import ConsignCore
import ConsignXML
import Foundation
import Testing

/// Shared helpers of the XML tests: where the repository's example documents are, how to make variants
/// of them, and how to capture the `InputError` a load throws.
enum XMLTestSupport {
    /// The repository root (this file is Tests/ConsignTests/XML/XMLTestSupport.swift).
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // XML
        .deletingLastPathComponent()  // ConsignTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    static let fixtures = repositoryRoot.appending(path: "Tests/Fixtures/xml")

    static let templatesDirectory = repositoryRoot.appending(path: "templates")
    static let agreementsDirectory = repositoryRoot.appending(path: "agreements")
    static let contractorsDirectory = repositoryRoot.appending(path: "agreements/contractors")

    /// The `.xml` files of a directory, sorted by name (the XSDs beside them are left out).
    static func xmlFiles(in directory: URL) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".xml") }
            .sorted()
            .map { directory.appending(path: $0) }
    }

    /// The bytes of a repository file, e.g. `"agreements/AG-2024-011-v2.xml"`.
    static func bytes(_ relativePath: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: repositoryRoot.appending(path: relativePath)))
    }

    /// The text of a repository file.
    static func text(_ relativePath: String) throws -> String {
        String(decoding: try bytes(relativePath), as: UTF8.self)
    }

    /// `text` with `target` replaced by `replacement`; records an issue (and returns nil) when `target`
    /// is not there exactly once, so that a variant can never silently equal the original.
    static func variant(
        of text: String, replacing target: String, with replacement: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> String? {
        let count = text.components(separatedBy: target).count - 1
        guard count == 1 else {
            Issue.record("expected exactly one '\(target)' in the example, found \(count)", sourceLocation: sourceLocation)
            return nil
        }
        return text.replacingOccurrences(of: target, with: replacement)
    }

    /// The 1-based line of the first occurrence of `needle` in `text`, or nil.
    static func line(of needle: String, in text: String) -> Int? {
        guard let range = text.range(of: needle) else { return nil }
        return text[..<range.lowerBound].reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
    }

    /// The error `SafeXMLLoader.load` throws for `bytes`, or nil (with an issue recorded) if it loads.
    static func loadError(
        _ bytes: [UInt8], file: String, accepting schemas: [BuiltInSchema] = BuiltInSchema.all,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> InputError? {
        do {
            let (schema, _) = try SafeXMLLoader.load(bytes, file: file, accepting: schemas)
            Issue.record("expected the document to be refused, but it loaded as <\(schema.rootElement)>", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }

    /// The error `Document.load` throws for `text`, or nil (with an issue recorded) if it loads.
    static func documentError(
        _ text: String, file: String, accepting schemas: [BuiltInSchema],
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> InputError? {
        do {
            _ = try Document.load(Array(text.utf8), file: file, accepting: schemas)
            Issue.record("expected the document to be refused, but it loaded", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }
}
