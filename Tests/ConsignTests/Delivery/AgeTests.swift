import ConsignDelivery
import Crypto
import Foundation
import Testing

/// consign's age: the published test vectors, and round trips with the age command itself in both directions.
@Suite struct AgeTests {
    static let vectors = repositoryRoot.appending(path: "Tests/ConsignTests/Fixtures/cctv-age")
    static let age = URL(fileURLWithPath: "/usr/bin/age")
    static let ageKeygen = URL(fileURLWithPath: "/usr/bin/age-keygen")

    /// One CCTV vector: its `key: value` lines and the age file after the blank line.
    struct Vector {
        var name: String
        var expect: String
        var payloadSHA256: String
        var identities: [AgeIdentity]
        var file: [UInt8]
    }

    static func vector(_ name: String) throws -> Vector {
        let bytes = [UInt8](try Data(contentsOf: vectors.appending(path: name)))
        let split = bytes.indices.first { bytes[$0] == 0x0a && bytes[$0 + 1] == 0x0a }!
        var expect = "", payload = "", compressed = false
        var identities: [AgeIdentity] = []
        for line in String(decoding: bytes[..<split], as: UTF8.self).split(separator: "\n") {
            let (key, value) = (line.prefix { $0 != ":" }, String(line.drop { $0 != ":" }.dropFirst(2)))
            switch key {
            case "expect": expect = value
            case "payload": payload = value
            case "identity": identities.append(AgeIdentity(value)!)
            case "compressed": compressed = true
            default: break
            }
        }
        var file = Array(bytes[(split + 2)...])
        if compressed { file = try inflate(file) }
        return Vector(name: name, expect: expect, payloadSHA256: payload, identities: identities, file: file)
    }

    /// zlib's inflate, by Python (the test's peer; consign itself never reads compressed files).
    static func inflate(_ bytes: [UInt8]) throws -> [UInt8] {
        let directory = try temporaryDirectory("consign-cctv")
        try Data(bytes).write(to: directory.appending(path: "vector.z"))
        let script = "import sys,zlib; open(sys.argv[2],'wb').write(zlib.decompress(open(sys.argv[1],'rb').read()))"
        let python = try run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, "vector.z", "vector"], in: directory)
        #expect(python.status == 0, "\(python.stderr)")
        return [UInt8](try Data(contentsOf: directory.appending(path: "vector")))
    }

    /// Decrypts `file` with `identities`: the plaintext, or the failure.
    static func open(_ file: [UInt8], identities: [AgeIdentity]) -> Result<[UInt8], AgeFailure> {
        var offset = 0
        var plaintext: [UInt8] = []
        do throws(AgeFailure) {
            try AgeOpener.open(
                identities: identities,
                read: { buffer in
                    let count = min(buffer.count, file.count - offset)
                    buffer.copyBytes(from: file[offset..<offset + count])
                    offset += count
                    return count
                },
                write: { plaintext += $0 })
            return .success(plaintext)
        } catch {
            return .failure(error)
        }
    }

    static let vectorNames = (try? FileManager.default.contentsOfDirectory(atPath: vectors.path))?
        .filter { $0 != "LICENSE" && $0 != "SOURCE" }.sorted() ?? []

    @Test("every applicable C2SP CCTV vector gives its expected result", arguments: vectorNames)
    func cctvVector(_ name: String) throws {
        let vector = try Self.vector(name)
        let result = Self.open(vector.file, identities: vector.identities)
        switch (vector.expect, result) {
        case ("success", .success(let plaintext)):
            #expect(Array(SHA256.hash(data: plaintext)).hex == vector.payloadSHA256, "\(name)")
        case ("header failure", .failure(.header)), ("header failure", .failure(.version)),
            ("no match", .failure(.noMatch)), ("HMAC failure", .failure(.hmac)),
            ("payload failure", .failure(.payload)):
            break
        default:
            Issue.record("\(name): expected \(vector.expect), got \(result)")
        }
    }

    @Test func theVectorsAreAllThere() {
        #expect(Self.vectorNames.count == 67)
    }

    /// Plaintext of `count` bytes, not all alike.
    static func plaintext(_ count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }
    }

    /// `plaintext` sealed to `recipients`, handed to the sealer in pieces of `piece` bytes.
    static func seal(_ plaintext: [UInt8], to recipients: [AgeRecipient], piece: Int = 10_000) -> [UInt8] {
        var sealer = AgeSealer(recipients: recipients)
        var out = sealer.head
        var rest = plaintext[...]
        repeat {
            let part = rest.prefix(piece)
            part.withUnsafeBytes { sealer.seal($0) { out += $0 } }
            rest = rest.dropFirst(part.count)
        } while !rest.isEmpty
        sealer.finish { out += $0 }
        return out
    }

    // Sizes around the 64 KiB chunk: empty, one byte, a chunk less one, exactly one, one more, two exactly.
    static let sizes = [0, 1, 65_535, 65_536, 65_537, 131_072, 300_001]

    @Test("what consign seals, age -d opens, byte for byte", arguments: sizes)
    func ageOpensWhatConsignSeals(_ size: Int) throws {
        let directory = try temporaryDirectory("consign-age")
        let identity = AgeIdentity()
        try Data(identity.file(created: Date()).utf8).write(to: directory.appending(path: "key.txt"))
        let plaintext = Self.plaintext(size)
        try Data(Self.seal(plaintext, to: [identity.recipient])).write(to: directory.appending(path: "file.age"))
        // Through the shell: age -o creates no file for an empty plaintext.
        let result = try run(
            URL(fileURLWithPath: "/bin/sh"), ["-c", "\(Self.age.path) -d -i key.txt file.age > file"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect([UInt8](try Data(contentsOf: directory.appending(path: "file"))) == plaintext)
    }

    @Test("what age -r seals, consign opens, byte for byte", arguments: sizes)
    func consignOpensWhatAgeSeals(_ size: Int) throws {
        let directory = try temporaryDirectory("consign-age")
        let keygen = try run(Self.ageKeygen, ["-o", "key.txt"], in: directory)
        #expect(keygen.status == 0, "\(keygen.stderr)")
        let identities = try AgeIdentity.parseFile(readText(directory.appending(path: "key.txt")))
        try Data(Self.plaintext(size)).write(to: directory.appending(path: "file"))
        let other = AgeIdentity()
        // Two recipients: consign finds its own stanza whichever comes first.
        let sealed = try run(
            Self.age, ["-r", other.recipient.text, "-r", identities[0].recipient.text, "-o", "file.age", "file"], in: directory)
        #expect(sealed.status == 0, "\(sealed.stderr)")
        let file = [UInt8](try Data(contentsOf: directory.appending(path: "file.age")))
        #expect(try Self.open(file, identities: identities).get() == Self.plaintext(size))
        #expect(Self.open(file, identities: [AgeIdentity()]) == .failure(.noMatch))
    }

    @Test func keysRoundTripThroughAgeKeygen() throws {
        let directory = try temporaryDirectory("consign-age")
        let identity = AgeIdentity()
        try Data(identity.file(created: Date()).utf8).write(to: directory.appending(path: "key.txt"))
        let result = try run(Self.ageKeygen, ["-y", "key.txt"], in: directory)
        #expect(result.stdout == identity.recipient.text + "\n")
        #expect(AgeRecipient(identity.recipient.text) == identity.recipient)
        #expect(AgeRecipient(identity.recipient.text.uppercased()) == nil)
        #expect(AgeRecipient("age1qqqq") == nil)
        #expect(AgeIdentity(identity.text)?.recipient == identity.recipient)
    }

    /// `---` inside a stanza's argument is not the MAC line, wherever the reads of the header split it: a
    /// grease stanza whose argument holds `---` just past the first 4 KiB read is skipped, so the header is
    /// parsed whole and (the stanza having been added after sealing) its MAC is what fails.
    @Test func dashesInAnArgumentAcrossAReadAreNotTheMACLine() throws {
        let identity = AgeIdentity()
        let file = Self.seal(Self.plaintext(10), to: [identity.recipient])
        let versionLine = Array("age-encryption.org/v1\n".utf8)
        // The 4 KiB read ends three bytes into "---": where the search resumed before the fix.
        let filler = 4093 - versionLine.count - "-> grease ".utf8.count
        let stanza = Array(("-> grease " + String(repeating: "a", count: filler) + "---b\n\n").utf8)
        let changed = versionLine + stanza + file.dropFirst(versionLine.count)
        #expect(Self.open(changed, identities: [identity]) == .failure(.hmac))
        #expect(try Self.open(file, identities: [identity]).get() == Self.plaintext(10))
    }

    @Test("a flipped byte anywhere, or a cut at a chunk boundary, is refused")
    func tamperingIsRefused() {
        let identity = AgeIdentity()
        let plaintext = Self.plaintext(200_000)
        let file = Self.seal(plaintext, to: [identity.recipient])
        let headerEnd = file.firstRange(of: Array("\n---".utf8))!.upperBound
        // Every byte of the header, then bytes across the payload (nonce, each chunk, its tag, the last).
        let positions = Array(0..<headerEnd + 60) + stride(from: headerEnd + 60, to: file.count, by: 997) + [file.count - 1]
        for position in positions {
            var changed = file
            changed[position] ^= 0x01
            if case .success = Self.open(changed, identities: [identity]) {
                Issue.record("a byte flipped at \(position) of \(file.count) was not refused")
            }
        }
        let payloadStart = file.firstIndex(of: 0x0a, after: headerEnd)! + 1 + 16
        for chunks in 1...3 {
            let cut = Array(file.prefix(payloadStart + chunks * (65_536 + 16)))
            guard case .failure(.payload) = Self.open(cut, identities: [identity]) else {
                Issue.record("a file cut after \(chunks) chunks was not refused as a payload failure")
                continue
            }
        }
        #expect(Self.open(file + [0], identities: [identity]).isFailure)
    }
}

extension Result {
    var isFailure: Bool { if case .failure = self { true } else { false } }
}

extension Array where Element == UInt8 {
    func firstIndex(of byte: UInt8, after index: Int) -> Int? { self[index...].firstIndex(of: byte) }
}
