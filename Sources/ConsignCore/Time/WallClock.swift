#if canImport(Glibc)
import Glibc
#endif

/// What time it is for the register: the system's real time, read afresh each time it is asked, unless
/// an override fixes it (`SOURCE_DATE_EPOCH`, for reproducible demos and tests). The store asks it for an
/// event's time inside the append, under the write lock; an event made under the override says so in its
/// record (`RegisterEvent.clock`).
public struct WallClock: Sendable {
    /// The time the override fixes; nil for the real time.
    public let fixed: Timestamp?

    public init(fixed: Timestamp? = nil) { self.fixed = fixed }

    /// The real time, never overridden.
    public static let real = WallClock()

    public var now: Timestamp {
        if let fixed { return fixed }
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Timestamp(secondsSinceEpoch: Int64(time.tv_sec))
    }

    /// How the events this clock times are recorded.
    public var source: RegisterEvent.ClockSource { fixed == nil ? .system : .override }
}

/// Who records events, with the clock that times them: what every command that appends carries.
public struct Recorder: Sendable {
    /// `--operator`, else the login name.
    public var name: String
    public var clock: WallClock

    public init(name: String, clock: WallClock) {
        self.name = name
        self.clock = clock
    }
}
