/// A symbol exactly as zbar reported it, before normalisation. Internal: only the decoder sees zbar's view.
struct RawSymbol: Sendable, Hashable {
    /// zbar_symbol_type_t value (ZBAR_EAN13 = 13, …; ZBAR_COMPOSITE = 15 for EAN + add-on).
    var type: Int
    /// zbar_symbol_get_modifiers bits (1 << ZBAR_MOD_GS1, 1 << ZBAR_MOD_AIM).
    var modifiers: UInt32
    var data: [UInt8]
    var quality: Int
    var location: [PixelPoint]
    /// zbar_symbol_get_orientation (-1 unknown, 0 up, 1 right, 2 down, 3 left).
    var orientation: Int
    /// Component symbols (EAN add-ons of a composite).
    var components: [RawSymbol]
}
