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


# Charts and KPIs (salesdesk.charts, salesdesk.services.analytics). KPI definitions
# live beside the numbers, in analytics.KPI_DEFINITIONS.
WORDS.update(
    {
        "chart.grades_over_time": ("Cards per grade, week by week", "各等级卡片数（按周）"),
        "chart.movement": ("Grade movement", "等级变动"),
        "chart.movement.matrix": ("Transitions from grade to grade", "等级之间的变动次数"),
        "chart.movement.monthly": ("Promotions and demotions per month", "每月升级与降级"),
        "chart.card_path": ("Grade path of {0}", "{0} 的等级轨迹"),
        "chart.time_to_a": ("Time to grade A", "升到 A 级所需时间"),
        "chart.time_to_a.histogram": ("Days to first A", "首次升到 A 级的天数"),
        "chart.time_to_a.shares": ("Reached A within 6 / 12 months", "6 / 12 个月内升到 A 级"),
        "chart.visits": ("Return visits: planned vs done", "回访：计划与完成"),
        "chart.no_data": ("No data in this period", "此期间没有数据"),
        "axis.week": ("Week", "周"),
        "axis.month": ("Month", "月份"),
        "axis.date": ("Date", "日期"),
        "axis.cards": ("Cards", "卡片数"),
        "axis.grade": ("Grade", "等级"),
        "axis.from_grade": ("From grade", "原等级"),
        "axis.to_grade": ("To grade", "新等级"),
        "axis.changes": ("Grade changes", "等级变更次数"),
        "axis.days_to_a": ("Days from first contact to first A", "从首次联系到首次 A 级的天数"),
        "axis.share": ("Share of cards", "卡片比例"),
        "axis.visits": ("Visits per week", "每周回访数"),
        "axis.overdue": ("Overdue visits", "逾期回访数"),
        "legend.transitions": ("Transitions", "变动次数"),
        "legend.promotions": ("Promotions (up)", "升级"),
        "legend.demotions": ("Demotions (down)", "降级"),
        "legend.grade": ("Grade", "等级"),
        "legend.contact": ("Contact", "联系"),
        "legend.today": ("Today", "今天"),
        "legend.cards_reaching_a": ("Cards reaching A", "升到 A 级的卡片"),
        "legend.median": ("Median: {0} days", "中位数：{0} 天"),
        "legend.within": ("{0} cards, {1} months", "{0} 级卡片，{1} 个月"),
        "legend.cohort": ("{0} of {1}", "{1} 张中 {0} 张"),
        "legend.planned": ("Planned", "计划"),
        "legend.done": ("Done", "完成"),
        "legend.overdue": ("Overdue (right axis)", "逾期（右轴）"),
        "period.3m": ("Last 3 months", "最近 3 个月"),
        "period.12m": ("Last 12 months", "最近 12 个月"),
        "period.all": ("All history", "全部历史"),
        "period.custom": ("Custom period", "自定义期间"),
        "period.range": ("{0} to {1}", "{0} 至 {1}"),
        "kpi.cards_by_grade": ("Cards per grade", "各等级卡片数"),
        "kpi.cards_by_grade_change": ("Change since period start", "较期初变化"),
        "kpi.new_cards_per_month": ("New cards per month", "每月新增卡片"),
        "kpi.promotions": ("Promotions", "升级次数"),
        "kpi.demotions": ("Demotions", "降级次数"),
        "kpi.visits_planned": ("Visits planned", "计划回访"),
        "kpi.visits_done": ("Visits done", "完成回访"),
        "kpi.visits_done_share": ("Visits done vs planned", "回访完成率"),
        "kpi.overdue_now": ("Overdue now", "当前逾期"),
        "kpi.median_days_f_to_a": ("Median days F → A", "F → A 天数中位数"),
        "kpi.customers": ("Customers", "客户数"),
        "kpi.purchase_frequency": ("Purchase frequency", "购买频次"),
        "kpi.average_spend": ("Average spend", "平均消费"),
        "kpi.retention_rate": ("Retention rate", "留存率"),
        "kpi.churn_rate": ("Churn rate", "流失率"),
        "kpi.win_back_rate": ("Win-back rate", "赢回率"),
        "kpi.complaint_first_response_hours": (
            "Complaint first response (median hours)",
            "投诉首次响应（小时，中位数）",
        ),
        "kpi.complaints_answered_24h_share": (
            "Complaints answered within 24 h",
            "24 小时内响应的投诉",
        ),
    }
)
