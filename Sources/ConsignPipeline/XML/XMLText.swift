/// Escaping of text for consign's XML extracts, written directly (libxml2's text writer costs about twice
/// as much). `&`, `<`, `>`, `"` and `'` become entities, and CR becomes `&#13;` so that a parser's line-end
/// normalisation cannot turn it into LF. Characters XML 1.0 forbids (control characters other than tab,
/// LF and CR, and U+FFFE/U+FFFF) cannot be written at all.
public enum XMLText {
    /// Appends the escaped UTF-8 `text` to `out`; false, with `out` partly written, when the text holds a
    /// character XML 1.0 forbids. Runs of bytes that need nothing are copied whole.
    @inline(__always)
    public static func escape(_ text: UnsafeRawBufferPointer, into out: inout some ByteSink) -> Bool {
        var runStart = 0
        var i = 0
        let count = text.count
        while i < count {
            let byte = text[i]
            let entity: StaticString
            switch byte {
            case UInt8(ascii: "&"): entity = "&amp;"
            case UInt8(ascii: "<"): entity = "&lt;"
            case UInt8(ascii: ">"): entity = "&gt;"
            case UInt8(ascii: "\""): entity = "&quot;"
            case UInt8(ascii: "'"): entity = "&apos;"
            case 13: entity = "&#13;"
            case 9, 10:
                i += 1
                continue
            case 0..<0x20:
                return false
            case 0xEF where i + 2 < count && text[i + 1] == 0xBF && (text[i + 2] == 0xBE || text[i + 2] == 0xBF):
                return false  // U+FFFE, U+FFFF
            default:
                i += 1
                continue
            }
            out.append(UnsafeRawBufferPointer(rebasing: text[runStart..<i]))
            out.append(UnsafeRawBufferPointer(start: entity.utf8Start, count: entity.utf8CodeUnitCount))
            i += 1
            runStart = i
        }
        out.append(UnsafeRawBufferPointer(rebasing: text[runStart..<count]))
        return true
    }

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
        var out: [UInt8] = []
        var utf8 = Array(text.utf8)
        let ok = utf8.withUnsafeMutableBytes { escape(UnsafeRawBufferPointer($0), into: &out) }
        return ok ? String(decoding: out, as: UTF8.self) : nil
    }
}

/// Somewhere bytes are appended: a file being written, or an array.
public protocol ByteSink {
    mutating func append(_ bytes: UnsafeRawBufferPointer)
    mutating func append(_ byte: UInt8)
}

extension Array: ByteSink where Element == UInt8 {
    public mutating func append(_ bytes: UnsafeRawBufferPointer) { append(contentsOf: bytes) }
}
