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
        sha256: "dc29f6721c345cbf38295bae9da5d413226c41f3ed6e43641eed4bcafe406ef5",
    },
    Case {
        name: "sample-table",
        args: "gap --postings postings.csv --graduates graduates.csv --format table",
        code: 0,
        sha256: "a6f546cffa35f4e54503aa442c10edb9564c2f207c358ff068f58a911db6249a",
    },
    Case {
        name: "sample-json",
        args: "gap --postings postings.csv --graduates graduates.csv --format json",
        code: 0,
        sha256: "22ae048aa9c30a57da3e36814ff247ed70c57be79b9a3ee4d54d2c081a06e171",
    },
    Case {
        name: "sample-ndjson",
        args: "gap --postings postings.csv --graduates graduates.csv --format ndjson",
        code: 0,
        sha256: "47de5f17796aa97c8f1a376e6a3acfc44903365080443bd4ae1ba019d67e2dc2",
    },
    Case {
        name: "sample-md",
        args: "gap --postings postings.csv --graduates graduates.csv --format md",
        code: 0,
        sha256: "01e54de68149ab1ff14452c8c375354e5577721cd4779c33081833fb76743f61",
    },
    Case {
        name: "sample-html",
        args: "gap --postings postings.csv --graduates graduates.csv --format html",
        code: 0,
        sha256: "8e7872fa4ff762679b6a6b5bf216692b487feda3afcedef293f570631a765704",
    },
    Case {
        name: "sample-xlsx",
        args: "gap --postings postings.csv --graduates graduates.csv -o out.xlsx",
        code: 0,
        sha256: "49c154bda3100eb0e2f1fdf3b01ec50f943ac6e0aae67b57c8f9ac5373a101bf",
    },
    Case {
        name: "sample-fr-table",
        args: "gap --postings postings.csv --graduates graduates.csv --format table --lang fr",
        code: 0,
        sha256: "b886fd6367af6fa80e5aefe8b78dacfb8bb85663f52b33572c4bb9a340803e06",
    },
    Case {
        name: "sample-fr-md",
        args: "gap --postings postings.csv --graduates graduates.csv --format md --lang fr",
        code: 0,
        sha256: "d2d537ebbfafea001bfdab9e70f5244a728f8f363b6cd535411b0bc831790f78",
    },
    Case {
        name: "sample-fr-html",
        args: "gap --postings postings.csv --graduates graduates.csv --format html --lang fr",
        code: 0,
        sha256: "788b352475ade346405dd6499776fd5ba87ed7af1d77dfc41817bb2d33610a74",
    },
    Case {
        name: "sample-fr-xlsx",
        args: "gap --postings postings.csv --graduates graduates.csv -o out.xlsx --lang fr",
        code: 0,
        sha256: "e5d1e17b8e76d38a08d03d8912b55db5a39d66b288d62c0efa3313c6af90fc69",
    },
    Case {
        name: "sample-ar-html",
        args: "gap --postings postings.csv --graduates graduates.csv --format html --lang ar",
        code: 0,
        sha256: "b67a8b29363b5507582b6bcfad350d1cb7ecc6c272d4888eb24d33278872e367",
    },
    Case {
        name: "sample-ar-md",
        args: "gap --postings postings.csv --graduates graduates.csv --format md --lang ar",
        code: 0,
        sha256: "9bce91a041449dbeefb7ee26289c8528ebc0d7e65ae92ee332c47b009b7be925",
    },
    Case {
        name: "sample-family-totals-csv",
        args: "gap --postings postings.csv --graduates graduates.csv --by region,family --totals --format csv",
        code: 0,
        sha256: "6a85c9b4d554b6247e379c79fcd2519f6eaa4fde15b377e97bd36e2c293f6126",
    },
    Case {
        name: "sample-family-totals-html",
        args: "gap --postings postings.csv --graduates graduates.csv --by region,family --totals --format html",
        code: 0,
        sha256: "8bad8ff12f8bcacece32b419a0dbcca4c0f0819d9d295ed434274f978e77ee65",
    },
    Case {
        name: "sample-spec-period-json",
        args: "gap --postings postings.csv --graduates graduates.csv --by specialisation --from 2023 --to 2025 --format json",
        code: 0,
        sha256: "f0a2a6e196e7b8f511761c1a92b04487197f982c93b4c1d8fbbe45e79b3eb684",
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
        sha256: "c2581a4de911bc2e97da8e47d25e6fe82922af23b4ad399cbbdea3b89b9376d5",
    },
    Case {
        name: "sample-surpluses-md",
        args: "gap --postings postings.csv --graduates graduates.csv --surpluses --top 5 --format md",
        code: 0,
        sha256: "5bb96ff6c91d011dfe81bf0a2aedf84dfe4faf757b29fe17f08576c178e2440d",
    },
    Case {
        name: "sample-unmapped-table",
        args: "gap --postings postings.csv --graduates graduates.csv --show-unmapped --min-count 50 --threshold 0.5 --format table",
        code: 0,
        sha256: "0f1f9c75a742756f22fe4de04831b7b5d8b36c0bad21250146259832c414af6b",
    },
    Case {
        name: "sample-nodedup-csv",
        args: "gap --postings postings.csv --graduates graduates.csv --no-dedup --format csv",
        code: 0,
        sha256: "0ac47e12810acbd25d7b3822076874f6fec4ffb85ff24abea4a7becd27b50f71",
    },
    Case {
        name: "sample-validate-table",
        args: "validate --postings postings.csv --graduates graduates.csv",
        code: 3,
        sha256: "fac970fff66ca313b7cf47fe62805084f5803bd589c6e9d569c7d50ed5c85819",
    },
    Case {
        name: "sample-validate-json",
        args: "validate --postings postings.csv --graduates graduates.csv --format json",
        code: 3,
        sha256: "d8241df34ea6f4eb7f26b1d5b833dad7db2f8701b7a05f390f7393f3c289d8b3",
    },
    Case {
        name: "sample-trend-csv",
        args: "trend --postings postings.csv --graduates graduates.csv --format csv",
        code: 0,
        sha256: "9bf05bc7e3ccba1fef826a7e93896d4680835c7421756f90d3f24bc677b47d70",
    },
    Case {
        name: "sample-trend-summary-csv",
        args: "trend --postings postings.csv --graduates graduates.csv --by specialisation --summary --format csv",
        code: 0,
        sha256: "d16586cf3db730a2a75e3b47627a2ec263432a213406080423464a16b44b4067",
    },
    Case {
        name: "sample-trend-ndjson",
        args: "trend --postings postings.csv --graduates graduates.csv --by family --backtest 2 --format ndjson",
        code: 0,
        sha256: "dddc611ed3a769b935f2428c94e9e044f6c3733203b8016c3ed6180710a0ae53",
    },
    Case {
        name: "sample-trend-table",
        args: "trend --postings postings.csv --graduates graduates.csv --by specialisation --targets targets.toml --format table",
        code: 0,
        sha256: "8bedde3aa7e8be483708054e7706f40704c6259829a280d897f851be9995018b",
    },
    Case {
        name: "sample-trend-json",
        args: "trend --postings postings.csv --graduates graduates.csv --by region,family --targets targets.toml --format json",
        code: 0,
        sha256: "c7e8c6d5a7effa5de20e525162bc03b010c60664a6f41c7970257e4faeb4e221",
    },
    Case {
        name: "sample-trend-fr-md",
        args: "trend --postings postings.csv --graduates graduates.csv --by specialisation --targets targets.toml --horizon 2028 --format md --lang fr",
        code: 0,
        sha256: "5b2c5dca06ad5a798ae8ec12943c8fd4b0b873999f83d212ae50d0cc0263d52a",
    },
    Case {
        name: "sample-trend-html",
        args: "trend --postings postings.csv --graduates graduates.csv --by specialisation --targets targets.toml --format html",
        code: 0,
        sha256: "66c956483d126267c72f2bbde2d9c33cb417de5310a1e119767bbd0211e211d1",
    },
    Case {
        name: "sample-trend-ar-html",
        args: "trend --postings postings.csv --graduates graduates.csv --by specialisation --targets targets.toml --format html --lang ar",
        code: 0,
        sha256: "97df12621b56edd4f594fcfe836a1466b8a304bae95d712293af70977ac153e0",
    },
    Case {
        name: "sample-trend-xlsx",
        args: "trend --postings postings.csv --graduates graduates.csv --by specialisation --targets targets.toml -o out.xlsx",
        code: 0,
        sha256: "09a05d7ad2048f6c49d3ec842ae657827ff3aa843b7d84c95d9dcbf02fa9c8c0",
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
        sha256: "4085b46fda1f54aa7894930ca96e218bada2efda361be6eae1a9c8cb779c5fa4",
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
        sha256: "5c37868a43fb2d53abd4ee13c1290935da60ada36df4c0285b582548d841d711",
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
            "3b29a38fa9ed8b86b2a0fd076c24532757b5057def738ecc6fb8f0554c60ee06",
        ),
        (
            "gaps-2025.json",
            "22ae048aa9c30a57da3e36814ff247ed70c57be79b9a3ee4d54d2c081a06e171",
        ),
        (
            "regions-2025.csv",
            "40b56bb1cb70bebf46ca363af41db5c3b7d6a1d70a19bd1581ba1083c58b149d",
        ),
        (
            "trend.xlsx",
            "09a05d7ad2048f6c49d3ec842ae657827ff3aa843b7d84c95d9dcbf02fa9c8c0",
        ),
    ];
    for (name, sha) in expected {
        let got = sha256(&std::fs::read(wd.path().join("out").join(name)).unwrap());
        assert_eq!(got, sha, "out/{name} changed");
    }
}
