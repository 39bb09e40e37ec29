"""Staff see how the bot is used and how well it answers: /admin/analytics.

The figures are counted from turn events, feedback and inbox items seeded with fixed
moments, on both databases (``any_database``: SQLite, then PostgreSQL); days are
calendar days in Vietnam (UTC+7), whatever the UTC date of the moment. The page and
its CSV exports are read by a signed-in viewer over real HTTP, "today" fixed by the
admin's clock (15/06/2025 in Vietnam).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, replace

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.admin.analytics_tables import Column, Table, csv_cell
from bot.admin.charts import horizontal_bars
from knowledge.insights.analytics import Scope, choices, report
from knowledge.storage import models
from knowledge.storage.db import Database

VN = dt.timezone(dt.timedelta(hours=7))
BOM = b"\xef\xbb\xbf"


def vn(month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A moment of 2025 in Vietnam's time, as the UTC moment the bot stores."""
    return dt.datetime(2025, month, day, hour, minute, tzinfo=VN).astimezone(dt.UTC)


@dataclass(frozen=True)
class Turn:
    at: dt.datetime
    channel: str
    user: str
    intent: str | None
    outcome: str
    code: str | None = None
    faq: int | None = None
    province: str | None = None
    unit: str | None = None


async def seed(db: Database, turns=(), feedback=(), inbox=(), procedures=(), faqs=()) -> None:
    """Rows as the turn's unit of work writes them: moments in UTC, people as hashes."""
    async with db.session() as session:
        for code, name in procedures:
            session.add(
                models.Procedure(
                    slug=f"p-{code}", code=code, name=name, source_kind="test", record="{}"
                )
            )
        for faq_id, question in faqs:
            session.add(
                models.FaqEntry(
                    id=faq_id,
                    question=question,
                    variants=[],
                    answer="...",
                    source_url="https://example.gov.vn/faq",
                    verified_on=dt.date(2025, 6, 1),
                    status="published",
                    updated_at=vn(6, 1, 8),
                )
            )
        for t in turns:
            session.add(
                models.TurnEvent(
                    at=t.at,
                    channel=t.channel,
                    user_hash=f"h-{t.user}",
                    intent=t.intent,
                    outcome=t.outcome,
                    procedure_code=t.code,
                    faq_id=t.faq,
                    province_key=t.province,
                    unit_key=t.unit,
                )
            )
        for at, channel, user, helpful, reason, kind, code, faq in feedback:
            session.add(
                models.Feedback(
                    created_at=at,
                    channel=channel,
                    user_hash=f"h-{user}",
                    helpful=helpful,
                    reason=reason,
                    answer_kind=kind,
                    procedure_code=code,
                    faq_id=faq,
                )
            )
        for at, channel, user, reason, province, unit in inbox:
            session.add(
                models.InboxItem(
                    created_at=at,
                    channel=channel,
                    user_hash=f"h-{user}",
                    reason=reason,
                    text="[đã ẩn]",
                    province_key=province,
                    unit_key=unit,
                    status="open",
                )
            )


# ---- the figures, on both databases ---------------------------------------------------------

KHAI_SINH = "1.001193"
FAQ_HOURS = 7
BA_DINH = ("ha_noi", "ba_dinh")

JULY_TURNS = [
    # 01/07 in Vietnam; the first is still 30/06 in UTC
    Turn(
        vn(7, 1, 0, 30),
        "telegram",
        "an",
        "ask_procedure_fee",
        "answered",
        KHAI_SINH,
        None,
        *BA_DINH,
    ),
    Turn(vn(7, 1, 9), "telegram", "an", "ask_procedure_fee", "answered", KHAI_SINH, None, *BA_DINH),
    Turn(vn(7, 1, 9, 1), "telegram", "an", None, "feedback", KHAI_SINH, None, *BA_DINH),  # 👍
    Turn(vn(7, 1, 10), "telegram", "an", None, "fallback", None, None, *BA_DINH),
    Turn(
        vn(7, 1, 11),
        "web",
        "binh",
        "ask_procedure_requirements",
        "not_in_catalogue",
        None,
        None,
        "ha_noi",
        "hoan_kiem",
    ),
    # nothing on 02/07; 03/07 until its last minute
    Turn(vn(7, 3, 8), "telegram", "an", "request_human", "handoff", None, None, *BA_DINH),
    Turn(
        vn(7, 3, 23, 59),
        "web",
        "chi",
        "ask_opening_hours",
        "faq",
        None,
        FAQ_HOURS,
        "ho_chi_minh",
        "tan_dinh",
    ),
    # outside 01/07–03/07 in Vietnam (though 30/06 17:00 UTC and 03/07 17:00 UTC)
    Turn(vn(6, 30, 23, 59), "telegram", "dung", "greet", "answered"),
    Turn(vn(7, 4, 0, 0), "telegram", "dung", "greet", "answered"),
]
JULY_FEEDBACK = [
    (vn(7, 1, 9, 1), "telegram", "an", True, None, "procedure", KHAI_SINH, None),
    (vn(7, 1, 11, 1), "web", "binh", False, "wrong_info", "procedure", KHAI_SINH, None),
    (vn(7, 3, 23, 59), "web", "chi", True, None, "faq", None, FAQ_HOURS),
    (vn(7, 3, 9), "telegram", "an", True, None, "faq", None, FAQ_HOURS),
    (vn(7, 4, 9), "web", "dung", False, "unclear", "procedure", KHAI_SINH, None),  # outside
]
JULY_INBOX = [
    (vn(7, 1, 10), "telegram", "an", "fallback", *BA_DINH),
    (vn(7, 1, 11), "web", "binh", "not_in_catalogue", "ha_noi", "hoan_kiem"),
    (vn(7, 3, 8), "telegram", "an", "human", *BA_DINH),
]


@pytest.fixture
async def july(any_database):
    db = Database(any_database)
    await seed(
        db,
        JULY_TURNS,
        JULY_FEEDBACK,
        JULY_INBOX,
        procedures=[(KHAI_SINH, "Đăng ký khai sinh")],
        faqs=[(FAQ_HOURS, "Trung tâm làm việc mấy giờ?")],
    )
    try:
        yield db
    finally:
        await db.close()


async def figures(db: Database, scope: Scope):
    async with db.session() as session:
        return await report(session, scope)


async def test_questions_counted_by_vietnamese_day(july):
    found = await figures(july, Scope(dt.date(2025, 7, 1), dt.date(2025, 7, 3)))

    # the 👍 pressed on 01/07 is counted with the feedback, not as a question
    assert [(d.day.day, d.conversations, d.turns) for d in found.days] == [
        (1, 2, 4),
        (2, 0, 0),
        (3, 2, 2),
    ]
    assert [(d.fallback, d.not_in_catalogue, d.handoff) for d in found.days] == [
        (1, 1, 0),
        (0, 0, 0),
        (0, 0, 1),
    ]
    totals = found.totals
    assert (totals.turns, totals.conversations, totals.people) == (6, 4, 3)
    assert totals.fallback_rate == totals.not_in_catalogue_rate == totals.handoff_rate == 1 / 6

    assert [(c.key, c.count) for c in found.intents][:1] == [("ask_procedure_fee", 2)]
    assert {c.key for c in found.intents} == {
        "ask_procedure_fee",
        "ask_procedure_requirements",
        "request_human",
        "ask_opening_hours",
    }
    assert {c.key: c.count for c in found.outcomes} == {
        "answered": 2,
        "fallback": 1,
        "not_in_catalogue": 1,
        "handoff": 1,
        "faq": 1,
    }
    assert [(c.key, c.label, c.count) for c in found.procedures] == [
        (KHAI_SINH, "Đăng ký khai sinh", 2)
    ]
    assert [(c.key, c.label, c.count) for c in found.faqs] == [
        (str(FAQ_HOURS), "Trung tâm làm việc mấy giờ?", 1)
    ]


async def test_satisfaction_is_the_share_of_thumbs_up_and_the_inbox_counts_by_reason(july):
    found = await figures(july, Scope(dt.date(2025, 7, 1), dt.date(2025, 7, 3)))

    sat = found.satisfaction
    assert (sat.helpful, sat.unhelpful, sat.share) == (3, 1, 0.75)
    assert [(r.key, r.count) for r in sat.reasons] == [("wrong_info", 1)]
    assert [(a.answer_kind, a.key, a.label, a.helpful, a.unhelpful) for a in sat.answers] == [
        ("procedure", KHAI_SINH, "Đăng ký khai sinh", 1, 1),
        ("faq", str(FAQ_HOURS), "Trung tâm làm việc mấy giờ?", 2, 0),
    ]
    assert {c.key: c.count for c in found.inbox} == {
        "fallback": 1,
        "not_in_catalogue": 1,
        "human": 1,
    }


async def test_figures_for_one_channel_or_one_unit(july):
    july_1_to_3 = Scope(dt.date(2025, 7, 1), dt.date(2025, 7, 3))

    web = await figures(july, replace(july_1_to_3, channel="web"))
    assert (web.totals.turns, web.totals.people) == (2, 2)
    assert web.satisfaction.share == 0.5
    assert {c.key for c in web.inbox} == {"not_in_catalogue"}

    ba_dinh = await figures(july, replace(july_1_to_3, province_key="ha_noi", unit_key="ba_dinh"))
    assert (ba_dinh.totals.turns, ba_dinh.totals.people, ba_dinh.totals.handoff) == (4, 1, 1)
    assert ba_dinh.procedures[0].count == 2
    # feedback carries no unit: it is counted for the channel and the days only, and said so
    assert ba_dinh.satisfaction.share == 0.75 and not ba_dinh.satisfaction.unit_filtered

    async with july.session() as session:
        seen = await choices(session, dt.date(2025, 7, 1), dt.date(2025, 7, 3))
    assert seen.channels == ("telegram", "web")
    assert seen.provinces == ("ha_noi", "ho_chi_minh")
    assert ("ha_noi", "ba_dinh") in seen.units and ("ho_chi_minh", "tan_dinh") in seen.units


async def test_a_range_without_turns_has_every_day_at_zero_and_no_rates(july):
    found = await figures(july, Scope(dt.date(2025, 8, 1), dt.date(2025, 8, 5)))

    assert [d.turns for d in found.days] == [0] * 5
    assert found.totals.fallback_rate is None
    assert found.satisfaction.share is None
    assert found.intents == found.procedures == found.faqs == ()


def test_a_range_must_run_forwards_and_stay_under_a_year():
    with pytest.raises(ValueError):
        Scope(dt.date(2025, 7, 3), dt.date(2025, 7, 1))
    with pytest.raises(ValueError):
        Scope(dt.date(2024, 1, 1), dt.date(2025, 7, 1))


# ---- charts and CSV, without a server -------------------------------------------------------


def test_a_chart_keeps_a_label_staff_typed_as_text():
    svg = horizontal_bars(['<script>alert("x")</script> phí $5 và $6?', "Giờ làm việc"], [3, 1])

    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "<script" not in svg
    assert "&lt;script&gt;alert(" in svg
    assert "phí $5 và $6?" in svg  # not read as math notation
    # the admin's CSP (style-src 'self') ignores inline styles: colours are attributes
    assert 'style="' not in svg and "<style" not in svg
    assert 'fill="#2b6cb0"' in svg


def test_a_csv_cell_that_would_be_a_formula_is_made_text():
    assert [csv_cell(v) for v in ("=1+1", "+84 912", "-3", "@SUM(A1)", "Giờ làm việc", "12")] == [
        "'=1+1",
        "'+84 912",
        "'-3",
        "'@SUM(A1)",
        "Giờ làm việc",
        "12",
    ]
    table = Table(
        "faqs",
        (Column("question"), Column("count", "int"), Column("share", "share")),
        (('=HYPERLINK("http://evil")', 3, 0.5),),
    )
    body = table.csv_bytes()
    assert body.startswith(BOM)
    assert body[3:].decode("utf-8").splitlines() == [
        "Câu hỏi,Số lượt",
        '"\'=HYPERLINK(""http://evil"")",3',
    ]


# ---- the page, for a signed-in viewer ------------------------------------------------------

TODAY_TURNS = [  # the admin's clock: 15/06/2025 22:06 in Vietnam
    Turn(
        vn(6, 13, 9), "telegram", "an", "ask_procedure_fee", "answered", KHAI_SINH, None, *BA_DINH
    ),
    Turn(vn(6, 14, 10), "web", "binh", None, "fallback", None, None, *BA_DINH),
    Turn(vn(6, 15, 8), "web", "chi", "ask_opening_hours", "faq", None, 901, *BA_DINH),
    Turn(vn(6, 16, 0, 30), "web", "chi", "greet", "answered"),  # tomorrow in Vietnam
]
HOSTILE_QUESTION = '=cmd|"/c calc" <script>alert("faq")</script>'


@pytest.fixture
def reports_dir(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    return folder


@pytest.fixture
async def admin_web(services, admin_clock, cheap_passwords, reports_dir):
    """The web app as conftest's, reading NLU reports from this test's folder."""
    from bot.admin import ADMIN_ROUTES
    from bot.admin.analytics_pages import REPORTS_DIR, ROUTES
    from bot.admin.guard import ADMIN, guarded
    from bot.web import create_app

    app = create_app(services, clock=admin_clock)
    app[ADMIN] = replace(app[ADMIN], passwords=cheap_passwords)
    app[REPORTS_DIR] = reports_dir
    if not any(r.path == ROUTES[0].path for r in app[ADMIN_ROUTES]):  # until PAGE_MODULES has it
        for route in ROUTES:
            app.router.add_route(route.method, route.path, guarded(route))
    client = TestClient(TestServer(app))
    await client.start_server()
    yield client
    await client.close()


@pytest.fixture
async def viewer(services, signed_in):
    await seed(
        services.db,
        TODAY_TURNS,
        faqs=[(901, HOSTILE_QUESTION)],
        feedback=[
            (vn(6, 15, 8, 1), "web", "chi", True, None, "faq", None, 901),
            (vn(6, 14, 10, 1), "web", "binh", False, "unclear", "procedure", KHAI_SINH, None),
        ],
    )
    return await signed_in("xem", "viewer")


async def test_a_viewer_sees_the_last_30_days_as_charts_and_tables(viewer):
    page = await viewer.get("/admin/analytics")

    assert page.status == 200, page.text
    assert "Từ 17/05/2025 đến 15/06/2025 (30 ngày)" in page.text
    assert page.text.count("<svg") >= 3
    assert 'id="chart-daily"' in page.text and 'id="chart-faqs"' in page.text
    assert "15/06" in page.text  # the daily chart's last tick
    assert re.search(r"Lượt hỏi</span>\s*<strong class=\"stat\">3</strong>", page.text)
    assert "50,0%" in page.text  # satisfaction: one 👍 of two
    assert "Đăng ký khai sinh" in page.text  # a procedure by its catalogue name
    # the FAQ question staff typed is text, in the table and in the chart
    assert "<script>alert" not in page.text
    assert page.text.count("&lt;script&gt;alert(") >= 2
    assert 'style="' not in page.text  # nothing the admin's CSP would drop


async def test_a_chosen_range_and_channel(viewer):
    page = await viewer.get("/admin/analytics?from=2025-06-14&to=2025-06-16&channel=web")

    assert "Từ 14/06/2025 đến 16/06/2025 (3 ngày)" in page.text
    assert re.search(r"Lượt hỏi</span>\s*<strong class=\"stat\">3</strong>", page.text)
    assert '<option value="web" selected>' in page.text

    wrong = await viewer.get("/admin/analytics?from=2025-06-20&to=2025-06-01")
    assert wrong.status == 200
    assert "Ngày bắt đầu sau ngày kết thúc" in wrong.text
    assert "Từ 17/05/2025 đến 15/06/2025" in wrong.text


async def test_each_table_downloads_as_csv_for_excel(viewer):
    page = await viewer.get("/admin/analytics")
    link = re.search(r'href="(/admin/analytics/export\.csv\?[^"]*table=faqs[^"]*)"', page.text)
    assert link, "the FAQ table has its CSV link"

    export = await viewer.http.get(viewer.server.make_url(link.group(1).replace("&amp;", "&")))
    body = await export.read()
    assert export.status == 200
    assert export.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in export.headers["Content-Disposition"]
    assert body.startswith(BOM)
    rows = body[3:].decode("utf-8").splitlines()
    assert rows[0] == "Mã câu hỏi,Câu hỏi,Số lượt"
    assert rows[1] == '901,"\'=cmd|""/c calc"" <script>alert(""faq"")</script>",1'

    days = await viewer.get("/admin/analytics/export.csv?table=days&from=2025-06-13&to=2025-06-15")
    assert days.text.lstrip("\ufeff").splitlines()[1:] == [
        "2025-06-13,1,1,0,0,0",
        "2025-06-14,1,1,1,0,0",
        "2025-06-15,1,1,0,0,0",
    ]
    unknown = await viewer.get("/admin/analytics/export.csv?table=staff_accounts")
    assert unknown.status == 400


async def test_anonymous_visitors_are_sent_to_sign_in(admin_browser):
    anonymous = admin_browser()
    for path in ("/admin/analytics", "/admin/analytics/export.csv?table=days"):
        page = await anonymous.get(path)
        assert page.status == 302
        assert page.location.startswith("/admin/login")


async def test_without_an_nlu_report_the_page_says_how_to_make_one(viewer):
    page = await viewer.get("/admin/analytics")

    assert "Chưa có báo cáo đánh giá NLU" in page.text
    assert "citizenbot nlu test nlu/eval/heldout.yml --out reports/nlu" in page.text


async def test_the_last_nlu_evaluation_with_f1_confusion_and_retrieval(viewer, reports_dir):
    real = reports_dir / "real"
    real.mkdir()
    (real / "report.json").write_text(
        json.dumps(
            {
                "accuracy": 0.674,
                "macro_f1": 0.457,
                "weighted_f1": 0.685,
                "n": 331,
                "n_errors": 108,
                "fallback_rate": 0.115,
                "backend": "embedded",
                "threshold": 0.45,
                "data_file": "nlu/eval/real_questions.yml",
                "written_at": "2025-06-15T10:00:00+00:00",
                "procedure_n": 331,
                "procedure_n_in_catalogue": 258,
                "procedure_top1": 0.663,
                "procedure_top3": 0.822,
                "not_in_catalogue_rate": 0.091,
                "not_in_catalogue_rate_when_known": 0.019,
                "not_in_catalogue_rate_when_unknown": 0.34,
                "per_intent": {
                    "ask_procedure_fee": {
                        "precision": 0.9,
                        "recall": 0.8,
                        "f1": 0.847,
                        "support": 40,
                    },
                    "out_of_scope": {"precision": 0.5, "recall": 0.25, "f1": 0.333, "support": 8},
                },
                "labels": ["ask_procedure_fee", "out_of_scope"],
                "confusion_matrix": [[32, 8], [6, 2]],
            }
        ),
        encoding="utf-8",
    )
    (real / "dialogue.json").write_text(
        json.dumps([{"outcome": "answered_right"}] * 3 + [{"outcome": "answered_wrong"}]),
        encoding="utf-8",
    )

    page = await viewer.get("/admin/analytics")
    nlu = page.text[page.text.index('id="nlu"') :]

    assert "Chưa có báo cáo" not in nlu
    assert "nlu/eval/real_questions.yml" in nlu and "15/06/2025 17:00" in nlu
    assert "0,457" in nlu  # macro-F1
    assert "0,333" in nlu and "Ngoài phạm vi" in nlu  # the weakest intent's F1, named
    assert "0,822" in nlu and "Top-3" in nlu  # procedure retrieval
    assert "75,0% (3/4)" in nlu  # answered right through the whole dialogue
    matrix = nlu[nlu.index("Ma trận nhầm lẫn") :]
    assert "<svg" in matrix and ">32</text>" in matrix
