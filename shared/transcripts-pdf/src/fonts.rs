//! The faces a transcript prints with, tried in order for each character: DejaVu Sans
//! (regular or bold, compiled in), then the fallback faces read from the fonts directory the
//! first time a thread needs them (Noto Sans SC and KR, the Noto Sans faces of South and
//! South-East Asia and Ethiopia, Noto Emoji).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use casebridge_core::Error;

static REGULAR_TTF: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../assets/fonts/DejaVuSans-Bold.ttf");

/// A fallback face: its file in the fonts directory, the PostScript name the PDF gives it,
/// and the characters it is tried for (so a thread in Thai never reads the Chinese face).
pub(crate) struct Fallback {
    file: &'static str,
    name: &'static str,
    ranges: &'static [(char, char)],
}

/// CJK punctuation, full-width forms and the like: in both CJK faces.
const CJK_SHARED: [(char, char); 4] = [
    ('\u{3000}', '\u{303F}'),
    ('\u{3200}', '\u{33FF}'),
    ('\u{FE30}', '\u{FE4F}'),
    ('\u{FF00}', '\u{FFEF}'),
];

/// In the order tried. Noto Sans SC has Han (simplified and traditional) and kana; Noto Sans
/// KR has Hangul; Noto Emoji is monochrome (outlines a PDF can embed and print).
pub(crate) const FALLBACKS: [Fallback; 17] = [
    Fallback {
        file: "NotoSansSC-Regular.ttf",
        name: "NotoSansSC-Regular",
        ranges: &[
            CJK_SHARED[0],
            CJK_SHARED[1],
            CJK_SHARED[2],
            CJK_SHARED[3],
            ('\u{2E80}', '\u{2FDF}'),
            ('\u{3040}', '\u{31FF}'),
            ('\u{3400}', '\u{4DBF}'),
            ('\u{4E00}', '\u{9FFF}'),
            ('\u{F900}', '\u{FAFF}'),
            ('\u{20000}', '\u{3134F}'),
        ],
    },
    Fallback {
        file: "NotoSansKR-Regular.ttf",
        name: "NotoSansKR-Regular",
        ranges: &[
            CJK_SHARED[0],
            CJK_SHARED[1],
            CJK_SHARED[2],
            CJK_SHARED[3],
            ('\u{1100}', '\u{11FF}'),
            ('\u{3130}', '\u{318F}'),
            ('\u{A960}', '\u{A97F}'),
            ('\u{AC00}', '\u{D7FF}'),
        ],
    },
    Fallback {
        file: "NotoSansDevanagari-Regular.ttf",
        name: "NotoSansDevanagari-Regular",
        ranges: &[('\u{0900}', '\u{097F}'), ('\u{A8E0}', '\u{A8FF}')],
    },
    Fallback {
        file: "NotoSansGurmukhi-Regular.ttf",
        name: "NotoSansGurmukhi-Regular",
        ranges: &[('\u{0A00}', '\u{0A7F}')],
    },
    Fallback {
        file: "NotoSansThai-Regular.ttf",
        name: "NotoSansThai-Regular",
        ranges: &[('\u{0E00}', '\u{0E7F}')],
    },
    Fallback {
        file: "NotoSansEthiopic-Regular.ttf",
        name: "NotoSansEthiopic-Regular",
        ranges: &[
            ('\u{1200}', '\u{139F}'),
            ('\u{2D80}', '\u{2DDF}'),
            ('\u{AB00}', '\u{AB2F}'),
        ],
    },
    Fallback {
        file: "NotoSansBengali-Regular.ttf",
        name: "NotoSansBengali-Regular",
        ranges: &[('\u{0980}', '\u{09FF}')],
    },
    Fallback {
        file: "NotoSansGujarati-Regular.ttf",
        name: "NotoSansGujarati-Regular",
        ranges: &[('\u{0A80}', '\u{0AFF}')],
    },
    Fallback {
        file: "NotoSansTamil-Regular.ttf",
        name: "NotoSansTamil-Regular",
        ranges: &[('\u{0B80}', '\u{0BFF}')],
    },
    Fallback {
        file: "NotoSansTelugu-Regular.ttf",
        name: "NotoSansTelugu-Regular",
        ranges: &[('\u{0C00}', '\u{0C7F}')],
    },
    Fallback {
        file: "NotoSansKannada-Regular.ttf",
        name: "NotoSansKannada-Regular",
        ranges: &[('\u{0C80}', '\u{0CFF}')],
    },
    Fallback {
        file: "NotoSansMalayalam-Regular.ttf",
        name: "NotoSansMalayalam-Regular",
        ranges: &[('\u{0D00}', '\u{0D7F}')],
    },
    Fallback {
        file: "NotoSansSinhala-Regular.ttf",
        name: "NotoSansSinhala-Regular",
        ranges: &[('\u{0D80}', '\u{0DFF}')],
    },
    Fallback {
        file: "NotoSansLao-Regular.ttf",
        name: "NotoSansLao-Regular",
        ranges: &[('\u{0E80}', '\u{0EFF}')],
    },
    Fallback {
        file: "NotoSansMyanmar-Regular.ttf",
        name: "NotoSansMyanmar-Regular",
        ranges: &[
            ('\u{1000}', '\u{109F}'),
            ('\u{A9E0}', '\u{A9FF}'),
            ('\u{AA60}', '\u{AA7F}'),
        ],
    },
    Fallback {
        file: "NotoSansKhmer-Regular.ttf",
        name: "NotoSansKhmer-Regular",
        ranges: &[('\u{1780}', '\u{17FF}'), ('\u{19E0}', '\u{19FF}')],
    },
    Fallback {
        file: "NotoEmoji-Regular.ttf",
        name: "NotoEmoji-Regular",
        ranges: &[
            ('\u{00A9}', '\u{00AE}'),
            ('\u{2000}', '\u{2BFF}'),
            ('\u{3030}', '\u{3030}'),
            ('\u{303D}', '\u{303D}'),
            ('\u{3297}', '\u{3299}'),
            ('\u{1F000}', '\u{1FAFF}'),
        ],
    },
];

impl Fallback {
    pub fn meant_for(&self, c: char) -> bool {
        self.ranges.iter().any(|&(a, b)| a <= c && c <= b)
    }
}

/// Fonts of a document, by id: 0 and 1 are the styles' own faces, then the fallbacks.
pub(crate) const FONT_COUNT: usize = 2 + FALLBACKS.len();
pub(crate) type FontId = usize;

/// A font: its bytes (subset into each PDF) and its tables, read in place.
pub(crate) struct Font {
    pub data: &'static [u8],
    /// The face as the shaper reads it (it derefs to ttf-parser's face).
    pub face: rustybuzz::Face<'static>,
    /// The PostScript name the PDF gives it.
    pub name: &'static str,
}

impl Font {
    fn parse(data: &'static [u8], name: &'static str) -> Option<Font> {
        rustybuzz::Face::from_slice(data, 0).map(|face| Font { data, face, name })
    }

    pub fn units_per_em(&self) -> f32 {
        self.face.units_per_em().max(1) as f32
    }
}

/// The compiled-in faces, read once per process (reading a font is a look at its table
/// directory: nothing is copied).
pub(crate) fn embedded() -> Result<&'static [Font; 2], Error> {
    static FONTS: OnceLock<Option<[Font; 2]>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            Some([
                Font::parse(REGULAR_TTF, "DejaVuSans")?,
                Font::parse(BOLD_TTF, "DejaVuSans-Bold")?,
            ])
        })
        .as_ref()
        .ok_or_else(|| Error::Internal("the embedded font does not parse".into()))
}

/// The fallback faces of one fonts directory, each read the first time a thread needs it
/// and kept for the life of the process (the files are 0.05–11 MB; most transcripts need
/// none).
pub struct FallbackFonts {
    dir: Option<PathBuf>,
    faces: [OnceLock<Option<Font>>; FALLBACKS.len()],
}

impl FallbackFonts {
    /// The faces in `dir` (`None`: no fallbacks), one set per directory and process.
    pub fn in_dir(dir: Option<&Path>) -> &'static FallbackFonts {
        static LOADED: Mutex<Vec<&'static FallbackFonts>> = Mutex::new(Vec::new());
        let mut loaded = LOADED
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(known) = loaded.iter().find(|f| f.dir.as_deref() == dir) {
            return known;
        }
        let fonts: &'static FallbackFonts = Box::leak(Box::new(FallbackFonts {
            dir: dir.map(Path::to_path_buf),
            faces: Default::default(),
        }));
        loaded.push(fonts);
        fonts
    }

    pub(crate) fn get(&self, k: usize) -> Option<&Font> {
        self.faces[k]
            .get_or_init(|| {
                let Fallback { file, name, .. } = FALLBACKS[k];
                let path = self.dir.as_ref()?.join(file);
                let read = std::fs::read(&path).map_err(|e| e.to_string());
                let font = read.and_then(|bytes| {
                    Font::parse(Box::leak(bytes.into_boxed_slice()), name)
                        .ok_or_else(|| "not a font".to_string())
                });
                font.map_err(|e| {
                    tracing::warn!(
                        font = %path.display(),
                        error = %e,
                        "a transcript font is missing: what only it prints shows as [U+…]"
                    )
                })
                .ok()
            })
            .as_ref()
    }
}
