"""Which papers of a record only some citizens bring: "Bản sao giấy khai sinh … đối với
người chưa đủ 14 tuổi", "Văn bản ủy quyền (nếu có)", "Trường hợp nộp hồ sơ trực tuyến
thì …". A documents answer lists them after the papers everyone brings
(flows/document_checklist.py). The words that open a case, and how they are read:
flows/conditional_papers.yml.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from flows.document_parts import is_lead_in
from flows.record_text import document_name, without_list_marks
from knowledge.procedures.records import DocumentInfo
from knowledge.yaml_data import load_yaml

CONDITIONS_FILE = Path(__file__).with_name("conditional_papers.yml")
_LAST_IF_RE = re.compile(r"\s(?=nếu(?:\s+\S+){3})")  # see ``_names_a_case``
_OR_NEXT_RE = re.compile(r"\s*,?\s*hoặc(?!\w)")  # "(đối với hàng rời) hoặc …"
_AND_RE = re.compile(r"(?<!\w)và(?!\w)")  # "A và B (nếu có)": B's case, perhaps


@dataclass(frozen=True)
class _Conditions:
    """The words of flows/conditional_papers.yml as patterns (see there)."""

    opening: re.Pattern[str]
    after_name: re.Pattern[str]  # a case named after the paper's words, or any such word
    listed: re.Pattern[str]  # one of ``after_name`` alone
    not_after_name: re.Pattern[str]
    contents: re.Pattern[str]
    parenthesis: re.Pattern[str]
    cases: re.Pattern[str]  # a case a parenthesis names, first or after "," ";" "hoặc" "và"
    consequence: re.Pattern[str]
    shared: re.Pattern[str]  # one of ``shared_cases``


def _said(text: str) -> str:
    """``text`` as the conditions' words are matched: composed, lower case, one space."""
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def _any_of(words) -> str:
    """A pattern matching any of ``words`` as whole words, the longest first (one
    opening with a comma, after any word: ", kèm theo")."""
    said = sorted({_said(word) for word in words}, key=len, reverse=True)
    edge = r"(?<!\w)"
    return f"(?:{'|'.join((edge if w[0].isalnum() else '') + re.escape(w) for w in said)})(?!\\w)"


@cache
def _conditions() -> _Conditions:
    data = load_yaml(CONDITIONS_FILE)
    after = [*data["after_name"], *data["also_cases"]]
    cases = [*data["openings"], *after, *data["parenthesis"]]
    return _Conditions(
        # after a numbering the list marks leave ("1a. Đối với …"), or a parenthesis
        opening=re.compile(
            rf"^(?:\d{{1,2}}[a-zđ]?[.)]?\s+)?\(?\s*(?P<case>{_any_of(data['openings'])})"
        ),
        after_name=re.compile(_any_of(after)),
        listed=re.compile(rf"{_any_of(data['after_name'])}$"),
        not_after_name=re.compile(_any_of(data["not_after_name"])),
        contents=re.compile(_any_of(data["contents"])),
        # "(đối với trường hợp phải lấy ý kiến …)": its case is "phải lấy ý kiến …"
        parenthesis=re.compile(rf"^\s*{_any_of([*data['parenthesis'], *data['after_name']])}"),
        cases=re.compile(rf"(?:^|[,;]|(?<!\w)(?:hoặc|và)(?!\w))\s*{_any_of(cases)}"),
        consequence=re.compile(_any_of(data["consequence"])),
        shared=re.compile(_any_of(data["shared_cases"])),
    )


def is_conditional(doc: DocumentInfo, record: str = "", listed_under: str = "") -> bool:
    """Whether a paper is one only some citizens bring: it opens with a case ("Trường
    hợp …", "Đối với …", "Nếu …"), names one after its own words ("… đối với người
    chưa đủ 14 tuổi", "… trong trường hợp ủy quyền", "… nếu có") or in a parenthesis
    ("(nếu có)", "(trường hợp ủy quyền)"); a parenthesis naming the variants of a paper
    everyone brings ("(mẫu TK01 dành cho người từ 14 tuổi trở lên; …)") is no case.
    The words: flows/conditional_papers.yml. A lead-in is no paper, so none is.

    What the papers are for, when given: a case the record's name (``record``) or the
    case they are listed under (``listed_under``) states is everyone's there: "Giấy tờ
    … chứng minh là người đại diện hợp pháp của người dưới 14 tuổi" in "Cấp thẻ căn
    cước cho người dưới 14 tuổi" (see ``_stated``); so is a case of authorisation under
    one ("Văn bản ủy quyền cho cá nhân thực hiện thủ tục …" under "Trường hợp ủy quyền
    cho cá nhân …": ``shared_cases``)."""
    if is_lead_in(doc):
        return False
    case = _case(without_list_marks(document_name(doc)))
    if case is None:
        return False
    if _stated(case, record) or _stated(case, listed_under):
        return False
    shared = _conditions().shared.search(_said(case))
    return not (shared and shared.re.search(_said(listed_under)))


# the words a case begins with before what it names: "của", "đối với những", "trong
# trường hợp", "nếu", ...
_CASE_HEAD_RE = re.compile(
    r"^(?:(?:của|đối với|trong|riêng|trường hợp|các|những|nếu|khi|là|dành cho|áp dụng)"
    r"(?!\w)[\s,]*)+"
)
MIN_STATED_WORDS = 3  # "người dưới 14 tuổi", "người nước ngoài"; not "có" of "nếu có"
# a subject naming several things: "… của doanh nghiệp bảo hiểm, doanh nghiệp tái bảo
# hiểm, chi nhánh nước ngoài …", "xuất khẩu/tái xuất khẩu", "… và …", "… hoặc …"
_SEVERAL_RE = re.compile(r"[,;/]|(?<!\w)(?:và|hoặc)(?!\w)")
_PARENTHESIS_RE = re.compile(r"\([^()]*\)")  # "(thực hiện tại cấp tỉnh)"


@lru_cache(maxsize=8192)
def _stated(case: str, subject: str) -> bool:
    """Whether ``subject`` names the people or things of ``case`` (its words after its
    head, at least ``MIN_STATED_WORDS``, as whole words), naming nothing else beside
    them: a subject that lists several ("… hưởng tiếp lương hưu … đối với người chấp
    hành xong hình phạt tù, người xuất cảnh trái phép …") is for each of them alone."""
    named = _CASE_HEAD_RE.sub("", _said(case)).strip(" ,.;:")
    said = _PARENTHESIS_RE.sub("", _said(subject))
    if len(named.split()) < MIN_STATED_WORDS or _SEVERAL_RE.search(said):
        return False
    return re.search(rf"(?<!\w){re.escape(named)}(?!\w)", said) is not None


@lru_cache(maxsize=8192)
def _case(name: str) -> str | None:
    """The case a paper named ``name`` is for (None: everyone brings it): the words
    from its case's head to the end of its first clause, or its parenthesis's."""
    words = _conditions()
    said = " ".join(unicodedata.normalize("NFC", name).split())
    opening = words.opening.match(said.lower())
    if opening:
        return _clause(said[opening.start("case") :])[0].strip()
    clause, parentheses, rest = _clause(said)
    cases = _cases(clause, words)
    if len(cases) > 1:  # the variants of one paper
        return None
    if cases and words.listed.match(cases[0].group(0)):
        case = clause[cases[0].start() :].split("()")[0]
    else:
        # one parenthesis naming a case; two are variants: "Mẫu số 02 (đối với tổ
        # chức) hoặc Mẫu số 03 (đối với cá nhân)", and one before "hoặc" names the case
        # of one of a paper's forms: "Phiếu cân hàng (đối với hàng rời) hoặc Chứng từ
        # kiểm kiện"
        pieces = clause.split("()")  # around each parenthesis
        named = [
            at
            for at, inside in enumerate(parentheses[: len(pieces) - 1])
            if _names_a_case(inside, words)
        ]
        if len(named) != 1 or _OR_NEXT_RE.match(pieces[named[0] + 1]):
            return None
        # the case of one item the name lists, not of the paper: "Văn bản cam kết từ
        # bỏ quyền khiếu kiện quốc tế (nếu có) và …", "… và các vấn đề khác có liên
        # quan (nếu có)" (a paper everyone brings is never said to be for some only)
        before, after = "()".join(pieces[: named[0] + 1]), "()".join(pieces[named[0] + 1 :])
        if _AND_RE.match(after.lstrip(" ,")) or _AND_RE.search(" ".join(before.split()[-8:])):
            return None
        case = parentheses[named[0]]
    # a case for each of its variants: "Biên bản … đối với trẻ em bị bỏ rơi; giấy chứng
    # tử … đối với trẻ em mồ côi; …", "Nghị quyết của Đại hội đồng cổ đông (đối với
    # ngân hàng thương mại cổ phần); nghị quyết của Hội đồng thành viên (đối với …)"
    while rest:
        later, parentheses, rest = _clause(rest)
        if _cases(later, words) or any(_names_a_case(p, words) for p in parentheses):
            return None
    return case.strip()


def _names_a_case(inside: str, words: _Conditions) -> bool:
    """Whether the words of a parenthesis name one case the paper is for: opening with
    it ("(nếu có)") or ending with it ("(do người yêu cầu cung cấp thông tin …, nếu
    người có yêu cầu lựa chọn nộp hồ sơ theo hình thức trực tuyến)"), and saying no
    more than the case: "(nếu bằng tiếng nước ngoài phải được dịch …)" says how the
    paper is made, "(trường hợp phải lấy ý kiến cộng đồng)" is a case still."""
    if ";" in inside or len(words.cases.findall(inside)) > 1:
        return False
    # its last clause, after ", " or from a last "nếu" naming a case of three words or
    # more: "(do người yêu cầu cung cấp thông tin theo hướng dẫn trên Cổng dịch vụ công
    # nếu người có yêu cầu lựa chọn nộp hồ sơ theo hình thức trực tuyến)", not "(huấn
    # luyện định kỳ, huấn luyện phục hồi nếu có)" nor a case of what it contains: "(bao
    # gồm cả bản dịch … nếu tài liệu bằng tiếng nước ngoài)"
    last = inside.rsplit(", ", 1)[-1]
    if not words.contents.search(inside):
        last = _LAST_IF_RE.split(last)[-1]
    opening = words.parenthesis.match(inside) or words.parenthesis.match(last)
    if not opening:
        return False
    case = opening.string[opening.end() :].lstrip()
    consequence = words.consequence.search(case)
    return not consequence or not consequence.start()


def _cases(clause: str, words: _Conditions) -> list[re.Match[str]]:
    """The cases ``clause`` names after its paper's words (see ``_Conditions``); none
    among what the paper contains ("…, trong đó ghi rõ …, báo giá (nếu có)")."""
    contents = words.contents.search(clause)
    end = contents.start() if contents else len(clause)
    start = len(clause) - len(clause.lstrip(" +-•*"))
    return [
        m
        for m in words.after_name.finditer(clause, start, end)
        if m.start() > start and not words.not_after_name.match(clause, m.start())
    ]


def _clause(said: str) -> tuple[str, list[str], str]:
    """The first clause of ``said``, lower case: its words up to the first ";", ":" or
    sentence end (". " before a capital or a parenthesis) outside any parenthesis,
    each parenthesis in it as "()"; the words of those parentheses (those after what
    the paper contains aside: see ``_cases``); and what follows a ";" ending it."""
    clause: list[str] = []
    parentheses: list[str] = []
    inside: list[str] = []
    depth = 0
    rest = ""
    for at, char in enumerate(said):
        if char == "(":
            depth += 1
            if depth == 1:
                inside = []
                continue
        elif char == ")" and depth:
            depth -= 1
            if not depth:
                parentheses.append("".join(inside))
                clause.append("()")
                continue
        if depth:
            inside.append(char)
            continue
        after = said[at + 1 : at + 3]
        if char == ";":
            rest = said[at + 1 :]
            break
        if (char == ":" and not after[:1].strip()) or (
            char == "." and after[:1] == " " and (after[1:].isupper() or after[1:] == "(")
        ):
            break
        clause.append(char)
    if depth:  # a parenthesis the clause does not close
        parentheses.append("".join(inside))
    words = "".join(clause).lower()
    contents = _conditions().contents.search(words)
    if contents:
        parentheses = parentheses[: words[: contents.start()].count("()")]
    return words, [inside.lower() for inside in parentheses], rest
