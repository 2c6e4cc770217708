import Foundation
import Hummingbird
import SelfScanAPI
import SelfScanHTTP

/// Staff click & collect routes: `GET /v1/staff/stock`, `POST /v1/staff/reservations`,
/// `GET /v1/staff/pickings`, `POST /v1/staff/pickings/{id}/scans`. Each needs an attendant's bearer token.
struct StaffStockRoutes {
    let daemon: Daemon

    struct ScanBody: Decodable {
        let code: String
    }

    func register(on group: Router<DaemonRequestContext>) {
        let clickAndCollect = ClickAndCollect(daemon: daemon)
        group.on(DaemonEndpoints.stock) { request, _ in
            try await staff(request)
            return try await clickAndCollect.stock(code: request.uri.queryParameters.get("code")).encodedResponse()
        }
        group.on(DaemonEndpoints.reserve) { request, context in
            try await staff(request)
            let body = try await request.decode(as: ReserveBody.self, context: context)
            let answer = try await clickAndCollect.reserve(body)
            let status: HTTPResponse.Status = answer.isQueued ? .accepted : answer.replayed ? .ok : .created
            return EditedResponse(status: status, response: try answer.encodedResponse())
        }
        group.on(DaemonEndpoints.pickings) { request, _ in
            try await staff(request)
            return try PickingList(pickings: try await clickAndCollect.pickings()).encodedResponse()
        }
        group.on(DaemonEndpoints.pickingScan) { request, context in
            try await staff(request)
            let body = try await request.decode(as: ScanBody.self, context: context)
            return try await clickAndCollect.scan(picking: try context.parameters.require("id"), code: body.code)
                .encodedResponse()
        }
    }

    private func staff(_ request: Request) async throws {
        _ = try await daemon.staff.authorise(token: request.bearerToken, requiring: .attendant, now: daemon.now())
    }
}
