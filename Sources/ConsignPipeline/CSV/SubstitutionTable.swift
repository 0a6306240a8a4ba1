import ConsignCore

/// A job's character substitutions (`--substitute FILE`), such as 𠮷 → 吉 for a courier that takes JIS
/// level 1 and 2 only. The file is UTF-8 text, one substitution a line: what to replace (one character or
/// more), a space or tab, and what to write instead; `#` starts a comment. Each value sent is searched from
/// left to right, the longest match first, and every value changed is counted per line, because a changed
/// name is a changed record: the transfer records the counts and the manifest shows them.
public struct SubstitutionTable: Sendable {
    public struct Substitution: Sendable {
        public var from: String
        public var to: String
        let fromBytes: [UInt8]
        let toBytes: [UInt8]
    }

    /// In the file's order.
    public let substitutions: [Substitution]
    /// Per first byte, the substitutions starting with it, longest first.
    private let byFirstByte: [[Int]]

    /// Reads the table in `bytes` (named `file` in errors); every replacement must be writable in `encoding`.
    public init(_ bytes: [UInt8], file: String, encoding: CSVEncoding) throws(InputError) {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw InputError(EncodingText.substitutionNotUTF8.text(), file: file)
        }
        var substitutions: [Substitution] = []
        var lineOf: [String: Int] = [:]
        var problems: [Diagnostic] = []
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\u{3000}" }
        let lines = text.drop { $0 == "\u{FEFF}" }.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (index, raw) in lines.enumerated() {
            let line = index + 1
            let parts = raw.prefix { $0 != "#" }.split(whereSeparator: isSpace)
            guard !parts.isEmpty else { continue }
            guard parts.count == 2 else {
                problems.append(.error(EncodingText.substitutionShape(String(raw)).text(), file: file, line: line))
                continue
            }
            let (from, to) = (String(parts[0]), String(parts[1]))
            if let first = lineOf[from] {
                problems.append(.error(EncodingText.substitutionRepeated(from, firstLine: first).text(), file: file, line: line))
            } else if from == to {
                problems.append(.error(EncodingText.substitutionChangesNothing(from).text(), file: file, line: line))
            } else if let character = encoding.unencodable(in: to) {
                problems.append(
                    .error(
                        EncodingText.substitutionCannotEncode(replacement: to, character: character, encoding).text(),
                        file: file, line: line))
            }
            lineOf[from] = lineOf[from] ?? line
            substitutions.append(Substitution(from: from, to: to, fromBytes: Array(from.utf8), toBytes: Array(to.utf8)))
        }
        if !problems.isEmpty { throw InputError(problems) }
        self.substitutions = substitutions
        var byFirstByte = [[Int]](repeating: [], count: 256)
        for index in substitutions.indices.sorted(by: { substitutions[$0].fromBytes.count > substitutions[$1].fromBytes.count }) {
            byFirstByte[Int(substitutions[index].fromBytes[0])].append(index)
        }
        self.byFirstByte = byFirstByte
    }

    /// Writes `value` with its substitutions made into `out` and adds 1 to `counts` for each substitution
    /// used; false (and `out` untouched) when none applies.
    @inline(__always)
    func apply(_ value: UnsafeRawBufferPointer, into out: inout [UInt8], counts: inout [Int]) -> Bool {
        guard value.contains(where: { !byFirstByte[Int($0)].isEmpty }) else { return false }
        var used: [Int] = []
        var written: [UInt8] = []
        var index = 0
        var runStart = 0
        scanning: while index < value.count {
            for candidate in byFirstByte[Int(value[index])] {
                let from = substitutions[candidate].fromBytes
                guard index + from.count <= value.count,
                    from.withUnsafeBytes({ $0.elementsEqual(value[index..<index + from.count]) })
                else { continue }
                written.append(contentsOf: value[runStart..<index])
                written.append(contentsOf: substitutions[candidate].toBytes)
                if !used.contains(candidate) { used.append(candidate) }
                index += from.count
                runStart = index
                continue scanning
            }
            index += 1
        }
        guard !used.isEmpty else { return false }
        written.append(contentsOf: value[runStart...])
        out = written
        for candidate in used { counts[candidate] += 1 }
        return true
    }
}
