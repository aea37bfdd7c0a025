"""Section finding: heading kinds, item titles, and the outline of small article bodies.

Every case is a small piece of health-site markup or text written inline, shaped like the pages
described in tests/gold/README.md and /work/shared/notes/real-page-patterns.md.
"""

from __future__ import annotations

import pytest

from pagesift.extract.blocks import Block, from_lines, from_tree
from pagesift.extract.noise import MARK
from pagesift.extract.page import parse_html
from pagesift.extract.sections import Item, classify, find_sections, split_item, strip_marker


def H(text: str, level: int = 2) -> Block:
    return Block("heading", text, level=level)


def P(text: str, lead: str = "") -> Block:
    return Block("para", text, lead=lead, bold=bool(lead) and lead == text)


def B(text: str) -> Block:
    """A short paragraph that is all bold (<p><strong>…</strong></p>)."""
    return Block("para", text, lead=text, bold=True)


def LI(text: str, lead: str = "") -> Block:
    return Block("item", text, lead=lead, bold=bool(lead) and lead == text)


def html_blocks(body: str) -> list[Block]:
    tree = parse_html(f"<html><body>{body}</body></html>")
    return from_tree(tree.find("body"), MARK)


def titles(items: list[Item]) -> list[str]:
    return [item.title for item in items]


def outline_shape(outline) -> list[tuple[str, str, list[str]]]:
    return [(s.kind, s.heading, titles(s.items)) for s in outline.sections]


# --- classify -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        # kind named in so many words
        ("Symptoms", "symptoms"),
        ("Causes", "causes"),
        ("Risk factors", "causes"),
        ("Treatment", "remedies"),
        ("Prevention", "prevention"),
        ("How is gout diagnosed?", "diagnosis"),
        ("Causes of numbness in the back", "causes"),
        ("How to relieve numbness in the back", "remedies"),
        ("Signs of a stroke", "symptoms"),
        ("How to prevent dry eyes", "prevention"),
        # the earliest kind word wins
        ("Home remedies to ease cold symptoms", "remedies"),
        ("Symptoms and causes", "symptoms"),
        ("How to treat and prevent heartburn", "remedies"),
        # implied kinds: no kind word, the question says it
        ("Why does it happen?", "causes"),
        ("What causes hiccups?", "causes"),
        ("What can I do?", "remedies"),
        ("What should I do?", "remedies"),
        ("What helps?", "remedies"),
        # phrasings no gold page uses, read as CONVENTIONS.md reads the kinds
        ("Etiology", "causes"),
        ("Contributing factors", "causes"),
        ("Factors that can lead to obesity", "causes"),
        ("What increases my risk of stroke?", "causes"),
        ("Where do cold sores come from?", "causes"),
        ("How do children catch head lice?", "causes"),
        ("How do you get shingles?", "causes"),
        ("How do you get rid of hiccups?", "remedies"),
        ("Getting rid of dandruff", "remedies"),
        ("Dealing with anxiety", "remedies"),
        ("Foods that may help", "remedies"),
        ("Living with psoriasis", "remedies"),
        ("How do I stop snoring?", "remedies"),
        ("How can I make it better?", "remedies"),
        ("What can help?", "remedies"),
        ("First aid", "remedies"),
        ("Self-help", "remedies"),
        ("Easing the pain", "remedies"),
        ("Common culprits", "causes"),
        ("What is behind it?", "causes"),
        ("The Implement Stage: Iterate to find what works", "other"),
        ("How do I get a referral to a specialist?", "other"),
        ("How do I get insurance to cover it?", "other"),
        ("Where do I come from", "other"),
        ("Questions that may help you talk to your doctor", "other"),
        # ... and the same words where they name no kind
        ("How do I get tested?", "other"),
        ("What's the deal with gluten?", "other"),
        ("The Atkins Diet May Increase the Risk of Certain Cancers", "other"),  # a finding, not causes
        ("4 Things to Do in October", "other"),
        ("We Tried It: Clinique Acne Solutions Powder Makeup", "other"),
        # news-style question headings name no kind
        ("What exactly is brain fog?", "other"),
        ("What exactly is plantar fasciitis?", "other"),
        ("When to see a doctor", "other"),
        ("Overview", "other"),
        # what makes it worse (its triggers), and what a reader does at home
        ("What makes eczema worse?", "causes"),
        ("Things that can make snoring worse", "causes"),
        ("What you can do about it", "remedies"),
        ("Things you can do yourself", "remedies"),
        ("Coping strategies", "remedies"),
        ("Quick fixes for cracked heels", "remedies"),
        ("Looking after yourself", "remedies"),
        ("Caring for pink eye at home", "remedies"),
        ("Stretches for lower back pain", "remedies"),
        ("Medication options", "remedies"),
        ("Surgery options", "remedies"),
        ("Rehabilitation", "remedies"),
        ("Aftercare", "remedies"),
        ("Recovery tips", "remedies"),
        ("Who's most likely to get it?", "causes"),
        ("Who is affected?", "causes"),
        ("What's to blame?", "causes"),
        ("Over-the-counter options", "remedies"),
        ("Prescription drugs", "remedies"),
        ("Prescription drug prices", "other"),
        ("What makes a good doctor", "other"),
        # ... and the same words where they name no kind: a trip's things to do, a seller's pitch
        ("Things you can do in Paris", "other"),
        ("What you can do this weekend", "other"),
        ("Exercises for beginners", "other"),
        ("Prison rehabilitation", "other"),
        ("Cardiac rehabilitation programs", "remedies"),
        ("Why choose our pillow?", "other"),
        ("Why it works", "other"),
        ("Caring for your skin", "other"),
    ],
)
def test_classify_english_headings(heading: str, kind: str) -> None:
    assert classify(heading) == kind


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("颈椎病的原因", "causes"),
        ("为什么会失眠", "causes"),
        ("一、手脚冰凉的原因", "causes"),
        ("怎么办", "remedies"),
        ("颈椎病怎么办", "remedies"),
        ("如何缓解", "remedies"),
        ("缓解疼痛的方法", "remedies"),
        ("护理方法", "remedies"),
        ("小妙招", "remedies"),
        ("注意事项", "prevention"),
        ("如何预防", "prevention"),  # 预防 outranks the implied 如何
        ("预防感冒的方法", "prevention"),
        ("饮食禁忌", "prevention"),
        ("手脚冰凉的症状", "symptoms"),
        ("牙痛的危害", "other"),
        ("颈椎病是什么引起的", "causes"),
        ("哪些因素会导致失眠", "causes"),
        ("口臭是怎么造成的？", "causes"),
        ("吃肉过多导致的食欲差", "other"),  # names an ailment by its cause: not a causes section
        ("服药后的副作用", "symptoms"),
        ("导致失眠的因素", "causes"),
        ("诱发痛风的食物", "causes"),
        ("应对方法", "remedies"),
        ("失眠的对策", "remedies"),
        ("睡前按揉三个穴位，帮助入睡", "remedies"),
        ("怎样才能睡好", "remedies"),
        ("失眠吃什么好", "remedies"),
        ("该吃什么药", "remedies"),  # a Chinese medicine treatment names remedies
        ("艾灸", "remedies"),
        ("刮痧的危害", "other"),  # the strong 危害 is no kind; a weak word does not make one
        ("按摩预防颈椎病", "prevention"),
        ("缓解疼痛的五个误区", "other"),
        ("如何减少熬夜的危害", "remedies"),  # lessening the harms is what to do
        ("糖尿病的预后怎样？", "other"),
        ("效果怎样", "other"),
        ("针灸师资格考试", "other"),
        ("按摩椅选购指南", "other"),
        ("易患人群", "causes"),
        ("脱发的罪魁祸首", "causes"),
        ("生活调养", "remedies"),
        ("专家支招", "remedies"),
        ("康复训练", "remedies"),
        ("用药指导", "remedies"),
        ("失眠调养注意事项", "prevention"),  # the last noun names it: precautions
        ("常用药物", "remedies"),
    ],
)
def test_classify_chinese_headings(heading: str, kind: str) -> None:
    assert classify(heading) == kind


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("治療方法", "remedies"),
        ("怎麼辦", "remedies"),
        ("緩解疼痛的方法", "remedies"),
        ("為什麼會失眠", "causes"),
        ("哪些因素會導致失眠", "causes"),
        ("預防", "prevention"),
        ("症狀", "symptoms"),
        ("診斷與檢查", "diagnosis"),
    ],
)
def test_traditional_chinese_headings_read_as_simplified_ones(heading: str, kind: str) -> None:
    assert classify(heading) == kind


def test_variants_enter_character_classes_and_leave_escapes_alone() -> None:
    from pagesift.extract.rules.variants import with_variants

    assert with_variants("治疗") == "治[疗療]"
    assert with_variants("[上下后]一(?:篇|条)") == "[上下后後]一(?:篇|[条條])"
    assert with_variants(r"[^疗]\S{0,4}") == r"[^疗療]\S{0,4}"
    assert with_variants("原因") == "原因"
    from pagesift.extract.rules.variants import spellings

    assert spellings("阅读") == ["阅读", "閱讀", "閲讀"] and spellings("上一") == ["上一"]


# --- split_item ---------------------------------------------------------------------------------


def test_split_item_seed_colon_form() -> None:
    item = split_item(
        "(1) Improper sleeping position: An improper sleeping position lasts for a long time and cannot be "
        "adjusted in time when the brain is in a resting state."
    )
    assert item.title == "Improper sleeping position"
    assert item.text == (
        "An improper sleeping position lasts for a long time and cannot be adjusted in time when the brain "
        "is in a resting state."
    )


def test_split_item_seed_full_stop_form() -> None:
    item = split_item(
        "(2) Improper working posture. A large amount of statistical data shows that the incidence of "
        "cervical spondylosis is particularly high among people who work with their heads down."
    )
    assert item.title == "Improper working posture"
    assert item.text.startswith("A large amount of statistical data shows")


def test_split_item_seed_case_break_form() -> None:
    item = split_item(
        "(3) Inappropriate physical exercise Normal physical exercise is good for health, but activities "
        "or exercises that exceed the neck's tolerance can increase the load on the cervical spine."
    )
    assert item.title == "Inappropriate physical exercise"
    assert item.text.startswith("Normal physical exercise is good for health")


@pytest.mark.parametrize(
    ("line", "title", "text"),
    [
        (
            "（1）睡姿不当：枕头过高或过低，长时间睡姿不良，造成椎旁肌肉、韧带及关节的平衡失调。",
            "睡姿不当",
            "枕头过高或过低，长时间睡姿不良，造成椎旁肌肉、韧带及关节的平衡失调。",
        ),
        (
            "第一，冷敷止痛。用毛巾包裹冰块敷在疼痛一侧的脸颊上，每次十五分钟左右，可以暂时缓解疼痛。",
            "冷敷止痛",
            "用毛巾包裹冰块敷在疼痛一侧的脸颊上，每次十五分钟左右，可以暂时缓解疼痛。",
        ),
        (
            "①深龋：龋洞接近牙髓时，遇到冷热酸甜刺激就会引起疼痛。",
            "深龋",
            "龋洞接近牙髓时，遇到冷热酸甜刺激就会引起疼痛。",
        ),
        ("方一：当归生姜羊肉汤", "当归生姜羊肉汤", ""),
        (
            "方二：红糖姜枣茶 红枣10枚，生姜3片，红糖适量，煮水代茶饮。",
            "红糖姜枣茶",
            "红枣10枚，生姜3片，红糖适量，煮水代茶饮。",
        ),
        ("1、高盐饮食：每天吃盐超过6克的人更容易患高血压。", "高盐饮食", "每天吃盐超过6克的人更容易患高血压。"),
    ],
)
def test_split_item_chinese_forms(line: str, title: str, text: str) -> None:
    assert split_item(line) == Item(title, text)


def test_split_item_marker_only_line_is_its_title() -> None:
    assert split_item("(1) Manual massage therapy") == Item("Manual massage therapy", "")
    assert split_item("1. Use a humidifier") == Item("Use a humidifier", "")


def test_split_item_long_line_without_separator_is_all_title() -> None:
    line = "Use a humidifier at night to keep the air in your bedroom moist"
    assert split_item(line) == Item(line, "")


def test_split_item_bold_lead_is_the_title() -> None:
    item = split_item("Drink warm water: Sipping warm water relaxes the diaphragm.", lead="Drink warm water:")
    assert item.title == "Drink warm water"
    assert item.text == "Sipping warm water relaxes the diaphragm."


def test_split_item_chinese_bold_lead_without_separator() -> None:
    item = split_item("多喝温水温水可以稀释痰液，缓解咽喉干燥不适的感觉", lead="多喝温水")
    assert item.title == "多喝温水"
    assert item.text == "温水可以稀释痰液，缓解咽喉干燥不适的感觉"


def test_split_item_bold_lead_marker_is_not_part_of_title() -> None:
    item = split_item("1. Stay hydrated: Drinking water keeps mucus thin", lead="1. Stay hydrated:")
    assert item.title == "Stay hydrated"


@pytest.mark.parametrize(
    ("line", "lead", "text"),
    [
        (
            "Dry air. Heated indoor air in winter dries out the airways.",
            "Dry air.",
            "Heated indoor air in winter dries out the airways.",
        ),
        (
            "蜂蜜水：一岁以上的孩子睡前喝一勺蜂蜜，可以减轻夜间咳嗽。",
            "蜂蜜水：",
            "一岁以上的孩子睡前喝一勺蜂蜜，可以减轻夜间咳嗽。",
        ),
    ],
)
def test_split_item_bold_lead_keeps_the_texts_final_full_stop(line: str, lead: str, text: str) -> None:
    assert split_item(line, lead=lead).text == text


# --- find_sections ------------------------------------------------------------------------------

SEED_TITLE = "Why is your back numb? Try this massage"


def test_numbered_paragraph_sections_with_paren_items_seed_layout() -> None:
    blocks = [
        H(SEED_TITLE, 1),
        P(SEED_TITLE),  # the seed repeats its title as the first paragraph
        P(
            "Numbness in the back may be caused by sitting in front of the computer for too long. "
            "It is recommended to choose massage or hot compress to relieve it."
        ),
        P("1. Causes of numbness in the back"),
        P(
            "(1) Improper sleeping position: An improper sleeping position lasts for a long time and cannot be "
            "adjusted in time."
        ),
        P(
            "(2) Improper working posture. A large amount of statistical data shows that the incidence is "
            "particularly high among office workers."
        ),
        P(
            "(3) Inappropriate physical exercise Normal physical exercise is good for health, but exercises "
            "that exceed the neck's tolerance increase the load."
        ),
        P("2. How to relieve numbness in the back"),
        P("(1) Manual massage therapy"),
        P("It is a more effective treatment for cervical spondylosis. It relieves tension in the shoulders."),
        P("(2) Warm and hot compress"),
        P("This treatment can improve blood circulation and relieve muscle spasms."),
    ]
    outline = find_sections(blocks, SEED_TITLE)
    assert outline.summary == (
        "Numbness in the back may be caused by sitting in front of the computer for too long. "
        "It is recommended to choose massage or hot compress to relieve it."
    )
    assert outline_shape(outline) == [
        (
            "causes",
            "Causes of numbness in the back",
            ["Improper sleeping position", "Improper working posture", "Inappropriate physical exercise"],
        ),
        ("remedies", "How to relieve numbness in the back", ["Manual massage therapy", "Warm and hot compress"]),
    ]
    # an item title alone on its line takes the paragraph that follows as its text
    assert outline.items_of("remedies")[1].text == (
        "This treatment can improve blood circulation and relieve muscle spasms."
    )


def test_numbered_sections_with_half_paren_items() -> None:
    """ "1)" numbers items as "(1)" does; "1." numbers the sections above them."""
    blocks = [
        H("Back numbness", 1),
        P("1. Causes of numbness in the back"),
        P("1) Poor posture: sitting hunched for hours presses the nerves."),
        P("2) Herniated disc: a disc bulges onto a nerve root."),
        P("2. How to relieve numbness in the back"),
        P("1) Stretching"),
        P("2) A warm compress"),
    ]
    assert outline_shape(find_sections(blocks, "Back numbness")) == [
        ("causes", "Causes of numbness in the back", ["Poor posture", "Herniated disc"]),
        ("remedies", "How to relieve numbness in the back", ["Stretching", "A warm compress"]),
    ]
    assert strip_marker("10) Rest")[2] == "Rest" and strip_marker("2)")[0] is None  # a marker alone is no item


def test_chinese_method_numbers_mark_items() -> None:
    """ "方法一：" numbers a remedy as "Step 1:" does in English."""
    blocks = [
        H("腰麻是怎么回事", 1),
        H("腰麻怎么缓解？", 2),
        P("方法一：热敷。用热毛巾敷腰部十五分钟。"),
        P("方法二：按摩。轻轻按摩腰部肌肉。"),
        P("方法3、多活动。每坐一小时起身走走。"),
    ]
    assert outline_shape(find_sections(blocks, "腰麻是怎么回事")) == [
        ("remedies", "腰麻怎么缓解？", ["热敷", "按摩", "多活动"])
    ]


def test_a_boxs_label_and_the_frames_lines_are_never_items() -> None:
    """A call-out's label ("划重点", "Good to know") and the article's frame ("Conclusion", "You may
    also like") stand among a section's lines as plain lines: none of them is an item."""
    blocks = [
        H("痛风是怎么回事", 1),
        H("痛风的原因", 2),
        P("1. 嘌呤摄入过多"),
        P("2. 尿酸排泄减少"),
        P("划重点"),
        P("尿酸高不一定会得痛风，但痛风患者一定是尿酸高的。"),
        H("Home remedies", 2),
        LI("Rest the joint"),
        LI("Good to know"),
        LI("Drink more water"),
        LI("You may also like"),
    ]
    shape = outline_shape(find_sections(blocks, "痛风是怎么回事"))
    assert shape == [
        ("causes", "痛风的原因", ["嘌呤摄入过多", "尿酸排泄减少"]),
        ("remedies", "Home remedies", ["Rest the joint", "Drink more water"]),
    ]


def test_items_that_open_with_a_frame_word_are_kept() -> None:
    blocks = [
        H("Back pain", 1),
        H("Causes", 2),
        LI("Related conditions such as arthritis or osteoporosis"),
        LI("Poor posture"),
        H("腰痛的原因", 2),
        LI("相关疾病，如腰椎间盘突出、骨质疏松等"),
        LI("作者认为姿势不良也是原因"),
    ]
    assert titles(find_sections(blocks, "Back pain").items_of("causes")) == [
        "Related conditions such as arthritis or osteoporosis",
        "Poor posture",
        "相关疾病，如腰椎间盘突出、骨质疏松等",
        "作者认为姿势不良也是原因",
    ]


def test_traditional_step_numbers_mark_items() -> None:
    blocks = [
        H("腰痛是怎麼回事", 1),
        H("腰痛怎麼緩解？", 2),
        P("步驟一：熱敷。用熱毛巾敷腰部十五分鐘。"),
        P("步驟二：按摩。輕輕按摩腰部肌肉。"),
    ]
    assert titles(find_sections(blocks, "腰痛是怎麼回事").items_of("remedies")) == ["熱敷", "按摩"]


def test_text_dump_lines_give_the_same_outline() -> None:
    lines = [
        SEED_TITLE,
        "Numbness in the back may be caused by sitting in front of the computer for too long.",
        "1. Causes of numbness in the back",
        "(1) Improper sleeping position: An improper sleeping position lasts for a long time.",
        "(2) Improper working posture. Office workers who sit with their heads down are most at risk.",
        "2. How to relieve numbness in the back",
        "(1) Manual massage therapy",
        "It relieves tension and spasm of the cervical and shoulder muscles.",
    ]
    outline = find_sections(from_lines(lines), SEED_TITLE)
    assert outline.summary == "Numbness in the back may be caused by sitting in front of the computer for too long."
    assert titles(outline.items_of("causes")) == ["Improper sleeping position", "Improper working posture"]
    assert outline.items_of("remedies") == [
        Item("Manual massage therapy", "It relieves tension and spasm of the cervical and shoulder muscles.")
    ]


def test_cjk_numbered_sections_with_fullwidth_paren_items() -> None:
    blocks = html_blocks("""
<div class="content">
<p>颈椎病是中老年人的常见病，近年来发病年龄越来越年轻化，长期伏案工作的人尤其要注意。</p>
<p>一、颈椎病的原因</p>
<p>（1）睡姿不当：枕头过高或过低，长时间睡姿不良，造成椎旁肌肉、韧带及关节的平衡失调。</p>
<p>（2）工作姿势不当：长期低头伏案工作，颈部肌肉长时间处于紧张状态。</p>
<p>二、颈椎病怎么办</p>
<p>（1）按摩推拿：可以放松颈肩部肌肉，缓解肌肉痉挛。</p>
<p>（2）热敷：用热毛巾敷在颈部，每次二十分钟，可以促进血液循环。</p>
<p>三、颈椎病的注意事项</p>
<p>（1）选择合适的枕头：枕头高度以一拳为宜。</p>
</div>""")
    outline = find_sections(blocks)
    assert outline.summary == "颈椎病是中老年人的常见病，近年来发病年龄越来越年轻化，长期伏案工作的人尤其要注意。"
    assert outline_shape(outline) == [
        ("causes", "颈椎病的原因", ["睡姿不当", "工作姿势不当"]),
        ("remedies", "颈椎病怎么办", ["按摩推拿", "热敷"]),
        ("prevention", "颈椎病的注意事项", ["选择合适的枕头"]),
    ]
    assert outline.items_of("remedies")[1].text == "用热毛巾敷在颈部，每次二十分钟，可以促进血液循环。"


def test_h2_sections_with_h3_sub_items() -> None:
    blocks = html_blocks("""
<article>
<h1>Plantar fasciitis</h1>
<p>Plantar fasciitis is one of the most common causes of heel pain.</p>
<h2>Symptoms</h2>
<p>It usually causes a stabbing pain in the bottom of your foot near the heel.</p>
<h2>Causes</h2>
<h3>Tight calf muscles</h3>
<p>Tight calves pull on the heel and strain the fascia.</p>
<h3>High-impact exercise</h3>
<p>Running on hard surfaces puts stress on the heel.</p>
<p>Long-distance runners are at the highest risk.</p>
<h2>Treatment</h2>
<h3>Stretching</h3>
<p>Stretch your calves and the soles of your feet twice a day.</p>
<h3>Supportive shoes</h3>
<p>Wear shoes with good arch support.</p>
</article>""")
    outline = find_sections(blocks, "Plantar fasciitis")
    assert outline.summary == "Plantar fasciitis is one of the most common causes of heel pain."
    assert outline_shape(outline) == [
        ("symptoms", "Symptoms", []),
        ("causes", "Causes", ["Tight calf muscles", "High-impact exercise"]),
        ("remedies", "Treatment", ["Stretching", "Supportive shoes"]),
    ]
    assert outline.sections[0].text == "It usually causes a stabbing pain in the bottom of your foot near the heel."
    assert outline.items_of("causes")[1].text == (
        "Running on hard surfaces puts stress on the heel.\nLong-distance runners are at the highest risk."
    )


def test_h2_section_with_h4_sub_items_and_an_intro_line() -> None:
    blocks = [
        P("Tinnitus is a ringing in the ears that nobody else can hear."),
        H("Causes"),
        P("Several things can set it off."),
        H("Loud noise", 4),
        P("Concerts and power tools damage the hair cells of the inner ear."),
        H("Earwax", 4),
        P("A blockage can change the pressure in the ear."),
    ]
    outline = find_sections(blocks)
    assert outline_shape(outline) == [("causes", "Causes", ["Loud noise", "Earwax"])]
    assert outline.items_of("causes")[0].text == "Concerts and power tools damage the hair cells of the inner ear."


def test_bold_paragraph_headings_with_strong_lead_items() -> None:
    blocks = html_blocks("""
<div class="post">
<p>A dry, tickly cough can hang on for weeks after a cold. Here is what is behind it and how to calm it.</p>
<p><strong>Why does it happen?</strong></p>
<p><strong>Postnasal drip:</strong> Mucus from the nose drips down the back of the throat and triggers
the cough reflex.</p>
<p><strong>Dry air.</strong> Heated indoor air in winter dries out the airways.</p>
<p><strong>What can I do?</strong></p>
<p><strong>Drink warm liquids:</strong> Warm tea with honey soothes an irritated throat.</p>
<p><b>Use a humidifier:</b> Moist air keeps the throat from drying out at night.</p>
</div>""")
    outline = find_sections(blocks)
    assert outline.summary.startswith("A dry, tickly cough can hang on for weeks after a cold.")
    assert outline_shape(outline) == [
        ("causes", "Why does it happen?", ["Postnasal drip", "Dry air"]),
        ("remedies", "What can I do?", ["Drink warm liquids", "Use a humidifier"]),
    ]
    assert outline.items_of("causes")[0].text.startswith("Mucus from the nose drips down the back of the throat")
    assert outline.items_of("causes")[1].text == "Heated indoor air in winter dries out the airways."


def test_chinese_bold_lead_items_under_a_heading() -> None:
    blocks = html_blocks("""
<div class="content">
<p>小儿咳嗽是儿科最常见的症状，家长不必过于紧张。</p>
<h2>小儿咳嗽怎么办</h2>
<p><strong>多喝温水</strong>温水可以稀释痰液，缓解咽喉干燥不适的感觉。</p>
<p><b>蜂蜜水：</b>一岁以上的孩子睡前喝一勺蜂蜜，可以减轻夜间咳嗽。</p>
</div>""")
    outline = find_sections(blocks)
    assert outline_shape(outline) == [("remedies", "小儿咳嗽怎么办", ["多喝温水", "蜂蜜水"])]


def test_inline_ordinal_items_in_one_paragraph() -> None:
    blocks = [
        P("牙痛是口腔科最常见的症状之一，俗话说“牙痛不是病，痛起来真要命”。"),
        H("牙痛怎么办"),
        P(
            "第一，冷敷止痛。用毛巾包裹冰块敷在脸颊上，可以暂时缓解疼痛。第二，淡盐水漱口。用温的淡盐水含漱，"
            "可以清洁口腔、减轻炎症。第三，及时就医。疼痛持续不缓解时应尽快到口腔科就诊。"
        ),
    ]
    outline = find_sections(blocks)
    assert outline_shape(outline) == [("remedies", "牙痛怎么办", ["冷敷止痛", "淡盐水漱口", "及时就医"])]
    assert outline.items_of("remedies")[1].text == "用温的淡盐水含漱，可以清洁口腔、减轻炎症。"


def test_inline_circled_items_under_a_bold_heading() -> None:
    blocks = [
        P("牙痛的原因很多，找准原因才能对症处理。"),
        B("牙痛的原因"),
        P("①深龋：龋洞接近牙髓时，遇到冷热酸甜刺激就会引起疼痛。②牙髓炎：自发性、阵发性剧痛，夜间加重。"),
    ]
    outline = find_sections(blocks)
    assert outline_shape(outline) == [("causes", "牙痛的原因", ["深龋", "牙髓炎"])]


def test_recipe_items_take_the_following_paragraph_as_text() -> None:
    blocks = [
        P("宫寒的女性常常手脚冰凉、痛经，可以试试下面几个食疗方。"),
        H("宫寒的食疗方", 3),
        P("方一：当归生姜羊肉汤"),
        P("当归20克，生姜30克，羊肉500克，炖汤食用。"),
        P("方二：红糖姜枣茶"),
        P("红枣10枚，生姜3片，红糖适量，煮水代茶饮。"),
    ]
    outline = find_sections(blocks)
    assert outline.items_of("remedies") == [
        Item("当归生姜羊肉汤", "当归20克，生姜30克，羊肉500克，炖汤食用。"),
        Item("红糖姜枣茶", "红枣10枚，生姜3片，红糖适量，煮水代茶饮。"),
    ]


def test_item_title_alone_on_its_line_takes_the_next_paragraph_as_text() -> None:
    blocks = [
        P("Hiccups are usually harmless and go away on their own within a few minutes."),
        H("Home remedies to stop hiccups"),
        P("1. Hold your breath"),
        P("Take a deep breath and hold it for about ten seconds, then breathe out slowly."),
        P("2. Sip ice water"),
        P("Slowly sipping very cold water can calm the diaphragm."),
    ]
    outline = find_sections(blocks)
    assert outline.items_of("remedies") == [
        Item("Hold your breath", "Take a deep breath and hold it for about ten seconds, then breathe out slowly."),
        Item("Sip ice water", "Slowly sipping very cold water can calm the diaphragm."),
    ]


def test_list_items_are_items_and_a_following_paragraph_is_not_their_text() -> None:
    blocks = [
        P("Dry eyes are common in people who spend long hours at screens."),
        H("What can I do?"),
        LI("Use artificial tears"),
        LI("Take breaks from screens every 20 minutes"),
        P("See an eye doctor if your eyes stay red for more than a week."),
    ]
    outline = find_sections(blocks)
    assert outline.items_of("remedies") == [
        Item("Use artificial tears", ""),
        Item("Take breaks from screens every 20 minutes", ""),
    ]
    assert outline.sections[0].lines[-1] == "See an eye doctor if your eyes stay red for more than a week."


def test_symptoms_and_prevention_items_are_never_causes_or_remedies() -> None:
    blocks = html_blocks("""
<div class="content">
<p>手脚冰凉是很多女性冬天的烦恼，中医认为多与阳气不足、气血运行不畅有关。</p>
<p>一、手脚冰凉的症状</p>
<p>（1）手指发白：遇冷后手指颜色变白，随后发紫。</p>
<p>二、手脚冰凉的原因</p>
<p>（1）阳气不足：阳气虚弱，不能温煦四肢。</p>
<p>三、如何缓解手脚冰凉</p>
<p>（1）泡脚：每晚用热水泡脚二十分钟。</p>
<p>四、如何预防手脚冰凉</p>
<p>（1）注意保暖：出门戴手套，穿厚袜子。</p>
</div>""")
    outline = find_sections(blocks)
    assert [s.kind for s in outline.sections] == ["symptoms", "causes", "remedies", "prevention"]
    assert titles(outline.items_of("causes")) == ["阳气不足"]
    assert titles(outline.items_of("remedies")) == ["泡脚"]
    assert titles(outline.items_of("symptoms")) == ["手指发白"]
    assert titles(outline.items_of("prevention")) == ["注意保暖"]


def test_english_symptoms_list_stays_out_of_causes() -> None:
    blocks = [
        P("Dry eyes are common in people who spend long hours at screens."),
        H("Symptoms"),
        LI("A stinging or burning feeling"),
        LI("Redness"),
        H("Causes"),
        LI("Screen time: You blink less when you stare at a screen.", lead="Screen time:"),
        H("Prevention"),
        LI("Avoid smoky rooms"),
    ]
    outline = find_sections(blocks)
    assert titles(outline.items_of("causes")) == ["Screen time"]
    assert outline.items_of("remedies") == []
    assert titles(outline.items_of("symptoms")) == ["A stinging or burning feeling", "Redness"]
    assert titles(outline.items_of("prevention")) == ["Avoid smoky rooms"]


def test_question_headings_without_kind_words() -> None:
    blocks = [
        P("Brain fog is not a medical diagnosis, but many people describe it."),
        H("What exactly is brain fog?"),
        P("It describes feeling mentally fuzzy, forgetful or slow."),
        H("Why does it happen?"),
        P("Poor sleep, stress and some medicines can all play a part."),
        H("What can you do about it?"),
        P("Regular sleep, exercise and fewer late-night screens help."),
    ]
    outline = find_sections(blocks)
    assert [(s.kind, s.heading) for s in outline.sections] == [
        ("other", "What exactly is brain fog?"),
        ("causes", "Why does it happen?"),
        ("remedies", "What can you do about it?"),
    ]
    assert outline.sections[0].text == "It describes feeling mentally fuzzy, forgetful or slow."


def test_page_without_sections_has_its_lead_paragraph_as_summary() -> None:
    blocks = html_blocks("""
<article>
<h1>Walking after dinner helps blood sugar</h1>
<p>A short walk after a meal can blunt the rise in blood sugar that follows eating.</p>
<p>Researchers found that even two to five minutes of light walking made a measurable difference.</p>
</article>""")
    outline = find_sections(blocks, "Walking after dinner helps blood sugar")
    assert outline.sections == []
    assert outline.summary == "A short walk after a meal can blunt the rise in blood sugar that follows eating."


def test_article_opening_with_a_section_has_an_empty_summary() -> None:
    outline = find_sections([H("Causes"), LI("Large meals"), LI("Lying down after eating")])
    assert outline.summary == ""
    assert titles(outline.items_of("causes")) == ["Large meals", "Lying down after eating"]


def test_repeated_title_line_is_dropped_in_any_case_and_spacing() -> None:
    title = "Why Your Hands and Feet Are Always Cold"
    blocks = [
        H(title, 1),
        P("why your hands and feet are always cold"),
        P("Cold hands and feet are usually a sign of normal circulation doing its job in the cold."),
    ]
    outline = find_sections(blocks, title)
    assert outline.summary == "Cold hands and feet are usually a sign of normal circulation doing its job in the cold."


def test_bylines_labels_and_chrome_lines_stay_out_of_the_summary() -> None:
    blocks = [
        P("By Jane Doe"),
        P("Updated March 3, 2024"),
        P("Share this article"),
        P("Heartburn is a burning feeling in the chest after eating."),
        H("Causes"),
        P("Advertisement"),
        LI("Large meals"),
    ]
    outline = find_sections(blocks)
    assert outline.summary == "Heartburn is a burning feeling in the chest after eating."
    assert outline.sections[0].lines == ["Large meals"]


def test_chinese_dateline_and_summary_label() -> None:
    blocks = [
        H("秋季腹泻怎么办", 1),
        P("来源：健康网 作者：李医生"),
        P("2021-10-12 09:30"),
        P("核心提示：秋季腹泻多由轮状病毒引起，多见于6个月至2岁的婴幼儿。"),
        P("一、秋季腹泻的原因"),
        P("（1）轮状病毒感染：秋冬季节是轮状病毒流行的高峰期。"),
    ]
    outline = find_sections(blocks, "秋季腹泻怎么办")
    assert outline.summary == "秋季腹泻多由轮状病毒引起，多见于6个月至2岁的婴幼儿。"
    assert outline_shape(outline) == [("causes", "秋季腹泻的原因", ["轮状病毒感染"])]


def test_misused_heading_tag_holding_a_paragraph_is_not_an_item() -> None:
    blocks = [
        P("Gout causes sudden, severe joint pain."),
        H("Treatment"),
        H("Anti-inflammatory drugs", 3),
        P("NSAIDs such as ibuprofen ease the pain of an attack."),
        H(
            "Doctor's answer: Gout attacks are usually treated with anti-inflammatory medicines, and long-term "
            "treatment lowers uric acid to prevent new attacks.",
            3,
        ),
    ]
    outline = find_sections(blocks)
    assert titles(outline.items_of("remedies")) == ["Anti-inflammatory drugs"]
    assert [s.kind for s in outline.sections] == ["remedies"]


def test_numbered_kind_sections_after_an_other_heading_start_new_sections() -> None:
    blocks = [
        P("打嗝是膈肌痉挛引起的，大多数人都经历过。"),
        H("打嗝是什么"),
        P("打嗝在医学上称为膈肌痉挛，是一种常见的生理现象。"),
        P("1、打嗝的原因"),
        P("（1）吃饭太快：进食过快会吞入大量空气。"),
    ]
    outline = find_sections(blocks)
    assert outline_shape(outline) == [("other", "打嗝是什么", []), ("causes", "打嗝的原因", ["吃饭太快"])]


def test_sibling_numbered_sections_after_an_other_heading() -> None:
    blocks = [
        P("打嗝是膈肌痉挛引起的，大多数人都经历过。"),
        H("打嗝是什么"),
        P("打嗝在医学上称为膈肌痉挛，是一种常见的生理现象。"),
        P("1、打嗝的原因"),
        P("（1）吃饭太快：进食过快会吞入大量空气。"),
        P("2、打嗝怎么办"),
        P("（1）屏气法：深吸一口气后憋住十秒钟。"),
    ]
    outline = find_sections(blocks)
    assert titles(outline.items_of("causes")) == ["吃饭太快"]
    assert titles(outline.items_of("remedies")) == ["屏气法"]


def test_list_item_text_after_a_line_break_is_the_items_text() -> None:
    blocks = html_blocks("""
<article>
<p>Restless legs make it hard to fall asleep.</p>
<h2>What can I do?</h2>
<ul><li><strong>Stretch before bed</strong><br>Gentle calf stretches calm the urge to move.</li>
<li>Cut back on caffeine<br>Coffee and tea in the evening make symptoms worse.</li></ul>
</article>""")
    outline = find_sections(blocks)
    assert outline.items_of("remedies") == [
        Item("Stretch before bed", "Gentle calf stretches calm the urge to move."),
        Item("Cut back on caffeine", "Coffee and tea in the evening make symptoms worse."),
    ]


def test_link_entries_are_never_items_headings_or_item_text() -> None:
    """A sidebar of other articles' headlines inside the chosen container, a chapter menu and a
    card whose heading is a link: link text, not the article's own causes."""
    blocks = html_blocks(
        "<h2>Causes of heel pain</h2>"
        "<ul><li>Overuse: long runs on hard ground.</li><li>Flat feet: the arch collapses.</li></ul>"
        "<p><a href='/heel/stretches'>Read: five stretches for sore heels</a></p>"
        "<ul><li><a href='/ankle-sprain'>Ankle sprain</a></li><li><a href='/gout'>Gout</a></li>"
        "<li><a href='/bunions'>Bunions and how they form</a> (new)</li></ul>"
        "<h3><a href='/knee-pain-causes'>Why knees hurt after running</a></h3>"
        "<ul><li><a href='#overuse'>Overuse</a></li></ul>"
    )
    outline = find_sections(blocks)
    assert [s.heading for s in outline.sections] == ["Causes of heel pain"]
    assert titles(outline.items_of("causes")) == ["Overuse", "Flat feet"]
    assert outline.items_of("causes")[1].text == "the arch collapses."


def test_an_item_with_a_link_inside_its_text_is_still_an_item() -> None:
    blocks = html_blocks(
        "<h2>How to treat heel pain</h2>"
        "<ul><li>Ice: ten minutes after a run, as the <a href='/ice'>ice guide</a> shows.</li>"
        "<li><strong>Rest</strong> for a week before running again.</li></ul>"
    )
    assert titles(find_sections(blocks).items_of("remedies")) == ["Ice", "Rest"]


def test_items_end_where_the_article_ends() -> None:
    """A copyright line, a previous/next line or the comment thread's heading ends the article:
    the forum promos, order lines and comments after it are never items."""
    blocks = html_blocks(
        "<p><b>Treatment</b></p><ul><li>Rest: a day or two in bed.</li><li>Fluids: water and broth.</li></ul>"
        "<p>© 1998-2009 Example Health, Inc. All Rights Reserved.</p>"
        "<p><b>Do you have a question?</b> Join the forum and ask other readers.</p>"
        "<ul><li>Order by phone: 1-800-000-0000</li></ul>"
    )
    assert titles(find_sections(blocks).items_of("remedies")) == ["Rest", "Fluids"]
    chinese = html_blocks(
        "<p>1、失眠怎么办</p><p>（1）热敷：睡前用热毛巾敷颈部。</p><p>（2）泡脚：温水泡脚二十分钟。</p>"
        "<p>上一篇：失眠的症状有哪些</p><p>下一篇：失眠吃什么好</p>"
    )
    remedies = find_sections(chinese).items_of("remedies")
    assert [(i.title, i.text) for i in remedies] == [("热敷", "睡前用热毛巾敷颈部。"), ("泡脚", "温水泡脚二十分钟。")]
    comments = html_blocks(
        "<h2>How to ease a sore throat</h2><ul><li>Honey: a spoon in warm tea.</li></ul>"
        "<h3>3 Comments</h3><ul><li>Salt water: worked for me!</li></ul>"
    )
    assert titles(find_sections(comments).items_of("remedies")) == ["Honey"]


def test_a_comment_count_by_the_byline_is_not_the_end() -> None:
    blocks = html_blocks(
        "<p>By Ann Lee</p><p>Sore throats are common in winter.</p><p>12 comments</p>"
        "<h2>How to ease a sore throat</h2><ul><li>Honey: a spoon in warm tea.</li></ul>"
    )
    assert titles(find_sections(blocks).items_of("remedies")) == ["Honey"]


def test_a_list_introduced_as_another_kind_is_not_the_sections_items() -> None:
    """Under Treatment, "Side effects of antiviral drugs include the following:" introduces
    symptoms of the drug, not remedies; a lead-in that only mentions a kind late does not count."""
    blocks = html_blocks(
        "<p><b>Treatment</b></p><p>Antiviral drugs shorten the illness. Side effects of antiviral drugs include "
        "the following:</p><ul><li>Nausea</li><li>Insomnia</li></ul>"
        "<p>Start with these changes, which help many people with mild symptoms:</p>"
        "<ul><li>Rest: a day or two in bed.</li><li>Fluids: water and broth.</li></ul>"
    )
    assert titles(find_sections(blocks).items_of("remedies")) == ["Rest", "Fluids"]


def test_a_lone_subtitle_above_kind_naming_bold_headings_is_not_the_section_level() -> None:
    """An h2 subtitle under the headline lists the page's parts; the bold paragraphs below it
    (one of them after an empty named anchor) are the sections."""
    blocks = html_blocks(
        "<h2>Overview, Causes, Symptoms, Treatment</h2><p>Reviewed by: A. Doctor</p>"
        "<p><b>Overview</b></p><p>The kidney's tubules can be damaged by low blood flow or by toxins.</p>"
        "<p><a name='causes'></a>\n<b>Causes</b></p><ul><li>Low blood pressure</li><li>Sepsis</li></ul>"
        "<p><b>Treatment</b></p><p>Dialysis may be needed for a while; most people recover.</p>"
    )
    outline = find_sections(blocks)
    assert [(s.heading, s.kind) for s in outline.sections] == [
        ("Overview, Causes, Symptoms, Treatment", "causes"),
        ("Overview", "other"),
        ("Causes", "causes"),
        ("Treatment", "remedies"),
    ]
    assert titles(outline.items_of("causes")) == ["Low blood pressure", "Sepsis"]


def test_a_subheading_item_owns_the_bold_lines_below_it_but_not_its_list() -> None:
    """A callout's "Myth: …"/"Fact: …" lines below a sub-heading are that sub-heading's text;
    a list under a sub-heading still gives items, and the sub-heading only groups them."""
    blocks = html_blocks(
        "<h2>Causes of autism</h2><h3>Genetic causes</h3><p>Autism runs in families.</p>"
        "<h3>Myths and facts about vaccinations</h3><p><strong>Myth: Vaccines cause autism.</strong></p>"
        "<p><strong>Fact:</strong> Studies found no link.</p>"
        "<h2>How to ease hay fever</h2><h3>Do</h3><ul><li>wear wraparound sunglasses</li><li>shower after "
        "being outside</li></ul>"
    )
    outline = find_sections(blocks)
    assert titles(outline.items_of("causes")) == ["Genetic causes", "Myths and facts about vaccinations"]
    assert titles(outline.items_of("remedies")) == ["wear wraparound sunglasses", "shower after being outside"]


def test_a_bold_word_that_runs_on_into_its_sentence_is_not_an_item_title() -> None:
    blocks = html_blocks(
        "<h2>Treatment</h2><p><b>Medications</b>, such as acetaminophen, can relieve aches.</p>"
        "<p><b>Rest</b>: stay home for a few days.</p>"
    )
    assert titles(find_sections(blocks).items_of("remedies")) == ["Rest"]


def test_sections_under_a_headline_that_names_causes_are_its_items() -> None:
    """The headline asks "What causes …?" and the body's bold run-in lines (one of them a link)
    name no kind of their own: they are the causes; "Sources" is the frame, not a cause."""
    blocks = html_blocks(
        "<p>Scientists are still studying the disease.</p>"
        "<p><b>Age</b><br>Advancing age is the number one risk factor.</p>"
        "<p><b>Family History</b><br>People with a parent who had it are more likely to develop it.</p>"
        "<p><b><a href='/prevention.htm'>Lifestyle Factors</a></b><br>Exercise and diet may lower the risk.</p>"
        "<p><b>Sources</b><br>National Institute on Aging, 2006.</p>"
    )
    outline = find_sections(blocks, "What Causes Alzheimer's Disease?")
    assert [(s.heading, s.kind) for s in outline.sections] == [("What Causes Alzheimer's Disease?", "causes")]
    assert titles(outline.items_of("causes")) == ["Age", "Family History", "Lifestyle Factors"]
    assert outline.items_of("causes")[0].text == "Advancing age is the number one risk factor."
    assert find_sections(blocks, "Living with Alzheimer's").items_of("causes") == []


def test_nested_inline_text_keeps_its_place_in_the_sentence() -> None:
    """<strong><a>released</a></strong> in the middle of a sentence stays there."""
    blocks = html_blocks(
        "<p>Researchers in Sydney <strong><a href='/study'>released</a></strong> a study on "
        "<em>why <b>infants</b></em> die.<button><span>Share</span></button> More.</p>"
    )
    assert [b.text for b in blocks] == ["Researchers in Sydney released a study on why infants die. More."]


def test_preformatted_notes_in_outline_shape_give_items() -> None:
    """Notes kept in <pre>: margin lines are items, the indented lines below them their text;
    a code block or a single line gives none."""
    blocks = html_blocks(
        "<details><summary>典型食疗</summary><pre>\n神仙粥:\n    原料：糯米50克，葱白7根。\n    做法：熬成稀粥。\n"
        "萝卜粥:\n    原料：白萝卜100克。\n香菜汤\n    原料：香菜150克。\n</pre></details>"
        "<details><summary>病因</summary><pre>\n冲奶粉时水奶比例不当，会导致上火\n</pre></details>"
        "<details><summary>病因</summary><pre>\n容易咳嗽，或只因肺气不足\n咳嗽总不好，或因肺热闯的祸\n</pre></details>"
    )
    outline = find_sections(blocks)
    assert [(i.title, i.text) for i in outline.items_of("remedies")] == [
        ("神仙粥", "原料：糯米50克，葱白7根。\n做法：熬成稀粥。"),
        ("萝卜粥", "原料：白萝卜100克。"),
        ("香菜汤", "原料：香菜150克。"),
    ]
    assert [titles(s.items) for s in outline.sections if s.kind == "causes"] == [
        [],
        ["容易咳嗽，或只因肺气不足", "咳嗽总不好，或因肺热闯的祸"],
    ]  # one line is prose; short lines a list
    code = html_blocks(
        "<h2>Next steps</h2><pre><code>Virus:   GUG CUC AAA\nVaccine: GUG CUG AAG\n   V   L   K</code></pre>"
    )
    assert find_sections(code).items_of("remedies") == []


def test_a_short_list_of_linked_causes_is_the_sections_items() -> None:
    """Reference sites link each cause to its own page: a short list of links that is the
    section's first list gives its items; a long one is an index."""
    blocks = html_blocks(
        "<h2>Causes of back pain</h2><p>Back pain can also be caused by:</p>"
        "<ul><li><a href='/conditions/sciatica/'>sciatica</a></li><li><a href='/conditions/slipped-disc/'>a slipped disc</a></li>"
        "<li><a href='/conditions/ankylosing-spondylitis/'>ankylosing spondylitis</a></li></ul>"
        "<h2>How to treat back pain</h2><ul>"
        + "".join(f"<li><a href='/x/{i}'>Topic {i}</a></li>" for i in range(12))
        + "</ul>"
        "<h2 id='x'><a href='https://www.example-health.com/back-pain/#prevention'>Preventing back pain</a></h2>"
        "<ul><li>Exercise: swim or walk.</li></ul>"
    )
    outline = find_sections(blocks)
    assert titles(outline.items_of("causes")) == ["sciatica", "a slipped disc", "ankylosing spondylitis"]
    assert outline.items_of("remedies") == []
    assert titles(outline.items_of("prevention")) == ["Exercise"]  # a heading linking to itself stays one


def test_credits_questions_and_frame_headings_do_not_end_or_join_the_article() -> None:
    """An image credit ("© iStock") and a question heading are no end of the article; a
    how-to headline does not make "About the author" a remedy."""
    blocks = html_blocks(
        "<p>Headaches are common.</p><p><img src='a.jpg'><br>© iStock / Getty Images</p>"
        "<h2>What do you think is causing your headache?</h2><p>Most are tension headaches.</p>"
        "<h2>Causes</h2><ul><li>Stress: tight neck muscles.</li></ul>"
    )
    assert titles(find_sections(blocks).items_of("causes")) == ["Stress"]
    frame = html_blocks(
        "<h2>Rest</h2><p>Sleep it off.</p><h2>Fluids</h2><p>Drink water.</p>"
        "<h2>About the author</h2><p>Ann is a nurse.</p><h2>Comments</h2><p>Great!</p>"
    )
    assert titles(find_sections(frame, "How to treat a cold").items_of("remedies")) == ["Rest", "Fluids"]


def test_standing_text_and_calls_to_action_are_not_the_intro() -> None:
    """A medical disclaimer (the same on every page of the site) and a short line with a link
    ("Current customer? Log In") are the site's, not the article's intro; a short intro sentence
    without a link is still the article's."""
    lead = "Back pain touches nearly everyone at some point, and most cases pass within a few days."
    blocks = [
        Block("para", "Disclaimer: The medical information on this site is for education only, not advice."),
        Block("para", "Current customer? Log In", linked=0.25),
        Block("para", "Back pain is common."),
        Block("para", lead),
        Block("heading", "Causes of back pain", level=2),
        Block("item", "Poor posture: slumping at a desk for hours."),
    ]
    outline = find_sections(blocks, "About back pain")
    assert outline.summary == f"Back pain is common.\n{lead}"
    assert [item.title for item in outline.sections[0].items] == ["Poor posture"]


def test_without_sections_the_summary_is_the_first_paragraph_that_is_a_sentence() -> None:
    lead = "腰痛几乎每个人都会遇到，大多数情况下几天之内就会自行缓解，不必过于担心。"
    blocks = [
        Block("para", "免责声明：本站内容仅供参考，不能代替医生的诊断和治疗。"),
        Block("para", "新用户？注册", linked=0.5),
        Block("para", "Share this"),
        Block("para", lead),
        Block("para", "多休息、适当活动，必要时可以热敷。"),
    ]
    assert find_sections(blocks, "腰痛怎么办").summary == lead


# --- mechanisms that hold on sites nobody studied (issue 19) -----------------------------------


def test_a_bold_line_inside_a_paragraph_is_a_heading() -> None:
    """Headings as a reader sees them: a bold line between <br>s in the middle of a paragraph."""
    blocks = html_blocks(
        "<p>Swelling after an injury can last for weeks.<br><strong>What can I do to help with swelling?</strong><br>"
        "<b>Elevation:</b> keep the limb raised above the heart.<br><b>Rest:</b> avoid loading the joint for two days.</p>"
    )
    outline = find_sections(blocks)
    assert [(s.kind, s.heading) for s in outline.sections] == [("remedies", "What can I do to help with swelling?")]
    assert titles(outline.items_of("remedies")) == ["Elevation", "Rest"]


def test_a_class_the_style_sheet_makes_bold_is_a_heading() -> None:
    html = (
        "<html><head><style>/* headings */ .hd3 {font-weight: bold; color: #333} .wrap {font-weight:700}</style></head>"
        "<body><div class='wrap'><p class='hd3'>What causes hair loss?</p><ul><li>Serious illness.</li>"
        "<li>Hormonal problems.</li></ul>"
        + "<p>Hair grows in cycles and most people shed some every day. " * 8
        + "</p></div></body></html>"
    )
    tree = parse_html(html)
    outline = find_sections(from_tree(tree.find("body"), MARK))
    assert titles(outline.items_of("causes")) == ["Serious illness", "Hormonal problems"]
    assert "bold" not in (tree.find(".//div").get("style") or "")  # a container's class bolds no heading


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("What things can I do to help Cardiovascular Disease?", "remedies"),
        ("How is asthma managed?", "remedies"),
        ("Who gets shingles?", "causes"),
        ("What sets off a flare", "causes"),
        ("三、筛查内容和方法", "diagnosis"),
        ("What can bring on a migraine?", "causes"),
        ("Set off on the right foot", "other"),
        ("What can bring relief on bad days?", "remedies"),
        ("Top five reasons to eat organic", "other"),
        ("Why do we need supplements?", "other"),
        ("Ways to shop", "other"),
        ("How to spot a stroke", "other"),
        ("治疗情况：", "other"),
        ("哪些人容易得痛风", "causes"),
    ],
)
def test_the_kind_is_what_the_heading_means(heading: str, kind: str) -> None:
    assert classify(heading) == kind


def test_the_headline_is_the_section_when_the_page_has_none() -> None:
    blocks = [
        P("失眠困扰着很多上班族，下面这些方法可以帮你更快入睡。"),
        P("1、睡前不看手机：蓝光会推迟入睡。"),
        P("2、固定作息：每天同一时间起床。"),
        P("3、适量运动：白天运动晚上更容易睡着。"),
    ]
    outline = find_sections(blocks, "失眠怎么办？3个方法帮你入睡")
    assert titles(outline.items_of("remedies")) == ["睡前不看手机", "固定作息", "适量运动"]
    assert outline.summary.startswith("失眠困扰着")


def test_a_why_headline_names_no_kind_and_prose_gives_no_items() -> None:
    story = [
        P("Researchers followed 2,000 adults for ten years and found the habit held."),
        LI("Participants slept an hour longer"),
        LI("They reported less stress"),
    ]
    assert find_sections(story, "Why the flu season is worse this year").sections == []
    prose = [P("Chest pain has many causes, and most are not the heart."), P("See a doctor when it lasts.")]
    assert find_sections(prose, "Chest pain causes").sections == []


def test_a_remedies_group_heading_continues_the_remedies_section() -> None:
    blocks = [
        B("Carcinoid Treatment"),
        P("Treatment depends on where the tumour is."),
        B("Surgery"),
        LI("Removal of the appendix"),
        LI("Removal of part of the colon"),
    ]
    outline = find_sections(blocks)
    assert titles(outline.items_of("remedies")) == ["Removal of the appendix", "Removal of part of the colon"]
    leaflet = find_sections(
        [
            B("What can I do?"),
            LI("Eat smaller meals."),
            B("Medicines that can help"),
            LI("Antacids: these neutralise stomach acid."),
            B("When should I see a doctor?"),
            LI("Food sticks when you swallow."),
        ]
    )
    assert titles(leaflet.items_of("remedies")) == ["Eat smaller meals", "Antacids"]
    devices = find_sections(
        [
            B("Sleep apnea treatment"),
            P("There are several options."),
            B("Oral appliances"),
            P("Mandibular advance devices: these hold the jaw forward.", lead="Mandibular advance devices:"),
            P("Positional therapy: sleeping on one side.", lead="Positional therapy:"),
            B("Supplements"),
            LI("Magnesium"),
        ]
    )
    assert titles(devices.items_of("remedies")) == ["Mandibular advance devices", "Positional therapy", "Magnesium"]


def test_roman_numbered_lines_are_items() -> None:
    blocks = [
        B("Gastritis Treatment"),
        P("(i) Never binge on foods. Eat only what you need."),
        P("(ii) Never go to bed directly after dinner."),
    ]
    assert titles(find_sections(blocks).items_of("remedies")) == [
        "Never binge on foods",
        "Never go to bed directly after dinner",
    ]


def test_a_lead_in_entry_a_disclaimer_and_a_text_menu_are_never_items() -> None:
    blocks = [
        H("How to eat more organic food"),
        LI("Here are some practical tips to help you:"),
        LI("Avoid processed foods"),
        LI("Cook from scratch"),
        P("HOME | CAUSE | PRODUCTS | FAQ"),
        P("Disclaimer: this site does not give medical advice.", lead="Disclaimer:"),
    ]
    assert titles(find_sections(blocks).items_of("remedies")) == ["Avoid processed foods", "Cook from scratch"]


def test_nothing_after_the_article_end_sets_the_section_level() -> None:
    """Two comment-thread headings (<h2>) after a copyright line: the bold lines above are the sections."""
    blocks = [
        B("Home Remedies for Gastritis"),
        P("(i) Eat small meals. Large ones strain the stomach."),
        P("(ii) Drink coconut water."),
        P("Natural Remedies | Copyright © natural-remedies.example"),
        H("User Suggested Home Remedies"),
        P("My grandmother's remedy worked for me."),
        H("Latest Remedies Q and A"),
    ]
    outline = find_sections(blocks)
    assert titles(outline.items_of("remedies")) == ["Eat small meals", "Drink coconut water"]


@pytest.mark.parametrize(
    "heading",
    [
        "<p style='font-size: 20px'>How is asthma managed?</p>",
        "<p><font size='+1'>How is asthma managed?</font></p>",
        "<p><span class='sub'>How is asthma managed?</span></p>",
    ],
)
def test_a_line_set_apart_by_size_is_a_heading(heading: str) -> None:
    html = (
        "<html><head><style>.sub { font-size: x-large }</style></head><body><p>Asthma narrows the airways. "
        + "It is common in children and adults. " * 6
        + "</p>"
        + heading
        + "<ul><li>Inhaled corticosteroids</li><li>Rescue inhalers</li></ul></body></html>"
    )
    tree = parse_html(html)
    outline = find_sections(from_tree(tree.find("body"), MARK))
    assert titles(outline.items_of("remedies")) == ["Inhaled corticosteroids", "Rescue inhalers"]


def test_a_portal_column_of_linked_stories_gives_no_items_a_linked_term_list_does() -> None:
    column = html_blocks(
        "<p>高血压是常见的慢性病，需要长期管理，很多患者对用药存在误解，需要了解正确的知识。</p><h3>疾病治疗</h3><ul>"
        + "".join(
            f"<li><a href='/news/{i}.html'>{t}</a></li>"
            for i, t in enumerate(
                ["高血压患者冬季要注意这几件事情", "降压药到底要不要吃一辈子呢", "专家提醒：血压高的人少吃这类食物"]
            )
        )
        + "</ul>"
    )
    assert find_sections(column).items_of("remedies") == []
    terms = html_blocks(
        "<h2>Causes</h2><ul><li><a href='/sciatica'>Sciatica</a></li><li><a href='/disc'>Slipped disc</a></li></ul>"
    )
    assert titles(find_sections(terms).items_of("causes")) == ["Sciatica", "Slipped disc"]


def test_an_item_title_is_its_first_sentence_when_that_is_heading_short() -> None:
    item = split_item("Contact your local school district or birth to 3 program. In most states they assess for free.")
    assert item == Item(
        "Contact your local school district or birth to 3 program", "In most states they assess for free."
    )
    long = "Most people who live with a chronic cough for more than eight weeks at a time never see a doctor. Few do."
    assert split_item(long).title == long.rstrip(".")  # a first sentence longer than a heading is no title


def test_bold_inside_a_named_anchor_is_bold_and_a_credit_line_is_no_item() -> None:
    blocks = html_blocks(
        "<h2>Treatment</h2><p><a name='cpap'><b>CPAP</b></a> is the most common mode, given through a mask.</p>"
        "<p><span><strong>Autotitration</strong></span> devices change the pressure through the night.</p>"
        "<p><b>From a publication of the American Society for Sleep Medicine</b></p>"
    )
    assert [b.lead for b in blocks[1:3]] == ["CPAP", "Autotitration"]
    assert titles(find_sections(blocks).items_of("remedies")) == ["CPAP", "Autotitration"]


def test_trafilatura_blocks_of_a_layout_table_keep_their_lines_and_bold() -> None:
    """When no element of the page holds trafilatura's paragraphs, its XML body gives the blocks: an
    article inside a layout table's cell is read block by block, bold lines after <lb/> included."""
    from lxml import etree

    from pagesift.extract.blocks import from_trafilatura

    body = etree.fromstring(
        "<body><table><row><cell/><cell><head rend='h1'>Arterial Disease</head><p><hi rend='#b'>What is it?</hi>"
        "<lb/>A build-up inside the arteries.<lb/><hi rend='#b'>What things can I do to help?</hi><lb/>"
        "1. Nattokinase<lb/>Take it as recommended.<lb/>2. Your Diet<lb/>Keep away from starch.</p></cell></row></table></body>"
    )
    blocks = from_trafilatura(body)
    assert [(b.kind, b.text, b.bold) for b in blocks[:3]] == [
        ("heading", "Arterial Disease", False),
        ("para", "What is it?", True),
        ("para", "A build-up inside the arteries.", False),
    ]
    assert titles(find_sections(blocks, "Arterial Disease").items_of("remedies")) == ["Nattokinase", "Your Diet"]


def test_a_whole_sentence_in_bold_titles_no_item() -> None:
    blocks = [
        H("Positive pressure therapy"),
        P(
            "Regardless of the mechanism used it is desirable to use the lowest possible pressure to clear the apnea. "
            "Most patients tolerate it.",
            lead="Regardless of the mechanism used it is desirable to use the lowest "
            "possible pressure to clear the apnea",
        ),
        P("CPAP: air through a mask.", lead="CPAP:"),
    ]
    assert titles(find_sections(blocks).items_of("remedies")) == ["CPAP"]


def test_an_item_that_names_another_kind_is_not_one_of_the_sections() -> None:
    blocks = [
        H("Palliative treatment"),
        LI("Antidiarrheal agents"),
        LI("Bronchodilators"),
        P("Side effects of these drugs are mild and pass in a few days.", lead="Side effects"),
    ]
    assert titles(find_sections(blocks).items_of("remedies")) == ["Antidiarrheal agents", "Bronchodilators"]


@pytest.mark.parametrize("line", ["CAUSE OF DIABETES | NEW DISCOVERIES | COURT CASE | FOOD & DIET", "HOME |"])
def test_a_menu_written_as_text_is_noise(line: str) -> None:
    from pagesift.extract.rules import compiled

    assert compiled().noise_text.search(line)
    assert not compiled().noise_text.search("Take 2 g a day | or as your doctor says")


@pytest.mark.parametrize(
    "box", ["<aside>", "<div class='fact-box'>", "<div style='float: right'>", "<div class='tipbox wide'>"]
)
def test_a_callout_beside_the_flow_gives_no_section(box: str) -> None:
    end = "</aside>" if box == "<aside>" else "</div>"
    blocks = html_blocks(
        "<p>" + "Autism is a developmental condition that shows in the first years of a child's life. " * 3 + "</p>"
        "<h2>Causes of autism</h2><h3>Genetic causes</h3><p>Several genes are involved.</p>"
        f"{box}<h3>Myths and facts about vaccines</h3><p>Vaccines do not cause autism.</p>{end}"
        "<h3>Environmental causes</h3><p>Exposure before birth may matter.</p>"
    )
    assert titles(find_sections(blocks).items_of("causes")) == ["Genetic causes", "Environmental causes"]


def test_a_label_in_lenticular_brackets_is_a_heading() -> None:
    blocks = [
        P("春季是过敏性鼻炎的高发季节，很多人出现鼻痒、打喷嚏、流清涕等症状，严重影响生活和工作。"),
        P("【病因】"),
        P("1.花粉过敏：春季花粉浓度高。"),
        P("2.尘螨：家中灰尘多。"),
        P("【治疗方法】："),
        P("1.药物治疗：口服抗过敏药。"),
    ]
    assert outline_shape(find_sections(blocks)) == [
        ("causes", "病因", ["花粉过敏", "尘螨"]),
        ("remedies", "治疗方法", ["药物治疗"]),
    ]


def test_numbered_items_inside_one_chinese_paragraph_run_one_two_three() -> None:
    answer = [P("问：孩子老是咳嗽怎么办？"), P("答：咳嗽要分清原因。1、多喝水；2、保持室内湿度；3、必要时就医。")]
    assert titles(find_sections(answer, "孩子咳嗽怎么办").items_of("remedies")) == [
        "多喝水",
        "保持室内湿度",
        "必要时就医",
    ]
    days = [P("一般休息2、3天就好了，不用担心。"), P("答：多喝水。")]
    assert find_sections(days, "孩子咳嗽怎么办").sections == []


def test_the_container_of_an_article_in_a_layout_table_is_found() -> None:
    """trafilatura may return a layout table's cell as one table: its paragraphs still find the
    page's element that holds them, so the outline is read from the page's own tree."""
    from lxml import etree

    from pagesift.extract.maintext import _container

    texts = [f"Paragraph {i} of the article about swelling after an injury." for i in range(4)]
    tree = parse_html(
        "<html><body><table><tr><td><a href='/'>Home</a></td><td id='article'>"
        + "".join(f"<p>{t}</p>" for t in texts)
        + "</td></tr></table></body></html>"
    )
    body = etree.fromstring(
        "<body><table><row><cell>" + "".join(f"<p>{t}</p>" for t in texts) + "</cell></row></table></body>"
    )
    container = _container(tree, body)
    assert container is not None and container.get("id") == "article"


def test_a_short_page_joined_into_one_paragraph_by_trafilatura_keeps_its_outline(tmp_path) -> None:
    """Under trafilatura's minimum size its baseline joins a page's lines into one paragraph (a
    short Chinese page is 80 characters): each line still finds the page's own element, so the
    headings and the list are read from the page's tree, not one merged line."""
    from pagesift.dataset.ingest import process_file

    page = tmp_path / "short.html"
    page.write_text(
        "<html><head><title>腰麻</title></head><body><div class='article'><h1>腰麻</h1>"
        "<p>腰麻是很多上班族都会遇到的问题，大多数情况下并不严重，通过调整姿势和适当的护理就可以缓解，下面具体介绍。</p>"
        "<h2>腰麻的原因</h2><ul><li>睡姿不当</li><li>腰椎间盘突出</li></ul></div></body></html>",
        encoding="utf-8",
    )
    record = process_file(page, "2026-01-01T00:00:00Z").record
    assert record is not None
    assert [(s["kind"], s["heading"]) for s in record["sections"]] == [("causes", "腰麻的原因")]
    assert [item["title"] for item in record["causes"]] == ["睡姿不当", "腰椎间盘突出"]


def test_a_list_of_the_following_factors_is_not_remedies() -> None:
    blocks = [
        H("Positive pressure therapy"),
        P("CPAP: air through a mask.", lead="CPAP:"),
        P("When selecting a mask the following factors should be considered:"),
        LI("Comfort"),
        LI("Quality of air seal"),
        P("These benefits matter most:"),
        LI("Quietness"),
    ]
    assert titles(find_sections(blocks).items_of("remedies")) == ["CPAP"]
    risk = [H("Causes"), P("The following factors raise the risk:"), LI("Smoking"), LI("Obesity")]
    assert titles(find_sections(risk).items_of("causes")) == ["Smoking", "Obesity"]


def test_a_heading_that_repeats_the_headline_after_the_prose_begins_heads_a_section() -> None:
    intro = (
        "Gastritis occurs when the stomach makes too much acid, and it is felt as a burning pain in the chest "
        "and the upper belly, most often after a heavy meal or late at night."
    )
    blocks = [
        B("Home Remedies for Gastritis"),
        B("What is Gastritis"),
        P(intro),
        B("Home Remedies for Gastritis"),
        P("(i) Eat small meals. Large ones strain the stomach."),
        P("(ii) Drink coconut water."),
    ]
    outline = find_sections(blocks, "Home Remedies for Gastritis")
    assert titles(outline.items_of("remedies")) == ["Eat small meals", "Drink coconut water"]
    assert [s.heading for s in outline.sections] == ["What is Gastritis", "Home Remedies for Gastritis"]


def test_the_fields_of_a_question_form_are_never_remedies() -> None:
    form = [
        P("疾病：高血压", lead="疾病："),
        P("病情描述：最近经常头晕，量血压150/100。", lead="病情描述："),
        P("治疗情况：吃过降压药，效果不明显。", lead="治疗情况："),
        P("想得到怎样的帮助：需要长期吃药吗？", lead="想得到怎样的帮助："),
        P("医生回答：建议到心内科就诊，规范服药，低盐饮食。"),
    ]
    assert find_sections(form, "高血压怎么治疗？").items_of("remedies") == []
    english = [
        P("Age: 45", lead="Age:"),
        P("Question: What helps a stiff neck?", lead="Question:"),
        P("Answer: Rest: avoid lifting. Heat: a warm towel.", lead="Answer:"),
    ]
    assert find_sections(english, "How to relieve a stiff neck").items_of("remedies") == []


@pytest.mark.parametrize(
    ("headline", "kind"),
    [
        ("如何看待今年的经济形势", "other"),
        ("怎么看待这件事", "other"),
        ("失眠怎么办", "remedies"),
        ("快速入睡的5个方法", "remedies"),
        ("如何缓解压力", "remedies"),
        ("解决失眠的方法", "remedies"),
        ("Why I meditate", "other"),
        ("How to get a flat stomach", "remedies"),
    ],
)
def test_a_headline_names_a_kind_by_its_strong_words_not_by_a_news_question(headline: str, kind: str) -> None:
    from pagesift.extract.sections import headline_kind

    assert headline_kind(headline) == kind


def test_a_news_page_asking_how_gives_no_remedies() -> None:
    blocks = [
        P("国务院常务会议今天召开，会议部署了下一阶段的重点工作，涉及稳就业、促消费等多个方面。"),
        P("1、稳定就业：支持企业吸纳就业。"),
        P("2、促进消费：发放消费券。"),
    ]
    assert find_sections(blocks, "如何看待今年的经济形势").sections == []


def test_a_word_that_is_a_form_field_elsewhere_is_an_item_without_its_colon() -> None:
    blocks = [
        H("Risk factors"),
        LI("Age. It is most common between 40 and 60."),
        LI("Obesity. Extra pounds add stress."),
    ]
    assert titles(find_sections(blocks).items_of("causes")) == ["Age", "Obesity"]


# --- a reviewer's cases (each failed before its fix) -------------------------------------------


def test_a_paragraph_wrapped_in_the_source_is_one_line_until_its_break() -> None:
    blocks = html_blocks(
        "<h2>Causes</h2><p>1. Stress and tension. Long hours at a desk\nmake it worse.<br>"
        "2. Poor sleep. Short nights add up.</p>"
    )
    assert titles(find_sections(blocks).items_of("causes")) == ["Stress and tension", "Poor sleep"]
    assert "\n" not in blocks[1].text


def test_an_unclosed_style_comment_runs_to_the_end_of_the_sheet() -> None:
    """CSS: a comment not closed runs to the end of the sheet, so no rule after it is read (and the
    sheet is read once: the hostile one below was quadratic before)."""
    for css in ("/* unclosed .x {font-weight:bold}", "/* " * 20000 + ".x {font-weight:bold}"):
        html = f"<html><head><style>{css}</style></head><body><p class='x'>Short line</p></body></html>"
        assert "bold" not in (parse_html(html).find(".//p").get("style") or "")


def test_body_text_of_a_large_class_is_not_a_page_of_headings() -> None:
    prose = "Most people recover within a week. " * 8
    body = "".join(
        f"<p class='txt'>{t}</p>" for t in ["Nobody knows exactly.", prose, "Rest in a dark room.", prose] * 4
    )
    tree = parse_html(
        f"<html><head><style>.txt {{font-size: 18px}}</style></head><body><h2>Causes</h2>{body}</body></html>"
    )
    assert find_sections(from_tree(tree.find("body"), MARK)).items_of("causes") == []


def test_a_photo_credit_above_the_intro_ends_nothing() -> None:
    blocks = [
        P("By Jane Doe"),
        P("© 2019 Getty Images"),
        P("Gout is a form of arthritis that comes in sudden attacks."),
        H("Causes"),
        LI("High uric acid"),
        LI("Kidney disease"),
    ]
    assert titles(find_sections(blocks).items_of("causes")) == ["High uric acid", "Kidney disease"]


def test_a_floated_main_column_is_the_article_not_a_box() -> None:
    blocks = html_blocks(
        "<div style='float:left;width:640px'><p>" + "Gout is a kind of arthritis that comes in attacks. " * 6 + "</p>"
        "<h2>Causes</h2><ul><li>High uric acid</li><li>Kidney disease</li></ul></div><div><p>Ad</p></div>"
    )
    assert titles(find_sections(blocks).items_of("causes")) == ["High uric acid", "Kidney disease"]


def test_risk_factors_named_like_form_fields_stay_items() -> None:
    risk = [H("Risk factors"), LI("Age: most common after 40."), LI("Sex: men more than women."), LI("Family history")]
    assert titles(find_sections(risk).items_of("causes")) == ["Age", "Sex", "Family history"]
    form = [P("年龄：45岁", lead="年龄："), P("病情描述：头晕两周。", lead="病情描述："), P("1、多喝水；2、早睡。")]
    assert titles(find_sections(form, "头晕怎么办").items_of("remedies")) == ["多喝水", "早睡"]


@pytest.mark.parametrize(
    ("heading", "kind"),
    [("Causes of fatigue and reasons to see a doctor", "causes"), ("Risk factors and why it matters", "causes")],
)
def test_a_negating_phrase_cancels_only_its_own_words(heading: str, kind: str) -> None:
    assert classify(heading) == kind


def test_the_inline_run_starts_at_its_first_one() -> None:
    blocks = [P("一般休息。2、3天后复查。治疗方法：1、多喝水；2、保持湿度；3、按时吃药。")]
    assert titles(find_sections(blocks, "咳嗽怎么办").items_of("remedies")) == ["多喝水", "保持湿度", "按时吃药"]
    from pagesift.extract.sections import headline_kind

    assert headline_kind("失眠是怎么回事") == "causes"


def test_table_rows_and_bracketed_numbers_are_neither_menus_nor_headings() -> None:
    from pagesift.extract.rules import compiled

    assert not compiled().noise_text.search("Ibuprofen | 200-400 mg | every 6 hours")
    blocks = [H("Treatment"), LI("Rest"), P("[1]"), LI("Ice")]
    assert titles(find_sections(blocks).items_of("remedies")) == ["Rest", "Ice"]


def test_nested_layout_tables_give_each_block_once() -> None:
    from lxml import etree

    from pagesift.extract.blocks import from_trafilatura

    body = etree.fromstring(
        "<body><table><row><cell>Lead in the cell<table><row><cell><p>Inner paragraph</p></cell></row>"
        "</table><p>Outer paragraph</p></cell></row></table></body>"
    )
    assert [b.text for b in from_trafilatura(body)] == ["Lead in the cell", "Inner paragraph", "Outer paragraph"]


def test_sub_headings_that_group_a_list_are_not_items() -> None:
    """Treatment grouped under "Topical medications" and "Oral medications", each with its list:
    the remedies are the list's entries, not the groups' names (CONVENTIONS 4). A sub-heading
    with prose only under it is an item; a numbered sub-heading stays an item over its details."""
    outline = find_sections(
        [
            H("Treatment"),
            H("Topical medications", 3),
            LI("Retinoids"),
            LI("Azelaic acid"),
            H("Oral medications", 3),
            P("Used for moderate acne."),
            LI("Oral antibiotics"),
            LI("Isotretinoin"),
            H("Light therapy", 3),
            P("Blue light reduces the bacteria on the skin."),
            H("Home remedies"),
            H("1. Wash twice a day", 3),
            LI("Use a gentle cleanser"),
            LI("Pat dry"),
        ]
    )
    assert titles(outline.items_of("remedies")) == [
        "Retinoids",
        "Azelaic acid",
        "Oral antibiotics",
        "Isotretinoin",
        "Light therapy",
        "Wash twice a day",
        "Use a gentle cleanser",
        "Pat dry",
    ]


def test_bold_lines_rank_by_their_numbering() -> None:
    """A WeChat article's bold "01 …" badges are its sections and its bold "① …" lines their
    items: all bold, the numbering breaks the tie (padded numbers above circled ones)."""
    outline = find_sections(
        [
            P("天气一转凉，皮肤科门诊里的湿疹患者就多了起来，痒得晚上睡不着，越抓越重。"),
            B("01 湿疹为什么总找上门？"),
            P("湿疹的发病原因比较复杂，往往是内外因素共同作用的结果："),
            B("① 皮肤屏障功能受损"),
            P("湿疹患者的角质层往往有缺陷，水分容易流失。"),
            B("② 过敏体质和遗传"),
            P("父母有过敏性疾病的，孩子患湿疹的概率更高。"),
            B("02 湿疹反复，到底怎么办？"),
            B("① 每天足量保湿"),
            P("洗澡后三分钟内涂保湿霜。"),
            B("② 洗澡水温别太高"),
            P("水温控制在37℃左右。"),
        ]
    )
    assert [(s.kind, titles(s.items)) for s in outline.sections] == [
        ("causes", ["皮肤屏障功能受损", "过敏体质和遗传"]),
        ("remedies", ["每天足量保湿", "洗澡水温别太高"]),
    ]


def test_a_number_bubble_before_a_bold_title_numbers_an_item() -> None:
    """ "<span class=num>1</span> <strong>每天足量保湿</strong>": the bubble is the entry's number
    as a reader sees it, the bold run its title; a number in a span before plain text is not."""
    blocks = html_blocks(
        "<p><strong>湿疹反复，到底怎么办？</strong></p><p>记住下面这几件事：</p>"
        "<section><span class='num'>1</span><span> <strong>每天足量保湿</strong></span></section><p>洗澡后三分钟内涂保湿霜。</p>"
        "<section><span class='num'>2</span><span> <strong>洗澡水温别太高</strong></span></section><p>水温控制在37℃左右。</p>"
        "<p><span>3</span> 天以后再复诊，看看效果。</p><p><span class='stat'>90</span> <strong>percent</strong> of people use an inhaler.</p>"
    )
    assert [b.text for b in blocks if b.text[0].isdigit()] == [
        "1. 每天足量保湿",
        "2. 洗澡水温别太高",
        "3 天以后再复诊，看看效果。",
        "90 percent of people use an inhaler.",
    ]
    assert titles(find_sections(blocks).items_of("remedies")) == ["每天足量保湿", "洗澡水温别太高"]


def test_a_run_in_note_is_no_item() -> None:
    """ "注意：…" or "Note: …" after a list of causes adds a caution to the section; it is not one of
    its causes. "- Advertisement -" between entries is the site's, not the article's."""
    outline = find_sections(
        [
            H("急性胃炎是什么原因引起的"),
            P("1、饮食不洁：吃了被细菌污染的食物。"),
            P("2、药物刺激：阿司匹林等药物损伤胃黏膜。"),
            P("注意：急性胃炎和阑尾炎早期都可能表现为上腹痛，应及时就医。", lead="注意："),
            H("Causes of insomnia"),
            LI("- Advertisement -"),
            LI("Stress"),
            LI("Note: see a doctor if it lasts longer than three months.", lead="Note:"),
        ]
    )
    assert titles(outline.items_of("causes")) == ["饮食不洁", "药物刺激", "Stress"]


def test_numbered_lines_under_a_sub_heading_make_it_a_group() -> None:
    """ "药物治疗" over "（1）鼻用糖皮质激素：…" "（2）抗组胺药：…": the numbered lines are the remedies
    and the sub-heading their group; a sub-heading over prose stays an item."""
    outline = find_sections(
        [
            H("病因"),
            P("1.遗传因素"),
            P("父母一方或双方患有过敏性疾病者，子女的患病风险明显增加。"),
            H("治疗"),
            H("避免接触变应原", 3),
            P("对已经明确的变应原，应尽量避免接触，保持室内清洁干燥。"),
            H("药物治疗", 3),
            P("常用药物包括以下几类："),
            P("（1）鼻用糖皮质激素：是一线治疗药物，对鼻塞、喷嚏均有良好疗效。"),
            P("（2）抗组胺药：可迅速缓解鼻痒、喷嚏和流涕。"),
            H("免疫治疗", 3),
            P("脱敏治疗是唯一可能改变疾病自然进程的治疗方法。"),
        ]
    )
    assert titles(outline.items_of("remedies")) == ["避免接触变应原", "鼻用糖皮质激素", "抗组胺药", "免疫治疗"]


def test_a_forum_posts_layout_cell_gives_its_lines() -> None:
    """A forum post in a one-cell layout table, its lines broken by <br>: its bold heading and
    numbered lines read as a reader sees them; a data table's one-cell rows stay items."""
    blocks = html_blocks(
        "<table><tr><td class='t_f'>先说明一下，我不是医生，只是一个被痔疮折磨了三年的普通上班族。<br/><br/>"
        "<font size='4'><strong>一、我总结的发病原因</strong></font><br/>1、久坐不动。一坐就是一整天。<br/>"
        "2、爱吃辣。火锅一个星期至少两三次。<br/></td></tr></table>"
        "<table><tr><td>Rest</td></tr><tr><td>Ice<br/>Wrapped in a towel</td></tr></table>"
    )
    assert [b.text for b in blocks][:4] == [
        "先说明一下，我不是医生，只是一个被痔疮折磨了三年的普通上班族。",
        "一、我总结的发病原因",
        "1、久坐不动。一坐就是一整天。",
        "2、爱吃辣。火锅一个星期至少两三次。",
    ]
    assert [(b.kind, b.text) for b in blocks][4:] == [("item", "Rest"), ("item", "Ice Wrapped in a towel")]
    assert titles(find_sections(blocks[:4]).items_of("causes")) == ["久坐不动", "爱吃辣"]


def test_a_numbered_bold_title_that_runs_on_into_its_text_is_an_item() -> None:
    """ "<b>1. Honey</b> A spoonful of honey…" under a headline that names remedies: each line is
    an item, not a section of its own; a bold number alone ("<b>01</b> …") still heads a section."""
    blocks = html_blocks(
        "<p>A sore throat usually clears up by itself within a week, and a few simple things at home can make it "
        "easier to live with until then.</p>"
        "<p><strong>1. Salt water gargle</strong> Dissolve half a teaspoon of salt in warm water and gargle.</p>"
        "<p><strong>2. Honey</strong> A spoonful of honey coats and soothes the throat.</p>"
        "<p><strong>3. Warm tea</strong> Herbal teas with lemon keep you hydrated.</p>"
    )
    outline = find_sections(blocks, "10 Natural Remedies for a Sore Throat")
    assert titles(outline.items_of("remedies")) == ["Salt water gargle", "Honey", "Warm tea"]
    badges = html_blocks(
        "<p><strong>01</strong> 咽炎为什么会反复发作</p><p>① 烟酒刺激：烟雾会刺激咽部黏膜。</p>"
        "<p><strong>02</strong> 如何缓解</p><p>① 多喝温水：保持咽部湿润。</p>"
    )
    assert outline_shape(find_sections(badges)) == [
        ("causes", "咽炎为什么会反复发作", ["烟酒刺激"]),
        ("remedies", "如何缓解", ["多喝温水"]),
    ]


@pytest.mark.parametrize(
    ("marks", "heading"),
    [
        (["✔ ", "✔ ", "✔ "], "Why sunburn happens"),
        (["→ ", "→ ", "→ "], "What causes motion sickness?"),
        (["▲ ", "▲ ", "▲ "], "腰酸背痛是怎么引起的"),
        (["❶ ", "❷ ", "❸ "], "手脚冰凉的原因"),
        (["⑴ ", "⑵ ", "⑶ "], "手脚冰凉的原因"),
    ],
)
def test_ticks_arrows_triangles_and_dingbat_numbers_mark_items(marks: list[str], heading: str) -> None:
    """Sites type many marks as bullets and numbers: a tick, an arrow, a triangle, a dingbat's
    circled number, "(1)" as one character; each line they open is an item."""
    texts = ["First one", "Second one", "Third one"] if heading.isascii() else ["气血不足", "缺乏运动", "穿着单薄"]
    outline = find_sections([H(heading), *(P(mark + text) for mark, text in zip(marks, texts))])
    assert titles(outline.items_of("causes")) == texts


@pytest.mark.parametrize(
    ("heading", "lines", "kind", "expected"),
    [
        ("What causes indigestion?", ["a) Eating too fast", "b) Fatty food", "(c) Alcohol"], "causes", None),
        ("Common causes", ["1 - Not enough fibre", "2 - Not drinking enough"], "causes", None),
        (
            "What are the treatment options?",
            ["Option 1: Exercise. Strong thigh muscles take load off the joint.", "Option 2: Weight loss."],
            "remedies",
            ["Exercise", "Weight loss"],
        ),
        (
            "止咳小偏方",
            ["偏方一：冰糖炖雪梨，润肺止咳。", "偏方二：白萝卜汤，化痰止咳。"],
            "remedies",
            ["冰糖炖雪梨，润肺止咳", "白萝卜汤，化痰止咳"],
        ),
        (
            "高血压的病因",
            ["原因一：遗传因素。父母患病者风险更高。", "原因二：饮食过咸。"],
            "causes",
            ["遗传因素", "饮食过咸"],
        ),
        ("失眠怎么办", ["第一招：睡前泡脚", "第二招：固定作息"], "remedies", ["睡前泡脚", "固定作息"]),
    ],
)
def test_letters_dashed_numbers_and_numbering_words_mark_items(
    heading: str, lines: list[str], kind: str, expected: list[str] | None
) -> None:
    """ "a)", "(b)", "1 - ", "Option 2:", 偏方一：, 原因二：, 第一招： number a section's items."""
    outline = find_sections([H(heading), *(P(line) for line in lines)])
    want = expected or [strip_marker(line)[2] for line in lines]
    assert titles(outline.items_of(kind)) == want


def test_bold_remedies_under_a_treatment_group_are_its_items() -> None:
    """ "Creams and ointments" over bold "Topical steroids" and its prose: the bold lines are the
    remedies and the sub-heading their group (CONVENTIONS 4); a bold line over a list of its own
    labels that list, and outside a remedies section a bold line stays its sub-heading's text."""
    outline = find_sections(
        [
            H("Treatment"),
            H("Creams and ointments", 3),
            B("Topical steroids"),
            P("Reduce inflammation and itching."),
            B("Vitamin D analogues"),
            P("Slow skin cell growth."),
            H("Light therapy", 3),
            B("UVB phototherapy"),
            P("Controlled doses of ultraviolet light."),
            H("Medicines", 3),
            B("Mild cases"),
            LI("Emollients"),
            H("Side effects of the vaccine"),
            H("Hepatitis A vaccine", 3),
            B("Mild problems"),
            P("Soreness where the shot was given."),
        ]
    )
    assert titles(outline.items_of("remedies")) == [
        "Topical steroids",
        "Vitamin D analogues",
        "UVB phototherapy",
        "Emollients",
    ]
    assert titles(outline.items_of("symptoms")) == ["Hepatitis A vaccine"]


def test_a_bold_question_or_when_to_line_ends_a_remedies_group() -> None:
    """Treatment > "Medication" > bold "Topical steroids" and "Emollients" with their prose are remedies; a bold "When to
    call your doctor", "Is it safe?" or "Side effects" with prose after it ends the group: neither it
    nor the bold lines after it are remedies."""
    intro = P(
        "Eczema is a common skin condition that makes the skin dry, itchy and sore; most people"
        " manage it well with a few simple treatments and some care at home."
    )
    for closer in ("When to call your doctor", "Is it safe?", "Side effects"):
        blocks = [
            intro,
            H("Treatment"),
            H("Medication", level=3),
            B("Topical steroids"),
            P("Steroid creams reduce swelling and redness."),
            B("Emollients"),
            P("Moisturisers keep the skin from drying out."),
            B(closer),
            P("Call if the rash spreads or you have a fever."),
            B("Cost and insurance"),
            P("Most plans cover these creams."),
        ]
        assert titles(find_sections(blocks).items_of("remedies")) == ["Topical steroids", "Emollients"], closer


def test_points_counted_one_two_three_in_prose_are_no_items() -> None:
    """ "一是…，二是…" inside a paragraph is prose (CONVENTIONS 4: nothing is invented from its
    sentences): the idiom "一是一，二是二", a lone "一是因为…" and a paragraph's points alike."""
    pages = [
        [H("治疗方法"), P("医生说话要实在，一是一，二是二，不能夸大疗效。")],
        [H("口臭的原因"), P("一是因为这个问题，很多人都不好意思去看医生。")],
        [H("口臭的原因"), P("他的回答很干脆：一是没刷牙，二是吃了大蒜。")],
        [H("牙齿敏感的原因"), P("一是刷牙太用力，牙釉质被磨损；二是牙龈萎缩，牙根暴露；三是经常吃酸性食物。")],
    ]
    for blocks in pages:
        outline = find_sections(blocks)
        assert outline.items_of("causes") == [] and outline.items_of("remedies") == [], blocks[1].text


def test_emoji_keycap_digits_number_items() -> None:
    """ "1️⃣ Swallowing air", "2️⃣ …" (a digit, its emoji variant mark and the keycap): numbered items."""
    outline = find_sections([H("宝宝湿疹的原因"), P("1️⃣ 过敏体质"), P("2️⃣ 穿得太多太热"), P("🔟 洗澡水温太高")])
    assert titles(outline.items_of("causes")) == ["过敏体质", "穿得太多太热", "洗澡水温太高"]


def test_short_plain_lines_are_no_list() -> None:
    """Short lines broken by <br> under a causes or remedies heading are no items (CONVENTIONS 4
    lists no such shape): a sentence broken into lines, a Chinese sentence's clauses, an address,
    a poem and opening hours would all be invented rows."""
    pages = [
        "<h2>Treatment</h2><p>Rest as much as you can,<br>drink plenty of fluids<br>and take paracetamol"
        "<br>if you have a fever.</p>",
        "<h2>治疗方法</h2><p>多喝热水，<br>注意休息，<br>必要时服用退烧药，<br>症状严重及时就医。</p>",
        "<h2>Treatment at our clinic</h2><p>Smith Physiotherapy<br>200 First St. SW<br>Rochester, MN 55905"
        "<br>Tel 555 1234</p>",
        "<h2>Why you cannot sleep</h2><p>The night is long<br>the clock ticks on<br>and still I lie awake</p>",
        "<h2>Treatment</h2><p>Monday to Friday</p><p>9am to 5pm</p><p>Closed on holidays</p>",
        "<p><strong>Causes</strong><br>Blocked sweat glands<br>Hot, humid weather<br>Tight clothing</p>",
    ]
    for body in pages:
        outline = find_sections(html_blocks(body))
        assert outline.items_of("causes") == [] and outline.items_of("remedies") == [], body


def test_a_listicles_numbered_sections_are_its_items_though_one_names_the_kind() -> None:
    """ "How to Get Rid of Hiccups" over numbered h2s, one of which says "ease": each is a
    remedy; numbered sections with lists of their own stay sections."""
    blocks = [
        H("1. Hold your breath"),
        P("Breathe in and hold it for ten seconds."),
        H("2. Drink cold water to ease the spasm"),
        P("Sip slowly from the far side of the glass."),
        H("3. Swallow a spoonful of sugar"),
        P("The grains may reset the nerve."),
    ]
    outline = find_sections(blocks, "How to Get Rid of Hiccups: 5 Tricks That Work")
    assert titles(outline.items_of("remedies")) == [
        "Hold your breath",
        "Drink cold water to ease the spasm",
        "Swallow a spoonful of sugar",
    ]
    grouped = [H("1. Home remedies"), LI("Warm salt water"), H("2. Medical treatment"), LI("Antibiotics")]
    assert outline_shape(find_sections(grouped, "Sore throat remedies")) == [
        ("remedies", "Home remedies", ["Warm salt water"]),
        ("remedies", "Medical treatment", ["Antibiotics"]),
    ]


def test_a_numbered_series_that_opens_with_the_kind_is_the_pages_own_section() -> None:
    """ "Psoriasis treatment: a guide" over "1. What is psoriasis?", "2. Treatment options",
    "3. Questions to ask your doctor", all prose: "Treatment options" is the page's own remedies
    section (CONVENTIONS 3: the headline then gives no kind), so the headings are no remedies."""
    blocks = [
        P("An introduction to psoriasis and the ways doctors treat it."),
        H("1. What is psoriasis?"),
        P("Psoriasis is a skin disease that causes a rash with itchy, scaly patches."),
        H("2. Treatment options"),
        P("Creams, light therapy and pills can all help; your doctor will choose."),
        H("3. Questions to ask your doctor"),
        P("Ask about side effects and cost."),
    ]
    outline = find_sections(blocks, "Psoriasis treatment: a guide")
    assert outline.items_of("remedies") == [] and outline.items_of("causes") == []


def test_first_then_finally_number_a_sections_points() -> None:
    """ "首先，…" "其次，…" "最后，…" under a causes heading are its items; a lone "最后，…" that
    concludes a section is not."""
    outline = find_sections(
        [
            H("为什么会经常头晕"),
            P("首先，贫血会导致大脑供血不足。"),
            P("其次，颈椎病压迫血管。"),
            P("最后，低血压的人站起来时容易头晕。"),
            H("缓解方法"),
            P("多休息，保证睡眠时间，少熬夜，这是最重要的一点。"),
            P("最后，祝大家身体健康。"),
        ]
    )
    assert titles(outline.items_of("causes")) == [
        "贫血会导致大脑供血不足",
        "颈椎病压迫血管",
        "低血压的人站起来时容易头晕",
    ]
    assert outline.items_of("remedies") == []


def test_a_lone_first_or_a_sign_off_is_no_point() -> None:
    """A lone "首先，…" paragraph is prose, and a "最后，祝…" sign-off after a run of points, or
    after a bold line or a heading, is none of them."""
    pages = [
        [
            H("感冒的治疗"),
            P("首先，我们要明白感冒是自限性疾病，大多数人一周内会自愈，不需要特别治疗。"),
            P("多喝水，注意休息。"),
        ],
        [H("感冒的原因"), P("首先，受凉。"), B("小贴士"), P("最后，祝大家身体健康。")],
    ]
    for blocks in pages:
        outline = find_sections(blocks)
        assert outline.items_of("causes") == [] and outline.items_of("remedies") == [], blocks[1].text
    outline = find_sections([H("感冒的原因"), P("首先，受凉。"), P("其次，疲劳。"), P("最后，祝大家身体健康。")])
    assert titles(outline.items_of("causes")) == ["受凉", "疲劳"]


def test_the_markers_read_traditional_pages_too() -> None:
    """首先…最後, 問：, 第一點：, 驗方一：, 謝謝 as Traditional pages write them."""
    outline = find_sections(
        [H("為什麼會經常頭暈"), P("首先，貧血會導致大腦供血不足。"), P("其次，頸椎病壓迫血管。"), P("最後，低血壓。")]
    )
    assert titles(outline.items_of("causes")) == ["貧血會導致大腦供血不足", "頸椎病壓迫血管", "低血壓"]
    outline = find_sections([H("感冒的原因"), P("首先，受涼。"), P("其次，疲勞。"), P("最後，謝謝閱讀。")])
    assert titles(outline.items_of("causes")) == ["受涼", "疲勞"]
    outline = find_sections([H("咳嗽的偏方"), P("驗方一：冰糖燉梨。"), P("驗方二：蜂蜜水。")])
    assert titles(outline.items_of("remedies")) == ["冰糖燉梨", "蜂蜜水"]
    outline = find_sections([H("失眠怎麼辦"), P("第一點：規律作息。"), P("第二點：睡前不看手機。")])
    assert titles(outline.items_of("remedies")) == ["規律作息", "睡前不看手機"]


@pytest.mark.parametrize(
    ("blocks", "causes", "remedies"),
    [
        (
            [B("I. Causes"), LI("Inner ear problems"), B("II. Treatment"), LI("The Epley manoeuvre")],
            ["Inner ear problems"],
            ["The Epley manoeuvre"],
        ),
        ([P("Ⅰ.病因"), P("1.过敏原刺激"), P("Ⅱ.治疗"), P("1.鼻腔冲洗")], ["过敏原刺激"], ["鼻腔冲洗"]),
        ([P("一）病因"), P("1、食物过敏"), P("二）治疗"), P("1、口服抗组胺药")], ["食物过敏"], ["口服抗组胺药"]),
        ([H("Brain fog causes"), B("#1: Poor sleep"), P("Even one bad night dulls attention.")], ["Poor sleep"], []),
        ([H("感冒后这样做好得快"), P("1.多喝温水"), P("2.多休息")], [], ["多喝温水", "多休息"]),
    ],
)
def test_roman_parts_half_bracketed_numerals_and_hash_numbers(
    blocks: list[Block], causes: list[str], remedies: list[str]
) -> None:
    """ "I. Causes", "Ⅱ.治疗", "一）病因" number a page's parts; "#1:" numbers an item; 好得快 (heals
    faster) names what to do."""
    outline = find_sections(blocks)
    assert (titles(outline.items_of("causes")), titles(outline.items_of("remedies"))) == (causes, remedies)


def test_markers_need_their_punctuation() -> None:
    """ "#1 rated by doctors", "Option 2 is better…", "Reason 3 of many." are sentences, not numbered
    items; "V. vulnificus" and "E. coli" are a genus's initial, not a part's numeral ("vulnificus")
    or a title ("E"); "e. g. honey" is no lettered item titled "g"."""
    assert strip_marker("#1 rated by doctors, this guide helps")[0] is None
    assert strip_marker("Option 2 is better for most people, the doctor said.")[0] is None
    assert strip_marker("Reason 3 of many.")[0] is None
    assert strip_marker("V. vulnificus")[0] is None
    assert strip_marker("e. g. honey")[0] is None
    assert strip_marker("#2) Fluids")[2] == "Fluids"
    assert strip_marker("Option 2 of 3 Weight loss")[2] == "Weight loss"
    assert strip_marker("II. Causes")[2] == "Causes"
    outline = find_sections(
        [
            H("Treatment"),
            P("#1 rated by doctors, this guide helps"),
            P("Option 2 is better for most people, the doctor said."),
            P("Reason 3 of many."),
        ]
    )
    assert outline.items_of("remedies") == []
    outline = find_sections(
        [H("Causes"), P("Food poisoning has several causes."), B("V. vulnificus"), P("Found in raw oysters.")]
    )
    assert titles(outline.items_of("causes")) == ["V. vulnificus"]
    outline = find_sections([H("Causes"), LI("E. coli"), LI("V. cholerae"), LI("Salmonella")])
    assert titles(outline.items_of("causes")) == ["E. coli", "V. cholerae", "Salmonella"]
    outline = find_sections([H("Treatment"), LI("e. g. honey"), LI("Rest")])
    assert titles(outline.items_of("remedies")) == ["e. g. honey", "Rest"]


def test_a_frame_sub_heading_takes_its_list_out_of_the_section() -> None:
    """ "Sources" (or "References") as an h3 under Treatment: its citations are the frame's, not
    remedies; a sub-heading after it opens items again."""
    outline = find_sections(
        [
            H("Treatment"),
            LI("Terbinafine cream"),
            H("Sources", 3),
            LI("NHS inform, Athlete's foot, 2023"),
            LI("American Academy of Dermatology, 2022"),
            H("Medicines", 3),
            LI("Clotrimazole spray"),
        ]
    )
    assert titles(outline.items_of("remedies")) == ["Terbinafine cream", "Clotrimazole spray"]


def test_a_summary_sub_heading_keeps_the_sections_list() -> None:
    """ "Overview", "Key points", "Quick tip" or 小结 over a list inside a causes or remedies section
    head the section's own list (only a frame's "Sources", "References", "FAQs", "Related" take it
    out); the label itself is no item."""
    cases = [
        ([H("Treatment"), H("Overview", 3), LI("Moisturisers"), LI("Steroid creams")], "remedies"),
        ([H("Home remedies"), B("Quick tip"), LI("Oatmeal baths"), LI("Coconut oil")], "remedies"),
        ([H("Causes"), H("Key points", 3), LI("Genes"), LI("Dry skin")], "causes"),
        ([H("治疗方法"), B("小结"), LI("保湿霜"), LI("激素药膏")], "remedies"),
    ]
    for blocks, kind in cases:
        assert titles(find_sections(blocks).items_of(kind)) == [blocks[2].text, blocks[3].text], blocks[1].text


def test_a_cause_that_names_side_effects_is_still_a_cause() -> None:
    """ "Medication side effects" under a causes heading is a cause; a sub-heading that opens with
    another kind's word ("Symptoms", "Side effects") still heads no item."""
    outline = find_sections(
        [
            H("Possible reasons"),
            H("1. Dehydration", 3),
            P("Not drinking enough lowers your blood pressure."),
            H("2. Medication side effects", 3),
            P("Blood pressure pills can cause it."),
            H("Symptoms", 3),
            P("Light-headedness and blurred vision."),
            H("Treatment"),
            H("Side effects", 3),
            P("Some pills make it worse."),
        ]
    )
    assert titles(outline.items_of("causes")) == ["Dehydration", "Medication side effects"]
    assert outline.items_of("remedies") == []


@pytest.mark.parametrize("mark", ["▸ ", "◦ ", "‣ ", "∙ ", "⁃ ", "➡️ ", "👉 ", "🔹 ", "🔸 "])
def test_small_triangles_dots_and_pointing_emoji_are_bullets(mark: str) -> None:
    """More marks that sites type as bullets; an em dash is not one ("— Name (@handle)" credits
    a quote, and a line it opens is prose)."""
    outline = find_sections([H("Why do I feel bloated?"), P(mark + "Swallowing air"), P(mark + "Fizzy drinks")])
    assert titles(outline.items_of("causes")) == ["Swallowing air", "Fizzy drinks"]
    assert strip_marker("— Arvind K (@arvind)")[0] is None


def test_ordinal_points_with_a_counter_word_and_square_root_ticks() -> None:
    """ "第一点：", "第2步：" number items, "√" ticks them; "第十六条" (a law's article) does not."""
    outline = find_sections([H("缓解方法"), P("第一点：多喝温水"), P("第2步：泡脚"), P("√ 早睡早起")])
    assert titles(outline.items_of("remedies")) == ["多喝温水", "泡脚", "早睡早起"]
    assert strip_marker("第十六条 各级监察机关按照管理权限管辖本辖区内的人员")[0] is None


def test_a_qa_pages_questions_head_its_parts() -> None:
    """ "问：脚后跟疼是什么原因引起的？" and "Q2: How do I treat it?" head the parts their answers'
    numbered lines belong to (the label is no part of the heading)."""
    outline = find_sections(
        [
            B("问：脚后跟疼是什么原因引起的？"),
            P("答：常见原因有以下几种："),
            P("1.足底筋膜炎"),
            P("2.跟骨骨刺"),
            B("问：脚后跟疼怎么办？"),
            P("答：可以这样做："),
            P("1.减少走路和站立时间"),
            P("2.穿软底鞋"),
        ]
    )
    assert outline_shape(outline) == [
        ("causes", "脚后跟疼是什么原因引起的？", ["足底筋膜炎", "跟骨骨刺"]),
        ("remedies", "脚后跟疼怎么办？", ["减少走路和站立时间", "穿软底鞋"]),
    ]
    assert strip_marker("Q2: How do I treat it?")[2] == "How do I treat it?"


def test_a_how_tos_method_of_count_is_its_marker() -> None:
    """ "Method 1 of 3: Using Ice", "Part 2 of 2: Getting Relief": the count is the marker's, not
    the title's."""
    assert split_item("Method 1 of 3: Using Ice").title == "Using Ice"
    assert strip_marker("Part 2 of 2: Getting Relief")[2] == "Getting Relief"
    assert strip_marker("Part of the problem")[0] is None


def test_a_how_tos_method_headings_are_remedies_sections() -> None:
    """wikiHow's "Method 1 of 2: Using Ice" h2s: the numbering word names the kind, so each is a
    remedies section whose steps are its items (not the headline's items, with "Tips" and
    "Warnings" beside them)."""
    blocks = [
        H("Method 1 of 2: Using Ice"),
        LI("Wrap ice in a thin towel. Never put ice directly on skin.", lead="Wrap ice in a thin towel."),
        H("Method 2 of 2: Elevating the Ankle"),
        LI("Prop your foot on pillows. Keep it above heart level.", lead="Prop your foot on pillows."),
        H("Tips"),
        LI("Wear a compression sock during the day."),
    ]
    outline = find_sections(blocks, "How to Reduce Swelling in a Sprained Ankle")
    assert outline_shape(outline)[:2] == [
        ("remedies", "Using Ice", ["Wrap ice in a thin towel"]),
        ("remedies", "Elevating the Ankle", ["Prop your foot on pillows"]),
    ]


def test_other_numbering_words_name_no_kind() -> None:
    """A recipe's "Step 1: Preheat the oven", "Method 1: Keywords"
    (no "of N") and "Reason 1: Price" name no kind: their lists are no remedies or causes."""
    pages = [
        ("Banana bread", "Step 1: Preheat the oven", "Step 2: Mix"),
        ("Ranking on Google", "Method 1: Keywords", "Method 2: Links"),
        ("Why I switched to Android", "Reason 1: Price", "Reason 2: Choice"),
    ]
    for title, first, second in pages:
        blocks = [P("An introduction to the article."), H(first), LI("Set it up"), LI("Check it"), H(second)]
        outline = find_sections([*blocks, LI("Finish it"), LI("Clean up")], title)
        assert outline.items_of("causes") == [] and outline.items_of("remedies") == [], first
