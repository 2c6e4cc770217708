/// The `SelfScanDevices` module. See DESIGN.md for its job.
public enum SelfScanDevicesModule {
    public static let name = "SelfScanDevices"
}
