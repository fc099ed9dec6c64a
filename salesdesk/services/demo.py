"""Believable demo data: cards with Chinese and English names and three years of history."""

from __future__ import annotations

import bisect
import random
import sqlite3
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import Any

from salesdesk.domain.search import SEPARATOR, fold, search_text, sort_key
from salesdesk.models import clock, tracking
from salesdesk.models.clock import Stamp
from salesdesk.models.store import Store
from salesdesk.models.tables import derive_payments
from salesdesk.services import settings

Progress = Callable[[int, int], None]
Row = tuple[Any, ...]

YEARS = 3
DAY = 86_400
_EPOCH = datetime(1970, 1, 1)  # naive: local times are counted in plain seconds from here
_CHUNK = 2_000  # cards generated and inserted per batch: bounds memory at 100,000 cards

# -- the people and their companies -----------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    return tuple((han, py) for han, py in (word.split(":") for word in text.split()))


# Surnames (weighted by how common they are) and given names carry their pinyin for
# e-mail addresses; polyphonic surnames such as 曾 and 单 are left out.
SURNAMES = _pairs(
    "王:wang 李:li 张:zhang 刘:liu 陈:chen 杨:yang 黄:huang 赵:zhao 吴:wu 周:zhou 徐:xu "
    "孙:sun 马:ma 朱:zhu 胡:hu 郭:guo 何:he 高:gao 林:lin 罗:luo 郑:zheng 梁:liang 谢:xie "
    "宋:song 唐:tang 许:xu 韩:han 冯:feng 邓:deng 曹:cao 彭:peng 肖:xiao 田:tian 董:dong "
    "袁:yuan 潘:pan 蒋:jiang 蔡:cai 余:yu 杜:du 叶:ye 程:cheng 苏:su 魏:wei 吕:lv 丁:ding "
    "任:ren 沈:shen 姚:yao 卢:lu 姜:jiang 崔:cui 钟:zhong 谭:tan 陆:lu 汪:wang 范:fan "
    "金:jin 石:shi 廖:liao 贾:jia 夏:xia 韦:wei 方:fang 白:bai 邹:zou 孟:meng 熊:xiong "
    "秦:qin 邱:qiu 江:jiang 尹:yin 薛:xue 段:duan 雷:lei 侯:hou 龙:long 史:shi 陶:tao "
    "贺:he 顾:gu 毛:mao 郝:hao 龚:gong 邵:shao 万:wan 钱:qian 严:yan 戴:dai"
)
SURNAME_WEIGHTS = (10, 10, 9, 8, 8, 5, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3) + (2,) * 16 + (1,) * 57
GIVEN_NAMES = _pairs(
    "伟:wei 芳:fang 娜:na 敏:min 静:jing 丽:li 强:qiang 磊:lei 军:jun 洋:yang 勇:yong "
    "艳:yan 杰:jie 娟:juan 涛:tao 明:ming 超:chao 霞:xia 平:ping 刚:gang 辉:hui 玲:ling "
    "婷:ting 雪:xue 琳:lin 欣:xin 宇:yu 浩:hao 俊:jun 峰:feng 斌:bin 颖:ying 慧:hui "
    "倩:qian 帆:fan 晨:chen 阳:yang 博:bo 鹏:peng 丹:dan 秀英:xiuying 桂英:guiying "
    "建华:jianhua 建国:jianguo 志强:zhiqiang 晓明:xiaoming 海燕:haiyan 秀兰:xiulan "
    "国强:guoqiang 文静:wenjing 丽华:lihua 红梅:hongmei 思远:siyuan 子轩:zixuan "
    "雨桐:yutong 嘉怡:jiayi 梓涵:zihan 一鸣:yiming 佳琪:jiaqi 浩然:haoran 欣怡:xinyi "
    "宇航:yuhang 志明:zhiming 春燕:chunyan 晓东:xiaodong 立新:lixin 振华:zhenhua "
    "文博:wenbo 雅琴:yaqin 婉清:wanqing 明轩:mingxuan 俊杰:junjie 美玲:meiling "
    "晓燕:xiaoyan 建平:jianping 德明:deming"
)
FIRST_NAMES = _words(
    "James John Robert Michael David William Richard Thomas Daniel Matthew Anthony Mark "
    "Paul Steven Andrew Kevin Brian George Peter Chris Tom Mary Patricia Jennifer Linda "
    "Elizabeth Susan Jessica Sarah Karen Emma Olivia Sophie Laura Emily Anna Lucy Chloe "
    "Grace Hannah Kate Amy Rachel José Zoë Renée Björn"
)
LAST_NAMES = _words(
    "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Moore Martin "
    "Jackson Thompson White Harris Clark Lewis Walker Hall Allen Young King Wright Scott "
    "Green Baker Adams Nelson Carter Mitchell Roberts Turner Phillips Campbell Parker "
    "Evans Edwards Collins Stewart Morris Murphy Cook Rogers Morgan Cooper Reed Bailey "
    "Bell Kelly Howard Ward Watson Brooks Bennett Gray Hughes Price Foster García Müller"
)

# City, its landline area code and its districts; English cards often live in named quarters.
CITIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("上海", "021", _words("浦东新区 徐汇区 静安区 黄浦区 闵行区 杨浦区 普陀区")),
    ("北京", "010", _words("海淀区 朝阳区 东城区 西城区 丰台区 通州区")),
    ("深圳", "0755", _words("南山区 福田区 罗湖区 宝安区 龙岗区")),
    ("广州", "020", _words("天河区 越秀区 海珠区 番禺区 白云区")),
    ("杭州", "0571", _words("西湖区 上城区 拱墅区 滨江区 余杭区")),
    ("苏州", "0512", _words("姑苏区 工业园区 吴中区 相城区")),
    ("成都", "028", _words("锦江区 武侯区 高新区 金牛区")),
)
CITY_WEIGHTS = (30, 22, 12, 10, 10, 8, 8)
STREETS = _words(
    "张杨路 世纪大道 淮海中路 南京西路 漕溪北路 中山北路 建国路 中关村大街 学院路 深南大道 "
    "科技园路 天河路 环市东路 文三路 解放路 干将路 人民南路 天府大道 长江路 解放北路"
)
EN_AREAS = (
    "Downtown", "Riverside", "Harbourfront", "Westside", "Northgate", "Old Town",
    "Eastfield", "Hillcrest", "Lakeside", "University District",
)  # fmt: skip
EN_STREETS = (
    "Queen Street", "King's Road", "Harbour Road", "Maple Avenue", "Station Road",
    "Park Lane", "Church Street", "Mill Lane", "Victoria Road", "High Street",
)  # fmt: skip
ZH_BRANDS = _pairs(
    "华信:huaxin 宏达:hongda 恒通:hengtong 金鼎:jinding 瑞丰:ruifeng 鑫源:xinyuan "
    "东方:dongfang 博远:boyuan 中科:zhongke 天成:tiancheng 永盛:yongsheng 嘉禾:jiahe "
    "海纳:haina 联创:lianchuang 启明:qiming 德润:derun 盛世:shengshi 远航:yuanhang "
    "汇通:huitong 九州:jiuzhou 星辰:xingchen 信达:xinda 新纪元:xinjiyuan 长城:changcheng "
    "万象:wanxiang 宝丰:baofeng 康泰:kangtai 安和:anhe"
)
ZH_INDUSTRIES = _words(
    "贸易 科技 物流 建材 电子 医药 餐饮管理 教育咨询 机械设备 服装 食品 网络科技 "
    "房地产开发 印刷 包装 环保科技 广告传媒 汽车服务 装饰工程 进出口"
)
ZH_SUFFIXES = ("有限公司", "有限公司", "有限公司", "股份有限公司", "集团有限公司")
EN_BRANDS = (
    "Northwind", "Contoso", "Fabrikam", "Blue Harbor", "Summit", "Evergreen", "Pacific Rim",
    "Silverline", "Redwood", "Apex", "Lakeside", "Oakridge", "Brightway", "Crescent",
    "Maple Leaf", "Golden Bridge",
)  # fmt: skip
EN_INDUSTRIES = _words(
    "Logistics Trading Electronics Foods Engineering Consulting Medical Software "
    "Packaging Textiles Motors Realty"
)
EN_SUFFIXES = ("Ltd", "Co., Ltd", "Inc.", "Group", "Pte Ltd", "LLC")
ZH_TITLES = _words(
    "总经理 副总经理 采购经理 采购主管 财务总监 行政经理 销售总监 技术总监 董事长 店长 "
    "项目经理 人事经理 办公室主任 市场部经理 老板 厂长"
)
EN_TITLES = (
    "CEO", "Purchasing Manager", "Operations Director", "Finance Manager", "Office Manager",
    "Owner", "Head of Procurement", "IT Manager", "Sales Director", "Project Manager",
    "General Manager",
)  # fmt: skip
MAIL_DOMAINS = ("qq.com", "163.com", "126.com", "sina.com", "139.com")
EN_MAIL_DOMAINS = ("gmail.com", "outlook.com", "yahoo.com", "hotmail.com")
MOBILE_PREFIXES = _words(
    "130 131 132 135 136 137 138 139 150 151 152 158 159 166 176 177 180 186 188 189 199"
)
# A book of 100,000 cards is a team's: one salesperson keeps about BOOK_CARDS cards in
# one city, so each person's due load is a day one can walk (a dozen or two visits a
# day), not a whole branch's. The first salespeople have these names; the rest of a
# large team get names of their own. The first is the demo's user (Preferences' name).
OWNERS = ("王磊", "李娜", "David Zhou")
OWNER_CITIES = (0, 1, 0)
BOOK_CARDS = 200
SOURCES = ("name_card", "referral", "event", "cold_call", "website", "other")
SOURCE_WEIGHTS = (30, 25, 15, 15, 10, 5)
STYLES = ("hesitant", "opinionated", "amiable", "angry")
STYLE_WEIGHTS = (30, 20, 40, 10)
CREDITS = ("good", "normal", "poor")
CREDIT_WEIGHTS = (50, 40, 10)
ZH_TAGS = _words("VIP 老客户 转介绍 展会 重点跟进 价格敏感 决策人 华东区 需要发票")
EN_TAGS = ("VIP", "referral", "trade fair", "follow up", "price sensitive", "decision maker")
ZH_NOTES = (
    "喜欢喝茶，周三下午比较空。",
    "不喜欢电话推销，先发微信再打电话。",
    "孩子在读高中，关注教育话题。",
    "上午开会多，下午拜访为宜。",
    "对售后服务很看重。",
    "老板是老乡，可以聊家乡话题。",
)
EN_NOTES = (
    "Prefers morning calls.",
    "Plays golf on Saturdays; mention the club.",
    "Wants everything in writing before a meeting.",
    "Decides with her business partner.",
    "Very keen on after-sales service.",
)
ZH_PRODUCTS = _words("智能办公系统 年度维保套餐 团体意外险 仓储管理软件 商用净水设备 云存储服务")
EN_PRODUCTS = (
    "Office Suite Pro", "Annual Service Plan", "Group Insurance Plan", "Warehouse Manager",
    "Water Purifier Fleet", "Cloud Storage",
)  # fmt: skip

# -- the contact log --------------------------------------------------------------------
CHANNELS = ("visit", "phone", "message", "email", "letter", "other")
CHANNEL_WEIGHTS = (35, 30, 20, 10, 3, 2)
ZH_SUMMARIES: dict[str, tuple[str, ...]] = {
    "visit": (
        "上门拜访，介绍了{p}的主要功能",
        "拜访对方公司，讨论了预算和时间安排",
        "带样品上门演示{p}，对方反应积极",
        "陪同技术同事现场勘查，了解使用环境",
        "拜访时对方提出价格偏高，解释了服务内容",
        "在对方办公室见面，聊了行业近况",
    ),
    "phone": (
        "电话沟通{p}报价细节",
        "电话回访，询问试用感受",
        "电话约下次拜访时间",
        "电话未接通，稍后再联系",
        "电话确认合同条款",
    ),
    "message": ("微信发送了{p}资料", "微信上确认了会议时间", "节日微信问候", "微信发了案例视频"),
    "email": ("发送报价单和合同草稿", "邮件发送{p}产品手册", "邮件跟进上次会议纪要"),
    "letter": ("寄送新年贺卡", "寄送样品和公司介绍"),
    "other": ("在行业展会上偶遇，简单交流", "参加客户公司的周年活动"),
}
EN_SUMMARIES: dict[str, tuple[str, ...]] = {
    "visit": (
        "Visited the office and presented {p}",
        "Met to go through budget and timing",
        "Demonstrated {p} on site; good reaction",
        "Site survey with our engineer",
        "They found the price high; explained the service level",
        "Coffee meeting, talked about their expansion",
    ),
    "phone": (
        "Call about the {p} quote",
        "Follow-up call on the trial",
        "Called to fix the next visit",
        "No answer, will try again",
        "Call to confirm contract terms",
    ),
    "message": (
        "Sent {p} brochure on WhatsApp",
        "Confirmed meeting time by text",
        "Season's greetings",
    ),
    "email": (
        "Sent quote and draft contract",
        "E-mailed the {p} product sheet",
        "Minutes of last meeting",
    ),
    "letter": ("Mailed a new-year card", "Mailed samples and company profile"),
    "other": ("Met by chance at the trade fair", "Attended their anniversary party"),
}
ZH_OUTCOMES = (
    "对方有兴趣，约下周再谈",
    "需要和老板商量",
    "要求提供更详细的报价",
    "暂时没有预算",
    "同意试用一个月",
    "已转交采购部门",
    "反馈良好",
    "",
    "",
)
EN_OUTCOMES = (
    "Interested; meeting again next week",
    "Needs to talk to the boss",
    "Asked for a detailed quote",
    "No budget for now",
    "Agreed to a one-month trial",
    "Passed to purchasing",
    "Good feedback",
    "",
    "",
)
# Why a card reached a grade: the grade step's reason and its contact's summary.
ZH_REASONS: dict[str, tuple[str, ...]] = {
    "A": (
        "对方表示本月内可以签约",
        "方案已通过内部评审，只差最后一次拜访",
        "老板亲自约见，准备下单",
    ),
    "B": (
        "有购买意向，但要等明年预算批下来",
        "想买，但要等新办公室装修完",
        "决策人出差，回来后再定",
    ),
    "C": ("目前条件不符，等复查结果", "暂不具备购买资格"),
    "D": ("有兴趣也符合条件，但资金紧张", "收入不稳定，过一阵再谈"),
    "E": ("对产品还不够了解，需要再讲解", "还没讲清楚产品的好处，要准备更多资料"),
    "F1": ("短期内没有需求", "一年内不太可能购买"),
    "F2": ("新名片，尚未拜访", "展会上拿到的名片，还在了解中", "朋友介绍的新客户，待首次拜访"),
}
EN_REASONS: dict[str, tuple[str, ...]] = {
    "A": (
        "Says they can sign this month",
        "Proposal approved internally; one more visit",
        "Owner asked to meet, ready to order",
    ),
    "B": (
        "Wants it, waiting for next year's budget",
        "Will buy after the office move",
        "Decision maker travelling; decides on return",
    ),
    "C": ("Not eligible right now; waiting for the re-check", "Cannot qualify for now"),
    "D": ("Interested and eligible, but money is tight", "Income not stable yet"),
    "E": ("Does not understand the product well enough yet", "Needs more material on the benefits"),
    "F1": ("No need in the short term", "Unlikely to buy within a year"),
    "F2": (
        "New name card, not visited yet",
        "Card from the trade fair, still researching",
        "Referred by a friend, first visit to plan",
    ),
}
ZH_BLOCKERS = {
    "C": (
        "体检未通过（血压偏高），半年后复查",
        "公司正在重组，暂停采购",
        "资质审核未通过",
        "等待政府审批",
    ),
    "D": ("资金周转紧张", "刚换工作，收入不稳定", "新店投入大，现金流紧张", "等一笔货款回笼"),
}
EN_BLOCKERS = {
    "C": (
        "Failed the medical (blood pressure); re-check in six months",
        "Company restructuring, purchases frozen",
        "Not licensed yet",
        "Waiting for government approval",
    ),
    "D": (
        "Cash flow is tight",
        "Just changed jobs, income not stable",
        "Big investment in a new branch",
        "Waiting for a large payment",
    ),
}
# Visits planned by the cadence carry a purpose code (domain.cadence); one fixed by
# hand carries the salesperson's own words.
VISIT_TIMES = ("09:30", "10:00", "11:00", "14:00", "15:30", "16:00")
ZH_CLOSING = ("带合同上门签约", "签约拜访", "最后一次方案确认")
EN_CLOSING = ("Bring the contract to sign", "Closing visit", "Final go-through of the offer")
CASE_KINDS = ("complaint", "request", "suggestion", "praise")
CASE_WEIGHTS = (35, 35, 15, 15)
ZH_CASES = {
    "complaint": ("设备安装延误了三天", "发票开错了抬头", "售后电话总是占线"),
    "request": ("希望增加两个用户账号", "申请上门培训", "需要补打保修卡"),
    "suggestion": ("建议手机端也能查看报表", "希望提供英文版说明书"),
    "praise": ("表扬工程师响应快、态度好", "对培训非常满意"),
}
EN_CASES = {
    "complaint": (
        "Installation was three days late",
        "Invoice had the wrong company name",
        "Support line always busy",
    ),
    "request": (
        "Needs two more user accounts",
        "Asks for on-site training",
        "Lost the warranty card",
    ),
    "suggestion": ("Reports on the phone would help", "Manual in Chinese too, please"),
    "praise": ("Engineer was quick and friendly", "Very happy with the training"),
}
ZH_RESPONSES = ("已电话致歉并说明处理安排", "已登记，安排同事跟进", "感谢反馈，已转给产品部门")
EN_RESPONSES = (
    "Called to apologise and explain the plan",
    "Logged; a colleague follows up",
    "Thanks; passed to the product team",
)
ZH_RESOLUTIONS = ("已处理完毕，客户确认", "已上门解决", "已补发并回访确认")
EN_RESOLUTIONS = ("Done; customer confirmed", "Fixed on site", "Sent again and followed up")

# Final grades (F split into F1/F2) and how many contacts a card of each gets,
# relative: better grades are visited more often (DESIGN §1 cadence).
FINAL_LABELS = ("A", "B", "C", "D", "E", "F1", "F2")
# A real funnel: few cards on the edge of buying, most still far (F1) or unvisited (F2).
FINAL_WEIGHTS = (4, 9, 6, 8, 16, 30, 27)
CONTACT_WEIGHT = {"A": 20.0, "B": 15.0, "C": 12.0, "D": 10.0, "E": 8.0, "F1": 4.5, "F2": 1.2}
CONTACTS_PER_CARD = 10.0  # DESIGN §7: 100,000 cards, 1,000,000 contacts
_MEAN_WEIGHT = sum(
    w * CONTACT_WEIGHT[g] for g, w in zip(FINAL_LABELS, FINAL_WEIGHTS, strict=True)
) / sum(FINAL_WEIGHTS)

_CARD_COLUMNS = _words(
    "id created deleted name company title phones email address area source referred_by "
    "birthday status grade f_kind grade_note blocker recheck_on style key_customer credit "
    "tags notes owner search sort_name last_contact_at next_visit_on"
)
_CONTACT_COLUMNS = _words("id created deleted card_id at channel summary outcome grade_after")
_GRADE_COLUMNS = _words(
    "id created deleted card_id at from_grade from_f_kind to_grade to_f_kind reason blocker "
    "recheck_on contact_id"
)
_VISIT_COLUMNS = _words(
    "id created deleted card_id due_on due_time hand_set purpose status done_at contact_id "
    "planned_from"
)
_DEAL_COLUMNS = _words("id created deleted card_id closed_on product amount note")
_CASE_COLUMNS = _words(
    "id created deleted card_id kind content opened_at first_response_at response "
    "resolved_at resolution satisfaction"
)
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "card": _CARD_COLUMNS,
    "contact": _CONTACT_COLUMNS,
    "grade_change": _GRADE_COLUMNS,
    "visit": _VISIT_COLUMNS,
    "deal": _DEAL_COLUMNS,
    "service_case": _CASE_COLUMNS,
}


def generate(
    store: Store, cards: int = 300, seed: int = 1, progress: Progress | None = None
) -> dict[str, int]:
    """Add `cards` demo cards with their history to the open database; returns the row counts.

    The same seed and the same now (SALESDESK_NOW) give the same cards, contacts
    and ids in a fresh database. Everything commits in one transaction.
    """
    if cards < 0:
        raise ValueError("cards must be zero or more")
    counts = dict.fromkeys(
        ("cards", "contacts", "grade_changes", "deals", "service_cases", "visits"), 0
    )
    database: Any = store.db  # peewee is untyped
    conn: sqlite3.Connection = database.connection()
    existing = conn.execute("SELECT count(*) FROM card").fetchone()[0]
    synchronous = conn.execute("PRAGMA synchronous").fetchone()[0]
    if not existing:
        # A new book: nothing in the file is worth an fsync of each spill and of the commit
        # of a 700 MB transaction; the rollback journal still undoes a failed or cancelled
        # run. The file's own setting is back before anything else is written.
        conn.execute("PRAGMA synchronous = OFF")
    try:
        _generate(
            store, conn, existing=existing, cards=cards, seed=seed, progress=progress, counts=counts
        )
    finally:
        conn.execute(f"PRAGMA synchronous = {int(synchronous)}")
    return counts


def _generate(
    store: Store,
    conn: sqlite3.Connection,
    *,
    existing: int,
    cards: int,
    seed: int,
    progress: Progress | None,
    counts: dict[str, int],
) -> None:
    # A book that has stamped anything may have been seen by a peer, which then holds this
    # replica's stamps up to its clock: rows stamped in the past would never reach it by
    # delta. There the demo's rows get stamps from the clock, like any write.
    stamped_before = existing > 0 or Stamp.parse(store.clock.last).wall > 0
    # Its million rows go in untracked: the triggers of issue 23 would make the raw inserts
    # 70 % slower; the next backup before a merge is a full one instead.
    with store.write("Demo data"), tracking.untracked(conn):
        generator = _Generator(seed, existing, cards, store.replica_id, settings.cadence())
        deferred = _drop_indexes_of_empty_tables(conn)
        inserts = {
            table: f'INSERT INTO "{table}" ({", ".join(cols)}) VALUES ({_marks(len(cols))})'
            for table, cols in TABLE_COLUMNS.items()
        }
        cache = conn.execute("PRAGMA cache_size").fetchone()[0]
        # A big page cache keeps the id indexes in memory while a million rows go in.
        conn.execute("PRAGMA cache_size = -131072")
        try:
            done = 0
            for batch in generator.batches(_CHUNK):
                for table, rows in batch.items():
                    if rows:
                        conn.executemany(inserts[table], rows)
                done = generator.cards_done
                if progress is not None:
                    progress(done, cards)
            # The demo's own cards: what follows completes their rows, never the user's (an
            # update of a row already in the book would need its change record to sync).
            conn.execute("DROP TABLE IF EXISTS temp.demo_card")
            conn.execute("CREATE TEMP TABLE demo_card (id TEXT PRIMARY KEY)")
            conn.executemany(
                "INSERT INTO temp.demo_card VALUES (?)", [(i,) for i in generator.card_ids]
            )
            # Each planned visit's last merely-due day, as visits.replan would store it.
            conn.execute(
                """UPDATE visit SET overdue_on = CASE
                     WHEN hand_set OR planned_from IS NULL OR planned_from >= due_on THEN due_on
                     ELSE date(2 * julianday(due_on) - julianday(planned_from)) END
                   WHERE overdue_on IS NULL AND card_id IN (SELECT id FROM temp.demo_card)"""
            )
            _loyalty_details(conn, seed, generator.today)
            _payment_plans(conn, seed, existing, clock.now().date())
            derive_payments(store.db)  # what the receipts cover of each installment
            if stamped_before:
                _restamp(store, conn)
            conn.execute("DROP TABLE temp.demo_card")
            for sql in deferred:
                conn.execute(sql)
            # Without statistics SQLite may pick a wide index on `deleted` over the one on
            # card_id (a card's grade path then scans 300,000 rows); a sampled ANALYZE
            # takes a fraction of a second.
            conn.execute("PRAGMA analysis_limit = 400")
            conn.execute("ANALYZE")
        finally:
            conn.execute(f"PRAGMA cache_size = {int(cache)}")
        if settings.get("plan_owner") is None:
            settings.put("plan_owner", generator.team[0][0])  # the demo's user plans their week
        # The clock moves past every stamp written, so later edits are newer.
        # Every stamp written is before now; one tick puts the clock past them all.
        store.stamp()
    counts.update(generator.counts)


PAYMENT_METHOD_CHOICES = ("transfer", "transfer", "transfer", "wechat", "alipay", "cash", "cheque")


def _payment_plans(conn: sqlite3.Connection, seed: int, existing: int, today: date) -> None:
    """Issue 20: payment plans on the deals of the last eight months, most installments paid
    on time, some late or not at all (the receivables age), from their own random stream so
    the cards, contacts and ids stay as before."""
    import uuid

    from salesdesk.services.payments import split_plan

    rng = random.Random(seed * 104_729 + existing * 31 + 20)  # a second demo: new ids

    def new_id() -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    since = (today - timedelta(days=240)).isoformat()
    rows: list[tuple[Any, ...]] = []
    for deal_id, created, card_id, closed_on, amount in conn.execute(
        "SELECT id, created, card_id, closed_on, amount FROM deal "
        "WHERE deleted = 0 AND closed_on >= ? AND amount > 0 "
        "AND card_id IN (SELECT id FROM temp.demo_card) "
        "AND NOT EXISTS (SELECT 1 FROM payment p WHERE p.deal_id = deal.id) "
        "ORDER BY closed_on, id",
        (since,),
    ).fetchall():
        if rng.random() < 0.3:
            continue  # settled at the time, before the plan was kept here
        first = date.fromisoformat(str(closed_on)[:10])
        plan = split_plan(float(amount), first, rng.choice((1, 2, 3, 3, 4, 6)), 1, "months")
        plan_id = new_id()
        for due, part in plan:
            rows.append(
                (new_id(), created, card_id, deal_id, "installment", plan_id, due.isoformat(),
                 part, None)
            )  # fmt: skip
        for due, part in plan:
            if due > today or rng.random() < 0.15:
                break  # not due yet, or the customer stopped paying
            paid = min(due + timedelta(days=int(rng.random() * rng.random() * 20)), today)
            method = rng.choice(PAYMENT_METHOD_CHOICES)
            rows.append(
                (new_id(), created, card_id, deal_id, "receipt", None, paid.isoformat(), part,
                 method)
            )  # fmt: skip
    conn.executemany(
        "INSERT INTO payment (id, created, deleted, card_id, deal_id, kind, plan_id, day, "
        "amount, method, note) VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?, ?, '')",
        rows,
    )


CAUSE_WEIGHTS = (("product", 0.3), ("delivery", 0.25), ("service", 0.25), ("price", 0.12))


def _loyalty_details(conn: sqlite3.Connection, seed: int, today: int) -> None:
    """What the loyalty KPIs need beyond the generated history (issue 18), from its own
    random stream so the cards, contacts and ids stay as before: a cause and a responsible
    person on each complaint, an annual spend / potential on most customers' cards, and
    for some early customers their first purchase soon after they met us (lapsed ones,
    some of whom came back: churn and win-back)."""
    rng = random.Random(seed * 7_919 + 18)
    causes = []
    for (case_id,) in conn.execute(
        "SELECT id FROM service_case WHERE kind = 'complaint' "
        "AND card_id IN (SELECT id FROM temp.demo_card) ORDER BY id"
    ).fetchall():
        x, cause = rng.random(), "other"
        for name, weight in CAUSE_WEIGHTS:
            if x < weight:
                cause = name
                break
            x -= weight
        causes.append((cause, case_id))
    conn.executemany(
        "UPDATE service_case SET cause = ?, responsible = "
        "(SELECT owner FROM card WHERE card.id = service_case.card_id) WHERE id = ?",
        causes,
    )
    moved, spends = [], []
    # Each customer's first deal, in one pass: a query a card would scan the deals (not
    # indexed yet) once for each of thousands of customers.
    first_deal = dict(
        conn.execute(
            "SELECT card_id, id FROM (SELECT card_id, id, row_number() OVER "
            "(PARTITION BY card_id ORDER BY closed_on, id) AS n FROM deal "
            "WHERE card_id IN (SELECT id FROM temp.demo_card)) WHERE n = 1"
        ).fetchall()
    )
    for card_id, created, deals, total in conn.execute(
        "SELECT c.id, c.created, count(d.id), sum(d.amount) FROM card c "
        "JOIN deal d ON d.card_id = c.id WHERE c.id IN (SELECT id FROM temp.demo_card) "
        "GROUP BY c.id ORDER BY c.id"
    ).fetchall():
        met = int(str(created)[:13]) // 86_400_000
        if met <= today - 400 and rng.random() < (0.6 if deals > 1 else 0.3):
            day = met + 20 + int(rng.random() * 40)
            first = first_deal[card_id]
            moved.append(((datetime(1970, 1, 1) + timedelta(days=day)).date().isoformat(), first))
        if rng.random() < 0.75:
            spends.append((round(float(total) * (1.5 + 2.5 * rng.random()), -3), card_id))
    conn.executemany("UPDATE deal SET closed_on = ? WHERE id = ?", moved)
    conn.executemany("UPDATE card SET annual_spend = ? WHERE id = ?", spends)


_STAMPED = ("card", "contact", "grade_change", "visit", "deal", "service_case", "payment")


def _restamp(store: Store, conn: sqlite3.Connection) -> None:
    """The demo's rows (its cards and everything on them) stamped afresh by the clock, in
    the order of their generated stamps, so they are newer than anything a peer holds."""
    rows: list[tuple[str, str, str]] = []
    for table in _STAMPED:
        mine = "id" if table == "card" else "card_id"
        rows += [
            (str(created), table, str(row_id))
            for row_id, created in conn.execute(
                f'SELECT id, created FROM "{table}" WHERE {mine} IN (SELECT id FROM temp.demo_card)'
            )
        ]
    rows.sort()
    stamps = store.clock.ticks(len(rows))
    for table in _STAMPED:
        conn.executemany(
            f'UPDATE "{table}" SET created = ? WHERE id = ?',
            [
                (stamp, row_id)
                for stamp, (_, t, row_id) in zip(stamps, rows, strict=True)
                if t == table
            ],
        )


def _drop_indexes_of_empty_tables(conn: sqlite3.Connection) -> list[str]:
    """Drop the secondary indexes of empty demo tables; returns the SQL that rebuilds them.

    Building an index once over sorted rows is several times cheaper than
    keeping it up to date through a million random inserts.
    """
    rebuild: list[str] = []
    for table in TABLE_COLUMNS:
        if conn.execute(f'SELECT 1 FROM "{table}" LIMIT 1').fetchone():
            continue
        for name, sql in conn.execute(
            "SELECT name, sql FROM sqlite_master "
            "WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
            (table,),
        ).fetchall():
            conn.execute(f'DROP INDEX "{name}"')
            rebuild.append(sql)
    return rebuild


class _Ids:
    """Version-4 UUID text from a seeded generator, handed out in ascending order.

    Ascending keys make every insert an append to the primary-key index
    (twice as fast at a million rows); the values are still spread over the
    whole id space, so they look and behave like any other UUIDs.
    """

    def __init__(self, rng: random.Random, expected: int) -> None:
        self._bits = rng.getrandbits
        # The high 64 bits climb by random steps; the margin keeps a larger than
        # expected table from running off the end.
        self._span = 2 * ((1 << 64) // (int(expected * 1.3) + 16))
        self._high = 0

    def next(self) -> str:
        return self.take(1)[0]

    def take(self, n: int) -> list[str]:
        """The next n ids, as n calls of next() would give them (a card's contacts at once)."""
        bits, span, high = self._bits, self._span, self._high
        out: list[str] = []
        append = out.append
        for _ in range(n):
            high += 1 + bits(62) % span
            value = high if high < 1 << 64 else bits(64)  # more rows than expected: random
            low = bits(64)
            append(
                "%08x-%04x-4%03x-%x%03x-%012x"  # noqa: UP031 -- one call, no slicing
                % (
                    value >> 32,
                    (value >> 16) & 0xFFFF,
                    value & 0xFFF,
                    8 | (low >> 62),
                    (low >> 48) & 0xFFF,
                    low & 0xFFFF_FFFF_FFFF,
                )
            )
        self._high = high
        return out


class _Generator:
    """Generates the rows of one card after another, in batches ready for executemany."""

    def __init__(
        self, seed: int, existing: int, cards: int, replica: str, cadence: dict[str, int | None]
    ) -> None:
        self.cadence = cadence
        self.rng = random.Random(seed)
        self.total = cards
        self.cards_done = 0
        self.counts = {
            "cards": 0,
            "contacts": 0,
            "grade_changes": 0,
            "deals": 0,
            "service_cases": 0,
            "visits": 0,
        }
        # Ids come from their own generator: a second demo in the same file
        # (existing cards) gets fresh ids while the content stays the same.
        id_rng = random.Random(f"{seed}:{existing}:ids")
        self.ids = {
            "card": _Ids(id_rng, cards),
            "contact": _Ids(id_rng, int(cards * CONTACTS_PER_CARD)),
            "grade_change": _Ids(id_rng, cards * 3),
            "visit": _Ids(id_rng, cards * 3),
            "deal": _Ids(id_rng, cards // 5 + 10),
            "service_case": _Ids(id_rng, cards // 5 + 10),
        }
        self.replica = replica
        now = clock.now()
        self.now = int((now - _EPOCH).total_seconds())
        self.today = self.now // DAY
        # Local seconds to epoch milliseconds: one offset, taken at now.
        self.utc_offset = int(now.timestamp()) - self.now
        self.now_ms = int(now.timestamp()) * 1000
        self.start = self.now - YEARS * 365 * DAY
        self.seq = 0
        self._days = _DayTexts()
        self._kinds: dict[tuple[bool, str, bool], list[tuple[str, tuple[str, ...], bool]]] = {}
        self._times = [f"T{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(DAY)]
        self._search_parts: dict[str, str] = {}
        self._sort_names: dict[str, str] = {}
        self._fold: dict[str, str] = {}
        self.card_ids: list[str] = []
        # Several people per company, as in life; it also bounds the pinyin work.
        self.zh_companies = [self._zh_company() for _ in range(min(max(40, cards // 4), 4000))]
        self.companies_in: dict[int, list[tuple[str, str, int]]] = {}
        for company in self.zh_companies:
            self.companies_in.setdefault(company[2], []).append(company)
        self.team = _team(seed, cards)
        self.en_companies = [self._en_company() for _ in range(min(max(15, cards // 20), 800))]
        self.contact_scale = CONTACTS_PER_CARD / _MEAN_WEIGHT

    # -- small helpers ------------------------------------------------------------------
    def pick(self, items: tuple[Any, ...] | list[Any]) -> Any:
        return items[int(self.rng.random() * len(items))]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def day(self, d: int) -> str:
        return self._days[d]

    def at(self, t: int) -> str:
        return self._days[t // DAY] + self._times[t % DAY]

    def _contact_kinds(
        self, english: bool, product: str, *, never_visited: bool
    ) -> list[tuple[str, tuple[str, ...], bool]]:
        """(channel, summaries, has an outcome), repeated by the channel's weight."""
        key = (english, product, never_visited)
        kinds = self._kinds.get(key)
        if kinds is None:
            summaries = EN_SUMMARIES if english else ZH_SUMMARIES
            kinds = []
            for channel, weight in zip(CHANNELS, CHANNEL_WEIGHTS, strict=True):
                if never_visited and channel == "visit":
                    channel = "phone"  # noqa: PLW2901 -- an F2 card has not been visited
                texts = tuple(text.replace("{p}", product) for text in summaries[channel])
                kinds += [(channel, texts, channel in ("visit", "phone"))] * weight
            self._kinds[key] = kinds
        return kinds

    def stamp(self, t: int) -> str:
        """A clock stamp for a row written at local time t: in the past, unique, sortable."""
        self.seq += 1
        wall = (t + self.utc_offset) * 1000 + (self.seq // 100_000) % 1000
        wall = min(wall, self.now_ms - 1)
        counter = self.seq % 100_000
        # STAMP_FORMAT, spelt as an f-string: str.format with names costs a second here.
        return f"{wall:013d}-{counter:05d}-{self.replica}"

    @staticmethod
    def office(t: int, low: int, high: int) -> int:
        """t moved into the office hours (08:30–19:00) of its day, in order, held in [low, high]."""
        t = (t // DAY) * DAY + 30_600 + (t % DAY) * 7 // 16
        return low if t < low else high if t > high else t

    def working_time(self, d: int) -> int:
        """A moment during office hours (08:30–19:00) of day d."""
        return d * DAY + 30_600 + int(self.rng.random() * 37_800)

    # -- companies, names and the card's own fields ----------------------------------
    def _zh_company(self) -> tuple[str, str, int]:
        city = _pick_weighted(self.rng.random(), _CITY_CUMULATIVE)
        brand, brand_py = self.pick(ZH_BRANDS)
        name = CITIES[city][0] + brand + self.pick(ZH_INDUSTRIES) + self.pick(ZH_SUFFIXES)
        return name, brand_py + self.pick((".com", ".com.cn", ".cn")), city

    def _en_company(self) -> tuple[str, str, int]:
        brand = self.pick(EN_BRANDS)
        industry = self.pick(EN_INDUSTRIES)
        name = f"{brand} {industry} {self.pick(EN_SUFFIXES)}"
        domain = (brand + industry).lower().replace(" ", "") + ".com"
        return name, domain, -1

    def search_columns(
        self,
        name: str,
        company: str,
        digits: list[str],
        tags: list[str],
        email: str,
        *,
        area: str = "",
        wechat: str = "",
    ) -> tuple[str, str]:
        """The card's search text and sort name, as derive.card_search_columns makes them.

        search_text joins the parts of each field with one separator, so the
        name's and the company's parts are computed once per distinct text
        (pinyin is the costly part) and joined here.
        """
        parts = []
        for text in (name, company):
            if not text:
                continue
            joined = self._search_parts.get(text)
            if joined is None:
                joined = search_text(text)[1:-1]
                self._search_parts[text] = joined
            if joined:
                parts.append(joined)
        parts.extend(d for d in digits if d)
        parts.extend(self._folded(t) for t in tags if t)
        if email:
            # An ASCII address folds to its lower case; fold() would cost more.
            parts.append(email.lower() if email.isascii() else fold(email))
        parts.extend(self._folded(t) for t in (area, wechat) if t)
        sort_name = self._sort_names.get(name)
        if sort_name is None:
            sort_name = sort_key(name)
            self._sort_names[name] = sort_name
        return SEPARATOR + SEPARATOR.join(parts) + SEPARATOR, sort_name

    def _folded(self, text: str) -> str:
        folded = self._fold.get(text)
        if folded is None:
            folded = fold(text)
            self._fold[text] = folded
        return folded

    def grade_path(self, final: str) -> list[str]:
        """Grades from the first to `final`: mostly a slow climb one grade at a time."""
        chance = self.chance
        if final == "F2":
            return ["F2"]
        start = "F2" if chance(0.62) else "E"
        if final == "F1":
            path = [start]
            if start == "F2" and chance(0.35):
                path.append("E")
            if chance(0.2):
                path[:] = ["F1"]
                return path
            path.append("F1")
            if chance(0.4):  # warmed up for a while, then cooled again
                path += ["E", "F1"]
            return path
        path = [start]
        if start == "F2" and chance(0.12) and final in ("A", "E"):
            # F2 may jump straight to A after a first meeting (DESIGN §1).
            return [*path, "A"] if final == "A" else [*path, "E"]
        if start == "F2":
            path.append("E")
        if chance(0.25):
            path += ["F1", "E"]
        if final == "E":
            return path
        # Climb E -> D -> B -> A, often skipping D; C and D also come as falls.
        ladder = ["D", "B", "A"] if chance(0.5) else ["B", "A"]
        if final == "D":
            if chance(0.3):
                return [*path, "B", "D"]  # interested, then the money ran out
            return [*path, "D"]
        for grade in ladder:
            path.append(grade)
            if grade == "B" and chance(0.25):
                path += ["D", "B"]
            if grade == final:
                break
            if final == "C" and grade == "B" and chance(0.4):
                break
        if final == "A" and chance(0.3):
            path += ["C", "A"]  # not eligible for a while, then back (F2 → E → B → A → C → A)
        if final == "C":
            path.append("C")
        return path

    # -- one card after another -----------------------------------------------------------
    def batches(self, size: int) -> Iterator[dict[str, list[Row]]]:
        while self.cards_done < self.total:
            batch: dict[str, list[Row]] = {t: [] for t in TABLE_COLUMNS}
            for _ in range(min(size, self.total - self.cards_done)):
                self.card(batch)
                self.cards_done += 1
            yield batch

    def card(self, out: dict[str, list[Row]]) -> None:
        rng = self.rng
        r = rng.random
        pick = self.pick
        card_id = self.ids["card"].next()
        english = r() < 0.25
        owner, home, territory = self.team[int(r() * len(self.team))]
        local = self.companies_in.get(home) or self.zh_companies
        final = FINAL_LABELS[_pick_weighted(r(), _FINAL_CUMULATIVE)]
        path = self.grade_path(final)

        # Who the person is.
        if english:
            first, last = pick(FIRST_NAMES), pick(LAST_NAMES)
            name = f"{first} {last}"
            company_name, domain, city = pick(self.en_companies) if r() < 0.7 else pick(local)
            title = pick(EN_TITLES)
            local_part = f"{fold(first)}.{fold(last)}".replace("'", "")
            email = (
                f"{local_part}@{domain}"
                if r() < 0.7
                else f"{local_part}{int(r() * 90) + 10}@{pick(EN_MAIL_DOMAINS)}"
            )
        else:
            surname, surname_py = SURNAMES[_pick_weighted(r(), _SURNAME_CUMULATIVE)]
            given, given_py = pick(GIVEN_NAMES)
            name = surname + given
            company_name, domain, city = pick(local)
            title = pick(ZH_TITLES)
            if r() < 0.5:
                email = f"{surname_py}{given_py}@{domain}"
            elif r() < 0.8:
                email = f"{surname_py}{given_py}{int(r() * 900) + 100}@{pick(MAIL_DOMAINS)}"
            else:
                email = f"{int(r() * 9e8) + 100_000_000}@qq.com"
        if r() < 0.08:  # a private customer, not a company's buyer
            company_name, title = "", ""
        if r() < 0.1:
            email = ""
        phones, digits = self.phones(english, city)
        # The salesperson's own city: the book is one territory, its districts the areas.
        area, address = self.place(False, home, territory)

        # When: F2 cards are recent leads; longer paths need a longer past. The last
        # contact keeps to the grade's cadence (a few cards fall behind), so the visit
        # it planned is due in the coming days, as visits.replan would have planned it.
        # C and D come back on their re-check date, F2 waits for a first visit by hand.
        cadence = None if final in ("C", "D", "F2") else self.cadence.get(final)
        if final == "F2":
            created_t = self.now - int((3 + r() * 360) * DAY)
        else:
            oldest = min(YEARS * 365, 120 + 250 * len(path))
            created_t = self.now - int((30 + r() * (oldest - 30)) * DAY)
        office = self.office
        final_recheck = 0
        if final in ("C", "D"):
            # The card comes back on its re-check date: mostly in the coming weeks,
            # for a few it has just passed; the regrade to C or D was one wait before.
            if r() < 0.88:
                final_recheck = self.today - 2 + int(r() * 45)
            else:
                final_recheck = self.today - 3 - int(r() * 40)
            wait = int((60 + r() * 150) if final == "C" else (30 + r() * 90))
            last_step_t = min(self.working_time(final_recheck - wait), self.now - 3600)
            created_t = min(created_t, last_step_t - (20 + int(r() * 300)) * DAY)
        created_t = self.working_time(max(created_t, self.start + DAY) // DAY)
        if final_recheck:
            horizon = office(
                last_step_t + int(r() * 0.6 * (self.now - 600 - last_step_t)),
                last_step_t,
                self.now - 600,
            )
            step_times = sorted(
                office(
                    created_t + 600 + int(r() * (last_step_t - created_t - 600)),
                    created_t + 600,
                    last_step_t - 60,
                )
                for _ in path[2:]
            )
            step_times.append(last_step_t)
        else:
            if cadence is not None:
                behind = r() < 0.06
                days_ago = cadence + 1 + int(r() * cadence) if behind else int(r() * cadence)
                horizon = self.working_time(self.today - days_ago)
            else:
                horizon = office(created_t + int(r() * (self.now - created_t)), 0, self.now)
            horizon = min(horizon, self.now - 600)
            if horizon <= created_t + 3600:
                horizon = created_t + int((self.now - 600 - created_t) * (0.5 + 0.5 * r()))
            step_times = sorted(
                office(created_t + 600 + int(r() * (horizon - created_t - 600)), created_t, horizon)
                for _ in path[1:]
            )
            if step_times and r() < 0.3:
                step_times[-1] = horizon  # the regrade was the latest contact

        # Contacts: the grade steps happen at contacts; the rest spread over the time.
        outcomes = EN_OUTCOMES if english else ZH_OUTCOMES
        reasons = EN_REASONS if english else ZH_REASONS
        blockers = EN_BLOCKERS if english else ZH_BLOCKERS
        product = pick(EN_PRODUCTS if english else ZH_PRODUCTS)
        n_contacts = int(CONTACT_WEIGHT[final] * self.contact_scale * (0.3 + 1.4 * r()) + 0.5)
        if final != "F2":
            n_contacts = max(n_contacts, len(step_times) + 1)
        n_free = max(0, n_contacts - len(step_times))
        recent = final in ("A", "B")
        contact_rows = out["contact"]
        times: list[tuple[int, bool]] = [(t, True) for t in step_times]
        if n_free and (not step_times or step_times[-1] != horizon):
            times.append((horizon, False))
            n_free -= 1
        for _ in range(n_free):
            u = r()
            if recent:
                u = u**0.6  # better grades are visited more often lately
            t = created_t + 300 + int(u * (horizon - 300 - created_t))
            times.append((office(t, created_t + 60, horizon), False))
        times.sort()
        last_contact_t = times[-1][0] if times else -1
        step_contacts: list[str] = []
        visit_contacts: list[tuple[str, int]] = []
        step_index = 0
        # A million of these: the loop keeps to local names and table look-ups.
        kinds = self._contact_kinds(english, product, never_visited=final == "F2")
        n_kinds = len(kinds)
        n_outcomes = len(outcomes)
        contact_ids = self.ids["contact"].take(len(times))
        # The contacts' stamps as stamp() makes them, spelt out in the loop (a million calls).
        seq, offset, latest, replica = self.seq, self.utc_offset, self.now_ms - 1, self.replica
        days, clock_times = self._days, self._times
        for contact_id, (t, is_step) in zip(contact_ids, times, strict=True):
            grade_after = None
            if is_step:
                step_index += 1
                grade_after = path[step_index]
                channel = "visit" if r() < 0.7 else "phone"
                summary = pick(reasons[grade_after])
                outcome = outcomes[int(r() * n_outcomes)]
                grade_after = grade_after[0]
            else:
                channel, summaries, with_outcome = kinds[int(r() * n_kinds)]
                summary = summaries[int(r() * len(summaries))]
                outcome = outcomes[int(r() * n_outcomes)] if with_outcome else ""
            seq += 1
            wall = (t + offset) * 1000 + (seq // 100_000) % 1000
            contact_rows.append(
                (
                    contact_id,
                    f"{wall if wall < latest else latest:013d}-{seq % 100_000:05d}-{replica}",
                    0,
                    card_id,
                    days[t // DAY] + clock_times[t % DAY],
                    channel,
                    summary,
                    outcome,
                    grade_after,
                )
            )
            if is_step:
                step_contacts.append(contact_id)
            if channel == "visit":
                visit_contacts.append((contact_id, t))
        self.seq = seq
        self.counts["contacts"] += len(times)

        # The grade path, each step after the first tied to its contact.
        grade_rows = out["grade_change"]
        previous: str | None = None
        step_at = [created_t, *step_times]
        blocker = ""
        recheck: str | None = None
        recheck_day = 0
        reason = ""
        for index, label in enumerate(path):
            t = step_at[index]
            reason = pick(reasons[label])
            blocker = pick(blockers[label]) if label in ("C", "D") else ""
            recheck = None
            if label in ("C", "D"):
                if index == len(path) - 1 and final_recheck:
                    recheck_day = final_recheck
                else:
                    wait = int((60 + r() * 150) if label == "C" else (30 + r() * 90))
                    recheck_day = t // DAY + wait
                recheck = self.day(recheck_day)
            grade_rows.append(
                (
                    self.ids["grade_change"].next(),
                    self.stamp(t),
                    0,
                    card_id,
                    self.at(t),
                    _grade_letter(previous),
                    _f_kind(previous),
                    _grade_letter(label),
                    _f_kind(label),
                    reason,
                    blocker,
                    recheck,
                    step_contacts[index - 1] if index else None,
                )
            )
            previous = label
        self.counts["grade_changes"] += len(path)

        # Deals: many A cards bought (and keep buying); B, C and D customers from before, who
        # may buy again; a few E and F1 customers who lapsed. About one card in eight is a
        # customer, as in a book worked for some years, so every loyalty figure has data.
        status = "prospect"
        deal_days: list[int] = []
        chance = {"A": 0.6, "B": 0.3, "C": 0.3, "D": 0.3, "E": 0.1, "F1": 0.08}.get(final, 0.0)
        buys = r() < chance
        if buys:
            status = "customer"
            reached = step_at[path.index("A")] if "A" in path else step_at[-1]
            for _ in range(1 + int(r() * r() * 4)):
                d = reached // DAY + int(r() * max(1, (self.now - reached) // DAY))
                deal_days.append(min(d, self.today - 1))
            deal_days.sort()
            for d in deal_days:
                amount = round((5_000 + r() * r() * 300_000) / 100) * 100
                out["deal"].append(
                    (
                        self.ids["deal"].next(),
                        self.stamp(d * DAY + 57_600),
                        0,
                        card_id,
                        self.day(d),
                        product,
                        float(amount),
                        "" if r() < 0.7 else ("续约" if not english else "Renewal"),
                    )
                )
            self.counts["deals"] += len(deal_days)
        elif final == "F1" and r() < 0.2:
            status = "inactive"

        # Service cases, mostly from customers.
        if (buys and r() < 0.55) or r() < 0.01:
            first_t = deal_days[0] * DAY + DAY if deal_days else created_t + DAY
            for _ in range(1 + int(r() * 1.6)):  # one, sometimes two
                self.service_case(out, card_id, english, first_t)

        # Return visits: done ones behind some visit contacts, and the planned next one.
        visit_rows = out["visit"]
        visits_before = len(visit_rows)
        interval = cadence or 30
        for contact_id, t in visit_contacts:
            if r() < 0.25:
                due_day = t // DAY
                planned_day = max(created_t // DAY, due_day - interval)
                visit_rows.append(
                    (
                        self.ids["visit"].next(),
                        self.stamp(min(max(planned_day * DAY + 64_800, created_t), t)),
                        0,
                        card_id,
                        self.day(due_day),
                        None,
                        0,
                        "follow_up",
                        "done",
                        self.at(t),
                        contact_id,
                        self.day(planned_day),
                    )
                )
            elif r() < 0.03:
                due_day = t // DAY + 2
                visit_rows.append(
                    (
                        self.ids["visit"].next(),
                        self.stamp(max(t - 3 * DAY, created_t)),
                        0,
                        card_id,
                        self.day(due_day),
                        None,
                        0,
                        "follow_up",
                        "cancelled",
                        None,
                        None,
                        self.day(t // DAY - 3),
                    )
                )
        next_visit: str | None = None
        last_day = horizon // DAY
        # (due day, due time, set by hand, purpose, day the interval counts from)
        plan: tuple[int, str | None, int, str, int | None] | None = None
        if final in ("C", "D") and recheck is not None:
            plan = (recheck_day, None, 0, "recheck", min(last_day, recheck_day))
        elif final == "A" and r() < 0.3:
            # A closing visit the salesperson fixed by hand: the cadence never moves it.
            purpose = (EN_CLOSING if english else ZH_CLOSING)[int(r() * 3)]
            plan = (self.today + int(r() * 3), pick(VISIT_TIMES), 1, purpose, None)
        elif cadence is not None:
            plan = (last_day + cadence, None, 0, "follow_up", last_day)
        elif final == "F2" and r() < 0.15:
            due_time = pick(VISIT_TIMES) if r() < 0.5 else None
            plan = (self.today + 1 + int(r() * 10), due_time, 1, "first_visit", None)
        if plan is not None:
            due_day, due_time, hand_set, purpose, from_day = plan
            weekday = (_EPOCH.weekday() + due_day) % 7
            if hand_set and weekday >= 5:  # appointments are made for working days
                due_day += 7 - weekday
            next_visit = self.day(due_day)
            visit_rows.append(
                (
                    self.ids["visit"].next(),
                    self.stamp(horizon if not hand_set else max(horizon, self.now - 2 * DAY)),
                    0,
                    card_id,
                    next_visit,
                    due_time,
                    hand_set,
                    purpose,
                    "planned",
                    None,
                    None,
                    None if from_day is None else self.day(from_day),
                )
            )
        self.counts["visits"] += len(visit_rows) - visits_before

        # The card itself, with its derived columns (no refresh pass needed).
        tags = self.tags(english, status, path)
        search, sort_name = self.search_columns(name, company_name, digits, tags, email, area=area)
        key_customer = 1 if (status == "customer" and r() < 0.4) or r() < 0.03 else 0
        source = SOURCES[_pick_weighted(r(), _SOURCE_CUMULATIVE)]
        referred_by = None
        if source == "referral" and self.card_ids and r() < 0.6:
            referred_by = self.card_ids[int(r() * len(self.card_ids))]
        birthday = None
        if r() < 0.6:
            birthday = f"{1955 + int(r() * 45)}-{1 + int(r() * 12):02d}-{1 + int(r() * 28):02d}"
        notes = ""
        if r() < 0.15:
            notes = pick(EN_NOTES if english else ZH_NOTES)
        out["card"].append(
            (
                card_id,
                self.stamp(created_t),
                0,
                name,
                company_name,
                title,
                phones,
                email,
                address,
                area,
                source,
                referred_by,
                birthday,
                status,
                _grade_letter(final),
                _f_kind(final),
                reason,
                blocker,
                recheck,
                STYLES[_pick_weighted(r(), _STYLE_CUMULATIVE)] if r() < 0.9 else None,
                key_customer,
                CREDITS[_pick_weighted(r(), _CREDIT_CUMULATIVE)]
                if final != "F2" or r() < 0.3
                else None,
                _json_list(tags),
                notes,
                owner,
                search,
                sort_name,
                self.at(last_contact_t) if last_contact_t >= 0 else None,
                next_visit,
            )
        )
        self.card_ids.append(card_id)
        self.counts["cards"] += 1

    def phones(self, english: bool, city: int) -> tuple[str, list[str]]:
        """The phones as stored JSON (mobile first, sometimes an office line) and their digits."""
        r = self.rng.random
        numbers: list[tuple[str, str]] = []
        if english and r() < 0.3:
            if r() < 0.5:
                number = f"+1 {200 + int(r() * 700)} 555 {int(r() * 10_000):04d}"
            else:
                number = f"+44 7{int(r() * 1000):03d} {int(r() * 1_000_000):06d}"
            numbers.append(("mobile", number))
        else:
            prefix = self.pick(MOBILE_PREFIXES)
            numbers.append(
                ("mobile", f"+86 {prefix} {int(r() * 10_000):04d} {int(r() * 10_000):04d}")
            )
        if r() < 0.2:
            code = CITIES[city][1] if city >= 0 else "021"
            numbers.append(
                ("work", f"{code}-{2 + int(r() * 8)}{int(r() * 1000):03d} {int(r() * 10_000):04d}")
            )
        if r() < 0.05:
            prefix = self.pick(MOBILE_PREFIXES)
            numbers.append(("mobile", f"{prefix}{int(r() * 100_000_000):08d}"))
        text = (
            "["
            + ", ".join(f'{{"label": "{label}", "number": "{n}"}}' for label, n in numbers)
            + "]"
        )
        # The numbers are made of digits, spaces, '+' and '-' only.
        digits = [n.translate(_NOT_DIGITS) for _, n in numbers]
        return text, digits

    def place(self, english: bool, city: int, districts: tuple[str, ...] = ()) -> tuple[str, str]:
        """(area, address): the district plans a day of visits."""
        r = self.rng.random
        if english and (city < 0 or r() < 0.5):
            area = self.pick(EN_AREAS)
            return area, f"{1 + int(r() * 400)} {self.pick(EN_STREETS)}, {area}"
        if city < 0:
            city = _pick_weighted(self.rng.random(), _CITY_CUMULATIVE)
        city_name, _, all_districts = CITIES[city]
        area = self.pick(districts or all_districts)
        address = f"{city_name}市{area}{self.pick(STREETS)}{1 + int(r() * 2000)}号"
        if r() < 0.6:
            address += f"{1 + int(r() * 30)}{int(r() * 4) + 1:02d}室"
        return area, address

    def tags(self, english: bool, status: str, path: list[str]) -> list[str]:
        r = self.rng.random
        pool = EN_TAGS if english else ZH_TAGS
        tags: list[str] = []
        if r() < 0.35:
            tags.append(self.pick(pool))
            if r() < 0.3:
                extra = self.pick(pool)
                if extra not in tags:
                    tags.append(extra)
        if status == "customer" and r() < 0.3 and not english and "老客户" not in tags:
            tags.append("老客户")
        return tags

    def service_case(
        self, out: dict[str, list[Row]], card_id: str, english: bool, after_t: int
    ) -> None:
        r = self.rng.random
        kind = CASE_KINDS[_pick_weighted(r(), _CASE_CUMULATIVE)]
        opened = after_t + int(r() * max(DAY, self.now - DAY - after_t))
        opened = min(opened, self.now - 3600)
        response_t = opened + int((1 + r() * r() * 47) * 3600)  # most within a day
        responded = response_t < self.now
        resolved_t = response_t + int((1 + r() * 9) * DAY)
        resolved = resolved_t < self.now and r() < 0.92
        satisfaction = None
        if resolved:
            low, high = {
                "complaint": (1, 4),
                "request": (3, 5),
                "suggestion": (3, 5),
                "praise": (5, 5),
            }[kind]
            satisfaction = low + int(r() * (high - low + 1))
        out["service_case"].append(
            (
                self.ids["service_case"].next(),
                self.stamp(opened),
                0,
                card_id,
                kind,
                self.pick((EN_CASES if english else ZH_CASES)[kind]),
                self.at(opened),
                self.at(response_t) if responded else None,
                self.pick(EN_RESPONSES if english else ZH_RESPONSES) if responded else "",
                self.at(resolved_t) if resolved else None,
                self.pick(EN_RESOLUTIONS if english else ZH_RESOLUTIONS) if resolved else "",
                satisfaction,
            )
        )
        self.counts["service_cases"] += 1


class _DayTexts(dict[int, str]):
    """ISO date text of a day number (days since 1970-01-01), made once per day."""

    def __missing__(self, day: int) -> str:
        text = (_EPOCH + timedelta(days=day)).date().isoformat()
        self[day] = text
        return text


def _team(seed: int, cards: int) -> list[tuple[str, int, tuple[str, ...]]]:
    """The salespeople who own the demo's cards, one per BOOK_CARDS: (name, city, territory).

    A territory is three neighbouring districts of the city, as a sales manager
    splits a city between people; the days of one person then go to one or two.
    """
    size = max(1, round(cards / BOOK_CARDS))
    team: list[tuple[str, int]] = list(zip(OWNERS, OWNER_CITIES, strict=True))[:size]
    rng = random.Random(f"{seed}:team")
    names = {name for name, _ in team}
    while len(team) < size:
        surname = SURNAMES[_pick_weighted(rng.random(), _SURNAME_CUMULATIVE)][0]
        name = surname + GIVEN_NAMES[int(rng.random() * len(GIVEN_NAMES))][0]
        if name in names:
            name += str(sum(1 for n in names if n.startswith(name)) + 1)
        names.add(name)
        team.append((name, _pick_weighted(rng.random(), _CITY_CUMULATIVE)))
    territories: list[tuple[str, int, tuple[str, ...]]] = []
    for index, (name, city) in enumerate(team):
        districts = CITIES[city][2]
        first = (index * 3) % len(districts)
        territories.append(
            (name, city, tuple(districts[(first + k) % len(districts)] for k in range(3)))
        )
    return territories


def _cumulative(weights: tuple[int, ...]) -> tuple[float, ...]:
    total = float(sum(weights))
    running = 0.0
    out = []
    for w in weights:
        running += w / total
        out.append(running)
    return tuple(out)


def _pick_weighted(u: float, cumulative: tuple[float, ...]) -> int:
    return min(bisect.bisect_right(cumulative, u), len(cumulative) - 1)


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def _grade_letter(label: str | None) -> str | None:
    return None if label is None else label[0]


def _f_kind(label: str | None) -> str | None:
    return label if label in ("F1", "F2") else None


def _json_list(items: list[str]) -> str:
    if not items:
        return "[]"
    return "[" + ", ".join('"' + item.replace('"', '\\"') + '"' for item in items) + "]"


_NOT_DIGITS = str.maketrans("", "", " +-")
_SURNAME_CUMULATIVE = _cumulative(SURNAME_WEIGHTS)
_FINAL_CUMULATIVE = _cumulative(FINAL_WEIGHTS)
_CITY_CUMULATIVE = _cumulative(CITY_WEIGHTS)
_CHANNEL_CUMULATIVE = _cumulative(CHANNEL_WEIGHTS)
_SOURCE_CUMULATIVE = _cumulative(SOURCE_WEIGHTS)
_STYLE_CUMULATIVE = _cumulative(STYLE_WEIGHTS)
_CREDIT_CUMULATIVE = _cumulative(CREDIT_WEIGHTS)
_CASE_CUMULATIVE = _cumulative(CASE_WEIGHTS)
