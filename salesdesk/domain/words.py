"""The program's words for codes, in English and Chinese: one vocabulary for every face.

VOCABULARY names the domain's codes (grades, statuses, channels, fields…) for the
window, the workbook, the charts, the agenda and the command line alike; the window
translates its English through Qt's tr(), the core (which has no Qt) looks words up
here with word(code, lang), as it does for what only files carry (sheet names, chart
titles, agenda text).
"""

from __future__ import annotations

LANGS = ("en", "zh_CN")

# The one vocabulary: what the domain's codes are called, in English and Chinese, kind by
# kind. The window shows these words (ui/labels.py takes them from here and lists the same
# English for Qt's translation tools), the workbook, the charts, the agenda and the command
# line write them, and scripts/zh_CN_words.py gives the window the same Chinese;
# tests/unit/test_vocabulary.py fails when any of them says another word for a code.
VOCABULARY: dict[str, dict[str, tuple[str, str]]] = {
    # grades (DESIGN §1); the workbook and the charts put the letter before the name
    "grade": {
        "A": ("On the edge of buying", "即将成交"),
        "B": ("Would buy, delayed for now", "会买，暂缓"),
        "C": ("Not eligible for now", "暂不符合条件"),
        "D": ("Finances not stable", "财务不稳定"),
        "E": ("Needs to understand more", "了解不足"),
        "F": ("Not moving or not yet visited", "暂无进展/未拜访"),
        "F1": ("Unlikely within a year", "一年内难有进展"),
        "F2": ("Still researching, not yet visited", "调研中，未拜访"),
    },
    "status": {
        "prospect": ("Prospect", "潜在客户"),
        "customer": ("Customer", "客户"),
        "inactive": ("Inactive", "停用"),
    },
    "channel": {
        "visit": ("Visit", "拜访"),
        "phone": ("Phone call", "电话"),
        "message": ("Message", "短信/微信"),
        "email": ("E-mail", "电子邮件"),
        "letter": ("Letter", "信件"),
        "other": ("Other", "其他"),
    },
    # communication styles
    "style": {
        "hesitant": ("Hesitant", "犹豫型"),
        "opinionated": ("Opinionated", "主见型"),
        "amiable": ("Amiable", "随和型"),
        "angry": ("Angry", "易怒型"),
    },
    "credit": {
        "good": ("Good", "良好"),
        "normal": ("Normal", "一般"),
        "poor": ("Poor", "较差"),
    },
    "source": {
        "name_card": ("Name card", "名片"),
        "referral": ("Referral", "转介绍"),
        "event": ("Event", "活动"),
        "cold_call": ("Cold call", "陌生拜访"),
        "website": ("Website", "网站"),
        "other": ("Other", "其他"),
    },
    # the label of a phone number
    "phone": {
        "mobile": ("Mobile", "手机"),
        "work": ("Work", "工作"),
        "home": ("Home", "住宅"),
        "fax": ("Fax", "传真"),
        "other": ("Other", "其他"),
    },
    # visit purposes and statuses
    "purpose": {
        "follow_up": ("Follow-up visit", "回访"),
        "recheck": ("Re-check", "复查"),
        "first_visit": ("First visit", "首次拜访"),
        "after_sales": ("After-sales visit", "售后回访"),
        "case_follow_up": ("Follow-up of a service case", "服务事项回访"),
    },
    "visit": {
        "planned": ("Planned", "计划中"),
        "done": ("Done", "已完成"),
        "cancelled": ("Cancelled", "已取消"),
    },
    # service cases
    "case": {
        "complaint": ("Complaint", "投诉"),
        "request": ("Request", "请求"),
        "suggestion": ("Suggestion", "建议"),
        "praise": ("Praise", "表扬"),
    },
    # fields: the card's, then those of a contact and a grade step (the History tab, the
    # workbook's headers)
    "field": {
        "name": ("Name", "姓名"),
        "company": ("Company", "公司"),
        "title": ("Title", "职位"),
        "phones": ("Phones", "电话"),
        "email": ("E-mail", "电子邮件"),
        "wechat": ("WeChat ID", "微信号"),
        "address": ("Address", "地址"),
        "area": ("Area", "区域"),
        "source": ("Source", "来源"),
        "referred_by": ("Referred by", "介绍人"),
        "birthday": ("Birthday", "生日"),
        "status": ("Status", "状态"),
        "grade": ("Grade", "等级"),
        "f_kind": ("F kind", "F 类型"),
        "grade_note": ("Grade note", "等级备注"),
        "blocker": ("Blocker", "障碍"),
        "recheck_on": ("Re-check date", "复查日期"),
        "style": ("Communication style", "沟通风格"),
        "key_customer": ("Key customer", "重点客户"),
        "credit": ("Credit standing", "信用状况"),
        "tags": ("Tags", "标签"),
        "notes": ("Notes", "备注"),
        "owner": ("Owner", "负责人"),
        "last_contact": ("Last contact", "最近联系"),
        "next_visit": ("Next visit", "下次回访"),
        "deleted": ("Deleted", "已删除"),
        "created": ("Created", "创建时间"),
        "at": ("When", "时间"),
        "channel": ("Channel", "方式"),
        "summary": ("Summary", "沟通内容"),
        "outcome": ("Outcome", "结果"),
        "grade_after": ("Grade after", "联系后等级"),
        "reason": ("Reason", "原因"),
        "from_grade": ("From grade", "原等级"),
        "to_grade": ("To grade", "新等级"),
        "from_f_kind": ("From F kind", "原 F 类型"),
        "to_f_kind": ("To F kind", "新 F 类型"),
        "contact_id": ("Contact", "联系记录"),
        "card_id": ("Card", "卡片"),
    },
}


def _vocabulary_words() -> dict[str, tuple[str, str]]:
    """The vocabulary under word() keys: "channel.phone", "field.name", "grade.A" (the
    letter before the name, as a workbook cell or a chart legend shows a grade)."""
    found: dict[str, tuple[str, str]] = {}
    for kind, names in VOCABULARY.items():
        for code, (english, chinese) in names.items():
            if kind == "grade":
                found[f"grade.{code}"] = (f"{code} – {english}", f"{code} – {chinese}")
            else:
                found[f"{kind}.{code}"] = (english, chinese)
    return found


VOCABULARY_FIELD = VOCABULARY["field"]  # a workbook column that shows a field says its name

WORDS: dict[str, tuple[str, str]] = {
    **_vocabulary_words(),
    # agenda
    "agenda.title": ("Agenda for {0}", "{0} 的日程"),
    "agenda.overdue": ("Overdue", "已逾期"),
    "agenda.today": ("Today", "今天"),
    "agenda.upcoming": ("Next {0} days", "未来 {0} 天"),
    "agenda.no_area": ("(no area)", "（无区域）"),
    "agenda.idle": ("idle", "长期未联系"),
    "agenda.warnings": ("Early warnings", "预警"),
    # the manager's workbook (salesdesk/io/xlsx.py): sheet names, headers, summary
    "sheet.summary": ("Summary", "概览"),
    "sheet.cards": ("Cards", "客户卡片"),
    "sheet.contacts": ("Contact log", "联系记录"),
    "sheet.visits": ("Visits", "回访"),
    "sheet.grade_history": ("Grade history", "等级变化"),
    "sheet.deals": ("Deals", "成交"),
    "sheet.cases": ("Service cases", "服务事项"),
    "sheet.payments": ("Payments", "收款"),  # issue 20
    "sheet.trend": ("Month by month", "逐月趋势"),
    "sheet.notes": ("Definitions", "指标定义"),
    "col.card_id": ("Card ID", "卡片编号"),
    "col.when": VOCABULARY_FIELD["at"],
    "col.channel": VOCABULARY_FIELD["channel"],
    "col.summary": VOCABULARY_FIELD["summary"],
    "col.outcome": VOCABULARY_FIELD["outcome"],
    "col.grade_after": VOCABULARY_FIELD["grade_after"],
    "col.due_on": ("Due date", "计划日期"),
    "col.due_time": ("Due time", "计划时间"),
    "col.purpose": ("Purpose", "目的"),
    "col.visit_status": ("Visit status", "回访状态"),
    "col.done_at": ("Done at", "完成时间"),
    "col.from_grade": VOCABULARY_FIELD["from_grade"],
    "col.from_f_kind": VOCABULARY_FIELD["from_f_kind"],
    "col.to_grade": VOCABULARY_FIELD["to_grade"],
    "col.to_f_kind": VOCABULARY_FIELD["to_f_kind"],
    "col.reason": VOCABULARY_FIELD["reason"],
    "col.closed_on": ("Deal date", "成交日期"),
    "col.product": ("Product", "产品"),
    "col.amount": ("Amount", "金额"),
    "col.note": ("Note", "备注"),
    # Issue 20: the Payments sheet
    "col.payment_day": ("Due or paid on", "到期/收款日期"),
    "col.payment_kind": ("Installment or payment", "分期或收款"),
    "col.method": ("Method", "方式"),
    "payment.installment": ("Installment due", "应收分期"),
    "payment.receipt": ("Payment received", "已收款"),
    "method.transfer": ("Bank transfer", "银行转账"),
    "method.cash": ("Cash", "现金"),
    "method.wechat": ("WeChat Pay", "微信支付"),
    "method.alipay": ("Alipay", "支付宝"),
    "method.card": ("Bank card", "银行卡"),
    "method.cheque": ("Cheque", "支票"),
    "method.other": ("Other", "其他"),
    "col.case_kind": ("Kind", "类型"),
    "col.content": ("Content", "内容"),
    "col.opened_at": ("Opened at", "提出时间"),
    "col.first_response_at": ("First response at", "首次响应时间"),
    "col.response": ("Response", "响应"),
    "col.resolved_at": ("Resolved at", "解决时间"),
    "col.resolution": ("Resolution", "解决方案"),
    "col.satisfaction": ("Satisfaction (1–5)", "满意度（1–5）"),
    "word.yes": ("Yes", "是"),
    "word.no": ("No", "否"),
    "xlsx.title": ("SalesDesk – customer cards", "SalesDesk – 客户卡片汇总"),
    "xlsx.salesperson": ("Salesperson", "销售人员"),
    "xlsx.exported_at": ("Exported at", "导出时间"),
    "xlsx.period": ("Period", "统计期间"),
    "xlsx.period_all": ("All records up to {0}", "截至 {0} 的全部记录"),
    "xlsx.scope": ("Cards exported", "导出范围"),
    "xlsx.scope_all": ("All cards", "全部卡片"),
    "xlsx.scope_grades": ("Grades {0}", "等级 {0}"),
    "xlsx.scope_list": ("The filtered list ({0} cards)", "筛选列表（{0} 张卡片）"),
    "xlsx.at_start": ("Period start", "期初"),
    "xlsx.now": ("Now", "当前"),
    "xlsx.change": ("Change", "变化"),
    "xlsx.total": ("Total", "合计"),
    "xlsx.cut": ("…[cut]", "…[已截断]"),  # the end of a text cut at a cell's 32,767 characters
    "xlsx.movement": ("Grade movement in the period", "期内等级变动"),
    "xlsx.promotions": ("Promotions (moved up)", "升级"),
    "xlsx.demotions": ("Demotions (moved down)", "降级"),
    "xlsx.visits": ("Return visits due in the period", "期内到期的回访"),
    "xlsx.visits_due": ("Due (not cancelled)", "到期（未取消）"),
    "xlsx.visits_done": ("Done", "已完成"),
    "xlsx.visits_share": ("Done share", "完成率"),
    "xlsx.overdue": ("Overdue now", "当前逾期"),
    "xlsx.loyalty": ("Customers and deals in the period", "期内客户与成交"),
    "xlsx.receivables": ("Receivables (payment plans)", "应收账款（收款计划）"),
    "xlsx.customers": ("Customers (status now)", "客户数（当前）"),
    "xlsx.deals": ("Deals", "成交笔数"),
    "xlsx.revenue": ("Revenue", "成交金额"),
    "xlsx.average_deal": ("Average deal", "平均成交额"),
    "xlsx.repeat_share": ("Repeat-purchase share", "复购率"),
    "xlsx.rows": ("Rows per sheet", "各工作表行数"),
    "xlsx.chart_title": ("Cards per grade at each month's end", "各等级卡片数（月末）"),
    "xlsx.month": ("Month", "月份"),
    "xlsx.kpis": ("Key figures of the period", "期内关键指标"),
    "xlsx.kpi": ("Figure", "指标"),
    "xlsx.value": ("Value", "数值"),
    "xlsx.why": ("Why no value", "无数值的原因"),
    "xlsx.key": ("Key (stats --json)", "键名（stats --json）"),
    "xlsx.definition": ("Definition", "定义"),
    "xlsx.complaints_cause": ("Complaints: {0}", "投诉：{0}"),
    "xlsx.grade_month_end": ("{0} at month end", "月末 {0} 级"),
    "xlsx.page": ("Page &P of &N", "第 &P 页，共 &N 页"),
    "cause.product": ("product", "产品"),
    "cause.delivery": ("delivery", "交付"),
    "cause.service": ("service", "服务"),
    "cause.price": ("price", "价格"),
    "cause.other": ("other", "其他"),
    "xlsx.cards": ("Cards", "卡片数"),
    "xlsx.grade_error": ("Use a grade from A to F.", "请填写 A 到 F 之间的等级。"),
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
        "chart.loyalty": ("Loyalty KPIs, month by month", "客户忠诚度指标（按月）"),
        "chart.complaints": ("Complaints by cause, month by month", "投诉原因（按月）"),
        "axis.percent": ("Per cent", "百分比"),
        "axis.customers": ("Customers", "客户数"),
        "axis.complaints": ("Complaints", "投诉数"),
        "axis.satisfaction": ("Satisfaction (1–5)", "满意度（1–5）"),
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
        "period.caption": ("{0}: {1}", "{0}：{1}"),
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
        "kpi.customer_base": ("Customer base", "客户基数"),
        "kpi.new_customer_retention": ("New-customer retention", "新客户留存率"),
        "kpi.share_of_wallet": ("Share of wallet", "钱包份额"),
        "kpi.complainant_satisfaction": ("Complainant satisfaction (1–5)", "投诉人满意度（1–5）"),
        "kpi.complainant_satisfied_share": ("Complainants satisfied (4–5)", "满意的投诉人（4–5）"),
        "kpi.new_customers_per_month": ("New customers a month", "每月新客户"),
        "kpi.deals": ("Deals", "成交笔数"),
        "kpi.revenue": ("Revenue", "成交金额"),
        "kpi.complaints_opened": ("Complaints opened", "新投诉"),
        "kpi.complaint_resolution_hours": (
            "Time to resolve a complaint (TAT, median hours)",
            "投诉解决时长（小时，中位数）",
        ),
        "kpi.complaints_answered_2h_share": (
            "Complaints answered within 2 h",
            "2 小时内响应的投诉",
        ),
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
        # Issue 20: receivables
        "kpi.receivables_outstanding": ("Receivables outstanding", "应收未收"),
        "kpi.receivables_overdue": ("Receivables overdue", "逾期应收"),
        "kpi.overdue_1_30": ("Overdue ≤ 30 days", "逾期 30 天以内"),
        "kpi.overdue_31_60": ("Overdue 31–60 days", "逾期 31–60 天"),
        "kpi.overdue_61_90": ("Overdue 61–90 days", "逾期 61–90 天"),
        "kpi.overdue_90_plus": ("Overdue > 90 days", "逾期超过 90 天"),
        "kpi.collected": ("Collected in the period", "期内回款"),
    }
)

# Issue 18: the workbook's printable list of cards (salesdesk/io/xlsx.py)
WORDS.update({"sheet.cards_print": ("Cards to print", "客户名单（打印）")})

# Issue 23 (the manager's team view, read from the hub): workbook and comparison words
WORDS.update(
    {
        "sheet.comparison": ("Salespeople", "销售人员对比"),
        "team.title": ("SalesDesk – the team", "SalesDesk – 团队汇总"),
        "team.whole": ("The whole team", "全体团队"),
        "team.shared": ("(shared cards)", "（共享卡片）"),
        "team.cards": ("Cards", "卡片数"),
        "team.overdue_visits": ("Visits overdue now", "当前逾期回访"),
        "team.cards_overdue_payments": ("Cards with overdue payments", "有逾期款的卡片"),
        "team.scope_owner": ("The cards of {0}", "{0} 的卡片"),
    }
)
