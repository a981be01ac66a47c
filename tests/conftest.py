"""Shared fixtures: articles we wrote ourselves (fiction), never third-party text."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "src" / "newstrace" / "samples" / "corpus"
DATA = Path(os.environ.get("NEWSTRACE_DATA", ROOT.parent / "shared" / "data"))

ORIGINAL = """A storm surge flooded the lower districts of Port Averly on Sunday night, forcing 2,300 residents from their homes, the city's emergency office said.

The river Tamsin rose 3.4 metres above its normal level within six hours, overwhelming flood barriers that had been repaired only last spring.

"We have never seen the water come in this fast," said Mara Collins, who heads the emergency office. "Our crews worked through the night to reach every street."

Mayor Daniel Okafor declared a state of emergency and asked the regional government for 12 million crowns in immediate aid.

Engineers will inspect the barriers on Tuesday. The city council is expected to discuss a new flood plan at its meeting next week."""

SPUN = """A storm surge inundated the lower neighbourhoods of Port Averly on Sunday evening, compelling 2,300 inhabitants from their houses, the town's emergency bureau stated.

The river Tamsin climbed 3.4 metres above its usual level within six hours, overpowering flood defences that had been mended only last spring.

"We have never seen the water come in this quickly," said Mara Colins, who leads the emergency bureau. "Our crews worked through the night to reach every street."

Mayor Daniel Okafor announced a state of emergency and requested the regional authorities for 15 million crowns in urgent assistance.

Engineers will examine the defences on Tuesday. The town council is anticipated to debate a new flood strategy at its session next week."""

INDEPENDENT = """Residents of Port Averly spent Monday bailing out basements after the worst flooding in two decades.

"I lost everything on the ground floor," said Tomas Berg, a baker on Harbour Lane, as volunteers carried sandbags past his shop.

The emergency office said about 2,300 people had been evacuated. Mara Collins, its head, said crews had worked through the night.

Critics say the flood barriers, repaired last spring, were never designed for a surge of this size. The opposition wants an inquiry.

Mayor Daniel Okafor has asked the region for emergency aid. Insurers estimate the damage at several million crowns."""

# Another story of the same town and beat: names and words shared, no event in common.
SAME_BEAT = """The city council of Port Averly approved a new ferry timetable on Thursday, adding two evening crossings to the islands from next month.

Mayor Daniel Okafor said the extra sailings would cost the city about 1.2 million crowns a year and would be paid for from parking fees.

"People on the islands have waited a long time for this," said Okafor. The harbour office will publish the new times on Monday.

The council also agreed to repaint the old harbour bridge and to plant trees along the river Tamsin promenade in the spring.

Opposition members voted against the plan, saying the money should go to the city's schools instead."""

# A minister's words and a figure that copies along a chain alter (tests/test_cli.py).
TROOPS = """The defence minister of Valdoria, Petra Linden, said on Monday that the country would keep its forces at home during the border crisis with its northern neighbour.

"We will not send troops north," Linden told reporters in the capital, Osterhal, after a cabinet meeting.

The ministry said 4,500 reservists had been placed on alert and that the army would hold exercises near the coast in March.

Opposition leader Karel Dusek called the decision sensible but asked the government to publish its full defence plan before parliament votes on the budget.

"People deserve to know what their taxes pay for," Dusek said after a meeting of the defence committee on Monday afternoon.

The border crisis began last month when a shipment of grain was stopped at the Harnow crossing for nine days."""

UNRELATED = """The national chess championship ended on Saturday with a surprise victory for 17-year-old Lina Hart.

Hart beat the defending champion in a tense final game that lasted more than five hours in the university hall.

"I did not expect to win, I just wanted to play good chess," Hart said after the award ceremony.

She will represent the country at the world junior championship in the autumn."""


def run_cli(*args: str, cwd: Path | None = None, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    """Run the real `newstrace` command in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "newstrace.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
        env={**os.environ, "COLUMNS": "200"},
    )


@pytest.fixture
def story_dir(tmp_path: Path) -> Path:
    """Four plain-text articles: an original, its spun copy, independent coverage, an unrelated one."""
    d = tmp_path / "story"
    d.mkdir()
    (d / "1-original.txt").write_text("Storm surge floods Port Averly\n\n" + ORIGINAL, encoding="utf-8")
    (d / "2-spun.txt").write_text(
        "Storm surge inundates Port Averly\n\n"
        + SPUN
        + "\n\nSource link\n\nRelated Articles\n\nLeave a Reply\n",
        encoding="utf-8",
    )
    (d / "3-independent.txt").write_text("Port Averly counts the cost\n\n" + INDEPENDENT, encoding="utf-8")
    (d / "4-unrelated.txt").write_text("Teenager wins chess title\n\n" + UNRELATED, encoding="utf-8")
    return d

FRENCH = """Une onde de tempête a inondé dimanche soir les quartiers bas de Port Averly, obligeant 2 300 habitants à quitter leur domicile, a indiqué le bureau des urgences de la ville.

La rivière Tamsin est montée de 3,4 mètres au-dessus de son niveau normal en six heures, submergeant des barrières anti-inondation qui n'avaient été réparées qu'au printemps dernier.

« Nous n'avons jamais vu l'eau arriver aussi vite », a déclaré Mara Collins, qui dirige le bureau des urgences. « Nos équipes ont travaillé toute la nuit pour atteindre chaque rue. »

Le maire Daniel Okafor a déclaré l'état d'urgence et a demandé au gouvernement régional 12 millions de couronnes d'aide immédiate.

Des ingénieurs inspecteront les barrières mardi. Le conseil municipal doit discuter d'un nouveau plan contre les inondations lors de sa réunion la semaine prochaine."""


# Two press releases of one company: different news, the same closing "about" paragraphs.
ABOUT_VELTMARK = """Veltmark Systems builds scheduling software for regional bus and ferry operators across northern Europe.

The company was founded in Tromsdal in 2009 and employs about 240 people in four countries.

Veltmark shares are traded on the Nordmarket growth exchange under the symbol VELT.

For more information, contact the Veltmark press office at press@veltmark.example."""

RELEASE_A = """Veltmark Systems said on Monday it had signed a contract with the Fjordlink ferry company to run timetables on all of its coastal routes.

The contract covers eleven vessels and thirty-two ports and runs for five years, with an option to extend it by three more.

Fjordlink will replace a planning tool it built in house in the 1990s, which staff said could no longer handle winter storm diversions.

Chief executive Anja Rudstrom said the deal was the largest in the company's history and would be delivered in three phases starting in the spring.

The first phase moves the winter timetable of the northern routes onto the new system before the Christmas season.

Passengers will see live departure changes in the Fjordlink app, which until now showed only the printed timetable.

Neither company disclosed the value of the contract, which analysts at Tromsdal Bank put at several million euros.

""" + ABOUT_VELTMARK

RELEASE_B = """Veltmark Systems on Thursday opened a support centre in the port city of Kalvik, its first outside the Nordic region.

The centre will employ forty engineers in its first year and answer calls from bus operators in the Baltic states around the clock.

The company picked Kalvik for its technical university, whose graduates already work for two of Veltmark's largest customers.

Regional development minister Paavo Ilves welcomed the investment and said the city had offered training grants for new hires.

The office will open in rented space near the harbour until a new building is finished in two years.

Veltmark expects the centre to handle half of its customer calls by the end of next year.

Engineers who join before the summer will spend their first month at the head office in Tromsdal.

""" + ABOUT_VELTMARK

# A site's chrome that a scraper glued to the text: cookie notice, newsletter sign-up, disclaimer.
SITE_CHROME = """We use cookies to improve your experience on our site and to show you personalised advertising. Sign up for our free daily newsletter to get the latest regional transport news by email. All information on this page is provided "as is" without any warranty of accuracy or completeness, express or implied."""

# A teaser a farm inserts between copied paragraphs.
TEASER = """Read also: Ten tips to protect your home from floods this winter. Subscribe to our newsletter for more breaking news and updates."""

# The first two paragraphs of ORIGINAL, machine-paraphrased harder than SPUN.
HEAVY_SPUN_LEAD = """A tidal surge swamped the low-lying quarters of Port Averly late on Sunday, driving 2,300 people out of their dwellings, according to the municipal emergency bureau.

Within six hours the Tamsin climbed 3.4 metres over its usual height, overwhelming barriers that were fixed just last spring."""
