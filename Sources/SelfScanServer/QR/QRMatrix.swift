/// A QR symbol as a square grid of modules (true = dark), row-major, without quiet zone.
public struct QRMatrix: Sendable, Hashable {
    /// Modules per side (21 for version 1, +4 per version).
    public let size: Int
    /// The QR version (1…40) the encoder chose.
    public let version: Int
    /// `size × size` modules, row by row.
    public let modules: [Bool]

    /// A matrix from its modules; `modules.count` must be `size * size`.
    public init(size: Int, version: Int, modules: [Bool]) {
        precondition(modules.count == size * size, "a QR matrix is square")
        self.size = size
        self.version = version
        self.modules = modules
    }

    /// Whether the module at `row`, `column` is dark. Outside the symbol (the quiet zone) is light.
    public subscript(row: Int, column: Int) -> Bool {
        guard (0..<size).contains(row), (0..<size).contains(column) else { return false }
        return modules[row * size + column]
    }

    /// The symbol as 8-bit greyscale pixels (0 = black, 255 = white), `scale` pixels per module, with a
    /// light border of `quietZone` modules: a Y800 frame a barcode decoder can read back.
    public func greyscale(scale: Int, quietZone: Int = 4) -> (width: Int, pixels: [UInt8]) {
        let side = (size + 2 * quietZone) * scale
        var pixels = [UInt8](repeating: 255, count: side * side)
        for row in 0..<size {
            for column in 0..<size where self[row, column] {
                let x0 = (column + quietZone) * scale
                let y0 = (row + quietZone) * scale
                for y in y0..<(y0 + scale) {
                    for x in x0..<(x0 + scale) { pixels[y * side + x] = 0 }
                }
            }
        }
        return (side, pixels)
    }
}
