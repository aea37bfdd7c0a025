"""Time link finding alone (`links.find_links`) on parsed pages, in CPU seconds, with a digest of its answers.

    .venv/bin/python bench/links.py [--repeat N] [--cold] [--profile] [--top N]
    /tmp/base/.venv/bin/python bench/links.py       # another checkout's code, run from here

Parses the AEB pages and the real pages (../shared/corpora) once with `page.load_page`, then calls
`find_links` on every tree, each call in its own `dom.memo()` as `pipeline.extract` does, `--repeat`
passes (default 5), and prints the CPU ms a page of each corpus (the best pass) and a digest of
every link and block found, so two checkouts can be compared for speed and sameness at once.
`--cold` empties links.py's cross-page caches (its bounded lru caches and its verdict tables)
before each pass, as a run that reads each page once has them: warm passes flatter them.
`--profile` prints a cProfile table of the passes instead of timing them.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import pstats
import time
from pathlib import Path

from lxml.html import HtmlElement

ROOT = Path(__file__).resolve().parent.parent
_KEPT: list[object] = []  # the pages whose trees are timed
CORPORA = {
    "aeb": ROOT.parent / "shared" / "corpora" / "aeb" / "html",
    "real": ROOT.parent / "shared" / "corpora" / "health-real",
}


def trees(folder: Path) -> list[tuple[HtmlElement, str | None]]:
    """Each page's parsed tree and canonical url, as the pipeline hands them to find_links (the
    pages are kept: a Page holds its elements' Python proxies, as during a run)."""
    from pagesift.extract.meta import canonical_url
    from pagesift.extract.page import load_page, source_of

    found, kept = [], []
    for path in sorted(folder.glob("*.html*")):
        data = path.read_bytes()
        page = load_page(source_of(path, data), data)
        if page.tree is not None:
            found.append((page.tree, canonical_url(page.tree)))
            kept.append(page)
    _KEPT.extend(kept)
    return found


def answers(pages: list[tuple[HtmlElement, str | None]]) -> str:
    """A digest of every link, block and unsafe count find_links gives on the pages."""
    from pagesift.extract.dom import memo
    from pagesift.extract.links import find_links

    digest = hashlib.sha256()
    for tree, url in pages:
        with memo():
            found = find_links(tree, url)
        paths = [tree.getroottree().getpath(b) for b in found.blocks]
        digest.update(repr((found.links, paths, found.unsafe_dropped)).encode())
    return digest.hexdigest()[:16]


def empty_caches() -> None:
    """Forget what links.py keeps across pages: its bounded lru caches (addresses, hosts, titles)
    and its verdict tables; not the unbounded caches of compiled patterns, which a run builds once."""
    from pagesift.extract import links

    for value in vars(links).values():
        info = getattr(value, "cache_parameters", None)
        if info is not None and info()["maxsize"] is not None:
            value.cache_clear()
    getattr(links, "_VERDICTS", {}).clear()


def one_pass(pages: list[tuple[HtmlElement, str | None]], cold: bool = False) -> float:
    from pagesift.extract.dom import memo
    from pagesift.extract.links import find_links

    if cold:
        empty_caches()
    cpu = time.process_time()
    for tree, url in pages:
        with memo():
            find_links(tree, url)
    return time.process_time() - cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="passes over the pages (default 5)")
    parser.add_argument("--cold", action="store_true", help="empty links.py's caches before each pass")
    parser.add_argument("--profile", action="store_true", help="a cProfile table instead of timings")
    parser.add_argument("--top", type=int, default=30, help="rows of the cProfile table")
    args = parser.parse_args(argv)
    import pagesift

    corpora = {name: trees(folder) for name, folder in CORPORA.items() if folder.is_dir()}
    print(f"pagesift from {Path(pagesift.__file__).parent}")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.repeat):
            for pages in corpora.values():
                one_pass(pages, args.cold)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.top)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.top)
        return 0
    for name, pages in corpora.items():
        best = min(one_pass(pages, args.cold) for _ in range(args.repeat))
        print(
            f"{name:5} {len(pages):4d} pages  find_links {1000 * best / len(pages):6.2f} CPU-ms a page (best of "
            f"{args.repeat}{', cold' if args.cold else ''})  answers {answers(pages)}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
