"""Common words that are never a customer by themselves and never a fuzzy match for one.

"came" is one transposition away from "acme" and "wide" starts "Wide World Importers": without this list
ordinary English would be read as company names. A name that *is* such a word still matches exactly.
"""

from __future__ import annotations

_COMMON_EN_WORDS = """
a about above after again against all also am an and any are as at away back be because been before being
below between both but by can cannot could did do does doing done down during each else even ever every few
for from further get got had has have having he her here hers him his how i if in into is it its itself just
let me more most my no nor not now of off on once only or other our ours out over own per please pls plz same
she should so some such than that the their theirs them then there these they this those through to too under
until up upon very via was we were what when where which while who whom why will with within without would yet
you your yours us u ur r w wo im ive id ill youre thats whats hows wheres theyre dont cant wont didnt isnt ok
okay yes yeah yep nope hi hey hello thanks thx ty lol haha good great nice bad fine well sure maybe really
quick quickly still already soon later today tomorrow tonight yesterday morning afternoon evening night week
weeks month months year years day days hour hours time new old next last first second third final big small
large huge massive wide blue red green black white gold silver bright top best high low long short full half
early late open close closed closing opened call called calls calling phone phoned rang ring email emailed
emails mail text texted message messaged visit visited visiting meet met meeting meetings mtg demo demos lunch
dinner coffee chat chatted spoke speak talk talked said say says told tell asked ask want wants wanted need
needs needed like likes liked send sent sending share shared follow followed following update updated updates
add added create created make made set log logged record recorded note noted remind reminder reminders task
tasks todo todos finish finished complete completed mark check review reviewed prep prepare prepared draft
drafted plan deal deals opp opps opportunity opportunities pipeline lead leads stage stages won win lost lose
signed sign quote quotes quoted proposal proposals price pricing prices budget budgets amount value worth cost
contract contracts invoice invoices payment payments paid pay pays owe owes owed receivable receivables report
reports forecast funnel ranking profit margin project projects progress status phase rollout install
implementation support service services team teams sales customer customers client clients account accounts
contact contacts company companies group holdings industries systems solutions partner partners vendor vendors
competitor competitors product products order orders po rfp sow nda money cash dollars bucks grand million mil
thousand k m usd rmb eur percent info details profile summit energy health dynamic world toys trade traders
airlines logistics importers enterprises office site hq warehouse plant factory expo event conference board
legal finance procurement ops cto ceo cfo coo vp director manager head engineer boss guy guys people person
folks monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
january february march april may june july august september october november december jan feb mar apr jun jul
aug sep sept oct nov dec end start begin beginning around approx ago
"""
COMMON_EN = frozenset(_COMMON_EN_WORDS.split())


def is_common(word: str) -> bool:
    return word.casefold().strip("'’.") in COMMON_EN
