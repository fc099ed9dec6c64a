"""The core's messages in Chinese: one catalog that the command line and the window share.

The core has no Qt, so it cannot use tr(). It raises UserError with an English sentence,
often an f-string; localize() finds the template the sentence came from and fills the
Chinese template with the same values, each itself localized (a message inside a
message: "{0} Left out."). UserError's str() is localized in the language set with
set_language(), which the window (at start) and the command line (from --lang or the
locale) set. tests/unit/test_messages.py reads every message the core can raise, every
undo label and every line the command line prints, and fails on one missing here.
"""

from __future__ import annotations

import errno
import os
import re
from dataclasses import dataclass
from functools import cache

LANGS = ("en", "zh_CN")

# English template -> Chinese template; {0}, {1} … are the values, in the English order.
ZH_CN: dict[str, str] = {
    # business card scanning
    "read business card images (offline OCR) into new cards": "把名片图片识别成新卡片（离线 OCR）",
    "show the fields, save nothing": "只显示识别出的字段，不保存",
    "a card with the same mobile or e-mail, or name and company: skip it (default), add the scan's new details to it, or make a new card anyway": "已有手机或电子邮件相同、或姓名和公司相同的卡片时：跳过（默认），把扫描到的新信息补到该卡片上，或仍然新建卡片",  # noqa: E501
    "{0} Nothing was written.": "{0}没有写入任何内容。",
    "No name was found on {0}: scan it in the window to type the name in, or see what was read with --dry-run. Nothing was written.": "{0} 上没有找到姓名：请在窗口中扫描并填写姓名，或用 --dry-run 查看识别结果。没有写入任何内容。",  # noqa: E501
    "Scan cards": "扫描名片",
    "{0} is a folder, not an image.": "{0} 是文件夹，不是图片。",
    "{0} is an empty file, not an image.": "{0} 是空文件，不是图片。",
    "{0} is too small ({1} × {2}) to read a card from.": "{0} 太小（{1} × {2}），无法识别名片。",
    "No text was found on {0}: is it a business card?": "{0} 上没有找到文字：这是名片吗？",
    "{0} has text but no name, company, phone or e-mail was found on it.": "{0} 上有文字，但没有找到姓名、公司、电话或电子邮件。",  # noqa: E501
    "Card scanning needs the rapidocr-onnxruntime package ({0}).": "扫描名片需要 rapidocr-onnxruntime 软件包（{0}）。",  # noqa: E501
    "The card image is too large ({0} MB).": "名片图片太大（{0} MB）。",
    "{0} is not an image type.": "{0} 不是图片类型。",
    "Scan card": "扫描名片",
    "The card image is empty.": "名片图片是空的。",
    # figures, warnings, complaints
    "--for-days must be 1 or more.": "--for-days 须为 1 或更大。",
    "hide an early warning (its key)": "隐藏一条预警（给出它的键）",
    "days to hide it (default 7)": "隐藏的天数（默认 7）",
    "what a complaint is about": "投诉的原因",
    "who settles it": "由谁处理",
    "a complaint's cause and who settles it": "投诉的原因和处理人",
    "satisfaction asked at the follow-up": "回访时询问的满意度",
    "Complaint cause": "投诉原因",
    "Resolve the case first; satisfaction is asked at the follow-up.": "请先解决此事项；满意度在回访时询问。",  # noqa: E501
    "Satisfaction": "满意度",
    "'{0}' is not a warning: use the key agenda --json gives.": "“{0}”不是预警：请使用 agenda --json 给出的键。",  # noqa: E501
    "A warning is dismissed until today or a later day.": "预警只能隐藏到今天或以后的某一天。",
    "{0}: give a number.": "{0}：请给出一个数字。",
    "{0}: give a number above 0 and at most {1}.": "{0}：请给出大于 0、最多 {1} 的数字。",
    # import: its report and its refusals
    "created": "新建卡片",
    "updated": "更新卡片",
    "merged": "并入前面的行",
    "skipped": "跳过",
    "flagged": "新建卡片（可能重复）",
    "rejected": "未导入",
    "would import {0}: {1} created ({2} of them likely duplicates), {3} updated ({4} merged with an earlier row), {5} skipped, {6} deals, {7} problems": "将导入 {0}：新建 {1}（其中 {2} 张可能重复），更新 {3}（{4} 行与前面的行合并），跳过 {5}，成交 {6}，问题 {7}",  # noqa: E501
    "imported {0}: {1} created ({2} of them likely duplicates), {3} updated ({4} merged with an earlier row), {5} skipped, {6} deals, {7} problems": "已导入 {0}：新建 {1}（其中 {2} 张可能重复），更新 {3}（{4} 行与前面的行合并），跳过 {5}，成交 {6}，问题 {7}",  # noqa: E501
    "  row {0} {1}: {2}": "  第 {0} 行 {1}：{2}",
    "(no name)": "（无姓名）",
    "likely duplicates, kept as separate cards ({0} groups):": "可能重复，保留为各自的卡片（{0} 组）：",  # noqa: E501
    "row {0} {1}": "第 {0} 行 {1}",
    " and {0} card(s) already there": "，以及已有的 {0} 张卡片",
    "rows that are a card already there (same e-mail, mobile, or name and company, and a name that agrees); default skip. A shared landline never updates a card": "已有卡片的行（相同电子邮件、手机，或相同姓名和公司，且姓名一致）；默认跳过。共用座机从不更新卡片",  # noqa: E501
    "how to read dates such as 3/5/2025 when the column does not tell (mdy: March 5)": "当列中无法判断时如何读 3/5/2025 这样的日期（mdy：3 月 5 日）",  # noqa: E501
    "the workbook sheet of people to import": "要导入的人员所在的工作表",
    "do not import a workbook's sheet of deals": "不导入工作簿中的成交工作表",
    "{0} does not look like a list of people or companies: none of its columns ({1}) is a name, company, phone or e-mail.": "{0} 看起来不是人员或公司名单：它的列（{1}）中没有姓名、公司、电话或电子邮件。",  # noqa: E501
    # more than eight columns: the rest counted ("… and 10 more"), in Chinese too
    "{0} does not look like a list of people or companies: none of its columns ({1} and {2} more) is a name, company, phone or e-mail.": "{0} 看起来不是人员或公司名单：它的列（{1} 等另外 {2} 列）中没有姓名、公司、电话或电子邮件。",  # noqa: E501
    "'{0}' in '{1}' is not an e-mail: kept in notes.": "“{1}”中的“{0}”不是电子邮件：已记入备注。",
    "Birthday has only part of a date (year '{0}', month '{1}', day '{2}'): left out.": "生日只有部分日期（年“{0}”，月“{1}”，日“{2}”）：已略去。",  # noqa: E501
    "Phone {0} looks like a landline that lost its leading 0 ({1}): kept as written, check it.": "电话 {0} 像是丢了开头 0 的座机（{1}）：按原样保留，请核对。",  # noqa: E501
    "{0} is {1} characters long: cut to the first {2}.": "{0} 长 {1} 个字符：只保留前 {2} 个。",
    # sync that cannot be fooled, deleted cards, the lock
    "  note: {0}": "  注意：{0}",
    "bring a deleted card back, with its history": "恢复一张已删除的卡片及其历史",
    "delete a card (card list --deleted shows it; card restore brings it back)": "删除卡片（card list --deleted 列出它；card restore 可恢复）",  # noqa: E501
    "list cards; --deleted: the deleted ones": "列出卡片；--deleted：已删除的卡片",
    "the deleted cards": "已删除的卡片",
    "{0} could not be merged whole (is it damaged?); nothing was changed.": "{0} 无法完整合并（文件是否损坏？）；没有做任何更改。",  # noqa: E501
    "{0} could not be read to the end ({1}); nothing was merged.": "{0} 无法读到结尾（{1}）；没有合并任何内容。",  # noqa: E501
    "{0} is being written by {1}; try again when it has finished.": "{1} 正在写入 {0}；请等它完成后再试。",  # noqa: E501
    "{0} is damaged ({1}); nothing was merged.": "{0} 已损坏（{1}）；没有合并任何内容。",
    "{0} is damaged ({1}); nothing was merged. Restore a backup (File > Backups).": "{0} 已损坏（{1}）；没有合并任何内容。请恢复一个备份（文件 > 备份）。",  # noqa: E501
    "{0} is damaged or not a complete SalesDesk file ({1}).": "{0} 已损坏，或不是完整的 SalesDesk 文件（{1}）。",  # noqa: E501
    "{0} is damaged or was altered (its manifest); nothing was merged.": "{0} 已损坏或被改动（清单不符）；没有合并任何内容。",  # noqa: E501
    "{0} is damaged or was altered ({1}); nothing was merged.": "{0} 已损坏或被改动（{1}）；没有合并任何内容。",  # noqa: E501
    "{0} is damaged: it is cut short or has bytes added.": "{0} 已损坏：文件被截短或多出了字节。",
    "{0} is damaged: it is cut short.": "{0} 已损坏：文件被截短。",
    "{0} is not a complete SalesDesk file: it has no {1} table.": "{0} 不是完整的 SalesDesk 文件：缺少 {1} 表。",  # noqa: E501
    "{0} is not a complete SalesDesk file: its {1} table has no {2} column.": "{0} 不是完整的 SalesDesk 文件：其 {1} 表缺少 {2} 列。",  # noqa: E501
    "{0} is open in {1}; close it there first.": "{0} 正在 {1} 中打开；请先在那里关闭。",
    "{0}: an interrupted write could not be rolled back ({1}).": "{0}：被中断的写入无法回滚（{1}）。",  # noqa: E501
    # the week plan and letters
    "--weeks must be 1 to {0}.": "--weeks 须为 1 到 {0}。",
    "--per-day must be 1 to 50.": "--per-day 须为 1 到 50。",
    "Cannot write letters to '{0}': give a .pdf or .docx file.": "无法把信函写入“{0}”：请给出 .pdf 或 .docx 文件。",  # noqa: E501
    "Give either --ids or --grades/--area, not both.": "请给出 --ids 或 --grades/--area，不能同时给出。",  # noqa: E501
    "plan the week: visits a day, by priority and area": "计划本周：按优先级和区域安排每天的拜访",
    "default: today": "默认：今天",
    "weeks to plan (1-4, default 1)": "计划的周数（1–4，默认 1）",
    "visits a day (default: Preferences, 8)": "每天拜访数（默认：首选项，8）",
    "whose cards (default: Preferences' name; '' = all)": "谁的客户（默认：首选项中的姓名；'' 表示全部）",  # noqa: E501
    "store the plan on the visits": "把计划保存到拜访上",
    "merge a letter for cards into one PDF or .docx": "为卡片合并信函，生成一个 PDF 或 .docx",
    "a template's key or name, or FILE.docx": "模板的键或名称，或 FILE.docx",
    "these cards": "这些卡片",
    "every card of these grades": "这些级别的全部卡片",
    "every card of this area": "这个区域的全部卡片",
    "the occasion of a greeting (e.g. 春节)": "问候信的场合（例如：春节）",
    "FILE.pdf or FILE.docx": "FILE.pdf 或 FILE.docx",
    "There is no template file {0}.": "没有模板文件 {0}。",
    "No letter template '{0}': use one of {1}, or a .docx file.": "没有信函模板“{0}”：请使用 {1} 之一，或一个 .docx 文件。",  # noqa: E501
    "A template needs a name.": "模板需要名称。",
    "A template is in zh_CN or en.": "模板的语言须为 zh_CN 或 en。",
    "A template holds at most {0} characters.": "模板最多 {0} 个字符。",
    "Unknown field '{0}': use one of {1}.": "未知字段“{0}”：请使用 {1} 之一。",
    "Say which cards: their ids, or grades and/or an area.": "请说明哪些卡片：给出编号，或级别和/或区域。",  # noqa: E501
    "Say the occasion of this greeting (e.g. 春节, 中秋节, the New Year).": "请说明这封问候信的场合（例如：春节、中秋节、新年）。",  # noqa: E501
    "Letters": "信函",
    "No letter to write: no card chosen has an address.": "没有可写的信：所选卡片都没有地址。",
    "{0} is not a usable letter template ({1}).": "{0} 不是可用的信函模板（{1}）。",
    "Pick at least one working day.": "请至少选择一个工作日。",
    "Visits a day must be between 1 and 50.": "每天拜访数须在 1 到 50 之间。",
    "A plan covers 1 to {0} weeks.": "计划覆盖 1 到 {0} 周。",
    "Plan the week": "计划本周",
    "Move visit": "移动拜访",
    "Order the day": "排定当天顺序",
    # dates, times, grades, codes
    "'{0}' is not a date: write it as YYYY-MM-DD.": "“{0}”不是日期：请写成 YYYY-MM-DD。",
    "'{0}' is not a date on the calendar.": "“{0}”不是日历上存在的日期。",
    "'{0}' is not a date and time: write it as YYYY-MM-DDTHH:MM.": (
        "“{0}”不是日期和时间：请写成 YYYY-MM-DDTHH:MM。"
    ),
    "'{0}' is not a date.": "“{0}”不是日期。",
    "'{0}' is not a time: write it as HH:MM.": "“{0}”不是时间：请写成 HH:MM。",
    "'{0}' is not a grade: use one of A, B, C, D, E, F.": (
        "“{0}”不是等级：请用 A、B、C、D、E、F 之一。"
    ),
    "'{0}' is not an F kind: use F1 or F2.": "“{0}”不是 F 级的类别：请用 F1 或 F2。",
    "A grade is needed: one of A, B, C, D, E, F.": "需要等级：A、B、C、D、E、F 之一。",
    "Only grade F has a kind (F1 or F2).": "只有 F 级才有类别（F1 或 F2）。",
    "'{0}' is not a {1}: use one of {2}.": "“{0}”不是有效的{1}：请用 {2} 之一。",
    "status": "状态",
    "communication style": "沟通风格",
    "credit standing": "信用状况",
    "channel": "联系方式",
    "kind of case": "事项类型",
    "'{0}' is not an amount.": "“{0}”不是金额。",
    "'{0}' is not a period: use one of {1}.": "“{0}”不是统计期间：请用 {1} 之一。",
    "'{0}' is not a chart: use one of {1}.": "“{0}”不是图表类型：请用 {1} 之一。",
    "'{0}' is not one of {1}.": "“{0}”不是 {1} 之一。",
    "Row {0}: '{1}' is not one of {2}.": "第 {0} 行：“{1}”不是 {2} 之一。",
    "The period starts ({0}) after it ends ({1}).": "期间的开始（{0}）晚于结束（{1}）。",
    # cards, contacts, visits, deals, cases
    "A card needs a name.": "卡片需要姓名。",
    "Unknown card field: {0}.": "未知的卡片字段：{0}。",
    "No card with id {0}.": "没有编号为 {0} 的卡片。",
    "No card with id {0} to refer from.": "没有编号为 {0} 的卡片可作为介绍人。",
    "Change the grade with a reason (change grade), not as a plain edit.": (
        "请用“调整等级”并写明原因来改等级，不能作为普通编辑。"
    ),
    "The card {0} is already {1}.": "卡片“{0}”已经是{1}状态。",
    "deleted": "已删除",
    "not deleted": "未删除",
    "Choose two different cards to merge.": "请选择两张不同的卡片来合并。",
    "Say how the contact was made: {0}.": "请说明联系方式：{0}。",
    "No contact with id {0}.": "没有编号为 {0} 的联系记录。",
    "Unknown contact field: {0}.": "未知的联系记录字段：{0}。",
    "No change with id {0}.": "没有编号为 {0} 的修改记录。",
    "A visit needs a date.": "回访需要日期。",
    "No visit with id {0}.": "没有编号为 {0} 的回访。",
    "This visit is not planned any more.": "这次回访已不在计划中。",
    "Say what was sold.": "请写明卖出的产品。",
    "Say what kind of case: {0}.": "请说明事项类型：{0}。",
    "No service case with id {0}.": "没有编号为 {0} 的服务事项。",
    "The response cannot come before the case was opened.": "回复时间不能早于事项登记时间。",
    "Satisfaction is a number from 1 to 5.": "满意度是 1 到 5 之间的数字。",
    "An interval is a number of days from 1 to 3650.": "间隔天数必须在 1 到 3650 之间。",
    "The card-path chart needs a card: give its id (--card ID).": (
        "卡片轨迹图需要一张卡片：请用 --card ID 给出卡片编号。"
    ),
    "No conflict with id {0}.": "没有编号为 {0} 的冲突。",
    "Choose the current value, the other one, or give a new value.": (
        "请选择当前值、另一个值，或给出新值。"
    ),
    # the database file
    "{0} does not exist.": "{0} 不存在。",
    "The folder {0} does not exist.": "文件夹 {0} 不存在。",
    "Cannot read {0}: {1}.": "无法读取 {0}：{1}。",
    "Cannot write {0}: {1}.": "无法写入 {0}：{1}。",
    "Cannot write in {0}: {1}.": "无法在 {0} 中写入：{1}。",
    "Cannot create {0}: {1}.": "无法创建 {0}：{1}。",
    "Cannot write beside {0}: {1}.": "无法在 {0} 旁边写入：{1}。",
    "{0} is an empty file, not a SalesDesk database.": "{0} 是空文件，不是 SalesDesk 数据库。",
    "{0} is not a SalesDesk database.": "{0} 不是 SalesDesk 数据库。",
    "{0} is not a SalesDesk database ({1}).": "{0} 不是 SalesDesk 数据库（{1}）。",
    "{0} is not a SalesDesk database (it belongs to another program).": (
        "{0} 不是 SalesDesk 数据库（它属于其他程序）。"
    ),
    "{0} is an empty database, not a SalesDesk one.": "{0} 是空数据库，不是 SalesDesk 数据库。",
    "{0} was written by a newer SalesDesk (schema {1}, this program knows {2}): update"
    " SalesDesk to open it.": (
        "{0} 由更新版本的 SalesDesk 写入（结构版本 {1}，本程序支持 {2}）："
        "请先升级 SalesDesk 再打开。"
    ),
    "{0} needs an upgrade, which a read-only open cannot do.": (
        "{0} 需要升级，而只读方式打开时无法升级。"
    ),
    "{0} is open in another SalesDesk window; close it there first.": (
        "{0} 已在另一个 SalesDesk 窗口中打开；请先在那里关闭。"
    ),
    "{0} is open read-only because another SalesDesk window has it.": (
        "{0} 以只读方式打开，因为另一个 SalesDesk 窗口正在使用它。"
    ),
    "{0} is damaged or not a SalesDesk database ({1}).": (
        "{0} 已损坏或不是 SalesDesk 数据库（{1}）。"
    ),
    "the database": "数据库",
    # import
    "{0} is a folder, not a file to import.": "{0} 是文件夹，不是可导入的文件。",
    "{0} is empty: there is nothing to import.": "{0} 是空的：没有可导入的内容。",
    "{0} is an old Excel 97-2003 workbook: save it as .xlsx and import that.": (
        "{0} 是旧版 Excel 97-2003 工作簿：请另存为 .xlsx 后再导入。"
    ),
    "{0} is not an Excel workbook (it may be damaged).": "{0} 不是 Excel 工作簿（可能已损坏）。",
    "{0} is not a table of text: import an .xlsx, .csv or .vcf file.": (
        "{0} 不是文本表格：请导入 .xlsx、.csv 或 .vcf 文件。"
    ),
    "{0} has more than {1} rows.": "{0} 超过 {1} 行。",
    "{0} holds no contacts.": "{0} 中没有联系人。",
    "{0} has no rows to import.": "{0} 中没有可导入的行。",
    "The delimiter must be one character, such as , ; or tab.": (
        "分隔符必须是一个字符，例如 , ; 或制表符。"
    ),
    "{0} is not a readable CSV file ({1}).": "{0} 不是可读取的 CSV 文件（{1}）。",
    "{0} is not a vCard file (no BEGIN:VCARD).": "{0} 不是 vCard 文件（没有 BEGIN:VCARD）。",
    "{0} is not an Excel workbook this program can read ({1}).": (
        "{0} 不是本程序能读取的 Excel 工作簿（{1}）。"
    ),
    "{0} has no sheet '{1}': it has {2}.": "{0} 中没有工作表“{1}”：它有 {2}。",
    "'{0}' is not an encoding this program knows.": "“{0}”不是本程序认识的编码。",
    "'{0}' is not a status (prospect, customer, inactive): left out.": (
        "“{0}”不是有效的状态（潜在客户、客户、停用）：已略去。"
    ),
    "Birthday {0} Left out.": "生日：{0}已略去。",
    "Next visit {0} Left out.": "下次回访：{0}已略去。",
    "{0} The card gets grade F.": "{0}卡片定为 F 级。",
    "{0} Left out.": "{0}已略去。",
    "No name, company, phone or e-mail: the row is not imported.": (
        "没有姓名、公司、电话或电子邮件：此行不导入。"
    ),
    "The import was cancelled; nothing was imported.": "导入已取消；没有导入任何内容。",
    # export, sync
    "{0} is a folder; give a file name ending in .xlsx.": (
        "{0} 是文件夹；请给出以 .xlsx 结尾的文件名。"
    ),
    "Cannot write {0}: {1}. If it is open in Excel, WPS or another program, close it there"
    " and try again.": (
        "无法写入 {0}：{1}。如果它正在 Excel、WPS 或其他程序中打开，请先关闭再试。"
    ),
    "The export was cancelled; no file was written.": "导出已取消；没有写入任何文件。",
    "The database changed during the export; export again.": "导出期间数据库有改动；请重新导出。",
    "{0} is a folder, not a sync file.": "{0} 是文件夹，不是同步文件。",
    "{0} is damaged: {1}.": "{0} 已损坏：{1}。",
    "{0} is not a SalesDesk file.": "{0} 不是 SalesDesk 文件。",
    "{0} comes from a newer SalesDesk (schema {1}): update SalesDesk on this computer, then"
    " merge again.": (
        "{0} 来自更新版本的 SalesDesk（结构版本 {1}）：请先升级本机的 SalesDesk，再合并。"
    ),
    "{0} is damaged or not a database ({1}).": "{0} 已损坏或不是数据库（{1}）。",
    "{0} is not a complete SalesDesk file ({1}).": "{0} 不是完整的 SalesDesk 文件（{1}）。",
    "The sync folder {0} is not there (is the drive connected?).": (
        "同步文件夹 {0} 不存在（驱动器连接了吗？）。"
    ),
    "This database is open read-only: it cannot take a merge.": (
        "此数据库以只读方式打开：无法合并。"
    ),
    "The merge could not be verified; nothing was lost.": "合并结果无法核实；没有丢失任何数据。",
    "Cannot save a chart as '{0}': give a file ending in .png or .svg.": (
        "无法将图表保存为“{0}”：请给出以 .png 或 .svg 结尾的文件名。"
    ),
    # undo labels: the operations a user can undo and redo
    "New card": "新建卡片",
    "Edit card": "编辑卡片",
    "Delete card": "删除卡片",
    "Restore card": "恢复卡片",
    "Change grade": "调整等级",
    "Log contact": "记录联系",
    "Edit contact": "编辑联系记录",
    "Delete contact": "删除联系记录",
    "Revert change": "撤回修改",
    "Import": "导入",
    "Merge cards": "合并卡片",
    "Plan visit": "计划回访",
    "Reschedule visit": "回访改期",
    "Cancel visit": "取消回访",
    "Complete visit": "完成回访",
    "Add deal": "添加成交",
    "Open case": "登记服务事项",
    "Respond to case": "回复服务事项",
    "Resolve case": "解决服务事项",
    "Resolve conflict": "处理冲突",
    "Merge": "合并",
    "Demo data": "演示数据",
    "Undo {0}": "撤销{0}",
    # the command line
    "Nothing to change: give a field such as --name or --grade.": (
        "没有要修改的内容：请给出字段，例如 --name 或 --grade。"
    ),
    "--reason, --recheck and --f-kind go with --grade.": (
        "--reason、--recheck 和 --f-kind 须与 --grade 一起使用。"
    ),
    "--days must be 0 or more.": "--days 必须大于或等于 0。",
    "Cannot export to '{0}': give a file ending in .xlsx or .ics.": (
        "无法导出到“{0}”：请给出以 .xlsx 或 .ics 结尾的文件名。"
    ),
    "--grades, --from and --to go with a workbook (.xlsx).": (
        "--grades、--from 和 --to 只用于工作簿（.xlsx）。"
    ),
    "--grades takes letters A to F, not {0}.": "--grades 只接受字母 A 到 F，不接受 {0}。",
    "A sync file's name ends in {0}: {1}": "同步文件名须以 {0} 结尾：{1}",
    "The card-path chart needs a card: give its id with --card ID.": (
        "卡片轨迹图需要一张卡片：请用 --card ID 给出卡片编号。"
    ),
    "{0}: {1} cards, {2} contacts, {3} grade changes": (
        "{0}：{1} 张卡片，{2} 条联系记录，{3} 次等级变化"
    ),
    "{0} cards, {1} contacts": "{0} 张卡片，{1} 条联系记录",
    "{0}: ok (schema {1})": "{0}：正常（结构版本 {1}）",
    "application id is not SalesDesk's": "应用编号不是 SalesDesk 的",
    "schema version {0}, expected {1}": "结构版本为 {0}，应为 {1}",
    "{0} contacts belong to no card": "{0} 条联系记录不属于任何卡片",
    "{0}: {1} visits": "{0}：{1} 次回访",
    "would merge {0} ({1}): {2}": "将合并 {0}（{1}）：{2}",
    "merged {0} ({1}): {2}": "已合并 {0}（{1}）：{2}",
    "unknown device": "未知设备",
    "{0} new, {1} updated, {2} unchanged, {3} deleted, {4} conflicts": (
        "新增 {0}，更新 {1}，未变 {2}，删除 {3}，冲突 {4}"
    ),
    "would import {0}: {1} created, {2} updated, {3} skipped, {4} duplicates, {5} problems": (
        "将导入 {0}：新建 {1}，更新 {2}，跳过 {3}，重复 {4}，问题 {5}"
    ),
    "imported {0}: {1} created, {2} updated, {3} skipped, {4} duplicates, {5} problems": (
        "已导入 {0}：新建 {1}，更新 {2}，跳过 {3}，重复 {4}，问题 {5}"
    ),
    "  row {0}: {1}": "  第 {0} 行：{1}",
    "{0}: {1}, {2} to {3}": "{0}：{1}，{2} 至 {3}",
    "interrupted": "已中断",
    "the window that has this file was brought forward": "已切换到打开此文件的窗口",
    # the command line's --help (cli.py's help texts, then argparse's own headings)
    "Customer cards graded A to F.": "按 A 到 F 分级的客户卡片。",
    "zh_CN or en (default: the system's language)": "zh_CN 或 en（默认：系统语言）",
    "the database file": "数据库文件",
    "one or more numbers, separated by commas": "一个或多个号码，用逗号分隔",
    "comma-separated": "用逗号分隔",
    "key customer": "重点客户",
    "A, B, C, D, E or F": "A、B、C、D、E 或 F",
    "why the grade changes": "调整等级的原因",
    "re-check date for C and D": "C 级和 D 级的复查日期",
    "language of the window and of words": "窗口和输出文字的语言",
    "fill a database with realistic demo data": "在数据库中生成逼真的演示数据",
    "add, edit or delete a card": "添加、编辑或删除卡片",
    "add a card; prints its id": "添加卡片；输出其编号",
    "edit a card's fields or grade": "编辑卡片的字段或等级",
    "what keeps a C or D card from buying": "C 级或 D 级卡片暂不能购买的原因",
    "delete a card (it can be restored)": "删除卡片（可以恢复）",
    "log a contact": "记录联系",
    "log a visit, call, message …; prints its id": "记录拜访、电话、短信等；输出其编号",
    "the card's id": "卡片编号",
    "regrade the card in the same step": "同时调整卡片等级",
    "when, e.g. 2026-03-05T14:30 (default: now)": "时间，例如 2026-03-05T14:30（默认：现在）",
    "counts, grades and statuses": "数量、等级和状态",
    "integrity and schema version": "完整性和结构版本",
    "overdue, today's and upcoming visits": "逾期、今日和即将到期的回访",
    "the day (default: today)": "日期（默认：今天）",
    "upcoming days to list (default 7)": "列出未来几天（默认 7 天）",
    "the manager's workbook (.xlsx) or planned visits as a calendar (.ics)": (
        "给经理的工作簿（.xlsx），或计划回访的日历（.ics）"
    ),
    "FILE.xlsx or FILE.ics": "FILE.xlsx 或 FILE.ics",
    "only cards of these grades (.xlsx)": "只导出这些等级的卡片（.xlsx）",
    "period start (.xlsx)": "期间开始（.xlsx）",
    "period end (.xlsx)": "期间结束（.xlsx）",
    "record a sale": "记录成交",
    "add a deal to a card; prints its id": "为卡片添加成交；输出其编号",
    "the day of the sale (default today)": "成交日期（默认今天）",
    "service cases: complaints, requests …": "服务事项：投诉、请求等",
    "open a case on a card; prints its id": "为卡片登记服务事项；输出其编号",
    "first response": "首次回复",
    "resolve a case": "解决服务事项",
    "the case's id": "服务事项编号",
    "sync by copying files between laptops": "在电脑之间复制文件来同步",
    "write this database's sync file": "写出此数据库的同步文件",
    "FILE.salesdesk, or a folder (default name)": "FILE.salesdesk，或文件夹（使用默认文件名）",
    "merge sync files or SalesDesk databases": "合并同步文件或 SalesDesk 数据库",
    "show what would change": "显示将会改动的内容",
    "import cards from .xlsx, .csv or .vcf": "从 .xlsx、.csv 或 .vcf 导入卡片",
    "the .xlsx, .csv or .vcf file": ".xlsx、.csv 或 .vcf 文件",
    "show what would be imported": "显示将会导入的内容",
    "rows matching a card (same phone, or name and company); default skip": (
        "与已有卡片相符的行（电话相同，或姓名和公司相同）；默认 skip"
    ),
    "the CSV's encoding (default: detected)": "CSV 文件的编码（默认：自动识别）",
    "the CSV's delimiter (default: detected)": "CSV 文件的分隔符（默认：自动识别）",
    "how to read dates such as 3/5/2025 (mdy: March 5)": (
        "如何读取 3/5/2025 这样的日期（mdy：3 月 5 日）"
    ),
    "save a chart of grades or visits as PNG or SVG": "将等级或回访图表保存为 PNG 或 SVG",
    "FILE.png or FILE.svg": "FILE.png 或 FILE.svg",
    "the card of a card-path chart": "卡片轨迹图所用的卡片",
    "default: last 12 months": "默认：最近 12 个月",
    "custom period start": "自定义期间开始",
    "custom period end": "自定义期间结束",
    "every synced row as canonical JSON": "以规范 JSON 输出每一条同步的数据",
    "open every main view offscreen": "在后台打开每个主要视图",
    "save a PNG of each view here": "将每个视图的 PNG 截图保存到此处",
    "the window's language; pseudo pads every string to find clipped layouts": (
        "窗口语言；pseudo 会加长每个字符串，用来发现被截断的布局"
    ),
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示此帮助信息并退出",
    "show program's version number and exit": "显示程序版本号并退出",
    # argparse's own messages (Python's standard library, for `salesdesk` with bad arguments)
    "usage: ": "用法：",
    "the following arguments are required: {0}": "缺少以下参数：{0}",
    "unrecognized arguments: {0}": "无法识别的参数：{0}",
    "argument {0}: invalid choice: {1} (choose from {2})": "参数 {0}：无效的选项 {1}（可选：{2}）",
    "argument {0}: expected one argument": "参数 {0}：需要一个值",
    "argument {0}: invalid int value: {1}": "参数 {0}：无效的整数 {1}",
    "argument {0}: {1}": "参数 {0}：{1}",
    # Issue 21: PDFs of scanned cards, HEIC photos, both sides of a card
    "PNG, JPEG, HEIC, WebP … images, or PDFs of scanned cards (a card a page)": "PNG、JPEG、HEIC、WebP 等图片，或扫描名片的 PDF（每页一张名片）",  # noqa: E501
    "the images are pairs, front then back of one card: one card from each pair": "图片按对读取，先正面后背面：每对图片生成一张卡片",  # noqa: E501
    "--two-sided reads the images in pairs (front, back), but {0} cards were given. Nothing was written.": "--two-sided 按对（正面、背面）读取图片，但给出的是 {0} 张名片。没有写入任何内容。",  # noqa: E501
    "{0} is a PDF SalesDesk cannot open (damaged or protected by a password).": "{0} 是 SalesDesk 无法打开的 PDF（已损坏或有密码保护）。",  # noqa: E501
    "{0} has {1} pages: a PDF of scanned cards has 1 to {2}.": "{0} 有 {1} 页：扫描名片的 PDF 应有 1 到 {2} 页。",  # noqa: E501
    "{0} is not an image SalesDesk can read (PNG, JPEG, HEIC, WebP, BMP, TIFF, or a PDF of scanned cards).": "{0} 不是 SalesDesk 能读取的图片（PNG、JPEG、HEIC、WebP、BMP、TIFF，或扫描名片的 PDF）。",  # noqa: E501
    # Issue 16: a restore on the window's runner
    "The restore was cancelled; your cards are as they were.": "恢复已取消；客户卡片保持原样。",
    "{0} is damaged; it was not restored.": "{0} 已损坏；没有恢复。",
    "{0} is damaged ({1}).": "{0} 已损坏（{1}）。",
    # Issue 19: `salesdesk plan` in words (purposes, reasons, weekdays)
    "follow-up visit": "回访",
    "re-check": "复查",
    "first visit": "首次拜访",
    "after-sales visit": "售后回访",
    "follow-up of a service case": "服务事项回访",
    "Mon": "周一",
    "Tue": "周二",
    "Wed": "周三",
    "Thu": "周四",
    "Fri": "周五",
    "Sat": "周六",
    "Sun": "周日",
    "birthday": "生日",
    "anniversary as a customer": "成为客户周年",
    "overdue since {0}": "自 {0} 起逾期",
    "re-check on {0}": "{0} 复查",
    "after-sales visit due {0}": "售后回访，{0} 到期",
    "appointment": "已约定的拜访",
    "put on this day by you": "由你安排在这一天",
    "due {0}": "{0} 到期",
    "next week: the days are full; it can wait until {0}": "下周：这几天已排满；可以等到 {0}",
    "next week: due {0}, after the plan's last free day": (
        "下周：{0} 到期，在计划的最后一个空闲日之后"
    ),
    "next week, late: every day up to its last day {0} is full": (
        "下周，将逾期：直到最后期限 {0} 的每一天都已排满"
    ),
    "Week plan for {0} from {1}, at most {2} a day": "{0} 的周计划：自 {1} 起，每天最多 {2} 个拜访",
    "Week plan from {0}, at most {1} a day": "周计划：自 {0} 起，每天最多 {1} 个拜访",
    "(after its window)": "（已超出时间窗口）",
    "Not this time ({0})": "本次排不下（{0}）",
    "Birthdays and anniversaries ({0})": "生日和周年纪念（{0}）",
    "{0} {1}: greet {2} customers (salesdesk letter --template greeting.zh_CN --occasion …)": (
        "{0} {1}：向 {2} 位客户问候（salesdesk letter --template greeting.zh_CN --occasion …）"
    ),
    "Stored the plan on {0} visits.": "已将计划保存到 {0} 个回访。",
    # Issue 20: payment plans, credit limits, handover
    "'{0}' installments: give a number from 1 to {1}.": "“{0}”期：请给出 1 到 {1} 之间的数字。",
    "Every '{0}': give a number of days or months above 0.": "每“{0}”：请给出大于 0 的天数或月数。",
    "Every {0} '{1}': say days or months.": "每 {0}“{1}”：请写天（days）或月（months）。",
    "No deal with id {0}.": "没有编号为 {0} 的成交。",
    "A plan needs at least one installment.": "收款计划至少要有一期。",
    "The installments add up to {0}, not the deal's {1}.": "各期金额合计 {0}，与成交金额 {1} 不符。",  # noqa: E501
    "{0} is paid on this deal already, more than the plan's {1}.": "此成交已收款 {0}，多于计划的 {1}。",  # noqa: E501
    "Payment plan": "收款计划",
    "This deal has no payment plan yet: set one first.": "此成交还没有收款计划：请先制定计划。",
    "This deal is paid in full.": "此成交已全部收清。",
    "{0} is more than the {1} still due on this deal.": "{0} 超过了此成交尚未收取的 {1}。",
    "Record payment": "登记收款",
    "An amount must be more than 0, not {0}.": "金额必须大于 0，不能是 {0}。",
    "a deal's payment plan, payments, what is due": "成交的收款计划、收款、应收款",
    "set a deal's installments (they add up to the deal)": "设定成交的分期（合计须等于成交金额）",
    "the deal's id": "成交编号",
    "installments of equal amounts (default 1: at once)": "等额分期的期数（默认 1：一次付清）",
    "days or months between them": "每期间隔的天数或月数",
    "the first due day (default the deal's day)": "第一期到期日（默认成交日期）",
    "one installment of your own plan (repeat it)": "自定计划中的一期（可重复）",
    "record a payment received; prints its id": "登记一笔收款；输出其编号",
    "the deal's id, or an installment's": "成交编号或某一期的编号",
    "the amount paid (default what is left of the next installment)": "收款金额（默认下一期的未收金额）",  # noqa: E501
    "the day it was paid (default today)": "收款日期（默认今天）",
    "payments overdue and due soon, or a card's or deal's plans": "逾期和即将到期的收款，或某卡片、某成交的计划",  # noqa: E501
    "every deal of this card": "此卡片的所有成交",
    "this deal": "此成交",
    "the day to count from (default today)": "起算日期（默认今天）",
    "due within these days (default 7)": "在这些天内到期（默认 7）",
    "{0} {1}: {2}, paid {3}, outstanding {4}, overdue {5}": "{0} {1}：{2}，已收 {3}，未收 {4}，逾期 {5}",  # noqa: E501
    "'{0}': write an installment as YYYY-MM-DD:AMOUNT.": "“{0}”：请把一期写成 YYYY-MM-DD:AMOUNT（日期和金额）。",  # noqa: E501
    "--days must be 1 or more.": "--days 须为 1 或更大。",
    "{0} days overdue": "逾期 {0} 天",
    "Payments to collect": "待收款项",
    "Collected at the visit": "拜访时收取",
    "{0} is more than the {1} this customer owes.": "{0} 超过了此客户欠款 {1}。",
    "Cannot read the list of card ids {0} ({1}).": "无法读取卡片编号列表 {0}（{1}）。",
    "{0}: '{1}' is not a card id.": "{0}：“{1}”不是卡片编号。",
    "{0} holds no card ids.": "{0} 中没有卡片编号。",
    "Say whose cards to hand over.": "请说明要交接谁的卡片。",
    "No card is owned by {0}.": "没有归{0}所有的卡片。",
    "No card is in the area {0}.": "区域 {0} 中没有卡片。",
    "'{0}' is not a list of grades (A to F).": "“{0}”不是等级列表（A 到 F）。",
    "No card to hand over: nothing fits the choice.": "没有要交接的卡片：没有符合条件的卡片。",
    "Say who takes the cards over (--to-owner).": "请说明由谁接手这些卡片（--to-owner）。",
    "Every chosen card is {0}'s already.": "所选卡片已经都归{0}所有。",
    "Handover": "交接客户",
    "{0} is a file, not a folder for the pack.": "{0} 是文件，不是存放交接包的文件夹。",
    "{0} cards handed over to {1}.": "{0} 张卡片已交接给{1}。",
    "give cards to another owner, with a pack for the successor": "把卡片交给另一位负责人，并为接替者生成交接包",  # noqa: E501
    "this owner's cards": "此负责人的卡片",
    "the cards of this area": "此区域的卡片",
    "a file of card ids, one a line": "卡片编号文件，每行一个",
    "only cards of these grades": "只交接这些等级的卡片",
    "write a workbook and a sync file of the cards here": "在此写入这些卡片的工作簿和同步文件",
    "{0}'s open balance would be {1}, over the credit limit of {2} (open now: {3}).": "{0} 的未收余额将达到 {1}，超过信用额度 {2}（目前未收：{3}）。",  # noqa: E501
    "{0} Give --over-limit to save it anyway; the warning is noted on the deal.": "{0}如仍要保存，请加 --over-limit；此警告会记在成交上。",  # noqa: E501
    "Over the credit limit on {0}: open balance {1}, limit {2}.": "{0} 超过信用额度：未收余额 {1}，额度 {2}。",  # noqa: E501
    "save it even when it takes the customer over the credit limit": "即使超过客户的信用额度也保存",
    "this card's own credit limit (empty: the one of its credit standing)": "此卡片自己的信用额度（留空：按信用状况的额度）",  # noqa: E501
    "paid": "已收",
    "due": "待收",
    "overdue": "逾期",
    # Issue 22: an encrypted database, a person's data given and erased
    "{0} is encrypted: SalesDesk needs its passphrase to open it.": "{0} 已加密：SalesDesk 需要它的口令才能打开。",  # noqa: E501
    "The passphrase does not open {0} (or it is not a SalesDesk database); nothing was changed.": "口令无法打开 {0}（或它不是 SalesDesk 数据库）；没有做任何更改。",  # noqa: E501
    "A passphrase needs at least {0} characters.": "口令至少需要 {0} 个字符。",
    "A passphrase cannot hold a NUL character.": "口令不能包含 NUL 字符。",
    "Encrypted databases need the sqlcipher3-wheels package, which is not installed.": "加密数据库需要 sqlcipher3-wheels 软件包，但它没有安装。",  # noqa: E501
    "The new copy could not be read back ({0}); nothing was changed.": "无法读回新副本（{0}）；没有做任何更改。",  # noqa: E501
    "The new copy did not match the database; nothing was changed.": "新副本与数据库不一致；没有做任何更改。",  # noqa: E501
    "Give a passphrase to encrypt with.": "请给出用来加密的口令。",
    "{0} is encrypted already.": "{0} 已经加密。",
    "{0} is not encrypted.": "{0} 没有加密。",
    "{0} is encrypted; it was not restored.": "{0} 已加密；没有恢复。",
    "{0} was encrypted with another passphrase; it was not restored.": "{0} 是用另一个口令加密的；没有恢复。",  # noqa: E501
    "The environment variable {0} is not set.": "环境变量 {0} 没有设置。",
    "No passphrase was given; nothing was changed.": "没有给出口令；没有做任何更改。",
    "{0} is encrypted: give its passphrase in an environment variable named with --passphrase-env NAME.": "{0} 已加密：请把口令放在一个环境变量中，并用 --passphrase-env 变量名 指明。",  # noqa: E501
    "Passphrase for {0}: ": "{0} 的口令：",
    "Wrong passphrase; try again.": "口令不对，请再试一次。",
    "Give the new passphrase in an environment variable named with --new-passphrase-env NAME.": "请把新口令放在一个环境变量中，并用 --new-passphrase-env 变量名 指明。",  # noqa: E501
    "New passphrase (at least 8 characters): ": "新口令（至少 8 个字符）：",
    "The new passphrase again: ": "再输入一次新口令：",
    "The two passphrases differ; nothing was changed.": "两次输入的口令不一致；没有做任何更改。",
    "{0}: encrypted.": "{0}：已加密。",
    "{0}: decrypted; it is a plain file again.": "{0}：已解密，重新成为未加密的文件。",
    "{0}: the passphrase is changed.": "{0}：口令已更改。",
    "Remove the {0} plain copies (backups) of it? [y/N] ": "删除它的 {0} 个未加密副本（备份）吗？[y/N] ",  # noqa: E501
    "{0} plain copies removed.": "已删除 {0} 个未加密副本。",
    "{0} plain copies (backups made before the encryption) are kept; remove them with: salesdesk db remove-plain-backups --db PATH": "保留了 {0} 个未加密副本（加密前的备份）；删除它们：salesdesk db remove-plain-backups --db 路径",  # noqa: E501
    "{0} is not encrypted: its backups are plain like it.": "{0} 没有加密：它的备份和它一样未加密。",  # noqa: E501
    "the environment variable holding an encrypted database's passphrase": "存放加密数据库口令的环境变量",  # noqa: E501
    "encrypt the database with a passphrase, or decrypt it": "用口令加密数据库，或解密它",
    "encrypt the database (and its future backups) with a passphrase": "用口令加密数据库（以及它以后的备份）",  # noqa: E501
    "make an encrypted database a plain file again": "把加密的数据库还原为未加密的文件",
    "change the passphrase": "更改口令",
    "the environment variable holding the new passphrase (default: ask)": "存放新口令的环境变量（默认：询问）",  # noqa: E501
    "remove the plain original and plain backups once encrypted (default: ask)": "加密后删除未加密的原文件和未加密的备份（默认：询问）",  # noqa: E501
    "remove the plain backups of an encrypted database": "删除加密数据库的未加密备份",
    "Erasing a person cannot be undone: add --yes to confirm; nothing was changed.": "抹除一个人的资料无法撤销：请加上 --yes 确认；没有做任何更改。",  # noqa: E501
    "Nothing was erased.": "没有抹除任何内容。",
    "erased {0}: {1} rows, {2} changes": "已抹除 {0}：{1} 行数据，{2} 条修改记录",
    "{0} backups rewritten without this person.": "已重写 {0} 个备份，其中不再有此人。",
    "{0} backups still hold this person; rewrite them with: salesdesk person erase --db PATH ID --yes --scrub-backups": "仍有 {0} 个备份含有此人；重写它们：salesdesk person erase --db 路径 ID --yes --scrub-backups",  # noqa: E501
    "a person's data: a copy on request, or erased": "个人资料：应要求提供副本，或抹除",
    "everything about one card as readable JSON (a copy on request)": "把一张卡片的全部资料导出为可读的 JSON（应要求提供的副本）",  # noqa: E501
    "FILE.json (default: print it)": "FILE.json（默认：直接输出）",
    "erase a card and everything about it, on every laptop that syncs": "在每台同步的电脑上抹除一张卡片及其全部资料",  # noqa: E501
    "do not ask for confirmation": "不再询问确认",
    "rewrite the backups that hold the person without them (default: ask)": "重写含有此人的备份，去掉此人（默认：询问）",  # noqa: E501
    "Erase person": "抹除个人资料",
    "Export person": "导出个人资料",
    "Erase {0} and everything about them, here and on every laptop that syncs with this one? This cannot be undone. [y/N] ": "在本机和每台与本机同步的电脑上抹除 {0} 及其全部资料吗？此操作无法撤销。[y/N] ",  # noqa: E501
    "{0} backups still hold this person: rewrite them without? [y/N] ": "仍有 {0} 个备份含有此人：重写它们、去掉此人吗？[y/N] ",  # noqa: E501
    "{0} was erased on another laptop at their request: erased here too, with what was written here on the card since": "{0} 已应本人要求在另一台电脑上被抹除：本机也已抹除，包括此后在本机写在这张卡片上的内容",  # noqa: E501
    "{0} was erased on another laptop at their request: erased here too": "{0} 已应本人要求在另一台电脑上被抹除：本机也已抹除",  # noqa: E501
    "the file held data of people erased at their request; it was not taken in": "文件中含有已应本人要求抹除的人的资料；没有导入",  # noqa: E501
    # Issue 23: delta sync files
    "{0} holds only what changed since an earlier sync, and this laptop lacks some of those earlier changes; nothing was merged. Ask {1} for a full sync file.": "{0} 只含上次同步以来的更改，而本机缺少它所依据的更早的更改；没有合并任何内容。请向{1}索取完整的同步文件。",  # noqa: E501
    "{0} is damaged or was altered (its base); nothing was merged.": "{0} 已损坏或被改动（增量基准不符）；没有合并任何内容。",  # noqa: E501
    "{0} is damaged or was altered (its version vector); nothing was merged.": "{0} 已损坏或被改动（版本向量不符）；没有合并任何内容。",  # noqa: E501
    "nothing is known about {0} yet: a full sync file": "还不知道{0}已有哪些数据：写入完整的同步文件",  # noqa: E501
    "a delta for {0}: {1} changes and {2} rows, {3} KB": "给{0}的增量文件：{1} 项更改、{2} 行，{3} KB",  # noqa: E501
    "a full sync file, {0} KB": "完整的同步文件，{0} KB",
    "  a delta from {0}: only what it lacked of this laptop's changes": "  来自 {0} 的增量文件：只含本机所缺的更改",  # noqa: E501
    "write only what this laptop (a device name from the merge reports) lacks, known from the last file merged from it; a full file when nothing is known": "只写入该电脑（合并报告中的设备名）缺少的内容，依据最近一次从它合并的文件；一无所知时写入完整文件",  # noqa: E501
    "write a full sync file even for a known laptop": "即使是已知的电脑，也写入完整的同步文件",
    "Several laptops are called {0}: give the start of one's id instead ({1}).": "有多台电脑都叫{0}：请改用其中一台的编号开头（{1}）。",  # noqa: E501
    # Issue 23: the team hub on PostgreSQL
    "the team hub {0}": "团队数据库 {0}",
    "team hub": "团队数据库",
    "sync through a team hub on PostgreSQL": "通过 PostgreSQL 上的团队数据库同步",
    "set up the team hub's tables in a PostgreSQL database": "在 PostgreSQL 数据库中建立团队数据库的表",  # noqa: E501
    "make this database sync with a team hub": "让本数据库与团队数据库同步",
    "pull what the team hub has, push what it lacks": "取回团队数据库中新有的内容，送上它缺少的内容",  # noqa: E501
    "postgresql://host[:port]/database[?sslmode=require], without the password": "postgresql://host[:port]/database[?sslmode=require]，不含密码",
    "the PostgreSQL user (or user@ in URL)": "PostgreSQL 用户（或写在地址中的 user@）",
    "read the password from this environment variable (default: the keychain, or asked)": "从这个环境变量读取密码（默认：系统钥匙串，或当场询问）",  # noqa: E501
    "The variable {0} is not set.": "环境变量 {0} 没有设置。",
    "Give the hub password in a variable named by --password-env (there is no terminal to ask it at).": "请用 --password-env 指定存放团队数据库密码的环境变量（没有终端可以询问密码）。",  # noqa: E501
    "Password of {0} at {1}: ": "{0} 在{1}的密码：",
    "{0} is ready (hub {1}).": "{0}已就绪（编号 {1}）。",
    "joined {0} as {1}.": "已以 {1} 的身份加入{0}。",
    "The password is kept in this computer's keychain.": "密码已保存在本机的钥匙串中。",
    "This database has not joined a team hub: salesdesk hub join --url URL --user NAME.": "本数据库尚未加入团队数据库：salesdesk hub join --url 地址 --user 用户名。",  # noqa: E501
    "synced with {0}: pulled {1}": "已与{0}同步：取回 {1}",
    "  pushed {0} rows and {1} changes": "  送上 {0} 行、{1} 条修改记录",
    "'{0}' names no database (postgresql://host/database).": "“{0}”没有指明数据库（postgresql://主机/数据库）。",
    "Give the hub user with --user NAME.": "请用 --user 用户名 指定团队数据库的用户。",
    "The team hub needs the psycopg2 package ({0}).": "团队数据库需要 psycopg2 软件包（{0}）。",
    "{0} refused the user {1}: wrong password or no such user.": "{0}拒绝了用户 {1}：密码错误或没有此用户。",  # noqa: E501
    "{0} has no database {1}.": "{0}上没有数据库 {1}。",
    "{0} cannot be reached ({1}).": "无法连接{0}（{1}）。",
    "{0} could not be set up ({1}).": "无法建立{0}（{1}）。",
    "{0} is not a SalesDesk team hub yet: set it up with salesdesk hub init --url URL.": "{0}还不是 SalesDesk 团队数据库：请先用 salesdesk hub init --url 地址 建立。",  # noqa: E501
    "{0} was made by a newer SalesDesk (schema {1}): update SalesDesk on this computer.": "{0}由更新版本的 SalesDesk 建立（架构 {1}）：请更新本机的 SalesDesk。",  # noqa: E501
    "{0} was made by an older SalesDesk (schema {1}): bring it up to date with salesdesk hub init --url URL, then sync again.": "{0}由旧版本的 SalesDesk 建立（架构 {1}）：请用 salesdesk hub init --url 地址 升级后再同步。",  # noqa: E501
    "{0} is busy with other laptops' syncs: try again.": "{0}正忙于其他电脑的同步：请稍后再试。",
    "The sync with {0} stopped ({1}); nothing of the unfinished step was kept: sync again.": "与{0}的同步中断（{1}）；未完成的步骤没有留下任何内容：请再同步一次。",  # noqa: E501
    "{0} lacks the column {1}.{2}: bring it up to date with salesdesk hub init --url URL, then sync again.": "{0}缺少列 {1}.{2}：请用 salesdesk hub init --url 地址 升级后再同步。",  # noqa: E501
    "'{0}' is not a PostgreSQL address (postgresql://host/database).": "“{0}”不是 PostgreSQL 地址（postgresql://主机/数据库）。",
    "Leave the password out of the address: it is asked for, or read from the variable named by --password-env.": "地址中不要写密码：密码会当场询问，或从 --password-env 指定的环境变量读取。",  # noqa: E501
    "the team's hub users (for the hub's owner)": "团队数据库的用户（供团队数据库的所有者使用）",
    "add a salesperson or manager, or change one": "添加或修改一名销售员或经理",
    "their PostgreSQL login name": "其 PostgreSQL 登录名",
    "the owner name on their cards (default: LOGIN)": "其卡片上的负责人姓名（默认：登录名）",
    "read the new user's password from this environment variable (default: asked)": "从这个环境变量读取新用户的密码（默认：当场询问）",  # noqa: E501
    "take a user off the hub": "从团队数据库移除一名用户",
    "the hub's users and their roles": "团队数据库的用户及其角色",
    "{0} can no longer reach {1}.": "{0} 已不能再访问{1}。",
    "New password of {0}: ": "{0} 的新密码：",
    "Give the new user's password in a variable named by --user-password-env (there is no terminal to ask it at).": "请用 --user-password-env 指定存放新用户密码的环境变量（没有终端可以询问密码）。",  # noqa: E501
    "{0} is a {1} on {2}, owning the cards of {3}.": "{0} 是{2}上的{1}，负责 {3} 的卡片。",
    "salesperson": "销售员",
    "manager": "经理",
    "'{0}' is not a hub role: salesperson or manager.": "“{0}”不是团队数据库的角色：应为 salesperson 或 manager。",  # noqa: E501
    "A hub user needs a login name and the owner name on their cards.": "团队数据库用户需要登录名和其卡片上的负责人姓名。",  # noqa: E501
    "{0} could not add the user {1} ({2}).": "{0}无法添加用户 {1}（{2}）。",
    "{0} is not a user of {1}.": "{0} 不是{1}的用户。",
    "{0} could not remove the user {1} ({2}).": "{0}无法移除用户 {1}（{2}）。",
    "{0} was encrypted with another team passphrase (or is damaged); nothing was merged.": "{0} 是用另一个团队口令加密的（或已损坏）；没有合并任何内容。",  # noqa: E501
    "Give the team passphrase in an environment variable named with --team-passphrase-env NAME.": "请把团队口令放在一个环境变量中，并用 --team-passphrase-env 变量名 指明。",  # noqa: E501
    "Team passphrase: ": "团队口令：",
    "Encrypt this database first (Preferences > Privacy, or salesdesk db encrypt): the team passphrase is kept inside it.": "请先加密此数据库（偏好设置 > 隐私，或 salesdesk db encrypt）：团队口令保存在数据库内部。",  # noqa: E501
    "The team passphrase is forgotten.": "已忘记团队口令。",
    "The team passphrase is kept.": "已保存团队口令。",
    "keep the team passphrase in this (encrypted) database, or forget it": "在此（加密的）数据库中保存团队口令，或忘记它",  # noqa: E501
    "forget the team passphrase": "忘记团队口令",
    "Team passphrase": "团队口令",
    "The team passphrase again: ": "再输入一次团队口令：",
    "encrypt the file with the team passphrase": "用团队口令加密文件",
    "the environment variable holding the team passphrase (default: ask)": "存放团队口令的环境变量（默认：询问）",  # noqa: E501
    # Issue 14: a long file is read again from disk while it is imported
    "{0} changed while it was being read: nothing was imported.": (
        "{0} 在读取过程中被修改：未导入任何内容。"
    ),
    # Issue 23: the manager's team view (salesdesk/sync/teamview.py, salesdesk hub team)
    "{0} is a salesperson on {1}: only a manager can open the team view.": "{0} 是{1}上的销售员：只有经理才能打开团队视图。",  # noqa: E501
    "{0} is not a user of {1}: ask the manager to add you with salesdesk hub user add.": "{0} 不是{1}的用户：请经理用 salesdesk hub user add 添加您。",  # noqa: E501
    "This database is not a SalesDesk team hub yet: salesdesk hub init.": "这个数据库还不是 SalesDesk 团队数据库：salesdesk hub init。",  # noqa: E501
    "the manager's team view: figures by salesperson, read from the hub": "经理的团队视图：按销售员统计，直接从团队数据库读取",  # noqa: E501
    "the manager's PostgreSQL user": "经理的 PostgreSQL 用户",
    "one salesperson (the cards' owner)": "某一位销售员（卡片的负责人）",
    "write the team's workbook": "写出团队的工作簿",
    "Cannot write the team's workbook to '{0}': give a .xlsx file.": "无法把团队工作簿写到“{0}”：请给出 .xlsx 文件。",  # noqa: E501
    "{0} holds no cards of {1}.": "{0}上没有 {1} 的卡片。",
    "{0}: {1} salespeople": "{0}：{1} 位销售员",
    # Issue 23 (hub sharing): a card shared with a colleague on the team hub
    "Give the database with --db PATH (or the hub with --url URL).": (
        "请用 --db 路径 指定数据库（或用 --url 地址 指定团队数据库）。"
    ),
    "share a card with a colleague (for its owner or a manager)": "与同事共享一张名片（供其所有者或经理使用）",  # noqa: E501
    "take back a card's share": "收回名片的共享",
    "the colleague: their hub login or the owner name on their cards": "同事：其团队数据库登录名或其名片上的所有者姓名",  # noqa: E501
    "the hub (default: the one the database joined)": "团队数据库（默认：本数据库加入的那个）",
    "the PostgreSQL user (with --url)": "PostgreSQL 用户（与 --url 一起使用）",
    "{0} did not change the share ({1}).": "{0}未更改共享（{1}）。",
    "{0} did not list the shares ({1}).": "{0}未列出共享（{1}）。",
    "only the card's owner or a manager shares it": "只有名片的所有者或经理可以共享它",
    "{0} is not a salesperson of this hub": "{0}不是本团队数据库的销售员",
    "{0} is not a user of this hub": "{0}不是本团队数据库的用户",
    "the hub holds no card {0}": "团队数据库中没有名片 {0}",
    "the card is {0}'s own": "这张名片本来就属于{0}",
    "The card {0} was already shared with {1}.": "名片 {0} 已与{1}共享。",
    "The card {0} is not shared with {1}.": "名片 {0} 未与{1}共享。",
    "The card {0} is shared with {1}: it comes to their laptop at its next sync.": (
        "名片 {0} 已与{1}共享：对方的电脑下次同步时会收到它。"
    ),
    "The card {0} is no longer shared with {1}: it leaves their laptop at its next sync.": (
        "名片 {0} 不再与{1}共享：对方的电脑下次同步时会移除它。"
    ),
    # Issue 20: the successor's first week plan
    "handed over to you: first visit": "交接给你的客户：首次拜访",
    # Issue 20: credit limits on the command line
    "Credit limits (the open balance each credit standing allows):": (
        "信用额度（各信用状况允许的未收余额）："
    ),
    "no limit": "不限",
    "'{0}': write STANDING=AMOUNT, e.g. normal=50000.": (
        "“{0}”：请写成 信用状况=金额，例如 normal=50000。"
    ),
    "'{0}' is not a credit standing: say good, normal or poor.": (
        "“{0}”不是信用状况：请用 good、normal 或 poor。"
    ),
    "'{0}' is not a credit limit for {1}: give an amount of 0 or more, or none for no limit.": (
        "“{0}”不是 {1} 的信用额度：请给出 0 或以上的金额，或用 none 表示不限。"
    ),
    "credit limits by credit standing": "按信用状况的信用额度",
    "e.g. poor=0 normal=50000 good=200000; none: no limit": (
        "例如 poor=0 normal=50000 good=200000；none 表示不限"
    ),
    "No live plan {0} on this deal.": "此成交没有有效的计划 {0}。",
    "Keep plan": "保留计划",
    "Keep one of the two plans; to change it, set a new plan on the deal.": (
        "请保留两个计划之一；要修改，请为该成交制定新计划。"
    ),
    "show the open balance each credit standing allows, or set it": (
        "查看或设置各信用状况允许的未收余额"
    ),
    # Issue 23 (h23fix): the hub's owner guard
    "{0} refused your changes: the owner of the card {1} was changed on this laptop, and only the card's owner or a manager may hand a card over. Nothing of your changes was sent (the team's changes were brought in). Set the owner back (the card's History can undo it), then sync again.": (  # noqa: E501
        "{0}拒绝了您的更改：本机修改了卡片 {1} 的负责人，而只有卡片的负责人或经理才能转交卡片。"
        "您的更改一项也没有送出（团队的更改已取回）。请把负责人改回去（可在卡片的历史中撤销），然后再同步。"
    ),
    "No longer shared with you or handed to a colleague on the hub: {0}. This laptop holds work on them the hub never got, so they stay here and nothing is lost. Ask the owner or your manager to share them with you again, then sync: your work goes up, and they leave this laptop when unshared.": (  # noqa: E501
        "团队数据库上已不再与您共享或已转交同事：{0}。本机上有团队数据库从未收到的您在这些卡片上的工作，"
        "所以它们留在本机，什么也不会丢失。请负责人或经理再次与您共享，然后同步：您的工作会送上去，"
        "取消共享后它们再离开本机。"
    ),
    "A plain database cannot read an encrypted copy: decrypt it first.": (
        "未加密的数据库无法读取加密的副本：请先解密。"
    ),
    "Cannot read {0} ({1}); nothing was merged.": "无法读取 {0}（{1}）；没有合并任何内容。",
    "{0} is a team sync file, not a database: merge it into your database with 'salesdesk sync merge --db DATABASE {1} --team-passphrase-env NAME'.": (  # noqa: E501
        "{0} 是团队同步文件，不是数据库：请用 'salesdesk sync merge --db DATABASE {1} "
        "--team-passphrase-env NAME' 把它合并到您的数据库中。"
    ),
    # differential backups (issue 23)
    "{0} needs the full backup {1}, which is missing; it was not restored.": "{0} 需要完整备份 {1}，但它已不在；没有恢复。",  # noqa: E501
    "{0} is not the backup {1} was taken against; it was not restored.": "{0} 不是 {1} 所依据的那份备份；没有恢复。",  # noqa: E501
    "{0} is not a backup of this program.": "{0} 不是本程序的备份。",
    # a pipe or a device named like a sync file: reading it would wait forever
    "{0} is not a plain file (a pipe or a device), not a SalesDesk file.": (
        "{0} 不是普通文件（是管道或设备），不是 SalesDesk 文件。"
    ),
    "encrypt the file with the team passphrase (the default when the encrypted database keeps it)": "用团队口令加密文件（加密的数据库保存了团队口令时默认如此）",  # noqa: E501
    "write a plain file even when the database keeps a team passphrase": "即使数据库保存了团队口令，也写入未加密的文件",  # noqa: E501
    # one plain copy, not "1 plain copies"
    "One plain copy removed.": "已删除 1 个未加密副本。",
    "Remove the plain copy (a backup) of it? [y/N] ": "删除它的未加密副本（备份）吗？[y/N] ",
    "One plain copy (a backup made before the encryption) is kept; remove it with: salesdesk db remove-plain-backups --db PATH": "保留了 1 个未加密副本（加密前的备份）；删除它：salesdesk db remove-plain-backups --db 路径",  # noqa: E501
    # a sync file's row that this SalesDesk never writes (an altered file)
    "{0} row {1}: bad {2}": "{0} 表中编号 {1} 的行：{2} 的值无效",
    # a sync file's table with a column SalesDesk does not write (added, renamed)
    "{0} was not written by SalesDesk: its {1} table has a column {2} that SalesDesk does not write; nothing was merged.": "{0} 不是由 SalesDesk 写出的：其 {1} 表中有 SalesDesk 不写的列 {2}；没有合并任何内容。",  # noqa: E501
    # a pipe or a device given to import: reading it would wait forever, or never end
    "{0} is not a plain file (a pipe or a device), not a file to import.": "{0} 不是普通文件（是管道或设备），不是可导入的文件。",  # noqa: E501
    "{0} is not a plain file (a pipe or a device), not an image.": "{0} 不是普通文件（是管道或设备），不是图片。",  # noqa: E501
    # a passphrase SQLCipher would take as a raw key (the same key, and salt, for every file)
    "A passphrase cannot start with x' and end with ': that form is taken as a key, not a passphrase. Choose another.": "口令不能以 x' 开头、以 ' 结尾：这种形式会被当作密钥，而不是口令。请换一个。",  # noqa: E501
    # a sync file's change record whose `seen` is not what a delete of SalesDesk writes
    "change {0}: bad seen (what a delete saw)": "变更记录 {0}：seen（删除时已见到的内容）的值无效",
    # a pipe or a device given as the file of card ids to hand over (issue 20)
    "{0} is not a plain file (a pipe or a device), not a list of card ids.": "{0} 不是普通文件（是管道或设备），不是卡片编号列表。",  # noqa: E501
    # a pipe or a device given as a Word/WPS letter template (.docx)
    "{0} is not a plain file (a pipe or a device), not a letter template.": "{0} 不是普通文件（是管道或设备），不是信函模板。",  # noqa: E501
    # what a merge's refusal says when the live cards were left as they were: the window
    # adds no words of its own to one that says it (sync.merge.says_nothing_merged)
    "nothing was merged": "没有合并任何内容",
    "nothing was changed": "没有做任何更改",
    # English plurals: the form for exactly 1 (messages.plural; Chinese says both alike),
    # and lines the command line printed in English only (letters, open conflicts)
    "a delta for {0}: {1} change and {2} row, {3} KB": "给{0}的增量文件：{1} 项更改、{2} 行，{3} KB",  # noqa: E501
    "a delta for {0}: {1} change and {2} rows, {3} KB": "给{0}的增量文件：{1} 项更改、{2} 行，{3} KB",  # noqa: E501
    "a delta for {0}: {1} changes and {2} row, {3} KB": "给{0}的增量文件：{1} 项更改、{2} 行，{3} KB",  # noqa: E501
    "{0} day overdue": "逾期 {0} 天",
    "{0} new, {1} updated, {2} unchanged, {3} deleted, {4} conflict": "新增 {0}，更新 {1}，未变 {2}，删除 {3}，冲突 {4}",  # noqa: E501
    "{0} open conflict:": "{0} 处未解决的冲突：",
    "{0} open conflicts:": "{0} 处未解决的冲突：",
    "  pushed {0} row and {1} change": "  送上 {0} 行、{1} 条修改记录",
    "  pushed {0} row and {1} changes": "  送上 {0} 行、{1} 条修改记录",
    "  pushed {0} rows and {1} change": "  送上 {0} 行、{1} 条修改记录",
    "{0}: {1} salesperson": "{0}：{1} 位销售员",
    "likely duplicates, kept as separate cards ({0} group):": "可能重复，保留为各自的卡片（{0} 组）：",  # noqa: E501
    " and {0} card already there": "，以及已有的 {0} 张卡片",
    " and {0} cards already there": "，以及已有的 {0} 张卡片",
    "--two-sided reads the images in pairs (front, back), but {0} card was given. Nothing was written.": "--two-sided 按对（正面、背面）读取图片，但给出的是 {0} 张名片。没有写入任何内容。",  # noqa: E501
    "erased {0}: {1} row, {2} change": "已抹除 {0}：{1} 行数据，{2} 条修改记录",
    "erased {0}: {1} row, {2} changes": "已抹除 {0}：{1} 行数据，{2} 条修改记录",
    "erased {0}: {1} rows, {2} change": "已抹除 {0}：{1} 行数据，{2} 条修改记录",
    "{0} backup rewritten without this person.": "已重写 {0} 个备份，其中不再有此人。",
    "{0} backup still holds this person; rewrite it with: salesdesk person erase --db PATH ID --yes --scrub-backups": "仍有 {0} 个备份含有此人；重写它：salesdesk person erase --db 路径 ID --yes --scrub-backups",  # noqa: E501
    "{0} backup still holds this person: rewrite it without? [y/N] ": "仍有 {0} 个备份含有此人：重写它、去掉此人吗？[y/N] ",  # noqa: E501
    "{0} card handed over to {1}.": "{0} 张卡片已交接给{1}。",
    "{0} card, {1} contact": "{0} 张卡片，{1} 条联系记录",
    "{0} card, {1} contacts": "{0} 张卡片，{1} 条联系记录",
    "{0} cards, {1} contact": "{0} 张卡片，{1} 条联系记录",
    "{0} {1}: greet {2} customer (salesdesk letter --template greeting.zh_CN --occasion …)": "{0} {1}：向 {2} 位客户问候（salesdesk letter --template greeting.zh_CN --occasion …）",  # noqa: E501
    "Stored the plan on {0} visit.": "已将计划保存到 {0} 个回访。",
    "{0}: {1} letter ({2}), logged on its card": "{0}：{1} 封信（{2}），已记入其卡片",
    "{0}: {1} letters ({2}), each logged on its card": "{0}：{1} 封信（{2}），每封都已记入其卡片",
    "No address, no letter ({0}):": "没有地址、未写信（{0}）：",
    "{0}: {1} visit": "{0}：{1} 次回访",
    "{0} contact belongs to no card": "{0} 条联系记录不属于任何卡片",
    "would import {0}: {1} created ({2} of them likely duplicates), {3} updated ({4} merged with an earlier row), {5} skipped, {6} deal, {7} problem": "将导入 {0}：新建 {1}（其中 {2} 张可能重复），更新 {3}（{4} 行与前面的行合并），跳过 {5}，成交 {6}，问题 {7}",  # noqa: E501
    "would import {0}: {1} created ({2} of them likely duplicates), {3} updated ({4} merged with an earlier row), {5} skipped, {6} deal, {7} problems": "将导入 {0}：新建 {1}（其中 {2} 张可能重复），更新 {3}（{4} 行与前面的行合并），跳过 {5}，成交 {6}，问题 {7}",  # noqa: E501
    "would import {0}: {1} created ({2} of them likely duplicates), {3} updated ({4} merged with an earlier row), {5} skipped, {6} deals, {7} problem": "将导入 {0}：新建 {1}（其中 {2} 张可能重复），更新 {3}（{4} 行与前面的行合并），跳过 {5}，成交 {6}，问题 {7}",  # noqa: E501
    "imported {0}: {1} created ({2} of them likely duplicates), {3} updated ({4} merged with an earlier row), {5} skipped, {6} deal, {7} problem": "已导入 {0}：新建 {1}（其中 {2} 张可能重复），更新 {3}（{4} 行与前面的行合并），跳过 {5}，成交 {6}，问题 {7}",  # noqa: E501
    "imported {0}: {1} created ({2} of them likely duplicates), {3} updated ({4} merged with an earlier row), {5} skipped, {6} deal, {7} problems": "已导入 {0}：新建 {1}（其中 {2} 张可能重复），更新 {3}（{4} 行与前面的行合并），跳过 {5}，成交 {6}，问题 {7}",  # noqa: E501
    "imported {0}: {1} created ({2} of them likely duplicates), {3} updated ({4} merged with an earlier row), {5} skipped, {6} deals, {7} problem": "已导入 {0}：新建 {1}（其中 {2} 张可能重复），更新 {3}（{4} 行与前面的行合并），跳过 {5}，成交 {6}，问题 {7}",  # noqa: E501
    "{0} control or text-direction character (such as NUL or U+202E) was removed from the cells.": "已从单元格中删除 {0} 个控制字符或文字方向字符（如 NUL 或 U+202E）。",  # noqa: E501
    "{0} control or text-direction characters (such as NUL or U+202E) were removed from the cells.": "已从单元格中删除 {0} 个控制字符或文字方向字符（如 NUL 或 U+202E）。",  # noqa: E501
    "  likely duplicate ({0}): {1} ({2}) and {3} ({4})": "  可能重复（{0}）：{1}（{2}）与 {3}（{4}）",  # noqa: E501
    "same phone": "电话相同",
    "same name and company": "姓名和公司相同",
    # a laptop without the team passphrase kept out of a team's encrypted sync folder (issue
    # 22); the passphrase is set in Preferences > Privacy, not Sync
    "The files in the sync folder {0} are encrypted with a team passphrase and this database keeps none: nothing was merged or written there. Encrypt this database if it is not yet, and set the team passphrase (Preferences > Privacy).": (  # noqa: E501
        "同步文件夹 {0} 中的文件已用团队口令加密，而本数据库没有保存团队口令：没有合并，"
        "也没有向该文件夹写入任何内容。如本数据库尚未加密，请先加密，"
        "再设置团队口令（偏好设置 > 隐私）。"
    ),
    "{0} is an encrypted sync file: give the team passphrase to merge it (in the window: Preferences > Privacy > Set the team passphrase; on the command line: --team-passphrase-env NAME).": (  # noqa: E501
        "{0} 是加密的同步文件：请给出团队口令来合并它（窗口中：偏好设置 > 隐私 > 设置团队口令；"
        "命令行：--team-passphrase-env 变量名）。"
    ),
}

# The operating system's words for its common faults, which the core's messages carry
# ("Cannot read {0}: {1}." with an OSError's strerror, or a whole OSError in brackets): by
# error number, as each system words them its own way (os.strerror gives this one's).
OS_ERRORS_ZH_CN: dict[int, str] = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EACCES: "没有访问权限",
    errno.EPERM: "没有权限执行此操作",
    errno.ENOENT: "没有这个文件或文件夹",
    errno.EROFS: "磁盘是只读的",
    errno.EEXIST: "文件已存在",
    errno.EISDIR: "这是文件夹，不是文件",
    errno.EIO: "磁盘读写出错",
    errno.EBUSY: "设备或文件正被占用",
}
# str() of an OSError: "[Errno 28] No space left on device: 'path'" (or 'a' -> 'b').
_OS_ERROR = re.compile(r"\[Errno (\d+)\] [^:]*(?:: (.+))?", re.DOTALL)


def sentences(*parts: str) -> str:
    """Sentences one after another, as the language writes them: a space after an English
    one, none after a Chinese one ("已同步。您在……", not "已同步。 您在……"). Empty parts are
    left out."""
    text = ""
    for part in parts:
        if not part:
            continue
        if text and not text.endswith(_CJK_ENDS):
            text += " "
        text += part
    return text


_CJK_ENDS = ("。", "！", "？", "；", "：", "）", "」", "\n")


def plural(count: int, one: str, many: str) -> str:
    """The English template for `count`: `one` for exactly 1 ("{0} card"), `many` for every
    other count, 0 included ("{0} cards"). Each form is a whole template, translated on its
    own (tr() in the window, ZH_CN here), because only the whole sentence knows what else
    agrees with the count ("1 backup still holds", "2 backups still hold"); Chinese says
    both alike. The caller fills in the values: plural(n, tr("{0} card"), tr("{0} cards"))
    .format(n) in the window, localize(plural(n, f"{n} card", f"{n} cards")) in the core.
    Qt's own plurals (tr() with %n) would need an English .qm of their own and do not
    reach the command line, which has no Qt."""
    return one if count == 1 else many


def reason(error: BaseException) -> str:
    """An error's words inside a message that names the file already: an OSError's
    strerror (its str() repeats the file names), anything else's str()."""
    return getattr(error, "strerror", None) or str(error)


@cache
def _os_words() -> dict[str, str]:
    return {os.strerror(number): said for number, said in OS_ERRORS_ZH_CN.items()}


def _os_error(text: str, lang: str) -> str | None:
    """text in lang when it is the operating system's words for a fault it knows."""
    if lang != "zh_CN":
        return None
    words = _os_words()
    if text in words:
        return words[text]
    found = _OS_ERROR.fullmatch(text)
    said = OS_ERRORS_ZH_CN.get(int(found[1])) if found else None
    if found is None or said is None:
        return None
    return f"{said}：{found[2]}" if found[2] else said


_PLACEHOLDER = re.compile(r"\{(\d+)\}")
_LATIN = re.compile(r"[A-Za-z]")
_current = {"lang": "en"}  # one process, one language: the window's or the command's


def set_language(lang: str) -> None:
    """The language of every message from now on: "zh_CN" (or any zh) or English."""
    _current["lang"] = "zh_CN" if lang.startswith("zh") else "en"


def language() -> str:
    return _current["lang"]


@dataclass(frozen=True)
class _Template:
    english: str
    prefix: str
    suffix: str
    pattern: re.Pattern[str]
    numbers: tuple[int, ...]  # the placeholders' numbers in the order they appear

    @property
    def specificity(self) -> int:
        return len(_PLACEHOLDER.sub("", self.english))


def _template(english: str) -> _Template:
    parts = _PLACEHOLDER.split(english)
    literals, numbers = parts[0::2], tuple(int(n) for n in parts[1::2])
    pattern = "(.*?)".join(re.escape(literal) for literal in literals)
    return _Template(english, literals[0], literals[-1], re.compile(pattern, re.DOTALL), numbers)


@cache
def _templates(lang: str) -> tuple[dict[str, str], tuple[_Template, ...]]:
    catalog = ZH_CN if lang == "zh_CN" else {}
    with_values = [_template(english) for english in catalog if _PLACEHOLDER.search(english)]
    # The longest fixed text first: "The folder {0} does not exist." before "{0} does not exist."
    with_values.sort(key=lambda t: -t.specificity)
    return catalog, tuple(with_values)


def localize(text: str, lang: str | None = None) -> str:
    """`text` (an English message of the core) in `lang`, default the language set;
    text the catalog does not know stays as it is."""
    lang = lang or _current["lang"]
    if lang != "zh_CN" or not text:
        return text
    catalog, templates = _templates(lang)
    exact = catalog.get(text) or _os_error(text, lang)
    if exact is not None:
        return exact
    # Several templates can fit one text ("  row {0}: {1}" and "{0} Left out." both fit
    # "  row 2: Birthday … Left out."): the reading that leaves the least English wins.
    best: tuple[int, int, str] | None = None
    for rank, template in enumerate(templates):
        if not (text.startswith(template.prefix) and text.endswith(template.suffix)):
            continue
        found = template.pattern.fullmatch(text)
        if found is None:
            continue
        values = dict(zip(template.numbers, found.groups(), strict=True))
        result = catalog[template.english].format(
            *(localize(values[n], lang) for n in range(len(values)))
        )
        score = (len(_LATIN.findall(result)), rank, result)
        if best is None or score < best:
            best = score
    return best[2] if best else text
