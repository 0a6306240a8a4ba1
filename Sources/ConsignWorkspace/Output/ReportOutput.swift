import ConsignCore
import ConsignPipeline
import Foundation

/// Writes a report to standard output, or atomically to `path`: a failed write leaves no partial file.
public func emit(_ bytes: [UInt8], to path: String?) throws {
    guard let path else {
        FileHandle.standardOutput.write(Data(bytes))
        return
    }
    try AtomicFile.write(bytes, to: URL(fileURLWithPath: path))
}
