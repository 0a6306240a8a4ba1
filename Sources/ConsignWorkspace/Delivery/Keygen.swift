import ConsignCore
import ConsignDelivery
import ConsignKeys
import Foundation

/// `consign keygen`: a new age identity for a contractor who prefers consign to age-keygen (and for tests):
/// `PREFIX`, the private key as age-keygen writes it (mode 0600, never over an existing file), and
/// `PREFIX.pub`, the recipient to give the company.
public enum Keygen {
    public static func write(prefix: URL, now: Date) throws(InputError) -> (identity: URL, recipient: URL, key: String) {
        let identity = AgeIdentity()
        let recipientFile = URL(fileURLWithPath: prefix.path + ".pub")
        if FileManager.default.fileExists(atPath: recipientFile.path) {
            throw InputError(InputText.cannotCreateKeyFile(reason: String(cString: strerror(EEXIST))).text(), file: recipientFile.path)
        }
        try KeyFile.create(Array(identity.file(created: now).utf8), at: prefix)
        guard FileManager.default.createFile(atPath: recipientFile.path, contents: Data((identity.recipient.text + "\n").utf8))
        else { throw InputError.cannotWrite(recipientFile.path) }
        return (prefix, recipientFile, identity.recipient.text)
    }
}
