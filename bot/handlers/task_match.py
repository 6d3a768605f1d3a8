"""Which open task a "done: …" message means: the words people use for a task are rarely its title.

"done: send the revised quote" is "Send revised quote to Acme"; 完成 准备安全方案 is 准备星辰数据安全方案; 回访蓝海物流
那个任务完成了 is 回访蓝海物流. Words are compared without glue (the, to, 的, 了 …); a task whose title holds every
content word (or every character, in Chinese, in order) is a match; otherwise rapidfuzz's partial and token-set
ratios rank the near ones. One clear match is proposed (the card names it, so the user confirms what they see);
several are offered to pick from.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz

from core.models import Task

_GLUE = frozenset(("the", "a", "an", "to", "for", "of", "with", "on", "at", "in", "my", "our", "their", "this",
                   "that", "it", "task", "todo", "to-do", "reminder"))
_ZH_GLUE = re.compile(r"[的了把这那个条项任务待办提醒吧]")
_WORD = re.compile(r"[a-z0-9]+|[\u4e00-\u9fff]")
NEAR = 80.0
CLEAR_MARGIN = 8.0


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(_ZH_GLUE.sub("", text.casefold())) if w not in _GLUE]


def _stem(word: str) -> str:
    return re.sub(r"(?:ing|ed|es|s)$", "", word) if len(word) > 4 else word


def _contains_all(title: list[str], wanted: list[str]) -> bool:
    """Every wanted word in the title (English, by stem), and every wanted character in order (Chinese)."""
    if not wanted:
        return False
    stems = {_stem(w) for w in title if w.isascii()}
    if any(_stem(w) not in stems for w in wanted if w.isascii()):
        return False
    title_cjk = iter(w for w in title if not w.isascii())
    return all(any(c == have for have in title_cjk) for c in wanted if not c.isascii())


def score(title: str, said: str) -> float:
    title_words, said_words = _words(title), _words(said)
    if _contains_all(title_words, said_words):
        return 100.0
    left, right = " ".join(title_words), " ".join(said_words)
    return float(max(fuzz.token_set_ratio(left, right), fuzz.partial_ratio(left, right)))


def best_tasks(open_tasks: Sequence[Task], said: str) -> list[Task]:
    """The tasks `said` means, best first: every exact match, else the one clearly best near match, else the
    near ones to pick from (empty when none is near)."""
    ranked = sorted(((score(t.title, said), t) for t in open_tasks), key=lambda pair: -pair[0])
    exact = [t for s, t in ranked if s >= 100.0]
    if exact:
        return exact
    near = [(s, t) for s, t in ranked if s >= NEAR]
    if len(near) >= 2 and near[0][0] - near[1][0] >= CLEAR_MARGIN:
        return [near[0][1]]
    return [t for _, t in near]
