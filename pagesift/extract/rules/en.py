"""English keyword tables (regular expressions, matched case-insensitively)."""

NAME = "English"  # as the dataset card names the languages the rules read
CODE = "en"  # ISO 639-1, as language.identify names a page's language

# A heading that names its kind. The earliest match in a heading wins.
STRONG_KINDS: dict[str, list[str]] = {
    "prevention": [r"\bprevent", r"\bprecautions?\b", r"\bavoid", r"\breduc\w* (?:the |your )?risk"],
    "symptoms": [
        r"\bsymptom",
        r"\bsigns?\b",
        r"\bside[- ]effects?\b",
        r"\badverse (?:effects|reactions)\b",
        # a treatment's harms ("Risks of surgery", "Complications"), not a remedy
        r"\b(?:risks|complications|dangers) (?:of|from|with) (?:the |this |a )?(?:surgery|treatment|procedure|operation|therapy"
        r"|medications?|drugs?)\b",
    ],
    "diagnosis": [r"\bdiagnos", r"\btests?\b", r"\bscreening\b"],
    "causes": [
        r"\bcaus",
        r"\breasons?\b",
        r"\brisk factors?\b",
        r"\btriggers?\b",
        r"\bwho (?:gets|is likely)\b",
        r"\bwhat (?:leads to|brings on|contributes to)\b",
        r"\bwhat (?:can |might |could )?(?:sets?|brings?) (?:(?:it|them|this|these|symptoms?|attacks?|flares?(?:-ups?)?"
        r"|(?:an? |the |your )?(?:attack|flare|migraine|headache|episode)s?) )?(?:off|on)\b",
        r"\bwhere (?:does|do) (?!(?:i|we|you|they)\b)(?:[\w'’-]+ ){1,3}come from\b",
        r"\bat risk\b",
        r"\bculprits?\b",
        r"\bwhat(?:'s|’s| is| are) behind\b",
        r"\ba?etiolog",
        r"\bwhat (?:\w+ )?(?:increases?|raises?) (?:the |your |my |one'?s )?(?:risk|chances?|likelihood)\b",
        r"\b(?:contributing|predisposing|aggravating) factors?\b",
        r"\bfactors? (?:that|which) (?:can |may |might )?(?:contribute|lead|cause|increase|raise|trigger)",
        r"\bhow (?:do|does|did|can) (?:you|i|we|people|one|someone|kids|children|babies|a person) (?:catch|contract|develop"
        r"|get (?!rid\b|tested\b|help\b|diagnosed\b|treated\b|better\b|over\b|through\b|relief\b|rest\b|checked\b"
        r"|screened\b|vaccinated\b|immunized\b|well\b|back\b|started\b|enough\b|more\b|the most\b"
        r"|(?:a|an|the|my|your|our|his|her|their|some|any|this|that|to|in|on|insurance|results?|referral)\b))",
        r"\bwhy\b",
        # what makes it worse: its triggers
        r"\bwhat (?:can |might )?makes? (?:[\w'’-]+ ){0,3}worse\b",
        r"\bthings (?:that|which) (?:can |may )?make (?:[\w'’-]+ ){0,3}worse\b",
        # who gets it, and what is to blame
        r"\bwho(?:'s|’s| is| are) (?:most |more )?likely to (?:get|develop|have)\b",
        # ... as the whole question, of a condition ("Who is affected by lupus?"; "Who is affected by the
        # outage?" asks about another story)
        r"\bwho(?:'s|’s| is| are) (?:most |more )?affected(?: by (?!the\b|this\b|these\b)(?:[\w'’-]+ ){0,2}[\w'’-]+)?"
        r"\s*[?:.]?\s*$",
        r"\bwhat(?:'s|’s| is) to blame(?: for (?:it|this|them|(?!the\b|this\b|these\b)(?:[\w'’-]+ ){0,2}[\w'’-]+))?"
        r"\s*[?:.]?\s*$",
    ],
    "remedies": [
        r"\btreat",
        r"\bremed",
        r"\brelie[fv]",
        r"\btherap",
        r"\bhome care\b",
        r"\bself[- ]care\b",
        r"\bmanag(?:e|ed|es|ing|ement)\b",
        r"\bcur(?:e|es|ed|ing)\b",
        r"\beas(?:e|es|ing)\b",
        r"\bfirst aid\b",
        r"\bself[- ]help\b",
        r"\bsooth",
        r"\bcop(?:e|ing) with\b",
        r"\bdealing with\b",
        r"\bget(?:ting)? rid of\b",
        # what a reader does at home: coping, a quick fix, looking after oneself, care at home
        r"\bcoping\b",
        r"\bquick fix(?:es)?\b",
        r"\blook(?:ing)? after yourself\b",
        r"\bcar(?:e|ing) for (?:[\w'’-]+ ){1,4}at home\b",
        # the options a doctor offers, and getting back on one's feet
        r"\b(?:medication|medicine|drug|surgical|surgery) options\b",
        r"^\s*(?:[\w'’-]+[ -]){0,3}rehabilitation\b",  # "Knee rehabilitation exercises" (not another field's: NOT_KINDS)
        r"\baftercare\b",
        r"\brecovery tips\b",
        r"\b(?:over[- ]the[- ]counter|otc|prescription|medical) (?:options|medicines?|medications?|drugs|treatments?)\b",
    ],
}
# A heading that implies its kind without the word ("What can I do?").
WEAK_KINDS: dict[str, list[str]] = {
    "remedies": [
        r"\bhow to\b",
        r"\bwhat (?:to|(?:\w+ ){0,2}(?:can|could|should) (?:i|you|we|one|parents|caregivers)) do\b",
        r"\bsteps?\b",
        r"\bmethods?\b",
        r"\bways to\b",
        r"\bwhat helps\b",
        r"^\s*what (?:can |might |may |else )?(?:help|works?)\b",
        r"\bhow (?:do|can|should|could) (?:i|you|we|one|parents) (?:stop|ease|reduce|feel better|help|fix|calm|soothe"
        r"|beat|overcome|sleep better|make (?:it|them|this) better)\b",
        r"\b(?:that|which) (?:can |may |might )?help\s*[?:.!]?\s*$",
        r"\bliving with\b",
        # the whole heading, or with what it is about ("Things you can do in Paris" is a trip's)
        r"\bwhat (?:you|i|we|parents|caregivers) can do(?: (?:about (?:it|this|them)|yourself|at home|to help))?\s*[?:.!]?\s*$",
        r"\bthings (?:you|i|we) can (?:do|try)(?: (?:yourself|at home|to (?:help|ease|relieve|feel better|cope)))?\s*[?:.!]?\s*$",
        r"\b(?:exercises|stretches) (?:to (?:ease|relieve|help)|for (?:[\w'’-]+ ){0,2}(?:pain|aches?|relief|stiffness)\b)",
    ],
}
#: Group headings of a remedies section ("Surgery", "Medications"): right after a remedies section
#: they continue it, and the remedies under them are its items.
REMEDY_GROUPS = [
    r"^\s*(?:[\w-]+ ){0,2}(?:surgery|surgical (?:options|treatments?)|medications?|medicines?|drugs"
    r"|chemotherapy|radiation|radiotherapy|lifestyle changes|self-help|home care|diet and exercise"
    r"|(?:oral )?appliances|devices|(?:other )?therapies|procedures|supplements|injections)"
    r"(?: that (?:can |may |might )?help)?\s*[:?]?\s*$"
]
#: Question words of a headline that do not make the whole page a list of that kind ("Why I
#: meditate", "Why the flu season is worse this year": a story's explanation, not causes).
HEADLINE_QUESTIONS = [r"\bwhy\b"]
#: The fields of a question-and-answer form, as a line opens with one ("Age: 45"): never an item.
FORM_LABELS = [r"^\s*(?:question|answer|q|a|asked by|answered by|treatment so far|doctor'?s? (?:answer|reply))\s*[:：]"]
#: Fields that are also ordinary names of risk factors ("Age: most common after 40"): a form's only
#: on a page that has one of the FORM_LABELS.
FORM_FIELDS = [r"^\s*(?:age|gender|sex|symptoms? duration|medical history|current medications?)\s*[:：]"]
#: What a list is, by the noun its lead-in names after "the following" / "these" ("When choosing a
#: mask the following factors should be considered:"): "attributes" lists are never items of a
#: causes or remedies section.
LIST_NOUNS: dict[str, list[str]] = {
    "causes": [r"(?:the following|these)\s+(?:\w+\s+){0,2}(?:risk )?factors\b"],
    "attributes": [
        r"(?:the following|these)\s+(?:\w+\s+){0,2}(?:considerations|features|criteria|questions|benefits"
        r"|advantages|disadvantages|ingredients|components|specifications)\b",
        # a page's tags and a newsletter's pitch ("Tags:", "Sign up and get:")
        r"^\s*(?:tags?|tagged(?: with| as)?|topics?|categories|category|filed under|keywords)\s*[:：]",
        r"\b(?:sign up|subscribe|newsletter|join our (?:list|community|mailing list))\b",
        # a remedy's recipe under it ("Ingredients:", "You will need:", "Directions:") and a list of don'ts
        r"^\s*(?:ingredients?|directions?|method|instructions?|preparation|(?:what )?you(?:'ll|’ll| will)? need|supplies"
        r"|materials?|equipment)\s*[:：]",
        r"^\s*(?:what not to do|don'?ts|do not)\s*[:：]",
    ],
    # when to see a doctor ("See a doctor if you have:"): warning signs, not remedies
    "symptoms": [
        r"\b(?:see|call|contact|visit|consult|talk to) (?:a |your )?(?:doctor|gp|physician|dentist|pharmacist|vet|nurse"
        r"|healthcare provider|health care provider)\b(?: (?:right away|immediately|urgently|promptly|straight away))?"
        r" (?:if|when)\b[^.;!?,]*[:：]\s*$",  # the lead-in itself: "See a doctor if you have any of these:"
        r"\bseek (?:(?:medical|urgent|emergency|immediate) )?(?:help|care|attention|advice)\b(?: [\w'’-]+){0,2} (?:if|when)\b",
        r"\bgo to (?:a&e|the er|the emergency room|(?:the )?hospital)\b(?: [\w'’-]+){0,2} (?:if|when)\b",
    ],
}
# A kind word that, in this phrase, does not name the kind ("Top five reasons to eat organic" are
# benefits, not causes; "Treat yourself to ..." is not treatment).
NOT_KINDS: dict[str, list[str]] = {
    "causes": [
        r"\breasons? (?:to|you should|why you should|for (?:\w+ing|choosing|using|buying))\b",
        r"\bwhy (?:i|we|you should|bother|it matters|this matters)\b",
        r"\bwhy (?:do|does|should) (?:i|we|you|one) (?:need|use|take|buy|choose|eat|try)\b",
        # a seller's pitch or a method's rationale: "Why choose us?", "Why it works"
        r"\bwhy (?:choose|buy|shop|pick|trust|join|us\b|customers|clients|people love|it works)",
        # an organisation's causes, its pitch, a story's outlook ("Causes we support",
        # "Why join us", "Reasons for hope"): not what brings on the page's problem
        r"\b(?:good|worthy|charitable|local) causes\b",
        r"\bcauses? (?:we|you|i|they) (?:support|champion|fund|care about|back|believe in)\b",
        r"\bwhy (?:join|choose|work (?:with|for|at)|shop (?:with|at)|buy from|book with|trust|partner with|donate to|give to)"
        r" (?:us|our|the team)\b",
        r"\bwhy us\b",
        r"\bwhy (?:[\w'’-]+ ){1,2}(?:with|for|at) us\b",
        r"\b(?:here(?:'s|’s| is)|that(?:'s|’s| is)|this is) why\b",  # an argument's turn, not a cause
        # reasons to do something ("Why exercise?", "Why choose organic?"), why a thing matters or works
        # ("Why is this important?", "Why it works"), and "trigger" as a name ("Trigger point therapy")
        r"^\s*why (?:choose|buy|eat|use|try|exercise|vaccinate|immuni[sz]e|breastfeed|meditate|switch|quit|stop|start|join|donate"
        r"|volunteer|bother|wait|care|go|get vaccinated|get tested|get screened|screen|test|recycle|walk|run|cycle|read|sign)\b",
        r"\bwhy (?:should (?:you|i|we) care|(?:is|does) (?:this|it|that) (?:important|matter|work|help)|(?:this|it) (?:works?|helps?))\b",
        r"\btrigger[- ](?:points?|finger|thumb|warning)s?\b",
        # a story's news of a finding ("Scientists discover cause of rare disease"), not a list of causes
        r"\b(?:discover(?:s|ed)?|find|finds|found|identif(?:y|ies|ied)|reveal(?:s|ed)?|uncover(?:s|ed)?|pinpoint(?:s|ed)?)"
        r" (?:(?:a|an|the|new|possible|likely|hidden|surprising|root|real|genetic|key) )*(?:[\w'’-]+ )?(?=caus)\w",
        r"\breasons? (?:for|to (?:be|feel|stay)) (?:hope|optimism|optimistic|hopeful|concern|caution|celebration|cheer)\b",
    ],
    "remedies": [
        r"\btreat (?:yourself|your(?:self)? to)\b",
        r"\bhow to (?:tell|spot|know|recogni[sz]e|identify|prepare for|get ready for)\b",
        r"\bways to (?:shop|order|pay|buy|save|contact|subscribe|donate|give|connect)\b",
        # what a treatment costs, who pays, a form's or a drug's handling, snacks called
        # treats, a story's plans, money goals ("Does insurance cover treatment?", "How to store it",
        # "Best dog treats", "Next steps", "How to retire early"): nothing that treats the page's problem
        r"\bhow much (?:does|do|will|is|are|would) (?:[\w'’-]+ ){0,4}(?:cost|costs|charge|price)\b",
        r"\b(?:costs?|prices?|fees?|pay(?:ing)? for|afford(?:ing)?)\b(?: of| for)?(?: the| your| a)?(?: [\w'’-]+)? "
        r"(?=treat|therap|remed|care|manag)\w",
        r"\b(?:treat|therap|remed)\w*(?: [\w'’-]+){0,2}\s*[:,–-]?\s*(?:costs?|prices?|fees?|insurance|coverage)\b",
        r"\b(?:insurance|insurers?|medicare|medicaid|health plans?|your plan) (?:cover|pay for|reimburse)s?\b(?: [\w'’-]+){0,3}",
        r"\b[\w'’-]+ (?:[\w'’-]+ )?(?:is |are )?(?:covered|paid for|reimbursed) by (?:insurance|medicare|medicaid|your plan)\b",
        r"\bhow to (?:store|dispose of|apply for|register|sign up|book|renew|cancel|claim|order|enrol|enroll|pay|contact"
        r"|retire|invest|save money|make money|earn|get there|get here|find us|reach us|cook|bake|grill|roast)\b",
        # a recipe's or a study's method, a shop's payment methods, a business's own services and
        # addresses ("Method", "Payment methods", "Our treatments", "Treatment centers near you")
        r"^\s*(?:the )?(?:study |research )?methods?(?: and (?:materials|results))?\s*[:.]?\s*$",
        r"\b(?:materials and|payment|shipping|delivery|contact|research|study|statistical|survey) methods?\b",
        r"\bmethods? of (?:payment|delivery|contact|shipping)\b",
        r"\bour (?:[\w'’-]+ )?(?:treatments|therapies|services|remedies)\b(?! for\b)",  # a business's ("for acne" is the reader's)
        r"\b(?:treatment|therapy|rehab) (?:centers?|centres?|facilities|clinics|providers|locations)\b",
        r"\b(?:wildlife|animal|vocational|prison|offenders?|criminal|economic|urban|land|site|building|brand|reputation"
        r"|housing|river|forest|habitat)s? rehabilitation\b",
        r"\b(?:spa|beauty|salon|nail|body|pamper(?:ing)?) treatments?\b",
        r"\btreatments? (?:&|and) (?:prices|pricing|costs|rates|fees)\b",
        r"\btreatment (?:menu|price list|prices|pricing|rates)\b",
        # the kind words' other senses: curing meat, a product's ease of use, disaster relief, managing
        # money or a team, dealing with customers, living with a pet
        r"\b(?:how to )?cur(?:e|es|ed|ing) (?:your own |homemade |home-made )?(?:bacon|ham|meats?|pork|beef|salmon|fish|sausages?|olives|egg yolks"
        r"|concrete|resin|epoxy)\b",
        r"\beas(?:e|es|ing) of (?:use|access|cleaning|installation|set-?up|assembly)\b",
        r"\b(?:disaster|storm|flood|famine|hurricane|earthquake|humanitarian|debt|tax|mortgage|rent) relief\b",
        r"\brelief (?:efforts?|funds?|work|agenc(?:y|ies)|organi[sz]ations?|supplies|workers|package|payments?)\b",
        r"\bmanag(?:e|es|ed|ing|ement) (?:of )?(?:your |the |a |our )?(?:money|budget|finances?|debts?|team|staff|employees|projects?"
        r"|business|inventory|account|subscriptions?|settings|cookies|preferences|privacy|portfolio)\b",
        r"\bdealing with (?:difficult |angry |rude )?(?:customers|clients|complaints|colleagues|co-?workers|landlords|your boss)\b",
        r"\bliving with (?:a |your |the )?(?:new )?(?:puppy|puppies|dogs?|cats?|kittens?|pets?|room-?mates?|flat-?mates?"
        r"|house-?mates?)\b(?! allerg| and (?:asthma|allerg))",
        # more of the words' other senses: a study's treatment group, treating water or data, the law's
        # remedies, managing property or data, easing restrictions, comic relief
        r"\btreatment (?:and control )?(?:groups?|arms?)\b",
        r"\b(?:water|wastewater|sewage|effluent|waste|wood|surface|seed|soil|lawn|data) treatments?\b",
        r"\btreatment of (?:the )?(?:data|water|wastewater|waste|sewage|prisoners|detainees|workers|employees|staff)\b",
        r"\b(?:legal|equitable|contractual|judicial|administrative) remed",
        r"\bremed\w* for (?:breach|infringement|default|non-payment)\b",
        r"\bmeet the (?:management|team)\b",
        r"\b(?:data|property|asset|project|waste|pest|risk|records|information|change|event|facilities|fleet|supply chain|wealth"
        r"|fund|investment|content|identity|vendor|product|brand|reputation|traffic|land|forest|wildlife|fisheries) management\b",
        r"\bmanaged (?:services|hosting|funds?|accounts?|care)\b",
        r"\beas(?:e|es|ed|ing) (?:of )?(?:the )?(?:restrictions|lockdown|measures|rules|traffic|tensions|inflation|(?:interest )?rates"
        r"|policy|sanctions|curbs)\b",
        r"\b(?:lockdown|restrictions?|monetary|quantitative|policy|rate) easing\b",
        r"\bcomic relief\b",
        r"\brelief (?:pitchers?|pitching|map|printing|sculpture)\b",
        r"\b(?:dog|cat|pet|puppy|kitten|tasty|sweet|sugary|frozen|holiday|halloween|christmas|birthday|party) treats\b",
        r"\btreats? (?:for )?(?:your |the )?(?:dogs?|cats?|pets?|puppy|kitten|kids|guests)\b",
        # a story's news of a treatment ("FDA approves new treatment for migraine"), not the treatment
        r"\b(?:developed|discover(?:s|ed)?|approv(?:e|es|ed)|launch(?:es|ed)?|unveil(?:s|ed)?|test(?:s|ed)?|trial(?:s|ed)?)"
        r" (?:(?:a|an|the|new|novel|experimental|promising|possible|first|potential) )*(?:[\w'’-]+ )?(?=treat|therap|cure)\w",
        r"\btrick[- ]or[- ]treat",
        r"\bnext steps?\b",
        r"\b(?:remed\w*|treat\w*|cur(?:e|es|ing)|therap\w*|relief)(?: [\w'’-]+){0,2} (?:myths?|mistakes|misconceptions|don'?ts)\b",
        r"\b(?:myths?|mistakes|misconceptions)\b(?: (?:about|of|in|when|and facts about))?(?: [\w'’-]+){1,4}",
        r"^\s*(?:coming (?:next|up|soon)|next (?:time|week|issue|post|article|episode)|in (?:our|the) next (?:post|article|issue))\b.*",
    ],
}

PREVIOUS = [
    r"^\s*<<\s*[:：]",
    r"^\s*(?:previous\s+)?(?:←\s*)?(?:prev(?:ious)?|older)\s+(?:article|post|story|entry|issue|faq|question|chapter)\b\s*[:：]?",
    r"^\s*prev(?:ious)?\s*[:：]",
    r"^\s*(?:<|«|‹|←)+\s*prev(?:ious)?\b(?:\s+(?:article|post|story|entry|issue|faq|question|chapter)\b)?\s*[:：]?",
    r"^\s*prev(?:ious)?\s*(?:<|«|‹|←)+",
    # a blog's arrowed "← Older" as a label of its own (the link's whole text, a child's, or
    # before a colon), never the start of a title ("« Older adults need more protein") nor a
    # list's "« Older posts" (PAGINATION's)
    r"^\s*(?:<|«|‹|←)+\s*older\s*(?:[:：]|$)",
    r"^\s*previous in (?:this|the) series\s*[:：]",
]
NEXT = [
    r"^\s*>>\s*[:：]",
    r"^\s*(?:next\s+)?(?:next|newer)\s+(?:article|post|story|entry|issue|faq|question|chapter)\b\s*(?:→\s*)?[:：]?",
    r"^\s*next\s*[:：]",
    r"^\s*next\s*(?:>|»|›|→)+",
    # a blog's "Newer →" over the title; a series' "Next in this series:"
    r"^\s*newer\s*(?:>|»|›|→)+",
    r"^\s*next in (?:this|the) series\s*[:：]",
]
#: Words one of the markers above contains: a cheap test of the text around every link, so only
#: links with one of them nearby are read in full. A new marker adds its word here.
MARKER_WORDS = ["<<", ">>", "prev", "next", "older", "newer"]
#: A word after a previous/next link's title that is its button's ("Headline Next »"), as written (case matters).
TRAILING_MARKERS = ["Next", "NEXT", "Previous", "PREVIOUS", "Prev", "Older", "Newer"]
#: A pager's link ("Next page", "Page 2"): never an article.
PAGINATION = [
    r"\b(?:next|prev|previous|last|first)\s+page\b",
    r"^\s*page\s*\d+",
    # a blog's comment pages and post lists ("← Older Comments", "Newer Entries »")
    r"\b(?:older|newer|previous|next|earlier|later)\s+(?:comments|entries|posts|results)\b",
]
#: The words a written date puts after its year, month and day: none in English (its dates are numbers).
DATE_WORDS: dict[str, list[str]] = {"year": [], "month": [], "day": []}
NOT_AN_ARTICLE = [r"^\s*(?:back to (?:the )?list|none|no more)\s*$"]

# A further-reading block's heading is the whole heading ("Related articles"), never a body
# heading that starts with the same word ("Hot and cold therapy").
RECOMMEND_HEADINGS = [
    r"^\s*(?:recommend(?:ed)?|recommended for you|related(?: (?:articles|posts|stories|reading|content|links|topics))?"
    r"|you (?:may|might) (?:also )?(?:like|enjoy)|(?:most (?:read|popular|viewed|shared)|popular)(?: (?:posts|articles|stories|now|today|this week|this month))?"
    r"|hot (?:topics|articles|posts|stories|(?:network )?questions)|latest(?: (?:news|articles|posts|stories))?|read (?:more|next|also)"
    r"|further reading|trending(?: now)?|(?:editor'?s )?picks|see also|also (?:read|on \w+)"
    r"|what to read next|don'?t miss|keep reading|recommended reading|more to read|featured (?:articles|stories|posts)"
    r"|related (?:conditions|pages|guides|questions)"
    r"|(?:others|people|readers)(?: who read this)? (?:are )?also (?:reading|read|viewed|liked))\s*(?:[:：]|\.{3}|…)?\s*$",
    # (with a colon after it too, "More on this topic:")
    r"^\s*(?:more (?:from|on|about|in)|related to|latest (?:in|on|from)|featured (?:on|in|from)|recommended (?:from|on)"
    r"|related (?:articles|links|posts|stories|reading|resources) (?:for|on|about|to)"
    r"|(?:hot|popular|top|trending) (?:topics|articles|stories|posts|news) (?:in|on|about|for)) [\w'’ &-]{1,40}[:：]?\s*$",
    r"^\s*more (?:stories|articles|posts)\s*$",
    r"^\s*(?:suggested (?:reading|articles|posts|stories)|similar (?:articles|posts|stories)|more like this"
    r"|(?:more )?(?:articles|stories|posts) like this|you (?:may|might) (?:also )?be interested in"
    r"|(?:other )?(?:articles|stories|posts) you (?:may|might) (?:also )?(?:like|enjoy)|read this next"
    r"|in case you missed it|recommended (?:stories|articles|posts)|recent (?:posts|articles|stories)"
    r"|new (?:articles|posts)|top stories|more [\w'’&-]+ news)\s*[:：]?\s*$",
    r"^\s*(?:popular|trending|top) (?:on|in) [\w'’ &.-]{1,40}$",
    # a magazine's picks: "Must Reads", "About.com Special Features", "Diet and nutrition features"
    # (not a thing's characteristics: "Key features", "Clinical features")
    r"^\s*(?:must[- ]reads?|special features|(?!(?:key|main|clinical|notable|product|distinguishing|common|typical"
    r"|unique|basic|new|safety|design|technical|important|top|other)\b)[\w.'’ &-]{1,30} (?:special )?features)\s*[:：]?\s*$",
    # a topic's own further reading: "Alzheimer's Related Articles"
    r"^\s*[\w'’ &,-]{1,50} related (?:articles|stories|posts|reading|links|content)\s*[:：]?\s*$",
    # a CMS module's and a news site's names for it ("Related Items", Joomla's;
    # "Related coverage"; "Related health articles"; not "Related news": half B lost 4 links with it)
    r"^\s*related (?:items|coverage|[\w'’-]{3,20} (?:articles|stories|posts))\s*[:：]?\s*$",
    # ... and further reading with its place or topic after it ("Further reading on this site")
    r"^\s*(?:further|suggested|recommended) reading (?:on|from|about) [\w'’ &.-]{1,40}[:：]?\s*$",
]
RECOMMEND_CLASSES = [
    r"related",
    r"recommend",
    r"also-?like",
    r"more-?stories",
    r"read-?more",
    r"popular",
    r"hot|hotlist|hotnews",
    r"rank(?:ing)?s?",
    r"further-?reading",
    r"you-?may",
    r"most-?read",
    r"trending",
]
#: Photo galleries and web stories (picture cards, not articles to read), by their label or class.
GALLERY_LABELS = [
    r"^\s*(?:(?:visual|web|photo) stories|(?:photo|image|picture)s?(?: galler(?:y|ies))?|galler(?:y|ies)"
    r"|slideshows?|in pictures)\s*$",
    # a list of videos to watch ("Related videos", "Latest videos")
    r"^\s*(?:(?:related|more|latest|popular|top|featured|recommended|trending) )?videos?\s*[:：]?\s*$",
]
GALLERY_CLASSES = [r"photos?|pics?|pictures?|visual-?stor(?:y|ies)|web-?stor(?:y|ies)|gallery|galleries"]

#: Class/id tokens of menus: nothing inside one is further reading.
MENU_CLASSES = [r"nav|navbar|navigation|menu|mega-?menu|dropdown|breadcrumbs?|crumbs|site-?header"]
#: Advertising: links inside are never the site's further reading, whatever a nearer class says.
AD_CLASSES = [r"ad|advert\w*|ads|adslot|ad-?(?:box|slot|unit|wrap|spot)|sponsor\w*", r"promo"]
NOISE_CLASSES = [
    r"breadcrumbs?",
    r"share|sharing|social",
    r"newsletter|subscribe|signup|sign-up",
    r"consent|cookies?|gdpr",
    r"disclaimer",
    r"comments?|commentlist|respond",
    *AD_CLASSES,
    r"tags?|tag-?cloud|topics",
    r"pagination|pager|page-?nav",
    r"author-?bio|about-?author",
    r"copyright",
    r"footer",
    r"nav|navbar|menu|megamenu",
    r"carousel|slideshow|slider|gallery",
    r"video-?player|now-?playing",
    r"product|shop",
    r"feedback|report",
    r"qrcode|wechat|follow",
    r"login|signin",
    r"toolbar",
]
#: Link texts that lead to a list or to the page's own controls, not to an article ("More >>",
#: "View all", a wiki's "[edit]").
MORE_LINKS = [
    r"^\s*(?:more|view all|see all|see more|read more|show more)\b(?:\s+\d[\d,]*)?"
    r"(?:\s+(?:articles|stories|posts|news|guides))?\W*$",
    r"^\W*(?:edit|edit (?:this )?(?:page|section|source))\W*$",
]
SUMMARY_CLASSES = [
    r"(?:[a-z]+[-_])?(?:summary|lead|intro|standfirst|dek|abstract|digest|description|excerpt)"
    r"(?:[-_](?:text|para|paragraph))?"
]
NOISE_LINES = [
    r"^[\s\W]*(?:share (?:this|on)|click here to sign up|sign up for|advertisement|sponsored)\b",
    # a menu written as text: "HOME | ABOUT US | FAQ" (two or more bars between short parts),
    # or one part of it on a line of its own ("HOME |")
    r"^[^|\d]{1,40}(?:\|[^|\d]{1,40}){2,}\|?\s*$",
    r"^\s*(?:\|\s*)?[\w'’&.-]+(?:\s+[\w'’&.-]+){0,2}\s*\|\s*$",
    r"^\s*(?:←\s*)?back to (?:all|the list|top|blog)\b",
]

#: A part of <title> that names the site, not the article: one holding a domain name.
SITE_NAMES = [r"\b[a-z0-9-]+\.(?:com|net|org|gov|edu|info|co|uk|us|ca|au|in|io|cn)\b"]
#: An <h1> or <title> that names the site's channel or column, not the article below it.
CHANNEL_NAMES = [
    r"^\s*(?:[\w'’&-]+ ){0,3}(?:health|resource|information|learning|help) (?:center|centre)\s*$",
    r"^\s*ask (?:the|a|our) (?:doctors?|experts?|pharmacists?|nurses?|dietitians?)\s*$",
    r"^\s*(?:[\w'’&-]+ ){0,3}(?:channel|news ?feed)\s*$",
]

#: A frame's sub-heading whose list is the frame's (citations, further reading, questions), never
#: the section's items; narrower than GENERIC_HEADINGS ("Overview", "Key points" head the section's own list).
FRAME_HEADINGS = [
    r"^\s*(?:sources?|references|resources|faqs?|frequently asked questions|related\b.*)\s*[:?]?\s*$",
    # the author's credentials and the shop's picks inside a section ("About Dr Jane Smith", "Products we recommend")
    r"^\s*(?:about (?:dr\.?|doctor|the (?:writer|reviewer|expert|contributor)s?)\b.*|(?:products|items|gear|tools) (?:we|i)"
    r" (?:recommend|love|use)|where to buy|shop (?:this|the) (?:post|story|article))\s*[:?]?\s*$",
    # when to see a doctor: the signs listed under it are warnings, not the section's remedies
    r"^\s*(?:when to (?:see|call|contact|visit) (?:a |your |the )?(?:doctor|gp|physician|dentist|vet"
    r"|(?:health ?care )?provider)|when to (?:seek|get) (?:medical |urgent )?(?:help|care|advice|attention))\s*[:?]?\s*$",
]

#: Headings of an article's frame, never one of its causes or remedies (FRAME_HEADINGS are some too).
GENERIC_HEADINGS = [
    r"^\s*(?:overview|introduction|summary|conclusions?|in conclusion|(?:the )?bottom line|takeaways?"
    r"|key (?:takeaways|points)"
    r"|(?:more )?information|what (?:else )?(?:you )?(?:need|should) (?:to )?know|did you know|good to know"
    r"|(?:pro|quick|top) tip"
    r"|about (?:the )?authors?|(?:the )?authors?|comments?(?: policy)?|disclaimer|editor'?s note"
    r"|share(?: this)?(?: article| post)?|newsletter|advertisement|you (?:may|might) also like)\s*[:?]?\s*$",
    # an "Important" box and a question page's parts ("Common questions", "Q&A")
    r"^\s*(?:important(?: (?:safety )?information)?|common questions|questions (?:and|&) answers|q ?& ?a)\s*[:?]?\s*$",
]

#: A line after which nothing is the article's own (copyright, a comment thread's heading): a
#: section's items end there. Previous/next marker lines end it too (see `Rules.article_end`).
ARTICLE_END = [r"^\s*(?:©|copyright\b).*\b(?:19|20)\d\d\b", r"\ball rights reserved\b", r"\bcopyright\s*(?:©|\(c\))"]
COMMENTS_HEADINGS = [
    r"^\s*(?:\d+\s+)?(?:comments?|responses?|replies)\s*(?:\(\d+\))?\s*$",
    r"^\s*(?:users?|readers?|visitors?|members?)['’]?\s+(?:suggested|submitted|comments|reviews|tips|stories)\b",
    r"^\s*(?:leave a (?:comment|reply)|post a comment|add a comment|join the discussion"
    r"|comment on (?:the above|this) (?:article|post|story)|what do you think)\s*[:?!.]?\s*$",
    # a blog's thread ("5 thoughts on “Home remedies for cough”")
    r"^\s*(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:thoughts?|comments?|responses?|replies|reviews?)"
    r" (?:on|to|for)\b",
]
#: Previous/next markers that name the neighbour as an article (not a bare "Next:", which also
#: opens a step of a how-to): written as text, they give a link and end the article.
ARTICLE_MARKERS = [
    r"^\s*(?:<<|>>)\s*[:：]",
    r"^\s*(?:previous|next|older|newer)\s+(?:article|post|story|entry|chapter)\b",
]
#: The same markers' words, searched for anywhere in a page's text (no leading white space to
#: scan: linear on any text).
ARTICLE_MARKER_WORDS = [
    r"(?:<<|>>)\s*[:：]",
    r"\b(?:previous|next|older|newer)\s+(?:article|post|story|entry|chapter)\b",
]

BYLINES = [
    r"^\s*(?:by\s+[A-Z]|updated|published|posted|medically reviewed|written by|reviewed by)",
    r"^\s*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}, \d{4}\s*$",
]
#: A run-in note or warning added to a section ("Note: …", "Warning: see a doctor if …"): never an item.
NOTE_LABELS = [r"^\s*(?:note|please note|warning|caution|important)\s*[:：]"]
#: A site's standing text, the same on every article: a medical disclaimer.
BOILERPLATE = [
    r"^\s*(?:medical\s+|legal\s+)?disclaimer\s*[:：.-]",
    r"^\s*(?:this|the)\s+(?:information|content|article)\s+(?:on|in)\s+this\s+(?:site|website|page)\s+is\s+"
    r"(?:for|not)\b",
    # a credit line: where the text comes from
    r"^\s*(?:from a publication of|adapted (?:with permission )?from|reprinted (?:with permission )?from|courtesy of|source\s*:)",
]
SUMMARY_LABELS = [r"^\s*(?:summary|overview|in brief|key points?)\s*[:：]\s*"]
