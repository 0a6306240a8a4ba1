import ConsignCore
import ConsignDelivery
import Foundation

extension Procurement {
    /// Registers `recipient` (an age X25519 recipient, `age1…`) as the contractor's delivery key from `on`
    /// (default today): extracts with `--encrypt` go to it from now on, and the key it replaces is never
    /// used again. Returns the event and the fingerprint of the key it replaced, if any.
    public func registerKey(of contractor: String, recipient text: String, on date: CalendarDate?, note: String)
        async throws -> (event: RecordedEvent, replaced: String?)
    {
        let recipient = try DeliveryKeyInput.recipient(text)
        let replaced = try await store.standing().contractors[contractor]?.currentKey
            .map { DeliveryKeyInput.fingerprint(of: $0.value.recipient) }
        let key = ContractorKey(contractor: contractor, recipient: recipient.text, on: try date ?? today(), note: note)
        return (try await store.record(.contractorKey(key), by: recorder), replaced)
    }
}

/// A contractor's delivery key as people give it: the recipient on the command line, or a file holding it.
public enum DeliveryKeyInput {
    /// The recipient `text`; an input error says what it is instead (a private key is named as one, so that
    /// nobody registers, or passes around, what only the contractor may hold).
    package static func recipient(_ text: String, file: String? = nil, line: Int = 0) throws(InputError) -> AgeRecipient {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.uppercased().hasPrefix("AGE-SECRET-KEY-") {
            throw InputError(DeliveryText.privateKeyGiven.text(), file: file, line: line)
        }
        guard let recipient = AgeRecipient(trimmed) else {
            throw InputError(DeliveryText.notARecipient(trimmed).text(), file: file, line: line)
        }
        return recipient
    }

    /// The fingerprint of a registered recipient, as `contractor show`, manifests and transfer records give it.
    public static func fingerprint(of recipient: String) -> String { AgeRecipient(recipient)?.fingerprint ?? "" }

    /// The one recipient of a file as `age-keygen -y` or `consign keygen` writes it (comments and blank lines
    /// aside); an identity file is refused as a private key.
    public static func recipient(inFile url: URL, name: String) throws(InputError) -> String {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw InputError(InputText.cannotBeRead.text(), file: name)
        }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated().map { ($0 + 1, $1.trimmingCharacters(in: .whitespacesAndNewlines)) }
            .filter { !$0.1.isEmpty && !$0.1.hasPrefix("#") }
        for (number, line) in lines where line.uppercased().hasPrefix("AGE-SECRET-KEY-") {
            throw InputError(DeliveryText.privateKeyGiven.text(), file: name, line: number)
        }
        guard lines.count == 1 else { throw InputError(DeliveryText.recipientFile(lines: lines.count).text(), file: name) }
        return try recipient(lines[0].1, file: name, line: lines[0].0).text
    }
}
