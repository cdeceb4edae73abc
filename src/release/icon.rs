//! The icon file: Stripe asks for a 300×300 PNG beside the manifest. The PNG signature and
//! the IHDR chunk (always the first) give the format and the size without decoding pixels.

use crate::ast::Str;
use crate::diagnostics::{Code, Diagnostic};
use std::path::Path;

const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Width and height of a PNG, or why the bytes are not one.
pub fn png_size(bytes: &[u8]) -> Result<(u32, u32), &'static str> {
    if !bytes.starts_with(SIGNATURE) {
        return Err("it is not a PNG image (no PNG signature)");
    }
    // Signature (8), chunk length (4), chunk type (4), then width and height (4 each).
    let ihdr = bytes.get(8..24).ok_or("the PNG is cut short")?;
    if &ihdr[4..8] != b"IHDR" {
        return Err("the PNG does not start with its header chunk");
    }
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    Ok((be(&ihdr[8..12]), be(&ihdr[12..16])))
}

pub fn check(path: &Str, dir: &Path, diags: &mut Vec<Diagnostic>) {
    if path.value.is_empty() {
        diags.push(
            Diagnostic::new(Code::IconUnusable, path.span, "the icon path is empty")
                .help("Stripe asks for a 300×300 PNG: write `icon \"./icon.png\"` and put the file beside the `.stripeapp` file"),
        );
        return;
    }
    let file = dir.join(&path.value);
    let bytes = match std::fs::read(&file) {
        Ok(b) => b,
        Err(e) => {
            diags.push(
                Diagnostic::new(
                    Code::IconUnusable,
                    path.inner_span(),
                    format!("the icon `{}` cannot be read: {e}", path.value),
                )
                .help("the path is relative to the folder of the `.stripeapp` file (where `stripe-app.json` is written); add the 300×300 PNG there"),
            );
            return;
        }
    };
    match png_size(&bytes) {
        Err(why) => diags.push(
            Diagnostic::new(Code::IconUnusable, path.inner_span(), format!("the icon `{}`: {why}", path.value))
                .help("save the icon as a PNG; Stripe rejects other formats, whatever the file is called"),
        ),
        Ok((300, 300)) => {}
        Ok((w, h)) => diags.push(
            Diagnostic::new(
                Code::IconWrongSize,
                path.inner_span(),
                format!("the icon is {w}×{h}; Stripe asks for 300×300"),
            )
            .help("export the icon at 300×300 pixels so it stays sharp in the Dashboard and the App Marketplace"),
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
