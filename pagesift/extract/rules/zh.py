"""Chinese keyword tables (regular expressions)."""

NAME = "Chinese"  # as the dataset card names the languages the rules read
CODE = "zh"  # ISO 639-1, as language.identify names a page's language
#: Written in Simplified characters; each pattern also matches their Traditional forms (rules.variants).
VARIANT_FORMS = True

STRONG_KINDS: dict[str, list[str]] = {
    "prevention": ["预防", "防止", "避免", "注意事项", "禁忌", "防范"],
    "symptoms": ["症状", "表现", "征兆", "信号", "副作用", "不良反应"],
    "diagnosis": ["诊断", "检查", "鉴别", "筛查"],
    "causes": [
        "原因",
        "病因",
        "诱因",
        "为什么",
        "为何",
        "怎么回事",
        "哪些人(?:容易|易|会)",
        "高危(?:人群|因素)",
        "危险因素",
        r"(?:什么|哪些|怎么|怎样|何)\S{0,4}(?:引起|导致|造成)",
        r"(?:引起|导致|造成)的?[吗呢]?[？?]?$",
        "病机",
        "成因",
        "诱发",
        r"(?:致病|发病|影响|相关)因素",
        r"(?:引起|导致|造成)\S{0,8}的?因素",
        # who gets it, and the culprit
        r"(?:高发|易患|易感|好发)人群",
        "罪魁祸首",
    ],
    "remedies": [
        "治疗",
        "缓解",
        "怎么办",
        "解决",
        "偏方",
        "方剂",
        "食疗",
        "调理",
        "疗法",
        "良方",
        "处方",
        "改善",
        "急救",
        "护理",
        "对策",
        "应对",
        # recuperation, rehabilitation and guidance on medicines
        "调养",
        r"康复(?:训练|锻炼)",
        r"用药(?:指导|建议)|常用药物?|推荐用药",
    ],
}
WEAK_KINDS: dict[str, list[str]] = {
    "remedies": [
        "如何",
        "方法",
        "怎么",
        "怎样",
        r"吃什么(?:好|药)|(?:用|吃)什么药",
        "妙招",
        "技巧",
        "办法",
        "小窍门",
        "按摩|按揉|推拿|针灸|艾灸|拔罐|刮痧",
        "助眠|帮助入睡",
        "支招",  # an expert's advice: 专家支招
        r"好得(?:快|更快)",  # "这样做好得快": what makes it heal faster
    ],
}
REMEDY_GROUPS = [r"^\s*(?:药物|手术|中医|西医|物理|饮食|运动|心理|外用|内服)(?:治疗|疗法|调理)?\s*[:：]?\s*$"]
#: A news headline asks "how" of anything ("如何看待…", "怎么看…"): alone, these give the page no
#: kind; "5个方法" (a count of methods) and the strong words (治疗, 缓解, 怎么办) still do.
HEADLINE_QUESTIONS = [
    r"为什么",
    r"为何",
    r"如何",
    r"怎么(?!办|回事)",
    r"怎样",
    r"(?<![\d一二三四五六七八九十几][个种招条])(?:方法|办法|技巧)",
]
#: The fields of a medical question-and-answer form, as a line opens with one ("病情描述：…"): never an item.
FORM_LABELS = [
    r"^\s*(?:病情描述|问题描述|病情分析|指导意见|治疗情况|曾经治疗情况|想得到怎样的帮助|希望得到的帮助|补充问题"
    r"|提问时间|医生回答|网友回答|回答|问|答)\s*[:：]"
]
FORM_FIELDS = [r"^\s*(?:疾病|性别|年龄|患病(?:多久|时长)|就诊(?:医院|情况)|用药情况|过敏史|既往病史)\s*[:：]"]
LIST_NOUNS: dict[str, list[str]] = {
    "causes": [r"(?:以下|下列|这些|如下)\S{0,4}(?:因素|原因)"],
    "attributes": [
        r"(?:以下|下列|这些|如下)\S{0,4}(?:成分|特点|优点|好处|问题)",
        r"^\s*(?:标签|关键词|关键字|分类|相关标签)\s*[:：]",  # a page's tags
        r"^\s*(?:材料|原料|食材|配料|主料|辅料|调料|做法|制作方法|组成|配方)\s*[:：]",  # a remedy's recipe under it
    ],
    # when to see a doctor, a drug's side effects ("出现以下情况应及时就医：", "不良反应有：")
    "symptoms": [
        r"(?:以下|下列|这些|如下)\S{0,6}(?:情况|症状|表现)\S{0,8}(?:就医|就诊|医院|医生)",
        r"(?:及时|立即|马上|尽快)(?:就医|就诊|去医院|到医院)\s*[:：]?\s*$",
        r"(?:不良反应|副作用)(?:有|包括|主要有|如下|可能有)",
    ],
}
NOT_KINDS: dict[str, list[str]] = {
    # reasons to do something ("为什么要接种疫苗", "选择我们的原因"), not causes
    "causes": [
        r"(?:为什么|为何)(?:要|需要|应该|必须|一定要)",
        r"选择(?:我们|我院|本院|本店|本品)的?(?:原因|理由)",
    ],
    "remedies": [
        r"治疗(?:情况|经过|史|效果)\s*[:：]?\s*$",
        r"怎么(?:回事|样|了)",
        # a treatment's harms or myths are not the treatment (how to lessen the harms still is)
        r"^(?!\s*(?:如何|怎么|怎样|减少|降低|减轻))\s*\S{0,16}(?:危害|坏处|误区|骗局)\s*[？?！!]?\s*$",
        r"怎样\s*[？?]?\s*$",  # "预后怎样？", "效果怎样": how it goes, not what to do
        r"(?:按摩|按揉|推拿|针灸|艾灸|拔罐|刮痧)(?:师|椅|器|仪|店|院|馆|机|床|枕|膏)",  # the trade and its goods
        # a heading's last noun names it: "失眠调养注意事项" is precautions, not recuperation
        r"(?:调养|调理|护理|食疗)的?(?:注意事项|禁忌)",
        # a story's questions ("研究怎么做的", "专家怎么看"), a hospital's equipment and fees
        # ("引进新型治疗设备", "治疗费用"), news of a treatment ("研发出治疗脱发新药"): nothing the reader does
        r"怎么(?:做的|看(?![病医])|说|想|评价|解读)",
        r"如何(?:看待|评价|解读)",
        r"治疗(?:设备|仪器|仪|机)(?!的?(?:使用|用法))|治疗(?:室|中心|费用|价格|收费)",
        r"(?:研发|研制|推出|获批|批准|开发)\S{0,6}?(?=治疗|疗法)\S",
        r"(?:发现|找到)了?(?:一种|新的?|新型)\S{0,6}?(?=治疗|疗法)\S",
        r"(?:发现|找到)了?\S{0,6}?(?:治疗|疗法)\S{0,10}?新(?:方法|药|疗法|途径|靶点|手段)?",
        # a hospital's or a shop's procedures, a recipe's steps, a product's storage ("如何挂号", "报销方法",
        # "制作方法", "保存方法")
        r"(?:如何|怎么|怎样)(?:挂号|预约|报名|购买|申请|缴费|报销|联系|到达|乘车|前往|办理)",
        r"(?:保存|储存|贮藏|存放|购买|报名|申请|预约|挂号|缴费|支付|付款|报销|联系|制作|烹饪|烹调|清洗|安装)"
        r"(?:方法|办法|方式|技巧|步骤|流程)",
        # the words' other senses: a business's solutions, policy news, a hospital's departments and staff, a
        # study's treatment group ("产品解决方案", "改善营商环境", "应对气候变化", "护理部", "急救中心", "治疗组")
        r"(?:产品|行业|技术|整体|企业|系统|网络|数字化|智能|一站式)解决方案",
        r"解决(?:交通|就业|住房|拥堵|纠纷|争议)",
        r"改善(?:营商|投资|经营|人居|生态|交通|市容|民生|办学|就业)",
        r"应对(?:气候|疫情|挑战|危机|贸易|市场|竞争|老龄化|极端天气)",
        r"(?:护理|急救)(?:部|科(?!普)|团队|人员|队伍|学院|专业|岗位|招聘|中心|电话|站|车)",
        r"治疗组|对照组",
        r"(?<!非)处方药",
        r"调理师",
    ],
}

#: 上篇, 下篇, 前一篇 and 后一篇 only with their colon or bracket: alone they also name a two-part
#: article's halves, or open a sentence ("前一篇文章我们介绍了…").
PREVIOUS = [
    r"^\s*[【\[]?\s*上一(?:篇|条)(?:文章)?\s*[】\]]?\s*[:：]?",  # 上一篇文章：
    r"^\s*(?:[【\[]\s*(?:上篇|前一篇|前一条)\s*[】\]]\s*[:：]?|(?:上篇|前一篇|前一条)\s*[:：])",
    r"^\s*<<\s*[:：]",
    r"^\s*阅读上一篇\s*[:：]?",
]
NEXT = [
    r"^\s*[【\[]?\s*下一(?:篇|条)(?:文章)?\s*[】\]]?\s*[:：]?",  # 下一篇文章：
    r"^\s*(?:[【\[]\s*(?:下篇|后一篇|后一条)\s*[】\]]\s*[:：]?|(?:下篇|后一篇|后一条)\s*[:：])",
    r"^\s*>>\s*[:：]",
    r"^\s*阅读下一篇\s*[:：]?",
]
MARKER_WORDS = ["上一", "下一", "上篇", "下篇", "前一篇", "前一条", "后一篇", "后一条", "阅读"]
TRAILING_MARKERS: list[str] = []
PAGINATION = ["下一页", "上一页", r"第\s*\d+\s*页"]
DATE_WORDS: dict[str, list[str]] = {"year": ["年"], "month": ["月"], "day": ["日"]}
NOT_AN_ARTICLE = [r"^\s*(?:返回列表|没有了|无|暂无|已经是最后一篇|已是最后一篇|已经是第一篇)\s*[!！。]?\s*$"]

RECOMMEND_HEADINGS = [
    r"^\s*(?:为您|相关|精彩|热门|猜你)?推荐(?:阅读|文章|内容|新闻|资讯)?\s*[:：]?\s*$",
    r"^\s*相关(?:文章|阅读|推荐|内容|资讯|疾病文章|知识|问题|新闻|科普|问答|帖子|信息)?\s*[:：]?\s*$",
    r"^\s*(?:\S{1,12}的)?(?:其他|更多)文章\s*[:：]?\s*$",
    r"^\s*(?:本版|今日|本周)?热帖\s*[:：]?\s*$",
    r"^\s*往期(?:推荐|精选|回顾)\s*[:：]?\s*$",
    r"^\s*(?:猜你|你可能|您可能)(?:还|也)?(?:喜欢|想看|感兴趣|会喜欢)(?:的)?(?:文章|内容)?\s*[:：]?\s*$",
    r"^\s*热[点门](?:文章|推荐|资讯|阅读|排行|关注)?\s*[:：]?\s*$",
    r"^\s*最新(?:文章|资讯|推荐|发布)\s*[:：]?\s*$",
    r"^\s*延伸阅读\s*[:：]?\s*$",
    r"^\s*大家都在看\s*[:：]?\s*$",
    r"^\s*看了本文的人还看了\s*[:：]?\s*$",
    r"^\s*更多(?:文章|阅读|推荐|资讯)\s*[:：]?\s*$",
    r"^\s*阅读排行\s*[:：]?\s*$",
    r"^\s*(?:(?:编辑|小编|今日|每日|为你|为您|热文|精品|独家|健康)推荐|(?:扩展|拓展)阅读|看了又看|猜你想问"
    r"|(?:网友|大家)都在看|(?:点击|人气|热门|文章|本周|本月)排行榜?|(?:本周|今日|24小时|一周)(?:热门|热点)(?:文章|资讯|新闻)?"
    r"|(?:精选|精彩)(?:文章|阅读|内容)|更多精彩(?:内容|推荐)?|相关链接)\s*[:：]?\s*$",
    # a site's own picks (本站推荐) and what other readers read next (看了还看)
    r"^\s*(?:本站推荐|看了(?:还|又)看|看过(?:本文|这篇文章)的人还看了)\s*[:：]?\s*$",
    # 相关文章推荐, 相关阅读推荐 (a related list's label with 推荐 after it)
    r"^\s*相关(?:文章|阅读|内容|资讯|新闻|知识)推荐\s*[:：]?\s*$",
]
RECOMMEND_CLASSES: list[str] = []
GALLERY_LABELS = [
    r"^\s*\S{0,2}(?:图片|图集|组图|美图|高清图)\S{0,2}\s*$",
    r"^\s*(?:相关|热门|精彩|最新|推荐)?视频(?:推荐)?\s*[:：]?\s*$",  # a list of videos
]
GALLERY_CLASSES: list[str] = []

AD_CLASSES: list[str] = []
NOISE_CLASSES: list[str] = []
MENU_CLASSES: list[str] = []
MORE_LINKS = [
    r"^\s*(?:查看)?(?:更多|全部)\s*(?:\d+\s*[篇条个]\s*)?(?:文章|内容|资讯|帖子)?\s*(?:>>|>|»|›)?\s*$",
    r"^\W*(?:编辑|編輯)(?:本段|段落|词条)?\W*$",
]
SUMMARY_CLASSES: list[str] = []
NOISE_LINES = [r"^\s*(?:扫一扫|关注我们|分享到|声明[:：]|免责声明|版权所有|未经.*授权)", r"^\s*当前位置[:：]"]

SITE_NAMES = [r"^\s*\S{1,12}(?:网|在线|官网|网站)\s*$"]
CHANNEL_NAMES = [r"^\S{0,12}(?:频道|专题|专栏)\s*$", r"^\s*(?:问医生|专家问答|名医问答)\s*$"]
#: A frame's sub-heading whose list is the frame's (references, related reading), never
#: the section's items; narrower than GENERIC_HEADINGS (小结 heads the section's own list).
FRAME_HEADINGS = [r"^\s*(?:参考(?:文献|资料)?|相关\S*)\s*[:：]?\s*$"]
GENERIC_HEADINGS = [
    r"^\s*(?:概述|简介|引言|总结|小结|结语|作者\S*|评论|免责声明|声明"
    r"|划重点|敲黑板|小贴士|小提示|温馨提示|重点提示|知识点|(?:医生|专家)(?:提醒|提示))\s*[:：]?\s*$",
    # a question page's answer headings ("网友回答", "医生回答"), never its causes
    r"^\s*(?:网友|医生|专家|热心网友|最佳|推荐|精选|全部|其他|更多)?(?:回答|回复|答案|解答)\s*(?:[(（]\d+[)）])?\s*[:：]?\s*$",
]
ARTICLE_END = [r"^\s*版权所有", r"^\s*©.*\b(?:19|20)\d\d\b", r"版权归.{0,20}所有"]
ARTICLE_MARKERS = [
    r"^\s*[【\[]?\s*[上下]一(?:篇|条)",
    r"^\s*[【\[]?\s*(?:[上下]篇|[前后]一(?:篇|条))\s*[】\]]?\s*[:：]",
    r"^\s*阅读[上下]一篇",
]
ARTICLE_MARKER_WORDS = [r"[上下]一(?:篇|条)", r"(?:[上下]篇|[前后]一(?:篇|条))\s*[】\]]?\s*[:：]"]
COMMENTS_HEADINGS = [
    r"^\s*(?:发表评论|网友评论|评论列表|我要评论|全部评论|热门评论|查看评论)\s*(?:[(（]\d+[)）])?\s*$",
    r"^\s*(?:我来说两句|网友留言|留言板|用户评论|精彩评论|读者评论|最新评论)\s*(?:[(（]\d+[)）])?\s*$",  # a comment thread's heading
]

BYLINES = [
    r"^\s*(?:来源|作者|发布时间|时间|编辑|责任编辑|文章来源|更新时间)[:：]",
    r"^\s*\d{4}[-/年]\d{1,2}[-/月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:来源|作者|$)",
]
NOTE_LABELS = [r"^\s*(?:注意|提示|温馨提示|特别提醒|特别提示|提醒)\s*[:：]"]
BOILERPLATE = [r"^\s*(?:免责声明|特别声明|郑重声明)\s*[:：]", r"^\s*(?:来源|出处|转载自|摘自|本文来源)\s*[:：]"]
SUMMARY_LABELS = [r"^\s*(?:核心提示|导读|摘要|提要|导语)\s*[:：]\s*"]
