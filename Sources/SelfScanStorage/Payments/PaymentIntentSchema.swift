import SelfScanAPI

/// Payment intents and paid line shares (migration `2026-12-04-payment-intents`; append-only, never edited).
///
/// - `payment_intent`: written **before** the terminal is asked to charge or refund; completed in the same
///   transaction as the payment record it produced (`PaymentStore.record`), or closed as `notCharged` when
///   the terminal's last transaction shows the request never went through. An `open` row after a crash is
///   reconciled with the terminal before anything else is sent to it.
/// - `paid_line_share`: what each item line cost after its share of the basket's discounts, written with the
///   intent of the payment that completes the basket; refunds are capped by it.
let paymentIntentSchema = """
    CREATE TABLE payment_intent (
        idempotencyKey TEXT PRIMARY KEY,     -- namespaced: payment:<session>:<client id> | refund:<session>:…
        kind TEXT NOT NULL CHECK (kind IN ('charge', 'refund')),
        sessionID TEXT NOT NULL,
        clientReference TEXT NOT NULL,       -- the client's paymentID, the refunded line, or the transaction
        requestID TEXT NOT NULL UNIQUE,      -- what the terminal echoes: <idempotencyKey>#<attempt>
        attempt INTEGER NOT NULL CHECK (attempt >= 1),
        amountMinor INTEGER NOT NULL CHECK (amountMinor > 0),
        currency TEXT NOT NULL,
        originalTransactionID TEXT,          -- refunds: the terminal transaction refunded
        state TEXT NOT NULL CHECK (state IN ('open', 'completed', 'notCharged')),
        createdAt INTEGER NOT NULL,
        resolvedAt INTEGER
    );
    CREATE INDEX payment_intent_session ON payment_intent(sessionID);
    CREATE INDEX payment_intent_open ON payment_intent(state) WHERE state = 'open';
    CREATE TABLE paid_line_share (
        sessionID TEXT NOT NULL,
        lineID TEXT NOT NULL,
        amountMinor INTEGER NOT NULL CHECK (amountMinor >= 0),
        currency TEXT NOT NULL,
        PRIMARY KEY (sessionID, lineID)
    );
    """
