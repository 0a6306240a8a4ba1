import ConsignCore
import ConsignStore
import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// The connections one store holds to its server: one per operation at a time (a transaction has its
/// connection to itself, and the stretches of a ledger read each read on their own), kept for the next
/// operation when it succeeded, closed with the store.
final class PostgresConnections: @unchecked Sendable {
    let location: PostgresLocation
    private let configuration: PostgresConnection.Configuration
    private let lock = NSLock()
    private var idle: [PostgresConnection] = []
    private var opened = 0
    static let logger: Logger = {
        var logger = Logger(label: "consign.postgres")
        logger.logLevel = .critical
        return logger
    }()

    init(_ location: PostgresLocation) throws {
        self.location = location
        configuration = try location.configuration()
    }

    /// Runs `body` on a connection of its own: an idle one, or a new one.
    @discardableResult
    func with<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let connection = try await take()
        do {
            let result = try await body(connection)
            give(connection)
            return result
        } catch {
            // Not kept: a failure may leave a statement's rows unread on it.
            try? await connection.close()
            throw PostgresFailure.explained(error, location: location)
        }
    }

    /// Runs `body` on a connection of its own over a channel opened here, which `body` is given too (a
    /// table source puts a handler of its own in its pipeline), closed when `body` ends.
    static func withChannel<T>(
        _ location: PostgresLocation, _ body: (PostgresConnection, any Channel) async throws -> T
    ) async throws -> T
    {
        let settings = try location.configuration()
        // Connected and started in one chain on the event loop, as PostgresNIO's own connect does: a wait for
        // the task between the two (on a busy machine, past the server's authentication_timeout) would find
        // the connection closed by the server.
        let connected = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(settings.options.connectTimeout)
            .connect(host: location.host, port: location.port)
            .flatMapErrorThrowing { error in
                throw InputError(DatabaseText.cannotConnect(host: location.host, port: location.port, reason: "\(error)").text())
            }
            .flatMap { channel in
                var configuration = PostgresConnection.Configuration(
                    establishedChannel: channel, tls: settings.tls, username: settings.username, password: settings.password,
                    database: settings.database)
                configuration.options = settings.options
                return PostgresConnection.connect(on: channel.eventLoop, configuration: configuration, id: 1, logger: logger)
                    .map { (connection: $0, channel: channel) }
                    .flatMapError { error in channel.close().recover { _ in }.flatMapThrowing { throw error } }
            }
        let (connection, channel): (PostgresConnection, any Channel)
        do {
            (connection, channel) = try await connected.get()
        } catch {
            throw PostgresFailure.explained(error, location: location)
        }
        do {
            let result = try await body(connection, channel)
            try? await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw PostgresFailure.explained(error, location: location)
        }
    }

    /// Runs `reads` at once, each on connections of its own, and returns their results in order once every
    /// one has ended; the first error is thrown then. A read that fails does not cancel the others: a query
    /// whose task is cancelled under PostgresNIO 1.33.2 can wait for ever (a ledger read of a register with a
    /// table dropped hung so, one stretch failing and its siblings cancelled), and what is not cancelled ends.
    static func all<T: Sendable>(_ reads: [@Sendable () async throws -> T]) async throws -> [T] {
        let results = await withTaskGroup(of: (Int, Result<T, any Error>).self) { group in
            for (index, read) in reads.enumerated() {
                group.addTask {
                    do { return (index, .success(try await read())) } catch { return (index, .failure(error)) }
                }
            }
            var results = [Result<T, any Error>?](repeating: nil, count: reads.count)
            for await (index, result) in group { results[index] = result }
            return results
        }
        return try results.map { try $0!.get() }
    }

    private func take() async throws -> PostgresConnection {
        if let connection = lock.withLock({ idle.popLast() }) { return connection }
        let id = lock.withLock {
            opened += 1
            return opened
        }
        do {
            return try await PostgresConnection.connect(configuration: configuration, id: id, logger: Self.logger)
        } catch {
            throw PostgresFailure.explained(error, location: location)
        }
    }

    private func give(_ connection: PostgresConnection) {
        guard !connection.isClosed else { return }
        lock.withLock { idle.append(connection) }
    }

    deinit {
        // Each connection is kept until its channel has closed (PostgresNIO asserts that a connection is
        // closed before it goes).
        for connection in idle { connection.close().whenComplete { _ in _ = connection } }
    }
}

/// PostgreSQL's failures in words that say what happened and what to do. PostgresNIO's own description of
/// an error hides the server's message (it may quote data); consign's messages quote it, with its SQLSTATE.
enum PostgresFailure {
    static func explained(_ error: any Error, location: PostgresLocation) -> any Error {
        if error is InputError || error is Refusal || error is CorruptRegister { return error }
        if let error = error as? NIOSSLError {
            return InputError(DatabaseText.certificateRefused(host: location.host, reason: "\(error)").text())
        }
        if let error = error as? BoringSSLError {
            return InputError(DatabaseText.certificateRefused(host: location.host, reason: "\(error)").text())
        }
        guard let error = error as? PSQLError else { return error }
        if let underlying = error.underlying, underlying is NIOSSLError || underlying is BoringSSLError {
            return InputError(DatabaseText.certificateRefused(host: location.host, reason: "\(underlying)").text())
        }
        guard let server = error.serverInfo else {
            let reason = error.underlying.map { "\($0)" } ?? "\(error.code)"
            switch error.code {
            case .sslUnsupported:
                return InputError(DatabaseText.noTLS(host: location.host).text())
            case .authMechanismRequiresPassword, .saslError, .unsupportedAuthMechanism:
                return InputError(DatabaseText.authenticationFailed(user: location.user, reason: reason).text())
            default:
                return InputError(DatabaseText.cannotConnect(host: location.host, port: location.port, reason: reason).text())
            }
        }
        let message = server[.message] ?? "\(error.code)"
        switch server[.sqlState] {
        case "28P01", "28000":
            return InputError(DatabaseText.authenticationFailed(user: location.user, reason: message).text())
        case "CN001":
            let kind = server[.detail] ?? ""
            return Refusal(
                kind == "any"
                    ? DatabaseText.roleOnlyReads(user: location.user).text()
                    : DatabaseText.roleMayNotAppend(user: location.user, kind: kind).text())
        case "CN002":
            return Refusal(DatabaseText.appendOnly(table: server[.detail] ?? "").text())
        case "42501":
            return InputError(DatabaseText.permissionDenied(user: location.user, message: message).text())
        case "3F000":
            return InputError(DatabaseText.notSetUp(database: location.database).text())
        case "42P01":
            return CorruptRegister(description: DatabaseText.damagedSchema(url: location.url, message: message).text())
        case "3D000":
            return InputError(
                DatabaseText.cannotConnect(host: location.host, port: location.port, reason: message).text())
        default:
            return InputError(DatabaseText.server(message: "\(message) (SQLSTATE \(server[.sqlState] ?? "?"))").text())
        }
    }
}

extension PostgresConnection {
    /// Runs a statement whose rows are not wanted, to its end: PostgresNIO hands a statement's error (a
    /// function's RAISE, a trigger's refusal) to whoever reads its rows, so a result left unread would hide it.
    func execute(_ query: PostgresQuery) async throws {
        for try await _ in try await self.query(query, logger: PostgresConnections.logger) {}
    }
}
