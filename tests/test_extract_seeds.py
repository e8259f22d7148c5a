"""Golden records of the five real seed reports, checked field by field against their text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indexer.extract.record import extract_file

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "reports"
GOLDEN = Path(__file__).resolve().parent / "golden"
SEEDS = sorted(EXAMPLES.glob("*.txt"))


def _comparable(record: dict) -> dict:
    golden_keys = json.loads((GOLDEN / "000_f01898835efe25fe.json").read_text("utf-8")).keys()
    out = {k: record[k] for k in golden_keys if k in record}
    out["region"] = {k: record["region"][k] for k in ("province", "prefecture", "county", "township", "code")}
    out["checks"] = {c["name"]: c["ok"] for c in record["checks"]}
    out["proactive"] = {k: v for k, v in record["proactive"].items() if v is not None}
    return out


def test_five_seeds_present() -> None:
    assert len(SEEDS) == 5


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_seed_matches_golden_record(path: Path) -> None:
    expected = json.loads((GOLDEN / f"{path.stem}.json").read_text("utf-8"))
    actual = _comparable(extract_file(path))
    for key, value in expected.items():
        assert actual[key] == value, f"{path.name}: {key}"


def test_region_year_org_of_every_seed() -> None:
    got = {p.stem[:3]: extract_file(p) for p in SEEDS}
    assert [(r["region"]["county"], r["region"]["township"], r["year"]) for r in got.values()] == [
        ("莱阳市", "团旺镇", 2020),
        ("高青县", "田镇街道", 2020),
        ("环翠区", "羊亭镇", 2021),
        ("沂南县", "双堠镇", 2020),
        ("洞头区", "大门镇", 2020),
    ]
    assert got["004"]["region"]["prefecture"] == "温州市"  # title has no region: from body, phone, parent
    assert any("双堍镇" in w and "双堠镇" in w for w in got["003"]["warnings"])  # typo tolerated and said


def test_seed_002_prose_contradicts_table() -> None:
    record = extract_file(EXAMPLES / "002_0717abcba8b88f39.txt")
    check = next(c for c in record["checks"] if c["name"] == "narrative_applications")
    assert check["ok"] is False
    assert "3" in check["detail"] and "0" in check["detail"]
    assert record["template"] == "2019"  # a 2021 report that keeps the old table template


def test_truncated_tables_give_null_not_zero() -> None:
    record = extract_file(EXAMPLES / "000_f01898835efe25fe.txt")
    assert record["table3"]["new_received"]["total"] is None
    assert record["table3"]["withheld_three_safeties"]["total"] == 0
    assert record["table3"]["not_processed_publications"] == dict.fromkeys(record["table3"]["granted"])
    assert record["table4"]["review"]["total"] is None
    assert record["table2"]["fees"] == {"prev_year_items": None, "change": None}
