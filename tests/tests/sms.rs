//! Texts to customers (two-way SMS), on the embedded backend and on SNS in moto.

use casebridge::ports::{OutgoingSms, SmsError};
use casebridge::testkit::TestBackend;

async fn a_text_reaches_the_phone_intact_and_a_bad_number_is_refused(b: TestBackend) {
    let sms = OutgoingSms {
        from: "+12145550000".into(),
        to: "+12145550100".into(),
        body: "Case C-1: Asset Ready ✓ https://example.test/m/x".into(),
    };
    let id = b.app.sms.send(&sms).await.unwrap();
    assert!(!id.is_empty(), "a message id to match replies against");
    assert_eq!(
        b.texts().await,
        vec![("+12145550100".to_string(), sms.body.clone())]
    );
    if b.name == "moto" {
        // SNS enforces E.164 on the phone number
        let bad = OutgoingSms {
            to: "555-0100".into(),
            ..sms
        };
        assert!(matches!(
            b.app.sms.send(&bad).await,
            Err(SmsError::Refused(_))
        ));
    }
}

casebridge::on_every_backend!(a_text_reaches_the_phone_intact_and_a_bad_number_is_refused);
