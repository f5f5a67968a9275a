//! The CLI's own jobs: seed-demo twice changes nothing, token refuses what it must, sign
//! prints what the connector's verifier accepts.

use super::*;

#[test]
fn seed_demo_twice_changes_nothing_the_second_time() {
    let dir = data_dir();
    let (ok, first, err) = cli(&dir, &["seed-demo"]);
    assert!(ok, "{err}");
    assert!(first.contains("9 new records"), "{first}");
    let (ok, second, _) = cli(&dir, &["seed-demo"]);
    assert!(ok);
    assert!(second.contains("0 new records"), "{second}");
}

#[test]
fn token_refuses_a_bad_role_and_an_oem_admin_without_oem() {
    let dir = data_dir();
    let (ok, _, err) = cli(
        &dir,
        &["token", "--dealer", "demo-dealer-1", "--role", "janitor"],
    );
    assert!(!ok && err.contains("janitor"), "{err}");
    let (ok, _, err) = cli(
        &dir,
        &["token", "--dealer", "demo-dealer-1", "--role", "oem_admin"],
    );
    assert!(!ok && err.contains("--oem"), "{err}");
    let (ok, token, _) = cli(
        &dir,
        &[
            "token",
            "--dealer",
            "demo-dealer-1",
            "--role",
            "oem_admin",
            "--oem",
            "demo-oem",
        ],
    );
    assert!(ok && token.split('.').count() == 3, "{token}");
}

#[test]
fn sign_prints_a_signature_the_connector_verifier_accepts() {
    let dir = data_dir();
    cli(&dir, &["seed-demo"]);
    let body = dir.join("body.json");
    std::fs::write(&body, br#"{"caseId":"demo-dealer-1-case-1"}"#).unwrap();
    let path = "/v1/prokeep/threads/PK-1/attachments";
    let (ok, header, err) = cli(
        &dir,
        &[
            "sign",
            "--dealer",
            "demo-dealer-1",
            "--method",
            "POST",
            "--path",
            path,
            "--body",
            body.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    let secrets = vec![casebridge_infra::demo::demo_connector_secret(
        "demo-dealer-1",
    )];
    let now = jiff::Timestamp::now().as_second();
    let parsed = signature::parse(Some(&header)).unwrap();
    signature::verify(
        &parsed,
        &secrets,
        "POST",
        path,
        br#"{"caseId":"demo-dealer-1-case-1"}"#,
        now,
    )
    .unwrap();
    // The signature is for that route: another thread's path fails
    assert!(signature::verify(
        &parsed,
        &secrets,
        "POST",
        "/v1/prokeep/threads/PK-2/attachments",
        br#"{"caseId":"demo-dealer-1-case-1"}"#,
        now,
    )
    .is_err());
    // Method and path are required
    let (ok, _, err) = cli(
        &dir,
        &[
            "sign",
            "--dealer",
            "demo-dealer-1",
            "--body",
            body.to_str().unwrap(),
        ],
    );
    assert!(!ok && err.contains("--method"), "{err}");
    let (ok, _, err) = cli(
        &dir,
        &[
            "sign",
            "--dealer",
            "no-such-dealer",
            "--method",
            "POST",
            "--path",
            path,
            "--body",
            body.to_str().unwrap(),
        ],
    );
    assert!(!ok && err.contains("not found"), "{err}");
}
