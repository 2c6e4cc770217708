/// What the printer reports about itself, from ESC/POS real-time status (`DLE EOT n`, answered on the bulk IN
/// endpoint even while the printer is stopped) or, for printers without a bulk IN endpoint, the USB printer
/// class `GET_PORT_STATUS` request.
public struct PrinterStatus: Sendable, Hashable, Codable {
    public var coverOpen: Bool
    public var paperOut: Bool
    /// The roll is nearly finished: still prints, worth a warning.
    public var paperNearEnd: Bool
    /// The printer reports an error (cutter, head temperature, or an unspecified port-status error).
    public var error: Bool

    public init(coverOpen: Bool = false, paperOut: Bool = false, paperNearEnd: Bool = false, error: Bool = false) {
        self.coverOpen = coverOpen
        self.paperOut = paperOut
        self.paperNearEnd = paperNearEnd
        self.error = error
    }

    public static let ready = PrinterStatus()

    /// Whether a receipt sent now can come out whole.
    public var canPrint: Bool { !coverOpen && !paperOut && !error }

    /// The device fault the console and `selfscan devices` show, `nil` when it can print (a near-end roll
    /// is a warning, shown but not a fault).
    public var fault: String? {
        if paperOut { return "paper out" }
        if coverOpen { return "cover open" }
        if error { return "printer error" }
        return nil
    }

    /// A short state word: `ready`, `paper low`, or the fault.
    public var summary: String { fault ?? (paperNearEnd ? "paper low" : "ready") }

    /// `DLE EOT 2` (offline cause) and `DLE EOT 4` (roll paper sensor) answers. Each status byte has bits 1
    /// and 4 set and bits 0 and 7 clear (`0xx1xx10`): anything else is not a status byte (`nil`).
    /// - offline cause: bit 2 cover open, bit 5 printing stopped by paper end, bit 6 error.
    /// - roll paper: bits 2–3 paper near end, bits 5–6 paper end.
    public init?(offlineCause: UInt8, rollPaper: UInt8) {
        guard Self.isStatusByte(offlineCause), Self.isStatusByte(rollPaper) else { return nil }
        coverOpen = offlineCause & 0x04 != 0
        paperOut = offlineCause & 0x20 != 0 || rollPaper & 0x60 != 0
        paperNearEnd = rollPaper & 0x0C != 0
        error = offlineCause & 0x40 != 0
    }

    /// The USB printer class port status byte (Printer Class 1.1, GET_PORT_STATUS): bit 5 paper empty,
    /// bit 3 not-error (0: error). A cover open shows as an error there.
    public init(portStatus: UInt8) {
        paperOut = portStatus & 0x20 != 0
        error = !paperOut && portStatus & 0x08 == 0
        coverOpen = false
        paperNearEnd = false
    }

    static func isStatusByte(_ byte: UInt8) -> Bool { byte & 0x93 == 0x12 }

    /// `DLE EOT n`: real-time status transmission (n = 2 offline cause, 4 roll paper sensor).
    public static func request(_ n: UInt8) -> [UInt8] { [0x10, 0x04, n] }

    /// `GS r 1`: transmit the paper sensor status — processed in order with the data, so answered only once
    /// everything sent before it has printed.
    public static let paperSensorRequest: [UInt8] = [0x1D, 0x72, 0x01]

    /// The `GS r 1` answer: bits 0–1 paper near end, bits 2–3 paper end; bits 4 and 7 are 0 (anything else is
    /// not that answer: `nil`).
    public init?(paperSensor byte: UInt8) {
        guard byte & 0x90 == 0 else { return nil }
        self.init(paperOut: byte & 0x0C != 0, paperNearEnd: byte & 0x03 != 0)
    }
}
