//! Pinned bytes: the SHA-256 of every report format (of `gap` and `trend`) on the bundled sample
//! and on the test fixtures, and of the outputs of `skillgap run sample-data/monthly.toml`.
//!
//! These pins catch any change in what skillgap writes, however small: a refactoring must leave
//! them all as they are. When a change of output is intended, the failure message gives the new
//! checksum of each case that moved; update the case here in the same commit and say why.

use sha2::{Digest, Sha256};

use crate::workdir::Workdir;

/// One command line and the checksum of what it writes: the file `out.xlsx` when the command
/// writes it, else stdout.
struct Case {
    name: &'static str,
    /// Arguments, separated by single spaces. The sample is copied in as `postings.csv` and
    /// `graduates.csv`, the fixtures as `fx-<name>`.
    args: &'static str,
    code: i32,
    sha256: &'static str,
}

const CASES: &[Case] = &[
    Case {
        name: "sample-csv",
        args: "gap --postings postings.csv --graduates graduates.csv --format csv",
        code: 0,
        sha256: "3ef78a5a1cda09e10b421fbda70fafe831c801dafc4e521c42ab8c934b1eac25",
    },
    Case {
        name: "sample-table",
        args: "gap --postings postings.csv --graduates graduates.csv --format table",
        code: 0,
        sha256: "08fe656ae170dc5f69620a0c37d1ca30ba1c0f67fc10c7346b0e34d2ec64d7dd",
    },
    Case {
        name: "sample-json",
        args: "gap --postings postings.csv --graduates graduates.csv --format json",
        code: 0,
        sha256: "a052ec895c659ab0f6a361bb77b70941ff53ae9acc46f771a9217311d491e27d",
    },
    Case {
        name: "sample-ndjson",
        args: "gap --postings postings.csv --graduates graduates.csv --format ndjson",
        code: 0,
        sha256: "4b37ddebdfc36198bf086bd58da180e6d55d4311b5c914387755b4a772feb89e",
    },
    Case {
        name: "sample-md",
        args: "gap --postings postings.csv --graduates graduates.csv --format md",
        code: 0,
        sha256: "46fb3855b8551ccb1f3c30759c4fed848f43b301e1f94a59887f0e0e8814ad34",
    },
    Case {
        name: "sample-html",
        args: "gap --postings postings.csv --graduates graduates.csv --format html",
        code: 0,
        sha256: "ff2ffe4524c738c3774693b3019a81d5b506b47850f545f6cb5bb71317424d60",
    },
    Case {
        name: "sample-xlsx",
        args: "gap --postings postings.csv --graduates graduates.csv -o out.xlsx",
        code: 0,
        sha256: "d843b8e548f603a5c04c22f72aaccfda111556e5abed3077af82bb13bdbb8d45",
    },
    Case {
        name: "sample-fr-table",
        args: "gap --postings postings.csv --graduates graduates.csv --format table --lang fr",
        code: 0,
        sha256: "716560e0b473e427aca782cadf2b3655c8c139906c8132e2b8a67dc884d857f5",
    },
    Case {
        name: "sample-fr-md",
        args: "gap --postings postings.csv --graduates graduates.csv --format md --lang fr",
        code: 0,
        sha256: "e95d0ea40766027345a8fba7db79bd00924e849e1479960166af2847d51c2a52",
    },
    Case {
        name: "sample-fr-html",
        args: "gap --postings postings.csv --graduates graduates.csv --format html --lang fr",
        code: 0,
        sha256: "1c331512408600b6d4377ca2e7102a3faf209ab5295536952e32ef497a05a363",
    },
    Case {
        name: "sample-fr-xlsx",
        args: "gap --postings postings.csv --graduates graduates.csv -o out.xlsx --lang fr",
        code: 0,
        sha256: "1e2a775751c920546fc5e1ea7174613a6f79f542252fde6cfe48cc37665915d0",
    },
    Case {
        name: "sample-ar-html",
        args: "gap --postings postings.csv --graduates graduates.csv --format html --lang ar",
        code: 0,
        sha256: "58449682bf127ed2795fedfefbe5ca6d27d95402c75d0c50538ea0458f7ff697",
    },
    Case {
        name: "sample-ar-md",
        args: "gap --postings postings.csv --graduates graduates.csv --format md --lang ar",
        code: 0,
        sha256: "bfb82d0c5f5650928b5e3a3ff910783b80aac908ac832e92e2065bf2d02cb6da",
    },
    Case {
        name: "sample-family-totals-csv",
        args: "gap --postings postings.csv --graduates graduates.csv --by region,family --totals --format csv",
        code: 0,
        sha256: "b859e557db97fe15a0bf777e5aa480354dd9cfdd83be0676366a3a2ec489149c",
    },
    Case {
        name: "sample-family-totals-html",
        args: "gap --postings postings.csv --graduates graduates.csv --by region,family --totals --format html",
        code: 0,
        sha256: "d7604adb9b9eeb4afb63fa34e1cef23c913e8493d7370c57791a861f357e8ca4",
    },
    Case {
        name: "sample-spec-period-json",
        args: "gap --postings postings.csv --graduates graduates.csv --by specialisation --from 2023 --to 2025 --format json",
        code: 0,
        sha256: "93d1e6a47d892d252de35fe584ef3c11bb1988ad7991a0a6bd64a268c412549e",
    },
    Case {
        name: "sample-region-xlsx",
        args: "gap --postings postings.csv --graduates graduates.csv --by region --sort balance -o out.xlsx",
        code: 0,
        sha256: "7f3a8e77029079afa4113c7a1dfcbd3aead99f01e22aad8ccb9ed4993d8c958d",
    },
    Case {
        name: "sample-shortages-csv",
        args: "gap --postings postings.csv --graduates graduates.csv --shortages --top 7 --sort ratio --output-delimiter ; --format csv",
        code: 0,
        sha256: "14d244261b8cbd1240d12b6395bc42b0f7e9a4e7330ac76ecc1019892207556e",
    },
    Case {
        name: "sample-surpluses-md",
        args: "gap --postings postings.csv --graduates graduates.csv --surpluses --top 5 --format md",
        code: 0,
        sha256: "ccf562a37b961257fc8379e116dacf83c4da756eb53ae0cf6974825dad75f4ff",
    },
    Case {
        name: "sample-unmapped-table",
        args: "gap --postings postings.csv --graduates graduates.csv --show-unmapped --min-count 50 --threshold 0.5 --format table",
        code: 0,
        sha256: "9c2d0fd9dba3f88b8bc176e1c6dbadb0e4dccb836462a2db0878ee90fce54d95",
    },
    Case {
        name: "sample-nodedup-csv",
        args: "gap --postings postings.csv --graduates graduates.csv --no-dedup --format csv",
        code: 0,
        sha256: "0a964bad8cacdf06e9bfedab928f22211c22f63053f2ee0d3221d43268af1767",
    },
    Case {
        name: "sample-validate-table",
        args: "validate --postings postings.csv --graduates graduates.csv",
        code: 3,
        sha256: "9f7af5d241c263a485760bd3457d7c79892c71cdd7d74a2d73ee6e87646d84b6",
    },
    Case {
        name: "sample-validate-json",
        args: "validate --postings postings.csv --graduates graduates.csv --format json",
        code: 3,
        sha256: "b677137664404db0d32ecfa34b7fc5b1ad676ad29e2ebd9ed82428acaf970d6c",
    },
    Case {
        name: "sample-trend-csv",
        args: "trend --postings postings.csv --graduates graduates.csv --format csv",
        code: 0,
        sha256: "8a0a7ddd2c122523ce109f641a15e896b71bc4d09865b9f5cd5c3770c89af80d",
    },
    Case {
        name: "sample-trend-summary-csv",
        args: "trend --postings postings.csv --graduates graduates.csv --by specialisation --summary --format csv",
        code: 0,
        sha256: "9e797d726ba257e420a68e0a29a657870229fe55dded8c31ef323ac7f0b66913",
    },
    Case {
        name: "sample-trend-ndjson",
        args: "trend --postings postings.csv --graduates graduates.csv --by family --backtest 2 --format ndjson",
        code: 0,
        sha256: "d7042e186cb34984c2c9d63f862c2bafe44bcf522d99b07e0bec5be6b2c787cc",
    },
    Case {
        name: "sample-trend-table",
        args: "trend --postings postings.csv --graduates graduates.csv --by specialisation --targets targets.toml --format table",
        code: 0,
        sha256: "8979bc298148fcdff5d3e2b85b719b15c11f022c6b055365922862f5152b7c31",
    },
    Case {
        name: "sample-trend-json",
        args: "trend --postings postings.csv --graduates graduates.csv --by region,family --targets targets.toml --format json",
        code: 0,
        sha256: "666e81dd29b37aa5b78f3689afc16a3aac7aeed5636149134c6f01c5f8cd4c8a",
    },
    Case {
        name: "sample-trend-fr-md",
        args: "trend --postings postings.csv --graduates graduates.csv --by specialisation --targets targets.toml --horizon 2028 --format md --lang fr",
        code: 0,
        sha256: "66216423ac4cd13b2900ec3d48d49c6f8130dbc8b2da8c16a9dc749bd616f293",
    },
    Case {
        name: "sample-trend-html",
        args: "trend --postings postings.csv --graduates graduates.csv --by specialisation --targets targets.toml --format html",
        code: 0,
        sha256: "a51f320accfba048cbd255dc8b375856c6059de66743ffb68f6d940cd802c0ef",
    },
    Case {
        name: "sample-trend-ar-html",
        args: "trend --postings postings.csv --graduates graduates.csv --by specialisation --targets targets.toml --format html --lang ar",
        code: 0,
        sha256: "eb4741e139e14424c592e90d0655434bf6f67e47156fa028b0f4d683c5965b74",
    },
    Case {
        name: "sample-trend-xlsx",
        args: "trend --postings postings.csv --graduates graduates.csv --by specialisation --targets targets.toml -o out.xlsx",
        code: 0,
        sha256: "52da18ae815614b6d99cb5c92d2f1ced1ae59550c76d3b66cc4b6e8d0174cd73",
    },
    Case {
        name: "fixture-csv",
        args: "gap --postings fx-postings.csv --graduates fx-graduates.csv --format csv --show-unmapped",
        code: 0,
        sha256: "d49a89d2dda725f5b0c2d85085b4f6926d81a6c371617a6e2dc24040192d1bbf",
    },
    Case {
        name: "fixture-json",
        args: "gap --postings fx-postings.csv --graduates fx-graduates.csv --format json",
        code: 0,
        sha256: "0463414975616f6f3743b7cfcffce782f3730f6df8c85dfe4bbd5fe36a1b83cd",
    },
    Case {
        name: "fixture-table",
        args: "gap --postings fx-postings.csv --graduates fx-graduates.csv --format table --totals",
        code: 0,
        sha256: "86b7a129775730499f18b25e35b3017a41ff27f2b85899db3ae010ef27ad4c2a",
    },
    Case {
        name: "fixture-md",
        args: "gap --postings fx-postings.csv --graduates fx-graduates.csv --format md",
        code: 0,
        sha256: "defb57c4a8f8a01907f5653f6cfee0a77d32bd7bceffff78a0774038b40031d9",
    },
    Case {
        name: "fixture-html",
        args: "gap --postings fx-postings.csv --graduates fx-graduates.csv --format html",
        code: 0,
        sha256: "fd976fa3a5958bc7b9342317bee66c741ba57bd3b34b437686889028a55bec2a",
    },
    Case {
        name: "fixture-xlsx",
        args: "gap --postings fx-postings.csv --graduates fx-graduates.csv -o out.xlsx",
        code: 0,
        sha256: "1b4ae1dd1931ef3f43d9a4daca8268b28216cde304a4d8181cd9e8c51e51f4ee",
    },
    Case {
        name: "fixture-fr-csv",
        args: "gap --postings fx-postings_fr.csv --graduates fx-graduates_fr.csv --format csv",
        code: 0,
        sha256: "06b71cd7a1ab78645d2a02b41f9d4cc0f890c046638205b96aa3753c5c1f9487",
    },
    Case {
        name: "fixture-validate-json",
        args: "validate --postings fx-postings.csv --graduates fx-graduates.csv --format json",
        code: 3,
        sha256: "cfd190d6f3909d031a68dcb1c1c6fdfbae16df86c01930abeb4252a12f89f155",
    },
];

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A work directory holding the sample data, its job file and the test fixtures.
fn inputs() -> Workdir {
    let wd = Workdir::new();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for name in [
        "postings.csv",
        "graduates.csv",
        "monthly.toml",
        "targets.toml",
    ] {
        wd.write(
            name,
            std::fs::read(root.join("sample-data").join(name)).unwrap(),
        );
    }
    for entry in std::fs::read_dir(root.join("tests/fixtures")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "csv") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            wd.write(&format!("fx-{name}"), std::fs::read(&path).unwrap());
        }
    }
    wd
}

#[test]
fn every_format_writes_the_pinned_bytes() {
    let wd = inputs();
    let mut moved = Vec::new();
    for case in CASES {
        let out = wd.path().join("out.xlsx");
        let _ = std::fs::remove_file(&out);
        let args: Vec<&str> = case.args.split(' ').collect();
        let run = wd.run(&args);
        run.expect_code(case.code);
        let bytes = match std::fs::read(&out) {
            Ok(b) => b,
            Err(_) => run.stdout_bytes().to_vec(),
        };
        let got = sha256(&bytes);
        if got != case.sha256 {
            moved.push(format!("{}: {got}", case.name));
        }
    }
    assert!(
        moved.is_empty(),
        "the output of these cases changed (new checksums):\n{}",
        moved.join("\n")
    );
}

#[test]
fn the_monthly_job_writes_the_pinned_reports() {
    let wd = inputs();
    wd.run(&["run", "monthly.toml"]).expect_success();
    let expected = [
        (
            "gaps-2025.csv",
            "808fd5696824997560c92f04c0f60dc478172beed2848f842896e6f48a6c99ff",
        ),
        (
            "gaps-2025.json",
            "a052ec895c659ab0f6a361bb77b70941ff53ae9acc46f771a9217311d491e27d",
        ),
        (
            "regions-2025.csv",
            "40b56bb1cb70bebf46ca363af41db5c3b7d6a1d70a19bd1581ba1083c58b149d",
        ),
        (
            "trend.xlsx",
            "52da18ae815614b6d99cb5c92d2f1ced1ae59550c76d3b66cc4b6e8d0174cd73",
        ),
    ];
    let moved: Vec<String> = (expected.iter())
        .filter_map(|&(name, sha)| {
            let got = sha256(&std::fs::read(wd.path().join("out").join(name)).unwrap());
            (got != sha).then(|| format!("out/{name}: {got}"))
        })
        .collect();
    assert!(
        moved.is_empty(),
        "these reports changed (new checksums):\n{}",
        moved.join("\n")
    );
}
