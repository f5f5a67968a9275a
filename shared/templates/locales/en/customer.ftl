# What a customer reads, in English: the mobile page, the texts and the emails.
# Every message here has its twin in es/ and fr-CA/ (a test holds the three files to the
# same ids). Arguments are plain values; the code never puts words of its own around them.

## The dealer and the case, on top of every page

call-or-text = Call or text
call-or-text-at = Call or text { $dealer } at
back-to-case = Back to your case
help-call-dealership = If you need help, call the dealership that texted you.
case-number = Case { $number }
unit = unit { $unit }
vin = VIN { $vin }
now = Now:
language-label = Language
language-hint = Texts and emails follow the language you choose.

## Where a case stands, in the customer's words

case-open = Opened
case-checked-in = Checked in
case-approval = Waiting for your approval
case-parts = Waiting for parts
case-in-service = Being worked on
case-ready = Ready for pickup
case-closed = Closed

## The two views

title-case = { $dealer } — your case
title-estimate = { $dealer } — estimate
your-case = Your case
messages = Messages
messages-from = Messages from { $dealer }
no-messages = No messages yet.
older-messages = Older messages
estimates = Estimates
reply-to = Your reply to { $dealer }
ask-about-estimate = A question about this estimate? Write to { $dealer }
send-reply = Send reply

## An estimate

estimate-version = Estimate, version { $version }
version-pdf = Version { $version } as a PDF
history = History of this estimate
standing-yours = Waiting for your decision
standing-others = Waiting for { $names }
standing-decided = Decided
standing-decided-approved = Decided: { $amount } approved
others-asked = { $count ->
    [one] { $names } was asked to decide this estimate. You can read it here.
   *[other] { $names } were asked to decide this estimate. You can read it here.
}
and-list = { $rest } and { $last }
every-line = Every line at once
approve-all = Approve all
decline-all = Decline all
every-line-hint = A choice you make on a line below counts for that line.
decision-on = Your decision on { $line }
approve = Approve
defer = Defer
decline = Decline
defer-hint = Defer: not now — we keep it on your unit's list.
reason-optional = Reason (optional)
line-waiting = waiting for you
line-approved = approved
line-deferred = deferred
line-declined = declined
part-number = part no. { $number }
taxed = taxed
kind-part = Part
kind-labour = Labour
kind-fee = Fee
total-parts = Parts
total-labour = Labour
total-fees = Fees
total-subtotal = Subtotal
total-supplies = Shop supplies
total-tax = Tax
total-tax-rate = Tax ({ $rate } %)
estimate-total = Estimate total
approved-so-far = Approved so far:
before-tax = before tax
your-authorisation = Your authorisation
full-name = Your full name
po-number = Purchase order (PO) number
optional = (optional)
authorise-statement = I authorise { $dealer } to do the work I approve, for the amounts shown.
send-decisions = Send my decisions
not-recorded-changed = Nothing was recorded: { $why }. Here is the estimate as it is now.
not-recorded-refused = Nothing was recorded: { $why }.

## The estimate's history

history-sent = Version { $version } sent by { $name }, { $when }
history-sent-again = Version { $version } sent again by { $name }, { $when }
history-opened = { $name } opened version { $version }, { $when }
history-reminder = Reminder { $nth } about version { $version } sent, { $when }
history-authorised = Authorised by { $approver }, { $when }
history-authorised-po = Authorised by { $approver } (PO { $po }), { $when }
decision = { $status ->
    [approved] { $name } approved { $line }{ $reason } on version { $version }, { $when }
    [deferred] { $name } deferred { $line }{ $reason } on version { $version }, { $when }
    [declined] { $name } declined { $line }{ $reason } on version { $version }, { $when }
   *[asked] { $name } asked again about { $line }{ $reason } on version { $version }, { $when }
}
line-removed = a line since removed

## The thank-you page

thank-you = Thank you
count-lines = { $count ->
    [one] { $count } line
   *[other] { $count } lines
}
decisions-recorded = Your decisions are recorded ({ $decided } decided by you). Approved:
authorised-by = Authorised by { $approver }.
authorised-by-po = Authorised by { $approver }, PO { $po }.
see-estimate = See the estimate

## Times, in the dealer's zone

when = { $weekday } { $month } { $day }, { $clock12 } { $zone }
weekday-1 = Mon
weekday-2 = Tue
weekday-3 = Wed
weekday-4 = Thu
weekday-5 = Fri
weekday-6 = Sat
weekday-7 = Sun
month-1 = Jan
month-2 = Feb
month-3 = Mar
month-4 = Apr
month-5 = May
month-6 = Jun
month-7 = Jul
month-8 = Aug
month-9 = Sep
month-10 = Oct
month-11 = Nov
month-12 = Dec

## When a link or a form does not work

problem-not-found = This link does not open anything
problem-gone = This link no longer works
problem-changed = This has changed
problem-check = Please check what you sent
problem-failed = Something went wrong
problem-not-found-detail = { $detail }
problem-gone-detail = { $detail }
problem-changed-detail = { $detail }
problem-check-detail = { $detail }
problem-failed-detail = { $detail }

## Stopping emails

stop-emails-title = Stop emails
stop-emails-from = Stop emails from { $dealer }?
emails-go-to = Emails about your cases go to { $email }. Texts are not affected.
stop-these-emails = Stop these emails
emails-stopped = Emails stopped
emails-stopped-detail = { $dealer } will send no more emails about your cases to { $email }.
emails-again = Texts are not affected. To get emails again, ask the dealership.

## What a text or an email is about

new-message = new message
status-checked-in = your asset is checked in
status-approval = an estimate needs your approval
status-ready = your asset is ready
status-in-service = your asset is in service
estimate-asked = estimate for { $total } is ready for your approval
estimate-asked-version = estimate version { $version } for { $total } is ready for your approval
estimate-asked-unpriced = estimate version { $version } needs your approval
estimate-waiting = reminder: estimate for { $total } is waiting for your approval
estimate-waiting-version = reminder: estimate version { $version } for { $total } is waiting for your approval
decisions-copy = your decisions on estimate version { $version } are recorded: { $approved } approved

## Texts

text-head = { $dealer }: case { $case } (unit { $unit }) - { $what }
text-reply-sms = Reply to this text or open { $link }
text-reply-page = Replies only via { $link }
text-not-read = { $dealer }: replies by text are not read. Please answer through your link: { $link }

## Emails

email-subject = { $dealer }: case { $case } (unit { $unit }) - { $headline }
email-about = Case { $case }, unit { $unit }
email-pdf = Your copy as a PDF
email-open = Open the case
email-reply-sms = Reply on that page, or to our texts.
email-reply-page = Reply on that page.
email-link-life = The link works for 7 days; each new email brings a new one.
email-questions = Questions? Call { $phone }.
email-why = You get these emails as a contact on this case at { $dealer }.
