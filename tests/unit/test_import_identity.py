"""Import identity (issue 14): strong evidence only, names that agree, a switchboard is a hint."""

from __future__ import annotations

from pathlib import Path

import pytest

from salesdesk.io import mapping, readers
from salesdesk.services import duplicates, identity, importer, settings
from salesdesk.services.importer import ImportRow
from salesdesk.services.session import Session

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"

# One person written two ways: these must agree.
SAME_PERSON = [
    ("张伟", "张伟"),
    ("张伟", "Zhang Wei"),
    ("张伟", "zhang wei"),
    ("张伟", "ZHANG WEI"),
    ("张伟", "Wei Zhang"),
    ("张伟", "zhangwei"),
    ("张伟", "Zhang, Wei"),
    ("张 伟", "张伟"),
    ("ＺＨＡＮＧ　Ｗｅｉ", "张伟"),  # full-width letters and space
    ("张小明", "Xiaoming Zhang"),
    ("张小明", "Zhang Xiao Ming"),
    ("Jorgensen, Anita", "anita  jorgensen"),
    ("Anita Jorgensen", "ANITA JORGENSEN"),
    ("Dr. Anita Jorgensen", "Anita Jorgensen"),
    ("Anita", "Anita Jorgensen"),  # only the given name written
    ("张伟 (手机)", "张伟"),  # a remark in brackets
    ("", "Anyone"),  # no name says nothing against
]
# Two people: these must never agree.
TWO_PEOPLE = [
    ("Anita Jorgensen", "Shiori Inoue"),
    ("Duncan Amey", "Daniel Ireland"),
    ("张伟", "张薇"),  # same sound, other characters
    ("张伟", "张伟伟"),
    ("张伟", "王芳"),
    ("张伟", "Wang Fang"),
    ("客户2", "客户3"),
    ("John Smith", "John Brown"),
]


@pytest.mark.parametrize(("first", "second"), SAME_PERSON)
def test_names_of_one_person_agree(first: str, second: str) -> None:
    assert identity.names_agree(first, second)
    assert identity.names_agree(second, first)


@pytest.mark.parametrize(("first", "second"), TWO_PEOPLE)
def test_names_of_two_people_do_not_agree(first: str, second: str) -> None:
    assert not identity.names_agree(first, second)
    assert not identity.names_agree(second, first)


def row(number: int, **fields: object) -> ImportRow:
    return ImportRow(number, dict(fields))


# (existing card, file row, what the row must be): strong -> 'match', weak -> 'likely',
# nothing in common -> 'new'.
PAIRS = [
    pytest.param(
        {"name": "张伟", "company": "华信", "phones": "13800138000"},
        {"name": "Zhang Wei", "phones": "+86 138 0013 8000"},
        "match:mobile",
        id="same mobile, pinyin name",
    ),
    pytest.param(
        {"name": "Anita Jorgensen", "company": "Contoso", "email": "anita@contoso.com"},
        {"name": "Jorgensen, Anita", "email": "ANITA@contoso.com"},
        "match:email",
        id="same e-mail, Last-First",
    ),
    pytest.param(
        {"name": "王芳", "company": "上海华信贸易"},
        {"name": "王 芳", "company": "上海华信 贸易"},
        "match:name_company",
        id="same name and company, spaces",
    ),
    pytest.param(
        {"name": "Anita Jorgensen", "company": "Contoso", "phones": "021-6412 3456"},
        {"name": "Shiori Inoue", "company": "Contoso", "phones": "02164123456"},
        "likely:phone",
        id="shared switchboard",
    ),
    pytest.param(
        {"name": "Anita Jorgensen", "company": "Contoso", "email": "info@contoso.com"},
        {"name": "Shiori Inoue", "email": "info@contoso.com"},
        "likely:email",
        id="shared e-mail, another name",
    ),
    pytest.param(
        {"name": "张伟", "company": "华信", "phones": "13800138000"},
        {"name": "王芳", "phones": "13800138000"},
        "likely:mobile",
        id="one mobile, two names",
    ),
    pytest.param(
        {"name": "张伟", "company": "华信"},
        {"name": "张伟", "company": "东方科技"},
        "likely:name",
        id="same name at another company",
    ),
    pytest.param(
        {"name": "张伟", "company": "华信"},
        {"name": "张薇", "company": "华信"},
        "new",
        id="sound-alike at the same company",
    ),
    pytest.param(
        {"name": "张伟", "company": "华信", "phones": "110"},
        {"name": "李娜", "phones": "110"},
        "new",
        id="too short a number",
    ),
]


@pytest.mark.parametrize(("card", "line", "expected"), PAIRS)
def test_identity_pairs(
    session: Session, card: dict[str, object], line: dict[str, object], expected: str
) -> None:
    card_id = session.create_card(card).id
    plan = importer.plan_import([row(2, **line)])
    strong = plan.duplicates.get(2)
    weak = plan.likely.get(2, [])
    if expected == "new":
        assert strong is None
        assert weak == []
        return
    kind, reason = expected.split(":")
    if kind == "match":
        assert strong is not None
        assert (strong.card_id, strong.reason) == (card_id, reason)
    else:
        assert strong is None
        assert [(w.card_id, w.reason) for w in weak] == [(card_id, reason)]


def test_the_same_pairs_hold_between_rows_of_one_file(session: Session) -> None:
    plan = importer.plan_import(
        [
            row(2, name="张伟", company="华信", phones="13800138000"),
            row(3, name="Zhang Wei", phones="138 0013 8000"),  # same person
            row(4, name="王芳", company="华信", phones="021-64123456"),
            row(5, name="李娜", company="华信", phones="021-64123456"),  # switchboard
        ]
    )
    assert plan.duplicates[3].other_row == 2
    assert 4 not in plan.duplicates
    assert 5 not in plan.duplicates
    assert [(w.other_row, w.reason) for w in plan.likely[5]] == [(4, "phone")]


def test_region_decides_what_a_mobile_is(session: Session) -> None:
    session.create_card({"name": "陳美玲", "phones": "0912-345-678"})
    line = row(2, name="陳美玲", company="台北華信", phones="0912345678")
    assert 2 not in importer.plan_import([line]).duplicates  # not a mobile in CN
    with session.store.write():
        settings.put(identity.REGION_SETTING, "TW")
    assert importer.plan_import([line]).duplicates[2].reason == "mobile"


def test_three_people_at_one_switchboard_are_three_cards_and_one_group(
    session: Session, tmp_path: Path
) -> None:
    source = tmp_path / "office.csv"
    source.write_text(
        "姓名,公司,电话,手机\n"
        "张伟,华信贸易,021-6412 3456,13800138000\n"
        "王芳,华信贸易,021-6412 3456,\n"
        "李娜,华信贸易,021-6412 3456,13900139000\n",
        encoding="utf-8",
    )
    table = readers.read_table(source)
    plan = importer.plan_import(mapping.to_rows(table, mapping.guess_targets(table.headers)))
    result, _ = session.import_file(plan)
    assert (result.created, result.skipped, result.flagged) == (3, 0, 2)
    (group,) = result.likely_groups
    assert group["rows"] == [2, 3, 4]
    assert any("021-6412 3456" in text for text in group["shared"])
    names = sorted(c["name"] for c in session.dump()["card"] if not c["deleted"])
    assert names == ["张伟", "李娜", "王芳"]
    # The duplicates view sees the three as one group, for the user to merge or dismiss.
    pairs = session.open_duplicates()
    assert duplicates.groups(pairs) == [sorted(result.card_ids)]


def test_update_never_renames_a_card_to_another_person(session: Session) -> None:
    anita = session.create_card(
        {"name": "Anita Jorgensen", "company": "Contoso", "phones": "+1 425 555 0100",
         "birthday": "1984-06-05"}
    ).id  # fmt: skip
    plan = importer.plan_import(
        [row(2, name="Shiori Inoue", company="Contoso", phones="+1 (425) 555-0100")]
    )
    result, _ = session.import_file(plan, on_duplicate="update")
    assert (result.created, result.updated) == (1, 0)
    assert session.card(anita).name == "Anita Jorgensen"
    shiori = session.card(result.card_ids[0])
    assert (shiori.name, shiori.birthday) == ("Shiori Inoue", None)


def test_update_of_the_same_person_keeps_the_cards_name(session: Session) -> None:
    card_id = session.create_card({"name": "张伟", "phones": "13800138000"}).id
    plan = importer.plan_import([row(2, name="Zhang Wei", company="华信", phones="13800138000")])
    result, _ = session.import_file(plan, on_duplicate="update")
    assert result.updated == 1
    card = session.card(card_id)
    assert (card.name, card.company) == ("张伟", "华信")
    assert result.rows[0]["action"] == "updated"
    assert result.rows[0]["matched_name"] == "张伟"
    assert result.rows[0]["card_id"] == card_id


def test_flagged_pairs_can_be_dismissed_in_the_duplicates_view(session: Session) -> None:
    first = session.create_card({"name": "张伟", "company": "华信"}).id
    plan = importer.plan_import([row(2, name="张伟", company="东方科技")])
    result, _ = session.import_file(plan)
    second = result.card_ids[0]
    pair = {"a": min(first, second), "b": max(first, second)}
    assert [{k: p[k] for k in ("a", "b")} for p in session.open_duplicates()] == [pair]
    assert session.open_duplicates()[0]["reason"] == "name"
    session.dismiss_duplicate(first, second)
    assert session.open_duplicates() == []


def test_cards_are_found_by_phone_and_name_after_rows_matched_by_e_mail(
    session: Session,
) -> None:
    """The cards' phones and names go into the match index only when a row first needs
    them: rows after one matched by e-mail still meet every card by them."""
    anita = session.create_card(
        {"name": "Anita Jorgensen", "company": "Contoso", "email": "anita@contoso.com"}
    ).id
    zhang = session.create_card({"name": "张伟", "company": "华信", "phones": "13800138000"}).id
    wang = session.create_card({"name": "王芳", "company": "上海华信贸易"}).id
    plan = importer.plan_import(
        [
            row(2, name="Jorgensen, Anita", email="ANITA@contoso.com"),
            row(3, name="Zhang Wei", phones="+86 138 0013 8000"),
            row(4, name="王 芳", company="上海华信 贸易"),
            row(5, name="张伟", company="东方科技"),
            row(6, name="Anita Jorgensen", email="anita@contoso.com", phones="13800138000"),
        ]
    )
    found = {n: (d.card_id, d.reason) for n, d in plan.duplicates.items()}
    assert found == {
        2: (anita, "email"),
        3: (zhang, "mobile"),
        4: (wang, "name_company"),
        6: (anita, "email"),
    }
    assert [(w.card_id, w.reason) for w in plan.likely[5]] == [(zhang, "name")]
