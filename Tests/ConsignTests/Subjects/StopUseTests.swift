import ConsignCore
import ConsignStore
import Foundation
import Testing

@Suite struct StopUseTests {
    /// The reference vectors of SipHash-2-4 (Aumasson and Bernstein): key 00..0f.
    @Test func subjectHashesAreSipHash24() {
        let hasher = SubjectHasher(key: Array(0...15))
        #expect([UInt8]().withUnsafeBytes { hasher.hash(bytes: $0) } == 0x726f_db47_dd0e_0e31)
        #expect(Array(UInt8(0)...14).withUnsafeBytes { hasher.hash(bytes: $0) } == 0xa129_ca61_49be_45e5)
        // 16 bytes, as bytes and as two little-endian words (the derived rows' digests).
        #expect(Array(UInt8(0)...15).withUnsafeBytes { hasher.hash(bytes: $0) } == 0x3f2a_cc7f_57c2_9bdb)
        #expect(hasher.hash(0x0706_0504_0302_0100, 0x0f0e_0d0c_0b0a_0908) == 0x3f2a_cc7f_57c2_9bdb)
        #expect(hasher.hash("C00000001").count == 16)
        #expect(hasher.hash("C00000001") != hasher.hash("C00000002"))
    }

    @Test func theStopUseListHoldsKeyedHashesOnlyAndRefusesADuplicate() throws {
        let root = try temporaryDirectory()
        #expect(try consign(["demo", "ws"], in: root).status == 0)
        let ws = root.appending(path: "ws")
        let first = try consign(["subject", "stop-use", "C00000042", "--reason", "asked by phone to stop all mail", "--on", "2026-11-10"], in: ws)
        #expect(first.status == 0, "\(first.stderr)")
        // The hash, recomputed from the key file: HKDF (RFC 5869) info "subject", SipHash-2-4 with its first 16 bytes.
        let master = [UInt8](try Data(contentsOf: ws.appending(path: ".consign/master.key")))
        let key = rfc5869(ikm: master, salt: Array("consign/v1".utf8), info: Array("subject".utf8), length: 32)
        let expected = SubjectHasher(key: Array(key.prefix(16))).hash("C00000042")
        #expect(first.stdout.contains("stop-use from 2026-11-10: subject \(expected)"))
        let again = try consign(["subject", "stop-use", "C00000042", "--reason", "again"], in: ws)
        #expect(again.status == 1 && again.stderr.contains("already on the stop-use list (request received 2026-11-10)"))
        let list = try consign(["subject", "stopped", "--format", "json"], in: ws)
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        // The demo's own request (C00000002, received today) and this one, oldest request first.
        #expect(entries.count == 2)
        #expect(entries[0]["subject_hash"] as? String == expected && entries[0]["on"] as? String == "2026-11-10")
        #expect(entries[0]["reason"] as? String == "asked by phone to stop all mail")
        // The register never holds the id in clear.
        let register = try Data(contentsOf: ws.appending(path: ".consign/register.sqlite"))
        #expect(register.range(of: Data("C00000042".utf8)) == nil)
        #expect(try consign(["subject", "stop-use", "", "--reason", "x"], in: ws).status == 2)
        // A request cannot have been received after today; nothing is recorded.
        let head = try consign(["ledger", "head"], in: ws).stdout
        for command in [["subject", "stop-use", "C00000043"], ["subject", "erase", "C00000043"]] {
            let future = try consign(command + ["--reason", "x", "--on", "2999-01-01"], in: ws)
            #expect(future.status == 2 && future.stderr.contains("--on 2999-01-01 is after today"), "\(future.stderr)")
        }
        #expect(try consign(["ledger", "head"], in: ws).stdout == head)
    }

    @Test func aFileOfRequestsRecordsEveryNewSubjectAndReportsTheRest() throws {
        let root = try temporaryDirectory()
        #expect(try consign(["demo", "ws"], in: root).status == 0)
        let ws = root.appending(path: "ws")
        let ids = root.appending(path: "ids.txt")
        try Data("C00000101\n\nC00000102\r\n  C00000103  \n".utf8).write(to: ids)
        let done = try consign(["subject", "stop-use", "--file", ids.path, "--reason", "campaign opt-out list"], in: ws)
        #expect(done.status == 0, "\(done.stderr)")
        // Each subject's request, its stop and its answer.
        #expect(done.stdout.split(separator: "\n").filter { $0.hasPrefix("stop-use from") }.count == 3)
        #expect(done.stdout.split(separator: "\n").count == 9)
        // C00000102 is already listed, and C00000104 is written twice: each is reported with its line and the
        // id as written, and only C00000104 is added, once.
        try Data("C00000104\nC00000102\n C00000104\n".utf8).write(to: ids)
        let again = try consign(["subject", "stop-use", "--file", ids.path, "--reason", "again"], in: ws)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.split(separator: "\n").filter { $0.hasPrefix("stop-use from") }.count == 1)
        #expect(again.stderr.contains("ids.txt:2: warning: subject 'C00000102' (keyed hash "), "\(again.stderr)")
        #expect(again.stderr.contains("is already on the stop-use list"), "\(again.stderr)")
        #expect(again.stderr.contains("ids.txt:3: warning: subject 'C00000104' (keyed hash ") && again.stderr.contains("repeats line 1 of the file"), "\(again.stderr)")
        let list = try consign(["subject", "stopped", "--format", "json"], in: ws)
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(entries.count == 5)
        // A file of subjects all listed already records nothing and says so.
        let none = try consign(["subject", "stop-use", "--file", ids.path, "--reason", "third"], in: ws)
        #expect(none.status == 0 && none.stdout.contains("nothing recorded"), "\(none.stdout)")
        #expect(try consign(["subject", "stop-use", "C1", "--file", ids.path, "--reason", "x"], in: ws).status == 2)
        let neither = try consign(["subject", "stop-use", "--reason", "x"], in: ws)
        #expect(neither.status == 2 && neither.stderr.contains("give the subject's id, or --file FILE"), "\(neither.stderr)")
    }
}
