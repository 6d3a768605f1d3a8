#!/usr/bin/env bash
# Regenerates the small committed audio fixtures in tests/data/audio/ for the
# voice transcription tests (bot/voice). Needs espeak-ng and ffmpeg (Debian
# packages) at generation time only; the tests themselves decode through PyAV.
#
#   bash scripts/make_audio_fixtures.sh [OUT_DIR]
#
# Output is deterministic enough for review (bitexact, no metadata), but not
# byte-for-byte stable across espeak-ng/ffmpeg versions: commit the result.
#
# The NAME="…" texts below are the references the speech tests measure word (or,
# for Chinese, character) error rates against: tests/speech.py reads them from
# this file, so change a text here and regenerate the audio together.
set -euo pipefail

OUT="${1:-$(cd "$(dirname "$0")/.." && pwd)/tests/data/audio}"
mkdir -p "$OUT"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

for tool in espeak-ng ffmpeg; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install $tool)" >&2; exit 1; }
done

FF=(ffmpeg -hide_banner -loglevel error -y)
# Common output flags: mono, 16 kHz, no metadata, bit-exact muxing.
COMMON=(-ac 1 -ar 16000 -map_metadata -1 -fflags +bitexact -flags:a +bitexact)

say_en() { espeak-ng -v en-us -s "$2" -w "$TMP/$1.wav" "$3"; }

# 1. English visit note (~6 s): Telegram-style OGG/Opus and an M4A/AAC copy.
EN_VISIT="Visited Northwind Traders today, met Li Wei. They want a quote by Friday, budget five hundred thousand."
say_en en_visit 165 "$EN_VISIT"
"${FF[@]}" -i "$TMP/en_visit.wav" "${COMMON[@]}" -c:a libopus -b:a 24k "$OUT/en_visit.ogg"
"${FF[@]}" -i "$TMP/en_visit.wav" "${COMMON[@]}" -c:a aac -b:a 32k "$OUT/en_visit.m4a"

# 2. Short English clip in the other accepted containers (webm/Opus, mp3, wav).
EN_SHORT="Send the Northwind quote on Friday."
say_en en_short 165 "$EN_SHORT"
"${FF[@]}" -i "$TMP/en_short.wav" "${COMMON[@]}" -c:a libopus -b:a 16k "$OUT/en_short.webm"
"${FF[@]}" -i "$TMP/en_short.wav" "${COMMON[@]}" -c:a libmp3lame -b:a 24k "$OUT/en_short.mp3"
"${FF[@]}" -i "$TMP/en_short.wav" -ac 1 -ar 8000 -map_metadata -1 -fflags +bitexact \
  -c:a pcm_s16le "$OUT/en_short.wav"

# 3. Mandarin visit note. Debian's "cmn" voice reads tone digits aloud, so use
# the pinyin voice with pinyin input. Meaning: "Today I visited 星辰科技 (Xingchen
# Technology); the customer wants a quote." (whisper base hears it imperfectly:
# the tests bound its character error rate against ZH_VISIT_HANZI, the same words in characters.)
ZH_VISIT="jin1tian1 wo3 bai4fang3 le xing1chen2 ke1ji4, ke4hu4 xiang3yao4 yi2 fen4 bao4jia4."
ZH_VISIT_HANZI="今天我拜访了星辰科技，客户想要一份报价。"
espeak-ng -v cmn-latn-pinyin -s 130 -w "$TMP/zh_visit.wav" "$ZH_VISIT"
"${FF[@]}" -i "$TMP/zh_visit.wav" "${COMMON[@]}" -c:a libopus -b:a 24k "$OUT/zh_visit.ogg"

# 4. Longer English "meeting minutes" (> 45 s), low-bitrate mono Opus.
MEETING="Meeting minutes for the weekly sales meeting. \
Attendees: Anna Schmidt, Li Wei, and Tom Baker. \
First topic: the Northwind Traders deal. The customer asked for a discount of ten percent. \
We agreed to offer eight percent if they sign a two year contract. \
Second topic: the new price list for next quarter. Tom will update the prices on the website. \
Action items: Li Wei to send the contract by December fifteen. \
Anna to call the customer about the delivery schedule. \
Tom to prepare the quarterly report. \
Open question: does the budget of five hundred thousand include installation? \
Next step: we meet again next Monday at ten in the morning to review the signed contract. \
End of minutes."
say_en en_meeting 150 "$MEETING"
"${FF[@]}" -i "$TMP/en_meeting.wav" "${COMMON[@]}" -c:a libopus -b:a 12k "$OUT/en_meeting.ogg"

# 5. Bad inputs.
"${FF[@]}" -f lavfi -i anullsrc=r=16000:cl=mono -t 3 "${COMMON[@]}" -c:a libopus -b:a 12k "$OUT/silent.ogg"
: > "$OUT/empty.ogg"
size=$(stat -c %s "$OUT/en_visit.ogg")
head -c $((size / 2)) "$OUT/en_visit.ogg" > "$OUT/truncated.ogg"
printf 'This is a plain text file pretending to be a voice message.\n' > "$OUT/not_audio.ogg"
"${FF[@]}" -f lavfi -i color=c=red:s=16x16 -frames:v 1 -map_metadata -1 -fflags +bitexact "$OUT/not_audio.png"
# A WAV whose format tag (bytes 20-21) names no known codec: demuxes, cannot decode.
"${FF[@]}" -f lavfi -i "sine=frequency=440:sample_rate=8000" -t 0.5 -ac 1 -map_metadata -1 \
  -fflags +bitexact -c:a pcm_s16le "$OUT/unsupported_codec.wav"
printf '\x34\x12' | dd of="$OUT/unsupported_codec.wav" bs=1 seek=20 conv=notrunc status=none

ls -l "$OUT"
du -sh "$OUT"
