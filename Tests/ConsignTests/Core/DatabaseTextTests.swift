import ConsignCore
import Testing

/// The shared register's sentences (the database URL, the connection, the roles, `consign db`) come from
/// the catalogue in English and Japanese: every entry has both.
@Suite struct DatabaseTextTests {
    static let entries: [DatabaseText] = [
        .notADatabaseURL(url: "mysql://x"), .passwordInURL, .unknownSSLMode(mode: "sometimes"), .unknownParameter(name: "colour"),
        .cannotReadFile(setting: "sslrootcert", path: "/ca.crt"), .cannotConnect(host: "db", port: 5432, reason: "refused"),
        .certificateRefused(host: "db", reason: "unknown CA"), .authenticationFailed(user: "taro", reason: "password"),
        .noTLS(host: "db"), .server(message: "boom (SQLSTATE XX000)"), .serverTime(handedOut: "soon"),
        .notSetUp(database: "consign"), .damagedSchema(url: "postgresql://db/consign", message: "no event"),
        .setUpByOlderRelease(database: "consign", missing: ["v2", "v3"]), .roleMayNotAppend(user: "taro", kind: "transfer"),
        .roleOnlyReads(user: "kenji"), .permissionDenied(user: "taro", message: "permission denied"), .appendOnly(table: "event"),
        .unknownRole(role: "boss"), .setUpDone(database: "consign", applied: []), .setUpDone(database: "consign", applied: ["v1"]),
        .granted(role: "staff", user: "taro"), .importTargetNotEmpty(database: "consign", events: 3),
        .importSourceBroken(file: "r.sqlite", reason: "event 3 does not match"), .importDiffers(event: 3),
        .imported(events: 3, head: "3:ab"),
    ]
    static let help: [Sentence] = [
        DatabaseHelp.database, DatabaseHelp.db, DatabaseHelp.setup, DatabaseHelp.setupDiscussion, DatabaseHelp.setupURL,
        DatabaseHelp.grant, DatabaseHelp.grantDiscussion, DatabaseHelp.role, DatabaseHelp.user, DatabaseHelp.importAbstract,
        DatabaseHelp.importDiscussion, DatabaseHelp.demoLogin,
    ]

    @Test func everyEntryHasEnglishAndJapanese() {
        let entries: [any CatalogueEntry] = Self.entries + Self.help
        for entry in entries {
            expectEnglishAndJapanese(entry)
        }
    }

    @Test func aRoleRefusalNamesTheLoginTheKindAndThatNothingWasRecorded() {
        let refusal = DatabaseText.roleMayNotAppend(user: "taro", kind: "agreement-registered")
        #expect(refusal.text(.en).contains("'taro'") && refusal.text(.en).contains("agreement-registered")
            && refusal.text(.en).contains("nothing was recorded"))
        #expect(refusal.text(.ja).contains("'taro'") && refusal.text(.ja).contains("何も記録していません"))
    }
}
