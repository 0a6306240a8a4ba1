import CLibCrypto
import Crypto

/// ChaCha20-Poly1305 (RFC 8439) under one key, for the chunks of an age payload: OpenSSL's EVP context,
/// keyed once, sealing and opening into buffers the caller owns. swift-crypto's `ChaChaPoly` returns each
/// chunk in a new `Data`, and with the copies around it sealing ran at about half age's speed (440 against
/// 818 MB/s, `Benchmarks/delivery.sh`); the same cipher, in place, is what the extract's writer needs.
final class ChaChaPolyStream {
    static let tagSize = 16
    private let context: OpaquePointer

    init(key: SymmetricKey, sealing: Bool) {
        guard let context = EVP_CIPHER_CTX_new() else { fatalError("OpenSSL could not allocate a cipher context") }
        self.context = context
        let ok = key.withUnsafeBytes { key in
            sealing
                ? EVP_EncryptInit_ex(context, EVP_chacha20_poly1305(), nil, key.baseAddress, nil)
                : EVP_DecryptInit_ex(context, EVP_chacha20_poly1305(), nil, key.baseAddress, nil)
        }
        precondition(ok == 1, "OpenSSL's ChaCha20-Poly1305 takes a 32-byte key")
    }

    deinit { EVP_CIPHER_CTX_free(context) }

    /// Seals `plaintext` under the 12-byte `nonce` into `out`: the ciphertext, then the 16-byte tag
    /// (`out.count` is `plaintext.count + 16`).
    func seal(_ plaintext: UnsafeRawBufferPointer, nonce: [UInt8], into out: UnsafeMutableRawBufferPointer) {
        precondition(out.count == plaintext.count + Self.tagSize && nonce.count == 12)
        var written: Int32 = 0, final: Int32 = 0
        let base = out.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let ok =
            EVP_EncryptInit_ex(context, nil, nil, nil, nonce) == 1
            && EVP_EncryptUpdate(
                context, base, &written, plaintext.baseAddress?.assumingMemoryBound(to: UInt8.self), Int32(plaintext.count)) == 1
            && EVP_EncryptFinal_ex(context, base + Int(written), &final) == 1
            && EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_AEAD_GET_TAG, Int32(Self.tagSize), base + plaintext.count) == 1
        precondition(ok && Int(written + final) == plaintext.count, "OpenSSL's ChaCha20-Poly1305 did not seal")
    }

    /// Opens `sealed` (ciphertext then tag) under `nonce` into `out` (`sealed.count - 16` bytes); false when it
    /// does not authenticate (then `out` holds nothing to use).
    func open(_ sealed: UnsafeRawBufferPointer, nonce: [UInt8], into out: UnsafeMutableRawBufferPointer) -> Bool {
        precondition(sealed.count >= Self.tagSize && out.count == sealed.count - Self.tagSize && nonce.count == 12)
        var tag = Array(sealed.suffix(Self.tagSize))
        var written: Int32 = 0, final: Int32 = 0
        // An empty chunk (an empty file's only one) has no output bytes to point at.
        var scratch: UInt8 = 0
        return withUnsafeMutablePointer(to: &scratch) { scratch in
            let base = out.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? scratch
            return EVP_DecryptInit_ex(context, nil, nil, nil, nonce) == 1
                && EVP_DecryptUpdate(
                    context, base, &written, sealed.baseAddress!.assumingMemoryBound(to: UInt8.self), Int32(out.count)) == 1
                && EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_AEAD_SET_TAG, Int32(Self.tagSize), &tag) == 1
                && EVP_DecryptFinal_ex(context, base + Int(written), &final) == 1
        }
    }
}
