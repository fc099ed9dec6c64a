"""Business cards rendered with Pillow for the scan tests and the scan benchmark.

Each card is made from a `CardSpec` (the truth the parser must find) in one of
several layouts (Chinese, English, two columns, centred, vertical Chinese), with
the installed Noto CJK fonts, then optionally degraded: noise, blur, a shadow,
JPEG artefacts, a perspective warp and a rotation of 90°, 180° or 270°.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_DIR = Path("/usr/share/fonts/opentype/noto")
CJK_FONTS = (
    ("NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc"),
    ("NotoSerifCJK-Regular.ttc", "NotoSerifCJK-Bold.ttc"),
    ("NotoSansCJK-Regular.ttc", "NotoSerifCJK-Bold.ttc"),
)
SC_INDEX = 2  # Simplified Chinese face in the Noto CJK collections

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"  # noqa: E501
GIVEN = "伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文辉鹏宇浩然思远晓东海燕婷雪梅子涵欣怡嘉琪俊杰立新永红春华"  # noqa: E501
CITIES = (
    ("上海", "上海市", ("浦东新区", "徐汇区", "静安区", "闵行区", "长宁区"), "021"),
    ("北京", "北京市", ("朝阳区", "海淀区", "东城区", "丰台区"), "010"),
    ("广州", "广东省广州市", ("天河区", "越秀区", "番禺区"), "020"),
    ("深圳", "广东省深圳市", ("南山区", "福田区", "宝安区"), "0755"),
    ("杭州", "浙江省杭州市", ("西湖区", "滨江区", "余杭区"), "0571"),
    ("成都", "四川省成都市", ("武侯区", "锦江区", "高新区"), "028"),
)
PINYIN_CITY = {
    "上海": "Shanghai",
    "北京": "Beijing",
    "广州": "Guangzhou",
    "深圳": "Shenzhen",
    "杭州": "Hangzhou",
    "成都": "Chengdu",
}
BRAND = (
    "华信",
    "恒通",
    "金科",
    "远航",
    "瑞丰",
    "博创",
    "天成",
    "东方",
    "新锐",
    "中联",
    "宏达",
    "卓越",
)
BRAND_EN = {
    "华信": "Huaxin",
    "恒通": "Hengtong",
    "金科": "Jinke",
    "远航": "Yuanhang",
    "瑞丰": "Ruifeng",
    "博创": "Bochuang",
    "天成": "Tiancheng",
    "东方": "Dongfang",
    "新锐": "Xinrui",
    "中联": "Zhonglian",
    "宏达": "Hongda",
    "卓越": "Zhuoyue",
}
TRADE = (
    ("贸易", "Trading"),
    ("科技", "Technology"),
    ("医疗器械", "Medical Devices"),
    ("保险代理", "Insurance Agency"),
    ("机械制造", "Machinery"),
    ("物流", "Logistics"),
)
SUFFIX = ("有限公司", "股份有限公司", "集团有限公司", "集团")
TITLES = (
    ("销售经理", "Sales Manager"),
    ("市场总监", "Marketing Director"),
    ("总经理", "General Manager"),
    ("办公室主任", "Office Director"),
    ("技术总监", "Technical Director"),
    ("客户经理", "Account Manager"),
    ("采购经理", "Purchasing Manager"),
    ("副总经理", "Deputy General Manager"),
)
DEPTS = (
    ("销售部", "Sales Department"),
    ("市场部", "Marketing Department"),
    ("采购部", "Purchasing Department"),
    ("技术中心", "Technology Center"),
)
ROADS = ("张江路", "世纪大道", "建国路", "中山路", "科技园路", "天府大道", "文三路", "淮海中路")
ROADS_EN = {
    "张江路": "Zhangjiang Road",
    "世纪大道": "Century Avenue",
    "建国路": "Jianguo Road",
    "中山路": "Zhongshan Road",
    "科技园路": "Science Park Road",
    "天府大道": "Tianfu Avenue",
    "文三路": "Wensan Road",
    "淮海中路": "Middle Huaihai Road",
}
EN_GIVEN = (
    "David",
    "Linda",
    "Michael",
    "Grace",
    "Kevin",
    "Amy",
    "Jason",
    "Helen",
    "Peter",
    "Cindy",
    "Tony",
    "Lily",
    "Frank",
    "Emma",
)
EN_SURNAME = (
    "Zhang",
    "Wang",
    "Li",
    "Chen",
    "Liu",
    "Yang",
    "Huang",
    "Zhou",
    "Wu",
    "Xu",
    "Sun",
    "Ma",
    "Zhu",
    "Hu",
    "Guo",
    "Lin",
)
MOBILE_PREFIX = (
    "138",
    "139",
    "136",
    "135",
    "150",
    "151",
    "158",
    "186",
    "187",
    "133",
    "177",
    "189",
    "199",
    "181",
)
PINYIN_SURNAME = dict(zip(SURNAMES[:16], EN_SURNAME, strict=True))


@dataclass
class CardSpec:
    """What is printed on a card: the answers the parser must give."""

    name: str
    company: str
    title: str
    department: str
    mobile: str
    landline: str
    fax: str
    email: str
    address: str
    area: str
    website: str
    wechat: str
    english: bool = False
    lines: list[tuple[str, str]] = field(default_factory=list)  # (role, text) as printed


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def random_spec(rng: random.Random, *, english: bool = False) -> CardSpec:
    city, city_full, districts, code = rng.choice(CITIES)
    district = rng.choice(districts)
    brand = rng.choice(BRAND)
    trade_zh, trade_en = rng.choice(TRADE)
    title_zh, title_en = rng.choice(TITLES)
    dept_zh, dept_en = rng.choice(DEPTS)
    mobile = rng.choice(MOBILE_PREFIX) + _digits(rng, 8)
    local = rng.choice("2345678") + _digits(rng, 7 if len(code) == 3 else 6)
    landline = f"{code}-{local}"
    fax = f"{code}-{rng.choice('2345678')}{_digits(rng, len(local) - 1)}"
    road = rng.choice(ROADS)
    number = rng.randint(1, 999)
    wechat = rng.choice(("wx", "sales", "hi")) + _digits(rng, rng.randint(5, 8))
    domain = BRAND_EN[brand].lower() + rng.choice(("", "-tech", "group"))
    tld = rng.choice((".com", ".com.cn", ".cn"))
    if english:
        given, surname = rng.choice(EN_GIVEN), rng.choice(EN_SURNAME)
        name = f"{given} {surname}"
        user = f"{given.lower()}.{surname.lower()}"
        company = f"{PINYIN_CITY[city]} {BRAND_EN[brand]} {trade_en} Co., Ltd."
        address = f"No. {number} {ROADS_EN[road]}, {district_en(district)}, {PINYIN_CITY[city]}"
        area = district_en(district)
        title, department = title_en, dept_en
    else:
        surname = rng.choice(SURNAMES)
        given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        name = surname + given
        user = PINYIN_SURNAME.get(surname, "zh").lower() + _digits(rng, 3)
        company = f"{city}{brand}{trade_zh}{rng.choice(SUFFIX)}"
        floor = rng.choice(("", f"{rng.randint(2, 30)}楼", f"{rng.randint(2, 30)}层"))
        address = f"{city_full}{district}{road}{number}号{floor}"
        area = district
        title, department = title_zh, dept_zh
    return CardSpec(
        name=name,
        company=company,
        title=title,
        department=department,
        mobile=mobile,
        landline=landline,
        fax=fax,
        email=f"{user}@{domain}{tld}",
        address=address,
        area=area,
        website=f"www.{domain}{tld}",
        wechat=wechat,
        english=english,
    )


def district_en(district: str) -> str:
    names = {
        "浦东新区": "Pudong New District",
        "徐汇区": "Xuhui District",
        "静安区": "Jing'an District",
        "闵行区": "Minhang District",
        "长宁区": "Changning District",
        "朝阳区": "Chaoyang District",
        "海淀区": "Haidian District",
        "东城区": "Dongcheng District",
        "丰台区": "Fengtai District",
        "天河区": "Tianhe District",
        "越秀区": "Yuexiu District",
        "番禺区": "Panyu District",
        "南山区": "Nanshan District",
        "福田区": "Futian District",
        "宝安区": "Bao'an District",
        "西湖区": "Xihu District",
        "滨江区": "Binjiang District",
        "余杭区": "Yuhang District",
        "武侯区": "Wuhou District",
        "锦江区": "Jinjiang District",
        "高新区": "Gaoxin District",
    }
    return names[district]


def _font(path: str, size: int, *, latin: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIR / path), size, index=SC_INDEX)


def _spaced_mobile(rng: random.Random, mobile: str) -> str:
    style = rng.choice(("plain", "3-4-4", "dash", "+86"))
    if style == "3-4-4":
        return f"{mobile[:3]} {mobile[3:7]} {mobile[7:]}"
    if style == "dash":
        return f"{mobile[:3]}-{mobile[3:7]}-{mobile[7:]}"
    if style == "+86":
        return f"+86 {mobile[:3]} {mobile[3:7]} {mobile[7:]}"
    return mobile


def contact_lines(spec: CardSpec, rng: random.Random) -> list[tuple[str, str]]:
    """The labelled lines of a card, in one of the label styles seen on real cards."""
    mobile = _spaced_mobile(rng, spec.mobile)
    if spec.english:
        style = rng.choice(
            (
                ("M:", "T:", "F:", "E:", "A:", "W:", "WeChat:"),
                ("Mobile:", "Tel:", "Fax:", "Email:", "Add:", "Web:", "WeChat:"),
            )
        )
    else:
        style = rng.choice(
            (
                ("手机：", "电话：", "传真：", "邮箱：", "地址：", "网址：", "微信："),
                ("手机:", "直线:", "传真:", "E-mail:", "地址:", "网址:", "微信号:"),
                ("M ", "T ", "F ", "E ", "地址 ", "W ", "微信 "),
            )
        )
    lines = [
        ("mobile", f"{style[0]}{mobile}"),
        ("landline", f"{style[1]}{spec.landline}"),
        ("fax", f"{style[2]}{spec.fax}"),
        ("email", f"{style[3]}{spec.email}"),
        ("wechat", f"{style[6]}{spec.wechat}"),
        ("website", f"{style[5]}{spec.website}"),
        ("address", f"{style[4]}{spec.address}"),
    ]
    if rng.random() < 0.3:  # not every card has a fax or a website
        lines = [line for line in lines if line[0] != "fax"]
    return lines


def render(spec: CardSpec, seed: int, layout: str | None = None, scale: float = 1.0) -> Image.Image:
    """The card as a clean RGB image (about 1000 × 600 at scale 1, like a phone photo crop)."""
    rng = random.Random(seed)
    layouts = ["classic", "two_column", "centered"] + ([] if spec.english else ["vertical"])
    layout = layout or rng.choice(layouts[:3])
    regular, bold = rng.choice(CJK_FONTS)
    width, height = int(1000 * scale), int(600 * scale)
    if layout == "vertical":
        width, height = height, width
    paper = tuple(rng.randint(235, 255) for _ in range(3))
    ink = tuple(rng.randint(0, 60) for _ in range(3))
    accent = rng.choice(((20, 60, 140), (150, 20, 30), (30, 30, 30), (10, 100, 80)))
    image = Image.new("RGB", (width, height), paper)  # type: ignore[arg-type]
    draw = ImageDraw.Draw(image)
    s = scale
    lines = contact_lines(spec, rng)
    spec.lines = lines
    # A logo: a coloured shape with a letter, as most cards have.
    logo = rng.random() < 0.7
    if logo:
        x0, y0 = (
            (int(40 * s), int(40 * s))
            if layout != "centered"
            else (width - int(140 * s), int(30 * s))
        )
        draw.ellipse((x0, y0, x0 + int(80 * s), y0 + int(80 * s)), fill=accent)
    name_font = _font(bold, int(rng.randint(54, 66) * s))
    small = _font(regular, int(rng.randint(24, 28) * s))
    company_font = _font(bold, int(rng.randint(30, 36) * s))
    title_font = _font(regular, int(rng.randint(26, 30) * s))
    name_text = spec.name
    if not spec.english and len(spec.name) == 2 and rng.random() < 0.4:
        name_text = f"{spec.name[0]} {spec.name[1]}"  # designers space two-character names
    title_line = f"{spec.department} {spec.title}" if rng.random() < 0.5 else spec.title
    if layout == "classic":
        x = int(140 * s) if logo else int(60 * s)
        draw.text((x, int(55 * s)), spec.company, font=company_font, fill=accent)
        draw.text((int(60 * s), int(150 * s)), name_text, font=name_font, fill=ink)
        draw.text((int(60 * s), int(235 * s)), title_line, font=title_font, fill=ink)
        y = int(300 * s)
        step = int((height - y - 20 * s) / len(lines))
        for _, text in lines:
            draw.text((int(60 * s), y), text, font=small, fill=ink)
            y += step
    elif layout == "two_column":
        draw.text((int(60 * s), int(150 * s)), name_text, font=name_font, fill=ink)
        draw.text((int(60 * s), int(240 * s)), title_line, font=title_font, fill=ink)
        draw.text((int(60 * s), int(height - 90 * s)), spec.company, font=company_font, fill=accent)
        column = _font(regular, int(22 * s))
        y = int(60 * s)
        x = int(width * 0.5)
        step = int((height - 120 * s) / len(lines))
        for role, text in lines:
            if role == "address" and len(text) > 22:
                cut = 16 if not spec.english else text.rfind(",", 0, 36) + 1 or 30
                draw.text((x, y), text[:cut], font=column, fill=ink)
                y += int(32 * s)
                draw.text((x, y), text[cut:].strip(), font=column, fill=ink)
            else:
                draw.text((x, y), text, font=column, fill=ink)
            y += step
    elif layout == "centered":

        def centred(y: int, text: str, font: ImageFont.FreeTypeFont, fill: object) -> None:
            w = draw.textlength(text, font=font)
            draw.text(((width - w) / 2, y), text, font=font, fill=fill)

        centred(int(40 * s), spec.company, company_font, accent)
        centred(int(120 * s), name_text, name_font, ink)
        centred(int(205 * s), title_line, title_font, ink)
        y = int(270 * s)
        step = int((height - y - 20 * s) / len(lines))
        for _, text in lines:
            centred(y, text, small, ink)
            y += step
    else:  # vertical Chinese: columns read top to bottom, right to left

        def column(x: int, y: int, text: str, font: ImageFont.FreeTypeFont, fill: object) -> None:
            size = font.size
            for ch in text:
                draw.text((x, y), ch, font=font, fill=fill)
                y += int(size * 1.1)

        column(width - int(110 * s), int(60 * s), spec.name, name_font, ink)
        column(width - int(170 * s), int(60 * s), spec.title, title_font, ink)
        column(width - int(230 * s), int(60 * s), spec.company[:16], small, accent)
        vertical_lines = [ln for ln in lines if ln[0] in ("mobile", "landline", "email")]
        spec.lines = vertical_lines
        # Numbers and addresses print horizontally along the bottom even on vertical cards.
        y = height - int(60 * s) * len(vertical_lines) - int(20 * s)
        foot = _font(regular, int(20 * s))
        for _, text in vertical_lines:
            draw.text((int(20 * s), y), text, font=foot, fill=ink)
            y += int(60 * s)
    return image


def degrade(
    image: Image.Image,
    seed: int,
    *,
    noise: float = 0.0,
    blur: float = 0.0,
    rotate: int = 0,
    perspective: float = 0.0,
    shadow: bool = False,
    jpeg: int | None = None,
) -> Image.Image:
    """A clean card as a photo would give it: noise, blur, shadow, angle, rotation."""
    import numpy as np

    rng = random.Random(seed)
    out = image
    if perspective:
        w, h = out.size
        d = perspective
        # Corners moved inwards by up to d of the size, on a wider white table.
        pad = int(max(w, h) * d) + 10
        table = Image.new("RGB", (w + 2 * pad, h + 2 * pad), (200, 200, 195))
        table.paste(out, (pad, pad))
        big_w, big_h = table.size
        quad = [
            (pad + rng.uniform(-d, d) * w, pad + rng.uniform(-d, d) * h),
            (pad + rng.uniform(-d, d) * w, big_h - pad + rng.uniform(-d, d) * h),
            (big_w - pad + rng.uniform(-d, d) * w, big_h - pad + rng.uniform(-d, d) * h),
            (big_w - pad + rng.uniform(-d, d) * w, pad + rng.uniform(-d, d) * h),
        ]
        flat = [c for point in quad for c in point]
        out = table.transform((big_w, big_h), Image.Transform.QUAD, flat, Image.Resampling.BICUBIC)
    if shadow:
        arr = np.asarray(out).astype(np.float32)
        h, w = arr.shape[:2]
        ramp = np.linspace(1.0, rng.uniform(0.55, 0.75), w, dtype=np.float32)
        arr *= ramp[None, :, None]
        out = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
    if blur:
        out = out.filter(ImageFilter.GaussianBlur(blur))
    if noise:
        arr = np.asarray(out).astype(np.float32)
        arr += np.random.default_rng(seed).normal(0, noise, arr.shape).astype(np.float32)
        out = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
    if rotate:
        out = out.rotate(rotate, expand=True)
    if jpeg:
        buffer = io.BytesIO()
        out.save(buffer, "JPEG", quality=jpeg)
        out = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    return out


def make_card(
    seed: int, *, english: bool = False, layout: str | None = None, hard: bool = False
) -> tuple[CardSpec, Image.Image]:
    """One card and its truth; hard adds noise, blur, shadow, angle and a rotation."""
    rng = random.Random(seed * 7919 + 1)
    spec = random_spec(rng, english=english)
    image = render(spec, seed, layout)
    if hard:
        image = degrade(
            image,
            seed,
            noise=rng.uniform(4, 12),
            blur=rng.uniform(0.3, 1.0),
            rotate=rng.choice((0, 90, 180, 270)),
            perspective=rng.uniform(0.0, 0.06),
            shadow=rng.random() < 0.5,
            jpeg=rng.choice((None, 70, 85)),
        )
    return spec, image


KEY_FIELDS = ("name", "company", "mobile", "email")
OTHER_FIELDS = ("title", "landline", "fax", "address", "area", "website", "wechat")


def field_hits(spec: CardSpec, proposal: object) -> dict[str, bool]:
    """Which fields of the card the proposal got right (spaces and case aside)."""

    def same(a: str, b: str) -> bool:
        return a.replace(" ", "").lower() == b.replace(" ", "").lower()

    def digits(text: str) -> str:
        return "".join(ch for ch in text if ch.isdigit())

    p: object = proposal
    phones = getattr(p, "phones", [])
    printed = {role for role, _ in spec.lines}
    hits = {
        "name": same(getattr(p, "name", ""), spec.name),
        "company": same(getattr(p, "company", ""), spec.company),
        "mobile": any(
            x.label == "mobile" and digits(x.number).endswith(spec.mobile) for x in phones
        ),
        "email": same(getattr(p, "email", ""), spec.email),
        "title": same(getattr(p, "title", ""), spec.title),
        "address": same(getattr(p, "address", ""), spec.address),
        "area": same(getattr(p, "area", ""), spec.area),
        "website": same(getattr(p, "website", ""), spec.website),
        "wechat": same(getattr(p, "wechat", ""), spec.wechat),
        "landline": any(
            x.label == "work" and digits(x.number) == digits(spec.landline) for x in phones
        ),
        "fax": any(x.label == "fax" and digits(x.number) == digits(spec.fax) for x in phones),
    }
    # A field the card does not print is neither right nor wrong.
    for role in ("fax", "website", "wechat", "landline", "address"):
        if role not in printed:
            hits.pop(role)
    if "address" not in printed:
        hits.pop("area", None)
    return hits
