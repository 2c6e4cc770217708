/// What enumeration learns about a USB device without opening it.
public struct USBDeviceSummary: Sendable, Hashable {
    /// One interface of the active (or first) configuration.
    public struct Interface: Sendable, Hashable {
        public let number: Int
        public let interfaceClass: UInt8
        public let subclass: UInt8
        public let protocolCode: UInt8
        /// Interrupt IN endpoint address and its max packet size, if the interface has one.
        public let interruptIn: (address: UInt8, maxPacket: Int)?
        /// Bulk OUT and bulk IN endpoints (a USB printer-class interface's data and status pipes), if any.
        public var bulkOut: (address: UInt8, maxPacket: Int)? = nil
        public var bulkIn: (address: UInt8, maxPacket: Int)? = nil

        public static func == (lhs: Interface, rhs: Interface) -> Bool {
            lhs.number == rhs.number && lhs.interfaceClass == rhs.interfaceClass && lhs.subclass == rhs.subclass
                && lhs.protocolCode == rhs.protocolCode && lhs.interruptIn?.address == rhs.interruptIn?.address
                && lhs.interruptIn?.maxPacket == rhs.interruptIn?.maxPacket
        }
        public func hash(into hasher: inout Hasher) { hasher.combine(number) }
    }

    public let busNumber: UInt8
    public let address: UInt8
    /// The sysfs name of the port, e.g. `1-3` or `1-1.2`: stable across a replug on the same port.
    public let portPath: String
    public let vendorID: UInt16
    public let productID: UInt16
    public let deviceClass: UInt8
    public let configurationValue: Int
    public let interfaces: [Interface]
    /// The `product` string from sysfs, when readable.
    public let product: String?

    public var model: USBModelKey { USBModelKey(vendorID: vendorID, productID: productID) }
    public var isHub: Bool { deviceClass == 0x09 }
}
