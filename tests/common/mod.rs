//! Shared test helpers: temporary folders, the reference-data location, and
//! proptest strategies for datasets.
#![allow(dead_code)]

pub mod datasets;
pub mod network_strategy;
mod rng;

#[allow(unused_imports)]
pub use rng::SplitMix;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The hand-written twelve-person story (`data/story.json`), loaded: the
/// one copy every test file uses.
pub fn story() -> mentormatch::Network {
    mentormatch::load(data_dir().join("story.json"), &Default::default()).expect("the story loads")
}

/// A fresh folder under the system temp dir, removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("mentormatch-test-{tag}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Writes `bytes` to `name` inside the folder and returns its path.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The repository's `data/` folder.
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// `../shared/data/<sub>` when present; otherwise prints a note and returns
/// `None` so that the calling test can skip — unless the environment sets
/// `MENTORMATCH_REQUIRE_SHARED_DATA`, as CI does when the data is there, so
/// that a moved folder cannot turn known-answer tests into silent passes.
pub fn shared_data(sub: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(sub);
    if path.exists() {
        Some(path)
    } else if std::env::var_os("MENTORMATCH_REQUIRE_SHARED_DATA").is_some() {
        panic!("reference data {} is required but absent", path.display());
    } else {
        eprintln!(
            "note: skipping, reference data {} is absent",
            path.display()
        );
        None
    }
}

/// A generated organisation of `people`, validated.
#[cfg(feature = "generate")]
pub fn organisation(people: usize, seed: u64) -> mentormatch::Network {
    let data = mentormatch::generate(&mentormatch::GeneratorConfig {
        people,
        seed,
        ..mentormatch::GeneratorConfig::default()
    });
    mentormatch::Network::from_dataset(&data, &mentormatch::LoadOptions::default())
        .expect("generated datasets are valid")
}

/// `value` written as JSON and read back: it must read back, and write the
/// same JSON again (figures rounded for output come back rounded). Returns
/// the value read back.
pub fn round_trip<T>(value: &T) -> T
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    let json = serde_json::to_string(value).expect("serialises");
    let back: T =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("does not read back: {e}\n{json}"));
    assert_eq!(serde_json::to_string(&back).unwrap(), json);
    back
}

/// [`round_trip`] for a value whose JSON loses nothing: it must come back
/// equal.
pub fn round_trip_equal<T>(value: &T)
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    assert_eq!(&round_trip(value), value);
}

/// A tie of kind `colleague` with a given strength.
pub fn tie(a: &str, b: &str, strength: f64) -> mentormatch::TieRecord {
    mentormatch::TieRecord {
        kind: Some("colleague".into()),
        ..mentormatch::TieRecord::new(a, b, strength)
    }
}
