"""The phishing URL classifier: features, the shipped artefacts, training on a small folder (deterministic)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from charte.errors import ModelError
from charte.models import train_url, url_features, url_model

SRC = Path(__file__).resolve().parents[2] / "src"


def _struct(url: str) -> list[str]:
    return [t for t in url_features.tokens(url) if not t.startswith(("c:", "p:"))]


def test_structure_tokens_describe_the_address() -> None:
    tokens = _struct("http://user@192.168.1.10:8080//admin/login.php?cmd=verify&id=3")
    assert {"ip", "at", "port", "dslash", "ext:php", "sus:login", "sus:verify", "nq:2", "qk:cmd"} <= set(
        tokens
    )
    tokens = _struct("https://secure.login.paypal.com.evil-site.co.uk/a/b/c")
    assert {"tld:co.uk", "reg:evil-site", "sub:paypal", "nsub:4", "depth:3", "hyph:1"} <= set(tokens)
    assert "punycode" in _struct("http://xn--pypal-4ve.com/") and "nonascii" in _struct(
        "http://xn--pypal-4ve.com/"
    )
    assert "nonascii" in _struct("http://pаypal.com/")  # Cyrillic а


def test_the_scheme_is_not_a_feature() -> None:
    assert url_features.featurise("http://example.org/a")[0].tolist() == (
        url_features.featurise("https://example.org/a")[0].tolist()
    )


@pytest.mark.parametrize(
    "url",
    [
        "",
        "://",
        "http://",
        "http://[::1",
        "http://%zz/",
        "javascript:alert(1)",
        "a" * 100_000,
        "http://a.b/\x00\ud800",
    ],
)
def test_malformed_urls_are_featurised_without_error(url: str) -> None:
    ids, values = url_features.featurise(url)
    assert len(ids) == len(values) and len(ids) > 0
    assert ids.min() >= 0 and ids.max() < 1 << url_features.BITS
    assert np.all(np.diff(ids) > 0) and np.all(np.isfinite(values))


def test_features_are_the_same_in_another_process() -> None:
    url = "https://www.acme-login.example.com/verify/account?id=12"
    here = url_features.featurise(url)
    code = f"from charte.models import url_features as f; i, v = f.featurise({url!r}); print(i.tolist(), v.tolist())"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env={"PYTHONPATH": str(SRC)}
    ).stdout
    assert out.strip() == f"{here[0].tolist()} {here[1].tolist()}"


def test_the_shipped_model_is_small_and_separates_obvious_cases() -> None:
    model = url_model.load_default()
    assert (url_model.ARTEFACTS / url_model.WEIGHTS_FILE).stat().st_size < 100_000
    assert 0.0 < model.threshold < 1.0
    phishing = "http://paypal.com.account-verify.secure-login.info/webscr/cmd=_login-run/index.php"
    benign = "https://en.wikipedia.org/wiki/Python_(programming_language)"
    assert model.score(phishing) >= model.threshold > model.score(benign)
    assert model.score(phishing) == model.score(phishing)  # no state between calls
    assert model.manifest["metrics_val"].keys() == train_url.SOURCES.keys()


def test_a_corrupt_or_missing_artefact_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "artefacts"
    folder.mkdir()
    for name in (url_model.WEIGHTS_FILE, url_model.MANIFEST_FILE):
        shutil.copy(url_model.ARTEFACTS / name, folder / name)
    url_model.UrlModel.load(folder)
    data = bytearray((folder / url_model.WEIGHTS_FILE).read_bytes())
    data[len(data) // 2] ^= 0xFF
    (folder / url_model.WEIGHTS_FILE).write_bytes(bytes(data))
    with pytest.raises(ModelError, match="URL model weights"):
        url_model.UrlModel.load(folder)
    (folder / url_model.MANIFEST_FILE).unlink()
    with pytest.raises(ModelError, match="URL model manifest missing"):
        url_model.UrlModel.load(folder)


def test_dedupe_and_domain_split() -> None:
    assert train_url.dedupe_key("HTTPS://www.Example.com/a/") == train_url.dedupe_key("http://example.com/a")
    assert train_url.domain_of("https://a.b.example.co.uk/x") == "example.co.uk"
    assert train_url.domain_of("http://10.0.0.1/x") == "10.0.0.1"
    assert train_url.split_of("example.co.uk") in ("train", "dev", "val")


def _write_sets(data: Path) -> None:
    """Two small sources shaped like the shared sets: a URL in both, one labelled both ways, many domains."""
    benign = [f"https://www.site{i}.com/news/article-{i}.html" for i in range(120)]
    phishing = [f"http://login-verify{i}.info/secure/webscr.php?cmd=login&id={i}" for i in range(60)]
    for name, rows in (
        (
            "phishing_urls_phishtank2021",
            [*(f"{u},benign,url" for u in benign[:80]), *(f"{u},phishing,url" for u in phishing[:40])],
        ),
        (
            "phishing_urls_iscx2016_phishtank2020",
            [
                *(f"{u},benign,url," for u in benign[70:]),  # 10 URLs also in the first source
                *(f"{u},phishing,url,Other" for u in phishing[40:]),
                f"{benign[0]},phishing,url,Other",  # labelled both ways: dropped from both
            ],
        ),
    ):
        folder = data / name
        folder.mkdir(parents=True)
        header = "text,label,lang" if name.endswith("2021") else "text,label,lang,phishtank_target"
        (folder / "train.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
        (folder / "PROVENANCE.md").write_text("- **License:** test rows\n", encoding="utf-8")


def test_rows_are_deduplicated_across_sources(tmp_path: Path) -> None:
    _write_sets(tmp_path)
    rows = train_url.load_rows(tmp_path)
    keys = [train_url.dedupe_key(r.url) for r in rows]
    assert len(keys) == len(set(keys))
    assert train_url.dedupe_key("https://www.site0.com/news/article-0.html") not in keys
    assert (
        sum(r.source == "iscx2016_phishtank2020" and r.label == 0 for r in rows) == 40
    )  # 10 duplicates gone
    by_domain: dict[str, set[str]] = {}
    for r in rows:
        by_domain.setdefault(r.domain, set()).add(r.split)
    assert all(len(s) == 1 for s in by_domain.values())


def test_training_is_deterministic(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    _write_sets(tmp_path / "data")
    digests = []
    for run in ("a", "b"):
        assert train_url.main(["--data", str(tmp_path / "data"), "--out", str(tmp_path / run)]) == 0
        digests.append(hashlib.sha256((tmp_path / run / url_model.WEIGHTS_FILE).read_bytes()).hexdigest())
    assert digests[0] == digests[1]
    model = url_model.UrlModel.load(tmp_path / "a")
    assert model.score("http://login-verify999.info/secure/webscr.php?cmd=login") > model.score(
        "https://www.site999.com/news/article-999.html"
    )


def test_training_refuses_a_folder_without_the_sets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert train_url.main(["--data", str(tmp_path)]) == 2
    assert "phishing_urls_phishtank2021" in capsys.readouterr().err
