// The desk page without reloading: when the hub says that what the desk shows has changed (its
// server-sent events, which reach every instance's desks, and name the kiosks whose rows changed),
// those rows are fetched from the hub (the same server-rendered HTML, with the whole list of calls)
// and brought up to date where they stand, so rows never move under a finger and nothing a person
// is using is replaced: a cell that holds the focus or an open "Where is it?" form keeps it, every
// other cell and the list of calls above the table are updated all the same. A new help call is
// announced to screen readers (the live region), shown in the tab's title and heard as a short
// tone. "8 min ago" and "waiting 3 minutes" are kept true by the page's own clock. The whole table
// is fetched when the hub says so, when a kiosk would go out of contact by the clock alone, every
// five minutes in case a change was missed, and every second while the events cannot be had.
// Without JavaScript the page reloads itself every 15 s.
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
  // The calls under way, from the list above the table, which is always whole.
  const calls = (root) => new Map([...root.querySelectorAll("#calls [data-call]")].map((call) => [call.dataset.call, call.dataset.alert]));
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
  // `partial`: the fresh table holds only the rows that changed; the others stay as they are.
  const update = (fresh, partial) => {
    const oldBody = table.querySelector("table.kiosks tbody");
    const freshBody = fresh.querySelector("table.kiosks tbody");
    const oldCalls = table.querySelector("#calls");
    const freshCalls = fresh.querySelector("#calls");
    if (oldCalls && freshCalls && !busy(oldCalls)) oldCalls.replaceChildren(...freshCalls.childNodes);
    // Today's booked times, below the calls, whole in every answer.
    const oldBookings = table.querySelector("#bookings");
    const freshBookings = fresh.querySelector("#bookings");
    if (oldBookings && !busy(oldBookings)) {
      if (freshBookings) oldBookings.replaceWith(freshBookings);
      else oldBookings.remove();
    } else if (!oldBookings && freshBookings && oldCalls) {
      oldCalls.after(freshBookings);
    }
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
    if (!partial) for (const gone of rows.values()) if (!busy(gone)) gone.remove();
  };
  // A kiosk not heard from goes out of contact by the clock alone: the page looks again just
  // after the first row would (each row says in how many milliseconds, from the hub's clock,
  // which the page turns into a time of its own clock when the row arrives). Likewise each text of
  // minutes says how many milliseconds had passed when the hub wrote it.
  const stamp = (root) => {
    const now = Date.now();
    for (const row of root.querySelectorAll("[data-quiet-in]")) row.dataset.quietAt = String(now + Number(row.dataset.quietIn));
    for (const span of root.querySelectorAll("[data-ms]")) span.dataset.from = String(now - Number(span.dataset.ms));
  };
  // The page's words for minutes (data-t-ago-0, -1, -n and the same for waited), in its language.
  const minutes = (kind, ms) => {
    const n = Math.max(0, Math.floor(ms / 60000));
    const text = desk.getAttribute ? desk.getAttribute("data-t-" + kind + "-" + (n === 0 ? "0" : n === 1 ? "1" : "n")) : null;
    return text === null ? null : text.replace("{n}", String(n));
  };
  const tick = () => {
    const now = Date.now();
    for (const span of table.querySelectorAll("[data-from]")) {
      const text = minutes(span.classList.contains("waited") ? "waited" : "ago", now - Number(span.dataset.from));
      if (text !== null && span.textContent !== text) span.textContent = text;
    }
  };
  window.setInterval(tick, 10000);
  let quiet = null;
  const lookWhenQuiet = () => {
    const now = Date.now();
    const waits = [...table.querySelectorAll("[data-quiet-at]")].map((row) => Number(row.dataset.quietAt) - now).filter((n) => n > 0);
    if (quiet) window.clearTimeout(quiet);
    quiet = waits.length > 0 ? window.setTimeout(() => refresh(null), Math.min(...waits) + 500) : null;
  };
  // `only`: the rows to fetch (the kiosks' names in hex, "." between them); null: the whole table.
  const refresh = async (only) => {
    try {
      const url = only ? source + "&only=" + only : source;
      const response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
      if (response.redirected || !response.ok) {
        if (response.redirected) window.location.reload();
        return;
      }
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html").getElementById("kiosks");
      if (!fresh) return;
      const partial = fresh.dataset.partial === "yes";
      // Rows for a table the page does not have yet (the first kiosk was heard from): all of it.
      if (partial && !table.querySelector("table.kiosks tbody")) return refresh(null);
      stamp(fresh);
      // Calls are counted from what the hub said, whatever the page could show of it.
      const now = calls(fresh);
      update(fresh, partial);
      lookWhenQuiet();
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
  stamp(table);
  lookWhenQuiet();
  // Told, not asking: a change event fetches the rows it names. While the events cannot be had (no
  // EventSource, or the hub is away and the browser tries again), the page asks every second.
  let told = false;
  let asking = null;
  const ask = (every) => {
    if (asking) window.clearInterval(asking);
    asking = window.setInterval(() => refresh(null), every);
  };
  if (window.EventSource && eventsAt) {
    const events = new EventSource(eventsAt);
    events.addEventListener("change", (event) => refresh(event.data === "*" ? null : event.data.split(" ").join(".")));
    events.addEventListener("open", () => {
      if (!told) ask(300000);
      told = true;
      desk.dataset.told = "yes";
      refresh(null);
    });
    events.addEventListener("error", () => {
      told = false;
      desk.dataset.told = "no";
      ask(1000);
    });
    ask(300000);
  } else {
    ask(1000);
  }
})();
