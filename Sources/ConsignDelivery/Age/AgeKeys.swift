import Crypto
import Foundation

/// An age X25519 recipient, `age1…` (C2SP age.md): the public key a contractor gives the company, to which
/// extracts are encrypted.
package struct AgeRecipient: Hashable, Sendable {
    static let hrp = "age"

    /// The 32-byte X25519 public key.
    package let publicKey: [UInt8]

    init(publicKey: [UInt8]) { self.publicKey = publicKey }

    /// The recipient written as `age1…`; nil when `text` is not one.
    package init?(_ text: String) {
        guard let (hrp, data) = Bech32.decode(text), hrp == Self.hrp, data.count == 32,
            text == text.lowercased()
        else { return nil }
        publicKey = data
    }

    /// `age1…`, as age-keygen prints it.
    package var text: String { Bech32.encode(hrp: Self.hrp, data: publicKey) }

    /// `SHA256:` and the unpadded base64 of the SHA-256 of the 32-byte key, as OpenSSH writes a key's
    /// fingerprint: what the manifest and the transfer record name, short enough to read out on the phone.
    package var fingerprint: String { "SHA256:" + StrictBase64.encodeUnpadded(Array(SHA256.hash(data: publicKey))) }
}

/// An age X25519 identity, `AGE-SECRET-KEY-1…`: the contractor's private key, which opens what was encrypted
/// to its recipient.
package struct AgeIdentity: Sendable {
    static let hrp = "age-secret-key-"

    let privateKey: Curve25519.KeyAgreement.PrivateKey

    /// A new random identity.
    package init() { privateKey = Curve25519.KeyAgreement.PrivateKey() }

    /// The identity written as `AGE-SECRET-KEY-1…`; nil when `text` is not one.
    package init?(_ text: String) {
        guard let (hrp, data) = Bech32.decode(text), hrp == Self.hrp, data.count == 32,
            let key = try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: data)
        else { return nil }
        privateKey = key
    }

    /// `AGE-SECRET-KEY-1…`, upper case, as age-keygen writes it.
    package var text: String {
        Bech32.encode(hrp: Self.hrp, data: Array(privateKey.rawRepresentation)).uppercased()
    }

    package var recipient: AgeRecipient { AgeRecipient(publicKey: Array(privateKey.publicKey.rawRepresentation)) }

    /// The identities of an identity file as age-keygen writes it: `#` comments, blank lines, and one
    /// `AGE-SECRET-KEY-1…` per line. Throws the line that is none of these.
    package static func parseFile(_ text: String) throws(IdentityFileLine) -> [AgeIdentity] {
        var identities: [AgeIdentity] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let identity = AgeIdentity(trimmed) else { throw IdentityFileLine(line: index + 1) }
            identities.append(identity)
        }
        return identities
    }

    /// The line of an identity file that is not an identity.
    package struct IdentityFileLine: Error {
        package let line: Int
    }

    /// The file age-keygen would write for this identity (with its creation time and recipient as comments).
    package func file(created: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return "# created: \(formatter.string(from: created))\n# public key: \(recipient.text)\n\(text)\n"
    }
}

extension AgeRecipient {
    /// The format's name, as a transfer records the encryption of its files.
    package static let format = "age-encryption.org/v1"
}
