"""Words and phrases that signal each intent, English and Chinese, with weights.

Weights: 5 = an explicit command phrase that settles the intent ("remind me", 记工时, "daily report");
4 = a strong phrase ("new deal", 新建客户); 2-3 = domain words that need company; 1 = a hint.
The classifier adds what matches and weighs it against features (amounts, dates, stages, a customer).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_F = re.IGNORECASE
L = r"(?<![A-Za-z])"  # word edges that also hold next to Chinese characters
R = r"(?![A-Za-z])"


@dataclass(frozen=True)
class Cue:
    intent: str
    pattern: re.Pattern[str]
    weight: float


def _cues(intent: str, *pairs: tuple[str, float]) -> list[Cue]:
    return [Cue(intent, re.compile(p, _F), w) for p, w in pairs]


DEAL_NOUN = (rf"{L}(?:deals?|opps?|oppty|opportunit(?:y|ies)|pipeline|close date|closing date){R}|"
             r"商机|单子|这单|那单|机会|deal|签约时间|签约日期|成交时间|成交日期|预计成交|预计签约")
TASK_NOUN = rf"{L}(?:tasks?|to-?dos?|reminders?|action items?){R}|待办|任务|提醒|事项"
PROJECT_NOUN = (rf"{L}(?:projects?|proj|implementation|rollout|roll-out|install(?:ation)?|go-?live|deployment|"
                rf"delivery|phase \d|milestone){R}|项目|实施|上线|验收|交付|工程|进度")
QUESTION = (rf"[?？]|{L}(?:what|whats|what's|which|how many|how much|any|show|list|where|who|when|is the|"
            rf"are we|did|do we|does|has|have we|status|see){R}|吗|呢|哪些|哪个|什么|多少|几个|怎么样|如何|查|"
            r"看看|看一下|看下|列一下|列出|列表|有没有|是否|到哪|进展|情况")
INJECTION = re.compile(
    rf"{L}(?:ignore (?:all |any |the )?(?:previous|prior|above|earlier|your)?\s*(?:instructions?|prompts?|rules)|"
    rf"system prompt|you are now|admin mode|developer mode|god mode|jailbreak|drop table|truncate table|"
    rf"delete|erase|destroy|purge|wipe|remove (?:all|every|the|this|that|my|our)|drop (?:all|every|the)|rm -rf|"
    rf"export (?:all|every)|dump (?:the|all)|sudo){R}|<\s*script|;\s*--|\bunion select\b|"
    r"忽略.{0,6}(?:指令|指示|规则|提示)|系统提示|删除|删掉|清空|全部删|管理员模式|导出所有",
    _F,
)
CHITCHAT = re.compile(
    r"^(?:hi+|hello|hey|yo|good (?:morning|afternoon|evening|night)|gm|thanks?|thank you|thx|ty|lol|lmao|haha+|"
    r"ok(?:ay)?|cool|nice|great|bye|how r u|how are you|sup)(?:\W|$)|你好|您好|谢谢|多谢|晚安|早上好|早安|哈哈|"
    r"辛苦了|好累|吃什么|讲个笑话|笑话|天气",
    _F,
)

CUES: list[Cue] = [
    *_cues("help",
           (r"^/(?:help|start)\b|^(?:help|commands?|menu)\b", 6), (rf"{L}help{R}", 3),
           (rf"{L}what can (?:you|u) do{R}|{L}(?:what|which) commands{R}|{L}what can i (?:say|ask|type|do){R}", 6),
           (r"^(?:how (?:do|can|should|would) (?:i|we|you)|how to|how does (?:this|it|the bot))\b|"
            r"^how (?:does|do) .{1,30} work\b", 6),
           (rf"{L}(?:manual|tutorial|instructions|user guide|features){R}", 3),
           (r"帮助|怎么用|如何使用|使用说明|说明书|你能做什么|你会什么|能干什么|有哪些功能|有什么功能|"
            r"(?:你|你们|这个bot|机器人)(?:能|会|可以)(?:干|做|帮我(?:做|干)?)(?:嘛|啥|什么)|"
            r"功能列表|教程|咋用", 6),
           (r"(?:^|\s)怎么(?!样|回事|办|了|这么|那么|还|没|又)\s?(?:[a-zA-Z]+|[\u4e00-\u9fff])", 6),
           (r"如何(?:记录|添加|新建|建|创建|录入|撤销|使用)", 5)),
    *_cues("undo",
           (rf"{L}(?:undo|revert|take (?:that|it) back|roll ?back|rollback){R}", 6),
           (r"撤销|撤回|回退|回滚|取消上一[步条]|恢复上一", 6),
           (rf"{L}(?:scratch|reverse|back out|take back|pull)\s+(?:that|the|my)\s+(?:last|previous)\s+"
            rf"(?:entry|one|log|note|change|update|record|thing){R}|"
            rf"{L}(?:last|previous) (?:entry|one|log|change|record) was (?:wrong|a mistake){R}|"
            r"(?:刚才|上一条|上条|刚刚|那条).{0,4}(?:记错了|录错了|弄错了|搞错了)", 6)),
    *_cues("cancel",
           (rf"^(?:cancel|nvm|never ?mind|forget (?:it|that|about it)|stop|abort|scrap (?:that|it)|no thanks|"
            rf"don'?t bother|skip it|drop it){R}", 5),
           (rf"{L}(?:cancel|nvm|never ?mind){R}", 3),
           (rf"^(?:no[,.!]?\s+)?(?:don'?t|do not|dont)\s+(?:save|log|record|add|send|submit|create)\s+"
            rf"(?:that|it|this|anything){R}", 6),
           (r"^(?:先)?(?:别|不要|不用)(?:保存|存|记录?|录入?|提交|发送?|建)(?:了|吧|啦)?$", 6),
           (r"^(?:取消|算了|不用了|不要了|别弄了|不弄了|先不|放弃|不记了|别记了|不用[记弄做写存建加]了)|取消吧|算了吧|不用了|"
            r"先不[弄记做要搞]了", 5)),
    *_cues("daily_report",
           (rf"{L}(?:daily (?:report|update|summary|log)|eod (?:report|update)|^eod|end[- ]of[- ]day (?:report|update)|"
            rf"day report|today'?s report|my report for today|today'?s (?:summary|recap|wrap-?up)|"
            rf"daily (?:recap|wrap-?up)|eod (?:summary|recap)){R}", 6),
           (r"日报|工作汇报|今日汇报|今日总结|今天的总结|每日汇报|工作日志|当日总结|今日工作", 6),
           # "my daily", "today's daily", "submitting my daily:": daily as the noun for the report.
           (rf"(?:{L}(?:my|today'?s|the|submit(?:ting)?|send(?:ing)?|post(?:ing)?)\s+|今天的?\s?)daily{R}"
            rf"(?!\s+(?:standup|stand-up|meeting|call|sync|huddle|check-?in){R})", 6)),
    *_cues("report",
           (rf"{L}(?:report|reports|analysis|analytics|dashboard|breakdown|stats){R}|报表|报告|分析|看板|统计", 1)),
    *_cues("log_time",
           (rf"{L}(?:spent|worked|timesheet|time ?sheet|time log|log(?:ged)? time|put down|book(?:ed)? (?:time|\d)|"
            rf"billable|billed|bill|charged){R}|工时|花了|耗时|用了.{{0,3}}(?:小时|分钟)|记.{{0,2}}时间", 3)),
    *_cues("create_task",
           (rf"{L}(?:remind(?:er)? me|set (?:a |an )?(?:reminder|alarm)|add (?:a |an )?(?:task|to-?do|reminder)|"
            rf"new (?:task|to-?do|reminder)|create (?:a )?(?:task|to-?do|reminder)|set (?:a )?task|"
            rf"don'?t let me forget|dont let me forget|don'?t forget|note to self|need to remember){R}", 6),
           (r"^(?:to-?do|task|reminder)s?\b\s*[:\-]?", 5),
           (rf"{L}(?:put|add|stick|throw)\s+(?:it|this|that)?\s*(?:on|to)\s+my\s+(?:list|to-?do(?: list)?|tasks?|"
            rf"plate|agenda){R}", 6),
           (r"提醒我|提醒一下|设个?提醒|设置提醒|加个?提醒|新建(?:任务|待办)|加个?(?:任务|待办)|创建(?:任务|待办)|"
            r"记个?待办|待办[:：]|任务[:：]|^待办|^任务|记得|别忘了|不要忘了|别让我忘|"
            r"(?:新建|建|加|添加|创建|记)(?:一)?个?\s?(?:任务|待办|task|to-?do|reminder)", 6)),
    *_cues("list_tasks",
           (rf"{L}(?:my|list|show|any|all|open|pending|outstanding|upcoming|remaining)\b[\w\s']{{0,12}}"
            rf"(?:tasks?|to-?dos?|reminders?){R}", 6),
           (rf"{L}(?:tasks?|to-?dos?|reminders?)\s?(?:list|for (?:today|tomorrow|tmr|this week|\w+day)|due|pls|please)"
            rf"{R}|(?:tasks?|to-?dos?|reminders?)\s*\?", 5),
           (rf"{L}(?:what'?s on|what is on|whats on|what do i have|what have i got|what r my|what are my|what'?s due|"
            rf"what is due|anything due|due (?:today|tomorrow|tmr|this week)|on my plate|"
            rf"anything (?:due|on|overdue)|my (?:agenda|schedule|day)|agenda for|schedule for|overdue\?*$){R}", 5),
           (r"我的\s?(?:待办|任务|提醒|安排|tasks?|to-?dos?|reminders?)|(?:待办|任务|提醒|todo|tasks?)(?:事项)?(?:列表|清单)|"
            r"有(?:什么|啥|哪些)\s?(?:任务|待办|安排|事|提醒|reminders?|to-?dos?|tasks?)|(?:任务|待办|安排)[^，,。]{0,3}(?:有哪些|有啥|是什么)|"
            r"要干啥|要做什么|干啥|的安排|哪些任务|任务没完成|没完成的任务|还有哪些(?:任务|待办)|"
            r"(?:还有|有)(?:啥|什么|哪些)(?:没做|要做|没完成|没干|事情?要)", 6)),
    *_cues("complete_task",
           (rf"^(?:done|finished|completed|complete)\b|^done\s*[:\-]|{L}done with{R}|"
            rf"{L}mark(?:ed)?\b.{{1,40}}\b(?:as )?(?:done|complete|completed|finished){R}|"
            rf"{L}(?:check(?:ed)?|tick(?:ed)?|cross(?:ed)?)\b.{{0,30}}\boff{R}|{L}close (?:it|that task|the task){R}|"
            rf"[✅✔☑]", 5),
           (rf"{L}(?:task|to-?do|reminder)s?\b.{{0,20}}\b(?:done|complete|completed|finished|closed){R}|"
            rf"{L}(?:done|complete|completed|finished|clear)\b.{{0,20}}\b(?:task|to-?do|reminder){R}|task complete", 6),
           (rf"{L}(?:done|finished|completed){R}", 2),
           (r"完成任务|任务完成|任务.{0,4}(?:完成|勾掉|划掉|搞定|打勾|关掉|关了|关闭|结束)|(?:待办|那条|这条).{0,4}(?:勾掉|划掉|完成|搞定)|"
            r"勾掉|划掉|打勾|标记.{0,2}完成|(?:这个|那个)任务", 6),
           (r"已完成|完成了|搞定了?|做完了|写完了|弄完了|办完了", 2)),
    *_cues("query_receivables",
           (rf"{L}(?:owes?|owed|owing|outstanding|unpaid|not (?:yet )?paid|receivables?|collections?|"
            rf"overdue (?:payments?|invoices?|amounts?|bills?)|payments? (?:overdue|outstanding|due)|a/r|ar){R}", 4),
           (rf"{L}(?:has|have|did)\b.{{1,30}}\bpaid{R}|{L}paid (?:yet|already)\?|{L}paid\?|"
            rf"{L}(?:behind on|late on|late with|missed) (?:\w+ )?payments?{R}|{L}payment status{R}|{L}paid up{R}|"
            rf"{L}(?:left|still|yet|remaining) to (?:collect|be collected|be paid|invoice){R}|{L}uncollected{R}|"
            rf"{L}outstanding balance{R}", 4),
           (r"应收|欠(?:我们|款|钱|多少|着)|还欠|回款(?:情况|进度|状态|怎么样)|(?:没|未)(?:付款|回款|付钱|结清|到账)|"
            r"收了没|付了没|到账了?(?:吗|没)|回了没|尾款.{0,4}(?:没|吗)|欠款|账款|款.{0,3}没收|没收回|未收回|钱没付|没付|"
            r"收回来", 4)),
    *_cues("record_payment",
           (rf"{L}(?:paid|wired|transferred|remitted|settled|payment (?:came in|is in|has come in|received|in)|"
            rf"received|got (?:a |the )?payment|payment from|collected|installment|deposit came|"
            rf"(?:record|log|enter|add) (?:a |the )?payment){R}", 3),
           (rf"{L}payments?{R}|(?:payment|款)\s?(?:到了|到账|收到了?|已到)", 1.5),
           (r"回款|打款|到账|收到.{0,10}款|付了|付款了|回了|汇款|转账|首付款|首期款|尾款|进账|收款", 3)),
    *_cues("create_contract",
           (rf"{L}(?:new|create|add|draft|record|log|enter|set up|register)\b.{{0,20}}\bcontracts?{R}|"
            rf"{L}contracts?\b.{{0,12}}\b(?:new|created|added){R}|{L}contract[:：]", 4),
           (rf"{L}contracts?{R}", 1.5),
           (rf"{L}contracts?\b.{{0,50}}\b(?:add|create|record|log|enter) (?:it|this|that|the contract){R}", 4),
           (r"(?:新建|新增|新|建|录入|录|起草|登记|添加|加|创建)(?:一份|一个|个|份|一下)?.{0,8}合同|"
            r"合同.{0,12}(?:新建|录一下|录入|建一下|登记)|合同.{0,40}(?:录进去|录进系统|录上|记上|登记一下|帮我录)", 4),
           (r"合同", 1.5)),
    *_cues("create_deal",
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
            r"(?:new|create|add)\s?(?:a\s)?(?:new\s)?商机", 5)),
    *_cues("update_deal",
           (rf"{L}(?:moved?|moving|push(?:ed)?|bump(?:ed)?|slipp?(?:ed)?|downsized?|upsized?|increased?|reduced?|"
            rf"changed?|updated?|set|mark(?:ed)?|now|is now|back to|progressed|advanced){R}", 1),
           (rf"{L}(?:close date|closing date|expected close|close by|closing|probability|likelihood|likely|chance|"
            rf"prob|deal value|deal size|amount){R}", 1),
           (r"改成|改为|改到|调到|调整|推迟|推到|往后推|延到|延后|顺延|提前到|更新|砍到|进入|到了|变成|降到|涨到|提高到|"
            r"阶段|概率|把握|"
            r"签约时间|预计签|成交时间", 1)),
    *_cues("update_deal",
           (rf"{L}(?:we|i|we've|we have|just)\s+(?:won|lost|closed|signed|landed|bagged){R}|"
            r"(?:我们|咱们)(?:赢了|丢了|输了|签了|拿下了)", 3)),
    *_cues("query_deals",
           (rf"{L}(?:pipeline|my deals|open deals|all deals|deal list|list deals|show deals){R}", 4)),
    *_cues("query_customer",
           (rf"{L}(?:tell me about|info (?:on|about|for)|information (?:on|about)|details (?:on|for|about)|"
            rf"customer (?:info|details|profile|record)|pull up|look ?up|profile|what do we know|"
            rf"who(?:'s| is)? (?:our |the )?(?:contact|account owner|owner|poc|decision maker)|address|"
            rf"when did (?:we|i) last|last (?:talked|spoke|contact)|background on){R}", 5),
           (rf"{L}(?:details|info){R}", 2),
           (r"客户信息|客户资料|资料|详情|档案|联系人是谁|对接人是谁|是做什么的|做什么的|(?:电话|手机|邮箱)(?:是)?多少|在哪个?城市|"
            r"在哪里|地址|上次.{0,6}(?:跟进|联系|拜访|沟通).{0,6}(?:什么时候|哪天)|介绍一下|基本信息|怎么联系", 5)),
    *_cues("add_contact",
           (rf"{L}(?:add (?:a )?(?:new )?contact|new contact|contact[:：]|add\b.{{1,30}}\bto\b.{{0,30}}\bcontacts?|"
            rf"(?:add|save) (?:her|him)|is (?:the |our )?new [\w ]{{2,30}} (?:at|@|for)|"
            rf"(?:add|save)\s+(?-i:[A-Z][a-z]+ [A-Z][a-z]+)\s+(?:to|at)(?=\s)"
            rf"(?!\s+(?:the |our |my )?(?:crm|customers?|clients?|accounts?|system|database|pipeline){R})|"
            rf"as (?:a )?contact|save\b.{{1,40}}\b(?:number|phone|email|contact)|contact (?:person|info) for){R}", 5),
           (r"(?:添加|新增|新建|加个?|存个?|记一下|录入)(?:一个)?联系人|联系人[:：]|(?:加|存)到联系人|新联系人|"
            r"^\S{2,12}\s+联系人\s?[\u4e00-\u9fff]{2,3}\s|"
            r"存一下.{0,16}(?:电话|手机|号码|邮箱)|对接人是(?!谁)|"
            r"(?:add|new|save|create)\s?(?:a\s)?(?:new\s)?联系人", 5),
           (rf"{L}contacts?{R}|联系人", 1)),
    *_cues("create_customer",
           (rf"{L}(?:new (?:customer|client|account|acct|cust|prospect)|add (?:a |the )?(?:new )?(?:customer|client|"
            rf"account|acct|cust)|create (?:a |an )?(?:new )?(?:customer|client|account|acct)|"
            rf"set up (?:a )?(?:new )?(?:customer|client|account)|(?:customer|client) record for|"
            rf"prospect company|onboard (?:a )?new (?:customer|client)|"
            rf"(?:add|set up|setup|create|register|onboard|put|enter)\b.{{1,40}}\bas (?:a |an )?(?:new )?"
            rf"(?:customer|client|account|prospect)|(?:add|put)\b.{{1,40}}\bto (?:the |our |my )?"
            rf"(?:customers|clients|accounts|crm)){R}", 5),
           (rf"{L}create\b.{{0,8}}\b(?:customer|client|account){R}|(?:新建|新增|添加|录入|建个?|加(?:一)?个|录个?|创建)(?:新)?"
            r"\s?(?:客户|customer|client)|新客户|add\s?客户", 5)),
    *_cues("update_project",
           (rf"{L}(?:project update|update(?:d)? (?:on )?(?:the )?project|progress update|halfway|"
            rf"percent complete|% complete|complete|completed|done|finished|started|delayed|slipped|blocked|"
            rf"stuck|waiting on|on hold|at risk|risk){R}", 1),
           (r"进度更新|更新进度|完成了?|卡在|延期|风险|到货|上线了|已完成|推迟|暂停|阻塞|受阻", 1)),
    *_cues("query_project",
           (rf"{L}(?:how'?s|how is|status of|status for|progress\?|on schedule|on track|behind schedule|"
            rf"any risks?|all my projects|my projects|list projects|project status|project list){R}", 2),
           (r"怎么样|进展|状态|多少了|有风险吗|什么时候|项目列表|哪些项目|负责的项目|延期了吗|到哪", 2)),
]
