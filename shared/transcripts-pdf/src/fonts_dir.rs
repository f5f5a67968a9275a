//! Where the fallback faces are.

use std::path::PathBuf;

use casebridge_core::config::optional;

/// `CASEBRIDGE_FONTS_DIR`: where the transcript renderer finds its fallback faces (Noto Sans
/// SC, Noto Sans KR, Noto Emoji). In AWS the template points it at the fonts layer
/// (`/opt/fonts`); locally it defaults to where `infra/scripts/tools.sh` puts them, looked for
/// from the working directory up (tests, benches and fuzz targets run in a crate's folder).
pub fn transcript_fonts_dir() -> PathBuf {
    if let Some(dir) = optional("CASEBRIDGE_FONTS_DIR") {
        return PathBuf::from(dir);
    }
    std::env::current_dir()
        .ok()
        .and_then(|cwd| {
            cwd.ancestors()
                .map(|dir| dir.join(DEFAULT_FONTS_DIR))
                .find(|candidate| candidate.is_dir())
        })
        .unwrap_or_else(|| PathBuf::from(DEFAULT_FONTS_DIR))
}

pub const DEFAULT_FONTS_DIR: &str = ".tools/transcript-fonts/fonts";
