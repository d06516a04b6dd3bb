"""``summarizer gold label`` driven by a real headless Chromium (Debian's chromium and
chromium-driver through Selenium, with explicit paths: nothing is downloaded).

The server is the real command, started as a subprocess on a free port of 127.0.0.1. Text is
selected the way a person's selection ends up in the DOM (a Range over the page's text nodes,
with the browser's UTF-16 offsets) and the page's own mouseup handler turns it into evidence.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from summarizer.evaluation._gold import load_gold
from tests.support.common import ROOT

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

EMOJI_TEXT = "Fun day 😀🎉 for all. The council approved the budget on Monday.\nThe end.\n"
CRLF_TEXT = "First line here.\r\nThe vote was 7 to 2, the clerk said.\r\nThird line.\r\n"
HOSTILE_TEXT = (
    "</textarea></script><script>window.pwned = 1</script><img src=x onerror=window.pwned=2> "
    "The mayor said the plan works & costs less.\n"
)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("label")
    docs = root / "gold" / "documents"
    docs.mkdir(parents=True)
    (docs / "emoji.txt").write_bytes(EMOJI_TEXT.encode())
    (docs / "crlf.txt").write_bytes(CRLF_TEXT.encode())
    outside = root / "elsewhere"
    outside.mkdir()
    (outside / "hostile.txt").write_bytes(HOSTILE_TEXT.encode())
    (root / "secret.txt").write_text("not to be served")
    return root


@pytest.fixture(scope="module")
def server(workspace: Path) -> Iterator[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "summarizer", "gold", "label",
               str(workspace / "gold" / "documents"), str(workspace / "elsewhere" / "hostile.txt"),
               "--gold", str(_gold(workspace)), "--port", "0"]  # fmt: skip
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)  # fmt: skip
    assert process.stdout is not None
    line = process.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:\d+/", line)
    if match is None:
        process.kill()
        raise AssertionError(f"no URL: {line!r} {process.stderr.read() if process.stderr else ''}")
    try:
        yield match.group(0).rstrip("/")
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if CHROMIUM is None or CHROMEDRIVER is None:
        pytest.fail("the label app test needs Debian's chromium and chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--window-size=1400,1000"):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def _gold(workspace: Path) -> Path:
    return workspace / "gold" / "gold.jsonl"


def _record(workspace: Path, doc_id: str) -> dict[str, Any]:
    for line in _gold(workspace).read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["id"] == doc_id:
            return record  # type: ignore[no-any-return]
    raise AssertionError(f"{doc_id} not in the gold file")


SELECT = """
const [needle, occurrence] = arguments;
const box = document.getElementById('text');
const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
let text = '', nodes = [];
while (walker.nextNode()) {
  nodes.push([walker.currentNode, text.length]);
  text += walker.currentNode.data;
}
let at = -1;
for (let i = 0; i <= occurrence; i++) at = text.indexOf(needle, at + 1);
const end = at + needle.length;
const place = (pos) => {
  for (const [node, base] of nodes) if (pos <= base + node.data.length) return [node, pos - base];
};
const range = document.createRange();
range.setStart(...place(at)); range.setEnd(...place(end));
const selection = window.getSelection(); selection.removeAllRanges(); selection.addRange(range);
box.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
return at;
"""


def _select(driver: Any, needle: str) -> int:
    """Select ``needle`` in the document pane as a mouse drag would; return its UTF-16 index."""
    return int(driver.execute_script(SELECT, needle, 0))


def _wait_message(driver: Any, expected: str) -> str:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 10).until(lambda d: expected in d.find_element("id", "message").text)
    return str(driver.find_element("id", "message").text)


def _label(driver: Any, text: str, kind: str, who: str, needles: list[str]) -> None:
    from selenium.webdriver.support.ui import Select

    driver.find_element("id", "add-claim").click()
    claim = driver.find_elements("css selector", "li.claim")[-1]
    claim.find_element("css selector", ".claim-text").send_keys(text)
    Select(claim.find_element("css selector", ".claim-kind")).select_by_value(kind)
    claim.find_element("css selector", ".claim-attribution").send_keys(who)
    for needle in needles:
        _select(driver, needle)


def _summary(driver: Any, summary: str, points: str) -> None:
    driver.find_element("id", "summary").send_keys(summary)
    driver.find_element("id", "key-points").send_keys(points)


def test_emoji_document_offsets_survive_save_and_reload(
    server: str, browser: Any, workspace: Path
) -> None:
    browser.get(f"{server}/doc/emoji")
    needle = "The council approved the budget on Monday."
    _label(browser, "The council approved the budget on Monday.", "fact", "council", [])
    utf16 = _select(browser, needle)
    _summary(browser, "The council approved the budget.", "budget approved\nvote on Monday\nend")
    browser.find_element("id", "save-done").click()
    _wait_message(browser, "saved (done)")

    start = EMOJI_TEXT.index(needle)
    assert utf16 == start + 2  # two emoji: two UTF-16 units more than code points before it
    record = _record(workspace, "emoji")
    assert record["source_path"] == "documents/emoji.txt"
    assert record["status"] == "done"
    claim = record["claims"][0]
    assert claim["kind"] == "fact" and claim["attributed_to"] == "council"
    assert claim["evidence"] == [{"quote": needle, "start": start, "end": start + len(needle)}]
    loaded = {d.id: d for d in load_gold(_gold(workspace)).documents}["emoji"]
    span = loaded.claims[0].evidence[0]
    assert loaded.source_text[span.start : span.end] == span.quote

    browser.refresh()
    text = browser.find_element("css selector", "li.claim .claim-text").get_attribute("value")
    assert text == "The council approved the budget on Monday."
    assert browser.find_element("css selector", "#text .hl-current").text == needle


def test_crlf_document_keeps_its_offsets(server: str, browser: Any, workspace: Path) -> None:
    browser.get(f"{server}/doc/crlf")
    needle = "The vote was 7 to 2"
    across = "here.\r\nThe vote"
    _label(browser, "The vote was 7 to 2.", "statistic", "clerk", [needle, across])
    _summary(browser, "A vote was held.", "seven to two\nclerk\nthird")
    browser.find_element("id", "save-draft").click()
    _wait_message(browser, "saved (draft)")

    record = _record(workspace, "crlf")
    assert record["status"] == "draft"
    spans = record["claims"][0]["evidence"]
    assert {(s["start"], s["end"], s["quote"]) for s in spans} == {
        (CRLF_TEXT.index(needle), CRLF_TEXT.index(needle) + len(needle), needle),
        (CRLF_TEXT.index(across), CRLF_TEXT.index(across) + len(across), across),
    }
    for span in spans:
        assert CRLF_TEXT[span["start"] : span["end"]] == span["quote"]
    assert [d.status for d in load_gold(_gold(workspace)).documents if d.id == "crlf"] == ["draft"]


def test_validation_error_is_shown_by_the_field_and_keeps_the_text(
    server: str, browser: Any, workspace: Path
) -> None:
    browser.get(f"{server}/doc/hostile")
    _label(browser, "A claim I typed with no evidence yet", "opinion", "mayor", [])
    browser.find_element("id", "summary").send_keys("My summary draft.")
    browser.find_element("id", "save-done").click()
    _wait_message(browser, "not saved")
    error = browser.find_element("css selector", '[data-error-for="claims.0.evidence"]')
    assert "at least 1" in error.text
    claim = browser.find_element("css selector", "li.claim .claim-text")
    assert claim.get_attribute("value") == "A claim I typed with no evidence yet"
    assert browser.find_element("id", "summary").get_attribute("value") == "My summary draft."
    gold = _gold(workspace)  # absent when this test runs alone: nothing was ever saved
    assert not gold.exists() or "hostile" not in gold.read_text(encoding="utf-8")


def test_hostile_document_is_shown_as_text_not_run(server: str, browser: Any) -> None:
    browser.get(f"{server}/doc/hostile")
    assert browser.execute_script("return window.pwned === undefined")
    shown = browser.find_element("id", "text").text
    assert "</textarea></script><script>window.pwned = 1</script>" in shown
    raw = _http(server, "GET", "/doc/hostile")[1]
    assert "<script>window.pwned" not in raw and "<img src=x" not in raw


def test_a_stale_second_tab_is_refused(server: str, browser: Any, workspace: Path) -> None:
    url = f"{server}/doc/crlf"
    browser.get(url)
    first = browser.current_window_handle
    browser.switch_to.new_window("tab")
    browser.get(url)
    browser.find_element("id", "summary").send_keys(" Second tab.")
    browser.find_element("id", "save-draft").click()
    _wait_message(browser, "saved")
    saved = _gold(workspace).read_text(encoding="utf-8")
    browser.close()
    browser.switch_to.window(first)
    browser.find_element("id", "summary").send_keys(" First tab.")
    browser.find_element("id", "save-draft").click()
    message = _wait_message(browser, "not saved")
    assert "another tab" in message
    assert _gold(workspace).read_text(encoding="utf-8") == saved
    assert "Second tab." in _record(workspace, "crlf")["summary"]
    assert browser.find_element("id", "summary").get_attribute("value").endswith("First tab.")


def _http(
    server: str, method: str, path: str, body: bytes | None = None, **headers: str
) -> tuple[int, str]:
    """One raw request (the Host, Origin and token headers exactly as given)."""
    host, port = server.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request(
            method, path, body=body, headers={k.replace("_", "-"): v for k, v in headers.items()}
        )
        answer = connection.getresponse()
        return answer.status, answer.read().decode("utf-8", "replace")
    finally:
        connection.close()


def _token(server: str) -> str:
    page = _http(server, "GET", "/")[1]
    match = re.search(r'name="label-token" content="([^"]+)"', page)
    assert match is not None
    return match.group(1)


def test_a_save_without_the_token_or_from_elsewhere_is_refused(
    server: str, workspace: Path
) -> None:
    before = _gold(workspace).read_bytes() if _gold(workspace).exists() else b""
    body = json.dumps(
        {"version": "", "status": "done", "summary": "", "key_points": [], "claims": []}
    ).encode()
    url = "/api/doc/hostile"
    token = _token(server)
    port = server.rsplit(":", 1)[1]
    as_json = {"content_type": "application/json"}
    evil = "http://evil.example"
    refused = [
        _http(server, "POST", url, body, **as_json),
        _http(server, "POST", url, body, x_label_token="guess", **as_json),
        _http(server, "POST", url, body, x_label_token=token, origin=evil, **as_json),
        _http(
            server, "POST", url, body, x_label_token=token, host=f"evil.example:{port}", **as_json
        ),
        _http(server, "POST", url, body, x_label_token=token, content_type="text/plain"),
    ]
    assert [status for status, _ in refused] == [403, 403, 403, 421, 415]
    assert _http(server, "GET", "/", host="rebound.example")[0] == 421
    after = _gold(workspace).read_bytes() if _gold(workspace).exists() else b""
    assert after == before
    status, answer = _http(server, "POST", url, body, x_label_token=token, **as_json)
    assert status == 422, answer  # past the guard: now the record's own rules answer
    assert json.loads(answer)["field"] == "summary"
    assert (_gold(workspace).read_bytes() if _gold(workspace).exists() else b"") == before


@pytest.mark.parametrize(
    "path",
    [
        "/doc/..%2F..%2Fsecret",
        "/doc/%2e%2e%2fsecret.txt",
        "/doc/secret",
        "/static/..%2F..%2F..%2Fsecret.txt",
        "/static/../_app.py",
        "/doc/documents%2Femoji.txt",
    ],
)
def test_no_path_from_the_url_reaches_the_file_system(server: str, path: str) -> None:
    status, text = _http(server, "GET", path)
    assert status == 404
    assert "not to be served" not in text and "import" not in text


def test_prefilled_claims_are_proposed_until_accepted(tmp_path: Path, browser: Any) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "emoji.txt").write_bytes(EMOJI_TEXT.encode())
    quote = "The council approved the budget on Monday."
    start = EMOJI_TEXT.index(quote)
    evidence = {"quote": quote, "start": start, "end": start + len(quote), "alignment": "exact",
                "score": 1.0}  # fmt: skip
    claims = [
        {"text": "The council approved the budget.", "kind": "fact", "evidence": [evidence]},
        {"text": "Invented.", "kind": "fact", "evidence": [{**evidence, "start": 0, "end": 42}]},
    ]
    meta = {"model": "m", "backend": "b", "mode": "tools", "evidence_mode": "quote",
            "template": {"name": "default", "sha256": "0" * 64}}  # fmt: skip
    points = ["budget", "Monday", "council"]
    result = {"title": "t", "summary": "The council approved the budget.",
              "key_points": points, "claims": claims, "meta": meta}  # fmt: skip
    results = tmp_path / "results.jsonl"
    results.write_text(json.dumps({"id": str(docs / "emoji.txt"), "result": result}) + "\n")
    gold = tmp_path / "gold.jsonl"
    command = [sys.executable, "-m", "summarizer", "gold", "label", str(docs), "--gold", str(gold),
               "--prefill", str(results), "--port", "0"]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        url = re.search(r"http://\S+/", process.stdout.readline())
        assert url is not None
        browser.get(f"{url.group(0)}doc/emoji")
        cards = browser.find_elements("css selector", "li.claim")
        assert len(cards) == 2 and all(c.find_elements("css selector", ".proposed") for c in cards)
        assert cards[0].find_element("css selector", "ul.evidence q").text == quote
        assert "no evidence yet" in cards[1].text  # the offsets did not match the quote
        browser.find_element("id", "save-done").click()
        _wait_message(browser, "")
        error = browser.find_element("css selector", '[data-error-for="claims.0"]')
        assert "accept or delete" in error.text and not gold.exists()
        cards[0].find_element("css selector", ".accept").click()
        browser.find_elements("css selector", "li.claim")[1].find_element(
            "css selector", ".delete"
        ).click()
        browser.find_element("id", "save-done").click()
        _wait_message(browser, "saved (done)")
    finally:
        process.terminate()
        process.wait(timeout=10)
    saved = load_gold(gold).documents[0]
    assert [c.text for c in saved.claims] == ["The council approved the budget."]
    assert saved.claims[0].evidence[0].start == start


def test_a_real_double_click_selection_becomes_evidence(server: str, browser: Any) -> None:
    """No scripted Range: the browser's own word selection, and the page's mouseup handler."""
    from selenium.webdriver.common.action_chains import ActionChains

    browser.get(f"{server}/doc/crlf")
    browser.find_element("id", "add-claim").click()
    target = browser.find_elements("css selector", "#text span")[-1]
    ActionChains(browser).double_click(target).perform()
    item = browser.find_elements("css selector", "li.claim")[-1]
    quote = item.find_element("css selector", "ul.evidence q").text
    where = item.find_element("css selector", "ul.evidence small").text
    start, end = (int(n) for n in re.findall(r"\d+", where))
    assert quote.strip() and CRLF_TEXT[start:end] == quote
