"""A paper's attached forms, as the national catalogue shows them.

The portal lists the forms of a paper by file name, and the crawl runs that cell into
the paper's name before it and into the next file name or the count after it. A
citizen must read the paper's name, its form and how many copies to bring -- never
"Mẫu số 67 - Bảng thông tin cá nhân.docx11" or "docx01B-HSB". Each row below is the
documents table of a portal page as the crawl holds it (cut to the rows that matter).
"""

from __future__ import annotations

import gzip
import json
import re

import pytest

from knowledge.catalogue import SEED_NATIONAL
from knowledge.procedures.portal.form_files import is_readable_label
from knowledge.procedures.portal.tables import parse_documents

HEADER = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"


def papers(cells: str) -> list[tuple[str, str | None, int | None, int | None]]:
    """(name, form, originals, copies) of each row of a documents table."""
    return [(d.name, d.form, d.original, d.copies) for d in parse_documents(HEADER + cells)]


# (a page's documents cells as crawled, the paper the citizen is told to bring)
ROWS = [
    (  # 2.000693: two form files, each opening with its number, glued together
        "b3) Bản sao bản tóm tắt hồ sơ bệnh án có ghi thời gian cần điều trị ngoại trú sau "
        "thời gian điều trị nội trú.01B-HSB.docx14-HSB.docx0 bản chính,1 bản sao",
        (
            "b3) Bản sao bản tóm tắt hồ sơ bệnh án có ghi thời gian cần điều trị ngoại trú sau "
            "thời gian điều trị nội trú.",
            "01B-HSB, 14-HSB",
            0,
            1,
        ),
    ),
    (  # 1.009522: the portal's upload number "315" before each file name
        "7) Bản cáo bạch, Điều lệ công ty (nếu có thay đổi) theo mẫu Phụ lục IV và Phụ lục II "
        "ban hành kèm theo Thông tư 98/2020/TT-BTC.315Phụ lục IV.docx315Phụ lục II.docx"
        "1 bản chính",
        (
            "7) Bản cáo bạch, Điều lệ công ty (nếu có thay đổi) theo mẫu Phụ lục IV và Phụ "
            "lục II ban hành kèm theo Thông tư 98/2020/TT-BTC.",
            "Phụ lục IV, Phụ lục II",
            1,
            0,
        ),
    ),
    (  # 1.009820: a file "11.docx" after the form's file is not a count
        "Bản thông tin cá nhân của người được bổ nhiệm"
        "Mẫu số 67 - Bảng thông tin cá nhân.docx11.docx1 bản chính",
        (
            "Bản thông tin cá nhân của người được bổ nhiệm",
            "Mẫu số 67 - Bảng thông tin cá nhân",
            1,
            0,
        ),
    ),
    (  # 1.004480: a second file named by the procedure code only; the first is the
        # portal's name run together without accents, which no citizen can read
        "Văn bản đề nghị theo mẫu;Vanbandenghi.docx1.004480.docx1 bản chính,1 bản sao",
        ("Văn bản đề nghị theo mẫu", None, 1, 1),
    ),
    (  # 1.001765: a space before the extension
        "Văn bản theo mẫuTK 1.001765 (Tổ chức) .docx1 bản chính",
        ("Văn bản theo mẫu", "TK (Tổ chức)", 1, 0),
    ),
    (  # 1.001010: a web-style file name that kept its old extension
        "Đơn xin thường trú;Mẫu-NA12,-Đơn-xin-thường-trú-cho-người-nước-ngoài.-doc.doc1 bản chính",
        ("Đơn xin thường trú", "Mẫu NA12, Đơn xin thường trú cho người nước ngoài", 1, 0),
    ),
    (  # 1.010737: a web address in the name, then the form's file
        "- Thông báo vận chuyển theo mẫu của Công ước Basel tại địa chỉ: http://www.basel.int/"
        "Portals/4/forms-notif-mov/vCOP8.docMẫu to khai van chuyen CTNH sua.docx1 bản chính",
        (
            "Thông báo vận chuyển theo mẫu của Công ước Basel tại địa chỉ: http://www.basel.int/"
            "Portals/4/forms-notif-mov/vCOP8.doc",
            "Mẫu to khai van chuyen CTNH sua",
            1,
            0,
        ),
    ),
    (  # 1.004681: file names opening with a section number, right after a word
        "Đơn đề nghị gia hạn của chủ đầu tư theo mẫu quy định1.2. Don de nghi bai bo ket noi "
        "ray.docx1.2. Don de nghi gia han ket noi ray.docx1 bản chính",
        (
            "Đơn đề nghị gia hạn của chủ đầu tư theo mẫu quy định",
            "1.2. Don de nghi bai bo ket noi ray, 1.2. Don de nghi gia han ket noi ray",
            1,
            0,
        ),
    ),
    (  # 1.004030: "4x6" is a size, the file starts at its upload number "31-"
        "Sơ yếu lý lịch có ảnh kiểu chứng minh nhân dân cỡ 4x6 cm đóng dấu giáp lai."
        "31-Mẫu số 1a-BCA(X13)-2014.doc1 bản chính",
        (
            "Sơ yếu lý lịch có ảnh kiểu chứng minh nhân dân cỡ 4x6 cm đóng dấu giáp lai.",
            "Mẫu số 1a-BCA(X13)-2014",
            1,
            0,
        ),
    ),
    (  # 1.003818: "Điều 5.033" is a section number, not an upload number
        "Đơn đề nghị gia hạn theo mẫu quy định tại Phụ lục 1 Điều 5.033Mau 1.docx"
        "0 bản chính,1 bản sao",
        ("Đơn đề nghị gia hạn theo mẫu quy định tại Phụ lục 1 Điều 5.033", "Mau 1", 0, 1),
    ),
    (  # 1.004362: a .pdf followed at once by the next file's number
        "(e) Báo cáo kết quả chuyến bay kiểm tra (nếu có).20 Form Application CAAV [0]2011.pdf"
        "22 Form Application for renewal [0] 2011.pdf1 bản chính",
        (
            "(e) Báo cáo kết quả chuyến bay kiểm tra (nếu có).",
            "20 Form Application CAAV [0]2011, 22 Form Application for renewal [0] 2011",
            1,
            0,
        ),
    ),
]


PAGES = [
    "2.000693", "1.009522", "1.009820", "1.004480", "1.001765", "1.001010",
    "1.010737", "1.004681", "1.004030", "1.003818", "1.004362",
]  # fmt: skip


@pytest.mark.parametrize(("cells", "paper"), ROWS, ids=PAGES)
def test_a_form_file_run_into_the_next_cell_is_read_as_the_form(cells, paper):
    assert papers(cells) == [paper]


# (page, a documents row as crawled, the form the citizen is shown). Where the attached
# file's name cannot be read -- the portal's name run together without accents, its
# accented vowels dropped ("Phlc" for "Phụ lục"), or a fragment cut at a capital -- the
# form is unknown rather than garbled; codes and names with spaces are kept.
FORM_LABELS = [
    ("1.004028", "+ Thông báo tàu đến cảng biển theo mẫu;MauBankhaichung.docx1 bản chính", None),
    ("1.003640", "- Đơn đề nghị gia hạn theo mẫu.Mauon.docx1 bản chính", None),
    (
        "1.002847",
        "Giấy đề nghị đăng ký khai thác tuyến, bổ sung, thay thế phương tiện khai thác tuyến "
        "vận tải hành khách cố định giữa Việt Nam và Lào theo mẫuTK 1.002847.docx1 bản chính",
        None,
    ),
    ("1.002508", "Tờ khai xóa đăng ký theo mẫuMuTkhaixaK.docx1 bản chính", None),
    (
        "1.000532",
        "Đơn xin cấp/gia hạn/sửa đổi Giấy phép hoạt động của tổ chức con nuôi nước ngoài tại "
        "Việt Nam (song ngữ Việt-Anh).6.nxincpgianhnsaiGPcatchcCNNNg.doc2 bản chính",
        None,
    ),
    (
        "1.002510",
        "Đơn đề nghị gia hạn Giấy chứng nhận đăng ký thuốc bảo vệ thực vật theo mẫu quy định "
        "tại Phụ lục II ban hành kèm theo Thông tư số 21/2015/TT-BNNPTNTPhlcII.docx1 bản chính",
        None,
    ),
    (
        "2.001323",
        "Đơn đề nghị cấp lại Giấy phép khảo nghiệm thuốc bảo vệ thực vật theo mẫu quy định tại "
        "Phụ lục I ban hành kèm theo Thông tư số 21/2015/TT-BNNPTNTPhlc1.docx1 bản chính",
        None,
    ),
    (
        "1.003976",
        "- Văn bản về đặc điểm, sở thích, thói quen đáng lưu ý của trẻ, có giá trị sử dụng "
        "nếu được lập, cấp, xác nhận chưa quá 12 tháng, tính đến ngày nộp hồ sơ tại cơ quan có "
        "thẩm quyền.3.Vanbantomtatdacdiemtreem1.doc3 bản chính",
        None,
    ),
    (
        "1.000859",
        "Đơn đăng ký khoản vay nước ngoài (theo Phụ lục 1A kèm theo số 78/2025/TT-NHNN) hoặc "
        "Đơn đăng ký khoản phát hành trái phiếu quốc tế (theo Phụ lục 1B kèm theo Thông tư số "
        "78/2025/TT-NHNN);Phuluc1B.docxPhlc1A.docx1 bản chính",
        "Phuluc1B",
    ),
    (
        "1.000302",
        "Phương án kinh doanh vận tải theo mẫuTPHS 1.000302 (PA).docx1 bản chính",
        "TPHS (PA)",
    ),
    ("1.002894", "Văn bản đề nghị theo mẫu quy định;HK-84.doc1 bản chính", "HK-84"),
    (
        "1.001321",
        "b) Danh sách người lao động, học sinh, sinh viên và thân nhân sĩ quan, hạ sĩ quan, chiến "
        "sĩ trong Công an nhân dân tham gia bảo hiểm y tế;Mau01-DS(BHYT).doc1 bản chính",
        "Mau01-DS(BHYT)",
    ),
]


@pytest.mark.parametrize(
    ("cells", "form"), [row[1:] for row in FORM_LABELS], ids=[row[0] for row in FORM_LABELS]
)
def test_a_form_file_name_is_the_form_only_when_a_citizen_can_read_it(cells, form):
    assert [d.form for d in parse_documents(HEADER + cells)] == [form]


@pytest.mark.parametrize(
    ("label", "readable"),
    [
        ("Mẫu số 67 - Bảng thông tin cá nhân", True),
        ("Phụ lục IV", True),
        ("01B-HSB", True),
        ("TK (Tổ chức)", True),
        ("Mẫu TK6", True),
        ("1.2. Don de nghi gia han ket noi ray", True),
        ("Mẫu 05TP-TTTM-sđ", True),
        ("Phụ lục I- tt11", True),
        ("Vanbandenghi", False),
        ("Txuynbingii-Tchc", False),
        ("II", False),
        ("Ng", False),
        ("K", False),
        ("GCN", False),
        ("Phlcs05Thngt01", False),
        ("PhlcVII - T54", False),
        ("Knngh-Copy", False),
    ],
)
def test_a_label_is_readable_as_a_form_code_or_a_spaced_name(label, readable):
    assert is_readable_label(label) is readable


def test_a_count_followed_by_a_full_stop_or_comma_still_ends_its_row():
    # 1.007928: "...1 bản chính.Bản chính Giấy..." and "...cấp1 bản chính,Đơn đề nghị...":
    # three papers, not one paper named after all three.
    cells = (
        "*Bản thuyết minh theo Mẫu số 26 Phụ lục I ban hành kèm theo Nghị định số "
        "33/2026/NĐ-CPMẫu số 26.docx1 bản chính.Bản chính Giấy chứng nhận đủ điều kiện sản "
        "xuất phân bón đã được cấp1 bản chính,Đơn đề nghị cấp lại theo Mẫu số 25 Phụ lục I "
        "ban hành kèm theo Nghị định số 33/2026/NĐ-CPMẫu số 25.docx1 bản chính"
    )
    assert papers(cells) == [
        (
            "Bản thuyết minh theo Mẫu số 26 Phụ lục I ban hành kèm theo Nghị định số 33/2026/NĐ-CP",
            "Mẫu số 26",
            1,
            0,
        ),
        ("Bản chính Giấy chứng nhận đủ điều kiện sản xuất phân bón đã được cấp", None, 1, 0),
        (
            "Đơn đề nghị cấp lại theo Mẫu số 25 Phụ lục I ban hành kèm theo Nghị định số "
            "33/2026/NĐ-CP",
            "Mẫu số 25",
            1,
            0,
        ),
    ]


def test_prose_saying_how_many_originals_goes_on_in_its_row():
    cells = "Tờ khai hải quan: nộp 01 bản chính. Tại ô chứng từ đi kèm ghi rõ số hiệu1 bản chính"
    assert papers(cells) == [
        ("Tờ khai hải quan: nộp 01 bản chính. Tại ô chứng từ đi kèm ghi rõ số hiệu", None, 1, 0)
    ]


_GLUED_FILE = re.compile(r"\.(?:docx?|pdf|xlsx?)(?![a-zà-ỹ])|\b(?:docx?|pdf)\d", re.IGNORECASE)


def test_no_paper_in_the_shipped_catalogue_carries_a_file_name_run_into_it():
    catalogue = json.loads(gzip.decompress(SEED_NATIONAL.read_bytes()))
    garbled = [
        (proc["code"], text)
        for proc in catalogue["procedures"]
        for doc in proc["documents"]
        for text in (doc["name"], doc["form"] or "")
        for m in _GLUED_FILE.finditer(text)
        if "http" not in text[: m.start()] and text[m.start() - 1 : m.start()] != "“"
    ]
    assert garbled == []


def test_every_form_in_the_shipped_catalogue_can_be_read():
    catalogue = json.loads(gzip.decompress(SEED_NATIONAL.read_bytes()))
    unreadable = [
        (proc["code"], doc["form"])
        for proc in catalogue["procedures"]
        for doc in proc["documents"]
        if doc["form"] and not is_readable_label(doc["form"])
    ]
    assert unreadable == []
