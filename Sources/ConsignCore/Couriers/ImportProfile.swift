/// A courier's or mailing house's import layout, which a task template may name (`<import-profile>`): the
/// columns of the file the recipient's own system imports, in its order, with its header, what fills each
/// column, its limits and the characters it accepts, and the encodings it reads. The plan still decides
/// which fields are sent: the columns the courier requires become needs of the task, with the courier's
/// reason, and a column fed by a field the plan does not send stays empty.
package struct ImportProfile: Sendable {
    /// `yamato-b2`, as a task names it.
    package var name: String
    /// The system's name as its users know it (`ヤマト運輸 B2クラウド`).
    package var title: String
    /// The encodings the system imports, the default first.
    package var encodings: [CSVEncoding]
    /// In the published layout's order (the tests' fixture cites its source).
    package var columns: [Column]

    /// The data a column is filled from.
    package enum Content: Sendable, Equatable {
        /// A field of the plan, through its input (empty when the plan does not send it).
        case input(Input)
        /// Line `n` (from 0) of the delivery address split at the columns' limits.
        case addressLine(Int)
        /// The company as the sender (the catalog's `<sender>`).
        case sender(SenderPart)
        /// The company's account with the courier (the catalog's `<courier-account>`).
        case account(AccountPart)
        /// The extract's date, in the courier's format.
        case shippingDate
        /// Japan Post's customer barcode of the delivery address (`CustomerBarcode`).
        case barcode(BarcodePart)
        /// A value the profile writes in every row (`0`: 発払い), which the task may change (`<value>`).
        case fixed(String)
        /// Left empty unless the task gives a value (`<value column="品名１">`).
        case free
    }

    /// What the plan may send a profile: each input is filled from a field form the task names (`<input>`)
    /// or from the standard one here, the example catalog's.
    package enum Input: String, Sendable, CaseIterable {
        case reference
        case name
        case nameKana = "name-kana"
        case postalCode = "postal-code"
        case address
        case phone
        case email

        /// The field forms that fill the input when the task names none (the address: its parts in order).
        package var standardForms: [FieldForm] {
            switch self {
            case .reference: [FieldForm("customer.id", .hmac)]
            case .name: [FieldForm("person.name")]
            case .nameKana: [FieldForm("person.name_kana")]
            case .postalCode: [FieldForm("address.postal_code")]
            case .address:
                [FieldForm("address.prefecture"), FieldForm("address.city"), FieldForm("address.street")]
            case .phone: [FieldForm("contact.phone")]
            case .email: [FieldForm("contact.email")]
            }
        }
    }

    package enum SenderPart: Sendable, Equatable {
        case name, postalCode, phone
        case addressLine(Int)
    }

    package enum AccountPart: Sendable, Equatable { case customerCode, fareNumber }

    package enum BarcodePart: Sendable, Equatable {
        /// The address number (住所表示番号) as taken from the address.
        case addressNumber
        /// The barcode's characters: the postcode's 7 digits, the 13 bar characters and the check digit, each as
        /// Japan Post's tables name it (`0`–`9`, `-`, `CC1`–`CC8`).
        case characters
    }

    /// How long a value may be: in bytes as Shift_JIS counts them (全角 2, 半角 1), or in characters.
    package enum Limit: Sendable, Equatable {
        case bytes(Int)
        case characters(Int)

        /// The limit as messages state it.
        package var described: CourierText.Limit {
            switch self {
            case .bytes(let n): .bytes(n)
            case .characters(let n): .characters(n)
            }
        }
    }

    /// The characters a column accepts.
    package enum Characters: Sendable, Equatable {
        /// ASCII and JIS X 0208 (rows 1–8 and 16–84: JIS level 1 and 2 kanji only).
        case jisLevels
        /// ASCII and half-width katakana (full-width katakana is written half-width).
        case halfWidthKana
        /// ASCII letters and digits.
        case alphanumeric
        /// ASCII digits (and, for a phone number or a postcode, its hyphens).
        case digits
        /// ASCII printable characters.
        case ascii
    }

    /// How a value is written.
    package enum Format: Sendable, Equatable {
        case asIs
        /// `123-4567` from any of `1234567`, `123-4567`, `１２３－４５６７`.
        case postalCode
        /// ASCII digits with hyphens, 10 to 11 digits (a mobile number without hyphens gets them, 3-4-4).
        case phone
        /// `YYYY/MM/DD` (a task's value may be given as `YYYY-MM-DD`, `YYYY/MM/DD` or `YYYYMMDD`).
        case slashedDate
        /// `YYYYMMDD` (given as any of the same).
        case compactDate
        /// An `hmac` pseudonym longer than the column takes is written as its first hex digits, as many as the
        /// limit allows (a pseudonym, not data the courier delivers by: shortening it loses no record).
        case reference
    }

    package struct Column: Sendable {
        /// The header, exactly as the published layout spells it.
        package var header: String
        package var content: Content
        /// The courier refuses a row in which it is empty.
        package var required: Bool
        package var limit: Limit?
        package var characters: Characters
        package var format: Format

        package init(
            _ header: String, _ content: Content = .free, required: Bool = false, limit: Limit? = nil,
            characters: Characters = .jisLevels, format: Format = .asIs
        ) {
            self.header = header
            self.content = content
            self.required = required
            self.limit = limit
            self.characters = characters
            self.format = format
        }
    }

    /// Every profile consign ships, by name.
    package static let all: [String: ImportProfile] = [
        ImportProfile.yamatoB2.name: .yamatoB2, ImportProfile.sagawaEhiden.name: .sagawaEhiden,
        ImportProfile.japanPostYupri.name: .japanPostYupri, ImportProfile.mailingBarcode.name: .mailingBarcode,
    ]

    /// The inputs whose columns the courier requires: each becomes a need of the task.
    package var requiredInputs: [Input] {
        var inputs: [Input] = []
        for column in columns where column.required {
            let input: Input? =
                switch column.content {
                case .input(let input): input
                case .addressLine: .address
                default: nil
                }
            if let input, !inputs.contains(input) { inputs.append(input) }
        }
        return inputs
    }

    /// The header of the first required column an input fills (for the need's reason).
    package func requiringColumn(_ input: Input) -> String {
        columns.first { column in
            guard column.required else { return false }
            switch column.content {
            case .input(let i): return i == input
            case .addressLine: return input == .address
            default: return false
            }
        }?.header ?? input.rawValue
    }

    /// The limits of the address lines, in order.
    package var addressLimits: [Limit] {
        columns.compactMap { column in
            if case .addressLine = column.content { column.limit ?? .bytes(.max) } else { nil }
        }
    }
}
