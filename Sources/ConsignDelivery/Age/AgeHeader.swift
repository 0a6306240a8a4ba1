import Crypto

/// An age v1 header (C2SP age.md): the version line, the recipient stanzas, and the MAC line, which
/// authenticates everything before it under a key derived from the file key.
struct AgeHeader {
    static let versionLine = Array("age-encryption.org/v1".utf8)
    /// A longer header is refused before it is read whole, so a hostile file cannot fill the memory.
    static let maximumBytes = 1 << 20

    /// One recipient stanza: `-> type args…`, then its body.
    struct Stanza: Equatable {
        var arguments: [String]
        var body: [UInt8]

        /// The stanza's lines: arguments, then the body in base64 lines of 64 columns, the last shorter (maybe
        /// empty).
        var encoded: [UInt8] {
            var out = Array(("-> " + arguments.joined(separator: " ") + "\n").utf8)
            var text = Array(StrictBase64.encodeUnpadded(body).utf8)[...]
            while text.count >= 64 {
                out += text.prefix(64) + [0x0a]
                text = text.dropFirst(64)
            }
            out += text + [0x0a]
            return out
        }
    }

    var stanzas: [Stanza]
    var mac: [UInt8]

    /// The bytes the MAC covers: everything up to and including `---`.
    static func authenticated(_ stanzas: [Stanza]) -> [UInt8] {
        versionLine + [0x0a] + stanzas.flatMap(\.encoded) + Array("---".utf8)
    }

    static func macKey(fileKey: SymmetricKey) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: fileKey, salt: [UInt8](), info: Array("header".utf8), outputByteCount: 32)
    }

    /// The whole header for `stanzas` under `fileKey`.
    static func encode(_ stanzas: [Stanza], fileKey: SymmetricKey) -> [UInt8] {
        let covered = authenticated(stanzas)
        let mac = HMAC<SHA256>.authenticationCode(for: covered, using: macKey(fileKey: fileKey))
        return covered + Array((" " + StrictBase64.encodeUnpadded(Array(mac)) + "\n").utf8)
    }

    /// Whether `mac` is the header's MAC under `fileKey`.
    func verify(fileKey: SymmetricKey) -> Bool {
        HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Self.authenticated(stanzas), using: Self.macKey(fileKey: fileKey))
    }

    /// Where the header ends in `bytes` (the index after the MAC line's newline), looking at the lines from
    /// `lineStart` (which must start a line: `---` inside a stanza's argument is not the MAC line); or nil and
    /// where the line it did not see the end of starts, to look again from there once more bytes are read.
    static func end(in bytes: [UInt8], from lineStart: Int) -> (end: Int?, lineStart: Int) {
        var lineStart = lineStart
        while let newline = bytes[lineStart...].firstIndex(of: 0x0a) {
            if bytes[lineStart..<newline].starts(with: Array("---".utf8)) { return (newline + 1, lineStart) }
            lineStart = newline + 1
        }
        return (nil, lineStart)
    }

    /// Parses a whole header (as `end(in:)` delimits it), strictly: LF line ends, arguments of visible ASCII,
    /// full body lines of exactly 64 columns and a shorter last one, canonical base64, one space before the MAC.
    init(parsing bytes: ArraySlice<UInt8>) throws(AgeFailure) {
        var lines = bytes.split(separator: 0x0a, omittingEmptySubsequences: false)
        guard lines.last?.isEmpty == true else { throw .header(.noLineFeed) }
        lines.removeLast()
        guard let first = lines.first, !lines.isEmpty else { throw .header(.truncated) }
        guard first.elementsEqual(Self.versionLine) else {
            if first.starts(with: Array("age-encryption.org/".utf8)) {
                throw .version(String(decoding: first, as: UTF8.self))
            }
            throw .header(.notVersion1)
        }
        var index = 1
        var stanzas: [Stanza] = []
        while index < lines.count, lines[index].starts(with: Array("-> ".utf8)) {
            let arguments = lines[index].dropFirst(3).split(separator: 0x20, omittingEmptySubsequences: false)
            guard !arguments.isEmpty,
                arguments.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0 >= 33 && $0 <= 126 } })
            else { throw .header(.stanzaArgument(stanza: stanzas.count + 1)) }
            index += 1
            var body: [UInt8] = []
            while true {
                guard index < lines.count, !lines[index].starts(with: Array("---".utf8)),
                    !lines[index].starts(with: Array("-> ".utf8))
                else { throw .header(.stanzaBody(stanza: stanzas.count + 1)) }
                let line = lines[index]
                index += 1
                guard line.count <= 64, let decoded = StrictBase64.decodeUnpadded(line) else {
                    throw .header(.bodyLine(stanza: stanzas.count + 1))
                }
                body += decoded
                if line.count < 64 { break }
            }
            stanzas.append(Stanza(arguments: arguments.map { String(decoding: $0, as: UTF8.self) }, body: body))
        }
        guard !stanzas.isEmpty else { throw .header(.noStanza) }
        guard index == lines.count - 1 else { throw .header(.strayLine) }
        let macLine = lines[index]
        guard macLine.starts(with: Array("--- ".utf8)), let mac = StrictBase64.decodeUnpadded(macLine.dropFirst(4)),
            mac.count == 32
        else { throw .header(.macLine) }
        self.stanzas = stanzas
        self.mac = mac
    }
}
