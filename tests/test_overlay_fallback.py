"""A curated record is an overlay on the national record of its code: what it states
wins, what it leaves unknown comes from the national record, which it then cites."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.catalogue import SEED_NATIONAL, SEED_PROCEDURES, read_procedures
from knowledge.procedures.records import (
    NATIONAL_LABEL,
    Catalogue,
    ChannelInfo,
    ProcedureInfo,
    SourceRef,
    fill_unknowns,
    merge_layers,
)

NATIONAL_URL = "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/"


@pytest.fixture(scope="module")
def shipped() -> tuple[dict[str, ProcedureInfo], dict[str, ProcedureInfo], Catalogue]:
    curated = {i.code: i for i in read_procedures(SEED_PROCEDURES)}
    national = {i.code: i for i in read_procedures(SEED_NATIONAL)}
    return curated, national, Catalogue([*curated.values(), *national.values()])


def _cites(info: ProcedureInfo, url: str, fact: str) -> bool:
    return any(s.url == url and fact in s.facts for s in info.sources)


def test_citizen_id_card_documents_come_from_the_national_record_which_is_cited(shipped):
    curated, national, catalogue = shipped
    assert curated["1.014061"].documents == ()
    card = catalogue.by_code("1.014061")
    twin = national["1.014061"]
    assert card.is_curated
    assert card.documents == twin.documents
    assert {d.form for d in card.documents} >= {"Mẫu DC01", "Mẫu DC02"}
    assert any("CC01" in d.name for d in card.documents)
    assert card.channel("online").available is True
    assert _cites(card, twin.source_url, "documents")
    assert _cites(card, twin.source_url, "channels.online.available")
    # the curated record's own facts and source stay
    assert card.source_url == curated["1.014061"].source_url
    assert card.agency == curated["1.014061"].agency
    assert card.channel("in_person").available is True


@pytest.mark.parametrize("code", ["1.000894", "3.000347", "1.004873"])
def test_fee_the_curated_record_leaves_unknown_is_the_national_one(shipped, code):
    curated, national, catalogue = shipped
    assert all(c.fee_vnd is None and c.fee_note is None for c in curated[code].channels)
    merged = catalogue.by_code(code)
    twin = national[code]
    for row in merged.channels:
        if row.channel in {c.channel for c in twin.channels}:
            source = twin.channel(row.channel)
            assert (row.fee_vnd, row.fee_note) == (source.fee_vnd, source.fee_note), row
            assert _cites(merged, twin.source_url, f"channels.{row.channel}.fee")


def test_marriage_is_free_by_the_national_record(shipped):
    _, _, catalogue = shipped
    marriage = catalogue.by_code("1.000894")
    assert {(c.fee_vnd, c.fee_note.split(".")[0]) for c in marriage.channels} == {
        (0, "Miễn lệ phí")
    }
    # its own time stays: the curated "same day" wins over the national record
    assert marriage.channel("in_person").time.startswith("Ngay trong ngày")


@pytest.mark.parametrize("code", ["2.000635", "1.014062", "2.001159"])
def test_documents_the_curated_record_leaves_unknown_are_the_national_ones(shipped, code):
    curated, national, catalogue = shipped
    assert curated[code].documents == ()
    merged = catalogue.by_code(code)
    assert merged.documents == national[code].documents != ()
    assert _cites(merged, national[code].source_url, "documents")


def test_guardianship_online_and_by_post_come_from_the_national_record(shipped):
    curated, national, catalogue = shipped
    own = curated["1.004837"]
    assert own.channel("online").available is None and own.channel("post").available is None
    guardianship = catalogue.by_code("1.004837")
    assert guardianship.channel("online").available is True
    assert guardianship.channel("post").available is True
    assert guardianship.channel("online").time == national["1.004837"].channel("online").time
    # stated by the curator: in person, free
    assert guardianship.channel("in_person").fee_note == "Miễn lệ phí"
    url = national["1.004837"].source_url
    assert _cites(guardianship, url, "channels.online.available")
    assert _cites(guardianship, url, "channels.post.available")


def test_what_the_curated_record_states_wins_even_where_the_national_record_differs(shipped):
    curated, national, catalogue = shipped
    # permanent residence: the curator's 20,000 đ in person, not the portal's note
    residence = catalogue.by_code("1.004222")
    assert residence.channel("in_person").fee_vnd == 20000
    assert residence.channel("in_person").fee_note is None
    # copy certification: a fee note without an amount is a stated fee, not an unknown one
    copies = catalogue.by_code("2.000815")
    assert copies.channel("in_person").fee_vnd is None
    assert copies.channel("in_person").fee_note.startswith("2.000 đồng/trang")
    for code, own in curated.items():
        merged = catalogue.by_code(code)
        for name in ("name", "source_url", "verified_on", "agency", "who_may_apply"):
            if getattr(own, name) is not None:
                assert getattr(merged, name) == getattr(own, name), (code, name)
        if own.documents:
            assert merged.documents == own.documents, code


def test_the_national_level_comes_only_with_the_national_agency(shipped):
    curated, national, catalogue = shipped
    # driving licence: the curator names the commune police; the national record is the
    # ministry's ("Cấp bộ"), which would send the citizen to the wrong office
    licence = catalogue.by_code("3.000347")
    assert national["3.000347"].level == "Cấp bộ"
    assert licence.agency == curated["3.000347"].agency
    assert licence.level is None
    # birth-register extracts: the curator names no agency, so both come from the portal
    extracts = catalogue.by_code("2.000635")
    assert (extracts.agency, extracts.level) == (
        national["2.000635"].agency,
        national["2.000635"].level,
    )


def test_a_record_gains_a_national_source_only_for_facts_it_took(shipped):
    curated, national, catalogue = shipped
    for code, own in curated.items():
        merged = catalogue.by_code(code)
        twin_refs = [s for s in merged.sources if s.url == national[code].source_url]
        assert len(twin_refs) == 1, code
        taken = set(twin_refs[0].facts) - {"code"}
        assert taken, code
        for fact in taken:
            if not fact.startswith("channels."):
                assert getattr(own, fact) in (None, ()), (code, fact)
                assert getattr(merged, fact) == getattr(national[code], fact), (code, fact)


def test_a_fact_neither_layer_knows_stays_unknown(shipped):
    curated, national, catalogue = shipped
    card = catalogue.by_code("1.014061")
    assert all(c.fee_vnd is None and c.fee_note is None for c in card.channels)
    assert card.channel("post").available is None  # the national record has no post row


def _record(kind: str, **facts) -> ProcedureInfo:
    return ProcedureInfo(
        slug=f"giay_phep_{kind}",
        name="Cấp giấy phép",
        source_url=f"https://{kind}.example.gov.vn/giay-phep",
        verified_on=dt.date(2026, 11, 22),
        code="9.000001",
        source_kind="curated" if kind == "so" else "portal_crawl",
        **facts,
    )


def test_a_general_row_that_knows_nothing_takes_the_national_rows_by_case():
    own = _record(
        "so",
        channels=(ChannelInfo("in_person", available=True, time="3 ngày"), ChannelInfo("online")),
    )
    national = _record(
        "cong",
        channels=(
            ChannelInfo("in_person", True, "5 ngày", 50000, case="Cấp mới"),
            ChannelInfo("in_person", True, "2 ngày", 20000, case="Cấp lại"),
            ChannelInfo("online", True, "5 ngày", 40000, case="Cấp mới"),
            ChannelInfo("online", True, "2 ngày", 10000, case="Cấp lại"),
            ChannelInfo("post", True, "7 ngày", None),
        ),
    )
    merged = fill_unknowns(own, national)
    # in person: the curator's time wins; the fee differs by case, so it stays unknown
    assert merged.channel_rows("in_person") == (ChannelInfo("in_person", True, "3 ngày"),)
    assert merged.channel_rows("online") == national.channel_rows("online")
    assert merged.channel_rows("post") == national.channel_rows("post")
    assert merged.sources == (
        SourceRef(
            url=national.source_url,
            label=NATIONAL_LABEL.format(date="22/11/2026"),
            facts=(
                "channels.online.available",
                "channels.online.fee",
                "channels.online.time",
                "channels.post",
            ),
        ),
    )


def test_a_curated_record_with_nothing_unknown_is_unchanged():
    row = ChannelInfo("in_person", True, "3 ngày", 0, "Miễn phí")
    own = _record("so", channels=(row,), agency="UBND xã")
    national = _record("cong", channels=(row,), agency="Ủy ban nhân dân cấp xã", result="Giấy")
    merged = merge_layers([own, national])
    assert len(merged) == 1
    assert merged[0].agency == "UBND xã"
    assert merged[0].result == "Giấy"
    assert [s.facts for s in merged[0].sources] == [("result",)]
    alone = fill_unknowns(own, _record("cong", channels=(row,)))
    assert alone is own


async def test_citizen_asking_for_the_id_card_papers_gets_the_national_list_and_its_source(
    conversation,
):
    await conversation.say("lam cccd can giay to gi")
    text = conversation.text
    assert "căn cước" in text.lower()
    assert "chưa có thông tin về giấy tờ" not in text
    assert "Giấy tờ cần chuẩn bị:" in text
    for form in ("DC01", "DC02", "CC01"):
        assert form in text, form
    assert text.splitlines()[-1].startswith("Nguồn: http")


async def test_a_fee_neither_record_states_is_still_said_to_be_unknown(conversation):
    await conversation.say("thông báo lưu trú lệ phí bao nhiêu")
    assert "Thông báo lưu trú" in conversation.text
    assert "chưa có thông tin về lệ phí" in conversation.text
    assert "dichvucong.gov.vn" in conversation.text


async def test_a_fact_taken_from_the_national_record_cites_it_with_its_date(conversation):
    # the curated marriage record states no fee; the national record's is shown, and
    # the answer cites the national record under the curated record's own source
    await conversation.say("đăng ký kết hôn lệ phí bao nhiêu")
    assert "Miễn lệ phí" in conversation.text
    sources = [line for line in conversation.text.splitlines() if line.startswith("Nguồn: ")]
    assert len(sources) == 2
    assert sources[1].startswith("Nguồn: https://dichvucong.gov.vn/")
    assert "Cơ sở dữ liệu thủ tục hành chính quốc gia; bản thu thập ngày 10/06/2026" in sources[1]
