"""English cues. Patterns run on normalised (lower-case, straight-quote) clauses."""

from __future__ import annotations

# Signal cues: (signal name, regular expression).
# Guard for a concession cue: no condition follows in the same sentence ("if you …").
_UNCONDITIONAL = r"(?![^.?!]*\b(?:if|provided|as long as|in return|once you|when you)\b)"

CUES: tuple[tuple[str, str], ...] = (
    # --- submissive ---------------------------------------------------------------------------
    ("accepts_demand", r"\bwhatever (?:you|works for you|suits you)\b"),
    ("accepts_demand", r"\b(?:you'?re|you are) the (?:boss|customer|client)\b"),
    ("accepts_demand", r"\bthe customer is (?:always )?(?:king|right)\b"),
    ("accepts_demand", r"\b(?:as you wish|your call entirely|anything you (?:want|need|say))\b"),
    ("accepts_demand", r"\bconsider it done\b"),
    (
        "accepts_demand",
        r"\b(?:we|i)(?:'ll| will) (?:make it|find a way to make it) (?:happen|work)"
        r"(?:,? (?:somehow|no matter what|whatever it takes))?",
    ),
    ("accepts_demand", r"\b(?:whatever it takes|no matter what it costs|at any cost)\b"),
    ("accepts_demand", r"\b(?:we|i)(?:'ll| will) (?:drop|move|push) everything\b"),
    (
        "accepts_demand",
        r"\b(?:we|i)(?:'ll| will) (?:work|pull) (?:all night|the weekend|overtime|"
        r"an all-nighter|all-nighters)\b",
    ),
    ("accepts_demand", r"\b(?:you'?re|you are) (?:absolutely|completely|totally) right\b"),
    ("accepts_demand", r"\bwe(?:'ll| will) do (?:whatever|anything) (?:you|it takes)\b"),
    ("accepts_demand", r"\bi(?:'ll| will) (?:take|accept) (?:whatever|any) (?:terms|price)\b"),
    (
        "accepts_demand",
        r"\b(?:tell me|just say) (?:what|whatever) you (?:want|need)"
        r"(?: and (?:i|we)(?:'ll| will) (?:do|make) it)?",
    ),
    (
        "matches_competitor",
        r"\b(?:we|i)(?:'ll| will| can| could)?\s*(?:match|beat|undercut)\b"
        r"(?! your| the need)",
    ),
    ("matches_competitor", r"\bsame (?:price|rate|deal) as (?:them|they|the other|your other)"),
    (
        "apology_for_position",
        r"\b(?:sorry|apologi[sz]e|apologies)\b[^.?!]{0,40}\b(?:our|the|my)"
        r" (?:price|prices|pricing|rates?|fees?|costs?|increase|terms|policy|quote)",
    ),
    (
        "apology_for_position",
        r"\b(?:i'?m|i am|we'?re|we are) (?:so|really|terribly|truly|very|"
        r"deeply|incredibly|awfully) sorry\b",
    ),
    ("apology_for_position", r"\bsorry,? sorry\b|\bso,? so sorry\b"),
    (
        "apology_for_position",
        r"\bsorry (?:that|we are|we're|to be) (?:so )?(?:expensive|pricey|"
        r"difficult|a pain|a bother)",
    ),
    ("apology_for_position", r"\b(?:i|we) feel (?:terrible|awful|bad) (?:about|that)\b"),
    ("apology_for_position", r"\bplease forgive (?:me|us)\b"),
    (
        "pleading",
        r"\bplease,? (?:please|don'?t (?:leave|go|cancel|switch|walk)|give us (?:a|one|"
        r"another) chance|reconsider|stay)",
    ),
    ("pleading", r"\b(?:i'?m|i am) begging\b|\bi beg you\b"),
    (
        "pleading",
        r"\b(?:i|we) (?:really |desperately |badly )?need (?:this|the) (?:deal|order|"
        r"contract|sale|account)\b",
    ),
    ("pleading", r"\bmy (?:boss|manager) (?:will|would) (?:kill|fire|be furious)"),
    ("pleading", r"\b(?:is there )?anything (?:at all )?(?:i|we) can do\b"),
    (
        "pleading",
        r"\bwhat (?:else )?(?:can|could|would) (?:i|we) (?:do|offer) to (?:keep|win|"
        r"change|convince|make you)",
    ),
    ("pleading", r"\bdon'?t (?:leave|go|walk away|cancel)\b"),
    ("pleading", r"\b(?:we|i) (?:can'?t|cannot) (?:afford to )?lose (?:you|this|your)\b"),
    ("pleading", r"\bjust (?:one more|give us a) chance\b|\bgive us (?:one more|another) chance\b"),
    (
        "self_minimising",
        r"\b(?:i'?m|i am) (?:just|only|merely) (?:the|a) (?:sales ?(?:rep|"
        r"person|guy|girl)|rep|messenger|salesperson|junior|account manager)\b",
    ),
    ("self_minimising", r"\bi (?:don'?t|do not) make the (?:rules|decisions|prices)\b"),
    ("self_minimising", r"\b(?:it'?s|it is) not (?:up to me|my (?:call|decision))\b"),
    ("self_minimising", r"\bmy hands are tied\b|\bi have no say\b|\bi have no (?:power|influence)"),
    ("self_minimising", r"\bwho am i to\b"),
    (
        "blames_own_side",
        r"\b(?:our|my) (?:management|boss|bosses|company|head office|finance "
        r"(?:team|people)|pricing team) (?:is|are) (?:being )?(?:ridiculous|unreasonable|impossible|"
        r"stupid|greedy|crazy|difficult)",
    ),
    (
        "blames_own_side",
        r"\bi (?:completely |totally )?agree (?:that )?(?:our|the|this) (?:price|"
        r"pricing|quote|increase) is (?:too high|ridiculous|steep|crazy|absurd|unfair)",
    ),
    ("blames_own_side", r"\bbetween (?:you and me|us),? (?:our|the) (?:price|pricing|margin)"),
    (
        "seeks_approval",
        r"\b(?:i )?hope (?:that'?s|that is|this is|it'?s|this works|that works)"
        r"(?: (?:ok|okay|alright|all right|acceptable|fine|enough))?\b",
    ),
    ("seeks_approval", r"\bif (?:it'?s|that'?s) not too much (?:trouble|to ask)\b"),
    (
        "seeks_approval",
        r"\bwould that (?:maybe )?be (?:ok|okay|acceptable|alright)(?: with you)?"
        r"\??\s*(?:please)?$",
    ),
    ("seeks_approval", r"\bi hope you(?:'re| are| will be| can be) (?:happy|satisfied|ok|okay)"),
    ("seeks_approval", r"\b(?:let me know if (?:that'?s|this is) (?:ok|okay|acceptable|enough))"),
    ("over_accommodating", r"\b(?:no problem|not a problem|no worries) at all\b"),
    (
        "over_accommodating",
        r"\b(?:absolutely|of course|certainly),? (?:no problem|we(?:'ll| will)|"
        r"i(?:'ll| will)|consider)",
    ),
    ("over_accommodating", r"\bhappy to (?:do|help with) (?:anything|whatever)\b"),
    ("over_accommodating", r"\banything for (?:you|our best)\b"),
    (
        "accepts_demand",
        r"\b(?:name your price|just tell me (?:the|what) (?:price|number)|what "
        r"(?:price|number|discount) would (?:work|make you happy|keep you))\b",
    ),
    (
        "accepts_demand",
        r"\b(?:i'?ll|i will|let me) (?:see what i can do|do my (?:very )?best|try "
        r"my best|fight for you|push (?:it|this) through|make an exception|bend the rules)\b",
    ),
    (
        "accepts_demand",
        r"\b(?:i'?ll|i will|let me) (?:ask|talk to|check with|get) my (?:manager|"
        r"boss|director|team lead)\b[^.?!]{0,60}\b(?:approv|discount|get you|for you|sign off|"
        r"exception|lower|better price)",
    ),
    ("accepts_demand", r"\bjust this (?:once|one time)\b|\bas an exception\b"),
    (
        "accepts_demand",
        r"\b(?:we|i)(?:'ll| will) (?:absorb|eat|swallow|take the hit on) "
        r"(?:the|that|those|this)\b",
    ),
    (
        "accepts_demand",
        r"\b(?:i'?m|i am) sure we can (?:work something out|sort (?:it|something) "
        r"out|find something)\b",
    ),
    (
        "accepts_demand",
        r"\b(?:right away|straight away|immediately|asap),? (?:no questions asked|"
        r"of course)\b|\bno questions asked\b",
    ),
    (
        "accepts_demand",
        r"\byou(?:'re| are) (?:right|correct),? (?:that'?s|it'?s|our|the) "
        r"(?:price|quote|offer)? ?(?:is )?(?:too (?:high|much|expensive)|steep|a lot)",
    ),
    (
        "accepts_demand",
        r"\b(?:we|i)(?:'ll| will) (?:sort|fix|arrange|get) (?:that|it|this|all "
        r"of it) (?:out |sorted |done )?(?:for you )?(?:right away|immediately|straight away|today|"
        r"asap|at once)",
    ),
    ("pleading", r"\b(?:we'?d|we would|i'?d|i would) (?:hate|really hate) to lose (?:you|your)\b"),
    (
        "pleading",
        r"\byou(?:'re| are) (?:our|my) (?:most important|favourite|favorite|best|"
        r"biggest|key) (?:customer|client|account)\b[^.?!]{0,40}\b(?:so|therefore|which is why)\b",
    ),
    ("pleading", r"\bplease (?:let me know|tell me) (?:what|if) (?:i|we) can do\b"),
    (
        "pleading",
        r"\b(?:we|i) (?:really |truly |so )?(?:value|appreciate) (?:you|your business) "
        r"(?:so much|too much|more than)",
    ),
    (
        "apology_for_position",
        r"\b(?:i'?m|i am|we'?re|we are) (?:sorry|afraid),? (?:but )?(?:i|we) "
        r"(?:know|realise|realize) (?:it'?s|this is|that'?s|our)",
    ),
    (
        "apology_for_position",
        r"\bi know (?:it'?s|this is|we'?re|our price is) (?:a lot|"
        r"expensive|too much|steep|not ideal)\b",
    ),
    (
        "seeks_approval",
        r"\b(?:would|does|is) (?:that|this) (?:be )?(?:ok|okay|alright|acceptable|"
        r"enough|good enough)(?: for you)?\?",
    ),
    (
        "seeks_approval",
        r"\b(?:hopefully|i hope) (?:that|this) (?:helps|makes up|works|is enough|"
        r"will do)\b",
    ),
    (
        "accepts_demand",
        r"\bdon'?t worry about (?:that|it|the (?:cost|extra|price|difference|"
        r"fee|invoice))\b|\bno need to (?:send|show|pay|worry|justify)\b",
    ),
    (
        "accepts_demand",
        r"\blet'?s (?:just )?(?:say|call) it (?:included|done|even|free)\b|"
        r"\blet'?s not make (?:it|this) complicated\b|\b(?:i|we)'?ll just (?:include|add|throw|do|"
        r"take|absorb|cover|eat)\b",
    ),
    (
        "accepts_demand",
        r"\bi (?:don'?t|do not) want to (?:lose you|disappoint|let you down|make a "
        r"fuss|upset|argue|be difficult|cause (?:any )?trouble|push back)\b|\bi'?d never want to "
        r"(?:let you down|disappoint)\b|\bi don'?t want you to be (?:disappointed|upset|unhappy|"
        r"angry)\b",
    ),
    (
        "accepts_demand",
        r"\b(?:whenever|whatever|however|wherever) you (?:like|want|wish|need|"
        r"prefer|think is (?:fair|right|best)|decide|say)\b|\b(?:put in|pick|choose|set|name) "
        r"whatever\b|\bwhen(?:ever)? it suits you\b|\bwhatever works for you\b",
    ),
    (
        "accepts_demand",
        r"\b(?:promise|guarantee|do|make) it anyway\b|\bthere'?s no way i'?m "
        r"(?:going to|gonna) say no\b|\bi (?:can'?t|couldn'?t|could never) say no\b|\bi wouldn'?t "
        r"dream of (?:refusing|saying no|arguing|pushing back)\b",
    ),
    (
        "accepts_demand",
        r"\bfront of the (?:queue|line)\b|\bjump the (?:queue|line)\b|\btop of "
        r"(?:the|our) (?:list|pile|queue)\b",
    ),
    (
        "accepts_demand",
        r"\bexactly as you (?:drafted|wrote|asked|wanted|want|requested|"
        r"proposed)\b|\bno changes needed\b|\bas you (?:asked|requested|wanted|demanded)\b",
    ),
    ("accepts_demand", r"\b(?:are|is) (?:all )?yours\b|\bi should have offered\b"),
    (
        "accepts_demand",
        r"\bsomehow\b|\b(?:even if|even though) (?:my|our|the) (?:team|people|"
        r"staff|guys) (?:has|have|need) to\b",
    ),
    (
        "accepts_demand",
        r"\b(?:we|i)(?:'ll| will)? (?:absorb|eat|swallow) (?:them|it|those|that|"
        r"the (?:cost|costs|difference|extra))\b",
    ),
    (
        "accepts_demand",
        r"\b(?:but|still|oh well|ah well|well),? (?:fine|okay|ok|alright|all right|go on then)\b",
    ),
    (
        "pleading",
        r"\bwhat would it take (?:for you|to)\b|\b(?:could|can) we keep this between "
        r"us\b|\bplease,? could (?:we|you)\b",
    ),
    (
        "self_minimising",
        r"\bgoes (?:way )?over my head\b|\bi'?m (?:just|only) the (?:account|"
        r"sales|junior)\b|\bi'?m not (?:really )?(?:the right person|qualified|senior enough)\b",
    ),
    # --- dominant -----------------------------------------------------------------------------
    ("ultimatum", r"\btake it or leave it\b"),
    (
        "ultimatum",
        r"\b(?:this|that) is (?:our|my) (?:final|last) (?:offer|word|price)\b"
        r"(?:,? (?:period|full stop))?",
    ),
    (
        "ultimatum",
        r"\bnon-?negotiable\b|\bnot (?:up for|open (?:for|to)) (?:discussion|debate|"
        r"negotiation)\b",
    ),
    (
        "ultimatum",
        r"\b(?:or|otherwise) (?:you can |feel free to )?(?:go|find|look|shop) "
        r"(?:elsewhere|somewhere else|someone else|another supplier)\b",
    ),
    ("ultimatum", r"\b(?:or|otherwise) (?:the|this|our) (?:deal|offer) is off\b"),
    ("ultimatum", r"\b(?:sign|decide|accept|pay|confirm)\b[^.?!]{0,40}\bor (?:we|i|the|you)\b"),
    ("ultimatum", r"\b(?:end of (?:story|discussion)|period\.?$|full stop|final answer)\b"),
    ("ultimatum", r"\b(?:that'?s|it'?s) (?:it|all),? (?:no more|nothing more)\b"),
    ("ultimatum", r"\bwe(?:'re| are) done (?:here|talking|negotiating)\b"),
    ("ultimatum", r"\bno (?:further|more) (?:discussion|negotiation|concessions)\b"),
    ("ultimatum", r"\byou have until\b[^.?!]{0,40}\b(?:or|otherwise|after that|then)\b"),
    (
        "threat",
        r"\b(?:release|give away|reassign|free up) (?:your|the customer's) (?:slot|capacity|booking|"
        r"reservation|place|spot|allocation|build slot|production slot)\b",
    ),
    (
        "threat",
        r"\b(?:we|i)(?:'ll| will| shall| are going to| 'm going to| am going to)"
        r" (?:terminate|cancel|stop|end|cut|pull|suspend|withdraw|halt|freeze (?:your|the account|"
        r"deliveries|all)|escalate this to)\b"
        r"(?! (?:by|at) )",
    ),
    ("threat", r"\byou(?:'ll| will) (?:regret|lose|be sorry|pay for)\b"),
    ("threat", r"\b(?:legal action|our lawyers?|our legal (?:team|department)|in court|sue you)\b"),
    ("threat", r"\bblack-?list"),
    (
        "threat",
        r"\b(?:we|i)(?:'ll| will) (?:charge|bill|invoice) you\b[^.?!]{0,30}\b(?:extra|"
        r"penalt|every|full)",
    ),
    ("threat", r"\b(?:don'?t|do not) (?:come|expect us to come) (?:back|crying|running)\b"),
    ("threat", r"\bgood luck finding\b"),
    ("threat", r"\b(?:you'?ll|you will) be at the back of the (?:queue|line)\b"),
    (
        "belittling",
        r"\byou (?:clearly |obviously |simply |really |just )?(?:don'?t|do not|"
        r"fail to|can'?t|cannot) (?:seem to )?(?:understand|know|get|grasp|see|read)\b",
    ),
    ("belittling", r"\b(?:clearly|obviously|evidently),? you(?:'ve| have)? (?:no|never|don'?t)"),
    (
        "belittling",
        r"\bdo you (?:even|actually|really) (?:know|understand|realise|realize|read|get)",
    ),
    (
        "belittling",
        r"\b(?:let me|i'?ll) (?:explain|spell) (?:it|this|that)(?: out)?(?: (?:to you|"
        r"for you))?(?: (?:slowly|again|once more|one more time|simply|in simple terms))",
    ),
    (
        "belittling",
        r"\bas (?:i|we) (?:have )?(?:already |clearly )?(?:said|told you|explained|"
        r"stated|wrote|mentioned)(?: (?:before|twice|several times|many times|repeatedly))?",
    ),
    (
        "belittling",
        r"\b(?:any|a) (?:professional|competent|serious|sensible|reasonable|"
        r"experienced) (?:buyer|company|person|procurement|purchaser|customer) (?:would|knows|"
        r"understands)\b",
    ),
    (
        "belittling",
        r"\b(?:naive|na[iï]ve|amateur(?:ish)?|ridiculous|absurd|laughable|clueless|"
        r"delusional|nonsense|silly|childish|unprofessional)\b",
    ),
    ("belittling", r"\b(?:get real|wake up|grow up|be serious|be realistic|come on)\b"),
    ("belittling", r"\b(?:you'?re|you are) (?:not|hardly) in a position\b"),
    ("belittling", r"\byou have no (?:leverage|choice|alternative|idea)\b"),
    (
        "belittling",
        r"\bwith your (?:budget|volumes?|size)\b[^.?!]{0,30}\b(?:should|can'?t|"
        r"expect|lucky)\b",
    ),
    ("belittling", r"\b(?:frankly|honestly),? (?:that'?s|it'?s|your) (?:a )?(?:joke|insult)"),
    ("belittling", r"\bit'?s (?:quite |really |very )?(?:simple|basic|obvious)(?:,| really)?\b"),
    ("belittling", r"\bi(?:'m| am) (?:surprised|amazed|shocked) (?:that )?you\b"),
    ("belittling", r"\bthat'?s not how (?:this|it|business) works\b"),
    ("belittling", r"\byou should know (?:better|that)\b"),
    (
        "blaming",
        r"\b(?:it'?s|that'?s|this is|it is|that is) (?:entirely |all |completely )?"
        r"(?:your|on your) (?:own )?(?:fault|problem|doing|side|responsibility|mistake)\b",
    ),
    ("blaming", r"\bthat'?s on you\b|\bblame (?:yourselves|yourself|your)\b"),
    ("blaming", r"\byou should have\b|\bif you had (?:read|planned|ordered|told|listened)"),
    (
        "blaming",
        r"\byour (?:team|people|staff|planning|department) (?:messed|screwed|dropped|"
        r"failed|caused|made)\b",
    ),
    ("blaming", r"\byou (?:people|guys) (?:always|never|keep)\b"),
    (
        "boasting",
        r"\bwe(?:'re| are) (?:the )?(?:best|market leader|number one|#1|leading|only "
        r"(?:ones|supplier|company))\b",
    ),
    ("boasting", r"\bno(?:body| one) else (?:can|could|will|offers|comes close)\b"),
    (
        "boasting",
        r"\bwe have (?:a |plenty of |enough |more than enough |a long list of |dozens "
        r"of |other )?(?:waiting list|customers|clients|buyers|companies)\b"
        r"(?:[^.?!]{0,40}\b(?:waiting|lined up|queuing|happy to|who would|who'd))?",
    ),
    ("boasting", r"\b(?:customers|clients|companies) (?:are )?(?:lining up|queuing|queueing)\b"),
    ("boasting", r"\byou need us (?:more|a lot more)\b"),
    (
        "boasting",
        r"\bwe (?:don'?t|do not) need (?:your|this|the) (?:business|order|account|"
        r"contract|money)\b",
    ),
    (
        "boasting",
        r"\b(?:plenty of|many|other) (?:customers|clients|companies) (?:would|will) "
        r"(?:gladly|happily|love to)\b",
    ),
    (
        "dismissive",
        r"\b(?:that'?s|it'?s|that is|it is) not (?:my|our) (?:problem|concern|issue|"
        r"business)\b",
    ),
    ("dismissive", r"\b(?:i|we) (?:don'?t|do not) (?:care|really care)\b"),
    (
        "dismissive",
        r"\b(?:not interested in|spare me) (?:your|the|excuses|stories|"
        r"explanations)?",
    ),
    (
        "dismissive",
        r"\b(?:your|their|the other) (?:competitor'?s?|other supplier'?s?)?\s?(?:quote|"
        r"offer|proposal|price) is (?:irrelevant|worthless|rubbish|garbage|nonsense|meaningless|"
        r"a fantasy|a joke)",
    ),
    ("dismissive", r"\b(?:irrelevant|doesn'?t matter|does not matter|who cares|so what)\b"),
    ("dismissive", r"\bstop (?:complaining|whining|moaning|wasting (?:my|our) time)\b"),
    ("dismissive", r"\b(?:i|we) (?:don'?t|do not) have time for (?:this|that|games)\b"),
    ("dismissive", r"\bthat'?s (?:your|their) (?:problem|issue|business)\b"),
    (
        "command",
        r"\byou (?:must|have to|need to|will have to|'ll have to)\b(?! (?:tell|let me know|"
        r"help me|share|decide what))",
    ),
    (
        "command",
        r"(?<!you )(?<!we )(?<!i )(?<!if )(?<!once )(?<!when )\b(?:sign|pay|accept|decide|confirm) (?:it |this |the (?:contract|order|offer|"
        r"quote) )?(?:now|today|immediately|right now|by (?:tomorrow|tonight|friday|monday))\b",
    ),
    ("command", r"^\s*(?:stop|listen|look)[,!.]"),
    ("command", r"\bi (?:expect|demand|insist) (?:you|that you|a)\b"),
    (
        "sarcasm",
        r"\bgood luck with that\b|\bnice try\b|\byeah,? right\b|\bsure you (?:do|are|"
        r"will|can)\b",
    ),
    ("sarcasm", r"\bif you want (?:cheap|peanuts|rubbish|junk)\b|\bpay peanuts\b"),
    ("sarcasm", r"\bwhat a surprise\b|\bhow (?:convenient|original)\b"),
    ("sarcasm", r"\b(?:dream on|in your dreams)\b"),
    ("polite_cover", r"\bwith (?:all )?(?:due )?respect\b"),
    ("polite_cover", r"\bno offen[cs]e(?:,| but)\b|\bdon'?t take this the wrong way\b"),
    (
        "polite_cover",
        r"\bi(?:'m| am) (?:afraid|sorry) (?:you'?re|you are|you have|you'?ve) "
        r"(?:wrong|mistaken|misunderstood)",
    ),
    (
        "ultimatum",
        r"\b(?:our|the) (?:price|terms|offer|quote) (?:is|are) what (?:it is|they "
        r"are)\b|\b(?:it|that)'?s? (?:simply )?how (?:it|things) (?:is|works|are)\b",
    ),
    (
        "ultimatum",
        r"\b(?:decide|sign|let me know|confirm)\b[^.?!]{0,20}\bby (?:friday|monday|"
        r"tomorrow|tonight|end of (?:day|week)|noon|\d)[^.?!]*[.!]\s*(?:after that|otherwise|or)\b",
    ),
    (
        "ultimatum",
        r"\b(?:after|past) (?:that|friday|today|tomorrow),? (?:the|this|our) (?:offer|"
        r"price|slot|deal) (?:is gone|expires|goes|is off|disappears)",
    ),
    (
        "ultimatum",
        r"\b(?:we|i) (?:don'?t|do not|never) (?:do|give|negotiate) (?:discounts?|"
        r"rebates|deals)(?:,? (?:period|ever|full stop))?\b",
    ),
    ("ultimatum", r"\byes or no\b|\bno more (?:back and forth|haggling|games)\b"),
    (
        "threat",
        r"\b(?:your|the) (?:slot|capacity|priority|account|discount|contract) (?:will|"
        r"goes|is going to) (?:go|be given|be gone|be cancelled|to someone else)",
    ),
    ("threat", r"\b(?:we|i) (?:can|could) (?:easily )?(?:replace|drop) (?:you|your account)\b"),
    ("threat", r"\b(?:your|you'?ll be) (?:loss|losing out)\b|\byour loss\b"),
    ("belittling", r"\byou get what you pay for\b|\bif you pay peanuts\b"),
    (
        "belittling",
        r"\b(?:we'?re|we are) not a (?:charity|bank|discount store|bargain bin|"
        r"supermarket)\b",
    ),
    ("belittling", r"\b(?:read|check) (?:the|your) (?:contract|terms|small print)\b"),
    (
        "belittling",
        r"\bi'?ve been doing this for\b|\bi know (?:this|the) (?:market|business) "
        r"better\b|\bbelieve me,? i know\b",
    ),
    (
        "belittling",
        r"\byou(?:'re| are) asking (?:for )?the impossible\b|\byou can'?t (?:seriously "
        r"|honestly |really )?expect\b|\byou can'?t be serious\b|\bare you serious\b",
    ),
    (
        "belittling",
        r"\byou should be (?:grateful|glad|happy|thankful)\b|\b(?:lucky|fortunate) "
        r"(?:to get|to have|that we)\b",
    ),
    ("belittling", r"\b(?:that'?s|what) (?:you|you'?ve|you have) (?:signed|agreed to)\b"),
    (
        "belittling",
        r"\bwe (?:won'?t|will not) be (?:bullied|pushed around|held hostage|"
        r"blackmailed|lectured)\b|\bdon'?t (?:threaten|lecture|bully) (?:me|us)\b",
    ),
    ("belittling", r"\b(?:seriously|really)\?|\?!"),
    (
        "dismissive",
        r"\bwasting (?:my|our) time\b|\bi'?m not (?:here|going) to (?:babysit|"
        r"hold your hand|argue)\b",
    ),
    ("dismissive", r"\b(?:end of|that'?s the end of) (?:it|the matter|the conversation)\b"),
    ("dismissive", r"\bnot (?:my|our) job to\b|\bnot our fault\b"),
    (
        "command",
        r"\blet'?s be (?:very |perfectly |absolutely )?clear\b|\bget this straight\b|"
        r"\bunderstood\?|\bis that clear\?",
    ),
    (
        "blaming",
        r"\b(?:on|from) your (?:side|end)\b(?![^.?!]*\?)|\bnot (?:ours|us|our (?:fault|problem|"
        r"service|side))\b|\bdon'?t (?:put|pin|blame|push) (?:this|that|it) on us\b",
    ),
    (
        "blaming",
        r"\bbecause you (?:forgot|failed|didn'?t|couldn'?t|can'?t|keep|kept|changed|"
        r"refused|ignored|never)\b|\bif your \w+(?: \w+)? (?:did|had done|does) (?:its|their|his|"
        r"her|your) job\b",
    ),
    (
        "blaming",
        r"\b(?:user|operator|operating|client-side) errors?\b|\byour (?:own )?(?:setup|"
        r"logs|installation|configuration|mistake|responsibility)\b|\byou (?:approved|signed off "
        r"on|signed|agreed to) (?:every|each|all|it|this|the)\b[^.?!]{0,60}\b(?:so|responsibility)",
    ),
    (
        "belittling",
        r"\b(?:for|like|to) (?:a company|companies|customers|clients|accounts|"
        r"businesses|a client|a customer) (?:like yours|of your size|your size|who (?:can'?t|"
        r"don'?t|change|never))\b|\baccounts? (?:of )?your size\b|\blike everyone else\b|\b(?:small|"
        r"little) (?:clients|customers|companies) who\b",
    ),
    (
        "belittling",
        r"\b(?:pointless|tantrum|tantrums|whining|moaning|clueless|silly "
        r"request)\b",
    ),
    (
        "belittling",
        r"\bhow many times\b|\b(?:won'?t|will not|not going to|refuse to) explain "
        r"(?:it|this|that)? ?again\b|\bwe'?ve (?:been over|been through|discussed) this\b|"
        r"\b(?:third|fourth|fifth) time\b|\b(?:three|four|five|several|many|multiple) times\b",
    ),
    (
        "belittling",
        r"\b(?:maybe|perhaps) (?:you )?(?:shouldn'?t|should (?:start|try|read|learn|"
        r"listen)|start|try|learn|read|listen|consider (?:basic|some))\b",
    ),
    (
        "belittling",
        r"\b(?:did|has|have) (?:anyone|anybody|you) (?:on your side |in your team )?"
        r"(?:actually |even |ever )?(?:read|looked|checked|seen|worked)\b|\bhave you (?:ever|even|"
        r"actually) (?:seen|read|looked|worked|run)\b",
    ),
    (
        "belittling",
        r"\b(?:you'?re|you are) (?:only|just|about|barely|not even|less than) "
        r"(?:\d+ ?%|a fraction)\b|\bput (?:it|that|things) (?:in|into) perspective\b|\bi'?m sure you "
        r"mean well\b|\bsecond-?guess",
    ),
    ("belittling", r"\b(?:really|seriously|honestly)\?|\?\s*(?:really|seriously)\?"),
    (
        "command",
        r"^\s*(?:stop|fix|stick|use|buy|sign|tell your|go ahead and|listen|accept|deal "
        r"with|learn|pay|calm down|get over|leave the|don'?t (?:ask|expect|chase|call|put|"
        r"bother|come|waste|tell|make|push|bother|even))\b",
    ),
    ("command", r"\bcheck your own\b|\bsign (?:it )?as is\b"),
    (
        "ultimatum",
        r"\b(?:sign|take|accept|sign it|take it) or (?:don'?t|not|leave it)\b|\bor "
        r"don'?t\b|\bnothing (?:more |further )?to (?:discuss|negotiate|talk about)\b|\bno "
        r"(?:exceptions|discussion)\b|\bnot (?:a single|one)\b",
    ),
    (
        "ultimatum",
        r"\b(?:standard|normal|usual) (?:lead time|terms|rate|price|conditions) "
        r"(?:applies|apply)\b|\b(?:these|those) are (?:our|the) (?:terms|conditions|prices)\.?$",
    ),
    (
        "threat",
        r"\b(?:don'?t|do not) expect (?:us|me) to\b|\bwe keep a list\b|\bwe (?:don'?t|"
        r"won'?t|never) forget\b|\byou'?ll be back\b|\bat a higher price\b|\bwhether we (?:still )?"
        r"want to (?:keep )?(?:work|do business)",
    ),
    (
        "threat",
        r"\b(?:we|i)(?:'ll| will) (?:switch off|disable|shut off|deactivate|suspend|block|"
        r"cut off|stop)\b|\bno (?:further |more )?reminders?\b|\b(?:goes|go|will go) to (?:another|"
        r"someone|a different|the next) (?:customer|client|buyer)\b|\blose your (?:slot|place|"
        r"priority|discount|account)\b",
    ),
    (
        "boasting",
        r"\bwe set the (?:prices|terms|rules)\b|\bbest (?:on|in) the market\b|\b(?:don'?t|"
        r"do not) need (?:your|this|the) \w+ that (?:badly|much)\b|\b(?:twenty|\d+) years of "
        r"experience\b",
    ),
    ("belittling", r"\bwe'?re not a (?:menu|restaurant|charity|bank|buffet)\b"),
    (
        "dismissive",
        r"\bnoted and (?:rejected|dismissed|declined)\b|\b(?:post|write|say|do|"
        r"think) whatever you (?:like|want)\b",
    ),
    ("sarcasm", r"\bgood luck with (?:them|that|it|those)\b"),
    (
        "ultimatum",
        r"\b(?:triple|double|quadruple) the (?:price|rate|fee)\b|\bno complaints "
        r"afterwards\b",
    ),
    # --- equal footing ------------------------------------------------------------------------
    (
        "limit",
        r"\b(?:quote|price|charge|bill|invoice|list) (?:it|that|this|them|those) separately\b|"
        r"\bas a separate (?:line|item|quote|order|invoice|project)\b|\bon a separate (?:quote|"
        r"invoice|order)\b",
    ),
    (
        "limit",
        r"\b(?:we|i)(?: really| simply| just)? (?:can'?t|cannot|won'?t|will not|are not "
        r"able to|aren'?t able to|am not able to|'m not able to|'re not able to|are unable to|am "
        r"unable to|'re unable to|don'?t|do not) (?:go|drop|lower|do|offer|give|accept|agree|move|"
        r"reduce|come down|match|include|deliver|promise|commit|guarantee|add|waive|absorb|"
        r"justify|make|sell|discount|budge|cut)\b",
    ),
    (
        "limit",
        r"\b(?:that|this|it|\d+ ?%|\d+ ?percent)(?:'s| is)? (?:doesn'?t|does not|won'?t|"
        r"will not|isn'?t|is not|not) (?:work|possible|feasible|an option|realistic|doable|going "
        r"to (?:work|happen))\b",
    ),
    (
        "limit",
        r"\b(?:not|isn'?t|is not|won'?t be) (?:possible|feasible|an option|doable|realistic|"
        r"something we can do|on the table)(?: for (?:us|me))?\b",
    ),
    ("limit", r"\b(?:my|our) answer (?:on \w+ )?(?:will be|is|stays|remains) the same\b"),
    (
        "limit",
        r"\b(?:that'?s|that is|this is|it'?s|it is) (?:our|my|the) (?:floor|limit|bottom "
        r"line|lowest|best (?:price|we can do)|maximum|minimum)\b",
    ),
    (
        "limit",
        r"\b(?:our|the) (?:price|rate|quote|offer|fee) (?:stays|remains|stands|is firm|"
        r"holds|won'?t change)\b",
    ),
    (
        "limit",
        r"\b(?:we|i) (?:stand|stay) (?:by|with) (?:our|the|that|this) (?:price|quote|"
        r"offer|number|proposal)\b",
    ),
    ("limit", r"^\s*(?:no|nope)\b(?! (?:problem|worries|doubt))"),
    ("limit", r"\b(?:i'?d|i would|we'?d|we would) rather (?:not|walk away|lose the deal)\b"),
    ("limit", r"\b(?:we|i) (?:have to|need to|must) (?:say no|decline|pass|hold)\b"),
    ("limit", r"\b(?:we|i) (?:have to|need to|must) (?:protect|keep|cover|be fair)\b"),
    ("limit", r"\b(?:not|no) (?:below|under|lower than|more than)\b"),
    ("limit", r"\bthat(?:'s| is) (?:as far as|where) (?:we|i) can go\b"),
    ("alternative", r"\bwhat (?:we|i) (?:can|could) (?:do|offer|propose|suggest)\b"),
    (
        "alternative",
        r"\b(?:instead|alternatively|on the other hand|another option|other option|"
        r"an alternative|two options|three options|a few options|some options|options?:)\b",
    ),
    (
        "alternative",
        r"\b(?:we|i) (?:could|can|might)(?: also)? (?:look at|consider|explore|"
        r"propose|suggest|split|phase|stage|offer a|offer you a|do a|start with|work out)\b",
    ),
    ("alternative", r"\b(?:how about|what about|what if we|would it help if|would it work if)\b"),
    ("alternative", r"\bbut (?:we|i) (?:can|could|will|would be happy to)\b"),
    ("alternative", r"\b(?:is|are) (?:possible|an option|doable|on the table)\b(?![^.?!]*\?)"),
    (
        "alternative",
        r"\b(?:a|one) (?:middle ground|compromise|phased|pilot|smaller|lighter|"
        r"reduced|leaner|partial|staged)\b",
    ),
    ("asks_need", r"\b(?:what|which|how|why|where|when)\b[^.!]{0,80}\?"),
    (
        "asks_need",
        r"\b(?:could|can|would) you (?:tell|walk|explain|share|show|help|clarify|give "
        r"me|send|let me know)\b",
    ),
    ("asks_need", r"\bhelp me understand\b|\bi'?d like to understand\b|\bi want to understand\b"),
    (
        "asks_need",
        r"\bwhat(?:'s| is) (?:driving|behind|most important|the priority|the deadline "
        r"based)\b",
    ),
    (
        "acknowledges",
        r"\bi (?:fully |completely |totally |really )?(?:understand|get it|get that|"
        r"see (?:why|that|your point|where)|hear (?:you|that|your)|appreciate|can imagine|realise|"
        r"realize|recognise|recognize|know (?:that )?(?:this|budgets|you))\b",
    ),
    (
        "acknowledges",
        r"\b(?:that'?s|that is|it'?s|it is) (?:a )?(?:fair|valid|reasonable|"
        r"understandable|good|legitimate) (?:point|question|concern|request|ask)\b",
    ),
    ("acknowledges", r"\bfair (?:point|enough|question)\b|\bunderstandable\b"),
    (
        "acknowledges",
        r"\bthanks? (?:you )?for (?:being|your|raising|sharing|the|telling|flagging|"
        r"the feedback|your patience)\b",
    ),
    (
        "acknowledges",
        r"\bi can see (?:that|how|why)\b|\bthat must be\b|\bi know (?:that )?"
        r"(?:this|that|the)\b",
    ),
    (
        "reason",
        r"\b(?:because|since|as that|given that|due to|the reason (?:is|being)|which "
        r"(?:covers|reflects|includes|means)|that (?:covers|reflects|includes))\b",
    ),
    (
        "next_step",
        r"\b(?:let'?s|shall we|should we|can we|could we) (?:schedule|set up|look|sit "
        r"down|meet|talk|discuss|go through|review|plan|agree|find|map|work|book|have a|start)\b",
    ),
    ("next_step", r"\bi(?:'ll| will) (?:send|share|prepare|draft|put together|call|follow up)\b"),
    ("next_step", r"\b(?:i|we) (?:propose|suggest|recommend)\b|\bmy (?:proposal|suggestion)\b"),
    (
        "next_step",
        r"\b(?:does|would) (?:that|this|either|one of (?:these|those)) (?:work|help|"
        r"suit|fit)\b",
    ),
    (
        "courtesy_apology",
        r"\b(?:sorry|apologies|apologi[sz]e)\b[^.?!]{0,30}\b(?:late|delay|"
        r"delayed|slow|wait|waiting|reply|response|getting back|confusion|inconvenience|trouble|"
        r"mix-?up|hassle|frustration)\b",
    ),
    ("courtesy_apology", r"\b(?:sorry to hear|i'?m sorry (?:that|this) (?:happened|caused|went))"),
    # --- general structures (grammar and word families rather than phrases) ------------------
    # Submissive: taking the customer's number or demand as it stands. The guard
    # ``_UNCONDITIONAL`` keeps a sentence that attaches a condition ("if you …") out.
    (
        "accepts_demand",
        r"\bas (?:requested|demanded|instructed|you (?:proposed|suggested|specified|insisted))\b|"
        r"\bat the (?:figure|price|number|rate|amount|level|discount) you (?:mentioned|named|"
        r"proposed|suggested|asked for|wanted|quoted)\b|\b(?:to|at|match) your (?:target|figure|"
        r"number|budget) (?:price|of|exactly)?\b",
    ),
    (
        "accepts_demand",
        r"\bconsider (?:it|that|this|the \w+(?: \w+)?) (?:waived|done|sorted|cancelled|gone|"
        r"forgiven|covered|handled|dropped|included)\b",
    ),
    (
        "accepts_demand",
        r"\b(?:works|is fine|is ok(?:ay)?|suits|is acceptable|sounds (?:good|fine)) (?:for|with|"
        r"by) (?:us|me)\b" + _UNCONDITIONAL,
    ),
    ("accepts_demand", r",\s*(?:agreed|accepted|done|deal|granted|no problem)\s*[.!]"),
    (
        "accepts_demand",
        r"\b(?:we|i)(?:'ll| will| can| could) (?:make|get) (?:\w+ ){1,2}work\b" + _UNCONDITIONAL,
    ),
    (
        "accepts_demand",
        r"\b(?:we|i)(?:'ll| will| can| could)? ?(?:find|free up|dig up|scrape together) (?:the|a|"
        r"some|extra) (?:budget|money|time|capacity|room|people|resources?|way)\b[^.?!]{0,20}"
        r"\b(?:somewhere|somehow|for you|anyway)\b|\bsomewhere\.?$",
    ),
    (
        "accepts_demand",
        r"\b(?:squeeze|fit|slot|sneak|cram|push|shoehorn) (?:it|that|this|you|them|those) "
        r"(?:in|through)\b",
    ),
    (
        "accepts_demand",
        r"\b(?:we|i)(?:'ll| will| can)? ?(?:lock|freeze) (?:in )?(?:the|your|our|this|that|"
        r"today'?s) (?:price|rate|pricing|fee|tariff)s?\b" + _UNCONDITIONAL,
    ),
    (
        "accepts_demand",
        r"\b(?:absorb|eat|swallow|cover|pick up|take care of|waive) (?:the|that|this|those|your) "
        r"(?:extra |additional |whole |full )?(?:cost|costs|freight|shipping|fee|fees|difference|"
        r"charges?|overtime|bill|tab|surcharge|penalty|setup)\b" + _UNCONDITIONAL,
    ),
    (
        "accepts_demand",
        r"\b(?:if not|if that'?s not ok(?:ay)?|if you disagree|if you'?d rather not),? "
        r"(?:then )?(?:i|we|that'?s)\b[^.?!]{0,50}\b(?:understand|fine|lower|drop|reduce|change|"
        r"adjust|go down|come down|remove)\b",
    ),
    (
        "accepts_demand",
        r"\b(?:i'?ll|i will|let me|we'?ll|we will) (?:ask|get|have|tell) (?:\w+ ){1,2}to "
        r"(?:strike|remove|drop|waive|delete|cancel|take out|scrap|lower|adjust)\b",
    ),
    (
        "accepts_demand",
        r"\b(?:that'?s|it'?s|is) (?:our|my) problem,? not (?:yours|your)\b|\bhow far (?:i|we) "
        r"can (?:go|drop|come down|move|bend)\b|\bif that'?s what you (?:want|need|prefer)\b",
    ),
    (
        "accepts_demand",
        r"\b(?:we|i) (?:don'?t|do not) want to (?:make (?:this|it|things) (?:difficult|hard|"
        r"complicated)|seem|look|come across|appear)\b|\b(?:i'?d|we'?d|i would|we would) hate "
        r"(?:for )?you to (?:think|feel)\b|\b(?:seem|look|come across|appear|being) (?:greedy|"
        r"difficult|petty|stingy|pushy|unreasonable)\b",
    ),
    (
        "over_accommodating",
        r"\b(?:i'?ve|we'?ve|i have|we have) (?:already )?(?:gone ahead and|taken the liberty)\b|"
        r"\babove and beyond\b|\bon top of (?:that|what you asked)\b",
    ),
    ("matches_competitor", r"\bmatched\b|\b(?:we|i)(?:'ll| will) be at [^.?!]{0,15}\btoo\b"),
    (
        "pleading",
        r"\b(?:tell me|let me know|say) what (?:i|we) (?:can|could|should) (?:give|offer|do)\b|"
        r"\bmake (?:it )?up (?:for|to you)\b|\bwould it be (?:ok|okay|alright|all right|"
        r"acceptable) if (?:we|i)\b",
    ),
    (
        "apology_for_position",
        r"\b(?:regret|sorry|apologi[sz]e)\b[^.?!]{0,40}\b(?:our|my) (?:quot\w+|offer|proposal|"
        r"pric\w+|rates?|fees?)\b|\bi know,? i know\b|\bi feel (?:awful|terrible|horrible|bad)\b|"
        r"\bi'?m (?:so )?ashamed\b",
    ),
    (
        "blames_own_side",
        r"\b(?:just|only|simply) (?:company|corporate|head office|our) (?:policy|rules)\b|\bi "
        r"(?:also |personally )?(?:find|think)\b[^.?!]{0,20}\b(?:annoying|silly|excessive|"
        r"overkill|unfair|ridiculous|a bit much|over the top)\b",
    ),
    # Dominant: orders aimed at the customer (imperatives at the start of a sentence).
    (
        "command",
        r"^\s*(?:(?:so|then|just|please),? )?(?:read|re-?read|sign|switch|train|check|stop|pay|"
        r"accept|learn|study|fix|deal|stick|sort|figure|talk to your|ask your|look it up|return|"
        r"go back|send (?!(?:me|us)\b)|call (?:me|us) when|take (?!(?:a look|your time)\b)\w+ "
        r"(?:or|and (?:go|stop|leave))|do (?:your|the) (?:homework|math|maths|reading))\b"
        r"(?![^.?!]*\?)",
    ),
    ("command", r"\b(?:so|and|then) you (?:wait|pay|live with it|deal with it|accept it)\b"),
    # Dominant: sarcasm (mock agreement, mock offers, mock help).
    (
        "sarcasm",
        r"^\s*oh,? (?:absolutely|sure|of course|right|great|wonderful|brilliant|yes|definitely)\b"
        r"|\blet me just (?:halve|double|give|throw|drop|hand|cut|waive|make|gift|slash)\b"
        r"|^\s*(?:sure|of course|right|absolutely|great|yeah),? and (?:would|should|shall|do|"
        r"can|maybe)\b|\b(?:would you (?:also )?like|shall|should) (?:us|we|me|i)\b[^.?!]{0,60}"
        r"\b(?:too|as well|while we'?re at it)\?|\bbe my guest\b|\bknock yourself out\b|\bcall "
        r"(?:me|us) when (?:it|they|that|things) (?:breaks?|fails?|goes wrong|falls? apart)\b"
        r"|\bif you want (?:the )?(?:cheap|cheaper|cheapest|budget) (?:option|version|one|stuff)"
        r"|(?:^|\s)'[a-z][^'.?!]{1,40}'(?=[\s.,!?:;)]|$)",
    ),
    # Dominant: rhetorical questions and put-downs about the customer's competence or status.
    (
        "belittling",
        r"\b(?:did|do) you (?:really|honestly|seriously|actually) (?:think|expect|believe|imagine)"
        r"\b|\b(?:do|did) you have (?:any|the slightest|the faintest) idea\b|\bhave you any idea\b"
        r"|\byou (?:haven'?t|have not|didn'?t|did not|never) (?:even |actually |quite |really |"
        r"properly )?(?:read|grasped|understood|looked at|checked|followed|tested|bothered)\b"
        r"|\bone of many\b|\b(?:a|any) (?:more |truly )?(?:experienced|seasoned|competent|"
        r"professional|serious|savvy|sensible) (?:buyer|purchaser|customer|client|company|person|"
        r"negotiator)\b|\bwouldn'?t have asked\b|\bif you can'?t afford\b|\b(?:are|is) for "
        r"(?:customers|clients|people|companies|buyers) who\b|\bsome (?:startup|start-up|cowboy|"
        r"amateur|random|little)\b|\bwalk you through it (?:slowly|again|one more time)\b"
        r"|\b(?:explain|spell it out|repeat)\b[^.?!]{0,20}\b(?:slowly|one more time|once "
        r"more)\b|\bin (?:a )?position to (?:negotiate|demand|ask|make demands)\b",
    ),
    # Dominant: repeating oneself with impatience.
    (
        "belittling",
        r"\b(?:said|told you|explained|communicated|repeated|stated|mentioned) (?:this |it |"
        r"that |our position )?(?:twice|already|again|more than once|repeatedly|(?:two|three|"
        r"several|many|multiple) times)\b|\b(?:has|have) been (?:communicated|explained|stated|"
        r"made clear) (?:twice|already|repeatedly|(?:two|three|several) times)\b|\b(?:the )?last "
        r"time (?:i'?m|i am|i will|i'll) (?:explaining|saying|telling|repeating|writing)\b|\bfor "
        r"the (?:last|final) time\b|\b(?:not|won'?t|never) (?:going to |gonna )?(?:chase|remind|"
        r"explain|repeat|discuss|write)\b[^.?!]{0,30}\b(?:again|any ?more|further|twice)\b"
        r"|\b(?:this|that) (?:discussion|conversation|debate) again\b",
    ),
    (
        "dismissive",
        r"\b(?:i'?m|we'?re|i am|we are) done (?:discussing|talking|explaining|with this|here)\b|"
        r"\b(?:waste|wasting) (?:any |more |further )?(?:time|energy|words)\b|\b(?:aren'?t|isn'?t"
        r"|are not|is not|not) (?:my|our) (?:concern|problem|issue|priority|worry|headache)\b|"
        r"\b(?:changes?|alters?) nothing\b|\bdoesn'?t change (?:anything|a thing)\b|\b(?:complaint"
        r"|request|feedback|objection|remark|concern|email|message)s? (?:has|have) been noted\b|"
        r"^\s*noted\s*[.!]|\bwe note your\b|\b(?:plenty|lots) of (?:cheaper )?(?:suppliers|"
        r"vendors|alternatives) (?:out there|around)\b",
    ),
    # Dominant: accusations about the customer's side.
    (
        "blaming",
        r"\byour (?:own )?(?:team|people|it people|it team|it department|staff|users|engineers|"
        r"colleagues|department|procurement(?: team)?|buyers?|managers?|operators?|planners?)\b"
        r"[^.?!]{0,40}\b(?:(?:is|are) the (?:reason|cause|problem)|not (?:reading|following|"
        r"using|testing|listening|planning|paying)|(?:didn'?t|don'?t|never|can'?t|failed to|forgot "
        r"to) (?:read|follow|use|understand|test|check|plan|listen|pay))\b|\b(?:problem|issue|"
        r"fault|cause|blame) (?:\w+ )?(?:is|lies|sits|lie) (?:\w+ )?(?:with you|with your|on your "
        r"(?:side|end)|with yourselves)\b",
    ),
    # Dominant: threats to stop, not renew, or give away what the customer holds.
    (
        "threat",
        r"\b(?:we|i)(?:'ll| will)?(?: simply| just)? (?:won'?t|will not|not) (?:renew|extend|"
        r"continue|prolong|take (?:you|customers|clients|anyone) back)\b|\bwe (?:don'?t|do not|"
        r"never) take (?:customers|clients|anyone|people|you) back\b|\b(?:released|reassigned|"
        r"reallocated|given away|handed|offered|passed on) to (?:other|another|the next)\b|\b(?:review|"
        r"reconsider|rethink) whether (?:we|to)\b|\bone more (?:complaint|delay|late payment|"
        r"escalation|email|remark|comment|incident)\b|\b(?:should we not|if we (?:don'?t|do not)) "
        r"(?:receive|get|hear)\b[^.?!]{0,80}\b(?:will be|we will|we'?ll)\b|\b(?:offer|price|quote|"
        r"slot|proposal) (?:expires|lapses|is withdrawn)\b",
    ),
    # Dominant: boasting of status and volume.
    (
        "boasting",
        r"\b(?:hundreds|thousands|dozens) of (?:these|such|those|similar|projects|clients|"
        r"customers)\b|\b\w+ of the (?:\w+ )?(?:biggest|largest|top|leading|best)\b(?! (?:reasons|"
        r"questions))|\byou'?ve (?:run|done|managed|built|bought|led) (?:one|two|a few|none|"
        r"barely)\b|\b(?:my|our) way\b|\bwe (?:don'?t|do not) need (?:\w+ ){0,2}(?:accounts|"
        r"customers|clients|business|buyers) (?:that|who|like)\b|\bwe (?:don'?t|do not) need to "
        r"(?:match|compete|lower|justify|explain|chase|beg)\b",
    ),
    (
        "ultimatum",
        r",\s*full stop\b|\b(?:anything|everything) (?:else|extra|(?:beyond|outside) [^.?!]{1,25}?) "
        r"is (?:billable|chargeable|extra|paid|invoiced)\b|\bgo (?:somewhere else|elsewhere)\b|"
        r"\b(?:shop|look) (?:elsewhere|somewhere else)\b",
    ),
    ("polite_cover", r"\blet'?s be (?:honest|frank|real)\b|\bgreat question!"),
    # Balanced: a limit stated as what is feasible.
    (
        "limit",
        r"\bthe (?:earliest|soonest|fastest|lowest|best|most|furthest|maximum|minimum) (?:we|i) "
        r"can\b",
    ),
    ("acknowledges", r"\byou(?:'re| are) (?:absolutely |completely )?right (?:that|about)\b"),
    (
        "accepts_demand",
        r"\bwhatever (?:\w+ ){1,3}you (?:want|need|like|prefer|ask for)\b|\bwhenever\s*[.!]?$|"
        r"\bsee what (?:i|we) can (?:knock off|take off|shave off|drop|do on (?:the )?price)\b",
    ),
    (
        "belittling",
        r"\b(?:do|did) you (?:really |seriously |honestly )?(?:expect|think) (?:us|me|we|i) "
        r"(?:to|would|will)\b|\btold you (?:this |that |so )?before\b",
    ),
    (
        "blaming",
        r"\b(?:comes?|stems?|results?|came) from (?:how |the way )?your (?:own )?(?:staff|team|"
        r"people|users|side|use|setup|operators?|planning)\b",
    ),
    ("limit", r"\b(?:isn'?t|is not|not) something (?:we|i) can\b"),
)

# Words that make a nearby offer conditional on the customer giving something back.
RECIPROCITY = (
    r"\bif we (?:can )?(?:lock|fix|agree|confirm|sign|settle|book|schedule)\b|"
    r"\bif (?:you(?!(?: \w+){0,3}(?: really| absolutely| just)? (?:need|want|insist|like|prefer|wish|must|feel|"
    r"think|are|'re|have to|'d like|would like))|your|we can agree|the (?:volume|order|contract|"
    r"term))\b|\bprovided (?:that )?"
    r"(?:you|your|we)\b|\bon (?:the )?condition\b|\bin (?:return|exchange)\b|\bas long as "
    r"(?:you|your)\b|\bin turn\b|\bassuming you\b|\bonly if\b|\bwhat (?:we'?d|we would|i'?d|i "
    r"would) need (?:from you|in return)\b|\bfor (?:a|an) (?:longer|bigger|larger|two-year|"
    r"three-year|multi-year|\d+-year|\d+-month|firm|annual|upfront|committed|exclusive)\b"
    r"|\bfor (?:a )?(?:prepayment|upfront payment|commitment|reference|case study)\b"
    r"|\b(?:if|when|once) you (?:commit|sign|order|agree|pay|confirm|increase|extend|prepay)"
    r"|\bagainst (?:a|an|prepayment|upfront)\b|\bin exchange for\b|\bwith a \d+[- ](?:year|month)"
    r" (?:commitment|contract|term)\b|\b(?:that|this) would (?:require|need|mean)\b"
    r"|\bwe'?d (?:need|ask|want) (?:you|a|an|your)\b|\bwe would (?:need|ask|want) (?:you|a|an|your)"
    r"\b|\bdepends on (?:the|your)\b|\btied to\b|\bin combination with\b"
    r"|\bif (?:we|i) (?:can|could|may|get to) (?:use|feature|name|quote|mention|publish|list|"
    r"invoice|bill|plan|schedule|count on|have)\b|\bwith (?:a|an) (?:\w+[- ])?(?:year|month|"
    r"annual) (?:term|commitment|contract)\b"
)

# A clause with one of these talks about value without offering it: someone else's number
# ("if their offer is 18% lower"), a wish ("I'd love to give it away"), the customer's request.
HYPOTHETICAL = (
    r"\bif (?:their|they|the other|your other|the competitor|a competitor|competitors?)\b|"
    r"\b(?:i|we)(?:'d| would) (?:love|like) to\b|\bi wish (?:i|we) could\b|\bif only\b|"
    r"\b(?:request|ask|demand|asking|pushing|push) for\b|\bwe note\b|\b(?:understand|get|hear|"
    r"know|see|appreciate) (?:that |why )?(?:you|your)\b|\byou (?:want|need|asked|expect|"
    r"would like|'d like|wanted)\b|\b(?:is|are|was|'s) too (?:long|short|much|low|high|steep|"
    r"tight|big|risky)\b"
)

# A short sentence that states terms as settled ("The quote stands.", "Penalty applies.",
# "Lead time is six weeks."): a firm limit when the message gives a reason or an option,
# otherwise it closes the matter.
CLOSING = (
    r"^\s*(?:the |our |my |your |this |that )?(?:\w+ ){0,2}(?:price|quote|quotation|offer|rate|"
    r"fee|penalty|lead ?time|delivery time|deadline|date|scope|terms?|contract|clause|sla|conditions?|"
    r"invoice|minimum|policy|position|answer|renewal|surcharge|notice period|increase)s? "
    r"(?:stands|stand|applies|apply|remains?|stays?|holds|is final|are final|is fixed|is firm|"
    r"is due|was agreed|were agreed|is what it is|has been communicated|is (?:\w+ )?(?:weeks|"
    r"days|months|euros?|eur|\d[\d.,]*\s?(?:%|k|eur|euros?|weeks|days)?))\b[^,;:?]{0,40}[.!]?\s*$"
)

# What counts as value changing hands.
VALUE = (
    r"\b\d{1,3}(?:[.,]\d{3})+\b|(?<![\d.,])\d+(?:[.,]\d+)?\s?(?:%|percent|per cent|pct)|[€$£]\s?\d[\d.,]*k?|\b\d[\d.,]*\s?(?:k\b|euros?"
    r"|eur\b|dollars?|pounds?|bucks)|\bfree\b|\bfor free\b|\bat no (?:extra )?(?:cost|charge)\b|"
    r"\bno charge\b|\bon the house\b|(?<!was )(?<!were )(?<!that's )\bon us\b|\b\d+ days\b|\bcomplimentary\b|\bdiscount|\brebate\b|"
    r"\breduction\b|\bprice cut\b|\bmoney off\b|\boff the (?:price|invoice|bill|total|list)\b|"
    r"\b(?:extra|additional|bonus) (?:\w+ )?(?:month|months|licen[cs]es?|seats?|days?|hours?|"
    r"training|support|users?|units?|year|week|weeks|consulting|session|sessions)\b|"
    r"\b(?:waive|waived|waiving)\b|\brefund\b|\bcredit note\b|\bcredit\b|\bupgrade\b|"
    r"\b(?:by|before|on) (?:tomorrow|tonight|monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday|the weekend|end of (?:the )?(?:day|week))\b|\bovernight\b|\bexpress\b|\brush\b|"
    r"\bsame[- ]day\b|\bnext[- ]day\b|\bwithin (?:\d+|one|two|three|24|48) (?:hours|days|"
    r"working days)\b|\bthe (?:old|previous|last year'?s|same) (?:price|rate|terms)\b|"
    r"\bprice (?:freeze|lock)\b|\bfreeze\b|\bthrow(?:ing)? in\b|\bthrown in\b|\bincluded\b|"
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow) it is\b|"
    r"\bmonth-to-month\b|"
    r"\bno (?:notice|fees|penalty|penalties)\b|\b24/7\b|\bat (?:the )?(?:standard|same|normal|"
    r"current|old) (?:rate|price|fee)\b|\bfor the same (?:amount|price|fee|money)\b|\b(?:in|within) "
    r"the (?:current|same|existing) (?:budget|price|fee)\b|\b(?:within|in) \d+ (?:days|weeks|hours)\b|\b(?:a|"
    r"one|two) weeks? earlier\b|\blast year'?s (?:price|rate|terms)\b"
)

# Value that is a gift by itself, even without a giving verb.
GIFT = (
    r"\b(?:at|on) our (?:own )?(?:cost|expense|account)\b|\bour (?:cost|expense|treat)\b|"
    r"(?<!was )(?<!were )(?<!that's )\bon us\b|\bon the house\b|\bfree of charge\b|\bat no (?:extra |additional )?(?:cost|"
    r"charge)\b|\bcomplimentary\b|\bfor free\b|\bno charge\b|\bare yours\b|\bno (?:\w+ )?"
    r"(?:fee|surcharge|charge|penalty)\b(?! (?:is|are|was)\b)|\b(?:we|i)(?:'ll| "
    r"will)? (?:won'?t|not) (?:charge|bill|invoice) (?:you )?(?:for|extra|the|a|any)\b|\byou (?:don'?t|won'?t) "
    r"(?:have|need) to pay\b|\bthe (?:full|whole|entire) (?:amount|invoice|month|fee)\b"
)

# Words that accept a value in a short clause ("25% then", "Friday it is").
SHORT_ACCEPT = r"\b(?:then|it is|works|is fine|is ok(?:ay)?|will do)\b"

# Giving verbs and acceptance words that turn a value into an offer.
GIVE = (
    r"\b(?:give|giving|offer|offering|do|doing|drop|dropping|lower|lowering|reduce|reducing|cut|"
    r"knock|take|throw|throwing|include|including|add|adding|waive|waiving|match|extend|"
    r"deliver|ship|rush|upgrade|cover|absorb|refund|credit|apply|grant|honou?r|let you have|"
    r"make it|go to|go down|come down|meet you|bump|sweeten|set you up|arrange|expedite|"
    r"prioriti[sz]e|move (?:it|you|the date) up|get (?:it|them|this) to you|have (?:it|them|"
    r"this) (?:ready|delivered|with you|there)|send (?:it|them)|provide|sort(?: it| that)? "
    r"out|fine|ok|okay|alright|all right|sure|agreed|deal|done|yes|of course|absolutely|"
    r"happy to|glad to|no problem|sort it|redo|keep you|go|freeze|let'?s do|cancel|adjusted|revised|lowered|reduced|dropped|waived|added|included|matched|"
    r"amended|knocked|taken|given|lock|locked)\b(?!-)"
)

# An offer in a clause with one of these is not given.
NEGATION = (
    r"\b(?:not|no|never|cannot|can'?t|won'?t|isn'?t|aren'?t|wasn'?t|don'?t|doesn'?t|didn'?t|"
    r"couldn'?t|wouldn'?t|shouldn'?t|unable|impossible|nor|neither|nothing|without)\b|n't\b"
)
# A negation this many words after a value refuses it.
NEGATION_WORDS_AFTER = 6
# Phrases with a negation word that do not negate ("no problem").
NEGATION_EXCEPTIONS = (
    r"\bno (?:problem|worries|doubt|question|issue)s?\b|\bnot a problem\b|\bnot only\b|"
    r"\b(?:won'?t|not) (?:charge|bill|invoice)\b|\b(?:don'?t|won'?t) (?:have|need) to pay\b|"
    r"\bno (?:fees?|notice|penalty|penalties|strings|questions asked)\b|\bno (?:\w+ )?(?:fee|"
    r"surcharge|charge)\b|(?:won'?t|not) (?:charge|bill|invoice)\b|"
    r"\bno (?:extra )?(?:cost|charge)\b|\bat no\b|\bwithout (?:extra|additional|any extra) "
    r"(?:cost|charge)s?\b|\bwhy not\b|\bno matter\b|\bdon'?t worry\b|\bnothing to worry\b"
)

# Opening acceptance of the customer's number ("OK. 25% then.").
BARE_OPENERS = (
    r"^\s*(?:ok|okay|ok then|fine|alright|all right|sure|deal|agreed|done|yes|yeah|right|"
    r"understood|got it|very well|fair enough|if you insist|you win|as you wish)\b"
)
