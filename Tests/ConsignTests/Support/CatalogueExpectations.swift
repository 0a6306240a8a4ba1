import ConsignCore
import Testing

/// An entry of the message catalogue says something in both languages: English in ASCII (with the few signs
/// the catalogue's English uses: an ellipsis, an arrow, × and ±), Japanese in kana or kanji.
func expectEnglishAndJapanese(_ entry: any CatalogueEntry, sourceLocation: SourceLocation = #_sourceLocation) {
    let english = entry.text(.en), japanese = entry.text(.ja)
    #expect(
        !english.isEmpty && english.unicodeScalars.allSatisfy { $0.isASCII || "…→×±".unicodeScalars.contains($0) },
        "\(english)", sourceLocation: sourceLocation)
    #expect(
        japanese.unicodeScalars.contains { (0x3040...0x30FF).contains($0.value) || (0x4E00...0x9FFF).contains($0.value) },
        "\(japanese)", sourceLocation: sourceLocation)
}
