import Foundation
import Hummingbird
import SelfScanAPI
import SelfScanCore
import SelfScanDevices
import SelfScanHTTP

/// `POST /v1/sessions/{id}/frames?width=W&height=H[&stride=S][&roi=x,y,w,h]`: a phone's camera frame as raw
/// Y800 (`Content-Type: application/octet-stream`), decoded by zbar off the event loop
/// (`CameraFramePipeline`); a code found is scanned into the session exactly like a kiosk scan
/// (`POST /v1/sessions/{id}/scans`: same basket, promotions and errors). See docs/api.md "Camera frames".
struct CameraRoutes {
    let daemon: Daemon
    let sessions: LiveSessions
    let pipeline: CameraFramePipeline

    /// The answer to a frame. `outcome`: `scanned` (a code was found and scanned: `result` is the scan's
    /// answer), `noCode`, `repeated` (the code scanned within the repeat window: not scanned again),
    /// `unconfirmed` (only a weak read — GS1 DataBar, EAN-8, UPC-E, short Code 128 — that no earlier frame of the
    /// session agreed with yet: not scanned; the next frame that reads it again scans it),
    /// `dropped` (a newer frame from this session replaced it, or it went stale).
    struct FrameAnswer: ResponseEncodable {
        let outcome: String
        let payload: String?
        let symbology: String?
        let result: ScanResult?
    }

    static func isFramePath(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 5 && parts[1] == "v1" && parts[2] == "sessions" && parts[4] == "frames"
    }

    func register(on group: Router<DaemonRequestContext>) {
        group.on(DaemonEndpoints.cameraFrame) { request, context in
            let id = try await daemon.authorisedSessionID(request, context)
            do {
                return try await handleFrame(request, context: context, session: id)
            } catch let error as CameraFrameError {
                throw error.apiError
            }
        }
    }

    private func handleFrame(_ request: Request, context: DaemonRequestContext, session id: String) async throws -> FrameAnswer {
        let query = request.uri.queryParameters
        guard let width = query.get("width").flatMap({ Int($0) }), let height = query.get("height").flatMap({ Int($0) }) else {
            throw CameraFrameError.badFrame("width and height query parameters are required")
        }
        try pipeline.checkGeometry(width: width, height: height)
        let stride = try query.get("stride").map { text in
            guard let value = Int(text), value >= width, value <= pipeline.limits.maxWidth else {
                throw CameraFrameError.badFrame("stride must be a number ≥ width")
            }
            return value
        } ?? width
        let region = try query.get("roi").map(Self.region)
        let body = try await request.body.collect(upTo: pipeline.limits.maxFrameBytes + pipeline.limits.maxWidth)
        let bytes = body.getBytes(at: body.readerIndex, length: body.readableBytes) ?? []
        guard bytes.count == stride * height || bytes.count == stride * (height - 1) + width else {
            throw CameraFrameError.badFrame("\(bytes.count) bytes for \(width)×\(height) (stride \(stride))")
        }
        let frame: Y800Frame
        do { frame = try Y800Frame(width: width, height: height, stride: stride, bytes: bytes) } catch {
            throw CameraFrameError.badFrame("inconsistent geometry")
        }
        switch try await pipeline.submit(frame, region: region, session: id, client: context.clientKey) {
        case .dropped:
            return FrameAnswer(outcome: "dropped", payload: nil, symbology: nil, result: nil)
        case let .unconfirmed(symbols):
            return FrameAnswer(outcome: "unconfirmed", payload: symbols.first?.text, symbology: symbols.first?.aim.value, result: nil)
        case let .decoded(symbols):
            guard let symbol = symbols.first else {
                return FrameAnswer(outcome: "noCode", payload: nil, symbology: nil, result: nil)
            }
            let text = symbol.text
            let aim = symbol.aim
            guard pipeline.acceptsScan(of: text, session: id) else {
                return FrameAnswer(outcome: "repeated", payload: text, symbology: aim.value, result: nil)
            }
            try ScanPayloadLimit.check(text)
            let result = try await sessions.scanLimitingCardLookups(
                session: id, payload: text, symbology: aim, client: context.clientKey, daemon: daemon)
            return FrameAnswer(outcome: "scanned", payload: text, symbology: aim.value, result: result)
        }
    }

    /// `x,y,w,h` in frame pixels.
    static func region(_ text: String) throws -> FrameRegion {
        let numbers = text.split(separator: ",").compactMap { Int($0) }
        guard numbers.count == 4, numbers[2] > 0, numbers[3] > 0 else {
            throw CameraFrameError.badFrame("roi must be x,y,width,height")
        }
        return FrameRegion(x: numbers[0], y: numbers[1], width: numbers[2], height: numbers[3])
    }
}
