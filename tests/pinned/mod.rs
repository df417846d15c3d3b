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
        sha256: "b55a769b9103c18b61e8479d03ce9ae53b31820bd4525fe831ebea801a313e8a",
    },
    Case {
        name: "sample-table",
        args: "gap --postings postings.csv --graduates graduates.csv --format table",
        code: 0,
        sha256: "e8ecd28c35b289384491d89ab22434dc5549f587515c2bd57ed85736ddf65ec8",
    },
    Case {
        name: "sample-json",
        args: "gap --postings postings.csv --graduates graduates.csv --format json",
        code: 0,
        sha256: "9e59cd14d2fabb34941b147817169fed7e74a8e2dffab87942276dba72c2d495",
    },
    Case {
        name: "sample-ndjson",
        args: "gap --postings postings.csv --graduates graduates.csv --format ndjson",
        code: 0,
        sha256: "b7d50a929b97481b9b9c0b3ac05126ec66410b8d87b904a3bc874af176745f28",
    },
    Case {
        name: "sample-md",
        args: "gap --postings postings.csv --graduates graduates.csv --format md",
        code: 0,
        sha256: "ff30f40ba4e184ad305a4c252027ef443f066dbabe8d9e37c9cd04ef6da8d983",
    },
    Case {
        name: "sample-html",
        args: "gap --postings postings.csv --graduates graduates.csv --format html",
        code: 0,
        sha256: "c9fb8f98a98920c29f5b0b2745ca8a7fcb8439a7ee1040379ff54356471d4ebe",
    },
    Case {
        name: "sample-xlsx",
        args: "gap --postings postings.csv --graduates graduates.csv -o out.xlsx",
        code: 0,
        sha256: "e4f3a779385e2d76ed2b5f23523b8b960770bf1b20ace70c522bdebbd46d8226",
    },
    Case {
        name: "sample-fr-table",
        args: "gap --postings postings.csv --graduates graduates.csv --format table --lang fr",
        code: 0,
        sha256: "783a47c0a1ee7a05afde8ad8ce4ae1058d1384d966b1bb088cd8ac6f549d3f23",
    },
    Case {
        name: "sample-fr-md",
        args: "gap --postings postings.csv --graduates graduates.csv --format md --lang fr",
        code: 0,
        sha256: "c6e87c13a1bd733b4815f88c3142536f82cc120f7956364f5b9634ed270854ac",
    },
    Case {
        name: "sample-fr-html",
        args: "gap --postings postings.csv --graduates graduates.csv --format html --lang fr",
        code: 0,
        sha256: "7b03993b7d43b1b33ee678c3befa30cb188a9b5b9b2ebf739d95a45c35aa6841",
    },
    Case {
        name: "sample-fr-xlsx",
        args: "gap --postings postings.csv --graduates graduates.csv -o out.xlsx --lang fr",
        code: 0,
        sha256: "76a29014b9249cd47c20e8b4d65732ce4150fa53433d7a279f24c6964cb4ff4c",
    },
    Case {
        name: "sample-ar-html",
        args: "gap --postings postings.csv --graduates graduates.csv --format html --lang ar",
        code: 0,
        sha256: "075ac416a173c3c0cea91be6f790eca806cf6139fe69028ac798b0e4fba61fb2",
    },
    Case {
        name: "sample-ar-md",
        args: "gap --postings postings.csv --graduates graduates.csv --format md --lang ar",
        code: 0,
        sha256: "44eb887f1c05fc172c3fbf2ab46df197659c71b90155f55ca6c555bec97df53b",
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
        sha256: "b44360da0a1ce3b1b728b4de76829267933014db036b75ab1607a06d6658178e",
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
        sha256: "15054e0f622a838ad0e1ef11681181f3296e500e9c52a2c36a5151da20a855b8",
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
        sha256: "3e98d3bc9407ca53f506158d5b18663834d70bbc5340e0dd931c290489e5e507",
    },
    Case {
        name: "sample-nodedup-csv",
        args: "gap --postings postings.csv --graduates graduates.csv --no-dedup --format csv",
        code: 0,
        sha256: "9b7eb3b2a8e53e7dc6f96d85232bdcf556b00e5a2536dab05692bb5cad925f9a",
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
        sha256: "a7aa9d11727bb7835c7779a2721d078cc3ba0f4b906883a153e7c8b1ed960efd",
    },
    Case {
        name: "sample-trend-summary-csv",
        args: "trend --postings postings.csv --graduates graduates.csv --by specialisation --summary --format csv",
        code: 0,
        sha256: "7c79ca2a9b833ffca7b15c3659bdcde408d3dd452e19a596bc92f7dc1dbbac1c",
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
        sha256: "17f117e4a8ec0ae980805417a2f3c180eb44ba3e236ffc9b1d0215460af18073",
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
        sha256: "5e20204520eabfd327b8f61c844c9d32a7c7cdf3b5696d279f89d23eaf6de2d8",
    },
    Case {
        name: "sample-trend-html",
        args: "trend --postings postings.csv --graduates graduates.csv --by specialisation --targets targets.toml --format html",
        code: 0,
        sha256: "0b5a886088f9eff7e0bf1b118109582c6f648038a0ca8023d2b2136f77234fe0",
    },
    Case {
        name: "sample-trend-ar-html",
        args: "trend --postings postings.csv --graduates graduates.csv --by specialisation --targets targets.toml --format html --lang ar",
        code: 0,
        sha256: "873a72b19b6bf151eaace120f693da7f548b4e7131d2e9bc0dbee18f62dbb472",
    },
    Case {
        name: "sample-trend-xlsx",
        args: "trend --postings postings.csv --graduates graduates.csv --by specialisation --targets targets.toml -o out.xlsx",
        code: 0,
        sha256: "9c50a85c489bab68d0673509fcaa811ced5edef83ad06622f9c885ed9e8dfd5d",
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
            "28c237a4eb6f4d02a0bf0cf7ca9afc9bcb766f22c73bdad0d084b296c59e5297",
        ),
        (
            "gaps-2025.json",
            "9e59cd14d2fabb34941b147817169fed7e74a8e2dffab87942276dba72c2d495",
        ),
        (
            "regions-2025.csv",
            "40b56bb1cb70bebf46ca363af41db5c3b7d6a1d70a19bd1581ba1083c58b149d",
        ),
        (
            "trend.xlsx",
            "9c50a85c489bab68d0673509fcaa811ced5edef83ad06622f9c885ed9e8dfd5d",
        ),
    ];
    for (name, sha) in expected {
        let got = sha256(&std::fs::read(wd.path().join("out").join(name)).unwrap());
        assert_eq!(got, sha, "out/{name} changed");
    }
}
