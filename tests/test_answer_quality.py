"""Answers read as a citizen meets them: the exploratory tester's findings, each kept fixed.

Each story is a table of what the citizen says (or the button pressed, as "[label]")
and what the answer then shows — and must not show.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from flows.document_checklist import paper_line
from flows.record_text import document_name, step_lines
from flows.templates import default_templates
from knowledge.procedures.records import ChannelInfo, DocumentInfo
from tests.records import national_record, procedure_answers

# --- a paper's name without the name of a file the crawl glued to it ---

# (user says, the answer shows, and never shows)
ATTACHMENT_STORIES = [
    (
        "xóa đăng ký thường trú cần gì",
        "2. Tờ khai thay đổi thông tin cư trú (Mẫu CT01 ban hành kèm theo Thông tư số "
        "53/2025/TT-BCA): 1 bản chính",
        "MuCT01banhnhkmtheo",
    ),
]


@pytest.mark.parametrize(("says", "shows", "never"), ATTACHMENT_STORIES)
async def test_a_paper_is_named_without_the_attached_file_name(conversation, says, shows, never):
    text = await conversation.tell(says)
    assert shows in text
    assert never not in text


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Tờ khai (Mẫu CT01).1.MuCT01banhnhkmtheo", "Tờ khai (Mẫu CT01)."),
        ("Đơn (song ngữ Việt-Anh)6.nxincpgianhnsaiGPcatchcCNN", "Đơn (song ngữ Việt-Anh)"),
        (
            "Tờ khai theo Nghị định 89/2019/NĐ-CP11.1.PLcpliGCNcsotoANH",
            "Tờ khai theo Nghị định 89/2019/NĐ-CP",
        ),
        ("Văn bản đề nghị theo mẫu;Vanbandenghi.", "Văn bản đề nghị theo mẫu"),
        # an ordinary name keeps its end
        ("Bản sao Giấy chứng nhận đăng ký", "Bản sao Giấy chứng nhận đăng ký"),
        ("Giấy tờ (xem https://dichvucong.gov.vn)", "Giấy tờ (xem https://dichvucong.gov.vn)"),
    ],
)
def test_an_attached_file_name_is_dropped_from_the_end_of_a_paper(name, shown):
    assert document_name(DocumentInfo(name=name)) == shown


# --- where to file a police procedure says no more than the record ---

# (user says, the answer shows, and never shows)
POLICE_WHERE_STORIES = [
    # the curated ID-card record names the police, not the level: "the level above" was
    # a level the answer never gave
    ("làm căn cước nộp ở đâu", "anh/chị nộp tại trụ sở công an.", "theo cấp ghi ở trên"),
    ("đăng ký tạm trú nộp ở đâu", "Cấp thực hiện: Cấp xã", "hoặc nộp trực tuyến."),
]


@pytest.mark.parametrize(("says", "shows", "never"), POLICE_WHERE_STORIES)
async def test_where_to_file_with_the_police_names_only_what_the_answer_shows(
    conversation, says, shows, never
):
    text = await conversation.tell(says)
    assert shows in text
    assert never not in text


def test_a_police_procedure_filed_only_in_person_is_not_said_to_be_filed_online():
    info = national_record(
        agency="Công an cấp tỉnh",
        level="Cấp tỉnh",
        channels=(ChannelInfo(channel="in_person", available=True),),
    )
    text = procedure_answers().answer(info, ["where"]).text
    assert "theo cấp ghi ở trên." in text
    assert "Cách nộp: nộp trực tiếp." in text
    assert "trực tuyến" not in text


IN_PERSON = (ChannelInfo(channel="in_person", available=True),)
ONLINE_ONLY = (ChannelInfo(channel="online", available=True),)
POLICE_LINE = "Hồ sơ do cơ quan công an tiếp nhận"
COMMUNE_LINE = "Trung tâm Phục vụ hành chính công của xã"

# (the record's facts, the where answer shows, and never shows) — the audit of the 150
# most asked procedures' where answers (session 25)
WHERE_RECORD_STORIES = [
    # the police named with others: not "the police receive it" (2.000986, 1.008603)
    (
        {
            "agency": "Ủy ban nhân dân cấp xã, Công an cấp xã và cơ quan Bảo hiểm xã hội",
            "level": "Cấp xã",
        },
        "Cấp thực hiện: Cấp xã",
        POLICE_LINE,
    ),
    (
        {
            "agency": "Ủy ban nhân dân cấp xã, Công an cấp xã và cơ quan Bảo hiểm xã hội",
            "level": "Cấp xã",
        },
        "Cấp thực hiện: Cấp xã",
        COMMUNE_LINE,
    ),
    (
        {
            "agency": "Bộ Công an, Bộ Quốc phòng, Sở Nông nghiệp và Môi trường",
            "level": "Cấp bộ, Cấp tỉnh, Cấp xã",
            "commune_centre": True,
        },
        "Cơ quan giải quyết: Bộ Công an, Bộ Quốc phòng",
        POLICE_LINE,
    ),
    (
        {
            "agency": "Bộ Công an, Bộ Quốc phòng, Sở Nông nghiệp và Môi trường",
            "level": "Cấp bộ, Cấp tỉnh, Cấp xã",
            "commune_centre": True,
        },
        "Cơ quan giải quyết: Bộ Công an, Bộ Quốc phòng",
        COMMUNE_LINE,
    ),
    # the police by another name are the police (2.001195, 1.001471, 1.000757)
    (
        {"agency": "Phòng cảnh sát quản lý hành chính về trật tự xã hội", "level": "Cấp tỉnh"},
        POLICE_LINE + "; anh/chị nộp tại trụ sở công an theo cấp ghi ở trên.",
        COMMUNE_LINE,
    ),
    (
        {"agency": "Cục quản lý xuất nhập cảnh", "level": "Cấp bộ"},
        POLICE_LINE + "; anh/chị nộp tại trụ sở công an theo cấp ghi ở trên.",
        COMMUNE_LINE,
    ),
    (
        {"agency": "Cục cảnh sát quản lý hành chính về trật tự, xã hội", "level": "Cấp bộ"},
        POLICE_LINE + "; anh/chị nộp tại trụ sở công an theo cấp ghi ở trên.",
        COMMUNE_LINE,
    ),
    # and never sent to the commune's centre, whatever the crawl's flag says
    (
        {"agency": "Phòng quản lý xuất nhập cảnh", "level": "Cấp xã", "commune_centre": True},
        POLICE_LINE,
        COMMUNE_LINE,
    ),
    # filed only online: the police take it, but no police station is named (1.010041)
    (
        {"agency": "Công an cấp Xã", "level": "Cấp xã", "channels": ONLINE_ONLY},
        "Hồ sơ do cơ quan công an tiếp nhận và giải quyết.\nCách nộp: nộp trực tuyến.",
        "trụ sở công an",
    ),
    # the record's address is no police station (1.004059)
    (
        {
            "agency": "Bộ Công an",
            "level": "Cấp bộ",
            "submit_address": "Nộp hồ sơ trực tiếp tại cơ quan tuyển lao động.",
        },
        "Địa chỉ tiếp nhận: Nộp hồ sơ trực tiếp tại cơ quan tuyển lao động.",
        POLICE_LINE,
    ),
    # tax, social insurance: not the commune's centre, whatever the crawl's flag says
    (
        {"agency": "Thuế cơ sở", "level": "Cấp xã", "commune_centre": True},
        "Cơ quan giải quyết: Thuế cơ sở",
        COMMUNE_LINE,
    ),
    (
        {"agency": "Công đoàn cơ quan BHXH Việt Nam", "level": "Cấp xã", "commune_centre": True},
        "Cấp thực hiện: Cấp xã",
        COMMUNE_LINE,
    ),
    # what still names the commune's centre: the commune's people's committee
    (
        {"agency": "Ủy ban nhân dân cấp xã", "level": "Cấp xã"},
        COMMUNE_LINE,
        POLICE_LINE,
    ),
    # a list of agencies is cut after a whole name (2.001046)
    (
        {
            "agency": ", ".join(f"Chi cục Kiểm dịch thực vật vùng {n}" for n in range(1, 12)),
            "level": "Cấp bộ",
        },
        "Chi cục Kiểm dịch thực vật vùng 8, …\n",
        "Chi cục…",
    ),
    # an address written as "- " lines is said as one list (2.001428)
    (
        {
            "submit_address": "- Trung tâm Phục vụ hành chính công tỉnh (số 02, đường Nguyễn Chí "
            "Thanh,\nphường Thành Sen).\n- Trung tâm Phục vụ hành chính công cấp xã.\n"
            "- Dịch vụ bưu chính công ích."
        },
        "Địa chỉ tiếp nhận: Trung tâm Phục vụ hành chính công tỉnh (số 02, đường Nguyễn Chí "
        "Thanh, phường Thành Sen); Trung tâm Phục vụ hành chính công cấp xã; Dịch vụ bưu "
        "chính công ích.",
        "Địa chỉ tiếp nhận: -",
    ),
]


@pytest.mark.parametrize(("facts", "shows", "never"), WHERE_RECORD_STORIES)
def test_where_to_file_says_only_what_the_record_says(facts, shows, never):
    facts = {"channels": IN_PERSON, **facts}
    text = procedure_answers().answer(national_record(**facts), ["where"]).text
    assert shows in text
    assert never not in text


def test_asked_online_a_record_filed_only_in_person_says_not_online_rather_than_unknown():
    # the portal's table of ways to file has no online row: the where answer says "nộp
    # trực tiếp", so the online answer must not say it does not know
    info = national_record(channels=(ChannelInfo(channel="in_person", available=True),))
    text = procedure_answers().answer(info, ["online"]).text
    assert "chưa nộp trực tuyến được" in text
    assert "chưa có thông tin" not in text


async def test_asked_online_for_vneid_level_2_the_in_person_record_is_said_so(conversation):
    text = await conversation.tell("đăng ký tài khoản định danh điện tử mức 2 online được không")
    assert "Cấp tài khoản định danh điện tử mức độ 02" in text
    assert "chưa nộp trực tuyến được" in text


# --- a fee's note reads as one line, without the source's list marks ---

# (user says, the answer shows, and never shows)
FEE_NOTE_STORIES = [
    ("làm hộ chiếu lệ phí bao nhiêu", "kèm ghi chú: 160.000/hộ chiếu, trường hợp", "chú: + "),
    (
        "đổi bằng lái xe online được không",
        "- Lệ phí: Lệ phí cấp giấy phép lái xe: 135.000 đồng/lần. Trường hợp tổ chức",
        "đồng/lần. - Trường hợp",
    ),
    (
        "thành lập hộ kinh doanh lệ phí bao nhiêu",
        "Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh quyết định",
        "; - Mức lệ phí",
    ),
]


@pytest.mark.parametrize(("says", "shows", "never"), FEE_NOTE_STORIES)
async def test_a_fee_note_has_no_list_marks_inside_its_line(conversation, says, shows, never):
    text = await conversation.tell(says)
    assert shows in text
    assert never not in text


def test_list_marks_go_but_a_dash_between_words_stays():
    row = ChannelInfo(
        channel="in_person",
        fee_note="- Cấp mới: 50.000 đồng. - Cấp lại: + bản giấy 20.000 đồng; + bản điện tử - miễn",
    )
    assert procedure_answers().fee_text(row) == (
        "Cấp mới: 50.000 đồng. Cấp lại: bản giấy 20.000 đồng; bản điện tử - miễn"
    )


# --- "Miễn phí" on the portal beside a note that sets a fee is not said first ---

PORTAL_FREE = "Cổng Dịch vụ công ghi “Miễn phí”, kèm ghi chú: "
CAVEAT = "(ô lệ phí trên Cổng Dịch vụ công ghi “Miễn phí”; anh/chị nên hỏi lại nơi nộp hồ sơ)"

# (user says, the answer shows) — and never PORTAL_FREE: the record keeps these fees
# unknown, and a citizen reading "Miễn phí" first would bring no money
PORTAL_FREE_STORIES = [
    ("lý lịch tư pháp lệ phí", "Thực hiện theo Thông tư số 244/2016/TT-BTC"),
    ("cấp giấy phép xây dựng nhà ở lệ phí", "Hội đồng nhân dân cấp tỉnh " + CAVEAT),
    ("sang tên xe máy lệ phí bao nhiêu", "Thông tư số 60/2023/TT-BTC"),
]


@pytest.mark.parametrize(("says", "shows"), PORTAL_FREE_STORIES)
async def test_a_fee_the_portal_calls_free_but_whose_note_sets_one_leads_with_the_note(
    conversation, says, shows
):
    text = await conversation.tell(says)
    assert shows in text
    assert CAVEAT in text
    assert PORTAL_FREE not in text


def test_a_long_note_beside_a_portal_free_keeps_its_caveat():
    row = ChannelInfo(channel="online", fee_note=PORTAL_FREE + "Theo quy định. " * 80)
    text = procedure_answers().fee_text(row)
    assert text.endswith(CAVEAT)
    assert text.startswith("Theo quy định.")


# --- a note every channel's fee carries is said once ---


async def test_a_household_business_fee_gives_each_amount_and_its_note_once(conversation):
    # online 150.000 đồng, in person 50.000 đồng, each with the same 700-character note:
    # the note was said twice, once on each line
    text = await conversation.tell("thành lập hộ kinh doanh lệ phí bao nhiêu")
    lines = text.splitlines()
    assert "- Nộp trực tuyến, qua bưu chính: 150.000 đồng" in lines
    assert "- Nộp trực tiếp: 50.000 đồng" in lines
    assert text.count("Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh quyết định") == 1
    assert lines[lines.index("- Nộp trực tiếp: 50.000 đồng") + 1].startswith("Ghi chú: Mức lệ phí")


def test_a_note_of_rows_with_the_same_amount_stays_on_their_line():
    info = national_record(
        channels=(
            ChannelInfo(channel="in_person", available=True, fee_vnd=20_000, fee_note="Một lần"),
            ChannelInfo(channel="online", available=True, fee_vnd=20_000, fee_note="Một lần"),
        )
    )
    text = procedure_answers().answer(info, ["fee"]).text
    assert "- Nộp trực tiếp, nộp trực tuyến: 20.000 đồng; Một lần" in text
    assert "Ghi chú:" not in text


# --- steps numbered once ---


async def test_the_steps_of_a_lost_passport_report_are_numbered_once(conversation):
    # the source names its stages ("Bước 1: …") and lists details between them with "*"
    # and "+": the answer read "1. Bước 1: …", "3. * Công dân …", "7. Bước 3: …"
    text = await conversation.tell("hộ chiếu bị mất thì làm sao")
    lines = text.splitlines()
    head = lines.index("Các bước thực hiện:")
    assert lines[head + 1 : head + 4] == [
        "Bước 1: Chuẩn bị hồ sơ theo mẫu quy định.",
        "Bước 2: Nộp hồ sơ",
        "- Công dân Việt Nam bị mất hộ chiếu phổ thông ở trong nước thực hiện việc trình báo"
        " mất hộ chiếu tại Cơ quan Quản lý xuất nhập cảnh Công an cấp tỉnh nơi thuận lợi, qua"
        " dịch vụ bưu chính công ích hoặc Cổng dịch vụ công trực tuyến.",
    ]
    assert "Bước 3: Nhận kết quả" in lines
    assert "hồ sơ: Nếu hồ sơ đầy đủ, hợp lệ thì tiếp nhận. Nếu hồ sơ chưa hợp lệ" in text
    assert not [line for line in lines if line[:1].isdigit() and "Bước" in line[:8]]
    assert "* " not in text and " + " not in text


@pytest.mark.parametrize(
    ("steps", "lines"),
    [
        # no stages named: our numbers, without the source's marks
        (["* Nộp hồ sơ.", "- Nhận kết quả:\n+ tại bộ phận một cửa"], None),
        (
            ["a) Bước 1. Nộp hồ sơ", "Cán bộ kiểm tra", "b) Bước 2. Trả kết quả"],
            ["Bước 1. Nộp hồ sơ", "- Cán bộ kiểm tra", "Bước 2. Trả kết quả"],
        ),
    ],
)
def test_steps_keep_the_sources_stages_or_get_our_numbers(steps, lines):
    expected = lines or ["1. Nộp hồ sơ.", "2. Nhận kết quả: tại bộ phận một cửa"]
    assert step_lines(steps) == expected


# --- a paper's line: a capital first, its form once, no list marks inside ---

# (user says or presses, the answer shows, and never shows)
PAPER_LINE_STORIES = [
    # the record writes the form in lower case first
    (
        ["hộ chiếu bị mất cần giấy tờ gì"],
        "1. Đơn trình báo mất hộ chiếu phổ thông (mẫu TK05)",
        "1. đơn trình báo",
    ),
    # the name says both forms: "(Mẫu TK01, Mẫu TK01a)" was added after it again
    (
        ["làm hộ chiếu cần giấy tờ gì"],
        "(mẫu TK01 dành cho người từ 14 tuổi trở lên; mẫu TK01a dành cho người chưa đủ 14",
        "(Mẫu TK01, Mẫu TK01a)",
    ),
    # "… một trong các giấy tờ sau đây: - Hộ chiếu do nước ngoài cấp"
    (
        ["rút bảo hiểm một lần cần giấy tờ gì", "[Trường hợp hưởng BHXH một lần]"],
        "các giấy tờ sau đây: Hộ chiếu do nước ngoài cấp.",
        "sau đây: - Hộ chiếu",
    ),
]


@pytest.mark.parametrize(("turns", "shows", "never"), PAPER_LINE_STORIES)
async def test_a_paper_line_reads_clean(conversation, turns, shows, never):
    for says in turns:
        text = await conversation.tell(says)
    assert shows in text
    assert never not in text


# --- a case's heading: without the source's numbering, said once, not 400 characters ---

# (user says or presses, the heading over the case's papers)
CASE_HEADING_STORIES = [
    # was "Trường hợp: 1. Trường hợp hưởng BHXH một lần"
    (
        ["rút bảo hiểm một lần cần giấy tờ gì", "[Trường hợp hưởng BHXH một lần]"],
        "Trường hợp: Hưởng BHXH một lần",
    ),
    # was "Trường hợp: (1.1) Đối với công trình không theo tuyến"
    (
        ["cấp giấy phép xây dựng nhà ở cần gì", "[Không theo tuyến]"],
        "Trường hợp: Đối với công trình không theo tuyến",
    ),
    # was "Trường hợp: a) Đối với trường hợp chuyển đổi, …" and 400 characters more
    (
        ["sang tên sổ đỏ cần giấy tờ gì", "[Xem tất cả các trường hợp]"],
        "Trường hợp: Chuyển đổi, chuyển nhượng, thừa kế, góp vốn bằng quyền sử dụng đất,"
        " quyền sở hữu tài sản gắn liền với đất; cho thuê …",
    ),
]


@pytest.mark.parametrize(("turns", "heading"), CASE_HEADING_STORIES)
async def test_a_case_heading_reads_clean(conversation, turns, heading):
    for says in turns:
        text = await conversation.tell(says)
    lines = text.splitlines()
    assert heading in lines
    assert lines[lines.index(heading) + 1].startswith("1. ")
    headings = [line for line in lines if line.startswith("Trường hợp")]
    assert not [line for line in headings if "Trường hợp: Trường hợp" in line]
    assert not [line for line in headings if len(line) > 220]
    assert not [line for line in headings if line.split(": ", 1)[-1][:2] in ("a)", "1.", "(1")]


# --- a paper every citizen brings is listed once ---


async def test_the_civil_status_extract_lists_the_postal_line_once(conversation):
    # the record lists the same line under "Giấy tờ phải nộp" and "Giấy tờ phải xuất trình"
    text = await conversation.tell("trích lục khai sinh bản sao")
    line = "Trường hợp gửi hồ sơ qua hệ thống bưu chính thì phải gửi kèm theo bản sao có chứng"
    assert text.count(line) == 1
    assert "Giấy tờ phải nộp:" in text and "Giấy tờ phải xuất trình:" in text


def test_a_case_keeps_its_papers_but_not_those_every_case_already_lists():
    form = DocumentInfo(name="Tờ khai", original=1)
    info = national_record(
        documents=(
            form,
            DocumentInfo(name="Giấy tờ A", case="Trường hợp A", original=1),
            DocumentInfo(name="Tờ khai.", case="Trường hợp A", original=1),
            DocumentInfo(name="Giấy tờ A", case="Trường hợp B", original=1),
            DocumentInfo(name="Tờ khai", case="Trường hợp B", original=1),
            DocumentInfo(name="Tờ khai", case="Trường hợp C", original=1),
        )
    )
    every = procedure_answers().answer(info, ["requirements"], guided=False).text.splitlines()
    # every case's list: "Giấy tờ A" in each case, "Tờ khai" once in the general list, and
    # in case C, which has nothing else: a case to choose is never left out
    assert every.count("1. Tờ khai: 1 bản chính") == 2
    assert every[every.index("Trường hợp: C") + 1] == "1. Tờ khai: 1 bản chính"
    assert every.count("1. Giấy tờ A: 1 bản chính") == 2
    assert "2. Tờ khai: 1 bản chính" not in every
    chosen = procedure_answers().answer(info, ["requirements"], case=1).text.splitlines()
    assert chosen.count("1. Tờ khai: 1 bản chính") == 1
    assert "Trường hợp: A" in chosen


# --- a long paper reads from its beginning, its sentences apart ---


async def test_the_id_card_form_reads_from_its_beginning(conversation):
    # "… ký xác nhận.Trường hợp …": the crawl glued two sentences, so the line was cut
    # inside the form's name and began with "…": "3. … Phiếu CC01 … Phiếu thu thập thông…"
    text = await conversation.tell("làm căn cước cần giấy tờ gì")
    line = next(x for x in text.splitlines() if x.startswith("3. "))
    assert line.startswith("3. Phiếu CC01 được tạo lập")
    assert "ký xác nhận. Trường hợp công dân chưa có thông tin" in line
    assert "Phiếu thu thập thông tin dân cư (Mẫu DC01 ban hành kèm theo" in line
    assert line.endswith("Giấy tờ pháp lý chứa thông tin công dân: 1 bản chính")


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Ký xác nhận.Trường hợp chưa có", "Ký xác nhận. Trường hợp chưa có"),
        ("Nộp tại UBND TP.HCM", "Nộp tại UBND TP.HCM"),
        ("Tờ khai Mẫu số 26.docx", "Tờ khai Mẫu số 26.docx"),
        ("Theo Quyết định số 1.Bản sao", "Theo Quyết định số 1.Bản sao"),
    ],
)
def test_sentences_the_crawl_glued_are_spaced(name, shown):
    assert document_name(DocumentInfo(name=name)) == shown


# --- asked for the conditions as such, the record's are given, not "not found" ---

# (what the citizen says, one line after another; the answer to the last shows)
CONDITIONS_STORIES = [
    (["cấp hộ chiếu phổ thông", "điều kiện"], "Người thực hiện: Công dân Việt Nam"),
    (["huong bhxh 1 lan dieu kien gi"], "Người thực hiện: Công dân Việt Nam"),
]


@pytest.mark.parametrize(("turns", "shows"), CONDITIONS_STORIES)
async def test_asked_for_the_conditions_the_record_s_are_given(conversation, turns, shows):
    for says in turns:
        text = await conversation.tell(says)
    assert shows in text
    assert "em chưa thấy hồ sơ thủ tục ghi rõ điều anh/chị hỏi" not in text


async def test_a_particular_condition_is_still_quoted_and_ends_on_its_words(conversation):
    # the record's list item ends in ";": the quote read "“Nam từ đủ 20 tuổi, nữ từ đủ 18 tuổi;”"
    text = await conversation.tell("đăng ký kết hôn nam bao nhiêu tuổi được kết hôn")
    assert "“Nam từ đủ 20 tuổi, nữ từ đủ 18 tuổi”" in text.splitlines()


# --- an agency's level reads in lower case, as in a sentence ---


async def test_a_temporary_residence_agency_reads_cap_xa_in_lower_case(conversation):
    await conversation.tell("đăng ký tạm trú")
    text = await conversation.tell("[Xem đầy đủ]")
    assert "Cơ quan có thẩm quyền quyết định: Công an cấp xã" in text
    assert "cấp Xã" not in text


def test_an_authority_that_differs_only_by_a_capital_is_not_said_twice():
    info = national_record(agency="Công an cấp Xã", authority="Công an cấp xã", level="Cấp xã")
    text = procedure_answers().answer(info, ["agency"]).text
    assert "Cơ quan thực hiện: Công an cấp xã" in text
    assert "Cơ quan có thẩm quyền quyết định" not in text


# --- agency, legal basis and forms: what the record has, once, and no less ---

_TK1 = "Tờ khai tham gia điều chỉnh thông tin BHXH, BHYT (Mẫu TK1-TS)"
_LAWS = [f"Thông tư {n}/2020/TT-BTC" for n in range(1, 15)]

# (the record's facts, the aspect asked, the answer shows, and never shows; a shown text
# given as (text, count) is shown that many times)
RECORD_FACT_STORIES = [
    # a level but no body named (1.001612): said so, not left as if it answered "who"
    (
        {"level": "Cấp bộ, Cấp xã"},
        "agency",
        ["không ghi tên cơ quan giải quyết", "Cấp thực hiện: Cấp bộ, Cấp xã"],
        ["Cơ quan thực hiện:"],
    ),
    (
        {"agency": "Công an cấp xã", "level": "Cấp xã"},
        "agency",
        ["Cơ quan thực hiện: Công an cấp xã"],
        ["không ghi tên cơ quan"],
    ),
    # one form listed three times, once with a closing stop (1.002051)
    (
        {
            "documents": [
                DocumentInfo(name=_TK1, form="Mẫu TK1-TS"),
                DocumentInfo(name=_TK1 + ".", form="Mẫu TK1-TS"),
                DocumentInfo(name="Báo cáo tình hình sử dụng lao động", form="Mẫu D02-LT"),
            ]
        },
        "forms",
        [(f"- Mẫu TK1-TS: {_TK1}", 1), ("- Mẫu D02-LT: Báo cáo tình hình", 1)],
        [],
    ),
    # more than twelve laws (1.002759 has 21): the rest said to be there, not dropped
    # silently (without a count: no number the record does not hold)
    (
        {"legal_basis": _LAWS},
        "legal_basis",
        ["- Thông tư 12/2020/TT-BTC", "… và các văn bản khác"],
        ["Thông tư 13/2020/TT-BTC"],
    ),
    ({"legal_basis": _LAWS[:3]}, "legal_basis", ["- Thông tư 3/2020/TT-BTC"], ["văn bản khác"]),
    # the post's own slip is no form of the citizen's; a numbering's stops go (2.002069)
    (
        {
            "documents": [
                DocumentInfo(name="(i) ..Giấy đề nghị đăng ký doanh nghiệp theo mẫu"),
                DocumentInfo(
                    name="(i) ..Bản sao phiếu gửi hồ sơ theo mẫu do doanh nghiệp cung ứng "
                    "dịch vụ bưu chính công ích phát hành"
                ),
            ]
        },
        "forms",
        ["- Giấy đề nghị đăng ký doanh nghiệp theo mẫu"],
        ["phiếu gửi", ".."],
    ),
    (
        {
            "documents": [
                DocumentInfo(
                    name="Bản sao phiếu gửi hồ sơ theo mẫu do doanh nghiệp cung ứng dịch vụ "
                    "bưu chính công ích phát hành"
                ),
            ]
        },
        "forms",
        ["không ghi mẫu đơn, tờ khai theo mẫu số riêng"],
        ["phiếu gửi"],
    ),
]


@pytest.mark.parametrize(("facts", "aspect", "shows", "never"), RECORD_FACT_STORIES)
def test_agency_legal_basis_and_forms_say_what_the_record_has_once(facts, aspect, shows, never):
    text = procedure_answers().answer(national_record(**facts), [aspect]).text
    for shown in shows:
        shown, count = shown if isinstance(shown, tuple) else (shown, None)
        assert shown in text
        assert count is None or text.count(shown) == count
    for absent in never:
        assert absent not in text


# --- no invisible characters inside words ---


def test_a_note_with_an_invisible_mark_inside_a_word_reads_and_is_found_clean():
    # 30 notes of civil-status records write "đăng k\u200eý hộ tịch" (a left-to-right mark)
    note = "Trường hợp người yêu cầu đăng k\u200eý hộ tịch lựa chọn nhận kết quả tại Trung tâm."
    info = national_record(notes=(note,))
    text = procedure_answers().answer(info, ["conditions"]).text
    assert "- Trường hợp người yêu cầu đăng ký hộ tịch lựa chọn nhận kết quả" in text
    asked = procedure_answers().answer(
        info, ["conditions"], question="đăng ký nhận kết quả ở trung tâm"
    )
    assert "“Trường hợp người yêu cầu đăng ký hộ tịch lựa chọn" in asked.text
    assert "\u200e" not in text + asked.text


# --- a quote answers the question, not a word it shares by chance ---

_NOT_BUSINESSES = "Công dân Việt Nam, Tổ chức (không bao gồm doanh nghiệp, HTX)"
_STRUCK_OFF = (
    "- Trường hợp người thuộc diện xóa đăng ký thường trú hoặc đại diện hộ gia đình không "
    "thực hiện thủ tục xóa đăng ký thường trú thì cơ quan đăng ký cư trú có trách nhiệm "
    "kiểm tra, xác minh, lập biên bản."
)
_MARRIAGE = (
    "Nam từ đủ 20 tuổi, nữ từ đủ 18 tuổi; Hai bên nam, nữ là công dân Việt Nam cư trú trong nước"
)

# (the record's name, its facts, what the citizen asks, the quote, or None: nothing quoted)
CONDITION_QUOTES = [
    # a national record's "who may apply" is the portal's list of kinds of applicant
    # (all 2,642 records): no answer about a business (2.002235), nor about anyone
    (
        "Khai thuế thu nhập cá nhân",
        {"who_may_apply": _NOT_BUSINESSES},
        "doanh nghiệp không trả thu nhập thì có phải khai thuế không",
        None,
    ),
    ("Thủ tục thử", {"who_may_apply": _NOT_BUSINESSES}, "doanh nghiệp có được làm không", None),
    (
        "Thủ tục thử",
        {"who_may_apply": "Công dân Việt Nam, Doanh nghiệp, Đảng viên"},
        "đảng viên có được làm không",
        None,
    ),
    # "định cư" is not "gia đình" and "cư trú" (1.003197)
    (
        "Xóa đăng ký thường trú",
        {"conditions": _STRUCK_OFF},
        "ra nước ngoài định cư có bị xóa thường trú không",
        None,
    ),
    # "ly hôn" is not "lý do"
    (
        "Thủ tục thử",
        {"notes": ("Trường hợp vì lý do bất khả kháng, thời hạn nộp đơn có thể dài hơn.",)},
        "vợ chồng đã ly hôn thì sao",
        None,
    ),
    # words side by side in the question and in the record still select it
    (
        "Đăng ký kết hôn",
        {"conditions": _MARRIAGE},
        "nam bao nhiêu tuổi được kết hôn",
        "Nam từ đủ 20 tuổi, nữ từ đủ 18 tuổi",
    ),
    (
        "Khôi phục giá trị sử dụng hộ chiếu phổ thông",
        {
            "conditions": "Hộ chiếu phổ thông đã bị hủy giá trị sử dụng do bị mất ở trong nước, "
            "sau khi tìm lại được còn nguyên vẹn."
        },
        "hộ chiếu bị báo mất rồi tìm thấy có dùng lại được không",
        "Hộ chiếu phổ thông đã bị hủy giá trị sử dụng do bị mất ở trong nước",
    ),
    (
        "Đăng ký thường trú",
        {"notes": ("Nếu ở nhờ, thuê, mượn nhà thì cần chủ hộ và chủ sở hữu chỗ ở đồng ý.",)},
        "nhập hộ khẩu vào nhà người thân có cần chủ hộ đồng ý không",
        "Nếu ở nhờ, thuê, mượn nhà thì cần chủ hộ và chủ sở hữu chỗ ở đồng ý.",
    ),
]


@pytest.mark.parametrize(("name", "facts", "asks", "quote"), CONDITION_QUOTES)
def test_a_conditions_quote_answers_the_question(name, facts, asks, quote):
    info = national_record(name, **facts)
    text = procedure_answers().answer(info, ["conditions"], question=asks).text
    head = "hồ sơ thủ tục ghi về điều anh/chị hỏi như sau"
    if quote is None:
        assert head not in text
    else:
        assert head in text
        assert f"“{quote}" in text


def test_a_curated_record_says_who_may_apply_and_that_is_quoted():
    # the centre's own record says who in words ("Đăng ký khai sinh", 1.001193)
    who = "Cha, mẹ; nếu cha, mẹ không thể đi thì ông, bà, người thân thích khác"
    info = replace(national_record("Đăng ký khai sinh", who_may_apply=who), source_kind="curated")
    asks = "ông bà nội đi làm khai sinh cho cháu được không"
    text = procedure_answers().answer(info, ["conditions"], question=asks).text
    quoted = "“nếu cha, mẹ không thể đi thì ông, bà, người thân thích khác”"  # its passage
    assert f"hồ sơ thủ tục ghi về điều anh/chị hỏi như sau:\n{quoted}" in text


# --- the conditions answer gives a few notes, "Xem đầy đủ" all of them ---


async def test_the_conditions_of_a_civil_status_record_give_a_few_notes(conversation):
    # 1.000689 has 14 notes: all 14 came after "điều kiện", the fifth a bare heading
    # ("Đối với giấy tờ nộp, xuất trình:") with nothing under it
    await conversation.tell("đăng ký khai sinh kết hợp nhận cha mẹ con")
    lines = (await conversation.tell("điều kiện")).splitlines()
    notes = [line for line in lines if line.startswith("- ")]
    assert len(notes) == 4
    assert not notes[-1].endswith(":")
    more = 'Hồ sơ thủ tục còn 10 lưu ý khác; anh/chị bấm "Xem đầy đủ" hoặc xem tại nguồn bên dưới.'
    assert more in lines
    whole = await conversation.tell("[Xem đầy đủ]")
    assert "- Đối với giấy tờ nộp, xuất trình:" in whole.splitlines()
    assert "lưu ý khác" not in whole


async def test_a_question_the_record_does_not_answer_is_still_said_so(conversation):
    # "ai được làm giám hộ" names nothing but the procedure: the record says who files,
    # not who may be a guardian
    await conversation.tell("đăng ký giám hộ cần gì")
    text = await conversation.tell("ai được làm giám hộ")
    assert "Dạ, em chưa thấy hồ sơ thủ tục ghi rõ điều anh/chị hỏi." in text


# --- a long paper is cut after a clause, not inside a two-syllable word ---


async def test_a_long_passport_paper_is_cut_after_a_clause(conversation):
    # "… người chưa đủ 14 tuổi; trường hợp không có bản sao thì nộp bản chụp và xuất…":
    # "xuất trình" was cut in half
    text = await conversation.tell("làm hộ chiếu cần giấy tờ gì")
    proxy = next(line for line in text.splitlines() if "người đại diện hợp pháp" in line)
    assert proxy.endswith("người chưa đủ 14 tuổi …: 1 bản chính, 1 bản sao")
    assert "xuất…" not in text


@pytest.mark.parametrize(
    ("name", "ends"),
    [
        # a clause ends in the last third: the cut comes there
        ("Giấy " + "tờ " * 90 + "khác, kèm theo bản sao có chứng thực", "tờ khác …"),
        # none does: after a word, as before
        ("Giấy, " + "tờ " * 120, "tờ tờ…"),
    ],
)
def test_a_paper_is_cut_after_a_clause_in_its_last_third(name, ends):
    line = paper_line(DocumentInfo(name=name), default_templates())
    assert line.endswith(ends)


# --- "where to ask about what is unknown" is said once ---


async def test_the_whole_id_card_record_says_where_to_ask_once(conversation):
    # its fee and its postal channel are unknown: the hint came after each
    await conversation.tell("làm căn cước nộp ở đâu")
    text = await conversation.tell("[Xem đầy đủ]")
    assert "Dạ, em chưa có thông tin về lệ phí của thủ tục này." in text
    assert "nộp qua bưu chính được hay không" in text
    assert text.count("Với phần chưa có thông tin, anh/chị vui lòng hỏi") == 1
