/// A count with thousands separators, 1,000,000, as the catalogue's sentences write it in every language.
public func thousands(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = n < 0 ? "-" : ""
    for (i, digit) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
        out.append(digit)
    }
    return out
}
