import ConsignCore
import Crypto
import Foundation
import Testing

/// The request register through the CLI: a request with its due date and the SHA-256 of the proof of identity,
/// its answer, the recipients to tell of a correction and the notices, and the audit's findings in time.
@Suite struct RequestCLITests {
    static func succeed(_ arguments: [String], in ws: URL, on epoch: String = "1795000000") throws -> Run {
        let run = try consign(arguments, in: ws, environment: ["SOURCE_DATE_EPOCH": epoch])
        try #require(run.status == 0, "consign \(arguments.joined(separator: " ")): \(run.stdout)\(run.stderr)")
        return run
    }

    static func json(_ run: Run) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
    }

    /// A demo workspace with a proof of identity beside it.
    static func workspace() throws -> (root: URL, ws: URL, proof: String) {
        let (root, ws) = try demoWorkspace()
        let proof = root.appending(path: "driving-licence.pdf")
        try Data("%PDF-1.7 copy of a driving licence".utf8).write(to: proof)
        return (root, ws, proof.path)
    }

    @Test("a request is recorded with its due date and the proof's SHA-256, listed, answered once")
    func aRequestIsRecordedListedAndAnswered() throws {
        let (root, ws, proof) = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let recorded = try Self.succeed(
            ["subject", "request", "C00000001", "--kind", "disclose", "--received", "2026-11-16", "--identity-evidence", proof,
             "--note", "letter asking who received my data", "--format", "json"], in: ws)
        let request = try #require(try JSONSerialization.jsonObject(with: Data(recorded.stdout.utf8)) as? [String: Any])
        let id = try #require(request["id"] as? String)
        #expect(id.wholeMatch(of: /R-20261116-[0-9a-f]{8}/) != nil)
        // The catalog answers within 14 days.
        #expect(request["due"] as? String == "2026-11-30" && request["received"] as? String == "2026-11-16")
        #expect(
            request["identity_evidence_sha256"] as? String
                == hexString(Array(SHA256.hash(data: Array("%PDF-1.7 copy of a driving licence".utf8)))))
        // Its hash only: the proof's content is nowhere in the register.
        let register = try Data(contentsOf: ws.appending(path: ".consign/register.sqlite"))
        #expect(register.range(of: Data("driving licence".utf8)) == nil)

        let open = try Self.json(try Self.succeed(["subject", "requests", "--open", "--format", "json"], in: ws))
        #expect(open.map { $0["id"] as? String } == [id] && open[0]["overdue"] as? Bool == false)
        // Listed as of a day past its due date, it is overdue; the audit then says so.
        let late = try Self.json(try Self.succeed(["subject", "requests", "--overdue", "--on", "2026-12-01", "--format", "json"], in: ws))
        #expect(late.map { $0["id"] as? String } == [id])
        let audit = try consign(["audit", "--on", "2026-12-01"], in: ws)
        #expect(audit.stdout.contains("error: [request-overdue] request \(id) (disclose) received on 2026-11-16 is not answered, and was due by 2026-11-30"), "\(audit.stdout)")

        let letter = root.appending(path: "answer.pdf")
        try Data("%PDF-1.7 our answer".utf8).write(to: letter)
        let answered = try Self.succeed(["subject", "answer", id, "--note", "sent the list of recipients", "--letter", letter.path], in: ws)
        #expect(answered.stdout.contains("recorded the answer to request \(id) on 2026-11-18"), "\(answered.stdout)")
        #expect(try Self.json(try Self.succeed(["subject", "requests", "--open", "--format", "json"], in: ws)).isEmpty)
        let table = try Self.succeed(["subject", "requests"], in: ws).stdout
        #expect(table.contains(id) && table.contains("answered 2026-11-18"), "\(table)")
        #expect(!(try consign(["audit", "--on", "2026-12-01"], in: ws)).stdout.contains("[request-overdue]"))
        // Once only.
        let again = try consign(["subject", "answer", id, "--note", "x"], in: ws)
        #expect(again.status == 1 && again.stderr.contains("request \(id) was answered already, on 2026-11-18"), "\(again.stderr)")
    }

    @Test("a correction lists the recipients that hold the field and may still hold it; the audit reports those not told in time")
    func aCorrectionIsToldToTheRecipients() throws {
        let (root, ws, proof) = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try Self.succeed(
            ["subject", "request", "C00000001", "--kind", "correct", "--field", "address.street", "--identity-evidence", proof,
             "--note", "moved house", "--format", "json"], in: ws)
        let request = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let id = try #require(request["id"] as? String)
        let recipients = try #require(request["recipients"] as? [[String: Any]])
        // Exactly the demo's transfers that hold this customer and sent the street: independent of consign's lists.
        let customers = try pythonRows(csv: ws.appending(path: "data/customers.csv"))
        let header = customers[0]
        let row = try #require(customers.first { $0.first == "C00000001" })
        func value(_ column: String) throws -> String { row[try #require(header.firstIndex(of: column))] }
        var expected: Set<String> = []
        if try value("consent_prize") == "true" { expected.insert("hayate-transport") }
        if try value("consent_newsletter") == "true" { expected.insert("sakura-mailing") }
        let sponsor = try value("consent_provision_prize_sponsors")
        if try value("consent_prize") == "true", !sponsor.isEmpty, sponsor <= "2026-11-18" { expected.insert("hoshizora-toys") }
        #expect(Set(recipients.compactMap { $0["contractor"] as? String }) == expected, "\(recipients)")
        #expect(recipients.allSatisfy { ($0["privacy_contact"] as? [String: Any])?["email"] != nil })
        #expect(request["notice_due"] as? String == "2026-12-18")
        let text = try Self.succeed(
            ["subject", "request", "C00000001", "--kind", "delete", "--identity-evidence", proof, "--note", "delete everything"], in: ws)
        #expect(text.stdout.contains("tell these recipients by 2026-12-18"), "\(text.stdout)")

        let told = try #require(expected.sorted().first)
        let notice = try Self.succeed(["subject", "notified", id, "--contractor", told, "--note", "e-mail to the privacy contact"], in: ws)
        #expect(notice.stdout.contains("recorded that \(told) was told of request \(id) on 2026-11-18"))
        let twice = try consign(["subject", "notified", id, "--contractor", told], in: ws)
        #expect(twice.status == 1 && twice.stderr.contains("was told of request \(id) already"), "\(twice.stderr)")
        // After the catalog's 30 days, every recipient not told is an error; the one told is not.
        let audit = try consign(["audit", "--on", "2026-12-19", "--format", "json"], in: ws)
        let findings = try #require(
            (try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [String: Any])?["findings"] as? [[String: Any]])
        let notNotified = findings.filter { $0["code"] as? String == "recipient-not-notified" && (($0["records"] as? [String]) ?? []).contains("request \(id)") }
        #expect(Set(notNotified.compactMap { ($0["records"] as? [String])?.last }) == Set(expected.subtracting([told]).map { "contractor \($0)" }), "\(notNotified)")
        #expect(!(try consign(["audit", "--on", "2026-12-18"], in: ws)).stdout.contains("[recipient-not-notified]"))
    }

    @Test("bad requests are input errors that record nothing; the register's rules refuse what is done already")
    func badRequests() throws {
        let (root, ws, proof) = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let events = try registerRows(ws)
        let base = ["subject", "request", "C00000001", "--identity-evidence", proof]
        let cases: [([String], String)] = [
            (base + ["--kind", "correct", "--field", "address.nowhere"], "not in the catalog: address.nowhere"),
            (base + ["--kind", "disclose", "--field", "address.street"], "a disclose request concerns every field"),
            (["subject", "request", "C00000001", "--kind", "disclose", "--identity-evidence", "no-such.pdf"], "no-such.pdf"),
            (base + ["--kind", "complain"], "complain"),
            (base + ["--kind", "disclose", "--received", "2026-11-19"], "2026-11-19"),
            (["subject", "answer", "R-20261118-00000000", "--note", "x"], "unknown request 'R-20261118-00000000'"),
            (["subject", "notified", "R-20261118-00000000", "--contractor", "hayate-transport"], "unknown request"),
        ]
        for (arguments, words) in cases {
            let run = try consign(arguments, in: ws)
            #expect(run.status == 2, "\(arguments): \(run.status) \(run.stderr)")
            #expect(run.stderr.contains(words), "\(arguments): \(run.stderr)")
        }
        #expect(try registerRows(ws) == events)
        let disclose = try Self.succeed(base + ["--kind", "disclose", "--received", "2026-11-10", "--format", "json"], in: ws)
        let id = try #require((try JSONSerialization.jsonObject(with: Data(disclose.stdout.utf8)) as? [String: Any])?["id"] as? String)
        let early = try consign(["subject", "answer", id, "--on", "2026-11-09", "--note", "x"], in: ws)
        #expect(early.status == 2 && early.stderr.contains("was received on 2026-11-10"), "\(early.stderr)")
        let notice = try consign(["subject", "notified", id, "--contractor", "hayate-transport"], in: ws)
        #expect(notice.status == 2 && notice.stderr.contains("only a correction, an addition, a deletion or an erasure"), "\(notice.stderr)")
        // Answered after its due date: a warning of the audit, not an error.
        _ = try Self.succeed(["subject", "answer", id, "--note", "late"], in: ws, on: "1796000000")
        let audit = try consign(["audit", "--on", "2026-12-31"], in: ws, environment: ["SOURCE_DATE_EPOCH": "1796000000"])
        #expect(audit.stdout.contains("warning: [request-overdue] request \(id) (disclose) received on 2026-11-10 was answered on 2026-11-30"), "\(audit.stdout)")
    }

    @Test("stop-use and erasure enter the request register: received with the command and answered, or answering one recorded before")
    func stopUseAndErasureGoThroughTheRequestRegister() throws {
        let (root, ws, proof) = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: root) }
        func requests() throws -> [String: [String: Any]] {
            let list = try Self.json(try Self.succeed(["subject", "requests", "--format", "json"], in: ws))
            return Dictionary(uniqueKeysWithValues: list.map { ($0["id"] as! String, $0) })
        }
        // Received with the command: the request (with its proof's SHA-256), the stop from the day it was received,
        // and the answer today, in one append.
        let head = try ledgerHead(ws)
        let stop = try Self.succeed(
            ["subject", "stop-use", "C00000010", "--reason", "letter: stop all mail", "--on", "2026-11-16", "--identity-evidence", proof],
            in: ws)
        let lines = stop.stdout.split(separator: "\n").map(String.init)
        let id = try #require(lines.first?.firstMatch(of: /recorded request (R-20261116-[0-9a-f]{8}) \(stop-use\) as event (\d+)/))
        let event = Int(id.output.2)!
        #expect(event == Int(head.split(separator: ":")[0])! + 1)
        #expect(lines.count == 3 && lines[1].hasPrefix("stop-use from 2026-11-16: subject ") && lines[1].hasSuffix("(event \(event + 1))"))
        #expect(lines[2] == "recorded the answer to request \(id.output.1) on 2026-11-18 (event \(event + 2))", "\(lines)")
        let entered = try #require(try requests()[String(id.output.1)])
        #expect(entered["kind"] as? String == "stop-use" && entered["received"] as? String == "2026-11-16")
        #expect(entered["due"] as? String == "2026-11-30" && entered["answered_on"] as? String == "2026-11-18")
        #expect(entered["answer"] as? String == "letter: stop all mail" && entered["overdue"] as? Bool == false)
        #expect(
            entered["identity_evidence_sha256"] as? String
                == hexString(Array(SHA256.hash(data: Array("%PDF-1.7 copy of a driving licence".utf8)))))
        #expect(entered["subject_hash"] as? String == (try subjectHashHex("C00000010", in: ws)))

        // Answering a request recorded before: the stop dates from the day that request was received.
        let recorded = try Self.succeed(
            ["subject", "request", "C00000001", "--kind", "erasure", "--received", "2026-11-17", "--identity-evidence", proof,
             "--note", "erase me", "--format", "json"], in: ws)
        let erasureID = try #require((try JSONSerialization.jsonObject(with: Data(recorded.stdout.utf8)) as? [String: Any])?["id"] as? String)
        #expect(try requests()[erasureID]?["answered_on"] == nil)
        // Not with a date or a proof of its own, nor for another person or as another kind: nothing recorded.
        let before = try registerRows(ws)
        let refusals: [([String], String)] = [
            (["subject", "erase", "C00000001", "--request", erasureID, "--on", "2026-11-17"], "--request answers one request"),
            (["subject", "erase", "C00000001", "--request", erasureID, "--identity-evidence", proof], "--request answers one request"),
            (["subject", "stop-use", "--file", proof, "--request", erasureID], "--request answers one request"),
            (["subject", "erase", "C00000003", "--request", erasureID], "request \(erasureID) is another person's"),
            (["subject", "stop-use", "C00000001", "--request", erasureID], "request \(erasureID) asks for erasure, not stop-use"),
            (["subject", "erase", "C00000001", "--request", "R-20261117-00000000"], "unknown request 'R-20261117-00000000'"),
        ]
        for (arguments, words) in refusals {
            let run = try consign(arguments + (arguments.contains("--reason") ? [] : ["--reason", "x"]), in: ws)
            #expect(run.status == 2 && run.stderr.contains(words), "\(arguments): \(run.status) \(run.stderr)")
        }
        #expect(try registerRows(ws) == before)
        let erase = try decodeJSON(
            ErasureJSON.self,
            from: try Self.succeed(["subject", "erase", "C00000001", "--reason", "erase me", "--request", erasureID, "--format", "json"], in: ws))
        #expect(erase.request == erasureID && erase.on == "2026-11-17" && erase.answered == "2026-11-18")
        #expect(erase.answerEvent == erase.event + 1)
        let answered = try #require(try requests()[erasureID])
        #expect(answered["answered_on"] as? String == "2026-11-18")
        // Its recipients are the erasure's, told through the same register: each notice is recorded against the
        // request, and the audit reports those not told within the catalog's 30 days.
        let listed = try #require(answered["recipients"] as? [[String: Any]])
        #expect(Set(listed.compactMap { $0["contractor"] as? String }) == Set(erase.recipients.map(\.contractor)))
        let told = try #require(erase.recipients.first?.contractor)
        _ = try Self.succeed(["subject", "notified", erasureID, "--contractor", told, "--note", "e-mail"], in: ws)
        let audit = try consign(["audit", "--on", "2026-12-18", "--format", "json"], in: ws)
        let findings = try #require(
            (try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [String: Any])?["findings"] as? [[String: Any]])
        let notNotified = findings.filter {
            $0["code"] as? String == "recipient-not-notified" && (($0["records"] as? [String]) ?? []).contains("request \(erasureID)")
        }
        #expect(
            Set(notNotified.compactMap { ($0["records"] as? [String])?.last })
                == Set(erase.recipients.map(\.contractor).filter { $0 != told }.map { "contractor \($0)" }), "\(notNotified)")
        // Once answered, a request cannot be answered again by another stop.
        let again = try consign(["subject", "stop-use", "C00000010", "--reason", "x", "--request", String(id.output.1)], in: ws)
        #expect(again.status == 1 && again.stderr.contains("already on the stop-use list"), "\(again.stderr)")
    }
}
