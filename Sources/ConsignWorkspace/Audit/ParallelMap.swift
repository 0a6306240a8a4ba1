import Foundation

extension Array {
    /// `map` on every core, results in order: for pure work over many elements, such as the audit's rules
    /// over hundreds of thousands of transfers. `transform` must only read shared state. Collections of
    /// fewer than `minimumPerCore` elements per core are mapped on the calling thread.
    func parallelMap<T>(minimumPerCore: Int = 1_024, _ transform: (Element) -> T) -> [T] {
        let workers = Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount, count / minimumPerCore))
        guard workers > 1 else { return map(transform) }
        return withoutActuallyEscaping(transform) { transform in
            nonisolated(unsafe) let transform = transform
            nonisolated(unsafe) let elements = self
            var results = [T?](repeating: nil, count: count)
            results.withUnsafeMutableBufferPointer { out in
                nonisolated(unsafe) let out = out
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    for index in (elements.count * worker / workers)..<(elements.count * (worker + 1) / workers) {
                        out[index] = transform(elements[index])
                    }
                }
            }
            return results.map { $0! }
        }
    }
}
