#if canImport(Glibc)
import Glibc
#endif
/// The byte encoding of an event that the ledger chain hashes: defined here in code, not by any
/// database's row format, so that every store computes the same chain. A record is a magic line and a
/// sequence of key/value pairs, each part prefixed by its length as a 32-bit big-endian integer, so that
/// no choice of keys or values can make two different records encode to the same bytes.
///
/// The bytes are a contract: what any release wrote must decode and verify forever (the golden registers
/// in the tests hold each release's). A field is never removed, reordered or given another meaning; a new
/// field is optional and appended after every field earlier releases wrote, in the order releases added
/// them, so that a record without it is still the same record.
public struct CanonicalRecord: Equatable, Sendable {
    public static let magic = Array("consign/event/v1\n".utf8)

    public private(set) var pairs: [(key: String, value: String)]

    public init() { pairs = [] }

    public mutating func append(_ key: String, _ value: String) { pairs.append((key, value)) }

    public mutating func append(_ key: String, _ value: String?) {
        if let value { pairs.append((key, value)) }
    }

    public var bytes: [UInt8] {
        var out = CanonicalRecord.magic
        func put(_ part: String) {
            let utf8 = Array(part.utf8)
            let n = UInt32(utf8.count)
            out += [UInt8(n >> 24), UInt8(n >> 16 & 0xff), UInt8(n >> 8 & 0xff), UInt8(n & 0xff)]
            out += utf8
        }
        for (key, value) in pairs {
            put(key)
            put(value)
        }
        return out
    }

    /// Decodes bytes made by `bytes`; nil when they are not such an encoding.
    public init?(bytes: [UInt8]) {
        var pairs: [(String, String)] = []
        let valid = bytes.withUnsafeBytes { raw in
            CanonicalRecord.forEachPair(in: raw) { key, value in
                pairs.append((String(decoding: key, as: UTF8.self), String(decoding: value, as: UTF8.self)))
            }
        }
        guard valid else { return nil }
        self.pairs = pairs
    }

    /// Walks the pairs of an encoded record without decoding them into strings (the ledger check reads
    /// every event this way): false when the bytes are not an encoding made by `bytes` (magic, lengths,
    /// UTF-8).
    public static func forEachPair(
        in raw: UnsafeRawBufferPointer, _ body: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) -> Void
    ) -> Bool {
        guard raw.count >= magic.count, magic.withUnsafeBytes({ $0.elementsEqual(raw[0..<magic.count]) }) else {
            return false
        }
        var index = magic.count
        func take() -> UnsafeRawBufferPointer? {
            guard raw.count - index >= 4 else { return nil }
            let n = Int(raw[index]) << 24 | Int(raw[index + 1]) << 16 | Int(raw[index + 2]) << 8 | Int(raw[index + 3])
            index += 4
            guard raw.count - index >= n else { return nil }
            let part = UnsafeRawBufferPointer(rebasing: raw[index..<index + n])
            index += n
            return isValidUTF8(part) ? part : nil
        }
        while index < raw.count {
            guard let key = take(), let value = take() else { return false }
            body(key, value)
        }
        return true
    }

    public static func == (lhs: CanonicalRecord, rhs: CanonicalRecord) -> Bool { lhs.bytes == rhs.bytes }

    /// Whether raw bytes spell `word` (a memory comparison: the replay and the ledger check compare every
    /// key they read).
    @inline(__always)
    public static func spells(_ bytes: UnsafeRawBufferPointer, _ word: StaticString) -> Bool {
        bytes.count == word.utf8CodeUnitCount && (bytes.isEmpty || memcmp(bytes.baseAddress!, word.utf8Start, bytes.count) == 0)
    }

    /// Reads an encoding's pairs in order, straight from its bytes, so that a decoder that asks for its
    /// keys in its encoder's order looks at each pair once and makes strings only of the values it
    /// keeps (the register replays every event on every command). Valid only inside the
    /// `withUnsafeBytes` of the bytes it reads.
    struct Reader {
        private let raw: UnsafeRawBufferPointer
        private var index: Int
        private let strings: StringTable?

        /// Nil when the bytes do not start with the magic line. Values longer than a small string are
        /// taken from `strings` when it has them.
        init?(_ raw: UnsafeRawBufferPointer, strings: StringTable? = nil) {
            self.strings = strings
            guard raw.count >= magic.count, magic.withUnsafeBytes({ $0.elementsEqual(raw[0..<magic.count]) }) else {
                return nil
            }
            self.raw = raw
            index = magic.count
        }

        /// The part at `offset` (after its 4-byte length) and the offset after it; nil when truncated.
        private func part(at offset: Int) -> (UnsafeRawBufferPointer, end: Int)? {
            guard raw.count - offset >= 4 else { return nil }
            let n = Int(raw[offset]) << 24 | Int(raw[offset + 1]) << 16 | Int(raw[offset + 2]) << 8 | Int(raw[offset + 3])
            guard raw.count - offset - 4 >= n else { return nil }
            return (UnsafeRawBufferPointer(rebasing: raw[offset + 4..<offset + 4 + n]), offset + 4 + n)
        }

        /// The value of `key` when it is the next pair (consumed), else nil (also when the value is not
        /// UTF-8 or the bytes are truncated: the decoder then fails on a missing key or at `isAtEnd`).
        mutating func next(_ key: StaticString) -> String? {
            next(key) { [strings] value in
                guard isValidUTF8(value) else { return nil }
                if let strings, value.count > 15 { return strings.string(value) }
                return String(decoding: value, as: UTF8.self)
            }
        }

        /// The value of `key` when it is the next pair, read by `parse` straight from its bytes (dates and
        /// numbers make no string); consumed only when `parse` accepts it.
        mutating func next<T>(_ key: StaticString, as parse: (UnsafeRawBufferPointer) -> T?) -> T? {
            guard let (name, afterKey) = part(at: index), CanonicalRecord.spells(name, key),
                let (value, end) = part(at: afterKey), let parsed = parse(value)
            else { return nil }
            index = end
            return parsed
        }

        /// A decimal integer as `String(Int)` writes it: an optional minus sign, then digits.
        static func decimal(_ bytes: UnsafeRawBufferPointer) -> Int? {
            var digits = bytes[...]
            let negative = digits.first == UInt8(ascii: "-")
            if negative { digits = digits.dropFirst() }
            guard !digits.isEmpty, digits.count <= 18 else { return nil }
            var value = 0
            for byte in digits {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return negative ? -value : value
        }

        /// The values of the consecutive pairs with `key` from here.
        mutating func all(_ key: StaticString) -> [String] {
            var values: [String] = []
            while let value = next(key) { values.append(value) }
            return values
        }

        var isAtEnd: Bool { index == raw.count }
    }
}

/// Strings already made, by their bytes: the events of a register repeat the same agreement and template
/// hashes, legal bases and field names thousands of times, and a shared string is one buffer where new
/// ones are one each.
/// A direct-mapped cache: a value's slot comes from its first and last eight bytes and its length, and
/// a new value takes the slot over, so values seen once (transfer ids, file hashes) pass through without
/// filling it. Not thread-safe: one table per decoding thread.
public final class StringTable {
    private var slots: [String?]
    private let mask: Int

    /// `capacity` slots, rounded up to a power of two.
    public init(capacity: Int = 4_096) {
        var size = 1
        while size < capacity { size <<= 1 }
        slots = Array(repeating: nil, count: size)
        mask = size - 1
    }

    /// The string of `bytes` (longer than 15 bytes: shorter ones are stored inline and need no table).
    func string(_ bytes: UnsafeRawBufferPointer) -> String {
        let first = bytes.loadUnaligned(as: UInt64.self), last = bytes.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self)
        let mixed = (first &* 0x9E37_79B9_7F4A_7C15) ^ last ^ UInt64(bytes.count)
        let slot = Int(truncatingIfNeeded: (mixed ^ mixed >> 29) &* 0xBF58_476D_1CE4_E5B9 >> 32) & mask
        if var candidate = slots[slot],
            candidate.withUTF8({ $0.count == bytes.count && memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 })
        {
            return candidate
        }
        let string = String(decoding: bytes, as: UTF8.self)
        slots[slot] = string
        return string
    }
}
