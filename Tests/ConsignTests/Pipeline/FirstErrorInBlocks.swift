import ConsignCore
import Testing

/// Expects `pass` (run in one pass with nil, else in blocks of that many bytes) to fail on `text`'s first bad record,
/// at `line`, and in blocks of 16, 64 and 500 bytes with the same diagnostics as in one pass.
func expectFirstErrorInBlocks<Output>(
    atLine line: Int, _ what: String, _ pass: (Int?) throws -> Result<Output, InputError>
) throws {
    guard case .failure(let error) = try pass(nil) else {
        Issue.record("one pass accepted \(what)")
        return
    }
    #expect(error.diagnostics.first?.line == line)
    for blockSize in [16, 64, 500] {
        guard case .failure(let blocked) = try pass(blockSize) else {
            Issue.record("blocks of \(blockSize) accepted \(what)")
            continue
        }
        #expect(blocked.diagnostics == error.diagnostics, "blocks of \(blockSize)")
    }
}
