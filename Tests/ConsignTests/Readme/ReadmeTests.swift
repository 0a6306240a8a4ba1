import Foundation
import Testing

/// The README runs as written: every `$ consign` session in it, in order, prints what the README shows.
@Suite struct ReadmeTests {
    static let readme = repositoryRoot.appending(path: "README.md")

    /// One run of the README's sessions, shared by the tests (it takes a while: the demo and its extracts).
    static let walkthrough: Result<(commands: [ReadmeWalkthrough.Command], outputs: [[String]]), any Error> = Result {
        let text = try String(contentsOf: readme, encoding: .utf8)
        let commands = try ReadmeWalkthrough(text).runnable().flatMap(\.commands)
        let directory = try temporaryDirectory("consign-readme")
        let scratch = directory.appending(path: "try")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return (commands, try ReadmeWalkthrough.run(commands, in: scratch, consign: consignExecutable))
    }

    @Test func everySessionPrintsWhatTheReadmeShows() throws {
        let (commands, outputs) = try Self.walkthrough.get()
        #expect(commands.count > 40)
        if ProcessInfo.processInfo.environment["CONSIGN_UPDATE_README"] == "1" {
            let text = try String(contentsOf: Self.readme, encoding: .utf8)
            try Data(ReadmeWalkthrough.updated(text, commands: commands, outputs: outputs).utf8).write(to: Self.readme)
        }
        for mismatch in ReadmeWalkthrough.mismatches(commands, outputs) {
            Issue.record("\(mismatch)")
        }
    }

    @Test func theTwoCommandsComeFirst() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        let firstBlock = try #require(text.components(separatedBy: "```sh\n").dropFirst().first?.components(separatedBy: "```").first)
        let commands = firstBlock.split(separator: "\n").map { $0.split(separator: "#")[0].trimmingCharacters(in: .whitespaces) }
        #expect(commands == ["bash .ci/demo", "bash .ci/test"], "\(commands)")
    }

    /// The test fails when a shown output is changed by hand: a count, a date, a word.
    @Test(arguments: ["a count", "a date", "a word"])
    func aShownOutputChangedByHandFails(_ what: String) throws {
        let change: (String) -> String =
            switch what {
            case "a count": { $0.replacingOccurrences(of: " of 1,000 records", with: " of 1,001 records") }
            case "a date": { $0.replacingOccurrences(of: "2026-11-18", with: "2026-11-19") }
            default: { $0.replacingOccurrences(of: "registered hayate-transport", with: "recorded hayate-transport") }
            }
        let (commands, outputs) = try Self.walkthrough.get()
        // Mutate the first shown output line the change affects, and only that one.
        var mutated = commands
        let target = try #require(
            mutated.indices.lazy.compactMap { c in mutated[c].expected.firstIndex { change($0) != $0 }.map { (c, $0) } }.first,
            "no shown output has \(what) to change")
        mutated[target.0].expected[target.1] = change(mutated[target.0].expected[target.1])
        let mismatches = ReadmeWalkthrough.mismatches(mutated, outputs)
        let original = ReadmeWalkthrough.mismatches(commands, outputs).map(\.command.line)
        #expect(Set(mismatches.map(\.command.line)).subtracting(original) == [mutated[target.0].line], "\(what)")
    }

    /// A `$ consign` block the test would not run fails it, whatever its fence.
    @Test func aBlockTheTestDoesNotRunFails() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        let skipped = text.replacingOccurrences(of: "\n```\n$ consign", with: "\n<!-- readme-test: needs a-service-nobody-has -->\n```\n$ consign")
        #expect(throws: ReadmeWalkthrough.SkippedBlock.self) { try ReadmeWalkthrough(skipped).runnable() }
        let otherFence = text.replacingOccurrences(of: "\n```\n$ consign", with: "\n```console\n$ consign")
        #expect(ReadmeWalkthrough(otherFence).blocks.count == ReadmeWalkthrough(text).blocks.count)
        // The elision rule: `...` stands for any lines, and nothing else does.
        #expect(ReadmeWalkthrough.matches(expected: ["a", "...", "d"], actual: ["a", "b", "c", "d"]))
        #expect(ReadmeWalkthrough.matches(expected: ["a", "...", "d"], actual: ["a", "d"]))
        #expect(!ReadmeWalkthrough.matches(expected: ["a", "…", "d"], actual: ["a", "b", "d"]))
        #expect(ReadmeWalkthrough.normalised("sha256 3fdd3599e952b933  in 0.08 s (4 MB/s)  ") == "sha256 <hex>  in <seconds> (<speed>)")
    }
}
