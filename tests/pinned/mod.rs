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
        sha256: "a38515a9b4c42baa15a54f93bafc2aecb592f906051f950e8544aebb1a6da7b7",
    },
    Case {
        name: "sample-table",
        args: "gap --postings postings.csv --graduates graduates.csv --format table",
        code: 0,
        sha256: "7a0a61dd0417437ff47a3a2ebbfecb0264b24187fd5a160fa4a5b58c6b331b0c",
    },
    Case {
        name: "sample-json",
        args: "gap --postings postings.csv --graduates graduates.csv --format json",
        code: 0,
        sha256: "03e85b7df74a58491c0b48aae39cb416b6011896ea4fe94326c1957b6f088af0",
    },
    Case {
        name: "sample-ndjson",
        args: "gap --postings postings.csv --graduates graduates.csv --format ndjson",
        code: 0,
        sha256: "f10e122e741b2ea7711ebd66b4e28f45059d1751153acf8a9dcb1a5e27494cd3",
    },
    Case {
        name: "sample-md",
        args: "gap --postings postings.csv --graduates graduates.csv --format md",
        code: 0,
        sha256: "7af29db4ff336adca58eb027521f289e578c5307a60574a6041e1fa0cd699108",
    },
    Case {
        name: "sample-html",
        args: "gap --postings postings.csv --graduates graduates.csv --format html",
        code: 0,
        sha256: "27e69d1ce653a0b2a24b55fd7ed1b567c45a3f084d2a1e93e8d9414f09bc57dd",
    },
    Case {
        name: "sample-xlsx",
        args: "gap --postings postings.csv --graduates graduates.csv -o out.xlsx",
        code: 0,
        sha256: "616d55f4f220d60616ac5c3759140b5a6fd0f4a1786ff696b53bc597935afa15",
    },
    Case {
        name: "sample-fr-table",
        args: "gap --postings postings.csv --graduates graduates.csv --format table --lang fr",
        code: 0,
        sha256: "a644d0d1118e7f35d7607481b3844a9c02909b922875561ce8ade165aac81cc0",
    },
    Case {
        name: "sample-fr-md",
        args: "gap --postings postings.csv --graduates graduates.csv --format md --lang fr",
        code: 0,
        sha256: "3d36da0f5239a3119b67bf85bd411d1b23a58836f1747c11b56de6508a4f86f4",
    },
    Case {
        name: "sample-fr-html",
        args: "gap --postings postings.csv --graduates graduates.csv --format html --lang fr",
        code: 0,
        sha256: "000c7f631b4328ae238e38e3b44d3f8e886da08e1b8f197c6f838a4bb447f1b2",
    },
    Case {
        name: "sample-fr-xlsx",
        args: "gap --postings postings.csv --graduates graduates.csv -o out.xlsx --lang fr",
        code: 0,
        sha256: "3e8d5a0e6aeab7827fb636532f852a8584b88f58d84dac9442bd74a22dfe4394",
    },
    Case {
        name: "sample-ar-html",
        args: "gap --postings postings.csv --graduates graduates.csv --format html --lang ar",
        code: 0,
        sha256: "84478eefcddfe42cdb79a849a984a483d91692a82b08b8a924227b1550c045a9",
    },
    Case {
        name: "sample-ar-md",
        args: "gap --postings postings.csv --graduates graduates.csv --format md --lang ar",
        code: 0,
        sha256: "5ea75b1d3371307c33247199a2cfdce0ba860f57aaa321ecc0d45a2a9d63f12d",
    },
    Case {
        name: "sample-family-totals-csv",
        args: "gap --postings postings.csv --graduates graduates.csv --by region,family --totals --format csv",
        code: 0,
        sha256: "bd7c4964beca05443e2454c1d6776fa32ae3419f26d506e92255d559ff395c7f",
    },
    Case {
        name: "sample-family-totals-html",
        args: "gap --postings postings.csv --graduates graduates.csv --by region,family --totals --format html",
        code: 0,
        sha256: "10e2eef248d5f0fdb905127954e2169f2660a5a1840ea06cdb6ee925a171adf6",
    },
    Case {
        name: "sample-spec-period-json",
        args: "gap --postings postings.csv --graduates graduates.csv --by specialisation --from 2023 --to 2025 --format json",
        code: 0,
        sha256: "6e38231696b6bc3c8638b9ff278598d73ac180eb6735557bc0925703acfff5e4",
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
        sha256: "8fcab698e538c42f89f1be97de4cf0f0fde0f48f5e7cd2d0ae924b65c10b601b",
    },
    Case {
        name: "sample-unmapped-table",
        args: "gap --postings postings.csv --graduates graduates.csv --show-unmapped --min-count 50 --threshold 0.5 --format table",
        code: 0,
        sha256: "2ddb505f1d8a1ba4bf12c03481d66330374d14425d01e1418ce8bdb722eb3ab8",
    },
    Case {
        name: "sample-nodedup-csv",
        args: "gap --postings postings.csv --graduates graduates.csv --no-dedup --format csv",
        code: 0,
        sha256: "4c8c729ebf0e1f665090c255c394d9d8d933eb2ddb9c65368a52644b9075be1b",
    },
    Case {
        name: "sample-validate-table",
        args: "validate --postings postings.csv --graduates graduates.csv",
        code: 3,
        sha256: "a83f17635c3687ee199ba9c5ef550f363010f308a1c576d7488a7d55f217a77f",
    },
    Case {
        name: "sample-validate-json",
        args: "validate --postings postings.csv --graduates graduates.csv --format json",
        code: 3,
        sha256: "7da0c51efb1b5dd3a74a42456e53b49baaf3889c2baeb91e801cf9cde5910937",
    },
    Case {
        name: "sample-trend-csv",
        args: "trend --postings postings.csv --graduates graduates.csv --format csv",
        code: 0,
        sha256: "6006ddeb328c9076daf89dfda85ede295adb5e2c8072dfbbfa38b1bd27b40934",
    },
    Case {
        name: "sample-trend-summary-csv",
        args: "trend --postings postings.csv --graduates graduates.csv --by specialisation --summary --format csv",
        code: 0,
        sha256: "d6da3d78601ead2373adc83ba5f76e19b8a7ae84406266fe41d63ee37f178861",
    },
    Case {
        name: "sample-trend-ndjson",
        args: "trend --postings postings.csv --graduates graduates.csv --by family --backtest 2 --format ndjson",
        code: 0,
        sha256: "4e7f1cf226343b770f97a5b4a69de45da6539e892f2c045dbc178fd305f51724",
    },
    Case {
        name: "sample-trend-table",
        args: "trend --postings postings.csv --graduates graduates.csv --by specialisation --targets targets.toml --format table",
        code: 0,
        sha256: "3d96be7b33bc90bf25b90b29c592085899aca5c2699b7c100914bf06bc83e2c6",
    },
    Case {
        name: "sample-trend-json",
        args: "trend --postings postings.csv --graduates graduates.csv --by region,family --targets targets.toml --format json",
        code: 0,
        sha256: "2b7239ef150095a7f76ea7a4fddc6a29d840783a9af71d11a9a4fa771749dfb4",
    },
    Case {
        name: "sample-trend-fr-md",
        args: "trend --postings postings.csv --graduates graduates.csv --by specialisation --targets targets.toml --horizon 2028 --format md --lang fr",
        code: 0,
        sha256: "a93f4e8bb35eeca40b0b1e1528f2f3b6c042744edffc86a40a2b8e3b4f5cc64a",
    },
    Case {
        name: "sample-trend-html",
        args: "trend --postings postings.csv --graduates graduates.csv --by specialisation --targets targets.toml --format html",
        code: 0,
        sha256: "20849c960a18f2b57bd61979168ec82242410202a1d3f32c5adfe008cd6d9fa3",
    },
    Case {
        name: "sample-trend-ar-html",
        args: "trend --postings postings.csv --graduates graduates.csv --by specialisation --targets targets.toml --format html --lang ar",
        code: 0,
        sha256: "993f6aad23d7aa25eaf2b9bb1511e8cfc3d7f3c0321d3c61e659175c97770a1d",
    },
    Case {
        name: "sample-trend-xlsx",
        args: "trend --postings postings.csv --graduates graduates.csv --by specialisation --targets targets.toml -o out.xlsx",
        code: 0,
        sha256: "7a117319e6a10dccb1a45d2829091bbc952f0796ab60944d71949871ea3da4ba",
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
            "ff92bdc081428ba6caf37d95f3854553e1acdbf322dc6868ccbc22dd6107d064",
        ),
        (
            "gaps-2025.json",
            "03e85b7df74a58491c0b48aae39cb416b6011896ea4fe94326c1957b6f088af0",
        ),
        (
            "regions-2025.csv",
            "40b56bb1cb70bebf46ca363af41db5c3b7d6a1d70a19bd1581ba1083c58b149d",
        ),
        (
            "trend.xlsx",
            "7a117319e6a10dccb1a45d2829091bbc952f0796ab60944d71949871ea3da4ba",
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
