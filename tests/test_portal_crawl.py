"""The national catalogue is built from a public crawl of dichvucong.gov.vn whose tables
lost their cell boundaries. A citizen asking about a procedure must get what the portal
page says, or "unknown" — never a figure read across two cells."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from knowledge.catalogue import SEED_NATIONAL
from knowledge.procedures.portal import crawl as pc
from knowledge.procedures.portal.tables import parse_channels
from knowledge.procedures.records import validate_records

DATA = Path(__file__).parent / "data" / "portal_crawl"
RAW = DATA / "raw"
LISTING = Path(__file__).parent.parent / "knowledge" / "data" / "vinhbao_commune_listing.json"
CRAWLED = dt.date(2026, 6, 10)


def raw(code: str) -> dict:
    (path,) = RAW.glob(f"*/{code}.json")
    return json.loads(path.read_text(encoding="utf-8"))


def record(code: str) -> dict:
    return pc.parse_record(raw(code), CRAWLED)


def rows(rec: dict, channel: str) -> list[dict]:
    return [c for c in rec["channels"] if c["channel"] == channel]


def test_marriage_registration_reads_as_the_portal_page_says():
    rec = record("1.000894")
    assert set(rec) == set(pc.KEYS)
    assert rec["slug"] == "tthc_1_000894"
    assert rec["name"] == "Thủ tục đăng ký kết hôn"
    assert (rec["level"], rec["field"], rec["decision"]) == ("Cấp xã", "Hộ tịch", "163/QĐ-BTP")
    assert rec["source_url"] == raw("1.000894")["detail_url"]
    assert rec["verified_on"] == "2026-06-10"
    assert rec["source_kind"] == "portal_crawl"
    # Free of charge on every channel; the note on copies of the extract is kept.
    assert {c["channel"] for c in rec["channels"]} == {"online", "post", "in_person"}
    for row in rec["channels"]:
        assert row["fee_vnd"] == 0
        assert row["fee_note"].startswith("Miễn lệ phí. Phí cấp bản sao Trích lục kết hôn")
        assert row["time"] is None  # the portal prints "1" without a unit
    cases = {d["case"] for d in rec["documents"]}
    assert "Giấy tờ phải xuất trình" in cases
    assert any(d["name"].startswith("Tờ khai đăng ký kết hôn theo mẫu") for d in rec["documents"])
    # Rows under the portal's "Lưu ý" heading are remarks, not papers to bring.
    assert not any(d["case"].startswith("Lưu ý") for d in rec["documents"])
    assert any("không được yêu cầu người đăng ký hộ tịch nộp thêm" in n for n in rec["notes"])
    assert "Luật 52/2014/QH13" in rec["legal_basis"]
    assert rec["result"] == "Giấy chứng nhận kết hôn"


def test_social_insurance_documents_come_from_the_page_when_the_crawler_field_holds_steps():
    page = raw("1.001613")
    assert "Tên giấy tờ" not in page["thanh_phan_ho_so"]  # the crawler's field is a step
    rec = pc.parse_record(page, CRAWLED)
    by_name = {d["name"]: d for d in rec["documents"]}
    assert by_name["a) Sổ BHXH"]["original"] == 1
    assert by_name["b) Đơn đề nghị (Mẫu số 14-HSB)"]["form"] == "Mẫu số 14-HSB"
    assert by_name["a) Sổ BHXH"]["case"] == "1. Trường hợp hưởng BHXH một lần"
    assert rec["steps"][1]["text"].startswith("Bước 2. Cơ quan BHXH tiếp nhận hồ sơ")


def test_a_bracketed_remark_over_the_papers_is_a_note_not_a_case():
    # The page opens its papers with "(Trường hợp không quy định là bản chính thì có thể
    # nộp bản sao hợp lệ. ...)" and a row saying it again: a remark, not a case to choose.
    rec = record("1.001613")
    cases = {d["case"] for d in rec["documents"]}
    assert not any(c.startswith("(") for c in cases)
    assert not any(d["name"].startswith("Trường hợp không quy định") for d in rec["documents"])
    assert rec["notes"][0].startswith("Trường hợp không quy định là bản chính thì có thể nộp")
    assert rec["notes"][0].endswith("NLĐ có thể nộp bản chính điện tử.")


@pytest.mark.parametrize(
    ("heading", "remark"),
    [
        ("(Trường hợp không quy định là bản chính thì có thể nộp bản sao hợp lệ).", True),
        ("(Miễn nộp các tài liệu nếu không có sự thay đổi so với hồ sơ đã nộp)", True),
        ("(Đối với người mua hàng)", False),  # a case: whose papers these are
        ("(1.2) Đối với công trình theo tuyến", False),
        ("(i) Trường hợp thay đổi chủ hộ thì nộp hồ sơ", False),
    ],
)
def test_only_a_whole_bracketed_condition_is_a_remark(heading: str, remark: bool):
    from knowledge.procedures.portal.record import _is_remark

    assert _is_remark(heading) is remark


def test_a_form_number_is_not_run_into_the_quantity():
    assert "Mẫu số 181 bản chính" in raw("1.012781")["raw_text"]
    forms = [d for d in record("1.012781")["documents"] if d["form"] == "Mẫu số 18"]
    assert forms
    for doc in forms:
        assert doc["name"].endswith("theo Mẫu số 18")
        assert (doc["original"], doc["copies"]) == (1, 1)


def test_a_channel_named_inside_a_description_does_not_start_a_row():
    rec = record("1.003133")
    assert [c["channel"] for c in rec["channels"]] == ["online", "in_person"]
    online, in_person = rec["channels"]
    assert online["fee_vnd"] == 5000 and online["time"] == "1 ngày làm việc"
    assert online["case"].startswith("Trực tuyến: nộp hồ sơ trực tuyến qua Cổng")
    # The cell says "40 VNĐ", its note "4.000 đ": the fee stays unknown, said by the note.
    assert in_person["fee_vnd"] is None
    assert in_person["fee_note"].startswith("4.000 đ/giấy thông hành")
    assert "40 đồng" not in in_person["fee_note"]


def test_an_amount_typed_in_thousands_is_said_by_its_note_alone():
    # The cell says "900 VNĐ", its note 900.000 đồng: "900 đồng" would be a wrong
    # figure, so the fee is unknown and the answer quotes the note as the portal writes it.
    for row in record("1.004022")["channels"]:
        assert row["fee_vnd"] is None
        assert row["fee_note"] == (
            "Phí Thẩm định nội dung thông tin quảng cáo thuốc thú y, thuốc thú y thuỷ sản, "
            "trang thiết bị, dụng cụ trong thú y: 900.000 đồng/lần"
        )


def test_a_residence_card_fee_in_dollars_is_never_said_in_dong():
    # A foreigner's residence card: the cell says "155 VNĐ" beside "155 USD/thẻ".
    in_person = rows(record("1.003358"), "in_person")
    assert sorted(r["fee_note"] for r in in_person) == [
        "Thẻ tạm trú có thời hạn không quá 02 năm: 145 USD/thẻ.",
        "Thẻ tạm trú có thời hạn từ trên 02 năm đến 05 năm: 155 USD/thẻ.",
        "Thẻ tạm trú có thời hạn từ trên 05 năm đến 10 năm: 165 USD/thẻ.",
    ]
    for row in in_person:
        assert row["fee_vnd"] is None
        assert "đồng" not in row["fee_note"] and "đồng" not in row["case"]


def test_a_list_number_after_the_fee_cell_is_no_fee():
    # A mining licence: "(1)" numbers the case that follows the empty fee cell.
    (row,) = parse_channels(
        "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếp14 Ngày làm việcKhông có thông tin"
        "(1) Trường hợp thay đổi tên tổ chức, cá nhân thăm dò khoáng sản:\n*Cách thực hiện: "
        "Nộp hồ sơ về Bộ phận Tiếp nhận và Trả kết quả"
    )
    assert (row.fee_vnd, row.fee_note) == (None, None)
    assert row.description.startswith("Trường hợp thay đổi tên tổ chức")
    # A "Miễn phí" cell before "(a)" is not taken as free: the case names the amounts.
    (row,) = parse_channels(
        "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến5 Ngày làm việcMiễn phí(a) Cung cấp"
        " dịch vụ tại cảng hàng không quốc tế: - Cấp lại do thay đổi nội dung: 30.000.000 đồng"
    )
    assert (row.fee_vnd, row.fee_note) == (None, None)


def test_no_fee_of_the_shipped_catalogue_is_a_list_number_or_a_wrong_unit():
    catalogue = json.loads(gzip.decompress(SEED_NATIONAL.read_bytes()))
    notes = [c["fee_note"] or "" for p in catalogue["procedures"] for c in p["channels"]]
    assert not [n for n in notes if re.fullmatch(r"\d{1,2}|[a-zđ]|[ivx]{2,4}", n, re.I)]
    # never "ghi 155 đồng, kèm ghi chú: … 155 USD/thẻ" nor "ghi 135 đồng, … 135.000 đồng"
    said = [re.match(r"Cổng Dịch vụ công ghi ([\d.]+) đồng, kèm ghi chú: (.*)", n) for n in notes]
    assert not [m[0] for m in said if m and re.search(rf"\b{m[1]} ?USD", m[2])]
    assert not [m[0] for m in said if m and len(m[1]) <= 3 and re.search(r"\d\.000", m[2])]


def test_an_amount_too_small_without_a_note_is_shown_as_the_portal_writes_it_and_no_more():
    # a notary office's change of details: the portal's cell says "1 Việt Nam Đồng",
    # its description "mức phí: 0đ" -- never "kèm ghi chú: None"
    (row,) = parse_channels(
        "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến5 Ngày làm việc1 Việt Nam Đồng"
        "- Đối với trường hợp thay đổi nội dung đăng ký hoạt động khác thì Sở Tư pháp ghi"
        " nhận nội dung thay đổi vào giấy đăng ký hoạt động, mức phí: 0đ."
    )
    assert row.fee_vnd is None
    assert row.fee_note == "Cổng Dịch vụ công ghi 1 đồng"
    assert row.description.endswith("mức phí: 0đ.")


def test_no_fee_note_of_the_shipped_catalogue_says_none():
    catalogue = json.loads(gzip.decompress(SEED_NATIONAL.read_bytes()))
    notes = [c["fee_note"] or "" for p in catalogue["procedures"] for c in p["channels"]]
    assert notes and not [note for note in notes if "None" in note]


def test_a_free_fee_cell_contradicted_by_its_note_is_unknown():
    for row in record("3.000340")["channels"]:
        assert row["fee_vnd"] is None
        assert "8.000.000/lần" in row["fee_note"]


def test_a_channel_with_several_rows_keeps_each_row_and_tells_them_apart():
    online = rows(record("1.003358"), "online")
    assert len(online) == 3
    assert len({r["case"] for r in online}) == 3
    assert all(r["fee_vnd"] is None for r in online)  # fees in USD are not đồng
    assert [re.findall(r"\d+ USD", r["fee_note"]) for r in online] == [
        ["145 USD"],
        ["155 USD"],
        ["165 USD"],
    ]


def test_a_fee_in_dollars_is_said_once():
    # never "145 USD; Thẻ tạm trú …: 145 USD/thẻ." nor "10 USD; /lần"
    notes = {r["fee_note"] for r in record("1.003358")["channels"]}
    assert "Thẻ tạm trú có thời hạn không quá 02 năm: 145 USD/thẻ." in notes
    assert not [n for n in notes if n.startswith(("145 USD;", "155 USD;", "165 USD;"))]
    table = "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến5 Ngày làm việc"
    (row,) = parse_channels(f"{table}10 USD(/lần)Nộp trực tuyến.")
    assert row.fee_note == "10 USD/lần"
    (row,) = parse_channels(f"{table}10 USD(10USD/giấy)Nộp trực tuyến.")
    assert row.fee_note == "10USD/giấy"
    # a note that says something else still follows the amount
    (row,) = parse_channels(f"{table}25 USD(Cấp thị thực có giá trị một lần)Nộp trực tuyến.")
    assert row.fee_note == "25 USD; Cấp thị thực có giá trị một lần"


def test_no_fee_of_the_shipped_catalogue_says_its_amount_in_dollars_twice():
    catalogue = json.loads(gzip.decompress(SEED_NATIONAL.read_bytes()))
    notes = [c["fee_note"] or "" for p in catalogue["procedures"] for c in p["channels"]]
    twice = [n for n in notes if re.match(r"(\d+) USD; (?:/|.*\b\1 ?USD)", n)]
    assert notes and not twice


def test_the_documents_heading_inside_a_channel_description_is_not_the_documents_table():
    rec = record("3.000397")
    assert len(rec["channels"]) == 3
    assert rec["documents"][0]["name"].startswith("Văn bản đề nghị, trong đó ghi rõ tên")


def test_attached_form_files_are_kept_out_of_document_names():
    docs = record("1.000070")["documents"]
    assert not any(".docx" in d["name"] for d in docs)
    report = next(d for d in docs if d["name"].startswith("Báo cáo kết quả thăm dò"))
    assert report["name"].endswith("Nghị định số 23/2026/NĐ-CP")
    assert report["form"] == "Mẫu số 38, Mẫu số 40"


def test_a_time_without_unit_glued_to_the_fee_is_resolved_only_when_the_note_says_which():
    (resolved,) = record("2.001206")["channels"]  # "1" + "20,000 VNĐ", note "20.000 VNĐ"
    assert (resolved["time"], resolved["fee_vnd"]) == (None, 20000)
    for row in record("1.007863")["channels"]:  # "120 VNĐ" beside "20.000 đ/tờ khai"
        assert row["fee_vnd"] is None and row["time"] is None
        assert "20.000" in row["fee_note"]


def test_the_portal_placeholder_is_stored_as_unknown():
    rec = record("6.006585")
    assert rec["conditions"] is None and rec["submit_address"] is None
    for row in rec["channels"]:
        assert (row["time"], row["fee_vnd"], row["fee_note"], row["case"]) == (None,) * 4


def raw_records() -> list[pc.RawRecord]:
    return pc.read_raw_dir(RAW)


def test_the_catalogue_keeps_one_record_per_code_sorted_and_sourced():
    raws = raw_records()
    # The same procedure published under a second ministry, with less on its page.
    twin = dict(raws[0].data, raw_text="", linh_vuc="", cach_thuc_thuc_hien="")
    raws.append(pc.RawRecord("bo-khac/" + raws[0].path.split("/")[1], twin))
    dates = dict.fromkeys((r.path for r in raws), CRAWLED)
    weights = {"1.000894": 1000, "1.003133": 10, "9.999999": 100000}
    popularity = pc.SecondarySource("https://example.org/songgio", "usage", {})
    popularity = pc.SecondarySource(popularity.url, popularity.label, pc.popularity_scores(weights))
    catalogue = pc.build_catalogue(
        raws, dates, popularity, pc.read_commune_listing(LISTING), {"snapshot_commit": "abc"}
    )
    procs = catalogue["procedures"]
    codes = [p["code"] for p in procs]
    assert len(codes) == len(set(codes)) == 12
    assert codes == sorted(codes, key=lambda c: [int(x) for x in c.split(".")])
    kept = next(p for p in procs if p["code"] == raws[0].data["ma_thu_tuc"])
    assert kept["field"]  # the fuller page won
    assert catalogue["source"]["duplicates"]["found"]
    marriage = next(p for p in procs if p["code"] == "1.000894")
    assert 0 < marriage["popularity"] < 1 and marriage["commune_centre"] is True
    assert {tuple(s["facts"]) for s in marriage["sources"]} == {
        ("popularity",),
        ("commune_centre",),
    }
    assert all(s["url"].startswith("https://") for s in marriage["sources"])
    unlisted = next(p for p in procs if p["code"] == "3.000340")
    assert (unlisted["popularity"], unlisted["commune_centre"], unlisted["sources"]) == (
        None,
        None,
        [],
    )
    assert len(validate_records(procs)) == 12  # the catalogue's own schema accepts them


def test_popularity_is_a_log_scale_from_zero_to_one():
    scores = pc.popularity_scores({"a": 15_539_622, "b": 127, "c": 0})
    assert scores["a"] == 1.0 and scores["c"] == 0.0 and 0.2 < scores["b"] < 0.4


def test_the_written_catalogue_is_the_same_bytes_every_time(tmp_path):
    dates = {r.path: CRAWLED for r in raw_records()}
    catalogue = pc.build_catalogue(raw_records(), dates)
    first, second = tmp_path / "a.json.gz", tmp_path / "b.json.gz"
    pc.write_catalogue(first, catalogue)
    pc.write_catalogue(second, catalogue)
    assert first.read_bytes() == second.read_bytes()
    assert json.loads(gzip.decompress(first.read_bytes())) == catalogue


def test_regenerating_the_report_keeps_the_hand_check():
    dates = {r.path: CRAWLED for r in raw_records()}
    catalogue = pc.build_catalogue(raw_records(), dates)
    first = pc.report_text(catalogue)
    assert "| channels |" in first and pc.HAND_CHECK_MARK in first
    edited = first + "| 1.000894 | ok | — |\n"
    assert edited.endswith(pc.report_text(catalogue, edited).split(pc.HAND_CHECK_MARK)[1])


@pytest.fixture
def crawl_repo(tmp_path) -> Path:
    """A git repository holding the raw records the way the crawler's repository does."""
    repo = tmp_path / "crawl"
    shutil.copytree(RAW, repo / pc.CRAWL_PATH)
    env = {
        "PATH": "/usr/bin:/bin",
        "GIT_AUTHOR_NAME": "crawler",
        "GIT_AUTHOR_EMAIL": "crawler@example.org",
        "GIT_COMMITTER_NAME": "crawler",
        "GIT_COMMITTER_EMAIL": "crawler@example.org",
        "GIT_AUTHOR_DATE": "2026-06-10T21:35:33+07:00",
        "GIT_COMMITTER_DATE": "2026-06-10T21:43:35+07:00",
    }
    for args in (("init", "-q"), ("add", "."), ("commit", "-q", "-m", "crawl")):
        subprocess.run(["git", "-C", str(repo), *args], check=True, env=env)
    return repo


def test_staff_build_the_national_catalogue_from_the_command_line(cli, crawl_repo, tmp_path):
    songgio = tmp_path / "congdan_raw_result.json"
    songgio.write_text(json.dumps([{"TTHC_MA": "1.000894", "WEIGHT": "500"}]), encoding="utf-8")
    out, report = tmp_path / "national.json.gz", tmp_path / "report.md"
    done = cli(
        "kb",
        "build-national",
        str(crawl_repo / pc.CRAWL_PATH),
        "--crawl-git",
        str(crawl_repo),
        "--songgio",
        str(songgio),
        "--commune-listing",
        str(LISTING),
        "--out",
        str(out),
        "--report",
        str(report),
    )
    assert done.returncode == 0, done.stderr
    assert "Wrote 12 procedures" in done.stdout
    catalogue = json.loads(gzip.decompress(out.read_bytes()))
    assert {p["verified_on"] for p in catalogue["procedures"]} == {"2026-06-10"}
    assert catalogue["source"]["crawl"]["commits"][0]["files"] == 12
    marriage = next(p for p in catalogue["procedures"] if p["code"] == "1.000894")
    assert marriage["popularity"] == 1.0
    assert "| documents |" in report.read_text(encoding="utf-8")


def test_an_undated_crawl_is_refused_with_a_clear_message(cli, tmp_path):
    done = cli("kb", "build-national", str(RAW), "--out", str(tmp_path / "x.json.gz"))
    assert done.returncode == 1
    assert "--crawl-git" in done.stderr and "Traceback" not in done.stderr


def test_the_shipped_national_catalogue_is_complete_and_cites_the_portal():
    catalogue = json.loads(gzip.decompress(SEED_NATIONAL.read_bytes()))
    procs = catalogue["procedures"]
    assert len(procs) > 2600
    assert all(p["source_url"].startswith("https://dichvucong.gov.vn/") for p in procs)
    assert all(p["verified_on"] for p in procs)
    assert "crawl" in catalogue["source"] and catalogue["source"]["crawl"]["snapshot_commit"]
    assert len(validate_records(procs)) == len(procs)
