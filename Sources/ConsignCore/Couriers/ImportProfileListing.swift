extension ImportProfile {
    /// The profile's columns as `consign import-profile show` lists them, tab-separated, numbered as the file
    /// holds them; for ゆうプリR also the filter its user registers.
    package func listing() -> String {
        var lines = ["\(name)\t\(title)", ImportProfileText.encodings(encodings).text()]
        if name == ImportProfile.japanPostYupri.name { lines.append(ImportProfileText.yupriFilter.text()) }
        lines += ["", ImportProfileText.columnsHeading.text()]
        for (index, column) in columns.enumerated() {
            let limit = column.limit.map { CourierText.describe($0.described) }
            lines.append(
                [
                    "\(index + 1)", column.header, filling(column.content),
                    column.required ? ImportProfileText.required.text() : "", limit ?? "",
                    ImportProfileText.characters(column.characters).text(), ImportProfileText.format(column.format).text(),
                ].joined(separator: "\t"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func filling(_ content: Content) -> String {
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
}
