"""The card field parser on hand-written OCR box lists (no OCR engine, no image)."""

from __future__ import annotations

import pytest

from salesdesk.domain.cardtext import TextBox, district_of, parse_card, text_box


def rows(*lines: str | tuple[str, float], left: float = 40, height: float = 30) -> list[TextBox]:
    """Boxes one under the other; (text, height) sets a larger print (a name)."""
    boxes = []
    top = 20.0
    for line in lines:
        text, size = (line, height) if isinstance(line, str) else line
        boxes.append(text_box(text, (left, top, left + 20 * len(text), top + size), 0.98))
        top += size + 12
    return boxes


def phones(proposal: object) -> list[tuple[str, str]]:
    return [(p.label, p.number) for p in proposal.phones]  # type: ignore[attr-defined]


def test_a_chinese_card_with_labels() -> None:
    proposal = parse_card(
        rows(
            "上海华信贸易有限公司",
            ("张伟", 70),
            "销售部 销售经理",
            "手机：138 0013 8000",
            "电话：021-5888 1234",
            "传真：021-5888 1235",
            "邮箱：zhangwei@huaxin.com.cn",
            "微信：zw_sales88",
            "网址：www.huaxin.com.cn",
            "地址：上海市浦东新区张江路88号5楼",
        )
    )
    assert proposal.name == "张伟"
    assert proposal.company == "上海华信贸易有限公司"
    assert proposal.title == "销售经理"
    assert proposal.department == "销售部"
    assert phones(proposal) == [
        ("mobile", "138 0013 8000"),
        ("work", "021-5888 1234"),
        ("fax", "021-5888 1235"),  # a fax is kept, labelled fax: not a phone to call
    ]
    assert proposal.mobiles == ["138 0013 8000"]
    assert proposal.email == "zhangwei@huaxin.com.cn"
    assert proposal.wechat == "zw_sales88"
    assert proposal.website == "www.huaxin.com.cn"
    assert proposal.address == "上海市浦东新区张江路88号5楼"
    assert proposal.area == "浦东新区"
    assert proposal.confidence > 0.9
    assert proposal.card_fields()["title"] == "销售部 销售经理"


def test_the_number_says_mobile_or_landline_whatever_the_label() -> None:
    proposal = parse_card(
        rows(("李娜", 60), "电话：13912345678", "Tel 010-6512 3456", "直线 0755-8888 9999")
    )
    assert phones(proposal) == [
        ("mobile", "13912345678"),
        ("work", "010-6512 3456"),
        ("work", "0755-8888 9999"),
    ]


def test_an_english_card_with_single_letter_labels_and_a_company_on_two_lines() -> None:
    proposal = parse_card(
        rows(
            ("David Miller", 60),
            "Regional Sales Director",
            "Shanghai Huaxin Trading",
            "Co., Ltd.",
            "M: +86 139 1234 5678",
            "T: +86 21 5888 1234",
            "F: +86 21 5888 1235",
            "E: david.miller@huaxin.com",
            "A: No. 88 Zhangjiang Road, Pudong New District, Shanghai",
        )
    )
    assert proposal.name == "David Miller"
    assert proposal.title == "Regional Sales Director"
    assert proposal.company == "Shanghai Huaxin Trading Co., Ltd."
    assert phones(proposal) == [
        ("mobile", "+86 139 1234 5678"),
        ("work", "+86 21 5888 1234"),
        ("fax", "+86 21 5888 1235"),
    ]
    assert proposal.email == "david.miller@huaxin.com"
    assert proposal.address == "No. 88 Zhangjiang Road, Pudong New District, Shanghai"
    assert proposal.area == "Pudong New District"


def test_two_columns_and_an_address_on_two_lines() -> None:
    left = rows(("王芳", 64), "市场总监", "北京远航科技集团", left=40)
    right = rows(
        "M 186 1111 2222",
        "T 010-8765 4321",
        "E wangfang@yuanhang.cn",
        "地址 北京市朝阳区建国路",
        "88号SOHO现代城A座1203室",
        left=520,
        height=24,
    )
    proposal = parse_card(right + left)  # any order: the parser sorts them
    assert proposal.name == "王芳"
    assert proposal.title == "市场总监"
    assert proposal.company == "北京远航科技集团"
    assert phones(proposal) == [("mobile", "186 1111 2222"), ("work", "010-8765 4321")]
    assert proposal.email == "wangfang@yuanhang.cn"
    assert proposal.address == "北京市朝阳区建国路88号SOHO现代城A座1203室"
    assert proposal.area == "朝阳区"


def test_ocr_glued_labels_and_misread_letters() -> None:
    # The engine drops the space after a one-letter label and reads the o of .com as 0.
    proposal = parse_card(
        rows(
            ("赵东华", 60),
            "M+8618742470576",
            "T010-56529389",
            "Ezh428@dongfang-tech.c0m",
            "Wwww.dongfang-tech.cn",
        )
    )
    assert phones(proposal) == [("mobile", "+8618742470576"), ("work", "010-56529389")]
    assert proposal.email == "zh428@dongfang-tech.com"
    assert proposal.website == "www.dongfang-tech.cn"
    assert parse_card(rows(("Amy Li", 60), "Hongda Trading Co.,Ltd")).company == (
        "Hongda Trading Co., Ltd."
    )
    english = parse_card(rows(("TonyYang", 60), "SalesDepartmentDeputy General Manager"))
    assert english.name == "Tony Yang"
    assert english.department == "SalesDepartment"
    assert english.title == "Deputy General Manager"


def test_a_label_alone_in_its_box_takes_the_number_beside_it() -> None:
    boxes = [
        text_box("陈静", (40, 20, 160, 80)),
        text_box("手机", (40, 120, 100, 150)),
        text_box("13612345678", (300, 121, 480, 149)),
        text_box("传真", (40, 170, 100, 200)),
        text_box("021-6666 7777", (300, 171, 480, 199)),
    ]
    proposal = parse_card(boxes)
    assert phones(proposal) == [("mobile", "13612345678"), ("fax", "021-6666 7777")]
    assert proposal.sources["phones"] == [1, 2, 3, 4]


def test_name_and_title_on_one_line_and_a_spaced_two_character_name() -> None:
    assert parse_card(rows("刘洋 客户经理", "手机 13800001111")).name == "刘洋"
    proposal = parse_card(rows(("周 杰", 64), "主任", "成都天成物流有限公司"))
    assert (proposal.name, proposal.title) == ("周杰", "主任")
    assert proposal.company == "成都天成物流有限公司"


def test_the_largest_print_is_the_name_not_a_slogan() -> None:
    proposal = parse_card(
        rows("诚信为本", ("何超", 72), "总经理", "深圳金科机械制造有限公司", "手机 13800138000")
    )
    assert proposal.name == "何超"
    assert "诚信为本" in proposal.unused


def test_vertical_columns_as_the_engine_returns_them() -> None:
    # A vertical card: standing boxes for the name, title and company, flat ones for numbers.
    boxes = [
        text_box("马文", (483, 72, 555, 203)),
        text_box("副总经理", (427, 65, 464, 193)),
        text_box("成都华信保险代理集团", (369, 65, 399, 368)),
        text_box("手机：13604226287", (20, 805, 213, 827)),
        text_box("邮箱：zhu146@huaxingroup.com", (19, 923, 332, 952)),
    ]
    proposal = parse_card(boxes)
    assert (proposal.name, proposal.title) == ("马文", "副总经理")
    assert proposal.company == "成都华信保险代理集团"
    assert proposal.mobiles == ["13604226287"]


def test_nothing_read_is_an_empty_proposal() -> None:
    assert parse_card([]).empty
    assert parse_card(rows("   ")).empty
    assert parse_card([("Thank you", [(0, 0), (90, 0), (90, 20), (0, 20)], 0.9)]).empty


def test_dates_and_postcodes_are_not_phones() -> None:
    proposal = parse_card(rows(("张伟", 60), "邮编：200120", "2026-11-30", "手机 13800138000"))
    assert proposal.mobiles == ["13800138000"]
    assert len(proposal.phones) == 1


@pytest.mark.parametrize(
    ("address", "district"),
    [
        ("上海市浦东新区张江路88号", "浦东新区"),
        ("北京市朝阳区建国路1号", "朝阳区"),
        ("广东省深圳市南山区科技园路9号", "南山区"),
        ("四川省成都市高新区天府大道", "高新区"),
        ("浙江省杭州市西湖区文三路", "西湖区"),
        ("江苏省昆山市花桥镇", "昆山市"),
        ("张江路88号", ""),
        ("No. 1 Century Avenue, Pudong New District, Shanghai", "Pudong New District"),
    ],
)
def test_district_of_an_address(address: str, district: str) -> None:
    assert district_of(address) == district
