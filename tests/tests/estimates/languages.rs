//! Their language: a contact who reads Spanish or French gets the text, the page and the
//! email in it; a contact nobody asked gets the page in the language their browser asks for,
//! and a switch that keeps their choice (their next text follows it).

use super::*;
use casebridge_testkit::{post_form, send_to_api};

const JO: &str = "+12145550123";

/// A page as a phone whose browser asks for `accept_language` gets it.
async fn open_as(b: &TestBackend, path: &str, accept_language: &str) -> (u16, String) {
    let mut req = casebridge_testkit::request("GET", path, None);
    req.headers_mut()
        .insert("accept-language", accept_language.parse().unwrap());
    let r = send_to_api(&b.app, req).await;
    (r.status().as_u16(), r.text())
}

async fn set_contact(b: &TestBackend, contact: &str, fields: Value) -> (u16, Value) {
    advisor(
        &b.app,
        "PATCH",
        &format!("/v1/contacts/{contact}"),
        Some(fields),
    )
    .await
}

fn assert_reads(page: &str, shown: &[&str], not_shown: &[&str]) {
    let read = visible_text(page);
    for s in shown {
        assert!(read.contains(s), "{s:?} in {read}");
    }
    for s in not_shown {
        assert!(!read.contains(s), "{s:?} should not show in {read}");
    }
    assert!(!has_uuid(&read), "an id shows: {read}");
}

async fn a_spanish_speaking_fleet_manager_gets_the_text_the_page_and_the_email_in_spanish(
    b: TestBackend,
) {
    // Given Jo reads Spanish and takes texts and email
    let (case, jo) = case_with_contact(&b).await;
    let (s, contact) = set_contact(
        &b,
        &jo,
        json!({"language": "es", "email": "jo@fleet.example", "emailOptIn": true}),
    )
    .await;
    assert_eq!(s, 200, "{contact}");
    assert_eq!(contact["language"], "es");
    // When the advisor asks her to approve a brake job, tyres and wipers
    let (id, _) = brakes_tyres_wipers(&b, &case, "Tyres").await;
    ask_approval(&b, &case, &id, &jo).await;
    notify_since(&b, 0).await;
    // Then her text says it in Spanish, with the amount, in two segments of the GSM alphabet
    let link = link_texted(&b, JO, "presupuesto de $2,130.00 listo para su aprobacion").await;
    let texts = b.texts().await;
    let text = &texts.iter().rfind(|(to, _)| to == JO).unwrap().1;
    assert!(text.contains("caso #1001 (unidad T-7)"), "{text}");
    assert!(text.contains("Responda a este mensaje o abra"), "{text}");
    let m = casebridge_core::sms::segments::measure(text);
    assert!(
        m.segments <= 2 && m.encoding == casebridge_core::sms::segments::Encoding::Gsm7,
        "{m:?} {text}"
    );
    // And the page it opens is in Spanish, whatever her browser says
    let (s, page) = open_as(&b, &link, "en-US,en;q=0.9").await;
    assert_eq!(s, 200, "{page}");
    assert!(page.contains("<html lang=\"es\">"), "{page}");
    assert_reads(
        &page,
        &[
            "Caso #1001",
            "unidad T-7",
            "Esperando su aprobación",
            "Presupuesto, versión 1",
            "Aprobar todo",
            "Aplazar: ahora no",
            "Total del presupuesto",
            "Su autorización",
            "Enviar mis decisiones",
            "Historial de este presupuesto",
            "Versión 1 enviada por",
        ],
        &[
            "Approve all",
            "Estimate total",
            "Waiting for",
            "Send my decisions",
        ],
    );
    // And her email too
    let email = b
        .emails()
        .await
        .into_iter()
        .rfind(|e| e.to == "jo@fleet.example")
        .expect("an email to Jo");
    assert!(
        email.subject.contains(
            "caso #1001 (unidad T-7) - presupuesto de $2,130.00 listo para su aprobación"
        ),
        "{}",
        email.subject
    );
    assert!(email.html.contains("lang=\"es\"") && email.html.contains("Abrir el caso"));
    // When she approves everything from the page
    let decide = format!("{link}/estimates/{id}/decisions");
    let (s, thanks) = post_form(&b.app, &decide, "version=1&all=approve&approver=Jo+Fleet").await;
    // Then the thank-you page says it in Spanish, with what will be billed
    assert_eq!(s, 200, "{thanks}");
    assert!(
        thanks.contains("Aprobado: <strong>$2,130.00</strong>"),
        "{thanks}"
    );
    assert_reads(
        &thanks,
        &[
            "Gracias",
            "Sus decisiones quedaron registradas (3 líneas decididas por usted)",
            "Autorizado por Jo Fleet.",
            "aprobado",
        ],
        &["Thank you", "approved"],
    );
    // And the estimate's history, read again, says who approved what in Spanish
    let (_, page) = open_as(&b, &format!("{link}/estimates/{id}"), "en").await;
    assert_reads(
        &page,
        &[
            "Jo Fleet aprobó Brake job en la versión 1",
            "Autorizado por Jo Fleet",
        ],
        &["approved Brake job"],
    );
}

async fn the_page_follows_the_browser_until_the_customer_chooses_and_then_texts_follow_too(
    b: TestBackend,
) {
    // Given Jo, whose language nobody recorded, is asked to approve an estimate
    let (case, jo) = case_with_contact(&b).await;
    let (id, _) = brakes_tyres_wipers(&b, &case, "Tyres").await;
    ask_approval(&b, &case, &id, &jo).await;
    let seen = notify_since(&b, 0).await;
    let link = link_texted(&b, JO, "estimate for $2,130.00 is ready for your approval").await;
    // When her phone asks for Canadian French, then for German
    let (_, french) = open_as(&b, &link, "fr-CA,fr;q=0.9,en;q=0.5").await;
    let (_, german) = open_as(&b, &link, "de-DE,de;q=0.9").await;
    // Then the page is in French, with a switch; German (not one of ours) gets English
    assert!(french.contains("<html lang=\"fr-CA\">"), "{french}");
    assert_reads(
        &french,
        &[
            "Dossier #1001",
            "En attente de votre approbation",
            "Tout approuver",
            "Español",
            "English",
        ],
        &["Approve all"],
    );
    assert!(german.contains("<html lang=\"en\">"), "{german}");
    assert_reads(&german, &["Approve all", "Français"], &[]);
    // When she chooses Español on the page's switch
    let estimate_page = format!("{link}/estimates/{id}");
    let r = send_to_api(
        &b.app,
        casebridge_testkit::form_request(
            &format!("{link}/language"),
            &format!("language=es&back={estimate_page}"),
        ),
    )
    .await;
    // Then she is back on the page she was on, now in Spanish even with a French browser
    assert_eq!(r.status().as_u16(), 303, "{}", r.text());
    assert_eq!(r.headers()["location"], estimate_page.as_str());
    let (_, spanish) = open_as(&b, &estimate_page, "fr-CA").await;
    assert_reads(&spanish, &["Aprobar todo"], &["Tout approuver"]);
    // And the advisor sees her choice, and her next text is in Spanish
    let (_, contacts) = advisor(&b.app, "GET", &format!("/v1/cases/{case}/contacts"), None).await;
    assert_eq!(contacts["items"][0]["language"], "es", "{contacts}");
    let (s, _) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/notes"),
        Some(json!({"text": "Las piezas llegaron", "visibility": "external"})),
    )
    .await;
    assert_eq!(s, 201);
    notify_since(&b, seen).await;
    link_texted(&b, JO, "mensaje nuevo: Las piezas llegaron.").await;
}

async fn an_unknown_language_is_refused_by_name_and_changes_nothing(b: TestBackend) {
    // Given Jo on a case, with a link
    let (case, jo) = case_with_contact(&b).await;
    let token = casebridge_testkit::fixtures::mobile_link_token(&b.app, &case, &jo).await;
    // When the advisor sets her language to Portuguese, which the page does not speak
    let (s, problem) = set_contact(&b, &jo, json!({"language": "pt"})).await;
    // Then it is refused, naming the field and the languages there are
    common::assert_refused(s, &problem, 400, "language");
    let said = problem.to_string();
    assert!(
        said.contains("en") && said.contains("es") && said.contains("fr"),
        "{said}"
    );
    // When a forged switch asks for Portuguese
    let (s, page) = post_form(
        &b.app,
        &format!("/m/{token}/language"),
        &format!("language=pt&back=/m/{token}"),
    )
    .await;
    // Then the page says to check what was sent, with the way back; nothing is kept
    assert_eq!(s, 400, "{page}");
    assert_reads(
        &page,
        &["Please check what you sent", "Back to your case"],
        &[],
    );
    let (_, contact) = advisor(&b.app, "GET", &format!("/v1/contacts/{jo}"), None).await;
    assert!(contact.get("language").is_none(), "{contact}");
    // And a switch whose way back leads off the link goes back to the link instead
    let r = send_to_api(
        &b.app,
        casebridge_testkit::form_request(
            &format!("/m/{token}/language"),
            "language=fr&back=https://elsewhere.example/m/",
        ),
    )
    .await;
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(r.headers()["location"], format!("/m/{token}").as_str());
    // And once that switch kept French, even a problem page speaks it (her browser asks for
    // English)
    let (s, gone) = open_as(&b, &format!("/m/{token}/estimates/not-an-id"), "en").await;
    assert_eq!(s, 404, "{gone}");
    assert_reads(
        &gone,
        &["Ce lien n'ouvre rien", "Retour à votre dossier"],
        &[],
    );
}

casebridge_testkit::on_every_backend!(
    a_spanish_speaking_fleet_manager_gets_the_text_the_page_and_the_email_in_spanish,
    the_page_follows_the_browser_until_the_customer_chooses_and_then_texts_follow_too,
    an_unknown_language_is_refused_by_name_and_changes_nothing,
);
