import ConsignCore
import Foundation

/// libxml2's schema validation errors a person will meet (a date written another way, a word outside a
/// list, a missing or misplaced element, a missing attribute, a repeated id, text where none belongs), restated in plain words with the fix, and
/// given the column of the element or attribute on its line, which libxml2 does not report. A message of
/// any other shape keeps libxml2's wording.
enum SchemaError {
    /// The diagnostic restated, with its column found in `source` when libxml2 gave none.
    static func restate(_ diagnostic: Diagnostic, source: [UInt8]) -> Diagnostic {
        guard let (place, rest) = place(of: diagnostic.message) else { return diagnostic }
        var restated = diagnostic
        if let problem = problem(rest, at: place) { restated.message = Message.schema(problem).text() }
        if restated.column == 0 { restated.column = column(of: place, line: diagnostic.line, in: source) }
        return restated
    }

    /// `Element 'x': …` or `Element 'x', attribute 'y': …`.
    private static func place(of message: String) -> (Message.SchemaPlace, String)? {
        guard let match = message.wholeMatch(of: /Element '([^']+)'(?:, attribute '([^']+)')?: (.*)/) else { return nil }
        return (Message.SchemaPlace(element: String(match.1), attribute: match.2.map(String.init)), String(match.3))
    }

    private static func problem(_ text: String, at place: Message.SchemaPlace) -> Message.SchemaProblem? {
        if let m = text.wholeMatch(of: /'(.*)' is not a valid value of the atomic type 'xs:([A-Za-z]+)'\./) {
            return .invalidValue(place, value: String(m.1), type: String(m.2))
        }
        if let m = text.wholeMatch(of: /\[facet 'enumeration'\] The value '(.*)' is not an element of the set \{(.*)\}\./) {
            let allowed = m.2.split(separator: ",").map { $0.trimmingCharacters(in: .init(charactersIn: " '")) }
            return .notInSet(place, value: String(m.1), allowed: allowed)
        }
        if let m = text.wholeMatch(of: /\[facet 'pattern'\] The value '(.*)' is not accepted by the pattern '(.*)'\./) {
            return .pattern(place, value: String(m.1), pattern: String(m.2))
        }
        if let m = text.wholeMatch(of: /\[facet '(?:minLength|length)'\] The value '(.*)' has a length of '0'.*/) {
            return .empty(place, value: String(m.1))
        }
        if let m = text.wholeMatch(of: /\[facet '(min|max)Inclusive'\] The value '(.*)' is (?:less|greater) than the (?:minimum|maximum) value allowed \('(.*)'\)\./) {
            return .outOfRange(place, value: String(m.2), limit: String(m.3), below: m.1 == "min")
        }
        if let m = text.wholeMatch(of: /This element is not expected\.(?: Expected is (?:one of )?\( (.*) \)\.)?/) {
            return .unexpected(place, expected: names(m.1))
        }
        if let m = text.wholeMatch(of: /Missing child element\(s\)\. Expected is (?:one of )?\( (.*) \)\./) {
            return .missingChild(place, expected: names(m.1))
        }
        if let m = text.wholeMatch(of: /The attribute '([^']+)' is required but missing\./) {
            return .missingAttribute(place, attribute: String(m.1))
        }
        if text.wholeMatch(of: /The attribute '([^']+)' is not allowed\./) != nil {
            return .unknownAttribute(place)
        }
        if let m = text.wholeMatch(of: /Duplicate key-sequence \[(.*)\] in unique identity-constraint '([^']+)'\./) {
            let values = m.1.split(separator: ",").map { $0.trimmingCharacters(in: .init(charactersIn: " '")) }
            return .duplicate(place, values: values, constraint: String(m.2))
        }
        if text.wholeMatch(of: /Character content other than whitespace is not allowed because the content type is 'element-only'\./) != nil {
            return .textAmongElements(place)
        }
        if text.wholeMatch(of: /(?:Character|Element) content is not allowed, because the content type is empty\./) != nil {
            return .notEmpty(place)
        }
        if text.wholeMatch(of: /Element content is not allowed, because (?:the content type is a simple type definition|the type definition is simple)\./) != nil {
            return .elementsInValue(place)
        }
        if let m = text.wholeMatch(of: /\[facet 'maxLength'\] The value (?:'.*' )?has a length of '(\d+)'; this exceeds the allowed maximum length of '(\d+)'\./) {
            return .tooLong(place, length: String(m.1), limit: String(m.2))
        }
        return nil
    }

    /// `purpose` or `purpose, needs` (libxml2 lists the elements it would accept).
    private static func names(_ list: Substring?) -> [String] {
        (list ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The 1-based column of the element's start tag (or of its attribute) on the line, 0 when not found.
    private static func column(of place: Message.SchemaPlace, line: Int, in source: [UInt8]) -> Int {
        guard line > 0 else { return 0 }
        let lines = source.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        guard line <= lines.count else { return 0 }
        let text = Array(lines[lines.startIndex + line - 1])
        guard let tag = firstIndex(of: Array("<\(place.element)".utf8), in: text, from: 0) else { return 0 }
        var at = tag
        if let attribute = place.attribute {
            guard let found = firstIndex(of: Array(" \(attribute)=".utf8), in: text, from: tag) else { return 0 }
            at = found + 1
        }
        // Columns count characters, as editors do, not bytes.
        return String(decoding: text[..<at], as: UTF8.self).count + 1
    }

    private static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard start <= haystack.count - needle.count else { return nil }
        return (start...(haystack.count - needle.count)).first { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}
