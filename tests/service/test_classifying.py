"""Classification in worker processes gives the decisions of the calling process's engine, in order."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from charte.domain import Post
from charte.engine.engine import CheckEngine
from charte.policy.model import Policy
from charte.service.classifying import Checked, ClassifierPool

TEXTS = [
    "Votre service est nul, je veux être remboursé !",
    "Merci pour la livraison rapide, super équipe",
    "Where is my parcel? Ordered two weeks ago.",
    "I will find you and make you pay, idiot",
    "Appelez-moi au 06 12 34 56 78 pour le dossier",
    "Great coffee this morning at the Lyon shop",
    "Votre appli plante encore, c'est la troisième fois",
    "Is the branch open on Sunday?",
]


def test_the_pool_decides_like_the_engine_in_order(engine: CheckEngine) -> None:
    posts = [Post(text=f"{text} ({i})", platform="bluesky") for i, text in enumerate(TEXTS * 3)]
    key = (1, "demo")
    pool = ClassifierPool(2, min_batch=4)
    try:
        pooled = pool.check_many(engine, key, lambda: _demo_text(), posts)
        small = pool.check_many(engine, key, lambda: "not read for a small batch", posts[:3])
    finally:
        pool.close()
    expected = engine.check_many(posts)
    assert [d.to_dict() for d in pooled] == [d.to_dict() for d in expected]
    assert [d.to_dict() for d in small] == [d.to_dict() for d in expected[:3]]


def test_the_pool_sends_back_what_ingestion_keeps_of_each_decision(engine: CheckEngine) -> None:
    posts = [Post(text=f"{text} ({i})", platform="bluesky") for i, text in enumerate(TEXTS * 3)]
    pool = ClassifierPool(2, min_batch=4)
    try:
        pool.warm((1, "demo"), _demo_text)  # started and compiled before the first batch
        pooled = pool.submit_checked(engine, (1, "demo"), lambda: _demo_text(), posts)()
        small = pool.submit_checked(engine, (1, "demo"), lambda: "not read", posts[:3])()
    finally:
        pool.close()
    expected = [Checked.of(d) for d in engine.check_many(posts)]
    assert pooled == expected and small == expected[:3]
    first = engine.check_many(posts[:1])[0]
    assert expected[0].findings == first.to_dict()["findings"] and expected[0].verdict == str(first.verdict)
    assert set(expected[0].scores) <= {"toxicity", "sentiment", "intent"}


def test_warming_starts_the_workers_and_nothing_once_closed() -> None:
    pool = ClassifierPool(2)
    try:
        pool.warm()
        assert len(pool.pids()) == 2
    finally:
        pool.close()
    pool.warm()  # a warm-up that comes after the shutdown starts no process
    assert pool.pids() == []


def _demo_text() -> str:
    from charte.cli.demo import demo_policy_text

    return demo_policy_text()


def test_a_batch_stored_through_the_pool_is_stored_as_without_it(database_url: str) -> None:
    import datetime as dt

    from sqlalchemy import select

    from charte.listening.types import Batch, IncomingMention
    from charte.service import ingestion, organisations, policies, sources
    from charte.service.demo import system
    from charte.service.engines import EngineCache
    from charte.store import migrate
    from charte.store.db import make_engine, make_sessionmaker
    from charte.store.models import Mention
    from charte.store.repositories import Store

    migrate.upgrade(database_url)
    engine = make_engine(database_url)
    factory = make_sessionmaker(engine)
    with factory() as session:
        store = Store(session)
        org = organisations.create(store, "Pool", f"pool{id(factory) % 100000}").id
        policies.upload(store, system(org), _demo_text(), comment="p", activate=True)
        ids = [
            sources.create_source(store, system(org), kind="webhook", name=n, settings={}, secret="k" * 32).id
            for n in ("plain", "pooled")
        ]
        session.commit()
    at = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    batch = Batch(
        mentions=[
            IncomingMention(external_id=f"m{i}", text=text, author_handle="@acme-support", created_at=at)
            for i, text in enumerate(TEXTS * 2)
        ]
    )
    pool = ClassifierPool(2, min_batch=2)
    try:
        ingestion.IngestionStore(factory, EngineCache(), clock=lambda: at).accept(ids[0], batch)
        ingestion.IngestionStore(factory, EngineCache(), clock=lambda: at, classifier=pool).accept(
            ids[1], batch
        )
    finally:
        pool.close()
    fields = ("external_id", "language", "toxicity", "sentiment", "intent", "verdict", "findings", "team")
    with factory() as session:
        stored = [
            [
                tuple(getattr(m, f) for f in (*fields, "due_at", "flag", "flags"))
                for m in session.scalars(
                    select(Mention).where(Mention.source_id == s).order_by(Mention.external_id)
                )
            ]
            for s in ids
        ]
    engine.dispose()
    assert len(stored[0]) == len(TEXTS) * 2 and stored[0] == stored[1]


def test_equal_posts_are_found_once_and_in_order() -> None:
    from charte.service.classifying import distinct

    a, b = Post(text="same", platform="bluesky"), Post(text="other", platform="bluesky")
    other_lang = Post(text="same", lang="fr", platform="bluesky")
    unique, where = distinct([a, b, Post(text="same", platform="bluesky"), other_lang, b])
    assert unique == [a, b, other_lang] and where == [0, 1, 0, 2, 1]
    assert distinct([]) == ([], [])


def test_reposts_are_checked_once_and_each_gets_its_own_decision(engine: CheckEngine) -> None:
    # Each text four times (a storm of reposts): 8 distinct posts, 32 results.
    posts = [Post(text=text, platform="bluesky") for _ in range(4) for text in TEXTS]
    expected = [Checked.of(engine.check(post)) for post in posts]
    pool = ClassifierPool(2, min_batch=9)  # 32 posts but 8 distinct: checked in this process, no worker
    try:
        assert pool.submit_checked(engine, (1, "demo"), lambda: "not read", posts)() == expected
        assert pool.pids() == []
        pool.min_batch = 8
        assert pool.submit_checked(engine, (1, "demo"), _demo_text, posts)() == expected
        assert len(pool.pids()) == 2
    finally:
        pool.close()
    from charte.service.classifying import checked_many

    assert checked_many(engine, posts) == expected


def test_a_repost_by_the_brand_keeps_its_own_intent(database_url: str) -> None:
    """Equal posts share one result; the intent cues still see whether each one's author is the brand."""
    import datetime as dt

    from charte.listening.intent import decide as decide_intent
    from charte.listening.lookalike import Identity
    from charte.listening.types import IncomingMention
    from charte.service import ingestion
    from charte.store import migrate
    from charte.store.db import make_engine, make_sessionmaker
    from charte.store.repositories import Store

    migrate.upgrade(database_url)
    db = make_engine(database_url)
    at = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    text = "Votre service est nul, je veux être remboursé ! Where is my parcel?"
    authors = ["@customer", "@acme", "@other", "@acme"]
    mentions = [
        IncomingMention(external_id=f"r{i}", text=text, author_handle=a, created_at=at)
        for i, a in enumerate(authors)
    ]
    shared = Checked.of(CheckEngine(engine_policy()).check(Post(text=text, platform="webhook")))
    assert shared.scores["intent"]
    work = ingestion.Classifying(
        ingestion.SourceRef(1, 1, "webhook", "hook"),
        mentions,
        engine_policy(),
        Identity(handles=["@acme"]),
        lambda: [shared] * len(mentions),
        None,
    )
    try:
        with make_sessionmaker(db)() as session:
            rows = work.rows(Store(session), at)
    finally:
        db.dispose()
    expected = [
        decide_intent(
            text, shared.scores["intent"], from_brand=a == "@acme", sentiment=shared.scores["sentiment"]
        )
        for a in authors
    ]
    assert [row["intent"] for row in rows] == expected
    assert expected[0] != expected[1]  # the brand's own post is never a complaint: the test tells them apart


def engine_policy() -> Policy:
    from charte.policy.loader import parse_policy

    return parse_policy(_demo_text(), "<demo policy>")


def test_without_an_engine_here_a_small_batch_goes_to_the_workers(engine: CheckEngine) -> None:
    posts = [Post(text=text, platform="bluesky") for text in TEXTS[:3]]
    compiled: list[int] = []

    def compile_here() -> CheckEngine:
        compiled.append(1)
        return engine

    pool = ClassifierPool(2, min_batch=64)
    try:
        assert pool.submit_checked(compile_here, (1, "demo"), _demo_text, posts)() == [
            Checked.of(d) for d in engine.check_many(posts)
        ]
        assert compiled == [] and pool.pids()  # checked by a worker, nothing compiled in this process
    finally:
        pool.close()


def test_the_engine_cache_parses_a_version_once_and_compiles_it_only_when_asked() -> None:
    from charte.service.engines import EngineCache

    cache, reads = EngineCache(), []

    def load() -> str:
        reads.append(1)
        return _demo_text()

    policy = cache.policy((1, "h"), load)
    assert cache.policy((1, "h"), load) is policy and cache.compiled((1, "h")) is None and len(reads) == 1
    engine = cache.get_parsed((1, "h"), policy)
    assert engine.policy is policy and cache.compiled((1, "h")) is engine
    assert cache.get((1, "h"), load) is engine and cache.policy((1, "h"), load) is policy and len(reads) == 1


def test_a_post_sent_to_a_worker_is_the_same_post_there() -> None:
    from charte.domain import Attachment
    from charte.service.classifying import _compact, _expand

    posts = [
        Post(text="plain", lang="fr", platform="bluesky"),
        Post(text="no lang"),
        Post(text="brand", account="brand", platform="x"),
        Post(text="by", author="@a", functions=frozenset({"communications"})),
        Post(text="reply", in_reply_to_complaint=True),
        Post(text="pic", attachments=(Attachment(kind="image", alt="a cat"),)),
    ]
    for post in posts:
        assert _expand(_compact(post)) == post
    assert isinstance(_compact(posts[0]), tuple) and _compact(posts[2]) is posts[2]


def test_a_post_checked_in_an_earlier_batch_is_not_checked_again(engine: CheckEngine) -> None:
    """A spam wave or a copy-paste campaign spans many batches: each distinct post is checked once while it is
    among the last ``size`` kept, by policy version and day; the results are the engine's, in order."""
    import datetime as dt

    from charte.service.classifying import RecentChecks, checked_many, with_recent

    sent: list[list[Post]] = []

    def submit(posts: Sequence[Post]) -> Callable[[], list[Checked]]:
        sent.append(list(posts))
        return lambda: checked_many(engine, posts)

    posts = [Post(text=text, platform="bluesky") for text in TEXTS]
    recent = RecentChecks(size=6)
    key = (1, "demo")
    first = with_recent(recent, key, posts[:4], submit)()
    again = with_recent(recent, key, [posts[3], posts[0], posts[5], posts[5]], submit)()
    assert first == checked_many(engine, posts[:4])
    assert again == checked_many(engine, [posts[3], posts[0], posts[5], posts[5]])
    assert sent == [posts[:4], [posts[5], posts[5]]]  # 3 and 0 answered from the earlier batch
    assert (recent.hits, recent.misses) == (2, 6)
    with_recent(recent, (2, "other version"), posts[:1], submit)()  # another policy version: checked again
    assert sent[-1] == posts[:1]
    with_recent(recent, key, posts[6:8], submit)()  # 7 kept, one too many: the least recently used goes
    with_recent(recent, key, [posts[1], posts[0]], submit)()
    assert sent[-1] == [posts[1]]
    assert recent.look_up(key, dt.date.today() + dt.timedelta(days=1), posts[:1]) == [None]  # another day


def test_a_long_post_or_a_cache_of_size_zero_keeps_nothing(engine: CheckEngine) -> None:
    from charte.service.classifying import RecentChecks, checked_many

    long = Post(text="Votre service est nul. " * 200, platform="bluesky")
    short = Post(text=TEXTS[0], platform="bluesky")
    import datetime as dt

    day = dt.date(2026, 12, 7)
    for recent, kept in ((RecentChecks(max_chars=1000), [None, True]), (RecentChecks(0), [None, None])):
        recent.keep((1, "demo"), day, [long, short], checked_many(engine, [long, short]))
        found = recent.look_up((1, "demo"), day, [long, short])
        assert [f if f is None else True for f in found] == kept


def test_a_batch_of_known_posts_is_stored_as_when_checked(database_url: str) -> None:
    """The rows of a batch answered from the recent results are those of a store that checks everything."""
    import datetime as dt

    from sqlalchemy import select

    from charte.listening.types import Batch, IncomingMention
    from charte.service import ingestion, organisations, policies, sources
    from charte.service.classifying import RecentChecks
    from charte.service.demo import system
    from charte.service.engines import EngineCache
    from charte.store import migrate
    from charte.store.db import make_engine, make_sessionmaker
    from charte.store.models import Mention
    from charte.store.repositories import Store

    migrate.upgrade(database_url)
    db = make_engine(database_url)
    factory = make_sessionmaker(db)
    with factory() as session:
        store = Store(session)
        org = organisations.create(store, "Recent", f"recent{id(factory) % 100000}").id
        policies.upload(store, system(org), _demo_text(), comment="r", activate=True)
        ids = [
            sources.create_source(store, system(org), kind="webhook", name=n, settings={}, secret="k" * 32).id
            for n in ("kept", "checked")
        ]
        session.commit()
    at = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)

    def batch(prefix: str) -> Batch:
        return Batch(
            mentions=[
                IncomingMention(external_id=f"{prefix}{i}", text=t, author_handle="@someone", created_at=at)
                for i, t in enumerate(TEXTS)
            ]
        )

    kept = ingestion.IngestionStore(factory, EngineCache(), clock=lambda: at)
    checked = ingestion.IngestionStore(factory, EngineCache(), clock=lambda: at, recent=RecentChecks(0))
    try:
        for sink, source in ((kept, ids[0]), (checked, ids[1])):
            sink.accept(source, batch("a"))
            sink.accept(source, batch("b"))  # the same texts again, new ids
        fields = ("external_id", "language", "toxicity", "sentiment", "intent", "verdict", "findings", "team")
        with factory() as session:
            stored = [
                [
                    tuple(getattr(m, f) for f in fields)
                    for m in session.scalars(
                        select(Mention).where(Mention.source_id == s).order_by(Mention.external_id)
                    )
                ]
                for s in ids
            ]
    finally:
        db.dispose()
    assert (kept.recent.hits, kept.recent.misses) == (len(TEXTS), len(TEXTS))
    assert checked.recent.hits == 0
    assert len(stored[0]) == 2 * len(TEXTS) and stored[0] == stored[1]
