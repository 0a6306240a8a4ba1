/// Escaping of text for consign's XML extracts, written directly (libxml2's text writer costs about twice
/// as much). `&`, `<`, `>`, `"` and `'` become entities, and CR becomes `&#13;` so that a parser's line-end
/// normalisation cannot turn it into LF. Characters XML 1.0 forbids (control characters other than tab,
/// LF and CR, and U+FFFE/U+FFFF) cannot be written at all.
public enum XMLText {
    /// Appends the escaped UTF-8 `text` to `out`; false, with `out` partly written, when the text holds a
    /// character XML 1.0 forbids. Runs of bytes that need nothing are copied whole.
    @inline(__always)
    public static func escape(_ text: UnsafeRawBufferPointer, into out: inout some ByteSink) -> Bool {
        let kinds = XMLText.kinds
        var runStart = 0
        var i = 0
        let count = text.count
        while i < count {
            let byte = text[i]
            let kind = kinds[Int(byte)]
            if kind == plain {
                i += 1
                continue
            }
            let entity: StaticString
            switch byte {
            case UInt8(ascii: "&"): entity = "&amp;"
            case UInt8(ascii: "<"): entity = "&lt;"
            case UInt8(ascii: ">"): entity = "&gt;"
            case UInt8(ascii: "\""): entity = "&quot;"
            case UInt8(ascii: "'"): entity = "&apos;"
            case 13: entity = "&#13;"
            case 0xEF:
                // U+FFFE and U+FFFF (EF BF BE, EF BF BF) are forbidden; the rest of U+F000–U+FFFF is text.
                if i + 2 < count && text[i + 1] == 0xBF && (text[i + 2] == 0xBE || text[i + 2] == 0xBF) { return false }
                i += 1
                continue
            default:
                return false  // a control character other than tab and LF
            }
            out.append(UnsafeRawBufferPointer(rebasing: text[runStart..<i]))
            out.append(UnsafeRawBufferPointer(start: entity.utf8Start, count: entity.utf8CodeUnitCount))
            i += 1
            runStart = i
        }
        out.append(UnsafeRawBufferPointer(rebasing: text[runStart..<count]))
        return true
    }

    private static let plain: UInt8 = 0

    /// For each byte, whether escaping looks at it (one table load per byte instead of a switch).
    nonisolated(unsafe) private static let kinds: UnsafePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        table.initialize(repeating: plain, count: 256)
        for byte in 0..<0x20 where byte != 9 && byte != 10 { table[byte] = 1 }
        for byte in Array("&<>\"'".utf8) + [0xEF] { table[Int(byte)] = 1 }
        return UnsafePointer(table)
    }()

    /// The first character XML 1.0 forbids, if any.
    public static func forbiddenCharacter(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first { scalar in
            switch scalar.value {
            case 0x9, 0xA, 0xD: false
            case 0x0...0x1F, 0xFFFE, 0xFFFF: true
            default: false
            }
        }
    }

    /// The escaped text, or nil when it holds a character XML 1.0 forbids.
    public static func escaped(_ text: String) -> String? {
        var out: [UInt8] = []
        var utf8 = Array(text.utf8)
        let ok = utf8.withUnsafeMutableBytes { escape(UnsafeRawBufferPointer($0), into: &out) }
        return ok ? String(decoding: out, as: UTF8.self) : nil
    }
}

/// Somewhere bytes are appended: a file being written, or an array.
public protocol ByteSink {
    mutating func append(_ bytes: UnsafeRawBufferPointer)
    mutating func append(_ byte: UInt8)
}

extension Array: ByteSink where Element == UInt8 {
    public mutating func append(_ bytes: UnsafeRawBufferPointer) { append(contentsOf: bytes) }
}

/// A growable byte buffer that is a plain pointer underneath (no copy-on-write checks on each append), for
/// output built in memory, such as one block of a parallel extract. Its storage is freed with it.
public struct ByteBuffer: ByteSink {
    private final class Storage {
        let base: UnsafeMutablePointer<UInt8>
        init(capacity: Int) { base = .allocate(capacity: capacity) }
        deinit { base.deallocate() }
    }

    private var storage: Storage
    private var base: UnsafeMutablePointer<UInt8>
    public private(set) var count = 0
    private var capacity: Int

    public init(capacity: Int) {
        self.capacity = max(capacity, 64)
        storage = Storage(capacity: self.capacity)
        base = storage.base
    }

    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    @inline(__always)
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        if count + bytes.count > capacity { grow(to: count + bytes.count) }
        if let source = bytes.baseAddress {
            (base + count).update(from: source.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        }
        count += bytes.count
    }

    @inline(__always)
    public mutating func append(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        base[count] = byte
        count += 1
    }

    private mutating func grow(to needed: Int) {
        while capacity < needed { capacity *= 2 }
        let larger = Storage(capacity: capacity)
        larger.base.update(from: base, count: count)
        storage = larger
        base = larger.base
    }
}
