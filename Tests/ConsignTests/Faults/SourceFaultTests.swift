import Foundation
import Testing

/// A source that another process changes while the extract reads it is an input error, never a signal:
/// cut short (a mapped file's pages past its new end would raise SIGBUS), written to in place, at the
/// moment the extract has opened it and at random moments of a large extract. And a transform on an
/// extreme value is an input error with the line, never a trap.
@Suite struct SourceFaultTests {
    static let arguments = ["--task", "prize-shipping", "--contractor", "hayate-transport", "--out", "../out"]

    /// A workspace with a source of several megabytes (mapped and read on every core).
    func workspace() throws -> (root: URL, ws: URL, source: URL) {
        let (root, ws) = try demoWorkspace()
        let source = root.appending(path: "large.csv")
        try ExtractLargeSourceTests.source().write(to: source)
        return (root, ws, source)
    }

    func expectNothingWritten(_ root: URL, _ ws: URL, events: Int) throws {
        #expect(try registerRows(ws).count == events)
        #expect(!FileManager.default.fileExists(atPath: root.appending(path: "out").path))
        #expect(pendingMarkers(ws).isEmpty)
    }

    @Test(arguments: ["../large.csv", "../large.xml"]) func aSourceCutShortWhileItIsReadIsAnInputError(_ path: String) throws {
        let (root, ws, csv) = try workspace()
        defer { try? FileManager.default.removeItem(at: root) }
        if path.hasSuffix(".xml") { try Data(Self.xml(fromCSV: try readText(csv)).utf8).write(to: root.appending(path: "large.xml")) }
        let source = ws.appending(path: path).standardizedFileURL
        let events = try registerRows(ws).count
        let run = try consign(["extract", "--source", path] + Self.arguments, in: ws, pausingAt: "source-opened") {
            let handle = try FileHandle(forWritingTo: source)
            try handle.truncate(atOffset: UInt64(try FileManager.default.attributesOfItem(atPath: source.path)[.size] as! Int / 3))
            try handle.close()
        }
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.hasPrefix("\(path): error: the file changed while it was read (it was cut short from "), "\(run.stderr)")
        #expect(run.stderr.contains("extract from a copy that no other process writes to"), "\(run.stderr)")
        try expectNothingWritten(root, ws, events: events)
    }

    @Test func aSourceWrittenToWhileItIsReadIsAnInputError() throws {
        let (root, ws, source) = try workspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let events = try registerRows(ws).count
        let run = try consign(["extract", "--source", "../large.csv"] + Self.arguments, in: ws, pausingAt: "source-opened") {
            // Another process rewrites one record in place: the same size, new bytes.
            let handle = try FileHandle(forUpdating: source)
            try handle.seek(toOffset: 40_000)
            try handle.write(contentsOf: Data("X".utf8))
            try handle.close()
        }
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("the file changed while it was read (it was written to"), "\(run.stderr)")
        try expectNothingWritten(root, ws, events: events)
    }

    @Test(arguments: [
        ["stats", "--task", "usage-statistics", "--out", "../out"], ["anonymise", "--task", "anonymised-customers", "--out", "../out"],
    ])
    func aSourceCutShortWhileAReleaseReadsItIsAnInputError(_ command: [String]) throws {
        let (root, ws, source) = try workspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let events = try registerRows(ws).count
        let run = try consign(command + ["--source", "../large.csv"], in: ws, pausingAt: "release-source-opened") {
            truncate(source.path, off_t(try FileManager.default.attributesOfItem(atPath: source.path)[.size] as! Int / 3))
        }
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.hasPrefix("../large.csv: error: the file changed while it was read (it was cut short from "), "\(run.stderr)")
        try expectNothingWritten(root, ws, events: events)
    }

    /// Cut short at random moments while a large extract runs on every core: it ends with an answer
    /// (finished before the cut, or an input error), never by a signal.
    @Test func aSourceCutShortAtRandomMomentsNeverEndsInASignal() throws {
        let (root, ws, source) = try workspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let original = try Data(contentsOf: source)
        var random = SystemRandomNumberGenerator()
        for attempt in 0..<6 {
            try original.write(to: source)
            let process = try ChildProcess(
                consignExecutable,
                ["extract", "--source", "../large.csv", "--task", "prize-shipping", "--contractor", "hayate-transport", "--out", "../out-\(attempt)"],
                in: ws, environment: consignEnvironment(["SOURCE_DATE_EPOCH": "1795000000"]), keepingOutput: false)
            usleep(UInt32.random(in: 20_000...400_000, using: &random))
            truncate(source.path, off_t(original.count / Int.random(in: 2...20, using: &random)))
            let ended = try process.finish()
            #expect(!ended.endedBySignal, "attempt \(attempt): ended by signal \(ended.status)")
            #expect([0, 2].contains(ended.status), "attempt \(attempt): exit \(ended.status): \(ended.stderr)")
        }
        #expect(try consign(["ledger", "verify"], in: ws).status == 0)
    }

    /// A number at the end of what a whole number holds, in a column sent as bucket(10000).
    @Test(arguments: ["9223372036854775807", "-9223372036854775808"]) func anExtremeNumberIsAnInputErrorWithItsLine(_ value: String) throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        var rows = csvRecords(try readText(ws.appending(path: "data/customers.csv")))
        let column = try #require(rows[0].firstIndex(of: "lifetime_value"))
        rows[5][column] = value
        let text = rows.map { $0.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") }
            .joined(separator: "\r\n") + "\r\n"
        try Data(text.utf8).write(to: ws.appending(path: "data/extreme.csv"))
        let events = try registerRows(ws).count
        let run = try extract("statistics-abroad", "nordstat", source: "data/extreme.csv", out: "../out", in: ws)
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.hasPrefix("data/extreme.csv:"), "\(run.stderr)")
        #expect(run.stderr.contains("error: column value_bucket (bucket(10000)): '\(value)' is out of range"), "\(run.stderr)")
        try expectNothingWritten(root, ws, events: events)
    }

    /// An unterminated quote at the end of a large source, scanned in blocks on every core: the error
    /// names the line in the file, not in the block that found it.
    @Test func anUnterminatedQuoteInALargeSourceNamesItsLineInTheFile() throws {
        let (root, ws, source) = try workspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let handle = try FileHandle(forWritingTo: source)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("C19999999,\"never closed,x\r\n".utf8))
        try handle.close()
        let line = ExtractLargeSourceTests.line(ofRecord: ExtractLargeSourceTests.count + 1)
        let run = try consign(["extract", "--source", "../large.csv"] + Self.arguments, in: ws)
        #expect(run.status == 2)
        #expect(run.stderr == "../large.csv:\(line): error: a quoted field that starts here is never closed (unbalanced \")\n", "\(run.stderr)")
        // The same from a pipe, read rather than mapped.
        let fifo = root.appending(path: "large.fifo")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let writer = Thread {
            if let handle = FileHandle(forWritingAtPath: fifo.path), let data = FileManager.default.contents(atPath: source.path) {
                try? handle.write(contentsOf: data)
                try? handle.close()
            }
        }
        writer.start()
        let piped = try consign(["extract", "--source", "../large.fifo"] + Self.arguments, in: ws)
        #expect(piped.stderr == "../large.fifo:\(line): error: a quoted field that starts here is never closed (unbalanced \")\n", "\(piped.stderr)")
    }

    /// The same records as an XML source.
    static func xml(fromCSV text: String) -> String {
        let rows = csvRecords(text)
        let header = rows[0]
        var out = "<customers>\n"
        for row in rows.dropFirst() {
            out += "<customer>" + zip(header, row).map { "<\($0)>\(xmlEscaped($1))</\($0)>" }.joined() + "</customer>\n"
        }
        return out + "</customers>\n"
    }
}
