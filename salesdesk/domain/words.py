"""Words for codes outside the window (workbook, charts, command line), in English and Chinese.

The window translates through Qt's tr(); the core has no Qt, so what it
writes into files (sheet names, headers, chart titles, agenda text) comes
from this table. Keys are codes; look them up with word(code, lang).
"""

from __future__ import annotations

LANGS = ("en", "zh_CN")

WORDS: dict[str, tuple[str, str]] = {
    # grades
    "grade.A": ("A – about to buy", "A – 即将成交"),
    "grade.B": ("B – will buy, delayed", "B – 会买，暂缓"),
    "grade.C": ("C – not eligible now", "C – 暂不符合条件"),
    "grade.D": ("D – finances unstable", "D – 财务不稳定"),
    "grade.E": ("E – needs to understand more", "E – 了解不足"),
    "grade.F": ("F – not moving / not visited", "F – 暂无进展/未拜访"),
    "grade.F1": ("F1 – unlikely within a year", "F1 – 一年内难有进展"),
    "grade.F2": ("F2 – researching, not visited", "F2 – 调研中，未拜访"),
    # statuses
    "status.prospect": ("Prospect", "潜在客户"),
    "status.customer": ("Customer", "客户"),
    "status.inactive": ("Inactive", "停用"),
    # channels
    "channel.visit": ("Visit", "拜访"),
    "channel.phone": ("Phone", "电话"),
    "channel.message": ("Message", "短信/微信"),
    "channel.email": ("E-mail", "电子邮件"),
    "channel.letter": ("Letter", "信件"),
    "channel.other": ("Other", "其他"),
    # communication styles
    "style.hesitant": ("Hesitant", "犹豫型"),
    "style.opinionated": ("Opinionated", "主见型"),
    "style.amiable": ("Amiable", "随和型"),
    "style.angry": ("Angry", "易怒型"),
    # credit
    "credit.good": ("Good", "良好"),
    "credit.normal": ("Normal", "一般"),
    "credit.poor": ("Poor", "较差"),
    # sources
    "source.name_card": ("Name card", "名片"),
    "source.referral": ("Referral", "转介绍"),
    "source.event": ("Event", "活动"),
    "source.cold_call": ("Cold call", "陌生拜访"),
    "source.website": ("Website", "网站"),
    "source.other": ("Other", "其他"),
    # visit purposes and statuses
    "purpose.follow_up": ("Follow-up visit", "回访"),
    "purpose.recheck": ("Re-check", "复查"),
    "purpose.first_visit": ("First visit", "首次拜访"),
    "purpose.after_sales": ("After-sales visit", "售后回访"),
    "purpose.case_follow_up": ("Follow-up of a service case", "服务事项回访"),
    "visit.planned": ("Planned", "计划中"),
    "visit.done": ("Done", "已完成"),
    "visit.cancelled": ("Cancelled", "已取消"),
    # service cases
    "case.complaint": ("Complaint", "投诉"),
    "case.request": ("Request", "请求"),
    "case.suggestion": ("Suggestion", "建议"),
    "case.praise": ("Praise", "表扬"),
    # card fields (headers)
    "field.name": ("Name", "姓名"),
    "field.company": ("Company", "公司"),
    "field.title": ("Title", "职位"),
    "field.phones": ("Phones", "电话"),
    "field.email": ("E-mail", "电子邮件"),
    "field.address": ("Address", "地址"),
    "field.area": ("Area", "区域"),
    "field.source": ("Source", "来源"),
    "field.referred_by": ("Referred by", "介绍人"),
    "field.birthday": ("Birthday", "生日"),
    "field.status": ("Status", "状态"),
    "field.grade": ("Grade", "等级"),
    "field.f_kind": ("F kind", "F 类型"),
    "field.grade_note": ("Grade note", "等级备注"),
    "field.blocker": ("Blocker", "障碍"),
    "field.recheck_on": ("Re-check date", "复查日期"),
    "field.style": ("Communication style", "沟通风格"),
    "field.key_customer": ("Key customer", "重点客户"),
    "field.credit": ("Credit", "信用"),
    "field.tags": ("Tags", "标签"),
    "field.notes": ("Notes", "备注"),
    "field.owner": ("Owner", "负责人"),
    "field.last_contact": ("Last contact", "最近联系"),
    "field.next_visit": ("Next visit", "下次回访"),
    "field.deleted": ("Deleted", "已删除"),
    # agenda
    "agenda.title": ("Agenda for {0}", "{0} 的日程"),
    "agenda.overdue": ("Overdue", "已逾期"),
    "agenda.today": ("Today", "今天"),
    "agenda.upcoming": ("Next {0} days", "未来 {0} 天"),
    "agenda.no_area": ("(no area)", "（无区域）"),
    "agenda.idle": ("idle", "长期未联系"),
}


def word(code: str, lang: str = "en") -> str:
    """The word for a code in a language; an unknown code comes back as it is."""
    pair = WORDS.get(code)
    if pair is None:
        return code
    return pair[1] if lang.startswith("zh") else pair[0]
