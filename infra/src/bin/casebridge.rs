//! `casebridge`: the dev CLI — tokens, connector signatures, demo data.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use casebridge_core::auth::{signature, Role};
use casebridge_core::dealers::{self, DealerId};
use casebridge_infra::config::LocalConfig;
use casebridge_infra::{demo, jwt, local::LocalEnv};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "casebridge",
    about = "casebridge dev CLI (works on the local data folder)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print a bearer token the local server accepts.
    Token {
        /// The user's dealer (none for a platform_admin; optional for an oem_admin).
        #[arg(long)]
        dealer: Option<String>,
        /// advisor, dealer_admin, oem_admin or platform_admin
        #[arg(long)]
        role: String,
        /// The OEM of an oem_admin.
        #[arg(long)]
        oem: Option<String>,
        /// The user id (`sub`).
        #[arg(long, default_value = "dev-user")]
        sub: String,
        /// A display name for what the user writes.
        #[arg(long)]
        name: Option<String>,
        #[arg(long, default_value_t = 12)]
        hours: i64,
    },
    /// Print the X-Casebridge-Signature value for a request (body from stdin when no
    /// --body), signed now with the dealer's current connector secret. The signature covers
    /// the method, the path with its query, the time and the body.
    Sign {
        #[arg(long)]
        dealer: String,
        /// The request's method, e.g. POST.
        #[arg(long)]
        method: String,
        /// The request's path with its query, e.g. `/v1/prokeep/open-cases?q=johnson`.
        #[arg(long)]
        path: String,
        #[arg(long)]
        body: Option<PathBuf>,
    },
    /// Load the demo OEM, dealers and cases (running it twice changes nothing).
    SeedDemo,
    /// Print what the local adapters recorded as sent, one JSON object a line.
    Outbox {
        #[arg(value_enum)]
        channel: OutboxChannel,
    },
    /// Deliver an inbound text to the running local server, as the two-way SMS topic would.
    SmsIn {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        #[arg(long)]
        body: String,
        /// The message id of the text this answers (previousPublishedMessageId).
        #[arg(long)]
        reply_to: Option<String>,
    },
    /// Write the search index of the customers and cases stored before it existed (a
    /// one-off backfill; running it again writes the same entries). Name the dealers, or
    /// their OEM for all of its dealers.
    Reindex {
        #[arg(long)]
        dealer: Vec<String>,
        #[arg(long)]
        oem: Option<String>,
    },
    /// Print the API document (`openapi.json`), collected from the functions' routers.
    Openapi,
    /// Render a thread JSON file (a snapshot, or an attach/close body) to a PDF, no server.
    Render {
        thread: PathBuf,
        #[arg(short = 'o', long = "out")]
        out: PathBuf,
        /// Time zone the times are shown in.
        #[arg(long, default_value = "America/Chicago")]
        tz: String,
        /// The thread id printed on the pages (default: the file name).
        #[arg(long)]
        thread_id: Option<String>,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum OutboxChannel {
    /// Messages to Prokeep group inboxes (parts escalations and reminders).
    Prokeep,
    /// Texts to customers' phones.
    Sms,
    /// Emails to customers (`to`, `subject`, `text`, `html`, `headers`).
    Email,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match run(Cli::parse()).await {
        Ok(out) => {
            println!("{out}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("casebridge: {e}");
            ExitCode::FAILURE
        }
    }
}

type Out = Result<String, Box<dyn std::error::Error>>;

/// One function per subcommand; the ones that need the local state open it first.
async fn run(cli: Cli) -> Out {
    let (config, env) = match &cli.command {
        Command::Render {
            thread,
            out,
            tz,
            thread_id,
        } => return render(thread, out, tz, thread_id.as_deref()),
        Command::Openapi => {
            return Ok(
                casebridge_http::openapi::to_file(&casebridge_infra::server::openapi())
                    .trim_end()
                    .to_string(),
            )
        }
        _ => {
            let config = LocalConfig::from_env()?;
            let env = LocalEnv::open(&config)?;
            (config, env)
        }
    };
    let now = jiff::Timestamp::now().as_second();
    match cli.command {
        Command::Token {
            dealer,
            role,
            oem,
            sub,
            name,
            hours,
        } => token(&env, now, dealer, &role, oem, &sub, name, hours),
        Command::Sign {
            dealer,
            method,
            path,
            body,
        } => sign(&env, now, &dealer, &method, &path, body).await,
        Command::Render { .. } | Command::Openapi => unreachable!("handled above"),
        Command::Outbox { channel } => Ok(outbox(&env, channel)),
        Command::SmsIn {
            from,
            to,
            body,
            reply_to,
        } => sms_in(&env, config.port, &from, &to, &body, reply_to).await,
        Command::Reindex { dealer, oem } => reindex(&env, dealer, oem).await,
        Command::SeedDemo => {
            let new = demo::seed(&env.app).await?;
            Ok(format!(
                "seed-demo: {new} new records (OEM {}, dealers {} and {})",
                demo::OEM,
                demo::DEALER_1,
                demo::DEALER_2
            ))
        }
    }
}

/// `casebridge reindex`: each named dealer (or each of the OEM's), as a platform admin.
async fn reindex(env: &LocalEnv, dealers: Vec<String>, oem: Option<String>) -> Out {
    use casebridge_core::auth::Principal;
    use casebridge_core::ids::OemId;
    use casebridge_core::ports::{Order, PageRequest};
    let admin = Principal {
        user_id: "casebridge-reindex".into(),
        name: None,
        role: Role::PlatformAdmin,
        dealer: None,
        oem: None,
    };
    let mut ids = dealers
        .iter()
        .map(|d| DealerId::parse(d))
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(oem) = oem {
        let oem = OemId::parse(&oem)?;
        let mut page = PageRequest::first(100, Order::Ascending);
        loop {
            let found = casebridge_core::dealers::onboarding::list_oem_dealers(
                &env.app,
                &admin,
                &oem,
                page.clone(),
            )
            .await?;
            ids.extend(found.items.into_iter().map(|d| d.id));
            match found.next_page {
                Some(next) => page.after = Some(next),
                None => break,
            }
        }
    }
    if ids.is_empty() {
        return Err("name the dealers (--dealer) or their OEM (--oem)".into());
    }
    let mut lines = Vec::new();
    for id in &ids {
        let (customers, cases) =
            casebridge_core::search::reindex::reindex_dealer(&env.app, &admin, id).await?;
        lines.push(format!(
            "reindex: dealer {id}: {customers} customers, {cases} cases"
        ));
    }
    Ok(lines.join("\n"))
}

/// `casebridge render`: a thread file to a PDF, without a server.
fn render(
    thread: &std::path::Path,
    out: &std::path::Path,
    tz: &str,
    thread_id: Option<&str>,
) -> Out {
    let bytes = std::fs::read(thread).map_err(|e| format!("{}: {e}", thread.display()))?;
    let id = thread_id.map(str::to_string).unwrap_or_else(|| {
        thread
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default()
    });
    let pdf = casebridge_transcripts_pdf::render_file(
        &casebridge_transcripts_pdf::PdfTranscripts::from_config(),
        &bytes,
        &id,
        tz,
        jiff::Timestamp::now(),
    )?;
    std::fs::write(out, &pdf).map_err(|e| format!("{}: {e}", out.display()))?;
    Ok(format!("wrote {} ({} bytes)", out.display(), pdf.len()))
}

/// `casebridge token`: a JWT as the local gateway's authorizer accepts it.
#[allow(clippy::too_many_arguments)] // one per flag of the subcommand
fn token(
    env: &LocalEnv,
    now: i64,
    dealer: Option<String>,
    role: &str,
    oem: Option<String>,
    sub: &str,
    name: Option<String>,
    hours: i64,
) -> Out {
    let role: Role = role.parse()?;
    let dealer = match (role, dealer) {
        (Role::PlatformAdmin, None) => String::new(),
        (Role::PlatformAdmin, Some(_)) => {
            return Err("a platform_admin belongs to no dealer: leave out --dealer".into())
        }
        // An OEM admin may act for the OEM alone (onboarding's first steps).
        (Role::OemAdmin, None) => String::new(),
        (_, Some(d)) => DealerId::parse(&d)?.to_string(),
        (_, None) => return Err(format!("the {} token needs --dealer", role.as_str()).into()),
    };
    if role == Role::OemAdmin && oem.is_none() {
        return Err("an oem_admin token needs --oem".into());
    }
    let req = jwt::TokenRequest {
        sub,
        dealer_id: &dealer,
        role,
        oem_id: oem.as_deref(),
        name: name.as_deref(),
    };
    Ok(jwt::mint(&env.jwt_secret, &req, now, hours * 3600)?)
}

/// `casebridge sign`: a connector signature with the dealer's current secret.
async fn sign(
    env: &LocalEnv,
    now: i64,
    dealer: &str,
    method: &str,
    path: &str,
    body: Option<std::path::PathBuf>,
) -> Out {
    let bytes = match body {
        Some(path) => std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?,
        None => {
            let mut b = Vec::new();
            std::io::stdin().read_to_end(&mut b)?;
            b
        }
    };
    if !path.starts_with('/') {
        return Err("--path is the request's path with its query, starting with /".into());
    }
    let dealer = dealers::load_dealer(&env.app, &DealerId::parse(dealer)?).await?;
    // The current secret: the first the dealer lists that the secret store holds.
    let secrets = env.app.secrets.dealer(&dealer.id).await?;
    let secret = dealer
        .connector_secret_ids
        .iter()
        .find_map(|info| secrets.connector.iter().find(|s| s.id == info.id))
        .ok_or_else(|| format!("dealer {} has no connector secret", dealer.id))?;
    let value = secrecy::ExposeSecret::expose_secret(&secret.secret);
    Ok(signature::sign(value, now, method, path, &bytes))
}

/// `casebridge outbox`: what the local recorders kept.
fn outbox(env: &LocalEnv, channel: OutboxChannel) -> String {
    let path = match channel {
        OutboxChannel::Prokeep => casebridge_infra::local::prokeep_outbox(&env.data_dir),
        OutboxChannel::Sms => casebridge_infra::local::sms_outbox(&env.data_dir),
        OutboxChannel::Email => casebridge_infra::local::email_outbox(&env.data_dir),
    };
    std::fs::read_to_string(&path)
        .unwrap_or_default()
        .trim_end()
        .to_string()
}

/// `casebridge sms-in`: a customer's text, as SNS would hand it to sms-inbound.
async fn sms_in(
    env: &LocalEnv,
    port: u16,
    from: &str,
    to: &str,
    body: &str,
    reply_to: Option<String>,
) -> Out {
    let payload = serde_json::json!({
        "originationNumber": from, "destinationNumber": to, "messageBody": body,
        "messageKeyword": body.split_whitespace().next().unwrap_or_default().to_uppercase(),
        "inboundMessageId": uuid::Uuid::new_v4().to_string(),
        "previousPublishedMessageId": reply_to,
    });
    let addr = format!("127.0.0.1:{port}");
    Ok(casebridge_infra::local::post_json(
        &addr,
        casebridge_infra::server::TWO_WAY_SMS_PATH,
        &casebridge_infra::local::local_route_token(&env.jwt_secret),
        &payload,
    )
    .await?)
}
