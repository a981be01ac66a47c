"""Page -> Article: trafilatura for HTML, site boilerplate trimming, metadata.

``extract_page`` guarantees of the Article it returns:

- ``text`` is the body, paragraphs separated by one blank line, without the page's headline as
  its first paragraph, without the boilerplate ``trim_boilerplate`` removes (listed in
  ``trimmed``), and at least ``Settings.min_article_chars`` long (else ``ExtractError``);
- ``site`` is the registered domain (``www.news.example.co.uk`` -> ``example.co.uk``) from the
  bundled public-suffix list (nothing is downloaded), the host name for IPs and ``localhost``;
- ``published`` is an ISO date: the page's own (htmldate), else the feed entry's, else the crawl
  date (``fetched``); for JSONL records the record's fields (title, site, published, lang) come
  first;
- ``lang`` is an ISO 639-1 code from py3langid when no record gives one;
- ``content_hash`` is ``text.content_hash(text)``: equal for texts that differ only in
  whitespace, quote style and Unicode form.

Errors: ``ExtractError`` (one line naming the page and the reason) for a page without an article.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from datetime import date, datetime
from html import unescape
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import htmldate
import trafilatura
from courlan import extract_domain
from trafilatura.settings import Document
from trafilatura.utils import load_html

from .archives import is_archive_site, original_url, unarchived
from .errors import ExtractError, UsageError
from .model import Article, Page
from .settings import Settings
from .text import (
    CJK_CHAR_WEIGHT,
    CONTROL_RE,
    FOREIGN_CREDIT_WORDS,
    MARKUP_RE,
    PAGE_TITLE_MARK,
    STOPWORDS,
    TITLE_SEPARATOR_RE,
    content_hash,
    normalise_site,
    sentences,
    text_length,
)

if TYPE_CHECKING:
    from .outlets import Outlets

__all__ = [
    "content_hash",
    "extract_html",
    "extract_page",
    "normalise_text",
    "registered_domain",
    "is_wall",
    "trim_boilerplate",
    "wall_share",
]

#: Options passed to ``trafilatura.bare_extraction``. Comments are not the article; tables often are.
TRAFILATURA_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
}
ATTRIBUTION_LINK_PATTERN = (
    r"source(?: link| article)?|original(?: article| post| story| source)?"
    r"|(?:read|view|see) (?:the )?(?:original|full)(?: article| story| post)?"
    r"(?: (?:here|on .{1,60}|at .{1,60}))?"
    r"|(?:originally )?(?:published|posted|appeared) (?:on|at|by|in) .{1,60}|via(?: .{1,60})?"
    r"|(?:read|continue reading) (?:more )?(?:on|at) .{1,60}"
)
#: At most this many attribution links are recorded per page.
MAX_ATTRIBUTION_LINKS = 5
#: Languages are only guessed from at least this many characters of text (shorter is noise).
MIN_LANGID_CHARS = 40
#: At most this many characters are given to the language identifier (enough for a stable guess).
MAX_LANGID_CHARS = 5000

# --- boilerplate ----------------------------------------------------------------------------------
# The length limits of boilerplate lines are Settings fields: boilerplate_max_chars,
# boilerplate_list_line_max_chars, boilerplate_list_max_lines.

_P = r"[\s:.!…»›>|*•·\-–—]*"  # optional trailing punctuation of a boilerplate line
_SHARE_TARGETS = (
    r"facebook|twitter|x|whatsapp|linkedin|e-?mail|mail|reddit|telegram|pinterest|tumblr|pocket|skype"
    r"|print|tweet|share|pin(?: it)?|copy link|flipboard|messenger|sms|threads|bluesky|mastodon"
)

_CHANNELS = (r"telegram|whatsapp|viber|vk|vkontakte|вконтакте|телеграм\w*|odnoklassniki|rumble|youtube"
             r"|дзен|dzen")

#: Headings that open a block of boilerplate at the end of a page (related links, share buttons,
#: comment forms): the heading and the short lines below it are removed together.
HEADING_PATTERNS: tuple[str, ...] = (
    r"related(?: articles?| posts?| stories| story| news| content| topics| coverage| reading| links)?",
    r"you (?:may|might|could|will) (?:also )?(?:like|love|enjoy|want to read|be interested in)(?: this)?",
    r"(?:more|other|similar) (?:stories|articles|news|posts|reads|videos)"
    r"(?: (?:from|on|by|in|like this) .{0,60})?",
    r"more (?:from|on|in|about) .{1,60}",
    r"recommended(?: for you| stories| articles| reading| videos)?",
    r"(?:trending|popular|top)(?: now| stories| news| posts| articles| today)?",
    r"most (?:read|popular|viewed|shared|commented|recent)(?: stories| articles| posts| today)?",
    r"(?:latest|recent)(?: news| posts| stories| articles| headlines)?",
    (
        r"(?:also read|read also|see also|further reading|in other news|don'?t miss|must read"
        r"|what to read next|read next|up next|keep reading)"
    ),
    r"share(?: this| the)?(?: article| story| post| page)?(?: on| via| with)?",
    r"like this",
    r"follow us(?: on)?(?: social media)?",
    r"(?:leave|post|add|write) a (?:reply|comment|response)",
    r"\d* ?(?:comments?|responses?|replies)(?: \(\d+\))?",
    r"(?:tags?|topics?|categories|category|filed under|posted in|tagged(?: with)?)",
)

#: Lines that are boilerplate wherever they stand at the start or end of the text.
EDGE_PATTERNS: tuple[str, ...] = (
    # auto-blog / scraper tails: evidence that the page is a copy
    r"source link",
    r"sources?: .{1,120}",
    r"(?:via|credit|h/t|hat tip): .{1,80}",
    r"the post .{1,200} appeared first on .{1,100}",
    (
        r"(?:this|the) (?:article|story|post|piece) (?:was |is )?(?:originally |first )?"
        r"(?:published|posted|appeared) (?:on|in|at|by) .{1,150}"
    ),
    r"(?:originally|first) (?:published|posted|appeared) (?:on|in|at|by) .{1,150}",
    r"(?:read|view|see) (?:the )?(?:original|full) (?:article|story|post)(?: (?:on|at|here) .{0,80})?",
    # navigation
    r"back to top(?: button)?",
    r"(?:scroll|go|jump|return) to (?:the )?top",
    r"top",
    r"skip to (?:main |primary )?content",
    r"jump to (?:navigation|content)",
    r"toggle navigation",
    r"menu",
    r"home",
    r"search",
    r"home ?[»>/›|].{0,150}",
    r"close",
    r"loading\.*",
    r"(?:previous|next|prev|older|newer) (?:post|article|story|page)\b.{0,150}",
    r"(?:« )?previous|next(?: »)?",
    # comments and their form
    r"cancel reply",
    r"no comments?(?: yet)?",
    r"be the first to comment.{0,40}",
    r"(?:submit|post) (?:a )?comment",
    r"your email address will not be published\.?(?: required fields are marked \*?)?",
    r"required fields are marked \*?",
    r"save my name,? e-?mail,? and website in this browser for the next time i comment\.?",
    r"(?:name|e-?mail|website|comment|message)\s*\*?",
    r"you must be logged in to post a comment\.?",
    r"log ?in to (?:comment|reply)",
    r"reply",
    # sharing
    rf"(?:{_SHARE_TARGETS})",
    rf"(?:share|post|send) (?:on|via|to|by) (?:{_SHARE_TARGETS})",
    r"click to (?:share|email|print|tweet)\b.{0,80}",
    r".{0,60}\(opens in new window\)",
    r"like loading\.*",
    # reading on
    r"(?:read more|read next|continue reading|keep reading|also read|read also|see also)(?:[:\s].{0,150})?",
    # subscriptions and social
    r"follow (?:us|@\w+)\b.{0,100}",
    r"follow .{1,80}\bon (?:facebook|twitter|instagram|threads|bluesky|linkedin|tiktok|youtube)\b.{0,120}",
    r"(?:find|connect with|join) us on .{1,80}",
    # state media and farms: messenger channels, share prompts, closed comments (ru, de, fr, es too)
    rf"(?:follow|subscribe to|join)\b.{{0,80}}\b(?:{_CHANNELS})\b.{{0,120}}",
    r"(?:you can )?share (?:this|the) (?:story|article|post|news|page)(?: (?:on|via|with) .{1,40})?",
    r"(?:dear (?:readers?|visitors?|users?)\b.{0,300})?\bcomments? (?:are|is|have been|has been)"
    r" (?:disabled|closed|turned off|not available)\b.{0,100}",
    rf"(?:подписывайтесь|подпишитесь|следите за нами|читайте нас)\b.{{0,80}}"
    rf"(?:{_CHANNELS}|канал\w*).{{0,80}}",
    r"(?:поделиться|поделитесь (?:этой )?(?:новостью|статьей|статьёй)\b.{0,40})",
    r"(?:уважаемые читатели\b.{0,300})?комментарии (?:отключены|закрыты)\b.{0,60}",
    rf"(?:folgen sie|abonnieren sie)\b.{{0,80}}\b(?:{_CHANNELS}|kanal|newsletter)\b.{{0,80}}",
    rf"(?:suivez|abonnez-vous)\b.{{0,80}}\b(?:{_CHANNELS}|cha[iî]ne)\b.{{0,80}}",
    rf"(?:s[ií]guenos|s[ií]ganos|suscr[ií]bete|suscr[ií]base|[úu]nete)\b.{{0,80}}\b(?:{_CHANNELS}|canal)\b.{{0,80}}",
    # editors' notes on the story itself
    r"(?:editor'?s note:? )?(?:this|the) (?:story|article|post|piece)"
    r" (?:has been|was|is being|will be) (?:updated|corrected|amended)\b.{0,300}",
    (
        r"(?:subscribe|sign up|register)\b.{0,60}\b(?:newsletters?|our (?:daily |weekly |free )?"
        r"(?:e-?mails?|updates|alerts|briefings?))\b.{0,120}"
    ),
    r"subscribe(?: now| today| here)?",
    r"get (?:the|our) .{0,40}newsletter.{0,120}",
    r"(?:get|receive) (?:the latest|breaking|our|the day's|more) .{0,80}\b(?:in|to) your inbox\b.{0,150}",
    r"(?:have|got) a (?:news )?tip\b.{0,200}",
    r"like this (?:story|article|post)\?.{0,80}",
    r"tell us what you think.{0,40}",
    r"if you (?:enjoyed|liked|appreciated) (?:this|the) (?:article|story|post|piece)\b.{0,300}",
    r"(?:e-?mail|reach) .{1,60} at \S+@\S+.{0,150}",
    r"reach the (?:reporters?|writers?|authors?)\b.{0,200}",
    # credits of a wire story's reporters and editors (kept as evidence with the trimmed lines)
    r"\(?(?:additional )?(?:reporting|writing|editing) by .{1,300}",
    r"(?:associated press |ap )?(?:writers?|reporters?|correspondents?) .{1,250} contributed"
    r" (?:reporting|to this (?:report|story|article))\b.{0,100}",
    r".{1,120} contributed (?:reporting|to this (?:report|story|article))\b.{0,100}",
    # legal
    r"(?:©|\(c\)).{0,150}",
    r"copyright ?(?:©|\(c\))? ?\d{4}.{0,150}",
    r".{0,150}\ball rights reserved\b.{0,100}",
    r".{0,100}\b(?:we|this (?:web)?site|our (?:web)?site)\b.{0,40}\b(?:uses?|use of|using) cookies\b.{0,200}",
    r"accept(?: all)? cookies",
    r"cookie (?:policy|settings|preferences|consent)",
    r"privacy policy",
    r"terms (?:of (?:use|service)|and conditions)(?: (?:and|&) privacy policy)?",
    r"(?:about|contact) us",
    r"about the author",
    # advertising
    r"advertisements?",
    r"advertising",
    r"sponsored(?: content| post| links?| stories)?",
    r"ads? by .{1,40}",
    r"(?:story|article|text) continues (?:below|after)(?: (?:this )?(?:advertisement|ad))?",
    r"continue reading below",
    r"scroll (?:down )?to continue.{0,40}",
    # page furniture
    r"https?://\S+",
    r"(?:order|buy) reprints?",
    r"this copy is for your personal,? non-commercial use only\b.{0,250}",
    r"write to .{1,60} at \S+@\S+",
    r"(?:an error has occurred|something went wrong)\b.{0,60}",
    r"thank you",
    r"this (?:article|story) has been sent to.{0,60}",
    r"(?:tags?|topics?|categories|category)\s*:\s*.{1,200}",
    r"(?:filed under|posted in|tagged(?: with)?):? .{1,200}",
    r"(?:published|updated|posted|last updated|last modified)(?: on| at)?:? (?=.{0,60}\d).{1,60}",
    r"(?:please )?enable javascript.{0,150}",
    r"print(?: this)?(?: article| page| story)?",
    r"e-?mail(?: this)?(?: article| story| page)?",
    r"report (?:an error|a typo|this ad|a correction)",
)

#: Lines removed wherever they stand: they are never part of an article.
INLINE_PATTERNS: tuple[str, ...] = (
    r"advertisements?",
    r"(?:story|article|text) continues (?:below|after)(?: (?:this )?(?:advertisement|ad))?",
    r"continue reading below",
    r"scroll (?:down )?to continue(?: with content)?",
    # Teasers for other articles inside the body: a "read also" label, a colon, a headline.
    r"(?:read (?:more|also)|also read|see also|related|more on this|lea tambi[eé]n|le puede interesar"
    r"|lee tambi[eé]n|te puede interesar|lesen sie (?:auch|mehr)|mehr zum thema|(?:[àa] )?lire aussi"
    r"|leia tamb[eé]m|leggi anche|czytaj (?:tak[zż]e|te[zż])|читайте также)\s*:.{1,200}",
    r"categor(?:y|ies)\s*:.{1,100}",
)


#: Sentences a site shows *instead of* an article: cookie/consent walls, bot checks, ad-blocker
#: notices, sign-in and subscription walls (several languages). A page made of them is no article.
WALL_PATTERNS: tuple[str, ...] = (
    # cookies and consent
    r"\b(?:we|this (?:web)?site|our (?:web)?site|our partners)\b.{0,40}\b(?:use|uses|using|set|sets|store)\b"
    r".{0,40}\bcookies\b",
    r"\b(?:accept|allow|enable|agree to|consent to)\b.{0,30}\bcookies\b",
    r"\bcookies?\b.{0,60}\b(?:must be|are|is) (?:enabled|required|disabled|blocked)\b",
    r"\b(?:wir|diese (?:web)?seite|unsere (?:web)?seite)\b.{0,60}\b(?:verwende[nt]|nutze[nt]?|setzen|setzt)\b"
    r".{0,60}\bcookies\b",
    r"\bcookies?\b.{0,40}\b(?:akzeptieren|zustimmen|zulassen|aktivieren)\b",
    r"\b(?:ce site|nous|notre site)\b.{0,40}\butilis\w*\b.{0,30}\b(?:cookies|traceurs)\b",
    r"\b(?:este sitio|esta web|utilizamos|usamos|este site)\b.{0,40}\bcookies\b",
    r"\b(?:questo sito|utilizziamo|usiamo)\b.{0,40}\bcookie\b",
    r"\b(?:ta strona|serwis|u[żz]ywamy|wykorzystujemy|stosujemy)\b.{0,60}"
    r"\b(?:cookies?|ciasteczek|plik[óo]w)\b",
    r"\b(?:deze (?:web)?site|wij|we)\b.{0,30}\bgebruik\w*\b.{0,30}\bcookies\b",
    r"\b(?:мы|сайт)\b.{0,40}\bиспольз\w*\b.{0,40}\b(?:cookie|куки)",
    r"\b[çc]erez\w*\b.{0,60}\bkullan\w*",
    r"ملفات تعريف الارتباط",
    r"(?:使用|接受|启用)\s*cookies?",
    # scripts and ad blockers
    r"\b(?:enable|activate|turn on|allow)\b.{0,20}\bjavascript\b",
    r"\bjavascript\b.{0,40}\b(?:is |are )?(?:disabled|required|turned off|not enabled|deaktiviert|aktivieren"
    r"|d[ée]sactiv[ée]|activ(?:er|ez)|habilit\w+|abilit\w+|w[łl][ąa]cz\w*)\b",
    r"\bad[ -]?block(?:er|ing)?s?\b",
    r"\bublock\b",
    r"\b(?:werbeblocker|bloqueur de publicit[ée]s?|bloqueador(?:es)? de (?:anuncios|publicidad|an[úu]ncios)"
    r"|blocco (?:degli )?annunci|blokad\w* reklam|блокировщик\w* реклам\w*|reklam engelleyici\w*)\b",
    r"(?:广告拦截|屏蔽广告|拦截广告)",
    # bot checks and blocks
    r"\b(?:i am|i'm) not a robot\b",
    r"\bnot a robot\b",
    r"\b(?:verify|confirm|prove) (?:that )?you(?:'re| are) (?:a )?human\b",
    r"\bcaptcha\b",
    r"\bunusual (?:traffic|activity|number of (?:requests|connections))\b",
    r"\b(?:large|huge|high) (?:number|amount|volume) of (?:requests|connections)\b",
    r"\b(?:ip address|ip-adresse|adresse ip|direcci[óo]n ip|indirizzo ip|adres(?:u|ie)? ip|ip adresi)\b",
    r"\b(?:kein roboter|pas un robot|no soy un robot|non sono un robot|n[ãa]o sou um rob[ôo]"
    r"|nie jestem robotem|geen robot|не робот|robot de[ğg]il)\w*",
    r"我不是机器人",
    r"\baccess (?:to this (?:page|site) )?(?:has been )?(?:denied|restricted|blocked)\b",
    # sign-in and subscription walls
    r"\b(?:subscribe|sign in|log in|login|register)\b.{0,30}\bto (?:continue|keep) reading\b",
    r"\b(?:subscribe|sign in|log in|register)\b.{0,30}\bto (?:read|access|view) (?:this|the full|our)\b",
    r"\b(?:this|the) (?:article|content|story) is (?:only )?(?:available|reserved) (?:only )?(?:to|for)"
    r" (?:subscribers|members|registered users)\b",
    r"\byour browser (?:is not supported|is out of date|does not support)\b",
    r"\b(?:purchase|buy|get) (?:a )?subscription\b.{0,40}\b(?:unlimited|full) access\b",
    r"(?:请|或者?|您也可以)购买订阅|购买订阅.{0,20}(?:阅读|访问|全文|继续|畅享)",
)
_WALL_RE = re.compile("|".join(f"(?:{p})" for p in WALL_PATTERNS), re.IGNORECASE)

#: Sentences a site prints around every article: newsletter and alert sign-ups, trial offers,
#: "as is" disclaimers. Two articles sharing them share a template, not text (see
#: :func:`is_template_sentence`); unlike a wall, they do not stand in for an article.
TEMPLATE_PATTERNS: tuple[str, ...] = (
    r"\b(?:sign up|subscribe|register)\b.{0,40}\b(?:newsletters?|alerts?|e-?mail updates|daily e-?mails?)\b",
    r"\b(?:free trial|registered users can)\b",
    r"\b(?:recib[ae]|suscr[ií]b\w*)\b.{0,40}\b(?:notificaciones|bolet[ií]n|newsletter)\b",
    r"\b(?:abonnez-vous|inscrivez-vous)\b.{0,40}\b(?:newsletter|lettre d'information|alertes?)\b",
    r"\bnewsletter\b.{0,30}\babonn\w*|\babonn\w*\b.{0,30}\bnewsletter\b",
    r"\bподпиш\w*\b.{0,60}\b(?:рассылк\w*|оповещени\w*|уведомлени\w*)",
    r"\b(?:zapisz si[eę]|zasubskrybuj|subskrybuj)\b.{0,40}\bnewsletter\w*",
    r"\b(?:provided|information is provided|content is provided)\b.{0,20}[\"“]?as is\b",
    # comment and sign-up forms: consent boxes, required-field notes, "not registered yet?"
    r"\bi (?:have read|agree to|accept)\b.{0,40}\b(?:privacy (?:policy|statement)"
    r"|terms (?:of (?:use|service)|and conditions)|netiquette|community (?:guidelines|standards))\b",
    r"\b(?:ich habe|habe ich)\b.{0,60}\b(?:netiquette|datenschutz\w*|nutzungsbedingungen|agb)\b.{0,60}"
    r"\b(?:gelesen|akzeptier\w*|zur kenntnis)",
    r"\bj'ai lu\b.{0,40}\baccept\w*|\bhe le[íi]do y acepto\b|\bho letto e accett\w*|\bli e aceito\b",
    r"\b(?:zapozna[łl]\w*|przeczyta[łl]\w*)\b.{0,40}\b(?:regulamin\w*|polityk\w* prywatno\w*)",
    r"\bpflichtfeld(?:er)?\b|\brequired fields? (?:are )?marked\b|\bchamps? obligatoires?\b"
    r"|\bcampos? obligatorios?\b|\bcampi obbligatori\b",
    r"\bnoch nicht (?:registriert|angemeldet|bei\b[^.!?\n]{0,50}\?)",
    r"\bnot (?:yet )?(?:registered|a member)\b.{0,30}\b(?:sign up|register|join)\b",
    # registration forms and moderation notes
    r"\benter your (?:details|e-?mail(?: address)?)\b.{0,40}\b(?:access|continue|read|register)\b",
    r"\bpassword\b.{0,60}\b(?:at least \d+ characters|must contain)\b",
    r"\b(?:only accepts|please use) (?:a )?(?:work|business|company) e-?mail",
    r"\brequest a (?:full |free )?trial\b",
    r"\breserves? the (?:sole )?right to (?:alter|delete|remove|edit|moderate)\b",
    # "we collect anonymised technical information" (a consent notice in many languages)
    r"\b(?:we collect|sammeln wir|zbieramy|nous collectons|recopilamos|raccogliamo|собираем)\b.{0,80}"
    r"\b(?:anonymi|anonim|анонимн)\w*",
    # "by clicking 'Accept' you consent to the processing of your data"
    r"\b(?:by clicking|klikając|en cliquant|al hacer clic|cliccando|нажимая|indem sie)\b.{0,50}"
    r"\b(?:accept|agree|akzeptier|zaakceptuj|accepte|acepta|accett|прин[яи]|zustimm)\w*",
    r"\b(?:consent to|zgod\w* na|einwilligung in|zustimmung zur|consentement au|consentimiento para"
    r"|consenso al|согласие на)\b.{0,30}\b(?:the )?(?:processing|przetwarzanie|verarbeitung|traitement"
    r"|tratamiento|trattamento|обработку)\b",
    # "follow us" lines and inbox offers
    r"^\W*(?:please )?follow (?:us|[\w.]+) on "
    r"(?:twitter|x|facebook|instagram|telegram|youtube|tiktok|linkedin|whatsapp)\b",
    r"\bdelivered (?:straight )?to your inbox\b",
    r"^\W*(?:folgen sie uns|suivez-nous|s[íi]guenos|seguici)\b.{0,20}\b(?:auf|sur|en|su)\b",
    # press-release wires' tails: the same under every release they distribute
    r"\bview (?:source version|original content)\b.{0,40}\b(?:on|at)\b",
    r"\bf[üu]r den inhalt der mitteilung ist der (?:emittent|herausgeber)\b",
    r"\b(?:distributionsservices|distribution services)\b.{0,20}\b(?:umfassen|include)\b",
    r"\bmedienarchiv unter\b",
    r"[\"“«]?كما هي[\"”»]?.{0,20}دون",
)
_TEMPLATE_RE = re.compile("|".join(f"(?:{p})" for p in WALL_PATTERNS + TEMPLATE_PATTERNS), re.IGNORECASE)


def is_template_sentence(sentence: str) -> bool:
    """A wall (:data:`WALL_PATTERNS`) or template (:data:`TEMPLATE_PATTERNS`) sentence: what a site
    prints around its articles, no evidence that one article copied another."""
    return bool(_TEMPLATE_RE.search(sentence[:2000]))


def wall_share(text: str) -> float:
    """The share of ``text``'s characters (0..1) in sentences of a cookie/consent wall, a bot check,
    an ad-blocker notice or a sign-in wall (``WALL_PATTERNS``): near 1 for a page that shows one
    instead of its article, near 0 for an article. A run of sentences glued without blanks
    ("...Adblock?Reklama...") is one notice here: the patterns name a wall's key words, not every
    sentence of it."""
    total = wall = 0
    for span in sentences(text, glued=False):
        n = len(span.text)
        total += n
        if _WALL_RE.search(span.text):
            wall += n
    return wall / total if total else 0.0


def is_wall(text: str, settings: Settings) -> bool:
    """A wall shown instead of an article: short (``wall_max_chars``) and at least ``wall_min_share``
    wall sentences (:func:`wall_share`). Extraction skips such pages."""
    return text_length(text) <= settings.wall_max_chars and wall_share(text) >= settings.wall_min_share


def _compile(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"(?:{'|'.join(patterns)}){_P}", re.IGNORECASE)


_HEADING_RE = _compile(HEADING_PATTERNS)
_EDGE_RE = _compile(EDGE_PATTERNS + HEADING_PATTERNS)
_INLINE_RE = _compile(INLINE_PATTERNS)
_BULLET_RE = re.compile(r"^[\s\-–—•·*|»›>]+")
_SENTENCE_END_RE = re.compile(r"[.!?…][\"'’”»)\]]*$")
_LINE_END_RE = re.compile(r"[.!?:;…\"'’”»)\]|]$")
_ATTRIBUTION_RE = re.compile(rf"(?:{ATTRIBUTION_LINK_PATTERN})[\s:.»›>]*", re.IGNORECASE)
#: credit words written just before a link whose text is the source's name ("Source: <a>WorldVoice
#: TV</a>", "Источник: <a>…</a>", "This article was originally published on <a>…</a>")
_CREDIT_LEAD_RE = re.compile(
    rf"(?:^|[\s(\[|])(?:source|sources|via|credit|courtesy of|{FOREIGN_CREDIT_WORDS}"
    r"|(?:(?:this|the) (?:article|story|post|piece) (?:was |is )?(?:first |originally )?"
    r"|(?:first|originally) )(?:published|posted|appeared) (?:on|at|in|by))\s*:?\s*$",
    re.IGNORECASE)
_PARTIAL_URL_DATE_RE = re.compile(r"/((?:19|20)\d{2})[/_-](\d{1,2})/(?!\d{1,2}(?:/|$))")
_BLOCK_SPLIT_RE = re.compile(r"\n[ \t\r\f\v]*\n")
_URL_DAY_RE = re.compile(r"/((?:19|20)\d{2})[/_-](\d{1,2})[/_-](\d{1,2})(?:/|[-_.]|$)")


_EVENT_PATH_RE = re.compile(r"/(?:events?|calendar|agenda|whats-?on|schedule|fixtures?|listings?)(?=/)",
                            re.IGNORECASE)


EARLIEST_YEAR = 1800
"""Publication dates before this year (a feed's "0001-01-01", a placeholder) are no dates: the
earliest date decides which copy came first, so a made-up one would make any page the origin."""


def _plausible_date(stamp: str | None) -> bool:
    """A date, unless it starts with a year before ``EARLIEST_YEAR`` or after next year."""
    if not stamp:
        return False
    return not stamp[:4].isdigit() or EARLIEST_YEAR <= int(stamp[:4]) <= date.today().year + 1


def _url_day(url: str | None) -> str | None:
    """``YYYY-MM-DD`` from a URL path that carries a full date (``/2025/03/14/slug``), for a
    record or text without a date of its own; None when there is none or it is no real day."""
    try:
        path = urlsplit(url).path if url else ""
    except ValueError:
        return None
    m = _URL_DAY_RE.search(path)
    if m is None or _EVENT_PATH_RE.search(path[: m.start() + 1]):
        return None  # "/events/2025/05/10/...": the day of the event, not of the article
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None


def _key(line: str) -> str:
    """The form a line is matched in: no leading bullets, single spaces."""
    return " ".join(_BULLET_RE.sub("", line).split())


def _is_boilerplate(line: str, pattern: re.Pattern[str], cfg: Settings) -> bool:
    return len(line) <= cfg.boilerplate_max_chars and pattern.fullmatch(_key(line)) is not None


def _is_heading(line: str, cfg: Settings) -> bool:
    """A heading pattern, and not a sentence ("More about the plan later." is none)."""
    return not line.rstrip().endswith((".", "!", "?")) and _is_boilerplate(line, _HEADING_RE, cfg)


def trim_boilerplate(text: str, settings: Settings | None = None) -> tuple[str, list[str]]:
    """Remove site boilerplate that extraction keeps; return (clean text, removed lines).

    Removed: at the start and the end, lines matching ``EDGE_PATTERNS``/``HEADING_PATTERNS``
    ("Source link", "Leave a Reply", "Back to top button", ...); at the end, also up to
    ``boilerplate_list_max_lines`` short lines under a heading ("Related Articles" and the headlines below
    it); anywhere, lines matching ``INLINE_PATTERNS`` ("Advertisement").

    Guarantees: never raises; a line longer than ``boilerplate_max_chars`` is never removed; the
    lines of the result are a subsequence of the input's stripped non-empty lines, and the removed
    lines are the rest, in input order; blocks (separated by blank lines) keep their grouping.
    """
    blocks = [[ln.strip() for ln in block.split("\n") if ln.strip()] for block in _BLOCK_SPLIT_RE.split(text)]
    units = [(b, ln) for b, block in enumerate(blocks) for ln in block]
    lines = [ln for _, ln in units]
    keep = [True] * len(lines)
    cfg = settings or Settings()
    start = _leading_cut(lines, cfg)
    end = _trailing_cut(lines, start, cfg)
    for i in range(len(lines)):
        if i < start or i >= end or _is_boilerplate(lines[i], _INLINE_RE, cfg):
            keep[i] = False
    out_blocks: dict[int, list[str]] = {}
    for (b, ln), k in zip(units, keep, strict=True):
        if k:
            out_blocks.setdefault(b, []).append(ln)
    cleaned = "\n\n".join("\n".join(ls) for _, ls in sorted(out_blocks.items()))
    removed = [ln for ln, k in zip(lines, keep, strict=True) if not k]
    return cleaned, removed


def _leading_cut(lines: list[str], cfg: Settings) -> int:
    """Index of the first line that is not leading boilerplate."""
    i = 0
    while i < len(lines) and _is_boilerplate(lines[i], _EDGE_RE, cfg):
        i += 1
    return i


def _trailing_cut(lines: list[str], start: int, cfg: Settings) -> int:
    """Index where the trailing boilerplate begins (``len(lines)`` when there is none).

    Walks up from the end: boilerplate lines extend the cut; short lines that are not sentences
    (headlines, labels) are held as pending and join the cut when a heading is reached above them
    (at most ``boilerplate_list_max_lines`` of them); any other line (a sentence, a long line) ends the walk.
    """
    cut = len(lines)
    pending = 0
    for i in range(len(lines) - 1, start - 1, -1):
        line = lines[i]
        if _is_heading(line, cfg) and pending <= cfg.boilerplate_list_max_lines:
            cut, pending = i, 0
        elif _is_boilerplate(line, _EDGE_RE, cfg):
            if pending == 0:
                cut = i
            else:
                pending += 1
        elif len(line) <= cfg.boilerplate_list_line_max_chars and not _SENTENCE_END_RE.search(line):
            pending += 1
        else:
            break
    return cut


# --- extraction -----------------------------------------------------------------------------------
def extract_page(page: Page, settings: Settings) -> Article:
    """The article in ``page`` (see the module docstring for the guarantees); raises ExtractError."""
    headline: str | None = None
    credits: list[str] = []
    if page.html is not None and page.html.strip():
        art, headline, credits = _from_html(page, settings)
    elif page.text is not None and page.text.strip():
        art = Article(
            url=page.url,
            title=(page.title or "").strip(),
            text=page.text,
            site=page.site,
            published=page.published,
            lang=page.lang,
            origin=page.origin,
        )
    else:
        raise ExtractError(page.origin, "empty page: no HTML or text")
    text, trimmed = trim_boilerplate(art.text, settings)
    text = _drop_headline(normalise_text(text), [art.title, headline])
    if (length := text_length(text)) < settings.min_article_chars:
        counted = f", a CJK character counting {CJK_CHAR_WEIGHT}" if length != len(text) else ""
        raise ExtractError(page.origin, f"too short to be an article ({length} chars{counted})")
    if is_wall(text, settings):
        raise ExtractError(
            page.origin,
            f"not an article: a cookie/consent, bot-check, ad-blocker or sign-in page"
            f" ({wall_share(text):.0%} of its text)",
        )
    if (placeholders := template_share(text)) >= TEMPLATE_MIN_SHARE:
        raise ExtractError(
            page.origin,
            f"not an article: an unrendered page template ({placeholders:.0%} of its text is "
            "{{ … }} placeholders)",
        )
    art.text, art.trimmed = text, [CONTROL_RE.sub("", t) for t in _with_credits(trimmed, credits)]
    art.title = " ".join(CONTROL_RE.sub(" ", art.title or "").split())
    art.site = _no_controls(art.site)
    art.url, art.canonical_url = _no_controls(art.url), _no_controls(art.canonical_url)
    art.published, art.lang = _no_controls(art.published), _no_controls(art.lang)
    if (archived := original_url(art.url)):  # a record or text read from a web archive's capture
        art.url = archived
        art.site = None if is_archive_site(normalise_site(art.site)) else art.site
    # a feed entry without an address of its own is the feed's (its site, and its link on another
    # site kept as a credit line: see ``sources.feed.entry_page``)
    art.site = (normalise_site(art.site) or registered_domain(art.url or art.canonical_url)
                or normalise_site(page.site))
    art.author = _person_author(_no_controls(art.author), page.html, art.site)
    if art.author and art.author.isalpha() and page.html:  # one word: a first name or a handle?
        art.author = _with_digits(art.author, unescape(MARKUP_RE.sub(" ", page.html)))
        art.author = _full_name(art.author, unescape(page.html), art.site, text)
    if page.credit and page.credit not in art.trimmed:
        art.trimmed.append(CONTROL_RE.sub("", page.credit))
    dates = (art.published, page.published, _url_day(art.url), _date_part(page.fetched))
    art.published = next((d for d in dates if _plausible_date(d)), None)
    art.lang = _checked_lang(art.lang, text)
    art.content_hash = content_hash(text)
    return art


def extract_html(html: str, url: str | None = None, settings: Settings | None = None) -> Article:
    """``extract_page`` for a bare HTML string (evaluations, the Python API)."""
    return extract_page(Page(origin=url or "<html>", url=url, html=html), settings or Settings())


def _from_html(page: Page, settings: Settings) -> tuple[Article, str | None, list[str]]:
    """Trafilatura's reading of the page (text still line by line), its headline and credit links.

    Record fields of JSONL pages take precedence over what trafilatura finds.
    """
    try:
        tree = load_html(page.html)
        if tree is None:
            raise ExtractError(page.origin, "not an HTML document")
        _unarchive_links(tree)
        if (listed := index_page_posts(tree)):
            raise ExtractError(page.origin, f"an index page listing {listed} posts, not an article")
        doc = trafilatura.bare_extraction(tree, url=page.url, with_metadata=True, **TRAFILATURA_OPTIONS)
        precise = trafilatura.bare_extraction(tree, url=page.url, favor_precision=True, **TRAFILATURA_OPTIONS)
    except ExtractError:
        raise
    except Exception as e:  # noqa: BLE001 - lxml/htmldate raise many types on hostile pages
        raise ExtractError(page.origin, f"extraction failed ({type(e).__name__}: {e})") from None
    doc = doc if isinstance(doc, Document) else None
    balanced_text = (doc.text or "").strip() if doc is not None else ""
    precise_text = (precise.text or "").strip() if isinstance(precise, Document) else ""
    text = _choose_text(balanced_text, precise_text, settings)
    if not text:
        raise ExtractError(page.origin, "no article text found")
    art = _article(page, doc, text)
    titles, own = _page_titles(tree), _own_site_names(tree, art.url)
    if _person_author(art.author, page.html) is None:  # none, or only a label ("Posted", "Name")
        art.author = _byline_author(tree, own) or _lead_byline(tree, own) or art.author
    if not (page.kind == "jsonl" and page.title):
        # a saved page's title ends in the site its canonical names too ("Über uns | fairkom");
        # whether that site is another's (a clone) is for the credits below to tell
        named = own | {_domain_label(art.canonical_url)} - {""} if not art.url else own
        art.title = _without_own_site(_checked_title(art.title, titles), named)
        if not _names_other_outlet(art.title, art.url or art.canonical_url, settings):
            art.title = _visible_headline(art.title, tree, named)
        if _names_own_site(art.title, named):
            art.title = _post_heading(tree, named, art.url or art.canonical_url) or art.title
    if art.published and not (page.kind == "jsonl" and page.published):
        art.published = _checked_date(art.published, tree, art.url)
        if art.published:
            art.published = _not_a_link_date(art.published, tree, art.url)
        if art.published:
            art.published = _article_date(art.published, tree, art.url, text)
        if art.published:
            art.published = _with_time(art.published, tree)
    credits = attribution_links(tree, art.url, registered_domain(art.url), settings.boilerplate_max_chars)
    if (kept := _page_title_credit(titles, art.title, own, art.url, settings)):
        credits.append(kept)
    if (canon := _foreign_canonical(tree, art)):
        credits.append(CANONICAL_MARK + canon)
    if not art.url and art.canonical_url and not art.site:
        own_site = _own_link_site(tree) or _copyright_site(tree)
        if own_site and own_site != registered_domain(art.canonical_url):
            # a saved page that names another site's page as its own address (a clone that kept
            # the original's <head>) but whose footer names its own site: that is its site, and
            # the address it copied is kept as a credit
            art.site = own_site
            credits.append(CANONICAL_MARK + art.canonical_url)
    elif not (art.url or art.canonical_url or art.site):
        # a saved page that gives no address of its own: the site its machinery (feed, shortlink,
        # comment form) or its copyright line names, rather than no site at all
        art.site = _own_link_site(tree) or _copyright_site(tree)
    return art, (doc.title if doc is not None else None), credits


_TIME_META = ("article:published_time", "og:published_time", "datepublished", "pubdate",
              "publishdate", "dc.date.issued", "sailthru.date", "parsely-pub-date")
_JSONLD_DATE_RE = re.compile(r'"datePublished"\s*:\s*"([^"]{10,40})"')


def _with_time(day: str, tree: Any) -> str:
    """``day`` (YYYY-MM-DD, as trafilatura found it) with the time of day the page's metadata
    gives for that same day (``article:published_time``, ``datePublished`` ...), so that two
    copies of one day can be ordered; ``day`` itself when none does."""
    found: list[str] = []
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key in _TIME_META and meta.get("content"):
            found.append(meta.get("content"))
    found += [t.get("datetime") for t in tree.iter("time")
              if (t.get("itemprop") or "").lower() == "datepublished" and t.get("datetime")]
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            found += _JSONLD_DATE_RE.findall(script.text[:20_000])
    for value in found:
        value = value.strip()
        if len(value) < 16 or value[:10] != day[:10] or value[10] not in "T ":
            continue
        try:
            stamp = datetime.fromisoformat(value)
        except ValueError:
            continue
        if stamp.hour or stamp.minute:  # midnight is how many sites write "no time"
            return stamp.isoformat(timespec="minutes")
    return day


def _choose_text(balanced: str, precise: str, settings: Settings) -> str:
    """The body from trafilatura's balanced and precision-mode texts: the precision text, unless it
    lost the article (shorter than ``extract_precision_min_share`` of the balanced one) or long
    paragraphs of prose (``extract_lost_prose_*``): precision mode is right to cut short lines
    (links, labels, teasers), not whole paragraphs of sentences."""
    if len(precise) < settings.extract_precision_min_share * len(balanced):
        return balanced
    kept = {" ".join(line.split()) for line in precise.split("\n")}
    lost = sum(
        len(line)
        for line in balanced.split("\n")
        if len(line) >= settings.extract_lost_prose_min_chars
        and _SENTENCE_END_RE.search(line.rstrip())
        and " ".join(line.split()) not in kept
    )
    return balanced if lost >= settings.extract_lost_prose_share * len(precise) else precise


def _page_titles(tree: Any) -> list[str]:
    """The page's own titles, blanks collapsed: its ``og:title``, then its ``<title>`` (in the head,
    else wherever broken markup moved it)."""
    titles = [" ".join(str(t).split()) for t in tree.xpath('//meta[@property="og:title"]/@content')[:1]]
    element = tree.find(".//head//title")
    element = element if element is not None else tree.find(".//title")
    if element is not None:
        titles.append(" ".join(element.text_content().split()))
    return titles


def _checked_title(found: str, titles: list[str]) -> str:
    """``found`` (trafilatura's title) unless the page's own titles (``_page_titles``) share no word
    with it.

    Without an ``<h1>``, trafilatura takes the first heading whose class says "title" — often a
    menu's or a category's ("Main menu", "Allgemein") — and it finds none when broken markup moved
    ``<title>`` into the body. Then the page's ``og:title``, else its ``<title>``, is the title. A
    one-word ``<title>`` ("Home") names the site rather than the article and is not used.
    """
    own = [t for t in titles if len(t.split()) > 1]
    key = found.casefold()
    words = set(re.findall(r"\w+", key))
    for t in own:
        if key and (key in t.casefold() or words & set(re.findall(r"\w+", t.casefold()))):
            return found
    return own[0] if own else found


def _squash(s: str) -> str:
    return "".join(ch for ch in s.casefold() if ch.isalnum())


def _own_site_names(tree: Any, url: str | None) -> set[str]:
    """The page's own site as squashed names: og:site_name, application-name, its domain's first label."""
    names = {_squash(str(v)) for v in tree.xpath(
        '//meta[@property="og:site_name"]/@content | //meta[@name="application-name"]/@content')}
    names.add(_domain_label(url))
    names.discard("")
    return names


def _domain_label(address: str | None) -> str:
    """The squashed first label of the registered domain of an address or site ("" for none):
    "courier" for https://www.courier.example/a, "harbourherald" for harbour-herald.example."""
    domain = (registered_domain(address) or address) if address else None
    return _squash(domain.split(".")[0]) if domain else ""


def _without_own_site(title: str, own: set[str]) -> str:
    """``title`` without a trailing " | Site" that names the page's own site (``own``, from
    ``_own_site_names``: "… | Ethify" on ethify.org). Another outlet's name stays: a copy that kept
    "— RT World News" credits RT by it."""
    seps = list(TITLE_SEPARATOR_RE.finditer(title))
    while seps:
        last = title[seps[-1].end() :].strip()
        if not (_names_own_site(last, own) or _DATE_PART_RE.fullmatch(last)):
            break
        title = title[: seps.pop().start()].strip()  # "… | MODEPILOT.de", "… | DW | 10.06.2013"
    for k in range(len(seps) - 2, -1, -1):  # "… - AOC media - Analyse Opinion Critique": the site's
        # name with its slogan after it
        part = title[seps[k].end() : seps[k + 1].start()].strip()
        if len(_TITLE_WORD_RE.findall(title[seps[k + 1].end() :])) > TITLE_SLOGAN_MAX_WORDS:
            break
        if _names_own_site(part, own):
            return title[: seps[k].start()].strip()
    return title


TITLE_SLOGAN_MAX_WORDS = 6
"""At most this many words after the site's name in a page title are its slogan, cut with it."""


HEADLINE_MIN_SHARE = 0.5
"""An ``<h1>`` replaces the title it is part of when it holds at least this share of its words."""


def _visible_headline(title: str, tree: Any, own: set[str]) -> str:
    """The page's visible headline (an ``<h1>``) where ``title`` (from the page's metadata) is that
    headline with more around it, or the same words written with other marks.

    Page titles carry a kicker, a section or the site's name beside the headline ("Chronik: …",
    "… › evang.at", "… : 31.10.2023, 10.19 Uhr") and often plain marks where the page shows
    typographic ones ("-" for "–", '"' for „“). An ``<h1>`` of two words or more whose words run
    in ``title`` in order, making up at least ``HEADLINE_MIN_SHARE`` of its words, is the title,
    as the page shows it — unless it is the site's own name (``own``), the logo many sites put in
    an ``<h1>``, or stands outside the article (``_off_article``: the page's masthead, a comment, a
    related-articles box). The longest such heading wins; ``title`` itself when none qualifies.
    Not used on a title that names another outlet (``_names_other_outlet``): that name is the
    credit a copy kept."""
    words = _TITLE_WORD_RE.findall(title.casefold())
    best = ""
    for h1 in itertools.islice(tree.iter("h1"), 10):
        text = _headline_text(h1)
        mine = _TITLE_WORD_RE.findall(text.casefold())
        if len(mine) < 2 or len(mine) < HEADLINE_MIN_SHARE * len(words) or len(text) <= len(best) \
                or _names_own_site(text, own) or _off_article(h1):
            continue
        if any(words[i : i + len(mine)] == mine for i in range(len(words) - len(mine) + 1)):
            best = text
    return best or title


_TITLE_WORD_RE = re.compile(r"\w+")
_KICKER_CLASS_RE = re.compile(
    r"kicker|dachzeile|overline|topline|roofline|eyebrow|supertitle|spitzmarke|subtitle|topic-label",
    re.IGNORECASE)
"""Classes of the parts of an ``<h1>`` that are not its headline: the kicker or roof line above it
("Klimaschutz", "Nach Corona-Lockerungen", a date) and a subtitle beside it."""
_HIDDEN_CLASS_RE = re.compile(r"visually-hidden|sr-only|screen-reader", re.IGNORECASE)


def _headline_text(h1: Any) -> str:
    """The text of an ``<h1>`` without the kicker, roof line or subtitle that its markup sets apart
    (``_KICKER_CLASS_RE``) and the hidden separator beside them; the whole text where that would
    leave less than two words."""
    text = " ".join(h1.text_content().replace("\xad", "").split())
    if not any(isinstance(e.tag, str) and _KICKER_CLASS_RE.search(e.get("class") or "")
               for e in h1.iterdescendants()):
        return text
    from copy import deepcopy

    bare = deepcopy(h1)
    for e in list(bare.iterdescendants()):
        cls = (e.get("class") or "") if isinstance(e.tag, str) else ""
        if cls and (_KICKER_CLASS_RE.search(cls) or _HIDDEN_CLASS_RE.search(cls)):
            e.drop_tree()  # the text after it stays
    rest = " ".join(bare.text_content().replace("\xad", "").split()).strip(" :|-–—")
    return rest if len(_TITLE_WORD_RE.findall(rest)) >= 2 else text


_POST_HEADING_CLASS_RE = re.compile(r"\b(entry|post|article)-?title\b|\bposttitle\b", re.IGNORECASE)


def _post_heading(tree: Any, own: set[str], address: str | None) -> str:
    """The heading a blog theme marks as the post's (``class="entry-title"``, ``post-title``, on the
    heading or its parent, or a heading whose ``rel="bookmark"`` link is the page's own
    ``address``), "" for none — for a page whose title is only the site's name ("Four Years
    Remaining", the ``<h1>`` logo of a classic blog theme, with the post's title in an ``<h2>``
    below it). Not another post's heading in a sidebar, a ticker or the comments."""
    for heading in itertools.islice(tree.iter("h1", "h2", "h3"), 30):
        parent = heading.getparent()
        marked = _POST_HEADING_CLASS_RE.search(heading.get("class") or "") or (
            parent is not None and _POST_HEADING_CLASS_RE.search(parent.get("class") or "")
        ) or any("bookmark" in (a.get("rel") or "").split() and _same_address(a.get("href"), address)
                 for a in heading.iter("a"))
        if not marked or _off_article(heading):
            continue
        text = " ".join(heading.text_content().replace("\xad", "").split())
        if _TITLE_WORD_RE.search(text) and not _names_own_site(text, own):
            return text
    return ""


def _same_address(href: str | None, address: str | None) -> bool:
    """Whether a link (maybe relative) leads to ``address``, scheme, "www.", a final "/" and a web
    archive's wrapping aside."""
    if not (href and address):
        return False

    def key(u: str) -> str:
        parts = urlsplit(original_url(u) or u)  # a web archive's capture is the page it captured
        return f"{parts.netloc.lower().removeprefix('www.')}{parts.path.rstrip('/')}"

    return key(urljoin(address, href.strip())) == key(address)


_OFF_ARTICLE_TAGS = frozenset(("aside", "nav", "footer"))
_OFF_ARTICLE_RE = re.compile(
    r"(?:comments?(?:$|[-_])|commentlist|repl(?:y|ies)(?:$|[-_])|respond|widget|sidebar|related|"
    r"trending|teaser|recommend|masthead|logo|branding|site-(?:title|header|name|branding))")
"""Matches the start of a class or id of what is outside the article: comments, a reply form,
sidebar widgets, related or trending stories, the site's masthead and logo."""


def _off_article(el: Any) -> bool:
    """Whether ``el`` stands outside the article: inside an ``<aside>``, ``<nav>`` or ``<footer>``,
    the page's banner (``role="banner"``), or a block whose class or id says comments, sidebar,
    widget, related stories, masthead or logo (``_OFF_ARTICLE_RE``). A plain ``<header>`` may hold
    the article's own headline."""
    for a in [el, *(a for a in el.iterancestors() if a.tag not in ("body", "html"))]:
        if a.tag in _OFF_ARTICLE_TAGS or a.get("role") == "banner":
            return True
        tokens = f"{a.get('class') or ''} {a.get('id') or ''}".lower().split()
        if any(_OFF_ARTICLE_RE.match(t) for t in tokens):
            return True
    return False


def _outlets(settings: Settings) -> Outlets:
    """The known outlets (``newstrace.outlets``) with the user's list, or the bundled list alone
    when the user's is broken (reported by the commands that show outlets)."""
    from .outlets import known

    try:
        return known(settings.outlets_file)
    except UsageError:
        return known()


def _names_other_outlet(title: str, address: str | None, settings: Settings) -> bool:
    """Whether a part of ``title`` (split at its separators) names a known outlet other than the
    page's own (``newstrace.outlets``): "… — RT World News | Daily Viral Now" on a farm."""
    parts = TITLE_SEPARATOR_RE.split(title)
    if len(parts) < 2:
        return False
    outlets = _outlets(settings)
    mine = outlets.of(address)
    return any((o := outlets.named(p.strip())) is not None and o is not mine for p in parts[1:])


def _names_own_site(part: str, own: set[str]) -> bool:
    """A title part that is the site's name: one of ``own``, maybe with its domain ending
    ("MODEPILOT.de"), or up to three words around it ("Kanzlei Viehbacher" on viehbacher.com)."""
    key = _squash(part)
    return key in own or _squash(_TLD_RE.sub("", part)) in own \
        or len(part.split()) <= 3 and any(len(n) >= 5 and n in key for n in own)


_TLD_RE = re.compile(r"\.[a-z]{2,6}$", re.IGNORECASE)
_DATE_PART_RE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")


def _page_title_credit(titles: list[str], title: str, own: set[str], url: str | None,
                       settings: Settings) -> str | None:
    """``"Page title: <og:title or <title>>"`` when a page title ends in the name of a known
    outlet (``newstrace.outlets``) that the article's title lost and that is not the page's own
    site — a farm's copy often keeps the origin's "— RT World News" there, which trafilatura drops
    from the headline. Kept with the trimmed lines as evidence of the credit; None otherwise."""
    outlets = _outlets(settings)
    for full in titles:
        parts = TITLE_SEPARATOR_RE.split(full)
        tail = parts[-1].strip() if len(parts) > 1 else ""
        named = outlets.named(tail) if tail else None
        if named is not None and tail.casefold() not in title.casefold() and _squash(tail) not in own \
                and named is not outlets.of(url):
            return (PAGE_TITLE_MARK + full)[: settings.boilerplate_max_chars]
    return None


def _checked_date(found: str, tree: Any, url: str | None) -> str | None:
    """``found`` unless it is only the year and month of the URL (``/2024/03/``) with day 1, or a
    1 January that the page's metadata does not give.

    htmldate turns such a partial URL date into the first of the month when the page has no other
    date, and its extensive search turns a bare year in the text ("(c) 1996-2020", "1996-1997
    season") into 1 January; a made-up day would decide which of two copies came first, so the
    date is then what the page's metadata alone gives (often none).
    """
    m = _PARTIAL_URL_DATE_RE.search(urlsplit(url).path) if url else None
    partial_url = m is not None and found == f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-01"
    if not partial_url and not found.endswith("-01-01"):
        return found
    return htmldate.find_date(tree, extensive_search=False, original_date=True, url=url)


_HREF_DAY_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})[/_.-]?(\d{1,2})[/_.-]?(\d{1,2})(?!\d)")


def _link_days(tree: Any) -> set[str]:
    """The days (``YYYY-MM-DD``) written in the addresses the page links to."""
    days: set[str] = set()
    for a in tree.iter("a"):
        href = a.get("href") or ""
        for y, m, d in _HREF_DAY_RE.findall(href[:500]):
            try:
                days.add(date(int(y), int(m), int(d)).isoformat())
            except ValueError:
                continue
    return days


def _not_a_link_date(found: str, tree: Any, url: str | None) -> str | None:
    """``found`` unless it is only the date in the address of a page this one links to.

    htmldate's extensive search, finding nothing of the page's own, takes a date from its links:
    a farm copy without a date of its own took the date of its "Related Articles" (months old)
    or of the source it credits, and came out older than the original it copied. Such a date
    belongs to the other pages; the page's date is then what htmldate finds without the extensive
    search (its metadata, byline and own address), often none, and later a feed's or crawl's.
    """
    if found[:10] not in _link_days(tree):
        return found
    return htmldate.find_date(tree, extensive_search=False, original_date=True, url=url)


#: elements that never hold the article's own date: media, scripts (a JSON one stays), embeds
_NO_TEXT_TAGS = frozenset(("script", "style", "noscript", "template", "iframe", "img", "picture", "source",
                           "video", "audio", "svg", "object", "embed", "select", "button"))
#: elements that hold other things than the article (unless they hold it: a page in one ``<form>``)
_NOT_ARTICLE_TAGS = frozenset(("aside", "nav", "form"))
#: a class or id (one whole token of it) of a region that is not the article, wherever it stands:
#: WordPress sidebars and widgets ("widget widget_recent_entries"; not Elementor's
#: "elementor-widget-container", which holds the article too), comments, related and recent posts
_NOT_ARTICLE_RE = re.compile(
    r"(?:[\w-]*-)?side-?bar(?:-[\w-]*)?|widget(?:s|_[\w-]+|-area)?|secondary|comments?|commentlist"
    r"|comments?-(?:area|list|respond|section|wrapper)|respond|comment-respond|(?:jp-)?related(?:-?[\w-]+)?"
    r"|[\w-]+-related|recent-?(?:posts|entries|news|comments|articles)(?:-[\w-]+)?|archives?|breadcrumbs?"
    r"|popular-?posts|trending|most-?read|ticker",
    re.IGNORECASE)
#: a class or id token of the site's furniture around the article (one inside the article, an
#: ``<article>`` or a schema.org Article, is the article's own and stays)
_SITE_FURNITURE_RE = re.compile(
    r"menu|main-?menu|navigation|nav(?:bar)?|site-?(?:header|footer|nav)|masthead|colophon|footer|header"
    r"|top-?bar|page-?(?:header|footer)",
    re.IGNORECASE)
_ARTICLE_TYPE_RE = re.compile(r"(?:Article|BlogPosting|Report)\s*$")
_URL_VALUE_RE = re.compile(r"\s*(?:[a-z][a-z0-9+.-]*:|//|/|\.\.?/|www\.)", re.IGNORECASE)
_KEPT_ATTRIBUTES = frozenset(("class", "id", "datetime", "itemprop", "title", "pubdate"))
#: a region holding more than this share of the page's text is the article's frame, never removed
_REGION_MAX_SHARE = 0.5


def _article_region(tree: Any, body_text: str = "") -> Any:
    """A copy of the page in which the body holds only what the article itself says.

    Removed from ``<body>``: sidebars, widgets, comments, "related"/"recent"/"archives" lists
    (``_NOT_ARTICLE_RE`` on class and id), outside an ``<article>`` also the site's menus, header
    and footer (``_SITE_FURNITURE_RE``, ``<header>``, ``<footer>``), everywhere forms, asides and
    navigation (``_NOT_ARTICLE_TAGS``), images and scripts (``_NO_TEXT_TAGS``; a JSON one stays),
    and the addresses in attributes (links, image and script paths: other pages' dates). An
    element that holds the headline (``<h1>``), an ``<article>``, most of the text or the body
    extraction found (``body_text``: a Blogger post stands inside a "widget") is never removed.
    ``<head>`` stays.
    """
    from copy import deepcopy

    doc = deepcopy(tree)
    body = doc.find(".//body")
    if body is None:
        return doc
    total = len(body.text_content())
    lines = sorted((ln.strip() for ln in body_text.split("\n")), key=len, reverse=True)
    probes = [" ".join(ln.split())[:80] for ln in lines[:2] if len(ln) >= 40]
    doomed = []
    for el in body.iterdescendants():
        if not isinstance(el.tag, str):
            doomed.append(el)  # comments and processing instructions
            continue
        tag = el.tag.lower()
        if tag == "script" and "json" in (el.get("type") or "").lower():
            continue  # JSON-LD and a page's JSON state: dates the page gives itself
        if tag in ("article", "main"):
            continue
        tokens = f"{el.get('class') or ''} {el.get('id') or ''}".split()
        outside = not any(isinstance(a.tag, str) and (a.tag.lower() == "article" or _ARTICLE_TYPE_RE.search(
            a.get("itemtype") or "")) for a in el.iterancestors())
        if tag in _NO_TEXT_TAGS:
            doomed.append(el)
            continue
        if not (tag in _NOT_ARTICLE_TAGS or any(_NOT_ARTICLE_RE.fullmatch(t) for t in tokens)
                or (outside and (tag in ("header", "footer") or any(_SITE_FURNITURE_RE.fullmatch(t)
                                                                   for t in tokens)))):
            continue
        if el.find(".//h1") is not None or el.find(".//article") is not None:
            continue
        text = el.text_content()
        if len(text) > _REGION_MAX_SHARE * total or any(p in " ".join(text.split()) for p in probes):
            continue
        doomed.append(el)
    for el in doomed:
        parent = el.getparent()
        if parent is None:
            continue
        if el.tail and el.tail.strip():  # keep the text that follows the element
            prev = el.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + el.tail
            else:
                parent.text = (parent.text or "") + el.tail
        parent.remove(el)
    for el in list(doc.iter("link", "base")):
        el.getparent().remove(el)
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag.lower() == "meta":  # its date stays, an image's or a page's address goes
            if _URL_VALUE_RE.match(el.get("content") or ""):
                del el.attrib["content"]
            continue
        kept = {n: v for n, v in el.attrib.items() if n.lower() in _KEPT_ATTRIBUTES}
        el.attrib.clear()
        el.attrib.update(kept)
    return doc


#: body classes of a WordPress page listing posts (home, archives, categories, tags, search, an
#: author's or a day's posts); a single post has "single"
_INDEX_BODY_CLASSES = frozenset(("blog", "archive", "category", "tag", "search", "search-results", "author",
                                 "date", "paged"))
#: at least this many posts, each with its own headline link, make a listing
MIN_INDEX_POSTS = 3


def index_page_posts(tree: Any) -> int:
    """How many posts a page lists when it is a home, category or archive page (0 when it is
    not): its body class says it is a listing (WordPress: "home blog", "archive category-world",
    "search-results"; ``og:type`` "website" is no sign: many sites give it to every article) and
    it holds at least ``MIN_INDEX_POSTS`` ``<article>`` elements, each with a headline linking to
    its own post. Extraction would take the first post's excerpt for an article: a
    farm's home page then became a "copy" of the original its first teaser came from, and its
    site a copier."""
    body = tree.find(".//body")
    if body is None:
        return 0
    classes = set((body.get("class") or "").lower().split())
    if not classes & _INDEX_BODY_CLASSES or classes & {"single", "single-post", "page"}:
        return 0
    posts = 0
    for art in body.iter("article"):
        for h in art.iter("h1", "h2", "h3", "h4"):
            if any((a.get("href") or "").strip() for a in h.iter("a")):
                posts += 1
                break
    return posts if posts >= MIN_INDEX_POSTS else 0


def _metadata_date(tree: Any, url: str | None) -> str | None:
    """The date htmldate finds in the page's address and metadata alone (``<head>``, JSON-LD): a
    page built of copies of those (not of the whole page: this runs for every dated page)."""
    from copy import deepcopy

    from lxml.html import Element

    if tree.find(".//body") is None:  # (no body to leave out: the page as it is)
        return htmldate.find_date(tree, extensive_search=False, original_date=True, url=url)
    doc, body = Element("html"), Element("body")
    head = tree.find(".//head")
    if head is not None:
        doc.append(deepcopy(head))
    for script in tree.iterfind(".//body//script"):
        if (script.get("type") or "").lower() == "application/ld+json":
            body.append(deepcopy(script))
    doc.append(body)
    return htmldate.find_date(doc, extensive_search=False, original_date=True, url=url)


def _article_date(found: str, tree: Any, url: str | None, body_text: str) -> str | None:
    """``found`` when the page's address or metadata give it (``_metadata_date``) or the article
    itself does: htmldate, searching the page without the regions that are not the article
    (``_article_region``), finds it again; else the date that search finds (often none).

    Finding nothing in the metadata, htmldate takes a date from anywhere in the page: a WordPress
    "Archives" link (``/2026/02/``, made the 1st), another post's date in a "Recent Posts"
    widget, an image's upload path (``/uploads/2026/03/``). A farm copy without a date of its own
    then came out older than the state-media original it copied. Such a date belongs to other
    pages; without one of its own the page is dated later by a feed or the crawl.
    """
    if found[:10] in _address_days(url) or _metadata_date(tree, url) == found[:10]:
        return found
    region = _article_region(tree, body_text)
    again = htmldate.find_date(region, extensive_search=False, original_date=True, url=url)
    if again == found[:10]:
        return found
    again = htmldate.find_date(region, extensive_search=True, original_date=True, url=url) or again
    if again == found[:10]:
        return found
    return _checked_date(again, tree, url) if again else None


_DMY_RE = re.compile(r"(?<!\d)(\d{1,2})[/_.-](\d{1,2})[/_.-]((?:19|20)\d{2})(?!\d)")


def _address_days(url: str | None) -> set[str]:
    """The days (``YYYY-MM-DD``) written in the page's own address, year first or last."""
    path = urlsplit(url).path if url else ""
    days: set[str] = set()
    found = [(y, m, d) for y, m, d in _HREF_DAY_RE.findall(path)]
    found += [(y, m, d) for d, m, y in _DMY_RE.findall(path)]
    for y, m, d in found:
        try:
            days.add(date(int(y), int(m), int(d)).isoformat())
        except ValueError:
            continue
    return days


CANONICAL_MARK = "Canonical link: "
"""Prefix of the evidence line that keeps a ``<link rel="canonical">`` pointing at another site
(a syndicated or copied page naming its original) among an article's trimmed lines."""


_COPYRIGHT_RE = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*,?\s*"
    r"((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,})\b", re.IGNORECASE)


def _copyright_site(tree: Any) -> str | None:
    """The registered domain a page's copyright line names ("© 2025 example.com. All rights
    reserved."), from its ``<footer>`` or, without one, the end of its text; None without one."""
    feet = list(tree.iter("footer")) or [tree]
    text = " ".join(t for f in feet for t in _shown_text(f))
    m = _COPYRIGHT_RE.search(text[-3000:])  # (bounded: the pattern backtracks on long runs of letters)
    return registered_domain("https://" + m.group(1).lower()) if m else None


_UNSHOWN = frozenset(("script", "style", "noscript", "template"))


def _shown_text(el: Any) -> list[str]:
    """The text of ``el`` a reader sees: not that of scripts and styles ("© <script>document.write(
    new Date().getFullYear())</script>" names no site "document.write")."""
    out: list[str] = []
    if not (isinstance(el.tag, str) and el.tag.lower() in _UNSHOWN):
        if el.text:
            out.append(el.text)
        for child in el:
            out += _shown_text(child)
    if el.tail and el.getparent() is not None:
        out.append(el.tail)
    return out


_OWN_LINK_RELS = frozenset(("shortlink", "edituri", "pingback", "wlwmanifest", "home", "search"))


_LINK_ATTRS = ("href", "src", "action", "content")
_ARCHIVE_HINTS = ("/web/", "/wayback/", "archive", "arquivo", "vefsafn")
"""Cheap tests before :func:`~newstrace.archives.original_url` on each link."""


def _unarchive_links(tree: Any) -> None:
    """Every address in a web archive's capture (links, its canonical, ``og:url``, forms) back to
    the address it archived (:func:`newstrace.archives.original_url`): the page's own machinery
    then names its own site, and its credit links the source, not the archive. Pages that are no
    capture keep their links, but for a link to a capture (a credit of an archived source)."""
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in _LINK_ATTRS:
            value = el.get(attr)
            if value and any(k in value for k in _ARCHIVE_HINTS) \
                    and (archived := original_url(value.strip())):
                el.set(attr, archived)


def _own_link_site(tree: Any) -> str | None:
    """The registered domain a page's own machinery points to — its shortlink, feed, pingback and
    editing endpoints, home link, comment form — when most of them agree; None without two such
    links. A clone that kept the original's ``<head>`` canonical still runs on its own site: its
    WordPress feed, shortlink and comment form say which."""
    hosts: list[str] = []
    for link in tree.iter("link", "a"):
        rels = set((link.get("rel") or "").lower().split())
        typ = (link.get("type") or "").lower()
        if rels & _OWN_LINK_RELS or ("alternate" in rels and ("rss" in typ or "atom" in typ)):
            if (site := registered_domain((link.get("href") or "").strip())):
                hosts.append(site)
    for form in tree.iter("form"):
        action = (form.get("action") or "").strip()
        if "wp-comments-post" in action and (site := registered_domain(action)):
            hosts.append(site)
    if len(hosts) < 2:
        return None
    site, n = Counter(hosts).most_common(1)[0]
    return site if n * 2 > len(hosts) else None


def _foreign_canonical(tree: Any, art: Article) -> str | None:
    """The page's ``rel=canonical`` URL when it is on another site than the page's own address
    (its URL, else its ``og:url``): a republisher pointing search engines at the original. None
    when the page has no other address to tell its own site by."""
    own = registered_domain(art.url or art.canonical_url)
    if not own:
        return None
    for link in tree.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        href = (link.get("href") or "").strip()
        if "canonical" not in rels or not href:
            continue
        target = urljoin(art.url or art.canonical_url or "", href)
        if urlsplit(target).scheme in ("http", "https") and registered_domain(target) not in (own, None):
            return target
        return None
    return None


def attribution_links(tree: Any, base_url: str | None, own_site: str | None,
                      max_label_chars: int | None = None) -> list[str]:
    """ "text: URL" for each link whose text credits a source ("Source link", "Read the original").

    Links to the page's own site and links that are not http(s) are left out.
    """
    found: list[str] = []
    limit = Settings().boilerplate_max_chars if max_label_chars is None else max_label_chars
    for a in tree.iter("a"):
        href = (a.get("href") or "").strip()
        label = " ".join(a.text_content().split())
        if not (href and label) or len(label) > limit:
            continue
        if not _ATTRIBUTION_RE.fullmatch(label):
            if any(isinstance(p.tag, str) and p.tag.lower() in ("nav", "aside") for p in a.iterancestors()):
                continue  # a sidebar's "Posted in <category>" is no credit
            prev = a.getprevious()
            lead = (prev.tail if prev is not None else (a.getparent().text if a.getparent() is not None
                                                        else None)) or ""
            m = _CREDIT_LEAD_RE.search(" ".join(lead.split())[-80:])
            if not m:
                continue
            label = f"{m.group().strip(' ([|')} {label}"  # "Source: WorldVoice TV", as written
        target = urljoin(base_url or "", href)
        if urlsplit(target).scheme not in ("http", "https"):
            continue
        site = registered_domain(target)
        if own_site and site == own_site:
            continue
        entry = f"{label}: {target}"
        if entry not in found:
            found.append(entry)
        if len(found) >= MAX_ATTRIBUTION_LINKS:
            break
    return found


def _with_credits(trimmed: list[str], credits: list[str]) -> list[str]:
    """Trimmed lines with "text: URL" credits merged in (a trimmed "Source link" gains its URL)."""
    out = list(trimmed)
    for credit in credits:
        label = credit.rsplit(": ", 1)[0]
        same = [i for i, line in enumerate(out)
                if _key(line).casefold().rstrip(" .!") == _key(label).casefold().rstrip(" .!")]
        if same:
            out[same[0]] = credit
        else:
            out.append(credit)
    return out


def _article(page: Page, doc: Document | None, text: str) -> Article:
    """An Article from trafilatura's metadata (``doc``, may be None) and the chosen body text."""
    url = doc.url if doc is not None else None
    canonical = url if isinstance(url, str) and url.startswith(("http://", "https://")) else None
    record = page.kind == "jsonl"
    found_title = doc.title if doc is not None else None
    return Article(
        # never the page's own canonical claim (a farm may keep the original's); a web archive's
        # capture is the page it archived
        url=unarchived(page.url),
        title=((page.title if record else None) or found_title or page.title or "").strip(),
        text=text,
        site=page.site if record else None,
        author=(doc.author if doc is not None else None) or None,
        published=(page.published if record else None) or (doc.date if doc is not None else None) or None,
        canonical_url=unarchived(canonical),
        lang=page.lang if record else None,
        origin=page.origin,
    )


_PLACEHOLDER_RE = re.compile(r"\{\{[^{}]{0,1000}\}\}")
TEMPLATE_MIN_SHARE = 0.25
"""A text of which at least this share is ``{{ … }}`` placeholders is a script's page template that
was saved unrendered (an AngularJS or Vue editor, a CMS preview), not an article: two of them on
two sites of one CMS would read as copies of each other."""


def template_share(text: str) -> float:
    """The share of ``text`` inside ``{{ … }}`` placeholders."""
    return sum(len(m.group()) for m in _PLACEHOLDER_RE.finditer(text)) / len(text) if text else 0.0


GENERIC_AUTHORS = frozenset((
    "admin", "administrator", "administrador", "administrateur", "администратор", "админ", "root", "user",
    "webmaster", "wpengine", "wordpress", "guest", "author", "editor", "staff", "mirror",
))
"""Author names that are a login, not a person (WordPress "admin", "editor"): no author. Desk
names a site writes as its byline ("Redaktion", "Staff Writer", "Newsdesk") stay: the trafilatura
evaluation set counts them as the author."""
LOGIN_ONLY_AUTHORS = frozenset(("newsdesk", "news", "redaktion", "editorial"))
"""Desk names that are no author only where the page writes them as a login: all in lower case
(``>newsdesk<``), as WordPress shows a user without a display name."""


def _person_author(name: str | None, html: str | None = None, site: str | None = None) -> str | None:
    """``name`` (trafilatura's authors, joined by "; ") cleaned of what is no author:

    - a lead-in ("View all posts by", "Beitrag von", "Par", "Auteur", "责任编辑："), and the dots of
      initials that trafilatura dropped where the page writes them ("T V Raman" -> "T. V. Raman");
    - parts that are a login (``GENERIC_AUTHORS``, "user123", a ``LOGIN_ONLY_AUTHORS`` desk written
      in lower case in ``html``), a form label or a theme's credit ("Name", "Catch Themes"), a
      commenter ("Art Edwards says"), a date ("On August 3"), a web address ("Facebook Com",
      "Www Medianotions De") or a country;
    - beside a person's name, the site itself or a company ("Rob Picheta; CNN" on cnn.com,
      "Frankfurter Allgemeine Zeitung GmbH; Benjamin Fischer").
    None when nothing is left."""
    if not name:
        return None
    own = {_domain_label(site)} - {""}
    people: list[str] = []
    bodies: list[str] = []
    after_body = False
    for raw in name.split(";"):
        p = _author_part(raw, html)
        if p is None:
            after_body = after_body or _web_address(raw)
        elif _organisation(p, own):
            bodies.append(p)
            after_body = True
        elif not (after_body and len(p.split()) == 1):  # the body's address: "SPIEGEL ONLINE; Hamburg"
            people.append(p)
    initials = {"".join(w[0] for w in q.casefold().split()) for q in people if len(q.split()) >= 2}
    if initials:  # beside a full name: "Grant Tinsley; PhD", "Tina Klostermeier; TK" (her initials)
        people = [q for q in people if len(q.split()) >= 2
                  or (q.casefold().replace(".", "") not in DEGREES and q.casefold() not in initials)]
    return "; ".join(people or bodies) or None


def _with_digits(author: str, shown: str) -> str:
    """A one-word author whose digits trafilatura dropped ("r23" -> "r", "Bo2man" -> "Bo",
    "Happyface313" -> "Happyface"): the handle as the page's text (``shown``, without markup) writes
    it, when it writes that handle more often than the bare word."""
    handles = Counter(m.group() for m in re.finditer(rf"\b{re.escape(author)}\d+[^\W_]*\b", shown))
    if not handles:
        return author
    handle, n = handles.most_common(1)[0]
    bare = sum(1 for _ in re.finditer(rf"\b{re.escape(author)}\b(?![\d.])", shown))
    return handle if n > bare else author


_SURNAME = r"[ \u00a0]+([A-ZÀ-ÖØ-ÞĀ-Ž][a-zß-öø-ÿā-ž'’-]{1,30})\b"


def _full_name(author: str, shown: str, site: str | None, text: str) -> str:
    """A one-word author ("Nils", a blog's display name) that the page (``shown``, its HTML with
    entities resolved: attributes and JSON-LD count) also writes with a surname outside the
    article's ``text`` (an author box's "Nils Pickert ist freier Autor", the page title's "Dr.
    Alexander Klier"): that full name, when one capitalised word follows the first name there at
    least twice as often as any other ("Andrea" beside "Andrea Bottlinger" three times and "Andrea
    Ulmer" twice stays "Andrea"). A namesake the article writes about is no surname of its author;
    nor is anything after a login or desk name, or after the site's own name ("Solarserver" beside
    its "Solarserver Stellenmarkt")."""
    if (not author.isalpha() or len(author) < 3 or not author[0].isupper()
            or author.casefold() in GENERIC_AUTHORS | LOGIN_ONLY_AUTHORS
            or author.casefold() in _domain_label(site)):
        return author
    name_re = re.compile(rf"\b{re.escape(author)}{_SURNAME}")
    found = Counter(m.group(1) for m in name_re.finditer(shown)
                    if m.group(1).casefold() not in STOPWORDS)
    found.subtract(m.group(1) for m in name_re.finditer(text))
    found = +found  # only what is written outside the article
    top = found.most_common(2)
    if not top or (len(top) == 2 and top[0][1] < 2 * top[1][1]):
        return author
    return f"{author} {top[0][0]}"


DEGREES = frozenset(("phd", "md", "dr", "mba", "msc", "bsc", "ma", "ba", "ms", "rd", "rn", "jd", "esq", "mph",
                     "dds", "do", "np", "pa", "cpa", "llm", "mag", "dipl-ing", "prof"))
"""Degrees and titles that trafilatura splits off a name as an author of their own ("…; PhD")."""


def _byline_author(tree: Any, own: set[str] | None = None) -> str | None:
    """The name a byline marks up the way blog themes do (hAtom/hCard: ``<span class="author
    vcard"><a class="url fn n">``, or a link with ``rel="author"``), for a page whose metadata
    names no author. Not a commenter's, a sidebar widget's or a footer's (``_off_article``), not an
    organisation's card (``fn org``) nor the site's own name (``own``); a name of one to five
    words. None when there is none."""
    body = tree.find("body")
    marks = body.iter("a", "span", "strong", "b", "cite") if body is not None else iter(())
    for el in itertools.islice(marks, 5000):
        rel = (el.get("rel") or "").split()
        if "author" not in rel and not ("fn" in (el.get("class") or "").split() and _in_author_card(el)):
            continue
        if "org" in (el.get("class") or "").split():  # an organisation's card: an address, a footer
            continue
        text = " ".join(el.text_content().split())
        if not (1 <= len(text.split()) <= 5 and len(text) <= 60) or own and _names_own_site(text, own):
            continue
        if not _off_article(el):
            return text
    return None


_CJK_BYLINE_LEADS = "责任编辑|責任編輯|编辑|作者"
"""Chinese byline words ("editor in charge", "editor", "author"), written before a colon."""
_LEAD_BYLINE_RE = re.compile(
    r"^(?:(?:von|by|text|autor(?:in|en)?|autoren|par|por|redaktion|written by)\s*:?\s+"
    r"(?P<name>\w[\w.'’-]*(?:\s+\w[\w.'’-]*){1,3}(?:\s+(?:und|and|y|et)\s+\w[\w.'’-]*(?:\s+\w[\w.'’-]*){1,3})?)"
    rf"|(?:{_CJK_BYLINE_LEADS})\s*[:：]\s*(?P<cjk>\S{{2,4}}))"
    r"\s*(?:[,(|–—-].*)?$", re.IGNORECASE)


def _lead_byline(tree: Any, own: set[str]) -> str | None:
    """The name of a byline written out in the article ("Von David Hutzler, dpa", "Text: Anna
    Berg", "Autoren Jelko Djuren und Jutta Klaukien", "责任编辑：焦鹏"): a short element inside the
    article whose text is a byline word, a name of two to four capitalised words (two names
    joined by "und"/"and") and maybe an agency or a role after a comma; None when there is none."""
    body = tree.find("body")
    if body is None:
        return None
    for el in itertools.islice(body.iter("p", "span", "div", "byline", "em", "strong", "small", "address"),
                               5000):
        text = _short_text(el, 90)
        if text is None or len(text) < 4:
            continue
        m = _LEAD_BYLINE_RE.match(text)
        if m is None or _off_article(el):
            continue
        if m.group("cjk"):
            return m.group("cjk")
        names = re.split(r"\s+(?:und|and|y|et)\s+", m.group("name"))
        if all(all(w[0].isupper() for w in n.split()) for n in names) \
                and not any(_names_own_site(n, own) for n in names):
            return "; ".join(names)
    return None


def _short_text(el: Any, limit: int) -> str | None:
    """The text of ``el`` with its spaces collapsed, or None when that is longer than ``limit``
    characters; stops reading early, so a page's outer blocks cost no more than a short one."""
    parts: list[str] = []
    raw = 0
    for t in el.itertext():
        raw += len(t)
        if raw > 4 * limit:  # spaces collapse, but not that much
            return None
        parts.append(t)
    text = " ".join("".join(parts).split())
    return text if len(text) <= limit else None


def _in_author_card(el: Any) -> bool:
    return any(_AUTHOR_CARD_RE.search(a.get("class") or "") for a in itertools.islice(el.iterancestors(), 3))


_AUTHOR_CARD_RE = re.compile(r"author|vcard|byline", re.IGNORECASE)

_AUTHOR_LEAD_RE = re.compile(
    r"^(?:view all posts by|all posts by|more posts by|zeige alle beiträge von|alle beiträge von|"
    r"zum profil von|posted by|written by|beitrag von|artikel von|ein beitrag von|auteure?|authors?|"
    r"autor(?:in)?|par|por|von|vom|by|interview(?: mit| with)?|"
    r"[\w.-]+-(?:experte|expertin|autor|autorin|redakteur|redakteurin|korrespondent|korrespondentin))"
    rf"\s*:?\s+(?=\S)|^(?:{_CJK_BYLINE_LEADS})\s*[:：]\s*",
    re.IGNORECASE)
_DATE_LEAD_WORDS = frozenset(("stand", "vor", "aktualisiert", "updated", "veröffentlicht", "publicado",
                              "publié", "pubblicato"))
"""Words before a date that trafilatura left at the end of a byline it cut the date from."""
_NOT_AUTHORS = frozenset((
    "name", "posted", "human", "text", "jobs", "hire", "e-mail", "email", "website", "comments", "share",
    "germany", "deutschland", "austria", "österreich", "switzerland", "schweiz", "france", "usa", "uk",
))
_AUTHOR_TLDS = frozenset(("de", "com", "net", "org", "ch", "fr", "pl", "io", "uk", "info", "eu"))
_COMPANY_RE = re.compile(r"\b(?:gmbh|inc|ltd|llc|corp|ag|kg|plc|s\.?a|e\.? ?v)\.?$", re.IGNORECASE)
_DATE_AUTHOR_RE = re.compile(
    r"(?:on\s+)?(?:\d{1,2}\.?\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mär|mai|okt|dez)"
    r"[a-zä]*\.?\s+\d{1,4}(?:,\s*\d{4})?", re.IGNORECASE)


def _author_part(part: str, html: str | None) -> str | None:
    p = _AUTHOR_LEAD_RE.sub("", " ".join(part.replace("_", " ").split()))
    if _AUTHOR_LEAD_RE.sub("", f"{p} .") == ".":
        return None  # only a lead-in: trafilatura keeps "By" of "By @handle" and drops the handle
    tokens = p.split()
    while len(tokens) >= 3 and tokens[-1].casefold() in _DATE_LEAD_WORDS:  # "Sara Zinnecker Stand"
        tokens.pop()  # the word before the date trafilatura cut ("Stand: 12.05.2023")
    if len(tokens) >= 2 and len({t.casefold() for t in tokens}) == 1:
        tokens = tokens[:1]  # "jesusfreak jesusfreak": a login written twice
    p = " ".join(tokens)
    key = p.casefold()
    words = key.split()
    if not words or key in GENERIC_AUTHORS or key in _NOT_AUTHORS or re.fullmatch(r"[a-z._-]*\d+", key) \
            or re.fullmatch(r"[a-z]*(?:wp|wordpress|site|web|blog)_?admin", key):  # "wordpressadmin"
        return None
    if key in LOGIN_ONLY_AUTHORS and html and re.search(rf">\s*{re.escape(key)}\s*<", html):
        return None
    if words[-1] in ("says", "said", "themes", "theme") or words[0] in ("copyright", "©") \
            or all(w in ("co", "kg", "gmbh", "&", "und", "and") for w in words) \
            or _web_address(p) or _DATE_AUTHOR_RE.fullmatch(p):
        return None
    return _with_initials(p, html)


def _web_address(part: str) -> bool:
    """An author part that is a web address as trafilatura writes it ("Www Medianotions De",
    "Facebook Com"); endings that are words ("Amy Tan At") are not read as one."""
    words = part.casefold().split()
    return bool(words) and (words[0] == "www" or len(words) >= 2 and words[-1] in _AUTHOR_TLDS)


def _with_initials(name: str, html: str | None) -> str:
    """``name`` with the dots of its initials and of "Jr."/"Sr." that trafilatura dropped, where
    ``html`` writes them ("Logan C Ritchie" -> "Logan C. Ritchie", "T V Raman" -> "T. V. Raman"
    for "T.V. Raman"). A last single letter takes its dot only where the page writes the name with
    it as a whole element or attribute ("<a>Joe S.</a>", ``content="Joe S."``): in running text
    "Malcolm X." ends a sentence."""
    tokens = name.split()
    dotted = [(len(t) == 1 and k < len(tokens) - 1) or t in ("Jr", "Sr") for k, t in enumerate(tokens)]
    if not html:
        return name
    if any(dotted):
        pattern = r"\s*".join(rf"{re.escape(t)}(\.?)" if d else f"{re.escape(t)}()"
                              for t, d in zip(tokens, dotted, strict=True))
        m = re.search(rf"(?<!\w){pattern}(?!\w)", html[:500_000])
        if m is not None:
            name = " ".join(t + m.group(k + 1) for k, t in enumerate(tokens))
    if len(tokens) > 1 and len(tokens[-1]) == 1 and tokens[-1].isupper() \
            and re.search(rf"(?:>\s*|=[\"']){re.escape(name)}\.\s*[<\"']", html[:500_000]):
        name += "."
    return name


def _organisation(part: str, own: set[str]) -> bool:
    """An author part that is the page's own site ("CNN" on cnn.com, "SPIEGEL ONLINE" on spiegel.de:
    the whole part or its first word) or a company ("… GmbH"). "Thomas Stern" on stern.de is a
    person."""
    key, first = _squash(part), _squash(part.split()[0]) if part.split() else ""
    return bool(_COMPANY_RE.search(part)) or any(len(n) >= 3 and n in (key, first) for n in own) \
        or any(w in NEWSROOM_WORDS for w in part.casefold().split())


NEWSROOM_WORDS = frozenset((
    "redacción", "redaccion", "redaktion", "rédaction", "redazione", "redação", "redakcja", "newsroom",
    "noticias", "nachrichten", "notizie", "notícias", "média", "médias", "medien", "staff", "desk",
    "agencia", "agentur", "agencies", "verlag", "editora", "editorial",
))
"""Words that make an author part a newsroom, an agency or a publisher ("Redacción Trome", "Prisma
Média", "Oberösterreichische Nachrichten"): beside a person's name it is no author of its own."""


def _no_controls(text: str | None) -> str | None:
    return CONTROL_RE.sub("", text) if text else text


_DIGIT_GROUP_RE = re.compile(r"(?<=\d)[\u00a0\u202f\u2009](?=\d{3}(?!\d))")


def normalise_text(text: str) -> str:
    """Paragraphs separated by one blank line, spaces collapsed.

    Each line is a paragraph, except that a line broken inside a sentence (it ends without
    punctuation and the next line starts in lower case: hard-wrapped text, ``<br>`` inside a
    sentence) is joined with the next one.
    """
    paragraphs: list[str] = []
    for block in _BLOCK_SPLIT_RE.split(text.replace("\r\n", "\n").replace("\r", "\n")):
        current = ""
        for raw in CONTROL_RE.sub("", block).split("\n"):
            # A no-break space between digit groups ("260 000") is part of the number: keep it.
            raw = _DIGIT_GROUP_RE.sub("\ue000", raw)
            line = " ".join(raw.split()).replace("\ue000", "\u00a0")
            if not line:
                continue
            if current and not _LINE_END_RE.search(current) and line[0].islower():
                current += " " + line
                continue
            if current:
                paragraphs.append(current)
            current = line
        if current:
            paragraphs.append(current)
    return "\n\n".join(paragraphs)


def _drop_headline(text: str, titles: list[str | None]) -> str:
    """``text`` without a first paragraph that repeats one of the titles."""
    first, sep, rest = text.partition("\n\n")
    keys = {_key(t).casefold() for t in titles if t}
    return rest if sep and _key(first).casefold() in keys else text


SHARED_HOSTS = frozenset((
    "wordpress.com", "substack.com", "tumblr.com", "wixsite.com", "weebly.com", "livejournal.com",
    "github.io", "gitlab.io", "netlify.app", "vercel.app", "ghost.io", "squarespace.com",
    "over-blog.com", "home.blog", "typepad.com", "blogger.com", "webnode.page", "mystrikingly.com",
    "jimdosite.com", "tilda.ws", "site123.me", "carrd.co", "beehiiv.com", "hashnode.dev",
))
"""Hosts where each subdomain is a different publisher's site (``alice.wordpress.com``): their
registered domain would make every blog on them one "site", and a copy between two of them the
site's own text (not a copy)."""


def registered_domain(url: str | None) -> str | None:
    """The registered domain of ``url`` (offline public-suffix list), else its host name; on a
    shared host (``SHARED_HOSTS``) the publisher's subdomain."""
    if not url:
        return None
    try:
        host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    except ValueError:  # "https://[::1/a": not a URL one can take a site from
        return None
    domain = extract_domain(url)
    if domain:
        domain = domain.lower()
        if domain in SHARED_HOSTS and host.endswith("." + domain):
            return normalise_site(".".join(host.split(".")[-(domain.count(".") + 2):]))  # one label more
        return normalise_site(domain)
    return normalise_site(host) or None


MIN_LANG_OVERRIDE_CHARS = 500
"""A declared language is replaced by the detected one when they differ on at least this much
text: a wrong label would make a word-for-word copy a "translation" (and skip its fidelity)."""


_CLOSE_LANGS = (frozenset({"no", "nb", "nn", "da", "sv"}), frozenset({"hr", "sr", "bs", "sh", "me"}),
                frozenset({"ms", "id"}), frozenset({"cs", "sk"}), frozenset({"es", "gl", "ca", "pt"}))
"""Languages close enough that detection confuses them: a record's label is kept between them."""


def _checked_lang(declared: str | None, text: str) -> str | None:
    """The article's language: the record's own label (``pt-BR`` kept as ``pt-br``), unless
    detection on a long enough text names another base language; else detected."""
    found = guess_language(text)
    if declared and declared.strip():
        label = declared.strip().lower()
        base = label.replace("_", "-").split("-")[0]
        if found and found != base and len(text) >= MIN_LANG_OVERRIDE_CHARS \
                and not any({found, base} <= group for group in _CLOSE_LANGS):
            return found
        return label
    return found


def guess_language(text: str) -> str | None:
    """ISO 639-1 code of ``text`` by py3langid, or None for text too short to tell."""
    if len(text) < MIN_LANGID_CHARS:
        return None
    import py3langid

    lang, _score = py3langid.classify(text[:MAX_LANGID_CHARS])
    return str(lang)


def _date_part(stamp: str | None) -> str | None:
    """``YYYY-MM-DD`` of an ISO timestamp (WARC-Date, fetch time), or None (also when it is no real
    day: a crawler's "2026-02-30" or "9999-99-99")."""
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", stamp) if stamp else None
    if m is None:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None
