//! The README's walkthrough, run as printed, in order, on a fresh local server: every `sh`
//! block from "Walkthrough with curl" to "Names that scripts rely on", in one bash, with the
//! server's address for `http://127.0.0.1:3000`. Each curl must answer what its comment says:
//! a trailing comment that starts with a status (`# 404 ...`, `# -> 201 ...`) is the status it
//! must get, and a quoted text after it (`# -> 200 "Johnson Tires - Denver"`) must be in the
//! body; any other curl must answer 2xx or 3xx. A CLI command that fails stops the run.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

/// What one curl of the walkthrough must answer.
#[derive(Debug)]
struct Expected {
    line: usize,
    status: Option<u16>,
    contains: Option<String>,
}

/// The walkthrough's `sh` blocks, each curl preceded by what it must answer (reported on
/// stderr), and the expectations in order.
fn walkthrough(readme: &str, base_url: &str) -> (String, Vec<Expected>) {
    let start = readme
        .find("## Walkthrough with curl")
        .expect("the README has its walkthrough");
    let end = readme[start..]
        .find("### Names that scripts rely on")
        .map(|e| start + e)
        .unwrap_or(readme.len());
    let mut script = String::new();
    let mut expected = Vec::new();
    let (mut in_sh, mut continued) = (false, false);
    let first_line = readme[..start].lines().count();
    for (i, line) in readme[start..end].lines().enumerate() {
        if line.trim_start().starts_with("```") {
            in_sh = !in_sh && line.trim() == "```sh";
            continue;
        }
        if !in_sh {
            continue;
        }
        let line = line.replace("http://127.0.0.1:3000", base_url);
        if !continued && line.contains("curl ") && !line.trim_start().starts_with('#') {
            let (status, contains) = stated(&line);
            script.push_str(&format!("echo '@@EXPECT {}' >&2; ", expected.len()));
            expected.push(Expected {
                line: first_line + i + 1,
                status,
                contains,
            });
        }
        continued = line.trim_end().ends_with('\\');
        script.push_str(&line);
        script.push('\n');
    }
    (script, expected)
}

/// The status (and text) a command's trailing comment states: `# 409: ...`, `# -> 201 {...}`,
/// `# -> 200 "Johnson Tires - Denver"`.
fn stated(line: &str) -> (Option<u16>, Option<String>) {
    let Some((_, comment)) = line.rsplit_once(" # ") else {
        return (None, None);
    };
    let comment = comment.trim().trim_start_matches("->").trim();
    let status = comment
        .get(..3)
        .filter(|s| s.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|s| s.parse().ok());
    let contains = status.and_then(|_| {
        let quoted = comment.split('"').nth(1)?;
        Some(quoted.to_string())
    });
    (status, contains)
}

/// Runs the walkthrough; answers (status, body) per curl, in order.
fn run(
    script: &str,
    dir: &Path,
    port: u16,
    bin: &Path,
    root: &Path,
) -> (Vec<(u16, String)>, String) {
    let bodies = dir.join("bodies");
    std::fs::create_dir_all(&bodies).unwrap();
    // Each curl reports its status on stderr and keeps its body; stdout stays what the
    // README's own pipes read.
    // The commands run where a newcomer runs them, less the checkout: a scratch folder with
    // the repository's `infra/` (the samples) linked, so the PDFs they write land there.
    let work = dir.join("work");
    std::fs::create_dir_all(&work).unwrap();
    let _ = std::os::unix::fs::symlink(root.join("infra"), work.join("infra"));
    let fonts = std::env::var("CASEBRIDGE_FONTS_DIR").unwrap_or_else(|_| {
        root.join(".tools/transcript-fonts/fonts")
            .display()
            .to_string()
    });
    let preamble = format!(
        r#"set -euo pipefail
export PATH="{bin}:$PATH" CASEBRIDGE_DATA_DIR="{data}" PORT={port} CASEBRIDGE_FONTS_DIR="{fonts}"
cd "{work}"
curl() {{
  local n=$(( $(cat "{bodies}/count" 2>/dev/null || echo 0) + 1 ))
  echo "$n" > "{bodies}/count"
  command curl -w '%{{stderr}}@@STATUS %{{http_code}}\n' "$@" | tee "{bodies}/$n"
}}
"#,
        bin = bin.display(),
        data = dir.display(),
        bodies = bodies.display(),
        work = work.display(),
    );
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!("{preamble}{script}"))
        .current_dir(&work)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(
        out.status.success(),
        "the walkthrough stopped ({}):\n{stderr}",
        out.status
    );
    let statuses: Vec<u16> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("@@STATUS "))
        .map(|s| s.trim().parse().unwrap_or(0))
        .collect();
    let answers = statuses
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let body =
                std::fs::read_to_string(bodies.join((i + 1).to_string())).unwrap_or_default();
            (*s, body)
        })
        .collect();
    (answers, stderr)
}

#[test]
fn every_walkthrough_command_does_what_its_comment_says_on_a_fresh_server() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf();
    let bin = Path::new(CLI).parent().unwrap().to_path_buf();
    let dir = data_dir();
    let server = start_server(&dir);
    let port: u16 = server.url.rsplit(':').next().unwrap().parse().unwrap();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let (script, expected) = walkthrough(&readme, &server.url);
    assert!(
        expected.len() > 30,
        "the walkthrough's curls were not found"
    );
    let (answers, stderr) = run(&script, &dir, port, &bin, &root);
    // The EXPECT marks and the answers pair up in order (a loop's curl repeats its mark).
    let marks: Vec<usize> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("@@EXPECT "))
        .map(|s| s.trim().parse().unwrap())
        .collect();
    assert_eq!(marks.len(), answers.len(), "{stderr}");
    let mut wrong = Vec::new();
    for (mark, (status, body)) in marks.iter().zip(&answers) {
        let e = &expected[*mark];
        let status_ok = match e.status {
            Some(s) => *status == s,
            None => (200..400).contains(status),
        };
        let text_ok = e
            .contains
            .as_ref()
            .is_none_or(|t| body.contains(t.as_str()));
        if !status_ok || !text_ok {
            wrong.push(format!(
                "README line {}: expected {} {}, got {status}: {}",
                e.line,
                e.status.map_or("2xx/3xx".to_string(), |s| s.to_string()),
                e.contains.as_deref().unwrap_or(""),
                body.chars().take(300).collect::<String>()
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // What the comments say happened, beyond statuses
    let (ok, sms, _) = cli(&dir, &["outbox", "sms"]);
    assert!(ok);
    let last = sms.lines().last().unwrap_or_default();
    assert!(
        last.contains("estimate for $2,231.50 is ready for your approval.")
            && last.contains("+12145550101"),
        "the estimate section's `tail -1` shows Ann's approval request: {last}"
    );
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}
