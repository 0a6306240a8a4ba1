extension ImportProfile {
    /// A mailing house's file for bulk mail with Japan Post's customer barcode (カスタマバーコード), in consign's own
    /// layout, since mailing houses take any CSV they are told the columns of: the postcode, the address over three
    /// lines of 60 bytes (30 全角) without breaking a number, the addressee and 様, the address number (住所表示番号)
    /// and the barcode's characters (postcode, 13 bar characters, check digit) as Japan Post's barcode manual
    /// derives them, so that the house prints the barcode without re-deriving it. CP932 by default, or UTF-8 with a
    /// byte-order mark; JIS level 1 and 2 kanji only, as the house's fonts are sure to hold.
    package static let mailingBarcode = ImportProfile(
        name: "mailing-barcode", title: CourierText.mailingBarcodeTitle.text(), encodings: [.cp932, .utf8BOM],
        columns: [
            Column("郵便番号", .input(.postalCode), required: true, limit: .characters(8), characters: .digits, format: .postalCode),
            Column("住所1", .addressLine(0), required: true, limit: .bytes(60)),
            Column("住所2", .addressLine(1), limit: .bytes(60)),
            Column("住所3", .addressLine(2), limit: .bytes(60)),
            Column("宛名", .input(.name), required: true, limit: .bytes(60)),
            Column("敬称", .fixed("様"), limit: .bytes(4)),
            Column("住所表示番号", .barcode(.addressNumber), characters: .ascii),
            Column("バーコード", .barcode(.characters), characters: .ascii),
            Column("お客様番号", .input(.reference), limit: .characters(64), characters: .alphanumeric),
        ])
}
