import Foundation
import Hummingbird
import SelfScanAPI
import SelfScanHTTP

/// The shelf-label pages for shoppers' phones: `GET /01/{gtin}` (the GS1 Digital Link a label's QR carries:
/// the page), `GET /v1/shelf/{gtin}` (its data) and `POST /v1/shelf/{gtin}/orders` (order for pick-up through
/// click & collect). No session or staff token: what they show is public shelf information.
struct ShelfRoutes {
    let daemon: Daemon
    var orderLimiter = ClientWindowLimiter.shelfOrders()

    func register(on router: Router<DaemonRequestContext>) {
        let clickAndCollect = ClickAndCollect(daemon: daemon)
        let builder = ShelfViewBuilder(daemon: daemon, clickAndCollect: clickAndCollect)
        let page = daemon.publicDirectory.flatMap { FileManager.default.contents(atPath: "\($0)/shelf.html") }
        router.on(DaemonEndpoints.shelfPage) { _, context in
            _ = try ShelfViewBuilder.gtin(try context.parameters.require("gtin"))
            guard let page else { throw APIError.notFound("shelf page (no public directory)") }
            var headers = HTTPFields()
            headers[.contentType] = "text/html; charset=utf-8"
            headers[.cacheControl] = "no-store"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: page)))
        }
        router.on(DaemonEndpoints.shelfProduct) { _, context in
            try await builder.view(gtinText: try context.parameters.require("gtin")).encodedResponse()
        }
        router.on(DaemonEndpoints.shelfOrder) { request, context in
            // No token on a shopper's phone: every address is limited (429 tooManyShelfOrders).
            try await orderLimiter.admit(client: context.clientKey, now: daemon.now())
            let gtin = try ShelfViewBuilder.gtin(try context.parameters.require("gtin"))
            let body = try await request.decode(as: ShelfOrderRequest.self, context: context)
            let answer = try await clickAndCollect.reserve(
                ReserveBody(
                    id: body.id, code: gtin.digits14, quantity: body.quantity,
                    fulfilmentStoreID: body.fulfilmentStoreID ?? daemon.config.store, mode: .order, loyaltyCard: nil))
            let status: HTTPResponse.Status = answer.isQueued ? .accepted : answer.replayed ? .ok : .created
            return EditedResponse(status: status, response: try answer.encodedResponse())
        }
    }
}
