// SelfScan pages: what each error `code` of the daemon's API (docs/api.md, "Error codes") means, said to the
// person at the screen in French and English. The daemon's own messages are English, for logs; pages show
// these. Codes are grouped by what the person can do about them. The browser test
// (Tests/e2e/test_error_text.py) checks every code of docs/api.md has both texts.
import { I18N } from "./i18n.js";

export const ErrorText = (() => {
  const FAMILIES = {
    scan: ["empty", "payloadTooLong", "invalidUTF8", "notDigits", "badLength", "badCheckDigit", "badUPCELength",
      "badUPCENumberSystem", "badISBN10", "unknownRestrictedCode", "badPriceCheckDigit", "zeroMeasure", "measureOverflow",
      "unknownAI", "badDecimalIndicator", "truncatedValue", "valueTooShort", "valueTooLong", "badCharacter",
      "badAICheckDigit", "badDate", "absurdDecimals", "unknownCurrency", "conflictingAI", "noElements",
      "badDigitalLinkPath", "badPercentEncoding", "unknownSelfScanPayloadKind", "emptySelfScanPayload",
      "badSelfScanPayloadCharacter", "scanPayloadTooLong", "malformedGS1", "notScannable", "notAnItem", "invalidGTIN"],
    label: ["absurdWeight", "absurdLabelPrice", "weightRequired", "measureMismatch"],
    quantity: ["invalidQuantity", "quantityOverLimit", "quantityNotChangeable"],
    technical: ["badPaymentID", "internalError", "badRequest", "badPath", "notFound", "notServedByRole",
      "methodNotAllowed", "bodyTooLarge", "unsupportedMediaType", "hostNotAllowed", "originNotAllowed", "internal",
      "dataDir", "config.unreadableFile", "config.malformedJSON", "config.unknownKey", "config.missingKey",
      "config.badValue", "config.dataDirectoryInUse", "badSessionID", "badLineID", "corruptLog", "money",
      "depositProductMissing", "signingKeyFile", "signingKeyDuplicate", "handoffLogInvalid", "badDeviceID",
      "badDeviceRole", "qrTextMissing", "qrTextNotAllowed", "qrTextTooLong", "qrEncoding", "storage.invalidInput",
      "storage.constraint", "storage.corruptDatabase", "storage.newerSchema", "storage.ioError",
      "storage.invalidStoredData", "storage.catalogRejected", "storage.sqlite", "paymentIDReused", "paymentMismatch",
      "badFrame", "frameTooLarge"],
    busy: ["storage.busy", "catalogUnavailable", "noCatalog", "handoffNotYetSynced", "referentialUnavailable",
      "referentialUnreachable", "referentialRefused", "noReferential", "frameRateExceeded", "tooManyCameraSessions",
      "decoderUnavailable"],
    session: ["missingSessionToken", "wrongSessionToken", "sessionNotFound"],
    staffSignIn: ["missingStaffToken", "invalidStaffToken"],
    pass: ["passMalformed", "passWrongKind", "passUnknownKey", "passForged", "passWrongStore", "passExpired",
      "passReplayed", "basketAlreadyExited"],
    handoff: ["handoffSessionElsewhere", "handoffAlreadyUsed", "handoffClaimedElsewhere"],
    staffPrice: ["staffPriceCodeMissing", "staffPriceNameTooLong", "staffPriceMissing", "badStaffPriceReason", "badVATRate",
      "staffPriceOutOfRange"],
    voidReason: ["voidReasonMissing", "voidReasonTooLong", "badVoidCategory"],
    terminal: ["terminalTimeout", "terminalUnavailable", "noTerminal", "terminalBusy", "unknownTransaction"],
  };

  const TEXT = {
    fr: {
      "family.scan": "Ce code n'a pas pu être lu : rien n'a été ajouté. Scannez-le à nouveau, ou appelez un vendeur.",
      "family.label": "L'étiquette de cet article n'est pas utilisable : rien n'a été ajouté. Appelez un vendeur.",
      "family.quantity": "Cette quantité n'est pas possible (de 1 à 99 par article ; les articles pesés ne se comptent pas).",
      "family.technical": "Problème technique : rien n'a changé. Appelez un vendeur.",
      "family.busy": "Le service central ne répond pas pour le moment : rien n'a changé. Réessayez dans un instant.",
      "family.session": "Ce panier n'est plus sur cette borne : touchez « Commencer » pour un nouveau panier, ou appelez un vendeur.",
      "family.staffSignIn": "Session expirée : reconnectez-vous.",
      "family.pass": "Ce pass de sortie n'est pas valable ici : présentez-vous à l'accueil.",
      "family.handoff": "Ce code de transfert n'est plus valable : le panier est sur une autre borne.",
      "family.staffPrice": "Prix ou motif incorrect : entrez le prix en centimes (1 à 100000) et choisissez un motif.",
      "family.voidReason": "Indiquez le motif de l'annulation (200 caractères au plus).",
      "family.terminal": "Le terminal de paiement ne répond pas : votre carte n'a pas été débitée. Réessayez ou appelez un vendeur.",
      "code.basketLockedByPayment": "Un paiement a déjà été accepté : les articles ne peuvent plus être retirés ici. Un responsable peut rembourser un article.",
      "code.lineAmountZero": "Ce poids est trop faible pour être facturé : rien n'a été ajouté. Appelez un vendeur.",
      "code.handoffPending": "Ce panier attend son transfert : il pourra être repris ici quand le code aura expiré.",
      "code.handoffSuperseded": "Ce code de transfert est dépassé : le panier a changé depuis. Demandez un nouveau code.",
      "code.couponAlreadySpent": "Ce bon a déjà été utilisé.",
      "code.nothingToRefund": "Il ne reste rien à rembourser sur cet article.",
      "code.refundSpansPayments": "Ce remboursement couvre plusieurs paiements : faites-le en caisse.",
      "code.terminalTimeout": "Le terminal n'a pas rendu sa réponse\u00a0: ne payez pas à nouveau, un vendeur vérifie le paiement.",
      "code.paymentOutcomeUnknown": "Un paiement précédent est en cours de vérification\u00a0: ne payez pas à nouveau, un vendeur arrive.",
      "code.unknownPaymentIntent": "Ce paiement en attente est introuvable\u00a0: actualisez la liste.",
      "code.paymentIntentNotOpen": "Ce paiement est déjà réglé\u00a0: rien n'a changé.",
      "code.paymentIntentAlreadyResolved": "Ce paiement a déjà été tranché autrement par un responsable\u00a0: rien n'a changé.",
      "code.badResolution": "Indiquez « débité » avec le numéro d'autorisation du journal du terminal, ou « non débité ».",
      "code.staffRoleTooLow": "Votre rôle ne permet pas cette action : demandez à un responsable.",
      "code.badCredentials": "Badge ou code PIN incorrect.",
      "code.roleNotGranted": "Ce rôle ne vous est pas attribué.",
      "code.staffLoginLocked": "Trop d'essais : patientez avant de réessayer.",
      "code.tooManyCardLookups": "Trop de cartes inconnues : patientez un instant ou appelez un vendeur.",
      "code.tooManyShelfOrders": "Trop de commandes depuis ce téléphone : réessayez dans quelques minutes.",
      "code.tooManySessionsOpened": "Trop de paniers ouverts depuis cet appareil : réessayez dans quelques minutes.",
      "code.noAuditInProgress": "Aucun contrôle n'est en cours sur ce panier.",
      "code.illegalTransition": "Impossible à cette étape du panier.",
      "code.tooManyLines": "Le panier est plein (500 lignes) : payez celui-ci, puis commencez-en un autre.",
      "code.unknownLine": "Cet article n'est plus dans le panier.",
      "code.unknownCoupon": "Ce bon n'est pas reconnu.",
      "code.duplicateCoupon": "Ce bon est déjà dans votre panier.",
      "code.unknownLoyaltyCard": "Cette carte de fidélité n'est pas reconnue.",
      "code.customerAlreadyIdentified": "Une autre carte de fidélité est déjà enregistrée sur ce panier.",
      "code.emptyBasket": "Votre panier est vide : scannez un article d'abord.",
      "code.paymentInProgress": "Un paiement est déjà en cours : suivez les instructions du terminal.",
      "code.notReadyToPay": "Le panier n'est pas encore prêt pour le paiement.",
      "code.notPaid": "Ce panier n'est pas encore payé.",
      "code.badAmount": "Ce montant n'est pas possible.",
      "code.unknownProduct": "Aucun produit ne porte ce code.",
      "code.noGTIN": "Ce produit n'a pas de code-barres : il ne peut pas être réservé.",
      "code.insufficientStock": "Stock insuffisant.",
      "code.reservationConflict": "Cette demande a déjà été faite avec d'autres valeurs.",
      "code.pickingNotFound": "Cette commande n'est pas à préparer dans ce magasin.",
      "code.wrongItem": "Ce n'est pas l'article de la commande.",
      "code.alreadyPicked": "Cette commande est déjà complète.",
      "code.storage.diskFull": "Le disque de la borne est plein : rien n'a été enregistré. Appelez un vendeur.",
      "code.http": "Le service a refusé la demande : rien n'a changé. Réessayez ou appelez un vendeur.",
    },
    en: {
      "family.scan": "This code could not be read: nothing was added. Scan it again, or call an assistant.",
      "family.label": "This item's label cannot be used: nothing was added. Call an assistant.",
      "family.quantity": "This quantity is not possible (1 to 99 per item; weighed items are not counted).",
      "family.technical": "Technical problem: nothing changed. Call an assistant.",
      "family.busy": "The central service is not answering right now: nothing changed. Try again in a moment.",
      "family.session": "This basket is no longer on this kiosk: tap \u201cStart\u201d for a new basket, or call an assistant.",
      "family.staffSignIn": "Signed out: please sign in again.",
      "family.pass": "This exit pass is not valid here: please go to the customer desk.",
      "family.handoff": "This transfer code is no longer valid: the basket is on another kiosk.",
      "family.staffPrice": "Wrong price or reason: enter the price in cents (1 to 100000) and pick a reason.",
      "family.voidReason": "Give the reason for cancelling (200 characters at most).",
      "family.terminal": "The card terminal is not answering: your card was not charged. Try again or call an assistant.",
      "code.basketLockedByPayment": "A payment was already accepted: items can no longer be removed here. A supervisor can refund an item.",
      "code.lineAmountZero": "This weight is too small to be charged: nothing was added. Call an assistant.",
      "code.handoffPending": "This basket is waiting for its transfer: it can be taken back here once the code expires.",
      "code.handoffSuperseded": "This transfer code is out of date: the basket changed since. Ask for a new code.",
      "code.couponAlreadySpent": "This coupon was already used.",
      "code.nothingToRefund": "Nothing is left to refund on this item.",
      "code.refundSpansPayments": "This refund spans several payments: do it at the till.",
      "code.terminalTimeout": "The terminal's answer was lost: do not pay again, an assistant is checking the payment.",
      "code.paymentOutcomeUnknown": "An earlier payment is being checked: do not pay again, an assistant is coming.",
      "code.unknownPaymentIntent": "This pending payment cannot be found: refresh the list.",
      "code.paymentIntentNotOpen": "This payment is already settled: nothing changed.",
      "code.paymentIntentAlreadyResolved": "A supervisor already settled this payment differently: nothing changed.",
      "code.badResolution": "Choose \u201ccharged\u201d with the authorisation number from the terminal's journal, or \u201cnot charged\u201d.",
      "code.staffRoleTooLow": "Your role does not allow this: ask a supervisor.",
      "code.badCredentials": "Wrong badge or PIN.",
      "code.roleNotGranted": "This role is not granted to you.",
      "code.staffLoginLocked": "Too many attempts: wait before trying again.",
      "code.tooManyCardLookups": "Too many unknown cards: wait a moment or call an assistant.",
      "code.tooManyShelfOrders": "Too many orders from this phone: try again in a few minutes.",
      "code.tooManySessionsOpened": "Too many baskets opened from this device: try again in a few minutes.",
      "code.noAuditInProgress": "No check is in progress on this basket.",
      "code.illegalTransition": "Not possible at this step of the basket.",
      "code.tooManyLines": "The basket is full (500 lines): pay for this one, then start another.",
      "code.unknownLine": "This item is no longer in the basket.",
      "code.unknownCoupon": "This coupon is not recognised.",
      "code.duplicateCoupon": "This coupon is already in your basket.",
      "code.unknownLoyaltyCard": "This loyalty card is not recognised.",
      "code.customerAlreadyIdentified": "Another loyalty card is already recorded on this basket.",
      "code.emptyBasket": "Your basket is empty: scan an item first.",
      "code.paymentInProgress": "A payment is already in progress: follow the terminal's instructions.",
      "code.notReadyToPay": "The basket is not ready for payment yet.",
      "code.notPaid": "This basket is not paid yet.",
      "code.badAmount": "This amount is not possible.",
      "code.unknownProduct": "No product has this code.",
      "code.noGTIN": "This product has no barcode: it cannot be reserved.",
      "code.insufficientStock": "Not enough stock.",
      "code.reservationConflict": "This request was already made with other values.",
      "code.pickingNotFound": "This order is not to be picked in this store.",
      "code.wrongItem": "This is not the order's item.",
      "code.alreadyPicked": "This order is already complete.",
      "code.storage.diskFull": "The kiosk's disk is full: nothing was saved. Call an assistant.",
      "code.http": "The service refused the request: nothing changed. Try again or call an assistant.",
    },
  };

  const familyOf = new Map();
  for (const [family, codes] of Object.entries(FAMILIES)) for (const code of codes) familyOf.set(code, family);

  function key(code) {
    if (TEXT.fr[`code.${code}`]) return `code.${code}`;
    if (familyOf.has(code)) return `family.${familyOf.get(code)}`;
    if (/^http\d{3}$/.test(code) || code === "http<N>") return "code.http";
    return null;
  }

  const french = (text) => text.replace(/[ \u00a0\u202f]+([?!:;»])/g, "\u00a0$1").replace(/«[ \u00a0\u202f]+/g, "«\u00a0");

  /** The text for `code` in `language` (the page's by default), or null when the code is not known. */
  function text(code, language) {
    const lang = language || I18N.language;
    const found = key(String(code || ""));
    if (!found || !TEXT[lang]) return null;
    return lang === "fr" ? french(TEXT.fr[found]) : TEXT[lang][found];
  }

  return { text };
})();
