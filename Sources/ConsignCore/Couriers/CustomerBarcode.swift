/// Japan Post's customer barcode (カスタマバーコード), which mailing houses print on bulk mail for a discount:
/// the 7-digit postcode, the address number (住所表示番号) taken from the address as the 郵便番号・バーコード
/// マニュアル (pp. 17–19, 25) says, padded to 13 bar characters with CC4, and a check digit.
package enum CustomerBarcode {
    /// The address number of an address, before it is cut to 13 bar characters: letters in upper case and half
    /// width, `&`, `/`, `・` and `.` removed, kanji numerals before 丁目, 丁, 番地, 番, 号, 地割, 線, の or ノ read as
    /// digits, then the digits, the hyphens and every letter standing alone kept, anything else (kanji, kana,
    /// blanks, two or more letters together) read as one hyphen, a floor's F after its number dropped, hyphens
    /// next to a letter dropped, and none at either end.
    package static func addressNumber(_ address: String) -> String {
        // 1 and 2: half width, upper case, the four marks removed.
        var characters: [Character] = []
        for scalar in address.unicodeScalars {
            var value = scalar.value
            if (0xFF01...0xFF5E).contains(value) { value -= 0xFEE0 }
            if value == 0x2010 || value == 0x2011 || value == 0x2012 || value == 0x2013 || value == 0x2212 { value = 0x2D }
            let character = Character(Unicode.Scalar(value)!)
            if "&/・.".contains(character) { continue }
            characters.append(character.isASCII && character.isLetter ? Character(character.uppercased()) : character)
        }
        characters = kanjiNumeralsAsDigits(characters)
        // 3 and 4: what is kept, and a hyphen for each run of anything else.
        var kept: [Character] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isASCII && (character.isNumber || character == "-") {
                kept.append(character)
                index += 1
                continue
            }
            if character.isASCII && character.isLetter {
                var end = index
                while end < characters.count, characters[end].isASCII, characters[end].isLetter { end += 1 }
                if end - index == 1 {
                    // A floor: F after its number is dropped at the end and read as a hyphen before more.
                    if character == "F", let previous = kept.last, previous.isNumber {
                        kept.append("-")
                    } else {
                        kept.append(character)
                    }
                } else {
                    kept.append("-")
                }
                index = end
                continue
            }
            kept.append("-")
            index += 1
        }
        // 5 and 6: one hyphen for many, none beside a letter, none at either end.
        var collapsed: [Character] = []
        for character in kept where !(character == "-" && collapsed.last == "-") { collapsed.append(character) }
        var number: [Character] = []
        for (position, character) in collapsed.enumerated() {
            if character == "-",
                (position > 0 && collapsed[position - 1].isLetter)
                    || (position + 1 < collapsed.count && collapsed[position + 1].isLetter)
            {
                continue
            }
            number.append(character)
        }
        while number.first == "-" { number.removeFirst() }
        while number.last == "-" { number.removeLast() }
        return String(number)
    }

    /// The 13 bar characters of an address number: each digit and hyphen one, each letter two (CC1–CC3 and a
    /// digit), cut at 13 and padded with CC4. Values for the check digit: 0–9, hyphen 10, CC1–CC8 11–18.
    package static func barValues(_ addressNumber: String) -> [Int] {
        var values: [Int] = []
        for character in addressNumber {
            if let digit = character.wholeNumberValue {
                values.append(digit)
            } else if character == "-" {
                values.append(10)
            } else if let ascii = character.asciiValue, (65...90).contains(ascii) {
                let offset = Int(ascii) - 65
                values += [11 + offset / 10, offset % 10]
            }
        }
        values = Array(values.prefix(13))
        return values + Array(repeating: 14, count: 13 - values.count)
    }

    /// The check digit's value (0–18) of a postcode (7 digits) and an address number: what makes the sum of
    /// every value a multiple of 19.
    package static func checkDigit(postalCode: String, addressNumber: String) -> Int {
        checkDigit(postalCode: postalCode, bars: barValues(addressNumber))
    }

    private static func checkDigit(postalCode: String, bars: [Int]) -> Int {
        let sum = postalCode.compactMap(\.wholeNumberValue).reduce(0, +) + bars.reduce(0, +)
        return (19 - sum % 19) % 19
    }

    /// The barcode's characters as Japan Post's tables name them: the postcode's 7 digits, the 13 bar characters
    /// of the address number and the check digit.
    package static func characters(postalCode: String, addressNumber: String) -> String {
        let bars = barValues(addressNumber)
        return postalCode + (bars + [checkDigit(postalCode: postalCode, bars: bars)]).map(name).joined()
    }

    /// A bar value as Japan Post's tables write it: 0–9, `-`, or CC1–CC8.
    package static func name(_ value: Int) -> String {
        switch value {
        case 0...9: String(value)
        case 10: "-"
        default: "CC\(value - 10)"
        }
    }

    /// Kanji numerals directly before 丁目, 丁, 番地, 番, 号, 地割, 線, の or ノ as Arabic digits (十一丁目 → 11丁目).
    private static func kanjiNumeralsAsDigits(_ characters: [Character]) -> [Character] {
        let digits: [Character: Int] = ["〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]
        let units: [Character: Int] = ["十": 10, "百": 100, "千": 1000]
        let markers: [[Character]] = ["丁目", "丁", "番地", "番", "号", "地割", "線", "の", "ノ"].map(Array.init)
        var out: [Character] = []
        var index = 0
        while index < characters.count {
            var end = index
            while end < characters.count, digits[characters[end]] != nil || units[characters[end]] != nil { end += 1 }
            guard end > index else {
                out.append(characters[index])
                index += 1
                continue
            }
            let before = markers.contains { marker in
                end + marker.count <= characters.count && Array(characters[end..<end + marker.count]) == marker
            }
            if before {
                var total = 0
                var current = 0
                for character in characters[index..<end] {
                    if let digit = digits[character] {
                        current = current * 10 + digit
                    } else if let unit = units[character] {
                        total += max(current, 1) * unit
                        current = 0
                    }
                }
                out += Array(String(total + current))
            } else {
                out += characters[index..<end]
            }
            index = end
        }
        return out
    }
}
