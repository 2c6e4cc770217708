/// An ESC/POS byte stream for a receipt, built command by command. Pure: the USB transport sends `bytes`.
public struct EscPosDocument: Sendable, Hashable {
    public enum Alignment: UInt8, Sendable { case left = 0, center = 1, right = 2 }
    /// QR error correction level (`GS ( k` function 169).
    public enum QRCorrection: UInt8, Sendable { case low = 48, medium = 49, quartile = 50, high = 51 }

    public private(set) var bytes: [UInt8] = []

    public init() {}

    /// `ESC @` then `ESC t 16` (CP1252, see `CP1252`).
    public mutating func initialize() {
        bytes += [0x1B, 0x40, 0x1B, 0x74, CP1252.escPosPage]
    }

    /// Text in CP1252 (no line feed).
    public mutating func text(_ text: String) { bytes += CP1252.encode(text) }

    /// Text then `LF`.
    public mutating func line(_ text: String = "") {
        self.text(text)
        bytes.append(0x0A)
    }

    /// `ESC E n`.
    public mutating func bold(_ on: Bool) { bytes += [0x1B, 0x45, on ? 1 : 0] }

    /// `GS ! n`: width and height multipliers 1…8.
    public mutating func size(width: Int, height: Int) {
        let w = UInt8(max(1, min(8, width)) - 1)
        let h = UInt8(max(1, min(8, height)) - 1)
        bytes += [0x1D, 0x21, (w << 4) | h]
    }

    /// `ESC a n`.
    public mutating func align(_ alignment: Alignment) { bytes += [0x1B, 0x61, alignment.rawValue] }

    /// A QR code printed by the printer itself (`GS ( k`, model 2): select model, module size, error correction,
    /// store the data, print it.
    public mutating func qr(_ payload: String, moduleSize: UInt8 = 3, correction: QRCorrection = .medium) {
        let data = Array(payload.utf8)
        let stored = data.count + 3
        bytes += [0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00]
        bytes += [0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, moduleSize]
        bytes += [0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, correction.rawValue]
        bytes += [0x1D, 0x28, 0x6B, UInt8(stored & 0xFF), UInt8(stored >> 8), 0x31, 0x50, 0x30] + data
        bytes += [0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30]
    }

    /// `GS V 66 0`: feed to the cutter and cut (the form python-escpos writes for `cut(feed=False)`).
    public mutating func cut() { bytes += [0x1D, 0x56, 0x42, 0x00] }
}
