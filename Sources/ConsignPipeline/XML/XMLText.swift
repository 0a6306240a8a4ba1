/// Escaping of text for consign's XML extracts, written directly (libxml2's text writer costs about twice
/// as much). `&`, `<`, `>`, `"` and `'` become entities, and CR becomes `&#13;` so that a parser's line-end
/// normalisation cannot turn it into LF. Characters XML 1.0 forbids (control characters other than tab,
/// LF and CR, and U+FFFE/U+FFFF) cannot be written at all.
public enum XMLText {
    /// The first character XML 1.0 forbids, if any.
    public static func forbiddenCharacter(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first { scalar in
            switch scalar.value {
            case 0x9, 0xA, 0xD: false
            case 0x0...0x1F, 0xFFFE, 0xFFFF: true
            default: false
            }
        }
    }

    /// The escaped text, or nil when it holds a character XML 1.0 forbids.
    public static func escaped(_ text: String) -> String? {
        guard forbiddenCharacter(in: text) == nil else { return nil }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\r": out += "&#13;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
