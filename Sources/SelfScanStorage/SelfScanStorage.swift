/// The `SelfScanStorage` module. See DESIGN.md for its job.
public enum SelfScanStorageModule {
    public static let name = "SelfScanStorage"
}
