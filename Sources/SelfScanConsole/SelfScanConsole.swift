/// The `SelfScanConsole` module. See DESIGN.md for its job.
public enum SelfScanConsoleModule {
    public static let name = "SelfScanConsole"
}
