/// The cells of a table with margins and the equations that bind them: each dimension has its categories and a
/// total, every combination of one position per dimension is a cell (the all-total cell is the grand total), and
/// each total equals the sum of the cells it adds up, dimension by dimension.
package struct TableShape: Sendable, Equatable {
    /// The number of categories of each dimension (its total comes after them).
    package let categories: [Int]

    package init(categories: [Int]) {
        precondition(categories.allSatisfy { $0 > 0 })
        self.categories = categories
    }

    /// Positions per dimension: its categories and its total.
    var extents: [Int] { categories.map { $0 + 1 } }

    package var cellCount: Int { extents.reduce(1, *) }

    /// The cell at one position per dimension (a category's index, or `categories[d]` for the total).
    package func cell(_ position: [Int]) -> Int {
        zip(position, extents).reduce(0) { $0 * $1.1 + $1.0 }
    }

    package func position(of cell: Int) -> [Int] {
        var rest = cell
        var position = [Int](repeating: 0, count: extents.count)
        for d in extents.indices.reversed() {
            position[d] = rest % extents[d]
            rest /= extents[d]
        }
        return position
    }

    /// Whether a cell is a margin (a total in at least one dimension).
    package func isMargin(_ cell: Int) -> Bool {
        zip(position(of: cell), categories).contains { $0 == $1 }
    }

    /// Whether a cell adds up a whole category of one dimension (every other dimension totalled) or the whole table:
    /// what a released table's labels show holds someone, when it holds anyone.
    package func isCategoryTotal(_ cell: Int) -> Bool {
        zip(position(of: cell), categories).filter { $0 == $1 }.count >= categories.count - 1
    }

    /// The table with its margins filled in: every total the sum of the interior cells it covers (each interior
    /// cell adds to the 2^d cells that keep or total each of its positions). Margins in `values` are ignored.
    package func withMargins(_ values: [Double]) -> [Double] {
        var table = [Double](repeating: 0, count: cellCount)
        for cell in 0..<cellCount where !isMargin(cell) {
            for covering in covering(cell) { table[covering] += values[cell] }
        }
        return table
    }

    /// The 2^d cells an interior cell adds to: itself, and every total that keeps or totals each of its positions.
    package func covering(_ cell: Int) -> [Int] {
        let position = position(of: cell)
        return (0..<(1 << categories.count)).map { mask in
            var covering = position
            for d in categories.indices where mask & (1 << d) != 0 { covering[d] = categories[d] }
            return self.cell(covering)
        }
    }

    /// For every dimension and every position of the others: the cells along it minus its total, equal to zero.
    package var equations: [[(cell: Int, coefficient: Double)]] {
        var result: [[(cell: Int, coefficient: Double)]] = []
        for d in categories.indices {
            for cell in 0..<cellCount {
                var position = position(of: cell)
                guard position[d] == categories[d] else { continue }
                var terms: [(cell: Int, coefficient: Double)] = [(cell, -1)]
                for c in 0..<categories[d] {
                    position[d] = c
                    terms.append((self.cell(position), 1))
                }
                result.append(terms)
            }
        }
        return result
    }
}
