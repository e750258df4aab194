"""Function words of English, Dutch and German, left out of theme labels.

Written for this purpose rather than taken from a general list: the common lists (stopwords-iso) also
drop words that carry meaning in feedback, such as "problem", "order", "good" or "schlecht"."""

from __future__ import annotations

_EN = """
a about above after again against all also am an and any are aren't as at be because been before being
below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down
during each even ever every few for from further get gets got had hadn't has hasn't have haven't having
he her here hers herself him himself his how i i'm i've if in into is isn't it it's its itself just
let's me more most much must my myself no nor not now of off on once one only or other ought our ours
ourselves out over own per quite rather really same she should shouldn't so some such than that that's
the their theirs them themselves then there there's these they they're this those through thus to too
under until up upon us very was wasn't we we're we've were weren't what when where which while who whom
whose why will with won't would wouldn't yet you you're you've your yours yourself yourselves im ive
dont didnt cant wont isnt its also etc via still already always never something anything nothing please
everything someone anyone everyone lot lots bit many another
"""
_NL = """
aan al alle alles als alsof altijd andere ben bij daar daarom dan dat de der deze die dit doch doen door
dus een eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand iets ik in
is ja je jij jou jouw jullie kan kon kunnen maar me meer men met mij mijn moet moeten na naar niet niets
nog nu of om omdat ons onze ook op over reeds te tegen toch toen tot u uit uw van veel voor want waren
was wat we wel werd wezen wie wil worden wordt zal ze zelf zich zij zijn zo zonder zou zouden zullen
hun hen die dat waar wanneer waarom welke welk elke elk iedere ieder beetje erg heel echt weer even
nooit steeds gewoon alleen eigenlijk misschien wel nee hoor toch
"""
_DE = """
aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes auch auf
aus bei bin bis bist da damit dann das dass dasselbe dazu dein deine deinem deinen deiner dem den denn
der des dessen die dies diese dieselbe diesem diesen dieser dieses dir doch dort du durch ein eine
einem einen einer eines einig einige er es etwas euch euer eure für gegen gewesen hab habe haben hat
hatte hatten hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer im in indem ins ist ja jede
jedem jeden jeder jedes jene jetzt kann kein keine keinem keinen keiner können könnte man manche mein
meine meinem meinen meiner mich mir mit muss musste nach nicht nichts noch nun nur ob oder ohne sehr
sein seine seinem seinen seiner seit sich sie sind so solche soll sollte sondern sonst um und uns unser
unsere unter viel vom von vor war waren warst was weg weil weiter welche welchem welchen welcher wenn
werde werden wie wieder will wir wird wirst wo wollen wollte würde würden zu zum zur zwar zwischen
schon immer mal eben halt ganz wirklich einfach
"""
STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(_EN.split()),
    "nl": frozenset(_NL.split()),
    "de": frozenset(_DE.split()),
}
ALL_STOPWORDS = STOPWORDS["en"] | STOPWORDS["nl"] | STOPWORDS["de"]
# What survey answers hold when they hold no answer; a statement of only these and function words says
# nothing a segment could be about.
_NO_ANSWER = """
none nope ok okay nvt n.v.t nee nein nix n/a k.a keine angabe ahnung geen idee no comment comments
remarks nothing else add sure know idea applicable niks niets toevoegen toe voegen nichts hinzuzufügen
weiß weet dunno idk test
"""
NO_ANSWER = frozenset(_NO_ANSWER.split())
