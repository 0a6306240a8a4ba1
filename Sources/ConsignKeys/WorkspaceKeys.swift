import ConsignCore
import Crypto
import Foundation

/// The keys this process holds, read from the workspace's one key file: the staff's master key, which
/// derives every key as it always has, or a role's key file, which holds only the keys that role's work
/// needs (`DerivedKey` draws the hierarchy). Asked for a key it does not hold, it says which key, whose file
/// this is and what to do; commands ask before they do anything.
package struct WorkspaceKeys: Sendable {
    private enum Holding: Sendable {
        case master(MasterKey)
        case role(RoleKeyFile)
    }

    private let holding: Holding
    /// The file they were read from, as messages name it.
    package let file: String

    private init(_ holding: Holding, file: String) {
        self.holding = holding
        self.file = file
    }

    package init(master: MasterKey, file: String) { self.init(.master(master), file: file) }

    /// Whose keys these are: the staff's for the master key.
    package var role: Role {
        switch holding {
        case .master: .staff
        case .role(let roleFile): roleFile.role
        }
    }

    /// The keys of a workspace's `.consign/`: its master key, else the role's key file it holds.
    package static func load(in stateDirectory: URL) throws(InputError) -> WorkspaceKeys {
        let master = stateDirectory.appending(path: Role.staff.keyFileName)
        let files = [master] + Role.allCases.filter { $0 != .staff }.map { stateDirectory.appending(path: $0.keyFileName) }
        guard let file = files.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            throw InputError(InputText.noWorkspaceKey(reason: String(cString: strerror(ENOENT))).text(), file: master.path)
        }
        return try read(from: file)
    }

    /// The keys of a key file, whichever it is: a role's key file by its first line, else a master key.
    package static func read(from url: URL) throws(InputError) -> WorkspaceKeys {
        let bytes = try KeyFile.read(url)
        if RoleKeyFile.starts(bytes) { return WorkspaceKeys(.role(try RoleKeyFile(parsing: bytes, file: url.path)), file: url.path) }
        guard bytes.count == 32 else { throw InputError(InputText.keySize.text(), file: url.path) }
        return WorkspaceKeys(.master(MasterKey(bytes: bytes)), file: url.path)
    }

    /// The derived key `key`, or an input error saying that this file lacks it and who holds it.
    package func key(_ key: DerivedKey) throws(InputError) -> SymmetricKey {
        switch holding {
        case .master(let master):
            return master.derive(key.info)
        case .role(let roleFile):
            guard let value = roleFile.keys[key] else {
                let holders = Role.allCases.filter { $0.derivedKeys?.contains(key) == true }.map(\.rawValue)
                throw InputError(
                    KeyText.keyNotHeld(key: key.info, role: roleFile.role.rawValue, file: file, holders: holders).text())
            }
            return value
        }
    }

    /// The keyed hash under which the register knows data subjects (16 bytes of the `subject` key).
    package func subjectHasher() throws(InputError) -> SubjectHasher {
        SubjectHasher(key: try key(.subject).withUnsafeBytes { Array($0) })
    }

    /// Writes `role`'s key file, derived from the master key, to `url` (`consign key export`): never the
    /// staff's, who keep the master key itself, and never over an existing file.
    package func export(_ role: Role, to url: URL) throws(InputError) -> RoleKeyFile {
        guard role.derivedKeys != nil else { throw InputError(KeyText.staffKeepTheMasterKey.text()) }
        guard case .master(let master) = holding else {
            throw InputError(KeyText.exportNeedsTheMasterKey(role: self.role.rawValue, file: file).text())
        }
        let roleFile = RoleKeyFile(role: role, master: master)
        try KeyFile.create(roleFile.bytes, at: url)
        return roleFile
    }

    /// Writes these keys into a workspace's `.consign/` under their role's name (`consign init --key`), mode
    /// 0600, and returns them as read from there.
    package func install(in stateDirectory: URL) throws(InputError) -> WorkspaceKeys {
        let bytes: [UInt8] =
            switch holding {
            case .master(let master): master.bytes
            case .role(let roleFile): roleFile.bytes
            }
        let installed = stateDirectory.appending(path: role.keyFileName)
        try KeyFile.create(bytes, at: installed)
        return WorkspaceKeys(holding, file: installed.path)
    }
}
