import Crypto
import Foundation

/// The age payload (C2SP age.md, STREAM): a 16-byte nonce, then the plaintext in chunks of 64 KiB, each
/// sealed with ChaCha20-Poly1305 under the payload key, its nonce an 11-byte big-endian counter and a last
/// byte that is 1 only for the final chunk. The final chunk is never empty unless the whole payload is.
enum AgeStream {
    static let chunkSize = 64 * 1024
    static let tagSize = 16

    static func payloadKey(fileKey: SymmetricKey, nonce: [UInt8]) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: fileKey, salt: nonce, info: Array("payload".utf8), outputByteCount: 32)
    }

    static func nonce(counter: UInt64, final: Bool) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 12)
        for index in 0..<8 { bytes[10 - index] = UInt8(truncatingIfNeeded: counter >> (8 * UInt64(index))) }
        bytes[11] = final ? 1 : 0
        return bytes
    }
}

/// Encrypts one file to age recipients as it is written, in constant memory: the caller hands over the
/// plaintext in pieces of any size and the sealer hands back the file's bytes (header first), chunk by
/// chunk; the plaintext is never kept beyond the chunk being filled.
package struct AgeSealer {
    private let cipher: ChaChaPolyStream
    /// The chunk being filled: `filled` bytes of it; and the sealed chunk.
    private var pending = [UInt8](repeating: 0, count: AgeStream.chunkSize)
    private var filled = 0
    private var sealed = [UInt8](repeating: 0, count: AgeStream.chunkSize + AgeStream.tagSize)
    private var counter: UInt64 = 0
    /// The file's first bytes: the header and the payload's nonce.
    package let head: [UInt8]

    package init(recipients: [AgeRecipient]) {
        precondition(!recipients.isEmpty, "age needs at least one recipient")
        let fileKey = SymmetricKey(size: .init(bitCount: 128))
        let nonce = SymmetricKey(size: .init(bitCount: 128)).withUnsafeBytes { [UInt8]($0) }
        head = AgeHeader.encode(recipients.map { X25519Stanza.wrap(fileKey, to: $0) }, fileKey: fileKey) + nonce
        cipher = ChaChaPolyStream(key: AgeStream.payloadKey(fileKey: fileKey, nonce: nonce), sealing: true)
    }

    /// Takes more plaintext; `emit` receives each sealed chunk. A full chunk is sealed only once more
    /// plaintext arrives, since the last chunk is sealed differently.
    package mutating func seal(_ plaintext: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) -> Void) {
        var offset = 0
        while offset < plaintext.count {
            if filled == AgeStream.chunkSize { sealPending(final: false, emit: emit) }
            let take = min(AgeStream.chunkSize - filled, plaintext.count - offset)
            let start = filled
            pending.withUnsafeMutableBytes {
                $0.baseAddress!.advanced(by: start).copyMemory(from: plaintext.baseAddress!.advanced(by: offset), byteCount: take)
            }
            filled += take
            offset += take
        }
    }

    /// Seals the final chunk.
    package mutating func finish(emit: (UnsafeRawBufferPointer) -> Void) {
        sealPending(final: true, emit: emit)
    }

    private mutating func sealPending(final: Bool, emit: (UnsafeRawBufferPointer) -> Void) {
        let count = filled
        let nonce = AgeStream.nonce(counter: counter, final: final)
        pending.withUnsafeBytes { plaintext in
            sealed.withUnsafeMutableBytes { out in
                let out = UnsafeMutableRawBufferPointer(rebasing: out[..<(count + AgeStream.tagSize)])
                cipher.seal(UnsafeRawBufferPointer(rebasing: plaintext[..<count]), nonce: nonce, into: out)
                emit(UnsafeRawBufferPointer(out))
            }
        }
        counter += 1
        filled = 0
    }
}

/// Decrypts an age file as it is read, in constant memory: `read` fills a buffer (returning how many bytes,
/// 0 at the end), `write` takes each chunk of plaintext once it is authenticated. Stops at the first
/// failure; what was written before it came from chunks that were authentic, but the file as a whole is
/// not, so the caller discards it.
package enum AgeOpener {
    package static func open(
        identities: [AgeIdentity], read: (UnsafeMutableRawBufferPointer) throws -> Int,
        write: (UnsafeRawBufferPointer) throws -> Void
    ) throws(AgeFailure) {
        try withoutActuallyEscaping(read) { (read) throws(AgeFailure) in
            try open(identities: identities, input: Input(read: read), write: write)
        }
    }

    private static func open(
        identities: [AgeIdentity], input: consuming Input, write: (UnsafeRawBufferPointer) throws -> Void
    ) throws(AgeFailure) {
        var input = input
        // The header: read until its MAC line ends.
        var buffered: [UInt8] = []
        var headerEnd: Int?
        var lineStart = 0
        while headerEnd == nil {
            let more = try input.bytes(upTo: 4096)
            if more.isEmpty { throw .header(.truncated) }
            buffered += more
            (headerEnd, lineStart) = AgeHeader.end(in: buffered, from: lineStart)
            if headerEnd == nil && buffered.count > AgeHeader.maximumBytes { throw .header(.tooLong) }
        }
        let header = try AgeHeader(parsing: buffered[..<headerEnd!])
        input.unread(Array(buffered[headerEnd!...]))

        let scrypt = header.stanzas.contains { $0.arguments.first == "scrypt" }
        if scrypt && header.stanzas.count > 1 { throw .header(.scryptNotAlone) }
        var fileKey: SymmetricKey?
        search: for stanza in header.stanzas {
            for identity in identities {
                if let key = try X25519Stanza.unwrap(stanza, with: identity) {
                    fileKey = key
                    break search
                }
            }
        }
        guard let fileKey else { throw .noMatch }
        guard header.verify(fileKey: fileKey) else { throw .hmac }

        let nonce = try input.bytes(upTo: 16)
        guard nonce.count == 16 else { throw .header(.nonceCut) }
        let cipher = ChaChaPolyStream(key: AgeStream.payloadKey(fileKey: fileKey, nonce: nonce), sealing: false)
        var plaintext = [UInt8](repeating: 0, count: AgeStream.chunkSize)
        let sealedSize = AgeStream.chunkSize + AgeStream.tagSize
        var counter: UInt64 = 0
        var chunk = try input.bytes(upTo: sealedSize)
        while true {
            // A full chunk is the last one only if nothing follows it.
            let next = chunk.count == sealedSize ? try input.bytes(upTo: sealedSize) : []
            let final = next.isEmpty
            guard chunk.count >= AgeStream.tagSize else {
                throw .payload(counter == 0 ? .noChunk : .shortChunk(chunk: Int(counter) + 1))
            }
            if final && chunk.count == AgeStream.tagSize && counter > 0 {
                throw .payload(.emptyFinal)
            }
            let length = chunk.count - AgeStream.tagSize
            let nonce = AgeStream.nonce(counter: counter, final: final)
            let opened = chunk.withUnsafeBytes { sealed in
                plaintext.withUnsafeMutableBytes { out in
                    cipher.open(sealed, nonce: nonce, into: UnsafeMutableRawBufferPointer(rebasing: out[..<length]))
                }
            }
            guard opened else { throw .payload(final ? .finalChunk(chunk: Int(counter) + 1) : .chunk(chunk: Int(counter) + 1)) }
            do { try plaintext.withUnsafeBytes { try write(UnsafeRawBufferPointer(rebasing: $0[..<length])) } } catch {
                throw .io("\(error)")
            }
            if final { return }
            counter += 1
            chunk = next
        }
    }

    /// The input, with the bytes read past the header put back in front.
    private struct Input {
        let read: (UnsafeMutableRawBufferPointer) throws -> Int
        var pushedBack: [UInt8] = []

        mutating func unread(_ bytes: [UInt8]) { pushedBack = bytes + pushedBack }

        /// Up to `count` bytes, fewer only at the end.
        mutating func bytes(upTo count: Int) throws(AgeFailure) -> [UInt8] {
            var out = Array(pushedBack.prefix(count))
            pushedBack.removeFirst(out.count)
            if out.count < count {
                var buffer = [UInt8](repeating: 0, count: count - out.count)
                var filled = 0
                while filled < buffer.count {
                    let n: Int
                    do {
                        n = try buffer.withUnsafeMutableBytes { try read(UnsafeMutableRawBufferPointer(rebasing: $0[filled...])) }
                    } catch { throw .io("\(error)") }
                    if n <= 0 { break }
                    filled += n
                }
                out += buffer.prefix(filled)
            }
            return out
        }
    }
}
