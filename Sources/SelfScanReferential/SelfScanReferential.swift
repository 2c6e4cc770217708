/// The `SelfScanReferential` module. See DESIGN.md for its job.
public enum SelfScanReferentialModule {
    public static let name = "SelfScanReferential"
}
