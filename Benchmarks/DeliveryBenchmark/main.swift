// consign's age encryption alone, file to file, for Benchmarks/delivery.sh to compare with `age -r` and
// `age -d` on the same file (the extract encrypts through the same AgeSealer as it writes).
//
//   delivery-benchmark seal RECIPIENT IN OUT     encrypts IN to the age recipient (age1...)
//   delivery-benchmark open IDENTITY-FILE IN OUT decrypts IN with the identities of an age identity file
import ConsignDelivery
import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 5, ["seal", "open"].contains(arguments[1]) else {
    FileHandle.standardError.write(Data("usage: delivery-benchmark seal|open KEY IN OUT\n".utf8))
    exit(2)
}
let input = open(arguments[3], O_RDONLY)
let output = open(arguments[4], O_WRONLY | O_CREAT | O_TRUNC, 0o600)
guard input >= 0, output >= 0 else { exit(1) }

func writeAll(_ bytes: UnsafeRawBufferPointer) {
    var offset = 0
    while offset < bytes.count {
        let n = write(output, bytes.baseAddress! + offset, bytes.count - offset)
        guard n > 0 else { exit(1) }
        offset += n
    }
}

let bufferSize = 1 << 20
let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 16)
if arguments[1] == "seal" {
    guard let recipient = AgeRecipient(arguments[2]) else { exit(2) }
    var sealer = AgeSealer(recipients: [recipient])
    sealer.head.withUnsafeBytes(writeAll)
    while true {
        let n = read(input, buffer.baseAddress, bufferSize)
        guard n >= 0 else { exit(1) }
        if n == 0 { break }
        sealer.seal(UnsafeRawBufferPointer(rebasing: buffer[..<n]), emit: writeAll)
    }
    sealer.finish(emit: writeAll)
} else {
    let text = (try? String(contentsOfFile: arguments[2], encoding: .utf8)) ?? ""
    guard let identities = try? AgeIdentity.parseFile(text) else { exit(2) }
    do {
        try AgeOpener.open(
            identities: identities,
            read: { target in
                let n = read(input, target.baseAddress, target.count)
                if n < 0 { throw POSIXError(.EIO) }
                return n
            },
            write: writeAll)
    } catch {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        exit(1)
    }
}
close(output)
