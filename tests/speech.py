"""How the speech tests judge a real transcript: error rates against the text each fixture was spoken from.

Whisper's words differ from one CPU to another (int8 kernels per instruction set, thread count), so a test that
runs the real model never asserts exact words. It bounds the word error rate (English) or the character error
rate (Chinese) against the reference text in scripts/make_audio_fixtures.sh, read from that script so the two
cannot drift, and checks structure (the customer found, an action item present, the language).

The edit distance is rapidfuzz's (already a runtime dependency): no extra package for a few lines.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

from rapidfuzz.distance import Levenshtein

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "make_audio_fixtures.sh"

# Fixture → the script variable holding the words it was generated from.
_FIXTURE_TEXT = {
    "en_visit": "EN_VISIT",
    "en_short": "EN_SHORT",
    "en_meeting": "MEETING",
    "zh_visit": "ZH_VISIT_HANZI",
}

# Bounds, with the error rates seen when they were chosen: faster-whisper 1.2.1 / CTranslate2 4.8.5, int8, one AMD
# EPYC forced to each of CT2_FORCE_CPU_ISA=AVX512 (native), AVX2, AVX and GENERIC, with 1 and 2 threads — the
# transcripts differ between those runs the way they differ between machines. Each bound is about twice the worst
# rate seen and far below what a wrong-language, empty or unrelated transcript scores (about 1.0).
WER_VISIT = 0.40  # tiny.en on en_visit: 0.13-0.20 without hotwords, 0.07 with the names as hotwords
CER_SHORT = 0.35  # tiny.en on en_short (2.5 s, "And the North Wind Quot"): 0.03-0.17 by characters (words: 0.67)
WER_MEETING = 0.35  # en_meeting: tiny.en 0.11-0.19; base + the rep's names 0.05-0.09, + the customer 0.12-0.14
CER_ZH_VISIT = 0.65  # base on zh_visit (espeak's pinyin voice): 0.33 with the company as hotword, 0.44 without
# How long a test waits for replies that need a real transcription: it returns as soon as they arrive, so a generous
# bound costs nothing on a fast machine and spares a slow or busy one (a cold model load alone can take 10 s).
TRANSCRIPTION_WAIT = 120.0

_ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000}


@cache
def _script_texts() -> dict[str, str]:
    source = SCRIPT.read_text(encoding="utf-8")
    texts: dict[str, str] = {}
    for match in re.finditer(r'^([A-Z][A-Z_]*)="((?:[^"\\]|\\.)*)"', source, flags=re.MULTILINE | re.DOTALL):
        texts[match.group(1)] = " ".join(match.group(2).replace("\\\n", " ").split())
    return texts


def reference(fixture: str) -> str:
    """The text a committed fixture was spoken from, e.g. reference("en_meeting.ogg")."""
    return _script_texts()[_FIXTURE_TEXT[Path(fixture).stem]]


def _numbers(words: list[str]) -> list[str]:
    """Spelled-out numbers as digits ("five hundred thousand" → "500000", "500 thousand" → "500000")."""
    out: list[str] = []
    total = current = 0
    in_number = False

    def flush() -> None:
        nonlocal total, current, in_number
        if in_number:
            out.append(str(total + current))
        total = current = 0
        in_number = False

    for word in words:
        if word.isdigit():
            if in_number:
                flush()
            current, in_number = int(word), True
        elif word in _ONES or word in _TENS:
            value = _ONES.get(word, _TENS.get(word, 0))
            if in_number and current % 10 == 0 and current % 100 != 0 and value < 10 and word in _ONES:
                current += value  # "twenty five"
            elif in_number and current >= 100 and current % 100 == 0:
                current += value  # "hundred and five" without the "and"
            else:
                flush()
                current, in_number = value, True
        elif word in _SCALES and in_number:
            scale = _SCALES[word]
            if scale == 100:
                current *= 100
            else:
                total += current * scale
                current = 0
        else:
            flush()
            out.append(word)
    flush()
    return out


def words(text: str) -> list[str]:
    """Lower case, no punctuation, numbers as digits, "10%" as "10 percent", "15th" as "15"."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)  # 500,000
    text = text.replace("%", " percent").replace("$", " ")
    text = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "", text)
    text = re.sub(r"[^\w\s']|_", " ", text)
    return _numbers(text.split())


def wer(ref: str, hyp: str) -> float:
    """Word error rate: (substitutions + deletions + insertions) / reference words."""
    expected = words(ref)
    return Levenshtein.distance(expected, words(hyp)) / max(1, len(expected))


def _chars(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).lower() if ch.isalnum())


def cer(ref: str, hyp: str) -> float:
    """Character error rate over letters, digits and CJK characters (spaces and punctuation ignored)."""
    expected = _chars(ref)
    return Levenshtein.distance(expected, _chars(hyp)) / max(1, len(expected))


def cer_words(ref: str, hyp: str) -> float:
    """Character error rate after word normalisation: for short English clips where "north wind" is one slip."""
    return cer(" ".join(words(ref)), " ".join(words(hyp)))


# What faster-whisper base heard in en_meeting.ogg with the rep's names as hotwords, on the machine the bounds were
# chosen on. Tests of what the app does WITH a transcript (minutes extraction, picking items, the LLM prompt) feed
# this text through a stub transcriber: their exact assertions then hold on every CPU.
MEETING_AS_HEARD = (
    "Meeting minutes for the weekly sales meeting. Attendees, Anna Schmidt, Li Wei, and Tom Baker. First topic, the "
    "Northwind Traders deal. The customer asked for a discount on 10%, we agreed to offer 8%, if they sighed a "
    "two-year contract. Second topic, the new price list for next quarter. Tom will update the prices on the website. "
    "Action items, Li Wei to send the contract by December 15th. And to call the customer out of the delivery "
    "schedule. Tom to prepare the quarterly report. Open question. Does the budget of 500,000 include installation? "
    "Next step. We meet again next Monday at 10 in the morning to review the signed contract. And on minutes."
)
