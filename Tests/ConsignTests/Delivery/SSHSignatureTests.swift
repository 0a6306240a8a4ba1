import ConsignDelivery
import Foundation
import Testing

/// consign's SSH signatures against ssh-keygen, both ways.
@Suite struct SSHSignatureTests {
    static let sshKeygen = URL(fileURLWithPath: "/usr/bin/ssh-keygen")

    static func key() throws -> SSHSigningKey {
        try SSHSigningKey(seed: (0..<32).map { _ in UInt8.random(in: 0...255) })
    }

    @Test("ssh-keygen -Y verify accepts what consign signs, and refuses it changed")
    func sshKeygenVerifiesConsign() throws {
        let directory = try temporaryDirectory("consign-sshsig")
        let key = try Self.key()
        let message = Array("<manifest transfer=\"T-1\"/>\n".utf8)
        try Data(message).write(to: directory.appending(path: "manifest.xml"))
        let signature = SSHSignature(signing: message, namespace: "consign", with: key)
        try Data(signature.armored.utf8).write(to: directory.appending(path: "manifest.xml.sig"))
        try Data((key.publicKey.allowedSigner(principal: "company@example", namespace: "consign") + "\n").utf8)
            .write(to: directory.appending(path: "allowed_signers"))
        func verify(namespace: String = "consign") throws -> Run {
            try run(
                URL(fileURLWithPath: "/bin/sh"),
                ["-c", "\(Self.sshKeygen.path) -Y verify -f allowed_signers -I company@example -n \(namespace) "
                    + "-s manifest.xml.sig < manifest.xml"], in: directory)
        }
        let good = try verify()
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("Good \"consign\" signature for company@example with ED25519 key \(key.publicKey.fingerprint)"))
        #expect(try verify(namespace: "file").status != 0)
        try Data(message + [0x0a]).write(to: directory.appending(path: "manifest.xml"))
        #expect(try verify().status != 0)
    }

    @Test("consign verifies what ssh-keygen -Y sign made, and refuses it changed")
    func consignVerifiesSshKeygen() throws {
        let directory = try temporaryDirectory("consign-sshsig")
        #expect(try run(Self.sshKeygen, ["-q", "-t", "ed25519", "-N", "", "-f", "key", "-C", "c"], in: directory).status == 0)
        let message = Array("a message\n".utf8)
        try Data(message).write(to: directory.appending(path: "m"))
        let signed = try run(Self.sshKeygen, ["-Y", "sign", "-f", "key", "-n", "consign", "m"], in: directory)
        #expect(signed.status == 0, "\(signed.stderr)")
        let signature = try SSHSignature(armored: readText(directory.appending(path: "m.sig")))
        let publicKey = try #require(SSHPublicKey(line: readText(directory.appending(path: "key.pub"))))
        #expect(signature.publicKey == publicKey)
        #expect(signature.namespace == "consign")
        #expect(signature.isValid(for: message))
        #expect(!signature.isValid(for: message + [0]))
        let fingerprint = try run(Self.sshKeygen, ["-l", "-f", "key.pub"], in: directory)
        #expect(fingerprint.stdout.contains(publicKey.fingerprint))
    }

    @Test func malformedSignaturesAreRefused() throws {
        let key = try Self.key()
        let armored = SSHSignature(signing: [1, 2, 3], namespace: "consign", with: key).armored
        #expect(throws: SSHSignature.Malformed.armor) { try SSHSignature(armored: "nothing") }
        #expect(throws: SSHSignature.Malformed.armor) { try SSHSignature(armored: "x\n" + armored) }
        var lines = armored.split(separator: "\n").map(String.init)
        lines[1] = String(lines[1].dropFirst(4))
        #expect(throws: (any Error).self) { try SSHSignature(armored: lines.joined(separator: "\n")) }
        #expect(try SSHSignature(armored: armored).isValid(for: [1, 2, 3]))
    }
}
