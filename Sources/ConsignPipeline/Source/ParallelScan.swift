import ConsignCore
import Foundation

/// A mapped CSV file's records scanned on every core. The records are cut into blocks of about `blockSize`
/// bytes, each starting after a line feed; worker threads scan the blocks, each into a part of the answer
/// (`scan`), and the calling thread takes the parts in file order (`run`).
///
/// A block's start is a guess: the line feed before it may sit inside a quoted field. The guess is
/// checked when the block is taken: the block before it ends where its last record ends (scanning on
/// past its nominal end to finish a record that runs over), and a block whose start differs from that is
/// scanned again, on the calling thread, from the right place. Errors are reported only from blocks whose
/// start was right, and only the first in file order, with line numbers counted from the file's start, so
/// the answer is exactly the one-pass answer. Memory stays a few blocks deep: at most `window` blocks are
/// in flight, and the pages of the mapped file already taken are handed back.
final class ParallelScan<Part>: @unchecked Sendable {
    private let source: CSVRecordSource
    private let mapping: MappedFile
    private let blockSize: Int
    private let blockCount: Int
    private let workers: Int
    private let window: Int
    private let scan: (CSVRecordSource) throws(InputError) -> Part

    /// What a worker made of one block.
    private struct Block {
        var start: Int
        /// Where the block's last record ends (the next block's true start).
        var end: Int
        /// Line feeds in `start..<end`.
        var lines: Int
        var part: Part?
        /// With lines counted from 1 at `start`.
        var error: InputError?
    }

    /// One block's part as `run` hands it over: the lines before the block (what its line numbers, counted from 1
    /// at its start, are to be moved down by), and where in the file the block ends.
    struct Taken {
        var part: Part
        var linesBefore: Int
        var end: Int
    }

    private let board = NSCondition()
    private var nextBlock = 0
    private var taken = 0
    private var done: [Int: Block] = [:]
    private var running = 0
    private var cancelled = false

    /// Blocks of 1 MiB, with two per worker in flight, keep memory low and every core busy.
    static var defaultBlockSize: Int { 1 << 20 }
    /// A worker per core, up to eight.
    static var defaultWorkers: Int { min(ProcessInfo.processInfo.activeProcessorCount, 8) }

    /// Nil when one pass is as good: a file that is not mapped, a single core, or a file of a few blocks.
    init?(
        _ source: CSVRecordSource, blockSize: Int = defaultBlockSize,
        workers: Int = defaultWorkers,
        scan: @escaping (CSVRecordSource) throws(InputError) -> Part
    ) {
        guard let mapping = source.mapping, workers > 1 else { return nil }
        let count = (mapping.count - source.dataStart + blockSize - 1) / blockSize
        guard count >= 4 else { return nil }
        self.source = source
        self.mapping = mapping
        self.blockSize = blockSize
        blockCount = count
        self.workers = workers
        window = 2 * workers
        self.scan = scan
    }

    /// Hands every block's part to `take`, in file order; the first error in file order is thrown instead, its
    /// lines counted from the file's start.
    func run(_ take: (Taken) throws(InputError) -> Void) throws(InputError) {
        board.lock()
        running = workers
        board.unlock()
        for _ in 0..<workers {
            let thread = Thread { [self] in work() }
            thread.stackSize = 1 << 20
            thread.start()
        }
        defer { stopWorkers() }
        var expectedStart = source.dataStart
        var line = source.dataLine
        for index in 0..<blockCount {
            var block = wait(for: index)
            if block.start != expectedStart {
                // The guessed start was inside a record that the block before finished: scan again.
                block = scanBlock(index, from: expectedStart)
            }
            if let error = block.error { throw error.shiftingLines(by: line - 1) }
            try take(Taken(part: block.part!, linesBefore: line - 1, end: block.end))
            expectedStart = block.end
            line += block.lines
            mapping.release(below: block.end)
            board.lock()
            taken = index + 1
            board.broadcast()
            board.unlock()
        }
    }

    /// A worker: claims the next block while fewer than `window` wait to be taken, scans it, posts it.
    private func work() {
        while true {
            board.lock()
            while !cancelled && nextBlock < blockCount && nextBlock >= taken + window { board.wait() }
            if cancelled || nextBlock >= blockCount {
                running -= 1
                board.broadcast()
                board.unlock()
                return
            }
            let index = nextBlock
            nextBlock += 1
            board.unlock()
            let block = scanBlock(index, from: guessedStart(index))
            board.lock()
            done[index] = block
            board.broadcast()
            board.unlock()
        }
    }

    private func wait(for index: Int) -> Block {
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

    /// Scans the records starting in `from..<guessedStart(index + 1)`.
    private func scanBlock(_ index: Int, from: Int) -> Block {
        var block = Block(start: from, end: from, lines: 0)
        do {
            let records = try source.block(from: from, stop: guessedStart(index + 1))
            block.part = try scan(records)
            block.end = records.scanner.position
            block.lines = records.scanner.linesConsumed
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

/// What a pass over a source's records builds (a statistics table's cells) when it adds up part by part, so that the
/// source can be read in blocks.
protocol RecordAccumulator {
    /// Adds one record.
    mutating func take(_ record: any SourceRecord) throws(InputError)
    /// Adds the part the records after this part's built (the next block's).
    mutating func add(_ next: Self)
}

extension RecordSource {
    /// Reads every record into `whole`: a mapped CSV file in blocks on every core (`ParallelScan`, of `blockSize`
    /// bytes, nil for its default), each block into a part of its own from `fresh`, added in file order; anything
    /// else in one pass (`forEachRecord`). Either way the answer is the one pass's, unless the file changed while it
    /// was read (`whileUnchanged`).
    func read<Whole: RecordAccumulator>(
        into whole: inout Whole, blockSize: Int? = nil, fresh: @escaping () -> Whole
    ) throws(InputError) {
        let blocks = (self as? CSVRecordSource).flatMap { csv in
            ParallelScan(csv, blockSize: blockSize ?? ParallelScan<Whole>.defaultBlockSize) { (block) throws(InputError) in
                var part = fresh()
                while try block.next() { try part.take(block) }
                return part
            }
        }
        guard let blocks else {
            return try forEachRecord { (record) throws(InputError) in try whole.take(record) }
        }
        try whileUnchanged { () throws(InputError) in
            try blocks.run { (taken) throws(InputError) in whole.add(taken.part) }
        }
    }
}
