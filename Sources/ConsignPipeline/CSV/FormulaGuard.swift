/// The guard against formula injection in CSV extracts (a cell that a spreadsheet would run): a cell that
/// starts with `=`, `+`, `-`, `@`, tab, CR or LF gets a leading `'`, unless the whole cell is a number or
/// a phone number (digits with an optional leading `+` and spaces, hyphens or parentheses), which
/// spreadsheets read as values and couriers need intact.
public enum FormulaGuard {
    /// Whether the cell needs the leading `'`.
    @inline(__always)
    public static func needsGuard<Cell: Collection<UInt8>>(_ cell: Cell) -> Bool {
        guard let first = cell.first, isTrigger(first) else { return false }
        return !isNumber(cell) && !isPhoneNumber(cell)
    }

    public static func guarded(_ cell: String) -> String { needsGuard(cell.utf8) ? "'" + cell : cell }

    @inline(__always)
    static func isTrigger(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "=") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "@")
            || byte == 9 || byte == 13 || byte == 10
    }

    /// An optional sign, digits, and an optional decimal part: `-12`, `+3.5`.
    static func isNumber<Cell: Collection<UInt8>>(_ cell: Cell) -> Bool {
        var bytes = cell[...]
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        let parts = bytes.split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy(isDigit) else { return false }
        return parts.count == 1 || (!parts[1].isEmpty && parts[1].allSatisfy(isDigit))
    }

    /// Digits with an optional leading `+` and spaces, hyphens or parentheses: `+81 90-1234-5678`.
    static func isPhoneNumber<Cell: Collection<UInt8>>(_ cell: Cell) -> Bool {
        var bytes = cell[...]
        if bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        // It starts with a digit or "(" after the optional "+": "-1-2" is arithmetic, not a phone number.
        guard let first = bytes.first, isDigit(first) || first == UInt8(ascii: "(") else { return false }
        return bytes.allSatisfy {
            isDigit($0) || $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "(")
                || $0 == UInt8(ascii: ")")
        }
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
