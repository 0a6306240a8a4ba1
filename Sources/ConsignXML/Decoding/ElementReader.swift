import ConsignCore

/// Reads typed values out of a schema-valid element. The schema has already guaranteed the structure, so
/// a failure here means the schema and the decoder disagree; it is still reported as an input error
/// naming the file and line, never a crash.
struct ElementReader {
    let file: String

    func fail(_ element: XMLElement, _ message: String) -> InputError {
        InputError(message, file: file, line: element.line)
    }

    func attribute(_ element: XMLElement, _ name: String) throws(InputError) -> String {
        guard let value = element.attributes[name] else {
            throw fail(element, DocumentText.needsAttribute(element: element.name, attribute: name).text())
        }
        return value.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    func optionalAttribute(_ element: XMLElement, _ name: String) -> String? {
        element.attributes[name].map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
    }

    func child(_ element: XMLElement, _ name: String) throws(InputError) -> XMLElement {
        guard let child = element.child(name) else { throw fail(element, DocumentText.needsChild(element: element.name, child: name).text()) }
        return child
    }

    func text(_ element: XMLElement, _ name: String) throws(InputError) -> String {
        try child(element, name).token
    }

    func integer(_ text: String, at element: XMLElement) throws(InputError) -> Int {
        guard let value = Int(text) else { throw fail(element, DocumentText.notAnInteger(text).text()) }
        return value
    }

    func date(_ text: String, at element: XMLElement) throws(InputError) -> CalendarDate {
        guard let value = CalendarDate(text) else { throw fail(element, DocumentText.notADate(text).text()) }
        return value
    }

    func boolean(_ text: String, at element: XMLElement) throws(InputError) -> Bool {
        switch text {
        case "true", "1": return true
        case "false", "0": return false
        default: throw fail(element, DocumentText.notABoolean(text).text())
        }
    }

    func form(_ text: String, at element: XMLElement) throws(InputError) -> Form {
        guard let value = Form(text) else { throw fail(element, DocumentText.notAForm(text).text()) }
        return value
    }

    func identifiability(_ text: String, at element: XMLElement) throws(InputError) -> Identifiability {
        guard let value = Identifiability(rawValue: text) else {
            throw fail(element, DocumentText.notAnIdentifiability(text).text())
        }
        return value
    }

    /// A `field` attribute with an optional `form` attribute (default `keep`).
    func fieldForm(_ element: XMLElement) throws(InputError) -> FieldForm {
        FieldForm(try attribute(element, "field"), try form(optionalAttribute(element, "form") ?? "keep", at: element))
    }
}
