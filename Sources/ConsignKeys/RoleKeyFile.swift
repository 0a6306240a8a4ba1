import ConsignCore
import Crypto

/// A role's key file, as `consign key export` writes it from the master key: the derived keys the role's
/// work needs (`Role.derivedKeys`), never the master key nor a pseudonym key. Text, so that anyone can see
/// whose file it is and which keys it holds:
///
///     consign-role-keys 1
///     role auditor
///     ledger <64 hex digits>
///     derived-state <64 hex digits>
///     subject <64 hex digits>
///
/// The first line names the format and its version; a later version (one that may hold keys this release
/// does not know) is refused with its version named. Each key is named by its HKDF info string, once.
package struct RoleKeyFile: Sendable {
    static let format = "consign-role-keys"
    static let version = "1"

    package let role: Role
    let keys: [DerivedKey: SymmetricKey]

    /// The role's file, its keys derived from `master`.
    init(role: Role, master: MasterKey) {
        self.role = role
        keys = Dictionary(uniqueKeysWithValues: (role.derivedKeys ?? []).map { ($0, master.derive($0.info)) })
    }

    /// The keys it holds, in the file's order.
    private var held: [(key: DerivedKey, value: SymmetricKey)] {
        (role.derivedKeys ?? []).compactMap { key in keys[key].map { (key, $0) } }
    }

    /// The names of the keys it holds, in the file's order.
    package var keyNames: [String] { held.map(\.key.info) }

    /// Whether `bytes` begin as a role's key file does (whatever the version).
    static func starts(_ bytes: [UInt8]) -> Bool { bytes.starts(with: Array((format + " ").utf8)) }

    /// Reads a role's key file (one that `starts` as one), naming `file` and the line in what it refuses.
    init(parsing bytes: [UInt8], file: String) throws(InputError) {
        var lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        precondition(Self.starts(bytes), "only a file that starts as a role's key file is parsed as one")
        let version = lines[0].dropFirst(Self.format.count + 1)
        guard version == Self.version else {
            throw InputError(KeyText.keyFileVersion(String(version)).text(), file: file, line: 1)
        }
        let badLine = { (index: Int) in InputError(KeyText.keyFileLine.text(), file: file, line: index + 1) }
        let roleLine = lines.dropFirst().first?.split(separator: " ", omittingEmptySubsequences: false)
        guard let roleLine, roleLine.count == 2, roleLine[0] == "role", let role = Role(rawValue: String(roleLine[1])),
            role.derivedKeys != nil
        else { throw badLine(1) }
        var keys: [DerivedKey: SymmetricKey] = [:]
        for (index, line) in lines.enumerated().dropFirst(2) {
            let fields = line.split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count == 2, let key = DerivedKey.inRoleFiles[String(fields[0])], keys[key] == nil,
                let value = [UInt8](hex: String(fields[1])), value.count == 32
            else { throw badLine(index) }
            keys[key] = SymmetricKey(data: value)
        }
        self.role = role
        self.keys = keys
    }

    /// The file's bytes.
    var bytes: [UInt8] {
        let lines =
            ["\(Self.format) \(Self.version)", "role \(role.rawValue)"]
            + held.map { "\($0.key.info) \($0.value.withUnsafeBytes { [UInt8]($0) }.hex)" }
        return Array(lines.map { $0 + "\n" }.joined().utf8)
    }
}
