import Crypto
import Foundation

/// An SSH signature (OpenSSH PROTOCOL.sshsig), the file `ssh-keygen -Y sign` writes and `ssh-keygen -Y
/// verify` checks: an Ed25519 signature over a hash of the message, bound to a namespace so that a signature
/// made for one purpose is not accepted for another.
package struct SSHSignature: Equatable, Sendable {
    static let magic = Array("SSHSIG".utf8)
    static let beginLine = "-----BEGIN SSH SIGNATURE-----"
    static let endLine = "-----END SSH SIGNATURE-----"

    package let publicKey: SSHPublicKey
    package let namespace: String
    /// `sha256` or `sha512`: the hash of the message that is signed.
    let hashAlgorithm: String
    /// The 64-byte Ed25519 signature.
    let signature: [UInt8]

    /// The data an SSH signature signs: the magic, the namespace, an empty reserved string, the hash
    /// algorithm's name and the message's hash.
    private static func signedData(namespace: String, hashAlgorithm: String, digest: [UInt8]) -> [UInt8] {
        var wire = SSHWire()
        wire.append(raw: magic)
        wire.append(string: namespace)
        wire.append(string: [UInt8]())
        wire.append(string: hashAlgorithm)
        wire.append(string: digest)
        return wire.bytes
    }

    private static func digest(_ message: some DataProtocol, algorithm: String) -> [UInt8]? {
        switch algorithm {
        case "sha512": Array(SHA512.hash(data: message))
        case "sha256": Array(SHA256.hash(data: message))
        default: nil
        }
    }

    /// Signs `message` in `namespace` with SHA-512, as ssh-keygen does.
    package init(signing message: some DataProtocol, namespace: String, with key: SSHSigningKey) {
        precondition(!namespace.isEmpty, "an SSH signature's namespace is never empty")
        let data = Self.signedData(namespace: namespace, hashAlgorithm: "sha512", digest: Self.digest(message, algorithm: "sha512")!)
        publicKey = key.publicKey
        self.namespace = namespace
        hashAlgorithm = "sha512"
        signature = Array(try! key.key.signature(for: data))
    }

    /// Whether this is a valid signature of `message` (in its own namespace, by its own key; the caller
    /// checks that both are the ones it expects).
    package func isValid(for message: some DataProtocol) -> Bool {
        guard let digest = Self.digest(message, algorithm: hashAlgorithm),
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey.raw)
        else { return false }
        return key.isValidSignature(signature, for: Self.signedData(namespace: namespace, hashAlgorithm: hashAlgorithm, digest: digest))
    }

    /// The blob: magic, version 1, public key, namespace, reserved, hash algorithm, signature.
    var blob: [UInt8] {
        var wire = SSHWire()
        wire.append(raw: Self.magic)
        wire.append(uint32: 1)
        wire.append(string: publicKey.blob)
        wire.append(string: namespace)
        wire.append(string: [UInt8]())
        wire.append(string: hashAlgorithm)
        var inner = SSHWire()
        inner.append(string: SSHPublicKey.type)
        inner.append(string: signature)
        wire.append(string: inner.bytes)
        return wire.bytes
    }

    /// The armored file: the blob's base64 in lines of 70 columns between BEGIN and END lines, as ssh-keygen
    /// writes it.
    package var armored: String {
        var text = StrictBase64.encodePadded(blob)[...]
        var lines = [Self.beginLine]
        while !text.isEmpty {
            lines.append(String(text.prefix(70)))
            text = text.dropFirst(70)
        }
        lines.append(Self.endLine)
        return lines.joined(separator: "\n") + "\n"
    }

    /// Why an armored signature was not read.
    package enum Malformed: Error, Equatable {
        case armor
        case blob
        case keyType
    }

    /// Reads an armored signature: an Ed25519 signature of version 1; anything else is refused with its reason.
    package init(armored text: String) throws(Malformed) {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let begin = lines.firstIndex(of: Self.beginLine), let end = lines.lastIndex(of: Self.endLine), begin < end,
            lines[..<begin].allSatisfy(\.isEmpty), lines[(end + 1)...].allSatisfy(\.isEmpty),
            let blob = StrictBase64.decodePadded(lines[(begin + 1)..<end].joined())
        else { throw .armor }
        var reader = SSHWire.Reader(blob)
        guard reader.raw(6) == Self.magic, reader.uint32() == 1, let keyBlob = reader.string(),
            let namespace = reader.string(), reader.string() != nil, let hash = reader.string(),
            let signatureBlob = reader.string(), reader.isAtEnd
        else { throw .blob }
        var inner = SSHWire.Reader(signatureBlob)
        guard let key = SSHPublicKey(blob: keyBlob), inner.string().map({ $0.elementsEqual(SSHPublicKey.type.utf8) }) == true,
            let signature = inner.string(), signature.count == 64, inner.isAtEnd
        else { throw .keyType }
        publicKey = key
        self.namespace = String(decoding: namespace, as: UTF8.self)
        hashAlgorithm = String(decoding: hash, as: UTF8.self)
        self.signature = signature
    }
}
