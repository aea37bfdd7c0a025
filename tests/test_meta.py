"""Page-level facts: the visible headline, the canonical url and the set-apart lead."""

from __future__ import annotations

import pytest

from pagesift.extract.meta import canonical_url, headline, lead_text
from pagesift.extract.noise import MARK
from pagesift.extract.page import parse_html


def page(html: str):
    return parse_html(html)


# --- headline -----------------------------------------------------------------------------------


def test_headline_is_the_h1_not_the_title_with_its_suffix() -> None:
    tree = page("""<html><head><title>Plantar fasciitis - Symptoms and causes - Mayo Clinic</title></head>
<body><article><h1>Plantar fasciitis</h1><p>Heel pain that is worst in the morning.</p></article></body></html>""")
    assert headline(tree) == "Plantar fasciitis"


def test_a_channel_h1_gives_way_to_the_heading_that_heads_the_article() -> None:
    tree = page("""<html><head><title>Alzheimer's Disease Genetics - Example Health</title></head><body>
<h1>Alzheimer's Disease Health Center</h1><h2>Who Gets Alzheimer's? Genes Hold Key</h2>
<p>By Ann Lee</p><p>Researchers studied thousands of twins in Sweden to learn how much of the risk of the
disease comes from genes and how much from the life people lead, and the answer surprised them.</p>
<h3>When one twin has it</h3><p>More prose.</p></body></html>""")
    assert headline(tree) == "Who Gets Alzheimer's? Genes Hold Key"


def test_a_column_named_by_the_title_gives_way_to_the_bold_line_that_heads_it() -> None:
    tree = page("""<html><head><title>Ask The Doctor</title></head><body><table><tr><td>
<a href="/"><img src="logo.gif"></a><p><img src="column.gif"><p><strong>To Scan Or Not To Scan</strong>
<p><i>This month's responses are provided by a radiologist who is the medical director of an imaging
center that works with the hospital and a well-established radiology practice nearby.</i></td></tr></table>
</body></html>""")
    assert headline(tree) == "To Scan Or Not To Scan"
    plain = page(
        "<html><head><title>Ask The Doctor</title></head><body><p>" + "Prose words here. " * 20 + "</p></body></html>"
    )
    assert headline(plain) == "Ask The Doctor"  # nothing heads the body: the channel's name stays


def test_headline_skips_a_masthead_h1_in_the_header() -> None:
    tree = page("""<html><head><title>Tinnitus: why your ears ring | Health Daily</title></head><body>
<header><h1><a href="/">Health Daily</a></h1></header>
<article><h1>Tinnitus: why your ears ring</h1><p>Body.</p></article></body></html>""")
    assert headline(tree) == "Tinnitus: why your ears ring"


def test_h1_that_is_the_site_logo_gives_way_to_the_h2_headline() -> None:
    tree = page("""<html lang="zh-CN"><head><title>胃痛怎么办？教你5个缓解方法_39健康网_疾病</title></head><body>
<div class="logo"><h1>39健康网</h1></div>
<div class="art"><h2>胃痛怎么办？教你5个缓解方法</h2><p>正文内容。</p></div></body></html>""")
    assert headline(tree) == "胃痛怎么办？教你5个缓解方法"


def test_h1_that_is_the_title_suffix_gives_way_to_the_h2_headline() -> None:
    tree = page("""<html><head><title>胃痛怎么办？教你5个缓解方法_39健康网</title></head><body>
<h1>39健康网</h1><div class="channel"><h2>疾病百科</h2></div>
<div class="art"><h2>胃痛怎么办？教你5个缓解方法</h2><p>正文内容。</p></div></body></html>""")
    assert headline(tree) == "胃痛怎么办？教你5个缓解方法"


def test_h1_that_is_the_og_site_name_gives_way_to_the_h2_headline() -> None:
    tree = page("""<html><head><title>Why you get hiccups</title>
<meta property="og:site_name" content="WellBlog"><meta property="og:title" content="Why you get hiccups"></head>
<body><h1>WellBlog</h1><main><h2>Why you get hiccups</h2><p>Body.</p></main></body></html>""")
    assert headline(tree) == "Why you get hiccups"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Why you crave sugar in the afternoon | Healthline", "Why you crave sugar in the afternoon"),
        ("秋季腹泻怎么办_育儿频道_健康网", "秋季腹泻怎么办"),
        ("秋季腹泻怎么办-育儿频道-健康网", "秋季腹泻怎么办"),
        ("秋季腹泻怎么办丨快乐健康", "秋季腹泻怎么办"),
        ("COVID-19 vaccines for children｜Health News", "COVID-19 vaccines for children"),
        ("Night leg cramps: causes and fixes - Health News", "Night leg cramps: causes and fixes"),
        ("Dry cough that won't go away — Family Doctor", "Dry cough that won't go away"),
        ("Self-care for a sore throat", "Self-care for a sore throat"),
    ],
)
def test_without_h1_the_title_loses_its_site_suffix(title: str, expected: str) -> None:
    tree = page(f"<html><head><title>{title}</title></head><body><p>Body text.</p></body></html>")
    assert headline(tree) == expected


def test_without_h1_og_title_is_preferred_to_the_title() -> None:
    tree = page("""<html><head><title>Health News - Latest stories</title>
<meta property="og:title" content="Walking after dinner helps blood sugar - Health News"></head>
<body><p>Body.</p></body></html>""")
    assert headline(tree) == "Walking after dinner helps blood sugar"


def test_h1_in_the_articles_own_header_is_the_headline() -> None:
    tree = page("""<html lang="en"><head><title>Sugar cravings: 7 causes and how to stop them | WellBlog</title></head>
<body><header class="site-header"><p class="site-title"><a href="/">WellBlog</a></p></header>
<main><article><header class="entry-header"><h1 class="entry-title">Why do I crave sugar in the afternoon?</h1></header>
<div class="entry-content"><p>Body.</p></div></article></main></body></html>""")
    assert headline(tree) == "Why do I crave sugar in the afternoon?"


def test_h1_linking_to_the_absolute_home_page_is_the_site_name() -> None:
    tree = page("""<html><head><title>胃痛怎么办？教你5个缓解方法_健康频道</title></head><body>
<div id="top"><h1><a href="https://www.example.cn/">快乐健康网</a></h1></div>
<div class="art"><h2>胃痛怎么办？教你5个缓解方法</h2><p>正文内容。</p></div></body></html>""")
    assert headline(tree) == "胃痛怎么办？教你5个缓解方法"


def test_a_title_that_opens_with_the_site_name_claims_its_other_part() -> None:
    tree = page("""<html><head><title>Example.com: Mind Pages - Light against winter blues</title></head>
<body><p>Body text.</p></body></html>""")
    assert headline(tree) == "Light against winter blues"
    zh = page("<html><head><title>快乐健康网 - 秋季腹泻怎么办</title></head><body><p>正文。</p></body></html>")
    assert headline(zh) == "秋季腹泻怎么办"
    named = page("""<html><head><title>WellBlog | Why you get hiccups</title>
<meta property="og:site_name" content="WellBlog"></head><body><p>Body.</p></body></html>""")
    assert headline(named) == "Why you get hiccups"


def test_without_h1_the_line_that_shows_the_title_gives_its_wording() -> None:
    bold = page("""<html><head><title>Autism signs and symptoms in children</title></head><body>
<p><b>Welcome</b></p><table><tr><td><strong>Autism Signs &amp; Symptoms</strong></td></tr>
<tr><td><p>Prose.</p></td></tr></table></body></html>""")
    assert headline(bold) == "Autism Signs & Symptoms"
    large = page("""<html><head><title>Example.com: Mind Pages - Light against winter blues</title></head><body>
<table><tr><td><font size="+1">Light Against Winter Blues</font></td></tr></table></body></html>""")
    assert headline(large) == "Light Against Winter Blues"
    classed = page("""<html><head><title>About Back Pain|Health News</title></head><body>
<div class="site"><h2>Live better</h2></div><td class="contentheading"><a href="/back/1">About back pain</a></td>
</body></html>""")
    assert headline(classed) == "About back pain"


def test_the_line_with_the_same_words_wins_over_the_bold_block_that_holds_it_and_its_byline() -> None:
    tree = page("""<html><head><title>Autism and its early warning signs</title></head><body>
<b><font size="4">Autism and Its Early Warning Signs</font><br>by Ann Lee</b><p>Prose.</p>
<b>Early warning signs of autism in young children</b></body></html>""")
    assert headline(tree) == "Autism and Its Early Warning Signs"


def test_without_h1_a_heading_worded_apart_from_the_title_is_the_headline() -> None:
    tree = page("""<html><head><title>Alzheimer's Has More Related Genes - Example Health</title></head><body>
<h2>Also on Example</h2><div class="article"><h2>Scientists Spot More Genes Related to Alzheimer's</h2>
<p>Text.</p></div></body></html>""")
    assert headline(tree) == "Scientists Spot More Genes Related to Alzheimer's"
    unrelated = page("""<html><head><title>Alzheimer's Has More Related Genes</title></head><body>
<h2>Genes</h2><p>Text.</p></body></html>""")
    assert headline(unrelated) == "Alzheimer's Has More Related Genes"  # a heading half the title's length is not it


def test_an_og_title_that_is_the_site_name_claims_nothing() -> None:
    tree = page("""<html><head><title>Why you get hiccups | WellBlog</title><meta property="og:title" content="WellBlog">
</head><body><p>Body.</p></body></html>""")
    assert headline(tree) == "Why you get hiccups"
    twitter = page("""<html><head><title>WellBlog</title><meta name="twitter:title" content="Why you get hiccups">
</head><body><div><b>Why You Get Hiccups</b></div><p>Body.</p></body></html>""")
    assert headline(twitter) == "Why You Get Hiccups"


def test_a_part_one_title_claims_is_no_site_name_for_another() -> None:
    tree = page("""<html><head><title>Is football violence a crime? - Daily Paper</title>
<meta property="og:title" content="Opinion | Is football violence a crime?"></head><body>
<h1><a href="/opinion">Opinion</a></h1><article><h1>Is football violence a crime?</h1><p>Body.</p></article>
</body></html>""")
    assert headline(tree) == "Is football violence a crime?"


def test_an_h1_in_a_page_header_is_the_headline_when_the_title_says_it() -> None:
    tree = page("""<html><head><title>Why you get hiccups - WellBlog</title></head><body>
<div><header class="css-1x"><h1>Why you get hiccups</h1></header><p>Body.</p></div>
<h2>More stories</h2></body></html>""")
    assert headline(tree) == "Why you get hiccups"
    masthead = page("""<html><head><title>Hiccups explained</title></head><body>
<header><h1>Everyday Health</h1></header><h2>Hiccups explained</h2><p>Body.</p></body></html>""")
    assert headline(masthead) == "Hiccups explained"


def test_a_section_before_the_headline_in_the_title_gives_way_to_the_longest_part_an_h1_says() -> None:
    tree = page("""<html><head><title>Opinion | Why we should all walk more - Daily Paper</title>
<meta property="og:title" content="Opinion | Why we should all walk more"></head><body>
<header><h1>Why we should all walk more</h1></header><p>Body.</p></body></html>""")
    assert headline(tree) == "Why we should all walk more"
    logo = page("""<html><head><title>Hiccups | WellBlog</title></head><body><h1>WellBlog</h1>
<h2>Hiccups</h2><p>Body.</p></body></html>""")
    assert headline(logo) == "Hiccups"


def test_an_h1_inside_the_link_home_is_the_logo() -> None:
    tree = page("""<html><head><title>Why you get hiccups</title></head><body>
<div id="top"><a href="/"><h1>Everyday Health</h1></a></div>
<div class="story"><h2>Why you get hiccups</h2><p>Body.</p></div></body></html>""")
    assert headline(tree) == "Why you get hiccups"


def test_an_h1_shaped_like_a_site_name_is_the_logo_unless_the_title_claims_it() -> None:
    tree = page("""<html><head><title>Why you get hiccups</title></head><body><h1>WellBlog.com</h1>
<h2>Why you get hiccups</h2><p>Body.</p></body></html>""")
    assert headline(tree) == "Why you get hiccups"
    zh = page("""<html><head><title>秋季腹泻怎么办</title></head><body><div><h1>快乐健康网</h1></div>
<div class="art"><h2>秋季腹泻怎么办</h2><p>正文内容。</p></div></body></html>""")
    assert headline(zh) == "秋季腹泻怎么办"
    claimed = page("""<html><head><title>Early signs of autism by Example.com</title></head><body>
<h1>Early signs of autism by Example.com</h1><p>Body.</p></body></html>""")
    assert headline(claimed) == "Early signs of autism by Example.com"


def test_of_several_h1s_the_one_the_title_claims_is_the_headline() -> None:
    tree = page("""<html><head><title>Why you get hiccups - WellBlog</title></head><body>
<div class="top"><h1>Everyday Health</h1></div><article><h1>Why do we get hiccups?</h1><p>Body.</p></article>
</body></html>""")
    assert headline(tree) == "Why do we get hiccups?"
    unclaimed = page("""<html><head><title>Personal Wellness</title></head><body><h1>Everyday Health</h1>
<h1>Why do we get hiccups?</h1><p>Body.</p></body></html>""")
    assert headline(unclaimed) == "Everyday Health"  # nothing tells them apart: the first


def test_an_h1_hidden_from_the_reader_is_not_the_headline() -> None:
    tree = page("""<html><head><title>Why you get hiccups</title></head><body>
<div class="top"><h1 class="sr-only">Everyday Health</h1></div>
<main><h2>Why you get hiccups</h2><p>Body.</p></main></body></html>""")
    assert headline(tree) == "Why you get hiccups"
    shown = page("""<html><head><title>Why you get hiccups</title></head><body>
<h1 class="hidden-xs">Everyday Health</h1><h2>Why you get hiccups</h2><p>Body.</p></body></html>""")
    assert headline(shown) == "Everyday Health"  # hidden on small screens only: a reader sees it


PROSE = "Many people who drink too much never get any help for it, and the help they get is rarely tested. " * 2


def test_a_title_shown_nowhere_gives_way_to_the_heading_above_the_first_prose() -> None:
    tree = page(f"""<html><head><title>Personal Wellness</title></head><body>
<p><strong>Main Menu:</strong></p><p><a href="/a">Home</a> <a href="/b">News</a></p>
<p><a href="/ad"><strong>Best offer on the market</strong></a></p>
<p><b><font size="3">Preventive Services for Healthy Living<br></font></b><font size="2"><br>
<b>What can I do to keep myself healthy?<br></b><br>{PROSE}</font></p></body></html>""")
    assert headline(tree) == "Preventive Services for Healthy Living"
    prose_first = page(
        f"<html><head><title>Personal Wellness</title></head><body><p>{PROSE}</p>"
        "<h2>Diet</h2><p>More.</p></body></html>"
    )
    assert headline(prose_first) == "Personal Wellness"
    inline = page(
        f"<html><head><title>Personal Wellness</title></head><body><p><b>Note</b> that {PROSE}</p></body></html>"
    )
    assert headline(inline) == "Personal Wellness"  # a bold run that opens a sentence is no heading


# --- canonical_url ------------------------------------------------------------------------------


def test_canonical_link_wins_over_og_url() -> None:
    tree = page("""<html><head><link rel="canonical" href="https://www.example.com/health/gout">
<meta property="og:url" content="https://m.example.com/gout"></head><body></body></html>""")
    assert canonical_url(tree) == "https://www.example.com/health/gout"


def test_og_url_when_there_is_no_canonical_link() -> None:
    tree = page("""<html><head><meta property="og:url" content=" https://www.example.com/health/gout "></head>
<body></body></html>""")
    assert canonical_url(tree) == "https://www.example.com/health/gout"


def test_relative_canonical_is_ignored_for_og_url() -> None:
    tree = page("""<html><head><link rel="canonical" href="/health/gout">
<meta property="og:url" content="https://www.example.com/health/gout"></head><body></body></html>""")
    assert canonical_url(tree) == "https://www.example.com/health/gout"


@pytest.mark.parametrize(
    "head",
    [
        '<link rel="canonical" href="/health/gout">',
        '<link rel="canonical" href="javascript:void(0)">',
        '<link rel="canonical" href="https://">',
        '<link rel="stylesheet" href="https://www.example.com/site.css">',
        "",
    ],
)
def test_no_usable_canonical_url(head: str) -> None:
    assert canonical_url(page(f"<html><head>{head}</head><body></body></html>")) is None


# --- lead_text ----------------------------------------------------------------------------------


def test_lead_with_core_tip_label_removed() -> None:
    tree = page("""<html><body><div class="art"><h1>秋季腹泻</h1><div class="info">来源：健康网</div>
<p>核心提示：秋季腹泻多由轮状病毒引起，多见于6个月至2岁的婴幼儿，家长要注意。</p>
<p>一、秋季腹泻的原因</p></div></body></html>""")
    assert lead_text(tree) == "秋季腹泻多由轮状病毒引起，多见于6个月至2岁的婴幼儿，家长要注意。"


def test_lead_in_a_summary_box_with_a_bold_label() -> None:
    tree = page("""<html><body><div class="art"><h1>秋季腹泻</h1>
<div class="summary"><strong>导读：</strong>秋季腹泻多由轮状病毒引起，多见于6个月至2岁的婴幼儿。</div>
<p>正文。</p></div></body></html>""")
    assert lead_text(tree) == "秋季腹泻多由轮状病毒引起，多见于6个月至2岁的婴幼儿。"


def test_english_standfirst_class() -> None:
    tree = page("""<html><body><article><h1>Dry cough</h1>
<p class="standfirst">A dry cough that lingers after a cold is common and usually harmless.</p>
<p>Body.</p></article></body></html>""")
    assert lead_text(tree) == "A dry cough that lingers after a cold is common and usually harmless."


def test_no_lead_when_nothing_is_set_apart() -> None:
    tree = page("""<html><body><article><h1>Dry cough</h1>
<p>A dry cough that lingers after a cold is common and usually harmless.</p></article></body></html>""")
    assert lead_text(tree) == ""


def test_leads_in_chrome_marked_noise_or_too_short_are_skipped() -> None:
    tree = page(f"""<html><body>
<header><p>核心提示：本站所有文章仅供参考，不作为诊断及医疗依据。</p></header>
<div class="summary" {MARK}="links">Related: ten reasons your neck is stiff in the morning.</div>
<p class="lead">Short lead.</p>
<article><h1>Dry cough</h1><p>Body.</p></article></body></html>""")
    assert lead_text(tree) == ""


def test_labelled_lead_is_only_the_labelled_paragraph() -> None:
    tree = page("""<html><body><h1>秋季腹泻怎么办</h1><div class="content">
<p>核心提示：秋季腹泻多由轮状病毒引起，多见于6个月至2岁的婴幼儿。</p>
<p>一、秋季腹泻的原因</p>
<p>（1）轮状病毒感染：秋冬季节是轮状病毒流行的高峰期。</p></div></body></html>""")
    assert lead_text(tree) == "秋季腹泻多由轮状病毒引起，多见于6个月至2岁的婴幼儿。"


def test_lead_image_caption_is_not_a_lead() -> None:
    tree = page("""<html><body><article><h1>Stiff neck</h1>
<div class="lead-image"><img src="/n.jpg"><p>A woman rubbing her stiff neck at her desk. Photo: Getty Images</p></div>
<h2>Causes</h2><p>Sleeping awkwardly is the most common cause.</p></article></body></html>""")
    assert lead_text(tree) == ""


def test_the_dek_in_the_articles_own_header_not_a_cards_teaser() -> None:
    tree = page("""<html><body><header class="site"><p class="description">The site for health news.</p></header>
<article><header class="post"><h1>Student dies after diet pills</h1>
<p class="description"><b>An inquest into her death has been adjourned until July.</b></p></header>
<p>Body of the story.</p></article>
<div data-pagesift-noise="links"><div class="card"><p class="excerpt">Short nights can set off a headache.</p></div></div>
</body></html>""")
    assert lead_text(tree) == "An inquest into her death has been adjourned until July."


def test_a_headline_that_ends_like_a_channel_name_is_still_the_headline() -> None:
    tree = page(
        "<html><body><h1>Town opens new community health center</h1><h2>Mayor cuts the ribbon</h2>"
        "<p>Body.</p></body></html>"
    )
    assert headline(tree) == "Town opens new community health center"
    generic = page(
        "<html><body><h1>Back Pain Health Center</h1><h2>Overview</h2><h2>Why does my back hurt?</h2>"
        "<p>Body.</p></body></html>"
    )
    assert headline(generic) == "Why does my back hurt?"


def test_a_title_classed_or_styled_line_above_the_prose_heads_it_when_the_title_is_the_site_name() -> None:
    prose = "秋季腹泻多见于婴幼儿，家长要注意补充水分，并及时就医，不要自行给孩子服用止泻药物，以免耽误病情。"
    tree = page(f"""<html><head><title>快乐健康</title></head><body><div class="nav"><a href="/">首页</a></div>
<div class="art_title">秋季腹泻怎么办</div><div class="info">2024-01-02 来源：本站</div><p>{prose}</p></body></html>""")
    assert headline(tree) == "秋季腹泻怎么办"
    styled = page(f"""<html><head><title>Example Health</title></head><body>
<p><span style="font-size: 22px">Why you get hiccups</span></p><p>{PROSE}</p></body></html>""")
    assert headline(styled) == "Why you get hiccups"


def test_a_bold_byline_above_the_prose_is_no_headline() -> None:
    tree = page(f"""<html><head><title>Why you get hiccups | WellBlog</title></head><body>
<div class="hdr">Why you get hiccups</div><p><b>By Ann Lee</b></p><p><strong>2024-01-02</strong></p>
<p>{PROSE}</p></body></html>""")
    assert headline(tree) == "Why you get hiccups"
