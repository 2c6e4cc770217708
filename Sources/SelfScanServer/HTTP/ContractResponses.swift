public import Hummingbird
public import SelfScanAPI

// The contract's answers are plain Codable values (SelfScanAPI links no server); the daemon's routes return
// them directly, so they are response-encodable here, in the one module that serves them.
extension SessionView: ResponseEncodable {}
extension DaemonStatus: ResponseEncodable {}
extension StaffLoginAnswer: ResponseEncodable {}
extension SessionList: ResponseEncodable {}
extension StaffAlertList: ResponseEncodable {}
extension DeviceList: ResponseEncodable {}
extension PaymentIntentList: ResponseEncodable {}
extension PaymentIntentResolutionAnswer: ResponseEncodable {}
