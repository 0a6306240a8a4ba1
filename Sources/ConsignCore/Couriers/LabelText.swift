/// The text rules of Japanese couriers' labels: widths as Shift_JIS counts them, half-width kana, postcodes and
/// phone numbers in the forms couriers print, and an address split over a courier's address lines without
/// breaking a number.
package enum LabelText {
    /// The bytes a value takes in Shift_JIS: ASCII and half-width katakana 1, everything else (全角) 2.
    package static func width(_ text: some StringProtocol) -> Int {
        text.unicodeScalars.reduce(0) { $0 + width($1) }
    }

    package static func width(_ scalar: Unicode.Scalar) -> Int {
        scalar.value < 0x80 || (0xFF61...0xFF9F).contains(scalar.value) ? 1 : 2
    }

    /// The value's length as `limit` counts it.
    package static func length(_ text: some StringProtocol, _ limit: ImportProfile.Limit) -> Int {
        switch limit {
        case .bytes: width(text)
        case .characters: text.unicodeScalars.count
        }
    }

    package static func fits(_ text: some StringProtocol, _ limit: ImportProfile.Limit) -> Bool {
        switch limit {
        case .bytes(let n): width(text) <= n
        case .characters(let n): text.unicodeScalars.count <= n
        }
    }

    // MARK: - Half-width kana

    /// Full-width katakana (and hiragana) in half-width katakana, with voiced marks as their own characters
    /// (ガ → ｶﾞ, パ → ﾊﾟ), the ideographic space as a space and the long-vowel mark, middle dot and brackets in
    /// their half-width forms; anything else unchanged.
    package static func halfWidthKana(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            var value = scalar.value
            // Hiragana ぁ–ゖ as katakana ァ–ヶ.
            if (0x3041...0x3096).contains(value) { value += 0x60 }
            if let half = halfWidth[value] {
                out.append(contentsOf: half.unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Full-width katakana and punctuation → half-width, built from the half-width block's order.
    private static let halfWidth: [UInt32: String] = {
        var table: [UInt32: String] = [:]
        let fullWidth = Array("ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン".unicodeScalars)
        for (index, scalar) in fullWidth.enumerated() {
            let half = String(Unicode.Scalar(0xFF66 + UInt32(index))!)
            table[scalar.value] = half
        }
        // Voiced (base + 1) and semi-voiced (base + 2) forms of カ…ト and ハ…ホ.
        for base in "カキクケコサシスセソタチツテトハヒフヘホ".unicodeScalars {
            table[base.value + 1] = table[base.value]! + "\u{FF9E}"
        }
        for base in "ハヒフヘホ".unicodeScalars { table[base.value + 2] = table[base.value]! + "\u{FF9F}" }
        table[0x30F4] = "\u{FF73}\u{FF9E}"  // ヴ
        table[0x30EE] = "\u{FF9C}"  // ヮ
        table[0x30F0] = "\u{FF72}"  // ヰ
        table[0x30F1] = "\u{FF74}"  // ヱ
        table[0x30F5] = "\u{FF76}"  // ヵ
        table[0x30F6] = "\u{FF79}"  // ヶ
        table[0x3000] = " "
        table[0x30FB] = "\u{FF65}"  // ・
        table[0x3001] = "\u{FF64}"  // 、
        table[0x3002] = "\u{FF61}"  // 。
        table[0x300C] = "\u{FF62}"  // 「
        table[0x300D] = "\u{FF63}"  // 」
        table[0x309B] = "\u{FF9E}"  // ゛
        table[0x309C] = "\u{FF9F}"  // ゜
        return table
    }()

    // MARK: - Postcodes and phone numbers

    /// Full-width digits as ASCII, and every dash and minus as `-`.
    private static func asciiDigitsAndHyphens(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { scalar in
                    switch scalar.value {
                    case 0xFF10...0xFF19: Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!
                    case 0x2010...0x2015, 0x2212, 0xFF0D, 0x30FC, 0xFF70: "-"
                    case 0xFF08: "("
                    case 0xFF09: ")"
                    case 0x3000: " "
                    default: scalar
                    }
                }))
    }

    /// `123-4567` from a postcode of 7 digits written with or without its hyphen, in either width, perhaps after
    /// 〒; nil for anything else.
    package static func postalCode(_ text: String) -> String? {
        var digits = asciiDigitsAndHyphens(text).filter { $0 != "-" && $0 != " " && $0 != "\u{3000}" }
        if digits.hasPrefix("〒") { digits.removeFirst() }
        guard digits.count == 7, digits.allSatisfy(\.isASCIIDigit) else { return nil }
        return "\(digits.prefix(3))-\(digits.suffix(4))"
    }

    /// A date as a courier's column takes it, `YYYY/MM/DD` (`slashed`) or `YYYYMMDD`, from a real calendar date written
    /// as either or as `YYYY-MM-DD`; nil for anything else.
    package static func date(_ text: String, slashed: Bool) -> String? {
        let digits = text.count == 8 ? text : String(text.enumerated().compactMap { [4, 7].contains($0) ? nil : $1 })
        let separators = text.count == 10 ? Set([text.dropFirst(4).first, text.dropFirst(7).first]) : []
        guard digits.count == 8, digits.allSatisfy(\.isASCIIDigit), text.count == 8 || separators == ["-"] || separators == ["/"],
            let date = CalendarDate("\(digits.prefix(4))-\(digits.dropFirst(4).prefix(2))-\(digits.suffix(2))")
        else { return nil }
        return slashed ? String(date.description.map { $0 == "-" ? "/" : $0 }) : digits
    }

    /// A Japanese phone number as couriers print it: ASCII digits with the hyphens it was written with
    /// (parentheses around an area code read as hyphens, spaces dropped, `+81` as the leading 0); a mobile, IP or
    /// free-dial number written without hyphens gets them (090-1234-5678, 050-1234-5678, 0120-123-456), any other
    /// stays digits only, which couriers accept. Nil unless it has 10 or 11 digits starting with 0.
    package static func phoneNumber(_ text: String) -> String? {
        var ascii = asciiDigitsAndHyphens(text)
        return ascii.withUTF8 { utf8 in
            var out = [UInt8](repeating: 0, count: utf8.count + 2)
            let count = out.withUnsafeMutableBufferPointer { phoneNumber(ascii: UnsafeRawBufferPointer(utf8), to: $0.baseAddress!) }
            return count.map { String(decoding: out.prefix($0), as: UTF8.self) }
        }
    }

    /// `phoneNumber` on the UTF-8 of a value, written at `destination` (room for `ascii.count + 2` bytes): its
    /// length, or nil when the value is not a phone number written in ASCII (full-width digits go through the
    /// `String` form).
    package static func phoneNumber(ascii: UnsafeRawBufferPointer, to destination: UnsafeMutablePointer<UInt8>) -> Int? {
        let hyphen = UInt8(ascii: "-")
        // Already as printed: digits from 0 in groups joined by single hyphens, 10 or 11 digits.
        var digitCount = 0
        var previous = hyphen
        var hyphens = 0
        var printed = ascii.first == UInt8(ascii: "0")
        for byte in ascii where printed {
            if byte == hyphen {
                printed = previous != hyphen
                hyphens += 1
            } else {
                printed = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
                digitCount += 1
            }
            previous = byte
        }
        if printed, previous != hyphen, hyphens > 0, (10...11).contains(digitCount) {
            UnsafeMutableRawPointer(destination).copyMemory(from: ascii.baseAddress!, byteCount: ascii.count)
            return ascii.count
        }
        var characters: [UInt8] = []
        characters.reserveCapacity(ascii.count)
        for byte in ascii {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"): characters.append(byte)
            case hyphen, UInt8(ascii: "("), UInt8(ascii: ")"): characters.append(hyphen)
            case UInt8(ascii: " "): continue
            default: return nil
            }
        }
        if characters.first == UInt8(ascii: "+") {
            guard characters.starts(with: Array("+81".utf8)) else { return nil }
            characters = [UInt8(ascii: "0")] + characters.dropFirst(3).drop { $0 == hyphen }
        }
        let groups = characters.split(separator: hyphen)
        let digits = groups.joined()
        guard (10...11).contains(digits.count), digits.first == UInt8(ascii: "0"), !digits.contains(UInt8(ascii: "+"))
        else { return nil }
        var out: [UInt8] = []
        func append(_ lengths: [Int]) {
            var rest = Array(digits)[...]
            for (index, length) in lengths.enumerated() {
                if index > 0 { out.append(hyphen) }
                out.append(contentsOf: rest.prefix(length))
                rest = rest.dropFirst(length)
            }
        }
        let prefix = String(decoding: digits.prefix(4), as: UTF8.self)
        if groups.count > 1 {
            append(groups.map(\.count))
        } else if digits.count == 11, ["070", "080", "090", "050", "060"].contains(String(prefix.prefix(3))) {
            append([3, 4, 4])
        } else if digits.count == 10, prefix == "0120" || prefix == "0570" {
            append([4, 3, 3])
        } else {
            out.append(contentsOf: digits)
        }
        out.withUnsafeBufferPointer { destination.update(from: $0.baseAddress!, count: $0.count) }
        return out.count
    }

    // MARK: - Addresses

    /// `parts` (prefecture, city, street…) joined and split over address lines of the `limits` given, never
    /// inside a number (`6-25-14`, `1504`) or a word of Latin letters, preferring to break at a space (which the
    /// break then drops); nil when it does not fit. Lines past what the address needs are empty.
    package static func splitAddress(_ parts: [String], limits: [ImportProfile.Limit]) -> [String]? {
        let address = parts.joined()
        // Most addresses fit the first line whole.
        if let first = limits.first, fits(address, first) {
            return [address] + Array(repeating: "", count: limits.count - 1)
        }
        let atoms = addressAtoms(address)
        return split(atoms, limits: limits, preferSpaces: true) ?? split(atoms, limits: limits, preferSpaces: false)
    }

    /// The address in pieces a line may not break: a run of digits, Latin letters and the hyphens and dots
    /// between them; a space; or any other single character.
    private static func addressAtoms(_ text: String) -> [String] {
        var atoms: [String] = []
        var run = ""
        func isRunCharacter(_ c: Character) -> Bool {
            c.isASCIIDigit || (c.isASCII && c.isLetter) || ("０"..."９").contains(c) || ("Ａ"..."ｚ").contains(c) && c.isLetter
        }
        let characters = Array(text)
        for (index, c) in characters.enumerated() {
            let joinsRun =
                isRunCharacter(c)
                || ("-－‐−.".contains(c) && !run.isEmpty && index + 1 < characters.count && isRunCharacter(characters[index + 1]))
            if joinsRun {
                run.append(c)
                continue
            }
            if !run.isEmpty {
                atoms.append(run)
                run = ""
            }
            atoms.append(String(c))
        }
        if !run.isEmpty { atoms.append(run) }
        return atoms
    }

    private static func isSpace(_ atom: String) -> Bool { atom == " " || atom == "\u{3000}" }

    private static func split(_ atoms: [String], limits: [ImportProfile.Limit], preferSpaces: Bool) -> [String]? {
        var lines: [String] = []
        var rest = atoms[...]
        for (index, limit) in limits.enumerated() {
            while let first = rest.first, isSpace(first) { rest.removeFirst() }
            let isLast = index == limits.count - 1
            var taken = 0
            var line = ""
            var lastSpace: Int?
            for atom in rest {
                guard fits(line + atom, limit) else { break }
                if isSpace(atom) { lastSpace = taken }
                line += atom
                taken += 1
            }
            if taken < rest.count, !isLast, preferSpaces, let space = lastSpace, space > 0 {
                taken = space
            }
            var text = rest.prefix(taken).joined()
            while let last = text.last, last == " " || last == "\u{3000}" { text.removeLast() }
            lines.append(text)
            rest = rest.dropFirst(taken)
        }
        while let first = rest.first, isSpace(first) { rest.removeFirst() }
        return rest.isEmpty ? lines : nil
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
