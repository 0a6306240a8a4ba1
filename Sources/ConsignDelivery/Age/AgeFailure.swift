/// Why an age file was not opened, in the classes the C2SP test vectors distinguish, so that a parsing
/// error is never reported as a wrong key or a bad MAC.
package enum AgeFailure: Error, Equatable, Sendable {
    /// The header is not a well-formed age v1 header (`detail` says where).
    case header(String)
    /// The file is of another version of the format.
    case version(String)
    /// The header parsed, but no stanza opens with the identities given.
    case noMatch
    /// The header's MAC does not match: the header was changed.
    case hmac
    /// The payload is cut, changed or extended (`detail` says which chunk).
    case payload(String)
    /// The file could not be read or the plaintext not written (the system's reason).
    case io(String)
}
