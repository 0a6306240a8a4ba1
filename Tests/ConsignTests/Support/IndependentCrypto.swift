import Crypto
import Foundation

/// HMAC-SHA-256 from swift-crypto, to recompute what consign computes with its own hashing.
func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
    Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
}

/// HKDF-SHA-256 written from RFC 5869 (extract, then expand), independent of swift-crypto's HKDF.
func rfc5869(ikm: [UInt8], salt: [UInt8], info: [UInt8], length: Int) -> [UInt8] {
    let prk = hmacSHA256(key: salt, message: ikm)
    var okm: [UInt8] = []
    var block: [UInt8] = []
    var counter: UInt8 = 1
    while okm.count < length {
        block = hmacSHA256(key: prk, message: block + info + [counter])
        okm += block
        counter += 1
    }
    return Array(okm.prefix(length))
}

func hexString(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
