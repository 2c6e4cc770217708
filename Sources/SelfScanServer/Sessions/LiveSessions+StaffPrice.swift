import Foundation
import SelfScanAPI
import SelfScanCore
import SelfScanStorage

/// The checked body of `POST /v1/staff/sessions/{id}/priced-lines`: an unknown item added at a price staff
/// entered, with a reason from the list (docs/api.md).
struct StaffPricedLineRequest: Sendable {
    /// The code the shopper scanned (the alert's `code`), 1…100 characters.
    let code: String
    /// What staff call the item on the receipt (1…80 characters); "Article hors catalogue" when not given.
    let name: String
    let price: Money
    let vatRate: VATRate
    let reason: StaffPriceReason
    /// The `unknownCode` alert this answers (closed once the line is added).
    let alert: String?

    static let defaultName = "Article hors catalogue"

    init(code: String?, name: String?, price: Money?, vatRate: Int?, reason: String?, alert: String?) throws(APIError) {
        let code = (code ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !code.isEmpty, code.count <= 100 else {
            throw APIError(.badRequest, code: "staffPriceCodeMissing", "give the scanned code (1–100 characters)")
        }
        let name = (name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard name.count <= 80 else {
            throw APIError(.badRequest, code: "staffPriceNameTooLong", "the name has \(name.count) characters; at most 80")
        }
        guard let price else {
            throw APIError(.badRequest, code: "staffPriceMissing", "give the price as {\"minor\": …, \"currency\": …}")
        }
        guard let reason, let known = StaffPriceReason(rawValue: reason) else {
            throw APIError(
                .badRequest, code: "badStaffPriceReason",
                "reason must be one of " + StaffPriceReason.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let rate: VATRate
        do {
            rate = try VATRate(basisPoints: vatRate ?? VATRate.frStandard.basisPoints)
        } catch {
            throw APIError(.badRequest, code: "badVATRate", "vatRate \(vatRate ?? 0) is not a VAT rate in basis points")
        }
        self.code = code
        self.name = name.isEmpty ? Self.defaultName : name
        self.price = price
        self.vatRate = rate
        self.reason = known
        self.alert = alert
    }
}

extension LiveSessions {
    /// Staff add an unknown item at the price they entered: one line marked `staffPriced` (who, why), an
    /// audit-log row in the same transaction, and the alert it answers closed on every device.
    func addStaffPricedLine(
        session id: String, request: StaffPricedLineRequest, staff: StaffLogin
    ) async throws -> SessionView {
        try refuseIfPaymentStanding(try Self.sessionID(id))
        let detail = try String(decoding: JSONSerialization.data(withJSONObject: [
            "session": id, "code": request.code, "name": request.name, "priceMinor": request.price.minor,
            "currency": request.price.currency.code, "reason": request.reason.rawValue, "vatRate": request.vatRate.basisPoints,
        ], options: [.sortedKeys]), as: UTF8.self)
        let view = try await command(
            id, audit: [AuditLogDraft(kind: "staffPricedLine", actor: staff.staffID, detail: detail)]
        ) { session, context throws in
            try session.addStaffPricedLine(
                code: request.code, name: request.name, price: request.price, vatRate: request.vatRate,
                reason: request.reason, staffID: StaffID(staff.staffID), context: context)
        }
        if let alert = request.alert, alerts[alert]?.session == id {
            alerts[alert] = nil
            await publishAlertResolutions()
        }
        return view
    }
}
