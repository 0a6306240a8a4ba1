import ConsignCore

/// Writes RFC 4180 records: fields separated by commas, records ended by CRLF, a field quoted when it
/// holds a comma, a double quote, CR or LF, with its double quotes doubled.
public struct CSVWriter {
    let file: AtomicFile

    public init(_ file: AtomicFile) { self.file = file }

    public func writeRecord(_ fields: [String]) throws(InputError) {
        for (index, field) in fields.enumerated() {
            if index > 0 { try file.append(UInt8(ascii: ",")) }
            try writeField(field)
        }
        try file.append([UInt8(ascii: "\r"), UInt8(ascii: "\n")])
    }

    func writeField(_ field: String) throws(InputError) {
        let utf8 = field.utf8
        let needsQuotes = utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 13 || $0 == 10 }
        guard needsQuotes else {
            try file.append(utf8)
            return
        }
        try file.append(UInt8(ascii: "\""))
        for byte in utf8 {
            if byte == UInt8(ascii: "\"") { try file.append(byte) }
            try file.append(byte)
        }
        try file.append(UInt8(ascii: "\""))
    }
}
