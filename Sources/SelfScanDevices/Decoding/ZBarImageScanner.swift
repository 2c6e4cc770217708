import CZBar

/// Owns one `zbar_image_scanner_t` (the only file that calls zbar's image API). Not thread-safe, like zbar:
/// one per decode task. zbar keeps partial EAN reads between images, so each scan starts from a reset
/// scanner (see DESIGN.md "Verified on this machine").
final class ZBarImageScanner {
    private let handle: OpaquePointer
    /// Time spent inside `zbar_scan_image` by this scanner so far.
    private(set) var scanTime = Duration.zero

    /// `nil` when zbar cannot allocate a scanner.
    init?(configuration: ZBarConfiguration) {
        guard let handle = zbar_image_scanner_create() else { return nil }
        self.handle = handle
        zbar_image_scanner_set_config(handle, ZBAR_NONE, ZBAR_CFG_ENABLE, 0)
        for symbology in configuration.symbologies {
            zbar_image_scanner_set_config(handle, zbar_symbol_type_t(UInt32(symbology.rawValue)), ZBAR_CFG_ENABLE, 1)
        }
        if configuration.qrBinary {
            zbar_image_scanner_set_config(handle, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1)
        }
        // 0 turns that direction's walk off (x-density: columns, y-density: rows); CoarsePass walks rows only.
        zbar_image_scanner_set_config(handle, ZBAR_NONE, ZBAR_CFG_X_DENSITY, Int32(max(0, configuration.xDensity)))
        zbar_image_scanner_set_config(handle, ZBAR_NONE, ZBAR_CFG_Y_DENSITY, Int32(max(0, configuration.yDensity)))
        zbar_image_scanner_enable_cache(handle, 0)
    }

    deinit { zbar_image_scanner_destroy(handle) }

    /// Scans `count` bytes of Y800 at `pixels` (contiguous rows). zbar borrows `pixels` without a copy: it
    /// reads image data only inside `zbar_scan_image`, and the zbar image (set up with no cleanup handler, so
    /// zbar never frees the pointer) is destroyed before this returns, while the caller's pointer is valid.
    /// (DESIGN.md's "hand zbar a malloc'd copy" is for an image that outlives the call; this one never does.)
    /// Returns `nil` if zbar reports an error.
    func scan(pixels: UnsafePointer<UInt8>, width: Int, height: Int) -> [RawSymbol]? {
        let count = width * height
        guard count > 0, let image = zbar_image_create() else { return nil }
        defer { zbar_image_destroy(image) }
        zbar_image_set_format(image, czbar_fourcc_y800())
        zbar_image_set_size(image, UInt32(width), UInt32(height))
        zbar_image_set_data(image, UnsafeRawPointer(pixels), UInt(count), nil)
        // Forget partial reads of earlier images (zbar's decoder and scanner keep state between calls).
        zbar_image_scanner_recycle_image(handle, image)
        let clock = ContinuousClock()
        let start = clock.now
        let status = zbar_scan_image(handle, image)
        scanTime += clock.now - start
        guard status >= 0 else { return nil }
        var symbols: [RawSymbol] = []
        var symbol = zbar_image_first_symbol(image)
        while let current = symbol {
            symbols.append(Self.raw(current))
            symbol = zbar_symbol_next(current)
        }
        return symbols
    }

    /// Scans a grey image (see `scan(pixels:width:height:)`).
    func scan(_ image: GreyImage) -> [RawSymbol]? {
        image.pixels.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.flatMap { scan(pixels: $0, width: image.width, height: image.height) }
        }
    }

    private static func raw(_ symbol: OpaquePointer) -> RawSymbol {
        let length = Int(zbar_symbol_get_data_length(symbol))
        var data: [UInt8] = []
        if length > 0, let bytes = zbar_symbol_get_data(symbol) {
            data = bytes.withMemoryRebound(to: UInt8.self, capacity: length) { Array(UnsafeBufferPointer(start: $0, count: length)) }
        }
        var location: [PixelPoint] = []
        for index in 0..<zbar_symbol_get_loc_size(symbol) {
            location.append(PixelPoint(x: Int(zbar_symbol_get_loc_x(symbol, index)), y: Int(zbar_symbol_get_loc_y(symbol, index))))
        }
        var components: [RawSymbol] = []
        if let set = zbar_symbol_get_components(symbol) {
            var component = zbar_symbol_set_first_symbol(set)
            while let current = component {
                components.append(raw(current))
                component = zbar_symbol_next(current)
            }
        }
        return RawSymbol(
            type: Int(zbar_symbol_get_type(symbol).rawValue),
            modifiers: UInt32(zbar_symbol_get_modifiers(symbol)),
            data: data,
            quality: Int(zbar_symbol_get_quality(symbol)),
            location: location,
            orientation: Int(zbar_symbol_get_orientation(symbol).rawValue),
            components: components
        )
    }
}
