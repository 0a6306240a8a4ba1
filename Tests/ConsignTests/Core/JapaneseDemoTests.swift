import Foundation
import Testing

/// consign speaks Japanese: the whole demo, from procurement's registrations and evaluations to staff's plan
/// and extracts and the privacy office's stop-use, says no English sentence under `--lang ja`. What stays as it is in every language is told apart: ids,
/// codes, field names, file names, command lines, and the text of the workspace's own documents (a task's
/// title, a contractor's legal name), which are the company's words, not consign's.
@Suite struct JapaneseDemoTests {
    @Test func theDemoInJapaneseSaysNoEnglishSentence() throws {
        let directory = try temporaryDirectory("consign-demo-ja")
        defer { try? FileManager.default.removeItem(at: directory) }
        let demo = try consign(["demo", "--lang", "ja"], in: directory)
        #expect(demo.status == 0, "\(demo.stderr)")
        let documents = try Self.documentTexts(in: directory.appending(path: "consign-demo"))
        let english = Self.englishSentences(in: demo.stdout + demo.stderr, besides: documents)
        if !english.isEmpty {
            Issue.record("\(english.count) lines of the Japanese demo say English:\n\(english.joined(separator: "\n"))")
        }
        #expect(demo.stdout.contains("委託先"), "\(demo.stdout.prefix(2000))")
    }

    @Test func theCheckFindsAnEnglishSentenceButNotIdsCommandsOrDocumentText() {
        let output = """
            計画：業務 prize-shipping（Shipping of prizes by courier）、委託先 hayate-transport
            consign contractor evaluate --kind selection で記録します
              consign ledger verify --anchor "$(consign ledger head)" --packages extracts
            the contractor is suspended
            """
        #expect(Self.englishSentences(in: output, besides: ["Shipping of prizes by courier"]) == ["the contractor is suspended"])
    }

    /// The lines of `output` that still hold two English words once the documents' text and command lines are
    /// taken out.
    static func englishSentences(in output: String, besides documents: Set<String>) -> [String] {
        let words = try! Regex(#"[A-Za-z][a-z]+ +[a-z]{2,}"#)
        let command = try! Regex(#"consign( +[-a-zA-Z0-9._/=$()"]+)+"#)
        let longestFirst = documents.filter { $0.count > 3 }.sorted { $0.count > $1.count }
        return output.split(separator: "\n").map(String.init).filter { line in
            var rest = line
            for text in longestFirst where rest.contains(text) { rest = rest.replacingOccurrences(of: text, with: " ") }
            return rest.replacing(command, with: " ").contains(words)
        }
    }

    /// Every text and attribute value of the workspace's documents (the company's own words).
    static func documentTexts(in workspace: URL) throws -> Set<String> {
        var texts: Set<String> = []
        let value = try! Regex(#">([^<]+)<|"([^"]+)""#)
        let files = ["agreements", "templates"].flatMap { folder in
            FileManager.default.enumerator(at: workspace.appending(path: folder), includingPropertiesForKeys: nil)!
                .compactMap { $0 as? URL }.filter { $0.pathExtension == "xml" }
        }
        for file in files {
            let xml = try String(contentsOf: file, encoding: .utf8)
            for match in xml.matches(of: value) {
                let text = match.output[1].substring ?? match.output[2].substring ?? ""
                let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
                if !trimmed.isEmpty { texts.insert(trimmed.split(whereSeparator: \.isWhitespace).joined(separator: " ")) }
            }
        }
        return texts
    }
}
