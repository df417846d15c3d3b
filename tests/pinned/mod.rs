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
        sha256: "1a3926576cf2668f74f0ec01a9b8ff75dadc94f3bcec7221b7934d868daf9405",
    },
    Case {
        name: "sample-table",
        args: "gap --postings postings.csv --graduates graduates.csv --format table",
        code: 0,
        sha256: "ae31d905d17458937a83e07f99890986a4d7d8663cfd4ad1fae400eae3829114",
    },
    Case {
        name: "sample-json",
        args: "gap --postings postings.csv --graduates graduates.csv --format json",
        code: 0,
        sha256: "3123862f0d46098e171dd25381337900c3cb2040af8ccac853cce970dfb17bdd",
    },
    Case {
        name: "sample-ndjson",
        args: "gap --postings postings.csv --graduates graduates.csv --format ndjson",
        code: 0,
        sha256: "ecbec028cbb0e20bb0d11010f9f84042259bd5a42560ffcde0e0deff32f03e0d",
    },
    Case {
        name: "sample-md",
        args: "gap --postings postings.csv --graduates graduates.csv --format md",
        code: 0,
        sha256: "0d640c73c703223b102b48daa9ec15aa894d677c394f55dc8e965a8743eccdc3",
    },
    Case {
        name: "sample-html",
        args: "gap --postings postings.csv --graduates graduates.csv --format html",
        code: 0,
        sha256: "e5afec730fdaee119b00a5aed9d347e0702efe9d4bd6c2eb8419a6cd2bbc8038",
    },
    Case {
        name: "sample-xlsx",
        args: "gap --postings postings.csv --graduates graduates.csv -o out.xlsx",
        code: 0,
        sha256: "31af3848cac1f262c7102919ac4fa990119bde67017f25cf278a1f7771851b40",
    },
    Case {
        name: "sample-fr-table",
        args: "gap --postings postings.csv --graduates graduates.csv --format table --lang fr",
        code: 0,
        sha256: "d2305d3c05db0ed16df74073f413d2428c612785b31b6905a719dccf25ea96be",
    },
    Case {
        name: "sample-fr-md",
        args: "gap --postings postings.csv --graduates graduates.csv --format md --lang fr",
        code: 0,
        sha256: "3eebb52296dd14b9ca4c6dfc1cc9bf8751829fc621cdb2649d9d8b330a386eb7",
    },
    Case {
        name: "sample-fr-html",
        args: "gap --postings postings.csv --graduates graduates.csv --format html --lang fr",
        code: 0,
        sha256: "6e445caaaf57ef511dddbdf1fa9d63dcc2a4b6e06765617a3087b85892bdd370",
    },
    Case {
        name: "sample-fr-xlsx",
        args: "gap --postings postings.csv --graduates graduates.csv -o out.xlsx --lang fr",
        code: 0,
        sha256: "c5fe47d61502dd68989213eb9369f30a78e626429f33b854476c1afc599e3225",
    },
    Case {
        name: "sample-ar-html",
        args: "gap --postings postings.csv --graduates graduates.csv --format html --lang ar",
        code: 0,
        sha256: "3ae001b9ef91e20acd71d721e20c37572ae7c7a13e86644bfca4babdb24594a6",
    },
    Case {
        name: "sample-ar-md",
        args: "gap --postings postings.csv --graduates graduates.csv --format md --lang ar",
        code: 0,
        sha256: "b26ce1e00ce2af470565ebf5db052e6bf39122bbfd0d8faecfbd0f2466776887",
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
        sha256: "383398e0cb87a251904f6df065e4cc556a757c0eb7b149375adea2d09acd1119",
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
        sha256: "1e59ae71cc47f841631956a8db0c11473238acdf974e3e4226fa012c387b2763",
    },
    Case {
        name: "sample-nodedup-csv",
        args: "gap --postings postings.csv --graduates graduates.csv --no-dedup --format csv",
        code: 0,
        sha256: "936065732ad5e3fc9b8bf8b0d17f3e49b1a6c44cbf54f959586ffd1c2a189968",
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
        sha256: "9394d21ad4be17aa83bd9e1175cfee0e7255f5c6ff91c94ac6b930972a5fadb1",
    },
    Case {
        name: "sample-trend-summary-csv",
        args: "trend --postings postings.csv --graduates graduates.csv --by specialisation --summary --format csv",
        code: 0,
        sha256: "52f7dddbbffdfdd89d1cf08bddb8c43ca3189e6422996c24961b1cf0d01a20a4",
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
        sha256: "a91f488092ce1f2f4d6c5a90939c92bc1ee2951751cc5916fec40beff535a172",
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
        sha256: "c655c57c52ea6fa42059ad2c2137bb132e63a588515ebd7b0fda5eae2670ac33",
    },
    Case {
        name: "sample-trend-html",
        args: "trend --postings postings.csv --graduates graduates.csv --by specialisation --targets targets.toml --format html",
        code: 0,
        sha256: "1a8f3c37db1c68c736a561517ef49bc4aabc05b000ddb34f2bac1881f2a4b768",
    },
    Case {
        name: "sample-trend-ar-html",
        args: "trend --postings postings.csv --graduates graduates.csv --by specialisation --targets targets.toml --format html --lang ar",
        code: 0,
        sha256: "09c9602da0482827c6ddb861e37d11649568ea98fca3ba5ec8009714444bc034",
    },
    Case {
        name: "sample-trend-xlsx",
        args: "trend --postings postings.csv --graduates graduates.csv --by specialisation --targets targets.toml -o out.xlsx",
        code: 0,
        sha256: "6f1cf7c64e3c3da774226949eadb262b37b1c87982c0341356470db03e497547",
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
            "4d21e48a9115d3914742b4872072193b51a2ec08354f3407cd02fc52c20df9d0",
        ),
        (
            "gaps-2025.json",
            "3123862f0d46098e171dd25381337900c3cb2040af8ccac853cce970dfb17bdd",
        ),
        (
            "regions-2025.csv",
            "40b56bb1cb70bebf46ca363af41db5c3b7d6a1d70a19bd1581ba1083c58b149d",
        ),
        (
            "trend.xlsx",
            "6f1cf7c64e3c3da774226949eadb262b37b1c87982c0341356470db03e497547",
        ),
    ];
    for (name, sha) in expected {
        let got = sha256(&std::fs::read(wd.path().join("out").join(name)).unwrap());
        assert_eq!(got, sha, "out/{name} changed");
    }
}
