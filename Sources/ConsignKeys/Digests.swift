import ConsignCore
import Crypto
import Foundation

/// SHA-256 of bytes, lowercase hex: how documents, evidence and signed files are addressed.
public func sha256Hex(_ bytes: some Sequence<UInt8>) -> String {
    Array(SHA256.hash(data: Array(bytes))).hex
}

/// The size and SHA-256 (lowercase hex) of a file, read in 1 MiB pieces (packages can be gigabytes); nil
/// when it cannot be read.
public func sha256Hex(ofFile url: URL) -> (bytes: Int, sha256: String)? {
    let descriptor = open(url.path, O_RDONLY)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var hash = SHA256()
    var total = 0
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
    defer { buffer.deallocate() }
    while true {
        let n = read(descriptor, buffer.baseAddress, buffer.count)
        if n < 0 && errno == EINTR { continue }
        guard n >= 0 else { return nil }
        if n == 0 { return (total, Array(hash.finalize()).hex) }
        hash.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        total += n
    }
}
