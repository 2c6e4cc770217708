import Foundation
import SelfScanCore

/// One claimed USB scanner: its handle, its single-transfer reader, its decoder and event assembler.
/// Lives on the scanner service's queue.
final class USBScannerConnection {
    let location: String
    let profile: ScannerProfile
    private let handle: USBDeviceHandle
    private var reader: USBInterruptReader?
    private var decoder: ScanDecoder
    private var assembler: ScanEventAssembler

    /// Opens, claims and starts reading. `onReport`/`onFailure` are called on the libusb event thread.
    init(summary: USBDeviceSummary, device: USBDeviceReference, profile: ScannerProfile, deviceID: DeviceID,
         onReport: @escaping @Sendable ([UInt8]) -> Void,
         onFailure: @escaping @Sendable (ScannerError) -> Void) throws(ScannerError) {
        guard let interface = summary.interfaces.first(where: { $0.number == profile.interface }) else {
            throw ScannerError(.unsupported, "\(summary.model) has no interface \(profile.interface)")
        }
        guard let endpoint = interface.interruptIn else {
            throw ScannerError(.unsupported, "\(summary.model) interface \(profile.interface) has no interrupt IN endpoint")
        }
        location = summary.portPath
        self.profile = profile
        // The report descriptor is read from sysfs while the kernel's HID driver is still bound.
        let sysfsDescriptor = profile.protocol == .hidPOS
            ? Self.sysfsReportDescriptor(port: summary.portPath, configuration: summary.configurationValue,
                                         interface: profile.interface) : nil
        handle = try USBDeviceHandle(device)
        try handle.claim(interface: profile.interface)
        switch profile.protocol {
        case .hidKeyboard:
            decoder = .wedge(KeyboardWedgeDecoder(profile: profile))
        case .hidPOS:
            var descriptorBytes = sysfsDescriptor
            if descriptorBytes == nil { descriptorBytes = try? handle.hidReportDescriptor(length: 1024) }
            if descriptorBytes == nil { descriptorBytes = profile.reportDescriptorHex.flatMap(HexBytes.parse) }
            guard let descriptorBytes else {
                throw ScannerError(.unsupportedDescriptor, "no HID report descriptor (sysfs, GET_DESCRIPTOR or profile)")
            }
            decoder = .pos(try HIDPOSDecoder(descriptorBytes: descriptorBytes))
        case .cdcACM, .evdev:
            throw ScannerError(.unsupported, "\(profile.protocol.rawValue) scanners are read through their kernel node")
        }
        assembler = ScanEventAssembler(deviceID: deviceID, profile: profile)
        decoder.claimed(at: SystemTime.monotonicNanos())
        let reader = try USBInterruptReader(
            handle: handle, endpoint: endpoint.address, length: endpoint.maxPacket,
            onReport: onReport, onFailure: onFailure)
        try reader.start()
        self.reader = reader
    }

    /// Decodes one report into events.
    func handle(report: [UInt8]) -> [ScannerEvent] {
        let now = SystemTime.monotonicNanos()
        return assembler.events(decoder.handle(report: report, at: now), monotonic: now, wall: SystemClock().now())
    }

    /// Lets timeouts fire.
    func tick() -> [ScannerEvent] {
        let now = SystemTime.monotonicNanos()
        return assembler.events(decoder.tick(at: now), monotonic: now, wall: SystemClock().now())
    }

    var deadline: UInt64? { decoder.deadline }

    /// Stops the transfer, releases the interface, reattaches the kernel driver, closes the handle.
    func close() {
        let stopped = reader?.stop() ?? true
        reader = nil
        if stopped { handle.close() }  // else a transfer may still complete: leave the handle open
    }

    /// `/sys/bus/usb/devices/<port>:<config>.<interface>/<hid device>/report_descriptor`.
    static func sysfsReportDescriptor(port: String, configuration: Int, interface: Int) -> [UInt8]? {
        let directory = "/sys/bus/usb/devices/\(port):\(configuration).\(interface)"
        guard let children = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return nil }
        for child in children.sorted() where child.filter({ $0 == ":" }).count == 2 {
            if let data = FileManager.default.contents(atPath: "\(directory)/\(child)/report_descriptor"), !data.isEmpty {
                return [UInt8](data)
            }
        }
        return nil
    }
}
