"""First Simplified Chinese words for the window, put into empty .ts entries by --fill.

The .ts is the source of truth once filled: correct a word there (or in Qt Linguist). A key is the
English source, or "Context|source" where one context needs other words. Grade names and field
names match salesdesk/domain/words.py, which the workbook, agenda and charts use.
"""

WORDS: dict[str, str] = {
    # App, messages
    "Something went wrong inside SalesDesk. Your saved cards are safe; the last action may not"
    " have completed.": "SalesDesk 内部出错。已保存的客户卡片不受影响；最后一步操作可能没有完成。",
    "Opened read-only: another SalesDesk window is using this file.": (
        "以只读方式打开：另一个 SalesDesk 窗口正在使用此文件。"
    ),
    "SalesDesk": "SalesDesk",
    "OK": "确定",
    ", ": "，",  # between words of a Chinese sentence
    # Qt's file dialog: words qtbase_zh_CN.qm lacks
    "QFileDialog|&Look in:": "查找范围(&L)：",
    "QFileDialog|Files of &type:": "文件类型(&T)：",
    "QFileDialog|Directory": "文件夹",
    # Backups
    "Daily": "每日",
    "Before a merge": "合并前",
    "Before an import": "导入前",
    "Before a restore": "恢复前",
    "Before an upgrade": "升级前",
    "Taken": "备份时间",
    "Backups|Why": "原因",
    "Size": "大小",
    "Restore from backup": "从备份恢复",
    "SalesDesk keeps a backup before every merge and import, and one a day (7 daily, 4 weekly and"
    " 12 monthly are kept). Restoring first backs up the cards as they are now, so a restore can"
    " itself be undone.": "SalesDesk 在每次合并和导入前都会备份，每天也备份一次（保留 7 个每日、"
    "4 个每周和 12 个每月备份）。恢复前会先备份当前的客户卡片，因此恢复本身也可以撤销。",
    "Restore…": "恢复…",
    "Open backup folder": "打开备份文件夹",
    # CardPanel
    "Select a card in the list, or make a new one.": "请在列表中选择一张客户卡片，或新建一张。",
    "&Details": "详情(&D)",
    "Contact &log": "联系记录(&L)",
    "Grade &path": "等级轨迹(&P)",
    "&History": "修改历史(&H)",
    "YYYY-MM-DD": "YYYY-MM-DD",
    "Separate tags with commas": "多个标签用逗号分隔",
    "&Name:": "姓名(&N)：",
    "&Company:": "公司(&C)：",
    "&Title:": "职位(&T)：",
    "Phones:": "电话：",
    "&E-mail:": "电子邮件(&E)：",
    "&Address:": "地址(&A)：",
    "A&rea:": "区域(&R)：",
    "&Status:": "状态(&S)：",
    "Key customer:": "重点客户：",
    "So&urce:": "来源(&U)：",
    "Referred &by:": "介绍人(&B)：",
    "Birthda&y:": "生日(&Y)：",
    "Communication st&yle:": "沟通风格(&Y)：",
    "Cre&dit standing:": "信用状况(&D)：",
    "Ta&gs:": "标签(&G)：",
    "&Owner:": "负责人(&O)：",
    "N&otes:": "备注(&O)：",
    "&Revert": "还原(&R)",
    "&Save": "保存(&S)",
    "&Edit…": "修改(&E)…",
    "Correct the chosen contact": "修改所选的联系记录",
    "Delete": "删除",
    "Delete the chosen contact from the log": "从联系记录中删除所选的一条",
    "&Undo this change": "撤销此修改(&U)",
    "Vi&sits": "回访(&S)",
    "D&eals": "成交(&E)",
    "C&ases": "服务事项(&A)",
    "(deleted card)": "（已删除的卡片）",
    "key customer": "重点客户",
    "Note: {0}": "备注：{0}",
    "Blocker: {0}": "障碍：{0}",
    "Re-check on {0}": "{0} 复查",
    "Last contact {0}": "最近联系 {0}",
    "Next visit {0}": "下次回访 {0}",
    "1 contact": "1 条联系记录",
    "{0} contacts": "{0} 条联系记录",
    "1 change": "1 处修改",
    "{0} changes": "{0} 处修改",
    "Unsaved changes": "未保存的修改",
    "Save your changes to {0}?": "保存对 {0} 的修改吗？",
    "Delete this contact from the log?": "从联系记录中删除这一条吗？",
    "Delete contact": "删除联系记录",
    "Edit contact": "修改联系记录",
    # CardPickerDialog, FilterBar
    "Choose a card": "选择客户卡片",
    "Search name, company, phone, pinyin": "搜索姓名、公司、电话、拼音",
    "Choose": "选择",
    "Finds cards by name, company, phone, tag or e-mail as you type; pinyin works too: zw or"
    " zhangwei finds 张伟.": "输入时按姓名、公司、电话、标签或电子邮件查找卡片；也支持拼音："
    "输入 zw 或 zhangwei 可找到张伟。",
    "Show only grade {0}: {1}": "只显示 {0} 级：{1}",
    "All statuses": "全部状态",
    "All owners": "全部负责人",
    "All tags": "全部标签",
    "All areas": "全部区域",
    "Key customers only": "只看重点客户",
    "Clear filters": "清除筛选",
    # CaseDialog, CasesPage
    "Open service case — {0}": "新建服务事项 — {0}",
    "Respond to case — {0}": "响应服务事项 — {0}",
    "Resolve case — {0}": "解决服务事项 — {0}",
    "&When:": "时间(&W)：",
    "Not asked": "未询问",
    "{0} of 5": "{0} / 5",
    "&Kind:": "类型(&K)：",
    "&What the customer said:": "客户反映(&W)：",
    "&Response:": "响应(&R)：",
    "&What was done:": "处理结果(&W)：",
    "&Satisfaction:": "满意度(&S)：",
    "Open case": "新建事项",
    "Respond": "响应",
    "Resolve": "解决",
    "&Open case…": "新建服务事项(&O)…",
    "Res&pond…": "响应(&P)…",
    "Resol&ve…": "解决(&V)…",
    "{0} open, {1} in all": "{0} 项未结，共 {1} 项",
    "Response: {0}": "响应：{0}",
    "What was done: {0}": "处理结果：{0}",
    # ChangeGradeDialog, GradeFields
    "Change grade — {0}": "调整等级 — {0}",
    "Now {0} ({1}). Choose the new grade and say why.": (
        "当前为 {0}（{1}）。请选择新等级并说明原因。"
    ),
    "Change grade": "调整等级",
    "Why the grade changes": "等级变化的原因",
    "What stands in the way": "成交的障碍",
    "&Grade:": "等级(&G)：",
    "F &kind:": "F 类型(&K)：",
    "&Reason:": "原因(&R)：",
    "&Blocker:": "障碍(&B)：",
    "Re-&check on:": "复查日期(&C)：",
    "Default: in {0} days, from the grade's return-visit cadence.": (
        "默认：{0} 天后，按该等级的回访周期计算。"
    ),
    # ChartView, Dashboard
    "Export…": "导出…",
    "Save this chart as a PNG or SVG file": "将此图表保存为 PNG 或 SVG 文件",
    "Choose a card to see its path.": "选择一张客户卡片以查看其等级轨迹。",
    "Computing…": "正在计算…",
    "Export chart": "导出图表",
    "PNG image (*.png);;SVG drawing (*.svg)": "PNG 图像 (*.png);;SVG 矢量图 (*.svg)",
    "Refresh": "刷新",
    "Grade {0}": "{0} 级",
    "{0} in the period": "本期 {0}",
    "{0} of {1} done": "计划 {1} 次，完成 {0} 次",
    # Conflicts
    "Conflicts and duplicates": "冲突与重复",
    "Keep current": "保留当前值",
    "Keep other": "保留另一值",
    "Edit…": "修改…",
    "Conflicts": "冲突",
    "Merge these two cards…": "合并这两张卡片…",
    "Not the same person": "不是同一人",
    "Likely duplicates": "疑似重复",
    "Conflicts ({0})": "冲突（{0}）",
    "Likely duplicates ({0})": "疑似重复（{0}）",
    "No open conflicts: every merge so far went through cleanly.": (
        "没有待处理的冲突：到目前为止的每次合并都很顺利。"
    ),
    "Delete it": "删除",
    "Keep the card": "保留卡片",
    "Card": "卡片",
    "Field": "字段",
    "Current value": "当前值",
    "Set on": "修改于",
    "Other value": "另一值",
    "same phone": "电话相同",
    "same name and company": "姓名和公司相同",
    "Deleted or edited": "已删除或已修改",
    "{0}, {1}": "{0}，{1}",
    "Deleted on {0}, edited on {1}: keep the card or delete it?": (
        "在 {0} 上被删除，在 {1} 上被修改：保留这张卡片还是删除？"
    ),
    "{0} of {1}: “{2}” ({3}) or “{4}” ({5})?": ("{1} 的{0}：“{2}”（{3}）还是“{4}”（{5}）？"),
    "Deleted": "已删除",
    "Edited": "已修改",
    "Looks like": "相似卡片",
    "ConflictsView|Why": "原因",
    "Merge these two cards": "合并这两张卡片",
    "Keep which card? The other card's contact log, grade path and history move to it, its empty"
    " fields are filled, and the other card is deleted. Undo splits them again.": "保留哪一张卡片？"
    "另一张卡片的联系记录、等级轨迹和修改历史将移到保留的卡片上，空白字段会被补全，另一张卡片"
    "将被删除。撤销可以再次拆分。",
    # DayPlanUi, DaySheet, Reminder
    "&Today": "今日(&T)",
    "Export visits to &calendar (.ics)…": "导出回访到日历(&C)（.ics）…",
    "&Print day sheet…": "打印当日计划(&P)…",
    "Save day sheet as P&DF…": "将当日计划保存为 PDF(&D)…",
    "P&references…": "偏好设置(&R)…",
    "&Today ({0})": "今日(&T)（{0}）",
    "{0} visits due": "{0} 个待回访",
    "Export visits to calendar": "导出回访到日历",
    "Calendar files (*.ics)": "日历文件 (*.ics)",
    "{0} visits written to {1}.": "已将 {0} 个回访写入 {1}。",
    "Save day sheet as PDF": "将当日计划保存为 PDF",
    "PDF files (*.pdf)": "PDF 文件 (*.pdf)",
    "Saved {0}.": "已保存 {0}。",
    "When": "时间",
    "Who": "客户",
    "Phones": "电话",
    "Address": "地址",
    "Last contact": "最近联系",
    "Purpose": "目的",
    "overdue": "已逾期",
    "Day sheet for {0}": "{0} 当日计划",
    "No visits due on this day.": "当天没有到期的回访。",
    "{0} overdue, {1} due today": "{0} 个逾期，{1} 个今日到期",
    "Overdue": "已逾期",
    "Today": "今日",
    "(no area)": "（无区域）",
    "{0} visits due today, {1} of them overdue.": "今日有 {0} 个回访到期，其中 {1} 个已逾期。",
    "{0} service cases are waiting for a first response.": "{0} 个服务事项等待首次响应。",
    "{0} at {1}: {2}": "{0}，{1}：{2}",
    "SalesDesk — visits": "SalesDesk — 回访",
    # DealDialog, DealsPage
    "Add deal — {0}": "添加成交 — {0}",
    "What was sold": "所售产品",
    "&Date:": "日期(&D)：",
    "&Product:": "产品(&P)：",
    "&Amount:": "金额(&A)：",
    "&Note:": "备注(&N)：",
    "Add deal": "添加成交",
    "&Add deal…": "添加成交(&A)…",
    "1 deal, {1}; on {2}": "1 笔成交，{1}；于 {2}",
    "{0} deals, {1} in all; the last on {2}": "{0} 笔成交，共 {1}；最近一笔于 {2}",
    "No deals yet: the first one makes this a customer.": "尚无成交：第一笔成交后即成为客户。",
    # DuplicatesPage, FilePage, MappingPage, ResultPage, ImportWizard
    "Check before importing": "导入前检查",
    "Row": "行",
    "In the file": "文件中",
    "Matches": "匹配的卡片",
    "DuplicatesPage|Why": "原因",
    "Do": "操作",
    "For all duplicates:": "所有重复项：",
    "Skip": "跳过",
    "Update the card": "更新卡片",
    "Create a new card": "新建卡片",
    "{0} rows to import, {1} look like cards you already have.": (
        "待导入 {0} 行，其中 {1} 行与已有卡片相似。"
    ),
    "row {0} of this file": "本文件第 {0} 行",
    "Row {0}: {1}": "第 {0} 行：{1}",
    "… and {0} more": "… 另有 {0} 个",
    "Choose a file": "选择文件",
    "An Excel workbook (.xlsx), a CSV file or phone contacts (.vcf).": (
        "Excel 工作簿（.xlsx）、CSV 文件或手机通讯录（.vcf）。"
    ),
    "Browse…": "浏览…",
    "Detect": "自动识别",
    "Comma ,": "逗号 ,",
    "Semicolon ;": "分号 ;",
    "Tab": "制表符",
    "Bar |": "竖线 |",
    "Read again": "重新读取",
    "Encoding:": "编码：",
    "Delimiter:": "分隔符：",
    "Import cards": "导入客户卡片",
    "Customer lists (*.xlsx *.csv *.txt *.vcf)": ("客户名单 (*.xlsx *.csv *.txt *.vcf)"),
    "{0} rows": "{0} 行",
    "encoding {0}": "编码 {0}",
    "sheet {0}": "工作表 {0}",
    "(skip)": "（跳过）",
    "Name": "姓名",
    "Given name": "名",
    "Family name": "姓",
    "Middle name": "中间名",
    "Company": "公司",
    "Title": "职位",
    "Phone (mobile)": "电话（手机）",
    "Phone (work)": "电话（工作）",
    "Phone (home)": "电话（住宅）",
    "Fax": "传真",
    "Phone (other)": "电话（其他）",
    "E-mail": "电子邮件",
    "Address (part)": "地址（部分）",
    "Area": "区域",
    "Grade": "等级",
    "Next visit": "下次回访",
    "Birthday": "生日",
    "Source": "来源",
    "Status": "状态",
    "Tags": "标签",
    "Notes": "备注",
    "Owner": "负责人",
    "Match the columns": "对应列",
    "Choose the card field for each column, or skip it.": "为每一列选择对应的卡片字段，或跳过。",
    "Column in the file": "文件中的列",
    "First values": "前几个值",
    "Card field": "卡片字段",
    "Year first (2025/3/5)": "年在前（2025/3/5）",
    "Day first (5/3/2025)": "日在前（5/3/2025）",
    "Month first (3/5/2025)": "月在前（3/5/2025）",
    "Remember this matching for the next file like this": "记住此对应关系，用于下一个同类文件",
    "Dates such as 3/5/2025:": "类似 3/5/2025 的日期：",
    "Import finished": "导入完成",
    "Created: {0}": "新建：{0}",
    "Updated: {0}": "更新：{0}",
    "Skipped: {0}": "跳过：{0}",
    "Rows with problems: {0}": "有问题的行：{0}",
    "Edit > Undo takes the whole import back.": "编辑 > 撤销 可撤回整个导入。",
    # Import wizard, issue 14: identity, report, sheets, dates
    "Pager": "寻呼机",
    "WeChat ID": "微信号",
    "Birthday (year)": "生日（年）",
    "Birthday (month)": "生日（月）",
    "Birthday (day)": "生日（日）",
    "Notes, headed by the column": "备注（注明列名）",
    "Another person's (in notes)": "他人的信息（记入备注）",
    "new card": "新建卡片",
    "updates the card": "更新卡片",
    "joins an earlier row": "并入前面的行",
    "skipped": "跳过",
    "new card, likely duplicate": "新建卡片，疑似重复",
    "not imported": "不导入",
    "same e-mail": "电子邮件相同",
    "same mobile number": "手机号相同",
    "shares a landline or switchboard": "共用座机或总机",
    "same name at another company": "同名但公司不同",
    "{0}, but another name": "{0}，但姓名不同",
    "Best sheet": "自动选择工作表",
    "Sheet:": "工作表：",
    "People are read from the sheet '{0}'.": "从工作表“{0}”读取客户。",
    "Not imported: {0}.": "不导入：{0}。",
    "Import the sheet '{0}' as deals on the matching cards": (
        "将工作表“{0}”作为成交记录导入到对应的卡片"
    ),
    "As the file shows (day first if it cannot tell)": "按文件判断（无法判断时日在前）",
    "Not imported: {0}": "不导入：{0}",
    "Every column is imported.": "所有列都会导入。",
    "Dates in '{0}' (such as 3/5/1980) could be day or month first: which?": (
        "“{0}”中的日期（如 3/5/1980）可能是日在前，也可能是月在前：请选择。"
    ),
    "{0} rows to import: {1} are a card you already have (same e-mail, mobile, or name and "
    "company); {2} only look like one and come in as cards of their own.": (
        "待导入 {0} 行：{1} 行是已有的卡片（电子邮件、手机号或姓名和公司相同）；"
        "{2} 行只是相似，将作为新卡片导入。"
    ),
    "What happens": "处理方式",
    "Rows to look at: {0} (new cards {1}, of them likely duplicates {2}; updated {3}; "
    "skipped {4})": "需要查看的行：{0}（新建 {1}，其中疑似重复 {2}；更新 {3}；跳过 {4}）",
    "Deals: {0}": "成交记录：{0}",
    "Likely duplicates, kept as separate cards: {0} groups. Merge or dismiss them in File > "
    "Sync > Conflicts and duplicates.": (
        "疑似重复，已分别建卡：{0} 组。可在“文件 > 同步 > 冲突和重复”中合并或忽略。"
    ),
    "Columns not imported: {0}.": "不导入的列：{0}。",
    "Sheets not imported: {0}.": "不导入的工作表：{0}。",
    "Columns of another person, kept in the notes under their header: {0}.": (
        "属于他人的列，已按列名记入备注：{0}。"
    ),
    "Dates in '{0}' are read month first (M/D/Y).": "“{0}”中的日期按月在前（月/日/年）读取。",
    "Dates in '{0}' are read day first (D/M/Y).": "“{0}”中的日期按日在前（日/月/年）读取。",
    "Dates in '{0}' could be day or month first: choose on the previous page.": (
        "“{0}”中的日期可能是日在前，也可能是月在前：请在上一页选择。"
    ),
    "Dates in '{0}' are written both day first and month first.": (
        "“{0}”中的日期有的日在前，有的月在前。"
    ),
    "{0} control or text-direction characters were removed from the cells.": (
        "已从单元格中删除 {0} 个控制字符或文字方向字符。"
    ),
    "Sheet '{0}' row {1}: no card is named '{2}': the deal is not imported.": (
        "工作表“{0}”第 {1} 行：没有名为“{2}”的卡片，此成交记录不导入。"
    ),
    "Sheet '{0}' row {1}: several cards are named '{2}': the deal is not imported.": (
        "工作表“{0}”第 {1} 行：有多张名为“{2}”的卡片，此成交记录不导入。"
    ),
    "{0} (row {1})": "{0}（第 {1} 行）",
    # EditContactDialog, EditValueDialog, LogContactDialog
    "Edit contact — {0}": "修改联系记录 — {0}",
    "Save": "保存",
    "Edit {0}": "修改{0}",
    "Log contact — {0}": "记录联系 — {0}",
    "What was said, what you learned": "谈了什么，了解到什么",
    "What was agreed, what comes next": "约定了什么，下一步做什么",
    "C&hannel:": "方式(&H)：",
    "&Summary:": "内容(&S)：",
    "&Outcome:": "结果(&O)：",
    "Change the grade in the same step": "同时调整等级",
    "Reason (default: the summary):": "原因（默认为沟通内容）：",
    "Log contact": "记录联系",
    # Labels (codes held in data)
    "Complaint": "投诉",
    "Request": "请求",
    "Suggestion": "建议",
    "Praise": "表扬",
    "Date": "日期",
    "Product": "产品",
    "Amount": "金额",
    "Note": "备注",
    "Kind": "类型",
    "Content": "内容",
    "Opened": "提出时间",
    "First response": "首次响应",
    "Resolved": "解决时间",
    "Satisfaction": "满意度",
    "{0}: {1}": "{0}：{1}",
    "On the edge of buying": "即将成交",
    "Would buy, delayed for now": "会买，暂缓",
    "Not eligible for now": "暂不符合条件",
    "Finances not stable": "财务不稳定",
    "Needs to understand more": "了解不足",
    "Unlikely within a year": "一年内难有进展",
    "Still researching, not yet visited": "调研中，未拜访",
    "Prospect": "潜在客户",
    "Customer": "客户",
    "Inactive": "停用",
    "Visit": "拜访",
    "Phone call": "电话",
    "Message": "短信/微信",
    "Letter": "信件",
    "Other": "其他",
    "Hesitant": "犹豫型",
    "Opinionated": "主见型",
    "Amiable": "随和型",
    "Angry": "易怒型",
    "Good": "良好",
    "Normal": "一般",
    "Poor": "较差",
    "Name card": "名片",
    "Referral": "转介绍",
    "Event": "活动",
    "Cold call": "陌生拜访",
    "Website": "网站",
    "Mobile": "手机",
    "Work": "工作",
    "Home": "住宅",
    "Referred by": "介绍人",
    "Communication style": "沟通风格",
    "Key customer": "重点客户",
    "Credit standing": "信用状况",
    "F kind": "F 类型",
    "Grade note": "等级备注",
    "Blocker": "障碍",
    "Re-check date": "复查日期",
    "Created": "创建时间",
    "Channel": "方式",
    "Summary": "沟通内容",
    "Outcome": "结果",
    "Grade after": "联系后等级",
    "Reason": "原因",
    "From grade": "原等级",
    "To grade": "新等级",
    "From F kind": "原 F 类型",
    "To F kind": "新 F 类型",
    "Contact": "联系记录",
    "Grade step": "等级变化",
    "Deal": "成交",
    "Service case": "服务事项",
    "New card": "新建卡片",
    "Edit card": "修改卡片",
    "Delete card": "删除卡片",
    "Restore card": "恢复卡片",
    "Revert change": "撤回修改",
    "Yes": "是",
    "No": "否",
    "From": "从",
    "To": "到",
    "Device": "设备",
    "Old → new": "旧值 → 新值",
    "Card created: {0}": "卡片创建：{0}",
    "Due": "计划日期",
    "Phone": "电话",
    "Follow-up visit": "回访",
    "Re-check": "复查",
    "First visit": "首次拜访",
    "After-sales visit": "售后回访",
    "Follow-up of a service case": "服务事项回访",
    "Planned": "计划中",
    "Done": "已完成",
    "Cancelled": "已取消",
    "Time": "时间",
    "Set by hand": "手动设定",
    "{0} {1}": "{0} {1}",
    # LanguagePage, PreferencesDialog, VisitsPage (preferences)
    "Follow the system": "跟随系统",
    "&Language:": "语言(&L)：",
    "The new language shows the next time SalesDesk starts.": (
        "新的语言将在下次启动 SalesDesk 时生效。"
    ),
    "Preferences": "偏好设置",
    "Visits": "回访",
    "Language": "语言",
    "Sync": "同步",
    " days": " 天",
    "Return visit after a contact, by grade": "联系后多久回访（按等级）",
    "{0} (default re-check date)": "{0}（默认复查日期）",
    "First visit planned by hand": "首次拜访手动安排",
    "A card is due after its interval and overdue after twice it. C and D cards come back on their"
    " own re-check date when one is set. Visits already planned keep their dates.": "超过间隔天数"
    "的卡片即为到期，超过两倍间隔即为逾期。C 级和 D 级卡片如设有复查日期，则按复查日期回访。"
    "已安排的回访日期不变。",
    "After a sale": "成交之后",
    "First after-sales visit after the deal:": "成交后首次售后回访：",
    "Then every:": "之后每隔：",
    # MainWindow
    "SalesDesk — {0}": "SalesDesk — {0}",
    "Ca&rds": "客户卡片(&R)",
    "&New card…": "新建卡片(&N)…",
    "&Quit": "退出(&Q)",
    "&Undo": "撤销(&U)",
    "&Redo": "重做(&R)",
    "&Find": "查找(&F)",
    "&Save card": "保存卡片(&S)",
    "Re&vert card": "还原卡片(&V)",
    "&Log contact…": "记录联系(&L)…",
    "Change &grade…": "调整等级(&G)…",
    "&Delete card": "删除卡片(&D)",
    "&Clear filters": "清除筛选(&C)",
    "&About SalesDesk": "关于 SalesDesk(&A)",
    "About &Qt": "关于 &Qt",
    "&File": "文件(&F)",
    "&Edit": "编辑(&E)",
    "&Card": "卡片(&C)",
    "&View": "视图(&V)",
    "&Help": "帮助(&H)",
    "&Undo {0}": "撤销{0}(&U)",
    "&Redo {0}": "重做{0}(&R)",
    "{0} of {1} cards": "{0} / {1} 张卡片",
    "Contact logged for {0}.": "已记录与 {0} 的联系。",
    "Delete the card of {0}? Undo brings it back.": "删除 {0} 的卡片吗？可以撤销恢复。",
    "Deleted {0}.": "已删除 {0}。",
    "About SalesDesk": "关于 SalesDesk",
    "SalesDesk {0}\n\nCustomer cards graded A to F, a contact log for every card, and sync by"
    " copying a file.": "SalesDesk {0}\n\n按 A 到 F 分级的客户卡片，每张卡片都有联系记录，"
    "复制一个文件即可同步。",
    "Log file: {0}": "日志文件：{0}",
    # MergePreviewDialog, SyncUi
    "Merge from {0}": "从 {0} 合并",
    "Reading {0}…": "正在读取 {0}…",
    "New": "新增",
    "Updated": "已更新",
    "Unchanged": "未变",
    "Apply": "应用",
    "Merging {0}… a backup of your cards is taken first.": ("正在合并 {0}… 会先备份您的客户卡片。"),
    "Merging the file of {0} will do this:": "合并 {0} 的文件将会：",
    "Nothing new in the file of {0}: your cards have it all.": (
        "{0} 的文件中没有新内容：您的卡片已全部包含。"
    ),
    "Merged. {0} new, {1} updated, {2} deleted.": "合并完成。新增 {0}，更新 {1}，删除 {2}。",
    "{0} conflicts kept both values: see File > Sync > Conflicts and duplicates.": (
        "{0} 处冲突保留了两个值：请查看 文件 > 同步 > 冲突与重复。"
    ),
    "Close": "关闭",
    "{0}  ↔  {1}  ({2})": "{0}  ↔  {1}（{2}）",
    "None: no card looks like another.": "无：没有相似的卡片。",
    "Likely duplicates ({0}) — never merged by themselves": "疑似重复（{0}）— 不会自动合并",
    "&Import…": "导入(&I)…",
    "&Export sync file…": "导出同步文件(&E)…",
    "&Merge from file…": "从文件合并(&M)…",
    "&Sync now": "立即同步(&S)",
    "Sync &folder…": "同步文件夹(&F)…",
    "&Conflicts and duplicates…": "冲突与重复(&C)…",
    "&Restore from backup…": "从备份恢复(&R)…",
    "&Open backup folder": "打开备份文件夹(&O)",
    "&Dashboard": "统计看板(&D)",
    "S&ync": "同步(&Y)",
    "&Backups": "备份(&B)",
    "Merge from file": "从文件合并",
    "SalesDesk files (*.salesdesk *.db);;All files (*)": (
        "SalesDesk 文件 (*.salesdesk *.db);;所有文件 (*)"
    ),
    "Choose where to write the sync file": "选择同步文件的保存位置",
    "Writing the sync file…": "正在写入同步文件…",
    "Wrote {0}.": "已写入 {0}。",
    "The sync file could not be written.\n{0}": "无法写入同步文件。\n{0}",
    "{0} cannot be merged; your cards are unchanged.\n\n{1}": (
        "无法合并 {0}；您的卡片没有改动。\n\n{1}"
    ),
    "Merged {0}: {1} new, {2} updated, {3} conflicts.": (
        "已合并 {0}：新增 {1}，更新 {2}，冲突 {3}。"
    ),
    "Synced with the folder: {0} files merged, {1} unchanged.": (
        "已与文件夹同步：合并 {0} 个文件，{1} 个未变。"
    ),
    "Some files in the sync folder could not be merged:\n{0}": (
        "同步文件夹中有些文件无法合并：\n{0}"
    ),
    "Sync did not run: {0}": "同步未执行：{0}",
    "Syncing with {0}…": "正在与 {0} 同步…",
    "Wait a moment: SalesDesk is merging.": "请稍候：SalesDesk 正在合并。",
    "Sync folder": "同步文件夹",
    "Wait a moment: SalesDesk is still working.": "请稍候：SalesDesk 仍在处理。",
    "Put back the cards as they were at {0} ({1})? Your cards as they are now are backed up first,"
    " so this can be undone by restoring that backup.": "将客户卡片恢复到 {0}（{1}）时的状态吗？"
    "会先备份当前的卡片，因此可以通过恢复该备份来撤销。",
    "Restore": "恢复",
    "The backup was not restored.\n{0}": "备份未能恢复。\n{0}",
    "Restored the backup of {0}.": "已恢复 {0} 的备份。",
    "SalesDesk — Dashboard": "SalesDesk — 统计看板",
    # NewCardDialog, PeriodPicker, PhonesEditor, ReferrerField
    "&Phone:": "电话(&P)：",
    "&Area:": "区域(&A)：",
    "Create card": "创建卡片",
    "Last 3 months": "最近 3 个月",
    "Last 12 months": "最近 12 个月",
    "All history": "全部历史",
    "From … to …": "自定义起止…",
    "Period:": "期间：",
    "to": "至",
    "Add phone": "添加电话",
    "Number": "号码",
    "Remove this phone": "删除此电话",
    "Choose…": "选择…",
    "No referrer": "无介绍人",
    # SyncPrefsPage
    "No folder: sync by hand from File > Sync": "未设文件夹：通过 文件 > 同步 手动同步",
    "Clear": "清除",
    "Sync when SalesDesk starts": "SalesDesk 启动时同步",
    "Sync when SalesDesk closes": "SalesDesk 关闭时同步",
    "Sync now": "立即同步",
    "Each laptop writes its own file into the folder and merges the files of the others. A"
    " shared, cloud-synced folder or a USB stick works: no server needed.": "每台笔记本电脑把自己的"
    "文件写入该文件夹，并合并其他电脑的文件。共享的云同步文件夹或 U 盘都可以，无需服务器。",
    "Sync folder:": "同步文件夹：",
    "Choose the sync folder": "选择同步文件夹",
    "{0} ({1})": "{0}（{1}）",
    "Last synced at {0}.": "上次同步于 {0}。",
    "Not synced through a folder yet.": "尚未通过文件夹同步。",
    "Merged from: {0}.": "合并来源：{0}。",
    "Your card file itself lies in a cloud-synced folder ({0}). A cloud client can copy it"
    " half-written. Keep the card file in SalesDesk's own folder and choose the cloud folder here"
    " as the sync folder instead.": "您的卡片文件本身位于云同步文件夹中（{0}）。云客户端可能在"
    "文件写到一半时复制它。请把卡片文件放在 SalesDesk 自己的文件夹中，并在这里把云文件夹设为"
    "同步文件夹。",
    # Today, TodayView
    "Idle: no contact for too long": "长期未联系",
    "Overdue since {0}": "自 {0} 起逾期",
    "set by hand": "手动设定",
    "Overdue — {0}": "已逾期 — {0}",
    "Today — {0}": "今日 — {0}",
    "Next {0} days — {1}": "未来 {0} 天 — {1}",
    "Nothing here.": "暂无。",
    "{0} — {1}": "{0} — {1}",
    "Service cases waiting for a first response — {0}": "等待首次响应的服务事项 — {0}",
    "Waiting {0} h": "已等待 {0} 小时",
    "Customers at risk — {0}": "有流失风险的客户 — {0}",
    "No contact since the after-sales interval": "超过售后回访间隔未联系",
    "Log the visit or call; the next visit is planned": "记录这次拜访或电话，并安排下次回访",
    "Re&schedule…": "改期(&S)…",
    "&Open card": "打开卡片(&O)",
    "Today, {0}": "今日，{0}",
    "Overdue: {0} · due today: {1} · next {3} days: {2} · cases waiting: {4} · customers at"
    " risk: {5}": "逾期 {0} · 今日 {1} · 未来 {3} 天 {2} · 待响应事项 {4} · 流失风险客户 {5}",
    # VisitDialog, VisitsPage (card tab)
    "At a set time": "指定时间",
    "&Time:": "时间(&T)：",
    "&Purpose:": "目的(&P)：",
    "Reschedule visit — {0}": "回访改期 — {0}",
    "&Plan visit…": "安排回访(&P)…",
    "Plan a visit by hand": "手动安排回访",
    "Cancel": "取消回访",
    "Cancel the chosen visit": "取消所选的回访",
    "Co&mplete…": "完成(&M)…",
    "Log the contact this visit was; the next visit is planned from it": (
        "记录这次回访的联系内容，并据此安排下次回访"
    ),
    "{0} planned, {1} in all": "计划中 {0} 个，共 {1} 个",
    "Plan visit — {0}": "安排回访 — {0}",
    "Cancel the visit on {0}?": "取消 {0} 的回访吗？",
    "Cancel visit": "取消回访",
    # Export workbook
    "&Everything": "全部(&E)",
    "The &list as filtered now ({0} cards)": "当前筛选的列表(&L)（{0} 张卡片）",
    "Cards of these &grades:": "以下等级的卡片(&G)：",
    "Only records &dated from": "只导出此期间的记录(&D)",
    "La&nguage:": "语言(&N)：",
    "Export workbook": "导出工作簿",
    "Export &workbook (.xlsx)…": "导出工作簿(&W)（.xlsx）…",
    "Excel workbooks (*.xlsx)": "Excel 工作簿 (*.xlsx)",
    "Export cancelled.": "导出已取消。",
    "Workbook written to {0} ({1} cards).": "工作簿已写入 {0}（{1} 张卡片）。",
    "Writing {0}…": "正在写入 {0}…",
    "ExportUi|Cancel": "取消",
    # The week plan, dates that matter, letters (issue 19)
    "in English": "英文",
    "in Chinese": "中文",
    "LettersDialog|{0} ({1})": "{0}（{1}）",
    "Planned for today — {0}": "今日计划 — {0}",
    "Nothing planned: see the Week tab.": "今天没有计划的拜访：请看“本周”页。",
    "Birthdays this week — {0}": "本周生日 — {0}",
    " (after its window)": "（已过期限）",
    "Birthday ({0})": "生日（{0} 岁）",
    "Mid-Autumn Festival": "中秋节",
    "New Year": "新年",
    "Spring Festival": "春节",
    "after-sales visit due {0}": "售后回访 {0} 到期",
    "appointment": "预约",
    "due {0}": "{0} 到期",
    "due {0}, after the last free day": "{0} 到期，晚于最后一个有空的日子",
    "first visit": "首次拜访",
    "late: every day up to {0} is full": "将逾期：{0} 之前每天都已排满",
    "overdue since {0}": "自 {0} 起逾期",
    "put on this day by you": "由您排在这一天",
    "re-check date {0}": "复查日 {0}",
    "the days are full; it can wait until {0}": "本周已排满；可以等到 {0}",
    "{0} years a customer": "成为客户 {0} 周年",
    "&Copy greeting": "复制祝福语(&C)",
    "&Letters…": "信函(&L)…",
    "&Week": "本周(&W)",
    "&Week plan": "本周计划(&W)",
    "&Move to…": "移到(&M)…",
    "&Store this plan": "保存此计划(&S)",
    "Birthdays and holidays — {0}": "生日和节日 — {0}",
    "From t&oday": "从今天起(&O)",
    "Keep these days on the visits (they sync); moved visits stay where you put them": (
        "把这些日期记在拜访上（会同步）；您移动过的拜访保持在您放的位置"
    ),
    "La&ter ▶": "往后(&T) ▶",
    "Move to": "移到",
    "Not in this plan — {0}": "未排入计划 — {0}",
    "Plan a&gain": "重新计划(&G)",
    "Stored the plan on {0} visits.": "已把计划保存到 {0} 次拜访上。",
    "T&wo weeks": "两周(&W)",
    "Visits a day:": "每天拜访数：",
    "Week plan from {0} — {1}": "从 {0} 起的本周计划 — {1}",
    "Whose cards:": "谁的客户：",
    "Working days:": "工作日：",
    "every card": "全部卡片",
    "{0} ({1}/{2})": "{0}（{1}/{2}）",
    "{0} {1}: send greetings to {2} customers (File > Letters…)": (
        "{0} {1}：给 {2} 位客户寄送祝福（文件 > 信函…）"
    ),
    "◀ &Earlier": "◀ 往前(&E)",
    "&Reset": "恢复默认(&R)",
    "Every card of these grades in this area:": "这些级别、这个区域的全部卡片：",
    "Fields: {0}": "字段：{0}",
    "Letters": "信函",
    "Letters are filled from {0}.": "信函按 {0} 填写。",
    "Name:": "名称：",
    "No letter to write: no card chosen has an address.": "没有可写的信：所选卡片都没有地址。",
    "Occasion:": "场合：",
    "Save &template": "保存模板(&T)",
    "Save as &PDF…": "另存为 PDF(&P)…",
    "Save as .&docx…": "另存为 .docx(&D)…",
    "Save letters": "保存信函",
    "Template:": "模板：",
    "The chosen cards ({0})": "所选卡片（{0}）",
    "Use a &Word template (.docx)…": "使用 Word 模板 (.docx)(&W)…",
    "Word documents (*.docx)": "Word 文档 (*.docx)",
    "Word template": "Word 模板",
    "any area": "任何区域",
    "e.g. 春节 (for greetings)": "例如：春节（用于节日问候）",
    "{0} letters; no address, no letter: {1}": "{0} 封信；没有地址、未写信：{1}",
    "A team's book: name whose cards to plan on the Week tab.": (
        "这是团队的客户库：请在“本周”页填写要计划谁的客户。"
    ),
    "Address l&abels…": "地址标签(&A)…",
    "En&velopes…": "信封(&V)…",
    "A4 sheets of 3 × 8 labels (70 × 37 mm)": "A4 标签纸，每张 3 × 8 个（70 × 37 毫米）",
    "Chinese DL envelopes with postcode boxes": "带邮编方格的中式 DL 信封",
    "labels": "地址标签",
    "envelopes": "信封",
    "A team's book: name whose cards to plan.": "这是团队的客户库：请填写要计划谁的客户。",
    "The cards in the list ({0})": "列表中的卡片（{0}）",
    # Date and time fields (issue 17)
    "Choose from a calendar": "从日历中选择",
    "Type a date, year-month-day, like {0}.": "请输入日期（年-月-日），如 {0}。",
    "“{0}” is not a date. Type year-month-day, like {1}.": (
        "“{0}”不是有效日期。请按 年-月-日 输入，如 {1}。"
    ),
    "Type a date and time, year-month-day hours:minutes, like {0}.": (
        "请输入日期和时间（年-月-日 时：分），如 {0}。"
    ),
    "“{0}” is not a date and time. Type year-month-day hours:minutes, like {1}.": (
        "“{0}”不是有效的日期和时间。请按 年-月-日 时：分 输入，如 {1}。"
    ),
    "Type a time, hours:minutes, like {0}.": "请输入时间（时：分），如 {0}。",
    "“{0}” is not a time. Type hours:minutes, like {1}.": (
        "“{0}”不是有效时间。请按 时：分 输入，如 {1}。"
    ),
    # WeChat, who I am (issue 17)
    "&WeChat ID:": "微信号(&W)：",
    "WeChat {0}": "微信 {0}",
    "Salesperson: {0}": "销售人员：{0}",
    "You": "个人",
    "Optional": "可不填",
    "Your &name:": "您的姓名(&N)：",
    "&Team:": "团队(&T)：",
    "Your name heads the manager's workbook and the day sheet, and names this computer's file"
    " when you sync.": "您的姓名会显示在给经理的工作簿和日程单上，同步时也用它命名本机的文件。",
    # First start, help (issue 17)
    "Your cards will be listed here": "您的客户卡片将列在这里",
    "A card holds everything about one customer: phones, WeChat, the grade from A (about to buy)"
    " to F, and every contact. Start with your first customer, bring in a list you already keep,"
    " or look around with made-up cards.": (
        "一张卡片记下一位客户的全部信息：电话、微信、从 A（即将购买）到 F 的等级，以及每一次联系。"
        "从第一位客户开始，导入您已有的名单，或先用示例卡片看看。"
    ),
    "&Getting started": "入门指南(&G)",
    "&Keyboard shortcuts": "键盘快捷键(&K)",
    "Try with &demo data": "用示例数据试用(&D)",
    "Demo data: made-up cards in {0}. Your own cards are not touched."
    ' <a href="back">Back to my cards</a>': (
        '示例数据：{0} 中的虚构卡片，不会改动您自己的卡片。<a href="back">回到我的卡片</a>'
    ),
    "No cards yet": "还没有客户卡片",
    "Your visits for today show here, district by district, once you have cards. Type in the"
    " first customer, bring in a list you already keep (Excel, CSV or vCard), or look around with"
    " made-up cards first.": (
        "有了客户卡片后，今天要拜访的客户会按区域列在这里。录入第一位客户，导入您已有的名单"
        "（Excel、CSV 或 vCard），或先用示例卡片看看。"
    ),
    "&Import a list…": "导入名单(&I)…",
    "Opens made-up cards in a separate file; your own file stays empty.": (
        "在单独的文件中打开虚构的卡片；您自己的文件保持不变。"
    ),
    "Your cards": "您的客户卡片",
    "Every customer is one card (Card > New card…, Ctrl+N), or import the list you already keep"
    " from Excel, CSV or vCard (File > Import…). Search as you type by name, company, phone,"
    " WeChat, area or pinyin: zw finds 张伟.": (
        "每位客户一张卡片（卡片 > 新建卡片…，Ctrl+N），也可以从 Excel、CSV 或 vCard 导入已有的名单"
        "（文件 > 导入…）。输入即搜索：姓名、公司、电话、微信、区域或拼音都可以，zw 就能找到张伟。"
    ),
    "Grades A to F": "A 到 F 的等级",
    "A card's grade says how close the customer is to buying: A is about to buy, F is far from"
    " it. Change it with a reason (Ctrl+G); C and D wait for a re-check date.": (
        "等级表示客户离购买有多近：A 即将购买，F 还很远。调整等级时写明原因（Ctrl+G）；"
        "C 和 D 级等到复查日期再跟进。"
    ),
    "Every contact on the card": "每次联系都记在卡片上",
    "After a visit or a call, log it at once (Ctrl+L): what was said, what comes next, and the"
    " new grade in the same step. The next visit is planned from the grade.": (
        "拜访或通话后立即记录（Ctrl+L）：谈了什么、下一步做什么，并可同时调整等级。"
        "下次回访会按等级自动安排。"
    ),
    "The Today view lists whom to visit: overdue first, then today and the next days, district"
    " by district. Print the day sheet or save it as PDF before you leave.": (
        "“今日”视图按区域列出要拜访的客户：先是已逾期的，然后是今天和之后几天的。"
        "出门前可以打印日程单或存为 PDF。"
    ),
    "Your manager and your other computer": "给经理的报表和另一台电脑",
    "File > Export workbook… writes the manager's Excel workbook with your name (Edit >"
    " Preferences > You). File > Sync merges the cards of another computer by copying one"
    " file.": (
        "文件 > 导出工作簿… 生成给经理的 Excel 工作簿，署上您的姓名（编辑 > 偏好设置 > 个人）。"
        "文件 > 同步 通过复制一个文件合并另一台电脑上的卡片。"
    ),
    "From the search box into the list": "从搜索框进入列表",
    "Enter or Down": "回车键或向下键",
    "Getting started": "入门指南",
    "Keyboard shortcuts": "键盘快捷键",
    "Getting started with SalesDesk": "SalesDesk 入门",
    # The card panel's seven tabs fit a 580-pixel panel (1280-pixel screen) in short words.
    "CardPanel|Contact &log": "联系(&L)",
    "CardPanel|Grade &path": "轨迹(&P)",
    "CardPanel|&History": "历史(&H)",
    "CardPanel|C&ases": "服务(&A)",
    "{0} of {1} characters": "{0} / {1} 字",
    "{0} characters: at most {1} are kept; shorten the summary.": (
        "{0} 字：最多保留 {1} 字，请缩短摘要。"
    ),
    "The notes are {0} characters long; a card keeps {1}. Shorten them.": (
        "备注有 {0} 字，卡片最多保留 {1} 字，请缩短。"
    ),
    # DeletedCards (Card > Deleted cards)
    "Deleted cards": "已删除的卡片",
    "Deleted ca&rds…": "已删除的卡片(&R)…",
    "DeletedCards|Deleted": "删除时间",
    "Deleted on": "删除于设备",
    "Contacts": "联系次数",
    "A deleted card keeps its contacts, grade path and history. Restore brings it back as it"
    " was, on every laptop after the next sync.": (
        "已删除的卡片仍保留其联系记录、等级轨迹和修改历史。"
        "恢复后卡片原样回来，下次同步后在每台电脑上都会恢复。"
    ),
    "No deleted cards.": "没有已删除的卡片。",
    "&Restore card": "恢复卡片(&R)",
    "Restored {0}.": "已恢复 {0}。",
    # Loyalty KPIs, early warnings, complaints as a process (issue 18)
    "Annual spend / potential:": "年消费额/潜力：",
    "What they spend a year in all": "客户每年的总消费额",
    "&Cause (complaints):": "原因（投诉）(&C)：",
    "Res&ponsible:": "负责人(&P)：",
    "Satisfaction at the follow-up — {0}": "回访时的满意度 — {0}",
    "Cause: {0} · responsible: {1}": "原因：{0} · 负责人：{1}",
    "S&core…": "评分(&C)…",
    "The score asked at the follow-up after resolving": "解决后回访时询问的评分",
    "{0} this month": "本月 {0}",
    "Delivery": "交付",
    "Price": "价格",
    "Service": "服务",
    "Warnings": "预警",
    "Complaint open": "投诉未解决",
    "Early warnings — {0}": "预警 — {0}",
    "Key customer without contact": "重点客户未联系",
    "Silent": "久未联系",
    "Spend down": "消费下降",
    "&Dismiss": "忽略(&D)",
    " · early warnings: {0} (at the end of the list)": " · 预警 {0} 条（见列表末尾）",
    "Hide this early warning for seven days": "七天内不再显示这条预警",
    " h": " 小时",
    "Answer a complaint within:": "投诉响应时限：",
    "Answered like a conversation within:": "像对话一样及时的响应时限：",
    "Today also warns of a regular customer silent for twice their usual interval and of a key"
    " customer without contact for their grade's interval.": "“今天”页面还会提醒：老客户超过平时"
    "联系间隔的两倍仍未联系，以及重点客户超过其等级的回访间隔仍未联系。",
    "Warn of a 40 % drop in spend when the month before was over:": (
        "上月消费超过此金额且本月下降 40% 时预警："
    ),
    # Scan business cards
    "Scan &business cards…": "扫描名片(&B)…",
    "Scan business cards": "扫描名片",
    "Card images ({0})": "名片图片 ({0})",
    "Stop reading": "停止识别",
    "&Department:": "部门(&D)：",
    "&Phones:": "电话(&P)：",
    "Webs&ite:": "网址(&I)：",
    "Already a card": "已有此客户的卡片",
    "&Update that card": "更新那张卡片(&U)",
    "Add as &new card": "新建一张卡片(&N)",
    "S&kip": "跳过(&K)",
    "{0} could not be read.": "无法识别 {0}。",
    "Not read: {0}": "未能识别：{0}",
    "{0} of {1} images read.": "已识别 {0}/{1} 张图片。",
    "Reading image {0} of {1}…": "正在识别第 {0} 张图片（共 {1} 张）…",
    "Loading the card reader and reading the first image…": "正在加载名片识别并识别第一张图片…",
    "Waiting for the next card…": "正在等待下一张名片…",
    "Card {0} of {1}: {2} (confidence {3:.0%})": (
        "第 {0} 张名片（共 {1} 张）：{2}（可信度 {3:.0%}）"
    ),
    "same mobile": "手机号相同",
    "{0} is already a card ({1}).": "{0} 已有卡片（{1}）。",
    "Business cards: {0} new, {1} updated, {2} skipped, {3} not read.": (
        "名片：新建 {0} 张，更新 {1} 张，跳过 {2} 张，{3} 张未能识别。"
    ),
    "(no preview)": "（无预览）",
    "{0} does not exist.": "{0} 不存在。",
    "{0} is a folder, not an image.": "{0} 是文件夹，不是图片。",
    "{0} cannot be read.": "无法读取 {0}。",
    "{0} is an empty file, not an image.": "{0} 是空文件，不是图片。",
    "{0} is not an image SalesDesk can read.": "{0} 不是 SalesDesk 能读取的图片。",
    "{0} is too small to read a card from.": "{0} 太小，无法识别名片。",
    "No text was found on {0}: is it a business card?": "{0} 上没有找到文字：这是名片吗？",
    "{0} has text but no name, company, phone or e-mail was found on it.": (
        "{0} 上有文字，但没有找到姓名、公司、电话或电子邮件。"
    ),
    # Issue 21: PDFs of scans, the clipboard, both sides of a card
    "Scan a card from the c&lipboard": "从剪贴板扫描名片(&L)",
    "The clipboard holds no image: copy a card's photo first.": (
        "剪贴板里没有图片：请先复制一张名片照片。"
    ),
    "Next image is the &back side": "下一张是背面(&B)",
    "Read the next image as the other side of this card (a Chinese and an English side): it fills"
    " what this side lacks, and both images are kept.": (
        "把下一张图片当作这张名片的另一面（中文面和英文面）：补上这一面缺少的内容，两张图片都保留。"
    ),
    "One card from both sides: {0}": "正反两面合成一张卡片：{0}",
    # Issue 16: one vocabulary (salesdesk/domain/words.py VOCABULARY; the same Chinese)
    "Not moving or not yet visited": "暂无进展/未拜访",
    # Issue 16: import, restore and Today on the window's runner
    "Stopped. Nothing was imported.": "已停止，未导入任何内容。",
    "Putting back the cards as they were at {0}…": "正在恢复 {0} 时的客户卡片…",
    # Issue 20: payment plans, credit limits, handover
    "Payments to collect — {0}": "待收款项 — {0}",
    "Installment {0}/{1} of {2}: {3}": "{2} 第 {0}/{1} 期：{3}",
    "Overdue {0} days": "逾期 {0} 天",
    " · payments to collect: {0} ({1} overdue)": " · 待收款项：{0}（逾期 {1}）",
    "Paid": "已收",
    "To collect": "待收",
    "Due date": "到期日",
    "Bank transfer": "银行转账",
    "Cash": "现金",
    "WeChat Pay": "微信支付",
    "Alipay": "支付宝",
    "Bank card": "银行卡",
    "Cheque": "支票",
    "No payment plan": "无收款计划",
    "{0} paid": "已收 {0} 期",
    "{0} overdue": "逾期 {0} 期",
    "{0} due": "待收 {0} 期",
    "No.": "期数",
    "Paid on": "收款日期",
    "Payments": "收款",
    "Payment plan — {0}": "收款计划 — {0}",
    "Paid &at once": "一次付清(&A)",
    "In &installments": "分期(&I)",
    "months": "个月",
    "days": "天",
    "every": "每",
    "Deal amount:": "成交金额：",
    "&First due:": "第一期到期(&F)：",
    "Save plan": "保存计划",
    "Adds up to the deal: {0}": "合计等于成交金额：{0}",
    "The installments add up to {0}, not {1}.": "各期合计 {0}，不等于 {1}。",
    "Record payment — {0}": "登记收款 — {0}",
    "&Paid on:": "收款日期(&P)：",
    "&Method:": "方式(&M)：",
    "Still due on this deal: {0}": "此成交尚未收取：{0}",
    "Record payment": "登记收款",
    "Pla&n…": "收款计划(&N)…",
    "Pa&yment…": "登记收款(&Y)…",
    "The selected deal's payment plan": "所选成交的收款计划",
    "Record a payment received on the selected deal": "登记所选成交收到的款项",
    "{0}: no payment plan yet. Set one to follow the payments.": (
        "{0}：还没有收款计划。制定计划以跟进收款。"
    ),
    "{0}: paid {1} of {2}; outstanding {3}, overdue {4}": (
        "{0}：已收 {1}（共 {2}）；未收 {3}，逾期 {4}"
    ),
    " (overpaid by {0})": "（多收 {0}）",
    "&Good credit:": "信用良好(&G)：",
    "&Normal credit:": "信用一般(&N)：",
    "&Poor credit:": "信用较差(&P)：",
    "No limit": "不限",
    "The open balance (payments not yet received) a customer may have. A deal or a payment plan that would go over it asks before saving, and the warning is noted on the deal. A card's own limit (Details) overrides its standing's; 0 allows no open balance, empty means no limit.": (  # noqa: E501
        "客户可以有的未收余额（尚未收到的款项）。会超过额度的成交或收款计划在保存前会先询问，"
        "警告会记在成交上。卡片自己的额度（详情）优先于信用状况的额度；0 表示不允许有未收余额，"
        "留空表示不限。"
    ),
    "Credit": "信用",
    "By credit standing": "按信用状况",
    "Credit limit:": "信用额度：",
    "A payment is overdue": "有逾期未收的款项",
    "⚠ payments overdue: {0}": "⚠ 逾期未收：{0}",
    "{0}\n\nSave it anyway? The warning is noted on the deal.": (
        "{0}\n\n仍要保存吗？此警告会记在成交上。"
    ),
    "Save anyway": "仍然保存",
    # Issue 23: delta sync files
    "A delta from {0}: only the changes this laptop lacked, since your last exchange.": (
        "来自 {0} 的增量文件：只含上次交换以来本机缺少的更改。"
    ),
    "A full sync file from {0}: all of its cards.": "来自 {0} 的完整同步文件：含其全部卡片。",
    "Your file there holds only what the others lack.": "您在其中的文件只含其他电脑缺少的内容。",
    "{0} builds on changes this laptop does not have yet: it will merge after {1} syncs again.": (
        "{0} 依赖本机尚没有的更改：{1}再次同步后即可合并。"
    ),
    "Ops|Cancel": "取消",  # the progress dialogs' button: not "cancel the visit"
    " · the first {0} are listed": " · 列出前 {0} 行",
    "Hand over cards": "交接客户",
    "Cards &owned by:": "负责人(&O)：",
    "Cards in the &area:": "区域(&A)：",
    "The cards &listed now ({0})": "当前列表中的卡片(&L)（{0}）",
    "All grades, or e.g. AB": "全部等级，或如 AB",
    "The successor's name": "接替者姓名",
    "Write a handover &pack to:": "交接包写入(&P)：",
    "&Browse…": "浏览(&B)…",
    "Only &grades:": "仅限等级(&G)：",
    "&Hand over to:": "交给(&H)：",
    "The pack holds a workbook of these cards (their visits, deals, payments, cases and contacts) and a sync file of just these cards and their history, for the successor to merge into their own SalesDesk.": (  # noqa: E501
        "交接包包括这些卡片的工作簿（回访、成交、收款、服务事项和联系记录），以及只含这些卡片"
        "及其历史的同步文件，供接替者合并到自己的 SalesDesk 中。"
    ),
    "Hand over": "交接",
    "Folder for the pack": "交接包文件夹",
    "{0} cards go to {1}.": "{0} 张卡片将交给{1}。",
    "&Hand over cards…": "交接客户(&H)…",
    "The pack for {0} is in {1}.": "给{0}的交接包在 {1}。",
    "No payment plan yet": "暂无收款计划",
    "Paid at once (received now)": "一次付清（已收款）",
    "In installments…": "分期付款…",
    "Pa&yment:": "付款(&Y)：",
    "Payment &collected:": "当场收款(&C)：",
    "Owed now: {0}": "目前欠款：{0}",
    # Issue 22: privacy (an encrypted database, a person's data given and erased)
    "Encrypted database": "加密的数据库",
    "{0} is encrypted. Enter its passphrase to open it.": "{0} 已加密。请输入口令来打开它。",
    "Remember in the system keychain": "记住口令（保存在系统钥匙串中）",
    "Open": "打开",
    "Passphrase:": "口令：",
    "Wrong passphrase: {0} more tries.": "口令不对：还可以再试 {0} 次。",
    "At least {0} characters. Without it the cards cannot be opened: keep it somewhere safe.": (
        "至少 {0} 个字符。没有口令就无法打开客户卡片：请妥善保管。"
    ),
    "New passphrase:": "新口令：",
    "Again:": "再输入一次：",
    "The passphrase needs at least {0} characters.": "口令至少需要 {0} 个字符。",
    "The two passphrases differ.": "两次输入的口令不一致。",
    "Current passphrase:": "当前口令：",
    "Encrypt with a passphrase…": "用口令加密…",
    "Change the passphrase…": "更改口令…",
    "Remove the encryption…": "取消加密…",
    "An encrypted database, and its backups, can only be read with the passphrase: a lost"
    " laptop or USB stick shows nothing of your customers.": (
        "加密的数据库及其备份只有用口令才能读取：即使笔记本电脑或 U 盘丢失，也不会泄露客户资料。"
    ),
    "This database is encrypted.": "此数据库已加密。",
    "This database is not encrypted: anyone who has the file can read it.": (
        "此数据库没有加密：任何拿到文件的人都能读取。"
    ),
    "E&xport this person's data…": "导出此人的资料(&X)…",
    "E&rase this person…": "抹除此人(&R)…",
    "Export this person's data": "导出此人的资料",
    "Erase {0} and everything about them: contacts, visits, deals, cases, history? The erasure"
    " syncs: every laptop that syncs with this one erases them too. This cannot be undone.": (
        "抹除 {0} 及其全部资料：联系记录、拜访、成交、服务事项和修改历史？"
        "抹除会同步：每台与本机同步的电脑也会抹除此人。此操作无法撤销。"
    ),
    "Erase": "抹除",
    "{0} was erased.": "{0} 已抹除。",
    "{0} backups still hold this person. Rewrite them without?": (
        "仍有 {0} 个备份含有此人。要重写这些备份、去掉此人吗？"
    ),
    "Rewrite": "重写",
    "{0} backups rewritten.": "已重写 {0} 个备份。",
    "Encrypt the database": "加密数据库",
    "Encrypting the database…": "正在加密数据库…",
    "Change the passphrase": "更改口令",
    "That is not the current passphrase.": "这不是当前的口令。",
    "Changing the passphrase…": "正在更改口令…",
    "Remove the encryption": "取消加密",
    "Make the database a plain file again? Anyone who has the file can then read it.": (
        "把数据库还原为未加密的文件吗？之后任何拿到文件的人都能读取。"
    ),
    "Remove encryption": "取消加密",
    "Removing the encryption…": "正在取消加密…",
    "Privacy": "隐私",
    "The database is encrypted. {0} plain copies of it (backups made before) are still readable"
    " by anyone: remove them?": (
        "数据库已加密。它还有 {0} 个未加密的副本（之前的备份），任何人都能读取：要删除它们吗？"
    ),
    "Remove": "删除",
    "Done.": "完成。",
    "JSON files (*.json)": "JSON 文件 (*.json)",
    "Set the team passphrase…": "设置团队口令…",
    "Forget it": "忘记它",
    "Sync files can be encrypted with a team passphrase shared by the laptops that sync"
    " together; it is kept inside an encrypted database only.": (
        "同步文件可以用团队口令加密，这个口令由一起同步的各台电脑共用；它只保存在加密的数据库中。"
    ),
    "Sync files are encrypted with the team passphrase, and merged with it.": (
        "同步文件用团队口令加密，合并时也用它解密。"
    ),
    "Sync files are not encrypted: set the team passphrase to encrypt them.": (
        "同步文件没有加密：设置团队口令即可加密。"
    ),
    "Team passphrase": "团队口令",
    "Protect this database with a passphrase…": "用口令保护此数据库…",
    "Encrypts the file and its backups: a lost laptop shows nothing.": (
        "加密文件及其备份：即使笔记本电脑丢失，也不会泄露任何内容。"
    ),
    # Issue 23: the team hub
    "Join a team hub": "加入团队数据库",
    "Your manager gives you the hub's address, your user name and your password.": (
        "团队数据库的地址、你的用户名和密码由经理提供。"
    ),
    "Hub address:": "团队数据库地址：",
    "User name:": "用户名：",
    "Password:": "密码：",
    "Sync with &team hub": "与团队数据库同步(&T)",
    "Team hub": "团队数据库",
    "Password of {0} at {1}:": "{0} 在{1}的密码：",
    "Team hub: bringing in your team's changes…": "团队数据库：正在取回团队的修改…",
    "Team hub: sending your changes…": "团队数据库：正在送上你的修改…",
    "Synced with the team hub: {0} new, {1} updated, {2} conflicts; sent {3} changes.": (
        "已与团队数据库同步：新增 {0}，更新 {1}，冲突 {2}；送上 {3} 项修改。"
    ),
    "The sync with the team hub did not finish.\n{0}": "与团队数据库的同步没有完成。\n{0}",
    # Issue 23 (the manager's team view; the window's hub sync on start and exit)
    "The team hub's password is not in this computer's keychain: sync with Shift+F5.": (
        "本机钥匙串中没有团队数据库的密码：请按 Shift+F5 同步。"
    ),
    "Syncing with the team hub before closing…": "关闭前正在与团队数据库同步…",
    "The team hub cannot be reached: not synced.": "无法连接团队数据库：没有同步。",
    "The team hub cannot be reached: syncing with the sync folder.": (
        "无法连接团队数据库：改为与同步文件夹同步。"
    ),
    "The sync with the team hub did not finish: {0}": "与团队数据库的同步没有完成：{0}",
    "Open team hub as manager": "以经理身份打开团队数据库",
    "Open team hub as &manager…": "以经理身份打开团队数据库(&M)…",
    "The team's figures are read from the hub: only a manager of the hub can open them.": (
        "团队的数据直接从团队数据库读取：只有团队数据库的经理才能打开。"
    ),
    "Opening {0}…": "正在打开{0}…",
    "Opened {0}.": "已打开{0}。",
    "The team hub did not open.\n{0}": "团队数据库没有打开。\n{0}",
    "SalesDesk — Team view: {0}": "SalesDesk — 团队视图：{0}",
    "The whole team": "全体团队",
    "Export workbook…": "导出工作簿…",
    "Salesperson:": "销售人员：",
    "Salespeople compared (double-click one to see only theirs):": (
        "销售员对比（双击某人只看他/她的数据）："
    ),
    "Export the team's workbook": "导出团队工作簿",
    "Workbook (*.xlsx)": "工作簿 (*.xlsx)",
    # Issue 20 (week plan: payments to collect, handed-over cards)
    "handed over to you: first visit": "交接给你的客户：首次拜访",
    "ConflictsView|Payment plan": "收款计划",  # two plans of one deal made at once
    # Menus: one underlined letter per entry of a menu (two alike only move between them)
    "Dash&board": "统计看板(&B)",
    "Erase this &person…": "抹除此人(&P)…",
    "Open team &hub as manager…": "以经理身份打开团队数据库(&H)…",
    "Pr&eferences…": "偏好设置(&E)…",
    "&Scan business cards…": "扫描名片(&S)…",
    "Scan &a card from the clipboard": "从剪贴板扫描名片(&A)",
    "Wrong passphrase: one more try.": "口令不对：还可以再试 1 次。",
    # The team passphrase's own hint (it had the database passphrase's)
    "At least {0} characters. Every laptop that syncs with yours types this same team"
    " passphrase: it encrypts the sync files you share. It is not your database's passphrase.": (
        "至少 {0} 个字符。与你一起同步的每台电脑都输入这同一个团队口令：它用来加密你们共享的"
        "同步文件。它不是本数据库的口令。"
    ),
    # One visit: "1 visit due", not "1 visits due" (the real-window try)
    "1 visit due": "1 个待回访",
    "1 visit due today.": "今日有 1 个回访到期。",
    "1 visit due today, overdue.": "今日有 1 个回访到期，已逾期。",
    # English plurals: the form for exactly 1 (messages.plural); Chinese says both alike
    "{0} visit written to {1}.": "已将 {0} 个回访写入 {1}。",
    "Rows to import: {0}. A card you already have (same e-mail, mobile, or name and company):"
    " {1}. Only look like one, and come in as cards of their own: {2}.": (
        "待导入：{0} 行。已有的卡片（电子邮件、手机号或姓名和公司相同）：{1} 行。"
        "只是相似、将作为新卡片导入：{2} 行。"
    ),
    "The &list as filtered now ({0} card)": "当前筛选的列表(&L)（{0} 张卡片）",
    "Workbook written to {0} ({1} card).": "工作簿已写入 {0}（{1} 张卡片）。",
    "{0} row": "{0} 行",
    "Default: in {0} day, from the grade's return-visit cadence.": (
        "默认：{0} 天后，按该等级的回访周期计算。"
    ),
    "{0} card goes to {1}.": "{0} 张卡片将交给{1}。",
    "Synced with the team hub: {0} new, {1} updated, {2} conflict; sent {3} change.": (
        "已与团队数据库同步：新增 {0}，更新 {1}，冲突 {2}；送上 {3} 项修改。"
    ),
    "Synced with the team hub: {0} new, {1} updated, {2} conflict; sent {3} changes.": (
        "已与团队数据库同步：新增 {0}，更新 {1}，冲突 {2}；送上 {3} 项修改。"
    ),
    "Synced with the team hub: {0} new, {1} updated, {2} conflicts; sent {3} change.": (
        "已与团队数据库同步：新增 {0}，更新 {1}，冲突 {2}；送上 {3} 项修改。"
    ),
    "{0} letter; no address, no letter: {1}": "{0} 封信；没有地址、未写信：{1}",
    "{0} of {1} card": "{0} / {1} 张卡片",
    "{0} conflict kept both values: see File > Sync > Conflicts and duplicates.": (
        "{0} 处冲突保留了两个值：请查看 文件 > 同步 > 冲突与重复。"
    ),
    "The database is encrypted. {0} plain copy of it (a backup made before) is still readable"
    " by anyone: remove it?": (
        "数据库已加密。它还有 {0} 个未加密的副本（之前的备份），任何人都能读取：要删除它吗？"
    ),
    "{0} backup rewritten.": "已重写 {0} 个备份。",
    "{0} backup still holds this person. Rewrite it without?": (
        "仍有 {0} 个备份含有此人。要重写这个备份、去掉此人吗？"
    ),
    "{0} service case is waiting for a first response.": "{0} 个服务事项等待首次响应。",
    "Likely duplicates, kept as separate cards: {0} group. Merge or dismiss it in File > Sync >"
    " Conflicts and duplicates.": (
        "疑似重复，已分别建卡：{0} 组。可在“文件 > 同步 > 冲突和重复”中合并或忽略。"
    ),
    "{0} of {1} image read.": "已识别 {0}/{1} 张图片。",
    "Merged {0}: {1} new, {2} updated, {3} conflict.": "已合并 {0}：新增 {1}，更新 {2}，冲突 {3}。",
    "Synced with the folder: {0} file merged, {1} unchanged.": (
        "已与文件夹同步：合并 {0} 个文件，{1} 个未变。"
    ),
    "Overdue {0} day": "逾期 {0} 天",
    "{0} year a customer": "成为客户 {0} 周年",
    "Stored the plan on {0} visit.": "已把计划保存到 {0} 次拜访上。",
    "{0} {1}: send greetings to {2} customer (File > Letters…)": (
        "{0} {1}：给 {2} 位客户寄送祝福（文件 > 信函…）"
    ),
    "{0} control or text-direction character was removed from the cells.": (
        "已从单元格中删除 {0} 个控制字符或文字方向字符。"
    ),
    "Before the encryption (a plain copy)": "加密前（未加密的副本）",
    "Remove the plain copies…": "删除未加密的副本…",
    "This database is encrypted, but {0} plain copy of it (a backup made before the encryption)"
    " is still readable by anyone.": (
        "此数据库已加密，但还有 {0} 个未加密的副本（加密前的备份），任何人都能读取。"
    ),
    "This database is encrypted, but {0} plain copies of it (backups made before the"
    " encryption) are still readable by anyone.": (
        "此数据库已加密，但还有 {0} 个未加密的副本（加密前的备份），任何人都能读取。"
    ),
    "After the encryption": "加密后",
    "Sync: {0} message": "同步：{0} 条消息",
    "Sync: {0} messages": "同步：{0} 条消息",
    "Show what the sync had to say": "查看同步留下的消息",
    # the merge preview's rows for a file's payments, business card images, erasures
    "Payment": "收款",
    "Card image": "名片图片",
    "Erasure": "抹除记录",
    "Stop the import? None of its cards will be kept.": "停止导入吗？它导入的卡片都不会保留。",
    "Stop the import": "停止导入",
}
