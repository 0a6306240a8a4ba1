/// A contractor's public key for encrypted delivery: an age X25519 recipient (`age1…`), which procurement
/// registers from the contractor's own statement of it. The newest key of a contractor is the one extracts
/// are encrypted to; a key once replaced is never used again, by that contractor or any other.
public struct ContractorKey: Equatable, Sendable {
    public var contractor: String
    /// The age recipient, `age1…`, as the contractor gave it.
    public var recipient: String
    /// The day it was registered (from which extracts are encrypted to it).
    public var on: CalendarDate
    public var note: String

    public init(contractor: String, recipient: String, on: CalendarDate, note: String) {
        self.contractor = contractor
        self.recipient = recipient
        self.on = on
        self.note = note
    }
}

/// The start of a new generation of every contractor's pseudonym keys (`consign key rotate`): from this
/// event on, extracts pseudonymise with generation `generation`; older generations stay derivable, so that
/// a pseudonym sent earlier can still be looked up.
public struct PseudonymRotation: Equatable, Sendable {
    /// 1 for the first rotation (generation 0 is the keys every workspace starts with).
    public var generation: Int
    public var on: CalendarDate
    public var note: String

    public init(generation: Int, on: CalendarDate, note: String) {
        self.generation = generation
        self.on = on
        self.note = note
    }
}

/// How a package reached the contractor, as staff record it with the transfer. A password ZIP whose password
/// goes by the same route as the file ("PPAP", abolished by the Cabinet Office in 2020) is not a channel
/// consign makes packages for; a transfer recorded by hand may say it was sent so, and the audit reports it.
public enum DeliveryChannel: String, Sendable, Equatable, CaseIterable {
    case sftp
    /// A link to the company's storage, with its expiry in the channel note.
    case storageLink = "storage-link"
    /// An encrypted file handed over by another route (mail, a shared folder).
    case encryptedFile = "encrypted-file"
    case handDelivery = "hand-delivery"
    /// A password ZIP with the password sent by the same route.
    case passwordZIPSameRoute = "password-zip-same-route"
}

/// The company's signature of a package's manifest (OpenSSH `PROTOCOL.sshsig`, namespace `consign`). The
/// manifest carries its transfer event's sequence and chain hash, so the signature cannot be in that event:
/// it is the next event, appended in the same transaction, so that a transfer made by extract and its
/// signature commit together or not at all. What every contractor holds is thus a signed checkpoint of the
/// register.
public struct PackageSignature: Equatable, Sendable {
    public var transfer: String
    public var contractor: String
    /// SHA-256 of the manifest's bytes, as the transfer event writes them.
    public var manifestSHA256: String
    /// The armored SSH signature (`-----BEGIN SSH SIGNATURE-----`…), as `manifest.xml.sig` holds it.
    public var signature: String

    public init(transfer: String, contractor: String, manifestSHA256: String, signature: String) {
        self.transfer = transfer
        self.contractor = contractor
        self.manifestSHA256 = manifestSHA256
        self.signature = signature
    }
}
