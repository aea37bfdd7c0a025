"""Numbering markers of sections and items, and other language-free page conventions.

Each family has a rank: the highest-ranked family that a page uses for heading-like lines marks
its sections; lower-ranked families mark items. HTML headings rank by their level (h2 = 2).
"""

from __future__ import annotations

import re

_CN = "一二三四五六七八九十"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳❶❷❸❹❺❻❼❽❾❿➀➁➂➃➄➅➆➇➈➉➊➋➌➍➎➏➐➑➒➓"  # and the dingbats' forms
_PARENTHESIZED = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"  # "(1)" written as one character

#: (family, rank, pattern at the start of a line). Lower rank = higher in the outline.
FAMILIES: tuple[tuple[str, float, re.Pattern[str]], ...] = (
    ("cjk", 2.5, re.compile(rf"^[{_CN}]{{1,3}}\s*[、.．:：)）]\s*")),  # "一、", "一）"
    # "I. Causes", "Ⅱ.治疗": Roman numerals number a document's parts
    # (a capital or a CJK letter after the dot: "V. vulnificus" is a genus's initial)
    (
        "roman_part",
        2.6,
        re.compile(
            r"^(?:(?:I|II|III|IV|V|VI|VII|VIII|IX|X)\.\s+(?=[A-Z\u4e00-\u9fff])|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ]\s*[、.．:：]?\s*)"
        ),
    ),
    # a question-and-answer page's questions ("问：脚后跟疼怎么办？", "Q1: What causes it?") head its parts
    ("question", 4.4, re.compile(r"^(?:Q\s?\d{0,2}|[问問])\s*[:：]\s*(?=\S)")),
    ("cjk_paren", 3.5, re.compile(rf"^[(（]\s*[{_CN}]{{1,3}}\s*[)）]\s*[、.．]?\s*")),
    # "第一，", and "第一点：", "第2步：" (not "第十六条": a law's article)
    ("ordinal", 5.5, re.compile(rf"^第(?:[{_CN}]{{1,3}}|\d{{1,2}})[点點步]?(?:[，,、.．:：]|\s)\s*")),
    ("arabic", 6.0, re.compile(r"^\d{1,2}\s*[.、．](?!\d)\s*")),
    ("keycap", 6.05, re.compile("^(?:\\d\ufe0f?\u20e3|\U0001f51f)\\s*")),  # the emoji digits 1️⃣ 2️⃣ … 🔟
    # 首先，…其次，…最后，… (numbered only as a run of two or more from a 首先: sections._sequenced)
    ("sequence", 5.6, re.compile(r"^(?:首先|其次|再次|再者|最[后後])\s*[，,、:：]\s*")),
    ("hash", 6.02, re.compile(r"^#\s?\d{1,2}\s*[:.)]\s+")),  # "#1: Poor sleep" (not "#1 rated by doctors")
    ("dashed", 6.1, re.compile(r"^\d{1,2}\s+[-–—]\s+(?=\D)")),  # "1 - Not enough fibre"
    # "Step 2 Rinse", a how-to's "Method 1 of 3:"; "Option 2: Weight loss", "Reason 3 –" with their
    # punctuation or count only ("Option 2 is better for most people" is a sentence)
    (
        "step",
        6.5,
        re.compile(
            r"^(?:(?:step|method|tip|way|trick)\s+#?\d{1,2}(?:\s+of\s+\d{1,2})?\s*[:.：–-]?"
            r"|(?:part|option|reason|cause|remedy)\s+#?\d{1,2}(?:\s+of\s+\d{1,2}\s*[:.：–-]?|\s*[:.：–-]))\s*",
            re.IGNORECASE,
        ),
    ),
    # "方法一：", "原因二：", "偏方三：", "第一招：", and 步驟, 驗方, 食療方 as Traditional pages write them
    (
        "step_cjk",
        6.5,
        re.compile(
            rf"^(?:(?:方法|步[骤驟]|妙招|技巧|原因|偏方|[验驗]方|食[疗療]方)\s*[{_CN}\d]{{1,3}}|第[{_CN}]{{1,3}}招)\s*[:：、.．]\s*"
        ),
    ),
    ("paren", 7.0, re.compile(rf"^(?:[(（]\s*\d{{1,2}}\s*[)）]|[{_PARENTHESIZED}])\s*[、.．]?\s*")),
    ("closing", 7.1, re.compile(r"^\d{1,2}\s*[)）]\s*")),  # "1) Poor posture"
    # "a) Fatty food", "(b) …"; not an abbreviation's letters ("e. g. honey", "a. k. a.")
    ("letter", 7.15, re.compile(r"^(?:[a-h]\s*[).）]|[(（]\s*[a-h]\s*[)）])\s+(?![a-z]\s*\.)")),
    ("roman", 7.2, re.compile(r"^[(（]\s*(?:i{1,3}|iv|vi{0,3}|ix|xi{0,3})\s*[)）]\s*", re.IGNORECASE)),
    ("recipe", 7.5, re.compile(rf"^方[{_CN}]{{1,3}}\s*[：:、]\s*")),
    ("circled", 8.0, re.compile(rf"^[{_CIRCLED}]\s*")),
    # and the marks sites type as bullets: ticks, arrows, triangles, hollow shapes
    # (and small triangles and dots, pointing and diamond emoji; not an em dash: "— Name (@handle)"
    # credits a quote)
    (
        "bullet",
        8.5,
        re.compile(r"^(?:(?:[●•■◆▪◼★☆▶►·✔✓✅☑➤➢➜➔→▲△◇○◎□❖✦▸▹◦‣∙⁃➡👉🔹🔸🔷🔶√]\ufe0f?)\s*|[*\-–]\s+)"),
    ),
    ("padded", 6.2, re.compile(r"^0\d\s+(?=\S)")),
)

#: A how-to's method heading ("Method 1 of 2: Using Ice"): its numbering word is all that names its
#: kind. Not any numbering word: a recipe's "Step 1: Preheat the oven" is no remedy.
HOWTO_METHOD = re.compile(r"^method\s+\d{1,2}\s+of\s+\d{1,2}\s*[:.：–-]", re.IGNORECASE)

#: A bold line that turns from a group's remedies to advice ("When to call your doctor", 何时就医):
#: it closes the group (sections._ends_group).
WHEN_TO = re.compile(r"^\s*(?:when to|何时|什么时候)", re.IGNORECASE)

#: A short Chinese title that ends in another kind's word (不良反应, 副作用, 症状, 表现): under
#: Treatment it heads that kind's part, though longer than an English one ("常见不良反应").
OTHER_KIND_END = re.compile(r"(?:不良反[应應]|副作用|症[状狀]|表[现現])\s*[:：]?$")
#: The word that opens a "sequence" family's run.
SEQUENCE_START = "首先"
#: A "最后，…" that signs a text off ("最后，祝大家身体健康", "最后，感谢阅读"): no last point.
SIGN_OFF = re.compile(r"^(?:祝|希望大家|[谢謝][谢謝]|感[谢謝])")

#: A pager's link that is a page number alone ("2"), in any language.
PAGE_NUMBER = r"^\s*\d+\s*$"

#: Markers that several items share inside one paragraph ("第一，…。第二，…", "①…②…").
INLINE_ITEMS = re.compile(rf"第[{_CN}]{{1,3}}[，,、:：]|[{_CIRCLED}]")
#: Numbered items inside one Chinese paragraph ("…原因。1、多喝水；2、保持湿度；3、…"): the digit
#: and 、 after a sentence break or at the start; counted only when they run 1, 2, 3… in order
#: ("2、3天" alone is "two or three days").
INLINE_NUMBERED = re.compile(r"(?:^|(?<=[。；;！!？?：:\s]))([1-9])\s*、")
#: A line that is only a label in lenticular brackets ("【病因】", "【治疗方法】："): a heading.
BRACKET_HEADING = re.compile(r"^\s*【([^】]{0,14}[\u4e00-\u9fff][^】]{0,14})】\s*[:：]?\s*$")

#: Whole class tokens that hide an element from the reader (CSS frameworks and site builders):
#: what a reader never sees is neither the article nor its further reading. Responsive variants
#: ("hidden-xs", "d-md-none") hide only on some screens and do not match; "hide" is left out, as
#: accordions use it for panels a reader opens.
HIDDEN_CLASSES = (
    r"hidden|invisible|d-none|is-hidden|visually-hidden|sr-only|screen-reader-text|[a-z0-9]+(?:-[a-z0-9]+)*-invisible"
)
#: A class token that shows the element again on some screens ("d-none d-lg-block", "hidden md:flex").
SHOWN_CLASSES = r"[a-z]+-(?:sm|md|lg|xl|xxl|print)-(?:block|flex|inline|inline-block|grid|table)|\w+:(?:block|flex|inline|inline-block|grid|table)"

#: Class or id parts of a box set beside the article's flow (a callout, a fact box, a floated
#: sidebar): its headings and lists are not the article's sections or items (its text stays).
BOX_CLASSES = r"callout|side-?bar|pull-?quote|(?:advisory|info|fact|tip|note|alert|warning|key-?points?|quote)[-_]?box"
#: An inline style that floats an element beside the text.
FLOAT_STYLE = r"float\s*:\s*(?:left|right)"

#: The first label of a host that serves something other than articles: a forum, comments,
#: videos, photos, a shop, a login or a search ("bbs.example.cn", "comment5.news.example.com");
#: or a social network's host.
#: Its links are not further reading, whatever block holds them.
SERVICE_HOSTS = (
    r"^(?:bbs|forums?|club|comments?\d*|video|videos|v|tv|vod|live|pic|pics|photos?|slide|slides|img|images?"
    r"|mall|shop|store|games?|passport|login|account|search|so)\."
    # and the social networks: a profile or a post there is no article of further reading
    r"|(?:^|\.)(?:twitter|x|facebook|instagram|linkedin|youtube|tiktok|pinterest|weibo|douyin|threads)\.(?:com|net)$"
)

#: The marks of a currency, written before a price's sum or after it.
CURRENCY_BEFORE = r"[$£€¥￥]|US\$|RMB|Rs\.?"
CURRENCY_AFTER = r"元|块钱"
#: A price: a block whose entries show prices is a shop's product list, not further reading.
PRICE = rf"(?:{CURRENCY_BEFORE})\s?\d[\d,]*(?:\.\d{{2}})?|\d[\d,]*(?:\.\d{{2}})?\s?(?:{CURRENCY_AFTER})"
#: A currency's mark: every PRICE holds one, and none holds white space.
CURRENCY = rf"{CURRENCY_BEFORE}|{CURRENCY_AFTER}"

#: a line that marks a box as paid, an ad network's widget ("Sponsored Links by
#: Taboola", "Promoted Stories", "Paid content", "Ads by …", 广告, 推广), in any language: its
#: links are ads, whatever the box's heading calls them ("You May Like").
PAID_LABEL = re.compile(
    r"^\s*(?:sponsored(?: (?:links?|content|stories|posts|by)\b.*)?|promoted(?: (?:links?|content|stories|by)\b.*)?"
    r"|paid (?:content|post|partner content)|partner content|ads? by \S.*|广告|推广|赞助(?:内容|商)?)\s*[:：]?\s*$",
    re.IGNORECASE,
)

#: a link to an article's comments (its count, "Leave a comment"), by the
#: fragment that every comment system's link ends with: the article again, not one to read.
COMMENT_FRAGMENT = re.compile(r"#(?:comments?|respond|reply|disqus_thread|comment-\d+)$", re.IGNORECASE)
