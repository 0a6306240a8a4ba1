import ConsignCore
import Foundation
import Testing

/// The register's sentences come from one catalogue, in English and Japanese: every message has both, and
/// the command line says them in the language `CONSIGN_LANG` (or a Japanese locale) chooses.
@Suite struct MessageCatalogueTests {
    static let at = Timestamp("2026-11-18T11:06:40Z")!
    static let messages: [Message] = [
        .clockBehind(clock: at, overridden: true, lastEvent: 3, lastRecordedAt: at),
        .clockBehind(clock: at, overridden: false, lastEvent: 3, lastRecordedAt: at),
        .planMoved(transfer: "T-1", readThrough: 2, .dateChanged(planned: fixedToday, committing: fixedToday.adding(days: 1))),
        .planMoved(transfer: "T-1", readThrough: 2, .agreementRegistered(agreement: "AG-1", version: 3, event: 4)),
        .planMoved(transfer: "T-1", readThrough: 2, .profileRegistered(contractor: "c", version: 2, event: 4)),
        .planMoved(transfer: "T-1", readThrough: 2, .standing(events: [3], reasons: ["contractor c is suspended since 2026-11-18"])),
        .planMoved(transfer: "T-1", readThrough: 2, .standing(events: [], reasons: ["the yearly check is overdue"])),
        .planMoved(transfer: "T-1", readThrough: 2, .agreementReplaced(now: "AG-2", nowVersion: 1, planned: "AG-1", plannedVersion: 2, purpose: "p")),
        .planMoved(transfer: "T-1", readThrough: 2, .subjectsStopped(count: 1, events: [5])),
        .timeWentBack(event: 4, at: at, previous: at),
        .columnDisagrees(event: 1, kind: "transfer", contractor: "a", recordKind: "transfer", recordContractor: "b"),
        .subjectChunkMisfiled(event: 7), .tableMissing("event"), .triggerMissing("event_refuses_update"),
        .packageNotInPlace(transfer: "T-1", event: 5, reason: "something else is there", waitsIn: "/out/.consign-T-1.partial"),
        .packageFile(package: "out/T-1", transfer: "T-1", event: 5, .missing("extract.csv")),
        .packageFile(package: "out/T-1", transfer: "T-1", event: 5, .unreadable("extract.csv")),
        .packageFile(package: "out/T-1", transfer: "T-1", event: 5, .changed("extract.csv", bytes: 2, sha256: "ab", recordedBytes: 1, recordedSHA256: "cd")),
        .packageFile(package: "out/T-1", transfer: "T-1", event: 5, .extra("notes.txt")),
        .manifestChanged(manifest: "out/T-1/manifest.xml", transfer: "T-1", event: 5),
        .manifestUnknownTransfer(manifest: "out/T-1/manifest.xml"),
        .releaseFile(folder: "tables/S-1", release: "S-1", event: 5, .missing("table.csv")),
        .releaseFile(folder: "tables/S-1", release: "S-1", event: 5, .unreadable("table.csv")),
        .releaseFile(folder: "tables/S-1", release: "S-1", event: 5, .changed("table.csv", bytes: 2, sha256: "ab", recordedBytes: nil, recordedSHA256: "cd")),
        .releaseFile(folder: "tables/S-1", release: "S-1", event: 5, .extra("notes.txt")),
        .releaseManifestChanged(manifest: "tables/S-1/manifest.xml", release: "S-1", event: 5),
        .manifestUnknownRelease(manifest: "tables/S-1/manifest.xml", release: "S-1"),
        .clockOverridden(event: 4, kind: "transfer", at: at, by: "root"),
        .sourceChanged(.cutShort(from: 10, to: 3)), .sourceChanged(.writtenTo), .sourceChanged(.removed), .sourceChanged(.unreadable),
        .schema(.duplicate(need, values: ["recipient"], constraint: "unique-need-id")), .schema(.textAmongElements(need)),
        .schema(.notEmpty(need)), .schema(.elementsInValue(need)),
        .schema(.tooLong(Message.SchemaPlace(element: "task", attribute: "id"), length: "90", limit: "64")),
        .wellFormedness(.tagMismatch(opened: "rowscope", line: "37", closedBy: "row-scope")),
        .wellFormedness(.unclosed(element: "task", line: "2")), .wellFormedness(.afterRoot),
        .wellFormedness(.attributeTwice("field")), .wellFormedness(.unknownEntity("nbsp")), .wellFormedness(.bareAmpersand),
        .wellFormedness(.bareLessThan), .wellFormedness(.startTagUnfinished(element: "use", line: "9")),
    ]
    static let need = Message.SchemaPlace(element: "need", attribute: nil)

    @Test func everyMessageHasEnglishAndJapanese() {
        for message in Self.messages {
            expectEnglishAndJapanese(message)
            #expect(message.text(.en) != message.text(.ja))
        }
    }

    /// libxml2's errors a person meets in a document, schema and parser alike, come restated in the chosen language.
    @Test func aDocumentsErrorsAreSaidInJapanese() throws {
        let root = try temporaryDirectory("consign-schema-ja")
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try consign(["init", "--example", "ws"], in: root).status == 0)
        let ws = root.appending(path: "ws")
        let template = ws.appending(path: "templates/prize-shipping.xml")
        let original = try readText(template)
        let cases: [(old: String, new: String, said: String)] = [
            ("<need id=\"reference\">", "<need id=\"recipient\">", "<need> の 'recipient' は、前にある別の <need> と重複しています"),
            ("<row-scope>", "<rowscope>", "で開いた <rowscope> が </row-scope> で閉じられています"),
            ("<use field=\"person.name\"/>", "<use field=\"person.name\">x</use>", "<use> の中には何も書けません"),
            ("<title>Shipping of", "<title>Shipping & handling of", "本文の & が実体参照になっていません"),
        ]
        for (old, new, said) in cases {
            try original.replacingOccurrences(of: old, with: new).write(to: template, atomically: true, encoding: .utf8)
            let checked = try consign(["check", "--lang", "ja"], in: ws)
            #expect(checked.status == 2 && checked.stderr.contains("templates/prize-shipping.xml:") && checked.stderr.contains(said), "\(checked.stderr)")
        }
    }

    @Test func theCommandLineSpeaksTheChosenLanguage() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let refused = try consign(
            ["contractor", "suspend", "sakura-mailing", "--note", "x"], in: ws,
            environment: ["SOURCE_DATE_EPOCH": "1794996400", "CONSIGN_LANG": "ja"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("時計が 2026-11-18T10:06:40Z（SOURCE_DATE_EPOCH） を示しており"), "\(refused.stderr)")
        let byLocale = try consign(
            ["contractor", "suspend", "sakura-mailing", "--note", "x"], in: ws,
            environment: ["SOURCE_DATE_EPOCH": "1794996400", "LANG": "ja_JP.UTF-8"])
        #expect(byLocale.stderr.contains("台帳の時刻は先へ進む向きにしか記録できません"), "\(byLocale.stderr)")
        let english = try consign(
            ["contractor", "suspend", "sakura-mailing", "--note", "x"], in: ws,
            environment: ["SOURCE_DATE_EPOCH": "1794996400", "LANG": "ja_JP.UTF-8", "CONSIGN_LANG": "en"])
        #expect(english.stderr.contains("time only moves forward in the register"), "\(english.stderr)")
    }
}
