public import Hummingbird
public import SelfScanAPI

// The contract's answers are plain Codable values (SelfScanAPI links no server); the daemon's routes return
// them directly, so they are response-encodable here, in the one module that serves them.
extension DaemonStatus: ResponseEncodable {}
extension StaffLoginAnswer: ResponseEncodable {}
extension SessionList: ResponseEncodable {}
extension StaffAlertList: ResponseEncodable {}
extension DeviceList: ResponseEncodable {}
extension PaymentIntentList: ResponseEncodable {}
extension PaymentIntentResolutionAnswer: ResponseEncodable {}

/// A session view answers with its hand-written JSON (`SessionView.protocolJSON()`: the bytes
/// `ProtocolJSON.encoder()` writes, at a fraction of the cost).
extension SessionView: ResponseGenerator {
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try protocolJSONBytes())))
    }
}
