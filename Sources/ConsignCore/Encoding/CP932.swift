/// Windows code page 932, the Shift_JIS that Japanese couriers, mailing houses and Excel read: ASCII in one
/// byte, half-width katakana (U+FF61–U+FF9F) in one byte 0xA1–0xDF, and the double-byte codes of
/// `cp932DoubleByteRows`. Also the JIS X 0208 row of a character, for couriers that take JIS level 1 and 2
/// only.
///
/// Where one character has two codes (the NEC special characters repeat some of row 2; the NEC-selected IBM
/// extensions repeat the IBM extensions), the encoder writes what Windows writes: JIS X 0208 first, then the
/// NEC row 13, then the IBM extensions, then the NEC-selected ones.
package enum CP932 {
    /// A character written one way in JIS X 0208 mappings (and by Macs and most input methods) and another by
    /// Windows, both meaning one code: consign writes the JIS form as that code, and reads both forms as
    /// one character in the JIS X 0208 check. Decoded as CP932, the code is the Windows form.
    package struct CompatibilityVariant: Sendable {
        /// The JIS X 0208 mapping's character (Unicode's JIS0208.TXT, EUC-JP).
        package var jis: Unicode.Scalar
        /// The character CP932 decodes the code to.
        package var windows: Unicode.Scalar
        package var code: UInt16
    }

    /// The documented table: 〜 WAVE DASH and ～ FULLWIDTH TILDE (1-33), ‖ DOUBLE VERTICAL LINE and ∥ PARALLEL TO
    /// (1-34), − MINUS SIGN and － FULLWIDTH HYPHEN-MINUS (1-61), ¢ and ￠ (1-81), £ and ￡ (1-82), ¬ and ￢ (2-44).
    package static let compatibilityVariants: [CompatibilityVariant] = [
        CompatibilityVariant(jis: "\u{301C}", windows: "\u{FF5E}", code: 0x8160),
        CompatibilityVariant(jis: "\u{2016}", windows: "\u{2225}", code: 0x8161),
        CompatibilityVariant(jis: "\u{2212}", windows: "\u{FF0D}", code: 0x817C),
        CompatibilityVariant(jis: "\u{00A2}", windows: "\u{FFE0}", code: 0x8191),
        CompatibilityVariant(jis: "\u{00A3}", windows: "\u{FFE1}", code: 0x8192),
        CompatibilityVariant(jis: "\u{00AC}", windows: "\u{FFE2}", code: 0x81CA),
    ]

    /// The code of each character of the Basic Multilingual Plane (0: none), from the table and the variants.
    private static let codes: [UInt16] = {
        var codes = [UInt16](repeating: 0, count: 0x1_0000)
        for scalar in 0..<0x80 { codes[scalar] = UInt16(scalar) }
        for scalar in 0xFF61...0xFF9F { codes[scalar] = UInt16(scalar - 0xFF61 + 0xA1) }
        var rows: [UInt8: Substring] = [:]
        for line in cp932DoubleByteRows.split(separator: "\n") {
            rows[UInt8(line.prefix(2), radix: 16)!] = line.dropFirst(3)
        }
        let leads = Array(0x81...0x84) + Array(0x88...0x9F) + Array(0xE0...0xEA) + [0x87] + Array(0xFA...0xFC)
            + Array(0xED...0xEE)
        for lead in leads {
            guard let row = rows[UInt8(lead)] else { continue }
            for (index, scalar) in row.unicodeScalars.enumerated() where scalar != "\u{FFFD}" {
                let trail = index < 63 ? 0x40 + index : 0x41 + index
                if codes[Int(scalar.value)] == 0 { codes[Int(scalar.value)] = UInt16(lead << 8 | trail) }
            }
        }
        for variant in compatibilityVariants where codes[Int(variant.jis.value)] == 0 {
            codes[Int(variant.jis.value)] = variant.code
        }
        return codes
    }()

    /// The character's code (below 0x100: one byte), nil when CP932 has none (anything past the BMP among them).
    @inline(__always)
    package static func code(_ scalar: Unicode.Scalar) -> UInt16? {
        if scalar.value < 0x80 { return UInt16(scalar.value) }
        guard scalar.value < 0x1_0000 else { return nil }
        let code = codes[Int(scalar.value)]
        return code == 0 ? nil : code
    }

    /// The row (区, 1–94) of a character in JIS X 0208, nil when it is not one of its 6,879 characters (rows
    /// 1–8 non-kanji, 16–47 level 1 kanji, 48–84 level 2) in the JIS form: ASCII, half-width katakana, the NEC
    /// and IBM extensions and the Windows forms of the compatibility variants are not. (`jisCharacter` first
    /// reads a Windows form as its JIS form.)
    package static func jisX0208Row(_ scalar: Unicode.Scalar) -> Int? {
        guard scalar.value >= 0x80, let code = code(scalar), code > 0xFF else { return nil }
        if compatibilityVariants.contains(where: { $0.windows == scalar }) { return nil }
        let lead = Int(code >> 8)
        let trail = Int(code & 0xFF)
        let row = (lead < 0xA0 ? lead - 0x81 : lead - 0xC1) * 2 + (trail < 0x9F ? 1 : 2)
        return (1...8).contains(row) || (16...84).contains(row) ? row : nil
    }

    /// Whether a double-byte code is in JIS X 0208's rows 1–8 or 16–84 (every such code CP932 assigns is a JIS
    /// X 0208 character, in its JIS or its Windows form).
    @inline(__always)
    package static func isJISX0208(lead: UInt8, trail: UInt8) -> Bool {
        let lead = Int(lead)
        guard (0x81...0x9F).contains(lead) || (0xE0...0xEF).contains(lead) else { return false }
        let row = (lead < 0xA0 ? lead - 0x81 : lead - 0xC1) * 2 + (trail < 0x9F ? 1 : 2)
        return (1...8).contains(row) || (16...84).contains(row)
    }

    /// The character in its JIS form: a compatibility variant's Windows form read as the JIS one.
    package static func jisCharacter(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        compatibilityVariants.first { $0.windows == scalar }?.jis ?? scalar
    }

    /// Appends well-formed UTF-8 `utf8` to `out` in CP932, or stops at the first character it cannot encode
    /// and returns it (what was appended then is to be thrown away).
    @inline(__always)
    package static func append(_ utf8: UnsafeRawBufferPointer, to out: inout [UInt8]) -> Unicode.Scalar? {
        var index = 0
        let count = utf8.count
        // ASCII, the usual value, is copied whole.
        if !utf8.contains(where: { $0 >= 0x80 }) {
            out.append(contentsOf: utf8)
            return nil
        }
        let codes = codes
        while index < count {
            let lead = utf8[index]
            if lead < 0x80 {
                out.append(lead)
                index += 1
                continue
            }
            let scalar = decode(utf8, at: &index)
            guard scalar < 0x1_0000 else { return Unicode.Scalar(scalar) ?? "\u{FFFD}" }
            let code = codes[Int(scalar)]
            if code == 0 { return Unicode.Scalar(scalar) ?? "\u{FFFD}" }
            if code > 0xFF { out.append(UInt8(code >> 8)) }
            out.append(UInt8(truncatingIfNeeded: code))
        }
        return nil
    }

    /// Writes UTF-8 `utf8` at `destination` in CP932 when every character is printable ASCII other than `"`, or of
    /// JIS X 0208 rows 1-8 and 16-84 (in either form of a compatibility variant), in at most `limit` bytes, in one
    /// pass: the bytes written and whether they hold a comma (the field is then quoted); nil for anything else.
    /// There must be room for `utf8.count` bytes (CP932 never takes more than UTF-8 for these). This is a courier's
    /// label text written as it stands, the usual case; anything else is explained by the slower checks.
    package static func writeJIS(
        _ utf8: UnsafeRawBufferPointer, limit: Int, to destination: UnsafeMutablePointer<UInt8>
    ) -> (bytes: Int, comma: Bool)? {
        var written = 0
        var comma = false
        var index = 0
        let count = utf8.count
        let codes = codes
        while index < count {
            let lead = utf8[index]
            if lead < 0x80 {
                guard lead >= 0x20, lead != 0x7F, lead != UInt8(ascii: "\"") else { return nil }
                if lead == UInt8(ascii: ",") { comma = true }
                destination[written] = lead
                written += 1
                index += 1
                continue
            }
            let scalar = decode(utf8, at: &index)
            guard scalar < 0x1_0000 else { return nil }
            let code = codes[Int(scalar)]
            let high = UInt8(truncatingIfNeeded: code >> 8), low = UInt8(truncatingIfNeeded: code)
            guard high != 0, isJISX0208(lead: high, trail: low) else { return nil }
            destination[written] = high
            destination[written + 1] = low
            written += 2
        }
        return written <= limit ? (written, comma) : nil
    }

    /// The scalar of the well-formed UTF-8 sequence of two, three or four bytes at `index`, which moves past it.
    @inline(__always)
    private static func decode(_ utf8: UnsafeRawBufferPointer, at index: inout Int) -> UInt32 {
        let lead = utf8[index]
        if lead < 0xE0 {
            defer { index += 2 }
            return UInt32(lead & 0x1F) << 6 | UInt32(utf8[index + 1] & 0x3F)
        }
        if lead < 0xF0 {
            defer { index += 3 }
            return UInt32(lead & 0x0F) << 12 | UInt32(utf8[index + 1] & 0x3F) << 6 | UInt32(utf8[index + 2] & 0x3F)
        }
        defer { index += 4 }
        return UInt32(lead & 0x07) << 18 | UInt32(utf8[index + 1] & 0x3F) << 12 | UInt32(utf8[index + 2] & 0x3F) << 6
            | UInt32(utf8[index + 3] & 0x3F)
    }
}
