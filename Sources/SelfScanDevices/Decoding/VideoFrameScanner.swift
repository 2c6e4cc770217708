/// One camera stream's decoder (zbar image scanners are not shareable: one per stream, used by one thread
/// at a time). The video profile (`DecodeOptions.video`: a coarse first pass on every 8th row, then retail
/// symbologies on every 2nd line and its retry passes while nothing is found), and an optional region of
/// interest.
///
/// Each frame gets a fresh zbar image scanner: a scanner reused across images carries EAN halves from one
/// image into the next even after `zbar_image_scanner_recycle_image` (a frame of product B then also
/// "contains" product A seen before — caught by CameraFramePipelineTests.decodesWhatZbarimgDecodesOnTheSameFrame).
/// Not Sendable on purpose: the frame pipeline owns one per session and only its decode thread calls it.
public final class VideoFrameScanner {
    public let options: DecodeOptions
    /// Total time spent inside `zbar_scan_image` by this stream.
    public private(set) var zbarTime = Duration.zero

    /// `nil` when zbar cannot allocate a scanner.
    public init?(options: DecodeOptions = .video) {
        guard ZBarImageScanner(configuration: options.zbar) != nil else { return nil }
        self.options = options
    }

    /// Decodes `frame` (or only `region` of it, clamped to the frame); locations are in frame coordinates.
    public func scan(_ frame: Y800Frame, region: FrameRegion? = nil) throws(DecodeError) -> [DecodedSymbol] {
        var image = frame.greyImage()
        var dx = 0, dy = 0
        if let region, let cropped = region.clamped(width: image.width, height: image.height),
           cropped != FrameRegion(x: 0, y: 0, width: image.width, height: image.height) {
            var pixels = [UInt8](); pixels.reserveCapacity(cropped.width * cropped.height)
            for row in cropped.y..<(cropped.y + cropped.height) {
                let start = row * image.width + cropped.x
                pixels.append(contentsOf: image.pixels[start..<(start + cropped.width)])
            }
            image = GreyImage(trusted: cropped.width, cropped.height, pixels)
            dx = cropped.x; dy = cropped.y
        }
        // The same passes as `selfscan decode --profile video` (BarcodeDecoder): coarse, plain unless the
        // coarse pass settled the frame, then the video profile's retry passes while nothing is found.
        let (symbols, spent) = try BarcodeDecoder(options: options).decodeMeasured(image)
        zbarTime += spent
        guard dx != 0 || dy != 0 else { return symbols }
        return symbols.map { symbol in
            DecodedSymbol(
                symbology: symbol.symbology, aim: symbol.aim, payload: symbol.payload, quality: symbol.quality,
                location: symbol.location.map { PixelPoint(x: $0.x + dx, y: $0.y + dy) }, pass: symbol.pass)
        }
    }
}

/// A rectangle of a frame, in pixels.
public struct FrameRegion: Sendable, Hashable {
    public let x: Int, y: Int, width: Int, height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }

    /// The part of this region inside a `width`×`height` frame; `nil` when empty.
    public func clamped(width frameWidth: Int, height frameHeight: Int) -> FrameRegion? {
        let x0 = max(0, x), y0 = max(0, y)
        let x1 = min(frameWidth, x + max(0, width)), y1 = min(frameHeight, y + max(0, height))
        guard x1 > x0, y1 > y0 else { return nil }
        return FrameRegion(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }
}
