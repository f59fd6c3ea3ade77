"""A category of many generated articles on the test wiki, written through the API as the fixture
bot: used by the request-budget tests (tests/wiki/test_scale.py) and the benchmark
(bench/wiki_facts.py)."""
from __future__ import annotations

from arena.wiki.client import WikiClient

_ARABIC = "كتب الشاعر قصيدة عن المدينة القديمة وأهلها وأسواقها"


def article_text(category: str, number: int) -> str:
    """An article of a few paragraphs with what contests count: references, links (to no page of
    the fixture wiki, whose incoming links other tests count), a template,
    a picture, a heading; every fifth one in Arabic."""
    words = " ".join(f"word{number}x{i}" for i in range(number % 40 + 5))
    body = _ARABIC if number % 5 == 0 else f"This generated article number {number} describes a topic."
    return (f"{{{{Infobox person|name=Person {number}}}}}\n'''Generated {number}''' {body} "
            f"It links to [[Generated topic {number % 11}]] and [[Missing page {number % 7}]].<ref>Source {number}.</ref>\n\n"
            f"== Details ==\n{words}.<ref name=\"r{number}\">Book {number}.</ref> Again.<ref name=\"r{number}\" />\n\n"
            f"[[File:Picture {number}.jpg|thumb|A picture]]\n\n== References ==\n<references />\n\n"
            f"[[Category:{category}]]\n")


class BotWriter:
    """Edits as the fixture bot through one logged-in session."""

    def __init__(self, wiki):
        self.site = WikiClient(wiki.api_url).make_site()
        self.site.login(wiki.bot.login_name, wiki.bot.password)
        self.token = self.site.get("query", meta="tokens", type="csrf",
                                   formatversion=2)["query"]["tokens"]["csrftoken"]

    def edit(self, title: str, text: str, summary: str = "test setup") -> None:
        result = self.site.post("edit", title=title, text=text, summary=summary, token=self.token, bot=1,
                                formatversion=2)
        if result["edit"]["result"] != "Success":
            raise RuntimeError(f"edit of {title} failed: {result}")

    def append(self, title: str, text: str) -> None:
        result = self.site.post("edit", title=title, appendtext=text, summary="more", token=self.token, bot=1,
                                formatversion=2)
        if result["edit"]["result"] != "Success":
            raise RuntimeError(f"edit of {title} failed: {result}")


def make_category(wiki, category: str, count: int, prefix: str) -> list[str]:
    """Create ``count`` articles in ``category``; their titles."""
    writer = BotWriter(wiki)
    titles = [f"{prefix} {n:04d}" for n in range(count)]
    for number, title in enumerate(titles):
        writer.edit(title, article_text(category, number))
    return titles
