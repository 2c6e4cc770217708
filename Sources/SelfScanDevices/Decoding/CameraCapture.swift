import CZBar
import Synchronization

/// Why a camera could not deliver frames.
public struct CameraError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, Codable {
        /// zbar_video_create returned NULL.
        case unavailable
        /// zbar_video_open failed (no such device, busy, no permission, not a capture device).
        case openFailed
        /// zbar_video_init / zbar_video_enable failed (no usable format).
        case startFailed
        /// zbar_video_next_image returned NULL while streaming.
        case captureFailed
    }

    public let code: Code
    /// The device path, e.g. `/dev/video0`.
    public let device: String

    public init(_ code: Code, device: String) {
        self.code = code
        self.device = device
    }

    public var description: String { "camera error: \(code.rawValue) (\(device))" }
}

/// A V4L2 camera through zbar's own video API: opens `/dev/videoN`, converts each captured image to Y800
/// and hands it over as a `Y800Frame`. Deliberately thin (no hardware on the CI machine): the frame path
/// after it — `BarcodeDecoder.decode(frame:)` — is what the tests exercise.
///
/// Owns one `zbar_video_t`; `@unchecked Sendable` because every zbar call on it goes through `lock`
/// (capture runs on one dedicated thread; `stop` may come from another).
public final class CameraCapture: @unchecked Sendable {
    private let video: OpaquePointer
    private let lock = Mutex(())
    public let device: String

    /// Opens `device` and starts streaming. Throws `CameraError` when the device is missing or unusable.
    public init(device: String = "/dev/video0") throws(CameraError) {
        // Open fully before storing the handle: if init threw after that, deinit would free it a second time.
        video = try Self.open(device)
        self.device = device
    }

    private static func open(_ device: String) throws(CameraError) -> OpaquePointer {
        guard let video = zbar_video_create() else { throw CameraError(.unavailable, device: device) }
        guard zbar_video_open(video, device) == 0 else {
            zbar_video_destroy(video)
            throw CameraError(.openFailed, device: device)
        }
        guard zbar_video_init(video, 0) == 0, zbar_video_enable(video, 1) == 0 else {
            zbar_video_destroy(video)
            throw CameraError(.startFailed, device: device)
        }
        return video
    }

    deinit {
        zbar_video_enable(video, 0)
        zbar_video_destroy(video)
    }

    /// Blocks until the next frame and returns its luma. Call from a dedicated thread (see `frames()`).
    public func nextFrame() throws(CameraError) -> Y800Frame {
        try lock.withLock { _ throws(CameraError) in try captureLocked() }
    }

    /// `nextFrame()`'s body, called with `lock` held.
    private func captureLocked() throws(CameraError) -> Y800Frame {
        guard let captured = zbar_video_next_image(video) else { throw CameraError(.captureFailed, device: device) }
        defer { zbar_image_destroy(captured) }
        guard let grey = zbar_image_convert(captured, czbar_fourcc_y800()) else {
            throw CameraError(.captureFailed, device: device)
        }
        defer { zbar_image_destroy(grey) }
        let width = Int(zbar_image_get_width(grey))
        let height = Int(zbar_image_get_height(grey))
        let length = Int(zbar_image_get_data_length(grey))
        guard width > 0, height > 0, length >= width * height, let data = zbar_image_get_data(grey) else {
            throw CameraError(.captureFailed, device: device)
        }
        let bytes = Array(UnsafeBufferPointer(start: data.assumingMemoryBound(to: UInt8.self), count: width * height))
        do {
            return try Y800Frame(width: width, height: height, stride: width, bytes: bytes)
        } catch {
            throw CameraError(.captureFailed, device: device)
        }
    }

    /// Frames as an async sequence, captured on a dedicated thread (never the cooperative pool). The
    /// stream ends with the first capture error or when the consumer stops iterating.
    public func frames() -> AsyncThrowingStream<Y800Frame, any Error> {
        AsyncThrowingStream(bufferingPolicy: .bufferingNewest(1)) { continuation in
            let thread = ReaderThread(name: "selfscan-camera")
            thread.start { [self] in
                while thread.isRunning {
                    do {
                        continuation.yield(try nextFrame())
                    } catch {
                        continuation.finish(throwing: error)
                        return
                    }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in thread.stop(timeout: .nanoseconds(0)) }
        }
    }
}
