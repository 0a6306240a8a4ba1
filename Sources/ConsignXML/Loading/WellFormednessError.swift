import ConsignCore

/// libxml2's parser errors a person will meet (a tag closed by another name, an element never closed, an `&` or
/// `<` not escaped), restated in plain words with the fix: for documents and XML sources alike. A message of any
/// other shape keeps libxml2's wording.
package enum WellFormednessError {
    package static func restate(_ message: String) -> String? {
        problem(message).map { Message.wellFormedness($0).text() }
    }

    private static func problem(_ text: String) -> Message.WellFormednessProblem? {
        if let m = text.wholeMatch(of: /Opening and ending tag mismatch: (\S+) line (\d+) and (\S+)/) {
            return .tagMismatch(opened: String(m.1), line: String(m.2), closedBy: String(m.3))
        }
        if let m = text.wholeMatch(of: /Premature end of data in tag (\S+) line (\d+)/) {
            return .unclosed(element: String(m.1), line: String(m.2))
        }
        if text.wholeMatch(of: /Extra content at the end of the document/) != nil { return .afterRoot }
        if let m = text.wholeMatch(of: /Attribute (\S+) redefined/) { return .attributeTwice(String(m.1)) }
        if let m = text.wholeMatch(of: /Entity '([^']+)' not defined/) { return .unknownEntity(String(m.1)) }
        if text.wholeMatch(of: /xmlParseEntityRef: no name/) != nil { return .bareAmpersand }
        if text.wholeMatch(of: /StartTag: invalid element name/) != nil { return .bareLessThan }
        if let m = text.wholeMatch(of: /Couldn't find end of Start Tag (\S+) line (\d+)/) {
            return .startTagUnfinished(element: String(m.1), line: String(m.2))
        }
        return nil
    }
}
