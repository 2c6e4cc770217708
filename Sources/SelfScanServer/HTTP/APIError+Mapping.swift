import Hummingbird
public import SelfScanAPI
import NIOCore
import SelfScanCore
import SelfScanStorage

extension APIError {
    /// The one place where typed errors of every module become HTTP statuses and error codes.
    public init(mapping error: any Error) {
        switch error {
        case let apiError as APIError:
            self = apiError
        case let codeError as CodeError:
            self = APIError(.unprocessableContent, code: codeError.code, codeError.description)
        case let sessionError as SessionError:
            self = APIError(sessionError.httpStatus, code: sessionError.code, sessionError.description)
        case let basketError as BasketError:
            self = APIError(APIError.status(for: basketError), code: basketError.code, basketError.description)
        case let catalogError as CatalogLookupError:
            self = APIError(.serviceUnavailable, code: catalogError.code, catalogError.description)
        case let storageError as StorageError:
            self = APIError(APIError.status(for: storageError), code: "storage.\(storageError.code.rawValue)", storageError.description)
        case let configError as ConfigError:
            self = APIError(.internalServerError, code: "config.\(configError.code.rawValue)", configError.description)
        case let moneyError as MoneyError:
            self = APIError(.unprocessableContent, code: "money", moneyError.description)
        case let passError as SignedTokenError:
            self = APIError(passError.httpStatus, code: passError.code, passError.description)
        case let handoffError as HandoffError:
            self = APIError(handoffError.httpStatus, code: handoffError.code, handoffError.description)
        case let paymentError as PaymentError:
            self = APIError(paymentError.httpStatus, code: paymentError.code, paymentError.description)
        case let clickAndCollectError as ClickAndCollectError:
            self = APIError(clickAndCollectError.httpStatus, code: clickAndCollectError.code, clickAndCollectError.description)
        case is NIOTooManyBytesError:
            self = APIError(
                .contentTooLarge, code: "bodyTooLarge",
                "the request body is larger than \(DaemonRequestContext.maxBodyBytes) bytes")
        case let httpError as HTTPError:
            self = APIError(
                httpError.status, code: APIError.code(for: httpError.status),
                httpError.body ?? httpError.status.reasonPhrase)
        default:
            self = APIError(.internalServerError, code: "internal", "internal error: \(String(describing: error))")
        }
    }

    private static func status(for error: BasketError) -> HTTPResponse.Status {
        switch error {
        case .illegalTransition, .customerAlreadyIdentified, .duplicateCoupon, .emptyBasket, .paymentMismatch:
            .conflict
        case .unknownLine: .notFound
        case .catalog: .serviceUnavailable
        case .corruptLog: .internalServerError
        default: .unprocessableContent
        }
    }

    private static func status(for error: StorageError) -> HTTPResponse.Status {
        switch error.code {
        case .invalidInput, .constraint: .conflict
        case .busy: .serviceUnavailable
        case .diskFull: .init(code: 507, reasonPhrase: "Insufficient Storage")
        default: .internalServerError
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
