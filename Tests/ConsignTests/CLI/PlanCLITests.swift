import ConsignKeys
import ConsignStore
import Foundation
import Testing

/// `consign plan` as staff run it, on a registered copy of the example workspace.
@Suite struct PlanCLITests {
    let root: URL

    init() throws {
        root = try temporaryDirectory()
        let demo = try consign(["demo", "ws"], in: root)
        #expect(demo.status == 0, "\(demo.stderr)")
    }

    var workspace: URL { root.appending(path: "ws") }

    func json(_ run: Run) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }

    @Test func aPlanPrintsTheFormsSentAndWithheldWithTheSummary() throws {
        let run = try consign(["plan", "--task", "survey-processing", "--contractor", "aozora-research"], in: workspace)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("agreement AG-2024-007 v1 (entrustment"))
        #expect(run.stdout.contains("person.birth_date    age_band(10)  1       age"))
        #expect(run.stdout.contains("consent.survey                    read only to choose the rows (row scope), never sent"))
        #expect(run.stdout.contains("sends 5 of 22 catalog fields, cost 7 (the agreement would allow 6)"))
        #expect(run.stderr.isEmpty)
    }

    @Test func theJSONPlanHasStableKeysAndWeightsThatSumToTheCost() throws {
        let run = try consign(["plan", "--task", "prize-shipping", "--contractor", "hayate-transport", "--format", "json"], in: workspace)
        #expect(run.status == 0)
        let plan = try json(run)
        #expect(plan["task"] as? String == "prize-shipping" && plan["contractor"] as? String == "hayate-transport")
        #expect(plan["on"] as? String == "2026-11-18")
        let agreement = try #require(plan["agreement"] as? [String: Any])
        #expect(agreement["id"] as? String == "AG-2024-011" && agreement["version"] as? Int == 2)
        let v2 = try #require(FileManager.default.contents(atPath: workspace.appending(path: "agreements/AG-2024-011-v2.xml").path))
        #expect(agreement["sha256"] as? String == sha256Hex([UInt8](v2)))
        let fields = try #require(plan["fields"] as? [[String: Any]])
        #expect(fields.map { $0["weight"] as! Int }.reduce(0, +) == plan["cost"] as? Int)
        #expect(fields.first?["field"] as? String == "customer.id" && fields.first?["form"] as? String == "hmac")
        #expect(fields.allSatisfy { !(($0["needs"] as? [String]) ?? []).isEmpty })
        let withheld = try #require(plan["withheld"] as? [[String: Any]])
        #expect(withheld.count == 22 - (plan["fields_sent"] as? Int ?? 0))
        #expect(plan["refused"] as? Bool == false && (plan["blocked"] as? [Any])?.isEmpty == true)
    }

    @Test func aRefusalIsTheAnswerOnStdoutWithExitStatus1() throws {
        let run = try consign(["plan", "--task", "sponsor-prize-shipping", "--contractor", "hayate-transport", "--format", "json"], in: workspace)
        #expect(run.status == 1)
        #expect(run.stderr.isEmpty)
        let refusal = try json(run)
        #expect(refusal["refused"] as? Bool == true)
        #expect(refusal["reason_codes"] as? [String] == ["mix-or-enrich-under-entrustment"])
        #expect((refusal["reasons"] as? [String])?.first?.contains("third-party provision") == true)
        let text = try consign(["plan", "--task", "seminar-invitation-mailing", "--contractor", "tsubame-print"], in: workspace)
        #expect(text.status == 1)
        #expect(text.stdout.contains("REFUSED") && text.stdout.contains("contractor tsubame-print is terminated since 2025-03-31"))
        #expect(text.stdout.contains("no agreement of contractor tsubame-print is in force"))
    }

    @Test func anUnmetNeedIsNamedWithEveryReasonOfEveryOption() throws {
        // Before amendment 2 the courier may not receive the phone number; offer the support notes instead
        // of the e-mail address, which are neither permitted nor collected for prizes.
        let task = workspace.appending(path: "templates/prize-shipping.xml")
        try edit(task, replacing: #"<use field="contact.email"/>"#, with: #"<use field="notes"/>"#)
        try edit(task, replacing: #"<column name="email" field="contact.email"/>"#, with: #"<column name="notes" field="notes"/>"#)
        let selected = try consign(
            ["contractor", "evaluate", "hayate-transport", "--on", "2024-03-01", "--kind", "selection", "--result", "pass", "--note", "x"],
            in: workspace)
        #expect(selected.status == 0)
        let run = try consign(["plan", "--task", "prize-shipping", "--contractor", "hayate-transport", "--on", "2025-06-01"], in: workspace)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.contains("need contact-on-failure cannot be met"))
        #expect(run.stdout.contains("option phone: contact.phone not permitted by agreement AG-2024-011 v1"))
        #expect(run.stdout.contains(
            "option email: notes not permitted by agreement AG-2024-011 v1; notes not collected for purpose surveys-prizes"))
        #expect(!run.stdout.contains("need recipient"))
    }

    @Test func unknownIdsAndBrokenTemplatesAreInputErrors() throws {
        let unknownTask = try consign(["plan", "--task", "lottery", "--contractor", "hayate-transport"], in: workspace)
        #expect(unknownTask.status == 2 && unknownTask.stderr.contains("unknown task 'lottery'"))
        let unknownContractor = try consign(["plan", "--task", "prize-shipping", "--contractor", "nobody"], in: workspace)
        #expect(unknownContractor.status == 2 && unknownContractor.stderr.contains("unknown contractor 'nobody'"))
        try edit(workspace.appending(path: "templates/prize-shipping.xml"), replacing: #"<use field="person.name"/>"#, with: #"<use field="person.nickname"/>"#)
        let broken = try consign(["plan", "--task", "prize-shipping", "--contractor", "hayate-transport"], in: workspace)
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("templates/prize-shipping.xml:9: error: field 'person.nickname' is not in the catalog"))
        #expect(broken.stdout.isEmpty)
    }
}
