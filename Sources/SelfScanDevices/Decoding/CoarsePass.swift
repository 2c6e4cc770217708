/// A sparse first look at a camera frame, before the full video pass (`DecodeOptions.coarse`).
///
/// Why: on a 1280×720 frame most of the decode time is zbar's scan-line walk (`zbar_scan_y`), and the video
/// pass walks every 2nd row and every 2nd column. A 1-D retail code held roughly level is crossed by many
/// rows, so a walk of every `rowStep`-th row only (zbar's y-density; no column walk, x-density 0) finds it
/// for a fraction of the work. The coarse result stands only when it is a read the daemon would scan on one
/// frame anyway (`FrameConfirmation.countsOnOneFrame`: EAN-13/UPC-A with a valid check digit, long Code 128)
/// seen on at least `minimumRows` rows; anything else — nothing found, a weak read, a read on one row —
/// falls back to the full pass and its retry passes, which then decide exactly as without the coarse pass.
/// Cost on frames it does not settle (most frames of a stream have no code): one sparse walk, about an
/// eighth of the rows and none of the columns of the full pass (docs/benchmarks/camera.md).
public struct CoarsePass: Sendable, Hashable {
    /// Scan every `rowStep`-th row (zbar's y-density).
    public var rowStep: Int
    /// Scan every `columnStep`-th column (zbar's x-density); 0 = no column walk.
    public var columnStep: Int
    /// What zbar looks for: only symbologies whose reads can count on one frame (and EAN add-ons, so a
    /// code with its add-on reads as it does in the full pass).
    public var symbologies: Set<ZBarSymbology>
    /// Rows that must read the same text (zbar's quality: one per scan line that decoded it) before a
    /// coarse read stands: a misread of one noisy row rarely repeats on the next row 8 px away.
    public var minimumRows: Int

    /// EAN-13/UPC-A (+ add-ons) and Code 128 on every 8th row, no columns, two rows agreeing.
    /// QR (needs row and column finder lines), DataBar, EAN-8 and UPC-E (weak reads: two frames anyway)
    /// are left to the full pass.
    public static let retailRows = CoarsePass(
        rowStep: 8, columnStep: 0, symbologies: [.ean13, .upca, .ean2, .ean5, .code128], minimumRows: 2)

    public init(rowStep: Int, columnStep: Int, symbologies: Set<ZBarSymbology>, minimumRows: Int) {
        self.rowStep = rowStep
        self.columnStep = columnStep
        self.symbologies = symbologies
        self.minimumRows = minimumRows
    }

    /// The zbar configuration of this pass.
    public var zbar: ZBarConfiguration {
        ZBarConfiguration(symbologies: symbologies, xDensity: columnStep, yDensity: rowStep, qrBinary: true)
    }

    /// Whether the coarse pass's `symbols` are the frame's result (see the type's rules); `false` hands the
    /// frame to the full pass.
    public func settles(_ symbols: [DecodedSymbol]) -> Bool {
        !symbols.isEmpty && symbols.allSatisfy { symbol in
            symbol.quality >= minimumRows && FrameConfirmation.countsOnOneFrame(symbol.symbology, text: symbol.text)
        }
    }
}
