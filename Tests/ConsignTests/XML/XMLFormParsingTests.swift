import ConsignCore
import ConsignXML
import Testing

/// Form names as the XSDs write them: every valid name parses and prints back identically; anything
/// else is nil.
@Suite("Form names")
struct XMLFormParsingTests {
    static let valid: [(String, Form)] = [
        ("keep", .keep), ("hmac", .hmac), ("year", .year), ("null", .null),
        ("prefix(3)", .prefix(3)), ("age_band(10)", .ageBand(10)), ("bucket(10000)", .bucket(10000)),
        ("mask(keep_last=4)", .mask(keepLast: 4)), ("mask(keep_last=0)", .mask(keepLast: 0)),
        ("prefix(1)", .prefix(1)), ("bucket(999999999)", .bucket(999_999_999)),
    ]

    @Test(arguments: valid.map(\.0))
    func validFormNameRoundTrips(_ name: String) throws {
        let form = try #require(Form(name))
        #expect(form.description == name)
        #expect(Form(form.description) == form)
    }

    @Test func validFormNamesParseToTheRightCase() {
        for (name, form) in Self.valid {
            #expect(Form(name) == form, "\(name)")
        }
    }

    @Test(arguments: [
        "prefix(0)", "prefix()", "age_band(x)", "mask(4)", "sha1", "", "bucket(0)", "age_band(-1)", "prefix(+3)",
        "prefix(3", "prefix3)", "prefix((3))", "prefix(3))", "prefix( 3)", "mask(keep_last=)", "mask(keep_last=-1)",
        "mask(keep_first=4)", "(3)", "KEEP", "keep ", " hmac", "hash(3)", "prefix(٣)", "prefix(99999999999999999999)",
    ])
    func invalidFormNameIsNil(_ name: String) {
        #expect(Form(name) == nil, "Form(\"\(name)\") parsed as \(String(describing: Form(name)))")
    }

    /// `Form.init?` says it "parses a form name as the XSDs allow it; nil for anything else". The built-in
    /// task XSD is the judge: a form name in a `<use form="...">` of an otherwise valid task must load
    /// exactly when `Form` parses it. (Were the XSD to accept a name `Form` refuses, valid documents
    /// would fail to decode; were `Form` to accept a name the XSD refuses, it would not be the XSD's.)
    @Test(arguments: [
        "keep", "hmac", "year", "null", "prefix(1)", "prefix(999999999)", "age_band(5)", "bucket(100)",
        "mask(keep_last=0)", "mask(keep_last=999)", "mask(keep_last=000)", "mask(keep_last=04)",
        "prefix(0)", "prefix(03)", "prefix(1234567890)", "mask(keep_last=1234)", "bucket(00)", "age_band()",
        "sha1", "Keep",
    ])
    func formParsesExactlyTheNamesTheSchemaAccepts(_ name: String) throws {
        let task = """
            <?xml version="1.0" encoding="UTF-8"?>
            <task id="t" version="1">
              <title>Form \(name)</title>
              <purpose>statistics</purpose>
              <needs><need id="n"><reason>r</reason><option id="o"><use field="f" form="\(name)"/></option></need></needs>
              <row-scope/>
              <mix-or-enrich>false</mix-or-enrich>
              <contacts-person>false</contacts-person>
              <pseudonymised>true</pseudonymised>
              <layout><column name="c" field="f"/></layout>
              <retention-days>1</retention-days>
            </task>
            """
        let schemaAccepts = (try? SafeXMLLoader.load(Array(task.utf8), file: "t.xml", accepting: [.task])) != nil
        #expect((Form(name) != nil) == schemaAccepts, "the task XSD \(schemaAccepts ? "accepts" : "refuses") '\(name)'; Form(\"\(name)\") is \(String(describing: Form(name)))")
        if schemaAccepts {
            // And the whole document decodes, with the form in it.
            guard case .task(let t) = try Document.load(Array(task.utf8), file: "t.xml", accepting: [.task]).document
            else { throw XMLDocumentDecodingTests.Unexpected() }
            #expect(t.needs.first?.options.first?.forms.first?.form == Form(name))
        }
    }

    @Test func fieldFormPrintsTheFormOnlyWhenItIsNotKeep() {
        #expect(FieldForm("contact.phone").description == "contact.phone")
        #expect(FieldForm("contact.phone", .mask(keepLast: 4)).description == "contact.phone:mask(keep_last=4)")
        #expect(FieldForm("customer.id", .hmac) != FieldForm("customer.id"))
    }
}
