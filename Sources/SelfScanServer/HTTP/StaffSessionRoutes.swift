public import Foundation
public import Hummingbird
import SelfScanHTTP
public import SelfScanAPI
public import SelfScanCore
import SelfScanStorage

/// Staff routes over sessions and the catalog (`/v1/staff/...`, `GET /v1/sessions`): each needs a staff
/// bearer token with a high enough role.
public struct StaffSessionRoutes: Sendable {
    let daemon: Daemon
    let sessions: LiveSessions
    public typealias AlertList = StaffAlertList

    struct ApprovalRequest: Decodable {
        let approve: Bool
    }

    struct PayloadRequest: Decodable {
        let payload: String
    }

    struct RefundRequest: Decodable {
        let lineID: String
    }

    /// `{"reason": "text", "category": "customerRequest|fraud|technical"}` (category optional).
    struct VoidRequest: Decodable {
        let reason: String?
        let category: String?
    }



    /// `{"code", "name"?, "price": {"minor", "currency"}, "reason", "vatRate"?, "alert"?}`.
    struct PricedLineRequest: Decodable {
        let code: String?
        let name: String?
        let price: Money?
        let vatRate: Int?
        let reason: String?
        let alert: String?
    }

    struct PriceCheck: Codable {
        struct Promotion: Codable {
            let id: String
            let name: String
        }
        let productID: String
        let name: String
        let price: Money
        let perKilogram: Bool
        let vatRate: Int
        let minimumAge: Int?
        let saleStopped: String?
        let promotions: [Promotion]
        let catalogVersion: Int64
        let catalogAgeSeconds: Int64?
    }

    func register(on group: Router<DaemonRequestContext>) {
        group.on(DaemonEndpoints.listSessions) { request, _ in
            try await staff(request, .attendant)
            let states = request.uri.queryParameters.get("state").map { $0.split(separator: ",").map(String.init) } ?? []
            let items = try await sessions.summaries(states: states).map {
                guard let state = SessionState(rawValue: $0.state) else {
                    throw APIError(.internalServerError, code: "internalError", "stored session state '\($0.state)'")
                }
                return SessionList.Item(
                    id: $0.id.uuidString, device: $0.deviceID.rawValue, state: state, total: $0.total,
                    lineCount: $0.lineCount, openedAt: $0.openedAt, updatedAt: $0.updatedAt)
            }
            return try SessionList(sessions: items).encodedResponse()
        }
        group.on(DaemonEndpoints.alerts) { request, _ in
            try await staff(request, .attendant)
            return try AlertList(alerts: await sessions.openAlerts()).encodedResponse()
        }
        group.on(DaemonEndpoints.dismissAlert) { request, context in
            try await staff(request, .attendant)
            try await sessions.resolveAlert(try context.parameters.require("alert"))
            return Response(status: .noContent)
        }
        group.on(DaemonEndpoints.approveAge) { request, context in
            let login = try await staff(request, .attendant)
            let body = try await request.decode(as: ApprovalRequest.self, context: context)
            return try await sessions.decideAgeApproval(
                session: try context.parameters.require("id"), approve: body.approve, staff: login)
        }
        group.on(DaemonEndpoints.startAudit) { request, context in
            let login = try await staff(request, .auditor)
            return try await sessions.startAudit(session: try context.parameters.require("id"), staff: login)
        }
        group.on(DaemonEndpoints.auditScan) { request, context in
            try await staff(request, .auditor)
            let body = try await request.decode(as: PayloadRequest.self, context: context)
            return try await sessions.auditRescan(session: try context.parameters.require("id"), payload: body.payload)
                .encodedResponse()
        }
        group.on(DaemonEndpoints.validateAudit) { request, context in
            let login = try await staff(request, .auditor)
            return try await sessions.completeAudit(session: try context.parameters.require("id"), staff: login)
        }
        group.on(DaemonEndpoints.staffRemoveLine) { request, context in
            let login = try await staff(request, .attendant)
            return try await sessions.voidLine(
                session: try context.parameters.require("id"), line: try context.parameters.require("line"),
                staffID: login.staffID)
        }
        group.on(DaemonEndpoints.staffPricedLine) { request, context in
            // Entering a price is a money decision: supervisors only (attendants and auditors void or call one).
            let login = try await staff(request, .supervisor)
            let body = try await request.decode(as: PricedLineRequest.self, context: context)
            let priced = try StaffPricedLineRequest(
                code: body.code, name: body.name, price: body.price, vatRate: body.vatRate, reason: body.reason,
                alert: body.alert)
            return try await sessions.addStaffPricedLine(
                session: try context.parameters.require("id"), request: priced, staff: login)
        }
        group.on(DaemonEndpoints.voidSession) { request, context in
            let login = try await staff(request, .attendant)
            let body = try await decodeOptional(VoidRequest.self, request, context)
            let voiding = try SessionVoidRequest(reason: body?.reason, category: body?.category)
            return try await sessions.voidSession(
                session: try context.parameters.require("id"), request: voiding, staff: login)
        }
        group.on(DaemonEndpoints.refund) { request, context in
            let login = try await staff(request, .supervisor)
            let body = try await request.decode(as: RefundRequest.self, context: context)
            return try await sessions.refundLine(
                session: try context.parameters.require("id"), line: body.lineID, staff: login
            ).encodedResponse()
        }
        group.on(DaemonEndpoints.priceCheck) { request, _ in
            try await staff(request, .attendant)
            let (product, lookup) = try await product(for: request)
            let promotions = try lookup.promotions(of: product)
            let age = try CatalogCache(database: lookup.database).state()
                .map { Int64($0.age()) }
            var stop: String?
            if let saleStop = product.saleStop { stop = saleStop.reason.rawValue }
            var perKilogram = false
            if case .perKilogram = product.pricing { perKilogram = true }
            return try PriceCheck(
                productID: product.id.rawValue, name: product.name, price: product.pricing.price,
                perKilogram: perKilogram, vatRate: product.vatRate.basisPoints, minimumAge: product.minimumAge,
                saleStopped: stop, promotions: promotions.map { .init(id: $0.id.rawValue, name: $0.name) },
                catalogVersion: lookup.version.rawValue, catalogAgeSeconds: age
            ).encodedResponse()
        }
    }

    @discardableResult
    private func staff(_ request: Request, _ role: StaffRole) async throws -> StaffLogin {
        try await daemon.staff.authorise(token: request.bearerToken, requiring: role, now: daemon.now())
    }

    /// The product a `?code=` names (any scannable form: GTIN, weighed label, GS1, Digital Link, internal id).
    private func product(for request: Request) async throws -> (Product, StoredCatalogLookup) {
        try daemon.scannedProduct(request.uri.queryParameters.get("code"))
    }
}
