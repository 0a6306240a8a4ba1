import ConsignCore
import Foundation

/// Reads RFC 4180 records, streaming, at the byte level: quoted fields with commas, doubled quotes and
/// CR/LF inside them, CRLF or LF record ends, an optional UTF-8 byte-order mark, and no final newline.
/// Structural bytes are ASCII, so any encoding whose structural bytes are ASCII (UTF-8, CP932, EUC-JP)
/// scans the same; validating a cell's encoding is left to whoever reads the cell.
///
/// It reads either a file, with `read(2)` into one reused buffer (4 MiB, doubled only for a record longer
/// than that), or a block of a memory-mapped file (`MappedFile`), which lets several threads scan one
/// file. Fast by construction: a record's fields are ranges of the input (a field with doubled quotes is
/// unescaped into a small scratch area, never in place), eight bytes are examined at a time, and nothing
/// is allocated per record. Every malformed input is an error naming the file and the physical line (as
/// an editor counts it).
public final class CSVScanner {
    public let file: String
    /// The file being read (-1 when scanning a mapped block).
    private let descriptor: Int32
    /// The mapping scanned, kept alive while the scanner lives.
    private let mapping: MappedFile?
    /// The input: the read buffer, or the whole mapped file.
    private var base: UnsafePointer<UInt8>
    private var buffer: UnsafeMutablePointer<UInt8>?
    private var capacity: Int
    /// The first byte not yet scanned, and the end of the bytes available.
    private var start: Int
    private var end: Int
    private var atEOF: Bool
    /// A block ends with the last record that starts before this offset (files: never).
    private let stop: Int
    /// The physical line the scanner is on (1-based; a block counts from 1 at its start).
    private var line = 1
    /// Field `i` is `starts[i]..<ends[i]` of the input, or, when `starts[i] < 0`, `~starts[i]..<~ends[i]` of
    /// the scratch area (a field whose doubled quotes were undone).
    private var fieldStarts: UnsafeMutablePointer<Int>
    private var fieldEnds: UnsafeMutablePointer<Int>
    private var fieldCapacity = 64
    /// Whether some field of the current record has doubled quotes still to undo (its start is marked
    /// with `doubledQuotes`).
    private var hasDoubledQuotes = false
    private static let doubledQuotes = 1 << 61
    private var scratch: UnsafeMutablePointer<UInt8>
    private var scratchCapacity = 4096

    /// Bytes consumed so far (for progress), and where the current record starts in the input.
    public var bytesRead: Int { consumedBefore + start }
    private var consumedBefore = 0
    public private(set) var recordOffset = 0

    /// How many fields the current record has.
    public private(set) var fieldCount = 0
    /// The physical line the current record starts on.
    public private(set) var recordLine = 0
    /// Lines ended so far (line feeds consumed).
    public var linesConsumed: Int { line - 1 }
    /// Where scanning stands in the input (for a block: the end of its last record).
    public var position: Int { start }
    /// Where the mapped file's pages were last handed back below.
    private var releasedBelow = 0

    public static let chunkSize = 4 << 20

    /// Scans a file from its start (skipping a UTF-8 byte-order mark; refusing UTF-16 and UTF-32).
    public init(url: URL, displayName: String) throws(InputError) {
        file = displayName
        descriptor = open(url.path, O_RDONLY)
        guard descriptor >= 0 else {
            throw InputError(InputText.cannotRead(reason: String(cString: strerror(errno))).text(), file: displayName)
        }
        mapping = nil
        capacity = CSVScanner.chunkSize
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        self.buffer = buffer
        base = UnsafePointer(buffer)
        start = 0
        end = 0
        atEOF = false
        stop = .max
        fieldStarts = .allocate(capacity: fieldCapacity)
        fieldEnds = .allocate(capacity: fieldCapacity)
        scratch = .allocate(capacity: scratchCapacity)
        try fill()
        start = try skipByteOrderMark(UnsafeBufferPointer(start: base, count: min(end, 4)), file: file)
    }

    /// Scans the records of a mapped file that start in `from..<stop` (the last may run past `stop`).
    /// At offset 0, a byte-order mark is skipped (and UTF-16/UTF-32 refused).
    public init(mapping: MappedFile, displayName: String, from: Int, stop: Int) throws(InputError) {
        file = displayName
        descriptor = -1
        self.mapping = mapping
        buffer = nil
        base = mapping.bytes
        capacity = mapping.count
        start = from
        end = mapping.count
        atEOF = true
        self.stop = stop
        fieldStarts = .allocate(capacity: fieldCapacity)
        fieldEnds = .allocate(capacity: fieldCapacity)
        scratch = .allocate(capacity: scratchCapacity)
        if from == 0 {
            start = try skipByteOrderMark(UnsafeBufferPointer(start: base, count: min(end, 4)), file: file)
        }
    }

    deinit {
        close()
        buffer?.deallocate()
        fieldStarts.deallocate()
        fieldEnds.deallocate()
        scratch.deallocate()
    }

    private var closed = false

    /// Closes the file (also done when the scanner goes away).
    public func close() {
        if !closed && descriptor >= 0 { _ = Foundation.close(descriptor) }
        closed = true
    }

    /// The field's bytes, valid until the next call to `next()`.
    @inline(__always)
    public func field(_ index: Int) -> UnsafeRawBufferPointer {
        let s = fieldStarts[index]
        let e = fieldEnds[index]
        if s >= 0 { return UnsafeRawBufferPointer(start: base + s, count: e - s) }
        return UnsafeRawBufferPointer(start: scratch + ~s, count: ~e - ~s)
    }

    /// The field as text, when it is valid UTF-8.
    public func string(_ index: Int) -> String? { String(validating: field(index), as: UTF8.self) }

    /// Every field of the current record as text (invalid UTF-8 repaired), for headers and tests.
    public var strings: [String] { (0..<fieldCount).map { String(decoding: field($0), as: UTF8.self) } }

    /// Reads the next record; false at the end of the file.
    public func next() throws(InputError) -> Bool {
        if start >= stop { return false }
        // A whole mapped file read in one pass hands back the pages of the records done with, every few MiB, as a
        // file read in blocks does (`ParallelScan`); a block leaves that to whoever takes it.
        if stop == .max, let mapping, start - releasedBelow >= CSVScanner.chunkSize {
            mapping.release(below: start)
            releasedBelow = start
        }
        while true {
            if start == end {
                if atEOF { return false }
                try refill()
                if start == end { return false }
            }
            if try scanRecord() {
                if hasDoubledQuotes { undoDoubledQuotes() }
                return true
            }
            // The record runs past the bytes read: keep it, read more, and scan it again from its start.
            try refill()
        }
    }

    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(13), lf = UInt8(10)

    /// Bytes that end a run inside an unquoted field (`,` `"` CR LF) and inside a quoted one (`"` LF): one
    /// table load per byte instead of four comparisons.
    nonisolated(unsafe) private static let unquotedStops = stopTable([comma, quote, cr, lf])
    nonisolated(unsafe) private static let quotedStops = stopTable([quote, lf])

    /// Eight bytes at a time (SWAR): the high bit of each byte of `word` (little-endian) that equals one of
    /// the stop bytes is set, and every bit below the lowest such byte is clear, so the lowest set bit
    /// finds the first stop exactly.
    @inline(__always)
    private static func matches(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let x = word ^ (0x0101_0101_0101_0101 &* UInt64(byte))
        return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
    }

    @inline(__always)
    private static func unquotedStopBits(_ word: UInt64) -> UInt64 {
        matches(word, comma) | matches(word, quote) | matches(word, cr) | matches(word, lf)
    }

    @inline(__always)
    private static func quotedStopBits(_ word: UInt64) -> UInt64 { matches(word, quote) | matches(word, lf) }

    private static func stopTable(_ bytes: [UInt8]) -> UnsafePointer<Bool> {
        let table = UnsafeMutablePointer<Bool>.allocate(capacity: 256)
        table.initialize(repeating: false, count: 256)
        for byte in bytes { table[Int(byte)] = true }
        return UnsafePointer(table)
    }

    /// Scans one record from `start`. Returns false, changing nothing, when more bytes are needed.
    private func scanRecord() throws(InputError) -> Bool {
        // Locals, not properties, in the loop: a class property access is an exclusivity check each time.
        let b = base
        let end = self.end
        let atEOF = self.atEOF
        var starts = fieldStarts
        var ends = fieldEnds
        var fieldRoom = fieldCapacity
        let unquotedStops = CSVScanner.unquotedStops
        let quotedStops = CSVScanner.quotedStops
        var p = start
        var lines = line
        var count = 0
        var anyDoubled = false
        while true {
            var fieldStart: Int
            var fieldEnd: Int
            var doubled = false
            if p < end && b[p] == CSVScanner.quote {
                let quoteLine = lines
                p += 1
                fieldStart = p
                while true {
                    while p < end {
                        if end - p >= 8 {
                            let stops = CSVScanner.quotedStopBits(UnsafeRawPointer(b + p).loadUnaligned(as: UInt64.self))
                            if stops == 0 {
                                p += 8
                                continue
                            }
                            p += stops.trailingZeroBitCount >> 3
                        }
                        if quotedStops[Int(b[p])] {
                            if b[p] == CSVScanner.quote { break }
                            lines += 1
                        }
                        p += 1
                    }
                    if p == end || (p + 1 == end && !atEOF) {
                        guard atEOF else { return false }
                        throw InputError(
                            // The line is the diagnostic's, where the field starts: a line number in the text
                            // would be counted from the start of a block when blocks are scanned apart.
                            InputText.unclosedQuote.text(), file: file, line: quoteLine)
                    }
                    if p + 1 < end && b[p + 1] == CSVScanner.quote {
                        doubled = true
                        p += 2
                        continue
                    }
                    fieldEnd = p
                    p += 1
                    break
                }
                if p < end, b[p] != CSVScanner.comma, b[p] != CSVScanner.lf, b[p] != CSVScanner.cr {
                    throw InputError(
                        InputText.textAfterClosingQuote(field: count + 1).text(), file: file, line: lines)
                }
            } else {
                fieldStart = p
                while p < end {
                    if end - p >= 8 {
                        let stops = CSVScanner.unquotedStopBits(UnsafeRawPointer(b + p).loadUnaligned(as: UInt64.self))
                        if stops == 0 {
                            p += 8
                            continue
                        }
                        p += stops.trailingZeroBitCount >> 3
                    }
                    let byte = b[p]
                    if !unquotedStops[Int(byte)] {
                        p += 1
                        continue
                    }
                    if byte == CSVScanner.quote {
                        throw InputError(
                            InputText.quoteInUnquotedField(field: count + 1).text(), file: file, line: lines)
                    }
                    break
                }
                if p == end && !atEOF { return false }
                fieldEnd = p
            }
            if count == fieldRoom {
                growFields()
                fieldRoom = fieldCapacity
                starts = fieldStarts
                ends = fieldEnds
            }
            starts[count] = doubled ? fieldStart | CSVScanner.doubledQuotes : fieldStart
            ends[count] = fieldEnd
            anyDoubled = anyDoubled || doubled
            count += 1
            // After a field: a comma, a record end, or the end of the file.
            if p == end {
                guard atEOF else { return false }
                break
            }
            let byte = b[p]
            if byte == CSVScanner.comma {
                p += 1
                continue
            }
            if byte == CSVScanner.cr {
                if p + 1 == end && !atEOF { return false }
                guard p + 1 < end, b[p + 1] == CSVScanner.lf else {
                    throw InputError(InputText.loneCarriageReturn.text(), file: file, line: lines)
                }
                p += 1
            }
            p += 1
            lines += 1
            break
        }
        recordLine = line
        recordOffset = start
        line = lines
        start = p
        fieldCount = count
        hasDoubledQuotes = anyDoubled
        return true
    }

    /// Copies the fields that hold doubled quotes into the scratch area with each `""` turned into `"`
    /// (the record is complete; the input itself is never written, so a mapped file can be shared).
    private func undoDoubledQuotes() {
        var used = 0
        for index in 0..<fieldCount where fieldStarts[index] >= 0 && fieldStarts[index] & CSVScanner.doubledQuotes != 0 {
            let from = fieldStarts[index] & ~CSVScanner.doubledQuotes
            let to = fieldEnds[index]
            if used + (to - from) > scratchCapacity {
                while used + (to - from) > scratchCapacity { scratchCapacity *= 2 }
                let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: scratchCapacity)
                larger.update(from: scratch, count: used)
                scratch.deallocate()
                scratch = larger
            }
            let first = used
            var read = from
            while read < to {
                scratch[used] = base[read]
                read += base[read] == CSVScanner.quote ? 2 : 1
                used += 1
            }
            fieldStarts[index] = ~first
            fieldEnds[index] = ~used
        }
    }

    private func growFields() {
        let larger = fieldCapacity * 2
        for pointer in [\CSVScanner.fieldStarts, \CSVScanner.fieldEnds] {
            let grown = UnsafeMutablePointer<Int>.allocate(capacity: larger)
            grown.update(from: self[keyPath: pointer], count: fieldCapacity)
            self[keyPath: pointer].deallocate()
            self[keyPath: pointer] = grown
        }
        fieldCapacity = larger
    }

    /// Keeps the unscanned bytes, moved to the front (the buffer doubles when they fill it), and reads more.
    private func refill() throws(InputError) {
        guard var buffer else { return }
        if start == 0 && end == capacity {
            let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            larger.update(from: buffer, count: end)
            buffer.deallocate()
            buffer = larger
            self.buffer = larger
            base = UnsafePointer(larger)
            capacity *= 2
        } else if start > 0 {
            consumedBefore += start
            buffer.update(from: buffer + start, count: end - start)
            end -= start
            start = 0
        }
        try fill()
    }

    /// Reads until the buffer is full or the file ends.
    private func fill() throws(InputError) {
        guard let buffer else { return }
        while end < capacity {
            let count = read(descriptor, buffer + end, capacity - end)
            if count < 0 {
                if errno == EINTR { continue }
                throw InputError(InputText.cannotRead(reason: String(cString: strerror(errno))).text(), file: file, line: line)
            }
            if count == 0 {
                atEOF = true
                break
            }
            end += count
        }
    }
}

/// Where a file's data starts: after a UTF-8 byte-order mark, if any. UTF-16 and UTF-32, which CSV scanning
/// cannot split safely, are refused.
func skipByteOrderMark(_ head: UnsafeBufferPointer<UInt8>, file: String) throws(InputError) -> Int {
    if head.starts(with: [0xEF, 0xBB, 0xBF]) { return 3 }
    if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) {
        throw InputError(InputText.utf16WithByteOrderMark.text(), file: file, line: 1)
    }
    if head.count >= 2, head.contains(0) {
        throw InputError(InputText.nulBytes.text(), file: file, line: 1)
    }
    return 0
}

/// What a byte sequence that is not UTF-8 most likely is, for the error message.
public func likelyEncoding(of bytes: some Collection<UInt8>) -> String {
    // Shift_JIS / CP932: a lead byte 0x81–0x9F or 0xE0–0xFC followed by a trail byte 0x40–0xFC.
    var iterator = bytes.makeIterator()
    var pairs = 0
    var other = 0
    while let byte = iterator.next() {
        guard byte >= 0x80 else { continue }
        if (0x81...0x9F).contains(byte) || (0xE0...0xFC).contains(byte), let trail = iterator.next(), (0x40...0xFC).contains(trail) {
            pairs += 1
        } else if (0xA1...0xDF).contains(byte) {
            pairs += 1  // half-width katakana
        } else {
            other += 1
        }
    }
    return pairs > 0 && other == 0 ? "Shift_JIS (CP932)" : "not UTF-8"
}
