# Lo que lee un cliente, en español: la página móvil, los mensajes de texto y los correos.
# Mismos ids que en/customer.ftl.

## The dealer and the case, on top of every page

call-or-text = Llame o escriba al
call-or-text-at = Llame o escriba a { $dealer } al
back-to-case = Volver a su caso
help-call-dealership = Si necesita ayuda, llame al concesionario que le escribió.
case-number = Caso { $number }
unit = unidad { $unit }
vin = VIN { $vin }
now = Ahora:
language-label = Idioma
language-hint = Los mensajes de texto y los correos siguen el idioma que elija.

## Where a case stands, in the customer's words

case-open = Abierto
case-checked-in = Recibido en el taller
case-approval = Esperando su aprobación
case-parts = Esperando repuestos
case-in-service = En reparación
case-ready = Listo para recoger
case-closed = Cerrado

## The two views

title-case = { $dealer } — su caso
title-estimate = { $dealer } — presupuesto
your-case = Su caso
messages = Mensajes
messages-from = Mensajes de { $dealer }
no-messages = Todavía no hay mensajes.
older-messages = Mensajes anteriores
estimates = Presupuestos
reply-to = Su respuesta a { $dealer }
ask-about-estimate = ¿Una pregunta sobre este presupuesto? Escriba a { $dealer }
send-reply = Enviar respuesta

## An estimate

estimate-version = Presupuesto, versión { $version }
version-pdf = Versión { $version } en PDF
history = Historial de este presupuesto
standing-yours = Esperando su decisión
standing-others = Esperando a { $names }
standing-decided = Decidido
standing-decided-approved = Decidido: { $amount } aprobado
others-asked = { $count ->
    [one] Se pidió a { $names } que decidiera este presupuesto. Usted puede leerlo aquí.
   *[other] Se pidió a { $names } que decidieran este presupuesto. Usted puede leerlo aquí.
}
and-list = { $rest } y { $last }
every-line = Todas las líneas a la vez
approve-all = Aprobar todo
decline-all = Rechazar todo
every-line-hint = Lo que elija en una línea de abajo vale para esa línea.
decision-on = Su decisión sobre { $line }
approve = Aprobar
defer = Aplazar
decline = Rechazar
defer-hint = Aplazar: ahora no — lo dejamos anotado en la lista de su unidad.
reason-optional = Motivo (opcional)
line-waiting = espera su decisión
line-approved = aprobado
line-deferred = aplazado
line-declined = rechazado
part-number = n.º de pieza { $number }
taxed = con impuesto
kind-part = Pieza
kind-labour = Mano de obra
kind-fee = Cargo
total-parts = Piezas
total-labour = Mano de obra
total-fees = Cargos
total-subtotal = Subtotal
total-supplies = Insumos del taller
total-tax = Impuesto
total-tax-rate = Impuesto ({ $rate } %)
estimate-total = Total del presupuesto
approved-so-far = Aprobado hasta ahora:
before-tax = antes de impuestos
your-authorisation = Su autorización
full-name = Su nombre completo
po-number = Número de orden de compra (PO)
optional = (opcional)
authorise-statement = Autorizo a { $dealer } a realizar el trabajo que apruebo, por los importes indicados.
send-decisions = Enviar mis decisiones
not-recorded-changed = No se registró nada: el presupuesto cambió. Así está ahora.
not-recorded-refused = No se registró nada: a usted no le corresponde decidir este presupuesto.

## The estimate's history

history-sent = Versión { $version } enviada por { $name }, { $when }
history-sent-again = Versión { $version } enviada de nuevo por { $name }, { $when }
history-opened = { $name } abrió la versión { $version }, { $when }
history-reminder = Recordatorio { $nth } sobre la versión { $version } enviado, { $when }
history-authorised = Autorizado por { $approver }, { $when }
history-authorised-po = Autorizado por { $approver } (PO { $po }), { $when }
decision = { $status ->
    [approved] { $name } aprobó { $line }{ $reason } en la versión { $version }, { $when }
    [deferred] { $name } aplazó { $line }{ $reason } en la versión { $version }, { $when }
    [declined] { $name } rechazó { $line }{ $reason } en la versión { $version }, { $when }
   *[asked] Se volvió a preguntar a { $name } sobre { $line }{ $reason } en la versión { $version }, { $when }
}
line-removed = una línea ya eliminada

## The thank-you page

thank-you = Gracias
count-lines = { $count ->
    [one] { $count } línea
   *[other] { $count } líneas
}
decisions-recorded = Sus decisiones quedaron registradas ({ $decided } decididas por usted). Aprobado:
authorised-by = Autorizado por { $approver }.
authorised-by-po = Autorizado por { $approver }, PO { $po }.
see-estimate = Ver el presupuesto

## Times, in the dealer's zone

when = { $weekday } { $day } { $month }, { $clock24 } { $zone }
weekday-1 = lun
weekday-2 = mar
weekday-3 = mié
weekday-4 = jue
weekday-5 = vie
weekday-6 = sáb
weekday-7 = dom
month-1 = ene
month-2 = feb
month-3 = mar
month-4 = abr
month-5 = may
month-6 = jun
month-7 = jul
month-8 = ago
month-9 = sept
month-10 = oct
month-11 = nov
month-12 = dic

## When a link or a form does not work

problem-not-found = Este enlace no abre nada
problem-gone = Este enlace ya no funciona
problem-changed = Esto cambió
problem-check = Revise lo que envió
problem-failed = Algo salió mal
problem-not-found-detail = Lo que busca no está en su caso.
problem-gone-detail = El enlace venció o fue reemplazado por uno más reciente.
problem-changed-detail = Alguien cambió esto mientras usted lo tenía abierto.
problem-check-detail = Falta algo o algo es demasiado largo en lo que envió.
problem-failed-detail = No pudimos hacerlo ahora. Inténtelo de nuevo en unos minutos.

## Stopping emails

stop-emails-title = Dejar de recibir correos
stop-emails-from = ¿Dejar de recibir correos de { $dealer }?
emails-go-to = Los correos sobre sus casos van a { $email }. Los mensajes de texto no cambian.
stop-these-emails = Dejar de recibir estos correos
emails-stopped = Correos detenidos
emails-stopped-detail = { $dealer } no enviará más correos sobre sus casos a { $email }.
emails-again = Los mensajes de texto no cambian. Para volver a recibir correos, pídalo al concesionario.

## What a text or an email is about

new-message = mensaje nuevo
status-checked-in = su unidad fue recibida en el taller
status-approval = un presupuesto espera su aprobación
status-ready = su unidad está lista
status-in-service = su unidad está en reparación
estimate-asked = presupuesto de { $total } listo para su aprobación
estimate-asked-version = presupuesto versión { $version } de { $total } listo para su aprobación
estimate-asked-unpriced = presupuesto versión { $version } espera su aprobación
estimate-waiting = recordatorio: presupuesto de { $total } espera su aprobación
estimate-waiting-version = recordatorio: presupuesto versión { $version } de { $total } espera su aprobación
decisions-copy = sus decisiones sobre el presupuesto versión { $version } quedaron registradas: { $approved } aprobado

## Texts

text-head = { $dealer }: caso { $case } (unidad { $unit }) - { $what }
text-reply-sms = Responda a este mensaje o abra { $link }
text-reply-page = Respuestas solo en { $link }
text-not-read = { $dealer }: no leemos respuestas por mensaje de texto. Responda en su enlace: { $link }

## Emails

email-subject = { $dealer }: caso { $case } (unidad { $unit }) - { $headline }
email-about = Caso { $case }, unidad { $unit }
email-pdf = Su copia en PDF
email-open = Abrir el caso
email-reply-sms = Responda en esa página o a nuestros mensajes de texto.
email-reply-page = Responda en esa página.
email-link-life = El enlace funciona 7 días; cada correo nuevo trae uno nuevo.
email-questions = ¿Preguntas? Llame al { $phone }.
email-why = Recibe estos correos como contacto de este caso en { $dealer }.
