# Ce que lit un client, en français canadien : la page mobile, les textos et les courriels.
# Mêmes identifiants que en/customer.ftl.

## The dealer and the case, on top of every page

call-or-text = Appelez ou textez au
call-or-text-at = Appelez ou textez { $dealer } au
back-to-case = Retour à votre dossier
help-call-dealership = Besoin d'aide? Appelez le concessionnaire qui vous a texté.
case-number = Dossier { $number }
unit = unité { $unit }
vin = NIV { $vin }
now = Maintenant :
language-label = Langue
language-hint = Les textos et les courriels suivent la langue choisie.

## Where a case stands, in the customer's words

case-open = Ouvert
case-checked-in = Reçu à l'atelier
case-approval = En attente de votre approbation
case-parts = En attente de pièces
case-in-service = En réparation
case-ready = Prêt à être récupéré
case-closed = Fermé

## The two views

title-case = { $dealer } — votre dossier
title-estimate = { $dealer } — estimation
your-case = Votre dossier
messages = Messages
messages-from = Messages de { $dealer }
no-messages = Aucun message pour l'instant.
older-messages = Messages précédents
estimates = Estimations
reply-to = Votre réponse à { $dealer }
ask-about-estimate = Une question sur cette estimation? Écrivez à { $dealer }
send-reply = Envoyer la réponse

## An estimate

estimate-version = Estimation, version { $version }
version-pdf = Version { $version } en PDF
history = Historique de cette estimation
standing-yours = En attente de votre décision
standing-others = En attente de { $names }
standing-decided = Décidée
standing-decided-approved = Décidée : { $amount } approuvés
others-asked = { $count ->
    [one] On a demandé à { $names } de décider de cette estimation. Vous pouvez la lire ici.
   *[other] On a demandé à { $names } de décider de cette estimation. Vous pouvez la lire ici.
}
and-list = { $rest } et { $last }
every-line = Toutes les lignes à la fois
approve-all = Tout approuver
decline-all = Tout refuser
every-line-hint = Un choix fait sur une ligne plus bas vaut pour cette ligne.
decision-on = Votre décision sur { $line }
approve = Approuver
defer = Reporter
decline = Refuser
defer-hint = Reporter : pas maintenant — nous le gardons sur la liste de votre unité.
reason-optional = Raison (facultatif)
line-waiting = attend votre décision
line-approved = approuvée
line-deferred = reportée
line-declined = refusée
part-number = pièce no { $number }
taxed = taxable
kind-part = Pièce
kind-labour = Main-d'œuvre
kind-fee = Frais
total-parts = Pièces
total-labour = Main-d'œuvre
total-fees = Frais
total-subtotal = Sous-total
total-supplies = Fournitures d'atelier
total-tax = Taxes
total-tax-rate = Taxes ({ $rate } %)
estimate-total = Total de l'estimation
approved-so-far = Approuvé jusqu'ici :
before-tax = avant taxes
your-authorisation = Votre autorisation
full-name = Votre nom complet
po-number = Numéro de bon de commande (PO)
optional = (facultatif)
authorise-statement = J'autorise { $dealer } à faire les travaux que j'approuve, aux montants indiqués.
send-decisions = Envoyer mes décisions
not-recorded-changed = Rien n'a été enregistré : l'estimation a changé. La voici telle qu'elle est maintenant.
not-recorded-refused = Rien n'a été enregistré : cette estimation n'est pas à vous de décider.

## The estimate's history

history-sent = Version { $version } envoyée par { $name }, { $when }
history-sent-again = Version { $version } envoyée de nouveau par { $name }, { $when }
history-opened = { $name } a ouvert la version { $version }, { $when }
history-reminder = Rappel { $nth } au sujet de la version { $version } envoyé, { $when }
history-authorised = Autorisé par { $approver }, { $when }
history-authorised-po = Autorisé par { $approver } (PO { $po }), { $when }
decision = { $status ->
    [approved] { $name } a approuvé { $line }{ $reason } sur la version { $version }, { $when }
    [deferred] { $name } a reporté { $line }{ $reason } sur la version { $version }, { $when }
    [declined] { $name } a refusé { $line }{ $reason } sur la version { $version }, { $when }
   *[asked] On a redemandé à { $name } au sujet de { $line }{ $reason } sur la version { $version }, { $when }
}
line-removed = une ligne supprimée depuis

## The thank-you page

thank-you = Merci
count-lines = { $count ->
    [one] { $count } ligne
   *[other] { $count } lignes
}
decisions-recorded = Vos décisions sont enregistrées ({ $decided } décidées par vous). Approuvé :
authorised-by = Autorisé par { $approver }.
authorised-by-po = Autorisé par { $approver }, PO { $po }.
see-estimate = Voir l'estimation

## Times, in the dealer's zone

when = { $weekday } { $day } { $month }, { $clock24 } { $zone }
weekday-1 = lun.
weekday-2 = mar.
weekday-3 = mer.
weekday-4 = jeu.
weekday-5 = ven.
weekday-6 = sam.
weekday-7 = dim.
month-1 = janv.
month-2 = févr.
month-3 = mars
month-4 = avr.
month-5 = mai
month-6 = juin
month-7 = juill.
month-8 = août
month-9 = sept.
month-10 = oct.
month-11 = nov.
month-12 = déc.

## When a link or a form does not work

problem-not-found = Ce lien n'ouvre rien
problem-gone = Ce lien ne fonctionne plus
problem-changed = Ceci a changé
problem-check = Vérifiez ce que vous avez envoyé
problem-failed = Un problème est survenu
problem-not-found-detail = Ce que vous cherchez n'est pas dans votre dossier.
problem-gone-detail = Le lien est expiré ou a été remplacé par un plus récent.
problem-changed-detail = Quelqu'un a modifié ceci pendant que vous l'aviez ouvert.
problem-check-detail = Il manque quelque chose ou un champ est trop long dans ce que vous avez envoyé.
problem-failed-detail = Nous n'avons pas pu le faire maintenant. Réessayez dans quelques minutes.

## Stopping emails

stop-emails-title = Arrêter les courriels
stop-emails-from = Arrêter les courriels de { $dealer }?
emails-go-to = Les courriels sur vos dossiers vont à { $email }. Les textos ne changent pas.
stop-these-emails = Arrêter ces courriels
emails-stopped = Courriels arrêtés
emails-stopped-detail = { $dealer } n'enverra plus de courriels sur vos dossiers à { $email }.
emails-again = Les textos ne changent pas. Pour recevoir de nouveau des courriels, demandez-le au concessionnaire.

## What a text or an email is about

new-message = nouveau message
status-checked-in = votre unité est reçue à l'atelier
status-approval = une estimation attend votre approbation
status-ready = votre unité est prête
status-in-service = votre unité est en réparation
estimate-asked = estimation de { $total } prête pour votre approbation
estimate-asked-version = estimation version { $version } de { $total } prête pour votre approbation
estimate-asked-unpriced = estimation version { $version } attend votre approbation
estimate-waiting = rappel : estimation de { $total } en attente de votre approbation
estimate-waiting-version = rappel : estimation version { $version } de { $total } en attente de votre approbation
decisions-copy = vos décisions sur l'estimation version { $version } sont enregistrées : { $approved } approuvés

## Texts

text-head = { $dealer } : dossier { $case } (unité { $unit }) - { $what }
text-reply-sms = Répondez à ce texto ou ouvrez { $link }
text-reply-page = Réponses seulement via { $link }
text-not-read = { $dealer } : les réponses par texto ne sont pas lues. Répondez par votre lien : { $link }

## Emails

email-subject = { $dealer } : dossier { $case } (unité { $unit }) - { $headline }
email-about = Dossier { $case }, unité { $unit }
email-pdf = Votre copie en PDF
email-open = Ouvrir le dossier
email-reply-sms = Répondez sur cette page ou à nos textos.
email-reply-page = Répondez sur cette page.
email-link-life = Le lien fonctionne 7 jours; chaque nouveau courriel en apporte un nouveau.
email-questions = Des questions? Appelez au { $phone }.
email-why = Vous recevez ces courriels comme contact de ce dossier chez { $dealer }.
