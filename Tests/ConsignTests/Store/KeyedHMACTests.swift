import ConsignKeys
import ConsignStore
import Crypto
import Testing

/// The ledger's and the pseudonyms' hashing (OpenSSL's SHA-256 state as a value) against swift-crypto, at
/// every length around SHA-256's padding and block boundaries.
@Suite struct KeyedHMACTests {
    /// Deterministic bytes, different for each length and seed.
    static func bytes(_ count: Int, seed: UInt8) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed) &* 7 &+ 1) }
    }

    static func digest(_ state: consuming SHA256State) -> [UInt8] { withUnsafeBytes(of: state.finalize()) { Array($0) } }

    @Test func sha256StateMatchesSwiftCryptoAtEveryLengthUpToThreeBlocks() {
        for count in 0...200 {
            let message = Self.bytes(count, seed: 1)
            var state = SHA256State()
            message.withUnsafeBytes { state.update($0) }
            #expect(Self.digest(state) == Array(SHA256.hash(data: message)), "length \(count)")
        }
    }

    @Test func sha256StateOfAbcIsTheFIPSVector() {
        var state = SHA256State()
        Array("abc".utf8).withUnsafeBytes { state.update($0) }
        #expect(Self.digest(state).hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    /// A state copied part-way continues independently of the original (the copy is a value).
    @Test func aCopiedStateContinuesOnItsOwn() {
        var first = SHA256State()
        Array("consign".utf8).withUnsafeBytes { first.update($0) }
        var second = first
        Array("-a".utf8).withUnsafeBytes { first.update($0) }
        Array("-b".utf8).withUnsafeBytes { second.update($0) }
        #expect(Self.digest(first) == Array(SHA256.hash(data: Array("consign-a".utf8))))
        #expect(Self.digest(second) == Array(SHA256.hash(data: Array("consign-b".utf8))))
    }

    @Test func keyedHMACMatchesSwiftCryptoForShortLongAndOversizedKeys() {
        for keyLength in [0, 1, 32, 63, 64, 65, 100, 200] {
            let key = SymmetricKey(data: Self.bytes(keyLength, seed: 9))
            let mac = KeyedHMAC(key: key)
            for count in [0, 1, 20, 55, 56, 63, 64, 65, 119, 120, 128, 1_500] {
                let message = Self.bytes(count, seed: UInt8(keyLength % 251))
                let expected = Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
                let whole = message.withUnsafeBytes { mac.authenticate($0) { Array($0) } }
                // Fed in two parts, as the ledger feeds the previous hash, the sequence number and the record.
                let split = message.withUnsafeBytes { raw in
                    mac.authenticate(
                        { hash in
                            hash.update(UnsafeRawBufferPointer(rebasing: raw[..<(count / 3)]))
                            hash.update(UnsafeRawBufferPointer(rebasing: raw[(count / 3)...]))
                        }, body: { Array($0) })
                }
                #expect(whole == expected, "key \(keyLength), message \(count)")
                #expect(split == expected, "key \(keyLength), message \(count), in two parts")
            }
        }
    }
}
