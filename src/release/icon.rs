//! The icon file: Stripe asks for a 300×300 PNG beside the manifest. The PNG signature and
//! the IHDR chunk (always the first) give the format and the size without decoding pixels.

use crate::ast::Str;
use crate::diagnostics::Diagnostic;
use crate::diagnostics::problem::release::{NotPng, ReleaseProblem};
use std::path::Path;

const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Width and height of a PNG, or why the bytes are not one.
pub fn png_size(bytes: &[u8]) -> Result<(u32, u32), NotPng> {
    if !bytes.starts_with(SIGNATURE) {
        return Err(NotPng::NoSignature);
    }
    // Signature (8), chunk length (4), chunk type (4), then width and height (4 each).
    let ihdr = bytes.get(8..24).ok_or(NotPng::CutShort)?;
    if &ihdr[4..8] != b"IHDR" {
        return Err(NotPng::NoHeaderChunk);
    }
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    Ok((be(&ihdr[8..12]), be(&ihdr[12..16])))
}

pub fn check(path: &Str, dir: &Path, diags: &mut Vec<Diagnostic>) {
    if path.value.is_empty() {
        diags.push(ReleaseProblem::EmptyIconPath { span: path.span }.into());
        return;
    }
    let file = dir.join(&path.value);
    let bytes = match std::fs::read(&file) {
        Ok(b) => b,
        Err(e) => {
            diags.push(
                ReleaseProblem::IconUnreadable {
                    span: path.inner_span(),
                    path: path.value.clone(),
                    error: e.to_string(),
                }
                .into(),
            );
            return;
        }
    };
    match png_size(&bytes) {
        Err(why) => diags.push(
            ReleaseProblem::IconNotPng {
                span: path.inner_span(),
                path: path.value.clone(),
                why,
            }
            .into(),
        ),
        Ok((300, 300)) => {}
        Ok((width, height)) => diags.push(
            ReleaseProblem::IconWrongSize {
                span: path.inner_span(),
                width,
                height,
            }
            .into(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let mut b = SIGNATURE.to_vec();
        b.extend_from_slice(&13u32.to_be_bytes());
        b.extend_from_slice(b"IHDR");
        b.extend_from_slice(&w.to_be_bytes());
        b.extend_from_slice(&h.to_be_bytes());
        b.extend_from_slice(&[8, 6, 0, 0, 0]);
        b
    }

    #[test]
    fn sizes_and_non_pngs() {
        assert_eq!(png_size(&png(300, 300)), Ok((300, 300)));
        assert_eq!(png_size(&png(64, 32)), Ok((64, 32)));
        assert!(png_size(b"GIF89a....").is_err());
        assert!(png_size(&png(1, 1)[..12]).is_err());
        assert!(png_size(b"").is_err());
    }
}
