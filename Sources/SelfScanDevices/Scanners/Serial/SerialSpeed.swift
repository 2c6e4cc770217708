/// A standard serial line speed (the termios `B*` constants the serial reader maps it to).
public struct SerialSpeed: Sendable, Hashable {
    public let baud: Int
    /// The speeds termios names on Linux that scanners use.
    public static let standard: [Int] = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400]

    public init?(baud: Int) {
        guard Self.standard.contains(baud) else { return nil }
        self.baud = baud
    }
}
