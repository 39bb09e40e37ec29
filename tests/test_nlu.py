"""User stories for the embedded NLU: normalisation, training data, intents, entities, reports."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest

from nlu.config import NluSettings
from nlu.embedded import MODEL_FILE, EmbeddedClassifier, EmbeddedConfig, ModelError, is_stale
from nlu.evaluate import evaluate, evaluate_sync, write_report
from nlu.normalize import fold, normalize
from nlu.retrieval import ProcedureIndex, RetrievalEntry
from nlu.service import IntentBackend, Nlu, NluError
from nlu.training_data import Example, TrainingDataError, load_examples
from nlu.types import IntentScore
from tests.test_retrieval import small_index

REPO = Path(__file__).resolve().parents[1]

FIXED_INTENTS = {
    "greet",
    "goodbye",
    "thank",
    "affirm",
    "deny",
    "help",
    "request_human",
    "ask_procedure_requirements",
    "ask_procedure_fee",
    "ask_procedure_time",
    "ask_procedure_where",
    "ask_online_submission",
    "find_service_centre",
    "convert_old_address",
    "ask_opening_hours",
    "check_dossier_status",
    "out_of_scope",
    "ask_bot_identity",
    "ask_to_repeat",
}

# A small training set of our own, so these tests do not depend on nlu/data.
FIXTURE_NLU = """\
version: "3.1"
nlu:
- intent: greet
  examples: |
    - xin chào
    - chào bạn
    - chào bot
    - hello
    - alo bot ơi
    - chào buổi sáng
    - chào em nhé
    - hi bot
- intent: thank
  examples: |
    - cảm ơn
    - cảm ơn bạn nhiều
    - cám ơn nhé
    - thanks bot
    - cảm ơn đã giúp đỡ
    - rất cảm ơn
    - cảm ơn em
    - thank you
- intent: ask_procedure_fee
  examples: |
    - lệ phí [đăng ký khai sinh](procedure) bao nhiêu
    - làm [kết hôn](procedure:dang_ky_ket_hon) mất bao nhiêu tiền
    - phí [thường trú]{"entity": "procedure", "value": "dang_ky_thuong_tru"} là bao nhiêu
    - có mất phí không
    - lệ phí bao nhiêu
    - tốn bao nhiêu tiền
    - chi phí làm hồ sơ bao nhiêu
    - phải nộp phí không
    - mức lệ phí là bao nhiêu
- intent: ask_procedure_time
  examples: |
    - mấy ngày thì có kết quả
    - bao lâu thì xong
    - thời gian giải quyết bao lâu
    - làm [khai sinh](procedure) mất mấy ngày
    - bao giờ thì nhận được kết quả
    - chờ bao lâu
    - mất bao nhiêu ngày
    - thời hạn trả kết quả là khi nào
- intent: ask_procedure_requirements
  examples: |
    - cần giấy tờ gì
    - hồ sơ gồm những gì
    - cần chuẩn bị những giấy tờ nào
    - làm [khai sinh](procedure) cần gì
    - thủ tục cần mang theo gì
    - phải nộp những giấy tờ gì
    - thành phần hồ sơ gồm gì
    - cần mang căn cước công dân không
- intent: out_of_scope
  examples: |
    - thời tiết hôm nay thế nào
    - kể chuyện cười đi
    - giá vàng hôm nay
    - bạn có người yêu chưa
    - đội nào vô địch world cup
    - nấu phở thế nào
    - mua điện thoại nào tốt
    - hát một bài đi
- synonym: dang_ky_khai_sinh
  examples: |
    - khai sinh
- lookup: procedure
  examples: |
    - khai sinh
    - kết hôn
- regex: dossier_code
  examples: |
    - \\d{3}\\.\\d{2}
"""

HELD_OUT = [
    Example("chao ban", "greet"),
    Example("cam on nhieu", "thank"),
    Example("le phi bn", "ask_procedure_fee"),
    Example("mat may ngay", "ask_procedure_time"),
    Example("can giay to j", "ask_procedure_requirements"),
    Example("gia vang hom nay", "out_of_scope"),
]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("nlu-data")
    (directory / "nlu.yml").write_text(FIXTURE_NLU, encoding="utf-8")
    (directory / "domain.yml").write_text("version: '3.1'\nintents: [greet]\n", encoding="utf-8")
    return directory


@pytest.fixture(scope="module")
def examples(data_dir: Path) -> list[Example]:
    return load_examples(data_dir)


@pytest.fixture(scope="module")
def classifier(examples: list[Example]) -> EmbeddedClassifier:
    return EmbeddedClassifier.train(examples)


@pytest.fixture
def gazetteer() -> ProcedureIndex:
    return small_index()


@pytest.fixture
def settings(data_dir: Path, tmp_path: Path) -> NluSettings:
    return NluSettings(data_dir=data_dir, model_dir=tmp_path / "model", threshold=0.3)


# -- normalisation ------------------------------------------------------------------------


def test_citizen_typing_without_diacritics_matches_the_accented_form() -> None:
    assert fold("Đăng ký KẾT HÔN") == "dang ky ket hon"
    assert fold("đường Đồng Khởi") == "duong dong khoi"
    assert fold("dang ky ket hon") == fold("đăng ký kết hôn")


def test_decomposed_unicode_from_some_phones_is_treated_like_composed_text() -> None:
    composed = "thủ tục khai sinh"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert normalize(decomposed) == composed
    assert fold(decomposed) == "thu tuc khai sinh"


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("uỷ quyền cho con", "ủy quyền cho con"),
        ("hoà giải không thành", "hòa giải không thành"),
        ("xoá đăng ký xe", "xóa đăng ký xe"),
        ("khoẻ mạnh", "khỏe mạnh"),
        # the tone of "qu" + "y" and of "oa" before a consonant has one place only
        ("quý khách hoàn thành", "quý khách hoàn thành"),
    ],
)
def test_a_tone_mark_written_on_either_vowel_of_oa_oe_uy_is_read_alike(
    written: str, read: str
) -> None:
    assert normalize(written) == read


def test_chat_abbreviations_are_expanded_word_by_word_keeping_diacritics() -> None:
    assert normalize("đk hs ko dc") == "đăng ký hồ sơ không được"
    assert normalize("CCCD mất thì làm j, sđt bn?") == (
        "căn cước công dân mất thì làm gì, số điện thoại bao nhiêu?"
    )
    assert normalize("tthc ntn") == "thủ tục hành chính như thế nào"
    assert normalize("mik muốn làm gplx") == "mình muốn làm giấy phép lái xe"
    assert normalize("nhap khau cho vk") == "nhap khau cho vợ"
    assert normalize("sang ten xe oto") == "sang ten xe ô tô"
    assert normalize("xin gcn qsdd") == "xin giấy chứng nhận quyền sử dụng đất"
    assert normalize("gpxd can gi z") == "giấy phép xây dựng can gi vậy"
    assert normalize("lam blx, mst, hkd") == "lam bằng lái xe, mã số thuế, hộ kinh doanh"


def test_a_letter_typed_over_and_over_is_a_sound_not_an_abbreviation() -> None:
    # "z" is chat for "vậy" and "k" for "không", but "zzz" and "kkk" are sounds
    assert normalize("asdkj qwe zzz") == "asdkj qwe z"
    assert normalize("kkk") == "k"
    assert normalize("kooo") == "không"  # two letters left: still the abbreviation


def test_an_abbreviation_with_three_same_letters_is_read_before_its_punctuation() -> None:
    # "cccd," had its "ccc" squeezed as a letter typed over and over: "cd,"
    assert normalize("phải đổi cccd, quê ở hn") == "phải đổi căn cước công dân, quê ở hn"
    assert normalize("mat cccd. lam lai o dau") == "mat căn cước công dân. lam lai o dau"
    assert normalize("(cccd) het han") == "(căn cước công dân) het han"


def test_a_word_is_kept_as_typed_where_the_word_before_makes_it_a_name() -> None:
    # typed bare, "so hong" is the pink land certificate, not "sổ không"
    assert normalize("lam so hong") == "lam so hong"
    assert normalize("bìa hong bị mất") == "bìa hong bị mất"
    # elsewhere "hong" is still chat for "không"
    assert normalize("duoc hong") == "duoc không"
    assert normalize("hong biet lam so do") == "không biet lam so do"
    # a name's initial as a reader column writes it is no "phường", "không" or "rồi"
    assert normalize("Bà Nguyễn Thị P. (Hà Nội) hỏi") == "bà nguyễn thị p. (hà nội) hỏi"
    assert normalize("ông K. nhà bên, anh R. hỏi") == "ông k. nhà bên, anh r. hỏi"
    assert normalize("Ong J. (Ha Noi) hoi") == "ong j. (ha noi) hoi"
    assert normalize("ở p.5 q.3, đã nộp r.") == "ở phường 5 quận 3, đã nộp rồi."


def test_hk_after_a_word_of_residence_paperwork_is_the_household_book() -> None:
    # "hk" is chat for "không", but "tách hk", "nhập hk" are "hộ khẩu" (read_after)
    assert normalize("tach hk cho con") == "tach hộ khẩu cho con"
    assert normalize("nhập hk vào nhà vợ được hk") == "nhập hộ khẩu vào nhà vợ được không"
    assert normalize("cắt hk, chuyển hk") == "cắt hộ khẩu, chuyển hộ khẩu"
    assert normalize("hk biết làm sao") == "không biết làm sao"


def test_hoi_typed_bare_after_xin_or_cho_asks() -> None:
    # folded, "hoi" is also the "hồi" of "thu hồi": "xin hoi", "cho hoi" ask (read_after)
    assert normalize("xin hoi dang ky xe online") == "xin hỏi dang ky xe online"
    assert normalize("cho hoi thu hoi bien so") == "cho hỏi thu hoi bien so"
    assert normalize("hoi dong") == "hoi dong"


def test_old_address_abbreviations_for_wards_and_districts_are_expanded() -> None:
    assert normalize("P.Bến Nghé Q.1 TP.HCM") == "phường bến nghé quận 1 thành phố hồ chí minh"
    assert normalize("p12 q3") == "phường 12 quận 3"
    assert normalize("tx sơn tây") == "thị xã sơn tây"


def test_words_that_only_look_like_abbreviations_are_left_alone() -> None:
    assert normalize("hoa hồng") == "hoa hồng"
    assert normalize("khong") == "khong"
    assert normalize("cần k") == "cần không"


def test_emoji_only_message_normalises_to_empty_text() -> None:
    assert normalize("😀🎉👍🏽❤️") == ""
    assert fold("🙏🙏🙏") == ""
    assert normalize("cảm ơn 🙏 nhiều") == "cảm ơn nhiều"


def test_control_and_zero_width_characters_are_dropped() -> None:
    assert normalize("kh\u200bông\u200d") == "không"
    assert normalize("\x00xin\x07 chào\r\n\tbạn\ufeff") == "xin chào bạn"
    assert normalize("\ud800lỗi") == "lỗi"


@pytest.mark.parametrize(
    "hostile",
    [
        "",
        " \n\t ",
        "x" * 10_000,
        "đăng ký khai sinh " * 600,
        "<script>alert('x')</script>",
        "'; DROP TABLE users; --",
        "\x00\x01\x02\x1b[31m",
        "\U0001f600" * 500,
        "\ud83d",
    ],
)
def test_normalisation_never_fails_on_hostile_or_huge_input(hostile: str) -> None:
    normalized = normalize(hostile)
    folded = fold(hostile)
    assert isinstance(normalized, str) and isinstance(folded, str)
    assert "  " not in normalized
    assert normalized == normalized.strip()
    assert folded.isascii() or not hostile.isascii()


def test_a_ten_thousand_character_message_keeps_its_words() -> None:
    text = "đăng ký khai sinh " * 600
    assert len(text) > 10_000
    assert fold(text).split() == ["dang", "ky", "khai", "sinh"] * 600


# -- training data ------------------------------------------------------------------------


def test_training_data_loads_intents_and_strips_entity_markup(examples: list[Example]) -> None:
    texts = {e.text: e.intent for e in examples}
    assert texts["lệ phí đăng ký khai sinh bao nhiêu"] == "ask_procedure_fee"
    assert texts["làm kết hôn mất bao nhiêu tiền"] == "ask_procedure_fee"
    assert texts["phí thường trú là bao nhiêu"] == "ask_procedure_fee"
    assert not any("[" in t or "](" in t or "{" in t for t in texts)
    assert {e.intent for e in examples} == {
        "greet",
        "thank",
        "ask_procedure_fee",
        "ask_procedure_time",
        "ask_procedure_requirements",
        "out_of_scope",
    }


def test_synonym_lookup_and_regex_blocks_are_not_examples(examples: list[Example]) -> None:
    assert all(e.intent != "dang_ky_khai_sinh" for e in examples)
    assert "kết hôn" not in {e.text for e in examples}


def test_retrieval_intents_keep_the_base_intent_and_response_key(tmp_path: Path) -> None:
    path = tmp_path / "faq.yml"
    path.write_text(
        "nlu:\n- intent: faq/gio_lam_viec\n  examples:\n    - text: mấy giờ mở cửa\n",
        encoding="utf-8",
    )
    assert load_examples(path) == [Example("mấy giờ mở cửa", "faq", "gio_lam_viec")]


@pytest.mark.parametrize(
    "content",
    [
        "nlu: [unclosed",
        "- just a list",
        "nlu:\n- intent: greet\n  examples: 42\n",
        "nlu:\n- examples: |\n    - hi\n",
        "nlu: {greet: hi}\n",
        "nlu:\n- intent: faq/gio/lam_viec\n  examples: |\n    - hi\n",
        "nlu:\n- intent: faq/\n  examples: |\n    - hi\n",
        "nlu:\n- intent: /gio_lam_viec\n  examples: |\n    - hi\n",
    ],
)
def test_malformed_training_file_gives_a_clear_error_naming_the_file(
    tmp_path: Path, content: str
) -> None:
    path = tmp_path / "broken.yml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TrainingDataError) as info:
        load_examples(tmp_path)
    assert info.value.path == path
    assert "broken.yml" in str(info.value)


def test_missing_training_data_path_is_reported(tmp_path: Path) -> None:
    with pytest.raises(TrainingDataError):
        load_examples(tmp_path / "nope")


def test_shipped_training_data_covers_the_fixed_intents() -> None:
    data = REPO / "nlu" / "data"
    if not any(data.glob("*.yml")):
        pytest.skip("nlu/data has no training files yet")
    intents = {e.intent for e in load_examples(data)}
    assert FIXED_INTENTS <= intents


# -- intent classification ----------------------------------------------------------------


def test_abbreviated_question_without_diacritics_is_understood(
    classifier: EmbeddedClassifier,
) -> None:
    assert classifier.rank("le phi bn")[0].name == "ask_procedure_fee"
    assert classifier.rank("can giay to j")[0].name == "ask_procedure_requirements"
    assert classifier.rank("mat may ngay thi xong")[0].name == "ask_procedure_time"


def test_ranking_lists_every_intent_best_first_with_probabilities(
    classifier: EmbeddedClassifier,
) -> None:
    ranking = classifier.rank("cảm ơn bạn")
    assert ranking[0].name == "thank"
    assert {s.name for s in ranking} == set(classifier.intents)
    confidences = [s.confidence for s in ranking]
    assert confidences == sorted(confidences, reverse=True)
    assert sum(confidences) == pytest.approx(1.0, abs=1e-6)
    assert all(0.0 <= c <= 1.0 for c in confidences)


@pytest.mark.parametrize("config", [EmbeddedConfig(), EmbeddedConfig(classifier="logreg")])
def test_training_twice_gives_the_same_model(
    examples: list[Example], config: EmbeddedConfig
) -> None:
    first = EmbeddedClassifier.train(examples, config).rank("lệ phí bao nhiêu")
    second = EmbeddedClassifier.train(examples, config).rank("lệ phí bao nhiêu")
    assert first == second


def test_training_needs_at_least_two_intents() -> None:
    with pytest.raises(ValueError):
        EmbeddedClassifier.train([Example("xin chào", "greet"), Example("chào", "greet")])


def test_saved_model_answers_like_the_trained_one(
    classifier: EmbeddedClassifier, tmp_path: Path
) -> None:
    classifier.save(tmp_path / "m")
    loaded = EmbeddedClassifier.load(tmp_path / "m")
    meta = json.loads((tmp_path / "m" / "metadata.json").read_text("utf-8"))
    assert meta["sklearn_version"] and len(meta["fingerprint"]) == 64
    assert loaded.rank("mấy ngày có kết quả") == classifier.rank("mấy ngày có kết quả")


def test_model_becomes_stale_when_training_data_changes(
    classifier: EmbeddedClassifier, data_dir: Path, tmp_path: Path
) -> None:
    model_dir = tmp_path / "m"
    assert is_stale(model_dir, data_dir)
    classifier.save(model_dir)
    assert not is_stale(model_dir, data_dir)
    changed = tmp_path / "changed"
    changed.mkdir()
    (changed / "nlu.yml").write_text(
        FIXTURE_NLU.replace("- hi bot\n", "- hi bot\n    - chào cả nhà\n"), encoding="utf-8"
    )
    assert is_stale(model_dir, changed)
    assert is_stale(model_dir, data_dir, EmbeddedConfig(classifier="logreg"))


def test_model_from_another_scikit_learn_version_is_stale_and_refused(
    classifier: EmbeddedClassifier, data_dir: Path, tmp_path: Path
) -> None:
    classifier.save(tmp_path)
    meta_path = tmp_path / "metadata.json"
    meta = json.loads(meta_path.read_text("utf-8"))
    meta["sklearn_version"] = "0.0.1"
    meta_path.write_text(json.dumps(meta), "utf-8")
    assert is_stale(tmp_path, data_dir)
    with pytest.raises(ModelError):
        EmbeddedClassifier.load(tmp_path)


# -- the service -------------------------------------------------------------------------


async def test_service_trains_on_first_start_and_reuses_the_saved_model(
    settings: NluSettings, gazetteer: ProcedureIndex
) -> None:
    nlu = Nlu(settings, gazetteer)
    nlu.ensure_model()
    assert (settings.model_dir / MODEL_FILE).is_file()
    mtime = (settings.model_dir / MODEL_FILE).stat().st_mtime_ns
    again = Nlu(settings, gazetteer)
    again.ensure_model()
    assert (settings.model_dir / MODEL_FILE).stat().st_mtime_ns == mtime
    parse = await again.parse("cam on ban nhieu")
    assert parse.intent == "thank" and not parse.fallback
    assert parse.backend == "embedded"


def test_service_train_reports_what_it_learned(settings: NluSettings) -> None:
    report = Nlu(settings).train()
    assert report.n_examples == 49
    assert report.n_intents == 6
    assert report.seconds >= 0


async def test_procedure_question_gets_intent_and_resolved_procedure(
    settings: NluSettings, gazetteer: ProcedureIndex
) -> None:
    nlu = Nlu(settings, gazetteer)
    nlu.ensure_model()
    parse = await nlu.parse("lam giay khai sinh can gi")
    assert parse.intent == "ask_procedure_requirements"
    assert parse.entity("procedure") is not None
    assert parse.entity("procedure").value == "dang_ky_khai_sinh"
    assert [c.value for c in parse.candidates] == ["dang_ky_khai_sinh"]
    assert parse.normalized == "lam giay khai sinh can gi"


async def test_vague_procedure_is_not_guessed(
    settings: NluSettings, gazetteer: ProcedureIndex
) -> None:
    nlu = Nlu(settings, gazetteer)
    nlu.ensure_model()
    parse = await nlu.parse("dang ky thi can giay to gi")
    assert parse.entities == ()
    assert all(c.score < 0.6 for c in parse.candidates)


async def test_empty_or_emoji_message_falls_back_with_zero_confidence(
    settings: NluSettings,
) -> None:
    nlu = Nlu(settings)
    for text in ("", "   ", "\n", "👍👍"):
        parse = await nlu.parse(text)
        assert parse.intent == "out_of_scope"
        assert parse.fallback is True
        assert parse.confidence == 0.0


async def test_unsure_guess_falls_back_but_keeps_the_raw_ranking(settings: NluSettings) -> None:
    strict = Nlu(replace(settings, threshold=0.99))
    strict.ensure_model()
    parse = await strict.parse("lệ phí bao nhiêu")
    assert parse.intent == "out_of_scope"
    assert parse.fallback is True
    assert parse.ranking[0].name == "ask_procedure_fee"
    assert parse.confidence == parse.ranking[0].confidence < 0.99
    relaxed = Nlu(replace(settings, threshold=0.0))
    relaxed.ensure_model()
    parse = await relaxed.parse("lệ phí bao nhiêu")
    assert parse.intent == "ask_procedure_fee" and not parse.fallback


class _BrokenBackend:
    name = "broken"

    async def rank(self, text: str) -> list[IntentScore]:
        raise ConnectionError("rasa is down")


class _FixedBackend:
    name = "fixed"

    async def rank(self, text: str) -> list[IntentScore]:
        return [IntentScore("greet", 0.9), IntentScore("thank", 0.1)]


async def test_another_intent_backend_can_be_plugged_in(settings: NluSettings) -> None:
    backend = _FixedBackend()
    assert isinstance(backend, IntentBackend)
    parse = await Nlu(replace(settings, backend="rasa"), backend=backend).parse("alo")
    assert (parse.intent, parse.backend, parse.fallback) == ("greet", "fixed", False)


async def test_backend_outage_becomes_a_fallback_not_an_exception(
    settings: NluSettings, gazetteer: ProcedureIndex
) -> None:
    nlu = Nlu(settings, gazetteer, backend=_BrokenBackend())
    parse = await nlu.parse("phí kết hôn bao nhiêu")
    assert parse.intent == "out_of_scope" and parse.fallback
    assert parse.entity("procedure").value == "dang_ky_ket_hon"


def test_unknown_backend_without_implementation_is_refused(settings: NluSettings) -> None:
    with pytest.raises(NluError):
        Nlu(replace(settings, backend="rasa"))


def test_missing_training_data_and_model_is_a_clear_error(tmp_path: Path) -> None:
    nlu = Nlu(NluSettings(data_dir=tmp_path / "none", model_dir=tmp_path / "model"))
    with pytest.raises(NluError):
        nlu.ensure_model()


async def test_broken_training_data_keeps_the_last_good_model(
    settings: NluSettings, tmp_path: Path
) -> None:
    Nlu(settings).train()
    broken = tmp_path / "broken-data"
    broken.mkdir()
    (broken / "nlu.yml").write_text("nlu: [oops", encoding="utf-8")
    nlu = Nlu(replace(settings, data_dir=broken))
    nlu.ensure_model()
    assert (await nlu.parse("cảm ơn nhiều")).intent == "thank"


async def test_staff_can_swap_the_gazetteer_without_retraining(settings: NluSettings) -> None:
    nlu = Nlu(settings)
    nlu.ensure_model()
    assert (await nlu.parse("lệ phí khai tử")).entities == ()
    nlu.set_gazetteer(
        ProcedureIndex([RetrievalEntry("dang_ky_khai_tu", ("Đăng ký khai tử", "khai tử"))])
    )
    assert (await nlu.parse("lệ phí khai tử")).entity("procedure").value == "dang_ky_khai_tu"


# -- evaluation --------------------------------------------------------------------------


def test_evaluation_writes_report_errors_and_confusion_matrix(
    settings: NluSettings, tmp_path: Path
) -> None:
    nlu = Nlu(settings)
    nlu.ensure_model()
    result = evaluate_sync(nlu, HELD_OUT + [Example("thời tiết thế nào", "greet")])
    for key in ("accuracy", "macro_f1"):
        assert 0.0 <= result.summary[key] <= 1.0
    assert result.summary["n"] == 7
    assert result.summary["backend"] == "embedded"
    assert result.summary["accuracy"] < 1.0  # the mislabelled example is an error
    summary = write_report(result, tmp_path / "report")
    report = json.loads((tmp_path / "report" / "report.json").read_text("utf-8"))
    errors = json.loads((tmp_path / "report" / "errors.json").read_text("utf-8"))
    png = (tmp_path / "report" / "confusion_matrix.png").read_bytes()
    assert summary["accuracy"] == result.summary["accuracy"]
    assert set(summary["files"]) == {"report", "errors", "confusion_matrix"}
    assert json.loads(json.dumps(summary)) == summary
    assert report["accuracy"] == result.summary["accuracy"]
    assert set(report["per_intent"]["greet"]) == {"precision", "recall", "f1", "support"}
    assert any(e["text"] == "thời tiết thế nào" and e["intent"] == "greet" for e in errors)
    assert png.startswith(b"\x89PNG")


async def test_evaluation_counts_a_fallback_as_out_of_scope(settings: NluSettings) -> None:
    nlu = Nlu(replace(settings, threshold=0.999))
    nlu.ensure_model()
    labelled = [Example("cảm ơn", "thank"), Example("giá vàng", "out_of_scope")]
    result = await evaluate(nlu, labelled)
    assert [p.predicted for p in result.predictions] == ["out_of_scope", "out_of_scope"]
    assert result.summary["accuracy"] == 0.5
    assert result.summary["fallback_rate"] == 1.0
    assert result.per_intent["thank"]["recall"] == 0.0


async def test_retraining_keeps_a_plugged_in_backend(settings: NluSettings) -> None:
    nlu = Nlu(replace(settings, backend="rasa"), backend=_FixedBackend())
    nlu.train()
    assert (settings.model_dir / MODEL_FILE).is_file()
    assert (await nlu.parse("cảm ơn")).backend == "fixed"
