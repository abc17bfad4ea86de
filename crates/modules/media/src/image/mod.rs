//! What a file is and what may be made of it, from its bytes alone: the type by magic numbers,
//! SVGs without script, images prepared for storage (orientation applied, EXIF gone) and
//! resized variants. Pure and synchronous (callers use `spawn_blocking`); no I/O.
