"""Dutch cues (Flemish and Netherlands wording, formal u and informal je).

Patterns run on normalised (lower-case, straight-quote) clauses.
"""

from __future__ import annotations

_U = r"(?:u|je|jij|jou|ge|gij|jullie)"  # you, in every register
_UW = r"(?:uw|je|jouw|jullie|uwe)"  # your
_WE = r"(?:we|wij|ik|'k)"

# Guard for a concession cue: no condition follows in the same sentence ("als u …").
_UNCONDITIONAL = r"(?![^.?!]*\b(?:als (?:u|je|jij|jullie|ge)|mits|op voorwaarde|in ruil|zodra (?:u|je|jullie))\b)"

CUES: tuple[tuple[str, str], ...] = (
    # --- submissive ---------------------------------------------------------------------------
    ("accepts_demand", rf"\bwat {_U} (?:maar )?(?:wil|wilt|wenst|zegt|vraagt)\b"),
    ("accepts_demand", rf"\bzoals {_U} (?:wil|wilt|wenst|het wil|het wilt)\b"),
    ("accepts_demand", rf"\b{_U} (?:bent|is|zijt) de (?:baas|klant|koning)\b"),
    ("accepts_demand", r"\bde klant is (?:altijd )?(?:koning|baas)\b"),
    ("accepts_demand", r"\b(?:hoe dan ook|koste wat (?:het )?kost|wat het ook kost)\b"),
    ("accepts_demand", rf"\b{_WE} (?:zet|zetten|leggen|leg) (?:alles|al de rest) (?:opzij|stil)\b"),
    (
        "accepts_demand",
        r"\b(?:wij|we|ik) (?:passen|pas) (?:ons|me|mij) (?:graag |gewoon |volledig )?aan\b|\b(?:wij|we) "
        r"(?:schikken|plooien) (?:ons|onze planning)\b",
    ),
    (
        "accepts_demand",
        rf"\b{_WE} (?:werk|werken|draai|draaien) (?:dit|het|heel het|het hele) "
        r"weekend\b|\b(?:desnoods|zo nodig) (?:'s nachts|in het weekend|overuren)\b",
    ),
    (
        "accepts_demand",
        rf"\b{_U} (?:hebt|heeft|hebben) (?:helemaal |volkomen |absoluut )?gelijk\b(?! dat)",
    ),
    (
        "accepts_demand",
        r"\b(?:we|wij|ik) (?:doen|doe|regel|regelen) (?:alles|wat nodig is) "
        r"(?:wat|om)\b",
    ),
    ("accepts_demand", r"\bcomt? (?:helemaal )?in orde\b|\bwordt geregeld\b"),
    ("accepts_demand", r"\bzeg (?:maar )?wat (?:u|je) (?:wil|wilt|nodig)"),
    (
        "matches_competitor",
        rf"\b{_WE} (?:matchen|match|evenaren|evenaar|volgen|volg|gaan mee met|"
        r"ga mee met|doen hetzelfde als|kloppen|duiken onder)\b",
    ),
    (
        "matches_competitor",
        r"\b(?:dezelfde|zelfde) prijs (?:als|dan) (?:hen|hun|die andere|de "
        r"concurrent|uw andere|je andere)",
    ),
    (
        "apology_for_position",
        r"\b(?:sorry|excuses|excuseer|het spijt (?:me|ons))\b[^.?!]{0,40}"
        r"\b(?:onze|de|mijn) (?:prijs|prijzen|tarief|tarieven|prijsstijging|indexering|voorwaarden|"
        r"offerte|kosten)",
    ),
    (
        "apology_for_position",
        r"\b(?:het spijt (?:me|ons)|sorry) (?:echt|enorm|vreselijk|"
        r"verschrikkelijk|oprecht|zo|ontzettend|heel erg|zeer)\b",
    ),
    (
        "apology_for_position",
        r"\b(?:echt|heel erg|vreselijk|ontzettend|enorm) sorry\b|\bsorry,? "
        r"sorry\b|\bduizendmaal (?:sorry|excuses)\b",
    ),
    (
        "apology_for_position",
        r"\bsorry dat (?:we|wij|onze prijs|het) (?:zo )?(?:duur|hoog|"
        r"moeilijk|lastig)",
    ),
    (
        "apology_for_position",
        r"\b(?:ik|we) voel(?:en)? (?:me|mij|ons) (?:er )?(?:rot|schuldig|"
        r"slecht)\b",
    ),
    ("apology_for_position", r"\bvergeef (?:me|mij|ons)\b"),
    (
        "pleading",
        r"\b(?:alstublieft|alsjeblieft|aub|asjeblieft|pls)\b[^.?!]{0,30}\b(?:niet "
        r"(?:weg|opzeggen|overstappen|vertrekken)|nog een kans|blijf|blijven)",
    ),
    ("pleading", r"\bik smeek\b|\bik bid u\b"),
    (
        "pleading",
        r"\bis er (?:nog |dan )?(?:iets|enige manier|echt niets)\b[^.?!]{0,20}\b(?:wat|"
        r"dat|waarmee|hoe) (?:ik|we|wij) (?:\w+ )?(?:kan|kunnen)\b",
    ),
    (
        "pleading",
        r"\b(?:ik|we|wij) (?:heb|hebben) (?:deze|die|dit|de) (?:deal|order|bestelling|"
        r"klant|opdracht|contract) (?:echt |zo |heel hard |hard )?nodig\b",
    ),
    (
        "pleading",
        r"\bmijn (?:baas|chef|manager|directeur) (?:vermoordt|ontslaat|wordt woest|"
        r"maakt me af)",
    ),
    (
        "pleading",
        r"\b(?:kan|kunnen) (?:ik|we|wij) (?:nog )?(?:iets|iets anders|ergens iets|"
        r"wat) doen\b",
    ),
    (
        "pleading",
        r"\bwat (?:kan|kunnen|moet|moeten) (?:ik|we|wij) (?:nog )?(?:doen|bieden) om "
        rf"{_U}\b",
    ),
    ("pleading", r"\b(?:ga|gaat|loop|loopt) (?:alstublieft |alsjeblieft |toch )?niet weg\b"),
    (
        "pleading",
        r"\b(?:we|wij|ik) (?:kunnen|kan) (?:het )?(?:ons )?(?:niet )?(?:permitteren "
        rf"om )?{_U} niet (?:verliezen|kwijtraken|missen)\b",
    ),
    (
        "pleading",
        r"\bgeef (?:ons|me|mij) (?:alstublieft |alsjeblieft |nog )?(?:een|nog een|"
        r"één) (?:kans|laatste kans)\b",
    ),
    (
        "self_minimising",
        r"\bik ben (?:ook )?(?:maar|slechts|gewoon) (?:een|de) (?:verkoper|"
        r"vertegenwoordiger|boodschapper|junior|accountmanager|account manager|sales)\b",
    ),
    (
        "self_minimising",
        r"\bik (?:beslis|bepaal|maak) (?:dat|de regels|de prijzen|dat niet)"
        r"(?: niet)?\b",
    ),
    (
        "self_minimising",
        r"\b(?:dat|het) is niet aan mij\b|\bik heb (?:daar )?(?:niets|geen) "
        r"(?:over te zeggen|inspraak|macht)\b|\bmijn handen zijn gebonden\b",
    ),
    ("self_minimising", r"\bwie ben ik om\b"),
    (
        "blames_own_side",
        r"\b(?:onze|mijn) (?:directie|baas|bazen|firma|bedrijf|hoofdkantoor|"
        r"financiële dienst|finance|management) (?:is|zijn|doet|doen) (?:echt |nu eenmaal )?"
        r"(?:belachelijk|onredelijk|moeilijk|gierig|hebberig|lastig|koppig)",
    ),
    (
        "blames_own_side",
        r"\bik (?:snap|begrijp) (?:ook |zelf )?niet waarom (?:we|wij|onze "
        r"prijs)\b",
    ),
    (
        "blames_own_side",
        r"\bik (?:ben het|vind het) (?:helemaal |volledig )?(?:met u |met je )?"
        r"eens dat (?:onze|de) (?:prijs|offerte|prijsstijging) (?:te hoog|belachelijk|absurd)",
    ),
    ("blames_own_side", r"\bonder ons gezegd\b"),
    (
        "seeks_approval",
        r"\b(?:ik )?hoop (?:dat )?(?:dat|dit|het) (?:oké|ok|goed|in orde|"
        r"voldoende|acceptabel) is\b|\bhopelijk is (?:dat|dit|het) (?:oké|ok|goed|in orde|"
        r"voldoende)\b",
    ),
    ("seeks_approval", r"\bals (?:het|dat) niet te veel (?:moeite|gevraagd) is\b"),
    (
        "seeks_approval",
        r"\b(?:is|zou) (?:dat|dit) (?:misschien |eventueel )?(?:oké|ok|goed|"
        r"aanvaardbaar|acceptabel)(?: zijn)?(?: voor (?:u|jou|je))?\s*\?",
    ),
    ("seeks_approval", r"\b(?:ik )?hoop (?:dat )?(?:u|je|jij) (?:tevreden|blij|gerust)\b"),
    (
        "over_accommodating",
        r"\b(?:geen (?:enkel )?probleem|geen punt)(?: hoor| natuurlijk)?\b"
        r"[,!]? (?:we|wij|ik|dat|komt)",
    ),
    (
        "over_accommodating",
        r"\b(?:natuurlijk|uiteraard|zeker en vast|absoluut|tuurlijk),? (?:geen "
        r"probleem|doen we|regelen we|komt in orde|we|ik)\b",
    ),
    ("over_accommodating", r"\balles voor (?:u|jou|onze beste)\b|\bmet (?:alle )?plezier\b"),
    (
        "accepts_demand",
        r"\b(?:noem|zeg) (?:maar )?(?:uw|je|jouw) prijs\b|\bwelke (?:prijs|"
        r"korting) (?:zou|zal) (?:u|je|jij) (?:tevreden|gelukkig|blij)",
    ),
    (
        "accepts_demand",
        r"\b(?:ik|we) (?:zal|zullen|ga|gaan) (?:zien|kijken) wat ik (?:kan|voor "
        r"(?:u|je|jou) kan) doen\b|\bik doe mijn (?:uiterste )?best\b|\bik (?:zal|ga) (?:voor u|"
        r"voor je|voor jou) vechten\b|\buitzondering\b",
    ),
    (
        "accepts_demand",
        r"\bik (?:vraag|zal|ga)\b[^.?!]{0,30}\b(?:mijn|aan mijn) (?:baas|manager|"
        r"directeur|chef|verantwoordelijke)\b[^.?!]{0,60}\b(?:goedkeur|korting|toestemming|"
        r"uitzondering|lager|betere prijs|voor (?:u|je|jou))",
    ),
    (
        "accepts_demand",
        r"\b(?:eenmalige? (?:uitzondering|gunst|gebaar|toegeving)|deze ene keer|voor (?:deze )?ene keer|bij wijze van "
        r"uitzondering)\b",
    ),
    (
        "accepts_demand",
        r"\b(?:we|wij|ik) (?:nemen|neem|dragen|draag|slikken|slik) (?:de|die|deze|"
        r"dat|het) (?:kosten|meerkost|verlies|verschil|meerprijs)?\s?(?:wel )?(?:voor onze rekening|"
        r"op ons|zelf)\b",
    ),
    (
        "accepts_demand",
        r"\b(?:we|wij|ik) (?:vinden|vind|komen|kom) (?:er )?(?:vast|zeker|wel) "
        r"(?:iets|een oplossing|wel uit)\b",
    ),
    (
        "accepts_demand",
        r"\b(?:u|je|jij) (?:hebt|heeft) (?:gelijk|groot gelijk),? (?:onze|de|die) "
        r"(?:prijs|offerte) is (?:te hoog|te duur|veel)",
    ),
    (
        "accepts_demand",
        r"\b(?:ik|we|wij) (?:regel|regelen|fix|fixen|los|lossen) (?:dat|het|dit|"
        r"alles) (?:meteen|onmiddellijk|vandaag nog|direct|zo snel mogelijk|nu)\b",
    ),
    (
        "pleading",
        r"\b(?:we|wij|ik) (?:zouden|zou) (?:het )?(?:heel )?(?:jammer|erg|spijtig) "
        r"vinden (?:om )?(?:u|je|jou|jullie) (?:kwijt te raken|te verliezen)",
    ),
    (
        "pleading",
        r"\b(?:u|je|jij|jullie) (?:bent|is|zijn|zijt) (?:onze|mijn) (?:belangrijkste|"
        r"beste|grootste|favoriete|liefste) klant\b[^.?!]{0,40}\b(?:dus|daarom)\b",
    ),
    (
        "pleading",
        r"\blaat (?:me|mij) (?:alstublieft|alsjeblieft|aub)? ?weten wat (?:ik|we) "
        r"(?:kan|kunnen) doen\b",
    ),
    (
        "apology_for_position",
        r"\bik weet (?:het|dat)?,? (?:onze prijs |het )?is (?:veel|duur|"
        r"te veel|niet ideaal|fors)\b|\bik weet dat (?:we|wij|onze prijs) (?:duur|hoog|fors)",
    ),
    (
        "seeks_approval",
        r"\b(?:hopelijk|ik hoop dat) (?:dat|dit|het) (?:helpt|volstaat|goedmaakt|"
        r"werkt)\b",
    ),
    (
        "seeks_approval",
        r"\b(?:is|zou) (?:dat|dit|het) (?:zo )?(?:oké|ok|goed|voldoende|in orde)"
        r"(?: zijn)?(?: voor (?:u|jou|je))?\?",
    ),
    (
        "accepts_demand",
        r"\b(?:maak|maakt|maken) (?:je|jij|u|jullie) (?:daar )?(?:maar )?geen "
        r"zorgen (?:over|om)\b|\b(?:geen zorgen|zit er niet mee)\b|\bniet nodig om\b",
    ),
    (
        "accepts_demand",
        r"\b(?:laten we|we) (?:zeggen|stellen) dat (?:het|dat) inbegrepen is\b|"
        r"\blaten we het niet (?:moeilijk|ingewikkeld) maken\b|\b(?:ik|we|wij) (?:neem|nemen|doe|"
        r"doen|reken|rekenen|steek|steken) (?:het|dat|die|dit) (?:er )?(?:gewoon|zomaar|maar) "
        r"(?:mee|bij|erbij|in)\b",
    ),
    (
        "accepts_demand",
        r"\bik wil (?:u|je|jou|jullie) (?:niet|zeker niet|absoluut niet) "
        r"(?:kwijt|verliezen|teleurstellen|laten vallen|boos maken)\b|\bik wil (?:geen|niet "
        r"moeilijk doen|geen gedoe|geen ruzie|niet lastig)\b|\bik wil niet dat (?:u|je|jij) "
        r"(?:teleurgesteld|boos|ontevreden)\b",
    ),
    (
        "accepts_demand",
        r"\b(?:wanneer|wat|hoe|waar) (?:u|je|jij) (?:maar )?(?:wil|wilt|wenst|"
        r"verkiest|redelijk vindt|nodig hebt|nodig heeft)\b|\b(?:vul|zet) (?:maar )?(?:het bedrag|"
        r"wat) in\b|\bwanneer het (?:u|je|jou) (?:past|uitkomt)\b|\bwanneer het u schikt\b",
    ),
    (
        "accepts_demand",
        r"\b(?:ik )?beloof het (?:toch|gewoon)\b|\bik kan (?:u|je|jou) (?:toch )?"
        r"(?:geen )?nee (?:zeggen|verkopen)\b|\bik zou niet durven weigeren\b|\bhoe zou ik nee "
        r"kunnen zeggen\b",
    ),
    (
        "accepts_demand",
        r"\bvooraan in de (?:rij|wachtrij|planning)\b|\bvoorrang boven\b|\bbovenaan "
        r"(?:de|onze) (?:lijst|stapel|planning)\b|\bvoor(?:aan)? (?:in )?de planning\b",
    ),
    (
        "accepts_demand",
        r"\bprecies zoals (?:u|je|jij|jullie) (?:het )?(?:opgesteld|geschreven|"
        r"gevraagd|wilde|wil|wilt)\b|\bgeen aanpassingen nodig\b|\bzoals (?:u|je|jij) (?:het )?"
        r"(?:vroeg|vraagt|gevraagd)\b",
    ),
    (
        "accepts_demand",
        r"\b(?:zijn|is) (?:dan )?(?:helemaal )?(?:van u|van jou)\b|\bik had "
        r"(?:het )?(?:meteen|direct|al) moeten aanbieden\b",
    ),
    (
        "accepts_demand",
        r"\bop (?:een of andere|één of andere) manier\b|\bhoe dan ook\b|\bzelfs "
        r"als (?:mijn|ons) (?:team|ploeg|mensen)\b",
    ),
    (
        "pleading",
        r"\bwat (?:moet|zou) (?:er )?(?:ik|we) (?:moeten )?doen (?:zodat|opdat|om)\b|"
        r"\bkunnen we dit (?:onder ons|tussen ons) houden\b",
    ),
    (
        "self_minimising",
        r"\bgaat (?:mijn pet|boven mijn petje|mijn petje)\b|\bdaar ken ik "
        r"(?:niet veel|niks|niets) van\b|\bik ben (?:maar|gewoon) de\b",
    ),
    # --- dominant -----------------------------------------------------------------------------
    (
        "ultimatum",
        r"\b(?:niet|nooit) voor (?:één|een|1) klant\b|\b(?:ik|wij|we) (?:herschrijf|herschrijven|"
        r"wijzig|wijzigen) (?:die|dat|deze|het|onze) \w* ?niet\b",
    ),
    (
        "ultimatum",
        r"\b(?:graag of niet|te nemen of te laten|take it or leave it|slikken of "
        r"stikken)\b",
    ),
    (
        "ultimatum",
        r"\b(?:dit|dat) is (?:ons|mijn) (?:laatste|finale|definitieve) (?:bod|woord|"
        r"aanbod|prijs)\b",
    ),
    (
        "ultimatum",
        r"\b(?:niet onderhandelbaar|daar valt niet over te (?:praten|discussiëren|"
        r"onderhandelen)|daar (?:praten|discussiëren) we niet (?:meer )?over)\b",
    ),
    (
        "ultimatum",
        rf"\b(?:of|anders) (?:{_U} )?(?:zoekt|zoek|zoeken|gaat|ga|gaan|kunt|kan|mag) "
        r"(?:{u} )?(?:maar |gerust )?(?:ergens anders|elders|iemand anders|een andere leverancier)".replace(
            "{u}", _U
        ),
    ),
    (
        "ultimatum",
        r"\b(?:anders|zo niet|of) (?:stoppen|stop|trekken|trek|annuleren|schrappen) "
        r"(?:we|wij|ik)\b",
    ),
    (
        "ultimatum",
        r"\b(?:het is )?dit of niets\b|\bpunt uit\b|\beinde (?:verhaal|discussie)\b|"
        r"\bklaar,? uit\b|\bbasta\b",
    ),
    ("ultimatum", rf"\b(?:{_U} )?(?:hebt|heeft|heb) tot\b[^.?!]{{0,40}}\b(?:anders|daarna|of)\b"),
    ("ultimatum", r"\b(?:we|wij) zijn (?:hier )?(?:klaar|uitgepraat)\b"),
    ("ultimatum", r"\bgeen (?:verdere|enkele) (?:discussie|onderhandeling|toegeving)"),
    (
        "threat",
        r"\b(?:belt|bel|komt|kom|komen|bellen) (?:u|je|jij|jullie|ge) (?:ons|mij|me|hier)? ?(?:\w+ )?"
        r"(?:wel|toch|vanzelf) (?:terug|weer|voor)\b",
    ),
    (
        "threat",
        r"\b(?:geven|geef|zetten|zet) (?:we|wij|ik) (?:uw|je|jouw|jullie) (?:slot|plaats|capaciteit|"
        r"reservatie|reservering|productieslot|leverslot)\b[^.?!]{0,20}\b(?:vrij|door|weg)\b",
    ),
    (
        "threat",
        rf"\b{_WE} (?:zullen|gaan|ga|zal)? ?(?:het contract )?(?:opzeggen|stopzetten|"
        r"stoppen|beëindigen|schorsen|opschorten|blokkeren|stilleggen|intrekken|annuleren)\b"
        r"(?![^.?!]*\?)",
    ),
    (
        "threat",
        rf"\b{_WE} (?:zetten|zet|leggen|leg) (?:de|alle|uw|je|jullie) (?:levering|"
        r"leveringen|dienstverlening|support|service|bestelling)(?:en)? (?:stop|stil|on hold)\b",
    ),
    (
        "threat",
        rf"\b{_U} (?:zal|zult|zullen|gaat|gaan) (?:er )?(?:spijt|het merken|het voelen|"
        r"betalen)\b",
    ),
    (
        "threat",
        r"\b(?:juridische stappen|advocaat|advocaten|rechtbank|ingebrekestelling|"
        r"deurwaarder|(?:naar|aan) (?:onze|de) juridische dienst)\b",
    ),
    ("threat", r"\bzwarte lijst\b"),
    (
        "threat",
        r"\bdan kan (?:u|je|jij) (?:fluiten|het vergeten|de boom in)\b|\bkan (?:u|je) "
        r"fluiten naar\b",
    ),
    ("threat", r"\b(?:kom|komt) (?:dan )?(?:niet|nooit) (?:meer )?(?:terug|huilen|klagen)\b"),
    ("threat", r"\bachteraan (?:in )?de (?:rij|wachtrij)\b"),
    ("threat", r"\bsucces (?:met|bij) het zoeken\b"),
    (
        "belittling",
        r"\bkrap bij kas\b|\b(?:ik ga|we gaan) niet doen alsof\b|\bbedrijven die (?:niet|geen|krap|"
        r"slecht)\b",
    ),
    (
        "belittling",
        rf"\b{_U} (?:begrijpt|begrijp|snapt|snap|weet|kent|ziet|leest) (?:het |dat |"
        r"er |dit )?(?:blijkbaar |duidelijk |echt |gewoon |kennelijk |nog steeds )?(?:niet|niks|"
        r"niets)\b",
    ),
    (
        "belittling",
        rf"\b(?:weet|snapt|snap|begrijpt|begrijp|beseft|besef) {_U} (?:eigenlijk|wel|"
        r"überhaupt|ueberhaupt|zelfs|dan niet) ",
    ),
    (
        "belittling",
        r"\b(?:dat|het) (?:snapt|begrijpt|weet) (?:toch )?(?:iedereen|elk kind|een "
        r"kind)\b",
    ),
    (
        "belittling",
        r"\bzoals (?:ik|we|wij) (?:al|reeds|nu al) (?:\w+ )?(?:zei|zeiden|zeg|zeggen|"
        r"schreef|schreven|schrijf|uitlegde|uitlegden|heb gezegd|hebben gezegd|heb uitgelegd|"
        r"meermaals|herhaaldelijk)",
    ),
    (
        "belittling",
        r"\b(?:ik zal|laat me|laat mij) (?:het )?(?:nog eens|nog een keer|opnieuw|"
        r"langzaam|rustig|eenvoudig|simpel) uit(?:leggen|gelegd)\b",
    ),
    (
        "belittling",
        r"\b(?:elke|iedere|een) (?:professionele|serieuze|competente|ervaren|"
        r"verstandige) (?:aankoper|inkoper|klant|koper|firma|onderneming|aankoopdienst|"
        r"inkoopafdeling) (?:weet|snapt|begrijpt|zou)\b",
    ),
    (
        "belittling",
        r"\b(?:naïef|naief|amateuristisch|belachelijk|lachwekkend|absurd|onzin|"
        r"kinderachtig|onprofessioneel|wereldvreemd|van de pot gerukt|nonsens|flauwekul|kul)\b",
    ),
    (
        "belittling",
        r"\b(?:word (?:eens )?wakker|kom op|wees (?:nu )?(?:eens )?(?:serieus|"
        r"realistisch)|doe normaal|kom nou)\b",
    ),
    ("belittling", rf"\b{_U} (?:bent|is|zijt|zit) (?:niet|geenszins) in (?:de|een) positie\b"),
    (
        "belittling",
        rf"\b{_U} (?:hebt|heeft|heb) (?:geen|weinig) (?:keus|keuze|alternatief|"
        r"onderhandelingsmarge|idee|benul|verstand)\b",
    ),
    (
        "belittling",
        r"\b(?:eerlijk gezegd|ronduit),? (?:is )?(?:dat|dit|uw|je) (?:voorstel |bod )?"
        r"(?:een )?(?:grap|belediging|lachertje)",
    ),
    (
        "belittling",
        r"\b(?:het is|dat is) (?:toch )?(?:heel |zeer |vrij )?(?:simpel|eenvoudig|"
        r"logisch|evident|duidelijk)(?: toch)?\b",
    ),
    ("belittling", rf"\bik (?:ben|sta) (?:verbaasd|verrast|versteld) dat {_U}\b"),
    (
        "belittling",
        r"\bzo werkt (?:het|dat|zakendoen) niet\b|\bdat zou (?:u|je) (?:toch )?moeten "
        r"weten\b",
    ),
    (
        "blaming",
        rf"\b(?:dat|het|dit) is (?:helemaal |volledig |geheel )?{_UW} (?:eigen )?"
        r"(?:schuld|probleem|fout|verantwoordelijkheid|zaak)\b",
    ),
    (
        "blaming",
        rf"\b(?:had|hadden) {_U} (?:maar|dan maar|beter)\b|\b{_U} (?:had|hadden) (?:beter|"
        r"eerder|moeten)\b",
    ),
    (
        "blaming",
        rf"\b{_UW} (?:mensen|team|planning|dienst|afdeling|aankoopdienst|"
        r"inkoopafdeling) (?:heeft|hebben) (?:het )?(?:verknoeid|verprutst|fout|gefaald)",
    ),
    ("blaming", r"\b(?:jullie|u) (?:altijd|steeds|telkens) (?:weer )?\b"),
    (
        "boasting",
        r"\b(?:we|wij) zijn (?:de )?(?:marktleider|beste|nummer één|nummer 1|enige|"
        r"grootste)\b",
    ),
    ("boasting", r"\bniemand anders (?:kan|doet|levert|biedt)\b"),
    (
        "boasting",
        r"\b(?:we|wij) hebben (?:klanten|klanten genoeg|een wachtlijst|genoeg (?:andere )?"
        r"klanten|(?:een )?lange wachtlijst|andere klanten (?:genoeg|die))\b",
    ),
    (
        "boasting",
        r"\bwachtlijst\b|\bklanten (?:genoeg|te over|staan in de rij)\b|\b(?:staan|"
        r"staat) in de rij\b",
    ),
    ("boasting", rf"\b{_U} (?:hebt|heeft|heb|hebben) ons (?:harder |meer |veel meer )?nodig\b"),
    ("boasting", rf"\b(?:we|wij) hebben {_U}(?:w)? (?:\w+ )?niet nodig\b"),
    ("dismissive", r"\b(?:dat|het) is niet (?:mijn|ons) (?:probleem|zaak|zorg|pakket)\b"),
    (
        "dismissive",
        r"\b(?:kan|interesseert) (?:me|mij|ons) (?:niet|geen bal|niks|weinig) "
        r"(?:schelen|boeien)?\b|\bboeit (?:me|mij|ons)? ?niet\b",
    ),
    (
        "dismissive",
        r"\b(?:bespaar|spaar) (?:me|mij|ons)\b|\bgeen (?:zin|tijd) in (?:excuses|"
        r"verhalen|spelletjes|discussies)\b",
    ),
    (
        "dismissive",
        r"\b(?:die|de|hun|uw|je) (?:offerte|prijs|aanbieding|aanbod) (?:van de "
        r"concurrent |van de concurrentie )?is (?:irrelevant|waardeloos|onzin|niks waard|een fabel)",
    ),
    ("dismissive", r"\b(?:irrelevant|doet er niet toe|maakt niet uit|wat maakt het uit|so what)\b"),
    (
        "dismissive",
        r"\b(?:stop|hou op|houd op|stoppen) met (?:zeuren|klagen|zagen|janken|"
        r"mekkeren|mijn tijd)\b",
    ),
    ("dismissive", r"\b(?:daar|hier) (?:heb|hebben) (?:ik|we|wij) geen tijd voor\b"),
    ("dismissive", rf"\b(?:dat|het) is {_UW} (?:probleem|zaak|pakket)\b"),
    (
        "command",
        rf"\b{_U} (?:moet|moeten|moogt|zal moeten|zult moeten|dient|dienen)\b"
        r"(?! (?:me|mij|ons) (?:vertellen|laten weten|zeggen))",
    ),
    (
        "command",
        r"(?<!ik )(?<!we )(?<!wij )\b(?:teken|tekent|betaal|betaalt|beslis|beslist|bevestig|"
        r"bevestigt) (?:dat |het "
        r"|dit |de offerte |het contract |de bestelbon )?(?:nu|vandaag|onmiddellijk|meteen|direct|"
        r"ten laatste morgen)\b",
    ),
    ("command", r"^\s*(?:luister|stop|kijk)[,!.]"),
    ("command", rf"\bik (?:verwacht|eis|eis dat|sta erop dat) (?:dat )?{_U}\b"),
    (
        "sarcasm",
        r"\b(?:veel succes daarmee|succes ermee|leuk geprobeerd|goed geprobeerd|ja hoor|"
        r"tuurlijk joh|droom maar verder|in je dromen|ja,? ja)\b",
    ),
    (
        "sarcasm",
        r"\bwie betaalt,? (?:bepaalt|krijgt)\b|\bvoor een appel en een ei\b[^.?!]*\b"
        r"(?:krijgt|krijg)\b|\bwat een verrassing\b",
    ),
    ("polite_cover", r"\bmet (?:alle|al het) (?:respect|begrip)\b"),
    (
        "polite_cover",
        r"\bniet (?:om )?(?:u|je) te (?:beledigen|kwetsen)\b|\bneem me niet kwalijk,? "
        r"maar\b|\bbegrijp me niet verkeerd\b",
    ),
    (
        "polite_cover",
        rf"\b(?:ik vrees|het spijt me) (?:dat )?{_U} (?:zich vergist|ongelijk|"
        r"het mis)",
    ),
    (
        "ultimatum",
        r"\b(?:onze|de) (?:prijs|voorwaarden|offerte) (?:is|zijn) (?:nu eenmaal )?"
        r"(?:wat (?:ze|hij|het) (?:is|zijn)|zoals (?:ze|hij) (?:is|zijn))\b|\bzo (?:is|werkt) het "
        r"(?:nu eenmaal|gewoon)\b",
    ),
    (
        "ultimatum",
        r"\b(?:na|vanaf) (?:vrijdag|vandaag|morgen|dan|die datum),? (?:is|vervalt|"
        r"verdwijnt|gaat) (?:het|dit|ons|de) (?:aanbod|prijs|slot|offerte|deal)?\s?(?:weg|"
        r"vervallen|van tafel)?",
    ),
    (
        "ultimatum",
        r"\b(?:we|wij|ik) (?:doen|geven) (?:nooit|geen) (?:korting|kortingen|"
        r"toegevingen)(?:,? punt)?\b",
    ),
    (
        "ultimatum",
        r"\b(?:ja of nee|geen gemarchandeer|geen gepingel|geen gezeur meer|"
        r"genoeg gepraat)\b",
    ),
    (
        "threat",
        r"\b(?:uw|je|jullie) (?:slot|plaats|capaciteit|voorrang|korting|contract) "
        r"(?:gaat|gaan|wordt) (?:naar|weg|vergeven|geschrapt)",
    ),
    ("threat", r"\b(?:uw|jouw|je|jullie) (?:verlies|probleem)\b(?=[^a-z]*$)"),
    (
        "belittling",
        r"\b(?:wie goedkoop koopt|goedkoop is duurkoop|u krijgt wat u betaalt|je "
        r"krijgt wat je betaalt)\b",
    ),
    (
        "belittling",
        r"\b(?:we|wij) zijn (?:geen|hier geen) (?:liefdadigheid|bank|"
        r"liefdadigheidsinstelling|goedkope winkel|supermarkt|solden|markt)\b",
    ),
    (
        "belittling",
        r"\b(?:lees|leest|bekijk) (?:het|uw|je|jullie) (?:contract|voorwaarden|kleine "
        r"lettertjes)\b",
    ),
    (
        "belittling",
        r"\bik doe dit (?:al|nu al) \w+ jaar\b|\bik ken (?:deze|de) (?:markt|sector) "
        r"beter\b|\bgeloof me,? ik weet\b",
    ),
    (
        "belittling",
        rf"\b{_U} vraagt? (?:het )?onmogelijke\b|\b{_U} kunt? (?:toch )?(?:echt )?"
        r"niet verwachten\b|\bdat meent (?:u|je) (?:toch )?niet\b|\bserieus\?",
    ),
    ("belittling", rf"\b{_U} (?:mag|moogt|mogen) (?:blij|dankbaar|tevreden) zijn\b"),
    (
        "belittling",
        r"\b(?:dat|wat) (?:u|je|jij|jullie) (?:heeft|hebt|hebben) (?:getekend|"
        r"ondertekend)\b",
    ),
    (
        "belittling",
        r"\b(?:we|wij|ik) (?:laten|laat) (?:ons|me|mij) niet (?:chanteren|"
        r"onder druk zetten|de les lezen|afpersen|commanderen)\b",
    ),
    ("belittling", r"\?!"),
    (
        "dismissive",
        r"\b(?:verspil|verspilt|verspillen) (?:mijn|onze) tijd\b|\bik ben hier niet "
        r"om\b",
    ),
    ("dismissive", r"\bniet onze schuld\b|\bniet ons probleem\b"),
    (
        "command",
        r"\blaat (?:me|mij|ons) (?:heel )?duidelijk zijn\b|\bbegrepen\?|\bis dat "
        r"duidelijk\?",
    ),
    (
        "blaming",
        r"\b(?:aan|bij|van) (?:uw|jouw|jullie|je) kant\b|\bniet (?:het )?(?:onze|ons "
        r"probleem|onze schuld|onze dienst|aan ons)\b|\bschuif (?:dat|dit|het) niet (?:op ons af|"
        r"af op ons|op ons)\b",
    ),
    (
        "blaming",
        r"\bomdat (?:u|je|jij|jullie) (?:vergeten|niet|nooit|weigerde|bleef|blijft)\b|"
        r"\bals (?:uw|jullie|je) \w+ (?:haar|zijn|hun) werk deed\b",
    ),
    (
        "blaming",
        r"\b(?:gebruikersfout|gebruikersfouten|bedieningsfout|bedieningsfouten)\b|"
        r"\b(?:uw|je|jullie) (?:eigen )?(?:logs|installatie|configuratie|fout|"
        r"verantwoordelijkheid)\b|\b(?:u|je|jullie) (?:hebt|heeft|hebben) (?:elke|alle|deze|het) "
        r"\w+ goedgekeurd\b",
    ),
    (
        "belittling",
        r"\b(?:voor|als) (?:een bedrijf|bedrijven|klanten|een klant) (?:als het (?:uwe|"
        r"jouwe|uw|jouw)|van (?:uw|jullie|jouw) (?:omvang|grootte)|die niet)\b|\bvan (?:uw|jullie|"
        r"jouw) omvang\b|\bzoals iedereen\b|\bkleine klanten die\b",
    ),
    (
        "belittling",
        r"\b(?:zinloos|zinloze|kinderachtig|gezeur|gezaag|geklaag|gemekker|"
        r"grafiekjes|kleinzielig)\b",
    ),
    (
        "belittling",
        r"\bhoe vaak (?:moeten|moet)\b|\b(?:niet|nog eens|opnieuw) (?:uitleggen|"
        r"uit te leggen)\b|\bal eerder uitgelegd\b|\b(?:de )?(?:derde|vierde|vijfde) keer\b|"
        r"\b(?:drie|vier|vijf|meerdere|tig) keer\b(?! (?:te laat|zoveel|zo|per|meer|minder))",
    ),
    (
        "belittling",
        r"\bmisschien (?:eens |eerst )?(?:moet (?:je|u) er niet|naar \w+ luisteren|"
        r"(?:een )?(?:basis)?opleiding|leren|lezen|beginnen met)\b|\bmoet (?:je|u) er misschien "
        r"niet aan beginnen\b",
    ),
    (
        "belittling",
        r"\b(?:heeft|heb|hebt) (?:er )?(?:bij (?:u|jullie) )?(?:eigenlijk |ooit |wel )"
        r"?(?:iemand|je|u|jij) (?:ooit |eigenlijk )?(?:de|het|een)\b[^.?!]{0,40}\b(?:gelezen|"
        r"gezien|bekeken)\b",
    ),
    (
        "belittling",
        r"\b(?:nog geen|amper|slechts|maar) \d+ ?% van onze\b|\bin perspectief\b|\bik "
        r"twijfel niet aan (?:uw|je) goede bedoelingen\b|\bin twijfel (?:te )?trekken\b",
    ),
    (
        "belittling",
        r"\b(?:echt|serieus)\?|\bverbaast (?:het )?me dat (?:u|je)\b|\b(?:u|je) durft "
        r"(?:het )?te vragen\b|\bgeen sprake van\b",
    ),
    (
        "command",
        r"^\s*(?:stop|hou op|gebruik|koop|teken|bel (?:mijn|ons) \w+ niet|lees|luister|"
        r"aanvaard|betaal|kalmeer|zet (?:je|uw) klacht|laat (?:het|dat) (?:\w+ )?maar aan "
        r"ons|vraag (?:het )?(?:ook )?niet|verwacht (?:ge|je|u|dan)? ?niet)\b",
    ),
    (
        "command",
        r"\bkijk eerst in (?:je|uw) eigen\b|\bhou het (?:maar )?bij\b|\bteken(?:en)? of "
        r"(?:niet|laat het)\b",
    ),
    (
        "ultimatum",
        r"\b(?:tekenen|teken het) of (?:niet|laat het)\b|\baan (?:jou|u) de keuze\b|"
        r"\bniets (?:meer )?over te (?:bespreken|onderhandelen|praten)\b|\bgeen (?:uitzonderingen|"
        r"discussie)\b|\bniet (?:één|een enkele)\b",
    ),
    (
        "ultimatum",
        r"\b(?:de )?(?:gewone|standaard|normale) (?:levertijd|voorwaarden|prijs|tarief) "
        r"(?:geldt|gelden|blijft)\b|\bdit zijn onze (?:voorwaarden|prijzen)\.?$",
    ),
    (
        "threat",
        r"\bverwacht (?:dan )?niet dat (?:we|wij)\b|\bwij vergeten (?:zoiets|dat) niet\b|"
        r"\bsta je hier weer\b|\btegen een hogere prijs\b|\bof we nog (?:wel )?met (?:jullie|u|je) "
        r"(?:willen )?samenwerken\b",
    ),
    (
        "threat",
        r"\b(?:schakelen|zetten|sluiten|leggen|blokkeren) (?:we|wij) (?:al )?(?:uw|je|"
        r"jullie|de) \w+ (?:uit|af|stil|stop)\b|\bgeen (?:verdere )?herinnering(?:en)?\b|\bgaat "
        r"(?:uw|je|jullie) \w+ naar een andere klant\b|\bligt hij bij onze jurist\b",
    ),
    (
        "boasting",
        r"\bwij bepalen de (?:prijzen|voorwaarden|regels)\b|\bde beste (?:van|op) de "
        r"markt\b|\bzo hard (?:hebben|heb) (?:we|wij|ik) (?:jullie|u|je) \w+ (?:nou )?(?:ook )?"
        r"(?:weer )?niet nodig\b|\b(?:twintig|\d+) jaar ervaring\b",
    ),
    ("belittling", r"\b(?:wij zijn|we zijn) geen (?:restaurant|menukaart|liefdadigheid|bank)\b"),
    (
        "dismissive",
        r"\bgenoteerd en afgewezen\b|\b(?:schrijf|post|zeg|doe) (?:maar )?wat (?:je|u) "
        r"wil\b",
    ),
    ("sarcasm", r"\b(?:veel )?succes (?:bij|met) (?:hen|hun|die)\b|\bleuk dat (?:je|u) meedenkt\b"),
    ("ultimatum", r"\b(?:drie|twee|vier) keer de prijs\b|\bachteraf geen geklaag\b"),
    # --- equal footing ------------------------------------------------------------------------
    (
        "limit",
        r"\b(?:apart|afzonderlijk|extra) (?:in (?:de|een) (?:offerte|prijs)|(?:aan)?rekenen|"
        r"factureren|offreren|begroten|in rekening)\b|\b(?:zet|zetten|neem|nemen) (?:het|dat|die|"
        r"dit) apart\b|\bals (?:aparte|afzonderlijke) (?:post|lijn|regel|offerte)\b",
    ),
    (
        "limit",
        r"\b(?:dat|dit|het|\d+ ?%|\d+ ?procent) (?:kan|kunnen|lukt|gaat|zit|is) (?:er )?"
        r"(?:voor ons |voor mij |helaas |echt |gewoon |jammer genoeg )?(?:niet|geen optie|"
        r"onmogelijk|uitgesloten|niet haalbaar|er niet in)\b",
    ),
    (
        "limit",
        rf"\b{_WE} (?:kunnen|kan|gaan|ga|willen|wil|zullen|zal) (?:daar |dat |dit |het |"
        r"echt |helaas |gewoon |jammer genoeg |écht )*(?:niet|geen) (?:in (?:mee)?gaan|mee|op "
        r"ingaan|doen|aanbieden|geven|leveren|zakken|lager|verder|akkoord|accepteren|aanvaarden|"
        r"beloven|garanderen|toezeggen|onder|korting|extra|gratis|onder)\b",
    ),
    ("limit", r"\b(?:mijn|ons) antwoord (?:over \w+ )?(?:blijft|zal) (?:hetzelfde|dezelfde)\b"),
    (
        "limit",
        r"\b(?:lager|verder|dieper) (?:kunnen|kan|gaan|ga) (?:we|wij|ik) (?:echt |helaas )?"
        r"niet\b",
    ),
    (
        "limit",
        r"\b(?:dat|dit) is (?:onze|mijn|de|echt de|echt onze) (?:ondergrens|bodem|"
        r"bodemprijs|limiet|grens|scherpste prijs|laagste prijs|beste prijs)\b",
    ),
    (
        "limit",
        r"\b(?:onze|de) (?:prijs|offerte|tarief|tarieven) (?:blijft|blijven|staat|staan)"
        r"(?: zoals| ongewijzigd| overeind| vast)?\b",
    ),
    (
        "limit",
        r"\b(?:we|wij|ik) (?:blijven|blijf|houden|hou|houd) (?:bij|vast aan) (?:onze|de|"
        r"die|deze|mijn) (?:prijs|offerte|voorstel|tarief)\b",
    ),
    ("limit", r"^\s*(?:nee|neen|helaas,? nee|nee hoor)\b"),
    (
        "limit",
        r"\bdaar (?:moet|moeten) (?:ik|we|wij) (?:nee|neen) op zeggen\b|\bdat (?:moet|"
        r"moeten) (?:ik|we|wij) (?:weigeren|afwijzen)\b",
    ),
    ("limit", r"\b(?:niet|geen) (?:onder|lager dan|meer dan|minder dan)\b"),
    (
        "limit",
        r"\b(?:dat|dit) is (?:zo )?ver als (?:we|wij|ik) kunnen gaan\b|\bverder kunnen we "
        r"niet\b|\bdaar (?:stopt|ligt) (?:het|onze grens)\b",
    ),
    (
        "limit",
        r"\b(?:liever|beter) geen deal\b|\b(?:we|wij|ik) (?:laten|laat) (?:de deal|het) "
        r"liever\b",
    ),
    (
        "alternative",
        r"\bwat (?:we|wij|ik) (?:wel|eventueel|alvast) (?:kunnen|kan|kunnen doen|kan "
        r"doen|voorstellen|aanbieden|bieden)\b",
    ),
    (
        "alternative",
        rf"\b{_WE} (?:kunnen|kan) (?:u |je |jou |jullie )?(?:wel|eventueel|"
        r"misschien|ook)\b",
    ),
    (
        "alternative",
        r"\b(?:in plaats daarvan|als alternatief|een alternatief|alternatieven|"
        r"een andere optie|twee opties|drie opties|een paar opties|een aantal opties|opties:|"
        r"enkele opties|anderzijds)\b",
    ),
    (
        "alternative",
        r"\b(?:wat als we|wat als wij|wat denkt u van|wat denk je van|zou het helpen "
        r"als|zou het werken als|hoe staat u tegenover|hoe sta je tegenover)\b",
    ),
    ("alternative", r"\b(?:maar|wel) (?:we|wij|ik) (?:kunnen|kan)\b|\bwat (?:we|wij|ik) wel\b"),
    ("accepts_demand", r"\b(?:maar|allez|allee|nou|ach|enfin),? (?:vooruit|goed dan|allez|soit)\b"),
    (
        "alternative",
        r"\b(?:is|zijn|kan|kunnen) (?:wel )?(?:mogelijk|bespreekbaar|een optie|"
        r"haalbaar)\b(?![^.?!]*\?)",
    ),
    (
        "alternative",
        r"\b(?:een )?(?:middenweg|compromis|gefaseerde|pilot|proefproject|kleinere|"
        r"lichtere|afgeslankte|gedeeltelijke|tussenoplossing)\b",
    ),
    ("asks_need", r"\b(?:wat|welke|welk|hoe|hoeveel|waarom|waar|wanneer|wie)\b[^.!]{0,80}\?"),
    (
        "asks_need",
        rf"\b(?:kunt|kan|wil|wilt|zou|zoudt) {_U} (?:me |mij |ons )?(?:eens )?"
        r"(?:vertellen|uitleggen|toelichten|laten weten|tonen|delen|bezorgen|doorsturen|sturen|"
        r"helpen begrijpen)\b",
    ),
    (
        "asks_need",
        r"\b(?:help (?:me|mij) (?:even )?begrijpen|ik wil (?:graag )?(?:begrijpen|"
        r"weten|snappen)|ik (?:zou|wil) graag (?:begrijpen|weten|horen))\b",
    ),
    (
        "asks_need",
        r"\bwat is (?:voor (?:u|jou|je|jullie) )?(?:het belangrijkste|belangrijk|de "
        r"prioriteit|doorslaggevend)\b",
    ),
    (
        "acknowledges",
        r"\bik (?:begrijp|snap|hoor|zie|voel|merk|erken|waardeer|respecteer|"
        r"besef)\b(?! (?:niet|niks|echt niet))",
    ),
    (
        "acknowledges",
        r"\b(?:dat|het) is (?:een )?(?:terecht|begrijpelijk|redelijk|legitiem|"
        r"goede|terechte|eerlijke|faire)(?:e)? ?(?:punt|vraag|opmerking|bezorgdheid|zorg|verzoek)?\b",
    ),
    (
        "acknowledges",
        r"\b(?:terecht(?:e)? (?:punt|opmerking|vraag)|begrijpelijk|dat snap ik|dat "
        r"begrijp ik|ik kan me (?:dat|goed|inbeelden|voorstellen)|ik kan mij (?:dat|goed|"
        r"inbeelden|voorstellen))\b",
    ),
    ("acknowledges", r"\b(?:bedankt|dank (?:u|je|jullie)|merci)\b[^.?!]{0,25}\b(?:voor|om)\b"),
    (
        "acknowledges",
        r"\bdat (?:moet|zal) (?:vervelend|frustrerend|lastig|niet leuk) (?:zijn|"
        r"geweest zijn)\b",
    ),
    (
        "reason",
        r"\b(?:omdat|want|aangezien|doordat|vermits|gezien|daarom|de reden is|dat komt "
        r"(?:doordat|omdat)|waarin (?:zit|zitten|inbegrepen))\b",
    ),
    (
        "next_step",
        r"\b(?:laten we|zullen we|kunnen we|zouden we|zal ik|mogen we|plannen we|"
        r"spreken we) (?:even |eens |samen |morgen |volgende week |deze week )?(?:afspreken|"
        r"bekijken|samenzitten|samen zitten|overleggen|bellen|plannen|doornemen|bespreken|"
        r"inplannen|een afspraak|een call|een gesprek|rond de tafel|kijken|zoeken|vastleggen|"
        r"afstemmen|starten|beginnen)\b",
    ),
    (
        "next_step",
        rf"\b(?:ik|we|wij) (?:stuur|sturen|bezorg|bezorgen|bereid|bereiden|maak|maken) "
        rf"{_U}(?:w)? (?:morgen |vandaag |nog |graag )?(?:een|het|de|mijn|ons|twee|beide)\b",
    ),
    (
        "next_step",
        r"\b(?:ik|wij|we) (?:stel|stellen) (?:voor|u voor|je voor)\b|\b(?:mijn|ons) "
        r"(?:voorstel|suggestie)\b",
    ),
    (
        "next_step",
        rf"\b(?:past|werkt|lukt) (?:dat|dit|een van beide|één van beide|een van die) "
        rf"(?:voor {_U})?\b",
    ),
    (
        "courtesy_apology",
        r"\b(?:sorry|excuses|excuseer|verontschuldig|het spijt (?:me|ons))\b"
        r"[^.?!]{0,35}\b(?:laat|late|laattijdig|vertraging|wachten|wachttijd|reactie|antwoord|"
        r"verwarring|ongemak|overlast|misverstand|ongemakken|vertraagd)\b",
    ),
    ("courtesy_apology", r"\b(?:vervelend om te horen|spijtig om te horen|jammer om te horen)\b"),
    # --- general structures (grammar and word families rather than phrases) ------------------
    # Submissive: taking the customer's number or demand as it stands.
    (
        "accepts_demand",
        r"\bzoals (?:gevraagd|gevraagd door (?:u|jou|jullie)|gewenst|geëist|afgesproken met (?:u|"
        r"jou))\b|\b(?:op|naar|tegen) (?:het|de) (?:bedrag|prijs|cijfer|tarief|korting) (?:dat|die) "
        rf"{_U} (?:noemde|noemt|voorstelde|vroeg|wilde|vraagt|voorstelt)\b",
    ),
    (
        "accepts_demand",
        r"\bbeschouw (?:het|dat|dit|de \w+|die \w+) (?:maar )?als (?:kwijtgescholden|geregeld|"
        r"vervallen|gratis|geschrapt|afgehandeld|in orde)\b",
    ),
    (
        "accepts_demand",
        r",\s*(?:akkoord|afgesproken|prima|oké|ok|deal|goed|in orde|geen probleem)\s*[.!]",
    ),
    (
        "accepts_demand",
        r"\b(?:past|werkt|lukt|is goed|is prima|is oké|kan) (?:voor|bij) (?:ons|mij)\b"
        + _UNCONDITIONAL,
    ),
    (
        "accepts_demand",
        r"\b(?:leggen|leg|zetten|zet|klikken|klik|houden|hou|houd) (?:we|wij|ik) (?:de|uw|je|jullie|"
        r"onze|het) (?:prijs|prijzen|tarief|tarieven)\b[^.?!]{0,25}\b(?:vast|gelijk)\b"
        + _UNCONDITIONAL,
    ),
    (
        "accepts_demand",
        rf"\b(?:als|indien) {_U} (?:dat|het) (?:zo )?(?:wenst|wilt|wil|vraagt|verkiest|liever "
        r"hebt|liever heeft)\b|\bzo niet,? (?:dan )?\b[^.?!]{0,50}\b(?:begrijp|snap|prima|goed|"
        r"omlaag|zakken|lager|verlagen|aanpassen|schrappen)\b",
    ),
    (
        "accepts_demand",
        r"\b(?:voor onze rekening|op onze kap)\b|\b(?:gaan|ga) (?:we|wij|ik) (?:gewoon |wel |dan )*"
        r"(?:omlaag|naar beneden|zakken|lager)\b|\bhoe ver (?:ik|we|wij) (?:voor (?:u|je|jou|"
        r"jullie) )?(?:kan|kunnen) (?:zakken|gaan|omlaag)\b",
    ),
    (
        "accepts_demand",
        r"\b(?:proppen|persen|wringen|schuiven|passen|steken|krijgen) (?:we|wij|ik) (?:\w+ )?"
        r"(?:er )?(?:wel |nog |gewoon )*(?:tussen|bij|in)\b|\b(?:er )?(?:wel )?(?:tussen)?"
        r"(?:geschoven|geperst|gepropt)\b",
    ),
    (
        "accepts_demand",
        r"\b(?:meerkost|meerprijs|toeslag|kosten|boete|vergoeding|supplement)\b[^.?!]{0,40}"
        r"\b(?:wegvalt|vervalt|wegvallen|vervallen|valt weg|geschrapt|wegvalt)\b|\b(?:laat|laten) "
        r"(?:ik|we|wij) (?:hem|het|die|dat|deze|ze) (?:eruit|weg|schrappen)\b|\bik laat (?:hem|het|"
        r"die|dat|ze) (?:eruit|weg) ?(?:halen|laten halen)?\b",
    ),
    (
        "accepts_demand",
        r"\b(?:maak|maakt|maken) (?:je|u|jij|jullie) (?:maar )?(?:niet|geen) (?:druk|zorgen)\b|"
        r"\b(?:gaan|ga|zullen|zal) (?:we|wij|ik) (?:\w+ )?(?:niet|geen) (?:moeilijk|lastig) "
        r"(?:over )?doen\b|\bdaar (?:gaan|ga|zullen|zal) (?:we|wij|ik) niet moeilijk\b|\bik ga "
        r"(?:je|u|jullie) niet lastigvallen\b|\b(?:is|dat is) (?:ons|mijn) probleem,? niet (?:het "
        r"(?:jouwe|uwe)|dat van (?:u|jou|jullie))\b",
    ),
    (
        "accepts_demand",
        r"\b(?:willen|wil|wou) (?:we|wij|ik) (?:\w+ )?(?:zeker |echt |absoluut )?niet (?:\w+ )?"
        r"(?:hebberig|gierig|moeilijk|lastig|onredelijk|krenterig|inhalig|kleinzielig) "
        r"(?:overkomen|lijken|zijn|doen)\b|\b(?:hebberig|gierig|krenterig|inhalig) (?:overkomen|"
        r"lijken)\b",
    ),
    (
        "accepts_demand",
        r"\b(?:maar|nou|ach|allez),? (?:goed|vooruit|oké|ok|soit)\b|\blaat (?:\w+ ){0,3}maar "
        r"aan (?:mij|ons) over\b|\bwanneer (?:u|je|jij) (?:maar )?wil(?:t)?\s*[.!]?$",
    ),
    (
        "over_accommodating",
        r"\b(?:heb|hebben) (?:ik|we|wij) (?:al|alvast|meteen|direct) (?:\w+ )?(?:gedaan|"
        r"aangepast|verlaagd|geregeld|toegevoegd)\b|\bboven(?:op)? wat (?:u|je|jullie) vroeg\b",
    ),
    (
        "pleading",
        rf"\bzeg (?:maar |gewoon )?wat (?:ik|we|wij) {_U} (?:kan|kunnen|moet|moeten) (?:geven|"
        r"bieden|doen)\b|\b(?:om het |het )?goed te maken\b|\bgoedmaken\b|\bsmeken\b|\b(?:annuleer|"
        r"vertrek|ga|zeg)\b[^.?!]{0,15}\b(?:alstublieft|alsjeblieft|aub) niet\b|\bzou het "
        r"(?:oké|ok|goed|aanvaardbaar|acceptabel) zijn als (?:we|wij|ik)\b",
    ),
    (
        "apology_for_position",
        r"\bik weet het,? ik weet het\b|\bik schaam me\b|\bwat (?:vreselijk|verschrikkelijk|"
        r"erg)\b|\b(?:betreur|betreuren|spijt)\b[^.?!]{0,40}\b(?:onze|mijn) (?:offerte|prijs|"
        r"voorstel|tarie\w+)\b",
    ),
    (
        "blames_own_side",
        r"\b(?:gewoon|maar|nu eenmaal) (?:beleid|regels|een regel) van (?:hogerop|boven|het "
        r"hoofdkantoor|de directie)\b|\bik vind (?:hem|het|die|dat|ze) zelf (?:ook )?(?:overdreven|"
        r"onzin|belachelijk|te veel|vervelend|onredelijk)\b",
    ),
    # Dominant: orders aimed at the customer (imperatives at the start of a sentence).
    (
        "command",
        r"^\s*(?:(?:dus|dan|gewoon),? )?(?:lees|leest u|herlees|teken|tekent u|stap|betaal|"
        r"betaalt u|controleer|train|leer|zoek|hou op|houd op|accepteer|aanvaard|regel|check|"
        r"stuur (?!(?:me|mij|ons)\b)|stuurt u|bel (?:mijn|onze|de) \w+ maar|bel (?:me|ons) maar "
        r"als|kijk (?:eerst|zelf|maar))\b(?![^.?!]*\?)",
    ),
    ("command", rf"\b(?:dus|dan) {_U} (?:wacht|wachten|betaalt|betaal|betalen)\b"),
    # Dominant: sarcasm (mock agreement, mock offers, mock help).
    (
        "sarcasm",
        r"^\s*(?:o|oh|ah),? (?:ja|natuurlijk|tuurlijk|zeker|absoluut)\b|\blaat (?:me|mij) "
        r"(?:meteen |even |gewoon )?(?:onze prijs |de prijs )?(?:halveren|verdubbelen|weggeven)\b"
        r"|^\s*(?:tuurlijk|natuurlijk|zeker|ja hoor|uiteraard),? en (?:zullen|moeten|willen|zal|"
        r"wil|mogen) (?:we|wij|ik)\b|\b(?:zullen|moeten|mogen) (?:we|wij) (?:ook )?(?:nog|meteen|"
        r"even)\b[^.?!]{0,60}\?|\bbel (?:me|mij|ons) maar als\b|\b(?:ga|gaat|gaan) (?:je|u|jullie|"
        r"ge) (?:maar )?lekker\b|\bnou moe\b|\bdoe (?:maar|gerust)\b[^.?!]{0,20}\bals (?:je|u) "
        r"(?:wil|wilt)\b|(?:^|\s)'[a-z][^'.?!]{1,40}'(?=[\s.,!?:;)]|$)",
    ),
    # Dominant: rhetorical questions and put-downs about the customer's competence or status.
    (
        "belittling",
        rf"\b(?:dacht|denkt|verwachtte|verwacht) {_U} (?:nou |nu |nu echt |nou echt |echt |"
        rf"werkelijk |serieus )+(?:dat|ons)\b|\b(?:heb|hebt|heeft) {_U} (?:ook maar |enig |"
        rf"eigenlijk )?(?:enig |een )?idee\b|\b{_U} (?:begrijpt|begrijp|snapt|snap|kent|ziet|"
        r"beseft|leest) (?:\w+ ){1,4}(?:niet|niks|niets)\b(?![^.?!]*\?)|\b(?:één|een) van "
        r"(?:velen|de velen|vele)\b|\b(?:een|elke|iedere) (?:ervaren|professionele|serieuze|"
        r"competente|goede|degelijke) (?:inkoper|aankoper|koper|klant|bedrijf|aankoopdienst|"
        r"inkoopafdeling|onderhandelaar)\b|\b(?:van|voor) (?:jullie|uw|je) (?:formaat|grootte|"
        r"omvang|kaliber|niveau)\b|\b(?:zijn|is) voor (?:klanten|bedrijven|mensen) die\b|\b(?:een|"
        r"één) of andere (?:start-?up|beginner|amateur|cowboy|prutser|nieuwkomer)\b|\b(?:weinig|"
        r"geen) kaas gegeten\b|\bde les (?:lezen|spellen)\b|\bniet (?:echt |eens )?in de positie\b"
        r"|\b(?:nog (?:één|een) keer|nogmaals|opnieuw) (?:heel )?(?:rustig|langzaam|traag|"
        r"duidelijk) uit\b",
    ),
    # Dominant: repeating oneself with impatience.
    (
        "belittling",
        r"\b(?:al|reeds) (?:twee|drie|meerdere|verschillende) ?(?:keer|maal|keren)\b|\b(?:reeds|al) "
        r"tweemaal\b|\btweemaal (?:meegedeeld|gezegd|uitgelegd)\b|\b(?:voor )?de laatste keer "
        r"(?:dat )?(?:ik|we)\b|\bniet (?:nog (?:een keer|eens)|opnieuw|weer)\b[^.?!]{0,30}"
        r"\b(?:achteraan|uitleggen|herhalen|voeren|zeggen|bespreken|herinneren)\b",
    ),
    (
        "dismissive",
        r"\b(?:is|zijn) (?:mijn|ons|onze) (?:probleem|zorg|zaak|pakkie-an|prioriteit) niet\b|"
        r"\bniet (?:mijn|ons) (?:probleem|zorg|pakkie-an)\b|\bverandert niets\b|\b(?:klacht|vraag|"
        r"opmerking|feedback|bezwaar|mail) (?:is|werd|wordt) genoteerd\b|^\s*genoteerd\s*[.!]|"
        r"\b(?:verder|nog langer) (?:praat|discussieer|ga) (?:ik|we|wij) (?:er )?niet\b|\bik praat "
        r"er niet (?:meer|verder) over\b|\b(?:leveranciers|alternatieven|concurrenten) (?:zijn er|"
        r"genoeg)\b[^.?!]{0,10}\bgenoeg\b|\b(?:tijd|energie) (?:verspillen|verliezen)\b",
    ),
    # Dominant: accusations about the customer's side.
    (
        "blaming",
        r"\b(?:jullie|uw|je) (?:eigen )?(?:mensen|team|medewerkers|collega's|it'?ers|"
        r"it-afdeling|gebruikers|afdeling|aankoopdienst|inkoopafdeling|planning|techniekers|"
        r"technici)\b[^.?!]{0,40}\b(?:niet|nooit) (?:lezen|gelezen|volgen|gevolgd|opletten|testen|"
        r"gebruiken|plannen)\b|\b(?:probleem|fout|oorzaak|schuld) (?:\w+ ){0,2}bij (?:uzelf|"
        r"jezelf|uw kant|jullie kant|jullie zelf|u zelf)\b|\baan (?:jullie|uw|je) kant\b(?! zou)"
        r"(?![^.?!]*\?)",
    ),
    # Dominant: threats to stop, not renew, or give away what the customer holds.
    (
        "threat",
        r"\b(?:verlengen|vernieuwen|verlengen|hernieuwen) (?:we|wij|ik) (?:het contract )?"
        r"(?:gewoon |dan |simpelweg )?niet\b|\bkomt? (?:er )?(?:nooit )?niet meer (?:in|terug|"
        r"binnen)\b|\b(?:vrij|door) (?:voor|aan) (?:andere|een andere) klant(?:en)?\b|\b(?:nog "
        r"(?:één|een)) (?:klacht|vertraging|escalatie|opmerking)\b|\bindien (?:wij|we) "
        r"(?:\w+ ){0,6}niet (?:\w+ ){0,4}ontvangen\b|\b"
        rf"{_U} (?:merkt|ziet|zult|zal) (?:het )?"
        r"(?:vanzelf|wel)\b",
    ),
    # Dominant: boasting of status and volume.
    (
        "boasting",
        r"\b(?:honderden|duizenden|tientallen) (?:van )?(?:zulke|dergelijke|deze|projecten|"
        r"klanten)\b|\b\w+ van de \w+ (?:grootste|belangrijkste|beste)\b|\bop (?:mijn|onze) "
        r"manier\b|\bhebben (?:we|wij) niet nodig\b|\b(?:hoeven|hoef) (?:\w+ ){0,6}niet te "
        r"(?:volgen|matchen|evenaren|verantwoorden)\b",
    ),
    (
        "ultimatum",
        r",\s*punt\s*[.!]?\s*$|\b(?:al het andere|alles daarbuiten|alles extra|de rest) is "
        r"(?:meerwerk|betalend|extra)\b|\b(?:maar|gerust|dan) (?:\w+ ){0,2}(?:elders|ergens "
        r"anders)\b|\b(?:elders|ergens anders) (?:gaan )?(?:kijken|zoeken|bestellen|kopen)\b",
    ),
    ("polite_cover", r"\blaten we eerlijk zijn\b|\bgoede vraag!"),
    # Balanced: a limit stated as what is feasible; acknowledging a fact is not accepting.
    (
        "limit",
        r"\b(?:het|de) (?:vroegste|snelste|laagste|beste|uiterste|maximale|minimale) (?:dat|wat) "
        r"(?:we|wij|ik) (?:kunnen|kan)\b|\b(?:is|zijn) (?:te lang|te kort|te veel|te laag|te hoog|"
        r"te krap|te riskant) voor (?:ons|mij)\b",
    ),
    ("acknowledges", rf"\b{_U} (?:hebt|heeft) (?:helemaal |volkomen )?gelijk dat\b"),
)

RECIPROCITY = (
    r"\bals (?:we|wij) (?:\w+ ){0,5}(?:kunnen|mogen) (?:vastleggen|afspreken|tekenen|bevestigen|"
    r"plannen|boeken)\b|"
    rf"\b(?:als|indien|wanneer|zodra) {_U}\b(?!(?: \w+){{0,3}} (?:echt |absoluut |per se )?(?:wil|wilt|nodig|"
    r"wenst|moet|vindt|denkt|verkiest|liever|graag|zegt|insisteert|aandringt)|(?: \w+)? (?:stoort|"
    r"uitkomt|past)\b)|\bals (?:jullie|het volume|de bestelling|het "
    r"contract)\b|\bmits\b|\bop voorwaarde\b|\bin ruil\b|\bdaartegenover\b|\bdaar staat "
    r"tegenover\b|\btegenover staat\b|\bop (?:de )?voorwaarde\b|\bals tegenprestatie\b|\bvoor "
    r"(?:een )?(?:langer|groter|meerjarig|twee-?jarig|driejarig|vast|exclusief)\w*\b|\bbij "
    r"(?:een )?(?:afname|bestelling|contract|vooruitbetaling|verlenging|jaarcontract|looptijd|termijn|volume|verbintenis|engagement|abonnement)\b|\bbij "
    r"vooruitbetaling\b|\btegen (?:een )?(?:vooruitbetaling|langer|groter|afname|"
    r"referentie)\w*\b|\bdan (?:vragen|verwachten) (?:we|wij|ik)\b|\bdan rekenen (?:we|wij|ik) (?:wel )?op\b|\bwat (?:we|wij|ik) "
    r"(?:dan )?(?:wel )?(?:nodig hebben|terugvragen|vragen)\b|\b(?:dat|dit) vraagt wel\b|\bhangt "
    r"af van\b|\bgekoppeld aan\b|\bin combinatie met\b|\bvoorwaarde is\b|\b(?:dan|wel) (?:moet|"
    r"moeten) (?:u|je|jij|jullie)\b"
)

# A clause with one of these talks about value without offering it: someone else's number
# ("als hun offerte 18% lager ligt"), a wish ("ik zou ook graag alles gratis geven"), the
# customer's request ("uw vraag naar korting", "dat u het graag inbegrepen ziet").
HYPOTHETICAL = (
    r"\bals (?:hun|zij|ze|de concurrent|die andere|een concurrent|uw andere|je andere)\b|"
    r"\b(?:ik|we|wij) (?:zou|zouden) (?:\w+ ){0,2}(?:graag|heel graag|dolgraag)\b|\bik wou dat\b|"
    r"\b(?:vraag|verzoek|eis|aanvraag) (?:naar|om|tot|voor)\b|\bkennis van\b|\b(?:begrijp|snap|"
    r"hoor|weet|zie|besef) (?:goed |heel goed |best |wel )?(?:dat|waarom) (?:u|je|jij|jullie|ge)\b|"
    r"\b(?:u|je|jij|jullie) (?:wil|wilt|wenst|vraagt|verwacht|vroeg|wou|zou graag)\b|\b(?:is|zijn) "
    r"te (?:lang|kort|veel|laag|hoog|krap|riskant)\b|\b(?:aparte|eigen) prijs\b|\btegen betaling\b|"
    r"\bbetalend\b"
)

# A short sentence that states terms as settled ("De offerte blijft staan.", "Levertijd is zes
# weken.", "Er wordt op dinsdag geleverd."): a firm limit when the message gives a reason or an
# option, otherwise it closes the matter.
CLOSING = (
    r"^\s*(?:de |het |onze |ons |mijn |uw |je |deze |die )?(?:\w+ ){0,2}(?:prijs|offerte|aanbod|"
    r"bod|tarief|boete|levertijd|levertermijn|leveringstermijn|deadline|scope|voorwaarden?|"
    r"contract|clausule|sla|factuur|minimum|beleid|standpunt|antwoord|verlenging|toeslag|"
    r"opzegtermijn|verhoging|indexering)(?:en)? (?:blijft|blijven|geldt|gelden|staat|staan|is "
    r"definitief|ligt vast|liggen vast|is vast|werd afgesproken|is afgesproken|is (?:\w+ )?"
    r"(?:weken|dagen|maanden|euro|\d[\d.,]*\s?(?:%|k|euro|weken|dagen)?))\b[^,;:?]{0,40}[.!]?\s*$|"
    r"^\s*er wordt (?:op|vanaf|ten vroegste|pas) [^,;:?]{0,30}(?:geleverd|gefactureerd|"
    r"gestart|begonnen)\b"
)

VALUE = (
    r"\b\d{1,3}(?:[.,]\d{3})+\b|(?<![\d.,])\d+(?:[.,]\d+)?\s?(?:%|procent|pct)|[€$£]\s?\d[\d.,]*k?|\b\d[\d.,]*\s?(?:k\b|euro|eur\b|"
    r"dollar)|\bgratis\b|\bkosteloos\b|\bvoor niets\b|\bvoor niks\b|\bzonder (?:extra |"
    r"bijkomende )?(?:kosten|meerprijs|aanrekening)\b|\bcadeau\b|\bvan het huis\b|\bop onze "
    r"kosten\b|\bkorting|\breductie\b|\bprijsverlaging\b|\bkorting\b|\bextra (?:\w+ )?"
    r"(?:maand|maanden|licentie|licenties|dag|dagen|uren|uur|opleiding|training|support|"
    r"gebruikers|jaar|week|weken|sessie|sessies)\b|\b(?:kwijtschelden|kwijtgescholden|niet "
    r"aanrekenen|niet in rekening)\b|\bterugbetal\w*\b|\bcreditnota\b|\bupgrade\b|\b(?:tegen|"
    r"voor|op|uiterlijk) (?:morgen|overmorgen|maandag|dinsdag|woensdag|donderdag|vrijdag|"
    r"zaterdag|zondag|het weekend|eind van de week|einde van de week)\b|\bmorgen (?:al|nog)\b|"
    r"\bbinnen de (?:week|24 uur|48 uur)\b|\bdeze week nog\b|\bspoed\w*\b|\bexpress\w*\b|"
    r"\bbinnen (?:\d+|twee|drie|vier|één|een) (?:dag|dagen|werkdagen|uur)\b|\b(?:de|het) "
    r"(?:oude|vorige|zelfde|huidige) (?:prijs|tarief|tarieven|voorwaarden)\b|\bprijsbevriezing\b|"
    r"\b(?:bevriezen|bevroren|vastklikken)\b|\berbij\b|\bbovenop\b|\bsneller\b|\binbegrepen\b|"
    r"\b(?:dan )?(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|morgen) (?:dan|is "
    r"goed|is prima)\b|\bmaandelijks "
    r"opzegbaar\b|\bgeen (?:opzegtermijn|kosten|boete)\b|\b24/7\b|\btegen (?:het )?(?:standaard|"
    r"zelfde|normale|huidige|oude) (?:tarief|prijs)\b|\bvoor (?:hetzelfde|dezelfde) (?:bedrag|"
    r"prijs)\b|\bbinnen (?:het|hetzelfde) (?:huidige )?budget\b|\b(?:binnen|in|na) \d+ (?:dagen|weken|uur)\b|\b(?:zet|zetten|leg|leggen) (?:de|het|onze|uw|je) (?:prijs|tarief|tarieven)\b[^.?!]{0,20}\bvast\b|"
    r"\b(?:een|twee) weken? (?:eerder|vroeger)\b|\bprijs van vorig jaar\b|\b(?:op )?\d+ dagen\b|"
    r"\bvoor onze rekening\b|\bvan de factuur\b"
)

GIFT = (
    r"\b(?:ga|gaan|zal|zullen) (?:u|je|jou|jullie|uw|die|dat|de|het) (?:\w+ ){0,3}niet "
    r"(?:aanrekenen|factureren|in rekening brengen)\b|\bvoor onze rekening\b|"
    r"\bop onze kosten\b|\bvan het huis\b|\bkosteloos\b|\bgratis\b|\bvoor niets\b|\bvoor "
    r"niks\b|\bzonder (?:extra |bijkomende )?(?:kosten|meerprijs|meerkost)\b|\bzonder \w*"
    r"(?:toeslag|kosten|meerkost|meerprijs)\b|\bvoor onze rekening\b|\bcadeau\b|\bop ons\b|"
    r"\b(?:rekenen|reken|factureren|factureer) (?:we|wij|ik) (?:\w+ )?(?:\w+ )?(?:niet|geen \w+)"
    r"(?: meer)?(?: aan)?\b|\bniet (?:aan)?(?:ge)?rekend\b|\bhoeft (?:u|je|jij) niet(?: meer)? te "
    r"betalen\b|\b(?:laten|laat) (?:we|wij|ik) (?:\w+ )?(?:\w+ )?(?:vallen|weg|schieten)\b|\bis van "
    r"ons\b|\bvan de rekening\b|\bkredietnota\b|\bcreditnota\b|\bterugbetaling\b"
)

SHORT_ACCEPT = r"\b(?:dan|is goed|is prima|mag|lukt|komt in orde)\b"

GIVE = (
    r"\b(?:geven|geef|geeft|bieden|bied|biedt|aanbieden|doen|doe|zakken|zak|verlagen|verlaag|"
    r"schrappen|schrap|laten vallen|leveren|lever|regelen|regel|gooien|gooi|toevoegen|voeg|"
    r"matchen|meegaan|kwijtschelden|rekenen|terugbetalen|crediteren|verlengen|verleng|"
    r"versnellen|voorrang|zorgen|zorg|gaan naar|gaan we naar|ga naar|komen|kom|tegemoet|"
    r"opschuiven|zetten|zet|maken|maak|krijgt|krijg|krijgen|mag|mogen|oké|ok|okee|goed|prima|"
    r"akkoord|afgesproken|top|deal|in orde|vooruit|ja|natuurlijk|uiteraard|zeker|geen probleem|"
    r"graag|met plezier|is goed|is prima|fix|fixen|regel het|bevriezen|houden|vast|zet|"
    r"stort|storten|opnieuw|zitten|zit er|neem|nemen|mee|verlaagd|gegeven|geschrapt|aangepast|"
    r"toegevoegd|gezakt|verminderd|weggelaten|kwijtgescholden|gecrediteerd|haal|halen|trek|"
    r"trekken|leggen|leg)\b(?!-)|\berbij\b|"
    r"\bbovenop\b"
)

NEGATION = (
    r"\b(?:niet|geen|nooit|nee|neen|noch|onmogelijk|uitgesloten|niks|niets|zonder|allerminst|"
    r"geenszins)\b"
)
# A negation this many words after a value refuses it (Dutch puts it late).
NEGATION_WORDS_AFTER = 8
NEGATION_EXCEPTIONS = (
    r"\bgeen (?:enkel )?(?:probleem|punt|zorgen|twijfel)\b|\bniet alleen\b|\bzonder (?:extra |"
    r"bijkomende )?(?:kosten|meerprijs|aanrekening)\b|\bniet aanrekenen\b|\bniet in rekening\b|"
    r"\bmaakt niet uit\b|\bgeen meerprijs\b|\bwaarom niet\b|\bniets aan de hand\b|\b(?:rekenen|reken|"
    r"factureren|factureer) (?:we|wij|ik) (?:\w+ )?(?:\w+ )?(?:niet|geen)\b|\bhoeft (?:u|je|jij) niet\b|"
    r"\bzonder (?:meerkost|discussie)\b|\bzonder \w*(?:toeslag|kosten|meerkost|meerprijs)\b"
)

BARE_OPENERS = (
    r"^\s*(?:(?:nou|allez|allee|ach|tja|ja),? )?(?:ok|oké|okee|okay|goed|prima|akkoord|afgesproken|top|deal|vooruit|ja|jawel|in orde|"
    r"nou goed|nou vooruit|allez|allee|allez vooruit|vooruit dan|zeker|natuurlijk|uiteraard|"
    r"geen probleem|u wint|je wint|zoals u wil|zoals je wil|dat is dan afgesproken)\b"
)
