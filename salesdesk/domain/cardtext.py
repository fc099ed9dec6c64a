"""A business card's fields from the text boxes an OCR engine read on it.

A plain function of (text, box, score) triples, so it is tested without any OCR
engine: `parse_card(boxes)` proposes name, company, title, department, phones
(mobile, landline and fax told apart with `phones.phone_kind`), e-mail,
address, area (the district of the address), website and WeChat ID, each with
a confidence and the boxes it came from, for the user to check before saving.
It reads Chinese and English cards, labels in their usual forms (手机, 电话,
Tel, M, T, 直线, 传真/Fax …), company suffixes (有限公司, 集团, Co., Ltd.) and
titles (经理, 总监, 主任, Manager, Director …).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from salesdesk.domain.phones import phone_kind

Point = tuple[float, float]


@dataclass(frozen=True)
class TextBox:
    """One line of text as the OCR engine read it: its text, corner points and score (0–1)."""

    text: str
    box: tuple[Point, ...]
    score: float = 1.0

    @property
    def left(self) -> float:
        return min(p[0] for p in self.box)

    @property
    def right(self) -> float:
        return max(p[0] for p in self.box)

    @property
    def top(self) -> float:
        return min(p[1] for p in self.box)

    @property
    def bottom(self) -> float:
        return max(p[1] for p in self.box)

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)

    @property
    def width(self) -> float:
        return max(self.right - self.left, 1.0)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def text_box(text: str, rect: tuple[float, float, float, float], score: float = 1.0) -> TextBox:
    """A box from its rectangle (left, top, right, bottom); the hand-written tests use this."""
    left, top, right, bottom = rect
    return TextBox(text, ((left, top), (right, top), (right, bottom), (left, bottom)), score)


@dataclass(frozen=True)
class ScannedPhone:
    number: str
    label: str  # a PHONE_LABELS code: mobile, work, fax, other
    kind: str  # phones.phone_kind of the number


@dataclass
class Proposal:
    """The fields read from one card, each with the boxes it came from and a confidence."""

    name: str = ""
    company: str = ""
    title: str = ""
    department: str = ""
    phones: list[ScannedPhone] = field(default_factory=list)
    email: str = ""
    address: str = ""
    area: str = ""
    website: str = ""
    wechat: str = ""
    confidence: float = 0.0
    field_confidence: dict[str, float] = field(default_factory=dict)
    sources: dict[str, list[int]] = field(default_factory=dict)  # field -> box indexes
    unused: list[str] = field(default_factory=list)  # lines no field took (slogans, logos …)

    @property
    def mobiles(self) -> list[str]:
        return [p.number for p in self.phones if p.label == "mobile"]

    def to_json(self) -> dict[str, Any]:
        """The fields as `salesdesk scan --json` prints them."""
        return {
            "name": self.name,
            "company": self.company,
            "title": self.title,
            "department": self.department,
            "phones": [{"number": p.number, "label": p.label} for p in self.phones],
            "email": self.email,
            "address": self.address,
            "area": self.area,
            "wechat": self.wechat,
            "website": self.website,
        }

    def card_fields(self) -> dict[str, Any]:
        """The card's own fields (a card has no department: it goes before the title)."""
        return card_fields(self.to_json())

    @property
    def empty(self) -> bool:
        return not (self.name or self.company or self.phones or self.email)


SIDE_FIELDS = (
    "name",
    "company",
    "title",
    "department",
    "email",
    "address",
    "area",
    "wechat",
    "website",
)


def card_fields(values: dict[str, Any]) -> dict[str, Any]:
    """A scan's fields (as `Proposal.to_json` or `combine_sides` gives them) as a card's:
    a card has no department, so it goes before the title."""
    title = " ".join(part for part in (values.get("department", ""), values["title"]) if part)
    fields = {key: values.get(key, "") for key in SIDE_FIELDS if key != "department"}
    fields["title"] = title
    fields["phones"] = [{"label": p["label"], "number": p["number"]} for p in values["phones"]]
    if values.get("other_side"):
        fields["other_side"] = values["other_side"]
    return fields


def combine_sides(front: dict[str, Any], back: dict[str, Any]) -> dict[str, Any]:
    """One card from its two sides (as `Proposal.to_json` gives them): the front's words
    stay, the back fills what the front lacks, and the back's other phones are added.

    A bilingual card says the same in two scripts; the front is the side the user chose
    first, so a Chinese front keeps 王敏 as the name and the back's "Wang Min" is not
    swapped in. What the back says differently is returned under "other_side", for the
    card's notes, so the English name and company stay on the card.
    """
    combined = {key: front.get(key, "") or back.get(key, "") for key in SIDE_FIELDS}
    phones = list(front.get("phones", []))
    known = {_digits(p["number"]) for p in phones}
    for phone in back.get("phones", []):
        if _digits(phone["number"]) not in known:
            known.add(_digits(phone["number"]))
            phones.append(phone)
    combined["phones"] = phones
    other = [
        back[key]
        for key in ("name", "company", "title")
        if back.get(key) and front.get(key) and back[key].casefold() != front[key].casefold()
    ]
    combined["other_side"] = " · ".join(other)
    return combined


def _digits(number: str) -> str:
    return "".join(ch for ch in number if ch.isdigit())[-11:]


# -- the words of a card -------------------------------------------------------------
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚"
    "邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左"
    "柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈"
    "饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵"
    "苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "夏侯")

_CJK = r"\u3400-\u9fff"
_COMPANY_STRONG = re.compile(
    r"(有限责任公司|股份有限公司|有限公司|分公司|公司|集团|事务所|研究院|研究所|银行|医院|大学|学院"
    r"|工作室|商行|商贸行|酒店|协会|律所)"
    r"|\b(Co\.?,?\s*Ltd\.?|Company|Corporation|Corp\.?|Inc\.?|Limited|Ltd\.?|Group|LLC|GmbH"
    r"|Bank|Hospital|University|Law\s+Firm|Studio)(?=\W|$)",
    re.IGNORECASE,
)
_COMPANY_WEAK = re.compile(r"(厂|中心|店|馆)$")
_TITLE = re.compile(
    r"(董事长|副?总裁|副?总经理|经理|副?总监|主任|主管|总工|工程师|设计师|顾问|专员|代表|助理|会计师?"
    r"|律师|医生|医师|教授|秘书|所长|院长|厂长|部长|科长|处长|店长|合伙人|创始人|董事|总编|主编|主席"
    r"|销售|业务员)"
    r"|\b(CEO|CTO|CFO|COO|CMO|VP|Vice\s+President|President|Chairman|Manager|Director|Engineer"
    r"|Consultant|Representative|Officer|Head|Specialist|Assistant|Supervisor|Partner|Founder"
    r"|Executive|Accountant|Lawyer|Designer|Secretary|Sales|Lead)\b",
    re.IGNORECASE,
)
_DEPARTMENT_ZH = re.compile(rf"^([{_CJK}]{{1,10}}?(?:事业部|部|处|科|中心|办公室|事业群))")
_DEPARTMENT_EN = re.compile(
    r"^((?:[A-Z][a-z&]*\s*){1,4}?(?:Department|Dept\.?|Division|Center|Centre|Team))(?=[\sA-Z,]|$)"
)
_ADDRESS_LABEL = re.compile(
    r"^(地址|通讯地址|公司地址|住址|Add(?:ress)?|Addr|A)\s*[:：.]?\s*(?=\S)", re.IGNORECASE
)
_ADDRESS_ZH = re.compile(r"[省市区县镇乡路街道巷弄号楼层室座栋幢园]")
_ADDRESS_EN = re.compile(
    r"\b(Road|Rd|Street|St|Avenue|Ave|Lane|District|Floor|Fl|Room|Rm|Building|Bldg|Tower|Plaza"
    r"|Park|Province|City|No)\b\.?",
    re.IGNORECASE,
)
_EMAIL = re.compile(
    r"[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z][A-Za-z0]{1,5}"
)
_EMAIL_LABEL = re.compile(r"^(E-?mail|Mail|邮箱|电邮|电子邮件|邮件|E)\s*[:：]?\s*", re.IGNORECASE)
_WEBSITE = re.compile(
    r"(?:(?:https?://)?www\.|https?://)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:/[\w./?=&%-]*)?",
    re.IGNORECASE,
)
_WEBSITE_LABEL = re.compile(
    r"^(网址|网站|主页|官网|Web(?:site)?|Http|URL|W)\s*[:：]?\s*", re.IGNORECASE
)
_DOMAIN = re.compile(
    r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|cn|net|org|biz|info|io|co)(?:\.[a-z]{2})?\b"
)
_WECHAT = re.compile(
    r"(?:微信号?|WeChat(?:\s*ID)?|Weixin|WX|V信)\s*[:：]?\s*"
    r"([A-Za-z][-_A-Za-z0-9]{4,19}|\+?\d[\d -]{6,16}\d)",
    re.IGNORECASE,
)
_NAME_LABEL = re.compile(r"^(姓名|Name)\s*[:：]?\s*", re.IGNORECASE)
# A phone: an optional label, then 7 to 15 digits with the usual separators.
_PHONE = re.compile(
    r"(?P<label>手机|移动电话|移动|电话|座机|直线|直拨|总机|办公电话|办公|固话|传真|Mobile|Mob|Cell"
    r"|Tel(?:ephone)?|Phone|Fax|Direct|Office|Hotline|热线|[MTFPCHOD])?"
    r"\s*[.:：]?\s*"
    r"(?P<number>\+?\s*(?:\(\s*\+?\d+\s*\)\s*)?\d[\d\s\-–()（）.]{5,22}\d)"
    r"(?:\s*(?:转|ext\.?|x|-)\s*(?P<ext>\d{1,5}))?",
    re.IGNORECASE,
)
_FAX_LABELS = {"传真", "fax", "f"}
_MOBILE_LABELS = {"手机", "移动电话", "移动", "mobile", "mob", "cell", "m", "c", "h"}
_BARE_LABEL = re.compile(
    r"^(手机|电话|座机|直线|传真|邮箱|地址|网址|微信号?|Mobile|Tel|Phone|Fax|E-?mail|Add(?:ress)?"
    r"|Web(?:site)?|WeChat|[MTFEAW])\s*[:：.]?$",
    re.IGNORECASE,
)


def _clean(text: str) -> str:
    """NFKC (full-width letters, digits and colons to plain ones), trimmed, single spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("|", " ").replace("丨", " ")
    return re.sub(r"\s+", " ", text).strip(" ·•,;")


def _cjk_count(text: str) -> int:
    return sum(1 for ch in text if "\u3400" <= ch <= "\u9fff")


def _digit_count(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _is_cjk_text(text: str) -> bool:
    return _cjk_count(text) * 2 >= len(text.replace(" ", ""))


# -- reading order -------------------------------------------------------------------
def _reading_order(boxes: Sequence[TextBox]) -> list[int]:
    """Indexes top to bottom, and left to right within a row (rows are a half line apart)."""
    order = sorted(range(len(boxes)), key=lambda i: (boxes[i].middle, boxes[i].left))
    rows: list[list[int]] = []
    for i in order:
        if rows:
            last = boxes[rows[-1][0]]
            if abs(boxes[i].middle - last.middle) < 0.5 * min(last.height, boxes[i].height):
                rows[-1].append(i)
                continue
        rows.append([i])
    return [i for row in rows for i in sorted(row, key=lambda j: boxes[j].left)]


def _join_bare_labels(boxes: list[TextBox]) -> list[tuple[str, list[int], TextBox]]:
    """Lines as (text, box indexes, box); a label alone in its box ('手机') takes the next box
    to its right."""
    order = _reading_order(boxes)
    taken: set[int] = set()
    lines: list[tuple[str, list[int], TextBox]] = []
    for pos, i in enumerate(order):
        if i in taken:
            continue
        text = _clean(boxes[i].text)
        members = [i]
        if _BARE_LABEL.match(text):
            for j in order[pos + 1 : pos + 4]:
                b, c = boxes[i], boxes[j]
                same_row = abs(c.middle - b.middle) < 0.6 * max(b.height, c.height)
                if j not in taken and same_row and c.left >= b.left:
                    text = f"{text} {_clean(c.text)}"
                    members.append(j)
                    taken.add(j)
                    break
        taken.add(i)
        if text:
            lines.append((text, members, boxes[i]))
    return lines


# -- the pieces --------------------------------------------------------------------------
def _phone_label(label: str, kind: str) -> str:
    word = label.lower()
    if word in _FAX_LABELS:
        return "fax"  # a fax is not a phone to call, whatever the number looks like
    if kind == "mobile":
        return "mobile"
    if kind == "landline":
        return "work"
    if word in _MOBILE_LABELS:
        return "mobile"
    return "work" if word else "other"


def _tidy_number(number: str, ext: str | None) -> str:
    text = number.replace("（", "(").replace("）", ")").replace("–", "-").replace(".", "-")
    text = re.sub(r"\s*-\s*", "-", text).strip(" -")
    text = re.sub(r"^\+\s*", "+", text)
    return f"{text} ext. {ext}" if ext else text


def find_phones(text: str) -> list[tuple[ScannedPhone, float]]:
    """The phones on one line, with how sure the reading is (a label or a known plan)."""
    found: list[tuple[ScannedPhone, float]] = []
    for match in _PHONE.finditer(text):
        number = match.group("number")
        digits = _digit_count(number)
        if not 7 <= digits <= 15:
            continue
        label = match.group("label") or ""
        start = match.start()
        if label and len(label) == 1 and start > 0 and text[start - 1].isalnum():
            label = ""  # the 'T' of 'PT 021…' or a letter inside a word is no label
        if re.fullmatch(r"(19|20)\d\d[-.]\d{1,2}[-.]\d{1,2}", number.strip()):
            continue  # a date
        kind = phone_kind(number.split("ext")[0])
        if kind == "unknown" and not label:
            continue
        clean = _tidy_number(number, match.group("ext"))
        phone = ScannedPhone(clean, _phone_label(label, kind), kind)
        sure = 1.0 if kind != "unknown" else 0.6
        found.append((phone, sure))
    return found


def find_email(text: str) -> str:
    match = _EMAIL.search(text)
    if match is None:
        return ""
    email = match.group(0)
    local, _, domain = email.partition("@")
    before = text[: match.start()].strip()
    # OCR drops the space after a label: 'Ezh428@x.cn' is 'E zh428@x.cn' (addresses are
    # lower case).
    glued = re.match(r"^(E-?mail|Email|Mail|E)(?=[a-z0-9])", local)
    if (
        glued
        and not before
        and local[len(glued.group(1)) :].lower() == local[len(glued.group(1)) :]
    ):
        local = local[len(glued.group(1)) :]
    return f"{local}@{_fix_domain(domain)}".lower() if local else ""


def _fix_domain(domain: str) -> str:
    """OCR reads the o of .com as a zero now and then: 'x.c0m.cn' -> 'x.com.cn'."""
    parts = domain.lower().split(".")
    fixed = {"c0m": "com", "0rg": "org", "c0": "co", "cn1": "cn"}
    return ".".join([parts[0], *[fixed.get(p, p) for p in parts[1:]]])


def find_website(text: str) -> str:
    match = _WEBSITE.search(text)
    if match:
        site = match.group(0)
        site = site[:-1] if site.endswith((".", "/")) else site
        return _fix_domain(site)
    labelled = _WEBSITE_LABEL.match(text)
    if labelled and labelled.group(1).upper() != "W":
        domain = _DOMAIN.search(text[labelled.end() :])
        if domain:
            return _fix_domain(domain.group(0))
    return ""


def district_of(address: str) -> str:
    """The district (区/县) of an address: '上海市浦东新区张江路' -> '浦东新区'."""
    text = address.replace(" ", "")
    if _cjk_count(text) >= 3:
        for mark in ("自治区", "省"):
            at = text.find(mark)
            if 0 <= at < 8:
                text = text[at + len(mark) :]
        city = re.match(rf"([{_CJK}]{{2,3}}?市)", text)
        if city:
            text = text[city.end() :]
        match = re.match(rf"([{_CJK}]{{1,6}}?(?:新区|区|县|旗))", text)
        if match and len(match.group(1)) >= 2:
            return match.group(1)
        return city.group(1) if city else ""  # a county-level city has no district above it
    english = re.search(r"\b((?:[A-Z][\w']+\s+){1,2}District)\b", address)
    return english.group(1) if english else ""


def _is_name_zh(text: str) -> bool:
    compact = text.replace(" ", "")
    if not 2 <= len(compact) <= 4 or _cjk_count(compact) != len(compact):
        return False
    return compact[0] in SURNAMES or compact[:2] in COMPOUND_SURNAMES


def _spaced_name(text: str) -> str:
    """OCR drops the space of a name now and then: 'TonyYang' -> 'Tony Yang'."""
    if " " not in text and re.fullmatch(r"([A-Z][a-z]+){2,3}", text):
        return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)
    return text


def _is_name_en(text: str) -> bool:
    words = _spaced_name(text).split()
    if not 2 <= len(words) <= 4 or any(ch.isdigit() for ch in text):
        return False
    if _TITLE.search(text) or _COMPANY_STRONG.search(text):
        return False
    return all(re.fullmatch(r"[A-Z][A-Za-z'.-]*", w) for w in words)


def _split_department(text: str) -> tuple[str, str]:
    """('销售部', '经理') from '销售部经理'; ('', text) when there is no department."""
    compact = text if not _is_cjk_text(text) else text.replace(" ", "")
    zh = _DEPARTMENT_ZH.match(compact)
    if zh and zh.group(1) != "办公室":
        rest = compact[zh.end() :].strip()
        if rest and _TITLE.search(rest):
            return zh.group(1), rest
        if not rest:
            return zh.group(1), ""
    en = _DEPARTMENT_EN.match(text)
    if en:
        return en.group(1).strip(), text[en.end() :].strip(" ,-")
    return "", text


# -- the parser --------------------------------------------------------------------------
@dataclass
class _Line:
    text: str
    members: list[int]
    box: TextBox
    score: float
    role: str = ""


def parse_card(boxes: Iterable[TextBox | tuple[str, Sequence[Point], float]]) -> Proposal:
    """Propose a card's fields from the OCR's text boxes (in any order)."""
    items = [
        b
        if isinstance(b, TextBox)
        else TextBox(str(b[0]), tuple((float(x), float(y)) for x, y in b[1]), float(b[2]))
        for b in boxes
    ]
    items = [b for b in items if _clean(b.text)]
    proposal = Proposal()
    if not items:
        return proposal
    lines = [
        _Line(text, members, box, min(items[m].score for m in members))
        for text, members, box in _join_bare_labels(items)
    ]
    conf: dict[str, float] = {}
    sources: dict[str, list[int]] = {}

    def take(field_name: str, value: str, line: _Line, sure: float) -> None:
        setattr(proposal, field_name, value)
        conf[field_name] = round(line.score * sure, 3)
        sources.setdefault(field_name, []).extend(line.members)

    # 1. What a pattern finds for certain: e-mail, website, WeChat, phones.
    for line in lines:
        text = line.text
        rest = text
        email = find_email(text)
        if email and not proposal.email:
            take("email", email, line, 1.0)
            line.role = "email"
            rest = _EMAIL.sub(" ", rest)
        site = find_website(rest)
        if site and not proposal.website:
            take("website", site, line, 1.0)
            line.role = line.role or "website"
            rest = _WEBSITE.sub(" ", rest)
        wechat = _WECHAT.search(rest)
        if wechat and not proposal.wechat:
            take("wechat", wechat.group(1).replace(" ", ""), line, 1.0)
            line.role = line.role or "wechat"
            rest = rest[: wechat.start()] + " " + rest[wechat.end() :]
        if _ADDRESS_LABEL.match(rest) and _digit_count(rest) < 7 + 3 * len(
            _ADDRESS_ZH.findall(rest)
        ):
            address = _ADDRESS_LABEL.sub("", rest, count=1).strip()
            if address and (_ADDRESS_ZH.search(address) or _ADDRESS_EN.search(address)):
                if not proposal.address:
                    take("address", address, line, 1.0)
                line.role = line.role or "address"
                continue
        phones = find_phones(rest)
        if phones:
            known = {re.sub(r"\D", "", p.number)[-9:] for p in proposal.phones}
            for phone, sure in phones:
                key = re.sub(r"\D", "", phone.number)[-9:]
                if key in known:
                    continue
                known.add(key)
                proposal.phones.append(phone)
                conf.setdefault("phones", 1.0)
                conf["phones"] = round(min(conf["phones"], line.score * sure), 3)
                sources.setdefault("phones", []).extend(line.members)
            line.role = line.role or "phone"

    # 2. Address without a label, then lines that continue it.
    free = [line for line in lines if not line.role]
    if not proposal.address:
        for line in free:
            text = line.text
            zh_marks = len(_ADDRESS_ZH.findall(text))
            en_marks = len(_ADDRESS_EN.findall(text))
            looks = (
                zh_marks >= 3 and _cjk_count(text) >= 6 and not _COMPANY_STRONG.search(text)
            ) or (en_marks >= 2 and re.search(r"\d", text) is not None)
            if looks and not _TITLE.search(text):
                take("address", text, line, 0.8)
                line.role = "address"
                break
    address_line = next((line for line in lines if line.role == "address"), None)
    if address_line is not None:
        base = address_line.box
        for line in lines:
            if line.role or line is address_line:
                continue
            b = line.box
            below = 0 <= b.top - base.bottom < 1.0 * base.height
            aligned = abs(b.left - base.left) < 2 * base.height
            similar = 0.7 < b.height / base.height < 1.4
            if below and aligned and similar and not _TITLE.search(line.text):
                if _COMPANY_STRONG.search(line.text) or _is_name_zh(line.text):
                    break
                joiner = " " if not _cjk_count(proposal.address + line.text[:1]) else ""
                proposal.address = f"{proposal.address}{joiner}{line.text}"
                sources.setdefault("address", []).extend(line.members)
                line.role = "address"
                base = b
    if proposal.address:
        proposal.area = district_of(proposal.address)
        if proposal.area:
            conf["area"] = conf.get("address", 0.8)

    # 3. Company: the strongest suffix, then the larger print.
    free = [line for line in lines if not line.role]
    candidates = []
    for line in free:
        text = line.text
        strong = _COMPANY_STRONG.search(text)
        weak = _COMPANY_WEAK.search(text) if _is_cjk_text(text) else None
        if strong or weak:
            if _is_cjk_text(text) and len(text.replace(" ", "")) < 4:
                continue
            if _TITLE.search(text) and not strong:
                continue
            strength = 2 if strong else 1
            candidates.append((strength, line.box.height, line))
    if candidates:
        strength, _, line = max(candidates, key=lambda c: (c[0], c[1]))
        company = line.text if not _is_cjk_text(line.text) else line.text.replace(" ", "")
        if re.fullmatch(r"(Co\.?,?\s*Ltd\.?|Ltd\.?|Limited|Inc\.?|Group)", company, re.IGNORECASE):
            above = _line_above(lines, line)
            if above is not None and not above.role:
                company = f"{above.text} {company}"
                above.role = "company"
                sources.setdefault("company", []).extend(above.members)
        # The usual English suffix as it is printed, whatever OCR made of its dots and spaces.
        company = re.sub(r"\bCo\s*\.?\s*,?\s*Ltd\b\.?$", "Co., Ltd.", company, flags=re.IGNORECASE)
        take("company", company, line, 1.0 if strength == 2 else 0.7)
        line.role = "company"
        if strength == 2:
            _join_company_line(lines, line, proposal, sources)

    # 4. Title and department; a name printed before the title on the same line.
    for line in lines:
        if line.role:
            continue
        text = line.text
        label_free = _NAME_LABEL.sub("", text)
        name_part, title_part = _name_then_title(label_free)
        if name_part and not proposal.name:
            take("name", name_part, line, 0.9)
            text = title_part
        if not _TITLE.search(text) or len(text) > (16 if _is_cjk_text(text) else 60):
            if name_part:
                line.role = "name"
            dept, rest = _split_department(text)
            if dept and not rest and not proposal.department and len(dept) <= 12:
                take("department", dept, line, 0.8)
                line.role = "department"
            continue
        dept, title = _split_department(text)
        if not proposal.title and title:
            take("title", title, line, 0.9)
            if dept and not proposal.department:
                take("department", dept, line, 0.9)
            line.role = "title"

    # 5. The name: a Chinese name or two to four capitalised words, the largest print wins.
    if not proposal.name:
        best: tuple[float, _Line, str] | None = None
        tallest = max(line.box.height for line in lines)
        for line in lines:
            if line.role:
                continue
            text = _NAME_LABEL.sub("", line.text)
            labelled = text != line.text
            if _is_name_zh(text):
                value = text.replace(" ", "")
                score = line.box.height / tallest + (0.3 if value[0] in SURNAMES else 0.0)
            elif _is_name_en(text):
                value = text.title() if text.isupper() else _spaced_name(text)
                score = line.box.height / tallest
            else:
                continue
            score += 1.0 if labelled else 0.0
            if best is None or score > best[0]:
                best = (score, line, value)
        if best is not None:
            score, line, value = best
            take("name", value, line, min(1.0, 0.6 + 0.4 * score))
            line.role = "name"

    proposal.unused = [line.text for line in lines if not line.role]
    proposal.field_confidence = conf
    proposal.sources = {k: sorted(set(v)) for k, v in sources.items()}
    proposal.confidence = _overall(proposal, items)
    return proposal


def _name_then_title(text: str) -> tuple[str, str]:
    """'张伟 销售经理' -> ('张伟', '销售经理'); ('', text) when the line is not that."""
    parts = text.split(" ", 1)
    if len(parts) == 2 and _is_name_zh(parts[0]) and _TITLE.search(parts[1]):
        return parts[0], parts[1].strip()
    compact = text.replace(" ", "")
    for size in (3, 2, 4):
        head, tail = compact[:size], compact[size:]
        if (
            _is_name_zh(head)
            and tail
            and _TITLE.match(tail)  # the title must start right after the name
            and _cjk_count(tail) == len(tail)
            and len(tail) <= 6
        ):
            return head, tail
    return "", text


def _line_above(lines: list[_Line], line: _Line) -> _Line | None:
    above = [
        other
        for other in lines
        if other.box.bottom <= line.box.top + 2
        and line.box.top - other.box.bottom < 1.2 * line.box.height
        and abs(other.box.left - line.box.left) < 3 * line.box.height
    ]
    return max(above, key=lambda other: other.box.bottom) if above else None


def _join_company_line(
    lines: list[_Line], line: _Line, proposal: Proposal, sources: dict[str, list[int]]
) -> None:
    """An English company broken over two lines: 'Shanghai Huaxin' / 'Trading Co., Ltd.'."""
    if _is_cjk_text(line.text):
        return
    above = _line_above(lines, line)
    if (
        above is not None
        and not above.role
        and not _is_cjk_text(above.text)
        and abs(above.box.height - line.box.height) < 0.25 * line.box.height
        and not _TITLE.search(above.text)
        and not _is_name_en(above.text)
        and not any(ch.isdigit() for ch in above.text)
    ):
        proposal.company = f"{above.text} {proposal.company}"
        above.role = "company"
        sources.setdefault("company", []).extend(above.members)


def _overall(proposal: Proposal, boxes: Sequence[TextBox]) -> float:
    """How far to trust the whole reading: OCR certainty times how many key fields were found."""
    mean = sum(b.score for b in boxes) / len(boxes)
    found = [
        bool(proposal.name),
        bool(proposal.company or proposal.title),
        bool(proposal.phones or proposal.email),
    ]
    coverage = sum(found) / len(found)
    return round(mean * (0.4 + 0.6 * coverage), 3)
