import Foundation
import Testing

/// When the planner refuses, `consign extract` refuses: exit status 1, the planner's diagnosis on stdout,
/// nothing on stderr, and nothing written (no `--out` directory, no new event, no pending marker). The
/// source is not even read: refusals come first.
@Suite struct ExtractRefusalTests {
    struct RefusalCase: Sendable, CustomTestStringConvertible {
        var name: String
        var task: String
        var contractor: String
        /// Commands run first (each must succeed), with the clock of `epoch`.
        var setup: [[String]] = []
        /// A template edit made first: file, text replaced, replacement.
        var edit: (file: String, old: String, new: String)?
        /// The clock of the setup and the extract (the default: 2026-11-18 in Tokyo).
        var epoch = "1795000000"
        var expected: [String]

        var testDescription: String { name }
    }

    static let cases: [RefusalCase] = [
        RefusalCase(
            name: "expired agreement, terminated contractor", task: "seminar-invitation-mailing", contractor: "tsubame-print",
            expected: [
                "contractor tsubame-print is terminated since 2025-03-31",
                "no agreement of contractor tsubame-print is in force on 2026-11-18",
            ]),
        RefusalCase(
            name: "purpose not covered", task: "newsletter-email", contractor: "hayate-transport",
            expected: ["no agreement of contractor hayate-transport in force on 2026-11-18 covers purpose service-info"]),
        RefusalCase(
            name: "mix or enrich under an entrustment", task: "sponsor-prize-shipping", contractor: "hayate-transport",
            expected: ["task sponsor-prize-shipping lets the contractor mix or enrich the data", "is an entrustment"]),
        RefusalCase(
            name: "a provision whose consent the task does not require", task: "prize-shipping", contractor: "hoshizora-toys",
            expected: [
                "agreement AG-2026-009 v1 is a provision relying on each person's consent recorded in "
                    + "consent.provision_prize_sponsors (APPI Art. 27(1)), but task prize-shipping does not require that "
                    + "consent in its row scope"
            ]),
        RefusalCase(
            name: "a provision whose consent field records no consent to the recipient", task: "ad-audience-matching",
            contractor: "linkad-network",
            edit: ("templates/catalog.xml", #"<consent-to-provision recipient="linkad-network"/>"#, #"<consent-to-provision recipient="nordstat"/>"#),
            expected: [
                "agreement AG-2025-015 v2 relies on the consent in catalog field consent.provision_linkad, which does not "
                    + "record a consent to provision to linkad-network"
            ]),
        RefusalCase(
            name: "personal-related information without the recipient's consent confirmed", task: "ad-audience-matching",
            contractor: "linkad-network",
            edit: ("templates/catalog.xml", #"<field id="address.prefecture" column="prefecture""#, #"<field id="address.prefecture" personal-related="true" column="prefecture""#),
            expected: [
                "need region cannot be met",
                "address.prefecture is personal-related information the recipient may link to a person, and agreement "
                    + "AG-2025-015 v2 does not record how the recipient obtains the person's consent",
            ]),
        RefusalCase(
            name: "fields not permitted", task: "prize-shipping", contractor: "aozora-research",
            expected: [
                "need recipient cannot be met", "option name: person.name not permitted by agreement AG-2024-007 v1",
                "need delivery-address cannot be met", "need contact-on-failure cannot be met",
            ]),
        RefusalCase(
            name: "suspended contractor", task: "seminar-invitation-mailing", contractor: "sakura-mailing",
            setup: [["contractor", "suspend", "sakura-mailing", "--note", "quarterly report overdue"]],
            expected: ["contractor sakura-mailing is suspended since 2026-11-18"]),
        RefusalCase(
            name: "terminated contractor", task: "prize-shipping", contractor: "hayate-transport",
            setup: [["contractor", "terminate", "hayate-transport", "--note", "contract ended"]],
            expected: ["contractor hayate-transport is terminated since 2026-11-18"]),
        RefusalCase(
            name: "failed evaluation", task: "inquiry-call-centre", contractor: "kizuna-contact",
            setup: [
                [
                    "contractor", "evaluate", "kizuna-contact", "--kind", "periodic", "--result", "fail", "--on", "2026-11-19",
                    "--note", "on-site check: logs not kept",
                ]
            ],
            epoch: "1795086400",
            expected: ["the latest evaluation of contractor kizuna-contact (periodic on 2026-11-19) failed"]),
        RefusalCase(
            name: "pseudonymised information that contacts the person", task: "statistics-abroad", contractor: "nordstat",
            edit: ("templates/statistics-abroad.xml", "<contacts-person>false</contacts-person>", "<contacts-person>true</contacts-person>"),
            expected: ["task statistics-abroad is pseudonymised information (APPI Rule 31) but contacts the person"]),
        RefusalCase(
            name: "a field not collected for the purpose", task: "prize-shipping", contractor: "hayate-transport",
            edit: (
                "templates/catalog.xml",
                "<collected-for>service-info seminars surveys-prizes campaigns inquiries identity-confirmation service-notices legal-obligations<",
                "<collected-for>service-info seminars campaigns inquiries identity-confirmation service-notices legal-obligations<"
            ),
            expected: ["need recipient cannot be met", "person.name not collected for purpose surveys-prizes"]),
        RefusalCase(
            name: "a direct identifier in pseudonymised information", task: "statistics-abroad", contractor: "nordstat",
            edit: ("templates/statistics-abroad.xml", "field=\"customer.id\" form=\"hmac\"", "field=\"customer.id\""),
            expected: ["customer.id is a direct identifier, which a pseudonymised task never sends (APPI Rule 31)"]),
    ]

    @Test(arguments: cases)
    func aRefusedExtractPrintsTheDiagnosisAndWritesNothing(refusal: RefusalCase) throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let environment = ["SOURCE_DATE_EPOCH": refusal.epoch]
        for command in refusal.setup {
            let run = try consign(command, in: ws, environment: environment)
            #expect(run.status == 0, "\(command): \(run.stderr)")
        }
        if let change = refusal.edit { try edit(ws.appending(path: change.file), replacing: change.old, with: change.new) }
        let events = try registerRows(ws)

        let run = try consign(
            [
                "extract", "--task", refusal.task, "--contractor", refusal.contractor, "--source",
                extractFixtures.appending(path: "customers-tricky.csv").path, "--out", "../out", "--format", "csv,xml",
            ], in: ws, environment: environment)
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.hasPrefix("REFUSED: task \(refusal.task) "), "\(run.stdout)")
        for words in refusal.expected { #expect(run.stdout.contains(words), "\(run.stdout)") }
        #expect(run.stderr.isEmpty, "\(run.stderr)")
        #expect(listing(root.appending(path: "out")) == nil, "a refused extract made --out")
        #expect(try registerRows(ws) == events, "a refused extract changed the register")
        #expect(pendingMarkers(ws).isEmpty)
        // The same diagnosis as consign plan gives.
        let plan = try consign(["plan", "--task", refusal.task, "--contractor", refusal.contractor], in: ws, environment: environment)
        #expect(plan.status == 1 && plan.stdout == run.stdout)
    }

    /// A refusal is decided before the source is read: a missing source does not turn it into an input error.
    @Test func aRefusalComesBeforeReadingTheSource() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try extract("sponsor-prize-shipping", "hayate-transport", source: "no-such-file.csv", out: "../out", in: ws)
        #expect(run.status == 1 && run.stdout.hasPrefix("REFUSED") && run.stderr.isEmpty, "\(run.stdout)\(run.stderr)")
        #expect(listing(root.appending(path: "out")) == nil)
    }

    /// Evaluations recorded on the same day are ordered by when they were recorded: a contractor that failed
    /// its periodic evaluation today, after passing its selection earlier today, receives nothing today.
    @Test func aFailedEvaluationRecordedTodayAfterAPassRefusesTheExtract() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let failed = try consign(
            ["contractor", "evaluate", "kizuna-contact", "--kind", "periodic", "--result", "fail", "--note", "logs not kept"], in: ws)
        #expect(failed.status == 0, "\(failed.stderr)")
        #expect(failed.stdout.contains("fail on 2026-11-18"))
        let run = try extract(
            "inquiry-call-centre", "kizuna-contact", source: extractFixtures.appending(path: "customers-tricky.csv").path,
            out: "../out", in: ws)
        #expect(run.status == 1, "kizuna-contact failed its evaluation today and still received data: \(run.stdout)")
        #expect(run.stdout.contains("the latest evaluation of contractor kizuna-contact (periodic on 2026-11-18) failed"))
        #expect(listing(root.appending(path: "out")) == nil)
    }
}
