import ConsignCore
import PostgresNIO

/// What a database administrator does to a PostgreSQL server for consign: `consign db setup` (the roles,
/// the schema and its migrations, idempotent) and `consign db grant` (a login gets a role).
public enum PostgresAdministration {
    /// Makes the roles, the schema owned by `consign_owner` and every migration not yet applied, in one
    /// transaction: run again, it applies only what is missing. Returns the migrations it applied.
    public static func setUp(_ location: PostgresLocation) async throws -> [String] {
        let connections = try PostgresConnections(location)
        return try await connections.with { connection in
            let logger = PostgresConnections.logger
            try await connection.execute("BEGIN")
            do {
                // Two setups of one database at once: the second waits, then finds the migrations applied.
                try await connection.execute("SELECT pg_advisory_xact_lock(\(PostgresSchema.chainLock + 1))")
                for statement in PostgresSchema.roles { try await connection.execute(PostgresQuery(unsafeSQL: statement)) }
                try await connection.execute(
                    """
                    DO $$ BEGIN
                        IF NOT pg_has_role(current_user, '\(unescaped: PostgresSchema.owner)', 'MEMBER') THEN
                            EXECUTE 'GRANT \(unescaped: PostgresSchema.owner) TO ' || quote_ident(current_user);
                        END IF;
                    END $$
                    """)
                try await connection.execute(
                    "CREATE SCHEMA IF NOT EXISTS consign AUTHORIZATION \(unescaped: PostgresSchema.owner)")
                try await connection.execute("SET LOCAL ROLE \(unescaped: PostgresSchema.owner)")
                try await connection.execute(PostgresQuery(unsafeSQL: PostgresSchema.migrationTable))
                var applied = Set<String>()
                for try await name in try await connection.query("SELECT name FROM consign.migration", logger: logger)
                    .decode(String.self)
                {
                    applied.insert(name)
                }
                var appliedNow: [String] = []
                for migration in PostgresSchema.migrations where !applied.contains(migration.name) {
                    for statement in migration.statements {
                        try await connection.execute(PostgresQuery(unsafeSQL: statement))
                    }
                    try await connection.execute("INSERT INTO consign.migration (name) VALUES (\(migration.name))")
                    appliedNow.append(migration.name)
                }
                try await connection.execute("COMMIT")
                return appliedNow
            } catch {
                _ = try? await connection.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// Grants a login one of consign's roles (the database user must exist).
    package static func grant(_ role: Role, to user: String, at location: PostgresLocation) async throws {
        let connections = try PostgresConnections(location)
        try await connections.with { connection in
            try await connection.execute(
                PostgresQuery(unsafeSQL: "GRANT \(role.databaseRole) TO \(quotedIdentifier(user))"))
        }
    }

    /// The migrations the database records as applied; nil when it holds no consign schema.
    static func appliedMigrations(_ connections: PostgresConnections) async throws -> Set<String>? {
        try await connections.with { connection in
            var schema = false
            for try await _ in try await connection.query(
                "SELECT 1 FROM pg_namespace WHERE nspname = 'consign'", logger: PostgresConnections.logger
            ).decode(Int32.self) {
                schema = true
            }
            guard schema else { return nil }
            var applied = Set<String>()
            for try await name in try await connection.query("SELECT name FROM consign.migration", logger: PostgresConnections.logger)
                .decode(String.self)
            {
                applied.insert(name)
            }
            return applied
        }
    }

    /// An identifier quoted as PostgreSQL's `quote_ident` does.
    static func quotedIdentifier(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}
