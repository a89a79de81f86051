"""What the sections of docs/benchmarks.md and docs/evaluation.md measure: named groups of paths.

Each section module (``benchmarks/bench_*.py``, ``benchmarks/eval_*.py``) declares a literal
``MEASURES`` tuple of paths relative to the repository (a folder ends with ``/``) and of group names
written ``@name`` (the groups below). ``python -m benchmarks.stale`` and ``tests/benchmarks/test_docs_fresh.py``
read it without importing the module, expand the groups, and call a section stale when one of those files
differs between the commit the section was measured on and ``HEAD``.

Why groups: most sections run the same checker, and the list of its files should be written (and
corrected) once. Why precise paths rather than all of ``src/``: a change to the web API must not make the
model evaluation stale, a change to the scorer must. A group lists what runs when a post is measured, not
everything that is imported: code that only raises on failure (``errors.py``), renders documents or trains
models (the artefacts it writes are what counts) is left out.
"""

from __future__ import annotations

#: The checker a post meets whatever the policy: the policy model and loader, the text views and
#: pre-checks, the engine and its decision rule, the detector contract and registry (which imports every
#: detector module), and language identification with its model.
CORE: tuple[str, ...] = (
    "src/charte/__init__.py",
    "src/charte/domain.py",
    "src/charte/i18n.py",
    "src/charte/plugins.py",
    "src/charte/normalize.py",
    "src/charte/prefilter.py",
    "src/charte/policy/__init__.py",
    "src/charte/policy/model.py",
    "src/charte/policy/loader.py",
    "src/charte/engine/__init__.py",
    "src/charte/engine/engine.py",
    "src/charte/engine/combine.py",
    "src/charte/detectors/__init__.py",
    "src/charte/detectors/base.py",
    "src/charte/detectors/registry.py",
    "src/charte/models/__init__.py",
    "src/charte/models/lang.py",
    "src/charte/models/artefacts/lang_model.json.gz",
)

#: Every detector, its helpers and data, and the word lists of the models' module they use.
DETECTORS: tuple[str, ...] = ("src/charte/detectors/", "src/charte/models/lexicons.py")

#: The shipped models as the engine loads them (training code reaches them through ``artefacts/``).
MODELS: tuple[str, ...] = (
    "src/charte/models/scorer.py",
    "src/charte/models/features.py",
    "src/charte/models/lexicons.py",
    "src/charte/models/cascade.py",
    "src/charte/models/stage2.py",
    "src/charte/models/stage2_embed.py",
    "src/charte/models/artefacts/",
)

#: The starter policies as ``render_starter`` writes them.
STARTERS: tuple[str, ...] = ("src/charte/policy/templates.py", "src/charte/policy/templates/")

#: The labelled rows the models are trained and evaluated on (corpora, functional sets, synthetic rows).
TRAINING_DATA: tuple[str, ...] = (
    "src/charte/models/corpora.py",
    "src/charte/models/functional.py",
    "src/charte/models/synth.py",
)

#: ``charte scan`` end to end: the command, its start-up and its JSON records.
CLI_SCAN: tuple[str, ...] = (
    "src/charte/cli/__init__.py",
    "src/charte/cli/main.py",
    "src/charte/cli/scan.py",
    "src/charte/cli/exit_codes.py",
    "src/charte/engine/records.py",
)

#: ``charte serve --demo``: the API and the web pages it mounts (their middleware sees every request), the use
#: cases, the database, the jobs, the connectors and the demo data.
SERVICE: tuple[str, ...] = (
    "src/charte/api/",
    "src/charte/web/",
    "src/charte/service/",
    "src/charte/store/",
    "src/charte/audit/",
    "src/charte/workers/",
    "src/charte/connectors/",
    "src/charte/settings.py",
    "src/charte/cli/__init__.py",
    "src/charte/cli/main.py",
    "src/charte/cli/service.py",
    "src/charte/engine/records.py",
    "src/charte/demo/",
)

GROUPS: dict[str, tuple[str, ...]] = {
    "core": CORE,
    "rules": CORE + DETECTORS,
    "checker": CORE + DETECTORS + MODELS,
    "starters": STARTERS,
    "demo-policy": (*STARTERS, "src/charte/cli/demo.py"),
    "finance-policies": ("policies/finance.en.yaml", "policies/finance.fr.yaml"),
    "training-data": TRAINING_DATA,
    "cli-scan": CLI_SCAN,
    "service": SERVICE,
}


def expand(entries: tuple[str, ...], where: str = "MEASURES") -> tuple[str, ...]:
    """The paths of ``entries``, groups expanded, sorted and without repeats; an unknown group is an error."""
    paths: set[str] = set()
    for entry in entries:
        if entry.startswith("@"):
            group = GROUPS.get(entry[1:])
            if group is None:
                raise ValueError(f"{where}: unknown group {entry!r} (known: {', '.join(sorted(GROUPS))})")
            paths.update(group)
        else:
            paths.add(entry)
    return tuple(sorted(paths))
