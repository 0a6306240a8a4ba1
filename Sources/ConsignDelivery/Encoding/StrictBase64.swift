import Foundation

/// Base64 with the standard alphabet as age's header and SSH keys write it. age's header is unpadded and
/// canonical: a string with padding, a character outside the alphabet, or bits left over that are not
/// zero is refused (C2SP age.md), so that each value has one encoding and the header MAC covers it.
enum StrictBase64 {
    private static let values: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (value, character) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(character)] = Int8(value)
        }
        return table
    }()

    /// Unpadded base64 of `bytes`.
    static func encodeUnpadded(_ bytes: some Collection<UInt8>) -> String {
        var text = Data(bytes).base64EncodedString()
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }

    /// Padded base64 of `bytes` (SSH keys and signatures).
    static func encodePadded(_ bytes: some Collection<UInt8>) -> String { Data(bytes).base64EncodedString() }

    /// The bytes of canonical unpadded base64; nil for anything else.
    static func decodeUnpadded(_ text: some Collection<UInt8>) -> [UInt8]? {
        guard text.count % 4 != 1 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(text.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for character in text {
            let value = values[Int(character)]
            guard value >= 0 else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((accumulator >> UInt32(bits)) & 0xff))
            }
        }
        // Leftover bits must be zero: anything else is a second spelling of the same bytes.
        guard accumulator & ((1 << UInt32(bits)) - 1) == 0 else { return nil }
        return out
    }

    /// The bytes of padded base64 (lines already joined); nil when it is not base64.
    static func decodePadded(_ text: String) -> [UInt8]? {
        Data(base64Encoded: text).map { [UInt8]($0) }
    }
}
