//! `zlib` for site code: deflate, inflate, gzip and gunzip of whole buffers over flate2; the
//! JavaScript side (`js/node/zlib.js`) builds Node's sync, callback and stream forms on them.

use std::io::{Read, Write};

use flate2::{
    Compression,
    read::{DeflateDecoder, MultiGzDecoder, ZlibDecoder},
    write::{DeflateEncoder, GzEncoder, ZlibEncoder},
};
use rquickjs::{Ctx, Exception, Function, Result, TypedArray};

/// The most a decompression may produce: it is host memory, outside the instance's quota.
pub const MAX_INFLATED: u64 = 32 * 1024 * 1024;

/// Sets `__tessera_zlib(op, level, bytes)`, which `js/node/zlib.js` takes off the globals.
pub fn define(ctx: &Ctx<'_>) -> Result<()> {
    ctx.globals()
        .set("__tessera_zlib", Function::new(ctx.clone(), zlib)?)
}

fn zlib<'js>(
    ctx: Ctx<'js>,
    op: String,
    level: i32,
    data: TypedArray<'js, u8>,
) -> Result<TypedArray<'js, u8>> {
    let input = data.as_bytes().unwrap_or_default();
    let out = run(&op, level, input)
        .map_err(|m| Exception::throw_message(&ctx, &format!("zlib: {m}")))?;
    TypedArray::<u8>::new(ctx.clone(), out)
}

fn run(op: &str, level: i32, input: &[u8]) -> std::result::Result<Vec<u8>, String> {
    let level = if (0..=9).contains(&level) {
        Compression::new(level as u32)
    } else {
        Compression::default()
    };
    let io = |e: std::io::Error| e.to_string();
    match op {
        "deflate" => {
            let mut e = ZlibEncoder::new(Vec::new(), level);
            e.write_all(input).map_err(io)?;
            e.finish().map_err(io)
        }
        "deflateRaw" => {
            let mut e = DeflateEncoder::new(Vec::new(), level);
            e.write_all(input).map_err(io)?;
            e.finish().map_err(io)
        }
        "gzip" => {
            let mut e = GzEncoder::new(Vec::new(), level);
            e.write_all(input).map_err(io)?;
            e.finish().map_err(io)
        }
        "inflate" => inflate(ZlibDecoder::new(input)),
        "inflateRaw" => inflate(DeflateDecoder::new(input)),
        "gunzip" => inflate(MultiGzDecoder::new(input)),
        // Either gzip or zlib, by the header, as Node's unzip.
        "unzip" if input.starts_with(&[0x1f, 0x8b]) => inflate(MultiGzDecoder::new(input)),
        "unzip" => inflate(ZlibDecoder::new(input)),
        other => Err(format!("unknown operation {other}")),
    }
}

fn inflate(reader: impl Read) -> std::result::Result<Vec<u8>, String> {
    let mut out = Vec::new();
    reader
        .take(MAX_INFLATED + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("incorrect data: {e}"))?;
    if out.len() as u64 > MAX_INFLATED {
        return Err(format!(
            "the data inflates to more than {} MB",
            MAX_INFLATED / (1024 * 1024)
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::run;

    #[test]
    fn each_format_round_trips_and_bombs_stop() {
        let text = b"hello hello hello hello";
        for (pack, unpack) in [
            ("deflate", "inflate"),
            ("deflateRaw", "inflateRaw"),
            ("gzip", "gunzip"),
            ("gzip", "unzip"),
            ("deflate", "unzip"),
        ] {
            let packed = run(pack, 6, text).unwrap();
            assert_eq!(run(unpack, -1, &packed).unwrap(), text, "{pack}/{unpack}");
        }
        assert!(run("inflate", -1, b"not zlib").is_err());
        let bomb = run("gzip", 9, &vec![0u8; 40 * 1024 * 1024]).unwrap();
        assert!(run("gunzip", -1, &bomb).unwrap_err().contains("more than"));
    }
}
