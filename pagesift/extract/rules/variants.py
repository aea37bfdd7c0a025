"""Traditional forms of the characters the Chinese tables (and the markers) are written in, so that one table reads
Simplified and Traditional pages alike (治疗 / 治療, 怎么办 / 怎麼辦, 上一条 / 上一條).

`VARIANTS` is data, made by `bench/zh_variants.py` from zhconv's tables (zh-tw, zh-hk, zh-hant),
which a developer installs for it; nothing pagesift runs imports zhconv."""

from __future__ import annotations

#: Each entry a Simplified character and its Traditional forms.
VARIANTS_TEXT = (
    "专專 业業 两兩 个個 为為爲 么麼 买買 争爭 产產 仪儀 们們 价價 优優 会會 体體 储儲 关關 兴興 养養 内內 决決 况況 准準 减減 几幾 击擊 划劃 别別 "
    "剂劑 办辦 动動 区區 医醫 参參 发發 变變 号號 吃喫 后後 吗嗎 员員 响響 团團 图圖 场場 坏壞 块塊 声聲 处處 备備 复復 学學 对對 导導 尽盡 岗崗 "
    "师師 帮幫 广廣 床牀 应應 开開 归歸 当當 征徵 径徑 态態 总總 战戰 户戶 扩擴 扫掃 护護 报報 拥擁 择擇 挂掛 数數 断斷 无無 时時 暂暫 术術 机機 "
    "权權 条條 来來 极極 标標 栏欄 样樣 检檢 欢歡 气氣 没沒 温溫 湿溼濕 点點 炼煉 热熱 状狀 独獨 献獻 环環 现現 电電 疗療 祸禍 种種 窍竅 竞競 筛篩 "
    "签籤 简簡 类類 纠糾 约約 纷紛 线線 练練 组組 绍紹 经經 结結 络絡 统統 缓緩 编編 缴繳 网網 群羣 联聯 脚腳 脱脫 范範 荐薦 药藥 获獲 营營 补補 "
    "装裝 见見 视視 训訓 议議 讯訊 论論 设設 评評 识識 诊診 词詞 话話 该該 语語 误誤 诱誘 说說説 请請 读讀 调調 谢謝 责責 购購 贮貯 贴貼 贸貿 费費 "
    "资資 赞贊 车車 转轉 轻輕 载載 辅輔 辑輯 达達 过過 运運 还還 这這 进進 选選 郑鄭 鉴鑑 针針 钱錢 链鏈 销銷 键鍵 锻鍛 长長 门門 问問 间間 闻聞 "
    "阅閱閲 队隊 险險 页頁 项項 须須 顾顧 预預 频頻 题題 饪飪 饮飲 馆館 马馬 验驗 骗騙 骤驟 龄齡"
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
