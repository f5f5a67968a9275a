//! Download, view and upload links signed without the S3 client are the S3 SDK's own
//! presigned URLs.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use aws_sdk_s3::presigning::PresigningConfig;
use casebridge_aws::s3_links::S3Links;
use casebridge_aws::AwsClients;

fn split(url: &str) -> (String, BTreeMap<String, String>) {
    let parsed = url::Url::parse(url).unwrap();
    let base = format!(
        "{}://{}{}",
        parsed.scheme(),
        parsed.host_str().unwrap_or_default(),
        parsed.path()
    );
    let query = parsed
        .query_pairs()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    (base, query)
}

fn same(ours: &str, theirs: &str) {
    assert_eq!(
        split(ours),
        split(theirs),
        "\nours:   {ours}\ntheirs: {theirs}"
    );
}

#[tokio::test]
async fn a_download_link_is_the_s3_sdks_presigned_url_for_the_same_request() {
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_424_400);
    let (bucket, key, version) = (
        "casebridge-attachments",
        "dealers/d1/cases/c-1/threads/PK-1.pdf",
        "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nr8X8gdRQBpUMLUo",
    );
    let disposition = "attachment; filename=\"prokeep-thread-PK-1.pdf\"";
    for (endpoint, token) in [(None, Some("session")), (Some("http://127.0.0.1:9"), None)] {
        let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new("us-east-2"))
            .credentials_provider(aws_sdk_s3::config::Credentials::new(
                "AKIDEXAMPLE",
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                token.map(str::to_string),
                None,
                "test",
            ));
        if let Some(e) = endpoint {
            loader = loader.endpoint_url(e);
        }
        let sdk = loader.load().await;
        let links = S3Links::new(&sdk, bucket).unwrap();
        let s3 = AwsClients::new(&sdk).s3;
        let expires = Duration::from_secs(300);
        let presigning = || {
            PresigningConfig::builder()
                .start_time(now)
                .expires_in(expires)
                .build()
                .unwrap()
        };
        // A download (an attachment, named)
        let ours = links
            .presign(key, Some(version), Some(disposition), expires, now)
            .await
            .unwrap();
        let theirs = s3
            .get_object()
            .bucket(bucket)
            .key(key)
            .version_id(version)
            .response_content_disposition(disposition)
            .presigned(presigning())
            .await
            .unwrap();
        same(&ours, theirs.uri());
        // A view (a photo, inline)
        let ours = links
            .presign(key, Some(version), None, expires, now)
            .await
            .unwrap();
        let theirs = s3
            .get_object()
            .bucket(bucket)
            .key(key)
            .version_id(version)
            .presigned(presigning())
            .await
            .unwrap();
        same(&ours, theirs.uri());
        // An upload (a photo's presigned PUT)
        let ours = links.presign_put(key, expires, now).await.unwrap();
        let theirs = s3
            .put_object()
            .bucket(bucket)
            .key(key)
            .presigned(presigning())
            .await
            .unwrap();
        same(&ours, theirs.uri());
    }
}
