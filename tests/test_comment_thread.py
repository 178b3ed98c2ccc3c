"""Readers' comments told by their shape (`drop_thread`, rule `generic.comment-thread`): a
name, a stamp with the clock time, a text, again and again."""

from __future__ import annotations

from conftest import devset_manifest, shared

from cleaner import Cleaner, Document, load_rule_files
from cleaner.ruletest import switched_off

# The rules that know a comment thread by its heading or its form, and the share bar over it:
# off, the page is as a site nobody wrote them for prints it.
COMMENT_RULES = ("generic.comment-widget", "generic.comment-count", "boilerplate.comment-heading",
                 "boilerplate.comment-thoughts", "boilerplate.comment-sort",
                 "boilerplate.comment-form", "boilerplate.share-buttons",
                 "boilerplate.share-heading")


def _without(rule_ids: tuple[str, ...]) -> Cleaner:
    files = load_rule_files()
    for rule_id in rule_ids:
        files = switched_off(files, rule_id)
    return Cleaner(files)


def test_a_train_pages_comment_thread_goes_by_its_shape_when_no_rule_knows_its_heading():
    """wcxb-0479: a post, then 56 comments of a name, "December 18, 2025, 9:46 pm" and the
    text. Without the comment rules and without the thread rule, the comments are article."""
    page = "wcxb-0479"
    assert devset_manifest()[page]["split"] == "train"
    text = shared("devset", "text", f"{page}.txt").read_text(encoding="utf-8")
    gold = [line for line in shared("devset", "gold", f"{page}.txt").read_text(
        encoding="utf-8").splitlines() if line]
    comment = "Oh look over there! It’s a bug coming right for us!"
    assert comment in text.splitlines()

    article = _without(COMMENT_RULES).clean(Document.from_text(text, page, page))[0].text
    assert comment not in article.splitlines()
    words = set(article.split())  # gold lines cut with "..." are not the page's lines whole
    gold_words = [word for line in gold for word in line.split()]
    assert sum(word in words for word in gold_words) >= 0.97 * len(gold_words)

    unthreaded = _without((*COMMENT_RULES, "generic.comment-thread"))
    assert comment in unthreaded.clean(Document.from_text(text, page, page))[0].text


def test_a_thread_is_three_entries_at_least(cleaner):
    """Two commenters are no thread: a page may print an author's box and a quoted reader."""
    entry = ["Anna Berger", "12. März 2025 um 09:14",
             "Endlich! Wir warten seit Jahren darauf, dass sich dort etwas tut."]
    article = ["Die Stadt will die alte Markthalle bis zum Sommer sanieren und danach öffnen.",
               "Die Arbeiten sollen im März beginnen und rund zwei Millionen Euro kosten."]
    two = Document.from_text("\n".join(article + entry * 2), "two", "two.txt")
    cleaner.clean(two)
    assert not any(line.removed_by == "generic.comment-thread" for line in two.lines)
    three = Document.from_text("\n".join(article + entry * 3), "three", "three.txt")
    cleaner.clean(three)
    thread = three.lines[len(article):]
    assert all(line.removed_by for line in thread)  # the stamps a German date rule's
    assert [line.text for line in thread if line.removed_by == "generic.comment-thread"] == [
        entry[0], entry[2]] * 3


def test_a_train_pages_comments_stamped_how_long_ago_go_by_their_shape():
    """wcxb-0121: a post, then 36 comments of a name, "1 year ago", often a "Reply to cse"
    button, and the text. Without the comment rules the thread is told by its relative
    times; without `generic.comment-thread-ago` too, the comments are article."""
    page = "wcxb-0121"
    assert devset_manifest()[page]["split"] == "train"
    text = shared("devset", "text", f"{page}.txt").read_text(encoding="utf-8")
    gold = shared("devset", "gold", f"{page}.txt").read_text(encoding="utf-8")
    comment = "So incredibly helpful!"
    assert comment in text.splitlines() and comment not in gold

    article = _without(COMMENT_RULES).clean(Document.from_text(text, page, page))[0].text
    assert comment not in article.splitlines()
    assert "Reply to cse" not in article.splitlines()

    unthreaded = _without((*COMMENT_RULES, "generic.comment-thread-ago")).clean(
        Document.from_text(text, page, page))[0].text
    assert comment in unthreaded
    # what goes is the comments: the article keeps every word of the gold text it kept
    kept = set(article.split())
    assert [word for word in gold.split() if word in set(unthreaded.split())] == [
        word for word in gold.split() if word in kept]


def test_related_cards_under_relative_times_are_no_thread(cleaner):
    """Outlet, "5 hours ago", headline, snippet, three times and no heading: the shape of a
    comment but for the headline under each time, which ends no sentence."""
    cards = []
    for outlet, when, headline in (("Reuters", "5 hours ago", "Bridge repairs close the road"),
                                   ("BBC News", "2 days ago", "Libraries left short of funds"),
                                   ("The Guardian", "3 days ago", "Bus fares rise again")):
        cards += [outlet, when, headline, "The council says the change will be reviewed in "
                  "the spring after a public consultation."]
    doc = Document.from_text("\n".join(cards), "cards", "cards.txt")
    cleaner.clean(doc)
    assert not any(line.removed_by == "generic.comment-thread-ago" for line in doc.lines)


def test_a_kiosks_read_the_article_button_is_no_commenters_name(cleaner):
    """"Section • clock time", headline, teaser, "Read the article", four times: the button
    stands right over the next story's stamp, as a commenter's name over a comment's. A line
    a rule removed (`generic.read-more`) is no name, so the stories stay, each a record."""
    stories = (("Europe", "9:12 AM", "Tram drivers in the capital walk out over night-shift pay"),
               ("Europe", "8:40 AM", "Lake ferry company orders two electric boats"),
               ("Africa", "7:55 AM", "Coastal town opens desalination plant after water cuts"),
               ("Asia", "7:10 AM", "Port city bans cars from its old quarter on Sundays"))
    lines = []
    for section, time, headline in stories:
        lines += [f"{section} • {time}", headline, "The council said the change would take "
                  "effect next month and be reviewed after a year of use.", "Read the article"]
    doc = Document.from_text("\n".join(lines), "kiosk", "kiosk.txt")
    records = cleaner.clean(doc)
    assert not any(line.removed_by == "generic.comment-thread" for line in doc.lines)
    assert [record.title for record in records[1:]] == [story[2] for story in stories]
