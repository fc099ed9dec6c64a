<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>App</name>
    <message>
        <source>Something went wrong inside SalesDesk. Your saved cards are safe; the last action may not have completed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened read-only: another SalesDesk window is using this file.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Backups</name>
    <message>
        <source>Daily</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Before a merge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Before an import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Before a restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Taken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Before an upgrade</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BackupsDialog</name>
    <message>
        <source>Restore from backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SalesDesk keeps a backup before every merge and import, and one a day (7 daily, 4 weekly and 12 monthly are kept). Restoring first backs up the cards as they are now, so a restore can itself be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open backup folder</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CardPanel</name>
    <message>
        <source>Select a card in the list, or make a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact &amp;log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grade &amp;path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Separate tags with commas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Company:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phones:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;E-mail:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;rea:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key customer:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>So&amp;urce:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Referred &amp;by:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Birthda&amp;y:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Communication st&amp;yle:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cre&amp;dit standing:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ta&amp;gs:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Owner:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N&amp;otes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Revert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correct the chosen contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the chosen contact from the log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo this change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vi&amp;sits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>D&amp;eals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;ases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(deleted card)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blocker: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-check on {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last contact {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next visit {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} contacts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save your changes to {0}?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete this contact from the log?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete contact</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CardPickerDialog</name>
    <message>
        <source>Choose a card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search name, company, phone, pinyin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CaseDialog</name>
    <message>
        <source>Open service case — {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Respond to case — {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolve case — {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;When:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not asked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} of 5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;What the customer said:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Response:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;What was done:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Satisfaction:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Respond</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolve</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CasesPage</name>
    <message>
        <source>&amp;Open case…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Res&amp;pond…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resol&amp;ve…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} open, {1} in all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Response: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What was done: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChangeGradeDialog</name>
    <message>
        <source>Change grade — {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now {0} ({1}). Choose the new grade and say why.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change grade</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChartView</name>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save this chart as a PNG or SVG file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a card to see its path.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConflictsDialog</name>
    <message>
        <source>Conflicts and duplicates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep current</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge these two cards…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not the same person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Likely duplicates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conflicts ({0})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Likely duplicates ({0})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No open conflicts: every merge so far went through cleanly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the card</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConflictsView</name>
    <message>
        <source>Card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>same phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>same name and company</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted or edited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}, {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted on {0}, edited on {1}: keep the card or delete it?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} of {1}: “{2}” ({3}) or “{4}” ({5})?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looks like</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grade {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} ({1:+d})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DayPlanUi</name>
    <message>
        <source>&amp;Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export visits to &amp;calendar (.ics)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Print day sheet…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save day sheet as P&amp;DF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;references…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Today ({0})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} visits due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export visits to calendar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calendar files (*.ics)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} visits written to {1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save day sheet as PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {0}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DaySheet</name>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phones</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day sheet for {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} overdue, {1} due today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no area)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DealDialog</name>
    <message>
        <source>Add deal — {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What was sold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Product:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Amount:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add deal</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DealsPage</name>
    <message>
        <source>&amp;Add deal…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 deal, {1}; on {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} deals, {1} in all; the last on {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No deals yet: the first one makes this a customer.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DuplicatesPage</name>
    <message>
        <source>Check before importing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Matches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For all duplicates:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Update the card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a new card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} rows to import, {1} look like cards you already have.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>row {0} of this file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>same phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>same name and company</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Row {0}: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>… and {0} more</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EditContactDialog</name>
    <message>
        <source>Edit contact — {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EditValueDialog</name>
    <message>
        <source>Edit {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <source>Choose a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An Excel workbook (.xlsx), a CSV file or phone contacts (.vcf).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comma ,</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Semicolon ;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bar |</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encoding:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delimiter:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import cards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer lists (*.xlsx *.csv *.txt *.vcf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>encoding {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sheet {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>Search name, company, phone, pinyin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finds cards by name, company, phone, tag or e-mail as you type; pinyin works too: zw or zhangwei finds 张伟.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show only grade {0}: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All owners</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All areas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key customers only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GradeFields</name>
    <message>
        <source>Why the grade changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What stands in the way</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Grade:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>F &amp;kind:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Blocker:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-&amp;check on:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default: in {0} days, from the grade&apos;s return-visit cadence.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>(skip)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Given name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Family name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Middle name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Company</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone (mobile)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone (work)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone (home)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fax</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone (other)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address (part)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Area</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Owner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import cards</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KeepWhichDialog</name>
    <message>
        <source>Merge these two cards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep which card? The other card&apos;s contact log, grade path and history move to it, its empty fields are filled, and the other card is deleted. Undo splits them again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Complaint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suggestion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Praise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Content</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On the edge of buying</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Would buy, delayed for now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not eligible for now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finances not stable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needs to understand more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Far from buying</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlikely within a year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Still researching, not yet visited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prospect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inactive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Letter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hesitant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opinionated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amiable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Angry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Good</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Poor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Referral</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cold call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Website</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Work</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Home</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fax</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Company</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phones</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Area</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Referred by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Communication style</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credit standing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Owner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>F kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grade note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blocker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-check date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grade after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From grade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To grade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From F kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To F kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grade step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change grade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revert change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Old → new</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card created: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow-up visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After-sales visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow-up of a service case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Planned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set by hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} {1}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LanguagePage</name>
    <message>
        <source>Follow the system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new language shows the next time SalesDesk starts.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LogContactDialog</name>
    <message>
        <source>Log contact — {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What was said, what you learned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What was agreed, what comes next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;When:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;hannel:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Summary:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Outcome:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change the grade in the same step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason (default: the summary):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log contact</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>SalesDesk — {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ca&amp;rds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened read-only: another SalesDesk window is using this file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New card…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;vert card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Log contact…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change &amp;grade…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Clear filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact &amp;log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grade &amp;path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About SalesDesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redo {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} of {1} cards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact logged for {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the card of {0}? Undo brings it back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About SalesDesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SalesDesk {0}

Customer cards graded A to F, a contact log for every card, and sync by copying a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log file: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <source>Match the columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the card field for each column, or skip it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Column in the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First values</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Year first (2025/3/5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day first (5/3/2025)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Month first (3/5/2025)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remember this matching for the next file like this</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dates such as 3/5/2025:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MergePreviewDialog</name>
    <message>
        <source>Merge from {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading {0}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unchanged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Likely duplicates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merging {0}… a backup of your cards is taken first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merging the file of {0} will do this:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing new in the file of {0}: your cards have it all.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merged. {0} new, {1} updated, {2} deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} conflicts kept both values: see File &gt; Sync &gt; Conflicts and duplicates.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>same phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>same name and company</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}  ↔  {1}  ({2})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None: no card looks like another.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Likely duplicates ({0}) — never merged by themselves</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>SalesDesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NewCardDialog</name>
    <message>
        <source>New card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Company:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Area:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create card</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PeriodPicker</name>
    <message>
        <source>Last 3 months</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 12 months</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From … to …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Period:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PhonesEditor</name>
    <message>
        <source>Add phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove this phone</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReferrerField</name>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No referrer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Reminder</name>
    <message>
        <source>{0} visits due today, {1} of them overdue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} service cases are waiting for a first response.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} at {1}: {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SalesDesk — visits</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResultPage</name>
    <message>
        <source>Import finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updated: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skipped: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows with problems: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit &gt; Undo takes the whole import back.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncPrefsPage</name>
    <message>
        <source>No folder: sync by hand from File &gt; Sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync when SalesDesk starts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync when SalesDesk closes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each laptop writes its own file into the folder and merges the files of the others. A shared, cloud-synced folder or a USB stick works: no server needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the sync folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} ({1})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last synced at {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not synced through a folder yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merged from: {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your card file itself lies in a cloud-synced folder ({0}). A cloud client can copy it half-written. Keep the card file in SalesDesk&apos;s own folder and choose the cloud folder here as the sync folder instead.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncUi</name>
    <message>
        <source>New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unchanged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export sync file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Merge from file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Sync now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync &amp;folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Conflicts and duplicates…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Restore from backup…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open backup folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;ync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Backups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge from file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SalesDesk files (*.salesdesk *.db);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose where to write the sync file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing the sync file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrote {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sync file could not be written.
{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} cannot be merged; your cards are unchanged.

{1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merged {0}: {1} new, {2} updated, {3} conflicts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Synced with the folder: {0} files merged, {1} unchanged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some files in the sync folder could not be merged:
{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync did not run: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Syncing with {0}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wait a moment: SalesDesk is merging.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wait a moment: SalesDesk is still working.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put back the cards as they were at {0} ({1})? Your cards as they are now are backed up first, so this can be undone by restoring that backup.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The backup was not restored.
{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restored the backup of {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SalesDesk — Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Today</name>
    <message>
        <source>Idle: no contact for too long</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue since {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>set by hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue — {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today — {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next {0} days — {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no area)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} — {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>… and {0} more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service cases waiting for a first response — {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting {0} h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customers at risk — {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No contact since the after-sales interval</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TodayView</name>
    <message>
        <source>&amp;Log contact…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log the visit or call; the next visit is planned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;schedule…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today, {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} overdue · {1} due today · {2} in the next {3} days · {4} cases waiting · {5} customers at risk</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VisitDialog</name>
    <message>
        <source>At a set time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Time:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Purpose:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reschedule visit — {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VisitsPage</name>
    <message>
        <source> days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Return visit after a contact, by grade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} (default re-check date)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First visit planned by hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A card is due after its interval and overdue after twice it. C and D cards come back on their own re-check date when one is set. Visits already planned keep their dates.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After a sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First after-sales visit after the deal:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Then every:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Plan visit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plan a visit by hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;schedule…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel the chosen visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Co&amp;mplete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log the contact this visit was; the next visit is planned from it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} planned, {1} in all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plan visit — {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel the visit on {0}?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel visit</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
