"""Phrases that are an intent's cues and, at the same time, facts other intents read about the message.

"new deal …" is create_deal's cue; that the message asks for a new deal also tells update_deal and query_deals
something (`signals.new_deal_phrase`). Declaring such a phrase once here keeps the two readings from drifting.
"""

from __future__ import annotations

from bot.intents.spec import L, R, cues

# create_deal: "new deal for …", 新建商机, "put it in as a deal", "new lead: …"
NEW_DEAL = cues(
    (rf"{L}(?:new|create|add|open|log|register|start)\b.{{0,14}}\b(?:deal|opp|oppty|opportunity){R}|"
     rf"{L}(?:deal|opp|oppty|opportunity)\b.{{0,3}}\bnew{R}|^(?:new )?(?:opportunity|oppty|opp)\s*[:：\-]", 5),
    # "put it in as a deal", "add it to the pipeline", "pipeline add:", "new lead: …"
    (rf"{L}(?:put|add|log|enter|stick|throw|get)\s+(?:it|this|that|them)\s+(?:in|into|on|to)?\s*(?:as\s+)?"
     rf"(?:a\s+)?(?:new\s+)?(?:deal|opp|opportunity){R}|"
     rf"{L}(?:add|put|get|stick|throw|log)\s+(?:it|this|that|them)\s+(?:to|in|into|on)\s+(?:the|my|our)\s+"
     rf"pipeline{R}|"
     rf"^\s*pipeline\s*(?:add|new|\+)\s*[:：\-]|^\s*new (?:lead|prospect)\s*[:：\-]", 6),
    (r"(?:新建|新增|新|建个?|加个?|录个?|创建|登记|开个?)(?:一个|个)?(?:商机|单子|单|机会|deal|opp)|"
     r"新\s?(?:项目)?(?:商机|单子|机会|deal|opp)|来了个新(?:需求|项目|机会)|有个新(?:机会|需求|项目)|新需求|"
     r"(?:new|create|add)\s?(?:a\s)?(?:new\s)?商机", 5),
)

# create_task: "remind me", "add a task", 提醒我, 待办：…
REMINDER = cues(
    (rf"{L}(?:remind(?:er)? me|set (?:a |an )?(?:reminder|alarm)|add (?:a |an )?(?:task|to-?do|reminder)|"
     rf"new (?:task|to-?do|reminder)|create (?:a )?(?:task|to-?do|reminder)|set (?:a )?task|"
     rf"don'?t let me forget|dont let me forget|don'?t forget|note to self|need to remember){R}", 6),
    (r"^(?:to-?do|task|reminder)s?\b\s*[:\-]?", 5),
    # "task for next week: clean up stale leads": a label, a when, then the task.
    (r"^(?:new\s+)?(?:to-?do|task|reminder)\s+(?:for|due|by)\s+[^:：]{2,30}[:：]", 4),
    (rf"{L}(?:put|add|stick|throw)\s+(?:it|this|that)?\s*(?:on|to)\s+my\s+(?:list|to-?do(?: list)?|tasks?|"
     rf"plate|agenda){R}", 6),
    (r"提醒我|提醒一下|设个?提醒|设置提醒|加个?提醒|新建(?:任务|待办)|加个?(?:任务|待办)|创建(?:任务|待办)|"
     r"记个?待办|待办[:：]|任务[:：]|^待办|^任务|记得|别忘了|不要忘了|别让我忘|"
     r"(?:新建|建|加|添加|创建|记)(?:一)?个?\s?(?:任务|待办|task|to-?do|reminder)", 6),
)

# complete_task's explicit phrases: "done: …", "mark … as done", "cross off", 任务完成, 勾掉
DONE = cues(
    (rf"^(?:done|finished|completed|complete)\b|^done\s*[:\-]|{L}done with{R}|"
     rf"{L}mark(?:ed)?\b.{{1,40}}\b(?:as )?(?:done|complete|completed|finished){R}|"
     rf"{L}(?:check(?:ed)?|tick(?:ed)?|cross(?:ed)?)\b.{{0,30}}\boff{R}|{L}close (?:it|that task|the task){R}|"
     rf"{L}close (?:that|the|this|my) (?:reminder|to-?do|follow-?up){R}|"
     rf"[✅✔☑]", 5),
    (rf"{L}(?:task|to-?do|reminder)s?\b.{{0,20}}\b(?:done|complete|completed|finished|closed){R}|"
     rf"{L}(?:done|complete|completed|finished|clear)\b.{{0,20}}\b(?:task|to-?do|reminder){R}|task complete", 6),
    (r"完成任务|任务完成|任务[^\s，,]{0,4}(?:完成|勾掉|划掉|搞定|打勾|关掉|关了|关闭|结束)|"
     r"(?:待办|提醒|那条|这条).{0,4}(?:勾掉|划掉|完成|搞定|关掉|关了|关闭)|勾掉|划掉|打个?勾|标记.{0,2}完成|"
     r"(?:这个|那个)任务", 6),
)

# update_project: progress and risk words ("halfway", "delayed", 延期, 到货)
PROGRESS = cues(
    (rf"{L}(?:project update|update(?:d)? (?:on )?(?:the )?project|progress update|halfway|"
     rf"percent complete|% complete|complete|completed|done|finished|started|delayed|slipped|blocked|"
     rf"stuck|waiting on|on hold|at risk|risk){R}", 1),
    (r"进度更新|更新进度|完成了?|卡在|延期|风险|到货|上线了|已完成|推迟|暂停|阻塞|受阻", 1),
)

# query_project: asking how a project stands ("status of", "on track", 进展, 到哪)
PROJECT_QUERY = cues(
    (rf"{L}(?:how'?s|how is|status of|status for|progress\?|on schedule|on track|behind schedule|"
     rf"any risks?|all my projects|my projects|list projects|project status|project list){R}", 2),
    (r"怎么样|进展|状态|多少了|有风险吗|什么时候|项目列表|哪些项目|负责的项目|延期了吗|到哪", 2),
)

# query_reports: asking who has (not) sent a daily report, or to read someone's reports — which also tells
# daily_report that the message is a question about reports, not one ("who hasn't sent a daily report", 谁还没交日报).
REPORT_QUERY = cues(
    (rf"^(?=[\s\S]*?(?:report|eod|dail))[\s\S]*?(?:"
     rf"{L}(?:who|which reps?|anyone|anybody|everyone|everybody)\b.{{0,30}}\b(?:has|have|hasn'?t|haven'?t|did|"
     rf"didn'?t|not|yet|still)\b.{{0,30}}\b(?:daily|eod|reports?|dailies){R}|"
     rf"{L}(?:has|have|did)\s+(?:everyone|everybody|anyone|anybody|all|the team|every rep|each rep)\b.{{0,30}}\b"
     rf"(?:daily|eod|reports?|dailies){R}|"
     rf"{L}(?:hasn'?t|haven'?t|has not|have not|didn'?t|did not|not yet|missing|outstanding|overdue)\s+"
     rf"(?:\w+\s+){{0,3}}(?:daily reports?|eod reports?|eods?|dailies|reports?){R}|"
     rf"{L}(?:daily|eod) reports? (?:status|submitted|received|missing|in|so far|from (?:the )?team){R}|"
     rf"{L}did\s+\w+\s+(?:send|submit|file|do|write|post)\b.{{0,24}}\b(?:daily|eod|report){R}|"
     rf"{L}(?:show|see|read|check|view|pull up|open|any)\b.{{0,24}}\b(?:daily reports|dailies|"
     rf"(?!(?:today|todays|yesterday|tomorrow|my|your|the)['’]s)[A-Za-z\u4e00-\u9fff]+['’]s (?:daily |eod )?reports?|"
     rf"(?:daily |eod )?reports? (?:of|from|by) \w+){R}|"
     rf"(?:^|\s)(?!(?:today|todays|yesterday|tomorrow|tonight|my|your|this|the|team)['’]s)"
     rf"[A-Za-z\u4e00-\u9fff]+['’]s (?:daily |eod |last |latest )?reports?\s*[?？]?\s*$)", 7),
    (r"^(?=[\s\S]*?(?:谁|日报))[\s\S]*?(?:"
     r"谁(?:还)?(?:没|没有|未)(?:交|提交|写|发|报)|(?:还)?(?:没|没有|未)(?:交|提交|写|发)(?:的)?日报|哪些人.{0,6}日报|"
     r"谁.{0,4}(?:交|提交|写|发)了日报|日报.{0,6}(?:交了吗|提交了吗|交没交|发了吗|交齐|提交情况|交的情况|谁交了|都交了吗)|"
     r"(?:看看?|查看|看一下|查一下|查下|瞧瞧).{0,12}日报|(?<!今天)(?<!今日)(?<!我)(?<!当天)(?<!发)(?<!写)(?<!交)的日报"
     r"(?:[?？]|呢|吗|$)|日报(?:交|提交)(?:情况|记录))", 7),
)
