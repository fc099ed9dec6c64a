"""Which column of an imported table goes into which card field, and the rows as card values."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from salesdesk.domain import grades
from salesdesk.domain.dates import DateError
from salesdesk.domain.values import Phone
from salesdesk.io.readers import ImportFileError, Table
from salesdesk.models.store import Store, writing
from salesdesk.models.tables import on_store
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
    ("phone_pager", "Pager"),
    ("email", "E-mail"),
    ("wechat", "WeChat ID"),
    ("address", "Address"),
    ("address_part", "Address (part)"),
    ("area", "Area"),
    ("grade", "Grade"),
    ("next_visit", "Next visit"),
    ("birthday", "Birthday"),
    ("birth_year", "Birthday (year)"),
    ("birth_month", "Birthday (month)"),
    ("birth_day", "Birthday (day)"),
    ("source", "Source"),
    ("status", "Status"),
    ("tags", "Tags"),
    ("notes", "Notes"),
    ("note_field", "Notes, headed by the column"),
    ("other_person", "Another person's (notes, headed by the column)"),
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
    "phone_pager": "other",
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
    "fn", "formatted name", "anzeigename", "kontakt", "kunde", "nom à afficher",
    "显示名称",
    "姓名", "名字", "客户姓名", "联系人", "联系人姓名", "客户名称", "客户", "客户名", "称呼",
    "氏名", "名前",
)  # fmt: skip
_names(
    "given_name",
    "first name", "given name", "firstname", "first", "vorname", "名", "prénom",
)  # fmt: skip
_names(
    "family_name",
    "last name", "family name", "surname", "lastname", "last", "nachname", "姓",
    "nom de famille",
)  # fmt: skip
_names("middle_name", "middle name", "additional name", "2. vorname", "weitere vornamen")
_names(
    "company",
    "company", "company name", "organization", "organisation", "organization name",
    "org", "firma", "account name", "employer", "unternehmen", "organization name",
    "organisation name", "companyname", "accountname", "société", "entreprise", "组织",
    "单位", "公司", "公司名称", "单位名称", "工作单位", "企业", "企业名称", "机构", "所属公司",
    "客户单位", "会社名",
)  # fmt: skip
_names(
    "title",
    "title", "job title", "jobtitle", "position", "role", "job", "arbeitstitel",
    "职位", "职务", "头衔", "岗位", "organization title", "fonction",
)  # fmt: skip
_names(
    "phone_mobile",
    "mobile", "mobile phone", "mobile number", "cell", "cell phone", "cellphone",
    "mobilephone", "mobiltelefon", "handy", "mobil-tel.-nr.", "mobil", "mobile number",
    "portable", "移动电话号码", "手机号码1", "cell number",
    "手机", "手机号", "手机号码", "移动电话", "携帯電話",
)  # fmt: skip
_names(
    "phone_work",
    "business phone", "business phone 2", "work phone", "phone work", "office phone",
    "company main phone", "tel. dienstlich", "telefon (geschäftlich)", "telefon geschäftlich",
    "办公电话", "公司电话", "单位电话", "工作电话", "座机", "work", "business",
    "tel. professionnel", "工作电话号码", "固定电话", "固话", "办公室电话",
)  # fmt: skip
_names(
    "phone_home",
    "home phone", "home phone 2", "phone home", "tel. privat", "telefon (privat)",
    "telefon privat", "家庭电话", "住宅电话", "home", "tel. personnel", "家庭电话号码",
)  # fmt: skip
_names(
    "phone_fax",
    "fax", "business fax", "home fax", "other fax", "fax-nummer", "fax (privat)",
    "fax (geschäftlich)", "传真", "fax number", "传真号码", "other fax",
)  # fmt: skip
_names(
    "phone_other",
    "phone", "telephone", "tel", "phone number", "phone other", "other phone", "primary phone",
    "telefon", "telefonnummer", "电话", "电话号码", "联系电话", "联系方式", "号码", "電話",
    "car phone", "callback", "isdn", "radio phone", "tty/tdd phone", "telex", "other phone",
)  # fmt: skip
_names(
    "email",
    "email", "e-mail", "mail", "email address", "e-mail address", "e-mail 2 address",
    "e-mail 3 address", "email work", "email home", "email other", "primary email",
    "primäre e-mail-adresse", "sekundäre e-mail-adresse", "e-mail-adresse", "primary email",
    "secondary email", "email work", "email home", "email other", "e-mail 2", "e-mail 3",
    "adresse électronique principale", "adresse électronique secondaire",
    "主要电子邮件", "次要电子邮件", "电子邮件地址", "邮箱地址", "email 1", "email 2",
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
    "date_of_birth", "geburtstag", "anniversaire", "生日日期",
)  # fmt: skip
_names("birth_year", "birth year", "geburtsjahr", "année de naissance", "出生年份", "出生年")
_names("birth_month", "birth month", "geburtsmonat", "mois de naissance", "出生月份", "出生月")
_names("birth_day", "jour de naissance", "出生日")
_names(
    "wechat", "wechat", "wechat id", "weixin", "微信", "微信号", "微信名", "微信账号", "x-wechat"
)
_names("phone_pager", "pager", "pager number", "pager-nummer", "寻呼机", "寻呼机号码", "bp机")
_names(
    "note_field",
    "qq", "qq号", "department", "abteilung", "部门", "web page", "website", "webseite",
    "网址", "lifecyclestage", "hs_lead_status", "lead status", "rating", "industry", "行业",
    "nickname", "spitzname", "昵称", "性别", "gender", "organization 1 - department",
    "organization department", "user 1", "user 2", "user 3", "user 4", "custom 1", "custom 2",
    "custom 3", "custom 4", "benutzerdef. 1", "benutzerdef. 2", "benutzerdef. 3",
    "benutzerdef. 4",
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
    "group membership", "keywords",
)  # fmt: skip
_names(
    "notes",
    "notes", "note", "comments", "comment", "description", "remarks", "background",
    "notizen", "bemerkung", "备注", "说明", "描述", "附注", "备忘", "备注信息",
)  # fmt: skip
_names(
    "owner",
    "owner", "salesperson", "sales rep", "负责人", "业务员", "销售", "跟进人", "客户经理",
    "销售员", "owner name", "contact owner",
)  # fmt: skip

# Google Contacts' numbered columns: "Phone 1 - Value" with its "Phone 1 - Type" (legacy)
# or "Phone 1 - Label" (current format).
_GOOGLE = re.compile(
    r"^(phone|e-mail|email|address|organization|organisation|relation|website|event|"
    r"custom field|im) (\d+) - (.+)$"
)
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
    ("address", "po box"): "address_part",
    ("address", "extended address"): "address_part",
    ("address", "city"): "address_part",
    ("address", "region"): "address_part",
    ("address", "postal code"): "address_part",
    ("address", "country"): "address_part",
    ("relation", "value"): "other_person",
}
# Salesforce exports use API names (FirstName, MailingCity, OWNERID); an account
# export's NAME is the company.
_SALESFORCE_MARKS = {
    "billingstreet", "accountnumber", "shippingstreet", "mailingstreet", "accountid",
    "leadsource", "ownerid", "createddate", "createdbyid", "isdeleted", "systemmodstamp",
}  # fmt: skip
_SALESFORCE_ACCOUNT = {"billingstreet", "accountnumber", "shippingstreet", "industry"}
_SALESFORCE = {
    "firstname": "given_name",
    "lastname": "family_name",
    "middlename": "middle_name",
    "email": "email",
    "phone": "phone_work",
    "mobilephone": "phone_mobile",
    "homephone": "phone_home",
    "otherphone": "phone_other",
    "assistantphone": "other_person",
    "assistantname": "other_person",
    "fax": "phone_fax",
    "title": "title",
    "accountname": "company",
    "company": "company",
    "birthdate": "birthday",
    "leadsource": "source",
    "description": "notes",
    "website": "note_field",
    "industry": "note_field",
    "rating": "note_field",
    "department": "note_field",
    "status": "note_field",
    "type": "note_field",
}
# Columns of another person than the row's (Outlook's Assistant's Phone, a family
# list's Mum-Phone): never the row's own phone or e-mail.
_OTHER_PERSON = re.compile(
    r"^\s*(mum|mom|mother|dad|father|parent|spouse|wife|husband|partner|sister|brother|"
    r"son|daughter|child|children|kid|assistant|manager|boss|secretary|emergency|relative|"
    r"friend|guardian|referred by)(?:'s|’s|s)?(?:\b|[-_ :]|$)"
    r"|^\s*(配偶|爱人|妻子|丈夫|老公|老婆|母亲|父亲|妈妈|爸爸|子女|孩子|助理|秘书|紧急联系人|"
    r"家属|介绍人|推荐人)",
    re.IGNORECASE,
)
# Known columns that hold nothing a card keeps: named as ignored, never guessed at.
_IGNORED = {
    _fold(h)
    for h in (
        "E-mail Display Name", "E-mail 2 Display Name", "E-mail 3 Display Name",
        "E-mail Type", "E-mail 2 Type", "E-mail 3 Type", "Account", "Organizational ID Number",
        "Government ID Number", "Office Location", "Büro", "Location", "Id", "ID", "Action",
        "Initials", "Suffix", "Name Suffix", "Name Prefix", "Yomi Name", "File As",
        "Given Name Yomi", "Family Name Yomi", "Additional Name Yomi", "Company Yomi",
        "Phonetic First Name", "Phonetic Middle Name", "Phonetic Last Name", "Photo",
        "Messenger-Name", "Screen Name", "Mileage", "Billing Information", "Directory Server",
        "Sensitivity", "Priority", "Private", "Internet Free Busy", "Language", "Hobby",
        "Profession", "Short Name", "Maiden Name",
        "Subject", "Occupation", "Anniversary", "Record ID", "hubspot_owner_id",
    )
}  # fmt: skip
_ONE_ONLY = {
    "name", "given_name", "family_name", "middle_name", "grade", "next_visit", "birthday",
    "birth_year", "birth_month", "birth_day", "wechat",
}  # fmt: skip

# Address parts by what the header says, after its group word ('Home', 'Privat') is
# taken off: a street line, PO box, city, region, postcode, country; 'full' is a whole
# address in one cell.
_ADDRESS_PARTS: dict[str, str] = {}
for _part, _words in (
    ("full", ("address", "adresse", "地址", "formattedaddress", "mailingaddress")),
    ("street", ("street", "street1", "straße", "strasse", "address1", "adresse1", "street address",
                "街道", "街道地址", "rue")),
    ("street2", ("street2", "street3", "address2", "adresse2", "addressline2", "extendedaddress")),
    ("pobox", ("addresspobox", "pobox", "postfach", "postbox", "邮政信箱")),
    ("city", ("city", "ort", "stadt", "town", "ville", "城市", "市")),
    ("region", ("state", "province", "region", "bundesland", "county", "province/state",
                "stateprovince", "省", "省份")),
    ("postcode", ("postalcode", "postcode", "zip", "zipcode", "plz", "postleitzahl",
                  "邮编", "邮政编码", "codepostal")),
    ("country", ("country", "countryregion", "land", "landregion", "pays", "国家")),
):  # fmt: skip
    for _word in _words:
        _ADDRESS_PARTS[_fold(_word)] = _part
_GROUPS = {
    "home": "home", "privat": "home", "private": "home", "personal": "home", "家庭": "home",
    "住宅": "home", "business": "work", "work": "work", "dienstlich": "work",
    "geschäftlich": "work", "office": "work", "公司": "work", "单位": "work",
    "other": "other", "mailing": "work", "billing": "work", "shipping": "other",
}  # fmt: skip
_GROUP_ORDER = ("", "work", "home", "other")


def _split_group(key: str) -> tuple[str, str]:
    """'homeaddresspobox' -> ('home', 'addresspobox'); 'straßeprivat' -> ('home', 'straße')."""
    for word, group in _GROUPS.items():
        if key.startswith(word) and key != word:
            return group, key[len(word) :]
        if key.endswith(word) and key != word:
            return group, key[: -len(word)]
    return "", key


def address_part(header: str) -> tuple[str, str] | None:
    """(group, part) for an address column ('Business Address PO Box' -> ('work', 'pobox'))."""
    key = _fold(header)
    google = _GOOGLE.match(header.strip().casefold())
    if google and google.group(1) == "address":
        part = _fold(google.group(3))
        if part in ("type", "label"):
            return None
        part = {"formatted": "full", "extendedaddress": "street2"}.get(part, part)
        return f"#{google.group(2)}", _ADDRESS_PARTS.get(part, part)
    group, rest = _split_group(key)
    if rest in _ADDRESS_PARTS:
        return group, _ADDRESS_PARTS[rest]
    if rest.startswith("address") and rest[7:] in _ADDRESS_PARTS:  # 'Home Address City'
        return group, _ADDRESS_PARTS[rest[7:]]
    return None


def guess_targets(headers: Sequence[str]) -> list[str]:
    """Where each column goes, from its header alone (no saved mappings)."""
    folded = [_fold(h) for h in headers]
    folded_set = set(folded)
    salesforce = bool(_SALESFORCE_MARKS & folded_set)
    account = salesforce and bool(_SALESFORCE_ACCOUNT & folded_set)
    split_birthday = (
        "birthyear" in folded_set or "geburtsjahr" in folded_set or ("出生年份" in folded_set)
    )
    targets: list[str] = []
    for header, key in zip(headers, folded, strict=True):
        targets.append(_target_of(header, key, salesforce, account, split_birthday))
    # Outlook's "Title" is the form of address (Dr., Mrs.) when a "Job Title" is there.
    if "jobtitle" in folded_set:
        targets = [
            "skip" if key == "title" and t == "title" else t
            for key, t in zip(folded, targets, strict=True)
        ]
    # Fields a card holds once: the first column wins, the rest are left to the user.
    seen: set[str] = set()
    for index, target in enumerate(targets):
        if target in _ONE_ONLY:
            if target in seen:
                targets[index] = "note_field" if target == "name" else "skip"
            seen.add(target)
    return targets


def _target_of(header: str, key: str, salesforce: bool, account: bool, split_birthday: bool) -> str:
    if not key:
        return "skip"
    if _OTHER_PERSON.match(header):
        return "other_person"
    if key in _IGNORED:
        return "skip"
    if salesforce:
        if key == "name":
            return "company" if account else "name"
        if key in _SALESFORCE:
            return _SALESFORCE[key]
        for prefix in ("mailing", "billing", "shipping", "other", ""):
            rest = key.removeprefix(prefix)
            if prefix and rest != key and _ADDRESS_PARTS.get(rest) not in (None, "full"):
                return "address_part"
        if key.endswith("id") or key.endswith("date") or key.startswith("is"):
            return "skip"
    google = _GOOGLE.match(header.strip().casefold())
    if google:
        kind, part = google.group(1), google.group(3).strip()
        if kind == "address":
            where = address_part(header)
            return (
                "skip" if where is None else ("address" if where[1] == "full" else "address_part")
            )
        if (kind, part) == ("organization", "department"):
            return "note_field"
        return _GOOGLE_PART.get((kind, part), "skip")
    if key.startswith("hs") and "_" in header:  # HubSpot's own bookkeeping: hs_object_id
        return _EXACT.get(key, "skip")
    if key in ("geburtstag", "出生日期", "birthday") and split_birthday:
        return "birth_day"  # Thunderbird's split birthday: 'Geburtstag' is the day
    if key in _EXACT:
        return _EXACT[key]
    where = address_part(header)
    if where is not None:
        return "address" if where[1] == "full" else "address_part"
    group, rest = _split_group(key)
    if group and rest in _EXACT:  # 'Telefon (privat)', 'Fax (geschäftlich)', 'Work Mobile'
        target = _EXACT[rest]
        if target in ("phone_other", "phone_work", "phone_home"):
            return {"home": "phone_home", "work": "phone_work"}.get(group, "phone_other")
        return target
    if key.endswith(("displayname", "type", "label", "yomi", "id", "phonetic")):
        return "skip"
    return _guess_by_part(key)


def _guess_by_part(key: str) -> str:
    """Headers that contain a telling word ('客户手机', 'Work Mobile', '公司名称（全称）')."""
    rules = (
        ("wechat", ("微信", "wechat", "weixin")),
        ("phone_mobile", ("手机", "mobile", "cell")),
        ("phone_fax", ("传真", "fax")),
        ("email", ("email", "邮箱", "e-mail", "mail")),
        ("phone_other", ("电话", "phone", "tel")),
        ("company", ("公司", "单位", "company", "organization", "organisation")),
        ("grade", ("等级", "级别")),
        ("next_visit", ("回访", "nextvisit")),
        ("address", ("地址", "address")),
        ("area", ("区域", "地区", "片区")),
        ("notes", ("备注", "notes", "remark", "comment")),
        ("name", ("姓名", "联系人")),
        ("birthday", ("生日", "birthday")),
    )
    for target, words in rules:
        if any(word in key for word in words):
            return target
    return "skip"


# -- saved mappings ------------------------------------------------------------------------
def _mapping_key(headers: Sequence[str]) -> str:
    joined = "\x1f".join(_fold(h) for h in headers)
    return "import.mapping." + hashlib.sha1(joined.encode("utf-8")).hexdigest()[:16]


@on_store
def saved_mapping(headers: Sequence[str], *, store: Store | None = None) -> list[str] | None:
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


@on_store
def save_mapping(
    headers: Sequence[str], targets: Sequence[str], *, store: Store | None = None
) -> None:
    """Remember the mapping for the next file with the same headers (kept in the database)."""
    check_targets(headers, targets)
    with writing(store):
        settings.put(_mapping_key(headers), {"headers": list(headers), "targets": list(targets)})


@on_store
def guess_mapping(headers: Sequence[str], *, store: Store | None = None) -> list[str]:
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
    if ":::" not in value:
        return [value]
    return [v.strip() for v in value.split(":::") if v.strip()]


_PHONE_SEPARATORS = re.compile(r"\s*[;；,，]\s*|\s+/\s+")
_HAS_SEPARATOR = re.compile(r"[;；,，/]")


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
    """For Google's 'Phone N - Value' (and Relation, E-mail) columns, their Type/Label column."""
    found: dict[tuple[str, str, str], int] = {}
    for index, header in enumerate(headers):
        match = _GOOGLE.match(header.strip().casefold())
        if match:
            found[(match.group(1), match.group(2), match.group(3).strip())] = index
    out: dict[int, int] = {}
    for (kind, n, part), index in found.items():
        if part == "value":
            for label in ("type", "label"):
                if (kind, n, label) in found:
                    out[index] = found[(kind, n, label)]
    return out


# -- dates: the order of a/b/yyyy, per column --------------------------------------------
DATE_TARGETS = ("birthday", "next_visit")


def infer_date_order(values: Iterable[str]) -> str | None:
    """'dmy' or 'mdy' when the column's own values settle it; 'ambiguous' when none can
    (every value like 3/5/1980), 'mixed' when they contradict, None with no such dates."""
    day_first = month_first = ambiguous = 0
    for value in values:
        match = _YEAR_LAST.match(value.strip())
        if not match:
            continue
        first, second = int(match.group(1)), int(match.group(2))
        if first > 12 >= second:
            day_first += 1
        elif second > 12 >= first:
            month_first += 1
        elif first != second:
            ambiguous += 1
    if day_first and month_first:
        return "mixed"
    if day_first:
        return "dmy"
    if month_first:
        return "mdy"
    return "ambiguous" if ambiguous else None


def date_orders(
    table: Table, targets: Sequence[str], known: dict[int, str | None] | None = None
) -> dict[int, str]:
    """For each date column with day/month dates: its inferred order (or ambiguous/mixed).

    known: the orders of columns worked out before (by column), used and added to: a
    column of 200,000 dates takes 0.4 s to read.
    """
    out: dict[int, str] = {}
    known = {} if known is None else known
    for index, target in enumerate(targets):
        if target in DATE_TARGETS:
            if index not in known:
                known[index] = column_date_order(table, index)
            order = known[index]
            if order is not None:
                out[index] = order
    return out


def column_date_order(table: Table, index: int) -> str | None:
    """infer_date_order of one column of the table."""
    return infer_date_order(r[index] for r in table.rows if index < len(r))


def describe(table: Table, targets: Sequence[str], date_order: str | None = None) -> list[str]:
    """What the report says about the file as a whole: ignored columns, date orders, sheets."""
    notes: list[str] = []
    ignored = [h for h, t in zip(table.headers, targets, strict=True) if t == "skip"]
    if ignored:
        notes.append("Columns not imported: " + ", ".join(f"'{h}'" for h in ignored) + ".")
    others = [
        t for t, target in zip(table.headers, targets, strict=True) if target == "other_person"
    ]
    if others:
        notes.append(
            "Columns of another person kept in the notes under their header: "
            + ", ".join(f"'{h}'" for h in others)
            + "."
        )
    for index, order in date_orders(table, targets).items():
        header = table.headers[index]
        if order == "ambiguous":
            chosen = date_order or "ymd"
            reading = "month first" if chosen == "mdy" else "day first"
            notes.append(
                f"Dates in '{header}' (such as 3/5/1980) could be day or month first: "
                f"read {reading}. Choose with --date-order dmy or mdy."
            )
        elif order == "mixed":
            notes.append(
                f"Dates in '{header}' are written both day first and month first: "
                "rows whose date cannot be told are read "
                + ("month first." if date_order == "mdy" else "day first.")
            )
        else:
            notes.append(
                f"Dates in '{header}' are read "
                + ("month first (M/D/Y)." if order == "mdy" else "day first (D/M/Y).")
            )
    if table.sheets and len(table.sheets) > 1:
        left = [name for name in table.sheets if name not in (table.sheet, table.deals_sheet)]
        if left:
            notes.append("Sheets not imported: " + ", ".join(f"'{n}'" for n in left) + ".")
    for note in table.notes:
        notes.append(note)
    return notes


# -- rows ------------------------------------------------------------------------------------
@dataclass
class _Column:
    index: int
    target: str
    header: str
    group: str = ""  # address group ('home', 'work', '#1') for address columns
    part: str = ""  # address part
    type_column: int | None = None  # Google's Type/Label column beside a value
    order: str = "ymd"  # date order for date columns
    plain: bool = False  # a value that is only collected (name, company, notes, …)


def to_rows(
    table: Table, targets: Sequence[str], date_order: str | None = "ymd"
) -> list[ImportRow]:
    """Each table row as card values, with the problems found in it; empty rows are dropped.

    date_order settles a/b/yyyy dates in columns whose own values do not (None: day first).
    """
    return list(iter_rows(table, targets, date_order))


def iter_rows(
    table: Table, targets: Sequence[str], date_order: str | None = "ymd", *, consume: bool = False
) -> Iterator[ImportRow]:
    """to_rows() one row at a time; consume=True lets each table row go once it is read,
    so a 200,000-row file is not held twice (the table has no rows afterwards)."""
    check_targets(table.headers, targets)
    if date_order is not None and date_order not in DATE_ORDERS:
        raise ValueError(f"date order must be one of {', '.join(DATE_ORDERS)}")
    type_columns = _phone_type_columns(table.headers)
    inferred = date_orders(table, targets)
    columns: list[_Column] = []
    for index, (header, target) in enumerate(zip(table.headers, targets, strict=True)):
        if target == "skip":
            continue
        column = _Column(index, target, header, type_column=type_columns.get(index))
        if target in ("address", "address_part"):
            where = address_part(header) or ("", "full" if target == "address" else "street")
            column.group, column.part = where
            if target == "address":
                column.part = "full"
        if target in DATE_TARGETS:
            order = inferred.get(index)
            column.order = order if order in ("dmy", "mdy") else (date_order or "ymd")
        column.plain = target not in _SPECIAL_TARGETS
        columns.append(column)
    width = len(table.headers)
    to_row = _row_maker(columns)
    for number, values in _numbered_rows(table, consume):
        if not any(values):
            continue
        padded = values if len(values) >= width else [*values, *([""] * (width - len(values)))]
        yield to_row(number, padded)
    if consume and isinstance(table.rows, list):
        table.rows = []


def _numbered_rows(table: Table, consume: bool) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) of each row; consume lets each row of a held table go."""
    rows = table.rows
    if not isinstance(rows, list):  # readers.LazyRows: read from the file as walked
        yield from zip(table.row_numbers, rows, strict=True)
        return
    for index, number in enumerate(table.row_numbers):
        values = rows[index]
        if consume:
            rows[index] = []
        yield number, values


# Targets _to_row does more with than collect their values.
_SPECIAL_TARGETS = frozenset(
    (*_PHONE_TARGETS, "address", "address_part", "email", "note_field", "other_person",
     "birth_year", "birth_month", "birth_day", *DATE_TARGETS)
)  # fmt: skip
_EMAIL = re.compile(r"[^\s<>()\[\],;:\"']+@[^\s<>()\[\],;:\"']+\.[^\s<>()\[\],;:\"']+")
_SYSTEM_GROUPS = {"mycontacts", "systemgroupmycontacts", "starred", "systemgroupstarred"}


def _to_row(number: int, values: Sequence[str], columns: Sequence[_Column]) -> ImportRow:
    problems: list[str] = []
    addresses: dict[str, dict[str, list[str]]] = {}
    got: dict[str, list[str]] = {}
    phones: list[Phone] = []
    emails: list[str] = []
    labelled: list[str] = []
    birth: dict[str, str] = {}
    orders: dict[str, str] = {}
    for column in columns:
        value = values[column.index].strip()
        if not value:
            continue
        target = column.target
        if column.plain:  # what the last branch below does, without the tests before it
            if ":::" in value:
                value = ", ".join(_split_multi(value))
            got.setdefault(target, []).append(value)
            continue
        if target in _PHONE_TARGETS:
            label = _PHONE_TARGETS[target]
            primary = False
            if column.type_column is not None:
                type_text = values[column.type_column]
                label = _phone_label_of(type_text, label)
                primary = type_text.strip().startswith("*")
            if ":::" in value or _HAS_SEPARATOR.search(value):
                found = [
                    Phone(label, text.strip())
                    for item in _split_multi(value)
                    for text in _PHONE_SEPARATORS.split(item)
                    if text.strip()
                ]
            else:
                found = [Phone(label, value)]
            if primary:
                phones[0:0] = found
            else:
                phones.extend(found)
        elif target in ("address", "address_part"):
            parts = addresses.setdefault(column.group, {})
            parts.setdefault(column.part, []).append(value.replace("\r", "").replace("\n", ", "))
        elif target == "email":
            primary = column.type_column is not None and values[column.type_column].startswith("*")
            for item in _split_multi(value):
                mails: list[str] = _EMAIL.findall(item)
                if not mails:
                    labelled.append(f"{column.header}: {item}")
                    problems.append(
                        f"'{item}' in '{column.header}' is not an e-mail: kept in notes."
                    )
                emails[0:0] = mails if primary else []
                emails.extend([] if primary else mails)
        elif target in ("note_field", "other_person"):
            header = column.header
            if column.type_column is not None and values[column.type_column].strip():
                header = f"{header} ({values[column.type_column].strip().lstrip('* ')})"
            labelled.append(f"{header}: {' , '.join(_split_multi(value))}".replace(" , ", ", "))
        elif target in ("birth_year", "birth_month", "birth_day"):
            birth.setdefault(target, value)
        else:
            if target in DATE_TARGETS:
                orders.setdefault(target, column.order)
            if ":::" in value:
                value = ", ".join(_split_multi(value))
            got.setdefault(target, []).append(value)
    fields: dict[str, object] = {}
    # Given and family name columns beat a display name ('Maxl', 'Dr. Max … jr.').
    if "given_name" in got or "family_name" in got or "middle_name" in got:
        composed = _compose(got)
        both = _first(got, "given_name") and _first(got, "family_name")
        name = (composed if both else "") or _first(got, "name") or composed
    else:
        name = got["name"][0] if "name" in got else ""
    company = ", ".join(got["company"]) if "company" in got else ""
    if company:
        fields["company"] = company
    # Phones: one number once, whichever column it came from.
    unique: list[Phone] = phones
    if len(phones) > 1:
        unique = []
        seen_digits: set[str] = set()
        for phone in phones:
            key = match_digits(phone.number) or phone.number
            if key not in seen_digits:
                seen_digits.add(key)
                unique.append(phone)
    if unique:
        fields["phones"] = unique
    unique_emails = list(dict.fromkeys(emails)) if len(emails) > 1 else emails
    if unique_emails:
        fields["email"] = unique_emails[0]
    person = bool(name)
    if not name:
        name = company or (unique_emails[0] if unique_emails else "")
        name = name or (unique[0].number if unique else "")
    if name:
        fields["name"] = name
    notes = list(got.get("notes", []))
    if len(unique_emails) > 1:
        notes.append("E-mail: " + ", ".join(unique_emails[1:]))
    for key in ("title", "area", "owner", "source", "wechat"):
        if key in got:
            fields[key] = ", ".join(got[key])
    first_address = True
    for group in sorted(addresses, key=_group_rank) if len(addresses) > 1 else addresses:
        text = _address_text(addresses[group])
        if not text:
            continue
        if first_address:
            fields["address"] = text
            first_address = False
        else:
            notes.append(f"{_GROUP_NAMES.get(group, 'Other')} address: {text}")
    notes.extend(labelled)
    if notes:
        fields["notes"] = "\n".join(notes)
    if got.get("tags"):
        tags = [
            t.strip().lstrip("*").strip()
            for raw in got["tags"]
            for t in re.split(r"\s*(?:,|;|:::)\s*", raw)
        ]
        tags = [t for t in tags if t and _fold(t) not in _SYSTEM_GROUPS]
        if tags:
            fields["tags"] = ", ".join(dict.fromkeys(tags))
    status = _first(got, "status") if "status" in got else ""
    if status:
        code = _STATUS_WORDS.get(status.strip().casefold())
        if code:
            fields["status"] = code
        else:
            problems.append(f"'{status}' is not a status (prospect, customer, inactive): left out.")
    birthday = _first(got, "birthday") if "birthday" in got else ""
    if birth and not birthday:
        birthday = _birthday_of_parts(birth, problems)
    if birthday:
        try:
            fields["birthday"] = parse_import_date(birthday, orders.get("birthday", "ymd"))
        except DateError as error:
            problems.append(f"Birthday {error} Left out.")
    next_visit: date | None = None
    visit_text = _first(got, "next_visit") if "next_visit" in got else ""
    if visit_text:
        try:
            next_visit = parse_import_date(visit_text, orders.get("next_visit", "ymd"))
        except DateError as error:
            problems.append(f"Next visit {error} Left out.")
    grade: str | None = None
    f_kind: str | None = None
    grade_text = _first(got, "grade") if "grade" in got else ""
    if grade_text:
        grade, f_kind, error_text = _grade_of(grade_text)
        if error_text:
            problems.append(f"{error_text} The card gets grade F.")
    return ImportRow(
        row=number,
        fields=fields,
        grade=grade,
        f_kind=f_kind,
        next_visit=next_visit,
        problems=problems,
        person=person,
    )


# Targets the one-column-each road of _row_maker takes, in the order _to_row puts them.
_FAST_TEXT = ("title", "area", "owner", "source", "wechat")
_FAST_TARGETS = frozenset(
    ("name", "company", "email", "address", "notes", "grade", "birthday", "next_visit",
     *_FAST_TEXT, *_PHONE_TARGETS)
)  # fmt: skip
_ONE_EMAIL = re.compile(r"[^\s<>()\[\],;:\"']+@[^\s<>()\[\],;:\"']+\.[^\s<>()\[\],;:\"']+")


def _row_maker(columns: Sequence[_Column]) -> Callable[[int, Sequence[str]], ImportRow]:
    """_to_row for this file's columns, worked out once for the file (issue 14).

    A file with one column for each thing and no Google type columns (what most lists
    are) takes a road where each row is read by its columns' places; a cell it does not
    expect (several values, a text that is not one e-mail) sends that row to _to_row.
    Same rows either way (tests compare).
    """

    def general(number: int, values: Sequence[str]) -> ImportRow:
        return _to_row(number, values, columns)

    targets = [c.target for c in columns]
    if (
        len(set(targets)) != len(targets)
        or not set(targets) <= _FAST_TARGETS
        or any(c.type_column is not None for c in columns)
    ):
        return general
    at = {c.target: c.index for c in columns}
    name_at, company_at, email_at = at.get("name"), at.get("company"), at.get("email")
    address_at, notes_at, grade_at = at.get("address"), at.get("notes"), at.get("grade")
    texts = [(key, at[key]) for key in _FAST_TEXT if key in at]
    phones_at = [(c.index, _PHONE_TARGETS[c.target]) for c in columns if c.target in _PHONE_TARGETS]
    # The birthday's problem before the next visit's, as _to_row says them.
    dates = sorted(
        ((c.target, c.index, c.order) for c in columns if c.target in DATE_TARGETS),
        key=lambda d: DATE_TARGETS.index(d[0]),
    )
    plain_at = [at[key] for key in ("name", "company", "notes", "grade", *_FAST_TEXT) if key in at]

    def fast(number: int, values: Sequence[str]) -> ImportRow:
        for index in plain_at:
            if ":::" in values[index]:
                return general(number, values)
        fields: dict[str, object] = {}
        problems: list[str] = []
        next_visit: date | None = None
        name = values[name_at].strip() if name_at is not None else ""
        company = values[company_at].strip() if company_at is not None else ""
        if company:
            fields["company"] = company
        phones: list[Phone] = []
        for index, label in phones_at:
            value = values[index].strip()
            if value:
                if ":::" in value or _HAS_SEPARATOR.search(value):
                    return general(number, values)
                phones.append(Phone(label, value))
        if len(phones) > 1:
            unique: list[Phone] = []
            seen_digits: set[str] = set()
            for phone in phones:
                key = match_digits(phone.number) or phone.number
                if key not in seen_digits:
                    seen_digits.add(key)
                    unique.append(phone)
            phones = unique
        if phones:
            fields["phones"] = phones
        email = values[email_at].strip() if email_at is not None else ""
        if email:
            if ":::" in email or not _ONE_EMAIL.fullmatch(email):
                return general(number, values)
            fields["email"] = email
        person = bool(name)
        if not name:
            name = company or email or (phones[0].number if phones else "")
        if name:
            fields["name"] = name
        for key, index in texts:
            value = values[index].strip()
            if value:
                fields[key] = value
        if address_at is not None:
            value = values[address_at].strip()
            if value:
                fields["address"] = value.replace("\r", "").replace("\n", ", ")
        if notes_at is not None:
            value = values[notes_at].strip()
            if value:
                fields["notes"] = value
        for target, index, order in dates:
            value = values[index].strip()
            if not value:
                continue
            if ":::" in value:
                return general(number, values)
            try:
                when = parse_import_date(value, order)
            except DateError as error:
                # The same words as the general path (their Chinese is found by them).
                if target == "birthday":
                    problems.append(f"Birthday {error} Left out.")
                else:
                    problems.append(f"Next visit {error} Left out.")
                continue
            if target == "birthday":
                fields["birthday"] = when
            else:
                next_visit = when
        grade: str | None = None
        f_kind: str | None = None
        if grade_at is not None:
            grade_text = values[grade_at].strip()
            if grade_text:
                grade, f_kind, error_text = _grade_of(grade_text)
                if error_text:
                    problems.append(f"{error_text} The card gets grade F.")
        return ImportRow(
            row=number,
            fields=fields,
            grade=grade,
            f_kind=f_kind,
            next_visit=next_visit,
            problems=problems,
            person=person,
        )

    return fast


@lru_cache(maxsize=256)
def _grade_of(text: str) -> tuple[str | None, str | None, str]:
    """(grade, F kind, error) for a grade as written; a column holds a handful of them."""
    text = text.replace("級", "级")  # Traditional 'A級'
    try:
        grade = grades.parse_grade(text)
    except grades.GradeError as error:
        return None, None, str(error)
    written = text.strip().upper().removesuffix("级").strip()
    return grade, (written if written in grades.F_KINDS else None), ""


def _birthday_of_parts(parts: dict[str, str], problems: list[str]) -> str:
    """Split year/month/day columns as one date; a missing year is a problem, not a guess."""
    year, month, day = (
        parts.get(k, "").strip() for k in ("birth_year", "birth_month", "birth_day")
    )
    if not (year and month and day):
        problems.append(
            f"Birthday has only part of a date (year '{year}', month '{month}', day '{day}'): "
            "left out."
        )
        return ""
    return f"{year}-{month}-{day}"


_GROUP_NAMES = {"": "Address", "work": "Business", "home": "Home", "other": "Other"}


def _group_rank(group: str) -> tuple[int, str]:
    if group in _GROUP_ORDER:
        return _GROUP_ORDER.index(group), group
    return len(_GROUP_ORDER), group


_PART_ORDER = ("street", "street2", "pobox", "city", "region", "postcode", "country")


def _address_text(parts: dict[str, list[str]]) -> str:
    """A whole address from its parts; a formatted one wins when it already holds them."""
    if len(parts) == 1 and "full" in parts:
        return ", ".join(parts["full"])
    pieces = [v for part in _PART_ORDER for v in parts.get(part, [])]
    pieces += [v for part, vs in parts.items() if part not in (*_PART_ORDER, "full") for v in vs]
    full = ", ".join(parts.get("full", []))
    if full:
        flat = re.sub(r"[\s,]+", " ", full).casefold()
        missing = [p for p in pieces if re.sub(r"[\s,]+", " ", p).casefold() not in flat]
        return ", ".join([full, *missing])
    return ", ".join(pieces)


def _first(got: dict[str, list[str]], key: str) -> str:
    values = got.get(key) or [""]
    return values[0].strip()


def _compose(got: dict[str, list[str]]) -> str:
    from salesdesk.io.vcard import compose_name

    return compose_name(
        _first(got, "given_name"), _first(got, "middle_name"), _first(got, "family_name")
    )


# -- what kind of list it is -----------------------------------------------------------------
PEOPLE_TARGETS = frozenset(
    ("name", "given_name", "family_name", "company", "email", "wechat", *_PHONE_TARGETS)
)


def check_people(table: Table, targets: Sequence[str]) -> None:
    """Refuse a file none of whose columns is a name, company, phone or e-mail."""
    if any(t in PEOPLE_TARGETS for t in targets):
        return
    shown = ", ".join(f"'{h}'" for h in table.headers[:8])
    if len(table.headers) > 8:  # a sentence of its own, so it is translated whole
        shown = f"{shown} and {len(table.headers) - 8} more"
    raise ImportFileError(
        f"{table.path.name} does not look like a list of people or companies: none of its "
        f"columns ({shown}) is a name, company, phone or e-mail."
    )


_DEAL_WORDS = {
    "customer": ("客户", "客户名称", "客户姓名", "姓名", "customer", "client", "name", "contact",
                 "联系人", "买方"),
    "company": ("公司", "单位", "company", "account", "公司名称"),
    "product": ("产品", "产品名称", "商品", "险种", "product", "item", "品名", "项目"),
    "amount": ("金额", "成交金额", "合同金额", "保费", "amount", "value", "price", "总价",
               "销售额"),
    "date": ("日期", "成交日期", "签约日期", "date", "closed", "close date", "成交时间"),
    "note": ("备注", "note", "notes", "说明"),
}  # fmt: skip


def deal_columns(headers: Sequence[str]) -> dict[str, int] | None:
    """Columns of a sheet of sales (customer, product, amount, date), or None if it is not one."""
    found: dict[str, int] = {}
    folded = [_fold(h) for h in headers]
    for role, words in _DEAL_WORDS.items():
        keys = {_fold(w) for w in words}
        for index, key in enumerate(folded):
            if key in keys and index not in found.values():
                found[role] = index
                break
    has_who = "customer" in found or "company" in found
    if has_who and "amount" in found and "product" in found:
        return found
    return None


def deal_rows(table: Table) -> list[dict[str, object]]:
    """A sheet of sales as plain rows: row, customer, company, product, amount, closed_on, note."""
    columns = deal_columns(table.headers) or {}
    out: list[dict[str, object]] = []
    for number, values in zip(table.row_numbers, table.rows, strict=True):

        def cell(role: str, values: list[str] = values) -> str:
            index = columns.get(role)
            return values[index].strip() if index is not None and index < len(values) else ""

        out.append(
            {
                "row": number,
                "customer": cell("customer"),
                "company": cell("company"),
                "product": cell("product"),
                "amount": cell("amount"),
                "closed_on": cell("date"),
                "note": cell("note"),
            }
        )
    return out
