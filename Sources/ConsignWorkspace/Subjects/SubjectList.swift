import ConsignCore
import Foundation

/// A file of subject ids, one per line (stop-use requests received together, the subjects of a transfer
/// recorded by hand), read into the standard form every path hashes (`SubjectKey`).
public enum SubjectList {
    /// One subject id of the file: its standard form, as written, and where.
    public struct Entry: Sendable {
        public var key: String
        public var written: String
        public var file: String
        public var line: Int
    }

    /// The subject ids of the file, one per line, in their standard form (`SubjectKey`), with the line each
    /// is on; blank lines are skipped. Every line that is not a key is an error naming it.
    public static func read(_ url: URL, name: String) throws(InputError) -> [Entry] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw InputError(
                SubjectText.listFile(FileManager.default.fileExists(atPath: url.path) ? .unreadable : .missing).text(),
                file: name)
        }
        let bytes = [UInt8](data)
        guard bytes.withUnsafeBytes(isValidUTF8) else {
            throw InputError(SubjectText.listFile(.notUTF8).text(), file: name)
        }
        var keys: [Entry] = []
        var problems: [Diagnostic] = []
        // By bytes: a CR LF is one Character, and would not split as "\n".
        for (index, line) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let text = String(decoding: line, as: UTF8.self)
            guard !text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace || $0 == "\u{FEFF}" }) else { continue }
            do {
                let key = try standard(text, file: name, line: index + 1)
                let written = text.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{FEFF}")))
                keys.append(Entry(key: key, written: written, file: name, line: index + 1))
            } catch {
                problems += error.diagnostics
            }
        }
        if !problems.isEmpty { throw InputError(problems) }
        if keys.isEmpty { throw InputError(SubjectText.listFile(.empty).text(), file: name) }
        return keys
    }

    /// A subject key as given, in its standard form, or the input error that says why it is none.
    static func standard(_ text: String, file: String? = nil, line: Int = 0) throws(InputError) -> String {
        switch SubjectKey.standard(text) {
        case .success(let key): return key
        case .failure(let problem):
            let said = "\(problem)"
            throw InputError(file == nil ? SubjectText.givenKey(problem: said).text() : said, file: file, line: line)
        }
    }
}
