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

    /// Appends one record, CRLF included, to `bytes`.
    public static func appendRecord(_ fields: [String], to bytes: inout [UInt8]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            let utf8 = field.utf8
            let needsQuotes = utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 13 || $0 == 10 }
            guard needsQuotes else {
                bytes.append(contentsOf: utf8)
                continue
            }
            bytes.append(UInt8(ascii: "\""))
            for byte in utf8 {
                if byte == UInt8(ascii: "\"") { bytes.append(byte) }
                bytes.append(byte)
            }
            bytes.append(UInt8(ascii: "\""))
        }
        bytes.append(contentsOf: [UInt8(ascii: "\r"), UInt8(ascii: "\n")])
    }
}
