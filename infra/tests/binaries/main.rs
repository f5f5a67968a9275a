//! The contract people and scripts rely on: the `casebridge` CLI and the `casebridge-local`
//! binary, driven as a newcomer would from the README (DESIGN.md "Names that scripts and
//! people rely on").

use casebridge_core::auth::signature;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

#[path = "../common/mod.rs"]
mod common;

use common::*;

mod cli;
mod texting;
mod walkthroughs;
