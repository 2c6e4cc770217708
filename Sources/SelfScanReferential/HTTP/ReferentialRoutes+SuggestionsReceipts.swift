import Foundation
import Hummingbird
import NIOCore
import SelfScanAPI
import SelfScanCore
import SelfScanHTTP

/// Issue 18 routes: publishing suggestions (admin), customer tokens (admin) and the customer's own receipts.
extension ReferentialRoutes {
    func registerSuggestionsAndReceipts(on router: Router<Context>) {
        router.on(ReferentialEndpoints.publishSuggestions) { _, context in
            guard context.isAdmin else { throw APIError(.unauthorized, "an admin token is required") }
            return try json(try await store.publishSuggestions())
        }
        router.on(ReferentialEndpoints.issueCustomerToken) { _, context in
            let id = try customerID(context)
            let issuedAt = Date()
            let token = try await store.issueCustomerToken(customer: id)
            return try json(
                CustomerTokenAnswer(
                    customerID: id.rawValue, token: token,
                    expiresAt: issuedAt.addingTimeInterval(CustomerTokenAnswer.lifetime)), status: .created)
        }
        router.on(ReferentialEndpoints.myReceipts) { _, context in
            let customer = try requireCustomer(context)
            return try json(CustomerReceiptList(receipts: try await store.receipts(customer: customer)))
        }
        router.on(ReferentialEndpoints.myReceipt) { _, context in
            let customer = try requireCustomer(context)
            let storeID = try context.parameters.require("store")
            let session = try context.parameters.require("session")
            // Another customer's receipt and no receipt at all answer the same (nothing leaks).
            guard let document = try await store.receipt(customer: customer, store: StoreID(storeID), session: session)
            else { throw APIError(.notFound, "no receipt \(storeID)/\(session) for this customer") }
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: Data(document.utf8))))
        }
    }

    func requireCustomer(_ context: Context) throws -> CustomerID {
        guard let customer = context.customerID else { throw APIError(.unauthorized, "a customer token is required") }
        return customer
    }
}
