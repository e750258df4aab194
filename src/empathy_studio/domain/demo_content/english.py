"""The sample project in English."""

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
    name="Care plan: winning e-bike commuters",
    description=(
        "We repair bikes and e-bikes at people's homes and workplaces across the Leeds area. One-off repairs "
        "sell well, but few customers move on to the yearly care plan. This project finds out why, starting "
        "with people who ride an e-bike to work."
    ),
    goal=(
        "By the end of the year, raise the share of one-off repair customers who take the care plan within "
        "three months from 6% to 15%."
    ),
    deadline_in_days=_DEADLINE,
    milestones=(
        DemoMilestone("Customer interviews done", _MILESTONE_DAYS[0]),
        DemoMilestone("Team workshop", _MILESTONE_DAYS[1]),
        DemoMilestone("Decisions presented to management", _MILESTONE_DAYS[2]),
    ),
    persona=DemoPersona(
        name="Claire Holloway",
        subject_type="customer_segment",
        age="38",
        place="Headingley, Leeds; 11 km from her office.",
        household="Lives with her partner and two children (6 and 9); one car, which her partner mostly uses.",
        work="Project manager at a regional hospital; rides her e-bike to work four days a week.",
        hobbies="Weekend rides with the kids, a running club on Thursdays, gardening when there is time.",
        education="Master's degree in healthcare management.",
        context_of_use=(
            "The e-bike is how she gets to work. She books a repair only when something breaks, usually in a "
            "hurry and from her phone."
        ),
        goals=(
            "Arrive at work on time without thinking about her bike, and keep a £3,000 e-bike safe and "
            "running for years."
        ),
        pains=(
            "A broken bike means a lost morning or a taxi. Shop repairs take a week, and she cannot judge "
            "whether a price is fair."
        ),
        influences=(
            "Colleagues at the bike shed, the school parents' group chat, a local community forum and online "
            "reviews; she distrusts glossy ads."
        ),
        how_we_help=(
            "We fix the bike at her home or office so she never loses a commuting day, and the care plan "
            "makes her costs predictable."
        ),
        avatar_color="#2f9e8f",
    ),
    map_title="E-bike commuters: team view",
    map_goal=(
        "Why do e-bike commuters who book a one-off repair not move on to the yearly care plan, and what "
        "would change their mind?"
    ),
    notes=(
        # see
        _ev(
            "see",
            "yellow",
            "The bike shed at work is full of e-bikes; colleagues compare brands and battery range.",
            "Walk the floor at the hospital bike shed, 14 March",
        ),
        _ev(
            "see",
            "pink",
            "Chain stores advertise cheap spring service checks, but with a ten-day waiting list.",
            "Competitor scan, March",
        ),
        _hyp("see", "purple", "She sees our van in her street but doesn't know we also offer care plans."),
        _hyp(
            "see",
            "pink",
            "Colleagues with an employer lease bike have maintenance included in the monthly fee.",
        ),
        _ev(
            "see",
            "purple",
            "Our homepage shows repair prices first; the care plan is three clicks away.",
            "Site map review by the team, 2 April",
        ),
        # hear
        _hyp(
            "hear",
            "yellow",
            "Colleagues warn her that an e-bike motor is very expensive to fix after warranty.",
        ),
        _ev(
            "hear",
            "green",
            "In the parents' group chat people recommend 'the guy with the van' by name, not our company.",
            'Interview 3: "Everyone just says: call Dave."',
        ),
        _ev(
            "hear",
            "pink",
            "Reviews praise how fast our mechanics are; two mention an unexpectedly high bill.",
            "Online reviews, last 12 months (47 reviews)",
        ),
        _hyp("hear", "blue", "Her manager expects her at the 8:30 stand-up; arriving late gets noticed."),
        _ev(
            "hear",
            "green",
            "On the local forum she reads that modern e-bikes 'hardly need maintenance', until something breaks.",
            "Community forum thread, 60 replies",
        ),
        # think_feel
        _ev(
            "think_feel",
            "blue",
            '"If my bike breaks, my whole week falls apart." Reliability matters more to her than price.',
            "Interview 2, commuter",
        ),
        _hyp(
            "think_feel",
            "green",
            "Slightly embarrassed that she knows nothing about bikes; doesn't want to look silly.",
        ),
        _hyp(
            "think_feel",
            "yellow",
            "Worries the e-bike will be stolen if it has to wait outside a repair shop.",
        ),
        _ev(
            "think_feel",
            "pink",
            "A subscription feels like one more monthly cost she will forget to cancel.",
            "Survey Q7: 41% name 'another subscription' as their main doubt (212 replies)",
        ),
        _hyp(
            "think_feel", "orange", "Proud to be the one in the family who cycles instead of taking the car."
        ),
        # say_do
        _ev(
            "say_do",
            "blue",
            "Says she 'really should get the bike serviced', then books only once something is broken.",
            "Booking data January to March: 78% of repairs are urgent",
        ),
        _ev(
            "say_do",
            "purple",
            "Books on her phone between meetings; gives up when the form asks for the frame number.",
            "Funnel analytics: 34% abandon at the bike details step",
        ),
        _hyp("say_do", "green", "Asks colleagues for a good mechanic before she searches online."),
        _hyp(
            "say_do",
            "pink",
            "Pays for a taxi when the bike is down rather than asking her partner for the car.",
        ),
        _ev(
            "say_do",
            "orange",
            "Combines dropping off the bike with the school run; any slot after 8:00 is useless to her.",
            'Interview 4: "Before eight or after six, otherwise forget it."',
        ),
        # pain
        _ev(
            "pain",
            "blue",
            "A flat tyre on a Monday morning means a missed meeting and a stressful day.",
            "Support ticket #4411: flat tyre, needed help the same day",
        ),
        _hyp(
            "pain", "green", "She can't tell whether a quote is fair and feels at the mercy of the mechanic."
        ),
        _hyp("pain", "blue", "Repair slots fall within office hours, exactly when she is at work."),
        _ev(
            "pain",
            "pink",
            "Surprise costs: a 'quick fix' that turned into a £140 bill.",
            "Review, 2 stars, February",
        ),
        _hyp(
            "pain",
            "orange",
            "With no spare car, a week-long repair leaves her without a way to do the school run.",
        ),
        # gain
        _ev(
            "gain",
            "blue",
            "Never having to think about the bike: it just works, every morning.",
            'Interview 1: "I want to forget I even own a bike."',
        ),
        _ev(
            "gain",
            "pink",
            "Knowing upfront what a year of maintenance will cost.",
            "Survey Q9: a fixed yearly price ranked first (212 replies)",
        ),
        _hyp("gain", "purple", "A reminder before winter, with a slot that fits her calendar."),
        _hyp("gain", "orange", "Having the children's bikes checked during the same visit."),
        _hyp("gain", "yellow", "Feeling safe on dark winter rides home: lights and brakes checked."),
    ),
    actions=(
        DemoAction(
            "Offer early and late repair slots",
            "Pilot slots from 7:00 to 8:00 and from 18:00 to 20:00 in two districts for six weeks; count how "
            "many commuters book them.",
            "doing",
            14,
            _EARLY_LATE_SLOTS,
        ),
        DemoAction(
            "Show the care plan price on every repair invoice",
            "A short block on the invoice: what this repair would have cost on the care plan, and the "
            "yearly price.",
            "done",
            -6,
            _PRICE_ON_INVOICE,
        ),
        DemoAction(
            "Shorten the booking form",
            "Move the frame number and bike model out of the first step; the mechanic fills them in on site.",
            "open",
            21,
            _SHORTER_FORM,
        ),
        DemoAction(
            "Family add-on: children's bikes in the same visit",
            "Test a small extra charge for checking children's bikes during the same appointment.",
            "open",
            40,
            _FAMILY_ADD_ON,
        ),
        DemoAction(
            "Loyalty points for referrals",
            "Dropped: interviews show that referrals already happen by word of mouth; points would not "
            "change that.",
            "dropped",
            -2,
            _REFERRAL_POINTS,
        ),
    ),
)
