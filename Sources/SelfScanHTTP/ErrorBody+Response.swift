public import Hummingbird
public import SelfScanAPI
import Foundation

extension ErrorBody {
    /// The error answer both servers send: `status`, `{"error":{"code","message"}}` as `ProtocolJSON` writes it,
    /// and `Retry-After` (seconds, at least 1) when the client should wait before trying again.
    public func response(status: HTTPResponse.Status, retryAfterSeconds: Int64? = nil) -> Response {
        let data = (try? ProtocolJSON.encoder().encode(self)) ?? Data()
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        if let retryAfterSeconds { headers[.retryAfter] = String(max(1, retryAfterSeconds)) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
