/// The byte encoding of an event that the ledger chain hashes: defined here in code, not by any
/// database's row format, so that every store computes the same chain. A record is a magic line and a
/// sequence of key/value pairs, each part prefixed by its length as a 32-bit big-endian integer, so that
/// no choice of keys or values can make two different records encode to the same bytes.
public struct CanonicalRecord: Equatable, Sendable {
    public static let magic = Array("consign/event/v1\n".utf8)

    public private(set) var pairs: [(key: String, value: String)]

    public init() { pairs = [] }

    public mutating func append(_ key: String, _ value: String) { pairs.append((key, value)) }

    public mutating func append(_ key: String, _ value: String?) {
        if let value { pairs.append((key, value)) }
    }

    /// The first value of `key`.
    public subscript(key: String) -> String? { pairs.first { $0.key == key }?.value }

    /// Every value of a repeated key, in order.
    public func values(_ key: String) -> [String] { pairs.filter { $0.key == key }.map(\.value) }

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
        guard bytes.starts(with: CanonicalRecord.magic) else { return nil }
        // Through one buffer pointer: the register replays thousands of records on every command.
        let decoded: [(String, String)]? = bytes.withUnsafeBytes { raw in
            var index = CanonicalRecord.magic.count
            func take() -> String? {
                guard raw.count - index >= 4 else { return nil }
                let n = Int(raw[index]) << 24 | Int(raw[index + 1]) << 16 | Int(raw[index + 2]) << 8 | Int(raw[index + 3])
                index += 4
                guard raw.count - index >= n else { return nil }
                let part = UnsafeRawBufferPointer(rebasing: raw[index..<index + n])
                index += n
                return isValidUTF8(part) ? String(decoding: part, as: UTF8.self) : nil
            }
            var pairs: [(String, String)] = []
            while index < raw.count {
                guard let key = take(), let value = take() else { return nil }
                pairs.append((key, value))
            }
            return pairs
        }
        guard let decoded else { return nil }
        pairs = decoded
    }

    public static func == (lhs: CanonicalRecord, rhs: CanonicalRecord) -> Bool { lhs.bytes == rhs.bytes }
}
