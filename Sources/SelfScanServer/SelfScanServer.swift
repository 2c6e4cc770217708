/// The `SelfScanServer` module. See DESIGN.md for its job.
public enum SelfScanServerModule {
    public static let name = "SelfScanServer"
}
