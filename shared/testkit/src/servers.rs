//! A server process started on a port it picks itself (`0`) and says on stderr.
//!
//! Picking a free port first and handing it over races: between the pick and the bind,
//! another test's server can take it, and then a connect "reaches" the wrong server. Two
//! scenarios sharing one moto server is how a CI run once failed; this closes that.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// Spawns `cmd` with stderr piped, waits for the line holding `marker` followed by
/// `127.0.0.1:<port>`, and answers the child and that port. stderr is drained for as long
/// as the child lives, so a chatty server never blocks on a full pipe. Panics, saying what
/// the server said, if it stops or stays silent; answers the spawn error to the caller.
pub fn spawn_on_own_port(
    cmd: &mut Command,
    marker: &str,
    wait: Duration,
) -> std::io::Result<(Child, u16)> {
    let mut child = cmd.stderr(Stdio::piped()).spawn()?;
    let stderr = child.stderr.take().expect("stderr is piped");
    let (tx, rx) = mpsc::channel();
    let marker = marker.to_string();
    std::thread::spawn(move || {
        let mut said = Vec::new();
        let mut tx = Some(tx);
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if let Some(sender) = tx.as_ref() {
                if let Some(port) = announced_port(&line, &marker) {
                    let _ = sender.send(Ok(port));
                    tx = None;
                } else if said.len() < 40 {
                    said.push(line);
                }
            }
        }
        if let Some(sender) = tx {
            let _ = sender.send(Err(said.join("\n")));
        }
    });
    match rx.recv_timeout(wait) {
        Ok(Ok(port)) => Ok((child, port)),
        Ok(Err(said)) => {
            let _ = child.wait();
            panic!("{cmd:?} stopped before it listened; it said:\n{said}")
        }
        Err(_) => {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} did not say where it listens within {wait:?}")
        }
    }
}

fn announced_port(line: &str, marker: &str) -> Option<u16> {
    let rest = &line[line.find(marker)? + marker.len()..];
    let rest = &rest[rest.find("127.0.0.1:")? + "127.0.0.1:".len()..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok().filter(|p| *p != 0)
}

#[cfg(test)]
mod tests {
    use super::announced_port;

    #[test]
    fn the_port_is_read_from_the_servers_own_line() {
        assert_eq!(
            announced_port(" * Running on http://127.0.0.1:34407", "Running on"),
            Some(34407)
        );
        assert_eq!(
            announced_port(
                "casebridge-local listening on http://127.0.0.1:5120 (data in /tmp/x)",
                "listening on"
            ),
            Some(5120)
        );
        assert_eq!(
            announced_port("WARNING: development server", "Running on"),
            None
        );
    }
}
