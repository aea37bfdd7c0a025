"""English keyword tables (regular expressions, matched case-insensitively)."""

# A heading that names its kind. The earliest match in a heading wins.
STRONG_KINDS: dict[str, list[str]] = {
    "prevention": [r"\bprevent", r"\bprecautions?\b", r"\bavoid", r"\breduc\w* (?:the |your )?risk"],
    "symptoms": [r"\bsymptom", r"\bsigns?\b"],
    "diagnosis": [r"\bdiagnos", r"\btests?\b", r"\bscreening\b"],
    "causes": [r"\bcaus", r"\breasons?\b", r"\bwhy\b", r"\brisk factors?\b", r"\btriggers?\b",
               r"\bwhat leads to\b", r"\bwhere does it come from\b"],
    "remedies": [r"\btreat", r"\bremed", r"\brelie[fv]", r"\btherap", r"\bhome care\b", r"\bself[- ]care\b",
                 r"\bmanag(?:e|ing|ement)\b", r"\bcures?\b", r"\bease\b", r"\bsooth"],
}
# A heading that implies its kind without the word ("What can I do?").
WEAK_KINDS: dict[str, list[str]] = {
    "remedies": [r"\bhow to\b", r"\bwhat (?:to|can (?:i|you|we)|should (?:i|you)) do\b", r"\bsteps?\b",
                 r"\bmethods?\b", r"\bways to\b", r"\bwhat helps\b"],
}

PREVIOUS = [r"^\s*<<\s*[:：]?", r"^\s*previous\s+(?:article|post|story)\b\s*[:：]?",
            r"^\s*prev(?:ious)?\s*[:：]"]
NEXT = [r"^\s*>>\s*[:：]?", r"^\s*next\s+(?:article|post|story)\b\s*[:：]?", r"^\s*next\s*[:：]"]
NOT_AN_ARTICLE = [r"^\s*(?:back to (?:the )?list|none|no more)\s*$"]

RECOMMEND_HEADINGS = [
    r"^\s*recommend(?:ed)?\b", r"^\s*related\b", r"^\s*more (?:from|on|about|in|stories|articles)\b",
    r"^\s*you (?:may|might) (?:also )?like\b", r"^\s*(?:most )?popular\b", r"^\s*hot\b",
    r"^\s*latest\b", r"^\s*read (?:more|next|also)\b", r"^\s*further reading\b",
    r"^\s*trending\b", r"^\s*(?:editor'?s )?picks?\b", r"^\s*see also\b", r"^\s*also (?:read|on)\b",
    r"^\s*most read\b", r"^\s*what to read next\b",
]
RECOMMEND_CLASSES = [r"related", r"recommend", r"also-?like", r"more-?stories", r"read-?more", r"popular",
                     r"hot-?list", r"further-?reading", r"you-?may", r"most-?read", r"trending"]

NOISE_CLASSES = [
    r"breadcrumbs?", r"share|sharing|social", r"newsletter|subscribe|signup|sign-up", r"consent|cookies?|gdpr",
    r"disclaimer", r"comments?|commentlist|respond", r"advert\w*|ads|adslot|ad-?(?:box|slot|unit|wrap)|sponsor\w*",
    r"promo", r"tags?|tag-?cloud|topics", r"pagination|pager|page-?nav", r"author-?bio|about-?author",
    r"copyright", r"footer", r"nav|navbar|menu|megamenu", r"carousel|slideshow|slider|gallery",
    r"video-?player|now-?playing", r"product|shop", r"feedback|report", r"qrcode|wechat|follow",
    r"login|signin", r"toolbar",
]
#: Link texts that lead to a list, not to an article ("More >>", "View all").
MORE_LINKS = [r"^\s*(?:more|view all|see all|see more|read more|show more)\b\W*$"]
SUMMARY_CLASSES = [r"summary", r"lead", r"intro", r"standfirst", r"dek", r"abstract", r"digest", r"description"]
NOISE_LINES = [r"^\s*(?:share (?:this|on)|click here to sign up|sign up for|advertisement|sponsored)\b"]

BYLINES = [r"^\s*(?:by\s+[A-Z]|updated|published|posted|medically reviewed|written by|reviewed by)",
           r"^\s*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}, \d{4}\s*$"]
SUMMARY_LABELS = [r"^\s*(?:summary|overview|in brief|key points?)\s*[:：]\s*"]
