"""Header families users bring (issue 14): each imports with nothing lost or misplaced."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from salesdesk.io import mapping, readers
from salesdesk.services import importer
from salesdesk.services.cards import CardData
from salesdesk.services.session import Session

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
# ../shared/import-samples beside the checkout (read, never copied into the project).
SAMPLES = next(
    (
        p / "shared" / "import-samples"
        for p in Path(__file__).resolve().parents[2:5]
        if (p / "shared" / "import-samples").is_dir()
    ),
    Path("/nonexistent"),
)


def import_file(session: Session, path: Path) -> tuple[dict[str, CardData], Any, list[str]]:
    table = readers.read_table(path)
    targets = mapping.guess_targets(table.headers)
    mapping.check_people(table, targets)
    plan = importer.plan_import(mapping.to_rows(table, targets, None))
    notes = mapping.describe(table, targets)
    result, _ = session.import_file(plan, backup=False)
    cards = {c.name: c for c in (session.card(i) for i in result.card_ids)}
    return cards, result, notes


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_microsoft_365_six_people_share_a_switchboard(session: Session) -> None:
    cards, result, notes = import_file(session, FIXTURES / "outlook_m365_six.csv")
    assert len(cards) == 6  # not 2 cards and 4 skipped
    assert result.skipped == 0
    (group,) = result.likely_groups
    assert group["rows"] == [2, 3, 4, 5, 6, 7]
    anita = cards["Anita Jorgensen"]
    assert anita.company == "Contoso Ltd."  # no Account or Organizational ID glued on
    assert anita.address == (
        "1 Microsoft Way, PO Box 12, Redmond, WA, 98052, United States"
    )  # the PO Box is one part of the address, the street and city are kept
    assert anita.email == "anita@contoso.com"
    assert anita.birthday == date(1984, 6, 5)  # 1/20/1981 in the column proves M/D/Y
    assert cards["Shiori Inoue"].birthday == date(1981, 1, 20)
    assert "E-mail" not in anita.notes  # display name and type are not e-mails
    assert "SMTP" not in anita.notes
    assert anita.notes == "Spouse: Ray"  # another person's, labelled as theirs
    megan = cards["Megan Bowen"]
    assert [p.number for p in megan.phones] == ["+1 (425) 555-0100", "+1 425 555 0106"]
    assert "Assistant's Phone: +1 425 555 0199" in megan.notes
    assert anita.tags == ["Customers", "VIP"]
    ignored = next(n for n in notes if n.startswith("Columns not imported"))
    for header in ("Account", "Organizational ID Number", "E-mail Display Name", "E-mail Type"):
        assert f"'{header}'" in ignored


def test_google_legacy_multi_values_primary_marker_and_groups(
    session: Session, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        "google.csv",
        "Name,Given Name,Family Name,Group Membership,E-mail 1 - Type,E-mail 1 - Value,"
        "E-mail 2 - Type,E-mail 2 - Value,Phone 1 - Type,Phone 1 - Value,Phone 2 - Type,"
        "Phone 2 - Value,Organization 1 - Name,Organization 1 - Title,Address 1 - Type,"
        "Address 1 - Formatted,Relation 1 - Type,Relation 1 - Value\n"
        "Na Li,Na,Li,* myContacts ::: VIP ::: Shanghai,Home,na@home.cn,* Work,na@huaxin.cn,"
        "Work,021-6412 3456,* Mobile,139 0013 9000 ::: 139 0013 9001,Huaxin,Buyer,Work,"
        '"1 Nanjing Rd\nShanghai",Spouse,Wang Qiang\n',
    )
    cards, _, _ = import_file(session, path)
    card = cards["Na Li"]
    assert card.email == "na@huaxin.cn"  # the '* ' type marks the primary e-mail
    assert card.phones[0].number == "139 0013 9000"  # the primary phone comes first
    assert [p.label for p in card.phones] == ["mobile", "mobile", "work"]
    assert card.tags == ["VIP", "Shanghai"]  # Google's system group is not a tag
    assert (card.company, card.title, card.address) == (
        "Huaxin",
        "Buyer",
        "1 Nanjing Rd, Shanghai",
    )
    assert "E-mail: na@home.cn" in card.notes
    assert "Relation 1 - Value (Spouse): Wang Qiang" in card.notes


def test_google_current_format_label_columns(session: Session, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "contacts.csv",
        "First Name,Middle Name,Last Name,Labels,E-mail 1 - Label,E-mail 1 - Value,"
        "Phone 1 - Label,Phone 1 - Value,Phone 2 - Label,Phone 2 - Value,Organization Name,"
        "Organization Title,Address 1 - Label,Address 1 - Street,Address 1 - City,"
        "Address 1 - Postal Code,Birthday,Notes\n"
        "Wei,,Zhang,* myContacts ::: Key,* Work,wei@huaxin.cn,Mobile,13800138000,Work Fax,"
        "021 6412 3457,Huaxin Trading,Manager,Work,88 Century Ave,Shanghai,200120,"
        "1980-03-05,Likes tea\n",
    )
    cards, _, _ = import_file(session, path)
    card = cards["Wei Zhang"]
    assert (card.company, card.title, card.email) == ("Huaxin Trading", "Manager", "wei@huaxin.cn")
    assert [(p.label, p.number) for p in card.phones] == [
        ("mobile", "13800138000"),
        ("fax", "021 6412 3457"),
    ]
    assert card.address == "88 Century Ave, Shanghai, 200120"
    assert (card.birthday, card.tags, card.notes) == (date(1980, 3, 5), ["Key"], "Likes tea")


@pytest.mark.parametrize(
    ("header", "encoding"),
    [
        ("Vorname,Nachname,Anzeigename,Primäre E-Mail-Adresse,Mobil-Tel.-Nr.,Privat: Adresse,"
         "Privat: Ort,Privat: PLZ,Organisation,Geburtsjahr,Geburtsmonat,Geburtstag,Notizen,",
         "cp1252"),
        ("First Name,Last Name,Display Name,Primary Email,Mobile Number,Home Address,"
         "Home City,Home ZipCode,Organization,Birth Year,Birth Month,Birth Day,Notes,",
         "utf-8"),
        ("名,姓,显示名称,主要电子邮件,移动电话号码,家庭地址,家庭城市,家庭邮编,组织,出生年份,"
         "出生月份,出生日期,备注,", "utf-8"),
    ],
)  # fmt: skip
def test_thunderbird_localized_with_split_birthday(
    session: Session, tmp_path: Path, header: str, encoding: str
) -> None:
    path = write(
        tmp_path,
        "thunderbird.csv",
        header + "\nMax,Müller,Maxl,max@example.de,0170 1234567,Hauptstr. 8,Leipzig,04315,"
        "Firma GmbH,1972,1,31,Schöne Grüße aus Köln: Müller mag Äpfel und Öl,\n",
        encoding,
    )
    cards, _, _ = import_file(session, path)
    (card,) = cards.values()
    assert card.name == "Max Müller"
    assert card.birthday == date(1972, 1, 31)  # year, month and day columns as one date
    assert card.company == "Firma GmbH"
    assert card.email == "max@example.de"
    assert card.phones[0].label == "mobile"
    assert "Hauptstr. 8" in card.address
    assert "Leipzig" in card.address
    assert "04315" in card.address  # the postcode keeps its zero


def test_windows_live_mail_localized(session: Session, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "wlm.csv",
        "\ufeffVorname;Nachname;E-Mail-Adresse;Straße (privat);Ort (privat);"
        "Postleitzahl (privat);Telefon (privat);Mobiltelefon;Straße (geschäftlich);"
        "Ort (geschäftlich);Postleitzahl (geschäftlich);Telefon (geschäftlich);Firma;Position;"
        "Büro;Notizen\n"
        "Erika;Muster;erika@example.de;Gartenweg 3;Halle;06108;0345 111111;0171 2222222;"
        "Eisenbahnstraße 1;Leipzig;04315;0341 333333;Bahn AG;Leiterin;Raum 4.12;Notiz\n",
    )
    cards, _, notes = import_file(session, path)
    card = cards["Erika Muster"]
    assert card.address == "Eisenbahnstraße 1, Leipzig, 04315"  # business address first
    assert "Home address: Gartenweg 3, Halle, 06108" in card.notes
    assert [(p.label, p.number) for p in card.phones] == [
        ("home", "0345 111111"),
        ("mobile", "0171 2222222"),
        ("work", "0341 333333"),
    ]  # 'Büro' (the office room) is not a phone
    assert "Raum 4.12" not in [p.number for p in card.phones]
    assert any("'Büro'" in n for n in notes)


def test_generic_home_work_mobile_pager_fax_zip_city(session: Session, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "generic.csv",
        "Name,Company,Home,Work,Mobile,Pager,Fax,Street,City,ZIP\n"
        "Ann Lee,Acme,555-0101,555-0102,555-0103,555-0104,555-0105,1 Main St,Springfield,01754\n",
    )
    cards, _, notes = import_file(session, path)
    card = cards["Ann Lee"]
    assert [(p.label, p.number) for p in card.phones] == [
        ("home", "555-0101"),
        ("work", "555-0102"),
        ("mobile", "555-0103"),
        ("other", "555-0104"),
        ("fax", "555-0105"),
    ]
    assert card.address == "1 Main St, Springfield, 01754"
    assert not any(n.startswith("Columns not imported") for n in notes)


def test_salesforce_api_names(session: Session, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "sf.csv",
        "Id,FirstName,LastName,AccountName,Title,Email,Phone,MobilePhone,MailingStreet,"
        "MailingCity,MailingPostalCode,Birthdate,LeadSource,Description,OwnerId,CreatedDate\n"
        "0035g00000A,Jane,Doe,Acme Corp,CFO,jane@acme.com,(555) 555-1212,555-777-8888,"
        "1 Market St,San Francisco,94105,1975-07-04,Web,Met at expo,0055g000001,2024-01-01\n",
    )
    cards, _, notes = import_file(session, path)
    card = cards["Jane Doe"]
    assert (card.company, card.title, card.email, card.source) == (
        "Acme Corp",
        "CFO",
        "jane@acme.com",
        "Web",
    )
    assert [(p.label, p.number) for p in card.phones] == [
        ("work", "(555) 555-1212"),
        ("mobile", "555-777-8888"),
    ]
    assert card.address == "1 Market St, San Francisco, 94105"
    assert (card.birthday, card.notes) == (date(1975, 7, 4), "Met at expo")
    ignored = next(n for n in notes if n.startswith("Columns not imported"))
    assert "'Id'" in ignored
    assert "'OwnerId'" in ignored


def test_salesforce_accounts_sharing_a_number_stay_apart(session: Session, tmp_path: Path) -> None:
    lines = ["ID,NAME,BILLINGSTREET,BILLINGCITY,PHONE,ACCOUNTNUMBER"]
    lines += [f"001{n},Company {n},{n} Main St,Boston,(555) 555-1212,CD{n}" for n in range(6)]
    cards, result, _ = import_file(session, write(tmp_path, "acc.csv", "\n".join(lines)))
    assert sorted(cards) == [f"Company {n}" for n in range(6)]
    assert result.skipped == 0
    assert cards["Company 3"].company == "Company 3"


def test_hubspot_internal_names(session: Session, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "hubspot.csv",
        "firstname,lastname,email,phone,mobilephone,company,jobtitle,city,zip,lifecyclestage,"
        "hs_object_id\n"
        "Test,User,test@email.com,+1 617 555 0100,+1 617 555 0199,HubSpot,Dev,Cambridge,02141,"
        "lead,123\n",
    )
    cards, _, notes = import_file(session, path)
    card = cards["Test User"]
    assert (card.company, card.title, card.email) == ("HubSpot", "Dev", "test@email.com")
    assert [p.label for p in card.phones] == ["other", "mobile"]
    assert card.address == "Cambridge, 02141"
    assert "lifecyclestage: lead" in card.notes
    assert any("'hs_object_id'" in n for n in notes)


def test_chinese_headers_with_wechat(session: Session, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "客户.csv",
        "姓名,手机,座机,单位,职务,地址,片区,微信,等级,备注,生日,来源,负责人\n"
        "张伟,13800138000,021-64123456,上海华信贸易,采购经理,上海市徐汇区漕溪北路1号,徐汇,"
        "zhangwei_88,B,周三下午有空,1980/3/5,转介绍,李明\n",
    )
    cards, _, notes = import_file(session, path)
    card = cards["张伟"]
    assert card.wechat == "zhangwei_88"
    assert [(p.label, p.number) for p in card.phones] == [
        ("mobile", "13800138000"),
        ("work", "021-64123456"),
    ]
    assert (card.company, card.title, card.area, card.grade) == (
        "上海华信贸易",
        "采购经理",
        "徐汇",
        "B",
    )
    assert (card.notes, card.source, card.owner) == ("周三下午有空", "转介绍", "李明")
    assert card.birthday == date(1980, 3, 5)
    assert card.address == "上海市徐汇区漕溪北路1号"
    assert not any(n.startswith("Columns not imported") for n in notes)


def test_other_peoples_columns_never_land_on_the_main_person(
    session: Session, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        "family.csv",
        "Name,Phone,Email,Mum-Phone,Sister-Email,Spouse Name,Assistant's Phone,紧急联系人电话\n"
        "Tom Li,13800138000,tom@li.cn,13900000001,amy@li.cn,Mary,021-1111 2222,13700000002\n",
    )
    cards, _, notes = import_file(session, path)
    card = cards["Tom Li"]
    assert [p.number for p in card.phones] == ["13800138000"]
    assert card.email == "tom@li.cn"
    for line in (
        "Mum-Phone: 13900000001",
        "Sister-Email: amy@li.cn",
        "Spouse Name: Mary",
        "Assistant's Phone: 021-1111 2222",
        "紧急联系人电话: 13700000002",
    ):
        assert line in card.notes
    assert any("another person" in n and "'Mum-Phone'" in n for n in notes)


def test_vcard_wechat_and_impp(session: Session, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "wx.vcf",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:王芳\r\nTEL;TYPE=CELL:139\x000013 9000\r\n"
        "X-WECHAT:wangfang_1\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:李娜\r\nIMPP:weixin:lina_2\r\nEND:VCARD\r\n",
    )
    cards, _, _ = import_file(session, path)
    assert cards["王芳"].wechat == "wangfang_1"
    assert cards["王芳"].phones[0].number == "1390013 9000"  # the NUL is gone
    assert cards["李娜"].wechat == "lina_2"


@pytest.mark.skipif(not SAMPLES.exists(), reason="the shared import samples are not here")
@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("csv/fk_ThunderbirdAnsi_de_cp1252.csv", lambda c: c.birthday == date(1972, 1, 31)),
        ("csv/fk_WindowsLiveMail_de_semicolon_bom.csv", lambda c: "Leipzig" in c.address),
        ("csv/fk_GoogleCreatedOutlook.csv", lambda c: "Leipzig" in c.address),
        ("csv/fk_Google_legacy_export.csv", lambda c: c.company == "Firma"),
        ("csv/hubspot_sample_import_emails.csv", lambda c: c.email.endswith("@email.com")),
    ],
)
def test_shared_real_world_samples(session: Session, name: str, check: Any) -> None:
    cards, _, _ = import_file(session, SAMPLES / name)
    assert cards
    assert all(check(c) for c in cards.values())
