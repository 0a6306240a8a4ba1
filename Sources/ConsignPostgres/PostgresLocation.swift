import ConsignCore
import Foundation
import NIOSSL
import PostgresNIO

/// Where the shared register is: a `postgresql://` (or `postgres://`) URL read as libpq users expect —
/// the user, host, port and database, and `sslmode`, `sslrootcert`, `sslcert` and `sslkey` — with libpq's
/// environment (`PGUSER`, `PGSSLMODE`, `PGSSLROOTCERT`, …) where the URL is silent. A URL never holds a
/// password: it is recorded in the workspace and shown in messages, so the password comes from
/// `PGPASSWORD` or `~/.pgpass` (`PGPASSFILE`), or a client certificate logs in instead.
public struct PostgresLocation: Sendable, Equatable {
    public enum SSLMode: String, Sendable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public var user: String
    public var host: String
    public var port: Int
    public var database: String
    public var sslMode: SSLMode
    /// The CA certificates a server's certificate is checked against (`system`: the system's store).
    public var sslRootCert: String?
    public var sslCert: String?
    public var sslKey: String?
    public var applicationName: String?
    public var connectTimeout: Int?

    /// Whether `text` names a PostgreSQL database (rather than a SQLite file).
    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgresql://") || text.hasPrefix("postgres://")
    }

    /// Reads a URL, with libpq's environment variables for what it does not say.
    public init(url text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard Self.isPostgres(text), let url = URLComponents(string: text), let host = url.host, !host.isEmpty else {
            throw InputError(DatabaseText.notADatabaseURL(url: text).text())
        }
        if url.password != nil { throw InputError(DatabaseText.passwordInURL.text()) }
        var parameters: [String: String] = [:]
        for item in url.queryItems ?? [] {
            if item.name == "password" { throw InputError(DatabaseText.passwordInURL.text()) }
            guard ["sslmode", "sslrootcert", "sslcert", "sslkey", "user", "application_name", "connect_timeout"].contains(item.name)
            else { throw InputError(DatabaseText.unknownParameter(name: item.name).text()) }
            parameters[item.name] = item.value ?? ""
        }
        func setting(_ name: String, _ variable: String) -> String? {
            parameters[name] ?? environment[variable].flatMap { $0.isEmpty ? nil : $0 }
        }
        user = url.user ?? setting("user", "PGUSER") ?? environment["USER"] ?? "postgres"
        self.host = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        port = url.port ?? 5432
        let path = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        database = path.isEmpty ? user : path
        let mode = setting("sslmode", "PGSSLMODE") ?? SSLMode.prefer.rawValue
        guard let sslMode = SSLMode(rawValue: mode) else { throw InputError(DatabaseText.unknownSSLMode(mode: mode).text()) }
        self.sslMode = sslMode
        sslRootCert = setting("sslrootcert", "PGSSLROOTCERT")
        sslCert = setting("sslcert", "PGSSLCERT")
        sslKey = setting("sslkey", "PGSSLKEY")
        applicationName = setting("application_name", "PGAPPNAME")
        connectTimeout = setting("connect_timeout", "PGCONNECT_TIMEOUT").flatMap { Int($0) }
    }

    /// The URL as recorded and shown: without a password, with every TLS setting it was given.
    public var url: String {
        var components = URLComponents()
        components.scheme = "postgresql"
        components.user = user
        components.host = host.contains(":") ? "[\(host)]" : host
        components.port = port == 5432 ? nil : port
        components.path = "/" + database
        var items = [URLQueryItem(name: "sslmode", value: sslMode.rawValue)]
        if let sslRootCert { items.append(URLQueryItem(name: "sslrootcert", value: sslRootCert)) }
        if let sslCert { items.append(URLQueryItem(name: "sslcert", value: sslCert)) }
        if let sslKey { items.append(URLQueryItem(name: "sslkey", value: sslKey)) }
        components.queryItems = items
        return components.string ?? "postgresql://\(user)@\(host):\(port)/\(database)"
    }

    /// The connection's configuration: TLS as `sslmode` asks (libpq's meanings: `require` encrypts without
    /// checking the certificate unless a root certificate is given, `verify-ca` checks the chain,
    /// `verify-full` the chain and the host name), and the password from `PGPASSWORD` or the password file.
    func configuration(environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> PostgresConnection.Configuration
    {
        let home = environment["HOME"] ?? NSHomeDirectory()
        let password =
            environment["PGPASSWORD"]
            ?? PasswordFile.password(
                in: environment["PGPASSFILE"] ?? "\(home)/.pgpass", host: host, port: port, database: database, user: user)
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: try tls(home: home))
        configuration.options.connectTimeout = .seconds(Int64(connectTimeout ?? 10))
        if !isIPAddress(host) { configuration.options.tlsServerName = host }
        configuration.options.additionalStartupParameters = [("application_name", applicationName ?? "consign")]
        return configuration
    }

    private func tls(home: String) throws -> PostgresConnection.Configuration.TLS {
        guard sslMode != .disable else { return .disable }
        var tls = TLSConfiguration.makeClientConfiguration()
        // libpq's defaults: a root certificate and a client certificate in ~/.postgresql/, used when present.
        let rootCert = sslRootCert ?? existing("\(home)/.postgresql/root.crt")
        var verification: CertificateVerification
        switch sslMode {
        case .verifyFull: verification = .fullVerification
        case .verifyCA: verification = .noHostnameVerification
        // libpq: a root certificate given to `require` makes it check the chain, as `verify-ca` does.
        case .require: verification = sslRootCert == nil ? .none : .noHostnameVerification
        case .allow, .prefer, .disable: verification = .none
        }
        tls.certificateVerification = verification
        if verification != .none {
            switch rootCert {
            case "system"?: tls.trustRoots = .default
            case let path?:
                guard FileManager.default.isReadableFile(atPath: path) else {
                    throw InputError(DatabaseText.cannotReadFile(setting: "sslrootcert", path: path).text())
                }
                tls.trustRoots = .file(path)
            case nil:
                throw InputError(DatabaseText.cannotReadFile(setting: "sslrootcert", path: "\(home)/.postgresql/root.crt").text())
            }
        }
        if let cert = sslCert ?? existing("\(home)/.postgresql/postgresql.crt") {
            let key = sslKey ?? "\(home)/.postgresql/postgresql.key"
            do {
                tls.certificateChain = try NIOSSLCertificate.fromPEMFile(cert).map { .certificate($0) }
            } catch {
                throw InputError(DatabaseText.cannotReadFile(setting: "sslcert", path: cert).text())
            }
            do {
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
            } catch {
                throw InputError(DatabaseText.cannotReadFile(setting: "sslkey", path: key).text())
            }
        }
        let context = try NIOSSLContext(configuration: tls)
        return sslMode == .allow || sslMode == .prefer ? .prefer(context) : .require(context)
    }

    private func existing(_ path: String) -> String? { FileManager.default.fileExists(atPath: path) ? path : nil }

    private func isIPAddress(_ host: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }
}

/// libpq's password file (`~/.pgpass`): lines of `host:port:database:user:password`, `*` matching
/// anything, `\:` and `\\` escaping; ignored, as libpq ignores it, unless only its owner may read it.
enum PasswordFile {
    static func password(in path: String, host: String, port: Int, database: String, user: String) -> String? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let mode = attributes[.posixPermissions] as? Int, mode & 0o077 == 0,
            let text = try? String(contentsOfFile: path, encoding: .utf8)
        else { return nil }
        let wanted = [host, String(port), database, user]
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let fields = Self.fields(of: line)
            guard fields.count == 5 else { continue }
            if zip(fields, wanted).allSatisfy({ $0 == "*" || $0 == $1 || ($0 == "localhost" && $1 == "127.0.0.1") }) {
                return fields[4]
            }
        }
        return nil
    }

    /// A line's fields, with `\:` and `\\` read as `:` and `\`.
    static func fields(of line: Substring) -> [String] {
        var fields: [String] = [], field = "", escaped = false
        for character in line {
            if escaped {
                field.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" && fields.count < 4 {
                fields.append(field)
                field = ""
            } else {
                field.append(character)
            }
        }
        fields.append(field)
        return fields
    }
}
