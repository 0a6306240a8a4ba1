/// An entry of the message catalogue: a sentence a person reads, written in every language consign speaks.
///
/// The catalogue is this folder. Each area keeps its sentences in one enum here (the register's guarantees
/// in `Message`, the planner's in `PlanText`, …), English and Japanese side by side, case by case, so that a
/// sentence is the same wherever it is said, a new one cannot be added in one language only, and a test can
/// check that no sentence is written anywhere else. Ids, codes, field names and file names are not
/// translated: they are the same words in every language.
public protocol CatalogueEntry: Sendable, CustomStringConvertible {
    var english: String { get }
    var japanese: String { get }
}

extension CatalogueEntry {
    /// The sentence in the language given, by default the one the user chose (`Language.current`).
    public func text(_ language: Language = .current) -> String {
        switch language {
        case .en: english
        case .ja: japanese
        }
    }

    public var description: String { text() }
}

/// A sentence that takes no values (a heading, a help text), given in both languages where it is declared:
/// `static let` entries of an area's enum in this folder.
public struct Sentence: CatalogueEntry {
    public let english: String
    public let japanese: String

    public init(_ english: String, _ japanese: String) {
        self.english = english
        self.japanese = japanese
    }
}
