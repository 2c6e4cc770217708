import CLibUSB
import Foundation
import Synchronization

/// Reads an interrupt IN endpoint with exactly ONE asynchronous transfer in flight (resubmitted from its
/// completion callback), so that umockdev replays, which accept a single URB at a time, behave like the
/// device. Owns the `libusb_transfer`. Completions run on the libusb event thread.
///
/// `@unchecked Sendable`: mutable state is behind `state` (a Mutex); the transfer is touched only by
/// `start` (before submission) and by the single in-flight completion.
final class USBInterruptReader: @unchecked Sendable {
    private enum Phase { case idle, running, stopping, finished }

    private let transfer: UnsafeMutablePointer<libusb_transfer>
    private let buffer: UnsafeMutablePointer<UInt8>
    private let length: Int
    private let state = Mutex(Phase.idle)
    private let finished = DispatchSemaphore(value: 0)
    private let onReport: @Sendable ([UInt8]) -> Void
    private let onFailure: @Sendable (ScannerError) -> Void
    /// Keeps the handle open while a transfer may be in flight.
    private let handle: USBDeviceHandle

    init(handle: USBDeviceHandle, endpoint: UInt8, length: Int,
         onReport: @escaping @Sendable ([UInt8]) -> Void,
         onFailure: @escaping @Sendable (ScannerError) -> Void) throws(ScannerError) {
        guard let transfer = libusb_alloc_transfer(0) else {
            throw ScannerError(.ioFailed, "libusb_alloc_transfer failed")
        }
        self.transfer = transfer
        self.length = max(1, length)
        buffer = .allocate(capacity: self.length)
        buffer.initialize(repeating: 0, count: self.length)
        self.handle = handle
        self.onReport = onReport
        self.onFailure = onFailure
        libusb_fill_interrupt_transfer(
            transfer, handle.raw, endpoint, buffer, Int32(self.length),
            { transfer in
                guard let transfer, let userData = transfer.pointee.user_data else { return }
                Unmanaged<USBInterruptReader>.fromOpaque(userData).takeUnretainedValue().completed()
            },
            Unmanaged.passUnretained(self).toOpaque(), 0)
    }

    deinit {
        // Only reached when no transfer is in flight (stop() waited, or leaked self on timeout).
        libusb_free_transfer(transfer)
        buffer.deallocate()
    }

    /// Submits the one transfer.
    func start() throws(ScannerError) {
        state.withLock { $0 = .running }
        let status = libusb_submit_transfer(transfer)
        if status != 0 {
            state.withLock { $0 = .finished }
            throw LibUSBStatus.error(status, "libusb_submit_transfer")
        }
    }

    /// Cancels the transfer and waits for its completion (the event thread must be running). Returns false
    /// on timeout; the reader then keeps itself alive so a late completion never touches freed memory.
    @discardableResult
    func stop(timeout: Double = 2) -> Bool {
        let wasRunning = state.withLock { phase -> Bool in
            guard phase == .running else { return false }
            phase = .stopping
            return true
        }
        guard wasRunning else { return true }
        _ = libusb_cancel_transfer(transfer)  // may fail under umockdev (no DISCARDURB): the next completion ends it
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            _ = Unmanaged.passRetained(self)  // deliberate leak: a completion may still arrive
            return false
        }
        return true
    }

    private func completed() {
        let status = transfer.pointee.status
        let actual = Int(transfer.pointee.actual_length)
        let stopping = state.withLock { $0 != .running }
        if status == LIBUSB_TRANSFER_COMPLETED && !stopping {
            onReport(Array(UnsafeBufferPointer(start: buffer, count: min(actual, length))))
            if libusb_submit_transfer(transfer) == 0 { return }
            finish()
            onFailure(ScannerError(.ioFailed, "resubmitting the interrupt transfer failed"))
            return
        }
        finish()
        if stopping { return }
        switch status {
        case LIBUSB_TRANSFER_NO_DEVICE:
            onFailure(ScannerError(.disconnected, "device gone during an interrupt transfer"))
        case LIBUSB_TRANSFER_CANCELLED:
            break
        default:
            onFailure(ScannerError(.ioFailed, "interrupt transfer ended with status \(status.rawValue)",
                                   systemCode: Int32(status.rawValue)))
        }
    }

    private func finish() {
        state.withLock { $0 = .finished }
        finished.signal()
    }
}
