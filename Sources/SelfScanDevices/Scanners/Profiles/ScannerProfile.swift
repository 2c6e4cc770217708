/// How a scanner talks to the host.
public enum ScannerProtocol: String, Sendable, Hashable, Codable, CaseIterable {
    /// USB HID boot keyboard ("keyboard wedge"), read with libusb after detaching the kernel driver.
    case hidKeyboard = "hid-keyboard"
    /// USB HID Point-of-Sale bar code scanner (usage page 0x8C), read with libusb.
    case hidPOS = "hid-pos"
    /// USB CDC-ACM virtual serial port (`/dev/ttyACM*`), read with termios.
    case cdcACM = "cdc-acm"
    /// A keyboard-wedge scanner read through the kernel's evdev node (`/dev/input/event*`), grabbed.
    case evdev
}

/// How a scan ends on a keyboard-wedge or serial scanner.
public enum ScanTerminator: String, Sendable, Hashable, Codable, CaseIterable {
    /// Enter (HID usage 0x28 or keypad Enter 0x58; CR or LF on serial).
    case enter
    /// Tab (HID usage 0x2B; HT on serial).
    case tab
    /// No suffix: the scan ends when no key arrives within the inter-key timeout.
    case none
}

/// Whether the reader may take the device away from the kernel.
public enum ClaimPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Detach the kernel driver (libusb) or EVIOCGRAB (evdev): no keystroke reaches the kiosk UI.
    case exclusive
    /// Never open the device: it is listed, not read.
    case never
}

/// One scanner model's settings, as shipped in `devices/*.json`. See docs/scanners.md for the schema.
public struct ScannerProfile: Sendable, Hashable, Identifiable {
    /// Stable profile name, e.g. `honeywell-voyager-1250g-kbw`. Unique in a catalog.
    public var id: String
    /// Human name of the model and mode.
    public var name: String
    /// USB vendor id; `nil` for a template that only applies when configured for a device.
    public var vendorID: UInt16?
    /// USB product id; `nil` with `vendorID == nil`.
    public var productID: UInt16?
    /// USB interface number to claim (HID) or read (CDC data interface). Default 0.
    public var interface: Int
    public var `protocol`: ScannerProtocol
    /// Keyboard layout the scanner *emulates* (keyboard-wedge and evdev only).
    public var layout: KeyboardLayout
    /// Text the scanner sends before each code (stripped; a scan without it is an error).
    public var prefix: String
    public var suffix: ScanTerminator
    /// Whether each scan starts with a 3-character AIM symbology identifier (`]E0`…).
    public var aimTransmitted: Bool
    /// The longest gap between two keystrokes (or serial bytes) inside one scan, in milliseconds.
    public var interKeyTimeoutMillis: Int
    public var claim: ClaimPolicy
    /// Same code, same device within this window (milliseconds) is one scan.
    public var doubleScanWindowMillis: Int
    /// Serial line speed for `cdc-acm` (ignored by real CDC-ACM devices, used by USB-serial bridges).
    public var baudRate: Int
    /// HID report descriptor (hex) to use when the device's own cannot be read (`hid-pos` only).
    public var reportDescriptorHex: String?

    /// Defaults documented in docs/scanners.md.
    public static let defaultInterKeyTimeoutMillis = 50
    public static let defaultDoubleScanWindowMillis = 50
    public static let defaultBaudRate = 9600

    public init(
        id: String, name: String, vendorID: UInt16?, productID: UInt16?, interface: Int = 0,
        protocol: ScannerProtocol, layout: KeyboardLayout = .us, prefix: String = "",
        suffix: ScanTerminator = .enter, aimTransmitted: Bool = false,
        interKeyTimeoutMillis: Int = ScannerProfile.defaultInterKeyTimeoutMillis,
        claim: ClaimPolicy = .exclusive,
        doubleScanWindowMillis: Int = ScannerProfile.defaultDoubleScanWindowMillis,
        baudRate: Int = ScannerProfile.defaultBaudRate, reportDescriptorHex: String? = nil
    ) {
        self.id = id
        self.name = name
        self.vendorID = vendorID
        self.productID = productID
        self.interface = interface
        self.protocol = `protocol`
        self.layout = layout
        self.prefix = prefix
        self.suffix = suffix
        self.aimTransmitted = aimTransmitted
        self.interKeyTimeoutMillis = interKeyTimeoutMillis
        self.claim = claim
        self.doubleScanWindowMillis = doubleScanWindowMillis
        self.baudRate = baudRate
        self.reportDescriptorHex = reportDescriptorHex
    }

}
