"""What each canvas segment is called, what belongs in it and which questions help a group fill it.

Texts exist in English, Dutch and German. The questions are always about the mapped person, never about
the team, so a facilitator can read them out in a workshop as they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class SegmentText:
    label: str  # short label shown on the canvas
    description: str  # one or two sentences: what goes in this segment
    prompts: tuple[str, ...]  # questions that help a workshop group fill the segment


def _text(label: str, description: str, *prompts: str) -> SegmentText:
    return SegmentText(label=label, description=description, prompts=prompts)


_SEE = {
    "en": _text(
        "See",
        "What is in front of them every day: their surroundings, the ads and offers that reach them, what "
        "people around them use, and how our product looks from where they stand.",
        "What does their ordinary day look like, from morning to evening?",
        "Which ads, offers and products cross their path, and where?",
        "Which competitors or alternatives do they notice?",
        "What do friends, neighbours or colleagues use that catches their eye?",
        "How do our website, shop or product look to them at first sight?",
        "What would they have to see to act straight away?",
    ),
    "nl": _text(
        "Zien",
        "Wat ze elke dag voor zich zien: hun omgeving, de advertenties en aanbiedingen die ze tegenkomen, "
        "wat mensen om hen heen gebruiken en hoe ons product er vanaf hun kant uitziet.",
        "Hoe ziet een gewone dag van de klant eruit, van 's ochtends tot 's avonds?",
        "Welke advertenties, aanbiedingen en producten komen ze tegen, en waar?",
        "Welke concurrenten of alternatieven merken ze op?",
        "Wat zien ze bij vrienden, buren of collega's dat hun aandacht trekt?",
        "Hoe komen onze website, winkel of ons product op het eerste gezicht op ze over?",
        "Wat zouden ze moeten zien om meteen in actie te komen?",
    ),
    "de": _text(
        "Sehen",
        "Was die Person täglich vor Augen hat: ihr Umfeld, Werbung und Angebote, die sie erreichen, was "
        "Menschen in ihrer Nähe nutzen und wie unser Produkt aus ihrer Sicht wirkt.",
        "Wie sieht ein gewöhnlicher Tag der Person aus, von morgens bis abends?",
        "Welche Werbung, Angebote und Produkte begegnen ihr, und wo?",
        "Welche Wettbewerber oder Alternativen nimmt sie wahr?",
        "Was nutzen Freunde, Nachbarn oder Kollegen, das ihr auffällt?",
        "Wie wirken unsere Website, unser Laden oder unser Produkt auf den ersten Blick auf sie?",
        "Was müsste sie sehen, um sofort aktiv zu werden?",
    ),
}

_HEAR = {
    "en": _text(
        "Hear",
        "What reaches them through other people and the media: who talks to them, whose voice they trust "
        "and in what tone.",
        "Who influences them most: people they know or strangers online?",
        "What do friends, family and colleagues tell them about this topic?",
        "What does their manager or their organisation expect of them?",
        "Which reviews, news sources, podcasts or influencers do they follow?",
        "Which tone do they trust, and which makes them tune out?",
        "What do they hear about us, and from whom?",
    ),
    "nl": _text(
        "Horen",
        "Wat via andere mensen en via media bij ze binnenkomt: wie er tegen ze praat, wiens stem ze "
        "vertrouwen en op welke toon.",
        "Wie heeft de meeste invloed op ze: mensen die ze kennen of onbekenden online?",
        "Wat vertellen vrienden, familie en collega's ze over dit onderwerp?",
        "Wat verwacht hun leidinggevende of hun organisatie van ze?",
        "Welke reviews, nieuwsbronnen, podcasts of influencers volgen ze?",
        "Welke toon vertrouwen ze, en bij welke haken ze af?",
        "Wat horen ze over ons, en van wie?",
    ),
    "de": _text(
        "Hören",
        "Was über andere Menschen und Medien bei der Person ankommt: wer mit ihr spricht, wessen Stimme sie "
        "vertraut und in welchem Ton.",
        "Wer beeinflusst sie am stärksten: Menschen, die sie kennt, oder Fremde im Netz?",
        "Was erzählen ihr Freunde, Familie und Kollegen zu diesem Thema?",
        "Was erwarten ihre Vorgesetzten oder ihr Unternehmen von ihr?",
        "Welchen Bewertungen, Nachrichtenquellen, Podcasts oder Influencern folgt sie?",
        "Welchem Ton vertraut sie, und bei welchem schaltet sie ab?",
        "Was hört sie über uns, und von wem?",
    ),
}

_THINK_FEEL = {
    "en": _text(
        "Think & Feel",
        "What goes on inside: what occupies them, what they worry about, believe and value, and how they "
        "feel about it. Much of this is never said out loud.",
        "What really matters to them?",
        "What are they afraid of, and what keeps them awake at night?",
        "Which emotions push them to buy, and which hold them back?",
        "What do they believe about products like ours?",
        "How do they want others to see them?",
        "What do they think but keep to themselves?",
    ),
    "nl": _text(
        "Denken & voelen",
        "Wat er vanbinnen speelt: waar ze mee bezig zijn, waar ze zich zorgen over maken, wat ze geloven en "
        "belangrijk vinden, en hoe ze zich daarbij voelen. Veel hiervan spreken ze nooit hardop uit.",
        "Wat vinden ze écht belangrijk?",
        "Waar zijn ze bang voor, en waar liggen ze wakker van?",
        "Welke emoties zetten ze aan tot kopen, en welke houden ze tegen?",
        "Wat denken ze over producten zoals het onze?",
        "Hoe willen ze dat anderen hen zien?",
        "Wat denken ze wel, maar houden ze voor zich?",
    ),
    "de": _text(
        "Denken & Fühlen",
        "Was in der Person vorgeht: was sie beschäftigt, was ihr Sorgen macht, woran sie glaubt, was ihr "
        "wichtig ist und wie sie sich dabei fühlt. Vieles davon spricht sie nie laut aus.",
        "Was zählt für sie wirklich?",
        "Wovor hat sie Angst, und was raubt ihr den Schlaf?",
        "Welche Gefühle bringen sie zum Kauf, und welche halten sie zurück?",
        "Was denkt sie über Produkte wie unseres?",
        "Wie möchte sie von anderen gesehen werden?",
        "Was denkt sie, behält es aber für sich?",
    ),
}

_SAY_DO = {
    "en": _text(
        "Say & Do",
        "What they say and do in public and in practice: habits, how they buy and use things, how they talk "
        "to others and to brands. Watch for places where words and actions don't match.",
        "Do their actions match their words?",
        "What do they say about this topic in public, and to whom?",
        "How do they buy and use products like ours, step by step?",
        "Do they influence others, or follow what others do?",
        "Do they share experiences openly, good or bad, for example in reviews?",
        "Which habits or workarounds have they built up?",
    ),
    "nl": _text(
        "Zeggen & doen",
        "Wat ze in het openbaar en in de praktijk zeggen en doen: gewoontes, hoe ze kopen en gebruiken, hoe "
        "ze met anderen en met merken praten. Let op waar woorden en daden niet overeenkomen.",
        "Komt wat ze doen overeen met wat ze zeggen?",
        "Wat zeggen ze in het openbaar over dit onderwerp, en tegen wie?",
        "Hoe kopen en gebruiken ze producten zoals het onze, stap voor stap?",
        "Beïnvloeden ze anderen, of volgen ze wat anderen doen?",
        "Delen ze hun ervaringen openlijk, goed of slecht, bijvoorbeeld in reviews?",
        "Welke gewoontes of noodoplossingen hebben ze ontwikkeld?",
    ),
    "de": _text(
        "Sagen & Tun",
        "Was die Person öffentlich und im Alltag sagt und tut: Gewohnheiten, wie sie kauft und nutzt, wie "
        "sie mit anderen und mit Marken spricht. Besonders aufschlussreich: wo Worte und Taten auseinandergehen.",
        "Passt ihr Handeln zu ihren Worten?",
        "Was sagt sie öffentlich zu diesem Thema, und zu wem?",
        "Wie kauft und nutzt sie Produkte wie unseres, Schritt für Schritt?",
        "Beeinflusst sie andere, oder richtet sie sich eher nach anderen?",
        "Teilt sie ihre Erfahrungen offen, gute wie schlechte, etwa in Bewertungen?",
        "Welche Gewohnheiten oder Behelfslösungen hat sie sich zurechtgelegt?",
    ),
}

_PAIN = {
    "en": _text(
        "Pain",
        "The fears, frustrations and obstacles between them and what they want, and the reasons nothing has "
        "solved them yet.",
        "What stands between them and their goals?",
        "What frustrates them every day, however small?",
        "Why has nothing solved this for them yet?",
        "Which risks or losses are they afraid of?",
        "What have they already tried that did not work?",
        "What does it cost them in time, money or nerves?",
    ),
    "nl": _text(
        "Pijnpunten",
        "De angsten, frustraties en obstakels tussen de klant en wat ze willen bereiken, en waarom niets dat "
        "tot nu toe heeft opgelost.",
        "Wat staat tussen hen en hun doelen in?",
        "Wat frustreert ze elke dag, hoe klein ook?",
        "Waarom heeft nog niets dit voor ze opgelost?",
        "Voor welke risico's of verliezen zijn ze bang?",
        "Wat hebben ze al geprobeerd dat niet werkte?",
        "Wat kost het ze aan tijd, geld of zenuwen?",
    ),
    "de": _text(
        "Frust",
        "Ängste, Ärger und Hindernisse zwischen der Person und ihren Zielen, und warum bisher nichts davon "
        "gelöst ist.",
        "Was hindert sie daran, ihre Ziele zu erreichen?",
        "Was ärgert sie jeden Tag, und sei es noch so klein?",
        "Warum hat bisher nichts dieses Problem für sie gelöst?",
        "Vor welchen Risiken oder Verlusten hat sie Angst?",
        "Was hat sie schon ausprobiert, das nicht funktioniert hat?",
        "Was kostet es sie an Zeit, Geld oder Nerven?",
    ),
}

_GAIN = {
    "en": _text(
        "Gain",
        "What they want to achieve, how they would measure success, and what helps or delights them along "
        "the way.",
        "What does success look like to them?",
        "What do they really want to achieve, beyond the obvious?",
        "How do they try to get there today?",
        "What would make their life noticeably easier?",
        "What would pleasantly surprise them?",
        "How would they know that it has worked?",
    ),
    "nl": _text(
        "Winst",
        "Wat ze willen bereiken, waaraan ze succes afmeten en wat hen onderweg helpt of blij maakt.",
        "Hoe ziet succes er voor hen uit?",
        "Wat willen ze echt bereiken, verder dan het voor de hand liggende?",
        "Hoe proberen ze daar nu te komen?",
        "Wat zou hun leven merkbaar makkelijker maken?",
        "Wat zou ze positief verrassen?",
        "Waaraan merken ze dat het gelukt is?",
    ),
    "de": _text(
        "Gewinn",
        "Was die Person erreichen möchte, woran sie Erfolg misst und was ihr dabei hilft oder Freude macht.",
        "Wie sieht Erfolg für sie aus?",
        "Was möchte sie wirklich erreichen, über das Offensichtliche hinaus?",
        "Wie versucht sie heute, dorthin zu kommen?",
        "Was würde ihr das Leben spürbar leichter machen?",
        "Womit könnte man sie positiv überraschen?",
        "Woran würde sie merken, dass es geklappt hat?",
    ),
}

_THINK = {
    "en": _text(
        "Think",
        "The thoughts, beliefs and considerations that occupy them, spoken or not.",
        "What goes through their mind when they deal with this topic?",
        "What do they believe to be true about products like ours?",
        "Which doubts or questions keep coming back?",
        "What weighs most for them when they compare their options?",
        "What do they think but keep to themselves?",
    ),
    "nl": _text(
        "Denken",
        "De gedachten, overtuigingen en afwegingen die ze bezighouden, uitgesproken of niet.",
        "Wat gaat er door ze heen als ze met dit onderwerp bezig zijn?",
        "Wat geloven ze over producten zoals het onze?",
        "Welke twijfels of vragen komen steeds terug?",
        "Wat weegt het zwaarst als ze hun opties vergelijken?",
        "Wat denken ze wel, maar houden ze voor zich?",
    ),
    "de": _text(
        "Denken",
        "Gedanken, Überzeugungen und Abwägungen, die die Person beschäftigen, ob ausgesprochen oder nicht.",
        "Was geht ihr durch den Kopf, wenn sie sich mit dem Thema befasst?",
        "Was hält sie bei Produkten wie unserem für selbstverständlich?",
        "Welche Zweifel oder Fragen kehren immer wieder?",
        "Was wiegt für sie am schwersten, wenn sie ihre Möglichkeiten vergleicht?",
        "Was denkt sie, behält es aber für sich?",
    ),
}

_FEEL = {
    "en": _text(
        "Feel",
        "Their emotions: what worries, frustrates, excites or reassures them.",
        "How do they feel before, during and after using the product?",
        "What are they afraid or unsure of?",
        "What makes them happy, proud or relieved?",
        "Which emotions push them to act, and which hold them back?",
        "What keeps them awake at night?",
    ),
    "nl": _text(
        "Voelen",
        "Hun emoties: wat ze zorgen baart, frustreert, enthousiast maakt of geruststelt.",
        "Hoe voelen ze zich voor, tijdens en na het gebruik van het product?",
        "Waar zijn ze bang of onzeker over?",
        "Wat maakt ze blij, trots of opgelucht?",
        "Welke emoties zetten ze aan tot actie, en welke houden ze tegen?",
        "Waar liggen ze wakker van?",
    ),
    "de": _text(
        "Fühlen",
        "Die Gefühle der Person: was ihr Sorgen macht, sie ärgert, begeistert oder beruhigt.",
        "Wie fühlt sie sich vor, während und nach der Nutzung des Produkts?",
        "Wovor hat sie Angst, und wo ist sie unsicher?",
        "Was macht sie froh, stolz oder erleichtert?",
        "Welche Gefühle treiben sie zum Handeln, und welche bremsen sie?",
        "Was raubt ihr den Schlaf?",
    ),
}

_SAY = {
    "en": _text(
        "Say",
        "What they say out loud: to friends, colleagues, our staff and in reviews. Word-for-word quotes are "
        "welcome.",
        "What do they say about this topic to friends or colleagues?",
        "What do they tell our staff, and what do they write in reviews?",
        "Which words do they use to describe their problem?",
        "What do they say they want?",
        "What do they complain about openly?",
    ),
    "nl": _text(
        "Zeggen",
        "Wat ze hardop zeggen: tegen vrienden, collega's, onze medewerkers en in reviews. Letterlijke "
        "citaten zijn welkom.",
        "Wat zeggen ze tegen vrienden of collega's over dit onderwerp?",
        "Wat vertellen ze onze medewerkers, en wat schrijven ze in reviews?",
        "Met welke woorden beschrijven ze hun probleem?",
        "Wat zeggen ze dat ze willen?",
        "Waarover klagen ze openlijk?",
    ),
    "de": _text(
        "Sagen",
        "Was die Person laut ausspricht: gegenüber Freunden, Kollegen, unseren Mitarbeitenden und in "
        "Bewertungen. Wörtliche Zitate sind willkommen.",
        "Was sagt sie Freunden oder Kollegen zu diesem Thema?",
        "Was erzählt sie unseren Mitarbeitenden, und was schreibt sie in Bewertungen?",
        "Mit welchen Worten beschreibt sie ihr Problem?",
        "Was wünscht sie sich, wenn man sie direkt fragt?",
        "Worüber beschwert sie sich offen?",
    ),
}

_DO = {
    "en": _text(
        "Do",
        "What they actually do: habits, behaviour and the steps they take, which is not always what they say.",
        "What do they actually do on a typical day?",
        "How do they search for, buy and use products like ours?",
        "Do their actions match what they say?",
        "Which workarounds have they come up with?",
        "Whom do they turn to when they get stuck?",
    ),
    "nl": _text(
        "Doen",
        "Wat ze werkelijk doen: gewoontes, gedrag en de stappen die ze zetten. Dat is niet altijd wat ze "
        "zeggen.",
        "Wat doen ze op een doorsnee dag echt?",
        "Hoe zoeken, kopen en gebruiken ze producten zoals het onze?",
        "Komt wat ze doen overeen met wat ze zeggen?",
        "Welke noodoplossingen hebben ze bedacht?",
        "Bij wie kloppen ze aan als ze vastlopen?",
    ),
    "de": _text(
        "Tun",
        "Was die Person tatsächlich tut: Gewohnheiten, Verhalten und die Schritte, die sie geht. Das ist "
        "nicht immer das, was sie sagt.",
        "Was tut sie an einem typischen Tag tatsächlich?",
        "Wie sucht, kauft und nutzt sie Produkte wie unseres?",
        "Passt ihr Handeln zu dem, was sie sagt?",
        "Welche Behelfslösungen hat sie sich ausgedacht?",
        "An wen wendet sie sich, wenn sie nicht weiterkommt?",
    ),
}

SEGMENT_TEXTS: Mapping[str, Mapping[str, SegmentText]] = MappingProxyType(
    {
        # the six-segment canvas
        "see": MappingProxyType(_SEE),
        "hear": MappingProxyType(_HEAR),
        "think_feel": MappingProxyType(_THINK_FEEL),
        "say_do": MappingProxyType(_SAY_DO),
        "pain": MappingProxyType(_PAIN),
        "gain": MappingProxyType(_GAIN),
        # the lighter four-area canvas
        "think": MappingProxyType(_THINK),
        "feel": MappingProxyType(_FEEL),
        "say": MappingProxyType(_SAY),
        "do": MappingProxyType(_DO),
    }
)

FRAME_TEXTS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "en": MappingProxyType(
            {"subject": "Subject", "goal": "Goal / problem statement", "actions": "Actions"}
        ),
        "nl": MappingProxyType(
            {"subject": "Onderwerp", "goal": "Doel / probleemstelling", "actions": "Acties"}
        ),
        "de": MappingProxyType(
            {"subject": "Zielperson", "goal": "Ziel / Fragestellung", "actions": "Maßnahmen"}
        ),
    }
)

FALLBACK_LANGUAGE = "en"


def segment_text(segment_id: str, language: str) -> SegmentText:
    """The texts of one segment in one language; English when the language is unknown.

    Raises KeyError for a segment id that no canvas has.
    """
    texts = SEGMENT_TEXTS[segment_id]
    return texts.get(language, texts[FALLBACK_LANGUAGE])
