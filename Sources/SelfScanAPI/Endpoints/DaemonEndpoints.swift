/// Every endpoint of the daemon's local API (docs/api.md, docs/openapi-daemon.yaml). Which of them a daemon
/// serves depends on its role (a gate has no sessions); the set as a whole is the contract.
public enum DaemonEndpoints {
    // System
    public static let health = Endpoint(.get, "/v1/health")
    public static let status = Endpoint(.get, "/v1/status")
    public static let keys = Endpoint(.get, "/v1/keys")
    public static let sync = Endpoint(.get, "/v1/sync")
    public static let syncPull = Endpoint(.post, "/v1/sync/pull")
    public static let metrics = Endpoint(.get, "/metrics")
    public static let qrCode = Endpoint(.get, "/v1/qr.svg")
    /// The WebSocket event stream (an HTTP GET upgraded).
    public static let events = Endpoint(.get, "/v1/events")

    // Devices
    public static let device = Endpoint(.get, "/v1/device")
    public static let devices = Endpoint(.get, "/v1/devices")
    public static let deviceHeartbeat = Endpoint(.post, "/v1/devices/heartbeat")

    // Staff
    public static let staffLogin = Endpoint(.post, "/v1/staff/login")
    public static let staffLogout = Endpoint(.post, "/v1/staff/logout")
    public static let terminalScript = Endpoint(.get, "/v1/payment-terminal/script")
    public static let setTerminalScript = Endpoint(.put, "/v1/payment-terminal/script")

    // Shopper sessions
    public static let openSession = Endpoint(.post, "/v1/sessions")
    public static let listSessions = Endpoint(.get, "/v1/sessions")
    public static let resumeSession = Endpoint(.post, "/v1/sessions/resume")
    public static let session = Endpoint(.get, "/v1/sessions/{id}")
    public static let scan = Endpoint(.post, "/v1/sessions/{id}/scans")
    public static let changeLine = Endpoint(.patch, "/v1/sessions/{id}/lines/{line}")
    public static let removeLine = Endpoint(.delete, "/v1/sessions/{id}/lines/{line}")
    public static let checkout = Endpoint(.post, "/v1/sessions/{id}/checkout")
    public static let resumeScanning = Endpoint(.post, "/v1/sessions/{id}/resume-scanning")
    public static let cancelCheckout = Endpoint(.post, "/v1/sessions/{id}/checkout/cancel")
    public static let acknowledgeAudit = Endpoint(.post, "/v1/sessions/{id}/audit/acknowledge")
    public static let callForHelp = Endpoint(.post, "/v1/sessions/{id}/help")
    public static let suspend = Endpoint(.post, "/v1/sessions/{id}/suspend")
    public static let pay = Endpoint(.post, "/v1/sessions/{id}/payment")
    public static let exitPass = Endpoint(.get, "/v1/sessions/{id}/exit-pass")
    public static let receipt = Endpoint(.get, "/v1/sessions/{id}/receipt")
    /// At most one complement to suggest after the last scan (`?product=` names the scanned product).
    public static let suggestion = Endpoint(.get, "/v1/sessions/{id}/suggestion")
    /// A phone's camera frame (Y800 body), decoded by zbar and scanned into the session.
    public static let cameraFrame = Endpoint(.post, "/v1/sessions/{id}/frames")

    // Staff on sessions
    public static let alerts = Endpoint(.get, "/v1/staff/alerts")
    public static let dismissAlert = Endpoint(.delete, "/v1/staff/alerts/{alert}")
    public static let approveAge = Endpoint(.post, "/v1/staff/sessions/{id}/approve-age")
    public static let staffRemoveLine = Endpoint(.delete, "/v1/staff/sessions/{id}/lines/{line}")
    /// An unknown item added at a price staff entered, with a reason (supervisor).
    public static let staffPricedLine = Endpoint(.post, "/v1/staff/sessions/{id}/priced-lines")
    public static let voidSession = Endpoint(.post, "/v1/staff/sessions/{id}/void")
    public static let startAudit = Endpoint(.post, "/v1/staff/sessions/{id}/audit")
    public static let auditScan = Endpoint(.post, "/v1/staff/sessions/{id}/audit/scans")
    public static let validateAudit = Endpoint(.post, "/v1/staff/sessions/{id}/audit/validate")
    public static let refund = Endpoint(.post, "/v1/staff/sessions/{id}/refunds")
    /// Payment intents whose outcome the terminal could not tell, and their staff resolutions.
    public static let paymentIntents = Endpoint(.get, "/v1/staff/payment-intents")
    /// A supervisor resolves an open intent from the terminal's journal (charged / not charged), exactly once.
    public static let resolvePaymentIntent = Endpoint(.post, "/v1/staff/payment-intents/resolutions")

    // Staff: products, stock, click & collect
    public static let priceCheck = Endpoint(.get, "/v1/staff/price-check")
    public static let stock = Endpoint(.get, "/v1/staff/stock")
    public static let reserve = Endpoint(.post, "/v1/staff/reservations")
    public static let pickings = Endpoint(.get, "/v1/staff/pickings")
    public static let pickingScan = Endpoint(.post, "/v1/staff/pickings/{id}/scans")

    // Exit gate
    public static let gatePass = Endpoint(.post, "/v1/gate/passes")

    // E-receipt on the shopper's phone
    public static let eReceiptLink = Endpoint(.post, "/v1/sessions/{id}/e-receipt")
    public static let eReceipt = Endpoint(.get, "/v1/e-receipts/{token}")

    // Shelf labels (GS1 Digital Link pages for shoppers' phones)
    public static let shelfPage = Endpoint(.get, "/01/{gtin}")
    public static let shelfProduct = Endpoint(.get, "/v1/shelf/{gtin}")
    public static let shelfOrder = Endpoint(.post, "/v1/shelf/{gtin}/orders")

    /// The whole contract.
    public static let all: [Endpoint] = [
        health, status, keys, sync, syncPull, metrics, qrCode, events,
        device, devices, deviceHeartbeat,
        staffLogin, staffLogout, terminalScript, setTerminalScript,
        openSession, listSessions, resumeSession, session, scan, changeLine, removeLine, checkout, resumeScanning,
        cancelCheckout, acknowledgeAudit, callForHelp, suspend, pay, exitPass, receipt,
        suggestion,
        cameraFrame,
        alerts, dismissAlert, approveAge, staffRemoveLine, staffPricedLine, voidSession, startAudit, auditScan, validateAudit, refund,
        paymentIntents, resolvePaymentIntent,
        priceCheck, stock, reserve, pickings, pickingScan,
        gatePass,
        shelfPage, shelfProduct, shelfOrder,
        eReceiptLink, eReceipt,
    ]
}
