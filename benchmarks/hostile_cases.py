import time, charte, sys
from pathlib import Path
from charte.domain import Post
eng = {l: charte.CheckEngine(charte.load_policy(Path("policies")/f"finance.{l}.yaml")) for l in ("fr",)}
cases = {
 "words": "zéro six douze trente quatre " * 35000,
 "digits-break": "12\n34\u200b56 " * 100000,
 "mixed": "gmаil.com пароль 06 12 34 56 78 " * 30000,
 "defang": "hxxps://bit[.]ly/ " * 60000,
}
for name, text in cases.items():
    if len(sys.argv) > 1 and name not in sys.argv[1:]: continue
    text = text[:1_000_000]
    for l, e in eng.items():
        t = time.process_time()
        d = e.check(Post(text=text, lang=l))
        print(name, l, f"{time.process_time()-t:.2f}s", len(d.findings))
