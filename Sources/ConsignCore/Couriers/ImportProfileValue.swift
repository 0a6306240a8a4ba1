extension ImportProfile {
    /// Why a value, or a row, is not written as the courier takes it.
    package struct Unfit: Error {
        package var text: String

        package init(text: String) { self.text = text }
    }

    /// A value in the column's format, checked against its characters, its limit and whether it is required.
    package static func written(_ value: String, _ column: Column, profile: ImportProfile) -> Result<String, Unfit> {
        guard !value.isEmpty else {
            return column.required ? .failure(Unfit(text: CourierText.empty(column: column.header, profile: profile.title).text())) : .success("")
        }
        var value = value
        switch column.format {
        case .asIs:
            break
        case .postalCode:
            guard let code = LabelText.postalCode(value) else {
                return .failure(Unfit(text: CourierText.notAPostalCode(column: column.header, value: value).text()))
            }
            value = code
        case .phone:
            guard let phone = LabelText.phoneNumber(value) else {
                return .failure(Unfit(text: CourierText.notAPhoneNumber(column: column.header, value: value).text()))
            }
            value = phone
        case .slashedDate, .compactDate:
            guard let date = LabelText.date(value, slashed: column.format == .slashedDate) else {
                return .failure(Unfit(text: CourierText.notADate(column: column.header, value: value).text()))
            }
            value = date
        case .reference:
            // A pseudonym (64 hex digits) longer than the column: its first digits, as many as fit.
            if case .characters(let n) = column.limit, value.utf8.count > n, isPseudonym(value) {
                value = String(value.prefix(n))
            }
        }
        if column.characters == .halfWidthKana { value = LabelText.halfWidthKana(value) }
        if let character = value.unicodeScalars.first(where: { !accepts(column.characters, $0) }) {
            return .failure(
                Unfit(
                    text: CourierText.characterNotAccepted(column: column.header, character: character, profile: profile.title)
                        .text()))
        }
        if let limit = column.limit, !LabelText.fits(value, limit) {
            return .failure(
                Unfit(
                    text: CourierText.tooLong(
                        column: column.header, length: LabelText.length(value, limit), limit: limit.described,
                        profile: profile.title
                    ).text()))
        }
        return .success(value)
    }

    /// An `hmac` pseudonym as the extract writes it: 64 lowercase hex digits. (On bytes, not generic: the extract
    /// calls it on every row, and a generic call across modules is not specialised.)
    package static func isPseudonym(_ value: UnsafeRawBufferPointer) -> Bool {
        value.count == 64 && value.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    package static func isPseudonym(_ value: String) -> Bool {
        var value = value
        return value.withUTF8 { isPseudonym(UnsafeRawBufferPointer($0)) }
    }

    private static func accepts(_ characters: Characters, _ scalar: Unicode.Scalar) -> Bool {
        let printableASCII = scalar.value >= 0x20 && scalar.value < 0x7F
        switch characters {
        case .jisLevels:
            return printableASCII || CP932.jisX0208Row(CP932.jisCharacter(scalar)) != nil
        case .halfWidthKana:
            return printableASCII || (0xFF61...0xFF9F).contains(scalar.value)
        case .alphanumeric:
            return printableASCII && (Character(scalar).isLetter || Character(scalar).isNumber)
        case .digits:
            return (0x30...0x39).contains(scalar.value) || scalar == "-"
        case .ascii:
            return printableASCII
        }
    }
}
