import Crypto

/// An Ed25519 public key as OpenSSH writes it: `ssh-ed25519 AAAA… comment`, the base64 of its wire blob.
package struct SSHPublicKey: Hashable, Sendable {
    static let type = "ssh-ed25519"

    /// The 32-byte Ed25519 key.
    package let raw: [UInt8]

    init(raw: [UInt8]) { self.raw = raw }

    /// The wire blob: string "ssh-ed25519", string key.
    var blob: [UInt8] {
        var wire = SSHWire()
        wire.append(string: Self.type)
        wire.append(string: raw)
        return wire.bytes
    }

    init?(blob: [UInt8]) {
        var reader = SSHWire.Reader(blob)
        guard let type = reader.string(), type.elementsEqual(Self.type.utf8), let raw = reader.string(), raw.count == 32,
            reader.isAtEnd
        else { return nil }
        self.raw = raw
    }

    /// A key line `ssh-ed25519 BASE64 [comment]` (as in a `.pub` file or after the options of an
    /// `allowed_signers` line); nil for anything else.
    package init?(line: String) {
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        guard let typeIndex = fields.firstIndex(where: { $0 == Self.type }), typeIndex + 1 < fields.count,
            let blob = StrictBase64.decodePadded(String(fields[typeIndex + 1])), let key = SSHPublicKey(blob: blob)
        else { return nil }
        self = key
    }

    /// `ssh-ed25519 AAAA…`, with `comment` after it when given.
    package func line(comment: String = "") -> String {
        Self.type + " " + StrictBase64.encodePadded(blob) + (comment.isEmpty ? "" : " " + comment)
    }

    /// `SHA256:…`, as `ssh-keygen -l` prints it.
    package var fingerprint: String { "SHA256:" + StrictBase64.encodeUnpadded(Array(SHA256.hash(data: blob))) }

    /// The `allowed_signers` line (ssh-keygen(1), ALLOWED SIGNERS) that lets `principal` sign in `namespace`
    /// with this key.
    package func allowedSigner(principal: String, namespace: String) -> String {
        "\(principal) namespaces=\"\(namespace)\" \(line())"
    }
}

/// An Ed25519 signing key, from a 32-byte seed.
package struct SSHSigningKey: Sendable {
    let key: Curve25519.Signing.PrivateKey

    package init(seed: [UInt8]) throws {
        key = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
    }

    package var publicKey: SSHPublicKey { SSHPublicKey(raw: Array(key.publicKey.rawRepresentation)) }
}
