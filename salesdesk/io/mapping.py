"""Which column of an imported table goes into which card field, and the rows as card values."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import date, datetime

from salesdesk.domain import grades
from salesdesk.domain.dates import DateError
from salesdesk.domain.values import Phone
from salesdesk.io.readers import Table
from salesdesk.services import settings
from salesdesk.services.importer import ImportRow, match_digits

# Every place a column can go; the wizard shows these in its combos.
TARGETS: tuple[tuple[str, str], ...] = (
    ("skip", "(skip)"),
    ("name", "Name"),
    ("given_name", "Given name"),
    ("family_name", "Family name"),
    ("middle_name", "Middle name"),
    ("company", "Company"),
    ("title", "Title"),
    ("phone_mobile", "Phone (mobile)"),
    ("phone_work", "Phone (work)"),
    ("phone_home", "Phone (home)"),
    ("phone_fax", "Fax"),
    ("phone_other", "Phone (other)"),
    ("email", "E-mail"),
    ("address", "Address"),
    ("address_part", "Address (part)"),
    ("area", "Area"),
    ("grade", "Grade"),
    ("next_visit", "Next visit"),
    ("birthday", "Birthday"),
    ("source", "Source"),
    ("status", "Status"),
    ("tags", "Tags"),
    ("notes", "Notes"),
    ("owner", "Owner"),
)
TARGET_KEYS = tuple(key for key, _ in TARGETS)
DATE_ORDERS = ("ymd", "dmy", "mdy")

_PHONE_TARGETS = {
    "phone_mobile": "mobile",
    "phone_work": "work",
    "phone_home": "home",
    "phone_fax": "fax",
    "phone_other": "other",
}

# Headers as written by people and by other programs (Google, Outlook, Thunderbird,
# Salesforce, HubSpot, vCard columns), folded by _fold(): lower case, no spaces
# or punctuation. English, Chinese and the German of localized exports.
_EXACT: dict[str, str] = {}


def _names(target: str, *headers: str) -> None:
    for header in headers:
        _EXACT[_fold(header)] = target


def _fold(header: str) -> str:
    text = header.casefold().replace("\n", "")
    return re.sub(r"[\s\-_.:/()（）'’·、*#]+", "", text)


_names(
    "name",
    "name", "full name", "display name", "contact name", "contact", "customer name",
    "fn", "formatted name", "anzeigename", "kontakt", "kunde",
    "姓名", "名字", "客户姓名", "联系人", "联系人姓名", "客户名称", "客户", "客户名", "称呼",
    "氏名", "名前",
)  # fmt: skip
_names(
    "given_name",
    "first name", "given name", "firstname", "first", "vorname", "名",
)  # fmt: skip
_names(
    "family_name",
    "last name", "family name", "surname", "lastname", "last", "nachname", "姓",
)  # fmt: skip
_names("middle_name", "middle name", "additional name", "2. vorname", "weitere vornamen")
_names(
    "company",
    "company", "company name", "organization", "organisation", "organization name",
    "org", "firma", "account", "account name", "employer", "unternehmen",
    "单位", "公司", "公司名称", "单位名称", "工作单位", "企业", "企业名称", "机构", "所属公司",
    "客户单位", "会社名",
)  # fmt: skip
_names(
    "title",
    "title", "job title", "jobtitle", "position", "role", "job", "arbeitstitel",
    "职位", "职务", "头衔", "岗位",
)  # fmt: skip
_names(
    "phone_mobile",
    "mobile", "mobile phone", "mobile number", "cell", "cell phone", "cellphone",
    "mobilephone", "mobiltelefon", "handy", "mobil-tel.-nr.", "mobil",
    "手机", "手机号", "手机号码", "移动电话", "携帯電話",
)  # fmt: skip
_names(
    "phone_work",
    "business phone", "business phone 2", "work phone", "phone work", "office phone",
    "company main phone", "tel. dienstlich", "telefon (geschäftlich)", "telefon geschäftlich",
    "büro", "办公电话", "公司电话", "单位电话", "工作电话", "座机",
)  # fmt: skip
_names(
    "phone_home",
    "home phone", "home phone 2", "phone home", "tel. privat", "telefon (privat)",
    "telefon privat", "家庭电话", "住宅电话",
)  # fmt: skip
_names(
    "phone_fax",
    "fax", "business fax", "home fax", "other fax", "fax-nummer", "fax (privat)",
    "fax (geschäftlich)", "传真",
)  # fmt: skip
_names(
    "phone_other",
    "phone", "telephone", "tel", "phone number", "phone other", "other phone", "primary phone",
    "telefon", "telefonnummer", "电话", "电话号码", "联系电话", "联系方式", "号码", "電話",
)  # fmt: skip
_names(
    "email",
    "email", "e-mail", "mail", "email address", "e-mail address", "e-mail 2 address",
    "e-mail 3 address", "email work", "email home", "email other", "primary email",
    "primäre e-mail-adresse", "sekundäre e-mail-adresse", "e-mail-adresse",
    "邮箱", "电子邮件", "电子邮箱", "邮件", "email地址", "メール",
)  # fmt: skip
_names(
    "address",
    "address", "home address", "business address", "other address", "mailing address",
    "adresse", "地址", "联系地址", "公司地址", "通讯地址", "住址", "单位地址", "详细地址", "住所",
)  # fmt: skip
_names(
    "address_part",
    "street", "city", "state", "province", "postal code", "postcode", "zip", "zip code",
    "country", "home street", "home city", "home state", "home postal code", "home country",
    "business street", "business city", "business state", "business postal code",
    "business country", "straße", "ort", "plz", "postleitzahl", "bundesland", "land",
    "privat: adresse", "privat: ort", "privat: plz", "privat: land", "privat: bundesland",
    "dienstlich: adresse", "dienstlich: ort", "dienstlich: plz", "dienstlich: land",
    "街道", "城市", "省份", "省", "市", "邮编", "邮政编码", "国家",
)  # fmt: skip
_names(
    "area",
    "area", "region", "district", "territory", "区域", "地区", "片区", "区县", "所在区域",
    "城区", "区", "所在地区", "辖区",
)  # fmt: skip
_names(
    "grade",
    "grade", "level", "customer grade", "客户等级", "等级", "级别", "客户级别", "分级",
    "客户分级", "意向等级",
)  # fmt: skip
_names(
    "next_visit",
    "next visit", "next visit date", "next contact", "follow up", "follow-up date",
    "follow up date", "下次回访", "下次回访日期", "回访日期", "下次拜访", "下次联系",
    "下次拜访日期", "计划回访",
)  # fmt: skip
_names(
    "birthday",
    "birthday", "birth date", "date of birth", "birthdate", "bday", "生日", "出生日期",
)  # fmt: skip
# Traditional Chinese (Taiwan, Hong Kong) headers.
_names("name", "客戶姓名", "聯絡人", "客戶名稱", "客戶")
_names("company", "公司名稱", "單位", "單位名稱", "企業名稱")
_names("phone_mobile", "手機", "手機號碼", "行動電話")
_names("phone_other", "電話號碼", "聯絡電話")
_names("address", "聯絡地址", "地址")
_names("area", "區域", "地區")
_names("grade", "等級", "客戶等級", "級別")
_names("next_visit", "下次回訪", "回訪日期")
_names("notes", "備註")
_names("source", "source", "lead source", "来源", "客户来源", "渠道")
_names("status", "客户状态", "状态")
_names(
    "tags",
    "tags", "tag", "categories", "category", "labels", "kategorien", "标签", "分类", "类别",
)  # fmt: skip
_names(
    "notes",
    "notes", "note", "comments", "comment", "description", "remarks", "background",
    "notizen", "bemerkung", "备注", "说明", "描述", "附注", "备忘",
)  # fmt: skip
_names(
    "owner",
    "owner", "salesperson", "sales rep", "负责人", "业务员", "销售", "跟进人", "客户经理",
    "销售员",
)  # fmt: skip

# Google Contacts' numbered columns: "Phone 1 - Value" with its "Phone 1 - Type".
_GOOGLE = re.compile(r"^(phone|e-mail|email|address|organization|organisation) (\d+) - (.+)$")
_GOOGLE_PART = {
    ("organization", "name"): "company",
    ("organisation", "name"): "company",
    ("organization", "title"): "title",
    ("organisation", "title"): "title",
    ("phone", "value"): "phone_other",
    ("e-mail", "value"): "email",
    ("email", "value"): "email",
    ("address", "formatted"): "address",
    ("address", "street"): "address_part",
    ("address", "city"): "address_part",
    ("address", "region"): "address_part",
    ("address", "postal code"): "address_part",
    ("address", "country"): "address_part",
}
# Salesforce account exports: NAME is the account, that is the company.
_SALESFORCE_MARKS = {"billingstreet", "accountnumber", "shippingstreet"}
_SALESFORCE = {
    "name": "company",
    "phone": "phone_work",
    "fax": "phone_fax",
    "billingstreet": "address_part",
    "billingcity": "address_part",
    "billingstate": "address_part",
    "billingpostalcode": "address_part",
    "billingcountry": "address_part",
    "description": "notes",
}
_ONE_ONLY = {"name", "given_name", "family_name", "middle_name", "grade", "next_visit"}


def guess_targets(headers: Sequence[str]) -> list[str]:
    """Where each column goes, from its header alone (no saved mappings)."""
    folded = [_fold(h) for h in headers]
    salesforce = bool(_SALESFORCE_MARKS & set(folded))
    targets: list[str] = []
    for header, key in zip(headers, folded, strict=True):
        target = "skip"
        google = _GOOGLE.match(header.strip().casefold())
        if salesforce and key in _SALESFORCE:
            target = _SALESFORCE[key]
        elif google:
            target = _GOOGLE_PART.get((google.group(1), google.group(3).strip()), "skip")
        elif key in _EXACT:
            target = _EXACT[key]
        elif key:
            target = _guess_by_part(key)
        targets.append(target)
    # Outlook's "Title" is the form of address (Dr., Mrs.) when a "Job Title" is there.
    if "jobtitle" in folded:
        targets = [
            "skip" if key == "title" and t == "title" else t
            for key, t in zip(folded, targets, strict=True)
        ]
    # A full address column makes its parts redundant.
    if "address" in targets:
        targets = ["skip" if t == "address_part" else t for t in targets]
    # Fields a card holds once: the first column wins, the rest are left to the user.
    seen: set[str] = set()
    for index, target in enumerate(targets):
        if target in _ONE_ONLY:
            if target in seen:
                targets[index] = "skip"
            seen.add(target)
    return targets


def _guess_by_part(key: str) -> str:
    """Headers that contain a telling word ('客户手机', 'Work Mobile', '公司名称（全称）')."""
    rules = (
        ("phone_mobile", ("手机", "mobile", "cell")),
        ("phone_fax", ("传真", "fax")),
        ("email", ("email", "邮箱", "e-mail", "mail")),
        ("phone_other", ("电话", "phone", "tel")),
        ("company", ("公司", "单位", "company", "organization", "organisation")),
        ("grade", ("等级", "级别")),
        ("next_visit", ("回访", "nextvisit")),
        ("address", ("地址", "address")),
        ("area", ("区域", "地区")),
        ("notes", ("备注", "notes", "remark", "comment")),
        ("name", ("姓名", "联系人")),
    )
    for target, words in rules:
        if any(word in key for word in words):
            return target
    return "skip"


# -- saved mappings ------------------------------------------------------------------------
def _mapping_key(headers: Sequence[str]) -> str:
    joined = "\x1f".join(_fold(h) for h in headers)
    return "import.mapping." + hashlib.sha1(joined.encode("utf-8")).hexdigest()[:16]


def saved_mapping(headers: Sequence[str]) -> list[str] | None:
    """The mapping the user saved for a file with exactly these headers, if any."""
    stored = settings.get(_mapping_key(headers))
    if not isinstance(stored, dict):
        return None
    targets = stored.get("targets")
    if (
        not isinstance(targets, list)
        or len(targets) != len(headers)
        or not all(t in TARGET_KEYS for t in targets)
    ):
        return None
    return [str(t) for t in targets]


def save_mapping(headers: Sequence[str], targets: Sequence[str]) -> None:
    """Remember the mapping for the next file with the same headers (kept in the database)."""
    check_targets(headers, targets)
    settings.put(_mapping_key(headers), {"headers": list(headers), "targets": list(targets)})


def guess_mapping(headers: Sequence[str]) -> list[str]:
    """A saved mapping for these headers, else the guess from the headers."""
    return saved_mapping(headers) or guess_targets(headers)


def check_targets(headers: Sequence[str], targets: Sequence[str]) -> None:
    if len(targets) != len(headers):
        raise ValueError("one target per column is needed")
    unknown = [t for t in targets if t not in TARGET_KEYS]
    if unknown:
        raise ValueError(f"unknown import targets: {', '.join(unknown)}")


# -- values ----------------------------------------------------------------------------------
_YMD = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"  # a time is dropped
)
_DMY_DOTS = re.compile(r"^(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})$")
_YEAR_LAST = re.compile(r"^(\d{1,2})[/-](\d{1,2})[/-](\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def parse_import_date(text: str | date | None, order: str = "ymd") -> date | None:
    """A date in the forms lists carry: 2025/3/5, 2025-03-05, 2025年3月5日, 5.3.2025, 3/5/2025.

    order settles a/b/yyyy: 'mdy' reads 3/5/2025 as March 5, 'dmy' (and 'ymd',
    whose own forms put the year first) as 3 May, unless one part is over 12.
    """
    if text is None:
        return None
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    raw = str(text).strip()
    if not raw:
        return None
    match = _YMD.match(raw) or _COMPACT.match(raw)
    if match:
        year, month, day = (int(g) for g in match.groups())
    elif match := _DMY_DOTS.match(raw):
        day, month, year = (int(g) for g in match.groups())
    elif match := _YEAR_LAST.match(raw):
        first, second, year = (int(g) for g in match.groups())
        if first > 12 or (second <= 12 and order != "mdy"):
            day, month = first, second
        else:
            month, day = first, second
    else:
        raise DateError(f"'{raw}' is not a date.")
    try:
        return date(year, month, day)
    except ValueError:
        raise DateError(f"'{raw}' is not a date on the calendar.") from None


_STATUS_WORDS = {
    "prospect": "prospect",
    "潜在客户": "prospect",
    "意向客户": "prospect",
    "潜在": "prospect",
    "customer": "customer",
    "客户": "customer",
    "成交": "customer",
    "已成交": "customer",
    "老客户": "customer",
    "inactive": "inactive",
    "停用": "inactive",
    "流失": "inactive",
    "无效": "inactive",
}


def _split_multi(value: str) -> list[str]:
    """Google joins several values of one cell with ' ::: '."""
    return [v.strip() for v in value.split(":::") if v.strip()]


def _phone_label_of(type_text: str, default: str) -> str:
    text = type_text.casefold()
    if "fax" in text:
        return "fax"
    if "mobile" in text or "cell" in text or "handy" in text or "mobil" in text:
        return "mobile"
    if "work" in text or "business" in text or "dienst" in text or "geschäft" in text:
        return "work"
    if "home" in text or "privat" in text:
        return "home"
    return default


def _phone_type_columns(headers: Sequence[str]) -> dict[int, int]:
    """For Google's 'Phone N - Value' columns, the 'Phone N - Type' column beside them."""
    found: dict[tuple[str, str], int] = {}
    for index, header in enumerate(headers):
        match = _GOOGLE.match(header.strip().casefold())
        if match and match.group(1) == "phone":
            found[(match.group(2), match.group(3).strip())] = index
    return {
        found[(n, "value")]: found[(n, "type")]
        for (n, part) in found
        if part == "value" and (n, "type") in found
    }


def to_rows(table: Table, targets: Sequence[str], date_order: str = "ymd") -> list[ImportRow]:
    """Each table row as card values, with the problems found in it; empty rows are dropped."""
    check_targets(table.headers, targets)
    if date_order not in DATE_ORDERS:
        raise ValueError(f"date order must be one of {', '.join(DATE_ORDERS)}")
    type_columns = _phone_type_columns(table.headers)
    groups = [_address_group(h) for h in table.headers]
    out: list[ImportRow] = []
    for number, values in zip(table.row_numbers, table.rows, strict=True):
        if not any(v.strip() for v in values):
            continue
        out.append(_to_row(number, values, targets, type_columns, groups, date_order))
    return out


def _to_row(  # noqa: PLR0917
    number: int,
    values: Sequence[str],
    targets: Sequence[str],
    type_columns: dict[int, int],
    groups: Sequence[str],
    date_order: str,
) -> ImportRow:
    problems: list[str] = []
    part_groups: dict[str, list[str]] = {}
    got: dict[str, list[str]] = {}
    phones: list[Phone] = []
    emails: list[str] = []
    for index, target in enumerate(targets):
        value = values[index].strip() if index < len(values) else ""
        if not value or target == "skip":
            continue
        if target in _PHONE_TARGETS:
            label = _PHONE_TARGETS[target]
            if index in type_columns:
                label = _phone_label_of(values[type_columns[index]], label)
            for item in _split_multi(value):
                for number_text in re.split(r"\s*[;；,，]\s*|\s+/\s+", item):
                    if number_text.strip():
                        phones.append(Phone(label, number_text.strip()))
        elif target == "address_part":
            part_groups.setdefault(groups[index], []).append(value.replace("\n", ", "))
        elif target == "email":
            for item in _split_multi(value):
                emails.extend(e for e in re.split(r"[;,\s]+", item) if e)
        else:
            got.setdefault(target, []).append(" , ".join(_split_multi(value)).replace(" , ", ", "))
    fields: dict[str, object] = {}
    # Given and family name columns beat a display name ('Maxl', 'Dr. Max … jr.').
    name = _compose(got) if _first(got, "given_name") and _first(got, "family_name") else ""
    name = name or _first(got, "name") or _compose(got)
    company = ", ".join(got.get("company", []))
    if company:
        fields["company"] = company
    # Phones: one number once, whichever column it came from.
    unique: list[Phone] = []
    seen_digits: set[str] = set()
    for phone in phones:
        key = match_digits(phone.number) or phone.number
        if key not in seen_digits:
            seen_digits.add(key)
            unique.append(phone)
    if unique:
        fields["phones"] = unique
    unique_emails = list(dict.fromkeys(emails))
    if unique_emails:
        fields["email"] = unique_emails[0]
    if not name:
        name = company or (unique_emails[0] if unique_emails else "")
        name = name or (unique[0].number if unique else "")
    if name:
        fields["name"] = name
    notes = list(got.get("notes", []))
    if len(unique_emails) > 1:
        notes.append("E-mail: " + ", ".join(unique_emails[1:]))
    if notes:
        fields["notes"] = "\n".join(notes)
    for key in ("title", "area", "owner", "source"):
        if got.get(key):
            fields[key] = ", ".join(got[key])
    full = got.get("address", [])
    if full:
        fields["address"] = full[0].replace("\n", ", ")
    elif part_groups:
        # Home and business parts side by side: the first address given wins whole.
        fields["address"] = ", ".join(next(iter(part_groups.values())))
    if got.get("tags"):
        fields["tags"] = ", ".join(got["tags"])
    status = _first(got, "status")
    if status:
        code = _STATUS_WORDS.get(status.strip().casefold())
        if code:
            fields["status"] = code
        else:
            problems.append(f"'{status}' is not a status (prospect, customer, inactive): left out.")
    birthday = _first(got, "birthday")
    if birthday:
        try:
            fields["birthday"] = parse_import_date(birthday, date_order)
        except DateError as error:
            problems.append(f"Birthday {error} Left out.")
    next_visit: date | None = None
    visit_text = _first(got, "next_visit")
    if visit_text:
        try:
            next_visit = parse_import_date(visit_text, date_order)
        except DateError as error:
            problems.append(f"Next visit {error} Left out.")
    grade: str | None = None
    f_kind: str | None = None
    grade_text = _first(got, "grade")
    if grade_text:
        try:
            grade_text = grade_text.replace("級", "级")  # Traditional 'A級'
            grade = grades.parse_grade(grade_text)
            written = grade_text.strip().upper().removesuffix("级").strip()
            f_kind = written if written in grades.F_KINDS else None
        except grades.GradeError as error:
            problems.append(f"{error} The card gets grade F.")
    return ImportRow(
        row=number,
        fields=fields,
        grade=grade,
        f_kind=f_kind,
        next_visit=next_visit,
        problems=problems,
    )


_GROUP_WORDS = {
    "home",
    "business",
    "work",
    "other",
    "privat",
    "dienstlich",
    "billing",
    "shipping",
    "mailing",
    "geschäftlich",
}


def _address_group(header: str) -> str:
    """'Home City' and 'Privat: Ort' belong to the home address, 'Business City' to another."""
    words = re.split(r"[\s:()（）]+", header.casefold().strip())
    for word in words:
        if word in _GROUP_WORDS:
            return word
    return ""


def _first(got: dict[str, list[str]], key: str) -> str:
    values = got.get(key) or [""]
    return values[0].strip()


def _compose(got: dict[str, list[str]]) -> str:
    from salesdesk.io.vcard import compose_name

    return compose_name(
        _first(got, "given_name"), _first(got, "middle_name"), _first(got, "family_name")
    )
