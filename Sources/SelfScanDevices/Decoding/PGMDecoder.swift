/// Parses PGM (P5 binary, P2 ASCII; maxval up to 65535) into a grey image. The format is a header and raw
/// samples, so a small parser is all it needs.
struct PGMDecoder {
    let maxPixels: Int

    func decode(_ bytes: [UInt8]) throws(ImageLoadError) -> GreyImage {
        var index = 2
        let binary = bytes[1] == UInt8(ascii: "5")
        func corrupt(_ why: String) -> ImageLoadError { ImageLoadError(.corrupt, format: .pgm, libraryMessage: why) }
        func number() throws(ImageLoadError) -> Int {
            // Skip whitespace and comments.
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "#") {
                    while index < bytes.count, bytes[index] != 0x0A { index += 1 }
                } else if [0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C].contains(bytes[index]) {
                    index += 1
                } else {
                    break
                }
            }
            var value = 0
            var digits = 0
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39, digits < 10 {
                value = value * 10 + Int(bytes[index] - 0x30)
                index += 1
                digits += 1
            }
            guard digits > 0 else { throw corrupt("bad header number") }
            return value
        }
        let width = try number()
        let height = try number()
        let maxValue = try number()
        guard width > 0, height > 0 else { throw ImageLoadError(.tooManyPixels, format: .pgm) }
        guard width.multipliedReportingOverflow(by: height).overflow == false, width * height <= maxPixels else {
            throw ImageLoadError(.tooManyPixels, format: .pgm, libraryMessage: "\(width)x\(height)")
        }
        guard (1...65535).contains(maxValue) else { throw corrupt("bad maxval \(maxValue)") }
        let count = width * height
        var pixels = [UInt8](repeating: 0, count: count)
        func scaled(_ sample: Int) -> UInt8 { UInt8(min(255, (sample * 255 + maxValue / 2) / maxValue)) }
        if binary {
            index += 1  // exactly one whitespace byte after maxval
            let sampleBytes = maxValue > 255 ? 2 : 1
            guard bytes.count - index >= count * sampleBytes else { throw corrupt("truncated pixel data") }
            for i in 0..<count {
                let at = index + i * sampleBytes
                let sample = sampleBytes == 2 ? Int(bytes[at]) << 8 | Int(bytes[at + 1]) : Int(bytes[at])
                pixels[i] = scaled(sample)
            }
        } else {
            for i in 0..<count { pixels[i] = scaled(min(try number(), maxValue)) }
        }
        return GreyImage(trusted: width, height, pixels)
    }
}
