import ConsignCore
import ConsignXML
import Foundation
import Testing

/// Hostile documents: each is refused with a diagnostic naming the file, the line and what is wrong;
/// libxml2 is never allowed to load anything (the refused-load count does not move); and nothing the
/// attacker points at ends up in a message.
@Suite("XML safety")
struct XMLSafetyTests {
    /// A file holding a secret, for entities to point at; removed when the test ends.
    final class SecretFile {
        let secret = "TOP-SECRET-\(UUID().uuidString)"
        let url: URL

        init() throws {
            url = FileManager.default.temporaryDirectory.appending(path: "consign-xxe-\(UUID().uuidString).txt")
            try Data(secret.utf8).write(to: url)
        }

        deinit { try? FileManager.default.removeItem(at: url) }

        var fileURI: String { url.absoluteString }
    }

    /// Loads `bytes`, expecting a refusal whose first diagnostic is at `line` and mentions `keyword`;
    /// every diagnostic must name `file`, be an error, and no `secrets` may appear in the output.
    /// libxml2 must not have tried to load anything.
    @discardableResult
    func expectRefused(
        _ bytes: [UInt8], file: String, line: Int, mentioning keyword: String,
        notLeaking secrets: [String] = [], accepting schemas: [BuiltInSchema] = BuiltInSchema.all,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> InputError? {
        let loadsBefore = refusedExternalLoads
        let error = XMLTestSupport.loadError(bytes, file: file, accepting: schemas, sourceLocation: sourceLocation)
        #expect(refusedExternalLoads == loadsBefore, "libxml2 tried to load an external resource", sourceLocation: sourceLocation)
        guard let error else { return nil }
        guard let first = error.diagnostics.first else {
            Issue.record("an InputError without diagnostics", sourceLocation: sourceLocation)
            return nil
        }
        for diagnostic in error.diagnostics {
            #expect(diagnostic.file == file, "\(diagnostic)", sourceLocation: sourceLocation)
            #expect(diagnostic.severity == .error, "\(diagnostic)", sourceLocation: sourceLocation)
            #expect(diagnostic.line > 0, "no line in \(diagnostic)", sourceLocation: sourceLocation)
        }
        #expect(first.line == line, "\(error)", sourceLocation: sourceLocation)
        #expect(first.message.localizedCaseInsensitiveContains(keyword), "\(error)", sourceLocation: sourceLocation)
        #expect(first.description.hasPrefix("\(file):\(line):"), "\(first.description)", sourceLocation: sourceLocation)
        for secret in secrets {
            #expect(!error.description.contains(secret), "the secret leaked: \(error)", sourceLocation: sourceLocation)
        }
        return error
    }

    /// The repository's catalog with `prolog` (e.g. a DOCTYPE) inserted after its XML declaration.
    func catalog(withProlog prolog: String, companyName: String = "Kumo Learning K.K.") throws -> [UInt8] {
        var text = try XMLTestSupport.text("templates/catalog.xml")
        let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        try #require(text.hasPrefix(declaration))
        text = declaration + prolog + "\n" + text.dropFirst(declaration.count)
        text = text.replacingOccurrences(of: "<name>Kumo Learning K.K.</name>", with: "<name>\(companyName)</name>")
        return Array(text.utf8)
    }

    // MARK: DOCTYPEs and entities

    @Test func externalEntityInTextIsRefusedAtTheDoctypeWithoutReadingTheFile() throws {
        let secret = try SecretFile()
        let bytes = try catalog(
            withProlog: "<!DOCTYPE catalog [<!ENTITY x SYSTEM \"\(secret.fileURI)\">]>", companyName: "&x;")
        let error = expectRefused(
            bytes, file: "templates/catalog.xml", line: 2, mentioning: "DOCTYPE", notLeaking: [secret.secret])
        // The refusal is the DOCTYPE rule, not a side effect of some later failure.
        #expect(error?.diagnostics.count == 1)
    }

    @Test(arguments: ["http://127.0.0.1:9/x.dtd", "file:///etc/passwd"])
    func externalDTDIsRefusedWithoutBeingFetched(systemID: String) throws {
        let bytes = try catalog(withProlog: "<!DOCTYPE catalog SYSTEM \"\(systemID)\">")
        expectRefused(bytes, file: "templates/catalog.xml", line: 2, mentioning: "DOCTYPE")
    }

    @Test func externalDTDFromALocalSecretFileIsNotRead() throws {
        let secret = try SecretFile()
        let bytes = try catalog(withProlog: "<!DOCTYPE catalog PUBLIC \"-//x//y\" \"\(secret.fileURI)\">")
        expectRefused(bytes, file: "templates/catalog.xml", line: 2, mentioning: "DOCTYPE", notLeaking: [secret.secret])
    }

    /// Ten levels of ten-fold expansion: 10^10 "lol"s if anything expanded them.
    static func billionLaughs(root: String, body: String = "&lol9;") -> String {
        var doctype = "<!DOCTYPE \(root) [\n  <!ENTITY lol0 \"lol\">\n"
        for level in 1...9 {
            doctype += "  <!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">\n"
        }
        doctype += "]>"
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            \(doctype)
            <\(root) id="laughs" version="1"><title>\(body)</title></\(root)>
            """
    }

    @Test(.timeLimit(.minutes(1)))
    func billionLaughsIsRefusedPromptly() {
        let start = ContinuousClock.now
        expectRefused(
            Array(Self.billionLaughs(root: "task").utf8), file: "templates/laughs.xml", line: 2, mentioning: "DOCTYPE")
        // No timing assertion (CI machines vary); the time limit above catches a hang, and this records
        // how long the refusal took.
        print("billion laughs refused in \(ContinuousClock.now - start)")
    }

    @Test func parameterEntityPointingAtAFileIsRefusedWithoutReadingIt() throws {
        let secret = try SecretFile()
        let bytes = try catalog(
            withProlog: "<!DOCTYPE catalog [\n  <!ENTITY % p SYSTEM \"\(secret.fileURI)\">\n  %p;\n]>")
        expectRefused(
            bytes, file: "templates/catalog.xml", line: 2, mentioning: "DOCTYPE", notLeaking: [secret.secret])
    }

    @Test func doctypeAfterBOMCommentAndProcessingInstructionIsReportedOnItsOwnLine() {
        let prolog = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!--
              A comment over several lines, with a <!DOCTYPE look-alike inside it.
            -->
            <?consign a processing instruction?>

            <!DOCTYPE agreement [<!ENTITY x "y">]>
            <agreement id="A" version="1" contractor="x"><title>&x;</title></agreement>
            """
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(prolog.utf8)
        expectRefused(bytes, file: "agreements/bom.xml", line: 7, mentioning: "DOCTYPE")
    }

    @Test func doctypeLineCountsWindowsLineEndings() {
        let text = "<?xml version=\"1.0\"?>\r\n<!-- one -->\r\n\r\n<!DOCTYPE task SYSTEM \"file:///etc/passwd\">\r\n<task/>\r\n"
        expectRefused(Array(text.utf8), file: "templates/crlf.xml", line: 4, mentioning: "DOCTYPE")
    }

    /// `text` encoded as UTF-16 little-endian with a byte order mark.
    static func utf16(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        return bytes
    }

    /// The hostile DOCTYPEs of a UTF-16 document; `SECRET` stands for the URI of the secret file.
    static let utf16Doctypes: [(doctype: String, title: String)] = [
        ("<!DOCTYPE task [<!ENTITY x SYSTEM \"SECRET\">]>", "&x;"),
        ("<!DOCTYPE task [<!ENTITY % p SYSTEM \"SECRET\"> %p;]>", "t"),
        ("<!DOCTYPE task SYSTEM \"SECRET\">", "t"),
        ("<!DOCTYPE task SYSTEM \"http://127.0.0.1:9/x.dtd\">", "t"),
    ]

    /// The byte-level DOCTYPE check reads UTF-8 only; a UTF-16 document must still be refused (for its
    /// encoding, before libxml2 sees it), with nothing fetched and no secret read.
    @Test(arguments: utf16Doctypes.indices)
    func utf16DocumentWithExternalReferencesIsRefusedAndLoadsNothing(_ index: Int) throws {
        let secret = try SecretFile()
        let (doctype, title) = Self.utf16Doctypes[index]
        let text = """
            <?xml version="1.0" encoding="UTF-16"?>
            \(doctype.replacingOccurrences(of: "SECRET", with: secret.fileURI))
            <task id="t" version="1"><title>\(title)</title></task>
            """
        let loadsBefore = refusedExternalLoads
        let error = XMLTestSupport.loadError(Self.utf16(text), file: "templates/utf16.xml")
        #expect(refusedExternalLoads == loadsBefore)
        let diagnostics = try #require(error?.diagnostics)
        #expect(!diagnostics.isEmpty)
        #expect(diagnostics.allSatisfy { $0.file == "templates/utf16.xml" && $0.line > 0 })
        #expect(diagnostics.contains { $0.message.contains("DOCTYPE") || $0.message.contains("UTF-8") }, "\(error!)")
        #expect(!String(describing: error!).contains(secret.secret))
    }

    /// SafeXMLLoader promises that "a document with a DOCTYPE is refused before libxml2 sees it (so no
    /// entity can be declared, expanded or fetched)". In UTF-16 the byte-level check does not see the
    /// DOCTYPE, so libxml2 parses the internal subset and starts expanding the entities; only libxml2's
    /// own loop guard stops it, with repeated "Detected an entity reference loop" errors placed at a
    /// line of the entity text (1:7), not of the document. The refusal must come from consign, once,
    /// before any entity is processed: for the DOCTYPE, or for an encoding other than UTF-8.
    @Test(.timeLimit(.minutes(1)))
    func utf16BillionLaughsIsRefusedBeforeAnyEntityIsProcessed() throws {
        let bytes = Self.utf16(Self.billionLaughs(root: "task").replacingOccurrences(of: "UTF-8", with: "UTF-16"))
        let loadsBefore = refusedExternalLoads
        let error = XMLTestSupport.loadError(bytes, file: "templates/laughs16.xml")
        #expect(refusedExternalLoads == loadsBefore)
        let diagnostics = try #require(error?.diagnostics)
        #expect(!diagnostics.isEmpty)
        #expect(diagnostics.allSatisfy { $0.file == "templates/laughs16.xml" && $0.line > 0 })
        #expect(!String(describing: error!).contains("lollollol"))
        #expect(diagnostics.count == 1, "\(error!)")
        let message = try #require(diagnostics.first?.message)
        #expect(
            message.contains("DOCTYPE") || message.contains("UTF-8"),
            "libxml2 processed the entities before consign refused the document: \(error!)")
    }

    @Test func undeclaredEntityIsRefusedOnItsLine() throws {
        let text = try XMLTestSupport.text("templates/prize-shipping.xml")
        let hostile = try #require(
            XMLTestSupport.variant(of: text, replacing: "<title>Shipping", with: "<title>&nope; Shipping"))
        expectRefused(
            Array(hostile.utf8), file: "templates/prize-shipping.xml", line: 3, mentioning: "nope",
            accepting: [.task])
    }

    // MARK: XInclude

    @Test(arguments: ["http://www.w3.org/2001/XInclude", "http://www.w3.org/2003/XInclude"])
    func xincludeInAnOtherwiseValidAgreementIsRefused(namespace: String) throws {
        let text = try XMLTestSupport.text("agreements/AG-2024-011-v2.xml")
        let target = "    <field ref=\"contact.phone\"/>\n"
        let hostile = try #require(
            XMLTestSupport.variant(
                of: text, replacing: target,
                with: target + "    <xi:include xmlns:xi=\"\(namespace)\" href=\"file:///etc/passwd\" parse=\"text\"/>\n"))
        let line = try #require(XMLTestSupport.line(of: "<xi:include", in: hostile))
        #expect(line == 21)
        let error = expectRefused(
            Array(hostile.utf8), file: "agreements/AG-2024-011-v2.xml", line: line, mentioning: "XInclude",
            notLeaking: ["root:"], accepting: [.agreement])
        // consign's own refusal, not the schema's complaint about an unexpected element.
        #expect(error.map { $0.diagnostics.allSatisfy { !$0.message.contains("not expected") } } == true)
    }

    @Test func xincludeInTheDefaultNamespaceIsRefused() throws {
        let text = try XMLTestSupport.text("agreements/AG-2024-011-v2.xml")
        let hostile = try #require(
            XMLTestSupport.variant(
                of: text, replacing: "  <retention max-days=\"90\"/>\n",
                with: "  <retention max-days=\"90\"/>\n  <include xmlns=\"http://www.w3.org/2001/XInclude\" href=\"/etc/passwd\"/>\n"))
        let error = expectRefused(
            Array(hostile.utf8), file: "agreements/x.xml", line: 33, mentioning: "XInclude", accepting: [.agreement])
        #expect(error.map { $0.diagnostics.allSatisfy { !$0.message.contains("not expected") } } == true)
    }

    // MARK: Schema location hints

    /// xsi:schemaLocation hints must not make libxml2 fetch a schema: consign validates against its own.
    @Test func schemaLocationHintsAreNotFollowed() throws {
        let text = try XMLTestSupport.text("agreements/AG-2024-011-v2.xml")
        let hinted = try #require(
            XMLTestSupport.variant(
                of: text, replacing: "contractor=\"hayate-transport\">",
                with: "contractor=\"hayate-transport\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                    + "xsi:noNamespaceSchemaLocation=\"http://127.0.0.1:9/evil.xsd\">"))
        let loadsBefore = refusedExternalLoads
        let result = try SafeXMLLoader.load(Array(hinted.utf8), file: "agreements/hinted.xml", accepting: [.agreement])
        #expect(refusedExternalLoads == loadsBefore)
        #expect(result.schema == .agreement)
    }

    // MARK: Malformed input

    @Test func unclosedTagIsReportedWhereTheMismatchIsFound() throws {
        let text = try XMLTestSupport.text("templates/prize-shipping.xml")
        let reason = "<reason>The courier must write the winner's name on the shipping label."
        let hostile = try #require(XMLTestSupport.variant(of: text, replacing: reason + "</reason>", with: reason))
        // <reason> opens on line 7; the parser finds </need> instead of </reason> on line 11.
        let error = expectRefused(
            Array(hostile.utf8), file: "templates/prize-shipping.xml", line: 11, mentioning: "<reason>, opened on line 7, is closed by </need>",
            accepting: [.task])
        #expect(error?.diagnostics.first?.column ?? 0 > 0)
    }

    @Test func truncatedDocumentIsReportedAtItsEnd() throws {
        let text = try XMLTestSupport.text("templates/prize-shipping.xml")
        let truncated = String(text[..<text.range(of: "<layout>")!.lowerBound])
        let lastLine = truncated.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
        #expect(lastLine == 43)
        expectRefused(
            Array(truncated.utf8), file: "templates/prize-shipping.xml", line: lastLine, mentioning: "task",
            accepting: [.task])
    }

    @Test func emptyFileIsRefusedWithADiagnostic() {
        let error = XMLTestSupport.loadError([], file: "templates/empty.xml")
        #expect(error?.diagnostics.isEmpty == false)
        #expect(error?.diagnostics.allSatisfy { $0.file == "templates/empty.xml" } == true)
    }

    // MARK: Size

    @Test func documentOverTheSizeLimitIsRefusedBeforeParsing() throws {
        // A valid catalog padded with a comment to one byte over the limit.
        var bytes = try XMLTestSupport.bytes("templates/catalog.xml")
        let padding = SafeXMLLoader.maximumBytes + 1 - bytes.count - "<!---->".utf8.count
        bytes += Array("<!--".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: padding) + Array("-->".utf8)
        #expect(bytes.count == SafeXMLLoader.maximumBytes + 1)
        expectRefused(bytes, file: "templates/catalog.xml", line: 1, mentioning: "\(SafeXMLLoader.maximumBytes)")
    }

    @Test func documentExactlyAtTheSizeLimitIsAccepted() throws {
        // Padded with short comments after the root element (libxml2 caps a single comment, and a run of
        // whitespace, well below the limit).
        var bytes = try XMLTestSupport.bytes("templates/catalog.xml")
        let line = Array("<!--".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 56) + Array("-->\n".utf8)
        while bytes.count + line.count <= SafeXMLLoader.maximumBytes { bytes += line }
        bytes += [UInt8](repeating: UInt8(ascii: " "), count: SafeXMLLoader.maximumBytes - bytes.count)
        #expect(bytes.count == SafeXMLLoader.maximumBytes)
        let (schema, root) = try SafeXMLLoader.load(bytes, file: "templates/catalog.xml", accepting: [.catalog])
        #expect(schema == .catalog)
        #expect(root.name == "catalog")
    }

    // MARK: What is not hostile

    /// The five predefined entities and character references are part of XML itself: they are decoded,
    /// not refused as entity references.
    @Test func predefinedEntitiesAndCharacterReferencesAreDecoded() throws {
        let url = XMLTestSupport.fixtures.appending(path: "task-entities-and-wrapping.xml")
        let bytes = [UInt8](try Data(contentsOf: url))
        let (document, line) = try Document.load(bytes, file: "templates/t.xml", accepting: [.task])
        guard case .task(let task) = document else {
            Issue.record("expected a task, got \(document)")
            return
        }
        #expect(line == 3)
        #expect(task.needs.first?.reason == "Tom & Jerry's <label> \"quoted\" \u{3042}\u{3044} CDATA & <raw>")
    }
}
