import ConsignCore

/// Writes RFC 4180 records: fields separated by commas, records ended by CRLF, a field quoted when it
/// holds a comma, a double quote, CR or LF, with its double quotes doubled.
public struct CSVWriter {
    let file: AtomicFile

    public init(_ file: AtomicFile) { self.file = file }

    public func writeRecord(_ fields: [String]) throws(InputError) {
        var bytes: [UInt8] = []
        CSVWriter.appendRecord(fields, to: &bytes)
        try file.append(bytes)
    }

    /// A field holding a character the encoding cannot write: its index and the character.
    public struct Unencodable: Error {
        public var field: Int
        public var character: Unicode.Scalar
    }

    /// Appends one record, CRLF included, to `bytes` in UTF-8.
    public static func appendRecord(_ fields: [String], to bytes: inout [UInt8]) {
        do { try appendRecord(fields, encoding: .utf8, to: &bytes) } catch { preconditionFailure("UTF-8 writes every character") }
    }

    /// Appends one record, CRLF included, to `bytes` in `encoding` (in CP932 every structural byte is still
    /// ASCII, and no trail byte is a comma, a quote, CR or LF); a field the encoding cannot write stops it,
    /// with what was appended of the record to be thrown away.
    public static func appendRecord(_ fields: [String], encoding: CSVEncoding, to bytes: inout [UInt8]) throws(Unencodable) {
        var encoded: [UInt8] = []
        for (index, field) in fields.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            encoded.removeAll(keepingCapacity: true)
            if let character = encoding.unencodable(in: field, appendingTo: &encoded) {
                throw Unencodable(field: index, character: character)
            }
            let needsQuotes = encoded.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 13 || $0 == 10 }
            guard needsQuotes else {
                bytes.append(contentsOf: encoded)
                continue
            }
            bytes.append(UInt8(ascii: "\""))
            for byte in encoded {
                if byte == UInt8(ascii: "\"") { bytes.append(byte) }
                bytes.append(byte)
            }
            bytes.append(UInt8(ascii: "\""))
        }
        bytes.append(contentsOf: [UInt8(ascii: "\r"), UInt8(ascii: "\n")])
    }
}
