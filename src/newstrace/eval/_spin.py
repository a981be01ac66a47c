"""Machine paraphrase the way article spinners do it: a synonym table, function-word changes,
sentence splits and merges, reordered clauses, and planted alterations (numbers, names, quotes).

Everything here is written for this project (no third-party word lists). Deterministic for a given
``random.Random``. English only: other languages get the structural changes and alterations but no
synonyms.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import Any

# --- the synonym table ----------------------------------------------------------------------------
# "word: alternative, alternative" lines. Spinners pick blindly, so alternatives are close enough
# in most contexts but not always idiomatic — which is what real spun copies look like.
_SYNONYM_LINES = """
said: stated, noted, explained, remarked
says: states, notes, explains, remarks
told: informed, said to
announced: declared, revealed, disclosed
announce: declare, reveal, disclose
reported: stated, disclosed, noted
report: account, statement, study
reports: accounts, statements, studies
according: as per
added: further noted, also said
asked: requested, questioned
claimed: alleged, asserted
believed: thought, considered
believe: think, consider
expected: anticipated, predicted
expect: anticipate, predict
began: started, commenced
begin: start, commence
started: began, launched, initiated
start: begin, launch
ended: finished, concluded
end: finish, conclusion
help: assist, aid, support
helped: assisted, aided, supported
helps: assists, aids, supports
show: demonstrate, reveal, indicate
shows: demonstrates, reveals, indicates
showed: demonstrated, revealed, indicated
shown: demonstrated, revealed
use: utilise, employ
used: utilised, employed
using: utilising, employing
make: create, produce
made: created, produced
makes: creates, produces
get: obtain, receive
got: obtained, received
give: provide, offer
gave: provided, offered
given: provided, offered
take: seize, carry
took: seized, carried
need: require
needs: requires
needed: required
want: wish, desire
wanted: wished, desired
try: attempt
tried: attempted
seek: pursue
sought: pursued
keep: maintain, retain
kept: maintained, retained
buy: purchase, acquire
bought: purchased, acquired
sell: market, trade
sold: marketed, traded
find: discover, locate
found: discovered, located
build: construct, develop
built: constructed, developed
allow: permit, enable
allowed: permitted, enabled
allows: permits, enables
include: comprise, contain
includes: comprises, contains
including: comprising, counting
increase: rise, growth, boost
increased: rose, grew, climbed
decrease: decline, drop, fall
decreased: declined, dropped, fell
rise: climb, increase
rose: climbed, increased
fell: dropped, declined
fall: drop, decline
grow: expand, increase
grew: expanded, increased
growing: expanding, increasing
growth: expansion, increase
reduce: cut, lower
reduced: cut, lowered
cut: reduce, slash
improve: enhance, boost
improved: enhanced, boosted
change: alteration, shift
changes: alterations, shifts
changed: altered, shifted
create: generate, establish
created: generated, established
develop: create, build
developed: created, built
provide: supply, offer
provided: supplied, offered
provides: supplies, offers
require: need, demand
required: needed, demanded
remain: stay, continue
remains: stays, continues
remained: stayed, continued
receive: get, obtain
received: got, obtained
support: backing, help
supported: backed, endorsed
warned: cautioned, alerted
warn: caution, alert
agreed: consented, accepted
agree: consent, accept
decided: chose, resolved
decide: choose, resolve
plan: scheme, programme, strategy
plans: schemes, programmes, strategies
planned: scheduled, intended
meeting: session, gathering
meet: encounter, gather
met: encountered, gathered
discuss: debate, talk about
discussed: debated, talked about
consider: weigh, contemplate
considered: weighed, contemplated
continue: carry on, persist
continued: carried on, persisted
continues: carries on, persists
face: confront, encounter
faced: confronted, encountered
faces: confronts, encounters
lead: head, guide
led: headed, guided
leads: heads, guides
leader: chief, head
leaders: chiefs, heads
official: officer, representative
officials: officers, representatives
government: administration, authorities
company: firm, business, enterprise
companies: firms, businesses, enterprises
firm: company, business
business: company, enterprise
businesses: companies, enterprises
market: marketplace, sector
markets: marketplaces, sectors
industry: sector, trade
people: individuals, persons, folks
person: individual
man: guy, gentleman
woman: lady
men: guys, gentlemen
women: ladies
children: kids, youngsters
child: kid, youngster
residents: inhabitants, locals
country: nation, state
countries: nations, states
city: town, municipality
area: region, zone, district
areas: regions, zones, districts
region: area, zone
home: house, residence
homes: houses, residences
house: home, residence
car: vehicle, automobile
cars: vehicles, automobiles
money: funds, cash
price: cost, rate
prices: costs, rates
cost: price, expense
costs: prices, expenses
job: position, role
jobs: positions, roles
work: labour, effort
worked: laboured, toiled
working: labouring, toiling
workers: employees, staff
worker: employee
employees: workers, staff members
problem: issue, difficulty
problems: issues, difficulties
issue: problem, matter
issues: problems, matters
question: query, matter
questions: queries, matters
answer: reply, response
result: outcome, consequence
results: outcomes, findings
effect: impact, influence
effects: impacts, influences
impact: effect, influence
reason: cause, motive
way: method, manner
ways: methods, manners
idea: concept, notion
information: data, details
data: information, figures
study: research, analysis
research: study, investigation
researchers: scientists, investigators
scientists: researchers, experts
expert: specialist, authority
experts: specialists, authorities
analysts: experts, observers
team: group, squad
group: team, party
members: participants
member: participant
number: amount, quantity
part: portion, section
percent: per cent
week: seven days
weeks: several weeks
year: twelve months
years: years
today: at present, nowadays
recently: lately, of late
currently: presently, at present
now: currently, presently
soon: shortly, before long
often: frequently, regularly
usually: typically, normally
also: furthermore, moreover
however: nevertheless, nonetheless
but: yet, though
although: though, even though
because: since, as
while: whereas, as
very: extremely, highly
really: truly, genuinely
quickly: rapidly, swiftly
slowly: gradually, steadily
nearly: almost, virtually
almost: nearly, practically
about: around, approximately
around: about, roughly
approximately: roughly, about
many: numerous, plenty of
several: a number of, various
some: certain, a few
most: the majority of
big: large, huge
large: big, huge, sizeable
small: little, tiny, modest
huge: massive, enormous
major: key, significant, main
important: significant, crucial, vital
significant: important, notable, substantial
main: primary, principal, chief
key: crucial, vital
new: fresh, novel, recent
old: aged, former
former: previous, ex
previous: prior, earlier
recent: latest, current
current: present, existing
final: last, closing
first: initial, earliest
last: final, previous
next: following, upcoming
early: initial, premature
late: belated, delayed
high: elevated, steep
low: reduced, modest
strong: powerful, robust
weak: feeble, fragile
good: fine, positive
bad: poor, negative
best: finest, top
worst: poorest
serious: severe, grave
difficult: hard, tough, challenging
easy: simple, straightforward
possible: feasible, potential
likely: probable, expected
clear: obvious, evident
different: various, distinct
similar: comparable, alike
local: regional, community
national: nationwide, federal
international: global, worldwide
global: worldwide, international
public: community, civic
private: personal, confidential
political: governmental
economic: financial, fiscal
financial: monetary, fiscal
social: societal, community
military: armed forces, defence
police: law enforcement, officers
attack: assault, strike
attacks: assaults, strikes
killed: slain, left dead
died: passed away, perished
death: fatality, passing
deaths: fatalities
injured: wounded, hurt
hospital: medical center, clinic
doctors: physicians, medics
health: wellbeing, healthcare
disease: illness, condition
virus: pathogen, bug
war: conflict, warfare
fight: battle, struggle
fighting: battling, combat
crisis: emergency, predicament
risk: danger, threat
risks: dangers, threats
threat: danger, menace
safety: security, protection
security: safety, protection
law: legislation, statute
laws: legislation, statutes
rules: regulations, guidelines
rule: regulation, guideline
court: tribunal
judge: magistrate
case: matter, instance
charges: accusations, counts
accused: charged, alleged
arrested: detained, apprehended
investigation: inquiry, probe
vote: ballot, poll
voters: electors, constituents
election: poll, vote
campaign: drive, crusade
president: head of state
minister: secretary, official
ministry: department
state: nation, country
party: faction, group
policy: strategy, approach
deal: agreement, accord, pact
agreement: deal, accord, pact
talks: negotiations, discussions
statement: announcement, declaration
event: occasion, affair
events: occasions, affairs
project: venture, scheme
program: scheme, initiative
programme: scheme, initiative
service: facility, provision
services: facilities, provisions
system: structure, framework
technology: tech, engineering
energy: power, fuel
power: energy, electricity
water: H2O
food: nourishment, meals
school: academy
students: pupils, learners
university: college, academy
film: movie, picture
show: programme
game: match, contest
games: matches, contests
win: victory, triumph
won: secured, clinched
lost: forfeited, dropped
player: athlete, competitor
players: athletes, competitors
fans: supporters, followers
season: campaign, term
record: tally, milestone
world: globe, planet
history: past, background
future: coming years, outlook
time: period, moment
times: occasions, instances
day: date
days: days
month: month
night: evening
morning: forenoon
story: account, tale
news: reports, headlines
media: press
social media: online platforms
online: on the internet, on the web
website: web site, site
site: location, venue
building: structure, property
road: street, route
roads: streets, routes
town: city, settlement
village: hamlet, settlement
office: bureau, agency
department: division, section
agency: bureau, body
organisation: body, institution
organization: body, institution
authorities: officials, powers
community: neighbourhood, population
communities: neighbourhoods, populations
family: household, relatives
families: households
friends: pals, companions
life: existence, living
lives: existences
level: degree, extent
levels: degrees
rate: pace, level
amount: sum, quantity
total: overall, whole
growth: expansion
sales: revenues, turnover
revenue: income, earnings
profit: earnings, gain
profits: earnings, gains
investors: backers, shareholders
shares: stocks
stock: shares, equity
bank: lender
banks: lenders
economy: financial system
trade: commerce, business
tax: levy, duty
taxes: levies, duties
budget: spending plan, allocation
funding: financing, money
fund: finance, bankroll
pay: compensate, fund
paid: compensated, funded
spend: invest, expend
spent: invested, expended
spending: expenditure, outlay
launch: introduce, roll out
launched: introduced, rolled out
release: publish, issue
released: published, issued
open: launch, unveil
opened: launched, unveiled
close: shut, shutter
closed: shut, shuttered
move: step, measure
moved: relocated, shifted
return: come back, go back
returned: came back, went back
hope: wish, aspiration
hopes: wishes, aspirations
fear: concern, worry
fears: concerns, worries
concern: worry, unease
concerns: worries, misgivings
worried: anxious, concerned
happy: pleased, glad
angry: furious, irate
surprised: astonished, stunned
according to: as reported by, as per
despite: in spite of, regardless of
during: throughout, in the course of
after: following, subsequent to
before: prior to, ahead of
within: inside, in
without: lacking, minus
among: amongst, amid
between: amid, among
across: throughout, over
against: versus, opposing
toward: towards, in the direction of
towards: toward
until: till, up to
since: considering that, as
into: inside, in
often: frequently
together: jointly, collectively
again: once more, anew
already: previously, by now
still: nevertheless, yet
just: simply, merely
only: merely, solely
even: yet, still
including: counting, comprising
however: even so, nonetheless
therefore: thus, hence
meanwhile: in the meantime, at the same time
instead: rather, alternatively
especially: particularly, notably
particularly: especially, notably
mainly: mostly, chiefly
largely: mostly, mainly
fully: completely, entirely
completely: entirely, totally
directly: straight, immediately
immediately: instantly, right away
finally: eventually, ultimately
eventually: ultimately, in the end
probably: likely, presumably
possibly: perhaps, maybe
perhaps: maybe, possibly
certainly: definitely, surely
""".strip()

_PHRASES: list[tuple[str, list[str]]] = [
    ("in order to", ["to", "so as to"]),
    ("as well as", ["and also", "along with"]),
    ("a number of", ["several", "some"]),
    ("more than", ["over", "in excess of"]),
    ("less than", ["under", "below"]),
    ("because of", ["due to", "owing to"]),
    ("in addition", ["additionally", "furthermore"]),
    ("at least", ["no fewer than", "a minimum of"]),
    ("at the same time", ["simultaneously", "meanwhile"]),
    ("for example", ["for instance", "as an example"]),
    ("such as", ["like", "including"]),
    ("as a result", ["consequently", "therefore"]),
    ("in the past", ["previously", "formerly"]),
    ("on the other hand", ["conversely", "then again"]),
    ("so far", ["to date", "up to now"]),
    ("a lot of", ["lots of", "plenty of"]),
    ("will be", ["is going to be", "shall be"]),
    ("has been", ["was", "has actually been"]),
    ("have been", ["were", "have actually been"]),
    ("is expected to", ["is anticipated to", "is predicted to"]),
    ("are expected to", ["are anticipated to", "are predicted to"]),
    ("going to", ["about to", "set to"]),
    ("able to", ["capable of", "in a position to"]),
    ("there is", ["there exists", "there's"]),
    ("there are", ["there exist", "you will find"]),
    ("it is", ["it's", "this is"]),
    ("do not", ["don't", "never"]),
    ("does not", ["doesn't", "never"]),
    ("did not", ["didn't", "never"]),
    ("can not", ["cannot", "can't"]),
    ("would not", ["wouldn't", "would never"]),
]

SYNONYMS: dict[str, list[str]] = {}
for _line in _SYNONYM_LINES.splitlines():
    _word, _, _alts = _line.partition(":")
    _choices = [a.strip() for a in _alts.split(",") if a.strip() and a.strip() != _word.strip()]
    if _choices and " " not in _word.strip():
        SYNONYMS.setdefault(_word.strip(), _choices)
    elif _choices:
        _PHRASES.append((_word.strip(), _choices))

# Spinners also swap function words where the swap keeps the sentence readable.
FUNCTION_SWAPS: dict[str, list[str]] = {
    "the": ["the", "the", "this"],
    "a": ["a", "one"],
    "this": ["that", "the"],
    "that": ["which", "that"],
    "which": ["that"],
    "and": ["and", "as well as", "plus"],
    "or": ["or", "or else"],
    "in": ["in", "within"],
    "on": ["on", "upon"],
    "with": ["with", "along with"],
    "by": ["by", "through"],
    "for": ["for", "meant for"],
    "from": ["from", "out of"],
    "of": ["of", "of", "belonging to"],
    "to": ["to", "to", "towards"],
    "is": ["is", "is actually"],
    "are": ["are", "are actually"],
    "was": ["was", "had been"],
    "were": ["were", "had been"],
    "has": ["has", "has actually"],
    "have": ["have", "possess"],
    "will": ["will", "shall", "is going to"],
    "would": ["would", "might"],
    "could": ["could", "might"],
    "can": ["can", "may"],
    "not": ["not", "not really"],
    "it": ["it", "this"],
    "they": ["they", "these people"],
    "their": ["their", "its"],
    "its": ["its", "their"],
    "he": ["he", "the man"],
    "she": ["she", "the woman"],
    "we": ["we", "our team"],
}

NEGATABLE = ("is", "was", "are", "were", "will", "can", "could", "would", "should", "has", "have", "had")

_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_QUOTE_RE = re.compile(r"“[^”]{3,}”|\"[^\"]{3,}\"")
_NUMBER_RE = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w,]*\d)")
_SENT_SPLIT_RE = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[\"“A-Z0-9])")
_MONTHS_DAYS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
)


@dataclass
class SpinResult:
    text: str
    planted: list[dict[str, Any]] = field(default_factory=list)


def _match_case(src: str, repl: str) -> str:
    if src.isupper() and len(src) > 1:
        return repl.upper()
    if src[:1].isupper():
        return repl[:1].upper() + repl[1:]
    return repl


def split_sentences(paragraph: str) -> list[str]:
    """A simple splitter for the generator (the project's own splitter is tested elsewhere)."""
    return [s for s in _SENT_SPLIT_RE.split(paragraph.strip()) if s]


def quote_mask(paragraph: str) -> list[bool]:
    """For each character: is it inside quote marks? Curly quotes pair by kind, straight double
    quotes toggle; an unclosed quote runs to the end of the paragraph (a quote over sentences)."""
    mask = [False] * len(paragraph)
    inside = False
    for i, ch in enumerate(paragraph):
        if ch == "“" or (ch == '"' and not inside):
            inside = True
            mask[i] = True
            continue
        if ch == "”" or (ch == '"' and inside):
            mask[i] = True
            inside = False
            continue
        mask[i] = inside
    return mask


def _segments(sentence: str, mask: list[bool]) -> list[tuple[bool, str]]:
    """[(is_quote, piece), ...] covering the sentence, from a character mask."""
    out: list[tuple[bool, str]] = []
    start = 0
    for i in range(1, len(sentence) + 1):
        if i == len(sentence) or mask[i] != mask[start]:
            out.append((mask[start], sentence[start:i]))
            start = i
    return out


def _replace_words(
    piece: str, rate: float, func_rate: float, rng: random.Random, keep_names: bool = True
) -> str:
    for phrase, alts in _PHRASES:
        if phrase in piece.lower() and rng.random() < rate:
            idx = piece.lower().find(phrase)
            piece = (
                piece[:idx]
                + _match_case(piece[idx : idx + len(phrase)], rng.choice(alts))
                + piece[idx + len(phrase) :]
            )

    def sub(m: re.Match[str]) -> str:
        w = m.group(0)
        low = w.lower()
        if keep_names and w[:1].isupper() and (m.start() > 0 or low not in SYNONYMS):  # a name: keep it
            return w
        alts = SYNONYMS.get(low)
        if alts and rng.random() < rate:
            return _match_case(w, rng.choice(alts))
        falts = FUNCTION_SWAPS.get(low)
        if falts and rng.random() < func_rate:
            return _match_case(w, rng.choice(falts))
        return w

    return _WORD_RE.sub(sub, piece)


_ATTRIB_RE = re.compile(
    r"^(?P<body>[\"“]?[A-Z].{20,}?),[\"”]? "
    r"(?P<who>(?:[A-Z][\w.'-]*\s?){1,4}|(?:the|a|an) [a-z][\w\s'-]{2,40}?) "
    r"(?P<verb>said|says|stated|told reporters|added)\.$"
)
_LEADING_RE = re.compile(
    r"^(?P<lead>(?:On|In|At|After|Before|During|Since|Last|Earlier|Later|By|Despite) [^,]{3,50}), "
    r"(?P<rest>[a-zA-Z].{15,})\.$"
)


def _reorder(sentence: str, rng: random.Random) -> str:
    """Move an attribution to the front or a leading adverbial to the end."""
    m = _ATTRIB_RE.match(sentence)
    if m and "“" not in sentence and '"' not in sentence:
        who = m.group("who").strip()
        body = m.group("body")
        return f"{who[:1].upper()}{who[1:]} {m.group('verb')} that {body[:1].lower()}{body[1:]}."
    m = _LEADING_RE.match(sentence)
    if m and rng.random() < 0.9:
        rest = m.group("rest")
        lead = m.group("lead")
        return f"{rest[:1].upper()}{rest[1:]} {lead[:1].lower()}{lead[1:]}."
    return sentence


def _split(sentence: str, rng: random.Random) -> list[str]:
    """Split a long sentence at a coordinating comma or semicolon."""
    if len(sentence) < 120 or "“" in sentence or '"' in sentence:
        return [sentence]
    for sep in ("; ", ", and ", ", but ", ", while ", ", which "):
        idx = sentence.find(sep, 40)
        if 40 <= idx <= len(sentence) - 40:
            first = sentence[:idx].rstrip(",;") + "."
            second = sentence[idx + len(sep) :]
            lead = {
                ", and ": "Also, ",
                ", but ": "However, ",
                ", while ": "Meanwhile, ",
                ", which ": "This ",
            }.get(sep, "")
            second = lead + (second[:1].lower() if lead else second[:1].upper()) + second[1:]
            return [first, second]
    return [sentence]


def _merge(a: str, b: str, rng: random.Random) -> str:
    joiner = rng.choice([", and ", "; ", ", while "])
    return a.rstrip(".!? ") + joiner + b[:1].lower() + b[1:] if b[:2] != "I " else a.rstrip(".") + "; " + b


def _sentences_with_masks(para: str) -> list[tuple[str, list[bool]]]:
    mask = quote_mask(para)
    out: list[tuple[str, list[bool]]] = []
    pos = 0
    for m in _SENT_SPLIT_RE.finditer(para):
        out.append((para[pos : m.start()], mask[pos : m.start()]))
        pos = m.end()
    if pos < len(para):
        out.append((para[pos:], mask[pos:]))
    return [(s, k) for s, k in out if s.strip()]


def spin_text(text: str, level: str, rng: random.Random, quote_rate: float = 0.0) -> str:
    """Paraphrase ``text`` (paragraphs separated by blank lines) at ``light``, ``medium`` or ``heavy``.

    light: 25 % of table words swapped; medium: 55 % plus some function words, splits, merges and
    reordered clauses here and there; heavy: every table word swapped, most function words, and
    the structural changes wherever they apply. Quoted speech keeps its words unless ``quote_rate``
    is set (the share of table words swapped inside quotes, as blind spinners do).
    """
    rate, func_rate, struct = {
        "light": (0.25, 0.0, 0.0),
        "medium": (0.55, 0.15, 0.3),
        "heavy": (1.0, 0.7, 0.9),
    }[level]
    out_paras: list[str] = []
    for para in [p.strip() for p in text.split("\n\n") if p.strip()]:
        new: list[tuple[str, bool]] = []  # (sentence, has quoted speech)
        for s, mask in _sentences_with_masks(para):
            quoted = any(mask)
            if quoted:
                s = "".join(
                    (_replace_words(p, quote_rate, 0.0, rng) if quote_rate else p)
                    if q
                    else _replace_words(p, rate, func_rate, rng)
                    for q, p in _segments(s, mask)
                )
                new.append((s, True))
                continue
            if struct and rng.random() < struct:
                s = _reorder(s, rng)
            s = _replace_words(s, rate, func_rate, rng)
            if struct and rng.random() < struct:
                new.extend((x, False) for x in _split(s, rng))
            else:
                new.append((s, False))
        if struct:
            merged: list[tuple[str, bool]] = []
            i = 0
            while i < len(new):
                if (
                    i + 1 < len(new)
                    and not new[i][1]
                    and not new[i + 1][1]
                    and len(new[i][0]) < 90
                    and len(new[i + 1][0]) < 90
                    and rng.random() < struct
                ):
                    merged.append((_merge(new[i][0], new[i + 1][0], rng), False))
                    i += 2
                else:
                    merged.append(new[i])
                    i += 1
            new = merged
        out_paras.append(" ".join(s for s, _ in new))
    return "\n\n".join(out_paras)


def spin_until(
    text: str,
    level: str,
    rng: random.Random,
    max_jaccard: float | None,
    quote_rate: float = 0.0,
    max_passes: int = 4,
) -> tuple[str, int]:
    """``spin_text``, repeated on its own output until the word 5-gram Jaccard with ``text`` is
    below ``max_jaccard`` (or ``max_passes`` is reached). Returns (text, passes)."""
    out = spin_text(text, level, rng, quote_rate)
    passes = 1
    while max_jaccard is not None and passes < max_passes and jaccard(text, out) >= max_jaccard:
        out = spin_text(out, level, rng, quote_rate)
        passes += 1
    return out, passes


def spin_title(title: str, rng: random.Random) -> str:
    """Swap table words of a headline (title case included), keeping its capitalisation style."""
    return _replace_words(title, 0.8, 0.0, rng, keep_names=False)


# --- planted alterations -----------------------------------------------------------------------


def _sentence_of(text: str, start: int, end: int) -> str:
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    right_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    right = min(right_candidates) if right_candidates else len(text)
    return text[left + 1 : right + 1].strip()


def alter_number(text: str, rng: random.Random) -> tuple[str, dict[str, Any] | None]:
    """Change one number outside quotes (not a year); returns (text, planted record or None)."""
    spans: list[tuple[int, int, str]] = []
    quoted = [(m.start(), m.end()) for m in _QUOTE_RE.finditer(text)]
    for m in _NUMBER_RE.finditer(text):
        raw = m.group(1)
        value = float(raw.replace(",", ""))
        if 1900 <= value <= 2100 and "," not in raw and "." not in raw:
            continue
        if any(a <= m.start() < b for a, b in quoted):
            continue
        if value < 2:
            continue
        spans.append((m.start(1), m.end(1), raw))
    if not spans:
        return text, None
    start, end, raw = rng.choice(spans)
    value = float(raw.replace(",", ""))
    factor = rng.choice([0.5, 0.75, 1.25, 1.5, 2.0, 3.0])
    new_value = value * factor
    if "." in raw and "," not in raw:
        decimals = len(raw.split(".")[1])
        new_raw = f"{new_value:.{decimals}f}"
    else:
        n = max(1, round(new_value))
        if n == int(value):
            n += 1
        new_raw = f"{n:,}" if "," in raw else str(n)
    if new_raw == raw:
        return text, None
    new_text = text[:start] + new_raw + text[end:]
    return new_text, {
        "kind": "number_changed",
        "source": raw,
        "copy": new_raw,
        "source_sentence": _sentence_of(text, start, end),
        "copy_sentence": _sentence_of(new_text, start, start + len(new_raw)),
    }


def _misspell(name: str, rng: random.Random) -> str:
    inner = list(name)
    ops = ["swap", "drop", "double", "vowel"]
    for _ in range(4):
        op = rng.choice(ops)
        i = rng.randrange(1, len(inner) - 1)
        cand = list(inner)
        if op == "swap" and cand[i] != cand[i + 1]:
            cand[i], cand[i + 1] = cand[i + 1], cand[i]
        elif op == "drop":
            del cand[i]
        elif op == "double":
            cand.insert(i, cand[i])
        elif op == "vowel" and cand[i] in "aeiou":
            cand[i] = rng.choice([v for v in "aeiou" if v != cand[i]])
        new = "".join(cand)
        if new != name:
            return new
    return name[:-1] + ("a" if name[-1] != "a" else "e")


def misspell_name(text: str, rng: random.Random) -> tuple[str, dict[str, Any] | None]:
    """Misspell every occurrence of one name (a capitalised word inside sentences)."""
    counts: dict[str, int] = {}
    for m in re.finditer(r"(?<=[a-z,;] )([A-Z][a-z]{4,})\b", text):
        w = m.group(1)
        if w.lower() in _MONTHS_DAYS or w.lower() in SYNONYMS:
            continue
        counts[w] = counts.get(w, 0) + 1
    if not counts:
        return text, None
    name = rng.choice(sorted(counts))
    wrong = _misspell(name, rng)
    new_text = re.sub(rf"\b{re.escape(name)}\b", wrong, text)
    return new_text, {"kind": "name_changed", "source": name, "copy": wrong, "occurrences": counts[name]}


def alter_quote(text: str, rng: random.Random) -> tuple[str, dict[str, Any] | None]:
    """Change one quote of six words or more: a swapped word, an added/removed negation, or a
    dropped clause."""
    quotes = [m for m in _QUOTE_RE.finditer(text) if len(m.group(0).split()) >= 6]
    if not quotes:
        return text, None
    m = rng.choice(quotes)
    q = m.group(0)
    inner_open, inner, inner_close = q[0], q[1:-1], q[-1]
    words = inner.split(" ")
    op = rng.choice(["synonym", "negation", "truncate"])
    new_inner = inner
    if op == "negation":
        for i, w in enumerate(words):
            if w.lower() in NEGATABLE:
                if i + 1 < len(words) and words[i + 1].lower() == "not":
                    new_words = words[: i + 1] + words[i + 2 :]
                else:
                    new_words = words[: i + 1] + ["not"] + words[i + 1 :]
                new_inner = " ".join(new_words)
                break
    if op == "synonym" or new_inner == inner:
        cands = [i for i, w in enumerate(words) if w.lower().strip(".,;:!?") in SYNONYMS]
        if cands:
            i = rng.choice(cands)
            core = words[i].strip(".,;:!?")
            words2 = list(words)
            words2[i] = words[i].replace(core, _match_case(core, rng.choice(SYNONYMS[core.lower()])))
            new_inner = " ".join(words2)
            op = "synonym"
    if new_inner == inner:
        cut = max(3, len(words) * 2 // 3)
        new_inner = " ".join(words[:cut]).rstrip(",;") + ("." if inner.rstrip().endswith(".") else "")
        op = "truncate"
    if new_inner == inner:
        return text, None
    new_q = inner_open + new_inner + inner_close
    new_text = text[: m.start()] + new_q + text[m.end() :]
    return new_text, {"kind": "quote_altered", "operation": op, "source": q, "copy": new_q}


# --- a similarity measure used to keep the generator honest -------------------------------------


def word_ngrams(text: str, n: int = 5) -> set[tuple[str, ...]]:
    toks = [t.lower() for t in re.findall(r"\w+", text)]
    return {tuple(toks[i : i + n]) for i in range(max(0, len(toks) - n + 1))}


def jaccard(a: str, b: str, n: int = 5) -> float:
    sa, sb = word_ngrams(a, n), word_ngrams(b, n)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)
