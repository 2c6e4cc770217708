public import SelfScanCore

/// A point in image pixel coordinates.
public struct PixelPoint: Sendable, Hashable, Codable {
    public let x: Int
    public let y: Int

    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }
}

/// One symbol found in an image or frame, normalised (see `SymbolNormaliser`).
public struct DecodedSymbol: Sendable, Hashable {
    public let symbology: Symbology
    /// AIM identifier (ISO/IEC 15424), including modifiers such as `]E3` (add-on) or `]Q3` (GS1 QR).
    public let aim: AIMIdentifier
    /// The payload bytes (GS1 FNC1 separators as 0x1D, add-ons appended, UPC expanded to 13 digits).
    public let payload: [UInt8]
    /// zbar's quality score (higher is better; for linear codes roughly the number of scan lines that read it).
    public let quality: Int
    /// Outline points zbar reports, in the coordinates of the image given to the decoder.
    public let location: [PixelPoint]
    /// Which decode pass found it (`plain` for the first).
    public let pass: RetryPass

    public init(
        symbology: Symbology, aim: AIMIdentifier, payload: [UInt8], quality: Int, location: [PixelPoint],
        pass: RetryPass
    ) {
        self.symbology = symbology
        self.aim = aim
        self.payload = payload
        self.quality = quality
        self.location = location
        self.pass = pass
    }

    /// The payload as text: UTF-8 when valid, else (QR) Shift-JIS or Latin-1 as `PayloadText` decides.
    public var text: String { PayloadText.decode(payload) }

    /// The symbol as a `ScanEvent` from `deviceID` (e.g. a camera), for the same pipeline as scan guns.
    public func scanEvent(deviceID: DeviceID, timestamp: Instant) -> ScanEvent {
        ScanEvent(deviceID: deviceID, symbology: aim, payload: payload, timestamp: timestamp)
    }
}
