import ConsignCore

/// The rows of a file in a courier's import layout (`ImportProfile`): each record's values (the plan's field
/// forms, as the extract's columns hold them) put into the profile's columns, written in its formats (postcode,
/// phone, date, half-width kana) and checked against its limits and the characters it accepts. A row the
/// courier would not take is a problem naming why, never a value cut short; the extract lists every such row
/// (up to `listed`) and writes nothing. What is the same in every row (the sender, the company's account, the
/// date, the task's values) is worked out and checked once.
public struct ProfileRows: Sendable {
    private enum Fill: Sendable {
        /// The extract's column at this index (empty when the plan does not send the input).
        case cell(Int?)
        /// Line n of the delivery address split over the profile's address lines.
        case addressLine(Int)
        case constant(String)
    }

    private let profile: ImportProfile
    private let fills: [Fill]
    /// The extract's columns holding the address's parts, in order; nil when the plan does not send it all.
    private let addressCells: [Int]?
    private let addressLimits: [ImportProfile.Limit]

    /// The rows listed when a file has problems (the rest are counted).
    public static let listed = 20

    /// Fills the profile's columns from the extract's `columns` (the field forms sent, in order) through the task's
    /// `use` (named `taskFile` in errors), the catalog's `sender` (named `catalogFile`) and the extract's date.
    public init(
        _ use: ImportProfileUse, columns: [FieldForm], sender: Sender?, taskFile: String, catalogFile: String,
        on date: CalendarDate
    ) throws(InputError) {
        let profile = use.profile
        self.profile = profile
        func cells(_ input: ImportProfile.Input) -> [Int]? {
            let indexes = use.forms(input).map { columns.firstIndex(of: $0) }
            return indexes.contains(nil) ? nil : indexes.map { $0! }
        }
        addressCells = cells(.address)
        addressLimits = profile.addressLimits
        let senderLimits = profile.columns.compactMap { column -> ImportProfile.Limit? in
            if case .sender(.addressLine) = column.content { column.limit ?? .bytes(.max) } else { nil }
        }
        let senderAddress = sender.flatMap { LabelText.splitAddress([$0.address], limits: senderLimits) }
        var problems: [String] = []
        var fills: [Fill] = []
        for column in profile.columns {
            switch column.content {
            case .input(let input):
                fills.append(.cell(cells(input)?.first))
            case .addressLine(let line):
                fills.append(.addressLine(line))
            case .sender(let part):
                guard let sender else {
                    problems.append(CourierText.noSender(profile: profile.title).text())
                    fills.append(.constant(""))
                    continue
                }
                let value: String =
                    switch part {
                    case .name: sender.name
                    case .postalCode: sender.postalCode
                    case .phone: sender.phone
                    case .addressLine(let line): senderAddress.map { $0.indices.contains(line) ? $0[line] : "" } ?? sender.address
                    }
                fills.append(.constant(value))
            case .account(let part):
                guard let account = sender?.accounts[profile.name] else {
                    problems.append(CourierText.noAccount(profile: profile.title, name: profile.name).text())
                    fills.append(.constant(""))
                    continue
                }
                fills.append(.constant((part == .customerCode ? account.customerCode : account.fareNumber) ?? ""))
            case .shippingDate:
                fills.append(.constant(String(date.description.map { $0 == "-" ? "/" : $0 })))
            case .fixed(let value):
                fills.append(.constant(use.values[column.header]?.value ?? value))
            case .free:
                fills.append(.constant(use.values[column.header]?.value ?? ""))
            }
        }
        self.fills = fills
        // The constants are checked once: the task's where it gives them, the others against the catalog.
        var diagnostics = problems.map { Diagnostic.error($0, file: catalogFile) }
        for (column, fill) in zip(profile.columns, fills) {
            guard case .constant(let value) = fill else { continue }
            if case .failure(let problem) = Self.written(value, column, profile: profile) {
                if let given = use.values[column.header] {
                    diagnostics.append(.error(problem.text, file: taskFile, line: given.line))
                } else if case .sender = column.content {
                    diagnostics.append(.error(problem.text, file: catalogFile))
                } else if case .account = column.content {
                    diagnostics.append(.error(problem.text, file: catalogFile))
                } else {
                    diagnostics.append(.error(problem.text, file: taskFile, line: use.line))
                }
            }
        }
        if senderAddress == nil, let sender {
            diagnostics.append(
                .error(
                    CourierText.addressDoesNotFit(
                        bytes: LabelText.width(sender.address), lines: senderLimits.map(Self.limit), profile: profile.title
                    ).text(), file: catalogFile))
        }
        if !diagnostics.isEmpty { throw InputError(diagnostics) }
    }

    /// The headers, in the profile's order.
    public var headers: [String] { profile.columns.map(\.header) }

    /// The record's row as the courier takes it, or why it would not take it.
    func row(_ cells: UnsafeBufferPointer<UnsafeRawBufferPointer>) -> Result<[String], Unfit> {
        func text(_ index: Int) -> String { String(decoding: cells[index], as: UTF8.self) }
        var address: [String]?
        var problems: [String] = []
        if let addressCells {
            let parts = addressCells.map(text)
            address = LabelText.splitAddress(parts, limits: addressLimits)
            if address == nil {
                problems.append(
                    CourierText.addressDoesNotFit(
                        bytes: LabelText.width(parts.joined()), lines: addressLimits.map(Self.limit), profile: profile.title
                    ).text())
            }
        }
        var row: [String] = []
        row.reserveCapacity(fills.count)
        for (column, fill) in zip(profile.columns, fills) {
            let value: String
            switch fill {
            case .cell(let index):
                value = index.map(text) ?? ""
            case .addressLine(let line):
                value = address.map { $0.indices.contains(line) ? $0[line] : "" } ?? ""
            case .constant(let constant):
                row.append(constant)
                continue
            }
            switch Self.written(value, column, profile: profile) {
            case .success(let written): row.append(written)
            case .failure(let problem): problems.append(problem.text)
            }
        }
        return problems.isEmpty ? .success(row) : .failure(Unfit(text: problems.joined(separator: "; ")))
    }

    /// Why a value, or a row, is not written as the courier takes it.
    struct Unfit: Error {
        var text: String
    }

    static func limit(_ limit: ImportProfile.Limit) -> CourierText.Limit {
        switch limit {
        case .bytes(let n): .bytes(n)
        case .characters(let n): .characters(n)
        }
    }

    /// A value in the column's format, checked against its characters, its limit and whether it is required.
    private static func written(_ value: String, _ column: ImportProfile.Column, profile: ImportProfile) -> Result<String, Unfit> {
        guard !value.isEmpty else {
            return column.required ? .failure(Unfit(text: CourierText.empty(column: column.header, profile: profile.title).text())) : .success("")
        }
        var value = value
        switch column.format {
        case .asIs:
            break
        case .postalCode:
            guard let code = LabelText.postalCode(value) else {
                return .failure(Unfit(text: CourierText.notAPostalCode(column: column.header, value: value).text()))
            }
            value = code
        case .phone:
            guard let phone = LabelText.phoneNumber(value) else {
                return .failure(Unfit(text: CourierText.notAPhoneNumber(column: column.header, value: value).text()))
            }
            value = phone
        case .slashedDate:
            break
        case .reference:
            // A pseudonym (64 hex digits) longer than the column: its first digits, as many as fit.
            if case .characters(let n) = column.limit, value.utf8.count > n, value.utf8.count == 64,
                value.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) })
            {
                value = String(value.prefix(n))
            }
        }
        if column.characters == .halfWidthKana { value = LabelText.halfWidthKana(value) }
        if let character = value.unicodeScalars.first(where: { !accepts(column.characters, $0) }) {
            return .failure(
                Unfit(
                    text: CourierText.characterNotAccepted(column: column.header, character: character, profile: profile.title)
                        .text()))
        }
        if let limit = column.limit, !LabelText.fits(value, limit) {
            return .failure(
                Unfit(
                    text: CourierText.tooLong(
                        column: column.header, length: LabelText.length(value, limit), limit: Self.limit(limit),
                        profile: profile.title
                    ).text()))
        }
        return .success(value)
    }

    private static func accepts(_ characters: ImportProfile.Characters, _ scalar: Unicode.Scalar) -> Bool {
        let printableASCII = scalar.value >= 0x20 && scalar.value < 0x7F
        switch characters {
        case .jisLevels:
            return printableASCII || CP932.jisX0208Row(CP932.jisCharacter(scalar)) != nil
        case .halfWidthKana:
            return printableASCII || (0xFF61...0xFF9F).contains(scalar.value)
        case .alphanumeric:
            return printableASCII && (Character(scalar).isLetter || Character(scalar).isNumber)
        case .digits:
            return (0x30...0x39).contains(scalar.value) || scalar == "-"
        case .ascii:
            return printableASCII
        }
    }
}
