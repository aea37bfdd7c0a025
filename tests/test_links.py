"""Related links: previous / next article, further-reading blocks, and their traps.

Every page is a small piece of health-site markup written inline, shaped like the pages described
in tests/gold/README.md and /work/shared/notes/real-page-patterns.md.
"""

from __future__ import annotations

import contextlib

import pytest

from pagesift.extract.links import Link, RelatedLinks, find_links, find_text_links
from pagesift.extract.page import parse_html

PAGE = "https://www.example-health.com/a/123.html"


def links_of(body: str, page_url: str | None = PAGE, head: str = "") -> RelatedLinks:
    return find_links(parse_html(f"<html><head>{head}</head><body>{body}</body></html>"), page_url)


def one(found: RelatedLinks, relation: str) -> Link | None:
    matching = [link for link in found.links if link.relation == relation]
    assert len(matching) <= 1, matching
    return matching[0] if matching else None


def title_of(found: RelatedLinks, relation: str) -> str | None:
    link = one(found, relation)
    return link.title if link else None


def recommended(found: RelatedLinks) -> list[str]:
    return [link.title for link in found.links if link.relation == "recommended"]


def recommended_urls(found: RelatedLinks) -> list[str | None]:
    return [link.url for link in found.links if link.relation == "recommended"]


ARTICLE = "<article><h1>Stiff neck</h1><p>A stiff neck usually gets better on its own in a few days.</p></article>"


# --- previous / next ----------------------------------------------------------------------------


def test_seed_arrow_markers() -> None:
    found = links_of(
        ARTICLE
        + """
<div class="pre-next">
<p>&lt;&lt;: <a href="/a/122.html">What are the symptoms of insomnia? Four signs of insomnia</a></p>
<p>&gt;&gt;: <a href="/a/124.html">How to effectively regulate poor blood circulation</a></p>
</div>"""
    )
    assert one(found, "previous") == Link(
        "previous",
        "What are the symptoms of insomnia? Four signs of insomnia",
        None,
        "https://www.example-health.com/a/122.html",
    )
    assert one(found, "next") == Link(
        "next", "How to effectively regulate poor blood circulation", None, "https://www.example-health.com/a/124.html"
    )
    assert recommended(found) == []


def test_chinese_markers_before_the_link() -> None:
    found = links_of("""
<div class="content"><h1>手脚冰凉怎么办</h1><p>正文内容。</p></div>
<div class="page-turn">
<p>上一篇：<a href="/jb/2021/0301/1.html">手脚冰凉吃什么好</a></p>
<p>下一篇：<a href="/jb/2021/0303/3.html">冬季如何预防感冒</a></p>
</div>""")
    assert one(found, "previous") == Link(
        "previous", "手脚冰凉吃什么好", None, "https://www.example-health.com/jb/2021/0301/1.html"
    )
    assert one(found, "next") == Link(
        "next", "冬季如何预防感冒", None, "https://www.example-health.com/jb/2021/0303/3.html"
    )


def test_bracketed_markers_on_one_line() -> None:
    found = links_of("""
<div class="content"><p>正文内容。</p></div>
<div class="fy">【上一篇】<a href="/x/1.html">高血压吃什么好</a>【下一篇】<a href="/x/3.html">高血压的早期症状</a></div>""")
    assert title_of(found, "previous") == "高血压吃什么好"
    assert title_of(found, "next") == "高血压的早期症状"
    assert one(found, "next").url == "https://www.example-health.com/x/3.html"


def test_marker_inside_the_link_text_and_date_prefix_removed() -> None:
    found = links_of("""
<div class="content"><p>正文内容。</p></div>
<ul class="pn"><li><a href="/a/1.html">上一篇：2021-03-01 手脚冰凉吃什么好</a></li>
<li><a href="/a/3.html">下一篇：冬季如何预防感冒</a></li></ul>""")
    assert title_of(found, "previous") == "手脚冰凉吃什么好"
    assert title_of(found, "next") == "冬季如何预防感冒"


def test_rel_prev_and_next() -> None:
    found = links_of(
        ARTICLE
        + """
<div class="post-links">
<a rel="prev" href="https://blog.example.com/dry-skin">Winter dry skin: what helps</a>
<a rel="next" href="https://blog.example.com/sugar">Why we crave sugar</a>
</div>"""
    )
    assert one(found, "previous") == Link(
        "previous", "Winter dry skin: what helps", None, "https://blog.example.com/dry-skin"
    )
    assert one(found, "next") == Link("next", "Why we crave sugar", None, "https://blog.example.com/sugar")


def test_previous_article_buttons_with_title_spans() -> None:
    found = links_of(
        ARTICLE
        + """
<div class="article-nav">
<a class="btn" href="/health/hiccups"><span>Previous article</span>
<span class="title">How to stop hiccups fast</span></a>
<a class="btn" href="/health/cough"><span>Next article</span><span class="title">Dry cough that won't go away</span></a>
</div>"""
    )
    assert title_of(found, "previous") == "How to stop hiccups fast"
    assert title_of(found, "next") == "Dry cough that won't go away"
    assert one(found, "previous").url == "https://www.example-health.com/health/hiccups"


def test_wordpress_post_navigation() -> None:
    found = links_of(
        ARTICLE
        + """
<div class="navigation post-navigation">
<div class="nav-previous"><a href="/dry-skin/" rel="prev"><span class="meta-nav">Previous Post</span>
<span class="post-title">Winter dry skin: what helps</span></a></div>
<div class="nav-next"><a href="/sugar/" rel="next"><span class="meta-nav">Next Post</span>
<span class="post-title">Why we crave sugar</span></a></div>
</div>"""
    )
    assert title_of(found, "previous") == "Winter dry skin: what helps"
    assert title_of(found, "next") == "Why we crave sugar"


def test_arrow_previous_post_marker_leaves_the_title_alone() -> None:
    found = links_of(
        ARTICLE
        + """
<div class="post-nav"><a href="/shoulders/" rel="prev">« Previous Post: Sore shoulders after sleep</a>
<a href="/neck/" rel="next">Next Post: Stiff neck remedies »</a></div>"""
    )
    assert title_of(found, "previous") == "Sore shoulders after sleep"
    assert title_of(found, "next") == "Stiff neck remedies"


def test_buttons_that_name_no_article_give_no_link_but_are_the_pager() -> None:
    """ "« Previous Post" alone names no article: no link (not one titled "Post"), and its box is
    still navigation, kept out of the article's text."""
    found = links_of(
        ARTICLE
        + """
<div class="post-navigation"><a href="/spotlight-adam/" rel="prev">« Previous Post</a>
<a href="/spotlight-marc/" rel="next">Next Post »</a></div>"""
    )
    assert found.links == []
    assert {block.get("class") for block in found.blocks} == {"post-navigation"}


def test_a_label_span_beside_the_title_span_with_a_scripted_url() -> None:
    """A box a script opens (no link: its url in data-url), its marker a label of its own."""
    found = links_of(
        ARTICLE
        + """
<div class="album_read_nav">
<div class="album_read_nav_prev" data-url="/s?mid=2650128790"><span class="label">上一篇</span><span class="title">秋冬季节鼻炎高发，这份护鼻指南请收好</span></div>
<div class="album_read_nav_next" data-url="javascript:void(0)"><span class="label">下一篇</span><span class="title">耳鸣是怎么回事？</span></div>
</div>"""
    )
    previous, following = one(found, "previous"), one(found, "next")
    assert previous is not None and previous.title == "秋冬季节鼻炎高发，这份护鼻指南请收好"
    assert previous.url == "https://www.example-health.com/s?mid=2650128790"
    assert following is not None and following.title == "耳鸣是怎么回事？" and following.url is None
    assert {block.get("class") for block in found.blocks} == {"album_read_nav_prev", "album_read_nav_next"}


def test_a_buttons_word_in_a_child_of_its_own() -> None:
    """The button's word alone in the link's first child, the title after it (a title-classed
    child wins when the button holds more words: Elementor's "Prev" and "Previous")."""
    found = links_of(
        ARTICLE
        + """
<div class="nav"><a href="/a/1.html"><span>Previous</span><span>Sore shoulders</span></a>
<a href="/a/2.html"><span class="arrow"><i class="fa"></i><span class="screen-only">Next</span></span>
<span><span class="next--label">Next</span><span class="next--title">Neck pain at night</span></span></a></div>"""
    )
    assert title_of(found, "previous") == "Sore shoulders"
    assert title_of(found, "next") == "Neck pain at night"


@pytest.mark.parametrize(
    ("before", "after"), [("上篇：", "下篇："), ("前一篇：", "后一篇："), ("【上一条】", "【下一条】")]
)
def test_other_chinese_markers(before: str, after: str) -> None:
    found = links_of(
        ARTICLE
        + f'<p>{before}<a href="/a/1.html">肩膀酸痛怎么办</a></p><p>{after}<a href="/a/2.html">颈椎病的症状</a></p>'
    )
    assert (title_of(found, "previous"), title_of(found, "next")) == ("肩膀酸痛怎么办", "颈椎病的症状")


def test_prev_post_label_beside_its_link() -> None:
    found = links_of(
        ARTICLE
        + """<div class="post-nav"><div class="prev"><span>Prev Post</span><a href="/a/1.html">Sore shoulders</a></div>
<div class="next"><span>Next Post</span><a href="/a/2.html">Neck pain</a></div></div>"""
    )
    assert (title_of(found, "previous"), title_of(found, "next")) == ("Sore shoulders", "Neck pain")


def test_a_sentence_that_links_a_previous_post_stays_in_the_text() -> None:
    found = links_of(
        ARTICLE + '<p>If you missed it, read my <a href="/a/1.html">previous post</a> about sleep hygiene first.</p>'
    )
    assert found.links == [] and found.blocks == []


def test_chinese_prose_opening_with_qian_yi_pian_is_no_marker() -> None:
    found = links_of(
        ARTICLE
        + '<p>前一篇文章我们介绍了<a href="/a/1.html">失眠的原因</a>，今天说说腰痛。</p><p>后一条建议更加重要。</p>'
    )
    assert one(found, "previous") is None and one(found, "next") is None and found.blocks == []


def test_div_buttons_with_their_word_above_the_title() -> None:
    found = links_of(
        ARTICLE
        + """<nav><a href="/a/1.html"><div>Previous</div><div>How to sleep better with lower back pain</div></a>
<a href="/a/2.html"><div>Next</div><div>Neck pain at night</div></a></nav>"""
    )
    assert title_of(found, "previous") == "How to sleep better with lower back pain"
    assert title_of(found, "next") == "Neck pain at night"


def test_query_hubs_and_query_articles() -> None:
    found = links_of(
        ARTICLE
        + """<div class="related"><h3>Related</h3><ul>
<li><a href="/forum/index.php?topic=12.0">Back pain after lifting: my story</a></li>
<li><a href="/detail.php?id=1&amp;s=health">Why backs ache in winter</a></li>
<li><a href="/?s=sleep">Sleep</a></li><li><a href="/list?tag=back">Back</a></li></ul></div>"""
    )
    assert recommended(found) == ["Back pain after lifting: my story", "Why backs ache in winter"]


def test_prev_next_containers_are_handed_to_the_noise_step() -> None:
    found = links_of(
        ARTICLE
        + """
<div class="fy">【上一篇】<a href="/x/1.html">高血压吃什么好</a>【下一篇】<a href="/x/3.html">高血压的早期症状</a></div>"""
    )
    assert {block.get("class") for block in found.blocks} == {"fy"}


def test_english_pagination_is_not_prev_next() -> None:
    found = links_of(
        ARTICLE
        + """
<div class="pages"><a rel="prev" href="?page=1">&lt; Previous Page</a> <a href="?page=2">2</a>
<a rel="next" href="?page=3">Next Page &gt;</a></div>"""
    )
    assert found.links == []


def test_chinese_pagination_is_not_prev_next() -> None:
    found = links_of("""
<div class="content"><p>正文内容。</p></div>
<div class="fenye"><a href="/a/123_1.html">上一页</a> 1/2 <a href="/a/123_2.html">下一页</a></div>""")
    assert found.links == []


def test_slideshow_arrows_are_not_prev_next() -> None:
    found = links_of("""
<article><h1>Stretches for a stiff neck</h1><p>Try these stretches every morning.</p>
<div class="carousel"><h4>Stretch 1: Chin tuck</h4>
<a rel="prev" class="arrow" href="/slides/neck/1">Previous</a>
<a rel="next" class="arrow" href="/slides/neck/3">Next</a></div>
<div class="gallery-wrap"><h4>Stretch 2: Side tilt</h4>
<a class="arrow" href="/slides/neck/2">Previous</a><a class="arrow" href="/slides/neck/4">Next</a></div>
</article>""")
    assert found.links == []


def test_next_back_to_list_means_no_next() -> None:
    found = links_of("""
<div class="content"><p>正文内容。</p></div>
<div class="pn"><p>上一篇：<a href="/a/1.html">小儿发烧怎么办</a></p><p>下一篇：<a href="/list/">返回列表</a></p></div>""")
    assert title_of(found, "previous") == "小儿发烧怎么办"
    assert one(found, "next") is None


def test_next_none_left_as_plain_text() -> None:
    found = links_of("""
<div class="content"><p>正文内容。</p></div>
<div class="pn"><p>上一篇：<a href="/a/1.html">小儿发烧怎么办</a></p><p>下一篇：没有了</p></div>""")
    assert title_of(found, "previous") == "小儿发烧怎么办"
    assert one(found, "next") is None


def test_breadcrumbs_with_angle_quote_separators_give_no_links() -> None:
    found = links_of(
        """
<ol class="crumbs"><li><a href="/">Home</a> ›</li><li><a href="/health">Health</a> ›</li>
<li><a href="/health/digestion">Digestion</a></li></ol>"""
        + ARTICLE
    )
    assert found.links == []


def test_breadcrumb_with_double_angle_separators_is_not_next() -> None:
    found = links_of("""
<div class="position">当前位置：<a href="/">首页</a> &gt;&gt; <a href="/ys/">养生</a> &gt;&gt; 正文</div>
<div class="content"><h1>秋季养生</h1><p>正文内容。</p></div>
<div class="pn"><p>上一篇：<a href="/ys/1.html">秋季吃什么水果好</a></p>
<p>下一篇：<a href="/ys/3.html">秋季如何预防感冒</a></p></div>""")
    assert title_of(found, "previous") == "秋季吃什么水果好"
    assert title_of(found, "next") == "秋季如何预防感冒"


def test_read_next_marker_inside_the_link_before_the_title() -> None:
    found = links_of("""
<div class="content"><p>正文内容。</p></div>
<div class="next-art"><a href="/a/3.html">阅读下一篇：冬季如何预防感冒</a></div>""")
    assert title_of(found, "next") == "冬季如何预防感冒"


def test_read_next_marker_after_the_title() -> None:
    found = links_of("""
<div class="content"><p>正文内容。</p></div>
<div class="next-art"><a href="/a/3.html"><span class="t">冬季如何预防感冒</span><span class="btn">阅读下一篇</span></a></div>""")
    assert title_of(found, "next") == "冬季如何预防感冒"


# --- recommended --------------------------------------------------------------------------------


def test_related_articles_list_dedup_self_link_and_unsafe_links() -> None:
    found = links_of("""
<article><h1>Gout</h1><p>Gout is a form of arthritis caused by too much uric acid in the blood.</p>
<div class="related-articles"><h3>Related articles</h3><ul>
<li><a href="/health/kidney-stones">Kidney stones: causes and treatment</a></li>
<li><a href="https://www.example-health.com/health/uric-acid-diet">What to eat on a low-purine diet</a></li>
<li><a href="/health/kidney-stones">Kidney stones: what you should know</a></li>
<li><a href="/a/123.html">Gout</a></li>
<li><a href="javascript:void(0)">Load more stories</a></li>
<li><a href="data:text/html;base64,PHNjcmlwdD4=">Free health guide</a></li>
</ul></div></article>""")
    assert recommended(found) == ["Kidney stones: causes and treatment", "What to eat on a low-purine diet"]
    assert recommended_urls(found) == [
        "https://www.example-health.com/health/kidney-stones",
        "https://www.example-health.com/health/uric-acid-diet",
    ]
    assert found.unsafe_dropped == 2
    assert one(found, "previous") is None and one(found, "next") is None
    assert any(block.get("class") == "related-articles" for block in found.blocks)


def test_mailto_and_tel_links_are_skipped_but_not_counted_unsafe() -> None:
    found = links_of(
        ARTICLE
        + """
<div class="related"><h3>Related</h3>
<a href="mailto:editor@example-health.com">Email the editor</a><a href="tel:+18005550100">Call our nurse line</a>
<a href="/health/neck-pain">Neck pain at night</a><a href="/health/pillows">How to choose a pillow</a></div>"""
    )
    assert recommended(found) == ["Neck pain at night", "How to choose a pillow"]
    assert found.unsafe_dropped == 0


def test_self_link_with_fragment_or_trailing_slash_is_dropped() -> None:
    found = links_of(
        """
<div class="content"><p>Body.</p></div>
<div class="related"><h3>Related</h3>
<a href="https://www.example-health.com/health/gout/#comments">Gout (jump to comments)</a>
<a href="/health/gout">Gout</a>
<a href="/health/kidney-stones">Kidney stones</a><a href="/health/uric-acid">High uric acid</a></div>""",
        page_url="https://www.example-health.com/health/gout",
    )
    assert recommended(found) == ["Kidney stones", "High uric acid"]


def test_cards_made_all_of_one_link_keep_their_title_and_teaser_apart() -> None:
    """Styled components' cards (one link holding a title line and a teaser line, classes that say
    nothing): the title is the line above the teaser; a card of two short lines keeps its text."""
    found = links_of(
        ARTICLE
        + """
<section class="css-12ka6ff"><div class="css-q4n3ad">相关推荐</div>
<a href="/article/83612" class="css-1y1l3eo"><div class="css-hh0r8x"><div class="css-1b2x8pg">尿酸高但没有症状，需要吃药吗？</div>
<div class="css-1x0zkgv">不少人体检查出尿酸高，却没有任何不舒服，这种情况到底要不要治疗…</div></div><img src="/c/1.jpg"></a>
<a href="/article/80195" class="css-1y1l3eo"><div class="css-hh0r8x"><div class="css-1b2x8pg">2024-03-01</div><div class="css-1b2x8pg">秋水仙碱怎么吃才安全</div>
<div class="css-1x0zkgv">秋水仙碱是治疗痛风的老药，但剂量掌握不好容易出现腹泻...</div></div></a>
<a href="/article/77521" class="css-1y1l3eo"><div>痛风</div><div>饮食</div></a>
<a href="/article/77523"><div>Nutrition</div><div>Ten foods that may help ease chronic back pain</div></a>
<a href="/article/77522"><div>HEALTH</div><div>Gout at night: why it flares</div><div>Most attacks begin in the small hours, and the reason is partly the cold…</div></a>
</section>"""
    )
    assert [(link.title, link.teaser) for link in found.links] == [
        ("尿酸高但没有症状，需要吃药吗？", "不少人体检查出尿酸高，却没有任何不舒服，这种情况到底要不要治疗"),
        ("秋水仙碱怎么吃才安全", "秋水仙碱是治疗痛风的老药，但剂量掌握不好容易出现腹泻"),
        ("痛风 饮食", None),
        ("Nutrition Ten foods that may help ease chronic back pain", None),  # a label over a title
        ("Gout at night: why it flares", "Most attacks begin in the small hours, and the reason is partly the cold"),
    ]


def test_a_more_link_with_a_count_is_not_an_article() -> None:
    found = links_of(
        ARTICLE
        + """
<div class="related"><h3>相关推荐</h3><ul><li><a href="/a/1.html">胃痛吃什么药好</a></li>
<li><a href="/a/2.html">胃胀气怎么快速缓解</a></li><li><a href="/list/weitong">查看全部 86 篇文章 &gt;</a></li></ul></div>
<div class="related"><h3>Related</h3><ul><li><a href="/a/3.html">Heartburn at night</a></li>
<li><a href="/a/4.html">Foods that calm the stomach</a></li><li><a href="/list">View all 12 articles</a></li></ul></div>"""
    )
    assert recommended(found) == [
        "胃痛吃什么药好",
        "胃胀气怎么快速缓解",
        "Heartburn at night",
        "Foods that calm the stomach",
    ]


def test_a_wikis_see_also_with_its_edit_control() -> None:
    found = links_of(
        ARTICLE
        + """
<h2><span class="mw-headline" id="See_also">See also</span><span class="mw-editsection">[<a href="/w/index.php?title=Sinusitis&amp;action=edit&amp;section=8">edit</a>]</span></h2>
<ul><li><a href="/wiki/Rhinitis" title="Rhinitis">Rhinitis</a></li><li><a href="/wiki/Nasal_polyp">Nasal polyp</a></li>
<li><a href="/wiki/Common_cold">Common cold</a></li></ul>"""
    )
    assert recommended(found) == ["Rhinitis", "Nasal polyp", "Common cold"]


def test_you_may_also_like_cards_with_image_title_and_teaser() -> None:
    found = links_of(
        ARTICLE
        + """
<section class="you-may-like"><h2>You may also like</h2>
<div class="card"><a href="/health/dry-eyes"><img src="/i/1.jpg" alt=""><h3>Dry eyes in winter</h3></a>
<p>Screens and heating dry out your eyes. Here is how to...</p></div>
<div class="card"><a href="/health/tinnitus"><img src="/i/2.jpg" alt=""><h3>Living with tinnitus</h3></a>
<p>Ringing in the ears affects one in seven adults…</p></div>
</section>"""
    )
    assert found.links == [
        Link(
            "recommended",
            "Dry eyes in winter",
            "Screens and heating dry out your eyes. Here is how to",
            "https://www.example-health.com/health/dry-eyes",
        ),
        Link(
            "recommended",
            "Living with tinnitus",
            "Ringing in the ears affects one in seven adults",
            "https://www.example-health.com/health/tinnitus",
        ),
    ]


def test_card_with_separate_image_and_title_links_keeps_its_teaser() -> None:
    found = links_of(
        ARTICLE
        + """
<section class="you-may-like"><h2>You may also like</h2>
<div class="card"><a href="/health/dry-eyes"><img src="/i/1.jpg" alt=""></a>
<h3><a href="/health/dry-eyes">Dry eyes in winter</a></h3>
<p>Screens and heating dry out your eyes. Here is how to...</p></div>
<div class="card"><a href="/health/tinnitus"><img src="/i/2.jpg" alt=""></a>
<h3><a href="/health/tinnitus">Living with tinnitus</a></h3>
<p>Ringing in the ears affects one in seven adults…</p></div>
</section>"""
    )
    assert recommended(found) == ["Dry eyes in winter", "Living with tinnitus"]
    assert [link.teaser for link in found.links] == [
        "Screens and heating dry out your eyes. Here is how to",
        "Ringing in the ears affects one in seven adults",
    ]


def test_guess_you_like_block_without_tag_hubs_or_more_link() -> None:
    found = links_of("""
<div class="content"><h1>气血不足怎么调理</h1><p>正文内容。</p></div>
<div class="box"><div class="tit">猜你喜欢</div><ul>
<li><a href="/jb/1.html">手脚冰凉是什么原因</a></li>
<li><a href="/jb/2.html">气血不足吃什么</a></li>
<li><a href="/tags/qixue/">气血</a></li>
<li><a href="/jb/list/">更多&gt;&gt;</a></li>
</ul></div>""")
    assert recommended(found) == ["手脚冰凉是什么原因", "气血不足吃什么"]
    assert recommended_urls(found) == [
        "https://www.example-health.com/jb/1.html",
        "https://www.example-health.com/jb/2.html",
    ]


@pytest.mark.parametrize(
    "label", ["猜你感兴趣", "你可能还喜欢", "您可能感兴趣的文章：", "点击排行", "编辑推荐", "扩展阅读", "网友都在看"]
)
def test_other_ways_of_saying_you_may_like(label: str) -> None:
    found = links_of(f"""
<div class="content"><h1>气血不足怎么调理</h1><p>正文内容。</p></div>
<div class="r-mod"><h3 class="r-h">{label}</h3><ul>
<li><a href="/jb/1.html">手脚冰凉是什么原因</a></li>
<li><a href="/jb/2.html">气血不足吃什么</a></li>
</ul></div>""")
    assert recommended(found) == ["手脚冰凉是什么原因", "气血不足吃什么"]


@pytest.mark.parametrize(
    "label",
    [
        "Suggested reading",
        "Similar articles",
        "More like this",
        "You might be interested in",
        "Read this next",
        "In case you missed it",
        "Recommended stories",
        "Recent Posts",
        "Popular on Example Health",
        "More health news",
    ],
)
def test_other_english_labels_of_further_reading(label: str) -> None:
    found = links_of(
        ARTICLE
        + f"""
<aside class="box"><h3>{label}</h3><ul>
<li><a href="/health/neck-pain">Neck pain at night</a></li><li><a href="/health/pillows">How to choose a pillow</a></li>
</ul></aside>"""
    )
    assert recommended(found) == ["Neck pain at night", "How to choose a pillow"]


def test_a_tag_list_by_its_query_and_a_ranking_menu_entry_are_not_further_reading() -> None:
    """A link to a tag's list by query ("tagsList.htm?tags=爬虫") is a topic hub; a menu entry
    naming a ranking page ("排行榜") heads no list."""
    found = links_of("""
<ul class="nav"><li><a href="/news/">新闻</a></li><li><a href="/ranking/">排行榜</a></li></ul>
<div class="content"><h1>数据业大整顿</h1><p>正文内容。</p>
<div class="tags"><a href="/tagsList.htm?tags=%E7%88%AC%E8%99%AB">爬虫</a> <a href="/tagsList.htm?tags=loan">现金贷</a></div></div>
<div class="box"><h3>相关阅读</h3><ul><li><a href="/a/1.html">个人信息几元一条</a></li>
<li><a href="/list?tag=data">数据公司</a></li><li><a href="/a/2.html">监管从年初酝酿</a></li></ul></div>""")
    assert recommended(found) == ["个人信息几元一条", "监管从年初酝酿"]


def test_a_bullet_written_into_a_links_text_is_not_its_title() -> None:
    found = links_of("""
<div class="content"><h1>气血不足怎么调理</h1><p>正文内容。</p></div>
<div class="box"><div class="tit">猜你喜欢</div><ul>
<li><a href="/jb/1.html">·手脚冰凉是什么原因</a></li><li><a href="/jb/2.html">• 气血不足吃什么</a></li>
<li><a href="/jb/3.html">- 2024-01-02 气血不足的表现</a></li></ul></div>""")
    assert recommended(found) == ["手脚冰凉是什么原因", "气血不足吃什么", "气血不足的表现"]


def test_traditional_chinese_markers_and_labels() -> None:
    found = links_of("""
<div class="content"><h1>腰麻是怎麼回事</h1><p>正文內容。</p>
<p>上一條：<a href="/a/1.html">頸椎病的早期症狀</a></p><p>下一條：<a href="/a/2.html">肩周炎怎麼辦</a></p></div>
<div class="box"><h3>相關閱讀</h3><ul><li><a href="/a/3.html">腰疼是什麼原因</a></li>
<li><a href="/a/4.html">久坐腰酸怎麼辦</a></li><li><a href="/list/">查看更多</a></li></ul></div>""")
    assert (title_of(found, "previous"), title_of(found, "next")) == ("頸椎病的早期症狀", "肩周炎怎麼辦")
    assert recommended(found) == ["腰疼是什麼原因", "久坐腰酸怎麼辦"]


def test_popular_list_without_more_and_topic_hub_links() -> None:
    found = links_of(
        ARTICLE
        + """
<aside><h3>Popular</h3><ul>
<li><a href="/health/heartburn">Heartburn at night</a></li>
<li><a href="/health/bloating">Bloating after meals</a></li>
<li><a href="/topics/digestion">Digestion</a></li>
<li><a href="/health/">More</a></li>
</ul></aside>"""
    )
    assert recommended(found) == ["Heartburn at night", "Bloating after meals"]


def test_dated_and_ranked_list_titles_lose_their_prefix() -> None:
    found = links_of("""
<div class="content"><p>正文内容。</p></div>
<div class="list"><h3>相关文章</h3><ul>
<li><a href="/a/1.html">2021-01-19癫痫病的早期症状有哪些</a></li>
<li><a href="/a/2.html">癫痫病人的饮食注意事项</a></li></ul></div>
<div class="rank"><h3>阅读排行</h3><ul>
<li><a href="/a/5.html">1 超市里的速冻饺子能放多久</a></li>
<li><a href="/a/6.html">2 喝蜂蜜水的最佳时间</a></li></ul></div>""")
    assert recommended(found) == [
        "癫痫病的早期症状有哪些",
        "癫痫病人的饮食注意事项",
        "超市里的速冻饺子能放多久",
        "喝蜂蜜水的最佳时间",
    ]


def test_a_date_beside_the_link_is_not_a_teaser() -> None:
    found = links_of("""
<div class="content"><p>正文内容。</p></div>
<div class="list"><h3>相关文章</h3><ul>
<li><a href="/a/1.html">癫痫病的早期症状有哪些</a><span>2021-01-19</span></li>
<li><a href="/a/2.html">癫痫病人的饮食注意事项</a><span>2021-01-18</span></li></ul></div>""")
    assert [link.teaser for link in found.links] == [None, None]


def test_related_story_card_inside_the_body() -> None:
    found = links_of("""
<div class="article-body"><h1>Flu vaccine clinics open</h1>
<p>Clinics across the city open this week for walk-in flu shots.</p>
<aside class="related-story"><span>Related</span>
<a href="/news/flu-season-early">Flu season arrives early this year</a></aside>
<p>Appointments are not needed, officials said.</p></div>""")
    assert recommended(found) == ["Flu season arrives early this year"]
    assert [block.get("class") for block in found.blocks] == ["related-story"]


def test_relative_urls_resolve_against_the_canonical_url() -> None:
    found = links_of(
        ARTICLE
        + """
<div class="related"><h3>Related</h3>
<a href="../neck/pillows.html">How to choose a pillow</a>
<a href="posture.html">Posture at your desk</a>
<a href="//www.example-health.com/back/numbness.html">Why is your back numb?</a></div>""",
        page_url="https://www.example-health.com/health/neck/stiff-neck.html",
    )
    assert recommended_urls(found) == [
        "https://www.example-health.com/health/neck/pillows.html",
        "https://www.example-health.com/health/neck/posture.html",
        "https://www.example-health.com/back/numbness.html",
    ]


def test_base_href_wins_over_the_canonical_url() -> None:
    found = links_of(
        ARTICLE
        + """
<div class="related"><h3>Related</h3>
<a href="health/a.html">Neck pain at night</a><a href="/health/b.html">How to choose a pillow</a></div>""",
        page_url="https://www.example-health.com/health/x/page.html",
        head='<base href="https://static.example-health.com/site/">',
    )
    assert recommended_urls(found) == [
        "https://static.example-health.com/site/health/a.html",
        "https://static.example-health.com/health/b.html",
    ]


def test_menus_and_footers_are_not_further_reading() -> None:
    found = links_of(
        """
<nav><h3>Related topics</h3><ul><li><a href="/conditions">Conditions</a></li>
<li><a href="/drugs">Drugs &amp; Supplements</a></li></ul></nav>
<header><h4>Popular</h4><a href="/conditions/diabetes">Diabetes</a>
<a href="/conditions/heart">Heart disease</a></header>
"""
        + ARTICLE
        + """
<footer><h4>More from us</h4><a href="/about">About us</a><a href="/contact">Contact</a></footer>"""
    )
    assert found.links == []
    assert found.blocks == []


def test_div_mega_menu_is_not_further_reading() -> None:
    found = links_of(
        """
<div class="mega-menu"><div class="col"><h4>Popular</h4><ul>
<li><a href="/conditions/diabetes">Diabetes</a></li><li><a href="/conditions/heart-disease">Heart disease</a></li>
</ul></div></div>"""
        + ARTICLE
    )
    assert recommended(found) == []


def test_article_body_that_mentions_related_is_not_a_block() -> None:
    body = " ".join(["Sitting all day is related to back pain, and the related stiffness can last for hours."] * 30)
    found = links_of(f"""
<div class="related-content"><h1>Back pain</h1><p>{body}</p>
<p>See <a href="/a/1.html">our guide to posture</a> and <a href="/a/2.html">this study</a>.</p></div>""")
    assert found.links == [] and found.blocks == []
    found = links_of(f"""
<div class="post"><h2>Related conditions</h2><p>{body}</p>
<p>See <a href="/a/1.html">our guide to posture</a> and <a href="/a/2.html">this study</a>.</p></div>""")
    assert found.links == [] and found.blocks == []


def test_body_section_starting_with_hot_is_not_further_reading() -> None:
    found = links_of("""
<article><h1>Stiff neck</h1><p>A stiff neck usually gets better on its own in a few days.</p>
<section><h3>Hot and cold therapy</h3>
<p>Use a <a href="/heat-pads">heating pad</a> or an <a href="/ice-packs">ice pack</a> for 15 minutes.</p></section>
<p>See a doctor if the pain spreads to your arms.</p></article>""")
    assert found.links == []
    assert found.blocks == []


def test_no_page_url_keeps_titles_without_urls() -> None:
    found = links_of(
        ARTICLE
        + """
<div class="related"><h3>Related</h3><a href="/a/1.html">Neck pain at night</a><a href="/a/2.html">Pillows</a></div>""",
        page_url=None,
    )
    assert [(link.title, link.url) for link in found.links] == [("Neck pain at night", None), ("Pillows", None)]


# --- text dumps ---------------------------------------------------------------------------------


def lines_of(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


SEED_LIKE_DUMP = """
Why does my neck feel stiff in the morning?

Why does my neck feel stiff in the morning?

A stiff neck in the morning is usually caused by the way you sleep.

1. Causes of a stiff neck

(1) Wrong pillow height: A pillow that is too high bends the neck forward all night.

2. How to relieve a stiff neck

(1) Hot compress

Apply a warm towel to the neck for fifteen minutes.

<<:  What are the symptoms of insomnia? Four signs of insomnia

>>:  How to effectively regulate poor blood circulation

Recommend

What is the cause of cervical fever?

Nowadays, many people cannot do without computers...

Causes of knee pain

The human knee joint is an important joint that s...

Types of whooping cough vaccines

Whooping cough vaccine is a vaccine injected agai...

Causes of knee pain

Acute left heart failure
"""


def test_text_dump_prev_next_and_recommend_block() -> None:
    lines = lines_of(SEED_LIKE_DUMP)
    found = find_text_links(lines)
    assert lines[found.cut_at] == "<<:  What are the symptoms of insomnia? Four signs of insomnia"
    assert found.links == [
        Link("previous", "What are the symptoms of insomnia? Four signs of insomnia", None, None),
        Link("next", "How to effectively regulate poor blood circulation", None, None),
        Link(
            "recommended",
            "What is the cause of cervical fever?",
            "Nowadays, many people cannot do without computers",
            None,
        ),
        Link("recommended", "Causes of knee pain", "The human knee joint is an important joint that s", None),
        Link(
            "recommended", "Types of whooping cough vaccines", "Whooping cough vaccine is a vaccine injected agai", None
        ),
        Link("recommended", "Acute left heart failure", None, None),
    ]


def test_chinese_text_dump_back_to_list_dates_and_disclaimer() -> None:
    lines = lines_of("""
小儿发烧怎么办
小儿发烧是儿科最常见的症状。
一、发烧的原因
（1）感染：病毒或细菌感染。
上一篇：小儿咳嗽吃什么好
下一篇：返回列表
相关文章
2021-01-19小儿积食的症状
小儿积食怎么办，家长可以试试这几个方法。。。
宝宝腹泻怎么办
声明：本站内容仅供参考，不作为诊断及医疗依据。
免责声明
""")
    found = find_text_links(lines)
    assert found.cut_at == 4
    assert found.links == [
        Link("previous", "小儿咳嗽吃什么好", None, None),
        Link("recommended", "小儿积食的症状", "小儿积食怎么办，家长可以试试这几个方法", None),
        Link("recommended", "宝宝腹泻怎么办", None, None),
    ]


def test_text_dump_without_links() -> None:
    found = find_text_links(
        lines_of("""
Walking after dinner helps blood sugar
A short walk after a meal can blunt the rise in blood sugar that follows eating.
Researchers found that even two to five minutes of light walking made a difference.
""")
    )
    assert found.links == []
    assert found.cut_at is None


def test_text_dump_item_line_hot_compress_is_not_a_recommend_heading() -> None:
    lines = lines_of("""
How to ease a stiff neck
A stiff neck usually gets better on its own within a few days.
Home remedies
Hot compress
A warm towel on the neck for fifteen minutes relaxes tight muscles.
Gentle stretches
Slowly tilt your head from side to side.
<<: Why is your back numb? Try this massage
>>: How to effectively regulate poor blood circulation
Recommend
Causes of knee pain
The human knee joint is an important joint that s...
""")
    found = find_text_links(lines)
    assert lines[found.cut_at] == "<<: Why is your back numb? Try this massage"
    assert [(link.relation, link.title) for link in found.links] == [
        ("previous", "Why is your back numb? Try this massage"),
        ("next", "How to effectively regulate poor blood circulation"),
        ("recommended", "Causes of knee pain"),
    ]


@pytest.mark.parametrize(
    "marker",
    [
        "<<:",
        ">>:",
        "Previous article",
        "Next post",
        "Older post",
        "Newer post",
        "上一篇：",
        "下一篇：",
        "上一条：",
        "【下一篇】",
        "阅读下一篇",
    ],
)
def test_every_marker_passes_the_cheap_pre_check(marker: str) -> None:
    """The pre-check words (rules MARKER_WORDS) must cover every marker, or its links are skipped."""
    from pagesift.extract.links import _marker
    from pagesift.extract.rules import compiled

    assert _marker(f"{marker} A title")[0] is not None
    assert compiled().marker_hint.search(marker)


# --- further reading by shape -------------------------------------------------------------------


def test_a_list_of_headlines_under_a_channel_name_is_further_reading() -> None:
    """No recommend word in its heading ("Celebs", "健康资讯", or none): several links to other
    articles of the site that read as headlines, mostly links, make a further-reading block."""
    found = links_of(
        ARTICLE + "<div class='box'><h3>Celebs</h3><ul>"
        "<li><a href='/a/201.html'>Five stretches that ease a stiff neck</a></li>"
        "<li><a href='https://m.example-health.com/a/202.html'>When neck pain means a trip to the doctor</a></li>"
        "<li><a href='/a/203.html'>How to choose a pillow for side sleepers</a><span>2 days ago</span></li>"
        "<li><a href='/a/204.html'>Why your neck hurts after a long flight</a></li>"
        "</ul></div>"
        "<div><a href='/a/301.html'>颈椎病能不能练瑜伽</a><a href='/a/302.html'>手麻是颈椎病的信号吗</a>"
        "<a href='/a/303.html'>落枕了怎么办？3个方法快速缓解</a><a href='/a/304.html'>低头族如何保护颈椎</a></div>"
    )
    assert recommended(found) == [
        "Five stretches that ease a stiff neck",
        "When neck pain means a trip to the doctor",
        "How to choose a pillow for side sleepers",
        "Why your neck hurts after a long flight",
        "颈椎病能不能练瑜伽",
        "手麻是颈椎病的信号吗",
        "落枕了怎么办？3个方法快速缓解",
        "低头族如何保护颈椎",
    ]
    assert len(found.blocks) == 2  # handed to the noise step: never items of the article


def test_menus_ads_profiles_and_other_sites_are_not_further_reading_by_shape() -> None:
    found = links_of(
        ARTICLE + "<div><a href='/diet/'>Diet</a><a href='/sleep/'>Sleep</a><a href='/a/1.html'>Health Concern</a>"
        "<a href='/drugs/'>Drugs</a></div>"  # a menu: short anchors
         + "<ul class='side-ad'><li><a href='/hospital/1.html'>Guangzhou Huaxia Dermatology Hospital</a></li>"
        "<li><a href='/hospital/2.html'>Shanghai Changzheng Hospital online booking</a></li>"
        "<li><a href='/hospital/3.html'>Which hospital is good for gastroenteritis</a></li></ul>"
        + "<ul><li><a href='/doctor/1/'><b>王建国</b> <span>主任医师</span> <em>骨科</em></a></li>"
        "<li><a href='/doctor/2/'><b>刘慧敏</b> <span>副主任医师</span> <em>神经内科</em></a></li>"
        "<li><a href='/doctor/3/'><b>陈志强</b> <span>主任医师</span> <em>消化内科</em></a></li></ul>"
        + "<ul><li><a rel='nofollow' href='/go/1'>Lose ten pounds with this one trick</a></li>"
        "<li><a rel='nofollow' href='/go/2'>Doctors hate this simple knee fix</a></li>"
        "<li><a rel='nofollow sponsored' href='/go/3'>The pillow every neck needs now</a></li></ul>"
        + "<ul><li><a href='https://other-site.example.org/x/1'>A story from another site entirely</a></li>"
        "<li><a href='https://other-site.example.org/x/2'>Another story from that other site</a></li>"
        "<li><a href='https://other-site.example.org/x/3'>A third story from the other site</a></li></ul>"
    )
    assert recommended(found) == []


def test_an_article_paragraph_with_several_links_is_not_further_reading() -> None:
    prose = "A stiff neck usually gets better on its own in a few days, and gentle movement helps. " * 4
    found = links_of(
        "<article><h1>Stiff neck</h1><div><p>"
        + prose
        + "See <a href='/a/1.html'>how to sleep with neck pain</a>, <a href='/a/2.html'>which pillow to buy "
        "for neck pain</a> and <a href='/a/3.html'>when to see a doctor about it</a>.</p></div></article>"
    )
    assert recommended(found) == []


def test_a_body_of_text_with_inline_promos_is_not_further_reading_by_shape() -> None:
    """News bodies without <p> tags hold promos of other stories between their lines: a quarter
    of the text is links, not most of it."""
    line = "The suspect was convicted and sentenced last Thursday after a trial of two weeks. "
    found = links_of(
        "<h1>Girl rescued</h1><div>"
        + line * 3
        + "<a href='/a/1.html'>Help shape the future of public transit</a><br>"
        + line * 3
        + "<a href='/a/2.html'>Man shot at a gas station dies at hospital</a><br>"
        + line * 3
        + "<a href='/a/3.html'>Police search for the driver in a hit and run</a></div>"
    )
    assert recommended(found) == []


def test_previous_and_next_written_as_text_without_a_link() -> None:
    found = links_of(
        ARTICLE
        + "<div class='page-turn'><p>上一篇：失眠的症状有哪些</p><p><strong>下一篇：</strong>失眠吃什么好</p></div>"
    )
    assert (one(found, "previous"), one(found, "next")) == (
        Link("previous", "失眠的症状有哪些", None, None),
        Link("next", "失眠吃什么好", None, None),
    )
    assert len(found.blocks) == 2  # both lines kept out of the main text and the items
    english = links_of(ARTICLE + "<p>Previous article: Seven stretches for a stiff neck</p><p>Next post: none</p>")
    assert title_of(english, "previous") == "Seven stretches for a stiff neck"
    assert one(english, "next") is None
    step = links_of(ARTICLE + "<p>Next: wrap the ankle with a compression bandage.</p>")
    assert step.links == [] and step.blocks == []  # a how-to's step, not a link


def test_previous_next_said_by_class_arrow_icon_or_image_alt() -> None:
    """No written marker: the way is said by a class ("pageprevious", "nav-next"), by arrows, by
    an icon pointing each way, or by an image button's alt text."""
    by_class = links_of(
        ARTICLE + "<div id='np'><li class='pageprevious'><a href='/flu/diagnosis.shtml'>&laquo; Diagnosis</a>"
        "</li><li class='pagenext'><a href='/flu/prevention.shtml'>Prevention &raquo;</a></li></div>"
    )
    assert (title_of(by_class, "previous"), title_of(by_class, "next")) == ("Diagnosis", "Prevention")
    screen_reader = links_of(
        ARTICLE + "<div class='previous-entry'><a href='/p/1/'><span aria-hidden='true'>Previous</span> "
        "<span class='screen-reader-text'>Previous post:</span> History of our DNS server</a></div>"
        "<div class='next-entry'><a href='/p/3/'><span class='screen-reader-text'>Next post:</span> "
        "Reverse engineering a vaccine <span aria-hidden='true'>Next</span></a></div>"
    )
    assert (title_of(screen_reader, "previous"), title_of(screen_reader, "next")) == (
        "History of our DNS server",
        "Reverse engineering a vaccine",
    )
    rel_in_pagination_class = links_of(
        ARTICLE
        + "<div class='pagination-next'><a rel='next' href='/white-tea-benefits/'>7 White Tea Benefits</a></div>"
    )
    assert title_of(rel_in_pagination_class, "next") == "7 White Tea Benefits"
    icons = links_of(
        ARTICLE + "<nav class='nav'><a href='/2022/10/20/a/'><i class='iconfont iconleft'></i>对症下药 之 中成药</a>"
        "<a href='/2022/06/17/b/'>负载均衡器常用的算法<i class='iconfont iconright'></i></a></nav>"
    )
    assert (title_of(icons, "previous"), title_of(icons, "next")) == ("对症下药 之 中成药", "负载均衡器常用的算法")
    images = links_of(
        ARTICLE + "<a href='/book/207.cfm'><img src='prev.gif' alt='Previous Chapter Sputum Discoloration'></a>"
        "<a href='/book/209.cfm'><img src='next.gif' alt='Next Chapter Stomach Cramps'></a>"
    )
    assert (title_of(images, "previous"), title_of(images, "next")) == ("Sputum Discoloration", "Stomach Cramps")
    arrow_marker = links_of(
        ARTICLE + "<table class='pagenav'><tr><th><a href='/back/1529-structures'>"
        "Next &gt;What structures make up the back?</a></th></tr></table>"
    )
    assert title_of(arrow_marker, "next") == "What structures make up the back?"


def test_menu_chevrons_and_page_wrappers_point_no_way() -> None:
    found = links_of(
        "<div id='__next'>"
        + ARTICLE
        + "<ul><li><a href='/board/beauty'>Beauty <span class='icon-right-open'></span></a></li>"
        "<li><a href='/board/diet-and-weight-loss'>Diet And Weight Loss <span class='icon-right-open'></span></a></li></ul>"
        "<a href='/a/9.html'>A story about sleep and memory</a></div>"
    )
    assert [link for link in found.links if link.relation != "recommended"] == []


def test_sidebar_cards_with_bylines_are_further_reading_by_shape_but_a_strip_in_a_menu_bar_is_not() -> None:
    """Sidebar cards whose image and title lead to one story (counted once) beside an author
    link. A strip of stories inside a nav-classed bar, with no further-reading heading, is the
    menu's: found by shape alone, a menu never holds further reading."""
    found = links_of(
        ARTICLE + "<div class='vertical-hot-nav'><div class='hot'>"
        "<a href='/ann/23-things-every-2000s-girl-did'>23 things every girl of the 2000s did</a>"
        "<a href='/bob/21-tattoos-that-covered-scars'>21 tattoos that beautifully covered scars</a>"
        "<a href='/cy/34-reasons-to-never-visit-the-coast'>34 reasons to never visit the coast</a>"
        "<a href='/dan/19-reactions-everyone-has-had'>19 reactions everyone has had at least once</a></div></div>"
        + "<ul>"
        + "".join(
            f"<li class='sidebar-post'><a href='/dee/story-number-{i}'><img src='{i}.jpg'></a>"
            f"<h2><a href='/dee/story-number-{i}'>Story number {i} of the day</a></h2><a href='/dee'>Dee</a></li>"
            for i in (1, 2, 3, 4)
        )
        + "</ul>"
        + "<nav><a href='/health/'>Health</a><a href='/news/'>News</a></nav>"
    )
    assert recommended(found) == [f"Story number {i} of the day" for i in (1, 2, 3, 4)]


def test_a_related_heading_in_the_body_flow_takes_the_box_after_it() -> None:
    """<h2>Related articles</h2> sits among the article's own paragraphs; its links are in the box
    that follows it, not in the article it belongs to."""
    prose = "<p>" + "Early signs of autism can show before a child's first birthday. " * 5 + "</p>"
    found = links_of(
        "<div class='content'><h1>Autism signs</h1>"
        + prose
        + prose
        + "<h2><a name='more'></a>Related articles</h2><div class='greenbox'>"
        "<p><a href='/autism_spectrum.htm'><strong>Autism Spectrum Disorders</strong></a><br>Symptoms and behavior</p>"
        "<ul><li><a href='/autism_help.htm'>Support for Autistic Children</a>: services and schools</li></ul></div>"
        + prose
        + "</div>"
    )
    assert recommended(found) == ["Autism Spectrum Disorders", "Support for Autistic Children"]


def test_tab_labels_of_a_further_reading_block_are_not_articles() -> None:
    found = links_of(
        ARTICLE + "<div class='popular-box'><ul class='tabs'><li><a href='/popular/'>Most Popular</a></li>"
        "<li><a href='/latest/'>Latest Articles</a></li></ul>"
        "<ul><li><a href='/a/1.html'>Is it Alzheimer's or normal forgetting?</a></li>"
        "<li><a href='/a/2.html'>Ten early signs of dementia</a></li></ul></div>"
    )
    assert recommended(found) == ["Is it Alzheimer's or normal forgetting?", "Ten early signs of dementia"]


@pytest.mark.parametrize(
    "heading",
    [
        "Related to Alzheimer's Disease",
        "Hot Topics in Alzheimer’s Disease",
        "Latest in Heart Health",
        "More from Everyday Wellness",
    ],
)
def test_headings_that_name_a_topic_after_a_further_reading_phrase(heading: str) -> None:
    found = links_of(
        ARTICLE + f"<div><div class='hdr'>{heading}</div><ul><li><a href='/brain/dementia'>Dementia</a></li>"
        "<li><a href='/guide/down-syndrome'>Down Syndrome</a></li></ul></div>"
    )
    assert recommended(found) == ["Dementia", "Down Syndrome"]


def test_a_body_heading_that_starts_like_one_is_not_further_reading() -> None:
    found = links_of(
        "<article><h1>Memory loss</h1><h2>Related to sleep: why rest matters for memory and mood</h2>"
        "<p>Sleep matters. <a href='/sleep/why'>Why we sleep</a> explains it, and "
        "<a href='/sleep/how-much'>how much sleep</a> you need depends on age.</p></article>"
    )
    assert recommended(found) == []


def test_a_site_under_a_country_second_level_is_not_every_site_there() -> None:
    """x.co.uk and y.co.uk are two sites: stories from the other are not this site's reading."""
    found = links_of(
        ARTICLE + "<ul><li><a href='https://www.other.co.uk/a/1.html'>A story from another British site</a></li>"
        "<li><a href='https://www.other.co.uk/a/2.html'>Another story from that other site</a></li>"
        "<li><a href='https://www.other.co.uk/a/3.html'>A third story from the other site</a></li></ul>",
        page_url="https://www.example-health.co.uk/a/123.html",
    )
    assert recommended(found) == []


def test_a_related_links_heading_takes_the_link_paragraphs_up_to_the_next_heading() -> None:
    """ "Related links for autism" over a sub-heading and link paragraphs with a line of
    description each (links to other sites too): all of them, up to the next h2."""
    prose = "<p>" + "Early signs of autism can show before a child's first birthday. " * 5 + "</p>"
    found = links_of(
        "<div class='content'><h1>Autism signs</h1>"
        + prose
        + prose
        + "<h2>Related links for autism</h2><h3>General information</h3>"
        "<p><a href='https://www.nichd.example.gov/autism.pdf'>Autism Overview: What We Know</a> (PDF) – an overview.</p>"
        "<p><a href='https://uab.example.edu/show?id=87709'>Autism: Enigma and Stigma</a> – life with autism.</p>"
        "<h2>Sources</h2><p><a href='https://journal.example.org/x'>A cited paper</a>, 2008.</p></div>"
    )
    assert recommended(found) == ["Autism Overview: What We Know", "Autism: Enigma and Stigma"]


def test_weak_signs_that_point_no_way() -> None:
    """A "next-steps" box is no next article; rel=prev/next alone is enough outside pagination,
    even for a two-word title; a title that ends with the word "next" keeps it."""
    steps = links_of(
        ARTICLE + "<div class='next-steps'><a href='/find-a-doctor/near-you'>Find a doctor near you</a></div>"
    )
    assert one(steps, "next") is None
    guide = links_of(
        ARTICLE
        + "<a rel='prev' href='/flu/causes'>Flu Causes</a> <a rel='next' href='/flu/prevention'>Flu Prevention</a>"
    )
    assert (title_of(guide, "previous"), title_of(guide, "next")) == ("Flu Causes", "Flu Prevention")
    worded = links_of(ARTICLE + "<p>Next article: <a href='/a/7.html'>What to expect next</a></p>")
    assert title_of(worded, "next") == "What to expect next"


def test_a_linked_list_introduced_as_causes_is_not_further_reading_by_shape() -> None:
    found = links_of(
        ARTICLE
        + "<h2>Causes</h2><ul><li><a href='/conditions/high-blood-pressure/'>High blood pressure (hypertension)</a></li>"
        "<li><a href='/conditions/type-2-diabetes/'>Type 2 diabetes mellitus</a></li>"
        "<li><a href='/conditions/kidney-stones-and-infections/'>Kidney stones and infections</a></li></ul>"
    )
    assert recommended(found) == []


def test_marker_search_over_a_page_of_white_space_stays_linear() -> None:
    """A page with long runs of white space (real pages have thousands of blank lines) must not
    make the page-wide marker search backtrack: one search over 200,000 spaces."""
    from pagesift.extract.rules import compiled

    assert not any(words.search(" " * 200_000 + "x") for words in compiled().article_marker_anywhere)


def test_a_text_marker_followed_by_a_date_alone_gives_no_link() -> None:
    found = links_of(ARTICLE + "<div>上一篇：2023-05-01</div>")
    assert one(found, "previous") is None


def test_a_further_reading_label_inside_the_body_takes_its_links_not_the_body() -> None:
    """A "Don't miss" label in the middle of an article's body (short paragraphs, so the body is
    no long prose) takes the link paragraph after it; the body that holds the label is not a
    further-reading box, so the paragraphs around it stay the article's text."""
    from pagesift.extract.pipeline import process

    short = [
        "Ginger tea eases nausea for many people within an hour of drinking it.",
        "Doctors suggest two cups a day, brewed from fresh root rather than powder.",
        "Peppermint works in a similar way by relaxing the muscles of the stomach.",
        "Small meals eaten slowly also help the stomach settle after an upset.",
    ]
    after = [
        "Lemon water taken in small sips can calm a queasy stomach in the morning.",
        "Rest and fresh air help too, and the feeling usually passes within a day.",
    ]
    links = "".join(
        f"<a href='https://example.org/health/{slug}-{n}'>{title}</a> | "
        for n, (slug, title) in enumerate(
            [
                ("ginger-recipes", "Five ginger recipes for a calm stomach"),
                ("morning-sickness", "What helps with morning sickness at work"),
                ("travel-sickness", "How pilots deal with travel sickness in storms"),
            ]
        )
    )
    html = (
        "<html><head><link rel='canonical' href='https://example.org/health/nausea-remedies'></head><body>"
        "<h1>Natural remedies for nausea</h1><div class='entry'>"
        + "".join(f"<p>{p}</p>" for p in short)
        + "<p><b>DON'T MISS</b></p>"
        + f"<p>{links}</p>"
        + "".join(f"<p>{p}</p>" for p in after)
        + "</div></body></html>"
    )
    tree = parse_html(html)
    found = find_links(tree, "https://example.org/health/nausea-remedies")
    assert [block.tag for block in found.blocks] == ["p"]
    assert [link.title for link in found.links if link.relation == "recommended"] == [
        "Five ginger recipes for a calm stomach",
        "What helps with morning sickness at work",
        "How pilots deal with travel sickness in storms",
    ]
    record = process("nausea.html", html.encode(), "2026-01-01T00:00:00Z").record
    assert record is not None and all(p in record["text"] for p in short + after)


def test_an_in_page_table_of_contents_written_with_full_addresses_is_not_further_reading() -> None:
    """Links to #parts of one page (its own address written out, or unknown): the page's table of
    contents, not other articles."""
    questions = (
        "Can I get the vaccine as a nasal spray?",
        "Who should not get the nasal vaccine?",
        "Can the nasal vaccine give me the flu?",
        "How many doses of vaccine will I need?",
    )
    found = links_of(
        "<h1>Questions about the nasal flu vaccine</h1><table><tr><td><ul>"
        + "".join(
            f"<li><a href='https://www.example-health.com/flu/nasal.aspx#q{i}'>{q}</a></li>"
            for i, q in enumerate(questions)
        )
        + "</ul></td></tr></table><p>"
        + "The nasal vaccine is sprayed into the nose. " * 8
        + "</p>",
        page_url=None,
    )
    assert recommended(found) == []


def test_a_submenu_under_its_parent_entry_is_not_further_reading_by_shape() -> None:
    """A list right after a bare link (itself, or its wrapper): a menu's branch under its entry,
    whatever the class names, even when every entry is several words long."""
    branch = (
        "<li><a href='/flu/general.aspx'>Basic flu information for families</a></li>"
        "<li><a href='/flu/schools.aspx'>For schools and child care programs</a></li>"
        "<li><a href='/flu/providers.aspx'>For health care providers and pharmacies</a></li>"
        "<li><a href='/flu/employers.aspx'>For employers and their workers</a></li>"
    )
    found = links_of(
        ARTICLE
        + "<ul class='level2'><li><a href='/flu.aspx'>H1N1 influenza</a><ul class='level3'>"
        + branch
        + "</ul></li></ul>"
        + "<ul class='side'><a class='item' href='/pain.asp'>Pain of any kind</a><div class='sub'><ul>"
        + branch
        + "</ul></div></ul>"
    )
    assert recommended(found) == []
    labelled = links_of(ARTICLE + "<div><h3>Flu guides</h3><ul>" + branch + "</ul></div>")
    assert len(recommended(labelled)) == 4  # the same list under a heading is further reading


def test_a_list_of_short_labels_is_not_further_reading_by_shape() -> None:
    """Each label passes as a headline (three words, five characters) but the list is short at
    the median: a shop's categories or a site's photo captions, not other articles."""
    shop = "".join(
        f"<li><a href='/{slug}.aspx'>{label}</a></li>"
        for slug, label in (
            ("baby-gift-baskets", "Baby Gift Baskets"),
            ("unique-baby-gifts", "Unique Baby Gifts"),
            ("bath-time", "Bath Time Gifts"),
            ("books-and-toys", "Books and Toys"),
        )
    )
    captions = "".join(
        f"<li><a href='/pic/{i}.html'>{label}</a></li>"
        for i, label in enumerate(("三月桃花开了", "江边的晚霞", "小区拍到一只鸟", "早点不单调"))
    )
    found = links_of(
        ARTICLE + "<div><span>Shop by Collection</span><ul>" + shop + "</ul></div><ol>" + captions + "</ol>"
    )
    assert recommended(found) == []


def test_the_contents_of_the_guide_the_page_belongs_to_is_not_further_reading() -> None:
    """A list holding the page's previous and next chapters around the page itself: the guide's
    own contents ("In this section"); the same titles in a list without both neighbours stay."""
    chapters = (
        "An overview of carcinoid tumors",
        "Carcinoid causes and risk factors",
        "How carcinoid tumors are diagnosed",
        "How carcinoid tumors are treated",
        "Prognosis and new treatments",
    )
    contents = (
        "<ul>" + "".join(f"<li><a href='/guide/{i}.shtml'>{t}</a></li>" for i, t in enumerate(chapters)) + "</ul>"
    )
    pager = (
        "<div><li class='pageprevious'><a href='/guide/2.shtml'>&laquo; How carcinoid tumors are diagnosed</a></li>"
        "<li class='pagenext'><a href='/guide/4.shtml'>Prognosis and new treatments &raquo;</a></li></div>"
    )
    found = links_of(ARTICLE + "<div><b>In this guide</b>" + contents + "</div>" + pager, page_url=None)
    assert (title_of(found, "previous"), title_of(found, "next")) == (
        "How carcinoid tumors are diagnosed",
        "Prognosis and new treatments",
    )
    assert recommended(found) == []
    assert len(recommended(links_of(ARTICLE + "<div><b>In this guide</b>" + contents + "</div>", page_url=None))) == 5


def test_a_list_of_headlines_before_the_headline_is_not_further_reading_by_shape() -> None:
    """Above the <h1> stand the masthead, the menus and the left column: a list of headlines there
    is the site's chrome (a ticker, a menu of guides); after the headline it is further reading."""
    strip = (
        "<div><ul><li><a href='/a/201.html'>Five stretches that ease a stiff neck</a></li>"
        "<li><a href='/a/202.html'>When neck pain means a trip to the doctor</a></li>"
        "<li><a href='/a/203.html'>How to choose a pillow for side sleepers</a></li>"
        "<li><a href='/a/204.html'>Why your neck hurts after a long flight</a></li></ul></div>"
    )
    assert recommended(links_of(strip + ARTICLE)) == []
    assert len(recommended(links_of(ARTICLE + strip))) == 4


def test_photo_galleries_and_web_stories_are_not_further_reading() -> None:
    """Rule 5 of the real pages: picture cards are not articles to read, whether the box is named
    ("Visual Stories", "热门图片") or classed ("photo-list"), even under a further-reading class."""
    cards = "".join(
        f"<li><a href='/pic/2024/{i}.html'><img src='{i}.jpg' alt=''></a><a href='/pic/2024/{i}.html'>{t}</a></li>"
        for i, t in enumerate(
            ("江城秋色正浓游人如织", "长江大桥夜景灯光璀璨", "东湖绿道骑行的市民们", "黄鹤楼前排起长队的游客")
        )
    )
    stories = "".join(
        f"<div><a href='/stories/{i}-story.html'>{t}</a></div>"
        for i, t in enumerate(
            (
                "Ten easy breakfast recipes for a hot summer",
                "What a cardiologist eats in a day at home",
                "Seven stretches to do before you go to bed",
                "How to sleep better on a hot night",
            )
        )
    )
    found = links_of(
        ARTICLE
        + "<div class='box'><h2><a href='/pic/'>热门图片</a></h2><ol>"
        + cards
        + "</ol></div>"
        + "<div><div class='block-header'>VISUAL STORIES</div><div class='top-trending'>"
        + stories
        + "</div></div>"
        + "<div class='photo-list'><ul>"
        + cards.replace("/pic/2024/", "/p/")
        + "</ul></div>"
    )
    assert recommended(found) == []
    assert len(recommended(links_of(ARTICLE + "<div class='box'><h2>健康资讯</h2><ol>" + cards + "</ol></div>"))) == 4


def test_a_named_list_of_headlines_in_the_footer_is_further_reading() -> None:
    """ "Latest News" above the legal links, inside <footer>: named and made of headlines, it is
    further reading; the footer's own links beside it are not, and a <header> never holds any."""
    latest = (
        "<h3>Latest News</h3><div><a href='/news/7-tips-to-keep-cool-this-summer-1.html'>Seven tips to keep cool this summer</a>"
        "<a href='/news/why-sleep-matters-2.html'>Why a good night's sleep matters for the heart</a></div>"
    )
    found = links_of(
        ARTICLE + "<footer><div class='section'>" + latest + "</div>"
        "<div><h4>More from us</h4><a href='/about'>About us</a><a href='/contact'>Contact</a></div></footer>"
    )
    assert recommended(found) == [
        "Seven tips to keep cool this summer",
        "Why a good night's sleep matters for the heart",
    ]
    assert recommended(links_of("<header><div>" + latest + "</div></header>" + ARTICLE)) == []


def test_links_to_the_sites_forum_comments_or_videos_are_not_further_reading() -> None:
    """A "hot" box of forum threads, comment pages or videos (hosts bbs., comment5., video.):
    not articles, whatever heading the box has."""
    found = links_of(
        ARTICLE + "<div><h3>热点推荐</h3><ul>"
        "<li><a href='https://bbs.example-health.com/thread-1-1.html'>小区里的春色真是太美了大家快来看看</a></li>"
        "<li><a href='https://comment5.news.example-health.com/comment/1.html'>网友热议：冬季进补到底该怎么补</a></li>"
        "<li><a href='https://video.example-health.com/v/2.html'>三分钟看懂高血压的饮食禁忌和原则</a></li>"
        "<li><a href='https://news.example-health.com/a/3.html'>冬季进补的五个误区，你中了几个？</a></li></ul></div>"
    )
    assert recommended(found) == ["冬季进补的五个误区，你中了几个？"]


def test_a_named_list_of_headlines_in_a_menu_classed_box_is_further_reading() -> None:
    """ "Featured on …" in a box whose id says nav: its heading names it and its links read as
    headlines (too few lead to the site's articles for the box to pass by shape); a mega menu's
    "Popular" column of one- and two-word topics stays a menu."""
    found = links_of(
        ARTICLE + "<div id='featured_nav'><div class='header'>Featured on Example Health</div><ul>"
        "<li><a href='/art.asp?key=1'>Causes of Fatigue Slideshow</a></li>"
        "<li><a rel='nofollow' href='/art.asp?key=2'>Things to Do About Depression</a></li>"
        "<li><a rel='nofollow' href='/art.asp?key=3'>Quiz: Sleep and Crazy Hours on the Job</a></li></ul></div>"
        "<div class='mega-menu'><h4>Popular</h4><ul><li><a href='/diabetes/'>Diabetes</a></li>"
        "<li><a href='/heart-disease/'>Heart disease</a></li><li><a href='/a/3.html'>Healthy eating habits</a></li></ul></div>"
    )
    assert recommended(found) == [
        "Causes of Fatigue Slideshow",
        "Things to Do About Depression",
        "Quiz: Sleep and Crazy Hours on the Job",
    ]


def test_a_list_of_products_with_prices_is_not_further_reading() -> None:
    """Cards with a price beside each link are a shop's products; a price inside a headline
    ("…a $1B deal") does not make a list of stories a shop."""
    products = "".join(
        f"<tr><td><a href='/gift-{i}.aspx'><img src='{i}.jpg'></a><a href='/gift-{i}.aspx'>{name}</a> Price: {price}</td></tr>"
        for i, (name, price) in enumerate(
            (
                ("The angel baby gift basket deluxe", "$85.00"),
                ("Sterling silver hinged bangle bracelet for babies", "$24.99"),
                ("Blue skies and chocolate three piece playset", "¥31"),
                ("A personalised silver baby spoon in a gift box", "$19.50"),
            )
        )
    )
    assert recommended(links_of(ARTICLE + "<table class='grid'>" + products + "</table>")) == []
    deals = (
        "<div><h3>Related</h3><ul><li><a href='/a/1.html'>Drug makers team up in a $1B deal</a></li>"
        "<li><a href='/a/2.html'>Biotech raises $50M for a new vaccine</a></li></ul></div>"
    )
    assert len(recommended(links_of(ARTICLE + deals))) == 2


def test_author_pages_and_social_profiles_are_not_further_reading() -> None:
    """ "More from Jane Doe" over the author's bio: her page on the site and her profile on a
    social network are not articles; the stories listed beside them are."""
    found = links_of(
        ARTICLE + "<div><strong>More from Jane Doe</strong><div>"
        "<a href='https://www.twitter.com/janedoe'>@janedoe</a> <a href='/writer/jane-doe'>Jane Doe</a>"
        "<a href='/2023/03/23/labor-wards-are-closing/'>Labor wards are closing in rural states</a></div></div>"
    )
    assert recommended(found) == ["Labor wards are closing in rural states"]


def test_a_block_found_by_its_class_alone_must_hold_headlines() -> None:
    """A class is weak evidence ("popular" on a tag cloud, "related" on a row of channel names):
    with no further-reading heading, most of its links must read as headlines."""
    found = links_of(
        ARTICLE
        + "<div class='popular-list'><a href='/hairstyles.html'>Hairstyles</a><a href='/beauty-food.html'>Beauty Food</a>"
        "<a href='/face-shape.html'>Face Shape</a><a href='/a/9.html'>Seven foods that are good for your skin</a></div>"
        "<div class='related-stories'><a href='/a/1.html'>Five stretches that ease a stiff neck</a>"
        "<a href='/a/2.html'>When neck pain means a trip to the doctor</a></div>"
    )
    assert recommended(found) == ["Five stretches that ease a stiff neck", "When neck pain means a trip to the doctor"]


def test_short_titles_shaped_like_the_lists_articles_are_kept() -> None:
    """A column's archive found by its shape: "Melanoma" is too short to read as a headline, but
    its address has the shape of the list's articles (ask_the_doc0606.html, a variant 0902a too):
    another column. The channel link beside them ("/health/") is still a label."""
    columns = (
        ("1106", "Emerging technologies in joint replacement surgery"),
        ("1006", "Preparing for a flu pandemic"),
        ("0906", "Is it a heart attack or heartburn?"),
        ("0806", "Driving evaluations for older adults"),
        ("0706", "A summer survival guide for families"),
        ("0606", "Melanoma"),
        ("0306", "Colorectal Cancer"),
        ("0506", "Bone up today for a healthier tomorrow"),
        ("0902a", "Breast Cancer"),
    )
    found = links_of(
        ARTICLE
        + "<table><tr><td>"
        + "".join(
            f"<p><a href='../askthedoc/ask_the_doc{n}.html'>{t}</a><br>({n[:2]}/20{n[2:]})</p>" for n, t in columns
        )
        + "<p><a href='/health/'>Health news</a></p></td></tr></table>"
    )
    assert recommended(found) == [t for _, t in columns]


def test_a_label_indented_by_its_template_is_still_a_heading() -> None:
    """<h3 class="label"> with "Related" between two hundred spaces of template indentation."""
    pad = " " * 120
    found = links_of(
        ARTICLE + f"<div><div class='row'><div class='col'><h3 class='label'>\n{pad}Related\n{pad}</h3></div></div>"
        "<div class='row'><div class='col'><a href='/pharma/cdc-advisers-recommend-mrna-vaccines'>Citing blood clot risks, "
        "CDC advisers recommend mRNA vaccines</a></div></div></div>"
    )
    assert recommended(found) == ["Citing blood clot risks, CDC advisers recommend mRNA vaccines"]


@pytest.mark.parametrize(
    "heading", ["Others are also reading...", "People also read", "Readers who read this also viewed:"]
)
def test_what_others_read_is_further_reading(heading: str) -> None:
    found = links_of(
        ARTICLE + f"<div class='Title3a'>{heading}</div><div><p class='title'><a href='/how_1_prevent-sweating.html'>"
        "How to prevent underarm sweating</a></p><p class='title'><a href='/about_2_brain-cysts.html'>Symptoms of brain cysts</a></p></div>"
    )
    assert recommended(found) == ["How to prevent underarm sweating", "Symptoms of brain cysts"]


def test_three_headlines_are_kept_out_of_the_text_but_not_given_as_further_reading() -> None:
    """An unnamed list of three headlines is too weak a sign to name further reading (four make
    one), but it is still no part of the article: handed to the noise step."""
    three = (
        "<div><ul><li><a href='/a/201.html'>Five stretches that ease a stiff neck</a></li>"
        "<li><a href='/a/202.html'>When neck pain means a trip to the doctor</a></li>"
        "<li><a href='/a/203.html'>How to choose a pillow for side sleepers</a></li></ul></div>"
    )
    found = links_of(ARTICLE + three)
    assert recommended(found) == []
    assert [b.tag for b in found.blocks] == ["ul"]
    four = three.replace("</ul>", "<li><a href='/a/204.html'>Why your neck hurts after a long flight</a></li></ul>")
    assert len(recommended(links_of(ARTICLE + four))) == 4


def test_a_labelled_one_line_pointer_is_further_reading() -> None:
    """ "See also: <a>…</a>, June 30, 2009" inside the article: the label is text, not an element of
    its own; the line's link is further reading. A sentence that merely mentions a link is not."""
    found = links_of(
        "<article><h1>Tylenol and alcohol</h1><p>"
        + "Acetaminophen is safe at the usual dose for most people. " * 6
        + "</p>"
        "<p><em>See also: <a href='https://news.example.org/2009/07/01/health/01fda.html'>\"Ban is advised on two top "
        'pills for pain relief"</a>, June 30, 2009</em></p>'
        "<p>延伸阅读：<a href='/a/88.html'>对乙酰氨基酚的正确用法</a></p>"
        "<p>The FDA <a href='/a/77.html'>said in June</a> that it would review the dose.</p></article>"
    )
    assert recommended(found) == ['"Ban is advised on two top pills for pain relief"', "对乙酰氨基酚的正确用法"]


def test_an_image_card_beside_a_list_of_headlines_belongs_to_it() -> None:
    """A channel box: an image card (the link holds only the picture; its title attribute names
    the story, the caption stands outside the link) above a list of headlines. The box adds only
    links to the site's articles, so it is the block, card included."""
    items = "".join(
        f"<li><a href='/shxw/2020/t{i}.htm'>{t}</a></li>"
        for i, t in enumerate(
            (
                "出租银行卡和支付账号，后果很严重",
                "国庆期间乘坐量子号不限次免费",
                "武汉市民国庆中秋自觉避开热门景区",
                "参加抗疫抗洪的武汉小伙追星成功了",
            )
        )
    )
    found = links_of(
        ARTICLE
        + "<div class='tab'><ul class='img'><a href='/shxw/2020/t9.htm' title='市民不慎将钱包遗失，民警排查终追回'>"
        "<img src='9.jpg' alt=''></a><p>市民不慎将钱包遗失，民警排查终追回</p></ul><ul class='lb'>"
        + items
        + "</ul></div>"
    )
    assert recommended(found)[0] == "市民不慎将钱包遗失，民警排查终追回"
    assert len(recommended(found)) == 5


def test_a_credit_line_after_a_related_links_section_is_prose() -> None:
    """Paragraphs after "Related links" that open with their link are entries; a credit line whose
    link stands mid-sentence ("… and <a>Jeanne Roe, Ph.D.</a> contributed …") is not."""
    prose = "<p>" + "Early signs of autism can show before a child's first birthday. " * 5 + "</p>"
    found = links_of(
        "<div class='content'><h1>Autism signs</h1>" + prose + prose + "<h2>Related links for autism</h2>"
        "<p>Resources our editors chose for parents.</p><p><a href='https://org.example.org/overview.pdf'>Autism Overview: What We Know</a> – a broad overview.</p>"
        "<p><a href='https://org.example.org/first-signs'>First Signs</a> - a non-profit for parents.</p>"
        "<p class='authors'>Jocelyn Roe, M.A., Melinda Doe, M.A. and <a href='https://jeanne.example.com/'>Jeanne Roe, "
        "Ph.D.</a> contributed to this article. Last reviewed: June 2010.</p></div>"
    )
    assert recommended(found) == ["Autism Overview: What We Know", "First Signs"]


def test_topic_pages_of_a_site_whose_articles_have_ids_are_not_further_reading() -> None:
    """The page's own address has an id (about_5435410_…): on its site, a link whose last segment
    has no number and no page file is a topic's page, even under "Related"; articles and other
    sites stay."""
    found = links_of(
        ARTICLE + "<div><h3>Related</h3><ul><li><a href='/early-signs-of-autism'>Early signs of autism</a></li>"
        "<li><a href='/a/456.html'>How to recognise the early signs of autism</a></li>"
        "<li><a href='https://www.autism-org.example.org/signs'>Autism signs checklist</a></li></ul></div>",
        page_url="https://www.example-health.com/about_5435410_early-warning-signs-autism.html",
    )
    assert recommended(found) == ["How to recognise the early signs of autism", "Autism signs checklist"]
    unknown = links_of(
        ARTICLE + "<div><h3>Related</h3><ul><li><a href='/early-signs-of-autism'>Early signs of autism"
        "</a></li></ul></div>",
        page_url="https://www.example-health.com/autism/",
    )
    assert recommended(unknown) == ["Early signs of autism"]  # the page's own address has no id: no telling


def test_recommended_news_heading_in_chinese() -> None:
    """ "推荐新闻" (recommended news) names a further-reading box as "推荐阅读" does."""
    items = "".join(
        f"<li><a href='https://news.example-health.com/c/2024-01-0{i}/doc-{i}.shtml'>{t}</a></li>"
        for i, t in enumerate(("冬季进补的五个误区你中了几个", "专家提醒：老人晨练不宜过早出门"))
    )
    found = links_of(ARTICLE + "<div class='box'><div class='tlt'><h3>推荐新闻</h3></div><ul>" + items + "</ul></div>")
    assert recommended(found) == ["冬季进补的五个误区你中了几个", "专家提醒：老人晨练不宜过早出门"]


def test_the_nearest_class_names_the_links() -> None:
    """A "most read" ranking (class hot-news) in a box named for reads and comments
    ("news-read-comment"): the list's own class says what its links are, so they are further
    reading; the same list with no such class of its own stays the comment box's."""
    ranking = "".join(
        f"<li><span class='rankNum'>0{i}</span><a href='https://news.example-health.com/s/2024-01-0{i}/doc-{i}.shtml'>{t}</a></li>"
        for i, t in enumerate(
            (
                "冬季进补的五个误区，你中了几个？",
                "专家提醒：老人晨练不宜过早出门",
                "高血压患者的饮食原则有哪些",
                "三分钟看懂体检报告上的箭头",
            ),
            start=1,
        )
    )
    box = "<div class='{}'><div class='rc-context'><ul class='{}'>" + ranking + "</ul></div></div>"
    assert len(recommended(links_of(ARTICLE + box.format("news-read-comment", "hot-news-ul")))) == 4
    assert len(recommended(links_of(ARTICLE + box.format("comments", "ranking-list")))) == 4
    assert recommended(links_of(ARTICLE + box.format("news-read-comment", "list"))) == []
    assert recommended(links_of(ARTICLE + box.format("ad-box", "hot"))) == []  # an advertiser's, whatever is nearer


def test_a_box_of_a_label_and_a_list_is_further_reading_a_sentence_before_a_list_is_not() -> None:
    """ "Most Recent Articles from the <a>Nutrition</a> Category:" alone in a box with its list of
    headlines is the box's label; the same words ending a paragraph of the article's body
    introduce the article's own linked list."""
    items = "".join(
        f"<li><a href='/?{t.replace(' ', '-')}&id={i}'>{t}</a></li>"
        for i, t in enumerate(
            (
                "Ideal Food For Brain Power",
                "The Benefits of Protein in Our Diet",
                "A Nutritious Gluten-Free Diet Plan",
                "All About Negative Calorie Foods",
            ),
            start=4647296,
        )
    )
    label = "<p>Most Recent Articles from the <a href='/?cat=Nutrition'>Nutrition</a> Category:</p>"
    assert len(recommended(links_of(ARTICLE + "<div class='list'>" + label + "<ul>" + items + "</ul></div>"))) == 4
    body = (
        "<article><h1>Diet</h1><p>Protein matters for everyone, young and old.</p>"
        + label
        + "<ul>"
        + items
        + "</ul></article>"
    )
    assert recommended(links_of(body)) == []
    causes = (
        "<article><h1>Diet</h1><p>Protein matters for everyone.</p><h2>Causes</h2><section>"
        "<p>The most common causes are these:</p><ul>" + items + "</ul></section></article>"
    )
    assert recommended(links_of(causes)) == []  # a box in the article, its label naming no source


def test_a_topics_related_articles_label_names_further_reading() -> None:
    """ "Alzheimer's Has More Related Genes Related Articles": a label that ends in "Related
    Articles" after the topic's name (up to 60 characters) names the list after it, short
    titles and all; "Related articles of the month we liked" is no such label."""
    items = "".join(
        f"<li><a href='/script/main/art.asp?articlekey={i}'>{t}</a></li>"
        for i, t in enumerate(("Alzheimer's Disease", "Autopsy", "Dementia"), start=267)
    )
    box = "<div id='top_ten'><div id='top_header'>{}</div><div><ul>" + items + "</ul></div></div>"
    found = links_of(ARTICLE + box.format("Alzheimer's Has More Related Genes Related Articles"))
    assert recommended(found) == ["Alzheimer's Disease", "Autopsy", "Dementia"]
    assert recommended(links_of(ARTICLE + box.format("Related articles of the month we liked"))) == []


def test_a_menus_branch_under_a_one_link_list_is_not_further_reading() -> None:
    """A left menu whose entries are one-link lists, each followed by its branch of sub-pages
    (`<ul><li><a>Vaccine Safety</a></li></ul><div><ul>…`): the branch is the menu's, however
    long its titles; a box titled by a link (`<div class=title><a>财经要闻</a></div>`) still
    holds further reading."""
    pages = "".join(
        f"<li><a href='/vaccines/safety/{i}-page.htm'>{t}</a></li>"
        for i, t in enumerate(
            (
                "Concerns about the Safety of Vaccines",
                "Reporting Side-effects to the Program",
                "Vaccine Safety Research and Activities",
                "Vaccine Information Statements and Guides",
            )
        )
    )
    menu = (
        "<ul class='navLinks'><li><a href='/vaccines/safety/default.htm'>Vaccine Safety</a></li></ul><div><ul>"
        + pages
        + "</ul></div>"
    )
    assert recommended(links_of(ARTICLE + "<div class='leftnav'>" + menu + "</div>")) == []
    titled = "<div class='title'><strong><a href='/finance/'>Finance news</a></strong></div><ul>" + pages + "</ul>"
    assert len(recommended(links_of(ARTICLE + "<div class='side'>" + titled + "</div>"))) == 4


def test_must_reads_and_features_name_further_reading() -> None:
    """ "Must Reads" and a magazine's "Diet and nutrition features" (cards of a linked title and a
    teaser) name further reading; a product's "Key features" written as prose are not links."""
    cards = "".join(
        f"<div class='head'><a href='/dietandnutrition/{slug}.htm'>{t}</a></div><p>{teaser}</p>"
        for slug, t, teaser in (
            ("weight-loss-plan", "Weight loss plan", "Use our four week healthy eating plan."),
            ("menu-master", "Menu master", "Eating out doesn't have to spell doom for your waistline."),
            ("healing-foods", "Healing foods", "The foods that help the body mend."),
        )
    )
    for label in ("Diet and nutrition features", "Must Reads"):
        found = links_of(ARTICLE + f"<div class='title-in-blue'>{label}</div><div class='grid'>{cards}</div>")
        assert recommended(found) == ["Weight loss plan", "Menu master", "Healing foods"], label
    prose = (
        "<h3>Key features</h3><ul><li>Sealed packets of a gentle saline mix, made to be dissolved in warm water.</li>"
        "<li>Free of preservatives; see <a href='/faq.htm'>our answers</a> for details.</li></ul>"
    )
    assert recommended(links_of(ARTICLE + prose)) == []
    clinical = "".join(
        f"<li><a href='/symptoms/{i}.htm'>{t}</a></li>"
        for i, t in enumerate(
            ("A red and scaly patch of skin", "Itching that is worse at night", "Small blisters that weep and crust")
        )
    )
    assert recommended(links_of(ARTICLE + f"<h2>Clinical features</h2><ul>{clinical}</ul>")) == []


def test_arrows_outside_a_pair_of_links_give_previous_and_next() -> None:
    """WordPress's classic post navigation puts the arrows outside the links: "« <a>Older
    headline</a>" and "<a>Newer headline</a> »". A breadcrumb with » separators and a pager's
    numbers between arrows are no such pair."""
    found = links_of(
        "<div class='navigation'><div class='alignleft'>&laquo; <a href='/blog/losing-weight-is-simple/'>"
        "Losing Weight Is Simple With These Tactics</a></div><div class='alignright'>"
        "<a href='/blog/exercise-and-dieting-in-p90x/'>Exercise And Dieting Are Available In P90x</a> &raquo;</div></div>"
        + ARTICLE
    )
    assert title_of(found, "previous") == "Losing Weight Is Simple With These Tactics"
    assert title_of(found, "next") == "Exercise And Dieting Are Available In P90x"
    crumbs = links_of(
        "<p><a href='/'>Home page of the site</a> &raquo; <a href='/health/'>Health and wellness topics</a> &raquo; Stiff neck</p>"
        + ARTICLE
    )
    pager = links_of(
        ARTICLE
        + "<div>&laquo; <a href='/p/1'>Older posts on this blog</a> <a href='/p/2'>2</a> <a href='/p/3'>Newer posts on this blog</a> &raquo;</div>"
    )
    quoted = links_of(
        "<article><h1>Torticolis</h1><p>Voir « <a href='/a/200.html'>Comment soulager une douleur au cou</a> »"
        " et « <a href='/a/201.html'>Les causes du torticolis chez l'adulte</a> ».</p></article>"
    )
    assert [one(f, r) for f in (crumbs, pager, quoted) for r in ("previous", "next")] == [None] * 6


def test_reply_buttons_with_arrows_are_not_read_for_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A thread of comments, each with "Reply »": the arrow is in the link, not around it, so no
    pair is looked for (each search climbs toward the whole thread: quadratic on long threads)."""
    from pagesift.extract import links

    looked: list[object] = []
    monkeypatch.setattr(links, "_arrow_pair", lambda anchor: looked.append(anchor))
    thread = "".join(
        f"<div class='c'><p>Comment {i}</p><span><a href='/r/{i}'>Reply &raquo;</a></span></div>" for i in range(50)
    )
    found = links_of(ARTICLE + f"<div>{thread}</div>")
    assert looked == [] and one(found, "next") is None


def test_a_series_contents_marking_this_page_is_not_further_reading() -> None:
    """A series' contents: chapters as links around the page the reader is on, unlinked and
    marked selected. A list with an unlinked entry that is not marked (a feed's glitch) is
    still further reading."""
    chapters = (
        "I set out to prove that the body produces pain when thirsty",
        "Pain No More: A Longer Healthier Life",
        "It Could Even Cure Someone Who Was Dying of Pain",
        "Relieve, Even Cure, Multiple Sclerosis",
        "As a Doctor, I Ask You to Give Water a Chance",
    )

    def contents(mark: str) -> str:
        items = "".join(
            f"<li class='{mark}'>{t}</li>" if i == 1 else f"<li class='toc'><a href='medical{i}.html'>{t}</a></li>"
            for i, t in enumerate(chapters)
        )
        return ARTICLE + f"<div class='side'><ul>{items}</ul></div>"

    assert recommended(links_of(contents("toc_selected"))) == []
    assert len(recommended(links_of(contents("toc")))) == 4


@pytest.mark.parametrize(
    "label",
    ["相关帖子", "相关信息", "刘振华大夫的其他文章", "本版热帖", "Hot Network Questions", "Recommended from Medium"],
)
def test_more_labels_of_further_reading(label: str) -> None:
    """A forum's related threads and hot threads, a government site's related notices, a doctor's
    other articles, a Q&A site's hot questions, a blog platform's recommendations."""
    items = "".join(
        f"<li><a href='/thread-{i}-1-1.html'>{t}</a></li>"
        for i, t in enumerate(("内痔二度需要手术吗？医生让我观察", "痔疮术后第七天，记录一下恢复过程"))
    )
    found = links_of(ARTICLE + f"<div class='box'><h3>{label}</h3><ul>{items}</ul></div>")
    assert recommended(found) == ["内痔二度需要手术吗？医生让我观察", "痔疮术后第七天，记录一下恢复过程"]


# --- the fast paths give what the plain calls give ----------------------------------------------


def test_clean_folds_as_the_regex_does() -> None:
    """text.clean skips folding for a text with nothing to fold (labels, links and tails, called
    ~137k times on AEB) and folds the others with str.replace: every white-space character, alone,
    doubled, beside a space and in long mixed runs, must come out as the regex's fold gives it."""
    import re
    import sys

    from pagesift.text import clean

    regex = re.compile(r"[ \t\r\f\v\u00a0\u3000]+")
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace() or chr(c) in "\xa0\u3000"]
    for ch in spaces:
        for text in (
            f"a{ch}b",
            f"a{ch}{ch}b",
            f" a {ch}b",
            f"{ch}a",
            f"a{ch}",
            f"a {ch} b",
            ch,
            ch * 2,
            f"a{' ' * 9}{ch}{' ' * 6}\t b{ch * 7}  c \u3000\xa0 ",
        ):
            assert clean(text) == regex.sub(" ", text).strip(), repr(text)


def test_way_words_found_alikelowered() -> None:
    """_pointing searches class strings lower-cased with the dom.lowered way words: it must find what
    the case-insensitive pattern finds, whatever ASCII character stands around the words."""
    from pagesift.extract.dom import lowered
    from pagesift.extract.links import _WAY_WORD

    folded = lowered(_WAY_WORD)
    assert folded is not None
    for word in ("prev", "next", "left", "right"):
        for variant in (word, word.upper(), word.title(), word[:-1] + word[-1].upper()):
            for ch in map(chr, range(128)):
                for text in (f"{ch}{variant}", f"{variant}{ch}", f"{variant[:2]}{ch}{variant[2:]}"):
                    assert bool(_WAY_WORD.search(text)) == bool(folded.search(text.lower())), text


def test_lower_casing_keeps_what_a_case_insensitive_search_finds() -> None:
    """_found_in finds a pattern's _openings in lower-cased text: every
    character but the UNFOLDABLE ones must lower-case to one character of the same classes, and
    one that matches an ASCII letter ignoring case must lower-case to that letter."""
    import re
    import sys

    from pagesift.extract.dom import UNFOLDABLE

    letter = re.compile("[a-z]", re.IGNORECASE)
    for c in map(chr, range(sys.maxunicode + 1)):
        if c in UNFOLDABLE:
            continue
        low = c.lower()
        assert len(low) == 1, hex(ord(c))
        for cls in (r"\w", r"\s", r"\d"):
            assert bool(re.match(cls, c)) == bool(re.match(cls, low)), (hex(ord(c)), cls)
        if letter.fullmatch(c):
            assert "a" <= low <= "z", hex(ord(c))


@pytest.mark.parametrize(
    "text",
    [
        "Previous Article: x",
        "PREVIOUS\u00a0STORY",
        "the next post",
        "xnext post",
        "next postal",
        "next\npost",
        "Next post ſ",
        "İ next chapter",
        "next article 上一篇",
        "下一条 下一篇",
        "a >> : b",
        "<<<: x",
        "nextnext post",
        "",
    ],
)
def test_found_in_agrees_with_search(text: str) -> None:
    from pagesift.extract.dom import UNFOLDABLE
    from pagesift.extract.links import _found_in
    from pagesift.extract.rules import compiled

    lowered = None if any(c in text for c in UNFOLDABLE) else text.lower()
    for pattern in compiled().article_marker_anywhere:
        assert _found_in(pattern, text, lowered) == (pattern.search(text) is not None), (pattern.pattern, text)


@pytest.mark.parametrize(
    "text",
    [
        "  « PREV  ",
        "Older Posts",
        "NeXt",
        "阅读下一篇",
        "p\u0131rev",
        "\u017f prev",
        "\u0130 older",
        "<< back",
        "> > no",
        "nothing",
        "https://www.facebook.com/SHARER.php?u=x",
        "MAILTO:a@b.c",
        "/a\u017fd/\u017fendto",
    ],
)
def test_folded_search_agrees_with_search(text: str) -> None:
    from pagesift.extract.dom import lowered
    from pagesift.extract.links import _SHARE_LINK, _search
    from pagesift.extract.rules import compiled

    for pattern in (compiled().marker_hint, _SHARE_LINK):
        assert lowered(pattern) is not None  # the words fold: the fast path is the one taken
        assert _search(pattern, lowered(pattern), text) == (pattern.search(text) is not None)


@pytest.mark.parametrize(
    "href",
    [
        "/a/1.html",
        "//cdn.example.com/x",
        "https://x.com/a",
        "http://x.com",
        "HTTPS://x.com",
        "http:\t//x",
        "javascript:x",
        "a.html",
        "\x01/a",
    ],
)
def test_scheme_fast_path_agrees_with_scheme_of(href: str) -> None:
    from pagesift.extract.links import _scheme
    from pagesift.extract.urls import scheme_of

    assert _scheme(href) == scheme_of(href)


def test_plain_address_split_as_urlsplit_splits_it() -> None:
    """_split reads a plain address with one match: netloc, hostname, path, query and fragment
    must be urlsplit's for every mix of the characters that end or change its parts."""
    import itertools
    from urllib.parse import urlsplit

    from pagesift.extract.links import _split

    starts = ["http://", "https://", "/", "//", "HTTP://", "http:", "http:///", "", "a"]
    pieces = ["", "a", "A", "/", "?", "#", ":", "@", ".", "-", "[", "]", "%", "\t", "\n", " ", "1"]
    for start, *rest in itertools.product(starts, pieces, pieces, pieces):
        href = (start + "".join(rest)).strip()
        try:
            parts = urlsplit(href)
            expected = (parts.netloc, parts.hostname, parts.path, parts.query, parts.fragment)
        except ValueError:
            expected = None
        assert _split(href) == expected, repr(href)


@pytest.mark.parametrize(
    ("source", "openings"),
    [
        (r"\b(?:previous|next)\s+post", ("previous", "next")),
        (r"(?:<<|>>)\s*[:：]", ("<<", ">>")),
        (r"[上下]一(?:篇|条)", ("上", "下")),
        (r"(?:next|prev)?\s*post", None),  # the words may be left out
        (r"[ab]+x", None),
        (r"\b(?:next|prev)\s+post|older", None),  # a match may open with "older"
        (r"[|](?:a|b)", ("|",)),
        (r"(?:Next|prev)\s+post", None),  # not lower-case: not lowered
        (r"next\s+post", None),
    ],
)
def test_openings_of_a_pattern(source: str, openings: tuple[str, ...] | None) -> None:
    import re

    from pagesift.extract.links import _openings

    assert _openings(re.compile(source, re.IGNORECASE)) == openings


@pytest.mark.parametrize(
    ("source", "alternates"),
    [
        ("a|b", True),
        ("(?:a|b)c", False),
        ("[|]x", False),
        ("[]|]x", False),
        ("[^]|]|x", True),
        (r"\|x", False),
        (r"[\]|]x", False),
        (r"[\\]|x", True),
        (r"(a(b|c))|d", True),
    ],
)
def test_alternation_outside_groups(source: str, alternates: bool) -> None:
    from pagesift.extract.links import _alternates

    assert _alternates(source) is alternates


def test_way_marked_links_found_by_the_words_places() -> None:
    """_pointing finds the way words with str.find in the joined class strings: the links it gives
    must be those of every element whose own class or id string holds a way word."""
    from pagesift.extract.links import _WAY_WORD, _WAY_WORDS, _pointing, _Walk

    assert _WAY_WORDS == ("prev", "next", "left", "right")
    names = ["", "x", "Prev", "nextprev", "rightleft", "ne xt", "nexT", "pre", "leftt", "a\u0130", "aRiGhT b"]
    html = "".join(f'<div class="{n}" id="d{i}"><a href="/{i}">{i}</a></div>' for i, n in enumerate(names))
    for page in (html, html.replace("a\u0130", "a")):  # with and without an UNFOLDABLE character
        tree = parse_html(f"<html><body>{page}</body></html>")
        classes = _Walk.of(tree).classes
        expected = {e[0] for e, n in zip(classes.elements, classes.names, strict=True) if _WAY_WORD.search(n)}
        assert _pointing(classes) == expected


def test_the_walk_hands_the_noise_step_exactly_the_classed_elements() -> None:
    """links._Walk gathers the classed elements for dom.classed (remember_classed): the same
    elements, in the same order, as dom.classed's own walk finds, id-only and empty classes too."""
    from lxml import etree

    from pagesift.extract import dom

    tree = parse_html(
        "<html><body><nav class='menu'><a href='/a'>A</a></nav><div id='main'><p class=''>Text "
        "<b>bold</b></p><ul class='related'><li><a href='/b'>B</a></li><li id='x'><a href='/c'>C</a>"
        "</li></ul></div><footer><span class='share'>Share</span></footer></body></html>"
    )
    expected = [e for e in tree.iter(etree.Element) if e.get("class") is not None or e.get("id") is not None]
    with dom.memo():
        find_links(tree, "https://example.org/a/page")
        memo = dom._MEMO.get()
        assert memo is not None and memo.classed[tree].elements == expected  # the walk's own list, handed over
        found = dom.classed(tree)
        assert found.elements == expected
        assert found.classes == [e.get("class") for e in expected]
        assert found.names == [f"{e.get('class') or ''} {e.get('id') or ''}" for e in expected]
    assert len(expected) == 6


def test_the_walk_finds_the_headings_and_pointers_their_tests_find() -> None:
    """_Walk reads a label's text itself (no child, or one childless child: an element or a
    comment, with texts and tails there or not) and each text once: the headings and pointers it
    keeps must be those _is_recommend_heading and the pointer's colon test find, in document
    order, on every element of a made page and of ten gold pages (comments kept)."""
    import lxml.html
    from lxml import etree

    from pagesift.extract.links import _LABEL_TAGS, _POINTER_TAG_SET, _is_recommend_heading, _Walk

    from .gold_pages import gold_texts

    made = (
        "<html><body><h2>Related articles</h2><h3><span>Related</span> posts</h3><h4><a>More</a>"
        "<b>x</b></h4><div>Related<!-- c -->articles</div><p><a href='/x'>Related articles</a></p>"
        "<p><b>Related</b> articles<i>x</i></p><div><span><b>Related</b></span></div><li><a>"
        "See also</a>:</li><p>See also: <a href='/y'>Y</a></p><dd>Note：<a>Z</a></dd><span>"
        "Related articles <em>a</em> tail</span><strong>  推荐阅读  </strong><em>Related</em>"
        "<div>Recommended for you<br></div><b><!--only--></b><dt> related   posts </dt><div><!--Related "
        "articles--></div><div><a>Further reading</a> on the history of the clinic.</div><li><b>Related</b></li>"
        "<p><!--Further reading--></p><h5><i>See also</i><!--x--> the dosage table below</h5><div><span>"
        "Further reading<b>x</b></span></div></body></html>"
    )
    pages = [made, *gold_texts()]
    kept = 0
    for page in pages:
        tree = lxml.html.document_fromstring(page)  # comments kept
        walk = _Walk.of(tree)
        elements = list(tree.iter(etree.Element))
        assert walk.headings == [e for e in elements if e.tag in _LABEL_TAGS and _is_recommend_heading(e)]
        colon = [e for e in elements if e.tag in _POINTER_TAG_SET and {":", "："} & set(e.text or "")]
        assert walk.pointers == colon
        kept += len(walk.headings) + len(walk.pointers)
    assert kept >= 12


def test_what_the_finders_remember_of_a_page_is_what_they_would_read_again() -> None:
    """Within a page's memo, a link's title and whether an element may be further reading are
    remembered (dom.remembered): every remembered answer equals the question asked afresh, and
    find_links finds the same with and without the memo, on made pages (a heading's block tested
    twice, image cards titled by their title attribute, a named list in a footer, shaped lists)
    and the gold pages."""
    from pagesift.extract import dom

    from .gold_pages import gold_texts

    headlines = "".join(
        f"<li><a href='/news/2024/{i}.html'>How to ease a stiff neck after sleeping badly {i}</a></li>"
        for i in range(5)
    )
    cards = "".join(
        f"<div class='card'><a href='/a/{i}0042.html' title='Why your neck hurts in the morning {i}'>"
        f"<img src='{i}.jpg' alt=''></a><a href='/a/{i}0042.html'><h3>Why your neck hurts {i} times</h3></a>"
        "<p>A teaser that says a little more.</p></div>"
        for i in range(4)
    )
    made = [
        ARTICLE + f"<h2>Related articles</h2><ul>{headlines}</ul><div class='sidebar'>{cards}</div>",
        ARTICLE + f"<div class='box'><h3>Most popular</h3><ul>{headlines}</ul></div><footer><h4>Latest news</h4>"
        f"<ul>{headlines}</ul></footer><nav><ul>{headlines}</ul></nav>",
        f"<div>{cards}</div>" + ARTICLE + f"<div class='related-posts'><ul>{headlines}</ul></div>",
        ARTICLE + f"<ul id='featured_nav'><li class='header'>Featured on Example Health</li>{headlines}</ul>",
    ]
    pages = [parse_html(f"<html><body>{body}</body></html>") for body in made]
    pages += [parse_html(text) for text in gold_texts()]

    def answers(remembering: bool) -> tuple[list[tuple[list[Link], list[str], int]], int]:
        found, asked = [], 0
        for tree in pages:
            with dom.memo() if remembering else contextlib.nullcontext():
                result = find_links(tree, PAGE)
                known = dom._MEMO.get()
                for question, answers in known.answers.items() if known is not None else ():
                    assert all(answer == question(*args) for args, answer in answers.items()), question
                    asked += len(answers)
            found.append((result.links, [tree.getroottree().getpath(b) for b in result.blocks], result.unsafe_dropped))
        return found, asked

    remembered, asked = answers(True)
    afresh, none = answers(False)
    assert remembered == afresh and none == 0 and asked > 100
    assert sum(len(page[0]) for page in remembered[: len(made)]) >= 10


# --- shapes of session h4 (made-up pages in shapes the sets did not have) ------------------------


@pytest.mark.parametrize(
    "label",
    [
        "Related Items",
        "Related coverage",
        "Related health articles",
        "本站推荐",
        "看了还看",
        "相关文章推荐",
        "Further reading on this site",
        "More on this topic:",
    ],
)
def test_a_cms_modules_and_news_sites_labels_of_further_reading(label: str) -> None:
    """A CMS's related-items module (Joomla's "Related Items", with no class that says it), a news
    site's "Related coverage", a portal's own picks; the list under it is further reading."""
    items = "".join(
        f"<li><a href='/health/12-headaches/{n}-{slug}.html'>{t}</a></li>"
        for n, slug, t in (
            (88, "rebound", "Rebound headaches explained in plain words"),
            (91, "children", "Headaches in children: a guide for parents"),
        )
    )
    found = links_of(ARTICLE + f"<div class='moduletable'><h3>{label}</h3><ul class='mod-list'>{items}</ul></div>")
    assert recommended(found) == [
        "Rebound headaches explained in plain words",
        "Headaches in children: a guide for parents",
    ]


def test_a_cards_picture_link_gives_way_to_its_headline_link() -> None:
    """A related-posts card links its picture and its headline to the same article: the title is
    the headline's text, not the picture link's shorter title attribute."""
    cards = "".join(
        f"<div class='rp-post'><a href='{u}' title='{short}'><img src='/i/{n}.jpg' alt=''></a>"
        f"<h4><a href='{u}'>{long}</a></h4><p>A short excerpt of the post.</p></div>"
        for n, (u, short, long) in enumerate(
            (
                (
                    "/2024/10/screen-eyes/",
                    "Screen time and tired eyes",
                    "Screen time and tired eyes: what really helps",
                ),
                ("/2024/09/magnesium/", "Magnesium for headaches", "Magnesium for headaches: what the studies say"),
            )
        )
    )
    found = links_of(ARTICLE + f"<div class='relatedposts'><h3>Related</h3>{cards}</div>")
    assert recommended(found) == [
        "Screen time and tired eyes: what really helps",
        "Magnesium for headaches: what the studies say",
    ]
    assert recommended_urls(found) == [
        "https://www.example-health.com/2024/10/screen-eyes/",
        "https://www.example-health.com/2024/09/magnesium/",
    ]


def test_arrowed_older_and_newer_labels_over_the_titles() -> None:
    """A blog's post navigation: "← Older" and "Newer →" in a small label over each title, inside
    the link; a list's "« Older posts" (the blog's pages) is no article."""
    found = links_of(
        ARTICLE + "<div class='post-nav'><a class='older' href='/a/neck-pain'><small>&larr; Older</small>"
        "<strong>Neck pain after sleeping: what to do</strong></a><a class='newer' href='/a/eye-strain'>"
        "<small>Newer &rarr;</small><strong>Eye strain from screens, explained</strong></a></div>"
    )
    assert title_of(found, "previous") == "Neck pain after sleeping: what to do"
    assert title_of(found, "next") == "Eye strain from screens, explained"
    listing = links_of(ARTICLE + "<div class='nav'><a href='/page/2/'>&laquo; Older posts</a></div>")
    assert one(listing, "previous") is None


def test_a_marker_link_with_its_title_beside_it() -> None:
    """上一篇 as the link's whole text with the title in the element after it, or the label in the
    cell before the link's (a definition list, a table); a separator or a pager's count beside a
    marker link is no title."""
    sibling = links_of(
        "<div class='content'><h1>失眠了怎么办</h1><p>正文内容。</p></div><ul class='fanye'>"
        "<li><a href='/jb/1209.html' class='btn'>上一篇</a><p class='t'>打呼噜是病吗</p></li>"
        "<li><a href='/jb/1211.html' class='btn'>下一篇</a><p class='t'>睡觉流口水是怎么回事</p></li></ul>"
    )
    assert one(sibling, "previous") == Link(
        "previous", "打呼噜是病吗", None, "https://www.example-health.com/jb/1209.html"
    )
    assert title_of(sibling, "next") == "睡觉流口水是怎么回事"
    cells = links_of(
        "<div class='content'><h1>失眠了怎么办</h1><p>正文内容。</p></div><dl class='pn'>"
        "<dt>上一篇</dt><dd><a href='/jb/1209.html'>打呼噜是病吗</a></dd>"
        "<dt>下一篇</dt><dd><a href='/jb/1211.html'>睡觉流口水是怎么回事</a></dd></dl>"
    )
    assert title_of(cells, "previous") == "打呼噜是病吗"
    assert title_of(cells, "next") == "睡觉流口水是怎么回事"
    table = links_of(
        "<div class='content'><h1>失眠了怎么办</h1><p>正文内容。</p></div><table><tr><td>上一篇：</td>"
        "<td><a href='/jb/1209.html'>打呼噜是病吗</a></td></tr></table>"
    )
    assert title_of(table, "previous") == "打呼噜是病吗"
    separated = links_of(
        ARTICLE
        + "<div class='pn'><a href='/a/1'>Previous article</a><span>/</span><a href='/a/3'>Next article</a></div>"
    )
    assert title_of(separated, "previous") is None and title_of(separated, "next") is None
    sentence = links_of(ARTICLE + "<p><a href='/a/1.html'>Previous post</a> about sleep hygiene, read it first.</p>")
    assert title_of(sentence, "previous") is None


def test_a_cards_headline_child_without_its_kicker() -> None:
    """A news site's "Read next" card made all of one link: a kicker (the section's name) and the
    headline, each a span with a class; the title is the headline's."""
    cards = "".join(
        f"<a class='card' href='/health/2025/03/0{n}/{slug}'><span class='kicker'>{kicker}</span>"
        f"<span class='headline'>{headline}</span></a>"
        for n, slug, kicker, headline in (
            (2, "allergy-season", "Allergies", "Allergy season is starting earlier every year"),
            (1, "coffee-heart", "Heart", "Is coffee good for your heart after all?"),
        )
    )
    found = links_of(ARTICLE + f"<div class='read-next'><h3>Read next</h3>{cards}</div>")
    assert recommended(found) == [
        "Allergy season is starting earlier every year",
        "Is coffee good for your heart after all?",
    ]


def test_previous_and_next_article_written_out_in_chinese() -> None:
    """上一篇文章：/下一篇文章： (the marker with 文章, "article", written out) before the links."""
    found = links_of(
        "<div class='content'><h1>失眠了怎么办</h1><p>正文内容。</p></div>"
        "<div class='pre'>上一篇文章：<a href='/jb/1209.html'>打呼噜是病吗</a></div>"
        "<div class='nx'>下一篇文章：<a href='/jb/1211.html'>睡觉流口水是怎么回事</a></div>"
    )
    assert title_of(found, "previous") == "打呼噜是病吗"
    assert title_of(found, "next") == "睡觉流口水是怎么回事"


def test_a_themes_arrow_before_the_next_posts_title_is_no_part_of_it() -> None:
    """A theme's post navigation draws each arrow before its title, the next post's too."""
    found = links_of(
        ARTICLE + "<nav class='pagination-single'><a class='previous-post' href='/a/neck-pain'><span class='arrow'>"
        "&larr;</span><span class='title'>Neck pain after sleeping: what to do</span></a>"
        "<a class='next-post' href='/a/eye-strain'><span class='arrow'>&rarr;</span>"
        "<span class='title'>Eye strain from screens, explained</span></a></nav>"
    )
    assert title_of(found, "previous") == "Neck pain after sleeping: what to do"
    assert title_of(found, "next") == "Eye strain from screens, explained"


@pytest.mark.parametrize("label", ["【相关阅读】", "【延伸阅读】：", "[ Related articles ]"])
def test_a_further_reading_label_in_brackets(label: str) -> None:
    """A label set in brackets of its own at the body's end, over a list of the site's articles."""
    items = "".join(
        f"<li><a href='/jb/sm/2025030{n}/12{n}0.html'>{t}</a></li>"
        for n, t in enumerate(("睡前喝牛奶真的能助眠吗", "长期熬夜对身体有哪些危害", "午睡多长时间最合适"))
    )
    found = links_of(
        "<div class='content'><h1>失眠了怎么办</h1><p>失眠是很多人都会遇到的问题，长期失眠会影响白天的工作。</p>"
        f"<p>{label}</p><ul>{items}</ul></div>"
    )
    assert recommended(found) == ["睡前喝牛奶真的能助眠吗", "长期熬夜对身体有哪些危害", "午睡多长时间最合适"]


def test_an_ad_networks_widget_is_no_further_reading() -> None:
    """An ad network's widget headed like further reading ("You May Like") with a line that says it
    is paid ("Sponsored Links by …", in the box beside the list): its links to other sites are
    ads, its links to the site's own articles are still further reading. The same list without
    the line is further reading."""
    items = "".join(
        f"<div class='cube'><a href='{url}'><span class='video-title'>{t}</span></a></div>"
        for url, t in (
            ("https://smartsaver.example/lp?src=adnet", "Homeowners are stunned by this new rule for solar panels"),
            ("https://gadgets.example/lp?src=adnet", "This tiny device makes any car a smart car overnight"),
            ("/a/124.html", "Surgeons explain when a sore throat needs antibiotics"),
        )
    )

    def widget(line: str) -> str:
        return (
            ARTICLE + "<div class='related-container'><div class='rbox-header'><span>You May Like</span></div>"
            f"{line}<div class='rbox-outer'>{items}</div></div>"
        )

    own = ["Surgeons explain when a sore throat needs antibiotics"]
    assert recommended(links_of(widget("<span class='note'>Sponsored Links by Adnet</span>"))) == own
    assert recommended(links_of(widget("<span class='pr'>推广</span>"))) == own
    assert len(recommended(links_of(widget("")))) == 3


def test_a_box_named_by_its_aria_label() -> None:
    """A box whose only name is its aria-label (a heading only screen readers get) names its list
    as a heading would; a share bar's aria-label names nothing."""
    items = "".join(
        f"<li><a href='/articles/{slug}'>{t}</a></li>"
        for slug, t in (
            ("migraine-triggers", "Common migraine triggers and how to avoid them"),
            ("sinus-headache", "Is it a sinus headache or a migraine?"),
        )
    )
    found = links_of(ARTICLE + f"<aside aria-label='Related articles' class='box'><ul>{items}</ul></aside>")
    assert recommended(found) == [
        "Common migraine triggers and how to avoid them",
        "Is it a sinus headache or a migraine?",
    ]
    assert (
        recommended(links_of(ARTICLE + f"<aside aria-label='Share this page' class='box'><ul>{items}</ul></aside>"))
        == []
    )


def test_a_blogs_comment_pages_are_no_previous_or_next_article() -> None:
    """WordPress's comment navigation ("← Older Comments", "Newer Comments →") in way-named boxes,
    and a list's "« Older Entries": pages of one thing, not neighbouring articles."""
    found = links_of(
        ARTICLE + "<nav class='comment-navigation'><div class='nav-previous'><a href='/a/123/comment-page-1/#comments'>"
        "&larr; Older Comments</a></div><div class='nav-next'><a href='/a/123/comment-page-3/#comments'>"
        "Newer Comments &rarr;</a></div></nav>"
    )
    assert one(found, "previous") is None and one(found, "next") is None
    entries = links_of(
        ARTICLE + "<div class='nav-links'><a class='prev' href='/page/2/'>&laquo; Older Entries</a></div>"
    )
    assert one(entries, "previous") is None


@pytest.mark.parametrize("label", ["Related videos", "Latest Videos", "相关视频"])
def test_a_list_of_videos_is_no_further_reading(label: str) -> None:
    """A list of the site's videos under its label: videos to watch (CONVENTIONS: video galleries),
    not articles to read."""
    items = "".join(
        f"<li><a href='/video/{slug}'>{t}</a></li>"
        for slug, t in (
            ("neck-stretch-routine", "A five minute neck stretch routine for desk workers"),
            ("posture-check", "How to check your posture in the mirror at home"),
            ("heat-therapy", "Using heat therapy safely on sore muscles"),
        )
    )
    assert recommended(links_of(ARTICLE + f"<div class='related-box'><h3>{label}</h3><ul>{items}</ul></div>")) == []


def test_bare_previous_and_next_buttons_with_rel_name_no_article() -> None:
    """rel="prev"/"next" buttons whose whole text is "Previous" and "Next": no article is named, so
    no link, and their box is the pager."""
    found = links_of(
        ARTICLE + "<nav class='post-navigation'><a rel='prev' href='/a/neck-pain'>Previous</a> "
        "<a rel='next' href='/a/eye-strain'>Next</a></nav>"
    )
    assert found.links == []
    assert {block.get("class") for block in found.blocks} == {"post-navigation"}


def test_a_related_posts_comment_links_are_no_articles() -> None:
    """A related-posts entry with its comment count ("3 comments", "Leave a comment", linking to the
    post's #comments or #respond): one article, titled by its headline."""
    found = links_of(
        ARTICLE + "<div class='box'><h3>Related posts</h3><ul>"
        "<li><a href='/2025/01/foods-for-sleep/'>Eight foods for better sleep</a> "
        "<a href='/2025/01/foods-for-sleep/#comments'>3 comments</a></li>"
        "<li><a href='/2025/02/desk-posture-guide/#respond'>Leave a comment</a> "
        "<a href='/2025/02/desk-posture-guide/'>The desk posture guide your back needs</a></li></ul></div>"
    )
    assert recommended(found) == ["Eight foods for better sleep", "The desk posture guide your back needs"]


def test_a_marker_span_with_its_colon_outside() -> None:
    """<span>上一篇</span>：<a>…</a>: the label in an element, its colon after it as text."""
    found = links_of(
        "<div class='content'><h1>失眠了怎么办</h1><p>正文内容。</p></div><div class='fy'>"
        "<p><span>上一篇</span>：<a href='/jb/1209.html'>打呼噜是病吗</a></p>"
        "<p><span>下一篇</span>：<a href='/jb/1211.html'>睡觉流口水是怎么回事</a></p></div>"
    )
    assert title_of(found, "previous") == "打呼噜是病吗"
    assert title_of(found, "next") == "睡觉流口水是怎么回事"


def test_a_label_of_its_own_over_a_linked_heading() -> None:
    """ "Previous Article" / 上一篇 in an element of its own over the neighbour's linked heading."""
    english = links_of(
        ARTICLE + "<div class='art-links'><div class='col'><h5>Previous Article</h5><h4><a href='/a/neck-pain'>"
        "Neck pain after sleeping: what to do</a></h4></div><div class='col'><h5>Next Article</h5><h4>"
        "<a href='/a/eye-strain'>Eye strain from screens, explained</a></h4></div></div>"
    )
    assert title_of(english, "previous") == "Neck pain after sleeping: what to do"
    assert title_of(english, "next") == "Eye strain from screens, explained"
    chinese = links_of(
        "<div class='content'><h1>失眠了怎么办</h1><p>正文内容。</p></div><div class='art-links'>"
        "<div class='col'><span>上一篇</span><h4><a href='/jb/1209.html'>打呼噜是病吗</a></h4></div>"
        "<div class='col'><span>下一篇</span><h4><a href='/jb/1211.html'>睡觉流口水是怎么回事</a></h4></div></div>"
    )
    assert title_of(chinese, "previous") == "打呼噜是病吗"
    assert title_of(chinese, "next") == "睡觉流口水是怎么回事"


def test_a_series_previous_and_next_labels() -> None:
    """A series' "Previous in this series:" and "Next in this series:" before the neighbours' links."""
    found = links_of(
        ARTICLE + "<div class='series'><p><strong>Previous in this series:</strong> <a href='/a/neck-pain'>Neck pain "
        "after sleeping: what to do</a></p><p><strong>Next in this series:</strong> <a href='/a/eye-strain'>"
        "Eye strain from screens, explained</a></p></div>"
    )
    assert title_of(found, "previous") == "Neck pain after sleeping: what to do"
    assert title_of(found, "next") == "Eye strain from screens, explained"


def test_older_opening_a_title_is_no_marker() -> None:
    """ "« Older" is a marker only as a label of its own (the link's whole text, a child's, or
    before a colon): a title that opens with the word keeps it, and "« Older news" (a list's pages)
    is no previous article titled "news"."""
    found = links_of(
        ARTICLE + "<div class='nav-links'><div class='nav-previous'><a href='/a/older-adults-protein'>"
        "&laquo; Older adults need more protein</a></div></div>"
    )
    assert title_of(found, "previous") == "Older adults need more protein"
    news = links_of(ARTICLE + "<div class='nav'><a href='/news/page/2/'>&laquo; Older news</a></div>")
    assert one(news, "previous") is None
    labelled = links_of(ARTICLE + "<p><a href='/a/neck-pain'>&larr; Older:</a> Neck pain after sleeping</p>")
    assert title_of(labelled, "previous") == "Neck pain after sleeping"


def test_a_cjk_marker_link_followed_by_a_sentence() -> None:
    """A CJK tail after 上一篇 that holds sentence punctuation or runs longer than a title goes on
    as a sentence: no title; the same tail after a colon, or a short title, is one."""
    sentence = links_of(ARTICLE + "<p><a href='/a/1.html'>上一篇</a>我们讲了失眠的原因，这一篇讲治疗。</p>")
    assert one(sentence, "previous") is None
    long = links_of(ARTICLE + "<p><a href='/a/1.html'>上一篇</a>" + "失眠" * 16 + "</p>")
    assert one(long, "previous") is None
    colon = links_of(ARTICLE + "<p><a href='/a/1.html'>上一篇</a>：失眠怎么办？这些方法有用</p>")
    assert title_of(colon, "previous") == "失眠怎么办？这些方法有用"
    short = links_of(ARTICLE + "<p><a href='/a/1.html'>上一篇</a> 失眠怎么办</p>")
    assert title_of(short, "previous") == "失眠怎么办"


def test_a_paid_box_keeps_a_link_with_no_address() -> None:
    """On a page read without its URL, a relative link in a paid box has no address: it is the
    site's own article, not another site's ad."""
    found = links_of(
        ARTICLE + "<div class='related'><h3>You May Like</h3><p>Sponsored Links by Taboola</p><ul>"
        "<li><a href='https://www.example-health.com/a/neck-pain-relief.html'>Neck pain relief that works</a></li>"
        "<li><a href='/a/back-pain-relief.html'>Back pain relief for office workers</a></li>"
        "<li><a href='https://www.example-health.com/a/knee-pain.html'>Knee pain when climbing stairs</a></li>"
        "<li><a href='https://ads.other.com/x/buy-now-123.html'>Buy this pillow now</a></li></ul></div>",
        None,
    )
    titles = [link.title for link in found.links if link.relation == "recommended"]
    assert "Back pain relief for office workers" in titles
    assert "Buy this pillow now" not in titles
