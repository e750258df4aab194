"""The sample project in German."""

from __future__ import annotations

from empathy_studio.domain.demo_content.model import (
    _DEADLINE,
    _EARLY_LATE_SLOTS,
    _FAMILY_ADD_ON,
    _MILESTONE_DAYS,
    _PRICE_ON_INVOICE,
    _REFERRAL_POINTS,
    _SHORTER_FORM,
    DemoAction,
    DemoMilestone,
    DemoPersona,
    DemoProject,
    _ev,
    _hyp,
)

PROJECT = DemoProject(
    name="Wartungsabo: E-Bike-Pendler gewinnen",
    description=(
        "Wir reparieren Fahrräder und E-Bikes direkt bei den Leuten zu Hause oder am Arbeitsplatz, in Münster "
        "und Umgebung. Einzelreparaturen laufen gut, aber nur wenige Kundinnen und Kunden wechseln danach ins "
        "Wartungsabo. Dieses Projekt findet heraus, warum, zuerst bei Menschen, die mit dem E-Bike zur Arbeit "
        "pendeln."
    ),
    goal=(
        "Bis Jahresende soll der Anteil der Reparaturkunden, die innerhalb von drei Monaten ein Abo "
        "abschließen, von 6 % auf 15 % steigen."
    ),
    deadline_in_days=_DEADLINE,
    milestones=(
        DemoMilestone("Kundeninterviews abgeschlossen", _MILESTONE_DAYS[0]),
        DemoMilestone("Team-Workshop", _MILESTONE_DAYS[1]),
        DemoMilestone("Entscheidungen vor der Geschäftsführung präsentiert", _MILESTONE_DAYS[2]),
    ),
    persona=DemoPersona(
        name="Julia Brandt",
        subject_type="customer_segment",
        age="38",
        place="Münster, Kreuzviertel; 10 km bis zum Büro.",
        household="Lebt mit ihrem Partner und zwei Kindern (6 und 9); das einzige Auto fährt meist ihr Partner.",
        work="Projektleiterin in einem Krankenhaus; fährt an vier Tagen pro Woche mit dem E-Bike zur Arbeit.",
        hobbies="Radtouren mit den Kindern am Wochenende, donnerstags Lauftreff, Gartenarbeit, wenn Zeit bleibt.",
        education="Master in Gesundheitsmanagement.",
        context_of_use=(
            "Das E-Bike ist ihr Weg zur Arbeit. Eine Reparatur bucht sie erst, wenn etwas kaputt ist, meist "
            "in Eile und am Handy."
        ),
        goals=(
            "Pünktlich im Büro sein, ohne an das Rad denken zu müssen, und ein E-Bike für 3.000 € jahrelang "
            "sicher und zuverlässig fahren."
        ),
        pains=(
            "Ein kaputtes Rad kostet sie einen Vormittag oder eine Taxifahrt. In der Werkstatt dauert es eine "
            "Woche, und ob ein Preis fair ist, kann sie nicht beurteilen."
        ),
        influences=(
            "Kolleginnen am Fahrradständer, der Eltern-Chat der Klasse, das Nachbarschaftsforum und "
            "Online-Bewertungen; Hochglanzwerbung misstraut sie."
        ),
        how_we_help=(
            "Wir reparieren das Rad bei ihr zu Hause oder im Büro, damit sie keinen Pendeltag verliert, und "
            "mit dem Wartungsabo werden ihre Kosten planbar."
        ),
        avatar_color="#7c5cff",
    ),
    map_title="E-Bike-Pendler: Sicht des Teams",
    map_goal=(
        "Warum wechseln E-Bike-Pendler nach einer Einzelreparatur nicht ins Jahresabo, und was würde sie "
        "überzeugen?"
    ),
    notes=(
        # Sehen
        _ev(
            "see",
            "yellow",
            "Der Fahrradkeller im Büro ist voller E-Bikes; Kollegen vergleichen Marken und Akku-Reichweite.",
            "Begehung des Fahrradkellers im Krankenhaus, 14. März",
        ),
        _ev(
            "see",
            "pink",
            "Große Fahrradketten werben im Frühjahr mit günstigen Inspektionen, aber mit zehn Tagen Wartezeit.",
            "Wettbewerbsanalyse, März",
        ),
        _hyp(
            "see",
            "purple",
            "Sie sieht unseren Transporter in ihrer Straße, weiß aber nicht, dass es bei uns auch Abos gibt.",
        ),
        _hyp("see", "pink", "Kollegen mit Dienstrad-Leasing haben die Wartung schon in der Monatsrate."),
        _ev(
            "see",
            "purple",
            "Auf unserer Startseite stehen zuerst die Reparaturpreise; das Abo ist drei Klicks entfernt.",
            "Sitemap-Check im Team, 2. April",
        ),
        # Hören
        _hyp(
            "hear",
            "yellow",
            "Kollegen warnen sie: Nach der Garantie wird eine Reparatur am E-Bike-Motor richtig teuer.",
        ),
        _ev(
            "hear",
            "green",
            "Im Eltern-Chat empfehlen alle „den Mechaniker mit dem Bus“, nicht unsere Firma.",
            "Interview 3: „Alle sagen nur: Ruf Jens an.“",
        ),
        _ev(
            "hear",
            "pink",
            "Bewertungen loben, wie schnell unsere Mechaniker sind; zwei erwähnen eine unerwartet hohe Rechnung.",
            "Online-Bewertungen der letzten 12 Monate (47 Stück)",
        ),
        _hyp("hear", "blue", "Ihre Chefin erwartet sie um 8:30 Uhr beim Stand-up; Zuspätkommen fällt auf."),
        _ev(
            "hear",
            "green",
            "Im Nachbarschaftsforum liest sie, moderne E-Bikes seien „fast wartungsfrei“, bis etwas kaputtgeht.",
            "Forumsbeitrag mit 60 Antworten",
        ),
        # Denken & Fühlen
        _ev(
            "think_feel",
            "blue",
            "„Wenn mein Rad kaputt ist, bricht meine ganze Woche zusammen.“ Zuverlässigkeit zählt für sie mehr "
            "als der Preis.",
            "Interview 2, Pendlerin",
        ),
        _hyp(
            "think_feel",
            "green",
            "Es ist ihr etwas peinlich, dass sie nichts von Fahrrädern versteht; sie will nicht dumm dastehen.",
        ),
        _hyp(
            "think_feel",
            "yellow",
            "Hat Angst, dass das E-Bike geklaut wird, wenn es vor der Werkstatt warten muss.",
        ),
        _ev(
            "think_feel",
            "pink",
            "Ein Abo fühlt sich an wie noch ein monatlicher Posten, den sie zu kündigen vergisst.",
            "Umfrage, Frage 7: 41 % nennen „noch ein Abo“ als größten Zweifel (212 Antworten)",
        ),
        _hyp(
            "think_feel",
            "orange",
            "Ist stolz darauf, dass sie in der Familie diejenige ist, die Rad statt Auto fährt.",
        ),
        # Sagen & Tun
        _ev(
            "say_do",
            "blue",
            "Sagt, sie „müsste das Rad mal zur Inspektion bringen“, bucht aber erst, wenn etwas kaputt ist.",
            "Buchungsdaten Januar bis März: 78 % der Reparaturen sind Notfälle",
        ),
        _ev(
            "say_do",
            "purple",
            "Bucht zwischen zwei Meetings am Handy; bricht ab, sobald das Formular die Rahmennummer verlangt.",
            "Funnel-Analyse: 34 % brechen beim Schritt „Fahrraddaten“ ab",
        ),
        _hyp("say_do", "green", "Fragt zuerst Kollegen nach einer guten Werkstatt, bevor sie online sucht."),
        _hyp(
            "say_do",
            "pink",
            "Nimmt lieber ein Taxi, als ihren Partner um das Auto zu bitten, wenn das Rad ausfällt.",
        ),
        _ev(
            "say_do",
            "orange",
            "Verbindet die Radabgabe mit dem Schulweg der Kinder; ein Termin nach 8 Uhr nützt ihr nichts.",
            "Interview 4: „Vor acht oder nach sechs, sonst geht's einfach nicht.“",
        ),
        # Frust
        _ev(
            "pain",
            "blue",
            "Ein Platten am Montagmorgen heißt: Meeting verpasst, der ganze Tag gestresst.",
            "Support-Ticket #4411: Platten, Hilfe am selben Tag nötig",
        ),
        _hyp(
            "pain",
            "green",
            "Sie kann nicht einschätzen, ob ein Kostenvoranschlag fair ist, und fühlt sich dem Mechaniker "
            "ausgeliefert.",
        ),
        _hyp(
            "pain",
            "blue",
            "Reparaturtermine liegen meist in der Arbeitszeit, also genau dann, wenn sie im Büro sitzt.",
        ),
        _ev(
            "pain",
            "pink",
            "Überraschende Kosten: Aus einer „schnellen Reparatur“ wurde eine Rechnung über 140 €.",
            "Bewertung, 2 Sterne, Februar",
        ),
        _hyp(
            "pain",
            "orange",
            "Ohne Zweitwagen hat sie bei einer einwöchigen Reparatur kein Fahrzeug für den Schulweg der Kinder.",
        ),
        # Gewinn
        _ev(
            "gain",
            "blue",
            "Nie an das Rad denken müssen: Es läuft einfach, jeden Morgen.",
            "Interview 1: „Ich will vergessen, dass ich überhaupt ein Fahrrad habe.“",
        ),
        _ev(
            "gain",
            "pink",
            "Vorher wissen, was ein Jahr Wartung kostet.",
            "Umfrage, Frage 9: fester Jahrespreis auf Platz 1 (212 Antworten)",
        ),
        _hyp(
            "gain", "purple", "Eine Erinnerung vor dem Winter, mit einem Termin, der in ihren Kalender passt."
        ),
        _hyp("gain", "orange", "Die Kinderräder beim selben Besuch gleich mit durchsehen lassen."),
        _hyp(
            "gain",
            "yellow",
            "Sich auf dem dunklen Heimweg im Winter sicher fühlen: Licht und Bremsen sind geprüft.",
        ),
    ),
    actions=(
        DemoAction(
            "Frühe und späte Reparaturtermine anbieten",
            "Sechs Wochen lang Termine von 7 bis 8 Uhr und von 18 bis 20 Uhr in zwei Stadtteilen testen und "
            "zählen, wie viele Pendler sie buchen.",
            "doing",
            14,
            _EARLY_LATE_SLOTS,
        ),
        DemoAction(
            "Abopreis auf jede Reparaturrechnung",
            "Ein kurzer Block auf der Rechnung: was diese Reparatur im Wartungsabo gekostet hätte, dazu der "
            "Jahrespreis.",
            "done",
            -6,
            _PRICE_ON_INVOICE,
        ),
        DemoAction(
            "Buchungsformular kürzen",
            "Rahmennummer und Radmodell aus dem ersten Schritt streichen; der Mechaniker trägt sie vor Ort ein.",
            "open",
            21,
            _SHORTER_FORM,
        ),
        DemoAction(
            "Familienoption: Kinderräder beim selben Termin",
            "Einen kleinen Aufpreis für die Durchsicht von Kinderrädern beim selben Besuch testen.",
            "open",
            40,
            _FAMILY_ADD_ON,
        ),
        DemoAction(
            "Bonuspunkte für Empfehlungen",
            "Verworfen: Die Interviews zeigen, dass Empfehlungen ohnehin mündlich laufen; Punkte würden daran "
            "nichts ändern.",
            "dropped",
            -2,
            _REFERRAL_POINTS,
        ),
    ),
)
