import ConsignCore
import ConsignXML
import Foundation
import Testing

/// Every example document of the repository validates and decodes; variants of them that break the
/// built-in XSDs are refused, with the line of the offending element.
@Suite("XML schema validation")
struct XMLSchemaValidationTests {
    // MARK: The examples

    @Test func everyExampleDocumentLoadsAndDecodes() throws {
        var catalogs = 0, tasks = 0, contractors = 0, agreements = 0
        let directories: [(URL, String)] = [
            (XMLTestSupport.templatesDirectory, "templates"),
            (XMLTestSupport.agreementsDirectory, "agreements"),
            (XMLTestSupport.contractorsDirectory, "agreements/contractors"),
        ]
        for (directory, name) in directories {
            for url in try XMLTestSupport.xmlFiles(in: directory) {
                let file = "\(name)/\(url.lastPathComponent)"
                let bytes = [UInt8](try Data(contentsOf: url))
                let document: Document
                let line: Int
                do {
                    (document, line) = try Document.load(bytes, file: file, accepting: BuiltInSchema.all)
                } catch {
                    Issue.record("\(file) does not load:\n\(error)")
                    continue
                }
                #expect(line > 0, "\(file)")
                switch document {
                case .catalog(let catalog):
                    catalogs += 1
                    #expect(name == "templates" && url.lastPathComponent == "catalog.xml", "\(file)")
                    #expect(!catalog.fields.isEmpty, "\(file)")
                case .task(let task):
                    tasks += 1
                    #expect(name == "templates", "a task in \(file)")
                    // A task sends records (needs, and a layout or a courier's import profile), publishes a table (its
                    // statistics) or anonymised records: exactly one of them.
                    let kinds = [
                        !task.needs.isEmpty && (!task.layout.isEmpty || task.importProfile != nil), task.statistics != nil,
                        task.anonymised != nil,
                    ]
                    #expect(kinds.filter { $0 }.count == 1, "\(file)")
                case .contractor(let contractor):
                    contractors += 1
                    #expect(name == "agreements/contractors", "a contractor profile in \(file)")
                    #expect(!contractor.legalName.isEmpty, "\(file)")
                case .agreement(let agreement):
                    agreements += 1
                    #expect(name == "agreements", "an agreement in \(file)")
                    #expect(!agreement.permitted.isEmpty, "\(file)")
                }
            }
        }
        #expect(catalogs >= 1)
        #expect(tasks >= 7)
        #expect(contractors >= 8)
        #expect(agreements >= 9)
    }

    /// Each example also loads when its own schema is the only one accepted (the workspace loads each
    /// folder with its schemas), and the schema used is the one named by the root element.
    @Test func eachExampleValidatesAgainstItsOwnSchemaAlone() throws {
        let cases: [(URL, (String) -> BuiltInSchema)] = [
            (XMLTestSupport.templatesDirectory, { $0 == "catalog.xml" ? .catalog : .task }),
            (XMLTestSupport.agreementsDirectory, { _ in .agreement }),
            (XMLTestSupport.contractorsDirectory, { _ in .contractor }),
        ]
        for (directory, schemaFor) in cases {
            for url in try XMLTestSupport.xmlFiles(in: directory) {
                let schema = schemaFor(url.lastPathComponent)
                let bytes = [UInt8](try Data(contentsOf: url))
                let loaded = try SafeXMLLoader.load(bytes, file: url.lastPathComponent, accepting: [schema])
                #expect(loaded.schema == schema, "\(url.lastPathComponent)")
                #expect(loaded.root.name == schema.rootElement)
            }
        }
    }

    // MARK: Invalid variants

    /// A variant of a real example made by one string replacement, and where its error must point.
    struct Variant: Sendable, CustomTestStringConvertible {
        var name: String
        var example: String
        var schema: BuiltInSchema
        var target: String
        var replacement: String
        /// Text of the variant on the line the first diagnostic must name.
        var offending: String
        /// What the message must mention.
        var keyword: String

        var testDescription: String { "\(example): \(name)" }
    }

    static let catalogVariants: [Variant] = [
        Variant(
            name: "missing required element", example: "templates/catalog.xml", schema: .catalog,
            target: "    <home-country>JP</home-country>\n", replacement: "", offending: "<time-zone>",
            keyword: "home-country"),
        Variant(
            name: "unknown element", example: "templates/catalog.xml", schema: .catalog,
            target: "  <purposes>\n", replacement: "  <slogan>We care</slogan>\n  <purposes>\n", offending: "<slogan>",
            keyword: "slogan"),
        Variant(
            name: "bad identifiability", example: "templates/catalog.xml", schema: .catalog,
            target: "column=\"gender\" category=\"demographics\" weight=\"2\" identifiability=\"quasi\"",
            replacement: "column=\"gender\" category=\"demographics\" weight=\"2\" identifiability=\"maybe\"",
            offending: "column=\"gender\"", keyword: "maybe"),
        Variant(
            name: "bad form name", example: "templates/catalog.xml", schema: .catalog,
            target: "<form id=\"prefix(3)\"", replacement: "<form id=\"sha1\"", offending: "<form id=\"sha1\"",
            keyword: "sha1"),
        Variant(
            name: "zero prefix form", example: "templates/catalog.xml", schema: .catalog,
            target: "<form id=\"prefix(3)\"", replacement: "<form id=\"prefix(0)\"",
            offending: "<form id=\"prefix(0)\"", keyword: "prefix(0)"),
        Variant(
            name: "blank description", example: "templates/catalog.xml", schema: .catalog,
            target: "<description>Date of birth of the customer.</description>",
            replacement: "<description>  \n   </description>", offending: "<description>  ", keyword: "length"),
        Variant(
            name: "empty collected-for list", example: "templates/catalog.xml", schema: .catalog,
            target: "<collected-for>inquiries</collected-for>", replacement: "<collected-for> </collected-for>",
            offending: "<collected-for> </collected-for>", keyword: "length"),
        Variant(
            name: "weight over 1000", example: "templates/catalog.xml", schema: .catalog,
            target: "weight=\"20\" identifiability=\"direct\" special-care=\"true\"",
            replacement: "weight=\"1001\" identifiability=\"direct\" special-care=\"true\"",
            offending: "weight=\"1001\"", keyword: "1001"),
        Variant(
            name: "duplicate field id", example: "templates/catalog.xml", schema: .catalog,
            target: "<field id=\"person.name_kana\"", replacement: "<field id=\"person.name\"",
            offending: "column=\"full_name_kana\"", keyword: "unique-field-id"),
        Variant(
            name: "duplicate field column", example: "templates/catalog.xml", schema: .catalog,
            target: "column=\"phone\"", replacement: "column=\"email\"", offending: "<field id=\"contact.phone\"",
            keyword: "unique-field-column"),
        Variant(
            name: "duplicate purpose id", example: "templates/catalog.xml", schema: .catalog,
            target: "<purpose id=\"campaigns\">", replacement: "<purpose id=\"seminars\">",
            offending: "<purpose id=\"seminars\">To run", keyword: "unique-purpose-id"),
    ]

    static let taskVariants: [Variant] = [
        Variant(
            name: "repeated need id", example: "templates/prize-shipping.xml", schema: .task,
            target: "<need id=\"reference\">", replacement: "<need  id=\"recipient\">", offending: "<need  id=",
            keyword: "<need> repeats 'recipient', which another <need> before it already has"),
        Variant(
            name: "text between elements", example: "templates/prize-shipping.xml", schema: .task,
            target: "<purpose>surveys-prizes</purpose>", replacement: "<purpose>surveys-prizes</purpose> stray words",
            offending: "<task ", keyword: "<task> holds text between its elements"),
        Variant(
            name: "text in an empty element", example: "templates/prize-shipping.xml", schema: .task,
            target: "<use field=\"person.name\"/>", replacement: "<use field=\"person.name\">x</use>",
            offending: "<use field=\"person.name\">x", keyword: "<use> takes nothing inside it"),
        Variant(
            name: "an element inside a value", example: "templates/prize-shipping.xml", schema: .task,
            target: "<purpose>surveys-prizes</purpose>", replacement: "<purpose>surveys-prizes<b/></purpose>",
            offending: "<purpose>", keyword: "<purpose> holds a value, not elements"),
        Variant(
            name: "id longer than 64 characters", example: "templates/prize-shipping.xml", schema: .task,
            target: "id=\"prize-shipping\"", replacement: "id=\"prize-shipping-\(String(repeating: "a", count: 60))\"",
            offending: "<task ", keyword: "is 75 characters long, above the most allowed, 64"),
        Variant(
            name: "a tag closed by another name", example: "templates/prize-shipping.xml", schema: .task,
            target: "<row-scope>", replacement: "<rowscope>", offending: "</row-scope>",
            keyword: "<rowscope>, opened on line"),
        Variant(
            name: "an unescaped ampersand", example: "templates/prize-shipping.xml", schema: .task,
            target: "<title>Shipping of prizes", replacement: "<title>Shipping & handling of prizes", offending: "<title>",
            keyword: "write it as &amp;"),
        Variant(
            name: "an attribute written twice", example: "templates/prize-shipping.xml", schema: .task,
            target: "<use field=\"person.name\"/>", replacement: "<use field=\"person.name\" field=\"person.name\"/>",
            offending: "<use field=\"person.name\" field", keyword: "the attribute field is written twice"),
        Variant(
            name: "minimum frequency below 2", example: "templates/usage-statistics.xml", schema: .task,
            target: "<protection>", replacement: "<protection minimum-frequency=\"1\">", offending: "<protection ",
            keyword: "is 1, below the least allowed, 2"),
        Variant(
            name: "percentage above 100", example: "templates/usage-statistics.xml", schema: .task,
            target: "<p-percent p=\"10\"/>", replacement: "<p-percent p=\"150\"/>", offending: "<p-percent ",
            keyword: "is 150, above the most allowed, 100"),
        Variant(
            name: "missing required element", example: "templates/prize-shipping.xml", schema: .task,
            target: "  <purpose>surveys-prizes</purpose>\n", replacement: "", offending: "<needs>", keyword: "purpose"),
        Variant(
            name: "unknown element", example: "templates/prize-shipping.xml", schema: .task,
            target: "<use field=\"person.name\"/>", replacement: "<use field=\"person.name\"/><extra/>",
            offending: "<extra/>", keyword: "extra"),
        Variant(
            name: "bad operator", example: "templates/prize-shipping.xml", schema: .task,
            target: "<consent field=\"consent.prize\"/>",
            replacement: "<consent field=\"consent.prize\"/>\n    <condition field=\"person.name\" operator=\"like\"/>",
            offending: "operator=\"like\"", keyword: "like"),
        Variant(
            name: "bad form name", example: "templates/prize-shipping.xml", schema: .task,
            target: "<use field=\"customer.id\" form=\"hmac\"/>", replacement: "<use field=\"customer.id\" form=\"sha1\"/>",
            offending: "form=\"sha1\"", keyword: "sha1"),
        Variant(
            name: "blank title", example: "templates/prize-shipping.xml", schema: .task,
            target: "<title>Shipping of prizes to competition winners by courier</title>",
            replacement: "<title>   </title>", offending: "<title>", keyword: "length"),
        Variant(
            name: "bad boolean", example: "templates/prize-shipping.xml", schema: .task,
            target: "<mix-or-enrich>false</mix-or-enrich>", replacement: "<mix-or-enrich>no</mix-or-enrich>",
            offending: "<mix-or-enrich>", keyword: "boolean"),
        Variant(
            name: "zero retention", example: "templates/prize-shipping.xml", schema: .task,
            target: "<retention-days>60</retention-days>", replacement: "<retention-days>0</retention-days>",
            offending: "<retention-days>", keyword: "positiveInteger"),
        Variant(
            name: "duplicate column name", example: "templates/prize-shipping.xml", schema: .task,
            target: "<column name=\"phone\"", replacement: "<column name=\"email\"",
            offending: "<column name=\"email\" field=\"contact.email\"", keyword: "unique-column-name"),
        Variant(
            name: "duplicate option id", example: "templates/prize-shipping.xml", schema: .task,
            target: "<option id=\"email\">", replacement: "<option id=\"phone\">",
            offending: "<option id=\"phone\">\n        <use field=\"contact.email\"/>", keyword: "unique-option-id"),
        Variant(
            name: "attribute in a foreign namespace shadowing id", example: "templates/prize-shipping.xml",
            schema: .task, target: "<need id=\"recipient\">",
            replacement: "<need id=\"recipient\" xmlns:x=\"urn:example:x\" x:id=\"reference\">",
            offending: "<need id=\"recipient\"", keyword: "not allowed"),
    ]

    static let contractorVariants: [Variant] = [
        Variant(
            name: "missing required element", example: "agreements/contractors/hayate-transport.xml",
            schema: .contractor, target: "  <representative>Kenji Morimoto, President</representative>\n",
            replacement: "", offending: "<privacy-contact>", keyword: "representative"),
        Variant(
            name: "unknown element", example: "agreements/contractors/hayate-transport.xml", schema: .contractor,
            target: "<phone>+81-3-5500-2140</phone>",
            replacement: "<phone>+81-3-5500-2140</phone>\n    <fax>+81-3-5500-2141</fax>", offending: "<fax>",
            keyword: "fax"),
        Variant(
            name: "bad certification scheme", example: "agreements/contractors/hayate-transport.xml",
            schema: .contractor, target: "scheme=\"privacy-mark\"", replacement: "scheme=\"gold-star\"",
            offending: "<certification ", keyword: "gold-star"),
        Variant(
            name: "bad date", example: "agreements/contractors/hayate-transport.xml", schema: .contractor,
            target: "expires=\"2028-06-30\"", replacement: "expires=\"2027-02-29\"", offending: "<certification ",
            keyword: "2027-02-29"),
        Variant(
            name: "blank legal name", example: "agreements/contractors/hayate-transport.xml", schema: .contractor,
            target: "<legal-name>Hayate Transport Co., Ltd. (疾風運輸株式会社)</legal-name>",
            replacement: "<legal-name>\t \n </legal-name>", offending: "<legal-name>", keyword: "length"),
        Variant(
            name: "bad email", example: "agreements/contractors/hayate-transport.xml", schema: .contractor,
            target: "privacy@hayate-transport.example", replacement: "privacy-at-hayate", offending: "<email>",
            keyword: "privacy-at-hayate"),
        Variant(
            name: "bad country", example: "agreements/contractors/hayate-transport.xml", schema: .contractor,
            target: "<address country=\"JP\">", replacement: "<address country=\"Japan\">", offending: "<address",
            keyword: "Japan"),
        Variant(
            name: "sub-contractor without purposes", example: "agreements/contractors/hayate-transport.xml",
            schema: .contractor, target: " purposes=\"surveys-prizes\">", replacement: ">",
            offending: "<sub-contractor id=", keyword: "purposes"),
    ]

    static let agreementVariants: [Variant] = [
        Variant(
            name: "missing required element", example: "agreements/AG-2024-011-v2.xml", schema: .agreement,
            target: "  <data-subjects>\n    <category>prize winners</category>\n  </data-subjects>\n", replacement: "",
            offending: "<countries>", keyword: "data-subjects"),
        Variant(
            name: "unknown element", example: "agreements/AG-2024-011-v2.xml", schema: .agreement,
            target: "<retention max-days=\"90\"/>", replacement: "<retention max-days=\"90\"/>\n  <bonus/>",
            offending: "<bonus/>", keyword: "bonus"),
        Variant(
            name: "bad relationship", example: "agreements/AG-2024-011-v2.xml", schema: .agreement,
            target: "<relationship>entrustment</relationship>", replacement: "<relationship>friendship</relationship>",
            offending: "<relationship>", keyword: "friendship"),
        Variant(
            name: "bad date", example: "agreements/AG-2024-011-v2.xml", schema: .agreement,
            target: "<signed>2026-03-10</signed>", replacement: "<signed>2026-02-30</signed>", offending: "<signed>",
            keyword: "2026-02-30"),
        Variant(
            name: "bad effective date", example: "agreements/AG-2024-011-v2.xml", schema: .agreement,
            target: "to=\"2032-03-31\"", replacement: "to=\"2032-13-01\"", offending: "<effective", keyword: "2032-13-01"),
        Variant(
            name: "bad form name", example: "agreements/AG-2024-011-v2.xml", schema: .agreement,
            target: "<field ref=\"customer.id\" form=\"hmac\"/>", replacement: "<field ref=\"customer.id\" form=\"sha1\"/>",
            offending: "form=\"sha1\"", keyword: "sha1"),
        Variant(
            name: "blank title", example: "agreements/AG-2024-011-v2.xml", schema: .agreement,
            target: "<title>Agreement on the Entrustment of Personal Information Handling (Prize Shipping), Amendment 1</title>",
            replacement: "<title>   </title>", offending: "<title>", keyword: "length"),
        Variant(
            name: "one signatory", example: "agreements/AG-2024-011-v2.xml", schema: .agreement,
            target: "    <signatory party=\"contractor\" name=\"Kenji Morimoto\" title=\"President\"/>\n", replacement: "",
            offending: "<signatories>", keyword: "signatory"),
        Variant(
            name: "bad sha256", example: "agreements/AG-2024-011-v2.xml", schema: .agreement,
            target: "sha256=\"a6751f98", replacement: "sha256=\"A6751F98", offending: "<signed-document",
            keyword: "sha256"),
        Variant(
            name: "zero notice hours", example: "agreements/AG-2024-011-v2.xml", schema: .agreement,
            target: "notice-hours=\"48\"", replacement: "notice-hours=\"0\"", offending: "<incident-reporting",
            keyword: "notice-hours"),
        Variant(
            name: "clauses out of order", example: "agreements/AG-2024-011-v2.xml", schema: .agreement,
            target: "    <responsibilities section=\"Art. 3\"/>\n    <security section=\"Art. 5\"/>\n",
            replacement: "    <security section=\"Art. 5\"/>\n    <responsibilities section=\"Art. 3\"/>\n",
            offending: "<responsibilities", keyword: "responsibilities"),
        Variant(
            name: "root in a foreign namespace", example: "agreements/AG-2024-011-v2.xml", schema: .agreement,
            target: "<agreement id=", replacement: "<agreement xmlns=\"urn:example:evil\" id=", offending: "<agreement",
            keyword: "agreement"),
    ]

    @Test(arguments: catalogVariants + taskVariants + contractorVariants + agreementVariants)
    func invalidVariantIsRefusedAtTheOffendingLine(_ variant: Variant) throws {
        let original = try XMLTestSupport.text(variant.example)
        let text = try #require(XMLTestSupport.variant(of: original, replacing: variant.target, with: variant.replacement))
        let line = try #require(XMLTestSupport.line(of: variant.offending, in: text))
        let error = try #require(XMLTestSupport.documentError(text, file: variant.example, accepting: [variant.schema]))
        let first = try #require(error.diagnostics.first)
        #expect(first.line == line, "\(error)")
        #expect(first.message.contains(variant.keyword), "\(error)")
        #expect(error.diagnostics.allSatisfy { $0.file == variant.example && $0.severity == .error && $0.line > 0 }, "\(error)")
        #expect(first.description.hasPrefix("\(variant.example):\(line):"), "\(first.description)")
    }

    // MARK: Valid by the schema, beyond what consign represents

    /// A value the XSD allows but the decoder cannot represent (a date with a time zone, an integer past
    /// Int.max) is refused, not crashed on, and the diagnostic points at the element holding it.
    static let unrepresentable: [Variant] = [
        Variant(
            name: "signed date with a time zone", example: "agreements/AG-2024-011-v2.xml", schema: .agreement,
            target: "<signed>2026-03-10</signed>", replacement: "<signed>2026-03-10+09:00</signed>",
            offending: "<signed>", keyword: "2026-03-10+09:00"),
        Variant(
            name: "effective date with a time zone", example: "agreements/AG-2024-011-v2.xml", schema: .agreement,
            target: "from=\"2026-04-01\"", replacement: "from=\"2026-04-01Z\"", offending: "<effective",
            keyword: "2026-04-01Z"),
        Variant(
            name: "approval date with a time zone", example: "agreements/AG-2024-011-v2.xml", schema: .agreement,
            target: "approved-on=\"2024-03-20\"", replacement: "approved-on=\"2024-03-20-05:00\"",
            offending: "<approved ", keyword: "2024-03-20-05:00"),
        Variant(
            name: "huge retention", example: "agreements/AG-2024-011-v2.xml", schema: .agreement,
            target: "max-days=\"90\"", replacement: "max-days=\"99999999999999999999\"", offending: "<retention ",
            keyword: "99999999999999999999"),
        Variant(
            name: "huge notice hours", example: "agreements/AG-2024-011-v2.xml", schema: .agreement,
            target: "notice-hours=\"48\"", replacement: "notice-hours=\"99999999999999999999\"",
            offending: "<incident-reporting", keyword: "99999999999999999999"),
        Variant(
            name: "huge version", example: "agreements/AG-2024-011-v2.xml", schema: .agreement,
            target: "version=\"2\"", replacement: "version=\"99999999999999999999\"", offending: "<agreement ",
            keyword: "99999999999999999999"),
        Variant(
            name: "huge retention days", example: "templates/prize-shipping.xml", schema: .task,
            target: "<retention-days>60</retention-days>",
            replacement: "<retention-days>99999999999999999999</retention-days>", offending: "<retention-days>",
            keyword: "99999999999999999999"),
        Variant(
            name: "certification expiry with a time zone", example: "agreements/contractors/hayate-transport.xml",
            schema: .contractor, target: "expires=\"2028-06-30\"", replacement: "expires=\"2028-06-30Z\"",
            offending: "<certification ", keyword: "2028-06-30Z"),
    ]

    @Test(arguments: unrepresentable)
    func schemaValidValueTheDecoderCannotRepresentIsRefusedAtItsLine(_ variant: Variant) throws {
        let original = try XMLTestSupport.text(variant.example)
        let text = try #require(XMLTestSupport.variant(of: original, replacing: variant.target, with: variant.replacement))
        // The schema accepts it: the refusal is the decoder's.
        _ = try SafeXMLLoader.load(Array(text.utf8), file: variant.example, accepting: [variant.schema])
        let line = try #require(XMLTestSupport.line(of: variant.offending, in: text))
        let error = try #require(XMLTestSupport.documentError(text, file: variant.example, accepting: [variant.schema]))
        let first = try #require(error.diagnostics.first)
        #expect(first.file == variant.example)
        #expect(first.message.contains(variant.keyword), "\(error)")
        #expect(first.line == line, "\(error)")
    }

    // MARK: The wrong document type

    @Test func taskWhereOnlyAnAgreementIsAcceptedNamesBothRootElements() throws {
        let text = try XMLTestSupport.text("templates/prize-shipping.xml")
        let error = try #require(XMLTestSupport.documentError(text, file: "agreements/oops.xml", accepting: [.agreement]))
        let diagnostic = try #require(error.diagnostics.first)
        #expect(error.diagnostics.count == 1)
        #expect(diagnostic.file == "agreements/oops.xml")
        #expect(diagnostic.line == 2)
        #expect(diagnostic.message.contains("<agreement>"), "\(diagnostic)")
        #expect(diagnostic.message.contains("<task>"), "\(diagnostic)")
    }

    @Test func wrongRootAmongSeveralAcceptedNamesEveryAcceptedRoot() throws {
        let text = try XMLTestSupport.text("agreements/AG-2024-011-v2.xml")
        let error = try #require(
            XMLTestSupport.documentError(text, file: "templates/x.xml", accepting: [.catalog, .task]))
        let diagnostic = try #require(error.diagnostics.first)
        #expect(diagnostic.line == 3)
        for name in ["<catalog>", "<task>", "<agreement>"] {
            #expect(diagnostic.message.contains(name), "\(diagnostic)")
        }
    }

    @Test func acceptingNothingRefusesEveryDocument() throws {
        let text = try XMLTestSupport.text("templates/catalog.xml")
        let error = try #require(XMLTestSupport.documentError(text, file: "templates/catalog.xml", accepting: []))
        #expect(error.diagnostics.first?.message.contains("<catalog>") == true)
    }

    /// An unknown root element is refused before validation, with the root's line.
    @Test func unknownRootElementIsRefused() throws {
        let text = "<?xml version=\"1.0\"?>\n\n<invoice id=\"x\" version=\"1\"/>\n"
        let error = try #require(XMLTestSupport.documentError(text, file: "templates/invoice.xml", accepting: BuiltInSchema.all))
        #expect(error.diagnostics.first?.line == 3)
        #expect(error.diagnostics.first?.message.contains("<invoice>") == true)
    }

    // MARK: The built-in schemas

    /// consign validates against the XSDs built into it; they are the repository's own, byte for byte.
    @Test(arguments: BuiltInSchema.all)
    func builtInSchemaIsTheRepositoryXSD(_ schema: BuiltInSchema) throws {
        #expect(schema.bytes == (try XMLTestSupport.bytes(schema.workspacePath)))
    }
}
