/// The four kinds of people who share a register, by the names `consign key export` takes: procurement
/// registers contractors and agreements and records status changes and evaluations; the staff record
/// transfers (by extract or by hand) and deletion confirmations; privacy records stop-use and erasure
/// requests; the auditor only reads. Each holds the keys its work needs (`WorkspaceKeys`).
package enum Role: String, Sendable, CaseIterable {
    case procurement, staff, privacy, auditor
}
