import ConsignCore
import Foundation

/// The extract of a mapped CSV file on every core. The records are cut into blocks of about `blockSize`
/// bytes, each starting after a line feed; worker threads scan the blocks and encode their records into
/// memory, and the calling thread writes the blocks' output in file order.
///
/// A block's start is a guess: the line feed before it may sit inside a quoted field. The guess is
/// checked when the block is written: the block before it ends where its last record ends (scanning on
/// past its nominal end to finish a record that runs over), and a block whose start differs from that is
/// scanned again, on the calling thread, from the right place. Errors are reported only from blocks whose
/// start was right, and only the first in file order, with line numbers counted from the file's start, so
/// the answer is exactly the one-pass answer. Memory stays a few blocks deep: at most `window` blocks are
/// in flight, and the pages of the mapped file already written are handed back.
final class ParallelExtract: @unchecked Sendable {
    private let extractor: Extractor
    private let source: CSVRecordSource
    private let mapping: MappedFile
    private let files: ExtractFiles
    private let blockSize: Int
    private let blockCount: Int
    private let workers: Int
    private let window: Int

    /// What a worker made of one block.
    private struct Block {
        var start: Int
        /// Where the block's last record ends (the next block's true start).
        var end: Int
        /// Line feeds in `start..<end`.
        var lines: Int
        var counts = ExtractCounts()
        var csv: ByteBuffer?
        var xml: ByteBuffer?
        /// With lines counted from 1 at `start`.
        var error: InputError?
    }

    private let board = NSCondition()
    private var nextBlock = 0
    private var written = 0
    private var done: [Int: Block] = [:]
    private var running = 0
    private var cancelled = false

    /// Blocks of 1 MiB, with two per worker in flight, keep memory low and every core busy.
    static let defaultBlockSize = 1 << 20

    /// Nil when one pass is as good: a single core, or a file of a few blocks.
    init?(
        _ extractor: Extractor, source: CSVRecordSource, files: ExtractFiles, blockSize: Int = defaultBlockSize,
        workers: Int = min(ProcessInfo.processInfo.activeProcessorCount, 8)
    ) {
        guard let mapping = source.mapping, workers > 1 else { return nil }
        let count = (mapping.count - source.dataStart + blockSize - 1) / blockSize
        guard count >= 4 else { return nil }
        self.extractor = extractor
        self.source = source
        self.mapping = mapping
        self.files = files
        self.blockSize = blockSize
        blockCount = count
        self.workers = workers
        window = 2 * workers
    }

    func run(progress: ((ExtractProgress) -> Void)?) throws(InputError) -> ExtractCounts {
        board.lock()
        running = workers
        board.unlock()
        for _ in 0..<workers {
            let thread = Thread { [self] in work() }
            thread.stackSize = 1 << 20
            thread.start()
        }
        defer { stopWorkers() }
        var counts = ExtractCounts()
        var expectedStart = source.dataStart
        var line = source.dataLine
        for index in 0..<blockCount {
            var block = take(index)
            if block.start != expectedStart {
                // The guessed start was inside a record that the block before finished: scan again.
                block = scan(index, from: expectedStart)
            }
            if let error = block.error { throw error.shiftingLines(by: line - 1) }
            block.counts.refusals = InputError(block.counts.refusals).shiftingLines(by: line - 1).diagnostics
            if let csv = files.csv, let bytes = block.csv?.bytes { csv.file.append(bytes) }
            if let xml = files.xml, let bytes = block.xml?.bytes { xml.file.append(bytes) }
            counts.add(block.counts)
            expectedStart = block.end
            line += block.lines
            mapping.release(below: block.end)
            board.lock()
            written = index + 1
            board.broadcast()
            board.unlock()
            progress?(ExtractProgress(records: counts.records, bytesRead: block.end, totalBytes: mapping.count))
        }
        return counts
    }

    /// A worker: claims the next block while fewer than `window` wait to be written, scans it, posts it.
    private func work() {
        while true {
            board.lock()
            while !cancelled && nextBlock < blockCount && nextBlock >= written + window { board.wait() }
            if cancelled || nextBlock >= blockCount {
                running -= 1
                board.broadcast()
                board.unlock()
                return
            }
            let index = nextBlock
            nextBlock += 1
            board.unlock()
            let block = scan(index, from: guessedStart(index))
            board.lock()
            done[index] = block
            board.broadcast()
            board.unlock()
        }
    }

    private func take(_ index: Int) -> Block {
        board.lock()
        defer { board.unlock() }
        while done[index] == nil { board.wait() }
        return done.removeValue(forKey: index)!
    }

    private func stopWorkers() {
        board.lock()
        cancelled = true
        board.broadcast()
        while running > 0 { board.wait() }
        board.unlock()
    }

    /// Block `index` nominally starts `index` blocks into the records, just after the next line feed.
    private func guessedStart(_ index: Int) -> Int {
        if index == 0 { return source.dataStart }
        if index >= blockCount { return mapping.count }
        let nominal = source.dataStart + index * blockSize
        guard let newline = memchr(mapping.bytes + nominal, 10, mapping.count - nominal) else { return mapping.count }
        return UnsafePointer(newline.assumingMemoryBound(to: UInt8.self)) - mapping.bytes + 1
    }

    /// Scans the records starting in `from..<guessedStart(index + 1)` into memory.
    private func scan(_ index: Int, from: Int) -> Block {
        let stop = guessedStart(index + 1)
        var block = Block(start: from, end: from, lines: 0)
        do {
            let records = try source.block(from: from, stop: stop)
            var csv = files.csv.map { _ in ByteBuffer(capacity: blockSize / 2) }
            var xml = files.xml.map { _ in ByteBuffer(capacity: blockSize) }
            block.counts = try extractor.pass(
                records, csv: files.csv?.encoder, xml: files.xml?.encoder, csvOut: &csv, xmlOut: &xml, progress: nil)
            block.end = records.scanner.position
            block.lines = records.scanner.linesConsumed
            block.csv = csv
            block.xml = xml
        } catch {
            block.error = error
        }
        return block
    }
}

extension InputError {
    /// The same error with every line number moved down by `offset` (a block's lines counted in the file).
    func shiftingLines(by offset: Int) -> InputError {
        InputError(
            diagnostics.map { diagnostic in
                var shifted = diagnostic
                if shifted.line > 0 { shifted.line += offset }
                return shifted
            })
    }
}
