#!/usr/bin/python3
"""Browser tests of the central team's web interface on the collector
(issue #15): a real chromium (headless, selenium, JavaScript off) against a
real qp-collector serving [web] and a real qp-agent that synced records.
The central quality team logs in, records a central action, an audit and a
finding that opens an action, sees that action in the table and closes the
first one; a reader (lecture) sees no form. Screenshots land in QP_SHOTS.

Uses the browser helpers of test_web.py (the agent's browser test)."""
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import traceback
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qpsite  # noqa: E402
import test_web as tw  # noqa: E402  (exits 77 when chromium or selenium is missing)
from selenium.webdriver.common.by import By  # noqa: E402

CENTRAL_USERS = [("Nadia Haddad", "qualite", "qualite-secret-1"),
                 ("Marc Petit", "lecture", "lecture-secret-1")]


def check(desc, cond, detail=""):
    return tw.check(desc, cond, detail)


class Central(tw.UI):
    """The UI helpers, pointed at the collector's web interface."""

    def __init__(self, site, browser, url):
        super().__init__(site, browser)
        self.url = url

    def go(self, path):
        self.b.get(self.url + path)

    def open_details(self, summary_text):
        for s in self.b.find_elements(By.TAG_NAME, "summary"):
            if summary_text in s.text:
                s.click()
                return s.find_element(By.XPATH, "..")
        raise AssertionError("no <summary> " + summary_text)


def setup_central(site):
    port = qpsite.free_port()
    ini = os.path.join(site.c, "collector.ini")
    with open(ini, "a") as f:
        f.write("\n[web]\nlisten = 127.0.0.1:%d\n" % port)
    for name, role, secret in CENTRAL_USERS:
        pw = os.path.join(site.root, "pw")
        with open(pw, "w") as f:
            f.write(secret + "\n")
        site.run(site.collector, "--data", site.c, "user", "add", name, "--role", role,
                 "--password-file", pw)
        os.unlink(pw)
    return "http://127.0.0.1:%d" % port


def main():
    site = qpsite.Site(tw.BIN)
    url = setup_central(site)
    site.start()
    qpsite.wait_for("the central web interface", lambda: urllib.request.urlopen(
        url + "/healthz", timeout=2).status == 200)
    b = tw.new_browser()
    ui = Central(site, b, url)
    try:
        run(site, ui)
    except Exception:  # noqa: BLE001 - report and fail
        tw.not_ok("unexpected error", traceback.format_exc())
        try:
            ui.shot("centre-error")
        except Exception:  # noqa: BLE001
            pass
    finally:
        b.quit()
        site.stop(keep=True)
        with open(os.path.join(site.root, "collector.log"), errors="replace") as fh:
            text = fh.read()
        check("no sanitizer error in the collector's log",
              not re.search(r"ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:", text),
              text[-3000:])
        if not tw.failed:
            shutil.rmtree(site.root, ignore_errors=True)
        else:
            print("# kept " + site.root)
    print("# %d passed, %d failed; screenshots in %s" % (tw.passed, tw.failed, tw.SHOTS))
    return 1 if tw.failed else 0


def run(site, ui):
    b = ui.b
    year = datetime.date.today().year
    # A site's records reach the centre first: 16 default checks + 3 values.
    for m in (1, 2, 3):
        site.run(site.agent, "--data", site.a, "indicator", "set", "N7-CALLS-25S",
                 "%d-%02d" % (year, m), str(80 + m), "100")
    site.wait_synced()

    ui.go("/actions")
    check("a page needs a session: /actions goes to /login", "/login" in b.current_url)
    check("... the login page names the centre", "QualiPARIS · centre" in ui.text())
    ui.login("Nadia Haddad", "qualite-secret-1")
    ui.go("/")
    t = ui.text()
    check("the network page lists eps-05", "eps-05" in t, t)
    row = b.find_element(By.XPATH, "//tr[.//strong[text()='eps-05']]")
    cells = [c.text for c in row.find_elements(By.TAG_NAME, "td")]
    check("... received up to 19, 19 events, no lag, no refusal, enrolled",
          cells[2:] == ["19", "19", "0", "0", "inscrit"], repr(cells))
    check("... its last contact is a French date", re.search(r"\d\d/\d\d/\d{4} à \d\d:\d\d",
                                                            cells[1]) is not None, cells[1])
    ui.shot("centre-reseau")

    # ---------------------------------------------------------------- central action
    ui.go("/actions")
    form = ui.open_details("Ajouter une action centrale")
    ui.fill("titre", "Harmoniser la trame des revues locales", form)
    ui.fill("engagement", "SMQ10", form)
    ui.fill("origine", "annual-review", form)
    ui.fill("responsable", "Pôle qualité", form)
    ui.fill("echeance", "30/06/%d" % year, form)
    ui.shot("centre-action-saisie")
    ui.submit(form.find_element(By.TAG_NAME, "form"))
    check("recording a central action says so", "Action C-1 enregistrée." in ui.flash(),
          ui.flash())
    row = b.find_element(By.ID, "C-1")
    check("... C-1 is in the table with its due date and status",
          "Harmoniser la trame des revues locales" in row.text and
          "30/06/%d" % year in row.text and "à faire" in row.text, row.text)

    # ---------------------------------------------------------------- audit and finding
    ui.go("/audits")
    form = ui.open_details("Enregistrer un audit")
    ui.fill("site", "eps-05", form)
    ui.fill("type", "internal", form)
    ui.fill("date", "12/03/%d" % year, form)
    ui.fill("auditeur", "Sophie Lambert (audit croisé)", form)
    ui.submit(form.find_element(By.TAG_NAME, "form"))
    check("recording an audit says so", "Audit AU-1 enregistré." in ui.flash(), ui.flash())
    h2 = b.find_element(By.ID, "AU-1")
    check("... AU-1 is listed in French", "audit interne · eps-05 · 12/03/%d" % year in h2.text,
          h2.text)
    form = ui.open_details("Ajouter un constat à AU-1")
    ui.fill("type", "nc-minor", form)
    ui.fill("engagement", "N7", form)
    ui.fill("texte", "Le taux de décroché n'est pas affiché à l'accueil", form)
    form.find_element(By.NAME, "action").click()
    ui.fill("responsable", "Direction eps-05", form)
    ui.fill("echeance", "31/05/%d" % year, form)
    ui.shot("centre-constat-saisie")
    ui.submit(form.find_element(By.TAG_NAME, "form"))
    check("the finding opens an action, and says which",
          "Constat 1 de AU-1 enregistré ; action C-2 ouverte." in ui.flash(), ui.flash())
    link = b.find_element(By.LINK_TEXT, "C-2")
    cell = link.find_element(By.XPATH, "..")
    check("... the audit shows the finding's action and its status", "C-2 (à faire)" in cell.text,
          cell.text)
    ui.shot("centre-audits")
    link.click()
    row = b.find_element(By.ID, "C-2")
    check("... and C-2 is in the central action table, titled by the finding",
          "Le taux de décroché n'est pas affiché à l'accueil" in row.text and
          "Audit interne" in row.text and "Constat 1 de l'audit AU-1" in row.text, row.text)

    # close C-1
    form = b.find_element(By.XPATH, "//tr[@id='C-1']//form")
    ui.fill("statut", "done", form)
    ui.fill("note", "Trame envoyée aux 17 sites", form)
    ui.submit(form)
    row = b.find_element(By.ID, "C-1")
    check("C-1 closed (réalisée) with its note", "réalisée" in row.text and
          "Trame envoyée aux 17 sites" in row.text, row.text)
    ui.shot("centre-actions")

    # campaign result
    ui.go("/campagnes")
    form = ui.open_details("Saisir un résultat")
    ui.fill("campagne", "mystery-calls", form)
    ui.fill("site", "eps-05", form)
    ui.fill("reussis", "17", form)
    ui.fill("total", "20", form)
    ui.submit(form.find_element(By.TAG_NAME, "form"))
    t = ui.text()
    check("a campaign result is recorded and listed: 17 / 20, 85,0 %",
          "17 / 20" in t and "85,0 %" in t and "appels mystère" in t, t)

    # the commands see what the forms wrote
    acts = json.loads(site.run(site.collector, "--data", site.c, "action", "list", "--json"))
    got = ["%s|%s|%s" % (a["id"], a["status"], a["author"]) for a in acts["actions"]]
    check("qp-collector action list: C-1 done, C-2 todo, both by the account",
          got == ["C-1|done|Nadia Haddad", "C-2|todo|Nadia Haddad"], repr(got))
    audits = json.loads(site.run(site.collector, "--data", site.c, "audit", "list", "--json"))
    f = audits["audits"][0]["findings"][0]
    check("qp-collector audit list: the finding is linked to C-2",
          (f["kind"], f["engagement"], f["action"]) == ("nc-minor", "N7", "C-2"), repr(f))

    # review, catalogue, planning, downloads
    ui.go("/revue")
    check("the review page gives the year's figures",
          "Sites atteignant toutes leurs cibles" in ui.text(), ui.text())
    b.find_element(By.LINK_TEXT, "Lire la revue").click()
    check("... and the review itself opens", "Revue annuelle centrale" in ui.text())
    ui.shot("centre-revue")
    ui.go("/catalogue")
    check("the catalogue lists N7-CALLS-25S with its target", "N7-CALLS-25S" in ui.text())
    site.run(site.collector, "--data", site.c, "planning", "generate", "--year", str(year))
    ui.go("/planning")
    check("the planning page lists the generated year",
          "Planning qualité %d" % year in ui.text() and "calendrier (iCalendar)" in ui.text())
    ui.shot("centre-planning")

    # a reader: everything to read, no form
    ui.login("Marc Petit", "lecture-secret-1")
    ui.go("/actions")
    check("lecture sees the table", len(b.find_elements(By.ID, "C-2")) == 1)
    check("... but no add form and no update form",
          not b.find_elements(By.CSS_SELECTOR, "main form[method=post]"))
    b.set_window_size(390, 844)
    ui.go("/")
    ui.shot("centre-reseau-telephone")
    ui.go("/telechargements")
    check("the downloads page lists the review, the slides and the planning",
          all(s in ui.text() for s in ("revue-%d.html" % year, "revue-%d-diaporama.html" % year,
                                       "planning-%d.ics" % year)))
    ui.shot("centre-telechargements-telephone")


if __name__ == "__main__":
    sys.exit(main())
