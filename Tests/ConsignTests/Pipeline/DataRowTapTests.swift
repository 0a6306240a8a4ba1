import ConsignCore
import ConsignPipeline
import ConsignPostgres
import NIOCore
import NIOEmbedded
import Testing

/// The table source's handler in front of PostgresNIO, fed the server's messages cut into reads at every
/// point (one byte at a time, at random places, all at once): each DataRow's array reaches the extract as its
/// cells, in order, and every other message reaches PostgresNIO byte for byte, in order, whatever the cuts.
/// After a refused row the rest are skipped and the other messages still pass; bytes that are not messages
/// (a length below 4) pass on as they are, for PostgresNIO to refuse.
@Suite struct DataRowTapTests {
    /// A message: its type byte, its length (itself included), its payload.
    private func message(_ type: Character, _ payload: [UInt8]) -> [UInt8] {
        [type.asciiValue!] + bigEndian(Int32(4 + payload.count)) + payload
    }

    private func bigEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }

    /// A DataRow of one field, the cells as a one-dimensional array of texts (nil: NULL).
    private func dataRow(_ cells: [[UInt8]?]) -> [UInt8] {
        var array = bigEndian(Int32(1)) + bigEndian(Int32(cells.contains(nil) ? 1 : 0)) + bigEndian(Int32(25))
        array += bigEndian(Int32(cells.count)) + bigEndian(Int32(1))
        for cell in cells { array += cell.map { bigEndian(Int32($0.count)) + $0 } ?? bigEndian(Int32(-1)) }
        return message("D", bigEndian(Int16(1)) + bigEndian(Int32(array.count)) + array)
    }

    private struct Stream {
        var bytes: [UInt8] = []
        var passed: [UInt8] = []
        var rows: [[[UInt8]]] = []
    }

    /// A statement's reply: a row description, rows (a notice among them), the end.
    private func reply(rows count: Int, using generator: inout some RandomNumberGenerator) -> Stream {
        var stream = Stream()
        func other(_ bytes: [UInt8]) {
            stream.bytes += bytes
            stream.passed += bytes
        }
        other(message("1", []))
        other(message("2", []))
        other(message("T", Array("row description".utf8)))
        for index in 0..<count {
            let cells: [[UInt8]?] = (0..<Int.random(in: 0...9, using: &generator)).map { column in
                column == 3 && index % 5 == 0 ? nil : Array("cell \(index).\(column) 中村".utf8.prefix(Int.random(in: 0...40, using: &generator)))
            }
            stream.bytes += dataRow(cells)
            stream.rows.append(cells.map { $0 ?? [] })
            if index == count / 2 { other(message("N", Array("a notice in the middle".utf8))) }
        }
        other(message("C", Array("SELECT \(count)\0".utf8)))
        other(message("Z", Array("T".utf8)))
        return stream
    }

    /// Feeds `bytes` to a tap in reads cut at `cuts`; returns the rows taken, what passed, and the refusal.
    private func feed(_ bytes: [UInt8], cuts: [Int], refuseRow: Int? = nil) throws -> (
        rows: [[[UInt8]]], passed: [UInt8], refused: InputError?
    ) {
        let tap = DataRowTap(row: TableRow(table: "t"), table: "t", name: "t")
        var rows: [[[UInt8]]] = []
        tap.each = { (row: TableRow) throws(InputError) in
            if rows.count == refuseRow { throw InputError("refused") }
            rows.append((0..<row.count).map { Array(row.value($0)) })
        }
        let channel = EmbeddedChannel(handler: tap)
        var start = 0
        for end in cuts + [bytes.count] where end > start {
            try channel.writeInbound(channel.allocator.buffer(bytes: bytes[start..<end]))
            start = end
        }
        var passed: [UInt8] = []
        while let buffer = try channel.readInbound(as: NIOCore.ByteBuffer.self) { passed += buffer.readableBytesView }
        _ = try channel.finish()
        return (rows, passed, tap.refused)
    }

    @Test func rowsAndMessagesComeThroughWhereverTheReadsAreCut() throws {
        var generator = SystemRandomNumberGenerator()
        let stream = reply(rows: 40, using: &generator)
        let cutsTried: [[Int]] =
            [[], Array(1..<stream.bytes.count)]
            + (0..<50).map { _ in
                (0..<Int.random(in: 1...60, using: &generator)).map { _ in Int.random(in: 1..<stream.bytes.count, using: &generator) }
                    .sorted()
            }
        for cuts in cutsTried {
            let fed = try feed(stream.bytes, cuts: cuts)
            #expect(fed.rows == stream.rows, "cuts \(cuts)")
            #expect(fed.passed == stream.passed, "cuts \(cuts)")
            #expect(fed.refused == nil)
        }
    }

    @Test func afterARefusedRowTheRestAreSkippedAndTheOtherMessagesStillPass() throws {
        var generator = SystemRandomNumberGenerator()
        let stream = reply(rows: 30, using: &generator)
        for cuts in [[], Array(1..<stream.bytes.count)] {
            let fed = try feed(stream.bytes, cuts: cuts, refuseRow: 12)
            #expect(fed.rows == Array(stream.rows.prefix(12)))
            #expect(fed.passed == stream.passed)
            #expect(fed.refused?.diagnostics.first?.message == "refused")
        }
    }

    @Test func aRowThatIsNotOneArrayIsRefusedNamingTheTable() throws {
        let twoFields = message("D", bigEndian(Int16(2)) + bigEndian(Int32(-1)) + bigEndian(Int32(-1)))
        let notAnArray = message("D", bigEndian(Int16(1)) + bigEndian(Int32(3)) + Array("abc".utf8))
        for row in [twoFields, notAnArray] {
            let fed = try feed(dataRow([Array("ok".utf8)]) + row + message("Z", Array("I".utf8)), cuts: [])
            #expect(fed.rows == [[Array("ok".utf8)]])
            #expect(fed.passed == message("Z", Array("I".utf8)))
            #expect(fed.refused?.diagnostics.first?.message == ExtractText.tableRowNotAnArray("t").text())
        }
    }

    @Test func aMessageCutShortWhenTheHandlerGoesReachesPostgresNIOWhole() throws {
        let tap = DataRowTap(row: TableRow(table: "t"), table: "t", name: "t")
        let channel = EmbeddedChannel(handler: tap)
        let ready = message("Z", Array("I".utf8)), notice = message("N", Array("after the statement".utf8))
        try channel.writeInbound(channel.allocator.buffer(bytes: ready + notice.prefix(3)))
        try channel.pipeline.syncOperations.removeHandler(tap).wait()
        try channel.writeInbound(channel.allocator.buffer(bytes: notice.dropFirst(3)))
        var passed: [UInt8] = []
        while let buffer = try channel.readInbound(as: NIOCore.ByteBuffer.self) { passed += buffer.readableBytesView }
        #expect(passed == ready + notice)
        _ = try channel.finish()
    }

    @Test func bytesThatAreNotMessagesPassOnAsTheyAre() throws {
        let garbage: [UInt8] = [UInt8(ascii: "D"), 0, 0, 0, 2, 9, 9, 9] + message("Z", Array("I".utf8))
        for cuts in [[], [1], [3, 6], Array(1..<garbage.count)] {
            let fed = try feed(dataRow([Array("ok".utf8)]) + garbage, cuts: cuts.map { $0 + dataRow([Array("ok".utf8)]).count })
            #expect(fed.rows == [[Array("ok".utf8)]])
            #expect(fed.passed == garbage, "cuts \(cuts)")
        }
    }
}
