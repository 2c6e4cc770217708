// SelfScan pages: every visible string, in French (default) and English. Both tables have the same keys
// (the browser tests check it). `t("key", {name: value})` fills {name} placeholders.
export const STRINGS = {
  fr: {
    "app.title": "SelfScan",
    "lang.fr": "Français",
    "lang.en": "English",
    "lang.switch": "Langue",
    "offline.banner": "Mode hors ligne : catalogue mis à jour {age}. Vos achats sont bien enregistrés.",
    "offline.banner.unknownAge": "Mode hors ligne : le catalogue central est injoignable. Vos achats sont bien enregistrés.",
    "offline.daemon": "Connexion à la borne perdue… nouvelle tentative.",
    "offline.short": "Hors ligne · catalogue mis à jour {age}",
    "age.minutes": "il y a {n} min",
    "age.hours": "il y a {n} h",
    "age.days": "il y a {n} j",
    "age.justNow": "à l'instant",

    "welcome.title": "Bienvenue !",
    "welcome.scanCard": "Scannez votre carte de fidélité",
    "welcome.scanCardHint": "ou votre premier article pour commencer",
    "welcome.start": "Commencer sans carte",
    "welcome.starting": "Ouverture…",
    "basket.staffPriced": "prix saisi par un vendeur",
    "basket.nutriScore": "Nutri-Score {score}",

    "basket.title": "Mes articles",
    "basket.empty": "Scannez vos articles : ils apparaissent ici.",
    "basket.hello": "Bonjour {name} !",
    "basket.loyalty": "Carte fidélité {card}",
    "basket.anonymous": "Sans carte de fidélité",
    "basket.loyaltyMember": "Carte de fidélité enregistrée ✓",
    "basket.items": "{n} {n:article|articles}",
    "basket.unitPrice": "{price} l'unité",
    "age.item": "{name} ({age} ans et plus)",
    "receipt.total": "Total payé",
    "receipt.onPhone": "Sur votre téléphone : scannez ce code avec l'appareil photo pour garder votre passe de sortie.",
    "phonePass.title": "Votre passe de sortie",
    "phonePass.hint": "Présentez ce code au portique de sortie. Gardez cette page ouverte jusqu'à la sortie.",
    "phonePass.missing": "Aucun passe ici : scannez le code affiché sur la borne après le paiement.",
    "phonePass.expired": "Ce passe a expiré : un membre du personnel vous accueille à la sortie.",
    "audit.oldTotal": "Total avant le contrôle",
    "audit.newTotal": "Nouveau total",
    "audit.review": "Revoir mon panier avant de payer",
    "audit.change.missing": "Non scanné, ajouté : {n} × {name}",
    "audit.change.extra": "Scanné mais absent, retiré : {n} × {name}",
    "audit.change.quantity": "Quantité corrigée : {name}, {scanned} → {found}",
    "audit.change.unit": "{price} l'unité",
    "basket.announceAdded": "{name} ajouté, {n} dans le panier. Total {total}.",
    "line.decreaseNamed": "Retirer un {name}",
    "line.increaseNamed": "Ajouter un {name}",
    "basket.subtotal": "Sous-total",
    "basket.savings": "Vos économies",
    "basket.deposits": "Consignes",
    "basket.total": "Total à payer",
    "basket.checkout": "Terminer et payer",
    "basket.help": "Appeler un vendeur",
    "basket.helpCalled": "Un membre du personnel arrive.",
    "basket.weight": "{weight} à {price}/kg",
    "basket.quantity": "× {n}",
    "basket.deposit": "Consigne",
    "basket.discount": "Remise",
    "basket.voided": "Annulé",
    "basket.ageRestricted": "Interdit aux moins de {age} ans",
    "basket.approved": "Âge vérifié",
    "basket.awaitingApproval": "Vérification d'âge en attente",
    "basket.repriced": "Prix mis à jour : {old} → {new}",

    "line.title": "Modifier l'article",
    "line.quantity": "Quantité",
    "line.increase": "Ajouter un",
    "line.decrease": "Retirer un",
    "line.remove": "Supprimer l'article",
    "line.close": "Fermer",
    "line.weighed": "Article pesé : pour le retirer, supprimez la ligne.",

    "notice.unknownCode": "Article inconnu : ce code n'est pas reconnu. Mettez l'article de côté, un vendeur va vous aider.",
    "notice.saleStopped": "Cet article ne peut pas être vendu aujourd'hui. Merci de le laisser de côté.",
    "notice.refused": "Ce code n'a pas pu être lu. Réessayez.",
    "notice.notNow": "Impossible pour le moment.",
    "notice.loyaltyAdded": "Carte fidélité enregistrée : bonjour {name} !",
    "notice.scanDuringAudit": "Contrôle en cours : votre panier ne peut pas changer pendant que le vendeur recompte. Attendez-le, il arrive.",
    "notice.scanDuringPayment": "Paiement en cours : cet article n'a pas été ajouté. Payez d'abord, ou appelez un vendeur.",
    "notice.scanDuringPaymentBack": "Paiement en cours : cet article n'a pas été ajouté. Touchez « Revenir à mes articles » pour l'ajouter.",
    "notice.scanAfterPayment": "Ce panier est déjà payé : touchez « Terminer » pour commencer un nouveau panier.",
    "notice.daemonDown": "La caisse ne répond pas : rien n'a changé. Réessayez dans un instant ou appelez un vendeur.",
    "pay.daemonDown": "La caisse ne répond pas (le terminal de paiement n'est pas en cause). Réessayez : si le paiement a déjà été accepté, il ne sera pas débité une deuxième fois.",
    "basket.refusedUnknown": "Article non reconnu",
    "basket.refusedStopped": "Article non vendable {name}",
    "basket.refusedCode": "code {code}",
    "basket.refusedUnknownHint": "mettez-le de côté, un vendeur arrive",
    "basket.refusedStoppedHint": "laissez-le de côté",
    "basket.notCharged": "non facturé",
    "notice.close": "OK",
    "notice.error": "Une erreur est survenue : {message}",

    "age.title": "Vérification d'âge",
    "age.body": "Un article de votre panier est réservé aux adultes. Un membre du personnel arrive pour vérifier votre âge.",
    "age.keepScanning": "Vous pouvez continuer vos achats en attendant.",
    "age.continue": "Continuer mes achats",

    "checkout.title": "Vérification du panier",
    "checkout.requesting": "Préparation du paiement…",

    "audit.title": "Contrôle aléatoire",
    "audit.body": "Votre panier a été choisi pour un contrôle rapide. Un membre du personnel arrive : merci de patienter.",
    "audit.inProgress": "Contrôle en cours… merci de votre patience.",
    "audit.done": "Contrôle terminé, merci !",
    "audit.differences": "Le contrôle a corrigé votre panier : vérifiez le nouveau total.",
    "audit.acknowledge": "Continuer vers le paiement",

    "pay.title": "Paiement",
    "pay.amount": "Montant à payer",
    "pay.start": "Payer par carte",
    "pay.back": "Revenir à mes articles",
    "pay.waiting": "Connexion au terminal de paiement…",
    "pay.presentCard": "Présentez ou insérez votre carte sur le terminal.",
    "pay.enterPin": "Saisissez votre code sur le terminal.",
    "pay.processing": "Paiement en cours, ne retirez pas votre carte…",
    "pay.removeCard": "Vous pouvez retirer votre carte.",
    "pay.approved": "Paiement accepté.",
    "pay.declined": "Paiement refusé.",
    "pay.declinedHint": "Vous pouvez réessayer avec la même carte ou une autre carte.",
    "pay.timeout": "Le terminal ne répond pas.",
    "pay.cancelled": "Paiement annulé.",
    "pay.retry": "Réessayer",
    "pay.cancel": "Annuler",

    "receipt.title": "Merci et à bientôt !",
    "receipt.paid": "Payé {amount}",
    "receipt.card": "Carte •••• {last4}",
    "receipt.exitPass": "Présentez ce code au portique de sortie",
    "receipt.exitPassExpires": "Valable jusqu'à {time}",
    "receipt.noPass": "Passez à la sortie, un membre du personnel vous accueille.",
    "receipt.finish": "Terminer",
    "receipt.lines": "Votre ticket",
    "receipt.vat": "dont TVA",

    "idle.title": "Êtes-vous toujours là ?",
    "idle.body": "Sans action de votre part, la borne sera libérée dans {n} s. Votre panier est conservé.",
    "idle.continue": "Je suis là",

    "session.resumed": "Session reprise.",
    "session.closed": "Cette session est terminée.",

    "state.open": "Ouverte",
    "state.scanning": "Achats en cours",
    "state.approvalNeeded": "Vérification d'âge",
    "state.checkoutRequested": "Paiement demandé",
    "state.auditRequired": "Contrôle demandé",
    "state.auditing": "Contrôle en cours",
    "state.audited": "Contrôlée",
    "state.readyToPay": "Prête à payer",
    "state.paid": "Payée",
    "state.exited": "Sortie",
    "state.suspended": "Suspendue",
    "state.abandoned": "Abandonnée",
    "state.void": "Annulée",

    "staff.title": "SelfScan — Personnel",
    "staff.login": "Connexion",
    "staff.badge": "Badge",
    "staff.badgeHint": "Scannez votre badge",
    "staff.pin": "Code PIN",
    "staff.role": "Rôle",
    "staff.role.attendant": "Hôte(sse)",
    "staff.role.auto": "Mon rôle (d'après le badge)",
    "stock.reserveOffline": "Hors ligne : la réservation reviendra avec le réseau ; une commande est mise en attente.",
    "staff.roleTooLow": "Votre rôle ne permet pas cette action : demandez à un responsable.",
    "staff.alreadyDone": "Déjà traité par un collègue.",
    "alerts.refuseConfirm": "Confirmer le refus (l'article sera retiré)",
    "alerts.needsAuditor": "Un contrôleur doit faire ce contrôle.",
    "staff.role.auditor": "Contrôleur",
    "staff.role.supervisor": "Responsable",
    "staff.signIn": "Se connecter",
    "staff.signOut": "Déconnexion",
    "staff.badCredentials": "Badge ou code PIN incorrect.",
    "staff.roleNotGranted": "Ce rôle ne vous est pas attribué.",
    "staff.hello": "{name} · {role}",
    "staff.sessionExpired": "Session expirée : reconnectez-vous.",

    "tab.alerts": "Alertes",
    "tab.price": "Prix",
    "tab.stock": "Stock",
    "tab.orders": "Commandes",

    "alerts.empty": "Aucune alerte. Tout va bien.",
    "alerts.kind.ageApproval": "Vérification d'âge",
    "alerts.kind.audit": "Contrôle demandé",
    "alerts.kind.unknownCode": "Article inconnu",
    "alerts.kind.saleRefused": "Article bloqué",
    "alerts.kind.device": "Panne d'appareil",
    "alerts.kind.help": "Demande d'aide",
    "alerts.kind.other": "Alerte",
    "alerts.kiosk": "Borne {device}",
    "alerts.session": "Session {id}",
    "alerts.item": "{name} · {age} ans et plus",
    "alerts.code": "Code : {code}",
    "alerts.approve": "Âge vérifié : valider",
    "alerts.refuse": "Refuser",
    "alerts.startAudit": "Commencer le contrôle",
    "alerts.dismiss": "Traité",
    "alerts.priceItem": "Ajouter à un prix",
    "alerts.needsSupervisor": "Un responsable peut ajouter l'article à un prix.",
    "alerts.voidItem": "Retirer l'article",
    "alerts.voidItemConfirm": "Confirmer : l'article reste en caisse, rien n'est ajouté",
    "alerts.priceMinor": "Prix en centimes (450 = 4,50 €)",
    "alerts.priceReason": "Motif",
    "alerts.priceReason.notInCatalog": "Absent du catalogue",
    "alerts.priceReason.unreadableCode": "Code illisible",
    "alerts.priceReason.damagedLabel": "Étiquette abîmée (prix du rayon)",
    "alerts.priceReason.shelfPrice": "Prix affiché en rayon",
    "alerts.priceName": "Nom sur le ticket (facultatif)",
    "alerts.priceSubmit": "Ajouter au panier",
    "alerts.priceInvalid": "Entrez le prix en centimes : un nombre entier de 1 à 100000.",
    "alerts.priced": "Article ajouté à {price}. Nouveau total : {total}.",
    "alerts.approved": "Approuvé.",
    "alerts.ageHint": "Un article réservé aux adultes attend : vérifiez une pièce d'identité.",
    "alerts.auditHint": "Le client attend à la borne pour un contrôle du panier.",
    "alerts.refused": "Refusé : l'article est retiré du panier.",
    "alerts.ago": "{age}",

    "audit.staffTitle": "Contrôle du panier",
    "audit.instructions": "Scannez les articles du panier un par un.",
    "audit.expected": "Attendu",
    "audit.scanned": "Scanné",
    "audit.missing": "Manquant",
    "audit.extra": "En trop",
    "audit.ok": "Conforme",
    "audit.noDifference": "Aucune différence pour l'instant.",
    "audit.differencesTitle": "Différences",
    "audit.validate": "Valider le contrôle",
    "audit.cancel": "Quitter",
    "audit.validated": "Contrôle validé.",
    "audit.lines": "{n} {n:ligne|lignes} à contrôler",
    "audit.scope.full": "Contrôle complet",
    "audit.scope.partial": "Contrôle partiel",

    "scan.placeholder": "Scanner ou saisir un code",
    "scan.submit": "OK",

    "price.title": "Vérifier un prix",
    "price.hint": "Scannez un article pour voir son prix.",
    "price.unknown": "Article inconnu.",
    "price.promotions": "Promotions",
    "price.vat": "TVA {rate}",
    "price.minAge": "Interdit aux moins de {age} ans",
    "price.saleStopped": "Vente bloquée",

    "stock.title": "Stock",
    "stock.hint": "Scannez un article pour voir le stock ici et dans les autres magasins.",
    "stock.here": "Ici",
    "stock.elsewhere": "Autres magasins",
    "stock.units": "{n} en stock",
    "stock.none": "Aucune information de stock.",
    "stock.noOtherStore": "Aucun autre magasin n'a de stock connu.",
    "stock.source.live": "Stock en direct du central",
    "stock.source.cache": "Central injoignable : stock du catalogue local, mis à jour {age}",
    "stock.source.cacheUnknownAge": "Central injoignable : stock du catalogue local",
    "stock.quantity": "Quantité",
    "stock.card": "Carte de fidélité (facultatif)",
    "stock.reserve": "Réserver",
    "stock.order": "Commander",
    "stock.reserveHint": "Réserver bloque le stock du magasin choisi ; commander le fait venir pour le retrait.",
    "stock.result.reserved": "Réservé : {quantity} × {name} à {store}.",
    "stock.result.ordered": "Commandé : {quantity} × {name}, retrait à {store}.",
    "stock.result.picked": "Déjà préparé : {quantity} × {name} à {store}.",
    "stock.result.queued": "Hors ligne : la commande de {quantity} × {name} ({store}) partira au central dès son retour.",
    "stock.result.replayed": "(demande déjà reçue : même réponse)",
    "stock.result.reference": "Référence {id}",
    "stock.error.insufficientStock": "Stock insuffisant à {store} pour {quantity} {quantity:article|articles}.",
    "stock.error.referentialUnreachable": "Central injoignable : impossible de bloquer le stock maintenant. Vous pouvez commander : la commande partira dès son retour.",
    "stock.error.reservationConflict": "Cette demande a déjà été faite avec d'autres valeurs.",
    "stock.error.badQuantity": "La quantité doit être un nombre entier de 1 à 10000.",

    "orders.title": "Click & collect : commandes à préparer",
    "orders.empty": "Aucune commande à préparer.",
    "orders.unavailable": "Central injoignable : la liste des commandes n'est pas disponible. Réessayez plus tard.",
    "orders.refresh": "Actualiser",
    "orders.pick": "Préparer",
    "orders.picking": "Commande {order}",
    "orders.progress": "{picked} / {wanted} {picked:scanné|scannés}",
    "orders.status.reserved": "Stock réservé",
    "orders.status.ordered": "Commandé",
    "orders.status.picked": "Prête",
    "orders.from": "Demandée par {store} · {time}",
    "orders.card": "Carte {card}",
    "orders.scanHint": "Scannez chaque article de la commande.",
    "orders.done": "Commande prête : {name}.",
    "orders.awaiting": "Tous les articles sont scannés ; le central n'a pas encore confirmé. Scannez encore un article pour réessayer.",
    "orders.wrongItem": "Mauvais article : cette commande attend {expected}, vous avez scanné {scanned}.",
    "orders.alreadyPicked": "Tous les articles de cette commande sont déjà scannés.",
    "orders.back": "Retour à la liste",

    "common.loading": "Chargement…",
    "common.retry": "Réessayer",
    "common.close": "Fermer",
    "common.error": "Erreur : {message}",
    "common.network": "Le service ne répond pas.",
  },

  en: {
    "app.title": "SelfScan",
    "lang.fr": "Français",
    "lang.en": "English",
    "lang.switch": "Language",
    "offline.banner": "Offline mode: catalogue last updated {age}. Your shopping is safely recorded.",
    "offline.banner.unknownAge": "Offline mode: the central catalogue is unreachable. Your shopping is safely recorded.",
    "offline.daemon": "Connection to the kiosk lost… retrying.",
    "offline.short": "Offline · catalogue updated {age}",
    "age.minutes": "{n} min ago",
    "age.hours": "{n} h ago",
    "age.days": "{n} days ago",
    "age.justNow": "just now",

    "welcome.title": "Welcome!",
    "welcome.scanCard": "Scan your loyalty card",
    "welcome.scanCardHint": "or your first item to begin",
    "welcome.start": "Start without a card",
    "welcome.starting": "Opening…",
    "basket.staffPriced": "price set by staff",
    "basket.nutriScore": "Nutri-Score {score}",

    "basket.title": "My items",
    "basket.empty": "Scan your items: they appear here.",
    "basket.hello": "Hello {name}!",
    "basket.loyalty": "Loyalty card {card}",
    "basket.anonymous": "No loyalty card",
    "basket.loyaltyMember": "Loyalty card recorded ✓",
    "basket.items": "{n} {n:item|items}",
    "basket.unitPrice": "{price} each",
    "age.item": "{name} ({age}+)",
    "receipt.total": "Total paid",
    "receipt.onPhone": "On your phone: scan this code with the camera to keep your exit pass.",
    "phonePass.title": "Your exit pass",
    "phonePass.hint": "Show this code at the exit gate. Keep this page open until you leave.",
    "phonePass.missing": "No pass here: scan the code shown on the kiosk after paying.",
    "phonePass.expired": "This pass has expired: a staff member will help you at the exit.",
    "audit.oldTotal": "Total before the check",
    "audit.newTotal": "New total",
    "audit.review": "Review my basket before paying",
    "audit.change.missing": "Not scanned, added: {n} × {name}",
    "audit.change.extra": "Scanned but not in the bag, removed: {n} × {name}",
    "audit.change.quantity": "Quantity corrected: {name}, {scanned} → {found}",
    "audit.change.unit": "{price} each",
    "basket.announceAdded": "{name} added, {n} in the basket. Total {total}.",
    "line.decreaseNamed": "Remove one {name}",
    "line.increaseNamed": "Add one {name}",
    "basket.subtotal": "Subtotal",
    "basket.savings": "Your savings",
    "basket.deposits": "Deposits",
    "basket.total": "Total to pay",
    "basket.checkout": "Finish and pay",
    "basket.help": "Call an assistant",
    "basket.helpCalled": "A staff member is coming.",
    "basket.weight": "{weight} at {price}/kg",
    "basket.quantity": "× {n}",
    "basket.deposit": "Deposit",
    "basket.discount": "Discount",
    "basket.voided": "Removed",
    "basket.ageRestricted": "Over {age}s only",
    "basket.approved": "Age checked",
    "basket.awaitingApproval": "Age check pending",
    "basket.repriced": "Price updated: {old} → {new}",

    "line.title": "Change item",
    "line.quantity": "Quantity",
    "line.increase": "Add one",
    "line.decrease": "Remove one",
    "line.remove": "Remove the item",
    "line.close": "Close",
    "line.weighed": "Weighed item: to take it off, remove the line.",

    "notice.unknownCode": "Unknown item: this code is not recognised. Put the item aside, an assistant will help you.",
    "notice.saleStopped": "This item cannot be sold today. Please leave it aside.",
    "notice.refused": "This code could not be read. Please try again.",
    "notice.notNow": "Not possible right now.",
    "notice.loyaltyAdded": "Loyalty card recorded: hello {name}!",
    "notice.scanDuringAudit": "Check in progress: your basket can't change while the assistant recounts it. Please wait, they are coming.",
    "notice.scanDuringPayment": "Payment in progress: this item was not added. Pay first, or call an assistant.",
    "notice.scanDuringPaymentBack": "Payment in progress: this item was not added. Tap \u201cBack to my items\u201d to add it.",
    "notice.scanAfterPayment": "This basket is already paid: tap \u201cFinish\u201d to start a new basket.",
    "notice.daemonDown": "The checkout system is not answering: nothing changed. Try again in a moment or call an assistant.",
    "pay.daemonDown": "The checkout system is not answering (not the card terminal). Try again: if the payment was already approved, you will not be charged twice.",
    "basket.refusedUnknown": "Item not recognised",
    "basket.refusedStopped": "Item not for sale {name}",
    "basket.refusedCode": "code {code}",
    "basket.refusedUnknownHint": "put it aside, an assistant is coming",
    "basket.refusedStoppedHint": "leave it aside",
    "basket.notCharged": "not charged",
    "notice.close": "OK",
    "notice.error": "Something went wrong: {message}",

    "age.title": "Age check",
    "age.body": "An item in your basket is for adults only. A staff member is coming to check your age.",
    "age.keepScanning": "You can keep shopping while you wait.",
    "age.continue": "Continue shopping",

    "checkout.title": "Checking your basket",
    "checkout.requesting": "Preparing payment…",

    "audit.title": "Random check",
    "audit.body": "Your basket was selected for a quick check. A staff member is coming: thank you for waiting.",
    "audit.inProgress": "Check in progress… thank you for your patience.",
    "audit.done": "Check complete, thank you!",
    "audit.differences": "The check corrected your basket: please check the new total.",
    "audit.acknowledge": "Continue to payment",

    "pay.title": "Payment",
    "pay.amount": "Amount to pay",
    "pay.start": "Pay by card",
    "pay.back": "Back to my items",
    "pay.waiting": "Connecting to the payment terminal…",
    "pay.presentCard": "Tap or insert your card on the terminal.",
    "pay.enterPin": "Enter your PIN on the terminal.",
    "pay.processing": "Payment in progress, do not remove your card…",
    "pay.removeCard": "You can remove your card.",
    "pay.approved": "Payment approved.",
    "pay.declined": "Payment declined.",
    "pay.declinedHint": "You can try again with the same card or another one.",
    "pay.timeout": "The terminal is not responding.",
    "pay.cancelled": "Payment cancelled.",
    "pay.retry": "Try again",
    "pay.cancel": "Cancel",

    "receipt.title": "Thank you, see you soon!",
    "receipt.paid": "Paid {amount}",
    "receipt.card": "Card •••• {last4}",
    "receipt.exitPass": "Show this code at the exit gate",
    "receipt.exitPassExpires": "Valid until {time}",
    "receipt.noPass": "Please go to the exit, a staff member will greet you.",
    "receipt.finish": "Finish",
    "receipt.lines": "Your receipt",
    "receipt.vat": "incl. VAT",

    "idle.title": "Are you still there?",
    "idle.body": "Without any action, the kiosk will be freed in {n} s. Your basket is kept.",
    "idle.continue": "I'm here",

    "session.resumed": "Session resumed.",
    "session.closed": "This session has ended.",

    "state.open": "Open",
    "state.scanning": "Shopping",
    "state.approvalNeeded": "Age check",
    "state.checkoutRequested": "Checkout requested",
    "state.auditRequired": "Check requested",
    "state.auditing": "Being checked",
    "state.audited": "Checked",
    "state.readyToPay": "Ready to pay",
    "state.paid": "Paid",
    "state.exited": "Exited",
    "state.suspended": "Suspended",
    "state.abandoned": "Abandoned",
    "state.void": "Voided",

    "staff.title": "SelfScan — Staff",
    "staff.login": "Sign in",
    "staff.badge": "Badge",
    "staff.badgeHint": "Scan your badge",
    "staff.pin": "PIN",
    "staff.role": "Role",
    "staff.role.attendant": "Attendant",
    "staff.role.auto": "My role (from the badge)",
    "stock.reserveOffline": "Offline: reserving comes back with the network; an order is queued.",
    "staff.roleTooLow": "Your role does not allow this: ask a supervisor.",
    "staff.alreadyDone": "Already handled by a colleague.",
    "alerts.refuseConfirm": "Confirm refusal (the item will be removed)",
    "alerts.needsAuditor": "An auditor must run this audit.",
    "staff.role.auditor": "Auditor",
    "staff.role.supervisor": "Supervisor",
    "staff.signIn": "Sign in",
    "staff.signOut": "Sign out",
    "staff.badCredentials": "Wrong badge or PIN.",
    "staff.roleNotGranted": "This role is not granted to you.",
    "staff.hello": "{name} · {role}",
    "staff.sessionExpired": "Signed out: please sign in again.",

    "tab.alerts": "Alerts",
    "tab.price": "Price",
    "tab.stock": "Stock",
    "tab.orders": "Orders",

    "alerts.empty": "No alerts. All good.",
    "alerts.kind.ageApproval": "Age check",
    "alerts.kind.audit": "Audit requested",
    "alerts.kind.unknownCode": "Unknown item",
    "alerts.kind.saleRefused": "Blocked item",
    "alerts.kind.device": "Device fault",
    "alerts.kind.help": "Help requested",
    "alerts.kind.other": "Alert",
    "alerts.kiosk": "Kiosk {device}",
    "alerts.session": "Session {id}",
    "alerts.item": "{name} · {age}+ only",
    "alerts.code": "Code: {code}",
    "alerts.approve": "Age checked: approve",
    "alerts.refuse": "Refuse",
    "alerts.startAudit": "Start the check",
    "alerts.dismiss": "Done",
    "alerts.priceItem": "Add at a price",
    "alerts.needsSupervisor": "A supervisor can add the item at a price.",
    "alerts.voidItem": "Put the item aside",
    "alerts.voidItemConfirm": "Confirm: the item stays at the till, nothing is added",
    "alerts.priceMinor": "Price in cents (450 = €4.50)",
    "alerts.priceReason": "Reason",
    "alerts.priceReason.notInCatalog": "Not in the catalog",
    "alerts.priceReason.unreadableCode": "Unreadable barcode",
    "alerts.priceReason.damagedLabel": "Damaged label (shelf price)",
    "alerts.priceReason.shelfPrice": "Price shown on the shelf",
    "alerts.priceName": "Name on the receipt (optional)",
    "alerts.priceSubmit": "Add to the basket",
    "alerts.priceInvalid": "Enter the price in cents: a whole number from 1 to 100000.",
    "alerts.priced": "Item added at {price}. New total: {total}.",
    "alerts.approved": "Approved.",
    "alerts.ageHint": "An adults-only item is waiting: check an ID.",
    "alerts.auditHint": "The customer is waiting at the kiosk for a basket check.",
    "alerts.refused": "Refused: the item is taken off the basket.",
    "alerts.ago": "{age}",

    "audit.staffTitle": "Basket check",
    "audit.instructions": "Scan the basket's items one by one.",
    "audit.expected": "Expected",
    "audit.scanned": "Scanned",
    "audit.missing": "Missing",
    "audit.extra": "Extra",
    "audit.ok": "Matches",
    "audit.noDifference": "No difference so far.",
    "audit.differencesTitle": "Differences",
    "audit.validate": "Validate the check",
    "audit.cancel": "Leave",
    "audit.validated": "Check validated.",
    "audit.lines": "{n} {n:line|lines} to check",
    "audit.scope.full": "Full check",
    "audit.scope.partial": "Partial check",

    "scan.placeholder": "Scan or type a code",
    "scan.submit": "OK",

    "price.title": "Price check",
    "price.hint": "Scan an item to see its price.",
    "price.unknown": "Unknown item.",
    "price.promotions": "Promotions",
    "price.vat": "VAT {rate}",
    "price.minAge": "Over {age}s only",
    "price.saleStopped": "Sale stopped",

    "stock.title": "Stock",
    "stock.hint": "Scan an item to see its stock here and in the other stores.",
    "stock.here": "Here",
    "stock.elsewhere": "Other stores",
    "stock.units": "{n} in stock",
    "stock.none": "No stock information.",
    "stock.noOtherStore": "No other store has known stock.",
    "stock.source.live": "Live stock from the central referential",
    "stock.source.cache": "Central referential unreachable: stock from the local catalogue, updated {age}",
    "stock.source.cacheUnknownAge": "Central referential unreachable: stock from the local catalogue",
    "stock.quantity": "Quantity",
    "stock.card": "Loyalty card (optional)",
    "stock.reserve": "Reserve",
    "stock.order": "Order",
    "stock.reserveHint": "Reserve holds the chosen store's stock; order has it delivered for pickup.",
    "stock.result.reserved": "Reserved: {quantity} × {name} at {store}.",
    "stock.result.ordered": "Ordered: {quantity} × {name}, pickup at {store}.",
    "stock.result.picked": "Already prepared: {quantity} × {name} at {store}.",
    "stock.result.queued": "Offline: the order of {quantity} × {name} ({store}) will reach the referential as soon as it is back.",
    "stock.result.replayed": "(request already received: same answer)",
    "stock.result.reference": "Reference {id}",
    "stock.error.insufficientStock": "Not enough stock at {store} for {quantity} {quantity:item|items}.",
    "stock.error.referentialUnreachable": "Central referential unreachable: stock cannot be held now. You can order instead: the order goes out as soon as it is back.",
    "stock.error.reservationConflict": "This request was already made with other values.",
    "stock.error.badQuantity": "The quantity must be a whole number from 1 to 10000.",

    "orders.title": "Click & collect: orders to pick",
    "orders.empty": "No order to pick.",
    "orders.unavailable": "Central referential unreachable: the order list is not available. Try again later.",
    "orders.refresh": "Refresh",
    "orders.pick": "Pick",
    "orders.picking": "Order {order}",
    "orders.progress": "{picked} / {wanted} scanned",
    "orders.status.reserved": "Stock held",
    "orders.status.ordered": "Ordered",
    "orders.status.picked": "Ready",
    "orders.from": "Requested by {store} · {time}",
    "orders.card": "Card {card}",
    "orders.scanHint": "Scan each item of the order.",
    "orders.done": "Order ready: {name}.",
    "orders.awaiting": "Every item is scanned; the referential has not confirmed yet. Scan one more item to retry.",
    "orders.wrongItem": "Wrong item: this order is for {expected}, you scanned {scanned}.",
    "orders.alreadyPicked": "Every item of this order is already scanned.",
    "orders.back": "Back to the list",

    "common.loading": "Loading…",
    "common.retry": "Try again",
    "common.close": "Close",
    "common.error": "Error: {message}",
    "common.network": "The service is not answering.",
  },
};

export const I18N = (() => {
  const storageKey = "selfscan.lang";
  const defaultLanguage = "fr";
  let language = localStorage.getItem(storageKey) || defaultLanguage;
  if (!STRINGS[language]) language = defaultLanguage;
  const listeners = [];

  /** The string for `key` in the current language, with {placeholders} filled from `vars`. */
  function t(key, vars = {}) {
    const table = STRINGS[language];
    let text = table[key];
    if (text === undefined) {
      console.warn(`i18n: missing key ${key}`);
      text = key;
    }
    // Plurals: {n:article|articles} picks by the number n (French: 0 and 1 are singular; English: only 1).
    text = text.replace(/\{(\w+):([^|{}]*)\|([^{}]*)\}/g, (match, name, one, many) => {
      if (!(name in vars)) return match;
      const n = Number(vars[name]);
      return (language === "fr" ? n < 2 : n === 1) ? one : many;
    });
    text = text.replace(/\{(\w+)\}/g, (match, name) => (name in vars ? String(vars[name]) : match));
    return language === "fr" ? frenchTypography(text) : text;
  }

  /** French typography: a non-breaking space before ? ! : ; and » and after « (never a line break there). */
  function frenchTypography(text) {
    return text.replace(/[ \u00a0\u202f]+([?!:;»])/g, "\u00a0$1").replace(/«[ \u00a0\u202f]+/g, "«\u00a0");
  }

  /** Fills every element carrying data-i18n (text), data-i18n-placeholder, data-i18n-aria-label. */
  function apply(root = document) {
    document.documentElement.lang = language;
    for (const element of root.querySelectorAll("[data-i18n]")) element.textContent = t(element.dataset.i18n);
    for (const element of root.querySelectorAll("[data-i18n-placeholder]")) {
      element.placeholder = t(element.dataset.i18nPlaceholder);
    }
    for (const element of root.querySelectorAll("[data-i18n-aria-label]")) {
      element.setAttribute("aria-label", t(element.dataset.i18nAriaLabel));
    }
    for (const button of root.querySelectorAll("[data-lang]")) {
      button.setAttribute("aria-pressed", String(button.dataset.lang === language));
    }
  }

  function setLanguage(next) {
    if (!STRINGS[next] || next === language) return;
    language = next;
    localStorage.setItem(storageKey, next);
    apply();
    for (const listener of listeners) listener(next);
  }

  /** Money `{minor, currency}` → "12,34 €" / "€12.34". */
  function money(amount) {
    if (!amount || typeof amount.minor !== "number") return "—";
    const currency = amount.currency || "EUR";
    const format = new Intl.NumberFormat(language === "fr" ? "fr-FR" : "en-GB", { style: "currency", currency });
    const digits = format.resolvedOptions().maximumFractionDigits;
    return format.format(amount.minor / 10 ** digits);
  }

  /** Grams → "1,234 kg" / "850 g". */
  function weight(grams) {
    const locale = language === "fr" ? "fr-FR" : "en-GB";
    if (grams >= 1000) {
      return `${new Intl.NumberFormat(locale, { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(grams / 1000)} kg`;
    }
    return `${new Intl.NumberFormat(locale).format(grams)} g`;
  }

  /** Seconds → "il y a 5 min" / "5 min ago". */
  function age(seconds) {
    if (seconds < 60) return t("age.justNow");
    if (seconds < 3600) return t("age.minutes", { n: Math.floor(seconds / 60) });
    if (seconds < 86400) return t("age.hours", { n: Math.floor(seconds / 3600) });
    return t("age.days", { n: Math.floor(seconds / 86400) });
  }

  /** Milliseconds since the Unix epoch (`Adapter.instant`) → local time "14:05". */
  function time(ms) {
    return new Intl.DateTimeFormat(language === "fr" ? "fr-FR" : "en-GB", { hour: "2-digit", minute: "2-digit" })
      .format(new Date(ms));
  }

  /** Basis points → "5,5 %" / "5.5%". */
  function percent(basisPoints) {
    return new Intl.NumberFormat(language === "fr" ? "fr-FR" : "en-GB", { style: "percent", maximumFractionDigits: 2 })
      .format(basisPoints / 10000);
  }

  return {
    t, apply, setLanguage, money, weight, age, time, percent,
    get language() { return language; },
    get languages() { return Object.keys(STRINGS); },
    onChange(listener) { listeners.push(listener); },
  };
})();
