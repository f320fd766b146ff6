#!/usr/bin/python3
"""Browser test of the import page (« Importer les délais du mois », SPEC
§15): a real chromium, JavaScript off, against a real qp-agent and
qp-collector on 127.0.0.1. Upload a hand-worked file, read the dry-run
table, confirm, find the values on the indicators page and at the
collector; then the refusals (a rejected row, a confirmation from another
session, a tampered SHA-256, a file over the cap, the roles).

Figures worked by hand for deploy/examples/import-S2-FIRST-5WD.csv, as of
Monday 20/04/2026, 5 jours ouvrables (Sundays and public holidays do not
count; Easter Monday is 06/04/2026):
  S2-203 27/03 -> limit Thu 02/04, ended 01/04: on time   (March)
  S2-204 30/03 -> limit Sat 04/04, ended 07/04: late      (March)
  S2-201 02/04 -> limit Thu 09/04 (3 Fri, 4 Sat, 7, 8, 9), ended 09/04: on time
  S2-202 02/04 -> ended 10/04: late
  S2-205 14/04 open -> limit Mon 20/04 not passed: open, not yet decidable
  S2-206 08/04 open -> limit Tue 14/04 passed: late
  March: 2 rows, 1 on time, 1 late -> 50 %; April: 4 rows, 1, 2, 1 open
  -> 1/3 = 33,3 %; target 90 %: missed both. Year 2026: 2 / 5 = 40,0 %.

Environment: QP_BIN, QP_SHOTS (as test_web.py). Exit 77 when chromium or
selenium is missing."""
import hashlib
import html
import http.cookiejar
import json
import os
import re
import shutil
import sys
import tempfile
import traceback
import urllib.error
import urllib.parse
import urllib.request
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qpsite  # noqa: E402
from test_web import UI, new_browser, SHOTS, BIN  # noqa: E402  (exits 77 without chromium)
from selenium.webdriver.common.by import By  # noqa: E402

SRC = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(SRC, "deploy", "examples", "import-S2-FIRST-5WD.csv")

passed = failed = 0


def check(desc, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
        print("ok %d - %s" % (passed + failed, desc))
    else:
        failed += 1
        print("not ok %d - %s" % (passed + failed, desc))
        for line in str(detail).splitlines():
            print("#   " + line)
    return cond


def table_rows(b):
    rows = []
    for tr in b.find_elements(By.CSS_SELECTOR, "table.import tbody tr"):
        rows.append([td.text for td in tr.find_elements(By.TAG_NAME, "td")])
    return rows


def upload(ui, path, code="S2-FIRST-5WD", day="20/04/2026"):
    ui.go("/import")
    form = ui.b.find_element(By.CSS_SELECTOR, "main form[enctype='multipart/form-data']")
    ui.fill("code", code, form)
    ui.fill("jour", day, form)
    form.find_element(By.NAME, "fichier").send_keys(path)
    ui.submit(form)


class Http:
    """A second visitor without a browser (its own session)."""

    def __init__(self, url):
        self.url = url
        self.jar = http.cookiejar.CookieJar()
        self.op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path):
        with self.op.open(self.url + path, timeout=10) as r:
            return r.status, r.read().decode()

    def post(self, path, data=None, body=None, ctype=None):
        if body is None:
            body = urllib.parse.urlencode(data).encode()
            ctype = "application/x-www-form-urlencoded"
        req = urllib.request.Request(self.url + path, data=body,
                                     headers={"Content-Type": ctype})
        try:
            with self.op.open(req, timeout=60) as r:
                return r.status, html.unescape(r.read().decode()), r.url
        except urllib.error.HTTPError as e:
            return e.code, html.unescape(e.read().decode()), path

    def csrf(self, path):
        _, text = self.get(path)
        return re.search(r'name="csrf" value="([0-9a-f]+)"', text).group(1)

    def login(self, name, secret):
        tok = self.csrf("/login")
        return self.post("/login", {"csrf": tok, "nom": name, "mdp": secret})

    def upload(self, fields, fname, content):
        bound = uuid.uuid4().hex
        parts = []
        for k, v in fields.items():
            parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                          % (bound, k, v)).encode())
        parts.append(("--%s\r\nContent-Disposition: form-data; name=\"fichier\"; "
                      "filename=\"%s\"\r\nContent-Type: text/csv\r\n\r\n"
                      % (bound, fname)).encode() + content + b"\r\n")
        parts.append(("--%s--\r\n" % bound).encode())
        return self.post("/import", body=b"".join(parts),
                         ctype="multipart/form-data; boundary=" + bound)


def main():
    site = qpsite.Site(qpsite_bin(), since="2026-01-01")
    site.start()
    b = new_browser()
    ui = UI(site, b)
    try:
        run(site, ui)
    except Exception:  # noqa: BLE001 - report and fail
        check("unexpected error", False, traceback.format_exc())
        try:
            ui.shot("import-error")
        except Exception:  # noqa: BLE001
            pass
    finally:
        b.quit()
        site.stop(keep=True)
        bad = []
        for log in ("agent.log", "collector.log"):
            with open(os.path.join(site.root, log), errors="replace") as fh:
                text = fh.read()
            if re.search(r"ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:", text):
                bad.append(log + ":\n" + text[-3000:])
        check("no sanitizer error in the daemons' logs", not bad, "\n".join(bad))
        if not failed:
            shutil.rmtree(site.root, ignore_errors=True)
        else:
            print("# kept " + site.root)
    print("# %d passed, %d failed; screenshots in %s" % (passed, failed, SHOTS))
    return 1 if failed else 0


def qpsite_bin():
    return BIN


def run(site, ui):
    b = ui.b
    with open(SAMPLE, "rb") as f:
        sample = f.read()
    sha = hashlib.sha256(sample).hexdigest()

    # ------------------------------------------------------------ roles
    ui.login("Paul Durand", "direction-secret-1")
    ui.go("/import")
    check("the direction has no import page (403)", "Accès refusé" in ui.text(), ui.text())
    check("the direction's menu has no Import", "Import" not in
          b.find_element(By.CSS_SELECTOR, "header nav").text)
    ui.login("Sofia Benali", "accueil-secret-1")
    ui.go("/import")
    check("the accueil role (it records indicators) has the import form",
          "Importer les délais du mois" in ui.text() and
          b.find_elements(By.NAME, "fichier"), ui.text())

    # ------------------------------------------------------------ dry run
    ui.login("Claire Martin", "raqn-secret-1")
    ui.go("/")
    check("the RAQN's menu links to the import page",
          b.find_element(By.CSS_SELECTOR, "header nav a[href='/import']").text == "Import")
    seq0 = site.next_seq()
    upload(ui, SAMPLE)
    text = ui.text()
    check("the dry run says nothing is recorded yet",
          "Essai à blanc : rien n'est encore enregistré" in text, text)
    check("the dry run names the file, its SHA-256 and encoding as the command does",
          "Fichier : import-S2-FIRST-5WD.csv (SHA-256 %s ; utf-8" % sha in text, text)
    check("the dry run names the rule and the export day",
          "5 jours ouvrables" in text and "au 20/04/2026" in text, text)
    heads = [th.text for th in b.find_elements(By.CSS_SELECTOR, "table.import thead th")]
    check("the table's columns are the command's",
          heads == ["mois", "lignes", "dans le délai", "en retard",
                    "ouverts, pas encore décidables", "rejetées", "taux", "cible"], heads)
    rows = table_rows(b)
    check("March worked by hand: 2 rows, 1 on time, 1 late, 50 %, target missed",
          rows and rows[0] == ["2026-03", "2", "1", "1", "0", "0", "50 %", "90 % (écart)"],
          rows)
    check("April worked by hand: 4 rows, 1 on time, 2 late, 1 open, 33,3 %",
          len(rows) == 2 and
          rows[1] == ["2026-04", "4", "1", "2", "1", "0", "33,3 %", "90 % (écart)"], rows)
    check("the dry run records nothing", site.next_seq() == seq0)
    ui.shot("import-essai")
    cli = site.run(site.agent, "--data", site.a, "import", "delays", "--indicator",
                   "S2-FIRST-5WD", SAMPLE, "--dry-run", "--as-of", "20/04/2026", "--json")
    months = [(m["period"], m["rows"], m["on_time"], m["late"], m["pending"], m["rejected"])
              for m in json.loads(cli)["months"]]
    check("the command's dry run has the same figures",
          months == [("2026-03", 2, 1, 1, 0, 0), ("2026-04", 4, 1, 2, 1, 0)], months)

    # ------------------------------------------------------------ confirm
    token = b.find_element(By.NAME, "jeton").get_attribute("value")
    other = Http(site.url)
    other.login("Claire Martin", "raqn-secret-1")
    code, page, _ = other.post("/import", {"csrf": other.csrf("/import"), "jeton": token,
                                           "sha256": sha, "action": "confirmer"})
    check("the same account from another session cannot confirm this dry run",
          "expiré ou a été remplacé" in page and site.next_seq() == seq0, page[-600:])
    ui.submit(button="button[value=confirmer]")
    msg = ui.flash()
    check("the confirmation records March and April",
          re.search(r"Import S2-FIRST-5WD enregistré : 2026-03 \(n° \d+\) "
                    r"2026-04 \(n° \d+\)\.", msg), msg)
    check("two events were written", site.next_seq() == seq0 + 2)
    ui.shot("import-enregistre")
    ui.go("/indicateurs")
    row = b.find_element(By.XPATH, "//tr[td[1]='S2-FIRST-5WD']")
    cells = [td.text for td in row.find_elements(By.TAG_NAME, "td")]
    check("the indicators page shows 2026: 2 / 5 = 40,0 %",
          cells[4] == "2 / 5" and cells[5] == "40,0 %", cells)
    site.wait_synced()
    evs = [e for e in site.collector_events() if e.get("kind") == "indicator" or
           "indicator" in e]
    got = {}
    for e in evs:
        ind = e.get("indicator") or e
        if ind.get("code") == "S2-FIRST-5WD":
            got[ind.get("period")] = (ind.get("numerator"), ind.get("denominator"),
                                      ind.get("comment", ""), e.get("author"))
    check("the collector has March 1 / 2 and April 1 / 3",
          got.get("2026-03", (0, 0))[:2] == (1, 2) and got.get("2026-04", (0, 0))[:2] == (1, 3),
          got)
    check("the collector's comment names the file's SHA-256",
          all(sha in v[2] for v in got.values()) and got, got)
    check("the values are signed by the account that confirmed",
          all(v[3] == "Claire Martin" for v in got.values()) and got, got)
    code, page, _ = other.post("/import", {"csrf": other.csrf("/import"), "jeton": token,
                                           "sha256": sha, "action": "confirmer"})
    check("a confirmed dry run cannot be confirmed twice",
          "expiré ou a été remplacé" in page, page[-600:])

    # ------------------------------------------------------------ re-import replaces
    upload(ui, SAMPLE)
    ui.submit(button="button[value=confirmer]")
    msg = ui.flash()
    check("a re-import replaces each month's value",
          msg.count("remplace n°") == 2, msg)

    # ------------------------------------------------------------ a rejected row
    tmp = tempfile.mkdtemp(prefix="qp-import.")
    bad = os.path.join(tmp, "doublon.csv")
    with open(bad, "wb") as f:
        f.write(sample + b"S2-201;02/04/2026;09/04/2026\n")
    seq1 = site.next_seq()
    upload(ui, bad)
    text = ui.text()
    check("the rejected row is listed with its line and reason",
          "1 ligne rejetée" in text and "ligne 8 :" in text and "ligne 2" in text, text)
    rows = table_rows(b)
    check("the April row counts the rejected row",
          len(rows) == 2 and rows[1][5] == "1", rows)
    ui.shot("import-rejet")
    ui.submit(button="button[value=confirmer]")
    check("without « sans les lignes rejetées » nothing is recorded",
          "rien n'a été enregistré" in ui.flash() and site.next_seq() == seq1, ui.flash())
    upload(ui, bad)
    b.find_element(By.NAME, "ecarter").click()
    ui.submit(button="button[value=confirmer]")
    check("with the box ticked the months are recorded without it",
          "enregistré" in ui.flash() and site.next_seq() == seq1 + 2, ui.flash())
    shutil.rmtree(tmp, ignore_errors=True)

    # ------------------------------------------------------------ cancel
    seq2 = site.next_seq()
    upload(ui, SAMPLE)
    ui.submit(button="button[value=annuler]")
    check("« Annuler » records nothing",
          "Import annulé" in ui.flash() and site.next_seq() == seq2, ui.flash())

    # ------------------------------------------------------------ tampered SHA-256
    h = Http(site.url)
    h.login("Claire Martin", "raqn-secret-1")
    tok = h.csrf("/import")
    code, page, _ = h.upload({"csrf": tok, "code": "S2-FIRST-5WD", "jour": "20/04/2026"},
                             "a.csv", sample)
    jeton = re.search(r'name="jeton" value="([0-9a-f]+)"', page)
    check("an upload without a browser gets the same dry run",
          code == 200 and jeton and "33,3 %" in page, page[-800:])
    code, page, _ = h.post("/import", {"csrf": tok, "jeton": jeton.group(1),
                                       "sha256": "0" * 64, "action": "confirmer"})
    check("a confirmation naming another SHA-256 is refused, nothing recorded",
          "n'est pas celui de l'essai à blanc" in page and site.next_seq() == seq2, page[-600:])
    code, page, _ = h.upload({"code": "S2-FIRST-5WD", "jour": "20/04/2026"}, "a.csv", sample)
    check("an upload without its CSRF token is refused (403)", code == 403, code)

    # ------------------------------------------------------------ the cap
    big = b"N\xc2\xb0 dossier;Date 1er accueil;Date entretien TS accueil\n" + \
        b"X;02/04/2026;09/04/2026\n" * (33 * 1024 * 1024 // 24)
    code, page, _ = h.upload({"csrf": tok, "code": "S2-FIRST-5WD", "jour": "20/04/2026"},
                             "gros.csv", big)
    check("a file over 32 Mio is refused (413) in French, nothing kept",
          code == 413 and "dépasse la taille acceptée (32 Mio au plus)" in page and
          site.next_seq() == seq2, "%s %s" % (code, page[-400:]))
    tmpdir = os.environ.get("TMPDIR", "/tmp")
    check("no upload file is left with a name in the temporary folder",
          not [n for n in os.listdir(tmpdir) if n.startswith("qp-upload.")])
    with urllib.request.urlopen(site.url + "/healthz", timeout=5) as r:
        check("the agent still answers after the refusal", r.status == 200)
    anon = Http(site.url)
    code, page, _ = anon.upload({"csrf": anon.csrf("/login"), "code": "S2-FIRST-5WD",
                                 "jour": "20/04/2026"}, "a.csv", sample)
    check("an upload without a login is refused", code == 403, code)


if __name__ == "__main__":
    sys.exit(main())
