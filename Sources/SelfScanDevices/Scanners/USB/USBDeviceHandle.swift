import CLibUSB

/// Owns one open `libusb_device_handle` and the interface it claimed. Claiming detaches the kernel driver
/// (so no keystroke reaches the kiosk UI); `close()` releases the interface and gives the device back to
/// the kernel driver. Used from the reader's control queue only.
///
/// `@unchecked Sendable`: all calls come from one serial queue (the scanner service's); libusb handles
/// are safe to use from any one thread at a time.
final class USBDeviceHandle: @unchecked Sendable {
    let raw: OpaquePointer
    private(set) var claimedInterface: Int32?
    private var detachedKernelDriver = false
    private var closed = false

    init(_ device: USBDeviceReference) throws(ScannerError) {
        var handle: OpaquePointer?
        let status = libusb_open(device.raw, &handle)
        guard status == 0, let handle else { throw LibUSBStatus.error(status, "libusb_open") }
        raw = handle
    }

    deinit { close() }

    /// Detaches the kernel driver if one is bound, then claims `interface` exclusively.
    func claim(interface: Int) throws(ScannerError) {
        let number = Int32(interface)
        if libusb_kernel_driver_active(raw, number) == 1 {
            let status = libusb_detach_kernel_driver(raw, number)
            if status == 0 {
                detachedKernelDriver = true
            } else if status != LIBUSB_ERROR_NOT_FOUND.rawValue {
                throw LibUSBStatus.error(status, "libusb_detach_kernel_driver(\(interface))")
            }
        }
        try LibUSBStatus.check(libusb_claim_interface(raw, number), "libusb_claim_interface(\(interface))")
        claimedInterface = number
    }

    /// Reads the HID report descriptor with a GET_DESCRIPTOR(Report) control request on the claimed interface.
    func hidReportDescriptor(length: Int) throws(ScannerError) -> [UInt8] {
        guard let interface = claimedInterface else { throw ScannerError(.unsupported, "no claimed interface") }
        var buffer = [UInt8](repeating: 0, count: max(length, 64))
        let got = buffer.withUnsafeMutableBufferPointer { pointer in
            libusb_control_transfer(
                raw, UInt8(LIBUSB_ENDPOINT_IN.rawValue | LIBUSB_RECIPIENT_INTERFACE.rawValue),
                UInt8(LIBUSB_REQUEST_GET_DESCRIPTOR.rawValue), UInt16(LIBUSB_DT_REPORT.rawValue) << 8,
                UInt16(interface), pointer.baseAddress, UInt16(pointer.count), 1000)
        }
        try LibUSBStatus.check(got, "GET_DESCRIPTOR(report)")
        return Array(buffer.prefix(Int(got)))
    }

    /// Releases the interface, reattaches the kernel driver if we detached it, closes the handle. Idempotent.
    func close() {
        guard !closed else { return }
        closed = true
        if let interface = claimedInterface {
            _ = libusb_release_interface(raw, interface)
            if detachedKernelDriver { _ = libusb_attach_kernel_driver(raw, interface) }
        }
        claimedInterface = nil
        libusb_close(raw)
    }
}
