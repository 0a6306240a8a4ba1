import Foundation
import Testing

/// Every sentence a person reads comes from the message catalogue (`Sources/ConsignCore/Messages/`), so
/// that it exists in English and Japanese: this scan of the sources fails on any string literal elsewhere
/// that holds words of a sentence (two words, the second lowercase). What is not a sentence for people is
/// told apart by its form: SQL, the message of a precondition (a programmer's error, never a user's), and
/// the few literals below, each with its reason.
@Suite struct CatalogueScanTests {
    /// Literals that look like words but are read by programs, not people.
    static let notSentences: [(file: String, literal: String, why: String)] = [
        ("ConsignSQLite/SQLiteRegisterStore.swift", "no such table", "SQLite's own error text, matched"),
        ("ConsignPipeline/Sample/SampleCustomers.swift", #"Prefers \"express\" delivery, weekends only"#,
         "generated customer data (a note with quotes and a comma), the same in every language"),
        ("ConsignPipeline/Sample/SampleCustomers.swift", "+81 is the country code; call after 18:00",
         "generated customer data (a note that starts like a formula), the same in every language"),
        ("ConsignDelivery/Age/AgeKeys.swift", #"# created: {}\n# public key: {}\n{}\n"#,
         "the comment lines of an age identity file, as age-keygen writes them (read by age's tools)"),
    ]

    @Test func noSentenceIsWrittenOutsideTheCatalogue() throws {
        let sources = repositoryRoot.appending(path: "Sources")
        var found: [String] = []
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        for file in files {
            let relative = String(file.path.dropFirst(sources.path.count + 1))
            if relative.hasPrefix("ConsignCore/Messages/") || relative.hasPrefix("consign-embed/") { continue }
            for literal in SwiftLiterals.scan(try String(contentsOf: file, encoding: .utf8))
            where Self.isSentence(literal.text) && !literal.isProgrammerError {
                if Self.notSentences.contains(where: { relative == $0.file && literal.text == $0.literal }) { continue }
                found.append("Sources/\(relative):\(literal.line): \"\(literal.text.prefix(90))\"")
            }
        }
        if !found.isEmpty {
            Issue.record(
                """
                \(found.count) sentences are written outside the message catalogue; move each into \
                Sources/ConsignCore/Messages/, in English and Japanese:
                \(found.sorted().joined(separator: "\n"))
                """)
        }
    }

    @Test func theScanFindsASentenceAndPassesSQLAndPreconditions() {
        let source = #"""
            let a = "ids only"  // a comment with words in it
            /* a block comment */ let b = "x"
            print("the contractor \(id) is suspended")
            precondition(ok, "the caller sorts them")
            let sql = "SELECT kind FROM event WHERE sequence > ?"
            let xml = "<manifest transfer=\"\(id)\" version=\"1\">"
            let t = """
                a sentence
                on two lines
                """
            """#
        let sentences = SwiftLiterals.scan(source).filter { Self.isSentence($0.text) && !$0.isProgrammerError }
        #expect(sentences.map(\.line) == [1, 3, 7])
    }

    /// Words of a sentence, once SQL and markup are set aside: the tags of XML and HTML are read by programs
    /// (their comments and text are read by people, and stay).
    static func isSentence(_ text: String) -> Bool {
        let words = try! Regex(#"[A-Za-z][a-z]+ +[a-z]{2,}"#)
        let sql = try! Regex(#"\b(SELECT|CREATE|INSERT|PRAGMA|UPDATE|DELETE|DROP)\b"#)
        let tag = try! Regex(#"<[^!>][^>]*>?"#)
        return !text.contains(sql) && text.replacing(tag, with: " ").contains(words)
    }
}

/// The string literals of a Swift source, with comments skipped and interpolations left out.
enum SwiftLiterals {
    struct Literal {
        var line: Int
        /// The literal's text, each interpolation replaced by `{}`.
        var text: String
        /// Whether it is the message of a precondition, an assertion or a fatal error.
        var isProgrammerError: Bool
    }

    static func scan(_ source: String) -> [Literal] {
        let s = Array(source.unicodeScalars)
        var literals: [Literal] = []
        var i = 0, line = 1
        var lineStart = 0
        func starts(_ text: String, at index: Int) -> Bool {
            let t = Array(text.unicodeScalars)
            return index + t.count <= s.count && Array(s[index..<index + t.count]) == t
        }
        while i < s.count {
            if starts("//", at: i) {
                while i < s.count, s[i] != "\n" { i += 1 }
                continue
            }
            if starts("/*", at: i) {
                i += 2
                while i < s.count, !starts("*/", at: i) {
                    if s[i] == "\n" { line += 1; lineStart = i + 1 }
                    i += 1
                }
                i += 2
                continue
            }
            if s[i] == "\n" {
                line += 1
                i += 1
                lineStart = i
                continue
            }
            // A raw string (#"…"#) reads no escapes; its interpolations are \#(…).
            var hashes = 0
            while i + hashes < s.count, s[i + hashes] == "#" { hashes += 1 }
            guard i + hashes < s.count, s[i + hashes] == "\"" else {
                i += max(hashes, 1)
                continue
            }
            let before = String(String.UnicodeScalarView(s[lineStart..<i]))
            let programmerError = ["precondition", "preconditionFailure", "fatalError", "assert", "assertionFailure"]
                .contains { before.contains($0 + "(") }
            i += hashes
            let multiline = starts("\"\"\"", at: i)
            let quote = multiline ? "\"\"\"" : "\""
            let close = quote + String(repeating: "#", count: hashes)
            let escape = "\\" + String(repeating: "#", count: hashes)
            i += quote.unicodeScalars.count
            let startLine = line
            var text = String.UnicodeScalarView()
            while i < s.count, !starts(close, at: i) {
                if starts(escape + "(", at: i) {
                    i += escape.unicodeScalars.count + 1
                    var depth = 1
                    while i < s.count, depth > 0 {
                        if s[i] == "(" { depth += 1 } else if s[i] == ")" { depth -= 1 } else if s[i] == "\n" { line += 1 }
                        i += 1
                    }
                    text.append(contentsOf: "{}".unicodeScalars)
                    continue
                }
                if hashes == 0, s[i] == "\\", i + 1 < s.count {
                    text.append(s[i])
                    text.append(s[i + 1])
                    i += 2
                    continue
                }
                if s[i] == "\n" {
                    line += 1
                    lineStart = i + 1
                }
                text.append(s[i])
                i += 1
            }
            i += close.unicodeScalars.count
            literals.append(Literal(line: startLine, text: String(text), isProgrammerError: programmerError))
        }
        return literals
    }
}
