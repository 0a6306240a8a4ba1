import Crypto

/// The X25519 recipient stanza (C2SP age.md): `-> X25519 <ephemeral share>` and the file key sealed under
/// a key agreed between the ephemeral key and the recipient's.
enum X25519Stanza {
    static let type = "X25519"
    static let label = Array("age-encryption.org/v1/X25519".utf8)

    private static func wrapKey(sharedSecret: [UInt8], share: [UInt8], recipient: [UInt8]) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: sharedSecret), salt: share + recipient, info: label, outputByteCount: 32)
    }

    private static let zeroNonce = try! ChaChaPoly.Nonce(data: [UInt8](repeating: 0, count: 12))

    /// The stanza that gives `fileKey` to `recipient`.
    static func wrap(_ fileKey: SymmetricKey, to recipient: AgeRecipient) -> AgeHeader.Stanza {
        let ephemeral = Curve25519.KeyAgreement.PrivateKey()
        let share = Array(ephemeral.publicKey.rawRepresentation)
        let peer = try! Curve25519.KeyAgreement.PublicKey(rawRepresentation: recipient.publicKey)
        let secret = try! ephemeral.sharedSecretFromKeyAgreement(with: peer).withUnsafeBytes { [UInt8]($0) }
        let key = wrapKey(sharedSecret: secret, share: share, recipient: recipient.publicKey)
        let sealed = try! ChaChaPoly.seal(fileKey.withUnsafeBytes { [UInt8]($0) }, using: key, nonce: zeroNonce)
        return AgeHeader.Stanza(arguments: [type, StrictBase64.encodeUnpadded(share)], body: Array(sealed.ciphertext + sealed.tag))
    }

    /// The file key in `stanza` if it is an X25519 stanza for `identity`; nil when it is another's. A malformed
    /// X25519 stanza, or one whose share agrees on the all-zero secret (a low-order point), is a header failure.
    static func unwrap(_ stanza: AgeHeader.Stanza, with identity: AgeIdentity) throws(AgeFailure) -> SymmetricKey? {
        guard stanza.arguments.first == type else { return nil }
        guard stanza.arguments.count == 2, let share = StrictBase64.decodeUnpadded(Array(stanza.arguments[1].utf8)),
            share.count == 32
        else { throw .header(.x25519Arguments) }
        guard stanza.body.count == 32 else { throw .header(.x25519Body) }
        guard let peer = try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: share),
            let secret = try? identity.privateKey.sharedSecretFromKeyAgreement(with: peer).withUnsafeBytes({ [UInt8]($0) }),
            secret.contains(where: { $0 != 0 })
        else { throw .header(.lowOrderShare) }
        let recipient = Array(identity.privateKey.publicKey.rawRepresentation)
        let key = wrapKey(sharedSecret: secret, share: share, recipient: recipient)
        guard
            let box = try? ChaChaPoly.SealedBox(
                nonce: zeroNonce, ciphertext: stanza.body.prefix(16), tag: stanza.body.suffix(16)),
            let fileKey = try? ChaChaPoly.open(box, using: key)
        else { return nil }
        return SymmetricKey(data: fileKey)
    }
}
