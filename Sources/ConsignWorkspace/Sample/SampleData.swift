import ConsignCore
import ConsignPipeline
import Foundation

extension Workspace {
    /// Writes `rows` generated customers for the catalog's source columns to `url` as RFC 4180 CSV
    /// (UTF-8, CRLF, a header of column names), atomically. Returns the bytes written.
    @discardableResult
    public func writeSampleCustomers(rows: Int, to url: URL, seed: UInt64) throws -> Int {
        guard rows >= 0 else { throw InputError("--rows must be zero or more, not \(rows)") }
        var generator = SampleCustomers(catalog: try WorkspaceDocuments.load(self).catalog().document, seed: seed)
        let file = try AtomicFile(url)
        let csv = CSVWriter(file)
        try csv.writeRecord(generator.columns)
        for _ in 0..<rows { try csv.writeRecord(generator.next()) }
        try file.commit()
        return Int((try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0)
    }
}
