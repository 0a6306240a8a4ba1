import ConsignCore

/// A key derived from the workspace master key with HKDF-SHA-256 (salt `consign/v1`, 32 bytes), named by
/// its HKDF info string. The hierarchy, defined here once:
///
///     master key          .consign/master.key, the staff's; derives every key below
///     ├─ ledger            the register's chain                         procurement, privacy, auditor
///     ├─ derived-state     ledger verify's digests of the derived rows  procurement, privacy, auditor
///     ├─ subject           subject hashes                               privacy, auditor
///     ├─ signing           the seed of the company's Ed25519 key        the master key only
///     └─ pseudonym:<id>    a contractor's pseudonyms, generation 0      the master key only
///        pseudonym/g<N>:<id>  generation N ≥ 1 (consign key rotate)     the master key only
///
/// Every role that appends computes chain hashes, and every role may verify, so each role's key file holds
/// `ledger` and `derived-state` (`Role.derivedKeys`). `derived-state` keys sums of 64-bit hashes of rows that
/// anyone with write access to the database can choose: known, it would let them choose rows whose sum
/// matches; it authenticates nothing stored, so whoever may verify may hold it.
///
/// `signing` is the 32-byte seed of the company's Ed25519 key, which signs every package's manifest (SSH
/// signatures); its public key is what contractors are given (`consign company-key`). Pseudonym keys come
/// in generations (`consign key rotate` starts the next): generation 0 is `pseudonym:<id>`, as it always
/// was, so pseudonyms made before rotation existed stay as they are; generation N ≥ 1 is
/// `pseudonym/g<N>:<id>`. Every generation stays derivable, for looking up what a contractor received.
/// Neither `signing` nor a pseudonym key may ever be put in a role's key file.
package enum DerivedKey: Hashable, Sendable {
    case ledger
    case derivedState
    case subject
    case signing
    /// A generation of a contractor's pseudonym key (0: the first, the keys every workspace starts with).
    case pseudonym(contractor: String, generation: Int = 0)

    /// The HKDF info string, which names the key in messages and in role key files.
    package var info: String {
        switch self {
        case .ledger: "ledger"
        case .derivedState: "derived-state"
        case .subject: "subject"
        case .signing: "signing"
        case .pseudonym(let contractor, let generation):
            generation == 0 ? "pseudonym:\(contractor)" : "pseudonym/g\(generation):\(contractor)"
        }
    }

    /// The keys a role's key file may hold, by name.
    static let inRoleFiles: [String: DerivedKey] = Dictionary(
        uniqueKeysWithValues: [DerivedKey.ledger, .derivedState, .subject].map { ($0.info, $0) })
}

extension Role {
    /// The derived keys the role's key file holds; nil for the staff, who hold the master key itself (it
    /// alone derives pseudonyms, so only the staff extract).
    package var derivedKeys: [DerivedKey]? {
        switch self {
        case .staff: nil
        case .procurement: [.ledger, .derivedState]
        case .privacy, .auditor: [.ledger, .derivedState, .subject]
        }
    }

    /// The role's key file in a workspace's `.consign/`: the one place that names it.
    package var keyFileName: String { self == .staff ? "master.key" : "\(rawValue).key" }
}
