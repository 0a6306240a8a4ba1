import ConsignCore
import Testing

/// The customer barcode's address number and check digit against the examples of Japan Post's
/// 郵便番号・バーコードマニュアル (p. 25), as its readers quote them.
@Suite struct CustomerBarcodeTests {
    @Test(arguments: [
        ("2630023", "千葉市稲毛区緑町3丁目30-8　郵便ビル403号", "3-30-8-403"),
        ("0140113", "秋田県大仙市堀見内　南田茂木　添60-1", "60-1"),
        ("1100016", "台東区台東5-6-3　ABCビル10F", "5-6-3-10"),
        ("0600906", "札幌市東区北六条東4丁目　郵便センター6号館", "4-6"),
        ("4070033", "山梨県韮崎市龍岡町下條南割　韮崎400", "400"),
        ("2730102", "鎌ケ谷市右京塚　東3丁目-20-5　郵便・A&bコーポB604号", "3-20-5B604"),
        ("1980036", "青梅市河辺町十一丁目六番地一号　郵便タワー601", "11-6-1-601"),
        ("0270203", "宮古市大字津軽石第二十一地割大淵川480", "21-480"),
        ("5900016", "堺市堺区中田出井町四丁六番十九号", "4-6-19"),
        ("0800831", "帯広市稲田町南七線　西28", "7-28"),
        ("3170055", "日立市宮田町6丁目7-14　ABCビル2F", "6-7-14-2"),
        ("6500046", "神戸市中央区港島中町9丁目7-6　郵便シティA棟1F1号", "9-7-6A1-1"),
        ("6230011", "綾部市青野町綾部6-7　LプラザB106", "6-7LB106"),
        ("0640804", "札幌市中央区南四条西29丁目1524-23　第2郵便ハウス501", "29-1524-23-2-501"),
        ("9100067", "福井市新田塚3丁目80-25　J1ビル2-B", "3-80-25J1-2B"),
    ])
    func theManualsExamples(_ postalCode: String, _ address: String, _ expected: String) {
        #expect(CustomerBarcode.addressNumber(address) == expected)
        let values = CustomerBarcode.barValues(expected)
        #expect(values.count == 13)
        let sum = postalCode.compactMap(\.wholeNumberValue).reduce(0, +) + values.reduce(0, +)
        #expect((sum + CustomerBarcode.checkDigit(postalCode: postalCode, addressNumber: expected)) % 19 == 0)
    }

    /// The check digits the manual prints, and an address number cut at 13 bar characters.
    @Test func checkDigitsAndTheCut() {
        #expect(CustomerBarcode.checkDigit(postalCode: "2630023", addressNumber: "3-30-8-403") == 5)
        #expect(CustomerBarcode.barValues("29-1524-23-2-501").map(CustomerBarcode.name).joined() == "29-1524-23-2-")
        #expect(CustomerBarcode.checkDigit(postalCode: "0640804", addressNumber: "29-1524-23-2-501") == 3)
        // A letter takes two bar characters: B is CC1 and 1.
        #expect(CustomerBarcode.barValues("5B604").prefix(6).map(CustomerBarcode.name) == ["5", "CC1", "1", "6", "0", "4"])
    }
}
