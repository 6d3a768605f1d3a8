"""Traditional characters and Cantonese date/money words folded to the simplified forms our patterns read.

The fold keeps every offset: each character maps to one character and each Cantonese word to a simplified
word of the same length (聽日 → 明日, 下晝 → 下午, 月尾 → 月底, 呢個 → 这个), so a match found in the folded
text has the same span in the text the user typed. Only what the date and amount lexers read is folded;
the rest of the text passes through unchanged.
"""

from __future__ import annotations

import re

# Cantonese (and a few traditional-only) words, each to a simplified word of the same length.
_WORDS: dict[str, str] = {
    "聽日": "明日", "聽朝": "明早", "聽晚": "明晚", "尋日": "昨日", "琴日": "昨日", "噚日": "昨日", "尋晚": "昨晚",
    "琴晚": "昨晚", "後日": "后天", "前日": "前天", "今朝": "今早", "朝早": "早上", "下晝": "下午", "晏晝": "中午",
    "夜晚": "晚上", "出年": "明年", "舊年": "去年", "上年": "去年", "月尾": "月底", "年尾": "年底", "呢個": "这个",
    "今個": "这个", "嚟緊": "这个", "而家": "现在", "宜家": "现在", "依家": "现在", "聖誕": "圣诞", "平安夜": "平安夜",
    "港紙": "港币", "新台幣": "新台币",
}
# Single characters (traditional → simplified) that occur in date and money expressions.
_CHARS = str.maketrans({
    "後": "后", "點": "点", "鐘": "钟", "週": "周", "禮": "礼", "個": "个", "兩": "两", "號": "号", "這": "这",
    "時": "时", "萬": "万", "億": "亿", "塊": "块", "幣": "币", "負": "负", "國": "国", "節": "节", "內": "内",
    "過": "过", "來": "来", "開": "开", "會": "会", "幾": "几", "頭": "头", "間": "间", "聖": "圣", "誕": "诞",
    "臺": "台", "韓": "韩", "圓": "圆", "歐": "欧", "鎊": "镑", "銖": "铢", "盧": "卢", "錢": "钱",
    "麼": "么", "歲": "岁", "曆": "历", "歷": "历", "專": "专", "貳": "贰", "參": "参",
    "陸": "陆", "門": "门", "樓": "楼", "線": "线", "單": "单", "價": "价", "預": "预", "額": "额", "報": "报",
    "總": "总", "約": "约", "訂": "订", "筆": "笔", "帳": "帐", "賬": "账", "紙": "纸", "見": "见", "勞": "劳",
    "動": "动", "兒": "儿", "婦": "妇", "聯": "联", "陰": "阴",
    # holiday names (復活節, 耶穌受難日, 農曆新年, 端陽, 國慶, 聖靈降臨節 …) and periods (季度, 過去, 未來)
    "復": "复", "難": "难", "靈": "灵", "齋": "斋", "爾": "尔", "東": "东", "軍": "军", "紀": "纪", "歸": "归",
    "費": "费", "權": "权", "際": "际", "陽": "阳", "農": "农", "燈": "灯", "臘": "腊", "龍": "龙", "師": "师",
    "樹": "树", "黨": "党", "慶": "庆", "穌": "稣", "臨": "临", "設": "设", "餐": "餐", "沈": "沉", "懺": "忏",
    "悔": "悔", "義": "义", "瞻": "瞻", "盂": "盂", "蘭": "兰", "團": "团", "殺": "杀", "業": "业", "闆": "板",
})
_WORD_RE = re.compile("|".join(sorted(map(re.escape, _WORDS), key=len, reverse=True)))
_HAS_HANT = re.compile("[" + "".join(sorted({chr(k) for k in _CHARS} | {w[0] for w in _WORDS})) + "]")


def fold_cantonese_words(text: str) -> str:
    """Only the Cantonese words (聽日 → 明日), before the whole text is read as simplified Chinese (which would turn
    聽日 into 听日, a word nobody writes)."""
    return _WORD_RE.sub(lambda m: _WORDS[m.group()], text) if _HAS_HANT.search(text) else text


def fold_hant(text: str) -> str:
    """The text with traditional/Cantonese date and money words in simplified form; same length, same offsets."""
    if _HAS_HANT.search(text) is None:
        return text
    folded = _WORD_RE.sub(lambda m: _WORDS[m.group()], text)
    return folded.translate(_CHARS)
