"""FAQ entries staff publish, answered by retrieval: a citizen's paraphrase — without
diacritics, with chat abbreviations — gets the answer with its source and date; an
entry scoped to a unit answers only there; the schema speaks Vietnamese; the entries
live in both databases and come in and out through `kb import` / `kb export`."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from pydantic import ValidationError

from bot.app import refresh_faq
from flows.faq import FaqAnswers, FaqIndexHolder
from knowledge.catalogue import export_file, import_file, import_kind
from knowledge.data_files import CatalogueError
from knowledge.faq.repository import FaqRepository, UnknownFaqEntry
from knowledge.faq.schema import FaqEntryData, field_errors
from knowledge.storage.db import Database
from nlu.faq_index import FaqDocument, FaqIndex
from tests.conftest import Conversation

CHECKED = dt.date(2026, 11, 30)
SOURCE = "https://dichvucong.gov.vn/p/home/dvc-huong-dan-cong-dan.html"

SATURDAY = FaqEntryData(
    question="Trung tâm phục vụ hành chính công phường Tân Định có làm việc chiều thứ Bảy không?",
    variants=[
        "Chiều thứ 7 trung tâm hành chính phường Tân Định có mở cửa không?",
        "Thứ bảy buổi chiều có nộp hồ sơ ở phường Tân Định được không?",
    ],
    answer="Dạ, Trung tâm phường Tân Định nghỉ chiều thứ Bảy; sáng thứ Bảy vẫn nhận hồ sơ.",
    source_url="https://tandinh.hochiminhcity.gov.vn/lich-lam-viec",
    province_key="thanhphohochiminh",
    unit_key="phuongtandinh",
    verified_on=CHECKED,
)
PASSWORD = FaqEntryData(
    question="Quên mật khẩu VNeID thì phải làm sao?",
    variants=[
        "Không đăng nhập được VNeID vì quên mật khẩu",
        "Cách lấy lại mật khẩu tài khoản định danh điện tử",
    ],
    answer='Dạ, anh/chị bấm <b>"Quên mật khẩu"</b> trên màn hình đăng nhập <script>x()</script>.',
    source_url=SOURCE,
    verified_on=CHECKED,
)
PAPER_COPY = FaqEntryData(
    question="Nộp hồ sơ trực tuyến rồi có phải nộp thêm bản giấy không?",
    variants=["Đã nộp online thì có cần mang hồ sơ giấy đến không?"],
    answer="Dạ, hồ sơ nộp trực tuyến hợp lệ thì anh/chị không phải nộp thêm bản giấy.",
    source_url=SOURCE,
    verified_on=CHECKED,
)
PROXY = FaqEntryData(
    question="Có thể ủy quyền cho người khác đi nộp hồ sơ thay không?",
    variants=["Nhờ người nhà nộp hồ sơ hộ được không?"],
    answer="Dạ, anh/chị có thể ủy quyền bằng văn bản cho người khác nộp thay.",
    source_url=SOURCE,
    verified_on=CHECKED,
)


@pytest.fixture
async def faq_conversation(services, fake_dialogue) -> Conversation:
    """A citizen talking to the dialogue after staff published the entries above (the
    shipped seed entries are published too), read from the services' FAQ holder."""
    if fake_dialogue.faq.holder is not services.faq:
        fake_dialogue.faq = FaqAnswers(services.faq, fake_dialogue.t, services.catalogue)
    async with services.db.session() as session:
        repo = FaqRepository(session)
        for entry in (SATURDAY, PASSWORD, PAPER_COPY, PROXY):
            await repo.create(entry, status="published")
    await refresh_faq(services.db, services.faq)
    return Conversation(services, dialogue=fake_dialogue)


def faq_id_of(conversation: Conversation) -> int | None:
    reply = conversation.last[0]
    return reply.meta.get("faq_id") if reply.kind == "faq_answer" else None


async def ids_by_question(services) -> dict[str, int]:
    async with services.db.session() as session:
        return {e.data.question: e.id for e in await FaqRepository(session).published()}


# ---- a citizen asks ------------------------------------------------------------------

PARAPHRASES = [
    # (what the citizen types, the entry it asks)
    ("quen mat khau vneid", PASSWORD),
    ("bi quen pass vneid lam sao lay lai", PASSWORD),
    ("vneid ko dang nhap dc do quen mk", PASSWORD),
    ("lam the nao khoi phuc mat khau dinh danh dien tu", PASSWORD),
    ("nộp qua mạng rồi còn phải nộp giấy không", PAPER_COPY),
    ("da nop truc tuyen roi co phai mang hs giay den k", PAPER_COPY),
    ("nho nguoi khac nop hs thay dc ko", PROXY),
    ("uy quyen cho con di nop ho so duoc khong", PROXY),
    ("chieu thu 7 trung tam phuong tan dinh co lam viec ko", SATURDAY),
    ("thứ bảy phường tân định làm việc buổi chiều không ạ", SATURDAY),
    ("lm cccd cho tre duoi 6 tuoi co phai dua tre di ko", "seed: căn cước trẻ em"),
    ("sap nhap roi co phai doi cccd ko", "seed: căn cước sau sáp nhập"),
    ("doi gplx o cong an xa dc ko", "seed: đổi giấy phép lái xe"),
    # the merger keeps every paper valid, not the ID card alone: the papers people ask
    # about (its source's "căn cước, hộ chiếu, giấy khai sinh..."; DOMAIN.md)
    ("sau khi sáp nhập thì bằng lái có phải đổi lại không", "seed: giấy tờ sau sáp nhập"),
    ("sáp nhập huyện thì sổ hồng có phải làm lại không", "seed: giấy tờ sau sáp nhập"),
    ("sap nhap xa thi so do co phai doi ko", "seed: giấy tờ sau sáp nhập"),
    ("tỉnh sáp nhập rồi giấy đăng ký kết hôn có phải làm lại không", "seed: giấy tờ sau sáp nhập"),
    # the classifier reads it as "ok" (its "rồi" and "ạ"): it says too much for that
    ("quen pass vneid roi phai lam sao a", PASSWORD),
]
SEED_QUESTIONS = {
    "seed: căn cước trẻ em": "Làm căn cước cho trẻ dưới 6 tuổi",
    "seed: căn cước sau sáp nhập": "Sau sáp nhập tỉnh, xã có bắt buộc",
    "seed: đổi giấy phép lái xe": "Có thể đổi giấy phép lái xe",
    "seed: giấy tờ sau sáp nhập": "Giấy tờ cấp trước khi sáp nhập",
}


@pytest.mark.parametrize(("message", "entry"), PARAPHRASES, ids=[m for m, _ in PARAPHRASES])
async def test_a_paraphrase_without_diacritics_or_with_abbreviations_gets_the_answer(
    faq_conversation, services, message, entry
):
    ids = await ids_by_question(services)
    if isinstance(entry, str):
        question = next(q for q in ids if q.startswith(SEED_QUESTIONS[entry]))
    else:
        question = entry.question
    await faq_conversation.say(message)
    assert faq_id_of(faq_conversation) == ids[question], faq_conversation.text


async def test_the_answer_ends_with_its_source_and_the_date_it_was_checked(faq_conversation):
    [reply] = await faq_conversation.say("nop online roi co phai nop ban giay ko")
    assert reply.kind == "faq_answer"
    assert reply.text == (f"{PAPER_COPY.answer}\n\nNguồn: {SOURCE} (cập nhật 30/11/2026)")


async def test_a_shipped_entry_shows_its_source_too(faq_conversation):
    await faq_conversation.say("lm cccd cho tre duoi 6 tuoi")
    assert faq_id_of(faq_conversation) is not None
    assert "Nguồn: https://nghean24h.vn/" in faq_conversation.text
    assert "(cập nhật 22/11/2026)" in faq_conversation.text


async def test_html_in_an_answer_stays_plain_text_in_the_reply(faq_conversation):
    [reply] = await faq_conversation.say("quen mat khau vneid thi lam sao")
    assert reply.kind == "faq_answer"
    assert '<b>"Quên mật khẩu"</b>' in reply.text and "<script>x()</script>" in reply.text


UNRELATED = [
    "đăng ký khai sinh cần giấy tờ gì",  # a procedure: its record answers
    "lệ phí làm hộ chiếu bao nhiêu",
    "làm căn cước cho con cần giấy tờ gì",  # the procedure, not the seed FAQ about it
    # the exchange of an expired card, not the seed entry "đổi tên phường thì có phải
    # đổi CCCD không" (whose answer begins "Dạ, không bắt buộc")
    "đổi cccd hết hạn",
    "doi cccd het han",
    # a paper exchanged or made for its own reasons, not the entry on papers after the
    # merger (whose phrasings name "sổ đỏ", "bằng lái", "làm lại")
    "cấp đổi sổ đỏ cũ sang sổ mới",
    "sổ đỏ bị rách có đổi được không",
    "làm hộ chiếu cho bé mới sinh được không",
    "bằng lái hết hạn đổi ở đâu",
    "thời tiết hôm nay thế nào",
    # a wallet lost with papers in it is no question about papers after the merger
    "báo mất ví có giấy tờ tùy thân ở công an nào",
    "trung tâm hành chính công phường Bến Thành ở đâu",  # a place question
    "cảm ơn bạn",
]


@pytest.mark.parametrize("message", UNRELATED)
async def test_an_unrelated_question_is_not_answered_from_the_faq(faq_conversation, message):
    await faq_conversation.say(message)
    assert faq_id_of(faq_conversation) is None, faq_conversation.text


async def test_the_exchange_asked_after_the_merger_is_the_seed_entry(faq_conversation):
    # ("đổi cccd hết hạn" is the exchange itself: UNRELATED above)
    await faq_conversation.say("có phải đổi cccd sau sáp nhập không")
    assert faq_id_of(faq_conversation) is not None
    assert "không bắt buộc" in faq_conversation.text


@pytest.mark.parametrize(
    "message",
    [
        "sau khi sáp nhập xã thì căn cước có phải làm lại không",
        "sap nhap xa thi cccd co phai lam lai ko",
    ],
)
async def test_the_id_card_after_the_merger_is_its_entry_not_every_paper_issued_before(
    faq_conversation, message
):
    # two seed entries come close (the ID card; every paper issued before the merger):
    # "căn cước" is a key word of the first only, and the message says nothing the
    # second alone has
    await faq_conversation.say(message)
    assert faq_id_of(faq_conversation) is not None, faq_conversation.text
    assert "Thẻ căn cước còn thời hạn vẫn dùng bình thường" in faq_conversation.text


async def test_a_question_naming_a_procedure_gets_the_procedure_not_an_faq_sharing_words(
    faq_conversation,
):
    # the shipped entry "Có thể đổi giấy phép lái xe ở công an xã không?" shares the words
    [reply] = await faq_conversation.say("đổi bằng lái xe cần giấy tờ gì")
    assert reply.meta.get("procedure") == "doi_giay_phep_lai_xe", reply.kind


# A story that names a procedure clearly and says more of it than the entry speaks of
# is about the procedure; one whose words beyond the procedure's name are mostly the
# entry's is the entry (the shipped "Có thể đổi giấy phép lái xe ở công an xã không?").
STORY_OR_ENTRY = [
    # (what the citizen types, whether the entry answers it)
    ("tôi nghỉ hưu ở ngành công an, muốn đổi bằng lái xe công an sang bằng dân sự", False),
    ("chú tôi về hưu bên công an, giờ đổi giấy phép lái xe do công an cấp", False),
    ("đổi bằng lái ở công an phường gần nhà được không", True),
    ("doi gplx o cong an xa dc ko", True),
]


@pytest.mark.parametrize(("message", "the_entry"), STORY_OR_ENTRY)
async def test_a_story_about_a_procedure_gets_it_unless_the_entry_speaks_of_it(
    faq_conversation, message, the_entry
):
    [reply] = await faq_conversation.say(message)
    assert (reply.kind == "faq_answer") is the_entry, reply.text
    assert the_entry or reply.meta.get("procedure"), reply.text


async def test_a_retired_policeman_exchanges_the_police_licence(faq_conversation):
    await faq_conversation.say(
        "tôi nghỉ hưu ở ngành công an, muốn đổi bằng lái xe công an sang bằng dân sự"
    )
    assert faq_conversation.last[0].meta.get("procedure") == "tthc_3_000350"


async def test_an_entry_of_a_unit_answers_only_for_that_unit(faq_conversation, services):
    saturday = (await ids_by_question(services))[SATURDAY.question]
    await faq_conversation.say("chieu thu 7 trung tam phuong ben thanh co lam viec ko")
    assert faq_id_of(faq_conversation) != saturday
    await faq_conversation.say("chiều thứ bảy trung tâm có làm việc không")
    assert faq_id_of(faq_conversation) != saturday  # no unit known yet


async def test_the_unit_the_conversation_remembers_scopes_the_answer(faq_conversation, services):
    saturday = (await ids_by_question(services))[SATURDAY.question]
    await faq_conversation.say("trung tâm hành chính phường Tân Định ở đâu")
    await faq_conversation.say("chiều thứ bảy trung tâm có làm việc không")
    assert faq_id_of(faq_conversation) == saturday, faq_conversation.text


async def test_an_entry_of_a_province_answers_for_the_province_named(faq_conversation):
    await faq_conversation.say("so tong dai ho tro tthc ha noi")
    assert "024.1022" in faq_conversation.text
    await faq_conversation.say("số tổng đài hỗ trợ thủ tục hành chính là bao nhiêu")
    assert "024.1022" not in faq_conversation.text


async def test_publishing_swaps_in_a_new_index_and_retiring_takes_an_entry_out(
    faq_conversation, services
):
    before = services.faq.current
    proxy = (await ids_by_question(services))[PROXY.question]
    async with services.db.session() as session:
        await FaqRepository(session).set_status(proxy, "retired")
    await refresh_faq(services.db, services.faq)
    assert services.faq.current is not before and proxy in before.entries
    await faq_conversation.say("nho nguoi khac nop hs thay dc ko")
    assert faq_id_of(faq_conversation) is None


# ---- the index on its own ------------------------------------------------------------


def test_the_index_is_built_from_plain_data_and_scoped_by_unit():
    index = FaqIndex(
        [
            FaqDocument(1, ("Quên mật khẩu VNeID thì làm sao?",)),
            FaqDocument(2, ("Trung tâm có làm việc thứ Bảy không?",), ("tinhx", "xa1")),
            FaqDocument(3, ("Tổng đài của tỉnh là số nào?",), ("tinhx", None)),
        ]
    )
    assert index.match("quen mat khau vneid").id == 1
    assert index.match("trung tam co lam viec thu bay ko") is None
    assert index.match("trung tam co lam viec thu bay ko", ("tinhx", "xa2")) is None
    assert index.match("trung tam co lam viec thu bay ko", ("tinhx", "xa1")).id == 2
    assert index.match("tong dai cua tinh la so nao", ("tinhx", "")).id == 3
    assert index.match("tong dai cua tinh la so nao", ("tinhy", "")) is None
    assert FaqIndex().match("quen mat khau") is None


def test_a_holder_swaps_whole_snapshots():
    holder = FaqIndexHolder()
    first = holder.current
    second = holder.rebuild([(7, PASSWORD)])
    assert holder.current is second is not first
    assert second.index.match("quen mat khau vneid").id == 7
    assert len(first) == 0 and dict(second.entries) == {7: PASSWORD}


# ---- the schema ---------------------------------------------------------------------


def test_an_empty_form_is_refused_field_by_field_in_vietnamese():
    with pytest.raises(ValidationError) as caught:
        FaqEntryData.from_form({"question": " ", "variants": "", "answer": "", "source_url": ""})
    errors = field_errors(caught.value)
    assert errors == {
        "question": "Vui lòng nhập câu hỏi.",
        "answer": "Vui lòng nhập câu trả lời.",
        "source_url": "Vui lòng nhập đường dẫn nguồn (http:// hoặc https://).",
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("source_url", "dichvucong.gov.vn", "Nguồn phải là một địa chỉ web"),
        ("source_url", "javascript:alert(1)", "Nguồn phải là một địa chỉ web"),
        ("question", "x" * 501, "Câu hỏi dài quá 500 ký tự."),
        ("answer", "x" * 3501, "Câu trả lời dài quá 3500 ký tự."),
        ("verified_on", "31/02/2026", "Ngày kiểm tra không hợp lệ"),
        ("procedure_code", "1.00 1193", "Mã thủ tục không hợp lệ"),
        ("province_key", "Hà Nội", "Mã đơn vị hành chính không hợp lệ"),
    ],
)
def test_a_wrong_value_is_refused_with_a_message_for_its_field(field, value, message):
    form = {
        "question": "Quên mật khẩu VNeID?",
        "answer": "Dạ, bấm Quên mật khẩu.",
        "source_url": SOURCE,
        field: value,
    }
    with pytest.raises(ValidationError) as caught:
        FaqEntryData.from_form(form, today=CHECKED)
    assert field_errors(caught.value)[field].startswith(message)


def test_a_unit_needs_its_province():
    with pytest.raises(ValidationError) as caught:
        FaqEntryData.from_form(
            {"question": "Q?", "answer": "A", "source_url": SOURCE, "unit_key": "phuongtandinh"}
        )
    assert field_errors(caught.value) == {"unit_key": "Chọn tỉnh/thành phố trước khi chọn đơn vị."}


def test_the_form_reads_one_phrasing_per_line_and_dates_an_entry_today():
    data = FaqEntryData.from_form(
        {
            "question": "  Quên mật khẩu VNeID?  ",
            "variants": "quen mat khau vneid\r\n\r\nQuen mat khau VNeID\nlấy lại mật khẩu\n",
            "answer": "Dạ, <b>bấm</b> Quên mật khẩu.",
            "source_url": SOURCE,
            "csrf_token": "ignored",
        },
        today=CHECKED,
    )
    assert data.question == "Quên mật khẩu VNeID?"
    assert data.variants == ["quen mat khau vneid", "lấy lại mật khẩu"]
    assert data.answer == "Dạ, <b>bấm</b> Quên mật khẩu."  # kept as typed, escaped on output
    assert data.verified_on == CHECKED
    assert FaqEntryData.from_form({**data.to_record(), "variants": "a"}).verified_on == CHECKED


def test_a_date_is_read_as_dd_mm_yyyy_or_iso():
    base = {"question": "Q?", "answer": "A", "source_url": SOURCE}
    assert FaqEntryData.model_validate({**base, "verified_on": "01/12/2026"}).verified_on == (
        dt.date(2026, 12, 1)
    )
    assert FaqEntryData.model_validate({**base, "verified_on": "2026-12-01"}).verified_on == (
        dt.date(2026, 12, 1)
    )


# ---- stored in both databases ------------------------------------------------------


async def test_entries_are_drafts_until_published_on_both_databases(any_database):
    db = Database(any_database)
    try:
        async with db.session() as session:
            repo = FaqRepository(session)
            draft = await repo.create(PASSWORD)
            live = await repo.create(PAPER_COPY, status="published")
        async with db.session() as session:
            repo = FaqRepository(session)
            assert [e.id for e in await repo.published()] == [live]
            assert [e.id for e in await repo.all()] == [draft, live]
            stored = await repo.get(draft)
            assert stored.status == "draft" and stored.data == PASSWORD
            assert stored.updated_at is not None
            edited = PASSWORD.model_copy(update={"variants": ["quen mk vneid"]})
            await repo.apply(draft, edited)
        async with db.session() as session:
            repo = FaqRepository(session)
            assert (await repo.get(draft)).data.variants == ["quen mk vneid"]
            assert {e.id for e in await repo.published()} == {draft, live}
            await repo.set_status(live, "retired")
            assert [e.id for e in await repo.published()] == [draft]
            assert await repo.get(9999) is None
            with pytest.raises(UnknownFaqEntry):
                await repo.set_status(9999, "published")
            with pytest.raises(ValueError):
                await repo.set_status(draft, "deleted")
    finally:
        await db.close()


# ---- kb import / export ------------------------------------------------------------


def faq_file(tmp_path, entries: list[dict]):
    path = tmp_path / "faq.yml"
    path.write_text(yaml.safe_dump({"faq": entries}, allow_unicode=True), "utf-8")
    return path


async def test_kb_import_publishes_a_faq_file_and_importing_it_again_changes_nothing(
    any_database, tmp_path
):
    entries = [PASSWORD.to_record(), PROXY.to_record()]
    path = faq_file(tmp_path, entries)
    assert import_kind(path) == "faq"
    db = Database(any_database)
    try:
        first = await import_file(db, path)
        assert (first.kind, first.created, first.updated) == ("faq", 2, 0)
        again = await import_file(db, path)
        assert (again.created, again.updated) == (0, 2)
        async with db.session() as session:
            published = await FaqRepository(session).published()
        assert [e.data for e in published] == [PASSWORD, PROXY]
        out = tmp_path / "export.yml"
        assert await export_file(db, out, "faq") == 2
        assert import_kind(out) == "faq"
        assert yaml.safe_load(out.read_text("utf-8"))["faq"][0]["question"] == PASSWORD.question
    finally:
        await db.close()


@pytest.mark.parametrize(
    ("first_lines", "kind"),
    [
        ("# FAQ\n---\nfaq:\n  - question: x\n", "faq"),
        ('"faq": []\n', "faq"),
        ("'faq' : # the entries\n", "faq"),
        ("procedures:\n  - slug: x\n", "procedures"),
        ("faq:x\n", "procedures"),  # a scalar, not the key faq
        ("faqs:\n", "procedures"),
        ("- faq: x\n", "procedures"),
    ],
)
def test_a_file_is_read_as_faq_only_when_its_first_key_is_faq(tmp_path, first_lines, kind):
    path = tmp_path / "file.yml"
    path.write_text(first_lines, "utf-8")
    assert import_kind(path) == kind


async def test_kb_import_refuses_an_invalid_faq_file_and_writes_nothing(any_database, tmp_path):
    good = PASSWORD.to_record()
    bad = {**PROXY.to_record(), "source_url": "không có"}
    path = faq_file(tmp_path, [good, bad])
    db = Database(any_database)
    try:
        with pytest.raises(CatalogueError) as caught:
            await import_file(db, path)
        assert caught.value.where == "faq[2]"
        assert "source_url: Nguồn phải là một địa chỉ web" in caught.value.problem
        async with db.session() as session:
            assert await FaqRepository(session).all() == []
    finally:
        await db.close()


def test_kb_import_on_the_command_line_reads_a_faq_file(cli, tmp_path):
    path = faq_file(tmp_path, [PASSWORD.to_record()])
    done = cli("kb", "import", str(path))
    assert done.returncode == 0, done.stderr
    assert "Imported 1 faq (1 new, 0 updated)" in done.stdout
    broken = faq_file(tmp_path, [{"question": "Q?"}])
    done = cli("kb", "import", str(broken))
    assert done.returncode != 0
    assert "Vui lòng nhập câu trả lời." in done.stderr


@pytest.mark.parametrize("message", ["ok em", "vâng ạ", "cảm ơn em", "dc r"])
async def test_a_short_ok_or_thanks_is_small_talk_not_an_faq_answer(faq_conversation, message):
    await faq_conversation.say(message)
    assert faq_id_of(faq_conversation) is None, faq_conversation.text
