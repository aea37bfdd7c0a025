"""Made pages of shapes where a reader sees no causes or remedies (a charity's causes, a job's
pitch, a drug's storage, a price list): the pipeline invents none, and real ones beside them stay."""

from __future__ import annotations

from pathlib import Path

from pagesift.dataset.ingest import process_file

NOW = "2026-01-01T00:00:00Z"
INTRO = (
    "<p>This page gives plain information written for patients and their families, reviewed by our"
    " editorial team of doctors and nurses every year.</p>"
)


def _ul(*entries: str) -> str:
    return "<ul>" + "".join(f"<li>{entry}</li>" for entry in entries) + "</ul>"


def _rows(tmp_path: Path, title: str, body: str, lang: str = "en") -> dict[str, list[str]]:
    """The causes and remedies titles the pipeline makes of a page with this headline and body."""
    page = tmp_path / "page.html"
    page.write_text(
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><main><article><h1>{title}</h1>{body}</article></main></body></html>",
        encoding="utf-8",
    )
    record = process_file(page, NOW).record
    assert record is not None
    return {kind: [item["title"] for item in record[kind]] for kind in ("causes", "remedies")}


def test_an_organisations_causes_and_pitch_are_no_causes(tmp_path: Path) -> None:
    charity = _rows(
        tmp_path,
        "About the Hartwell Foundation",
        INTRO + "<h2>Causes we support</h2>" + _ul("Childhood cancer research", "Mental health services"),
    )
    job = _rows(
        tmp_path,
        "Registered nurse, oncology ward",
        INTRO + "<h2>Why join us</h2>" + _ul("Competitive salary", "Free parking", "Training budget"),
    )
    story = _rows(
        tmp_path,
        "Scientists find the gene behind a rare muscle disease",
        INTRO + "<h2>Reasons for hope</h2>" + _ul("Gene therapy trials are planned", "Families can be screened"),
    )
    assert charity["causes"] == job["causes"] == story["causes"] == []


def test_real_causes_beside_them_stay(tmp_path: Path) -> None:
    rows = _rows(
        tmp_path,
        "Hair loss",
        INTRO
        + "<h2>Common causes</h2>"
        + _ul("Genetics", "Stress", "Iron deficiency")
        + "<h2>Why us</h2>"
        + _ul("Twenty years of experience", "Free consultation"),
    )
    assert rows["causes"] == ["Genetics", "Stress", "Iron deficiency"]


def test_costs_forms_storage_snacks_and_plans_are_no_remedies(tmp_path: Path) -> None:
    cost = _rows(
        tmp_path,
        "Physical therapy: cost and insurance",
        INTRO
        + "<h2>How much does therapy cost?</h2>"
        + _ul("$75 to $150 per session", "Higher in big cities")
        + "<h2>Does insurance cover treatment?</h2>"
        + _ul("Most plans cover some visits", "Medicare covers it with a referral"),
    )
    drug = _rows(
        tmp_path,
        "Amoxicillin capsules",
        INTRO + "<h2>How to store it</h2>" + _ul("Keep below 25C", "Keep out of reach of children"),
    )
    form = _rows(
        tmp_path,
        "How to apply for a disabled parking permit",
        INTRO + "<ol><li>Download the form</li><li>Ask your doctor to sign it</li><li>Post it with a photo</li></ol>",
    )
    snacks = _rows(
        tmp_path,
        "Our favourite recipes",
        INTRO + "<h2>Best dog treats</h2>" + _ul("Peanut butter biscuits", "Dried sweet potato"),
    )
    story = _rows(
        tmp_path,
        "Walking after meals lowers blood sugar, study finds",
        INTRO + "<h2>Next steps</h2>" + _ul("A larger trial", "Tests in younger adults"),
    )
    assert cost["remedies"] == drug["remedies"] == form["remedies"] == snacks["remedies"] == story["remedies"] == []


def test_real_remedies_beside_them_stay(tmp_path: Path) -> None:
    rows = _rows(
        tmp_path,
        "Sore throat",
        INTRO
        + "<h2>Home remedies</h2>"
        + _ul("Gargle with warm salt water", "Drink warm liquids")
        + "<h2>How much does treatment cost?</h2>"
        + _ul("Lozenges cost a few dollars", "A GP visit may be free"),
    )
    assert rows["remedies"] == ["Gargle with warm salt water", "Drink warm liquids"]


def test_a_storys_news_of_a_cause_or_a_treatment_is_no_list_of_them(tmp_path: Path) -> None:
    """A headline that reports a finding names no kind for the page: its sections' headings are no items."""
    cause = _rows(
        tmp_path,
        "Scientists discover cause of rare muscle disease",
        INTRO + "<h2>What the team found</h2><p>The mutation stops muscle cells repairing.</p>"
        "<h2>What happens now</h2><p>Trials are planned.</p>",
    )
    treatment = _rows(
        tmp_path,
        "FDA approves new treatment for migraine",
        INTRO + "<h2>What the trials showed</h2><p>Fewer headache days.</p><h2>What it means</h2><p>More choice.</p>",
    )
    assert cause["causes"] == treatment["remedies"] == []


ZH_INTRO = "<p>近日，一项发表在国际期刊上的研究引起了广泛关注，研究人员和临床医生对此进行了详细的分析和解读。</p>"


def test_zh_story_questions_equipment_news_and_answers_are_no_rows(tmp_path: Path) -> None:
    story = _rows(
        tmp_path,
        "熬夜伤心脏",
        ZH_INTRO
        + "<h2>研究怎么做的</h2>"
        + _ul("追踪一万名成年人", "记录睡眠时间")
        + "<h2>专家怎么看</h2>"
        + _ul("结果可信", "还需更多研究"),
        "zh",
    )
    hospital = _rows(
        tmp_path,
        "我院引进新型治疗设备",
        ZH_INTRO
        + "<h2>设备介绍</h2>"
        + _ul("冲击波治疗仪", "牵引床")
        + "<h2>就诊时间</h2>"
        + _ul("周一至周五全天", "周六上午"),
        "zh",
    )
    news = _rows(
        tmp_path,
        "科学家发现治疗脱发新方法",
        ZH_INTRO + "<h2>研究背景</h2><p>脱发困扰很多人。</p><h2>专家点评</h2><p>仍处于动物实验阶段。</p>",
        "zh",
    )
    answers = _rows(
        tmp_path,
        "孩子咳嗽老不好怎么回事",
        "<p>问：孩子三岁，咳嗽两周了，晚上咳得厉害，吃了药也不见好，需要去医院吗？</p>"
        "<h3>网友回答</h3><p>多喝温水，去医院看看。</p><h3>医生回答</h3><p>建议到儿科就诊。</p>",
        "zh",
    )
    assert story["remedies"] == hospital["remedies"] == news["remedies"] == answers["causes"] == []


def test_zh_real_rows_stay(tmp_path: Path) -> None:
    rows = _rows(
        tmp_path,
        "失眠的原因及治疗方法",
        ZH_INTRO
        + "<h2>失眠的原因</h2>"
        + _ul("精神压力大", "作息不规律")
        + "<h2>治疗方法</h2>"
        + _ul("认知行为治疗", "睡前泡脚"),
        "zh",
    )
    assert rows == {"causes": ["精神压力大", "作息不规律"], "remedies": ["认知行为治疗", "睡前泡脚"]}


def test_a_recipes_method_a_studys_methods_and_a_businesss_services_are_no_remedies(tmp_path: Path) -> None:
    recipe = _rows(
        tmp_path,
        "Banana bread",
        INTRO
        + "<h2>Method</h2><ol><li>Heat the oven to 180C</li><li>Mash the bananas</li><li>Bake for an hour</li></ol>",
    )
    study = _rows(
        tmp_path,
        "Vitamin D and winter colds: a trial",
        INTRO + "<h2>Methods</h2>" + _ul("800 adults randomised", "Daily 1000 IU or placebo"),
    )
    clinic = _rows(
        tmp_path,
        "Alcohol addiction help in Ohio",
        INTRO
        + "<h2>Treatment centers near you</h2>"
        + _ul("Riverside Recovery, Columbus", "New Dawn Clinic, Dayton")
        + "<h2>Our treatments</h2>"
        + _ul("Detox", "Counselling")
        + "<h2>Payment methods</h2>"
        + _ul("Cash", "Credit card")
        + "<h2>How to get there</h2>"
        + _ul("Bus 12", "Free parking"),
    )
    run = _rows(
        tmp_path, "Our charity 10k", INTRO + "<h2>Why run with us</h2>" + _ul("Flat fast course", "Free t-shirt")
    )
    assert recipe["remedies"] == study["remedies"] == clinic["remedies"] == run["causes"] == []


def test_treatment_methods_stay(tmp_path: Path) -> None:
    rows = _rows(tmp_path, "Hiccups", INTRO + "<h2>Treatment methods</h2>" + _ul("Hold your breath", "Sip cold water"))
    assert rows["remedies"] == ["Hold your breath", "Sip cold water"]


def test_zh_procedures_recipes_and_storage_are_no_remedies(tmp_path: Path) -> None:
    guide = _rows(
        tmp_path,
        "市人民医院就诊指南",
        ZH_INTRO
        + "<h2>如何挂号</h2>"
        + _ul("微信公众号预约", "自助机挂号")
        + "<h2>报销方法</h2>"
        + _ul("携带医保卡", "到窗口办理"),
        "zh",
    )
    recipe = _rows(
        tmp_path,
        "红烧肉",
        ZH_INTRO + "<h2>制作方法</h2><ol><li>五花肉切块焯水</li><li>炒糖色</li><li>加水炖一小时</li></ol>",
        "zh",
    )
    drug = _rows(tmp_path, "云南白药气雾剂", ZH_INTRO + "<h2>保存方法</h2>" + _ul("密闭，置阴凉处", "避免高温"), "zh")
    assert guide["remedies"] == recipe["remedies"] == drug["remedies"] == []


def test_the_kind_words_other_senses_name_no_remedies(tmp_path: Path) -> None:
    """Curing meat, ease of use, disaster relief, managing money, dealing with customers, a pet."""
    pages = {
        "How to cure bacon at home": "<ol><li>Rub the pork with salt</li><li>Chill for a week</li><li>Rinse it</li></ol>",
        "Blood pressure monitor review": "<h2>Ease of use</h2>" + _ul("Big buttons", "Clear display"),
        "Storm relief fund": "<h2>Relief efforts</h2>" + _ul("Food parcels", "Temporary housing"),
        "Money basics": "<h2>Managing your budget</h2>" + _ul("Track spending", "Set goals"),
        "Dealing with difficult customers": "<ol><li>Listen</li><li>Apologise</li><li>Offer a fix</li></ol>",
        "A new puppy": "<h2>Living with a puppy</h2>" + _ul("Crate training", "Chew toys"),
    }
    invented = {
        title: rows for title, body in pages.items() if (rows := _rows(tmp_path, title, INTRO + body)["remedies"])
    }
    assert invented == {}


def test_the_kind_words_health_senses_stay(tmp_path: Path) -> None:
    rows = _rows(
        tmp_path,
        "Stress",
        INTRO
        + "<h2>Managing stress</h2>"
        + _ul("Breathe slowly", "Walk daily")
        + "<h2>Pain relief</h2>"
        + _ul("Paracetamol"),
    )
    assert rows["remedies"] == ["Breathe slowly", "Walk daily", "Paracetamol"]


def test_an_arguments_turn_and_a_salons_menu_are_no_rows(tmp_path: Path) -> None:
    argument = _rows(
        tmp_path,
        "Leading a team online",
        INTRO + "<h2>Here’s why stepping up matters</h2>" + _ul("Teams need direction", "Clients notice"),
    )
    salon = _rows(
        tmp_path,
        "Lotus Day Spa",
        INTRO
        + "<h2>Spa treatments</h2>"
        + _ul("Hot stone massage - $95", "Facial - $60")
        + "<h2>Treatments &amp; prices</h2>"
        + _ul("Manicure - $30", "Pedicure - $40"),
    )
    assert argument["causes"] == salon["remedies"] == []


REMEDIES = "<h2>Home remedies for cough</h2>" + _ul("Honey in warm water", "Steam inhalation")
ZH_REMEDIES = "<h2>治疗咳嗽的偏方</h2>" + _ul("冰糖炖梨", "蜂蜜水")


def test_warning_signs_tags_and_comment_threads_after_remedies_are_no_remedies(tmp_path: Path) -> None:
    """The list after "See a doctor if you have:" or "Tags:", or under "5 thoughts on …", is not the section's."""
    bodies = [
        REMEDIES + "<p>See a doctor if you have:</p>" + _ul("Blood in your sputum", "Chest pain"),
        REMEDIES + "<p>Tags:</p>" + _ul("cough", "cold", "honey"),
        REMEDIES
        + "<h3>5 thoughts on “Home remedies for cough”</h3>"
        + _ul("Ginger tea worked. Reply", "Onion syrup. Reply"),
    ]
    for body in bodies:
        assert _rows(tmp_path, "Cough", INTRO + body)["remedies"] == ["Honey in warm water", "Steam inhalation"]
    zh_bodies = [
        ZH_REMEDIES + "<p>出现以下情况应及时就医：</p>" + _ul("咳血", "高烧不退"),
        ZH_REMEDIES + "<p>可能出现的不良反应有：</p>" + _ul("胃痛", "恶心"),
        ZH_REMEDIES + "<p>标签：</p>" + _ul("咳嗽", "偏方", "秋冬养生"),
        ZH_REMEDIES + "<h3>我来说两句</h3>" + _ul("试过冰糖炖梨，很有效", "蜂蜜水不错"),
    ]
    for body in zh_bodies:
        assert _rows(tmp_path, "咳嗽的偏方", ZH_INTRO + body, "zh")["remedies"] == ["冰糖炖梨", "蜂蜜水"]


def test_the_list_under_a_frame_heading_inside_a_section_is_not_the_sections(tmp_path: Path) -> None:
    """ "References", "About Dr …", "Products we recommend" under a remedies section: their lists are the frame's."""
    frames = [
        "<h3>References</h3><ol><li>Smith J. Honey for cough. BMJ 2018;1:1-5.</li><li>Lee K. Steam. Lancet 2019;2:3-9.</li></ol>",
        "<h3>About Dr Jane Smith</h3>" + _ul("MD, Harvard Medical School", "20 years in family medicine"),
        "<h3>Products we recommend</h3>" + _ul("Manuka honey 250g - Buy now", "Steam inhaler - Buy now"),
    ]
    for frame in frames:
        assert _rows(tmp_path, "Cough", INTRO + REMEDIES + frame)["remedies"] == [
            "Honey in warm water",
            "Steam inhalation",
        ]


def test_sub_headings_after_a_frame_are_items_again(tmp_path: Path) -> None:
    body = (
        "<h2>Treatment</h2><h3>Sources</h3>"
        + _ul("NHS: Cough, 2023", "Mayo Clinic: Cough, 2022")
        + "<h3>Honey</h3><p>A spoonful.</p>"
    )
    assert _rows(tmp_path, "Cough", INTRO + body)["remedies"] == ["Honey"]


LONG_INTRO = INTRO + "<p>Most people get better with simple care at home, and a doctor can help when it does not.</p>"


def test_a_sub_heading_of_another_kind_keeps_its_list_out_of_the_remedies(tmp_path: Path) -> None:
    """ "Side effects", "Risks of surgery", "When to call your doctor", an FAQ, 不良反应 under Treatment."""
    treatment = "<h2>Treatment</h2>" + _ul("Benzoyl peroxide", "Retinoids")
    subs = [
        "<h3>Side effects</h3>" + _ul("Dry skin", "Redness"),
        "<h3>Risks of surgery</h3>" + _ul("Infection", "Blood clots"),
        "<h3>When to call your doctor</h3>" + _ul("Fever over 39C", "Trouble breathing"),
        "<h3>Frequently asked questions</h3>" + _ul("Can I use both at once?", "Is it safe in pregnancy?"),
    ]
    for sub in subs:
        assert _rows(tmp_path, "Acne", LONG_INTRO + treatment + sub)["remedies"] == ["Benzoyl peroxide", "Retinoids"]
    zh = ZH_INTRO + "<h2>治疗方法</h2>" + _ul("秋水仙碱", "别嘌醇") + "<h3>不良反应</h3>" + _ul("腹泻", "皮疹")
    assert _rows(tmp_path, "痛风", zh, "zh")["remedies"] == ["秋水仙碱", "别嘌醇"]


def test_a_remedys_recipe_donts_and_myths_are_no_remedies(tmp_path: Path) -> None:
    recipe = (
        "<h2>Home remedies</h2><h3>1. Ginger honey tea</h3><p>Ingredients:</p>"
        + _ul("1 tsp grated ginger", "1 cup hot water")
        + "<p>Directions:</p><ol><li>Steep the ginger</li><li>Stir in honey</li></ol>"
        + "<h3>2. Salt water gargle</h3><p>Gargle with warm salt water.</p>"
    )
    assert _rows(tmp_path, "Sore throat", LONG_INTRO + recipe)["remedies"] == ["Ginger honey tea", "Salt water gargle"]
    donts = (
        "<h2>Treatment</h2>"
        + _ul("Cool showers", "Aloe vera")
        + "<p>What not to do:</p>"
        + _ul("Pop blisters", "Use butter")
    )
    assert _rows(tmp_path, "Sunburn", LONG_INTRO + donts)["remedies"] == ["Cool showers", "Aloe vera"]
    myths = "<h2>Cold remedy myths</h2>" + _ul("Vitamin C cures colds", "Feed a cold, starve a fever")
    assert _rows(tmp_path, "Colds", LONG_INTRO + myths)["remedies"] == []
    zh = (
        "<h2>食疗方法</h2><h3>1、冰糖炖梨</h3><p>材料：</p>"
        + _ul("雪梨一个", "冰糖适量")
        + "<p>做法：</p><ol><li>梨去核</li><li>加冰糖蒸半小时</li></ol><h3>2、白萝卜汤</h3><p>白萝卜切片煮水喝。</p>"
    )
    assert _rows(tmp_path, "咳嗽的食疗方", ZH_INTRO + zh, "zh")["remedies"] == ["冰糖炖梨", "白萝卜汤"]


def test_reasons_to_do_something_and_trigger_as_a_name_are_no_causes(tmp_path: Path) -> None:
    body = (
        "<h2>Why exercise?</h2>"
        + _ul("Stronger heart", "Better sleep")
        + "<h2>Why is this important?</h2>"
        + _ul("Fewer falls", "More energy")
        + "<h2>Trigger point therapy</h2>"
        + _ul("Firm pressure on knots", "Foam rollers")
    )
    rows = _rows(tmp_path, "Exercise for older adults", LONG_INTRO + body)
    assert rows == {"causes": [], "remedies": ["Firm pressure on knots", "Foam rollers"]}
    zh = (
        "<h2>为什么要接种疫苗</h2>"
        + _ul("保护自己", "保护家人")
        + "<h2>选择我们的原因</h2>"
        + _ul("专家团队", "环境舒适")
    )
    assert _rows(tmp_path, "流感疫苗接种", ZH_INTRO + zh, "zh")["causes"] == []


def test_why_questions_about_the_problem_stay_causes(tmp_path: Path) -> None:
    body = (
        "<h2>Why does my back hurt?</h2>"
        + _ul("Poor posture", "Heavy lifting")
        + "<h2>Common triggers</h2>"
        + _ul("Stress")
    )
    assert _rows(tmp_path, "Back pain", LONG_INTRO + body)["causes"] == ["Poor posture", "Heavy lifting", "Stress"]


def test_non_health_senses_of_treatment_management_easing_and_relief_are_no_remedies(tmp_path: Path) -> None:
    body = (
        "<h2>Treatment group</h2>"
        + _ul("400 adults took the pill", "Daily for a year")
        + "<h2>Easing of restrictions</h2>"
        + _ul("Shops reopen in May", "Schools in June")
        + "<h2>Water treatment</h2>"
        + _ul("Chlorine", "UV filters")
        + "<h2>Property management</h2>"
        + _ul("Rent collection", "Repairs")
    )
    assert _rows(tmp_path, "City council news", LONG_INTRO + body)["remedies"] == []
    health = "<h2>Pain management</h2>" + _ul("Heat packs", "Gentle stretching")
    assert _rows(tmp_path, "Arthritis", LONG_INTRO + health)["remedies"] == ["Heat packs", "Gentle stretching"]


def test_zh_non_health_senses_are_no_remedies(tmp_path: Path) -> None:
    body = (
        "<h2>改善营商环境</h2>"
        + _ul("简化审批流程", "减税降费")
        + "<h2>护理部简介</h2>"
        + _ul("护士120名", "开放床位300张")
        + "<h2>产品解决方案</h2>"
        + _ul("云存储", "数据分析")
    )
    assert _rows(tmp_path, "市政府工作报告摘要", ZH_INTRO + body, "zh")["remedies"] == []
    health = "<h2>家庭护理</h2>" + _ul("多喝水", "保持通风")
    assert _rows(tmp_path, "感冒", ZH_INTRO + health, "zh")["remedies"] == ["多喝水", "保持通风"]


def test_an_item_that_restates_its_sections_heading_is_no_item(tmp_path: Path) -> None:
    """A list entry or a bold lead that says the heading again (a caption, a sub-title) is no remedy."""
    heading = "<h2>Home remedies for cystitis</h2>"
    bodies = [
        heading + _ul("Home remedies for cystitis", "Cranberry juice", "Barley water"),
        heading
        + "<p><b>Home remedies for cystitis</b> are many, and these two are the best known.</p>"
        + _ul("Cranberry juice", "Barley water"),
    ]
    for body in bodies:
        assert _rows(tmp_path, "Cystitis", LONG_INTRO + body)["remedies"] == ["Cranberry juice", "Barley water"]
