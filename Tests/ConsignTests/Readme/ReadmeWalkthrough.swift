import Foundation

/// The README's shell sessions, as the README test runs them (README: "How the README is tested").
///
/// Every fenced block with a line `$ consign …` (or `$ swift run consign …`) is a session: its `$ ` lines
/// are commands, and the lines after each, up to the next `$ ` line or the end of the block, are what it
/// prints (standard output and standard error together). All sessions run in README order in one shell, in
/// an empty directory, with the clock fixed (`SOURCE_DATE_EPOCH`), so `cd` and files carry over from one to
/// the next. A block preceded by `<!-- readme-test: needs SERVICE -->` runs only where the service is
/// provided; any other block the runner does not run is a failure.
struct ReadmeWalkthrough {
    /// The fixed clock: 2026-11-18T11:06:40Z, 20:06:40 in Tokyo.
    static let epoch = "1795000000"
    /// The scratch directory's path is printed as this.
    static let shownDirectory = "~/try"
    /// Services a block may need, and whether this run provides them: `postgresql`, the test server, with
    /// an empty database `consign_team`, the logins the README's team uses and their passwords in a password
    /// file (`teamEnvironment`).
    static let services: [String: Bool] = ["postgresql": (try? TestPostgres.shared()) != nil]

    /// The README's team on the test server: the DBA's (superuser's) and each member's connection, named in
    /// the sessions as `$TEAM_HOST` (host and port) and `$TEAM_CA` (the CA the server's certificate is
    /// verified against), the members' passwords in `PGPASSFILE`, and an empty database `consign_team`.
    static func teamEnvironment(scratch: URL) throws -> [String: String] {
        guard let server = try TestPostgres.shared() else { return [:] }
        try server.psql("DROP DATABASE IF EXISTS consign_team WITH (FORCE)")
        try server.psql("CREATE DATABASE consign_team")
        let members = ["hanako", "taro", "michiko", "kenji"]
        for member in members { try server.createUser(member) }
        let passwords = scratch.deletingLastPathComponent().appending(path: "pgpass-\(UUID().uuidString)")
        let lines = members.map { "*:*:*:\($0):\(server.password(for: $0))\n" }.joined()
        try Data(lines.utf8).write(to: passwords)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: passwords.path)
        return ["TEAM_HOST": "127.0.0.1:\(server.port)", "TEAM_CA": server.caFile, "PGPASSFILE": passwords.path]
    }

    struct Command: Equatable {
        var line: Int
        var text: String
        var expected: [String]
    }

    struct Block: Equatable {
        var line: Int
        var needs: String?
        var commands: [Command]
    }

    /// One command's mismatch: where, what the README shows and what the command printed.
    struct Mismatch: CustomStringConvertible {
        var command: Command
        var actual: [String]
        var description: String {
            "README.md:\(command.line): $ \(command.text)\n--- README shows\n\(command.expected.joined(separator: "\n"))\n"
                + "--- the command printed\n\(actual.joined(separator: "\n"))"
        }
    }

    var blocks: [Block]

    /// The sessions of a README's text.
    init(_ text: String) {
        var blocks: [Block] = []
        let lines = text.components(separatedBy: "\n")
        var index = 0
        var needs: String?
        while index < lines.count {
            let line = lines[index]
            if let match = line.wholeMatch(of: /<!-- readme-test: needs ([a-z0-9-]+) -->/) { needs = String(match.1) }
            // A fence may be indented (a block inside a list item); its lines lose that indentation.
            let indent = line.prefix { $0 == " " }.count
            guard line.dropFirst(indent).hasPrefix("```") else {
                if !line.trimmingCharacters(in: .whitespaces).isEmpty && !line.hasPrefix("<!--") { needs = nil }
                index += 1
                continue
            }
            let start = index
            index += 1
            var body: [(Int, String)] = []
            while index < lines.count && !lines[index].trimmingCharacters(in: .whitespaces).hasPrefix("```") {
                let text = lines[index]
                body.append((index + 1, text.prefix(indent).allSatisfy { $0 == " " } ? String(text.dropFirst(indent)) : text))
                index += 1
            }
            index += 1
            guard body.contains(where: { ReadmeWalkthrough.isConsignCommand($0.1) }) else {
                needs = nil
                continue
            }
            var commands: [Command] = []
            for (number, text) in body {
                if text.hasPrefix("$ ") {
                    commands.append(Command(line: number, text: String(text.dropFirst(2)), expected: []))
                } else if !commands.isEmpty {
                    commands[commands.count - 1].expected.append(text)
                }
            }
            blocks.append(Block(line: start + 1, needs: needs, commands: commands))
            needs = nil
        }
        self.blocks = blocks
    }

    static func isConsignCommand(_ line: String) -> Bool {
        line.hasPrefix("$ consign ") || line.hasPrefix("$ swift run consign") || line.hasPrefix("$ ") && line.contains("; consign ")
            || line.hasPrefix("$ SOURCE_DATE_EPOCH=") && line.contains(" consign ")
    }

    /// The blocks this run can run, or the error naming a block it would have to leave out.
    func runnable() throws -> [Block] {
        try blocks.filter { block in
            guard let service = block.needs else { return true }
            guard let provided = ReadmeWalkthrough.services[service] else {
                throw SkippedBlock(line: block.line, service: service)
            }
            return provided
        }
    }

    struct SkippedBlock: Error, CustomStringConvertible {
        var line: Int
        var service: String
        var description: String { "README.md:\(line): a $ consign block needs '\(service)', which the README test does not know" }
    }

    /// Runs every runnable command in one shell, in `directory`, and returns what each printed, in order.
    static func run(_ commands: [Command], in directory: URL, consign: URL) throws -> [[String]] {
        var script = "cd '\(directory.path)'\n__status=0\n"
        for (number, command) in commands.enumerated() {
            // `swift run consign` is the installed `consign` here (the test runs the binary it built).
            var text = command.text
            if text.hasPrefix("swift run consign") { text = "consign" + text.dropFirst("swift run consign".count) }
            // The marker starts a line of its own even when the command before it ended inside one (head -c).
            script += "printf '\\n\\036%d\\n' \(number)\n( exit $__status ); { \(text)\n} 2>&1; __status=$?\n"
        }
        let file = directory.deletingLastPathComponent().appending(path: "readme-\(UUID().uuidString).sh")
        try Data(script.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        var environment = ProcessInfo.processInfo.environment
        for key in ["CONSIGN_LANG", "LC_ALL", "LC_MESSAGES", "CONSIGN_WORKSPACE"] { environment.removeValue(forKey: key) }
        environment["LANG"] = "C.UTF-8"
        environment["SOURCE_DATE_EPOCH"] = epoch
        environment["CONSIGN_OPERATOR"] = "root"
        environment["PATH"] = consign.deletingLastPathComponent().path + ":/usr/bin:/bin"
        environment.merge(try teamEnvironment(scratch: directory)) { $1 }
        // What each command printed on either stream, in the order it printed it.
        let ran = try ConsignTests.run(URL(fileURLWithPath: "/bin/bash"), ["-c", "bash \"$0\" 2>&1", file.path], environment: environment)
        var outputs = Array(repeating: [String](), count: commands.count)
        var current = -1
        // A CSV's CR LF ends a line as LF does (as one Character it would not split, and a CR kept in the README
        // would join its line to the next there).
        let printed = ran.stdout.replacingOccurrences(of: "\r\n", with: "\n")
        for line in printed.components(separatedBy: "\n") {
            if line.hasPrefix("\u{1E}"), let number = Int(line.dropFirst()) {
                current = number
            } else if current >= 0 {
                outputs[current].append(line.replacingOccurrences(of: directory.path, with: shownDirectory))
            }
        }
        return outputs.map { lines in
            var lines = lines
            while lines.last?.isEmpty == true { lines.removeLast() }
            return lines
        }
    }

    /// The commands whose output is not the README's, under the normalisation rule.
    static func mismatches(_ commands: [Command], _ outputs: [[String]]) -> [Mismatch] {
        zip(commands, outputs).compactMap { command, actual in
            matches(expected: command.expected.map(normalised), actual: actual.map(normalised))
                ? nil : Mismatch(command: command, actual: actual)
        }
    }

    /// The rule: trailing white space is ignored; a run of 8 or more lowercase hexadecimal digits stands
    /// for any such run (hashes, keys, pseudonyms, the random part of transfer ids); a duration or a speed
    /// (`0.07 s`, `4 MB/s`) for any; and a line `...` in the README for any number of lines.
    static func normalised(_ line: String) -> String {
        var line = line
        while line.last?.isWhitespace == true { line.removeLast() }
        line.replace(/[0-9a-f]{8,}/, with: "<hex>")
        line.replace(/\d+(\.\d+)? s\b/, with: "<seconds>")
        line.replace(/\d+(\.\d+)? MB\/s/, with: "<speed>")
        return line
    }

    static func matches(expected: [String], actual: [String]) -> Bool {
        guard let first = expected.first else { return actual.isEmpty }
        if first == "..." {
            let rest = Array(expected.dropFirst())
            return (0...actual.count).contains { matches(expected: rest, actual: Array(actual.dropFirst($0))) }
        }
        guard let line = actual.first, line == first else { return false }
        return matches(expected: Array(expected.dropFirst()), actual: Array(actual.dropFirst()))
    }

    /// The README with each command's shown output replaced by what it printed (for
    /// `CONSIGN_UPDATE_README=1`), keeping the README's `...` elisions where they still match.
    static func updated(_ text: String, commands: [Command], outputs: [[String]]) -> String {
        var lines = text.components(separatedBy: "\n")
        for (command, actual) in zip(commands, outputs).reversed() {
            let start = command.line  // the command is line `command.line` (1-based): its output follows it
            let keep = matches(expected: command.expected.map(normalised), actual: actual.map(normalised))
            let indent = String(lines[start - 1].prefix { $0 == " " })
            lines.replaceSubrange(
                start..<(start + command.expected.count), with: (keep ? command.expected : actual).map { $0.isEmpty ? $0 : indent + $0 })
        }
        return lines.joined(separator: "\n")
    }
}
