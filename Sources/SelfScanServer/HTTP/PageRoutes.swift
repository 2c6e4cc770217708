import Foundation
import Hummingbird
import SelfScanAPI
import SelfScanHTTP

/// The kiosk and handheld pages (the directory `PublicDirectory.locate` found at start) and `GET /v1/qr.svg`.
enum PageRoutes {
    static func register(on router: Router<DaemonRequestContext>, daemon: Daemon) {
        // First: a middleware applies to the routes added after it (the shelf page) and to the files below.
        router.middlewares.add(PageSecurityHeadersMiddleware())
        if let directory = daemon.publicDirectory {
            router.middlewares.add(FileMiddleware(directory, searchForIndexHtml: true, logger: daemon.logger))
        }
        router.on(DaemonEndpoints.qrCode) { request, _ in
            let qr = try QRRequest(text: request.uri.queryParameters.get("text"))
            let matrix: QRMatrix
            do {
                matrix = try QREncoder.encode(qr.text)
            } catch {
                throw APIError(.unprocessableContent, code: "qrEncoding", "\(error)")
            }
            var headers = HTTPFields()
            headers[.contentType] = "image/svg+xml"
            headers[.cacheControl] = "no-store"
            return Response(
                status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: QRSVGRenderer().render(matrix))))
        }
    }
}
