/// How a CSV file consign writes is encoded (every one ends its records with CRLF): `utf-8` (the extract's
/// default), `utf-8-bom` (UTF-8 after a byte-order mark, which Excel needs to read UTF-8: the reports'
/// default) or `cp932` (Windows Shift_JIS, which Japanese couriers, mailing houses and Excel's Japanese
/// edition read; `CP932`). A value the encoding cannot hold is refused, never replaced by `?`.
public enum CSVEncoding: String, CaseIterable, Sendable {
    case utf8 = "utf-8"
    case utf8BOM = "utf-8-bom"
    case cp932

    /// What the file starts with before its first record.
    package var preamble: [UInt8] { self == .utf8BOM ? [0xEF, 0xBB, 0xBF] : [] }

    /// Appends well-formed UTF-8 `utf8` to `out` in this encoding; the first character it cannot hold stops it
    /// and comes back.
    @inline(__always)
    package func append(_ utf8: UnsafeRawBufferPointer, to out: inout [UInt8]) -> Unicode.Scalar? {
        switch self {
        case .utf8, .utf8BOM:
            out.append(contentsOf: utf8)
            return nil
        case .cp932:
            return CP932.append(utf8, to: &out)
        }
    }

    /// The first character of `text` the encoding cannot hold (nil: it holds them all), with `text` in the
    /// encoding appended to `out` up to there.
    package func unencodable(in text: String, appendingTo out: inout [UInt8]) -> Unicode.Scalar? {
        var text = text
        return text.withUTF8 { append(UnsafeRawBufferPointer($0), to: &out) }
    }

    /// The first character of `text` the encoding cannot hold; nil when it holds them all.
    package func unencodable(in text: String) -> Unicode.Scalar? {
        var scratch: [UInt8] = []
        return unencodable(in: text, appendingTo: &scratch)
    }
}
