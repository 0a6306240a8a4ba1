import Foundation
import Testing

/// A register built only as a user would (documents written into the workspace, `consign contractor
/// add|evaluate|terminate`, `agreement add`, `transfer record`, `transfer confirm-deletion`, `sample
/// customers`, `extract` and `subject stop-use`, all with their dates and a fixed clock, today 2026-11-18),
/// with one error for each kind of record the audit reads from the workspace: the rules themselves are
/// tested in memory (`AuditLab`); this proves the command wires them to a real register.
struct EndToEndLab: Sendable {
    let workspace: AuditWorkspace
    /// Transfer ids by the name the set-up gave them.
    let transfers: [String: String]
    /// What `consign transfer record` printed, by transfer name.
    let recorded: [String: String]
    /// Stop-use subject hashes, by the name of the request.
    let subjects: [String: String]
    /// `consign audit --format json --as-of 2026-11-18`.
    let audit: AuditOutcome

    @TaskLocal static var current: EndToEndLab?

    /// `transfer T-…`, the record name of a transfer made in the set-up.
    func transfer(_ name: String) -> String { "transfer \(transfers[name]!)" }

    static func build() throws -> (value: EndToEndLab, directory: URL) {
        let ws = try AuditWorkspace.create("consign-audit-end-to-end")
        do {
            var t: [String: String] = [:]
            var printed: [String: String] = [:]
            func record(
                _ name: String, _ contractor: String, task: String = "prize-shipping", on date: String,
                fields: String = "person.name,customer.id:hmac", subContractors: [String] = []
            ) throws {
                let made = try ws.record(contractor, task: task, on: date, fields: fields, subContractors: subContractors)
                t[name] = made.id
                printed[name] = made.stdout
            }

            // The stop-use list and an extract on 2026-11-10, first (the register's time only moves forward):
            // one request recorded before the extract (left out), then, at the end, three recorded after it,
            // received on 2026-11-05 (before the extract: it should have been honoured), 2026-11-12 and today
            // (after it).
            let tenth = AuditClock.tenthOfNovember
            try ws.addContractor(
                "extract-courier", agreement: AgreementDocument(id: "AG-EXTRACT", contractor: "extract-courier"), clock: tenth)
            try ws.evaluate("extract-courier", on: "2026-01-15", clock: tenth)
            try FileManager.default.createDirectory(at: ws.root.appending(path: "data"), withIntermediateDirectories: true)
            try ws.run(["sample", "customers", "--rows", "40", "--out", "data/customers.csv"])
            let rows = csvRecords(try readText(ws.root.appending(path: "data/customers.csv")))
            let consent = try #require(rows.first?.firstIndex(of: "consent_prize"))
            let winners = rows.dropFirst().filter { $0[consent] == "true" }.map { $0[0] }
            guard winners.count >= 4 else { throw AuditSetUpError(description: "too few customers with consent.prize: \(winners)") }
            var subjects: [String: String] = [:]
            func stopUse(_ name: String, _ customer: String, on date: String?, clock: String) throws {
                let run = try ws.run(
                    ["subject", "stop-use", customer, "--reason", "asked us to stop"] + (date.map { ["--on", $0] } ?? []), clock: clock)
                guard let match = run.stdout.firstMatch(of: #/subject ([0-9a-f]{16})/#) else {
                    throw AuditSetUpError(description: "no subject hash in: \(run.stdout)")
                }
                subjects[name] = String(match.1)
            }
            try stopUse("before-extract", winners[0], on: "2026-11-09", clock: AuditClock.tenthOfNovember)
            let extract = try ws.run(
                [
                    "extract", "--task", "prize-shipping", "--contractor", "extract-courier", "--source", "data/customers.csv", "--out",
                    "extracts", "--format", "csv",
                ], clock: AuditClock.tenthOfNovember)
            guard let id = extract.stdout.firstMatch(of: #/T-20261110-[0-9a-f]+/#) else {
                throw AuditSetUpError(description: "no transfer id in: \(extract.stdout)")
            }
            t["extract"] = String(id.0)

            // Everything in order: selected, under an agreement covering the purpose and the forms, with an
            // approved sub-contractor named on the transfer.
            try ws.addContractor(
                "clean-courier", subContractors: [DeclaredSubContractor(id: "kita-sub")],
                agreement: AgreementDocument(
                    id: "AG-CLEAN", contractor: "clean-courier", approved: [ApprovedSubContractor(id: "kita-sub")]))
            try ws.evaluate("clean-courier", on: "2026-01-15")
            try record(
                "clean", "clean-courier", on: "2026-11-01", fields: "person.name,address.postal_code,customer.id:hmac",
                subContractors: ["kita-sub"])

            // A transfer before the contractor's only agreement takes effect.
            try ws.addContractor("early-bird", agreement: AgreementDocument(id: "AG-EARLY", contractor: "early-bird", from: "2026-12-01"))
            try ws.evaluate("early-bird", on: "2026-10-01")
            try record("early", "early-bird", on: "2026-11-01")

            // Terminated from 2026-10-15; a transfer made after that, recorded afterwards.
            try ws.addContractor("ended-courier", agreement: AgreementDocument(id: "AG-ENDED", contractor: "ended-courier"))
            try ws.evaluate("ended-courier", on: "2026-01-15")
            try record("ended-before", "ended-courier", on: "2026-10-10")
            try ws.run(["contractor", "terminate", "ended-courier", "--on", "2026-10-15", "--note", "breach of contract"])
            try record("ended-after", "ended-courier", on: "2026-10-20")

            // Abroad (US, outside the catalog's home country) without a basis.
            try ws.addContractor(
                "overseas-nobasis", country: "US",
                agreement: AgreementDocument(id: "AG-OVERSEAS-NOBASIS", contractor: "overseas-nobasis", countries: "JP US"))
            try ws.evaluate("overseas-nobasis", on: "2026-01-15")
            try record("overseas-nobasis", "overseas-nobasis", on: "2026-11-01")

            // Retention of 30 days under the agreement (the task allows 60): due 2026-10-01 and -02; the
            // second confirmed deleted.
            try ws.addContractor("slow-deleter", agreement: AgreementDocument(id: "AG-SLOW", contractor: "slow-deleter", retentionMaxDays: 30))
            try ws.evaluate("slow-deleter", on: "2026-01-15")
            try record("slow-overdue", "slow-deleter", on: "2026-09-01")
            try record("slow-confirmed", "slow-deleter", on: "2026-09-02")
            try ws.confirmDeletion(t["slow-confirmed"]!, on: "2026-09-20")

            // A sub-contractor declared by a profile version registered after a first transfer and before a
            // second.
            try ws.addContractor(
                "sub-declared", agreement: AgreementDocument(id: "AG-SUB-DECLARED", contractor: "sub-declared", subContractingAllowed: true))
            try ws.evaluate("sub-declared", on: "2026-01-15")
            try record("sub-declared-v1", "sub-declared", on: "2026-11-01")
            try ws.addContractor("sub-declared", version: 2, subContractors: [DeclaredSubContractor(id: "hidden-sub")])
            try record("sub-declared-v2", "sub-declared", on: "2026-11-02")

            // A task that lets the contractor mix or enrich the data, under an entrustment. Then the
            // workspace's copy of the template is edited to say it does not; a transfer recorded after that
            // used the edited bytes, the first one still the original.
            let ad = AgreementDocument(
                id: "AG-AD-ENTRUSTED", contractor: "ad-entrusted", purposes: "advertising",
                permitted: ["customer.id:hmac", "contact.email:hmac", "person.birth_date:age_band(10)", "address.prefecture"])
            try ws.addContractor("ad-entrusted", agreement: ad)
            try ws.evaluate("ad-entrusted", on: "2026-01-15")
            let adFields = "customer.id:hmac,address.prefecture"
            try record("ad-mixed", "ad-entrusted", task: "ad-audience-matching", on: "2026-11-01", fields: adFields)
            try edit(
                ws.root.appending(path: "templates/ad-audience-matching.xml"), replacing: "<mix-or-enrich>true</mix-or-enrich>",
                with: "<mix-or-enrich>false</mix-or-enrich>")
            try record("ad-unmixed", "ad-entrusted", task: "ad-audience-matching", on: "2026-11-02", fields: adFields)

            // The requests recorded after the extract.
            try stopUse("received-before", winners[1], on: "2026-11-05", clock: AuditClock.today)
            try stopUse("received-after", winners[2], on: "2026-11-12", clock: AuditClock.today)
            try stopUse("received-today", winners[3], on: nil, clock: AuditClock.today)

            let audit = try ws.audit(asOf: "2026-11-18")
            return (EndToEndLab(workspace: ws, transfers: t, recorded: printed, subjects: subjects, audit: audit), ws.root)
        } catch {
            ws.remove()
            throw error
        }
    }
}

extension Trait where Self == SharedWorkspace<EndToEndLab> {
    /// The end-to-end lab, built once for the suite.
    static var endToEndLab: Self { SharedWorkspace(build: EndToEndLab.build, local: EndToEndLab.$current) }
}

/// `consign audit` on a register made through the command line: each kind of record reaches the rules
/// (the rules themselves, finding by finding and at their boundaries, are tested in memory), errors exit
/// 1, and the text and CSV reports say what the JSON says.
@Suite(.endToEndLab) struct AuditEndToEndTests {
    var lab: EndToEndLab { get throws { try shared(EndToEndLab.$current) } }

    /// The one finding of a code naming a record, checked for its severity and records.
    func only(_ code: String, naming record: String, records expected: [String]) throws -> AuditReportJSON.Finding {
        let lab = try self.lab
        let found = lab.audit.findings(code, naming: record)
        try #require(found.count == 1, "\(code) for \(record):\n\(lab.audit.listing)")
        let finding = found[0]
        #expect(finding.severity == "error")
        #expect(!finding.rule.isEmpty)
        #expect(finding.records == expected)
        return finding
    }

    @Test func theAuditReportsExactlyTheCraftedErrorsAndExitsOne() throws {
        let lab = try self.lab
        #expect(lab.audit.run.status == 1)
        let names = Dictionary(uniqueKeysWithValues: lab.transfers.map { ("transfer \($0.value)", $0.key) })
        // Each finding by its code and the first transfer (by set-up name) or contractor it names.
        let found = lab.audit.findings.map { finding in
            let subject = finding.records.lazy.compactMap { names[$0] }.first ?? finding.records.first { $0.hasPrefix("contractor ") } ?? "?"
            return "\(finding.code) \(subject)"
        }.sorted()
        let expected = [
            "contractor-terminated ended-after",
            "deletion-overdue slow-overdue",
            "foreign-transfer-without-basis overseas-nobasis",
            "mix-or-enrich-under-entrustment ad-mixed",
            "no-agreement-in-force early",
            "stop-use-not-honoured extract",
            "sub-contractor-not-approved sub-declared-v2",
        ]
        #expect(found == expected, "\(lab.audit.listing)")
        #expect(lab.audit.report.errors == expected.count && lab.audit.report.warnings == 0)
        #expect(lab.audit.report.asOf == "2026-11-18")
        #expect(lab.audit.report.scope.transfers == lab.transfers.count)
        #expect(lab.audit.report.scope.contractors == 8)
        #expect(lab.audit.report.scope.agreements == 8)
        for name in ["clean", "ended-before", "slow-confirmed", "sub-declared-v1", "ad-unmixed"] {
            #expect(lab.audit.findings(naming: lab.transfer(name)).isEmpty, "\(name): \(lab.audit.listing)")
        }
        #expect(try lab.workspace.run(["ledger", "verify"]).stdout.hasPrefix("intact: "))
    }

    /// `transfer record` says so when it records a transfer outside any agreement, and the audit reports it.
    @Test func aTransferRecordedWithoutAnAgreementInForceIsAnError() throws {
        let lab = try self.lab
        #expect(lab.recorded["early"]!.contains("(no agreement in force)"))
        let finding = try only(
            "no-agreement-in-force", naming: lab.transfer("early"), records: [lab.transfer("early"), "contractor early-bird"])
        #expect(finding.message.contains("on 2026-11-01 (task prize-shipping, purpose surveys-prizes)"), "\(finding.message)")
        #expect(finding.rule.contains("APPI Art. 25"))
    }

    /// The stop-use list, the extract's stored subject set and the register's order meet in the audit.
    @Test func anExtractIncludingASubjectWhoseStopUseWasReceivedBeforeItIsAnError() throws {
        let lab = try self.lab
        let before = lab.subjects["received-before"]!
        let finding = try only(
            "stop-use-not-honoured", naming: lab.transfer("extract"),
            records: [lab.transfer("extract"), "contractor extract-courier", "subject \(before)"])
        #expect(finding.rule == "APPI Art. 35")
        // Requests received after the extract, or recorded before it (and so left out), are not findings.
        let named = Set(lab.audit.findings.flatMap(\.records))
        for request in ["before-extract", "received-after", "received-today"] {
            #expect(!named.contains("subject \(lab.subjects[request]!)"), "\(request)")
        }
        // --as-of: as of a date before the request was received, nothing was known to honour.
        let earlier = try lab.workspace.audit(asOf: "2026-11-04")
        #expect(earlier.findings("stop-use-not-honoured").isEmpty, "\(earlier.listing)")
    }

    /// Profile versions, the task template's recorded bytes, the catalog's home country, status changes and
    /// deletion certificates all reach the rules.
    @Test func theRegisteredDocumentsAndEventsReachTheRules() throws {
        let lab = try self.lab
        let declared = try only(
            "sub-contractor-not-approved", naming: lab.transfer("sub-declared-v2"),
            records: [lab.transfer("sub-declared-v2"), "contractor sub-declared", "agreement AG-SUB-DECLARED v1", "sub-contractor hidden-sub"])
        #expect(declared.message.contains("sub-contractor hidden-sub (declared in profile v2)"), "\(declared.message)")
        _ = try only(
            "mix-or-enrich-under-entrustment", naming: lab.transfer("ad-mixed"),
            records: [lab.transfer("ad-mixed"), "contractor ad-entrusted", "agreement AG-AD-ENTRUSTED v1"])
        let abroad = try only(
            "foreign-transfer-without-basis", naming: lab.transfer("overseas-nobasis"),
            records: [lab.transfer("overseas-nobasis"), "contractor overseas-nobasis", "agreement AG-OVERSEAS-NOBASIS v1"])
        #expect(abroad.message.contains("data went to US"), "\(abroad.message)")
        _ = try only(
            "contractor-terminated", naming: lab.transfer("ended-after"), records: [lab.transfer("ended-after"), "contractor ended-courier"])
        let overdue = try only(
            "deletion-overdue", naming: lab.transfer("slow-overdue"), records: [lab.transfer("slow-overdue"), "contractor slow-deleter"])
        #expect(overdue.message.contains("due for deletion or return by 2026-10-01"), "\(overdue.message)")
    }

    @Test func theTextReportHasTheSameFindingsAndTheCSVOpensInPython() throws {
        let lab = try self.lab
        let text = try consign(["audit", "--as-of", "2026-11-18"], in: lab.workspace.root)
        #expect(text.status == 1)
        let lines = text.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let count = lab.audit.findings.count
        #expect(
            lines.first == "audit as of 2026-11-18: \(count) error(s), 0 warning(s); checked \(lab.transfers.count) transfer(s), "
                + "8 contractor(s), 8 agreement(s), ledger of \(lab.audit.report.scope.events) event(s)")
        #expect(lines.filter { $0.hasPrefix("error: [") }.count == count)
        for finding in lab.audit.findings {
            let block = "error: [\(finding.code)] \(finding.message)\n  rule: \(finding.rule)\n  records: "
                + finding.records.joined(separator: ", ")
            #expect(text.stdout.contains(block))
        }
        let csv = try #require(try pythonCSV(["audit", "--as-of", "2026-11-18", "--format", "csv"], in: lab.workspace.root, status: 1))
        #expect(csv.first == ["severity", "code", "rule", "message", "records"])
        #expect(csv.count == count + 1)
        #expect(Array(csv.dropFirst()) == lab.audit.findings.map { [$0.severity, $0.code, $0.rule, $0.message, $0.records.joined(separator: "; ")] })
    }
}

/// Runs `consign` (CSV on standard output, which must start with a UTF-8 BOM), and reads the CSV back with
/// Python's csv module; its rows, or nil when the output is not what a spreadsheet would open.
func pythonCSV(_ arguments: [String], in directory: URL, status: Int32) throws -> [[String]]? {
    let file = directory.appending(path: "audit-\(UUID().uuidString).csv")
    defer { try? FileManager.default.removeItem(at: file) }
    let audit = try consign(arguments + ["--out", file.path], in: directory)
    #expect(audit.status == status, "\(audit.stderr)")
    let bytes = try [UInt8](Data(contentsOf: file))
    #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "no UTF-8 BOM")
    guard bytes.starts(with: [0xEF, 0xBB, 0xBF]) else { return nil }
    let script = """
        import csv, json, sys
        with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
            print(json.dumps(list(csv.reader(f, strict=True))))
        """
    let python = try run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, file.path])
    #expect(python.status == 0, "\(python.stderr)")
    return try JSONDecoder().decode([[String]].self, from: Data(python.stdout.utf8))
}
