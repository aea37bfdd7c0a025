"""Traditional forms of the characters the Chinese tables (and the markers) are written in, so that one table reads
Simplified and Traditional pages alike (治疗 / 治療, 怎么办 / 怎麼辦, 上一条 / 上一條).

`VARIANTS` is data, made by `bench/zh_variants.py` from zhconv's tables (zh-tw, zh-hk, zh-hant),
which a developer installs for it; nothing pagesift runs imports zhconv."""

from __future__ import annotations

#: Each entry a Simplified character and its Traditional forms.
VARIANTS_TEXT = (
    "专專 个個 为為爲 么麼 们們 优優 会會 关關 兴興 内內 决決 况況 几幾 击擊 划劃 别別 剂劑 办辦 动動 区區 医醫 "
    "参參 发發 号號 吃喫 后後 吗嗎 响響 图圖 坏壞 声聲 处處 对對 导導 帮幫 应應 归歸 当當 征徵 总總 扩擴 扫掃 护護 "
    "断斷 无無 时時 暂暫 术術 机機 权權 条條 来來 栏欄 样樣 检檢 欢歡 气氣 没沒 温溫 点點 热熱 状狀 独獨 献獻 现現 "
    "疗療 种種 窍竅 筛篩 简簡 线線 组組 经經 结結 缓緩 编編 网網 群羣 范範 荐薦 药藥 补補 见見 讯訊 论論 评評 识識 "
    "诊診 词詞 语語 误誤 诱誘 读讀 调調 责責 贴貼 资資 转轉 载載 辑輯 过過 运運 还還 这這 选選 郑鄭 鉴鑑 针針 链鏈 "
    "长長 门門 问問 间間 闻聞 阅閱閲 险險 页頁 项項 顾顧 预預 频頻 题題 饮飲 骗騙 龄齡 块塊 湿溼濕 钱錢 骤驟 仪儀 减減 师師 床牀 绍紹 轻輕 馆館"
)
VARIANTS: dict[str, str] = {entry[0]: entry[1:] for entry in VARIANTS_TEXT.split()}


def with_variants(pattern: str, variants: dict[str, str] = VARIANTS) -> str:
    """The pattern with each character that has variants matching them too: 疗 becomes [疗療]
    outside a character class and 疗療 inside one (a negated class then refuses both)."""
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):  # an escape stays as it is
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = char != "]"
            out.append(char + variants.get(char, ""))
        elif char == "[":
            in_class = True
            out.append(char)
        else:
            out.append(f"[{char}{variants[char]}]" if char in variants else char)
        i += 1
    return "".join(out)


def spellings(word: str, variants: dict[str, str] = VARIANTS) -> list[str]:
    """A literal word as Simplified and as Traditional pages write it ("后一篇", "後一篇"; a page
    does not mix the two): a union of literals is searched faster than words of character classes
    (the marker hint, tried around every link of a page)."""
    forms = max((len(variants.get(char, "")) for char in word), default=0)
    found = [word]
    for column in range(forms):
        spelled = "".join((variants.get(c) or c)[min(column, len(variants.get(c) or c) - 1)] for c in word)
        if spelled not in found:
            found.append(spelled)
    return found
