/// The `SelfScanSync` module. See DESIGN.md for its job.
public enum SelfScanSyncModule {
    public static let name = "SelfScanSync"
}
