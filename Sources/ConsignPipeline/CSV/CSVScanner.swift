import ConsignCore
import Foundation

/// Reads RFC 4180 records from a file, streaming, at the byte level: quoted fields with commas, doubled
/// quotes and CR/LF inside them, CRLF or LF record ends, an optional UTF-8 byte-order mark, and no final
/// newline. Structural bytes are ASCII, so any encoding whose structural bytes are ASCII (UTF-8, CP932,
/// EUC-JP) scans the same; validating a cell's encoding is left to whoever reads the cell. Memory stays
/// constant: a 4 MiB read buffer and the current record. Every malformed input is an error naming the
/// file and the physical line (as an editor counts it).
public struct CSVScanner {
    public let file: String
    private let descriptor: Int32
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var atEOF = false
    /// The physical line the scanner is on (1-based).
    private var line = 1

    /// The current record's fields, unescaped, as ranges into `bytes`.
    public private(set) var bytes: [UInt8] = []
    public private(set) var fields: [Range<Int>] = []
    /// The physical line the current record starts on.
    public private(set) var recordLine = 0

    public static let chunkSize = 4 << 20

    public init(url: URL, displayName: String) throws(InputError) {
        file = displayName
        descriptor = open(url.path, O_RDONLY)
        guard descriptor >= 0 else {
            throw InputError("cannot read: \(String(cString: strerror(errno)))", file: displayName)
        }
        buffer = [UInt8](repeating: 0, count: CSVScanner.chunkSize)
        try fill()
        try checkEncoding()
    }

    /// Closes the file.
    public func close() { _ = Foundation.close(descriptor) }

    /// The field's bytes.
    public func field(_ index: Int) -> ArraySlice<UInt8> { bytes[fields[index]] }

    /// The field as text, when it is valid UTF-8.
    public func string(_ index: Int) -> String? { String(validating: field(index), as: UTF8.self) }

    /// Reads the next record; false at the end of the file.
    public mutating func next() throws(InputError) -> Bool {
        bytes.removeAll(keepingCapacity: true)
        fields.removeAll(keepingCapacity: true)
        guard try peek() != nil else { return false }
        recordLine = line
        var fieldStart = 0
        while true {
            // One field.
            if try peek() == UInt8(ascii: "\"") {
                let quoteLine = line
                advance()
                while true {
                    guard let byte = try peek() else {
                        throw InputError(
                            "a quoted field that starts on line \(quoteLine) is never closed (unbalanced \")", file: file,
                            line: quoteLine)
                    }
                    advance()
                    if byte == UInt8(ascii: "\"") {
                        if try peek() == UInt8(ascii: "\"") {
                            advance()
                            bytes.append(byte)
                        } else {
                            break
                        }
                    } else {
                        if byte == UInt8(ascii: "\n") { line += 1 }
                        bytes.append(byte)
                    }
                }
                if let after = try peek(), after != UInt8(ascii: ","), after != UInt8(ascii: "\n"), after != UInt8(ascii: "\r") {
                    throw InputError(
                        "text after the closing quote of field \(fields.count + 1); quote the whole field and double "
                            + "the quotes inside it", file: file, line: line)
                }
            } else {
                while let byte = try peek(), byte != UInt8(ascii: ","), byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "\r") {
                    if byte == UInt8(ascii: "\"") {
                        throw InputError(
                            "a double quote inside unquoted field \(fields.count + 1); quote the field and double the quote",
                            file: file, line: line)
                    }
                    bytes.append(byte)
                    advance()
                }
            }
            fields.append(fieldStart..<bytes.count)
            fieldStart = bytes.count
            // After a field: a comma, a record end, or the end of the file.
            guard let byte = try peek() else { return true }
            advance()
            switch byte {
            case UInt8(ascii: ","):
                continue
            case UInt8(ascii: "\r"):
                guard try peek() == UInt8(ascii: "\n") else {
                    throw InputError("a carriage return not followed by a line feed", file: file, line: line)
                }
                advance()
                line += 1
                return true
            default:
                line += 1
                return true
            }
        }
    }

    @inline(__always)
    private mutating func peek() throws(InputError) -> UInt8? {
        if start == end {
            if atEOF { return nil }
            try fill()
            if start == end { return nil }
        }
        return buffer[start]
    }

    @inline(__always)
    private mutating func advance() { start += 1 }

    private mutating func fill() throws(InputError) {
        start = 0
        end = 0
        while end < buffer.count {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + end, $0.count - end) }
            if count < 0 {
                throw InputError("cannot read: \(String(cString: strerror(errno)))", file: file, line: line)
            }
            if count == 0 {
                atEOF = true
                break
            }
            end += count
        }
    }

    /// Skips a UTF-8 byte-order mark; refuses UTF-16 and UTF-32, which CSV scanning cannot split safely.
    private mutating func checkEncoding() throws(InputError) {
        let head = buffer[start..<min(end, start + 4)]
        if head.starts(with: [0xEF, 0xBB, 0xBF]) {
            start += 3
        } else if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) {
            throw InputError("the file is UTF-16 (it starts with a byte-order mark); save it as UTF-8", file: file, line: 1)
        } else if head.count >= 2, head.contains(0) {
            throw InputError("the file contains NUL bytes: it looks like UTF-16 or UTF-32; save it as UTF-8", file: file, line: 1)
        }
    }
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
