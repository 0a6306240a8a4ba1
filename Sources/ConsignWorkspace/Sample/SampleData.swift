import ConsignCore
import ConsignPipeline
import Foundation

extension Workspace {
    /// Writes `rows` generated customers for the catalog's source columns to `url` as RFC 4180 CSV
    /// (UTF-8, CRLF, a header of column names), atomically. Returns the bytes written.
    @discardableResult
    public func writeSampleCustomers(rows: Int, to url: URL, seed: UInt64) throws -> Int {
        try Workspace.writeSampleCustomers(
            rows: rows, to: url, seed: seed, catalog: try WorkspaceDocuments.load(self).catalog().document)
    }

    /// The same for a catalog that belongs to no workspace (the example's, when there is none).
    @discardableResult
    public static func writeSampleCustomers(rows: Int, to url: URL, seed: UInt64, catalog: Catalog) throws -> Int {
        guard rows >= 0 else { throw InputError(WorkspaceText.rowsNegative(rows).text()) }
        var generator = SampleCustomers(catalog: catalog, seed: seed)
        let file = try AtomicFile(url)
        let csv = CSVWriter(file)
        try csv.writeRecord(generator.columns)
        for _ in 0..<rows { try csv.writeRecord(generator.next()) }
        try file.commit()
        return Int((try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0)
    }
}
