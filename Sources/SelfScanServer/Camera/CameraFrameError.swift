import Foundation
import Hummingbird

/// Why the daemon refused a camera frame (docs/api.md, "Camera frames"). Each is a documented `code`.
enum CameraFrameError: Error, Sendable, Equatable {
    /// Width/height missing, not numbers, or the body does not hold `width × height` bytes.
    case badFrame(String)
    /// Larger than `maxWidth × maxHeight` / `maxFrameBytes`.
    case frameTooLarge(maxWidth: Int, maxHeight: Int)
    /// More than `framesPerSecond` frames in the last second from this session.
    case frameRateExceeded(perSecond: Int)
    /// This client address already streams from `sessionsPerClient` sessions.
    case tooManyCameraSessions(perClient: Int)
    /// zbar could not scan (no scanner, internal error).
    case decoderUnavailable

    var apiError: APIError {
        switch self {
        case let .badFrame(why):
            APIError(.badRequest, code: "badFrame", "the frame is not Y800 of the stated size: \(why)")
        case let .frameTooLarge(width, height):
            APIError(.contentTooLarge, code: "frameTooLarge", "camera frames are at most \(width)×\(height) pixels (send a downscaled region of interest)")
        case let .frameRateExceeded(perSecond):
            APIError(.tooManyRequests, code: "frameRateExceeded", "at most \(perSecond) frames per second per session", retryAfterSeconds: 1)
        case let .tooManyCameraSessions(perClient):
            APIError(.tooManyRequests, code: "tooManyCameraSessions", "at most \(perClient) camera sessions per client address", retryAfterSeconds: 30)
        case .decoderUnavailable:
            APIError(.serviceUnavailable, code: "decoderUnavailable", "the barcode decoder is unavailable")
        }
    }
}
