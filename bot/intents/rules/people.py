"""People and job titles: "Li Wei", "john at initech", "Mr Chen", 王经理, 李工, 陈总, 采购经理, CTO.

Chinese reps name contacts by surname plus title (王总, 李工); English ones by first name, often in
lower case. A short list of surnames and common first names recognises them without a model.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.intents.rules.lexicon import is_common

Span = tuple[int, int]

ZH_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范"
    "金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章"
    "鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾"
    "尤阳穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲"
    "虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝郜海阚花权帅屠豆朴盖练廉禹井"
    "祖漆巴丰支卿狄平计索宣晋初云容敬扈晁芮普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况宿鲜印逯隆茹诸战慕危玉银亢嵇公"
    "哈湛宾戎勾茅於呼揭尉冶元束檀衣昝幸奉植衡富尧闭"
)
_ZH_DOUBLE = "欧阳|司马|上官|诸葛|东方|皇甫|尉迟|公孙|慕容|长孙|宇文|司徒|夏侯|令狐"
ZH_TITLES = (
    "总经理|副总经理|董事长|副总裁|总裁|副总|总监|总工|工程师|总|经理|主任|科长|厂长|处长|部长|局长|院长|校长|行长|书记|主管|"
    "老师|老板|律师|博士|教授|秘书|助理|会计|专员|工|姐|哥|师傅|董|老总|所长|队长|组长"
)
_ZH_PERSON = re.compile(
    rf"(?:{_ZH_DOUBLE}|[{ZH_SURNAMES}])(?:{ZH_TITLES})(?!程|作|厂|地|期|具|资|人|序|艺|业|会|商|司|部|结|体|共|额|价|之)"
)
_NOT_PERSON = re.compile(
    r"施工|加工|开工|完工|分工|员工|竣工|监工|化工|电工|总共|总体|总结|总额|总价|汇总|总部|总之|成本|老总们"
)
_ZH_FULLNAME = re.compile(
    rf"(?:联系人|对接人|负责人|名字|叫|姓名|是)[:：]?\s?((?:{_ZH_DOUBLE}|[{ZH_SURNAMES}])[\u4e00-\u9fff]{{1,2}})"
    rf"(?![\u4e00-\u9fff])|"
    rf"(?:(?<=^)|(?<=[\s,，:：;；]))((?:{_ZH_DOUBLE}|[{ZH_SURNAMES}])[\u4e00-\u9fff]{{1,2}})(?=[\s,，:：;；]|$)"
)

_EN_FIRST_NAMES_WORDS = """
aaron adam adrian alan albert alex alexander alice alicia allen alyssa amanda amber amy andrea andrew andy
angela anna anne anthony antonio april arthur ashley austin barbara ben benjamin beth betty bill billy bob
bobby bonnie brad bradley brandon brenda brian brittany bruce bryan carl carla carlos carol caroline catherine
charles charlie cheryl chris christian christina christine christopher cindy claire craig crystal cynthia dan
dana daniel danielle dave david dawn dean debbie deborah debra dennis derek diana diane donald donna doris
dorothy doug douglas dylan earl ed eddie edward elaine elena elizabeth ellen emily emma eric erica erin ethan
eugene eva evan evelyn frank fred gabriel gary gavin george gerald gina gloria grace greg gregory hannah
harold harry heather helen henry holly howard ian isabella jack jackie jacob jacqueline jake james jamie jane
janet janice jared jason jean jeff jeffrey jen jenn jennifer jenny jeremy jerry jesse jessica jill jim jimmy
joan joe joel john johnny jon jonathan jordan jose joseph josh joshua joyce juan judith judy julia julie
justin karen kate katherine kathleen kathy katie kay keith kelly ken kenneth kevin kim kimberly kyle larry
laura lauren lawrence leo lily linda lisa liz logan lori louis lucas lucy luke lynn madison margaret maria
marie marilyn mark martha martin mary matt matthew megan melissa michael michelle mike monica nancy natalie
nathan neil nicholas nick nicole noah norma olivia oscar pam pamela patricia patrick paul paula peggy pepper
peter phil philip phillip rachel ralph randy ray raymond rebecca richard rick rita rob robert robin rodney
roger ron ronald rose ross roy russell ruth ryan sally sam samantha samuel sandra sara sarah scott sean sharon
shawn sheila shirley sophia stephanie stephen steve steven sue susan tammy tanya ted teresa terry theresa
thomas tiffany tim timothy tina todd tom tommy tony tracy travis troy tyler valerie vanessa victor victoria
vincent virginia walter wanda wayne wendy william willie zach zachary clark selina gilfoyle dinesh erlich
nelson jian yang wei ming hui ling jun lei fang jing hong
abdul ahmed aidan aiko aisha akira alejandro alessandro alexei ali alonso alvaro amara amelie amir ana
anastasia anders andrei andres anil anke arjun ashok astrid avery beatriz bernd bianca bjorn blake boris
brooke caleb cameron camila camille carmen casey chidi chloe colin connor declan deepak devi devon diego
dieter divya dmitri dmitry eduardo ekaterina ellie enrique erik erika fatima fernando finn fiona francesca
francisco francois freya frieda gabriela gaurav gemma giulia giuseppe greta gunther gustav hans hari harper
harriet haruto hassan hayden heinz helga henrik hiroshi hugo igor imogen imran ingrid irina isla ivan jacques
jade jasper javier jean-pierre jens johan jorge josefina julien jurgen karim karl katya kavya kendall kenji
kieran kiran klaus kofi krishna kristian kumar kwame lakshmi lars laurent layla leif liam liv lola lorenzo
luca lucia luis lukas magnus manish manuel marco marcos mariana mathieu mats matteo matthias meera mia miguel
mikhail milo mohamed mohammed monika morgan muhammad nadia natasha nate ngozi nicolas nikhil nikolai nils nora
olaf oleg olga oliver omar owen pablo paola paolo parker pavel pedro pierre pooja poppy priya quinn rafael
rahul raj rajesh rania raul ravi reese reid rhys ricardo riley roberto rohan rory rosa rowan ruby samir sanjay
satoshi seb sebastien sergei sergey sergio simon simone skyler sofia stefan stefano sunil suresh sven svetlana
takeshi tara tariq tatiana taylor theo thierry thor toby tristan ulrich valentina vera vijay vikram viktor
vladimir wes willow wolfgang xavier yuki yuko yuri yusuf yvonne zara zoe
"""
EN_FIRST_NAMES = frozenset(_EN_FIRST_NAMES_WORDS.split())
_PINYIN_SURNAMES_WORDS = """
li wang zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng liang xie song tang
han feng deng cao peng zeng xiao tian dong yuan pan cai jiang du ye cheng su wei lv lu ding shen yao cui zhong
tan fan jin shi liao jia xia fu fang bai zou meng xiong qin qiu yin xue yan duan lei hou long tao qian kong
wan
"""
PINYIN_SURNAMES = frozenset(_PINYIN_SURNAMES_WORDS.split())
# First names that are also ordinary words: names only when capitalised.
_WORD_NAMES = frozenset((
    "will", "mark", "bill", "may", "grace", "rose", "april", "jack", "sue", "ray", "pat", "rob", "frank", "wayne",
    "ross", "summer", "bruce", "sally", "penny", "ruby", "jade", "willow", "poppy", "hugo", "amber", "dawn", "crystal",
    "hope", "faith", "joy", "victor", "august", "chase", "hunter", "lily", "iris",
))
_HONORIFIC = re.compile(r"\b(?:[Mm]r|[Mm]rs|[Mm]s|[Mm]iss|[Dd]r|[Pp]rof)\.?\s+[A-Za-z][a-z]+(?:\s+[A-Z][a-z]+)?")
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")
_EN_TITLE = re.compile(
    r"\b(?:(?:chief \w+ officer)|"
    r"(?:head of [\w&]+(?: (?!at\b|for\b|in\b|with\b|from\b|over\b|is\b|was\b|are\b)[\w&]+)?)|"
    r"(?:(?:vp|vice president|director|manager|head|lead)"
    r" of [\w&]+)|(?:(?:senior |sr\.? |junior |jr\.? )?(?:[\w&]+ )?(?:director|manager|engineer|lead|officer|"
    r"buyer|architect|analyst|consultant|coordinator|specialist|administrator|admin|owner|founder|partner|"
    r"president|chairman|secretary|assistant|accountant|controller|supervisor|executive|rep|representative))|"
    r"decision maker|procurement|purchasing|ceo|cto|cfo|coo|cio|cmo|cpo|ciso|vp|svp|evp|gm|md|owner|founder|"
    r"co-founder|boss|buyer|it)\b",
    re.IGNORECASE,
)
_ACRONYM_TITLES = {"ceo", "cto", "cfo", "coo", "cio", "cmo", "cpo", "ciso", "vp", "svp", "evp", "gm", "md", "it"}
ZH_TITLE_WORD = re.compile(
    r"[\u4e00-\u9fff]{0,5}?(?:总经理|董事长|总工程师|工程师|总监|经理|主任|科长|厂长|处长|部长|局长|院长|校长|主管|负责人|"
    r"总裁|副总(?:工程师|经理|裁|监)?|老板|秘书|助理|专员|顾问|会计)|CTO|CEO|CFO|COO|CIO|IT总监"
)


_NAME = r"[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?"
ROLE = (r"(?i:ceo|cto|cfo|coo|cio|cmo|cpo|vp(?: of)?(?: \w+)?|svp|evp|gm|md|owner|founder|co-founder|boss|buyer|"
         r"chairman|president|head of \w+|(?:(?:ops|plant|site|it|project|purchasing|procurement|sales|account|office|"
         r"general|product|engineering|operations|finance|warehouse|logistics|program|marketing|hr|qa|"
         r"technical|tech|senior|sr\.?|junior) )?(?:mgr|manager|director|lead|engineer|coordinator|supervisor|"
         r"officer|architect|analyst|administrator|admin|rep|representative|specialist|consultant))")
# "procurement mgr Tomasz", "CFO Maria Lopez", "the owner Sam Reyes"; "Hannah Schmidt, finance director",
# "Ada Moss (site manager)", "Sven Olsen is the new head of IT"; "contact: Jo Park", "新联系人 Jo Park",
# "add Jo Park to".
_ROLE_PEOPLE = re.compile(
    rf"(?<![A-Za-z]){ROLE}\s+(?P<a>{_NAME}(?: {_NAME})?)(?![A-Za-z])|"
    rf"(?<![A-Za-z])(?P<b>{_NAME} {_NAME})\s*(?:,|\(|-|is (?:the |our |their )?(?:new )?)\s*(?:the |our )?{ROLE}|"
    rf"(?:(?i:contact|contact person|poc|new contact)\s*(?i:at|for|@)?[^:：]{{0,30}}[:：]|联系人|对接人|负责人)\s*"
    rf"(?P<c>{_NAME}(?: {_NAME})?)(?![A-Za-z])|"
    rf"(?<![A-Za-z])(?i:add|save|new contact)\s+(?P<d>{_NAME} {_NAME})\s+(?i:to|at|for|as)\b"
)


def role_people(text: str, blocked: Sequence[Span] = ()) -> list[tuple[str, int, int]]:
    """Capitalised names that a job title, a contact label or "add … to" marks as a person."""
    out: list[tuple[str, int, int]] = []
    for match in _ROLE_PEOPLE.finditer(text):
        group = next(g for g in "abcd" if match.group(g))
        name = match.group(group)
        words = name.split()
        while words and (is_common(words[-1]) or words[-1].lower() in _ACRONYM_TITLES):
            words.pop()
        if not words or is_common(words[0]):
            continue
        span = (match.start(group), match.start(group) + len(" ".join(words)))
        if not _blocked(span, blocked):
            out.append((" ".join(words), *span))
    return out


_WITH_AT = re.compile(
    r"\b(?:with|w/|met|called|emailed|texted|messaged|rang)\s+(?P<name>[A-Z][a-z]+(?: [A-Z][a-z]+)?)\s+"
    r"(?:at|from|@|of)\s|\b(?:is|named|called|name is|contact is)\s+(?P<named>[A-Z][a-z]+ [A-Z][a-z]+)\b"
)


def with_at_people(text: str, blocked: Sequence[Span] = ()) -> list[tuple[str, int, int]]:
    """"with Priya at Apex": a capitalised name between a verb and the company is a person."""
    out: list[tuple[str, int, int]] = []
    for match in _WITH_AT.finditer(text):
        group = "name" if match.group("name") else "named"
        span = (match.start(group), match.end(group))
        if not _blocked(span, blocked) and not is_common(match.group(group).split()[0]):
            out.append((match.group(group), *span))
    return out


def zh_people(text: str, blocked: Sequence[Span] = ()) -> list[tuple[str, int, int]]:
    out: list[tuple[str, int, int]] = []
    for match in _ZH_PERSON.finditer(text):
        span = (match.start(), match.end())
        if _blocked(span, blocked) or _NOT_PERSON.search(text[max(0, span[0] - 1): span[1] + 1]):
            continue
        out.append((match.group(), *span))
    return out


def zh_full_names(text: str, blocked: Sequence[Span] = (), *, positional: bool = True) -> list[tuple[str, int, int]]:
    """张海涛 after 联系人/对接人/负责人/叫; with `positional`, also a name standing alone between separators."""
    out: list[tuple[str, int, int]] = []
    for match in _ZH_FULLNAME.finditer(text):
        group = 1 if match.group(1) else 2
        if group == 2 and not positional:
            continue
        span = (match.start(group), match.end(group))
        name = match.group(group)
        if _blocked(span, blocked) or ZH_TITLE_WORD.fullmatch(name) or _NOT_PERSON.search(name):
            continue
        out.append((name, *span))
    return out


def en_people(text: str, blocked: Sequence[Span] = (), *, full: bool = False) -> list[tuple[str, int, int]]:
    """English names: honorific + name, a known first name (+ surname), a pinyin surname + given name."""
    out: list[tuple[str, int, int]] = []
    for match in _HONORIFIC.finditer(text):
        span = (match.start(), match.end())
        if not _blocked(span, blocked):
            out.append((_title_case(match.group()), *span))
    words = [(m.group().removesuffix("'s"), m.start(), m.end() - (2 if m.group().endswith("'s") else 0))
             for m in _WORD.finditer(text)]
    for i, (word, start, end) in enumerate(words):
        if any(s <= start < e for _, s, e in out) or _blocked((start, end), blocked):
            continue
        lower = word.lower()
        nxt = words[i + 1] if i + 1 < len(words) else None
        adjacent = nxt is not None and text[end: nxt[1]] == " "
        if lower in PINYIN_SURNAMES and word[0].isupper() and adjacent and nxt is not None and nxt[0][0].isupper() \
                and not is_common(nxt[0]) and not _blocked((nxt[1], nxt[2]), blocked):
            out.append((f"{word} {nxt[0]}", start, nxt[2]))
            continue
        if lower in EN_FIRST_NAMES and not (lower in _WORD_NAMES and not word[0].isupper()):
            # A surname joins the first name when the message capitalises it, or anywhere in a contact card.
            if adjacent and nxt is not None and (full or nxt[0][0].isupper()) and _surname_like(nxt[0]) and \
                    not _blocked((nxt[1], nxt[2]), blocked):
                out.append((_title_case(f"{word} {nxt[0]}"), start, nxt[2]))
            else:
                out.append((_title_case(word), start, end))
    out.sort(key=lambda p: p[1])
    return out


def en_title(text: str) -> str | None:
    match = _EN_TITLE.search(text)
    if match is None:
        return None
    title = match.group()
    return title.upper() if title.lower() in _ACRONYM_TITLES else title


def _surname_like(word: str) -> bool:
    lower = word.lower()
    return len(word) >= 2 and not is_common(lower) and lower not in _ACRONYM_TITLES and (
        lower not in EN_FIRST_NAMES or word[0].isupper()
    )


def _title_case(name: str) -> str:
    return " ".join(w if any(c.isupper() for c in w) else w.capitalize() for w in name.split())


def _blocked(span: Span, blocked: Sequence[Span]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in blocked)
