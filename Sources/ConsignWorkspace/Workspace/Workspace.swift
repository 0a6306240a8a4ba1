import ConsignCore
import ConsignKeys
import ConsignPostgres
import ConsignSQLite
import ConsignStore
import ConsignXML
import Foundation

/// A consign workspace: a directory with `agreements/`, `templates/` and `.consign/` (the register and a
/// key file, the master key or a role's keys, never committed). Every command opens one.
public struct Workspace: Sendable {
    public let root: URL
    /// Whether the root was found by looking upward from the current directory (rather than named), for
    /// the message that says none was found.
    public let searchedUpward: Bool
    /// The database `--database` or `CONSIGN_DATABASE` names, over the one the workspace records.
    public let databaseURL: String?

    public init(root: URL, searchedUpward: Bool = false, databaseURL: String? = nil) {
        self.root = root.standardizedFileURL
        self.searchedUpward = searchedUpward
        self.databaseURL = databaseURL
    }

    /// The workspace a command works on: the one `--workspace` names, else the one `CONSIGN_WORKSPACE` names,
    /// else the nearest folder from `directory` upward that holds `.consign/` (as git finds `.git/`), else
    /// the nearest that holds `templates/` and `agreements/` (documents not yet registered, which `check`
    /// reads), else `directory` itself, marked as searched so that the error says so.
    /// The register's database is the one `database` (`--database`) names, else `CONSIGN_DATABASE`'s, else
    /// the one the workspace records (`consign init --database`), else the embedded SQLite file.
    public static func locate(
        explicit: String?, database: String? = nil, environment: [String: String], from directory: URL
    ) -> Workspace {
        let database = database ?? environment["CONSIGN_DATABASE"].flatMap { $0.isEmpty ? nil : $0 }
        if let named = explicit ?? environment["CONSIGN_WORKSPACE"].flatMap({ $0.isEmpty ? nil : $0 }) {
            return Workspace(root: URL(fileURLWithPath: named, isDirectory: true, relativeTo: directory), databaseURL: database)
        }
        let start = directory.standardizedFileURL
        let ancestors = sequence(first: start) { url in
            let parent = url.deletingLastPathComponent().standardizedFileURL
            return parent.path == url.path ? nil : parent
        }
        let exists = { (url: URL) in FileManager.default.fileExists(atPath: url.path) }
        if let root = ancestors.first(where: { exists($0.appending(path: ".consign")) }) {
            return Workspace(root: root, databaseURL: database)
        }
        if let root = ancestors.first(where: { exists($0.appending(path: "templates")) && exists($0.appending(path: "agreements")) }) {
            return Workspace(root: root, databaseURL: database)
        }
        return Workspace(root: start, searchedUpward: true, databaseURL: database)
    }

    public var stateDirectory: URL { root.appending(path: ".consign") }
    /// The keys this workspace holds: the staff's master key, or one role's key file.
    package func keys() throws(InputError) -> WorkspaceKeys { try WorkspaceKeys.load(in: stateDirectory) }
    public var registerFile: URL { stateDirectory.appending(path: "register.sqlite") }
    /// The shared database's URL, when the workspace's register is on a server (`consign init --database`).
    public var databaseSetting: URL { stateDirectory.appending(path: "database") }
    public var templatesDirectory: URL { root.appending(path: "templates") }
    public var agreementsDirectory: URL { root.appending(path: "agreements") }
    public var contractorsDirectory: URL { agreementsDirectory.appending(path: "contractors") }

    /// Whether `.consign/` exists here.
    public var isInitialized: Bool { FileManager.default.fileExists(atPath: stateDirectory.path) }

    /// Creates `.consign/` with a new master key (mode 0600), or with a copy of `given` (a role's keys from
    /// `consign key export`, or the staff's master key), and an empty register: the embedded one, or, when a
    /// database is named, the one on that server (recorded in `.consign/database`, which never holds a
    /// password), which `consign db setup` has made. Returns the register and the key file's name.
    package func initialize(installing given: WorkspaceKeys? = nil) async throws
        -> (store: any RegisterStore, keyFile: String)
    {
        if isInitialized {
            throw InputError(WorkspaceText.alreadyAWorkspace(state: stateDirectory.path).text(), file: root.path)
        }
        let database = try registerDatabase()
        try FileManager.default.createDirectory(
            at: stateDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        do {
            let master = stateDirectory.appending(path: Role.staff.keyFileName)
            let keys =
                try given?.install(in: stateDirectory) ?? WorkspaceKeys(master: try MasterKey.create(at: master), file: master.path)
            if case .postgres(let location) = database {
                try Data((location.url + "\n").utf8).write(to: databaseSetting)
            }
            return (try await store(database, chain: try LedgerChain(keys: keys)), keys.role.keyFileName)
        } catch {
            // Nothing half made: a workspace whose register cannot be opened is no workspace.
            try? FileManager.default.removeItem(at: stateDirectory)
            throw error
        }
    }

    /// Where the register is kept.
    public enum RegisterDatabase: Sendable, Equatable {
        /// SQLite in `.consign/register.sqlite`, the default.
        case embedded
        case postgres(PostgresLocation)
    }

    /// The register's database: the one named to the command, else the one the workspace records, else
    /// the embedded one.
    public func registerDatabase() throws -> RegisterDatabase {
        var url = databaseURL
        if url == nil, let recorded = FileManager.default.contents(atPath: databaseSetting.path) {
            url = String(decoding: recorded, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard let url else { return .embedded }
        guard PostgresLocation.isPostgres(url) else { throw InputError(DatabaseText.notADatabaseURL(url: url).text()) }
        return .postgres(try PostgresLocation(url: url))
    }

    /// Where the register is, as messages name it: its file, or its database's URL.
    public func registerName() -> String {
        if case .postgres(let location)? = try? registerDatabase() { return location.url }
        return registerFile.path
    }

    /// Opens the register with the workspace key, and finishes what interrupted extracts left: a package
    /// whose transfer committed is put in place, one whose transfer never committed is deleted. A committed
    /// package that still cannot be put in place is reported on stderr, by every command until it is.
    public func openRegister() async throws -> any RegisterStore {
        let store = try await openRegisterAsIs()
        if let missing = try await store.schemaDamage().first(where: \.isTable) {
            throw CorruptRegister(
                description: DocumentText.registerDamaged(file: registerName(), damage: "\(missing)").text())
        }
        for stuck in try await PendingPackage.recover(self, store: store) {
            FileHandle.standardError.write(Data("warning: \(stuck.message)\n".utf8))
        }
        return store
    }

    /// Opens the register without touching anything else (`ledger verify` reads a register as it is), chained
    /// with the workspace's keys: every role's file holds the chain's.
    public func openRegisterAsIs() async throws -> any RegisterStore {
        guard isInitialized else { throw notAWorkspace }
        return try await store(try registerDatabase(), chain: try LedgerChain(keys: try keys()))
    }

    /// The register's store, the one place that names a backend: SQLite in `.consign/`, the embedded default,
    /// or the shared register on a PostgreSQL server.
    private func store(_ database: RegisterDatabase, chain: LedgerChain) async throws -> any RegisterStore {
        switch database {
        case .embedded: try SQLiteRegisterStore(url: registerFile, chain: chain)
        case .postgres(let location): try await PostgresRegisterStore.open(location, chain: chain)
        }
    }

    /// The one error every command gives outside a workspace, saying what to run.
    public var notAWorkspace: InputError {
        InputError(Message.notAWorkspace(directory: root.path, searchedUpward: searchedUpward).text())
    }

    /// A path as the user should read it: relative to the workspace when inside it.
    public func displayPath(_ url: URL) -> String {
        let path = url.standardizedFileURL.path
        let base = root.path.hasSuffix("/") ? root.path : root.path + "/"
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }
}

extension Workspace {
    /// Today in the time zone the workspace's catalog names.
    public func today(_ clock: WallClock) throws -> CalendarDate { try clock.today(timeZone: timeZone()) }

    /// The time zone the workspace's catalog names (its company's).
    public func timeZone() throws -> String { try WorkspaceDocuments.load(self).catalog().document.company.timeZone }

    /// A file kept outside the register as evidence: its path as the workspace shows it, and its SHA-256.
    func evidence(_ url: URL) throws(InputError) -> Evaluation.Evidence {
        Evaluation.Evidence(file: displayPath(url), sha256: sha256Hex(try read(url)))
    }

    /// Reads a file's exact bytes, as an input error naming it when it cannot be read.
    func read(_ url: URL) throws(InputError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            let reason: InputText = FileManager.default.fileExists(atPath: url.path) ? .cannotBeRead : .noSuchFile
            throw InputError(reason.text(), file: displayPath(url))
        }
        return [UInt8](data)
    }
}
