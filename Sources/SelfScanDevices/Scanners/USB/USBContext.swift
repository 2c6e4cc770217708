import CLibUSB
import Foundation

/// Owns one `libusb_context` and the thread that runs `libusb_handle_events` for it (STYLE.md 8: blocking
/// C stays off the cooperative pool).
///
/// `@unchecked Sendable`: libusb contexts are thread-safe (libusb's own locks); the only Swift state is
/// the event thread's handle (`ReaderThread`, Sendable) and the hotplug registration, touched only by the
/// owner's start/stop.
final class USBContext: @unchecked Sendable {
    let raw: OpaquePointer
    private let eventThread = ReaderThread(name: "selfscan-libusb-events")
    private var hotplugHandle: libusb_hotplug_callback_handle = 0
    private var hotplugSink: Unmanaged<HotplugSink>?

    init() throws(ScannerError) {
        var context: OpaquePointer?
        let status = libusb_init(&context)
        guard status == 0, let context else { throw LibUSBStatus.error(status, "libusb_init") }
        raw = context
        _ = clibusb_set_log_level(context, Int32(LIBUSB_LOG_LEVEL_NONE.rawValue))
    }

    deinit {
        stopEventThread()
        libusb_exit(raw)
    }

    /// Whether libusb can call us back on plug/unplug (else the caller polls `devices()`).
    var supportsHotplug: Bool { libusb_has_capability(UInt32(LIBUSB_CAP_HAS_HOTPLUG.rawValue)) != 0 }

    /// Starts the event thread (idempotent).
    func startEventThread() {
        eventThread.start { [self] in
            while eventThread.isRunning {
                var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
                _ = libusb_handle_events_timeout_completed(raw, &timeout, nil)
            }
        }
    }

    /// Stops the event thread and waits for it (at most a second).
    func stopEventThread() {
        eventThread.stop(timeout: .seconds(1)) { libusb_interrupt_event_handler(raw) }
    }

    /// Every device on the bus (hubs included), with references to open them.
    func devices() -> [(summary: USBDeviceSummary, device: USBDeviceReference)] {
        var list: UnsafeMutablePointer<OpaquePointer?>?
        let count = libusb_get_device_list(raw, &list)
        guard count >= 0, let list else { return [] }
        defer { libusb_free_device_list(list, 1) }
        var result: [(USBDeviceSummary, USBDeviceReference)] = []
        for index in 0..<count {
            guard let device = list[index], let summary = Self.summary(of: device) else { continue }
            result.append((summary, USBDeviceReference(device)))
        }
        return result
    }

    /// Registers for arrivals and departures (existing devices arrive at once). Callbacks run on the event
    /// thread and must not block: `sink` only queues them.
    func registerHotplug(_ sink: HotplugSink) throws(ScannerError) {
        let retained = Unmanaged.passRetained(sink)
        let events = Int32(LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED.rawValue | LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT.rawValue)
        let status = libusb_hotplug_register_callback(
            raw, events, Int32(LIBUSB_HOTPLUG_ENUMERATE.rawValue), LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY,
            LIBUSB_HOTPLUG_MATCH_ANY,
            { _, device, event, userData in
                guard let device, let userData else { return 0 }
                let sink = Unmanaged<HotplugSink>.fromOpaque(userData).takeUnretainedValue()
                if event == LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED, let summary = USBContext.summary(of: device) {
                    sink.arrived(summary, USBDeviceReference(device))
                } else if event == LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT {
                    sink.left(USBContext.portPath(of: device))
                }
                return 0  // stay registered
            },
            retained.toOpaque(), &hotplugHandle)
        guard status == 0 else {
            retained.release()
            throw LibUSBStatus.error(status, "libusb_hotplug_register_callback")
        }
        hotplugSink = retained
    }

    func deregisterHotplug() {
        guard let sink = hotplugSink else { return }
        libusb_hotplug_deregister_callback(raw, hotplugHandle)
        hotplugSink = nil
        sink.release()
    }

    /// The sysfs port name (`1-3`, `1-1.2`) of a device.
    static func portPath(of device: OpaquePointer) -> String {
        var ports = [UInt8](repeating: 0, count: 8)
        let depth = libusb_get_port_numbers(device, &ports, Int32(ports.count))
        let bus = libusb_get_bus_number(device)
        guard depth > 0 else { return "usb\(bus)" }
        return "\(bus)-" + ports.prefix(Int(depth)).map(String.init).joined(separator: ".")
    }

    /// Reads the device and configuration descriptors (no I/O to the device: libusb caches them).
    static func summary(of device: OpaquePointer) -> USBDeviceSummary? {
        var descriptor = libusb_device_descriptor()
        guard libusb_get_device_descriptor(device, &descriptor) == 0 else { return nil }
        var config: UnsafeMutablePointer<libusb_config_descriptor>?
        if libusb_get_active_config_descriptor(device, &config) != 0 {
            _ = libusb_get_config_descriptor(device, 0, &config)
        }
        var interfaces: [USBDeviceSummary.Interface] = []
        var configurationValue = 1
        if let config {
            defer { libusb_free_config_descriptor(config) }
            configurationValue = Int(config.pointee.bConfigurationValue)
            for index in 0..<Int(config.pointee.bNumInterfaces) {
                let interface = config.pointee.interface[index]
                guard interface.num_altsetting > 0, let alt = interface.altsetting?.pointee else { continue }
                var interruptIn: (UInt8, Int)?
                var bulkOut: (UInt8, Int)?
                var bulkIn: (UInt8, Int)?
                for endpointIndex in 0..<Int(alt.bNumEndpoints) {
                    guard let endpoint = alt.endpoint?[endpointIndex] else { continue }
                    let isIn = endpoint.bEndpointAddress & 0x80 != 0
                    let found = (endpoint.bEndpointAddress, Int(endpoint.wMaxPacketSize))
                    switch endpoint.bmAttributes & 0x03 {
                    case UInt8(LIBUSB_TRANSFER_TYPE_INTERRUPT.rawValue) where isIn && interruptIn == nil: interruptIn = found
                    case UInt8(LIBUSB_TRANSFER_TYPE_BULK.rawValue) where isIn && bulkIn == nil: bulkIn = found
                    case UInt8(LIBUSB_TRANSFER_TYPE_BULK.rawValue) where !isIn && bulkOut == nil: bulkOut = found
                    default: break
                    }
                }
                interfaces.append(USBDeviceSummary.Interface(
                    number: Int(alt.bInterfaceNumber), interfaceClass: alt.bInterfaceClass,
                    subclass: alt.bInterfaceSubClass, protocolCode: alt.bInterfaceProtocol,
                    interruptIn: interruptIn.map { (address: $0.0, maxPacket: $0.1) },
                    bulkOut: bulkOut.map { (address: $0.0, maxPacket: $0.1) },
                    bulkIn: bulkIn.map { (address: $0.0, maxPacket: $0.1) }))
            }
        }
        let port = portPath(of: device)
        let product = (try? String(contentsOfFile: "/sys/bus/usb/devices/\(port)/product", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return USBDeviceSummary(
            busNumber: libusb_get_bus_number(device), address: libusb_get_device_address(device), portPath: port,
            vendorID: descriptor.idVendor, productID: descriptor.idProduct, deviceClass: descriptor.bDeviceClass,
            configurationValue: configurationValue, interfaces: interfaces, product: product)
    }
}

/// Receives hotplug callbacks on the libusb event thread; its closures only enqueue work.
final class HotplugSink: Sendable {
    let arrived: @Sendable (USBDeviceSummary, USBDeviceReference) -> Void
    let left: @Sendable (String) -> Void
    init(arrived: @escaping @Sendable (USBDeviceSummary, USBDeviceReference) -> Void,
         left: @escaping @Sendable (String) -> Void) {
        self.arrived = arrived
        self.left = left
    }
}

/// Owns one reference to a `libusb_device` (libusb_ref_device / libusb_unref_device).
///
/// `@unchecked Sendable`: libusb device references are reference-counted by libusb under its own lock and
/// this class never mutates after init.
final class USBDeviceReference: @unchecked Sendable {
    let raw: OpaquePointer
    init(_ device: OpaquePointer) {
        raw = libusb_ref_device(device)
    }
    deinit { libusb_unref_device(raw) }
}
