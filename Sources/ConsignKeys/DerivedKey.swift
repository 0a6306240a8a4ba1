import ConsignCore

/// A key derived from the workspace master key with HKDF-SHA-256 (salt `consign/v1`, 32 bytes), named by
/// its HKDF info string. The hierarchy, defined here once:
///
///     master key          .consign/master.key, the staff's; derives every key below
///     ├─ ledger            the register's chain                         procurement, privacy, auditor
///     ├─ derived-state     ledger verify's digests of the derived rows  procurement, privacy, auditor
///     ├─ subject           subject hashes                               privacy, auditor
///     └─ pseudonym:<id>    a contractor's pseudonyms, generation 0      the master key only
///
/// Every role that appends computes chain hashes, and every role may verify, so each role's key file holds
/// `ledger` and `derived-state` (`Role.derivedKeys`). `derived-state` keys sums of 64-bit hashes of rows that
/// anyone with write access to the database can choose: known, it would let them choose rows whose sum
/// matches; it authenticates nothing stored, so whoever may verify may hold it.
///
/// Room left, not yet derived by anything: `signing`, the seed of the company's signing key, held by the
/// master key only; `pseudonym/g<N>:<id>` for generation N ≥ 1 of a contractor's pseudonyms, so that
/// generation 0 keeps `pseudonym:<id>` and today's pseudonyms stay as they are, for every contractor,
/// present and future. Neither may ever be put in a role's key file.
package enum DerivedKey: Hashable, Sendable {
    case ledger
    case derivedState
    case subject
    /// Generation 0 of a contractor's pseudonyms.
    case pseudonym(contractor: String)

    /// The HKDF info string, which names the key in messages and in role key files.
    package var info: String {
        switch self {
        case .ledger: "ledger"
        case .derivedState: "derived-state"
        case .subject: "subject"
        case .pseudonym(let contractor): "pseudonym:\(contractor)"
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
