<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>App</name>
    <message>
        <source>Something went wrong inside SalesDesk. Your saved cards are safe; the last action may not have completed.</source>
        <translation>SalesDesk 内部出错。已保存的客户卡片不受影响；最后一步操作可能没有完成。</translation>
    </message>
    <message>
        <source>Opened read-only: another SalesDesk window is using this file.</source>
        <translation>以只读方式打开：另一个 SalesDesk 窗口正在使用此文件。</translation>
    </message>
</context>
<context>
    <name>Backups</name>
    <message>
        <source>Daily</source>
        <translation>每日</translation>
    </message>
    <message>
        <source>Before a merge</source>
        <translation>合并前</translation>
    </message>
    <message>
        <source>Before an import</source>
        <translation>导入前</translation>
    </message>
    <message>
        <source>Before a restore</source>
        <translation>恢复前</translation>
    </message>
    <message>
        <source>Before the encryption (a plain copy)</source>
        <translation>加密前（未加密的副本）</translation>
    </message>
    <message>
        <source>After the encryption</source>
        <translation>加密后</translation>
    </message>
    <message>
        <source>Taken</source>
        <translation>备份时间</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Before an upgrade</source>
        <translation>升级前</translation>
    </message>
</context>
<context>
    <name>BackupsDialog</name>
    <message>
        <source>Restore from backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <source>SalesDesk keeps a backup before every merge and import, and one a day (7 daily, 4 weekly and 12 monthly are kept). Restoring first backs up the cards as they are now, so a restore can itself be undone.</source>
        <translation>SalesDesk 在每次合并和导入前都会备份，每天也备份一次（保留 7 个每日、4 个每周和 12 个每月备份）。恢复前会先备份当前的客户卡片，因此恢复本身也可以撤销。</translation>
    </message>
    <message>
        <source>Restore…</source>
        <translation>恢复…</translation>
    </message>
    <message>
        <source>Open backup folder</source>
        <translation>打开备份文件夹</translation>
    </message>
</context>
<context>
    <name>BackupsUi</name>
    <message>
        <source>&amp;Restore from backup…</source>
        <translation>从备份恢复(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Open backup folder</source>
        <translation>打开备份文件夹(&amp;O)</translation>
    </message>
    <message>
        <source>Wait a moment: SalesDesk is still working.</source>
        <translation>请稍候：SalesDesk 仍在处理。</translation>
    </message>
    <message>
        <source>Put back the cards as they were at {0} ({1})? Your cards as they are now are backed up first, so this can be undone by restoring that backup.</source>
        <translation>将客户卡片恢复到 {0}（{1}）时的状态吗？会先备份当前的卡片，因此可以通过恢复该备份来撤销。</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Restore from backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <source>Putting back the cards as they were at {0}…</source>
        <translation>正在恢复 {0} 时的客户卡片…</translation>
    </message>
    <message>
        <source>Restored the backup of {0}.</source>
        <translation>已恢复 {0} 的备份。</translation>
    </message>
    <message>
        <source>The backup was not restored.
{0}</source>
        <translation>备份未能恢复。
{0}</translation>
    </message>
</context>
<context>
    <name>CardPanel</name>
    <message>
        <source>Select a card in the list, or make a new one.</source>
        <translation>请在列表中选择一张客户卡片，或新建一张。</translation>
    </message>
    <message>
        <source>&amp;Details</source>
        <translation>详情(&amp;D)</translation>
    </message>
    <message>
        <source>Contact &amp;log</source>
        <translation>联系(&amp;L)</translation>
    </message>
    <message>
        <source>Grade &amp;path</source>
        <translation>轨迹(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>历史(&amp;H)</translation>
    </message>
    <message>
        <source>By credit standing</source>
        <translation>按信用状况</translation>
    </message>
    <message>
        <source>What they spend a year in all</source>
        <translation>客户每年的总消费额</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>YYYY-MM-DD</translation>
    </message>
    <message>
        <source>Separate tags with commas</source>
        <translation>多个标签用逗号分隔</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>姓名(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Company:</source>
        <translation>公司(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>职位(&amp;T)：</translation>
    </message>
    <message>
        <source>Phones:</source>
        <translation>电话：</translation>
    </message>
    <message>
        <source>&amp;WeChat ID:</source>
        <translation>微信号(&amp;W)：</translation>
    </message>
    <message>
        <source>&amp;E-mail:</source>
        <translation>电子邮件(&amp;E)：</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>地址(&amp;A)：</translation>
    </message>
    <message>
        <source>A&amp;rea:</source>
        <translation>区域(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation>状态(&amp;S)：</translation>
    </message>
    <message>
        <source>Key customer:</source>
        <translation>重点客户：</translation>
    </message>
    <message>
        <source>So&amp;urce:</source>
        <translation>来源(&amp;U)：</translation>
    </message>
    <message>
        <source>Referred &amp;by:</source>
        <translation>介绍人(&amp;B)：</translation>
    </message>
    <message>
        <source>Birthda&amp;y:</source>
        <translation>生日(&amp;Y)：</translation>
    </message>
    <message>
        <source>Communication st&amp;yle:</source>
        <translation>沟通风格(&amp;Y)：</translation>
    </message>
    <message>
        <source>Cre&amp;dit standing:</source>
        <translation>信用状况(&amp;D)：</translation>
    </message>
    <message>
        <source>Credit limit:</source>
        <translation>信用额度：</translation>
    </message>
    <message>
        <source>Annual spend / potential:</source>
        <translation>年消费额/潜力：</translation>
    </message>
    <message>
        <source>Ta&amp;gs:</source>
        <translation>标签(&amp;G)：</translation>
    </message>
    <message>
        <source>&amp;Owner:</source>
        <translation>负责人(&amp;O)：</translation>
    </message>
    <message>
        <source>N&amp;otes:</source>
        <translation>备注(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Revert</source>
        <translation>还原(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>修改(&amp;E)…</translation>
    </message>
    <message>
        <source>Correct the chosen contact</source>
        <translation>修改所选的联系记录</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete the chosen contact from the log</source>
        <translation>从联系记录中删除所选的一条</translation>
    </message>
    <message>
        <source>&amp;Undo this change</source>
        <translation>撤销此修改(&amp;U)</translation>
    </message>
    <message>
        <source>Vi&amp;sits</source>
        <translation>回访(&amp;S)</translation>
    </message>
    <message>
        <source>D&amp;eals</source>
        <translation>成交(&amp;E)</translation>
    </message>
    <message>
        <source>C&amp;ases</source>
        <translation>服务(&amp;A)</translation>
    </message>
    <message>
        <source>(deleted card)</source>
        <translation>（已删除的卡片）</translation>
    </message>
    <message>
        <source>key customer</source>
        <translation>重点客户</translation>
    </message>
    <message>
        <source>⚠ payments overdue: {0}</source>
        <translation>⚠ 逾期未收：{0}</translation>
    </message>
    <message>
        <source>Note: {0}</source>
        <translation>备注：{0}</translation>
    </message>
    <message>
        <source>Blocker: {0}</source>
        <translation>障碍：{0}</translation>
    </message>
    <message>
        <source>Re-check on {0}</source>
        <translation>{0} 复查</translation>
    </message>
    <message>
        <source>Last contact {0}</source>
        <translation>最近联系 {0}</translation>
    </message>
    <message>
        <source>Next visit {0}</source>
        <translation>下次回访 {0}</translation>
    </message>
    <message>
        <source>1 contact</source>
        <translation>1 条联系记录</translation>
    </message>
    <message>
        <source>{0} contacts</source>
        <translation>{0} 条联系记录</translation>
    </message>
    <message>
        <source>1 change</source>
        <translation>1 处修改</translation>
    </message>
    <message>
        <source>{0} changes</source>
        <translation>{0} 处修改</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <source>The notes are {0} characters long; a card keeps {1}. Shorten them.</source>
        <translation>备注有 {0} 字，卡片最多保留 {1} 字，请缩短。</translation>
    </message>
    <message>
        <source>Save your changes to {0}?</source>
        <translation>保存对 {0} 的修改吗？</translation>
    </message>
    <message>
        <source>Delete this contact from the log?</source>
        <translation>从联系记录中删除这一条吗？</translation>
    </message>
    <message>
        <source>Delete contact</source>
        <translation>删除联系记录</translation>
    </message>
</context>
<context>
    <name>CardPickerDialog</name>
    <message>
        <source>Choose a card</source>
        <translation>选择客户卡片</translation>
    </message>
    <message>
        <source>Search name, company, phone, pinyin</source>
        <translation>搜索姓名、公司、电话、拼音</translation>
    </message>
    <message>
        <source>Choose</source>
        <translation>选择</translation>
    </message>
</context>
<context>
    <name>CaseDialog</name>
    <message>
        <source>Open service case — {0}</source>
        <translation>新建服务事项 — {0}</translation>
    </message>
    <message>
        <source>Respond to case — {0}</source>
        <translation>响应服务事项 — {0}</translation>
    </message>
    <message>
        <source>Resolve case — {0}</source>
        <translation>解决服务事项 — {0}</translation>
    </message>
    <message>
        <source>Satisfaction at the follow-up — {0}</source>
        <translation>回访时的满意度 — {0}</translation>
    </message>
    <message>
        <source>&amp;When:</source>
        <translation>时间(&amp;W)：</translation>
    </message>
    <message>
        <source>Not asked</source>
        <translation>未询问</translation>
    </message>
    <message>
        <source>{0} of 5</source>
        <translation>{0} / 5</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>类型(&amp;K)：</translation>
    </message>
    <message>
        <source>&amp;What the customer said:</source>
        <translation>客户反映(&amp;W)：</translation>
    </message>
    <message>
        <source>&amp;Cause (complaints):</source>
        <translation>原因（投诉）(&amp;C)：</translation>
    </message>
    <message>
        <source>Res&amp;ponsible:</source>
        <translation>负责人(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Response:</source>
        <translation>响应(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;What was done:</source>
        <translation>处理结果(&amp;W)：</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>&amp;Satisfaction:</source>
        <translation>满意度(&amp;S)：</translation>
    </message>
    <message>
        <source>Open case</source>
        <translation>新建事项</translation>
    </message>
    <message>
        <source>Respond</source>
        <translation>响应</translation>
    </message>
    <message>
        <source>Resolve</source>
        <translation>解决</translation>
    </message>
</context>
<context>
    <name>CasesPage</name>
    <message>
        <source>&amp;Open case…</source>
        <translation>新建服务事项(&amp;O)…</translation>
    </message>
    <message>
        <source>Res&amp;pond…</source>
        <translation>响应(&amp;P)…</translation>
    </message>
    <message>
        <source>Resol&amp;ve…</source>
        <translation>解决(&amp;V)…</translation>
    </message>
    <message>
        <source>S&amp;core…</source>
        <translation>评分(&amp;C)…</translation>
    </message>
    <message>
        <source>The score asked at the follow-up after resolving</source>
        <translation>解决后回访时询问的评分</translation>
    </message>
    <message>
        <source>{0} open, {1} in all</source>
        <translation>{0} 项未结，共 {1} 项</translation>
    </message>
    <message>
        <source>Cause: {0} · responsible: {1}</source>
        <translation>原因：{0} · 负责人：{1}</translation>
    </message>
    <message>
        <source>Response: {0}</source>
        <translation>响应：{0}</translation>
    </message>
    <message>
        <source>What was done: {0}</source>
        <translation>处理结果：{0}</translation>
    </message>
</context>
<context>
    <name>ChangeGradeDialog</name>
    <message>
        <source>Change grade — {0}</source>
        <translation>调整等级 — {0}</translation>
    </message>
    <message>
        <source>Now {0} ({1}). Choose the new grade and say why.</source>
        <translation>当前为 {0}（{1}）。请选择新等级并说明原因。</translation>
    </message>
    <message>
        <source>Change grade</source>
        <translation>调整等级</translation>
    </message>
</context>
<context>
    <name>ChartView</name>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Save this chart as a PNG or SVG file</source>
        <translation>将此图表保存为 PNG 或 SVG 文件</translation>
    </message>
    <message>
        <source>Choose a card to see its path.</source>
        <translation>选择一张客户卡片以查看其等级轨迹。</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg)</source>
        <translation>PNG 图像 (*.png);;SVG 矢量图 (*.svg)</translation>
    </message>
</context>
<context>
    <name>ConflictsDialog</name>
    <message>
        <source>Conflicts and duplicates</source>
        <translation>冲突与重复</translation>
    </message>
    <message>
        <source>Keep current</source>
        <translation>保留当前值</translation>
    </message>
    <message>
        <source>Keep other</source>
        <translation>保留另一值</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>Merge these two cards…</source>
        <translation>合并这两张卡片…</translation>
    </message>
    <message>
        <source>Not the same person</source>
        <translation>不是同一人</translation>
    </message>
    <message>
        <source>Likely duplicates</source>
        <translation>疑似重复</translation>
    </message>
    <message>
        <source>Conflicts ({0})</source>
        <translation>冲突（{0}）</translation>
    </message>
    <message>
        <source>Likely duplicates ({0})</source>
        <translation>疑似重复（{0}）</translation>
    </message>
    <message>
        <source>No open conflicts: every merge so far went through cleanly.</source>
        <translation>没有待处理的冲突：到目前为止的每次合并都很顺利。</translation>
    </message>
    <message>
        <source>Delete it</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Keep the card</source>
        <translation>保留卡片</translation>
    </message>
</context>
<context>
    <name>ConflictsView</name>
    <message>
        <source>Card</source>
        <translation>卡片</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Current value</source>
        <translation>当前值</translation>
    </message>
    <message>
        <source>Set on</source>
        <translation>修改于</translation>
    </message>
    <message>
        <source>Other value</source>
        <translation>另一值</translation>
    </message>
    <message>
        <source>same phone</source>
        <translation>电话相同</translation>
    </message>
    <message>
        <source>same name and company</source>
        <translation>姓名和公司相同</translation>
    </message>
    <message>
        <source>Deleted or edited</source>
        <translation>已删除或已修改</translation>
    </message>
    <message>
        <source>Payment plan</source>
        <translation>收款计划</translation>
    </message>
    <message>
        <source>{0}, {1}</source>
        <translation>{0}，{1}</translation>
    </message>
    <message>
        <source>Deleted on {0}, edited on {1}: keep the card or delete it?</source>
        <translation>在 {0} 上被删除，在 {1} 上被修改：保留这张卡片还是删除？</translation>
    </message>
    <message>
        <source>{0} of {1}: “{2}” ({3}) or “{4}” ({5})?</source>
        <translation>{1} 的{0}：“{2}”（{3}）还是“{4}”（{5}）？</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>Edited</source>
        <translation>已修改</translation>
    </message>
    <message>
        <source>Looks like</source>
        <translation>相似卡片</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>CreditPage</name>
    <message>
        <source>&amp;Good credit:</source>
        <translation>信用良好(&amp;G)：</translation>
    </message>
    <message>
        <source>&amp;Normal credit:</source>
        <translation>信用一般(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Poor credit:</source>
        <translation>信用较差(&amp;P)：</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>The open balance (payments not yet received) a customer may have. A deal or a payment plan that would go over it asks before saving, and the warning is noted on the deal. A card&apos;s own limit (Details) overrides its standing&apos;s; 0 allows no open balance, empty means no limit.</source>
        <translation>客户可以有的未收余额（尚未收到的款项）。会超过额度的成交或收款计划在保存前会先询问，警告会记在成交上。卡片自己的额度（详情）优先于信用状况的额度；0 表示不允许有未收余额，留空表示不限。</translation>
    </message>
</context>
<context>
    <name>CurrentPassphraseDialog</name>
    <message>
        <source>Current passphrase:</source>
        <translation>当前口令：</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Grade {0}</source>
        <translation>{0} 级</translation>
    </message>
    <message>
        <source>{0} in the period</source>
        <translation>本期 {0}</translation>
    </message>
    <message>
        <source>{0} of {1} done</source>
        <translation>计划 {1} 次，完成 {0} 次</translation>
    </message>
    <message>
        <source>{0} this month</source>
        <translation>本月 {0}</translation>
    </message>
</context>
<context>
    <name>DashboardUi</name>
    <message>
        <source>Dash&amp;board</source>
        <translation>统计看板(&amp;B)</translation>
    </message>
    <message>
        <source>SalesDesk — Dashboard</source>
        <translation>SalesDesk — 统计看板</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <source>Choose from a calendar</source>
        <translation>从日历中选择</translation>
    </message>
    <message>
        <source>Type a date, year-month-day, like {0}.</source>
        <translation>请输入日期（年-月-日），如 {0}。</translation>
    </message>
    <message>
        <source>“{0}” is not a date. Type year-month-day, like {1}.</source>
        <translation>“{0}”不是有效日期。请按 年-月-日 输入，如 {1}。</translation>
    </message>
</context>
<context>
    <name>DateTimeField</name>
    <message>
        <source>Type a date and time, year-month-day hours:minutes, like {0}.</source>
        <translation>请输入日期和时间（年-月-日 时：分），如 {0}。</translation>
    </message>
    <message>
        <source>“{0}” is not a date and time. Type year-month-day hours:minutes, like {1}.</source>
        <translation>“{0}”不是有效的日期和时间。请按 年-月-日 时：分 输入，如 {1}。</translation>
    </message>
</context>
<context>
    <name>DayPlanUi</name>
    <message>
        <source>&amp;Today</source>
        <translation>今日(&amp;T)</translation>
    </message>
    <message>
        <source>Export visits to &amp;calendar (.ics)…</source>
        <translation>导出回访到日历(&amp;C)（.ics）…</translation>
    </message>
    <message>
        <source>&amp;Print day sheet…</source>
        <translation>打印当日计划(&amp;P)…</translation>
    </message>
    <message>
        <source>Save day sheet as P&amp;DF…</source>
        <translation>将当日计划保存为 PDF(&amp;D)…</translation>
    </message>
    <message>
        <source>Pr&amp;eferences…</source>
        <translation>偏好设置(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Today ({0})</source>
        <translation>今日(&amp;T)（{0}）</translation>
    </message>
    <message>
        <source>{0} visits due</source>
        <translation>{0} 个待回访</translation>
    </message>
    <message>
        <source>1 visit due</source>
        <translation>1 个待回访</translation>
    </message>
    <message>
        <source>Export visits to calendar</source>
        <translation>导出回访到日历</translation>
    </message>
    <message>
        <source>Calendar files (*.ics)</source>
        <translation>日历文件 (*.ics)</translation>
    </message>
    <message>
        <source>{0} visit written to {1}.</source>
        <translation>已将 {0} 个回访写入 {1}。</translation>
    </message>
    <message>
        <source>{0} visits written to {1}.</source>
        <translation>已将 {0} 个回访写入 {1}。</translation>
    </message>
    <message>
        <source>Save day sheet as PDF</source>
        <translation>将当日计划保存为 PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Saved {0}.</source>
        <translation>已保存 {0}。</translation>
    </message>
</context>
<context>
    <name>DaySheet</name>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Phones</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Last contact</source>
        <translation>最近联系</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>目的</translation>
    </message>
    <message>
        <source>WeChat {0}</source>
        <translation>微信 {0}</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>Day sheet for {0}</source>
        <translation>{0} 当日计划</translation>
    </message>
    <message>
        <source>Salesperson: {0}</source>
        <translation>销售人员：{0}</translation>
    </message>
    <message>
        <source>{0} overdue, {1} due today</source>
        <translation>{0} 个逾期，{1} 个今日到期</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>{0} ({1})</source>
        <translation>{0}（{1}）</translation>
    </message>
    <message>
        <source>(no area)</source>
        <translation>（无区域）</translation>
    </message>
    <message>
        <source>No visits due on this day.</source>
        <translation>当天没有到期的回访。</translation>
    </message>
</context>
<context>
    <name>DealDialog</name>
    <message>
        <source>Add deal — {0}</source>
        <translation>添加成交 — {0}</translation>
    </message>
    <message>
        <source>What was sold</source>
        <translation>所售产品</translation>
    </message>
    <message>
        <source>No payment plan yet</source>
        <translation>暂无收款计划</translation>
    </message>
    <message>
        <source>Paid at once (received now)</source>
        <translation>一次付清（已收款）</translation>
    </message>
    <message>
        <source>In installments…</source>
        <translation>分期付款…</translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation>日期(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Product:</source>
        <translation>产品(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Amount:</source>
        <translation>金额(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>备注(&amp;N)：</translation>
    </message>
    <message>
        <source>Pa&amp;yment:</source>
        <translation>付款(&amp;Y)：</translation>
    </message>
    <message>
        <source>Add deal</source>
        <translation>添加成交</translation>
    </message>
</context>
<context>
    <name>DealsPage</name>
    <message>
        <source>&amp;Add deal…</source>
        <translation>添加成交(&amp;A)…</translation>
    </message>
    <message>
        <source>Pla&amp;n…</source>
        <translation>收款计划(&amp;N)…</translation>
    </message>
    <message>
        <source>The selected deal&apos;s payment plan</source>
        <translation>所选成交的收款计划</translation>
    </message>
    <message>
        <source>Pa&amp;yment…</source>
        <translation>登记收款(&amp;Y)…</translation>
    </message>
    <message>
        <source>Record a payment received on the selected deal</source>
        <translation>登记所选成交收到的款项</translation>
    </message>
    <message>
        <source>1 deal, {1}; on {2}</source>
        <translation>1 笔成交，{1}；于 {2}</translation>
    </message>
    <message>
        <source>{0} deals, {1} in all; the last on {2}</source>
        <translation>{0} 笔成交，共 {1}；最近一笔于 {2}</translation>
    </message>
    <message>
        <source>No deals yet: the first one makes this a customer.</source>
        <translation>尚无成交：第一笔成交后即成为客户。</translation>
    </message>
    <message>
        <source>{0}: no payment plan yet. Set one to follow the payments.</source>
        <translation>{0}：还没有收款计划。制定计划以跟进收款。</translation>
    </message>
    <message>
        <source>{0}: paid {1} of {2}; outstanding {3}, overdue {4}</source>
        <translation>{0}：已收 {1}（共 {2}）；未收 {3}，逾期 {4}</translation>
    </message>
    <message>
        <source> (overpaid by {0})</source>
        <translation>（多收 {0}）</translation>
    </message>
    <message>
        <source>{0}

Save it anyway? The warning is noted on the deal.</source>
        <translation>{0}

仍要保存吗？此警告会记在成交上。</translation>
    </message>
    <message>
        <source>Save anyway</source>
        <translation>仍然保存</translation>
    </message>
</context>
<context>
    <name>DeletedCards</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>公司</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>删除时间</translation>
    </message>
    <message>
        <source>Deleted on</source>
        <translation>删除于设备</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>联系次数</translation>
    </message>
</context>
<context>
    <name>DeletedCardsDialog</name>
    <message>
        <source>Deleted cards</source>
        <translation>已删除的卡片</translation>
    </message>
    <message>
        <source>A deleted card keeps its contacts, grade path and history. Restore brings it back as it was, on every laptop after the next sync.</source>
        <translation>已删除的卡片仍保留其联系记录、等级轨迹和修改历史。恢复后卡片原样回来，下次同步后在每台电脑上都会恢复。</translation>
    </message>
    <message>
        <source>No deleted cards.</source>
        <translation>没有已删除的卡片。</translation>
    </message>
    <message>
        <source>&amp;Restore card</source>
        <translation>恢复卡片(&amp;R)</translation>
    </message>
    <message>
        <source>Restored {0}.</source>
        <translation>已恢复 {0}。</translation>
    </message>
</context>
<context>
    <name>DuplicatesPage</name>
    <message>
        <source>Check before importing</source>
        <translation>导入前检查</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>In the file</source>
        <translation>文件中</translation>
    </message>
    <message>
        <source>Matches</source>
        <translation>匹配的卡片</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Do</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Rows to import: {0}. A card you already have (same e-mail, mobile, or name and company): {1}. Only look like one, and come in as cards of their own: {2}.</source>
        <translation>待导入：{0} 行。已有的卡片（电子邮件、手机号或姓名和公司相同）：{1} 行。只是相似、将作为新卡片导入：{2} 行。</translation>
    </message>
    <message>
        <source>What happens</source>
        <translation>处理方式</translation>
    </message>
    <message>
        <source>Looks like</source>
        <translation>相似卡片</translation>
    </message>
    <message>
        <source>For all duplicates:</source>
        <translation>所有重复项：</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Update the card</source>
        <translation>更新卡片</translation>
    </message>
    <message>
        <source>Create a new card</source>
        <translation>新建卡片</translation>
    </message>
    <message>
        <source>Rows to look at: {0} (new cards {1}, of them likely duplicates {2}; updated {3}; skipped {4})</source>
        <translation>需要查看的行：{0}（新建 {1}，其中疑似重复 {2}；更新 {3}；跳过 {4}）</translation>
    </message>
    <message>
        <source> · the first {0} are listed</source>
        <translation> · 列出前 {0} 行</translation>
    </message>
    <message>
        <source>{0} (row {1})</source>
        <translation>{0}（第 {1} 行）</translation>
    </message>
    <message>
        <source>row {0} of this file</source>
        <translation>本文件第 {0} 行</translation>
    </message>
    <message>
        <source>Row {0}: {1}</source>
        <translation>第 {0} 行：{1}</translation>
    </message>
    <message>
        <source>… and {0} more</source>
        <translation>… 另有 {0} 个</translation>
    </message>
</context>
<context>
    <name>EditContactDialog</name>
    <message>
        <source>Edit contact — {0}</source>
        <translation>修改联系记录 — {0}</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
</context>
<context>
    <name>EditValueDialog</name>
    <message>
        <source>Edit {0}</source>
        <translation>修改{0}</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export workbook</source>
        <translation>导出工作簿</translation>
    </message>
    <message>
        <source>&amp;Everything</source>
        <translation>全部(&amp;E)</translation>
    </message>
    <message>
        <source>The &amp;list as filtered now ({0} card)</source>
        <translation>当前筛选的列表(&amp;L)（{0} 张卡片）</translation>
    </message>
    <message>
        <source>The &amp;list as filtered now ({0} cards)</source>
        <translation>当前筛选的列表(&amp;L)（{0} 张卡片）</translation>
    </message>
    <message>
        <source>Cards of these &amp;grades:</source>
        <translation>以下等级的卡片(&amp;G)：</translation>
    </message>
    <message>
        <source>Only records &amp;dated from</source>
        <translation>只导出此期间的记录(&amp;D)</translation>
    </message>
    <message>
        <source>La&amp;nguage:</source>
        <translation>语言(&amp;N)：</translation>
    </message>
</context>
<context>
    <name>ExportUi</name>
    <message>
        <source>Export &amp;workbook (.xlsx)…</source>
        <translation>导出工作簿(&amp;W)（.xlsx）…</translation>
    </message>
    <message>
        <source>Export workbook</source>
        <translation>导出工作簿</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Writing {0}…</source>
        <translation>正在写入 {0}…</translation>
    </message>
    <message>
        <source>Workbook written to {0} ({1} card).</source>
        <translation>工作簿已写入 {0}（{1} 张卡片）。</translation>
    </message>
    <message>
        <source>Workbook written to {0} ({1} cards).</source>
        <translation>工作簿已写入 {0}（{1} 张卡片）。</translation>
    </message>
    <message>
        <source>Export cancelled.</source>
        <translation>导出已取消。</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <source>Choose a file</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <source>An Excel workbook (.xlsx), a CSV file or phone contacts (.vcf).</source>
        <translation>Excel 工作簿（.xlsx）、CSV 文件或手机通讯录（.vcf）。</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Detect</source>
        <translation>自动识别</translation>
    </message>
    <message>
        <source>Comma ,</source>
        <translation>逗号 ,</translation>
    </message>
    <message>
        <source>Semicolon ;</source>
        <translation>分号 ;</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>制表符</translation>
    </message>
    <message>
        <source>Bar |</source>
        <translation>竖线 |</translation>
    </message>
    <message>
        <source>Read again</source>
        <translation>重新读取</translation>
    </message>
    <message>
        <source>Best sheet</source>
        <translation>自动选择工作表</translation>
    </message>
    <message>
        <source>Sheet:</source>
        <translation>工作表：</translation>
    </message>
    <message>
        <source>Encoding:</source>
        <translation>编码：</translation>
    </message>
    <message>
        <source>Delimiter:</source>
        <translation>分隔符：</translation>
    </message>
    <message>
        <source>Import cards</source>
        <translation>导入客户卡片</translation>
    </message>
    <message>
        <source>Customer lists (*.xlsx *.csv *.txt *.vcf)</source>
        <translation>客户名单 (*.xlsx *.csv *.txt *.vcf)</translation>
    </message>
    <message>
        <source>{0} rows</source>
        <translation>{0} 行</translation>
    </message>
    <message>
        <source>{0} row</source>
        <translation>{0} 行</translation>
    </message>
    <message>
        <source>encoding {0}</source>
        <translation>编码 {0}</translation>
    </message>
    <message>
        <source>sheet {0}</source>
        <translation>工作表 {0}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>People are read from the sheet &apos;{0}&apos;.</source>
        <translation>从工作表“{0}”读取客户。</translation>
    </message>
    <message>
        <source>Not imported: {0}.</source>
        <translation>不导入：{0}。</translation>
    </message>
    <message>
        <source>Import the sheet &apos;{0}&apos; as deals on the matching cards</source>
        <translation>将工作表“{0}”作为成交记录导入到对应的卡片</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>Search name, company, phone, pinyin</source>
        <translation>搜索姓名、公司、电话、拼音</translation>
    </message>
    <message>
        <source>Finds cards by name, company, phone, tag or e-mail as you type; pinyin works too: zw or zhangwei finds 张伟.</source>
        <translation>输入时按姓名、公司、电话、标签或电子邮件查找卡片；也支持拼音：输入 zw 或 zhangwei 可找到张伟。</translation>
    </message>
    <message>
        <source>Show only grade {0}: {1}</source>
        <translation>只显示 {0} 级：{1}</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>All owners</source>
        <translation>全部负责人</translation>
    </message>
    <message>
        <source>All tags</source>
        <translation>全部标签</translation>
    </message>
    <message>
        <source>All areas</source>
        <translation>全部区域</translation>
    </message>
    <message>
        <source>Key customers only</source>
        <translation>只看重点客户</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
</context>
<context>
    <name>GradeFields</name>
    <message>
        <source>Why the grade changes</source>
        <translation>等级变化的原因</translation>
    </message>
    <message>
        <source>What stands in the way</source>
        <translation>成交的障碍</translation>
    </message>
    <message>
        <source>&amp;Grade:</source>
        <translation>等级(&amp;G)：</translation>
    </message>
    <message>
        <source>F &amp;kind:</source>
        <translation>F 类型(&amp;K)：</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>原因(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Blocker:</source>
        <translation>障碍(&amp;B)：</translation>
    </message>
    <message>
        <source>Re-&amp;check on:</source>
        <translation>复查日期(&amp;C)：</translation>
    </message>
    <message>
        <source>Default: in {0} day, from the grade&apos;s return-visit cadence.</source>
        <translation>默认：{0} 天后，按该等级的回访周期计算。</translation>
    </message>
    <message>
        <source>Default: in {0} days, from the grade&apos;s return-visit cadence.</source>
        <translation>默认：{0} 天后，按该等级的回访周期计算。</translation>
    </message>
</context>
<context>
    <name>HandoverDialog</name>
    <message>
        <source>Hand over cards</source>
        <translation>交接客户</translation>
    </message>
    <message>
        <source>Cards &amp;owned by:</source>
        <translation>负责人(&amp;O)：</translation>
    </message>
    <message>
        <source>Cards in the &amp;area:</source>
        <translation>区域(&amp;A)：</translation>
    </message>
    <message>
        <source>The cards &amp;listed now ({0})</source>
        <translation>当前列表中的卡片(&amp;L)（{0}）</translation>
    </message>
    <message>
        <source>All grades, or e.g. AB</source>
        <translation>全部等级，或如 AB</translation>
    </message>
    <message>
        <source>The successor&apos;s name</source>
        <translation>接替者姓名</translation>
    </message>
    <message>
        <source>Write a handover &amp;pack to:</source>
        <translation>交接包写入(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Only &amp;grades:</source>
        <translation>仅限等级(&amp;G)：</translation>
    </message>
    <message>
        <source>&amp;Hand over to:</source>
        <translation>交给(&amp;H)：</translation>
    </message>
    <message>
        <source>The pack holds a workbook of these cards (their visits, deals, payments, cases and contacts) and a sync file of just these cards and their history, for the successor to merge into their own SalesDesk.</source>
        <translation>交接包包括这些卡片的工作簿（回访、成交、收款、服务事项和联系记录），以及只含这些卡片及其历史的同步文件，供接替者合并到自己的 SalesDesk 中。</translation>
    </message>
    <message>
        <source>Hand over</source>
        <translation>交接</translation>
    </message>
    <message>
        <source>Folder for the pack</source>
        <translation>交接包文件夹</translation>
    </message>
    <message>
        <source>{0} card goes to {1}.</source>
        <translation>{0} 张卡片将交给{1}。</translation>
    </message>
    <message>
        <source>{0} cards go to {1}.</source>
        <translation>{0} 张卡片将交给{1}。</translation>
    </message>
</context>
<context>
    <name>HandoverUi</name>
    <message>
        <source>&amp;Hand over cards…</source>
        <translation>交接客户(&amp;H)…</translation>
    </message>
    <message>
        <source>Hand over cards</source>
        <translation>交接客户</translation>
    </message>
    <message>
        <source>The pack for {0} is in {1}.</source>
        <translation>给{0}的交接包在 {1}。</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <source>Your cards</source>
        <translation>您的客户卡片</translation>
    </message>
    <message>
        <source>Every customer is one card (Card &gt; New card…, Ctrl+N), or import the list you already keep from Excel, CSV or vCard (File &gt; Import…). Search as you type by name, company, phone, WeChat, area or pinyin: zw finds 张伟.</source>
        <translation>每位客户一张卡片（卡片 &gt; 新建卡片…，Ctrl+N），也可以从 Excel、CSV 或 vCard 导入已有的名单（文件 &gt; 导入…）。输入即搜索：姓名、公司、电话、微信、区域或拼音都可以，zw 就能找到张伟。</translation>
    </message>
    <message>
        <source>Grades A to F</source>
        <translation>A 到 F 的等级</translation>
    </message>
    <message>
        <source>A card&apos;s grade says how close the customer is to buying: A is about to buy, F is far from it. Change it with a reason (Ctrl+G); C and D wait for a re-check date.</source>
        <translation>等级表示客户离购买有多近：A 即将购买，F 还很远。调整等级时写明原因（Ctrl+G）；C 和 D 级等到复查日期再跟进。</translation>
    </message>
    <message>
        <source>Every contact on the card</source>
        <translation>每次联系都记在卡片上</translation>
    </message>
    <message>
        <source>After a visit or a call, log it at once (Ctrl+L): what was said, what comes next, and the new grade in the same step. The next visit is planned from the grade.</source>
        <translation>拜访或通话后立即记录（Ctrl+L）：谈了什么、下一步做什么，并可同时调整等级。下次回访会按等级自动安排。</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>The Today view lists whom to visit: overdue first, then today and the next days, district by district. Print the day sheet or save it as PDF before you leave.</source>
        <translation>“今日”视图按区域列出要拜访的客户：先是已逾期的，然后是今天和之后几天的。出门前可以打印日程单或存为 PDF。</translation>
    </message>
    <message>
        <source>Your manager and your other computer</source>
        <translation>给经理的报表和另一台电脑</translation>
    </message>
    <message>
        <source>File &gt; Export workbook… writes the manager&apos;s Excel workbook with your name (Edit &gt; Preferences &gt; You). File &gt; Sync merges the cards of another computer by copying one file.</source>
        <translation>文件 &gt; 导出工作簿… 生成给经理的 Excel 工作簿，署上您的姓名（编辑 &gt; 偏好设置 &gt; 个人）。文件 &gt; 同步 通过复制一个文件合并另一台电脑上的卡片。</translation>
    </message>
    <message>
        <source>Getting started with SalesDesk</source>
        <translation>SalesDesk 入门</translation>
    </message>
    <message>
        <source>From the search box into the list</source>
        <translation>从搜索框进入列表</translation>
    </message>
    <message>
        <source>Enter or Down</source>
        <translation>回车键或向下键</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Getting started</source>
        <translation>入门指南</translation>
    </message>
</context>
<context>
    <name>HubJoinDialog</name>
    <message>
        <source>Join a team hub</source>
        <translation>加入团队数据库</translation>
    </message>
    <message>
        <source>Your manager gives you the hub&apos;s address, your user name and your password.</source>
        <translation>团队数据库的地址、你的用户名和密码由经理提供。</translation>
    </message>
    <message>
        <source>Hub address:</source>
        <translation>团队数据库地址：</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
</context>
<context>
    <name>HubUi</name>
    <message>
        <source>Sync with &amp;team hub</source>
        <translation>与团队数据库同步(&amp;T)</translation>
    </message>
    <message>
        <source>Team hub</source>
        <translation>团队数据库</translation>
    </message>
    <message>
        <source>Password of {0} at {1}:</source>
        <translation>{0} 在{1}的密码：</translation>
    </message>
    <message>
        <source>The team hub&apos;s password is not in this computer&apos;s keychain: sync with Shift+F5.</source>
        <translation>本机钥匙串中没有团队数据库的密码：请按 Shift+F5 同步。</translation>
    </message>
    <message>
        <source>Syncing with the team hub before closing…</source>
        <translation>关闭前正在与团队数据库同步…</translation>
    </message>
    <message>
        <source>Team hub: bringing in your team&apos;s changes…</source>
        <translation>团队数据库：正在取回团队的修改…</translation>
    </message>
    <message>
        <source>Team hub: sending your changes…</source>
        <translation>团队数据库：正在送上你的修改…</translation>
    </message>
    <message>
        <source>Synced with the team hub: {0} new, {1} updated, {2} conflict; sent {3} change.</source>
        <translation>已与团队数据库同步：新增 {0}，更新 {1}，冲突 {2}；送上 {3} 项修改。</translation>
    </message>
    <message>
        <source>Synced with the team hub: {0} new, {1} updated, {2} conflict; sent {3} changes.</source>
        <translation>已与团队数据库同步：新增 {0}，更新 {1}，冲突 {2}；送上 {3} 项修改。</translation>
    </message>
    <message>
        <source>Synced with the team hub: {0} new, {1} updated, {2} conflicts; sent {3} change.</source>
        <translation>已与团队数据库同步：新增 {0}，更新 {1}，冲突 {2}；送上 {3} 项修改。</translation>
    </message>
    <message>
        <source>Synced with the team hub: {0} new, {1} updated, {2} conflicts; sent {3} changes.</source>
        <translation>已与团队数据库同步：新增 {0}，更新 {1}，冲突 {2}；送上 {3} 项修改。</translation>
    </message>
    <message>
        <source>The team hub cannot be reached: not synced.</source>
        <translation>无法连接团队数据库：没有同步。</translation>
    </message>
    <message>
        <source>The team hub cannot be reached: syncing with the sync folder.</source>
        <translation>无法连接团队数据库：改为与同步文件夹同步。</translation>
    </message>
    <message>
        <source>The sync with the team hub did not finish: {0}</source>
        <translation>与团队数据库的同步没有完成：{0}</translation>
    </message>
    <message>
        <source>The sync with the team hub did not finish.
{0}</source>
        <translation>与团队数据库的同步没有完成。
{0}</translation>
    </message>
    <message>
        <source>Syncing with {0}…</source>
        <translation>正在与 {0} 同步…</translation>
    </message>
</context>
<context>
    <name>ImportUi</name>
    <message>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>(skip)</source>
        <translation>（跳过）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Given name</source>
        <translation>名</translation>
    </message>
    <message>
        <source>Family name</source>
        <translation>姓</translation>
    </message>
    <message>
        <source>Middle name</source>
        <translation>中间名</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>公司</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>职位</translation>
    </message>
    <message>
        <source>Phone (mobile)</source>
        <translation>电话（手机）</translation>
    </message>
    <message>
        <source>Phone (work)</source>
        <translation>电话（工作）</translation>
    </message>
    <message>
        <source>Phone (home)</source>
        <translation>电话（住宅）</translation>
    </message>
    <message>
        <source>Fax</source>
        <translation>传真</translation>
    </message>
    <message>
        <source>Phone (other)</source>
        <translation>电话（其他）</translation>
    </message>
    <message>
        <source>Pager</source>
        <translation>寻呼机</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>WeChat ID</source>
        <translation>微信号</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Address (part)</source>
        <translation>地址（部分）</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Next visit</source>
        <translation>下次回访</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>生日</translation>
    </message>
    <message>
        <source>Birthday (year)</source>
        <translation>生日（年）</translation>
    </message>
    <message>
        <source>Birthday (month)</source>
        <translation>生日（月）</translation>
    </message>
    <message>
        <source>Birthday (day)</source>
        <translation>生日（日）</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Notes, headed by the column</source>
        <translation>备注（注明列名）</translation>
    </message>
    <message>
        <source>Another person&apos;s (in notes)</source>
        <translation>他人的信息（记入备注）</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>new card</source>
        <translation>新建卡片</translation>
    </message>
    <message>
        <source>updates the card</source>
        <translation>更新卡片</translation>
    </message>
    <message>
        <source>joins an earlier row</source>
        <translation>并入前面的行</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>new card, likely duplicate</source>
        <translation>新建卡片，疑似重复</translation>
    </message>
    <message>
        <source>not imported</source>
        <translation>不导入</translation>
    </message>
    <message>
        <source>same e-mail</source>
        <translation>电子邮件相同</translation>
    </message>
    <message>
        <source>same mobile number</source>
        <translation>手机号相同</translation>
    </message>
    <message>
        <source>same name and company</source>
        <translation>姓名和公司相同</translation>
    </message>
    <message>
        <source>shares a landline or switchboard</source>
        <translation>共用座机或总机</translation>
    </message>
    <message>
        <source>same name at another company</source>
        <translation>同名但公司不同</translation>
    </message>
    <message>
        <source>Import cards</source>
        <translation>导入客户卡片</translation>
    </message>
    <message>
        <source>Reading {0}…</source>
        <translation>正在读取 {0}…</translation>
    </message>
    <message>
        <source>Stop the import? None of its cards will be kept.</source>
        <translation>停止导入吗？它导入的卡片都不会保留。</translation>
    </message>
    <message>
        <source>Stop the import</source>
        <translation>停止导入</translation>
    </message>
    <message>
        <source>Stopped. Nothing was imported.</source>
        <translation>已停止，未导入任何内容。</translation>
    </message>
    <message>
        <source>Columns not imported: {0}.</source>
        <translation>不导入的列：{0}。</translation>
    </message>
    <message>
        <source>Sheets not imported: {0}.</source>
        <translation>不导入的工作表：{0}。</translation>
    </message>
    <message>
        <source>Columns of another person, kept in the notes under their header: {0}.</source>
        <translation>属于他人的列，已按列名记入备注：{0}。</translation>
    </message>
    <message>
        <source>Dates in &apos;{0}&apos; are read month first (M/D/Y).</source>
        <translation>“{0}”中的日期按月在前（月/日/年）读取。</translation>
    </message>
    <message>
        <source>Dates in &apos;{0}&apos; are read day first (D/M/Y).</source>
        <translation>“{0}”中的日期按日在前（日/月/年）读取。</translation>
    </message>
    <message>
        <source>Dates in &apos;{0}&apos; could be day or month first: choose on the previous page.</source>
        <translation>“{0}”中的日期可能是日在前，也可能是月在前：请在上一页选择。</translation>
    </message>
    <message>
        <source>Dates in &apos;{0}&apos; are written both day first and month first.</source>
        <translation>“{0}”中的日期有的日在前，有的月在前。</translation>
    </message>
    <message>
        <source>{0} control or text-direction character was removed from the cells.</source>
        <translation>已从单元格中删除 {0} 个控制字符或文字方向字符。</translation>
    </message>
    <message>
        <source>{0} control or text-direction characters were removed from the cells.</source>
        <translation>已从单元格中删除 {0} 个控制字符或文字方向字符。</translation>
    </message>
    <message>
        <source>Sheet &apos;{0}&apos; row {1}: no card is named &apos;{2}&apos;: the deal is not imported.</source>
        <translation>工作表“{0}”第 {1} 行：没有名为“{2}”的卡片，此成交记录不导入。</translation>
    </message>
    <message>
        <source>Sheet &apos;{0}&apos; row {1}: several cards are named &apos;{2}&apos;: the deal is not imported.</source>
        <translation>工作表“{0}”第 {1} 行：有多张名为“{2}”的卡片，此成交记录不导入。</translation>
    </message>
</context>
<context>
    <name>KeepWhichDialog</name>
    <message>
        <source>Merge these two cards</source>
        <translation>合并这两张卡片</translation>
    </message>
    <message>
        <source>Keep which card? The other card&apos;s contact log, grade path and history move to it, its empty fields are filled, and the other card is deleted. Undo splits them again.</source>
        <translation>保留哪一张卡片？另一张卡片的联系记录、等级轨迹和修改历史将移到保留的卡片上，空白字段会被补全，另一张卡片将被删除。撤销可以再次拆分。</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Complaint</source>
        <translation>投诉</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>Suggestion</source>
        <translation>建议</translation>
    </message>
    <message>
        <source>Praise</source>
        <translation>表扬</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>交付</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>收款</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>提出时间</translation>
    </message>
    <message>
        <source>First response</source>
        <translation>首次响应</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>解决时间</translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <source>On the edge of buying</source>
        <translation>即将成交</translation>
    </message>
    <message>
        <source>Would buy, delayed for now</source>
        <translation>会买，暂缓</translation>
    </message>
    <message>
        <source>Not eligible for now</source>
        <translation>暂不符合条件</translation>
    </message>
    <message>
        <source>Finances not stable</source>
        <translation>财务不稳定</translation>
    </message>
    <message>
        <source>Needs to understand more</source>
        <translation>了解不足</translation>
    </message>
    <message>
        <source>Unlikely within a year</source>
        <translation>一年内难有进展</translation>
    </message>
    <message>
        <source>Still researching, not yet visited</source>
        <translation>调研中，未拜访</translation>
    </message>
    <message>
        <source>Prospect</source>
        <translation>潜在客户</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Inactive</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>拜访</translation>
    </message>
    <message>
        <source>Phone call</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>短信/微信</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>WeChat ID</source>
        <translation>微信号</translation>
    </message>
    <message>
        <source>Letter</source>
        <translation>信件</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Hesitant</source>
        <translation>犹豫型</translation>
    </message>
    <message>
        <source>Opinionated</source>
        <translation>主见型</translation>
    </message>
    <message>
        <source>Amiable</source>
        <translation>随和型</translation>
    </message>
    <message>
        <source>Angry</source>
        <translation>易怒型</translation>
    </message>
    <message>
        <source>Good</source>
        <translation>良好</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>一般</translation>
    </message>
    <message>
        <source>Poor</source>
        <translation>较差</translation>
    </message>
    <message>
        <source>Name card</source>
        <translation>名片</translation>
    </message>
    <message>
        <source>Referral</source>
        <translation>转介绍</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Cold call</source>
        <translation>陌生拜访</translation>
    </message>
    <message>
        <source>Website</source>
        <translation>网站</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>Work</source>
        <translation>工作</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>住宅</translation>
    </message>
    <message>
        <source>Fax</source>
        <translation>传真</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>公司</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>职位</translation>
    </message>
    <message>
        <source>Phones</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Referred by</source>
        <translation>介绍人</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>生日</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Communication style</source>
        <translation>沟通风格</translation>
    </message>
    <message>
        <source>Key customer</source>
        <translation>重点客户</translation>
    </message>
    <message>
        <source>Credit standing</source>
        <translation>信用状况</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>F kind</source>
        <translation>F 类型</translation>
    </message>
    <message>
        <source>Grade note</source>
        <translation>等级备注</translation>
    </message>
    <message>
        <source>Blocker</source>
        <translation>障碍</translation>
    </message>
    <message>
        <source>Re-check date</source>
        <translation>复查日期</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>沟通内容</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Grade after</source>
        <translation>联系后等级</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>From grade</source>
        <translation>原等级</translation>
    </message>
    <message>
        <source>To grade</source>
        <translation>新等级</translation>
    </message>
    <message>
        <source>From F kind</source>
        <translation>原 F 类型</translation>
    </message>
    <message>
        <source>To F kind</source>
        <translation>新 F 类型</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系记录</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>卡片</translation>
    </message>
    <message>
        <source>Grade step</source>
        <translation>等级变化</translation>
    </message>
    <message>
        <source>Deal</source>
        <translation>成交</translation>
    </message>
    <message>
        <source>Service case</source>
        <translation>服务事项</translation>
    </message>
    <message>
        <source>Last contact</source>
        <translation>最近联系</translation>
    </message>
    <message>
        <source>Not moving or not yet visited</source>
        <translation>暂无进展/未拜访</translation>
    </message>
    <message>
        <source>Next visit</source>
        <translation>下次回访</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>收款</translation>
    </message>
    <message>
        <source>Card image</source>
        <translation>名片图片</translation>
    </message>
    <message>
        <source>Erasure</source>
        <translation>抹除记录</translation>
    </message>
    <message>
        <source>New card</source>
        <translation>新建卡片</translation>
    </message>
    <message>
        <source>Edit card</source>
        <translation>修改卡片</translation>
    </message>
    <message>
        <source>Delete card</source>
        <translation>删除卡片</translation>
    </message>
    <message>
        <source>Restore card</source>
        <translation>恢复卡片</translation>
    </message>
    <message>
        <source>Change grade</source>
        <translation>调整等级</translation>
    </message>
    <message>
        <source>Log contact</source>
        <translation>记录联系</translation>
    </message>
    <message>
        <source>Edit contact</source>
        <translation>修改联系记录</translation>
    </message>
    <message>
        <source>Delete contact</source>
        <translation>删除联系记录</translation>
    </message>
    <message>
        <source>Revert change</source>
        <translation>撤回修改</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>A payment is overdue</source>
        <translation>有逾期未收的款项</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Old → new</source>
        <translation>旧值 → 新值</translation>
    </message>
    <message>
        <source>Card created: {0}</source>
        <translation>卡片创建：{0}</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>计划日期</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>目的</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Follow-up visit</source>
        <translation>回访</translation>
    </message>
    <message>
        <source>Re-check</source>
        <translation>复查</translation>
    </message>
    <message>
        <source>First visit</source>
        <translation>首次拜访</translation>
    </message>
    <message>
        <source>After-sales visit</source>
        <translation>售后回访</translation>
    </message>
    <message>
        <source>Follow-up of a service case</source>
        <translation>服务事项回访</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>计划中</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Set by hand</source>
        <translation>手动设定</translation>
    </message>
    <message>
        <source>{0} {1}</source>
        <translation>{0} {1}</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已收</translation>
    </message>
    <message>
        <source>To collect</source>
        <translation>待收</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>Bank transfer</source>
        <translation>银行转账</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <source>Cheque</source>
        <translation>支票</translation>
    </message>
    <message>
        <source>No payment plan</source>
        <translation>无收款计划</translation>
    </message>
    <message>
        <source>{0} paid</source>
        <translation>已收 {0} 期</translation>
    </message>
    <message>
        <source>{0} overdue</source>
        <translation>逾期 {0} 期</translation>
    </message>
    <message>
        <source>{0} due</source>
        <translation>待收 {0} 期</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>期数</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>Paid on</source>
        <translation>收款日期</translation>
    </message>
</context>
<context>
    <name>LanguagePage</name>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>The new language shows the next time SalesDesk starts.</source>
        <translation>新的语言将在下次启动 SalesDesk 时生效。</translation>
    </message>
</context>
<context>
    <name>LettersDialog</name>
    <message>
        <source>Letters</source>
        <translation>信函</translation>
    </message>
    <message>
        <source>Fields: {0}</source>
        <translation>字段：{0}</translation>
    </message>
    <message>
        <source>Save &amp;template</source>
        <translation>保存模板(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Reset</source>
        <translation>恢复默认(&amp;R)</translation>
    </message>
    <message>
        <source>Use a &amp;Word template (.docx)…</source>
        <translation>使用 Word 模板 (.docx)(&amp;W)…</translation>
    </message>
    <message>
        <source>The chosen cards ({0})</source>
        <translation>所选卡片（{0}）</translation>
    </message>
    <message>
        <source>The cards in the list ({0})</source>
        <translation>列表中的卡片（{0}）</translation>
    </message>
    <message>
        <source>Every card of these grades in this area:</source>
        <translation>这些级别、这个区域的全部卡片：</translation>
    </message>
    <message>
        <source>any area</source>
        <translation>任何区域</translation>
    </message>
    <message>
        <source>e.g. 春节 (for greetings)</source>
        <translation>例如：春节（用于节日问候）</translation>
    </message>
    <message>
        <source>Save as &amp;PDF…</source>
        <translation>另存为 PDF(&amp;P)…</translation>
    </message>
    <message>
        <source>Save as .&amp;docx…</source>
        <translation>另存为 .docx(&amp;D)…</translation>
    </message>
    <message>
        <source>Address l&amp;abels…</source>
        <translation>地址标签(&amp;A)…</translation>
    </message>
    <message>
        <source>En&amp;velopes…</source>
        <translation>信封(&amp;V)…</translation>
    </message>
    <message>
        <source>A4 sheets of 3 × 8 labels (70 × 37 mm)</source>
        <translation>A4 标签纸，每张 3 × 8 个（70 × 37 毫米）</translation>
    </message>
    <message>
        <source>Chinese DL envelopes with postcode boxes</source>
        <translation>带邮编方格的中式 DL 信封</translation>
    </message>
    <message>
        <source>Template:</source>
        <translation>模板：</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Occasion:</source>
        <translation>场合：</translation>
    </message>
    <message>
        <source>in English</source>
        <translation>英文</translation>
    </message>
    <message>
        <source>in Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <source>{0} ({1})</source>
        <translation>{0}（{1}）</translation>
    </message>
    <message>
        <source>Word template</source>
        <translation>Word 模板</translation>
    </message>
    <message>
        <source>Word documents (*.docx)</source>
        <translation>Word 文档 (*.docx)</translation>
    </message>
    <message>
        <source>Letters are filled from {0}.</source>
        <translation>信函按 {0} 填写。</translation>
    </message>
    <message>
        <source>No letter to write: no card chosen has an address.</source>
        <translation>没有可写的信：所选卡片都没有地址。</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Save letters</source>
        <translation>保存信函</translation>
    </message>
    <message>
        <source>labels</source>
        <translation>地址标签</translation>
    </message>
    <message>
        <source>envelopes</source>
        <translation>信封</translation>
    </message>
    <message>
        <source>{0} letter; no address, no letter: {1}</source>
        <translation>{0} 封信；没有地址、未写信：{1}</translation>
    </message>
    <message>
        <source>{0} letters; no address, no letter: {1}</source>
        <translation>{0} 封信；没有地址、未写信：{1}</translation>
    </message>
</context>
<context>
    <name>LogContactDialog</name>
    <message>
        <source>Log contact — {0}</source>
        <translation>记录联系 — {0}</translation>
    </message>
    <message>
        <source>What was said, what you learned</source>
        <translation>谈了什么，了解到什么</translation>
    </message>
    <message>
        <source>What was agreed, what comes next</source>
        <translation>约定了什么，下一步做什么</translation>
    </message>
    <message>
        <source>&amp;When:</source>
        <translation>时间(&amp;W)：</translation>
    </message>
    <message>
        <source>C&amp;hannel:</source>
        <translation>方式(&amp;H)：</translation>
    </message>
    <message>
        <source>&amp;Summary:</source>
        <translation>内容(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Outcome:</source>
        <translation>结果(&amp;O)：</translation>
    </message>
    <message>
        <source>Payment &amp;collected:</source>
        <translation>当场收款(&amp;C)：</translation>
    </message>
    <message>
        <source>Owed now: {0}</source>
        <translation>目前欠款：{0}</translation>
    </message>
    <message>
        <source>Change the grade in the same step</source>
        <translation>同时调整等级</translation>
    </message>
    <message>
        <source>Reason (default: the summary):</source>
        <translation>原因（默认为沟通内容）：</translation>
    </message>
    <message>
        <source>Log contact</source>
        <translation>记录联系</translation>
    </message>
    <message>
        <source>{0} of {1} characters</source>
        <translation>{0} / {1} 字</translation>
    </message>
    <message>
        <source>{0} characters: at most {1} are kept; shorten the summary.</source>
        <translation>{0} 字：最多保留 {1} 字，请缩短摘要。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>SalesDesk — {0}</source>
        <translation>SalesDesk — {0}</translation>
    </message>
    <message>
        <source>Your cards will be listed here</source>
        <translation>您的客户卡片将列在这里</translation>
    </message>
    <message>
        <source>A card holds everything about one customer: phones, WeChat, the grade from A (about to buy) to F, and every contact. Start with your first customer, bring in a list you already keep, or look around with made-up cards.</source>
        <translation>一张卡片记下一位客户的全部信息：电话、微信、从 A（即将购买）到 F 的等级，以及每一次联系。从第一位客户开始，导入您已有的名单，或先用示例卡片看看。</translation>
    </message>
    <message>
        <source>Ca&amp;rds</source>
        <translation>客户卡片(&amp;R)</translation>
    </message>
    <message>
        <source>Opened read-only: another SalesDesk window is using this file.</source>
        <translation>以只读方式打开：另一个 SalesDesk 窗口正在使用此文件。</translation>
    </message>
    <message>
        <source>&amp;New card…</source>
        <translation>新建卡片(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>查找(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Save card</source>
        <translation>保存卡片(&amp;S)</translation>
    </message>
    <message>
        <source>Re&amp;vert card</source>
        <translation>还原卡片(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Log contact…</source>
        <translation>记录联系(&amp;L)…</translation>
    </message>
    <message>
        <source>Change &amp;grade…</source>
        <translation>调整等级(&amp;G)…</translation>
    </message>
    <message>
        <source>&amp;Delete card</source>
        <translation>删除卡片(&amp;D)</translation>
    </message>
    <message>
        <source>Deleted ca&amp;rds…</source>
        <translation>已删除的卡片(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Clear filters</source>
        <translation>清除筛选(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Details</source>
        <translation>详情(&amp;D)</translation>
    </message>
    <message>
        <source>Contact &amp;log</source>
        <translation>联系记录(&amp;L)</translation>
    </message>
    <message>
        <source>Grade &amp;path</source>
        <translation>等级轨迹(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>修改历史(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Getting started</source>
        <translation>入门指南(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>Try with &amp;demo data</source>
        <translation>用示例数据试用(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;About SalesDesk</source>
        <translation>关于 SalesDesk(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 &amp;Qt</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>S&amp;ync</source>
        <translation>同步(&amp;Y)</translation>
    </message>
    <message>
        <source>&amp;Backups</source>
        <translation>备份(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Card</source>
        <translation>卡片(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Undo {0}</source>
        <translation>撤销{0}(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo {0}</source>
        <translation>重做{0}(&amp;R)</translation>
    </message>
    <message>
        <source>{0} of {1} cards</source>
        <translation>{0} / {1} 张卡片</translation>
    </message>
    <message>
        <source>{0} of {1} card</source>
        <translation>{0} / {1} 张卡片</translation>
    </message>
    <message>
        <source>Contact logged for {0}.</source>
        <translation>已记录与 {0} 的联系。</translation>
    </message>
    <message>
        <source>Delete the card of {0}? Undo brings it back.</source>
        <translation>删除 {0} 的卡片吗？可以撤销恢复。</translation>
    </message>
    <message>
        <source>Delete card</source>
        <translation>删除卡片</translation>
    </message>
    <message>
        <source>Deleted {0}.</source>
        <translation>已删除 {0}。</translation>
    </message>
    <message>
        <source>Demo data: made-up cards in {0}. Your own cards are not touched. &lt;a href=&quot;back&quot;&gt;Back to my cards&lt;/a&gt;</source>
        <translation>示例数据：{0} 中的虚构卡片，不会改动您自己的卡片。&lt;a href=&quot;back&quot;&gt;回到我的卡片&lt;/a&gt;</translation>
    </message>
    <message>
        <source>About SalesDesk</source>
        <translation>关于 SalesDesk</translation>
    </message>
    <message>
        <source>SalesDesk {0}

Customer cards graded A to F, a contact log for every card, and sync by copying a file.</source>
        <translation>SalesDesk {0}

按 A 到 F 分级的客户卡片，每张卡片都有联系记录，复制一个文件即可同步。</translation>
    </message>
    <message>
        <source>Log file: {0}</source>
        <translation>日志文件：{0}</translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <source>Match the columns</source>
        <translation>对应列</translation>
    </message>
    <message>
        <source>Choose the card field for each column, or skip it.</source>
        <translation>为每一列选择对应的卡片字段，或跳过。</translation>
    </message>
    <message>
        <source>Column in the file</source>
        <translation>文件中的列</translation>
    </message>
    <message>
        <source>First values</source>
        <translation>前几个值</translation>
    </message>
    <message>
        <source>Card field</source>
        <translation>卡片字段</translation>
    </message>
    <message>
        <source>As the file shows (day first if it cannot tell)</source>
        <translation>按文件判断（无法判断时日在前）</translation>
    </message>
    <message>
        <source>Not imported: {0}</source>
        <translation>不导入：{0}</translation>
    </message>
    <message>
        <source>Every column is imported.</source>
        <translation>所有列都会导入。</translation>
    </message>
    <message>
        <source>Dates in &apos;{0}&apos; (such as 3/5/1980) could be day or month first: which?</source>
        <translation>“{0}”中的日期（如 3/5/1980）可能是日在前，也可能是月在前：请选择。</translation>
    </message>
    <message>
        <source>Day first (5/3/2025)</source>
        <translation>日在前（5/3/2025）</translation>
    </message>
    <message>
        <source>Month first (3/5/2025)</source>
        <translation>月在前（3/5/2025）</translation>
    </message>
    <message>
        <source>Remember this matching for the next file like this</source>
        <translation>记住此对应关系，用于下一个同类文件</translation>
    </message>
    <message>
        <source>Dates such as 3/5/2025:</source>
        <translation>类似 3/5/2025 的日期：</translation>
    </message>
</context>
<context>
    <name>MergePreviewDialog</name>
    <message>
        <source>Merge from {0}</source>
        <translation>从 {0} 合并</translation>
    </message>
    <message>
        <source>Reading {0}…</source>
        <translation>正在读取 {0}…</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>已更新</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>Unchanged</source>
        <translation>未变</translation>
    </message>
    <message>
        <source>Likely duplicates</source>
        <translation>疑似重复</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Merging {0}… a backup of your cards is taken first.</source>
        <translation>正在合并 {0}… 会先备份您的客户卡片。</translation>
    </message>
    <message>
        <source>Merging the file of {0} will do this:</source>
        <translation>合并 {0} 的文件将会：</translation>
    </message>
    <message>
        <source>Nothing new in the file of {0}: your cards have it all.</source>
        <translation>{0} 的文件中没有新内容：您的卡片已全部包含。</translation>
    </message>
    <message>
        <source>A delta from {0}: only the changes this laptop lacked, since your last exchange.</source>
        <translation>来自 {0} 的增量文件：只含上次交换以来本机缺少的更改。</translation>
    </message>
    <message>
        <source>A full sync file from {0}: all of its cards.</source>
        <translation>来自 {0} 的完整同步文件：含其全部卡片。</translation>
    </message>
    <message>
        <source>Merged. {0} new, {1} updated, {2} deleted.</source>
        <translation>合并完成。新增 {0}，更新 {1}，删除 {2}。</translation>
    </message>
    <message>
        <source>{0} conflict kept both values: see File &gt; Sync &gt; Conflicts and duplicates.</source>
        <translation>{0} 处冲突保留了两个值：请查看 文件 &gt; 同步 &gt; 冲突与重复。</translation>
    </message>
    <message>
        <source>{0} conflicts kept both values: see File &gt; Sync &gt; Conflicts and duplicates.</source>
        <translation>{0} 处冲突保留了两个值：请查看 文件 &gt; 同步 &gt; 冲突与重复。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>same phone</source>
        <translation>电话相同</translation>
    </message>
    <message>
        <source>same name and company</source>
        <translation>姓名和公司相同</translation>
    </message>
    <message>
        <source>{0}  ↔  {1}  ({2})</source>
        <translation>{0}  ↔  {1}（{2}）</translation>
    </message>
    <message>
        <source>None: no card looks like another.</source>
        <translation>无：没有相似的卡片。</translation>
    </message>
    <message>
        <source>Likely duplicates ({0}) — never merged by themselves</source>
        <translation>疑似重复（{0}）— 不会自动合并</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>SalesDesk</source>
        <translation>SalesDesk</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
</context>
<context>
    <name>NewCardDialog</name>
    <message>
        <source>New card</source>
        <translation>新建卡片</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>姓名(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Company:</source>
        <translation>公司(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation>电话(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Area:</source>
        <translation>区域(&amp;A)：</translation>
    </message>
    <message>
        <source>Create card</source>
        <translation>创建卡片</translation>
    </message>
</context>
<context>
    <name>NewPassphraseDialog</name>
    <message>
        <source>Remember in the system keychain</source>
        <translation>记住口令（保存在系统钥匙串中）</translation>
    </message>
    <message>
        <source>At least {0} characters. Without it the cards cannot be opened: keep it somewhere safe.</source>
        <translation>至少 {0} 个字符。没有口令就无法打开客户卡片：请妥善保管。</translation>
    </message>
    <message>
        <source>New passphrase:</source>
        <translation>新口令：</translation>
    </message>
    <message>
        <source>Again:</source>
        <translation>再输入一次：</translation>
    </message>
    <message>
        <source>The passphrase needs at least {0} characters.</source>
        <translation>口令至少需要 {0} 个字符。</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>两次输入的口令不一致。</translation>
    </message>
</context>
<context>
    <name>Ops</name>
    <message>
        <source>The backup was not restored.
{0}</source>
        <translation>备份未能恢复。
{0}</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>Encrypted database</source>
        <translation>加密的数据库</translation>
    </message>
    <message>
        <source>{0} is encrypted. Enter its passphrase to open it.</source>
        <translation>{0} 已加密。请输入口令来打开它。</translation>
    </message>
    <message>
        <source>Remember in the system keychain</source>
        <translation>记住口令（保存在系统钥匙串中）</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Passphrase:</source>
        <translation>口令：</translation>
    </message>
    <message>
        <source>Wrong passphrase: one more try.</source>
        <translation>口令不对：还可以再试 1 次。</translation>
    </message>
    <message>
        <source>Wrong passphrase: {0} more tries.</source>
        <translation>口令不对：还可以再试 {0} 次。</translation>
    </message>
</context>
<context>
    <name>PaymentDialog</name>
    <message>
        <source>Record payment — {0}</source>
        <translation>登记收款 — {0}</translation>
    </message>
    <message>
        <source>&amp;Paid on:</source>
        <translation>收款日期(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Amount:</source>
        <translation>金额(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Method:</source>
        <translation>方式(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>备注(&amp;N)：</translation>
    </message>
    <message>
        <source>Still due on this deal: {0}</source>
        <translation>此成交尚未收取：{0}</translation>
    </message>
    <message>
        <source>Record payment</source>
        <translation>登记收款</translation>
    </message>
</context>
<context>
    <name>PeriodPicker</name>
    <message>
        <source>Last 3 months</source>
        <translation>最近 3 个月</translation>
    </message>
    <message>
        <source>Last 12 months</source>
        <translation>最近 12 个月</translation>
    </message>
    <message>
        <source>All history</source>
        <translation>全部历史</translation>
    </message>
    <message>
        <source>From … to …</source>
        <translation>自定义起止…</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>期间：</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
</context>
<context>
    <name>PhonesEditor</name>
    <message>
        <source>Add phone</source>
        <translation>添加电话</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>号码</translation>
    </message>
    <message>
        <source>Remove this phone</source>
        <translation>删除此电话</translation>
    </message>
</context>
<context>
    <name>PlanDialog</name>
    <message>
        <source>Payment plan — {0}</source>
        <translation>收款计划 — {0}</translation>
    </message>
    <message>
        <source>Paid &amp;at once</source>
        <translation>一次付清(&amp;A)</translation>
    </message>
    <message>
        <source>In &amp;installments</source>
        <translation>分期(&amp;I)</translation>
    </message>
    <message>
        <source>months</source>
        <translation>个月</translation>
    </message>
    <message>
        <source>days</source>
        <translation>天</translation>
    </message>
    <message>
        <source>every</source>
        <translation>每</translation>
    </message>
    <message>
        <source>Deal amount:</source>
        <translation>成交金额：</translation>
    </message>
    <message>
        <source>&amp;First due:</source>
        <translation>第一期到期(&amp;F)：</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Save plan</source>
        <translation>保存计划</translation>
    </message>
    <message>
        <source>Adds up to the deal: {0}</source>
        <translation>合计等于成交金额：{0}</translation>
    </message>
    <message>
        <source>The installments add up to {0}, not {1}.</source>
        <translation>各期合计 {0}，不等于 {1}。</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>偏好设置</translation>
    </message>
    <message>
        <source>You</source>
        <translation>个人</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>回访</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>预警</translation>
    </message>
    <message>
        <source>Credit</source>
        <translation>信用</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Privacy</source>
        <translation>隐私</translation>
    </message>
</context>
<context>
    <name>PrivacyPage</name>
    <message>
        <source>Encrypt with a passphrase…</source>
        <translation>用口令加密…</translation>
    </message>
    <message>
        <source>Change the passphrase…</source>
        <translation>更改口令…</translation>
    </message>
    <message>
        <source>Remove the encryption…</source>
        <translation>取消加密…</translation>
    </message>
    <message>
        <source>Remove the plain copies…</source>
        <translation>删除未加密的副本…</translation>
    </message>
    <message>
        <source>An encrypted database, and its backups, can only be read with the passphrase: a lost laptop or USB stick shows nothing of your customers.</source>
        <translation>加密的数据库及其备份只有用口令才能读取：即使笔记本电脑或 U 盘丢失，也不会泄露客户资料。</translation>
    </message>
    <message>
        <source>Set the team passphrase…</source>
        <translation>设置团队口令…</translation>
    </message>
    <message>
        <source>Forget it</source>
        <translation>忘记它</translation>
    </message>
    <message>
        <source>This database is encrypted, but {0} plain copy of it (a backup made before the encryption) is still readable by anyone.</source>
        <translation>此数据库已加密，但还有 {0} 个未加密的副本（加密前的备份），任何人都能读取。</translation>
    </message>
    <message>
        <source>This database is encrypted, but {0} plain copies of it (backups made before the encryption) are still readable by anyone.</source>
        <translation>此数据库已加密，但还有 {0} 个未加密的副本（加密前的备份），任何人都能读取。</translation>
    </message>
    <message>
        <source>This database is encrypted.</source>
        <translation>此数据库已加密。</translation>
    </message>
    <message>
        <source>This database is not encrypted: anyone who has the file can read it.</source>
        <translation>此数据库没有加密：任何拿到文件的人都能读取。</translation>
    </message>
    <message>
        <source>Sync files can be encrypted with a team passphrase shared by the laptops that sync together; it is kept inside an encrypted database only.</source>
        <translation>同步文件可以用团队口令加密，这个口令由一起同步的各台电脑共用；它只保存在加密的数据库中。</translation>
    </message>
    <message>
        <source>Sync files are encrypted with the team passphrase, and merged with it.</source>
        <translation>同步文件用团队口令加密，合并时也用它解密。</translation>
    </message>
    <message>
        <source>Sync files are not encrypted: set the team passphrase to encrypt them.</source>
        <translation>同步文件没有加密：设置团队口令即可加密。</translation>
    </message>
</context>
<context>
    <name>PrivacyUi</name>
    <message>
        <source>E&amp;xport this person&apos;s data…</source>
        <translation>导出此人的资料(&amp;X)…</translation>
    </message>
    <message>
        <source>Erase this &amp;person…</source>
        <translation>抹除此人(&amp;P)…</translation>
    </message>
    <message>
        <source>Export this person&apos;s data</source>
        <translation>导出此人的资料</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <source>Saved {0}.</source>
        <translation>已保存 {0}。</translation>
    </message>
    <message>
        <source>Erase {0} and everything about them: contacts, visits, deals, cases, history? The erasure syncs: every laptop that syncs with this one erases them too. This cannot be undone.</source>
        <translation>抹除 {0} 及其全部资料：联系记录、拜访、成交、服务事项和修改历史？抹除会同步：每台与本机同步的电脑也会抹除此人。此操作无法撤销。</translation>
    </message>
    <message>
        <source>Erase</source>
        <translation>抹除</translation>
    </message>
    <message>
        <source>{0} was erased.</source>
        <translation>{0} 已抹除。</translation>
    </message>
    <message>
        <source>{0} backup still holds this person. Rewrite it without?</source>
        <translation>仍有 {0} 个备份含有此人。要重写这个备份、去掉此人吗？</translation>
    </message>
    <message>
        <source>{0} backups still hold this person. Rewrite them without?</source>
        <translation>仍有 {0} 个备份含有此人。要重写这些备份、去掉此人吗？</translation>
    </message>
    <message>
        <source>Rewrite</source>
        <translation>重写</translation>
    </message>
    <message>
        <source>{0} backup rewritten.</source>
        <translation>已重写 {0} 个备份。</translation>
    </message>
    <message>
        <source>{0} backups rewritten.</source>
        <translation>已重写 {0} 个备份。</translation>
    </message>
    <message>
        <source>At least {0} characters. Every laptop that syncs with yours types this same team passphrase: it encrypts the sync files you share. It is not your database&apos;s passphrase.</source>
        <translation>至少 {0} 个字符。与你一起同步的每台电脑都输入这同一个团队口令：它用来加密你们共享的同步文件。它不是本数据库的口令。</translation>
    </message>
    <message>
        <source>Team passphrase</source>
        <translation>团队口令</translation>
    </message>
    <message>
        <source>Encrypt the database</source>
        <translation>加密数据库</translation>
    </message>
    <message>
        <source>Encrypting the database…</source>
        <translation>正在加密数据库…</translation>
    </message>
    <message>
        <source>Change the passphrase</source>
        <translation>更改口令</translation>
    </message>
    <message>
        <source>That is not the current passphrase.</source>
        <translation>这不是当前的口令。</translation>
    </message>
    <message>
        <source>Changing the passphrase…</source>
        <translation>正在更改口令…</translation>
    </message>
    <message>
        <source>Remove the encryption</source>
        <translation>取消加密</translation>
    </message>
    <message>
        <source>Make the database a plain file again? Anyone who has the file can then read it.</source>
        <translation>把数据库还原为未加密的文件吗？之后任何拿到文件的人都能读取。</translation>
    </message>
    <message>
        <source>Remove encryption</source>
        <translation>取消加密</translation>
    </message>
    <message>
        <source>Removing the encryption…</source>
        <translation>正在取消加密…</translation>
    </message>
    <message>
        <source>Privacy</source>
        <translation>隐私</translation>
    </message>
    <message>
        <source>The database is encrypted. {0} plain copy of it (a backup made before) is still readable by anyone: remove it?</source>
        <translation>数据库已加密。它还有 {0} 个未加密的副本（之前的备份），任何人都能读取：要删除它吗？</translation>
    </message>
    <message>
        <source>The database is encrypted. {0} plain copies of it (backups made before) are still readable by anyone: remove them?</source>
        <translation>数据库已加密。它还有 {0} 个未加密的副本（之前的备份），任何人都能读取：要删除它们吗？</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>完成。</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
    <message>
        <source>Directory</source>
        <translation>文件夹</translation>
    </message>
</context>
<context>
    <name>ReferrerField</name>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>No referrer</source>
        <translation>无介绍人</translation>
    </message>
</context>
<context>
    <name>Reminder</name>
    <message>
        <source>1 visit due today, overdue.</source>
        <translation>今日有 1 个回访到期，已逾期。</translation>
    </message>
    <message>
        <source>1 visit due today.</source>
        <translation>今日有 1 个回访到期。</translation>
    </message>
    <message>
        <source>{0} visits due today, {1} of them overdue.</source>
        <translation>今日有 {0} 个回访到期，其中 {1} 个已逾期。</translation>
    </message>
    <message>
        <source>{0} service case is waiting for a first response.</source>
        <translation>{0} 个服务事项等待首次响应。</translation>
    </message>
    <message>
        <source>{0} service cases are waiting for a first response.</source>
        <translation>{0} 个服务事项等待首次响应。</translation>
    </message>
    <message>
        <source>{0} at {1}: {2}</source>
        <translation>{0}，{1}：{2}</translation>
    </message>
    <message>
        <source>SalesDesk — visits</source>
        <translation>SalesDesk — 回访</translation>
    </message>
</context>
<context>
    <name>ResultPage</name>
    <message>
        <source>Import finished</source>
        <translation>导入完成</translation>
    </message>
    <message>
        <source>Created: {0}</source>
        <translation>新建：{0}</translation>
    </message>
    <message>
        <source>Updated: {0}</source>
        <translation>更新：{0}</translation>
    </message>
    <message>
        <source>Skipped: {0}</source>
        <translation>跳过：{0}</translation>
    </message>
    <message>
        <source>Deals: {0}</source>
        <translation>成交记录：{0}</translation>
    </message>
    <message>
        <source>Likely duplicates, kept as separate cards: {0} group. Merge or dismiss it in File &gt; Sync &gt; Conflicts and duplicates.</source>
        <translation>疑似重复，已分别建卡：{0} 组。可在“文件 &gt; 同步 &gt; 冲突和重复”中合并或忽略。</translation>
    </message>
    <message>
        <source>Likely duplicates, kept as separate cards: {0} groups. Merge or dismiss them in File &gt; Sync &gt; Conflicts and duplicates.</source>
        <translation>疑似重复，已分别建卡：{0} 组。可在“文件 &gt; 同步 &gt; 冲突和重复”中合并或忽略。</translation>
    </message>
    <message>
        <source>Rows with problems: {0}</source>
        <translation>有问题的行：{0}</translation>
    </message>
    <message>
        <source>Edit &gt; Undo takes the whole import back.</source>
        <translation>编辑 &gt; 撤销 可撤回整个导入。</translation>
    </message>
</context>
<context>
    <name>SalespersonPage</name>
    <message>
        <source>Optional</source>
        <translation>可不填</translation>
    </message>
    <message>
        <source>Your &amp;name:</source>
        <translation>您的姓名(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Team:</source>
        <translation>团队(&amp;T)：</translation>
    </message>
    <message>
        <source>Your name heads the manager&apos;s workbook and the day sheet, and names this computer&apos;s file when you sync.</source>
        <translation>您的姓名会显示在给经理的工作簿和日程单上，同步时也用它命名本机的文件。</translation>
    </message>
</context>
<context>
    <name>ScanReview</name>
    <message>
        <source>Scan business cards</source>
        <translation>扫描名片</translation>
    </message>
    <message>
        <source>Stop reading</source>
        <translation>停止识别</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>姓名(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Company:</source>
        <translation>公司(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Department:</source>
        <translation>部门(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>职位(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;E-mail:</source>
        <translation>电子邮件(&amp;E)：</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>地址(&amp;A)：</translation>
    </message>
    <message>
        <source>A&amp;rea:</source>
        <translation>区域(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;WeChat ID:</source>
        <translation>微信号(&amp;W)：</translation>
    </message>
    <message>
        <source>&amp;Phones:</source>
        <translation>电话(&amp;P)：</translation>
    </message>
    <message>
        <source>Webs&amp;ite:</source>
        <translation>网址(&amp;I)：</translation>
    </message>
    <message>
        <source>Already a card</source>
        <translation>已有此客户的卡片</translation>
    </message>
    <message>
        <source>&amp;Update that card</source>
        <translation>更新那张卡片(&amp;U)</translation>
    </message>
    <message>
        <source>Add as &amp;new card</source>
        <translation>新建一张卡片(&amp;N)</translation>
    </message>
    <message>
        <source>S&amp;kip</source>
        <translation>跳过(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Save card</source>
        <translation>保存卡片(&amp;S)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Next image is the &amp;back side</source>
        <translation>下一张是背面(&amp;B)</translation>
    </message>
    <message>
        <source>Read the next image as the other side of this card (a Chinese and an English side): it fills what this side lacks, and both images are kept.</source>
        <translation>把下一张图片当作这张名片的另一面（中文面和英文面）：补上这一面缺少的内容，两张图片都保留。</translation>
    </message>
    <message>
        <source>{0} could not be read.</source>
        <translation>无法识别 {0}。</translation>
    </message>
    <message>
        <source>Not read: {0}</source>
        <translation>未能识别：{0}</translation>
    </message>
    <message>
        <source>{0} of {1} image read.</source>
        <translation>已识别 {0}/{1} 张图片。</translation>
    </message>
    <message>
        <source>{0} of {1} images read.</source>
        <translation>已识别 {0}/{1} 张图片。</translation>
    </message>
    <message>
        <source>Reading image {0} of {1}…</source>
        <translation>正在识别第 {0} 张图片（共 {1} 张）…</translation>
    </message>
    <message>
        <source>Loading the card reader and reading the first image…</source>
        <translation>正在加载名片识别并识别第一张图片…</translation>
    </message>
    <message>
        <source>Waiting for the next card…</source>
        <translation>正在等待下一张名片…</translation>
    </message>
    <message>
        <source>Card {0} of {1}: {2} (confidence {3:.0%})</source>
        <translation>第 {0} 张名片（共 {1} 张）：{2}（可信度 {3:.0%}）</translation>
    </message>
    <message>
        <source>same mobile</source>
        <translation>手机号相同</translation>
    </message>
    <message>
        <source>same e-mail</source>
        <translation>电子邮件相同</translation>
    </message>
    <message>
        <source>same name and company</source>
        <translation>姓名和公司相同</translation>
    </message>
    <message>
        <source>{0} is already a card ({1}).</source>
        <translation>{0} 已有卡片（{1}）。</translation>
    </message>
    <message>
        <source>One card from both sides: {0}</source>
        <translation>正反两面合成一张卡片：{0}</translation>
    </message>
    <message>
        <source>Business cards: {0} new, {1} updated, {2} skipped, {3} not read.</source>
        <translation>名片：新建 {0} 张，更新 {1} 张，跳过 {2} 张，{3} 张未能识别。</translation>
    </message>
    <message>
        <source>(no preview)</source>
        <translation>（无预览）</translation>
    </message>
</context>
<context>
    <name>ScanUi</name>
    <message>
        <source>{0} does not exist.</source>
        <translation>{0} 不存在。</translation>
    </message>
    <message>
        <source>{0} is a folder, not an image.</source>
        <translation>{0} 是文件夹，不是图片。</translation>
    </message>
    <message>
        <source>{0} cannot be read.</source>
        <translation>无法读取 {0}。</translation>
    </message>
    <message>
        <source>{0} is an empty file, not an image.</source>
        <translation>{0} 是空文件，不是图片。</translation>
    </message>
    <message>
        <source>{0} is not an image SalesDesk can read.</source>
        <translation>{0} 不是 SalesDesk 能读取的图片。</translation>
    </message>
    <message>
        <source>{0} is too small to read a card from.</source>
        <translation>{0} 太小，无法识别名片。</translation>
    </message>
    <message>
        <source>No text was found on {0}: is it a business card?</source>
        <translation>{0} 上没有找到文字：这是名片吗？</translation>
    </message>
    <message>
        <source>{0} has text but no name, company, phone or e-mail was found on it.</source>
        <translation>{0} 上有文字，但没有找到姓名、公司、电话或电子邮件。</translation>
    </message>
    <message>
        <source>&amp;Scan business cards…</source>
        <translation>扫描名片(&amp;S)…</translation>
    </message>
    <message>
        <source>Scan &amp;a card from the clipboard</source>
        <translation>从剪贴板扫描名片(&amp;A)</translation>
    </message>
    <message>
        <source>The clipboard holds no image: copy a card&apos;s photo first.</source>
        <translation>剪贴板里没有图片：请先复制一张名片照片。</translation>
    </message>
    <message>
        <source>Scan business cards</source>
        <translation>扫描名片</translation>
    </message>
    <message>
        <source>Card images ({0})</source>
        <translation>名片图片 ({0})</translation>
    </message>
</context>
<context>
    <name>SyncPrefsPage</name>
    <message>
        <source>No folder: sync by hand from File &gt; Sync</source>
        <translation>未设文件夹：通过 文件 &gt; 同步 手动同步</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Sync when SalesDesk starts</source>
        <translation>SalesDesk 启动时同步</translation>
    </message>
    <message>
        <source>Sync when SalesDesk closes</source>
        <translation>SalesDesk 关闭时同步</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <source>Each laptop writes its own file into the folder and merges the files of the others. A shared, cloud-synced folder or a USB stick works: no server needed.</source>
        <translation>每台笔记本电脑把自己的文件写入该文件夹，并合并其他电脑的文件。共享的云同步文件夹或 U 盘都可以，无需服务器。</translation>
    </message>
    <message>
        <source>Sync folder:</source>
        <translation>同步文件夹：</translation>
    </message>
    <message>
        <source>Choose the sync folder</source>
        <translation>选择同步文件夹</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>{0} ({1})</source>
        <translation>{0}（{1}）</translation>
    </message>
    <message>
        <source>Last synced at {0}.</source>
        <translation>上次同步于 {0}。</translation>
    </message>
    <message>
        <source>Not synced through a folder yet.</source>
        <translation>尚未通过文件夹同步。</translation>
    </message>
    <message>
        <source>Merged from: {0}.</source>
        <translation>合并来源：{0}。</translation>
    </message>
    <message>
        <source>Your card file itself lies in a cloud-synced folder ({0}). A cloud client can copy it half-written. Keep the card file in SalesDesk&apos;s own folder and choose the cloud folder here as the sync folder instead.</source>
        <translation>您的卡片文件本身位于云同步文件夹中（{0}）。云客户端可能在文件写到一半时复制它。请把卡片文件放在 SalesDesk 自己的文件夹中，并在这里把云文件夹设为同步文件夹。</translation>
    </message>
</context>
<context>
    <name>SyncUi</name>
    <message>
        <source>New</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>已更新</translation>
    </message>
    <message>
        <source>Unchanged</source>
        <translation>未变</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>&amp;Export sync file…</source>
        <translation>导出同步文件(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Merge from file…</source>
        <translation>从文件合并(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Sync now</source>
        <translation>立即同步(&amp;S)</translation>
    </message>
    <message>
        <source>Sync &amp;folder…</source>
        <translation>同步文件夹(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Conflicts and duplicates…</source>
        <translation>冲突与重复(&amp;C)…</translation>
    </message>
    <message>
        <source>Merge from file</source>
        <translation>从文件合并</translation>
    </message>
    <message>
        <source>SalesDesk files (*.salesdesk *.db);;All files (*)</source>
        <translation>SalesDesk 文件 (*.salesdesk *.db);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Sync: {0} message</source>
        <translation>同步：{0} 条消息</translation>
    </message>
    <message>
        <source>Sync: {0} messages</source>
        <translation>同步：{0} 条消息</translation>
    </message>
    <message>
        <source>Show what the sync had to say</source>
        <translation>查看同步留下的消息</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Choose where to write the sync file</source>
        <translation>选择同步文件的保存位置</translation>
    </message>
    <message>
        <source>Writing the sync file…</source>
        <translation>正在写入同步文件…</translation>
    </message>
    <message>
        <source>Wrote {0}.</source>
        <translation>已写入 {0}。</translation>
    </message>
    <message>
        <source>The sync file could not be written.
{0}</source>
        <translation>无法写入同步文件。
{0}</translation>
    </message>
    <message>
        <source>{0} cannot be merged; your cards are unchanged.

{1}</source>
        <translation>无法合并 {0}；您的卡片没有改动。

{1}</translation>
    </message>
    <message>
        <source>Merged {0}: {1} new, {2} updated, {3} conflict.</source>
        <translation>已合并 {0}：新增 {1}，更新 {2}，冲突 {3}。</translation>
    </message>
    <message>
        <source>Merged {0}: {1} new, {2} updated, {3} conflicts.</source>
        <translation>已合并 {0}：新增 {1}，更新 {2}，冲突 {3}。</translation>
    </message>
    <message>
        <source>Synced with the folder: {0} file merged, {1} unchanged.</source>
        <translation>已与文件夹同步：合并 {0} 个文件，{1} 个未变。</translation>
    </message>
    <message>
        <source>Synced with the folder: {0} files merged, {1} unchanged.</source>
        <translation>已与文件夹同步：合并 {0} 个文件，{1} 个未变。</translation>
    </message>
    <message>
        <source>Your file there holds only what the others lack.</source>
        <translation>您在其中的文件只含其他电脑缺少的内容。</translation>
    </message>
    <message>
        <source>{0} builds on changes this laptop does not have yet: it will merge after {1} syncs again.</source>
        <translation>{0} 依赖本机尚没有的更改：{1}再次同步后即可合并。</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <source>Some files in the sync folder could not be merged:
{0}</source>
        <translation>同步文件夹中有些文件无法合并：
{0}</translation>
    </message>
    <message>
        <source>Sync did not run: {0}</source>
        <translation>同步未执行：{0}</translation>
    </message>
    <message>
        <source>Syncing with {0}…</source>
        <translation>正在与 {0} 同步…</translation>
    </message>
    <message>
        <source>Wait a moment: SalesDesk is merging.</source>
        <translation>请稍候：SalesDesk 正在合并。</translation>
    </message>
    <message>
        <source>Sync folder</source>
        <translation>同步文件夹</translation>
    </message>
</context>
<context>
    <name>TeamOpenDialog</name>
    <message>
        <source>Open team hub as manager</source>
        <translation>以经理身份打开团队数据库</translation>
    </message>
    <message>
        <source>The team&apos;s figures are read from the hub: only a manager of the hub can open them.</source>
        <translation>团队的数据直接从团队数据库读取：只有团队数据库的经理才能打开。</translation>
    </message>
</context>
<context>
    <name>TeamUi</name>
    <message>
        <source>Open team &amp;hub as manager…</source>
        <translation>以经理身份打开团队数据库(&amp;H)…</translation>
    </message>
    <message>
        <source>Opening {0}…</source>
        <translation>正在打开{0}…</translation>
    </message>
    <message>
        <source>Opened {0}.</source>
        <translation>已打开{0}。</translation>
    </message>
    <message>
        <source>The team hub did not open.
{0}</source>
        <translation>团队数据库没有打开。
{0}</translation>
    </message>
</context>
<context>
    <name>TeamView</name>
    <message>
        <source>SalesDesk — Team view: {0}</source>
        <translation>SalesDesk — 团队视图：{0}</translation>
    </message>
    <message>
        <source>The whole team</source>
        <translation>全体团队</translation>
    </message>
    <message>
        <source>Export workbook…</source>
        <translation>导出工作簿…</translation>
    </message>
    <message>
        <source>Salesperson:</source>
        <translation>销售人员：</translation>
    </message>
    <message>
        <source>Salespeople compared (double-click one to see only theirs):</source>
        <translation>销售员对比（双击某人只看他/她的数据）：</translation>
    </message>
    <message>
        <source>Export the team&apos;s workbook</source>
        <translation>导出团队工作簿</translation>
    </message>
    <message>
        <source>Workbook (*.xlsx)</source>
        <translation>工作簿 (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>TimeField</name>
    <message>
        <source>Type a time, hours:minutes, like {0}.</source>
        <translation>请输入时间（时：分），如 {0}。</translation>
    </message>
    <message>
        <source>“{0}” is not a time. Type hours:minutes, like {1}.</source>
        <translation>“{0}”不是有效时间。请按 时：分 输入，如 {1}。</translation>
    </message>
</context>
<context>
    <name>Today</name>
    <message>
        <source>Idle: no contact for too long</source>
        <translation>长期未联系</translation>
    </message>
    <message>
        <source>Overdue since {0}</source>
        <translation>自 {0} 起逾期</translation>
    </message>
    <message>
        <source>set by hand</source>
        <translation>手动设定</translation>
    </message>
    <message>
        <source>Overdue — {0}</source>
        <translation>已逾期 — {0}</translation>
    </message>
    <message>
        <source>Today — {0}</source>
        <translation>今日 — {0}</translation>
    </message>
    <message>
        <source>Next {0} days — {1}</source>
        <translation>未来 {0} 天 — {1}</translation>
    </message>
    <message>
        <source>Nothing here.</source>
        <translation>暂无。</translation>
    </message>
    <message>
        <source>(no area)</source>
        <translation>（无区域）</translation>
    </message>
    <message>
        <source>{0} — {1}</source>
        <translation>{0} — {1}</translation>
    </message>
    <message>
        <source>… and {0} more</source>
        <translation>… 另有 {0} 个</translation>
    </message>
    <message>
        <source>Service cases waiting for a first response — {0}</source>
        <translation>等待首次响应的服务事项 — {0}</translation>
    </message>
    <message>
        <source>Waiting {0} h</source>
        <translation>已等待 {0} 小时</translation>
    </message>
    <message>
        <source>Customers at risk — {0}</source>
        <translation>有流失风险的客户 — {0}</translation>
    </message>
    <message>
        <source>No contact since the after-sales interval</source>
        <translation>超过售后回访间隔未联系</translation>
    </message>
    <message>
        <source>Payments to collect — {0}</source>
        <translation>待收款项 — {0}</translation>
    </message>
    <message>
        <source>Installment {0}/{1} of {2}: {3}</source>
        <translation>{2} 第 {0}/{1} 期：{3}</translation>
    </message>
    <message>
        <source>Overdue {0} day</source>
        <translation>逾期 {0} 天</translation>
    </message>
    <message>
        <source>Overdue {0} days</source>
        <translation>逾期 {0} 天</translation>
    </message>
    <message>
        <source>Spend down</source>
        <translation>消费下降</translation>
    </message>
    <message>
        <source>Silent</source>
        <translation>久未联系</translation>
    </message>
    <message>
        <source>Complaint open</source>
        <translation>投诉未解决</translation>
    </message>
    <message>
        <source>Key customer without contact</source>
        <translation>重点客户未联系</translation>
    </message>
    <message>
        <source>Early warnings — {0}</source>
        <translation>预警 — {0}</translation>
    </message>
    <message>
        <source>A team&apos;s book: name whose cards to plan on the Week tab.</source>
        <translation>这是团队的客户库：请在“本周”页填写要计划谁的客户。</translation>
    </message>
    <message>
        <source>Planned for today — {0}</source>
        <translation>今日计划 — {0}</translation>
    </message>
    <message>
        <source>Nothing planned: see the Week tab.</source>
        <translation>今天没有计划的拜访：请看“本周”页。</translation>
    </message>
    <message>
        <source>Birthdays this week — {0}</source>
        <translation>本周生日 — {0}</translation>
    </message>
</context>
<context>
    <name>TodayView</name>
    <message>
        <source>&amp;Log contact…</source>
        <translation>记录联系(&amp;L)…</translation>
    </message>
    <message>
        <source>Log the visit or call; the next visit is planned</source>
        <translation>记录这次拜访或电话，并安排下次回访</translation>
    </message>
    <message>
        <source>Re&amp;schedule…</source>
        <translation>改期(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Open card</source>
        <translation>打开卡片(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Dismiss</source>
        <translation>忽略(&amp;D)</translation>
    </message>
    <message>
        <source>Hide this early warning for seven days</source>
        <translation>七天内不再显示这条预警</translation>
    </message>
    <message>
        <source>No cards yet</source>
        <translation>还没有客户卡片</translation>
    </message>
    <message>
        <source>Your visits for today show here, district by district, once you have cards. Type in the first customer, bring in a list you already keep (Excel, CSV or vCard), or look around with made-up cards first.</source>
        <translation>有了客户卡片后，今天要拜访的客户会按区域列在这里。录入第一位客户，导入您已有的名单（Excel、CSV 或 vCard），或先用示例卡片看看。</translation>
    </message>
    <message>
        <source>Today, {0}</source>
        <translation>今日，{0}</translation>
    </message>
    <message>
        <source>Overdue: {0} · due today: {1} · next {3} days: {2} · cases waiting: {4} · customers at risk: {5}</source>
        <translation>逾期 {0} · 今日 {1} · 未来 {3} 天 {2} · 待响应事项 {4} · 流失风险客户 {5}</translation>
    </message>
    <message>
        <source> · payments to collect: {0} ({1} overdue)</source>
        <translation> · 待收款项：{0}（逾期 {1}）</translation>
    </message>
    <message>
        <source> · early warnings: {0} (at the end of the list)</source>
        <translation> · 预警 {0} 条（见列表末尾）</translation>
    </message>
    <message>
        <source>&amp;Copy greeting</source>
        <translation>复制祝福语(&amp;C)</translation>
    </message>
</context>
<context>
    <name>VisitDialog</name>
    <message>
        <source>At a set time</source>
        <translation>指定时间</translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation>日期(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Time:</source>
        <translation>时间(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Purpose:</source>
        <translation>目的(&amp;P)：</translation>
    </message>
    <message>
        <source>Reschedule visit — {0}</source>
        <translation>回访改期 — {0}</translation>
    </message>
</context>
<context>
    <name>VisitsPage</name>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Return visit after a contact, by grade</source>
        <translation>联系后多久回访（按等级）</translation>
    </message>
    <message>
        <source>{0} (default re-check date)</source>
        <translation>{0}（默认复查日期）</translation>
    </message>
    <message>
        <source>First visit planned by hand</source>
        <translation>首次拜访手动安排</translation>
    </message>
    <message>
        <source>A card is due after its interval and overdue after twice it. C and D cards come back on their own re-check date when one is set. Visits already planned keep their dates.</source>
        <translation>超过间隔天数的卡片即为到期，超过两倍间隔即为逾期。C 级和 D 级卡片如设有复查日期，则按复查日期回访。已安排的回访日期不变。</translation>
    </message>
    <message>
        <source>After a sale</source>
        <translation>成交之后</translation>
    </message>
    <message>
        <source>First after-sales visit after the deal:</source>
        <translation>成交后首次售后回访：</translation>
    </message>
    <message>
        <source>Then every:</source>
        <translation>之后每隔：</translation>
    </message>
    <message>
        <source>&amp;Plan visit…</source>
        <translation>安排回访(&amp;P)…</translation>
    </message>
    <message>
        <source>Plan a visit by hand</source>
        <translation>手动安排回访</translation>
    </message>
    <message>
        <source>Re&amp;schedule…</source>
        <translation>改期(&amp;S)…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消回访</translation>
    </message>
    <message>
        <source>Cancel the chosen visit</source>
        <translation>取消所选的回访</translation>
    </message>
    <message>
        <source>Co&amp;mplete…</source>
        <translation>完成(&amp;M)…</translation>
    </message>
    <message>
        <source>Log the contact this visit was; the next visit is planned from it</source>
        <translation>记录这次回访的联系内容，并据此安排下次回访</translation>
    </message>
    <message>
        <source>{0} planned, {1} in all</source>
        <translation>计划中 {0} 个，共 {1} 个</translation>
    </message>
    <message>
        <source>Plan visit — {0}</source>
        <translation>安排回访 — {0}</translation>
    </message>
    <message>
        <source>Cancel the visit on {0}?</source>
        <translation>取消 {0} 的回访吗？</translation>
    </message>
    <message>
        <source>Cancel visit</source>
        <translation>取消回访</translation>
    </message>
</context>
<context>
    <name>WarningsPage</name>
    <message>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <source>Warn of a 40 % drop in spend when the month before was over:</source>
        <translation>上月消费超过此金额且本月下降 40% 时预警：</translation>
    </message>
    <message>
        <source>Answer a complaint within:</source>
        <translation>投诉响应时限：</translation>
    </message>
    <message>
        <source>Answered like a conversation within:</source>
        <translation>像对话一样及时的响应时限：</translation>
    </message>
    <message>
        <source>Today also warns of a regular customer silent for twice their usual interval and of a key customer without contact for their grade&apos;s interval.</source>
        <translation>“今天”页面还会提醒：老客户超过平时联系间隔的两倍仍未联系，以及重点客户超过其等级的回访间隔仍未联系。</translation>
    </message>
</context>
<context>
    <name>WeekPlan</name>
    <message>
        <source>overdue since {0}</source>
        <translation>自 {0} 起逾期</translation>
    </message>
    <message>
        <source>due {0}</source>
        <translation>{0} 到期</translation>
    </message>
    <message>
        <source>re-check date {0}</source>
        <translation>复查日 {0}</translation>
    </message>
    <message>
        <source>after-sales visit due {0}</source>
        <translation>售后回访 {0} 到期</translation>
    </message>
    <message>
        <source>first visit</source>
        <translation>首次拜访</translation>
    </message>
    <message>
        <source>appointment</source>
        <translation>预约</translation>
    </message>
    <message>
        <source>put on this day by you</source>
        <translation>由您排在这一天</translation>
    </message>
    <message>
        <source>handed over to you: first visit</source>
        <translation>交接给你的客户：首次拜访</translation>
    </message>
    <message>
        <source> (after its window)</source>
        <translation>（已过期限）</translation>
    </message>
    <message>
        <source>late: every day up to {0} is full</source>
        <translation>将逾期：{0} 之前每天都已排满</translation>
    </message>
    <message>
        <source>due {0}, after the last free day</source>
        <translation>{0} 到期，晚于最后一个有空的日子</translation>
    </message>
    <message>
        <source>the days are full; it can wait until {0}</source>
        <translation>本周已排满；可以等到 {0}</translation>
    </message>
    <message>
        <source>Birthday ({0})</source>
        <translation>生日（{0} 岁）</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>生日</translation>
    </message>
    <message>
        <source>{0} year a customer</source>
        <translation>成为客户 {0} 周年</translation>
    </message>
    <message>
        <source>{0} years a customer</source>
        <translation>成为客户 {0} 周年</translation>
    </message>
    <message>
        <source>Spring Festival</source>
        <translation>春节</translation>
    </message>
    <message>
        <source>Mid-Autumn Festival</source>
        <translation>中秋节</translation>
    </message>
    <message>
        <source>New Year</source>
        <translation>新年</translation>
    </message>
</context>
<context>
    <name>WeekPlanUi</name>
    <message>
        <source>&amp;Week</source>
        <translation>本周(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Week plan</source>
        <translation>本周计划(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Letters…</source>
        <translation>信函(&amp;L)…</translation>
    </message>
</context>
<context>
    <name>WeekPlanView</name>
    <message>
        <source>◀ &amp;Earlier</source>
        <translation>◀ 往前(&amp;E)</translation>
    </message>
    <message>
        <source>La&amp;ter ▶</source>
        <translation>往后(&amp;T) ▶</translation>
    </message>
    <message>
        <source>From t&amp;oday</source>
        <translation>从今天起(&amp;O)</translation>
    </message>
    <message>
        <source>T&amp;wo weeks</source>
        <translation>两周(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Store this plan</source>
        <translation>保存此计划(&amp;S)</translation>
    </message>
    <message>
        <source>Keep these days on the visits (they sync); moved visits stay where you put them</source>
        <translation>把这些日期记在拜访上（会同步）；您移动过的拜访保持在您放的位置</translation>
    </message>
    <message>
        <source>&amp;Move to…</source>
        <translation>移到(&amp;M)…</translation>
    </message>
    <message>
        <source>every card</source>
        <translation>全部卡片</translation>
    </message>
    <message>
        <source>Visits a day:</source>
        <translation>每天拜访数：</translation>
    </message>
    <message>
        <source>Working days:</source>
        <translation>工作日：</translation>
    </message>
    <message>
        <source>Whose cards:</source>
        <translation>谁的客户：</translation>
    </message>
    <message>
        <source>Plan a&amp;gain</source>
        <translation>重新计划(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Copy greeting</source>
        <translation>复制祝福语(&amp;C)</translation>
    </message>
    <message>
        <source>A team&apos;s book: name whose cards to plan.</source>
        <translation>这是团队的客户库：请填写要计划谁的客户。</translation>
    </message>
    <message>
        <source>Week plan from {0} — {1}</source>
        <translation>从 {0} 起的本周计划 — {1}</translation>
    </message>
    <message>
        <source>{0} ({1}/{2})</source>
        <translation>{0}（{1}/{2}）</translation>
    </message>
    <message>
        <source>Not in this plan — {0}</source>
        <translation>未排入计划 — {0}</translation>
    </message>
    <message>
        <source>Birthdays and holidays — {0}</source>
        <translation>生日和节日 — {0}</translation>
    </message>
    <message>
        <source>{0} {1}: send greetings to {2} customer (File &gt; Letters…)</source>
        <translation>{0} {1}：给 {2} 位客户寄送祝福（文件 &gt; 信函…）</translation>
    </message>
    <message>
        <source>{0} {1}: send greetings to {2} customers (File &gt; Letters…)</source>
        <translation>{0} {1}：给 {2} 位客户寄送祝福（文件 &gt; 信函…）</translation>
    </message>
    <message>
        <source>Payments to collect — {0}</source>
        <translation>待收款项 — {0}</translation>
    </message>
    <message>
        <source>Installment {0}/{1} of {2}: {3}</source>
        <translation>{2} 第 {0}/{1} 期：{3}</translation>
    </message>
    <message>
        <source>Overdue {0} days</source>
        <translation>逾期 {0} 天</translation>
    </message>
    <message>
        <source>Overdue {0} day</source>
        <translation>逾期 {0} 天</translation>
    </message>
    <message>
        <source>Move to</source>
        <translation>移到</translation>
    </message>
    <message>
        <source>&amp;Open card</source>
        <translation>打开卡片(&amp;O)</translation>
    </message>
    <message>
        <source>Stored the plan on {0} visit.</source>
        <translation>已把计划保存到 {0} 次拜访上。</translation>
    </message>
    <message>
        <source>Stored the plan on {0} visits.</source>
        <translation>已把计划保存到 {0} 次拜访上。</translation>
    </message>
</context>
<context>
    <name>Welcome</name>
    <message>
        <source>&amp;New card…</source>
        <translation>新建卡片(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Import a list…</source>
        <translation>导入名单(&amp;I)…</translation>
    </message>
    <message>
        <source>Try with &amp;demo data</source>
        <translation>用示例数据试用(&amp;D)</translation>
    </message>
    <message>
        <source>Opens made-up cards in a separate file; your own file stays empty.</source>
        <translation>在单独的文件中打开虚构的卡片；您自己的文件保持不变。</translation>
    </message>
    <message>
        <source>Protect this database with a passphrase…</source>
        <translation>用口令保护此数据库…</translation>
    </message>
    <message>
        <source>Encrypts the file and its backups: a lost laptop shows nothing.</source>
        <translation>加密文件及其备份：即使笔记本电脑丢失，也不会泄露任何内容。</translation>
    </message>
</context>
</TS>
