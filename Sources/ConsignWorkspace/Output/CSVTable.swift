import ConsignCore
import ConsignPipeline

/// A CSV file consign writes whole for people (a report, a statistics table, anonymised records): RFC 4180
/// with CRLF, every cell below the header through the formula guard (DESIGN: CSV out), in the encoding asked
/// for (reports default to UTF-8 with a byte-order mark, so that Excel reads it as UTF-8). A value the
/// encoding cannot hold is an input error naming the file, the line and the column; nothing is written.
enum CSVTable {
    static func bytes(header: [String], rows: [[String]], encoding: CSVEncoding, file: String) throws(InputError) -> [UInt8] {
        var bytes = encoding.preamble
        // The line the next record starts on: a quoted value may hold line breaks.
        var line = 1
        for (index, row) in ([header] + rows.map { $0.map(FormulaGuard.guarded) }).enumerated() {
            let start = bytes.count
            do {
                try CSVWriter.appendRecord(row, encoding: encoding, to: &bytes)
                line += bytes[start...].reduce(0) { $1 == 10 ? $0 + 1 : $0 }
            } catch {
                let column = header.indices.contains(error.field) ? header[error.field] : String(error.field + 1)
                let text: EncodingText =
                    index == 0
                    ? .headerCannotEncode(column: column, character: error.character, encoding)
                    : .cannotEncode(column: column, character: error.character, encoding)
                throw InputError(text.text(), file: file, line: line)
            }
        }
        return bytes
    }
}
