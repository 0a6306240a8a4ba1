import ConsignCore
import Foundation

/// Suppression time against table size: seeded count tables with margins, of growing size, a share of their
/// interior cells below the minimum frequency, solved as `consign stats` solves them (branch and cut within its
/// node limit). Prints one line per table: dimensions, cells, sensitive cells, cells suppressed, the method the
/// answer came from (exact or heuristic), the fewest cells proved necessary, branch-and-cut nodes, cuts, and the
/// time.
///
/// With `--sparse`, the interior counts are those of a dimension of one- and two-person categories (a raw birth date):
/// half of them 0, most others 1 or 2, one in twenty from 3 to 22.
///
/// Usage: suppression-benchmark [--sparse] [NODE-LIMIT] [SHAPE...]   (a shape: 10x8, 6x5x4; default: a ladder up to 8x8x8)
let sparse = CommandLine.arguments.contains("--sparse")
let arguments = CommandLine.arguments.dropFirst().filter { $0 != "--sparse" }
let nodeLimit = arguments.first.flatMap { Int($0) } ?? 20_000
let shapes: [[Int]] =
    arguments.dropFirst().map { $0.split(separator: "x").compactMap { Int($0) } }.filter { !$0.isEmpty }.nonEmpty
    ?? [[5, 4], [10, 8], [20, 10], [4, 4, 4], [6, 5, 4], [7, 7, 6], [8, 8, 8]]
let minimum = 10

print("shape\tcells\tsensitive\tsuppressed\tmethod\tleast\tnodes\tcuts\tseconds")
for (index, categories) in shapes.enumerated() {
    var random = SplitMix64(seed: UInt64(index + 1))
    let shape = TableShape(categories: categories)
    var values = [Double](repeating: 0, count: shape.cellCount)
    // Interior counts: about 15% below the minimum, the rest spread up to ten times it.
    for cell in 0..<shape.cellCount where !shape.isMargin(cell) {
        if sparse {
            let draw = random.next() % 100
            values[cell] = draw < 50 ? 0 : draw < 85 ? 1 : draw < 95 ? 2 : Double(3 + random.next() % 20)
            continue
        }
        let small = random.next() % 100 < 15
        values[cell] = Double(small ? Int(random.next() % UInt64(minimum)) : minimum + Int(random.next() % UInt64(9 * minimum)))
    }
    values = shape.withMargins(values)
    // As `consign stats` releases it: the labels show each category, and the whole table, holds someone.
    var floors: [Int: Double] = [:]
    for cell in 0..<shape.cellCount where values[cell] > 0 && shape.isCategoryTotal(cell) { floors[cell] = 1 }
    let problem = CellSuppression(
        cellCount: shape.cellCount, equations: shape.equations,
        layers: [CellSuppression.Layer(counts: values, minimum: Double(minimum), floors: floors)])
    let start = Date()
    let pattern = problem.solve(nodeLimit: nodeLimit)
    let seconds = Date().timeIntervalSince(start)
    let name = categories.map(String.init).joined(separator: "x")
    print("\(name)\t\(shape.cellCount)\t\(problem.sensitive.count)\t\(pattern.cells.count)\t\(pattern.method.rawValue)\t\(pattern.leastCells)\t\(pattern.nodes)\t\(pattern.cuts)\t\(String(format: "%.3f", seconds))")
    fflush(nil)
}

extension Array {
    var nonEmpty: Self? { isEmpty ? nil : self }
}
