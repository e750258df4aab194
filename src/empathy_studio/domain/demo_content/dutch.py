"""The sample project in Dutch."""

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
    name="Onderhoudsabonnement: e-bikeforenzen winnen",
    description=(
        "We repareren fietsen en e-bikes bij mensen thuis en op het werk in de regio Utrecht. Losse "
        "reparaties lopen goed, maar weinig klanten stappen over op het onderhoudsabonnement. Dit project "
        "zoekt uit waarom, te beginnen bij forenzen die met de e-bike naar hun werk gaan."
    ),
    goal=(
        "Vóór het eind van het jaar het aandeel klanten met een losse reparatie dat binnen drie maanden een "
        "abonnement neemt, verhogen van 6% naar 15%."
    ),
    deadline_in_days=_DEADLINE,
    milestones=(
        DemoMilestone("Klantinterviews afgerond", _MILESTONE_DAYS[0]),
        DemoMilestone("Teamworkshop", _MILESTONE_DAYS[1]),
        DemoMilestone("Besluiten gepresenteerd aan de directie", _MILESTONE_DAYS[2]),
    ),
    persona=DemoPersona(
        name="Sanne Bakker",
        subject_type="customer_segment",
        age="38",
        place="Leidsche Rijn, Utrecht; 9 km van haar werk.",
        household="Woont met haar partner en twee kinderen (6 en 9); één auto, die vooral haar partner gebruikt.",
        work="Projectmanager in een ziekenhuis; fietst vier dagen per week met de e-bike naar haar werk.",
        hobbies="In het weekend fietstochtjes met de kinderen, op donderdag hardlopen, tuinieren als er tijd is.",
        education="Master in zorgmanagement.",
        context_of_use=(
            "De e-bike is haar vervoer naar het werk. Ze boekt pas een reparatie als er iets kapot is, meestal "
            "haastig en op haar telefoon."
        ),
        goals=(
            "Op tijd op haar werk zijn zonder aan de fiets te denken, en een e-bike van €3.000 jarenlang veilig "
            "en goed laten rijden."
        ),
        pains=(
            "Een kapotte fiets kost haar een ochtend of een taxirit. Bij de fietsenmaker duurt het een week, en "
            "ze kan niet beoordelen of een prijs redelijk is."
        ),
        influences=(
            "Collega's in de fietsenstalling, de app-groep van de klas, het buurtforum en online reviews; "
            "glimmende advertenties wantrouwt ze."
        ),
        how_we_help=(
            "We repareren de fiets bij haar thuis of op kantoor, zodat ze geen forensdag verliest, en met het "
            "abonnement weet ze vooraf wat onderhoud kost."
        ),
        avatar_color="#e0684b",
    ),
    map_title="E-bikeforenzen: blik van het team",
    map_goal=(
        "Waarom stappen e-bikeforenzen die een losse reparatie boeken niet over op het jaarabonnement, en wat "
        "zou ze over de streep trekken?"
    ),
    notes=(
        # zien
        _ev(
            "see",
            "yellow",
            "De fietsenstalling op het werk staat vol e-bikes; collega's vergelijken merken en actieradius.",
            "Meegelopen in de fietsenstalling van het ziekenhuis, 14 maart",
        ),
        _ev(
            "see",
            "pink",
            "Grote fietsketens adverteren in het voorjaar met goedkope onderhoudsbeurten, maar met tien dagen "
            "wachttijd.",
            "Concurrentiescan, maart",
        ),
        _hyp(
            "see", "purple", "Ze ziet ons busje in de straat, maar weet niet dat we ook abonnementen hebben."
        ),
        _hyp(
            "see",
            "pink",
            "Collega's met een leasefiets via de werkgever hebben onderhoud in het maandbedrag zitten.",
        ),
        _ev(
            "see",
            "purple",
            "Op onze homepage staan eerst de reparatieprijzen; het abonnement zit drie klikken diep.",
            "Doorloop van de sitemap met het team, 2 april",
        ),
        # horen
        _hyp(
            "hear",
            "yellow",
            "Collega's waarschuwen dat een e-bikemotor na de garantie peperduur is om te maken.",
        ),
        _ev(
            "hear",
            "green",
            "In de app-groep van de klas raden ouders 'die monteur met het busje' aan, niet ons bedrijf.",
            "Interview 3: 'Iedereen zegt gewoon: bel Joost.'",
        ),
        _ev(
            "hear",
            "pink",
            "Reviews prijzen hoe snel onze monteurs zijn; twee noemen een onverwacht hoge rekening.",
            "Online reviews, afgelopen 12 maanden (47 reviews)",
        ),
        _hyp(
            "hear",
            "blue",
            "Haar leidinggevende verwacht haar om half negen bij de stand-up; te laat komen valt op.",
        ),
        _ev(
            "hear",
            "green",
            "Op het buurtforum leest ze dat moderne e-bikes 'bijna geen onderhoud nodig hebben', tot er iets "
            "kapotgaat.",
            "Draadje op het buurtforum, 60 reacties",
        ),
        # denken & voelen
        _ev(
            "think_feel",
            "blue",
            "'Als mijn fiets stuk is, valt mijn hele week om.' Betrouwbaarheid weegt voor haar zwaarder dan "
            "de prijs.",
            "Interview 2, forens",
        ),
        _hyp(
            "think_feel",
            "green",
            "Schaamt zich een beetje dat ze niets van fietsen weet; wil niet dom overkomen.",
        ),
        _hyp(
            "think_feel",
            "yellow",
            "Is bang dat de e-bike gestolen wordt als hij buiten bij de fietsenmaker staat.",
        ),
        _ev(
            "think_feel",
            "pink",
            "Een abonnement voelt als nóg een vaste maandlast die ze vergeet op te zeggen.",
            "Enquête vraag 7: 41% noemt 'weer een abonnement' als grootste twijfel (212 reacties)",
        ),
        _hyp(
            "think_feel",
            "orange",
            "Is er trots op dat zij in het gezin degene is die fietst in plaats van de auto pakt.",
        ),
        # zeggen & doen
        _ev(
            "say_do",
            "blue",
            "Zegt dat ze 'echt eens een onderhoudsbeurt moet plannen', maar boekt pas als er iets kapot is.",
            "Boekingsdata januari t/m maart: 78% van de reparaties is spoed",
        ),
        _ev(
            "say_do",
            "purple",
            "Boekt tussen twee vergaderingen door op haar telefoon; haakt af als het formulier om het "
            "framenummer vraagt.",
            "Funnelanalyse: 34% haakt af bij de stap fietsgegevens",
        ),
        _hyp(
            "say_do", "green", "Vraagt eerst collega's naar een goede monteur voordat ze online gaat zoeken."
        ),
        _hyp(
            "say_do",
            "pink",
            "Neemt een taxi als de fiets stuk is, liever dan haar partner om de auto te vragen.",
        ),
        _ev(
            "say_do",
            "orange",
            "Combineert de fiets wegbrengen met de kinderen naar school brengen; aan een tijdslot na acht uur "
            "heeft ze niets.",
            "Interview 4: 'Vóór achten of na zessen, anders kan ik het vergeten.'",
        ),
        # pijnpunten
        _ev(
            "pain",
            "blue",
            "Een lekke band op maandagochtend betekent een gemiste vergadering en een gestreste dag.",
            "Supportticket #4411: lekke band, moest dezelfde dag geholpen worden",
        ),
        _hyp(
            "pain",
            "green",
            "Ze kan niet inschatten of een offerte redelijk is en voelt zich overgeleverd aan de monteur.",
        ),
        _hyp(
            "pain",
            "blue",
            "Reparaties worden ingepland onder kantoortijd, juist wanneer ze op haar werk zit.",
        ),
        _ev(
            "pain",
            "pink",
            "Onverwachte kosten: een 'snelle reparatie' die een rekening van €140 werd.",
            "Review, 2 sterren, februari",
        ),
        _hyp(
            "pain",
            "orange",
            "Zonder tweede auto heeft ze bij een reparatie van een week geen vervoer om de kinderen naar school "
            "te brengen.",
        ),
        # winst
        _ev(
            "gain",
            "blue",
            "Nooit aan de fiets hoeven denken: hij doet het gewoon, elke ochtend.",
            "Interview 1: 'Ik wil vergeten dat ik überhaupt een fiets heb.'",
        ),
        _ev(
            "gain",
            "pink",
            "Vooraf weten wat een jaar onderhoud gaat kosten.",
            "Enquête vraag 9: een vaste jaarprijs staat op nummer 1 (212 reacties)",
        ),
        _hyp("gain", "purple", "Een herinnering vóór de winter, met een tijdslot dat in haar agenda past."),
        _hyp("gain", "orange", "De kinderfietsen bij hetzelfde bezoek laten nakijken."),
        _hyp(
            "gain",
            "yellow",
            "Zich veilig voelen als ze in de winter in het donker naar huis fietst: licht en remmen nagekeken.",
        ),
    ),
    actions=(
        DemoAction(
            "Vroege en late reparatietijden aanbieden",
            "Zes weken lang tijdsloten van 7.00 tot 8.00 uur en van 18.00 tot 20.00 uur testen in twee wijken; "
            "bijhouden hoeveel forenzen ze boeken.",
            "doing",
            14,
            _EARLY_LATE_SLOTS,
        ),
        DemoAction(
            "Abonnementsprijs op elke reparatiefactuur",
            "Een kort blok op de factuur: wat deze reparatie met het abonnement had gekost, plus de jaarprijs.",
            "done",
            -6,
            _PRICE_ON_INVOICE,
        ),
        DemoAction(
            "Boekingsformulier inkorten",
            "Framenummer en fietsmodel uit de eerste stap halen; de monteur vult ze ter plekke in.",
            "open",
            21,
            _SHORTER_FORM,
        ),
        DemoAction(
            "Gezinsoptie: kinderfietsen bij hetzelfde bezoek",
            "Een kleine meerprijs testen voor het nakijken van kinderfietsen tijdens dezelfde afspraak.",
            "open",
            40,
            _FAMILY_ADD_ON,
        ),
        DemoAction(
            "Spaarpunten voor doorverwijzingen",
            "Geschrapt: uit de interviews blijkt dat klanten ons al mond-tot-mond aanbevelen; punten veranderen "
            "daar niets aan.",
            "dropped",
            -2,
            _REFERRAL_POINTS,
        ),
    ),
)
