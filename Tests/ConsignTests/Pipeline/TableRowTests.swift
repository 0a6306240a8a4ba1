import ConsignPipeline
import Testing

/// A table's row hands back each cell exactly as it was appended, whatever the row's width or number of
/// cells, and the next row reuses the buffers without keeping anything of the last: the buffers grow past
/// their first sizes (4,096 bytes, 64 cells) when a row needs it.
@Suite struct TableRowTests {
    private func cells(of row: TableRow, count: Int) -> [[UInt8]] {
        (0..<count).map { Array(row.value($0)) }
    }

    private func fill(_ row: TableRow, with values: [[UInt8]]) {
        row.begin()
        for value in values { value.withUnsafeBytes { row.append($0) } }
    }

    @Test func cellsReadBackAsAppendedAcrossRowsThatGrowAndShrinkTheBuffers() {
        let row = TableRow(table: "t")
        let rows: [[[UInt8]]] = [
            [Array("C00000001".utf8), [], Array("中村 直樹".utf8)],
            // Wider than the first buffer, in one cell and over many.
            [Array(repeating: 0x61, count: 10_000), Array("x".utf8)],
            (0..<200).map { Array(repeating: UInt8(truncatingIfNeeded: $0), count: $0 % 50) },
            // More cells than the first table of cell ends, some of them empty (NULL).
            (0..<130).map { $0 % 3 == 0 ? [] : Array("cell \($0)".utf8) },
            [Array("C00000002".utf8), Array("true".utf8)],
        ]
        for (number, values) in rows.enumerated() {
            fill(row, with: values)
            #expect(row.recordLine == number + 1)
            #expect(cells(of: row, count: values.count) == values, "row \(number + 1)")
        }
        #expect(row.file == "t")
    }
}
