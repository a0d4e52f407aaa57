// The desk page without reloading: when the hub says that what the desk shows has changed (its
// server-sent events, which reach every instance's desks), the kiosk table is fetched again from
// the hub (the same server-rendered HTML) and each kiosk's row is brought up to date where it stands, so
// rows never move under a finger and nothing a person is using is replaced: a cell that holds the
// focus or an open "Where is it?" form keeps it, every other cell and the list of calls above the
// table are updated all the same. A new help call is announced to screen readers (the live
// region), shown in the tab's title and heard as a short tone. The table is also fetched when a
// kiosk would go out of contact by the clock alone, every 30 s for the minutes since each was
// heard, and every second while the events cannot be had. Without JavaScript the page reloads
// itself every 15 s.
"use strict";
(function () {
  const table = document.getElementById("kiosks");
  const announcer = document.getElementById("announcer");
  if (!table || !announcer) return;
  const title = document.title;
  // The desk's own table, or a wall display's (its link instead of a session).
  const desk = document.getElementById("desk") || { dataset: {} };
  const source = desk.dataset.source || "/kiosks?fragment=1";
  const eventsAt = desk.dataset.events || "";
  let audio = null;
  // Browsers let a page make sound only after a touch or key: the first one prepares the tone.
  const prepare = () => {
    if (!audio && window.AudioContext) audio = new AudioContext();
    if (audio && audio.state === "suspended") audio.resume();
  };
  document.addEventListener("click", prepare);
  document.addEventListener("keydown", prepare);
  const tone = () => {
    if (!audio) return;
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = 880;
    gain.gain.value = 0.25;
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start();
    oscillator.stop(audio.currentTime + 0.5);
  };
  const calls = (root) => new Map([...root.querySelectorAll("[data-help-alert]")].map((row) => [row.dataset.kiosk, row.dataset.helpAlert]));
  let known = calls(table);
  const show = (count) => {
    document.title = count > 0 ? "(" + count + ") " + title : title;
  };
  show(known.size);
  // Someone is using this part of the page: it has the focus or an open form.
  const busy = (node) => node.contains(document.activeElement) || node.querySelector("details[open]") !== null;
  const copyAttributes = (from, to) => {
    for (const name of to.getAttributeNames()) if (!from.hasAttribute(name)) to.removeAttribute(name);
    for (const name of from.getAttributeNames()) to.setAttribute(name, from.getAttribute(name));
  };
  // One kiosk's row brought up to date, cell by cell, skipping a cell in use.
  const updateRow = (row, fresh) => {
    copyAttributes(fresh, row);
    const cells = [...row.children];
    [...fresh.children].forEach((cell, i) => {
      const old = cells[i];
      if (!old) row.append(cell);
      else if (!busy(old) && old.innerHTML !== cell.innerHTML) {
        copyAttributes(cell, old);
        old.replaceChildren(...cell.childNodes);
      }
    });
  };
  const update = (fresh) => {
    const oldBody = table.querySelector("tbody");
    const freshBody = fresh.querySelector("tbody");
    const oldCalls = table.querySelector("#calls");
    const freshCalls = fresh.querySelector("#calls");
    if (oldCalls && freshCalls && !busy(oldCalls)) oldCalls.replaceChildren(...freshCalls.childNodes);
    if (!oldBody || !freshBody) {
      // The first kiosk was heard from (or the last one went): the table itself changes.
      if (!busy(table)) table.replaceChildren(...fresh.childNodes);
      return;
    }
    const rows = new Map([...oldBody.rows].map((row) => [row.dataset.kiosk, row]));
    for (const row of [...freshBody.rows]) {
      const old = rows.get(row.dataset.kiosk);
      rows.delete(row.dataset.kiosk);
      if (old) updateRow(old, row);
      else oldBody.append(row);
    }
    for (const gone of rows.values()) if (!busy(gone)) gone.remove();
  };
  // A kiosk not heard from goes out of contact by the clock alone: the page looks again just
  // after the first row would (the table says in how many milliseconds, from the hub's clock).
  let quiet = null;
  const lookWhenQuiet = (root) => {
    const waits = [...root.querySelectorAll("[data-quiet-in]")].map((row) => Number(row.dataset.quietIn)).filter((n) => n > 0);
    if (quiet) window.clearTimeout(quiet);
    quiet = waits.length > 0 ? window.setTimeout(refresh, Math.min(...waits) + 500) : null;
  };
  const refresh = async () => {
    try {
      const response = await fetch(source, { credentials: "same-origin", cache: "no-store" });
      if (response.redirected || !response.ok) {
        if (response.redirected) window.location.reload();
        return;
      }
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html").getElementById("kiosks");
      if (!fresh) return;
      // Calls are counted from what the hub said, whatever the page could show of it.
      const now = calls(fresh);
      update(fresh);
      lookWhenQuiet(fresh);
      const news = [...now.entries()].filter(([kiosk]) => !known.has(kiosk)).map(([, alert]) => alert);
      if (news.length > 0) {
        announcer.textContent = news.join(". ");
        tone();
      }
      known = now;
      show(now.size);
    } catch (_) {
      // The hub is unreachable for a moment: the next round tries again.
    }
  };
  lookWhenQuiet(table);
  // Told, not asking: a change event fetches the table. While the events cannot be had (no
  // EventSource, or the hub is away and the browser tries again), the page asks every second.
  let told = false;
  let asking = null;
  const ask = (every) => {
    if (asking) window.clearInterval(asking);
    asking = window.setInterval(refresh, every);
  };
  if (window.EventSource && eventsAt) {
    const events = new EventSource(eventsAt);
    events.addEventListener("change", refresh);
    events.addEventListener("open", () => {
      if (!told) ask(30000);
      told = true;
      desk.dataset.told = "yes";
      refresh();
    });
    events.addEventListener("error", () => {
      told = false;
      desk.dataset.told = "no";
      ask(1000);
    });
    ask(30000);
  } else {
    ask(1000);
  }
})();
