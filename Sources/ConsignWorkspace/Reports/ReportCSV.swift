import ConsignPipeline

/// The CSV of a report for people: UTF-8 with a byte-order mark (so Excel reads it as UTF-8), RFC 4180
/// with CRLF, and every cell through the formula guard (DESIGN: CSV out).
enum ReportCSV {
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    static func bytes(header: [String], rows: [[String]]) -> [UInt8] {
        var bytes = byteOrderMark
        CSVWriter.appendRecord(header, to: &bytes)
        for row in rows { CSVWriter.appendRecord(row.map(FormulaGuard.guarded), to: &bytes) }
        return bytes
    }
}
