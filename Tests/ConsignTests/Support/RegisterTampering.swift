import Foundation
import GRDB

/// Changes a workspace's register with raw SQL after dropping its append-only triggers, and puts the
/// triggers back afterwards, as someone with write access to the file who covers their tracks could
/// (`dropTriggers` leaves them out: a damaged schema is a finding of its own). For the CLI tests, whose
/// workspaces keep their register in SQLite; it is `SQLiteTamperer`'s, the SQLite tampering helper of the
/// contract suite, which says the same changes in the register's words for every backend.
func tamper(_ ws: URL, dropTriggers: Bool = false, _ change: (Database) throws -> Void) throws {
    try SQLiteTamperer(workspace: ws).withoutGuards(restoring: !dropTriggers, change)
}

/// Recomputes every event's chain hash with a key of the tamperer's own (not the workspace key).
func rechainWithoutTheKey(_ db: Database) throws {
    try rechain(db, key: [UInt8](repeating: 7, count: 32))
}

/// Recomputes every event's chain hash with `key`: the ledger key itself, as an insider whose role's key file
/// holds it (procurement, privacy, the auditor) could.
func rechain(_ db: Database, key: [UInt8]) throws {
    let rows = try Row.fetchAll(db, sql: "SELECT sequence, body FROM event ORDER BY sequence").map {
        (sequence: $0["sequence"] as Int, body: [UInt8]($0["body"] as Data))
    }
    var previous = [UInt8](repeating: 0, count: 32)
    for row in rows {
        let sequence = UInt64(row.sequence)
        let message = previous + (0..<8).map { UInt8(truncatingIfNeeded: sequence >> (56 - 8 * $0)) } + row.body
        previous = hmacSHA256(key: key, message: message)
        try db.execute(sql: "UPDATE event SET chain_hash = ? WHERE sequence = ?", arguments: [hexString(previous), row.sequence])
    }
}
