extension ImportProfile {
    /// The profile's columns as `consign import-profile show` lists them, tab-separated, numbered as the file
    /// holds them; for ゆうプリR also the filter its user registers.
    package func listing() -> String {
        var lines = ["\(name)\t\(title)", ImportProfileText.encodings(encodings).text()]
        if name == ImportProfile.japanPostYupri.name { lines.append(ImportProfileText.yupriFilter.text()) }
        lines += ["", ImportProfileText.columnsHeading.text()]
        for (index, column) in columns.enumerated() {
            lines.append(
                [
                    "\(index + 1)", column.header, Self.filling(column.content),
                    column.required ? ImportProfileText.required.text() : "",
                    column.limit.map { CourierText.describe($0.described) } ?? "",
                    ImportProfileText.characters(column.characters).text(), ImportProfileText.format(column.format).text(),
                ].joined(separator: "\t"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The profile for scripts (`--format json`): the same columns, with codes instead of sentences.
    package struct Listing: Encodable, Sendable {
        var name: String
        var title: String
        var encodings: [String]
        var columns: [ColumnListing]
    }

    package struct ColumnListing: Encodable, Sendable {
        var number: Int
        var header: String
        /// `input:phone`, `address-line:1`, `sender:name`, `account:customer-code`, `shipping-date`,
        /// `barcode:address-number`, `fixed:0` or `free`.
        var filledFrom: String
        var required: Bool
        var limitBytes: Int?
        var limitCharacters: Int?
        var characters: String
        var format: String
    }

    package var listingForScripts: Listing {
        Listing(
            name: name, title: title, encodings: encodings.map(\.rawValue),
            columns: columns.enumerated().map { index, column in
                var limitBytes: Int?
                var limitCharacters: Int?
                switch column.limit {
                case .bytes(let n)?: limitBytes = n
                case .characters(let n)?: limitCharacters = n
                case nil: break
                }
                return ColumnListing(
                    number: index + 1, header: column.header, filledFrom: Self.code(column.content), required: column.required,
                    limitBytes: limitBytes, limitCharacters: limitCharacters, characters: Self.code(column.characters),
                    format: Self.code(column.format))
            })
    }

    private static func filling(_ content: Content) -> String {
        switch content {
        case .input(let input):
            ImportProfileText.filledFromPlan(forms: input.standardForms.map(\.description).joined(separator: " ")).text()
        case .addressLine(let line): ImportProfileText.filledFromAddressLine(line).text()
        case .sender(let part): ImportProfileText.filledFromSender(part).text()
        case .account(let part): ImportProfileText.filledFromAccount(part).text()
        case .shippingDate: ImportProfileText.filledFromDate.text()
        case .barcode(.addressNumber): ImportProfileText.addressNumber.text()
        case .barcode(.characters): ImportProfileText.barcodeCharacters.text()
        case .fixed(let value): ImportProfileText.fixed(value).text()
        case .free: ImportProfileText.free.text()
        }
    }

    private static func code(_ content: Content) -> String {
        switch content {
        case .input(let input): "input:\(input.rawValue)"
        case .addressLine(let line): "address-line:\(line + 1)"
        case .sender(.name): "sender:name"
        case .sender(.postalCode): "sender:postal-code"
        case .sender(.phone): "sender:phone"
        case .sender(.addressLine(let line)): "sender:address-line:\(line + 1)"
        case .account(.customerCode): "account:customer-code"
        case .account(.fareNumber): "account:fare-number"
        case .shippingDate: "shipping-date"
        case .barcode(.addressNumber): "barcode:address-number"
        case .barcode(.characters): "barcode:characters"
        case .fixed(let value): "fixed:\(value)"
        case .free: "free"
        }
    }

    private static func code(_ characters: Characters) -> String {
        switch characters {
        case .jisLevels: "jis-levels"
        case .halfWidthKana: "half-width-kana"
        case .alphanumeric: "alphanumeric"
        case .digits: "digits"
        case .ascii: "ascii"
        }
    }

    private static func code(_ format: Format) -> String {
        switch format {
        case .asIs: "as-is"
        case .postalCode: "postal-code"
        case .phone: "phone"
        case .slashedDate: "yyyy/mm/dd"
        case .compactDate: "yyyymmdd"
        case .reference: "reference"
        }
    }
}
