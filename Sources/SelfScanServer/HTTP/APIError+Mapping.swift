import Hummingbird
import SelfScanCore

extension APIError {
    /// The one place where typed errors of every module become HTTP statuses and error codes.
    public init(mapping error: any Error) {
        switch error {
        case let apiError as APIError:
            self = apiError
        case let codeError as CodeError:
            self = APIError(.unprocessableContent, code: codeError.code, codeError.description)
        case let moneyError as MoneyError:
            self = APIError(.unprocessableContent, code: "money", moneyError.description)
        case let passError as SignedTokenError:
            self = APIError(passError.httpStatus, code: passError.code, passError.description)
        case let paymentError as PaymentError:
            self = APIError(paymentError.httpStatus, code: paymentError.code, paymentError.description)
        case let httpError as HTTPError:
            self = APIError(
                httpError.status, code: APIError.code(for: httpError.status),
                httpError.body ?? httpError.status.reasonPhrase)
        default:
            self = APIError(.internalServerError, code: "internal", "internal error: \(String(describing: error))")
        }
    }

    private static func code(for status: HTTPResponse.Status) -> String {
        switch status {
        case .badRequest: "badRequest"
        case .notFound: "notFound"
        case .methodNotAllowed: "methodNotAllowed"
        case .contentTooLarge: "bodyTooLarge"
        case .unsupportedMediaType: "unsupportedMediaType"
        default: "http\(status.code)"
        }
    }
}
